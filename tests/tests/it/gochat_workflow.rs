//! Go!Chat (Algoreg): the whole conversation workflow of `specs/gochat.yaml`
//! against a local mock server, one test per operation.
//!
//! Each mock matches the request exactly as the spec describes it (method,
//! path, query, JSON body, `Authorization` header), so a wrong request gets
//! no answer and the call fails. Each decoded value is compared with a typed
//! value that names every field of its type (no `..Default::default()`), so a
//! field added to the spec without a test value fails to compile here.
//!
//! The Go!Chat docs give no verbatim JSON example for any operation, so the
//! payloads are OUR test data, built from the schemas. Where the docs show a
//! value for a type they never define, the data uses it: `{}` for
//! `MessageDelivery` and `MessageOrigin` (the Get thread messages example)
//! and for `CustomerAccountType` (the Update thread example); the thread
//! status is an integer, as the Update thread body writes it.

use gochat_client::types::{self, TokenRequestGrantType};
use gochat_client::{Client, Error};
use httpmock::prelude::*;
use serde_json::{Value, json};

/// Distinctive secrets, so that a leak is unmistakable.
const EMAIL: &str = "api-user@bank.example";
const API_KEY: &str = "ak_live_9f2c-DO-NOT-LEAK";
/// base64("api-user@bank.example:ak_live_9f2c-DO-NOT-LEAK"), computed
/// outside the client.
const BASIC: &str = "Basic YXBpLXVzZXJAYmFuay5leGFtcGxlOmFrX2xpdmVfOWYyYy1ETy1OT1QtTEVBSw==";
const TOKEN: &str = "gct-4e1f7a-DO-NOT-LEAK";
const THREAD_ID: &str = "thr_01JC8ZK3V9T4";

fn bearer() -> String {
    format!("Bearer {TOKEN}")
}

fn some(value: &str) -> Option<String> {
    Some(value.to_owned())
}

fn strings(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| (*v).to_owned()).collect()
}

fn object(value: Value) -> serde_json::Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("expected a JSON object, got {other}"),
    }
}

// ---------------------------------------------------------------------------
// Test data: JSON as the server sends it, and the typed value it decodes to
// ---------------------------------------------------------------------------

fn attachment_json() -> Value {
    json!({
        "id": "att_5d1e",
        "file_name": "passport_scan.pdf",
        "file_mime": "application/pdf",
        "file_type": "document",
        "file_size": 482133,
        "file_not_dangerous": true,
        "attachment_movements": {
            "total": 1,
            "movements": [
                { "agent_id": 17, "customer_id": "cus_88231", "file_id": "fil_4410" }
            ]
        }
    })
}

fn attachment() -> types::Attachment {
    types::Attachment {
        id: some("att_5d1e"),
        file_name: some("passport_scan.pdf"),
        file_mime: some("application/pdf"),
        file_type: some("document"),
        file_size: Some(482_133),
        file_not_dangerous: Some(true),
        attachment_movements: Some(types::AttachmentMovements {
            total: Some(1),
            movements: vec![types::AttachmentMovedTo {
                agent_id: Some(17),
                customer_id: some("cus_88231"),
                file_id: some("fil_4410"),
            }],
        }),
    }
}

/// A message with every field of `Message`; `agent_id` and the texts vary
/// with `n`.
fn message_json(n: u32) -> Value {
    json!({
        "id": format!("msg_{n}"),
        "agent_id": 17 + i64::from(n),
        "mailbox_id": "mbx_support",
        "from": "support@bank.example",
        "to": "anna.schmidt@example.org",
        "cc": "compliance@bank.example",
        "bcc": "archive@bank.example",
        "subject": format!("Your onboarding documents ({n})"),
        "content": format!("Message {n}: please upload the back of your ID."),
        "raw_message": format!("Subject: Your onboarding documents ({n})\r\n\r\nMessage {n}"),
        "created_at": format!("2025-11-03T10:0{n}:17Z"),
        "delivery": {},
        "origin": {},
        "error_when_trying_to_send": "",
        "external_message_id": format!("<msg-{n}@mail.example.org>"),
        "reply_to_external_message_id": "<msg-0@mail.example.org>",
        "priority": 1,
        "read_by_agents": [17, 23],
        "attachments": [attachment_json()]
    })
}

