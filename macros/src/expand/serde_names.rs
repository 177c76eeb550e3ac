//! The names serde gives a struct's fields in JSON: `#[serde(rename = "...")]` on the
//! field, else the container's (or variant's) `rename_all`; and whether a field is always
//! there.

use proc_macro2::{TokenStream, TokenTree};

/// How serde serializes one field.
pub(super) enum FieldName {
    /// Not serialized (`skip`, `skip_serializing`).
    Skipped,
    /// Serialized under `name`; `always` unless `skip_serializing_if` may leave it out;
    /// `custom` when a function of its own serializes it (`serialize_with`, `with`), whose
    /// output the field's type does not tell.
    Named {
        name: String,
        always: bool,
        custom: bool,
    },
}

/// The tokens of a `#[serde(...)]` list, with the invisible groups a `macro_rules!`
/// fragment arrives in (`#[serde($meta)]`) opened, as serde's own parser sees through them.
pub(super) fn list_tokens(list: &syn::MetaList) -> Vec<TokenTree> {
    fn open(tokens: TokenStream, out: &mut Vec<TokenTree>) {
        for tt in tokens {
            match tt {
                TokenTree::Group(g) if g.delimiter() == proc_macro2::Delimiter::None => {
                    open(g.stream(), out);
                }
                tt => out.push(tt),
            }
        }
    }
    let mut out = Vec::new();
    open(list.tokens.clone(), &mut out);
    out
}

/// The `key = "value"` and bare `key` items of the `#[serde(...)]` attributes in `attrs`;
/// for `key(serialize = "value", ...)`, the serialized value (nothing when only
/// `deserialize` is given).
pub(super) fn items(attrs: &[syn::Attribute]) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let syn::Meta::List(list) = &attr.meta else {
            continue;
        };
        let mut item: Vec<TokenTree> = Vec::new();
        let mut flush = |item: &mut Vec<TokenTree>| {
            if let Some(TokenTree::Ident(key)) = item.first() {
                let value = match (item.get(1), item.get(2).and_then(literal_of)) {
                    (Some(TokenTree::Punct(p)), Some(lit)) if p.as_char() == '=' => {
                        syn::parse_str::<syn::LitStr>(&lit.to_string())
                            .ok()
                            .map(|l| l.value())
                    }
                    _ => None,
                };
                let key = match (item.get(1), value.is_some()) {
                    // `rename(serialize = "...")`: the serialized name.
                    (Some(TokenTree::Group(g)), false) => {
                        let inner: Vec<(String, Option<String>)> = items_of(g.stream());
                        if let Some((_, v)) = inner.into_iter().find(|(k, _)| k == "serialize") {
                            out.push((key.to_string(), v));
                        }
                        item.clear();
                        return;
                    }
                    _ => key.to_string(),
                };
                out.push((key, value));
            }
            item.clear();
        };
        for tt in list_tokens(list) {
            match &tt {
                TokenTree::Punct(p) if p.as_char() == ',' => flush(&mut item),
                _ => item.push(tt),
            }
        }
        flush(&mut item);
    }
    out
}

