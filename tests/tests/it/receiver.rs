//! The `conversations` crate's `receiver` example, as generated, over real
//! HTTP on loopback: HubSpot deliveries signed here as HubSpot signs them
//! (signature v3, computed with hmac/sha2/base64 directly, not with our
//! verifier) go through its axum router, and the events come out of its
//! `Events` queue, de-duplicated.

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

/// A receiver of HubSpot deliveries listening on a free loopback port: its
/// base URL (`http://127.0.0.1:PORT`) and its events.
async fn start(public_url: Option<&str>) -> (String, example::Events) {
    let (receiver, events) = example::Receiver::new(
        Provider::Hubspot,
        SecretString::from(SECRET),
        public_url.map(str::to_owned),
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

/// One HubSpot event, as HubSpot sends it.
fn event(id: i64, kind: &str, thread: i64, extra: &str) -> String {
    format!(
        r#"{{"objectId":{thread},"subscriptionType":"{kind}","eventId":{id},"subscriptionId":2,"portalId":62515,"appId":4,"occurredAt":1764979200000,"attemptNumber":0{extra}}}"#
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
    let (base, mut events) = start(None).await;
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
    let (base, mut events) = start(None).await;
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
    let (base, mut events) = start(None).await;
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
async fn a_slow_consumer_does_not_delay_the_answer() {
    let (base, mut events) = start(None).await;
    let uri = called(&base);
    let gate = std::sync::Arc::new(tokio::sync::Notify::new());
    let (handed, mut consumed) = tokio::sync::mpsc::unbounded_channel();
    // A consumer that takes each event, hands it on, then blocks until the
    // test lets it go on.
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
async fn behind_a_proxy_the_public_url_is_what_is_signed() {
    let (base, mut events) = start(Some("https://hooks.example.com/in/")).await;
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
    let refused = example::Receiver::new(Provider::Contactship, SecretString::from(SECRET), None);
    assert!(
        refused.is_err_and(|e| e.contains("contactship sends no webhooks")),
        "contactship declares no webhooks"
    );
}

#[test]
fn the_window_of_seen_ids_is_bounded_and_ignores_events_without_an_id() {
    let event = |id: Option<&str>| conversations::ConversationEvent {
        id: id.map(str::to_owned),
        ..serde_json::from_value(serde_json::json!({
            "provider": "hubspot", "id": null, "kind": "unknown", "kind_native": null,
            "occurred_at": null, "thread_id": null, "message_id": null, "message_kind": null,
            "changed": null, "status": null, "assignee": null, "archived": null,
            "permanent": null, "raw": {}
        }))
        .expect("an event")
    };
    let mut seen = example::Seen::new(2);
    assert!(seen.first_time(&event(Some("a"))));
    assert!(!seen.first_time(&event(Some("a"))));
    assert!(seen.first_time(&event(Some("b"))));
    assert!(seen.first_time(&event(Some("c")))); // forgets `a`
    assert!(seen.first_time(&event(Some("a"))));
    assert!(!seen.first_time(&event(Some("c"))));
    assert!(seen.first_time(&event(None)));
    assert!(seen.first_time(&event(None)));
}
