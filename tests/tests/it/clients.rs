//! The four generated clients against a local mock server (loopback only).
//!
//! For every operation: the documented example response decodes to exactly the
//! value the docs show (every field), the request goes out with the right
//! method, path, query and credential, and each documented error status comes
//! back as an error carrying that status. Then forward compatibility (extra
//! fields, values an enum does not list, missing and null fields) and the
//! handling of the credential itself (never in `Debug`, never sent by a client
//! built without one).

use contactship_client as contactship;
use delightbridge_client as delightbridge;
use gochat_client as gochat;
use httpmock::prelude::*;
use hubspot_client as hubspot;
use serde_json::{Value, json};

/// Distinctive secrets, so that a leak is unmistakable in `Debug` output.
const CONTACTSHIP_API_KEY: &str = "cs-live-key-7Qz9-DO-NOT-LEAK";
const HUBSPOT_TOKEN: &str = "pat-na1-hubspot-4f1c-DO-NOT-LEAK";
const DELIGHTBRIDGE_SESSION: &str = "db-session-91aa-DO-NOT-LEAK";
const GOCHAT_TOKEN: &str = "algoreg-token-c0ffee-DO-NOT-LEAK";

fn some(value: &str) -> Option<String> {
    Some(value.to_owned())
}

fn object(value: Value) -> serde_json::Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("expected a JSON object, got {other}"),
    }
}

// ---------------------------------------------------------------------------
// Contactship
// ---------------------------------------------------------------------------

const CONTACTSHIP_THREAD_ID: &str = "thr-b2c3d4e5-f6a7-8901-bcde-f12345678901";
const CONTACTSHIP_MESSAGE_ID: &str = "msg-a1b2c3d4-e5f6-7890-abcd-ef1234567890";

/// The response example of `GET /v1/thread/{threadId}` (specs/contactship.yaml,
/// as on the docs page).
fn contactship_thread_example_json() -> Value {
    json!({
        "id": "thr-b2c3d4e5-f6a7-8901-bcde-f12345678901",
        "channel_id": "chn_y0xspd9p1v7vla6wkwc2z01u",
        "channel_type": "WABA",
        "contact_id": "c1d2e3f4-a5b6-7890-cdef-123456789012",
        "organization_id": "org-f1e2d3c4-b5a6-7890-1234-567890abcdef",
        "status": "open",
        "assignee": null,
        "assignee_type": null,
        "created_at": "2026-04-06T15:00:00Z",
        "updated_at": "2026-04-06T15:05:00Z"
    })
}

fn contactship_thread_example() -> contactship::types::Thread {
    contactship::types::Thread {
        id: some("thr-b2c3d4e5-f6a7-8901-bcde-f12345678901"),
        channel_id: some("chn_y0xspd9p1v7vla6wkwc2z01u"),
        channel_type: Some(contactship::types::ThreadChannelType::Waba),
        contact_id: some("c1d2e3f4-a5b6-7890-cdef-123456789012"),
        organization_id: some("org-f1e2d3c4-b5a6-7890-1234-567890abcdef"),
        status: Some(contactship::types::ThreadStatus::Open),
        assignee: None,
        assignee_type: None,
        created_at: some("2026-04-06T15:00:00Z"),
        updated_at: some("2026-04-06T15:05:00Z"),
    }
}

/// The response example of `GET /v1/messages/{messageId}`.
fn contactship_message_example_json() -> Value {
    json!({
        "id": "msg-a1b2c3d4-e5f6-7890-abcd-ef1234567890",
        "thread_id": "thr-b2c3d4e5-f6a7-8901-bcde-f12345678901",
        "role": "human",
        "type": "text",
        "content": "Hello! How can I help you today?",
        "media": null,
        "from": "+12025551234",
        "source": "webapp",
        "status": "sent",
        "sender_id": null,
        "created_at": "2026-04-06T15:00:00Z"
    })
}

fn contactship_message_example() -> contactship::types::Message {
    contactship::types::Message {
        id: some("msg-a1b2c3d4-e5f6-7890-abcd-ef1234567890"),
        thread_id: some("thr-b2c3d4e5-f6a7-8901-bcde-f12345678901"),
        role: Some(contactship::types::MessageRole::Human),
        type_: Some(contactship::types::MessageType::Text),
        content: some("Hello! How can I help you today?"),
        media: None,
        from: some("+12025551234"),
        source: Some(contactship::types::MessageSource::Webapp),
        status: Some(contactship::types::MessageStatus::Sent),
        sender_id: None,
        created_at: some("2026-04-06T15:00:00Z"),
    }
}

#[tokio::test]
async fn contactship_get_thread_decodes_docs_example_and_sends_x_api_key() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/v1/thread/{CONTACTSHIP_THREAD_ID}"))
                .header("x-api-key", CONTACTSHIP_API_KEY);
            then.status(200)
                .header("content-type", "application/json")
                .json_body(contactship_thread_example_json());
        })
        .await;
    let client = contactship::Client::with_api_key(&server.base_url(), CONTACTSHIP_API_KEY);

    let response = client
        .get_thread()
        .thread_id(CONTACTSHIP_THREAD_ID)
        .send()
        .await
        .expect("the docs' example decodes");

    mock.assert_async().await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.into_inner(), contactship_thread_example());
}

