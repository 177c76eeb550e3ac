//! Code generation. Takes only a validated input; cannot fail. The expansion is one call per
//! field into `responses::__private`, with constants for everything checked during
//! expansion (status, header names and values, content-type, charset).
//!
//! Hygiene: generated locals (`__builder`, `__f0`…) use mixed-site spans, so that they
//! clash with nothing of the user's and work when the derive is used inside a
//! `macro_rules!`; `self` and paths use the call site. Spans that should point at a field
//! for type errors are the call site *located at* the field's tokens.

use std::collections::BTreeSet;

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{ToTokens, format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{GenericParam, Generics, Ident, Path, WherePredicate};

use crate::ast::{Body, Field, Style, Unit};
use crate::attr::{Charset, Role};
use crate::check::{self, Codec};
use crate::valid::{BodyPlan, Mode, Plan, Validated};

/// The default path of the runtime crate.
pub(crate) fn default_crate() -> Path {
    syn::parse_quote!(::responses)
}

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
    krate: &'a Path,
    input: &'a syn::DeriveInput,
    plan: &'a Plan,
    unit: &'a Unit<'a>,
    /// The path in patterns: the struct's name or `Self::Variant`.
    path: TokenStream,
    /// The name of this unit's generated JSON body struct.
    proxy: Ident,
    /// The enum's and variant's serde attributes for a variant's body struct.
    variant_serde: Vec<TokenStream>,
}

