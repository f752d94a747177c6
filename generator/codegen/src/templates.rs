//! Fixed Rust lives in real `.rs` files under `generator/codegen/templates/`,
//! not in `quote!` blocks: the compiler checks them as they stand (the tests
//! below compile each one against stubs for its slots), and a reader sees the
//! code the generated crates get.
//!
//! What varies is marked by slots, all of them valid Rust:
//! - a macro call whose name the fill gives, such as `credential_methods!();`
//!   (an item, an impl item, a statement or an expression), replaced by the
//!   generated tokens;
//! - an UPPER_CASE path used as an expression, such as `PROVIDER`, replaced by
//!   an expression;
//! - `{name}` in a doc comment, replaced by text.
//!
//! Every slot of a template must be filled, and every fill must find its slot:
//! a template and its emitter that disagree fail the generation, naming both.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;
use syn::visit_mut::{self, VisitMut};

/// A template file, read at compile time.
pub(crate) struct Template {
    /// Its file name under `generator/codegen/templates/`.
    pub(crate) name: &'static str,
    pub(crate) text: &'static str,
    /// Its slots, by name: each must be filled, and nothing else.
    pub(crate) slots: &'static [&'static str],
}

/// The template file `$name` under `generator/codegen/templates/`, with its
/// slots.
macro_rules! template {
    ($name:literal, [$($slot:literal),*]) => {
        Template {
            name: $name,
            text: include_str!(concat!("../templates/", $name)),
            slots: &[$($slot),*],
        }
    };
}

/// What every client crate adds to progenitor's `Client`.
pub(crate) const CLIENT_IMPL: Template = template!(
    "client_impl.rs",
    [
        "credential_methods",
        "strip_api_version",
        "server_functions",
        "PROVIDER",
        "DEFAULT_SERVER",
        "OPERATION_RULES"
    ]
);
/// The methods of a client's `Client` an operation cannot take as its name:
/// ours (from [`CLIENT_IMPL`]) and those of progenitor's `ClientInfo`. The
/// check stage reserves them before anything is generated.
///
/// # Errors
/// The template does not parse: a bug of the generator.
pub(crate) fn reserved_method_names() -> Result<Vec<String>, String> {
    let mut names = CLIENT_IMPL.method_names()?;
    names.extend(["baseurl", "client", "inner", "api_version"].map(str::to_owned));
    Ok(names)
}

/// `src/client.rs` of the `conversations` crate: the unified client.
pub(crate) const CONVERSATIONS_CLIENT: Template = template!(
    "conversations_client.rs",
    [
        "match_thread_from_json",
        "match_thread_from_bytes",
        "match_message_from_json",
        "match_message_from_bytes"
    ]
);
/// `src/webhooks.rs` of the `conversations` crate: `Webhooks`, which
/// verifies any provider's deliveries and normalizes their events.
pub(crate) const CONVERSATIONS_WEBHOOKS: Template = template!(
    "conversations_webhooks.rs",
    [
        "match_verify_webhook",
        "match_scheme",
        "match_secret_variable"
    ]
);
/// `src/mock.rs` of the `conversations` crate: the in-process mock of every
/// provider (feature `mock`).
pub(crate) const CONVERSATIONS_MOCK: Template =
    template!("conversations_mock.rs", ["match_mock_routes"]);
/// `examples/common/mod.rs` of the `conversations` crate: what its examples
/// share.
pub(crate) const EXAMPLES_COMMON: Template = template!("examples_common.rs", []);
/// `examples/normalize.rs` of the `conversations` crate.
pub(crate) const NORMALIZE_EXAMPLE: Template = template!("normalize_example.rs", []);
/// `examples/fetch.rs` of the `conversations` crate.
pub(crate) const FETCH_EXAMPLE: Template = template!(
    "fetch_example.rs",
    [
        "credential_variables",
        "FETCH_USAGE",
        "match_client",
        "match_documented_server",
        "match_mock_thread"
    ]
);

/// `examples/cli.rs` of the `conversations` crate.
pub(crate) const CLI_EXAMPLE: Template = template!(
    "cli_example.rs",
    [
        "credential_variables",
        "CLI_USAGE",
        "match_client",
        "match_documented_server"
    ]
);

