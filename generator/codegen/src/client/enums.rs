//! Forward-compatible string enums: which schemas become one, checked.
//!
//! typify turns a string `enum` into a closed Rust enum whose deserializer
//! fails on any value the spec does not list, so one new value from a
//! provider would make a whole response undecodable. Following async-stripe
//! and smithy-rs, every string enum becomes a `#[non_exhaustive]` Rust enum
//! with one variant per listed value plus `Unknown(String)`, which keeps any
//! other value verbatim.
//!
//! Two kinds of list are recognised:
//! - `enum: [...]`: a closed list, the values the docs give as complete;
//! - `x-extensible-enum: [...]` (Zalando's API guidelines) on a `type: string`
//!   schema: an open vocabulary, where the docs name examples ("e.g.") and
//!   other values are expected.
//!
//! How it plugs into progenitor: each inline enum is moved into
//! `components/schemas` under the name typify would give it where it is
//! ([`crate::client::prepare`]), then handed to typify as a replacement by our
//! own type ([`crate::client::emit`]).

use crate::client::plan::StringEnum;
use crate::diagnostic::{Diagnostic, Problems};
use crate::names;
use crate::spec::{EnumDeclaration, EnumItem, Schema, SchemaSite, Spec};

/// Every string enum of `spec`, in document order. An inline enum whose
/// name another schema has is named apart (`ThreadStatus2`), or, when it
/// lists the same values as an inline enum of that name, is that enum.
///
/// # Errors
/// Lists that cannot make a Rust enum. In a published spec (not one we
/// transcribe) such a list is left to typify instead, noted.
pub(crate) fn read(
    spec: &Spec<'_>,
    notes: &mut Vec<crate::Diagnostic>,
) -> Result<Vec<StringEnum>, Vec<Diagnostic>> {
    let lenient = spec.transcribed_from().is_empty();
    let mut problems = Problems::default();
    let mut enums: Vec<StringEnum> = Vec::new();
    // The components' type names, made once (for the first inline enum).
    let mut components: Option<std::collections::BTreeSet<String>> = None;
    for site in spec.schema_sites() {
        let Some(schema) = spec.schema_at(&site.pointer) else {
            continue;
        };
        let mut found_here = Problems::default();
        let found = read_enum(spec, site, &schema, &mut found_here);
        match found_here.finish(()) {
            Ok(()) => {}
            Err(found) if lenient => {
                notes.extend(found.iter().map(|d| {
                    let at = d.location.as_ref().map_or("", |l| l.pointer.as_str());
                    spec.note(at, &format!("{}: the list is left to typify", d.message))
                }));
                continue;
            }
            Err(found) => {
                problems.extend(found);
                continue;
            }
        }
        let Some(mut found) = found else {
            continue;
        };
        if site.inline {
            // The same list under the same name (a response's `code` in
            // every error status): one enum for all its places.
            if let Some(same) = enums.iter_mut().find(|e| {
                e.inline && e.name == found.name && e.values == found.values && e.open == found.open
            }) {
                same.also.push(found.pointer);
                continue;
            }
            // A component whose type name this is (`status` is `Status`):
            // typify would take our enum for it.
            let components = components.get_or_insert_with(|| {
                spec.keys_at("/components/schemas")
                    .into_iter()
                    .map(crate::upstream_names::Schema::component)
                    .collect::<std::collections::BTreeSet<String>>()
            });
            let taken =
                |name: &str| components.contains(name) || enums.iter().any(|e| e.name == name);
            if taken(&found.name) {
                let Some(name) = (2..)
                    .map(|n| format!("{}{n}", found.name))
                    .find(|name| !taken(name))
                else {
                    continue;
                };
                notes.push(spec.note(
                    &site.pointer,
                    &format!(
                        "this inline enum would be named `{}`, a name another schema has: it is \
                         named `{name}`",
                        found.name
                    ),
                ));
                found.name = name;
            }
        }
        enums.push(found);
    }
    problems.finish(enums)
}

