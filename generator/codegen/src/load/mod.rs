//! Stage 1, load: a file's text → its YAML (or JSON) value, with the line and
//! column of every node by JSON pointer.
//!
//! Every input is loaded here, provider specs, the model and mapping files
//! alike; what a document means is the next stages' business ([`crate::spec`]
//! for OpenAPI documents, [`crate::mapping::syntax`] for mapping files).

mod bundle;
mod positions;

use serde_json::Value;

use crate::diagnostic::{Diagnostic, Location, unescape_token};
pub(crate) use bundle::{bundle, relative};
pub(crate) use positions::Positions;

/// A spec as read from disk: its path as shown in messages, and its text.
#[derive(Clone, Debug)]
pub struct SpecFile {
    /// Path relative to the workspace root, e.g. `specs/contactship.yaml`.
    /// Its file stem names the provider and the generated crate.
    pub path: String,
    /// The YAML (or JSON) text of the spec.
    pub text: String,
}

/// A file that parsed: its value, and where each node of it was written.
/// A spec in several files is one document ([`bundle`]): the parts that
/// came from other files keep where they were written there.
pub(crate) struct Document<'a> {
    pub(crate) file: &'a SpecFile,
    pub(crate) value: Value,
    pub(crate) positions: Positions,
    /// The other files the document was bundled from, with their positions.
    pub(crate) parts: Vec<Part>,
    /// Where each node that came from another file sits in `value`.
    pub(crate) origins: Vec<Origin>,
}

/// Another file of a spec in several files.
pub(crate) struct Part {
    pub(crate) path: String,
    pub(crate) positions: Positions,
}

/// A node of a bundled document that came from a part: at `at` in the
/// document, written at `pointer` in `parts[part]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Origin {
    pub(crate) at: String,
    pub(crate) part: usize,
    pub(crate) pointer: String,
}

/// Where a node of a document was written: the file, its line and column
/// (or its nearest written ancestor's), and its pointer in that file.
pub(crate) struct Place<'d> {
    pub(crate) file: &'d str,
    pub(crate) line_col: Option<(usize, usize)>,
    pub(crate) pointer: String,
}

impl Document<'_> {
    /// A diagnostic for the node at `pointer`, placed in the file it was
    /// written in, at its line and column (or its nearest written
    /// ancestor's).
    pub(crate) fn error(
        &self,
        pointer: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Diagnostic {
        let place = self.place(pointer);
        Diagnostic {
            severity: crate::diagnostic::Severity::Error,
            file: place.file.to_owned(),
            location: Some(Location {
                line_col: place.line_col,
                pointer: place.pointer,
            }),
            message: message.into(),
            help: help.into(),
        }
    }

    /// An error for each of `keys` (of the mapping at `pointer`) that is not
    /// one of `allowed`, placed at the key, listing what is allowed there.
    pub(crate) fn unknown_keys<'k>(
        &self,
        keys: impl IntoIterator<Item = &'k String>,
        pointer: &str,
        allowed: &[&str],
    ) -> Vec<Diagnostic> {
        let listed: Vec<String> = allowed.iter().map(|k| format!("`{k}`")).collect();
        keys.into_iter()
            .filter(|k| !allowed.contains(&k.as_str()))
            .map(|key| {
                self.error(
                    &crate::diagnostic::child(pointer, key),
                    format!("unknown key `{key}`"),
                    format!("allowed here: {}", listed.join(", ")),
                )
            })
            .collect()
    }

    /// A note for the report on the node at `pointer`, placed as
    /// [`Document::error`] places an error.
    pub(crate) fn note(&self, pointer: &str, message: impl Into<String>) -> Diagnostic {
        let place = self.place(pointer);
        Diagnostic {
            severity: crate::diagnostic::Severity::Note,
            file: place.file.to_owned(),
            location: Some(Location {
                line_col: place.line_col,
                pointer: place.pointer,
            }),
            message: message.into(),
            help: String::new(),
        }
    }

    /// Where the node at `pointer` was written.
    pub(crate) fn place(&self, pointer: &str) -> Place<'_> {
        let from_part = self
            .origins
            .iter()
            .filter(|o| {
                pointer == o.at
                    || pointer
                        .strip_prefix(o.at.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
            })
            .max_by_key(|o| o.at.len());
        match from_part.and_then(|o| self.parts.get(o.part).map(|part| (o, part))) {
            Some((origin, part)) => {
                let inside = format!("{}{}", origin.pointer, &pointer[origin.at.len()..]);
                Place {
                    file: &part.path,
                    line_col: part.positions.find(&inside),
                    pointer: inside,
                }
            }
            None => Place {
                file: &self.file.path,
                line_col: self.positions.find(pointer),
                pointer: pointer.to_owned(),
            },
        }
    }

    /// The path of the file, as given (the entry of a spec in several files).
    pub(crate) fn path(&self) -> &str {
        &self.file.path
    }
}

