//! `$ref`s to places inside other definitions, made references that
//! progenitor and typify can follow, each change noted.
//!
//! A JSON pointer may point anywhere in the document
//! (`#/components/schemas/Thread/properties/events/items`), but typify only
//! resolves a schema reference to a whole component (`#/components/schemas/X`),
//! and progenitor a parameter, response or body reference to a whole
//! component of its section. So:
//! - a schema found inside another schema, a parameter, a response or an
//!   operation is hoisted into a component of its own, named from its place
//!   (`ThreadEventsItem`), and both its own place and every reference to it
//!   refer to that component: one type, used in both places;
//! - anything else (a parameter inside an operation, a response) is copied
//!   where it is referred to.

use std::collections::BTreeMap;

use serde_json::Value;

use super::FixUp;
use crate::diagnostic::unescape_token;
use crate::spec::rewrite::add_component;
use crate::spec::{Finding, references, resolves};
use crate::upstream_names;

const SCHEMAS: &str = "#/components/schemas/";

pub(crate) const FIXUP: FixUp = FixUp {
    name: "deep_references",
    upstream: "typify-impl (a schema reference resolves to a whole component only) and \
               progenitor-impl (a parameter, response or body reference to a whole component of \
               its section); none filed",
};

/// The references that still point inside a definition, counted in
/// `document` (the document progenitor reads): zero after [`resolve`],
/// unless a copy refers to itself and its rounds ran out.
pub(crate) fn leftovers(document: &Value) -> usize {
    references(document)
        .iter()
        .filter(|(_, target)| is_deep(target) && resolves(document, target))
        .count()
}

/// Rewrites every reference to a place inside a definition; returns what it
/// changed, one finding per hoisted schema or copied definition.
pub(crate) fn resolve(document: &mut Value) -> Vec<Finding> {
    let mut findings = Vec::new();
    // A copied definition may itself hold such a reference: a few rounds
    // reach them all (a copy of itself would go on forever, so stop).
    for _ in 0..8 {
        let deep: Vec<(String, String)> = references(document)
            .into_iter()
            .filter(|(_, target)| is_deep(target) && resolves(document, target))
            .collect();
        if deep.is_empty() {
            break;
        }
        let mut targets: Vec<&str> = deep.iter().map(|(_, t)| t.as_str()).collect();
        targets.sort();
        targets.dedup();
        // The deepest first: hoisting a schema leaves a reference at its
        // place, so a place inside it must be hoisted before it moves.
        targets.sort_by_key(|t| std::cmp::Reverse(t.matches('/').count()));
        let mut retargeted: BTreeMap<String, String> = BTreeMap::new();
        for target in targets {
            if is_schema(target) {
                let name = component_name(document, target);
                let pointer = &target[1..];
                let Some(node) = document.pointer(pointer).cloned() else {
                    continue;
                };
                add_component(document, &name, node);
                let reference = format!("{SCHEMAS}{name}");
                if let Some(slot) = document.pointer_mut(pointer) {
                    *slot = serde_json::json!({ "$ref": reference });
                }
                findings.push(Finding {
                    pointer: pointer.to_owned(),
                    message: format!(
                        "`$ref: {target}` points inside another definition, which typify \
                         cannot follow: the schema there becomes the component `{name}` (the \
                         type `{}`), used both there and where it is referred to",
                        upstream_names::Schema::component(&name)
                    ),
                });
                retargeted.insert(target.to_owned(), reference);
            } else {
                let Some(node) = document.pointer(&target[1..]).cloned() else {
                    continue;
                };
                let sites: Vec<&str> = deep
                    .iter()
                    .filter(|(_, t)| t == target)
                    .map(|(site, _)| site.as_str())
                    .collect();
                for site in &sites {
                    if let Some(slot) = document.pointer_mut(site) {
                        *slot = node.clone();
                    }
                }
                if let Some(first) = sites.first() {
                    findings.push(Finding {
                        pointer: (*first).to_owned(),
                        message: format!(
                            "`$ref: {target}` points inside another definition, which \
                             progenitor cannot follow: it is copied where it is referred to"
                        ),
                    });
                }
            }
        }
        retarget(document, &retargeted);
    }
    findings
}

/// A local reference that names more (or other) than a whole component:
/// `#/components/schemas/A/properties/b`, `#/paths/…`.
fn is_deep(target: &str) -> bool {
    let Some(pointer) = target.strip_prefix("#/") else {
        return false;
    };
    let tokens: Vec<&str> = pointer.split('/').collect();
    !(tokens.len() == 3 && tokens[0] == "components")
}

/// Whether the place holds a schema: inside `components/schemas`, or under
/// a `schema` of a parameter, header or media type.
fn is_schema(target: &str) -> bool {
    target.starts_with(SCHEMAS) || target.split('/').any(|t| t == "schema")
}

