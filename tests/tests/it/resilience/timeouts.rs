//! 3. Timeouts.

use super::*;

// ---------------------------------------------------------------------------
// 3. Timeouts
// ---------------------------------------------------------------------------

const REQUEST_TIMEOUT: Duration = Duration::from_millis(200);
const SERVER_DELAY: Duration = Duration::from_secs(2);

pub(super) fn impatient_http() -> reqwest::Client {
    contactship::http_client(Timeouts {
        request: REQUEST_TIMEOUT,
        ..Timeouts::default()
    })
    .expect("an HTTP client")
}

pub(super) async fn slow_mock(server: &MockServer) -> httpmock::Mock<'_> {
    server
        .mock_async(|when, then| {
            when.method(GET);
            then.status(200)
                .header("content-type", "application/json")
                .body(contactship_thread_json("thr-1").to_string())
                .delay(SERVER_DELAY);
        })
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_slow_server_gives_timeout_without_retries_within_the_timeout() {
    let server = MockServer::start_async().await;
    let mock = slow_mock(&server).await;
    let mut client = contactship::Client::new_with_client(&server.base_url(), impatient_http());
    client.set_api_key(CONTACTSHIP_KEY);
    client.set_retry_policy(RetryPolicy::disabled());

    let started = Instant::now();
    let error = unified_thread(&client, "thr-1")
        .await
        .expect_err("too slow");
    let elapsed = started.elapsed();

    assert_eq!(error.kind(), ErrorKind::Timeout, "{error:?}");
    assert!(matches!(error, conversations::Error::Timeout { .. }));
    assert!(error.is_retryable());
    assert_eq!(error.status(), None);
    assert_eq!(error.body(), None);
    assert!(elapsed >= REQUEST_TIMEOUT, "took {elapsed:?}");
    assert!(elapsed < Duration::from_secs(1), "took {elapsed:?}");
    assert_eq!(mock.calls_async().await, 1);
    assert_one_line(&error);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_slow_server_gives_timeout_after_every_attempt_within_the_bound() {
    let server = MockServer::start_async().await;
    let mock = slow_mock(&server).await;
    let mut client = contactship::Client::new_with_client(&server.base_url(), impatient_http());
    client.set_api_key(CONTACTSHIP_KEY);
    let policy = quick_retries(3);
    let bound =
        (REQUEST_TIMEOUT + policy.max_delay()) * policy.max_attempts() + Duration::from_millis(500);
    client.set_retry_policy(policy);

    let started = Instant::now();
    let error = unified_thread(&client, "thr-1")
        .await
        .expect_err("too slow");
    let elapsed = started.elapsed();

    assert_eq!(error.kind(), ErrorKind::Timeout, "{error:?}");
    assert!(elapsed >= REQUEST_TIMEOUT * 3, "took {elapsed:?}");
    assert!(elapsed < bound, "took {elapsed:?}, bound {bound:?}");
    assert_eq!(mock.calls_async().await, 3);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_slow_server_gives_a_timeout_through_a_generated_builder() {
    let server = MockServer::start_async().await;
    let _mock = slow_mock(&server).await;
    let mut client = contactship::Client::new_with_client(&server.base_url(), impatient_http());
    client.set_retry_policy(RetryPolicy::disabled());

    let started = Instant::now();
    let error = client
        .get_thread()
        .thread_id("thr-1")
        .send()
        .await
        .expect_err("too slow");

    assert!(started.elapsed() < Duration::from_secs(1));
    match error {
        contactship::Error::CommunicationError(source) => assert!(source.is_timeout()),
        other => panic!("expected a communication error, got {other:?}"),
    }
}

/// The deadline stops retries, not an attempt under way: the total is at
/// most the deadline plus one request timeout (`Timeouts::request` says the
/// deadline "bounds them all").
#[tokio::test(flavor = "multi_thread")]
async fn the_deadline_bounds_retries_to_within_one_request_timeout() {
    let server = MockServer::start_async().await;
    let mock = slow_mock(&server).await;
    let mut client = contactship::Client::new_with_client(&server.base_url(), impatient_http());
    let deadline = Duration::from_millis(300);
    client.set_retry_policy(quick_retries(10).with_deadline(Some(deadline)));

    let started = Instant::now();
    let error = unified_thread(&client, "thr-1")
        .await
        .expect_err("too slow");
    let elapsed = started.elapsed();

    assert_eq!(error.kind(), ErrorKind::Timeout, "{error:?}");
    // Two attempts: the second starts before the deadline and runs its
    // full timeout past it.
    assert_eq!(mock.calls_async().await, 2);
    assert!(
        elapsed < deadline + REQUEST_TIMEOUT + Duration::from_millis(200),
        "took {elapsed:?}"
    );
}
