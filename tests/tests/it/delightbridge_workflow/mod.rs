//! DelightBridge's conversation workflow (issue 11), one operation at a time,
//! against a local mock server: list threads, get a thread, update it, read and
//! write its draft, send the draft.
//!
//! Each mock matches only the request the operation must send (method, path,
//! query, body, and the Auth.js session cookie `authjs.session-token`), so a
//! wrong request gets no answer and the test fails. Each test then checks the
//! decoded value field by field. Where the docs give an example (the saved
//! page's thread, read here from `specs/delightbridge.yaml`, and the complete
//! JSON bodies the provider-docs README quotes: `{"ok": true}`,
//! `{"error": "Unauthorized"}`, ...), that is what the mock serves; the other
//! bodies (drafts, send results) are ours, built from the fields the README
//! lists, and say so.

use delightbridge_client::types::{
    self, DraftStatus, SendErrorOutboxStatus, SendResultOutboxStatus, ThreadMessageDirection,
    ThreadStatus,
};
use delightbridge_client::{Client, Error, RetryPolicy};
use httpmock::Method::{GET, PATCH, POST, PUT};
use httpmock::MockServer;
use serde_json::{Value, json};

/// A distinctive session token, so that a leak or a wrong cookie is obvious.
const SESSION: &str = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0.db-workflow-DO-NOT-LEAK";
/// The cookie the app's Auth.js v5 reads (provider-docs README, DelightBridge).
const COOKIE: &str = "authjs.session-token";
/// The obfuscated address of the saved page, with its U+00A0 (NO-BREAK SPACE).
const OBFUSCATED: &str = "[email\u{a0}protected]";

fn client(server: &MockServer) -> Client {
    Client::with_authjs_session_token_cookie(&server.base_url(), SESSION)
}

/// The request every operation must send: the session cookie, by its real
/// name and alone (no `session=` of the page's curl example), and no
/// `api-version` header (DelightBridge documents none).
fn authenticated(when: httpmock::When) -> httpmock::When {
    when.header("cookie", format!("{COOKIE}={SESSION}"))
        .cookie(COOKIE, SESSION)
        .cookie_missing("session")
        .header_count("cookie", ".*", 1)
        .header_missing("api-version")
}

/// The spec's copy of the page's "Response Example" (GET /api/threads/{id}).
fn docs_thread_example() -> Value {
    let spec: Value = serde_yaml::from_str(include_str!("../../../../specs/delightbridge.yaml"))
        .expect("the spec is YAML");
    spec.pointer(
        "/paths/~1api~1threads~1{id}/get/responses/200/content/application~1json/examples/response_example/value",
    )
    .expect("the page's example is in the spec")
    .clone()
}

/// The page's example, field by field.
fn assert_is_docs_thread(thread: &types::Thread) {
    assert_eq!(thread.id.as_deref(), Some("thread_abc123"));
    assert_eq!(thread.service_id.as_deref(), Some("service_123"));
    assert_eq!(
        thread.subject.as_deref(),
        Some("Question about order #5678")
    );
    assert_eq!(thread.customer_email.as_deref(), Some(OBFUSCATED));
    assert_eq!(thread.customer_name.as_deref(), Some("Jane Smith"));
    assert_eq!(thread.category_id.as_deref(), Some("cat_support"));
    assert_eq!(thread.reply_from_email, None, "not in the page's example");
    assert_eq!(thread.status, Some(ThreadStatus::Inbox));
    assert_eq!(thread.detected_language.as_deref(), Some("en"));
    assert_eq!(thread.is_read, Some(false));
    assert_eq!(
        thread.last_message_at.as_deref(),
        Some("2026-03-01T10:30:00.000Z")
    );
    assert_eq!(
        thread.draft.as_deref(),
        Some("<p>Thank you for reaching out. We're looking into this.</p>")
    );
    assert_eq!(
        thread.draft_subject.as_deref(),
        Some("Re: Question about order #5678")
    );
    assert!(thread.draft_attachments.is_empty());
    assert_eq!(thread.translation.as_deref(), Some(""));
    assert_eq!(
        thread.last_message_preview.as_deref(),
        Some("I have a question about my recent order...")
    );
    assert_eq!(thread.message_count, Some(2_i64));
    assert_eq!(thread.messages.len(), 2);

    let first = &thread.messages[0];
    assert_eq!(first.id.as_deref(), Some("msg_001"));
    assert_eq!(first.from_email.as_deref(), Some(OBFUSCATED));
    assert_eq!(first.from_name.as_deref(), Some("Jane Smith"));
    assert_eq!(first.to_email.as_deref(), Some(OBFUSCATED));
    assert_eq!(
        first.body.as_deref(),
        Some("<p>I have a question about my recent order #5678...</p>")
    );
    assert_eq!(first.direction, Some(ThreadMessageDirection::Inbound));
    assert_eq!(first.timestamp.as_deref(), Some("2026-03-01T10:00:00.000Z"));
    assert!(first.attachments.is_empty());

    let second = &thread.messages[1];
    assert_eq!(second.id.as_deref(), Some("msg_002"));
    assert_eq!(second.from_email.as_deref(), Some(OBFUSCATED));
    assert_eq!(second.from_name.as_deref(), Some("Support Team"));
    assert_eq!(second.to_email.as_deref(), Some(OBFUSCATED));
    assert_eq!(
        second.body.as_deref(),
        Some("<p>Thank you for reaching out. We're looking into this.</p>")
    );
    assert_eq!(second.direction, Some(ThreadMessageDirection::Outbound));
    assert_eq!(
        second.timestamp.as_deref(),
        Some("2026-03-01T10:30:00.000Z")
    );
    assert!(second.attachments.is_empty());
}

/// The body of an `Error::ErrorResponse`, with its status; panics otherwise.
fn error_body<E: std::fmt::Debug>(result: Result<impl std::fmt::Debug, Error<E>>) -> (u16, E) {
    match result {
        Err(Error::ErrorResponse(response)) => {
            let status = response.status().as_u16();
            (status, response.into_inner())
        }
        other => panic!("expected a documented error response, got {other:?}"),
    }
}

#[test]
fn the_spec_carries_the_pages_bytes_with_the_no_break_space() {
    let thread = docs_thread_example();
    for pointer in [
        "/customerEmail",
        "/messages/0/fromEmail",
        "/messages/0/toEmail",
        "/messages/1/fromEmail",
        "/messages/1/toEmail",
    ] {
        let value = thread.pointer(pointer).and_then(Value::as_str);
        assert_eq!(value, Some(OBFUSCATED), "{pointer}");
        assert!(
            value
                .unwrap()
                .as_bytes()
                .windows(2)
                .any(|w| w == [0xC2, 0xA0]),
            "{pointer}: U+00A0 encoded as C2 A0"
        );
    }
    assert!(
        thread.get("error").is_none(),
        "no `error` in a success body"
    );
}

mod drafts_and_errors;
mod threads;
