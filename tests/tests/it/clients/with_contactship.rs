//! Contactship's client against the mock server.

use super::*;

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