/// `examples/receiver.rs` of the `conversations` crate: a webhook receiver.
/// No slots: it asks `conversations::Webhooks` which providers send
/// webhooks and where their secrets are.
pub(crate) const RECEIVER_EXAMPLE: Template = template!("receiver_example.rs", []);

/// What goes into a template's slots.
#[derive(Default)]
pub(crate) struct Fill {
    macros: BTreeMap<&'static str, TokenStream>,
    values: BTreeMap<&'static str, TokenStream>,
    docs: BTreeMap<&'static str, String>,
}

impl Fill {
    /// `name!(…)` becomes `tokens`: items, impl items, statements or one
    /// expression, as the call's position takes.
    pub(crate) fn slot(mut self, name: &'static str, tokens: TokenStream) -> Self {
        self.macros.insert(name, tokens);
        self
    }

    /// The path expression `NAME` becomes the expression `tokens`.
    pub(crate) fn value(mut self, name: &'static str, tokens: TokenStream) -> Self {
        self.values.insert(name, tokens);
        self
    }

    /// `{name}` in doc comments becomes `text`.
    pub(crate) fn doc(mut self, name: &'static str, text: String) -> Self {
        self.docs.insert(name, text);
        self
    }
}

impl Template {
    /// The template with its slots filled.
    ///
    /// # Errors
    /// A message naming the template when it does not parse, a declared slot
    /// has no fill or is not in the text, a fill is for no declared slot, or a
    /// fill is not Rust of its position: each a bug of the generator, not of a
    /// spec.
    pub(crate) fn fill(&self, fill: Fill) -> Result<syn::File, String> {
        let mut file: syn::File = syn::parse_str(self.text)
            .map_err(|e| format!("template {} does not parse: {e}", self.name))?;
        let mut filler = Filler {
            fill: &fill,
            used: BTreeSet::new(),
            errors: Vec::new(),
        };
        filler.visit_file_mut(&mut file);
        let mut errors = filler.errors;
        let used = filler.used;
        let filled: BTreeSet<&str> = fill
            .macros
            .keys()
            .chain(fill.values.keys())
            .chain(fill.docs.keys())
            .copied()
            .collect();
        for name in &filled {
            if !self.slots.contains(name) {
                errors.push(format!("the fill `{name}` is for no slot of the template"));
            } else if !used.contains(*name) {
                errors.push(format!("the slot `{name}` is not in the text"));
            }
        }
        for name in self.slots.iter().filter(|s| !filled.contains(**s)) {
            errors.push(format!("the slot `{name}` has no fill"));
        }
        if errors.is_empty() {
            Ok(file)
        } else {
            Err(format!("template {}: {}", self.name, errors.join("; ")))
        }
    }

    /// The names of the methods the template's inherent `impl` blocks define.
    ///
    /// # Errors
    /// The template does not parse (a bug of the generator).
    pub(crate) fn method_names(&self) -> Result<Vec<String>, String> {
        let file: syn::File = syn::parse_str(self.text)
            .map_err(|e| format!("template {} does not parse: {e}", self.name))?;
        let names = file
            .items
            .iter()
            .filter_map(|item| match item {
                syn::Item::Impl(block) if block.trait_.is_none() => Some(&block.items),
                _ => None,
            })
            .flatten()
            .filter_map(|item| match item {
                syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
                _ => None,
            })
            .collect();
        Ok(names)
    }
}

struct Filler<'f> {
    fill: &'f Fill,
    used: BTreeSet<String>,
    errors: Vec<String>,
}

