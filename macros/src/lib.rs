//! Procedural macros of the [`responses`](https://docs.rs/responses) crate:
//! `#[derive(Response)]` and `#[endpoint]`.
//!
//! Use them through `responses`, which re-exports them with their documentation; this
//! crate has no API of its own. The derive's pipeline:
//!
//! 1. parse: `attr` reads `#[response(...)]` (each literal checked by `literal`, with the
//!    rules of `responses-rules`), `ast` numbers the fields;
//! 2. plan: `plan` checks what spans several attributes and resolves each struct or variant
//!    into a plan (status, headers, content-type, body);
//! 3. expand: `expand` turns the plans into calls to the runtime (`paths` names every
//!    runtime item it uses); it cannot fail.
//!
//! Errors are collected in `ctxt`, so that every mistake is reported at once. `endpoint`
//! is the `#[endpoint]` attribute.

mod ast;
mod attr;
mod ctxt;
mod endpoint;
mod expand;
mod json_derive;
mod literal;
mod paths;
mod plan;

use proc_macro::TokenStream;

/// Implements `responses::IntoHttp` for a struct or enum. See `responses::Response`.
#[proc_macro_derive(Response, attributes(response, serde))]
pub fn derive_response(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    derive(&input).into()
}

fn derive(input: &syn::DeriveInput) -> proc_macro2::TokenStream {
    let cx = ctxt::Ctxt::new();
    let parsed = ast::Input::from_syn(&cx, input);
    let rt = paths::Runtime::new(parsed.as_ref().and_then(|p| p.attrs.krate.clone()));
    let planned = parsed.map(|p| plan::check(&cx, p));
    match (cx.check(), planned) {
        (Ok(()), Some(v)) => expand::derive(&v, &rt),
        (Err(err), _) => ctxt::with_errors(expand::fallback(input, &rt), &err),
        (Ok(()), None) => expand::fallback(input, &rt),
    }
}

/// Implements `responses::json::JsonWrite` for a struct. See `responses::Json`.
#[proc_macro_derive(Json, attributes(serde))]
pub fn derive_json(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as syn::DeriveInput);
    json_derive::derive(&input).into()
}

/// Declares the response class and status of a handler. See `responses::endpoint`.
#[proc_macro_attribute]
pub fn endpoint(args: TokenStream, item: TokenStream) -> TokenStream {
    endpoint::expand(args.into(), item.into()).into()
}
