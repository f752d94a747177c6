//! Bringing a document to the OpenAPI 3.0 that progenitor reads: OpenAPI
//! 3.1's JSON Schema forms become their 3.0 equivalents where the meaning is
//! kept, and are loosened, each at its place, where it cannot be (a
//! conditional dropped, a dynamic reference read as any value): every value
//! the spec allows still decodes. An operation without an `operationId` gets
//! one, and one whose `operationId` another already has gets its own.
//!
//! Runs on the document's value before anything else reads it; pointers stay
//! those of the file (a node is rewritten where it is, never moved), so every
//! later diagnostic still lands on the line the author wrote.

use serde_json::{Map, Value, json};

use crate::diagnostic::{child, escape_token};
use crate::names;

/// A node the conversion changed or refused: where, and what.
pub(crate) struct Finding {
    pub(crate) pointer: String,
    pub(crate) message: String,
}

/// What converting a 3.1 document did.
#[derive(Default)]
pub(crate) struct Conversion {
    /// How often each rewrite applied, by what it did, in first-seen order.
    pub(crate) counts: Vec<(&'static str, usize)>,
    /// Top-level parts left out (`jsonSchemaDialect`; `webhooks` beside an
    /// `x-webhooks`), each with its pointer.
    pub(crate) dropped: Vec<Finding>,
    /// Constructs with no 3.0 equivalent, loosened: each with its place.
    pub(crate) loosened: Vec<Finding>,
    /// The document said 3.1 (else: a 3.0 document with 3.1 forms, where
    /// what 3.0 gives a meaning keeps it).
    three_one: bool,
}

impl Conversion {
    fn count(&mut self, what: &'static str) {
        match self.counts.iter_mut().find(|(w, _)| *w == what) {
            Some((_, n)) => *n += 1,
            None => self.counts.push((what, 1)),
        }
    }
}

/// JSON Schema keywords of 3.1 that only narrow which values are valid, and
/// have no 3.0 form: dropped, so that the schema accepts every value it
/// accepted (and more).
const DROPPED: [&str; 4] = ["if", "then", "else", "dependentSchemas"];

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Keywords beside a `$ref` that only annotate it; 3.0 ignores siblings of
/// a `$ref`, so these are dropped and the reference kept.
const ANNOTATIONS: [&str; 8] = [
    "description",
    "summary",
    "title",
    "deprecated",
    "readOnly",
    "writeOnly",
    "example",
    "examples",
];

/// Converts an OpenAPI 3.1 document in place to OpenAPI 3.0.3.
pub(crate) fn from_3_1(document: &mut Value) -> Conversion {
    let mut conversion = Conversion::default();
    let Some(root) = document.as_object_mut() else {
        return conversion;
    };
    conversion.three_one = root
        .get("openapi")
        .and_then(Value::as_str)
        .is_some_and(|v| v.starts_with("3.1"));
    root.insert("openapi".into(), json!("3.0.3"));
    // 3.1's `webhooks` is what 3.0 specs write as `x-webhooks`: read the same
    // way (`client::webhooks`), unless the document has both.
    if !root.contains_key("x-webhooks")
        && let Some(webhooks) = root.remove("webhooks")
    {
        root.insert("x-webhooks".into(), webhooks);
        conversion.count("`webhooks` read as `x-webhooks`");
    }
    for key in ["webhooks", "jsonSchemaDialect"] {
        if root.remove(key).is_some() {
            conversion.dropped.push(Finding {
                pointer: child("", key),
                message: format!(
                    "`{key}` (OpenAPI 3.1) is left out: a client makes requests and receives none"
                ),
            });
        }
    }
    if let Some(Value::Object(components)) = root.get_mut("components")
        && components.remove("pathItems").is_some()
    {
        conversion.dropped.push(Finding {
            pointer: "/components/pathItems".into(),
            message: "`components/pathItems` (OpenAPI 3.1) is left out: refer to none of them, \
                      or write their operations under `paths`"
                .into(),
        });
    }
    // 3.1 makes `paths` and an operation's `responses` optional; 3.0
    // requires them.
    root.entry("paths").or_insert_with(|| json!({}));
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        for item in paths.values_mut().filter_map(Value::as_object_mut) {
            for (key, operation) in item.iter_mut() {
                if !METHODS.contains(&key.as_str()) {
                    continue;
                }
                let Value::Object(operation) = operation else {
                    continue;
                };
                if !operation.contains_key("responses") {
                    operation.insert("responses".into(), json!({}));
                    conversion.count("operations without `responses`");
                }
                // A client receives no callbacks; one written as a `$ref`
                // does not even fit the reader's shape.
                if let Some(Value::Object(callbacks)) = operation.get_mut("callbacks") {
                    let before = callbacks.len();
                    callbacks.retain(|_, callback| callback.get("$ref").is_none());
                    for _ in callbacks.len()..before {
                        conversion.count("`callbacks` written as `$ref` left out");
                    }
                }
            }
        }
    }
    walk(document, "", Context::Document, &mut conversion);
    values_without_a_schema(document, &mut conversion);
    parameters_not_null(document);
    conversion
}

