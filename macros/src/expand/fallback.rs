//! What the derive emits next to its errors.

use proc_macro2::TokenStream;
use quote::quote;

use crate::paths::Runtime;

/// A stub `impl` emitted next to the errors, so that uses of the type do not pile more
/// errors on top.
pub(crate) fn fallback(input: &syn::DeriveInput, rt: &Runtime) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let into_http = rt.trait_into_http();
    let http_result = rt.item("HttpResult");
    quote! {
        #[automatically_derived]
        impl #impl_generics #into_http for #ident #ty_generics #where_clause {
            fn into_http(self) -> #http_result {
                ::core::unimplemented!("#[derive(Response)] failed; see the compile errors")
            }
        }
    }
}
