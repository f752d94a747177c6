//! HubSpot's message operations, and the inline unions, against the mock server.

use super::*;

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
