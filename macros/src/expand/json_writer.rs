//! The JSON writer of a body made of named fields: keys escaped here, once, into byte
//! literals (`b",\"name\":"`), each value written by the runtime's `JsonWrite` where its type
//! implements it and by serde_json otherwise (compact serde_json output does not depend on
//! where a value sits, so the bytes are serde's either way).
//!
//! It follows the serde attributes that only name or omit fields: `rename`, `rename_all`,
//! `skip`, `skip_serializing`, `skip_serializing_if`, and those that only concern
//! deserializing. A field's `serialize_with` or `with` function writes that field alone,
//! given serde_json's serializer (with the crate's rules), as serde's derive would call it.
//! Anything else (`flatten`, whose entries merge into the object through serde's own
//! serializer, `getter`, a container's `tag`, `transparent`, `into`, `remote`…), a generic
//! type, or a tuple struct: no writer, and the body is serde's, as before.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::Ident;
use syn::spanned::Spanned as _;

use super::serde_names::{self, FieldName};
use super::{Ctx, borrow, json_content_type_expr, local, this};
use crate::ast::{Body, Field};
use crate::attr::Role;
use crate::ctxt::Ctxt;
use crate::paths::Runtime;
use crate::plan::{BodyPlan, Mode, Validated};

/// One written field: its key with the `:` (and, where the writer knows it follows another
/// field, the `,`), how to reach its value, its `skip_serializing_if` function and its
/// `serialize_with` function.
struct WrittenField {
    key: String,
    value: TokenStream,
    skip_if: Option<syn::ExprPath>,
    /// `serialize_with = "f"` (`f`) or `with = "m"` (`m::serialize`): the value is written
    /// by that function, given serde_json's serializer.
    with: Option<syn::ExprPath>,
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
    "serialize_with",
    "with",
    "borrow",
    "bound",
];

/// Whether a struct's own serde attributes let the writer write it.
fn container_allows(attrs: &[syn::Attribute]) -> bool {
    serde_names::item_keys(attrs)
        .iter()
        .all(|k| CONTAINER_KEYS.contains(&k.as_str()))
        && !serde_names::has_unreadable_value(attrs, "rename_all")
}

/// The fields to write, in order, or `None` if one of them needs serde. `value` gives the
/// expression of a field's value (a reference).
fn fields<'a>(
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
            || ["skip_serializing_if", "serialize_with", "with"]
                .iter()
                .any(|key| serde_names::has_unreadable_value(&f.original.attrs, key))
        {
            return None;
        }
        match serde_names::field(f.original, rename_all)? {
            FieldName::Skipped => {}
            FieldName::Named { name, .. } => {
                let path_of =
                    |key: &str, suffix: &str| match serde_names::field_value(f.original, key) {
                        Some(path) => syn::parse_str::<syn::ExprPath>(&format!("{path}{suffix}"))
                            .ok()
                            .map(Some),
                        None => Some(None),
                    };
                let skip_if = path_of("skip_serializing_if", "")?;
                let with = match path_of("serialize_with", "")? {
                    Some(path) => Some(path),
                    None => path_of("with", "::serialize")?,
                };
                out.push(WrittenField {
                    key: escape(&name),
                    value: value(f),
                    skip_if,
                    with,
                    span: syn::spanned::Spanned::span(&f.original.ty),
                });
            }
        }
    }
    Some(out)
}

/// `"name":` as JSON writes it: the name escaped as serde_json escapes strings.
fn escape(name: &str) -> String {
    let mut out = Vec::with_capacity(name.len() + 3);
    responses_rules::push_json_str(&mut out, name);
    out.push(b':');
    // Escapes are ASCII and the rest is the name's own UTF-8.
    String::from_utf8_lossy(&out).into_owned()
}

