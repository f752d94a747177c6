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

/// The JSON schemas of one group of responses (the success or the error
/// statuses, planned to decode to one type, so written alike) that are
/// inline: the first is moved into `components/schemas` and every one
/// refers to it, so that the group has one type (typify would make one per
/// copy, and progenitor asserts one). `default` read as `4XX` and `5XX` is
/// such a group of copies. `suffix` ends the component's name:
/// `/paths/~1things/post` and `Default` → `PostThingsDefault`.
fn share_schema(
    document: &mut Value,
    operation: &str,
    responses: &mut Map<String, Value>,
    group: &[String],
    suffix: &str,
) -> bool {
    let mut schemas: Vec<&mut Value> = responses
        .iter_mut()
        .filter(|(status, _)| group.contains(status))
        .filter_map(|(_, response)| response.get_mut("content")?.as_object_mut())
        .flat_map(|content| content.iter_mut())
        .filter(|(media, _)| *media == "application/json" || media.starts_with("application/json;"))
        .filter_map(|(_, body)| body.get_mut("schema"))
        .filter(|schema| schema.get("$ref").is_none())
        .collect();
    if schemas.len() < 2 {
        return false;
    }
    let words: Vec<String> = operation
        .split('/')
        .filter(|w| !w.is_empty() && *w != "paths")
        .map(crate::diagnostic::unescape_token)
        .collect();
    let mut name = heck::ToUpperCamelCase::to_upper_camel_case(
        format!(
            "{} {} {suffix}",
            words.last().map_or("", String::as_str),
            words[..words.len().saturating_sub(1)].join(" ")
        )
        .as_str(),
    );
    while document
        .pointer(&format!("/components/schemas/{name}"))
        .is_some()
    {
        name.push('_');
    }
    let reference = json!({ "$ref": format!("#/components/schemas/{name}") });
    rewrite::add_component(document, &name, schemas[0].clone());
    for schema in &mut schemas {
        **schema = reference.clone();
    }
    true
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
    let mut moved_default = None;
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
            moved_default = Some(response);
            changes += 1;
        } else {
            rewritten.insert(status.clone(), response);
        }
    }
    // After every explicit status: progenitor matches the statuses in the
    // order written, and a `4XX` before a `422` would leave the `422` arm
    // unreachable.
    if let Some(response) = moved_default {
        for range in ["4XX", "5XX"] {
            if !responses.iter().any(|(s, _)| s == range) {
                rewritten.insert(range.to_owned(), response.clone());
            }
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
    let (errors, successes): (Vec<String>, Vec<String>) =
        rewritten.keys().cloned().partition(|s| is_error(s));
    let suffix = if plan.default_as_errors {
        "Default"
    } else {
        "Error"
    };
    changes += usize::from(share_schema(
        document,
        operation,
        &mut rewritten,
        &errors,
        suffix,
    ));
    if plan.union.is_none() {
        changes += usize::from(share_schema(
            document,
            operation,
            &mut rewritten,
            &successes,
            "Success",
        ));
    }
    if let Some(slot) = document.pointer_mut(&format!("{operation}/responses")) {
        *slot = Value::Object(rewritten);
    }
    changes > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = r#"{"content": {"application/json": {"schema": {"properties": {"message": {"type": "string"}}}}}}"#;

    fn responses(statuses: &[&str]) -> Responses {
        let body: Value = serde_json::from_str(BODY).expect("test JSON");
        statuses
            .iter()
            .map(|s| (s.to_string(), body.clone()))
            .collect()
    }

    fn schema_at(document: &Value, status: &str) -> Value {
        document["paths"]["/things"]["post"]["responses"][status]["content"]["application/json"]
            ["schema"]
            .clone()
    }

    #[test]
    fn one_inline_error_body_written_twice_and_default_read_as_errors_share_one_component() {
        let mut document = json!({ "paths": { "/things": { "post": { "responses": {} } } } });
        let plan = ResponsePlan {
            default_as_errors: true,
            ..ResponsePlan::default()
        };
        let mut written = responses(&["404", "default"]);
        written.insert(0, ("201".to_owned(), json!({ "description": "made" })));
        assert!(apply(
            &mut document,
            "/paths/~1things/post",
            &written,
            &plan
        ));
        let shared = json!({ "$ref": "#/components/schemas/PostThingsDefault" });
        for status in ["404", "4XX", "5XX"] {
            assert_eq!(schema_at(&document, status), shared, "{status}");
        }
        assert_eq!(
            document["components"]["schemas"]["PostThingsDefault"]["properties"]["message"],
            json!({ "type": "string" })
        );
    }

    #[test]
    fn one_inline_success_body_written_twice_shares_one_component() {
        let mut document = json!({ "paths": { "/things": { "post": { "responses": {} } } } });
        let written = responses(&["200", "201"]);
        assert!(apply(
            &mut document,
            "/paths/~1things/post",
            &written,
            &ResponsePlan::default()
        ));
        let shared = json!({ "$ref": "#/components/schemas/PostThingsSuccess" });
        assert_eq!(schema_at(&document, "200"), shared);
        assert_eq!(schema_at(&document, "201"), shared);
    }
}