/// The enum at `site`, if the schema there is a string enum that can make one.
fn read_enum(
    spec: &Spec<'_>,
    site: &SchemaSite,
    schema: &Schema<'_>,
    problems: &mut Problems,
) -> Option<StringEnum> {
    let (items, open) = match schema.enum_declaration() {
        EnumDeclaration::None => return None,
        EnumDeclaration::Both => {
            problems.push(spec.error(
                &site.pointer,
                "a schema has both `enum` and `x-extensible-enum`",
                "use `enum` for a closed list of values, `x-extensible-enum` for an open vocabulary, not both",
            ));
            return None;
        }
        EnumDeclaration::Closed(items) => (items, false),
        EnumDeclaration::Open(items) => (items, true),
    };
    let key = if open { "x-extensible-enum" } else { "enum" };
    let at = format!("{}/{key}", site.pointer);
    let Some(items) = items else {
        problems.push(spec.error(
            &at,
            format!("`{key}` must be a list"),
            "write the values as a YAML list",
        ));
        return None;
    };
    // A list of numbers on a schema that says so is left to typify.
    let string_typed = matches!(schema.ty(), Some("string") | None);
    let mut values = Vec::new();
    let only_null = items.iter().all(|i| matches!(i, EnumItem::Null)) && !items.is_empty();
    for item in items {
        match item {
            EnumItem::Text(value) => values.push(value.to_owned()),
            EnumItem::Null => {} // `null` in a nullable enum: the field is an Option.
            EnumItem::Other(_) if !string_typed => return None,
            EnumItem::Other(shown) => {
                problems.push(spec.error(
                    &at,
                    format!("`{key}` holds {shown}, which is not a string"),
                    "list string values only, or give the schema the type its values have",
                ));
                return None;
            }
        }
    }
    if !string_typed || only_null || (values.is_empty() && schema.ty().is_none()) {
        // Numbers, or only `null` (Dropshot's `enum: [null]`): typify's.
        return None;
    }
    if values.is_empty() {
        problems.push(spec.error(
            &at,
            format!("`{key}` lists no string value"),
            "list the values the docs give, or remove the list and keep `type: string`",
        ));
        return None;
    }
    // In a spec we transcribe, two values that make one variant are a
    // mistake to look at; a published one is generated with the later
    // variant numbered (`names::variant_names`).
    let variants: Vec<String> = values.iter().map(|v| names::variant_name(v)).collect();
    for (i, variant) in variants.iter().enumerate() {
        if let Some(j) = variants[..i].iter().position(|v| v == variant) {
            if spec.transcribed_from().is_empty() {
                break;
            }
            problems.push(spec.error(
                &format!("{at}/{i}"),
                format!("values `{}` and `{}` both become the Rust variant `{variant}`", values[j], values[i]),
                "remove the duplicate, or put the type in `components/schemas` and use distinct values",
            ));
            return None;
        }
    }
    Some(StringEnum {
        name: site.name.clone(),
        values,
        open,
        description: schema.description().map(str::to_owned),
        pointer: site.pointer.clone(),
        also: Vec::new(),
        inline: site.inline,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::tests::{MINIMAL, with_spec};

    /// The enums of `schemas` in a spec we transcribe (held to the letter).
    fn enums_of(schemas: &str) -> Result<Vec<StringEnum>, Vec<String>> {
        let text = format!(
            "{MINIMAL}  x-transcribed-from: [t.txt]\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
        );
        with_spec(&text, |spec| {
            read(spec, &mut Vec::new())
                .map_err(|found| found.iter().map(ToString::to_string).collect())
        })
    }

    #[test]
    fn closed_and_open_lists_become_enums_named_where_they_sit() {
        let enums = enums_of(
            "    Thread:\n      type: object\n      properties:\n        status: { type: string, description: Now., enum: [open, closed, null] }\n        \
             channel: { type: string, x-extensible-enum: [web] }\n        count: { type: integer, enum: [1, 2] }\n",
        )
        .expect("valid enums");
        let seen: Vec<(&str, &[String], bool, bool)> = enums
            .iter()
            .map(|e| (e.name.as_str(), e.values.as_slice(), e.open, e.inline))
            .collect();
        assert_eq!(
            seen,
            [
                (
                    "ThreadStatus",
                    &["open".to_owned(), "closed".to_owned()][..],
                    false,
                    true
                ),
                ("ThreadChannel", &["web".to_owned()][..], true, true),
            ]
        );
        assert_eq!(enums[0].description.as_deref(), Some("Now."));
        assert_eq!(
            enums[0].pointer,
            "/components/schemas/Thread/properties/status"
        );
    }

    #[test]
    fn lists_that_cannot_make_an_enum_are_reported_where_they_are() {
        let problems = enums_of(
            "    A: { type: string, enum: [a], x-extensible-enum: [b] }\n    B: { type: string, enum: [x, 3] }\n    \
             C: { type: string, enum: [] }\n    D: { type: string, enum: [ai-agent, ai_agent] }\n    E: { type: string, x-extensible-enum: open }\n",
        )
        .expect_err("five bad lists");
        let first_lines: Vec<&str> = problems.iter().filter_map(|p| p.lines().next()).collect();
        assert_eq!(
            first_lines,
            [
                "specs/t.yaml:9:5: error: a schema has both `enum` and `x-extensible-enum`",
                "specs/t.yaml:10:24: error: `enum` holds 3, which is not a string",
                "specs/t.yaml:11:24: error: `enum` lists no string value",
                "specs/t.yaml:12:41: error: values `ai-agent` and `ai_agent` both become the Rust variant `AiAgent`",
                "specs/t.yaml:13:24: error: `x-extensible-enum` must be a list",
            ]
        );
    }

    #[test]
    fn in_a_published_spec_a_list_that_cannot_make_an_enum_is_left_to_typify_or_numbered() {
        let text = format!(
            "{MINIMAL}paths: {{}}\ncomponents:\n  schemas:\n    B: {{ type: string, enum: [x, 3] }}\n    \
             D: {{ type: string, enum: [ai-agent, ai_agent] }}\n    E: {{ type: string, enum: [e] }}\n"
        );
        let mut notes = Vec::new();
        let enums = with_spec(&text, |spec| read(spec, &mut notes)).expect("no refusal");
        let names: Vec<&str> = enums.iter().map(|e| e.name.as_str()).collect();
        // `D`'s values make one variant: it is ours, numbered.
        assert_eq!(names, ["D", "E"]);
        let notes: Vec<String> = notes.iter().map(ToString::to_string).collect();
        assert_eq!(
            notes,
            [
                "specs/t.yaml:8:24: `enum` holds 3, which is not a string: the list is left to typify"
            ]
        );
    }

    #[test]
    fn an_inline_enum_is_named_apart_from_a_component_or_shares_an_equal_one() {
        let text = format!(
            "{MINIMAL}paths: {{}}\ncomponents:\n  schemas:\n    Thread:\n      type: object\n      properties:\n        \
             status: {{ type: string, enum: [a] }}\n    thread_status: {{ type: object }}\n    Reply:\n      \
             type: object\n      properties:\n        kind: {{ type: string, enum: [x, y] }}\n    Reply_:\n      \
             type: object\n      properties:\n        kind: {{ type: string, enum: [x, y] }}\n"
        );
        let mut notes = Vec::new();
        let enums = with_spec(&text, |spec| read(spec, &mut notes)).expect("named apart");
        let named: Vec<(&str, &str, &[String])> = enums
            .iter()
            .map(|e| (e.name.as_str(), e.pointer.as_str(), e.also.as_slice()))
            .collect();
        assert_eq!(
            named,
            [
                (
                    "ThreadStatus2",
                    "/components/schemas/Thread/properties/status",
                    &[][..]
                ),
                (
                    "ReplyKind",
                    "/components/schemas/Reply/properties/kind",
                    &["/components/schemas/Reply_/properties/kind".to_owned()][..]
                ),
            ]
        );
        let notes: Vec<String> = notes.iter().map(ToString::to_string).collect();
        assert_eq!(
            notes,
            [
                "specs/t.yaml:11:9: this inline enum would be named `ThreadStatus`, a name another schema has: it is named `ThreadStatus2`"
            ]
        );
    }
}
