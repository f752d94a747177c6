//! The per-client state a generated `Client` carries, and the two calls
//! every generated request goes through: `prepare` (credential, idempotency
//! key, operation server) and `execute` (retries, tracing).

use std::time::{Instant, SystemTime};

use reqwest::header::HeaderValue;
use secrecy::ExposeSecret;
use tracing::Instrument as _;

use crate::credential::{InvalidCredential, Placement, place};
use crate::{Credential, RetryPolicy, TokenError, retry};

/// The per-client state a generated `Client` carries beside its base URL and
/// `reqwest::Client` (progenitor's "inner type"): which provider it talks to,
/// its credential, its retry policy, and which of its writes the provider
/// deduplicates by an idempotency key.
#[derive(Clone, Debug)]
pub struct ClientState {
    provider: &'static str,
    credential: Option<Credential>,
    retry: RetryPolicy,
    /// The spec's default server URL, which an operation's own server
    /// replaces.
    default_server: &'static str,
    operations: &'static [OperationRules],
}

/// What the spec says of one operation beyond its request: written by the
/// generator for each operation that has any of these.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OperationRules {
    /// The `operationId`.
    pub id: &'static str,
    /// `x-idempotency-key`: the header (lower case) the provider
    /// deduplicates this write by. The client fills it with a fresh random
    /// key when the caller set none, keeps it on every attempt, and so may
    /// retry the write like an idempotent request.
    pub idempotency_key: Option<&'static str>,
    /// The operation's own server (an operation-level `servers`): where the
    /// request goes when it is addressed to the spec's default server. A
    /// client built for another base URL (a proxy, a mock server) sends it
    /// there unchanged.
    pub server: Option<&'static str>,
    /// `security: []`: the operation is sent without the client's
    /// credential (a token endpoint).
    pub anonymous: bool,
}

impl ClientState {
    /// The state of a new client for `provider`: no credential, the default
    /// [`RetryPolicy`].
    pub fn new(provider: &'static str) -> Self {
        Self {
            provider,
            credential: None,
            retry: RetryPolicy::default(),
            default_server: "",
            operations: &[],
        }
    }

    /// The same state, with what the spec says of its operations beyond
    /// their requests ([`OperationRules`]); `default_server` is the spec's
    /// first server URL.
    pub(crate) fn with_operations(
        mut self,
        default_server: &'static str,
        operations: &'static [OperationRules],
    ) -> Self {
        self.default_server = default_server;
        self.operations = operations;
        self
    }

