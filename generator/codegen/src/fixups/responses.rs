//! The responses of an operation rewritten so that progenitor can generate
//! them, as [`crate::client::responses`] planned: `default` read as the
//! error statuses, differing error (or mixed success) bodies read raw, a JSON
//! body without a schema given `{}`, and differing success bodies pointed at
//! one placeholder component that the emitted enum replaces.
//!
//! Ref: progenitor-impl `method.rs`, `extract_responses`:
//! `assert!(response_types.len() <= 1)` ("TODO to deal with multiple response
//! types, we'll need to create an enum type"); and `todo!("media type
//! encoding, no schema")` for a JSON body without a schema.

use serde_json::{Map, Value, json};

use super::FixUp;
use crate::client::plan::ResponsePlan;
use crate::spec::rewrite;

pub(crate) static FIXUP: FixUp = FixUp {
    name: "responses",
    upstream: "progenitor-impl/src/method.rs (extract_responses: `assert!(response_types.len() <= 1)`)",
};

/// `default`, read as `4XX` and `5XX`, is written twice: an inline JSON
/// schema in it is moved into `components/schemas` first, so that both
/// statuses have one type (typify would make one per copy).
fn share_schema(document: &mut Value, operation: &str, response: &mut Value) {
    let Some(Value::Object(content)) = response.get_mut("content") else {
        return;
    };
    for (media, body) in content.iter_mut() {
        let json = media == "application/json" || media.starts_with("application/json;");
        let Some(schema) = body.get_mut("schema").filter(|_| json) else {
            continue;
        };
        if schema.get("$ref").is_some() {
            continue;
        }
        // `/paths/~1things/post` → `PostThingsDefault`.
        let words: Vec<String> = operation
            .split('/')
            .filter(|w| !w.is_empty() && *w != "paths")
            .map(crate::diagnostic::unescape_token)
            .collect();
        let mut name = heck::ToUpperCamelCase::to_upper_camel_case(
            format!(
                "{} {}",
                words.last().map_or("", String::as_str),
                words[..words.len().saturating_sub(1)].join(" ")
            )
            .as_str(),
        );
        name.push_str("Default");
        while document
            .pointer(&format!("/components/schemas/{name}"))
            .is_some()
        {
            name.push('_');
        }
        rewrite::add_component(document, &name, std::mem::take(schema));
        *schema = json!({ "$ref": format!("#/components/schemas/{name}") });
    }
}

/// The content that progenitor reads as raw bytes.
fn raw_content() -> Value {
    json!({ "*/*": {} })
}

/// The responses of one operation as written, `$ref`s followed: status →
/// response object.
pub(crate) type Responses = Vec<(String, Value)>;

/// Rewrites the responses of the operation at `operation` (a pointer into
/// `document`); returns whether it changed anything (the ledger expects one
/// change per operation whose plan is not the default).
pub(crate) fn apply(
    document: &mut Value,
    operation: &str,
    responses: &Responses,
    plan: &ResponsePlan,
) -> bool {
    let mut changes = 0;
    let mut rewritten: Map<String, Value> = Map::new();
    let is_error = |s: &str| s.starts_with('4') || s.starts_with('5');
    let is_success = |s: &str| s == "101" || s.starts_with('2');
    for (status, response) in responses {
        let mut response = response.clone();
        let mut changed = false;
        if plan.schemaless_json.contains(status)
            && let Some(Value::Object(content)) = response.get_mut("content")
        {
            for (media, body) in content.iter_mut() {
                if (media == "application/json" || media.starts_with("application/json;"))
                    && let Value::Object(body) = body
                {
                    body.entry("schema").or_insert_with(|| json!({}));
                    changed = true;
                }
            }
        }
        // Without an explicit success status, progenitor reads `default` as
        // both a success and an error.
        let explicit_success = responses.iter().any(|(s, _)| is_success(s));
        let as_error = is_error(status)
            || (status == "default" && (plan.default_as_errors || !explicit_success));
        let as_success = is_success(status) || (status == "default" && !plan.default_as_errors);
        let raw = (as_error && plan.raw_errors) || (as_success && plan.raw_success);
        if raw && response.get("content") != Some(&raw_content()) {
            // A response without content too: progenitor reads bodies of one
            // kind per group, and an empty body reads as no bytes.
            response["content"] = raw_content();
            changed = true;
        }
        if as_success && let Some(union) = &plan.union {
            let reference = json!({ "$ref": format!("#/components/schemas/{}", union.name) });
            response["content"] = json!({ "application/json": { "schema": reference } });
            changed = true;
        }
        changes += usize::from(changed);
        if status == "default" && plan.default_as_errors {
            share_schema(document, operation, &mut response);
            for range in ["4XX", "5XX"] {
                if !responses.iter().any(|(s, _)| s == range) {
                    rewritten.insert(range.to_owned(), response.clone());
                }
            }
            changes += 1;
        } else {
            rewritten.insert(status.clone(), response);
        }
    }
    if let Some(union) = &plan.union {
        for variant in &union.variants {
            let Some(name) = &variant.inline else {
                continue;
            };
            let schema = responses
                .iter()
                .find(|(s, _)| *s == variant.status)
                .and_then(|(_, r)| {
                    r.get("content")?.as_object()?.iter().find(|(m, _)| {
                        *m == "application/json" || m.starts_with("application/json;")
                    })
                })
                .and_then(|(_, body)| body.get("schema"));
            if let Some(schema) = schema {
                rewrite::add_component(document, name, schema.clone());
                changes += 1;
            }
        }
        rewrite::add_component(
            document,
            &union.name,
            json!({ "description": "Replaced by the generator's enum of the success bodies." }),
        );
        changes += 1;
    }
    if let Some(slot) = document.pointer_mut(&format!("{operation}/responses")) {
        *slot = Value::Object(rewritten);
    }
    changes > 0
}
