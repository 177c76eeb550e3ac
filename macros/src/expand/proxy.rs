//! The JSON body of a struct or variant whose fields are partly headers, cookies or status:
//! a generated struct of the other fields, deriving `Serialize` with the type's own serde
//! attributes, so that the body is the type minus its role fields.

use std::collections::BTreeSet;

use proc_macro2::{TokenStream, TokenTree};
use quote::{ToTokens, quote};
use syn::spanned::Spanned;
use syn::{GenericParam, Generics, Ident, WherePredicate};

use super::generics::{mentioned, param_name, replace_self};
use super::{Ctx, json_content_type_expr, local};
use crate::ast::{Field, Style};
use crate::attr::Role;

/// The fields without a role of a unit that renders them as JSON.
fn plain_fields<'a>(cx: &'a Ctx<'a>) -> Vec<&'a Field<'a>> {
    cx.unit
        .fields
        .iter()
        .filter(|f| f.attrs.role == Role::Plain)
        .collect()
}

/// The generics of a unit's body struct: only the parameters its fields use, and the
/// bounds about those.
fn proxy_generics(cx: &Ctx<'_>) -> (Generics, Vec<TokenStream>) {
    let generics = &cx.input.generics;
    let ident = &cx.input.ident;
    let (_, ty_generics, _) = generics.split_for_impl();
    let this_type = quote!(#ident #ty_generics);
    let field_types: Vec<TokenStream> = plain_fields(cx)
        .iter()
        .map(|f| replace_self(f.original.ty.to_token_stream(), &this_type))
        .collect();
    let used = mentioned(field_types.clone().into_iter());
    let all: BTreeSet<String> = generics.params.iter().map(param_name).collect();
    let kept: BTreeSet<String> = all.iter().filter(|n| used.contains(*n)).cloned().collect();
    let keeps = |tokens: TokenStream| {
        mentioned(std::iter::once(tokens))
            .iter()
            .filter(|n| all.contains(*n))
            .all(|n| kept.contains(n))
    };
    let mut out = generics.clone();
    out.params = generics
        .params
        .iter()
        .filter(|p| kept.contains(&param_name(p)))
        .cloned()
        .map(|mut p| {
            match &mut p {
                GenericParam::Lifetime(l) => {
                    l.bounds = l
                        .bounds
                        .iter()
                        .filter(|b| kept.contains(&format!("'{}", b.ident)))
                        .cloned()
                        .collect();
                }
                GenericParam::Type(t) => {
                    t.bounds = t
                        .bounds
                        .iter()
                        .filter(|b| keeps(b.to_token_stream()))
                        .cloned()
                        .collect();
                    t.default = None;
                }
                GenericParam::Const(c) => c.default = None,
            }
            p
        })
        .collect();
    if let Some(wc) = &mut out.where_clause {
        wc.predicates = wc
            .predicates
            .iter()
            .filter(|pred| keeps(pred.to_token_stream()))
            .cloned()
            .collect();
    }
    (out, field_types)
}

/// The arguments that name a body struct's generics from inside the impl: `'_` for
/// lifetimes (inferred), types and consts by name.
fn proxy_args(generics: &Generics) -> TokenStream {
    if generics.params.is_empty() {
        return TokenStream::new();
    }
    let args = generics.params.iter().map(|p| match p {
        GenericParam::Lifetime(_) => quote!('_),
        GenericParam::Type(t) => t.ident.to_token_stream(),
        GenericParam::Const(c) => {
            let ident = &c.ident;
            quote!({ #ident })
        }
    });
    quote!(::<#(#args),*>)
}

/// The declaration of a unit's JSON body struct, and the bound the impl needs on it.
pub(super) fn proxy_struct(cx: &Ctx<'_>) -> (TokenStream, Option<WherePredicate>) {
    let rt = cx.rt;
    let name = &cx.proxy;
    let (generics, field_types) = proxy_generics(cx);
    let where_clause = &generics.where_clause;
    let params = &generics.params;
    let params = if params.is_empty() {
        TokenStream::new()
    } else {
        quote!(<#params>)
    };
    let serde_path = rt.serde_path();
    let serialize = rt.item("Serialize");
    let container_attrs = match &cx.input.data {
        syn::Data::Struct(_) => container_serde_attrs(&cx.input.attrs, &cx.input.ident),
        // A variant's body struct: its fields' rule, as the struct's `rename_all`.
        _ => cx
            .rename_all
            .iter()
            .map(|rule| quote!(#[serde(rename_all = #rule)]))
            .collect(),
    };
    let plain = plain_fields(cx);
    let decl_fields = plain.iter().zip(&field_types).map(|(f, ty)| {
        let attrs = f
            .original
            .attrs
            .iter()
            .filter(|a| a.path().is_ident("serde"));
        match &f.original.ident {
            Some(name) => quote!(#(#attrs)* #name: #ty),
            None => quote!(#(#attrs)* #ty),
        }
    });
    let decl = if cx.unit.style == Style::Named {
        quote!(struct #name #params #where_clause { #(#decl_fields,)* })
    } else {
        quote!(struct #name #params (#(#decl_fields,)*) #where_clause;)
    };
    let has_type_params = generics
        .params
        .iter()
        .any(|p| !matches!(p, GenericParam::Lifetime(_)));
    let bound = has_type_params
        .then(|| {
            let lifetimes_as_static = proxy_bound_args(&generics);
            syn::parse2::<WherePredicate>(quote!(#name #lifetimes_as_static: #serialize)).ok()
        })
        .flatten();
    (
        quote! {
            #[derive(#serialize)]
            #[serde(crate = #serde_path)]
            #(#container_attrs)*
            #decl
        },
        bound,
    )
}

/// The arguments of a body struct in the impl's where clause: its parameters by name.
fn proxy_bound_args(generics: &Generics) -> TokenStream {
    if generics.params.is_empty() {
        return TokenStream::new();
    }
    let args = generics.params.iter().map(|p| match p {
        GenericParam::Lifetime(l) => l.lifetime.to_token_stream(),
        GenericParam::Type(t) => t.ident.to_token_stream(),
        GenericParam::Const(c) => c.ident.to_token_stream(),
    });
    quote!(<#(#args),*>)
}

/// The JSON body struct filled with the moved fields, serialized.
pub(super) fn proxy_value(cx: &Ctx<'_>, builder: &Ident) -> TokenStream {
    let name = &cx.proxy;
    let (generics, _) = proxy_generics(cx);
    let args = proxy_args(&generics);
    let ct = json_content_type_expr(cx.rt, cx.plan);
    let plain = plain_fields(cx);
    let bindings = plain
        .iter()
        .map(|f| local(&f.binding.to_string(), f.original.ty.span()));
    let value = if cx.unit.style == Style::Named {
        let names = plain.iter().map(|f| &f.original.ident);
        quote!(#name #args { #(#names: #bindings,)* })
    } else {
        quote!(#name #args (#(#bindings,)*))
    };
    quote!(#builder.json(&#value, #ct))
}

/// The items of the `#[serde(...)]` attributes in `attrs`, split at top-level commas.
fn serde_items(attrs: &[syn::Attribute]) -> Vec<Vec<TokenTree>> {
    let mut items = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let syn::Meta::List(list) = &attr.meta else {
            continue;
        };
        let mut item: Vec<TokenTree> = Vec::new();
        for tt in super::serde_names::list_tokens(list) {
            match &tt {
                TokenTree::Punct(p) if p.as_char() == ',' => {
                    items.push(std::mem::take(&mut item));
                }
                _ => item.push(tt),
            }
        }
        items.push(item);
    }
    items.retain(|i| !i.is_empty());
    items
}

fn item_key(item: &[TokenTree]) -> String {
    match item.first() {
        Some(TokenTree::Ident(i)) => i.to_string(),
        _ => String::new(),
    }
}

/// The container's `#[serde(...)]` items that still make sense on the generated body
/// struct (not `crate`, `into`, `from`, `try_from`, `remote`), plus its serialized name.
fn container_serde_attrs(attrs: &[syn::Attribute], ident: &Ident) -> Vec<TokenStream> {
    let items = serde_items(attrs);
    let renamed = items.iter().any(|i| item_key(i) == "rename");
    let kept: Vec<TokenStream> = items
        .into_iter()
        .filter(|i| {
            !matches!(
                item_key(i).as_str(),
                "crate" | "into" | "from" | "try_from" | "remote"
            )
        })
        .map(|i| i.into_iter().collect())
        .collect();
    let mut out: Vec<TokenStream> = kept.into_iter().map(|i| quote!(#[serde(#i)])).collect();
    if !renamed {
        let name = ident.to_string();
        out.push(quote!(#[serde(rename = #name)]));
    }
    out
}
