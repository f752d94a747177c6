//! The unified client (`conversations::ConversationsClient`) doing the whole
//! workflow against local mock servers: list and page threads, list a
//! thread's messages, reply, update. For each provider and operation, the
//! requests it sends (method, path, query, body, credential: a request that
//! differs matches no mock and fails) and the normalized values it returns;
//! what a provider cannot do is refused before any request (a catch-all mock
//! counts zero hits); and a reply keeps the retry rules of issue 11.
//!
//! Payloads are the docs' examples where the specs carry one
//! ([`spec_example`]), otherwise built field by field from the spec's schema.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use client_runtime::{ErrorKind, RetryPolicy};
use conversations::{
    AssigneeKind, AssigneeUpdate, ConversationsClient, Direction, MessagesState, NewMessage,
    ParticipantRole, ThreadQuery, ThreadStatus, ThreadUpdate,
};
use futures::{StreamExt as _, TryStreamExt as _};
use httpmock::prelude::*;
use serde_json::{Value, json};

const CONTACTSHIP_KEY: &str = "cs-unified-key";
const HUBSPOT_TOKEN: &str = "pat-unified-token";
const DELIGHTBRIDGE_SESSION: &str = "db-unified-session";
const GOCHAT_TOKEN: &str = "gochat-unified-token";

/// The example of the JSON at `pointer` in `specs/<spec>.yaml`.
fn spec_example(spec: &str, pointer: &str) -> Value {
    let path = integration_tests::repo_root().join(format!("specs/{spec}.yaml"));
    let text = std::fs::read_to_string(&path).expect("the spec");
    let yaml: serde_yaml::Value = serde_yaml::from_str(&text).expect("YAML");
    let json: Value = serde_json::to_value(yaml).expect("JSON");
    json.pointer(pointer)
        .cloned()
        .unwrap_or_else(|| panic!("{spec}.yaml has no {pointer}"))
}

/// A mock of anything not matched by the test's own mocks: it must see no
/// request. Register it last: httpmock tries mocks in order.
async fn catch_all(server: &MockServer) -> httpmock::Mock<'_> {
    server
        .mock_async(|_, then| {
            then.status(599);
        })
        .await
}

/// No retry waits: a retry that should not happen would happen at once.
fn quick() -> RetryPolicy {
    RetryPolicy::default()
        .with_max_attempts(3)
        .with_initial_delay(Duration::from_millis(5))
        .with_max_delay(Duration::from_millis(20))
}

fn invalid_field(error: &client_runtime::Error) -> &'static str {
    match error {
        client_runtime::Error::Invalid { field, .. } => field,
        other => panic!("expected Error::Invalid, got {other:?}"),
    }
}

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

// ---------------------------------------------------------------------------
// HubSpot
// ---------------------------------------------------------------------------

const HS_THREADS: &str = "/conversations/v3/conversations/threads";

/// The unified client over the provider's client (whose own methods of
/// the same names are the typed operations).
fn hubspot(server: &MockServer) -> Box<dyn ConversationsClient> {
    let mut client = hubspot_client::Client::with_bearer_token(&server.base_url(), HUBSPOT_TOKEN);
    client.set_retry_policy(quick());
    Box::new(client)
}

/// The docs' example thread, with the id `id`.
fn hubspot_thread(id: &str) -> Value {
    let mut thread = spec_example(
        "hubspot",
        "/paths/~1conversations~1v3~1conversations~1threads~1{threadId}/get/responses/200/content/application~1json/example",
    );
    thread["id"] = json!(id);
    thread
}

