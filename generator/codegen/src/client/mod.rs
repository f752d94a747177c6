//! One provider spec → its client crate, `generated/<provider>/`.
//!
//! ```text
//! load → spec layer → check (plan) → prepare progenitor's input (fix-ups)
//!      → progenitor (the client) → fix-ups of its output
//!      → emit our additions and the httpmock helpers → format → Cargo.toml
//! ```

mod check;
mod crate_docs;
pub(crate) mod decided;
mod decode_cases;
mod emit;
mod enums;
mod examples;
mod halves;
mod indirection;
mod mock;
mod our_types;
mod paging;
pub(crate) mod plan;
mod polymorphism;
mod prepare;
mod progenitor;
mod responses;
pub(crate) mod sources;
pub(crate) mod webhooks;
pub(crate) mod webhooks_emit;

use std::collections::BTreeMap;
use std::time::Instant;

use crate::CrateSummary;
use crate::diagnostic::Diagnostic;
use crate::fixups::{self, Expect, Ledger};
use crate::format::{self, Files};
use crate::inputs::ProviderInput;
use crate::load;
use crate::manifest::{self, Manifest, Uses};
use crate::names::Provider;
use crate::profile;
use crate::spec::Spec;
use decided::Decided;
use mock::MockModule;
use our_types::OurTypes;
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

use crate::diagnostic::BUG_HELP as BUG;

/// Generates the client crate of the provider spec `file`.
///
/// # Errors
/// Everything wrong with the spec, each placed in it; or, where progenitor
/// or a fix-up fails, one diagnostic saying which.
pub(crate) fn generate(input: &ProviderInput<'_>) -> Result<ClientCrate, Vec<Diagnostic>> {
    profile::stage(profile::EMIT, || build(input))
}

/// [`generate`], outside its profile stage.
fn build(input: &ProviderInput<'_>) -> Result<ClientCrate, Vec<Diagnostic>> {
    let started = Instant::now();
    let (provider, renamed) = Provider::of_spec(&input.name_path).map_err(|d| vec![d])?;
    let document = load::load(input.entry).map_err(|d| vec![d])?;
    let (document, read) = load::bundle(document, &input.files)?;
    let bundled = bundle_notes(input, &read);
    let (spec, mut plan) = profile::stage(profile::SPEC, || {
        let spec = Spec::published(document).map_err(|d| vec![d])?;
        let plan = check::check(&spec, provider)?;
        Ok::<_, Vec<Diagnostic>>((spec, plan))
    })?;
    let earlier: Vec<Diagnostic> = renamed
        .into_iter()
        .chain(bundled)
        .chain(spec.notes().iter().cloned())
        .collect();
    plan.notes.splice(0..0, earlier);

    let mut ledger = Ledger::default();
    let mut document = profile::stage(profile::SPEC, || {
        prepare::document(&spec, &plan, &mut ledger)
    });
    let widened = profile::stage(profile::SPEC, || {
        polymorphism::settle_merges(&spec, &mut document, &mut ledger)
    })?;
    plan.notes.extend(widened);
    spec_fixups(&spec, &document, &mut ledger);
    // Our types depend on the plan alone: made on the core progenitor
    // leaves idle.
    let planned = our_types::Planned::of(&plan);
    let (ours, generated) = crate::threads::beside(
        || OurTypes::make(&planned),
        || run_progenitor(&spec, &mut plan, &mut document),
    );
    let generated = generated?;
    let client = client(
        &spec,
        &mut plan,
        &mut document,
        generated,
        ours,
        &mut ledger,
    )?;
    finish(spec, plan, client, &document, ledger, started)
}

