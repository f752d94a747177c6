//! DelightBridge's conversation workflow (issue 11), one operation at a time,
//! against a local mock server: list threads, get a thread, update it, read and
//! write its draft, send the draft.
//!
//! Each mock matches only the request the operation must send (method, path,
//! query, body, and the Auth.js session cookie `authjs.session-token`), so a
//! wrong request gets no answer and the test fails. Each test then checks the
//! decoded value field by field. Where the docs give an example (the saved
//! page's thread, read here from `specs/delightbridge.yaml`, and the complete
//! JSON bodies the provider-docs README quotes: `{"ok": true}`,
//! `{"error": "Unauthorized"}`, ...), that is what the mock serves; the other
//! bodies (drafts, send results) are ours, built from the fields the README
//! lists, and say so.

use delightbridge_client::types::{
    self, DraftStatus, SendErrorOutboxStatus, SendResultOutboxStatus, ThreadMessageDirection,
    ThreadStatus,
};
use delightbridge_client::{Client, Error, RetryPolicy};
use httpmock::Method::{GET, PATCH, POST, PUT};
use httpmock::MockServer;
use serde_json::{Value, json};

/// A distinctive session token, so that a leak or a wrong cookie is obvious.
const SESSION: &str = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0.db-workflow-DO-NOT-LEAK";
/// The cookie the app's Auth.js v5 reads (provider-docs README, DelightBridge).
const COOKIE: &str = "authjs.session-token";
/// The obfuscated address of the saved page, with its U+00A0 (NO-BREAK SPACE).
const OBFUSCATED: &str = "[email\u{a0}protected]";

fn client(server: &MockServer) -> Client {
    Client::with_authjs_session_token_cookie(&server.base_url(), SESSION)
}

/// The request every operation must send: the session cookie, by its real
/// name and alone (no `session=` of the page's curl example), and no
/// `api-version` header (DelightBridge documents none).
fn authenticated(when: httpmock::When) -> httpmock::When {
    when.header("cookie", format!("{COOKIE}={SESSION}"))
        .cookie(COOKIE, SESSION)
        .cookie_missing("session")
        .header_count("cookie", ".*", 1)
        .header_missing("api-version")
}

/// The spec's copy of the page's "Response Example" (GET /api/threads/{id}).
fn docs_thread_example() -> Value {
    let spec: Value = serde_yaml::from_str(include_str!("../../../specs/delightbridge.yaml"))
        .expect("the spec is YAML");
    spec.pointer(
        "/paths/~1api~1threads~1{id}/get/responses/200/content/application~1json/examples/response_example/value",
    )
    .expect("the page's example is in the spec")
    .clone()
}

/// The page's example, field by field.
fn assert_is_docs_thread(thread: &types::Thread) {
    assert_eq!(thread.id.as_deref(), Some("thread_abc123"));
    assert_eq!(thread.service_id.as_deref(), Some("service_123"));
    assert_eq!(
        thread.subject.as_deref(),
        Some("Question about order #5678")
    );
    assert_eq!(thread.customer_email.as_deref(), Some(OBFUSCATED));
    assert_eq!(thread.customer_name.as_deref(), Some("Jane Smith"));
    assert_eq!(thread.category_id.as_deref(), Some("cat_support"));
    assert_eq!(thread.reply_from_email, None, "not in the page's example");
    assert_eq!(thread.status, Some(ThreadStatus::Inbox));
    assert_eq!(thread.detected_language.as_deref(), Some("en"));
    assert_eq!(thread.is_read, Some(false));
    assert_eq!(
        thread.last_message_at.as_deref(),
        Some("2026-03-01T10:30:00.000Z")
    );
    assert_eq!(
        thread.draft.as_deref(),
        Some("<p>Thank you for reaching out. We're looking into this.</p>")
    );
    assert_eq!(
        thread.draft_subject.as_deref(),
        Some("Re: Question about order #5678")
    );
    assert!(thread.draft_attachments.is_empty());
    assert_eq!(thread.translation.as_deref(), Some(""));
    assert_eq!(
        thread.last_message_preview.as_deref(),
        Some("I have a question about my recent order...")
    );
    assert_eq!(thread.message_count, Some(2_i64));
    assert_eq!(thread.messages.len(), 2);

    let first = &thread.messages[0];
    assert_eq!(first.id.as_deref(), Some("msg_001"));
    assert_eq!(first.from_email.as_deref(), Some(OBFUSCATED));
    assert_eq!(first.from_name.as_deref(), Some("Jane Smith"));
    assert_eq!(first.to_email.as_deref(), Some(OBFUSCATED));
    assert_eq!(
        first.body.as_deref(),
        Some("<p>I have a question about my recent order #5678...</p>")
    );
    assert_eq!(first.direction, Some(ThreadMessageDirection::Inbound));
    assert_eq!(first.timestamp.as_deref(), Some("2026-03-01T10:00:00.000Z"));
    assert!(first.attachments.is_empty());

    let second = &thread.messages[1];
    assert_eq!(second.id.as_deref(), Some("msg_002"));
    assert_eq!(second.from_email.as_deref(), Some(OBFUSCATED));
    assert_eq!(second.from_name.as_deref(), Some("Support Team"));
    assert_eq!(second.to_email.as_deref(), Some(OBFUSCATED));
    assert_eq!(
        second.body.as_deref(),
        Some("<p>Thank you for reaching out. We're looking into this.</p>")
    );
    assert_eq!(second.direction, Some(ThreadMessageDirection::Outbound));
    assert_eq!(
        second.timestamp.as_deref(),
        Some("2026-03-01T10:30:00.000Z")
    );
    assert!(second.attachments.is_empty());
}

