//! Code generation. Takes only a validated input; cannot fail. The expansion is one call per
//! field into `responses::__private`, with constants for everything checked during
//! expansion (status, header names and values, content-type, charset).
//!
//! Hygiene: generated locals (`__responses_builder`, `__responses_f0`…) use mixed-site spans, so that they
//! clash with nothing of the user's and work when the derive is used inside a
//! `macro_rules!`; `self` and paths use the call site. Spans that should point at a field
//! for type errors are the call site *located at* the field's tokens.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens as _, format_ident, quote, quote_spanned};
use syn::Ident;
use syn::spanned::Spanned;

mod fallback;
mod generics;
pub(crate) mod json_writer;
mod openapi;
mod proxy;
mod serde_names;

pub(crate) use self::fallback::fallback;
use self::generics::field_bounds;
use self::proxy::{proxy_struct, proxy_value};
use crate::ast::{Body, Field, Unit};
use crate::attr::{Charset, Role};
use crate::literal::{self, Codec};
use crate::paths::Runtime;
use crate::plan::{BodyPlan, Mode, Plan, Validated};

/// A generated local, mixed-site, reported at `at`.
fn local(name: &str, at: Span) -> Ident {
    Ident::new(name, Span::mixed_site().located_at(at))
}

/// `&value`, reported at `at` (so that a type error about it points at the field).
fn borrow(value: &Ident, at: Span) -> TokenStream {
    let at = Span::call_site().located_at(at);
    quote_spanned!(at=> &#value)
}

/// `self`, resolved at the call site but reported at `at`.
fn this(at: Span) -> Ident {
    Ident::new("self", Span::call_site().located_at(at))
}

/// Everything one struct or variant needs to generate its code.
struct Ctx<'a> {
    rt: &'a Runtime,
    input: &'a syn::DeriveInput,
    plan: &'a Plan,
    unit: &'a Unit<'a>,
    /// The path in patterns: the struct's name or `Self::Variant`.
    path: TokenStream,
    /// The name of this unit's generated JSON body struct.
    proxy: Ident,
    /// serde's `rename_all` rule of this unit's fields: the struct's, or the variant's
    /// (else the enum's `rename_all_fields`).
    rename_all: Option<String>,
    /// For a body of fields that the derive writes itself (a proxy unit's fields, or a
    /// whole struct's): the writer; `None` when serde writes it.
    json_writer: Option<TokenStream>,
}

