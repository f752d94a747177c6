//! The polymorphic base pattern (see [`crate::spec::BasePattern`]) rewritten
//! so that typify can generate it: each subtype's `allOf` drops its
//! reference back to the base and takes the base's own properties inline
//! (its `required` list with them), keeping the subtype's own required list.
//! The base itself becomes our enum of the subtypes
//! ([`crate::client::emit::tagged_union_items`]), put in typify's place by a
//! replacement.
//!
//! Flattening every sibling's fields into every subtype, as OpenAPI
//! Generator does, would make every field of every sibling required in each
//! and reject payloads the spec allows; this keeps each subtype as written.
//!
//! Ref: typify#415 and progenitor#1252: typify recurses forever on this
//! shape (typify-impl `merge.rs`, `try_merge_schema`) and the process aborts
//! with a stack overflow.

use serde_json::{Map, Value, json};

use super::FixUp;
use crate::client::plan::TaggedUnion;
use crate::diagnostic::child;

pub(crate) static FIXUP: FixUp = FixUp {
    name: "polymorphic_base",
    upstream: "https://github.com/oxidecomputer/typify/issues/415",
};

/// Rewrites the subtypes of every union; returns how many references back
/// to a base it removed (the plan expects one per back reference).
pub(crate) fn apply(document: &mut Value, unions: &[TaggedUnion]) -> usize {
    let mut removed = 0;
    for union in unions {
        let base = document
            .pointer(&union.pointer)
            .cloned()
            .unwrap_or(Value::Null);
        let own = own_part(&base);
        for (subtype, index) in &union.back_references {
            let at = child("/components/schemas", subtype);
            let Some(Value::Object(schema)) = document.pointer_mut(&at) else {
                continue;
            };
            let Some(Value::Array(members)) = schema.get_mut("allOf") else {
                continue;
            };
            if *index >= members.len() {
                continue;
            }
            members.remove(*index);
            removed += 1;
            if let Some(own) = &own {
                members.insert(*index, own.clone());
            }
            collapse(schema);
        }
    }
    removed
}

/// The base's own fields as an object schema, if it has any.
fn own_part(base: &Value) -> Option<Value> {
    let properties = base.get("properties")?;
    let mut part = Map::new();
    part.insert("type".into(), json!("object"));
    part.insert("properties".into(), properties.clone());
    if let Some(required) = base.get("required") {
        part.insert("required".into(), required.clone());
    }
    Some(Value::Object(part))
}

/// A subtype whose `allOf` is left with one inline object becomes that
/// object, so that typify makes a plain struct of it.
fn collapse(schema: &mut Map<String, Value>) {
    let single = match schema.get("allOf") {
        Some(Value::Array(members)) if members.len() == 1 && members[0].get("$ref").is_none() => {
            members[0].as_object().cloned()
        }
        _ => None,
    };
    let Some(single) = single else { return };
    schema.remove("allOf");
    for (key, value) in single {
        schema.entry(key).or_insert(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::plan::TaggedVariant;

    #[test]
    fn subtypes_drop_the_back_reference_and_keep_their_own_required_list() {
        let mut document = json!({ "components": { "schemas": {
            "Actor": { "oneOf": [{ "$ref": "#/components/schemas/Agent" }],
                       "properties": { "kind": { "type": "string" } }, "required": ["kind"] },
            "Agent": { "description": "An agent.", "allOf": [
                { "$ref": "#/components/schemas/Actor" },
                { "type": "object", "required": ["id"], "properties": { "id": { "type": "string" } } }
            ]}
        }}});
        let union = TaggedUnion {
            inline: false,
            base: "Actor".into(),
            pointer: "/components/schemas/Actor".into(),
            name: "Actor".into(),
            tag: None,
            variants: vec![TaggedVariant {
                name: "Agent".into(),
                value: None,
            }],
            back_references: vec![("Agent".into(), 0)],
            description: None,
        };
        assert_eq!(apply(&mut document, &[union]), 1);
        assert_eq!(
            document["components"]["schemas"]["Agent"],
            json!({ "description": "An agent.", "allOf": [
                { "type": "object", "properties": { "kind": { "type": "string" } }, "required": ["kind"] },
                { "type": "object", "required": ["id"], "properties": { "id": { "type": "string" } } }
            ]})
        );
    }
}
