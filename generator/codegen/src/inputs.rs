//! Which input is what: the model, the mapping files, and each provider's
//! spec, its entry with the files it may refer to; and what is not read.
//!
//! - `specs/<name>.yaml` (`.yml`, `.json`) is a provider's spec, unless
//!   another spec refers to it (`$ref: common.yml#/…`): then it is a part of
//!   that spec, read with it.
//! - A folder `specs/<name>/` is one provider, named by the folder, copied as
//!   its publisher published it: its entry is the `openapi.yaml` (`.yml`,
//!   `.json`) nearest the top, else the one OpenAPI document in it that no
//!   other file refers to. A folder that only holds parts of other specs is
//!   no provider.
//! - `specs/conversations.yaml` is the model, `specs/mappings/*` the mapping
//!   files.

use std::collections::BTreeSet;

use crate::diagnostic::Diagnostic;
use crate::load::{SpecFile, relative};
use crate::names::Input;

/// A provider's spec: its entry and the files it may refer to.
pub(crate) struct ProviderInput<'a> {
    /// What names the provider: the spec (`specs/acme.yaml`) or its folder
    /// (`specs/acme/`).
    pub(crate) name_path: String,
    pub(crate) entry: &'a SpecFile,
    /// Every spec file the entry (or a file it refers to) may refer to.
    pub(crate) files: Vec<&'a SpecFile>,
    /// The other files of its folder: one it does not read is noted.
    pub(crate) folder: Vec<&'a SpecFile>,
}

impl<'a> ProviderInput<'a> {
    /// A spec in one file, alone.
    #[cfg(test)]
    pub(crate) fn single(file: &'a SpecFile) -> Self {
        Self {
            name_path: file.path.clone(),
            entry: file,
            files: Vec::new(),
            folder: Vec::new(),
        }
    }
}

/// The inputs, sorted.
pub(crate) struct Inputs<'a> {
    pub(crate) model: Option<&'a SpecFile>,
    pub(crate) mappings: Vec<&'a SpecFile>,
    pub(crate) providers: Vec<ProviderInput<'a>>,
    /// Folders under `specs/` that hold no spec, one line each.
    pub(crate) notes: Vec<crate::Diagnostic>,
    /// A folder whose entry cannot be told.
    pub(crate) problems: Vec<Diagnostic>,
}

/// Sorts `specs` (every file under `specs/`, by path relative to the
/// workspace) into what each is.
pub(crate) fn sort(specs: &[SpecFile]) -> Inputs<'_> {
    let mut inputs = Inputs {
        model: specs.iter().find(|s| Input::of(&s.path) == Input::Model),
        mappings: specs
            .iter()
            .filter(|s| Input::of(&s.path) == Input::Mapping)
            .collect(),
        providers: Vec::new(),
        notes: Vec::new(),
        problems: Vec::new(),
    };
    let candidates: Vec<&SpecFile> = specs
        .iter()
        .filter(|s| Input::of(&s.path) == Input::ProviderSpec)
        .collect();
    // Every file some other file refers to is a part of a spec.
    let referenced: BTreeSet<String> = candidates
        .iter()
        .flat_map(|file| {
            external_references(&file.text)
                .into_iter()
                .map(|target| relative(&file.path, target))
                .filter(|target| *target != file.path)
        })
        .collect();
    let mut folders: Vec<&str> = Vec::new();
    for file in &candidates {
        match folder_of(&file.path) {
            None if referenced.contains(&file.path) => {}
            None => inputs.providers.push(ProviderInput {
                name_path: file.path.clone(),
                entry: file,
                files: candidates.clone(),
                folder: Vec::new(),
            }),
            Some(folder) if !folders.contains(&folder) => folders.push(folder),
            Some(_) => {}
        }
    }
    for folder in folders {
        let in_folder: Vec<&SpecFile> = candidates
            .iter()
            .copied()
            .filter(|f| folder_of(&f.path) == Some(folder))
            .collect();
        match entry_of(folder, &in_folder, &referenced) {
            Ok(Some(entry)) => inputs.providers.push(ProviderInput {
                name_path: format!("{folder}/"),
                entry,
                files: candidates.clone(),
                folder: in_folder
                    .iter()
                    .copied()
                    .filter(|f| f.path != entry.path)
                    .collect(),
            }),
            // Parts of other specs only.
            Ok(None) if in_folder.iter().any(|f| referenced.contains(&f.path)) => {}
            Ok(None) => inputs.notes.push(crate::Diagnostic::note_on_file(
                format!("{folder}/"),
                "not read: it holds no OpenAPI document (a file with a top-level `openapi` \
                 field); a provider's folder holds its spec, its entry named `openapi.yaml`",
            )),
            Err(problem) => inputs.problems.push(problem),
        }
    }
    inputs
}

/// `specs/acme` for `specs/acme/paths/a.yml`; `None` for `specs/acme.yaml`.
fn folder_of(path: &str) -> Option<&str> {
    let rest = path.strip_prefix("specs/")?;
    let (folder, _) = rest.split_once('/')?;
    Some(&path[.."specs/".len() + folder.len()])
}

