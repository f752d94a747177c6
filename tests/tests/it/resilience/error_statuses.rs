//! 5. Error statuses and the provider's message.

use super::*;

// ---------------------------------------------------------------------------
// 5. Error statuses and the provider's message
// ---------------------------------------------------------------------------

#[tokio::test]
async fn delightbridge_401_and_404_carry_the_providers_message() {
    for (status, message) in [(401, "session expired"), (404, "thread not found")] {
        let server = MockServer::start_async().await;
        let body = json!({ "error": message }).to_string();
        let served = body.clone();
        let mock = server
            .mock_async(|when, then| {
                when.method(GET).path("/api/threads/th-404");
                then.status(status)
                    .header("content-type", "application/json")
                    .body(served);
            })
            .await;
        let client = delightbridge::Client::with_authjs_session_token_cookie(
            &server.base_url(),
            DELIGHTBRIDGE_SESSION,
        );

        let error = unified_thread(&client, "th-404")
            .await
            .expect_err("an error status");

        assert_eq!(error.kind(), ErrorKind::Status);
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert!(!error.is_retryable());
        assert_eq!(error.body(), Some(body.as_str()));
        match &error {
            conversations::Error::Status {
                provider,
                operation,
                message: got,
                ..
            } => {
                assert_eq!(*provider, "delightbridge");
                assert_eq!(*operation, "get_thread");
                assert_eq!(got.as_deref(), Some(message));
            }
            other => panic!("expected Error::Status, got {other:?}"),
        }
        let shown = error.to_string();
        assert!(shown.contains(&status.to_string()), "{shown}");
        assert!(shown.contains(message), "{shown}");
        assert!(shown.starts_with("delightbridge get_thread: "), "{shown}");
        assert_one_line(&error);
        assert_eq!(mock.calls_async().await, 1, "4xx is not retried");
    }
}

#[tokio::test]
async fn delightbridge_error_body_that_is_not_json_has_no_message() {
    let server = MockServer::start_async().await;
    let _mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/api/threads/th-1");
            then.status(404).body("<html>Not Found</html>");
        })
        .await;
    let client = delightbridge::Client::with_authjs_session_token_cookie(&server.base_url(), "s");

    let error = unified_thread(&client, "th-1").await.expect_err("404");

    assert_eq!(error.status(), Some(reqwest::StatusCode::NOT_FOUND));
    assert!(matches!(
        &error,
        conversations::Error::Status { message: None, .. }
    ));
    assert_eq!(error.body(), Some("<html>Not Found</html>"));
}

#[tokio::test]
async fn contactship_401_and_404_have_no_message_and_keep_the_body() {
    for (status, body) in [
        (401, r#"{"message":"Invalid API key"}"#),
        (404, "Thread not found\nsecond line of the body"),
    ] {
        let server = MockServer::start_async().await;
        let mock = server
            .mock_async(|when, then| {
                when.method(GET).path("/v1/thread/thr-1");
                then.status(status).body(body);
            })
            .await;
        let client = contactship::Client::with_api_key(&server.base_url(), CONTACTSHIP_KEY);

        let error = unified_thread(&client, "thr-1")
            .await
            .expect_err("an error status");

        assert_eq!(error.kind(), ErrorKind::Status);
        assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        assert!(matches!(
            &error,
            conversations::Error::Status { message: None, .. }
        ));
        assert_eq!(error.body(), Some(body));
        assert!(!error.is_retryable());
        // The body is not part of Display, so a multi-line body stays out.
        assert_one_line(&error);
        assert_eq!(mock.calls_async().await, 1);
    }
}

/// `Display` of `Error` is documented as one line. The provider's message is
/// the provider's text: a line break in it should not break the line (log
/// lines, one-line CLI errors).
#[tokio::test]
async fn a_line_break_in_the_providers_message_keeps_display_on_one_line() {
    let server = MockServer::start_async().await;
    let _mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/api/threads/th-1");
            then.status(404)
                .header("content-type", "application/json")
                .body(json!({ "error": "thread not found\nINFO forged log line" }).to_string());
        })
        .await;
    let client = delightbridge::Client::with_authjs_session_token_cookie(&server.base_url(), "s");

    let error = unified_thread(&client, "th-1").await.expect_err("404");

    assert_one_line(&error);
}
