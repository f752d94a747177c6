//! The parts of an operation's request that progenitor cannot send, narrowed
//! to what it can, each change noted:
//! - a request body with several media types keeps the one the client will
//!   send (JSON first, then form, bytes, text); progenitor stops at a
//!   `todo!("more media types than expected")` otherwise;
//! - an operation whose body only comes in media types progenitor cannot
//!   send (`multipart/form-data`, XML) is left out of the client;
//! - an optional query parameter in `style: deepObject` is left out (the
//!   client can call the operation without it); a required one leaves the
//!   operation out.
//!
//! Also, in a published spec, the cookie parameters (progenitor sends none)
//! and a parameter whose Rust name an earlier one of the operation has
//! (progenitor would declare one field twice) are left out.
//!
//! Ref: progenitor-impl `method.rs`, `get_body_param` and
//! `BodyContentType::from_str`; the query styles it supports.

use serde_json::{Value, json};

use super::FixUp;
use crate::diagnostic::escape_token;
use crate::spec::Finding;
use crate::upstream_names;

/// The media types progenitor sends, in the order the client prefers them.
const SENDABLE: [&str; 5] = [
    "application/json",
    "application/x-www-form-urlencoded",
    "application/octet-stream",
    "text/plain",
    "text/x-markdown",
];

pub(crate) const FIXUP: FixUp = FixUp {
    name: "request_subset",
    upstream: "progenitor-impl method.rs (get_body_param, BodyContentType::from_str, the query \
               styles and parameter places it sends; none filed)",
};

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Narrows every operation of `document`; returns what it changed.
pub(crate) fn narrow(document: &mut Value) -> Vec<Finding> {
    let mut findings = Vec::new();
    let request_bodies = document
        .pointer("/components/requestBodies")
        .cloned()
        .unwrap_or(Value::Null);
    let parameters = document
        .pointer("/components/parameters")
        .cloned()
        .unwrap_or(Value::Null);
    let Some(Value::Object(paths)) = document.get_mut("paths") else {
        return findings;
    };
    for (path, item) in paths.iter_mut() {
        let Value::Object(item) = item else { continue };
        let shared: Vec<Value> = item
            .get("parameters")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        for method in METHODS {
            let at = format!("/paths/{}/{method}", escape_token(path));
            let shown = format!("{} {path}", method.to_ascii_uppercase());
            let Some(Value::Object(operation)) = item.get_mut(method) else {
                continue;
            };
            let mut leave_out = None;
            if let Some(body) = operation.get_mut("requestBody") {
                leave_out = narrow_body(body, &request_bodies, &at, &shown, &mut findings);
            }
            if leave_out.is_none() {
                leave_out =
                    narrow_parameters(operation, &shared, &parameters, &at, &shown, &mut findings);
            }
            if let Some(why) = leave_out {
                item.remove(method);
                findings.push(Finding {
                    pointer: at,
                    message: format!("{shown} is left out of the client: {why}"),
                });
            }
        }
    }
    findings
}

/// What narrowing should have left nowhere, counted in `document` (the
/// document progenitor reads): request bodies in several media types or in
/// one progenitor cannot send, and `deepObject` query parameters. Zero,
/// unless [`narrow`] missed a case.
pub(crate) fn leftovers(document: &Value) -> usize {
    // A node, or what its local `$ref` points to.
    fn resolve<'v>(document: &'v Value, node: &'v Value) -> Option<&'v Value> {
        match node.get("$ref").and_then(Value::as_str) {
            Some(target) => target.strip_prefix('#').and_then(|p| document.pointer(p)),
            None => Some(node),
        }
    }
    let Some(paths) = document.get("paths").and_then(Value::as_object) else {
        return 0;
    };
    let mut left = 0;
    for item in paths.values() {
        let shared = item.get("parameters").and_then(Value::as_array);
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let body = operation
                .get("requestBody")
                .and_then(|b| resolve(document, b));
            if let Some(content) = body.and_then(|b| b.get("content")?.as_object())
                && (content.len() > 1 || content.iter().any(|(m, b)| sendable(m, b).is_none()))
            {
                left += 1;
            }
            let own = operation.get("parameters").and_then(Value::as_array);
            left += own
                .into_iter()
                .chain(shared)
                .flatten()
                .filter_map(|p| resolve(document, p))
                .filter(|p| {
                    p.get("in") == Some(&json!("query"))
                        && p.get("style") == Some(&json!("deepObject"))
                })
                .count();
        }
    }
    left
}

