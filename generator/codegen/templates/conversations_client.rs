// Template: generated/conversations/src/client.rs, the unified client: the
// `ConversationsClient` trait, its queries, updates and errors, and the
// crate-level normalizing functions. Read by
// generator/codegen/src/conversations/lib_rs.rs; slots it fills:
// - `match_thread_from_json!()`, `match_thread_from_bytes!()`,
//   `match_message_from_json!()`, `match_message_from_bytes!()`: a `match`
//   over `Provider` calling each provider's module.
// Compiled as it stands by `templates::tests` (with stubs for the model).

use super::model::{AssigneeKind, Message, Provider, Thread, ThreadStatus};

pub use client_runtime::{Error, ErrorKind, Raw, RetryPolicy, Timeouts};

/// The items of a list, page after page: a `futures::Stream` (read it with
/// `futures::StreamExt` or `TryStreamExt`). Pages are requested only as the
/// stream is read, so `.take(n)` (or [`ThreadQuery::limit`]) never fetches
/// a page it does not need. A page that fails ends the stream with its
/// error, after the items already yielded.
pub type Items<'a, T> = client_runtime::paging::Items<'a, T, Error>;

/// Which threads [`ConversationsClient::list_threads`] lists. Every field
/// is optional; `ThreadQuery::default()` lists every thread the provider
/// lists by default.
///
/// A filter the provider applies is sent to it; one it cannot apply is
/// applied here, to each normalized thread, as the crate docs' operations table
/// says per provider. Filtering here still reads every page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ThreadQuery {
    /// Only threads with this normalized status. A status the provider has
    /// no word for (HubSpot has no `pending`) is refused with
    /// [`Error::Invalid`] where the provider filters by status.
    pub status: ::std::option::Option<ThreadStatus>,
    /// The provider's inbox, service or account id (HubSpot's `inboxId`,
    /// DelightBridge's `serviceId`, which it requires).
    pub inbox: ::std::option::Option<::std::string::String>,
    /// Only threads updated (or, where the provider has no update time,
    /// with a message) at or after this instant.
    pub updated_after: ::std::option::Option<::chrono::DateTime<::chrono::Utc>>,
    /// Items per page, as the provider's page-size parameter; the
    /// provider's default where `None` or where it has none.
    pub page_size: ::std::option::Option<u32>,
    /// The most threads to yield in all: the stream ends there without
    /// requesting a further page.
    pub limit: ::std::option::Option<usize>,
}

/// A reply to send with [`ConversationsClient::send_message`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NewMessage {
    /// The plain-text body.
    pub text: ::std::string::String,
    /// An HTML body, where the provider takes one (sent instead of `text`
    /// by DelightBridge, beside it by HubSpot).
    pub html: ::std::option::Option<::std::string::String>,
    /// Who sends it, in the provider's ids: HubSpot requires the sending
    /// agent's actor id (`A-…`); a reply without it is refused with
    /// [`Error::Invalid`] before any request.
    pub sender: ::std::option::Option<::std::string::String>,
}

impl NewMessage {
    /// A plain-text reply.
    pub fn text(text: impl Into<::std::string::String>) -> Self {
        Self { text: text.into(), ..Self::default() }
    }
}

/// What a sent reply became, as far as the provider says: the normalized
/// message where it returns one, else its ids and status (never a made-up
/// message).
#[derive(Clone, Debug, PartialEq, ::serde::Serialize)]
pub struct Sent {
    /// The message as the provider returned it, normalized.
    pub message: ::std::option::Option<Message>,
    /// The provider's id of what was sent, where it returns one
    /// (Contactship's `data.message_id`, DelightBridge's `gmailMessageId`).
    pub id: ::std::option::Option<::std::string::String>,
    /// The provider's status of the send, verbatim (`sent`, `pending`).
    pub status: ::std::option::Option<::std::string::String>,
    /// The last response's body verbatim; `null` when it had none (a 204).
    pub raw: Raw,
}

/// A change of a thread's assignee.
#[derive(Clone, Debug, PartialEq)]
pub enum AssigneeUpdate {
    /// Assign the thread to `id`, a person (`AssigneeKind::Agent`) or a bot.
    Set {
        /// The provider's id of the assignee.
        id: ::std::string::String,
        /// Who it is, where the provider needs to be told (Contactship).
        kind: AssigneeKind,
    },
    /// Leave the thread unassigned.
    Clear,
}

/// The changes [`ConversationsClient::update_thread`] makes; `None` leaves
/// a field as it is. A change the provider cannot make is refused with
/// [`Error::Invalid`] naming the field, before any request.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ThreadUpdate {
    /// The new status, written back in the provider's words (the reverse of
    /// the status mapping in the crate docs' matrix).
    pub status: ::std::option::Option<ThreadStatus>,
    /// The new assignee, or none.
    pub assignee: ::std::option::Option<AssigneeUpdate>,
}

