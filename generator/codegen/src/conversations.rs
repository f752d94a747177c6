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

use crate::mapping::{ProviderMapping, Section};
use crate::model::{self, FieldType, Model, ModelType};
use crate::source::{SourceType, Sources};

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
    /// The client crate's types.
    pub(crate) sources: &'a Sources,
    /// The client's credential constructor and the environment variable the
    /// examples read it from, e.g. (`with_api_key`, `CONTACTSHIP_API_KEY`).
    pub(crate) credential: Option<(String, String)>,
    /// The spec's first server URL.
    pub(crate) server: Option<String>,
}

/// `src/lib.rs` of the crate (without the header), as tokens.
pub(crate) fn lib_rs(model: &Model, providers: &[ProviderEntry<'_>]) -> TokenStream {
    let types = model::items(model);
    let modules = providers.iter().map(|p| module(p));
    let has_thread = |p: &ProviderEntry<'_>| p.mapping.thread.is_some();
    let has_message = |p: &ProviderEntry<'_>| !p.mapping.standalone_messages.is_empty();
    let thread_arms = dispatch(
        providers,
        "thread",
        has_thread,
        quote! { thread_from_json(raw) },
    );
    let thread_bytes_arms = dispatch(
        providers,
        "thread",
        has_thread,
        quote! { thread_from_bytes(bytes) },
    );
    let message_arms = dispatch(
        providers,
        "message",
        has_message,
        quote! { message_from_json(raw) },
    );
    let message_bytes_arms = dispatch(
        providers,
        "message",
        has_message,
        quote! { message_from_bytes(bytes) },
    );
    quote! {
        #types

        pub use client_runtime::{Error, ErrorKind, Raw, RetryPolicy, Timeouts};

        /// The future the methods of [`ConversationsClient`] return: boxed, so
        /// that the trait can be used as `Box<dyn ConversationsClient>`.
        pub type BoxFuture<'a, T> = ::std::pin::Pin<Box<dyn ::std::future::Future<Output = T> + Send + 'a>>;

        /// One interface over every provider's client: fetch a thread (or a
        /// message) by id, normalized.
        ///
        /// Implemented for each generated client (`contactship_client::Client`,
        /// …), with the client's credential, retry policy and tracing. Use it
        /// through generics or as `Box<dyn ConversationsClient>`; implement it
        /// to put a fake in a test.
        ///
        /// The operations come from the mapping files: a section's
        /// `operation` is what `get_thread` or `get_message` calls.
        pub trait ConversationsClient: Send + Sync {
            /// The provider this client talks to.
            fn provider(&self) -> Provider;

            /// Fetches the thread `id` and normalizes it; `raw` holds the
            /// payload exactly as received.
            ///
            /// # Errors
            /// [`Error`]: transport, timeout, HTTP status (with the provider's
            /// message), decode (with the body), or mapping; see
            /// [`Error::is_retryable`].
            fn get_thread<'a>(&'a self, id: &'a str) -> BoxFuture<'a, ::std::result::Result<Thread, Error>>;

            /// Fetches the message `id` and normalizes it, where the provider
            /// has a message operation; [`Error::Unsupported`] otherwise.
            ///
            /// # Errors
            /// As [`ConversationsClient::get_thread`].
            fn get_message<'a>(&'a self, id: &'a str) -> BoxFuture<'a, ::std::result::Result<Message, Error>>;
        }

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

        /// The unified error for a 2xx body that did not normalize: a body that
        /// does not decode is [`Error::Decode`] (with the body), anything else
        /// [`Error::Mapping`].
        fn unified_error(operation: &'static str, body: &[u8], error: MappingError) -> Error {
            match error {
                MappingError::Decode { provider, source, .. } => Error::Decode {
                    provider: provider.as_str(),
                    operation,
                    body: String::from_utf8_lossy(body).into_owned(),
                    source,
                },
                MappingError::Missing { provider, .. } | MappingError::Unsupported { provider, .. } => {
                    Error::Mapping { provider: provider.as_str(), source: Box::new(error) }
                }
            }
        }

        /// Normalizes a thread payload of `provider` from its bytes, as received
        /// from the provider.
        ///
        /// # Errors
        /// As [`thread_from_json`]; bytes that are not JSON are a
        /// [`MappingError::Decode`].
        pub fn thread_from_bytes(provider: Provider, bytes: &[u8]) -> ::std::result::Result<Thread, MappingError> {
            match provider {
                #(#thread_bytes_arms)*
            }
        }

        /// Normalizes a message payload of `provider` from its bytes.
        ///
        /// # Errors
        /// As [`message_from_json`]; bytes that are not JSON are a
        /// [`MappingError::Decode`].
        pub fn message_from_bytes(provider: Provider, bytes: &[u8]) -> ::std::result::Result<Message, MappingError> {
            match provider {
                #(#message_bytes_arms)*
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

/// The `match provider` arms of a crate-level function: `call` in the
/// provider's module where it `has` a mapping of this `kind`, an
/// `Unsupported` error otherwise.
fn dispatch(
    providers: &[ProviderEntry<'_>],
    kind: &str,
    has: impl Fn(&ProviderEntry<'_>) -> bool,
    call: TokenStream,
) -> Vec<TokenStream> {
    providers
        .iter()
        .map(|p| {
            let module = format_ident!("{}", p.name);
            let variant = model::variant(p.name);
            if has(p) {
                quote! { Provider::#variant => #module::#call, }
            } else {
                quote! { Provider::#variant => Err(MappingError::Unsupported { provider, kind: #kind }), }
            }
        })
        .collect()
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
                thread_from(&src, crate::Raw::from_value(&raw))
            }

            /// Normalizes a thread from its bytes, as received from the
            /// provider: the payload is kept as this text, byte for byte.
            ///
            /// # Errors
            /// As [`thread_from_json`]; bytes that are not JSON are a
            /// [`MappingError::Decode`](crate::MappingError::Decode) with the
            /// line and column.
            pub fn thread_from_bytes(bytes: &[u8]) -> ::std::result::Result<Thread, crate::MappingError> {
                let decode = |source| crate::MappingError::Decode { provider: PROVIDER, schema: #schema_name, source };
                let raw = crate::Raw::from_slice(bytes).map_err(decode)?;
                raw.require_object().map_err(decode)?;
                let src: #client::types::#schema = raw.deserialize_as().map_err(decode)?;
                thread_from(&src, raw)
            }

            impl ::std::convert::TryFrom<#client::types::#schema> for Thread {
                type Error = crate::MappingError;
                #[doc = #try_doc]
                fn try_from(src: #client::types::#schema) -> ::std::result::Result<Self, Self::Error> {
                    let raw = crate::Raw::from_value(&::serde_json::to_value(&src).unwrap_or(::serde_json::Value::Null));
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
                Ok(#function(&src, crate::Raw::from_value(&raw)))
            }

            /// Normalizes a message from its bytes, as received from the
            /// provider: the payload is kept as this text, byte for byte.
            ///
            /// # Errors
            /// As [`message_from_json`].
            pub fn message_from_bytes(bytes: &[u8]) -> ::std::result::Result<Message, crate::MappingError> {
                let decode = |source| crate::MappingError::Decode { provider: PROVIDER, schema: #schema_name, source };
                let raw = crate::Raw::from_slice(bytes).map_err(decode)?;
                raw.require_object().map_err(decode)?;
                let src: #client::types::#schema = raw.deserialize_as().map_err(decode)?;
                Ok(#function(&src, raw))
            }

            impl ::std::convert::From<#client::types::#schema> for Message {
                #[doc = #from_doc]
                fn from(src: #client::types::#schema) -> Self {
                    let raw = crate::Raw::from_value(&::serde_json::to_value(&src).unwrap_or(::serde_json::Value::Null));
                    #function(&src, raw)
                }
            }
        }
    });
    let unified = unified_client(p);
    quote! {
        #[doc = #doc]
        // The code follows the mapping file rule by rule, one uniform shape
        // per rule form, rather than the shortest Rust for each case.
        #[allow(clippy::if_same_then_else, clippy::option_as_ref_deref)]
        pub mod #module {
            #body
            #thread
            #message
            #unified
        }
    }
}

/// `impl ConversationsClient for <client>::Client`.
fn unified_client(p: &ProviderEntry<'_>) -> TokenStream {
    let client = format_ident!("{}", p.crate_name.to_snake_case());
    let thread_call = p
        .mapping
        .thread
        .as_ref()
        .and_then(|s| call(p, s, "thread", quote! { crate::thread_from_bytes }));
    let message_call = p
        .mapping
        .standalone_messages
        .first()
        .and_then(|s| call(p, s, "message", quote! { crate::message_from_bytes }));
    let unsupported = |operation: &str| {
        quote! {
            let _ = id;
            Box::pin(async move { Err(crate::Error::Unsupported { provider: PROVIDER.as_str(), operation: #operation }) })
        }
    };
    let get_thread = thread_call.unwrap_or_else(|| unsupported("get_thread"));
    let get_message = message_call.unwrap_or_else(|| unsupported("get_message"));
    quote! {
        impl crate::ConversationsClient for #client::Client {
            fn provider(&self) -> Provider {
                PROVIDER
            }

            fn get_thread<'a>(&'a self, id: &'a str) -> crate::BoxFuture<'a, ::std::result::Result<Thread, crate::Error>> {
                #get_thread
            }

            fn get_message<'a>(&'a self, id: &'a str) -> crate::BoxFuture<'a, ::std::result::Result<Message, crate::Error>> {
                #get_message
            }
        }
    }
}

/// The body of one method of the unified client: call the section's
/// operation with the id, then normalize the payload with `normalize`.
fn call(
    p: &ProviderEntry<'_>,
    section: &Section,
    kind: &str,
    normalize: TokenStream,
) -> Option<TokenStream> {
    let (operation, call) = (section.operation.as_ref()?, section.call.as_ref()?);
    let client = format_ident!("{}", p.crate_name.to_snake_case());
    let (param, integer) = call.path_params.first()?;
    let template = call.path.replace(&format!("{{{param}}}"), "{}");
    let id = if *integer {
        let message = format!("{} {kind} ids are integers", p.name);
        quote! {
            let number: i64 = id.trim().parse().map_err(|_| crate::Error::InvalidRequest {
                provider: PROVIDER.as_str(),
                operation: #operation,
                message: format!("`{id}` is not an id: {}", #message),
            })?;
            let text = number.to_string();
            let id = text.as_str();
        }
    } else {
        quote! {}
    };
    let error_message = error_message(p, call.error_schema.as_deref(), &client);
    Some(quote! {
        Box::pin(async move {
            use #client::ClientInfo as _;
            #id
            let path = format!(#template, client_runtime::encode_path(id));
            let body = client_runtime::fetch(self.inner(), self.client(), self.baseurl(), #operation, &path, #error_message).await?;
            #normalize(PROVIDER, &body).map_err(|e| crate::unified_error(#operation, &body, e))
        })
    })
}

/// Reads the provider's message out of an error body, where the spec
/// describes the error body with a text field named like a message.
fn error_message(
    p: &ProviderEntry<'_>,
    schema: Option<&str>,
    client: &proc_macro2::Ident,
) -> TokenStream {
    let field = schema.and_then(|schema| {
        let fields = p.sources.structs.get(schema)?;
        ["message", "error", "detail", "title"]
            .iter()
            .find_map(|name| {
                fields
                    .iter()
                    .find(|f| f.json == *name)
                    .and_then(|f| match &f.ty {
                        SourceType::Option(inner) if **inner == SourceType::Str => {
                            Some((schema, f.ident.clone(), true))
                        }
                        SourceType::Str => Some((schema, f.ident.clone(), false)),
                        _ => None,
                    })
            })
    });
    match field {
        Some((schema, field, optional)) => {
            let schema = format_ident!("{schema}");
            let take = if optional {
                quote! { and_then(|e| e.#field) }
            } else {
                quote! { map(|e| e.#field) }
            };
            quote! { |body| ::serde_json::from_slice::<#client::types::#schema>(body).ok().#take }
        }
        None => quote! { |_| None },
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

/// `[dev-dependencies]` of the crate: what its examples need.
pub(crate) fn dev_dependencies() -> BTreeMap<String, String> {
    BTreeMap::from([
        ("httpmock".to_owned(), "{ workspace = true }".to_owned()),
        (
            "tokio".to_owned(),
            "{ workspace = true, features = [\"macros\", \"rt\"] }".to_owned(),
        ),
        (
            "tracing-subscriber".to_owned(),
            "{ workspace = true }".to_owned(),
        ),
    ])
}

/// `examples/fetch.rs`: a thread by id, through the unified client, from the
/// provider or from an in-process mock of it that serves the docs' example.
pub(crate) fn fetch_example(providers: &[ProviderEntry<'_>]) -> TokenStream {
    let mut clients = Vec::new();
    let mut mocks = Vec::new();
    let mut servers = Vec::new();
    for p in providers {
        let variant = model::variant(p.name);
        let client = format_ident!("{}", p.crate_name.to_snake_case());
        let built = match &p.credential {
            Some((constructor, env_var)) => {
                let constructor = format_ident!("{constructor}");
                quote! { Box::new(#client::Client::#constructor(base_url, credential(#env_var, mock)?)) }
            }
            None => quote! { Box::new(#client::Client::new(base_url)) },
        };
        clients.push(quote! { conversations::Provider::#variant => #built, });
        if let Some(url) = &p.server {
            servers.push(quote! { conversations::Provider::#variant => Some(#url), });
        } else {
            servers.push(quote! { conversations::Provider::#variant => None, });
        }
        let Some(call) = p.mapping.thread.as_ref().and_then(|s| s.call.as_ref()) else {
            mocks.push(quote! { conversations::Provider::#variant => None, });
            continue;
        };
        let pattern = format!(
            "^{}$",
            call.path
                .split('/')
                .map(|seg| if seg.starts_with('{') {
                    "[^/]+".to_owned()
                } else {
                    regex_escape(seg)
                })
                .collect::<Vec<_>>()
                .join("/")
        );
        let (body, note) = match &call.example {
            Some(example) => (example.to_string(), "the docs' example"),
            // The docs give no example: a thread with only its id.
            None => (
                serde_json::json!({ "id": "mock-thread" }).to_string(),
                "a thread with only an id (the docs give no example)",
            ),
        };
        mocks.push(quote! { conversations::Provider::#variant => Some((#pattern, #body, #note)), });
    }
    quote! {
        //! Fetches a thread through `conversations::ConversationsClient` and
        //! prints it normalized, as pretty JSON.
        //!
        //! ```text
        //! cargo run -q -p conversations --example fetch -- --provider <p> [--base-url URL] [--verbose] [--mock] <id>
        //! ```
        //!
        //! Credentials come from `CONTACTSHIP_API_KEY`, `HUBSPOT_ACCESS_TOKEN`,
        //! `DELIGHTBRIDGE_SESSION` or `GOCHAT_TOKEN`. `--mock` starts an
        //! in-process mock server that serves the docs' example and fetches
        //! from it: no account needed. `--verbose` prints the tracing output
        //! (a span per HTTP attempt) on standard error. Any failure is one line
        //! on standard error, with the status and the provider's message where
        //! there is one, and exit code 1.

        use std::process::ExitCode;

        use conversations::ConversationsClient;

        const USAGE: &str = "usage: fetch --provider <contactship|hubspot|delightbridge|gochat> [--base-url URL] [--verbose] [--mock] <id>";

        struct Args {
            provider: conversations::Provider,
            base_url: Option<String>,
            verbose: bool,
            mock: bool,
            id: String,
        }

        fn parse(args: Vec<String>) -> Result<Args, String> {
            let (mut provider, mut base_url, mut verbose, mut mock, mut id) = (None, None, false, false, None);
            let mut args = args.into_iter();
            while let Some(arg) = args.next() {
                match arg.as_str() {
                    "--provider" => provider = Some(args.next().ok_or("--provider needs a value")?),
                    "--base-url" => base_url = Some(args.next().ok_or("--base-url needs a value")?),
                    "--verbose" => verbose = true,
                    "--mock" => mock = true,
                    "--help" | "-h" => return Err(USAGE.to_owned()),
                    flag if flag.starts_with("--") => return Err(format!("unknown option {flag}; {USAGE}")),
                    _ if id.is_none() => id = Some(arg),
                    _ => return Err(format!("more than one id; {USAGE}")),
                }
            }
            let provider = provider.ok_or_else(|| format!("--provider is required; {USAGE}"))?;
            let provider = provider.parse().map_err(|e| format!("{e}; {USAGE}"))?;
            let id = id.ok_or_else(|| format!("an id is required; {USAGE}"))?;
            Ok(Args { provider, base_url, verbose, mock, id })
        }

        /// The credential from the environment; a placeholder against the mock.
        fn credential(variable: &str, mock: bool) -> Result<String, String> {
            match std::env::var(variable) {
                Ok(value) if !value.trim().is_empty() => Ok(value.trim().to_owned()),
                _ if mock => Ok("mock-credential".to_owned()),
                _ => Err(format!("set {variable} to the provider's credential, or pass --mock")),
            }
        }

        fn client(provider: conversations::Provider, base_url: &str, mock: bool) -> Result<Box<dyn ConversationsClient>, String> {
            Ok(match provider {
                #(#clients)*
            })
        }

        /// The provider's documented server.
        fn documented_server(provider: conversations::Provider) -> Option<&'static str> {
            match provider {
                #(#servers)*
            }
        }

        /// What the mock serves for the provider's thread: the path pattern,
        /// the body and where the body comes from.
        fn mock_thread(provider: conversations::Provider) -> Option<(&'static str, &'static str, &'static str)> {
            match provider {
                #(#mocks)*
            }
        }

        #[tokio::main(flavor = "current_thread")]
        async fn main() -> ExitCode {
            match run(std::env::args().skip(1).collect()).await {
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

        async fn run(args: Vec<String>) -> Result<String, String> {
            let args = parse(args)?;
            if args.verbose {
                use tracing_subscriber::layer::SubscriberExt as _;
                use tracing_subscriber::util::SubscriberInitExt as _;
                // The clients' spans and events; not the mock server's own.
                let ours = tracing_subscriber::filter::Targets::new()
                    .with_target("client_runtime", tracing_subscriber::filter::LevelFilter::DEBUG);
                let output = tracing_subscriber::fmt::layer()
                    .with_writer(std::io::stderr)
                    .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
                tracing_subscriber::registry().with(output).with(ours).init();
            }
            let server = if args.mock {
                let (pattern, body, note) = mock_thread(args.provider)
                    .ok_or_else(|| format!("{} has no thread operation to mock", args.provider))?;
                let server = httpmock::MockServer::start_async().await;
                server
                    .mock_async(|when, then| {
                        when.method(httpmock::Method::GET).path_matches(pattern);
                        then.status(200).header("content-type", "application/json").body(body);
                    })
                    .await;
                if args.verbose {
                    eprintln!("mock server at {} serving {note}", server.base_url());
                }
                Some(server)
            } else {
                None
            };
            let base_url = match (&server, &args.base_url) {
                (Some(server), _) => server.base_url(),
                (None, Some(url)) => url.clone(),
                (None, None) => documented_server(args.provider)
                    .ok_or_else(|| format!("{} documents no server; pass --base-url", args.provider))?
                    .to_owned(),
            };
            let client = client(args.provider, &base_url, args.mock)?;
            let thread = client.get_thread(&args.id).await.map_err(|e| e.to_string())?;
            serde_json::to_string_pretty(&thread).map_err(|e| e.to_string())
        }
    }
}

/// Escapes a literal path segment for a regular expression.
fn regex_escape(segment: &str) -> String {
    segment
        .chars()
        .flat_map(|c| {
            let special = "\\.+*?()|[]{}^$#&-~".contains(c);
            special
                .then_some('\\')
                .into_iter()
                .chain(std::iter::once(c))
        })
        .collect()
}
