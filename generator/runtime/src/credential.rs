//! Credentials: an API key, bearer token, cookie, basic pair or password
//! grant, held as a secret and placed on each request as the spec's security
//! scheme says.

use std::fmt;

use reqwest::header::{COOKIE, HeaderName, HeaderValue};
use secrecy::{ExposeSecret, SecretString};

use crate::PasswordGrant;

/// Where a [`Credential`] goes on the request, as the spec's security scheme
/// says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Placement {
    /// In a header of its own, verbatim (OpenAPI `apiKey` with `in: header`).
    /// Holds the header name, for example `x-api-key`.
    Header(HeaderName),
    /// In `Authorization: Bearer <credential>` (OpenAPI `http` with
    /// `scheme: bearer`, and `oauth2` access tokens).
    Bearer,
    /// In the `Cookie` header as `<name>=<credential>` (OpenAPI `apiKey` with
    /// `in: cookie`). Holds the cookie name, for example `session`.
    Cookie(String),
    /// In `Authorization: Basic <base64 of username:password>` (OpenAPI
    /// `http` with `scheme: basic`, RFC 7617).
    Basic,
}

/// A secret that authenticates requests: an API key, a bearer token or a
/// session cookie, with where it goes on the request.
///
/// The secret is never shown: `Debug` prints `[REDACTED]` in its place, and
/// the header that carries it is marked sensitive, so that `reqwest` and
/// `http` do not print it either.
#[derive(Clone)]
pub struct Credential {
    placement: Placement,
    secret: Secret,
}

/// Where a credential's secret comes from.
#[derive(Clone)]
enum Secret {
    /// Given once, sent as it is.
    Fixed(SecretString),
    /// A bearer token asked for at a token endpoint, cached and refreshed.
    Granted(PasswordGrant),
}

impl Credential {
    /// A credential sent verbatim in the header `header`.
    pub fn header(header: HeaderName, secret: impl Into<String>) -> Self {
        Self::new(Placement::Header(header), secret)
    }

    /// A token sent as `Authorization: Bearer <token>`.
    pub fn bearer(token: impl Into<String>) -> Self {
        Self::new(Placement::Bearer, token)
    }

    /// A cookie sent as `Cookie: <name>=<value>`.
    pub fn cookie(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self::new(Placement::Cookie(name.into()), value)
    }

    /// A username and password sent as `Authorization: Basic …` (RFC 7617:
    /// `username:password`, base64-encoded). The username must not contain
    /// `:`; the password may.
    pub fn basic(username: impl Into<String>, password: impl Into<String>) -> Self {
        let pair = format!("{}:{}", username.into(), password.into());
        Self::new(Placement::Basic, pair)
    }

    /// Bearer tokens from a password grant, sent as `Authorization: Bearer
    /// <token>`: the token is asked for when first needed, cached, replaced
    /// before it expires and once after a `401`. Clones of the credential
    /// (and of the clients holding it) share the token.
    pub fn password_grant(grant: PasswordGrant) -> Self {
        Self {
            placement: Placement::Bearer,
            secret: Secret::Granted(grant),
        }
    }

    fn new(placement: Placement, secret: impl Into<String>) -> Self {
        Self {
            placement,
            secret: Secret::Fixed(SecretString::from(secret.into())),
        }
    }

    /// The password grant behind this credential, if it is one.
    pub fn grant(&self) -> Option<&PasswordGrant> {
        match &self.secret {
            Secret::Granted(grant) => Some(grant),
            Secret::Fixed(_) => None,
        }
    }

    /// Where this credential goes on a request.
    pub fn placement(&self) -> &Placement {
        &self.placement
    }

    /// Puts the credential on `request`, replacing any value the same header
    /// (or, for a cookie, the same cookie) already had there.
    ///
    /// A password grant's token is not known here: the generated client asks
    /// the grant for it before each request.
    ///
    /// # Errors
    /// [`InvalidCredential::HeaderValue`] when the secret holds characters an
    /// HTTP header cannot carry (a line break, for example); the error does
    /// not repeat the secret. [`InvalidCredential::NoToken`] for a password
    /// grant.
    pub fn apply(&self, request: &mut reqwest::Request) -> Result<(), InvalidCredential> {
        match &self.secret {
            Secret::Fixed(secret) => place(&self.placement, secret.expose_secret(), request),
            Secret::Granted(_) => Err(InvalidCredential::NoToken),
        }
    }
}

