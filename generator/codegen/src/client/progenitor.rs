//! Running progenitor: its settings, its pass (the client), and its
//! failures turned into diagnostics placed at the operation that caused
//! them. The httpmock helpers are ours ([`super::mock`]), not its second pass.

use std::cell::Cell;
use std::collections::BTreeSet;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use openapiv3::OpenAPI;
use proc_macro2::TokenStream;
use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TypeImpl};
use quote::quote;
use serde::Deserialize as _;
use serde_json::Value;

use crate::client::plan::ClientPlan;
use crate::diagnostic::Diagnostic;
use crate::spec::{Method, Spec, rewrite};

/// What progenitor could not generate, found by generating parts of the
/// document alone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Failure {
    /// Component schemas that fail with only the schemas they refer to, and
    /// refer to no other that does: each with progenitor's message for it.
    Schemas(Vec<(String, String)>),
    /// An operation fails on its own.
    Operation {
        path: String,
        method: Method,
        message: String,
    },
    /// The document fails, and no part of it alone.
    Whole { message: String },
}

impl Failure {
    /// The diagnostic for a spec that must generate as written: at the
    /// schema or operation, with what to do.
    pub(crate) fn diagnostic(&self, spec: &Spec<'_>) -> Diagnostic {
        let help = "simplify the construct named above (see progenitor's supported OpenAPI \
                    subset), or add a check for it to generator/codegen/src/client/check.rs so \
                    that it is reported clearly";
        match self {
            Self::Schemas(culprits) => {
                let (name, message) = culprits.first().map_or(("", ""), |(n, m)| (n, m));
                spec.error(
                    &crate::diagnostic::pointer(["components", "schemas", name]),
                    format!("progenitor cannot generate schema `{name}`: {message}"),
                    "simplify this schema (typify, which progenitor uses for types, does not \
                 support the construct named above), or add a check for it to \
                 generator/codegen/src/client/check.rs so that it is reported clearly",
                )
            }
            Self::Operation {
                path,
                method,
                message,
            } => spec.error(
                &crate::diagnostic::pointer(["paths", path, method.key()]),
                format!("progenitor cannot generate this: {message}"),
                help,
            ),
            Self::Whole { message } => spec.error(
                "/components/schemas",
                format!("progenitor cannot generate this: {message}"),
                help,
            ),
        }
    }
}

/// What progenitor's client pass made: its code, and what typify decided
/// for it, read from typify's own type space rather than from the code.
pub(crate) struct Generated {
    /// `types`, `Client`, the builders.
    pub(crate) tokens: TokenStream,
    /// The names of the types typify defines (structs, enums, newtypes), one
    /// per type: a name twice is two types of one name.
    pub(crate) type_names: Vec<String>,
    /// Those of them it passes by value (see `Decided`).
    pub(crate) by_value: BTreeSet<String>,
}

/// Runs progenitor's client pass on `document`, the prepared form of a
/// spec.
///
/// # Errors
/// progenitor's error or panic, placed at the smallest schema, else the
/// first operation, that fails on its own.
pub(crate) fn client(plan: &ClientPlan, document: &Value) -> Result<Generated, Failure> {
    let settings = settings(plan);
    crate::profile::stage(crate::profile::PROGENITOR_CLIENT, || {
        run_generator(document, |openapi| {
            let mut generator = Generator::new(&settings);
            let tokens = generator.generate_tokens(openapi)?;
            let (type_names, by_value) = defined_types(&generator);
            Ok(Generated {
                tokens,
                type_names,
                by_value,
            })
        })
    })
    .map_err(|message| locate_failure(plan, &settings, document, message))
}

/// The types typify defines in `types`: its structs, enums and newtypes
/// (not the containers and built-in types it refers to, nor our
/// replacements); and those of them it passes by value (its
/// `Type::parameter_ident` has no `&`).
fn defined_types(generator: &Generator) -> (Vec<String>, BTreeSet<String>) {
    use typify_impl::TypeDetails;
    let mut names = Vec::new();
    let mut by_value = BTreeSet::new();
    for t in generator.get_type_space().iter_types() {
        if !matches!(
            t.details(),
            TypeDetails::Struct(_) | TypeDetails::Enum(_) | TypeDetails::Newtype(_)
        ) {
            continue;
        }
        let name = t.name();
        if matches!(t.details(), TypeDetails::Enum(_))
            && !t.parameter_ident().to_string().starts_with('&')
        {
            by_value.insert(name.clone());
        }
        names.push(name);
    }
    (names, by_value)
}

