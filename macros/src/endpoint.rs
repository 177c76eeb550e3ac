//! `#[endpoint(response_class = Class, status_code = 201)]`: a handler keeps returning its
//! plain value; the attribute makes it return the response class.
//!
//! The function is parsed without `syn`'s `full` feature: its signature is taken apart
//! token by token and its body is kept as it is, wrapped in a closure (or an async block)
//! so that `return` and `?` keep their meaning.

use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};
use quote::{ToTokens, quote, quote_spanned};
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream};
use syn::spanned::Spanned;
use syn::{Attribute, Generics, Ident, LitInt, LitStr, Path, Token, Type, Visibility, WhereClause};

use crate::attr::Attr;
use crate::ctxt::{Ctxt, with_errors};
use crate::literal;
use crate::paths::Runtime;

const KEYS: &[&str] = &["response_class", "status_code", "crate"];

struct Args {
    class: Option<Path>,
    status: Option<(u16, Span)>,
    krate: Option<Path>,
    /// The arguments did not parse: what is missing may just not have been read.
    unparsed: bool,
}

fn parse_args(cx: &Ctxt, args: TokenStream) -> Args {
    let mut class = Attr::none(cx);
    let mut status = Attr::none(cx);
    let mut krate = Attr::none(cx);
    let mut unparsed = false;
    let parser = |input: ParseStream<'_>| -> syn::Result<()> {
        while !input.is_empty() {
            let key = input.call(Ident::parse_any)?;
            if !input.peek(Token![=]) {
                cx.error_spanned_by(&key, format!("expected `{key} = ...`"));
                unparsed = true;
                while !input.is_empty() && !input.peek(Token![,]) {
                    input.parse::<TokenTree>()?;
                }
            } else {
                input.parse::<Token![=]>()?;
                let duplicate = || format!("duplicate #[endpoint({key})] argument");
                match key.to_string().as_str() {
                    "response_class" => {
                        let path: Path = input.parse()?;
                        class.set_once(&key, duplicate, || Some(path));
                    }
                    "status_code" => {
                        let lit: LitInt = input.parse()?;
                        let code = lit.base10_parse::<u64>().map_err(|e| e.to_string());
                        let code = cx.report(&lit, code.and_then(literal::status));
                        status.set_once(&key, duplicate, || Some((code?, lit.span())));
                    }
                    "crate" => {
                        let lit: LitStr = input.parse()?;
                        let path = lit.parse::<Path>().ok();
                        if path.is_none() {
                            cx.error_spanned_by(
                                &lit,
                                "`crate` must be a path, like \"::responses\"",
                            );
                        }
                        krate.set_once(&key, duplicate, || path);
                    }
                    other => {
                        let mut msg = format!(
                            "unknown #[endpoint] argument `{other}`; expected `response_class = Class` and optionally `status_code = 201`"
                        );
                        if let Some(near) = crate::ctxt::suggest(other, KEYS) {
                            msg.push_str(&format!("\nhelp: did you mean `{near}`?"));
                        }
                        cx.error_spanned_by(&key, msg);
                        while !input.is_empty() && !input.peek(Token![,]) {
                            input.parse::<TokenTree>()?;
                        }
                    }
                }
            }
            if input.is_empty() {
                break;
            }
            input.parse::<Token![,]>()?;
        }
        Ok(())
    };
    if let Err(err) = syn::parse::Parser::parse2(parser, args) {
        cx.syn_error(err);
        unparsed = true;
    }
    Args {
        class: class.get(),
        status: status.get(),
        krate: krate.get(),
        unparsed,
    }
}

/// A function, taken apart without parsing its arguments or body.
struct Function {
    attrs: Vec<Attribute>,
    vis: Visibility,
    qualifiers: Vec<TokenTree>,
    is_async: bool,
    fn_token: Token![fn],
    ident: Ident,
    generics: Generics,
    args: TokenTree,
    output: Option<Type>,
    body: TokenTree,
}

