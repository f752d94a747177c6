//! The request path of the unified surface: one request through a generated
//! client's state (credential, retries, tracing), answered with the 2xx body
//! as received (the caller decodes and normalizes it, keeping it verbatim in
//! `raw`), or with an [`Error`] that says what failed.
//!
//! The unified client builds its requests here rather than through the typed
//! builders: it needs the body's bytes (a listed item keeps its own text in
//! `raw`), and it writes JSON `null` where a provider clears a field with it
//! (typify's optional fields skip `None`).

use crate::{ClientState, Error};

/// One request of the unified client, as the generated code describes it.
#[derive(Clone, Debug)]
pub struct Call {
    /// The `operationId`: its [`super::OperationRules`] apply (server,
    /// idempotency key, anonymous), and it names the operation in errors
    /// and traces.
    pub operation: &'static str,
    /// The HTTP method.
    pub method: reqwest::Method,
    /// The path after the base URL, already percent-encoded
    /// (`/v1/thread/abc`).
    pub path: String,
    /// Query parameters in order, not yet encoded.
    pub query: Vec<(&'static str, String)>,
    /// The JSON body, if the operation takes one.
    pub body: Option<serde_json::Value>,
    /// Reads the provider's message out of an error body, where the spec
    /// describes one; `None` otherwise.
    pub error_message: fn(&[u8]) -> Option<String>,
}

impl Call {
    /// A `GET` of `path` with no query.
    pub fn get(
        operation: &'static str,
        path: String,
        error_message: fn(&[u8]) -> Option<String>,
    ) -> Self {
        Self {
            operation,
            method: reqwest::Method::GET,
            path,
            query: Vec::new(),
            body: None,
            error_message,
        }
    }

    /// The same call with the query parameter `name` set to `value`
    /// (replacing an earlier value of it): how a paginator asks for the
    /// next page.
    pub fn with_query(mut self, name: &'static str, value: String) -> Self {
        self.query.retain(|(n, _)| *n != name);
        self.query.push((name, value));
        self
    }
}

/// Sends `GET <baseurl><path>` for `operation` the way the generated client's
/// own methods do (its credential, its retry policy, a span per attempt) and
/// returns the 2xx body.
///
/// `path` must already be percent-encoded. `error_message` reads the
/// provider's message out of an error body, where the spec describes one
/// (the generated code passes it); it returns `None` otherwise.
///
/// # Errors
/// As [`send`].
pub async fn fetch(
    state: &ClientState,
    http: &reqwest::Client,
    baseurl: &str,
    operation: &'static str,
    path: &str,
    error_message: fn(&[u8]) -> Option<String>,
) -> Result<Vec<u8>, Error> {
    send(
        state,
        http,
        baseurl,
        Call::get(operation, path.to_owned(), error_message),
    )
    .await
}

/// Sends `call` to `baseurl` the way the generated client's own methods do:
/// its credential, its retry policy (a write is retried only where
/// `retry::may_retry` allows it), a span per attempt. Returns the
/// 2xx body as received (empty for a `204`).
///
/// # Errors
/// - [`Error::Transport`] / [`Error::Timeout`]: no answer (after retries);
/// - [`Error::Status`]: a non-2xx answer (the last one), with the body and
///   the provider's message;
/// - [`Error::Status`] too when a password grant's token endpoint refuses
///   (its status and body);
/// - [`Error::InvalidRequest`]: the credential cannot be sent in a header,
///   or the URL cannot be built.
pub async fn send(
    state: &ClientState,
    http: &reqwest::Client,
    baseurl: &str,
    call: Call,
) -> Result<Vec<u8>, Error> {
    let provider = state.provider();
    let operation = call.operation;
    let url = format!("{}{}", baseurl.trim_end_matches('/'), call.path);
    let mut builder = http
        .request(call.method, &url)
        .header(reqwest::header::ACCEPT, "application/json");
    if !call.query.is_empty() {
        builder = builder.query(&call.query);
    }
    if let Some(body) = &call.body {
        builder = builder.json(body);
    }
    let mut request = builder.build().map_err(|source| Error::InvalidRequest {
        provider,
        operation,
        message: format!("cannot build a request for {url}: {source}"),
    })?;
    let response = match state.prepare::<()>(http, &mut request, operation).await {
        Ok(()) => state
            .execute(http, request, operation)
            .await
            .map_err(|source| Error::from_reqwest(provider, operation, source))?,
        // A password grant's token endpoint refused: its answer is the error.
        Err(progenitor_client::Error::UnexpectedResponse(response)) => response,
        Err(progenitor_client::Error::CommunicationError(source)) => {
            return Err(Error::from_reqwest(provider, operation, source));
        }
        Err(e) => {
            return Err(Error::InvalidRequest {
                provider,
                operation,
                message: e.to_string(),
            });
        }
    };
    let status = response.status();
    let bytes = response
        .bytes()
        .await
        .map_err(|source| Error::from_reqwest(provider, operation, source))?;
    if !status.is_success() {
        return Err(Error::Status {
            provider,
            operation,
            status,
            message: (call.error_message)(&bytes),
            body: String::from_utf8_lossy(&bytes).into_owned(),
        });
    }
    Ok(bytes.to_vec())
}
