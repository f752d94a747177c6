//! The client's `mock` module: typed [httpmock](https://docs.rs/httpmock)
//! helpers, a `When` and a `Then` per operation and the `MockServerExt`
//! trait. Their API is that of progenitor's `Generator::httpmock`
//! (progenitor-impl `httpmock.rs`), which oxide.rs ships; they are written
//! here as text from what is already known, with no second progenitor pass
//! (that pass rebuilds typify's whole type space, and its code would be
//! parsed and formatted again):
//! - the operations, their parameters (where each goes, its name in the
//!   request, whether it is required) and their responses' kinds, from the
//!   prepared document progenitor read;
//! - each parameter's Rust name and type, and each response body's type,
//!   from what progenitor decided for the client (its builders' fields and
//!   `send` types, through [`Decided`]), so a helper takes exactly the type
//!   the client sends and decodes.
//!
//! Where progenitor's helpers do not compile or match wrongly, these do
//! what the client does: a path parameter is percent-encoded as the client
//! encodes it and regex-escaped (progenitor pastes it into the pattern as
//! it is); a query parameter is encoded by the client's own encoder
//! (`client_runtime::__private::query_pairs`), so an array is one pair per
//! element (progenitor#1260) and a type without `Display` (an untagged
//! union) matches too; a value typify made `Copy` is passed to
//! `json_body_obj` by reference; the path's constant text is escaped; and
//! a JSON body of a status the client does not decode (a `3XX`) is any
//! JSON value, since no type stands for it.

mod read;
mod write;

use std::collections::BTreeMap;

use serde_json::Value;

use super::decided::Decided;
use super::plan::{ClientPlan, OperationPlan};
use crate::manifest::{PathRoots, Uses};
use crate::spec::Method;
use read::Reader;

/// The `mock` module of a client crate, ready to follow the client's text.
pub(crate) struct MockModule {
    /// `pub mod mock { … }`: the last item of `lib.rs`.
    pub(crate) text: String,
    /// The crates it uses (optional dependencies, behind the `mock` feature).
    pub(crate) uses: Uses,
    /// Its paths, for the check that every crate it names is known.
    pub(crate) path_roots: PathRoots,
}

/// Writes the `mock` module for the operations of `document` (the prepared
/// document progenitor generated the client from), in progenitor's order:
/// the paths as written, the methods of each in `Method::ALL`'s order.
///
/// # Errors
/// An operation of `document` has no plan or no builder in the client, or a
/// parameter no builder field: what progenitor decided and what this module
/// reads disagree, a bug named in the message.
pub(crate) fn module(
    plan: &ClientPlan,
    document: &Value,
    decided: &Decided,
) -> Result<MockModule, String> {
    // The plan's operations by place, looked up once each.
    let planned: BTreeMap<(String, Method), &OperationPlan> = plan
        .operations
        .iter()
        .map(|op| ((op.path.to_string(), op.method), op))
        .collect();
    let read = Reader { document, decided };
    let mut operations = Vec::new();
    let paths = document.get("paths").and_then(Value::as_object);
    for (path, item) in paths.into_iter().flatten() {
        for method in Method::ALL {
            let Some(operation) = item.get(method.key()) else {
                continue;
            };
            let op = *planned.get(&(path.clone(), method)).ok_or_else(|| {
                format!(
                    "{} {path} is in the document but not in the plan",
                    method.as_http()
                )
            })?;
            let builder = decided
                .builder(&op.method_name)
                .ok_or_else(|| format!("the client has no builder for `{}`", op.method_name))?;
            operations.push(read.operation(op, builder, item, operation)?);
        }
    }
    let text = write::module(&operations);
    let mut roots = quote::quote! { ::httpmock::When; regex::Regex; };
    if operations
        .iter()
        .flat_map(|o| &o.params)
        .any(|p| p.place == Place::Path)
    {
        roots.extend(quote::quote! { progenitor_client::encode_path; });
    }
    let octet_body = |o: &Operation<'_>| o.params.iter().any(|p| p.place == Place::OctetBody);
    let raw_response = |o: &Operation<'_>| o.responses.iter().any(|r| matches!(r.body, Body::Raw));
    if operations.iter().any(|o| octet_body(o) || raw_response(o)) {
        roots.extend(quote::quote! { ::serde_json::Value; });
    }
    let path_roots = PathRoots::of(roots);
    Ok(MockModule {
        text,
        uses: Uses::from_roots(&path_roots, &[]),
        path_roots,
    })
}

/// One operation's helpers, as read.
struct Operation<'p> {
    plan: &'p OperationPlan,
    /// `GetThread`: the `When` and `Then` types are named after it.
    builder: &'p str,
    params: Vec<Param>,
    responses: Vec<Response>,
}

/// A parameter: one method of the `When`.
struct Param {
    /// The builder's field, and the helper's name: `thread_id`.
    rust: String,
    /// As sent: `threadId`.
    api: String,
    place: Place,
    /// `Into<Option<…>>`: `None` matches its absence.
    optional: bool,
    ty: ParamType,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Path,
    Query,
    Header,
    /// A body progenitor serializes (JSON, or a form).
    Body,
    /// `application/octet-stream`: matched as JSON, as progenitor does.
    OctetBody,
    /// `text/plain`: matched as text.
    TextBody,
}

/// A helper's parameter type, as typify passes it (`Type::parameter_ident`):
/// by reference (`&str`, `&types::Thread`) or, for what is `Copy`, by value.
struct ParamType {
    by_ref: bool,
    /// The type without its `&`: `str`, `types::Thread`, `i64`.
    text: String,
}

/// A response: one method of the `Then`.
struct Response {
    status: Status,
    body: Body,
}

enum Status {
    Code(u16),
    /// `4XX`: the class's digit.
    Range(u16),
    Default,
}

enum Body {
    None,
    /// JSON of this type.
    Json(ParamType),
    /// Any other content: any JSON value, as progenitor's helpers take it.
    Raw,
}

impl ParamType {
    pub(super) fn by_ref(text: String) -> Self {
        ParamType { by_ref: true, text }
    }

    pub(super) fn owned(text: &str) -> Self {
        ParamType {
            by_ref: false,
            text: text.to_owned(),
        }
    }

    /// As written in a signature, with `lifetime` on the reference if any.
    pub(super) fn written(&self, lifetime: Option<&str>) -> String {
        match (self.by_ref, lifetime) {
            (false, _) => self.text.clone(),
            (true, None) => format!("&{}", self.text),
            (true, Some(l)) => format!("&{l} {}", self.text),
        }
    }
}
