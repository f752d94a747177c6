//! Paginators: a list operation's `x-pagination` checked into the plan, and
//! emitted as a `stream()` method on the operation's builder.
//!
//! ```yaml
//! x-pagination:
//!   items: results                 # the body's array of items
//!   cursor: { param: after, next: paging.next.after }
//!   # or
//!   offset: { param: offset, total: total }
//! ```
//!
//! The method asks [`Decided`] for the names progenitor and typify gave: the
//! builder of the operation, the body type `send` returns, and the fields
//! along each path. The paging itself is `client_runtime::paging`.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use crate::client::decided::{Decided, inner, last_ident};
use crate::client::module_items_mut;
use crate::client::plan::{OperationPlan, Paging, PagingScheme};
use crate::diagnostic::{Problems, child};
use crate::names::ident;
use crate::spec::{Operation, ParameterLocation, Schema, Spec};

const HELP: &str = "write `x-pagination: { items: <array property>, cursor: { param: <query \
                    parameter>, next: <dotted path to the next cursor> } }`, or `offset: { param: \
                    <query parameter>, total: <dotted path to the total> }` in place of `cursor`";

/// The paging of `op`, when it declares `x-pagination` and the declaration
/// fits the operation: the parameter is one of its query parameters, and the
/// paths name properties of its 200 JSON body (an array of items; a string
/// cursor; a number total).
pub(crate) fn plan(spec: &Spec<'_>, op: &Operation<'_>, problems: &mut Problems) -> Option<Paging> {
    let (at, node) = op.extension("x-pagination")?;
    let mut error = |at: &str, message: String| problems.push(spec.error(at, message, HELP));
    let text = |key: &str| node.get(key).and_then(Value::as_str);
    let Some(items) = text("items") else {
        error(
            &at,
            "`x-pagination` needs `items`: the body's array property".into(),
        );
        return None;
    };
    let scheme = match (node.get("cursor"), node.get("offset")) {
        (Some(cursor), None) => {
            let param = cursor.get("param").and_then(Value::as_str);
            let next = cursor.get("next").and_then(Value::as_str);
            let (Some(param), Some(next)) = (param, next) else {
                error(
                    &child(&at, "cursor"),
                    "a cursor needs `param` and `next`".into(),
                );
                return None;
            };
            PagingScheme::Cursor {
                param: param.to_owned(),
                next: path(next),
            }
        }
        (None, Some(offset)) => {
            let Some(param) = offset.get("param").and_then(Value::as_str) else {
                error(&child(&at, "offset"), "an offset needs `param`".into());
                return None;
            };
            PagingScheme::Offset {
                param: param.to_owned(),
                total: offset.get("total").and_then(Value::as_str).map(path),
            }
        }
        _ => {
            error(
                &at,
                "`x-pagination` needs exactly one of `cursor` and `offset`".into(),
            );
            return None;
        }
    };
    let param = scheme.param();
    let listed = op
        .parameters()
        .into_iter()
        .any(|p| p.location == ParameterLocation::Query && p.name == param);
    if !listed {
        error(
            &at,
            format!(
                "`x-pagination` moves through pages with the query parameter `{param}`, \
                 which {} does not declare",
                op.shown()
            ),
        );
        return None;
    }
    let Some(body) = op.response("200").and_then(|r| r.json_schema(spec)) else {
        error(
            &at,
            format!("{} has no 200 JSON body to read pages from", op.shown()),
        );
        return None;
    };
    let expect =
        |steps: &[String], want: &[&str], what: &str, key: &str| match walk(spec, &body, steps) {
            Ok(found) if found.ty().is_some_and(|t| want.contains(&t)) => Ok(()),
            Ok(found) => Err((
                key.to_owned(),
                format!(
                    "`{}` is {} in the 200 body ({}), not {what}",
                    steps.join("."),
                    found
                        .ty()
                        .map_or("untyped".to_owned(), |t| format!("`{t}`")),
                    found.pointer
                ),
            )),
            Err(missing) => Err((
                key.to_owned(),
                format!(
                    "the 200 body ({}) has no property `{}` on the way to `{}`",
                    body.pointer,
                    missing,
                    steps.join(".")
                ),
            )),
        };
    let mut checks = vec![expect(&[items.to_owned()], &["array"], "an array", "items")];
    match &scheme {
        PagingScheme::Cursor { next, .. } => checks.push(expect(
            next,
            &["string", "integer"],
            "a string cursor",
            "cursor/next",
        )),
        PagingScheme::Offset {
            total: Some(total), ..
        } => checks.push(expect(
            total,
            &["integer", "number"],
            "a number",
            "offset/total",
        )),
        PagingScheme::Offset { total: None, .. } => {}
    }
    let mut sound = true;
    for (key, message) in checks.into_iter().filter_map(Result::err) {
        let place = key
            .split('/')
            .fold(at.clone(), |place, part| child(&place, part));
        error(&place, message);
        sound = false;
    }
    sound.then(|| Paging {
        pointer: at,
        items: items.to_owned(),
        scheme,
    })
}

