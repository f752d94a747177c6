//! 6. The credential never shows.

use super::*;

// ---------------------------------------------------------------------------
// 6. The credential never shows
// ---------------------------------------------------------------------------

fn assert_no_secret(what: &str, shown: &str) {
    assert!(
        !shown.contains(SECRET),
        "{what} shows the credential: {shown}"
    );
}

/// The four clients, each with its credential, against `base_url` through
/// `http`, each with `policy`.
pub(super) fn four_clients(
    base_urls: [&str; 4],
    http: &reqwest::Client,
    policy: &RetryPolicy,
) -> Vec<Box<dyn ConversationsClient>> {
    let mut c = contactship::Client::new_with_client(base_urls[0], http.clone());
    c.set_api_key(CONTACTSHIP_KEY);
    c.set_retry_policy(policy.clone());
    let mut h = hubspot::Client::new_with_client(base_urls[1], http.clone());
    h.set_bearer_token(HUBSPOT_TOKEN);
    h.set_retry_policy(policy.clone());
    let mut d = delightbridge::Client::new_with_client(base_urls[2], http.clone());
    d.set_authjs_session_token_cookie(DELIGHTBRIDGE_SESSION);
    d.set_retry_policy(policy.clone());
    let mut g = gochat::Client::new_with_client(base_urls[3], http.clone());
    g.set_bearer_token(GOCHAT_TOKEN);
    g.set_retry_policy(policy.clone());
    vec![Box::new(c), Box::new(h), Box::new(d), Box::new(g)]
}

/// Requires the provider's credential on the request, so that an error
/// produced by a matching mock proves the secret was sent.
pub(super) fn with_credential(when: httpmock::When, provider: Provider) -> httpmock::When {
    match provider {
        Provider::Contactship => when.header("x-api-key", CONTACTSHIP_KEY),
        Provider::Hubspot => when.header("authorization", format!("Bearer {HUBSPOT_TOKEN}")),
        Provider::Delightbridge => when.header(
            "cookie",
            format!("authjs.session-token={DELIGHTBRIDGE_SESSION}"),
        ),
        Provider::Gochat => when.header("authorization", format!("Bearer {GOCHAT_TOKEN}")),
    }
}

pub(super) const PROVIDERS: [Provider; 4] = [
    Provider::Contactship,
    Provider::Hubspot,
    Provider::Delightbridge,
    Provider::Gochat,
];

#[test]
fn debug_of_the_four_clients_never_shows_the_credential() {
    let http = reqwest::Client::new();
    let shown = [
        format!(
            "{:?}",
            contactship::Client::with_api_key("http://127.0.0.1:1", CONTACTSHIP_KEY)
        ),
        format!(
            "{:?}",
            hubspot::Client::with_bearer_token("http://127.0.0.1:1", HUBSPOT_TOKEN)
        ),
        format!(
            "{:?}",
            delightbridge::Client::with_authjs_session_token_cookie(
                "http://127.0.0.1:1",
                DELIGHTBRIDGE_SESSION
            )
        ),
        format!(
            "{:?}",
            gochat::Client::with_bearer_token("http://127.0.0.1:1", GOCHAT_TOKEN)
        ),
    ];
    for shown in &shown {
        assert_no_secret("Debug of a client", shown);
        assert!(shown.contains("[REDACTED]"), "{shown}");
    }
    // Set after construction, on a caller's HTTP client.
    let mut c = contactship::Client::new_with_client("http://127.0.0.1:1", http);
    c.set_api_key(CONTACTSHIP_KEY);
    assert_no_secret("Debug of a client", &format!("{c:?} {c:#?}"));
}

