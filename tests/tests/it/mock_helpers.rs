//! The typed httpmock helpers of the generated clients, used as a downstream
//! crate would use them: a worked example for each of the four clients.
//!
//! Each client crate has, behind its cargo feature `mock`, a module `mock`
//! with an extension trait `MockServerExt` on `httpmock::MockServer`: one
//! method per operation, named after the operation, whose `when` and `then`
//! take the crate's own types: path parameters by name, query parameters
//! with their types, and one `then` method per documented response
//! (`ok(&types::Thread)`, `not_found(...)`, ...).
//!
//! ```toml
//! [dev-dependencies]
//! contactship-client = { path = "...", features = ["mock"] }
//! httpmock = "0.8"
//! ```
//!
//! ```rust,ignore
//! use contactship_client::mock::MockServerExt as _;
//! use contactship_client::types;
//!
//! let server = httpmock::MockServer::start_async().await;
//! let mock = server.get_thread(|when, then| {
//!     when.thread_id("thr-1");
//!     then.ok(&types::Thread { id: Some("thr-1".into()), ..Default::default() });
//! });
//! let client = contactship_client::Client::with_api_key(&server.base_url(), "key");
//! let thread = client.get_thread().thread_id("thr-1").send().await?.into_inner();
//! assert_eq!(thread.id.as_deref(), Some("thr-1"));
//! mock.assert_calls_async(1).await;
//! ```
//!
//! Things to know:
//! - The four traits all add a `get_thread` method to `MockServer`, so import
//!   one per scope (this file has a module per provider).
//! - The wrappers are consumed by value; `when.thread_id(..)` on its own line
//!   is enough, and `into_inner()` gives httpmock's `When`/`Then` for what
//!   the helpers do not cover (a header with the credential, a delay, a
//!   status the spec does not document).
//! - The helpers are synchronous (`MockServer::mock`); they work inside
//!   `#[tokio::test]`.

use std::time::Duration;

use conversations::{ConversationsClient, RetryPolicy};

/// Calls the trait method: on a concrete client, `client.get_thread(..)`
/// names the generated builder method (inherent methods win).
async fn unified_thread(
    client: &dyn ConversationsClient,
    id: &str,
) -> Result<conversations::Thread, conversations::Error> {
    client.get_thread(id).await
}

fn some(text: &str) -> Option<String> {
    Some(text.to_owned())
}

mod contactship {
    use super::*;
    use contactship_client::mock::MockServerExt as _;
    use contactship_client::{Client, types};

    const KEY: &str = "cs-test-key";

    fn thread() -> types::Thread {
        types::Thread {
            id: some("thr-1"),
            channel_id: some("chn-1"),
            channel_type: Some(types::ThreadChannelType::Waba),
            contact_id: some("c-1"),
            organization_id: some("org-1"),
            status: Some(types::ThreadStatus::Open),
            assignee: some("u-1"),
            assignee_type: Some(types::ThreadAssigneeType::User),
            created_at: some("2026-04-06T15:00:00Z"),
            updated_at: some("2026-04-06T15:05:00Z"),
        }
    }

    fn message() -> types::Message {
        types::Message {
            id: some("msg-1"),
            thread_id: some("thr-1"),
            content: some("Hello!"),
            role: Some(types::MessageRole::Human),
            source: Some(types::MessageSource::Whatsapp),
            status: Some(types::MessageStatus::Delivered),
            type_: Some(types::MessageType::Text),
            from: some("+15550100"),
            ..Default::default()
        }
    }

    #[tokio::test]
    async fn get_thread_ok_serves_the_typed_value() {
        let server = httpmock::MockServer::start_async().await;
        let mock = server.get_thread(|when, then| {
            // Path parameter by name; then the credential, with httpmock's own API.
            when.thread_id("thr-1")
                .into_inner()
                .header("x-api-key", KEY);
            then.ok(&thread());
        });
        let client = Client::with_api_key(&server.base_url(), KEY);

        let response = client
            .get_thread()
            .thread_id("thr-1")
            .send()
            .await
            .expect("the mock answers");
        assert_eq!(response.status(), 200);
        assert_eq!(response.into_inner(), thread());

        // The same mock serves the unified surface.
        let normalized = unified_thread(&client, "thr-1").await.expect("normalizes");
        assert_eq!(normalized.id, "thr-1");
        assert_eq!(normalized.status, conversations::ThreadStatus::Open);
        assert_eq!(
            normalized.channel.kind,
            conversations::ChannelKind::Whatsapp
        );

        assert_eq!(mock.calls_async().await, 2);
    }

