//! One provider spec → its client crate, `generated/<provider>/`.
//!
//! ```text
//! load → spec layer → check (plan) → prepare progenitor's input (fix-ups)
//!      → progenitor (client + httpmock helpers) → fix-ups of its output
//!      → emit our additions from the plan → format → Cargo.toml
//! ```

mod check;
mod emit;
mod enums;
mod examples;
mod mock;
mod paging;
pub(crate) mod plan;
mod polymorphism;
mod prepare;
mod progenitor;
mod responses;
pub(crate) mod sources;

use std::collections::BTreeMap;
use std::time::Instant;

use crate::CrateSummary;
use crate::diagnostic::Diagnostic;
use crate::fixups::{self, Expect, Ledger};
use crate::format::{self, Files};
use crate::load::{self, SpecFile};
use crate::manifest::{self, Manifest, Uses};
use crate::names::Provider;
use crate::profile;
use crate::spec::Spec;
use mock::MockModule;
use plan::ClientPlan;
use sources::Sources;

/// A generated client crate, and what the `conversations` crate needs of it.
pub(crate) struct ClientCrate {
    pub(crate) plan: ClientPlan,
    /// The crate's types, for the mappings to be checked against.
    pub(crate) sources: Sources,
    pub(crate) files: Files,
    pub(crate) summary: CrateSummary,
    /// The spec as read, for what is planned from it later (the values a
    /// mock server answers with, [`crate::spec::instance`]).
    pub(crate) spec_json: serde_json::Value,
}

const BUG: &str =
    "this is a bug in the generator, not in the spec: please report it with the spec attached";

/// Generates the client crate of the provider spec `file`.
///
/// # Errors
/// Everything wrong with the spec, each placed in it; or, where progenitor
/// or a fix-up fails, one diagnostic saying which.
pub(crate) fn generate(file: &SpecFile) -> Result<ClientCrate, Vec<Diagnostic>> {
    profile::stage(profile::EMIT, || generate_here(file))
}

fn generate_here(file: &SpecFile) -> Result<ClientCrate, Vec<Diagnostic>> {
    let started = Instant::now();
    let (provider, renamed) = Provider::of_spec(&file.path).map_err(|d| vec![d])?;
    let document = load::load(file).map_err(|d| vec![d])?;
    let (mut spec, mut plan) = profile::stage(profile::SPEC, || {
        let spec = Spec::published(document).map_err(|d| vec![d])?;
        let plan = check::check(&spec, provider)?;
        Ok::<_, Vec<Diagnostic>>((spec, plan))
    })?;
    let earlier: Vec<String> = renamed
        .into_iter()
        .chain(spec.notes().iter().cloned())
        .collect();
    plan.notes.splice(0..0, earlier);

    let mut ledger = Ledger::default();
    let mut document = profile::stage(profile::SPEC, || {
        prepare::document(&spec, &plan, &mut ledger)
    });
    let widened = profile::stage(profile::SPEC, || {
        polymorphism::settle_merges(&spec, &mut document)
    })?;
    plan.notes.extend(widened);
    let mut client = progenitor::client(&spec, &plan, &document).map_err(|d| vec![d])?;
    let clashing = duplicate_types(&client);
    if !clashing.is_empty() {
        // typify names an inline schema after its `title`, and then its
        // properties after that name, which can meet another schema's name.
        // By place alone, names are unique.
        document = crate::spec::rewrite::without_inline_titles(&document);
        client = progenitor::client(&spec, &plan, &document).map_err(|d| vec![d])?;
        plan.notes.push(spec.note(
            "/components/schemas",
            &format!(
                "typify named two types `{}` after inline schemas' `title`s: inline schemas \
                 are named by their place instead",
                clashing.join("`, `")
            ),
        ));
    }
    // The mock helpers are a second progenitor pass, and only text in the
    // end: generated and formatted on a thread of their own, beside the
    // parse of the client (the two take about as long).
    let (mock, client) = crate::in_parallel(
        || mock::generate(&spec, &plan, &document),
        || parse_client(&spec, client),
    );
    let mut done = finish(&spec, plan, client?, mock?, ledger, started)?;
    done.spec_json = std::mem::take(&mut spec.document.value);
    Ok(done)
}

/// The names defined more than once at the top of progenitor's `types`
/// module, read from the tokens (no parse).
fn duplicate_types(client: &proc_macro2::TokenStream) -> Vec<String> {
    use proc_macro2::TokenTree;
    let trees: Vec<TokenTree> = client.clone().into_iter().collect();
    let types = trees.windows(3).find_map(|w| match w {
        [
            TokenTree::Ident(m),
            TokenTree::Ident(name),
            TokenTree::Group(body),
        ] if m == "mod" && name == "types" => Some(body.stream()),
        _ => None,
    });
    let items: Vec<TokenTree> = types.into_iter().flatten().collect();
    let mut seen = std::collections::BTreeSet::new();
    let mut duplicates = Vec::new();
    for pair in items.windows(2) {
        if let [TokenTree::Ident(kind), TokenTree::Ident(name)] = pair
            && (kind == "struct" || kind == "enum" || kind == "type")
            && !seen.insert(name.to_string())
        {
            duplicates.push(name.to_string());
        }
    }
    duplicates
}

