//! Checking that a webhook delivery comes from the provider: the signature
//! schemes providers use, and [`verify`].
//!
//! A receiver hands [`verify`] what it got, as a [`Request`] (method, full
//! URL, headers and the body's raw bytes), the provider's
//! [`SignatureScheme`] (a generated client has it as a constant, read from
//! its spec's `x-webhook-signature`), the secret the provider signs with,
//! and the current time. `Ok(())` means the delivery is authentic and, where
//! the scheme has a timestamp, fresh; any [`WebhookError`] means: do not act
//! on it, and answer [`WebhookError::status`] (401 or 400).
//!
//! ```
//! use std::time::Duration;
//! use client_runtime::webhooks::{
//!     Encoding, Request, SignatureScheme, Signed, TimestampUnit, verify_now,
//! };
//!
//! // HubSpot's signature v3, as a generated client spells it.
//! const SIGNATURE: SignatureScheme = SignatureScheme::HmacSha256 {
//!     header: "X-HubSpot-Signature-v3",
//!     timestamp_header: Some("X-HubSpot-Request-Timestamp"),
//!     timestamp_unit: TimestampUnit::Milliseconds,
//!     encoding: Encoding::Base64,
//!     signed: &[Signed::Method, Signed::Uri, Signed::Body, Signed::Timestamp],
//!     uri_decode: &[
//!         ("%3A", ':'), ("%2F", '/'), ("%3F", '?'), ("%40", '@'),
//!         ("%21", '!'), ("%24", '$'), ("%27", '\''), ("%28", '('),
//!         ("%29", ')'), ("%2A", '*'), ("%2C", ','), ("%3B", ';'),
//!     ],
//!     tolerance: Duration::from_secs(300),
//! };
//!
//! fn receive(
//!     request: http::Request<bytes::Bytes>,
//!     secret: &secrecy::SecretString,
//! ) -> http::StatusCode {
//!     // Behind a proxy the request line holds only the path: give the URL
//!     // the provider called.
//!     let url = format!("https://hooks.example.com{}", request.uri());
//!     let request = Request::from(request).with_uri(url);
//!     match verify_now(&SIGNATURE, &request, secret) {
//!         Ok(()) => http::StatusCode::NO_CONTENT, // and handle the event
//!         Err(error) => {
//!             tracing::warn!(%error, "webhook refused");
//!             error.status()
//!         }
//!     }
//! }
//! # let _ = receive;
//! ```
//!
//! Nothing here keeps or prints a secret: the messages of [`WebhookError`]
//! name headers, never the secret nor the signature that was expected.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use ::http::{HeaderMap, StatusCode};
use base64::Engine as _;
use bytes::Bytes;
use hmac::{Hmac, Mac as _};
use secrecy::ExposeSecret as _;
use sha2::Sha256;
use subtle::ConstantTimeEq as _;

/// The secret a scheme is keyed with (`secrecy`'s, re-exported so that a
/// receiver needs no dependency of its own): `SecretString::from(text)`.
pub use secrecy::SecretString;

/// A webhook delivery as the receiver got it: what [`verify`] checks.
///
/// The body must be the bytes as received, before any JSON parsing: a
/// signature is over those bytes, and the same JSON serialized again (other
/// spacing, other key order, other escapes) no longer matches.
///
/// The URI must be the full URL the provider called, scheme and host
/// included (`https://hooks.example.com/hubspot?x=1`), where the scheme
/// signs it (HubSpot's v3 does). A server framework's request usually holds
/// only the path and query (`/hubspot?x=1`), and so does a
/// `Request` made [`From`] an [`http::Request`] that was received:
/// set the full URL with [`Request::with_uri`]. Behind a proxy that is the
/// URL of the proxy, as the provider was told it.
///
/// Its `Debug` shows the method, URI, header names and body length, never a
/// header's value (a shared token travels in one).
#[derive(Clone)]
pub struct Request {
    method: String,
    uri: String,
    headers: HeaderMap,
    body: Bytes,
}

impl Request {
    /// A request from its parts: `method` as sent (`"POST"`, or an
    /// [`http::Method`]), `uri` the full URL (see [`Request`]), the headers,
    /// and the body's raw bytes.
    pub fn new(
        method: impl AsRef<str>,
        uri: impl Into<String>,
        headers: HeaderMap,
        body: impl Into<Bytes>,
    ) -> Self {
        Self {
            method: method.as_ref().to_owned(),
            uri: uri.into(),
            headers,
            body: body.into(),
        }
    }

    /// The same request with `uri` as its URI: the full URL the provider
    /// called, e.g. `https://hooks.example.com/hubspot?portal=1`.
    #[must_use]
    pub fn with_uri(mut self, uri: impl Into<String>) -> Self {
        self.uri = uri.into();
        self
    }

    /// The method, e.g. `POST`.
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The URI, as given.
    pub fn uri(&self) -> &str {
        &self.uri
    }

    /// The headers. Names are matched case-insensitively.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body's raw bytes.
    pub fn body(&self) -> &Bytes {
        &self.body
    }
}

impl From<::http::Request<Bytes>> for Request {
    /// Method, URI, headers and body of `request`. Its URI is taken as it is:
    /// only a path and query for a request a server received (see
    /// [`Request`], and [`Request::with_uri`]).
    fn from(request: ::http::Request<Bytes>) -> Self {
        let (parts, body) = request.into_parts();
        Self::new(parts.method, parts.uri.to_string(), parts.headers, body)
    }
}

