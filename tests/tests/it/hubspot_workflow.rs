//! HubSpot Conversations Inbox & Messages v3 (specs/hubspot.yaml): one test
//! per operation, against a local mock server.
//!
//! Each mock matches the request exactly as HubSpot documents it (method,
//! path, every query parameter, the JSON body, `Authorization: Bearer …`), so
//! a wrong request gets no answer; each test then checks the decoded value
//! field by field. HubSpot's docs give a verbatim example for get thread only
//! (a placeholder one, used as it is); every other value here is test data,
//! built from the schemas of the fact sheet
//! (shared/provider-docs/hubspot-conversations-inbox-messages-v3-facts.txt).
//! Paging streams, retries and tokens are tested elsewhere.

use httpmock::prelude::*;
use hubspot_client::types;
use hubspot_client::{Client, Error};
use serde_json::{Value, json};

/// A private-app token: HubSpot's docs send it like an OAuth access token
/// (specs/hubspot.yaml, security scheme `private_apps`). Test data.
const TOKEN: &str = "pat-na1-00000000-0000-4000-8000-TEST-ONLY";
const BEARER: &str = "Bearer pat-na1-00000000-0000-4000-8000-TEST-ONLY";
const PREFIX: &str = "/conversations/v3/conversations";

fn path(rest: &str) -> String {
    format!("{PREFIX}{rest}")
}

fn client(server: &MockServer) -> Client {
    Client::with_bearer_token(&server.base_url(), TOKEN)
}

fn s(value: &str) -> String {
    value.to_owned()
}

fn some(value: &str) -> Option<String> {
    Some(value.to_owned())
}

// ---------------------------------------------------------------------------
// Test data shared by the message operations

fn client_json() -> Value {
    json!({ "clientType": "HUBSPOT" })
}

fn hubspot_client() -> types::PublicClient {
    types::PublicClient {
        client_type: types::PublicClientClientType::Hubspot,
        integration_app_id: None,
    }
}

fn email_identifier(address: &str) -> types::PublicDeliveryIdentifier {
    types::PublicDeliveryIdentifier {
        type_: s("HS_EMAIL_ADDRESS"),
        value: s(address),
    }
}

fn agent_sender_json() -> Value {
    json!({
        "actorId": "A-7001",
        "name": "Test Agent",
        "senderField": "FROM",
        "deliveryIdentifier": { "type": "HS_EMAIL_ADDRESS", "value": "agent@example.test" }
    })
}

fn agent_sender() -> types::PublicSender {
    types::PublicSender {
        actor_id: some("A-7001"),
        delivery_identifier: Some(email_identifier("agent@example.test")),
        name: some("Test Agent"),
        sender_field: some("FROM"),
    }
}

fn visitor_recipient_json() -> Value {
    json!({
        "actorId": "V-9001",
        "name": "Test Visitor",
        "recipientField": "TO",
        "deliveryIdentifier": { "type": "HS_EMAIL_ADDRESS", "value": "visitor@example.test" }
    })
}

fn visitor_recipient() -> types::PublicRecipient {
    types::PublicRecipient {
        actor_id: some("V-9001"),
        delivery_identifier: email_identifier("visitor@example.test"),
        name: some("Test Visitor"),
        recipient_field: some("TO"),
    }
}

/// A `PublicConversationsMessage` (type MESSAGE) as HubSpot sends it.
fn message_json(id: &str, truncation: &str) -> Value {
    json!({
        "type": "MESSAGE",
        "id": id,
        "conversationsThreadId": "8001",
        "createdAt": "2026-01-15T09:30:00Z",
        "updatedAt": "2026-01-15T09:31:00Z",
        "createdBy": "A-7001",
        "client": client_json(),
        "senders": [agent_sender_json()],
        "recipients": [visitor_recipient_json()],
        "archived": false,
        "text": "Your order has shipped.",
        "richText": "<p>Your order has shipped.</p>",
        "attachments": [{
            "type": "FILE",
            "fileId": "F-3001",
            "fileUsageType": "STANDARD",
            "name": "invoice.pdf",
            "url": "https://files.example.test/invoice.pdf"
        }],
        "subject": "Order 1234",
        "truncationStatus": truncation,
        "inReplyToId": "M-5000",
        "status": { "statusType": "SENT" },
        "direction": "OUTGOING",
        "channelId": "1002",
        "channelAccountId": "240977368"
    })
}

fn message(
    id: &str,
    truncation: types::PublicConversationsMessageTruncationStatus,
) -> types::PublicConversationsMessage {
    types::PublicConversationsMessage {
        type_: types::PublicConversationsMessageType::Message,
        id: s(id),
        conversations_thread_id: s("8001"),
        created_at: s("2026-01-15T09:30:00Z"),
        updated_at: some("2026-01-15T09:31:00Z"),
        created_by: s("A-7001"),
        client: hubspot_client(),
        senders: vec![agent_sender()],
        recipients: vec![visitor_recipient()],
        archived: false,
        text: s("Your order has shipped."),
        rich_text: some("<p>Your order has shipped.</p>"),
        attachments: vec![
            types::PublicConversationsMessageAttachmentsItem::PublicFile(types::PublicFile {
                type_: types::PublicFileType::File,
                file_id: s("F-3001"),
                file_usage_type: s("STANDARD"),
                name: some("invoice.pdf"),
                url: some("https://files.example.test/invoice.pdf"),
            }),
        ],
        subject: some("Order 1234"),
        truncation_status: truncation,
        in_reply_to_id: some("M-5000"),
        status: Some(types::PublicMessageStatus {
            status_type: types::PublicMessageStatusStatusType::Sent,
            failure_details: None,
        }),
        direction: types::PublicConversationsMessageDirection::Outgoing,
        channel_id: s("1002"),
        channel_account_id: s("240977368"),
    }
}

