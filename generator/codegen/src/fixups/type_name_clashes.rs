//! Schemas that typify would give one Rust type name, made distinct before
//! it sees them (two types of one name do not compile):
//! - components whose names differ only in case or punctuation (`NullTime`
//!   and `nullTime`): the later ones are renamed (`nullTime2`), and every
//!   `$ref` to them with them;
//! - an inline schema whose `title` is a component's type name (a `number`
//!   property titled "Phone number" inside `PhoneNumber`): the title is
//!   dropped, and typify names it by its place instead;
//! - a nullable component whose `title` (which names its value type, the
//!   `T` of `Option<T>`) is a component's type name or an earlier such
//!   title: the title is dropped, as above.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::FixUp;
use crate::diagnostic::child;
use crate::spec::Finding;
use crate::upstream_names;

pub(crate) const FIXUP: FixUp = FixUp {
    name: "type_name_clashes",
    upstream: "typify-impl type_entry.rs and util.rs (a type is named from its component name \
               or title, and two types of one name are not told apart; none filed)",
};

const SCHEMAS: &str = "#/components/schemas/";

/// Makes the type names distinct; returns what it changed.
pub(crate) fn distinct_type_names(document: &mut Value) -> Vec<Finding> {
    let mut findings = rename_components(document);
    drop_clashing_titles(document, &mut findings);
    findings
}

/// The components of `document` whose type name an earlier component has:
/// zero after [`distinct_type_names`], unless a later rewrite added one.
pub(crate) fn leftovers(document: &Value) -> usize {
    let Some(Value::Object(schemas)) = document.pointer("/components/schemas") else {
        return 0;
    };
    let mut seen = BTreeSet::new();
    schemas
        .keys()
        .filter(|key| !seen.insert(upstream_names::Schema::component(key)))
        .count()
}

fn rename_components(document: &mut Value) -> Vec<Finding> {
    let mut findings = Vec::new();
    let Some(Value::Object(schemas)) = document.pointer("/components/schemas") else {
        return findings;
    };
    let mut taken: BTreeMap<String, String> = BTreeMap::new();
    let mut clashing: Vec<(String, String)> = Vec::new();
    for key in schemas.keys() {
        let rust = upstream_names::Schema::component(key);
        match taken.get(&rust) {
            Some(first) => clashing.push((key.clone(), first.clone())),
            None => {
                taken.insert(rust, key.clone());
            }
        }
    }
    let keys: Vec<String> = clashing.iter().map(|(key, _)| key.clone()).collect();
    for ((key, renamed), (_, first)) in rename(document, &keys).into_iter().zip(&clashing) {
        findings.push(Finding {
            pointer: child("/components/schemas", &key),
            message: format!(
                "components `{first}` and `{key}` would both be the type `{}`: `{key}` is \
                 generated as `{}`",
                upstream_names::Schema::component(first),
                upstream_names::Schema::component(&renamed)
            ),
        });
    }
    findings
}

/// Renames the components whose type name is one of `rust_names` (typify
/// also gave an inline schema that name), and every `$ref` to them; returns
/// what it changed, each with the type name before and after.
pub(crate) fn rename_components_named(
    document: &mut Value,
    rust_names: &[String],
) -> Vec<(Finding, String, String)> {
    let keys: Vec<String> = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|s| s.keys())
        .filter(|k| rust_names.contains(&upstream_names::Schema::component(k)))
        .cloned()
        .collect();
    rename(document, &keys)
        .into_iter()
        .map(|(key, renamed)| {
            let (before, after) = (
                upstream_names::Schema::component(&key),
                upstream_names::Schema::component(&renamed),
            );
            let finding = Finding {
                pointer: child("/components/schemas", &key),
                message: format!(
                    "typify also gives an inline schema (named from its place or `title`) the \
                     type name `{before}`: component `{key}` is generated as `{after}`"
                ),
            };
            (finding, before, after)
        })
        .collect()
}

