//! A component that is a `nullable` `oneOf`/`anyOf` (OpenAPI 3.1's
//! `oneOf: [..., {type: "null"}]`, read as 3.0), or a `nullable` `allOf`
//! that typify merges, would be two types of one name: typify makes the
//! component a newtype of `Option<X>` and the union (or merged struct)
//! itself `X` too, so the crate does not compile. The schema is moved
//! into a component of its own, `<X>Inner` (typify's own name for the inner
//! type of a nullable object), and `X` becomes the nullable reference to it:
//! the same values decode, into `X(Option<XInner>)`.
//!
//! Ref: typify-impl `convert.rs`, `convert_schema_object` with
//! `nullable` (the inner type keeps the outer type's name); none filed.

use serde_json::{Value, json};

use super::FixUp;
use crate::upstream_names;

pub(crate) static FIXUP: FixUp = FixUp {
    name: "nullable_unions",
    upstream: "typify-impl/src/convert.rs (a nullable named union: its inner enum keeps the component's name)",
};

/// The components of `document` this fix-up rewrites: `nullable: true`
/// beside a top-level `oneOf` or `anyOf`, unless `ours` (our own union types,
/// which typify does not generate) names them.
pub(crate) fn sites(document: &Value, ours: &[String]) -> Vec<String> {
    document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter(|(key, schema)| {
            schema.get("nullable") == Some(&Value::Bool(true))
                && (schema.get("oneOf").is_some()
                    || schema.get("anyOf").is_some()
                    || merges(schema))
                && !ours.contains(&upstream_names::Schema::component(key))
        })
        .map(|(key, _)| key.clone())
        .collect()
}

/// An `allOf` that typify merges into a type of its own: more than one
/// member, or one that is not a bare reference (a nullable reference alone
/// is just `Option` of the referenced type).
fn merges(schema: &Value) -> bool {
    match schema
        .get("allOf")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
    {
        Some([only]) => only.get("$ref").is_none() || only.as_object().is_some_and(|o| o.len() > 1),
        Some([]) | None => false,
        Some(_) => true,
    }
}

/// Moves each union of `sites` into `<name>Inner`; returns how many it moved.
pub(crate) fn apply(document: &mut Value, sites: &[String]) -> usize {
    let mut applied = 0;
    for key in sites {
        let inner = crate::spec::rewrite::free_component_name(document, &format!("{key}Inner"));
        let Some(Value::Object(schemas)) = document.pointer_mut("/components/schemas") else {
            break;
        };
        let Some(Value::Object(mut union)) = schemas.get(key).cloned() else {
            continue;
        };
        union.remove("nullable");
        let mut outer = json!({
            "nullable": true,
            "allOf": [{ "$ref": format!("#/components/schemas/{inner}") }],
        });
        if let Some(description) = union.get("description") {
            outer["description"] = description.clone();
        }
        schemas.insert(key.clone(), outer);
        schemas.insert(inner, Value::Object(union));
        applied += 1;
    }
    applied
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nullable_union_component_refers_to_its_union_moved_beside_it() {
        let mut document = json!({ "components": { "schemas": {
            "Value": { "nullable": true, "description": "A value.", "oneOf": [{ "type": "boolean" }, { "type": "string" }] },
            "ValueInner": { "type": "object" },
            "Plain": { "oneOf": [{ "type": "string" }] },
            "Base": { "nullable": true, "oneOf": [{ "type": "string" }] },
            "Merged": { "nullable": true, "allOf": [{ "$ref": "#/components/schemas/Plain" }, { "type": "object" }] },
            "JustNullable": { "nullable": true, "allOf": [{ "$ref": "#/components/schemas/Plain" }] }
        }}});
        let found = sites(&document, &["Base".to_owned()]);
        assert_eq!(found, ["Value", "Merged"]);
        assert_eq!(apply(&mut document, &found), 2);
        assert_eq!(
            document["components"]["schemas"]["MergedInner"]["allOf"][1],
            json!({ "type": "object" })
        );
        let schemas = &document["components"]["schemas"];
        assert_eq!(
            schemas["Value"],
            json!({ "nullable": true, "allOf": [{ "$ref": "#/components/schemas/ValueInner2" }], "description": "A value." })
        );
        assert_eq!(
            schemas["ValueInner2"],
            json!({ "description": "A value.", "oneOf": [{ "type": "boolean" }, { "type": "string" }] })
        );
        assert_eq!(schemas["ValueInner"], json!({ "type": "object" }));
    }
}