/// A thread as HubSpot sends it (test data; the docs' own example is the
/// placeholder one in `get_thread`).
fn thread_json(id: &str, status: &str) -> Value {
    json!({
        "id": id,
        "associatedContactId": "951",
        "createdAt": "2026-01-15T09:00:00Z",
        "archived": false,
        "originalChannelId": "1000",
        "originalChannelAccountId": "240977368",
        "spam": false,
        "inboxId": "147959634",
        "status": status,
        "assignedTo": "A-7001",
        "latestMessageTimestamp": "2026-01-15T09:30:00Z"
    })
}

fn thread(id: &str, status: types::PublicThreadStatus) -> types::PublicThread {
    types::PublicThread {
        id: s(id),
        associated_contact_id: s("951"),
        created_at: s("2026-01-15T09:00:00Z"),
        archived: false,
        original_channel_id: s("1000"),
        original_channel_account_id: s("240977368"),
        spam: false,
        inbox_id: s("147959634"),
        status,
        assigned_to: some("A-7001"),
        latest_message_timestamp: some("2026-01-15T09:30:00Z"),
        latest_message_sent_timestamp: None,
        latest_message_received_timestamp: None,
        closed_at: None,
        thread_associations: None,
    }
}

// ---------------------------------------------------------------------------
// Actors

/// `POST /actors/batch/read`: the ids go in `inputs`; 200 and 207 decode into
/// their own variants, each actor into its subtype by its `type`.
#[tokio::test]
async fn batch_read_actors_posts_inputs_and_decodes_200_and_207() {
    let server = MockServer::start_async().await;
    let complete = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(path("/actors/batch/read"))
                .query_param("property", "email")
                .header("authorization", BEARER)
                .header("content-type", "application/json")
                .json_body(json!({ "inputs": ["A-7001", "S-hubspot"] }));
            then.status(200).json_body(json!({
                "status": "COMPLETE",
                "requestedAt": "2026-01-15T10:00:00Z",
                "startedAt": "2026-01-15T10:00:00.100Z",
                "completedAt": "2026-01-15T10:00:00.200Z",
                "links": { "self": "https://api.example.test/batch/1" },
                "results": [
                    { "type": "AGENT", "id": "A-7001", "name": "Test Agent",
                      "email": "agent@example.test", "avatar": "https://files.example.test/a.png" },
                    { "type": "SYSTEM", "id": "S-hubspot" }
                ]
            }));
        })
        .await;
    let partial = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(path("/actors/batch/read"))
                .query_param_missing("property")
                .header("authorization", BEARER)
                .json_body(json!({ "inputs": ["B-42", "X-404"] }));
            then.status(207).json_body(json!({
                "status": "COMPLETE",
                "startedAt": "2026-01-15T10:01:00Z",
                "completedAt": "2026-01-15T10:01:01Z",
                "numErrors": 1,
                "errors": [{
                    "status": "error",
                    "category": "OBJECT_NOT_FOUND",
                    "message": "Actor X-404 not found",
                    "id": "err-1",
                    "context": { "ids": ["X-404"] },
                    "links": {},
                    "errors": [{ "message": "no such actor", "code": "NOT_FOUND", "in": "inputs" }],
                    "subCategory": {}
                }],
                "results": [{ "type": "BOT", "id": "B-42", "name": "Test Bot" }]
            }));
        })
        .await;
    let client = client(&server);

    let response = client
        .batch_read_actors()
        .property("email")
        .body(types::BatchInputString {
            inputs: vec![s("A-7001"), s("S-hubspot")],
        })
        .send()
        .await
        .expect("a 200");
    complete.assert_async().await;
    assert_eq!(response.status(), 200);
    let types::BatchReadActorsResponse::Status200(batch) = response.into_inner() else {
        panic!("a 200 decodes into its own variant");
    };
    assert_eq!(
        batch.status,
        types::BatchResponsePublicActorStatus::Complete
    );
    assert_eq!(batch.requested_at.as_deref(), Some("2026-01-15T10:00:00Z"));
    assert_eq!(batch.started_at, "2026-01-15T10:00:00.100Z");
    assert_eq!(batch.completed_at, "2026-01-15T10:00:00.200Z");
    assert_eq!(
        batch.links.get("self").map(String::as_str),
        Some("https://api.example.test/batch/1")
    );
    assert_eq!(
        batch.results,
        vec![
            types::PublicActor::AgentActor(types::AgentActor {
                type_: types::AgentActorType::Agent,
                id: s("A-7001"),
                name: some("Test Agent"),
                email: some("agent@example.test"),
                avatar: some("https://files.example.test/a.png"),
            }),
            types::PublicActor::SystemActor(types::SystemActor {
                type_: types::SystemActorType::System,
                id: s("S-hubspot"),
            }),
        ]
    );

    let response = client
        .batch_read_actors()
        .body(types::BatchInputString {
            inputs: vec![s("B-42"), s("X-404")],
        })
        .send()
        .await
        .expect("a 207 is a success");
    partial.assert_async().await;
    assert_eq!(response.status(), 207);
    let types::BatchReadActorsResponse::Status207(batch) = response.into_inner() else {
        panic!("a 207 decodes into its own variant");
    };
    assert_eq!(
        batch.status,
        types::BatchResponsePublicActorWithErrorsStatus::Complete
    );
    assert_eq!(batch.requested_at, None);
    assert_eq!(batch.started_at, "2026-01-15T10:01:00Z");
    assert_eq!(batch.completed_at, "2026-01-15T10:01:01Z");
    assert_eq!(batch.num_errors, Some(1));
    assert!(batch.links.is_empty());
    assert_eq!(
        batch.results,
        vec![types::PublicActor::BotActor(types::BotActor {
            type_: types::BotActorType::Bot,
            id: s("B-42"),
            name: some("Test Bot"),
            avatar: None,
        })]
    );
    assert_eq!(batch.errors.len(), 1);
    let error = &batch.errors[0];
    assert_eq!(error.status, "error");
    assert_eq!(error.category, "OBJECT_NOT_FOUND");
    assert_eq!(error.message, "Actor X-404 not found");
    assert_eq!(error.id.as_deref(), Some("err-1"));
    assert_eq!(error.context.get("ids"), Some(&vec![s("X-404")]));
    assert!(error.links.is_empty());
    assert!(error.sub_category.is_empty());
    assert_eq!(
        error.errors,
        vec![types::ErrorDetail {
            message: s("no such actor"),
            code: some("NOT_FOUND"),
            in_: some("inputs"),
            context: Default::default(),
            sub_category: None,
        }]
    );
}