/// The body of an `Error::ErrorResponse`, with its status; panics otherwise.
fn error_body<E: std::fmt::Debug>(result: Result<impl std::fmt::Debug, Error<E>>) -> (u16, E) {
    match result {
        Err(Error::ErrorResponse(response)) => {
            let status = response.status().as_u16();
            (status, response.into_inner())
        }
        other => panic!("expected a documented error response, got {other:?}"),
    }
}

#[test]
fn the_spec_carries_the_pages_bytes_with_the_no_break_space() {
    let thread = docs_thread_example();
    for pointer in [
        "/customerEmail",
        "/messages/0/fromEmail",
        "/messages/0/toEmail",
        "/messages/1/fromEmail",
        "/messages/1/toEmail",
    ] {
        let value = thread.pointer(pointer).and_then(Value::as_str);
        assert_eq!(value, Some(OBFUSCATED), "{pointer}");
        assert!(
            value
                .unwrap()
                .as_bytes()
                .windows(2)
                .any(|w| w == [0xC2, 0xA0]),
            "{pointer}: U+00A0 encoded as C2 A0"
        );
    }
    assert!(
        thread.get("error").is_none(),
        "no `error` in a success body"
    );
}

// ---------------------------------------------------------------------------
// GET /api/threads
// ---------------------------------------------------------------------------

#[tokio::test]
async fn list_threads_sends_service_id_include_messages_and_limit_and_decodes_the_bare_array() {
    let server = MockServer::start_async().await;
    // A list holds thread objects like the page's (the docs give no list example).
    let mock = server
        .mock_async(|when, then| {
            authenticated(
                when.method(GET)
                    .path("/api/threads")
                    .query_param("serviceId", "service_123")
                    .query_param("includeMessages", "1")
                    .query_param("limit", "50")
                    .query_param_count(".*", ".*", 3),
            );
            then.status(200)
                .header("content-type", "application/json")
                .json_body(json!([docs_thread_example()]));
        })
        .await;

    let response = client(&server)
        .list_threads()
        .service_id("service_123")
        .include_messages(types::ListThreadsIncludeMessages::Value1)
        .limit(50)
        .send()
        .await
        .expect("the list decodes");

    mock.assert_async().await;
    assert_eq!(response.status(), 200);
    let threads = response.into_inner();
    assert_eq!(threads.len(), 1);
    assert_is_docs_thread(&threads[0]);
}

#[tokio::test]
async fn list_threads_sends_only_service_id_when_nothing_else_is_set() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            authenticated(
                when.method(GET)
                    .path("/api/threads")
                    .query_param("serviceId", "service_123")
                    .query_param_missing("includeMessages")
                    .query_param_missing("limit"),
            );
            then.status(200).json_body(json!([]));
        })
        .await;

    let threads = client(&server)
        .list_threads()
        .service_id("service_123")
        .send()
        .await
        .expect("an empty list decodes")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(threads, Vec::<types::Thread>::new());
}

