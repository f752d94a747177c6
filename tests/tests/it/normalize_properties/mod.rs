//! Property tests of the `conversations` mappings: provider payloads that are
//! valid against the provider's spec, generated at random from the spec
//! itself (`specs/<provider>.yaml`, read at test time), never make the
//! conversion panic, and `provider`, `id` and `raw` always hold. Arbitrary
//! JSON never makes it panic either.
//!
//! The generator is one function, [`schema_strategy`]: a JSON schema node of
//! a spec (plus the document, for `$ref`) → a proptest strategy of
//! `serde_json::Value`s valid against that node.
//!
//! Four bugs these properties found are at the end, as ignored properties
//! ("Known failures"); the generators leave out just the inputs that hit
//! them, and say so.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use chrono::{DateTime, Datelike, Utc};
use conversations::{MappingError, Message, Provider, Thread};
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::TestCaseError;
use serde_json::{Map, Value, json};

/// Cases per property: enough to reach every optional member and enum value,
/// few enough for a debug run of a few seconds.
const CASES: u32 = 256;

/// How many `$ref`s deep objects keep their optional members and arrays
/// their items; below that only required members are generated.
const REF_DEPTH: usize = 4;

fn config() -> ProptestConfig {
    ProptestConfig {
        // The minimal failing input is printed; nothing is written to the tree.
        failure_persistence: None,
        ..ProptestConfig::with_cases(CASES)
    }
}

// ---------------------------------------------------------------------------
// Specs

/// `specs/<provider>.yaml` as JSON, read once.
fn spec(provider: Provider) -> &'static Value {
    static SPECS: OnceLock<Vec<Value>> = OnceLock::new();
    let specs = SPECS.get_or_init(|| Provider::ALL.iter().map(|&p| read_spec(p)).collect());
    let index = Provider::ALL.iter().position(|&p| p == provider);
    &specs[index.expect("a provider of Provider::ALL")]
}

fn read_spec(provider: Provider) -> Value {
    let path = integration_tests::repo_root().join(format!("specs/{provider}.yaml"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let yaml: serde_yaml::Value =
        serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    // Through serde_yaml::Value: YAML keys such as `200:` become JSON strings.
    serde_json::to_value(yaml).expect("a spec is representable as JSON")
}

/// The node a local `$ref` (`#/components/schemas/Thread`) points at.
fn resolve<'a>(doc: &'a Value, reference: &str) -> &'a Value {
    let pointer = reference
        .strip_prefix('#')
        .unwrap_or_else(|| panic!("{reference}: only local references are supported"));
    doc.pointer(pointer)
        .unwrap_or_else(|| panic!("{reference}: no such node in the spec"))
}

/// A payload strategy for `components/schemas/<name>` of `provider`'s spec.
/// The component of `provider`'s spec that its thread mapping reads
/// (specs/mappings/<provider>.yaml, `thread.schema`).
fn thread_schema(provider: Provider) -> &'static str {
    match provider {
        Provider::Hubspot => "PublicThread",
        Provider::Contactship | Provider::Delightbridge | Provider::Gochat => "Thread",
    }
}

fn payloads(provider: Provider, name: &str) -> BoxedStrategy<Value> {
    let doc = spec(provider);
    let schema = resolve(doc, &format!("#/components/schemas/{name}"));
    schema_strategy(schema, doc, 0)
}

/// Payloads of the schema at `pointer` (inside a component: the own part
/// of a subtype, say).
fn payloads_at(provider: Provider, pointer: &str) -> BoxedStrategy<Value> {
    let doc = spec(provider);
    let schema = doc
        .pointer(pointer)
        .unwrap_or_else(|| panic!("no schema at {pointer}"));
    schema_strategy(schema, doc, 0)
}

/// Each kind of HubSpot message: the own part of each subtype of
/// `PublicMessage` (its `allOf` member that is not the reference back to
/// the base), which carries its `type`.
fn hubspot_message_payloads() -> BoxedStrategy<Value> {
    let kinds = [
        "PublicConversationsMessage",
        "PublicComment",
        "PublicWelcomeMessage",
        "PublicAssignmentMessage",
        "PublicThreadStatusChange",
        "PublicThreadInboxChange",
    ];
    select(kinds.to_vec())
        .prop_flat_map(|kind| {
            payloads_at(
                Provider::Hubspot,
                &format!("/components/schemas/{kind}/allOf/1"),
            )
        })
        .boxed()
}