/// The new component's name, from the place: the component or operation it
/// is in, then each property, `item` for array items and `value` for map
/// values (`Thread_events_item`); made unique among the components' type
/// names.
fn component_name(document: &Value, target: &str) -> String {
    let tokens: Vec<String> = target[2..].split('/').map(unescape_token).collect();
    let mut words: Vec<String> = Vec::new();
    let rest: &[String] = match tokens.as_slice() {
        [components, _, name, rest @ ..] if components == "components" => {
            words.push(name.clone());
            rest
        }
        [paths, path, method, rest @ ..] if paths == "paths" => {
            let id = document
                .get("paths")
                .and_then(|p| p.get(path))
                .and_then(|item| item.get(method))
                .and_then(|op| op.get("operationId"))
                .and_then(Value::as_str);
            words.push(id.map_or_else(|| format!("{method} {path}"), str::to_owned));
            rest
        }
        _ => &tokens,
    };
    let mut after_properties = false;
    for token in rest {
        if after_properties {
            words.push(token.clone());
            after_properties = false;
            continue;
        }
        match token.as_str() {
            "properties" => after_properties = true,
            "items" => words.push("item".into()),
            "additionalProperties" => words.push("value".into()),
            // Structure, not a name: the media type, `schema`, `content`.
            "schema" | "content" | "responses" | "parameters" | "requestBody" => {}
            other if other.contains('/') => {}
            other => words.push(other.to_owned()),
        }
    }
    crate::spec::rewrite::free_component_name(document, &words.join("_"))
}

/// Points every reference in `targets` at its new place.
fn retarget(document: &mut Value, targets: &BTreeMap<String, String>) {
    if targets.is_empty() {
        return;
    }
    let sites: Vec<(String, String)> = references(document)
        .into_iter()
        .filter_map(|(site, target)| targets.get(&target).map(|new| (site, new.clone())))
        .collect();
    for (site, new) in sites {
        if let Some(Value::Object(holder)) = document.pointer_mut(&site) {
            holder.insert("$ref".into(), Value::String(new));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_schema_inside_another_becomes_a_component_both_uses_refer_to() {
        let mut document = json!({
            "paths": { "/a": { "get": { "operationId": "get_a", "responses": { "200": {
                "description": "ok",
                "content": { "application/json": { "schema": {
                    "$ref": "#/components/schemas/A/properties/events/items"
                }}}
            }}}}},
            "components": { "schemas": {
                "A": { "type": "object", "properties": { "events": {
                    "type": "array",
                    "items": { "type": "object", "properties": {
                        "name": { "type": "string" },
                        "meta": { "type": "object" }
                    }}
                }}},
                "B": { "$ref": "#/components/schemas/A/properties/events/items/properties/meta" },
                "A_events_item": { "type": "string" }
            }}
        });
        assert_eq!(leftovers(&document), 2);
        let findings = resolve(&mut document);
        assert_eq!(leftovers(&document), 0);
        let schemas = &document["components"]["schemas"];
        // The name `A_events_item` is taken: the next one.
        assert_eq!(
            schemas["A"]["properties"]["events"]["items"],
            json!({ "$ref": "#/components/schemas/A_events_item2" })
        );
        assert_eq!(
            document.pointer("/paths/~1a/get/responses/200/content/application~1json/schema"),
            Some(&json!({ "$ref": "#/components/schemas/A_events_item2" }))
        );
        // The deeper place, inside the other, is its own component.
        assert_eq!(
            schemas["A_events_item2"]["properties"]["meta"],
            json!({ "$ref": "#/components/schemas/A_events_item_meta" })
        );
        assert_eq!(schemas["A_events_item_meta"], json!({ "type": "object" }));
        assert_eq!(
            schemas["B"],
            json!({ "$ref": "#/components/schemas/A_events_item_meta" })
        );
        let pointers: Vec<&str> = findings.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/components/schemas/A/properties/events/items/properties/meta",
                "/components/schemas/A/properties/events/items"
            ]
        );
        assert!(
            findings[1]
                .message
                .contains("becomes the component `A_events_item2` (the type `AEventsItem2`)")
        );
        // Nothing deep is left: a second pass changes nothing.
        assert!(resolve(&mut document).is_empty());
    }

    #[test]
    fn a_parameter_inside_an_operation_is_copied_where_it_is_used() {
        let parameter =
            json!({ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } });
        let mut document = json!({ "paths": { "/a/{id}": {
            "get": { "operationId": "get_a", "parameters": [parameter] },
            "delete": { "parameters": [{ "$ref": "#/paths/~1a~1{id}/get/parameters/0" }] }
        }}});
        let findings = resolve(&mut document);
        assert_eq!(
            document["paths"]["/a/{id}"]["delete"]["parameters"][0],
            parameter
        );
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].pointer, "/paths/~1a~1{id}/delete/parameters/0");
    }

    #[test]
    fn references_to_whole_components_examples_and_extensions_are_left_alone() {
        let before = json!({
            "paths": {},
            "components": { "schemas": {
                "A": { "type": "object", "properties": { "b": { "$ref": "#/components/schemas/B" } },
                       "example": { "$ref": "#/components/schemas/A/properties/b" } },
                "B": { "type": "string", "x-docs": { "$ref": "#/components/schemas/A/properties/b" } }
            }}
        });
        let mut document = before.clone();
        assert!(resolve(&mut document).is_empty());
        assert_eq!(document, before);
    }
}
