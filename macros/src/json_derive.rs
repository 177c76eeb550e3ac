//! `#[derive(responses::Json)]`: `JsonWrite` for a plain `Serialize` struct, so that a
//! response nesting it writes it directly. A struct the direct writer cannot write (generic,
//! a tuple struct, an enum, a serde attribute it does not follow) gets a `JsonWrite` that
//! calls serde_json: the same bytes, serde's speed.

use proc_macro2::TokenStream;
use quote::quote;

use crate::expand::json_writer;
use crate::paths::Runtime;

pub(crate) fn derive(input: &syn::DeriveInput) -> TokenStream {
    let rt = Runtime::new(None);
    let out = json_writer::out();
    let mut generics = input.generics.clone();
    let body = match json_writer::object_writer_of(input, &rt, &out) {
        Some(write) => json_writer::fields_body(&rt, write),
        None => {
            // serde writes it: the type must be `Serialize` (for a generic one, when its
            // parameters are).
            let serialize = rt.item("Serialize");
            generics
                .make_where_clause()
                .predicates
                .push(syn::parse_quote!(Self: #serialize));
            let krate = rt.krate_path();
            quote!(#krate::json::write_into(#out, self))
        }
    };
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    json_writer::json_write_item(
        &rt,
        &input.ident,
        &impl_generics,
        &ty_generics,
        &where_clause,
        body,
    )
}
