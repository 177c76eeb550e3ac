//! Procedural macros of the [`responses`](https://docs.rs/responses) crate:
//! `#[derive(Response)]` and `#[endpoint]`.
//!
//! Use them through `responses`, which re-exports them with their documentation; this
//! crate has no API of its own. The pipeline is parse (`attr`, `ast`) → validate
//! (`valid`, errors collected in `ctxt`) → expand (`expand`, which cannot fail).

mod ast;
mod attr;
mod check;
mod ctxt;
mod endpoint;
mod expand;
mod valid;

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
    let krate = parsed
        .as_ref()
        .and_then(|p| p.attrs.krate.clone())
        .unwrap_or_else(expand::default_crate);
    let validated = parsed.map(|p| valid::check(&cx, p));
    match (cx.check(), validated) {
        (Ok(()), Some(v)) => expand::derive(&v, &krate),
        (Err(err), _) => ctxt::with_errors(expand::fallback(input, &krate), &err),
        (Ok(()), None) => expand::fallback(input, &krate),
    }
}

/// Declares the response class and status of a handler. See `responses::endpoint`.
#[proc_macro_attribute]
pub fn endpoint(args: TokenStream, item: TokenStream) -> TokenStream {
    endpoint::expand(args.into(), item.into()).into()
}
