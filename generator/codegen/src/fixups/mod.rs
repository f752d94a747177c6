//! Fix-ups: workarounds for what progenitor and typify get wrong for us, all
//! here, one per file. Each names the upstream issue it works around and
//! returns how often it changed something; the plan says how often it should
//! have (one per path parameter, say), and [`Ledger::check`] fails the
//! generation, naming the fix-up, when the two disagree. An upgrade of
//! progenitor that changes the shape a fix-up looks for then stops codegen
//! with a message saying which workaround to revisit, instead of silently
//! generating what the workaround was for.
//!
//! | fix-up | applies to | upstream |
//! |---|---|---|
//! | [`lenient_timestamps`] | the spec progenitor reads | typify#251 |
//! | [`client_constructors`] | progenitor's client | none filed; progenitor-impl `Generator::generate_tokens` |
//! | [`any_of_values`] | the spec progenitor reads | none filed; typify-impl `convert.rs` (`convert_any_of` flattens members that are not objects) |
//! | [`combined_unions`] | the spec progenitor reads | none filed; typify-impl `convert.rs` (`assert!` on `anyOf` beside `oneOf`) |
//! | [`field_names`] | the spec progenitor reads, then its `types` | none filed; typify-impl `structs.rs` (`struct_property`) |
//! | [`nullable_unions`] | the spec progenitor reads | none filed; typify-impl `convert.rs` (a nullable named union) |
//! | [`polymorphic_base`] | the spec progenitor reads | typify#415, progenitor#1252 |
//! | [`success_union`] | progenitor's client (`send`) | progenitor-impl `method.rs` (one response type) |
//! | [`responses`] | the spec progenitor reads | progenitor-impl `method.rs` (`assert!(response_types.len() <= 1)`) |
//! | [`deep_references`] | the spec, as it is read | none filed; typify-impl resolves a schema `$ref` to a whole component only, progenitor-impl a parameter, response or body `$ref` to a whole component |
//! | [`repeated_all_of_members`] | the spec, as it is read | none filed; typify-impl `merge.rs` (each copy of an `allOf` member merged with the others) |
//! | [`request_subset`] | a published spec, as it is read | none filed; progenitor-impl `method.rs` (`get_body_param`, `BodyContentType::from_str`; the query styles and parameter places it sends) |
//! | [`type_name_clashes`] | the spec, as it is read | none filed; typify-impl `type_entry.rs`/`util.rs` (a type is named from its component name or `title`, and two of one name are not told apart) |
//! | [`endless_merges`] | the spec progenitor reads | none filed; typify-impl `merge.rs` (a merge remembers nothing: it recurses without end, and unions merged with unions grow as the product of their members) |
//!
//! The fix-ups of the spec as it is read run in the spec layer
//! (`Spec::published`), since what is planned from the spec must see their
//! result; they are counted from [`crate::spec::Spec::fixups`], and checked
//! by what they leave in the document progenitor reads: none of the shape
//! each removes may be left ([`Ledger::record_leftovers`]).
//!
//! Not a fix-up, so not here: the client's httpmock helpers are written by
//! `client::mock`, not by progenitor's second pass, and do what progenitor's
//! get wrong (a path parameter escaped, an array query parameter matched per
//! element, progenitor#1260) from the start.
//!
//! Not a rewrite, so not here: progenitor sends `api-version` on every
//! request (progenitor#1120); the client hook in
//! `templates/client_impl.rs` removes it where the spec does not declare it.

pub(crate) mod any_of_values;
pub(crate) mod client_constructors;
pub(crate) mod combined_unions;
pub(crate) mod deep_references;
pub(crate) mod endless_merges;
pub(crate) mod field_names;
pub(crate) mod lenient_timestamps;
pub(crate) mod nullable_unions;
pub(crate) mod polymorphic_base;
pub(crate) mod repeated_all_of_members;
pub(crate) mod request_subset;
pub(crate) mod responses;
pub(crate) mod success_union;
pub(crate) mod type_name_clashes;

use crate::diagnostic::Diagnostic;

/// A fix-up: its name (its file under `fixups/`) and the upstream issue or
/// code it works around.
#[derive(Debug)]
pub(crate) struct FixUp {
    pub(crate) name: &'static str,
    pub(crate) upstream: &'static str,
}

/// How often a fix-up should apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Expect {
    /// Exactly this often: one change per construct of the spec.
    Exactly(usize),
    /// At least this often: the construct can also occur where the plan does
    /// not count it.
    AtLeast(usize),
}

/// How often one fix-up applied in one crate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FixUpCount {
    /// The fix-up, e.g. `path_param_matchers`.
    pub name: &'static str,
    /// How often it changed something.
    pub applied: usize,
}