#[tokio::test]
async fn contactship_get_message_decodes_docs_example_and_sends_x_api_key() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/v1/messages/{CONTACTSHIP_MESSAGE_ID}"))
                .header("x-api-key", CONTACTSHIP_API_KEY);
            then.status(200)
                .header("content-type", "application/json")
                .json_body(contactship_message_example_json());
        })
        .await;
    let client = contactship::Client::with_api_key(&server.base_url(), CONTACTSHIP_API_KEY);

    let response = client
        .get_message()
        .message_id(CONTACTSHIP_MESSAGE_ID)
        .send()
        .await
        .expect("the docs' example decodes");

    mock.assert_async().await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.into_inner(), contactship_message_example());
}

#[tokio::test]
async fn contactship_get_thread_documented_401_404_500_are_error_responses_with_status() {
    let server = MockServer::start_async().await;
    let mut client = contactship::Client::with_api_key(&server.base_url(), CONTACTSHIP_API_KEY);
    // The status mapping, not retries (500 would be retried): one attempt.
    client.set_retry_policy(contactship::RetryPolicy::disabled());

    for status in [401_u16, 404, 500] {
        let thread_id = format!("thr-status-{status}");
        let mock = server
            .mock_async(|when, then| {
                when.method(GET)
                    .path(format!("/v1/thread/{thread_id}"))
                    .header("x-api-key", CONTACTSHIP_API_KEY);
                // The docs show no error body; send a plausible one anyway.
                then.status(status)
                    .header("content-type", "application/json")
                    .json_body(json!({ "message": "error" }));
            })
            .await;

        let err = client
            .get_thread()
            .thread_id(&thread_id)
            .send()
            .await
            .expect_err("a documented error status is an error");

        mock.assert_async().await;
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        match err {
            contactship::Error::ErrorResponse(response) => {
                assert_eq!(response.status().as_u16(), status);
                // The spec gives these statuses no body schema: the body is dropped.
                let () = response.into_inner();
            }
            other => panic!("{status}: expected Error::ErrorResponse, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn contactship_get_message_documented_401_404_500_are_error_responses_with_status() {
    let server = MockServer::start_async().await;
    let mut client = contactship::Client::with_api_key(&server.base_url(), CONTACTSHIP_API_KEY);
    // The status mapping, not retries (500 would be retried): one attempt.
    client.set_retry_policy(contactship::RetryPolicy::disabled());

    for status in [401_u16, 404, 500] {
        let message_id = format!("msg-status-{status}");
        let mock = server
            .mock_async(|when, then| {
                when.method(GET)
                    .path(format!("/v1/messages/{message_id}"))
                    .header("x-api-key", CONTACTSHIP_API_KEY);
                then.status(status);
            })
            .await;

        let err = client
            .get_message()
            .message_id(&message_id)
            .send()
            .await
            .expect_err("a documented error status is an error");

        mock.assert_async().await;
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status));
        match err {
            contactship::Error::ErrorResponse(response) => {
                assert_eq!(response.status().as_u16(), status);
                let () = response.into_inner();
            }
            other => panic!("{status}: expected Error::ErrorResponse, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn contactship_thread_extra_field_and_unknown_channel_type_and_status_decode() {
    let server = MockServer::start_async().await;
    let mut body = contactship_thread_example_json();
    body["channel_type"] = json!("TELEGRAM");
    body["status"] = json!("snoozed");
    body["assignee"] = json!("usr-0a1b2c3d");
    body["assignee_type"] = json!("agent");
    body["priority"] = json!({ "level": "high", "undocumented": true });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/thread/thr-fwd");
            then.status(200).json_body(body);
        })
        .await;
    let client = contactship::Client::with_api_key(&server.base_url(), CONTACTSHIP_API_KEY);

    let thread = client
        .get_thread()
        .thread_id("thr-fwd")
        .send()
        .await
        .expect("an undocumented field and open-vocabulary values decode")
        .into_inner();

    mock.assert_async().await;
    let status = contactship::types::ThreadStatus::Unknown("snoozed".to_owned());
    let channel_type = contactship::types::ThreadChannelType::Unknown("TELEGRAM".to_owned());
    assert_eq!(status.as_str(), "snoozed");
    assert!(!channel_type.is_known());
    assert_eq!(
        thread,
        contactship::types::Thread {
            channel_type: Some(channel_type),
            status: Some(status),
            assignee: some("usr-0a1b2c3d"),
            assignee_type: Some(contactship::types::ThreadAssigneeType::Agent),
            ..contactship_thread_example()
        }
    );
}

#[tokio::test]
async fn contactship_message_unknown_values_of_closed_enums_decode_as_unknown() {
    let server = MockServer::start_async().await;
    let mut body = contactship_message_example_json();
    body["status"] = json!("bounced");
    body["role"] = json!("system");
    body["type"] = json!("sticker");
    body["source"] = json!("instagram");
    body["media"] = json!({ "url": "https://cdn.example/sticker.webp", "mime_type": "image/webp" });
    body["sender_id"] = json!("usr-42");
    body["reactions"] = json!(["👍"]);
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/messages/msg-fwd");
            then.status(200).json_body(body);
        })
        .await;
    let client = contactship::Client::with_api_key(&server.base_url(), CONTACTSHIP_API_KEY);

    let message = client
        .get_message()
        .message_id("msg-fwd")
        .send()
        .await
        .expect("values a closed enum does not list still decode")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(
        message,
        contactship::types::Message {
            status: Some(contactship::types::MessageStatus::Unknown(
                "bounced".to_owned()
            )),
            role: Some(contactship::types::MessageRole::Unknown(
                "system".to_owned()
            )),
            type_: Some(contactship::types::MessageType::Unknown(
                "sticker".to_owned()
            )),
            source: Some(contactship::types::MessageSource::Unknown(
                "instagram".to_owned()
            )),
            media: Some(object(json!({
                "url": "https://cdn.example/sticker.webp",
                "mime_type": "image/webp"
            }))),
            sender_id: some("usr-42"),
            ..contactship_message_example()
        }
    );
}

