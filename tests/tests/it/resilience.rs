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

// ---------------------------------------------------------------------------
// 1. Retry-After
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn retry_after_seconds_delays_the_retry_of_conversations_get_thread() {
    let server = MockServer::start_async().await;
    let (mock, arrivals) = scripted(&server, "/v1/thread/thr-1", |n| match n {
        0 => retry_after_response(429, "1"),
        _ => json_response(200, &contactship_thread_json("thr-1")),
    })
    .await;
    // The default policy: its 20 s max delay does not cap a 1 s Retry-After.
    let client = contactship::Client::with_api_key(&server.base_url(), CONTACTSHIP_KEY);

    let started = Instant::now();
    let thread = unified_thread(&client, "thr-1")
        .await
        .expect("the retry succeeds");
    let elapsed = started.elapsed();

    assert_eq!(thread.id, "thr-1");
    assert_eq!(thread.status, conversations::ThreadStatus::Open);
    assert_eq!(mock.calls_async().await, 2);
    let arrivals = arrivals_of(&arrivals);
    let gap = arrivals[1] - arrivals[0];
    assert!(gap >= Duration::from_secs(1), "retried after {gap:?}");
    assert!(elapsed >= Duration::from_secs(1), "took {elapsed:?}");
    assert!(elapsed < Duration::from_millis(2500), "took {elapsed:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn retry_after_seconds_delays_the_retry_of_a_generated_builder() {
    let server = MockServer::start_async().await;
    let (mock, arrivals) = scripted(&server, "/v1/thread/thr-1", |n| match n {
        0 => retry_after_response(429, "1"),
        _ => json_response(200, &contactship_thread_json("thr-1")),
    })
    .await;
    let client = contactship::Client::with_api_key(&server.base_url(), CONTACTSHIP_KEY);

    let started = Instant::now();
    let response = client
        .get_thread()
        .thread_id("thr-1")
        .send()
        .await
        .expect("the retry succeeds");
    let elapsed = started.elapsed();

    assert_eq!(response.status(), 200);
    assert_eq!(response.into_inner().id.as_deref(), Some("thr-1"));
    assert_eq!(mock.calls_async().await, 2);
    let arrivals = arrivals_of(&arrivals);
    assert!(arrivals[1] - arrivals[0] >= Duration::from_secs(1));
    assert!(elapsed >= Duration::from_secs(1), "took {elapsed:?}");
    assert!(elapsed < Duration::from_millis(2500), "took {elapsed:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn retry_after_http_date_waits_until_that_date() {
    // The date is computed when the server answers: two seconds ahead,
    // truncated to the second as HTTP-dates are, so 1-2 s from then.
    let targets: Arc<Mutex<Vec<chrono::DateTime<chrono::Utc>>>> = Arc::default();
    let written = Arc::clone(&targets);
    let server = MockServer::start_async().await;
    let (mock, arrivals) = scripted(&server, "/v1/thread/thr-1", move |n| match n {
        0 => {
            let at = chrono::Utc::now() + chrono::Duration::seconds(2);
            let date = at.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
            let target = chrono::DateTime::parse_from_rfc2822(&date.replace("GMT", "+0000"))
                .expect("an HTTP-date is RFC 2822")
                .with_timezone(&chrono::Utc);
            written.lock().expect("targets lock").push(target);
            retry_after_response(503, &date)
        }
        _ => json_response(200, &contactship_thread_json("thr-1")),
    })
    .await;
    let client = contactship::Client::with_api_key(&server.base_url(), CONTACTSHIP_KEY);

    let started = Instant::now();
    let thread = unified_thread(&client, "thr-1")
        .await
        .expect("the retry succeeds");
    let retried_at = chrono::Utc::now();
    let elapsed = started.elapsed();

    assert_eq!(thread.id, "thr-1");
    assert_eq!(mock.calls_async().await, 2);
    let target = targets.lock().expect("targets lock")[0];
    // The retry is not sent before the date the server named (a few ms of
    // slack for the wall clock's resolution).
    assert!(
        retried_at + chrono::Duration::milliseconds(5) >= target,
        "retried at {retried_at}, before {target}"
    );
    let arrivals = arrivals_of(&arrivals);
    let gap = arrivals[1] - arrivals[0];
    assert!(gap >= Duration::from_millis(900), "retried after {gap:?}");
    assert!(elapsed < Duration::from_secs(3), "took {elapsed:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn retry_after_longer_than_max_delay_is_capped() {
    let server = MockServer::start_async().await;
    let (mock, arrivals) = scripted(&server, "/v1/thread/thr-1", |n| match n {
        0 => retry_after_response(429, "60"),
        _ => json_response(200, &contactship_thread_json("thr-1")),
    })
    .await;
    let mut client = contactship::Client::with_api_key(&server.base_url(), CONTACTSHIP_KEY);
    client.set_retry_policy(RetryPolicy::default().with_max_delay(Duration::from_millis(200)));

    let started = Instant::now();
    let thread = unified_thread(&client, "thr-1")
        .await
        .expect("the retry succeeds");
    let elapsed = started.elapsed();

    assert_eq!(thread.id, "thr-1");
    assert_eq!(mock.calls_async().await, 2);
    let arrivals = arrivals_of(&arrivals);
    let gap = arrivals[1] - arrivals[0];
    assert!(gap >= Duration::from_millis(200), "retried after {gap:?}");
    assert!(elapsed < Duration::from_secs(2), "took {elapsed:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn no_retry_when_retry_after_would_pass_the_deadline() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/thread/thr-1");
            then.status(429).header("retry-after", "1");
        })
        .await;
    let mut client = contactship::Client::with_api_key(&server.base_url(), CONTACTSHIP_KEY);
    client.set_retry_policy(
        RetryPolicy::default()
            .with_max_attempts(5)
            .with_deadline(Some(Duration::from_millis(500))),
    );

    let started = Instant::now();
    let error = unified_thread(&client, "thr-1")
        .await
        .expect_err("429 every time");
    let elapsed = started.elapsed();

    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(error.status(), Some(reqwest::StatusCode::TOO_MANY_REQUESTS));
    assert!(error.is_retryable());
    assert!(elapsed < Duration::from_millis(500), "took {elapsed:?}");
}

// ---------------------------------------------------------------------------
// 2. Giving up
// ---------------------------------------------------------------------------

#[tokio::test]
async fn a_503_forever_is_tried_max_attempts_times_then_reported() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/thread/thr-1");
            then.status(503).body("down for maintenance");
        })
        .await;
    let mut client = contactship::Client::with_api_key(&server.base_url(), CONTACTSHIP_KEY);
    client.set_retry_policy(quick_retries(3));

    let error = unified_thread(&client, "thr-1")
        .await
        .expect_err("503 every time");

    assert_eq!(mock.calls_async().await, 3);
    assert_eq!(error.kind(), ErrorKind::Status);
    assert_eq!(
        error.status(),
        Some(reqwest::StatusCode::SERVICE_UNAVAILABLE)
    );
    assert!(error.is_retryable());
    assert_eq!(error.body(), Some("down for maintenance"));
    assert_eq!(error.provider(), "contactship");
    match &error {
        conversations::Error::Status {
            operation, message, ..
        } => {
            assert_eq!(*operation, "get_thread");
            assert_eq!(*message, None);
        }
        other => panic!("expected Error::Status, got {other:?}"),
    }
    assert_one_line(&error);
}

