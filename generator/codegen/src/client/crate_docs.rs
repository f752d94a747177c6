//! The crate-level docs of a generated client, for the person reading
//! docs.rs or `cargo doc`: what the API covers, how to authenticate, how to
//! page and how to handle errors, each with an example that rustdoc compiles
//! (`no_run`: nothing is sent). Where the crate comes from (the spec, the doc
//! pages it was transcribed from, the command that wrote it) is the
//! `@generated` header's job, not the docs'.
//!
//! The examples call only what every generated client has: a constructor
//! per security scheme, and an operation without parameters where the spec
//! has one. An operation's parameters are not filled in, since their setters
//! and types are progenitor's to decide.

use proc_macro2::TokenStream;

use crate::client::plan::{ClientPlan, OperationPlan, Placement};

/// The crate's `//!` docs, one attribute per line.
pub(crate) fn attributes(plan: &ClientPlan) -> Vec<syn::Attribute> {
    text(plan)
        .lines()
        .map(|line| {
            let line = if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            };
            syn::parse_quote!(#![doc = #line])
        })
        .collect()
}

/// The code of every example, as tokens: the crates they name are the
/// crate's dev-dependencies.
pub(crate) fn example_tokens(plan: &ClientPlan) -> Result<TokenStream, String> {
    let code: String = examples(plan)
        .iter()
        .chain(&webhooks_example(plan))
        .flat_map(|example| example.lines())
        .map(|line| line.strip_prefix("# ").unwrap_or(line))
        .collect::<Vec<_>>()
        .join("\n");
    code.parse()
        .map_err(|e| format!("a crate-doc example does not lex: {e}"))
}

/// The docs' text.
fn text(plan: &ClientPlan) -> String {
    let docs = &plan.docs;
    let mut doc = format!(
        "Typed client for the {} (API version {}).\n",
        docs.title, docs.api_version
    );
    if let Some(description) = &docs.description {
        doc.push_str(&format!("\n{}\n", description.trim()));
    }
    if let Some(server) = &docs.server {
        doc.push_str(&format!("\nServer: `{server}`.\n"));
    }
    doc.push_str(&operations(plan));
    let [authentication, paging, errors] = examples(plan);
    doc.push_str(&format!(
        "\n# Authentication\n\n{}\n{}",
        authentication_text(plan),
        fenced(&authentication)
    ));
    doc.push_str(&format!(
        "\n# Paging\n\n{}\n{}",
        paging_text(plan),
        fenced(&paging)
    ));
    doc.push_str(&format!("\n# Errors\n\n{ERRORS}\n{}", fenced(&errors)));
    if let Some(example) = webhooks_example(plan) {
        doc.push_str(&format!("\n# Webhooks\n\n{WEBHOOKS}\n{}", fenced(&example)));
    }
    doc.push_str(
        "\n# Forward compatibility\n\nFields the spec does not know are ignored when decoding; \
         a string enum value it does not list decodes as the enum's `Unknown` variant, kept \
         verbatim.",
    );
    doc
}

/// `# Operations`: a table of every operation and its request.
fn operations(plan: &ClientPlan) -> String {
    let mut doc = String::from(
        "\n# Operations\n\nEach operation is a method of [`Client`] that returns a builder; \
         set its parameters, then `.send().await`.\n\n| operationId | request |\n|---|---|\n",
    );
    for op in &plan.operations {
        doc.push_str(&format!(
            "| [`{}`](Client::{}) | `{} {}` |\n",
            op.id,
            op.method_name,
            op.method.as_http(),
            op.path
        ));
    }
    doc
}

fn fenced(code: &str) -> String {
    format!("```no_run\n{code}```\n")
}

/// Which constructor sends which credential.
fn authentication_text(plan: &ClientPlan) -> String {
    if plan.schemes.is_empty() {
        return "The spec declares no security scheme: [`Client::new`] sends no credential.\n"
            .to_owned();
    }
    let mut doc = String::from(
        "A constructor per security scheme of the spec; each has a setter (`set_…`) too, and \
         [`Client::set_credential`] takes any `client_runtime::Credential`. A secret is never \
         shown: `Debug` prints `[REDACTED]` and its header is marked sensitive.\n\n",
    );
    for scheme in &plan.schemes {
        doc.push_str(&format!("- {}\n", scheme.summary()));
        if let Some(grant) = &scheme.token_grant {
            doc.push_str(&format!(
                "- [`Client::with_password_grant`]: the same bearer token, asked for at the \
                 provider's token endpoint (`POST {}`) with a username and password, cached \
                 and replaced before it expires\n",
                grant.path
            ));
        }
    }
    doc
}