#[tokio::test]
async fn contactship_missing_optional_fields_decode_as_none() {
    let server = MockServer::start_async().await;
    let empty = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/thread/thr-empty");
            then.status(200).json_body(json!({}));
        })
        .await;
    let only_id = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/thread/thr-only-id");
            then.status(200).json_body(json!({ "id": "thr-only-id" }));
        })
        .await;
    let empty_message = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/messages/msg-empty");
            then.status(200).json_body(json!({}));
        })
        .await;
    let client = contactship::Client::with_api_key(&server.base_url(), CONTACTSHIP_API_KEY);

    let thread = client
        .get_thread()
        .thread_id("thr-empty")
        .send()
        .await
        .expect("{} decodes")
        .into_inner();
    assert_eq!(
        thread,
        contactship::types::Thread {
            id: None,
            channel_id: None,
            channel_type: None,
            contact_id: None,
            organization_id: None,
            status: None,
            assignee: None,
            assignee_type: None,
            created_at: None,
            updated_at: None,
        }
    );

    let thread = client
        .get_thread()
        .thread_id("thr-only-id")
        .send()
        .await
        .expect("a thread with only an id decodes")
        .into_inner();
    assert_eq!(
        thread,
        contactship::types::Thread {
            id: some("thr-only-id"),
            ..Default::default()
        }
    );

    let message = client
        .get_message()
        .message_id("msg-empty")
        .send()
        .await
        .expect("{} decodes")
        .into_inner();
    assert_eq!(message, contactship::types::Message::default());
    assert_eq!(message.id, None);
    assert_eq!(message.status, None);

    empty.assert_async().await;
    only_id.assert_async().await;
    empty_message.assert_async().await;
}

#[tokio::test]
async fn contactship_documented_nullable_fields_decode_null_as_none() {
    let server = MockServer::start_async().await;
    let mut thread_body = contactship_thread_example_json();
    thread_body["assignee"] = Value::Null;
    thread_body["assignee_type"] = Value::Null;
    let thread_mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/thread/thr-nulls");
            then.status(200).json_body(thread_body);
        })
        .await;
    let mut message_body = contactship_message_example_json();
    message_body["media"] = Value::Null;
    message_body["sender_id"] = Value::Null;
    let message_mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/messages/msg-nulls");
            then.status(200).json_body(message_body);
        })
        .await;
    let client = contactship::Client::with_api_key(&server.base_url(), CONTACTSHIP_API_KEY);

    let thread = client
        .get_thread()
        .thread_id("thr-nulls")
        .send()
        .await
        .expect("assignee: null decodes")
        .into_inner();
    let message = client
        .get_message()
        .message_id("msg-nulls")
        .send()
        .await
        .expect("media: null decodes")
        .into_inner();

    thread_mock.assert_async().await;
    message_mock.assert_async().await;
    assert_eq!(thread.assignee, None);
    assert_eq!(thread.assignee_type, None);
    assert_eq!(thread, contactship_thread_example());
    assert_eq!(message.media, None);
    assert_eq!(message.sender_id, None);
    assert_eq!(message, contactship_message_example());
}

// ---------------------------------------------------------------------------
// HubSpot
// ---------------------------------------------------------------------------

/// Above 2^53, so a thread id that went through an `f64` would come out wrong.
const HUBSPOT_THREAD_ID: i64 = 9_007_199_254_740_993;
const HUBSPOT_THREAD_PATH: &str = "/conversations/v3/conversations/threads/9007199254740993";

/// The response example of the HubSpot page (specs/hubspot.yaml), placeholders
/// and all.
fn hubspot_thread_example_json() -> Value {
    json!({
        "associatedContactId": "<string>",
        "threadAssociations": {
            "associatedTicketId": "<string>"
        },
        "assignedTo": "<string>",
        "createdAt": "2023-11-07T05:31:56Z",
        "archived": true,
        "originalChannelId": "<string>",
        "latestMessageTimestamp": "2023-11-07T05:31:56Z",
        "latestMessageSentTimestamp": "2023-11-07T05:31:56Z",
        "originalChannelAccountId": "<string>",
        "id": "<string>",
        "closedAt": "2023-11-07T05:31:56Z",
        "spam": true,
        "inboxId": "<string>",
        "status": "OPEN",
        "latestMessageReceivedTimestamp": "2023-11-07T05:31:56Z"
    })
}