#[tokio::test]
async fn a_503_forever_through_a_generated_builder_is_retried_too() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/thread/thr-1");
            then.status(503);
        })
        .await;
    let mut client = contactship::Client::with_api_key(&server.base_url(), CONTACTSHIP_KEY);
    client.set_retry_policy(quick_retries(3));

    let error = client
        .get_thread()
        .thread_id("thr-1")
        .send()
        .await
        .expect_err("503 every time");

    assert_eq!(mock.calls_async().await, 3);
    assert_eq!(
        error.status(),
        Some(reqwest::StatusCode::SERVICE_UNAVAILABLE)
    );
}

#[tokio::test]
async fn retries_disabled_sends_once() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/thread/thr-1");
            then.status(503);
        })
        .await;
    let mut client = contactship::Client::with_api_key(&server.base_url(), CONTACTSHIP_KEY);
    client.set_retry_policy(RetryPolicy::disabled());

    let error = unified_thread(&client, "thr-1").await.expect_err("503");

    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(error.kind(), ErrorKind::Status);
    assert_eq!(
        error.status(),
        Some(reqwest::StatusCode::SERVICE_UNAVAILABLE)
    );
    assert!(error.is_retryable());
}

// ---------------------------------------------------------------------------
// 3. Timeouts
// ---------------------------------------------------------------------------

const REQUEST_TIMEOUT: Duration = Duration::from_millis(200);
const SERVER_DELAY: Duration = Duration::from_secs(2);

fn impatient_http() -> reqwest::Client {
    contactship::http_client(Timeouts {
        request: REQUEST_TIMEOUT,
        ..Timeouts::default()
    })
    .expect("an HTTP client")
}