impl Parse for Function {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let vis: Visibility = input.parse()?;
        let mut qualifiers = Vec::new();
        let mut is_async = false;
        while !input.peek(Token![fn]) {
            if input.peek(Token![async]) {
                let t: Token![async] = input.parse()?;
                is_async = true;
                qualifiers.push(TokenTree::Ident(Ident::new("async", t.span)));
            } else if input.peek(Token![unsafe]) {
                let t: Token![unsafe] = input.parse()?;
                qualifiers.push(TokenTree::Ident(Ident::new("unsafe", t.span)));
            } else if input.peek(Token![const]) {
                return Err(input.error(
                    "#[endpoint] cannot be used on a `const fn`: a response is built at run time",
                ));
            } else if input.peek(Token![extern]) {
                return Err(input.error("#[endpoint] cannot be used on an `extern` function"));
            } else {
                return Err(input.error("#[endpoint] goes on a function (`fn` or `async fn`)"));
            }
        }
        let fn_token: Token![fn] = input.parse()?;
        let ident: Ident = input.parse()?;
        let mut generics: Generics = input.parse()?;
        let args: TokenTree = input.parse()?;
        if !matches!(&args, TokenTree::Group(g) if g.delimiter() == Delimiter::Parenthesis) {
            return Err(syn::Error::new(
                args.span(),
                "expected the function's arguments",
            ));
        }
        let output = if input.peek(Token![->]) {
            input.parse::<Token![->]>()?;
            Some(input.parse::<Type>()?)
        } else {
            None
        };
        if input.peek(Token![where]) {
            generics.where_clause = Some(input.parse::<WhereClause>()?);
        }
        let body: TokenTree = input.parse()?;
        if !matches!(&body, TokenTree::Group(g) if g.delimiter() == Delimiter::Brace) {
            return Err(syn::Error::new(
                body.span(),
                "#[endpoint] needs a function with a body",
            ));
        }
        if !input.is_empty() {
            return Err(input.error("unexpected tokens after the function"));
        }
        Ok(Function {
            attrs,
            vis,
            qualifiers,
            is_async,
            fn_token,
            ident,
            generics,
            args,
            output,
            body,
        })
    }
}

/// `Result<T, E>` (any path ending in `Result`): its `Ok` type.
fn result_ok(ty: &Type) -> Option<Type> {
    let Type::Path(tp) = ty else { return None };
    let last = tp.path.segments.last()?;
    if last.ident != "Result" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(ok) => Some(ok.clone()),
        _ => None,
    }
}

/// `result` with its `Ok` type replaced by `ok`.
fn with_ok(result: &Type, ok: TokenStream) -> Type {
    let mut out = result.clone();
    if let Type::Path(tp) = &mut out
        && let Some(seg) = tp.path.segments.last_mut()
        && let syn::PathArguments::AngleBracketed(args) = &mut seg.arguments
        && let Some(first) = args.args.first_mut()
        && let Ok(parsed) = syn::parse2::<Type>(ok)
    {
        *first = syn::GenericArgument::Type(parsed);
    }
    out
}

fn contains_impl(ty: &Type) -> bool {
    fn walk(ts: TokenStream) -> bool {
        ts.into_iter().any(|tt| match tt {
            TokenTree::Ident(i) => i == "impl",
            TokenTree::Group(g) => walk(g.stream()),
            _ => false,
        })
    }
    walk(ty.to_token_stream())
}

fn is_unit(ty: &Type) -> bool {
    matches!(ty, Type::Tuple(t) if t.elems.is_empty())
}

