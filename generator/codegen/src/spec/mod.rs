//! Stage 2, the spec layer: typed queries over a loaded OpenAPI document.
//!
//! This is the one place that knows OpenAPI's shapes: where operations,
//! parameters, responses, schemas and security schemes sit, how a `$ref` is
//! followed, what a path template is. Every later stage asks these queries
//! (each answer carries the JSON pointer it came from, for diagnostics) and
//! never walks the document's JSON itself.

mod convert;
mod dangling_references;
mod examples;
pub(crate) mod instance;
mod operations;
mod path_parameters;
mod path_template;
mod polymorphism;
pub(crate) mod rewrite;
mod schema;
mod security;

use openapiv3::OpenAPI;
use serde::Deserialize as _;
use serde_json::Value;

use crate::diagnostic::{Diagnostic, Location, child};
use crate::fixups::{
    FixUp, deep_references, repeated_all_of_members, request_subset, type_name_clashes,
};
use crate::load::{Document, strip_location};
pub(crate) use convert::Finding;
pub(crate) use examples::{ExampleFinding, InvalidExample};
pub(crate) use operations::{BodyKind, Method, Operation, ParameterLocation};
pub(crate) use path_template::PathTemplate;
pub(crate) use polymorphism::BasePattern;
pub(crate) use schema::{EnumDeclaration, EnumItem, Schema, SchemaSite};
pub(crate) use security::SchemeKind;

/// An OpenAPI 3.0 document, loaded and typed.
pub(crate) struct Spec<'a> {
    pub(crate) document: Document<'a>,
    openapi: OpenAPI,
    /// What reading it decided on the author's behalf (3.1 converted,
    /// operationIds given), one line each, placed in the file.
    notes: Vec<crate::Diagnostic>,
    /// The fix-ups applied while reading it, with their counts.
    fixups: Vec<(&'static FixUp, usize)>,
    /// [`Spec::schema_sites`], found on first use: the planning stages each
    /// read them, and the document no longer changes.
    sites: std::sync::OnceLock<Vec<schema::SchemaSite>>,
}

/// A `$ref` written somewhere in a spec.
pub(crate) struct Reference<'a> {
    /// What it points to, as written: `#/components/schemas/Thread`.
    pub(crate) target: &'a str,
    /// Where the `$ref` key is.
    pub(crate) pointer: String,
}

/// A path item under `paths`.
pub(crate) struct PathItem<'a> {
    /// The path as written, e.g. `/v1/thread/{threadId}`.
    pub(crate) path: &'a str,
    pub(crate) pointer: String,
    /// It is a `$ref` to a path item elsewhere.
    pub(crate) is_reference: bool,
}

impl<'a> Spec<'a> {
    /// Reads `document` as OpenAPI 3.0.x.
    ///
    /// # Errors
    /// A document that is not OpenAPI, is another version (3.1, Swagger 2.0),
    /// or does not fit OpenAPI 3.0's shape; each with what to do.
    pub(crate) fn new(document: Document<'a>) -> Result<Self, Diagnostic> {
        check_version(&document)?;
        Self::typed(document, Vec::new())
    }

