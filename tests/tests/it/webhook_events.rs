//! Webhook deliveries normalized into `ConversationEvent`s through
//! `conversations::Webhooks`: every HubSpot event type of the fact sheet
//! (either spelling of its type field), an unknown type and an event that
//! does not decode (both `unknown`, `raw` byte for byte), Go!Chat's two
//! codes, and the refusals. Signed here as HubSpot signs (hmac, sha2,
//! base64 directly), not by our code.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use conversations::{
    Assignee, AssigneeKind, ConversationEvent, ErrorKind, EventKind, MessageKind, Provider,
    Request, SecretString, ThreadProperty, ThreadStatus, Webhooks,
};
use http::HeaderMap;

const SECRET: &str = "a-client-secret";
const URI: &str = "https://receiver.example/hubspot";
const SENT_MS: u64 = 1_764_979_203_000;

/// A HubSpot v3 delivery of `body`, signed with [`SECRET`] at [`SENT_MS`].
fn hubspot_delivery(body: &str) -> Request {
    let signature = super::webhooks::hubspot_v3(SECRET, &format!("POST{URI}{body}{SENT_MS}"));
    let mut headers = HeaderMap::new();
    headers.insert(
        "x-hubspot-signature-v3",
        signature.parse().expect("a value"),
    );
    headers.insert(
        "x-hubspot-request-timestamp",
        SENT_MS.to_string().parse().expect("a value"),
    );
    Request::new("POST", URI, headers, body.as_bytes().to_vec())
}

fn now() -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(SENT_MS + 1_000)
}

fn hubspot_events(body: &str) -> Vec<ConversationEvent> {
    Webhooks::new(Provider::Hubspot, SecretString::from(SECRET))
        .verify_webhook_at(&hubspot_delivery(body), now())
        .unwrap_or_else(|e| panic!("{e}"))
}

/// One event of each kind the fact sheet documents, the type under either
/// field, then a type HubSpot may add and an event whose `objectId` is not
/// an integer (it does not decode as the spec's `WebhookEvent`).
const EVERY_TYPE: &str = r#"[{"objectId":101,"subscriptionType":"conversation.creation","eventId":1,"subscriptionId":9,"portalId":7,"appId":5,"occurredAt":1764979200000,"attemptNumber":0,"changeSource":"CRM"},
{"objectId":102,"eventType":"conversation.deletion","eventId":2,"subscriptionId":9,"portalId":7,"appId":5,"occurredAt":1764979200001,"attemptNumber":0},
{"objectId":103,"subscriptionType":"conversation.privacyDeletion","eventId":3,"subscriptionId":9,"portalId":7,"appId":5,"occurredAt":1764979200002,"attemptNumber":1},
{"objectId":104,"subscriptionType":"conversation.propertyChange","propertyName":"status","propertyValue":"CLOSED","eventId":4,"subscriptionId":9,"portalId":7,"appId":5,"occurredAt":1764979200003,"attemptNumber":0},
{"objectId":105,"eventType":"conversation.propertyChange","propertyName":"assignedTo","propertyValue":"A-42","eventId":5,"subscriptionId":9,"portalId":7,"appId":5,"occurredAt":1764979200004,"attemptNumber":0},
{"objectId":106,"subscriptionType":"conversation.propertyChange","propertyName":"assignedTo","propertyValue":"","eventId":6,"subscriptionId":9,"portalId":7,"appId":5,"occurredAt":1764979200005,"attemptNumber":0},
{"objectId":107,"subscriptionType":"conversation.propertyChange","propertyName":"isArchived","propertyValue":"FALSE","eventId":7,"subscriptionId":9,"portalId":7,"appId":5,"occurredAt":1764979200006,"attemptNumber":0},
{"objectId":108,"subscriptionType":"conversation.newMessage","messageId":"m-1","messageType":"MESSAGE","eventId":8,"subscriptionId":9,"portalId":7,"appId":5,"occurredAt":1764979200007,"attemptNumber":0},
{"objectId":109,"eventType":"conversation.newMessage","messageId":"m-2","messageType":"COMMENT","eventId":9,"subscriptionId":9,"portalId":7,"appId":5,"occurredAt":1764979200008,"attemptNumber":0},
{"objectId":110,"subscriptionType":"conversation.propertyChange","propertyName":"status","propertyValue":"OPEN","eventId":10,"subscriptionId":9,"portalId":7,"appId":5,"occurredAt":1764979200009,"attemptNumber":0},
{"objectId":111,"subscriptionType":"conversation.merge","eventId":11,"subscriptionId":9,"portalId":7,"appId":5,"occurredAt":1764979200010,"attemptNumber":0},
{"objectId":"not-a-number","subscriptionType":"conversation.creation","eventId":12,"subscriptionId":9,"portalId":7,"appId":5,"occurredAt":1764979200011,"attemptNumber":0},
{"objectId":113,"subscriptionType":"conversation.propertyChange","propertyName":"isArchived","propertyValue":"false","eventId":13,"subscriptionId":9,"portalId":7,"appId":5,"occurredAt":1764979200012,"attemptNumber":0},
{"objectId":114,"subscriptionType":"conversation.propertyChange","propertyName":"isArchived","propertyValue":"TRUE","eventId":14,"subscriptionId":9,"portalId":7,"appId":5,"occurredAt":1764979200013,"attemptNumber":0},
{"objectId":115,"subscriptionType":"conversation.propertyChange","propertyName":"status","propertyValue":"SNOOZED","eventId":15,"subscriptionId":9,"portalId":7,"appId":5,"occurredAt":1764979200014,"attemptNumber":0},
{"objectId":116,"subscriptionType":"conversation.newMessage","messageId":"m-3","messageType":"EMAIL","eventId":16,"subscriptionId":9,"portalId":7,"appId":5,"occurredAt":1764979200015,"attemptNumber":0},
{"objectId":917,"subscriptionType":"contact.propertyChange","propertyName":"status","propertyValue":"OPEN","messageId":"m-4","eventId":17,"subscriptionId":9,"portalId":7,"appId":5,"occurredAt":1764979200016,"attemptNumber":0}]"#;