impl Filler<'_> {
    /// The tokens for the macro slot `mac`, marking it used.
    fn slot(&mut self, mac: &syn::Macro) -> Option<TokenStream> {
        let name = mac.path.get_ident()?.to_string();
        let tokens = self.fill.macros.get(name.as_str())?.clone();
        self.used.insert(name);
        Some(tokens)
    }

    /// Parses what a slot holds, as `T`s; an error names the slot.
    fn parse<T: syn::parse::Parse>(&mut self, what: &str, tokens: TokenStream) -> Option<T> {
        match syn::parse2(tokens) {
            Ok(parsed) => Some(parsed),
            Err(e) => {
                self.errors.push(format!("a fill is not {what}: {e}"));
                None
            }
        }
    }

    /// Replaces each macro slot of `list` (found by `slot_of`) by the `T`s
    /// its fill parses into (by `parse`, as `what`).
    fn splice<T>(
        &mut self,
        list: &mut Vec<T>,
        what: &str,
        slot_of: fn(&T) -> Option<&syn::Macro>,
        parse: fn(TokenStream) -> syn::Result<Vec<T>>,
    ) {
        let mut spliced = Vec::with_capacity(list.len());
        for element in list.drain(..) {
            match slot_of(&element).and_then(|mac| self.slot(mac)) {
                Some(tokens) => match parse(tokens) {
                    Ok(parsed) => spliced.extend(parsed),
                    Err(e) => self.errors.push(format!("a fill is not {what}: {e}")),
                },
                None => spliced.push(element),
            }
        }
        *list = spliced;
    }

    fn splice_items(&mut self, items: &mut Vec<syn::Item>) {
        self.splice(items, "items", item_slot, |tokens| {
            syn::parse2::<syn::File>(tokens).map(|f| f.items)
        });
    }
}

/// The macro call of a slot in item position, if `item` is one.
fn item_slot(item: &syn::Item) -> Option<&syn::Macro> {
    match item {
        syn::Item::Macro(m) => Some(&m.mac),
        _ => None,
    }
}

/// The macro call of a slot in an `impl` block.
fn impl_item_slot(item: &syn::ImplItem) -> Option<&syn::Macro> {
    match item {
        syn::ImplItem::Macro(m) => Some(&m.mac),
        _ => None,
    }
}

/// The macro call of a slot in statement position.
fn stmt_slot(stmt: &syn::Stmt) -> Option<&syn::Macro> {
    match stmt {
        syn::Stmt::Macro(m) => Some(&m.mac),
        _ => None,
    }
}