    /// Reads a provider's `document` as published: OpenAPI 3.1 converted to
    /// 3.0 ([`convert`]), type names made distinct (the fix-up
    /// [`type_name_clashes`]), requests narrowed to what progenitor sends (the
    /// fix-up [`request_subset`]), missing operationIds given; every change is
    /// a note ([`Spec::notes`]), and each fix-up's count is kept
    /// ([`Spec::fixups`]) for the ledger. The model and the
    /// mapping files, which are ours, are read as written ([`Spec::new`]).
    ///
    /// # Errors
    /// As [`Spec::new`].
    pub(crate) fn published(mut document: Document<'a>) -> Result<Self, Diagnostic> {
        check_version(&document)?;
        let mut notes = Vec::new();
        if is_3_1(&document.value) || !is_transcribed(&document.value) {
            notes.extend(convert_3_1(&mut document));
        }
        let mut hoisted = deep_references::resolve(&mut document.value);
        let deep = hoisted.len();
        let repeated = repeated_all_of_members::distinct_members(&mut document.value);
        let distinct = repeated.len();
        hoisted.extend(repeated);
        // Before the type names are settled: a widened component may become
        // nullable, which changes how typify names it.
        if !is_transcribed(&document.value) {
            hoisted.extend(examples::widen(&mut document.value));
        }
        let renamed = type_name_clashes::distinct_type_names(&mut document.value);
        // Our own transcriptions are held to the letter: there, a path
        // parameter that does not agree with its path is a mistake to fix.
        let agreed = if is_transcribed(&document.value) {
            Vec::new()
        } else {
            let mut agreed = dangling_references::widen_dangling(&mut document.value);
            agreed.extend(path_parameters::agree(&mut document.value));
            agreed
        };
        let mut narrowed = if is_transcribed(&document.value) {
            Vec::new()
        } else {
            let mut narrowed = request_subset::without_cookie_parameters(&mut document.value);
            narrowed.extend(request_subset::distinct_parameters(&mut document.value));
            narrowed
        };
        narrowed.extend(request_subset::narrow(&mut document.value));
        let fixups = vec![
            (&deep_references::FIXUP, deep),
            (&repeated_all_of_members::FIXUP, distinct),
            (&type_name_clashes::FIXUP, renamed.len()),
            (&request_subset::FIXUP, narrowed.len()),
        ];
        let mut given = convert::synthesize_operation_ids(&mut document.value);
        if !is_transcribed(&document.value) {
            given.extend(convert::distinct_operation_ids(&mut document.value));
        }
        for given in hoisted
            .iter()
            .chain(&renamed)
            .chain(&agreed)
            .chain(&narrowed)
            .chain(&given)
        {
            notes.push(note(&document, &given.pointer, &given.message));
        }
        let mut spec = Self::typed(document, notes)?;
        spec.fixups = fixups;
        Ok(spec)
    }

    fn typed(document: Document<'a>, notes: Vec<crate::Diagnostic>) -> Result<Self, Diagnostic> {
        // Read the typed document from the value already parsed; only when it
        // does not fit, parse the text again, so that serde_yaml reports the
        // line and column of the field that does not fit.
        let openapi = match OpenAPI::deserialize(&document.value) {
            Ok(openapi) => openapi,
            Err(from_value) => {
                // A bundled document is no one file's text: unplaced.
                let located = document
                    .origins
                    .is_empty()
                    .then(|| serde_yaml::from_str::<OpenAPI>(&document.file.text).err())
                    .flatten();
                let message = located
                    .as_ref()
                    .map_or_else(|| from_value.to_string(), strip_location);
                return Err(Diagnostic {
                    severity: crate::diagnostic::Severity::Error,
                    file: document.file.path.clone(),
                    location: located
                        .as_ref()
                        .and_then(serde_yaml::Error::location)
                        .map(|l| Location {
                            line_col: Some((l.line(), l.column())),
                            pointer: String::new(),
                        }),
                    message: format!("the document does not fit OpenAPI 3.0: {message}"),
                    help: "compare this node with the OpenAPI 3.0.3 specification \
                           (https://spec.openapis.org/oas/v3.0.3): a required field may be missing \
                           or a value may have the wrong type"
                        .into(),
                });
            }
        };
        Ok(Self {
            document,
            openapi,
            notes,
            fixups: Vec::new(),
            sites: std::sync::OnceLock::new(),
        })
    }