fn message(n: u32) -> types::Message {
    types::Message {
        id: Some(format!("msg_{n}")),
        agent_id: Some(17 + i64::from(n)),
        mailbox_id: some("mbx_support"),
        from: some("support@bank.example"),
        to: some("anna.schmidt@example.org"),
        cc: some("compliance@bank.example"),
        bcc: some("archive@bank.example"),
        subject: Some(format!("Your onboarding documents ({n})")),
        content: Some(format!("Message {n}: please upload the back of your ID.")),
        raw_message: Some(format!(
            "Subject: Your onboarding documents ({n})\r\n\r\nMessage {n}"
        )),
        created_at: Some(format!("2025-11-03T10:0{n}:17Z")),
        delivery: Some(types::MessageDelivery(json!({}))),
        origin: Some(types::MessageOrigin(json!({}))),
        error_when_trying_to_send: some(""),
        external_message_id: Some(format!("<msg-{n}@mail.example.org>")),
        reply_to_external_message_id: some("<msg-0@mail.example.org>"),
        priority: Some(1),
        read_by_agents: vec![17, 23],
        attachments: vec![attachment()],
    }
}

fn customer_json() -> Value {
    json!({
        "id": "cus_88231",
        "client_id": "4821",
        "external_id": "crm-10042",
        "account_number": "DE-000-88231",
        "account_type": {},
        "customer_type": "person",
        "alias_ids": ["cus_70012"],
        "comment": "Onboarding via web form",
        "company_name": "",
        "trading_name": "",
        "registration_number": "",
        "contacts": "anna.schmidt@example.org",
        "created_at": "2025-10-30T14:20:00Z",
        "created_by": 17,
        "custom_fields": { "risk_score": 12, "source": "web" },
        "date_of_birth": "1988-04-12",
        "disabled": false,
        "domicile_code": "DE",
        "domicile_codes": ["DE", "AT"],
        "first_name": "Anna",
        "middle_name": "Maria",
        "last_name": "Schmidt",
        "kyc_level": 2,
        "phone": "+4915112345678",
        "name_variations": [{
            "first_name": "Ana",
            "middle_name": "M.",
            "last_name": "Schmitt",
            "company_name": "Schmidt Consulting",
            "trading_name": "AS Consulting"
        }],
        "nationality_code": "DE",
        "nationality_codes": ["DE"],
        "review_groups": ["kyc-level-2"],
        "revision_number": "3"
    })
}

fn customer() -> types::Customer {
    types::Customer {
        id: some("cus_88231"),
        client_id: some("4821"),
        external_id: some("crm-10042"),
        account_number: some("DE-000-88231"),
        account_type: Some(types::CustomerAccountType(json!({}))),
        customer_type: some("person"),
        alias_ids: strings(&["cus_70012"]),
        comment: some("Onboarding via web form"),
        company_name: some(""),
        trading_name: some(""),
        registration_number: some(""),
        contacts: some("anna.schmidt@example.org"),
        created_at: some("2025-10-30T14:20:00Z"),
        created_by: Some(17),
        custom_fields: object(json!({ "risk_score": 12, "source": "web" })),
        date_of_birth: some("1988-04-12"),
        disabled: Some(false),
        domicile_code: some("DE"),
        domicile_codes: strings(&["DE", "AT"]),
        first_name: some("Anna"),
        middle_name: some("Maria"),
        last_name: some("Schmidt"),
        kyc_level: Some(2),
        phone: some("+4915112345678"),
        name_variations: vec![types::CustomerNameVariation {
            first_name: some("Ana"),
            middle_name: some("M."),
            last_name: some("Schmitt"),
            company_name: some("Schmidt Consulting"),
            trading_name: some("AS Consulting"),
        }],
        nationality_code: some("DE"),
        nationality_codes: strings(&["DE"]),
        review_groups: strings(&["kyc-level-2"]),
        revision_number: some("3"),
    }
}

