//! Webhook deliveries through the generated clients' `webhooks` modules:
//! HubSpot's signature v3 (HMAC-SHA256 over method, URI, body and
//! timestamp), Go!Chat's shared token; the events decoded as the specs
//! declare them, an event type the spec does not list kept as it came.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use client_runtime::webhooks::{Request, SecretString, WebhookError, WebhookErrorKind};
use hmac::{Hmac, Mac as _};
use http::HeaderMap;
use sha2::Sha256;

const SECRET: &str = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
const URI: &str = "https://receiver.example/hubspot?portal=62515";

/// `text` signed as HubSpot signs it (v3): base64 HMAC-SHA256 keyed with
/// `secret`, computed with hmac, sha2 and base64 directly (not our code).
/// The text is method + URI + body + timestamp.
pub(crate) fn hubspot_v3(secret: &str, text: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(text.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// `text` signed with [`SECRET`].
fn hubspot_signature(text: &str) -> String {
    hubspot_v3(SECRET, text)
}

/// A HubSpot delivery of `body` made at `at_ms` (milliseconds), signed over
/// the URI as sent.
fn hubspot_delivery(body: &str, at_ms: u64) -> Request {
    let signature = hubspot_signature(&format!("POST{URI}{body}{at_ms}"));
    let mut headers = HeaderMap::new();
    headers.insert(
        "x-hubspot-signature-v3",
        signature.parse().expect("a header value"),
    );
    headers.insert(
        "x-hubspot-request-timestamp",
        at_ms.to_string().parse().expect("a header value"),
    );
    Request::new("POST", URI, headers, body.as_bytes().to_vec())
}

fn at_ms(ms: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(ms)
}

const BATCH: &str = r#"[
  {"eventId":1,"subscriptionId":12,"portalId":62515,"appId":54321,"occurredAt":1764979200000,
   "subscriptionType":"conversation.creation","attemptNumber":0,"objectId":8201,"changeSource":"CRM"},
  {"eventId":2,"subscriptionId":13,"portalId":62515,"appId":54321,"occurredAt":1764979201000,
   "eventType":"conversation.newMessage","attemptNumber":1,"objectId":8201,
   "messageId":"7a1e","messageType":"MESSAGE"},
  {"eventId":3,"subscriptionId":14,"portalId":62515,"appId":54321,"occurredAt":1764979202000,
   "subscriptionType":"conversation.merge","attemptNumber":0,"objectId":8202}
]"#;

#[test]
fn a_signed_hubspot_batch_decodes_each_event_and_keeps_an_unknown_type() {
    use hubspot_client::types::WebhookEventType;
    let sent = 1_764_979_203_000;
    let events = hubspot_client::webhooks::verify(
        &hubspot_delivery(BATCH, sent),
        &SecretString::from(SECRET),
        at_ms(sent + 2_000),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let seen: Vec<(i64, i64, Option<WebhookEventType>, Option<WebhookEventType>)> = events
        .iter()
        .map(|e| {
            (
                e.event_id,
                e.object_id,
                e.subscription_type.clone(),
                e.event_type.clone(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (1, 8201, Some(WebhookEventType::ConversationCreation), None),
            (
                2,
                8201,
                None,
                Some(WebhookEventType::ConversationNewMessage)
            ),
            (
                3,
                8202,
                Some(WebhookEventType::Unknown("conversation.merge".into())),
                None
            ),
        ]
    );
    assert_eq!(events[1].message_id.as_deref(), Some("7a1e"));
    assert_eq!(events[0].change_source.as_deref(), Some("CRM"));
}

#[test]
fn hubspots_official_vector_passes_the_signature_and_its_body_is_not_a_batch() {
    // HubSpot's Python SDK, tests/spec/utils/test_signature.py (commit
    // f31fa724a3fa28a322c45681d318b8a1030f943d): its body is not JSON, so the
    // signature passes and decoding refuses it as malformed.
    let body = "{'example_field':'example_value'}";
    let mut headers = HeaderMap::new();
    headers.insert(
        "X-HubSpot-Signature-v3",
        "K36dawei4A+QBNolUOqo7s91KQDWQ5MXZ/QufNYuk/Y="
            .parse()
            .expect("a header value"),
    );
    headers.insert(
        "X-HubSpot-Request-Timestamp",
        "1693657560000".parse().expect("a header value"),
    );
    let request = Request::new(
        "POST",
        "https://www.example.com/webhook_uri",
        headers,
        body.as_bytes().to_vec(),
    );
    let error = hubspot_client::webhooks::verify(
        &request,
        &SecretString::from(SECRET),
        at_ms(1_693_657_560_000),
    )
    .expect_err("not a batch");
    assert!(matches!(error, WebhookError::Body { .. }), "{error:?}");
    assert_eq!(error.kind(), WebhookErrorKind::Malformed);
}

#[test]
fn a_forged_stale_or_unsigned_hubspot_delivery_is_refused() {
    let sent = 1_764_979_203_000;
    let secret = SecretString::from(SECRET);
    let mut forged = hubspot_delivery(BATCH, sent);
    forged = Request::new(
        forged.method(),
        forged.uri().to_owned(),
        forged.headers().clone(),
        BATCH.replace("8202", "8203").into_bytes(),
    );
    let error =
        hubspot_client::webhooks::verify(&forged, &secret, at_ms(sent)).expect_err("forged");
    assert!(matches!(error, WebhookError::Mismatch { .. }), "{error:?}");
    let stale = hubspot_client::webhooks::verify(
        &hubspot_delivery(BATCH, sent),
        &secret,
        at_ms(sent + 301_000),
    )
    .expect_err("stale");
    assert!(matches!(stale, WebhookError::TooOld { .. }), "{stale:?}");
    assert_eq!(stale.kind(), WebhookErrorKind::Unauthorized);
    let unsigned = Request::new("POST", URI, HeaderMap::new(), BATCH.as_bytes().to_vec());
    let missing =
        hubspot_client::webhooks::verify(&unsigned, &secret, at_ms(sent)).expect_err("unsigned");
    assert_eq!(
        missing,
        WebhookError::MissingHeader {
            header: "X-HubSpot-Signature-v3"
        }
    );
}

#[test]
fn a_gochat_event_with_its_token_decodes_and_keeps_data_as_it_came() {
    use gochat_client::types::WebhookEventCode;
    let body = r#"{"event_id":"29","event_code":"thread_updated","event_date":"2026-12-06T08:00:00Z",
        "event_source":"web","data":{"thread":{"id":"th_1"}}}"#;
    let request = |token: &str| {
        let mut headers = HeaderMap::new();
        headers.insert("Authorization", token.parse().expect("a header value"));
        Request::new(
            "POST",
            "https://receiver.example/gochat",
            headers,
            body.as_bytes().to_vec(),
        )
    };
    let secret = SecretString::from("s3cret-token");
    let event =
        gochat_client::webhooks::verify(&request("s3cret-token"), &secret, SystemTime::now())
            .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(event.event_id, "29");
    assert_eq!(event.event_code, WebhookEventCode::ThreadUpdated);
    assert_eq!(
        event.data,
        serde_json::json!({ "thread": { "id": "th_1" } })
    );
    let wrong = gochat_client::webhooks::verify(&request("guess"), &secret, SystemTime::now())
        .expect_err("a wrong token");
    assert_eq!(wrong.kind(), WebhookErrorKind::Unauthorized);
}

#[test]
fn a_changed_uri_or_the_v1_header_alone_is_refused_and_escapes_are_decoded() {
    let sent = 1_764_979_203_000;
    let secret = SecretString::from(SECRET);
    // Signed for one URI, delivered to another.
    let delivered =
        hubspot_delivery(BATCH, sent).with_uri("https://receiver.example/hubspot?portal=1");
    let moved =
        hubspot_client::webhooks::verify(&delivered, &secret, at_ms(sent)).expect_err("moved");
    assert!(matches!(moved, WebhookError::Mismatch { .. }), "{moved:?}");
    // Only signature v1 (hex SHA-256 of secret + body): v3 is what is checked.
    let mut headers = HeaderMap::new();
    headers.insert(
        "X-HubSpot-Signature",
        "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de"
            .parse()
            .expect("a header value"),
    );
    headers.insert(
        "X-HubSpot-Signature-Version",
        "v1".parse().expect("a header value"),
    );
    let v1 = Request::new("POST", URI, headers, BATCH.as_bytes().to_vec());
    assert_eq!(
        hubspot_client::webhooks::verify(&v1, &secret, at_ms(sent)).expect_err("v1 only"),
        WebhookError::MissingHeader {
            header: "X-HubSpot-Signature-v3"
        }
    );
    // HubSpot's page: `%3A` and the other escapes of its table are decoded
    // in the URI before signing.
    let escaped = "https://receiver.example/hubspot?at=12%3A30";
    let decoded = "https://receiver.example/hubspot?at=12:30";
    let signature = hubspot_signature(&format!("POST{decoded}{BATCH}{sent}"));
    let mut headers = HeaderMap::new();
    headers.insert(
        "X-HubSpot-Signature-v3",
        signature.parse().expect("a header value"),
    );
    headers.insert(
        "X-HubSpot-Request-Timestamp",
        sent.to_string().parse().expect("a header value"),
    );
    let request = Request::new("POST", escaped, headers, BATCH.as_bytes().to_vec());
    let events = hubspot_client::webhooks::verify(&request, &secret, at_ms(sent))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(events.len(), 3);
}

// ---------------------------------------------------------------------------
// Properties

mod properties {
    use proptest::prelude::*;

    use super::*;

    fn config() -> ProptestConfig {
        ProptestConfig {
            failure_persistence: None,
            ..ProptestConfig::with_cases(64)
        }
    }

    /// The event types HubSpot documents, and one it may add.
    const TYPES: [&str; 6] = [
        "conversation.creation",
        "conversation.deletion",
        "conversation.privacyDeletion",
        "conversation.propertyChange",
        "conversation.newMessage",
        "conversation.someday",
    ];

    /// One event as HubSpot sends it: (event id, thread id, type, type under
    /// `eventType` rather than `subscriptionType`).
    fn event() -> impl Strategy<Value = (i64, i64, usize, bool)> {
        (1..i64::MAX, 1..i64::MAX, 0..TYPES.len(), any::<bool>())
    }

    fn batch_json(events: &[(i64, i64, usize, bool)]) -> String {
        let items: Vec<serde_json::Value> = events
            .iter()
            .map(|&(id, thread, kind, renamed)| {
                let key = if renamed {
                    "eventType"
                } else {
                    "subscriptionType"
                };
                serde_json::json!({
                    "eventId": id, "subscriptionId": 1, "portalId": 62515, "appId": 54321,
                    "occurredAt": 1_764_979_200_000_i64, "attemptNumber": 0, "objectId": thread,
                    key: TYPES[kind]
                })
            })
            .collect();
        serde_json::Value::Array(items).to_string()
    }

    const SENT: u64 = 1_764_979_203_000;

    proptest! {
        #![proptest_config(config())]

        #[test]
        fn any_valid_batch_of_up_to_100_events_round_trips(
            events in proptest::collection::vec(event(), 0..=100)
        ) {
            let body = batch_json(&events);
            let decoded = hubspot_client::webhooks::verify(
                &hubspot_delivery(&body, SENT),
                &SecretString::from(SECRET),
                at_ms(SENT),
            )
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(decoded.len(), events.len());
            for (event, &(id, thread, kind, renamed)) in decoded.iter().zip(&events) {
                prop_assert_eq!((event.event_id, event.object_id), (id, thread));
                let kind_read = if renamed { &event.event_type } else { &event.subscription_type };
                prop_assert_eq!(kind_read.as_ref().map(|k| k.as_str()), Some(TYPES[kind]));
            }
        }

        #[test]
        fn any_byte_changed_in_body_uri_or_timestamp_is_refused(
            events in proptest::collection::vec(event(), 1..=5),
            at in any::<prop::sample::Index>(),
            flip in 1..=255_u8,
            part in 0..3_usize,
        ) {
            let body = batch_json(&events);
            let delivery = hubspot_delivery(&body, SENT);
            let changed = match part {
                0 => {
                    let mut bytes = body.into_bytes();
                    let i = at.index(bytes.len());
                    bytes[i] ^= flip;
                    Request::new("POST", URI, delivery.headers().clone(), bytes)
                }
                1 => {
                    // A letter of the URI becomes another letter.
                    let letters: Vec<usize> = URI
                        .char_indices()
                        .filter(|(_, c)| c.is_ascii_lowercase())
                        .map(|(i, _)| i)
                        .collect();
                    let i = letters[at.index(letters.len())];
                    let mut uri = URI.to_owned();
                    let old = uri.as_bytes()[i];
                    let new = b'a' + (old - b'a' + 1 + flip % 25) % 26;
                    uri.replace_range(i..=i, &char::from(new).to_string());
                    delivery.clone().with_uri(uri)
                }
                _ => {
                    // Another moment, still within the tolerance.
                    let mut headers = delivery.headers().clone();
                    let other = SENT - 1 - u64::from(flip);
                    headers.insert(
                        "x-hubspot-request-timestamp",
                        other.to_string().parse().map_err(|_| TestCaseError::fail("a header value"))?,
                    );
                    Request::new("POST", URI, headers, delivery.body().clone())
                }
            };
            let refused = hubspot_client::webhooks::verify(&changed, &SecretString::from(SECRET), at_ms(SENT));
            prop_assert!(
                matches!(refused, Err(WebhookError::Mismatch { .. })),
                "{:?}",
                refused.map(|events| events.len())
            );
        }
    }
}
