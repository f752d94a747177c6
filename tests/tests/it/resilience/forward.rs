//! 7. Forward compatibility through the unified surface; 8. only idempotent methods are retried; 9. Box<dyn ConversationsClient>.

use super::*;

// ---------------------------------------------------------------------------
// 7. Forward compatibility through the unified surface
// ---------------------------------------------------------------------------

#[tokio::test]
async fn unknown_enum_values_and_extra_fields_survive_get_thread() {
    let payload = json!({
        "id": "thr-1",
        "status": "snoozed",
        "channel_type": "TELEGRAM",
        "assignee": "u-1",
        "assignee_type": "team",
        "priority": "high",
        "sla": { "due": "2026-04-07T00:00:00Z" }
    });
    let server = MockServer::start_async().await;
    let _mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/thread/thr-1");
            then.status(200)
                .header("content-type", "application/json")
                .body(payload.to_string());
        })
        .await;
    let client = contactship::Client::with_api_key(&server.base_url(), CONTACTSHIP_KEY);

    let thread = unified_thread(&client, "thr-1").await.expect("decodes");

    assert_eq!(thread.provider, Provider::Contactship);
    assert_eq!(thread.status, conversations::ThreadStatus::Unknown);
    assert_eq!(thread.status_native.as_deref(), Some("snoozed"));
    assert_eq!(thread.channel.kind, conversations::ChannelKind::Other);
    assert_eq!(thread.channel.native.as_deref(), Some("TELEGRAM"));
    let assignee = thread.assignee.expect("an assignee");
    assert_eq!(assignee.kind, conversations::AssigneeKind::Unknown);
    assert_eq!(assignee.native_kind.as_deref(), Some("team"));
    assert_eq!(thread.raw.value()["priority"], "high");
    assert_eq!(thread.raw.value()["sla"]["due"], "2026-04-07T00:00:00Z");
    assert_eq!(thread.raw, payload, "raw is the payload as received");
}

#[tokio::test]
async fn unknown_hubspot_status_and_extra_field_survive_get_thread() {
    let mut payload = hubspot_thread_json("42");
    payload["status"] = json!("SNOOZED");
    payload["newField"] = json!([1, 2, 3]);
    let server = MockServer::start_async().await;
    let _mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/conversations/v3/conversations/threads/42");
            then.status(200)
                .header("content-type", "application/json")
                .body(payload.to_string());
        })
        .await;
    let client = hubspot::Client::with_bearer_token(&server.base_url(), HUBSPOT_TOKEN);

    let thread = unified_thread(&client, "42").await.expect("decodes");

    assert_eq!(thread.status, conversations::ThreadStatus::Unknown);
    assert_eq!(thread.status_native.as_deref(), Some("SNOOZED"));
    assert_eq!(thread.raw.value()["newField"], json!([1, 2, 3]));
}

// ---------------------------------------------------------------------------
// 8. Only idempotent methods are retried
// ---------------------------------------------------------------------------

// (That the idempotent methods are RFC 9110's is a unit test of
// client-runtime's retry module.)

