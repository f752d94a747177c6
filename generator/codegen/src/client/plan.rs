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
    /// The polymorphic bases, each an enum of its subtypes.
    pub(crate) tagged_unions: Vec<TaggedUnion>,
    /// The requests the provider sends (`x-webhooks`), with their signature.
    pub(crate) webhooks: Vec<super::webhooks::WebhookPlan>,
    /// What was decided on the user's behalf, for the report: see
    /// [`crate::CrateSummary::notes`].
    pub(crate) notes: Vec<crate::Diagnostic>,
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
    /// The servers with variables, each a function that builds its URL.
    pub(crate) templated_servers: Vec<crate::spec::Server>,
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
    /// The query parameters, in the order written.
    pub(crate) query: Vec<QueryParam>,
    /// The JSON request body's properties, where it is an object schema
    /// (its `$ref` followed).
    pub(crate) body: Option<Vec<BodyProperty>>,
    /// Where the request body is a `oneOf` of components: each one's name
    /// and properties (a write names the one it sends).
    pub(crate) body_variants: Vec<(String, Vec<BodyProperty>)>,
    /// The component the 200 response's JSON body refers to.
    pub(crate) returns: Option<String>,
    /// The component of the items, where the 200 response's JSON body is an
    /// array of one (a list in one page).
    pub(crate) returns_array_of: Option<String>,
    /// The component of the first error response's JSON body.
    pub(crate) error_schema: Option<String>,
    /// The docs' example of the 200 response, as compact JSON.
    pub(crate) example: Option<String>,
    /// The first success response, for a mock server to answer with.
    pub(crate) success: Option<SuccessResponse>,
    /// How the responses are made readable by progenitor.
    pub(crate) responses: ResponsePlan,
    /// `x-pagination`: how the list is paged, for its `stream()`.
    pub(crate) paging: Option<Paging>,
    /// `x-idempotency-key`: the header (lower case) the provider
    /// deduplicates this write by.
    pub(crate) idempotency_key: Option<String>,
    /// The operation's own server (its first `servers` URL), if it has one.
    pub(crate) server: Option<String>,
    /// `security: []`: sent without the client's credential.
    pub(crate) anonymous: bool,
}

/// An operation's first success response.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SuccessResponse {
    pub(crate) status: u16,
    /// Where its JSON body's schema is in the spec; `None`: no JSON body.
    pub(crate) schema: Option<String>,
    /// The component that schema refers to, if it is one.
    pub(crate) component: Option<String>,
    /// The docs' example of the body, as compact JSON.
    pub(crate) example: Option<String>,
}

/// A query parameter of an operation.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct QueryParam {
    pub(crate) name: String,
    pub(crate) required: bool,
    /// The text values its `enum` lists; empty when it has none.
    pub(crate) values: Vec<String>,
}

/// A property of an operation's JSON request body.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct BodyProperty {
    pub(crate) name: String,
    pub(crate) required: bool,
    /// `nullable: true`: JSON `null` may be sent.
    pub(crate) nullable: bool,
    /// `type`, where written (`string`, `integer`…).
    pub(crate) ty: Option<String>,
    /// The text values its `enum` (or `x-extensible-enum`) lists, its `$ref`
    /// followed; empty when it has none.
    pub(crate) values: Vec<String>,
}

/// A list operation's paging scheme (`x-pagination`), checked against the
/// operation's parameters and its 200 body.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Paging {
    /// Where `x-pagination` is.
    pub(crate) pointer: String,
    /// The JSON property of the body that holds the page's items.
    pub(crate) items: String,
    pub(crate) scheme: PagingScheme,
}

/// How the next page is asked for.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum PagingScheme {
    /// The query parameter `param` carries the cursor that the body holds at
    /// the path `next` (JSON property names); no cursor there: the last page.
    Cursor { param: String, next: Vec<String> },
    /// The query parameter `param` is the index of the first item; the body
    /// may hold the total count at the path `total`.
    Offset {
        param: String,
        total: Option<Vec<String>>,
    },
}

impl PagingScheme {
    /// The query parameter that moves through the pages.
    pub(crate) fn param(&self) -> &str {
        match self {
            Self::Cursor { param, .. } | Self::Offset { param, .. } => param,
        }
    }
}

