// Template: generated/conversations/examples/fetch.rs. Read by
// generator/codegen/src/conversations/examples.rs; slots it fills from the
// plan:
// - `{credential_variables}` in the docs and `FETCH_USAGE`: the providers and
//   the environment variables their credentials come from;
// - `match_client!()`, `match_documented_server!()`, `match_mock_thread!()`:
//   a `match` over `conversations::Provider`, one arm per provider.
// It names the `conversations` crate, so it is compiled as that crate's
// example (and parsed by `templates::tests`), not on its own.

//! Fetches a thread through `conversations::ConversationsClient` and
//! prints it normalized, as pretty JSON.
//!
//! ```text
//! cargo run -q -p conversations --example fetch -- --provider <p> [--base-url URL] [--verbose] [--mock] <id>
//! ```
//!
//! Credentials come from the environment:
//! {credential_variables}.
//! `--mock` starts an in-process mock server that serves the docs'
//! example and fetches from it: no account needed. `--verbose` prints
//! the tracing output (a span per HTTP attempt) on standard error. Any
//! failure is one line on standard error, with the status and the
//! provider's message where there is one, and exit code 1.

mod common;

use std::process::ExitCode;

use conversations::ConversationsClient;

const USAGE: &str = FETCH_USAGE;

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
    Ok(match_client!())
}

/// The provider's documented server.
fn documented_server(provider: conversations::Provider) -> Option<&'static str> {
    match_documented_server!()
}

/// What the mock serves for the provider's thread: the path pattern,
/// the body and where the body comes from.
fn mock_thread(provider: conversations::Provider) -> Option<(&'static str, &'static str, &'static str)> {
    match_mock_thread!()
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    common::finish(run(std::env::args().skip(1).collect()).await)
}

async fn run(args: Vec<String>) -> Result<String, String> {
    let args = parse(args)?;
    if args.verbose {
        common::trace_to_stderr();
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