#[tokio::test]
async fn execute_retries_idempotent_methods_only() {
    use reqwest::Method;
    for (method, expected_hits) in [
        (Method::POST, 1),
        (Method::PATCH, 1),
        (Method::GET, 3),
        (Method::PUT, 3),
        (Method::DELETE, 3),
    ] {
        let server = MockServer::start_async().await;
        let mock = server
            .mock_async(|when, then| {
                when.path("/things");
                then.status(503);
            })
            .await;
        let mut state = client_runtime::ClientState::new("test");
        state.set_retry_policy(quick_retries(3));
        let http = reqwest::Client::new();
        let mut request = reqwest::Request::new(
            method.clone(),
            server.url("/things").parse().expect("a URL"),
        );
        *request.body_mut() = Some(reqwest::Body::from(r#"{"name":"thing"}"#));

        let response = client_runtime::__private::execute(&state, &http, request, "do_thing")
            .await
            .expect("an answer");

        assert_eq!(response.status(), 503, "{method}");
        assert_eq!(mock.calls_async().await, expected_hits, "{method}");
    }
}

// ---------------------------------------------------------------------------
// 9. Box<dyn ConversationsClient>
// ---------------------------------------------------------------------------

/// What downstream code would put in its tests instead of a real client.
struct FakeConversations {
    threads: HashMap<String, conversations::Thread>,
}

impl FakeConversations {
    fn with_thread(id: &str, subject: &str) -> Self {
        let thread = conversations::Thread {
            provider: Provider::Delightbridge,
            id: id.to_owned(),
            subject: Some(subject.to_owned()),
            status: conversations::ThreadStatus::Open,
            status_native: Some("inbox".to_owned()),
            archived: Some(false),
            spam: None,
            read: Some(true),
            channel: conversations::Channel {
                kind: conversations::ChannelKind::Email,
                native: None,
                id: None,
                account_id: None,
                inbox_id: None,
            },
            assignee: None,
            participants: Vec::new(),
            created_at: None,
            updated_at: None,
            last_message_at: None,
            closed_at: None,
            message_count: Some(0),
            messages: conversations::MessageList {
                state: conversations::MessagesState::Complete,
                items: Vec::new(),
            },
            raw: conversations::Raw::from_value(&json!({ "fake": true })),
        };
        Self {
            threads: HashMap::from([(id.to_owned(), thread)]),
        }
    }
}

impl ConversationsClient for FakeConversations {
    fn provider(&self) -> Provider {
        Provider::Delightbridge
    }

    fn get_thread<'a>(
        &'a self,
        id: &'a str,
    ) -> conversations::BoxFuture<'a, Result<conversations::Thread, conversations::Error>> {
        Box::pin(async move {
            self.threads
                .get(id)
                .cloned()
                .ok_or_else(|| conversations::Error::Status {
                    provider: "fake",
                    operation: "get_thread",
                    status: reqwest::StatusCode::NOT_FOUND,
                    message: Some("thread not found".to_owned()),
                    body: String::new(),
                })
        })
    }

    fn get_message<'a>(
        &'a self,
        _id: &'a str,
    ) -> conversations::BoxFuture<'a, Result<conversations::Message, conversations::Error>> {
        Box::pin(async {
            Err(conversations::Error::Unsupported {
                provider: "fake",
                operation: "get_message",
            })
        })
    }
}

/// Downstream code, written against the trait only.
async fn subjects(
    clients: &[Box<dyn ConversationsClient>],
    ids: &[&str],
) -> Vec<Result<Option<String>, conversations::Error>> {
    let mut out = Vec::new();
    for (client, id) in clients.iter().zip(ids) {
        out.push(client.get_thread(id).await.map(|thread| thread.subject));
    }
    out
}