/// The statements that write the object of `fields` to the `Vec<u8>` named `out`, with `?`
/// on each value.
fn write_object(rt: &Runtime, out: &Ident, fields: &[WrittenField]) -> TokenStream {
    let probe = rt.item("JsonProbe");
    let traits = probe_traits(rt);
    let write_with = rt.item("write_with");
    let write_value = |f: &WrittenField| {
        let value = &f.value;
        let at = Span::call_site().located_at(f.span);
        match &f.with {
            Some(path) => {
                let serializer = Ident::new("__responses_serializer", Span::mixed_site());
                quote_spanned!(at=> #write_with(#out, |#serializer| #path(#value, #serializer))?;)
            }
            None => quote_spanned!(at=> (&#probe(#value)).write_field(#out)?;),
        }
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
    let first = Ident::new("__responses_first", Span::mixed_site());
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

/// `use`s of the probe traits, so that `(&JsonProbe(value)).write_field(out)` finds
/// `JsonFast` where the type implements `JsonWrite` and `JsonSlow` otherwise.
fn probe_traits(rt: &Runtime) -> TokenStream {
    let fast = rt.item("JsonFast");
    let slow = rt.item("JsonSlow");
    quote!(#[allow(unused_imports)] use #fast as _; #[allow(unused_imports)] use #slow as _;)
}

/// Whether the type has no type or const parameter: its fields' types are all known, so
/// each can be written by `JsonWrite` or serde_json (a generic field would need bounds the
/// type does not declare).
fn is_concrete(input: &syn::DeriveInput) -> bool {
    input
        .generics
        .params
        .iter()
        .all(|p| matches!(p, syn::GenericParam::Lifetime(_)))
}

/// The local the generated writers write to: a `&mut Vec<u8>`.
pub(crate) fn out() -> Ident {
    local("__responses_out", Span::call_site())
}

/// The direct JSON writer of a unit's object body (`keep` selects the fields), with each
/// value reached by `value`; `None` when serde must write it.
fn object_writer(
    cx: &Ctx<'_>,
    keep: impl Fn(&Field<'_>) -> bool,
    value: impl Fn(&Field<'_>) -> TokenStream,
) -> Option<TokenStream> {
    if !is_concrete(cx.input) || cx.unit.style != crate::ast::Style::Named {
        return None;
    }
    if matches!(cx.input.data, syn::Data::Struct(_)) && !container_allows(&cx.input.attrs) {
        return None;
    }
    let fields = fields(
        cx.unit.fields.iter().filter(|f| keep(f)),
        cx.rename_all.as_deref(),
        value,
    )?;
    Some(write_object(cx.rt, &out(), &fields))
}

/// The writer of the whole value's fields, `&self.field` each.
fn whole_writer(cx: &Ctx<'_>) -> Option<TokenStream> {
    let me = this(cx.input.ident.span());
    object_writer(
        cx,
        |_| true,
        |f| {
            let member = &f.member;
            quote!(&#me.#member)
        },
    )
}

/// The writer of a unit's body of fields: a proxy unit's (its fields without a role, taken
/// by value into locals) or a whole struct's (`&self.field`); `None` for any other body,
/// and when serde writes it.
pub(super) fn body_writer(cx: &Ctx<'_>) -> Option<TokenStream> {
    match cx.plan.body {
        BodyPlan::Proxy => object_writer(
            cx,
            |f| f.attrs.role == Role::Plain,
            |f| {
                let binding = local(&f.binding.to_string(), f.original.ty.span());
                quote!(&#binding)
            },
        ),
        BodyPlan::Whole(Mode::Json) => whole_writer(cx),
        _ => None,
    }
}

/// The body of a `#[response(body)]` field as JSON, written with its type's `JsonWrite`
/// where it has one; `None` for a generic type (serde writes it).
pub(super) fn body_field(
    cx: &Ctx<'_>,
    builder: &Ident,
    binding: &Ident,
    ty: &syn::Type,
) -> Option<TokenStream> {
    if !is_concrete(cx.input) {
        return None;
    }
    let probe = cx.rt.item("JsonProbe");
    let traits = probe_traits(cx.rt);
    let out = out();
    let arg = borrow(binding, ty.span());
    let at = Span::call_site().located_at(ty.span());
    let call = quote_spanned!(at=> (&#probe(#arg)).write_field(#out)?;);
    Some(writer_call(cx, builder, quote!(#traits #call)))
}

/// The body of a struct whose whole value is JSON, written from its fields; `None` when
/// serde writes it. In a debug build, the bytes are checked against the type's own
/// `Serialize` (a hand-written one would differ): a loud error, never a silently different
/// body.
pub(super) fn whole_body(cx: &Ctx<'_>, builder: &Ident) -> Option<TokenStream> {
    // The writer is the type's own `JsonWrite` impl ([`json_write_impl`]), which checks
    // itself; `write_whole` also requires `Serialize`, as a JSON body does.
    cx.json_writer.as_ref()?;
    let write_whole = cx.rt.item("write_whole");
    let me = this(cx.input.ident.span());
    let arg = borrow(&me, cx.input.ident.span());
    let out = out();
    Some(writer_call(cx, builder, quote!(#write_whole(#out, #arg)?;)))
}

/// The body of a proxy unit whose writer [`proxy_writer`] made.
pub(super) fn proxy_body(cx: &Ctx<'_>, builder: &Ident, write: &TokenStream) -> TokenStream {
    writer_call(cx, builder, write.clone())
}

/// The direct writer of a plain struct's JSON object (for `#[derive(Json)]`), its values
/// `&self.field`; `None` when serde must write it.
pub(crate) fn object_writer_of(
    input: &syn::DeriveInput,
    rt: &Runtime,
    out: &Ident,
) -> Option<TokenStream> {
    let syn::Data::Struct(data) = &input.data else {
        return None;
    };
    if !is_concrete(input)
        || !matches!(data.fields, syn::Fields::Named(_))
        || !container_allows(&input.attrs)
    {
        return None;
    }
    let cx = Ctxt::new();
    let parsed = crate::ast::Input::from_syn(&cx, input)?;
    // Attributes of `#[response(...)]` do not concern this derive.
    let _ = cx.check();
    let Body::Struct(unit) = &parsed.data else {
        return None;
    };
    let rename_all = serde_names::struct_rename_all(&input.attrs);
    let fields = fields(unit.fields.iter(), rename_all.as_deref(), |f| {
        let member = &f.member;
        quote!(&self.#member)
    })?;
    Some(write_object(rt, out, &fields))
}

/// `impl JsonWrite` for a struct whose body is the whole value as JSON and whose fields the
/// direct writer can write: so that a response nesting it writes it directly too.
pub(super) fn json_write_impl(
    v: &Validated<'_>,
    contexts: &[Ctx<'_>],
    impl_generics: &syn::ImplGenerics<'_>,
    where_clause: &Option<&syn::WhereClause>,
) -> TokenStream {
    let (Body::Struct(_), [cx]) = (&v.input.data, contexts) else {
        return TokenStream::new();
    };
    let (BodyPlan::Whole(Mode::Json), Some(write)) = (&cx.plan.body, cx.json_writer.clone()) else {
        return TokenStream::new();
    };
    let (_, ty_generics, _) = cx.input.generics.split_for_impl();
    let body = fields_body(cx.rt, write);
    json_write_item(
        cx.rt,
        &cx.input.ident,
        impl_generics,
        &ty_generics,
        where_clause,
        body,
    )
}

/// `impl JsonWrite for ident` whose `write_json(&self, out)` is `body`.
pub(crate) fn json_write_item(
    rt: &Runtime,
    ident: &Ident,
    impl_generics: &impl quote::ToTokens,
    ty_generics: &impl quote::ToTokens,
    where_clause: &impl quote::ToTokens,
    body: TokenStream,
) -> TokenStream {
    let json_write = rt.item("JsonWrite");
    let krate = rt.krate_path();
    let out = out();
    quote! {
        #[automatically_derived]
        impl #impl_generics #json_write for #ident #ty_generics #where_clause {
            fn write_json(&self, #out: &mut ::std::vec::Vec<u8>) -> ::core::result::Result<(), #krate::Error> {
                #body
            }
        }
    }
}

/// The body of `write_json` for a type written from its fields by `write`: then, in a debug
/// build, the bytes compared with `self`'s own `Serialize` where it has one: as for a body,
/// a hand-written `Serialize` is an error, never silently bypassed.
pub(crate) fn fields_body(rt: &Runtime, write: TokenStream) -> TokenStream {
    let out = out();
    let ok = rt.item("Ok");
    let checked = serde_checked(rt, &out, write);
    quote! {
        #checked
        #ok(())
    }
}

fn serde_checked(rt: &Runtime, out: &Ident, write: TokenStream) -> TokenStream {
    let serde_check = rt.item("SerdeCheck");
    let no_serde_check = rt.item("NoSerdeCheck");
    let serde_probe = rt.item("SerdeProbe");
    let start = local("__responses_start", Span::call_site());
    quote! {
        let #start = #out.len();
        #write
        if ::core::cfg!(debug_assertions) {
            #[allow(unused_imports)]
            use #serde_check as _;
            #[allow(unused_imports)]
            use #no_serde_check as _;
            (&#serde_probe(self)).debug_check(&#out[#start..])?;
        }
    }
}

/// `builder.json_writer(|out| { write }, content_type)`: a JSON body written directly.
fn writer_call(cx: &Ctx<'_>, builder: &Ident, write: TokenStream) -> TokenStream {
    let rt = cx.rt;
    let ct = json_content_type_expr(rt, cx.plan);
    let ok = rt.item("Ok");
    let out = out();
    quote! {
        #builder.json_writer(|#out: &mut ::std::vec::Vec<u8>| { #write #ok(()) }, #ct)
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
