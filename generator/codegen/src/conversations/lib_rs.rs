//! `src/lib.rs` of the `conversations` crate: the model's types, the fixed
//! items of `templates/conversations_lib.rs` with their per-provider
//! dispatch, and one module per provider.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ConversationsPlan, ProviderPlan, provider_module};
use crate::model::emit as model;
use crate::templates::{CONVERSATIONS_LIB, Fill};

/// The file, its docs being the crate's README.
pub(crate) fn file(plan: &ConversationsPlan<'_>) -> Result<syn::File, String> {
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
    let fixed = CONVERSATIONS_LIB.fill(fill)?;
    let types: syn::File =
        syn::parse2(model::items(&plan.model)).map_err(|e| format!("the model's types: {e}"))?;
    let modules = plan
        .providers
        .iter()
        .map(|p| provider_module::module(p, &plan.model));
    let modules: syn::File =
        syn::parse2(quote! { #(#modules)* }).map_err(|e| format!("the provider modules: {e}"))?;
    let mut file = types;
    file.items.extend(fixed.items);
    file.items.extend(modules.items);
    file.attrs
        .insert(0, syn::parse_quote!(#![doc = include_str!("../README.md")]));
    Ok(file)
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
            quote! { Provider::#variant => #module::#call, }
        } else {
            quote! { Provider::#variant => Err(MappingError::Unsupported { provider, kind: #kind }), }
        }
    });
    quote! { match provider { #(#arms)* } }
}
