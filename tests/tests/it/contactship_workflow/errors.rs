//! The documented error statuses of Contactship's newer operations.

use super::*;

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
