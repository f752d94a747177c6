// Template of `src/webhooks.rs` of the `conversations` crate: `Webhooks`,
// which verifies a delivery of any provider's webhook and normalizes its
// events. Read by generator/codegen/src/conversations/lib_rs.rs; slots it
// fills, each a `match` over `Provider`:
// - `match_verify_webhook!()`: each provider's `verify_webhook`, or
//   `Error::Unsupported` for a provider without an `event:` mapping;
// - `match_scheme!()`: the client crate's signature scheme, or `None`;
// - `match_secret_variable!()`: the examples' environment variable, or `None`.
// Compiled as it stands by `templates::tests` (with stubs for the model).

use std::time::SystemTime;

use super::model::{ConversationEvent, EventKind, Provider};
use client_runtime::{Error, Raw};

pub use client_runtime::webhooks::{
    Request, SecretString, SignatureScheme, WebhookError, WebhookErrorKind,
};

/// Verifies the webhook deliveries of one provider and normalizes their
/// events into [`ConversationEvent`]s.
///
/// The signature (or token) and the timestamp are checked over the request
/// exactly as received, before a byte of the body is parsed; each event then
/// goes through the provider's `event:` mapping (`specs/mappings/`). An event
/// the mapping cannot read is [`EventKind::Unknown`] with its `raw`, so one
/// event never fails a batch. Deliveries repeat: de-duplicate on
/// [`ConversationEvent::id`] with its kind, thread and time (HubSpot does not
/// promise its event ids are unique).
///
/// ```no_run
/// use conversations::{Provider, Request, SecretString, Webhooks};
///
/// fn receive(request: Request) -> u16 {
///     let secret = SecretString::from(std::env::var("HUBSPOT_CLIENT_SECRET").unwrap_or_default());
///     let webhooks = Webhooks::new(Provider::Hubspot, secret);
///     match webhooks.verify_webhook(&request) {
///         Ok(events) => {
///             for event in events {
///                 println!("{:?} on thread {:?}", event.kind, event.thread_id);
///             }
///             204
///         }
///         // 401 (not authentic or not fresh) or 400 (not a batch of events).
///         Err(error) => error.webhook().map_or(500, |w| w.status().as_u16()),
///     }
/// }
/// ```
#[derive(Clone, Debug)]
pub struct Webhooks {
    provider: Provider,
    secret: SecretString,
}

impl Webhooks {
    /// Verifies `provider`'s deliveries with `secret`: the key of its
    /// signature, or the token it sends (see [`Webhooks::scheme`]). The
    /// secret never appears in `Debug` or in an error.
    pub fn new(provider: Provider, secret: SecretString) -> Self {
        Self { provider, secret }
    }

    /// The provider whose deliveries this verifies.
    pub fn provider(&self) -> Provider {
        self.provider
    }

    /// Verifies `request` now and normalizes its events, in the order the
    /// body lists them.
    ///
    /// # Errors
    /// [`Error::Webhook`] when the delivery is refused: answer the provider
    /// with its `status()` (401: signature, token or timestamp; 400: a body
    /// that is not the provider's events; 500: an empty secret, the
    /// receiver's own mistake). [`Error::Unsupported`] for a provider that
    /// documents no conversation events.
    pub fn verify_webhook(&self, request: &Request) -> Result<Vec<ConversationEvent>, Error> {
        self.verify_webhook_at(request, SystemTime::now())
    }

    /// [`Webhooks::verify_webhook`] with the timestamp checked against `now`
    /// instead of the clock: for tests, and for replaying a stored delivery.
    ///
    /// # Errors
    /// As [`Webhooks::verify_webhook`].
    pub fn verify_webhook_at(
        &self,
        request: &Request,
        now: SystemTime,
    ) -> Result<Vec<ConversationEvent>, Error> {
        let (provider, secret) = (self.provider, &self.secret);
        match_verify_webhook!()
    }

    /// How `provider` signs its deliveries (which headers carry the
    /// signature and the timestamp), from its spec's `x-webhook-signature`;
    /// `None` when it documents no conversation events.
    pub fn scheme(provider: Provider) -> Option<&'static SignatureScheme> {
        match_scheme!()
    }

    /// The environment variable the examples read `provider`'s secret from:
    /// `<PROVIDER>_CLIENT_SECRET` for the key of a signature (HubSpot's
    /// "client secret"), `<PROVIDER>_WEBHOOK_TOKEN` for a token the provider
    /// sends as it is; `None` without webhooks.
    pub fn secret_variable(provider: Provider) -> Option<&'static str> {
        match_secret_variable!()
    }
}

impl ConversationEvent {
    /// The event with the fields that do not apply to its kind cleared
    /// (`shared/design/normalized-model.md`, "Events"): a thread id for the
    /// thread and message kinds only, a message id and kind for
    /// `message_created`, what changed for `thread_changed`, `permanent` for
    /// `thread_deleted`. A mapping reads fields without knowing the kind
    /// (an unknown HubSpot type still has an `objectId`, which is not a
    /// thread's): this keeps `unknown` to its id, type, time and `raw`.
    pub(crate) fn only_what_applies(mut self) -> Self {
        let kind = self.kind;
        if kind == EventKind::Unknown {
            self.thread_id = None;
        }
        if kind != EventKind::MessageCreated {
            self.message_id = None;
            self.message_kind = None;
        }
        if kind != EventKind::ThreadChanged {
            self.changed = None;
            self.status = None;
            self.assignee = None;
            self.archived = None;
        }
        if kind != EventKind::ThreadDeleted {
            self.permanent = None;
        }
        self
    }

    /// An event that does not decode as the provider's event schema: only
    /// what it is (`unknown`), who sent it and its `raw`.
    pub(crate) fn unread(provider: Provider, raw: Raw) -> Self {
        Self {
            provider,
            id: None,
            kind: EventKind::Unknown,
            kind_native: None,
            occurred_at: None,
            thread_id: None,
            message_id: None,
            message_kind: None,
            changed: None,
            status: None,
            assignee: None,
            archived: None,
            permanent: None,
            raw,
        }
    }
}
