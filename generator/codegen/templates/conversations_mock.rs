// Template: generated/conversations/src/mock.rs, compiled with the crate's
// `mock` feature. Read by generator/codegen/src/conversations/lib_rs.rs;
// slot it fills from the plan:
// - `match_mock_routes!()`: a `match` over `Provider`, each provider's routes
//   (conversations/mock_routes.rs).
// Compiled as it stands by `templates::tests` (with a stub `Provider`).

//! An in-process mock of every provider's API (feature `mock`): what the
//! `cli` example's `--mock` serves, for tests and demos without an account.
//!
//! It answers every request the unified client makes, from the provider's
//! spec: the docs' example where there is one, else a value of the
//! response's schema. Each paged list spans two pages of the provider's own
//! scheme. Every value it serves is one the client accepts back: an id a
//! list returns is a valid id for getting, listing the messages of,
//! replying to and updating that thread (HubSpot's thread ids are
//! integers, so its mock's are too).
//!
//! ```no_run
//! use conversations::ConversationsClient;
//!
//! # async fn run() -> Result<(), conversations::Error> {
//! let server = conversations::mock::server(conversations::Provider::Hubspot).await;
//! let client = hubspot_client::Client::with_bearer_token(&server.base_url(), "any token");
//! // The trait's method, not the typed client's builder of the same name.
//! let thread = ConversationsClient::get_thread(&client, "1").await?;
//! assert_eq!(thread.provider, conversations::Provider::Hubspot);
//! # Ok(())
//! # }
//! ```

use crate::Provider;

/// One answer of the mock server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Route {
    /// The HTTP method: `GET`, `POST`, …
    pub method: &'static str,
    /// A regular expression the request's path must match
    /// (`^/v1/thread/[^/]+$`).
    pub path: &'static str,
    /// A query parameter the request must carry, and its value.
    pub query: Option<(&'static str, &'static str)>,
    /// A query parameter the request must not carry.
    pub without: Option<&'static str>,
    /// The status answered.
    pub status: u16,
    /// The JSON body answered, if any.
    pub body: Option<&'static str>,
    /// Where the body comes from: the docs' example, or a value of the
    /// response's schema.
    pub source: &'static str,
}

/// What the mock serves for `provider`, in the order it tries them (a
/// list's second page before its first, each saying what it requires of
/// the query).
pub fn routes(provider: Provider) -> &'static [Route] {
    match_mock_routes!()
}

/// A mock server for `provider`, started and answering [`routes`]: point a
/// client at its `base_url()`. It stops when dropped.
pub async fn server(provider: Provider) -> httpmock::MockServer {
    let server = httpmock::MockServer::start_async().await;
    for route in routes(provider) {
        server
            .mock_async(|when, then| {
                let mut when = when.method(route.method).path_matches(route.path);
                if let Some((name, value)) = route.query {
                    when = when.query_param(name, value);
                }
                if let Some(name) = route.without {
                    when.query_param_missing(name);
                }
                let then = then.status(route.status);
                if let Some(body) = route.body {
                    then.header("content-type", "application/json").body(body);
                }
            })
            .await;
    }
    server
}