/// Parses `file`. A file that is not YAML, or that writes one key twice in a
/// mapping, is an error here.
pub(crate) fn load(file: &SpecFile) -> Result<Document<'_>, Diagnostic> {
    crate::profile::stage(crate::profile::LOAD, || load_here(file))
}

fn load_here(file: &SpecFile) -> Result<Document<'_>, Diagnostic> {
    // The YAML reader indexes positions (and finds keys written twice) on
    // another thread meanwhile: for a JSON spec, the longer of the two.
    let (value, positions) = std::thread::scope(|scope| {
        let index = scope.spawn(|| Positions::index(&file.text));
        let value = read_value(file);
        let positions = index
            .join()
            .unwrap_or_else(|payload| std::panic::resume_unwind(payload));
        (value, positions)
    });
    let value = value?;
    reject_duplicates(file, &positions)?;
    Ok(Document {
        file,
        value,
        positions,
        parts: Vec::new(),
        origins: Vec::new(),
    })
}

/// The value of `file`: JSON (most published specs) by serde_json, several
/// times faster than the YAML reader on it; anything else, and JSON that
/// serde_json refuses, by the YAML reader, whose errors are the ones shown.
fn read_value(file: &SpecFile) -> Result<Value, Diagnostic> {
    if file.text.trim_start().starts_with('{')
        && let Ok(value) = serde_json::from_str(&file.text)
    {
        return Ok(value);
    }
    serde_yaml::from_str(&file.text)
        .or_else(|e| with_wide_numbers(&file.text).ok_or(e))
        .map_err(|e| {
            if e.to_string().starts_with("recursion limit exceeded") {
                return too_deep(file, &e);
            }
            yaml_error(
                file,
                &e,
                format!("the file is not valid YAML: {}", strip_location(&e)),
                "fix the YAML syntax at this position (indentation, an unclosed quote or \
             bracket, or a `:` inside an unquoted string are the usual causes)",
            )
        })
}

/// The document read again when a number does not fit 64 bits
/// (`minimum: -9223372036854776000`, a JavaScript rendering of `i64::MIN`,
/// which serde_json's value refuses): such an integer is kept as the nearest
/// float, and a key that is not text (`400:`) as its text. `None` when the
/// text fails for another reason.
fn with_wide_numbers(text: &str) -> Option<Value> {
    serde_yaml::from_str::<wide::Wide>(text).ok().map(|w| w.0)
}

/// YAML loaders keep the last of two equal keys without a word; a row
/// written twice is almost always a mistake, so it is an error here.
fn reject_duplicates(file: &SpecFile, positions: &Positions) -> Result<(), Diagnostic> {
    let Some((pointer, (line, col))) = positions.first_duplicate() else {
        return Ok(());
    };
    let key = unescape_token(pointer.rsplit('/').next().unwrap_or_default());
    let first = positions
        .find(pointer)
        .map_or_else(String::new, |(l, c)| format!(" (first at {l}:{c})"));
    Err(Diagnostic {
        severity: crate::diagnostic::Severity::Error,
        file: file.path.clone(),
        location: Some(Location {
            line_col: Some((*line, *col)),
            pointer: pointer.clone(),
        }),
        message: format!("`{key}` is written twice in the same mapping{first}"),
        help: "keep one of them: YAML would silently use the last".to_owned(),
    })
}

