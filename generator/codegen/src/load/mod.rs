//! Stage 1, load: a file's text → its YAML (or JSON) value, with the line and
//! column of every node by JSON pointer.
//!
//! Every input is loaded here, provider specs, the model and mapping files
//! alike; what a document means is the next stages' business ([`crate::spec`]
//! for OpenAPI documents, [`crate::mapping::syntax`] for mapping files).

mod positions;

use serde_json::Value;

use crate::diagnostic::{Diagnostic, Location, unescape_token};
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
pub(crate) struct Document<'a> {
    pub(crate) file: &'a SpecFile,
    pub(crate) value: Value,
    pub(crate) positions: Positions,
}

impl Document<'_> {
    /// A diagnostic for the node at `pointer` in this file, placed at its
    /// line and column (or its nearest written ancestor's).
    pub(crate) fn error(
        &self,
        pointer: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            file: self.file.path.clone(),
            location: Some(Location {
                line_col: self.positions.find(pointer),
                pointer: pointer.to_owned(),
            }),
            message: message.into(),
            help: help.into(),
        }
    }

    /// The path of the file, as given.
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
    let value = serde_yaml::from_str(&file.text).map_err(|e| {
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
    })?;
    let positions = Positions::index(&file.text);
    reject_duplicates(file, &positions)?;
    Ok(Document {
        file,
        value,
        positions,
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SpecFile {
        SpecFile {
            path: "specs/x.yaml".into(),
            text: text.into(),
        }
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
