//! Step 1: spec text → `openapiv3::OpenAPI`, refusing anything that is not
//! YAML, not an OpenAPI document, or not OpenAPI 3.0.x.

use openapiv3::OpenAPI;
use serde::Deserialize as _;

use crate::diagnostic::{Diagnostic, Location};
use crate::locate::Positions;

/// A spec as read from disk: its path as shown in messages, and its text.
#[derive(Clone, Debug)]
pub struct SpecFile {
    /// Path relative to the workspace root, e.g. `specs/contactship.yaml`.
    /// Its file stem names the provider and the generated crate.
    pub path: String,
    /// The YAML (or JSON) text of the spec.
    pub text: String,
}

/// A spec that parsed: the typed document, the same document as a JSON value
/// (for checks that walk every node with its pointer), and node positions.
pub(crate) struct LoadedSpec<'a> {
    pub(crate) file: &'a SpecFile,
    pub(crate) document: OpenAPI,
    pub(crate) value: serde_json::Value,
    pub(crate) positions: Positions,
}

impl LoadedSpec<'_> {
    /// A diagnostic for the node at `pointer` in this spec.
    pub(crate) fn error(
        &self,
        pointer: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Diagnostic {
        diagnostic_at(self.file, &self.positions, pointer, message, help)
    }
}

/// A YAML file that is not an OpenAPI document (a mapping file): its value
/// and node positions.
pub(crate) struct YamlFile<'a> {
    pub(crate) file: &'a SpecFile,
    pub(crate) value: serde_json::Value,
    pub(crate) positions: Positions,
}

impl YamlFile<'_> {
    /// A diagnostic for the node at `pointer` in this file.
    pub(crate) fn error(
        &self,
        pointer: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) -> Diagnostic {
        diagnostic_at(self.file, &self.positions, pointer, message, help)
    }
}

/// Parses a YAML file that is not an OpenAPI document.
pub(crate) fn load_yaml(file: &SpecFile) -> Result<YamlFile<'_>, Diagnostic> {
    let value = parse_yaml(file)?;
    let positions = Positions::index(&file.text);
    reject_duplicates(file, &positions)?;
    Ok(YamlFile {
        file,
        value,
        positions,
    })
}

/// YAML loaders keep the last of two equal keys without a word; a row
/// written twice is almost always a mistake, so it is an error here.
fn reject_duplicates(file: &SpecFile, positions: &Positions) -> Result<(), Diagnostic> {
    match positions.first_duplicate() {
        None => Ok(()),
        Some((pointer, (line, col))) => {
            let key = pointer
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .replace("~1", "/")
                .replace("~0", "~");
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
    }
}

fn diagnostic_at(
    file: &SpecFile,
    positions: &Positions,
    pointer: &str,
    message: impl Into<String>,
    help: impl Into<String>,
) -> Diagnostic {
    Diagnostic {
        file: file.path.clone(),
        location: Some(Location {
            line_col: positions.find(pointer),
            pointer: pointer.to_owned(),
        }),
        message: message.into(),
        help: help.into(),
    }
}

fn yaml_error(
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

fn parse_yaml(file: &SpecFile) -> Result<serde_json::Value, Diagnostic> {
    serde_yaml::from_str(&file.text).map_err(|e| {
        yaml_error(
            file,
            &e,
            format!("the file is not valid YAML: {}", strip_location(&e)),
            "fix the YAML syntax at this position (indentation, an unclosed quote or \
             bracket, or a `:` inside an unquoted string are the usual causes)",
        )
    })
}

pub(crate) fn load(file: &SpecFile) -> Result<LoadedSpec<'_>, Diagnostic> {
    let value = parse_yaml(file)?;
    let positions = Positions::index(&file.text);
    reject_duplicates(file, &positions)?;
    let whole = |message: String, help: &str| Diagnostic {
        file: file.path.clone(),
        location: Some(Location {
            line_col: positions.find("/openapi"),
            pointer: "/openapi".into(),
        }),
        message,
        help: help.to_owned(),
    };

    match value.get("openapi") {
        Some(serde_json::Value::String(v)) if v.starts_with("3.0.") => {}
        Some(serde_json::Value::String(v)) if v.starts_with("3.1") => {
            return Err(whole(
                format!("OpenAPI {v} is not supported; this generator reads OpenAPI 3.0.x"),
                "write the spec as `openapi: 3.0.3` (progenitor generates from 3.0 only): \
                 use `nullable: true` instead of `type: [T, \"null\"]`, `example` instead \
                 of `examples` in schemas, and `exclusiveMinimum: true` with `minimum`",
            ));
        }
        Some(other) => {
            let shown = other
                .as_str()
                .map_or_else(|| other.to_string(), str::to_owned);
            return Err(whole(
                format!("`openapi: {shown}` is not an OpenAPI 3.0.x version"),
                "set `openapi: 3.0.3`; a Swagger 2.0 document must be converted to \
                 OpenAPI 3.0 first",
            ));
        }
        None => {
            let help = if value.get("swagger").is_some() {
                "this is a Swagger 2.0 document: convert it to OpenAPI 3.0.3"
            } else {
                "an OpenAPI document starts with `openapi: 3.0.3`, then `info` and `paths`"
            };
            let location = value.get("swagger").map(|_| Location {
                line_col: positions.find("/swagger"),
                pointer: "/swagger".into(),
            });
            return Err(Diagnostic {
                file: file.path.clone(),
                location,
                message: "not an OpenAPI document: it has no top-level `openapi` field".into(),
                help: help.into(),
            });
        }
    }

    // Read the document from the value already parsed; only when it does not
    // fit, parse the text again, so that serde_yaml reports the line and
    // column of the field that does not fit.
    let document = match OpenAPI::deserialize(&value) {
        Ok(document) => document,
        Err(from_value) => {
            let located = serde_yaml::from_str::<OpenAPI>(&file.text).err();
            let message = located
                .as_ref()
                .map_or_else(|| from_value.to_string(), strip_location);
            return Err(Diagnostic {
                file: file.path.clone(),
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

    Ok(LoadedSpec {
        file,
        document,
        value,
        positions,
    })
}

/// serde_yaml appends " at line L column C" to its messages; the diagnostic
/// shows the position on its own, so drop the repetition.
fn strip_location(error: &serde_yaml::Error) -> String {
    let text = error.to_string();
    match text.find(" at line ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}