    /// The fix-ups reading a published spec applied, each with how many
    /// changes it made (its findings), for the client's
    /// [`crate::fixups::Ledger`].
    pub(crate) fn fixups(&self) -> &[(&'static FixUp, usize)] {
        &self.fixups
    }

    /// What reading the spec decided on the author's behalf: see
    /// [`crate::CrateSummary::notes`].
    pub(crate) fn notes(&self) -> &[Diagnostic] {
        &self.notes
    }

    /// A note for the report, placed at the node at `at`:
    /// `specs/x.yaml:12:5: <text>`.
    pub(crate) fn note(&self, at: &str, text: &str) -> Diagnostic {
        self.document.note(at, text)
    }

    /// A diagnostic for the node at `at`: see [`Document::error`].
    #[rustfmt::skip]
    pub(crate) fn error(&self, at: &str, msg: impl Into<String>, fix: impl Into<String>) -> Diagnostic {
        self.document.error(at, msg, fix)
    }

    /// The line and column (1-based) of the node at `pointer`, or of its
    /// nearest ancestor written in the file.
    pub(crate) fn position(&self, pointer: &str) -> Option<(usize, usize)> {
        self.document.place(pointer).line_col
    }

    /// The spec file's path, e.g. `specs/hubspot.yaml`.
    pub(crate) fn path(&self) -> &str {
        self.document.path()
    }

    /// The document as JSON, for the rewrites that prepare progenitor's input
    /// (hoisting enums, fix-ups) and nothing else.
    pub(crate) fn json(&self) -> &Value {
        &self.document.value
    }

    /// `info.title`.
    pub(crate) fn title(&self) -> &str {
        &self.openapi.info.title
    }

    /// `info.version`: the API's version, not OpenAPI's.
    pub(crate) fn api_version(&self) -> &str {
        &self.openapi.info.version
    }

    /// `info.description`.
    pub(crate) fn description(&self) -> Option<&str> {
        self.openapi.info.description.as_deref()
    }

    /// The first server's URL: where the provider says its API is.
    pub(crate) fn server(&self) -> Option<&str> {
        self.openapi.servers.first().map(|s| s.url.as_str())
    }

    /// `info.x-transcribed-from`: the doc pages the spec was written from.
    pub(crate) fn transcribed_from(&self) -> Vec<&str> {
        strings(self.document.value.pointer("/info/x-transcribed-from"))
    }

    /// Every `$ref` in the document, in document order. Examples are data,
    /// not spec: a `$ref` key inside one is a value, and is not listed.
    pub(crate) fn references(&self) -> Vec<Reference<'_>> {
        let mut found = Vec::new();
        collect_references(&self.document.value, String::new(), &mut found);
        found
    }

    /// Whether a local pointer (`/components/schemas/Thread`) names a node.
    pub(crate) fn resolves(&self, pointer: &str) -> bool {
        self.document.value.pointer(pointer).is_some()
    }

    /// The keys of the mapping at `pointer` (what a section defines), in
    /// document order; empty when there is no mapping there.
    pub(crate) fn keys_at(&self, pointer: &str) -> Vec<&str> {
        self.document
            .value
            .pointer(pointer)
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|m| m.keys().map(String::as_str))
            .collect()
    }

    /// The path items, in document order.
    pub(crate) fn path_items(&self) -> Vec<PathItem<'_>> {
        entries(self.document.value.get("paths"))
            .map(|(path, item)| PathItem {
                path,
                pointer: child("/paths", path),
                is_reference: item.get("$ref").is_some(),
            })
            .collect()
    }

    /// The schemas under `components/schemas`, in document order.
    pub(crate) fn component_schemas(&self) -> Vec<(&str, Schema<'_>)> {
        entries(self.document.value.pointer("/components/schemas"))
            .map(|(name, node)| (name, Schema::new(node, child("/components/schemas", name))))
            .collect()
    }

    /// The schema at `pointer`, if there is a node there.
    pub(crate) fn schema_at(&self, pointer: &str) -> Option<Schema<'_>> {
        self.document
            .value
            .pointer(pointer)
            .map(|node| Schema::new(node, pointer.to_owned()))
    }

    /// `schema` with its local `$ref`s followed (at most 32, so that a cycle
    /// of references ends), at the pointer of the schema it lands on.
    pub(crate) fn follow<'v>(&'v self, schema: Schema<'v>) -> Schema<'v> {
        let mut schema = schema;
        for _ in 0..32 {
            let Some(target) = schema.reference().and_then(|r| r.strip_prefix('#')) else {
                break;
            };
            let Some(node) = self.document.value.pointer(target) else {
                break;
            };
            schema = Schema::new(node, target.to_owned());
        }
        schema
    }

    /// The servers: URL, description and variables (name, default,
    /// description), in document order.
    pub(crate) fn servers(&self) -> Vec<Server> {
        self.openapi
            .servers
            .iter()
            .map(|s| Server {
                url: s.url.clone(),
                description: s.description.clone(),
                variables: s
                    .variables
                    .iter()
                    .flatten()
                    .map(|(name, v)| (name.clone(), v.default.clone(), v.description.clone()))
                    .collect(),
            })
            .collect()
    }

    /// Follows a local `$ref` once; the node itself otherwise.
    fn resolve<'v>(&'v self, node: &'v Value) -> &'v Value {
        resolve(&self.document.value, node)
    }
}

/// A server of the spec.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Server {
    pub(crate) url: String,
    pub(crate) description: Option<String>,
    /// Each variable: its name, default and description.
    pub(crate) variables: Vec<(String, String, Option<String>)>,
}