/// What every event of [`EVERY_TYPE`] reads as, in the model's terms.
#[derive(Debug, PartialEq)]
struct Seen {
    id: Option<String>,
    kind: EventKind,
    native: Option<String>,
    thread: Option<String>,
    message: Option<(String, Option<MessageKind>)>,
    changed: Option<ThreadProperty>,
    status: Option<ThreadStatus>,
    assignee: Option<String>,
    archived: Option<bool>,
    permanent: Option<bool>,
}

fn seen(event: &ConversationEvent) -> Seen {
    Seen {
        id: event.id.clone(),
        kind: event.kind,
        native: event.kind_native.clone(),
        thread: event.thread_id.clone(),
        message: event.message_id.clone().map(|id| (id, event.message_kind)),
        changed: event.changed,
        status: event.status,
        assignee: event.assignee.as_ref().map(|a| a.id.clone()),
        archived: event.archived,
        permanent: event.permanent,
    }
}

fn expected(id: u32, kind: EventKind, native: &str, thread: u32) -> Seen {
    Seen {
        id: Some(id.to_string()),
        kind,
        native: Some(native.to_owned()),
        thread: Some(thread.to_string()),
        message: None,
        changed: None,
        status: None,
        assignee: None,
        archived: None,
        permanent: None,
    }
}

