//! Contactship's conversation workflow (issue 11), one operation per test,
//! against a local mock server.
//!
//! Each mock matches the whole request the client must send (method, path,
//! query, JSON body, `x-api-key`): a request that differs in any of them gets
//! httpmock's 404 instead of the answer. Each test then checks the decoded
//! answer field by field.
//!
//! Values come from the docs (shared/provider-docs/contactship-*.txt) where
//! they give one; a comment marks the values the docs do not give.

use contactship_client::types;
use contactship_client::{Client, Error, RetryPolicy};
use httpmock::prelude::*;
use serde_json::json;

const API_KEY: &str = "cs-workflow-key-5d1e";

const THREAD_ID: &str = "thr-b2c3d4e5-f6a7-8901-bcde-f12345678901";
const MESSAGE_ID: &str = "msg-a1b2c3d4-e5f6-7890-abcd-ef1234567890";
const CONTACT_ID: &str = "c1d2e3f4-a5b6-7890-cdef-123456789012";
const ORGANIZATION_ID: &str = "org-f1e2d3c4-b5a6-7890-1234-567890abcdef";
const WABA_CHANNEL_ID: &str = "chn_y0xspd9p1v7vla6wkwc2z01u";

fn client(server: &MockServer) -> Client {
    Client::with_api_key(&server.base_url(), API_KEY)
}

// ---------------------------------------------------------------------------
// Threads and messages
// ---------------------------------------------------------------------------

#[tokio::test]
async fn get_thread_decodes_the_docs_example() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/v1/thread/{THREAD_ID}"))
                .header("x-api-key", API_KEY);
            // contactship-get-thread.txt:82-93.
            then.status(200)
                .header("content-type", "application/json")
                .json_body(json!({
                    "id": "thr-b2c3d4e5-f6a7-8901-bcde-f12345678901",
                    "channel_id": "chn_y0xspd9p1v7vla6wkwc2z01u",
                    "channel_type": "WABA",
                    "contact_id": "c1d2e3f4-a5b6-7890-cdef-123456789012",
                    "organization_id": "org-f1e2d3c4-b5a6-7890-1234-567890abcdef",
                    "status": "open",
                    "assignee": null,
                    "assignee_type": null,
                    "created_at": "2026-04-06T15:00:00Z",
                    "updated_at": "2026-04-06T15:05:00Z"
                }));
        })
        .await;

    let response = client(&server)
        .get_thread()
        .thread_id(THREAD_ID)
        .send()
        .await
        .expect("the docs' example decodes");
    mock.assert_async().await;
    assert_eq!(response.status(), 200);
    let thread = response.into_inner();
    assert_eq!(thread.id.as_deref(), Some(THREAD_ID));
    assert_eq!(thread.channel_id.as_deref(), Some(WABA_CHANNEL_ID));
    assert_eq!(thread.channel_type, Some(types::ThreadChannelType::Waba));
    assert_eq!(thread.contact_id.as_deref(), Some(CONTACT_ID));
    assert_eq!(thread.organization_id.as_deref(), Some(ORGANIZATION_ID));
    assert_eq!(thread.status, Some(types::ThreadStatus::Open));
    // `null` in the docs' example: now a listed value of the nullable enum.
    assert_eq!(thread.assignee, None);
    assert_eq!(thread.assignee_type, None);
    // `format: date-time`, kept as the provider's text by the generator.
    assert_eq!(thread.created_at.as_deref(), Some("2026-04-06T15:00:00Z"));
    assert_eq!(thread.updated_at.as_deref(), Some("2026-04-06T15:05:00Z"));
}

