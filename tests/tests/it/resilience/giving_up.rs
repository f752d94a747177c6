//! 2. Giving up.

use super::*;

// ---------------------------------------------------------------------------
// 2. Giving up
// ---------------------------------------------------------------------------

#[tokio::test]
async fn a_503_forever_is_tried_max_attempts_times_then_reported() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/thread/thr-1");
            then.status(503).body("down for maintenance");
        })
        .await;
    let mut client = contactship::Client::with_api_key(&server.base_url(), CONTACTSHIP_KEY);
    client.set_retry_policy(quick_retries(3));

    let error = unified_thread(&client, "thr-1")
        .await
        .expect_err("503 every time");

    assert_eq!(mock.calls_async().await, 3);
    assert_eq!(error.kind(), ErrorKind::Status);
    assert_eq!(
        error.status(),
        Some(reqwest::StatusCode::SERVICE_UNAVAILABLE)
    );
    assert!(error.is_retryable());
    assert_eq!(error.body(), Some("down for maintenance"));
    assert_eq!(error.provider(), "contactship");
    match &error {
        conversations::Error::Status {
            operation, message, ..
        } => {
            assert_eq!(*operation, "get_thread");
            assert_eq!(*message, None);
        }
        other => panic!("expected Error::Status, got {other:?}"),
    }
    assert_one_line(&error);
}

#[tokio::test]
async fn a_503_forever_through_a_generated_builder_is_retried_too() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/thread/thr-1");
            then.status(503);
        })
        .await;
    let mut client = contactship::Client::with_api_key(&server.base_url(), CONTACTSHIP_KEY);
    client.set_retry_policy(quick_retries(3));

    let error = client
        .get_thread()
        .thread_id("thr-1")
        .send()
        .await
        .expect_err("503 every time");

    assert_eq!(mock.calls_async().await, 3);
    assert_eq!(
        error.status(),
        Some(reqwest::StatusCode::SERVICE_UNAVAILABLE)
    );
}

#[tokio::test]
async fn retries_disabled_sends_once() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/thread/thr-1");
            then.status(503);
        })
        .await;
    let mut client = contactship::Client::with_api_key(&server.base_url(), CONTACTSHIP_KEY);
    client.set_retry_policy(RetryPolicy::disabled());

    let error = unified_thread(&client, "thr-1").await.expect_err("503");

    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(error.kind(), ErrorKind::Status);
    assert_eq!(
        error.status(),
        Some(reqwest::StatusCode::SERVICE_UNAVAILABLE)
    );
    assert!(error.is_retryable());
}
