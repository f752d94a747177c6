//! Running progenitor: its settings, its two passes (the client and the
//! httpmock helpers), and its failures turned into diagnostics placed at the
//! operation that caused them.

use std::cell::Cell;
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
use crate::spec::{Spec, rewrite};

/// Runs progenitor's client pass on `document`, the prepared form of
/// `spec`: `types`, `Client`, the builders.
///
/// # Errors
/// progenitor's error or panic, placed at the first operation that fails on
/// its own.
pub(crate) fn client(
    spec: &Spec<'_>,
    plan: &ClientPlan,
    document: &Value,
) -> Result<TokenStream, Diagnostic> {
    let settings = settings(plan);
    crate::profile::stage(crate::profile::PROGENITOR_CLIENT, || {
        run_generator(document, |openapi| {
            Generator::new(&settings).generate_tokens(openapi)
        })
    })
    .map_err(|message| locate_failure(spec, plan, &settings, document, message))
}

/// Runs progenitor's second pass: the typed httpmock helpers
/// (`MockServerExt`) for the `mock` module. They need a generator of their
/// own, as oxide.rs does.
///
/// # Errors
/// As [`client`].
pub(crate) fn mock(
    spec: &Spec<'_>,
    plan: &ClientPlan,
    document: &Value,
) -> Result<TokenStream, Diagnostic> {
    let settings = settings(plan);
    run_generator(document, |openapi| {
        Generator::new(&settings).httpmock(openapi, "crate")
    })
    .map_err(|message| locate_failure(spec, plan, &settings, document, message))
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
fn run_generator(
    document: &Value,
    generate: impl FnOnce(&OpenAPI) -> Result<TokenStream, progenitor::Error>,
) -> Result<TokenStream, String> {
    let openapi = OpenAPI::deserialize(document).map_err(|e| e.to_string())?;
    match quietly(|| generate(&openapi)) {
        Ok(Ok(tokens)) => Ok(tokens),
        Ok(Err(error)) => Err(error.to_string()),
        Err(payload) => Err(crate::panic_message(payload.as_ref())),
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
/// each operation on its own, to find the smallest that fails, and point
/// there.
fn locate_failure(
    spec: &Spec<'_>,
    plan: &ClientPlan,
    settings: &GenerationSettings,
    document: &Value,
    message: String,
) -> Diagnostic {
    let first_line = message.lines().next().unwrap_or_default().to_owned();
    let fails = |doc: &Value| {
        run_generator(doc, |openapi| {
            Generator::new(settings).generate_tokens(openapi)
        })
        .is_err()
    };
    let names: Vec<&str> = document
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|s| s.keys().map(String::as_str).collect())
        .unwrap_or_default();
    if fails(&rewrite::without_operations(document)) {
        // The schemas fail on their own: the one with the fewest others.
        let culprit = names
            .iter()
            .filter_map(|name| {
                let (single, size) = rewrite::only_schema(document, name);
                fails(&single).then_some((size, *name))
            })
            .min();
        if let Some((_, name)) = culprit {
            return spec.error(
                &crate::diagnostic::pointer(["components", "schemas", name]),
                format!("progenitor cannot generate schema `{name}`: {first_line}"),
                "simplify this schema (typify, which progenitor uses for types, does not \
                 support the construct named above), or add a check for it to \
                 generator/codegen/src/client/check.rs so that it is reported clearly",
            );
        }
    }
    let culprit = plan.operations.iter().find(|op| {
        let single = rewrite::only_operation(document, &op.path.to_string(), op.method.key());
        run_generator(&single, |openapi| {
            Generator::new(settings).generate_tokens(openapi)
        })
        .is_err()
    });
    let message = format!(
        "progenitor cannot generate this: {}",
        message.lines().next().unwrap_or_default()
    );
    let help = "simplify the construct named above (see progenitor's supported OpenAPI subset), \
                or add a check for it to generator/codegen/src/client/check.rs so that it is reported clearly";
    let at = culprit.map_or_else(
        || "/components/schemas".to_owned(),
        |op| crate::diagnostic::pointer(["paths", &op.path.to_string(), op.method.key()]),
    );
    spec.error(&at, message, help)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_its_message_and_prints_nothing() {
        let result: std::thread::Result<()> = quietly(|| panic!("typify gave up"));
        let payload = result.expect_err("a panic");
        assert_eq!(payload.downcast_ref::<&str>(), Some(&"typify gave up"));
    }
}
