//! When and how long to wait before trying a request again.
//!
//! The policy follows what the AWS SDKs and smithy-rs do: a request that may
//! have been applied is repeated only when repeating it cannot apply it twice
//! (an idempotent method, or a write carrying the provider's idempotency key):
//! for those, transient failures (connection errors, timeouts, 408, 429, 500,
//! 502, 503, 504) are retried with exponential backoff and full jitter. A
//! request the server cannot have applied (a 429 answer, or no connection at
//! all) is retried whatever its method. See [`may_retry`]; a server's `Retry-After` (seconds or HTTP-date)
//! replaces the computed delay, capped by [`RetryPolicy::max_delay`]; attempts
//! are bounded, and so is the time spent in all of them
//! ([`RetryPolicy::deadline`]).

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};

/// How a client retries requests that failed for a transient reason.
///
/// ```
/// use std::time::Duration;
/// use client_runtime::RetryPolicy;
///
/// let patient = RetryPolicy::default()
///     .with_max_attempts(5)
///     .with_deadline(Some(Duration::from_secs(120)));
/// assert_eq!(patient.max_attempts(), 5);
/// assert_eq!(RetryPolicy::disabled().max_attempts(), 1);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_delay: Duration,
    max_delay: Duration,
    deadline: Option<Duration>,
}

impl Default for RetryPolicy {
    /// 3 attempts; delays drawn from 0–200 ms, then 0–400 ms (full jitter),
    /// at most 20 s each (also the cap on `Retry-After`); 60 s in all.
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(20),
            deadline: Some(Duration::from_secs(60)),
        }
    }
}

impl RetryPolicy {
    /// One attempt, never a retry.
    pub fn disabled() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Attempts in all, the first included; 0 counts as 1.
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The upper bound of the first retry's delay; each later retry doubles
    /// it. The delay itself is drawn uniformly below the bound (full jitter).
    pub fn with_initial_delay(mut self, delay: Duration) -> Self {
        self.initial_delay = delay;
        self
    }

    /// The longest single wait, whether computed or asked for by the
    /// server's `Retry-After`.
    pub fn with_max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// The most time all attempts and waits of one request may take; `None`
    /// for no limit. A retry whose wait would end after it is not made.
    pub fn with_deadline(mut self, deadline: Option<Duration>) -> Self {
        self.deadline = deadline;
        self
    }

    /// Attempts in all, the first included.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// See [`RetryPolicy::with_initial_delay`].
    pub fn initial_delay(&self) -> Duration {
        self.initial_delay
    }

    /// See [`RetryPolicy::with_max_delay`].
    pub fn max_delay(&self) -> Duration {
        self.max_delay
    }

    /// See [`RetryPolicy::with_deadline`].
    pub fn deadline(&self) -> Option<Duration> {
        self.deadline
    }

    /// The wait before retry number `retry` (1 for the first retry): the
    /// server's `Retry-After` when it sent one, else a random duration below
    /// `initial_delay × 2^(retry-1)`; never more than `max_delay`.
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>) -> Duration {
        let delay = retry_after.unwrap_or_else(|| {
            let ceiling = self
                .initial_delay
                .saturating_mul(2u32.saturating_pow(retry.saturating_sub(1)))
                .min(self.max_delay);
            ceiling.mul_f64(fastrand::f64())
        });
        delay.min(self.max_delay)
    }
}

/// Whether a request with this method may be sent twice without changing
/// the outcome (RFC 9110 §9.2.2). These are retried after any transient
/// failure; a POST or PATCH only where [`may_retry`] says the server cannot
/// have applied it, or where it carries the provider's idempotency key.
pub(crate) fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE | Method::PUT | Method::DELETE
    )
}

/// What came of one attempt, as far as retrying cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Attempt {
    /// The server answered with this status.
    Answered(StatusCode),
    /// No connection was made: the request never left.
    NotConnected,
    /// The connection was made but no answer came (a timeout, a reset): the
    /// server may have applied the request.
    NoAnswer,
}

/// Whether an attempt that ended as `attempt` may be repeated. `repeatable`
/// says the request can be sent twice without being applied twice: an
/// idempotent method ([`is_idempotent`]), or a write that carries the
/// provider's idempotency key, the same on every attempt.
///
/// A repeatable request is retried on every transient failure
/// ([`is_retryable_status`], no connection, no answer). Any other request
/// (a POST, a PATCH) is retried only where the server cannot have applied
/// it: a `429 Too Many Requests` answer (RFC 6585: the request was refused
/// for its rate; `Retry-After` then says when to come back), or no
/// connection at all. After a 5xx or a timeout it may have been applied, and
/// it is not sent again.
pub(crate) fn may_retry(repeatable: bool, attempt: Attempt) -> bool {
    match attempt {
        Attempt::Answered(status) if status == StatusCode::TOO_MANY_REQUESTS => true,
        Attempt::Answered(status) => repeatable && is_retryable_status(status),
        Attempt::NotConnected => true,
        Attempt::NoAnswer => repeatable,
    }
}