/// A parameter or header with neither `schema` nor `content` (required by
/// 3.0; kin-openapi's and others' test specs leave it out) is text.
fn values_without_a_schema(document: &mut Value, conversion: &mut Conversion) {
    fn walk(node: &mut Value, in_headers: bool, conversion: &mut Conversion) {
        match node {
            Value::Object(map) => {
                let is_value = in_headers
                    || (map.get("in").is_some_and(Value::is_string)
                        && map.get("name").is_some_and(Value::is_string));
                if is_value
                    && !map.contains_key("$ref")
                    && !map.contains_key("schema")
                    && !map.contains_key("content")
                {
                    map.insert("schema".into(), json!({ "type": "string" }));
                    conversion.count("parameters and headers without a schema read as text");
                }
                for (key, value) in map.iter_mut() {
                    if matches!(key.as_str(), "schema" | "example" | "examples") {
                        continue;
                    }
                    if key == "headers" {
                        if let Value::Object(headers) = value {
                            headers.values_mut().for_each(|h| walk(h, true, conversion));
                        }
                        continue;
                    }
                    walk(value, false, conversion);
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| walk(v, false, conversion)),
            _ => {}
        }
    }
    if let Some(paths) = document.get_mut("paths") {
        walk(paths, false, conversion);
    }
    // Security schemes have `in` and `name` too, and no schema.
    for section in ["parameters", "headers", "responses", "requestBodies"] {
        if let Some(Value::Object(named)) = document.pointer_mut(&format!("/components/{section}"))
        {
            for node in named.values_mut() {
                walk(node, section == "headers", conversion);
            }
        }
    }
}

/// A parameter is sent with a value or not at all: a `null` member (FastAPI
/// writes `anyOf: [{type: string}, {type: "null"}]` for an optional one) or
/// `nullable` (NSwag) would make it an `Option` in an `Option`, which
/// progenitor cannot put in a path, a query or a header. An optional
/// parameter is already one the client may leave out.
fn parameters_not_null(document: &mut Value) {
    let mut lists: Vec<&mut Value> = Vec::new();
    if let Some(Value::Object(parameters)) = document.pointer_mut("/components/parameters") {
        lists.extend(parameters.values_mut());
    }
    for parameter in lists {
        drop_nullable(parameter);
    }
    let Some(Value::Object(paths)) = document.get_mut("paths") else {
        return;
    };
    for item in paths.values_mut() {
        let Value::Object(item) = item else { continue };
        for (key, node) in item.iter_mut() {
            let list = if key == "parameters" {
                Some(node)
            } else {
                node.get_mut("parameters")
            };
            if let Some(Value::Array(parameters)) = list {
                parameters.iter_mut().for_each(drop_nullable);
            }
        }
    }
}

fn drop_nullable(parameter: &mut Value) {
    if parameter.get("in").is_some_and(Value::is_string)
        && let Some(Value::Object(schema)) = parameter.get_mut("schema")
    {
        schema.remove("nullable");
    }
}

/// Where a node sits: whether it is a schema, a map of schemas, or neither.
#[derive(Clone, Copy, PartialEq)]
enum Context {
    Document,
    Schema,
    SchemaMap,
    SchemaList,
}

fn walk(node: &mut Value, at: &str, context: Context, conversion: &mut Conversion) {
    match (context, node) {
        (Context::Schema, Value::Object(schema)) => {
            convert_schema(schema, at, conversion);
            for (key, value) in schema.iter_mut() {
                let inner = match key.as_str() {
                    "items" | "additionalProperties" | "not" => Context::Schema,
                    "properties" => Context::SchemaMap,
                    "allOf" | "oneOf" | "anyOf" => Context::SchemaList,
                    _ => continue,
                };
                walk(value, &child(at, key), inner, conversion);
            }
        }
        (Context::SchemaMap, Value::Object(map)) => {
            for (key, value) in map.iter_mut() {
                walk(value, &child(at, key), Context::Schema, conversion);
            }
        }
        (Context::SchemaList, Value::Array(list)) => {
            for (i, value) in list.iter_mut().enumerate() {
                walk(value, &format!("{at}/{i}"), Context::Schema, conversion);
            }
        }
        (Context::Document, Value::Object(map)) => {
            for (key, value) in map.iter_mut() {
                // Examples are data: nothing in them is a keyword.
                if key == "example" || key == "examples" {
                    continue;
                }
                let inner = if key == "schema" {
                    Context::Schema
                } else if key == "schemas" && at == "/components" {
                    Context::SchemaMap
                } else {
                    Context::Document
                };
                walk(value, &child(at, key), inner, conversion);
            }
        }
        (Context::Document, Value::Array(list)) => {
            for (i, value) in list.iter_mut().enumerate() {
                walk(value, &format!("{at}/{i}"), Context::Document, conversion);
            }
        }
        _ => {}
    }
}

/// One schema object, its own keywords only (the walk descends after).
fn convert_schema(schema: &mut Map<String, Value>, at: &str, conversion: &mut Conversion) {
    for keyword in DROPPED {
        if schema.remove(keyword).is_some() {
            conversion.loosened.push(Finding {
                pointer: child(at, keyword),
                message: format!(
                    "`{keyword}` (JSON Schema, OpenAPI 3.1) has no OpenAPI 3.0 form: it is \
                     dropped, and the schema is read without it (it accepts every value it did)"
                ),
            });
        }
    }
    // A reference resolved by the dynamic scope (a generic `items` of a
    // paged list) names no one schema: any value.
    if let Some(target) = schema.remove("$dynamicRef") {
        schema.retain(|key, _| ANNOTATIONS.contains(&key.as_str()));
        conversion.loosened.push(Finding {
            pointer: child(at, "$dynamicRef"),
            message: format!(
                "`$dynamicRef: {}` (JSON Schema, OpenAPI 3.1) names no one schema: this value \
                 is read as any JSON value",
                target.as_str().unwrap_or("?")
            ),
        });
    }
    // In 3.0, a `$ref`'s siblings are ignored, and so they stay.
    if conversion.three_one && schema.contains_key("$ref") && schema.len() > 1 {
        let siblings: Vec<String> = schema.keys().filter(|k| *k != "$ref").cloned().collect();
        if siblings.iter().all(|k| ANNOTATIONS.contains(&k.as_str())) {
            schema.retain(|k, _| k == "$ref");
        } else if let Some(target) = schema.remove("$ref") {
            // The siblings apply as well: a reference and more is an allOf.
            schema.insert("allOf".into(), json!([{ "$ref": target }]));
        }
        conversion.count("`$ref` with sibling keywords");
    }
    if let Some(value) = schema.remove("const") {
        schema.insert("enum".into(), json!([value]));
        conversion.count("`const`");
    }
    if let Some(Value::Array(examples)) = schema.remove("examples") {
        if let Some(first) = examples.into_iter().next() {
            schema.entry("example").or_insert(first);
        }
        conversion.count("`examples` in a schema");
    }
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(limit @ Value::Number(_)) = schema.get(exclusive).cloned() {
            schema.insert(bound.into(), limit);
            schema.insert(exclusive.into(), Value::Bool(true));
            conversion.count("numeric `exclusiveMinimum`/`exclusiveMaximum`");
        }
    }
    // Draft 4's tuple, `items: [A, B]`, is 3.1's `prefixItems`.
    if let Some(Value::Array(_)) = schema.get("items")
        && let Some(tuple) = schema.remove("items")
    {
        schema.insert("prefixItems".into(), tuple);
    }
    widen("prefixItems", "items", schema, conversion);
    required_flags(schema, conversion);
    widen(
        "patternProperties",
        "additionalProperties",
        schema,
        conversion,
    );
    convert_type_array(schema, conversion);
    for keyword in ["anyOf", "oneOf"] {
        convert_null_member(schema, keyword, conversion);
    }
}