/// A thread with every field of `Thread`, in `status` (an integer).
fn thread_json(status: i64) -> Value {
    json!({
        "id": THREAD_ID,
        "client_id": 4821,
        "status": status,
        "created_at": "2025-11-03T09:12:44Z",
        "updated_at": "2025-11-03T10:02:17Z",
        "message_count": 3,
        "contacts": ["anna.schmidt@example.org", "+4915112345678"],
        "external_message_ids": ["<msg-1@mail.example.org>", "<msg-2@mail.example.org>"],
        "review_groups": ["kyc-level-2"],
        "tags": ["onboarding", "documents-missing"],
        "reminder": { "delay": 86400, "next_date": "2025-11-04T10:02:17Z", "number_left": 2 },
        "attachments": [attachment_json()],
        "customers": [customer_json()],
        "last_message": message_json(2)
    })
}

fn thread(status: i64) -> types::Thread {
    types::Thread {
        id: some(THREAD_ID),
        client_id: Some(4821),
        status: Some(types::ThreadStatus(json!(status))),
        created_at: some("2025-11-03T09:12:44Z"),
        updated_at: some("2025-11-03T10:02:17Z"),
        message_count: Some(3),
        contacts: strings(&["anna.schmidt@example.org", "+4915112345678"]),
        external_message_ids: strings(&["<msg-1@mail.example.org>", "<msg-2@mail.example.org>"]),
        review_groups: strings(&["kyc-level-2"]),
        tags: strings(&["onboarding", "documents-missing"]),
        reminder: Some(types::ThreadReminder {
            delay: Some(86_400),
            next_date: some("2025-11-04T10:02:17Z"),
            number_left: Some(2),
        }),
        attachments: vec![attachment()],
        customers: vec![customer()],
        last_message: Some(message(2)),
    }
}

/// The checks every decoded thread gets beside the whole-value comparison:
/// the fields a caller reads first, one by one.
fn assert_thread_fields(got: &types::Thread, status: i64) {
    assert_eq!(got.id.as_deref(), Some(THREAD_ID));
    assert_eq!(got.client_id, Some(4821));
    assert_eq!(got.status.as_ref().and_then(|s| s.as_i64()), Some(status));
    assert_eq!(got.message_count, Some(3));
    assert_eq!(got.created_at.as_deref(), Some("2025-11-03T09:12:44Z"));
    assert_eq!(got.updated_at.as_deref(), Some("2025-11-03T10:02:17Z"));
    assert_eq!(got.tags, strings(&["onboarding", "documents-missing"]));
    let reminder = got.reminder.as_ref().expect("reminder");
    assert_eq!(
        (reminder.delay, reminder.number_left),
        (Some(86_400), Some(2))
    );
    assert_eq!(got.customers.len(), 1);
    let customer = &got.customers[0];
    assert_eq!(customer.id.as_deref(), Some("cus_88231"));
    assert_eq!(customer.kyc_level, Some(2));
    assert_eq!(customer.phone.as_deref(), Some("+4915112345678"));
    assert_eq!(
        customer.account_type,
        Some(types::CustomerAccountType(json!({})))
    );
    assert_eq!(customer.custom_fields["risk_score"], json!(12));
    let last = got.last_message.as_ref().expect("last_message");
    assert_eq!(last.id.as_deref(), Some("msg_2"));
    assert_eq!(last.agent_id, Some(19));
    assert_eq!(last.attachments[0].file_size, Some(482_133));
    assert_eq!(
        last.attachments[0]
            .attachment_movements
            .as_ref()
            .map(|m| m.movements[0].file_id.as_deref()),
        Some(Some("fil_4410"))
    );
    assert_eq!(got, &thread(status));
}