/// The `openapi` field must say 3.0.x; the messages say how to convert the
/// versions progenitor cannot read.
fn note(document: &Document<'_>, at: &str, text: &str) -> Diagnostic {
    document.note(at, text)
}

/// Whether the spec is one of ours, transcribed from a provider's pages
/// (`info.x-transcribed-from`), rather than a file as its publisher wrote it.
fn is_transcribed(document: &Value) -> bool {
    document.pointer("/info/x-transcribed-from").is_some()
}

fn is_3_1(document: &Value) -> bool {
    matches!(document.get("openapi"), Some(Value::String(v)) if v.starts_with("3.1."))
}

/// Converts a 3.1 document to 3.0 (see [`convert`]), or reads the 3.1 forms
/// a published 3.0 document holds (`type: [integer, "null"]`) as 3.1 means
/// them; the notes say what was converted and what was loosened, each
/// loosening at its place.
fn convert_3_1(document: &mut Document<'_>) -> Vec<Diagnostic> {
    let version = document.value["openapi"]
        .as_str()
        .unwrap_or("3.1")
        .to_owned();
    let is_3_1 = is_3_1(&document.value);
    let conversion = convert::from_3_1(&mut document.value);
    let mut notes = Vec::new();
    let counts: Vec<String> = conversion
        .counts
        .iter()
        .map(|(what, n)| format!("{what} ×{n}"))
        .collect();
    let summary = match (is_3_1, counts.is_empty()) {
        (true, false) => Some(format!(
            "OpenAPI {version} read as 3.0.3, meaning kept: {}",
            counts.join(", ")
        )),
        (true, true) => Some(format!(
            "OpenAPI {version} read as 3.0.3: nothing needed converting"
        )),
        (false, false) => Some(format!(
            "OpenAPI {version} document with OpenAPI 3.1 forms, read as 3.1 means them: {}",
            counts.join(", ")
        )),
        (false, true) => None,
    };
    notes.extend(summary.map(|text| note(document, "/openapi", &text)));
    for finding in conversion.dropped.iter().chain(&conversion.loosened) {
        notes.push(note(document, &finding.pointer, &finding.message));
    }
    notes
}

fn check_version(document: &Document<'_>) -> Result<(), Diagnostic> {
    let at_version = |message: String, help: &str| document.error("/openapi", message, help);
    match document.value.get("openapi") {
        Some(Value::String(v)) if v.starts_with("3.0.") || v.starts_with("3.1.") => Ok(()),
        Some(other) => {
            let shown = other
                .as_str()
                .map_or_else(|| other.to_string(), str::to_owned);
            Err(at_version(
                format!("`openapi: {shown}` is not an OpenAPI 3.0.x or 3.1.x version"),
                "set `openapi: 3.0.3`; a Swagger 2.0 document must be converted to \
                 OpenAPI 3.0 first",
            ))
        }
        None => {
            let swagger = document.value.get("swagger").is_some();
            let help = if swagger {
                "this is a Swagger 2.0 document: convert it to OpenAPI 3.0.3"
            } else {
                "an OpenAPI document starts with `openapi: 3.0.3`, then `info` and `paths`"
            };
            let mut error = document.error(
                "/swagger",
                "not an OpenAPI document: it has no top-level `openapi` field",
                help,
            );
            if !swagger {
                error.location = None;
            }
            Err(error)
        }
    }
}

fn collect_references<'v>(node: &'v Value, at: String, found: &mut Vec<Reference<'v>>) {
    walk(node, at, &mut |holder, target| {
        found.push(Reference {
            target,
            pointer: format!("{holder}/$ref"),
        });
    });
}

/// Every `$ref` of the document with the pointer of the object that holds
/// it; examples (data) and vendor extensions are left out.
pub(crate) fn references(document: &Value) -> Vec<(String, String)> {
    let mut found = Vec::new();
    walk_references(document, &mut |holder, target| {
        found.push((holder.to_owned(), target.to_owned()));
    });
    found
}

/// `node`'s local `$ref` in `document` followed once; `node` itself when it
/// has none or it points nowhere.
pub(crate) fn resolve<'v>(document: &'v Value, node: &'v Value) -> &'v Value {
    node.get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
        .and_then(|p| document.pointer(p))
        .unwrap_or(node)
}

/// Whether the local reference `target` (`#/…`) points to a node of
/// `document`.
pub(crate) fn resolves(document: &Value, target: &str) -> bool {
    target
        .strip_prefix('#')
        .is_some_and(|pointer| document.pointer(pointer).is_some())
}

