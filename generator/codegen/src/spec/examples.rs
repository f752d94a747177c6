//! Examples against their schemas: every `example` and every value of
//! `examples` written on a schema, a parameter, a media type (request bodies
//! and responses) or a header, checked against the schema it belongs to,
//! with OpenAPI 3.0.3's meaning of each keyword ([`validate`]).
//!
//! An example is found where it is written: a `$ref` to a parameter,
//! response, request body or header is checked where the referenced one is
//! defined, not at every use; a schema's `example` is checked against that
//! schema wherever it is nested. An Example Object that is a `$ref` (to
//! `components/examples`) is followed, and its value checked against the
//! schema of the place that uses it. Left out: `externalValue`, XML media
//! types (their examples are XML text, not the schema's JSON), callbacks,
//! and what [`super::subset`] took out of the document before the check.
//!
//! What the check stage makes of a finding (an error for our transcribed
//! specs, a note for published ones) is its business: this module only says
//! what does not match, and where.

mod formats;
mod validate;
mod widen;

pub(crate) use widen::widen;

use serde_json::Value;

use super::{Method, Spec, entries};
use crate::diagnostic::{child, pointer};

/// How deep the search for examples follows nested schemas (`properties`,
/// `items`, …); the YAML reader refuses documents deeper than 128 anyway.
const MAX_SCHEMA_NESTING: usize = 128;

/// An example that is not valid against its schema, or could not be checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ExampleFinding {
    /// The example does not match its schema.
    Invalid(InvalidExample),
    /// The schema is too deep or too large to check the example against it
    /// within [`validate`]'s bounds; the example is not checked.
    Unchecked {
        /// The `examples` key, or `None` for `example`.
        name: Option<String>,
        /// Where the example's value is.
        pointer: String,
        /// Why, in a few words.
        why: String,
    },
}

/// One example that does not match its schema: the first problem in it (in
/// the order it is written), and how many more there are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct InvalidExample {
    /// The `examples` key, or `None` for `example`.
    pub(crate) name: Option<String>,
    /// Where the example's value is in the document.
    pub(crate) example: String,
    /// The JSON pointer inside the example where it fails (`/status`); empty
    /// for the example as a whole.
    pub(crate) inner: String,
    /// What is wrong: `"<string>" is not one of inbox, sent, archived`.
    pub(crate) problem: String,
    /// The schema that refuses it, where it is written (its `$ref`s followed).
    pub(crate) schema: String,
    /// How many other problems the example has.
    pub(crate) more: usize,
}

impl InvalidExample {
    /// The document pointer of the node that fails: the example's, then
    /// the pointer inside it.
    pub(crate) fn pointer(&self) -> String {
        format!("{}{}", self.example, self.inner)
    }
}

/// An example as written, and the schema it must match.
struct Site<'v> {
    name: Option<&'v str>,
    pointer: String,
    value: &'v Value,
    schema: &'v Value,
    schema_pointer: String,
}

impl Spec<'_> {
    /// Every example that does not match its schema (or could not be
    /// checked), in the order the examples are found: components first, then
    /// the paths.
    pub(crate) fn example_findings(&self) -> Vec<ExampleFinding> {
        let document = &self.document.value;
        let mut findings = Vec::new();
        for site in sites(document) {
            let outcome =
                validate::validate(document, site.schema, &site.schema_pointer, site.value);
            match outcome {
                Ok(mut failures) if !failures.is_empty() => {
                    // The first problem as the reader meets it: by where the
                    // failing node is written.
                    failures.sort_by_key(|f| self.position(&format!("{}{}", site.pointer, f.at)));
                    failures.dedup();
                    let more = failures.len() - 1;
                    let first = failures.swap_remove(0);
                    findings.push(ExampleFinding::Invalid(InvalidExample {
                        name: site.name.map(str::to_owned),
                        example: site.pointer,
                        inner: first.at,
                        problem: first.problem,
                        schema: first.schema,
                        more,
                    }));
                }
                Ok(_) => {}
                Err(stop) => findings.push(ExampleFinding::Unchecked {
                    name: site.name.map(str::to_owned),
                    pointer: site.pointer,
                    why: stop.to_string(),
                }),
            }
        }
        findings
    }
}

/// Every example of `document`, with the schema it must match, in the
/// order found: components first, then the paths.
fn sites(document: &Value) -> Vec<Site<'_>> {
    let mut finder = Finder {
        document,
        sites: Vec::new(),
    };
    finder.document();
    finder.sites
}

/// Walks the document for examples; follows no `$ref` to a schema (each
/// schema's own examples are found where it is defined).
struct Finder<'v> {
    document: &'v Value,
    sites: Vec<Site<'v>>,
}

