//! 4. Bodies that are not JSON.

use super::*;

// ---------------------------------------------------------------------------
// 4. Bodies that are not JSON
// ---------------------------------------------------------------------------

pub(super) const TRUNCATED: &str = r#"{"id": "thr-1", "status":"#;
const NOT_JSON: &str = "not json";

async fn serve_body<'a>(server: &'a MockServer, body: &'static str) -> httpmock::Mock<'a> {
    server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/thread/thr-1");
            then.status(200)
                .header("content-type", "application/json")
                .body(body);
        })
        .await
}

#[tokio::test]
async fn truncated_and_invalid_json_give_decode_errors_with_the_body() {
    for body in [TRUNCATED, NOT_JSON] {
        let server = MockServer::start_async().await;
        let mock = serve_body(&server, body).await;
        let mut client = contactship::Client::with_api_key(&server.base_url(), CONTACTSHIP_KEY);
        client.set_retry_policy(quick_retries(3));

        let error = unified_thread(&client, "thr-1")
            .await
            .expect_err("not JSON");

        assert_eq!(error.kind(), ErrorKind::Decode, "{error:?}");
        assert_eq!(error.body(), Some(body));
        assert!(!error.is_retryable());
        assert_eq!(error.status(), None);
        match &error {
            conversations::Error::Decode {
                provider,
                operation,
                body: kept,
                ..
            } => {
                assert_eq!(*provider, "contactship");
                assert_eq!(*operation, "get_thread");
                assert_eq!(kept, body);
            }
            other => panic!("expected Error::Decode, got {other:?}"),
        }
        // A 2xx is an answer: not retried.
        assert_eq!(mock.calls_async().await, 1);
        assert_one_line(&error);
    }
}

#[tokio::test]
async fn truncated_and_invalid_json_through_a_generated_builder_keep_the_bytes() {
    for body in [TRUNCATED, NOT_JSON] {
        let server = MockServer::start_async().await;
        let mock = serve_body(&server, body).await;
        let client = contactship::Client::with_api_key(&server.base_url(), CONTACTSHIP_KEY);

        let error = client
            .get_thread()
            .thread_id("thr-1")
            .send()
            .await
            .expect_err("not JSON");

        match error {
            contactship::Error::InvalidResponsePayload(bytes, _) => {
                assert_eq!(&bytes[..], body.as_bytes());
            }
            other => panic!("expected InvalidResponsePayload, got {other:?}"),
        }
        assert_eq!(mock.calls_async().await, 1);
    }
}

/// `Error::Decode` is documented as "a 2xx answer whose body is not the JSON
/// the spec describes (invalid or truncated JSON, a field of the wrong
/// type)". A field of the wrong type comes back as `Error::Mapping` instead,
/// without the body.
#[tokio::test]
async fn a_field_of_the_wrong_type_is_a_decode_error_with_the_body() {
    let body = r#"{"id": 5, "status": "open"}"#;
    let server = MockServer::start_async().await;
    let _mock = serve_body(&server, body).await;
    let client = contactship::Client::with_api_key(&server.base_url(), CONTACTSHIP_KEY);

    let error = unified_thread(&client, "thr-1")
        .await
        .expect_err("id is not a string");

    assert_eq!(error.kind(), ErrorKind::Decode, "{error:?}");
    assert_eq!(error.body(), Some(body));
    assert!(!error.is_retryable());
}