#[test]
fn every_hubspot_event_type_normalizes_and_the_rest_are_unknown_with_their_raw() {
    let events = hubspot_events(EVERY_TYPE);
    let change = |id, thread, changed| Seen {
        changed: Some(changed),
        ..expected(
            id,
            EventKind::ThreadChanged,
            "conversation.propertyChange",
            thread,
        )
    };
    let message = |id, thread, message: &str, kind| Seen {
        message: Some((message.to_owned(), Some(kind))),
        ..expected(
            id,
            EventKind::MessageCreated,
            "conversation.newMessage",
            thread,
        )
    };
    assert_eq!(
        events.iter().map(seen).collect::<Vec<_>>(),
        [
            expected(1, EventKind::ThreadCreated, "conversation.creation", 101),
            Seen {
                permanent: Some(false),
                ..expected(2, EventKind::ThreadDeleted, "conversation.deletion", 102)
            },
            Seen {
                permanent: Some(true),
                ..expected(
                    3,
                    EventKind::ThreadDeleted,
                    "conversation.privacyDeletion",
                    103
                )
            },
            Seen {
                status: Some(ThreadStatus::Closed),
                ..change(4, 104, ThreadProperty::Status)
            },
            Seen {
                assignee: Some("A-42".to_owned()),
                ..change(5, 105, ThreadProperty::Assignee)
            },
            // Unassigned: the assignee changed, to nobody.
            change(6, 106, ThreadProperty::Assignee),
            Seen {
                archived: Some(false),
                ..change(7, 107, ThreadProperty::Archived)
            },
            message(8, 108, "m-1", MessageKind::Message),
            message(9, 109, "m-2", MessageKind::Comment),
            Seen {
                status: Some(ThreadStatus::Open),
                ..change(10, 110, ThreadProperty::Status)
            },
            // A type HubSpot may add: its objectId is not known to be a thread.
            Seen {
                thread: None,
                ..expected(11, EventKind::Unknown, "conversation.merge", 0)
            },
            // All its fields there, but `objectId` not an integer: it does
            // not decode, and only its raw is kept.
            Seen {
                id: None,
                kind: EventKind::Unknown,
                native: None,
                thread: None,
                message: None,
                changed: None,
                status: None,
                assignee: None,
                archived: None,
                permanent: None,
            },
            Seen {
                archived: Some(false),
                ..change(13, 113, ThreadProperty::Archived)
            },
            Seen {
                archived: Some(true),
                ..change(14, 114, ThreadProperty::Archived)
            },
            Seen {
                status: Some(ThreadStatus::Unknown),
                ..change(15, 115, ThreadProperty::Status)
            },
            message(16, 116, "m-3", MessageKind::Other),
            // Not a conversation event: nothing of a thread or message, even
            // where its fields are named like a conversation's.
            Seen {
                thread: None,
                ..expected(17, EventKind::Unknown, "contact.propertyChange", 0)
            },
        ]
    );
    // Each event's raw is its text in the body, byte for byte.
    let lines: Vec<&str> = EVERY_TYPE
        .trim_start_matches('[')
        .trim_end_matches(']')
        .split(",\n")
        .collect();
    let raws: Vec<&str> = events.iter().map(|e| e.raw.get()).collect();
    assert_eq!(raws, lines);
    assert!(events.iter().all(|e| e.provider == Provider::Hubspot));
    assert_eq!(
        events[0].occurred_at.map(|t| t.to_rfc3339()),
        Some("2025-12-06T00:00:00+00:00".to_owned())
    );
    assert_eq!(
        events[4].assignee,
        Some(Assignee {
            id: "A-42".to_owned(),
            kind: AssigneeKind::Unknown,
            native_kind: None
        })
    );
}

#[test]
fn events_serialize_in_the_models_json_names() {
    let events = hubspot_events(
        r#"[{"objectId":5,"subscriptionType":"conversation.newMessage","messageId":"m-9","messageType":"WELCOME_MESSAGE","eventId":77,"subscriptionId":9,"portalId":7,"appId":5,"occurredAt":1764979200000,"attemptNumber":0}]"#,
    );
    let json = serde_json::to_value(&events[0]).expect("serializes");
    assert_eq!(
        json,
        serde_json::json!({
            "provider": "hubspot", "id": "77", "kind": "message_created",
            "kind_native": "conversation.newMessage", "occurred_at": "2025-12-06T00:00:00Z",
            "thread_id": "5", "message_id": "m-9", "message_kind": "other", "changed": null,
            "status": null, "assignee": null, "archived": null, "permanent": null,
            "raw": {"objectId":5,"subscriptionType":"conversation.newMessage","messageId":"m-9","messageType":"WELCOME_MESSAGE","eventId":77,"subscriptionId":9,"portalId":7,"appId":5,"occurredAt":1_764_979_200_000_i64,"attemptNumber":0}
        })
    );
}

