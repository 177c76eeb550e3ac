//! Every item of the runtime crate that generated code names, in one table: the crate's
//! path (`::responses`, or the one given with `crate = "..."`) and the items under it.
//! Generated code calls these helpers; it never spells a runtime path itself.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, format_ident, quote};
use syn::Path;

use crate::attr::Charset;
use crate::literal::{self, Codec};

/// The runtime crate as generated code reaches it.
pub(crate) struct Runtime {
    krate: Path,
}

impl Runtime {
    /// The crate at `krate`, or at `::responses`.
    pub(crate) fn new(krate: Option<Path>) -> Self {
        Runtime {
            krate: krate.unwrap_or_else(|| syn::parse_quote!(::responses)),
        }
    }

    /// `__private`, the items generated code calls.
    fn private(&self) -> TokenStream {
        let krate = &self.krate;
        quote!(#krate::__private)
    }

    /// The crate's path (`::responses`, or the `crate = "..."` given).
    pub(crate) fn krate_path(&self) -> &Path {
        &self.krate
    }

    /// `IntoHttp`.
    pub(crate) fn trait_into_http(&self) -> TokenStream {
        let krate = &self.krate;
        quote!(#krate::IntoHttp)
    }

    /// `WithStatus`, the class of an endpoint with a status.
    pub(crate) fn with_status(&self) -> TokenStream {
        let krate = &self.krate;
        quote!(#krate::WithStatus)
    }

    /// `EndpointClass`, the trait that names an endpoint's response type.
    pub(crate) fn endpoint_class(&self) -> TokenStream {
        let krate = &self.krate;
        quote!(#krate::EndpointClass)
    }

    /// `Extras`, what a derived type becomes as an endpoint's class (so that the endpoint's
    /// status applies).
    pub(crate) fn extras(&self) -> TokenStream {
        let krate = &self.krate;
        quote!(#krate::Extras)
    }

    /// `FromContent`, how a derived type is made from a handler's value.
    pub(crate) fn trait_from_content(&self) -> TokenStream {
        let krate = &self.krate;
        quote!(#krate::FromContent)
    }

    /// `ResponseClass`, how a class is made from a handler's content.
    pub(crate) fn response_class(&self) -> TokenStream {
        let krate = &self.krate;
        quote!(#krate::ResponseClass)
    }

    /// `EndpointResponse`, what an endpoint with an `impl Trait` content returns.
    pub(crate) fn endpoint_response_trait(&self) -> TokenStream {
        let krate = &self.krate;
        quote!(#krate::EndpointResponse)
    }

    /// `serde_json::Value`: the type documented as any JSON.
    pub(crate) fn any_json(&self) -> TokenStream {
        let private = self.private();
        quote!(#private::serde_json::Value)
    }

    /// The OpenAPI impls of a derived type, for the features that are on.
    pub(crate) fn openapi_impls(&self) -> TokenStream {
        let krate = &self.krate;
        quote!(#krate::__openapi_impls)
    }

    /// The framework impls of a derived type, for the features that are on.
    pub(crate) fn framework_impls(&self) -> TokenStream {
        let krate = &self.krate;
        quote!(#krate::__framework_impls)
    }

    /// A `__private` item by name: `Builder`, `HttpResult`, `Some`, the field traits…
    pub(crate) fn item(&self, name: &str) -> TokenStream {
        let private = self.private();
        let ident = format_ident!("{}", name);
        quote!(#private::#ident)
    }

    /// The path of serde as the runtime re-exports it, for `#[serde(crate = "...")]`.
    pub(crate) fn serde_path(&self) -> String {
        format!(
            "{}::__private::serde",
            self.krate.to_token_stream().to_string().replace(' ', "")
        )
    }

    /// A status code checked during expansion, as a constant.
    pub(crate) fn status(&self, code: u16) -> TokenStream {
        let status = self.item("status");
        quote!(const { #status(#code) })
    }

    /// A header name checked during expansion, as a constant.
    pub(crate) fn header_name(&self, name: &str) -> TokenStream {
        let private = self.private();
        quote!(const { #private::http::HeaderName::from_static(#name) })
    }

    /// A header value checked during expansion: a constant for ASCII.
    pub(crate) fn header_value(&self, value: &literal::HeaderValue) -> TokenStream {
        let private = self.private();
        match value {
            literal::HeaderValue::Ascii(text) => {
                quote!(const { #private::http::HeaderValue::from_static(#text) })
            }
            literal::HeaderValue::Latin1(bytes) => {
                let lit = syn::LitByteStr::new(bytes, Span::call_site());
                quote!(#private::latin1_header_value(#lit))
            }
        }
    }

    /// A charset resolved during expansion, as a constant.
    pub(crate) fn charset(&self, charset: &Charset) -> TokenStream {
        let private = self.private();
        let label = &charset.label;
        let codec = match &charset.codec {
            Codec::Utf8 => quote!(#private::CharsetCodec::Utf8),
            Codec::Latin1 => quote!(#private::CharsetCodec::Latin1),
            Codec::Ascii => quote!(#private::CharsetCodec::Ascii),
            Codec::Other(encoding) => {
                let ident = format_ident!("{}_INIT", literal::encoding_static(encoding));
                quote!(#private::CharsetCodec::Other(&#private::encoding_rs::#ident))
            }
        };
        quote!(const { #private::charset(#label, #codec) })
    }

    /// `Some(value)` or `None`.
    pub(crate) fn option(&self, value: Option<TokenStream>) -> TokenStream {
        match value {
            Some(value) => {
                let some = self.item("Some");
                quote!(#some(#value))
            }
            None => self.item("None"),
        }
    }
}