async fn slow_mock(server: &MockServer) -> httpmock::Mock<'_> {
    server
        .mock_async(|when, then| {
            when.method(GET);
            then.status(200)
                .header("content-type", "application/json")
                .body(contactship_thread_json("thr-1").to_string())
                .delay(SERVER_DELAY);
        })
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_slow_server_gives_timeout_without_retries_within_the_timeout() {
    let server = MockServer::start_async().await;
    let mock = slow_mock(&server).await;
    let mut client = contactship::Client::new_with_client(&server.base_url(), impatient_http());
    client.set_api_key(CONTACTSHIP_KEY);
    client.set_retry_policy(RetryPolicy::disabled());

    let started = Instant::now();
    let error = unified_thread(&client, "thr-1")
        .await
        .expect_err("too slow");
    let elapsed = started.elapsed();

    assert_eq!(error.kind(), ErrorKind::Timeout, "{error:?}");
    assert!(matches!(error, conversations::Error::Timeout { .. }));
    assert!(error.is_retryable());
    assert_eq!(error.status(), None);
    assert_eq!(error.body(), None);
    assert!(elapsed >= REQUEST_TIMEOUT, "took {elapsed:?}");
    assert!(elapsed < Duration::from_secs(1), "took {elapsed:?}");
    assert_eq!(mock.calls_async().await, 1);
    assert_one_line(&error);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_slow_server_gives_timeout_after_every_attempt_within_the_bound() {
    let server = MockServer::start_async().await;
    let mock = slow_mock(&server).await;
    let mut client = contactship::Client::new_with_client(&server.base_url(), impatient_http());
    client.set_api_key(CONTACTSHIP_KEY);
    let policy = quick_retries(3);
    let bound =
        (REQUEST_TIMEOUT + policy.max_delay()) * policy.max_attempts() + Duration::from_millis(500);
    client.set_retry_policy(policy);

    let started = Instant::now();
    let error = unified_thread(&client, "thr-1")
        .await
        .expect_err("too slow");
    let elapsed = started.elapsed();

    assert_eq!(error.kind(), ErrorKind::Timeout, "{error:?}");
    assert!(elapsed >= REQUEST_TIMEOUT * 3, "took {elapsed:?}");
    assert!(elapsed < bound, "took {elapsed:?}, bound {bound:?}");
    assert_eq!(mock.calls_async().await, 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_slow_server_gives_a_timeout_through_a_generated_builder() {
    let server = MockServer::start_async().await;
    let _mock = slow_mock(&server).await;
    let mut client = contactship::Client::new_with_client(&server.base_url(), impatient_http());
    client.set_retry_policy(RetryPolicy::disabled());

    let started = Instant::now();
    let error = client
        .get_thread()
        .thread_id("thr-1")
        .send()
        .await
        .expect_err("too slow");

    assert!(started.elapsed() < Duration::from_secs(1));
    match error {
        contactship::Error::CommunicationError(source) => assert!(source.is_timeout()),
        other => panic!("expected a communication error, got {other:?}"),
    }
}

/// The deadline stops retries, not an attempt under way: the total is at
/// most the deadline plus one request timeout (`Timeouts::request` says the
/// deadline "bounds them all").
#[tokio::test(flavor = "multi_thread")]
async fn the_deadline_bounds_retries_to_within_one_request_timeout() {
    let server = MockServer::start_async().await;
    let mock = slow_mock(&server).await;
    let mut client = contactship::Client::new_with_client(&server.base_url(), impatient_http());
    let deadline = Duration::from_millis(300);
    client.set_retry_policy(quick_retries(10).with_deadline(Some(deadline)));

    let started = Instant::now();
    let error = unified_thread(&client, "thr-1")
        .await
        .expect_err("too slow");
    let elapsed = started.elapsed();

    assert_eq!(error.kind(), ErrorKind::Timeout, "{error:?}");
    // Two attempts: the second starts before the deadline and runs its
    // full timeout past it.
    assert_eq!(mock.calls_async().await, 2);
    assert!(
        elapsed < deadline + REQUEST_TIMEOUT + Duration::from_millis(200),
        "took {elapsed:?}"
    );
}

// ---------------------------------------------------------------------------
// 4. Bodies that are not JSON
// ---------------------------------------------------------------------------

const TRUNCATED: &str = r#"{"id": "thr-1", "status":"#;
const NOT_JSON: &str = "not json";

async fn serve_body<'a>(server: &'a MockServer, body: &'static str) -> httpmock::Mock<'a> {
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/thread/thr-1");
            then.status(200)
                .header("content-type", "application/json")
                .body(body);
        })
        .await
}

#[tokio::test]
async fn truncated_and_invalid_json_give_decode_errors_with_the_body() {
    for body in [TRUNCATED, NOT_JSON] {
        let server = MockServer::start_async().await;
        let mock = serve_body(&server, body).await;
        let mut client = contactship::Client::with_api_key(&server.base_url(), CONTACTSHIP_KEY);
        client.set_retry_policy(quick_retries(3));

        let error = unified_thread(&client, "thr-1")
            .await
            .expect_err("not JSON");

        assert_eq!(error.kind(), ErrorKind::Decode, "{error:?}");
        assert_eq!(error.body(), Some(body));
        assert!(!error.is_retryable());
        assert_eq!(error.status(), None);
        match &error {
            conversations::Error::Decode {
                provider,
                operation,
                body: kept,
                ..
            } => {
                assert_eq!(*provider, "contactship");
                assert_eq!(*operation, "get_thread");
                assert_eq!(kept, body);
            }
            other => panic!("expected Error::Decode, got {other:?}"),
        }
        // A 2xx is an answer: not retried.
        assert_eq!(mock.calls_async().await, 1);
        assert_one_line(&error);
    }
}

#[tokio::test]
async fn truncated_and_invalid_json_through_a_generated_builder_keep_the_bytes() {
    for body in [TRUNCATED, NOT_JSON] {
        let server = MockServer::start_async().await;
        let mock = serve_body(&server, body).await;
        let client = contactship::Client::with_api_key(&server.base_url(), CONTACTSHIP_KEY);

        let error = client
            .get_thread()
            .thread_id("thr-1")
            .send()
            .await
            .expect_err("not JSON");

        match error {
            contactship::Error::InvalidResponsePayload(bytes, _) => {
                assert_eq!(&bytes[..], body.as_bytes());
            }
            other => panic!("expected InvalidResponsePayload, got {other:?}"),
        }
        assert_eq!(mock.calls_async().await, 1);
    }
}

/// `Error::Decode` is documented as "a 2xx answer whose body is not the JSON
/// the spec describes (invalid or truncated JSON, a field of the wrong
/// type)". A field of the wrong type comes back as `Error::Mapping` instead,
/// without the body.
#[tokio::test]
async fn a_field_of_the_wrong_type_is_a_decode_error_with_the_body() {
    let body = r#"{"id": 5, "status": "open"}"#;
    let server = MockServer::start_async().await;
    let _mock = serve_body(&server, body).await;
    let client = contactship::Client::with_api_key(&server.base_url(), CONTACTSHIP_KEY);

    let error = unified_thread(&client, "thr-1")
        .await
        .expect_err("id is not a string");

    assert_eq!(error.kind(), ErrorKind::Decode, "{error:?}");
    assert_eq!(error.body(), Some(body));
    assert!(!error.is_retryable());
}

// ---------------------------------------------------------------------------
// 5. Error statuses and the provider's message
// ---------------------------------------------------------------------------

#[tokio::test]
async fn delightbridge_401_and_404_carry_the_providers_message() {
    for (status, message) in [(401, "session expired"), (404, "thread not found")] {
        let server = MockServer::start_async().await;
        let body = json!({ "error": message }).to_string();
        let served = body.clone();
        let mock = server
            .mock_async(|when, then| {
                when.method(GET).path("/api/threads/th-404");
                then.status(status)
                    .header("content-type", "application/json")
                    .body(served);
            })
            .await;
        let client = delightbridge::Client::with_authjs_session_token_cookie(
            &server.base_url(),
            DELIGHTBRIDGE_SESSION,
        );

        let error = unified_thread(&client, "th-404")
            .await
            .expect_err("an error status");

        assert_eq!(error.kind(), ErrorKind::Status);
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert!(!error.is_retryable());
        assert_eq!(error.body(), Some(body.as_str()));
        match &error {
            conversations::Error::Status {
                provider,
                operation,
                message: got,
                ..
            } => {
                assert_eq!(*provider, "delightbridge");
                assert_eq!(*operation, "get_thread");
                assert_eq!(got.as_deref(), Some(message));
            }
            other => panic!("expected Error::Status, got {other:?}"),
        }
        let shown = error.to_string();
        assert!(shown.contains(&status.to_string()), "{shown}");
        assert!(shown.contains(message), "{shown}");
        assert!(shown.starts_with("delightbridge get_thread: "), "{shown}");
        assert_one_line(&error);
        assert_eq!(mock.calls_async().await, 1, "4xx is not retried");
    }
}

#[tokio::test]
async fn delightbridge_error_body_that_is_not_json_has_no_message() {
    let server = MockServer::start_async().await;
    let _mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/api/threads/th-1");
            then.status(404).body("<html>Not Found</html>");
        })
        .await;
    let client = delightbridge::Client::with_authjs_session_token_cookie(&server.base_url(), "s");

    let error = unified_thread(&client, "th-1").await.expect_err("404");

    assert_eq!(error.status(), Some(reqwest::StatusCode::NOT_FOUND));
    assert!(matches!(
        &error,
        conversations::Error::Status { message: None, .. }
    ));
    assert_eq!(error.body(), Some("<html>Not Found</html>"));
}