/// Draft 3's `required: true` on a property is its name in the object's
/// `required` list; a `required` flag anywhere else says nothing.
fn required_flags(schema: &mut Map<String, Value>, conversion: &mut Conversion) {
    let mut named = Vec::new();
    if let Some(Value::Object(properties)) = schema.get_mut("properties") {
        for (name, property) in properties.iter_mut() {
            if let Some(Value::Bool(flag)) = property.get("required").cloned() {
                if let Value::Object(property) = property {
                    property.remove("required");
                }
                if flag {
                    named.push(Value::String(name.clone()));
                }
                conversion.count("`required: true|false` on a property (JSON Schema draft 3)");
            }
        }
    }
    if let Some(Value::Bool(_)) = schema.get("required") {
        schema.remove("required");
    }
    if !named.is_empty() {
        match schema.entry("required").or_insert_with(|| json!([])) {
            Value::Array(list) => list.extend(named),
            other => *other = Value::Array(named),
        }
    }
}

/// A tuple (`prefixItems`) or properties by pattern (`patternProperties`),
/// which 3.0 cannot say, read as an array (a map) whose values are any of
/// those schemas: every value the spec allows still decodes.
fn widen(keyword: &str, into: &str, schema: &mut Map<String, Value>, conversion: &mut Conversion) {
    let Some(given) = schema.remove(keyword) else {
        return;
    };
    let mut members: Vec<Value> = match given {
        Value::Array(list) => list,
        Value::Object(by_pattern) => by_pattern.into_iter().map(|(_, s)| s).collect(),
        _ => Vec::new(),
    };
    match schema.remove(into) {
        Some(Value::Bool(false)) | None => {}
        Some(Value::Bool(true)) => members.push(json!({})),
        Some(other) => members.push(other),
    }
    members.dedup();
    let widened = match members.len() {
        0 => json!({}),
        1 => members.remove(0),
        _ => json!({ "anyOf": members }),
    };
    schema.insert(into.into(), widened);
    conversion.count(if keyword == "prefixItems" {
        "`prefixItems` read as an array of any of its item schemas"
    } else {
        "`patternProperties` read as a map of any of their schemas"
    });
}

