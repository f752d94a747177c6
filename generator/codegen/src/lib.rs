//! The code generator: OpenAPI specs in, the files of typed client crates
//! out.
//!
//! [`generate`] is a pure function: it takes the specs' text and returns
//! every file to write under `generated/` (path → contents), or every problem
//! found. It never touches the disk; `cargo xtask codegen` does the I/O. That
//! makes the drift check, the snapshot tests and the benchmarks run exactly
//! what the real run does.
//!
//! Per spec, the steps are:
//! 1. [`load`](load): YAML → `openapiv3::OpenAPI`, OpenAPI 3.0.x only;
//! 2. [`validate`](validate): references, operationIds, security schemes and
//!    the constructs progenitor cannot generate, each reported with its place;
//! 3. [`enums`](enums): string enums become forward-compatible Rust enums;
//! 4. [`client`](client): progenitor (builder interface) plus our additions:
//!    constructors per security scheme ([`auth`](auth)) and client hooks;
//! 5. format with prettyplease, add the `@generated` header and the crate's
//!    `Cargo.toml` ([`manifest`](manifest)).
//!
//! All specs are processed before anything is returned, so a bad spec yields
//! [`Diagnostics`] and no files at all.

mod auth;
mod client;
mod conversations;
mod diagnostic;
mod enums;
mod load;
mod locate;
mod manifest;
mod mapping;
mod model;
mod source;
mod validate;

use std::collections::BTreeMap;

pub use diagnostic::{Diagnostic, Diagnostics, Location};
pub use load::SpecFile;
use serde_json::Value;

/// Where generated crates go, relative to the workspace root. Everything
/// under it belongs to the generator.
pub const OUTPUT_DIR: &str = "generated";

/// The command that writes the generated files, named in their headers.
pub const COMMAND: &str = "cargo xtask codegen";

/// Everything one run generates.
#[derive(Clone, Debug)]
pub struct Generation {
    /// Every file under [`OUTPUT_DIR`], by path relative to the workspace
    /// root (`generated/contactship/src/lib.rs`), with its full contents.
    pub files: BTreeMap<String, String>,
    /// One entry per generated crate, in spec order.
    pub crates: Vec<CrateSummary>,
}