#[tokio::test]
async fn list_threads_refuses_to_send_without_service_id() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.any_request();
            then.status(200).json_body(json!([]));
        })
        .await;

    let error = client(&server)
        .list_threads()
        .send()
        .await
        .expect_err("serviceId is required");

    assert!(
        matches!(&error, Error::InvalidRequest(m) if m.contains("service_id")),
        "{error:?}"
    );
    assert_eq!(mock.calls_async().await, 0, "nothing was sent");
}

// ---------------------------------------------------------------------------
// GET /api/threads/{id}
// ---------------------------------------------------------------------------

#[tokio::test]
async fn get_thread_decodes_the_pages_example_field_by_field() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            authenticated(
                when.method(GET)
                    .path("/api/threads/thread_abc123")
                    .query_param_count(".*", ".*", 0),
            );
            then.status(200)
                .header("content-type", "application/json")
                .json_body(docs_thread_example());
        })
        .await;

    let response = client(&server)
        .get_thread()
        .id("thread_abc123")
        .send()
        .await
        .expect("the page's example decodes");

    mock.assert_async().await;
    assert_eq!(response.status(), 200);
    assert_is_docs_thread(&response.into_inner());
}

// ---------------------------------------------------------------------------
// PATCH /api/threads/{id}
// ---------------------------------------------------------------------------

#[tokio::test]
async fn update_thread_patches_only_the_given_keys_and_decodes_ok() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            authenticated(
                when.method(PATCH)
                    .path("/api/threads/thread_abc123")
                    .query_param_count(".*", ".*", 0)
                    .header("content-type", "application/json")
                    // Exactly these keys: absent fields are not sent as null.
                    .json_body(json!({
                        "status": "archived",
                        "isRead": true,
                        "categoryId": "cat_support",
                        "replyFromEmail": "",
                        "detectedLanguage": "ko"
                    })),
            );
            // The README's success body.
            then.status(200).json_body(json!({ "ok": true }));
        })
        .await;

    let response = client(&server)
        .update_thread()
        .id("thread_abc123")
        .body(types::ThreadUpdate {
            status: Some(ThreadStatus::Archived),
            is_read: Some(true),
            category_id: Some("cat_support".into()),
            // An empty string clears the reply address (README).
            reply_from_email: Some(String::new()),
            detected_language: Some("ko".into()),
        })
        .send()
        .await
        .expect("{\"ok\": true} decodes");

    mock.assert_async().await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.into_inner().ok, Some(true));
}

#[tokio::test]
async fn update_thread_sends_one_key_alone() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            authenticated(
                when.method(PATCH)
                    .path("/api/threads/thread_abc123")
                    .json_body(json!({ "isRead": false })),
            );
            then.status(200).json_body(json!({ "ok": true }));
        })
        .await;

    let ok = client(&server)
        .update_thread()
        .id("thread_abc123")
        .body_map(|body| body.is_read(false))
        .send()
        .await
        .expect("{\"ok\": true} decodes")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(ok, types::OkResponse { ok: Some(true) });
}

// ---------------------------------------------------------------------------
// POST /api/threads/{id}/send
// ---------------------------------------------------------------------------

#[tokio::test]
async fn send_draft_posts_no_body_with_the_idempotency_key_and_decodes_the_result() {
    let server = MockServer::start_async().await;
    // Our body, with the fields the README lists for a 200.
    let mock = server
        .mock_async(|when, then| {
            authenticated(
                when.method(POST)
                    .path("/api/threads/thread_abc123/send")
                    .query_param_count(".*", ".*", 0)
                    .header("x-idempotency-key", "send-thread_abc123-1")
                    .header_count("x-idempotency-key", ".*", 1)
                    .header_missing("content-type")
                    .body(""),
            );
            then.status(200).json_body(json!({
                "ok": true,
                "gmailMessageId": "18e0a1b2c3d4e5f6",
                "idempotencyKey": "send-thread_abc123-1",
                "outboxStatus": "sent"
            }));
        })
        .await;

    let response = client(&server)
        .send_draft()
        .id("thread_abc123")
        .x_idempotency_key("send-thread_abc123-1")
        .send()
        .await
        .expect("the send result decodes");

    mock.assert_async().await;
    assert_eq!(response.status(), 200);
    let sent = response.into_inner();
    assert_eq!(sent.ok, Some(true));
    assert_eq!(sent.gmail_message_id.as_deref(), Some("18e0a1b2c3d4e5f6"));
    assert_eq!(
        sent.idempotency_key.as_deref(),
        Some("send-thread_abc123-1")
    );
    assert_eq!(sent.outbox_status, Some(SendResultOutboxStatus::Sent));
    assert_eq!(sent.replayed, None, "present only on a replay");
}