/// The client from progenitor's output (`generated`), in two halves
/// ([`halves`]). Properties typify would make one field are renamed in the
/// document, progenitor runs again (only for a spec that has them), and the
/// fields get their names back; the fix-up and its notes are recorded.
fn client(
    spec: &Spec<'_>,
    plan: &mut ClientPlan,
    document: &mut serde_json::Value,
    mut generated: progenitor::Generated,
    mut ours: Result<OurTypes, String>,
    ledger: &mut Ledger,
) -> Result<halves::Client, Vec<Diagnostic>> {
    use fixups::field_names::{Collision, Renamed};
    // Once renamed: what collided, and each property renamed.
    let mut renamed: Option<(Vec<Collision>, Vec<Renamed>)> = None;
    let client = loop {
        let type_names = generated.type_names.clone();
        let decided = Decided::new(generated.type_names, generated.by_value);
        let renames = renamed.as_ref().map_or(&[][..], |(_, r)| r.as_slice());
        // Made again if progenitor's run renamed one of them.
        ours = OurTypes::current(ours, plan);
        let (made, fixed) = halves::client(plan, generated.tokens, decided, renames, &ours);
        match made {
            Err(halves::Failure::Collisions(collisions)) if renamed.is_none() => {
                let renames = fixups::field_names::rename(document, &collisions);
                renamed = Some((collisions, renames));
                generated = run_progenitor(spec, plan, document)?;
            }
            Err(halves::Failure::Collisions(left)) => {
                let at = renamed
                    .as_ref()
                    .and_then(|(_, renames)| renames.first())
                    .and_then(|r| r.pointer.as_deref());
                return Err(vec![spec.error(
                    at.unwrap_or(""),
                    format!(
                        "the type `{}` still declares the field `{}` twice after its properties \
                         were renamed",
                        left.first().map_or("", |c| c.type_name.as_str()),
                        left.first().map_or("", |c| c.field.as_str()),
                    ),
                    BUG,
                )]);
            }
            made => {
                // Our enums join typify's types first: a name both use is a
                // clash too, and reported before what it breaks; then each
                // fix-up that applied other than expected, before what that
                // breaks.
                clashes(spec, &type_names, plan)?;
                if let (Some((collisions, renames)), Ok(client)) = (&renamed, &made) {
                    ledger.record(
                        &fixups::field_names::FIXUP,
                        Expect::AtLeast(renames.len()),
                        client.restored.len(),
                    );
                    plan.notes.extend(field_name_notes(
                        spec,
                        collisions,
                        renames,
                        &client.restored,
                    ));
                }
                ledger.append(fixed);
                ledger.check(&plan.spec_path)?;
                match made {
                    Ok(client) => break client,
                    Err(failure) => return Err(failure.diagnostics(spec)),
                }
            }
        }
    };
    Ok(client)
}

/// The fix-ups of the spec as it was read: their counts, and what each
/// leaves in the document progenitor reads (nothing, or it missed a case).
fn spec_fixups(spec: &Spec<'_>, document: &serde_json::Value, ledger: &mut Ledger) {
    use fixups::{
        PROGENITOR_INPUT, deep_references, repeated_all_of_members, request_subset,
        type_name_clashes,
    };
    for (fixup, applied) in spec.fixups() {
        ledger.record_rewrites(fixup, *applied);
    }
    let left: [(&'static fixups::FixUp, usize, &'static str); 4] = [
        (
            &deep_references::FIXUP,
            deep_references::leftovers(document),
            "`$ref`(s) to a place inside another definition",
        ),
        (
            &repeated_all_of_members::FIXUP,
            repeated_all_of_members::leftovers(document),
            "`allOf`(s) listing a member twice",
        ),
        (
            &request_subset::FIXUP,
            request_subset::leftovers(document),
            "request bodies or query parameters progenitor cannot send",
        ),
        (
            &type_name_clashes::FIXUP,
            type_name_clashes::leftovers(document),
            "component(s) whose type name an earlier component has",
        ),
    ];
    for (fixup, count, what) in left {
        ledger.record_leftovers(fixup, count, what, PROGENITOR_INPUT);
    }
}