/// The `impl IntoHttp` for a validated input.
pub(crate) fn derive(v: &Validated<'_>, rt: &Runtime) -> TokenStream {
    let input = v.input.original;
    let ident = &input.ident;
    let mut generics = input.generics.clone();
    let units: Vec<(&Unit<'_>, TokenStream, Option<String>)> = match &v.input.data {
        Body::Struct(unit) => vec![(
            unit,
            quote!(#ident),
            serde_names::struct_rename_all(&input.attrs),
        )],
        Body::Enum(variants) => variants
            .iter()
            .map(|variant| {
                let vident = &variant.original.ident;
                (
                    &variant.unit,
                    quote!(Self::#vident),
                    serde_names::variant_rename_all(&input.attrs, &variant.original.attrs),
                )
            })
            .collect(),
    };
    let mut contexts: Vec<Ctx<'_>> = units
        .into_iter()
        .zip(&v.plans)
        .enumerate()
        .map(|(i, ((unit, path, rename_all), plan))| Ctx {
            rt,
            input,
            plan,
            unit,
            path,
            proxy: format_ident!("__ResponseBody{}", i),
            rename_all,
            json_writer: None,
        })
        .collect();
    for cx in &mut contexts {
        cx.json_writer = json_writer::body_writer(cx);
    }

    let mut proxies = Vec::new();
    let mut bounds = field_bounds(v, rt);
    for cx in &contexts {
        if matches!(cx.plan.body, BodyPlan::Proxy) && cx.json_writer.is_none() {
            let (decl, bound) = proxy_struct(cx);
            proxies.push(decl);
            bounds.extend(bound);
        }
    }
    if !bounds.is_empty() {
        generics.make_where_clause().predicates.extend(bounds);
    }
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();

    let body = match &v.input.data {
        Body::Struct(_) => unit_body(&contexts[0], None),
        Body::Enum(_) => {
            let arms = contexts.iter().map(variant_arm);
            quote! {
                match self {
                    #(#arms)*
                }
            }
        }
    };
    let into_http = rt.trait_into_http();
    let http_result = rt.item("HttpResult");
    let framework_impls = rt.framework_impls();
    let openapi_impls = rt.openapi_impls();
    let docs: Vec<String> = match &v.input.data {
        Body::Struct(_) => vec![doc_comment(&input.attrs)],
        Body::Enum(variants) => variants
            .iter()
            .map(|variant| doc_comment(&variant.original.attrs))
            .collect(),
    };
    // `openapi = false`: the type's OpenAPI traits are its author's.
    let openapi = if v.input.attrs.openapi == Some(false) {
        TokenStream::new()
    } else {
        let openapi_units = openapi::units(&contexts, &docs);
        quote!(#openapi_impls!([#impl_generics] [#ident #ty_generics] [#where_clause] #openapi_units);)
    };
    let json_write = json_writer::json_write_impl(v, &contexts, &impl_generics, &where_clause);
    // `#[endpoint(response_class = ThisType)]`: made from the handler's value (the type
    // itself, or for a newtype generic over its body, any content), with the endpoint's
    // status if it gives one.
    let endpoint_class = rt.endpoint_class();
    let extras = rt.extras();
    let from_content = rt.trait_from_content();
    let class_impls = match content_class(v) {
        Some((param, member)) => {
            let content = Ident::new("__ResponsesContent", Span::mixed_site());
            let mut with_content = generics.clone();
            with_content.params.push(syn::parse_quote!(#content));
            // What the type declares of `T` holds of the content too (`CustomJson<C>` must
            // be a type), then the content must make one.
            let declared = declared_bounds(&v.input.original.generics, param);
            let predicates = &mut with_content.make_where_clause().predicates;
            if !declared.is_empty() {
                predicates.push(syn::parse_quote!(#content: #declared));
            }
            predicates
                .push(syn::parse_quote!(#ident<#content>: #from_content<#content> + #into_http));
            let (class_generics, _, class_where) = with_content.split_for_impl();
            quote! {
                #[automatically_derived]
                impl #impl_generics #from_content<#param> for #ident #ty_generics #where_clause {
                    fn from_content(content: #param) -> Self {
                        Self { #member: content }
                    }
                }

                #[automatically_derived]
                impl #class_generics #endpoint_class<#content> for #ident #ty_generics #class_where {
                    type Response = #extras<#ident<#content>>;
                }
            }
        }
        // Made from itself: the runtime's `FromContent<R> for R`.
        None => quote! {
            #[automatically_derived]
            impl #impl_generics #endpoint_class<#ident #ty_generics> for #ident #ty_generics #where_clause {
                type Response = #extras<#ident #ty_generics>;
            }
        },
    };
    quote! {
        #[doc(hidden)]
        #[allow(non_upper_case_globals, non_camel_case_types, unused_qualifications, clippy::all, clippy::pedantic, clippy::nursery)]
        const _: () = {
            #(#proxies)*

            #[automatically_derived]
            impl #impl_generics #into_http for #ident #ty_generics #where_clause {
                fn into_http(self) -> #http_result {
                    #body
                }
            }

            #class_impls

            #framework_impls!([#impl_generics] [#ident #ty_generics] [#where_clause]);
            #openapi

            #json_write
        };
    }
}

/// The text of the `///` comments in `attrs`, as rustdoc joins them: each line without
/// its first space, lines joined with newlines, trimmed.
fn doc_comment(attrs: &[syn::Attribute]) -> String {
    let lines: Vec<String> = attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value()),
                _ => None,
            },
            _ => None,
        })
        .map(|line| line.strip_prefix(' ').map(str::to_owned).unwrap_or(line))
        .collect();
    lines.join("\n").trim().to_owned()
}

/// For a struct whose only generic parameter is a type `T`, and whose only field, of type
/// `T`, is its body (`struct CustomJson<T>(#[response(body)] T)`): `T` and the field. Such a
/// type is a response class for any content, as FastAPI's classes are.
fn content_class<'a>(v: &'a Validated<'_>) -> Option<(&'a Ident, &'a syn::Member)> {
    let Body::Struct(unit) = &v.input.data else {
        return None;
    };
    let params = &v.input.original.generics.params;
    let (Some(syn::GenericParam::Type(param)), 1) = (params.first(), params.len()) else {
        return None;
    };
    let [field] = unit.fields.as_slice() else {
        return None;
    };
    let is_param = matches!(&field.original.ty, syn::Type::Path(p)
        if p.qself.is_none() && p.path.is_ident(&param.ident));
    // Marked `#[response(body)]`: a type that serializes itself whole (or through its
    // fields) stays a class for itself only, as a handler returning it expects.
    let is_body = matches!(
        v.plans.first().map(|plan| &plan.body),
        Some(BodyPlan::Field(0, _))
    );
    (is_param && is_body && bounds_are_plain(&v.input.original.generics, &param.ident))
        .then_some((&param.ident, &field.member))
}