    /// The provider, e.g. `contactship` (in tracing and errors).
    pub fn provider(&self) -> &'static str {
        self.provider
    }

    /// The credential sent on every request, if any.
    pub fn credential(&self) -> Option<&Credential> {
        self.credential.as_ref()
    }

    /// Sets the credential sent on every request from now on.
    pub fn set_credential(&mut self, credential: Credential) {
        self.credential = Some(credential);
    }

    /// How failed requests are retried.
    pub fn retry_policy(&self) -> &RetryPolicy {
        &self.retry
    }

    /// Sets how failed requests are retried; [`RetryPolicy::disabled`] for
    /// never.
    pub fn set_retry_policy(&mut self, policy: RetryPolicy) {
        self.retry = policy;
    }

    /// The rules of `operation`; the default (none) when it has none.
    fn rules(&self, operation: &str) -> OperationRules {
        self.operations
            .iter()
            .find(|rules| rules.id == operation)
            .copied()
            .unwrap_or_default()
    }

    /// Sends `operation` to its own server `own`, where the request is
    /// addressed to the spec's default server.
    fn route(
        &self,
        request: &mut reqwest::Request,
        operation: &str,
        own: &str,
    ) -> Result<(), String> {
        let default = self.default_server.trim_end_matches('/');
        let url = request.url().as_str();
        let Some(rest) = url.strip_prefix(default).filter(|_| !default.is_empty()) else {
            return Ok(());
        };
        let routed = format!("{}{rest}", own.trim_end_matches('/'));
        *request.url_mut() = routed.parse().map_err(|e| {
            format!("the server of `{operation}` gives no valid URL ({routed}): {e}")
        })?;
        Ok(())
    }

    /// Called by the generated `ClientHooks::pre` before each request is sent:
    /// puts the credential on it (asking a password grant for its token
    /// through `http` when needed), and a fresh idempotency key where the
    /// operation has one and the caller set none.
    ///
    /// # Errors
    /// The request is refused, as progenitor's `Error::InvalidRequest`, when
    /// the credential cannot be carried in a header (see [`InvalidCredential`]).
    /// When a password grant gets no token, the token endpoint's answer comes
    /// back as `Error::UnexpectedResponse` (its status and body),
    /// `Error::CommunicationError` or `Error::InvalidResponsePayload`.
    // The error type is progenitor's, fixed by the `ClientHooks::pre` signature.
    #[allow(clippy::result_large_err)]
    pub(crate) async fn prepare<E>(
        &self,
        http: &reqwest::Client,
        request: &mut reqwest::Request,
        operation: &str,
    ) -> Result<(), progenitor_client::Error<E>> {
        let rules = self.rules(operation);
        if let Some(own) = rules.server {
            self.route(request, operation, own)
                .map_err(progenitor_client::Error::InvalidRequest)?;
        }
        if let Some(header) = rules.idempotency_key
            && !request.headers().contains_key(header)
        {
            let key = HeaderValue::from_str(&idempotency_key())
                .map_err(|e| progenitor_client::Error::InvalidRequest(e.to_string()))?;
            request.headers_mut().insert(header, key);
        }
        let credential = self.credential.as_ref();
        let Some(credential) = credential.filter(|_| !rules.anonymous) else {
            return Ok(());
        };
        let invalid =
            |e: InvalidCredential| progenitor_client::Error::InvalidRequest(e.to_string());
        match credential.grant() {
            None => credential.apply(request).map_err(invalid),
            Some(grant) => {
                let token = grant.token(http).await.map_err(token_error)?;
                place(&Placement::Bearer, token.expose_secret(), request).map_err(invalid)
            }
        }
    }

    /// Sends `request` through `http`, retrying as the [`RetryPolicy`] says:
    /// the body of the generated `ClientHooks::exec`, so every operation of
    /// every generated client goes through it.
    ///
    /// Each attempt runs in a `tracing` span `http_attempt` with `provider`,
    /// `operation`, `method`, `path`, `attempt`, and, once known, `status` and
    /// `latency_ms` (never a header or a body). Which failures are retried:
    /// `retry::may_retry`; a request is repeatable when its method is
    /// idempotent or it carries its operation's idempotency key. A `401` to
    /// a password grant's token replaces the token and sends the request once
    /// more, whatever its method (the server refused it unread). The answer
    /// returned is the last one.
    ///
    /// # Errors
    /// reqwest's error of the last attempt, when no attempt got an answer.
    pub(crate) async fn execute(
        &self,
        http: &reqwest::Client,
        request: reqwest::Request,
        operation: &'static str,
    ) -> reqwest::Result<reqwest::Response> {
        let started = Instant::now();
        let rules = self.rules(operation);
        let repeatable = retry::is_idempotent(request.method())
            || rules
                .idempotency_key
                .is_some_and(|header| request.headers().contains_key(header));
        let grant = self
            .credential
            .as_ref()
            .and_then(Credential::grant)
            .filter(|_| !rules.anonymous);
        let method = request.method().clone();
        let path = request.url().path().to_owned();
        let mut request = request;
        let mut attempt: u32 = 1;
        let mut token_replaced = false;
        loop {
            // Keep a copy to send again, when one may go out again: a retry
            // is left, or a rejected token may be replaced. A streaming body
            // cannot be copied, and its request is then not sent again.
            let may_send_again =
                attempt < self.retry.max_attempts() || (grant.is_some() && !token_replaced);
            let mut spare = if may_send_again {
                request.try_clone()
            } else {
                None
            };
            let span = tracing::info_span!(
                "http_attempt",
                provider = self.provider,
                operation,
                method = %method,
                path = %path,
                attempt,
                status = tracing::field::Empty,
                latency_ms = tracing::field::Empty,
            );
            let sent = Instant::now();
            let result = http.execute(request).instrument(span.clone()).await;
            let latency_ms = u64::try_from(sent.elapsed().as_millis()).unwrap_or(u64::MAX);
            span.record("latency_ms", latency_ms);
            let (outcome, retry_after) = match &result {
                Ok(response) => {
                    span.record("status", response.status().as_u16());
                    span.in_scope(|| {
                        tracing::debug!(status = response.status().as_u16(), latency_ms, "answered")
                    });
                    (
                        retry::Attempt::Answered(response.status()),
                        retry::retry_after(response.headers(), SystemTime::now()),
                    )
                }
                Err(error) => {
                    span.in_scope(|| tracing::debug!(error = %error, latency_ms, "no answer"));
                    let outcome = if error.is_connect() {
                        retry::Attempt::NotConnected
                    } else {
                        retry::Attempt::NoAnswer
                    };
                    (outcome, None)
                }
            };
            // The copy is taken only once the branch is certain: it either
            // goes out again or the answer returns.
            if let Some(grant) = grant
                && outcome == retry::Attempt::Answered(reqwest::StatusCode::UNAUTHORIZED)
                && !token_replaced
                && let Some(mut spare) = spare.take()
            {
                token_replaced = true;
                let rejected = spare
                    .headers()
                    .get(reqwest::header::AUTHORIZATION)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.strip_prefix("Bearer "))
                    .unwrap_or_default()
                    .to_owned();
                let replaced = grant
                    .replace(http, &rejected)
                    .instrument(span.clone())
                    .await;
                let Ok(token) = replaced else {
                    // No new token: the 401 stands.
                    return result;
                };
                if place(&Placement::Bearer, token.expose_secret(), &mut spare).is_err() {
                    return result;
                }
                span.in_scope(|| tracing::info!("token rejected: sending again with a new one"));
                drop(result);
                request = spare;
                attempt += 1;
                continue;
            }
            let retry =
                attempt < self.retry.max_attempts() && retry::may_retry(repeatable, outcome);
            let Some(spare) = spare.filter(|_| retry) else {
                return result;
            };
            let delay = self.retry.delay(attempt, retry_after);
            if self
                .retry
                .deadline()
                .is_some_and(|deadline| started.elapsed() + delay > deadline)
            {
                span.in_scope(|| {
                    tracing::debug!(
                        delay_ms = delay.as_millis() as u64,
                        "not retrying: the deadline would pass"
                    )
                });
                return result;
            }
            span.in_scope(|| tracing::info!(delay_ms = delay.as_millis() as u64, "retrying"));
            drop(result);
            tokio::time::sleep(delay).await;
            request = spare;
            attempt += 1;
        }
    }
}

