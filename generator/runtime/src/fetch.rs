//! The request path of the unified surface: one GET through a generated
//! client's state (credential, retries, tracing), answered with the 2xx body
//! as received (the caller decodes and normalizes it, keeping it verbatim in
//! `raw`), or with an [`Error`] that says what failed.

use crate::{ClientState, Error};

/// Sends `GET <baseurl><path>` for `operation` the way the generated client's
/// own methods do (its credential, its retry policy, a span per attempt) and
/// returns the 2xx body.
///
/// `path` must already be percent-encoded. `error_message` reads the
/// provider's message out of an error body, where the spec describes one
/// (the generated code passes it); it returns `None` otherwise.
///
/// # Errors
/// - [`Error::Transport`] / [`Error::Timeout`]: no answer (after retries);
/// - [`Error::Status`]: a non-2xx answer (the last one), with the body and
///   the provider's message;
/// - [`Error::Status`] too when a password grant's token endpoint refuses
///   (its status and body);
/// - [`Error::InvalidRequest`]: the credential cannot be sent in a header.
pub async fn fetch(
    state: &ClientState,
    http: &reqwest::Client,
    baseurl: &str,
    operation: &'static str,
    path: &str,
    error_message: fn(&[u8]) -> Option<String>,
) -> Result<Vec<u8>, Error> {
    let provider = state.provider();
    let url = format!("{}{path}", baseurl.trim_end_matches('/'));
    let mut request = http
        .get(&url)
        .header(reqwest::header::ACCEPT, "application/json")
        .build()
        .map_err(|source| Error::InvalidRequest {
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
            message: error_message(&bytes),
            body: String::from_utf8_lossy(&bytes).into_owned(),
        });
    }
    Ok(bytes.to_vec())
}
