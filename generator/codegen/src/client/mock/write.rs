//! Writing the module's text: the `When` and `Then` of each operation,
//! then `MockServerExt`, laid out as the rest of the file is.

use std::fmt::Write as _;

use super::{Body, Operation, Param, Place, Status};
use crate::client::plan::OperationPlan;
use crate::spec::PathTemplate;
use crate::upstream_names;

/// `text` as a Rust string literal.
fn literal(text: &str) -> String {
    format!("{text:?}")
}

/// The module's text.
pub(super) fn module(operations: &[Operation<'_>]) -> String {
    let mut out = String::with_capacity(operations.len() * 2048);
    out.push_str(
        "/// Typed [httpmock](https://docs.rs/httpmock) helpers for testing code\n\
         /// that uses this client: a method per operation on\n\
         /// `httpmock::MockServer` (see [`mock::MockServerExt`]), whose `when`\n\
         /// and `then` take this crate's types. Enable the `mock` feature in\n\
         /// your `[dev-dependencies]`.\n\
         #[cfg(feature = \"mock\")]\n\
         #[allow(clippy::all)]\n\
         pub mod mock {\n    pub mod operations {\n        \
         //! [`When`](::httpmock::When) and [`Then`](::httpmock::Then)\n        \
         //! wrappers for each operation. Each can be converted to\n        \
         //! its inner type with a call to `into_inner()`. This can\n        \
         //! be used to explicitly deviate from permitted values.\n        \
         use crate::*;\n",
    );
    for op in operations {
        write_when(&mut out, op);
        write_then(&mut out, op);
    }
    out.push_str(
        "    }\n    \
         /// An extension trait for [`MockServer`](::httpmock::MockServer) that\n    \
         /// adds a method for each operation. These are the equivalent of\n    \
         /// type-checked [`mock()`](::httpmock::MockServer::mock) calls.\n    \
         pub trait MockServerExt {\n",
    );
    for op in operations {
        let (method, b) = (&op.plan.method_name, op.builder);
        let _ = write!(
            out,
            "        /// Mocks `{id}` ({shown}).\n        \
             fn {method}<F>(&self, config_fn: F) -> ::httpmock::Mock<'_>\n        \
             where\n            \
             F: FnOnce(operations::{b}When, operations::{b}Then);\n",
            id = op.plan.id,
            shown = shown(op.plan),
        );
    }
    out.push_str("    }\n    impl MockServerExt for ::httpmock::MockServer {\n");
    for op in operations {
        let (method, b) = (&op.plan.method_name, op.builder);
        let _ = write!(
            out,
            "        fn {method}<F>(&self, config_fn: F) -> ::httpmock::Mock<'_>\n        \
             where\n            \
             F: FnOnce(operations::{b}When, operations::{b}Then),\n        \
             {{\n            \
             self.mock(|when, then| {{\n                \
             config_fn(operations::{b}When::new(when), operations::{b}Then::new(then))\n            \
             }})\n        \
             }}\n",
        );
    }
    out.push_str("    }\n}\n");
    out
}

/// `GET /v1/thread/{threadId}`, for the docs.
fn shown(op: &OperationPlan) -> String {
    format!("`{} {}`", op.method.as_http(), op.path)
}

/// The `When` of `op`: its method and path, then a method per parameter.
fn write_when(out: &mut String, op: &Operation<'_>) {
    let b = op.builder;
    let http = op.plan.method.as_http();
    let _ = write!(
        out,
        "        /// What a request to `{id}` ({shown}) must match.\n        \
         pub struct {b}When(::httpmock::When);\n        \
         impl {b}When {{\n            \
         pub fn new(inner: ::httpmock::When) -> Self {{\n                \
         let path = regex::Regex::new({path}).unwrap();\n                \
         Self(inner.method(::httpmock::Method::{http}).path_matches(path))\n            \
         }}\n            \
         pub fn into_inner(self) -> ::httpmock::When {{\n                \
         self.0\n            \
         }}\n",
        id = op.plan.id,
        shown = shown(op.plan),
        path = literal(&path_pattern(&op.plan.path, None)),
    );
    for param in &op.params {
        write_param(out, op, param);
    }
    out.push_str("        }\n");
}

/// One `When` method: matches `param`.
fn write_param(out: &mut String, op: &Operation<'_>, param: &Param) {
    let api = literal(&param.api);
    // Each statement on its lines, indented from the body's own margin.
    let (doc, matched) = match param.place {
        Place::Path => (
            format!("The path parameter `{}` is `value`.", param.api),
            format!(
                "let value = progenitor_client::encode_path(&value.to_string());\n\
                 let re = regex::Regex::new(&format!({}, regex::escape(&value))).unwrap();\n\
                 Self(self.0.path_matches(re))",
                literal(&path_pattern(&op.plan.path, Some(&param.api))),
            ),
        ),
        Place::Query => (
            format!(
                "The query parameter `{}` is `value`, encoded as the client sends it (an \
                 array as one pair per element). Panics if the client could not send `value` \
                 either.",
                param.api
            ),
            format!(
                "let pairs = client_runtime::__private::query_pairs({api}, &value)\n    \
                 .unwrap_or_else(|e| panic!(\"{{e}}\"));\n\
                 Self(pairs.into_iter().fold(self.0, |when, (k, v)| when.query_param(k, v)))"
            ),
        ),
        Place::Header => (
            format!("The header `{}` is `value`.", param.api),
            format!("Self(self.0.header({api}, value.to_string()))"),
        ),
        Place::Body => (
            "The body is `value`, as JSON.".to_owned(),
            format!(
                "Self(self.0.json_body_obj({}value))",
                if param.ty.by_ref { "" } else { "&" }
            ),
        ),
        Place::OctetBody => (
            "The body is `value`, as JSON.".to_owned(),
            "Self(self.0.json_body(value))".to_owned(),
        ),
        Place::TextBody => (
            "The body is `value`.".to_owned(),
            "Self(self.0.body(value))".to_owned(),
        ),
    };
    let name = &param.rust;
    let indent = " ".repeat(12);
    if param.optional {
        let missing = if param.place == Place::Header {
            "header_missing"
        } else {
            "query_param_missing"
        };
        let lifetime = if param.ty.by_ref { "'a, " } else { "" };
        let _ = write!(
            out,
            "{indent}/// {doc} `None`: it is absent.\n\
             {indent}pub fn {name}<{lifetime}T>(self, value: T) -> Self\n\
             {indent}where\n\
             {indent}    T: Into<Option<{ty}>>,\n\
             {indent}{{\n\
             {indent}    if let Some(value) = value.into() {{\n\
             {matched}\
             {indent}    }} else {{\n\
             {indent}        Self(self.0.{missing}({api}))\n\
             {indent}    }}\n\
             {indent}}}\n",
            ty = param.ty.written(param.ty.by_ref.then_some("'a")),
            matched = indented(&matched, 20),
        );
    } else {
        let _ = write!(
            out,
            "{indent}/// {doc}\n\
             {indent}pub fn {name}(self, value: {ty}) -> Self {{\n\
             {matched}\
             {indent}}}\n",
            ty = param.ty.written(None),
            matched = indented(&matched, 16),
        );
    }
}

/// Each line of `code` after `margin` spaces, each ending in a newline.
fn indented(code: &str, margin: usize) -> String {
    let pad = " ".repeat(margin);
    code.lines().map(|line| format!("{pad}{line}\n")).collect()
}

/// The `Then` of `op`: a method per response.
fn write_then(out: &mut String, op: &Operation<'_>) {
    let b = op.builder;
    let _ = write!(
        out,
        "        /// The response the mock server gives to `{id}`.\n        \
         pub struct {b}Then(::httpmock::Then);\n        \
         impl {b}Then {{\n            \
         pub fn new(inner: ::httpmock::Then) -> Self {{\n                \
         Self(inner)\n            \
         }}\n            \
         pub fn into_inner(self) -> ::httpmock::Then {{\n                \
         self.0\n            \
         }}\n",
        id = op.plan.id,
    );
    let indent = " ".repeat(12);
    for response in &op.responses {
        let (value, body, what) = match &response.body {
            Body::None => (String::new(), String::new(), "no body".to_owned()),
            Body::Json(ty) => (
                format!(", value: {}", ty.written(None)),
                format!(
                    "\n        .header(\"content-type\", \"application/json\")\n        \
                     .json_body_obj({}value)",
                    if ty.by_ref { "" } else { "&" }
                ),
                "`value` as its JSON body".to_owned(),
            ),
            Body::Raw => (
                ", value: ::serde_json::Value".to_owned(),
                "\n        .header(\"content-type\", \"application/json\")\n        \
                 .json_body(value)"
                    .to_owned(),
                "`value` as its JSON body".to_owned(),
            ),
        };
        // `Self(self.0.status(..))`, its body's calls one per line.
        let answer = |status: &str| {
            if body.is_empty() {
                indented(&format!("Self(self.0.status({status}))"), 16)
            } else {
                indented(
                    &format!("Self(\n    self.0\n        .status({status}){body},\n)"),
                    16,
                )
            }
        };
        let _ = match response.status {
            Status::Code(code) => write!(
                out,
                "{indent}/// Answers `{shown}` with {what}.\n\
                 {indent}pub fn {name}(self{value}) -> Self {{\n\
                 {answer}\
                 {indent}}}\n",
                shown = status_shown(code),
                name = status_name(code),
                answer = answer(&format!("{code}u16")),
            ),
            Status::Range(class) => write!(
                out,
                "{indent}/// Answers `status` (a `{class}XX` status: it panics on another) with {what}.\n\
                 {indent}pub fn {name}(self, status: u16{value}) -> Self {{\n\
                 {indent}    assert_eq!(status / 100u16, {class}u16);\n\
                 {answer}\
                 {indent}}}\n",
                name = range_name(class),
                answer = answer("status"),
            ),
            Status::Default => write!(
                out,
                "{indent}/// Answers `status` (the spec's `default` response) with {what}.\n\
                 {indent}pub fn default_response(self, status: u16{value}) -> Self {{\n\
                 {answer}\
                 {indent}}}\n",
                answer = answer("status"),
            ),
        };
    }
    out.push_str("        }\n");
}

/// progenitor's name of a status's helper: its reason phrase in snake case
/// (`404` → `not_found`); `status_299` for a status without one.
fn status_name(code: u16) -> String {
    reason(code).map_or_else(|| format!("status_{code}"), upstream_names::parameter_name)
}

/// `404 Not Found`, for the docs.
fn status_shown(code: u16) -> String {
    reason(code).map_or_else(|| code.to_string(), |r| format!("{code} {r}"))
}

/// The status's reason phrase, where HTTP names one.
fn reason(code: u16) -> Option<&'static str> {
    http::StatusCode::from_u16(code).ok()?.canonical_reason()
}

/// progenitor's name of a status class's helper.
fn range_name(class: u16) -> &'static str {
    match class {
        1 => "informational",
        2 => "success",
        3 => "redirect",
        4 => "client_error",
        _ => "server_error",
    }
}

/// The path's regular expression: its constant text escaped, each
/// parameter any segment; `param`'s place a `{}` for `format!` (and the
/// braces of the rest doubled).
fn path_pattern(path: &PathTemplate, param: Option<&str>) -> String {
    let pattern = path.regex_with(|name| match param {
        Some(p) if p == name => "\u{0}".to_owned(),
        _ => "[^/]*".to_owned(),
    });
    match param {
        Some(_) => pattern
            .replace('{', "{{")
            .replace('}', "}}")
            .replace('\u{0}', "{}"),
        None => pattern,
    }
}
