//! Webhooks: the requests a provider sends, declared under `x-webhooks`
//! (OpenAPI 3.1's `webhooks`, spelled as an extension in 3.0), checked into
//! the plan with how each is signed (`x-webhook-signature`).
//!
//! ```yaml
//! x-webhooks:
//!   conversationEvents:                 # the webhook's name
//!     post:
//!       x-webhook-signature:
//!         algorithm: hmac-sha256        # or shared-token (with `header` only)
//!         header: X-HubSpot-Signature-v3
//!         timestamp-header: X-HubSpot-Request-Timestamp
//!         timestamp-unit: milliseconds  # or seconds
//!         encoding: base64              # or hex
//!         signed: [method, uri, body, timestamp]
//!         uri-decode: ["%3A", "%2F"]    # escapes decoded in the URI before signing
//!         tolerance: 300                # seconds, either way
//!         secret: the app's client secret
//!       requestBody:
//!         content:
//!           application/json:
//!             schema: { type: array, items: { $ref: "#/components/schemas/Event" } }
//! ```
//!
//! Every mistake is an error at its place; the plan is plain data.

use serde_json::{Map, Value};

use crate::diagnostic::{Problems, child, pointer};
use crate::spec::Spec;

const HELP: &str = "see README.md, \"Changing a spec\", on `x-webhooks`";
const SCHEMAS: &str = "#/components/schemas/";

/// One webhook: a request the provider sends.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct WebhookPlan {
    /// Its name under `x-webhooks`.
    pub(crate) name: String,
    /// `/x-webhooks/<name>/post`.
    pub(crate) pointer: String,
    pub(crate) description: Option<String>,
    /// The component its JSON body is (or, for a batch, each item of it).
    pub(crate) event: String,
    /// The body is a JSON array of events.
    pub(crate) batch: bool,
    pub(crate) signature: Signature,
}

/// How a delivery proves it comes from the provider.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Signature {
    /// An HMAC-SHA256 of the signed parts, keyed with the shared secret.
    HmacSha256 {
        header: String,
        timestamp: Option<Timestamp>,
        encoding: Encoding,
        signed: Vec<Signed>,
        /// Escapes (`%3A`) decoded in the URI before it is signed, each with
        /// the character it stands for.
        uri_decode: Vec<(String, char)>,
        /// What the secret is, in the provider's words.
        secret: Option<String>,
    },
    /// The header's value is the shared secret itself.
    SharedToken {
        header: String,
        secret: Option<String>,
    },
}

/// The header a delivery's time comes in, and how old (or how far ahead)
/// it may be.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Timestamp {
    pub(crate) header: String,
    pub(crate) unit: TimeUnit,
    /// Seconds.
    pub(crate) tolerance: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TimeUnit {
    Seconds,
    Milliseconds,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Encoding {
    Base64,
    Hex,
}

/// A part of the signed text, concatenated in the order written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Signed {
    Method,
    Uri,
    Body,
    Timestamp,
}

impl Encoding {
    /// The variant of `client_runtime::webhooks::Encoding`.
    pub(crate) fn variant(self) -> &'static str {
        match self {
            Encoding::Base64 => "Base64",
            Encoding::Hex => "Hex",
        }
    }
}

impl TimeUnit {
    /// The variant of `client_runtime::webhooks::TimestampUnit`.
    pub(crate) fn variant(self) -> &'static str {
        match self {
            TimeUnit::Seconds => "Seconds",
            TimeUnit::Milliseconds => "Milliseconds",
        }
    }
}

impl Signed {
    /// The variant of `client_runtime::webhooks::Signed`.
    pub(crate) fn variant(self) -> &'static str {
        match self {
            Signed::Method => "Method",
            Signed::Uri => "Uri",
            Signed::Body => "Body",
            Signed::Timestamp => "Timestamp",
        }
    }

    const ALL: [(&'static str, Signed); 4] = [
        ("method", Signed::Method),
        ("uri", Signed::Uri),
        ("body", Signed::Body),
        ("timestamp", Signed::Timestamp),
    ];
}

/// The webhooks `spec` declares under `x-webhooks`; problems go to
/// `problems`.
pub(crate) fn plan(spec: &Spec<'_>, problems: &mut Problems) -> Vec<WebhookPlan> {
    let Some(section) = spec.json().get("x-webhooks") else {
        return Vec::new();
    };
    let mut reader = Reader { spec, problems };
    let Some(section) = reader.object(
        section,
        "/x-webhooks",
        "`x-webhooks` is a mapping: webhook name → the request the provider sends",
    ) else {
        return Vec::new();
    };
    section
        .iter()
        .filter_map(|(name, item)| reader.webhook(name, item))
        .collect()
}

