//! typify decodes `type: string, format: date-time` into
//! `chrono::DateTime<Utc>`, so one odd timestamp from a provider would fail
//! the whole response. Such fields are generated as text instead: the format
//! is dropped before progenitor sees the spec, and noted in the field's docs.
//! The normalized model parses them, and an unparseable one becomes `null`
//! there.
//!
//! Ref: <https://github.com/oxidecomputer/typify/issues/251> (replacing chrono
//! types: answered with conversion overrides, which match a schema exactly
//! and so miss a date-time with a description or `maxLength`); the type comes
//! from typify-impl `convert.rs`, `TypeSpace::convert_string`.

use serde_json::Value;

use super::FixUp;

pub(crate) static FIXUP: FixUp = FixUp {
    name: "lenient_timestamps",
    upstream: "https://github.com/oxidecomputer/typify/issues/251",
};

/// What the field's docs say of the dropped format.
const NOTE: &str = "An RFC 3339 date-time (`format: date-time`), kept as the provider's text so that an odd value cannot fail the response.";

/// Drops `format: date-time` from every string schema of `document` (not in
/// examples, which are data); returns how many it changed.
pub(crate) fn apply(document: &mut Value) -> usize {
    rewrite(document, false)
}

/// `in_properties`: `node` is a `properties` map, whose keys are property
/// names (a property may be called `example`).
fn rewrite(node: &mut Value, in_properties: bool) -> usize {
    match node {
        Value::Object(map) => {
            let mut applied = 0;
            if map.get("format").and_then(Value::as_str) == Some("date-time")
                && map.get("type").and_then(Value::as_str) == Some("string")
            {
                map.remove("format");
                let description = match map.get("description").and_then(Value::as_str) {
                    Some(d) => format!("{}\n\n{NOTE}", d.trim()),
                    None => NOTE.to_owned(),
                };
                map.insert("description".into(), Value::String(description));
                applied += 1;
            }
            for (key, child) in map.iter_mut() {
                let is_example = !in_properties && (key == "example" || key == "examples");
                if !is_example {
                    applied += rewrite(child, !in_properties && key == "properties");
                }
            }
            applied
        }
        Value::Array(items) => items.iter_mut().map(|item| rewrite(item, false)).sum(),
        _ => 0,
    }
}

/// How many `chrono::DateTime`s typify generated all the same, in
/// progenitor's client: each a date-time the rewrite missed (typify found it
/// another way). Counted on the walk that reads the crates the client uses
/// ([`roots_and_leftovers`]); this is that count alone.
#[cfg(test)]
pub(crate) fn leftovers(client: &syn::File) -> usize {
    roots_and_leftovers(client).1
}

/// The crates `code` names, and how many `chrono::DateTime`s it holds
/// ([`in_path`] shown each of its paths): one walk of the tree.
pub(crate) fn roots_and_leftovers(code: &syn::File) -> (crate::manifest::PathRoots, usize) {
    let mut count = 0;
    let roots = crate::manifest::PathRoots::of_file_with(code, &mut |path| count += in_path(path));
    (roots, count)
}

/// The `chrono::DateTime`s `path` names (`::chrono::DateTime<…>`: one).
pub(crate) fn in_path(path: &syn::Path) -> usize {
    let idents = path.segments.iter().map(|s| &s.ident);
    idents
        .clone()
        .zip(idents.skip(1))
        .filter(|(a, b)| *a == "chrono" && *b == "DateTime")
        .count()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn drops_the_format_notes_it_and_leaves_examples_alone() {
        let mut document = json!({
            "a": { "type": "string", "format": "date-time", "description": " When. " },
            "b": { "type": "array", "items": { "type": "string", "format": "date-time" } },
            "c": { "type": "string", "format": "date" },
            "example": { "type": "string", "format": "date-time" },
            "properties": { "example": { "type": "string", "format": "date-time" } },
        });
        assert_eq!(
            apply(&mut document),
            3,
            "a property named `example` is a schema"
        );
        assert_eq!(
            document["a"],
            json!({ "type": "string", "description": format!("When.\n\n{NOTE}") })
        );
        assert_eq!(
            document["b"]["items"],
            json!({ "type": "string", "description": NOTE })
        );
        assert_eq!(document["c"]["format"], "date");
        assert_eq!(document["example"]["format"], "date-time");
        assert_eq!(apply(&mut document), 0, "nothing left to change");
    }

    #[test]
    fn a_date_time_typify_still_generated_is_a_leftover() {
        let file: syn::File = syn::parse_quote! {
            pub struct A { pub at: ::chrono::DateTime<::chrono::offset::Utc>, pub on: chrono::NaiveDate }
            pub enum B { At(Option<chrono::DateTime<chrono::Utc>>) }
        };
        assert_eq!(leftovers(&file), 2);
    }
}
