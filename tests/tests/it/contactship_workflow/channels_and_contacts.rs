//! Contactship's channels and contacts against the mock server.

use super::*;

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
