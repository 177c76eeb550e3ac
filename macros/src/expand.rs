//! Code generation. Takes only a validated input; cannot fail. The expansion is one call per
//! field into `responses::__private`, with constants for everything checked during
//! expansion (status, header names and values, content-type, charset).

use std::collections::BTreeSet;

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{ToTokens, quote, quote_spanned};
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

/// The `impl IntoHttp` for a validated input.
pub(crate) fn derive(v: &Validated<'_>, krate: &Path) -> TokenStream {
    let input = v.input.original;
    let ident = &input.ident;
    let mut generics = input.generics.clone();
    let bounds = bounds(v, krate);
    if !bounds.is_empty() {
        generics.make_where_clause().predicates.extend(bounds);
    }
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let body = match &v.input.data {
        Body::Struct(unit) => {
            let path = quote!(#ident);
            unit_body(krate, input, &v.plans[0], unit, &path, None)
        }
        Body::Enum(variants) => {
            let arms = variants.iter().zip(&v.plans).map(|(variant, plan)| {
                let vident = &variant.original.ident;
                let path = quote!(Self::#vident);
                match &plan.body {
                    BodyPlan::Delegate(i) => {
                        let f = &variant.unit.fields[*i];
                        let ty = &f.original.ty;
                        let binding = &respan(&f.binding, ty.span());
                        quote_spanned! {ty.span()=>
                            #path { 0: #binding } => #krate::IntoHttp::into_http(#binding),
                        }
                    }
                    BodyPlan::Whole(mode)
                        if !matches!(mode, Mode::Json)
                            && bound_fields(plan, &variant.unit).next().is_some() =>
                    {
                        // Render the whole value first, then take the fields.
                        let render = whole_render(krate, mode, ident);
                        let inner = unit_body(
                            krate,
                            input,
                            plan,
                            &variant.unit,
                            &path,
                            Some(quote!(__rendered)),
                        );
                        let pattern = pattern(&path, plan, &variant.unit);
                        quote! {
                            #path { .. } => {
                                let __rendered = #render;
                                match self {
                                    #pattern => #inner,
                                    _ => #krate::__private::unreachable_variant(),
                                }
                            }
                        }
                    }
                    _ => {
                        let pattern = pattern(&path, plan, &variant.unit);
                        let inner = unit_body(krate, input, plan, &variant.unit, &path, None);
                        quote!(#pattern => #inner,)
                    }
                }
            });
            quote! {
                match self {
                    #(#arms)*
                }
            }
        }
    };
    quote! {
        #[automatically_derived]
        #[allow(unused_qualifications, clippy::all, clippy::pedantic, clippy::nursery)]
        impl #impl_generics #krate::IntoHttp for #ident #ty_generics #where_clause {
            fn into_http(self) -> #krate::__private::HttpResult {
                #body
            }
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

/// `Path { member: binding, .., }` binding what the plan uses.
fn pattern(path: &TokenStream, plan: &Plan, unit: &Unit<'_>) -> TokenStream {
    let binds = bound_fields(plan, unit).map(|f| {
        let member = &f.member;
        let binding = &f.binding;
        quote!(#member: #binding)
    });
    quote!(#path { #(#binds,)* .. })
}

fn whole_render(krate: &Path, mode: &Mode, ident: &Ident) -> TokenStream {
    match mode {
        Mode::With(path) => quote_spanned!(path.span()=> #path(&self)),
        _ => quote_spanned!(ident.span()=> #krate::__private::display_string(&self)),
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
        Codec::Other(name) => {
            let ident = Ident::new(name, Span::call_site());
            quote!(#krate::__private::CharsetCodec::Other(#krate::__private::encoding_rs::#ident))
        }
    };
    quote!(#krate::__private::charset(#label, #codec))
}

/// The block that builds one struct or variant. `prerendered` names a local holding the
/// whole value's rendering when it had to be made before the fields were moved.
fn unit_body(
    krate: &Path,
    input: &syn::DeriveInput,
    plan: &Plan,
    unit: &Unit<'_>,
    path: &TokenStream,
    prerendered: Option<TokenStream>,
) -> TokenStream {
    let is_struct = matches!(input.data, syn::Data::Struct(_));
    let status = status_expr(krate, plan.status);
    let content_type = content_type_expr(krate, plan);
    let statics = plan.headers.iter().map(|h| {
        let name = header_name_expr(krate, &h.name);
        let value = header_value_expr(krate, &h.value);
        quote!(__builder.static_header(#name, #value);)
    });
    let roles = unit.fields.iter().filter_map(|f| {
        let ty = &f.original.ty;
        let binding = &respan(&f.binding, ty.span());
        let call = match &f.attrs.role {
            Role::Header(name) => {
                let name = header_name_expr(krate, name);
                quote_spanned!(ty.span()=> __builder.header(#name, #binding);)
            }
            Role::Cookie => quote_spanned!(ty.span()=> __builder.cookie(#binding);),
            Role::Status => quote_spanned!(ty.span()=> __builder.status(#binding);),
            Role::Background => quote_spanned!(ty.span()=> __builder.background(#binding);),
            Role::Body | Role::Plain | Role::Skip => return None,
        };
        Some(call)
    });
    let roles: Vec<TokenStream> = roles.collect();

    // How the body is finished, and what must happen before the fields are moved.
    let mut before = TokenStream::new();
    let mut destructure = true;
    let finish = match &plan.body {
        BodyPlan::None => quote!(__builder.empty(#content_type)),
        BodyPlan::Delegate(_) => quote!(#krate::__private::unreachable_variant()),
        BodyPlan::Field(i, mode) => {
            let f = &unit.fields[*i];
            let ty = &f.original.ty;
            let binding = &respan(&f.binding, ty.span());
            match mode {
                Mode::Json => {
                    let ct = json_content_type_expr(krate, plan);
                    quote_spanned!(ty.span()=> __builder.json(&#binding, #ct))
                }
                Mode::Text => {
                    let cs = charset_expr(krate, plan.charset.as_ref().unwrap_or(&utf8()));
                    quote_spanned!(ty.span()=> __builder.text(#binding, &#cs, #content_type))
                }
                Mode::Display => {
                    let cs = charset_expr(krate, plan.charset.as_ref().unwrap_or(&utf8()));
                    quote_spanned!(ty.span()=> __builder.display(&#binding, &#cs, #content_type))
                }
                Mode::Bytes => quote_spanned!(ty.span()=> __builder.bytes(#binding, #content_type)),
                Mode::With(fun) => {
                    quote_spanned!(fun.span()=> __builder.rendered(#fun(&#binding), #content_type))
                }
            }
        }
        BodyPlan::Whole(Mode::Json) => {
            destructure = false;
            let ct = json_content_type_expr(krate, plan);
            let ident = &input.ident;
            quote_spanned!(ident.span()=> __builder.json(&self, #ct))
        }
        BodyPlan::Whole(mode) => {
            let rendered = match prerendered {
                Some(local) => local,
                None => {
                    let render = whole_render(krate, mode, &input.ident);
                    before = quote!(let __rendered = #render;);
                    quote!(__rendered)
                }
            };
            match mode {
                Mode::With(_) => quote!(__builder.rendered(#rendered, #content_type)),
                _ => {
                    let cs = charset_expr(krate, plan.charset.as_ref().unwrap_or(&utf8()));
                    quote!(__builder.text(#rendered, &#cs, #content_type))
                }
            }
        }
        BodyPlan::Proxy => proxy(krate, input, plan, unit),
    };
    let take_fields = if is_struct && destructure && bound_fields(plan, unit).next().is_some() {
        let pattern = pattern(path, plan, unit);
        quote!(let #pattern = self;)
    } else {
        TokenStream::new()
    };
    quote! {{
        #before
        #take_fields
        let mut __builder = #krate::__private::Builder::new(#status);
        #(#statics)*
        #(#roles)*
        #finish
    }}
}

/// `ident` with `span`, so that a type error about the value points at the field. (A proc
/// macro's identifiers resolve at the call site whatever their span.)
fn respan(ident: &Ident, span: Span) -> Ident {
    Ident::new(&ident.to_string(), span)
}

fn utf8() -> Charset {
    Charset {
        label: "utf-8".to_owned(),
        codec: Codec::Utf8,
    }
}

/// JSON of the fields without a role, through a generated struct that carries the user's
/// serde attributes.
fn proxy(krate: &Path, input: &syn::DeriveInput, plan: &Plan, unit: &Unit<'_>) -> TokenStream {
    let plain: Vec<&Field<'_>> = unit
        .fields
        .iter()
        .filter(|f| f.attrs.role == Role::Plain)
        .collect();
    let used = mentioned(plain.iter().map(|f| f.original.ty.to_token_stream()));
    let generics = proxy_generics(&input.generics, &used);
    let (impl_g, _, where_clause) = generics.split_for_impl();
    let _ = impl_g;
    let params = &generics.params;
    let params = if params.is_empty() {
        TokenStream::new()
    } else {
        quote!(<#params>)
    };
    let serde_path = format!("{}::__private::serde", path_string(krate));
    let container_attrs = match &input.data {
        syn::Data::Struct(_) => container_serde_attrs(&input.attrs, &input.ident),
        syn::Data::Enum(_) => Vec::new(),
        syn::Data::Union(_) => Vec::new(),
    };
    let named = unit.style == Style::Named;
    let decl_fields = plain.iter().map(|f| {
        let attrs = f
            .original
            .attrs
            .iter()
            .filter(|a| a.path().is_ident("serde"));
        let ty = &f.original.ty;
        match &f.original.ident {
            Some(name) => quote!(#(#attrs)* #name: #ty),
            None => quote!(#(#attrs)* #ty),
        }
    });
    let ct = json_content_type_expr(krate, plan);
    let bindings = plain.iter().map(|f| &f.binding);
    let (decl, value) = if named {
        let names = plain.iter().map(|f| &f.original.ident);
        (
            quote!(struct __ResponseBody #params #where_clause { #(#decl_fields,)* }),
            quote!(__ResponseBody { #(#names: #bindings,)* }),
        )
    } else {
        (
            quote!(struct __ResponseBody #params (#(#decl_fields,)*) #where_clause;),
            quote!(__ResponseBody(#(#bindings,)*)),
        )
    };
    quote! {{
        #[derive(#krate::__private::Serialize)]
        #[serde(crate = #serde_path)]
        #(#container_attrs)*
        #decl
        __builder.json(&#value, #ct)
    }}
}

fn path_string(path: &Path) -> String {
    path.to_token_stream().to_string().replace(' ', "")
}

/// The container's `#[serde(...)]` attributes that still make sense on the generated body
/// struct (not `crate`, `into`, `from`, `try_from`, `remote`), plus its serialized name.
fn container_serde_attrs(attrs: &[syn::Attribute], ident: &Ident) -> Vec<TokenStream> {
    let mut out = Vec::new();
    let mut renamed = false;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let syn::Meta::List(list) = &attr.meta else {
            continue;
        };
        let mut items: Vec<Vec<TokenTree>> = vec![Vec::new()];
        for tt in list.tokens.clone() {
            match &tt {
                TokenTree::Punct(p) if p.as_char() == ',' => items.push(Vec::new()),
                _ => {
                    if let Some(last) = items.last_mut() {
                        last.push(tt);
                    }
                }
            }
        }
        let kept: Vec<TokenStream> = items
            .into_iter()
            .filter(|item| !item.is_empty())
            .filter(|item| {
                let key = match item.first() {
                    Some(TokenTree::Ident(i)) => i.to_string(),
                    _ => String::new(),
                };
                if key == "rename" {
                    renamed = true;
                }
                !matches!(
                    key.as_str(),
                    "crate" | "into" | "from" | "try_from" | "remote"
                )
            })
            .map(|item| item.into_iter().collect())
            .collect();
        if !kept.is_empty() {
            out.push(quote!(#[serde(#(#kept),*)]));
        }
    }
    if !renamed {
        let name = ident.to_string();
        out.push(quote!(#[serde(rename = #name)]));
    }
    out
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

/// The generics of the body struct: only the parameters its fields use, and the where
/// predicates about those.
fn proxy_generics(generics: &Generics, used: &BTreeSet<String>) -> Generics {
    let mut out = generics.clone();
    let kept: BTreeSet<String> = generics
        .params
        .iter()
        .map(param_name)
        .filter(|n| used.contains(n))
        .collect();
    let all: BTreeSet<String> = generics.params.iter().map(param_name).collect();
    out.params = generics
        .params
        .iter()
        .filter(|p| kept.contains(&param_name(p)))
        .cloned()
        .map(|mut p| {
            if let GenericParam::Lifetime(l) = &mut p {
                l.bounds = l
                    .bounds
                    .iter()
                    .filter(|b| kept.contains(&format!("'{}", b.ident)))
                    .cloned()
                    .collect();
            }
            p
        })
        .collect();
    if let Some(wc) = &mut out.where_clause {
        wc.predicates = wc
            .predicates
            .iter()
            .filter(|pred| {
                let names = mentioned(std::iter::once(pred.to_token_stream()));
                names
                    .iter()
                    .filter(|n| all.contains(*n))
                    .all(|n| kept.contains(n))
            })
            .cloned()
            .collect();
    }
    out
}

/// Where-predicates for fields whose types mention a generic parameter.
fn bounds(v: &Validated<'_>, krate: &Path) -> Vec<WherePredicate> {
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
        names.iter().any(|n| params.contains(n))
    };
    let ident = &v.input.original.ident;
    let (_, ty_generics, _) = generics.split_for_impl();
    let this = quote!(#ident #ty_generics);
    let units: Vec<&Unit<'_>> = match &v.input.data {
        Body::Struct(u) => vec![u],
        Body::Enum(vs) => vs.iter().map(|x| &x.unit).collect(),
    };
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
            let private = quote!(#krate::__private);
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
            BodyPlan::Whole(Mode::Json) => push(quote!(#this: #krate::__private::JsonBody)),
            BodyPlan::Whole(Mode::Display) => push(quote!(#this: ::core::fmt::Display)),
            BodyPlan::Proxy => {
                let used = mentioned(
                    unit.fields
                        .iter()
                        .filter(|f| f.attrs.role == Role::Plain)
                        .map(|f| f.original.ty.to_token_stream()),
                );
                for p in generics.params.iter() {
                    if let GenericParam::Type(t) = p
                        && used.contains(&t.ident.to_string())
                    {
                        let ident = &t.ident;
                        push(quote!(#ident: #krate::__private::serde::Serialize));
                    }
                }
            }
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