#[tokio::test]
async fn update_thread_puts_the_docs_close_example_and_decodes_the_updated_thread() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path(format!("/v1/thread/{THREAD_ID}"))
                .header("x-api-key", API_KEY)
                .header("content-type", "application/json")
                // The docs' first request example (contactship-update-thread.txt:36):
                // nothing else is sent.
                .json_body(json!({"status": "closed"}));
            // The docs' response values (contactship-update-thread.txt:24-27),
            // which have no created_at.
            then.status(200)
                .header("content-type", "application/json")
                .json_body(json!({
                    "id": "thr-b2c3d4e5-f6a7-8901-bcde-f12345678901",
                    "channel_id": "chn_y0xspd9p1v7vla6wkwc2z01u",
                    "channel_type": "WABA",
                    "contact_id": "c1d2e3f4-a5b6-7890-cdef-123456789012",
                    "organization_id": "org-f1e2d3c4-b5a6-7890-1234-567890abcdef",
                    "status": "closed",
                    "assignee": null,
                    "assignee_type": null,
                    "updated_at": "2026-04-06T16:00:00Z"
                }));
        })
        .await;

    let thread = client(&server)
        .update_thread()
        .thread_id(THREAD_ID)
        .body_map(|body| body.status(Some(types::ThreadUpdateStatus::Closed)))
        .send()
        .await
        .expect("the thread is updated")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(thread.id.as_deref(), Some(THREAD_ID));
    assert_eq!(thread.channel_id.as_deref(), Some(WABA_CHANNEL_ID));
    assert_eq!(thread.channel_type, Some(types::ThreadChannelType::Waba));
    assert_eq!(thread.contact_id.as_deref(), Some(CONTACT_ID));
    assert_eq!(thread.organization_id.as_deref(), Some(ORGANIZATION_ID));
    assert_eq!(thread.status, Some(types::ThreadStatus::Closed));
    assert_eq!(thread.assignee, None);
    assert_eq!(thread.assignee_type, None);
    assert_eq!(thread.created_at, None);
    assert_eq!(thread.updated_at.as_deref(), Some("2026-04-06T16:00:00Z"));
}

#[tokio::test]
async fn update_thread_puts_the_docs_assign_example() {
    const AGENT_ID: &str = "agent-a1b2c3d4-e5f6-7890-abcd-ef1234567890";
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(PUT)
                .path(format!("/v1/thread/{THREAD_ID}"))
                .header("x-api-key", API_KEY)
                // The docs' second request example (contactship-update-thread.txt:37).
                .json_body(json!({
                    "assignee": "agent-a1b2c3d4-e5f6-7890-abcd-ef1234567890",
                    "assignee_type": "agent"
                }));
            // The docs give no response for this request: the thread, assigned
            // (not the docs' values).
            then.status(200)
                .header("content-type", "application/json")
                .json_body(json!({
                    "id": THREAD_ID,
                    "status": "open",
                    "assignee": AGENT_ID,
                    "assignee_type": "agent"
                }));
        })
        .await;

    let thread = client(&server)
        .update_thread()
        .thread_id(THREAD_ID)
        .body(types::ThreadUpdate {
            assignee: Some(AGENT_ID.to_owned()),
            assignee_type: Some(types::ThreadUpdateAssigneeType::Agent),
            status: None,
        })
        .send()
        .await
        .expect("the thread is assigned")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(thread.id.as_deref(), Some(THREAD_ID));
    assert_eq!(thread.status, Some(types::ThreadStatus::Open));
    assert_eq!(thread.assignee.as_deref(), Some(AGENT_ID));
    assert_eq!(thread.assignee_type, Some(types::ThreadAssigneeType::Agent));
}

