//! Writes and retries (issue 11, "Writes"), through the generated builders
//! against local mock servers:
//!
//! - a Contactship POST (`waba_send_message`) is sent once after a 5xx or a
//!   timeout (the server may have applied it), even with retries allowed;
//! - it is sent again after a 429, no sooner than its `Retry-After`, with the
//!   same body;
//! - a GET is sent again after a 503;
//! - a DelightBridge `send_draft` (the spec's `x-idempotency-key`) is sent
//!   again after a 503 with the same key on both attempts: one the client
//!   made (a well-formed UUID v4, a new one per call), or the caller's,
//!   verbatim.
//!
//! Every count is exact: a retry too many or too few fails.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use client_runtime::{RetryPolicy, Timeouts};
use contactship_client as contactship;
use delightbridge_client as delightbridge;
use httpmock::prelude::*;
use serde_json::{Value, json};

const CONTACTSHIP_KEY: &str = "cs-writes-key-9b2e";
const CHANNEL_ID: &str = "chn_abc123";
const CONTACT_ID: &str = "c1d2e3f4-a5b6-7890-cdef-123456789012";
const THREAD_ID: &str = "thr-b2c3d4e5-f6a7-8901-bcde-f12345678901";
const MESSAGE_ID: &str = "msg-a1b2c3d4-e5f6-7890-abcd-ef1234567890";

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// Retries allowed (3 attempts), with waits below 50 ms: a retry that should
/// not happen would happen, quickly.
fn quick_retries() -> RetryPolicy {
    RetryPolicy::default()
        .with_max_attempts(3)
        .with_initial_delay(Duration::from_millis(10))
        .with_max_delay(Duration::from_millis(50))
}

/// What the server saw of each request a [`scripted`] mock answered: when it
/// arrived, its headers and its body.
#[derive(Clone, Debug)]
struct Seen {
    at: Instant,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Seen {
    fn header(&self, name: &str) -> Vec<String> {
        self.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
            .collect()
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("a JSON body")
    }
}

type Log = Arc<Mutex<Vec<Seen>>>;

fn seen(log: &Log) -> Vec<Seen> {
    log.lock().expect("log lock").clone()
}

/// A mock of `method path` carrying `header` whose answer to the n-th
/// request (from 0) is `script(n)`, recording each request.
async fn scripted<'a>(
    server: &'a MockServer,
    method: httpmock::Method,
    path: &str,
    header: (&str, &str),
    script: impl Fn(usize) -> HttpMockResponse + Send + Sync + 'static,
) -> (httpmock::Mock<'a>, Log) {
    let log = Log::default();
    let writer = Arc::clone(&log);
    let mock = server
        .mock_async(|when, then| {
            when.method(method).path(path).header(header.0, header.1);
            then.respond_with(move |req: &HttpMockRequest| {
                let mut log = writer.lock().expect("log lock");
                let n = log.len();
                log.push(Seen {
                    at: Instant::now(),
                    headers: req
                        .headers()
                        .iter()
                        .map(|(k, v)| {
                            (
                                k.as_str().to_owned(),
                                v.to_str().unwrap_or("<not text>").to_owned(),
                            )
                        })
                        .collect(),
                    body: req.body().as_ref().to_vec(),
                });
                script(n)
            });
        })
        .await;
    (mock, log)
}

fn json_response(status: u16, body: &Value) -> HttpMockResponse {
    HttpMockResponse::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(body.to_string())
        .build()
}

fn status_response(status: u16, retry_after: Option<&str>) -> HttpMockResponse {
    let builder = HttpMockResponse::builder().status(status);
    match retry_after {
        Some(value) => builder.header("retry-after", value).build(),
        None => builder.build(),
    }
}

// ---------------------------------------------------------------------------
// Contactship
// ---------------------------------------------------------------------------

fn contactship_client(server: &MockServer, policy: RetryPolicy) -> contactship::Client {
    let mut client = contactship::Client::with_api_key(&server.base_url(), CONTACTSHIP_KEY);
    client.set_retry_policy(policy);
    client
}

fn send_message_body() -> contactship::types::WabaSendMessageRequest {
    contactship::types::WabaSendMessageRequest {
        channel_id: CHANNEL_ID.to_owned(),
        contact_id: CONTACT_ID.to_owned(),
        content: "Hello! How can I help you today?".to_owned(),
        thread_id: None,
    }
}

fn send_message_json() -> Value {
    json!({
        "channel_id": CHANNEL_ID,
        "contact_id": CONTACT_ID,
        "content": "Hello! How can I help you today?"
    })
}

fn sent_json() -> Value {
    json!({
        "success": true,
        "message": "Mensaje WABA enviado",
        "data": {
            "message_id": MESSAGE_ID,
            "provider_id": "wamid.HBgNMTIxMjM0NTY3ODkwFQIAERgSM...",
            "thread_id": THREAD_ID,
            "status": "sent"
        }
    })
}

