//! Go!Chat's bearer tokens from its password grant (`x-token-grant` on the
//! bearer scheme, `POST /api/v1/token`): one token request for many calls and
//! clients, a new token after the documented lifetime, one new token and one
//! resend after a `401`, the token endpoint's refusal kept whole, and neither
//! the password nor a token in `Debug` output or traces.
//!
//! Its own test binary, so that the tracing test's subscriber hears every
//! call site (see tracing_output.rs).

use std::io;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use gochat::ClientInfo as _;
use gochat_client as gochat;
use httpmock::Method::{GET, POST};
use httpmock::{Mock, MockServer};
use serde_json::json;

const USERNAME: &str = "bot@example.com";
const PASSWORD: &str = "algoreg-api-key-PASSWORD-DO-NOT-LEAK";
const TOKEN: &str = "algoreg-bearer-TOKEN-1-DO-NOT-LEAK";
const NEW_TOKEN: &str = "algoreg-bearer-TOKEN-2-DO-NOT-LEAK";

/// The token endpoint, answering `token` to the documented password grant
/// of `USERNAME` and `PASSWORD` (and to nothing else).
async fn token_endpoint<'a>(server: &'a MockServer, token: &str) -> Mock<'a> {
    let token = token.to_owned();
    server
        .mock_async(move |when, then| {
            when.method(POST)
                .path("/api/v1/token")
                .header_missing("authorization")
                .json_body(json!({
                    "grant_type": "password",
                    "username": USERNAME,
                    "password": PASSWORD
                }));
            then.status(200)
                .header("content-type", "application/json")
                .json_body(json!({ "access_token": token }));
        })
        .await
}

/// `GET /api/v1/thread/{id}` with `Authorization: Bearer <token>`, answered
/// `status` (a thread for 200).
async fn thread_with<'a>(server: &'a MockServer, token: &str, status: u16) -> Mock<'a> {
    let bearer = format!("Bearer {token}");
    server
        .mock_async(move |when, then| {
            when.method(GET)
                .path("/api/v1/thread/t-1")
                .header("authorization", bearer);
            let then = then
                .status(status)
                .header("content-type", "application/json");
            if status == 200 {
                then.json_body(json!({ "id": "t-1", "message_count": 7 }));
            } else {
                then.json_body(
                    json!({ "errors": [{ "code": "unauthorized", "message": "token expired" }] }),
                );
            }
        })
        .await
}

async fn subject(client: &gochat::Client) -> Option<i64> {
    let thread = client
        .get_thread()
        .id("t-1")
        .send()
        .await
        .expect("the thread")
        .into_inner();
    thread.message_count
}

#[tokio::test]
async fn many_calls_and_clones_share_one_token_request() {
    let server = MockServer::start_async().await;
    let token = token_endpoint(&server, TOKEN).await;
    let thread = thread_with(&server, TOKEN, 200).await;
    let client = gochat::Client::with_password_grant(&server.base_url(), USERNAME, PASSWORD);
    let clone = client.clone();
    // Another client given the same grant shares its token too.
    let mut other = gochat::Client::new(&server.base_url());
    other.set_password_grant(
        client
            .inner()
            .credential()
            .and_then(|c| c.grant())
            .expect("a password grant")
            .clone(),
    );

    for c in [&client, &clone, &other, &client] {
        assert_eq!(subject(c).await, Some(7));
    }
    // Concurrent first calls of a fresh client still make one request.
    let fresh = gochat::Client::with_password_grant(&server.base_url(), USERNAME, PASSWORD);
    let (a, b) = tokio::join!(subject(&fresh), subject(&fresh));
    assert_eq!((a, b), (Some(7), Some(7)));

    assert_eq!(token.calls_async().await, 2, "one per grant");
    assert_eq!(thread.calls_async().await, 6);
}

#[tokio::test]
async fn a_token_past_its_lifetime_is_replaced_before_the_call() {
    let server = MockServer::start_async().await;
    let token = token_endpoint(&server, TOKEN).await;
    let thread = thread_with(&server, TOKEN, 200).await;
    let mut client = gochat::Client::new(&server.base_url());
    let grant = client_runtime::PasswordGrant::new(
        format!("{}/api/v1/token", server.base_url()),
        USERNAME,
        PASSWORD,
        Duration::from_millis(400),
    );
    client.set_password_grant(grant);

    subject(&client).await;
    subject(&client).await;
    assert_eq!(token.calls_async().await, 1, "still fresh");
    tokio::time::sleep(Duration::from_millis(450)).await;
    subject(&client).await;
    assert_eq!(token.calls_async().await, 2, "expired, so asked again");
    assert_eq!(thread.calls_async().await, 3);
}