/// progenitor's client, parsed, with what the spec rewrite should have kept
/// typify from generating counted first.
struct ParsedClient {
    file: syn::File,
    /// `chrono::DateTime`s left in the tokens.
    leftover_dates: usize,
}

fn parse_client(
    spec: &Spec<'_>,
    client: proc_macro2::TokenStream,
) -> Result<ParsedClient, Vec<Diagnostic>> {
    let leftover_dates = fixups::lenient_timestamps::leftovers(&client);
    let file = profile::stage(profile::PARSE, || syn::parse2(client)).map_err(|e| {
        vec![spec.error(
            "",
            format!("progenitor produced code that does not parse: {e}"),
            BUG,
        )]
    })?;
    Ok(ParsedClient {
        file,
        leftover_dates,
    })
}

/// Everything after progenitor: the client fixed up (each fix-up applying
/// as often as expected, or the generation fails naming it), our additions,
/// the `mock` module after them, the files.
fn finish(
    spec: &Spec<'_>,
    plan: ClientPlan,
    client: ParsedClient,
    mock: MockModule,
    mut ledger: Ledger,
    started: Instant,
) -> Result<ClientCrate, Vec<Diagnostic>> {
    let bug = |message: String| vec![spec.error("", message, BUG)];
    ledger.record_leftovers(
        &fixups::lenient_timestamps::FIXUP,
        client.leftover_dates,
        "`chrono::DateTime`(s)",
    );
    let mut client = client.file;
    fix_up(&plan, &mut client, &mock.matchers, &mut ledger);
    ledger.check(&plan.spec_path)?;

    // Our enums join typify's types first: a name both use is a clash too.
    clashes(spec, &client, &plan)?;
    let (rust, types) = assemble(&plan, client).map_err(bug)?;
    let sources = Sources::read(&rust, &plan.enums);
    let header = format::header(&plan.spec_path);
    // The `mock` module is the file's last item: its text follows.
    let lib_rs = format::rust_file(&header, &rust) + &mock.text;
    let cargo_toml = manifest::cargo_toml(
        &header,
        &plan.provider.crate_name(),
        &manifest(&plan, &rust, &mock).map_err(bug)?,
    );
    let dir = plan.provider.dir();
    let files = vec![
        (format!("{dir}/Cargo.toml"), cargo_toml),
        (format!("{dir}/src/lib.rs"), lib_rs),
    ];
    let summary = CrateSummary {
        name: plan.provider.crate_name(),
        spec: plan.spec_path.clone(),
        dir,
        files: files.len(),
        operations: plan.operations.len(),
        types,
        lines: files[1].1.lines().count(),
        elapsed: started.elapsed(),
        fixups: ledger.counts(),
        details: Vec::new(),
        notes: plan.notes.clone(),
    };
    Ok(ClientCrate {
        spec_json: serde_json::Value::Null,
        plan,
        sources,
        files,
        summary,
    })
}

