//! Rewrites of a document, for what progenitor is to read: a schema moved
//! into `components`, a document cut down to one operation. Like the
//! queries, they are the spec layer's: they know where OpenAPI keeps things.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::Method;

/// Moves the inline schema at `pointer` (read from `original`) into
/// `components/schemas` as `name`, leaving a reference where it was.
pub(crate) fn hoist(document: &mut Value, original: &Value, pointer: &str, name: &str) {
    let Some(schema) = original.pointer(pointer) else {
        return;
    };
    add_component(document, name, schema.clone());
    if let Some(slot) = document.pointer_mut(pointer) {
        *slot = reference_to(name, schema);
    }
}

/// A component name whose type name no component of `document` has yet:
/// `base`, else `base2`, `base3`, …
pub(crate) fn free_component_name(document: &Value, base: &str) -> String {
    let taken: Vec<String> = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|s| s.keys())
        .map(|k| crate::upstream_names::Schema::component(k))
        .collect();
    std::iter::once(base.to_owned())
        .chain((2..).map(|n| format!("{base}{n}")))
        .find(|name| !taken.contains(&crate::upstream_names::Schema::component(name)))
        .unwrap_or_else(|| base.to_owned())
}

/// Adds (or replaces) `components/schemas/<name>`.
pub(crate) fn add_component(document: &mut Value, name: &str, schema: Value) {
    let schemas = document
        .as_object_mut()
        .map(|d| {
            d.entry("components")
                .or_insert_with(|| Value::Object(Map::new()))
        })
        .and_then(Value::as_object_mut)
        .map(|c| {
            c.entry("schemas")
                .or_insert_with(|| Value::Object(Map::new()))
        })
        .and_then(Value::as_object_mut);
    if let Some(schemas) = schemas {
        schemas.insert(name.to_owned(), schema);
    }
}

/// What replaces a hoisted enum where it was: a reference to the new
/// component. OpenAPI 3.0 ignores siblings of a `$ref`, so the description
/// (the field's rustdoc) and `nullable` (a required field that may be
/// `null` is then an `Option` that must be present) ride on a one-element
/// `allOf`, which typify resolves to the referenced type itself.
fn reference_to(name: &str, schema: &Value) -> Value {
    let reference = serde_json::json!({ "$ref": format!("#/components/schemas/{name}") });
    if schema.get("nullable") == Some(&Value::Bool(true)) {
        let mut wrapped = serde_json::json!({ "allOf": [reference], "nullable": true });
        if let Some(description) = schema.get("description") {
            wrapped["description"] = description.clone();
        }
        return wrapped;
    }
    match schema.get("description") {
        Some(description) => {
            serde_json::json!({ "allOf": [reference], "description": description })
        }
        None => reference,
    }
}

/// Makes the component schema `name` accept any JSON value (a schema with
/// only a description), its description saying why; returns whether there
/// was such a component.
pub(crate) fn widen_component(document: &mut Value, name: &str, why: &str) -> bool {
    let Some(schema) = document
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
        .and_then(|schemas| schemas.get_mut(name))
    else {
        return false;
    };
    let description = match schema.get("description").and_then(Value::as_str) {
        Some(own) => format!("{own}\n\n{why}"),
        None => why.to_owned(),
    };
    *schema = serde_json::json!({ "description": description });
    true
}

/// Leaves the operation `method` on `path` out of `document`; returns
/// whether it was there.
pub(crate) fn without_operation(document: &mut Value, path: &str, method: &str) -> bool {
    document
        .get_mut("paths")
        .and_then(|paths| paths.get_mut(path))
        .and_then(Value::as_object_mut)
        .is_some_and(|item| item.remove(method).is_some())
}

/// `document` with one operation left: `method` on `path`.
pub(crate) fn only_operation(document: &Value, path: &str, method: &str) -> Value {
    let mut single = document.clone();
    if let Some(paths) = single.get_mut("paths").and_then(Value::as_object_mut) {
        paths.retain(|p, _| p == path);
        if let Some(item) = paths.get_mut(path).and_then(Value::as_object_mut) {
            let methods = Method::ALL.map(Method::key);
            item.retain(|m, _| m == method || !methods.contains(&m.as_str()));
        }
    }
    single
}