/// A polymorphic base ([`crate::spec::BasePattern`]) as an enum of its
/// subtypes, chosen by a tag property when the subtypes have one.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct TaggedUnion {
    /// The base component: `PublicActor`.
    pub(crate) base: String,
    /// `/components/schemas/PublicActor`, or the inline `oneOf`'s place.
    pub(crate) pointer: String,
    /// An inline `oneOf` (no base component): moved into the components
    /// under `name` before typify reads the spec.
    pub(crate) inline: bool,
    /// The Rust enum, in `types`.
    pub(crate) name: String,
    /// The tag property (`type`); `None`: the variants are tried in order.
    pub(crate) tag: Option<String>,
    pub(crate) variants: Vec<TaggedVariant>,
    /// The subtypes whose `allOf` refers back to the base, with the index.
    pub(crate) back_references: Vec<(String, usize)>,
    pub(crate) description: Option<String>,
}

/// One subtype of a [`TaggedUnion`].
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct TaggedVariant {
    /// The subtype component, which is also the variant's name: `AgentActor`.
    pub(crate) name: String,
    /// The tag's value for this subtype: `AGENT`.
    pub(crate) value: Option<String>,
}

/// What [`crate::client::responses`] decided for an operation's responses.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct ResponsePlan {
    /// `default` is read as `4XX` and `5XX`.
    pub(crate) default_as_errors: bool,
    /// The error bodies differ: every error response is read raw.
    pub(crate) raw_errors: bool,
    /// The success bodies mix JSON and other content: all read raw.
    pub(crate) raw_success: bool,
    /// The success bodies differ: an enum by status.
    pub(crate) union: Option<SuccessUnion>,
    /// The statuses whose JSON body has no `schema` (any JSON value).
    pub(crate) schemaless_json: Vec<String>,
}

/// The success bodies of one operation as one enum, a variant per status.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SuccessUnion {
    /// The enum, in `types`: `BatchReadResponse`.
    pub(crate) name: String,
    pub(crate) variants: Vec<UnionVariant>,
}

/// One status of a [`SuccessUnion`].
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct UnionVariant {
    /// As the spec writes it: `200`, `2XX`, `default`.
    pub(crate) status: String,
    /// `Status200`.
    pub(crate) variant: String,
    /// The body's Rust type, from the crate root (`types::Thread`); none
    /// for a response without content.
    pub(crate) body: Option<String>,
    /// An inline body schema, to be hoisted into `components/schemas` as
    /// this name.
    pub(crate) inline: Option<String>,
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
    /// `x-token-grant`: bearer tokens from the spec's own token endpoint.
    pub(crate) token_grant: Option<TokenGrant>,
}

/// A password grant at an operation of the spec (`x-token-grant`).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct TokenGrant {
    /// The token operation's path, e.g. `/api/v1/token`.
    pub(crate) path: String,
    /// How long a token lives, in seconds.
    pub(crate) lifetime: u64,
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
    /// `http` basic: a username and a password.
    Basic,
}

impl ClientPlan {
    /// The scheme the examples authenticate with: the first that takes one
    /// secret (a Basic scheme's two are left to the caller).
    pub(crate) fn example_scheme(&self) -> Option<&SecurityScheme> {
        self.schemes
            .iter()
            .find(|s| s.placement != Placement::Basic)
    }
}

impl SecurityScheme {
    pub(crate) fn stem(&self) -> CredentialStem<'_> {
        match &self.placement {
            Placement::Header(_) => CredentialStem::ApiKey,
            Placement::Cookie(cookie) => CredentialStem::Cookie(cookie),
            Placement::Bearer { .. } => CredentialStem::BearerToken,
            Placement::Basic => CredentialStem::BasicAuth,
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
            // A cookie credential is a session, whatever the cookie's name.
            Placement::Cookie(_) => "SESSION".to_owned(),
            Placement::Basic => "USERNAME".to_owned(),
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
            Placement::Basic => {
                "a username and password as `Authorization: Basic …` (RFC 7617)".into()
            }
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
    /// Other inline places listing the same values under the same name:
    /// moved into the same component.
    pub(crate) also: Vec<String>,
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
            token_grant: None,
        }
    }

    #[test]
    fn each_placement_names_its_methods_variable_and_docs() {
        let (provider, _) = Provider::of_spec("specs/acme.yaml").expect("valid");
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
