//! Checks that span several attributes, and the resolution of each struct or variant into a
//! [`Plan`]: its status, static headers, `content-type` and how its body is made.
//!
//! Rules (documented on the derive):
//! * The rendering is `render = ...` / `render_with = ...` if given, else taken from the
//!   media type (`application/json` and `+json`: JSON; `text/*`: text; others: bytes), else
//!   JSON.
//! * The media type is `media_type` if given, else `application/json` for JSON,
//!   `text/plain` for text and display, none for bytes and `render_with`.
//! * The body is the `#[response(body)]` field; else, for JSON, the fields without a role
//!   (the whole value when every field is such a field); for `display` and `render_with`,
//!   the whole value; for `text` and `bytes`, the one field without a role.
//! * A unit struct or variant, or one whose fields all have roles, is status-only.
//! * A variant with one unnamed field, no attribute and no field attribute delegates to
//!   that field's own response.

use syn::spanned::Spanned;

use crate::ast::{Body, Field, Input, Style, Unit, Variant};
use crate::attr::{Charset, Render, Role, StaticHeader, TypeAttrs};
use crate::ctxt::Ctxt;
use crate::literal;

/// How the body of one struct or variant is made.
#[derive(Clone)]
pub(crate) enum Mode {
    Json,
    Text,
    Display,
    Bytes,
    With(syn::Path),
}

impl Mode {
    fn name(&self) -> &'static str {
        match self {
            Mode::Json => "json",
            Mode::Text => "text",
            Mode::Display => "display",
            Mode::Bytes => "bytes",
            Mode::With(_) => "render_with",
        }
    }
}

#[derive(Clone)]
pub(crate) enum BodyPlan {
    /// No body: a status-only response.
    None,
    /// The variant's only field is a response itself.
    Delegate(usize),
    /// This field is the body.
    Field(usize, Mode),
    /// The whole value (`&self`): its `Serialize`, `Display` or render function.
    Whole(Mode),
    /// JSON of the fields without a role (a generated struct).
    Proxy,
}

/// One struct or variant, resolved.
#[derive(Clone)]
pub(crate) struct Plan {
    pub(crate) status: u16,
    pub(crate) headers: Vec<StaticHeader>,
    pub(crate) content_type: Option<String>,
    /// The charset of a text or display body.
    pub(crate) charset: Option<Charset>,
    pub(crate) body: BodyPlan,
}

/// An input whose attributes are all valid, with one plan per struct or variant.
pub(crate) struct Validated<'a> {
    pub(crate) input: Input<'a>,
    pub(crate) plans: Vec<Plan>,
}

/// The effective attributes of one unit: the variant's over the container's.
struct Effective<'a> {
    status: Option<&'a crate::attr::Spanned<u16>>,
    media_type: Option<&'a crate::attr::Spanned<literal::MediaType>>,
    /// The media type was given on this unit itself (not inherited by a variant).
    own_media_type: bool,
    charset: Option<&'a crate::attr::Spanned<Charset>>,
    own_charset: bool,
    render: Option<(Mode, proc_macro2::Span)>,
    headers: Vec<StaticHeader>,
}

type ModeSpan = Option<(Mode, proc_macro2::Span)>;

/// The rendering given by `render`/`render_with` on one attribute list.
fn mode_of(cx: &Ctxt, attrs: &TypeAttrs) -> ModeSpan {
    match (&attrs.render, &attrs.render_with) {
        (Some(r), Some(path)) => {
            cx.error_spanned_by(
                path,
                format!(
                    "`render_with` and `render = {}` both given: choose one",
                    r.value.name()
                ),
            );
            None
        }
        (Some(r), None) => Some((
            match r.value {
                Render::Json => Mode::Json,
                Render::Text => Mode::Text,
                Render::Display => Mode::Display,
                Render::Bytes => Mode::Bytes,
            },
            r.span,
        )),
        (None, Some(path)) => Some((Mode::With(path.clone()), path.span())),
        (None, None) => None,
    }
}

fn effective<'a>(
    cx: &Ctxt,
    container: &'a TypeAttrs,
    container_mode: &ModeSpan,
    variant: Option<&'a TypeAttrs>,
) -> Effective<'a> {
    let own = variant.unwrap_or(container);
    let mut headers: Vec<StaticHeader> =
        container.headers.iter().map(|h| h.value.clone()).collect();
    if let Some(v) = variant {
        headers.extend(v.headers.iter().map(|h| h.value.clone()));
    }
    let render = match variant {
        Some(v) => mode_of(cx, v).or_else(|| container_mode.clone()),
        None => container_mode.clone(),
    };
    Effective {
        status: own.status.as_ref().or(container.status.as_ref()),
        media_type: own.media_type.as_ref().or(container.media_type.as_ref()),
        own_media_type: own.media_type.is_some(),
        charset: own.charset.as_ref().or(container.charset.as_ref()),
        own_charset: own.charset.is_some(),
        render,
        headers,
    }
}