#[tokio::test]
async fn a_401_gets_a_new_token_and_one_resend() {
    let server = MockServer::start_async().await;
    let first_token = token_endpoint(&server, TOKEN).await;
    let accepted = thread_with(&server, TOKEN, 200).await;
    let client = gochat::Client::with_password_grant(&server.base_url(), USERNAME, PASSWORD);
    subject(&client).await;

    // The server now refuses the cached token and hands out a new one.
    first_token.delete_async().await;
    accepted.delete_async().await;
    let refused = thread_with(&server, TOKEN, 401).await;
    let new_token = token_endpoint(&server, NEW_TOKEN).await;
    let with_new = thread_with(&server, NEW_TOKEN, 200).await;

    assert_eq!(subject(&client).await, Some(7));
    assert_eq!(refused.calls_async().await, 1);
    assert_eq!(new_token.calls_async().await, 1);
    assert_eq!(with_new.calls_async().await, 1);
}

#[tokio::test]
async fn a_401_to_the_new_token_too_is_the_answer_after_one_resend() {
    let server = MockServer::start_async().await;
    let token = token_endpoint(&server, TOKEN).await;
    let refused = thread_with(&server, TOKEN, 401).await;
    let client = gochat::Client::with_password_grant(&server.base_url(), USERNAME, PASSWORD);

    let error = client
        .get_thread()
        .id("t-1")
        .send()
        .await
        .expect_err("refused");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(401));
    assert_eq!(
        token.calls_async().await,
        2,
        "the first token and one replacement"
    );
    assert_eq!(
        refused.calls_async().await,
        2,
        "the call and one resend, no loop"
    );
}

#[tokio::test]
async fn a_refused_password_is_the_token_endpoints_answer_and_not_retried() {
    let server = MockServer::start_async().await;
    let token = server
        .mock_async(|when, then| {
            when.method(POST).path("/api/v1/token");
            then.status(401)
                .header("content-type", "application/json")
                .body(r#"{"errors":[{"code":"invalid_credentials","message":"wrong password"}]}"#);
        })
        .await;
    let thread = thread_with(&server, TOKEN, 200).await;
    let client = gochat::Client::with_password_grant(&server.base_url(), USERNAME, PASSWORD);

    let error = client
        .get_thread()
        .id("t-1")
        .send()
        .await
        .expect_err("no token");
    let gochat::Error::UnexpectedResponse(response) = error else {
        panic!("expected the token endpoint's answer, got {error:?}");
    };
    assert_eq!(response.status().as_u16(), 401);
    assert_eq!(
        response.text().await.expect("the body"),
        r#"{"errors":[{"code":"invalid_credentials","message":"wrong password"}]}"#
    );
    assert_eq!(
        token.calls_async().await,
        1,
        "a wrong password is never sent twice"
    );
    assert_eq!(thread.calls_async().await, 0);
}

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

// Single-threaded runtime: every task runs under the subscriber set below.
#[tokio::test]
async fn neither_password_nor_token_in_debug_or_traces() {
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
    let _token = token_endpoint(&server, TOKEN).await;
    let refused = thread_with(&server, TOKEN, 401).await;
    let client = gochat::Client::with_password_grant(&server.base_url(), USERNAME, PASSWORD);
    let error = client.get_thread().id("t-1").send().await.expect_err("401");
    assert_eq!(refused.calls_async().await, 2);

    let logs = String::from_utf8(captured.0.lock().expect("logs").clone()).expect("UTF-8");
    assert!(
        logs.contains("token_request"),
        "the token request is traced: {logs}"
    );
    assert!(logs.contains("http_attempt"), "{logs}");
    let shown = [
        format!("{client:?}"),
        format!("{:?}", client.inner()),
        format!("{error:?}"),
        format!("{error}"),
        logs,
    ];
    for text in shown {
        for secret in [PASSWORD, TOKEN] {
            assert!(!text.contains(secret), "{secret} shown in: {text}");
        }
    }
}
