//! The one error type of the unified surface (`conversations::ConversationsClient`):
//! what failed, for which provider and operation, and whether trying again
//! can help.
//!
//! Nothing here ever holds a credential: requests are not kept, only the
//! status, the response body and the underlying error.

use std::fmt;

use reqwest::StatusCode;

/// Why a request to a provider, or the normalization of its answer, failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The request could not be sent or its answer not received: DNS,
    /// connection refused or reset, TLS. Usually transient.
    Transport {
        /// The provider, e.g. `contactship`.
        provider: &'static str,
        /// The operation's `operationId`, e.g. `get_thread`.
        operation: &'static str,
        /// reqwest's error.
        source: reqwest::Error,
    },
    /// No complete answer within the client's timeout (connect or request).
    Timeout {
        /// The provider.
        provider: &'static str,
        /// The operation's `operationId`.
        operation: &'static str,
        /// reqwest's error.
        source: reqwest::Error,
    },
    /// The provider answered with a status other than 2xx (after any
    /// retries, the last one).
    Status {
        /// The provider.
        provider: &'static str,
        /// The operation's `operationId`.
        operation: &'static str,
        /// The HTTP status.
        status: StatusCode,
        /// The provider's error message, read from the body where the spec
        /// describes the error body (DelightBridge's `{"error": …}`).
        message: Option<String>,
        /// The response body as received (lossy UTF-8).
        body: String,
    },
    /// A 2xx answer whose body is not the JSON the spec describes (invalid or
    /// truncated JSON, a field of the wrong type, not an object).
    Decode {
        /// The provider.
        provider: &'static str,
        /// The operation's `operationId`.
        operation: &'static str,
        /// The response body as received (lossy UTF-8).
        body: String,
        /// What serde_json found wrong, with line and column.
        source: serde_json::Error,
    },
    /// The payload decoded but could not be normalized (a thread without an
    /// id, for instance). `source` is a `conversations::MappingError`.
    Mapping {
        /// The provider.
        provider: &'static str,
        /// What the mapping found.
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// The request could not be built: a credential with a character HTTP
    /// headers cannot carry, or an id of the wrong form (HubSpot thread ids
    /// are integers).
    InvalidRequest {
        /// The provider.
        provider: &'static str,
        /// The operation's `operationId`.
        operation: &'static str,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// The request cannot be made from what was given, and nothing was
    /// sent: a field the provider needs is missing (a HubSpot reply without
    /// a sender), or has no equivalent at the provider (a status it has no
    /// word for). `field` names it; set it, or leave it out.
    Invalid {
        /// The provider.
        provider: &'static str,
        /// The unified operation, e.g. `send_message`.
        operation: &'static str,
        /// The field of the request, e.g. `sender` or `status`.
        field: &'static str,
        /// What is wrong with it and what to do.
        message: String,
    },
    /// The provider has no operation for this (HubSpot's thread endpoint
    /// returns no messages, and it has no message endpoint).
    Unsupported {
        /// The provider.
        provider: &'static str,
        /// What was asked for, e.g. `get_message`.
        operation: &'static str,
    },
    /// A webhook delivery was refused: its signature, token or timestamp
    /// did not verify (`source.status()` is 401: nothing of the body was
    /// read), or its body is not what the provider sends (400). Answer the
    /// provider with `source.status()`.
    Webhook {
        /// The provider.
        provider: &'static str,
        /// Why, with its status.
        source: crate::webhooks::WebhookError,
    },
}

/// The kind of an [`Error`], for matching without its details.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// [`Error::Transport`].
    Transport,
    /// [`Error::Timeout`].
    Timeout,
    /// [`Error::Status`].
    Status,
    /// [`Error::Decode`].
    Decode,
    /// [`Error::Mapping`].
    Mapping,
    /// [`Error::InvalidRequest`].
    InvalidRequest,
    /// [`Error::Invalid`].
    Invalid,
    /// [`Error::Unsupported`].
    Unsupported,
    /// [`Error::Webhook`].
    Webhook,
}