/// Validates `input` and resolves every struct or variant.
pub(crate) fn check<'a>(cx: &Ctxt, input: Input<'a>) -> Validated<'a> {
    let container_mode = mode_of(cx, &input.attrs);
    let mut plans = Vec::new();
    match &input.data {
        Body::Struct(unit) => {
            let eff = effective(cx, &input.attrs, &container_mode, None);
            plans.push(plan(cx, &eff, unit, None, &input.original.ident));
        }
        Body::Enum(variants) => {
            for v in variants {
                let eff = effective(cx, &input.attrs, &container_mode, Some(&v.attrs));
                plans.push(plan(cx, &eff, &v.unit, Some(v), &v.original.ident));
            }
            // A charset on the enum needs a variant that encodes text with it.
            if let Some(cs) = &input.attrs.charset
                && !plans.iter().any(|p| {
                    p.charset
                        .as_ref()
                        .is_some_and(|c| c.label == cs.value.label)
                })
            {
                cx.error_at(
                    cs.span,
                    "`charset` does not apply here: no variant of this enum renders text (`render = text` or `display`, or a `text/*` media type)",
                );
            }
        }
    }
    Validated { input, plans }
}

fn default_mode(eff: &Effective<'_>) -> Mode {
    if let Some((mode, _)) = &eff.render {
        return mode.clone();
    }
    match eff.media_type {
        Some(m) if m.value.is_json => Mode::Json,
        Some(m) if m.value.is_text => Mode::Text,
        Some(_) => Mode::Bytes,
        None => Mode::Json,
    }
}

fn charset_misuse(mode: &Mode) -> String {
    match mode {
        Mode::Json => "`charset` does not apply here: a JSON body is always UTF-8".to_owned(),
        Mode::Bytes => "`charset` does not apply here: a bytes body is sent as it is, never encoded".to_owned(),
        Mode::With(_) => "`charset` does not apply here: the `render_with` function makes the bytes; name the charset in `media_type` instead (\"text/html; charset=latin-1\")".to_owned(),
        Mode::Text | Mode::Display => String::new(),
    }
}

