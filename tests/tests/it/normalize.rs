//! The normalized model: each docs example converted and compared in full
//! with a reviewed expected value (`tests/fixtures/normalize/`), and the rules
//! of normalized-model.md that hold for every provider: undocumented values
//! become `unknown`/`other` with the native value kept, extra fields survive
//! in `raw`, absent fields are null, odd timestamps are null.

use std::fs;

use conversations::{
    ChannelKind, Delivery, MappingError, MessagesState, Provider, Thread, ThreadStatus,
};
use integration_tests::repo_root;
use serde_json::{Value, json};

fn fixture(name: &str) -> Value {
    let path = repo_root().join("tests/fixtures/normalize").join(name);
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Normalizes `<provider>-<kind>.json` and compares the whole result with
/// `<provider>-<kind>.expected.json`.
fn assert_fixture(provider: Provider, kind: &str) {
    let name = format!("{provider}-{kind}");
    let input = fixture(&format!("{name}.json"));
    let expected = fixture(&format!("{name}.expected.json"));
    let actual = match kind {
        "thread" => serde_json::to_value(
            conversations::thread_from_json(provider, input.clone()).expect("normalizes"),
        ),
        _ => serde_json::to_value(
            conversations::message_from_json(provider, input.clone()).expect("normalizes"),
        ),
    }
    .expect("serializes");
    assert_eq!(actual, expected, "{name}");
    assert_eq!(actual["raw"], input, "{name}: raw is the payload verbatim");
}

#[test]
fn contactship_thread_example() {
    assert_fixture(Provider::Contactship, "thread");
}

#[test]
fn contactship_message_example() {
    assert_fixture(Provider::Contactship, "message");
}

#[test]
fn hubspot_thread_example() {
    assert_fixture(Provider::Hubspot, "thread");
}

#[test]
fn delightbridge_thread_example_with_embedded_messages() {
    assert_fixture(Provider::Delightbridge, "thread");
    let thread = conversations::thread_from_json(
        Provider::Delightbridge,
        fixture("delightbridge-thread.json"),
    )
    .expect("normalizes");
    assert_eq!(thread.messages.state, MessagesState::Complete);
    let ids: Vec<_> = thread
        .messages
        .items
        .iter()
        .map(|m| m.id.as_deref())
        .collect();
    assert_eq!(ids, [Some("msg_001"), Some("msg_002")]);
    assert_eq!(
        thread.messages.items[1].raw,
        fixture("delightbridge-thread.json")["messages"][1]
    );
}

#[test]
fn gochat_thread_our_payload_with_last_message() {
    assert_fixture(Provider::Gochat, "thread");
    let thread = conversations::thread_from_json(Provider::Gochat, fixture("gochat-thread.json"))
        .expect("normalizes");
    assert_eq!(thread.messages.state, MessagesState::LatestOnly);
    assert_eq!(thread.messages.items.len(), 1);
    assert_eq!(
        thread.messages.items[0].thread_id.as_deref(),
        Some("thr_5f2c9a")
    );
}

fn contactship_thread(payload: Value) -> Thread {
    conversations::contactship::thread_from_json(payload).expect("normalizes")
}

#[test]
fn undocumented_values_map_to_unknown_or_other_with_the_native_value_kept() {
    let thread =
        contactship_thread(json!({ "id": "t", "status": "snoozed", "channel_type": "TELEGRAM" }));
    assert_eq!(thread.status, ThreadStatus::Unknown);
    assert_eq!(thread.status_native.as_deref(), Some("snoozed"));
    assert_eq!(thread.channel.kind, ChannelKind::Other);
    assert_eq!(thread.channel.native.as_deref(), Some("TELEGRAM"));

    let message = conversations::contactship::message_from_json(
        json!({ "id": "m", "status": "bounced", "type": "sticker" }),
    )
    .expect("normalizes");
    assert_eq!(message.delivery, Some(Delivery::Unknown));
    assert_eq!(message.delivery_native.as_deref(), Some("bounced"));
    assert_eq!(message.content_kind, conversations::ContentKind::Other);

    let hubspot = conversations::thread_from_json(Provider::Hubspot, {
        let mut payload = fixture("hubspot-thread.json");
        payload["status"] = json!("SNOOZED");
        payload
    })
    .expect("normalizes");
    assert_eq!(hubspot.status, ThreadStatus::Unknown);
    assert_eq!(hubspot.status_native.as_deref(), Some("SNOOZED"));
}

#[test]
fn extra_provider_fields_survive_in_raw() {
    let mut payload = fixture("delightbridge-thread.json");
    payload["priority"] = json!({ "level": 3, "tags": ["vip"] });
    payload["messages"][0]["spamScore"] = json!(0.2);
    let thread = conversations::thread_from_json(Provider::Delightbridge, payload.clone())
        .expect("normalizes");
    assert_eq!(thread.raw, payload);
    assert_eq!(thread.raw.value()["priority"]["tags"][0], "vip");
    assert_eq!(
        thread.messages.items[0].raw.value()["spamScore"],
        json!(0.2)
    );
}

#[test]
fn absent_optional_fields_are_null_or_empty() {
    let thread = contactship_thread(json!({ "id": "thr-1" }));
    let value = serde_json::to_value(&thread).expect("serializes");
    assert_eq!(
        value,
        json!({
            "provider": "contactship", "id": "thr-1", "subject": null,
            "status": "unknown", "status_native": null,
            "archived": null, "spam": null, "read": null,
            "channel": { "kind": "other", "native": null, "id": null, "account_id": null, "inbox_id": null },
            "assignee": null, "participants": [],
            "created_at": null, "updated_at": null, "last_message_at": null, "closed_at": null,
            "message_count": null,
            "messages": { "state": "not_loaded", "items": [] },
            "raw": { "id": "thr-1" }
        })
    );
}

#[test]
fn an_unparseable_timestamp_becomes_null_and_stays_in_raw() {
    let thread = contactship_thread(
        json!({ "id": "t", "created_at": "yesterday", "updated_at": "2026-04-06T15:05:00Z" }),
    );
    assert_eq!(thread.created_at, None);
    assert_eq!(thread.raw.value()["created_at"], "yesterday");
    assert_eq!(
        thread.updated_at.map(|t| t.to_rfc3339()),
        Some("2026-04-06T15:05:00+00:00".to_owned())
    );

    let mut hubspot = fixture("hubspot-thread.json");
    hubspot["createdAt"] = json!("not a date");
    let thread = conversations::thread_from_json(Provider::Hubspot, hubspot)
        .expect("an odd timestamp does not fail");
    assert_eq!(thread.created_at, None);
    assert_eq!(thread.raw.value()["createdAt"], "not a date");
}

#[test]
fn try_from_a_decoded_client_value_gives_the_same_normalized_fields() {
    let payload = fixture("contactship-thread.json");
    let decoded: contactship_client::types::Thread =
        serde_json::from_value(payload.clone()).expect("decodes");
    let from_typed = Thread::try_from(decoded).expect("normalizes");
    let from_json = contactship_thread(payload);
    assert_eq!(
        Thread {
            raw: conversations::Raw::null(),
            ..from_typed.clone()
        },
        Thread {
            raw: conversations::Raw::null(),
            ..from_json
        }
    );
    // The re-encoded value omits the fields that were null in the payload.
    assert_eq!(from_typed.raw.value().get("assignee"), None);
    assert_eq!(
        from_typed.raw.value()["id"],
        "thr-b2c3d4e5-f6a7-8901-bcde-f12345678901"
    );
}

#[test]
fn payloads_that_are_not_a_provider_thread_are_errors_not_panics() {
    let not_an_object = conversations::thread_from_json(Provider::Contactship, json!([1, 2]));
    assert!(
        matches!(
            not_an_object,
            Err(MappingError::Decode {
                provider: Provider::Contactship,
                schema: "Thread",
                ..
            })
        ),
        "{not_an_object:?}"
    );

    let wrong_type = conversations::thread_from_json(
        Provider::Gochat,
        json!({ "id": "t", "message_count": "three" }),
    );
    let error = wrong_type.expect_err("a string where an integer belongs");
    assert!(
        error
            .to_string()
            .starts_with("not a gochat Thread: invalid type: string \"three\""),
        "{error}"
    );

    let no_id =
        conversations::thread_from_json(Provider::Delightbridge, json!({ "subject": "hi" }));
    assert!(
        matches!(no_id, Err(MappingError::Missing { field: "id", .. })),
        "{no_id:?}"
    );
    assert_eq!(
        no_id.expect_err("no id").to_string(),
        "the delightbridge Thread has no `id`, which the normalized model requires"
    );

    let unsupported = conversations::message_from_json(Provider::Hubspot, json!({}));
    assert_eq!(
        unsupported
            .expect_err("hubspot has no message mapping")
            .to_string(),
        "there is no mapping of a hubspot message (see specs/mappings/hubspot.yaml)"
    );
}

#[test]
fn the_crate_docs_carry_the_mapping_matrix_and_the_unused_fields() {
    let readme =
        fs::read_to_string(repo_root().join("generated/conversations/README.md")).expect("README");
    assert!(
        readme.contains("| field | contactship | delightbridge | gochat | hubspot |"),
        "{readme}"
    );
    assert!(
        readme.contains(
            "| `status` | `status`: open→open, closed→closed, else unknown \
             | `status`: inbox→open, sent→pending, archived→closed, else unknown \
             | = `unknown` | `status`: OPEN→open, CLOSED→closed, else unknown |"
        ),
        "{readme}"
    );
    assert!(
        readme.contains("- contactship: `Thread.organization_id`"),
        "{readme}"
    );
}
