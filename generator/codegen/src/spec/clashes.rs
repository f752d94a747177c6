//! Schemas that typify would give one Rust type name, made distinct before
//! it sees them (two types of one name do not compile):
//! - components whose names differ only in case or punctuation (`NullTime`
//!   and `nullTime`): the later ones are renamed (`nullTime2`), and every
//!   `$ref` to them with them;
//! - an inline schema whose `title` is a component's type name (a `number`
//!   property titled "Phone number" inside `PhoneNumber`): the title is
//!   dropped, and typify names it by its place instead.

use std::collections::BTreeMap;

use serde_json::Value;

use super::convert::Finding;
use crate::diagnostic::child;
use crate::names;

const SCHEMAS: &str = "#/components/schemas/";

/// Makes the type names distinct; returns what it changed.
pub(crate) fn distinct_type_names(document: &mut Value) -> Vec<Finding> {
    let mut findings = rename_components(document);
    drop_clashing_titles(document, &mut findings);
    findings
}

fn rename_components(document: &mut Value) -> Vec<Finding> {
    let mut findings = Vec::new();
    let Some(Value::Object(schemas)) = document.pointer("/components/schemas") else {
        return findings;
    };
    let mut taken: BTreeMap<String, String> = BTreeMap::new();
    let mut renames: Vec<(String, String)> = Vec::new();
    for key in schemas.keys() {
        let rust = names::Schema::component(key);
        let Some(first) = taken.get(&rust).cloned() else {
            taken.insert(rust, key.clone());
            continue;
        };
        let (renamed, rust) = (2..)
            .map(|n| format!("{key}{n}"))
            .map(|k| (names::Schema::component(&k), k))
            .find(|(rust, k)| !taken.contains_key(rust) && !schemas.contains_key(k))
            .map(|(rust, k)| (k, rust))
            .unwrap_or_default();
        findings.push(Finding {
            pointer: child("/components/schemas", key),
            message: format!(
                "components `{first}` and `{key}` would both be the type `{}`: `{key}` is \
                 generated as `{rust}`",
                names::Schema::component(&first)
            ),
        });
        taken.insert(rust, renamed.clone());
        renames.push((key.clone(), renamed));
    }
    if renames.is_empty() {
        return findings;
    }
    if let Some(Value::Object(schemas)) = document.pointer_mut("/components/schemas") {
        let entries: Vec<(String, Value)> = std::mem::take(schemas).into_iter().collect();
        for (key, schema) in entries {
            let key = renames
                .iter()
                .find(|(old, _)| *old == key)
                .map_or(key, |(_, new)| new.clone());
            schemas.insert(key, schema);
        }
    }
    let targets: BTreeMap<String, String> = renames
        .into_iter()
        .map(|(old, new)| (format!("{SCHEMAS}{old}"), format!("{SCHEMAS}{new}")))
        .collect();
    retarget(document, &targets);
    findings
}

/// Points every `$ref` in `targets` at its new name; examples are data and
/// left alone.
fn retarget(node: &mut Value, targets: &BTreeMap<String, String>) {
    match node {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get_mut("$ref")
                && let Some(new) = targets.get(target.as_str())
            {
                *target = new.clone();
            }
            for (key, value) in map.iter_mut() {
                if key != "example" && key != "examples" {
                    retarget(value, targets);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| retarget(v, targets)),
        _ => {}
    }
}

fn drop_clashing_titles(document: &mut Value, findings: &mut Vec<Finding>) {
    let Some(Value::Object(schemas)) = document.pointer_mut("/components/schemas") else {
        return;
    };
    let components: Vec<String> = schemas
        .keys()
        .map(|k| names::Schema::component(k))
        .collect();
    for (key, schema) in schemas.iter_mut() {
        let at = child("/components/schemas", key);
        // The component's own title names nothing: its key does.
        for_each_inline(schema, &at, true, &mut |node, at| {
            let Some(title) = node.get("title").and_then(Value::as_str) else {
                return;
            };
            let rust = names::Schema::component(title);
            if components.contains(&rust) {
                findings.push(Finding {
                    pointer: child(at, "title"),
                    message: format!(
                        "the title `{title}` would name this schema `{rust}`, the type of \
                         component `{rust}`: it is named by its place instead"
                    ),
                });
                if let Value::Object(map) = node {
                    map.remove("title");
                }
            }
        });
    }
}

/// Calls `f` on every schema below `node` (and on `node` unless `root`).
fn for_each_inline(node: &mut Value, at: &str, root: bool, f: &mut impl FnMut(&mut Value, &str)) {
    if !root {
        f(node, at);
    }
    let Value::Object(map) = node else { return };
    for (key, value) in map.iter_mut() {
        let here = child(at, key);
        match key.as_str() {
            "items" | "additionalProperties" | "not" => for_each_inline(value, &here, false, f),
            "properties" => {
                if let Value::Object(properties) = value {
                    for (name, property) in properties.iter_mut() {
                        for_each_inline(property, &child(&here, name), false, f);
                    }
                }
            }
            "allOf" | "oneOf" | "anyOf" => {
                if let Value::Array(members) = value {
                    for (i, member) in members.iter_mut().enumerate() {
                        for_each_inline(member, &format!("{here}/{i}"), false, f);
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn clashing_components_are_renamed_and_their_references_follow() {
        let mut document = json!({
            "paths": { "/a": { "get": { "responses": { "200": { "content": { "application/json": {
                "schema": { "$ref": "#/components/schemas/nullTime" },
                "example": { "$ref": "#/components/schemas/nullTime" }
            }}}}}}},
            "components": { "schemas": {
                "NullTime": { "type": "string" },
                "nullTime": { "type": "string", "format": "date-time" },
                "PhoneNumber": { "type": "object", "properties": {
                    "number": { "type": "string", "minLength": 1, "title": "Phone number" }
                }}
            }}
        });
        let findings = distinct_type_names(&mut document);
        let schemas = &document["components"]["schemas"];
        assert!(schemas.get("nullTime").is_none());
        assert_eq!(schemas["nullTime2"]["format"], "date-time");
        let media =
            &document["paths"]["/a"]["get"]["responses"]["200"]["content"]["application/json"];
        assert_eq!(media["schema"]["$ref"], "#/components/schemas/nullTime2");
        assert_eq!(
            media["example"]["$ref"], "#/components/schemas/nullTime",
            "data"
        );
        assert!(
            schemas["PhoneNumber"]["properties"]["number"]
                .get("title")
                .is_none()
        );
        let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "components `NullTime` and `nullTime` would both be the type `NullTime`: `nullTime` is generated as `NullTime2`",
                "the title `Phone number` would name this schema `PhoneNumber`, the type of component `PhoneNumber`: it is named by its place instead",
            ]
        );
    }
}
