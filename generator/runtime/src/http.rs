//! The `reqwest::Client` a generated client uses when the caller brings
//! none: timeouts, and redirects followed only within the origin.

use std::time::Duration;

/// How long a request may take.
///
/// ```
/// use std::time::Duration;
/// let timeouts = client_runtime::Timeouts { connect: Duration::from_secs(2), ..Default::default() };
/// let http = client_runtime::http_client(timeouts).expect("TLS starts");
/// // then: contactship_client::Client::new_with_client(url, http)
/// # drop(http);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeouts {
    /// To open a connection (TCP and TLS). Default 10 s.
    pub connect: Duration,
    /// For one attempt, from sending to the last byte of the body. Default
    /// 30 s. Retries get their own; [`RetryPolicy::deadline`](crate::RetryPolicy::deadline) bounds them all.
    pub request: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Self {
            connect: Duration::from_secs(10),
            request: Duration::from_secs(30),
        }
    }
}

/// A `reqwest::Client` with these timeouts, rustls for TLS, and
/// [`same_origin_redirects`]. For a proxy or custom TLS roots, build your own
/// `reqwest::Client` (and give it that redirect policy too).
///
/// # Errors
/// reqwest's error when the TLS backend cannot start.
pub fn http_client(timeouts: Timeouts) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .connect_timeout(timeouts.connect)
        .timeout(timeouts.request)
        .redirect(same_origin_redirects())
        .build()
}

/// Follows redirects (up to 10) only within the origin (scheme, host and
/// port) the request was sent to, and stops at any other: the redirect
/// response then comes back as it is, an [`Error::Status`](crate::Error::Status) with its 3xx.
///
/// reqwest's default policy follows redirects to other hosts and removes
/// only `Authorization`, `Cookie` and the like on the way; an API key in a
/// header of its own (`x-api-key`) would be sent to the other host.
pub fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let first = attempt.previous().first();
        let same_origin = first.is_some_and(|first| first.origin() == attempt.url().origin());
        if attempt.previous().len() > 10 {
            attempt.error("more than 10 redirects")
        } else if same_origin {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

/// The HTTP client a generated `Client` uses when the caller brings none:
/// [`http_client`] with the default [`Timeouts`].
pub fn default_http_client() -> reqwest::Client {
    // Building fails only when the TLS backend cannot start; the plain
    // default client reports that the same way, so fall back to it.
    http_client(Timeouts::default()).unwrap_or_default()
}