    #[tokio::test]
    async fn get_thread_matches_only_its_id() {
        let server = httpmock::MockServer::start_async().await;
        let mock = server.get_thread(|when, then| {
            when.thread_id("thr-1");
            then.ok(&thread());
        });
        let client = Client::with_api_key(&server.base_url(), KEY);

        let error = client
            .get_thread()
            .thread_id("thr-2")
            .send()
            .await
            .expect_err("no mock for thr-2");

        // httpmock answers 404 to a request no mock matches.
        assert_eq!(error.status(), Some(reqwest::StatusCode::NOT_FOUND));
        assert_eq!(mock.calls_async().await, 0);
    }

    #[tokio::test]
    async fn get_message_ok_serves_the_typed_value() {
        let server = httpmock::MockServer::start_async().await;
        let mock = server.get_message(|when, then| {
            when.message_id("msg-1");
            then.ok(&message());
        });
        let client = Client::with_api_key(&server.base_url(), KEY);

        let got = client
            .get_message()
            .message_id("msg-1")
            .send()
            .await
            .expect("the mock answers")
            .into_inner();
        assert_eq!(got, message());

        let normalized = ConversationsClient::get_message(&client, "msg-1")
            .await
            .expect("normalizes");
        assert_eq!(normalized.body_text.as_deref(), Some("Hello!"));
        assert_eq!(normalized.direction, conversations::Direction::Inbound);

        assert_eq!(mock.calls_async().await, 2);
    }

    #[tokio::test]
    async fn documented_error_responses() {
        let server = httpmock::MockServer::start_async().await;
        let unauthorized = server.get_thread(|when, then| {
            when.thread_id("thr-401");
            then.unauthorized();
        });
        let not_found = server.get_thread(|when, then| {
            when.thread_id("thr-404");
            then.not_found();
        });
        let failing = server.get_thread(|when, then| {
            when.thread_id("thr-500");
            then.internal_server_error();
        });
        let mut client = Client::with_api_key(&server.base_url(), KEY);
        client.set_retry_policy(
            RetryPolicy::default()
                .with_max_attempts(3)
                .with_initial_delay(Duration::from_millis(10)),
        );

        for (id, status) in [("thr-401", 401), ("thr-404", 404), ("thr-500", 500)] {
            let error = client
                .get_thread()
                .thread_id(id)
                .send()
                .await
                .expect_err("an error response");
            assert!(
                matches!(error, contactship_client::Error::ErrorResponse(_)),
                "{error:?}"
            );
            assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
        }

        // Through the unified surface: Error::Status, no message (the spec
        // describes no error body), an empty body.
        let error = unified_thread(&client, "thr-404").await.expect_err("404");
        assert_eq!(error.status(), Some(reqwest::StatusCode::NOT_FOUND));
        assert!(matches!(
            error,
            conversations::Error::Status { message: None, .. }
        ));
        assert_eq!(error.body(), Some(""));

        assert_eq!(unauthorized.calls_async().await, 1);
        assert_eq!(not_found.calls_async().await, 2);
        // 500 is transient: the client tried three times.
        assert_eq!(failing.calls_async().await, 3);
    }

    /// The helper puts the id into a regular expression as it is: a `.` in
    /// an id matches any character, so the mock answers for another id.
    #[tokio::test]
    async fn an_id_with_a_dot_matches_only_itself() {
        let server = httpmock::MockServer::start_async().await;
        let mock = server.get_thread(|when, then| {
            when.thread_id("thr.1");
            then.ok(&thread());
        });
        let client = Client::with_api_key(&server.base_url(), KEY);

        let result = client.get_thread().thread_id("thrX1").send().await;

        assert!(result.is_err(), "a mock for thr.1 answered thrX1");
        assert_eq!(mock.calls_async().await, 0);
    }

    /// `+` is a regex quantifier: a mock for `a+b` does not match a request
    /// for `a+b` (the client sends `+` as is).
    #[tokio::test]
    async fn an_id_with_a_plus_matches_itself() {
        let server = httpmock::MockServer::start_async().await;
        let mock = server.get_thread(|when, then| {
            when.thread_id("a+b");
            then.ok(&thread());
        });
        let client = Client::with_api_key(&server.base_url(), KEY);

        let result = client.get_thread().thread_id("a+b").send().await;

        assert!(result.is_ok(), "{result:?}");
        assert_eq!(mock.calls_async().await, 1);
    }