/// The filters of a [`ThreadQuery`] the provider applied itself.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Applied {
    pub(crate) status: bool,
    pub(crate) updated_after: bool,
}

/// `threads` with the filters the provider did not apply, and the limit.
pub(crate) fn filtered<'a>(threads: Items<'a, Thread>, query: &ThreadQuery, applied: Applied) -> Items<'a, Thread> {
    let status = query.status.filter(|_| !applied.status);
    let after = query.updated_after.filter(|_| !applied.updated_after);
    if status.is_none() && after.is_none() {
        // Nothing to filter: no layer for each thread to pass through.
        return match query.limit {
            Some(limit) => Box::pin(::futures::StreamExt::take(threads, limit)),
            None => threads,
        };
    }
    let kept = ::futures::StreamExt::filter(threads, move |item| {
        let keep = match item {
            Ok(thread) => {
                status.is_none_or(|s| thread.status == s)
                    // A thread with no time at all is kept: it cannot be
                    // shown to be older.
                    && after.is_none_or(|after| {
                        thread.updated_at.or(thread.last_message_at).is_none_or(|at| at >= after)
                    })
            }
            Err(_) => true,
        };
        ::std::future::ready(keep)
    });
    match query.limit {
        Some(limit) => Box::pin(::futures::StreamExt::take(kept, limit)),
        None => Box::pin(kept),
    }
}

/// A stream whose only item is `error`: a list refused before any request.
pub(crate) fn refused<'a, T: Send + 'a>(error: Error) -> Items<'a, T> {
    Box::pin(::futures::stream::once(::std::future::ready(Err(error))))
}

/// The future the methods of [`ConversationsClient`] return: boxed, so
/// that the trait can be used as `Box<dyn ConversationsClient>`.
pub type BoxFuture<'a, T> = ::std::pin::Pin<Box<dyn ::std::future::Future<Output = T> + Send + 'a>>;

/// One interface over every provider's client: list, read, reply to and
/// update threads, normalized.
///
/// Implemented for each generated client (`contactship_client::Client`,
/// …), with the client's credential, retry policy and tracing. Use it
/// through generics or as `Box<dyn ConversationsClient>`; implement it
/// to put a fake in a test.
///
/// The four list and write operations answer [`Error::Unsupported`]
/// unless implemented, so a fake needs only what its test calls.
///
/// The operations come from the mapping files: a section's
/// `operation` is what `get_thread` or `get_message` calls, and the
/// `operations:` section says what the others send. An operation a
/// provider lacks answers [`Error::Unsupported`], never an empty result.
/// Writes keep the client's retry rules: a reply is retried only after a
/// `429` or a refused connection, unless the provider deduplicates it.
pub trait ConversationsClient: Send + Sync {
    /// The provider this client talks to.
    fn provider(&self) -> Provider;

    /// Fetches the thread `id` and normalizes it; `raw` holds the
    /// payload exactly as received.
    ///
    /// # Errors
    /// [`Error`]: transport, timeout, HTTP status (with the provider's
    /// message), decode (with the body), or mapping; see
    /// [`Error::is_retryable`].
    fn get_thread<'a>(&'a self, id: &'a str) -> BoxFuture<'a, ::std::result::Result<Thread, Error>>;

    /// Fetches the message `id` and normalizes it, where the provider
    /// has a message operation; [`Error::Unsupported`] otherwise.
    ///
    /// # Errors
    /// As [`ConversationsClient::get_thread`].
    fn get_message<'a>(&'a self, id: &'a str) -> BoxFuture<'a, ::std::result::Result<Message, Error>>;

    /// Lists threads, normalized, page after page over the provider's
    /// paging scheme, filtered and limited as `query` says.
    ///
    /// # Errors
    /// Each item is a [`Thread`] or, ending the stream, an [`Error`]: as
    /// [`ConversationsClient::get_thread`], or [`Error::Invalid`] for a
    /// query the provider cannot take (DelightBridge without `inbox`), or
    /// [`Error::Unsupported`].
    fn list_threads<'a>(&'a self, query: ThreadQuery) -> Items<'a, Thread> {
        let _ = query;
        refused(Error::Unsupported { provider: self.provider().as_str(), operation: "list_threads" })
    }

    /// Lists the messages of the thread `thread_id`, normalized, oldest
    /// first where the provider says so, page after page.
    ///
    /// # Errors
    /// As [`ConversationsClient::list_threads`].
    fn list_messages<'a>(&'a self, thread_id: &'a str) -> Items<'a, Message> {
        let _ = thread_id;
        refused(Error::Unsupported { provider: self.provider().as_str(), operation: "list_messages" })
    }

    /// Sends `message` as a reply in the thread `thread_id`.
    ///
    /// # Errors
    /// As [`ConversationsClient::get_thread`]; [`Error::Invalid`] naming
    /// the field when the provider needs one that is missing, before any
    /// request; [`Error::Unsupported`]. A reply that failed with a `5xx` or
    /// a timeout may still have been sent: it is not retried.
    fn send_message<'a>(&'a self, thread_id: &'a str, message: NewMessage) -> BoxFuture<'a, ::std::result::Result<Sent, Error>> {
        let _ = (thread_id, message);
        let provider = self.provider().as_str();
        Box::pin(async move { Err(Error::Unsupported { provider, operation: "send_message" }) })
    }

    /// Changes the thread `thread_id` and returns it as it is afterwards.
    ///
    /// # Errors
    /// As [`ConversationsClient::send_message`]; [`Error::Invalid`] for a
    /// status or assignee the provider has no word for.
    fn update_thread<'a>(&'a self, thread_id: &'a str, update: ThreadUpdate) -> BoxFuture<'a, ::std::result::Result<Thread, Error>> {
        let _ = (thread_id, update);
        let provider = self.provider().as_str();
        Box::pin(async move { Err(Error::Unsupported { provider, operation: "update_thread" }) })
    }
}