#[tokio::test]
async fn contactship_401_and_404_have_no_message_and_keep_the_body() {
    for (status, body) in [
        (401, r#"{"message":"Invalid API key"}"#),
        (404, "Thread not found\nsecond line of the body"),
    ] {
        let server = MockServer::start_async().await;
        let mock = server
            .mock_async(|when, then| {
                when.method(GET).path("/v1/thread/thr-1");
                then.status(status).body(body);
            })
            .await;
        let client = contactship::Client::with_api_key(&server.base_url(), CONTACTSHIP_KEY);

        let error = unified_thread(&client, "thr-1")
            .await
            .expect_err("an error status");

        assert_eq!(error.kind(), ErrorKind::Status);
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert!(matches!(
            &error,
            conversations::Error::Status { message: None, .. }
        ));
        assert_eq!(error.body(), Some(body));
        assert!(!error.is_retryable());
        // The body is not part of Display, so a multi-line body stays out.
        assert_one_line(&error);
        assert_eq!(mock.calls_async().await, 1);
    }
}

/// `Display` of `Error` is documented as one line. The provider's message is
/// the provider's text: a line break in it should not break the line (log
/// lines, one-line CLI errors).
#[tokio::test]
async fn a_line_break_in_the_providers_message_keeps_display_on_one_line() {
    let server = MockServer::start_async().await;
    let _mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/api/threads/th-1");
            then.status(404)
                .header("content-type", "application/json")
                .body(json!({ "error": "thread not found\nINFO forged log line" }).to_string());
        })
        .await;
    let client = delightbridge::Client::with_authjs_session_token_cookie(&server.base_url(), "s");

    let error = unified_thread(&client, "th-1").await.expect_err("404");

    assert_one_line(&error);
}

// ---------------------------------------------------------------------------
// 6. The credential never shows
// ---------------------------------------------------------------------------

fn assert_no_secret(what: &str, shown: &str) {
    assert!(
        !shown.contains(SECRET),
        "{what} shows the credential: {shown}"
    );
}