/// serde_yaml follows 128 levels of nesting at most: the diagnostic names the
/// schema (or other node) where the document goes deeper.
fn too_deep(file: &SpecFile, error: &serde_yaml::Error) -> Diagnostic {
    let (line, column) = error.location().map_or((1, 1), |l| (l.line(), l.column()));
    let positions = Positions::index(&file.text);
    let deepest = positions.pointer_before(line, column).unwrap_or_default();
    // `/components/schemas/Deep/properties/a/…` → `/components/schemas/Deep`.
    let segments: Vec<&str> = deepest.split('/').collect();
    let named = match segments.as_slice() {
        ["", "components", "schemas", name, ..] => {
            format!("schema `{}`", unescape_token(name))
        }
        _ => "the document".to_owned(),
    };
    let pointer = segments
        .iter()
        .take(4)
        .copied()
        .collect::<Vec<_>>()
        .join("/");
    Diagnostic {
        severity: crate::diagnostic::Severity::Error,
        file: file.path.clone(),
        location: Some(Location {
            line_col: positions.find(&pointer).or(Some((line, column))),
            pointer,
        }),
        message: format!(
            "{named} nests deeper than 128 levels (line {line}, column {column}), more than \
             the YAML reader follows"
        ),
        help: "move nested objects into `components/schemas` and refer to them with `$ref`: \
               each is then a type of its own, and the nesting stays shallow"
            .to_owned(),
    }
}

/// A diagnostic at the position serde_yaml gives for `error`.
pub(crate) fn yaml_error(
    file: &SpecFile,
    error: &serde_yaml::Error,
    message: String,
    help: &str,
) -> Diagnostic {
    Diagnostic {
        severity: crate::diagnostic::Severity::Error,
        file: file.path.clone(),
        location: error.location().map(|l| Location {
            line_col: Some((l.line(), l.column())),
            pointer: String::new(),
        }),
        message,
        help: help.to_owned(),
    }
}

/// serde_yaml appends " at line L column C" to its messages; the diagnostic
/// shows the position on its own, so drop the repetition.
pub(crate) fn strip_location(error: &serde_yaml::Error) -> String {
    let text = error.to_string();
    match text.find(" at line ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

/// A JSON value that also takes integers wider than 64 bits.
mod wide {
    use std::fmt;

    use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
    use serde_json::{Map, Number, Value};

    pub(super) struct Wide(pub(super) Value);

    impl<'de> Deserialize<'de> for Wide {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            deserializer.deserialize_any(WideVisitor).map(Wide)
        }
    }

    struct WideVisitor;

    fn float(f: f64) -> Value {
        Number::from_f64(f).map_or(Value::Null, Value::Number)
    }

    impl<'de> Visitor<'de> for WideVisitor {
        type Value = Value;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("any YAML value")
        }
        fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
            Ok(Value::Bool(v))
        }
        fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
            Ok(Value::from(v))
        }
        fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
            Ok(Value::from(v))
        }
        #[allow(clippy::cast_precision_loss)]
        fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
            Ok(i64::try_from(v).map_or_else(|_| float(v as f64), Value::from))
        }
        #[allow(clippy::cast_precision_loss)]
        fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
            Ok(u64::try_from(v).map_or_else(|_| float(v as f64), Value::from))
        }
        fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
            Ok(float(v))
        }
        fn visit_str<E>(self, v: &str) -> Result<Value, E> {
            Ok(Value::String(v.to_owned()))
        }
        fn visit_string<E>(self, v: String) -> Result<Value, E> {
            Ok(Value::String(v))
        }
        fn visit_unit<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }
        fn visit_none<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
            Wide::deserialize(d).map(|w| w.0)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
            let mut items = Vec::new();
            while let Some(Wide(item)) = seq.next_element()? {
                items.push(item);
            }
            Ok(Value::Array(items))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
            let mut object = Map::new();
            while let Some(Wide(key)) = map.next_key()? {
                let key = match key {
                    Value::String(text) => text,
                    other => other.to_string(),
                };
                let Wide(value) = map.next_value()?;
                object.insert(key, value);
            }
            Ok(Value::Object(object))
        }
    }
}

