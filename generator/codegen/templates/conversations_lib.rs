// Template: the fixed items of generated/conversations/src/lib.rs, after the
// model's types and before the provider modules. Read by
// generator/codegen/src/conversations/lib_rs.rs; slots it fills:
// - `match_thread_from_json!()`, `match_thread_from_bytes!()`,
//   `match_message_from_json!()`, `match_message_from_bytes!()`: a `match`
//   over `Provider` calling each provider's module.
// Compiled as it stands by `templates::tests` (with stubs for the model).

/// Text that is not a value of one of the model's enums, from `FromStr`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownValue {
    /// The enum, e.g. `Provider`.
    pub type_name: &'static str,
    /// The text that was given.
    pub value: ::std::string::String,
}

impl ::std::fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        write!(f, "`{}` is not a {} value", self.value, self.type_name)
    }
}

impl ::std::error::Error for UnknownValue {}

pub use client_runtime::{Error, ErrorKind, Raw, RetryPolicy, Timeouts};

/// The future the methods of [`ConversationsClient`] return: boxed, so
/// that the trait can be used as `Box<dyn ConversationsClient>`.
pub type BoxFuture<'a, T> = ::std::pin::Pin<Box<dyn ::std::future::Future<Output = T> + Send + 'a>>;

/// One interface over every provider's client: fetch a thread (or a
/// message) by id, normalized.
///
/// Implemented for each generated client (`contactship_client::Client`,
/// …), with the client's credential, retry policy and tracing. Use it
/// through generics or as `Box<dyn ConversationsClient>`; implement it
/// to put a fake in a test.
///
/// The operations come from the mapping files: a section's
/// `operation` is what `get_thread` or `get_message` calls.
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
fn unified_error(operation: &'static str, body: &[u8], error: MappingError) -> Error {
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