/// The four clients, each with its credential, against `base_url` through
/// `http`, each with `policy`.
fn four_clients(
    base_urls: [&str; 4],
    http: &reqwest::Client,
    policy: &RetryPolicy,
) -> Vec<Box<dyn ConversationsClient>> {
    let mut c = contactship::Client::new_with_client(base_urls[0], http.clone());
    c.set_api_key(CONTACTSHIP_KEY);
    c.set_retry_policy(policy.clone());
    let mut h = hubspot::Client::new_with_client(base_urls[1], http.clone());
    h.set_bearer_token(HUBSPOT_TOKEN);
    h.set_retry_policy(policy.clone());
    let mut d = delightbridge::Client::new_with_client(base_urls[2], http.clone());
    d.set_authjs_session_token_cookie(DELIGHTBRIDGE_SESSION);
    d.set_retry_policy(policy.clone());
    let mut g = gochat::Client::new_with_client(base_urls[3], http.clone());
    g.set_bearer_token(GOCHAT_TOKEN);
    g.set_retry_policy(policy.clone());
    vec![Box::new(c), Box::new(h), Box::new(d), Box::new(g)]
}

/// Requires the provider's credential on the request, so that an error
/// produced by a matching mock proves the secret was sent.
fn with_credential(when: httpmock::When, provider: Provider) -> httpmock::When {
    match provider {
        Provider::Contactship => when.header("x-api-key", CONTACTSHIP_KEY),
        Provider::Hubspot => when.header("authorization", format!("Bearer {HUBSPOT_TOKEN}")),
        Provider::Delightbridge => when.header(
            "cookie",
            format!("authjs.session-token={DELIGHTBRIDGE_SESSION}"),
        ),
        Provider::Gochat => when.header("authorization", format!("Bearer {GOCHAT_TOKEN}")),
    }
}

const PROVIDERS: [Provider; 4] = [
    Provider::Contactship,
    Provider::Hubspot,
    Provider::Delightbridge,
    Provider::Gochat,
];

#[test]
fn debug_of_the_four_clients_never_shows_the_credential() {
    let http = reqwest::Client::new();
    let shown = [
        format!(
            "{:?}",
            contactship::Client::with_api_key("http://127.0.0.1:1", CONTACTSHIP_KEY)
        ),
        format!(
            "{:?}",
            hubspot::Client::with_bearer_token("http://127.0.0.1:1", HUBSPOT_TOKEN)
        ),
        format!(
            "{:?}",
            delightbridge::Client::with_authjs_session_token_cookie(
                "http://127.0.0.1:1",
                DELIGHTBRIDGE_SESSION
            )
        ),
        format!(
            "{:?}",
            gochat::Client::with_bearer_token("http://127.0.0.1:1", GOCHAT_TOKEN)
        ),
    ];
    for shown in &shown {
        assert_no_secret("Debug of a client", shown);
        assert!(shown.contains("[REDACTED]"), "{shown}");
    }
    // Set after construction, on a caller's HTTP client.
    let mut c = contactship::Client::new_with_client("http://127.0.0.1:1", http);
    c.set_api_key(CONTACTSHIP_KEY);
    assert_no_secret("Debug of a client", &format!("{c:?} {c:#?}"));
}

/// Status, decode, timeout and transport errors of the four clients: neither
/// `Display` nor `Debug` shows the credential.
#[tokio::test(flavor = "multi_thread")]
async fn no_error_of_any_kind_shows_the_credential() {
    let mut seen = Vec::new();

    // Status (401) and decode: one server per provider, the credential required.
    for (answer, kind) in [
        ((401, r#"{"error":"bad credential"}"#), ErrorKind::Status),
        ((200, TRUNCATED), ErrorKind::Decode),
    ] {
        let servers = [
            MockServer::start_async().await,
            MockServer::start_async().await,
            MockServer::start_async().await,
            MockServer::start_async().await,
        ];
        let mut mocks = Vec::new();
        for (server, provider) in servers.iter().zip(PROVIDERS) {
            mocks.push(
                server
                    .mock_async(|when, then| {
                        with_credential(when.method(GET), provider);
                        then.status(answer.0).body(answer.1);
                    })
                    .await,
            );
        }
        let urls = servers.each_ref().map(|s| s.base_url());
        let clients = four_clients(
            urls.each_ref().map(String::as_str),
            &reqwest::Client::new(),
            &RetryPolicy::disabled(),
        );
        for (client, mock) in clients.iter().zip(&mocks) {
            let error = client.get_thread("42").await.expect_err("an error");
            assert_eq!(error.kind(), kind, "{} {error:?}", client.provider());
            assert_eq!(mock.calls_async().await, 1, "{}", client.provider());
            seen.push(error);
        }
    }

    // Timeout: a server slower than the client.
    let server = MockServer::start_async().await;
    let _slow = slow_mock(&server).await;
    let url = server.base_url();
    for client in four_clients(
        [url.as_str(); 4],
        &impatient_http(),
        &RetryPolicy::disabled(),
    ) {
        let error = client.get_thread("42").await.expect_err("too slow");
        assert_eq!(error.kind(), ErrorKind::Timeout, "{error:?}");
        seen.push(error);
    }

    // Transport: a port nobody listens on.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a port");
        format!("http://{}", listener.local_addr().expect("an address"))
    };
    for client in four_clients(
        [closed.as_str(); 4],
        &reqwest::Client::new(),
        &RetryPolicy::disabled(),
    ) {
        let error = client.get_thread("42").await.expect_err("nobody listens");
        assert_eq!(error.kind(), ErrorKind::Transport, "{error:?}");
        assert!(error.is_retryable());
        seen.push(error);
    }

    assert_eq!(seen.len(), 16);
    for error in &seen {
        assert_no_secret("Display of an error", &error.to_string());
        assert_no_secret("Debug of an error", &format!("{error:?}"));
        assert_no_secret("alternate Debug of an error", &format!("{error:#?}"));
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            assert_no_secret("a cause of an error", &format!("{cause} {cause:?}"));
            source = cause.source();
        }
        assert_one_line(error);
    }
}

