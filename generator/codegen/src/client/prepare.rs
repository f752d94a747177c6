//! The document progenitor reads: the spec, with every inline string enum
//! moved into `components/schemas` (so that typify can be handed our enum
//! for it by name), and the spec-level fix-ups applied.

use serde_json::{Map, Value};

use crate::client::plan::{ClientPlan, StringEnum};
use crate::fixups::{self, Expect, Ledger};
use crate::spec::Spec;

/// The spec as progenitor is to read it.
pub(crate) fn document(spec: &Spec<'_>, plan: &ClientPlan, ledger: &mut Ledger) -> Value {
    let mut document = spec.json().clone();
    for found in plan.enums.iter().filter(|e| e.inline) {
        hoist(&mut document, spec.json(), found);
    }
    let date_times = spec
        .schema_sites()
        .iter()
        .filter(|site| {
            spec.schema_at(&site.pointer)
                .is_some_and(|s| s.is_date_time())
        })
        .count();
    let applied = fixups::lenient_timestamps::apply(&mut document);
    // Date-times also occur where typify makes no type of their own (a
    // parameter's schema, say): at least one per site.
    ledger.record(
        &fixups::lenient_timestamps::FIXUP,
        Expect::AtLeast(date_times),
        applied,
    );
    document
}

/// Moves the inline enum `found` (read from `original`) into
/// `components/schemas`, leaving a reference where it was.
fn hoist(document: &mut Value, original: &Value, found: &StringEnum) {
    let Some(schema) = original.pointer(&found.pointer) else {
        return;
    };
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
        schemas.insert(found.name.clone(), schema.clone());
    }
    if let Some(slot) = document.pointer_mut(&found.pointer) {
        *slot = reference_to(&found.name, schema);
    }
}

/// What replaces a hoisted enum where it was: a reference to the new
/// component. OpenAPI 3.0 ignores siblings of a `$ref`, so the description
/// (the field's rustdoc) rides on a one-element `allOf`, which typify resolves
/// to the referenced type itself.
fn reference_to(name: &str, schema: &Value) -> Value {
    let reference = serde_json::json!({ "$ref": format!("#/components/schemas/{name}") });
    match schema.get("description") {
        Some(description) => {
            serde_json::json!({ "allOf": [reference], "description": description })
        }
        None => reference,
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
            let found = StringEnum {
                name: name.into(),
                values: Vec::new(),
                open: false,
                description: None,
                pointer: format!("/components/schemas/Thread/properties/{property}"),
                inline: true,
            };
            hoist(&mut document, &original, &found);
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
}
