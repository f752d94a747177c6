//! A spec in several files, read as one document: what the entry refers to
//! in other files (`$ref: common.yml#/components/schemas/Error`,
//! `$ref: paths/thread.yaml`) is brought into it, each node keeping where it
//! was written ([`super::Origin`]), so that every later diagnostic lands in
//! the file and on the line its author wrote.
//!
//! - A schema from another file becomes a component of the entry (its name
//!   from the place it had: `Error`, or the file's stem for a whole file),
//!   referred to from everywhere it was: schemas may refer to themselves, and
//!   a component is how a recursive type is written.
//! - Anything else (a path item, a parameter, a response, an example) is
//!   copied where it is referred to.
//! - A `$ref` inside an example (data) or a vendor extension
//!   (`x-codeSamples: {$ref: sample.cs}`) is not OpenAPI's: left alone.
//! - A file that is not among the spec's files, or a URL, is an error at the
//!   `$ref`, naming the file.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::{Document, Origin, Part, Positions, SpecFile};
use crate::diagnostic::{Diagnostic, child, escape_token, unescape_token};
use crate::names;

/// The entry with every reference to another file brought in; also returns
/// the paths of the other files it read.
///
/// # Errors
/// A referenced file that is not among `files` (or a URL), one that does not
/// parse, a pointer into it that names nothing, or a chain of copies that
/// never ends: each at the `$ref`.
pub(crate) fn bundle<'a>(
    mut document: Document<'a>,
    files: &[&'a SpecFile],
) -> Result<(Document<'a>, Vec<String>), Vec<Diagnostic>> {
    let entry = document.file.path.clone();
    let Document {
        value, positions, ..
    } = &mut document;
    let mut bundler = Bundler {
        entry,
        entry_positions: positions,
        files,
        loaded: Vec::new(),
        hoisted: BTreeMap::new(),
        components: Vec::new(),
        taken: value
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(name, _)| crate::upstream_names::Schema::component(name))
            .collect(),
        origins: Vec::new(),
        problems: Vec::new(),
        depth: 0,
    };
    bundler.resolve(value, "", Context::Document, None);
    if !bundler.problems.is_empty() {
        return Err(bundler.problems);
    }
    if !bundler.components.is_empty() {
        let schemas = value
            .as_object_mut()
            .map(|root| root.entry("components").or_insert_with(|| json!({})))
            .and_then(Value::as_object_mut)
            .map(|c| c.entry("schemas").or_insert_with(|| json!({})))
            .and_then(Value::as_object_mut);
        if let Some(schemas) = schemas {
            for (name, schema) in std::mem::take(&mut bundler.components) {
                schemas.insert(name, schema);
            }
        }
    }
    let read = bundler.loaded.iter().map(|l| l.path.clone()).collect();
    let (loaded, origins) = (bundler.loaded, bundler.origins);
    document.parts = loaded
        .into_iter()
        .map(|l| Part {
            path: l.path,
            positions: l.positions,
        })
        .collect();
    document.origins = origins;
    Ok((document, read))
}

/// What a node is, for the references in it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    /// OpenAPI's own objects: paths, operations, parameters, responses.
    Document,
    /// A schema.
    Schema,
    /// A map of schemas by name (`properties`, `components/schemas`).
    Schemas,
    /// A list of schemas (`allOf`, `oneOf`, `anyOf`, `prefixItems`).
    SchemaList,
}

/// A file of the spec other than the entry, parsed.
struct Loaded {
    path: String,
    value: Value,
    positions: Positions,
}

struct Bundler<'f, 'a, 'p> {
    entry: String,
    entry_positions: &'p Positions,
    files: &'f [&'a SpecFile],
    loaded: Vec<Loaded>,
    /// Schemas brought in as components: (file, pointer) → component name.
    hoisted: BTreeMap<(usize, String), String>,
    /// The new components, in the order they were met.
    components: Vec<(String, Value)>,
    /// The type names the entry's components and the new ones have.
    taken: Vec<String>,
    origins: Vec<Origin>,
    problems: Vec<Diagnostic>,
    /// Copies inside copies: a chain of them that never ends is an error.
    depth: usize,
}

/// Copies of definitions inside copies, at most.
const MAX_DEPTH: usize = 64;