/// A page of threads as text, with uneven spacing: each listed thread must
/// keep its own text in `raw`.
fn hubspot_page(ids: &[&str], next: Option<&str>) -> String {
    let results: Vec<String> = ids
        .iter()
        .map(|id| serde_json::to_string_pretty(&hubspot_thread(id)).expect("JSON"))
        .collect();
    let paging = next
        .map(|after| {
            format!(r#", "paging": {{"next": {{"after": "{after}", "link": "?after={after}"}}}}"#)
        })
        .unwrap_or_default();
    format!(r#"{{"results": [{}]{paging}}}"#, results.join(",\n   "))
}

/// Three pages by cursor, the query sent as HubSpot's parameters, every
/// thread once and in order, each keeping its own text.
#[tokio::test]
async fn hubspot_list_threads_pages_by_cursor_with_the_query() {
    let server = MockServer::start_async().await;
    let after = chrono::DateTime::parse_from_rfc3339("2026-01-01T00:00:00Z")
        .expect("a time")
        .to_utc();
    let pages = [
        (None, hubspot_page(&["101", "102"], Some("c2"))),
        (Some("c2"), hubspot_page(&["103", "104"], Some("c3"))),
        (Some("c3"), hubspot_page(&["105"], None)),
    ];
    let mut mocks = Vec::new();
    for (cursor, body) in &pages {
        let body = body.clone();
        mocks.push(
            server
                .mock_async(|when, then| {
                    let when = when
                        .method(GET)
                        .path(HS_THREADS)
                        .header("authorization", format!("Bearer {HUBSPOT_TOKEN}"))
                        .query_param("threadStatus", "OPEN")
                        .query_param("inboxId", "147959634")
                        .query_param("latestMessageTimestampAfter", "2026-01-01T00:00:00Z")
                        .query_param("limit", "2");
                    match cursor {
                        Some(cursor) => when.query_param("after", *cursor),
                        None => when.query_param_missing("after"),
                    };
                    then.status(200)
                        .header("content-type", "application/json")
                        .body(body);
                })
                .await,
        );
    }
    let others = catch_all(&server).await;

    let client = hubspot(&server);
    let threads: Vec<conversations::Thread> = client
        .list_threads(ThreadQuery {
            status: Some(ThreadStatus::Open),
            inbox: Some("147959634".into()),
            updated_after: Some(after),
            page_size: Some(2),
            limit: None,
        })
        .try_collect()
        .await
        .expect("every page");

    let ids: Vec<&str> = threads.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["101", "102", "103", "104", "105"]);
    for thread in &threads {
        assert_eq!(thread.status, ThreadStatus::Open);
        let example = hubspot_thread(&thread.id);
        assert_eq!(
            thread.channel.inbox_id.as_deref(),
            example["inboxId"].as_str()
        );
        let own = serde_json::to_string_pretty(&hubspot_thread(&thread.id)).expect("JSON");
        assert_eq!(thread.raw.get(), own, "thread {}: its own text", thread.id);
    }
    for mock in &mocks {
        mock.assert_calls_async(1).await;
    }
    others.assert_calls_async(0).await;
}

/// `limit` ends the stream: the page after the one that reaches it is
/// never requested.
#[tokio::test]
async fn hubspot_list_threads_limit_stops_without_another_request() {
    let server = MockServer::start_async().await;
    let first = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(HS_THREADS)
                .query_param_missing("after");
            then.status(200).body(hubspot_page(&["1", "2"], Some("c2")));
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method(GET).path(HS_THREADS).query_param("after", "c2");
            then.status(200).body(hubspot_page(&["3", "4"], Some("c3")));
        })
        .await;
    let third = server
        .mock_async(|when, then| {
            when.method(GET).path(HS_THREADS).query_param("after", "c3");
            then.status(200).body(hubspot_page(&["5"], None));
        })
        .await;

    let threads: Vec<conversations::Thread> = hubspot(&server)
        .list_threads(ThreadQuery {
            limit: Some(3),
            ..ThreadQuery::default()
        })
        .try_collect()
        .await
        .expect("three threads");

    assert_eq!(threads.len(), 3);
    first.assert_calls_async(1).await;
    second.assert_calls_async(1).await;
    third.assert_calls_async(0).await;
}

fn hubspot_sender(actor: &str, name: &str) -> Value {
    json!({ "actorId": actor, "name": name, "deliveryIdentifier": { "type": "HS_EMAIL_ADDRESS", "value": "someone@example.test" } })
}