/// The literal of a value token, through the invisible group a `macro_rules!` fragment
/// (`$name:expr`) arrives in.
fn literal_of(tt: &TokenTree) -> Option<proc_macro2::Literal> {
    match tt {
        TokenTree::Literal(lit) => Some(lit.clone()),
        TokenTree::Group(g) if g.delimiter() == proc_macro2::Delimiter::None => {
            let mut inner = g.stream().into_iter();
            match (inner.next(), inner.next()) {
                (Some(first), None) => literal_of(&first),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Whether one of `attrs`' serde items is `key = value` with a value that is not a string
/// literal this module can read: the writer then leaves the type to serde.
pub(super) fn has_unreadable_value(attrs: &[syn::Attribute], key: &str) -> bool {
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let syn::Meta::List(list) = &attr.meta else {
            continue;
        };
        let tokens = list_tokens(list);
        for window in tokens.windows(3) {
            if let [TokenTree::Ident(k), TokenTree::Punct(eq), value] = window
                && k == key
                && eq.as_char() == '='
                && literal_of(value)
                    .and_then(|l| syn::parse_str::<syn::LitStr>(&l.to_string()).ok())
                    .is_none()
            {
                return true;
            }
        }
    }
    false
}

/// The items of a nested list (`serialize = "a", deserialize = "b"`).
fn items_of(tokens: TokenStream) -> Vec<(String, Option<String>)> {
    let attr: syn::Attribute = syn::parse_quote!(#[serde(#tokens)]);
    items(std::slice::from_ref(&attr))
}

/// The keys of the `#[serde(...)]` items in `attrs` (`rename`, `skip`…): the identifiers at
/// the top level of each list (values are literals, nested lists are groups).
pub(super) fn item_keys(attrs: &[syn::Attribute]) -> Vec<String> {
    let mut keys = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        if let syn::Meta::List(list) = &attr.meta {
            for tt in list_tokens(list) {
                if let TokenTree::Ident(i) = tt {
                    keys.push(i.to_string());
                }
            }
        }
    }
    keys
}

/// The value of `key = "value"` in the field's serde attributes.
pub(super) fn field_value(field: &syn::Field, key: &str) -> Option<String> {
    items(&field.attrs)
        .into_iter()
        .find(|(k, _)| k == key)
        .and_then(|(_, v)| v)
}

/// Whether a struct's container attributes make its JSON something other than the object of
/// its fields (`transparent`, `tag`, `into`, `remote`).
pub(super) fn container_reshapes(container: &[syn::Attribute]) -> bool {
    items(container)
        .iter()
        .any(|(k, _)| matches!(k.as_str(), "transparent" | "tag" | "into" | "remote"))
}

/// The `rename_all` of a struct's fields: the container's.
pub(super) fn struct_rename_all(container: &[syn::Attribute]) -> Option<String> {
    items(container)
        .into_iter()
        .find(|(k, _)| k == "rename_all")
        .and_then(|(_, v)| v)
}

/// The `rename_all` rule of a variant's fields for serializing: the variant's
/// (`rename_all = "rule"` or `rename_all(serialize = "rule")`), else the enum's
/// `rename_all_fields`, as serde decides each direction.
pub(super) fn variant_rename_all(
    enum_attrs: &[syn::Attribute],
    variant_attrs: &[syn::Attribute],
) -> Option<String> {
    let rule = |attrs: &[syn::Attribute], key: &str| {
        items(attrs)
            .into_iter()
            .find(|(k, v)| k == key && v.is_some())
            .and_then(|(_, v)| v)
    };
    rule(variant_attrs, "rename_all").or_else(|| rule(enum_attrs, "rename_all_fields"))
}

/// How serde names `field` (a named field) under `rename_all`; `None` when the field is
/// not a plain member of the object (`flatten`, or a `serialize_with` of unknown output
/// is still a member, so only `flatten`).
pub(super) fn field(field: &syn::Field, rename_all: Option<&str>) -> Option<FieldName> {
    let items = items(&field.attrs);
    let has = |key: &str| items.iter().any(|(k, _)| k == key);
    if has("flatten") {
        return None;
    }
    if has("skip") || has("skip_serializing") {
        return Some(FieldName::Skipped);
    }
    let ident = field.ident.as_ref()?;
    let raw = ident.to_string();
    let raw = raw.strip_prefix("r#").unwrap_or(&raw).to_owned();
    let name = match items
        .iter()
        .find(|(k, _)| k == "rename")
        .and_then(|(_, v)| v.clone())
    {
        Some(name) => name,
        None => apply(rename_all, &raw),
    };
    Some(FieldName::Named {
        name,
        always: !has("skip_serializing_if"),
        custom: has("serialize_with") || has("with"),
    })
}

/// serde's `rename_all` rule applied to a snake_case field name.
fn apply(rule: Option<&str>, field: &str) -> String {
    let pascal = || {
        let mut out = String::new();
        let mut upper = true;
        for c in field.chars() {
            if c == '_' {
                upper = true;
            } else if upper {
                // serde's rules change ASCII letters only.
                out.push(c.to_ascii_uppercase());
                upper = false;
            } else {
                out.push(c);
            }
        }
        out
    };
    match rule {
        Some("UPPERCASE" | "SCREAMING_SNAKE_CASE") => field.to_ascii_uppercase(),
        Some("PascalCase") => pascal(),
        Some("camelCase") => {
            let p = pascal();
            let mut chars = p.chars();
            match chars.next() {
                Some(first) => std::iter::once(first.to_ascii_lowercase())
                    .chain(chars)
                    .collect(),
                None => p,
            }
        }
        Some("kebab-case") => field.replace('_', "-"),
        Some("SCREAMING-KEBAB-CASE") => field.to_ascii_uppercase().replace('_', "-"),
        _ => field.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(field: syn::Field, rule: Option<&str>) -> Option<String> {
        match super::field(&field, rule) {
            Some(FieldName::Named { name, .. }) => Some(name),
            _ => None,
        }
    }

    fn named(tokens: TokenStream) -> syn::Field {
        let parser = syn::Field::parse_named;
        syn::parse::Parser::parse2(parser, tokens).unwrap()
    }

    #[test]
    fn serde_rules() {
        assert_eq!(apply(Some("camelCase"), "user_id"), "userId");
        assert_eq!(apply(Some("PascalCase"), "user_id"), "UserId");
        assert_eq!(apply(Some("kebab-case"), "user_id"), "user-id");
        assert_eq!(apply(Some("SCREAMING-KEBAB-CASE"), "user_id"), "USER-ID");
        assert_eq!(apply(Some("SCREAMING_SNAKE_CASE"), "user_id"), "USER_ID");
        assert_eq!(apply(None, "user_id"), "user_id");
        // ASCII letters only, as serde changes them.
        assert_eq!(apply(Some("camelCase"), "prix_été"), "prixété");
        assert_eq!(apply(Some("PascalCase"), "été_x"), "étéX");
    }

    #[test]
    fn field_attributes() {
        let f = named(quote::quote!(#[serde(rename = "ID")] id: u64));
        assert_eq!(name(f, Some("camelCase")).as_deref(), Some("ID"));
        let f =
            named(quote::quote!(#[serde(rename(serialize = "out", deserialize = "in"))] x: u64));
        assert_eq!(name(f, None).as_deref(), Some("out"));
        let f = named(quote::quote!(r#type: String));
        assert_eq!(name(f, None).as_deref(), Some("type"));
        let f = named(quote::quote!(#[serde(skip)] x: u64));
        assert!(matches!(field(&f, None), Some(FieldName::Skipped)));
        let f = named(quote::quote!(#[serde(flatten)] x: Inner));
        assert!(field(&f, None).is_none());
        let f =
            named(quote::quote!(#[serde(skip_serializing_if = "Option::is_none")] x: Option<u8>));
        assert!(matches!(
            field(&f, None),
            Some(FieldName::Named { always: false, .. })
        ));
    }

    #[test]
    fn rename_all_of_structs_and_variants() {
        let container: syn::DeriveInput = syn::parse_quote! {
            #[serde(deny_unknown_fields, rename_all = "camelCase")]
            struct S {}
        };
        assert_eq!(
            struct_rename_all(&container.attrs).as_deref(),
            Some("camelCase")
        );
        let variant: syn::Variant = syn::parse_quote!(
            #[serde(rename_all = "kebab-case")]
            V {}
        );
        let enumeration: syn::DeriveInput = syn::parse_quote! {
            #[serde(rename_all_fields(serialize = "camelCase"))]
            enum E {}
        };
        assert_eq!(
            variant_rename_all(&enumeration.attrs, &variant.attrs).as_deref(),
            Some("kebab-case")
        );
        assert_eq!(
            variant_rename_all(&enumeration.attrs, &[]).as_deref(),
            Some("camelCase")
        );
        assert_eq!(variant_rename_all(&[], &[]), None);
    }
}

#[cfg(test)]
mod invisible_tests {
    use super::*;
    use proc_macro2::{Delimiter, Group, Literal, Punct, Spacing};

    #[test]
    fn values_in_invisible_groups_are_read() {
        let mut tokens = TokenStream::new();
        tokens.extend([
            TokenTree::Ident(proc_macro2::Ident::new(
                "rename",
                proc_macro2::Span::call_site(),
            )),
            TokenTree::Punct(Punct::new('=', Spacing::Alone)),
            TokenTree::Group(Group::new(
                Delimiter::None,
                TokenTree::Literal(Literal::string("renamed")).into(),
            )),
        ]);
        let field: syn::Field = syn::parse_quote!(#[serde(#tokens)] a: u8);
        assert_eq!(field_value(&field, "rename").as_deref(), Some("renamed"));
    }
}