#[cfg(test)]
mod wide_numbers {
    #[test]
    fn an_integer_wider_than_64_bits_is_read_as_the_nearest_float() {
        let file = super::SpecFile {
            path: "specs/t.yaml".into(),
            text: "a:\n  minimum: -9223372036854776000\n  maximum: 12\n  b: [x, 1.5]\n".into(),
        };
        let document = super::load(&file).unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(
            document.value,
            serde_json::json!({ "a": { "minimum": -9.223372036854776e18, "maximum": 12, "b": ["x", 1.5] } })
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SpecFile {
        SpecFile {
            path: "specs/x.yaml".into(),
            text: text.into(),
        }
    }

    /// What the YAML reader makes of `text` (as before JSON had a reader
    /// of its own).
    fn by_yaml(text: &str) -> Value {
        serde_yaml::from_str(text)
            .ok()
            .or_else(|| with_wide_numbers(text))
            .expect("the YAML reader reads it")
    }

    #[test]
    fn json_is_read_as_the_yaml_reader_reads_it() {
        let edge = r#" {"a": [1, -2, 1.5, 1e3, 2E-2, -0.0, 18446744073709551615, -9223372036854776000],
            "b": "\u00e9\n\t\"\\\/", "c": {"": null, "x": true, "y": false}, "d": [], "e": {}} "#;
        let read = load(&file(edge)).expect("JSON").value;
        assert_eq!(read, by_yaml(edge));
        assert_eq!(read["a"][3], 1000.0);
        // A surrogate pair, which the YAML reader refuses, is JSON.
        let emoji = load(&file(r#"{"b": "\ud83d\ude00"}"#)).expect("JSON").value;
        assert_eq!(emoji["b"], "\u{1f600}");
        // Published specs nobody here wrote: every JSON spec of the corpus
        // under 2 MB.
        let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/specs");
        let mut compared = 0;
        for entry in std::fs::read_dir(corpus).expect("corpus/specs").flatten() {
            let path = entry.path();
            let small = entry.metadata().is_ok_and(|m| m.len() < 2_000_000);
            if !small || path.extension().is_none_or(|e| e != "json") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("a readable spec");
            let spec = SpecFile {
                path: path.display().to_string(),
                text,
            };
            let read = load(&spec).unwrap_or_else(|d| panic!("{d}"));
            assert_eq!(read.value, by_yaml(&spec.text), "{}", spec.path);
            compared += 1;
        }
        assert!(compared >= 20, "{compared} specs compared");
    }

    #[test]
    fn a_document_places_errors_at_the_node_written() {
        let spec = file("openapi: 3.0.3\ninfo:\n  title: T\n");
        let document = load(&spec).expect("valid YAML");
        assert_eq!(document.value["info"]["title"], "T");
        assert_eq!(
            document.error("/info/title", "m", "h").to_string(),
            "specs/x.yaml:3:3: error: m\n  at: #/info/title\n  help: h"
        );
    }

    #[test]
    fn invalid_yaml_is_reported_at_its_position_without_repeating_it() {
        let spec = file("a: [1, 2\nb: 3\n");
        let error = load(&spec).err().expect("not YAML");
        let shown = error.to_string();
        assert!(shown.starts_with("specs/x.yaml:2:"), "{shown}");
        assert!(
            shown.contains("error: the file is not valid YAML: "),
            "{shown}"
        );
        assert!(!shown.contains(" at line "), "{shown}");
    }

    #[test]
    fn a_key_written_twice_is_an_error_at_the_second() {
        let spec = file("a: 1\nb:\n  c~d: 1\n  c~d: 2\n");
        let error = load(&spec).err().expect("a duplicate key");
        assert_eq!(
            error.to_string(),
            "specs/x.yaml:4:3: error: `c~d` is written twice in the same mapping (first at 3:3)\n  \
             at: #/b/c~0d\n  help: keep one of them: YAML would silently use the last"
        );
    }
}
