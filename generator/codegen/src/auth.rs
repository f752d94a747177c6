//! Security schemes → client constructors.
//!
//! progenitor ignores `securitySchemes`; this module reads them and emits, per
//! scheme, a constructor that takes the credential (`with_api_key`,
//! `with_bearer_token`, `with_<cookie>_cookie`) and a setter for clients built
//! with `new_with_client`. The credential itself is handled at run time by
//! `client_runtime::Credential`, which keeps it secret.

use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use crate::diagnostic::{Diagnostic, pointer};
use crate::load::LoadedSpec;

/// A supported security scheme of a spec.
#[derive(Clone, Debug)]
pub(crate) struct SecurityScheme {
    /// The key under `components/securitySchemes`.
    pub(crate) name: String,
    pub(crate) placement: Placement,
    pub(crate) description: Option<String>,
}

#[derive(Clone, Debug)]
pub(crate) enum Placement {
    /// `apiKey` in a header; the header name, lower-cased.
    Header(String),
    /// `apiKey` in a cookie; the cookie name.
    Cookie(String),
    /// `http` bearer, or an `oauth2` access token; the OAuth scopes, if any.
    Bearer { oauth2: bool, scopes: Vec<String> },
}

impl SecurityScheme {
    /// The name stem of the generated methods: `api_key`, `bearer_token`,
    /// `session_cookie`.
    fn stem(&self) -> String {
        match &self.placement {
            Placement::Header(_) => "api_key".into(),
            Placement::Cookie(cookie) => format!("{}_cookie", cookie.to_snake_case()),
            Placement::Bearer { .. } => "bearer_token".into(),
        }
    }

    /// The methods this scheme adds to the client.
    pub(crate) fn method_names(&self) -> [String; 2] {
        let stem = self.stem();
        [format!("with_{stem}"), format!("set_{stem}")]
    }

    /// The environment variable the examples read this credential from:
    /// `CONTACTSHIP_API_KEY`, `HUBSPOT_ACCESS_TOKEN`, `DELIGHTBRIDGE_SESSION`,
    /// `GOCHAT_TOKEN`.
    pub(crate) fn env_var(&self, provider: &str) -> String {
        let what = match &self.placement {
            Placement::Header(_) => "API_KEY".to_owned(),
            Placement::Cookie(cookie) => cookie.to_uppercase().replace('-', "_"),
            Placement::Bearer { oauth2: true, .. } => "ACCESS_TOKEN".to_owned(),
            Placement::Bearer { oauth2: false, .. } => "TOKEN".to_owned(),
        };
        format!("{}_{what}", provider.to_uppercase().replace('-', "_"))
    }

    /// The constructor that takes this credential, e.g. `with_api_key`.
    pub(crate) fn constructor(&self) -> String {
        let [with, _] = self.method_names();
        with
    }