/// `GET /actors/{actorId}`: one actor, decoded into its subtype.
#[tokio::test]
async fn get_actor_decodes_the_actor_subtype() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(path("/actors/E-visitor@example.test"))
                .query_param("property", "email")
                .header("authorization", BEARER);
            then.status(200).json_body(json!({
                "type": "EMAIL",
                "id": "E-visitor@example.test",
                "email": "visitor@example.test"
            }));
        })
        .await;

    let actor = client(&server)
        .get_actor()
        .actor_id("E-visitor@example.test")
        .property("email")
        .send()
        .await
        .expect("a 200")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(
        actor,
        types::PublicActor::EmailActor(types::EmailActor {
            type_: types::EmailActorType::Email,
            id: s("E-visitor@example.test"),
            email: s("visitor@example.test"),
        })
    );
}

// ---------------------------------------------------------------------------
// Channel accounts, channels, inboxes

/// `GET /channel-accounts`: every filter, arrays as repeated parameters; a
/// page with a next cursor and the total.
#[tokio::test]
async fn list_channel_accounts_sends_every_filter_and_decodes_the_page() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(path("/channel-accounts"))
                .query_param("after", "MjQwOTc3MzY4")
                .query_param("archived", "false")
                .query_param("channelId", "1000")
                .query_param("channelId", "1002")
                .query_param_count("^channelId$", ".*", 2)
                .query_param("defaultPageLength", "20")
                .query_param("inboxId", "147959634")
                .query_param_count("^inboxId$", ".*", 1)
                .query_param("limit", "2")
                .query_param("sort", "id")
                .header("authorization", BEARER);
            then.status(200).json_body(json!({
                "total": 5,
                "results": [
                    {
                        "id": "240977368", "name": "Support e-mail", "channelId": "1002",
                        "inboxId": "147959634", "active": true, "archived": false,
                        "authorized": true, "createdAt": "2025-06-01T12:00:00Z",
                        "deliveryIdentifier": { "type": "HS_EMAIL_ADDRESS", "value": "support@example.test" }
                    },
                    {
                        "id": "240977369", "name": "Old chat", "channelId": "1000",
                        "inboxId": "147959634", "active": false, "archived": true,
                        "archivedAt": "2025-12-01T08:00:00Z", "authorized": false,
                        "createdAt": "2025-01-01T12:00:00Z"
                    }
                ],
                "paging": { "next": { "after": "MjQwOTc3MzY5", "link": "?after=MjQwOTc3MzY5" } }
            }));
        })
        .await;

    let page = client(&server)
        .list_channel_accounts()
        .after("MjQwOTc3MzY4")
        .archived(false)
        .channel_id(vec![1000, 1002])
        .default_page_length(20)
        .inbox_id(vec![147959634])
        .limit(2)
        .sort(vec![s("id")])
        .send()
        .await
        .expect("a 200")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(page.total, 5);
    assert_eq!(
        page.paging,
        Some(types::ForwardPaging {
            next: Some(types::NextPage {
                after: s("MjQwOTc3MzY5"),
                link: some("?after=MjQwOTc3MzY5"),
            }),
        })
    );
    assert_eq!(
        page.results,
        vec![
            types::PublicChannelAccount {
                id: s("240977368"),
                name: s("Support e-mail"),
                channel_id: s("1002"),
                inbox_id: s("147959634"),
                active: true,
                archived: false,
                archived_at: None,
                authorized: true,
                created_at: s("2025-06-01T12:00:00Z"),
                delivery_identifier: Some(email_identifier("support@example.test")),
            },
            types::PublicChannelAccount {
                id: s("240977369"),
                name: s("Old chat"),
                channel_id: s("1000"),
                inbox_id: s("147959634"),
                active: false,
                archived: true,
                archived_at: some("2025-12-01T08:00:00Z"),
                authorized: false,
                created_at: s("2025-01-01T12:00:00Z"),
                delivery_identifier: None,
            },
        ]
    );
}

/// `GET /channel-accounts/{channelAccountId}`: an int64 id in the path, a
/// string id in the body.
#[tokio::test]
async fn get_channel_account_sends_an_int64_id() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(path("/channel-accounts/9007199254740993"))
                .query_param("archived", "true")
                .header("authorization", BEARER);
            then.status(200).json_body(json!({
                "id": "9007199254740993", "name": "Archived WhatsApp", "channelId": "1007",
                "inboxId": "147959634", "active": false, "archived": true,
                "archivedAt": "2025-12-01T08:00:00Z", "authorized": true,
                "createdAt": "2025-01-01T12:00:00Z",
                "deliveryIdentifier": { "type": "HS_PHONE_NUMBER", "value": "+15550100" }
            }));
        })
        .await;

    let account = client(&server)
        .get_channel_account()
        .channel_account_id(9_007_199_254_740_993_i64)
        .archived(true)
        .send()
        .await
        .expect("a 200")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(
        account,
        types::PublicChannelAccount {
            id: s("9007199254740993"),
            name: s("Archived WhatsApp"),
            channel_id: s("1007"),
            inbox_id: s("147959634"),
            active: false,
            archived: true,
            archived_at: some("2025-12-01T08:00:00Z"),
            authorized: true,
            created_at: s("2025-01-01T12:00:00Z"),
            delivery_identifier: Some(types::PublicDeliveryIdentifier {
                type_: s("HS_PHONE_NUMBER"),
                value: s("+15550100"),
            }),
        }
    );
}

