//! Credentials: how each client sends them, and that they never show.

use super::*;

// ---------------------------------------------------------------------------
// Credentials
// ---------------------------------------------------------------------------

fn assert_hidden(shown: &str, secret: &str) {
    assert!(!shown.contains(secret), "the secret leaks: {shown}");
    assert!(shown.contains("[REDACTED]"), "no redaction marker: {shown}");
}

#[test]
fn debug_of_every_client_never_shows_the_credential() {
    let url = "http://127.0.0.1:9";

    let client = contactship::Client::with_api_key(url, CONTACTSHIP_API_KEY);
    assert_hidden(&format!("{client:?}"), CONTACTSHIP_API_KEY);
    assert_hidden(&format!("{client:#?}"), CONTACTSHIP_API_KEY);
    assert_hidden(
        &format!("{:?}", client.get_thread().thread_id("thr-1")),
        CONTACTSHIP_API_KEY,
    );
    let mut client = contactship::Client::new(url);
    client.set_api_key(CONTACTSHIP_API_KEY);
    assert_hidden(&format!("{client:?}"), CONTACTSHIP_API_KEY);

    let client = hubspot::Client::with_bearer_token(url, HUBSPOT_TOKEN);
    assert_hidden(&format!("{client:?}"), HUBSPOT_TOKEN);
    assert_hidden(&format!("{client:#?}"), HUBSPOT_TOKEN);
    assert_hidden(
        &format!("{:?}", client.get_thread().thread_id(1)),
        HUBSPOT_TOKEN,
    );
    let mut client = hubspot::Client::new(url);
    client.set_bearer_token(HUBSPOT_TOKEN);
    assert_hidden(&format!("{client:?}"), HUBSPOT_TOKEN);

    let client =
        delightbridge::Client::with_authjs_session_token_cookie(url, DELIGHTBRIDGE_SESSION);
    assert_hidden(&format!("{client:?}"), DELIGHTBRIDGE_SESSION);
    assert_hidden(&format!("{client:#?}"), DELIGHTBRIDGE_SESSION);
    assert_hidden(
        &format!("{:?}", client.get_thread().id("t")),
        DELIGHTBRIDGE_SESSION,
    );
    let mut client = delightbridge::Client::new(url);
    client.set_authjs_session_token_cookie(DELIGHTBRIDGE_SESSION);
    assert_hidden(&format!("{client:?}"), DELIGHTBRIDGE_SESSION);

    let client = gochat::Client::with_bearer_token(url, GOCHAT_TOKEN);
    assert_hidden(&format!("{client:?}"), GOCHAT_TOKEN);
    assert_hidden(&format!("{client:#?}"), GOCHAT_TOKEN);
    assert_hidden(&format!("{:?}", client.get_thread().id("t")), GOCHAT_TOKEN);
    let mut client = gochat::Client::new(url);
    client.set_bearer_token(GOCHAT_TOKEN);
    assert_hidden(&format!("{client:?}"), GOCHAT_TOKEN);
}

/// Matches only a request that carries none of the four providers' credential
/// headers, nor the `api-version` header progenitor would add (no provider
/// documents it; the generated hooks remove it).
fn without_credentials(when: httpmock::When) -> httpmock::When {
    when.header_missing("authorization")
        .header_missing("x-api-key")
        .header_missing("cookie")
        .header_missing("api-version")
}

