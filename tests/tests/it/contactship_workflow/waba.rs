//! Contactship's WhatsApp (WABA) operations against the mock server.

use super::*;

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
