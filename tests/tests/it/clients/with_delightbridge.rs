//! DelightBridge's client against the mock server.

use super::*;

// ---------------------------------------------------------------------------
// DelightBridge
// ---------------------------------------------------------------------------

/// The "Response Example" of the DelightBridge page (specs/delightbridge.yaml,
/// `examples.response_example`), e-mail addresses as the saved page has them:
/// `[email\u{a0}protected]`, with a non-breaking space (U+00A0).
fn delightbridge_thread_example_json() -> Value {
    json!({
        "id": "thread_abc123",
        "serviceId": "service_123",
        "subject": "Question about order #5678",
        "customerEmail": "[email\u{a0}protected]",
        "customerName": "Jane Smith",
        "categoryId": "cat_support",
        "status": "inbox",
        "detectedLanguage": "en",
        "isRead": false,
        "lastMessageAt": "2026-03-01T10:30:00.000Z",
        "draft": "<p>Thank you for reaching out. We're looking into this.</p>",
        "draftSubject": "Re: Question about order #5678",
        "draftAttachments": [],
        "translation": "",
        "lastMessagePreview": "I have a question about my recent order...",
        "messageCount": 2,
        "messages": [
            {
                "id": "msg_001",
                "fromEmail": "[email\u{a0}protected]",
                "fromName": "Jane Smith",
                "toEmail": "[email\u{a0}protected]",
                "body": "<p>I have a question about my recent order #5678...</p>",
                "direction": "inbound",
                "timestamp": "2026-03-01T10:00:00.000Z",
                "attachments": []
            },
            {
                "id": "msg_002",
                "fromEmail": "[email\u{a0}protected]",
                "fromName": "Support Team",
                "toEmail": "[email\u{a0}protected]",
                "body": "<p>Thank you for reaching out. We're looking into this.</p>",
                "direction": "outbound",
                "timestamp": "2026-03-01T10:30:00.000Z",
                "attachments": []
            }
        ]
    })
}

fn delightbridge_thread_example() -> delightbridge::types::Thread {
    delightbridge::types::Thread {
        id: some("thread_abc123"),
        service_id: some("service_123"),
        subject: some("Question about order #5678"),
        customer_email: some("[email\u{a0}protected]"),
        customer_name: some("Jane Smith"),
        category_id: some("cat_support"),
        status: Some(delightbridge::types::ThreadStatus::Inbox),
        detected_language: some("en"),
        is_read: Some(false),
        last_message_at: some("2026-03-01T10:30:00.000Z"),
        draft: some("<p>Thank you for reaching out. We're looking into this.</p>"),
        draft_subject: some("Re: Question about order #5678"),
        draft_attachments: vec![],
        translation: some(""),
        last_message_preview: some("I have a question about my recent order..."),
        message_count: Some(2),
        messages: vec![
            delightbridge::types::ThreadMessage {
                id: some("msg_001"),
                from_email: some("[email\u{a0}protected]"),
                from_name: some("Jane Smith"),
                to_email: some("[email\u{a0}protected]"),
                body: some("<p>I have a question about my recent order #5678...</p>"),
                direction: Some(delightbridge::types::ThreadMessageDirection::Inbound),
                timestamp: some("2026-03-01T10:00:00.000Z"),
                attachments: vec![],
            },
            delightbridge::types::ThreadMessage {
                id: some("msg_002"),
                from_email: some("[email\u{a0}protected]"),
                from_name: some("Support Team"),
                to_email: some("[email\u{a0}protected]"),
                body: some("<p>Thank you for reaching out. We're looking into this.</p>"),
                direction: Some(delightbridge::types::ThreadMessageDirection::Outbound),
                timestamp: some("2026-03-01T10:30:00.000Z"),
                attachments: vec![],
            },
        ],
        // Not in the page's example (the app's source has it: provider-docs README).
        reply_from_email: None,
    }
}