#[tokio::test]
async fn clients_built_with_new_send_no_credential_header() {
    let server = MockServer::start_async().await;
    let contactship_mock = server
        .mock_async(|when, then| {
            without_credentials(when.method(GET).path("/v1/thread/thr-anon"));
            then.status(200).json_body(json!({ "id": "thr-anon" }));
        })
        .await;
    let hubspot_mock = server
        .mock_async(|when, then| {
            without_credentials(
                when.method(GET)
                    .path("/conversations/v3/conversations/threads/1"),
            );
            then.status(200).json_body(hubspot_thread_example_json());
        })
        .await;
    let delightbridge_mock = server
        .mock_async(|when, then| {
            without_credentials(when.method(GET).path("/api/threads/anon"));
            then.status(200).json_body(json!({ "id": "anon" }));
        })
        .await;
    let gochat_mock = server
        .mock_async(|when, then| {
            without_credentials(when.method(GET).path("/api/v1/thread/anon"));
            then.status(200).json_body(json!({ "id": "anon" }));
        })
        .await;
    let url = server.base_url();

    let thread = contactship::Client::new(&url)
        .get_thread()
        .thread_id("thr-anon")
        .send()
        .await
        .expect("sent without a credential")
        .into_inner();
    assert_eq!(thread.id.as_deref(), Some("thr-anon"));
    let thread = hubspot::Client::new(&url)
        .get_thread()
        .thread_id(1)
        .send()
        .await
        .expect("sent without a credential")
        .into_inner();
    assert_eq!(thread, hubspot_thread_example());
    let thread = delightbridge::Client::new(&url)
        .get_thread()
        .id("anon")
        .send()
        .await
        .expect("sent without a credential")
        .into_inner();
    assert_eq!(thread.id.as_deref(), Some("anon"));
    let thread = gochat::Client::new(&url)
        .get_thread()
        .id("anon")
        .send()
        .await
        .expect("sent without a credential")
        .into_inner();
    assert_eq!(thread.id.as_deref(), Some("anon"));

    contactship_mock.assert_async().await;
    hubspot_mock.assert_async().await;
    delightbridge_mock.assert_async().await;
    gochat_mock.assert_async().await;
}

#[tokio::test]
async fn setters_on_a_client_built_with_new_send_the_latest_credential() {
    let server = MockServer::start_async().await;
    let contactship_mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/v1/thread/thr-set")
                .header("x-api-key", CONTACTSHIP_API_KEY)
                .header_count("x-api-key", ".*", 1);
            then.status(200).json_body(json!({ "id": "thr-set" }));
        })
        .await;
    let gochat_mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path("/api/v1/thread/set")
                .header("authorization", format!("Bearer {GOCHAT_TOKEN}"));
            then.status(200).json_body(json!({ "id": "set" }));
        })
        .await;
    let delightbridge_mock = server
        .mock_async(|when, then| {
            when.method(GET).path("/api/threads/set").header(
                "cookie",
                format!("authjs.session-token={DELIGHTBRIDGE_SESSION}"),
            );
            then.status(200).json_body(json!({ "id": "set" }));
        })
        .await;
    let url = server.base_url();

    let mut client = contactship::Client::new_with_client(&url, reqwest::Client::new());
    client.set_api_key("an-older-key");
    client.set_api_key(CONTACTSHIP_API_KEY);
    let thread = client
        .get_thread()
        .thread_id("thr-set")
        .send()
        .await
        .expect("sent with the latest key")
        .into_inner();
    assert_eq!(thread.id.as_deref(), Some("thr-set"));

    let mut client = gochat::Client::new(&url);
    client.set_bearer_token("an-older-token");
    client.set_bearer_token(GOCHAT_TOKEN);
    let thread = client
        .get_thread()
        .id("set")
        .send()
        .await
        .expect("sent with the latest token")
        .into_inner();
    assert_eq!(thread.id.as_deref(), Some("set"));

    let mut client = delightbridge::Client::new(&url);
    client.set_authjs_session_token_cookie("an-older-session");
    client.set_authjs_session_token_cookie(DELIGHTBRIDGE_SESSION);
    let thread = client
        .get_thread()
        .id("set")
        .send()
        .await
        .expect("sent with the latest session")
        .into_inner();
    assert_eq!(thread.id.as_deref(), Some("set"));

    contactship_mock.assert_async().await;
    gochat_mock.assert_async().await;
    delightbridge_mock.assert_async().await;
}
