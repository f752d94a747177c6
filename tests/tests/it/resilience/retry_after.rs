//! 1. Retry-After.

use super::*;

// ---------------------------------------------------------------------------
// 1. Retry-After
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn retry_after_seconds_delays_the_retry_of_conversations_get_thread() {
    let server = MockServer::start_async().await;
    let (mock, arrivals) = scripted(&server, "/v1/thread/thr-1", |n| match n {
        0 => retry_after_response(429, "1"),
        _ => json_response(200, &contactship_thread_json("thr-1")),
    })
    .await;
    // The default policy: its 20 s max delay does not cap a 1 s Retry-After.
    let client = contactship::Client::with_api_key(&server.base_url(), CONTACTSHIP_KEY);

    let started = Instant::now();
    let thread = unified_thread(&client, "thr-1")
        .await
        .expect("the retry succeeds");
    let elapsed = started.elapsed();

    assert_eq!(thread.id, "thr-1");
    assert_eq!(thread.status, conversations::ThreadStatus::Open);
    assert_eq!(mock.calls_async().await, 2);
    let arrivals = arrivals_of(&arrivals);
    let gap = arrivals[1] - arrivals[0];
    assert!(gap >= Duration::from_secs(1), "retried after {gap:?}");
    assert!(elapsed >= Duration::from_secs(1), "took {elapsed:?}");
    assert!(elapsed < Duration::from_millis(2500), "took {elapsed:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn retry_after_seconds_delays_the_retry_of_a_generated_builder() {
    let server = MockServer::start_async().await;
    let (mock, arrivals) = scripted(&server, "/v1/thread/thr-1", |n| match n {
        0 => retry_after_response(429, "1"),
        _ => json_response(200, &contactship_thread_json("thr-1")),
    })
    .await;
    let client = contactship::Client::with_api_key(&server.base_url(), CONTACTSHIP_KEY);

    let started = Instant::now();
    let response = client
        .get_thread()
        .thread_id("thr-1")
        .send()
        .await
        .expect("the retry succeeds");
    let elapsed = started.elapsed();

    assert_eq!(response.status(), 200);
    assert_eq!(response.into_inner().id.as_deref(), Some("thr-1"));
    assert_eq!(mock.calls_async().await, 2);
    let arrivals = arrivals_of(&arrivals);
    assert!(arrivals[1] - arrivals[0] >= Duration::from_secs(1));
    assert!(elapsed >= Duration::from_secs(1), "took {elapsed:?}");
    assert!(elapsed < Duration::from_millis(2500), "took {elapsed:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn retry_after_http_date_waits_until_that_date() {
    // The date is computed when the server answers: two seconds ahead,
    // truncated to the second as HTTP-dates are, so 1-2 s from then.
    let targets: Arc<Mutex<Vec<chrono::DateTime<chrono::Utc>>>> = Arc::default();
    let written = Arc::clone(&targets);
    let server = MockServer::start_async().await;
    let (mock, arrivals) = scripted(&server, "/v1/thread/thr-1", move |n| match n {
        0 => {
            let at = chrono::Utc::now() + chrono::Duration::seconds(2);
            let date = at.format("%a, %d %b %Y %H:%M:%S GMT").to_string();
            let target = chrono::DateTime::parse_from_rfc2822(&date.replace("GMT", "+0000"))
                .expect("an HTTP-date is RFC 2822")
                .with_timezone(&chrono::Utc);
            written.lock().expect("targets lock").push(target);
            retry_after_response(503, &date)
        }
        _ => json_response(200, &contactship_thread_json("thr-1")),
    })
    .await;
    let client = contactship::Client::with_api_key(&server.base_url(), CONTACTSHIP_KEY);

    let started = Instant::now();
    let thread = unified_thread(&client, "thr-1")
        .await
        .expect("the retry succeeds");
    let retried_at = chrono::Utc::now();
    let elapsed = started.elapsed();

    assert_eq!(thread.id, "thr-1");
    assert_eq!(mock.calls_async().await, 2);
    let target = targets.lock().expect("targets lock")[0];
    // The retry is not sent before the date the server named (a few ms of
    // slack for the wall clock's resolution).
    assert!(
        retried_at + chrono::Duration::milliseconds(5) >= target,
        "retried at {retried_at}, before {target}"
    );
    let arrivals = arrivals_of(&arrivals);
    let gap = arrivals[1] - arrivals[0];
    assert!(gap >= Duration::from_millis(900), "retried after {gap:?}");
    assert!(elapsed < Duration::from_secs(3), "took {elapsed:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn retry_after_longer_than_max_delay_is_capped() {
    let server = MockServer::start_async().await;
    let (mock, arrivals) = scripted(&server, "/v1/thread/thr-1", |n| match n {
        0 => retry_after_response(429, "60"),
        _ => json_response(200, &contactship_thread_json("thr-1")),
    })
    .await;
    let mut client = contactship::Client::with_api_key(&server.base_url(), CONTACTSHIP_KEY);
    client.set_retry_policy(RetryPolicy::default().with_max_delay(Duration::from_millis(200)));

    let started = Instant::now();
    let thread = unified_thread(&client, "thr-1")
        .await
        .expect("the retry succeeds");
    let elapsed = started.elapsed();

    assert_eq!(thread.id, "thr-1");
    assert_eq!(mock.calls_async().await, 2);
    let arrivals = arrivals_of(&arrivals);
    let gap = arrivals[1] - arrivals[0];
    assert!(gap >= Duration::from_millis(200), "retried after {gap:?}");
    assert!(elapsed < Duration::from_secs(2), "took {elapsed:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn no_retry_when_retry_after_would_pass_the_deadline() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/v1/thread/thr-1");
            then.status(429).header("retry-after", "1");
        })
        .await;
    let mut client = contactship::Client::with_api_key(&server.base_url(), CONTACTSHIP_KEY);
    client.set_retry_policy(
        RetryPolicy::default()
            .with_max_attempts(5)
            .with_deadline(Some(Duration::from_millis(500))),
    );

    let started = Instant::now();
    let error = unified_thread(&client, "thr-1")
        .await
        .expect_err("429 every time");
    let elapsed = started.elapsed();

    assert_eq!(mock.calls_async().await, 1);
    assert_eq!(error.status(), Some(reqwest::StatusCode::TOO_MANY_REQUESTS));
    assert!(error.is_retryable());
    assert!(elapsed < Duration::from_millis(500), "took {elapsed:?}");
}