/// Why a payload could not be normalized.
#[derive(Debug)]
#[non_exhaustive]
pub enum MappingError {
    /// The payload does not decode into the provider's type: it is not
    /// JSON of that shape (a field has the wrong type, or it is not an
    /// object). `source` says where.
    Decode {
        /// The provider whose type was expected.
        provider: Provider,
        /// The provider schema, e.g. `Thread`.
        schema: &'static str,
        /// serde_json's error, with the line and column.
        source: ::serde_json::Error,
    },
    /// The payload lacks a field the model requires (a thread's `id`).
    Missing {
        /// The provider the payload came from.
        provider: Provider,
        /// The provider schema, e.g. `Thread`.
        schema: &'static str,
        /// The model field that has no value, e.g. `id`.
        field: &'static str,
    },
    /// The provider has no mapping for this kind of value (HubSpot's
    /// thread endpoint returns no messages, for instance).
    Unsupported {
        /// The provider asked for.
        provider: Provider,
        /// `thread` or `message`.
        kind: &'static str,
    },
}

impl ::std::fmt::Display for MappingError {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match self {
            Self::Decode { provider, schema, source } => write!(f, "not a {provider} {schema}: {source}"),
            Self::Missing { provider, schema, field } => write!(f, "the {provider} {schema} has no `{field}`, which the normalized model requires"),
            Self::Unsupported { provider, kind } => write!(f, "there is no mapping of a {provider} {kind} (see specs/mappings/{provider}.yaml)"),
        }
    }
}

impl ::std::error::Error for MappingError {
    fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
        match self {
            Self::Decode { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Normalizes a thread payload of `provider`, keeping it verbatim in `raw`.
///
/// # Errors
/// [`MappingError::Decode`] when `raw` is not that provider's thread,
/// [`MappingError::Missing`] when it has no id,
/// [`MappingError::Unsupported`] when the provider has no thread mapping.
pub fn thread_from_json(provider: Provider, raw: ::serde_json::Value) -> ::std::result::Result<Thread, MappingError> {
    match_thread_from_json!()
}

/// The unified error for a 2xx body that did not normalize: a body that
/// does not decode is [`Error::Decode`] (with the body), anything else
/// [`Error::Mapping`].
pub(crate) fn unified_error(operation: &'static str, body: &[u8], error: MappingError) -> Error {
    match error {
        MappingError::Decode { provider, source, .. } => Error::Decode {
            provider: provider.as_str(),
            operation,
            body: String::from_utf8_lossy(body).into_owned(),
            source,
        },
        MappingError::Missing { provider, .. } | MappingError::Unsupported { provider, .. } => {
            Error::Mapping { provider: provider.as_str(), source: Box::new(error) }
        }
    }
}

/// Normalizes a thread payload of `provider` from its bytes, as received
/// from the provider.
///
/// # Errors
/// As [`thread_from_json`]; bytes that are not JSON are a
/// [`MappingError::Decode`].
pub fn thread_from_bytes(provider: Provider, bytes: &[u8]) -> ::std::result::Result<Thread, MappingError> {
    match_thread_from_bytes!()
}

/// Normalizes a message payload of `provider` from its bytes.
///
/// # Errors
/// As [`message_from_json`]; bytes that are not JSON are a
/// [`MappingError::Decode`].
pub fn message_from_bytes(provider: Provider, bytes: &[u8]) -> ::std::result::Result<Message, MappingError> {
    match_message_from_bytes!()
}

/// Normalizes a message payload of `provider`, keeping it verbatim in `raw`.
///
/// # Errors
/// [`MappingError::Decode`] when `raw` is not that provider's message,
/// [`MappingError::Unsupported`] when the provider has no operation
/// that returns a message on its own.
pub fn message_from_json(provider: Provider, raw: ::serde_json::Value) -> ::std::result::Result<Message, MappingError> {
    match_message_from_json!()
}