#[tokio::test]
async fn four_real_clients_and_a_fake_behind_box_dyn() {
    let servers = [
        MockServer::start_async().await,
        MockServer::start_async().await,
        MockServer::start_async().await,
        MockServer::start_async().await,
    ];
    let payloads = [
        ("/v1/thread/cs-1", contactship_thread_json("cs-1")),
        (
            "/conversations/v3/conversations/threads/42",
            hubspot_thread_json("42"),
        ),
        ("/api/threads/db-1", delightbridge_thread_json("db-1")),
        ("/api/v1/thread/gc-1", gochat_thread_json("gc-1")),
    ];
    let mut thread_mocks = Vec::new();
    for ((server, (path, payload)), provider) in servers.iter().zip(&payloads).zip(PROVIDERS) {
        thread_mocks.push(
            server
                .mock_async(|when, then| {
                    with_credential(when.method(GET).path(*path), provider);
                    then.status(200)
                        .header("content-type", "application/json")
                        .body(payload.to_string());
                })
                .await,
        );
    }
    let message_mock = servers[0]
        .mock_async(|when, then| {
            when.method(GET).path("/v1/messages/msg-1");
            then.status(200)
                .header("content-type", "application/json")
                .body(
                    json!({
                        "id": "msg-1",
                        "thread_id": "cs-1",
                        "content": "hello",
                        "source": "whatsapp",
                        "type": "text"
                    })
                    .to_string(),
                );
        })
        .await;
    let urls = servers.each_ref().map(|s| s.base_url());
    let mut clients = four_clients(
        urls.each_ref().map(String::as_str),
        &reqwest::Client::new(),
        &RetryPolicy::disabled(),
    );
    clients.push(Box::new(FakeConversations::with_thread(
        "fake-1",
        "From the fake",
    )));

    let providers: Vec<Provider> = clients.iter().map(|c| c.provider()).collect();
    assert_eq!(
        providers,
        [
            Provider::Contactship,
            Provider::Hubspot,
            Provider::Delightbridge,
            Provider::Gochat,
            Provider::Delightbridge
        ]
    );

    let ids = ["cs-1", "42", "db-1", "gc-1", "fake-1"];
    let got = subjects(&clients, &ids).await;
    let got: Vec<Option<String>> = got
        .into_iter()
        .map(|r| r.expect("every thread is fetched"))
        .collect();
    assert_eq!(
        got,
        [
            None,
            None,
            Some("Refund".to_owned()),
            None,
            Some("From the fake".to_owned())
        ]
    );
    for (client, id) in clients.iter().zip(ids) {
        let thread = client.get_thread(id).await.expect("fetched again");
        assert_eq!(thread.provider, client.provider());
        assert_eq!(thread.id, id);
    }
    for mock in &thread_mocks {
        assert_eq!(mock.calls_async().await, 2);
    }
    let missing = clients[4]
        .get_thread("nope")
        .await
        .expect_err("the fake has no such thread");
    assert_eq!(missing.status(), Some(reqwest::StatusCode::NOT_FOUND));

    // get_message: Contactship has the operation; the others do not.
    let message = clients[0].get_message("msg-1").await.expect("a message");
    assert_eq!(message.id.as_deref(), Some("msg-1"));
    assert_eq!(message.body_text.as_deref(), Some("hello"));
    assert_eq!(message.direction, conversations::Direction::Inbound);
    assert_eq!(message_mock.calls_async().await, 1);
    for (client, name) in clients[1..4]
        .iter()
        .zip(["hubspot", "delightbridge", "gochat"])
    {
        let error = client.get_message("msg-1").await.expect_err("unsupported");
        assert_eq!(error.kind(), ErrorKind::Unsupported, "{error:?}");
        assert!(matches!(
            error,
            conversations::Error::Unsupported {
                operation: "get_message",
                ..
            }
        ));
        assert_eq!(error.provider(), name);
        assert!(!error.is_retryable());
        assert_eq!(
            error.to_string(),
            format!("{name} has no get_message operation")
        );
    }
    for mock in &thread_mocks {
        assert_eq!(mock.calls_async().await, 2, "get_message sent nothing");
    }

    // The futures are Send: a client can be shared with a spawned task.
    let shared: Arc<dyn ConversationsClient> = Arc::from(clients.remove(2));
    let task = tokio::spawn({
        let shared = Arc::clone(&shared);
        async move { shared.get_thread("db-1").await.map(|t| t.id) }
    });
    assert_eq!(task.await.expect("joins").expect("fetched"), "db-1");
}

#[tokio::test]
async fn hubspot_thread_id_that_is_not_an_integer_is_refused_before_sending() {
    let server = MockServer::start_async().await;
    let anything = server
        .mock_async(|_, then| {
            then.status(500);
        })
        .await;
    let client: Box<dyn ConversationsClient> = Box::new(hubspot::Client::with_bearer_token(
        &server.base_url(),
        HUBSPOT_TOKEN,
    ));

    let error = client.get_thread("abc").await.expect_err("not an integer");

    assert_eq!(error.kind(), ErrorKind::InvalidRequest, "{error:?}");
    assert!(matches!(
        &error,
        conversations::Error::InvalidRequest {
            provider: "hubspot",
            operation: "get_thread",
            ..
        }
    ));
    assert!(!error.is_retryable());
    let shown = error.to_string();
    assert!(
        shown.contains("abc") && shown.contains("integer"),
        "{shown}"
    );
    assert_eq!(anything.calls_async().await, 0, "nothing was sent");
}