/// Whether every bound that mentions `param` is a plain `param: Bounds` whose bounds do not
/// mention it again: those can be restated of the content type; anything else
/// (`where T::Item: Serialize`, `T: PartialEq<T>`) keeps the type a class for itself only.
fn bounds_are_plain(generics: &syn::Generics, param: &Ident) -> bool {
    let mentions = |tokens: TokenStream| mentions_ident(tokens, param);
    let inline_ok = generics.params.iter().all(|p| match p {
        syn::GenericParam::Type(t) => !mentions(t.bounds.to_token_stream()),
        _ => true,
    });
    let where_ok = generics
        .where_clause
        .iter()
        .flat_map(|w| &w.predicates)
        .all(|predicate| match predicate {
            syn::WherePredicate::Type(t) => {
                let bare = matches!(&t.bounded_ty, syn::Type::Path(p)
                    if p.qself.is_none() && p.path.is_ident(param));
                let ty_ok = bare || !mentions(t.bounded_ty.to_token_stream());
                ty_ok && t.lifetimes.is_none() && !mentions(t.bounds.to_token_stream())
            }
            _ => true,
        });
    inline_ok && where_ok
}

/// Whether `ident` occurs in `tokens`.
fn mentions_ident(tokens: TokenStream, ident: &Ident) -> bool {
    tokens.into_iter().any(|tt| match tt {
        proc_macro2::TokenTree::Ident(i) => i == *ident,
        proc_macro2::TokenTree::Group(g) => mentions_ident(g.stream(), ident),
        _ => false,
    })
}

/// The bounds the type declares of `param`, inline and in its `where` clause.
fn declared_bounds(
    generics: &syn::Generics,
    param: &Ident,
) -> syn::punctuated::Punctuated<syn::TypeParamBound, syn::Token![+]> {
    let mut bounds = syn::punctuated::Punctuated::new();
    for p in &generics.params {
        if let syn::GenericParam::Type(t) = p
            && t.ident == *param
        {
            bounds.extend(t.bounds.iter().cloned());
        }
    }
    for predicate in generics.where_clause.iter().flat_map(|w| &w.predicates) {
        if let syn::WherePredicate::Type(t) = predicate
            && matches!(&t.bounded_ty, syn::Type::Path(p) if p.qself.is_none() && p.path.is_ident(param))
        {
            bounds.extend(t.bounds.iter().cloned());
        }
    }
    bounds
}

