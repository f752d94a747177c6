//! The unified client over HubSpot.

use super::*;

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

/// A page whose items do not all decode is read item by item: the bad one
/// is its own `Decode` error carrying its own text, the others are listed,
/// and the next page is still requested.
#[tokio::test]
async fn hubspot_list_threads_a_bad_item_is_its_own_error_and_the_rest_are_listed() {
    let server = MockServer::start_async().await;
    let bad = r#"{"id": "102", "status": ["OPEN"]}"#;
    let first = format!(
        r#"{{"results": [{}, {bad}, [1]], "paging": {{"next": {{"after": "c2"}}}}}}"#,
        serde_json::to_string(&hubspot_thread("101")).expect("JSON")
    );
    let second = hubspot_page(&["103"], None);
    for (cursor, body) in [(None, first), (Some("c2"), second)] {
        server
            .mock_async(|when, then| {
                let when = when.method(GET).path(HS_THREADS);
                match cursor {
                    Some(cursor) => when.query_param("after", cursor),
                    None => when.query_param_missing("after"),
                };
                then.status(200)
                    .header("content-type", "application/json")
                    .body(body);
            })
            .await;
    }
    let items: Vec<Result<conversations::Thread, conversations::Error>> = hubspot(&server)
        .list_threads(ThreadQuery::default())
        .collect()
        .await;
    assert_eq!(items.len(), 4, "{items:?}");
    assert_eq!(items[0].as_ref().map(|t| t.id.as_str()).ok(), Some("101"));
    match &items[1] {
        Err(conversations::Error::Decode {
            body, operation, ..
        }) => {
            assert_eq!((body.as_str(), *operation), (bad, "list_threads"));
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    match &items[2] {
        Err(conversations::Error::Decode { body, source, .. }) => {
            assert_eq!(body, "[1]");
            assert!(source.to_string().contains("invalid type"), "{source}");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    let third = items[3].as_ref().expect("the next page is listed");
    assert_eq!(third.id, "103");
    assert_eq!(
        third.raw.get(),
        serde_json::to_string_pretty(&hubspot_thread("103")).expect("JSON")
    );
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
