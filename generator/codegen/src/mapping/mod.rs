//! Mapping files (`specs/mappings/<provider>.yaml`), in stages: how one
//! provider's types become the normalized model.
//!
//! ```text
//! YAML ─load→ Document ─syntax::parse (against the model's shape)→ MappingFile
//!      ─check::check (against the provider's client and the model)→ MappingPlan
//!      ─operations::check (MappingFile.operations)→ MappingPlan.operations
//!      ─emit→ the provider's module of the conversations crate
//!      ─matrix→ the mapping matrix of its README
//! ```
//!
//! The forms a mapping file can take are documented for authors in
//! `specs/mappings/README.md`.

mod check;
pub(crate) mod emit;
pub(crate) mod matrix;
pub(crate) mod operations;
pub(crate) mod plan;
pub(crate) mod syntax;
#[cfg(test)]
mod tests;

pub(crate) use check::Inputs;

use crate::diagnostic::{Diagnostic, Problems};
use crate::load::Document;
use plan::MappingPlan;

/// Parses and checks the mapping file `document` of `provider` into its plan.
///
/// # Errors
/// Every problem found, each at its place in the mapping file, with a fix.
pub(crate) fn plan(
    document: &Document<'_>,
    provider: &str,
    inputs: &Inputs<'_>,
) -> Result<MappingPlan, Vec<Diagnostic>> {
    let mut problems = Problems::default();
    let syntax = syntax::parse(document, provider, inputs.model, &mut problems);
    let mut plan = check::check(document, &syntax, inputs, &mut problems);
    // The operations read the sections above: checked against sections
    // with problems, they would only repeat them.
    if !problems.is_empty() {
        return problems.finish(plan);
    }
    let mapped = operations::Mapped {
        thread: plan.thread.as_ref().map(|t| t.schema.as_str()),
        messages: plan.messages.iter().map(|m| m.schema.as_str()).collect(),
        thread_embeds_messages: plan.thread.as_ref().is_some_and(|t| t.embeds_messages()),
        thread_readable: plan.thread.as_ref().is_some_and(|t| t.operation.is_some()),
        thread_maps: plan
            .thread
            .as_ref()
            .map(|t| t.enum_maps())
            .unwrap_or_default(),
        parent_readers: plan
            .messages
            .iter()
            .filter(|m| m.parent.is_some())
            .map(|m| m.schema.as_str())
            .collect(),
    };
    let operations =
        operations::check(document, &syntax.operations, inputs, &mapped, &mut problems);
    plan.operations = operations;
    problems.finish(plan)
}