struct Reader<'s, 'p> {
    spec: &'s Spec<'s>,
    problems: &'p mut Problems,
}

impl Reader<'_, '_> {
    fn problem(&mut self, at: &str, message: impl Into<String>, help: impl Into<String>) {
        self.problems.push(self.spec.error(at, message, help));
    }

    fn object<'v>(
        &mut self,
        node: &'v Value,
        at: &str,
        what: &str,
    ) -> Option<&'v Map<String, Value>> {
        let map = node.as_object();
        if map.is_none() {
            self.problem(at, what.to_owned(), HELP);
        }
        map
    }

    /// Reports the keys of `map` not in `allowed` (extensions aside);
    /// whether there were none.
    fn keys(&mut self, map: &Map<String, Value>, at: &str, allowed: &[&str]) -> bool {
        let extensions_aside = map.keys().filter(|k| !k.starts_with("x-"));
        let unknown = self
            .spec
            .document
            .unknown_keys(extensions_aside, at, allowed);
        let fine = unknown.is_empty();
        self.problems.extend(unknown);
        fine
    }

    fn webhook(&mut self, name: &str, item: &Value) -> Option<WebhookPlan> {
        let at = pointer(["x-webhooks", name]);
        let item = self.object(
            item,
            &at,
            "a webhook is a path item whose `post` is the request the provider sends",
        )?;
        let keys_fine = self.keys(item, &at, &["post", "summary", "description"]);
        let Some(post) = item.get("post") else {
            self.problem(
                &at,
                format!("the webhook `{name}` has no `post`"),
                "write the request the provider sends under `post:`",
            );
            return None;
        };
        let at = child(&at, "post");
        let post = self.object(post, &at, "`post` is an operation")?;
        let (event, batch) = self.body(post, &at)?;
        let signature = self.signature(post, &at)?;
        keys_fine.then(|| WebhookPlan {
            name: name.to_owned(),
            pointer: at,
            description: post
                .get("description")
                .or_else(|| post.get("summary"))
                .and_then(Value::as_str)
                .map(str::to_owned),
            event,
            batch,
            signature,
        })
    }

    /// The component of a JSON body, or of each item of a JSON array body.
    fn body(&mut self, post: &Map<String, Value>, at: &str) -> Option<(String, bool)> {
        let at = child(at, "requestBody");
        let schema = post
            .get("requestBody")
            .and_then(|b| b.pointer("/content/application~1json/schema"));
        let component = |node: &Value| {
            node.get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| r.strip_prefix(SCHEMAS))
                .map(str::to_owned)
        };
        let found = schema.and_then(|schema| match schema.get("type").and_then(Value::as_str) {
            Some("array") => schema.get("items").and_then(component).map(|c| (c, true)),
            _ => component(schema).map(|c| (c, false)),
        });
        let Some((event, batch)) = found else {
            self.problem(
                &at,
                "a webhook's body is an `application/json` `$ref` to a component schema, or an array of them",
                "write `requestBody: { content: { application/json: { schema: { $ref: \"#/components/schemas/Event\" } } } }`",
            );
            return None;
        };
        if self
            .spec
            .json()
            .pointer(&pointer(["components", "schemas", event.as_str()]))
            .is_none()
        {
            self.problem(
                &at,
                format!("the webhook's body refers to the schema `{event}`, which the spec does not define"),
                "define it under `components/schemas`",
            );
            return None;
        }
        Some((event, batch))
    }

    fn signature(&mut self, post: &Map<String, Value>, at: &str) -> Option<Signature> {
        let at = child(at, "x-webhook-signature");
        let Some(node) = post.get("x-webhook-signature") else {
            self.problem(
                &at,
                "a webhook says how its deliveries are signed: `x-webhook-signature`",
                "write `x-webhook-signature: { algorithm: hmac-sha256, header: …, … }`, or \
                 `{ algorithm: shared-token, header: … }`",
            );
            return None;
        };
        let form = self.object(node, &at, "`x-webhook-signature` is a mapping")?;
        let text = |key: &str| form.get(key).and_then(Value::as_str).map(str::to_owned);
        let secret = text("secret");
        match text("algorithm").as_deref() {
            Some("shared-token") => {
                let fine = self.keys(form, &at, &["algorithm", "header", "secret"]);
                let header = self.header(form, &at, "header")?;
                fine.then_some(Signature::SharedToken { header, secret })
            }
            Some("hmac-sha256") => {
                let fine = self.keys(
                    form,
                    &at,
                    &[
                        "algorithm",
                        "header",
                        "timestamp-header",
                        "timestamp-unit",
                        "encoding",
                        "signed",
                        "uri-decode",
                        "tolerance",
                        "secret",
                    ],
                );
                let header = self.header(form, &at, "header");
                let encoding = self.encoding(form, &at);
                let signed = self.signed(form, &at);
                let timestamp = self.timestamp(form, &at, signed.as_deref());
                let uri_decode = self.uri_decode(form, &at);
                let (header, encoding, signed, timestamp, uri_decode) =
                    (header?, encoding?, signed?, timestamp?, uri_decode?);
                fine.then_some(Signature::HmacSha256 {
                    header,
                    timestamp,
                    encoding,
                    signed,
                    uri_decode,
                    secret,
                })
            }
            _ => {
                self.problem(
                    &child(&at, "algorithm"),
                    "`algorithm` is `hmac-sha256` or `shared-token`",
                    "write the scheme the provider's docs describe",
                );
                None
            }
        }
    }

    fn header(&mut self, form: &Map<String, Value>, at: &str, key: &str) -> Option<String> {
        let name = form.get(key).and_then(Value::as_str).filter(|h| {
            !h.is_empty()
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_".contains(&b))
        });
        if name.is_none() {
            self.problem(
                &child(at, key),
                format!("`{key}` names an HTTP header (letters, digits, `-`)"),
                format!("write `{key}: X-Signature`"),
            );
        }
        name.map(str::to_owned)
    }

    fn encoding(&mut self, form: &Map<String, Value>, at: &str) -> Option<Encoding> {
        match form.get("encoding").and_then(Value::as_str) {
            Some("base64") => Some(Encoding::Base64),
            Some("hex") => Some(Encoding::Hex),
            _ => {
                self.problem(
                    &child(at, "encoding"),
                    "`encoding` is `base64` or `hex`: how the signature header writes the digest",
                    "write `encoding: base64`",
                );
                None
            }
        }
    }

    fn signed(&mut self, form: &Map<String, Value>, at: &str) -> Option<Vec<Signed>> {
        let at = child(at, "signed");
        let names: Vec<&str> = Signed::ALL.iter().map(|(n, _)| *n).collect();
        let help = format!(
            "write `signed: [{}]`, the parts in the order they are concatenated",
            names.join(", ")
        );
        let Some(list) = form
            .get("signed")
            .and_then(Value::as_array)
            .filter(|l| !l.is_empty())
        else {
            self.problem(&at, "`signed` lists the parts of the signed text", help);
            return None;
        };
        let mut parts = Vec::new();
        for (i, part) in list.iter().enumerate() {
            let found = Signed::ALL
                .iter()
                .find(|(name, _)| Some(*name) == part.as_str())
                .map(|(_, p)| *p);
            match found {
                Some(p) if !parts.contains(&p) => parts.push(p),
                Some(_) => {
                    self.problem(
                        &child(&at, &i.to_string()),
                        format!("{part} is listed twice"),
                        help,
                    );
                    return None;
                }
                None => {
                    self.problem(
                        &child(&at, &i.to_string()),
                        format!(
                            "{part} is not a part of a request: one of {}",
                            names.join(", ")
                        ),
                        help,
                    );
                    return None;
                }
            }
        }
        if !parts.contains(&Signed::Body) {
            self.problem(
                &at,
                "`signed` leaves the body out: a delivery's contents would not be checked",
                "add `body`",
            );
            return None;
        }
        Some(parts)
    }

    /// The timestamp header with its unit and tolerance: required when the
    /// signed text holds the timestamp, refused when nothing reads it.
    fn timestamp(
        &mut self,
        form: &Map<String, Value>,
        at: &str,
        signed: Option<&[Signed]>,
    ) -> Option<Option<Timestamp>> {
        let declared = ["timestamp-header", "timestamp-unit", "tolerance"]
            .iter()
            .any(|k| form.contains_key(*k));
        // `signed` is wrong (reported): the signature is not planned anyway.
        let signs_it = signed?.contains(&Signed::Timestamp);
        if !declared && !signs_it {
            return Some(None);
        }
        if !signs_it {
            self.problem(
                &child(at, "signed"),
                "a timestamp header is declared and `signed` leaves it out: an old delivery could be replayed",
                "add `timestamp` to `signed`",
            );
            return None;
        }
        let header = self.header(form, at, "timestamp-header");
        let unit = match form.get("timestamp-unit").and_then(Value::as_str) {
            Some("seconds") => Some(TimeUnit::Seconds),
            Some("milliseconds") => Some(TimeUnit::Milliseconds),
            _ => {
                self.problem(
                    &child(at, "timestamp-unit"),
                    "`timestamp-unit` is `seconds` or `milliseconds` (since the Unix epoch)",
                    "write the unit the provider's docs give",
                );
                None
            }
        };
        let tolerance = form
            .get("tolerance")
            .and_then(Value::as_u64)
            .filter(|t| *t > 0);
        if tolerance.is_none() {
            self.problem(
                &child(at, "tolerance"),
                "`tolerance` is how old (or how far ahead) a delivery's timestamp may be, in whole seconds above 0",
                "write `tolerance: 300`",
            );
        }
        Some(Some(Timestamp {
            header: header?,
            unit: unit?,
            tolerance: tolerance?,
        }))
    }

    fn uri_decode(&mut self, form: &Map<String, Value>, at: &str) -> Option<Vec<(String, char)>> {
        let Some(node) = form.get("uri-decode") else {
            return Some(Vec::new());
        };
        let at = child(at, "uri-decode");
        let Some(list) = node.as_array() else {
            self.problem(
                &at,
                "`uri-decode` lists escapes, e.g. `[\"%3A\", \"%2F\"]`",
                HELP,
            );
            return None;
        };
        let mut escapes = Vec::new();
        for (i, escape) in list.iter().enumerate() {
            let decoded = escape
                .as_str()
                .and_then(|e| e.strip_prefix('%'))
                .filter(|hex| hex.len() == 2)
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
                .filter(u8::is_ascii);
            match (escape.as_str(), decoded) {
                (Some(text), Some(byte)) => {
                    escapes.push((text.to_ascii_uppercase(), char::from(byte)))
                }
                _ => {
                    self.problem(
                        &child(&at, &i.to_string()),
                        format!("{escape} is not a URL escape of an ASCII character (`%` and two hex digits)"),
                        "write it as `%3A`",
                    );
                    return None;
                }
            }
        }
        Some(escapes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{self, SpecFile};

    const SPEC: &str = r##"
openapi: 3.0.3
info: { title: Acme, version: "1", x-transcribed-from: [acme.txt] }
paths: {}
x-webhooks:
  events:
    post:
      description: A batch of events.
      x-webhook-signature:
        algorithm: hmac-sha256
        header: X-Acme-Signature
        timestamp-header: X-Acme-Timestamp
        timestamp-unit: milliseconds
        encoding: base64
        signed: [method, uri, body, timestamp]
        uri-decode: ["%3A", "%2f"]
        tolerance: 300
        secret: the app's secret
      requestBody:
        content:
          application/json:
            schema: { type: array, items: { $ref: "#/components/schemas/Event" } }
      responses: { "204": { description: ok } }
  token:
    post:
      x-webhook-signature: { algorithm: shared-token, header: Authorization }
      requestBody:
        content: { application/json: { schema: { $ref: "#/components/schemas/Event" } } }
      responses: { "200": { description: ok } }
components:
  schemas:
    Event: { type: object, properties: { id: { type: string } } }
"##;

    /// The webhooks of `text`, or every problem as `line:column: message`.
    fn planned(text: &str) -> Result<Vec<WebhookPlan>, Vec<String>> {
        let file = SpecFile {
            path: "specs/acme.yaml".into(),
            text: text.into(),
        };
        let spec = Spec::published(load::load(&file).expect("YAML")).expect("OpenAPI 3.0");
        let mut problems = Problems::default();
        let plans = plan(&spec, &mut problems);
        problems.finish(plans).map_err(|found| {
            found
                .iter()
                .map(|d| {
                    let (line, column) = d
                        .location
                        .as_ref()
                        .and_then(|l| l.line_col)
                        .unwrap_or_default();
                    format!("{line}:{column}: {}", d.message)
                })
                .collect()
        })
    }

    #[test]
    fn each_webhook_is_planned_with_its_signature() {
        let plans = planned(SPEC).unwrap_or_else(|p| panic!("{p:#?}"));
        assert_eq!(plans.len(), 2);
        assert_eq!(
            plans[0],
            WebhookPlan {
                name: "events".into(),
                pointer: "/x-webhooks/events/post".into(),
                description: Some("A batch of events.".into()),
                event: "Event".into(),
                batch: true,
                signature: Signature::HmacSha256 {
                    header: "X-Acme-Signature".into(),
                    timestamp: Some(Timestamp {
                        header: "X-Acme-Timestamp".into(),
                        unit: TimeUnit::Milliseconds,
                        tolerance: 300,
                    }),
                    encoding: Encoding::Base64,
                    signed: vec![Signed::Method, Signed::Uri, Signed::Body, Signed::Timestamp],
                    uri_decode: vec![("%3A".into(), ':'), ("%2F".into(), '/')],
                    secret: Some("the app's secret".into()),
                },
            }
        );
        assert_eq!(
            (plans[1].event.as_str(), plans[1].batch, &plans[1].signature),
            (
                "Event",
                false,
                &Signature::SharedToken {
                    header: "Authorization".into(),
                    secret: None
                }
            )
        );
    }

    #[test]
    fn each_mistake_is_an_error_at_its_place() {
        for (from, to, expected) in [
            (
                "algorithm: hmac-sha256",
                "algorithm: md5",
                "10:9: `algorithm` is `hmac-sha256` or `shared-token`",
            ),
            (
                "encoding: base64",
                "encoding: utf8",
                "14:9: `encoding` is `base64` or `hex`",
            ),
            (
                "[method, uri, body, timestamp]",
                "[method, uri, timestamp]",
                "15:9: `signed` leaves the body out",
            ),
            (
                "[method, uri, body, timestamp]",
                "[method, url, body, timestamp]",
                "15:26: \"url\" is not a part of a request",
            ),
            (
                "[method, uri, body, timestamp]",
                "[method, uri, body]",
                "15:9: a timestamp header is declared and `signed` leaves it out",
            ),
            ("\"%2f\"", "\"%zz\"", "16:29: \"%zz\" is not a URL escape"),
            (
                "tolerance: 300",
                "tolerance: 0",
                "17:9: `tolerance` is how old",
            ),
            (
                "timestamp-unit: milliseconds",
                "timestamp-unit: ms",
                "13:9: `timestamp-unit` is `seconds` or `milliseconds`",
            ),
            (
                "header: X-Acme-Signature",
                "header: \"X Acme\"",
                "11:9: `header` names an HTTP header",
            ),
            (
                "secret: the app's secret",
                "secrets: x",
                "18:9: unknown key `secrets`",
            ),
            (
                "items: { $ref: \"#/components/schemas/Event\" } }",
                "items: { $ref: \"#/components/schemas/Nope\" } }",
                "19:7: the webhook's body refers to the schema `Nope`",
            ),
            (
                "      x-webhook-signature: { algorithm: shared-token, header: Authorization }\n",
                "",
                "25:5: a webhook says how its deliveries are signed",
            ),
        ] {
            assert_eq!(SPEC.matches(from).count(), 1, "`{from}` once");
            let found = planned(&SPEC.replacen(from, to, 1)).expect_err(to);
            assert_eq!(found.len(), 1, "{found:#?}");
            assert!(found[0].starts_with(expected), "{to}: {found:#?}");
        }
    }

    #[test]
    fn a_published_specs_webhooks_it_cannot_read_are_noted_and_left_out() {
        let text = SPEC
            .replace(", x-transcribed-from: [acme.txt]", "")
            .replace(
                "      x-webhook-signature: { algorithm: shared-token, header: Authorization }\n",
                "",
            );
        let file = SpecFile {
            path: "specs/acme.yaml".into(),
            text,
        };
        let spec = Spec::published(load::load(&file).expect("YAML")).expect("OpenAPI 3.0");
        let (provider, _) = crate::names::Provider::of_spec(&file.path).expect("a provider");
        let plan =
            crate::client::check::check(&spec, provider).unwrap_or_else(|d| panic!("{d:#?}"));
        assert!(plan.webhooks.is_empty());
        let notes: Vec<&str> = plan
            .notes
            .iter()
            .map(|n| n.message.as_str())
            .filter(|m| m.contains("webhook"))
            .collect();
        assert_eq!(
            notes,
            [
                "a webhook says how its deliveries are signed: `x-webhook-signature`; the webhooks \
              are left out of the client (the generator reads a webhook whose `post` has a JSON \
              body of components and an `x-webhook-signature`)"
            ]
        );
    }
}
