//! The client's `mock` module: progenitor's typed httpmock helpers, from its
//! second pass, fixed up and formatted on their own. It runs on a thread of
//! its own beside the client's parse, and only its text, its fix-up counts
//! and the crates it names go back.

use proc_macro2::TokenStream;
use serde_json::Value;

use super::plan::ClientPlan;
use super::{BUG, emit, progenitor};
use crate::diagnostic::Diagnostic;
use crate::fixups::mock_matchers;
use crate::manifest::{PathRoots, Uses};
use crate::profile;
use crate::spec::Spec;

/// The `mock` module of a client crate, ready to follow the client's text.
pub(crate) struct MockModule {
    /// `pub mod mock { … }`, formatted: the last item of `lib.rs`.
    pub(crate) text: String,
    /// How often each of its fix-ups applied, for the client's ledger.
    pub(crate) matchers: mock_matchers::Applied,
    /// The crates it uses (optional dependencies, behind the `mock` feature).
    pub(crate) uses: Uses,
    /// Its paths, for the check that every crate it names is known.
    pub(crate) path_roots: PathRoots,
}

/// Runs progenitor's httpmock pass on `document` and finishes the module.
///
/// # Errors
/// progenitor's failure, placed in the spec; or its output does not parse.
pub(crate) fn generate(
    spec: &Spec<'_>,
    plan: &ClientPlan,
    document: &Value,
) -> Result<MockModule, Vec<Diagnostic>> {
    profile::stage(profile::MOCK, || {
        let tokens =
            progenitor::mock(plan, document).map_err(|failure| vec![failure.diagnostic(spec)])?;
        from_tokens(spec, tokens)
    })
}

/// The module from progenitor's tokens: parsed, fixed up, wrapped, formatted.
///
/// # Errors
/// The tokens do not parse: a bug, in progenitor or in a fix-up.
pub(crate) fn from_tokens(
    spec: &Spec<'_>,
    tokens: TokenStream,
) -> Result<MockModule, Vec<Diagnostic>> {
    let mut file: syn::File = syn::parse2(tokens).map_err(|e| {
        vec![spec.error(
            "",
            format!("progenitor produced mock code that does not parse: {e}"),
            BUG,
        )]
    })?;
    let matchers = mock_matchers::apply(&mut file);
    let module = emit::mock_module(file);
    let path_roots = PathRoots::of(quote::quote! { #module });
    let uses = Uses::from_roots(&path_roots, &[]);
    let mut alone: syn::File = syn::parse_quote! {};
    alone.items.push(module);
    let text = prettyplease::unparse(&alone);
    Ok(MockModule {
        text,
        matchers,
        uses,
        path_roots,
    })
}