/// Calls `visit` with every `$ref` of `document`: the pointer of the object
/// that holds it, and its target as written. Examples are data, and vendor
/// extensions (`x-codeSamples: {$ref: sample.cs}`) are not OpenAPI: neither
/// is walked.
pub(crate) fn walk_references<'v>(document: &'v Value, visit: &mut impl FnMut(&str, &'v str)) {
    walk(document, String::new(), visit);
}

fn walk<'v>(node: &'v Value, at: String, visit: &mut impl FnMut(&str, &'v str)) {
    match node {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                visit(&at, target);
            }
            // Under `properties` (and the other maps of names), keys are
            // names chosen by the author, not keywords.
            let names_keys = at.ends_with("/properties") || names_things(&at);
            for (key, value) in map {
                let is_example = key == "example" && !names_keys;
                let is_extension = key.starts_with("x-") && !names_keys;
                if is_example || is_extension || (key == "value" && at.contains("/examples/")) {
                    continue;
                }
                walk(value, child(&at, key), visit);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                walk(item, format!("{at}/{i}"), visit);
            }
        }
        _ => {}
    }
}

/// Whether the keys of the mapping at `at` are names an author chose (paths,
/// components, status codes, media types) rather than OpenAPI's keywords.
fn names_things(at: &str) -> bool {
    let last = at.rsplit('/').next().unwrap_or_default();
    !at.is_empty()
        && matches!(
            last,
            "paths"
                | "schemas"
                | "parameters"
                | "responses"
                | "requestBodies"
                | "headers"
                | "securitySchemes"
                | "links"
                | "callbacks"
                | "content"
                | "mapping"
                | "patternProperties"
        )
}

