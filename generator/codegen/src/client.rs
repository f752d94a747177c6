//! Step 3: the client code of one provider, from progenitor plus our own
//! additions, as a `syn::File` ready to format.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use openapiv3::OpenAPI;
use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TypeImpl};
use quote::quote;
use serde::Deserialize as _;
use serde_json::Value;

use crate::auth::{self, SecurityScheme};
use crate::diagnostic::{Diagnostic, pointer};
use crate::enums::{self, StringEnum};
use crate::load::LoadedSpec;
use crate::validate::operations;

/// The generated client code of one spec, with counts for the report.
pub(crate) struct ClientCode {
    pub(crate) file: syn::File,
    /// Types in the `types` module (structs, enums, newtypes).
    pub(crate) types: usize,
}

pub(crate) fn generate(
    spec: &LoadedSpec<'_>,
    provider: &str,
    mut document: Value,
    enums: &[StringEnum],
    schemes: &[SecurityScheme],
) -> Result<ClientCode, Diagnostic> {
    let settings = settings(enums);
    lenient_timestamps(&mut document);
    let document = &document;
    let tokens = run_progenitor(&settings, document)
        .map_err(|message| locate_failure(spec, &settings, document, message))?;
    let mut file: syn::File = syn::parse2(tokens).map_err(|e| {
        spec.error(
            "",
            format!("progenitor produced code that does not parse: {e}"),
            BUG,
        )
    })?;

    replace_constructors(&mut file);
    let mock = run_httpmock(&settings, document)
        .map_err(|message| locate_failure(spec, &settings, document, message))?;
    let mut mock: syn::File = syn::parse2(mock).map_err(|e| {
        spec.error(
            "",
            format!("progenitor produced mock code that does not parse: {e}"),
            BUG,
        )
    })?;
    fix_array_query_matchers(&mut mock);
    fix_path_param_matchers(&mut mock);
    // Wrap the parsed items in `pub mod mock` without printing and parsing
    // them again: parsing is the largest cost of generating a big spec.
    let mut module: syn::ItemMod = syn::parse_quote! {
        /// Typed [httpmock](https://docs.rs/httpmock) helpers for testing code
        /// that uses this client: a method per operation on
        /// `httpmock::MockServer` (see [`mock::MockServerExt`]), whose `when`
        /// and `then` take this crate's types. Enable the `mock` feature in
        /// your `[dev-dependencies]`.
        #[cfg(feature = "mock")]
        #[allow(clippy::all)]
        pub mod mock {}
    };
    module.content = Some((syn::token::Brace::default(), mock.items));
    file.items.push(syn::Item::Mod(module));
    let enum_items = enums::enum_items(enums);
    let types = types_module(&mut file).map(|module| {
        for item in &enum_items {
            if let Ok(item) = syn::parse2::<syn::File>(item.clone()) {
                module.extend(item.items);
            }
        }
        module
            .iter()
            .filter(|i| matches!(i, syn::Item::Struct(_) | syn::Item::Enum(_)))
            .count()
    });
    let client_impl: syn::File = syn::parse2(auth::client_impl(
        provider,
        schemes,
        !declares_header(document, "api-version"),
    ))
    .map_err(|e| {
        spec.error(
            "",
            format!("the generator produced code that does not parse: {e}"),
            BUG,
        )
    })?;
    file.items.extend(client_impl.items);
    Ok(ClientCode {
        file,
        types: types.unwrap_or(0),
    })
}