/// `GET /channels`: the last page has no `paging`.
#[tokio::test]
async fn list_channels_decodes_a_last_page_with_its_total() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(path("/channels"))
                .query_param("after", "MTAwMA")
                .query_param("defaultPageLength", "50")
                .query_param("limit", "50")
                .query_param("sort", "name")
                .query_param_count("^sort$", ".*", 1)
                .header("authorization", BEARER);
            then.status(200).json_body(json!({
                "total": 3,
                "results": [
                    { "id": "1002", "name": "Email" },
                    { "id": "1007", "name": "WhatsApp" }
                ]
            }));
        })
        .await;

    let page = client(&server)
        .list_channels()
        .after("MTAwMA")
        .default_page_length(50)
        .limit(50)
        .sort(vec![s("name")])
        .send()
        .await
        .expect("a 200")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(page.total, 3);
    assert_eq!(page.paging, None);
    assert_eq!(
        page.results,
        vec![
            types::PublicChannel {
                id: s("1002"),
                name: s("Email")
            },
            types::PublicChannel {
                id: s("1007"),
                name: s("WhatsApp")
            },
        ]
    );
}

/// `GET /channels/{channelId}`: an int32 id in the path.
#[tokio::test]
async fn get_channel_sends_an_int32_id() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(path("/channels/1000"))
                .header("authorization", BEARER);
            then.status(200)
                .json_body(json!({ "id": "1000", "name": "Live chat" }));
        })
        .await;

    let channel = client(&server)
        .get_channel()
        .channel_id(1000)
        .send()
        .await
        .expect("a 200")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(
        channel,
        types::PublicChannel {
            id: s("1000"),
            name: s("Live chat")
        }
    );
}

/// `GET /inboxes`: every parameter; a page with a cursor and the total.
#[tokio::test]
async fn list_inboxes_sends_every_parameter_and_decodes_the_page() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(path("/inboxes"))
                .query_param("after", "MTQ3OTU5NjM0")
                .query_param("archived", "true")
                .query_param("defaultPageLength", "10")
                .query_param("limit", "1")
                .query_param("sort", "-createdAt")
                .header("authorization", BEARER);
            then.status(200).json_body(json!({
                "total": 2,
                "results": [{
                    "id": "147959635", "name": "Old support", "type": "HELP_DESK",
                    "archived": true, "archivedAt": "2025-12-01T08:00:00Z",
                    "createdAt": "2025-01-01T12:00:00Z", "updatedAt": "2025-12-01T08:00:00Z"
                }],
                "paging": { "next": { "after": "MTQ3OTU5NjM1" } }
            }));
        })
        .await;

    let page = client(&server)
        .list_inboxes()
        .after("MTQ3OTU5NjM0")
        .archived(true)
        .default_page_length(10)
        .limit(1)
        .sort(vec![s("-createdAt")])
        .send()
        .await
        .expect("a 200")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(page.total, 2);
    assert_eq!(
        page.paging.and_then(|p| p.next),
        Some(types::NextPage {
            after: s("MTQ3OTU5NjM1"),
            link: None
        })
    );
    assert_eq!(
        page.results,
        vec![types::PublicInbox {
            id: s("147959635"),
            name: s("Old support"),
            type_: s("HELP_DESK"),
            archived: true,
            archived_at: some("2025-12-01T08:00:00Z"),
            created_at: s("2025-01-01T12:00:00Z"),
            updated_at: s("2025-12-01T08:00:00Z"),
        }]
    );
}

/// `GET /inboxes/{inboxId}`: an int32 id in the path.
#[tokio::test]
async fn get_inbox_sends_an_int32_id_and_archived() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(path("/inboxes/147959634"))
                .query_param("archived", "false")
                .header("authorization", BEARER);
            then.status(200).json_body(json!({
                "id": "147959634", "name": "Support", "type": "INBOX",
                "archived": false,
                "createdAt": "2025-01-01T12:00:00Z", "updatedAt": "2026-01-10T08:00:00Z"
            }));
        })
        .await;

    let inbox = client(&server)
        .get_inbox()
        .inbox_id(147_959_634)
        .archived(false)
        .send()
        .await
        .expect("a 200")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(
        inbox,
        types::PublicInbox {
            id: s("147959634"),
            name: s("Support"),
            type_: s("INBOX"),
            archived: false,
            archived_at: None,
            created_at: s("2025-01-01T12:00:00Z"),
            updated_at: s("2026-01-10T08:00:00Z"),
        }
    );
}

// ---------------------------------------------------------------------------
// Threads