fn hubspot_thread_example() -> hubspot::types::PublicThread {
    // `format: date-time` fields are kept as the provider's text, so that an
    // odd timestamp cannot fail the response (the normalized model parses them).
    let at = "2023-11-07T05:31:56Z".to_owned();
    hubspot::types::PublicThread {
        associated_contact_id: "<string>".to_owned(),
        thread_associations: Some(hubspot::types::PublicThreadAssociations {
            associated_ticket_id: some("<string>"),
        }),
        assigned_to: some("<string>"),
        created_at: at.clone(),
        archived: true,
        original_channel_id: "<string>".to_owned(),
        latest_message_timestamp: Some(at.clone()),
        latest_message_sent_timestamp: Some(at.clone()),
        original_channel_account_id: "<string>".to_owned(),
        id: "<string>".to_owned(),
        closed_at: Some(at.clone()),
        spam: true,
        inbox_id: "<string>".to_owned(),
        status: hubspot::types::PublicThreadStatus::Open,
        latest_message_received_timestamp: Some(at),
    }
}

#[tokio::test]
async fn hubspot_get_thread_sends_int64_id_query_and_bearer_and_decodes_docs_example() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(HUBSPOT_THREAD_PATH)
                .query_param("archived", "true")
                .query_param("association", "TICKET")
                .query_param("property", "x")
                .header("authorization", format!("Bearer {HUBSPOT_TOKEN}"));
            then.status(200)
                .header("content-type", "application/json")
                .json_body(hubspot_thread_example_json());
        })
        .await;
    let client = hubspot::Client::with_bearer_token(&server.base_url(), HUBSPOT_TOKEN);

    let response = client
        .get_thread()
        .thread_id(HUBSPOT_THREAD_ID)
        .archived(true)
        .association(vec![hubspot::types::GetThreadAssociationItem::Ticket])
        .property("x")
        .send()
        .await
        .expect("the docs' example decodes");

    mock.assert_async().await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.into_inner(), hubspot_thread_example());
}

/// HubSpot documents every error as `default` with its `Error` body
/// (specs/hubspot.yaml, `components/responses/Error`), read as the 4XX and 5XX
/// statuses: a 404 is an `ErrorResponse` with the status and the decoded body.
#[tokio::test]
async fn hubspot_404_is_error_response_with_status_and_decoded_error_body() {
    let server = MockServer::start_async().await;
    let body = json!({
        "status": "error",
        "message": "Thread 42 not found",
        "correlationId": "aeb5f871-7f07-4993-9211-075dc63e7cbf",
        "category": "OBJECT_NOT_FOUND"
    });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/conversations/v3/conversations/threads/42")
                .header("authorization", format!("Bearer {HUBSPOT_TOKEN}"));
            then.status(404).json_body(body.clone());
        })
        .await;
    let client = hubspot::Client::with_bearer_token(&server.base_url(), HUBSPOT_TOKEN);

    let err = client
        .get_thread()
        .thread_id(42)
        .send()
        .await
        .expect_err("404 is an error");

    mock.assert_async().await;
    assert_eq!(err.status(), Some(reqwest::StatusCode::NOT_FOUND));
    match err {
        hubspot::Error::ErrorResponse(response) => {
            assert_eq!(response.status(), 404);
            let error = response.into_inner();
            assert_eq!(error.message, "Thread 42 not found");
            assert_eq!(error.category, "OBJECT_NOT_FOUND");
            assert_eq!(
                error.correlation_id.to_string(),
                "aeb5f871-7f07-4993-9211-075dc63e7cbf"
            );
            assert_eq!(error.sub_category, None);
            assert!(error.errors.is_empty() && error.context.is_empty() && error.links.is_empty());
        }
        other => panic!("expected Error::ErrorResponse, got {other:?}"),
    }
}

#[tokio::test]
async fn hubspot_unknown_status_extra_field_and_absent_optionals_decode() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/conversations/v3/conversations/threads/7");
            then.status(200).json_body(json!({
                "id": "7",
                "associatedContactId": "951",
                "createdAt": "2024-02-01T08:00:00.123Z",
                "archived": false,
                "originalChannelId": "1000",
                "originalChannelAccountId": "2000",
                "spam": false,
                "inboxId": "3000",
                "status": "SNOOZED",
                "closedAt": "sometime last week",
                "snoozedUntil": "2024-02-02T08:00:00Z"
            }));
        })
        .await;
    let client = hubspot::Client::with_bearer_token(&server.base_url(), HUBSPOT_TOKEN);

    let thread = client
        .get_thread()
        .thread_id(7)
        .send()
        .await
        .expect("an unknown status and an undocumented field decode")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(
        thread,
        hubspot::types::PublicThread {
            id: "7".to_owned(),
            associated_contact_id: "951".to_owned(),
            created_at: "2024-02-01T08:00:00.123Z".to_owned(),
            archived: false,
            original_channel_id: "1000".to_owned(),
            original_channel_account_id: "2000".to_owned(),
            spam: false,
            inbox_id: "3000".to_owned(),
            status: hubspot::types::PublicThreadStatus::Unknown("SNOOZED".to_owned()),
            thread_associations: None,
            assigned_to: None,
            latest_message_timestamp: None,
            latest_message_sent_timestamp: None,
            // Not a date-time: kept as sent, instead of failing the response.
            closed_at: Some("sometime last week".to_owned()),
            latest_message_received_timestamp: None,
        }
    );
    assert_eq!(thread.status.as_str(), "SNOOZED");
}

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

