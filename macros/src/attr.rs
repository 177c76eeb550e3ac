//! Parsing of `#[response(...)]` attributes. Every value keeps the span of its tokens so
//! that errors point at the offending token; simple checks (is the literal valid, is the key
//! known, is it repeated) happen here, checks across attributes in `plan.rs`.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::meta::ParseNestedMeta;
use syn::parse::ParseStream;
use syn::spanned::Spanned as _;
use syn::{Attribute, Ident, Lit, LitStr, Token};

use crate::ctxt::Ctxt;
use crate::literal;

/// Keys of a `#[response(...)]` on a struct or enum.
pub(crate) const CONTAINER_KEYS: &[&str] = &[
    "status",
    "media_type",
    "charset",
    "header",
    "render",
    "render_with",
    "openapi",
    "crate",
];
/// Keys of a `#[response(...)]` on an enum variant.
pub(crate) const VARIANT_KEYS: &[&str] = &[
    "status",
    "media_type",
    "charset",
    "header",
    "render",
    "render_with",
];
/// Keys of a `#[response(...)]` on a field.
pub(crate) const FIELD_KEYS: &[&str] =
    &["body", "header", "cookie", "status", "background", "skip"];
/// Values of `render = ...`.
const RENDERS: &[&str] = &["json", "text", "display", "bytes"];

/// A value and the span of the tokens that gave it.
#[derive(Clone)]
pub(crate) struct Spanned<T> {
    pub(crate) value: T,
    pub(crate) span: Span,
}

/// How a body is rendered.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Render {
    Json,
    Text,
    Display,
    Bytes,
}

impl Render {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Render::Json => "json",
            Render::Text => "text",
            Render::Display => "display",
            Render::Bytes => "bytes",
        }
    }
}

/// A `header("name" = "value")` attribute.
#[derive(Clone)]
pub(crate) struct StaticHeader {
    pub(crate) name: String,
    pub(crate) value: literal::HeaderValue,
}

/// A charset attribute: the label as written and its encoder.
#[derive(Clone)]
pub(crate) struct Charset {
    pub(crate) label: String,
    pub(crate) codec: literal::Codec,
}

/// The `#[response(...)]` of a struct, enum or variant.
#[derive(Default, Clone)]
pub(crate) struct TypeAttrs {
    pub(crate) status: Option<Spanned<u16>>,
    pub(crate) media_type: Option<Spanned<literal::MediaType>>,
    pub(crate) charset: Option<Spanned<Charset>>,
    pub(crate) headers: Vec<Spanned<StaticHeader>>,
    pub(crate) render: Option<Spanned<Render>>,
    pub(crate) render_with: Option<syn::Path>,
    pub(crate) krate: Option<syn::Path>,
    /// `openapi = false`: no OpenAPI traits (the type's own are written by hand).
    pub(crate) openapi: Option<bool>,
    /// Whether any attribute was given (a newtype variant without any delegates).
    pub(crate) any: bool,
}

/// What a field is for.
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum Role {
    /// No attribute: part of the body (JSON), or the body itself when alone.
    Plain,
    Body,
    Header(String),
    Cookie,
    Status,
    Background,
    Skip,
}

impl Role {
    /// The attribute key that gives this role.
    pub(crate) fn key(&self) -> &'static str {
        match self {
            Role::Plain => "",
            Role::Body => "body",
            Role::Header(_) => "header",
            Role::Cookie => "cookie",
            Role::Status => "status",
            Role::Background => "background",
            Role::Skip => "skip",
        }
    }
}

/// The `#[response(...)]` of a field.
#[derive(Clone)]
pub(crate) struct FieldAttrs {
    pub(crate) role: Role,
    /// The span of the key that set the role (for errors about it).
    pub(crate) span: Option<Span>,
}

fn is_response(attr: &Attribute) -> bool {
    attr.path().is_ident("response")
}

