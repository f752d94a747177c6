//! `src/lib.rs` of the `conversations` crate: the model's types, the fixed
//! items of `templates/conversations_client.rs` with their per-provider
//! dispatch, and one module per provider.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{ConversationsPlan, ProviderPlan, provider_module};
use crate::client::webhooks::Signature;
use crate::model::emit as model;
use crate::templates::{CONVERSATIONS_CLIENT, CONVERSATIONS_MOCK, CONVERSATIONS_WEBHOOKS, Fill};

/// A source file of the crate.
pub(crate) struct SourceFile {
    /// Below `src/`: `providers/hubspot.rs`.
    pub(crate) path: String,
    pub(crate) tree: syn::File,
    /// The mapping file it is generated from, for a provider's module.
    pub(crate) mapping: Option<String>,
    /// The cargo feature it is compiled with, if it is not always.
    pub(crate) feature: Option<&'static str>,
}

/// The crate's source files:
/// - `lib.rs`: the README as the crate docs, and the re-exports that keep
///   every item at the crate root (`conversations::Thread`,
///   `conversations::hubspot::thread_from_json`);
/// - `model.rs`: the normalized model's types;
/// - `client.rs`: the `ConversationsClient` trait with its queries, updates
///   and errors, and the crate-level normalizing functions;
/// - `providers/<provider>.rs`: one provider's mapping and its
///   `ConversationsClient` impl, declared by `providers/mod.rs`;
/// - `mock.rs`: the in-process mock of every provider (feature `mock`).
pub(crate) fn files(plan: &ConversationsPlan<'_>) -> Result<Vec<SourceFile>, String> {
    let model: syn::File =
        syn::parse2(model::items(&plan.model)).map_err(|e| format!("the model's types: {e}"))?;
    let mut model = model;
    model.attrs.push(syn::parse_quote!(
        #![doc = "The normalized model: [`Thread`], [`Message`] and the types they hold. Every field a provider does not have is `None` (or empty); every value it does not document is an `Unknown` (or `Other`) variant beside the provider's own value."]
    ));
    let client = client(plan)?;
    let modules: Vec<Ident> = plan
        .providers
        .iter()
        .map(|p| p.provider().module_ident())
        .collect();
    let lib: syn::File = syn::parse_quote! {
        #![doc = include_str!("../README.md")]

        mod client;
        #[cfg(feature = "mock")]
        pub mod mock;
        mod model;
        mod providers;
        mod webhooks;

        pub use client::*;
        pub use model::*;
        pub use webhooks::*;
        pub use providers::{#(#modules),*};
    };
    let providers: syn::File = syn::parse_quote! {
        //! One module per provider: its mapping into the model
        //! (`thread_from_json`, `message_from_json`, …) and its
        //! `ConversationsClient` impl, on the provider's typed client.
        #(pub mod #modules;)*
    };
    let whole = |path: &str, tree| SourceFile {
        path: path.to_owned(),
        tree,
        mapping: None,
        feature: None,
    };
    let mut files = vec![
        whole("lib.rs", lib),
        whole("model.rs", model),
        whole("client.rs", client),
        whole("providers/mod.rs", providers),
        whole("webhooks.rs", webhooks(plan)?),
        SourceFile {
            feature: Some("mock"),
            ..whole("mock.rs", mock(plan)?)
        },
    ];
    for p in &plan.providers {
        let module = provider_module::module(p, &plan.model);
        let module: syn::ItemMod = syn::parse2(module)
            .map_err(|e| format!("the module of {}: {e}", p.provider().as_str()))?;
        files.push(SourceFile {
            path: format!("providers/{}.rs", p.provider().module_ident()),
            tree: module_file(module),
            mapping: Some(p.mapping_path.clone()),
            feature: None,
        });
    }
    Ok(files)
}

/// `client.rs`: the template, its dispatch slots filled.
fn client(plan: &ConversationsPlan<'_>) -> Result<syn::File, String> {
    let has_thread = |p: &ProviderPlan<'_>| p.thread.is_some();
    let has_message = |p: &ProviderPlan<'_>| p.message.is_some();
    let fill = Fill::default()
        .slot(
            "match_thread_from_json",
            dispatch(plan, "thread", has_thread, quote! { thread_from_json(raw) }),
        )
        .slot(
            "match_thread_from_bytes",
            dispatch(
                plan,
                "thread",
                has_thread,
                quote! { thread_from_bytes(bytes) },
            ),
        )
        .slot(
            "match_message_from_json",
            dispatch(
                plan,
                "message",
                has_message,
                quote! { message_from_json(raw) },
            ),
        )
        .slot(
            "match_message_from_bytes",
            dispatch(
                plan,
                "message",
                has_message,
                quote! { message_from_bytes(bytes) },
            ),
        );
    let mut file = CONVERSATIONS_CLIENT.fill(fill)?;
    file.attrs.push(syn::parse_quote!(
        #![doc = "The unified client: [`ConversationsClient`], the queries and updates it takes, its errors, and the functions that normalize any provider's payload."]
    ));
    Ok(file)
}

/// `webhooks.rs`: the template, each provider's verification, scheme and
/// secret variable filled in (for a provider with an `event:` mapping).
fn webhooks(plan: &ConversationsPlan<'_>) -> Result<syn::File, String> {
    let mut verify = Vec::new();
    let mut scheme = Vec::new();
    let mut secret = Vec::new();
    for p in &plan.providers {
        let variant = p.provider().model_variant();
        let module = p.provider().module_ident();
        let client = p.provider().crate_ident();
        let webhooks = &p.client.webhooks;
        let webhook = p
            .mapping
            .event
            .as_ref()
            .and_then(|e| webhooks.iter().find(|w| w.name == e.webhook));
        let Some(webhook) = webhook else {
            verify.push(quote! {
                Provider::#variant => Err(Error::Unsupported { provider: provider.as_str(), operation: "verify_webhook" }),
            });
            scheme.push(quote! { Provider::#variant => None, });
            secret.push(quote! { Provider::#variant => None, });
            continue;
        };
        let (signature, _) = crate::client::webhooks_emit::names(webhook, webhooks.len() == 1);
        let upper = p.provider().as_str().to_ascii_uppercase();
        let variable = match webhook.signature {
            Signature::HmacSha256 { .. } => format!("{upper}_CLIENT_SECRET"),
            Signature::SharedToken { .. } => format!("{upper}_WEBHOOK_TOKEN"),
        };
        verify.push(quote! {
            Provider::#variant => crate::providers::#module::verify_webhook(request, secret, now),
        });
        scheme.push(quote! { Provider::#variant => Some(&#client::webhooks::#signature), });
        secret.push(quote! { Provider::#variant => Some(#variable), });
    }
    let fill = Fill::default()
        .slot(
            "match_verify_webhook",
            quote! { match provider { #(#verify)* } },
        )
        .slot("match_scheme", quote! { match provider { #(#scheme)* } })
        .slot(
            "match_secret_variable",
            quote! { match provider { #(#secret)* } },
        );
    let mut file = CONVERSATIONS_WEBHOOKS.fill(fill)?;
    file.attrs.push(syn::parse_quote!(
        #![doc = "Webhooks: [`Webhooks`] verifies a provider's deliveries and normalizes their events into [`ConversationEvent`]s."]
    ));
    Ok(file)
}

/// `mock.rs`: the template, each provider's routes filled in.
fn mock(plan: &ConversationsPlan<'_>) -> Result<syn::File, String> {
    let arms = plan.providers.iter().map(|p| {
        let variant = p.provider().model_variant();
        let routes = p.mock.iter().map(|r| {
            let (method, path, status, source) = (&r.method, &r.path, r.status, r.source);
            let option = |value: Option<TokenStream>| match value {
                Some(value) => quote! { Some(#value) },
                None => quote! { None },
            };
            let query = option(
                r.query
                    .as_ref()
                    .map(|(name, value)| quote! { (#name, #value) }),
            );
            let without = option(r.without.as_ref().map(|name| quote! { #name }));
            let body = option(r.body.as_ref().map(|body| quote! { #body }));
            quote! {
                Route {
                    method: #method,
                    path: #path,
                    query: #query,
                    without: #without,
                    status: #status,
                    body: #body,
                    source: #source,
                }
            }
        });
        quote! { Provider::#variant => &[#(#routes),*], }
    });
    let fill = Fill::default().slot("match_mock_routes", quote! { match provider { #(#arms)* } });
    CONVERSATIONS_MOCK.fill(fill)
}

/// A `mod name { … }` as the file `name.rs`: its outer attributes become
/// the file's inner ones.
fn module_file(module: syn::ItemMod) -> syn::File {
    let attrs = module
        .attrs
        .into_iter()
        .map(|mut attr| {
            attr.style = syn::AttrStyle::Inner(Default::default());
            attr
        })
        .collect();
    let mut file: syn::File = syn::parse_quote! {};
    file.attrs = attrs;
    file.items = module.content.map(|(_, items)| items).unwrap_or_default();
    file
}

/// `match provider { … }` for a crate-level function: `call` in the
/// provider's module where it `has` a mapping of this `kind`, an
/// `Unsupported` error otherwise.
fn dispatch(
    plan: &ConversationsPlan<'_>,
    kind: &str,
    has: impl Fn(&ProviderPlan<'_>) -> bool,
    call: TokenStream,
) -> TokenStream {
    let arms = plan.providers.iter().map(|p| {
        let module = p.provider().module_ident();
        let variant = p.provider().model_variant();
        if has(p) {
            quote! { Provider::#variant => crate::providers::#module::#call, }
        } else {
            quote! { Provider::#variant => Err(MappingError::Unsupported { provider, kind: #kind }), }
        }
    });
    quote! { match provider { #(#arms)* } }
}