fn settings(plan: &ClientPlan) -> GenerationSettings {
    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_hooks(HooksMode::Expected)
        .with_inner_type(quote! { client_runtime::ClientState })
        .with_derive("PartialEq");
    for e in &plan.enums {
        settings.with_replacement(
            &e.name,
            format!("crate::types::{}", e.name),
            [TypeImpl::Display, TypeImpl::FromStr].into_iter(),
        );
    }
    // Our enums of success bodies, and of a polymorphic base's subtypes.
    let unions = plan
        .operations
        .iter()
        .filter_map(|op| op.responses.union.as_ref());
    let tagged = plan.tagged_unions.iter().map(|u| &u.name);
    for name in unions.map(|u| &u.name).chain(tagged) {
        settings.with_replacement(name, format!("crate::types::{name}"), std::iter::empty());
    }
    settings
}

/// Runs one generator pass, turning both progenitor's errors and its panics
/// (it asserts and `todo!`s on some inputs) into a message.
fn run_generator<T>(
    document: &Value,
    generate: impl FnOnce(&OpenAPI) -> Result<T, progenitor::Error>,
) -> Result<T, String> {
    let openapi = OpenAPI::deserialize(document).map_err(|e| e.to_string())?;
    match quietly(|| generate(&openapi)) {
        Ok(Ok(tokens)) => Ok(tokens),
        Ok(Err(error)) => Err(error.to_string()),
        Err(payload) => Err(crate::threads::panic_message(payload.as_ref())),
    }
}

thread_local! {
    /// Set while this thread runs progenitor: its panics are reported as
    /// diagnostics, so the panic hook must not also print them.
    static IN_PROGENITOR: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`, catching a panic without printing "thread panicked at".
///
/// The panic hook is process-wide, so swapping it around each call would race
/// with other threads. Instead a hook is installed once that stays silent only
/// on a thread inside this function, and otherwise calls the hook that was
/// there before: every other panic prints as it always did.
fn quietly<T>(f: impl FnOnce() -> T) -> std::thread::Result<T> {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !IN_PROGENITOR.with(Cell::get) {
                previous(info);
            }
        }));
    });
    IN_PROGENITOR.with(|flag| flag.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    IN_PROGENITOR.with(|flag| flag.set(false));
    result
}

/// progenitor's messages do not say which schema or operation failed:
/// generate each component schema on its own (with those it refers to), then
/// each operation on its own, to find the smallest that fails.
fn locate_failure(
    plan: &ClientPlan,
    settings: &GenerationSettings,
    document: &Value,
    message: String,
) -> Failure {
    let message = first_line(&message);
    let fails = |doc: &Value| {
        run_generator(doc, |openapi| {
            Generator::new(settings).generate_tokens(openapi)
        })
        .is_err()
    };
    if fails(&rewrite::without_operations(document)) {
        // The schemas fail on their own. Each that fails with only those it
        // refers to, and refers to none that fails so: each is a culprit.
        let closures = rewrite::schema_closures(document);
        let failing: Vec<(&String, &BTreeSet<String>, String)> = closures
            .iter()
            .filter_map(|(name, kept)| {
                let single = rewrite::only_schemas(document, kept);
                let error = run_generator(&single, |openapi| {
                    Generator::new(settings).generate_tokens(openapi)
                })
                .err()?;
                Some((name, kept, first_line(&error)))
            })
            .collect();
        let culprits: Vec<(String, String)> = failing
            .iter()
            .filter(|(name, kept, _)| {
                !failing
                    .iter()
                    .any(|(other, _, _)| other != name && kept.contains(*other))
            })
            .map(|(name, _, message)| ((*name).clone(), message.clone()))
            .collect();
        if !culprits.is_empty() {
            return Failure::Schemas(culprits);
        }
    }
    let culprit = plan.operations.iter().find(|op| {
        let single = rewrite::only_operation(document, &op.path.to_string(), op.method.key());
        fails(&single)
    });
    match culprit {
        Some(op) => Failure::Operation {
            path: op.path.to_string(),
            method: op.method,
            message,
        },
        None => Failure::Whole { message },
    }
}

/// The first line of progenitor's message, without the opening of a value
/// printed over several lines (`unhandled not schema Object(`).
fn first_line(message: &str) -> String {
    let line = message.lines().next().unwrap_or_default();
    let opened = line.matches(['(', '{', '[']).count();
    let closed = line.matches([')', '}', ']']).count();
    if opened > closed
        && let Some(cut) = line.rfind([' ', ':'])
    {
        return line[..cut].trim_end_matches([' ', ':']).to_owned();
    }
    line.to_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_first_line_leaves_an_unclosed_value_out() {
        assert_eq!(
            super::first_line("not yet implemented: unhandled not schema Object(\n  x\n)"),
            "not yet implemented: unhandled not schema"
        );
        assert_eq!(
            super::first_line("style PipeDelimited\nmore"),
            "style PipeDelimited"
        );
    }

    use super::*;

    #[test]
    fn a_panic_becomes_its_message_and_prints_nothing() {
        let result: std::thread::Result<()> = quietly(|| panic!("typify gave up"));
        let payload = result.expect_err("a panic");
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"typify gave up"));
    }
}