/// Every property name any schema of the spec declares: keys for arbitrary
/// JSON objects that the decoders actually look at.
fn property_names(doc: &Value, names: &mut BTreeSet<String>) {
    match doc {
        Value::Object(object) => {
            if let Some(Value::Object(properties)) = object.get("properties") {
                names.extend(properties.keys().cloned());
            }
            object.values().for_each(|v| property_names(v, names));
        }
        Value::Array(items) => items.iter().for_each(|v| property_names(v, names)),
        _ => {}
    }
}

// ---------------------------------------------------------------------------
// The strategy builder

/// Values valid against the schema node `schema` of `doc`:
///
/// - `$ref` is followed (`depth` counts how many; past [`REF_DEPTH`] objects
///   get only their required members and arrays no items);
/// - `object`: each required property always, each optional one present or
///   absent at random, plus 0 to 2 undocumented properties;
/// - `nullable: true`: sometimes `null`;
/// - `string`: empty, ids, any Unicode, RFC 3339 timestamps and near misses;
///   with `enum` / `x-extensible-enum`, a listed value or an unlisted one;
/// - `integer`: the whole i64 range (small, negative, extremes); `number`:
///   integers, fractions, huge and tiny magnitudes;
/// - `array`: 0 to 3 items;
/// - no type (`{}` or a description only): any JSON scalar or a small object.
fn schema_strategy(schema: &Value, doc: &Value, depth: usize) -> BoxedStrategy<Value> {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        return schema_strategy(resolve(doc, reference), doc, depth + 1);
    }
    let shallow = depth > REF_DEPTH;
    let declared_type = schema.get("type").and_then(Value::as_str);
    let kind = declared_type.or_else(|| {
        if schema.get("properties").is_some() {
            Some("object")
        } else if schema.get("items").is_some() {
            Some("array")
        } else {
            None
        }
    });
    let listed: Vec<Value> = ["enum", "x-extensible-enum"]
        .iter()
        .filter_map(|key| schema.get(*key).and_then(Value::as_array))
        .flatten()
        .cloned()
        .collect();

    let value = match kind {
        Some("object") => object_strategy(schema, doc, depth),
        Some("array") => {
            let items = match schema.get("items") {
                Some(items) => schema_strategy(items, doc, depth),
                None => untyped(),
            };
            let len = if shallow { 0..1 } else { 0..4 };
            prop::collection::vec(items, len)
                .prop_map(Value::Array)
                .boxed()
        }
        Some("string") => string_strategy(listed),
        Some("integer") => integer().prop_map(Value::from).boxed(),
        Some("number") => number(),
        Some("boolean") => any::<bool>().prop_map(Value::Bool).boxed(),
        None => untyped(),
        Some(other) => panic!("`type: {other}` is not a JSON schema type"),
    };
    if schema.get("nullable") == Some(&Value::Bool(true)) {
        prop_oneof![1 => Just(Value::Null), 4 => value].boxed()
    } else {
        value
    }
}

fn object_strategy(schema: &Value, doc: &Value, depth: usize) -> BoxedStrategy<Value> {
    let shallow = depth > REF_DEPTH;
    let empty = Map::new();
    let properties = schema
        .get("properties")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let required: BTreeSet<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();

    let members: Vec<BoxedStrategy<Option<(String, Value)>>> = properties
        .iter()
        .filter(|(name, _)| !shallow || required.contains(name.as_str()))
        .map(|(name, property)| {
            let name = name.clone();
            let value = schema_strategy(property, doc, depth);
            if required.contains(name.as_str()) {
                value.prop_map(move |v| Some((name.clone(), v))).boxed()
            } else {
                prop::option::of(value)
                    .prop_map(move |v| v.map(|v| (name.clone(), v)))
                    .boxed()
            }
        })
        .collect();

    let documented: BTreeSet<String> = properties.keys().cloned().collect();
    let extra_name = text().prop_filter("an undocumented name", move |n| !documented.contains(n));
    let extras = prop::collection::vec((extra_name, untyped()), if shallow { 0..1 } else { 0..3 });

    (members, extras)
        .prop_map(|(members, extras)| {
            let mut object = Map::new();
            for (name, value) in members.into_iter().flatten().chain(extras) {
                object.entry(name).or_insert(value);
            }
            Value::Object(object)
        })
        .boxed()
}