// ---------------------------------------------------------------------------
// One test per operation
// ---------------------------------------------------------------------------

/// `create_token`: the password grant. The spec declares no security on it
/// (`security: []`), so a client built without a credential sends none, and
/// the body is the three strings of the docs.
#[tokio::test]
async fn create_token_sends_the_password_grant_and_decodes_the_access_token() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/token")
                .header_missing("authorization")
                .header("content-type", "application/json")
                .json_body(json!({
                    "grant_type": "password",
                    "username": EMAIL,
                    "password": API_KEY
                }));
            then.status(200)
                .header("content-type", "application/json")
                .json_body(json!({ "access_token": TOKEN }));
        })
        .await;
    let client = Client::new(&server.base_url());

    let response = client
        .create_token()
        .body(types::TokenRequest {
            grant_type: TokenRequestGrantType::Password,
            username: EMAIL.to_owned(),
            password: API_KEY.to_owned(),
        })
        .send()
        .await
        .expect("the grant is answered");

    mock.assert_async().await;
    assert_eq!(response.status(), 200);
    let token = response.into_inner();
    assert_eq!(token.access_token.as_deref(), Some(TOKEN));
    assert_eq!(
        token,
        types::TokenResponse {
            access_token: some(TOKEN)
        }
    );
}

/// `get_thread` with HTTP Basic (the programmatic user's e-mail and key).
#[tokio::test]
async fn get_thread_with_basic_auth_decodes_every_field() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/api/v1/thread/{THREAD_ID}"))
                .header("authorization", BASIC);
            then.status(200)
                .header("content-type", "application/json")
                .json_body(thread_json(1));
        })
        .await;
    let client = Client::with_basic_auth(&server.base_url(), EMAIL, API_KEY);

    let response = client
        .get_thread()
        .id(THREAD_ID)
        .send()
        .await
        .expect("the thread is answered");

    mock.assert_async().await;
    assert_eq!(response.status(), 200);
    assert_thread_fields(&response.into_inner(), 1);
}

/// `update_thread`: POST (not PUT or PATCH) with every body field; the answer
/// is the updated thread, whose customers carry `kyc_level` and `phone`.
#[tokio::test]
async fn update_thread_posts_every_field_and_decodes_the_updated_thread() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(format!("/api/v1/thread/{THREAD_ID}"))
                .header("authorization", bearer())
                .header("content-type", "application/json")
                .json_body(json!({
                    "comment": "Waiting for the passport scan",
                    "customer_external_ids": ["crm-10042"],
                    "customer_ids": ["cus_88231", "cus_90417"],
                    "reminder": { "delay": 86400, "number_left": 2 },
                    "status": 2,
                    "tag_codes": ["onboarding", "documents-missing"]
                }));
            then.status(200)
                .header("content-type", "application/json")
                .json_body(thread_json(2));
        })
        .await;
    let client = Client::with_bearer_token(&server.base_url(), TOKEN);

    let response = client
        .update_thread()
        .id(THREAD_ID)
        .body(types::UpdateThreadRequest {
            comment: some("Waiting for the passport scan"),
            customer_external_ids: strings(&["crm-10042"]),
            customer_ids: strings(&["cus_88231", "cus_90417"]),
            reminder: Some(types::ThreadReminderInput {
                delay: Some(86_400),
                number_left: Some(2),
            }),
            status: Some(2),
            tag_codes: strings(&["onboarding", "documents-missing"]),
        })
        .send()
        .await
        .expect("the update is answered");

    mock.assert_async().await;
    assert_eq!(response.status(), 200);
    assert_thread_fields(&response.into_inner(), 2);
}

