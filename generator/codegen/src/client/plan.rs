//! The plan of one client crate: what the checks learned of the spec, as
//! plain data. Emitting reads this (and progenitor's output), never the spec.

use crate::names::{CredentialStem, Provider};
use crate::spec::{Method, PathTemplate};

/// Everything the generator adds to progenitor's client, and what the
/// `conversations` crate needs to know of it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ClientPlan {
    pub(crate) provider: Provider,
    /// The spec file, e.g. `specs/hubspot.yaml`.
    pub(crate) spec_path: String,
    pub(crate) docs: CrateDocs,
    pub(crate) operations: Vec<OperationPlan>,
    /// The security schemes, each a constructor and a setter of the client.
    pub(crate) schemes: Vec<SecurityScheme>,
    /// The string enums, each a forward-compatible Rust enum.
    pub(crate) enums: Vec<StringEnum>,
    /// No operation declares an `api-version` header: drop progenitor's.
    pub(crate) strip_api_version: bool,
}

/// What the crate's rustdoc says of where it comes from.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct CrateDocs {
    pub(crate) title: String,
    pub(crate) api_version: String,
    pub(crate) description: Option<String>,
    /// The doc pages the spec was transcribed from.
    pub(crate) transcribed_from: Vec<String>,
    /// The first server URL.
    pub(crate) server: Option<String>,
}

/// One operation: a client method.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct OperationPlan {
    /// Where it is in the spec: `/paths/~1v1~1thread~1{threadId}/get`.
    pub(crate) pointer: String,
    /// The operationId, as written.
    pub(crate) id: String,
    /// The client method: the operationId in snake case.
    pub(crate) method_name: String,
    pub(crate) method: Method,
    pub(crate) path: PathTemplate,
    /// The path parameters in template order, and whether each is an integer.
    pub(crate) path_params: Vec<(String, bool)>,
    /// The names of the required query parameters.
    pub(crate) required_query: Vec<String>,
    /// How many query parameters are arrays.
    pub(crate) array_query_params: usize,
    /// The component the 200 response's JSON body refers to.
    pub(crate) returns: Option<String>,
    /// The component of the first error response's JSON body.
    pub(crate) error_schema: Option<String>,
    /// The docs' example of the 200 response, as compact JSON.
    pub(crate) example: Option<String>,
}

/// A security scheme the client can send.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SecurityScheme {
    /// Where it is defined: `/components/securitySchemes/<name>`.
    pub(crate) pointer: String,
    /// The key under `components/securitySchemes`.
    pub(crate) name: String,
    pub(crate) placement: Placement,
    pub(crate) description: Option<String>,
}

/// Where a credential goes.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Placement {
    /// `apiKey` in a header; the header name, lower-cased.
    Header(String),
    /// `apiKey` in a cookie; the cookie name.
    Cookie(String),
    /// `http` bearer, or an `oauth2` access token; the OAuth scopes, if any.
    Bearer { oauth2: bool, scopes: Vec<String> },
}

impl SecurityScheme {
    pub(crate) fn stem(&self) -> CredentialStem<'_> {
        match &self.placement {
            Placement::Header(_) => CredentialStem::ApiKey,
            Placement::Cookie(cookie) => CredentialStem::Cookie(cookie),
            Placement::Bearer { .. } => CredentialStem::BearerToken,
        }
    }

    /// The constructor and the setter: `with_api_key`, `set_api_key`.
    pub(crate) fn method_names(&self) -> [String; 2] {
        self.stem().methods()
    }

    /// The constructor that takes this credential, e.g. `with_api_key`.
    pub(crate) fn constructor(&self) -> String {
        let [with, _] = self.method_names();
        with
    }

    /// The environment variable the examples read this credential from:
    /// `CONTACTSHIP_API_KEY`, `HUBSPOT_ACCESS_TOKEN`, `DELIGHTBRIDGE_SESSION`,
    /// `GOCHAT_TOKEN`.
    pub(crate) fn env_var(&self, provider: &Provider) -> String {
        let what = match &self.placement {
            Placement::Header(_) => "API_KEY".to_owned(),
            Placement::Cookie(cookie) => cookie.clone(),
            Placement::Bearer { oauth2: true, .. } => "ACCESS_TOKEN".to_owned(),
            Placement::Bearer { oauth2: false, .. } => "TOKEN".to_owned(),
        };
        provider.env_var(&what)
    }

    /// What the credential is and where it goes, for the docs.
    pub(crate) fn what(&self) -> String {
        match &self.placement {
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
        }
    }

    /// One line for the crate docs: which constructor sends what, where.
    pub(crate) fn summary(&self) -> String {
        format!(
            "[`Client::{}`]: {} (security scheme `{}`)",
            self.constructor(),
            self.what(),
            self.name
        )
    }
}

/// A string enum of the spec, to be a `#[non_exhaustive]` Rust enum with an
/// `Unknown(String)` variant.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct StringEnum {
    /// The component (and Rust type) name, e.g. `ThreadStatus`.
    pub(crate) name: String,
    /// The values the spec lists, in spec order.
    pub(crate) values: Vec<String>,
    /// `true` for `x-extensible-enum` (values are examples), `false` for `enum`.
    pub(crate) open: bool,
    pub(crate) description: Option<String>,
    /// Where the schema is; an inline one is moved into `components/schemas`
    /// under [`StringEnum::name`] before progenitor runs.
    pub(crate) pointer: String,
    pub(crate) inline: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scheme(placement: Placement) -> SecurityScheme {
        SecurityScheme {
            pointer: "/components/securitySchemes/s".into(),
            name: "s".into(),
            placement,
            description: None,
        }
    }

    #[test]
    fn each_placement_names_its_methods_variable_and_docs() {
        let provider = Provider::of_spec("specs/acme.yaml").expect("valid");
        let cases = [
            (
                Placement::Header("x-key".into()),
                "with_api_key",
                "ACME_API_KEY",
                "an API key in the `x-key` header",
            ),
            (
                Placement::Cookie("session".into()),
                "with_session_cookie",
                "ACME_SESSION",
                "the `session` cookie",
            ),
            (
                Placement::Bearer {
                    oauth2: true,
                    scopes: vec!["read".into(), "write".into()],
                },
                "with_bearer_token",
                "ACME_ACCESS_TOKEN",
                "an OAuth 2.0 access token as `Authorization: Bearer …` (scopes: `read`, `write`)",
            ),
            (
                Placement::Bearer {
                    oauth2: false,
                    scopes: vec![],
                },
                "with_bearer_token",
                "ACME_TOKEN",
                "a token as `Authorization: Bearer …`",
            ),
        ];
        for (placement, constructor, variable, what) in cases {
            let scheme = scheme(placement);
            assert_eq!(scheme.constructor(), constructor);
            assert_eq!(scheme.env_var(&provider), variable);
            assert_eq!(
                scheme.summary(),
                format!("[`Client::{constructor}`]: {what} (security scheme `s`)")
            );
        }
    }
}