/// typify decodes `format: date-time` into `chrono::DateTime`, so one odd
/// timestamp from a provider would fail the whole response. Such fields are
/// generated as text instead (the format is dropped before progenitor sees it,
/// and noted in the field's docs); the normalized model parses them, and an
/// unparseable one becomes `null` there.
fn lenient_timestamps(node: &mut Value) {
    match node {
        Value::Object(map) => {
            if map.get("format").and_then(Value::as_str) == Some("date-time")
                && map.get("type").and_then(Value::as_str) == Some("string")
            {
                map.remove("format");
                let note = "An RFC 3339 date-time (`format: date-time`), kept as the provider's text so that an odd value cannot fail the response.";
                let description = match map.get("description").and_then(Value::as_str) {
                    Some(d) => format!("{}\n\n{note}", d.trim()),
                    None => note.to_owned(),
                };
                map.insert("description".into(), Value::String(description));
            }
            for (key, child) in map.iter_mut() {
                if key != "example" && key != "examples" {
                    lenient_timestamps(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(lenient_timestamps),
        _ => {}
    }
}

const BUG: &str =
    "this is a bug in the generator, not in the spec: please report it with the spec attached";

fn settings(enums: &[StringEnum]) -> GenerationSettings {
    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_hooks(HooksMode::Expected)
        .with_inner_type(quote! { client_runtime::ClientState })
        .with_derive("PartialEq");
    for e in enums {
        settings.with_replacement(
            &e.name,
            format!("crate::types::{}", e.name),
            [TypeImpl::Display, TypeImpl::FromStr].into_iter(),
        );
    }
    settings
}

/// Runs progenitor, turning both its errors and its panics (it asserts and
/// `todo!`s on some inputs) into an error message.
fn run_progenitor(
    settings: &GenerationSettings,
    document: &Value,
) -> Result<proc_macro2::TokenStream, String> {
    run_generator(document, |openapi| {
        Generator::new(settings).generate_tokens(openapi)
    })
}

/// progenitor's typed httpmock helpers (`MockServerExt`), from a generator of
/// their own, as oxide.rs does.
fn run_httpmock(
    settings: &GenerationSettings,
    document: &Value,
) -> Result<proc_macro2::TokenStream, String> {
    run_generator(document, |openapi| {
        Generator::new(settings).httpmock(openapi, "crate")
    })
}

fn run_generator(
    document: &Value,
    generate: impl FnOnce(&OpenAPI) -> Result<proc_macro2::TokenStream, progenitor::Error>,
) -> Result<proc_macro2::TokenStream, String> {
    let openapi = OpenAPI::deserialize(document).map_err(|e| e.to_string())?;
    let result = quietly(|| generate(&openapi));
    match result {
        Ok(Ok(tokens)) => Ok(tokens),
        Ok(Err(error)) => Err(error.to_string()),
        Err(payload) => Err(payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
            .unwrap_or_else(|| "progenitor panicked".to_owned())),
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

/// Whether any operation of `document` declares a header parameter `name`.
fn declares_header(document: &Value, name: &str) -> bool {
    let declared = |parameters: Option<&Value>| {
        parameters
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .any(|p| {
                let p = crate::validate::resolve(document, p);
                p.get("in").and_then(Value::as_str) == Some("header")
                    && p.get("name")
                        .and_then(Value::as_str)
                        .is_some_and(|n| n.eq_ignore_ascii_case(name))
            })
    };
    document
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .any(|(_, item)| {
            declared(item.get("parameters"))
                || crate::validate::METHODS.iter().any(|m| {
                    item.get(*m)
                        .is_some_and(|op| declared(op.get("parameters")))
                })
        })
}

/// progenitor's messages do not say which operation failed: generate each
/// operation on its own to find the first one that fails, and point there.
fn locate_failure(
    spec: &LoadedSpec<'_>,
    settings: &GenerationSettings,
    document: &Value,
    message: String,
) -> Diagnostic {
    let culprit = operations(document).into_iter().find(|(path, method, _)| {
        let mut single = document.clone();
        if let Some(paths) = single.get_mut("paths").and_then(Value::as_object_mut) {
            paths.retain(|p, _| p == path);
            if let Some(item) = paths.get_mut(*path).and_then(Value::as_object_mut) {
                item.retain(|m, _| m == method || !crate::validate::METHODS.contains(&m.as_str()));
            }
        }
        run_progenitor(settings, &single).is_err()
    });
    let message = format!("progenitor cannot generate this: {}", first_line(&message));
    let help = "simplify the construct named above (see progenitor's supported OpenAPI subset), \
                or add a check for it to generator/src/validate.rs so that it is reported clearly";
    match culprit {
        Some((path, method, _)) => spec.error(&pointer(["paths", path, method]), message, help),
        None => spec.error("/components/schemas", message, help),
    }
}

fn first_line(message: &str) -> &str {
    message.lines().next().unwrap_or(message)
}

/// Fix-up of progenitor's httpmock helpers: a path parameter's matcher pastes
/// the value into a regular expression as it is (`format!("^/v1/thread/{}$",
/// value.to_string())`), so `thr.1` also matches `thrX1`, a `(` makes the
/// pattern invalid, and `a b` never matches the `a%20b` the client sends. The
/// value is percent-encoded as the client encodes it, then escaped.
fn fix_path_param_matchers(mock: &mut syn::File) {
    use proc_macro2::{TokenStream, TokenTree};
    use syn::visit_mut::VisitMut;

    /// Replaces each `value.to_string()` in `tokens`.
    fn rewrite(tokens: TokenStream) -> TokenStream {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let mut out = Vec::new();
        let mut i = 0;
        while i < trees.len() {
            let is_call = matches!(
                &trees[i..],
                [TokenTree::Ident(v), TokenTree::Punct(dot), TokenTree::Ident(m), TokenTree::Group(args), ..]
                    if v == "value" && dot.as_char() == '.' && m == "to_string" && args.stream().is_empty()
            );
            if is_call {
                out.extend(
                    quote! { regex::escape(&progenitor_client::encode_path(&value.to_string())) },
                );
                i += 4;
            } else {
                out.push(match &trees[i] {
                    TokenTree::Group(group) => {
                        let mut inner =
                            proc_macro2::Group::new(group.delimiter(), rewrite(group.stream()));
                        inner.set_span(group.span());
                        TokenTree::Group(inner)
                    }
                    other => other.clone(),
                });
                i += 1;
            }
        }
        out.into_iter().collect()
    }

    struct Fix;
    impl VisitMut for Fix {
        fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
            if mac.path.is_ident("format") {
                mac.tokens = rewrite(std::mem::take(&mut mac.tokens));
            }
        }
    }
    Fix.visit_file_mut(mock);
}

/// Fix-up of progenitor's httpmock helpers: for an array query parameter it
/// emits `query_param(name, value.to_string())`, which does not compile (a
/// `Vec` has no `Display`). Each element is matched as its own `name=value`
/// pair instead, which is how the client sends it.
fn fix_array_query_matchers(mock: &mut syn::File) {
    use syn::visit_mut::VisitMut;

    struct Fix;
    impl VisitMut for Fix {
        fn visit_impl_item_fn_mut(&mut self, function: &mut syn::ImplItemFn) {
            // The parameter's type is in the `where` clause: `T: Into<Option<&Vec<…>>>`.
            let bounds = &function.sig.generics.where_clause;
            if quote!(#bounds).to_string().contains("Vec") {
                self.visit_block_mut(&mut function.block);
            }
        }

        fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
            syn::visit_mut::visit_expr_mut(self, expr);
            let syn::Expr::MethodCall(call) = expr else {
                return;
            };
            if call.method != "query_param" || call.args.len() != 2 {
                return;
            }
            let (receiver, name) = (&call.receiver, &call.args[0]);
            *expr = syn::parse_quote! {
                value.iter().fold(#receiver, |when, item| when.query_param(#name, item.to_string()))
            };
        }
    }
    Fix.visit_file_mut(mock);
}

/// progenitor's `Client::new(baseurl, inner)` and `new_with_client(baseurl,
/// client, inner)` take the client state as an argument; ours create it. Drop
/// progenitor's `impl Client` that holds them (see `auth::client_impl`).
fn replace_constructors(file: &mut syn::File) {
    file.items.retain(|item| {
        let syn::Item::Impl(block) = item else {
            return true;
        };
        let is_client = block.trait_.is_none()
            && matches!(&*block.self_ty, syn::Type::Path(p) if p.path.is_ident("Client"));
        let has_new = block
            .items
            .iter()
            .any(|i| matches!(i, syn::ImplItem::Fn(f) if f.sig.ident == "new"));
        !(is_client && has_new)
    });
}

/// The items of progenitor's `pub mod types { … }`.
fn types_module(file: &mut syn::File) -> Option<&mut Vec<syn::Item>> {
    file.items.iter_mut().find_map(|item| match item {
        syn::Item::Mod(m) if m.ident == "types" => m.content.as_mut().map(|(_, items)| items),
        _ => None,
    })
}
