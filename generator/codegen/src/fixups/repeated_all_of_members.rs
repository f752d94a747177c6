//! An `allOf` that lists one schema more than once, written again or
//! through an alias (a component that is only a `$ref` to it), lists it
//! once: `allOf` is a conjunction, so the repetition means nothing, but
//! typify merges each copy with the others, member by member, and copies of
//! a schema that holds an `anyOf` grow as the product of their unions (three
//! copies of one took 24 GiB, found by the generated-specs run, document
//! s3397). Each change is a note.

use serde_json::Value;

use super::FixUp;
use crate::diagnostic::child;
use crate::spec::Finding;

/// How many aliases a `$ref` is followed through, at most (a cycle of
/// aliases is the reference check's to report).
const MAX_ALIASES: usize = 32;

pub(crate) const FIXUP: FixUp = FixUp {
    name: "repeated_all_of_members",
    upstream: "typify-impl merge.rs (each copy of an allOf member is merged with the others; \
               none filed)",
};

/// The `allOf`s of `document` that still list a member twice: zero after
/// [`distinct_members`].
pub(crate) fn leftovers(document: &Value) -> usize {
    let mut found = Vec::new();
    walk(document, &mut document.clone(), "", &mut found);
    found.len()
}

/// Removes every repeated member of every `allOf` in `document`; one
/// finding per `allOf` changed.
pub(crate) fn distinct_members(document: &mut Value) -> Vec<Finding> {
    let mut changed = Vec::new();
    let original = document.clone();
    walk(&original, document, "", &mut changed);
    changed
}

fn walk(original: &Value, node: &mut Value, at: &str, out: &mut Vec<Finding>) {
    match node {
        Value::Object(map) => {
            if let Some(Value::Array(members)) = map.get_mut("allOf") {
                let mut seen: Vec<String> = Vec::new();
                let mut repeated: Vec<String> = Vec::new();
                members.retain(|member| {
                    let key = identity(original, member);
                    if seen.contains(&key) {
                        repeated.push(shown(member));
                        false
                    } else {
                        seen.push(key);
                        true
                    }
                });
                if !repeated.is_empty() {
                    out.push(Finding {
                        pointer: child(at, "allOf"),
                        message: format!(
                            "this `allOf` lists the same schema more than once ({}): each is \
                             read once (an `allOf` of one schema twice is that schema)",
                            repeated.join(", ")
                        ),
                    });
                }
            }
            // Values, not schemas: an example may well hold a key `allOf`.
            let values = ["example", "examples", "default", "enum", "const"];
            for (key, value) in map.iter_mut() {
                if !values.contains(&key.as_str()) && !key.starts_with("x-") {
                    walk(original, value, &child(at, key), out);
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                walk(original, item, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// What a member is, for comparison: the schema its `$ref` finally names
/// (through components that are only a `$ref`), else the member as written.
fn identity(document: &Value, member: &Value) -> String {
    let mut reference = match pure_reference(member) {
        Some(reference) => reference,
        None => return member.to_string(),
    };
    for _ in 0..MAX_ALIASES {
        let next = reference
            .strip_prefix('#')
            .and_then(|p| document.pointer(p))
            .and_then(pure_reference);
        match next {
            Some(next) if next != reference => reference = next,
            _ => break,
        }
    }
    format!("$ref {reference}")
}

/// The `$ref` of a schema that is a `$ref` and nothing else (a
/// `description` beside it changes nothing either).
fn pure_reference(node: &Value) -> Option<&str> {
    let map = node.as_object()?;
    let only_reference = map.keys().all(|k| k == "$ref" || k == "description");
    map.get("$ref")?.as_str().filter(|_| only_reference)
}

/// A repeated member as a note names it: its `$ref`, or `an inline schema`.
fn shown(member: &Value) -> String {
    pure_reference(member).map_or_else(|| "an inline schema".to_owned(), |r| format!("`{r}`"))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{distinct_members, leftovers};

    #[test]
    fn a_schema_listed_again_or_through_an_alias_is_listed_once() {
        let mut doc = json!({ "components": { "schemas": {
            "Message": { "type": "object", "properties": { "a": { "anyOf": [
                { "type": "string" }, { "type": "integer" }
            ] } } },
            "Alias": { "$ref": "#/components/schemas/Message" },
            "Thread": { "allOf": [
                { "$ref": "#/components/schemas/Message" },
                { "$ref": "#/components/schemas/Alias" },
                { "type": "object", "properties": { "b": { "type": "string" } } },
                { "$ref": "#/components/schemas/Message" },
                { "type": "object", "properties": { "b": { "type": "string" } } }
            ] }
        } } });
        assert_eq!(leftovers(&doc), 1, "one `allOf` repeats members");
        let findings = distinct_members(&mut doc);
        assert_eq!(leftovers(&doc), 0);
        assert_eq!(
            doc["components"]["schemas"]["Thread"]["allOf"],
            json!([
                { "$ref": "#/components/schemas/Message" },
                { "type": "object", "properties": { "b": { "type": "string" } } }
            ])
        );
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].pointer, "/components/schemas/Thread/allOf");
        assert_eq!(
            findings[0].message,
            "this `allOf` lists the same schema more than once \
             (`#/components/schemas/Alias`, `#/components/schemas/Message`, an inline schema): \
             each is read once (an `allOf` of one schema twice is that schema)"
        );
    }

    #[test]
    fn distinct_members_and_a_cycle_of_aliases_are_left_as_they_are() {
        let mut doc = json!({ "components": { "schemas": {
            "A": { "$ref": "#/components/schemas/B" },
            "B": { "$ref": "#/components/schemas/A" },
            "C": { "allOf": [
                { "$ref": "#/components/schemas/A" },
                { "$ref": "#/components/schemas/D" }
            ] },
            "D": { "type": "object" }
        } } });
        let before = doc.clone();
        assert!(distinct_members(&mut doc).is_empty());
        assert_eq!(doc, before);
    }
}
