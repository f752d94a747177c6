//! A schema with both `anyOf` and `oneOf` (GitHub's webhook payloads: "one
//! of these shapes, and any of those") makes typify panic
//! (`assert!(any_of.is_none() || one_of.is_none())`). Both apply at once, so
//! the schema is the `allOf` of the two, which typify reads: the same values
//! decode.
//!
//! Ref: typify-impl `convert.rs`, `convert_schema_object` (the assertion on
//! `subschemas`); none filed.

use serde_json::{Map, Value, json};

use super::FixUp;

pub(crate) static FIXUP: FixUp = FixUp {
    name: "combined_unions",
    upstream: "typify-impl/src/convert.rs (assert!(any_of.is_none() || one_of.is_none()))",
};

/// How many schemas of `document` have both `anyOf` and `oneOf` (examples
/// and defaults, which are data, left out).
pub(crate) fn count(document: &Value) -> usize {
    super::count_schemas(document, &is_combined)
}

fn is_combined(map: &Map<String, Value>) -> bool {
    map.contains_key("anyOf") && map.contains_key("oneOf")
}

/// Rewrites every such schema of `document`; returns how many it rewrote.
pub(crate) fn apply(document: &mut Value) -> usize {
    let mut applied = 0;
    walk(document, &mut |_| applied += 1);
    applied
}

fn walk(node: &mut Value, found: &mut impl FnMut(&Map<String, Value>)) {
    match node {
        Value::Object(map) => {
            if is_combined(map) {
                found(map);
                combine(map);
            }
            for (key, value) in map.iter_mut() {
                if super::holds_schemas(key) {
                    walk(value, found);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| walk(v, found)),
        _ => {}
    }
}

fn combine(schema: &mut Map<String, Value>) {
    let (Some(any_of), Some(one_of)) = (schema.remove("anyOf"), schema.remove("oneOf")) else {
        return;
    };
    let both = [json!({ "anyOf": any_of }), json!({ "oneOf": one_of })];
    match schema.entry("allOf").or_insert_with(|| json!([])) {
        Value::Array(members) => members.extend(both),
        other => *other = Value::Array(both.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_of_beside_one_of_becomes_the_all_of_of_both() {
        let mut document = json!({ "components": { "schemas": { "A": {
            "type": "object",
            "allOf": [{ "$ref": "#/components/schemas/B" }],
            "anyOf": [{ "required": ["x"] }],
            "oneOf": [{ "required": ["y"] }],
            "example": { "anyOf": 1, "oneOf": 2 }
        }}}});
        assert_eq!(count(&document), 1);
        assert_eq!(apply(&mut document), 1);
        assert_eq!(
            document["components"]["schemas"]["A"],
            json!({
                "type": "object",
                "allOf": [
                    { "$ref": "#/components/schemas/B" },
                    { "anyOf": [{ "required": ["x"] }] },
                    { "oneOf": [{ "required": ["y"] }] }
                ],
                "example": { "anyOf": 1, "oneOf": 2 }
            })
        );
        assert_eq!(apply(&mut document), 0);
    }
}