/// Renames each component of `keys` to the first `<key><n>` whose type name
/// is free, keeping the components' order, and points every `$ref` at the
/// new name; returns each old key with its new one.
fn rename(document: &mut Value, keys: &[String]) -> Vec<(String, String)> {
    let Some(Value::Object(schemas)) = document.pointer("/components/schemas") else {
        return Vec::new();
    };
    let mut taken: Vec<String> = schemas
        .keys()
        .filter(|k| !keys.contains(k))
        .map(|k| upstream_names::Schema::component(k))
        .collect();
    let mut renames: Vec<(String, String)> = Vec::new();
    for key in keys {
        let Some(renamed) = (2..).map(|n| format!("{key}{n}")).find(|k| {
            !taken.contains(&upstream_names::Schema::component(k)) && !schemas.contains_key(k)
        }) else {
            continue;
        };
        taken.push(upstream_names::Schema::component(&renamed));
        renames.push((key.clone(), renamed));
    }
    if renames.is_empty() {
        return renames;
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
        .iter()
        .map(|(old, new)| (format!("{SCHEMAS}{old}"), format!("{SCHEMAS}{new}")))
        .collect();
    retarget(document, &targets);
    renames
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
        .map(|k| upstream_names::Schema::component(k))
        .collect();
    // One finding per title, at its first place: a published spec can hold
    // the same title hundreds of times.
    let mut by_title: Vec<(String, String, usize)> = Vec::new();
    let dropped = nullable_titles(schemas, findings);
    for (key, schema) in schemas.iter_mut() {
        let at = child("/components/schemas", key);
        if dropped.contains(key)
            && let Value::Object(map) = schema
        {
            map.remove("title");
        }
        // The component's own title names nothing: its key does.
        for_each_inline(schema, &at, true, &mut |node, at| {
            let Some(title) = node.get("title").and_then(Value::as_str) else {
                return;
            };
            let rust = upstream_names::Schema::component(title);
            if components.contains(&rust) {
                match by_title.iter_mut().find(|(t, _, _)| t == title) {
                    Some((_, _, count)) => *count += 1,
                    None => by_title.push((title.to_owned(), child(at, "title"), 1)),
                }
                if let Value::Object(map) = node {
                    map.remove("title");
                }
            }
        });
    }
    for (title, pointer, count) in by_title {
        let rust = upstream_names::Schema::component(&title);
        let times = if count > 1 {
            format!(" (here and {} more times)", count - 1)
        } else {
            String::new()
        };
        findings.push(Finding {
            pointer,
            message: format!(
                "the title `{title}`{times} would name this schema `{rust}`, the type of \
                 component `{rust}`: it is named by its place instead"
            ),
        });
    }
}

/// The nullable components whose title must go. typify names the value of a
/// nullable component (the `T` of `Option<T>`) by its title, and reuses a
/// type of that name without comparing: right where the schema is the same
/// as the one named so (GitHub's `nullable-simple-user`, titled "Simple
/// User"), wrong where it is not (Intercom's `admin_with_app`, titled
/// "Admin" like `admin`). A title that names the component's own type is
/// dropped too: its outer and inner types would share the name.
fn nullable_titles(
    schemas: &serde_json::Map<String, Value>,
    findings: &mut Vec<Finding>,
) -> BTreeSet<String> {
    // Each component by its type name: a nullable one's type is `Option` of
    // its value, never the same type as a value, whatever its shape.
    let types: BTreeMap<String, (&Value, bool)> = schemas
        .iter()
        .map(|(key, schema)| {
            (
                upstream_names::Schema::component(key),
                (schema, !is_nullable(schema)),
            )
        })
        .collect();
    // The value types named so far, each with the schema that owns it.
    let mut values: BTreeMap<String, &Value> = BTreeMap::new();
    let mut dropped = BTreeSet::new();
    // Those titled as their own type (`activity_log`, "Activity Log"): one
    // note for all, at the first.
    let mut own: Vec<(String, String)> = Vec::new();
    for (key, schema) in schemas {
        let Some(title) = schema
            .get("title")
            .and_then(Value::as_str)
            .filter(|_| is_nullable(schema))
        else {
            continue;
        };
        let at = child(&child("/components/schemas", key), "title");
        let rust = upstream_names::Schema::component(title);
        if rust == upstream_names::Schema::component(key) {
            own.push((at, rust));
            dropped.insert(key.clone());
            continue;
        }
        let owner = values
            .get(&rust)
            .map(|owner| (*owner, true))
            .or_else(|| types.get(&rust).copied());
        match owner {
            Some((owner, reusable)) if reusable && same_shape(owner, schema) => {}
            Some(_) => {
                findings.push(Finding {
                    pointer: at,
                    message: format!(
                        "the title `{title}` would name the value of this nullable schema \
                         `{rust}`, the type of a different schema: it is named by its place \
                         instead"
                    ),
                });
                dropped.insert(key.clone());
            }
            None => {
                values.insert(rust, schema);
            }
        }
    }
    if let Some((pointer, rust)) = own.first() {
        let more = match own.len() {
            1 => String::new(),
            n => format!(" (and {} more nullable components)", n - 1),
        };
        findings.push(Finding {
            pointer: pointer.clone(),
            message: format!(
                "this nullable component{more} is titled as its own type `{rust}`: its \
                 value (the `T` of `Option<T>`) is named `{rust}Inner`, its title dropped"
            ),
        });
    }
    dropped
}

fn is_nullable(schema: &Value) -> bool {
    schema.get("nullable") == Some(&Value::Bool(true))
}

/// Whether two schemas describe the same values: equal but for their words
/// (`title`, `description`, examples) and `nullable`.
fn same_shape(a: &Value, b: &Value) -> bool {
    const WORDS: [&str; 5] = ["title", "description", "example", "examples", "nullable"];
    match (a, b) {
        (Value::Object(a), Value::Object(b)) => {
            let keys = |m: &serde_json::Map<String, Value>| -> Vec<String> {
                let mut keys: Vec<String> = m
                    .keys()
                    .filter(|k| !WORDS.contains(&k.as_str()))
                    .cloned()
                    .collect();
                keys.sort();
                keys
            };
            let listed = keys(a);
            listed == keys(b)
                && listed.iter().all(|k| match k.as_str() {
                    // Maps of names to schemas: every name counts.
                    "properties" | "patternProperties" => same_members(&a[k], &b[k]),
                    _ => same_shape(&a[k], &b[k]),
                })
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same_shape(a, b))
        }
        _ => a == b,
    }
}