#[tokio::test]
async fn send_draft_decodes_a_replay_with_a_null_gmail_message_id() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            authenticated(
                when.method(POST)
                    .path("/api/threads/thread_abc123/send")
                    .header("x-idempotency-key", "send-thread_abc123-1"),
            );
            then.status(200).json_body(json!({
                "ok": true,
                "gmailMessageId": null,
                "idempotencyKey": "send-thread_abc123-1",
                "outboxStatus": "sent",
                "replayed": true
            }));
        })
        .await;

    let sent = client(&server)
        .send_draft()
        .id("thread_abc123")
        .x_idempotency_key("send-thread_abc123-1")
        .send()
        .await
        .expect("a replay decodes")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(
        sent,
        types::SendResult {
            ok: Some(true),
            gmail_message_id: None,
            idempotency_key: Some("send-thread_abc123-1".into()),
            outbox_status: Some(SendResultOutboxStatus::Sent),
            replayed: Some(true),
        }
    );
}

#[tokio::test]
async fn send_draft_error_statuses_decode_their_bodies_with_the_extra_fields() {
    let server = MockServer::start_async().await;
    let mut client = client(&server);
    // One attempt per status whatever the retry rules are: this test is about
    // the bodies.
    client.set_retry_policy(RetryPolicy::disabled());

    let cases: [(u16, Value, types::SendError); 7] = [
        (
            400,
            json!({ "error": "draft is empty" }),
            types::SendError {
                error: Some("draft is empty".into()),
                ..Default::default()
            },
        ),
        (
            401,
            // The README's body.
            json!({ "error": "Unauthorized" }),
            types::SendError {
                error: Some("Unauthorized".into()),
                ..Default::default()
            },
        ),
        (
            403,
            // The README's body.
            json!({ "error": "Forbidden" }),
            types::SendError {
                error: Some("Forbidden".into()),
                ..Default::default()
            },
        ),
        (
            404,
            json!({ "error": "service account not found" }),
            types::SendError {
                error: Some("service account not found".into()),
                ..Default::default()
            },
        ),
        (
            409,
            json!({
                "error": "send_in_progress",
                "idempotencyKey": "key-409",
                "outboxStatus": "pending"
            }),
            types::SendError {
                error: Some("send_in_progress".into()),
                detail: None,
                idempotency_key: Some("key-409".into()),
                outbox_status: Some(SendErrorOutboxStatus::Pending),
            },
        ),
        (
            409,
            json!({
                "error": "send_failed_previously",
                "detail": "Gmail rejected the message",
                "idempotencyKey": "key-409-failed",
                "outboxStatus": "failed"
            }),
            types::SendError {
                error: Some("send_failed_previously".into()),
                detail: Some("Gmail rejected the message".into()),
                idempotency_key: Some("key-409-failed".into()),
                outbox_status: Some(SendErrorOutboxStatus::Failed),
            },
        ),
        (
            502,
            json!({
                "error": "failed_to_send",
                "detail": "Gmail API error",
                "idempotencyKey": "key-502",
                "outboxStatus": "failed"
            }),
            types::SendError {
                error: Some("failed_to_send".into()),
                detail: Some("Gmail API error".into()),
                idempotency_key: Some("key-502".into()),
                outbox_status: Some(SendErrorOutboxStatus::Failed),
            },
        ),
    ];

    for (index, (status, body, expected)) in cases.into_iter().enumerate() {
        let id = format!("thread_{index}");
        let mock = server
            .mock_async(|when, then| {
                authenticated(
                    when.method(POST)
                        .path(format!("/api/threads/{id}/send"))
                        .body(""),
                );
                then.status(status)
                    .header("content-type", "application/json")
                    .json_body(body);
            })
            .await;

        let (got_status, got) = error_body(client.send_draft().id(&id).send().await);

        assert_eq!(mock.calls_async().await, 1, "{status} {expected:?}");
        assert_eq!(got_status, status);
        assert_eq!(got, expected, "{status}");
    }
}