/// Every kind of HubSpot message normalizes by its own section: the
/// direction, who wrote it (by the actor id's prefix) and its body; a
/// comment is internal, an event is the system's.
#[tokio::test]
async fn hubspot_list_messages_normalizes_every_kind() {
    let server = MockServer::start_async().await;
    let common = |kind: &str, id: &str, actor: &str| {
        json!({
            "type": kind, "id": id, "conversationsThreadId": "8001",
            "createdAt": "2026-01-15T09:30:00Z", "createdBy": actor,
            "client": { "clientType": "HUBSPOT" },
            "senders": [hubspot_sender(actor, "Sam")], "recipients": [], "archived": false
        })
    };
    let mut incoming = common("MESSAGE", "M-1", "V-9001");
    for (key, value) in [
        ("text", json!("Where is my order?")),
        ("richText", json!("<p>Where is my order?</p>")),
        (
            "attachments",
            json!([{ "type": "FILE", "fileId": "F-1", "fileUsageType": "STANDARD" }]),
        ),
        ("truncationStatus", json!("NOT_TRUNCATED")),
        ("direction", json!("INCOMING")),
        ("status", json!({ "statusType": "RECEIVED" })),
        ("channelId", json!("1000")),
        ("channelAccountId", json!("240977368")),
    ] {
        incoming[key] = value;
    }
    let mut comment = common("COMMENT", "M-2", "A-7001");
    comment["text"] = json!("Checking with the warehouse");
    comment["richText"] = json!("<p>Checking with the warehouse</p>");
    comment["attachments"] = json!([]);
    let mut closed = common("THREAD_STATUS_CHANGE", "M-3", "S-hubspot");
    closed["newStatus"] = json!("CLOSED");
    let page1 = format!(
        r#"{{"results": [{}, {}], "paging": {{"next": {{"after": "m2"}}}}}}"#,
        serde_json::to_string_pretty(&incoming).expect("JSON"),
        comment
    );
    let page2 = format!(r#"{{"results": [ {closed} ]}}"#);
    let path = format!("{HS_THREADS}/8001/messages");
    let first = server
        .mock_async(|when, then| {
            when.method(GET).path(&path).query_param_missing("after");
            then.status(200).body(page1.clone());
        })
        .await;
    let second = server
        .mock_async(|when, then| {
            when.method(GET).path(&path).query_param("after", "m2");
            then.status(200).body(page2.clone());
        })
        .await;
    let others = catch_all(&server).await;

    let messages: Vec<conversations::Message> = hubspot(&server)
        .list_messages("8001")
        .try_collect()
        .await
        .expect("every page");

    let seen: Vec<(&str, Direction, ParticipantRole, Option<&str>)> = messages
        .iter()
        .map(|m| {
            (
                m.id.as_deref().unwrap_or_default(),
                m.direction,
                m.author.role,
                m.body_text.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (
                "M-1",
                Direction::Inbound,
                ParticipantRole::Customer,
                Some("Where is my order?")
            ),
            (
                "M-2",
                Direction::Internal,
                ParticipantRole::Agent,
                Some("Checking with the warehouse")
            ),
            ("M-3", Direction::Internal, ParticipantRole::System, None),
        ]
    );
    assert_eq!(messages[0].author.id.as_deref(), Some("V-9001"));
    assert_eq!(
        messages[0].body_html.as_deref(),
        Some("<p>Where is my order?</p>")
    );
    assert_eq!(
        messages[0].delivery,
        Some(conversations::Delivery::Delivered)
    );
    assert_eq!(messages[0].thread_id.as_deref(), Some("8001"));
    assert_eq!(
        messages[0].raw.get(),
        serde_json::to_string_pretty(&incoming).expect("JSON"),
        "the message's own text"
    );
    assert_eq!(messages[2].raw, closed);
    first.assert_calls_async(1).await;
    second.assert_calls_async(1).await;
    others.assert_calls_async(0).await;
}

/// A HubSpot reply: the thread's own channel, the agent `sender` names,
/// and, as recipients, the senders of the customer's latest message (by
/// `createdAt`, not by the order listed); the 201 answer is the message.
#[tokio::test]
async fn hubspot_reply_goes_to_the_senders_of_the_latest_incoming_message() {
    let server = MockServer::start_async().await;
    let thread = server
        .mock_async(|when, then| {
            when.method(GET).path(format!("{HS_THREADS}/8001"));
            then.status(200).json_body(hubspot_thread("8001"));
        })
        .await;
    let message = |id: &str, direction: &str, at: &str, sender: Value| {
        json!({
            "type": "MESSAGE", "id": id, "conversationsThreadId": "8001", "createdAt": at,
            "createdBy": "V-1", "client": { "clientType": "HUBSPOT" }, "senders": [sender],
            "recipients": [], "archived": false, "text": "t", "attachments": [],
            "truncationStatus": "NOT_TRUNCATED", "direction": direction,
            "channelId": "1000", "channelAccountId": "240977368"
        })
    };
    let visitor = |actor: &str, email: &str| json!({ "actorId": actor, "name": "Sam", "deliveryIdentifier": { "type": "HS_EMAIL_ADDRESS", "value": email } });
    // Listed newest first: the latest incoming is the first.
    let page = json!({ "results": [
        message("M-3", "INCOMING", "2026-01-15T10:00:00Z", visitor("V-2", "new@example.test")),
        message("M-2", "OUTGOING", "2026-01-15T09:45:00Z", visitor("A-7001", "agent@example.test")),
        message("M-1", "INCOMING", "2026-01-15T09:30:00Z", visitor("V-1", "old@example.test")),
    ] });
    let list = server
        .mock_async(|when, then| {
            when.method(GET).path(format!("{HS_THREADS}/8001/messages"));
            then.status(200).json_body(page);
        })
        .await;
    let example = hubspot_thread("8001");
    let sent_message = message(
        "M-4",
        "OUTGOING",
        "2026-01-15T10:05:00Z",
        visitor("A-7001", "agent@example.test"),
    );
    let send = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("{HS_THREADS}/8001/messages"))
                .header("authorization", format!("Bearer {HUBSPOT_TOKEN}"))
                .json_body(json!({
                    "type": "MESSAGE",
                    "text": "On its way.",
                    "richText": "<p>On its way.</p>",
                    "senderActorId": "A-7001",
                    "channelId": example["originalChannelId"],
                    "channelAccountId": example["originalChannelAccountId"],
                    "attachments": [],
                    "recipients": [{
                        "actorId": "V-2",
                        "name": "Sam",
                        "deliveryIdentifiers": [{ "type": "HS_EMAIL_ADDRESS", "value": "new@example.test" }]
                    }]
                }));
            then.status(201).json_body(sent_message.clone());
        })
        .await;
    let others = catch_all(&server).await;

    let sent = hubspot(&server)
        .send_message(
            "8001",
            NewMessage {
                text: "On its way.".into(),
                html: Some("<p>On its way.</p>".into()),
                sender: Some("A-7001".into()),
            },
        )
        .await
        .expect("sent");

    let message = sent.message.expect("HubSpot returns the message");
    assert_eq!(message.id.as_deref(), Some("M-4"));
    assert_eq!(message.direction, Direction::Outbound);
    assert_eq!(message.author.role, ParticipantRole::Agent);
    assert_eq!(sent.id.as_deref(), Some("M-4"));
    assert_eq!(sent.raw, sent_message);
    thread.assert_calls_async(1).await;
    list.assert_calls_async(1).await;
    send.assert_calls_async(1).await;
    others.assert_calls_async(0).await;
}

