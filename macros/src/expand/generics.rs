//! The generics of a derived impl: the bounds its fields need, and the names a type
//! mentions.

use std::collections::BTreeSet;

use proc_macro2::{TokenStream, TokenTree};
use quote::{ToTokens, quote};
use syn::{GenericParam, WherePredicate};

use crate::ast::{Body, Unit};
use crate::attr::Role;
use crate::paths::Runtime;
use crate::plan::{BodyPlan, Mode, Validated};

/// `ty` with `Self` replaced by the deriving type (a body struct's `Self` is itself).
pub(super) fn replace_self(tokens: TokenStream, with: &TokenStream) -> TokenStream {
    tokens
        .into_iter()
        .flat_map(|tt| match tt {
            TokenTree::Ident(i) if i == "Self" => with.clone().into_iter().collect::<Vec<_>>(),
            TokenTree::Group(g) => {
                let mut group =
                    proc_macro2::Group::new(g.delimiter(), replace_self(g.stream(), with));
                group.set_span(g.span());
                vec![TokenTree::Group(group)]
            }
            other => vec![other],
        })
        .collect()
}

/// Identifiers and lifetimes that appear in `streams`.
pub(super) fn mentioned(streams: impl Iterator<Item = TokenStream>) -> BTreeSet<String> {
    fn walk(ts: TokenStream, out: &mut BTreeSet<String>) {
        let mut after_quote = false;
        for tt in ts {
            match tt {
                TokenTree::Ident(i) => {
                    if after_quote {
                        out.insert(format!("'{i}"));
                    } else {
                        out.insert(i.to_string());
                    }
                    after_quote = false;
                }
                TokenTree::Punct(p) => after_quote = p.as_char() == '\'',
                TokenTree::Group(g) => {
                    after_quote = false;
                    walk(g.stream(), out);
                }
                TokenTree::Literal(_) => after_quote = false,
            }
        }
    }
    let mut out = BTreeSet::new();
    for ts in streams {
        walk(ts, &mut out);
    }
    out
}

pub(super) fn param_name(p: &GenericParam) -> String {
    match p {
        GenericParam::Type(t) => t.ident.to_string(),
        GenericParam::Lifetime(l) => format!("'{}", l.lifetime.ident),
        GenericParam::Const(c) => c.ident.to_string(),
    }
}

/// Where-predicates for fields whose types mention a generic type parameter.
pub(super) fn field_bounds(v: &Validated<'_>, rt: &Runtime) -> Vec<WherePredicate> {
    let generics = &v.input.original.generics;
    if generics.params.is_empty() {
        return Vec::new();
    }
    let params: BTreeSet<String> = generics
        .params
        .iter()
        .filter(|p| matches!(p, GenericParam::Type(_)))
        .map(param_name)
        .collect();
    let is_generic = |ty: &syn::Type| {
        let names = mentioned(std::iter::once(ty.to_token_stream()));
        names.iter().any(|n| params.contains(n) || n == "Self")
    };
    let ident = &v.input.original.ident;
    let (_, ty_generics, _) = generics.split_for_impl();
    let this_type = quote!(#ident #ty_generics);
    let units: Vec<&Unit<'_>> = match &v.input.data {
        Body::Struct(u) => vec![u],
        Body::Enum(vs) => vs.iter().map(|x| &x.unit).collect(),
    };
    let [
        headerfield,
        cookiefield,
        statusfield,
        backgroundfield,
        jsonbody,
        textbody,
        bytesbody,
    ] = [
        "HeaderField",
        "CookieField",
        "StatusField",
        "BackgroundField",
        "JsonBody",
        "TextBody",
        "BytesBody",
    ]
    .map(|name| rt.item(name));
    let into_http = rt.trait_into_http();
    let mut out: Vec<WherePredicate> = Vec::new();
    let mut push = |tokens: TokenStream| {
        if let Ok(pred) = syn::parse2::<WherePredicate>(tokens) {
            out.push(pred);
        }
    };
    for (unit, plan) in units.into_iter().zip(&v.plans) {
        for (i, f) in unit.fields.iter().enumerate() {
            let ty = &f.original.ty;
            if !is_generic(ty) {
                continue;
            }
            let ty = replace_self(ty.to_token_stream(), &this_type);
            match &f.attrs.role {
                Role::Header(_) => push(quote!(#ty: #headerfield)),
                Role::Cookie => push(quote!(#ty: #cookiefield)),
                Role::Status => push(quote!(#ty: #statusfield)),
                Role::Background => push(quote!(#ty: #backgroundfield)),
                Role::Skip => {}
                Role::Body | Role::Plain => match &plan.body {
                    BodyPlan::Field(b, mode) if *b == i => match mode {
                        Mode::Json => push(quote!(#ty: #jsonbody)),
                        Mode::Text => push(quote!(#ty: #textbody)),
                        Mode::Bytes => push(quote!(#ty: #bytesbody)),
                        Mode::Display => push(quote!(#ty: ::core::fmt::Display)),
                        Mode::With(_) => {}
                    },
                    BodyPlan::Delegate(b) if *b == i => push(quote!(#ty: #into_http)),
                    _ => {}
                },
            }
        }
        match &plan.body {
            BodyPlan::Whole(Mode::Json) => push(quote!(#this_type: #jsonbody)),
            BodyPlan::Whole(Mode::Display) => push(quote!(#this_type: ::core::fmt::Display)),
            _ => {}
        }
    }
    out
}
