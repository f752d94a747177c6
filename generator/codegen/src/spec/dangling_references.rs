//! In a published spec, a `$ref` to a component schema the document does
//! not define: read as any JSON value, noted. A leniency of the spec layer
//! (in a spec we transcribe, `client::check` reports it), not a workaround.

use serde_json::Value;

use super::{Finding, references, resolves};

const SCHEMAS: &str = "#/components/schemas/";

/// In a published spec, a `$ref` to a component schema the document does not
/// define (Intercom's `#/components/schemas/custom_attributes`) is read as
/// any JSON value, noted: nothing the spec says is lost, and the value still
/// decodes. (In a spec we transcribe, `client::check` reports it.)
pub(crate) fn widen_dangling(document: &mut Value) -> Vec<Finding> {
    let dangling: Vec<(String, String)> = references(document)
        .into_iter()
        .filter(|(_, target)| target.starts_with(SCHEMAS) && !resolves(document, target))
        .collect();
    let mut findings = Vec::new();
    for (site, target) in dangling {
        if let Some(holder) = document.pointer_mut(&site) {
            *holder = serde_json::json!({
                "description": format!(
                    "Any JSON value: the spec refers to `{target}`, which it does not define."
                )
            });
            findings.push(Finding {
                pointer: format!("{site}/$ref"),
                message: format!(
                    "`$ref: {target}` points to nothing in this spec: the value is read as any \
                     JSON value"
                ),
            });
        }
    }
    findings
}
