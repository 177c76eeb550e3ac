//! The derive's view of the user's type: its attributes parsed, fields numbered.

use proc_macro2::Span;
use quote::format_ident;
use syn::{Data, DeriveInput, Fields, Ident, Member};

use crate::attr::{self, FieldAttrs, TypeAttrs};
use crate::ctxt::Ctxt;

/// A struct or enum with `#[derive(Response)]`.
pub(crate) struct Input<'a> {
    pub(crate) original: &'a DeriveInput,
    pub(crate) attrs: TypeAttrs,
    pub(crate) data: Body<'a>,
}

pub(crate) enum Body<'a> {
    Struct(Unit<'a>),
    Enum(Vec<Variant<'a>>),
}

pub(crate) struct Variant<'a> {
    pub(crate) original: &'a syn::Variant,
    pub(crate) attrs: TypeAttrs,
    pub(crate) unit: Unit<'a>,
}

/// The fields of a struct or variant.
pub(crate) struct Unit<'a> {
    pub(crate) style: Style,
    pub(crate) fields: Vec<Field<'a>>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    Named,
    Unnamed,
    Unit,
}

pub(crate) struct Field<'a> {
    pub(crate) original: &'a syn::Field,
    pub(crate) member: Member,
    pub(crate) attrs: FieldAttrs,
    /// The local the field is moved into (`__responses_f0`, `__responses_f1`…).
    pub(crate) binding: Ident,
}

impl<'a> Input<'a> {
    /// Parses the attributes of `input`; `None` for a union (an error is recorded).
    pub(crate) fn from_syn(cx: &Ctxt, input: &'a DeriveInput) -> Option<Input<'a>> {
        let attrs = attr::type_attrs(cx, &input.attrs, true);
        let data = match &input.data {
            Data::Struct(s) => Body::Struct(Unit::from_syn(cx, &s.fields)),
            Data::Enum(e) => {
                if e.variants.is_empty() {
                    cx.error_spanned_by(
                        &input.ident,
                        "#[derive(Response)] needs at least one variant: an empty enum has no value to respond with",
                    );
                }
                Body::Enum(
                    e.variants
                        .iter()
                        .map(|v| Variant {
                            original: v,
                            attrs: attr::type_attrs(cx, &v.attrs, false),
                            unit: Unit::from_syn(cx, &v.fields),
                        })
                        .collect(),
                )
            }
            Data::Union(u) => {
                cx.error_spanned_by(
                    u.union_token,
                    "#[derive(Response)] works on structs and enums, not unions",
                );
                return None;
            }
        };
        Some(Input {
            original: input,
            attrs,
            data,
        })
    }
}

impl<'a> Unit<'a> {
    fn from_syn(cx: &Ctxt, fields: &'a Fields) -> Unit<'a> {
        let style = match fields {
            Fields::Named(_) => Style::Named,
            Fields::Unnamed(_) => Style::Unnamed,
            Fields::Unit => Style::Unit,
        };
        let fields = fields
            .iter()
            .enumerate()
            .map(|(i, f)| Field {
                original: f,
                member: match &f.ident {
                    Some(ident) => Member::Named(ident.clone()),
                    None => Member::Unnamed(syn::Index {
                        index: u32::try_from(i).unwrap_or(u32::MAX),
                        span: Span::call_site(),
                    }),
                },
                attrs: attr::field_attrs(cx, &f.attrs),
                binding: format_ident!("__responses_f{}", i),
            })
            .collect();
        Unit { style, fields }
    }
}

impl Field<'_> {
    /// The field as named in messages: `name` or `0`.
    pub(crate) fn name(&self) -> String {
        match &self.member {
            Member::Named(ident) => ident.to_string(),
            Member::Unnamed(index) => index.index.to_string(),
        }
    }
}