/// Status, decode, timeout and transport errors of the four clients: neither
/// `Display` nor `Debug` shows the credential.
#[tokio::test(flavor = "multi_thread")]
async fn no_error_of_any_kind_shows_the_credential() {
    let mut seen = Vec::new();

    // Status (401) and decode: one server per provider, the credential required.
    for (answer, kind) in [
        ((401, r#"{"error":"bad credential"}"#), ErrorKind::Status),
        ((200, TRUNCATED), ErrorKind::Decode),
    ] {
        let servers = [
            MockServer::start_async().await,
            MockServer::start_async().await,
            MockServer::start_async().await,
            MockServer::start_async().await,
        ];
        let mut mocks = Vec::new();
        for (server, provider) in servers.iter().zip(PROVIDERS) {
            mocks.push(
                server
                    .mock_async(|when, then| {
                        with_credential(when.method(GET), provider);
                        then.status(answer.0).body(answer.1);
                    })
                    .await,
            );
        }
        let urls = servers.each_ref().map(|s| s.base_url());
        let clients = four_clients(
            urls.each_ref().map(String::as_str),
            &reqwest::Client::new(),
            &RetryPolicy::disabled(),
        );
        for (client, mock) in clients.iter().zip(&mocks) {
            let error = client.get_thread("42").await.expect_err("an error");
            assert_eq!(error.kind(), kind, "{} {error:?}", client.provider());
            assert_eq!(mock.calls_async().await, 1, "{}", client.provider());
            seen.push(error);
        }
    }

    // Timeout: a server slower than the client.
    let server = MockServer::start_async().await;
    let _slow = slow_mock(&server).await;
    let url = server.base_url();
    for client in four_clients(
        [url.as_str(); 4],
        &impatient_http(),
        &RetryPolicy::disabled(),
    ) {
        let error = client.get_thread("42").await.expect_err("too slow");
        assert_eq!(error.kind(), ErrorKind::Timeout, "{error:?}");
        seen.push(error);
    }

    // Transport: a port nobody listens on.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a port");
        format!("http://{}", listener.local_addr().expect("an address"))
    };
    for client in four_clients(
        [closed.as_str(); 4],
        &reqwest::Client::new(),
        &RetryPolicy::disabled(),
    ) {
        let error = client.get_thread("42").await.expect_err("nobody listens");
        assert_eq!(error.kind(), ErrorKind::Transport, "{error:?}");
        assert!(error.is_retryable());
        seen.push(error);
    }

    assert_eq!(seen.len(), 16);
    for error in &seen {
        assert_no_secret("Display of an error", &error.to_string());
        assert_no_secret("Debug of an error", &format!("{error:?}"));
        assert_no_secret("alternate Debug of an error", &format!("{error:#?}"));
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            assert_no_secret("a cause of an error", &format!("{cause} {cause:?}"));
            source = cause.source();
        }
        assert_one_line(error);
    }
}

/// Serves a 302 to `target` for every request to `server`.
async fn redirect_to<'a>(server: &'a MockServer, target: &MockServer) -> httpmock::Mock<'a> {
    let location = target.url("/v1/thread/thr-1");
    server
        .mock_async(|when, then| {
            when.method(GET);
            then.status(302).header("location", location);
        })
        .await
}

/// `Authorization` and `Cookie` are dropped by reqwest when a redirect goes
/// to another origin (here another port).
#[tokio::test]
async fn bearer_and_cookie_credentials_are_not_sent_to_another_origin_on_redirect() {
    for provider in [Provider::Hubspot, Provider::Delightbridge, Provider::Gochat] {
        let (first, second) = (
            MockServer::start_async().await,
            MockServer::start_async().await,
        );
        let _redirect = redirect_to(&first, &second).await;
        let leak = second
            .mock_async(|when, then| {
                when.is_true(|req: &HttpMockRequest| {
                    req.headers_vec()
                        .iter()
                        .any(|(_, value)| value.contains(SECRET))
                });
                then.status(418);
            })
            .await;
        let followed = second
            .mock_async(|when, then| {
                when.is_false(|req: &HttpMockRequest| {
                    req.headers_vec()
                        .iter()
                        .any(|(_, value)| value.contains(SECRET))
                });
                then.status(404);
            })
            .await;
        let url = first.base_url();
        let clients = four_clients(
            [url.as_str(); 4],
            &reqwest::Client::new(),
            &RetryPolicy::disabled(),
        );
        let client = clients
            .iter()
            .find(|c| c.provider() == provider)
            .expect("the provider's client");

        let _ = client.get_thread("42").await;

        assert_eq!(
            leak.calls_async().await,
            0,
            "{provider} sent its credential to another origin"
        );
        assert_eq!(
            followed.calls_async().await,
            1,
            "{provider} followed the redirect"
        );
    }
}

/// Contactship's API key goes in `x-api-key`, which reqwest does not know to
/// be sensitive: a redirect to another origin receives it.
#[tokio::test]
async fn an_api_key_header_is_not_sent_to_another_origin_on_redirect() {
    let (first, second) = (
        MockServer::start_async().await,
        MockServer::start_async().await,
    );
    let _redirect = redirect_to(&first, &second).await;
    let leak = second
        .mock_async(|when, then| {
            when.header_exists("x-api-key");
            then.status(418);
        })
        .await;
    let client = contactship::Client::with_api_key(&first.base_url(), CONTACTSHIP_KEY);

    let _ = unified_thread(&client, "thr-1").await;

    assert_eq!(
        leak.calls_async().await,
        0,
        "the API key was sent to another origin"
    );
}