/// Strings, and with `listed` values (`enum`, `x-extensible-enum`) one of
/// them, one of them in the other case, or any other string.
fn string_strategy(listed: Vec<Value>) -> BoxedStrategy<Value> {
    let any_text = text().prop_map(Value::String);
    if listed.is_empty() {
        return any_text.boxed();
    }
    let flipped: Vec<Value> = listed
        .iter()
        .filter_map(Value::as_str)
        .map(|s| match s.to_uppercase() {
            upper if upper == s => Value::from(s.to_lowercase()),
            upper => Value::from(upper),
        })
        .collect();
    prop_oneof![
        3 => select(listed),
        1 => select(flipped),
        2 => any_text,
    ]
    .boxed()
}

/// Empty, id-like, any Unicode (control characters included), timestamps.
fn text() -> BoxedStrategy<String> {
    prop_oneof![
        1 => Just(String::new()),
        2 => "[a-z0-9-]{1,12}",
        2 => prop::collection::vec(any::<char>(), 1..12).prop_map(String::from_iter),
        2 => timestamp_text(),
    ]
    .boxed()
}

/// RFC 3339 timestamps in years 0001–9998, with fractions, offsets, leap
/// seconds, impossible dates (31 February) and near misses (no offset,
/// `+0000`, surrounding blanks). Years 0000 and 9999, where an offset can
/// carry the instant out of the four-digit range, are
/// [`edge_timestamp_text`]'s.
fn timestamp_text() -> BoxedStrategy<String> {
    let year = prop_oneof![Just(1u32), Just(1970), Just(9998), 1u32..=9998];
    timestamp_on((year, 1u32..=12, 1u32..=31).boxed())
}

/// Timestamps on the first and the last day of RFC 3339's year range.
fn edge_timestamp_text() -> BoxedStrategy<String> {
    timestamp_on(prop_oneof![Just((0, 1, 1)), Just((9999, 12, 31))].boxed())
}

fn timestamp_on(date: BoxedStrategy<(u32, u32, u32)>) -> BoxedStrategy<String> {
    let time = (0u32..=23, 0u32..=59, 0u32..=60);
    let fraction = prop_oneof![
        Just(String::new()),
        Just(".5".to_owned()),
        Just(".000".to_owned()),
        Just(".123456789".to_owned()),
        Just(".1234567891234".to_owned()),
    ];
    let offset = prop_oneof![
        Just("Z".to_owned()),
        Just("z".to_owned()),
        Just("+00:00".to_owned()),
        Just("-00:00".to_owned()),
        (prop_oneof![Just('+'), Just('-')], 0u32..=23, 0u32..=59)
            .prop_map(|(sign, h, m)| format!("{sign}{h:02}:{m:02}")),
        Just(String::new()),
        Just("+0000".to_owned()),
    ];
    let separator = prop_oneof![4 => Just('T'), 1 => Just('t'), 1 => Just(' ')];
    let padding = prop_oneof![4 => Just(""), 1 => Just(" "), 1 => Just("\n")];
    (date, separator, time, fraction, offset, padding)
        .prop_map(|((y, mo, d), sep, (h, mi, s), fraction, offset, pad)| {
            format!("{pad}{y:04}-{mo:02}-{d:02}{sep}{h:02}:{mi:02}:{s:02}{fraction}{offset}{pad}")
        })
        .boxed()
}

/// The whole i64 range, weighted towards small values and the extremes.
/// (Integers beyond i64 are [`gochat_integers_beyond_i64`]'s, a known
/// failure.)
fn integer() -> BoxedStrategy<i64> {
    prop_oneof![
        -1000i64..1000,
        any::<i64>(),
        select(vec![i64::MIN, i64::MAX, 0, -1, 1 << 53, (1 << 53) + 1]),
    ]
    .boxed()
}

/// JSON numbers: integers, fractions, huge, tiny and negative magnitudes.
/// Integers are kept within ±2^53, where a double holds them exactly (JSON's
/// interoperable range, RFC 8259 §6): a spec's `number` is an f64 in the
/// client, so a larger integer arrives rounded (a documented limit).
fn number() -> BoxedStrategy<Value> {
    prop_oneof![
        (-1000i64..1000).prop_map(Value::from),
        (-EXACT..=EXACT).prop_map(Value::from),
        select(vec![-EXACT, EXACT]).prop_map(Value::from),
        (-1.0e6f64..1.0e6).prop_map(Value::from),
        (0i64..10_000).prop_map(|n| Value::from(n as f64)), // whole, written `3.0`
        any::<f64>()
            .prop_filter("JSON has no NaN or infinity", |f| f.is_finite())
            .prop_map(Value::from),
        select(vec![1.0e300, -1.0e300, f64::MAX, f64::MIN_POSITIVE, -0.0]).prop_map(Value::from),
    ]
    .boxed()
}

