//! Bearer tokens obtained with a password grant, cached and refreshed.
//!
//! Some providers (Go!Chat) hand out short-lived bearer tokens in exchange
//! for a username and password at a token endpoint, and document how long a
//! token lives. [`PasswordGrant`] asks for a token the first time one is
//! needed, reuses it until shortly before it expires, asks again after a
//! server rejected it (a `401`), and is shared by every client holding a
//! clone of it, so that many clients and many concurrent calls make one
//! token request between them.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use secrecy::{ExposeSecret, SecretString};
use tracing::Instrument as _;

/// A password grant: where to ask for a token, with which username and
/// password, and how long a token lives. Cheap to clone; clones share the
/// cached token.
///
/// `Debug` shows the token URL, the username and the lifetime, never the
/// password or a token.
#[derive(Clone)]
pub struct PasswordGrant {
    inner: Arc<Inner>,
}

struct Inner {
    token_url: String,
    username: String,
    password: SecretString,
    lifetime: Duration,
    cached: tokio::sync::Mutex<Option<Cached>>,
}

struct Cached {
    token: SecretString,
    fetched: Instant,
}

/// Why no token could be had.
#[derive(Debug)]
#[non_exhaustive]
pub enum TokenError {
    /// The token endpoint answered with an error status (`401` for a wrong
    /// username or password: check them, and mind that the provider may lock
    /// an account after repeated wrong passwords). The response is kept whole,
    /// status and body, for the caller to read.
    Status(reqwest::Response),
    /// The token request got no answer (connection, timeout, TLS).
    Transport(reqwest::Error),
    /// The token endpoint answered 2xx with a body that has no string
    /// `access_token`; the body is kept as it came.
    Body(bytes::Bytes, serde_json::Error),
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Status(response) => write!(
                f,
                "the token endpoint answered {}: check the username and password",
                response.status()
            ),
            Self::Transport(error) => write!(f, "the token request got no answer: {error}"),
            Self::Body(_, why) => write!(f, "the token endpoint's answer has no token: {why}"),
        }
    }
}

impl std::error::Error for TokenError {}

impl PasswordGrant {
    /// A grant that posts `{"grant_type": "password", "username": …,
    /// "password": …}` as JSON to `token_url` and reads `access_token` from
    /// the answer; each token is taken to live `lifetime` (the provider's
    /// documented lifetime).
    pub fn new(
        token_url: impl Into<String>,
        username: impl Into<String>,
        password: impl Into<String>,
        lifetime: Duration,
    ) -> Self {
        Self {
            inner: Arc::new(Inner {
                token_url: token_url.into(),
                username: username.into(),
                password: SecretString::from(password.into()),
                lifetime,
                cached: tokio::sync::Mutex::new(None),
            }),
        }
    }

    /// The URL tokens are asked for at.
    pub fn token_url(&self) -> &str {
        &self.inner.token_url
    }

    /// How long before its lifetime ends a token is replaced: a tenth of the
    /// lifetime, at most one minute, so that a token never expires in flight.
    pub fn margin(&self) -> Duration {
        (self.inner.lifetime / 10).min(Duration::from_secs(60))
    }

    /// A token that is still fresh: the cached one, or a new one asked for
    /// through `http` (one request however many callers wait for it).
    ///
    /// # Errors
    /// [`TokenError`] when the token endpoint gives none.
    pub async fn token(&self, http: &reqwest::Client) -> Result<SecretString, TokenError> {
        let mut cached = self.inner.cached.lock().await;
        if let Some(c) = cached.as_ref()
            && c.fetched.elapsed() + self.margin() < self.inner.lifetime
        {
            return Ok(c.token.clone());
        }
        let token = self.fetch(http).await?;
        *cached = Some(Cached {
            token: token.clone(),
            fetched: Instant::now(),
        });
        Ok(token)
    }

    /// A new token in place of `rejected`, which a server answered `401` to.
    /// When another caller has already replaced it, that token is returned
    /// without a request.
    ///
    /// # Errors
    /// [`TokenError`] when the token endpoint gives none.
    pub async fn replace(
        &self,
        http: &reqwest::Client,
        rejected: &str,
    ) -> Result<SecretString, TokenError> {
        let mut cached = self.inner.cached.lock().await;
        if let Some(c) = cached.as_ref()
            && c.token.expose_secret() != rejected
        {
            return Ok(c.token.clone());
        }
        *cached = None;
        let token = self.fetch(http).await?;
        *cached = Some(Cached {
            token: token.clone(),
            fetched: Instant::now(),
        });
        Ok(token)
    }

    /// One token request. Never retried: a wrong password sent again counts
    /// towards the provider's lock-out.
    async fn fetch(&self, http: &reqwest::Client) -> Result<SecretString, TokenError> {
        #[derive(serde::Serialize)]
        struct Grant<'a> {
            grant_type: &'a str,
            username: &'a str,
            password: &'a str,
        }
        #[derive(serde::Deserialize)]
        struct Answer {
            access_token: String,
        }
        let span = tracing::info_span!(
            "token_request",
            url = %self.inner.token_url,
            status = tracing::field::Empty,
        );
        let body = Grant {
            grant_type: "password",
            username: &self.inner.username,
            password: self.inner.password.expose_secret(),
        };
        let response = http
            .post(&self.inner.token_url)
            .json(&body)
            .send()
            .instrument(span.clone())
            .await
            .map_err(TokenError::Transport)?;
        span.record("status", response.status().as_u16());
        if !response.status().is_success() {
            return Err(TokenError::Status(response));
        }
        let bytes = response.bytes().await.map_err(TokenError::Transport)?;
        match serde_json::from_slice::<Answer>(&bytes) {
            Ok(answer) => Ok(SecretString::from(answer.access_token)),
            Err(error) => Err(TokenError::Body(bytes, error)),
        }
    }
}

impl fmt::Debug for PasswordGrant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PasswordGrant")
            .field("token_url", &self.inner.token_url)
            .field("username", &self.inner.username)
            .field("password", &"[REDACTED]")
            .field("lifetime", &self.inner.lifetime)
            .finish()
    }
}