/// typify can give two schemas one type name (an inline schema named after
/// its place or `title`, and a component of that name): the crate would not
/// compile, so it is an error naming the type, at the component that has the
/// name if there is one.
fn clashes(spec: &Spec<'_>, client: &syn::File, plan: &ClientPlan) -> Result<(), Vec<Diagnostic>> {
    let types = module_items(client, "types");
    let typify = types.into_iter().flatten().filter_map(|item| match item {
        syn::Item::Struct(s) => Some(s.ident.to_string()),
        syn::Item::Enum(e) => Some(e.ident.to_string()),
        syn::Item::Type(t) => Some(t.ident.to_string()),
        _ => None,
    });
    let ours = plan
        .enums
        .iter()
        .map(|e| e.name.clone())
        .chain(plan.tagged_unions.iter().map(|u| u.name.clone()))
        .chain(
            plan.operations
                .iter()
                .filter_map(|op| op.responses.union.as_ref().map(|u| u.name.clone())),
        );
    let mut seen = std::collections::BTreeSet::new();
    let mut problems = Vec::new();
    for name in typify.chain(ours) {
        if seen.insert(name.clone()) {
            continue;
        }
        let component = spec
            .keys_at("/components/schemas")
            .into_iter()
            .find(|k| crate::names::Schema::component(k) == name)
            .map(|k| crate::diagnostic::pointer(["components", "schemas", k]));
        problems.push(spec.error(
            component.as_deref().unwrap_or("/components/schemas"),
            format!(
                "typify gives two schemas the type name `{name}`, so the crate would not compile \
                 (an inline schema is named from its `title` or its place, and another schema has that name)"
            ),
            "rename the component, or give the inline schema a `title` of its own",
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// The fix-ups of progenitor's output, each expected as often as the plan
/// has the construct it works around.
fn fix_up(
    plan: &ClientPlan,
    client: &mut syn::File,
    matchers: &fixups::mock_matchers::Applied,
    ledger: &mut Ledger,
) {
    use fixups::{client_constructors, mock_matchers, success_union};
    let unions: Vec<&plan::SuccessUnion> = plan
        .operations
        .iter()
        .filter_map(|op| op.responses.union.as_ref())
        .collect();
    let arms = unions.iter().map(|u| u.variants.len()).sum();
    let rewritten = success_union::apply(client, &unions);
    ledger.record(&success_union::FIXUP, Expect::Exactly(arms), rewritten);
    let path_params = plan.operations.iter().map(|op| op.path_params.len()).sum();
    let array_params = plan.operations.iter().map(|op| op.array_query_params).sum();
    let constructors = client_constructors::apply(client);
    ledger.record(
        &client_constructors::FIXUP,
        Expect::Exactly(1),
        constructors,
    );
    ledger.record(
        &mock_matchers::ARRAY_QUERY,
        Expect::Exactly(array_params),
        matchers.array_query,
    );
    ledger.record(
        &mock_matchers::PATH_PARAMS,
        Expect::Exactly(path_params),
        matchers.path_params,
    );
    // typify decides which body types are `Copy`: none need be.
    ledger.record(
        &mock_matchers::BODY_BY_VALUE,
        Expect::AtLeast(0),
        matchers.body_by_value,
    );
}

/// progenitor's client with our additions: our enums in `types`,
/// `impl Client` and the hooks, and the crate docs. Returns the file and how
/// many types its `types` module holds.
fn assemble(plan: &ClientPlan, mut client: syn::File) -> Result<(syn::File, usize), String> {
    let types = module_items_mut(&mut client, "types")
        .ok_or("progenitor's output has no `types` module")?;
    for e in &plan.enums {
        types.extend(emit::enum_items(e)?);
    }
    for union in plan
        .operations
        .iter()
        .filter_map(|op| op.responses.union.as_ref())
    {
        types.extend(emit::union_items(union)?);
    }
    for union in &plan.tagged_unions {
        types.extend(emit::tagged_union_items(union)?);
    }
    // Count what was emitted: each planned enum exactly once.
    for e in &plan.enums {
        let found = types
            .iter()
            .filter(|i| matches!(i, syn::Item::Enum(x) if x.ident == e.name))
            .count();
        if found != 1 {
            return Err(format!(
                "the enum `{}` is in `types` {found} times, not once",
                e.name
            ));
        }
    }
    let count = types
        .iter()
        .filter(|i| matches!(i, syn::Item::Struct(_) | syn::Item::Enum(_)))
        .count();
    let streams = paging::add_stream_methods(&plan.operations, &mut client)?;
    let paged = plan
        .operations
        .iter()
        .filter(|op| op.paging.is_some())
        .count();
    if streams != paged {
        return Err(format!(
            "{streams} stream methods emitted for {paged} paged operations"
        ));
    }
    client.items.extend(emit::client_impl(plan)?);
    client.attrs.splice(0..0, emit::crate_docs(plan));
    Ok((client, count))
}

/// The items of the top-level module `name` (`types`, `builder`) of
/// progenitor's output.
pub(crate) fn module_items<'f>(file: &'f syn::File, name: &str) -> Option<&'f Vec<syn::Item>> {
    file.items.iter().find_map(|item| match item {
        syn::Item::Mod(m) if m.ident == name => m.content.as_ref().map(|(_, items)| items),
        _ => None,
    })
}

/// [`module_items`], to change.
pub(crate) fn module_items_mut<'f>(
    file: &'f mut syn::File,
    name: &str,
) -> Option<&'f mut Vec<syn::Item>> {
    file.items.iter_mut().find_map(|item| match item {
        syn::Item::Mod(m) if m.ident == name => m.content.as_mut().map(|(_, items)| items),
        _ => None,
    })
}

/// The crates the client uses; those only its `mock` module uses are optional
/// and enabled by the `mock` feature.
///
/// # Errors
/// The code names a crate the manifest's table does not know: the generated
/// crate would not compile.
fn manifest(plan: &ClientPlan, rust: &syn::File, mock: &MockModule) -> Result<Manifest, String> {
    // One walk of the file's tokens serves both: the crates it names are
    // few, so the set is cheap to copy.
    let roots = manifest::PathRoots::of(quote::quote! { #rust });
    let unknown = roots.clone().and(&mock.path_roots).unknown_crates();
    if !unknown.is_empty() {
        return Err(format!(
            "the generated code uses the crate(s) {}, which generator/codegen/src/manifest.rs does not \
             know: add each to its `KNOWN` table and to the workspace's `[workspace.dependencies]`",
            unknown.join(", ")
        ));
    }
    let dependencies = Uses::from_roots(&roots, &[]);
    let mock = mock.uses.without(&dependencies);
    Ok(Manifest {
        description: format!(
            "Typed client for the {}, generated from {}.",
            plan.docs.title, plan.spec_path
        ),
        dependencies,
        features: BTreeMap::from([("mock".to_owned(), mock)]),
        dev_dependencies: Uses::default(),
    })
}

#[cfg(test)]
mod tests;