/// Serves a 302 to `target` for every request to `server`.
async fn redirect_to<'a>(server: &'a MockServer, target: &MockServer) -> httpmock::Mock<'a> {
    let location = target.url("/v1/thread/thr-1");
    server
        .mock_async(|when, then| {
            when.method(GET);
            then.status(302).header("location", location);
        })
        .await
}

/// `Authorization` and `Cookie` are dropped by reqwest when a redirect goes
/// to another origin (here another port).
#[tokio::test]
async fn bearer_and_cookie_credentials_are_not_sent_to_another_origin_on_redirect() {
    for provider in [Provider::Hubspot, Provider::Delightbridge, Provider::Gochat] {
        let (first, second) = (
            MockServer::start_async().await,
            MockServer::start_async().await,
        );
        let _redirect = redirect_to(&first, &second).await;
        let leak = second
            .mock_async(|when, then| {
                when.is_true(|req: &HttpMockRequest| {
                    req.headers_vec()
                        .iter()
                        .any(|(_, value)| value.contains(SECRET))
                });
                then.status(418);
            })
            .await;
        let followed = second
            .mock_async(|when, then| {
                when.is_false(|req: &HttpMockRequest| {
                    req.headers_vec()
                        .iter()
                        .any(|(_, value)| value.contains(SECRET))
                });
                then.status(404);
            })
            .await;
        let url = first.base_url();
        let clients = four_clients(
            [url.as_str(); 4],
            &reqwest::Client::new(),
            &RetryPolicy::disabled(),
        );
        let client = clients
            .iter()
            .find(|c| c.provider() == provider)
            .expect("the provider's client");

        let _ = client.get_thread("42").await;

        assert_eq!(
            leak.calls_async().await,
            0,
            "{provider} sent its credential to another origin"
        );
        assert_eq!(
            followed.calls_async().await,
            1,
            "{provider} followed the redirect"
        );
    }
}

/// Contactship's API key goes in `x-api-key`, which reqwest does not know to
/// be sensitive: a redirect to another origin receives it.
#[tokio::test]
async fn an_api_key_header_is_not_sent_to_another_origin_on_redirect() {
    let (first, second) = (
        MockServer::start_async().await,
        MockServer::start_async().await,
    );
    let _redirect = redirect_to(&first, &second).await;
    let leak = second
        .mock_async(|when, then| {
            when.header_exists("x-api-key");
            then.status(418);
        })
        .await;
    let client = contactship::Client::with_api_key(&first.base_url(), CONTACTSHIP_KEY);

    let _ = unified_thread(&client, "thr-1").await;

    assert_eq!(
        leak.calls_async().await,
        0,
        "the API key was sent to another origin"
    );
}

// ---------------------------------------------------------------------------
// 7. Forward compatibility through the unified surface
// ---------------------------------------------------------------------------

#[tokio::test]
async fn unknown_enum_values_and_extra_fields_survive_get_thread() {
    let payload = json!({
        "id": "thr-1",
        "status": "snoozed",
        "channel_type": "TELEGRAM",
        "assignee": "u-1",
        "assignee_type": "team",
        "priority": "high",
        "sla": { "due": "2026-04-07T00:00:00Z" }
    });
    let server = MockServer::start_async().await;
    let _mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/thread/thr-1");
            then.status(200)
                .header("content-type", "application/json")
                .body(payload.to_string());
        })
        .await;
    let client = contactship::Client::with_api_key(&server.base_url(), CONTACTSHIP_KEY);

    let thread = unified_thread(&client, "thr-1").await.expect("decodes");

    assert_eq!(thread.provider, Provider::Contactship);
    assert_eq!(thread.status, conversations::ThreadStatus::Unknown);
    assert_eq!(thread.status_native.as_deref(), Some("snoozed"));
    assert_eq!(thread.channel.kind, conversations::ChannelKind::Other);
    assert_eq!(thread.channel.native.as_deref(), Some("TELEGRAM"));
    let assignee = thread.assignee.expect("an assignee");
    assert_eq!(assignee.kind, conversations::AssigneeKind::Unknown);
    assert_eq!(assignee.native_kind.as_deref(), Some("team"));
    assert_eq!(thread.raw.value()["priority"], "high");
    assert_eq!(thread.raw.value()["sla"]["due"], "2026-04-07T00:00:00Z");
    assert_eq!(thread.raw, payload, "raw is the payload as received");
}