/// How lists page, and which operations do.
fn paging_text(plan: &ClientPlan) -> String {
    let paged: Vec<String> = plan
        .operations
        .iter()
        .filter(|op| op.paging.is_some())
        .map(|op| format!("[`{}`](Client::{})", op.id, op.method_name))
        .collect();
    let which = if paged.is_empty() {
        "No operation of this spec describes its paging (`x-pagination`): each answers in one \
         response. Were one to, its builder would have `stream()`, read as below."
            .to_owned()
    } else {
        format!("Operations that page: {}.", paged.join(", "))
    };
    format!(
        "The builder of a list operation whose paging the spec describes has `stream()`: the \
         items of every page as one `futures::Stream` (`client_runtime::paging::Items`), each \
         page asked for only when the stream is read past the one before, with the builder's \
         other parameters kept. The stream ends after the last page, or with the first error \
         as its last item. {which}\n"
    )
}

const ERRORS: &str = "Every operation's `send()` returns `Result<ResponseValue<T>, Error<E>>` \
     (progenitor's), where `E` is the error body the spec documents, or `()`:\n\n\
     - `Error::ErrorResponse`: a status the spec documents as an error, its body decoded;\n\
     - `Error::UnexpectedResponse`: a status the spec does not list, with the response to read \
     (status, headers, body);\n\
     - `Error::InvalidResponsePayload`: a body that does not match the spec's schema, with its \
     bytes as received;\n\
     - `Error::CommunicationError`: no answer (connection, timeout);\n\
     - `Error::InvalidRequest`: the request could not be built (a required parameter left \
     out, a credential a header cannot carry).\n\n\
     Requests that failed for a transient reason (a connection error, a timeout, 408, 429, \
     5xx) are retried first, as the client's `RetryPolicy` says (`Client::set_retry_policy`): \
     by default 3 attempts with exponential backoff and full jitter, honouring `Retry-After`; \
     a write only where the provider's idempotency key makes it safe. The error is the last \
     attempt's.\n";

const WEBHOOKS: &str = "The spec declares the requests the provider sends: [`webhooks`] has, \
     for each, its signature scheme and a `verify` that checks a delivery over the raw bytes \
     (signature, then timestamp, in constant time) and decodes its events. Answer at once: a \
     provider retries a receiver that is slow; hand the events to a task, and skip an event id \
     already seen (deliveries repeat).\n";

/// A receiver's use of `webhooks::verify`, for a spec that declares webhooks.
fn webhooks_example(plan: &ClientPlan) -> Option<String> {
    let first = plan.webhooks.first()?;
    let krate = plan.provider.crate_name().replace('-', "_");
    let function = if plan.webhooks.len() == 1 {
        "verify".to_owned()
    } else {
        format!("verify_{}", crate::upstream_names::field_name(&first.name))
    };
    let env = plan.provider.env_var("WEBHOOK_SECRET");
    let events = if first.batch { "events" } else { "event" };
    let lines = [
        format!("use {krate}::webhooks::{{self, Request, SecretString}};"),
        String::new(),
        "/// The status to answer a delivery with.".to_owned(),
        "fn receive(request: &Request) -> u16 {".to_owned(),
        format!(
            "    let secret = SecretString::from(std::env::var(\"{env}\").unwrap_or_default());"
        ),
        format!(
            "    match webhooks::{function}(request, &secret, std::time::SystemTime::now()) {{"
        ),
        format!("        Ok({events}) => {{"),
        format!("            println!(\"{{{events}:?}}\");"),
        "            204".to_owned(),
        "        }".to_owned(),
        "        Err(error) => {".to_owned(),
        "            eprintln!(\"refused: {error}\");".to_owned(),
        "            error.status().as_u16()".to_owned(),
        "        }".to_owned(),
        "    }".to_owned(),
        "}".to_owned(),
        "# let _ = receive;".to_owned(),
    ];
    Some(lines.join("\n") + "\n")
}

/// The examples: authentication, paging and errors, as rustdoc code blocks
/// (lines starting `# ` are hidden).
fn examples(plan: &ClientPlan) -> [String; 3] {
    let krate = plan.provider.crate_name().replace('-', "_");
    let client = client_example(plan, &krate);
    [
        format!("{client}# drop(client);\n"),
        paging_example(plan, &krate, &client),
        errors_example(plan, &krate, &client),
    ]
}

