//! Check → plan for polymorphic bases and composition cycles: each base
//! pattern becomes a [`TaggedUnion`] (applied by
//! [`crate::fixups::polymorphic_base`], emitted by
//! [`crate::client::emit::tagged_union_items`]); every other cycle of
//! `allOf`/`oneOf`/`anyOf` references is reported with its path, before
//! typify could recurse on it forever.

use crate::client::plan::{TaggedUnion, TaggedVariant};
use serde_json::Value;

use crate::diagnostic::{Diagnostic, Problems};
use crate::fixups::endless_merges::{self, Endless, merges};
use crate::fixups::{Expect, Ledger};
use crate::spec::{BasePattern, Spec};
use crate::upstream_names;

/// The tagged unions of `spec`; `notes` gets one line per base.
pub(crate) fn plan(spec: &Spec<'_>, notes: &mut Vec<crate::Diagnostic>) -> Vec<TaggedUnion> {
    let mut unions = Vec::new();
    // An inline union becomes ours only where a property tells its subtypes
    // apart (typify's untagged enum takes the first subtype that decodes)
    // and its name is free.
    let inline = spec.inline_unions().into_iter().filter(|pattern| {
        tag_property(pattern).is_some()
            && !spec.resolves(&crate::diagnostic::child(
                "/components/schemas",
                &pattern.base,
            ))
    });
    let mut inline_notes = Vec::new();
    for pattern in spec.base_patterns().into_iter().chain(inline) {
        let tag = tag_property(&pattern);
        let variants: Vec<TaggedVariant> = pattern
            .subtypes
            .iter()
            .map(|subtype| TaggedVariant {
                name: upstream_names::Schema::component(&subtype.name),
                value: tag
                    .as_ref()
                    .and_then(|tag| tag_value(&pattern, &subtype.name, tag)),
            })
            .collect();
        let how = match &tag {
            Some(tag) => format!("tagged by `{tag}`"),
            None => "untagged: no property tells the subtypes apart, so each is tried in order"
                .to_owned(),
        };
        let subtypes: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
        if pattern.inline {
            inline_notes.push((pattern.pointer.clone(), pattern.base.clone(), tag.clone()));
        } else {
            notes.push(spec.note(
                &pattern.pointer,
                &format!(
                    "polymorphic base `{}`: an enum of its subtypes ({}), {how}; each subtype keeps \
                     its own fields and required list, without the reference back to the base \
                     (fix-up `polymorphic_base`)",
                    pattern.base,
                    subtypes.join(", ")
                ),
            ));
        }
        unions.push(TaggedUnion {
            base: pattern.base.clone(),
            pointer: pattern.pointer.clone(),
            inline: pattern.inline,
            name: upstream_names::Schema::component(&pattern.base),
            tag,
            variants,
            back_references: pattern
                .subtypes
                .iter()
                .filter_map(|s| s.back_reference.map(|i| (s.name.clone(), i)))
                .collect(),
            description: spec
                .json()
                .pointer(&format!("{}/description", pattern.pointer))
                .and_then(|d| d.as_str())
                .map(str::to_owned),
        });
    }
    // One note for every inline union: each is the same decision.
    if let Some((pointer, _, _)) = inline_notes.first() {
        let listed: Vec<String> = inline_notes
            .iter()
            .map(|(_, name, tag)| match tag {
                Some(tag) => format!("`{name}` (by `{tag}`)"),
                None => format!("`{name}`"),
            })
            .collect();
        notes.push(spec.note(
            pointer,
            &format!(
                "{} inline `oneOf`s of components told apart by a property are enums chosen by it, \
                 instead of typify's enums that take the first subtype that decodes: {}",
                listed.len(),
                listed.join(", ")
            ),
        ));
    }
    unions
}

/// The base's discriminator property; else a property that is a one-value
/// enum in every subtype, with a different value in each (`type` first).
fn tag_property(pattern: &BasePattern) -> Option<String> {
    if let Some((property, _)) = &pattern.discriminator {
        return Some(property.clone());
    }
    let first = pattern.subtypes.first()?;
    let mut candidates: Vec<&String> = first.constants.keys().collect();
    candidates.sort_by_key(|p| (p.as_str() != "type", p.as_str()));
    candidates
        .into_iter()
        .find(|property| {
            let values: Option<Vec<&String>> = pattern
                .subtypes
                .iter()
                .map(|s| s.constants.get(*property))
                .collect();
            values.is_some_and(|values| {
                let mut unique = values.clone();
                unique.sort();
                unique.dedup();
                unique.len() == values.len()
            })
        })
        .cloned()
}