/// One arm of the `match self` of an enum.
fn variant_arm(cx: &Ctx<'_>) -> TokenStream {
    let rt = cx.rt;
    let path = &cx.path;
    match &cx.plan.body {
        BodyPlan::Delegate(i) => {
            let f = &cx.unit.fields[*i];
            let ty = &f.original.ty;
            let binding = local(&f.binding.to_string(), ty.span());
            let into_http = rt.trait_into_http();
            let response = quote!(#into_http::into_http(#binding));
            let finish = if cx.plan.headers.is_empty() {
                response
            } else {
                let pairs = cx.plan.headers.iter().map(|h| {
                    let name = rt.header_name(&h.name);
                    let value = rt.header_value(&h.value);
                    quote!((#name, #value))
                });
                let default_headers = rt.item("default_headers");
                quote!(#default_headers(#response, [#(#pairs),*]))
            };
            quote!(#path { 0: #binding } => #finish,)
        }
        BodyPlan::Whole(mode)
            if !matches!(mode, Mode::Json) && bound_fields(cx.plan, cx.unit).next().is_some() =>
        {
            // Render the whole value first, then take the fields.
            let render = whole_render(rt, mode, &cx.input.ident);
            let rendered = local("__responses_rendered", Span::call_site());
            let unreachable = rt.item("unreachable_variant");
            let inner = unit_body(cx, Some(rendered.clone()));
            let pattern = pattern(cx);
            quote! {
                #path { .. } => {
                    let #rendered = #render;
                    match self {
                        #pattern => #inner,
                        _ => #unreachable(),
                    }
                }
            }
        }
        _ => {
            let pattern = pattern(cx);
            let inner = unit_body(cx, None);
            quote!(#pattern => #inner,)
        }
    }
}

/// The fields a plan moves out of the value.
fn bound_fields<'a, 'b>(
    plan: &'a Plan,
    unit: &'b Unit<'b>,
) -> impl Iterator<Item = &'b Field<'b>> + use<'a, 'b> {
    unit.fields.iter().enumerate().filter_map(move |(i, f)| {
        let used = match &f.attrs.role {
            Role::Header(_) | Role::Cookie | Role::Status | Role::Background => true,
            Role::Body => true,
            Role::Plain => {
                matches!(plan.body, BodyPlan::Proxy)
                    || matches!(plan.body, BodyPlan::Field(b, _) if b == i)
            }
            Role::Skip => false,
        };
        used.then_some(f)
    })
}

/// `Path { member: binding, .. }` binding what the plan uses.
fn pattern(cx: &Ctx<'_>) -> TokenStream {
    let path = &cx.path;
    let binds = bound_fields(cx.plan, cx.unit).map(|f| {
        let member = &f.member;
        let binding = local(&f.binding.to_string(), Span::call_site());
        quote!(#member: #binding)
    });
    quote!(#path { #(#binds,)* .. })
}

fn whole_render(rt: &Runtime, mode: &Mode, ident: &Ident) -> TokenStream {
    match mode {
        Mode::With(path) => {
            let me = this(path.span());
            quote!(#path(&#me))
        }
        _ => {
            let me = this(ident.span());
            let display_string = rt.item("display_string");
            quote!(#display_string(&#me))
        }
    }
}

fn content_type_expr(rt: &Runtime, plan: &Plan) -> TokenStream {
    rt.option(
        plan.content_type
            .as_ref()
            .map(|ct| rt.header_value(&literal::HeaderValue::Ascii(ct.clone()))),
    )
}

/// The content-type of a JSON body (always set).
fn json_content_type_expr(rt: &Runtime, plan: &Plan) -> TokenStream {
    let ct = plan
        .content_type
        .clone()
        .unwrap_or_else(|| "application/json".to_owned());
    rt.header_value(&literal::HeaderValue::Ascii(ct))
}

/// The block that builds one struct or variant. `prerendered` names a local holding the
/// whole value's rendering when it had to be made before the fields were moved.
fn unit_body(cx: &Ctx<'_>, prerendered: Option<Ident>) -> TokenStream {
    let rt = cx.rt;
    let plan = cx.plan;
    let is_struct = matches!(cx.input.data, syn::Data::Struct(_));
    let builder = local("__responses_builder", Span::call_site());
    let status = rt.status(plan.status);
    let content_type = content_type_expr(rt, plan);
    let statics = plan.headers.iter().map(|h| {
        let name = rt.header_name(&h.name);
        let value = rt.header_value(&h.value);
        quote!(#builder.static_header(#name, #value);)
    });
    let roles: Vec<TokenStream> = cx
        .unit
        .fields
        .iter()
        .filter_map(|f| {
            let ty = &f.original.ty;
            let binding = local(&f.binding.to_string(), ty.span());
            let call = match &f.attrs.role {
                Role::Header(name) => {
                    let name = rt.header_name(name);
                    quote!(#builder.header(#name, #binding);)
                }
                Role::Cookie => quote!(#builder.cookie(#binding);),
                Role::Status => quote!(#builder.status(#binding);),
                Role::Background => quote!(#builder.background(#binding);),
                Role::Body | Role::Plain | Role::Skip => return None,
            };
            Some(call)
        })
        .collect();

    // How the body is finished, and what must happen before the fields are moved.
    let mut before = TokenStream::new();
    let mut destructure = true;
    let finish = match &plan.body {
        BodyPlan::None => quote!(#builder.empty(#content_type)),
        BodyPlan::Delegate(_) => {
            let unreachable = rt.item("unreachable_variant");
            quote!(#unreachable())
        }
        BodyPlan::Field(i, mode) => {
            let f = &cx.unit.fields[*i];
            let ty = &f.original.ty;
            let binding = local(&f.binding.to_string(), ty.span());
            match mode {
                Mode::Json => {
                    json_writer::body_field(cx, &builder, &binding, ty).unwrap_or_else(|| {
                        let ct = json_content_type_expr(rt, plan);
                        let arg = borrow(&binding, ty.span());
                        quote!(#builder.json(#arg, #ct))
                    })
                }
                Mode::Text => {
                    let cs = rt.charset(plan.charset.as_ref().unwrap_or(&utf8()));
                    quote!(#builder.text(#binding, &#cs, #content_type))
                }
                Mode::Display => {
                    let cs = rt.charset(plan.charset.as_ref().unwrap_or(&utf8()));
                    let arg = borrow(&binding, ty.span());
                    quote!(#builder.display(#arg, &#cs, #content_type))
                }
                Mode::Bytes => quote!(#builder.bytes(#binding, #content_type)),
                Mode::With(fun) => {
                    quote!(#builder.rendered(#fun(&#binding), #content_type))
                }
            }
        }
        BodyPlan::Whole(Mode::Json) => {
            destructure = false;
            json_writer::whole_body(cx, &builder).unwrap_or_else(|| {
                let ct = json_content_type_expr(rt, plan);
                let me = this(cx.input.ident.span());
                let arg = borrow(&me, cx.input.ident.span());
                quote!(#builder.json(#arg, #ct))
            })
        }
        BodyPlan::Whole(mode) => {
            let rendered = match prerendered {
                Some(local) => local,
                None => {
                    let render = whole_render(rt, mode, &cx.input.ident);
                    let rendered = local("__responses_rendered", Span::call_site());
                    before = quote!(let #rendered = #render;);
                    rendered
                }
            };
            match mode {
                Mode::With(_) => quote!(#builder.rendered(#rendered, #content_type)),
                _ => {
                    let cs = rt.charset(plan.charset.as_ref().unwrap_or(&utf8()));
                    quote!(#builder.text(#rendered, &#cs, #content_type))
                }
            }
        }
        BodyPlan::Proxy => match &cx.json_writer {
            Some(write) => json_writer::proxy_body(cx, &builder, write),
            None => proxy_value(cx, &builder),
        },
    };
    let take_fields = if is_struct && destructure && bound_fields(plan, cx.unit).next().is_some() {
        let pattern = pattern(cx);
        quote!(let #pattern = self;)
    } else {
        TokenStream::new()
    };
    let builder_type = rt.item("Builder");
    quote! {{
        #before
        #take_fields
        let mut #builder = #builder_type::new(#status);
        #(#statics)*
        #(#roles)*
        #finish
    }}
}

fn utf8() -> Charset {
    Charset {
        label: "utf-8".to_owned(),
        codec: Codec::Utf8,
    }
}