/// `document` with no `title` on any inline schema (a component's own and
/// `info.title` stay; examples are data): typify then names every inline
/// schema by its place, which is unique.
pub(crate) fn without_inline_titles(document: &Value) -> Value {
    fn strip(node: &mut Value, component_root: bool) {
        match node {
            Value::Object(map) => {
                if !component_root {
                    map.remove("title");
                }
                for (key, value) in map.iter_mut() {
                    if key != "example" && key != "examples" && key != "info" {
                        strip(value, false);
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| strip(v, false)),
            _ => {}
        }
    }
    let mut untitled = document.clone();
    if let Some(Value::Object(schemas)) = untitled.pointer_mut("/components/schemas") {
        schemas.values_mut().for_each(|s| strip(s, true));
    }
    if let Some(paths) = untitled.get_mut("paths") {
        strip(paths, false);
    }
    untitled
}

/// `document` without its operations: only what the components generate.
pub(crate) fn without_operations(document: &Value) -> Value {
    let mut bare = document.clone();
    if let Some(root) = bare.as_object_mut() {
        root.insert("paths".into(), Value::Object(Map::new()));
    }
    bare
}

/// Each component schema of `document` with the components it refers to,
/// directly or not (itself included), in document order: to find which
/// schema progenitor fails on, with [`only_schemas`].
pub(crate) fn schema_closures(document: &Value) -> Vec<(String, BTreeSet<String>)> {
    let schemas = document
        .pointer("/components/schemas")
        .and_then(Value::as_object);
    let edges: BTreeMap<&str, Vec<String>> = schemas
        .into_iter()
        .flatten()
        .map(|(name, schema)| {
            let mut targets = Vec::new();
            references_in(schema, &mut targets);
            (name.as_str(), targets)
        })
        .collect();
    schemas
        .into_iter()
        .flatten()
        .map(|(name, _)| {
            let mut kept: BTreeSet<String> = BTreeSet::from([name.clone()]);
            let mut pending: Vec<&str> = vec![name.as_str()];
            while let Some(current) = pending.pop() {
                for target in edges.get(current).into_iter().flatten() {
                    if kept.insert(target.clone()) {
                        pending.push(target);
                    }
                }
            }
            (name.clone(), kept)
        })
        .collect()
}

/// A document with no operations and only the component schemas `kept`
/// (copied; nothing else of `document` is): what they generate alone.
pub(crate) fn only_schemas(document: &Value, kept: &BTreeSet<String>) -> Value {
    let schemas: Map<String, Value> = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter(|(name, _)| kept.contains(*name))
        .map(|(name, schema)| (name.clone(), schema.clone()))
        .collect();
    serde_json::json!({
        "openapi": document.get("openapi").cloned().unwrap_or(Value::Null),
        "info": document.get("info").cloned().unwrap_or(Value::Null),
        "paths": {},
        "components": { "schemas": schemas },
    })
}

fn references_in(node: &Value, found: &mut Vec<String>) {
    match node {
        Value::Object(map) => {
            if let Some(target) = map
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix("#/components/schemas/"))
            {
                found.push(target.to_owned());
            }
            map.values().for_each(|v| references_in(v, found));
        }
        Value::Array(items) => items.iter().for_each(|v| references_in(v, found)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn an_inline_enum_becomes_a_component_and_a_reference_keeping_its_docs() {
        let original = json!({
            "components": { "schemas": { "Thread": { "properties": {
                "status": { "type": "string", "enum": ["open"], "description": "Now." },
                "kind": { "type": "string", "enum": ["a"] }
            } } } }
        });
        let mut document = original.clone();
        for (name, property) in [("ThreadStatus", "status"), ("ThreadKind", "kind")] {
            let pointer = format!("/components/schemas/Thread/properties/{property}");
            hoist(&mut document, &original, &pointer, name);
        }
        let schemas = &document["components"]["schemas"];
        assert_eq!(
            schemas["ThreadStatus"],
            original["components"]["schemas"]["Thread"]["properties"]["status"]
        );
        assert_eq!(
            schemas["Thread"]["properties"]["status"],
            json!({ "allOf": [{ "$ref": "#/components/schemas/ThreadStatus" }], "description": "Now." })
        );
        assert_eq!(
            schemas["Thread"]["properties"]["kind"],
            json!({ "$ref": "#/components/schemas/ThreadKind" })
        );
    }

    #[test]
    fn only_operation_keeps_one_method_and_the_path_items_parameters() {
        let document = serde_json::json!({ "paths": {
            "/a": { "get": {}, "post": {}, "parameters": [] },
            "/b": { "get": {} }
        } });
        let single = only_operation(&document, "/a", "post");
        assert_eq!(
            single,
            serde_json::json!({ "paths": { "/a": { "post": {}, "parameters": [] } } })
        );
    }
}
