use serde_json::json;

use super::*;

/// The problems of `value` against `schema` within `document`'s
/// components, as `at: problem`.
fn problems(document: &Value, schema: &Value, value: &Value) -> Vec<String> {
    validate(document, schema, "/s", value)
        .expect("within bounds")
        .into_iter()
        .map(|f| format!("{}: {}", f.at, f.problem))
        .collect()
}

fn alone(schema: Value, value: Value) -> Vec<String> {
    problems(&json!({}), &schema, &value)
}

#[test]
fn types_and_whole_numbers() {
    let integer = json!({ "type": "integer" });
    assert!(alone(integer.clone(), json!(3)).is_empty());
    assert!(alone(integer.clone(), json!(3.0)).is_empty());
    assert_eq!(
        alone(integer.clone(), json!(3.5)),
        [": 3.5 is not a whole number (`type: integer`)"]
    );
    assert_eq!(
        alone(integer, json!("3")),
        [": \"3\" is a string, not an integer"]
    );
    assert_eq!(
        alone(json!({ "type": "object" }), json!([1])),
        [": an array is an array, not an object"]
    );
    assert!(alone(json!({ "type": "number" }), json!(3.5)).is_empty());
    assert!(alone(json!({ "description": "anything" }), json!(null)).is_empty());
}

#[test]
fn null_needs_nullable_and_a_nullable_enum_must_list_it() {
    assert_eq!(
        alone(json!({ "type": "string" }), json!(null)),
        [": null is not allowed: the schema is not `nullable: true`"]
    );
    assert!(alone(json!({ "type": "string", "nullable": true }), json!(null)).is_empty());
    assert_eq!(
        alone(
            json!({ "type": "string", "nullable": true, "enum": ["a", "b"] }),
            json!(null)
        ),
        [
            ": null is not one of a, b: under OpenAPI 3.0.3 `nullable: true` does not add null \
         to an `enum`, which must list it"
        ]
    );
    assert!(
        alone(
            json!({ "type": "string", "nullable": true, "enum": ["a", null] }),
            json!(null)
        )
        .is_empty()
    );
    // Listed, but not nullable: `type` refuses it.
    assert_eq!(
        alone(
            json!({ "type": "string", "enum": ["a", null] }),
            json!(null)
        ),
        [": null is not allowed: the schema is not `nullable: true`"]
    );
    // The nullable reference idiom.
    let document = json!({ "components": { "schemas": { "A": { "type": "object" } } } });
    let wrapper = json!({ "nullable": true, "allOf": [{ "$ref": "#/components/schemas/A" }] });
    assert!(problems(&document, &wrapper, &json!(null)).is_empty());
    let bare = json!({ "allOf": [{ "$ref": "#/components/schemas/A" }] });
    assert_eq!(
        problems(&document, &bare, &json!(null)),
        [": null is not allowed: the schema is not `nullable: true`"]
    );
}

#[test]
fn enums_closed_and_open() {
    let closed = json!({ "type": "string", "enum": ["inbox", "sent", "archived"] });
    assert_eq!(
        alone(closed, json!("<string>")),
        [": \"<string>\" is not one of inbox, sent, archived"]
    );
    let open = json!({ "type": "string", "x-extensible-enum": ["web"] });
    assert!(alone(open.clone(), json!("anything")).is_empty());
    assert_eq!(alone(open, json!(1)), [": 1 is a number, not a string"]);
    assert!(alone(json!({ "enum": [1, 2] }), json!(2.0)).is_empty());
    let many: Vec<Value> = (0..20).map(|i| json!(format!("v{i}"))).collect();
    let shown = alone(json!({ "enum": many }), json!("x"));
    assert!(
        shown[0].ends_with("v10, v11, … (20 values in all)"),
        "{shown:?}"
    );
}