/// Names a key as the user wrote it, for messages.
fn key_name(meta: &ParseNestedMeta<'_>) -> String {
    let path = &meta.path;
    path.get_ident()
        .map(ToString::to_string)
        .unwrap_or_else(|| quote::quote!(#path).to_string().replace(' ', ""))
}

/// Skips a key's value (`= tokens` up to the next comma, or a parenthesized group) after an
/// error, so that the rest of the attribute is still parsed.
fn skip_value(meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        meta.input.parse::<Token![=]>()?;
        while !meta.input.is_empty() && !meta.input.peek(Token![,]) {
            meta.input.parse::<TokenTree>()?;
        }
    } else if meta.input.peek(syn::token::Paren) {
        meta.input.parse::<TokenTree>()?;
    }
    Ok(())
}

fn unknown_key(cx: &Ctxt, meta: &ParseNestedMeta<'_>, place: &str, keys: &[&str]) {
    let name = key_name(meta);
    let expected = keys
        .iter()
        .map(|k| format!("`{k}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut message =
        format!("unknown response attribute `{name}` on {place}; expected one of {expected}");
    if let Some(near) = crate::ctxt::suggest(&name, keys) {
        message.push_str(&format!("\nhelp: did you mean `{near}`?"));
    }
    cx.error_spanned_by(&meta.path, message);
}

fn duplicate(cx: &Ctxt, meta: &ParseNestedMeta<'_>) {
    cx.error_spanned_by(
        &meta.path,
        format!("duplicate #[response({})] attribute", key_name(meta)),
    );
}

/// Reads `= <literal>` after a key. A missing `=` or a value that is not a literal is
/// recorded as an error and skipped, so that the rest of the attribute is still checked.
fn literal_value(cx: &Ctxt, meta: &ParseNestedMeta<'_>, example: &str) -> syn::Result<Option<Lit>> {
    if !meta.input.peek(Token![=]) {
        cx.error_spanned_by(&meta.path, format!("expected a value: write `{example}`"));
        skip_value(meta)?;
        return Ok(None);
    }
    let input = meta.value()?;
    if input.peek(Lit) {
        return Ok(Some(input.parse()?));
    }
    let rest = skip_rest(input)?;
    cx.error_spanned_by(
        if rest.is_empty() {
            meta.path.to_token_stream()
        } else {
            rest
        },
        format!("expected a literal: write `{example}`"),
    );
    Ok(None)
}

/// Consumes the tokens up to the next comma; returns them.
fn skip_rest(input: ParseStream<'_>) -> syn::Result<TokenStream> {
    let mut rest = TokenStream::new();
    while !input.is_empty() && !input.peek(Token![,]) {
        rest.extend(std::iter::once(input.parse::<TokenTree>()?));
    }
    Ok(rest)
}

fn str_value(cx: &Ctxt, meta: &ParseNestedMeta<'_>, example: &str) -> syn::Result<Option<LitStr>> {
    Ok(match literal_value(cx, meta, example)? {
        Some(Lit::Str(s)) => Some(s),
        Some(other) => {
            cx.error_spanned_by(&other, format!("expected a string: write `{example}`"));
            None
        }
        None => None,
    })
}

/// Parses `("name" = "value")` of a `header(...)` attribute, recording errors.
fn header_pair(cx: &Ctxt, meta: &ParseNestedMeta<'_>) -> syn::Result<Option<(LitStr, LitStr)>> {
    const EXAMPLE: &str = "expected `header(\"name\" = \"value\")`";
    if !meta.input.peek(syn::token::Paren) {
        cx.error_spanned_by(&meta.path, EXAMPLE);
        skip_value(meta)?;
        return Ok(None);
    }
    let content;
    syn::parenthesized!(content in meta.input);
    let parsed = (|| -> syn::Result<(LitStr, LitStr)> {
        let name: LitStr = content.parse()?;
        content.parse::<Token![=]>()?;
        let value: LitStr = content.parse()?;
        Ok((name, value))
    })();
    match parsed {
        Ok(pair) if content.is_empty() => Ok(Some(pair)),
        Ok(_) => {
            let rest: TokenStream = content.parse()?;
            cx.error_spanned_by(rest, EXAMPLE);
            Ok(None)
        }
        Err(err) => {
            cx.error_at(err.span(), EXAMPLE);
            let _: TokenStream = content.parse()?;
            Ok(None)
        }
    }
}

/// A key that may be given once: its first value, and a duplicate error on a repeat.
pub(crate) struct Attr<'c, T> {
    cx: &'c Ctxt,
    value: Option<T>,
}

impl<'c, T> Attr<'c, T> {
    pub(crate) fn none(cx: &'c Ctxt) -> Self {
        Attr { cx, value: None }
    }

    /// Sets the value `check` gives (it records its own errors and gives `None` then),
    /// unless the key was given already: then the error `duplicate`, at `key`, and
    /// `check` is not run.
    pub(crate) fn set_once(
        &mut self,
        key: impl ToTokens,
        duplicate: impl FnOnce() -> String,
        check: impl FnOnce() -> Option<T>,
    ) {
        if self.value.is_some() {
            self.cx.error_spanned_by(key, duplicate());
        } else {
            self.value = check();
        }
    }

    pub(crate) fn get(self) -> Option<T> {
        self.value
    }
}

/// The error of a `#[response(...)]` key given twice.
fn duplicate_key(meta: &ParseNestedMeta<'_>) -> impl FnOnce() -> String {
    let name = key_name(meta);
    move || format!("duplicate #[response({name})] attribute")
}

/// The keys of a `#[response(...)]` on a struct, enum or variant, as they are read.
struct TypeAttrsBuilder<'c> {
    cx: &'c Ctxt,
    status: Attr<'c, Spanned<u16>>,
    media_type: Attr<'c, Spanned<literal::MediaType>>,
    charset: Attr<'c, Spanned<Charset>>,
    headers: Vec<Spanned<StaticHeader>>,
    render: Attr<'c, Spanned<Render>>,
    render_with: Attr<'c, syn::Path>,
    krate: Attr<'c, syn::Path>,
    openapi: Attr<'c, bool>,
}

impl<'c> TypeAttrsBuilder<'c> {
    fn new(cx: &'c Ctxt) -> Self {
        TypeAttrsBuilder {
            cx,
            status: Attr::none(cx),
            media_type: Attr::none(cx),
            charset: Attr::none(cx),
            headers: Vec::new(),
            render: Attr::none(cx),
            render_with: Attr::none(cx),
            krate: Attr::none(cx),
            openapi: Attr::none(cx),
        }
    }

    fn status(&mut self, meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
        let cx = self.cx;
        let Some(lit) = literal_value(cx, meta, "status = 201")? else {
            return Ok(());
        };
        let Lit::Int(lit) = lit else {
            cx.error_spanned_by(&lit, "expected an integer: write `status = 201`");
            return Ok(());
        };
        self.status.set_once(&meta.path, duplicate_key(meta), || {
            let code = lit.base10_parse::<u64>().map_err(|e| e.to_string());
            let value = cx.report(&lit, code.and_then(literal::status))?;
            Some(Spanned {
                value,
                span: lit.span(),
            })
        });
        Ok(())
    }

    fn media_type(&mut self, meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
        let cx = self.cx;
        let Some(lit) = str_value(cx, meta, "media_type = \"application/json\"")? else {
            return Ok(());
        };
        self.media_type
            .set_once(&meta.path, duplicate_key(meta), || {
                let value = cx.report(&lit, literal::media_type(&lit.value()))?;
                Some(Spanned {
                    value,
                    span: lit.span(),
                })
            });
        Ok(())
    }

    fn charset(&mut self, meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
        let cx = self.cx;
        let Some(lit) = str_value(cx, meta, "charset = \"latin-1\"")? else {
            return Ok(());
        };
        self.charset.set_once(&meta.path, duplicate_key(meta), || {
            let label = lit.value();
            let codec = cx.report(&lit, literal::charset(&label))?;
            Some(Spanned {
                value: Charset { label, codec },
                span: lit.span(),
            })
        });
        Ok(())
    }

    fn header(&mut self, meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
        let cx = self.cx;
        let Some((name, value)) = header_pair(cx, meta)? else {
            return Ok(());
        };
        let name_checked = literal::header_name(&name.value());
        let value_checked = literal::header_value(&value.value());
        match (name_checked, value_checked) {
            (Ok(n), Ok(v)) => match literal::computed_header(&n) {
                Some(why) => cx.error_spanned_by(&name, why),
                None => self.headers.push(Spanned {
                    value: StaticHeader { name: n, value: v },
                    span: name.span(),
                }),
            },
            (n, v) => {
                if let Err(msg) = n {
                    cx.error_spanned_by(&name, msg);
                }
                if let Err(msg) = v {
                    cx.error_spanned_by(&value, msg);
                }
            }
        }
        Ok(())
    }

    fn render(&mut self, meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
        let cx = self.cx;
        if !meta.input.peek(Token![=]) {
            cx.error_spanned_by(&meta.path, "expected a value: write `render = json`");
            return skip_value(meta);
        }
        let input = meta.value()?;
        let Ok(ident) = input.call(Ident::parse_any) else {
            let rest = skip_rest(input)?;
            cx.error_spanned_by(rest, "expected one of `json`, `text`, `display`, `bytes`");
            return Ok(());
        };
        let render = match ident.to_string().as_str() {
            "json" => Some(Render::Json),
            "text" => Some(Render::Text),
            "display" => Some(Render::Display),
            "bytes" => Some(Render::Bytes),
            other => {
                let mut msg = format!(
                    "unknown rendering `{other}`; expected one of `json`, `text`, `display`, `bytes` (or `render_with = path::to::function`)"
                );
                if let Some(near) = crate::ctxt::suggest(other, RENDERS) {
                    msg.push_str(&format!("\nhelp: did you mean `{near}`?"));
                }
                cx.error_spanned_by(&ident, msg);
                None
            }
        };
        self.render.set_once(&meta.path, duplicate_key(meta), || {
            render.map(|value| Spanned {
                value,
                span: ident.span(),
            })
        });
        Ok(())
    }

    fn render_with(&mut self, meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
        let cx = self.cx;
        const EXAMPLE: &str = "write `render_with = path::to::function`";
        if !meta.input.peek(Token![=]) {
            cx.error_spanned_by(&meta.path, format!("expected a value: {EXAMPLE}"));
            return skip_value(meta);
        }
        let input = meta.value()?;
        let Ok(path) = input.parse::<syn::Path>() else {
            let rest = skip_rest(input)?;
            let at = if rest.is_empty() {
                meta.path.to_token_stream()
            } else {
                rest
            };
            cx.error_spanned_by(at, format!("expected a function path: {EXAMPLE}"));
            return Ok(());
        };
        self.render_with
            .set_once(&meta.path, duplicate_key(meta), || Some(path));
        Ok(())
    }

    fn krate(&mut self, meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
        let cx = self.cx;
        let Some(lit) = str_value(cx, meta, "crate = \"::responses\"")? else {
            return Ok(());
        };
        self.krate.set_once(&meta.path, duplicate_key(meta), || {
            let path = lit.parse::<syn::Path>().map_err(|_| {
                format!(
                    "`crate` must be a path, like \"::responses\", not {:?}",
                    lit.value()
                )
            });
            cx.report(&lit, path)
        });
        Ok(())
    }

    fn openapi(&mut self, meta: &ParseNestedMeta<'_>) -> syn::Result<()> {
        let cx = self.cx;
        let Some(lit) = literal_value(cx, meta, "openapi = false")? else {
            return Ok(());
        };
        let Lit::Bool(lit) = lit else {
            cx.error_spanned_by(&lit, "expected `true` or `false`: write `openapi = false`");
            return Ok(());
        };
        self.openapi
            .set_once(&meta.path, duplicate_key(meta), || Some(lit.value));
        Ok(())
    }

    fn build(self, any: bool) -> TypeAttrs {
        TypeAttrs {
            status: self.status.get(),
            media_type: self.media_type.get(),
            charset: self.charset.get(),
            headers: self.headers,
            render: self.render.get(),
            render_with: self.render_with.get(),
            krate: self.krate.get(),
            openapi: self.openapi.get(),
            any,
        }
    }
}

/// Parses the `#[response(...)]` attributes of a struct, enum (`is_container`) or variant.
pub(crate) fn type_attrs(cx: &Ctxt, attrs: &[Attribute], is_container: bool) -> TypeAttrs {
    let mut out = TypeAttrsBuilder::new(cx);
    let (keys, place) = if is_container {
        (CONTAINER_KEYS, "a type")
    } else {
        (VARIANT_KEYS, "a variant")
    };
    let mut any = false;
    for attr in attrs.iter().filter(|a| is_response(a)) {
        any = true;
        let result = attr.parse_nested_meta(|meta| match key_name(&meta).as_str() {
            "status" => out.status(&meta),
            "media_type" => out.media_type(&meta),
            "charset" => out.charset(&meta),
            "header" => out.header(&meta),
            "render" => out.render(&meta),
            "render_with" => out.render_with(&meta),
            "crate" if is_container => out.krate(&meta),
            "openapi" if is_container => out.openapi(&meta),
            _ => {
                unknown_key(cx, &meta, place, keys);
                skip_value(&meta)
            }
        });
        if let Err(err) = result {
            cx.syn_error(err);
        }
    }
    out.build(any)
}

/// Parses the `#[response(...)]` attributes of a field.
pub(crate) fn field_attrs(cx: &Ctxt, attrs: &[Attribute]) -> FieldAttrs {
    let mut out = FieldAttrs {
        role: Role::Plain,
        span: None,
    };
    // A field whose attribute is wrong is left out of the later checks, so that one
    // mistake gives one error.
    let mut errored = false;
    for attr in attrs.iter().filter(|a| is_response(a)) {
        let result = attr.parse_nested_meta(|meta| {
            let key = key_name(&meta);
            let role = match key.as_str() {
                "body" => Role::Body,
                "cookie" => Role::Cookie,
                "status" => Role::Status,
                "background" => Role::Background,
                "skip" => Role::Skip,
                "header" => {
                    if !meta.input.peek(Token![=]) {
                        cx.error_spanned_by(&meta.path, "expected `header = \"name\"` on a field");
                        errored = true;
                        return skip_value(&meta);
                    }
                    let Some(lit) = str_value(cx, &meta, "header = \"x-request-id\"")? else {
                        errored = true;
                        return Ok(());
                    };
                    match literal::header_name(&lit.value()) {
                        Ok(name) => match literal::computed_header(&name) {
                            Some(why) => {
                                cx.error_spanned_by(&lit, why);
                                errored = true;
                                return Ok(());
                            }
                            None => Role::Header(name),
                        },
                        Err(msg) => {
                            cx.error_spanned_by(&lit, msg);
                            errored = true;
                            return Ok(());
                        }
                    }
                }
                _ => {
                    unknown_key(cx, &meta, "a field", FIELD_KEYS);
                    errored = true;
                    return skip_value(&meta);
                }
            };
            if !matches!(role, Role::Header(_)) && !meta.input.is_empty() && !meta.input.peek(Token![,]) {
                cx.error_spanned_by(
                    &meta.path,
                    format!("field attribute `{key}` takes no value: write #[response({key})]"),
                );
                skip_value(&meta)?;
            }
            if out.span.is_some() {
                let first = out.role.key();
                if first == key {
                    duplicate(cx, &meta);
                } else {
                    cx.error_spanned_by(
                        &meta.path,
                        format!("a field can have one role: it is already `{first}`, so it cannot also be `{key}`"),
                    );
                }
                return Ok(());
            }
            out.role = role;
            out.span = Some(meta.path.span());
            Ok(())
        });
        if let Err(err) = result {
            cx.syn_error(err);
            errored = true;
        }
    }
    if errored && out.role == Role::Plain {
        out.role = Role::Skip;
    }
    out
}
