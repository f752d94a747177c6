//! Mapping files (`specs/mappings/<provider>.yaml`), in stages: how one
//! provider's types become the normalized model.
//!
//! ```text
//! YAML ─load→ Document ─syntax::parse (against the model's shape)→ MappingFile
//!      ─check::check (against the provider's client and the model)→ MappingPlan
//!      ─emit→ the provider's module of the conversations crate
//!      ─matrix→ the mapping matrix of its README
//! ```
//!
//! The forms a mapping file can take are documented for authors in
//! `specs/mappings/README.md`.

mod check;
pub(crate) mod emit;
pub(crate) mod matrix;
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
    let plan = check::check(document, &syntax, inputs, &mut problems);
    problems.finish(plan)
}