/// Leaves the cookie parameters of every operation out (a published spec
/// only: in ours, `client::check` reports them): progenitor cannot send a
/// cookie parameter, and the client can send any cookie as a credential.
pub(crate) fn without_cookie_parameters(document: &mut Value) -> Vec<Finding> {
    let mut findings = Vec::new();
    let parameters = document
        .pointer("/components/parameters")
        .cloned()
        .unwrap_or(Value::Null);
    let is_cookie = |p: &Value| {
        let resolved = match p.get("$ref").and_then(Value::as_str) {
            Some(target) => target
                .strip_prefix("#/components/parameters/")
                .and_then(|name| parameters.get(name))
                .unwrap_or(p),
            None => p,
        };
        (resolved.get("in") == Some(&json!("cookie"))).then(|| {
            resolved
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_owned()
        })
    };
    let Some(Value::Object(paths)) = document.get_mut("paths") else {
        return findings;
    };
    for (path, item) in paths.iter_mut() {
        let Value::Object(item) = item else { continue };
        let item_at = format!("/paths/{}", escape_token(path));
        let mut lists: Vec<(String, &mut Value)> = Vec::new();
        for (key, value) in item.iter_mut() {
            if key == "parameters" {
                lists.push((format!("{item_at}/parameters"), value));
            } else if METHODS.contains(&key.as_str())
                && let Some(own) = value.get_mut("parameters")
            {
                lists.push((format!("{item_at}/{key}/parameters"), own));
            }
        }
        for (at, list) in lists {
            let Value::Array(list) = list else { continue };
            let mut index = 0;
            list.retain(|p| {
                let i = index;
                index += 1;
                let Some(name) = is_cookie(p) else {
                    return true;
                };
                findings.push(Finding {
                    pointer: format!("{at}/{i}"),
                    message: format!(
                        "cookie parameter `{name}` is left out: progenitor cannot send cookie \
                         parameters; send the cookie with \
                         `client.set_credential(client_runtime::Credential::cookie(\"{name}\", value))`"
                    ),
                });
                false
            });
        }
    }
    findings
}

