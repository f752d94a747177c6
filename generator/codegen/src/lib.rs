//! The code generator: OpenAPI specs in, the files of typed client crates
//! out.
//!
//! [`generate`] is a pure function: it takes the specs' text and returns
//! every file to write under `generated/` (path → contents), or every problem
//! found. It never touches the disk; `cargo xtask codegen` does the I/O. That
//! makes the drift check, the snapshot tests and the benchmarks run exactly
//! what the real run does.
//!
//! The stages, each reading only the one before (`generator/README.md` follows
//! one mapping rule through them):
//! 1. `load`: text → YAML value, with the line and column of every node;
//! 2. `spec`: typed queries over an OpenAPI document (operations, parameters,
//!    responses, schemas, security, path templates);
//! 3. check → plan: a provider spec into a `ClientPlan` (`client::check`),
//!    the model into a `Model`, each mapping file through its typed syntax
//!    (`mapping::syntax`) into a `MappingPlan` (`mapping::check`): plain
//!    data, every problem reported with its place;
//! 4. emit: progenitor for the client (its output put right by the
//!    `fixups`, each counted), our additions and the `conversations` crate
//!    from the plans, fixed code from `templates/`;
//! 5. `format`: prettyplease, the `@generated` header, and each crate's
//!    `Cargo.toml` (`manifest`).
//!
//! Names come from `names`. All specs are processed before anything is
//! returned, so a bad spec yields [`Diagnostics`] and no files at all.

mod client;
mod conversations;
mod diagnostic;
mod fixups;
mod format;
mod inputs;
mod load;
mod manifest;
mod mapping;
mod model;
mod names;
pub mod profile;
mod spec;
mod templates;
mod threads;
mod upstream_names;

use std::collections::BTreeMap;

pub use diagnostic::{Diagnostic, Diagnostics, Location, Severity};
pub use fixups::FixUpCount;
pub use load::SpecFile;

/// Where generated crates go, relative to the workspace root. Everything
/// under it belongs to the generator.
pub const OUTPUT_DIR: &str = "generated";

/// The command that writes the generated files, named in their headers.
pub const COMMAND: &str = "cargo xtask codegen";

/// The file name of the normalized model among the specs.
pub const MODEL_FILE: &str = "conversations.yaml";

/// Everything one run generates.
#[derive(Clone, Debug)]
pub struct Generation {
    /// Every file under [`OUTPUT_DIR`], by path relative to the workspace
    /// root (`generated/contactship/src/lib.rs`), with its full contents.
    pub files: BTreeMap<String, String>,
    /// One entry per generated crate, in spec order.
    pub crates: Vec<CrateSummary>,
    /// What under `specs/` was not read, one line each (a folder that holds
    /// no spec).
    pub notes: Vec<Diagnostic>,
}

/// What was generated for one crate, for the report `cargo xtask codegen`
/// prints.
#[derive(Clone, Debug)]
pub struct CrateSummary {
    /// The crate's name, e.g. `contactship-client`.
    pub name: String,
    /// The spec it was generated from, e.g. `specs/contactship.yaml`.
    pub spec: String,
    /// The crate's directory, e.g. `generated/contactship`.
    pub dir: String,
    /// Number of files in the crate's directory.
    pub files: usize,
    /// Number of operations (client methods); 0 for `conversations`.
    pub operations: usize,
    /// Number of types in the crate's `types` module (for `conversations`,
    /// of the model).
    pub types: usize,
    /// Lines of Rust in the crate, every `.rs` file counted.
    pub lines: usize,
    /// Time taken to generate the crate, from loading the spec to formatting.
    pub elapsed: std::time::Duration,
    /// How often each fix-up of progenitor's output applied.
    pub fixups: Vec<FixUpCount>,
    /// Details for `cargo xtask codegen --verbose`, one line each, such as the
    /// provider fields no mapping reads.
    pub details: Vec<String>,
    /// Every JSON response example of the spec with the type the client
    /// decodes it into (`cargo xtask corpus --decode` checks each); empty
    /// for `conversations`.
    pub response_examples: Vec<ResponseExample>,
    /// What the generator decided on the user's behalf, one line each, always
    /// printed: a file name sanitized into a crate name, an `operationId`
    /// synthesized, a security scheme the client cannot send, a fix-up of a
    /// spec construct (naming the schema), OpenAPI 3.1 converted, a provider
    /// without a mapping file. None is an error; each says what to do to
    /// change the outcome.
    pub notes: Vec<Diagnostic>,
}

/// A response example of a spec, and the type the generated client decodes
/// that response into.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseExample {
    /// The client method (the operation's `operationId`, snake case).
    pub operation: String,
    /// The status as the spec writes it: `200`, `4XX`, `default`.
    pub status: String,
    /// The `examples` key, or `example`.
    pub name: String,
    /// The example, as compact JSON.
    pub json: String,
    /// The Rust type, its paths into the crate from `crate::`:
    /// `crate::types::Thread`, `::std::vec::Vec<crate::types::Thread>`.
    pub rust_type: String,
    /// Where the example breaks its own schema, if it does (the spec's fault,
    /// not the client's): what is wrong and the schema's pointer.
    pub schema_problem: Option<String>,
}

