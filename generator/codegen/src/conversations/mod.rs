//! The `conversations` crate, `generated/conversations/`: the normalized
//! model, one module per provider that maps the provider's types into it,
//! the unified client, two examples and the mapping matrix.
//!
//! ```text
//! specs/conversations.yaml → load → spec layer → model (plain data)
//! specs/mappings/<p>.yaml  → load → mapping syntax → check → MappingPlan
//!                                     (against <p>'s ClientPlan and Sources)
//! model + plans → ConversationsPlan → emit (templates + per-provider code)
//!               → format → lib.rs, examples/, README.md, Cargo.toml
//! ```

mod examples;
mod lib_rs;
mod mock_routes;
mod operations;
mod provider_module;
mod readme;

use std::collections::BTreeMap;
use std::time::Instant;

use proc_macro2::{Ident, TokenStream};

use crate::CrateSummary;
use crate::client::ClientCrate;
use crate::client::plan::{ClientPlan, OperationPlan};
use crate::client::sources::{SourceType, Sources};
use crate::diagnostic::{Diagnostic, Problems};
use crate::format::{self, Files};
use crate::load::{self, SpecFile};
use crate::manifest::{self, Manifest, Uses};
use crate::mapping::operations::MessagesPlan;
use crate::mapping::{self, Inputs, plan::MappingPlan};
use crate::model::{self, Model};
use crate::names::{self, Provider};
use crate::spec::{Method, PathTemplate, Spec};

/// Everything the crate is generated from, as plain data.
pub(crate) struct ConversationsPlan<'c> {
    pub(crate) model: Model,
    /// The model file, e.g. `specs/conversations.yaml`.
    pub(crate) model_path: String,
    /// One per mapping file, in spec order.
    pub(crate) providers: Vec<ProviderPlan<'c>>,
}

/// One provider, as the `conversations` crate sees it.
pub(crate) struct ProviderPlan<'c> {
    /// The provider's client crate, as planned.
    pub(crate) client: &'c ClientPlan,
    /// `specs/mappings/contactship.yaml`.
    pub(crate) mapping_path: String,
    pub(crate) mapping: MappingPlan,
    /// What `get_thread` calls and decodes, from the thread section.
    pub(crate) thread: Option<EntryPoint>,
    /// What `get_message` calls and decodes: the first message section
    /// usable on its own.
    pub(crate) message: Option<EntryPoint>,
    /// Per operationId, the field of its error body that holds the
    /// provider's message, where it has one.
    pub(crate) error_fields: BTreeMap<String, ErrorField>,
    /// What the crate's mock answers for this provider.
    pub(crate) mock: Vec<mock_routes::Route>,
}

impl ProviderPlan<'_> {
    pub(crate) fn provider(&self) -> &Provider {
        &self.client.provider
    }
}

/// A provider schema the crate decodes payloads into.
pub(crate) struct EntryPoint {
    pub(crate) schema: String,
    /// `schema` is a polymorphic base: its subtypes each have a message
    /// section, and a subtype the client does not know has no mapping.
    pub(crate) union: bool,
    pub(crate) operation: Option<String>,
    /// How the unified client fetches it, where the operation can be called
    /// with an id alone.
    pub(crate) call: Option<Call>,
}

/// A request of the unified client: an operation with one path parameter.
pub(crate) struct Call {
    pub(crate) operation: String,
    pub(crate) path: PathTemplate,
    /// The id is an integer in the path: checked before the request.
    pub(crate) integer_id: bool,
    /// The text field of the error body that holds the provider's message.
    pub(crate) error_message: Option<ErrorField>,
    /// The docs' example of the response, as JSON, for `fetch --mock`.
    pub(crate) example: Option<String>,
}

/// A field of an error schema: `Error.message`.
pub(crate) struct ErrorField {
    pub(crate) schema: String,
    /// The Rust field.
    pub(crate) field: String,
    pub(crate) optional: bool,
}

/// Generates the crate from the model file and the mapping files, checked
/// against the client crates.
///
/// # Errors
/// Every problem of the model and of every mapping file.
pub(crate) fn generate(
    model_file: &SpecFile,
    mapping_files: &[&SpecFile],
    clients: &[ClientCrate],
) -> Result<(Files, CrateSummary), Vec<Diagnostic>> {
    crate::profile::stage(crate::profile::EMIT, || {
        build(model_file, mapping_files, clients)
    })
}