/// `type: [T, "null"]` → `type: T` + `nullable: true`; several types → an
/// `anyOf` of one type each.
fn convert_type_array(schema: &mut Map<String, Value>, conversion: &mut Conversion) {
    let types = match schema.get("type") {
        Some(Value::Array(types)) => types.clone(),
        // Only `null`: 3.0 has no such type; any value that may be null
        // (every value the spec allows decodes).
        Some(Value::String(t)) if t == "null" => {
            schema.remove("type");
            schema.insert("nullable".into(), Value::Bool(true));
            conversion.count("`type: null` read as a value that may be null");
            return;
        }
        _ => return,
    };
    let nullable = types.iter().any(|t| t == "null");
    let others: Vec<Value> = types.into_iter().filter(|t| t != "null").collect();
    if nullable {
        schema.insert("nullable".into(), Value::Bool(true));
    }
    match others.as_slice() {
        [] => {
            schema.remove("type");
        }
        [one] => {
            schema.insert("type".into(), one.clone());
        }
        several => {
            schema.remove("type");
            let branches: Vec<Value> = several.iter().map(|t| json!({ "type": t })).collect();
            schema.insert("anyOf".into(), Value::Array(branches));
        }
    }
    conversion.count("`type` arrays");
}

/// `anyOf: [X, {type: "null"}]` (what FastAPI writes for `Optional[X]`) →
/// X, `nullable: true`.
fn convert_null_member(
    schema: &mut Map<String, Value>,
    keyword: &str,
    conversion: &mut Conversion,
) {
    let Some(Value::Array(members)) = schema.get(keyword) else {
        return;
    };
    let is_null = |m: &Value| {
        m.get("type").is_some_and(|t| t == "null") && m.as_object().is_some_and(|o| o.len() == 1)
    };
    if !members.iter().any(is_null) {
        return;
    }
    let rest: Vec<Value> = members.iter().filter(|m| !is_null(m)).cloned().collect();
    schema.insert("nullable".into(), Value::Bool(true));
    match rest.as_slice() {
        [Value::Object(only)] if !only.contains_key("$ref") && schema.len() <= 2 => {
            schema.remove(keyword);
            for (key, value) in only {
                schema.entry(key.clone()).or_insert_with(|| value.clone());
            }
        }
        [only] => {
            schema.remove(keyword);
            schema.insert("allOf".into(), json!([only]));
        }
        _ => {
            schema.insert(keyword.into(), Value::Array(rest));
        }
    }
    conversion.count("`null` members of `anyOf`/`oneOf`");
}