impl VisitMut for Filler<'_> {
    fn visit_file_mut(&mut self, file: &mut syn::File) {
        self.splice_items(&mut file.items);
        visit_mut::visit_file_mut(self, file);
    }

    fn visit_item_mod_mut(&mut self, module: &mut syn::ItemMod) {
        if let Some((_, items)) = &mut module.content {
            self.splice_items(items);
        }
        visit_mut::visit_item_mod_mut(self, module);
    }

    fn visit_item_impl_mut(&mut self, block: &mut syn::ItemImpl) {
        self.splice(&mut block.items, "impl items", impl_item_slot, |tokens| {
            syn::parse2::<syn::ItemImpl>(quote::quote! { impl Slot { #tokens } }).map(|i| i.items)
        });
        visit_mut::visit_item_impl_mut(self, block);
    }

    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        self.splice(&mut block.stmts, "statements", stmt_slot, |tokens| {
            syn::parse2::<syn::Block>(quote::quote! { { #tokens } }).map(|b| b.stmts)
        });
        visit_mut::visit_block_mut(self, block);
    }

    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        let replacement = match expr {
            syn::Expr::Macro(m) => self.slot(&m.mac),
            syn::Expr::Path(p) if p.qself.is_none() => {
                let name = p.path.get_ident().map(ToString::to_string);
                match name.and_then(|n| self.fill.values.get(n.as_str()).map(|t| (n, t.clone()))) {
                    Some((name, tokens)) => {
                        self.used.insert(name);
                        Some(tokens)
                    }
                    None => None,
                }
            }
            _ => None,
        };
        match replacement {
            Some(tokens) => {
                if let Some(parsed) = self.parse::<syn::Expr>("an expression", tokens) {
                    *expr = parsed;
                }
            }
            None => visit_mut::visit_expr_mut(self, expr),
        }
    }

    fn visit_attribute_mut(&mut self, attribute: &mut syn::Attribute) {
        if !attribute.path().is_ident("doc") {
            return;
        }
        let syn::Meta::NameValue(doc) = &mut attribute.meta else {
            return;
        };
        let syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(text),
            ..
        }) = &mut doc.value
        else {
            return;
        };
        let mut value = text.value();
        for (name, replacement) in &self.fill.docs {
            let placeholder = format!("{{{name}}}");
            if value.contains(&placeholder) {
                value = value.replace(&placeholder, replacement);
                self.used.insert((*name).to_owned());
            }
        }
        *text = syn::LitStr::new(&value, text.span());
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    const SAMPLE: Template = Template {
        name: "sample.rs",
        text: "/// Talks to {provider}.\nimpl Client {\n    pub fn new() -> Self { Self(NAME) }\n    \
               methods!();\n}\nfn f() -> u8 {\n    before!();\n    pick!(1)\n}\nitems!();\n",
        slots: &["provider", "NAME", "methods", "before", "pick", "items"],
    };

    fn sample_fill() -> Fill {
        Fill::default()
            .doc("provider", "Acme".into())
            .value("NAME", quote! { "acme" })
            .slot("methods", quote! { pub fn a(&self) {} pub fn b(&self) {} })
            .slot("before", quote! { let x = 1; let y = x; })
            .slot("pick", quote! { y + 1 })
            .slot("items", quote! { struct A; struct B; })
    }

    #[test]
    fn every_kind_of_slot_is_filled() {
        let file = SAMPLE.fill(sample_fill()).expect("fills");
        assert_eq!(
            prettyplease::unparse(&file),
            "/// Talks to Acme.\nimpl Client {\n    pub fn new() -> Self {\n        Self(\"acme\")\n    }\n    \
             pub fn a(&self) {}\n    pub fn b(&self) {}\n}\nfn f() -> u8 {\n    let x = 1;\n    let y = x;\n    \
             y + 1\n}\nstruct A;\nstruct B;\n"
        );
    }

    #[test]
    fn a_fill_without_its_slot_is_an_error_naming_both() {
        let error = SAMPLE
            .fill(sample_fill().slot("missing", quote! {}))
            .expect_err("an unused fill");
        assert_eq!(
            error,
            "template sample.rs: the fill `missing` is for no slot of the template"
        );
        let mut without_pick = sample_fill();
        without_pick.macros.remove("pick");
        let error = SAMPLE.fill(without_pick).expect_err("a slot left");
        assert_eq!(error, "template sample.rs: the slot `pick` has no fill");
        let lost = Template {
            text: "fn f() {}\nitems!();\n",
            ..SAMPLE
        };
        let error = lost.fill(
            Fill::default()
                .slot("items", quote! {})
                .slot("pick", quote! { 1 }),
        );
        assert!(
            error.is_err_and(|e| e.contains("the slot `pick` is not in the text")
                && e.contains("the slot `provider` has no fill")),
            "a declared slot that the text lost"
        );
        let error = SAMPLE
            .fill(sample_fill().slot("pick", quote! { fn }))
            .expect_err("not an expression");
        assert!(
            error.starts_with("template sample.rs: a fill is not an expression"),
            "{error}"
        );
    }

    #[test]
    fn method_names_are_read_from_inherent_impls() {
        assert_eq!(SAMPLE.method_names(), Ok(vec!["new".to_owned()]));
        let names = CLIENT_IMPL.method_names().expect("the template parses");
        assert_eq!(
            names,
            [
                "new",
                "new_with_client",
                "retry_policy",
                "set_retry_policy",
                "set_credential"
            ]
        );
    }

    #[test]
    fn every_template_parses() {
        for template in [
            CLIENT_IMPL,
            CONVERSATIONS_CLIENT,
            CONVERSATIONS_MOCK,
            CONVERSATIONS_WEBHOOKS,
            EXAMPLES_COMMON,
            NORMALIZE_EXAMPLE,
            FETCH_EXAMPLE,
            CLI_EXAMPLE,
            RECEIVER_EXAMPLE,
        ] {
            if let Err(e) = syn::parse_str::<syn::File>(template.text) {
                panic!("{} does not parse: {e}", template.name);
            }
        }
    }
}

/// The templates compiled as they stand, against stubs of what their slots
/// and their crate provide. A template that does not type-check fails here,
/// pointing at its own file, before anything is generated from it.
#[cfg(test)]
#[allow(
    dead_code,
    unused_imports,
    unused_macros,
    unused_variables,
    clippy::all
)]
mod compiled {
    mod client_impl {
        use progenitor_client::{ClientHooks, ClientInfo, Error, OperationInfo};