fn thread_json() -> Value {
    json!({
        "id": THREAD_ID,
        "channel_id": CHANNEL_ID,
        "channel_type": "WABA",
        "contact_id": CONTACT_ID,
        "status": "open",
        "created_at": "2026-04-06T15:00:00Z"
    })
}

/// The status a failed generated call reports.
fn status_of(error: &contactship::Error<()>) -> Option<u16> {
    error.status().map(|s| s.as_u16())
}

#[tokio::test]
async fn contactship_post_is_not_retried_after_a_503() {
    let server = MockServer::start_async().await;
    let (mock, log) = scripted(
        &server,
        POST,
        "/v1/waba/send",
        ("x-api-key", CONTACTSHIP_KEY),
        |_| status_response(503, None),
    )
    .await;
    let client = contactship_client(&server, quick_retries());

    let error = client
        .waba_send_message()
        .body(send_message_body())
        .send()
        .await
        .expect_err("503");

    assert_eq!(status_of(&error), Some(503), "{error:?}");
    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(seen(&log)[0].json(), send_message_json());
}

/// The other 5xx a policy retries for idempotent requests (500 is one of
/// Contactship's documented errors), and a 503 that asks to come back: a
/// `Retry-After` on a 5xx does not say the write was not applied.
#[tokio::test]
async fn contactship_post_is_not_retried_after_other_5xx_nor_a_503_with_retry_after() {
    for (status, retry_after) in [
        (500, None),
        (502, None),
        (504, None),
        (503, Some("0")),
        (408, None),
    ] {
        let server = MockServer::start_async().await;
        let (mock, _log) = scripted(
            &server,
            POST,
            "/v1/waba/send",
            ("x-api-key", CONTACTSHIP_KEY),
            move |_| status_response(status, retry_after),
        )
        .await;
        let client = contactship_client(&server, quick_retries());

        let error = client
            .waba_send_message()
            .body(send_message_body())
            .send()
            .await
            .expect_err("an error status");

        assert_eq!(status_of(&error), Some(status), "{error:?}");
        assert_eq!(
            mock.calls_async().await,
            1,
            "{status} (Retry-After {retry_after:?})"
        );
    }
}

const REQUEST_TIMEOUT: Duration = Duration::from_millis(200);
const SERVER_DELAY: Duration = Duration::from_secs(2);

#[tokio::test(flavor = "multi_thread")]
async fn contactship_post_is_not_retried_after_a_timeout() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/waba/send")
                .header("x-api-key", CONTACTSHIP_KEY)
                .json_body(send_message_json());
            then.status(200)
                .header("content-type", "application/json")
                .body(sent_json().to_string())
                .delay(SERVER_DELAY);
        })
        .await;
    let http = contactship::http_client(Timeouts {
        request: REQUEST_TIMEOUT,
        ..Timeouts::default()
    })
    .expect("an HTTP client");
    let mut client = contactship::Client::new_with_client(&server.base_url(), http);
    client.set_api_key(CONTACTSHIP_KEY);
    client.set_retry_policy(quick_retries());

    let started = Instant::now();
    let error = client
        .waba_send_message()
        .body(send_message_body())
        .send()
        .await
        .expect_err("too slow");
    let elapsed = started.elapsed();

    match &error {
        contactship::Error::CommunicationError(source) => {
            assert!(source.is_timeout(), "{source:?}")
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert_eq!(mock.calls_async().await, 1);
    // One attempt's timeout, not three.
    assert!(elapsed >= REQUEST_TIMEOUT, "took {elapsed:?}");
    assert!(elapsed < REQUEST_TIMEOUT * 2, "took {elapsed:?}");
}

/// A 429 says the request was not processed: the POST is sent again, after
/// the `Retry-After` second (not the policy's few milliseconds), with the
/// same body, and its second answer is the result.
#[tokio::test(flavor = "multi_thread")]
async fn contactship_post_is_retried_after_a_429_with_retry_after() {
    let server = MockServer::start_async().await;
    let (mock, log) = scripted(
        &server,
        POST,
        "/v1/waba/send",
        ("x-api-key", CONTACTSHIP_KEY),
        |n| match n {
            0 => status_response(429, Some("1")),
            _ => json_response(200, &sent_json()),
        },
    )
    .await;
    // The default 20 s max delay does not cap the 1 s Retry-After; the
    // computed delays (10 ms) would be far shorter than it.
    let client = contactship_client(
        &server,
        RetryPolicy::default().with_initial_delay(Duration::from_millis(10)),
    );

    let started = Instant::now();
    let sent = client
        .waba_send_message()
        .body(send_message_body())
        .send()
        .await
        .expect("the retry succeeds");
    let elapsed = started.elapsed();

    assert_eq!(sent.status(), 200);
    let sent = sent.into_inner();
    assert_eq!(sent.success, Some(true));
    let data = sent.data.expect("data");
    assert_eq!(data.message_id.as_deref(), Some(MESSAGE_ID));
    assert_eq!(data.thread_id.as_deref(), Some(THREAD_ID));
    assert_eq!(mock.calls_async().await, 2);
    let requests = seen(&log);
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(request.json(), send_message_json());
        assert_eq!(request.header("x-api-key"), [CONTACTSHIP_KEY]);
        // Contactship has no idempotency key: none is made up.
        assert_eq!(request.header("x-idempotency-key"), Vec::<String>::new());
    }
    let gap = requests[1].at - requests[0].at;
    assert!(gap >= Duration::from_secs(1), "retried after {gap:?}");
    assert!(elapsed < Duration::from_millis(2500), "took {elapsed:?}");
}

