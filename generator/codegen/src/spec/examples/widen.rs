//! A published spec whose own response examples leave out a property its
//! schema requires, or give `null` where its schema is not nullable, is
//! widened to what the examples show: the property is no longer `required`
//! (an `Option` in Rust), the schema `nullable: true`. Each widening is a
//! note naming the examples.
//!
//! Why: a publisher's examples are most often responses of the running API,
//! and a schema that refuses them refuses the API (GitHub's examples leave
//! out `team.type`, added later as required; its `202 Accepted` bodies are
//! `null`). A client that cannot decode what the API returns is worse than
//! one field that is an `Option`. Widening only ever accepts more: every
//! value the schema accepted is still accepted.
//!
//! Only an example whose every problem is one of these two is taken as
//! evidence: one that also has a wrong type, an unknown property or a
//! placeholder is the publisher's mistake, and changes nothing. Request and
//! parameter examples are not evidence of what the API returns. Our own
//! transcribed specs are never widened: there, such an example is an error.

use std::collections::BTreeMap;

use serde_json::Value;

use super::validate::{self, Widen};
use crate::spec::convert::Finding;

/// Widens `document`'s schemas to accept its response examples; one
/// finding per schema and widening, placed at the schema.
pub(crate) fn widen(document: &mut Value) -> Vec<Finding> {
    // (schema, widening) → the examples that show it, in the order found.
    let mut shown: BTreeMap<(String, Widen), Vec<String>> = BTreeMap::new();
    for site in super::sites(document) {
        if !shows_a_response(&site.pointer) {
            continue;
        }
        let Ok(failures) =
            validate::validate(document, site.schema, &site.schema_pointer, site.value)
        else {
            continue;
        };
        if failures.is_empty() || failures.iter().any(|f| f.widen.is_none()) {
            continue;
        }
        for failure in failures {
            if let Some(widen) = failure.widen {
                let examples = shown.entry((failure.schema, widen)).or_default();
                if !examples.contains(&site.pointer) {
                    examples.push(site.pointer.clone());
                }
            }
        }
    }
    let mut findings = Vec::new();
    for ((schema, widen), examples) in shown {
        let Some(Value::Object(node)) = document.pointer_mut(&schema) else {
            continue;
        };
        let evidence = match examples.as_slice() {
            [one] => format!("the example at #{one}"),
            [first, rest @ ..] => format!("{} examples, the first at #{first}", rest.len() + 1),
            [] => continue,
        };
        let message = match &widen {
            Widen::Nullable => {
                node.insert("nullable".to_owned(), Value::Bool(true));
                format!(
                    "the publisher's own response examples give `null` here ({evidence}), which \
                     the schema does not allow: it is read as `nullable: true`, so that the \
                     client decodes what the API is shown to return"
                )
            }
            Widen::Optional(property) => {
                if let Some(Value::Array(required)) = node.get_mut("required") {
                    required.retain(|r| r.as_str() != Some(property.as_str()));
                }
                format!(
                    "the publisher's own response examples leave out `{property}` ({evidence}), \
                     which the schema requires: it is read as optional (an `Option`), so that \
                     the client decodes what the API is shown to return"
                )
            }
        };
        findings.push(Finding {
            pointer: schema,
            message,
        });
    }
    findings
}

/// Whether the example at `pointer` shows a response body: a response's
/// own, or one written on a schema (its schema may be a response's), not a
/// request body's or a parameter's.
fn shows_a_response(pointer: &str) -> bool {
    let request = [
        "/requestBody/",
        "/requestBodies/",
        "/parameters/",
        "/headers/",
    ];
    !request.iter().any(|part| pointer.contains(part))
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::widen;

    /// A thread whose `kind` is required and whose `assignee` is not
    /// nullable, with response examples that leave out `kind`, give `null`
    /// to `assignee`, or are wrong in another way as well.
    fn document(examples: Value) -> Value {
        json!({
            "openapi": "3.0.3",
            "info": { "title": "T", "version": "1" },
            "paths": { "/threads/{id}": { "get": {
                "requestBody": { "content": { "application/json": {
                    "schema": { "$ref": "#/components/schemas/Thread" },
                    "example": { "id": "r" }
                } } },
                "responses": { "200": {
                    "description": "One thread.",
                    "content": { "application/json": {
                        "schema": { "$ref": "#/components/schemas/Thread" },
                        "examples": examples
                    } }
                } }
            } } },
            "components": { "schemas": {
                "Thread": {
                    "type": "object",
                    "required": ["id", "kind", "status"],
                    "properties": {
                        "id": { "type": "string" },
                        "kind": { "type": "string" },
                        "status": { "type": "string" },
                        "assignee": { "type": "object" }
                    }
                }
            } }
        })
    }

    #[test]
    fn a_property_the_examples_leave_out_becomes_optional_and_a_null_nullable() {
        let mut doc = document(json!({
            "old": { "value": { "id": "1", "status": "open" } },
            "older": { "value": { "id": "2", "status": "open", "assignee": null } }
        }));
        let findings = widen(&mut doc);
        let thread = &doc["components"]["schemas"]["Thread"];
        assert_eq!(thread["required"], json!(["id", "status"]));
        assert_eq!(thread["properties"]["assignee"]["nullable"], json!(true));
        let messages: Vec<(&str, &str)> = findings
            .iter()
            .map(|f| (f.pointer.as_str(), f.message.as_str()))
            .collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert_eq!(messages[0].0, "/components/schemas/Thread");
        assert!(
            messages[0].1.starts_with(
                "the publisher's own response examples leave out `kind` (2 examples, the first at \
                 #/paths/~1threads~1{id}/get/responses/200/content/application~1json/examples/old/value)"
            ),
            "{}",
            messages[0].1
        );
        assert_eq!(
            messages[1].0,
            "/components/schemas/Thread/properties/assignee"
        );
        assert!(
            messages[1].1.starts_with(
                "the publisher's own response examples give `null` here (the example at \
                 #/paths/~1threads~1{id}/get/responses/200/content/application~1json/examples/older/value)"
            ),
            "{}",
            messages[1].1
        );
    }

    #[test]
    fn an_example_wrong_in_another_way_or_a_request_example_changes_nothing() {
        // `status` is a number: the example is the publisher's mistake. The
        // request body's example leaves out `kind` and `status`: a request
        // is no evidence of what the API returns.
        let mut doc = document(json!({
            "wrong": { "value": { "id": "1", "status": 3 } }
        }));
        let before = doc.clone();
        assert!(widen(&mut doc).is_empty());
        assert_eq!(doc, before);
    }

    #[test]
    fn a_null_for_an_enum_is_not_widened() {
        let mut doc =
            document(json!({ "e": { "value": { "id": "1", "kind": "k", "status": null } } }));
        doc["components"]["schemas"]["Thread"]["properties"]["status"]["enum"] = json!(["open"]);
        let before = doc.clone();
        assert!(widen(&mut doc).is_empty());
        assert_eq!(doc, before);
    }
}