    /// The client percent-encodes the id in the path (`a b` → `a%20b`); the
    /// helper matches the id unencoded, against the encoded path.
    #[tokio::test]
    async fn an_id_the_client_percent_encodes_matches_itself() {
        let server = httpmock::MockServer::start_async().await;
        let mock = server.get_thread(|when, then| {
            when.thread_id("a b");
            then.ok(&thread());
        });
        let client = Client::with_api_key(&server.base_url(), KEY);

        let result = client.get_thread().thread_id("a b").send().await;

        assert!(result.is_ok(), "{result:?}");
        assert_eq!(mock.calls_async().await, 1);
    }
}

mod hubspot {
    use super::*;
    use hubspot_client::mock::MockServerExt as _;
    use hubspot_client::{Client, types};

    const TOKEN: &str = "hubspot-test-token";

    fn thread() -> types::PublicThread {
        types::PublicThread {
            id: "42".to_owned(),
            archived: false,
            assigned_to: some("agent-7"),
            associated_contact_id: "contact-1".to_owned(),
            closed_at: None,
            created_at: "2023-11-07T05:31:56Z".to_owned(),
            inbox_id: "inbox-1".to_owned(),
            latest_message_received_timestamp: None,
            latest_message_sent_timestamp: None,
            latest_message_timestamp: some("2023-11-07T06:00:00Z"),
            original_channel_account_id: "account-1".to_owned(),
            original_channel_id: "channel-1".to_owned(),
            spam: false,
            status: types::PublicThreadStatus::Open,
            thread_associations: Some(types::PublicThreadAssociations {
                associated_ticket_id: some("ticket-9"),
            }),
        }
    }

    #[tokio::test]
    async fn get_thread_with_typed_path_and_query_parameters() {
        let server = httpmock::MockServer::start_async().await;
        let tickets = vec![types::GetThreadAssociationItem::Ticket];
        let mock = server.get_thread(|when, then| {
            // An int64 path parameter; typed query parameters.
            when.thread_id(42)
                .archived(false)
                .association(&tickets)
                .property(None)
                .into_inner()
                .header("authorization", format!("Bearer {TOKEN}"));
            then.ok(&thread());
        });
        let client = Client::with_bearer_token(&server.base_url(), TOKEN);

        let got = client
            .get_thread()
            .thread_id(42)
            .archived(false)
            .association(tickets.clone())
            .send()
            .await
            .expect("the mock answers")
            .into_inner();

        assert_eq!(got, thread());
        assert_eq!(mock.calls_async().await, 1);
    }

    #[tokio::test]
    async fn a_missing_query_parameter_can_be_required() {
        let server = httpmock::MockServer::start_async().await;
        let mock = server.get_thread(|when, then| {
            when.thread_id(42).archived(None);
            then.ok(&thread());
        });
        // Any other request: HubSpot's `Error` body, which the client decodes
        // (httpmock's own 404 for an unmatched request is not one).
        let not_found = server.mock(|when, then| {
            when.path_matches("^/conversations/v3/conversations/threads/");
            then.status(404).json_body(serde_json::json!({
                "category": "OBJECT_NOT_FOUND",
                "correlationId": "0b6c8a52-3f7e-4d2a-9c1e-5a4b3c2d1e0f",
                "message": "not mocked"
            }));
        });
        let client = Client::with_bearer_token(&server.base_url(), TOKEN);

        // The unified surface sends no query parameters.
        let normalized = unified_thread(&client, "42").await.expect("normalizes");
        assert_eq!(normalized.id, "42");
        assert_eq!(
            normalized.assignee.map(|a| a.id).as_deref(),
            Some("agent-7")
        );
        // With `archived` set, the mock no longer matches.
        let error = client
            .get_thread()
            .thread_id(42)
            .archived(true)
            .send()
            .await
            .expect_err("archived=true is not mocked");
        assert_eq!(error.status(), Some(reqwest::StatusCode::NOT_FOUND));

        assert_eq!(mock.calls_async().await, 1);
        assert_eq!(not_found.calls_async().await, 1);
    }
}

mod delightbridge {
    use super::*;
    use delightbridge_client::mock::MockServerExt as _;
    use delightbridge_client::{Client, types};

    const SESSION: &str = "db-test-session";