impl<'v> Finder<'v> {
    fn document(&mut self) {
        let document = self.document;
        let components = document.get("components");
        let section = |name: &str| entries(components.and_then(|c| c.get(name)));
        for (name, schema) in section("schemas") {
            self.schema(schema, &pointer(["components", "schemas", name]), 0);
        }
        for (name, parameter) in section("parameters") {
            self.parameter(parameter, &pointer(["components", "parameters", name]));
        }
        for (name, header) in section("headers") {
            self.parameter(header, &pointer(["components", "headers", name]));
        }
        for (name, body) in section("requestBodies") {
            self.content(body, &pointer(["components", "requestBodies", name]));
        }
        for (name, response) in section("responses") {
            self.response(response, &pointer(["components", "responses", name]));
        }
        for (path, item) in entries(document.get("paths")) {
            let at = child("/paths", path);
            self.parameters(item, &at);
            for method in Method::ALL {
                let Some(operation) = item.get(method.key()) else {
                    continue;
                };
                let at = child(&at, method.key());
                self.parameters(operation, &at);
                if let Some(body) = operation.get("requestBody") {
                    self.content(body, &child(&at, "requestBody"));
                }
                let responses = child(&at, "responses");
                for (status, response) in entries(operation.get("responses")) {
                    self.response(response, &child(&responses, status));
                }
            }
        }
    }

    fn parameters(&mut self, holder: &'v Value, at: &str) {
        let listed = holder.get("parameters").and_then(Value::as_array);
        for (i, parameter) in listed.into_iter().flatten().enumerate() {
            self.parameter(parameter, &format!("{at}/parameters/{i}"));
        }
    }

    /// A parameter or a header: its examples belong to its `schema`, or to
    /// the schema of its (one) `content` media type.
    fn parameter(&mut self, node: &'v Value, at: &str) {
        if is_reference(node) {
            return;
        }
        if let Some(schema) = node.get("schema") {
            let schema_at = child(at, "schema");
            self.schema(schema, &schema_at, 0);
            self.examples(node, at, schema, &schema_at);
        } else if let Some((media, entry)) = entries(node.get("content")).next() {
            let media_at = child(&child(at, "content"), media);
            if let Some(schema) = entry.get("schema") {
                self.examples(node, at, schema, &child(&media_at, "schema"));
            }
        }
        self.content(node, at);
    }

    fn response(&mut self, node: &'v Value, at: &str) {
        if is_reference(node) {
            return;
        }
        let headers = child(at, "headers");
        for (name, header) in entries(node.get("headers")) {
            self.parameter(header, &child(&headers, name));
        }
        self.content(node, at);
    }

    /// The media types under `content` of a request body, response,
    /// parameter or header.
    fn content(&mut self, holder: &'v Value, at: &str) {
        if is_reference(holder) {
            return;
        }
        let content = child(at, "content");
        for (media, entry) in entries(holder.get("content")) {
            let at = child(&content, media);
            let Some(schema) = entry.get("schema") else {
                continue;
            };
            let schema_at = child(&at, "schema");
            self.schema(schema, &schema_at, 0);
            if !media.to_ascii_lowercase().contains("xml") {
                self.examples(entry, &at, schema, &schema_at);
            }
        }
    }

    /// `example` and the values of `examples` of `holder`, each checked
    /// against `schema`.
    fn examples(&mut self, holder: &'v Value, at: &str, schema: &'v Value, schema_at: &str) {
        if let Some(value) = holder.get("example") {
            self.sites.push(Site {
                name: None,
                pointer: child(at, "example"),
                value,
                schema,
                schema_pointer: schema_at.to_owned(),
            });
        }
        let listed = child(at, "examples");
        for (name, example) in entries(holder.get("examples")) {
            let (example, example_at) = match self.follow(example) {
                Some(followed) => followed,
                None => (example, child(&listed, name)),
            };
            if let Some(value) = example.get("value") {
                self.sites.push(Site {
                    name: Some(name),
                    pointer: child(&example_at, "value"),
                    value,
                    schema,
                    schema_pointer: schema_at.to_owned(),
                });
            }
        }
    }

    /// An Example Object's local `$ref`, followed (once: an Example Object
    /// does not refer on).
    fn follow(&self, node: &'v Value) -> Option<(&'v Value, String)> {
        let target = node.get("$ref")?.as_str()?.strip_prefix('#')?;
        Some((self.document.pointer(target)?, target.to_owned()))
    }

    /// A schema's own `example`, then those of the schemas nested in it.
    fn schema(&mut self, schema: &'v Value, at: &str, depth: usize) {
        if depth > MAX_SCHEMA_NESTING || !schema.is_object() {
            return;
        }
        if let Some(value) = schema.get("example") {
            self.sites.push(Site {
                name: None,
                pointer: child(at, "example"),
                value,
                schema,
                schema_pointer: at.to_owned(),
            });
        }
        let properties = child(at, "properties");
        for (name, property) in entries(schema.get("properties")) {
            self.schema(property, &child(&properties, name), depth + 1);
        }
        for key in ["items", "additionalProperties", "not"] {
            if let Some(nested) = schema.get(key) {
                self.schema(nested, &child(at, key), depth + 1);
            }
        }
        for key in ["allOf", "anyOf", "oneOf"] {
            let members = schema.get(key).and_then(Value::as_array);
            for (i, member) in members.into_iter().flatten().enumerate() {
                self.schema(member, &format!("{at}/{key}/{i}"), depth + 1);
            }
        }
    }
}

fn is_reference(node: &Value) -> bool {
    node.get("$ref").is_some()
}

#[cfg(test)]
mod tests;