fn plan(
    cx: &Ctxt,
    eff: &Effective<'_>,
    unit: &Unit<'_>,
    variant: Option<&Variant<'_>>,
    name: &syn::Ident,
) -> Plan {
    let fields = &unit.fields;
    check_fields(cx, fields);
    let status = eff.status.map_or(200, |s| s.value);

    // A bare newtype variant is a response of its own.
    // (Unless the enum renders its whole value: then every variant is that value.)
    if let Some(v) = variant
        && !v.attrs.any
        && !matches!(eff.render, Some((Mode::Display | Mode::With(_), _)))
        && unit.style == Style::Unnamed
        && fields.len() == 1
        && fields[0].attrs.role == Role::Plain
    {
        return Plan {
            status,
            headers: eff.headers.clone(),
            content_type: None,
            charset: None,
            body: BodyPlan::Delegate(0),
        };
    }

    let mode = default_mode(eff);
    let body_fields: Vec<usize> = index_where(fields, |r| *r == Role::Body);
    let plain: Vec<usize> = index_where(fields, |r| *r == Role::Plain);
    for extra in body_fields.iter().skip(1) {
        let first = &fields[body_fields[0]];
        cx.error_spanned_by(
            fields[*extra].original,
            format!(
                "two body fields: `{}` is already the body; a response has one body",
                first.name()
            ),
        );
    }

    let body = if let Some(&b) = body_fields.first() {
        for &p in &plain {
            cx.error_spanned_by(
                fields[p].original,
                format!(
                    "field `{}` has no role: `{}` is the body, so mark this one #[response(skip)], or give it a role (header, cookie, status, background)",
                    fields[p].name(),
                    fields[b].name()
                ),
            );
        }
        BodyPlan::Field(b, mode.clone())
    } else {
        match &mode {
            Mode::Json => {
                if plain.is_empty() {
                    BodyPlan::None
                } else if variant.is_none() && plain.len() == fields.len() {
                    BodyPlan::Whole(Mode::Json)
                } else {
                    BodyPlan::Proxy
                }
            }
            // The whole value, even of a unit struct or variant (an error enum's
            // `Display`), unless the status has no body and there is nothing else to
            // send.
            Mode::Display | Mode::With(_) => {
                if fields.is_empty() && !literal::status_allows_content(status) {
                    BodyPlan::None
                } else {
                    BodyPlan::Whole(mode.clone())
                }
            }
            Mode::Text | Mode::Bytes => match plain.as_slice() {
                [] => BodyPlan::None,
                [only] => BodyPlan::Field(*only, mode.clone()),
                [_, second, ..] => {
                    cx.error_spanned_by(
                        fields[*second].original,
                        format!(
                            "which field is the body? `render = {}` takes one field: mark it #[response(body)] and give the others a role or #[response(skip)]",
                            mode.name()
                        ),
                    );
                    BodyPlan::None
                }
            },
        }
    };

    let has_body = !matches!(body, BodyPlan::None);

    // A body on a status that has none.
    if has_body && !literal::status_allows_content(status) {
        let inherited = variant.is_some_and(|v| v.attrs.status.is_none());
        let what = if inherited {
            "variants of this enum have one".to_owned()
        } else {
            format!("`{name}` has one")
        };
        let message = format!(
            "status {status} has no body (1xx, 204, 205 and 304 never do), but {what}; remove the body or choose another status"
        );
        match eff.status {
            Some(s) => cx.error_at(s.span, message),
            None => cx.error_spanned_by(name, message),
        }
    }

    // Charset: only where text is encoded.
    let charset = match eff.charset {
        Some(cs) if eff.own_charset || variant.is_none() => {
            if !has_body {
                cx.error_at(
                    cs.span,
                    "`charset` does not apply here: this response has no body to encode",
                );
                None
            } else if matches!(mode, Mode::Text | Mode::Display) {
                Some(cs.value.clone())
            } else {
                cx.error_at(cs.span, charset_misuse(&mode));
                None
            }
        }
        Some(cs) if matches!(mode, Mode::Text | Mode::Display) && has_body => {
            Some(cs.value.clone())
        }
        _ => None,
    };

    // A media type that names its own charset: the body is encoded with it, never with
    // another (the runtime's rule, `ContentType::encoding`).
    let charset = match (eff.media_type, &mode) {
        (Some(m), Mode::Json) if has_body => {
            if let Some(named) = &m.value.charset_param
                && !matches!(literal::charset(named), Ok(literal::Codec::Utf8))
            {
                cx.error_at(
                    m.span,
                    format!("charset mismatch: the media type names charset {named:?}, but a JSON body is always UTF-8"),
                );
            }
            charset
        }
        (Some(m), Mode::Text | Mode::Display) if has_body => match &m.value.charset_param {
            Some(named) => match literal::charset(named) {
                Err(msg) => {
                    cx.error_at(m.span, msg);
                    charset
                }
                Ok(codec) => match &charset {
                    Some(given) if given.codec != codec => {
                        cx.error_at(
                            eff.charset.map_or(m.span, |c| c.span),
                            format!(
                                "charset mismatch: the media type names charset {named:?}, but the charset is set to {:?}: the body would not be what content-type says",
                                given.label
                            ),
                        );
                        charset
                    }
                    _ => Some(Charset {
                        label: named.clone(),
                        codec,
                    }),
                },
            },
            None => charset,
        },
        _ => charset,
    };

    // Media type and content-type.
    let media = match eff.media_type {
        Some(m) if has_body || eff.own_media_type => Some(m.value.clone()),
        Some(_) => None,
        None if !has_body => None,
        None => match mode {
            Mode::Json => literal::media_type("application/json").ok(),
            Mode::Text | Mode::Display => literal::media_type("text/plain").ok(),
            Mode::Bytes | Mode::With(_) => None,
        },
    };
    let label = charset.as_ref().map_or("utf-8", |c| c.label.as_str());
    let content_type = media.map(|m| literal::content_type(&m, label));

    Plan {
        status,
        headers: eff.headers.clone(),
        content_type,
        charset: if matches!(mode, Mode::Text | Mode::Display) && has_body {
            Some(charset.unwrap_or(Charset {
                label: "utf-8".to_owned(),
                codec: literal::Codec::Utf8,
            }))
        } else {
            None
        },
        body,
    }
}

