// Template: generated/conversations/examples/receiver.rs, as it stands (no
// slots: the providers, their schemes and secret variables are asked of
// `conversations::Webhooks` at run time). Read by
// generator/codegen/src/conversations/examples.rs. It names the
// `conversations` crate, so it is compiled as that crate's example (and as a
// module of the integration tests, tests/tests/it/receiver.rs, which drive
// `router`, `serve` and `Events` over loopback), not on its own: it has no
// `mod common;` for that reason.

//! A webhook receiver: verifies each delivery a provider posts, answers at
//! once, and prints the normalized events on standard output, one JSON line
//! each (`conversations::ConversationEvent`).
//!
//! ```text
//! HUBSPOT_CLIENT_SECRET=… cargo run -q -p conversations --example receiver -- \
//!     --provider hubspot [--port 8080] [--bind 127.0.0.1] [--public-url https://hooks.example.com]
//! ```
//!
//! - The secret is read from the variable
//!   `conversations::Webhooks::secret_variable` names for the provider
//!   (e.g. `HUBSPOT_CLIENT_SECRET`, the app's client secret); `--help` lists
//!   the providers that send webhooks and their variables.
//! - Every path takes a POST. A signature covers the URL the provider
//!   called, so it is rebuilt as `https://` + the `Host` header + the path
//!   and query received. Behind a proxy or a tunnel the receiver sees
//!   neither that scheme nor that host: `--public-url BASE` gives them
//!   (`BASE` + the path and query received).
//! - Answers: 204 as soon as the delivery is verified, before its events
//!   are printed (HubSpot counts an answer slower than 5 seconds as failed,
//!   and delivers again); 401 for a signature that does not match or a
//!   timestamp too old or too new; 400 for a body that is not the
//!   provider's batch of events (or a header not of the scheme's form); 413
//!   for a body over 1 MiB (a HubSpot batch is at most 100 small events);
//!   405 for another method than POST; 500 when the receiver itself is
//!   misconfigured.
//! - 503 while the queue of deliveries not yet printed is full (1,024
//!   deliveries): the delivery's events are refused, not queued. HubSpot
//!   counts a 503 as a failed delivery and delivers the batch again later
//!   (up to 10 times over 24 hours); Go!Chat documents no retries, so its
//!   events refused with 503 are lost unless it does deliver again.
//! - Deliveries repeat: an event is skipped when one with the same
//!   provider, id, native type (`kind_native`), thread and time
//!   (`occurred_at`) was among the last 10,000 printed. The id alone is not
//!   the key: HubSpot does not promise its event ids are unique, while a
//!   redelivery repeats all five (only its `raw` differs, by HubSpot's
//!   `attemptNumber`). An event without an id is never skipped.
//! - Standard error gets one line per request, refused ones included:
//!   method, path (without the query), status, the number of events (those
//!   refused with 503 too), and why a request was refused. Never the
//!   secret, a signature or any header's value.
//!
//! Exit codes: 2 on a usage error (also a missing secret variable); 3 when
//! the provider sends no webhooks; 1 when the address cannot be listened
//! on or the server fails; 0 when standard output is closed.

use std::collections::{HashSet, VecDeque};
use std::process::ExitCode;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use conversations::{ConversationEvent, Provider, Request, SecretString, Webhooks};
use tokio::sync::mpsc;

/// How many verified deliveries may wait to be printed; past that the
/// receiver answers 503 (HubSpot delivers again later; a provider that does
/// not retry loses those events).
pub const QUEUE: usize = 1024;

/// How many events' keys ([`Seen`]) the receiver remembers to skip a
/// repeated delivery.
pub const WINDOW: usize = 10_000;

/// The largest body read: 1 MiB. A HubSpot batch is at most 100 events of a
/// few hundred bytes each, a Go!Chat delivery one event; a larger body is
/// answered 413 before it is verified.
pub const BODY_LIMIT: usize = 1024 * 1024;