/// The `impl IntoHttp` for a validated input.
pub(crate) fn derive(v: &Validated<'_>, krate: &Path) -> TokenStream {
    let input = v.input.original;
    let ident = &input.ident;
    let mut generics = input.generics.clone();
    let units: Vec<(&Unit<'_>, TokenStream, Vec<TokenStream>)> = match &v.input.data {
        Body::Struct(unit) => vec![(unit, quote!(#ident), Vec::new())],
        Body::Enum(variants) => variants
            .iter()
            .map(|variant| {
                let vident = &variant.original.ident;
                (
                    &variant.unit,
                    quote!(Self::#vident),
                    variant_serde_attrs(&input.attrs, &variant.original.attrs),
                )
            })
            .collect(),
    };
    let contexts: Vec<Ctx<'_>> = units
        .into_iter()
        .zip(&v.plans)
        .enumerate()
        .map(|(i, ((unit, path, variant_serde), plan))| Ctx {
            krate,
            input,
            plan,
            unit,
            path,
            proxy: format_ident!("__ResponseBody{}", i),
            variant_serde,
        })
        .collect();

    let mut proxies = Vec::new();
    let mut bounds = field_bounds(v, krate);
    for cx in &contexts {
        if matches!(cx.plan.body, BodyPlan::Proxy) {
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
    quote! {
        #[doc(hidden)]
        #[allow(non_upper_case_globals, non_camel_case_types, unused_qualifications, clippy::all, clippy::pedantic, clippy::nursery)]
        const _: () = {
            #(#proxies)*

            #[automatically_derived]
            impl #impl_generics #krate::IntoHttp for #ident #ty_generics #where_clause {
                fn into_http(self) -> #krate::__private::HttpResult {
                    #body
                }
            }

            #krate::__framework_impls!([#impl_generics] [#ident #ty_generics] [#where_clause]);
        };
    }
}

/// One arm of the `match self` of an enum.
fn variant_arm(cx: &Ctx<'_>) -> TokenStream {
    let krate = cx.krate;
    let path = &cx.path;
    match &cx.plan.body {
        BodyPlan::Delegate(i) => {
            let f = &cx.unit.fields[*i];
            let ty = &f.original.ty;
            let binding = local(&f.binding.to_string(), ty.span());
            let response = quote!(#krate::IntoHttp::into_http(#binding));
            let finish = if cx.plan.headers.is_empty() {
                response
            } else {
                let pairs = cx.plan.headers.iter().map(|h| {
                    let name = header_name_expr(krate, &h.name);
                    let value = header_value_expr(krate, &h.value);
                    quote!((#name, #value))
                });
                quote!(#krate::__private::default_headers(#response, [#(#pairs),*]))
            };
            quote!(#path { 0: #binding } => #finish,)
        }
        BodyPlan::Whole(mode)
            if !matches!(mode, Mode::Json) && bound_fields(cx.plan, cx.unit).next().is_some() =>
        {
            // Render the whole value first, then take the fields.
            let render = whole_render(krate, mode, &cx.input.ident);
            let rendered = local("__responses_rendered", Span::call_site());
            let inner = unit_body(cx, Some(rendered.clone()));
            let pattern = pattern(cx);
            quote! {
                #path { .. } => {
                    let #rendered = #render;
                    match self {
                        #pattern => #inner,
                        _ => #krate::__private::unreachable_variant(),
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

fn whole_render(krate: &Path, mode: &Mode, ident: &Ident) -> TokenStream {
    match mode {
        Mode::With(path) => {
            let me = this(path.span());
            quote!(#path(&#me))
        }
        _ => {
            let me = this(ident.span());
            quote!(#krate::__private::display_string(&#me))
        }
    }
}

fn status_expr(krate: &Path, code: u16) -> TokenStream {
    quote!(const { #krate::__private::status(#code) })
}

fn header_name_expr(krate: &Path, name: &str) -> TokenStream {
    quote!(const { #krate::__private::http::HeaderName::from_static(#name) })
}

fn header_value_expr(krate: &Path, value: &check::HeaderValue) -> TokenStream {
    match value {
        check::HeaderValue::Ascii(text) => {
            quote!(const { #krate::__private::http::HeaderValue::from_static(#text) })
        }
        check::HeaderValue::Latin1(bytes) => {
            let lit = syn::LitByteStr::new(bytes, Span::call_site());
            quote!(#krate::__private::latin1_header_value(#lit))
        }
    }
}

fn content_type_expr(krate: &Path, plan: &Plan) -> TokenStream {
    match &plan.content_type {
        Some(ct) => {
            let value = header_value_expr(krate, &check::HeaderValue::Ascii(ct.clone()));
            quote!(#krate::__private::Some(#value))
        }
        None => quote!(#krate::__private::None),
    }
}

/// The content-type of a JSON body (always set).
fn json_content_type_expr(krate: &Path, plan: &Plan) -> TokenStream {
    let ct = plan
        .content_type
        .clone()
        .unwrap_or_else(|| "application/json".to_owned());
    header_value_expr(krate, &check::HeaderValue::Ascii(ct))
}

fn charset_expr(krate: &Path, charset: &Charset) -> TokenStream {
    let label = &charset.label;
    let codec = match &charset.codec {
        Codec::Utf8 => quote!(#krate::__private::CharsetCodec::Utf8),
        Codec::Latin1 => quote!(#krate::__private::CharsetCodec::Latin1),
        Codec::Ascii => quote!(#krate::__private::CharsetCodec::Ascii),
        Codec::Other(encoding) => {
            let ident = format_ident!("{}_INIT", check::encoding_static(encoding));
            quote!(#krate::__private::CharsetCodec::Other(&#krate::__private::encoding_rs::#ident))
        }
    };
    quote!(const { #krate::__private::charset(#label, #codec) })
}

/// The block that builds one struct or variant. `prerendered` names a local holding the
/// whole value's rendering when it had to be made before the fields were moved.
fn unit_body(cx: &Ctx<'_>, prerendered: Option<Ident>) -> TokenStream {
    let krate = cx.krate;
    let plan = cx.plan;
    let is_struct = matches!(cx.input.data, syn::Data::Struct(_));
    let builder = local("__responses_builder", Span::call_site());
    let status = status_expr(krate, plan.status);
    let content_type = content_type_expr(krate, plan);
    let statics = plan.headers.iter().map(|h| {
        let name = header_name_expr(krate, &h.name);
        let value = header_value_expr(krate, &h.value);
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
                    let name = header_name_expr(krate, name);
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
        BodyPlan::Delegate(_) => quote!(#krate::__private::unreachable_variant()),
        BodyPlan::Field(i, mode) => {
            let f = &cx.unit.fields[*i];
            let ty = &f.original.ty;
            let binding = local(&f.binding.to_string(), ty.span());
            match mode {
                Mode::Json => {
                    let ct = json_content_type_expr(krate, plan);
                    let arg = borrow(&binding, ty.span());
                    quote!(#builder.json(#arg, #ct))
                }
                Mode::Text => {
                    let cs = charset_expr(krate, plan.charset.as_ref().unwrap_or(&utf8()));
                    quote!(#builder.text(#binding, &#cs, #content_type))
                }
                Mode::Display => {
                    let cs = charset_expr(krate, plan.charset.as_ref().unwrap_or(&utf8()));
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
            let ct = json_content_type_expr(krate, plan);
            let me = this(cx.input.ident.span());
            let arg = borrow(&me, cx.input.ident.span());
            quote!(#builder.json(#arg, #ct))
        }
        BodyPlan::Whole(mode) => {
            let rendered = match prerendered {
                Some(local) => local,
                None => {
                    let render = whole_render(krate, mode, &cx.input.ident);
                    let rendered = local("__responses_rendered", Span::call_site());
                    before = quote!(let #rendered = #render;);
                    rendered
                }
            };
            match mode {
                Mode::With(_) => quote!(#builder.rendered(#rendered, #content_type)),
                _ => {
                    let cs = charset_expr(krate, plan.charset.as_ref().unwrap_or(&utf8()));
                    quote!(#builder.text(#rendered, &#cs, #content_type))
                }
            }
        }
        BodyPlan::Proxy => proxy_value(cx, &builder),
    };
    let take_fields = if is_struct && destructure && bound_fields(plan, cx.unit).next().is_some() {
        let pattern = pattern(cx);
        quote!(let #pattern = self;)
    } else {
        TokenStream::new()
    };
    quote! {{
        #before
        #take_fields
        let mut #builder = #krate::__private::Builder::new(#status);
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

/// The fields without a role of a unit that renders them as JSON.
fn plain_fields<'a>(cx: &'a Ctx<'a>) -> Vec<&'a Field<'a>> {
    cx.unit
        .fields
        .iter()
        .filter(|f| f.attrs.role == Role::Plain)
        .collect()
}

/// `ty` with `Self` replaced by the deriving type (a body struct's `Self` is itself).
fn replace_self(tokens: TokenStream, with: &TokenStream) -> TokenStream {
    tokens
        .into_iter()
        .flat_map(|tt| match tt {
            TokenTree::Ident(i) if i == "Self" => with.clone().into_iter().collect::<Vec<_>>(),
            TokenTree::Group(g) => {
                let mut group =
                    proc_macro2::Group::new(g.delimiter(), replace_self(g.stream(), with));
                group.set_span(g.span());
                vec![TokenTree::Group(group)]
            }
            other => vec![other],
        })
        .collect()
}

/// The generics of a unit's body struct: only the parameters its fields use, and the
/// bounds about those.
fn proxy_generics(cx: &Ctx<'_>) -> (Generics, Vec<TokenStream>) {
    let generics = &cx.input.generics;
    let ident = &cx.input.ident;
    let (_, ty_generics, _) = generics.split_for_impl();
    let this_type = quote!(#ident #ty_generics);
    let field_types: Vec<TokenStream> = plain_fields(cx)
        .iter()
        .map(|f| replace_self(f.original.ty.to_token_stream(), &this_type))
        .collect();
    let used = mentioned(field_types.clone().into_iter());
    let all: BTreeSet<String> = generics.params.iter().map(param_name).collect();
    let kept: BTreeSet<String> = all.iter().filter(|n| used.contains(*n)).cloned().collect();
    let keeps = |tokens: TokenStream| {
        mentioned(std::iter::once(tokens))
            .iter()
            .filter(|n| all.contains(*n))
            .all(|n| kept.contains(n))
    };
    let mut out = generics.clone();
    out.params = generics
        .params
        .iter()
        .filter(|p| kept.contains(&param_name(p)))
        .cloned()
        .map(|mut p| {
            match &mut p {
                GenericParam::Lifetime(l) => {
                    l.bounds = l
                        .bounds
                        .iter()
                        .filter(|b| kept.contains(&format!("'{}", b.ident)))
                        .cloned()
                        .collect();
                }
                GenericParam::Type(t) => {
                    t.bounds = t
                        .bounds
                        .iter()
                        .filter(|b| keeps(b.to_token_stream()))
                        .cloned()
                        .collect();
                    t.default = None;
                }
                GenericParam::Const(c) => c.default = None,
            }
            p
        })
        .collect();
    if let Some(wc) = &mut out.where_clause {
        wc.predicates = wc
            .predicates
            .iter()
            .filter(|pred| keeps(pred.to_token_stream()))
            .cloned()
            .collect();
    }
    (out, field_types)
}

/// The arguments that name a body struct's generics from inside the impl: `'_` for
/// lifetimes (inferred), types and consts by name.
fn proxy_args(generics: &Generics) -> TokenStream {
    if generics.params.is_empty() {
        return TokenStream::new();
    }
    let args = generics.params.iter().map(|p| match p {
        GenericParam::Lifetime(_) => quote!('_),
        GenericParam::Type(t) => t.ident.to_token_stream(),
        GenericParam::Const(c) => {
            let ident = &c.ident;
            quote!({ #ident })
        }
    });
    quote!(::<#(#args),*>)
}

/// The declaration of a unit's JSON body struct, and the bound the impl needs on it.
fn proxy_struct(cx: &Ctx<'_>) -> (TokenStream, Option<WherePredicate>) {
    let krate = cx.krate;
    let name = &cx.proxy;
    let (generics, field_types) = proxy_generics(cx);
    let (_, proxy_ty_generics, where_clause) = generics.split_for_impl();
    let params = &generics.params;
    let params = if params.is_empty() {
        TokenStream::new()
    } else {
        quote!(<#params>)
    };
    let serde_path = format!("{}::__private::serde", path_string(krate));
    let container_attrs = match &cx.input.data {
        syn::Data::Struct(_) => container_serde_attrs(&cx.input.attrs, &cx.input.ident),
        _ => cx.variant_serde.clone(),
    };
    let plain = plain_fields(cx);
    let decl_fields = plain.iter().zip(&field_types).map(|(f, ty)| {
        let attrs = f
            .original
            .attrs
            .iter()
            .filter(|a| a.path().is_ident("serde"));
        match &f.original.ident {
            Some(name) => quote!(#(#attrs)* #name: #ty),
            None => quote!(#(#attrs)* #ty),
        }
    });
    let decl = if cx.unit.style == Style::Named {
        quote!(struct #name #params #where_clause { #(#decl_fields,)* })
    } else {
        quote!(struct #name #params (#(#decl_fields,)*) #where_clause;)
    };
    let has_type_params = generics
        .params
        .iter()
        .any(|p| !matches!(p, GenericParam::Lifetime(_)));
    let bound = has_type_params
        .then(|| {
            let lifetimes_as_static = proxy_bound_args(&generics);
            syn::parse2::<WherePredicate>(
                quote!(#name #lifetimes_as_static: #krate::__private::serde::Serialize),
            )
            .ok()
        })
        .flatten();
    let _ = proxy_ty_generics;
    (
        quote! {
            #[derive(#krate::__private::Serialize)]
            #[serde(crate = #serde_path)]
            #(#container_attrs)*
            #decl
        },
        bound,
    )
}

/// The arguments of a body struct in the impl's where clause: its parameters by name.
fn proxy_bound_args(generics: &Generics) -> TokenStream {
    if generics.params.is_empty() {
        return TokenStream::new();
    }
    let args = generics.params.iter().map(|p| match p {
        GenericParam::Lifetime(l) => l.lifetime.to_token_stream(),
        GenericParam::Type(t) => t.ident.to_token_stream(),
        GenericParam::Const(c) => c.ident.to_token_stream(),
    });
    quote!(<#(#args),*>)
}

/// The JSON body struct filled with the moved fields, serialized.
fn proxy_value(cx: &Ctx<'_>, builder: &Ident) -> TokenStream {
    let name = &cx.proxy;
    let (generics, _) = proxy_generics(cx);
    let args = proxy_args(&generics);
    let ct = json_content_type_expr(cx.krate, cx.plan);
    let plain = plain_fields(cx);
    let bindings = plain
        .iter()
        .map(|f| local(&f.binding.to_string(), f.original.ty.span()));
    let value = if cx.unit.style == Style::Named {
        let names = plain.iter().map(|f| &f.original.ident);
        quote!(#name #args { #(#names: #bindings,)* })
    } else {
        quote!(#name #args (#(#bindings,)*))
    };
    quote!(#builder.json(&#value, #ct))
}

fn path_string(path: &Path) -> String {
    path.to_token_stream().to_string().replace(' ', "")
}

/// The items of the `#[serde(...)]` attributes in `attrs`, split at top-level commas.
fn serde_items(attrs: &[syn::Attribute]) -> Vec<Vec<TokenTree>> {
    let mut items = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let syn::Meta::List(list) = &attr.meta else {
            continue;
        };
        let mut item: Vec<TokenTree> = Vec::new();
        for tt in list.tokens.clone() {
            match &tt {
                TokenTree::Punct(p) if p.as_char() == ',' => {
                    items.push(std::mem::take(&mut item));
                }
                _ => item.push(tt),
            }
        }
        items.push(item);
    }
    items.retain(|i| !i.is_empty());
    items
}

fn item_key(item: &[TokenTree]) -> String {
    match item.first() {
        Some(TokenTree::Ident(i)) => i.to_string(),
        _ => String::new(),
    }
}

/// The container's `#[serde(...)]` items that still make sense on the generated body
/// struct (not `crate`, `into`, `from`, `try_from`, `remote`), plus its serialized name.
fn container_serde_attrs(attrs: &[syn::Attribute], ident: &Ident) -> Vec<TokenStream> {
    let items = serde_items(attrs);
    let renamed = items.iter().any(|i| item_key(i) == "rename");
    let kept: Vec<TokenStream> = items
        .into_iter()
        .filter(|i| {
            !matches!(
                item_key(i).as_str(),
                "crate" | "into" | "from" | "try_from" | "remote"
            )
        })
        .map(|i| i.into_iter().collect())
        .collect();
    let mut out: Vec<TokenStream> = kept.into_iter().map(|i| quote!(#[serde(#i)])).collect();
    if !renamed {
        let name = ident.to_string();
        out.push(quote!(#[serde(rename = #name)]));
    }
    out
}

/// For a variant's body struct: the variant's `rename_all`, else the enum's
/// `rename_all_fields`, as the struct's `rename_all`.
fn variant_serde_attrs(
    enum_attrs: &[syn::Attribute],
    variant_attrs: &[syn::Attribute],
) -> Vec<TokenStream> {
    let value_of = |items: Vec<Vec<TokenTree>>, key: &str| {
        items
            .into_iter()
            .find(|i| item_key(i) == key)
            .and_then(|i| {
                // key = "value"
                i.into_iter().nth(2)
            })
    };
    let rename = value_of(serde_items(variant_attrs), "rename_all")
        .or_else(|| value_of(serde_items(enum_attrs), "rename_all_fields"));
    match rename {
        Some(value) => vec![quote!(#[serde(rename_all = #value)])],
        None => Vec::new(),
    }
}

/// Identifiers and lifetimes that appear in `streams`.
fn mentioned(streams: impl Iterator<Item = TokenStream>) -> BTreeSet<String> {
    fn walk(ts: TokenStream, out: &mut BTreeSet<String>) {
        let mut after_quote = false;
        for tt in ts {
            match tt {
                TokenTree::Ident(i) => {
                    if after_quote {
                        out.insert(format!("'{i}"));
                    } else {
                        out.insert(i.to_string());
                    }
                    after_quote = false;
                }
                TokenTree::Punct(p) => after_quote = p.as_char() == '\'',
                TokenTree::Group(g) => {
                    after_quote = false;
                    walk(g.stream(), out);
                }
                TokenTree::Literal(_) => after_quote = false,
            }
        }
    }
    let mut out = BTreeSet::new();
    for ts in streams {
        walk(ts, &mut out);
    }
    out
}

fn param_name(p: &GenericParam) -> String {
    match p {
        GenericParam::Type(t) => t.ident.to_string(),
        GenericParam::Lifetime(l) => format!("'{}", l.lifetime.ident),
        GenericParam::Const(c) => c.ident.to_string(),
    }
}

/// Where-predicates for fields whose types mention a generic type parameter.
fn field_bounds(v: &Validated<'_>, krate: &Path) -> Vec<WherePredicate> {
    let generics = &v.input.original.generics;
    if generics.params.is_empty() {
        return Vec::new();
    }
    let params: BTreeSet<String> = generics
        .params
        .iter()
        .filter(|p| matches!(p, GenericParam::Type(_)))
        .map(param_name)
        .collect();
    let is_generic = |ty: &syn::Type| {
        let names = mentioned(std::iter::once(ty.to_token_stream()));
        names.iter().any(|n| params.contains(n) || n == "Self")
    };
    let ident = &v.input.original.ident;
    let (_, ty_generics, _) = generics.split_for_impl();
    let this_type = quote!(#ident #ty_generics);
    let units: Vec<&Unit<'_>> = match &v.input.data {
        Body::Struct(u) => vec![u],
        Body::Enum(vs) => vs.iter().map(|x| &x.unit).collect(),
    };
    let private = quote!(#krate::__private);
    let mut out: Vec<WherePredicate> = Vec::new();
    let mut push = |tokens: TokenStream| {
        if let Ok(pred) = syn::parse2::<WherePredicate>(tokens) {
            out.push(pred);
        }
    };
    for (unit, plan) in units.into_iter().zip(&v.plans) {
        for (i, f) in unit.fields.iter().enumerate() {
            let ty = &f.original.ty;
            if !is_generic(ty) {
                continue;
            }
            let ty = replace_self(ty.to_token_stream(), &this_type);
            match &f.attrs.role {
                Role::Header(_) => push(quote!(#ty: #private::HeaderField)),
                Role::Cookie => push(quote!(#ty: #private::CookieField)),
                Role::Status => push(quote!(#ty: #private::StatusField)),
                Role::Background => push(quote!(#ty: #private::BackgroundField)),
                Role::Skip => {}
                Role::Body | Role::Plain => match &plan.body {
                    BodyPlan::Field(b, mode) if *b == i => match mode {
                        Mode::Json => push(quote!(#ty: #private::JsonBody)),
                        Mode::Text => push(quote!(#ty: #private::TextBody)),
                        Mode::Bytes => push(quote!(#ty: #private::BytesBody)),
                        Mode::Display => push(quote!(#ty: ::core::fmt::Display)),
                        Mode::With(_) => {}
                    },
                    BodyPlan::Delegate(b) if *b == i => push(quote!(#ty: #krate::IntoHttp)),
                    _ => {}
                },
            }
        }
        match &plan.body {
            BodyPlan::Whole(Mode::Json) => push(quote!(#this_type: #private::JsonBody)),
            BodyPlan::Whole(Mode::Display) => push(quote!(#this_type: ::core::fmt::Display)),
            _ => {}
        }
    }
    out
}

/// A stub `impl` emitted next to the errors, so that uses of the type do not pile more
/// errors on top.
pub(crate) fn fallback(input: &syn::DeriveInput, krate: &Path) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    quote! {
        #[automatically_derived]
        impl #impl_generics #krate::IntoHttp for #ident #ty_generics #where_clause {
            fn into_http(self) -> #krate::__private::HttpResult {
                ::core::unimplemented!("#[derive(Response)] failed; see the compile errors")
            }
        }
    }
}