// ---------------------------------------------------------------------------
// Go!Chat
// ---------------------------------------------------------------------------

const GOCHAT_THREAD_ID: &str = "thr_01JC8ZK3V9T4";

fn gochat_checked_attachment_json() -> Value {
    json!({
        "id": "att_5d1e",
        "file_name": "passport_scan.pdf",
        "file_mime": "application/pdf",
        "file_type": "document",
        "file_size": 482133,
        "file_not_dangerous": true,
        "attachment_movements": {
            "total": 1,
            "movements": [
                { "agent_id": 17, "customer_id": "cus_88231", "file_id": "fil_4410" }
            ]
        }
    })
}

fn gochat_checked_attachment() -> gochat::types::Attachment {
    gochat::types::Attachment {
        id: some("att_5d1e"),
        file_name: some("passport_scan.pdf"),
        file_mime: some("application/pdf"),
        file_type: some("document"),
        file_size: Some(482_133),
        file_not_dangerous: Some(true),
        attachment_movements: Some(gochat::types::AttachmentMovements {
            total: Some(1),
            movements: vec![gochat::types::AttachmentMovedTo {
                agent_id: Some(17),
                customer_id: some("cus_88231"),
                file_id: some("fil_4410"),
            }],
        }),
    }
}

fn gochat_customer_json() -> Value {
    json!({
        "id": "cus_88231",
        "client_id": "4821",
        "external_id": "crm-10042",
        "account_number": "DE-000-88231",
        "account_type": 1,
        "customer_type": "person",
        "alias_ids": ["cus_70012"],
        "comment": "Onboarding via web form",
        "company_name": "",
        "trading_name": "",
        "registration_number": "",
        "contacts": "anna.schmidt@example.org",
        "created_at": "2025-10-30T14:20:00Z",
        "created_by": 17,
        "custom_fields": { "risk_score": 12, "source": "web" },
        "date_of_birth": "1988-04-12",
        "disabled": false,
        "domicile_code": "DE",
        "domicile_codes": ["DE", "AT"],
        "first_name": "Anna",
        "middle_name": "Maria",
        "last_name": "Schmidt",
        "kyc_level": 2,
        "phone": "+4915112345678",
        "name_variations": [{
            "first_name": "Ana",
            "middle_name": "M.",
            "last_name": "Schmitt",
            "company_name": "Schmidt Consulting",
            "trading_name": "AS Consulting"
        }],
        "nationality_code": "DE",
        "nationality_codes": ["DE"],
        "review_groups": ["kyc-level-2"],
        "revision_number": "3"
    })
}

fn gochat_message_json() -> Value {
    json!({
        "id": "msg_9f3a",
        "agent_id": 17,
        "mailbox_id": "mbx_support",
        "from": "support@bank.example",
        "to": "anna.schmidt@example.org",
        "cc": "compliance@bank.example",
        "bcc": "archive@bank.example",
        "subject": "Your onboarding documents",
        "content": "Hello Anna, please upload the back of your ID.",
        "raw_message": "From: support@bank.example\r\nSubject: Your onboarding documents\r\n\r\nHello Anna",
        "created_at": "2025-11-03T10:02:17Z",
        "delivery": { "state": "delivered", "at": "2025-11-03T10:02:19Z" },
        "origin": "email",
        "error_when_trying_to_send": "",
        "external_message_id": "<msg-2@mail.example.org>",
        "reply_to_external_message_id": "<msg-1@mail.example.org>",
        "priority": 1,
        "read_by_agents": [17, 23],
        "attachments": [
            gochat_checked_attachment_json(),
            {
                "id": "att_77c0",
                "file_name": "id_back.jpg",
                "file_mime": "image/jpeg",
                "file_type": "image",
                "file_size": 90211,
                "file_not_dangerous": null,
                "attachment_movements": { "total": 0, "movements": [] }
            }
        ]
    })
}

/// OUR payload, not the provider's: the Go!Chat page gives no response
/// example. It is written to cover every field of `Thread` and of the types it
/// nests (Customer with a name variation, Message as `last_message`,
/// Attachment with attachment_movements, ThreadReminder), with `status` as an
/// integer as the vendor's other pages write it. The values of the four
/// undefined types (ThreadStatus, MessageDelivery, MessageOrigin,
/// CustomerAccountType) are guesses; the spec accepts any JSON for them.
fn gochat_thread_json() -> Value {
    json!({
        "id": GOCHAT_THREAD_ID,
        "client_id": 4821,
        "status": 2,
        "created_at": "2025-11-03T09:12:44Z",
        "updated_at": "2025-11-03T10:02:17Z",
        "message_count": 3,
        "contacts": ["anna.schmidt@example.org", "+4915112345678"],
        "external_message_ids": [
            "<msg-1@mail.example.org>",
            "<msg-2@mail.example.org>"
        ],
        "review_groups": ["kyc-level-2"],
        "tags": ["onboarding", "documents-missing"],
        "reminder": {
            "delay": 86400,
            "next_date": "2025-11-04T10:02:17Z",
            "number_left": 2
        },
        "attachments": [gochat_checked_attachment_json()],
        "customers": [gochat_customer_json()],
        "last_message": gochat_message_json()
    })
}