/// HubSpot needs the sending agent: a reply without one is refused, naming
/// the field, before any request.
#[tokio::test]
async fn hubspot_reply_without_a_sender_is_refused_before_any_request() {
    let server = MockServer::start_async().await;
    let others = catch_all(&server).await;

    let error = hubspot(&server)
        .send_message("8001", NewMessage::text("Hi"))
        .await
        .expect_err("refused");

    assert_eq!(invalid_field(&error), "sender");
    assert_eq!(
        error.to_string(),
        "hubspot send_message: `sender`: hubspot requires `senderActorId` (from `sender`), and none was given"
    );
    others.assert_calls_async(0).await;
}

#[tokio::test]
async fn hubspot_update_thread_patches_the_status() {
    let server = MockServer::start_async().await;
    let mut answer = hubspot_thread("8001");
    answer["status"] = json!("CLOSED");
    let patch = server
        .mock_async(|when, then| {
            when.method(httpmock::Method::PATCH)
                .path(format!("{HS_THREADS}/8001"))
                .header("authorization", format!("Bearer {HUBSPOT_TOKEN}"))
                .json_body(json!({ "status": "CLOSED" }));
            then.status(200).json_body(answer.clone());
        })
        .await;
    let others = catch_all(&server).await;

    let thread = hubspot(&server)
        .update_thread(
            "8001",
            ThreadUpdate {
                status: Some(ThreadStatus::Closed),
                assignee: None,
            },
        )
        .await
        .expect("updated");

    assert_eq!(
        (thread.id.as_str(), thread.status),
        ("8001", ThreadStatus::Closed)
    );
    assert_eq!(thread.status_native.as_deref(), Some("CLOSED"));
    patch.assert_calls_async(1).await;
    others.assert_calls_async(0).await;
}

#[tokio::test]
async fn hubspot_refuses_what_it_cannot_do_before_any_request() {
    let server = MockServer::start_async().await;
    let others = catch_all(&server).await;
    let client = hubspot(&server);

    let assign = ThreadUpdate {
        status: None,
        assignee: Some(AssigneeUpdate::Clear),
    };
    let error = client
        .update_thread("8001", assign)
        .await
        .expect_err("refused");
    assert_eq!(invalid_field(&error), "assignee");
    let error = client
        .update_thread("not-a-number", ThreadUpdate::default())
        .await
        .expect_err("refused");
    assert_eq!(invalid_field(&error), "thread_id");
    let pending = ThreadQuery {
        status: Some(ThreadStatus::Pending),
        ..ThreadQuery::default()
    };
    let listed: Vec<_> = client.list_threads(pending).collect().await;
    assert_eq!(listed.len(), 1);
    assert_eq!(
        invalid_field(listed[0].as_ref().expect_err("refused")),
        "status"
    );
    others.assert_calls_async(0).await;
}

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
