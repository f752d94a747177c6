//! Contactship's threads and messages against the mock server.

use super::*;

// ---------------------------------------------------------------------------
// Threads and messages
// ---------------------------------------------------------------------------

#[tokio::test]
async fn get_thread_decodes_the_docs_example() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/v1/thread/{THREAD_ID}"))
                .header("x-api-key", API_KEY);
            // contactship-get-thread.txt:82-93.
            then.status(200)
                .header("content-type", "application/json")
                .json_body(json!({
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
                }));
        })
        .await;

    let response = client(&server)
        .get_thread()
        .thread_id(THREAD_ID)
        .send()
        .await
        .expect("the docs' example decodes");
    mock.assert_async().await;
    assert_eq!(response.status(), 200);
    let thread = response.into_inner();
    assert_eq!(thread.id.as_deref(), Some(THREAD_ID));
    assert_eq!(thread.channel_id.as_deref(), Some(WABA_CHANNEL_ID));
    assert_eq!(thread.channel_type, Some(types::ThreadChannelType::Waba));
    assert_eq!(thread.contact_id.as_deref(), Some(CONTACT_ID));
    assert_eq!(thread.organization_id.as_deref(), Some(ORGANIZATION_ID));
    assert_eq!(thread.status, Some(types::ThreadStatus::Open));
    // `null` in the docs' example: now a listed value of the nullable enum.
    assert_eq!(thread.assignee, None);
    assert_eq!(thread.assignee_type, None);
    // `format: date-time`, kept as the provider's text by the generator.
    assert_eq!(thread.created_at.as_deref(), Some("2026-04-06T15:00:00Z"));
    assert_eq!(thread.updated_at.as_deref(), Some("2026-04-06T15:05:00Z"));
}

#[tokio::test]
async fn update_thread_puts_the_docs_close_example_and_decodes_the_updated_thread() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path(format!("/v1/thread/{THREAD_ID}"))
                .header("x-api-key", API_KEY)
                .header("content-type", "application/json")
                // The docs' first request example (contactship-update-thread.txt:36):
                // nothing else is sent.
                .json_body(json!({"status": "closed"}));
            // The docs' response values (contactship-update-thread.txt:24-27),
            // which have no created_at.
            then.status(200)
                .header("content-type", "application/json")
                .json_body(json!({
                    "id": "thr-b2c3d4e5-f6a7-8901-bcde-f12345678901",
                    "channel_id": "chn_y0xspd9p1v7vla6wkwc2z01u",
                    "channel_type": "WABA",
                    "contact_id": "c1d2e3f4-a5b6-7890-cdef-123456789012",
                    "organization_id": "org-f1e2d3c4-b5a6-7890-1234-567890abcdef",
                    "status": "closed",
                    "assignee": null,
                    "assignee_type": null,
                    "updated_at": "2026-04-06T16:00:00Z"
                }));
        })
        .await;

    let thread = client(&server)
        .update_thread()
        .thread_id(THREAD_ID)
        .body_map(|body| body.status(Some(types::ThreadUpdateStatus::Closed)))
        .send()
        .await
        .expect("the thread is updated")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(thread.id.as_deref(), Some(THREAD_ID));
    assert_eq!(thread.channel_id.as_deref(), Some(WABA_CHANNEL_ID));
    assert_eq!(thread.channel_type, Some(types::ThreadChannelType::Waba));
    assert_eq!(thread.contact_id.as_deref(), Some(CONTACT_ID));
    assert_eq!(thread.organization_id.as_deref(), Some(ORGANIZATION_ID));
    assert_eq!(thread.status, Some(types::ThreadStatus::Closed));
    assert_eq!(thread.assignee, None);
    assert_eq!(thread.assignee_type, None);
    assert_eq!(thread.created_at, None);
    assert_eq!(thread.updated_at.as_deref(), Some("2026-04-06T16:00:00Z"));
}

#[tokio::test]
async fn update_thread_puts_the_docs_assign_example() {
    const AGENT_ID: &str = "agent-a1b2c3d4-e5f6-7890-abcd-ef1234567890";
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path(format!("/v1/thread/{THREAD_ID}"))
                .header("x-api-key", API_KEY)
                // The docs' second request example (contactship-update-thread.txt:37).
                .json_body(json!({
                    "assignee": "agent-a1b2c3d4-e5f6-7890-abcd-ef1234567890",
                    "assignee_type": "agent"
                }));
            // The docs give no response for this request: the thread, assigned
            // (not the docs' values).
            then.status(200)
                .header("content-type", "application/json")
                .json_body(json!({
                    "id": THREAD_ID,
                    "status": "open",
                    "assignee": AGENT_ID,
                    "assignee_type": "agent"
                }));
        })
        .await;

    let thread = client(&server)
        .update_thread()
        .thread_id(THREAD_ID)
        .body(types::ThreadUpdate {
            assignee: Some(AGENT_ID.to_owned()),
            assignee_type: Some(types::ThreadUpdateAssigneeType::Agent),
            status: None,
        })
        .send()
        .await
        .expect("the thread is assigned")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(thread.id.as_deref(), Some(THREAD_ID));
    assert_eq!(thread.status, Some(types::ThreadStatus::Open));
    assert_eq!(thread.assignee.as_deref(), Some(AGENT_ID));
    assert_eq!(thread.assignee_type, Some(types::ThreadAssigneeType::Agent));
}

#[tokio::test]
async fn get_message_decodes_the_docs_example() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/v1/messages/{MESSAGE_ID}"))
                .header("x-api-key", API_KEY);
            // contactship-get-message.txt:86-98.
            then.status(200)
                .header("content-type", "application/json")
                .json_body(json!({
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
                }));
        })
        .await;

    let message = client(&server)
        .get_message()
        .message_id(MESSAGE_ID)
        .send()
        .await
        .expect("the docs' example decodes")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(message.id.as_deref(), Some(MESSAGE_ID));
    assert_eq!(message.thread_id.as_deref(), Some(THREAD_ID));
    assert_eq!(message.role, Some(types::MessageRole::Human));
    assert_eq!(message.type_, Some(types::MessageType::Text));
    assert_eq!(
        message.content.as_deref(),
        Some("Hello! How can I help you today?")
    );
    assert_eq!(message.media, None);
    assert_eq!(message.from.as_deref(), Some("+12025551234"));
    assert_eq!(message.source, Some(types::MessageSource::Webapp));
    assert_eq!(message.status, Some(types::MessageStatus::Sent));
    assert_eq!(message.sender_id, None);
    assert_eq!(message.created_at.as_deref(), Some("2026-04-06T15:00:00Z"));
}