pub(crate) fn expand(args: TokenStream, item: TokenStream) -> TokenStream {
    let cx = Ctxt::new();
    let args = parse_args(&cx, args);
    let function = match syn::parse2::<Function>(item.clone()) {
        Ok(f) => Some(f),
        Err(err) => {
            cx.syn_error(err);
            None
        }
    };
    let Some(function) = function else {
        return match cx.check() {
            Err(err) => with_errors(item, &err),
            Ok(()) => item,
        };
    };

    let unit: Type = syn::parse_quote!(());
    let original = function.output.clone().unwrap_or(unit);
    let ok = result_ok(&original);
    let is_result = ok.is_some();
    let content = ok.unwrap_or_else(|| original.clone());
    if let (Some((code, span)), false) = (args.status, is_unit(&content))
        && !literal::status_allows_content(code)
    {
        cx.error_at(
            span,
            format!(
                "status {code} has no body (1xx, 204, 205 and 304 never do), but the handler returns `{}`; return `()` or choose another status",
                content.to_token_stream().to_string().replace(' ', "")
            ),
        );
    }
    if let Err(err) = cx.check() {
        return with_errors(item, &err);
    }
    if args.unparsed {
        return item;
    }
    // Without `response_class`, the class the handler's scope names `DefaultResponseClass`
    // (FastAPI's `default_response_class`): `use responses::JsonResponse as
    // DefaultResponseClass;` in the module, or a `use` of one defined at the crate root.
    let class = args
        .class
        .unwrap_or_else(|| syn::parse_quote_spanned!(Span::call_site()=> DefaultResponseClass));
    let rt = Runtime::new(args.krate);
    let typed = !contains_impl(&original);

    // The response type: the class for this content, through `EndpointClass` (so a class
    // generic over its content, a type alias or a class of the user's own all work); an
    // `impl Trait` content cannot be named in that path, so it gives `impl
    // EndpointResponse`.
    let endpoint_class = rt.endpoint_class();
    // Located at the class, so that a class that does not take the content is reported
    // there (once: the signature and the body name the same type).
    let class_name = class
        .segments
        .last()
        .map_or(class.span(), |s| s.ident.span());
    let at = Span::call_site().located_at(class_name);
    // With a status, the type carries it (`WithStatus<Class, 201>`), so that an OpenAPI
    // document made from the handler's type lists it, as FastAPI's decorator does.
    let class_ty = if typed {
        let made = quote_spanned!(at=> <#class as #endpoint_class<#content>>::Response);
        match args.status {
            Some((code, _)) => {
                let with_status = rt.with_status();
                quote_spanned!(at=> #with_status<#made, #code>)
            }
            None => made,
        }
    } else {
        let endpoint_response = rt.endpoint_response_trait();
        quote!(impl #endpoint_response)
    };
    let new_output = if is_result {
        with_ok(&original, class_ty.clone()).to_token_stream()
    } else {
        class_ty.clone()
    };

    let Function {
        attrs,
        vis,
        qualifiers,
        is_async,
        fn_token,
        ident,
        generics,
        args: fn_args,
        body,
        ..
    } = function;
    let (_, _, where_clause) = generics.split_for_impl();
    let params = &generics.params;
    let generics_tokens = if params.is_empty() {
        TokenStream::new()
    } else {
        quote!(<#params>)
    };
    let value = if is_async {
        if typed {
            let typed_future = rt.item("typed_future");
            quote!(#typed_future::<#original, _>(async move #body).await)
        } else {
            quote!((async move #body).await)
        }
    } else if typed {
        quote!((move || -> #original #body)())
    } else {
        quote!((move || #body)())
    };
    let content_local = Ident::new("__responses_content", Span::mixed_site());
    let error_local = Ident::new("__responses_error", Span::mixed_site());
    let response = if typed {
        // The class named as in the signature, so that a mistake is one error.
        let response_class = rt.response_class();
        let class_of = quote_spanned!(at=> <#class_ty as #response_class<#content>>);
        // `WithStatus` sets its status as it is made.
        quote!(#class_of::from_content(#content_local))
    } else {
        let status = rt.option(args.status.map(|(code, _)| rt.status(code)));
        let endpoint_response = rt.item("endpoint_response");
        quote_spanned!(at=> #endpoint_response::<#class, _>(#content_local, #status))
    };
    let finish = if is_result {
        quote! {
            match #value {
                ::core::result::Result::Ok(#content_local) => {
                    ::core::result::Result::Ok(#response)
                }
                ::core::result::Result::Err(#error_local) => ::core::result::Result::Err(#error_local),
            }
        }
    } else {
        quote! {
            let #content_local = #value;
            #response
        }
    };
    quote! {
        #(#attrs)*
        #vis #(#qualifiers)* #fn_token #ident #generics_tokens #fn_args -> #new_output #where_clause {
            #finish
        }
    }
}