fn gochat_thread() -> gochat::types::Thread {
    gochat::types::Thread {
        id: some(GOCHAT_THREAD_ID),
        client_id: Some(4821),
        status: Some(gochat::types::ThreadStatus(json!(2))),
        created_at: some("2025-11-03T09:12:44Z"),
        updated_at: some("2025-11-03T10:02:17Z"),
        message_count: Some(3),
        contacts: vec![
            "anna.schmidt@example.org".to_owned(),
            "+4915112345678".to_owned(),
        ],
        external_message_ids: vec![
            "<msg-1@mail.example.org>".to_owned(),
            "<msg-2@mail.example.org>".to_owned(),
        ],
        review_groups: vec!["kyc-level-2".to_owned()],
        tags: vec!["onboarding".to_owned(), "documents-missing".to_owned()],
        reminder: Some(gochat::types::ThreadReminder {
            delay: Some(86_400),
            next_date: some("2025-11-04T10:02:17Z"),
            number_left: Some(2),
        }),
        attachments: vec![gochat_checked_attachment()],
        customers: vec![gochat::types::Customer {
            id: some("cus_88231"),
            client_id: some("4821"),
            external_id: some("crm-10042"),
            account_number: some("DE-000-88231"),
            account_type: Some(gochat::types::CustomerAccountType(json!(1))),
            customer_type: some("person"),
            alias_ids: vec!["cus_70012".to_owned()],
            comment: some("Onboarding via web form"),
            company_name: some(""),
            trading_name: some(""),
            registration_number: some(""),
            contacts: some("anna.schmidt@example.org"),
            created_at: some("2025-10-30T14:20:00Z"),
            created_by: Some(17),
            custom_fields: object(json!({ "risk_score": 12, "source": "web" })),
            date_of_birth: some("1988-04-12"),
            disabled: Some(false),
            domicile_code: some("DE"),
            domicile_codes: vec!["DE".to_owned(), "AT".to_owned()],
            first_name: some("Anna"),
            middle_name: some("Maria"),
            last_name: some("Schmidt"),
            kyc_level: Some(2),
            phone: some("+4915112345678"),
            name_variations: vec![gochat::types::CustomerNameVariation {
                first_name: some("Ana"),
                middle_name: some("M."),
                last_name: some("Schmitt"),
                company_name: some("Schmidt Consulting"),
                trading_name: some("AS Consulting"),
            }],
            nationality_code: some("DE"),
            nationality_codes: vec!["DE".to_owned()],
            review_groups: vec!["kyc-level-2".to_owned()],
            revision_number: some("3"),
        }],
        last_message: Some(gochat::types::Message {
            id: some("msg_9f3a"),
            agent_id: Some(17),
            mailbox_id: some("mbx_support"),
            from: some("support@bank.example"),
            to: some("anna.schmidt@example.org"),
            cc: some("compliance@bank.example"),
            bcc: some("archive@bank.example"),
            subject: some("Your onboarding documents"),
            content: some("Hello Anna, please upload the back of your ID."),
            raw_message: some(
                "From: support@bank.example\r\nSubject: Your onboarding documents\r\n\r\nHello Anna",
            ),
            created_at: some("2025-11-03T10:02:17Z"),
            delivery: Some(gochat::types::MessageDelivery(json!({
                "state": "delivered",
                "at": "2025-11-03T10:02:19Z"
            }))),
            origin: Some(gochat::types::MessageOrigin(json!("email"))),
            error_when_trying_to_send: some(""),
            external_message_id: some("<msg-2@mail.example.org>"),
            reply_to_external_message_id: some("<msg-1@mail.example.org>"),
            priority: Some(1),
            read_by_agents: vec![17, 23],
            attachments: vec![
                gochat_checked_attachment(),
                gochat::types::Attachment {
                    id: some("att_77c0"),
                    file_name: some("id_back.jpg"),
                    file_mime: some("image/jpeg"),
                    file_type: some("image"),
                    file_size: Some(90_211),
                    // null: "not verified".
                    file_not_dangerous: None,
                    attachment_movements: Some(gochat::types::AttachmentMovements {
                        total: Some(0),
                        movements: vec![],
                    }),
                },
            ],
        }),
    }
}

#[tokio::test]
async fn gochat_get_thread_decodes_full_payload_and_sends_bearer_token() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/api/v1/thread/{GOCHAT_THREAD_ID}"))
                .header("authorization", format!("Bearer {GOCHAT_TOKEN}"));
            then.status(200)
                .header("content-type", "application/json")
                .json_body(gochat_thread_json());
        })
        .await;
    let client = gochat::Client::with_bearer_token(&server.base_url(), GOCHAT_TOKEN);

    let response = client
        .get_thread()
        .id(GOCHAT_THREAD_ID)
        .send()
        .await
        .expect("a full payload decodes");

    mock.assert_async().await;
    assert_eq!(response.status(), 200);
    let thread = response.into_inner();
    assert_eq!(thread.status.as_ref().and_then(|s| s.as_i64()), Some(2));
    assert_eq!(thread, gochat_thread());
}