/// `get_thread_messages`: `offset` and `limit` in the query, a page of
/// messages and the total.
#[tokio::test]
async fn get_thread_messages_sends_offset_and_limit_and_decodes_the_page() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/api/v1/thread/{THREAD_ID}/messages"))
                .query_param("offset", "20")
                .query_param("limit", "2")
                .header("authorization", bearer());
            then.status(200)
                .header("content-type", "application/json")
                .json_body(json!({
                    "messages": [message_json(1), message_json(2)],
                    "total": 22
                }));
        })
        .await;
    let client = Client::with_bearer_token(&server.base_url(), TOKEN);

    let response = client
        .get_thread_messages()
        .id(THREAD_ID)
        .offset(20)
        .limit(2)
        .send()
        .await
        .expect("the page is answered");

    mock.assert_async().await;
    assert_eq!(response.status(), 200);
    let page = response.into_inner();
    assert_eq!(page.total, Some(22));
    assert_eq!(page.messages.len(), 2);
    let ids: Vec<_> = page.messages.iter().map(|m| m.id.as_deref()).collect();
    assert_eq!(ids, [Some("msg_1"), Some("msg_2")]);
    assert_eq!(page.messages[0].agent_id, Some(18));
    assert_eq!(
        page.messages[1].content.as_deref(),
        Some("Message 2: please upload the back of your ID.")
    );
    assert_eq!(
        page.messages[0].delivery,
        Some(types::MessageDelivery(json!({})))
    );
    assert_eq!(
        page.messages[0].origin,
        Some(types::MessageOrigin(json!({})))
    );
    assert_eq!(page.messages[1].read_by_agents, vec![17, 23]);
    assert_eq!(
        page,
        types::ThreadMessages {
            messages: vec![message(1), message(2)],
            total: Some(22),
        }
    );
}

/// `create_thread_message`: every body field, the thread named in the body;
/// the answer is 204 with no body.
#[tokio::test]
async fn create_thread_message_posts_every_field_and_gets_204() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/message")
                .header("authorization", bearer())
                .header("content-type", "application/json")
                .json_body(json!({
                    "attachments": [
                        { "file": "JVBERi0xLjQK", "name": "checklist.pdf" }
                    ],
                    "bcc": "archive@bank.example",
                    "cc": "compliance@bank.example",
                    "content": "Hello Anna, please upload the back of your ID.",
                    "delivery": {},
                    "ext_msg_id": "<msg-3@mail.bank.example>",
                    "from": "support@bank.example",
                    "from_customer_id": "cus_88231",
                    "mailbox_id": "mbx_support",
                    "priority": 1,
                    "read": true,
                    "reply_to_ext_msg_id": "<msg-2@mail.example.org>",
                    "set_reminder": { "delay": 3600, "number_left": 1 },
                    "subject": "Your onboarding documents",
                    "thread_id": THREAD_ID,
                    "to": "anna.schmidt@example.org"
                }));
            then.status(204);
        })
        .await;
    let client = Client::with_bearer_token(&server.base_url(), TOKEN);

    let response = client
        .create_thread_message()
        .body(types::MessageInput {
            attachments: vec![types::MessageInputAttachment {
                file: some("JVBERi0xLjQK"),
                name: some("checklist.pdf"),
            }],
            bcc: some("archive@bank.example"),
            cc: some("compliance@bank.example"),
            content: some("Hello Anna, please upload the back of your ID."),
            delivery: Some(types::MessageDelivery(json!({}))),
            ext_msg_id: some("<msg-3@mail.bank.example>"),
            from: some("support@bank.example"),
            from_customer_id: some("cus_88231"),
            mailbox_id: some("mbx_support"),
            priority: Some(1),
            read: Some(true),
            reply_to_ext_msg_id: some("<msg-2@mail.example.org>"),
            set_reminder: Some(types::ThreadReminderInput {
                delay: Some(3600),
                number_left: Some(1),
            }),
            subject: some("Your onboarding documents"),
            thread_id: some(THREAD_ID),
            to: some("anna.schmidt@example.org"),
        })
        .send()
        .await
        .expect("204 is a success");

    mock.assert_async().await;
    assert_eq!(response.status(), 204);
    let () = response.into_inner();
}

