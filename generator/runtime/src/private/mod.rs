//! What generated code calls, and nothing a user should: the request path of
//! the unified client (`fetch`, `send`, `pages`), the transforms of
//! the mapping files (`normalize`), the paginators' building blocks, the
//! query pairs the `mock` helpers match (`query_pairs`), and the two calls
//! of a generated `ClientHooks` impl (`prepare`, `execute`).
//!
//! Hidden from the docs (`#[doc(hidden)]`) and not part of the crate's API:
//! it changes whenever the generator does, and the generated code of the
//! same commit is its only caller. It is documented here, in the source, for
//! the people who change the generator.

mod events;
mod fetch;
pub mod normalize;
mod page_read;
pub mod pages;
mod query;

use crate::ClientState;

pub use crate::state::OperationRules;
pub use crate::streams::{Count, cursor, offset};
pub use events::events;
pub use fetch::{Call, fetch, send};
/// Percent-encodes one path segment (progenitor's, so that the unified
/// client builds the same URLs as the generated methods).
pub use progenitor_client::encode_path;
pub use query::query_pairs;
pub use reqwest::Method;

/// `state` with what the spec says of its operations beyond their requests
/// ([`OperationRules`]); `default_server` is the spec's first server URL.
/// Called once, by the generated `Client::new_with_client`.
pub fn with_operations(
    state: ClientState,
    default_server: &'static str,
    operations: &'static [OperationRules],
) -> ClientState {
    state.with_operations(default_server, operations)
}

/// The generated `ClientHooks::pre`: puts the credential on `request`
/// (asking a password grant for its token through `http` when needed), a
/// fresh idempotency key where the operation has one and the caller set
/// none, and routes an operation with its own server there.
///
/// # Errors
/// As progenitor's `Error`: `InvalidRequest` when the credential cannot be
/// carried in a header or the operation's server gives no URL; a password
/// grant's failure as `UnexpectedResponse`, `CommunicationError` or
/// `InvalidResponsePayload`.
// The error type is progenitor's, fixed by the `ClientHooks::pre` signature.
#[allow(clippy::result_large_err)]
pub async fn prepare<E>(
    state: &ClientState,
    http: &reqwest::Client,
    request: &mut reqwest::Request,
    operation: &str,
) -> Result<(), progenitor_client::Error<E>> {
    state.prepare(http, request, operation).await
}

/// The generated `ClientHooks::exec`: sends `request` through `http`,
/// retrying as the state's [`crate::RetryPolicy`] says, one `tracing` span
/// per attempt.
///
/// # Errors
/// reqwest's error of the last attempt, when no attempt got an answer.
pub async fn execute(
    state: &ClientState,
    http: &reqwest::Client,
    request: reqwest::Request,
    operation: &'static str,
) -> reqwest::Result<reqwest::Response> {
    state.execute(http, request, operation).await
}