/// Puts `secret` on `request` as `placement` says.
pub(crate) fn place(
    placement: &Placement,
    secret: &str,
    request: &mut reqwest::Request,
) -> Result<(), InvalidCredential> {
    {
        let headers = request.headers_mut();
        match placement {
            Placement::Header(name) => {
                headers.insert(name.clone(), sensitive(secret.to_owned())?);
            }
            Placement::Bearer => {
                headers.insert(
                    reqwest::header::AUTHORIZATION,
                    sensitive(format!("Bearer {secret}"))?,
                );
            }
            Placement::Basic => {
                use base64::Engine as _;
                let encoded = base64::engine::general_purpose::STANDARD.encode(secret);
                headers.insert(
                    reqwest::header::AUTHORIZATION,
                    sensitive(format!("Basic {encoded}"))?,
                );
            }
            Placement::Cookie(name) => {
                let ours = format!("{name}={secret}");
                // Keep cookies the caller set, drop an older value of ours.
                let prefix = format!("{name}=");
                let mut cookies: Vec<String> = headers
                    .get_all(COOKIE)
                    .iter()
                    .filter_map(|value| value.to_str().ok())
                    .flat_map(|value| value.split(';'))
                    .map(str::trim)
                    .filter(|cookie| !cookie.is_empty() && !cookie.starts_with(&prefix))
                    .map(str::to_owned)
                    .collect();
                cookies.push(ours);
                headers.insert(COOKIE, sensitive(cookies.join("; "))?);
            }
        }
        Ok(())
    }
}

fn sensitive(value: String) -> Result<HeaderValue, InvalidCredential> {
    let mut value = HeaderValue::try_from(value).map_err(|_| InvalidCredential::HeaderValue)?;
    value.set_sensitive(true);
    Ok(value)
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credential")
            .field("placement", &self.placement)
            .field("secret", &"[REDACTED]")
            .finish()
    }
}

/// A credential that cannot be put on a request.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum InvalidCredential {
    /// The secret holds a character an HTTP header cannot carry, such as a
    /// line break or other control character. Check how the secret was read
    /// (a trailing newline from a file is the usual cause).
    HeaderValue,
    /// A password grant's token is only known once asked for: the credential
    /// is put on each request by the generated client, not by [`Credential::apply`].
    NoToken,
}

impl fmt::Display for InvalidCredential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::HeaderValue => f.write_str(
                "the credential holds a character an HTTP header cannot carry \
                 (a line break or control character?); check how it was read",
            ),
            Self::NoToken => f.write_str(
                "a password grant's token is asked for when a request is prepared \
                 by the client, not when the credential is applied",
            ),
        }
    }
}

impl std::error::Error for InvalidCredential {}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> reqwest::Request {
        reqwest::Request::new(
            reqwest::Method::GET,
            "http://localhost/".parse().expect("a valid URL"),
        )
    }

    #[test]
    fn header_credential_is_sent_and_marked_sensitive() {
        let mut req = request();
        let credential = Credential::header(HeaderName::from_static("x-api-key"), "s3cret");
        credential.apply(&mut req).expect("applies");
        let value = req.headers().get("x-api-key").expect("header set");
        assert_eq!(value.to_str().ok(), Some("s3cret"));
        assert!(value.is_sensitive());
    }
    #[test]
    fn bearer_credential_goes_in_authorization() {
        let mut req = request();
        Credential::bearer("tok").apply(&mut req).expect("applies");
        let value = req.headers().get("authorization").expect("header set");
        assert_eq!(value.to_str().ok(), Some("Bearer tok"));
        assert!(value.is_sensitive());
    }
    #[test]
    fn cookie_credential_keeps_other_cookies_and_replaces_its_own() {
        let mut req = request();
        req.headers_mut()
            .insert(COOKIE, HeaderValue::from_static("theme=dark; session=old"));
        Credential::cookie("session", "new")
            .apply(&mut req)
            .expect("applies");
        let cookies: Vec<_> = req.headers().get_all(COOKIE).iter().collect();
        assert_eq!(cookies.len(), 1);
        assert_eq!(cookies[0].to_str().ok(), Some("theme=dark; session=new"));
    }
    #[test]
    fn a_secret_with_a_line_break_is_refused_without_repeating_it() {
        let mut req = request();
        let err = Credential::bearer("abc\ndef").apply(&mut req).unwrap_err();
        assert_eq!(err, InvalidCredential::HeaderValue);
        assert!(!err.to_string().contains("abc"));
    }
}