/// `let client = …;`, authenticated with the first scheme, from the
/// environment.
fn client_example(plan: &ClientPlan, krate: &str) -> String {
    let url = base_url(plan);
    let env = |what: &str| plan.provider.env_var(what);
    let Some(scheme) = plan.schemes.first() else {
        return format!("let client = {krate}::Client::new(\"{url}\");\n");
    };
    let read = |var: &str| format!("std::env::var(\"{var}\").expect(\"{var} is set\")");
    if scheme.token_grant.is_some() {
        return format!(
            "let username = {};\nlet password = {};\n\
             let client = {krate}::Client::with_password_grant(\"{url}\", username, password);\n",
            read(&env("USERNAME")),
            read(&env("PASSWORD")),
        );
    }
    let constructor = scheme.constructor();
    if scheme.placement == Placement::Basic {
        return format!(
            "let username = {};\nlet password = {};\n\
             let client = {krate}::Client::{constructor}(\"{url}\", username, password);\n",
            read(&env("USERNAME")),
            read(&env("PASSWORD")),
        );
    }
    let var = scheme.env_var(&plan.provider);
    format!(
        "let secret = {};\nlet client = {krate}::Client::{constructor}(\"{url}\", secret);\n",
        read(&var)
    )
}

/// The spec's first server, its variables at their defaults.
fn base_url(plan: &ClientPlan) -> String {
    let Some(url) = &plan.docs.server else {
        return "https://api.example.com".to_owned();
    };
    let mut url = url.clone();
    for server in &plan.docs.templated_servers {
        for (name, default, _) in &server.variables {
            url = url.replace(&format!("{{{name}}}"), default);
        }
    }
    url.replace(['"', '\\'], "")
}

/// An operation the examples can call as it is: no path parameter, no
/// required query parameter, no body.
fn callable(op: &OperationPlan) -> bool {
    op.path_params.is_empty()
        && op.required_query.is_empty()
        && op.body.is_none()
        && op.body_variants.is_empty()
        && op.method.as_http() == "GET"
}

/// Reads every item of a paged operation; where none can be called as it
/// is, a function that reads any operation's stream.
fn paging_example(plan: &ClientPlan, krate: &str, client: &str) -> String {
    let paged = plan
        .operations
        .iter()
        .find(|op| op.paging.is_some() && callable(op));
    let read = "while let Some(item) = items.next().await {\n    \
                let item = item?;\n    println!(\"{item:?}\");\n}\n";
    match paged {
        Some(op) => format!(
            "use futures::StreamExt as _;\n\n\
             # async fn run() -> Result<(), Box<dyn std::error::Error>> {{\n\
             {client}let mut items = client.{}().stream();\n{read}# Ok(())\n# }}\n",
            op.method_name
        ),
        None => format!(
            "use futures::StreamExt as _;\n\n\
             /// Prints every item of any list operation's `stream()`.\n\
             async fn print_all<T: std::fmt::Debug, E: std::fmt::Debug + 'static>(\n    \
             mut items: client_runtime::paging::Items<'_, T, {krate}::Error<E>>,\n\
             ) -> Result<(), {krate}::Error<E>> {{\n{}    Ok(())\n}}\n",
            read.lines()
                .map(|line| format!("    {line}\n"))
                .collect::<String>()
        ),
    }
}

/// A function that says what went wrong with any operation's call, and a
/// call that uses it where an operation can be called as it is.
fn errors_example(plan: &ClientPlan, krate: &str, client: &str) -> String {
    let explain = format!(
        "/// What a failed call says, for any operation of the client.\n\
         async fn explain<E: std::fmt::Debug>(error: {krate}::Error<E>) -> String {{\n    \
         match error {{\n        \
         // A status the spec documents as an error: its body, decoded.\n        \
         {krate}::Error::ErrorResponse(response) => {{\n            \
         format!(\"{{}}: {{:?}}\", response.status(), response.into_inner())\n        }}\n        \
         // A status the spec does not list: the body as received.\n        \
         {krate}::Error::UnexpectedResponse(response) => {{\n            \
         let status = response.status();\n            \
         format!(\"{{status}}: {{}}\", response.text().await.unwrap_or_default())\n        }}\n        \
         // A body that does not match the schema: its bytes, as received.\n        \
         {krate}::Error::InvalidResponsePayload(bytes, error) => {{\n            \
         format!(\"{{error}}: {{}}\", String::from_utf8_lossy(&bytes))\n        }}\n        \
         // No answer, or a request that could not be built.\n        \
         other => other.to_string(),\n    }}\n}}\n"
    );
    let Some(op) = plan.operations.iter().find(|op| callable(op)) else {
        return explain;
    };
    format!(
        "{explain}\n# async fn run() {{\n{client}match client.{}().send().await {{\n    \
         Ok(response) => println!(\"{{}}\", response.status()),\n    \
         Err(error) => eprintln!(\"{{}}\", explain(error).await),\n}}\n# }}\n",
        op.method_name
    )
}
