//! The examples of the `conversations` crate, from their templates.

use quote::quote;

use super::ConversationsPlan;
use crate::templates::{EXAMPLES_COMMON, FETCH_EXAMPLE, Fill, NORMALIZE_EXAMPLE};

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

/// `examples/fetch.rs`: a thread by id, through the unified client, from the
/// provider or from an in-process mock of it that serves the docs' example.
/// The providers, their credentials, servers and mocks come from the plan.
pub(crate) fn fetch(plan: &ConversationsPlan<'_>) -> Result<syn::File, String> {
    let mut clients = Vec::new();
    let mut servers = Vec::new();
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
        let server = match &p.client.docs.server {
            Some(url) => quote! { Some(#url) },
            None => quote! { None },
        };
        servers.push(quote! { conversations::Provider::#variant => #server, });
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
    // In the model's order of providers, as the docs list them.
    let in_model_order = || {
        let order = plan.model.enum_values("Provider").unwrap_or_default();
        order.iter().filter_map(|value| {
            plan.providers
                .iter()
                .find(|p| p.provider().as_str() == value)
        })
    };
    let names: Vec<&str> = in_model_order().map(|p| p.provider().as_str()).collect();
    let usage = format!(
        "usage: fetch --provider <{}> [--base-url URL] [--verbose] [--mock] <id>",
        names.join("|")
    );
    let variables: Vec<String> = in_model_order()
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
        .slot(
            "match_documented_server",
            quote! { match provider { #(#servers)* } },
        )
        .slot(
            "match_mock_thread",
            quote! { match provider { #(#mocks)* } },
        );
    FETCH_EXAMPLE.fill(fill)
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