/// What every request shares: the provider's verifier, the URL it calls,
/// and the queue verified events go to.
pub struct Receiver {
    provider: Provider,
    webhooks: Webhooks,
    public_url: Option<String>,
    queue: mpsc::Sender<Vec<ConversationEvent>>,
}

impl Receiver {
    /// A receiver of `provider`'s deliveries, verified with `secret`, and
    /// the [`Events`] they go to. `public_url` is the scheme and host (and
    /// any path prefix) the provider calls, when the receiver is behind a
    /// proxy: `https://hooks.example.com`; without it, `https://` and the
    /// `Host` header. `queue` is how many verified deliveries may wait for
    /// [`Events::next`] ([`QUEUE`]; at least 1): one more is answered 503.
    ///
    /// # Errors
    /// The provider sends no webhooks.
    pub fn new(
        provider: Provider,
        secret: SecretString,
        public_url: Option<String>,
        queue: usize,
    ) -> Result<(Self, Events), String> {
        if Webhooks::scheme(provider).is_none() {
            return Err(format!("{provider} sends no webhooks (its spec declares none)"));
        }
        let (queue, received) = mpsc::channel(queue.max(1));
        let public_url = public_url.map(|url| url.trim_end_matches('/').to_owned());
        let receiver = Receiver { provider, webhooks: Webhooks::new(provider, secret), public_url, queue };
        Ok((receiver, Events { queue: received, pending: VecDeque::new(), seen: Seen::new(WINDOW) }))
    }

    /// The URL the provider called, from the path and query received: a
    /// signature covers it. `None` without `--public-url` nor a `Host`.
    fn called_url(&self, uri: &Uri, headers: &HeaderMap) -> Option<String> {
        let path = uri.path_and_query().map_or("/", |p| p.as_str());
        if let Some(base) = &self.public_url {
            return Some(format!("{base}{path}"));
        }
        let host = match uri.authority() {
            Some(authority) => authority.as_str(),
            None => headers.get(axum::http::header::HOST)?.to_str().ok()?,
        };
        Some(format!("https://{host}{path}"))
    }
}

/// The receiver's routes: a POST on any path is a delivery. Every method
/// reaches [`receive`], so that another one is answered 405 with its line
/// on standard error too.
pub fn router(receiver: Receiver) -> axum::Router {
    let receive = axum::routing::any(receive);
    axum::Router::new()
        .route("/", receive.clone())
        .route("/{*path}", receive)
        // Instead of axum's 2 MB: see BODY_LIMIT.
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(Arc::new(receiver))
}

/// Serves `receiver` on `listener` until the server fails.
///
/// # Errors
/// The listener fails.
pub async fn serve(listener: tokio::net::TcpListener, receiver: Receiver) -> std::io::Result<()> {
    axum::serve(listener, router(receiver)).await
}

/// One request: a delivery verified, queued, answered; one line on
/// standard error whatever the answer.
async fn receive(
    State(receiver): State<Arc<Receiver>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let (status, count, why) = match (receiver.called_url(&uri, &headers), body) {
        _ if method != Method::POST => (StatusCode::METHOD_NOT_ALLOWED, 0, "a delivery is a POST".to_owned()),
        (_, Err(rejection)) if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            (StatusCode::PAYLOAD_TOO_LARGE, 0, format!("the body is over {BODY_LIMIT} bytes (not verified)"))
        }
        (_, Err(rejection)) => (rejection.status(), 0, rejection.body_text()),
        (None, _) => (StatusCode::BAD_REQUEST, 0, "no Host header: start the receiver with --public-url".to_owned()),
        (Some(url), Ok(body)) => {
            let request = Request::new(method.as_str(), url, headers, body);
            match receiver.webhooks.verify_webhook(&request) {
                Ok(events) => {
                    let count = events.len();
                    match receiver.queue.try_send(events) {
                        Ok(()) => (StatusCode::NO_CONTENT, count, String::new()),
                        Err(_) => (
                            StatusCode::SERVICE_UNAVAILABLE,
                            count,
                            "the queue is full: refused; HubSpot delivers again later, Go!Chat documents no retries".to_owned(),
                        ),
                    }
                }
                Err(error) => {
                    let status = error.webhook().map_or(StatusCode::INTERNAL_SERVER_ERROR, |e| e.status());
                    (status, 0, error.webhook().map_or_else(|| error.to_string(), ToString::to_string))
                }
            }
        }
    };
    let why = if why.is_empty() { why } else { format!(": {why}") };
    let events = if count == 1 { "event" } else { "events" };
    eprintln!("{} {method} {} → {} ({count} {events}){why}", receiver.provider, uri.path(), status.as_u16());
    if status == StatusCode::METHOD_NOT_ALLOWED {
        return (status, [(header::ALLOW, "POST")]).into_response();
    }
    status.into_response()
}