/// `create_end_user_token`: as the programmatic user (Bearer), every body
/// field; the answer is the end user's token and its expiry.
#[tokio::test]
async fn create_end_user_token_posts_every_field_and_decodes_the_token() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/chat/token")
                .header("authorization", bearer())
                .header("content-type", "application/json")
                .json_body(json!({
                    "emails": ["anna.schmidt@example.org"],
                    "external_id": "crm-10042",
                    "from": "anna.schmidt@example.org",
                    "mailbox_id": "mbx_support",
                    "tags": ["", "documents"]
                }));
            then.status(200)
                .header("content-type", "application/json")
                .json_body(json!({ "expires_at": 1762167737, "token": "eut-91b3" }));
        })
        .await;
    let client = Client::with_bearer_token(&server.base_url(), TOKEN);

    let response = client
        .create_end_user_token()
        .body(types::EndUserTokenRequest {
            emails: strings(&["anna.schmidt@example.org"]),
            external_id: some("crm-10042"),
            from: some("anna.schmidt@example.org"),
            mailbox_id: some("mbx_support"),
            tags: strings(&["", "documents"]),
        })
        .send()
        .await
        .expect("the token is answered");

    mock.assert_async().await;
    assert_eq!(response.status(), 200);
    let token = response.into_inner();
    assert_eq!(token.token.as_deref(), Some("eut-91b3"));
    assert_eq!(token.expires_at, Some(1_762_167_737));
    assert_eq!(
        token,
        types::EndUserToken {
            expires_at: Some(1_762_167_737),
            token: some("eut-91b3"),
        }
    );
}

// ---------------------------------------------------------------------------
// The `default` error body
// ---------------------------------------------------------------------------

/// Every operation's `default` response is `{"errors": [APIError]}`, read as
/// the 4XX and 5XX statuses (the docs list no status). A write's 400 carries
/// both a deprecated "v1" entry and a "v2" one, decoded with their booleans.
#[tokio::test]
async fn a_write_error_decodes_the_errors_array_with_its_deprecation_flags() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/api/v1/message")
                .header("authorization", bearer())
                .json_body(json!({ "thread_id": "thr_gone" }));
            then.status(400)
                .header("content-type", "application/json")
                .json_body(json!({
                    "errors": [
                        {
                            "code": "thread_not_found",
                            "deprecated": true,
                            "message": "thread not found",
                            "will_be_deprecated": false
                        },
                        {
                            "code": "THREAD_NOT_FOUND",
                            "deprecated": false,
                            "message": "The thread does not exist.",
                            "will_be_deprecated": false
                        }
                    ]
                }));
        })
        .await;
    let client = Client::with_bearer_token(&server.base_url(), TOKEN);

    let err = client
        .create_thread_message()
        .body(types::MessageInput {
            thread_id: some("thr_gone"),
            ..Default::default()
        })
        .send()
        .await
        .expect_err("400 is an error");

    mock.assert_async().await;
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    let Error::ErrorResponse(response) = err else {
        panic!("expected Error::ErrorResponse, got {err:?}");
    };
    let body = response.into_inner();
    let current: Vec<_> = body
        .errors
        .iter()
        .filter(|e| e.deprecated == Some(false))
        .map(|e| e.code.as_deref())
        .collect();
    assert_eq!(current, [Some("THREAD_NOT_FOUND")]);
    assert_eq!(
        body,
        types::ApiErrors {
            errors: vec![
                types::ApiError {
                    code: some("thread_not_found"),
                    deprecated: Some(true),
                    message: some("thread not found"),
                    will_be_deprecated: Some(false),
                },
                types::ApiError {
                    code: some("THREAD_NOT_FOUND"),
                    deprecated: Some(false),
                    message: some("The thread does not exist."),
                    will_be_deprecated: Some(false),
                },
            ],
        }
    );
}