/// A 429 every time: the POST is sent as many times as the policy allows,
/// then the 429 is reported.
#[tokio::test]
async fn contactship_post_429_forever_is_sent_max_attempts_times() {
    let server = MockServer::start_async().await;
    let (mock, _log) = scripted(
        &server,
        POST,
        "/v1/waba/send",
        ("x-api-key", CONTACTSHIP_KEY),
        |_| status_response(429, Some("0")),
    )
    .await;
    let client = contactship_client(&server, quick_retries());

    let error = client
        .waba_send_message()
        .body(send_message_body())
        .send()
        .await
        .expect_err("429 every time");

    assert_eq!(status_of(&error), Some(429), "{error:?}");
    assert_eq!(mock.calls_async().await, 3);
}

#[tokio::test]
async fn contactship_get_is_retried_after_a_503() {
    let server = MockServer::start_async().await;
    let (mock, _log) = scripted(
        &server,
        GET,
        &format!("/v1/thread/{THREAD_ID}"),
        ("x-api-key", CONTACTSHIP_KEY),
        |n| match n {
            0 => status_response(503, None),
            _ => json_response(200, &thread_json()),
        },
    )
    .await;
    let client = contactship_client(&server, quick_retries());

    let thread = client
        .get_thread()
        .thread_id(THREAD_ID)
        .send()
        .await
        .expect("the retry succeeds")
        .into_inner();

    assert_eq!(thread.id.as_deref(), Some(THREAD_ID));
    assert_eq!(thread.contact_id.as_deref(), Some(CONTACT_ID));
    assert_eq!(mock.calls_async().await, 2);
}

// ---------------------------------------------------------------------------
// DelightBridge: send_draft carries one idempotency key on every attempt
// ---------------------------------------------------------------------------

const DELIGHTBRIDGE_SESSION: &str = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0.writes-test";
const DB_THREAD_ID: &str = "thread_abc123";

fn delightbridge_cookie() -> String {
    format!("authjs.session-token={DELIGHTBRIDGE_SESSION}")
}

fn delightbridge_client(server: &MockServer, policy: RetryPolicy) -> delightbridge::Client {
    let mut client = delightbridge::Client::with_authjs_session_token_cookie(
        &server.base_url(),
        DELIGHTBRIDGE_SESSION,
    );
    client.set_retry_policy(policy);
    client
}

fn send_result_json(key: &str) -> Value {
    json!({
        "ok": true,
        "gmailMessageId": "18e0a1b2c3d4e5f6",
        "idempotencyKey": key,
        "outboxStatus": "sent"
    })
}

/// The key of one request: there must be exactly one `x-idempotency-key`.
fn only_key(request: &Seen) -> String {
    let keys = request.header("x-idempotency-key");
    assert_eq!(keys.len(), 1, "x-idempotency-key headers: {keys:?}");
    keys[0].clone()
}

/// A UUID in its canonical text form (8-4-4-4-12 lowercase hex digits) with
/// version 4 and the RFC 9562 variant (`8`, `9`, `a` or `b`).
fn assert_uuid_v4(key: &str) {
    let groups: Vec<&str> = key.split('-').collect();
    let lengths: Vec<usize> = groups.iter().map(|g| g.len()).collect();
    assert_eq!(lengths, [8, 4, 4, 4, 12], "not a UUID: {key:?}");
    assert!(
        groups
            .iter()
            .all(|g| g.chars().all(|c| matches!(c, '0'..='9' | 'a'..='f'))),
        "not lowercase hex: {key:?}"
    );
    assert_eq!(&groups[2][..1], "4", "not version 4: {key:?}");
    assert!(
        matches!(&groups[3][..1], "8" | "9" | "a" | "b"),
        "not the RFC 9562 variant: {key:?}"
    );
}

