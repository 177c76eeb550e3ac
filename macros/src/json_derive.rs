//! `#[derive(responses::Json)]`: `JsonWrite` for a plain `Serialize` struct, so that a
//! response nesting it writes it directly. A struct the direct writer cannot write (generic,
//! a tuple struct, an enum, a serde attribute it does not follow) gets a `JsonWrite` that
//! calls serde_json: the same bytes, serde's speed.

use proc_macro2::TokenStream;
use quote::quote;

use crate::expand::{object_writer_of, serde_checked};
use crate::paths::Runtime;

pub(crate) fn derive(input: &syn::DeriveInput) -> TokenStream {
    let rt = Runtime::new(None);
    let ident = &input.ident;
    let json_write = rt.item("JsonWrite");
    let krate = rt.krate_path();
    let out = syn::Ident::new("__responses_out", proc_macro2::Span::mixed_site());
    let mut generics = input.generics.clone();
    let body = match object_writer_of(input, &rt, &out) {
        Some(write) => {
            let write = serde_checked(&rt, &out, write);
            quote! {
                #write
                ::core::result::Result::Ok(())
            }
        }
        None => {
            // serde writes it: the type must be `Serialize` (for a generic one, when its
            // parameters are).
            let serialize = rt.item("Serialize");
            generics
                .make_where_clause()
                .predicates
                .push(syn::parse_quote!(Self: #serialize));
            let write_into = quote!(#krate::json::write_into);
            quote!(#write_into(#out, self))
        }
    };
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    quote! {
        #[automatically_derived]
        impl #impl_generics #json_write for #ident #ty_generics #where_clause {
            fn write_json(&self, #out: &mut ::std::vec::Vec<u8>) -> ::core::result::Result<(), #krate::Error> {
                #body
            }
        }
    }
}