/// The verified events, in the order they came, each [`Seen`] key once
/// within the last [`WINDOW`].
pub struct Events {
    queue: mpsc::Receiver<Vec<ConversationEvent>>,
    pending: VecDeque<ConversationEvent>,
    seen: Seen,
}

impl Events {
    /// The next event not seen before; `None` once every [`Receiver`] (and
    /// so the server) is gone.
    pub async fn next(&mut self) -> Option<ConversationEvent> {
        loop {
            while let Some(event) = self.pending.pop_front() {
                if self.seen.first_time(&event) {
                    return Some(event);
                }
            }
            self.pending = self.queue.recv().await?.into();
        }
    }
}

/// What tells a repeated delivery of an event from another event: the
/// provider, its id, native type, thread and time. HubSpot does not promise
/// its event ids are unique; a redelivery repeats all of these (its `raw`
/// differs, by `attemptNumber`, so it is not part of the key).
#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    provider: Provider,
    id: String,
    kind_native: Option<String>,
    thread_id: Option<String>,
    occurred_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// The keys of the events seen last, at most `capacity`: the oldest is
/// forgotten first.
pub struct Seen {
    keys: HashSet<Key>,
    order: VecDeque<Key>,
    capacity: usize,
}

impl Seen {
    /// Remembers up to `capacity` keys.
    pub fn new(capacity: usize) -> Self {
        Seen { keys: HashSet::new(), order: VecDeque::new(), capacity }
    }

    /// Whether `event` is new (and now remembered): false when an event
    /// with the same provider, id, `kind_native`, `thread_id` and
    /// `occurred_at` was seen within the window; true for an event without
    /// an id.
    pub fn first_time(&mut self, event: &ConversationEvent) -> bool {
        let Some(id) = &event.id else {
            return true;
        };
        let key = Key {
            provider: event.provider,
            id: id.clone(),
            kind_native: event.kind_native.clone(),
            thread_id: event.thread_id.clone(),
            occurred_at: event.occurred_at,
        };
        if self.keys.contains(&key) {
            return false;
        }
        if self.capacity == 0 {
            return true;
        }
        if self.order.len() >= self.capacity && let Some(oldest) = self.order.pop_front() {
            self.keys.remove(&oldest);
        }
        self.keys.insert(key.clone());
        self.order.push_back(key);
        true
    }
}

struct Args {
    provider: Provider,
    address: String,
    public_url: Option<String>,
}

/// Why the receiver stopped, and its exit code.
enum Failure {
    /// 2: the command line or the environment is wrong.
    Usage(String),
    /// 3: the provider sends no webhooks.
    Unsupported(String),
    /// 1: the address cannot be listened on, or the server failed.
    Failed(String),
}

/// The providers that send webhooks, and their secret variables, for the
/// usage text.
fn usage() -> String {
    let providers: Vec<String> = Provider::ALL
        .iter()
        .filter_map(|p| Webhooks::secret_variable(*p).map(|variable| format!("{p} (secret in {variable})")))
        .collect();
    format!(
        "usage: receiver --provider <p> [--port N (8080)] [--bind ADDRESS (127.0.0.1)] [--public-url BASE]\n\
         providers with webhooks: {}",
        providers.join(", ")
    )
}