#[tokio::test]
async fn delightbridge_get_thread_decodes_docs_example_and_sends_session_cookie() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/threads/thread_abc123")
                .header(
                    "cookie",
                    format!("authjs.session-token={DELIGHTBRIDGE_SESSION}"),
                )
                .cookie("authjs.session-token", DELIGHTBRIDGE_SESSION);
            then.status(200)
                .header("content-type", "application/json")
                .json_body(delightbridge_thread_example_json());
        })
        .await;
    let client = delightbridge::Client::with_authjs_session_token_cookie(
        &server.base_url(),
        DELIGHTBRIDGE_SESSION,
    );

    let response = client
        .get_thread()
        .id("thread_abc123")
        .send()
        .await
        .expect("the docs' example decodes");

    mock.assert_async().await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.into_inner(), delightbridge_thread_example());
}

#[tokio::test]
async fn delightbridge_documented_401_and_404_carry_status_and_typed_error_body() {
    let server = MockServer::start_async().await;
    let client = delightbridge::Client::with_authjs_session_token_cookie(
        &server.base_url(),
        DELIGHTBRIDGE_SESSION,
    );

    // 404 with the page's example body; 401 with the body the provider-docs
    // README gives (`{"error": "Unauthorized"}`, the spec's example).
    for (status, message) in [(404_u16, "thread not found"), (401, "Unauthorized")] {
        let id = format!("thread_{status}");
        let mock = server
            .mock_async(|when, then| {
                when.method(GET).path(format!("/api/threads/{id}")).header(
                    "cookie",
                    format!("authjs.session-token={DELIGHTBRIDGE_SESSION}"),
                );
                then.status(status)
                    .header("content-type", "application/json")
                    .json_body(json!({ "error": message }));
            })
            .await;

        let err = client
            .get_thread()
            .id(&id)
            .send()
            .await
            .expect_err("a documented error status is an error");

        mock.assert_async().await;
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        match err {
            delightbridge::Error::ErrorResponse(response) => {
                assert_eq!(response.status().as_u16(), status);
                assert_eq!(response.error.as_deref(), Some(message), "via Deref");
                assert_eq!(
                    response.into_inner(),
                    delightbridge::types::Error {
                        error: some(message)
                    }
                );
            }
            other => panic!("{status}: expected Error::ErrorResponse, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn delightbridge_extra_field_unknown_status_and_missing_fields_decode() {
    let server = MockServer::start_async().await;
    let mut body = delightbridge_thread_example_json();
    body["status"] = json!("snoozed");
    body["assigneeId"] = json!("usr_77");
    body["messages"][0]["ccEmails"] = json!(["[email protected]"]);
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/api/threads/thread_fwd");
            then.status(200).json_body(body);
        })
        .await;
    let sparse = server
        .mock_async(|when, then| {
            when.method(GET).path("/api/threads/thread_sparse");
            then.status(200).json_body(json!({ "id": "thread_sparse" }));
        })
        .await;
    let client = delightbridge::Client::with_authjs_session_token_cookie(
        &server.base_url(),
        DELIGHTBRIDGE_SESSION,
    );

    let thread = client
        .get_thread()
        .id("thread_fwd")
        .send()
        .await
        .expect("an unknown status and undocumented fields decode")
        .into_inner();
    assert_eq!(
        thread,
        delightbridge::types::Thread {
            status: Some(delightbridge::types::ThreadStatus::Unknown(
                "snoozed".to_owned()
            )),
            ..delightbridge_thread_example()
        }
    );

    let thread = client
        .get_thread()
        .id("thread_sparse")
        .send()
        .await
        .expect("a thread with only an id decodes")
        .into_inner();
    assert_eq!(
        thread,
        delightbridge::types::Thread {
            id: some("thread_sparse"),
            ..Default::default()
        }
    );
    assert_eq!(thread.messages, vec![]);
    assert_eq!(thread.is_read, None);

    mock.assert_async().await;
    sparse.assert_async().await;
}
