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
    repeats(document).len()
}

/// Removes every repeated member of every `allOf` in `document`; one
/// finding per `allOf` changed.
pub(crate) fn distinct_members(document: &mut Value) -> Vec<Finding> {
    let found = repeats(document);
    let mut changed = Vec::with_capacity(found.len());
    // In the order found, outer before inner: each pointer holds in the
    // document as the removals before it left it.
    for repeat in found {
        if let Some(Value::Array(members)) = document
            .pointer_mut(&repeat.at)
            .and_then(|node| node.get_mut("allOf"))
        {
            for index in repeat.removed.iter().rev() {
                if *index < members.len() {
                    members.remove(*index);
                }
            }
        }
        changed.push(Finding {
            pointer: child(&repeat.at, "allOf"),
            message: format!(
                "this `allOf` lists the same schema more than once ({}): each is read once (an \
                 `allOf` of one schema twice is that schema)",
                repeat.shown.join(", ")
            ),
        });
    }
    changed
}

/// An `allOf` listing a member again: the pointer of the schema that holds
/// it, the indices of the repeats, and each repeat as a note names it.
struct Repeat {
    at: String,
    removed: Vec<usize>,
    shown: Vec<String>,
}

/// A step of the path from the document's root to a node.
enum Step<'v> {
    Key(&'v str),
    Index(usize),
}

/// Every `allOf` of `document` that lists a member twice, read without a
/// change or a copy. What [`distinct_members`] removes is not walked, and
/// the indices below an `allOf` are those its kept members will have.
fn repeats(document: &Value) -> Vec<Repeat> {
    let mut found = Vec::new();
    find(document, document, &mut Vec::new(), &mut found);
    found
}

fn find<'v>(document: &Value, node: &'v Value, path: &mut Vec<Step<'v>>, found: &mut Vec<Repeat>) {
    match node {
        Value::Object(map) => {
            let mut removed = Vec::new();
            if let Some(Value::Array(members)) = map.get("allOf") {
                let mut seen: Vec<String> = Vec::new();
                let mut shown_members = Vec::new();
                for (index, member) in members.iter().enumerate() {
                    let key = identity(document, member);
                    if seen.contains(&key) {
                        removed.push(index);
                        shown_members.push(shown(member));
                    } else {
                        seen.push(key);
                    }
                }
                if !removed.is_empty() {
                    found.push(Repeat {
                        at: pointer_of(path),
                        removed: removed.clone(),
                        shown: shown_members,
                    });
                }
            }
            // Values, not schemas: an example may well hold a key `allOf`.
            let values = ["example", "examples", "default", "enum", "const"];
            for (key, value) in map {
                if values.contains(&key.as_str()) || key.starts_with("x-") {
                    continue;
                }
                path.push(Step::Key(key));
                match value {
                    Value::Array(members) if key == "allOf" && !removed.is_empty() => {
                        let kept = members
                            .iter()
                            .enumerate()
                            .filter(|(index, _)| !removed.contains(index));
                        for (position, (_, member)) in kept.enumerate() {
                            path.push(Step::Index(position));
                            find(document, member, path, found);
                            path.pop();
                        }
                    }
                    _ => find(document, value, path, found),
                }
                path.pop();
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                path.push(Step::Index(index));
                find(document, item, path, found);
                path.pop();
            }
        }
        _ => {}
    }
}

/// The JSON pointer of `path`.
fn pointer_of(path: &[Step<'_>]) -> String {
    let mut pointer = String::new();
    for step in path {
        match step {
            Step::Key(key) => pointer = child(&pointer, key),
            Step::Index(index) => pointer = format!("{pointer}/{index}"),
        }
    }
    pointer
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
    fn nested_repeats_are_found_at_the_places_they_have_once_outer_repeats_are_gone() {
        let a = json!({ "$ref": "#/a" });
        let twice = json!({ "allOf": [a, a] });
        let mut doc = json!({ "S": { "allOf": [
            twice,
            { "$ref": "#/m" },
            { "$ref": "#/m" },
            { "title": "y", "allOf": [{ "$ref": "#/b" }, { "$ref": "#/b" }] },
            twice
        ] } });
        assert_eq!(
            leftovers(&doc),
            3,
            "S, its first member and `y`; not the repeat of the first"
        );
        let pointers: Vec<String> = distinct_members(&mut doc)
            .into_iter()
            .map(|f| f.pointer)
            .collect();
        assert_eq!(
            pointers,
            ["/S/allOf", "/S/allOf/0/allOf", "/S/allOf/2/allOf"]
        );
        assert_eq!(
            doc,
            json!({ "S": { "allOf": [
                { "allOf": [a] },
                { "$ref": "#/m" },
                { "title": "y", "allOf": [{ "$ref": "#/b" }] }
            ] } })
        );
        assert_eq!(leftovers(&doc), 0);
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