#[tokio::test]
async fn get_message_decodes_the_docs_example() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/v1/messages/{MESSAGE_ID}"))
                .header("x-api-key", API_KEY);
            // contactship-get-message.txt:86-98.
            then.status(200)
                .header("content-type", "application/json")
                .json_body(json!({
                    "id": "msg-a1b2c3d4-e5f6-7890-abcd-ef1234567890",
                    "thread_id": "thr-b2c3d4e5-f6a7-8901-bcde-f12345678901",
                    "role": "human",
                    "type": "text",
                    "content": "Hello! How can I help you today?",
                    "media": null,
                    "from": "+12025551234",
                    "source": "webapp",
                    "status": "sent",
                    "sender_id": null,
                    "created_at": "2026-04-06T15:00:00Z"
                }));
        })
        .await;

    let message = client(&server)
        .get_message()
        .message_id(MESSAGE_ID)
        .send()
        .await
        .expect("the docs' example decodes")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(message.id.as_deref(), Some(MESSAGE_ID));
    assert_eq!(message.thread_id.as_deref(), Some(THREAD_ID));
    assert_eq!(message.role, Some(types::MessageRole::Human));
    assert_eq!(message.type_, Some(types::MessageType::Text));
    assert_eq!(
        message.content.as_deref(),
        Some("Hello! How can I help you today?")
    );
    assert_eq!(message.media, None);
    assert_eq!(message.from.as_deref(), Some("+12025551234"));
    assert_eq!(message.source, Some(types::MessageSource::Webapp));
    assert_eq!(message.status, Some(types::MessageStatus::Sent));
    assert_eq!(message.sender_id, None);
    assert_eq!(message.created_at.as_deref(), Some("2026-04-06T15:00:00Z"));
}

// ---------------------------------------------------------------------------
// Channels and contacts
// ---------------------------------------------------------------------------

#[tokio::test]
async fn list_channels_sends_every_filter_and_decodes_the_docs_channels_and_total() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/channels")
                .header("x-api-key", API_KEY)
                // Integers, not `10.0`: the docs' "number" is transcribed as integer.
                .query_param("limit", "10")
                .query_param("offset", "0")
                .query_param("order", "asc")
                .query_param("status", "active")
                .query_param("type", "WABA")
                .query_param("name", "WhatsApp")
                .query_param("answer_method", "auto");
            // The docs' two channels and their count (contactship-list-channels.txt:
            // 25, 33-35); the first channel's id is the one the page gives as its
            // id example.
            then.status(200)
                .header("content-type", "application/json")
                .json_body(json!({
                    "data": [
                        {
                            "id": "chn_y0xspd9p1v7vla6wkwc2z01u",
                            "name": "WhatsApp Business",
                            "type": "WABA",
                            "status": "active",
                            "answer_method": "auto",
                            "organization_id": "org-f1e2d3c4-b5a6-7890-1234-567890abcdef",
                            "created_at": "2026-01-15T10:00:00Z"
                        },
                        {
                            "id": "chn_a1b2c3d4e5f6g7h8i9j0k1l2",
                            "name": "Instagram DMs",
                            "type": "INSTAGRAM",
                            "status": "active",
                            "answer_method": "manual",
                            "organization_id": "org-f1e2d3c4-b5a6-7890-1234-567890abcdef",
                            "created_at": "2026-02-01T09:00:00Z"
                        }
                    ],
                    "count": 2
                }));
        })
        .await;

    let page = client(&server)
        .list_channels()
        .limit(10)
        .offset(0)
        .order(types::ListChannelsOrder::Asc)
        .status(types::ChannelStatus::Active)
        .type_(types::ChannelType::Waba)
        .name("WhatsApp")
        .answer_method(types::AnswerMethod::Auto)
        .send()
        .await
        .expect("the channels decode")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(page.count, Some(2));
    assert_eq!(page.data.len(), 2);

    let whatsapp = &page.data[0];
    assert_eq!(whatsapp.id.as_deref(), Some(WABA_CHANNEL_ID));
    assert_eq!(whatsapp.name.as_deref(), Some("WhatsApp Business"));
    assert_eq!(whatsapp.type_, Some(types::ChannelType::Waba));
    assert_eq!(whatsapp.status, Some(types::ChannelStatus::Active));
    assert_eq!(whatsapp.answer_method, Some(types::AnswerMethod::Auto));
    assert_eq!(whatsapp.organization_id.as_deref(), Some(ORGANIZATION_ID));
    assert_eq!(whatsapp.created_at.as_deref(), Some("2026-01-15T10:00:00Z"));

    let instagram = &page.data[1];
    assert_eq!(
        instagram.id.as_deref(),
        Some("chn_a1b2c3d4e5f6g7h8i9j0k1l2")
    );
    assert_eq!(instagram.name.as_deref(), Some("Instagram DMs"));
    assert_eq!(instagram.type_, Some(types::ChannelType::Instagram));
    assert_eq!(instagram.status, Some(types::ChannelStatus::Active));
    assert_eq!(instagram.answer_method, Some(types::AnswerMethod::Manual));
    assert_eq!(instagram.organization_id.as_deref(), Some(ORGANIZATION_ID));
    assert_eq!(
        instagram.created_at.as_deref(),
        Some("2026-02-01T09:00:00Z")
    );
}