impl Error {
    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Self::Transport { .. } => ErrorKind::Transport,
            Self::Timeout { .. } => ErrorKind::Timeout,
            Self::Status { .. } => ErrorKind::Status,
            Self::Decode { .. } => ErrorKind::Decode,
            Self::Mapping { .. } => ErrorKind::Mapping,
            Self::InvalidRequest { .. } => ErrorKind::InvalidRequest,
            Self::Invalid { .. } => ErrorKind::Invalid,
            Self::Unsupported { .. } => ErrorKind::Unsupported,
            Self::Webhook { .. } => ErrorKind::Webhook,
        }
    }

    /// Whether the same request may succeed later: transport failures,
    /// timeouts, and the statuses 408, 429, 500, 502, 503 and 504. The
    /// client has already retried these as its `RetryPolicy` allows.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Transport { .. } | Self::Timeout { .. } => true,
            Self::Status { status, .. } => crate::retry::is_retryable_status(*status),
            Self::Decode { .. }
            | Self::Mapping { .. }
            | Self::InvalidRequest { .. }
            | Self::Invalid { .. }
            | Self::Unsupported { .. }
            | Self::Webhook { .. } => false,
        }
    }

    /// Why a webhook delivery was refused, for [`Error::Webhook`]: its
    /// `status()` is what to answer the provider (401 or 400).
    pub fn webhook(&self) -> Option<&crate::webhooks::WebhookError> {
        match self {
            Self::Webhook { source, .. } => Some(source),
            _ => None,
        }
    }

    /// The HTTP status, for [`Error::Status`].
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Status { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The response body as received, for [`Error::Status`] and
    /// [`Error::Decode`].
    pub fn body(&self) -> Option<&str> {
        match self {
            Self::Status { body, .. } | Self::Decode { body, .. } => Some(body),
            _ => None,
        }
    }

    /// The provider the request went to.
    pub fn provider(&self) -> &'static str {
        match self {
            Self::Transport { provider, .. }
            | Self::Timeout { provider, .. }
            | Self::Status { provider, .. }
            | Self::Decode { provider, .. }
            | Self::Mapping { provider, .. }
            | Self::InvalidRequest { provider, .. }
            | Self::Invalid { provider, .. }
            | Self::Unsupported { provider, .. }
            | Self::Webhook { provider, .. } => provider,
        }
    }

    /// A transport error, told apart from a timeout.
    pub(crate) fn from_reqwest(
        provider: &'static str,
        operation: &'static str,
        source: reqwest::Error,
    ) -> Self {
        if source.is_timeout() {
            Self::Timeout {
                provider,
                operation,
                source,
            }
        } else {
            Self::Transport {
                provider,
                operation,
                source,
            }
        }
    }
}

impl fmt::Display for Error {
    /// One line: `<provider> <operation>: <what happened>`. Never contains a
    /// credential.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Transport {
                provider,
                operation,
                source,
            } => {
                write!(
                    f,
                    "{provider} {operation}: request failed: {}",
                    without_url(source)
                )
            }
            Self::Timeout {
                provider,
                operation,
                source,
            } => {
                write!(
                    f,
                    "{provider} {operation}: timed out: {}",
                    without_url(source)
                )
            }
            Self::Status {
                provider,
                operation,
                status,
                message,
                ..
            } => {
                write!(f, "{provider} {operation}: HTTP {status}")?;
                match message {
                    // The provider's text, on one line: a line break in it
                    // must not forge a second log line.
                    Some(message) => write!(f, ": {}", one_line(message)),
                    None => Ok(()),
                }
            }
            Self::Decode {
                provider,
                operation,
                source,
                ..
            } => {
                write!(
                    f,
                    "{provider} {operation}: the response is not the JSON the spec describes: {source}"
                )
            }
            Self::Mapping { provider, source } => write!(f, "{provider}: {source}"),
            Self::InvalidRequest {
                provider,
                operation,
                message,
            } => {
                write!(f, "{provider} {operation}: invalid request: {message}")
            }
            Self::Invalid {
                provider,
                operation,
                field,
                message,
            } => {
                write!(f, "{provider} {operation}: `{field}`: {message}")
            }
            Self::Unsupported {
                provider,
                operation,
            } => {
                write!(f, "{provider} has no {operation} operation")
            }
            Self::Webhook { provider, source } => {
                write!(f, "{provider} webhook refused: {source}")
            }
        }
    }
}

/// `text` with every run of control characters (line breaks included) and
/// spaces folded into one space.
fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_control() || c.is_whitespace())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// reqwest's message without the URL it appends (an id in a path is not a
/// secret, but a query string may be).
fn without_url(error: &reqwest::Error) -> String {
    let mut message = error.to_string();
    if let Some(url) = error.url() {
        message = message.replace(&format!(" for url ({url})"), "");
    }
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Transport { source, .. } | Self::Timeout { source, .. } => Some(source),
            Self::Decode { source, .. } => Some(source),
            Self::Mapping { source, .. } => Some(source.as_ref()),
            Self::Webhook { source, .. } => Some(source),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_error_is_one_line_whatever_the_provider_sent() {
        let error = Error::Status {
            provider: "delightbridge",
            operation: "get_thread",
            status: StatusCode::NOT_FOUND,
            message: Some("thread not found\nINFO forged log line\r\n\tx".into()),
            body: String::new(),
        };
        assert_eq!(
            error.to_string(),
            "delightbridge get_thread: HTTP 404 Not Found: thread not found INFO forged log line x"
        );
    }
}