// ---------------------------------------------------------------------------
// GET /api/drafts/{threadId}
// ---------------------------------------------------------------------------

#[tokio::test]
async fn get_draft_decodes_a_draft_and_json_null() {
    let server = MockServer::start_async().await;
    // Our draft, with every field the README lists.
    let with_draft = server
        .mock_async(|when, then| {
            authenticated(
                when.method(GET)
                    .path("/api/drafts/thread_abc123")
                    .query_param_count(".*", ".*", 0),
            );
            then.status(200).json_body(json!({
                "id": "draft_1",
                "threadId": "thread_abc123",
                "subject": "Re: Question about order #5678",
                "content": "<p>Thank you for reaching out. We're looking into this.</p>",
                "translation": "",
                "status": "ready",
                "sentAt": null,
                "updatedAt": "2026-03-01T10:31:00.000Z"
            }));
        })
        .await;
    let without_draft = server
        .mock_async(|when, then| {
            authenticated(when.method(GET).path("/api/drafts/thread_none"));
            then.status(200)
                .header("content-type", "application/json")
                .body("null");
        })
        .await;
    let client = client(&server);

    let response = client
        .get_draft()
        .thread_id("thread_abc123")
        .send()
        .await
        .expect("a draft decodes");
    assert_eq!(response.status(), 200);
    let draft = response.into_inner().expect("a draft, not null");
    assert_eq!(draft.id.as_deref(), Some("draft_1"));
    assert_eq!(draft.thread_id.as_deref(), Some("thread_abc123"));
    assert_eq!(
        draft.subject.as_deref(),
        Some("Re: Question about order #5678")
    );
    assert_eq!(
        draft.content.as_deref(),
        Some("<p>Thank you for reaching out. We're looking into this.</p>")
    );
    assert_eq!(draft.translation.as_deref(), Some(""));
    assert_eq!(draft.status, Some(DraftStatus::Ready));
    assert_eq!(draft.sent_at, None);
    assert_eq!(
        draft.updated_at.as_deref(),
        Some("2026-03-01T10:31:00.000Z")
    );

    let none = client
        .get_draft()
        .thread_id("thread_none")
        .send()
        .await
        .expect("JSON null decodes")
        .into_inner();
    assert_eq!(none, None);

    with_draft.assert_async().await;
    without_draft.assert_async().await;
}

// ---------------------------------------------------------------------------
// PUT /api/drafts/{threadId}
// ---------------------------------------------------------------------------

#[tokio::test]
async fn put_draft_sends_the_given_fields_and_decodes_ok() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            authenticated(
                when.method(PUT)
                    .path("/api/drafts/thread_abc123")
                    .query_param_count(".*", ".*", 0)
                    .header("content-type", "application/json")
                    .json_body(json!({
                        "content": "<p>Your order ships tomorrow.</p>",
                        "subject": "Re: Question about order #5678",
                        "translation": "<p>주문은 내일 발송됩니다.</p>",
                        "status": "ready"
                    })),
            );
            // The README's success body.
            then.status(200).json_body(json!({ "ok": true }));
        })
        .await;

    let response = client(&server)
        .put_draft()
        .thread_id("thread_abc123")
        .body(types::DraftUpdate {
            content: Some("<p>Your order ships tomorrow.</p>".into()),
            subject: Some("Re: Question about order #5678".into()),
            translation: Some("<p>주문은 내일 발송됩니다.</p>".into()),
            status: Some(DraftStatus::Ready),
        })
        .send()
        .await
        .expect("{\"ok\": true} decodes");

    mock.assert_async().await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.into_inner().ok, Some(true));
}

// ---------------------------------------------------------------------------
// The documented `{"error": …}` bodies of the other operations
// ---------------------------------------------------------------------------