fn index_where(fields: &[Field<'_>], pred: impl Fn(&Role) -> bool) -> Vec<usize> {
    fields
        .iter()
        .enumerate()
        .filter(|(_, f)| pred(&f.attrs.role))
        .map(|(i, _)| i)
        .collect()
}

/// Rules about fields that do not depend on the rendering.
fn check_fields(cx: &Ctxt, fields: &[Field<'_>]) {
    let statuses = index_where(fields, |r| *r == Role::Status);
    for extra in statuses.iter().skip(1) {
        cx.error_spanned_by(
            fields[*extra].original,
            format!(
                "two status fields: `{}` already sets the status",
                fields[statuses[0]].name()
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plans(input: &syn::DeriveInput) -> Result<Vec<Plan>, Vec<String>> {
        let cx = Ctxt::new();
        let parsed = Input::from_syn(&cx, input).expect("struct or enum");
        let validated = check(&cx, parsed);
        match cx.check() {
            Ok(()) => Ok(validated.plans),
            Err(err) => Err(err.into_iter().map(|e| e.to_string()).collect()),
        }
    }

    #[test]
    fn json_is_the_default() {
        let input: syn::DeriveInput = syn::parse_quote! {
            struct User { id: u64 }
        };
        let plan = &plans(&input).unwrap()[0];
        assert_eq!(plan.status, 200);
        assert_eq!(plan.content_type.as_deref(), Some("application/json"));
        assert!(matches!(plan.body, BodyPlan::Whole(Mode::Json)));
    }

    #[test]
    fn media_type_chooses_the_rendering() {
        let input: syn::DeriveInput = syn::parse_quote! {
            #[response(media_type = "text/html", charset = "latin-1")]
            struct Page(String);
        };
        let plan = &plans(&input).unwrap()[0];
        assert_eq!(
            plan.content_type.as_deref(),
            Some("text/html; charset=latin-1")
        );
        assert!(matches!(plan.body, BodyPlan::Field(0, Mode::Text)));
        assert_eq!(
            plan.charset.as_ref().map(|c| c.codec),
            Some(literal::Codec::Latin1)
        );

        let input: syn::DeriveInput = syn::parse_quote! {
            #[response(media_type = "image/png")]
            struct Png(Vec<u8>);
        };
        assert!(matches!(
            plans(&input).unwrap()[0].body,
            BodyPlan::Field(0, Mode::Bytes)
        ));
    }

    #[test]
    fn role_fields_make_a_proxy() {
        let input: syn::DeriveInput = syn::parse_quote! {
            struct Created { id: u64, #[response(header = "x-id")] rid: String }
        };
        assert!(matches!(plans(&input).unwrap()[0].body, BodyPlan::Proxy));
    }

    #[test]
    fn enum_variants() {
        let input: syn::DeriveInput = syn::parse_quote! {
            #[response(header("x-api" = "1"))]
            enum E {
                #[response(status = 404)]
                Missing,
                Inner(Other),
                #[response(status = 409, media_type = "text/plain", header("x-v" = "2"))]
                Conflict(String),
            }
        };
        let plans = plans(&input).unwrap();
        assert!(matches!(plans[0].body, BodyPlan::None));
        assert_eq!(plans[0].status, 404);
        assert_eq!(plans[0].content_type, None);
        assert!(matches!(plans[1].body, BodyPlan::Delegate(0)));
        assert!(matches!(plans[2].body, BodyPlan::Field(0, Mode::Text)));
        let names: Vec<_> = plans[2].headers.iter().map(|h| h.name.as_str()).collect();
        assert_eq!(names, ["x-api", "x-v"]);
    }

    #[test]
    fn every_error_is_reported() {
        let input: syn::DeriveInput = syn::parse_quote! {
            #[response(status = 700, media_type = "nope", stauts = 1)]
            struct Bad {
                #[response(body)] a: String,
                #[response(body)] b: String,
                #[response(header = "content-length")] c: u64,
            }
        };
        let Err(errors) = plans(&input) else {
            panic!("expected errors")
        };
        assert_eq!(errors.len(), 5, "{errors:#?}");
        assert!(errors.iter().any(|e| e.contains("did you mean `status`")));
    }

    #[test]
    fn no_body_on_204() {
        let input: syn::DeriveInput = syn::parse_quote! {
            #[response(status = 204)]
            struct Deleted { message: String }
        };
        let Err(errors) = plans(&input) else {
            panic!("expected errors")
        };
        assert!(
            errors[0].starts_with("status 204 has no body"),
            "{errors:?}"
        );
        let input: syn::DeriveInput = syn::parse_quote! {
            #[response(status = 204)]
            struct Deleted { #[response(header = "x-id")] id: u32 }
        };
        assert!(matches!(plans(&input).unwrap()[0].body, BodyPlan::None));
    }
}