impl From<::http::Request<Vec<u8>>> for Request {
    /// As for `http::Request<Bytes>`.
    fn from(request: ::http::Request<Vec<u8>>) -> Self {
        let (parts, body) = request.into_parts();
        Self::new(parts.method, parts.uri.to_string(), parts.headers, body)
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("method", &self.method)
            .field("uri", &self.uri)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("body_len", &self.body.len())
            .finish()
    }
}

/// How a provider signs its webhook deliveries: plain data, written as a
/// constant by the generator from a spec's `x-webhook-signature`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignatureScheme {
    /// An HMAC-SHA256, keyed with the secret, over parts of the request
    /// ([`Signed`], concatenated in the order given with no separator), sent
    /// encoded in a header. HubSpot's signature v3 is one.
    HmacSha256 {
        /// The header that holds the signature, e.g.
        /// `X-HubSpot-Signature-v3`.
        header: &'static str,
        /// The header that holds the time of signing, if the scheme has one,
        /// e.g. `X-HubSpot-Request-Timestamp`: an integer count of
        /// `timestamp_unit` since the Unix epoch. With it, a delivery signed
        /// more than `tolerance` before or after `now` is refused.
        timestamp_header: Option<&'static str>,
        /// The unit of the timestamp header (HubSpot: milliseconds).
        timestamp_unit: TimestampUnit,
        /// How the signature header encodes the 32 bytes of the HMAC.
        encoding: Encoding,
        /// What is signed, in order, concatenated with no separator. HubSpot
        /// v3: method, URI, body, timestamp. [`Signed::Timestamp`] needs a
        /// `timestamp_header`.
        signed: &'static [Signed],
        /// Percent-escapes decoded in the URI before it is signed, each with
        /// the character it stands for, e.g. `("%3A", ':')`; matched
        /// case-insensitively (`%3a` too). Any other escape stays as it is.
        ///
        /// When this is not empty, a signature over the URI exactly as
        /// received is accepted too: HubSpot's documentation asks for the
        /// decoding, while its official SDKs sign the URI as it is. The
        /// decoded URI is tried first; the two are the same when no listed
        /// escape occurs.
        uri_decode: &'static [(&'static str, char)],
        /// How far the timestamp may be from `now`, in the past or the
        /// future, e.g. `Duration::from_secs(300)` (HubSpot: five minutes).
        /// Exactly `tolerance` away is still accepted. Unused without a
        /// `timestamp_header`.
        tolerance: Duration,
    },
    /// A secret shared with the provider, sent as the whole value of a
    /// header (Go!Chat: `Authorization`). The header must equal the secret
    /// byte for byte; compared in constant time. No timestamp: a recorded
    /// delivery can be replayed.
    SharedToken {
        /// The header that holds the token, e.g. `Authorization`.
        header: &'static str,
    },
}

/// A part of the request an HMAC signature is computed over.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Signed {
    /// The method as sent, e.g. `POST`.
    Method,
    /// The request's URI (see [`Request`]), after
    /// [`uri_decode`](SignatureScheme::HmacSha256::uri_decode).
    Uri,
    /// The body's raw bytes.
    Body,
    /// The timestamp header's value as received (its digits).
    Timestamp,
}

/// The unit of a timestamp header: a count since the Unix epoch
/// (1970-01-01T00:00:00Z).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TimestampUnit {
    /// Seconds, e.g. `1693657560`.
    Seconds,
    /// Milliseconds, e.g. `1693657560000` (HubSpot).
    Milliseconds,
}

/// How a signature header encodes the HMAC's bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Encoding {
    /// Standard base64 with padding (RFC 4648 §4), e.g. HubSpot's
    /// `K36dawei4A+QBNolUOqo7s91KQDWQ5MXZ/QufNYuk/Y=`.
    Base64,
    /// Hexadecimal, two digits a byte, either case.
    Hex,
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Base64 => "base64",
            Self::Hex => "hex",
        })
    }
}

/// Why a webhook delivery was refused by [`verify`].
///
/// [`WebhookError::status`] is the answer to give the sender: 401 when the
/// delivery is not authentic or not fresh, 400 when a header is not of the
/// scheme's form, 500 when the receiver's own scheme or secret is unusable.
/// No message holds the secret or the expected signature.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookError {
    /// A header the scheme needs is absent: the signature, the timestamp or
    /// the shared token. Unauthorized (401).
    MissingHeader {
        /// The header, as the scheme names it.
        header: &'static str,
    },
    /// The signature header is not the scheme's encoding of 32 bytes (or is
    /// not text). Malformed (400).
    MalformedSignature {
        /// The header.
        header: &'static str,
        /// The encoding the scheme expects.
        encoding: Encoding,
    },
    /// The timestamp header is not a whole number of the scheme's unit since
    /// the Unix epoch. Malformed (400).
    MalformedTimestamp {
        /// The header.
        header: &'static str,
        /// The unit the scheme expects.
        unit: TimestampUnit,
    },
    /// The signature is right but was made more than `tolerance` before
    /// `now`: a replay, a delivery held up on the way, or a receiver whose
    /// clock is ahead. Unauthorized (401).
    TooOld {
        /// How long before `now` it was signed.
        age: Duration,
        /// The scheme's tolerance.
        tolerance: Duration,
    },
    /// The signature is right but its timestamp is more than `tolerance`
    /// after `now`: a receiver whose clock is behind, or a delivery signed
    /// ahead to be replayed later. Unauthorized (401).
    TooNew {
        /// How far after `now` the timestamp is.
        ahead: Duration,
        /// The scheme's tolerance.
        tolerance: Duration,
    },
    /// The signature or the shared token does not match the request and the
    /// secret. Unauthorized (401).
    Mismatch {
        /// The header that holds the signature or token.
        header: &'static str,
    },
    /// The receiver's side cannot check anything: an empty secret, or a
    /// scheme that signs [`Signed::Timestamp`] without a timestamp header.
    /// A fault of the receiver, not of the delivery (500).
    Misconfigured {
        /// What is wrong.
        reason: &'static str,
    },
    /// The delivery is authentic and its body is not the event (or batch of
    /// events) the provider's spec declares: serde's message, with its line
    /// and column in the body. Malformed (400).
    Body {
        /// What did not decode, and where.
        message: String,
    },
}