/// 2^53: integers up to this magnitude survive a trip through f64.
const EXACT: i64 = 1 << 53;

fn scalar() -> BoxedStrategy<Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        integer().prop_map(Value::from),
        number(),
        text().prop_map(Value::String),
    ]
    .boxed()
}

/// A schema without a type: any JSON scalar, or a small object of them.
fn untyped() -> BoxedStrategy<Value> {
    prop_oneof![
        3 => scalar(),
        1 => prop::collection::vec(("[a-z_]{1,8}", scalar()), 0..3)
            .prop_map(|members| Value::Object(members.into_iter().collect())),
    ]
    .boxed()
}

/// Any JSON value, up to three levels deep, whose object keys are often
/// names the specs declare (`id`, `status`, `messages`…) so that decoding
/// gets past the first member. Arrays have at most 5 items; longer ones,
/// as long as a provider struct has fields, are [`arrays_are_refused`]'s.
fn any_json(names: Vec<String>) -> BoxedStrategy<Value> {
    let key = prop_oneof![3 => select(names), 1 => text()];
    scalar()
        .prop_recursive(3, 48, 6, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec((key.clone(), inner), 0..8)
                    .prop_map(|members| Value::Object(members.into_iter().collect())),
            ]
        })
        .boxed()
}

// ---------------------------------------------------------------------------
// Checks

fn fail(message: String) -> TestCaseError {
    TestCaseError::fail(message)
}

/// A normalized timestamp, as serialized, is `null` or RFC 3339 text that
/// parses back to the same instant.
fn check_timestamp(
    field: &str,
    value: Option<DateTime<Utc>>,
    serialized: &Value,
) -> Result<(), TestCaseError> {
    match (value, serialized) {
        (None, Value::Null) => Ok(()),
        (Some(instant), Value::String(text)) => match DateTime::parse_from_rfc3339(text) {
            Ok(parsed) if parsed == instant => Ok(()),
            Ok(parsed) => Err(fail(format!(
                "{field}: {text:?} parses back as {parsed}, not {instant}"
            ))),
            Err(e) => Err(fail(format!(
                "{field}: {instant:?} serializes as {text:?}, which is not RFC 3339: {e}"
            ))),
        },
        (value, serialized) => Err(fail(format!(
            "{field}: {value:?} serializes as {serialized}"
        ))),
    }
}

/// When the payload's text at `pointer` is RFC 3339 as it stands, the
/// normalized field is that instant, or null when UTC puts it outside the
/// years 0000–9999 that RFC 3339 can write.
fn check_parsed(
    field: &str,
    value: Option<DateTime<Utc>>,
    payload: &Value,
    pointer: &str,
) -> Result<(), TestCaseError> {
    if let Some(text) = payload.pointer(pointer).and_then(Value::as_str)
        && let Ok(instant) = DateTime::parse_from_rfc3339(text)
    {
        let utc = instant.with_timezone(&Utc);
        let expected = (0..=9999).contains(&utc.year()).then_some(utc);
        prop_assert_eq!(value, expected, "{} from {:?}", field, text);
    }
    Ok(())
}

/// The message count the provider's payload states, as an i64, where the
/// mapping reads one (see the mapping matrix in the crate's README).
fn stated_message_count(provider: Provider, payload: &Value) -> Option<i64> {
    let member = match provider {
        Provider::Gochat => "message_count",
        Provider::Delightbridge => "messageCount",
        Provider::Contactship | Provider::Hubspot => return None,
    };
    let number = payload.get(member)?.as_number()?;
    number.as_i64().or_else(|| {
        let float = number.as_f64()?;
        let whole = float.fract() == 0.0 && float >= i64::MIN as f64 && float < i64::MAX as f64;
        whole.then_some(float as i64)
    })
}