impl Bundler<'_, '_, '_> {
    /// Brings in what `node` (at `at` in the bundled document, written in
    /// the entry or in `loaded[part]`) refers to in other files.
    fn resolve(&mut self, node: &mut Value, at: &str, context: Context, part: Option<usize>) {
        match node {
            Value::Object(map) => {
                if let Some(Value::String(target)) = map.get("$ref").cloned() {
                    self.reference(node, &target, at, context, part);
                    return;
                }
                for (key, value) in map.iter_mut() {
                    let inner = match (context, key.as_str()) {
                        // Keys of a map of schemas are names, whatever they say.
                        (Context::Schemas | Context::SchemaList, _) => Context::Schema,
                        (_, k) if k.starts_with("x-") => continue,
                        // Example objects, each written in place or by
                        // reference: the reference is OpenAPI's, the value
                        // data.
                        (Context::Document, "examples") => {
                            if let Value::Object(examples) = value {
                                let here = child(at, key);
                                for (name, example) in examples.iter_mut() {
                                    if let Some(Value::String(target)) =
                                        example.get("$ref").cloned()
                                    {
                                        let at = child(&here, name);
                                        self.reference(
                                            example,
                                            &target,
                                            &at,
                                            Context::Document,
                                            part,
                                        );
                                    }
                                }
                            }
                            continue;
                        }
                        (_, "example" | "examples" | "default" | "enum" | "const") => continue,
                        (Context::Document, "schema") => Context::Schema,
                        (Context::Document, "schemas") if at.ends_with("/components") => {
                            Context::Schemas
                        }
                        (Context::Document, _) => Context::Document,
                        (Context::Schema, "properties" | "patternProperties" | "$defs") => {
                            Context::Schemas
                        }
                        (Context::Schema, "allOf" | "anyOf" | "oneOf" | "prefixItems") => {
                            Context::SchemaList
                        }
                        (
                            Context::Schema,
                            "items"
                            | "additionalProperties"
                            | "not"
                            | "contains"
                            | "propertyNames"
                            | "if"
                            | "then"
                            | "else",
                        ) => Context::Schema,
                        (Context::Schema, "discriminator") => {
                            self.mapping(value, &child(at, key), part);
                            continue;
                        }
                        (Context::Schema, _) => continue,
                    };
                    self.resolve(value, &child(at, key), inner, part);
                }
            }
            Value::Array(items) => {
                let inner = match context {
                    Context::SchemaList => Context::Schema,
                    other => other,
                };
                for (i, item) in items.iter_mut().enumerate() {
                    self.resolve(item, &format!("{at}/{i}"), inner, part);
                }
            }
            _ => {}
        }
    }

    /// A discriminator's `mapping` names schemas by reference too.
    fn mapping(&mut self, discriminator: &mut Value, at: &str, part: Option<usize>) {
        let Some(Value::Object(mapping)) = discriminator.get_mut("mapping") else {
            return;
        };
        for (key, target) in mapping.iter_mut() {
            let Value::String(text) = target else {
                continue;
            };
            let mut holder = json!({ "$ref": text.clone() });
            let here = child(&child(at, "mapping"), key);
            self.reference(&mut holder, &text.clone(), &here, Context::Schema, part);
            if let Some(Value::String(new)) = holder.get("$ref") {
                *text = new.clone();
            }
        }
    }

    /// The `$ref: target` that `node` is, written in the entry or in
    /// `loaded[part]`.
    fn reference(
        &mut self,
        node: &mut Value,
        target: &str,
        at: &str,
        context: Context,
        part: Option<usize>,
    ) {
        let (file, fragment) = target.split_once('#').unwrap_or((target, ""));
        // `file.yaml#/` is the whole file too, as tools write it.
        let pointer = match percent_decode(fragment) {
            root if root == "/" => String::new(),
            pointer => pointer,
        };
        let written_in = part.map_or(self.entry.clone(), |p| self.loaded[p].path.clone());
        // A reference inside the entry to itself: already in place.
        if file.is_empty() && part.is_none() {
            return;
        }
        let path = if file.is_empty() {
            written_in.clone()
        } else if file.contains("://") {
            let message =
                format!("`$ref: {target}` points to a URL: the generator reads no network");
            let help = "save the file beside the spec, as published, and refer to it by its \
                        relative path";
            self.problem(at, part, message, help);
            return;
        } else {
            relative(&written_in, &percent_decode(file))
        };
        if path == self.entry {
            // Back into the entry: a reference within it.
            *node = json!({ "$ref": format!("#{pointer}") });
            return;
        }
        let Some(index) = self.load(&path, target, at, part) else {
            return;
        };
        let Some(found) = self.loaded[index].value.pointer(&pointer).cloned() else {
            let message = format!("`$ref: {target}` points to nothing in `{path}`");
            let help = format!(
                "refer to a node that `{path}` has, e.g. `{file}#/components/schemas/<name>`"
            );
            self.problem(at, part, message, help);
            return;
        };
        if context == Context::Schema {
            let name = self.component(index, &pointer, found, &path);
            *node = json!({ "$ref": format!("#/components/schemas/{}", escape_token(&name)) });
            return;
        }
        if self.depth >= MAX_DEPTH {
            let message = format!(
                "`$ref: {target}` is copied inside its own copy, without end ({MAX_DEPTH} deep)"
            );
            self.problem(
                at,
                part,
                message,
                "make one of the references point at a component",
            );
            return;
        }
        // Recorded first, as for a component: a problem inside the copy is
        // placed in the file it came from.
        self.origins.push(Origin {
            at: at.to_owned(),
            part: index,
            pointer,
        });
        let mut copy = found;
        self.depth += 1;
        self.resolve(&mut copy, at, context, Some(index));
        self.depth -= 1;
        *node = copy;
    }

    /// The component a schema of `loaded[index]` becomes: named from its
    /// place (its last token, or the file's stem), apart from every other
    /// type name.
    fn component(&mut self, index: usize, pointer: &str, schema: Value, path: &str) -> String {
        if let Some(name) = self.hoisted.get(&(index, pointer.to_owned())) {
            return name.clone();
        }
        let base = pointer
            .rsplit('/')
            .next()
            .filter(|last| !last.is_empty())
            .map_or_else(|| names::stem(path).to_owned(), unescape_token);
        let name = std::iter::once(base.clone())
            .chain((2..).map(|n| format!("{base}{n}")))
            .find(|name| {
                !self
                    .taken
                    .contains(&crate::upstream_names::Schema::component(name))
            })
            .unwrap_or(base);
        self.taken
            .push(crate::upstream_names::Schema::component(&name));
        // Known before its own references are followed: a schema may refer
        // to itself.
        self.hoisted
            .insert((index, pointer.to_owned()), name.clone());
        let at = child("/components/schemas", &name);
        // Recorded before its references are followed, so that a problem
        // inside it is placed in its own file.
        self.origins.push(Origin {
            at: at.clone(),
            part: index,
            pointer: pointer.to_owned(),
        });
        let mut schema = schema;
        self.resolve(&mut schema, &at, Context::Schema, Some(index));
        self.components.push((name.clone(), schema));
        name
    }

    /// The index of the file `path` among those read, reading it now if need
    /// be; `None` (and a problem) when it is not there or does not parse.
    fn load(&mut self, path: &str, target: &str, at: &str, part: Option<usize>) -> Option<usize> {
        if let Some(index) = self.loaded.iter().position(|l| l.path == path) {
            return Some(index);
        }
        let Some(file) = self.files.iter().find(|f| f.path == path) else {
            let message = format!("`$ref: {target}` points to `{path}`, which is not there");
            let help = format!(
                "copy `{path}` beside the spec, as its publisher published it: a spec in \
                 several files is read with all its files"
            );
            self.problem(at, part, message, help);
            return None;
        };
        match super::load(file) {
            Ok(loaded) => {
                self.loaded.push(Loaded {
                    path: path.to_owned(),
                    value: loaded.value,
                    positions: loaded.positions,
                });
                Some(self.loaded.len() - 1)
            }
            Err(problem) => {
                self.problems.push(problem);
                None
            }
        }
    }

    /// A problem at `at` (in the entry, or at its place in `loaded[part]`).
    fn problem(&mut self, at: &str, part: Option<usize>, message: String, help: impl Into<String>) {
        let (file, positions, pointer) = match part.and_then(|p| self.loaded.get(p)) {
            Some(loaded) => {
                // Where this copy came from: the origin with the longest
                // prefix of `at`, else the part's root.
                let inside = self
                    .origins
                    .iter()
                    .filter(|o| o.part == part.unwrap_or_default() && at.starts_with(o.at.as_str()))
                    .max_by_key(|o| o.at.len())
                    .map_or_else(String::new, |o| {
                        format!("{}{}", o.pointer, &at[o.at.len()..])
                    });
                (loaded.path.clone(), Some(&loaded.positions), inside)
            }
            None => (
                self.entry.clone(),
                Some(self.entry_positions),
                at.to_owned(),
            ),
        };
        let pointer = format!("{pointer}/$ref");
        let line_col = positions.and_then(|p| p.find(&pointer));
        self.problems.push(Diagnostic {
            severity: crate::diagnostic::Severity::Error,
            file,
            location: Some(crate::diagnostic::Location { line_col, pointer }),
            message,
            help: help.into(),
        });
    }
}

/// `reference` resolved against the file `from`: `specs/acme/paths/a.yml`
/// and `../common.yml` → `specs/acme/common.yml`.
pub(crate) fn relative(from: &str, reference: &str) -> String {
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for segment in reference.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

/// A URI fragment or path with its `%xx` escapes decoded (`%7B` → `{`).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(Some(high)), Some(Some(low))) = (
                bytes.get(i + 1).map(|b| hex(*b)),
                bytes.get(i + 2).map(|b| hex(*b)),
            )
        {
            out.push(u8::try_from(high * 16 + low).unwrap_or(b'?'));
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_owned())
}

#[cfg(test)]
mod tests;