#[tokio::test]
async fn unknown_hubspot_status_and_extra_field_survive_get_thread() {
    let mut payload = hubspot_thread_json("42");
    payload["status"] = json!("SNOOZED");
    payload["newField"] = json!([1, 2, 3]);
    let server = MockServer::start_async().await;
    let _mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/conversations/v3/conversations/threads/42");
            then.status(200)
                .header("content-type", "application/json")
                .body(payload.to_string());
        })
        .await;
    let client = hubspot::Client::with_bearer_token(&server.base_url(), HUBSPOT_TOKEN);

    let thread = unified_thread(&client, "42").await.expect("decodes");

    assert_eq!(thread.status, conversations::ThreadStatus::Unknown);
    assert_eq!(thread.status_native.as_deref(), Some("SNOOZED"));
    assert_eq!(thread.raw.value()["newField"], json!([1, 2, 3]));
}

// ---------------------------------------------------------------------------
// 8. Only idempotent methods are retried
// ---------------------------------------------------------------------------

#[test]
fn idempotent_methods_are_the_rfc_9110_ones() {
    use client_runtime::retry::is_idempotent;
    use reqwest::Method;
    for method in [
        Method::GET,
        Method::HEAD,
        Method::OPTIONS,
        Method::TRACE,
        Method::PUT,
        Method::DELETE,
    ] {
        assert!(is_idempotent(&method), "{method}");
    }
    for method in [Method::POST, Method::PATCH, Method::CONNECT] {
        assert!(!is_idempotent(&method), "{method}");
    }
}

#[tokio::test]
async fn execute_retries_idempotent_methods_only() {
    use reqwest::Method;
    for (method, expected_hits) in [
        (Method::POST, 1),
        (Method::PATCH, 1),
        (Method::GET, 3),
        (Method::PUT, 3),
        (Method::DELETE, 3),
    ] {
        let server = MockServer::start_async().await;
        let mock = server
            .mock_async(|when, then| {
                when.path("/things");
                then.status(503);
            })
            .await;
        let mut state = client_runtime::ClientState::new("test");
        state.set_retry_policy(quick_retries(3));
        let http = reqwest::Client::new();
        let mut request = reqwest::Request::new(
            method.clone(),
            server.url("/things").parse().expect("a URL"),
        );
        *request.body_mut() = Some(reqwest::Body::from(r#"{"name":"thing"}"#));

        let response = state
            .execute(&http, request, "do_thing")
            .await
            .expect("an answer");

        assert_eq!(response.status(), 503, "{method}");
        assert_eq!(mock.calls_async().await, expected_hits, "{method}");
    }
}

// ---------------------------------------------------------------------------
// 9. Box<dyn ConversationsClient>
// ---------------------------------------------------------------------------

/// What downstream code would put in its tests instead of a real client.
struct FakeConversations {
    threads: HashMap<String, conversations::Thread>,
}

impl FakeConversations {
    fn with_thread(id: &str, subject: &str) -> Self {
        let thread = conversations::Thread {
            provider: Provider::Delightbridge,
            id: id.to_owned(),
            subject: Some(subject.to_owned()),
            status: conversations::ThreadStatus::Open,
            status_native: Some("inbox".to_owned()),
            archived: Some(false),
            spam: None,
            read: Some(true),
            channel: conversations::Channel {
                kind: conversations::ChannelKind::Email,
                native: None,
                id: None,
                account_id: None,
                inbox_id: None,
            },
            assignee: None,
            participants: Vec::new(),
            created_at: None,
            updated_at: None,
            last_message_at: None,
            closed_at: None,
            message_count: Some(0),
            messages: conversations::MessageList {
                state: conversations::MessagesState::Complete,
                items: Vec::new(),
            },
            raw: conversations::Raw::from_value(&json!({ "fake": true })),
        };
        Self {
            threads: HashMap::from([(id.to_owned(), thread)]),
        }
    }
}

impl ConversationsClient for FakeConversations {
    fn provider(&self) -> Provider {
        Provider::Delightbridge
    }

    fn get_thread<'a>(
        &'a self,
        id: &'a str,
    ) -> conversations::BoxFuture<'a, Result<conversations::Thread, conversations::Error>> {
        Box::pin(async move {
            self.threads
                .get(id)
                .cloned()
                .ok_or_else(|| conversations::Error::Status {
                    provider: "fake",
                    operation: "get_thread",
                    status: reqwest::StatusCode::NOT_FOUND,
                    message: Some("thread not found".to_owned()),
                    body: String::new(),
                })
        })
    }

    fn get_message<'a>(
        &'a self,
        _id: &'a str,
    ) -> conversations::BoxFuture<'a, Result<conversations::Message, conversations::Error>> {
        Box::pin(async {
            Err(conversations::Error::Unsupported {
                provider: "fake",
                operation: "get_message",
            })
        })
    }
}

/// Downstream code, written against the trait only.
async fn subjects(
    clients: &[Box<dyn ConversationsClient>],
    ids: &[&str],
) -> Vec<Result<Option<String>, conversations::Error>> {
    let mut out = Vec::new();
    for (client, id) in clients.iter().zip(ids) {
        out.push(client.get_thread(id).await.map(|thread| thread.subject));
    }
    out
}