/// Leaves out, in a published spec, a parameter whose Rust name an earlier
/// parameter of the same operation has (Temporal's gRPC gateway accepts
/// `deployment.series_name` and `deployment.seriesName` alike): progenitor
/// would give the operation's builder one method twice. The first is kept.
pub(crate) fn distinct_parameters(document: &mut Value) -> Vec<Finding> {
    let mut findings = Vec::new();
    let parameters = document
        .pointer("/components/parameters")
        .cloned()
        .unwrap_or(Value::Null);
    let resolve = |p: &Value| -> Value {
        match p.get("$ref").and_then(Value::as_str) {
            Some(target) => target
                .strip_prefix("#/components/parameters/")
                .and_then(|name| parameters.get(name))
                .cloned()
                .unwrap_or_else(|| p.clone()),
            None => p.clone(),
        }
    };
    let name_of = |p: &Value| {
        let resolved = resolve(p);
        let name = resolved
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let at = resolved
            .get("in")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        (name, at)
    };
    let Some(Value::Object(paths)) = document.get_mut("paths") else {
        return findings;
    };
    for (path, item) in paths.iter_mut() {
        let Value::Object(item) = item else { continue };
        let shared: Vec<Value> = item
            .get("parameters")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let mut planned: Vec<(&str, Vec<Value>, Vec<String>)> = Vec::new();
        for method in METHODS {
            let Some(operation) = item.get(method) else {
                continue;
            };
            let own: Vec<Value> = operation
                .get("parameters")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            // The operation's parameters as OpenAPI reads them: the path
            // item's, unless the operation overrides one, then its own.
            let mut all: Vec<Value> = shared
                .iter()
                .filter(|p| !own.iter().any(|o| name_of(o) == name_of(p)))
                .cloned()
                .collect();
            all.extend(own);
            let mut seen: Vec<String> = Vec::new();
            let mut kept = Vec::new();
            let mut dropped = Vec::new();
            for parameter in all {
                let (name, _) = name_of(&parameter);
                let rust = upstream_names::field_name(&name);
                if seen.contains(&rust) {
                    dropped.push(name);
                } else {
                    seen.push(rust);
                    kept.push(parameter);
                }
            }
            planned.push((method, kept, dropped));
        }
        if planned.iter().all(|(_, _, dropped)| dropped.is_empty()) {
            continue;
        }
        // Each operation lists what it keeps, the path item's included.
        item.remove("parameters");
        for (method, kept, dropped) in planned {
            if let Some(Value::Object(operation)) = item.get_mut(method) {
                operation.insert("parameters".into(), Value::Array(kept));
            }
            if dropped.is_empty() {
                continue;
            }
            findings.push(Finding {
                pointer: format!("/paths/{}/{method}/parameters", escape_token(path)),
                message: format!(
                    "{} {path}: parameter(s) {} are left out: each has the Rust name of an \
                     earlier parameter of the operation",
                    method.to_ascii_uppercase(),
                    dropped
                        .iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            });
        }
    }
    findings
}

/// Keeps one media type of `body`; returns why the operation must be left
/// out when none can be sent.
fn narrow_body(
    body: &mut Value,
    components: &Value,
    at: &str,
    shown: &str,
    findings: &mut Vec<Finding>,
) -> Option<String> {
    let resolved = match body.get("$ref").and_then(Value::as_str) {
        Some(target) => {
            let name = target.strip_prefix("#/components/requestBodies/")?;
            components.get(name)?.clone()
        }
        None => body.clone(),
    };
    let content = resolved.get("content")?.as_object()?;
    if content.len() <= 1 && content.iter().all(|(m, b)| sendable(m, b).is_some()) {
        return None;
    }
    // A `$ref` body is copied in place, so that narrowing it changes only
    // this operation.
    *body = resolved;
    let content = body.get_mut("content")?.as_object_mut()?;
    let chosen = content
        .iter()
        .filter_map(|(m, b)| sendable(m, b).map(|rank| (rank, m.clone())))
        .min();
    let written: Vec<String> = content.keys().cloned().collect();
    let Some((_, chosen)) = chosen else {
        return Some(format!(
            "progenitor cannot send a request body as {}",
            written
                .iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(" or ")
        ));
    };
    content.retain(|media, _| *media == chosen);
    let others: Vec<String> = written
        .iter()
        .filter(|m| **m != chosen)
        .map(|m| format!("`{m}`"))
        .collect();
    findings.push(Finding {
        pointer: format!("{at}/requestBody"),
        message: format!(
            "{shown} also accepts its body as {}; the client sends `{chosen}`",
            others.join(", ")
        ),
    });
    None
}

/// The client's preference for a media type it can send (lower first).
/// progenitor sends bytes only for `type: string, format: binary`, and text
/// only for a plain `type: string`.
fn sendable(media: &str, body: &Value) -> Option<usize> {
    let essence = media.split(';').next().unwrap_or_default().trim();
    let rank = SENDABLE.iter().position(|m| *m == essence)?;
    let schema = body.get("schema");
    let string = |format: Option<&str>| {
        schema.and_then(Value::as_object).is_some_and(|s| {
            s.get("type") == Some(&json!("string"))
                && s.get("format").and_then(Value::as_str) == format
                && [
                    "enum",
                    "pattern",
                    "minLength",
                    "maxLength",
                    "nullable",
                    "default",
                ]
                .iter()
                .all(|k| !s.contains_key(*k))
        })
    };
    let fits = match essence {
        "application/octet-stream" => string(Some("binary")),
        "text/plain" | "text/x-markdown" => string(None),
        _ => schema.is_some(),
    };
    fits.then_some(rank)
}

/// Leaves out optional `deepObject` query parameters; returns why the
/// operation must be left out when a required one cannot be sent.
fn narrow_parameters(
    operation: &mut serde_json::Map<String, Value>,
    shared: &[Value],
    components: &Value,
    at: &str,
    shown: &str,
    findings: &mut Vec<Finding>,
) -> Option<String> {
    let resolve = |p: &Value| -> Value {
        match p.get("$ref").and_then(Value::as_str) {
            Some(target) => target
                .strip_prefix("#/components/parameters/")
                .and_then(|name| components.get(name))
                .cloned()
                .unwrap_or_else(|| p.clone()),
            None => p.clone(),
        }
    };
    let is_deep = |p: &Value| {
        p.get("in") == Some(&json!("query")) && p.get("style") == Some(&json!("deepObject"))
    };
    let own: Vec<Value> = operation
        .get("parameters")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let deep: Vec<Value> = own
        .iter()
        .chain(shared)
        .map(resolve)
        .filter(is_deep)
        .collect();
    if deep.is_empty() {
        return None;
    }
    if let Some(required) = deep
        .iter()
        .find(|p| p.get("required") == Some(&json!(true)))
    {
        let name = required.get("name").and_then(Value::as_str).unwrap_or("?");
        return Some(format!(
            "its required query parameter `{name}` has `style: deepObject`, which progenitor cannot send"
        ));
    }
    let names: Vec<String> = deep
        .iter()
        .filter_map(|p| p.get("name").and_then(Value::as_str))
        .map(|n| format!("`{n}`"))
        .collect();
    // The operation's own list, with the shared ones it inherits, minus these.
    let mut kept: Vec<Value> = own
        .iter()
        .filter(|p| !is_deep(&resolve(p)))
        .cloned()
        .collect();
    for p in shared {
        let resolved = resolve(p);
        let overridden = own
            .iter()
            .map(resolve)
            .any(|o| o.get("name") == resolved.get("name") && o.get("in") == resolved.get("in"));
        if !overridden && !is_deep(&resolved) {
            kept.push(p.clone());
        }
    }
    operation.insert("parameters".into(), Value::Array(kept));
    findings.push(Finding {
        pointer: format!("{at}/parameters"),
        message: format!(
            "{shown}: the optional query parameter(s) {} (`style: deepObject`) are left out: \
             progenitor cannot send that style",
            names.join(", ")
        ),
    });
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_parameter_with_an_earlier_ones_rust_name_is_left_out() {
        let mut document = json!({ "paths": { "/a": {
            "parameters": [{ "name": "series_name", "in": "query" }],
            "get": { "parameters": [{ "name": "seriesName", "in": "query" }, { "name": "x", "in": "query" }] },
            "put": {}
        }, "/b": { "parameters": [{ "name": "y", "in": "query" }], "get": {} } }});
        let findings = distinct_parameters(&mut document);
        let a = &document["paths"]["/a"];
        assert!(a.get("parameters").is_none());
        assert_eq!(
            a["get"]["parameters"],
            json!([{ "name": "series_name", "in": "query" }, { "name": "x", "in": "query" }])
        );
        assert_eq!(
            a["put"]["parameters"],
            json!([{ "name": "series_name", "in": "query" }])
        );
        // Nothing collides under `/b`: left as written.
        assert_eq!(
            document["paths"]["/b"]["parameters"],
            json!([{ "name": "y", "in": "query" }])
        );
        assert_eq!(findings.len(), 1);
        assert_eq!(
            findings[0].message,
            "GET /a: parameter(s) `seriesName` are left out: each has the Rust name of an earlier parameter of the operation"
        );
    }

    #[test]
    fn cookie_parameters_are_left_out_with_a_note_each() {
        let mut document = json!({ "paths": { "/a": {
            "parameters": [{ "$ref": "#/components/parameters/Session" }],
            "get": { "parameters": [
                { "name": "limit", "in": "query", "schema": { "type": "integer" } },
                { "name": "theme", "in": "cookie", "schema": { "type": "string" } }
            ]}
        }}, "components": { "parameters": { "Session": { "name": "sid", "in": "cookie" } } } });
        let findings = without_cookie_parameters(&mut document);
        assert_eq!(document["paths"]["/a"]["parameters"], json!([]));
        assert_eq!(
            document["paths"]["/a"]["get"]["parameters"],
            json!([{ "name": "limit", "in": "query", "schema": { "type": "integer" } }])
        );
        let pointers: Vec<&str> = findings.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            ["/paths/~1a/parameters/0", "/paths/~1a/get/parameters/1"]
        );
        assert!(
            findings[0]
                .message
                .starts_with("cookie parameter `sid` is left out")
        );
    }

    #[test]
    fn a_body_keeps_the_media_type_the_client_sends_and_unsendable_ones_leave_the_operation_out() {
        let mut document = json!({ "paths": {
            "/pet": {
                "put": { "requestBody": { "content": {
                    "application/xml": {}, "application/json": { "schema": {} },
                    "application/x-www-form-urlencoded": { "schema": {} }
                }}, "responses": {} },
                "post": { "requestBody": { "content": { "multipart/form-data": {} } }, "responses": {} }
            },
            "/orders": { "get": { "parameters": [
                { "name": "filter", "in": "query", "style": "deepObject", "schema": { "type": "object" } },
                { "name": "limit", "in": "query", "schema": { "type": "integer" } }
            ], "responses": {} } }
        }});
        // Two bodies and one parameter progenitor cannot send; none after.
        assert_eq!(leftovers(&document), 3);
        let findings = narrow(&mut document);
        assert_eq!(leftovers(&document), 0);
        let pet = &document["paths"]["/pet"];
        assert_eq!(
            pet["put"]["requestBody"]["content"],
            json!({ "application/json": { "schema": {} } })
        );
        assert!(pet.get("post").is_none());
        assert_eq!(
            document["paths"]["/orders"]["get"]["parameters"],
            json!([{ "name": "limit", "in": "query", "schema": { "type": "integer" } }])
        );
        let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "PUT /pet also accepts its body as `application/xml`, `application/x-www-form-urlencoded`; the client sends `application/json`",
                "POST /pet is left out of the client: progenitor cannot send a request body as `multipart/form-data`",
                "GET /orders: the optional query parameter(s) `filter` (`style: deepObject`) are left out: progenitor cannot send that style",
            ]
        );
    }
}