/// `paging.next.after` → its property names.
fn path(dotted: &str) -> Vec<String> {
    dotted.split('.').map(str::to_owned).collect()
}

/// The schema at `steps` (property names) below `schema`, `$ref`s and
/// `allOf` members followed; the first missing property otherwise.
fn walk<'s>(
    spec: &'s Spec<'s>,
    schema: &Schema<'s>,
    steps: &[String],
) -> Result<Schema<'s>, String> {
    let mut current = spec.follow(schema.clone());
    for step in steps {
        let mut holders = vec![current.clone()];
        holders.extend(
            current
                .all_of()
                .into_iter()
                .flatten()
                .map(|s| spec.follow(s)),
        );
        let found = holders
            .iter()
            .flat_map(|h| h.properties())
            .find(|(name, _)| name == step)
            .map(|(_, s)| spec.follow(s));
        current = found.ok_or_else(|| step.clone())?;
    }
    Ok(current)
}

/// Adds `stream()` to the builder of every paged operation in `client`.
/// Returns how many were added.
///
/// # Errors
/// progenitor's output lacks what the plan says is there (a builder, its
/// `send`, a field on a path): a bug of the generator, named.
pub(crate) fn add_stream_methods(
    operations: &[OperationPlan],
    decided: &Decided,
    client: &mut syn::File,
) -> Result<usize, String> {
    let mut methods = Vec::new();
    for op in operations {
        let Some(paging) = &op.paging else { continue };
        methods.push(stream_method(op, paging, decided)?);
    }
    let count = methods.len();
    if count == 0 {
        return Ok(0);
    }
    let builder =
        module_items_mut(client, "builder").ok_or("progenitor's output has no `builder` module")?;
    for method in methods {
        builder
            .push(syn::parse2(method).map_err(|e| format!("a stream method does not parse: {e}"))?);
    }
    Ok(count)
}