#[test]
fn objects_required_properties_and_additional_properties() {
    let schema = json!({
        "type": "object",
        "required": ["id"],
        "properties": { "id": { "type": "integer" }, "a~b/c": { "type": "string" } },
        "additionalProperties": false
    });
    assert_eq!(
        alone(schema.clone(), json!({ "a~b/c": 1, "extra": true })),
        [
            ": the required property `id` is missing",
            "/a~0b~1c: 1 is a number, not a string",
            "/extra: `extra` is not a property of the schema, which has \
             `additionalProperties: false`"
        ]
    );
    let map = json!({ "type": "object", "additionalProperties": { "type": "integer" } });
    assert_eq!(
        alone(map, json!({ "a": 1, "b": "2" })),
        ["/b: \"2\" is a string, not an integer"]
    );
    // Unlisted properties are welcome by default.
    assert!(alone(json!({ "type": "object" }), json!({ "a": 1 })).is_empty());
}

#[test]
fn arrays_and_items() {
    let schema =
        json!({ "type": "array", "items": { "type": "string" }, "minItems": 1, "maxItems": 2 });
    assert_eq!(
        alone(schema.clone(), json!(["a", 2])),
        ["/1: 2 is a number, not a string"]
    );
    assert_eq!(
        alone(schema.clone(), json!([])),
        [": the array has 0 item(s), fewer than `minItems: 1`"]
    );
    assert_eq!(
        alone(schema, json!(["a", "b", "c"])),
        [": the array has 3 item(s), more than `maxItems: 2`"]
    );
}

#[test]
fn combinators() {
    let document = json!({ "components": { "schemas": {
        "Cat": { "type": "object", "required": ["meow"], "properties": { "meow": { "type": "boolean" } } },
        "Dog": { "type": "object", "required": ["bark"], "properties": { "bark": { "type": "boolean" } } }
    } } });
    let cat = json!({ "$ref": "#/components/schemas/Cat" });
    let dog = json!({ "$ref": "#/components/schemas/Dog" });
    let all = json!({ "allOf": [cat, dog] });
    assert_eq!(
        problems(&document, &all, &json!({ "meow": true })),
        [": the required property `bark` is missing"]
    );
    let any = json!({ "anyOf": [cat, dog] });
    assert!(problems(&document, &any, &json!({ "meow": true, "bark": true })).is_empty());
    assert_eq!(
        problems(&document, &any, &json!({ "meow": "yes" })),
        [
            "/meow: \"yes\" is a string, not a boolean (it matches none of the `anyOf` \
          schemas: Cat, Dog; `Cat` comes closest)"
        ]
    );
    let one = json!({ "oneOf": [cat, dog] });
    assert!(problems(&document, &one, &json!({ "meow": true })).is_empty());
    assert_eq!(
        problems(&document, &one, &json!({ "meow": true, "bark": true })),
        [": an object matches 2 of the `oneOf` schemas (Cat, Dog), and must match exactly one"]
    );
    let not = json!({ "not": { "type": "string" } });
    assert_eq!(
        alone(not, json!("x")),
        [": \"x\" matches the schema under `not`"]
    );
}

#[test]
fn a_discriminator_picks_the_one_schema() {
    let document = json!({ "components": { "schemas": {
        "Cat": { "type": "object", "properties": { "kind": { "type": "string" }, "meow": { "type": "boolean" } } },
        "Dog": { "type": "object", "properties": { "kind": { "type": "string" } } }
    } } });
    let pet = json!({
        "oneOf": [{ "$ref": "#/components/schemas/Cat" }, { "$ref": "#/components/schemas/Dog" }],
        "discriminator": { "propertyName": "kind", "mapping": { "dog": "#/components/schemas/Dog" } }
    });
    // Both would match without the discriminator.
    assert!(problems(&document, &pet, &json!({ "kind": "dog" })).is_empty());
    assert!(problems(&document, &pet, &json!({ "kind": "Cat" })).is_empty());
    assert_eq!(
        problems(&document, &pet, &json!({ "kind": "Cat", "meow": 1 })),
        ["/meow: 1 is a number, not a boolean"]
    );
    assert_eq!(
        problems(&document, &pet, &json!({ "kind": "cow" })),
        [
            "/kind: \"cow\" names no schema: the discriminator's `mapping` does not list it, \
          and there is no `#/components/schemas/cow`"
        ]
    );
    assert_eq!(
        problems(&document, &pet, &json!({})),
        [": the discriminating property `kind` is missing, or is not a string"]
    );
}