/// The spec gives every Go!Chat operation a `default` error response (the
/// `{"errors": [APIError]}` body of gochat-error-format.txt), read as the
/// 4XX and 5XX statuses: a 404 is an `ErrorResponse` whose typed body is the
/// one sent (its fields not sent stay `None`).
#[tokio::test]
async fn gochat_404_is_error_response_with_status_and_typed_errors_body() {
    let server = MockServer::start_async().await;
    let body = json!({ "errors": [{ "code": "not_found", "message": "thread not found" }] });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/thread/thr_missing")
                .header("authorization", format!("Bearer {GOCHAT_TOKEN}"));
            then.status(404).json_body(body.clone());
        })
        .await;
    let client = gochat::Client::with_bearer_token(&server.base_url(), GOCHAT_TOKEN);

    let err = client
        .get_thread()
        .id("thr_missing")
        .send()
        .await
        .expect_err("404 is an error");

    mock.assert_async().await;
    assert_eq!(err.status(), Some(reqwest::StatusCode::NOT_FOUND));
    match err {
        gochat::Error::ErrorResponse(response) => {
            assert_eq!(response.status(), 404);
            let received = response.into_inner();
            assert_eq!(
                received,
                gochat::types::ApiErrors {
                    errors: vec![gochat::types::ApiError {
                        code: some("not_found"),
                        message: some("thread not found"),
                        deprecated: None,
                        will_be_deprecated: None,
                    }],
                }
            );
            assert_eq!(serde_json::to_value(&received).expect("serializes"), body);
        }
        other => panic!("expected Error::ErrorResponse, got {other:?}"),
    }
}

#[tokio::test]
async fn gochat_extra_fields_string_status_and_empty_thread_decode() {
    let server = MockServer::start_async().await;
    let mut body = gochat_thread_json();
    body["status"] = json!("waiting_for_customer");
    body["priority_score"] = json!(0.7);
    body["last_message"]["translated_content"] = json!("Hallo Anna");
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v1/thread/thr_fwd");
            then.status(200).json_body(body);
        })
        .await;
    let empty = server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v1/thread/thr_empty");
            then.status(200).json_body(json!({}));
        })
        .await;
    let client = gochat::Client::with_bearer_token(&server.base_url(), GOCHAT_TOKEN);

    let thread = client
        .get_thread()
        .id("thr_fwd")
        .send()
        .await
        .expect("undocumented fields and a string status decode")
        .into_inner();
    assert_eq!(
        thread,
        gochat::types::Thread {
            status: Some(gochat::types::ThreadStatus(json!("waiting_for_customer"))),
            ..gochat_thread()
        }
    );

    let thread = client
        .get_thread()
        .id("thr_empty")
        .send()
        .await
        .expect("{} decodes")
        .into_inner();
    assert_eq!(thread, gochat::types::Thread::default());
    assert_eq!(thread.status, None);
    assert_eq!(thread.last_message, None);
    assert!(thread.customers.is_empty());

    mock.assert_async().await;
    empty.assert_async().await;
}

// ---------------------------------------------------------------------------
// Credentials
// ---------------------------------------------------------------------------

fn assert_hidden(shown: &str, secret: &str) {
    assert!(!shown.contains(secret), "the secret leaks: {shown}");
    assert!(shown.contains("[REDACTED]"), "no redaction marker: {shown}");
}

#[test]
fn debug_of_every_client_never_shows_the_credential() {
    let url = "http://127.0.0.1:9";

    let client = contactship::Client::with_api_key(url, CONTACTSHIP_API_KEY);
    assert_hidden(&format!("{client:?}"), CONTACTSHIP_API_KEY);
    assert_hidden(&format!("{client:#?}"), CONTACTSHIP_API_KEY);
    assert_hidden(
        &format!("{:?}", client.get_thread().thread_id("thr-1")),
        CONTACTSHIP_API_KEY,
    );
    let mut client = contactship::Client::new(url);
    client.set_api_key(CONTACTSHIP_API_KEY);
    assert_hidden(&format!("{client:?}"), CONTACTSHIP_API_KEY);

    let client = hubspot::Client::with_bearer_token(url, HUBSPOT_TOKEN);
    assert_hidden(&format!("{client:?}"), HUBSPOT_TOKEN);
    assert_hidden(&format!("{client:#?}"), HUBSPOT_TOKEN);
    assert_hidden(
        &format!("{:?}", client.get_thread().thread_id(1)),
        HUBSPOT_TOKEN,
    );
    let mut client = hubspot::Client::new(url);
    client.set_bearer_token(HUBSPOT_TOKEN);
    assert_hidden(&format!("{client:?}"), HUBSPOT_TOKEN);

    let client =
        delightbridge::Client::with_authjs_session_token_cookie(url, DELIGHTBRIDGE_SESSION);
    assert_hidden(&format!("{client:?}"), DELIGHTBRIDGE_SESSION);
    assert_hidden(&format!("{client:#?}"), DELIGHTBRIDGE_SESSION);
    assert_hidden(
        &format!("{:?}", client.get_thread().id("t")),
        DELIGHTBRIDGE_SESSION,
    );
    let mut client = delightbridge::Client::new(url);
    client.set_authjs_session_token_cookie(DELIGHTBRIDGE_SESSION);
    assert_hidden(&format!("{client:?}"), DELIGHTBRIDGE_SESSION);

    let client = gochat::Client::with_bearer_token(url, GOCHAT_TOKEN);
    assert_hidden(&format!("{client:?}"), GOCHAT_TOKEN);
    assert_hidden(&format!("{client:#?}"), GOCHAT_TOKEN);
    assert_hidden(&format!("{:?}", client.get_thread().id("t")), GOCHAT_TOKEN);
    let mut client = gochat::Client::new(url);
    client.set_bearer_token(GOCHAT_TOKEN);
    assert_hidden(&format!("{client:?}"), GOCHAT_TOKEN);
}