#[tokio::test]
async fn get_contact_decodes_the_docs_values() {
    const ID: &str = "c1a2b3c4-d5e6-f7g8-h9i0-j1k2l3m4n5o6";
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(format!("/v1/contacts/{ID}"))
                .header("x-api-key", API_KEY);
            // The docs' values (contactship-get-contact.txt:20, 27-28); email,
            // description and additional_data are not in the docs' example.
            then.status(200)
                .header("content-type", "application/json")
                .json_body(json!({
                    "id": "c1a2b3c4-d5e6-f7g8-h9i0-j1k2l3m4n5o6",
                    "created_at": "2023-01-01T12:00:00Z",
                    "phone_number": "+12124567890",
                    "full_name": "Juan Pérez",
                    "country": "México",
                    "email": "juan@example.com",
                    "description": "Cliente de prueba",
                    "additional_data": [
                        {"type": "date", "field": "cumpleaños", "value": "1990-05-01"},
                        {"type": "color", "field": "favorito", "value": "azul"}
                    ],
                    "organization_id": "org123456"
                }));
        })
        .await;

    let contact = client(&server)
        .get_contact()
        .contact_id(ID)
        .send()
        .await
        .expect("the contact decodes")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(contact.id.as_deref(), Some(ID));
    assert_eq!(contact.created_at.as_deref(), Some("2023-01-01T12:00:00Z"));
    assert_eq!(contact.phone_number.as_deref(), Some("+12124567890"));
    assert_eq!(contact.full_name.as_deref(), Some("Juan Pérez"));
    assert_eq!(contact.country.as_deref(), Some("México"));
    assert_eq!(contact.email.as_deref(), Some("juan@example.com"));
    assert_eq!(contact.description.as_deref(), Some("Cliente de prueba"));
    assert_eq!(contact.organization_id.as_deref(), Some("org123456"));
    assert_eq!(contact.additional_data.len(), 2);
    assert_eq!(
        contact.additional_data[0].type_,
        Some(types::ContactAdditionalDataType::Date)
    );
    assert_eq!(
        contact.additional_data[0].field.as_deref(),
        Some("cumpleaños")
    );
    assert_eq!(
        contact.additional_data[0].value.as_deref(),
        Some("1990-05-01")
    );
    // The docs' list of kinds ends in "…": another kind is kept, not refused.
    assert_eq!(
        contact.additional_data[1].type_,
        Some(types::ContactAdditionalDataType::Unknown(
            "color".to_owned()
        ))
    );
    assert_eq!(
        contact.additional_data[1].field.as_deref(),
        Some("favorito")
    );
    assert_eq!(contact.additional_data[1].value.as_deref(), Some("azul"));
}

// ---------------------------------------------------------------------------
// WhatsApp (WABA)
// ---------------------------------------------------------------------------

