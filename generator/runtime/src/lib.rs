//! Support code for the generated provider clients and the generated
//! `conversations` crate: how they authenticate, retry, page and fail.
//!
//! A user of a generated client meets this crate through the client:
//! - [`Credential`]: an API key, bearer token, cookie, basic pair or
//!   [`PasswordGrant`], held as a secret and placed on every request as the
//!   provider's security scheme says. A generated `Client` has a constructor
//!   and a setter per scheme; [`Credential`] is for the cases they do not
//!   cover (a cookie of another name, a grant shared between clients).
//! - [`RetryPolicy`]: retries with exponential backoff, full jitter and
//!   `Retry-After`; a write is repeated only where the provider's
//!   idempotency key makes that safe. Set it with `Client::set_retry_policy`.
//! - [`Timeouts`], [`http_client`], [`same_origin_redirects`] and
//!   [`default_http_client`]: the `reqwest::Client` a generated client uses
//!   when the caller brings none, and how to build your own.
//! - [`paging::Items`]: a list operation's items as a `futures::Stream`,
//!   fetched page by page as the stream is read.
//! - [`Error`] and [`ErrorKind`]: the unified client's error, which keeps the
//!   provider's status and body; [`Raw`]: a payload kept as it was received.
//! - [`ClientState`]: the state a generated client holds (its `inner()`):
//!   which provider, which credential, which retry policy.
//!
//! A receiver of a provider's webhooks meets it directly:
//! - [`webhooks::verify`]: checks a delivery's signature over its raw body
//!   (HubSpot's HMAC-SHA256 v3 with its timestamp, Go!Chat's shared token)
//!   as the provider's [`webhooks::SignatureScheme`] says, and tells with a
//!   [`webhooks::WebhookError`] whether to answer 401 or 400.
//!
//! Every request of a generated client runs in a `tracing` span
//! `http_attempt` per attempt (provider, operation, method, path, attempt,
//! status, latency; never a header or a body).
//!
//! The module `__private` holds what generated code calls. It is not part of
//! this crate's API and changes with the generator.

mod credential;
mod error;
mod http;
mod raw;
mod retry;
mod state;
mod streams;
mod token;
pub mod webhooks;

#[doc(hidden)]
#[path = "private/mod.rs"]
pub mod __private;

pub use credential::{Credential, InvalidCredential, Placement};
pub use error::{Error, ErrorKind};
pub use http::{Timeouts, default_http_client, http_client, same_origin_redirects};
pub use raw::{Raw, RawList};
pub use retry::RetryPolicy;
pub use state::ClientState;
pub use token::{PasswordGrant, TokenError};

/// Paging: a list operation's items, read as one stream over the provider's
/// own paging scheme (cursor or offset).
///
/// A generated list operation's builder has `stream()`, which returns
/// [`Items`](crate::paging::Items): pages are fetched lazily, the next one only when the stream
/// is read past the last item of the one before, so
/// `StreamExt::take(n)` never asks for a page it does not need. The stream
/// ends after the last page, or with the first error as its last item.
pub mod paging {
    pub use crate::streams::Items;
}