#[tokio::test]
async fn four_real_clients_and_a_fake_behind_box_dyn() {
    let servers = [
        MockServer::start_async().await,
        MockServer::start_async().await,
        MockServer::start_async().await,
        MockServer::start_async().await,
    ];
    let payloads = [
        ("/v1/thread/cs-1", contactship_thread_json("cs-1")),
        (
            "/conversations/v3/conversations/threads/42",
            hubspot_thread_json("42"),
        ),
        ("/api/threads/db-1", delightbridge_thread_json("db-1")),
        ("/api/v1/thread/gc-1", gochat_thread_json("gc-1")),
    ];
    let mut thread_mocks = Vec::new();
    for ((server, (path, payload)), provider) in servers.iter().zip(&payloads).zip(PROVIDERS) {
        thread_mocks.push(
            server
                .mock_async(|when, then| {
                    with_credential(when.method(GET).path(*path), provider);
                    then.status(200)
                        .header("content-type", "application/json")
                        .body(payload.to_string());
                })
                .await,
        );
    }
    let message_mock = servers[0]
        .mock_async(|when, then| {
            when.method(GET).path("/v1/messages/msg-1");
            then.status(200)
                .header("content-type", "application/json")
                .body(
                    json!({
                        "id": "msg-1",
                        "thread_id": "cs-1",
                        "content": "hello",
                        "source": "whatsapp",
                        "type": "text"
                    })
                    .to_string(),
                );
        })
        .await;
    let urls = servers.each_ref().map(|s| s.base_url());
    let mut clients = four_clients(
        urls.each_ref().map(String::as_str),
        &reqwest::Client::new(),
        &RetryPolicy::disabled(),
    );
    clients.push(Box::new(FakeConversations::with_thread(
        "fake-1",
        "From the fake",
    )));

    let providers: Vec<Provider> = clients.iter().map(|c| c.provider()).collect();
    assert_eq!(
        providers,
        [
            Provider::Contactship,
            Provider::Hubspot,
            Provider::Delightbridge,
            Provider::Gochat,
            Provider::Delightbridge
        ]
    );

    let ids = ["cs-1", "42", "db-1", "gc-1", "fake-1"];
    let got = subjects(&clients, &ids).await;
    let got: Vec<Option<String>> = got
        .into_iter()
        .map(|r| r.expect("every thread is fetched"))
        .collect();
    assert_eq!(
        got,
        [
            None,
            None,
            Some("Refund".to_owned()),
            None,
            Some("From the fake".to_owned())
        ]
    );
    for (client, id) in clients.iter().zip(ids) {
        let thread = client.get_thread(id).await.expect("fetched again");
        assert_eq!(thread.provider, client.provider());
        assert_eq!(thread.id, id);
    }
    for mock in &thread_mocks {
        assert_eq!(mock.calls_async().await, 2);
    }
    let missing = clients[4]
        .get_thread("nope")
        .await
        .expect_err("the fake has no such thread");
    assert_eq!(missing.status(), Some(reqwest::StatusCode::NOT_FOUND));

    // get_message: Contactship has the operation; the others do not.
    let message = clients[0].get_message("msg-1").await.expect("a message");
    assert_eq!(message.id.as_deref(), Some("msg-1"));
    assert_eq!(message.body_text.as_deref(), Some("hello"));
    assert_eq!(message.direction, conversations::Direction::Inbound);
    assert_eq!(message_mock.calls_async().await, 1);
    for (client, name) in clients[1..4]
        .iter()
        .zip(["hubspot", "delightbridge", "gochat"])
    {
        let error = client.get_message("msg-1").await.expect_err("unsupported");
        assert_eq!(error.kind(), ErrorKind::Unsupported, "{error:?}");
        assert!(matches!(
            error,
            conversations::Error::Unsupported {
                operation: "get_message",
                ..
            }
        ));
        assert_eq!(error.provider(), name);
        assert!(!error.is_retryable());
        assert_eq!(
            error.to_string(),
            format!("{name} has no get_message operation")
        );
    }
    for mock in &thread_mocks {
        assert_eq!(mock.calls_async().await, 2, "get_message sent nothing");
    }

    // The futures are Send: a client can be shared with a spawned task.
    let shared: Arc<dyn ConversationsClient> = Arc::from(clients.remove(2));
    let task = tokio::spawn({
        let shared = Arc::clone(&shared);
        async move { shared.get_thread("db-1").await.map(|t| t.id) }
    });
    assert_eq!(task.await.expect("joins").expect("fetched"), "db-1");
}

#[tokio::test]
async fn hubspot_thread_id_that_is_not_an_integer_is_refused_before_sending() {
    let server = MockServer::start_async().await;
    let anything = server
        .mock_async(|_, then| {
            then.status(500);
        })
        .await;
    let client: Box<dyn ConversationsClient> = Box::new(hubspot::Client::with_bearer_token(
        &server.base_url(),
        HUBSPOT_TOKEN,
    ));

    let error = client.get_thread("abc").await.expect_err("not an integer");

    assert_eq!(error.kind(), ErrorKind::InvalidRequest, "{error:?}");
    assert!(matches!(
        &error,
        conversations::Error::InvalidRequest {
            provider: "hubspot",
            operation: "get_thread",
            ..
        }
    ));
    assert!(!error.is_retryable());
    let shown = error.to_string();
    assert!(
        shown.contains("abc") && shown.contains("integer"),
        "{shown}"
    );
    assert_eq!(anything.calls_async().await, 0, "nothing was sent");
}