#[test]
fn strings_and_numbers() {
    let when = json!({ "type": "string", "format": "date-time" });
    assert!(alone(when.clone(), json!("2026-03-01T10:30:00.000Z")).is_empty());
    assert_eq!(
        alone(when, json!("2026-03-01 10:30")),
        [
            ": \"2026-03-01 10:30\" is not an RFC 3339 date-time (`format: date-time`), such \
          as 2026-03-01T10:30:00Z"
        ]
    );
    let day = json!({ "type": "string", "format": "date" });
    assert!(alone(day.clone(), json!("2024-02-29")).is_empty());
    assert_eq!(alone(day, json!("2023-02-29")).len(), 1);
    let short = json!({ "type": "string", "minLength": 2, "maxLength": 3 });
    assert_eq!(
        alone(short.clone(), json!("é")),
        [": \"é\" is 1 character(s) long, shorter than `minLength: 2`"]
    );
    assert_eq!(alone(short, json!("abcd")).len(), 1);
    let range = json!({ "type": "integer", "minimum": 1, "maximum": 10, "exclusiveMaximum": true });
    assert_eq!(
        alone(range.clone(), json!(0)),
        [": 0 is less than `minimum: 1`"]
    );
    assert_eq!(
        alone(range.clone(), json!(10)),
        [": 10 is not less than `maximum: 10` (`exclusiveMaximum: true`)"]
    );
    assert!(alone(range, json!(9)).is_empty());
    // `pattern` is not checked.
    assert!(alone(json!({ "type": "string", "pattern": "^a$" }), json!("b")).is_empty());
}

#[test]
fn references_resolve_and_cycles_end() {
    let document = json!({ "components": { "schemas": {
        "Node": { "type": "object", "properties": { "next": { "$ref": "#/components/schemas/Node" }, "n": { "type": "integer" } } },
        "Loop": { "allOf": [{ "$ref": "#/components/schemas/Loop" }] },
        "A": { "$ref": "#/components/schemas/B" },
        "B": { "$ref": "#/components/schemas/A" }
    } } });
    let node = json!({ "$ref": "#/components/schemas/Node" });
    let failures = validate(
        &document,
        &node,
        "/s",
        &json!({ "next": { "next": { "n": "x" } } }),
    )
    .expect("within bounds");
    assert_eq!(failures.len(), 1);
    assert_eq!(failures[0].at, "/next/next/n");
    assert_eq!(failures[0].schema, "/components/schemas/Node/properties/n");
    for name in ["Loop", "A"] {
        let schema = json!({ "$ref": format!("#/components/schemas/{name}") });
        assert!(problems(&document, &schema, &json!(1)).is_empty());
    }
    // One that does not resolve accepts anything.
    let nowhere = json!({ "$ref": "#/components/schemas/Nope" });
    assert!(problems(&document, &nowhere, &json!(1)).is_empty());
}

#[test]
fn long_chains_and_wide_unions_stop_within_bounds() {
    // 300 components, each an `allOf` of the next.
    let mut schemas = serde_json::Map::new();
    for i in 0..300 {
        schemas.insert(
            format!("S{i}"),
            json!({ "allOf": [{ "$ref": format!("#/components/schemas/S{}", i + 1) }] }),
        );
    }
    let document = json!({ "components": { "schemas": schemas } });
    let first = json!({ "$ref": "#/components/schemas/S0" });
    assert_eq!(
        validate(&document, &first, "/s", &json!(1)),
        Err(Stop::TooDeep)
    );
    // 12 levels of `anyOf` with 4 members each, none matching: 4^12 trials.
    let mut schemas = serde_json::Map::new();
    for i in 0..12 {
        let next = json!({ "$ref": format!("#/components/schemas/U{}", i + 1) });
        schemas.insert(
            format!("U{i}"),
            json!({ "anyOf": [next, next, next, next] }),
        );
    }
    schemas.insert("U12".into(), json!({ "type": "string" }));
    let document = json!({ "components": { "schemas": schemas } });
    let first = json!({ "$ref": "#/components/schemas/U0" });
    assert_eq!(
        validate(&document, &first, "/s", &json!(1)),
        Err(Stop::TooLarge)
    );
}
