//! The unified client over Go!Chat.

use super::*;

// ---------------------------------------------------------------------------
// Go!Chat
// ---------------------------------------------------------------------------

const GC_THREAD: &str = "th_7f3a9c";

/// The unified client over the provider's client (whose own methods of
/// the same names are the typed operations).
fn gochat(server: &MockServer) -> Box<dyn ConversationsClient> {
    let mut client = gochat_client::Client::with_bearer_token(&server.base_url(), GOCHAT_TOKEN);
    client.set_retry_policy(quick());
    Box::new(client)
}

fn gochat_message(n: u32) -> Value {
    json!({
        "id": format!("msg_{n}"),
        "from": "anna.schmidt@example.org",
        "to": "support@bank.example",
        "content": format!("Message {n}"),
        "created_at": format!("2025-11-03T10:0{n}:17Z")
    })
}

fn gochat_thread() -> Value {
    json!({
        "id": GC_THREAD,
        "client_id": 4821,
        "status": 1,
        "created_at": "2025-11-03T09:12:44Z",
        "message_count": 5,
        "last_message": gochat_message(5)
    })
}

/// A Go!Chat message carries no thread id: the thread is read first; then
/// three pages by offset until the total.
#[tokio::test]
async fn gochat_list_messages_reads_the_thread_then_pages_by_offset() {
    let server = MockServer::start_async().await;
    let thread = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/api/v1/thread/{GC_THREAD}"))
                .header("authorization", format!("Bearer {GOCHAT_TOKEN}"));
            then.status(200).json_body(gochat_thread());
        })
        .await;
    let path = format!("/api/v1/thread/{GC_THREAD}/messages");
    let mut pages = Vec::new();
    for (offset, numbers) in [
        (None, [1, 2].as_slice()),
        (Some("2"), &[3, 4]),
        (Some("4"), &[5]),
    ] {
        let messages: Vec<Value> = numbers.iter().map(|n| gochat_message(*n)).collect();
        let body = json!({ "messages": messages, "total": 5 });
        pages.push(
            server
                .mock_async(|when, then| {
                    let when = when.method(GET).path(&path);
                    match offset {
                        Some(offset) => when.query_param("offset", offset),
                        None => when.query_param_missing("offset"),
                    };
                    then.status(200).json_body(body);
                })
                .await,
        );
    }
    let others = catch_all(&server).await;

    let messages: Vec<conversations::Message> = gochat(&server)
        .list_messages(GC_THREAD)
        .try_collect()
        .await
        .expect("every page");

    let ids: Vec<Option<&str>> = messages.iter().map(|m| m.id.as_deref()).collect();
    assert_eq!(
        ids,
        [
            Some("msg_1"),
            Some("msg_2"),
            Some("msg_3"),
            Some("msg_4"),
            Some("msg_5")
        ]
    );
    for message in &messages {
        assert_eq!(message.thread_id.as_deref(), Some(GC_THREAD));
        // No agent_id: written by the customer (the mapping's inference).
        assert_eq!(message.direction, Direction::Inbound);
    }
    thread.assert_calls_async(1).await;
    for page in &pages {
        page.assert_calls_async(1).await;
    }
    others.assert_calls_async(0).await;
}

/// `take(n)` over a thread's messages requests no page past the n-th
/// message (the cli's `messages --limit`).
#[tokio::test]
async fn gochat_messages_taken_stop_without_another_page() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path(format!("/api/v1/thread/{GC_THREAD}"));
            then.status(200).json_body(gochat_thread());
        })
        .await;
    let path = format!("/api/v1/thread/{GC_THREAD}/messages");
    let first = server
        .mock_async(|when, then| {
            when.method(GET).path(&path).query_param_missing("offset");
            then.status(200).json_body(
                json!({ "messages": [gochat_message(1), gochat_message(2)], "total": 5 }),
            );
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method(GET).path(&path).query_param("offset", "2");
            then.status(200).json_body(
                json!({ "messages": [gochat_message(3), gochat_message(4)], "total": 5 }),
            );
        })
        .await;

    let messages: Vec<conversations::Message> = gochat(&server)
        .list_messages(GC_THREAD)
        .take(2)
        .try_collect()
        .await
        .expect("two messages");

    assert_eq!(messages.len(), 2);
    first.assert_calls_async(1).await;
    second.assert_calls_async(0).await;
}

