//! The document progenitor reads: the spec, with every inline string enum
//! moved into `components/schemas` (so that typify can be handed our enum
//! for it by name), and the spec-level fix-ups applied.

use serde_json::Value;

use crate::client::plan::{ClientPlan, ResponsePlan};
use crate::fixups::{self, Expect, Ledger};
use crate::spec::{Spec, rewrite};

/// The spec as progenitor is to read it.
pub(crate) fn document(spec: &Spec<'_>, plan: &ClientPlan, ledger: &mut Ledger) -> Value {
    let mut document = spec.json().clone();
    for found in plan.enums.iter().filter(|e| e.inline) {
        for at in std::iter::once(&found.pointer).chain(&found.also) {
            rewrite::hoist(&mut document, spec.json(), at, &found.name);
        }
    }
    // An inline union, so that typify is handed our enum for it by name.
    for union in plan.tagged_unions.iter().filter(|u| u.inline) {
        rewrite::hoist(&mut document, spec.json(), &union.pointer, &union.name);
    }
    let date_times = spec
        .schema_sites()
        .iter()
        .filter(|site| {
            spec.schema_at(&site.pointer)
                .is_some_and(|s| s.is_date_time())
        })
        .count();
    let back_references = plan
        .tagged_unions
        .iter()
        .map(|u| u.back_references.len())
        .sum();
    let removed = fixups::polymorphic_base::apply(&mut document, &plan.tagged_unions);
    ledger.record(
        &fixups::polymorphic_base::FIXUP,
        Expect::Exactly(back_references),
        removed,
    );
    // Counted on the document as it now is: an `anyOf` our plan took over
    // (an open enum, hoisted as ours) is no longer there to rewrite.
    let values = fixups::any_of_values::count(&document);
    let read = fixups::any_of_values::apply(&mut document);
    ledger.record(&fixups::any_of_values::FIXUP, Expect::Exactly(values), read);
    // Counted and applied by one walk, so the two agree by construction:
    // what the walk leaves is the check that can fail. (Before
    // `combined_unions`, which splits an `anyOf` off a `oneOf` beside it.)
    ledger.record_leftovers(
        &fixups::any_of_values::FIXUP,
        fixups::any_of_values::count(&document),
        "`anyOf`(s) with a member that is not an object",
        fixups::PROGENITOR_INPUT,
    );
    let combined = fixups::combined_unions::count(&document);
    let rewritten = fixups::combined_unions::apply(&mut document);
    ledger.record(
        &fixups::combined_unions::FIXUP,
        Expect::Exactly(combined),
        rewritten,
    );
    ledger.record_leftovers(
        &fixups::combined_unions::FIXUP,
        fixups::combined_unions::count(&document),
        "schema(s) with both `anyOf` and `oneOf`",
        fixups::PROGENITOR_INPUT,
    );
    let ours: Vec<String> = plan.tagged_unions.iter().map(|u| u.name.clone()).collect();
    let unions = fixups::nullable_unions::sites(&document, &ours);
    let moved = fixups::nullable_unions::apply(&mut document, &unions);
    ledger.record(
        &fixups::nullable_unions::FIXUP,
        Expect::Exactly(unions.len()),
        moved,
    );
    let mut applied = fixups::lenient_timestamps::apply(&mut document);
    responses(spec, plan, &mut document, ledger);
    // The responses are rewritten from the spec as written: the date-times
    // of the schemas they move are dropped there.
    applied += fixups::lenient_timestamps::apply(&mut document);
    // Date-times also occur where typify makes no type of their own (a
    // parameter's schema, say): at least one per site.
    ledger.record(
        &fixups::lenient_timestamps::FIXUP,
        Expect::AtLeast(date_times),
        applied,
    );
    document
}

/// The responses of every operation whose plan changes them.
fn responses(spec: &Spec<'_>, plan: &ClientPlan, document: &mut Value, ledger: &mut Ledger) {
    let operations = spec.operations();
    let mut expected = 0;
    let mut applied = 0;
    for planned in &plan.operations {
        if planned.responses == ResponsePlan::default() {
            continue;
        }
        expected += 1;
        let Some(op) = operations.iter().find(|op| op.pointer == planned.pointer) else {
            continue;
        };
        let written: fixups::responses::Responses = op
            .responses()
            .iter()
            .map(|r| (r.status.to_owned(), r.resolved().clone()))
            .collect();
        applied += usize::from(fixups::responses::apply(
            document,
            &planned.pointer,
            &written,
            &planned.responses,
        ));
    }
    ledger.record(
        &fixups::responses::FIXUP,
        Expect::Exactly(expected),
        applied,
    );
}