/// `GET /threads`, twice as HubSpot's rules allow (`associatedContactId` and
/// `inboxId` exclude each other): a contact's open threads sorted by latest
/// message, descending, then an inbox filter with the other parameters.
#[tokio::test]
async fn list_threads_sends_each_filter_combination() {
    let server = MockServer::start_async().await;
    let by_contact = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(path("/threads"))
                .query_param("associatedContactId", "951")
                .query_param("threadStatus", "OPEN")
                .query_param("sort", "-latestMessageTimestamp")
                .query_param("latestMessageTimestampAfter", "2026-01-01T00:00:00Z")
                .query_param_missing("inboxId")
                .header("authorization", BEARER);
            then.status(200).json_body(json!({
                "results": [thread_json("8001", "OPEN")]
            }));
        })
        .await;
    let by_inbox = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(path("/threads"))
                .query_param("after", "ODAwMQ")
                .query_param("archived", "false")
                .query_param("association", "TICKET")
                .query_param("inboxId", "147959634")
                .query_param("inboxId", "147959635")
                .query_param_count("^inboxId$", ".*", 2)
                .query_param("limit", "2")
                .query_param("property", "hs_thread_subject")
                .query_param_missing("associatedContactId")
                .header("authorization", BEARER);
            then.status(200).json_body(json!({
                "results": [
                    thread_json("8002", "CLOSED"),
                    {
                        "id": "8003", "associatedContactId": "952",
                        "createdAt": "2026-01-14T09:00:00Z", "archived": false,
                        "originalChannelId": "1000", "originalChannelAccountId": "240977369",
                        "spam": true, "inboxId": "147959635", "status": "OPEN",
                        "threadAssociations": { "associatedTicketId": "T-6001" },
                        "latestMessageReceivedTimestamp": "2026-01-14T09:05:00Z"
                    }
                ],
                "paging": { "next": { "after": "ODAwMw" } }
            }));
        })
        .await;
    let client = client(&server);

    let page = client
        .list_threads()
        .associated_contact_id(951)
        .thread_status("OPEN")
        .sort(vec![s("-latestMessageTimestamp")])
        .latest_message_timestamp_after("2026-01-01T00:00:00Z")
        .send()
        .await
        .expect("a 200")
        .into_inner();
    by_contact.assert_async().await;
    assert_eq!(page.paging, None);
    assert_eq!(
        page.results,
        vec![thread("8001", types::PublicThreadStatus::Open)]
    );

    let page = client
        .list_threads()
        .after("ODAwMQ")
        .archived(false)
        .association(vec![types::ListThreadsAssociationItem::Ticket])
        .inbox_id(vec![147959634, 147959635])
        .limit(2)
        .property("hs_thread_subject")
        .send()
        .await
        .expect("a 200")
        .into_inner();
    by_inbox.assert_async().await;
    assert_eq!(
        page.paging.and_then(|p| p.next).map(|n| n.after).as_deref(),
        Some("ODAwMw")
    );
    assert_eq!(
        page.results,
        vec![
            thread("8002", types::PublicThreadStatus::Closed),
            types::PublicThread {
                id: s("8003"),
                associated_contact_id: s("952"),
                created_at: s("2026-01-14T09:00:00Z"),
                archived: false,
                original_channel_id: s("1000"),
                original_channel_account_id: s("240977369"),
                spam: true,
                inbox_id: s("147959635"),
                status: types::PublicThreadStatus::Open,
                assigned_to: None,
                latest_message_timestamp: None,
                latest_message_sent_timestamp: None,
                latest_message_received_timestamp: some("2026-01-14T09:05:00Z"),
                closed_at: None,
                thread_associations: Some(types::PublicThreadAssociations {
                    associated_ticket_id: some("T-6001"),
                }),
            },
        ]
    );
}

/// `GET /threads/{threadId}` with the docs' example (hubspot-get-thread.txt,
/// placeholders and all).
#[tokio::test]
async fn get_thread_decodes_the_docs_example() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(path("/threads/8001"))
                .query_param("archived", "false")
                .query_param("association", "TICKET")
                .query_param("property", "hs_thread_subject")
                .header("authorization", BEARER);
            then.status(200).json_body(json!({
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
            }));
        })
        .await;

    let thread = client(&server)
        .get_thread()
        .thread_id(8001)
        .archived(false)
        .association(vec![types::GetThreadAssociationItem::Ticket])
        .property("hs_thread_subject")
        .send()
        .await
        .expect("a 200")
        .into_inner();

    mock.assert_async().await;
    let at = "2023-11-07T05:31:56Z";
    assert_eq!(
        thread,
        types::PublicThread {
            associated_contact_id: s("<string>"),
            thread_associations: Some(types::PublicThreadAssociations {
                associated_ticket_id: some("<string>"),
            }),
            assigned_to: some("<string>"),
            created_at: s(at),
            archived: true,
            original_channel_id: s("<string>"),
            latest_message_timestamp: some(at),
            latest_message_sent_timestamp: some(at),
            original_channel_account_id: s("<string>"),
            id: s("<string>"),
            closed_at: some(at),
            spam: true,
            inbox_id: s("<string>"),
            status: types::PublicThreadStatus::Open,
            latest_message_received_timestamp: some(at),
        }
    );
}

/// `DELETE /threads/{threadId}` archives the thread: 204, no body.
#[tokio::test]
async fn archive_thread_sends_delete_and_gets_204() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path(path("/threads/8001"))
                .header("authorization", BEARER);
            then.status(204);
        })
        .await;

    let response = client(&server)
        .archive_thread()
        .thread_id(8001)
        .send()
        .await
        .expect("a 204");

    mock.assert_async().await;
    assert_eq!(response.status(), 204);
    let () = response.into_inner();
}