/// A reply is created with the thread id; the 204 returns nothing.
#[tokio::test]
async fn gochat_reply_posts_the_message() {
    let server = MockServer::start_async().await;
    let create = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/message")
                .header("authorization", format!("Bearer {GOCHAT_TOKEN}"))
                .json_body(json!({ "thread_id": GC_THREAD, "content": "Thanks, received." }));
            then.status(204);
        })
        .await;
    let others = catch_all(&server).await;

    let sent = gochat(&server)
        .send_message(GC_THREAD, NewMessage::text("Thanks, received."))
        .await
        .expect("sent");

    assert_eq!((sent.message, sent.id, sent.status), (None, None, None));
    assert_eq!(sent.raw.get(), "null");
    create.assert_calls_async(1).await;
    others.assert_calls_async(0).await;
}

/// A 429 says the reply was not processed: it is sent again after its
/// `Retry-After`.
#[tokio::test]
async fn a_reply_after_a_429_with_retry_after_is_retried() {
    let server = MockServer::start_async().await;
    let count = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&count);
    let create = server
        .mock_async(|when, then| {
            when.method(POST).path("/api/v1/message");
            then.respond_with(move |_: &HttpMockRequest| {
                match seen.fetch_add(1, Ordering::SeqCst) {
                    0 => HttpMockResponse::builder()
                        .status(429)
                        .header("retry-after", "1")
                        .build(),
                    _ => HttpMockResponse::builder().status(204).build(),
                }
            });
        })
        .await;

    // The policy's own delays are short; `Retry-After` is not capped by
    // them (the default 20 s maximum stays).
    let mut client = gochat_client::Client::with_bearer_token(&server.base_url(), GOCHAT_TOKEN);
    client.set_retry_policy(RetryPolicy::default().with_initial_delay(Duration::from_millis(5)));
    let client: Box<dyn ConversationsClient> = Box::new(client);
    let started = Instant::now();
    client
        .send_message(GC_THREAD, NewMessage::text("Hi"))
        .await
        .expect("sent on the second attempt");

    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited for Retry-After"
    );
    create.assert_calls_async(2).await;
}

/// Go!Chat documents no status numbers and no assignee: a change is
/// refused; an empty update reads the thread back through the update.
#[tokio::test]
async fn gochat_update_refuses_a_status_and_sends_an_empty_update() {
    let server = MockServer::start_async().await;
    let update = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("/api/v1/thread/{GC_THREAD}"))
                .json_body(json!({}));
            then.status(200).json_body(gochat_thread());
        })
        .await;
    let others = catch_all(&server).await;
    let client = gochat(&server);

    let close = ThreadUpdate {
        status: Some(ThreadStatus::Closed),
        assignee: None,
    };
    let error = client
        .update_thread(GC_THREAD, close)
        .await
        .expect_err("refused");
    assert_eq!(invalid_field(&error), "status");
    update.assert_calls_async(0).await;

    let thread = client
        .update_thread(GC_THREAD, ThreadUpdate::default())
        .await
        .expect("the thread");
    assert_eq!(thread.id, GC_THREAD);
    assert_eq!(thread.status_native.as_deref(), Some("1"));
    update.assert_calls_async(1).await;
    let listed: Vec<_> = client.list_threads(ThreadQuery::default()).collect().await;
    assert_eq!(
        listed[0].as_ref().map_err(|e| e.kind()).err(),
        Some(ErrorKind::Unsupported)
    );
    others.assert_calls_async(0).await;
}
