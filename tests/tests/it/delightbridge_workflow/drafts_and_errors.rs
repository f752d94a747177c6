//! DelightBridge's drafts, and the documented error bodies of the other operations.

use super::*;

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