/// `PATCH /threads/{threadId}`: close a thread; restore an archived one
/// (`archived=true` in the query, `archived: false` in the body); and the
/// `default` error, HubSpot's `Error` body, decoded.
#[tokio::test]
async fn update_thread_sends_only_the_given_fields_and_decodes_the_error_body() {
    let server = MockServer::start_async().await;
    let close = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path(path("/threads/8001"))
                .query_param_missing("archived")
                .header("authorization", BEARER)
                .header("content-type", "application/json")
                .json_body(json!({ "status": "CLOSED" }));
            then.status(200).json_body({
                let mut body = thread_json("8001", "CLOSED");
                body["closedAt"] = json!("2026-01-15T10:00:00Z");
                body
            });
        })
        .await;
    let restore = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path(path("/threads/8002"))
                .query_param("archived", "true")
                .header("authorization", BEARER)
                .json_body(json!({ "archived": false }));
            then.status(200).json_body(thread_json("8002", "OPEN"));
        })
        .await;
    let refused = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path(path("/threads/8003"))
                .query_param("archived", "true")
                .header("authorization", BEARER)
                .json_body(json!({ "status": "OPEN" }));
            then.status(400)
                .header("content-type", "application/json")
                .json_body(json!({
                    "status": "error",
                    "category": "VALIDATION_ERROR",
                    "subCategory": "THREAD_ARCHIVED",
                    "message": "Test: the status of an archived thread cannot change",
                    "correlationId": "3f1c2b7e-8d4a-4e6b-9a0c-1d2e3f4a5b6c",
                    "context": { "threadId": ["8003"] },
                    "links": { "docs": "https://docs.example.test/threads" },
                    "errors": [{
                        "message": "archived",
                        "in": "status",
                        "code": "INVALID_STATE",
                        "subCategory": "THREAD_ARCHIVED",
                        "context": { "archived": ["true"] }
                    }]
                }));
        })
        .await;
    let client = client(&server);

    let closed = client
        .update_thread()
        .thread_id(8001)
        .body(types::PublicThreadUpdateRequest {
            status: Some(types::PublicThreadUpdateRequestStatus::Closed),
            archived: None,
        })
        .send()
        .await
        .expect("a 200")
        .into_inner();
    close.assert_async().await;
    assert_eq!(
        closed,
        types::PublicThread {
            closed_at: some("2026-01-15T10:00:00Z"),
            ..thread("8001", types::PublicThreadStatus::Closed)
        }
    );

    let restored = client
        .update_thread()
        .thread_id(8002)
        .archived(true)
        .body(types::PublicThreadUpdateRequest {
            archived: Some(false),
            status: None,
        })
        .send()
        .await
        .expect("a 200")
        .into_inner();
    restore.assert_async().await;
    assert_eq!(restored, thread("8002", types::PublicThreadStatus::Open));

    let error = client
        .update_thread()
        .thread_id(8003)
        .archived(true)
        .body(types::PublicThreadUpdateRequest {
            status: Some(types::PublicThreadUpdateRequestStatus::Open),
            archived: None,
        })
        .send()
        .await
        .expect_err("a 400");
    refused.assert_async().await;
    assert_eq!(error.status(), Some(reqwest::StatusCode::BAD_REQUEST));
    let Error::ErrorResponse(response) = error else {
        panic!("the documented error body decodes, not {error:?}");
    };
    let body = response.into_inner();
    assert_eq!(body.category, "VALIDATION_ERROR");
    assert_eq!(body.sub_category.as_deref(), Some("THREAD_ARCHIVED"));
    assert_eq!(
        body.message,
        "Test: the status of an archived thread cannot change"
    );
    assert_eq!(
        body.correlation_id.to_string(),
        "3f1c2b7e-8d4a-4e6b-9a0c-1d2e3f4a5b6c"
    );
    assert_eq!(body.context.get("threadId"), Some(&vec![s("8003")]));
    assert_eq!(
        body.links.get("docs").map(String::as_str),
        Some("https://docs.example.test/threads")
    );
    assert_eq!(
        body.errors,
        vec![types::ErrorDetail {
            message: s("archived"),
            in_: some("status"),
            code: some("INVALID_STATE"),
            sub_category: some("THREAD_ARCHIVED"),
            context: [(s("archived"), vec![s("true")])].into_iter().collect(),
        }]
    );
}

// ---------------------------------------------------------------------------
// Messages

/// `GET /threads/{threadId}/messages`: a page holding one of each kind of
/// message, each decoded into its own type by its `type`.
#[tokio::test]
async fn list_messages_decodes_every_message_kind() {
    let server = MockServer::start_async().await;
    let event = |kind: &str, id: &str, extra: Value| {
        let mut body = json!({
            "type": kind,
            "id": id,
            "conversationsThreadId": "8001",
            "createdAt": "2026-01-15T09:00:00Z",
            "createdBy": "S-hubspot",
            "client": { "clientType": "SYSTEM" },
            "senders": [],
            "recipients": [],
            "archived": false
        });
        for (key, value) in extra.as_object().expect("an object") {
            body[key] = value.clone();
        }
        body
    };
    let results = json!([
        message_json("M-5001", "NOT_TRUNCATED"),
        {
            "type": "COMMENT", "id": "M-5002", "conversationsThreadId": "8001",
            "createdAt": "2026-01-15T09:20:00Z", "createdBy": "A-7001",
            "client": { "clientType": "INTEGRATION", "integrationAppId": 4242 },
            "senders": [{ "actorId": "A-7001" }], "recipients": [], "archived": false,
            "text": "Customer called, see ticket.", "richText": "<p>Customer called, see ticket.</p>",
            "attachments": []
        },
        event("WELCOME_MESSAGE", "M-5003", json!({
            "text": "Hi! How can we help?", "channelId": "1000", "channelAccountId": "240977369"
        })),
        event("ASSIGNMENT", "M-5004", json!({ "assignedTo": "A-7001", "assignedFrom": "A-7002" })),
        event("THREAD_STATUS_CHANGE", "M-5005", json!({ "newStatus": "CLOSED" })),
        event("THREAD_INBOX_CHANGE", "M-5006", json!({ "fromInboxId": "147959634", "toInboxId": "147959635" }))
    ]);
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(path("/threads/8001/messages"))
                .query_param("after", "TS01MDAw")
                .query_param("archived", "false")
                .query_param("limit", "6")
                .query_param("property", "hs_message_subject")
                .query_param("sort", "createdAt")
                .header("authorization", BEARER);
            then.status(200).json_body(json!({
                "results": results,
                "paging": { "next": { "after": "TS01MDA2", "link": "?after=TS01MDA2" } }
            }));
        })
        .await;

    let page = client(&server)
        .list_messages()
        .thread_id(8001)
        .after("TS01MDAw")
        .archived(false)
        .limit(6)
        .property("hs_message_subject")
        .sort(vec![s("createdAt")])
        .send()
        .await
        .expect("a 200")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(
        page.paging.and_then(|p| p.next),
        Some(types::NextPage {
            after: s("TS01MDA2"),
            link: some("?after=TS01MDA2")
        })
    );
    let system = types::PublicClient {
        client_type: types::PublicClientClientType::System,
        integration_app_id: None,
    };
    use types::CollectionResponsePublicMessageForwardPagingResultsItem as Item;
    assert_eq!(
        page.results,
        vec![
            Item::PublicConversationsMessage(message(
                "M-5001",
                types::PublicConversationsMessageTruncationStatus::NotTruncated,
            )),
            Item::PublicComment(types::PublicComment {
                type_: types::PublicCommentType::Comment,
                id: s("M-5002"),
                conversations_thread_id: s("8001"),
                created_at: s("2026-01-15T09:20:00Z"),
                updated_at: None,
                created_by: s("A-7001"),
                client: types::PublicClient {
                    client_type: types::PublicClientClientType::Integration,
                    integration_app_id: Some(4242),
                },
                senders: vec![types::PublicSender {
                    actor_id: some("A-7001"),
                    delivery_identifier: None,
                    name: None,
                    sender_field: None,
                }],
                recipients: vec![],
                archived: false,
                text: s("Customer called, see ticket."),
                rich_text: s("<p>Customer called, see ticket.</p>"),
                attachments: vec![],
            }),
            Item::PublicWelcomeMessage(types::PublicWelcomeMessage {
                type_: types::PublicWelcomeMessageType::WelcomeMessage,
                id: s("M-5003"),
                conversations_thread_id: s("8001"),
                created_at: s("2026-01-15T09:00:00Z"),
                updated_at: None,
                created_by: s("S-hubspot"),
                client: system.clone(),
                senders: vec![],
                recipients: vec![],
                archived: false,
                text: s("Hi! How can we help?"),
                rich_text: None,
                channel_id: s("1000"),
                channel_account_id: s("240977369"),
            }),
            Item::PublicAssignmentMessage(types::PublicAssignmentMessage {
                type_: types::PublicAssignmentMessageType::Assignment,
                id: s("M-5004"),
                conversations_thread_id: s("8001"),
                created_at: s("2026-01-15T09:00:00Z"),
                updated_at: None,
                created_by: s("S-hubspot"),
                client: system.clone(),
                senders: vec![],
                recipients: vec![],
                archived: false,
                assigned_to: some("A-7001"),
                assigned_from: some("A-7002"),
            }),
            Item::PublicThreadStatusChange(types::PublicThreadStatusChange {
                type_: types::PublicThreadStatusChangeType::ThreadStatusChange,
                id: s("M-5005"),
                conversations_thread_id: s("8001"),
                created_at: s("2026-01-15T09:00:00Z"),
                updated_at: None,
                created_by: s("S-hubspot"),
                client: system.clone(),
                senders: vec![],
                recipients: vec![],
                archived: false,
                new_status: types::PublicThreadStatusChangeNewStatus::Closed,
            }),
            Item::PublicThreadInboxChange(types::PublicThreadInboxChange {
                type_: types::PublicThreadInboxChangeType::ThreadInboxChange,
                id: s("M-5006"),
                conversations_thread_id: s("8001"),
                created_at: s("2026-01-15T09:00:00Z"),
                updated_at: None,
                created_by: s("S-hubspot"),
                client: system,
                senders: vec![],
                recipients: vec![],
                archived: false,
                from_inbox_id: s("147959634"),
                to_inbox_id: s("147959635"),
            }),
        ]
    );
}