#[tokio::test]
async fn waba_send_message_posts_the_docs_request_and_decodes_the_docs_response() {
    const PROVIDER_ID: &str = "wamid.HBgNMTIxMjM0NTY3ODkwFQIAERgSM...";
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/waba/send")
                .header("x-api-key", API_KEY)
                .header("content-type", "application/json")
                // The docs' request values (contactship-waba-send-message.txt:36-37).
                .json_body(json!({
                    "channel_id": "chn_abc123",
                    "contact_id": "c1d2e3f4-a5b6-7890-cdef-123456789012",
                    "content": "Hello! How can I help you today?"
                }));
            // The docs' response values (contactship-waba-send-message.txt:23, 26,
            // 37-38).
            then.status(200)
                .header("content-type", "application/json")
                .json_body(json!({
                    "success": true,
                    "message": "Mensaje WABA enviado",
                    "data": {
                        "message_id": "msg-a1b2c3d4-e5f6-7890-abcd-ef1234567890",
                        "provider_id": PROVIDER_ID,
                        "thread_id": "thr-b2c3d4e5-f6a7-8901-bcde-f12345678901",
                        "status": "sent"
                    }
                }));
        })
        .await;

    let sent = client(&server)
        .waba_send_message()
        .body(types::WabaSendMessageRequest {
            channel_id: "chn_abc123".to_owned(),
            contact_id: CONTACT_ID.to_owned(),
            content: "Hello! How can I help you today?".to_owned(),
            thread_id: None,
        })
        .send()
        .await
        .expect("the message is sent")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(sent.success, Some(true));
    assert_eq!(sent.message.as_deref(), Some("Mensaje WABA enviado"));
    let data = sent.data.expect("data");
    assert_eq!(data.message_id.as_deref(), Some(MESSAGE_ID));
    assert_eq!(data.provider_id.as_deref(), Some(PROVIDER_ID));
    assert_eq!(data.thread_id.as_deref(), Some(THREAD_ID));
    assert_eq!(data.status, Some(types::WabaSendStatus::Sent));
}

#[tokio::test]
async fn waba_send_template_posts_the_docs_components_and_decodes_the_response() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/waba/send-template")
                .header("x-api-key", API_KEY)
                .header("content-type", "application/json")
                .json_body(json!({
                    "channel_id": WABA_CHANNEL_ID,
                    "contact_id": CONTACT_ID,
                    "template_name": "primer_contacto_v1",
                    // The documented defaults: the client writes them out.
                    "language_code": "es",
                    "save_message": true,
                    // The docs' components (contactship-waba-send-template.txt:40-41).
                    "components": [{"type": "BODY", "parameters": [{"type": "text", "parameter_name": "nombre", "text": "Juan Pérez"}, {"type": "text", "parameter_name": "fecha", "text": "ayer"}]}]
                }));
            // The docs' message (contactship-waba-send-template.txt:32); the ids
            // are the other pages' examples, the provider id is not the docs'.
            then.status(200)
                .header("content-type", "application/json")
                .json_body(json!({
                    "success": true,
                    "message": "Plantilla enviada y guardada",
                    "data": {
                        "message_id": MESSAGE_ID,
                        "provider_id": "wamid.template-1",
                        "thread_id": THREAD_ID
                    }
                }));
        })
        .await;

    let parameter = |name: &str, text: &str| types::TemplateParameter {
        type_: types::TemplateParameterType::Text,
        parameter_name: Some(name.to_owned()),
        text: Some(text.to_owned()),
    };
    let sent = client(&server)
        .waba_send_template()
        .body_map(|body| {
            body.channel_id(WABA_CHANNEL_ID)
                .contact_id(CONTACT_ID)
                .template_name("primer_contacto_v1")
                .components(vec![types::TemplateComponent {
                    type_: types::TemplateComponentType::Body,
                    parameters: vec![
                        parameter("nombre", "Juan Pérez"),
                        parameter("fecha", "ayer"),
                    ],
                }])
        })
        .send()
        .await
        .expect("the template is sent")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(sent.success, Some(true));
    assert_eq!(
        sent.message.as_deref(),
        Some("Plantilla enviada y guardada")
    );
    let data = sent.data.expect("data");
    assert_eq!(data.message_id.as_deref(), Some(MESSAGE_ID));
    assert_eq!(data.provider_id.as_deref(), Some("wamid.template-1"));
    assert_eq!(data.thread_id.as_deref(), Some(THREAD_ID));
}