#[test]
fn a_refused_hubspot_delivery_says_why_and_what_to_answer() {
    let webhooks = Webhooks::new(Provider::Hubspot, SecretString::from(SECRET));
    let status = |request: &Request, at: SystemTime| {
        let error = webhooks
            .verify_webhook_at(request, at)
            .expect_err("refused");
        assert_eq!(error.kind(), ErrorKind::Webhook, "{error}");
        assert_eq!(error.provider(), "hubspot");
        error.webhook().map(|w| w.status().as_u16())
    };
    let good = hubspot_delivery("[]");
    assert_eq!(
        webhooks.verify_webhook_at(&good, now()).ok(),
        Some(Vec::new())
    );
    // A body changed after signing, a stale delivery, another secret.
    let changed = Request::new("POST", URI, good.headers().clone(), &b"[ ]"[..]);
    assert_eq!(status(&changed, now()), Some(401));
    assert_eq!(status(&good, now() + Duration::from_secs(301)), Some(401));
    let other = Webhooks::new(Provider::Hubspot, SecretString::from("another"));
    let wrong = other
        .verify_webhook_at(&good, now())
        .expect_err("another secret");
    assert_eq!(wrong.webhook().map(|w| w.status().as_u16()), Some(401));
    // Signed, but not a batch: 400, and nothing decoded.
    assert_eq!(
        status(&hubspot_delivery(r#"{"eventId":1}"#), now()),
        Some(400)
    );
    assert_eq!(status(&hubspot_delivery("[1]"), now()), Some(400));
}

#[test]
fn gochat_events_normalize_without_the_ids_their_data_does_not_document() {
    let webhooks = Webhooks::new(Provider::Gochat, SecretString::from("token-1"));
    let delivery = |body: &str, token: Option<&str>| {
        let mut headers = HeaderMap::new();
        if let Some(token) = token {
            headers.insert("authorization", token.parse().expect("a value"));
        }
        Request::new(
            "POST",
            "https://receiver.example/gochat",
            headers,
            body.as_bytes().to_vec(),
        )
    };
    let read = |code: &str| {
        let body = format!(
            r#"{{"event_id":"e-{code}","event_code":"{code}","event_date":"2026-12-06T08:00:00Z","event_source":"api","data":{{"thread":{{"id":"th_1"}}}}}}"#
        );
        let events = webhooks
            .verify_webhook(&delivery(&body, Some("token-1")))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].raw.get(), body);
        events.into_iter().next().map(|e| {
            (
                e.kind,
                e.id,
                e.kind_native,
                e.thread_id,
                e.occurred_at.map(|t| t.to_rfc3339()),
            )
        })
    };
    let at = Some("2026-12-06T08:00:00+00:00".to_owned());
    assert_eq!(
        read("thread_updated"),
        Some((
            EventKind::ThreadChanged,
            Some("e-thread_updated".into()),
            Some("thread_updated".into()),
            None,
            at.clone()
        ))
    );
    assert_eq!(
        read("thread_message_updated").map(|e| e.0),
        Some(EventKind::MessageCreated)
    );
    // Algoreg's other products have codes of their own.
    assert_eq!(
        read("case_updated").map(|e| (e.0, e.2)),
        Some((EventKind::Unknown, Some("case_updated".into())))
    );
    for token in [Some("token-2"), None] {
        let error = webhooks
            .verify_webhook(&delivery("{}", token))
            .expect_err("refused");
        assert_eq!(error.webhook().map(|w| w.status().as_u16()), Some(401));
    }
}

#[test]
fn a_provider_without_documented_events_is_unsupported() {
    for provider in [Provider::Contactship, Provider::Delightbridge] {
        let webhooks = Webhooks::new(provider, SecretString::from("any"));
        let error = webhooks
            .verify_webhook(&Request::new(
                "POST",
                "https://x.example/",
                HeaderMap::new(),
                "[]",
            ))
            .expect_err("unsupported");
        assert_eq!(error.kind(), ErrorKind::Unsupported);
        assert!(Webhooks::scheme(provider).is_none());
        assert_eq!(Webhooks::secret_variable(provider), None);
    }
    assert_eq!(
        Webhooks::secret_variable(Provider::Hubspot),
        Some("HUBSPOT_CLIENT_SECRET")
    );
    assert_eq!(
        Webhooks::secret_variable(Provider::Gochat),
        Some("GOCHAT_WEBHOOK_TOKEN")
    );
    assert!(Webhooks::scheme(Provider::Hubspot).is_some());
}
