//! Go!Chat's client against the mock server.

use super::*;

// ---------------------------------------------------------------------------
// Go!Chat
// ---------------------------------------------------------------------------

const GOCHAT_THREAD_ID: &str = "thr_01JC8ZK3V9T4";

fn gochat_checked_attachment_json() -> Value {
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

fn gochat_checked_attachment() -> gochat::types::Attachment {
    gochat::types::Attachment {
        id: some("att_5d1e"),
        file_name: some("passport_scan.pdf"),
        file_mime: some("application/pdf"),
        file_type: some("document"),
        file_size: Some(482_133),
        file_not_dangerous: Some(true),
        attachment_movements: Some(gochat::types::AttachmentMovements {
            total: Some(1),
            movements: vec![gochat::types::AttachmentMovedTo {
                agent_id: Some(17),
                customer_id: some("cus_88231"),
                file_id: some("fil_4410"),
            }],
        }),
    }
}

fn gochat_customer_json() -> Value {
    json!({
        "id": "cus_88231",
        "client_id": "4821",
        "external_id": "crm-10042",
        "account_number": "DE-000-88231",
        "account_type": 1,
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

fn gochat_message_json() -> Value {
    json!({
        "id": "msg_9f3a",
        "agent_id": 17,
        "mailbox_id": "mbx_support",
        "from": "support@bank.example",
        "to": "anna.schmidt@example.org",
        "cc": "compliance@bank.example",
        "bcc": "archive@bank.example",
        "subject": "Your onboarding documents",
        "content": "Hello Anna, please upload the back of your ID.",
        "raw_message": "From: support@bank.example\r\nSubject: Your onboarding documents\r\n\r\nHello Anna",
        "created_at": "2025-11-03T10:02:17Z",
        "delivery": { "state": "delivered", "at": "2025-11-03T10:02:19Z" },
        "origin": "email",
        "error_when_trying_to_send": "",
        "external_message_id": "<msg-2@mail.example.org>",
        "reply_to_external_message_id": "<msg-1@mail.example.org>",
        "priority": 1,
        "read_by_agents": [17, 23],
        "attachments": [
            gochat_checked_attachment_json(),
            {
                "id": "att_77c0",
                "file_name": "id_back.jpg",
                "file_mime": "image/jpeg",
                "file_type": "image",
                "file_size": 90211,
                "file_not_dangerous": null,
                "attachment_movements": { "total": 0, "movements": [] }
            }
        ]
    })
}

/// OUR payload, not the provider's: the Go!Chat page gives no response
/// example. It is written to cover every field of `Thread` and of the types it
/// nests (Customer with a name variation, Message as `last_message`,
/// Attachment with attachment_movements, ThreadReminder), with `status` as an
/// integer as the vendor's other pages write it. The values of the four
/// undefined types (ThreadStatus, MessageDelivery, MessageOrigin,
/// CustomerAccountType) are guesses; the spec accepts any JSON for them.
fn gochat_thread_json() -> Value {
    json!({
        "id": GOCHAT_THREAD_ID,
        "client_id": 4821,
        "status": 2,
        "created_at": "2025-11-03T09:12:44Z",
        "updated_at": "2025-11-03T10:02:17Z",
        "message_count": 3,
        "contacts": ["anna.schmidt@example.org", "+4915112345678"],
        "external_message_ids": [
            "<msg-1@mail.example.org>",
            "<msg-2@mail.example.org>"
        ],
        "review_groups": ["kyc-level-2"],
        "tags": ["onboarding", "documents-missing"],
        "reminder": {
            "delay": 86400,
            "next_date": "2025-11-04T10:02:17Z",
            "number_left": 2
        },
        "attachments": [gochat_checked_attachment_json()],
        "customers": [gochat_customer_json()],
        "last_message": gochat_message_json()
    })
}

fn gochat_thread() -> gochat::types::Thread {
    gochat::types::Thread {
        id: some(GOCHAT_THREAD_ID),
        client_id: Some(4821),
        status: Some(gochat::types::ThreadStatus(json!(2))),
        created_at: some("2025-11-03T09:12:44Z"),
        updated_at: some("2025-11-03T10:02:17Z"),
        message_count: Some(3),
        contacts: vec![
            "anna.schmidt@example.org".to_owned(),
            "+4915112345678".to_owned(),
        ],
        external_message_ids: vec![
            "<msg-1@mail.example.org>".to_owned(),
            "<msg-2@mail.example.org>".to_owned(),
        ],
        review_groups: vec!["kyc-level-2".to_owned()],
        tags: vec!["onboarding".to_owned(), "documents-missing".to_owned()],
        reminder: Some(gochat::types::ThreadReminder {
            delay: Some(86_400),
            next_date: some("2025-11-04T10:02:17Z"),
            number_left: Some(2),
        }),
        attachments: vec![gochat_checked_attachment()],
        customers: vec![gochat::types::Customer {
            id: some("cus_88231"),
            client_id: some("4821"),
            external_id: some("crm-10042"),
            account_number: some("DE-000-88231"),
            account_type: Some(gochat::types::CustomerAccountType(json!(1))),
            customer_type: some("person"),
            alias_ids: vec!["cus_70012".to_owned()],
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
            domicile_codes: vec!["DE".to_owned(), "AT".to_owned()],
            first_name: some("Anna"),
            middle_name: some("Maria"),
            last_name: some("Schmidt"),
            kyc_level: Some(2),
            phone: some("+4915112345678"),
            name_variations: vec![gochat::types::CustomerNameVariation {
                first_name: some("Ana"),
                middle_name: some("M."),
                last_name: some("Schmitt"),
                company_name: some("Schmidt Consulting"),
                trading_name: some("AS Consulting"),
            }],
            nationality_code: some("DE"),
            nationality_codes: vec!["DE".to_owned()],
            review_groups: vec!["kyc-level-2".to_owned()],
            revision_number: some("3"),
        }],
        last_message: Some(gochat::types::Message {
            id: some("msg_9f3a"),
            agent_id: Some(17),
            mailbox_id: some("mbx_support"),
            from: some("support@bank.example"),
            to: some("anna.schmidt@example.org"),
            cc: some("compliance@bank.example"),
            bcc: some("archive@bank.example"),
            subject: some("Your onboarding documents"),
            content: some("Hello Anna, please upload the back of your ID."),
            raw_message: some(
                "From: support@bank.example\r\nSubject: Your onboarding documents\r\n\r\nHello Anna",
            ),
            created_at: some("2025-11-03T10:02:17Z"),
            delivery: Some(gochat::types::MessageDelivery(json!({
                "state": "delivered",
                "at": "2025-11-03T10:02:19Z"
            }))),
            origin: Some(gochat::types::MessageOrigin(json!("email"))),
            error_when_trying_to_send: some(""),
            external_message_id: some("<msg-2@mail.example.org>"),
            reply_to_external_message_id: some("<msg-1@mail.example.org>"),
            priority: Some(1),
            read_by_agents: vec![17, 23],
            attachments: vec![
                gochat_checked_attachment(),
                gochat::types::Attachment {
                    id: some("att_77c0"),
                    file_name: some("id_back.jpg"),
                    file_mime: some("image/jpeg"),
                    file_type: some("image"),
                    file_size: Some(90_211),
                    // null: "not verified".
                    file_not_dangerous: None,
                    attachment_movements: Some(gochat::types::AttachmentMovements {
                        total: Some(0),
                        movements: vec![],
                    }),
                },
            ],
        }),
    }
}

#[tokio::test]
async fn gochat_get_thread_decodes_full_payload_and_sends_bearer_token() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/api/v1/thread/{GOCHAT_THREAD_ID}"))
                .header("authorization", format!("Bearer {GOCHAT_TOKEN}"));
            then.status(200)
                .header("content-type", "application/json")
                .json_body(gochat_thread_json());
        })
        .await;
    let client = gochat::Client::with_bearer_token(&server.base_url(), GOCHAT_TOKEN);

    let response = client
        .get_thread()
        .id(GOCHAT_THREAD_ID)
        .send()
        .await
        .expect("a full payload decodes");

    mock.assert_async().await;
    assert_eq!(response.status(), 200);
    let thread = response.into_inner();
    assert_eq!(thread.status.as_ref().and_then(|s| s.as_i64()), Some(2));
    assert_eq!(thread, gochat_thread());
}

/// The spec gives every Go!Chat operation a `default` error response (the
/// `{"errors": [APIError]}` body of gochat-error-format.txt), read as the
/// 4XX and 5XX statuses: a 404 is an `ErrorResponse` whose typed body is the
/// one sent (its fields not sent stay `None`).
#[tokio::test]
async fn gochat_404_is_error_response_with_status_and_typed_errors_body() {
    let server = MockServer::start_async().await;
    let body = json!({ "errors": [{ "code": "not_found", "message": "thread not found" }] });
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/thread/thr_missing")
                .header("authorization", format!("Bearer {GOCHAT_TOKEN}"));
            then.status(404).json_body(body.clone());
        })
        .await;
    let client = gochat::Client::with_bearer_token(&server.base_url(), GOCHAT_TOKEN);

    let err = client
        .get_thread()
        .id("thr_missing")
        .send()
        .await
        .expect_err("404 is an error");

    mock.assert_async().await;
    assert_eq!(err.status(), Some(reqwest::StatusCode::NOT_FOUND));
    match err {
        gochat::Error::ErrorResponse(response) => {
            assert_eq!(response.status(), 404);
            let received = response.into_inner();
            assert_eq!(
                received,
                gochat::types::ApiErrors {
                    errors: vec![gochat::types::ApiError {
                        code: some("not_found"),
                        message: some("thread not found"),
                        deprecated: None,
                        will_be_deprecated: None,
                    }],
                }
            );
            assert_eq!(serde_json::to_value(&received).expect("serializes"), body);
        }
        other => panic!("expected Error::ErrorResponse, got {other:?}"),
    }
}