/// The texts of a list node (others left out), or none.
fn strings(node: Option<&Value>) -> Vec<&str> {
    node.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

/// The entries of a mapping node, or none.
fn entries(node: Option<&Value>) -> impl Iterator<Item = (&str, &Value)> {
    node.and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.as_str(), v))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::load::{SpecFile, load};

    /// Loads `text` as `specs/t.yaml` and hands `Spec::new`'s answer to `f`.
    fn loaded<T>(text: &str, f: impl FnOnce(Result<Spec<'_>, Diagnostic>) -> T) -> T {
        let file = SpecFile {
            path: "specs/t.yaml".into(),
            text: text.into(),
        };
        f(Spec::new(load(&file).unwrap_or_else(|d| panic!("{d}"))))
    }

    /// Loads `text` as `specs/t.yaml` and hands the spec to `check`.
    pub(crate) fn with_spec<T>(text: &str, check: impl FnOnce(&Spec<'_>) -> T) -> T {
        loaded(text, |spec| check(&spec.unwrap_or_else(|d| panic!("{d}"))))
    }

    /// The diagnostic `Spec::new` gives for `text`.
    fn refused(text: &str) -> String {
        loaded(text, |spec| match spec {
            Ok(_) => panic!("accepted:\n{text}"),
            Err(d) => d.to_string(),
        })
    }

    pub(crate) const MINIMAL: &str = "openapi: 3.0.3\ninfo:\n  title: T\n  version: \"2\"\n";

    #[test]
    fn versions_other_than_3_0_and_3_1_are_refused_with_what_to_do() {
        let v4 = refused("openapi: 4.0.0\ninfo:\n  title: T\n  version: \"1\"\npaths: {}\n");
        assert!(
            v4.starts_with(
                "specs/t.yaml:1:1: error: `openapi: 4.0.0` is not an OpenAPI 3.0.x or 3.1.x version"
            ),
            "{v4}"
        );
        let swagger = refused("swagger: \"2.0\"\ninfo:\n  title: T\n");
        assert!(
            swagger.starts_with("specs/t.yaml:1:1: error: not an OpenAPI document"),
            "{swagger}"
        );
        assert!(
            swagger.ends_with("help: this is a Swagger 2.0 document: convert it to OpenAPI 3.0.3")
        );
        let neither = refused("title: T\n");
        assert!(
            neither.starts_with("specs/t.yaml: error: not an OpenAPI document"),
            "{neither}"
        );
    }

    /// `Spec::published`'s answer for `text`, as a spec or a diagnostic.
    fn published(text: &str) -> Result<(serde_json::Value, Vec<String>), String> {
        let file = SpecFile {
            path: "specs/t.yaml".into(),
            text: text.into(),
        };
        let document = load(&file).unwrap_or_else(|d| panic!("{d}"));
        Spec::published(document)
            .map(|spec| {
                let notes = spec.notes().iter().map(ToString::to_string).collect();
                (spec.json().clone(), notes)
            })
            .map_err(|d| d.to_string())
    }

    #[test]
    fn openapi_3_1_is_read_as_3_0_and_what_it_cannot_keep_is_loosened_at_its_place() {
        let text = "openapi: 3.1.0\ninfo:\n  title: T\n  version: \"1\"\ncomponents:\n  schemas:\n    A:\n      \
                    type: [string, \"null\"]\n";
        let (json, notes) = published(text).expect("converted");
        assert_eq!(json["components"]["schemas"]["A"]["nullable"], true);
        assert_eq!(
            notes,
            ["specs/t.yaml:1:1: OpenAPI 3.1.0 read as 3.0.3, meaning kept: `type` arrays ×1"]
        );
        let (json, notes) = published(
            "openapi: 3.1.0\ninfo:\n  title: T\n  version: \"1\"\ncomponents:\n  schemas:\n    A:\n      \
             if: { type: string }\n",
        )
        .expect("`if` is dropped");
        assert_eq!(json["components"]["schemas"]["A"], serde_json::json!({}));
        assert!(
            notes[1].starts_with(
                "specs/t.yaml:8:7: `if` (JSON Schema, OpenAPI 3.1) has no OpenAPI 3.0 form: it is dropped"
            ),
            "{notes:?}"
        );
    }

    #[test]
    fn a_published_3_0_document_with_3_1_forms_is_read_as_3_1_means_them() {
        let text = "openapi: 3.0.0\ninfo:\n  title: T\n  version: \"1\"\npaths: {}\ncomponents:\n  \
                    schemas:\n    A:\n      type: [integer, \"null\"]\n    B:\n      type: string\n";
        let (json, notes) = published(text).expect("read");
        assert_eq!(
            json["components"]["schemas"]["A"],
            serde_json::json!({ "type": "integer", "nullable": true })
        );
        assert_eq!(
            notes,
            [
                "specs/t.yaml:1:1: OpenAPI 3.0.0 document with OpenAPI 3.1 forms, read as 3.1 means them: `type` arrays ×1"
            ]
        );
        // Nothing of 3.1 in it: no note, nothing changed.
        let (_, notes) = published(&text.replace("[integer, \"null\"]", "integer")).expect("read");
        assert!(notes.is_empty(), "{notes:?}");
    }

    #[test]
    fn a_document_that_does_not_fit_is_placed_by_serde_yaml() {
        let error = refused("openapi: 3.0.3\ninfo:\n  version: \"1\"\npaths: {}\n");
        assert!(
            error.starts_with("specs/t.yaml:3:3: error: the document does not fit OpenAPI 3.0: info: missing field `title`"),
            "{error}"
        );
    }

    #[test]
    fn info_servers_and_sources() {
        let text = format!(
            "{MINIMAL}  description: About.\n  x-transcribed-from: [a.txt, b.txt]\n\
             servers:\n  - url: https://one.example\n  - url: https://two.example\npaths: {{}}\n"
        );
        with_spec(&text, |spec| {
            assert_eq!(spec.title(), "T");
            assert_eq!(spec.api_version(), "2");
            assert_eq!(spec.description(), Some("About."));
            assert_eq!(spec.server(), Some("https://one.example"));
            assert_eq!(spec.transcribed_from(), ["a.txt", "b.txt"]);
        });
    }

    #[test]
    fn references_skip_examples_and_carry_their_pointer() {
        let text = format!(
            "{MINIMAL}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      $ref: \"#/components/schemas/B\"\n    \
             B:\n      type: object\n      example: {{ $ref: not-a-reference }}\n"
        );
        with_spec(&text, |spec| {
            let found: Vec<(&str, String)> = spec
                .references()
                .into_iter()
                .map(|r| (r.target, r.pointer))
                .collect();
            assert_eq!(
                found,
                [(
                    "#/components/schemas/B",
                    "/components/schemas/A/$ref".to_owned()
                )]
            );
            assert!(spec.resolves("/components/schemas/B"));
            assert!(!spec.resolves("/components/schemas/C"));
            assert_eq!(spec.keys_at("/components/schemas"), ["A", "B"]);
        });
    }
}
