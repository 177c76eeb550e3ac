//! The JSON writer of a body made of named fields: keys escaped here, once, into byte
//! literals (`b",\"name\":"`), each value written by the runtime's `JsonWrite` where its type
//! implements it and by serde_json otherwise (compact serde_json output does not depend on
//! where a value sits, so the bytes are serde's either way).
//!
//! It follows the serde attributes that only name or omit fields: `rename`, `rename_all`,
//! `skip`, `skip_serializing`, `skip_serializing_if`, and those that only concern
//! deserializing. Anything else (`flatten`, `serialize_with`, `with`, `getter`, a container's
//! `tag`, `transparent`, `into`, `remote`…), a generic type, or a tuple struct: no writer,
//! and the body is serde's, as before.

use proc_macro2::TokenStream;
use quote::quote;

use super::serde_names::{self, FieldName};
use crate::ast::Field;
use crate::paths::Runtime;

/// One written field: its key with the `:` (and, where the writer knows it follows another
/// field, the `,`), how to reach its value, and the `skip_serializing_if` function.
pub(super) struct WrittenField {
    key: String,
    value: TokenStream,
    skip_if: Option<syn::ExprPath>,
    /// Where a type error about the value points: the field's type.
    span: proc_macro2::Span,
}

/// The container attributes the writer follows; any other makes serde write the body.
const CONTAINER_KEYS: &[&str] = &[
    "rename_all",
    "rename",
    "deny_unknown_fields",
    "default",
    "bound",
    "crate",
    "expecting",
];

/// The field attributes the writer follows; any other makes serde write the body.
const FIELD_KEYS: &[&str] = &[
    "rename",
    "skip",
    "skip_serializing",
    "skip_serializing_if",
    "skip_deserializing",
    "default",
    "alias",
    "deserialize_with",
    "borrow",
    "bound",
];

/// Whether a struct's own serde attributes let the writer write it.
pub(super) fn container_allows(attrs: &[syn::Attribute]) -> bool {
    serde_names::item_keys(attrs)
        .iter()
        .all(|k| CONTAINER_KEYS.contains(&k.as_str()))
        && !serde_names::has_unreadable_value(attrs, "rename_all")
}

/// The fields to write, in order, or `None` if one of them needs serde. `value` gives the
/// expression of a field's value (a reference).
pub(super) fn fields<'a>(
    fields: impl Iterator<Item = &'a Field<'a>>,
    rename_all: Option<&str>,
    value: impl Fn(&Field<'_>) -> TokenStream,
) -> Option<Vec<WrittenField>> {
    let mut out = Vec::new();
    for f in fields {
        if !serde_names::item_keys(&f.original.attrs)
            .iter()
            .all(|k| FIELD_KEYS.contains(&k.as_str()))
            || serde_names::has_unreadable_value(&f.original.attrs, "rename")
            || serde_names::has_unreadable_value(&f.original.attrs, "skip_serializing_if")
        {
            return None;
        }
        match serde_names::field(f.original, rename_all)? {
            FieldName::Skipped => {}
            FieldName::Named { name, .. } => {
                let skip_if = match serde_names::field_value(f.original, "skip_serializing_if") {
                    Some(path) => Some(syn::parse_str::<syn::ExprPath>(&path).ok()?),
                    None => None,
                };
                out.push(WrittenField {
                    key: escape(&name),
                    value: value(f),
                    skip_if,
                    span: syn::spanned::Spanned::span(&f.original.ty),
                });
            }
        }
    }
    Some(out)
}

/// `"name":` as JSON writes it: the name escaped as serde_json escapes strings.
fn escape(name: &str) -> String {
    let mut out = String::from("\"");
    for c in name.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push_str("\":");
    out
}

/// The statements that write the object of `fields` to the `Vec<u8>` named `out`, with `?`
/// on each value.
pub(super) fn write_object(rt: &Runtime, out: &syn::Ident, fields: &[WrittenField]) -> TokenStream {
    let probe = rt.item("JsonProbe");
    let traits = {
        let fast = rt.item("JsonFast");
        let slow = rt.item("JsonSlow");
        quote!(#[allow(unused_imports)] use #fast as _; #[allow(unused_imports)] use #slow as _;)
    };
    let write_value = |f: &WrittenField| {
        let value = &f.value;
        let at = proc_macro2::Span::call_site().located_at(f.span);
        quote::quote_spanned!(at=> (&#probe(#value)).write_field(#out)?;)
    };
    if fields.iter().all(|f| f.skip_if.is_none()) {
        // Every field is written: the commas are part of the literals.
        let mut statements = Vec::new();
        for (i, f) in fields.iter().enumerate() {
            let lead = if i == 0 { "{" } else { "," };
            let literal = proc_macro2::Literal::byte_string(format!("{lead}{}", f.key).as_bytes());
            statements.push(quote!(#out.extend_from_slice(#literal);));
            statements.push(write_value(f));
        }
        let close = if fields.is_empty() {
            quote!(#out.extend_from_slice(b"{}");)
        } else {
            quote!(#out.push(b'}');)
        };
        return quote! {
            #traits
            #(#statements)*
            #close
        };
    }
    // Some fields may be left out: a comma before every field but the first written.
    let first = syn::Ident::new("__responses_first", proc_macro2::Span::mixed_site());
    let statements = fields.iter().map(|f| {
        let literal = proc_macro2::Literal::byte_string(f.key.as_bytes());
        let write = write_value(f);
        let field = quote! {
            if !#first {
                #out.push(b',');
            }
            #first = false;
            #out.extend_from_slice(#literal);
            #write
        };
        match &f.skip_if {
            Some(path) => {
                let value = &f.value;
                quote!(if !#path(#value) { #field })
            }
            None => field,
        }
    });
    quote! {
        #traits
        #out.push(b'{');
        #[allow(unused_assignments)]
        let mut #first = true;
        #(#statements)*
        #out.push(b'}');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_escaped_as_serde_json_escapes_them() {
        assert_eq!(escape("name"), "\"name\":");
        assert_eq!(escape("a\"b\\c"), "\"a\\\"b\\\\c\":");
        assert_eq!(escape("tab\tnl\n\u{1}"), "\"tab\\tnl\\n\\u0001\":");
        assert_eq!(escape("é☃"), "\"é☃\":");
    }
}