/// Statuses that say "try again later": 408, 429, 500, 502, 503, 504.
pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 500 | 502 | 503 | 504)
}

/// The wait a `Retry-After` header asks for: delay-seconds (`120`) or an
/// HTTP-date (`Wed, 21 Oct 2015 07:28:00 GMT`), measured from `now`. A date
/// in the past asks for no wait; an unreadable value is ignored.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(retry_after: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            RETRY_AFTER,
            HeaderValue::from_str(retry_after).expect("a header value"),
        );
        headers
    }

    #[test]
    fn writes_are_retried_only_where_the_server_cannot_have_applied_them() {
        let status = |code: u16| Attempt::Answered(StatusCode::from_u16(code).expect("a status"));
        for attempt in [status(503), status(500), status(408), Attempt::NoAnswer] {
            assert!(!may_retry(false, attempt), "{attempt:?}");
            assert!(may_retry(true, attempt), "{attempt:?}");
        }
        for attempt in [status(429), Attempt::NotConnected] {
            assert!(may_retry(false, attempt), "{attempt:?}");
        }
        for attempt in [status(200), status(400), status(404), status(501)] {
            assert!(!may_retry(true, attempt), "{attempt:?}");
        }
    }

    #[test]
    fn retry_after_in_seconds() {
        assert_eq!(
            retry_after(&headers("7"), SystemTime::now()),
            Some(Duration::from_secs(7))
        );
    }

    #[test]
    fn retry_after_as_an_http_date() {
        let now = httpdate::parse_http_date("Wed, 21 Oct 2015 07:28:00 GMT").expect("a date");
        let later = headers("Wed, 21 Oct 2015 07:28:30 GMT");
        assert_eq!(retry_after(&later, now), Some(Duration::from_secs(30)));
        let earlier = headers("Wed, 21 Oct 2015 07:27:00 GMT");
        assert_eq!(retry_after(&earlier, now), Some(Duration::ZERO));
    }

    #[test]
    fn unreadable_retry_after_is_ignored() {
        assert_eq!(retry_after(&headers("soon"), SystemTime::now()), None);
        assert_eq!(retry_after(&HeaderMap::new(), SystemTime::now()), None);
    }

    #[test]
    fn delays_grow_exponentially_under_full_jitter_and_stay_capped() {
        let policy = RetryPolicy::default()
            .with_initial_delay(Duration::from_millis(100))
            .with_max_delay(Duration::from_millis(350));
        for _ in 0..200 {
            assert!(policy.delay(1, None) < Duration::from_millis(100));
            assert!(policy.delay(2, None) < Duration::from_millis(200));
            assert!(policy.delay(3, None) <= Duration::from_millis(350));
            assert!(policy.delay(30, None) <= Duration::from_millis(350));
        }
        // Full jitter: draws spread over the whole range, not just its top.
        let draws: Vec<Duration> = (0..200).map(|_| policy.delay(2, None)).collect();
        assert!(draws.iter().any(|d| *d < Duration::from_millis(50)));
        assert!(draws.iter().any(|d| *d > Duration::from_millis(150)));
    }

    #[test]
    fn retry_after_replaces_the_computed_delay_up_to_the_cap() {
        let policy = RetryPolicy::default().with_max_delay(Duration::from_secs(5));
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(2))),
            Duration::from_secs(2)
        );
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(60))),
            Duration::from_secs(5)
        );
    }

    #[test]
    fn only_idempotent_methods_and_transient_statuses() {
        assert!(is_idempotent(&Method::GET));
        assert!(is_idempotent(&Method::PUT));
        assert!(!is_idempotent(&Method::POST));
        assert!(!is_idempotent(&Method::PATCH));
        let retryable: Vec<u16> = (100..600)
            .filter(|s| StatusCode::from_u16(*s).is_ok_and(is_retryable_status))
            .collect();
        assert_eq!(retryable, [408, 429, 500, 502, 503, 504]);
    }

    #[test]
    fn idempotent_methods_are_the_rfc_9110_ones() {
        for method in [
            Method::GET,
            Method::HEAD,
            Method::OPTIONS,
            Method::TRACE,
            Method::PUT,
            Method::DELETE,
        ] {
            assert!(is_idempotent(&method), "{method}");
        }
        for method in [Method::POST, Method::PATCH, Method::CONNECT] {
            assert!(!is_idempotent(&method), "{method}");
        }
    }

    #[test]
    fn disabled_means_one_attempt() {
        assert_eq!(RetryPolicy::disabled().max_attempts(), 1);
        assert_eq!(
            RetryPolicy::default().with_max_attempts(0).max_attempts(),
            1
        );
    }
}