        macro_rules! credential_methods {
            () => {};
        }
        macro_rules! strip_api_version {
            () => {};
        }
        macro_rules! server_functions {
            () => {};
        }
        const PROVIDER: &str = "provider";
        const DEFAULT_SERVER: &str = "";
        const OPERATION_RULES: &[client_runtime::__private::OperationRules] = &[];

        pub struct Client {
            baseurl: String,
            client: reqwest::Client,
            inner: client_runtime::ClientState,
        }

        impl ClientInfo<client_runtime::ClientState> for Client {
            fn api_version() -> &'static str {
                "1"
            }
            fn baseurl(&self) -> &str {
                &self.baseurl
            }
            fn client(&self) -> &reqwest::Client {
                &self.client
            }
            fn inner(&self) -> &client_runtime::ClientState {
                &self.inner
            }
        }

        include!("../templates/client_impl.rs");
    }

    mod conversations_client {
        macro_rules! match_thread_from_json {
            () => {
                unimplemented!()
            };
        }
        macro_rules! match_thread_from_bytes {
            () => {
                unimplemented!()
            };
        }
        macro_rules! match_message_from_json {
            () => {
                unimplemented!()
            };
        }
        macro_rules! match_message_from_bytes {
            () => {
                unimplemented!()
            };
        }

        include!("../templates/conversations_client.rs");
    }

    mod conversations_webhooks {
        macro_rules! match_verify_webhook {
            () => {
                unimplemented!()
            };
        }
        macro_rules! match_scheme {
            () => {
                unimplemented!()
            };
        }
        macro_rules! match_secret_variable {
            () => {
                unimplemented!()
            };
        }

        include!("../templates/conversations_webhooks.rs");
    }

    /// The model, as `conversations_client.rs` finds it beside itself.
    mod model {
        /// The model's `Provider`, as the generated crate has it.
        #[derive(Clone, Copy, Debug)]
        pub enum Provider {
            Acme,
        }

        impl Provider {
            pub fn as_str(self) -> &'static str {
                "acme"
            }
        }

        impl ::std::fmt::Display for Provider {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        #[derive(Clone, Copy, Debug, PartialEq)]
        pub enum ThreadStatus {
            Open,
        }

        #[derive(Clone, Copy, Debug, PartialEq)]
        pub enum AssigneeKind {
            Agent,
        }

        pub struct Thread {
            pub status: ThreadStatus,
            pub updated_at: Option<::chrono::DateTime<::chrono::Utc>>,
            pub last_message_at: Option<::chrono::DateTime<::chrono::Utc>>,
        }

        #[derive(Clone, Debug, PartialEq, ::serde::Serialize)]
        pub struct Message;

        #[derive(Clone, Copy, PartialEq)]
        pub enum EventKind {
            Unknown,
            MessageCreated,
            ThreadChanged,
            ThreadDeleted,
        }

        pub struct ConversationEvent {
            pub provider: Provider,
            pub id: Option<String>,
            pub kind: EventKind,
            pub kind_native: Option<String>,
            pub occurred_at: Option<::chrono::DateTime<::chrono::Utc>>,
            pub thread_id: Option<String>,
            pub message_id: Option<String>,
            pub message_kind: Option<()>,
            pub changed: Option<()>,
            pub status: Option<ThreadStatus>,
            pub assignee: Option<()>,
            pub archived: Option<bool>,
            pub permanent: Option<bool>,
            pub raw: client_runtime::Raw,
        }
    }
}

/// `examples_common.rs` names only `std` and `tracing_subscriber` (a
/// dev-dependency here), so it compiles as a module of its own.
#[cfg(test)]
#[allow(dead_code)]
#[path = "../templates/examples_common.rs"]
mod examples_common_compiled;
