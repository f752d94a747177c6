//! The unified client over Contactship.

use super::*;

// ---------------------------------------------------------------------------
// Contactship
// ---------------------------------------------------------------------------

const CS_THREAD: &str = "thr-b2c3d4e5-f6a7-8901-bcde-f12345678901";

/// The unified client over the provider's client (whose own methods of
/// the same names are the typed operations).
fn contactship(server: &MockServer) -> Box<dyn ConversationsClient> {
    let mut client = contactship_client::Client::with_api_key(&server.base_url(), CONTACTSHIP_KEY);
    client.set_retry_policy(quick());
    Box::new(client)
}

/// The docs' example of `GET /v1/thread/{threadId}`.
fn contactship_thread() -> Value {
    spec_example(
        "contactship",
        "/paths/~1v1~1thread~1{threadId}/get/responses/200/content/application~1json/example",
    )
}

async fn contactship_thread_mock(server: &MockServer) -> httpmock::Mock<'_> {
    server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/v1/thread/{CS_THREAD}"))
                .header("x-api-key", CONTACTSHIP_KEY);
            then.status(200).json_body(contactship_thread());
        })
        .await
}

/// Contactship's send requires the channel and the contact even with the
/// thread: the unified reply reads them from the thread first.
#[tokio::test]
async fn contactship_reply_reads_the_thread_then_sends_with_its_channel_and_contact() {
    let server = MockServer::start_async().await;
    let thread = contactship_thread_mock(&server).await;
    let example = contactship_thread();
    let answer = r#"{"success": true, "message": "Mensaje WABA enviado",
        "data": {"message_id": "msg-new-1", "provider_id": "wamid.HBgN", "thread_id": "thr-b2c3d4e5-f6a7-8901-bcde-f12345678901", "status": "sent"}}"#;
    let send = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/waba/send")
                .header("x-api-key", CONTACTSHIP_KEY)
                .json_body(json!({
                    "thread_id": CS_THREAD,
                    "content": "Your order has shipped.",
                    "channel_id": example["channel_id"],
                    "contact_id": example["contact_id"],
                }));
            then.status(200)
                .header("content-type", "application/json")
                .body(answer);
        })
        .await;
    let others = catch_all(&server).await;

    let sent = contactship(&server)
        .send_message(CS_THREAD, NewMessage::text("Your order has shipped."))
        .await
        .expect("sent");

    assert_eq!(sent.id.as_deref(), Some("msg-new-1"));
    assert_eq!(sent.status.as_deref(), Some("sent"));
    assert_eq!(sent.message, None, "Contactship returns no message");
    assert_eq!(sent.raw.get(), answer, "the answer, byte for byte");
    thread.assert_calls_async(1).await;
    send.assert_calls_async(1).await;
    others.assert_calls_async(0).await;
}

/// The model's status and assignee written in Contactship's words (the
/// reverse maps of specs/mappings/contactship.yaml), and the thread it
/// answers normalized.
#[tokio::test]
async fn contactship_update_writes_status_and_assignee_back() {
    let server = MockServer::start_async().await;
    let mut answer = contactship_thread();
    answer["status"] = json!("closed");
    answer["assignee"] = json!("agent-42");
    answer["assignee_type"] = json!("agent");
    let update = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path(format!("/v1/thread/{CS_THREAD}"))
                .header("x-api-key", CONTACTSHIP_KEY)
                .json_body(
                    json!({ "status": "closed", "assignee": "agent-42", "assignee_type": "agent" }),
                );
            then.status(200).json_body(answer.clone());
        })
        .await;
    let others = catch_all(&server).await;

    let thread = contactship(&server)
        .update_thread(
            CS_THREAD,
            ThreadUpdate {
                status: Some(ThreadStatus::Closed),
                // A bot in the model is an (AI) agent at Contactship.
                assignee: Some(AssigneeUpdate::Set {
                    id: "agent-42".into(),
                    kind: AssigneeKind::Bot,
                }),
            },
        )
        .await
        .expect("updated");

    assert_eq!(thread.status, ThreadStatus::Closed);
    let assignee = thread.assignee.expect("an assignee");
    assert_eq!(
        (assignee.id.as_str(), assignee.kind),
        ("agent-42", AssigneeKind::Bot)
    );
    assert_eq!(thread.raw, answer);
    update.assert_calls_async(1).await;
    others.assert_calls_async(0).await;
}

/// Unassigning sends `"assignee": null`, which typify's builders cannot.
#[tokio::test]
async fn contactship_unassign_sends_json_null() {
    let server = MockServer::start_async().await;
    let update = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path(format!("/v1/thread/{CS_THREAD}"))
                .body(r#"{"assignee":null}"#);
            then.status(200).json_body(contactship_thread());
        })
        .await;
    let others = catch_all(&server).await;

    let thread = contactship(&server)
        .update_thread(
            CS_THREAD,
            ThreadUpdate {
                status: None,
                assignee: Some(AssigneeUpdate::Clear),
            },
        )
        .await
        .expect("updated");

    assert_eq!(thread.assignee, None);
    update.assert_calls_async(1).await;
    others.assert_calls_async(0).await;
}

/// What Contactship has no word or no endpoint for is refused, naming the
/// field, and nothing is sent.
#[tokio::test]
async fn contactship_refuses_what_it_cannot_do_before_any_request() {
    let server = MockServer::start_async().await;
    let others = catch_all(&server).await;
    let client = contactship(&server);

    let pending = ThreadUpdate {
        status: Some(ThreadStatus::Pending),
        assignee: None,
    };
    let error = client
        .update_thread(CS_THREAD, pending)
        .await
        .expect_err("refused");
    assert_eq!(invalid_field(&error), "status");
    assert_eq!(
        error.to_string(),
        "contactship update_thread: `status`: contactship has no word for `pending`; it takes: open, closed"
    );
    let html = NewMessage {
        html: Some("<p>Hi</p>".into()),
        ..NewMessage::text("Hi")
    };
    let error = client
        .send_message(CS_THREAD, html)
        .await
        .expect_err("refused");
    assert_eq!(invalid_field(&error), "html");

    let listed: Vec<_> = client.list_threads(ThreadQuery::default()).collect().await;
    assert_eq!(listed.len(), 1);
    let error = listed[0].as_ref().expect_err("unsupported");
    assert_eq!(error.kind(), ErrorKind::Unsupported);
    assert_eq!(
        error.to_string(),
        "contactship has no list_threads operation"
    );
    let listed: Vec<_> = client.list_messages(CS_THREAD).collect().await;
    assert_eq!(
        listed[0].as_ref().map_err(|e| e.kind()).err(),
        Some(ErrorKind::Unsupported)
    );
    others.assert_calls_async(0).await;
}

/// A reply answered 503 may have been sent: it is not sent again.
#[tokio::test]
async fn a_reply_after_a_503_is_not_retried() {
    let server = MockServer::start_async().await;
    contactship_thread_mock(&server).await;
    let send = server
        .mock_async(|when, then| {
            when.method(POST).path("/v1/waba/send");
            then.status(503).body("upstream unavailable");
        })
        .await;

    let error = contactship(&server)
        .send_message(CS_THREAD, NewMessage::text("Hello"))
        .await
        .expect_err("a 503");

    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(error.body(), Some("upstream unavailable"));
    send.assert_calls_async(1).await;
}