    /// One line for the crate docs: which constructor sends what, where.
    pub(crate) fn summary(&self) -> String {
        let [with, _] = self.method_names();
        let what = match &self.placement {
            Placement::Header(header) => format!("an API key in the `{header}` header"),
            Placement::Cookie(cookie) => format!("the `{cookie}` cookie"),
            Placement::Bearer {
                oauth2: true,
                scopes,
            } if !scopes.is_empty() => format!(
                "an OAuth 2.0 access token as `Authorization: Bearer …` (scopes: {})",
                scopes
                    .iter()
                    .map(|s| format!("`{s}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Placement::Bearer { .. } => "a token as `Authorization: Bearer …`".into(),
        };
        format!(
            "[`Client::{with}`]: {what} (security scheme `{}`)",
            self.name
        )
    }
}

/// Reads `components/securitySchemes`, reporting the schemes we cannot send.
pub(crate) fn security_schemes(
    spec: &LoadedSpec<'_>,
    problems: &mut Vec<Diagnostic>,
) -> Vec<SecurityScheme> {
    let mut schemes: Vec<SecurityScheme> = Vec::new();
    let Some(map) = spec
        .value
        .pointer("/components/securitySchemes")
        .and_then(Value::as_object)
    else {
        return schemes;
    };
    let supported = "supported: `apiKey` in a header or cookie, `http` with `scheme: bearer`, and `oauth2` \
                     (its access token is sent as a bearer token)";
    for (name, scheme) in map {
        let at = pointer(["components", "securitySchemes", name]);
        let text = |key: &str| {
            scheme
                .get(key)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned()
        };
        let placement = match (text("type").as_str(), text("in").as_str()) {
            ("apiKey", "header") => {
                let header = text("name").to_ascii_lowercase();
                if header.is_empty() || !header.bytes().all(is_header_char) {
                    problems.push(spec.error(
                        &format!("{at}/name"),
                        format!("`{header}` is not a valid HTTP header name"),
                        "use the header name the provider documents, e.g. `x-api-key`",
                    ));
                    continue;
                }
                Placement::Header(header)
            }
            ("apiKey", "cookie") => {
                let cookie = text("name");
                if cookie.is_empty() || !cookie.bytes().all(is_header_char) {
                    problems.push(spec.error(
                        &format!("{at}/name"),
                        format!("`{cookie}` is not a valid cookie name"),
                        "use the cookie name the provider documents, e.g. `session`",
                    ));
                    continue;
                }
                Placement::Cookie(cookie)
            }
            ("http", _) if text("scheme").eq_ignore_ascii_case("bearer") => Placement::Bearer {
                oauth2: false,
                scopes: Vec::new(),
            },
            ("oauth2", _) => {
                let mut scopes: Vec<String> = scheme
                    .get("flows")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flat_map(|flows| flows.values())
                    .filter_map(|flow| flow.get("scopes").and_then(Value::as_object))
                    .flat_map(|s| s.keys().cloned())
                    .collect();
                scopes.sort();
                scopes.dedup();
                Placement::Bearer {
                    oauth2: true,
                    scopes,
                }
            }
            (kind, place) => {
                let shown = match (kind, place, text("scheme")) {
                    ("apiKey", place, _) => format!("`apiKey` in `{place}`"),
                    ("http", _, scheme) => format!("`http` with `scheme: {scheme}`"),
                    (kind, _, _) => format!("`{kind}`"),
                };
                problems.push(spec.error(
                    &format!("{at}/type"),
                    format!("security scheme `{name}` ({shown}) is not supported"),
                    format!("{supported}; if the provider really uses this scheme, add it to generator/src/auth.rs"),
                ));
                continue;
            }
        };
        let candidate = SecurityScheme {
            name: name.clone(),
            placement,
            description: scheme
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_owned),
        };
        if let Some(other) = schemes.iter().find(|s| s.stem() == candidate.stem()) {
            problems.push(spec.error(
                &at,
                format!(
                    "security schemes `{}` and `{name}` would both generate `Client::{}`",
                    other.name,
                    candidate.method_names()[0]
                ),
                "keep one of them: both send the same kind of credential the same way",
            ));
            continue;
        }
        schemes.push(candidate);
    }
    schemes
}

/// RFC 9110 token characters, valid in header and cookie names.
fn is_header_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// `impl Client { … }`: progenitor's two constructors re-done for our client
/// state, and a constructor and a setter per security scheme.
///
/// `strip_api_version`: progenitor adds `api-version: <info.version>` to every
/// request, a convention of Oxide's Dropshot servers that no provider here
/// documents; the `pre` hook removes it unless the spec declares that header.
///
/// Every request goes through `client_runtime::ClientState`: `pre` puts the
/// credential on it, `exec` sends it with retries and a tracing span per
/// attempt.
pub(crate) fn client_impl(
    provider: &str,
    schemes: &[SecurityScheme],
    strip_api_version: bool,
) -> TokenStream {
    let per_scheme = schemes.iter().map(|scheme| {
        let [with, set] = scheme.method_names();
        let (with, set) = (format_ident!("{with}"), format_ident!("{set}"));
        let param = format_ident!("{}", scheme.stem());
        let credential = match &scheme.placement {
            Placement::Header(header) => quote! {
                client_runtime::Credential::header(reqwest::header::HeaderName::from_static(#header), #param)
            },
            Placement::Cookie(cookie) => quote! { client_runtime::Credential::cookie(#cookie, #param) },
            Placement::Bearer { .. } => quote! { client_runtime::Credential::bearer(#param) },
        };
        let mut doc = format!("Creates a client that authenticates every request with {}.", {
            let summary = scheme.summary();
            summary.split_once(": ").map(|(_, what)| what.to_owned()).unwrap_or(summary)
        });
        if let Some(description) = &scheme.description {
            doc.push_str(&format!("\n\nFrom the spec: {}", description.trim()));
        }
        doc.push_str(&format!(
            "\n\nThe credential is held as a secret: `Debug` shows `[REDACTED]`, and the \
             header that carries it is marked sensitive. To also bring your own \
             `reqwest::Client`, use [`Client::new_with_client`] and then [`Client::{set}`]."
        ));
        let set_doc = format!(
            "Sets the credential of security scheme `{}`, sent on every request from now on; \
             it replaces any credential set before.",
            scheme.name
        );
        quote! {
            #[doc = #doc]
            pub fn #with(baseurl: &str, #param: impl ::std::convert::Into<::std::string::String>) -> Self {
                let mut client = Self::new(baseurl);
                client.#set(#param);
                client
            }

            #[doc = #set_doc]
            pub fn #set(&mut self, #param: impl ::std::convert::Into<::std::string::String>) {
                self.inner.set_credential(#credential);
            }
        }
    });
    let strip = strip_api_version.then(|| {
        quote! {
            // progenitor sends `api-version` on every request (a Dropshot
            // convention); this provider does not document it.
            request.headers_mut().remove("api-version");
        }
    });
    quote! {
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
                    inner: client_runtime::ClientState::new(#provider),
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

            #(#per_scheme)*
        }

        impl ClientHooks<client_runtime::ClientState> for Client {
            async fn pre<E>(
                &self,
                request: &mut reqwest::Request,
                _info: &OperationInfo,
            ) -> ::std::result::Result<(), Error<E>> {
                #strip
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
    }
}