/// `POST /threads/{threadId}/messages`: a MESSAGE egg and a COMMENT egg, each
/// sent with its `type`; 201 with the new message.
#[tokio::test]
async fn send_message_posts_each_egg_and_decodes_the_201() {
    let server = MockServer::start_async().await;
    let send = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(path("/threads/8001/messages"))
                .header("authorization", BEARER)
                .header("content-type", "application/json")
                .json_body(json!({
                    "type": "MESSAGE",
                    "text": "Your order has shipped.",
                    "richText": "<p>Your order has shipped.</p>",
                    "subject": "Order 1234",
                    "attachments": [{ "type": "FILE", "fileId": "F-3001" }],
                    "recipients": [{
                        "actorId": "V-9001",
                        "recipientField": "TO",
                        "deliveryIdentifiers": [
                            { "type": "HS_EMAIL_ADDRESS", "value": "visitor@example.test" }
                        ]
                    }],
                    "senderActorId": "A-7001",
                    "channelId": "1002",
                    "channelAccountId": "240977368"
                }));
            then.status(201)
                .json_body(message_json("M-5001", "NOT_TRUNCATED"));
        })
        .await;
    let comment = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(path("/threads/8001/messages"))
                .header("authorization", BEARER)
                .json_body(json!({
                    "type": "COMMENT",
                    "text": "Shipped with the express carrier.",
                    "attachments": []
                }));
            then.status(201).json_body(json!({
                "type": "COMMENT", "id": "M-5007", "conversationsThreadId": "8001",
                "createdAt": "2026-01-15T09:40:00Z", "createdBy": "A-7001",
                "client": { "clientType": "INTEGRATION", "integrationAppId": 4242 },
                "senders": [], "recipients": [], "archived": false,
                "text": "Shipped with the express carrier.",
                "richText": "Shipped with the express carrier.",
                "attachments": []
            }));
        })
        .await;
    let client = client(&server);

    let response = client
        .send_message()
        .thread_id(8001)
        .body(types::PublicMessageEgg::PublicConversationsMessageEgg(
            types::PublicConversationsMessageEgg {
                type_: types::PublicConversationsMessageEggType::Message,
                text: s("Your order has shipped."),
                rich_text: some("<p>Your order has shipped.</p>"),
                subject: some("Order 1234"),
                attachments: vec![
                    types::PublicConversationsMessageEggAttachmentsItem::PublicFileEgg(
                        types::PublicFileEgg {
                            type_: types::PublicFileEggType::File,
                            file_id: s("F-3001"),
                        },
                    ),
                ],
                recipients: vec![types::PublicRecipientEgg {
                    actor_id: some("V-9001"),
                    recipient_field: some("TO"),
                    delivery_identifiers: vec![email_identifier("visitor@example.test")],
                    delivery_identifier: None,
                    name: None,
                }],
                sender_actor_id: s("A-7001"),
                channel_id: s("1002"),
                channel_account_id: s("240977368"),
            },
        ))
        .send()
        .await
        .expect("a 201");
    send.assert_async().await;
    assert_eq!(response.status(), 201);
    assert_eq!(
        response.into_inner(),
        types::PublicMessage::PublicConversationsMessage(message(
            "M-5001",
            types::PublicConversationsMessageTruncationStatus::NotTruncated,
        ))
    );

    let response = client
        .send_message()
        .thread_id(8001)
        .body(types::PublicMessageEgg::PublicCommentEgg(
            types::PublicCommentEgg {
                type_: types::PublicCommentEggType::Comment,
                text: s("Shipped with the express carrier."),
                rich_text: None,
                attachments: vec![],
            },
        ))
        .send()
        .await
        .expect("a 201");
    comment.assert_async().await;
    assert_eq!(response.status(), 201);
    let types::PublicMessage::PublicComment(created) = response.into_inner() else {
        panic!("a COMMENT decodes into PublicComment");
    };
    assert_eq!(created.id, "M-5007");
    assert_eq!(created.type_, types::PublicCommentType::Comment);
    assert_eq!(created.conversations_thread_id, "8001");
    assert_eq!(created.created_at, "2026-01-15T09:40:00Z");
    assert_eq!(created.created_by, "A-7001");
    assert_eq!(
        created.client,
        types::PublicClient {
            client_type: types::PublicClientClientType::Integration,
            integration_app_id: Some(4242),
        }
    );
    assert_eq!(created.text, "Shipped with the express carrier.");
    assert_eq!(created.rich_text, "Shipped with the express carrier.");
    assert!(created.senders.is_empty() && created.recipients.is_empty());
    assert!(created.attachments.is_empty());
    assert!(!created.archived);
    assert_eq!(created.updated_at, None);
}