fn parse(args: Vec<String>) -> Result<Args, Failure> {
    let wrong = |message: String| Failure::Usage(format!("{message}\n{}", usage()));
    let (mut provider, mut port, mut bind, mut public_url) = (None, 8080u16, "127.0.0.1".to_owned(), None);
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| wrong(format!("{arg} needs a value")));
        match arg.as_str() {
            "--provider" => provider = Some(value()?),
            "--port" => {
                let given = value()?;
                port = given.parse().map_err(|_| wrong(format!("--port takes a port number, not `{given}`")))?;
            }
            "--bind" => bind = value()?,
            "--public-url" => {
                let given = value()?;
                if !(given.starts_with("https://") || given.starts_with("http://")) {
                    return Err(wrong(format!("--public-url takes the URL the provider calls (https://host), not `{given}`")));
                }
                public_url = Some(given);
            }
            "--help" | "-h" => return Err(Failure::Usage(usage())),
            other => return Err(wrong(format!("unknown argument `{other}`"))),
        }
    }
    let provider = provider.ok_or_else(|| wrong("--provider is required".to_owned()))?;
    let provider: Provider = provider.parse().map_err(|e| wrong(format!("{e}")))?;
    let address = if bind.contains(':') { format!("[{bind}]:{port}") } else { format!("{bind}:{port}") };
    Ok(Args { provider, address, public_url })
}

/// The provider's secret, from its variable.
fn secret(provider: Provider) -> Result<SecretString, Failure> {
    let variable = Webhooks::secret_variable(provider)
        .ok_or_else(|| Failure::Unsupported(format!("{provider} sends no webhooks (its spec declares none)")))?;
    match std::env::var(variable) {
        Ok(value) if !value.is_empty() => Ok(SecretString::from(value)),
        _ => Err(Failure::Usage(format!("set {variable} to the secret {provider} signs its webhooks with"))),
    }
}

/// Prints each event as one JSON line until the server is gone or standard
/// output is closed.
async fn print(mut events: Events) -> Result<(), Failure> {
    use std::io::Write as _;
    while let Some(event) = events.next().await {
        let line = serde_json::to_string(&event).map_err(|e| Failure::Failed(format!("cannot write an event as JSON: {e}")))?;
        let mut stdout = std::io::stdout().lock();
        match writeln!(stdout, "{line}").and_then(|()| stdout.flush()) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return Ok(()),
            Err(e) => return Err(Failure::Failed(format!("cannot write the output: {e}"))),
        }
    }
    Ok(())
}

async fn run(args: Vec<String>) -> Result<(), Failure> {
    let args = parse(args)?;
    let secret = secret(args.provider)?;
    let (receiver, events) =
        Receiver::new(args.provider, secret, args.public_url, QUEUE).map_err(Failure::Unsupported)?;
    let listener = tokio::net::TcpListener::bind(&args.address)
        .await
        .map_err(|e| Failure::Failed(format!("cannot listen on {}: {e}", args.address)))?;
    // The address bound, so that `--port 0` (any free port) says which.
    let bound = listener.local_addr().map_or_else(|_| args.address.clone(), |a| a.to_string());
    eprintln!("receiving {} webhooks on http://{bound}", args.provider);
    let printer = tokio::spawn(print(events));
    tokio::select! {
        served = serve(listener, receiver) => served.map_err(|e| Failure::Failed(format!("the server failed: {e}"))),
        printed = printer => match printed {
            Ok(outcome) => outcome,
            Err(e) => Err(Failure::Failed(format!("the printer failed: {e}"))),
        },
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let (code, message) = match run(std::env::args().skip(1).collect()).await {
        Ok(()) => return ExitCode::SUCCESS,
        Err(Failure::Usage(message)) => (2, message),
        Err(Failure::Unsupported(message)) => (3, message),
        Err(Failure::Failed(message)) => (1, message),
    };
    eprintln!("error: {message}");
    ExitCode::from(code)
}