#[tokio::test]
async fn waba_send_media_posts_a_document_and_decodes_the_response() {
    const MEDIA_URL: &str = "https://storage.example/org123456/invoice.pdf";
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                .path("/v1/waba/send-media")
                .header("x-api-key", API_KEY)
                .header("content-type", "application/json")
                // file_name is the docs' example (contactship-waba-send-media.txt:20);
                // the URL, caption and thread are not the docs'.
                .json_body(json!({
                    "channel_id": WABA_CHANNEL_ID,
                    "contact_id": CONTACT_ID,
                    "media_type": "document",
                    "media_data": "https://files.example/invoice.pdf",
                    "content": "Su factura",
                    "file_name": "invoice.pdf",
                    "thread_id": THREAD_ID,
                    "save_message": false
                }));
            // The docs' message (contactship-waba-send-media.txt:28).
            then.status(200)
                .header("content-type", "application/json")
                .json_body(json!({
                    "success": true,
                    "message": "Media enviado y guardado",
                    "data": {
                        "message_id": MESSAGE_ID,
                        "provider_id": "wamid.media-1",
                        "media_url": MEDIA_URL,
                        "thread_id": THREAD_ID
                    }
                }));
        })
        .await;

    let sent = client(&server)
        .waba_send_media()
        .body(types::WabaSendMediaRequest {
            channel_id: WABA_CHANNEL_ID.to_owned(),
            contact_id: CONTACT_ID.to_owned(),
            media_type: types::WabaSendMediaRequestMediaType::Document,
            media_data: "https://files.example/invoice.pdf".to_owned(),
            content: Some("Su factura".to_owned()),
            file_name: Some("invoice.pdf".to_owned()),
            thread_id: Some(THREAD_ID.to_owned()),
            save_message: false,
        })
        .send()
        .await
        .expect("the media is sent")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(sent.success, Some(true));
    assert_eq!(sent.message.as_deref(), Some("Media enviado y guardado"));
    let data = sent.data.expect("data");
    assert_eq!(data.message_id.as_deref(), Some(MESSAGE_ID));
    assert_eq!(data.provider_id.as_deref(), Some("wamid.media-1"));
    assert_eq!(data.media_url.as_deref(), Some(MEDIA_URL));
    assert_eq!(data.thread_id.as_deref(), Some(THREAD_ID));
}

#[tokio::test]
async fn waba_send_location_posts_the_docs_pin_and_decodes_the_response() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(POST)
                // The spec puts this operation on https://integrations.contactship.ai;
                // the client built here points every operation at the mock server.
                .path("/api/integrations/waba/send-location")
                .header("x-api-key", API_KEY)
                .header("content-type", "application/json")
                // The docs' coordinates, name and address
                // (contactship-waba-send-location.txt:18-21).
                .json_body(json!({
                    "channel_id": WABA_CHANNEL_ID,
                    "contact_id": CONTACT_ID,
                    "latitude": 19.4326,
                    "longitude": -99.1332,
                    "name": "ContactShip HQ",
                    "address": "Paseo de la Reforma 505, CDMX",
                    "save_message": true
                }));
            // The docs' message (contactship-waba-send-location.txt:29).
            then.status(200)
                .header("content-type", "application/json")
                .json_body(json!({
                    "success": true,
                    "message": "Location enviada y guardada",
                    "data": {
                        "message_id": MESSAGE_ID,
                        "provider_id": "wamid.location-1",
                        "thread_id": THREAD_ID,
                        "status": "pending"
                    }
                }));
        })
        .await;

    let sent = client(&server)
        .waba_send_location()
        .body_map(|body| {
            body.channel_id(WABA_CHANNEL_ID)
                .contact_id(CONTACT_ID)
                .latitude(19.4326)
                .longitude(-99.1332)
                .name(Some("ContactShip HQ".to_owned()))
                .address(Some("Paseo de la Reforma 505, CDMX".to_owned()))
        })
        .send()
        .await
        .expect("the location is sent")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(sent.success, Some(true));
    assert_eq!(sent.message.as_deref(), Some("Location enviada y guardada"));
    let data = sent.data.expect("data");
    assert_eq!(data.message_id.as_deref(), Some(MESSAGE_ID));
    assert_eq!(data.provider_id.as_deref(), Some("wamid.location-1"));
    assert_eq!(data.thread_id.as_deref(), Some(THREAD_ID));
    assert_eq!(data.status, Some(types::WabaSendStatus::Pending));
}

