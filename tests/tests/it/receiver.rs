//! The `conversations` crate's `receiver` example, as generated, over real
//! HTTP on loopback: HubSpot deliveries signed here as HubSpot signs them
//! (signature v3, computed with hmac/sha2/base64 directly, not with our
//! verifier) go through its axum router, and the events come out of its
//! `Events` queue, de-duplicated on (provider, id, native type, thread,
//! time).

use std::time::{SystemTime, UNIX_EPOCH};

use conversations::{EventKind, Provider, SecretString};

/// The example itself, compiled as a module of this test (its `main` unused).
/// Generated: not for rustfmt to reformat (`cargo fmt` would, through here).
#[allow(dead_code)]
#[rustfmt::skip]
#[path = "../../../generated/conversations/examples/receiver.rs"]
mod example;

const SECRET: &str = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
const PATH: &str = "/hubspot?portal=62515";

/// A receiver of HubSpot deliveries listening on a free loopback port, with
/// room for `queue` deliveries not yet consumed: its base URL
/// (`http://127.0.0.1:PORT`) and its events.
async fn start(public_url: Option<&str>, queue: usize) -> (String, example::Events) {
    let (receiver, events) = example::Receiver::new(
        Provider::Hubspot,
        SecretString::from(SECRET),
        public_url.map(str::to_owned),
        queue,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a loopback port");
    let address = listener.local_addr().expect("its address");
    tokio::spawn(example::serve(listener, receiver));
    (format!("http://{address}"), events)
}

fn now_ms() -> u64 {
    let since = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("after 1970");
    u64::try_from(since.as_millis()).expect("in range")
}

/// HubSpot's signature v3 of a delivery: base64 HMAC-SHA256, keyed with the
/// client secret, over method + URI + body + timestamp.
fn sign(uri: &str, body: &str, timestamp: u64) -> String {
    super::webhooks::hubspot_v3(SECRET, &format!("POST{uri}{body}{timestamp}"))
}

/// Posts `body` to `base` + [`PATH`], signed for `signed_uri` at
/// `timestamp`; the status of the answer.
async fn deliver(base: &str, signed_uri: &str, body: &str, timestamp: u64) -> u16 {
    let signature = sign(signed_uri, body, timestamp);
    post(base, body, &signature, timestamp).await
}

async fn post(base: &str, body: &str, signature: &str, timestamp: u64) -> u16 {
    reqwest::Client::new()
        .post(format!("{base}{PATH}"))
        .header("Content-Type", "application/json")
        .header("X-HubSpot-Signature-v3", signature)
        .header("X-HubSpot-Request-Timestamp", timestamp.to_string())
        .body(body.to_owned())
        .send()
        .await
        .expect("the receiver answers")
        .status()
        .as_u16()
}

/// The URL HubSpot called, as the receiver rebuilds it without
/// `--public-url`: `https://` + the Host header + path and query.
fn called(base: &str) -> String {
    format!("{}{PATH}", base.replacen("http://", "https://", 1))
}

/// When the events of [`event`] occurred (2025-12-06T00:00:00Z).
const OCCURRED_MS: i64 = 1_764_979_200_000;

/// One HubSpot event, as HubSpot sends it on its first attempt.
fn event(id: i64, kind: &str, thread: i64, extra: &str) -> String {
    event_at(id, kind, thread, OCCURRED_MS, 0, extra)
}

/// One HubSpot event occurred at `occurred_ms`, delivered for the
/// `attempt`th time (0 first).
fn event_at(
    id: i64,
    kind: &str,
    thread: i64,
    occurred_ms: i64,
    attempt: u32,
    extra: &str,
) -> String {
    format!(
        r#"{{"objectId":{thread},"subscriptionType":"{kind}","eventId":{id},"subscriptionId":2,"portalId":62515,"appId":4,"occurredAt":{occurred_ms},"attemptNumber":{attempt}{extra}}}"#
    )
}

fn batch(events: &[String]) -> String {
    format!("[{}]", events.join(","))
}

/// (id, kind, thread id, message id) of the next event out of the queue.
async fn next(
    events: &mut example::Events,
) -> (Option<String>, EventKind, Option<String>, Option<String>) {
    let event = events.next().await.expect("an event");
    assert_eq!(event.provider, Provider::Hubspot);
    (event.id, event.kind, event.thread_id, event.message_id)
}

fn expected(
    id: &str,
    kind: EventKind,
    thread: &str,
    message: Option<&str>,
) -> (Option<String>, EventKind, Option<String>, Option<String>) {
    (
        Some(id.to_owned()),
        kind,
        Some(thread.to_owned()),
        message.map(str::to_owned),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_batch_is_answered_204_and_each_event_reaches_the_consumer() {
    let (base, mut events) = start(None, example::QUEUE).await;
    let body = batch(&[
        event(1, "conversation.creation", 8201, ""),
        event(
            2,
            "conversation.newMessage",
            8201,
            r#","messageId":"7a1e","messageType":"MESSAGE""#,
        ),
    ]);
    let at = now_ms();
    assert_eq!(deliver(&base, &called(&base), &body, at).await, 204);
    assert_eq!(
        next(&mut events).await,
        expected("1", EventKind::ThreadCreated, "8201", None)
    );
    assert_eq!(
        next(&mut events).await,
        expected("2", EventKind::MessageCreated, "8201", Some("7a1e"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forged_stale_or_malformed_delivery_is_refused_and_nothing_reaches_the_consumer() {
    let (base, mut events) = start(None, example::QUEUE).await;
    let uri = called(&base);
    let body = batch(&[event(1, "conversation.creation", 8201, "")]);
    let at = now_ms();
    // Signed for one body, sent with another.
    let forged = sign(&uri, &body, at);
    let other = batch(&[event(1, "conversation.creation", 8202, "")]);
    assert_eq!(post(&base, &other, &forged, at).await, 401);
    // Signed right, ten minutes ago (HubSpot allows five).
    let old = at - 600_000;
    assert_eq!(deliver(&base, &uri, &body, old).await, 401);
    // Signed for another host than the one called.
    assert_eq!(
        deliver(
            &base,
            "https://elsewhere.example/hubspot?portal=62515",
            &body,
            at
        )
        .await,
        401
    );
    // Signed right, but not a batch of events.
    assert_eq!(deliver(&base, &uri, "not json", at).await, 400);
    assert_eq!(deliver(&base, &uri, r#"{"eventId":1}"#, at).await, 400);
    // Not a POST.
    let get = reqwest::get(format!("{base}{PATH}"))
        .await
        .expect("an answer");
    assert_eq!(get.status().as_u16(), 405);
    assert_eq!(get.headers()["allow"], "POST");
    // The next event out is the first one delivered right: none of the
    // refused ones was queued.
    let good = batch(&[event(9, "conversation.deletion", 8203, "")]);
    assert_eq!(deliver(&base, &uri, &good, at).await, 204);
    assert_eq!(
        next(&mut events).await,
        expected("9", EventKind::ThreadDeleted, "8203", None)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_delivered_twice_is_consumed_once() {
    let (base, mut events) = start(None, example::QUEUE).await;
    let uri = called(&base);
    let first = batch(&[
        event(1, "conversation.creation", 8201, ""),
        event(2, "conversation.creation", 8202, ""),
    ]);
    let at = now_ms();
    assert_eq!(deliver(&base, &uri, &first, at).await, 204);
    // HubSpot delivers again (a retry), and a later batch repeats event 2.
    assert_eq!(deliver(&base, &uri, &first, at + 1).await, 204);
    let second = batch(&[
        event(2, "conversation.creation", 8202, ""),
        event(3, "conversation.creation", 8203, ""),
    ]);
    assert_eq!(deliver(&base, &uri, &second, at + 2).await, 204);
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(next(&mut events).await.0);
    }
    assert_eq!(ids, [Some("1".into()), Some("2".into()), Some("3".into())]);
    // Nothing else is waiting: the next event out is the one sent now.
    let last = batch(&[event(4, "conversation.creation", 8204, "")]);
    assert_eq!(deliver(&base, &uri, &last, at + 3).await, 204);
    assert_eq!(next(&mut events).await.0.as_deref(), Some("4"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_sharing_an_id_are_told_apart_by_type_thread_and_time() {
    let (base, mut events) = start(None, example::QUEUE).await;
    let uri = called(&base);
    let at = now_ms();
    let later = OCCURRED_MS + 1_000;
    // HubSpot does not promise its event ids are unique: four events with
    // id 1, the last three each differing from the first in one part of
    // the key.
    let first = batch(&[
        event(1, "conversation.creation", 8201, ""),
        event(1, "conversation.creation", 8202, ""),
        event_at(1, "conversation.creation", 8201, later, 0, ""),
        event(1, "conversation.deletion", 8201, ""),
    ]);
    assert_eq!(deliver(&base, &uri, &first, at).await, 204);
    // HubSpot delivers the first event again: the same event, only its
    // attemptNumber (so its raw) differs.
    let again = batch(&[event_at(
        1,
        "conversation.creation",
        8201,
        OCCURRED_MS,
        1,
        "",
    )]);
    assert_eq!(deliver(&base, &uri, &again, at + 1).await, 204);
    let last = batch(&[event(2, "conversation.creation", 8203, "")]);
    assert_eq!(deliver(&base, &uri, &last, at + 2).await, 204);
    let mut out = Vec::new();
    for _ in 0..5 {
        let event = events.next().await.expect("an event");
        out.push((
            event.id.expect("an id"),
            event.kind_native.expect("a type"),
            event.thread_id.expect("a thread"),
            event.occurred_at.expect("a time").timestamp_millis(),
        ));
    }
    let key = |id: &str, kind: &str, thread: &str, at: i64| {
        (id.to_owned(), kind.to_owned(), thread.to_owned(), at)
    };
    // Each of the four once, the redelivery skipped: then event 2.
    assert_eq!(
        out,
        [
            key("1", "conversation.creation", "8201", OCCURRED_MS),
            key("1", "conversation.creation", "8202", OCCURRED_MS),
            key("1", "conversation.creation", "8201", later),
            key("1", "conversation.deletion", "8201", OCCURRED_MS),
            key("2", "conversation.creation", "8203", OCCURRED_MS),
        ]
    );
}

/// A consumer of `events` that takes each event, hands its id on (the
/// receiver returned), then blocks until the gate (returned) is notified.
fn gated_consumer(
    mut events: example::Events,
) -> (
    std::sync::Arc<tokio::sync::Notify>,
    tokio::sync::mpsc::UnboundedReceiver<Option<String>>,
    tokio::task::JoinHandle<()>,
) {
    let gate = std::sync::Arc::new(tokio::sync::Notify::new());
    let (handed, consumed) = tokio::sync::mpsc::unbounded_channel();
    let consumer = tokio::spawn({
        let gate = gate.clone();
        async move {
            while let Some(event) = events.next().await {
                if handed.send(event.id).is_err() {
                    break;
                }
                gate.notified().await;
            }
        }
    });
    (gate, consumed, consumer)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_consumer_does_not_delay_the_answer() {
    let (base, events) = start(None, example::QUEUE).await;
    let uri = called(&base);
    let (gate, mut consumed, consumer) = gated_consumer(events);
    let at = now_ms();
    let first = batch(&[event(1, "conversation.creation", 8201, "")]);
    assert_eq!(deliver(&base, &uri, &first, at).await, 204);
    // The consumer has the first event and is now blocked on the gate.
    assert_eq!(consumed.recv().await, Some(Some("1".to_owned())));
    let second = batch(&[event(2, "conversation.creation", 8202, "")]);
    // Answered while the consumer is still blocked: the gate opens only after.
    assert_eq!(deliver(&base, &uri, &second, at).await, 204);
    gate.notify_one();
    assert_eq!(consumed.recv().await, Some(Some("2".to_owned())));
    consumer.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_a_full_queue_a_delivery_is_answered_503_and_its_redelivery_is_consumed_once() {
    // Room for one delivery not yet consumed.
    let (base, events) = start(None, 1).await;
    let uri = called(&base);
    let (gate, mut consumed, consumer) = gated_consumer(events);
    let id = |id: &str| Some(Some(id.to_owned()));
    let at = now_ms();
    let one = batch(&[event(1, "conversation.creation", 8201, "")]);
    assert_eq!(deliver(&base, &uri, &one, at).await, 204);
    // The consumer has taken event 1 off the queue and is blocked.
    assert_eq!(consumed.recv().await, id("1"));
    let two = batch(&[event(2, "conversation.creation", 8202, "")]);
    assert_eq!(deliver(&base, &uri, &two, at).await, 204);
    // The queue holds delivery 2: delivery 3 is one too many.
    let three = batch(&[event(3, "conversation.creation", 8203, "")]);
    assert_eq!(deliver(&base, &uri, &three, at).await, 503);
    gate.notify_one();
    assert_eq!(consumed.recv().await, id("2"));
    // The queue is empty again. Another delivery comes before HubSpot's
    // retry of 3: it is consumed first, so the refused delivery left
    // nothing in the queue.
    let four = batch(&[event(4, "conversation.creation", 8204, "")]);
    assert_eq!(deliver(&base, &uri, &four, at + 1).await, 204);
    gate.notify_one();
    assert_eq!(consumed.recv().await, id("4"));
    // HubSpot's retry of delivery 3 (attemptNumber 1), accepted now.
    let retry = batch(&[event_at(
        3,
        "conversation.creation",
        8203,
        OCCURRED_MS,
        1,
        "",
    )]);
    assert_eq!(deliver(&base, &uri, &retry, at + 2).await, 204);
    gate.notify_one();
    assert_eq!(consumed.recv().await, id("3"));
    // Event 3 came out once: the next one is the one sent now.
    let five = batch(&[event(5, "conversation.creation", 8205, "")]);
    assert_eq!(deliver(&base, &uri, &five, at + 3).await, 204);
    gate.notify_one();
    assert_eq!(consumed.recv().await, id("5"));
    consumer.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_over_one_mib_is_answered_413_and_nothing_of_it_is_consumed() {
    let (base, mut events) = start(None, example::QUEUE).await;
    let uri = called(&base);
    let at = now_ms();
    // A batch of one event padded with JSON whitespace to `size` bytes.
    let padded = |id: i64, size: usize| {
        let body = batch(&[event(id, "conversation.creation", 8200 + id, "")]);
        format!("{body}{}", " ".repeat(size - body.len()))
    };
    assert_eq!(example::BODY_LIMIT, 1024 * 1024);
    // At the limit: read, verified, consumed.
    let full = padded(1, example::BODY_LIMIT);
    assert_eq!(deliver(&base, &uri, &full, at).await, 204);
    // One byte over, signed right: refused before it is verified.
    let over = padded(2, example::BODY_LIMIT + 1);
    assert_eq!(deliver(&base, &uri, &over, at).await, 413);
    let small = batch(&[event(3, "conversation.creation", 8203, "")]);
    assert_eq!(deliver(&base, &uri, &small, at).await, 204);
    assert_eq!(next(&mut events).await.0.as_deref(), Some("1"));
    assert_eq!(next(&mut events).await.0.as_deref(), Some("3"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_proxy_the_public_url_is_what_is_signed() {
    let (base, mut events) = start(Some("https://hooks.example.com/in/"), example::QUEUE).await;
    let body = batch(&[event(5, "conversation.creation", 8205, "")]);
    let at = now_ms();
    // Signed for the loopback URL the receiver sees: not what HubSpot called.
    assert_eq!(deliver(&base, &called(&base), &body, at).await, 401);
    let public = format!("https://hooks.example.com/in{PATH}");
    assert_eq!(deliver(&base, &public, &body, at).await, 204);
    assert_eq!(
        next(&mut events).await,
        expected("5", EventKind::ThreadCreated, "8205", None)
    );
}

#[test]
fn a_provider_without_webhooks_gets_no_receiver() {
    let refused = example::Receiver::new(
        Provider::Contactship,
        SecretString::from(SECRET),
        None,
        example::QUEUE,
    );
    assert!(
        refused.is_err_and(|e| e.contains("contactship sends no webhooks")),
        "contactship declares no webhooks"
    );
}

#[test]
fn the_window_of_seen_keys_is_bounded_and_ignores_events_without_an_id() {
    let keyed = |id: Option<&str>, kind: &str, thread: &str, at: &str, attempt: u32| {
        serde_json::from_value::<conversations::ConversationEvent>(serde_json::json!({
            "provider": "hubspot", "id": id, "kind": "unknown", "kind_native": kind,
            "occurred_at": at, "thread_id": thread, "message_id": null, "message_kind": null,
            "changed": null, "status": null, "assignee": null, "archived": null,
            "permanent": null, "raw": { "attemptNumber": attempt }
        }))
        .expect("an event")
    };
    let t0 = "2025-12-06T00:00:00Z";
    let event = |id: Option<&str>| keyed(id, "conversation.creation", "8201", t0, 0);
    let mut seen = example::Seen::new(2);
    assert!(seen.first_time(&event(Some("a"))));
    assert!(!seen.first_time(&event(Some("a"))));
    assert!(seen.first_time(&event(Some("b"))));
    assert!(seen.first_time(&event(Some("c")))); // forgets `a`
    assert!(seen.first_time(&event(Some("a"))));
    assert!(!seen.first_time(&event(Some("c"))));
    assert!(seen.first_time(&event(None)));
    assert!(seen.first_time(&event(None)));
    // The key is the id with the provider, native type, thread and time;
    // not the raw event.
    let mut seen = example::Seen::new(10);
    assert!(seen.first_time(&keyed(Some("a"), "conversation.creation", "8201", t0, 0)));
    assert!(!seen.first_time(&keyed(Some("a"), "conversation.creation", "8201", t0, 1)));
    assert!(seen.first_time(&keyed(Some("a"), "conversation.deletion", "8201", t0, 0)));
    assert!(seen.first_time(&keyed(Some("a"), "conversation.creation", "8202", t0, 0)));
    let t1 = "2025-12-06T00:00:01Z";
    assert!(seen.first_time(&keyed(Some("a"), "conversation.creation", "8201", t1, 0)));
    assert!(!seen.first_time(&keyed(Some("a"), "conversation.creation", "8202", t0, 1)));
}