/// Generates every crate from `specs`: one client crate per provider spec
/// and, when the model and mappings are given, the `conversations` crate.
///
/// Each input is recognised by its path:
/// - `specs/conversations.yaml` ([`MODEL_FILE`]): the normalized model;
/// - `specs/mappings/<provider>.yaml`: how a provider maps into the model;
/// - any other `specs/<provider>.yaml`: a provider spec. Its file stem names
///   the provider: `specs/contactship.yaml` becomes the crate
///   `contactship-client` in `generated/contactship/`.
///
/// # Errors
/// Every problem found, each with its file, position, what is wrong and how
/// to fix it, in source order ([`Diagnostics`]). Every provider spec is
/// checked; the model and the mapping files are checked against the
/// generated clients, so only once every provider spec is sound. Nothing is
/// generated when there is any problem.
pub fn generate(specs: &[SpecFile]) -> Result<Generation, Diagnostics> {
    threads::on_generation_thread(specs, || generate_on_this_thread(specs), Err)
}

/// [`generate`], with the time each stage took ([`profile::Profile`]): what
/// `cargo xtask bench` reports beside a generation target it misses.
///
/// # Errors
/// As [`generate`].
pub fn generate_profiled(
    specs: &[SpecFile],
) -> (Result<Generation, Diagnostics>, profile::Profile) {
    threads::on_generation_thread(
        specs,
        || profile::collect(|| generate_on_this_thread(specs)),
        |panicked| (Err(panicked), profile::Profile::default()),
    )
}

/// [`generate`], on the calling thread.
fn generate_on_this_thread(specs: &[SpecFile]) -> Result<Generation, Diagnostics> {
    let inputs = inputs::sort(specs);
    let mut generation = Generation {
        files: BTreeMap::new(),
        crates: Vec::new(),
        notes: inputs.notes,
    };
    let mut problems = inputs.problems;
    let mut clients = Vec::new();
    // The client crates are independent of one another: one per core.
    for generated in threads::map_in_parallel(&inputs.providers, client::generate) {
        match generated {
            Ok(mut output) => {
                // The files move; the plan and types stay, for the mappings.
                generation.files.extend(std::mem::take(&mut output.files));
                generation.crates.push(output.summary.clone());
                clients.push(output);
            }
            Err(found) => problems.extend(found),
        }
    }
    let mappings = inputs.mappings;
    match inputs.model {
        // Mappings are checked against the generated clients: only once
        // every provider spec is valid.
        Some(model) if problems.is_empty() => {
            match conversations::generate(model, &mappings, &clients) {
                Ok((files, summary)) => {
                    generation.files.extend(files);
                    generation.crates.push(summary);
                }
                Err(found) => problems.extend(found),
            }
        }
        Some(_) => {}
        None => {
            if let Some(first) = mappings.first() {
                problems.push(Diagnostic {
                    severity: crate::diagnostic::Severity::Error,
                    file: first.path.clone(),
                    location: None,
                    message: format!(
                        "mapping files are given, but no model (`specs/{MODEL_FILE}`)"
                    ),
                    help: format!(
                        "add `specs/{MODEL_FILE}`, the normalized model the mappings map into"
                    ),
                });
            }
        }
    }
    note_unmapped(&mut generation, &clients, &mappings);
    let (path, text) = format::rustfmt_toml();
    generation.files.insert(path, text);
    // In source order, as rustc reports: by file as given, then by position.
    let file_order = |d: &Diagnostic| specs.iter().position(|s| s.path == d.file);
    let position = |d: &Diagnostic| d.location.as_ref().and_then(|l| l.line_col);
    problems.sort_by_key(|d| (file_order(d), position(d)));
    if problems.is_empty() {
        Ok(generation)
    } else {
        Err(Diagnostics(problems))
    }
}

/// A provider spec without a mapping file still gets its client crate; its
/// line in the report says the `conversations` crate does not cover it.
fn note_unmapped(
    generation: &mut Generation,
    clients: &[client::ClientCrate],
    mappings: &[&SpecFile],
) {
    for client in clients {
        let provider = client.plan.provider.as_str();
        if mappings.iter().any(|m| names::stem(&m.path) == provider) {
            continue;
        }
        if let Some(summary) = generation
            .crates
            .iter_mut()
            .find(|c| c.spec == client.plan.spec_path)
        {
            summary.notes.push(Diagnostic::note_on_file(
                &client.plan.spec_path,
                format!(
                    "no normalized mapping: `specs/mappings/{provider}.yaml` does not exist, so \
                     the `conversations` crate does not cover `{provider}`; write it to add the \
                     provider there"
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problems_come_in_source_order_whatever_check_found_them() {
        // The reference check runs before the operation checks; the cookie
        // parameter (line 7) is still reported before the reference (line 17).
        let text = "openapi: 3.0.3\ninfo: { title: T, version: \"1\", x-transcribed-from: [t.txt] }\npaths:\n  /a:\n    get:\n      \
                    operationId: a\n      parameters: [{ name: c, in: cookie, schema: { type: string } }]\n      \
                    responses: { \"200\": { description: ok } }\n    post:\n      operationId: b\n      responses:\n        \
                    \"200\":\n          description: ok\n          content:\n            application/json:\n              \
                    schema:\n                $ref: \"#/components/schemas/Nope\"\n";
        let spec = SpecFile {
            path: "specs/t.yaml".into(),
            text: text.into(),
        };
        let found = generate(&[spec]).expect_err("two problems").0;
        let places: Vec<Option<(usize, usize)>> = found
            .iter()
            .map(|d| d.location.as_ref().and_then(|l| l.line_col))
            .collect();
        assert_eq!(places, [Some((7, 31)), Some((17, 17))], "{found:#?}");
        assert!(
            found[0].message.starts_with("cookie parameter `c`"),
            "{found:#?}"
        );
        assert!(
            found[1].message.starts_with("unresolved reference"),
            "{found:#?}"
        );
    }
}