/// `impl Builder { pub fn stream(self) -> Items<…> }` for one operation.
fn stream_method(
    op: &OperationPlan,
    paging: &Paging,
    decided: &Decided,
) -> Result<TokenStream, String> {
    let bug = |what: &str| format!("`{}`: {what} in progenitor's output", op.id);
    let builder = decided
        .builder(&op.method_name)
        .ok_or_else(|| bug("no builder"))?;
    let (page, error) = builder
        .send
        .clone()
        .ok_or_else(|| bug("no `send` returning `Result<ResponseValue<T>, Error<E>>`"))?;
    let page_name = last_ident(&page).ok_or_else(|| bug("a page type that is not a path"))?;
    let items_field = decided
        .field(&page_name, &paging.items)
        .ok_or_else(|| bug("no items field"))?;
    let items_ident = items_field.ident()?;
    let items_type = items_field.ty()?;
    let (items, item_type) = match inner(&items_type, "Option") {
        Some(vec) => (
            quote! { page.#items_ident.unwrap_or_default() },
            inner(vec, "Vec").ok_or_else(|| bug("items that are not a Vec"))?,
        ),
        None => (
            quote! { page.#items_ident },
            inner(&items_type, "Vec").ok_or_else(|| bug("items that are not a Vec"))?,
        ),
    };
    let item_type = qualified(item_type.clone());
    let page = qualified(page);
    let error = qualified(error);
    let builder_ident = ident(&builder.name);
    // progenitor names a builder's setter as its field: checked against the
    // builder it made, so a rule of `upstream_names` that drifted from
    // progenitor's is a named bug, not code that does not compile.
    let setter = crate::upstream_names::field_name(paging.scheme.param());
    if builder.field(&setter).is_none() {
        return Err(bug(&format!(
            "no builder field `{setter}` for the paging parameter"
        )));
    }
    let setter = ident(&setter);
    let doc = stream_doc(op, paging);
    let body = match &paging.scheme {
        PagingScheme::Cursor { next, .. } => {
            let (cursor, last) =
                navigate(decided, &page_name, next)?.ok_or_else(|| bug("no cursor field"))?;
            let cursor = if is_string(&last) {
                quote! { #cursor.cloned() }
            } else {
                quote! { #cursor.map(|v| v.to_string()) }
            };
            quote! {
                client_runtime::__private::cursor(
                    self,
                    |request: Self| async move {
                        let page: #page = request.send().await?.into_inner();
                        let next = #cursor;
                        Ok((#items, next))
                    },
                    |request: Self, cursor: ::std::string::String| request.#setter(cursor),
                )
            }
        }
        PagingScheme::Offset { param, total } => {
            let field = ident(&crate::upstream_names::field_name(param));
            let offset_type = builder
                .field(&field.to_string())
                .cloned()
                .ok_or_else(|| bug("no offset field in the builder"))?;
            let (start, offset_type) = match inner(&offset_type, "Option") {
                Some(t) => (
                    quote! { self.#field.as_ref().ok().and_then(|o| o.as_ref()) },
                    t.clone(),
                ),
                None => (quote! { self.#field.as_ref().ok() }, offset_type.clone()),
            };
            let total = match total {
                Some(path) => {
                    let (value, _) = navigate(decided, &page_name, path)?
                        .ok_or_else(|| bug("no total field"))?;
                    quote! { #value.map(|v| client_runtime::__private::Count::to_count(*v)) }
                }
                None => quote! { ::std::option::Option::None },
            };
            quote! {
                let start = #start
                    .map(|o| client_runtime::__private::Count::to_count(*o))
                    .unwrap_or(0);
                client_runtime::__private::offset(
                    self,
                    start,
                    |request: Self| async move {
                        let page: #page = request.send().await?.into_inner();
                        let total = #total;
                        Ok((#items, total))
                    },
                    |request: Self, at: u64| {
                        request.#setter(<#offset_type as client_runtime::__private::Count>::from_count(at))
                    },
                )
            }
        }
    };
    Ok(quote! {
        impl<'a> #builder_ident<'a> {
            #[doc = #doc]
            pub fn stream(self) -> client_runtime::paging::Items<'a, #item_type, Error<#error>> {
                #body
            }
        }
    })
}

/// The rustdoc of a `stream()` method: what it yields, how it pages, where
/// it stops.
fn stream_doc(op: &OperationPlan, paging: &Paging) -> String {
    let how = match &paging.scheme {
        PagingScheme::Cursor { param, next } => format!(
            "each page's `{}` is sent as the query parameter `{param}` of the next request; \
             the stream ends after a page without it",
            next.join(".")
        ),
        PagingScheme::Offset { param, total } => {
            let end = match total {
                Some(total) => format!(
                    "the stream ends when the offset reaches the body's `{}`, or after an empty page",
                    total.join(".")
                ),
                None => "the stream ends after an empty page".to_owned(),
            };
            format!(
                "the query parameter `{param}` advances by each page's length, from the value \
                 set on this builder (0 if none); {end}"
            )
        }
    };
    format!(
        "Every item of every page of [`Client::{method}`](super::Client::{method}) (the body's \
         `{items}`), as a `futures::Stream`, as the spec's `x-pagination` describes: {how}.\n\n\
         Pages are requested one at a time as the stream is read, with this builder's other \
         parameters (a page size among them), so `StreamExt::take(n)` stops after `n` items \
         without requesting a page it does not need. An error (of any page) is the stream's \
         last item. Each page request is retried as `send` is.",
        method = op.method_name,
        items = paging.items,
    )
}

/// A `.map`/`.and_then` chain from `Some(&page)` along `steps` (JSON names)
/// of the struct `start`: an `Option<&T>` expression, and the type `T`;
/// `None` where a step names no field.
///
/// # Errors
/// A field read from `types` does not parse back (a bug).
fn navigate(
    decided: &Decided,
    start: &str,
    steps: &[String],
) -> Result<Option<(TokenStream, syn::Type)>, String> {
    let mut expr = quote! { ::std::option::Option::Some(&page) };
    let mut current = start.to_owned();
    let mut last = None;
    for step in steps {
        let Some(field) = decided.field(&current, step) else {
            return Ok(None);
        };
        let (name, ty) = (field.ident()?, field.ty()?);
        let ty = match inner(&ty, "Option") {
            Some(t) => {
                expr = quote! { #expr.and_then(|v| v.#name.as_ref()) };
                t.clone()
            }
            None => {
                expr = quote! { #expr.map(|v| &v.#name) };
                ty
            }
        };
        current = last_ident(&ty).unwrap_or_default();
        last = Some(ty);
    }
    Ok(last.map(|ty| (expr, ty)))
}

fn is_string(ty: &syn::Type) -> bool {
    last_ident(ty).as_deref() == Some("String")
}

/// A type as written in `types` (`Thread`, `::std::vec::Vec<Thread>`) made
/// valid in `builder`, which sees `types` but not its items: a bare
/// capitalized name gets `types::` in front.
fn qualified(mut ty: syn::Type) -> syn::Type {
    struct Qualify;
    impl syn::visit_mut::VisitMut for Qualify {
        fn visit_type_path_mut(&mut self, path: &mut syn::TypePath) {
            syn::visit_mut::visit_type_path_mut(self, path);
            let bare = path.qself.is_none()
                && path.path.leading_colon.is_none()
                && path.path.segments.len() == 1;
            let capitalized = path.path.segments.first().is_some_and(|s| {
                s.ident != "Self"
                    && s.ident
                        .to_string()
                        .starts_with(|c: char| c.is_ascii_uppercase())
            });
            if bare && capitalized {
                path.path
                    .segments
                    .insert(0, syn::PathSegment::from(ident("types")));
            }
        }
    }
    syn::visit_mut::VisitMut::visit_type_mut(&mut Qualify, &mut ty);
    ty
}