/// The kind of a [`WebhookError`], for choosing the answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WebhookErrorKind {
    /// Not authentic or not fresh: a missing header, a wrong signature or
    /// token, a timestamp out of tolerance. Answer 401.
    Unauthorized,
    /// A signature or timestamp header not of the scheme's form. Answer 400.
    Malformed,
    /// The receiver's scheme or secret is unusable. Answer 500, and fix the
    /// configuration.
    Misconfigured,
}

impl WebhookError {
    /// What kind of failure this is.
    pub fn kind(&self) -> WebhookErrorKind {
        match self {
            Self::MissingHeader { .. }
            | Self::TooOld { .. }
            | Self::TooNew { .. }
            | Self::Mismatch { .. } => WebhookErrorKind::Unauthorized,
            Self::MalformedSignature { .. }
            | Self::MalformedTimestamp { .. }
            | Self::Body { .. } => WebhookErrorKind::Malformed,
            Self::Misconfigured { .. } => WebhookErrorKind::Misconfigured,
        }
    }

    /// Whether the delivery is not authentic or not fresh (answer 401).
    pub fn is_unauthorized(&self) -> bool {
        self.kind() == WebhookErrorKind::Unauthorized
    }

    /// Whether a header is not of the scheme's form (answer 400).
    pub fn is_malformed(&self) -> bool {
        self.kind() == WebhookErrorKind::Malformed
    }

    /// Whether the receiver's scheme or secret is unusable (answer 500).
    pub fn is_misconfigured(&self) -> bool {
        self.kind() == WebhookErrorKind::Misconfigured
    }

    /// The status to answer the sender with: 401 Unauthorized, 400 Bad
    /// Request or 500 Internal Server Error, by [`WebhookError::kind`].
    pub fn status(&self) -> StatusCode {
        match self.kind() {
            WebhookErrorKind::Unauthorized => StatusCode::UNAUTHORIZED,
            WebhookErrorKind::Malformed => StatusCode::BAD_REQUEST,
            WebhookErrorKind::Misconfigured => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl fmt::Display for WebhookError {
    /// One line: what is wrong, then what to do. Never the secret nor the
    /// expected signature.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingHeader { header } => write!(
                f,
                "webhook: no `{header}` header: the request was not signed by the provider, \
                 refuse it (if every delivery lacks it, check that no proxy drops the header)"
            ),
            Self::MalformedSignature { header, encoding } => write!(
                f,
                "webhook: the `{header}` header is not a {encoding} HMAC-SHA256 (32 bytes): \
                 refuse the request"
            ),
            Self::MalformedTimestamp { header, unit } => write!(
                f,
                "webhook: the `{header}` header is not a whole number of {} since the Unix \
                 epoch: refuse the request",
                unit_name(*unit)
            ),
            Self::TooOld { age, tolerance } => write!(
                f,
                "webhook: signed {} ago, more than the {} allowed: refuse it as a possible \
                 replay (if every delivery fails so, check the receiver's clock and any queue \
                 that delays deliveries)",
                seconds(*age),
                seconds(*tolerance)
            ),
            Self::TooNew { ahead, tolerance } => write!(
                f,
                "webhook: timestamp {} in the future, more than the {} allowed: refuse it \
                 (if every delivery fails so, check the receiver's clock)",
                seconds(*ahead),
                seconds(*tolerance)
            ),
            Self::Mismatch { header } => write!(
                f,
                "webhook: the `{header}` header does not match the request: refuse it (if \
                 every delivery fails so, check the secret, that the body is the raw bytes \
                 received and not JSON serialized again, and that the URI is the full URL \
                 the provider called)"
            ),
            Self::Misconfigured { reason } => write!(
                f,
                "webhook: cannot verify: {reason}: fix the receiver's configuration"
            ),
            Self::Body { message } => write!(
                f,
                "webhook: the body is not the event (or batch) the provider's spec declares: \
                 {message}: answer 400, and keep the body to report it"
            ),
        }
    }
}

impl std::error::Error for WebhookError {}

impl From<serde_json::Error> for WebhookError {
    /// A body that did not decode: [`WebhookError::Body`].
    fn from(error: serde_json::Error) -> Self {
        Self::Body {
            message: error.to_string(),
        }
    }
}

fn unit_name(unit: TimestampUnit) -> &'static str {
    match unit {
        TimestampUnit::Seconds => "seconds",
        TimestampUnit::Milliseconds => "milliseconds",
    }
}

