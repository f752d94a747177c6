//! DelightBridge's thread operations (list, get, update, send) against the mock server.

use super::*;

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
