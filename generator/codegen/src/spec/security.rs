//! Security schemes and the requirements that name them.

use serde_json::Value;

use super::{Spec, entries};
use crate::diagnostic::{child, pointer};

/// A scheme under `components/securitySchemes`, as the spec writes it.
pub(crate) struct SchemeDefinition<'s> {
    /// Its key, e.g. `apiKey`.
    pub(crate) name: &'s str,
    pub(crate) pointer: String,
    pub(crate) kind: SchemeKind<'s>,
    pub(crate) description: Option<&'s str>,
    /// `x-token-grant`: where bearer tokens come from.
    pub(crate) token_grant: Option<&'s Value>,
}

/// The kinds of scheme OpenAPI 3.0 defines, with what the generator needs of
/// each.
pub(crate) enum SchemeKind<'s> {
    /// `type: apiKey`: `in` (header, query, cookie) and the name there.
    ApiKey { location: &'s str, name: &'s str },
    /// `type: http`: `scheme` (bearer, basic, …).
    Http { scheme: &'s str },
    /// `type: oauth2`: the scopes of every flow, sorted, each once.
    OAuth2 { scopes: Vec<&'s str> },
    /// Any other `type` (`openIdConnect`, a typo), as written.
    Other(&'s str),
}

/// One scheme named by a security requirement.
pub(crate) struct Requirement<'s> {
    /// The scheme's name, as the requirement writes it.
    pub(crate) scheme: &'s str,
    /// Where the name is written: `/security/0/apiKey`.
    pub(crate) pointer: String,
}

impl Spec<'_> {
    /// The security schemes, in document order.
    pub(crate) fn security_schemes(&self) -> Vec<SchemeDefinition<'_>> {
        entries(self.document.value.pointer("/components/securitySchemes"))
            .map(|(name, scheme)| {
                let text = |key: &str| scheme.get(key).and_then(Value::as_str).unwrap_or_default();
                let kind = match text("type") {
                    "apiKey" => SchemeKind::ApiKey {
                        location: text("in"),
                        name: text("name"),
                    },
                    "http" => SchemeKind::Http {
                        scheme: text("scheme"),
                    },
                    "oauth2" => {
                        let mut scopes: Vec<&str> = entries(scheme.get("flows"))
                            .flat_map(|(_, flow)| entries(flow.get("scopes")).map(|(s, _)| s))
                            .collect();
                        scopes.sort_unstable();
                        scopes.dedup();
                        SchemeKind::OAuth2 { scopes }
                    }
                    other => SchemeKind::Other(other),
                };
                SchemeDefinition {
                    name,
                    pointer: pointer(["components", "securitySchemes", name]),
                    kind,
                    description: scheme.get("description").and_then(Value::as_str),
                    token_grant: scheme.get("x-token-grant"),
                }
            })
            .collect()
    }

    /// Every scheme named by a security requirement: the spec's own
    /// (`security`), then each operation's.
    pub(crate) fn security_requirements(&self) -> Vec<Requirement<'_>> {
        let mut lists: Vec<(String, &Value)> = Vec::new();
        if let Some(top) = self.document.value.get("security") {
            lists.push(("/security".into(), top));
        }
        lists.extend(self.operations().iter().filter_map(|op| op.security()));
        let mut requirements = Vec::new();
        for (at, list) in lists {
            for (i, requirement) in list.as_array().into_iter().flatten().enumerate() {
                for (scheme, _) in entries(Some(requirement)) {
                    requirements.push(Requirement {
                        scheme,
                        pointer: child(&format!("{at}/{i}"), scheme),
                    });
                }
            }
        }
        requirements
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::tests::{MINIMAL, with_spec};

    #[test]
    fn schemes_and_requirements() {
        let text = format!(
            "{MINIMAL}security:\n  - key: []\n    missing: []\npaths:\n  /x:\n    get:\n      operationId: x\n      \
             security:\n        - oauth: [read]\n      responses:\n        \"200\": {{ description: ok }}\n\
             components:\n  securitySchemes:\n    key: {{ type: apiKey, in: header, name: X-Key, description: The key. }}\n    \
             oauth:\n      type: oauth2\n      flows:\n        a: {{ scopes: {{ write: w, read: r }} }}\n        \
             b: {{ scopes: {{ read: r }} }}\n    basic: {{ type: http, scheme: basic }}\n    oid: {{ type: openIdConnect, openIdConnectUrl: \"https://id.example\" }}\n"
        );
        with_spec(&text, |spec| {
            let schemes = spec.security_schemes();
            let names: Vec<&str> = schemes.iter().map(|s| s.name).collect();
            assert_eq!(names, ["key", "oauth", "basic", "oid"]);
            assert!(matches!(
                schemes[0].kind,
                SchemeKind::ApiKey {
                    location: "header",
                    name: "X-Key"
                }
            ));
            assert_eq!(schemes[0].description, Some("The key."));
            assert!(
                matches!(&schemes[1].kind, SchemeKind::OAuth2 { scopes } if scopes == &["read", "write"])
            );
            assert!(matches!(
                schemes[2].kind,
                SchemeKind::Http { scheme: "basic" }
            ));
            assert!(matches!(
                schemes[3].kind,
                SchemeKind::Other("openIdConnect")
            ));
            assert_eq!(schemes[1].pointer, "/components/securitySchemes/oauth");

            let requirements: Vec<(&str, String)> = spec
                .security_requirements()
                .into_iter()
                .map(|r| (r.scheme, r.pointer))
                .collect();
            assert_eq!(
                requirements,
                [
                    ("key", "/security/0/key".to_owned()),
                    ("missing", "/security/0/missing".to_owned()),
                    ("oauth", "/paths/~1x/get/security/0/oauth".to_owned()),
                ]
            );
        });
    }
}
