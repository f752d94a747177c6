//! The `operations:` section of a mapping file: how the unified client's
//! operations (`list_threads`, `list_messages`, `send_message`,
//! `update_thread`) become the provider's requests, and how the model's
//! values are written back in the provider's words (the reverse maps).
//!
//! ```text
//! operations: (YAML) ─syntax::operations→ OperationsSyntax
//!     ─check (against the provider's operations, its thread and message
//!       sections, and the model)→ OperationsPlan
//! ```
//!
//! Its form is checked with the rest of the file's syntax
//! (`mapping::syntax::operations`); here, what it means. The format is
//! documented for authors in `specs/mappings/README.md`. An operation the section leaves out is one the
//! provider does not have: the unified client answers `Error::Unsupported`.

mod check;
mod plan;
mod writes;

pub(crate) use check::{Mapped, check};
pub(crate) use plan::{
    AnswerPlan, BodyFieldPlan, BodyValue, Input, LatestMessage, ListPlan, MessagesPlan,
    OperationsPlan, QueryInput, SchemePlan, StepPlan, WritePlan,
};