/// [`generate`], outside its profile stage.
fn build(
    model_file: &SpecFile,
    mapping_files: &[&SpecFile],
    clients: &[ClientCrate],
) -> Result<(Files, CrateSummary), Vec<Diagnostic>> {
    let started = Instant::now();
    let spec = Spec::new(load::load(model_file).map_err(|d| vec![d])?).map_err(|d| vec![d])?;
    let model = model::read(&spec)?;
    let plan = plan(&spec, model, mapping_files, clients)?;
    let files = emit(&plan).map_err(|bug| {
        vec![spec.error(
            "",
            format!("the generator produced code that does not parse: {bug}"),
            crate::diagnostic::BUG_HELP,
        )]
    })?;
    let rust_lines = files
        .iter()
        .filter(|(path, _)| path.ends_with(".rs"))
        .map(|(_, text)| crate::format::line_count(text))
        .sum();
    let details = plan
        .providers
        .iter()
        .map(|p| {
            let unused = p.mapping.unused_list(false);
            format!(
                "{}: provider fields no mapping reads: {unused}",
                p.provider().as_str()
            )
        })
        .collect();
    let summary = CrateSummary {
        name: names::CONVERSATIONS_CRATE.into(),
        spec: plan.model_path.clone(),
        dir: names::conversations_dir(),
        files: files.len(),
        operations: 0,
        types: plan.model.types.len(),
        lines: rust_lines,
        elapsed: started.elapsed(),
        fixups: Vec::new(),
        details,
        response_examples: Vec::new(),
        notes: Vec::new(),
    };
    Ok((files, summary))
}

/// Checks every mapping file into its plan.
fn plan<'c>(
    spec: &Spec<'_>,
    model: Model,
    mapping_files: &[&SpecFile],
    clients: &'c [ClientCrate],
) -> Result<ConversationsPlan<'c>, Vec<Diagnostic>> {
    let mut problems = Problems::default();
    let provider_values = model.enum_values("Provider").unwrap_or_default().to_vec();
    let mut providers = Vec::new();
    for file in mapping_files {
        let name = names::stem(&file.path);
        let document = match load::load(file) {
            Ok(document) => document,
            Err(d) => {
                problems.push(d);
                continue;
            }
        };
        let Some(client) = clients.iter().find(|c| c.plan.provider.as_str() == name) else {
            problems.push(document.error(
                "",
                format!("no provider spec `specs/{name}.yaml` for this mapping"),
                "name the mapping file after the provider's spec",
            ));
            continue;
        };
        if !provider_values.iter().any(|v| v == name) {
            problems.push(document.error(
                "",
                format!("the model's `Provider` has no value `{name}`"),
                format!("add `{name}` to `Provider` in {}", spec.path()),
            ));
            continue;
        }
        let inputs = Inputs {
            model: &model,
            sources: &client.sources,
            operations: &client.plan.operations,
            spec_path: &client.plan.spec_path,
            unions: &client.plan.tagged_unions,
            webhooks: &client.plan.webhooks,
        };
        match mapping::plan(&document, name, &inputs) {
            Ok(mapping) => providers.push(provider_plan(client, mapping, &file.path)),
            Err(found) => problems.extend(found),
        }
    }
    if problems.is_empty() {
        for value in &provider_values {
            if !providers.iter().any(|p| p.provider().as_str() == value) {
                problems.push(spec.error(
                    "/components/schemas/Provider/enum",
                    format!("the model lists the provider `{value}`, and there is no `specs/mappings/{value}.yaml`"),
                    "write its mapping file, or remove the value from `Provider`",
                ));
            }
        }
    }
    problems.finish(ConversationsPlan {
        model,
        model_path: spec.path().to_owned(),
        providers,
    })
}

fn provider_plan<'c>(
    client: &'c ClientCrate,
    mapping: MappingPlan,
    mapping_path: &str,
) -> ProviderPlan<'c> {
    let entry = |schema: &str, operation: &Option<String>| EntryPoint {
        schema: schema.to_owned(),
        union: false,
        operation: operation.clone(),
        call: operation
            .as_deref()
            .and_then(|id| client.plan.operations.iter().find(|op| op.id == id))
            .and_then(|op| call(op, &client.sources)),
    };
    let thread = mapping
        .thread
        .as_ref()
        .map(|t| entry(&t.schema, &t.operation));
    // Messages listed as a union are decoded as the union.
    let union = match &mapping.operations.list_messages {
        Some(MessagesPlan::Listed(list)) if list.union.is_some() => Some(list.schema.clone()),
        _ => None,
    };
    let message = match union {
        Some(schema) => Some(EntryPoint {
            schema,
            union: true,
            operation: None,
            call: None,
        }),
        None => mapping
            .standalone_messages()
            .next()
            .map(|m| entry(&m.schema, &m.operation)),
    };
    let error_fields = client
        .plan
        .operations
        .iter()
        .filter_map(|op| {
            let field = error_field(op.error_schema.as_deref()?, &client.sources)?;
            Some((op.id.clone(), field))
        })
        .collect();
    let mut provider = ProviderPlan {
        client: &client.plan,
        mapping_path: mapping_path.to_owned(),
        mapping,
        thread,
        message,
        error_fields,
        mock: Vec::new(),
    };
    // The mock's values come from the spec; the plan carries them to emit.
    provider.mock = mock_routes::routes(&provider, &client.spec_json);
    provider
}