/// The entry of the folder `folder`: `openapi.yaml` nearest the top, else
/// the one OpenAPI document no other file refers to.
fn entry_of<'a>(
    folder: &str,
    files: &[&'a SpecFile],
    referenced: &BTreeSet<String>,
) -> Result<Option<&'a SpecFile>, Diagnostic> {
    let named = files
        .iter()
        .filter(|f| {
            let name = f.path.rsplit('/').next().unwrap_or_default();
            matches!(name, "openapi.yaml" | "openapi.yml" | "openapi.json")
        })
        .min_by_key(|f| (f.path.matches('/').count(), f.path.clone()));
    if let Some(entry) = named {
        return Ok(Some(entry));
    }
    let documents: Vec<&&SpecFile> = files
        .iter()
        .filter(|f| !referenced.contains(&f.path) && looks_like_openapi(&f.text))
        .collect();
    match documents.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(one)),
        several => Err(Diagnostic {
            severity: crate::diagnostic::Severity::Error,
            file: format!("{folder}/"),
            location: None,
            message: format!(
                "the folder holds {} OpenAPI documents that no other file refers to ({}): which \
                 one is the spec cannot be told",
                several.len(),
                several
                    .iter()
                    .map(|f| format!("`{}`", f.path))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            help: "name the entry `openapi.yaml` (or `.yml`, `.json`), or move the other \
                   documents out of the folder"
                .into(),
        }),
    }
}

/// Whether a file's text has a top-level `openapi` field (YAML or JSON).
fn looks_like_openapi(text: &str) -> bool {
    text.lines()
        .any(|line| line.starts_with("openapi:") || line.starts_with("\"openapi\""))
        || text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .strip_prefix('{')
            .is_some_and(|rest| rest.contains("\"openapi\""))
}

/// The files a text refers to: the file part of every `$ref` value that is
/// not a reference within the file (`#/…`). Read from the text, without
/// parsing it: enough to tell which files are parts of another spec.
fn external_references(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("$ref") {
        rest = &rest[at + "$ref".len()..];
        let after = rest.trim_start_matches(['"', '\'']).trim_start();
        let Some(after) = after.strip_prefix(':') else {
            continue;
        };
        let after = after.trim_start();
        let (value, quoted) = match after.chars().next() {
            Some(quote @ ('"' | '\'')) => (&after[1..], Some(quote)),
            _ => (after, None),
        };
        let end = match quoted {
            Some(quote) => value.find(quote),
            None => value.find(|c: char| c.is_whitespace() || c == ',' || c == '}'),
        }
        .unwrap_or(value.len());
        let file = value[..end].split('#').next().unwrap_or_default();
        if !file.is_empty() && !file.contains("://") {
            found.push(file);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(path: &str, text: &str) -> SpecFile {
        SpecFile {
            path: path.into(),
            text: text.into(),
        }
    }

    #[test]
    fn files_and_folders_sort_into_providers_their_parts_and_the_unread() {
        let specs = [
            spec(
                "specs/acme.yaml",
                "openapi: 3.0.3\npaths:\n  /a: { $ref: 'common.yml#/x' }\n",
            ),
            spec("specs/common.yml", "x: {}\n"),
            spec(
                "specs/beta/openapi.json",
                "{\"openapi\": \"3.1.0\", \"paths\": {\"$ref\": \"paths.json\"}}",
            ),
            spec("specs/beta/paths.json", "{}"),
            spec("specs/beta/extra.yml", "openapi: 3.0.0\n"),
            spec(
                "specs/gamma/api/main.yaml",
                "openapi: 3.0.3\nx: { $ref: \"../shared/s.yaml\" }\n",
            ),
            spec("specs/gamma/shared/s.yaml", "type: string\n"),
            spec("specs/notes/readme.yml", "title: notes\n"),
            spec("specs/conversations.yaml", "openapi: 3.0.3\n"),
            spec("specs/mappings/acme.yaml", "provider: acme\n"),
        ];
        let inputs = sort(&specs);
        let providers: Vec<(&str, &str, Vec<&str>)> = inputs
            .providers
            .iter()
            .map(|p| {
                (
                    p.name_path.as_str(),
                    p.entry.path.as_str(),
                    p.folder.iter().map(|f| f.path.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            providers,
            [
                ("specs/acme.yaml", "specs/acme.yaml", vec![]),
                (
                    "specs/beta/",
                    "specs/beta/openapi.json",
                    vec!["specs/beta/paths.json", "specs/beta/extra.yml"]
                ),
                (
                    "specs/gamma/",
                    "specs/gamma/api/main.yaml",
                    vec!["specs/gamma/shared/s.yaml"]
                ),
            ]
        );
        assert_eq!(
            inputs.model.map(|m| m.path.as_str()),
            Some("specs/conversations.yaml")
        );
        assert_eq!(inputs.mappings.len(), 1);
        assert_eq!(inputs.notes.len(), 1);
        assert!(
            inputs.notes[0]
                .to_string()
                .starts_with("specs/notes/: not read"),
            "{:?}",
            inputs.notes
        );
        assert!(inputs.problems.is_empty());
    }

    #[test]
    fn a_folder_with_two_possible_entries_is_a_problem_naming_both() {
        let specs = [
            spec("specs/two/a.yaml", "openapi: 3.0.3\n"),
            spec("specs/two/b.yaml", "openapi: 3.0.3\n"),
        ];
        let inputs = sort(&specs);
        assert!(inputs.providers.is_empty());
        assert_eq!(
            inputs.problems[0].message,
            "the folder holds 2 OpenAPI documents that no other file refers to (`specs/two/a.yaml`, \
             `specs/two/b.yaml`): which one is the spec cannot be told"
        );
    }

    #[test]
    fn references_are_read_from_yaml_and_json_text() {
        assert_eq!(
            external_references(
                "a: { $ref: \"x.yml#/a\" }\nb:\n  $ref: ../y.yaml\nc: {\"$ref\":\"z.json\"}\nd: { $ref: '#/local' }\ne: { $ref: https://h/x.yml }\n"
            ),
            ["x.yml", "../y.yaml", "z.json"]
        );
    }
}