#[tokio::test]
async fn waba_get_templates_sends_the_cursor_and_decodes_the_docs_templates() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/waba/templates")
                .header("x-api-key", API_KEY)
                .query_param("channel_id", WABA_CHANNEL_ID)
                .query_param("limit", "25")
                .query_param("after", "MjQZD");
            // The docs' templates and cursors (contactship-waba-get-templates.txt:
            // 30-31); the components are not the docs'.
            then.status(200)
                .header("content-type", "application/json")
                .json_body(json!({
                    "success": true,
                    "data": [
                        {
                            "id": "1234567890",
                            "name": "primer_contacto_v1",
                            "language": "es",
                            "status": "APPROVED",
                            "category": "MARKETING",
                            "components": [{"type": "BODY", "text": "Hola {{nombre}}"}]
                        },
                        {
                            "id": "0987654321",
                            "name": "seguimiento_cotizacion",
                            "language": "es",
                            "status": "APPROVED",
                            "category": "UTILITY",
                            "components": []
                        }
                    ],
                    "paging": {"cursors": {"before": "MAZDZD", "after": "MjQZD"}}
                }));
        })
        .await;

    let page = client(&server)
        .waba_get_templates()
        .channel_id(WABA_CHANNEL_ID)
        .limit(25)
        .after("MjQZD")
        .send()
        .await
        .expect("the templates decode")
        .into_inner();
    mock.assert_async().await;
    assert_eq!(page.success, Some(true));
    assert_eq!(page.data.len(), 2);

    let first = &page.data[0];
    assert_eq!(first.id.as_deref(), Some("1234567890"));
    assert_eq!(first.name.as_deref(), Some("primer_contacto_v1"));
    assert_eq!(first.language.as_deref(), Some("es"));
    assert_eq!(first.status, Some(types::WabaTemplateStatus::Approved));
    assert_eq!(first.category, Some(types::WabaTemplateCategory::Marketing));
    assert_eq!(
        first.components,
        vec![json!({"type": "BODY", "text": "Hola {{nombre}}"})]
    );

    let second = &page.data[1];
    assert_eq!(second.id.as_deref(), Some("0987654321"));
    assert_eq!(second.name.as_deref(), Some("seguimiento_cotizacion"));
    assert_eq!(second.language.as_deref(), Some("es"));
    assert_eq!(second.status, Some(types::WabaTemplateStatus::Approved));
    assert_eq!(second.category, Some(types::WabaTemplateCategory::Utility));
    assert!(second.components.is_empty());

    let cursors = page
        .paging
        .and_then(|paging| paging.cursors)
        .expect("paging.cursors");
    assert_eq!(cursors.before.as_deref(), Some("MAZDZD"));
    assert_eq!(cursors.after.as_deref(), Some("MjQZD"));
}

// ---------------------------------------------------------------------------
// Documented error statuses of the new operations
// ---------------------------------------------------------------------------