/// The thread properties: see the module documentation.
fn check_thread(provider: Provider, payload: &Value) -> Result<(), TestCaseError> {
    let result = conversations::thread_from_json(provider, payload.clone());
    let id = match payload.get("id") {
        None => {
            prop_assert!(
                matches!(
                    &result,
                    Err(MappingError::Missing { provider: p, field: "id", .. }) if *p == provider
                ),
                "a payload without `id` gives Err(Missing {{ field: \"id\" }}), not {:?}",
                result
            );
            return Ok(());
        }
        Some(Value::String(id)) => id,
        Some(other) => return Err(fail(format!("the spec's `id` is a string, not {other}"))),
    };
    let thread = result.map_err(|e| fail(format!("a valid payload is refused: {e}")))?;
    prop_assert_eq!(thread.provider, provider);
    prop_assert_eq!(&thread.id, id);
    prop_assert_eq!(&thread.raw, payload);
    // From its bytes, as the unified client reads it: `raw` is that text,
    // byte for byte (here indented, as no re-encoding would write it).
    let text = serde_json::to_string_pretty(payload).expect("JSON");
    let from_bytes = conversations::thread_from_bytes(provider, text.as_bytes())
        .map_err(|e| fail(format!("the same payload as bytes is refused: {e}")))?;
    prop_assert_eq!(from_bytes.raw.get(), text.as_str());
    prop_assert_eq!(&from_bytes.id, id);
    prop_assert_eq!(
        thread.message_count,
        stated_message_count(provider, payload),
        "message_count"
    );
    check_thread_timestamps(&thread)?;
    for (field, value, pointer) in timestamp_sources(provider, &thread) {
        check_parsed(field, value, payload, pointer)?;
    }

    // Messages embedded in the thread: their `raw` is their part of the
    // payload, verbatim.
    let embedded: Vec<&Value> = match provider {
        Provider::Delightbridge => payload
            .get("messages")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .collect(),
        Provider::Gochat => payload.get("last_message").into_iter().collect(),
        Provider::Contactship | Provider::Hubspot => Vec::new(),
    };
    prop_assert_eq!(thread.messages.items.len(), embedded.len(), "messages");
    for (message, part) in thread.messages.items.iter().zip(embedded) {
        prop_assert_eq!(message.provider, provider);
        prop_assert_eq!(&message.raw, part);
        prop_assert_eq!(
            message.id.as_deref(),
            part.get("id").and_then(Value::as_str)
        );
        prop_assert_eq!(message.thread_id.as_deref(), Some(id.as_str()));
    }
    Ok(())
}

fn check_thread_timestamps(thread: &Thread) -> Result<(), TestCaseError> {
    let serialized = serde_json::to_value(thread).expect("a thread serializes");
    check_timestamp("created_at", thread.created_at, &serialized["created_at"])?;
    check_timestamp("updated_at", thread.updated_at, &serialized["updated_at"])?;
    check_timestamp(
        "last_message_at",
        thread.last_message_at,
        &serialized["last_message_at"],
    )?;
    check_timestamp("closed_at", thread.closed_at, &serialized["closed_at"])?;
    for (index, message) in thread.messages.items.iter().enumerate() {
        check_timestamp(
            "messages.items[].created_at",
            message.created_at,
            &serialized["messages"]["items"][index]["created_at"],
        )?;
    }
    Ok(())
}

/// Normalized thread timestamps and the payload member each is read from
/// (the crate README's mapping matrix).
fn timestamp_sources(
    provider: Provider,
    thread: &Thread,
) -> Vec<(&'static str, Option<DateTime<Utc>>, &'static str)> {
    match provider {
        Provider::Contactship => vec![
            ("created_at", thread.created_at, "/created_at"),
            ("updated_at", thread.updated_at, "/updated_at"),
        ],
        Provider::Delightbridge => {
            vec![("last_message_at", thread.last_message_at, "/lastMessageAt")]
        }
        Provider::Gochat => vec![
            ("created_at", thread.created_at, "/created_at"),
            ("updated_at", thread.updated_at, "/updated_at"),
            (
                "last_message_at",
                thread.last_message_at,
                "/last_message/created_at",
            ),
        ],
        Provider::Hubspot => vec![
            ("created_at", thread.created_at, "/createdAt"),
            (
                "last_message_at",
                thread.last_message_at,
                "/latestMessageTimestamp",
            ),
            ("closed_at", thread.closed_at, "/closedAt"),
        ],
    }
}

fn check_contactship_message(payload: &Value) -> Result<(), TestCaseError> {
    let message: Message = conversations::message_from_json(Provider::Contactship, payload.clone())
        .map_err(|e| fail(format!("a valid message is refused: {e}")))?;
    prop_assert_eq!(message.provider, Provider::Contactship);
    prop_assert_eq!(&message.raw, payload);
    prop_assert_eq!(
        message.id.as_deref(),
        payload.get("id").and_then(Value::as_str)
    );
    let serialized = serde_json::to_value(&message).expect("a message serializes");
    check_timestamp("created_at", message.created_at, &serialized["created_at"])?;
    check_parsed("created_at", message.created_at, payload, "/created_at")
}

mod properties;
