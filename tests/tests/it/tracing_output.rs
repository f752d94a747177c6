//! The tracing output of a request: a span per attempt with provider,
//! operation, method, path, attempt, status and latency, and never the
//! credential.
//!
//! Its own test binary, so its own process: `tracing` caches per call site
//! whether anyone listens, and a scoped subscriber set in one test thread
//! races with call sites first hit, unheard, by tests in other threads.

use std::io;
use std::sync::{Arc, Mutex};

use contactship_client as contactship;
use conversations::ConversationsClient;
use httpmock::Method::GET;
use httpmock::MockServer;

const SECRET: &str = "SECRET-tracing-4d1f";

/// A writer that keeps everything written to it.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0
            .lock()
            .map_err(|_| io::Error::other("poisoned"))?
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

// Single-threaded runtime: the request and reqwest's and hyper's connection
// tasks all run on this thread, under the subscriber set below.
#[tokio::test]
async fn tracing_shows_each_attempt_and_never_the_credential() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start_async().await;
    let busy = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/thread/thr-busy")
                .header("x-api-key", SECRET);
            then.status(503);
        })
        .await;
    let fine = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/thread/thr-1")
                .header("x-api-key", SECRET);
            then.status(200)
                .header("content-type", "application/json")
                .body(r#"{"id": "thr-1", "status": "open"}"#);
        })
        .await;
    let mut client = contactship::Client::with_api_key(&server.base_url(), SECRET);
    client.set_retry_policy(
        contactship::RetryPolicy::default()
            .with_max_attempts(2)
            .with_initial_delay(std::time::Duration::from_millis(5)),
    );

    let error = ConversationsClient::get_thread(&client, "thr-busy")
        .await
        .expect_err("503 twice");
    let thread = ConversationsClient::get_thread(&client, "thr-1")
        .await
        .expect("200");

    assert_eq!(error.status().map(|s| s.as_u16()), Some(503));
    assert_eq!(thread.id, "thr-1");
    assert_eq!(busy.calls_async().await, 2);
    assert_eq!(fine.calls_async().await, 1);
    let output = String::from_utf8_lossy(&captured.0.lock().expect("buffer")).into_owned();
    for expected in [
        "http_attempt",
        "provider=\"contactship\"",
        "operation=\"get_thread\"",
        "method=GET",
        "path=/v1/thread/thr-busy",
        "attempt=1",
        "attempt=2",
        "status=503",
        "status=200",
        "latency_ms=",
        "retrying",
    ] {
        assert!(
            output.contains(expected),
            "tracing output lacks {expected:?}:\n{output}"
        );
    }
    assert!(
        !output.contains(SECRET),
        "the credential is in the tracing output:\n{output}"
    );
    assert!(!output.contains("x-api-key"), "{output}");
}
