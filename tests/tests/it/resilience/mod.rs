//! How the generated clients and `conversations::ConversationsClient` behave
//! when the provider misbehaves, against local mock servers (loopback only).
//!
//! - `Retry-After` (seconds and HTTP-date) delays the retry, capped by the
//!   policy's `max_delay`; a retry whose wait would pass the deadline is not
//!   made, and the deadline bounds the total to within one request timeout.
//! - Transient statuses are retried as many times as the policy says, then
//!   reported as `Error::Status`; `RetryPolicy::disabled()` sends once.
//! - A server slower than the request timeout gives `Error::Timeout`, within
//!   a bound set by the timeout and the retry policy.
//! - A 2xx body that is not JSON gives `Error::Decode` with the body as served.
//! - 401 and 404 give `Error::Status` with the provider's message where its
//!   spec describes the error body, and one-line `Display`.
//! - The credential never shows: not in `Debug` of a client, not in `Display`
//!   or `Debug` of any error, not in tracing output (which does carry one
//!   `http_attempt` span per attempt), and is not sent to another origin
//!   when the provider redirects.
//! - Values a provider's enum does not list, and fields its spec does not
//!   know, survive normalization.
//! - Only idempotent methods are retried (`ClientState::execute` directly).
//! - `Box<dyn ConversationsClient>` over the four clients and a fake.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use contactship_client as contactship;
use conversations::{ConversationsClient, ErrorKind, Provider, RetryPolicy, Timeouts};
use delightbridge_client as delightbridge;
use gochat_client as gochat;
use httpmock::prelude::*;
use hubspot_client as hubspot;
use serde_json::{Value, json};

// ---------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------

/// Every credential starts with this, so one search finds any of them.
const SECRET: &str = "SECRET-abc123";
const CONTACTSHIP_KEY: &str = "SECRET-abc123-contactship-key";
const HUBSPOT_TOKEN: &str = "SECRET-abc123-hubspot-token";
const DELIGHTBRIDGE_SESSION: &str = "SECRET-abc123-delightbridge-session";
const GOCHAT_TOKEN: &str = "SECRET-abc123-gochat-token";

/// Retries that do not slow the test down: delays below 50 ms.
fn quick_retries(attempts: u32) -> RetryPolicy {
    RetryPolicy::default()
        .with_max_attempts(attempts)
        .with_initial_delay(Duration::from_millis(10))
        .with_max_delay(Duration::from_millis(50))
}

fn contactship_thread_json(id: &str) -> Value {
    json!({
        "id": id,
        "channel_id": "chn-1",
        "channel_type": "WABA",
        "contact_id": "c-1",
        "status": "open",
        "created_at": "2026-04-06T15:00:00Z"
    })
}

fn hubspot_thread_json(id: &str) -> Value {
    json!({
        "id": id,
        "archived": false,
        "associatedContactId": "contact-1",
        "createdAt": "2023-11-07T05:31:56Z",
        "inboxId": "inbox-1",
        "originalChannelAccountId": "account-1",
        "originalChannelId": "channel-1",
        "spam": false,
        "status": "OPEN"
    })
}

fn delightbridge_thread_json(id: &str) -> Value {
    json!({
        "id": id,
        "subject": "Refund",
        "status": "inbox",
        "customerEmail": "ann@example.com",
        "messages": []
    })
}

fn gochat_thread_json(id: &str) -> Value {
    json!({ "id": id, "status": 3, "client_id": 7 })
}

fn json_response(status: u16, body: &Value) -> HttpMockResponse {
    HttpMockResponse::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(body.to_string())
        .build()
}

fn retry_after_response(status: u16, retry_after: &str) -> HttpMockResponse {
    HttpMockResponse::builder()
        .status(status)
        .header("retry-after", retry_after)
        .build()
}

/// When each request a [`scripted`] mock answered arrived, in order.
type Arrivals = Arc<Mutex<Vec<Instant>>>;

/// A mock of `GET path` whose answer to the n-th request (from 0) is
/// `script(n)`: fail first, succeed later. Also returns the arrival times.
async fn scripted<'a>(
    server: &'a MockServer,
    path: &str,
    script: impl Fn(usize) -> HttpMockResponse + Send + Sync + 'static,
) -> (httpmock::Mock<'a>, Arrivals) {
    let arrivals = Arrivals::default();
    let seen = Arc::clone(&arrivals);
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path(path);
            then.respond_with(move |_: &HttpMockRequest| {
                let mut seen = seen.lock().expect("arrivals lock");
                let n = seen.len();
                seen.push(Instant::now());
                script(n)
            });
        })
        .await;
    (mock, arrivals)
}

fn arrivals_of(arrivals: &Arrivals) -> Vec<Instant> {
    arrivals.lock().expect("arrivals lock").clone()
}

/// Calls the trait method: on a concrete client, `client.get_thread(id)`
/// names the generated builder method instead (inherent methods win).
async fn unified_thread(
    client: &dyn ConversationsClient,
    id: &str,
) -> Result<conversations::Thread, conversations::Error> {
    client.get_thread(id).await
}

fn assert_one_line(error: &conversations::Error) {
    let shown = error.to_string();
    assert!(!shown.contains('\n'), "Display is not one line: {shown:?}");
}

mod bodies;
mod credential;
mod error_statuses;
mod forward;
mod giving_up;
mod retry_after;
mod timeouts;
use bodies::TRUNCATED;
use credential::PROVIDERS;
use credential::four_clients;
use credential::with_credential;
use timeouts::impatient_http;
use timeouts::slow_mock;
