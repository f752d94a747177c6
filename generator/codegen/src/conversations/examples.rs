//! The examples of the `conversations` crate, from their templates.

use quote::quote;

use super::{ConversationsPlan, ProviderPlan};
use crate::templates::{
    CLI_EXAMPLE, EXAMPLES_COMMON, FETCH_EXAMPLE, Fill, NORMALIZE_EXAMPLE, RECEIVER_EXAMPLE,
};

/// `examples/common/mod.rs`: how the examples end (output, or one line of
/// error and exit code 1).
pub(crate) fn common() -> Result<syn::File, String> {
    EXAMPLES_COMMON.fill(Fill::default())
}

/// `examples/normalize.rs`: payload in, normalized JSON out. Nothing in it
/// depends on the specs.
pub(crate) fn normalize() -> Result<syn::File, String> {
    NORMALIZE_EXAMPLE.fill(Fill::default())
}

/// `examples/receiver.rs`: a webhook receiver over axum. The providers
/// that send webhooks, their schemes and secret variables are asked of
/// `conversations::Webhooks` when it runs, so nothing in it comes from the
/// plan.
pub(crate) fn receiver() -> Result<syn::File, String> {
    RECEIVER_EXAMPLE.fill(Fill::default())
}

/// `examples/fetch.rs`: a thread by id, through the unified client, from the
/// provider or from an in-process mock of it that serves the docs' example.
/// The providers, their credentials, servers and mocks come from the plan.
pub(crate) fn fetch(plan: &ConversationsPlan<'_>) -> Result<syn::File, String> {
    let mut clients = Vec::new();
    let mut mocks = Vec::new();
    for p in &plan.providers {
        let provider = p.provider();
        let variant = provider.model_variant();
        let client = provider.crate_ident();
        let built = match p.client.example_scheme() {
            Some(scheme) => {
                let constructor = crate::names::ident(&scheme.constructor());
                let variable = scheme.env_var(provider);
                quote! { Box::new(#client::Client::#constructor(base_url, credential(#variable, mock)?)) }
            }
            None => quote! { Box::new(#client::Client::new(base_url)) },
        };
        clients.push(quote! { conversations::Provider::#variant => #built, });
        let mock = match p.thread.as_ref().and_then(|t| t.call.as_ref()) {
            None => quote! { None },
            Some(call) => {
                let pattern = call.path.regex();
                let (body, note) = match &call.example {
                    Some(example) => (example.clone(), "the docs' example"),
                    // The docs give no example: a thread with only its id.
                    None => (
                        serde_json::json!({ "id": "mock-thread" }).to_string(),
                        "a thread with only an id (the docs give no example)",
                    ),
                };
                quote! { Some((#pattern, #body, #note)) }
            }
        };
        mocks.push(quote! { conversations::Provider::#variant => #mock, });
    }
    let names: Vec<&str> = in_model_order(plan)
        .map(|p| p.provider().as_str())
        .collect();
    let usage = format!(
        "usage: fetch --provider <{}> [--base-url URL] [--verbose] [--mock] <id>",
        names.join("|")
    );
    let variables: Vec<String> = in_model_order(plan)
        .filter_map(|p| {
            p.client
                .example_scheme()
                .map(|s| format!("`{}`", s.env_var(p.provider())))
        })
        .collect();
    let fill = Fill::default()
        .doc("credential_variables", one_of(&variables))
        .value("FETCH_USAGE", quote! { #usage })
        .slot("match_client", quote! { match provider { #(#clients)* } })
        .slot("match_documented_server", documented_servers(plan))
        .slot(
            "match_mock_thread",
            quote! { match provider { #(#mocks)* } },
        );
    FETCH_EXAMPLE.fill(fill)
}

/// `examples/cli.rs`: every unified operation from the command line,
/// against the provider or an in-process mock of it that answers every
/// request from the spec. The providers, their credentials, servers and
/// mock answers come from the plan.
pub(crate) fn cli(plan: &ConversationsPlan<'_>) -> Result<syn::File, String> {
    let mut clients = Vec::new();
    let mut variables = Vec::new();
    for p in in_model_order(plan) {
        let provider = p.provider();
        let variant = provider.model_variant();
        let (built, variable) = cli_client(p);
        clients.push(quote! { conversations::Provider::#variant => #built, });
        variables.extend(variable);
    }
    let names: Vec<&str> = in_model_order(plan)
        .map(|p| p.provider().as_str())
        .collect();
    let usage = format!(
        "usage: cli --provider <{}> [--base-url URL | --mock] [--verbose] COMMAND\n\
         commands:\n  \
         threads [--status S] [--inbox ID] [--limit N]\n  \
         thread ID\n  \
         messages THREAD_ID [--limit N]\n  \
         reply THREAD_ID --text T [--html H] [--sender ID]\n  \
         update THREAD_ID [--status S] [--assignee ID [--assignee-kind agent|bot] | --unassign]\n  \
         webhook [--method M] --uri U [--timestamp T] --signature S [--secret-env VAR] < BODY",
        names.join("|")
    );
    let fill = Fill::default()
        .doc("credential_variables", one_of(&variables))
        .value("CLI_USAGE", quote! { #usage })
        .slot("match_client", quote! { match provider { #(#clients)* } })
        .slot("match_documented_server", documented_servers(plan));
    CLI_EXAMPLE.fill(fill)
}

/// How the cli builds the provider's client, and the environment variables
/// it reads, for the docs. A credential with a token grant is the user name
/// and password where they are set, else a token.
fn cli_client(p: &ProviderPlan<'_>) -> (proc_macro2::TokenStream, Option<String>) {
    let provider = p.provider();
    let client = provider.crate_ident();
    let Some(scheme) = p.client.example_scheme() else {
        return (quote! { Box::new(#client::Client::new(base_url)) }, None);
    };
    let constructor = crate::names::ident(&scheme.constructor());
    let variable = scheme.env_var(provider);
    let plain =
        quote! { Box::new(#client::Client::#constructor(base_url, credential(#variable, mock)?)) };
    if scheme.token_grant.is_none() {
        return (plain, Some(format!("`{variable}`")));
    }
    let (user, password) = (provider.env_var("USERNAME"), provider.env_var("PASSWORD"));
    let built = quote! {
        if !mock && set(#user) {
            Box::new(#client::Client::with_password_grant(base_url, credential(#user, mock)?, credential(#password, mock)?))
        } else {
            #plain
        }
    };
    (
        built,
        Some(format!(
            "`{user}` + `{password}` (a token grant) or `{variable}`"
        )),
    )
}

/// `match provider { … }`: each provider's documented server, if any.
fn documented_servers(plan: &ConversationsPlan<'_>) -> proc_macro2::TokenStream {
    let arms = plan.providers.iter().map(|p| {
        let variant = p.provider().model_variant();
        let server = match &p.client.docs.server {
            Some(url) => quote! { Some(#url) },
            None => quote! { None },
        };
        quote! { conversations::Provider::#variant => #server, }
    });
    quote! { match provider { #(#arms)* } }
}

/// The providers in the model's order, as the docs list them.
fn in_model_order<'p, 'c>(
    plan: &'p ConversationsPlan<'c>,
) -> impl Iterator<Item = &'p ProviderPlan<'c>> {
    let order = plan.model.enum_values("Provider").unwrap_or_default();
    order.iter().filter_map(move |value| {
        plan.providers
            .iter()
            .find(|p| p.provider().as_str() == value)
    })
}

/// `a`, `a or b`, `a, b or c`.
fn one_of(items: &[String]) -> String {
    match items {
        [] => "nowhere: no provider declares a credential".to_owned(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_as_prose() {
        let items = |n: usize| (1..=n).map(|i| format!("`{i}`")).collect::<Vec<_>>();
        assert_eq!(one_of(&items(1)), "`1`");
        assert_eq!(one_of(&items(2)), "`1` or `2`");
        assert_eq!(one_of(&items(3)), "`1`, `2` or `3`");
    }
}