/// How the unified client calls `op` with an id: a GET with one path
/// parameter (the check of the mapping's `operation` made sure of it).
fn call(op: &OperationPlan, sources: &Sources) -> Option<Call> {
    let (_, integer_id) = op.path_params.first()?;
    if op.method != Method::Get {
        return None;
    }
    Some(Call {
        operation: op.id.clone(),
        path: op.path.clone(),
        integer_id: *integer_id,
        error_message: op
            .error_schema
            .as_deref()
            .and_then(|s| error_field(s, sources)),
        example: op.example.clone(),
    })
}

/// The field of the error schema that holds the provider's message: the
/// first text field named like one.
fn error_field(schema: &str, sources: &Sources) -> Option<ErrorField> {
    let fields = sources.structs.get(schema)?;
    ["message", "error", "detail", "title"]
        .iter()
        .find_map(|name| {
            let field = fields.iter().find(|f| f.json == *name)?;
            let optional = match &field.ty {
                SourceType::Option(inner) if **inner == SourceType::Str => true,
                SourceType::Str => false,
                _ => return None,
            };
            Some(ErrorField {
                schema: schema.to_owned(),
                field: field.ident.clone(),
                optional,
            })
        })
}

/// A closure `fn(&[u8]) -> Option<String>` that reads the provider's
/// message out of an error body through `field`, or `|_| None`.
pub(crate) fn error_message(field: Option<&ErrorField>, client: &Ident) -> TokenStream {
    let Some(field) = field else {
        return quote::quote! { |_| None };
    };
    let schema = names::ident(&field.schema);
    let name = names::ident(&field.field);
    let take = if field.optional {
        quote::quote! { and_then(|e| e.#name) }
    } else {
        quote::quote! { map(|e| e.#name) }
    };
    quote::quote! { |body| ::serde_json::from_slice::<#client::types::#schema>(body).ok().#take }
}

/// The crate's files, (path, contents).
fn emit(plan: &ConversationsPlan<'_>) -> Result<Files, String> {
    let header = format::header(&format!("{} and specs/mappings/", plan.model_path));
    let sources = lib_rs::files(plan)?;
    let common = examples::common()?;
    let normalize = examples::normalize()?;
    let fetch = examples::fetch(plan)?;
    let cli = examples::cli(plan)?;
    let receiver = examples::receiver()?;
    let local: Vec<(String, String, String)> = plan
        .providers
        .iter()
        .map(|p| {
            let provider = p.provider();
            let dir = provider.dir();
            let relative = dir.rsplit('/').next().unwrap_or_default();
            (
                provider.crate_ident().to_string(),
                provider.crate_name(),
                format!("{{ path = \"../{relative}\" }}"),
            )
        })
        .collect();
    let trees = |feature: Option<&str>| {
        let trees = sources
            .iter()
            .filter(move |file| file.feature == feature)
            .map(|file| &file.tree);
        quote::quote! { #(#trees)* }
    };
    let dependencies = Uses::of(trees(None), &local);
    let mock = Uses::of(trees(Some("mock")), &local).without(&dependencies);
    // The examples use the crate with its mock (the cli's `--mock`).
    let mut with_mock = local.clone();
    with_mock.push((
        names::CONVERSATIONS_CRATE.to_owned(),
        names::CONVERSATIONS_CRATE.to_owned(),
        "{ path = \".\", features = [\"mock\"] }".to_owned(),
    ));
    let dev_dependencies = Uses::of(
        quote::quote! { #common #normalize #fetch #cli #receiver },
        &with_mock,
    )
    .without(&dependencies);
    let cargo_toml = manifest::cargo_toml(
        &header,
        names::CONVERSATIONS_CRATE,
        &Manifest {
            description: "The normalized conversations model, every provider's mapping into it, and one client over them all.".into(),
            dependencies,
            features: std::collections::BTreeMap::from([("mock".to_owned(), mock)]),
            dev_dependencies,
        },
    );
    let dir = names::conversations_dir();
    let sources = sources.iter().map(|file| {
        let header = match &file.mapping {
            Some(mapping) => format::header(&format!("{} and {mapping}", plan.model_path)),
            None => header.clone(),
        };
        (
            format!("{dir}/src/{}", file.path),
            format::rust_file(&header, &file.tree),
        )
    });
    let mut files = vec![
        (format!("{dir}/Cargo.toml"), cargo_toml),
        (format!("{dir}/README.md"), readme::readme(plan, &header)),
        (
            format!("{dir}/examples/common/mod.rs"),
            format::rust_file(&header, &common),
        ),
        (
            format!("{dir}/examples/cli.rs"),
            format::rust_file(&header, &cli),
        ),
        (
            format!("{dir}/examples/fetch.rs"),
            format::rust_file(&header, &fetch),
        ),
        (
            format!("{dir}/examples/normalize.rs"),
            format::rust_file(&header, &normalize),
        ),
        (
            format!("{dir}/examples/receiver.rs"),
            format::rust_file(&header, &receiver),
        ),
    ];
    files.extend(sources);
    Ok(files)
}

#[cfg(test)]
mod tests;