/// The tag's value for `subtype`: the discriminator's mapping, the
/// subtype's one-value enum, or (by OpenAPI's rule) the component's name.
fn tag_value(pattern: &BasePattern, subtype: &str, tag: &str) -> Option<String> {
    if let Some((_, mapping)) = &pattern.discriminator
        && let Some((value, _)) = mapping.iter().find(|(_, target)| target == subtype)
    {
        return Some(value.clone());
    }
    let own = pattern
        .subtypes
        .iter()
        .find(|s| s.name == subtype)
        .and_then(|s| s.constants.get(tag).cloned());
    own.or_else(|| pattern.discriminator.as_ref().map(|_| subtype.to_owned()))
}

/// Every cycle of `allOf`/`oneOf`/`anyOf` references that the base-pattern
/// fix-up does not break: no Rust type can hold it by value.
pub(crate) fn check_cycles(spec: &Spec<'_>, unions: &[TaggedUnion], problems: &mut Problems) {
    let broken: Vec<(String, String)> = unions
        .iter()
        .flat_map(|u| {
            u.back_references
                .iter()
                .map(|(subtype, _)| (subtype.clone(), u.base.clone()))
        })
        .collect();
    for (component, at, target) in spec.self_merging_all_ofs() {
        problems.push(spec.error(
            &at,
            format!(
                "schema `{component}` contains itself: this `allOf` merges `{target}`, which holds \
                 this same `allOf`, so the merged type would hold itself without end"
            ),
            "refer to the schema instead of merging it (a property `$ref`, held through a `Box`), \
             or merge only the fields you need",
        ));
    }
    let cycles = spec.composition_cycles(&broken);
    for cycle in cycles.iter().filter(|c| !c.holdable) {
        let mut path = cycle.components.clone();
        path.push(cycle.components[0].clone());
        let steps: Vec<String> = cycle.references.iter().map(|r| format!("#{r}")).collect();
        problems.push(spec.error(
            &cycle.references[0],
            format!(
                "schema `{}` contains itself through `allOf`/`oneOf`/`anyOf` with no way out: {} ({})",
                cycle.components[0],
                path.join(" → "),
                steps.join(", ")
            ),
            "no value can hold itself by value: make one step a property (an object holds it \
             through a `Box`) or an array item, or, for a base and its subtypes, list the \
             subtypes in the base's `oneOf` and have each subtype's `allOf` refer to the base",
        ));
    }
}

/// Makes `document` (the spec as progenitor reads it) one typify can merge:
/// a merged union with a member that accepts any value is read as its
/// schema's own fields (a note each); an `allOf` that typify would merge
/// without end, or too long, is an error, found before typify overflows its
/// stack or runs out of memory on it.
///
/// # Errors
/// One diagnostic per such `allOf`, at the schema holding it.
pub(crate) fn settle_merges(
    spec: &Spec<'_>,
    document: &mut Value,
    ledger: &mut Ledger,
) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let found = merges(document);
    let mut notes = Vec::new();
    for at in &found.widened {
        if let Some(Value::Object(schema)) = document.pointer_mut(at) {
            let keyword = if schema.contains_key("oneOf") {
                "oneOf"
            } else {
                "anyOf"
            };
            schema.remove(keyword);
            schema.remove("discriminator");
            notes.push(spec.note(
                at,
                &format!(
                    "this `{keyword}` has a member that accepts any value, so it accepts any \
                     value; an `allOf` merges it, which typify cannot do in bounded memory, so \
                     it is read as its schema's own fields"
                ),
            ));
        }
    }
    // Each union the walk read as widened is rewritten in the document.
    ledger.record(
        &endless_merges::FIXUP,
        Expect::Exactly(found.widened.len()),
        notes.len(),
    );
    let mut problems = Problems::default();
    for cycle in &found.inlining {
        let mut path = cycle.components.clone();
        path.push(cycle.components[0].clone());
        let steps: Vec<String> = cycle.references.iter().map(|r| format!("#{r}")).collect();
        problems.push(spec.error(
            &cycle.references[0],
            format!(
                "schema `{}` takes its own fields in without end: {} ({}); typify copies a \
                 merged schema's fields into a new type, which merges again",
                cycle.components[0],
                path.join(" merges "),
                steps.join(", ")
            ),
            "refer to the schema instead of merging it (a property `$ref`, held through a \
             `Box`), or merge only the fields you need",
        ));
    }
    for endless in found.endless {
        let message = match &endless.why {
            Endless::Cycle(through) => format!(
                "typify cannot merge this schema: merging its `allOf` (or its union with its \
                 own fields) comes back to merging {} again, without end",
                through
                    .iter()
                    .map(|p| format!("`#{p}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Endless::TooLarge => "typify cannot merge this schema in reasonable time and memory: \
                 its `allOf` merges unions with unions, and the merge grows as the product of \
                 their members"
                .to_owned(),
        };
        problems.push(spec.error(
            &endless.at,
            message,
            "merge fewer schemas: refer to a recursive schema through a property instead of \
             merging it, and list a union's members once instead of merging unions together",
        ));
    }
    problems.finish(notes)
}