#[tokio::test]
async fn gochat_extra_fields_string_status_and_empty_thread_decode() {
    let server = MockServer::start_async().await;
    let mut body = gochat_thread_json();
    body["status"] = json!("waiting_for_customer");
    body["priority_score"] = json!(0.7);
    body["last_message"]["translated_content"] = json!("Hallo Anna");
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v1/thread/thr_fwd");
            then.status(200).json_body(body);
        })
        .await;
    let empty = server
        .mock_async(|when, then| {
            when.method(GET).path("/api/v1/thread/thr_empty");
            then.status(200).json_body(json!({}));
        })
        .await;
    let client = gochat::Client::with_bearer_token(&server.base_url(), GOCHAT_TOKEN);

    let thread = client
        .get_thread()
        .id("thr_fwd")
        .send()
        .await
        .expect("undocumented fields and a string status decode")
        .into_inner();
    assert_eq!(
        thread,
        gochat::types::Thread {
            status: Some(gochat::types::ThreadStatus(json!("waiting_for_customer"))),
            ..gochat_thread()
        }
    );

    let thread = client
        .get_thread()
        .id("thr_empty")
        .send()
        .await
        .expect("{} decodes")
        .into_inner();
    assert_eq!(thread, gochat::types::Thread::default());
    assert_eq!(thread.status, None);
    assert_eq!(thread.last_message, None);
    assert!(thread.customers.is_empty());

    mock.assert_async().await;
    empty.assert_async().await;
}