/// Matches only a request that carries none of the four providers' credential
/// headers, nor the `api-version` header progenitor would add (no provider
/// documents it; the generated hooks remove it).
fn without_credentials(when: httpmock::When) -> httpmock::When {
    when.header_missing("authorization")
        .header_missing("x-api-key")
        .header_missing("cookie")
        .header_missing("api-version")
}

#[tokio::test]
async fn clients_built_with_new_send_no_credential_header() {
    let server = MockServer::start_async().await;
    let contactship_mock = server
        .mock_async(|when, then| {
            without_credentials(when.method(GET).path("/v1/thread/thr-anon"));
            then.status(200).json_body(json!({ "id": "thr-anon" }));
        })
        .await;
    let hubspot_mock = server
        .mock_async(|when, then| {
            without_credentials(
                when.method(GET)
                    .path("/conversations/v3/conversations/threads/1"),
            );
            then.status(200).json_body(hubspot_thread_example_json());
        })
        .await;
    let delightbridge_mock = server
        .mock_async(|when, then| {
            without_credentials(when.method(GET).path("/api/threads/anon"));
            then.status(200).json_body(json!({ "id": "anon" }));
        })
        .await;
    let gochat_mock = server
        .mock_async(|when, then| {
            without_credentials(when.method(GET).path("/api/v1/thread/anon"));
            then.status(200).json_body(json!({ "id": "anon" }));
        })
        .await;
    let url = server.base_url();

    let thread = contactship::Client::new(&url)
        .get_thread()
        .thread_id("thr-anon")
        .send()
        .await
        .expect("sent without a credential")
        .into_inner();
    assert_eq!(thread.id.as_deref(), Some("thr-anon"));
    let thread = hubspot::Client::new(&url)
        .get_thread()
        .thread_id(1)
        .send()
        .await
        .expect("sent without a credential")
        .into_inner();
    assert_eq!(thread, hubspot_thread_example());
    let thread = delightbridge::Client::new(&url)
        .get_thread()
        .id("anon")
        .send()
        .await
        .expect("sent without a credential")
        .into_inner();
    assert_eq!(thread.id.as_deref(), Some("anon"));
    let thread = gochat::Client::new(&url)
        .get_thread()
        .id("anon")
        .send()
        .await
        .expect("sent without a credential")
        .into_inner();
    assert_eq!(thread.id.as_deref(), Some("anon"));

    contactship_mock.assert_async().await;
    hubspot_mock.assert_async().await;
    delightbridge_mock.assert_async().await;
    gochat_mock.assert_async().await;
}

#[tokio::test]
async fn setters_on_a_client_built_with_new_send_the_latest_credential() {
    let server = MockServer::start_async().await;
    let contactship_mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/thread/thr-set")
                .header("x-api-key", CONTACTSHIP_API_KEY)
                .header_count("x-api-key", ".*", 1);
            then.status(200).json_body(json!({ "id": "thr-set" }));
        })
        .await;
    let gochat_mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/thread/set")
                .header("authorization", format!("Bearer {GOCHAT_TOKEN}"));
            then.status(200).json_body(json!({ "id": "set" }));
        })
        .await;
    let delightbridge_mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/api/threads/set").header(
                "cookie",
                format!("authjs.session-token={DELIGHTBRIDGE_SESSION}"),
            );
            then.status(200).json_body(json!({ "id": "set" }));
        })
        .await;
    let url = server.base_url();

    let mut client = contactship::Client::new_with_client(&url, reqwest::Client::new());
    client.set_api_key("an-older-key");
    client.set_api_key(CONTACTSHIP_API_KEY);
    let thread = client
        .get_thread()
        .thread_id("thr-set")
        .send()
        .await
        .expect("sent with the latest key")
        .into_inner();
    assert_eq!(thread.id.as_deref(), Some("thr-set"));

    let mut client = gochat::Client::new(&url);
    client.set_bearer_token("an-older-token");
    client.set_bearer_token(GOCHAT_TOKEN);
    let thread = client
        .get_thread()
        .id("set")
        .send()
        .await
        .expect("sent with the latest token")
        .into_inner();
    assert_eq!(thread.id.as_deref(), Some("set"));

    let mut client = delightbridge::Client::new(&url);
    client.set_authjs_session_token_cookie("an-older-session");
    client.set_authjs_session_token_cookie(DELIGHTBRIDGE_SESSION);
    let thread = client
        .get_thread()
        .id("set")
        .send()
        .await
        .expect("sent with the latest session")
        .into_inner();
    assert_eq!(thread.id.as_deref(), Some("set"));

    contactship_mock.assert_async().await;
    gochat_mock.assert_async().await;
    delightbridge_mock.assert_async().await;
}