/// What bundling a spec in several files did: the files it read, and those
/// of the spec's folder that nothing refers to (not read).
fn bundle_notes(input: &ProviderInput<'_>, read: &[String]) -> Vec<Diagnostic> {
    let mut notes = Vec::new();
    if !read.is_empty() {
        notes.push(Diagnostic::note_on_file(
            &input.entry.path,
            format!(
                "a spec in {} files, read as one: {}",
                read.len() + 1,
                read.iter()
                    .map(|p| format!("`{p}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    for unread in input.folder.iter().filter(|f| !read.contains(&f.path)) {
        notes.push(Diagnostic::note_on_file(
            &unread.path,
            format!(
                "not read: the spec (`{}`) does not refer to it",
                input.entry.path
            ),
        ));
    }
    notes
}

/// progenitor on `document`: the client. Where typify names two
/// inline schemas alike after their `title`s, the titles are dropped and it
/// runs again (noted).
fn run_progenitor(
    spec: &Spec<'_>,
    plan: &mut ClientPlan,
    document: &mut serde_json::Value,
) -> Result<progenitor::Generated, Vec<Diagnostic>> {
    let mut client = progenitor_client(spec, plan, document)?;
    let mut titles_dropped = false;
    let mut given: Vec<String> = Vec::new();
    // Each round removes one cause of two types of one name; a new name can
    // meet another, so a few rounds.
    for _ in 0..4 {
        let clashing = clashing_types(&client.type_names, plan);
        // A name this loop gave clashes again: renaming does not help
        // (typify names something after the component itself), and
        // `finish` reports it.
        if clashing.is_empty() || clashing.iter().any(|c| given.contains(c)) {
            break;
        }
        // A place-named inline schema meets a component's name: the
        // component is renamed.
        let renamed = fixups::type_name_clashes::rename_components_named(document, &clashing);
        for (found, before, after) in &renamed {
            given.push(after.clone());
            plan.notes.push(spec.note(&found.pointer, &found.message));
            // Our enums and unions stand in for components by type name.
            for e in plan.enums.iter_mut().filter(|e| e.name == *before) {
                e.name.clone_from(after);
            }
            for u in plan.tagged_unions.iter_mut().filter(|u| u.name == *before) {
                u.name.clone_from(after);
            }
        }
        if renamed.is_empty() {
            if titles_dropped {
                // Nothing left to rename: `finish` reports the clash.
                break;
            }
            // Inline schemas named alike after their `title`s (and their
            // properties after them): by place alone, names are unique.
            *document = crate::spec::rewrite::without_inline_titles(document);
            titles_dropped = true;
            plan.notes.push(spec.note(
                "/components/schemas",
                &format!(
                    "typify named two types `{}` after inline schemas' `title`s: inline \
                     schemas are named by their place instead",
                    clashing.join("`, `")
                ),
            ));
        }
        client = progenitor_client(spec, plan, document)?;
    }
    Ok(client)
}

/// progenitor's client pass on `document`. In a published spec, what it
/// cannot generate is not a refusal: a component schema typify cannot
/// convert is widened to any JSON value, and an operation progenitor fails
/// on is left out, each noted, and it runs again. A spec we transcribe must
/// generate as written: there, the failure is an error at its place.
fn progenitor_client(
    spec: &Spec<'_>,
    plan: &mut ClientPlan,
    document: &mut serde_json::Value,
) -> Result<progenitor::Generated, Vec<Diagnostic>> {
    // Each round removes one schema or operation: bounded by their number.
    let parts = plan.operations.len()
        + document
            .pointer("/components/schemas")
            .and_then(serde_json::Value::as_object)
            .map_or(0, serde_json::Map::len);
    for _ in 0..=parts {
        let failure = match progenitor::client(plan, document) {
            Ok(client) => return Ok(client),
            Err(failure) => failure,
        };
        if !spec.transcribed_from().is_empty() {
            return Err(vec![failure.diagnostic(spec)]);
        }
        let note = match &failure {
            progenitor::Failure::Schemas(culprits) => {
                let mut notes = Vec::new();
                for (name, message) in culprits {
                    let why = format!(
                        "Generated as any JSON value (`serde_json::Value`): typify, which makes \
                         the types, cannot convert this schema ({message})."
                    );
                    if !crate::spec::rewrite::widen_component(document, name, &why) {
                        return Err(vec![failure.diagnostic(spec)]);
                    }
                    notes.push(spec.note(
                        &crate::diagnostic::pointer(["components", "schemas", name]),
                        &format!(
                            "typify cannot convert schema `{name}` ({message}): it is generated \
                             as any JSON value (`serde_json::Value`), and the rest as written"
                        ),
                    ));
                }
                plan.notes.extend(notes);
                continue;
            }
            progenitor::Failure::Operation {
                path,
                method,
                message,
            } => {
                if !crate::spec::rewrite::without_operation(document, path, method.key()) {
                    return Err(vec![failure.diagnostic(spec)]);
                }
                plan.operations
                    .retain(|op| !(op.path.to_string() == *path && op.method == *method));
                spec.note(
                    &crate::diagnostic::pointer(["paths", path, method.key()]),
                    &format!(
                        "progenitor cannot generate {} {path} ({message}): the operation is \
                         left out of the client",
                        method.as_http()
                    ),
                )
            }
            progenitor::Failure::Whole { .. } => return Err(vec![failure.diagnostic(spec)]),
        };
        plan.notes.push(note);
    }
    Err(vec![spec.error(
        "",
        "progenitor still fails after every part it failed on was widened or left out",
        BUG,
    )])
}

/// One note per type whose properties would have been one field: which
/// property became which field, placed at the first property renamed.
fn field_name_notes(
    spec: &Spec<'_>,
    collisions: &[fixups::field_names::Collision],
    renames: &[fixups::field_names::Renamed],
    restored: &[fixups::field_names::Restored],
) -> Vec<Diagnostic> {
    let mut types: Vec<&str> = collisions.iter().map(|c| c.type_name.as_str()).collect();
    types.dedup();
    types
        .into_iter()
        .map(|type_name| {
            let mut fields = Vec::new();
            let mut at = None;
            for collision in collisions.iter().filter(|c| c.type_name == type_name) {
                let beside = collision.keeper.as_ref().map_or_else(
                    || {
                        format!(
                            "typify's map of the other properties, `{}`",
                            collision.field
                        )
                    },
                    |k| format!("`{k}`"),
                );
                for property in &collision.renamed {
                    let field = restored
                        .iter()
                        .find(|r| r.type_name == type_name && r.property == *property)
                        .map_or("?", |r| r.field.as_str());
                    fields.push(format!(
                        "`{property}` is the field `{field}` (beside {beside})"
                    ));
                    at = at.or_else(|| {
                        renames
                            .iter()
                            .find(|r| r.property == *property)
                            .and_then(|r| r.pointer.as_deref())
                    });
                }
            }
            spec.note(
                at.unwrap_or("/components/schemas"),
                &format!(
                    "in `{type_name}`, typify would give two properties one Rust field: {}; \
                     `#[serde(rename)]` keeps each property's JSON name",
                    fields.join(", ")
                ),
            )
        })
        .collect()
}

/// The type names defined twice: among the types typify defines (read from
/// its type space) and the types we add in typify's place (our enums, tagged
/// unions and success unions). Two types of one name do not compile.
fn clashing_types(typify: &[String], plan: &ClientPlan) -> Vec<String> {
    let ours = plan
        .enums
        .iter()
        .map(|e| &e.name)
        .chain(plan.tagged_unions.iter().map(|u| &u.name))
        .chain(
            plan.operations
                .iter()
                .filter_map(|op| op.responses.union.as_ref().map(|u| &u.name)),
        );
    let mut seen = std::collections::BTreeSet::new();
    let mut twice = Vec::new();
    for name in typify.iter().chain(ours) {
        if !seen.insert(name) && !twice.contains(name) {
            twice.push(name.clone());
        }
    }
    twice
}

/// Everything after the client: the `mock` module after it (written from
/// `document`, the prepared document progenitor read, and what it decided),
/// the manifest, the files. `ledger` holds the fix-ups run so far, each
/// checked to have applied as often as expected.
fn finish(
    mut spec: Spec<'_>,
    plan: ClientPlan,
    client: halves::Client,
    document: &serde_json::Value,
    mut ledger: Ledger,
    started: Instant,
) -> Result<ClientCrate, Vec<Diagnostic>> {
    let bug = |message: String| vec![spec.error("", message, BUG)];
    let halves::Client {
        text,
        types,
        decided,
        roots,
        date_times,
        restored: _,
    } = client;
    // The date-times typify generated although the spec rewrite dropped
    // their format (our additions write none, so they are progenitor's).
    ledger.record_leftovers(
        &fixups::lenient_timestamps::FIXUP,
        date_times,
        "`chrono::DateTime`(s)",
        fixups::PROGENITOR_OUTPUT,
    );
    ledger.check(&plan.spec_path)?;
    let mock =
        profile::stage(profile::MOCK, || mock::module(&plan, document, &decided)).map_err(bug)?;
    let sources = Sources::of(&decided, &plan.enums);
    let header = format::header_with_sources(&plan.spec_path, &plan.docs.transcribed_from);
    // The `mock` module is the file's last item: its text follows.
    let lib_rs = format::with_header(&header, &text) + &mock.text;
    let cargo_toml = manifest::cargo_toml(
        &header,
        &plan.provider.crate_name(),
        &manifest(&plan, roots, &mock).map_err(bug)?,
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
        lines: format::line_count(&files[1].1),
        elapsed: started.elapsed(),
        fixups: ledger.counts(),
        details: Vec::new(),
        response_examples: decode_cases::collect(&spec, &plan, &decided),
        notes: plan.notes.clone(),
    };
    Ok(ClientCrate {
        // Moved, not copied: the spec is no longer needed here.
        spec_json: std::mem::take(&mut spec.document.value),
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
fn clashes(spec: &Spec<'_>, typify: &[String], plan: &ClientPlan) -> Result<(), Vec<Diagnostic>> {
    let mut problems = Vec::new();
    for name in clashing_types(typify, plan) {
        let component = spec
            .keys_at("/components/schemas")
            .into_iter()
            .find(|k| crate::upstream_names::Schema::component(k) == name)
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

/// The crates the client uses (`roots`, read from its syntax tree); those
/// only its `mock` module uses are optional and enabled by the `mock` feature.
///
/// # Errors
/// The code names a crate the manifest's table does not know: the generated
/// crate would not compile.
fn manifest(
    plan: &ClientPlan,
    roots: manifest::PathRoots,
    mock: &MockModule,
) -> Result<Manifest, String> {
    // The crates the client names are few, so the set is cheap to copy.
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
    let dev_dependencies = Uses::of(crate_docs::example_tokens(plan)?, &[]).without(&dependencies);
    Ok(Manifest {
        description: format!("Typed client for the {}.", plan.docs.title),
        dependencies,
        features: BTreeMap::from([("mock".to_owned(), mock)]),
        dev_dependencies,
    })
}

#[cfg(test)]
mod tests;