#[tokio::test]
async fn documented_error_bodies_decode_with_their_status() {
    let server = MockServer::start_async().await;
    let client = client(&server);

    // GET /api/threads without a usable serviceId: the README's 400 body.
    let mock = server
        .mock_async(|when, then| {
            authenticated(
                when.method(GET)
                    .path("/api/threads")
                    .query_param("serviceId", ""),
            );
            then.status(400)
                .json_body(json!({ "error": "serviceId required" }));
        })
        .await;
    let (status, body) = error_body(client.list_threads().service_id("").send().await);
    mock.assert_async().await;
    assert_eq!(
        (status, body.error.as_deref()),
        (400, Some("serviceId required"))
    );

    // GET /api/threads/{id}: the page's 404 body.
    let mock = server
        .mock_async(|when, then| {
            authenticated(when.method(GET).path("/api/threads/thread_gone"));
            then.status(404)
                .json_body(json!({ "error": "thread not found" }));
        })
        .await;
    let (status, body) = error_body(client.get_thread().id("thread_gone").send().await);
    mock.assert_async().await;
    assert_eq!(
        (status, body.error.as_deref()),
        (404, Some("thread not found"))
    );

    // PATCH with a reply address that is no sender identity: the README's 400.
    let mock = server
        .mock_async(|when, then| {
            authenticated(
                when.method(PATCH)
                    .path("/api/threads/thread_abc123")
                    .json_body(json!({ "replyFromEmail": "someone@elsewhere.example" })),
            );
            then.status(400)
                .json_body(json!({ "error": "invalid_reply_from_email" }));
        })
        .await;
    let (status, body) = error_body(
        client
            .update_thread()
            .id("thread_abc123")
            .body_map(|b| b.reply_from_email("someone@elsewhere.example".to_owned()))
            .send()
            .await,
    );
    mock.assert_async().await;
    assert_eq!(
        (status, body.error.as_deref()),
        (400, Some("invalid_reply_from_email"))
    );

    // PATCH on a thread that does not exist.
    let mock = server
        .mock_async(|when, then| {
            authenticated(when.method(PATCH).path("/api/threads/thread_gone"));
            then.status(404)
                .json_body(json!({ "error": "thread not found" }));
        })
        .await;
    let (status, body) = error_body(
        client
            .update_thread()
            .id("thread_gone")
            .body_map(|b| b.is_read(true))
            .send()
            .await,
    );
    mock.assert_async().await;
    assert_eq!(
        (status, body.error.as_deref()),
        (404, Some("thread not found"))
    );

    // The drafts answer 401 `{"error": "Unauthorized"}` (the README's body)
    // when the session is not accepted.
    let mock = server
        .mock_async(|when, then| {
            authenticated(when.method(GET).path("/api/drafts/thread_abc123"));
            then.status(401)
                .json_body(json!({ "error": "Unauthorized" }));
        })
        .await;
    let (status, body) = error_body(client.get_draft().thread_id("thread_abc123").send().await);
    mock.assert_async().await;
    assert_eq!((status, body.error.as_deref()), (401, Some("Unauthorized")));

    let mock = server
        .mock_async(|when, then| {
            authenticated(when.method(PUT).path("/api/drafts/thread_abc123"));
            then.status(401)
                .json_body(json!({ "error": "Unauthorized" }));
        })
        .await;
    let (status, body) = error_body(
        client
            .put_draft()
            .thread_id("thread_abc123")
            .body_map(|b| b.status(DraftStatus::Skipped))
            .send()
            .await,
    );
    mock.assert_async().await;
    assert_eq!((status, body.error.as_deref()), (401, Some("Unauthorized")));
}

/// Over https the browser's session cookie is `__Secure-authjs.session-token`
/// (Auth.js v5): the constructor's default name is replaced with
/// `set_credential`, and the default name is then not sent at all.
#[tokio::test]
async fn the_session_cookie_name_is_overridable() {
    const SECURE: &str = "__Secure-authjs.session-token";
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/threads/thread_abc123")
                .header("cookie", format!("{SECURE}={SESSION}"))
                .cookie_missing(COOKIE);
            then.status(200)
                .header("content-type", "application/json")
                .json_body(docs_thread_example());
        })
        .await;
    let mut client = client(&server);
    client.set_credential(client_runtime::Credential::cookie(SECURE, SESSION));

    let thread = client
        .get_thread()
        .id("thread_abc123")
        .send()
        .await
        .expect("the thread")
        .into_inner();
    assert_is_docs_thread(&thread);
    assert_eq!(mock.calls_async().await, 1);
}
