//! Collects errors so that one compilation reports every mistake of an item at once, and
//! suggests the word a near miss meant.

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
    /// The value of a check; on error, records its message at `tokens` and gives `None`.
    pub(crate) fn report<T, M: Display>(
        &self,
        tokens: impl ToTokens,
        result: Result<T, M>,
    ) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(message) => {
                self.error_spanned_by(tokens, message);
                None
            }
        }
    }

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

/// Levenshtein distance, for "did you mean" suggestions.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The closest of `candidates` to `word`, if it is close enough to be a typo.
pub(crate) fn suggest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (distance(word, c), *c))
        .filter(|(d, c)| *d <= 2.max(c.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        let keys = ["status", "media_type", "charset", "header"];
        assert_eq!(suggest("stauts", &keys), Some("status"));
        assert_eq!(suggest("mediatype", &keys), Some("media_type"));
        assert_eq!(suggest("content_type", &keys), None);
    }
}
