//! The `conversations` crate: the normalized model, and one module per
//! provider that maps the provider's types into it.
//!
//! Per provider the crate offers:
//! - `conversations::<provider>::thread_from_json(raw)` (and
//!   `message_from_json` where the provider has a message operation): decode a
//!   payload into the provider client's type, normalize it, and keep the
//!   payload verbatim in `raw`;
//! - `TryFrom<<provider>_client::types::Thread> for Thread` (and `From` for
//!   messages), for a value already decoded by the client; `raw` is then the
//!   value re-encoded.

use std::collections::BTreeMap;

use heck::ToSnakeCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::mapping::ProviderMapping;
use crate::model::{self, FieldType, Model, ModelType};

/// One provider, as the conversations crate sees it.
pub(crate) struct ProviderEntry<'a> {
    pub(crate) name: &'a str,
    /// The client crate's package name, e.g. `contactship-client`.
    pub(crate) crate_name: &'a str,
    /// The client crate's directory, e.g. `generated/contactship`.
    pub(crate) dir: &'a str,
    pub(crate) mapping: &'a ProviderMapping,
    /// The mapping file, e.g. `specs/mappings/contactship.yaml`.
    pub(crate) mapping_path: &'a str,
}

/// `src/lib.rs` of the crate (without the header), as tokens.
pub(crate) fn lib_rs(model: &Model, providers: &[ProviderEntry<'_>]) -> TokenStream {
    let types = model::items(model);
    let modules = providers.iter().map(|p| module(p));
    let thread_arms = providers.iter().map(|p| {
        let module = format_ident!("{}", p.name);
        let variant = model::variant(p.name);
        if p.mapping.thread.is_some() {
            quote! { Provider::#variant => #module::thread_from_json(raw), }
        } else {
            quote! { Provider::#variant => Err(MappingError::Unsupported { provider, kind: "thread" }), }
        }
    });
    let message_arms = providers.iter().map(|p| {
        let module = format_ident!("{}", p.name);
        let variant = model::variant(p.name);
        if p.mapping.standalone_messages.is_empty() {
            quote! { Provider::#variant => Err(MappingError::Unsupported { provider, kind: "message" }), }
        } else {
            quote! { Provider::#variant => #module::message_from_json(raw), }
        }
    });
    quote! {
        #types

        /// Why a payload could not be normalized.
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum MappingError {
            /// The payload does not decode into the provider's type: it is not
            /// JSON of that shape (a field has the wrong type, or it is not an
            /// object). `source` says where.
            Decode {
                /// The provider whose type was expected.
                provider: Provider,
                /// The provider schema, e.g. `Thread`.
                schema: &'static str,
                /// serde_json's error, with the line and column.
                source: ::serde_json::Error,
            },
            /// The payload lacks a field the model requires (a thread's `id`).
            Missing {
                /// The provider the payload came from.
                provider: Provider,
                /// The provider schema, e.g. `Thread`.
                schema: &'static str,
                /// The model field that has no value, e.g. `id`.
                field: &'static str,
            },
            /// The provider has no mapping for this kind of value (HubSpot's
            /// thread endpoint returns no messages, for instance).
            Unsupported {
                /// The provider asked for.
                provider: Provider,
                /// `thread` or `message`.
                kind: &'static str,
            },
        }

        impl ::std::fmt::Display for MappingError {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    Self::Decode { provider, schema, source } => write!(f, "not a {provider} {schema}: {source}"),
                    Self::Missing { provider, schema, field } => write!(f, "the {provider} {schema} has no `{field}`, which the normalized model requires"),
                    Self::Unsupported { provider, kind } => write!(f, "there is no mapping of a {provider} {kind} (see specs/mappings/{provider}.yaml)"),
                }
            }
        }

        impl ::std::error::Error for MappingError {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    Self::Decode { source, .. } => Some(source),
                    _ => None,
                }
            }
        }

        /// Normalizes a thread payload of `provider`, keeping it verbatim in `raw`.
        ///
        /// # Errors
        /// [`MappingError::Decode`] when `raw` is not that provider's thread,
        /// [`MappingError::Missing`] when it has no id,
        /// [`MappingError::Unsupported`] when the provider has no thread mapping.
        pub fn thread_from_json(provider: Provider, raw: ::serde_json::Value) -> ::std::result::Result<Thread, MappingError> {
            match provider {
                #(#thread_arms)*
            }
        }

        /// Normalizes a message payload of `provider`, keeping it verbatim in `raw`.
        ///
        /// # Errors
        /// [`MappingError::Decode`] when `raw` is not that provider's message,
        /// [`MappingError::Unsupported`] when the provider has no operation
        /// that returns a message on its own.
        pub fn message_from_json(provider: Provider, raw: ::serde_json::Value) -> ::std::result::Result<Message, MappingError> {
            match provider {
                #(#message_arms)*
            }
        }

        #(#modules)*
    }
}

fn module(p: &ProviderEntry<'_>) -> TokenStream {
    let module = format_ident!("{}", p.name);
    let client = format_ident!("{}", p.crate_name.to_snake_case());
    let body = &p.mapping.module;
    let doc = format!(
        "{} → the normalized model, generated from `{}`.\n\nProvider fields no mapping reads (they stay in `raw`): {}.",
        p.name,
        p.mapping_path,
        if p.mapping.unused.is_empty() {
            "none".to_owned()
        } else {
            p.mapping
                .unused
                .iter()
                .map(|f| format!("`{f}`"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    );
    let thread = p.mapping.thread.as_ref().map(|section| {
        let schema = format_ident!("{}", section.schema);
        let schema_name = &section.schema;
        let doc = format!(
            "Normalizes a {} `{schema_name}` payload{}: decodes it into [`{client}::types::{schema_name}`], maps it, and keeps it verbatim in `raw`.\n\n# Errors\n[`MappingError::Decode`](crate::MappingError::Decode) when it does not decode, [`MappingError::Missing`](crate::MappingError::Missing) when it has no id.",
            p.name,
            section.operation.as_ref().map(|op| format!(" (as returned by `{op}`)")).unwrap_or_default(),
        );
        let try_doc = format!("Normalizes a decoded {} thread. `raw` is the value re-encoded: fields that were `null` or that the spec does not know are not in it; use [`{}::thread_from_json`] to keep the payload exactly.", p.name, p.name);
        quote! {
            #[doc = #doc]
            pub fn thread_from_json(raw: ::serde_json::Value) -> ::std::result::Result<Thread, crate::MappingError> {
                let decode = |source| crate::MappingError::Decode { provider: PROVIDER, schema: #schema_name, source };
                normalize::require_object(&raw).map_err(decode)?;
                let src = <#client::types::#schema as ::serde::Deserialize>::deserialize(&raw).map_err(decode)?;
                thread_from(&src, raw)
            }

            impl ::std::convert::TryFrom<#client::types::#schema> for Thread {
                type Error = crate::MappingError;
                #[doc = #try_doc]
                fn try_from(src: #client::types::#schema) -> ::std::result::Result<Self, Self::Error> {
                    let raw = ::serde_json::to_value(&src).unwrap_or(::serde_json::Value::Null);
                    thread_from(&src, raw)
                }
            }
        }
    });
    let message = p.mapping.standalone_messages.first().map(|section| {
        let schema = format_ident!("{}", section.schema);
        let schema_name = &section.schema;
        let function = format_ident!("message_from_{}", section.schema.to_snake_case());
        let doc = format!(
            "Normalizes a {} `{schema_name}` payload{}: decodes it into [`{client}::types::{schema_name}`], maps it, and keeps it verbatim in `raw`.\n\n# Errors\n[`MappingError::Decode`](crate::MappingError::Decode) when it does not decode.",
            p.name,
            section.operation.as_ref().map(|op| format!(" (as returned by `{op}`)")).unwrap_or_default(),
        );
        let from_doc = format!("Normalizes a decoded {} message. `raw` is the value re-encoded; use [`{}::message_from_json`] to keep the payload exactly.", p.name, p.name);
        quote! {
            #[doc = #doc]
            pub fn message_from_json(raw: ::serde_json::Value) -> ::std::result::Result<Message, crate::MappingError> {
                let decode = |source| crate::MappingError::Decode { provider: PROVIDER, schema: #schema_name, source };
                normalize::require_object(&raw).map_err(decode)?;
                let src = <#client::types::#schema as ::serde::Deserialize>::deserialize(&raw).map_err(decode)?;
                Ok(#function(&src, raw))
            }

            impl ::std::convert::From<#client::types::#schema> for Message {
                #[doc = #from_doc]
                fn from(src: #client::types::#schema) -> Self {
                    let raw = ::serde_json::to_value(&src).unwrap_or(::serde_json::Value::Null);
                    #function(&src, raw)
                }
            }
        }
    });
    quote! {
        #[doc = #doc]
        // The code follows the mapping file rule by rule, one uniform shape
        // per rule form, rather than the shortest Rust for each case.
        #[allow(clippy::if_same_then_else, clippy::option_as_ref_deref)]
        pub mod #module {
            #body
            #thread
            #message
        }
    }
}

/// The crate's README: what it is, how to use it, the mapping matrix and the
/// provider fields no mapping reads. It is also the crate's rustdoc.
pub(crate) fn readme(model: &Model, providers: &[ProviderEntry<'_>], header: &str) -> String {
    let mut out = String::new();
    for line in header.lines() {
        out.push_str(&format!("<!-- {line} -->\n"));
    }
    out.push_str(
        "\n# conversations\n\n\
         One normalized `Thread` and `Message` for every provider: a small common model, the \
         provider's native value beside each normalized one, and the provider's payload verbatim \
         in `raw`, so nothing is lost. The model is `specs/conversations.yaml`; how each provider \
         maps into it is declared in `specs/mappings/<provider>.yaml` and checked against both \
         specs by `cargo xtask codegen`, which generates this crate.\n\n\
         ```rust\n\
         let payload = serde_json::json!({ \"id\": \"thr-1\", \"status\": \"open\", \"channel_type\": \"WABA\" });\n\
         let thread = conversations::contactship::thread_from_json(payload)?;\n\
         assert_eq!(thread.status, conversations::ThreadStatus::Open);\n\
         assert_eq!(thread.channel.kind, conversations::ChannelKind::Whatsapp);\n\
         # Ok::<(), conversations::MappingError>(())\n\
         ```\n\n\
         Values a provider does not document map to `unknown` (or `other`) with the native value \
         kept; a timestamp that does not parse becomes `null`; neither is an error.\n\n\
         From the command line: `cargo run -q -p conversations --example normalize -- <provider> <thread|message> [FILE]`.\n",
    );
    for root in ["Thread", "Message"] {
        out.push_str(&format!("\n## Mapping matrix: {root}\n\n| field |"));
        for p in providers {
            out.push_str(&format!(" {} |", p.name));
        }
        out.push_str("\n|---|");
        for _ in providers {
            out.push_str("---|");
        }
        out.push('\n');
        for field in matrix_rows(model, root) {
            out.push_str(&format!("| `{field}` |"));
            for p in providers {
                let cell = p
                    .mapping
                    .matrix
                    .get(&(root.to_owned(), field.clone()))
                    .cloned()
                    .unwrap_or_else(|| "n/a".to_owned());
                out.push_str(&format!(" {} |", cell.replace('|', "\\|")));
            }
            out.push('\n');
        }
    }
    out.push_str("\n`—`: the provider does not have it (null, or an empty list). `n/a`: no mapping of that kind for the provider.\n");
    out.push_str("\n## Provider fields no mapping reads\n\nThey are still in `raw`.\n\n");
    for p in providers {
        let list = if p.mapping.unused.is_empty() {
            "none".to_owned()
        } else {
            p.mapping
                .unused
                .iter()
                .map(|f| format!("`{f}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        out.push_str(&format!("- {} ({}): {list}\n", p.name, p.mapping_path));
    }
    out
}

/// The dotted model fields of `root` in model order, objects expanded:
/// `channel.kind`, `channel.native`, … (lists of objects are one row).
fn matrix_rows(model: &Model, root: &str) -> Vec<String> {
    let mut rows = Vec::new();
    fn walk(model: &Model, type_name: &str, prefix: &str, rows: &mut Vec<String>) {
        for field in model.fields(type_name).unwrap_or_default() {
            if prefix.is_empty() && (field.name == "provider" || field.name == "raw") {
                continue;
            }
            let dotted = if prefix.is_empty() {
                field.name.clone()
            } else {
                format!("{prefix}.{}", field.name)
            };
            let ty = match &field.ty {
                FieldType::Nullable(inner) => inner.as_ref(),
                other => other,
            };
            match ty {
                FieldType::Struct(name) => walk(model, name, &dotted, rows),
                _ => rows.push(dotted),
            }
        }
    }
    walk(model, root, "", &mut rows);
    rows
}

/// `Cargo.toml` dependencies: the client crates by path, the rest from the
/// workspace.
pub(crate) fn dependencies(providers: &[ProviderEntry<'_>]) -> BTreeMap<String, String> {
    let mut deps = BTreeMap::new();
    for p in providers {
        let dir = p.dir.strip_prefix("generated/").unwrap_or(p.dir);
        deps.insert(
            p.crate_name.to_owned(),
            format!("{{ path = \"../{dir}\" }}"),
        );
    }
    for name in ["chrono", "client-runtime", "serde", "serde_json"] {
        deps.insert(name.to_owned(), "{ workspace = true }".to_owned());
    }
    deps
}

/// `examples/normalize.rs`: payload in, normalized JSON out.
pub(crate) fn normalize_example() -> TokenStream {
    quote! {
        //! Normalizes a provider payload and prints it as pretty JSON.
        //!
        //! ```text
        //! cargo run -q -p conversations --example normalize -- <provider> <thread|message> [FILE]
        //! ```
        //!
        //! Reads the payload from FILE, or from standard input without one. Any
        //! failure (unknown provider, invalid JSON, a payload that is not that
        //! provider's thread or message) is one line on standard error and exit
        //! code 1.

        use std::io::Read as _;
        use std::process::ExitCode;

        const USAGE: &str = "usage: normalize <provider> <thread|message> [FILE]";

        fn main() -> ExitCode {
            match run(std::env::args().skip(1).collect()) {
                Ok(json) => {
                    println!("{json}");
                    ExitCode::SUCCESS
                }
                Err(message) => {
                    eprintln!("error: {message}");
                    ExitCode::FAILURE
                }
            }
        }

        fn run(args: Vec<String>) -> Result<String, String> {
            let (provider, kind, file) = match args.as_slice() {
                [provider, kind] => (provider, kind, None),
                [provider, kind, file] => (provider, kind, Some(file)),
                _ => return Err(USAGE.to_owned()),
            };
            let provider: conversations::Provider = provider.parse().map_err(|e| {
                let known: Vec<&str> = conversations::Provider::ALL.iter().map(|p| p.as_str()).collect();
                format!("{e}; providers: {}", known.join(", "))
            })?;
            let text = match file {
                Some(path) => std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?,
                None => {
                    let mut text = String::new();
                    std::io::stdin().read_to_string(&mut text).map_err(|e| format!("cannot read standard input: {e}"))?;
                    text
                }
            };
            let raw: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("invalid JSON: {e}"))?;
            let pretty = match kind.as_str() {
                "thread" => conversations::thread_from_json(provider, raw).map(|t| serde_json::to_string_pretty(&t)),
                "message" => conversations::message_from_json(provider, raw).map(|m| serde_json::to_string_pretty(&m)),
                other => return Err(format!("`{other}` is neither `thread` nor `message`; {USAGE}")),
            };
            pretty.map_err(|e| e.to_string())?.map_err(|e| e.to_string())
        }
    }
}

/// The model type names, for the report.
pub(crate) fn type_count(model: &Model) -> usize {
    model
        .types
        .iter()
        .filter(|t| matches!(t, ModelType::Struct { .. } | ModelType::Enum { .. }))
        .count()
}
