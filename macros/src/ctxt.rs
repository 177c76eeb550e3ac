//! Collects errors so that one compilation reports every mistake of an item at once.

use std::cell::RefCell;
use std::fmt::Display;

use proc_macro2::TokenStream;
use quote::ToTokens;

/// The errors met while parsing and validating one item.
#[derive(Default)]
pub(crate) struct Ctxt {
    errors: RefCell<Vec<syn::Error>>,
}

impl Ctxt {
    pub(crate) fn new() -> Self {
        Ctxt::default()
    }

    /// An error spanning `tokens` (the narrowest tokens that show the mistake).
    pub(crate) fn error_spanned_by<T: ToTokens, M: Display>(&self, tokens: T, message: M) {
        self.errors
            .borrow_mut()
            .push(syn::Error::new_spanned(tokens.into_token_stream(), message));
    }

    /// An error at a span.
    pub(crate) fn error_at<M: Display>(&self, span: proc_macro2::Span, message: M) {
        self.errors
            .borrow_mut()
            .push(syn::Error::new(span, message));
    }

    /// A `syn` parse error.
    pub(crate) fn syn_error(&self, err: syn::Error) {
        self.errors.borrow_mut().push(err);
    }

    /// All errors combined into one, or `Ok` when there were none.
    pub(crate) fn check(self) -> Result<(), syn::Error> {
        // One mistake seen from several places (a container status checked for every
        // variant) is reported once.
        let mut seen = std::collections::HashSet::new();
        let mut errors = self
            .errors
            .into_inner()
            .into_iter()
            .filter(|e| seen.insert((e.to_string(), format!("{:?}", e.span()))));
        let Some(mut combined) = errors.next() else {
            return Ok(());
        };
        for err in errors {
            combined.combine(err);
        }
        Err(combined)
    }
}

/// Tokens of `compile_error!`s for `err`, next to `tokens`.
pub(crate) fn with_errors(tokens: TokenStream, err: &syn::Error) -> TokenStream {
    let errors = err.to_compile_error();
    quote::quote! { #errors #tokens }
}