/// Every error status the docs list for an operation comes back as
/// `Error::ErrorResponse` with that status (the docs give no error body).
#[tokio::test]
async fn every_documented_error_status_is_an_error_response() {
    let server = MockServer::start_async().await;
    let mut client = client(&server);
    // The status mapping, not retries: one attempt each.
    client.set_retry_policy(RetryPolicy::disabled());

    fn expect_status<T: std::fmt::Debug>(
        result: Result<T, Error<()>>,
        status: u16,
        operation: &str,
    ) {
        match result {
            Err(Error::ErrorResponse(response)) => {
                assert_eq!(response.status().as_u16(), status, "{operation}")
            }
            other => panic!("{operation} {status}: expected Error::ErrorResponse, got {other:?}"),
        }
    }

    for status in [400_u16, 401, 404, 500] {
        let id = format!("thr-{status}");
        let mock = server
            .mock_async(|when, then| {
                when.method(PUT)
                    .path(format!("/v1/thread/{id}"))
                    .header("x-api-key", API_KEY);
                then.status(status);
            })
            .await;
        let result = client
            .update_thread()
            .thread_id(&id)
            .body_map(|b| b.status(Some(types::ThreadUpdateStatus::Closed)))
            .send()
            .await;
        mock.assert_async().await;
        expect_status(result, status, "update_thread");
        mock.delete_async().await;
    }

    for status in [401_u16, 500] {
        let mock = server
            .mock_async(|when, then| {
                when.method(GET).path("/v1/channels");
                then.status(status);
            })
            .await;
        let result = client.list_channels().send().await;
        mock.assert_async().await;
        expect_status(result, status, "list_channels");
        mock.delete_async().await;
    }

    for status in [400_u16, 401, 404, 500] {
        let id = format!("c-{status}");
        let mock = server
            .mock_async(|when, then| {
                when.method(GET).path(format!("/v1/contacts/{id}"));
                then.status(status);
            })
            .await;
        let result = client.get_contact().contact_id(&id).send().await;
        mock.assert_async().await;
        expect_status(result, status, "get_contact");
        mock.delete_async().await;
    }

    for status in [400_u16, 401, 404, 500] {
        let mock = server
            .mock_async(|when, then| {
                when.method(POST).path("/v1/waba/send");
                then.status(status);
            })
            .await;
        let result = client
            .waba_send_message()
            .body_map(|b| {
                b.channel_id("chn_abc123")
                    .contact_id(CONTACT_ID)
                    .content("hi")
            })
            .send()
            .await;
        mock.assert_async().await;
        expect_status(result, status, "waba_send_message");
        mock.delete_async().await;
    }

    for status in [400_u16, 401, 404, 500] {
        let mock = server
            .mock_async(|when, then| {
                when.method(POST).path("/v1/waba/send-template");
                then.status(status);
            })
            .await;
        let result = client
            .waba_send_template()
            .body_map(|b| {
                b.channel_id(WABA_CHANNEL_ID)
                    .contact_id(CONTACT_ID)
                    .template_name("primer_contacto_v1")
            })
            .send()
            .await;
        mock.assert_async().await;
        expect_status(result, status, "waba_send_template");
        mock.delete_async().await;
    }

    for status in [400_u16, 401, 404, 500] {
        let mock = server
            .mock_async(|when, then| {
                when.method(POST).path("/v1/waba/send-media");
                then.status(status);
            })
            .await;
        let result = client
            .waba_send_media()
            .body_map(|b| {
                b.channel_id(WABA_CHANNEL_ID)
                    .contact_id(CONTACT_ID)
                    .media_type(types::WabaSendMediaRequestMediaType::Image)
                    .media_data("https://files.example/a.png")
            })
            .send()
            .await;
        mock.assert_async().await;
        expect_status(result, status, "waba_send_media");
        mock.delete_async().await;
    }

    // 403 only here: the channel belongs to another organization.
    for status in [400_u16, 401, 403, 404, 500] {
        let mock = server
            .mock_async(|when, then| {
                when.method(POST)
                    .path("/api/integrations/waba/send-location");
                then.status(status);
            })
            .await;
        let result = client
            .waba_send_location()
            .body_map(|b| {
                b.channel_id(WABA_CHANNEL_ID)
                    .contact_id(CONTACT_ID)
                    .latitude(19.4326)
                    .longitude(-99.1332)
            })
            .send()
            .await;
        mock.assert_async().await;
        expect_status(result, status, "waba_send_location");
        mock.delete_async().await;
    }

    for status in [400_u16, 401, 500] {
        let mock = server
            .mock_async(|when, then| {
                when.method(GET).path("/v1/waba/templates");
                then.status(status);
            })
            .await;
        let result = client
            .waba_get_templates()
            .channel_id(WABA_CHANNEL_ID)
            .send()
            .await;
        mock.assert_async().await;
        expect_status(result, status, "waba_get_templates");
        mock.delete_async().await;
    }
}