/// The fix-ups run for one crate, with what was expected of each.
#[derive(Debug, Default)]
pub(crate) struct Ledger {
    entries: Vec<(&'static FixUp, Expect, usize)>,
    /// How often each fix-up of the spec as it is read changed it; checked
    /// by its leftovers, not by an expectation.
    rewrites: Vec<(&'static FixUp, usize)>,
    /// What a fix-up should have removed and is still there: the fix-up,
    /// how many, what, and where (`progenitor's output`).
    leftovers: Vec<(&'static FixUp, usize, &'static str, &'static str)>,
}

/// How many objects of `document` are schemas for which `found` holds, at
/// any depth, outside example values and enum lists. Reads the document as
/// it is: a fix-up counts what it will rewrite without copying it.
pub(crate) fn count_schemas(
    document: &serde_json::Value,
    found: &impl Fn(&serde_json::Map<String, serde_json::Value>) -> bool,
) -> usize {
    use serde_json::Value;
    match document {
        Value::Object(map) => {
            usize::from(found(map))
                + map
                    .iter()
                    .filter(|(key, _)| holds_schemas(key))
                    .map(|(_, value)| count_schemas(value, found))
                    .sum::<usize>()
        }
        Value::Array(items) => items.iter().map(|item| count_schemas(item, found)).sum(),
        _ => 0,
    }
}

/// Whether the member `key` of an object may hold schemas: not an example
/// value or an enum list, whose objects are data.
pub(crate) fn holds_schemas(key: &str) -> bool {
    !matches!(key, "example" | "examples" | "default" | "enum")
}

/// Where progenitor's output is, for [`Ledger::record_leftovers`].
pub(crate) const PROGENITOR_OUTPUT: &str = "progenitor's output";
/// Where the document progenitor reads is, for [`Ledger::record_leftovers`].
pub(crate) const PROGENITOR_INPUT: &str = "the document progenitor reads";

impl Ledger {
    /// Records that `fixup` applied `applied` times where `expect` was
    /// expected.
    pub(crate) fn record(&mut self, fixup: &'static FixUp, expect: Expect, applied: usize) {
        self.entries.push((fixup, expect, applied));
    }

    /// Adds the records of `other` (kept apart while its fix-ups ran on
    /// another thread) after this ledger's.
    pub(crate) fn append(&mut self, other: Ledger) {
        self.entries.extend(other.entries);
        self.rewrites.extend(other.rewrites);
        self.leftovers.extend(other.leftovers);
    }

    /// Records that a fix-up of the spec as it is read changed it `applied`
    /// times ([`crate::spec::Spec::fixups`]).
    pub(crate) fn record_rewrites(&mut self, fixup: &'static FixUp, applied: usize) {
        self.rewrites.push((fixup, applied));
    }

    /// Records that, after `fixup`, `place` ([`PROGENITOR_OUTPUT`],
    /// [`PROGENITOR_INPUT`]) still holds `count` of `what` (the shape the
    /// fix-up is there to remove).
    pub(crate) fn record_leftovers(
        &mut self,
        fixup: &'static FixUp,
        count: usize,
        what: &'static str,
        place: &'static str,
    ) {
        self.leftovers.push((fixup, count, what, place));
    }

    /// How often each fix-up applied, for the report; those that applied
    /// nowhere (as expected: the spec has no such construct) are left out.
    pub(crate) fn counts(&self) -> Vec<FixUpCount> {
        self.rewrites
            .iter()
            .map(|(fixup, applied)| (fixup, applied))
            .chain(
                self.entries
                    .iter()
                    .map(|(fixup, _, applied)| (fixup, applied)),
            )
            .filter(|(_, applied)| **applied > 0)
            .map(|(fixup, applied)| FixUpCount {
                name: fixup.name,
                applied: *applied,
            })
            .collect()
    }

    /// Every fix-up that applied other than expected, as a diagnostic on
    /// `spec_path`.
    ///
    /// # Errors
    /// One diagnostic per such fix-up: the spec is fine, upstream changed.
    pub(crate) fn check(&self, spec_path: &str) -> Result<(), Vec<Diagnostic>> {
        let failed: Vec<Diagnostic> = self
            .entries
            .iter()
            .filter(|(_, expect, applied)| match expect {
                Expect::Exactly(n) => applied != n,
                Expect::AtLeast(n) => applied < n,
            })
            .map(|(fixup, expect, applied)| {
                let expected = match expect {
                    Expect::Exactly(n) => format!("{n}"),
                    Expect::AtLeast(n) => format!("at least {n}"),
                };
                let what = if *applied == 0 {
                    "never applied".to_owned()
                } else {
                    format!("applied {applied} time(s)")
                };
                Diagnostic {
                    severity: crate::diagnostic::Severity::Error,
                    file: spec_path.to_owned(),
                    location: None,
                    message: format!(
                        "fix-up `{}` {what}, where {expected} were expected: the code it rewrites no \
                         longer has the shape it works around",
                        fixup.name
                    ),
                    help: format!(
                        "progenitor or typify changed: see {}; if upstream fixed it, delete \
                         generator/codegen/src/fixups/{}.rs and its use, otherwise teach it the new shape",
                        fixup.upstream, fixup.name
                    ),
                }
            })
            .collect();
        let left = self.leftovers.iter().filter(|(_, count, _, _)| *count > 0);
        let failed: Vec<Diagnostic> = failed
            .into_iter()
            .chain(left.map(|(fixup, count, what, place)| Diagnostic {
                severity: crate::diagnostic::Severity::Error,
                file: spec_path.to_owned(),
                location: None,
                message: format!(
                    "fix-up `{}` ran, and {place} still holds {count} {what}: it no longer \
                     catches every case it works around",
                    fixup.name
                ),
                help: format!(
                    "progenitor or typify changed: see {}; teach generator/codegen/src/fixups/{}.rs the new shape",
                    fixup.upstream, fixup.name
                ),
            }))
            .collect();
        if failed.is_empty() {
            Ok(())
        } else {
            Err(failed)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static SAMPLE: FixUp = FixUp {
        name: "sample",
        upstream: "https://example.invalid/issues/1",
    };

    #[test]
    fn a_fix_up_that_never_applies_fails_naming_itself() {
        let mut ledger = Ledger::default();
        ledger.record(&SAMPLE, Expect::Exactly(2), 0);
        let failed = ledger.check("specs/x.yaml").expect_err("never applied");
        assert_eq!(failed.len(), 1);
        assert_eq!(
            failed[0].to_string(),
            "specs/x.yaml: error: fix-up `sample` never applied, where 2 were expected: the code it \
             rewrites no longer has the shape it works around\n  help: progenitor or typify changed: \
             see https://example.invalid/issues/1; if upstream fixed it, delete \
             generator/codegen/src/fixups/sample.rs and its use, otherwise teach it the new shape"
        );
    }

    #[test]
    fn expectations_are_exact_or_a_floor() {
        let mut ledger = Ledger::default();
        ledger.record(&SAMPLE, Expect::Exactly(2), 2);
        ledger.record(&SAMPLE, Expect::AtLeast(1), 3);
        ledger.record(&SAMPLE, Expect::Exactly(0), 0);
        assert_eq!(ledger.check("s"), Ok(()));
        assert_eq!(
            ledger.counts(),
            [
                FixUpCount {
                    name: "sample",
                    applied: 2
                },
                FixUpCount {
                    name: "sample",
                    applied: 3
                },
            ],
            "one that applied nowhere, as expected, is not listed"
        );
        ledger.record(&SAMPLE, Expect::Exactly(1), 2);
        let failed = ledger.check("s").expect_err("too often");
        assert!(
            failed[0]
                .message
                .contains("applied 2 time(s), where 1 were expected")
        );
    }

    #[test]
    fn what_a_fix_up_should_have_removed_fails_when_left() {
        let mut ledger = Ledger::default();
        ledger.record_leftovers(&SAMPLE, 0, "`X`s", PROGENITOR_OUTPUT);
        assert_eq!(ledger.check("s"), Ok(()));
        ledger.record_leftovers(&SAMPLE, 2, "`X`s", PROGENITOR_OUTPUT);
        let failed = ledger.check("specs/x.yaml").expect_err("two left");
        assert!(
            failed[0].to_string().starts_with(
                "specs/x.yaml: error: fix-up `sample` ran, and progenitor's output still holds 2 `X`s"
            ),
            "{}",
            failed[0]
        );
    }

    #[test]
    fn leftovers_name_where_they_are_and_rewrites_are_counted() {
        let mut ledger = Ledger::default();
        ledger.record_rewrites(&SAMPLE, 3);
        ledger.record_leftovers(&SAMPLE, 1, "`Y`s", PROGENITOR_INPUT);
        assert_eq!(
            ledger.counts(),
            [FixUpCount {
                name: "sample",
                applied: 3
            }]
        );
        let failed = ledger.check("specs/x.yaml").expect_err("a leftover");
        assert_eq!(failed.len(), 1);
        assert!(
            failed[0].message.starts_with(
                "fix-up `sample` ran, and the document progenitor reads still holds 1 `Y`s"
            ),
            "{}",
            failed[0].message
        );
    }
}
