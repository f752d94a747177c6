// Template: what every generated client crate adds to progenitor's `Client`.
// Read by generator/codegen/src/client/emit.rs; slots it fills:
// - `credential_methods!();`: a constructor and a setter per security scheme;
// - `strip_api_version!();`: the removal of progenitor's `api-version` header,
//   where the spec does not declare one;
// - `PROVIDER`: the provider's name, as a string literal;
// - `DEFAULT_SERVER`: the spec's first server URL;
// - `OPERATION_RULES`: `&[client_runtime::__private::OperationRules { … }]`, one per
//   operation with an idempotency key, a server of its own or no security;
// - `server_functions!();`: a function per server with variables.
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
            inner: client_runtime::__private::with_operations(
                client_runtime::ClientState::new(PROVIDER),
                DEFAULT_SERVER,
                OPERATION_RULES,
            ),
        }
    }

    /// How failed requests are retried: by default 3 attempts with
    /// exponential backoff and full jitter, honouring `Retry-After`.
    pub fn retry_policy(&self) -> &RetryPolicy {
        self.inner.retry_policy()
    }

    /// Sets how failed requests are retried; [`RetryPolicy::disabled`]
    /// for never. After a 5xx or a timeout only requests that cannot be
    /// applied twice are sent again: idempotent methods (GET, PUT,
    /// DELETE) and writes that carry the provider's idempotency key. A
    /// `429` is retried for every method, after its `Retry-After`.
    pub fn set_retry_policy(&mut self, policy: RetryPolicy) {
        self.inner.set_retry_policy(policy);
    }

    /// Sets the credential sent on every request from now on, replacing
    /// any set before: for a credential the constructors do not make,
    /// e.g. a cookie of another name
    /// (`client_runtime::Credential::cookie(name, value)`), or a
    /// password grant shared with other clients.
    pub fn set_credential(&mut self, credential: client_runtime::Credential) {
        self.inner.set_credential(credential);
    }

    server_functions!();

    credential_methods!();
}

impl ClientHooks<client_runtime::ClientState> for Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        info: &OperationInfo,
    ) -> ::std::result::Result<(), Error<E>> {
        strip_api_version!();
        client_runtime::__private::prepare(&self.inner, &self.client, request, info.operation_id)
            .await
    }

    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        client_runtime::__private::execute(&self.inner, &self.client, request, info.operation_id)
            .await
    }
}

/// Retry policy, timeouts and the unified error, from `client-runtime`.
pub use client_runtime::{http_client, same_origin_redirects, RetryPolicy, Timeouts};