    fn thread() -> types::Thread {
        types::Thread {
            id: some("th-1"),
            subject: some("Refund request"),
            customer_name: some("Ann"),
            customer_email: some("ann@example.com"),
            status: Some(types::ThreadStatus::Inbox),
            is_read: Some(false),
            message_count: Some(1),
            messages: vec![types::ThreadMessage {
                id: some("m-1"),
                body: some("<p>Hi</p>"),
                direction: Some(types::ThreadMessageDirection::Inbound),
                from_email: some("ann@example.com"),
                from_name: some("Ann"),
                timestamp: some("2026-04-06T15:00:00Z"),
                to_email: some("support@example.com"),
                attachments: Vec::new(),
            }],
            ..Default::default()
        }
    }

    #[tokio::test]
    async fn get_thread_ok_serves_the_typed_value() {
        let server = httpmock::MockServer::start_async().await;
        let mock = server.get_thread(|when, then| {
            when.id("th-1")
                .into_inner()
                .header("cookie", format!("authjs.session-token={SESSION}"));
            then.ok(&thread());
        });
        let client = Client::with_authjs_session_token_cookie(&server.base_url(), SESSION);

        let got = client
            .get_thread()
            .id("th-1")
            .send()
            .await
            .expect("the mock answers")
            .into_inner();
        assert_eq!(got, thread());

        let normalized = unified_thread(&client, "th-1").await.expect("normalizes");
        assert_eq!(normalized.subject.as_deref(), Some("Refund request"));
        assert_eq!(normalized.messages.items.len(), 1);
        assert_eq!(
            normalized.messages.state,
            conversations::MessagesState::Complete
        );

        assert_eq!(mock.calls_async().await, 2);
    }

    #[tokio::test]
    async fn not_found_with_the_typed_error_body() {
        let server = httpmock::MockServer::start_async().await;
        let mock = server.get_thread(|when, then| {
            when.id("th-404");
            then.not_found(&types::Error {
                error: some("thread not found"),
            });
        });
        let client = Client::with_authjs_session_token_cookie(&server.base_url(), SESSION);

        // The generated builder decodes the documented error body.
        match client.get_thread().id("th-404").send().await {
            Err(delightbridge_client::Error::ErrorResponse(response)) => {
                assert_eq!(response.status(), 404);
                assert_eq!(
                    response.into_inner().error.as_deref(),
                    Some("thread not found")
                );
            }
            other => panic!("expected an error response, got {other:?}"),
        }
        // The unified surface carries the provider's message.
        let error = unified_thread(&client, "th-404").await.expect_err("404");
        assert!(matches!(
            &error,
            conversations::Error::Status { message: Some(m), .. } if m == "thread not found"
        ));
        assert_eq!(
            error.to_string(),
            "delightbridge get_thread: HTTP 404 Not Found: thread not found"
        );

        assert_eq!(mock.calls_async().await, 2);
    }
}

mod gochat {
    use super::*;
    use gochat_client::mock::MockServerExt as _;
    use gochat_client::{Client, types};

    const TOKEN: &str = "gochat-test-token";

    fn thread() -> types::Thread {
        types::Thread {
            id: some("gc-1"),
            client_id: Some(7),
            status: Some(types::ThreadStatus(serde_json::json!(3))),
            message_count: Some(1),
            tags: vec!["vip".to_owned()],
            last_message: Some(types::Message {
                id: some("gm-1"),
                content: some("Hello"),
                subject: some("Question"),
                from: some("ann@example.com"),
                created_at: some("2026-04-06T15:00:00Z"),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    #[tokio::test]
    async fn get_thread_ok_serves_the_typed_value() {
        let server = httpmock::MockServer::start_async().await;
        let mock = server.get_thread(|when, then| {
            when.id("gc-1")
                .into_inner()
                .header("authorization", format!("Bearer {TOKEN}"));
            then.ok(&thread());
        });
        let client = Client::with_bearer_token(&server.base_url(), TOKEN);

        let got = client
            .get_thread()
            .id("gc-1")
            .send()
            .await
            .expect("the mock answers")
            .into_inner();
        assert_eq!(got, thread());

        let normalized = unified_thread(&client, "gc-1").await.expect("normalizes");
        assert_eq!(normalized.status_native.as_deref(), Some("3"));
        assert_eq!(normalized.subject.as_deref(), Some("Question"));
        assert_eq!(
            normalized.messages.state,
            conversations::MessagesState::LatestOnly
        );
        assert_eq!(normalized.raw.value()["tags"], serde_json::json!(["vip"]));

        assert_eq!(mock.calls_async().await, 2);
    }
}
