// Template: what every generated client crate adds to progenitor's `Client`.
// Read by generator/codegen/src/client/emit.rs; slots it fills:
// - `credential_methods!();`: a constructor and a setter per security scheme;
// - `strip_api_version!();`: the removal of progenitor's `api-version` header,
//   where the spec does not declare one;
// - `PROVIDER`: the provider's name, as a string literal.
// Compiled as it stands by `templates::tests` (with stubs for the slots).

impl Client {
    /// Creates a client that sends no credential, with the default HTTP
    /// client of `client_runtime::default_http_client` (rustls, 10 s to
    /// connect, 30 s per request).
    ///
    /// `baseurl` is the scheme, host and optional path prefix the
    /// operation paths are appended to, e.g. the spec's server URL.
    pub fn new(baseurl: &str) -> Self {
        Self::new_with_client(baseurl, client_runtime::default_http_client())
    }

    /// Creates a client that sends its requests through `client`, for
    /// control over proxies, TLS and timeouts.
    ///
    /// Give `client` the redirect policy [`same_origin_redirects`]
    /// ([`http_client`] does): reqwest's default follows redirects to
    /// other hosts and keeps a credential sent in a header of its own,
    /// such as an API key, on the request.
    pub fn new_with_client(baseurl: &str, client: reqwest::Client) -> Self {
        Self {
            baseurl: baseurl.to_string(),
            client,
            inner: client_runtime::ClientState::new(PROVIDER),
        }
    }

    /// How failed requests are retried: by default 3 attempts with
    /// exponential backoff and full jitter, honouring `Retry-After`.
    pub fn retry_policy(&self) -> &RetryPolicy {
        self.inner.retry_policy()
    }

    /// Sets how failed requests are retried; [`RetryPolicy::disabled`]
    /// for never. Only idempotent requests (every GET) are retried.
    pub fn set_retry_policy(&mut self, policy: RetryPolicy) {
        self.inner.set_retry_policy(policy);
    }

    credential_methods!();
}

impl ClientHooks<client_runtime::ClientState> for Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        _info: &OperationInfo,
    ) -> ::std::result::Result<(), Error<E>> {
        strip_api_version!();
        self.inner.prepare(request)
    }

    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        self.inner.execute(&self.client, request, info.operation_id).await
    }
}

/// Retry policy, timeouts and the unified error, from `client-runtime`.
pub use client_runtime::{http_client, same_origin_redirects, RetryPolicy, Timeouts};