/// A 503, then 200: the write carries a key, so it is sent again; both
/// attempts carry the one key the client made.
#[tokio::test]
async fn delightbridge_send_draft_retried_after_a_503_carries_one_uuid_v4_key() {
    let server = MockServer::start_async().await;
    let (mock, log) = scripted(
        &server,
        POST,
        &format!("/api/threads/{DB_THREAD_ID}/send"),
        ("cookie", &delightbridge_cookie()),
        |n| match n {
            0 => status_response(503, None),
            _ => json_response(200, &send_result_json("echoed-by-the-mock")),
        },
    )
    .await;
    let client = delightbridge_client(&server, quick_retries());

    let sent = client
        .send_draft()
        .id(DB_THREAD_ID)
        .send()
        .await
        .expect("the retry succeeds");

    assert_eq!(sent.status(), 200);
    let sent = sent.into_inner();
    assert_eq!(sent.ok, Some(true));
    assert_eq!(sent.gmail_message_id.as_deref(), Some("18e0a1b2c3d4e5f6"));
    assert_eq!(mock.calls_async().await, 2);
    let requests = seen(&log);
    assert_eq!(requests.len(), 2);
    let first = only_key(&requests[0]);
    let second = only_key(&requests[1]);
    assert_uuid_v4(&first);
    assert_eq!(second, first, "the retry carries the first attempt's key");
    // No body: the send takes none.
    assert!(requests[0].body.is_empty(), "{:?}", requests[0].body);
    assert!(requests[1].body.is_empty(), "{:?}", requests[1].body);
}

/// Two calls are two sends: each gets a key of its own.
#[tokio::test]
async fn delightbridge_send_draft_makes_a_new_key_per_call() {
    let server = MockServer::start_async().await;
    let (mock, log) = scripted(
        &server,
        POST,
        &format!("/api/threads/{DB_THREAD_ID}/send"),
        ("cookie", &delightbridge_cookie()),
        |_| json_response(200, &send_result_json("echoed-by-the-mock")),
    )
    .await;
    let client = delightbridge_client(&server, quick_retries());

    for _ in 0..2 {
        client
            .send_draft()
            .id(DB_THREAD_ID)
            .send()
            .await
            .expect("a 200");
    }

    assert_eq!(mock.calls_async().await, 2);
    let requests = seen(&log);
    let (first, second) = (only_key(&requests[0]), only_key(&requests[1]));
    assert_uuid_v4(&first);
    assert_uuid_v4(&second);
    assert_ne!(first, second);
}

/// The caller's key is sent as given, on both attempts, and none is added.
#[tokio::test]
async fn delightbridge_send_draft_keeps_the_callers_key_verbatim_across_a_retry() {
    // Not a UUID, with characters a UUID has not: it must not be replaced
    // or normalized.
    const KEY: &str = "send-thread_abc123-2026-04-06T15:00:00.000Z";
    let server = MockServer::start_async().await;
    let (mock, log) = scripted(
        &server,
        POST,
        &format!("/api/threads/{DB_THREAD_ID}/send"),
        ("cookie", &delightbridge_cookie()),
        |n| match n {
            0 => status_response(503, None),
            _ => json_response(200, &send_result_json(KEY)),
        },
    )
    .await;
    let client = delightbridge_client(&server, quick_retries());

    let sent = client
        .send_draft()
        .id(DB_THREAD_ID)
        .x_idempotency_key(KEY)
        .send()
        .await
        .expect("the retry succeeds")
        .into_inner();

    assert_eq!(sent.idempotency_key.as_deref(), Some(KEY));
    assert_eq!(mock.calls_async().await, 2);
    let requests = seen(&log);
    assert_eq!(only_key(&requests[0]), KEY);
    assert_eq!(only_key(&requests[1]), KEY);
}

/// DelightBridge's PATCH carries no key: after a 503 it is sent once.
#[tokio::test]
async fn delightbridge_update_thread_is_not_retried_after_a_503() {
    let server = MockServer::start_async().await;
    let (mock, log) = scripted(
        &server,
        PATCH,
        &format!("/api/threads/{DB_THREAD_ID}"),
        ("cookie", &delightbridge_cookie()),
        |_| status_response(503, None),
    )
    .await;
    let client = delightbridge_client(&server, quick_retries());

    let error = client
        .update_thread()
        .id(DB_THREAD_ID)
        .body_map(|body| body.is_read(true))
        .send()
        .await
        .expect_err("503");

    assert_eq!(error.status().map(|s| s.as_u16()), Some(503), "{error:?}");
    assert_eq!(mock.calls_async().await, 1);
    let requests = seen(&log);
    assert_eq!(requests[0].json(), json!({ "isRead": true }));
    assert_eq!(
        requests[0].header("x-idempotency-key"),
        Vec::<String>::new()
    );
}
