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

mod actors_and_inboxes;
mod messages;
mod threads;