/// What was generated for one spec, for the report `cargo xtask codegen`
/// prints.
#[derive(Clone, Debug)]
pub struct CrateSummary {
    /// The crate's name, e.g. `contactship-client`.
    pub name: String,
    /// The spec it was generated from, e.g. `specs/contactship.yaml`.
    pub spec: String,
    /// The crate's directory, e.g. `generated/contactship`.
    pub dir: String,
    /// Number of operations (client methods).
    pub operations: usize,
    /// Number of types in the crate's `types` module.
    pub types: usize,
    /// Lines of Rust in the crate.
    pub lines: usize,
    /// Time taken to generate the crate, from loading the spec to formatting.
    pub elapsed: std::time::Duration,
    /// Details for `cargo xtask codegen --verbose`, one line each, such as the
    /// provider fields no mapping reads.
    pub details: Vec<String>,
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
/// Every problem found in every input, each with its file, position, what is
/// wrong and how to fix it. Nothing is generated when there is any.
pub fn generate(specs: &[SpecFile]) -> Result<Generation, Diagnostics> {
    let mut generation = Generation {
        files: BTreeMap::new(),
        crates: Vec::new(),
    };
    let mut problems = Vec::new();
    let (model_file, mapping_files, provider_files) = classify(specs);
    let mut providers = Vec::new();
    for spec in provider_files {
        match generate_client(spec) {
            Ok(output) => {
                generation.files.extend(output.files.clone());
                generation.crates.push(output.summary.clone());
                providers.push(output);
            }
            Err(mut found) => problems.append(&mut found),
        }
    }
    if let Some(model_file) = model_file {
        // Mappings are checked against the generated clients: only once
        // every provider spec is valid.
        if problems.is_empty() {
            match generate_conversations(model_file, &mapping_files, &providers) {
                Ok((files, summary)) => {
                    generation.files.extend(files);
                    generation.crates.push(summary);
                }
                Err(mut found) => problems.append(&mut found),
            }
        }
    } else if let Some(first) = mapping_files.first() {
        problems.push(Diagnostic {
            file: first.path.clone(),
            location: None,
            message: format!("mapping files are given, but no model (`specs/{MODEL_FILE}`)"),
            help: format!("add `specs/{MODEL_FILE}`, the normalized model the mappings map into"),
        });
    }
    // rustfmt formats every workspace member, generated crates included; its
    // output differs from prettyplease's and would fail the drift check. This
    // file switches it off below generated/.
    generation.files.insert(
        format!("{OUTPUT_DIR}/rustfmt.toml"),
        format!(
            "# @generated by `{COMMAND}`: keeps `cargo fmt` from reformatting generated code.\n\
             disable_all_formatting = true\n"
        ),
    );
    if problems.is_empty() {
        Ok(generation)
    } else {
        Err(Diagnostics(problems))
    }
}

/// The file name of the normalized model among the specs.
pub const MODEL_FILE: &str = "conversations.yaml";

/// Splits the inputs into the model, the mapping files and the provider specs.
fn classify(specs: &[SpecFile]) -> (Option<&SpecFile>, Vec<&SpecFile>, Vec<&SpecFile>) {
    let mut model = None;
    let mut mappings = Vec::new();
    let mut providers = Vec::new();
    for spec in specs {
        let path = std::path::Path::new(&spec.path);
        let in_mappings = path
            .parent()
            .and_then(|p| p.file_name())
            .is_some_and(|d| d == "mappings");
        if in_mappings {
            mappings.push(spec);
        } else if path.file_name().is_some_and(|n| n == MODEL_FILE) {
            model = Some(spec);
        } else {
            providers.push(spec);
        }
    }
    (model, mappings, providers)
}

/// The files of one crate, as (path, contents).
type CrateFiles = Vec<(String, String)>;

/// A generated client crate and what the conversations crate needs of it.
struct ClientOutput {
    provider: String,
    spec_path: String,
    files: CrateFiles,
    summary: CrateSummary,
    sources: source::Sources,
    /// The spec's operations, by operationId.
    operations: BTreeMap<String, validate::Operation>,
    /// The spec's security schemes, as the client sends them.
    schemes: Vec<auth::SecurityScheme>,
    /// The spec's first server URL.
    server: Option<String>,
}

fn header_for(path: &str) -> String {
    format!(
        "@generated by `{COMMAND}` from {path}. Do not edit by hand:\nchange the specs or the generator, then run `{COMMAND}`."
    )
}

fn rust_file(header: &str, file: &syn::File) -> String {
    format!(
        "{}\n{}",
        header
            .lines()
            .map(|l| format!("// {l}\n"))
            .collect::<String>(),
        prettyplease::unparse(file)
    )
}

fn generate_client(file: &SpecFile) -> Result<ClientOutput, Vec<Diagnostic>> {
    let started = std::time::Instant::now();
    let provider = provider_name(file)?;
    let spec = load::load(file).map_err(|d| vec![d])?;
    let validated = validate::validate(&spec)?;
    let (document, enums) = enums::hoist(&spec)?;
    let code = client::generate(&spec, &provider, document, &enums, &validated.schemes)
        .map_err(|d| vec![d])?;
    let sources = source::Sources::read(&code.file, &enums);

    let crate_name = format!("{provider}-client");
    let title = spec.document.info.title.clone();
    let header = header_for(&file.path);
    let mut rust = code.file;
    rust.attrs
        .splice(0..0, crate_docs(&spec, &crate_name, &validated.schemes));
    let lib_rs = rust_file(&header, &rust);
    let description = format!(
        "Typed client for the {title}, generated from {}.",
        file.path
    );
    // The typed mock helpers need httpmock only when their feature is on.
    let mut dependencies = manifest::workspace_dependencies(&lib_rs);
    dependencies.insert(
        "httpmock".into(),
        "{ workspace = true, optional = true }".into(),
    );
    let mut mock_deps = vec!["dep:httpmock".to_owned()];
    if lib_rs.contains("regex::") {
        dependencies.insert(
            "regex".into(),
            "{ workspace = true, optional = true }".into(),
        );
        mock_deps.push("dep:regex".to_owned());
    }
    let features = BTreeMap::from([("mock".to_owned(), mock_deps)]);
    let cargo_toml = manifest::cargo_toml(
        &header,
        &crate_name,
        &manifest::Manifest {
            description,
            dependencies,
            features,
            ..Default::default()
        },
    );

    let dir = format!("{OUTPUT_DIR}/{provider}");
    let summary = CrateSummary {
        name: crate_name,
        spec: file.path.clone(),
        dir: dir.clone(),
        operations: validate::operations(&spec.value).len(),
        types: code.types,
        lines: lib_rs.lines().count(),
        elapsed: started.elapsed(),
        details: Vec::new(),
    };
    let operations = validate::operation_facts(&spec.value);
    Ok(ClientOutput {
        provider,
        spec_path: file.path.clone(),
        files: vec![
            (format!("{dir}/Cargo.toml"), cargo_toml),
            (format!("{dir}/src/lib.rs"), lib_rs),
        ],
        summary,
        sources,
        operations,
        schemes: validated.schemes,
        server: spec.document.servers.first().map(|s| s.url.clone()),
    })
}

/// The `conversations` crate: the model, and every provider's mapping.
fn generate_conversations(
    model_file: &SpecFile,
    mapping_files: &[&SpecFile],
    providers: &[ClientOutput],
) -> Result<(CrateFiles, CrateSummary), Vec<Diagnostic>> {
    let started = std::time::Instant::now();
    let spec = load::load(model_file).map_err(|d| vec![d])?;
    let mut model = model::read(&spec)?;
    model::resolve(&mut model, &spec)?;
    let provider_values = model.enum_values("Provider").unwrap_or_default().to_vec();

    let mut problems = Vec::new();
    let mut mappings = Vec::new();
    for file in mapping_files {
        let name = std::path::Path::new(&file.path)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        let yaml = match load::load_yaml(file) {
            Ok(yaml) => yaml,
            Err(d) => {
                problems.push(d);
                continue;
            }
        };
        let Some(client) = providers.iter().find(|p| p.provider == name) else {
            problems.push(yaml.error(
                "",
                format!("no provider spec `specs/{name}.yaml` for this mapping"),
                "name the mapping file after the provider's spec",
            ));
            continue;
        };
        if !provider_values.contains(&name) {
            problems.push(yaml.error(
                "",
                format!("the model's `Provider` has no value `{name}`"),
                format!("add `{name}` to `Provider` in {}", model_file.path),
            ));
            continue;
        }
        let inputs = mapping::Inputs {
            model: &model,
            sources: &client.sources,
            client_crate: quote::format_ident!("{}", client.summary.name.replace('-', "_")),
            operations: client.operations.clone(),
            spec_path: &client.spec_path,
        };
        match mapping::generate(&yaml, &name, &inputs) {
            Ok(generated) => mappings.push((client, generated, file.path.clone())),
            Err(mut found) => problems.append(&mut found),
        }
    }
    if problems.is_empty() {
        for value in &provider_values {
            if !mappings.iter().any(|(c, _, _)| &c.provider == value) {
                problems.push(spec.error(
                    "/components/schemas/Provider/enum",
                    format!("the model lists the provider `{value}`, and there is no `specs/mappings/{value}.yaml`"),
                    "write its mapping file, or remove the value from `Provider`",
                ));
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }

    let entries: Vec<conversations::ProviderEntry<'_>> = mappings
        .iter()
        .map(|(client, mapping, path)| conversations::ProviderEntry {
            name: &client.provider,
            crate_name: &client.summary.name,
            dir: &client.summary.dir,
            mapping,
            mapping_path: path,
            sources: &client.sources,
            credential: client
                .schemes
                .first()
                .map(|s| (s.constructor(), s.env_var(&client.provider))),
            server: client.server.clone(),
        })
        .collect();
    let header = header_for(&format!("{} and specs/mappings/", model_file.path));
    let bug = |e: syn::Error| {
        vec![spec.error(
            "",
            format!("the generator produced code that does not parse: {e}"),
            "this is a bug in the generator, not in the specs: please report it",
        )]
    };
    let mut file: syn::File = syn::parse2(conversations::lib_rs(&model, &entries)).map_err(bug)?;
    file.attrs
        .insert(0, syn::parse_quote!(#![doc = include_str!("../README.md")]));
    let lib_rs = rust_file(&header, &file);
    let example: syn::File = syn::parse2(conversations::normalize_example()).map_err(bug)?;
    let example_rs = rust_file(&header, &example);
    let fetch: syn::File = syn::parse2(conversations::fetch_example(&entries)).map_err(bug)?;
    let fetch_rs = rust_file(&header, &fetch);
    let readme = conversations::readme(&model, &entries, &header);
    let cargo_toml = manifest::cargo_toml(
        &header,
        "conversations",
        &manifest::Manifest {
            description: "The normalized conversations model and every provider's mapping into it, generated from specs/conversations.yaml and specs/mappings/.".into(),
            dependencies: conversations::dependencies(&entries),
            dev_dependencies: conversations::dev_dependencies(),
            ..Default::default()
        },
    );
    let dir = format!("{OUTPUT_DIR}/conversations");
    let details = entries
        .iter()
        .map(|e| {
            let unused = if e.mapping.unused.is_empty() {
                "none".to_owned()
            } else {
                e.mapping.unused.join(", ")
            };
            format!("{}: provider fields no mapping reads: {unused}", e.name)
        })
        .collect();
    let summary = CrateSummary {
        name: "conversations".into(),
        spec: model_file.path.clone(),
        dir: dir.clone(),
        operations: 0,
        types: conversations::type_count(&model),
        lines: lib_rs.lines().count() + example_rs.lines().count() + fetch_rs.lines().count(),
        elapsed: started.elapsed(),
        details,
    };
    Ok((
        vec![
            (format!("{dir}/Cargo.toml"), cargo_toml),
            (format!("{dir}/README.md"), readme),
            (format!("{dir}/examples/fetch.rs"), fetch_rs),
            (format!("{dir}/examples/normalize.rs"), example_rs),
            (format!("{dir}/src/lib.rs"), lib_rs),
        ],
        summary,
    ))
}

/// The provider name is the spec's file stem; it must make a crate name.
fn provider_name(file: &SpecFile) -> Result<String, Vec<Diagnostic>> {
    let stem = std::path::Path::new(&file.path)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    let valid = stem.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && stem
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if valid {
        Ok(stem.to_owned())
    } else {
        Err(vec![Diagnostic {
            file: file.path.clone(),
            location: None,
            message: format!("`{stem}` cannot name a provider crate"),
            help:
                "name the spec file in lower case letters, digits and `-`, e.g. `specs/acme.yaml`; \
                   the stem becomes the crate name `acme-client`"
                    .into(),
        }])
    }
}

/// The crate-level docs: what the crate is, where it comes from, its
/// operations and how to authenticate.
fn crate_docs(
    spec: &load::LoadedSpec<'_>,
    crate_name: &str,
    schemes: &[auth::SecurityScheme],
) -> Vec<syn::Attribute> {
    let info = &spec.document.info;
    let mut doc = format!(
        "Typed client for the {} (API version {}), generated from `{}`.\n",
        info.title, info.version, spec.file.path
    );
    if let Some(description) = &info.description {
        doc.push_str(&format!("\n{}\n", description.trim()));
    }
    let sources: Vec<String> = spec
        .value
        .pointer("/info/x-transcribed-from")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(|s| format!("`{s}`"))
        .collect();
    if !sources.is_empty() {
        doc.push_str(&format!(
            "\nTranscribed from the provider's documentation: {}.\n",
            sources.join(", ")
        ));
    }
    if let Some(server) = spec.document.servers.first() {
        doc.push_str(&format!("\nServer: `{}`.\n", server.url));
    }
    doc.push_str("\n# Operations\n\nEach operation is a method of [`Client`] that returns a builder; set its parameters, then `.send().await`.\n\n| operationId | request |\n|---|---|\n");
    for (path, method, op) in validate::operations(&spec.value) {
        let id = op
            .get("operationId")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let method_name = heck::ToSnakeCase::to_snake_case(id);
        doc.push_str(&format!(
            "| [`{id}`](Client::{method_name}) | `{} {path}` |\n",
            method.to_uppercase()
        ));
    }
    doc.push_str("\n# Authentication\n\n");
    if schemes.is_empty() {
        doc.push_str(
            "The spec declares no security scheme: [`Client::new`] sends no credential.\n",
        );
    } else {
        for scheme in schemes {
            doc.push_str(&format!("- {}\n", scheme.summary()));
        }
    }
    doc.push_str(&format!(
        "\n# Forward compatibility\n\nFields the spec does not know are ignored when decoding; \
         a string enum value it does not list decodes as the enum's `Unknown` variant, kept verbatim.\n\n\
         Crate `{crate_name}`; regenerate with `{COMMAND}`."
    ));
    doc.lines()
        .map(|line| {
            let line = format!(" {line}");
            let line = if line == " " { String::new() } else { line };
            syn::parse_quote!(#![doc = #line])
        })
        .collect()
}
