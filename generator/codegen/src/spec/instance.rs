//! A value of a schema, for a mock server to answer with where the docs
//! give no example: the schema's own `example` where it has one, otherwise
//! every property filled with a plain value of its type (the first value of
//! an enum, a fixed instant for a date-time, one element in a list).
//!
//! Deterministic, so that generated code built from it does not drift; and
//! bounded, so that a schema that contains itself (a polymorphic base and
//! its subtypes) ends: past [`MAX_DEPTH`] objects keep only their required
//! properties, and a reference that would recurse further gives `null`.

use serde_json::{Map, Value, json};

use super::Spec;

/// How deep nested objects are filled with every property.
const MAX_DEPTH: usize = 6;
/// How deep references are followed at all.
const MAX_REFERENCES: usize = 12;

impl Spec<'_> {
    /// A value of the schema `schema` (a node of this spec).
    #[cfg(test)]
    pub(crate) fn instance(&self, schema: &Value) -> Value {
        of_schema(&self.document.value, schema)
    }
}

/// A value of the schema `schema`, a node of the spec `root` (its JSON).
pub(crate) fn of_schema(root: &Value, schema: &Value) -> Value {
    instance(root, schema, "value", 0, 0)
}

fn instance(root: &Value, schema: &Value, name: &str, depth: usize, references: usize) -> Value {
    if let Some(target) = schema.get("$ref").and_then(Value::as_str) {
        if references >= MAX_REFERENCES {
            return Value::Null;
        }
        let Some(node) = target.strip_prefix('#').and_then(|p| root.pointer(p)) else {
            return Value::Null;
        };
        return instance(root, node, name, depth, references + 1);
    }
    if let Some(example) = schema.get("example") {
        return example.clone();
    }
    if let Some(first) = schema
        .get("enum")
        .or_else(|| schema.get("x-extensible-enum"))
        .and_then(Value::as_array)
        .and_then(|values| values.iter().find(|v| !v.is_null()))
    {
        return first.clone();
    }
    if let Some(members) = schema.get("allOf").and_then(Value::as_array) {
        let mut merged = Map::new();
        for member in members {
            if let Value::Object(part) = instance(root, member, name, depth, references) {
                merged.extend(part);
            }
        }
        return Value::Object(merged);
    }
    if let Some(first) = ["oneOf", "anyOf"]
        .iter()
        .find_map(|k| schema.get(*k).and_then(Value::as_array))
        .and_then(|members| members.first())
    {
        return instance(root, first, name, depth, references);
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("string") => match schema.get("format").and_then(Value::as_str) {
            Some("date-time") => json!("2026-01-15T09:30:00Z"),
            Some("date") => json!("2026-01-15"),
            _ => json!(format!("{name}-1")),
        },
        Some("integer") => json!(1),
        Some("number") => json!(1.5),
        Some("boolean") => json!(false),
        Some("array") => match schema.get("items") {
            Some(items) => json!([instance(root, items, name, depth + 1, references)]),
            None => json!([]),
        },
        Some("object") | None if schema.get("properties").is_some() => {
            object(root, schema, depth, references)
        }
        Some("object") => json!({}),
        // No type: any JSON value.
        _ => Value::Null,
    }
}

fn object(root: &Value, schema: &Value, depth: usize, references: usize) -> Value {
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let mut object = Map::new();
    for (property, definition) in schema
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        if depth >= MAX_DEPTH && !required.contains(&property.as_str()) {
            continue;
        }
        let value = instance(root, definition, property, depth + 1, references);
        object.insert(property.clone(), value);
    }
    Value::Object(object)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::tests::{MINIMAL, with_spec};

    #[test]
    fn every_property_gets_a_plain_value_of_its_type() {
        let spec = format!(
            "{MINIMAL}paths: {{}}
components:
  schemas:
    Thread:
      type: object
      required: [id]
      properties:
        id: {{ type: string }}
        status: {{ type: string, enum: [open, closed] }}
        at: {{ type: string, format: date-time }}
        count: {{ type: integer }}
        tags: {{ type: array, items: {{ type: string }} }}
        owner: {{ $ref: '#/components/schemas/Owner' }}
        note: {{ type: string, example: Hello }}
    Owner:
      allOf:
        - {{ type: object, properties: {{ name: {{ type: string }} }} }}
        - {{ type: object, properties: {{ kind: {{ type: string, enum: [AGENT] }} }} }}
"
        );
        with_spec(&spec, |spec| {
            let schema = json!({ "$ref": "#/components/schemas/Thread" });
            assert_eq!(
                spec.instance(&schema),
                json!({
                    "id": "id-1",
                    "status": "open",
                    "at": "2026-01-15T09:30:00Z",
                    "count": 1,
                    "tags": ["tags-1"],
                    "owner": { "name": "name-1", "kind": "AGENT" },
                    "note": "Hello"
                })
            );
        });
    }

    #[test]
    fn a_schema_that_contains_itself_ends() {
        let spec = format!(
            "{MINIMAL}paths: {{}}
components:
  schemas:
    Node:
      type: object
      required: [child]
      properties:
        child: {{ $ref: '#/components/schemas/Node' }}
"
        );
        with_spec(&spec, |spec| {
            let value = spec.instance(&json!({ "$ref": "#/components/schemas/Node" }));
            let text = value.to_string();
            assert!(text.matches("child").count() <= MAX_REFERENCES, "{text}");
            assert!(text.contains("null"), "{text}");
        });
    }
}
