//! An `anyOf` whose members are not all objects (GitHub's stargazers: an
//! array of users, or an array of stargazers) is not a struct: typify makes
//! one anyway when the members could both match (a struct of each member
//! flattened, optional), and no array ever decodes into it. Such an `anyOf`
//! is read as a `oneOf`, which typify makes an untagged enum: the first
//! member that decodes is taken, which is what `anyOf` allows.
//!
//! Ref: typify-impl `convert.rs`, `convert_any_of` (`flattened_union_struct`
//! for members not mutually exclusive); none filed.

use serde_json::{Map, Value};

use super::FixUp;

pub(crate) static FIXUP: FixUp = FixUp {
    name: "any_of_values",
    upstream: "typify-impl/src/convert.rs (convert_any_of: a flattened struct for members that are not objects)",
};

/// How many `anyOf`s of `document` have a member that is not an object.
pub(crate) fn count(document: &Value) -> usize {
    super::count_schemas(document, &|map| read_as_one_of(map, document))
}

/// An `anyOf`, with no `oneOf` beside it, with a member that is not an
/// object.
fn read_as_one_of(map: &Map<String, Value>, document: &Value) -> bool {
    !map.contains_key("oneOf")
        && matches!(map.get("anyOf"), Some(Value::Array(members))
            if members.iter().any(|m| !is_object(m, document, 0)))
}

/// Reads each such `anyOf` of `document` as a `oneOf`; returns how many.
pub(crate) fn apply(document: &mut Value) -> usize {
    let original = document.clone();
    walk(document, &original)
}

fn walk(node: &mut Value, document: &Value) -> usize {
    match node {
        Value::Object(map) => {
            let mut found = 0;
            if read_as_one_of(map, document) {
                found += 1;
                if let Some(members) = map.remove("anyOf") {
                    map.insert("oneOf".into(), members);
                }
            }
            for (key, value) in map.iter_mut() {
                if super::holds_schemas(key) {
                    found += walk(value, document);
                }
            }
            found
        }
        Value::Array(items) => items.iter_mut().map(|v| walk(v, document)).sum(),
        _ => 0,
    }
}

/// Whether a member is an object (or may be: no `type`, with properties or
/// nothing said), its `$ref`s followed.
fn is_object(schema: &Value, document: &Value, depth: usize) -> bool {
    if depth > 32 {
        return true;
    }
    if let Some(target) = schema.get("$ref").and_then(Value::as_str) {
        return target
            .strip_prefix('#')
            .and_then(|p| document.pointer(p))
            .is_none_or(|s| is_object(s, document, depth + 1));
    }
    match schema.get("type").and_then(Value::as_str) {
        Some(ty) => ty == "object",
        None => {
            !matches!(schema, Value::Object(m) if m.contains_key("items") || m.contains_key("enum") && !has_properties(m))
        }
    }
}

fn has_properties(schema: &Map<String, Value>) -> bool {
    schema.contains_key("properties")
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn an_any_of_of_arrays_is_a_one_of_and_one_of_objects_stays() {
        let mut document = json!({ "components": { "schemas": {
            "Users": { "type": "array", "items": { "type": "object" } },
            "Stars": { "anyOf": [
                { "$ref": "#/components/schemas/Users" },
                { "type": "array", "items": { "type": "string" } }
            ]},
            "Either": { "anyOf": [{ "type": "object", "properties": { "a": {} } }, { "properties": { "b": {} } }] }
        }}});
        assert_eq!(count(&document), 1);
        assert_eq!(apply(&mut document), 1);
        let schemas = &document["components"]["schemas"];
        assert!(schemas["Stars"].get("anyOf").is_none());
        assert_eq!(
            schemas["Stars"]["oneOf"][0],
            json!({ "$ref": "#/components/schemas/Users" })
        );
        assert!(schemas["Either"].get("anyOf").is_some());
    }
}