/// `GET /threads/{threadId}/messages/{messageId}`: a truncated message whose
/// delivery failed.
#[tokio::test]
async fn get_message_decodes_a_truncated_failed_message() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(path("/threads/8001/messages/M-5001"))
                .query_param("property", "hs_message_subject")
                .header("authorization", BEARER);
            then.status(200).json_body({
                let mut body = message_json("M-5001", "TRUNCATED_TO_MOST_RECENT_REPLY");
                body["status"] = json!({
                    "statusType": "FAILED",
                    "failureDetails": {
                        "errorMessage": "Test: mailbox full",
                        "errorMessageTokens": { "mailbox": "visitor@example.test" }
                    }
                });
                body
            });
        })
        .await;

    let got = client(&server)
        .get_message()
        .thread_id(8001)
        .message_id("M-5001")
        .property("hs_message_subject")
        .send()
        .await
        .expect("a 200")
        .into_inner();

    mock.assert_async().await;
    let mut expected = message(
        "M-5001",
        types::PublicConversationsMessageTruncationStatus::TruncatedToMostRecentReply,
    );
    expected.status = Some(types::PublicMessageStatus {
        status_type: types::PublicMessageStatusStatusType::Failed,
        failure_details: Some(types::PublicMessageFailureDetails {
            error_message: some("Test: mailbox full"),
            error_message_tokens: [(s("mailbox"), s("visitor@example.test"))]
                .into_iter()
                .collect(),
        }),
    });
    assert_eq!(
        got,
        types::PublicMessage::PublicConversationsMessage(expected)
    );
}

/// `GET /threads/{threadId}/messages/{messageId}/original-content`: the full
/// text of a truncated message.
#[tokio::test]
async fn get_message_original_content_decodes_text_and_rich_text() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(path("/threads/8001/messages/M-5001/original-content"))
                .query_param("property", "text")
                .header("authorization", BEARER);
            then.status(200).json_body(json!({
                "text": "Your order has shipped.\n\n> On Monday you wrote: where is my order?",
                "richText": "<p>Your order has shipped.</p><blockquote>where is my order?</blockquote>"
            }));
        })
        .await;

    let content = client(&server)
        .get_message_original_content()
        .thread_id(8001)
        .message_id("M-5001")
        .property("text")
        .send()
        .await
        .expect("a 200")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(
        content,
        types::PublicMessageContent {
            text: some("Your order has shipped.\n\n> On Monday you wrote: where is my order?"),
            rich_text: some(
                "<p>Your order has shipped.</p><blockquote>where is my order?</blockquote>"
            ),
        }
    );
}

// ---------------------------------------------------------------------------
// Inline unions (not an operation test).

/// A message's `attachments` are an inline `oneOf` of eight `$ref`s, each
/// told apart by a one-value `type` (HF:385, 410), and each `type` an open
/// enum (an unlisted value is `Unknown`). Tried in order, as typify's
/// untagged enum does, `PublicUnsupportedContent` (which requires only
/// `type`) would take every MESSAGE_HEADER, QUICK_REPLIES,
/// WHATSAPP_TEMPLATE_METADATA and SOCIAL_MEDIA_METADATA attachment and drop
/// its fields. The generator makes it an enum chosen by `type`.
#[tokio::test]
async fn attachments_decode_by_their_type() {
    let server = MockServer::start_async().await;
    server
        .mock_async(|when, then| {
            when.method(GET).path(path("/threads/8001/messages/M-5001"));
            then.status(200).json_body({
                let mut body = message_json("M-5001", "NOT_TRUNCATED");
                body["attachments"] = json!([
                    { "type": "MESSAGE_HEADER", "text": "Forwarded message", "fileId": 77 },
                    { "type": "UNSUPPORTED_CONTENT" }
                ]);
                body
            });
        })
        .await;

    let got = client(&server)
        .get_message()
        .thread_id(8001)
        .message_id("M-5001")
        .send()
        .await
        .expect("a 200")
        .into_inner();

    let types::PublicMessage::PublicConversationsMessage(message) = got else {
        panic!("a MESSAGE");
    };
    assert_eq!(
        message.attachments,
        vec![
            types::PublicConversationsMessageAttachmentsItem::PublicMessageHeader(
                types::PublicMessageHeader {
                    type_: types::PublicMessageHeaderType::MessageHeader,
                    text: some("Forwarded message"),
                    file_id: Some(77),
                }
            ),
            types::PublicConversationsMessageAttachmentsItem::PublicUnsupportedContent(
                types::PublicUnsupportedContent {
                    type_: types::PublicUnsupportedContentType::UnsupportedContent,
                }
            ),
        ]
    );
}
