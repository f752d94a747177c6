//! The unified client over DelightBridge.

use super::*;

// ---------------------------------------------------------------------------
// DelightBridge
// ---------------------------------------------------------------------------

const DB_THREAD: &str = "thread_abc123";
const DB_COOKIE: &str = "authjs.session-token";

/// The unified client over the provider's client (whose own methods of
/// the same names are the typed operations).
fn delightbridge(server: &MockServer) -> Box<dyn ConversationsClient> {
    let mut client = delightbridge_client::Client::with_authjs_session_token_cookie(
        &server.base_url(),
        DELIGHTBRIDGE_SESSION,
    );
    client.set_retry_policy(quick());
    Box::new(client)
}

/// The docs' example of `GET /api/threads/{id}`.
fn delightbridge_thread() -> Value {
    spec_example(
        "delightbridge",
        "/paths/~1api~1threads~1{id}/get/responses/200/content/application~1json/examples/response_example/value",
    )
}

#[tokio::test]
async fn delightbridge_list_threads_needs_an_inbox() {
    let server = MockServer::start_async().await;
    let others = catch_all(&server).await;

    let listed: Vec<_> = delightbridge(&server)
        .list_threads(ThreadQuery::default())
        .collect()
        .await;

    assert_eq!(listed.len(), 1);
    let error = listed[0].as_ref().expect_err("refused");
    assert_eq!(invalid_field(error), "inbox");
    assert_eq!(
        error.to_string(),
        "delightbridge list_threads: `inbox`: delightbridge lists threads only with `inbox` (its `serviceId`): set it"
    );
    others.assert_calls_async(0).await;
}

/// One page (DelightBridge has no cursor), with the messages asked for; the
/// status filter it cannot apply is applied here.
#[tokio::test]
async fn delightbridge_list_threads_is_one_page_filtered_here() {
    let server = MockServer::start_async().await;
    let thread = |id: &str, status: &str| {
        let mut thread = delightbridge_thread();
        thread["id"] = json!(id);
        thread["status"] = json!(status);
        thread
    };
    let list = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/threads")
                .cookie(DB_COOKIE, DELIGHTBRIDGE_SESSION)
                .query_param("serviceId", "service_123")
                .query_param("includeMessages", "1")
                .query_param("limit", "50");
            then.status(200).json_body(json!([
                thread("t1", "inbox"),
                thread("t2", "sent"),
                thread("t3", "inbox"),
            ]));
        })
        .await;
    let others = catch_all(&server).await;

    let threads: Vec<conversations::Thread> = delightbridge(&server)
        .list_threads(ThreadQuery {
            status: Some(ThreadStatus::Open),
            inbox: Some("service_123".into()),
            page_size: Some(50),
            ..ThreadQuery::default()
        })
        .try_collect()
        .await
        .expect("one page");

    let ids: Vec<&str> = threads.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["t1", "t3"], "t2 is pending (sent)");
    assert_eq!(threads[0].messages.state, MessagesState::Complete);
    assert_eq!(threads[0].messages.items.len(), 2);
    list.assert_calls_async(1).await;
    others.assert_calls_async(0).await;
}

#[tokio::test]
async fn delightbridge_list_messages_are_the_threads_own() {
    let server = MockServer::start_async().await;
    let get = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/api/threads/{DB_THREAD}"))
                .cookie(DB_COOKIE, DELIGHTBRIDGE_SESSION);
            then.status(200).json_body(delightbridge_thread());
        })
        .await;
    let others = catch_all(&server).await;

    let messages: Vec<conversations::Message> = delightbridge(&server)
        .list_messages(DB_THREAD)
        .try_collect()
        .await
        .expect("the thread's messages");

    let seen: Vec<(Option<&str>, Direction, ParticipantRole)> = messages
        .iter()
        .map(|m| (m.id.as_deref(), m.direction, m.author.role))
        .collect();
    assert_eq!(
        seen,
        [
            (
                Some("msg_001"),
                Direction::Inbound,
                ParticipantRole::Customer
            ),
            (Some("msg_002"), Direction::Outbound, ParticipantRole::Agent),
        ]
    );
    assert_eq!(messages[1].thread_id.as_deref(), Some(DB_THREAD));
    assert_eq!(messages[0].raw, delightbridge_thread()["messages"][0]);
    get.assert_calls_async(1).await;
    others.assert_calls_async(0).await;
}