/// Two maps of names to schemas with the same names and schemas.
fn same_members(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter().all(|(name, schema)| {
                    b.get(name).is_some_and(|other| same_shape(schema, other))
                })
        }
        _ => a == b,
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
                }},
                // Intercom's: both would make their value the type `Admin`.
                "admin": { "title": "Admin", "type": "object", "nullable": true },
                "activity_log": { "title": "Activity Log", "type": "object", "nullable": true },
                "admin_with_app": { "title": "Admin", "type": "object", "nullable": true },
                "team": { "title": "Group", "type": "object", "nullable": true },
                // GitHub's: the same schema as `simple-user`, which typify rightly
                // reuses.
                "simple-user": { "type": "object", "properties": { "title": { "type": "string" } } },
                "nullable-simple-user": { "title": "Simple User", "type": "object", "nullable": true,
                    "description": "A user", "properties": { "title": { "type": "string" } } }
            }}
        });
        assert_eq!(leftovers(&document), 1, "`nullTime` after `NullTime`");
        let findings = distinct_type_names(&mut document);
        assert_eq!(leftovers(&document), 0);
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
        assert!(schemas["admin"].get("title").is_none());
        assert!(schemas["activity_log"].get("title").is_none());
        assert!(schemas["admin_with_app"].get("title").is_none());
        assert_eq!(schemas["team"]["title"], "Group");
        assert_eq!(schemas["nullable-simple-user"]["title"], "Simple User");
        let messages: Vec<&str> = findings.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "components `NullTime` and `nullTime` would both be the type `NullTime`: `nullTime` is generated as `NullTime2`",
                "the title `Admin` would name the value of this nullable schema `Admin`, the type of a different schema: it is named by its place instead",
                "this nullable component (and 1 more nullable components) is titled as its own type `Admin`: its value (the `T` of `Option<T>`) is named `AdminInner`, its title dropped",
                "the title `Phone number` would name this schema `PhoneNumber`, the type of component `PhoneNumber`: it is named by its place instead",
            ]
        );
    }
}