/// A fresh idempotency key: 128 random bits in the form of a version 4 UUID,
/// the form providers that validate their keys expect.
fn idempotency_key() -> String {
    let bits =
        fastrand::u128(..) & !(0xf000 << 64) & !(0xc000 << 48) | (0x4000 << 64) | (0x8000 << 48);
    let hex = format!("{bits:032x}");
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// A password grant's failure as the error of the request that needed the
/// token: the token endpoint's own answer, kept whole.
fn token_error<E>(error: TokenError) -> progenitor_client::Error<E> {
    match error {
        TokenError::Status(response) => progenitor_client::Error::UnexpectedResponse(response),
        TokenError::Transport(error) => progenitor_client::Error::CommunicationError(error),
        TokenError::Body(bytes, error) => {
            progenitor_client::Error::InvalidResponsePayload(bytes, error)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_secret() {
        let credential = Credential::bearer("very-secret-token");
        let mut state = ClientState::new("test");
        state.set_credential(credential.clone());
        let shown = format!("{credential:?} {state:?}");
        assert!(!shown.contains("very-secret-token"), "{shown}");
        assert!(shown.contains("[REDACTED]"), "{shown}");
    }
    #[test]
    fn an_operation_with_its_own_server_goes_there_unless_the_client_has_another_base() {
        let state = ClientState::new("test").with_operations(
            "https://api.example.com",
            &[OperationRules {
                id: "send_location",
                server: Some("https://other.example.com/"),
                idempotency_key: None,
                anonymous: false,
            }],
        );
        let at = |url: &str, operation: &str| {
            let mut req = reqwest::Request::new(reqwest::Method::POST, url.parse().expect("a URL"));
            if let Some(own) = state.rules(operation).server {
                state.route(&mut req, operation, own).expect("routes");
            }
            req.url().to_string()
        };
        assert_eq!(
            at("https://api.example.com/api/send?x=1", "send_location"),
            "https://other.example.com/api/send?x=1"
        );
        assert_eq!(
            at("https://api.example.com/v1/send", "send_text"),
            "https://api.example.com/v1/send"
        );
        assert_eq!(
            at("http://127.0.0.1:9/api/send", "send_location"),
            "http://127.0.0.1:9/api/send"
        );
    }
    #[test]
    fn idempotency_keys_are_version_4_uuids_and_differ() {
        let (a, b) = (idempotency_key(), idempotency_key());
        assert_ne!(a, b);
        for key in [a, b] {
            let groups: Vec<&str> = key.split('-').collect();
            let lengths: Vec<usize> = groups.iter().map(|g| g.len()).collect();
            assert_eq!(lengths, [8, 4, 4, 4, 12], "{key}");
            assert!(groups[2].starts_with('4'), "{key}");
            assert!(matches!(&groups[3][..1], "8" | "9" | "a" | "b"), "{key}");
        }
    }
}