/// `duration` as seconds with millisecond precision, e.g. `300.000s`.
fn seconds(duration: Duration) -> String {
    format!("{}.{:03}s", duration.as_secs(), duration.subsec_millis())
}

/// Checks that `request` was signed as `scheme` says with `secret`, and, for
/// a scheme with a timestamp, that it was signed within the scheme's
/// tolerance of `now` (before or after).
///
/// For [`SignatureScheme::HmacSha256`]: the HMAC-SHA256 keyed with the
/// secret's UTF-8 bytes, over the [`Signed`] parts of the request (the body
/// as its raw bytes), must equal the signature header once decoded; compared
/// in constant time. The signature is checked before the timestamp's
/// freshness, so [`WebhookError::TooOld`] and [`WebhookError::TooNew`] are
/// about authentic deliveries.
///
/// For [`SignatureScheme::SharedToken`]: the header's value must equal the
/// secret, compared in constant time.
///
/// # Errors
/// A [`WebhookError`]: refuse the delivery, and answer
/// [`WebhookError::status`]. [`WebhookError::Misconfigured`] for an empty
/// secret, whatever the request.
pub fn verify(
    scheme: &SignatureScheme,
    request: &Request,
    secret: &SecretString,
    now: SystemTime,
) -> Result<(), WebhookError> {
    let secret = secret.expose_secret().as_bytes();
    if secret.is_empty() {
        return Err(WebhookError::Misconfigured {
            reason: "the secret is empty",
        });
    }
    match *scheme {
        SignatureScheme::SharedToken { header } => {
            let token = request
                .headers
                .get(header)
                .ok_or(WebhookError::MissingHeader { header })?;
            // Equal lengths are not hidden; the bytes are.
            if bool::from(token.as_bytes().ct_eq(secret)) {
                Ok(())
            } else {
                Err(WebhookError::Mismatch { header })
            }
        }
        SignatureScheme::HmacSha256 {
            header,
            timestamp_header,
            timestamp_unit,
            encoding,
            signed,
            uri_decode,
            tolerance,
        } => {
            if timestamp_header.is_none() && signed.contains(&Signed::Timestamp) {
                return Err(WebhookError::Misconfigured {
                    reason: "the scheme signs the timestamp but names no timestamp header",
                });
            }
            let signature = request
                .headers
                .get(header)
                .ok_or(WebhookError::MissingHeader { header })?;
            let malformed = WebhookError::MalformedSignature { header, encoding };
            let signature = signature.to_str().map_err(|_| malformed.clone())?;
            let signature = decode(encoding, signature.trim()).ok_or_else(|| malformed.clone())?;
            if signature.len() != 32 {
                return Err(malformed);
            }

            let timestamp = match timestamp_header {
                Some(name) => {
                    let value = request
                        .headers
                        .get(name)
                        .ok_or(WebhookError::MissingHeader { header: name })?;
                    let malformed = WebhookError::MalformedTimestamp {
                        header: name,
                        unit: timestamp_unit,
                    };
                    let at = parse_timestamp(value.as_bytes(), timestamp_unit).ok_or(malformed)?;
                    Some((value.as_bytes(), at))
                }
                None => None,
            };

            let raw_uri = request.uri.as_bytes();
            let decoded_uri = decode_uri(&request.uri, uri_decode);
            let mut uris = vec![decoded_uri.as_slice()];
            if decoded_uri != raw_uri {
                uris.push(raw_uri);
            }
            let authentic = uris.into_iter().any(|uri| {
                let mut mac = <Hmac<Sha256> as hmac::Mac>::new_from_slice(secret)
                    .expect("HMAC takes a key of any length");
                for part in signed {
                    mac.update(match part {
                        Signed::Method => request.method.as_bytes(),
                        Signed::Uri => uri,
                        Signed::Body => &request.body,
                        Signed::Timestamp => timestamp.map_or(&[][..], |(text, _)| text),
                    });
                }
                mac.verify_slice(&signature).is_ok()
            });
            if !authentic {
                return Err(WebhookError::Mismatch { header });
            }

            if let Some((_, at)) = timestamp {
                match now.duration_since(at) {
                    Ok(age) if age > tolerance => {
                        return Err(WebhookError::TooOld { age, tolerance });
                    }
                    Ok(_) => {}
                    Err(ahead) if ahead.duration() > tolerance => {
                        return Err(WebhookError::TooNew {
                            ahead: ahead.duration(),
                            tolerance,
                        });
                    }
                    Err(_) => {}
                }
            }
            Ok(())
        }
    }
}

/// [`verify`] at the current time ([`SystemTime::now`]).
///
/// # Errors
/// As [`verify`].
pub fn verify_now(
    scheme: &SignatureScheme,
    request: &Request,
    secret: &SecretString,
) -> Result<(), WebhookError> {
    verify(scheme, request, secret, SystemTime::now())
}

/// The bytes `text` encodes, or `None` when it is not of `encoding`.
fn decode(encoding: Encoding, text: &str) -> Option<Vec<u8>> {
    match encoding {
        Encoding::Base64 => base64::engine::general_purpose::STANDARD.decode(text).ok(),
        Encoding::Hex => {
            fn digit(c: u8) -> Option<u8> {
                match c {
                    b'0'..=b'9' => Some(c - b'0'),
                    b'a'..=b'f' => Some(c - b'a' + 10),
                    b'A'..=b'F' => Some(c - b'A' + 10),
                    _ => None,
                }
            }
            let text = text.as_bytes();
            if !text.len().is_multiple_of(2) {
                return None;
            }
            text.chunks_exact(2)
                .map(|pair| Some((digit(pair[0])? << 4) | digit(pair[1])?))
                .collect()
        }
    }
}