/// A reply is the thread's draft (HTML: the text escaped), then sent with an
/// idempotency key; the send's ids come back.
#[tokio::test]
async fn delightbridge_reply_puts_the_draft_then_sends_it_with_a_key() {
    let server = MockServer::start_async().await;
    let draft = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path(format!("/api/drafts/{DB_THREAD}"))
                .cookie(DB_COOKIE, DELIGHTBRIDGE_SESSION)
                .json_body(json!({ "content": "Order &lt;5678&gt; ships today.<br>Thanks!" }));
            then.status(200)
                .json_body(json!({ "id": "draft_1", "threadId": DB_THREAD, "status": "ready" }));
        })
        .await;
    let answer = json!({ "ok": true, "gmailMessageId": "18c2f0a1b2", "idempotencyKey": "k", "outboxStatus": "sent" });
    let send = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("/api/threads/{DB_THREAD}/send"))
                .cookie(DB_COOKIE, DELIGHTBRIDGE_SESSION)
                .header_exists("x-idempotency-key");
            then.status(200).json_body(answer.clone());
        })
        .await;
    let others = catch_all(&server).await;

    let sent = delightbridge(&server)
        .send_message(
            DB_THREAD,
            NewMessage::text("Order <5678> ships today.\nThanks!"),
        )
        .await
        .expect("sent");

    assert_eq!(sent.id.as_deref(), Some("18c2f0a1b2"));
    assert_eq!(sent.status.as_deref(), Some("sent"));
    assert_eq!(sent.raw, answer);
    draft.assert_calls_async(1).await;
    send.assert_calls_async(1).await;
    others.assert_calls_async(0).await;
}

/// The send carries DelightBridge's idempotency key: after a 503 it is sent
/// again, and the second answer is the result.
#[tokio::test]
async fn delightbridge_reply_is_retried_with_its_key_after_a_503() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(PUT).path(format!("/api/drafts/{DB_THREAD}"));
            then.status(200).json_body(json!({ "id": "draft_1" }));
        })
        .await;
    let count = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&count);
    let send = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("/api/threads/{DB_THREAD}/send"));
            then.respond_with(move |_: &HttpMockRequest| {
                let status = if seen.fetch_add(1, Ordering::SeqCst) == 0 {
                    503
                } else {
                    200
                };
                HttpMockResponse::builder()
                    .status(status)
                    .header("content-type", "application/json")
                    .body(r#"{"ok": true, "gmailMessageId": "g-2", "outboxStatus": "sent"}"#)
                    .build()
            });
        })
        .await;

    let sent = delightbridge(&server)
        .send_message(DB_THREAD, NewMessage::text("Hi"))
        .await
        .expect("sent on the second attempt");

    assert_eq!(sent.id.as_deref(), Some("g-2"));
    send.assert_calls_async(2).await;
}

/// DelightBridge answers an update with `{ok}`: the thread is read again.
#[tokio::test]
async fn delightbridge_update_reads_the_thread_again() {
    let server = MockServer::start_async().await;
    let patch = server
        .mock_async(|when, then| {
            when.method(httpmock::Method::PATCH)
                .path(format!("/api/threads/{DB_THREAD}"))
                .json_body(json!({ "status": "archived" }));
            then.status(200).json_body(json!({ "ok": true }));
        })
        .await;
    let mut archived = delightbridge_thread();
    archived["status"] = json!("archived");
    let get = server
        .mock_async(|when, then| {
            when.method(GET).path(format!("/api/threads/{DB_THREAD}"));
            then.status(200).json_body(archived.clone());
        })
        .await;
    let others = catch_all(&server).await;

    let thread = delightbridge(&server)
        .update_thread(
            DB_THREAD,
            ThreadUpdate {
                status: Some(ThreadStatus::Closed),
                assignee: None,
            },
        )
        .await
        .expect("updated");

    assert_eq!(thread.status, ThreadStatus::Closed);
    assert_eq!(thread.archived, Some(true));
    patch.assert_calls_async(1).await;
    get.assert_calls_async(1).await;
    others.assert_calls_async(0).await;
}
