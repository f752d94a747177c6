//! The document progenitor reads: the spec, with every inline string enum
//! moved into `components/schemas` (so that typify can be handed our enum
//! for it by name), and the spec-level fix-ups applied.

use serde_json::Value;

use crate::client::plan::ClientPlan;
use crate::fixups::{self, Expect, Ledger};
use crate::spec::{Spec, rewrite};

/// The spec as progenitor is to read it.
pub(crate) fn document(spec: &Spec<'_>, plan: &ClientPlan, ledger: &mut Ledger) -> Value {
    let mut document = spec.json().clone();
    for found in plan.enums.iter().filter(|e| e.inline) {
        rewrite::hoist(&mut document, spec.json(), &found.pointer, &found.name);
    }
    let date_times = spec
        .schema_sites()
        .iter()
        .filter(|site| {
            spec.schema_at(&site.pointer)
                .is_some_and(|s| s.is_date_time())
        })
        .count();
    let applied = fixups::lenient_timestamps::apply(&mut document);
    // Date-times also occur where typify makes no type of their own (a
    // parameter's schema, say): at least one per site.
    ledger.record(
        &fixups::lenient_timestamps::FIXUP,
        Expect::AtLeast(date_times),
        applied,
    );
    document
}