/// Gives every operation without an `operationId` one made from its method
/// and path: `GET /v1/thread/{threadId}` → `get_v1_thread_by_thread_id`.
/// Returns each one given, with the operation's pointer.
pub(crate) fn synthesize_operation_ids(document: &mut Value) -> Vec<Finding> {
    let mut given = Vec::new();
    let Some(Value::Object(paths)) = document.get_mut("paths") else {
        return given;
    };
    for (path, item) in paths.iter_mut() {
        let Value::Object(item) = item else { continue };
        for method in METHODS {
            let Some(Value::Object(operation)) = item.get_mut(method) else {
                continue;
            };
            if operation.contains_key("operationId") {
                continue;
            }
            let segments = super::PathTemplate::parse(path).segments();
            let id = names::suggested_operation_id(method, &segments);
            given.push(Finding {
                pointer: format!("/paths/{}/{method}", escape_token(path)),
                message: format!(
                    "{} {path} has no `operationId`: the method is named `{id}`; \
                     write `operationId: {id}` (or another name) to keep it stable",
                    method.to_ascii_uppercase()
                ),
            });
            operation.insert("operationId".into(), Value::String(id));
        }
    }
    given
}

/// Gives each operation whose `operationId` makes the method or the builder
/// type of an earlier one (the same id, or one differing only in case or
/// punctuation: `getThing2` and `get_thing_2` both make `GetThing2`) an id
/// of its own: `GetClusterInfo` again → `GetClusterInfo_2`. Returns each one
/// renamed, with the operation's pointer.
pub(crate) fn distinct_operation_ids(document: &mut Value) -> Vec<Finding> {
    let mut renamed = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    let Some(Value::Object(paths)) = document.get_mut("paths") else {
        return renamed;
    };
    for (path, item) in paths.iter_mut() {
        let Value::Object(item) = item else { continue };
        for method in METHODS {
            let Some(Value::Object(operation)) = item.get_mut(method) else {
                continue;
            };
            let Some(id) = operation.get("operationId").and_then(Value::as_str) else {
                continue;
            };
            let id = id.to_owned();
            let taken = |seen: &[String], id: &str| {
                crate::upstream_names::operation_names(id)
                    .iter()
                    .any(|n| seen.contains(n))
            };
            if !taken(&seen, &id) {
                seen.extend(crate::upstream_names::operation_names(&id));
                continue;
            }
            let Some(new) = (2..)
                .map(|n| format!("{id}_{n}"))
                .find(|candidate| !taken(&seen, candidate))
            else {
                continue;
            };
            seen.extend(crate::upstream_names::operation_names(&new));
            renamed.push(Finding {
                pointer: format!("/paths/{}/{method}/operationId", escape_token(path)),
                message: format!(
                    "`operationId: {id}` is also an earlier operation's: {} {path} is named \
                     `{}`; give it an operationId of its own to choose another name",
                    method.to_ascii_uppercase(),
                    crate::upstream_names::method_name(&new)
                ),
            });
            operation.insert("operationId".into(), Value::String(new));
        }
    }
    renamed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_3_1_forms_become_their_3_0_equivalents() {
        let mut document = json!({
            "openapi": "3.1.0",
            "info": { "title": "T", "version": "1" },
            "webhooks": { "x": {} },
            "components": { "schemas": {
                "A": { "type": "object", "properties": {
                    "name": { "type": ["string", "null"] },
                    "kind": { "const": "a" },
                    "n": { "type": "integer", "exclusiveMinimum": 0, "examples": [3, 4] },
                    "b": { "$ref": "#/components/schemas/B", "description": "the b" },
                    "c": { "$ref": "#/components/schemas/B", "maxProperties": 2 },
                    "d": { "anyOf": [{ "$ref": "#/components/schemas/B" }, { "type": "null" }] },
                    "e": { "anyOf": [{ "type": "string" }, { "type": "null" }] },
                    "f": { "type": ["string", "integer"] },
                    "g": { "if": { "type": "string" } }
                }},
                "B": { "type": "object", "example": { "type": ["not", "a", "keyword"] } }
            }}
        });
        let conversion = from_3_1(&mut document);
        let a = &document["components"]["schemas"]["A"]["properties"];
        assert_eq!(document["openapi"], "3.0.3");
        assert_eq!(document["paths"], json!({}));
        assert!(document.get("webhooks").is_none());
        assert_eq!(document["x-webhooks"], json!({ "x": {} }));
        assert!(
            conversion
                .counts
                .contains(&("`webhooks` read as `x-webhooks`", 1))
        );
        assert_eq!(a["name"], json!({ "type": "string", "nullable": true }));
        assert_eq!(a["kind"], json!({ "enum": ["a"] }));
        assert_eq!(
            a["n"],
            json!({ "type": "integer", "exclusiveMinimum": true, "minimum": 0, "example": 3 })
        );
        assert_eq!(a["b"], json!({ "$ref": "#/components/schemas/B" }));
        assert_eq!(
            a["c"],
            json!({ "maxProperties": 2, "allOf": [{ "$ref": "#/components/schemas/B" }] })
        );
        assert_eq!(
            a["d"],
            json!({ "nullable": true, "allOf": [{ "$ref": "#/components/schemas/B" }] })
        );
        assert_eq!(a["e"], json!({ "nullable": true, "type": "string" }));
        assert_eq!(
            a["f"],
            json!({ "anyOf": [{ "type": "string" }, { "type": "integer" }] })
        );
        // An example's value is data, not a schema.
        assert_eq!(
            document["components"]["schemas"]["B"]["example"]["type"],
            json!(["not", "a", "keyword"])
        );
        assert!(
            conversion.dropped.is_empty(),
            "webhooks are read, not dropped"
        );
        // A conditional has no 3.0 form: dropped, at its place.
        assert_eq!(a["g"], json!({}));
        assert_eq!(conversion.loosened.len(), 1);
        assert_eq!(
            conversion.loosened[0].pointer,
            "/components/schemas/A/properties/g/if"
        );
    }

    #[test]
    fn what_has_no_3_0_form_is_loosened_so_that_every_value_still_decodes() {
        let mut document = json!({ "components": { "schemas": {
            "Page": { "type": "object", "properties": {
                "items": { "type": "array", "items": { "$dynamicRef": "#item", "description": "One." } },
                "err": { "type": "null", "description": "Always null." }
            }}
        }}});
        let conversion = from_3_1(&mut document);
        let page = &document["components"]["schemas"]["Page"]["properties"];
        assert_eq!(page["items"]["items"], json!({ "description": "One." }));
        assert_eq!(
            page["err"],
            json!({ "nullable": true, "description": "Always null." })
        );
        let pointers: Vec<&str> = conversion
            .loosened
            .iter()
            .map(|f| f.pointer.as_str())
            .collect();
        assert_eq!(
            pointers,
            ["/components/schemas/Page/properties/items/items/$dynamicRef"]
        );
        assert_eq!(
            conversion.counts,
            [("`type: null` read as a value that may be null", 1)]
        );
    }

    #[test]
    fn older_json_schema_forms_and_what_the_reader_cannot_take_are_read_for_what_they_mean() {
        let mut document = json!({
            "paths": { "/a": { "post": {
                "callbacks": { "done": { "$ref": "#/components/callbacks/Done" } }
            }}},
            "components": {
              "headers": { "Rate": { "description": "Requests left." } },
              "securitySchemes": { "key": { "type": "apiKey", "in": "header", "name": "key" } },
              "schemas": { "A": {
                "type": "object",
                "required": ["x"],
                "properties": {
                    "x": { "type": "string" },
                    "id": { "type": "string", "required": true },
                    "note": { "type": "string", "required": false },
                    "pair": { "type": "array", "items": [{ "type": "integer" }, { "type": "string" }] }
                }
            }}}
        });
        let conversion = from_3_1(&mut document);
        let a = &document["components"]["schemas"]["A"];
        assert_eq!(a["required"], json!(["x", "id"]));
        assert_eq!(
            document["components"]["headers"]["Rate"],
            json!({ "description": "Requests left.", "schema": { "type": "string" } })
        );
        assert_eq!(
            document["components"]["securitySchemes"]["key"],
            json!({ "type": "apiKey", "in": "header", "name": "key" }),
            "a security scheme has no schema"
        );
        assert_eq!(a["properties"]["id"], json!({ "type": "string" }));
        assert_eq!(a["properties"]["note"], json!({ "type": "string" }));
        assert_eq!(
            a["properties"]["pair"],
            json!({ "type": "array", "items": { "anyOf": [{ "type": "integer" }, { "type": "string" }] } })
        );
        let post = &document["paths"]["/a"]["post"];
        assert_eq!(post["callbacks"], json!({}));
        assert_eq!(post["responses"], json!({}));
        let counted: Vec<&str> = conversion.counts.iter().map(|(what, _)| *what).collect();
        assert_eq!(
            counted,
            [
                "operations without `responses`",
                "`callbacks` written as `$ref` left out",
                "`required: true|false` on a property (JSON Schema draft 3)",
                "`prefixItems` read as an array of any of its item schemas",
                "parameters and headers without a schema read as text",
            ]
        );
    }

    #[test]
    fn an_operation_id_used_twice_is_made_distinct() {
        let mut document = json!({ "paths": {
            "/a": { "get": { "operationId": "GetInfo" }, "post": { "operationId": "get_info" } },
            "/b": { "get": { "operationId": "GetInfo" }, "put": { "operationId": "other" } },
            "/c": { "get": { "operationId": "getThing2" }, "put": { "operationId": "get_thing_2" } }
        }});
        let renamed = distinct_operation_ids(&mut document);
        assert_eq!(document["paths"]["/a"]["post"]["operationId"], "get_info_2");
        assert_eq!(document["paths"]["/b"]["get"]["operationId"], "GetInfo_3");
        assert_eq!(document["paths"]["/b"]["put"]["operationId"], "other");
        assert_eq!(
            document["paths"]["/c"]["put"]["operationId"],
            "get_thing_2_2"
        );
        let pointers: Vec<&str> = renamed.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/paths/~1a/post/operationId",
                "/paths/~1b/get/operationId",
                "/paths/~1c/put/operationId"
            ]
        );
        assert!(
            renamed[1].message.contains("GET /b is named `get_info_3`"),
            "{}",
            renamed[1].message
        );
    }

    #[test]
    fn a_missing_operation_id_is_made_from_method_and_path() {
        let mut document = json!({ "paths": { "/v1/thread/{threadId}": {
            "get": { "responses": {} },
            "put": { "operationId": "keep", "responses": {} }
        }}});
        let given = synthesize_operation_ids(&mut document);
        assert_eq!(given.len(), 1);
        assert_eq!(given[0].pointer, "/paths/~1v1~1thread~1{threadId}/get");
        let get = &document["paths"]["/v1/thread/{threadId}"]["get"];
        assert_eq!(get["operationId"], "get_v1_thread_by_thread_id");
        assert_eq!(
            document["paths"]["/v1/thread/{threadId}"]["put"]["operationId"],
            "keep"
        );
    }
}
