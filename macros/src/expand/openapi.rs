//! The OpenAPI description of a derived type: one entry per struct or variant (status,
//! description, headers, body), handed to the runtime's `__openapi_impls!`, which gives the
//! traits of the OpenAPI crates whose features are on (and nothing when none is).

use proc_macro2::TokenStream;
use quote::{ToTokens as _, quote};
use syn::Type;

use super::Ctx;
use super::serde_names::{self, FieldName};
use crate::ast::{Field, Style};
use crate::attr::Role;
use crate::plan::{BodyPlan, Mode};

/// The `{ units }` of `__openapi_impls!` for `contexts` (one per struct or variant), with
/// the doc comment of each.
pub(super) fn units(contexts: &[Ctx<'_>], docs: &[String]) -> TokenStream {
    let units = contexts.iter().zip(docs).map(|(cx, doc)| unit(cx, doc));
    quote!({ #(#units)* })
}

fn unit(cx: &Ctx<'_>, doc: &str) -> TokenStream {
    let plan = cx.plan;
    let mut headers: Vec<(String, &'static str)> = plan
        .headers
        .iter()
        .map(|h| (h.name.clone(), "String"))
        .collect();
    let mut has_cookie = false;
    let mut has_status = false;
    for f in &cx.unit.fields {
        match &f.attrs.role {
            Role::Header(name) => headers.push((name.clone(), value_kind(&f.original.ty))),
            Role::Cookie => has_cookie = true,
            Role::Status => has_status = true,
            _ => {}
        }
    }
    if has_cookie {
        headers.push(("set-cookie".to_owned(), "String"));
    }
    let mut seen = Vec::new();
    headers.retain(|(name, _)| {
        let new = !seen.contains(name);
        seen.push(name.clone());
        new
    });
    let header_list = headers.iter().map(|(name, kind)| {
        let kind = syn::Ident::new(kind, proc_macro2::Span::call_site());
        quote!((#name, #kind))
    });
    let header_list = quote!([#(#header_list),*]);

    if let BodyPlan::Delegate(i) = &plan.body {
        // A boxed response (a large variant) sends what the box holds, and is documented
        // by it (utoipa has no `IntoResponses` for `Box`).
        let ty = unboxed(&cx.unit.fields[*i].original.ty);
        return quote!([delegate((#ty), #doc, #header_list)]);
    }
    // A status field sends any status: OpenAPI's `default`.
    let status = if has_status {
        quote!(::core::option::Option::None)
    } else {
        let code = plan.status;
        quote!(::core::option::Option::Some(#code))
    };
    let body = body(cx);
    quote!([unit(#status, #doc, #header_list, #body)])
}

/// The media type as `content`'s key: without a UTF-8 `charset` (what every text response
/// gets), as FastAPI writes it; with any other charset.
fn media_key(content_type: Option<&str>) -> Option<String> {
    let ct = content_type?;
    let mut parts = ct.split(';').map(str::trim);
    let essence = parts.next().unwrap_or_default().to_owned();
    let params: Vec<&str> = parts
        .filter(|p| {
            let lower = p.to_ascii_lowercase().replace(' ', "");
            !matches!(
                lower.as_str(),
                "charset=utf-8" | "charset=utf8" | "charset=\"utf-8\"" | "charset=\"utf8\""
            )
        })
        .collect();
    Some(if params.is_empty() {
        essence
    } else {
        format!("{essence}; {}", params.join("; "))
    })
}

fn body(cx: &Ctx<'_>) -> TokenStream {
    let plan = cx.plan;
    let media = media_key(plan.content_type.as_deref());
    let json_media = media
        .clone()
        .unwrap_or_else(|| "application/json".to_owned());
    match &plan.body {
        BodyPlan::None | BodyPlan::Delegate(_) => quote!(none()),
        BodyPlan::Field(i, mode) => {
            let ty = &cx.unit.fields[*i].original.ty;
            match mode {
                Mode::Json => quote!(json(#json_media, #ty)),
                Mode::Text | Mode::Display => text_or_binary(media, true),
                Mode::Bytes => text_or_binary(media, false),
                Mode::With(_) => rendered(media),
            }
        }
        BodyPlan::Whole(Mode::Json) => match object_fields(cx, |_| true) {
            Some(fields) => quote!(json_or_object(#json_media, Self, [#(#fields),*])),
            None => quote!(json(#json_media, Self)),
        },
        BodyPlan::Whole(Mode::With(_)) => rendered(media),
        BodyPlan::Whole(_) => text_or_binary(media, true),
        BodyPlan::Proxy => {
            let plain: Vec<&Field<'_>> = cx
                .unit
                .fields
                .iter()
                .filter(|f| f.attrs.role == Role::Plain)
                .collect();
            match (cx.unit.style, plain.as_slice()) {
                // A newtype is serialized as its field (by its own function, when it has
                // one: of unknown output).
                (Style::Unnamed, [only]) => {
                    let custom = ["serialize_with", "with"].iter().any(|key| {
                        serde_names::item_keys(&only.original.attrs)
                            .iter()
                            .any(|k| k == key)
                    });
                    let ty = &only.original.ty;
                    if custom {
                        quote!(any(#json_media))
                    } else {
                        quote!(json(#json_media, #ty))
                    }
                }
                _ => match object_fields(cx, |f| f.attrs.role == Role::Plain) {
                    Some(fields) => quote!(object(#json_media, [#(#fields),*])),
                    None => quote!(any(#json_media)),
                },
            }
        }
    }
}

/// `T` for `Box<T>` (`Box`, `std::boxed::Box`, `alloc::boxed::Box`), else the type itself.
fn unboxed(ty: &Type) -> &Type {
    if let Type::Path(path) = ty
        && path.qself.is_none()
        && let Some(last) = path.path.segments.last()
        && last.ident == "Box"
        && let syn::PathArguments::AngleBracketed(args) = &last.arguments
        && let [syn::GenericArgument::Type(inner)] = args.args.iter().collect::<Vec<_>>().as_slice()
    {
        return unboxed(inner);
    }
    ty
}

fn text_or_binary(media: Option<String>, text: bool) -> TokenStream {
    match (media, text) {
        (None, _) => quote!(none()),
        (Some(m), true) => quote!(string(#m)),
        (Some(m), false) => quote!(binary(#m)),
    }
}

/// A `render_with` body: its media type says what it is; its schema is unknown.
fn rendered(media: Option<String>) -> TokenStream {
    let Some(m) = media else {
        return quote!(none());
    };
    // The content type was validated when the plan was made.
    match responses_rules::parse_media_type(&m) {
        Ok(parts) if parts.is_json() => quote!(any(#m)),
        Ok(parts) if parts.is_text() => quote!(string(#m)),
        _ => quote!(binary(#m)),
    }
}

/// `(name, Type, required)` of each serialized field among those `keep` selects, by serde's
/// names (a field serialized by a function of its own: any JSON); `None` when the JSON is not
/// an object of the fields (a tuple struct, a flattened field, a struct that is
/// `transparent`, `tag`ged, `into` another type or `remote`).
fn object_fields(cx: &Ctx<'_>, keep: impl Fn(&Field<'_>) -> bool) -> Option<Vec<TokenStream>> {
    if cx.unit.style != Style::Named {
        return None;
    }
    if matches!(cx.input.data, syn::Data::Struct(_))
        && serde_names::container_reshapes(&cx.input.attrs)
    {
        return None;
    }
    let rename_all = &cx.rename_all;
    let mut out = Vec::new();
    for f in cx.unit.fields.iter().filter(|f| keep(f)) {
        let ty = &f.original.ty;
        match serde_names::field(f.original, rename_all.as_deref())? {
            FieldName::Skipped => {}
            FieldName::Named {
                name,
                always,
                custom,
            } => {
                let required = always && !is_option(ty);
                // A field serialized by a function of its own: any JSON.
                let ty = if custom {
                    cx.rt.any_json()
                } else {
                    ty.to_token_stream()
                };
                out.push(quote!((#name, #ty, #required)));
            }
        }
    }
    Some(out)
}

/// The last segment of a path type, through references.
fn last_segment(ty: &Type) -> Option<&syn::PathSegment> {
    match ty {
        Type::Reference(r) => last_segment(&r.elem),
        Type::Paren(p) => last_segment(&p.elem),
        Type::Group(g) => last_segment(&g.elem),
        Type::Path(p) if p.qself.is_none() => p.path.segments.last(),
        _ => None,
    }
}

fn is_option(ty: &Type) -> bool {
    last_segment(ty).is_some_and(|s| s.ident == "Option")
}

/// The JSON type of a header field's value, from its Rust type (`Option<T>`: T's): an
/// integer for the integer types, else a string (header fields take text, bytes, integers
/// and `HeaderValue`).
fn value_kind(ty: &Type) -> &'static str {
    let Some(segment) = last_segment(ty) else {
        return "String";
    };
    if segment.ident == "Option"
        && let syn::PathArguments::AngleBracketed(args) = &segment.arguments
        && let Some(syn::GenericArgument::Type(inner)) = args.args.first()
    {
        return value_kind(inner);
    }
    let name = segment.ident.to_string();
    match name.as_str() {
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" | "i8" | "i16" | "i32" | "i64" | "i128"
        | "isize" => "Integer",
        n if n.starts_with("NonZero") => "Integer",
        _ => "String",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_keys_drop_the_default_charset_only() {
        assert_eq!(
            media_key(Some("text/html; charset=utf-8")).as_deref(),
            Some("text/html")
        );
        assert_eq!(
            media_key(Some("text/plain; charset=latin-1")).as_deref(),
            Some("text/plain; charset=latin-1")
        );
        assert_eq!(
            media_key(Some("application/json")).as_deref(),
            Some("application/json")
        );
        assert_eq!(media_key(None), None);
    }

    #[test]
    fn header_kinds_follow_the_type() {
        let kind = |ty: Type| value_kind(&ty);
        assert_eq!(kind(syn::parse_quote!(u64)), "Integer");
        assert_eq!(kind(syn::parse_quote!(Option<i32>)), "Integer");
        assert_eq!(kind(syn::parse_quote!(&'static str)), "String");
        assert_eq!(kind(syn::parse_quote!(std::num::NonZeroU16)), "Integer");
        assert_eq!(kind(syn::parse_quote!(String)), "String");
        assert_eq!(kind(syn::parse_quote!(http::HeaderValue)), "String");
    }
}