/// The instant a timestamp header gives: ASCII digits only, a count of
/// `unit` since the Unix epoch.
fn parse_timestamp(value: &[u8], unit: TimestampUnit) -> Option<SystemTime> {
    let text = std::str::from_utf8(value).ok()?.trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let count: u64 = text.parse().ok()?;
    let since_epoch = match unit {
        TimestampUnit::Seconds => Duration::from_secs(count),
        TimestampUnit::Milliseconds => Duration::from_millis(count),
    };
    UNIX_EPOCH.checked_add(since_epoch)
}

/// `uri` with each of `escapes` (matched case-insensitively) replaced by its
/// character; everything else as it is.
fn decode_uri(uri: &str, escapes: &[(&str, char)]) -> Vec<u8> {
    let bytes = uri.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    'outer: while i < bytes.len() {
        for (escape, c) in escapes {
            let escape = escape.as_bytes();
            if !escape.is_empty()
                && bytes
                    .get(i..i + escape.len())
                    .is_some_and(|here| here.eq_ignore_ascii_case(escape))
            {
                out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                i += escape.len();
                continue 'outer;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use ::http::HeaderValue;

    /// HubSpot's signature v3 (validating-requests page): the escapes it
    /// lists.
    const HUBSPOT_V3: SignatureScheme = SignatureScheme::HmacSha256 {
        header: "X-HubSpot-Signature-v3",
        timestamp_header: Some("X-HubSpot-Request-Timestamp"),
        timestamp_unit: TimestampUnit::Milliseconds,
        encoding: Encoding::Base64,
        signed: &[Signed::Method, Signed::Uri, Signed::Body, Signed::Timestamp],
        uri_decode: &[
            ("%3A", ':'),
            ("%2F", '/'),
            ("%3F", '?'),
            ("%40", '@'),
            ("%21", '!'),
            ("%24", '$'),
            ("%27", '\''),
            ("%28", '('),
            ("%29", ')'),
            ("%2A", '*'),
            ("%2C", ','),
            ("%3B", ';'),
        ],
        tolerance: Duration::from_secs(300),
    };

    const GOCHAT: SignatureScheme = SignatureScheme::SharedToken {
        header: "Authorization",
    };

    // HubSpot's official v3 test vector: HubSpot's Python SDK,
    // tests/spec/utils/test_signature.py, commit
    // f31fa724a3fa28a322c45681d318b8a1030f943d.
    const VECTOR_SECRET: &str = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
    const VECTOR_URI: &str = "https://www.example.com/webhook_uri";
    const VECTOR_BODY: &str = "{'example_field':'example_value'}";
    const VECTOR_TIMESTAMP: u64 = 1_693_657_560_000;
    const VECTOR_SIGNATURE: &str = "K36dawei4A+QBNolUOqo7s91KQDWQ5MXZ/QufNYuk/Y=";

    fn secret(text: &str) -> SecretString {
        SecretString::from(text.to_owned())
    }

    fn at_millis(millis: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_millis(millis)
    }

    fn hubspot_request(uri: &str, body: &str, signature: &str, timestamp: u64) -> Request {
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-hubspot-signature-v3",
            HeaderValue::from_str(signature).unwrap(),
        );
        headers.insert(
            "x-hubspot-request-timestamp",
            HeaderValue::from_str(&timestamp.to_string()).unwrap(),
        );
        Request::new("POST", uri, headers, body.as_bytes().to_vec())
    }

    fn vector_request() -> Request {
        hubspot_request(VECTOR_URI, VECTOR_BODY, VECTOR_SIGNATURE, VECTOR_TIMESTAMP)
    }

    /// Base64 HMAC-SHA256 of `message` under `key`, computed here with the
    /// hmac crate.
    fn sign(key: &str, message: &[u8]) -> String {
        let mut mac = <Hmac<Sha256> as hmac::Mac>::new_from_slice(key.as_bytes()).unwrap();
        mac.update(message);
        base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
    }

    #[test]
    fn hubspot_v3_official_vector_verifies() {
        let now = at_millis(VECTOR_TIMESTAMP + 60_000);
        assert_eq!(
            verify(&HUBSPOT_V3, &vector_request(), &secret(VECTOR_SECRET), now),
            Ok(())
        );
        // The same vector recomputed with the hmac crate.
        let message = format!("POST{VECTOR_URI}{VECTOR_BODY}{VECTOR_TIMESTAMP}");
        assert_eq!(sign(VECTOR_SECRET, message.as_bytes()), VECTOR_SIGNATURE);
    }

    #[test]
    fn hubspot_v3_from_an_http_request_with_the_full_url() {
        let request = ::http::Request::builder()
            .method(::http::Method::POST)
            .uri("/webhook_uri")
            .header("X-HubSpot-Signature-v3", VECTOR_SIGNATURE)
            .header("X-HubSpot-Request-Timestamp", VECTOR_TIMESTAMP.to_string())
            .body(Bytes::from_static(VECTOR_BODY.as_bytes()))
            .unwrap();
        let request = Request::from(request);
        assert_eq!(request.uri(), "/webhook_uri");
        assert_eq!(request.method(), "POST");
        let now = at_millis(VECTOR_TIMESTAMP);
        // Only the path: HubSpot signed the full URL.
        assert_eq!(
            verify(&HUBSPOT_V3, &request, &secret(VECTOR_SECRET), now),
            Err(WebhookError::Mismatch {
                header: "X-HubSpot-Signature-v3"
            })
        );
        let request = request.with_uri(VECTOR_URI);
        assert_eq!(
            verify(&HUBSPOT_V3, &request, &secret(VECTOR_SECRET), now),
            Ok(())
        );

        let vec_request = ::http::Request::builder()
            .method("POST")
            .uri(VECTOR_URI)
            .header("X-HubSpot-Signature-v3", VECTOR_SIGNATURE)
            .header("X-HubSpot-Request-Timestamp", VECTOR_TIMESTAMP.to_string())
            .body(VECTOR_BODY.as_bytes().to_vec())
            .unwrap();
        let request = Request::from(vec_request);
        assert_eq!(request.uri(), VECTOR_URI);
        assert_eq!(request.body().as_ref(), VECTOR_BODY.as_bytes());
        assert_eq!(
            verify(&HUBSPOT_V3, &request, &secret(VECTOR_SECRET), now),
            Ok(())
        );
    }

    #[test]
    fn one_flipped_body_byte_fails() {
        let mut body = VECTOR_BODY.as_bytes().to_vec();
        body[3] ^= 0x01;
        let request = Request::new("POST", VECTOR_URI, vector_request().headers().clone(), body);
        let error = verify(
            &HUBSPOT_V3,
            &request,
            &secret(VECTOR_SECRET),
            at_millis(VECTOR_TIMESTAMP),
        )
        .unwrap_err();
        assert_eq!(
            error,
            WebhookError::Mismatch {
                header: "X-HubSpot-Signature-v3"
            }
        );
        assert_eq!(error.kind(), WebhookErrorKind::Unauthorized);
        assert_eq!(error.status(), StatusCode::UNAUTHORIZED);
    }

    #[test]
    fn a_wrong_secret_fails_and_the_message_holds_no_secret_nor_signature() {
        let error = verify(
            &HUBSPOT_V3,
            &vector_request(),
            &secret("zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz"),
            at_millis(VECTOR_TIMESTAMP),
        )
        .unwrap_err();
        assert_eq!(
            error,
            WebhookError::Mismatch {
                header: "X-HubSpot-Signature-v3"
            }
        );
        let message = error.to_string();
        assert!(message.contains("`X-HubSpot-Signature-v3`"), "{message}");
        assert!(!message.contains("zzzz"), "{message}");
        assert!(!message.contains(VECTOR_SIGNATURE), "{message}");
        // The one HubSpot would have sent with this secret.
        let expected = sign(
            "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz",
            format!("POST{VECTOR_URI}{VECTOR_BODY}{VECTOR_TIMESTAMP}").as_bytes(),
        );
        assert!(!message.contains(&expected), "{message}");
    }

    #[test]
    fn a_stale_timestamp_fails_and_one_within_tolerance_passes() {
        let request = vector_request();
        let key = secret(VECTOR_SECRET);
        // Exactly five minutes old: accepted.
        assert_eq!(
            verify(
                &HUBSPOT_V3,
                &request,
                &key,
                at_millis(VECTOR_TIMESTAMP + 300_000)
            ),
            Ok(())
        );
        let error = verify(
            &HUBSPOT_V3,
            &request,
            &key,
            at_millis(VECTOR_TIMESTAMP + 300_001),
        )
        .unwrap_err();
        assert_eq!(
            error,
            WebhookError::TooOld {
                age: Duration::from_millis(300_001),
                tolerance: Duration::from_secs(300),
            }
        );
        assert!(error.is_unauthorized());
        assert_eq!(
            error.to_string(),
            "webhook: signed 300.001s ago, more than the 300.000s allowed: refuse it as a \
             possible replay (if every delivery fails so, check the receiver's clock and any \
             queue that delays deliveries)"
        );
    }

    #[test]
    fn a_timestamp_too_far_in_the_future_fails() {
        let request = vector_request();
        let key = secret(VECTOR_SECRET);
        assert_eq!(
            verify(
                &HUBSPOT_V3,
                &request,
                &key,
                at_millis(VECTOR_TIMESTAMP - 300_000)
            ),
            Ok(())
        );
        let error = verify(
            &HUBSPOT_V3,
            &request,
            &key,
            at_millis(VECTOR_TIMESTAMP - 360_000),
        )
        .unwrap_err();
        assert_eq!(
            error,
            WebhookError::TooNew {
                ahead: Duration::from_secs(360),
                tolerance: Duration::from_secs(300),
            }
        );
        assert_eq!(error.status(), StatusCode::UNAUTHORIZED);
    }

    #[test]
    fn a_missing_header_is_named() {
        let key = secret(VECTOR_SECRET);
        let now = at_millis(VECTOR_TIMESTAMP);

        let mut request = vector_request();
        request.headers.remove("x-hubspot-signature-v3");
        let error = verify(&HUBSPOT_V3, &request, &key, now).unwrap_err();
        assert_eq!(
            error,
            WebhookError::MissingHeader {
                header: "X-HubSpot-Signature-v3"
            }
        );
        assert!(error.to_string().contains("`X-HubSpot-Signature-v3`"));
        assert_eq!(error.status(), StatusCode::UNAUTHORIZED);

        let mut request = vector_request();
        request.headers.remove("x-hubspot-request-timestamp");
        let error = verify(&HUBSPOT_V3, &request, &key, now).unwrap_err();
        assert_eq!(
            error,
            WebhookError::MissingHeader {
                header: "X-HubSpot-Request-Timestamp"
            }
        );
        assert_eq!(
            error.to_string(),
            "webhook: no `X-HubSpot-Request-Timestamp` header: the request was not signed by \
             the provider, refuse it (if every delivery lacks it, check that no proxy drops \
             the header)"
        );
    }

    #[test]
    fn malformed_headers_are_bad_requests() {
        let key = secret(VECTOR_SECRET);
        let now = at_millis(VECTOR_TIMESTAMP);

        let request = hubspot_request(VECTOR_URI, VECTOR_BODY, "not base64!", VECTOR_TIMESTAMP);
        let error = verify(&HUBSPOT_V3, &request, &key, now).unwrap_err();
        assert_eq!(
            error,
            WebhookError::MalformedSignature {
                header: "X-HubSpot-Signature-v3",
                encoding: Encoding::Base64,
            }
        );
        assert_eq!(error.status(), StatusCode::BAD_REQUEST);
        assert!(error.is_malformed());

        // Valid base64, but not 32 bytes.
        let request = hubspot_request(VECTOR_URI, VECTOR_BODY, "AAAA", VECTOR_TIMESTAMP);
        assert_eq!(
            verify(&HUBSPOT_V3, &request, &key, now).map_err(|e| e.kind()),
            Err(WebhookErrorKind::Malformed)
        );

        let mut request = vector_request();
        request.headers.insert(
            "x-hubspot-request-timestamp",
            HeaderValue::from_static("2023-09-02T12:26:00Z"),
        );
        let error = verify(&HUBSPOT_V3, &request, &key, now).unwrap_err();
        assert_eq!(
            error,
            WebhookError::MalformedTimestamp {
                header: "X-HubSpot-Request-Timestamp",
                unit: TimestampUnit::Milliseconds,
            }
        );
        assert_eq!(
            error.to_string(),
            "webhook: the `X-HubSpot-Request-Timestamp` header is not a whole number of \
             milliseconds since the Unix epoch: refuse the request"
        );
        assert_eq!(error.status(), StatusCode::BAD_REQUEST);
    }

    #[test]
    fn an_escaped_uri_verifies_signed_decoded_or_as_received() {
        let key = secret(VECTOR_SECRET);
        let now = at_millis(VECTOR_TIMESTAMP);
        let received = "https://www.example.com/webhook_uri?from=a%3Ab&to=x%2fy&keep=%20";
        let decoded = "https://www.example.com/webhook_uri?from=a:b&to=x/y&keep=%20";
        assert_eq!(
            decode_uri(
                received,
                match HUBSPOT_V3 {
                    SignatureScheme::HmacSha256 { uri_decode, .. } => uri_decode,
                    SignatureScheme::SharedToken { .. } => &[],
                }
            ),
            decoded.as_bytes()
        );

        // As HubSpot's validating-requests page says: over the decoded URI.
        let over_decoded = sign(
            VECTOR_SECRET,
            format!("POST{decoded}{VECTOR_BODY}{VECTOR_TIMESTAMP}").as_bytes(),
        );
        let request = hubspot_request(received, VECTOR_BODY, &over_decoded, VECTOR_TIMESTAMP);
        assert_eq!(verify(&HUBSPOT_V3, &request, &key, now), Ok(()));

        // As HubSpot's SDKs do: over the URI as received.
        let over_raw = sign(
            VECTOR_SECRET,
            format!("POST{received}{VECTOR_BODY}{VECTOR_TIMESTAMP}").as_bytes(),
        );
        assert_ne!(over_raw, over_decoded);
        let request = hubspot_request(received, VECTOR_BODY, &over_raw, VECTOR_TIMESTAMP);
        assert_eq!(verify(&HUBSPOT_V3, &request, &key, now), Ok(()));

        // Without `uri_decode`, only the URI as received is signed.
        let SignatureScheme::HmacSha256 {
            header,
            timestamp_header,
            timestamp_unit,
            encoding,
            signed,
            tolerance,
            ..
        } = HUBSPOT_V3
        else {
            unreachable!()
        };
        let no_decoding = SignatureScheme::HmacSha256 {
            header,
            timestamp_header,
            timestamp_unit,
            encoding,
            signed,
            uri_decode: &[],
            tolerance,
        };
        let request = hubspot_request(received, VECTOR_BODY, &over_decoded, VECTOR_TIMESTAMP);
        assert_eq!(
            verify(&no_decoding, &request, &key, now),
            Err(WebhookError::Mismatch {
                header: "X-HubSpot-Signature-v3"
            })
        );
    }

    #[test]
    fn headers_are_matched_case_insensitively() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "X-HUBSPOT-SIGNATURE-V3",
            HeaderValue::from_static(VECTOR_SIGNATURE),
        );
        headers.insert(
            "x-HubSpot-request-TIMESTAMP",
            HeaderValue::from_str(&VECTOR_TIMESTAMP.to_string()).unwrap(),
        );
        let request = Request::new(::http::Method::POST, VECTOR_URI, headers, VECTOR_BODY);
        assert_eq!(
            verify(
                &HUBSPOT_V3,
                &request,
                &secret(VECTOR_SECRET),
                at_millis(VECTOR_TIMESTAMP)
            ),
            Ok(())
        );

        let mut headers = HeaderMap::new();
        headers.insert("AUTHORIZATION", HeaderValue::from_static("s3cret-token"));
        let request = Request::new("POST", "/gochat", headers, Bytes::new());
        assert_eq!(
            verify(
                &GOCHAT,
                &request,
                &secret("s3cret-token"),
                SystemTime::now()
            ),
            Ok(())
        );
    }

    #[test]
    fn shared_token_equal_passes_different_or_missing_fails() {
        let key = secret("s3cret-token");
        let now = SystemTime::now();
        let with = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert("authorization", HeaderValue::from_static(value));
            Request::new("POST", "https://hooks.example.com/gochat", headers, "{}")
        };

        assert_eq!(verify(&GOCHAT, &with("s3cret-token"), &key, now), Ok(()));
        assert_eq!(verify_now(&GOCHAT, &with("s3cret-token"), &key), Ok(()));

        for wrong in [
            "s3cret-tokeN",
            "s3cret-toke",
            "s3cret-token2",
            "Bearer s3cret-token",
            "",
        ] {
            let error = verify(&GOCHAT, &with(wrong), &key, now).unwrap_err();
            assert_eq!(
                error,
                WebhookError::Mismatch {
                    header: "Authorization"
                },
                "{wrong:?}"
            );
            assert!(!error.to_string().contains("s3cret"));
        }

        let request = Request::new("POST", "/gochat", HeaderMap::new(), "{}");
        let error = verify(&GOCHAT, &request, &key, now).unwrap_err();
        assert_eq!(
            error,
            WebhookError::MissingHeader {
                header: "Authorization"
            }
        );
        assert_eq!(error.status(), StatusCode::UNAUTHORIZED);
    }

    #[test]
    fn an_empty_secret_is_a_misconfiguration() {
        let request = Request::new("POST", "/gochat", HeaderMap::new(), "{}");
        let mut headers = HeaderMap::new();
        headers.insert("authorization", HeaderValue::from_static(""));
        let empty_token = Request::new("POST", "/gochat", headers, "{}");
        for request in [request, empty_token] {
            let error = verify(&GOCHAT, &request, &secret(""), SystemTime::now()).unwrap_err();
            assert_eq!(
                error,
                WebhookError::Misconfigured {
                    reason: "the secret is empty"
                }
            );
            assert_eq!(error.status(), StatusCode::INTERNAL_SERVER_ERROR);
        }
    }

    #[test]
    fn hex_signatures_in_seconds_verify() {
        const SCHEME: SignatureScheme = SignatureScheme::HmacSha256 {
            header: "X-Signature",
            timestamp_header: Some("X-Timestamp"),
            timestamp_unit: TimestampUnit::Seconds,
            encoding: Encoding::Hex,
            signed: &[Signed::Timestamp, Signed::Body],
            uri_decode: &[],
            tolerance: Duration::from_secs(60),
        };
        let body = r#"{"id":1}"#;
        let mut mac = <Hmac<Sha256> as hmac::Mac>::new_from_slice(b"key").unwrap();
        mac.update(format!("1700000000{body}").as_bytes());
        let bytes = mac.finalize().into_bytes();
        let hex: String = bytes.iter().map(|b| format!("{b:02X}")).collect();
        assert_eq!(decode(Encoding::Hex, &hex).as_deref(), Some(&bytes[..]));

        let mut headers = HeaderMap::new();
        headers.insert("x-signature", HeaderValue::from_str(&hex).unwrap());
        headers.insert("x-timestamp", HeaderValue::from_static("1700000000"));
        let request = Request::new("POST", "/hook", headers, body);
        let now = UNIX_EPOCH + Duration::from_secs(1_700_000_030);
        assert_eq!(verify(&SCHEME, &request, &secret("key"), now), Ok(()));
        assert_eq!(
            verify(
                &SCHEME,
                &request,
                &secret("key"),
                now + Duration::from_secs(31)
            ),
            Err(WebhookError::TooOld {
                age: Duration::from_secs(61),
                tolerance: Duration::from_secs(60),
            })
        );
        assert_eq!(decode(Encoding::Hex, "abc"), None);
        assert_eq!(decode(Encoding::Hex, "zz"), None);
    }

    #[test]
    fn a_timestamp_signed_without_a_header_is_a_misconfiguration() {
        const SCHEME: SignatureScheme = SignatureScheme::HmacSha256 {
            header: "X-Signature",
            timestamp_header: None,
            timestamp_unit: TimestampUnit::Seconds,
            encoding: Encoding::Hex,
            signed: &[Signed::Body, Signed::Timestamp],
            uri_decode: &[],
            tolerance: Duration::from_secs(60),
        };
        let request = Request::new("POST", "/hook", HeaderMap::new(), "{}");
        let error = verify(&SCHEME, &request, &secret("key"), SystemTime::now()).unwrap_err();
        assert!(error.is_misconfigured());
    }

    #[test]
    fn debug_shows_no_header_value() {
        let mut headers = HeaderMap::new();
        headers.insert("authorization", HeaderValue::from_static("s3cret-token"));
        let request = Request::new("POST", "/gochat", headers, "{}");
        let debug = format!("{request:?}");
        assert!(debug.contains("authorization"), "{debug}");
        assert!(!debug.contains("s3cret"), "{debug}");
    }
}
