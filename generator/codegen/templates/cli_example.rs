// Template: generated/conversations/examples/cli.rs. Read by
// generator/codegen/src/conversations/examples.rs; slots it fills from the
// plan:
// - `{credential_variables}` in the docs and `CLI_USAGE`: the providers and
//   the environment variables their credentials come from;
// - `match_client!()`, `match_documented_server!()`: a `match` over
//   `conversations::Provider`, one arm per provider.
// It names the `conversations` crate, so it is compiled as that crate's
// example (and parsed by `templates::tests`), not on its own.

//! Drives `conversations::ConversationsClient` from the command line: list
//! threads, read one and its messages, reply, update; and checks a webhook
//! delivery (`conversations::Webhooks`). Output is JSON: one normalized
//! thread, message or event per line for lists and deliveries, one object
//! otherwise.
//!
//! ```text
//! cargo run -q -p conversations --example cli -- --provider <p> [--base-url URL | --mock] [--verbose] COMMAND
//!
//!   threads [--status S] [--inbox ID] [--limit N]
//!   thread ID
//!   messages THREAD_ID [--limit N]
//!   reply THREAD_ID --text T [--html H] [--sender ID]
//!   update THREAD_ID [--status S] [--assignee ID [--assignee-kind agent|bot] | --unassign]
//!   webhook [--method M] --uri U [--timestamp T] --signature S [--secret-env VAR] < BODY
//! ```
//!
//! Credentials come from the environment:
//! {credential_variables}.
//! `--mock` starts an in-process mock server that answers every command
//! from the provider's spec (the docs' examples, else values of the
//! response schemas), each paged list over two pages: no account needed.
//!
//! `webhook` verifies a delivery offline, as a receiver would, and prints
//! its normalized events: the body is read from standard input as it came
//! (its bytes are signed), `--signature` is the value of the header the
//! provider signs in (HubSpot: `X-HubSpot-Signature-v3`; Go!Chat's shared
//! token: `Authorization`), `--timestamp` that of its timestamp header
//! (HubSpot: `X-HubSpot-Request-Timestamp`, milliseconds), `--uri` the full
//! URL the provider called and `--method` its method (POST). The secret is
//! read from the variable `conversations::Webhooks::secret_variable` names
//! for the provider (e.g. `HUBSPOT_CLIENT_SECRET`, the app's client secret),
//! or the one `--secret-env` names. It needs no network and no `--mock`.
//!
//! Exit codes: 0 on success; 2 on a usage error (also a request the
//! provider cannot take, such as a HubSpot reply without `--sender`, or a
//! `webhook` without its secret variable); 3 when the provider does not
//! support the command (also a provider that sends no webhooks); 4 when
//! `webhook` refuses the delivery, with one line on standard error saying
//! why (the signature, the timestamp, the body); 1 otherwise, with one line
//! on standard error giving the HTTP status and the provider's message.

mod common;

use std::process::ExitCode;

use conversations::{
    AssigneeKind, AssigneeUpdate, ConversationsClient, ErrorKind, NewMessage, ThreadQuery, ThreadStatus,
    ThreadUpdate,
};

const USAGE: &str = CLI_USAGE;

/// Why the command did not succeed, and its exit code.
enum Failure {
    /// 2: the command line is wrong, or the request cannot be made.
    Usage(String),
    /// 3: the provider has no such operation.
    Unsupported(String),
    /// 4: a webhook delivery refused (signature, timestamp, body).
    Refused(String),
    /// 1: anything else (transport, HTTP status, decoding).
    Failed(String),
    /// 0: standard output was closed (`cli … | head`): stop, quietly.
    OutputClosed,
}

impl From<conversations::Error> for Failure {
    fn from(error: conversations::Error) -> Self {
        match error.kind() {
            ErrorKind::Unsupported => Failure::Unsupported(error.to_string()),
            ErrorKind::Invalid => Failure::Usage(error.to_string()),
            ErrorKind::Webhook => {
                Failure::Refused(error.webhook().map_or_else(|| error.to_string(), ToString::to_string))
            }
            _ => Failure::Failed(error.to_string()),
        }
    }
}

enum Command {
    Threads { status: Option<ThreadStatus>, inbox: Option<String>, limit: Option<usize> },
    Thread { id: String },
    Messages { thread: String, limit: Option<usize> },
    Reply { thread: String, message: NewMessage },
    Update { thread: String, update: ThreadUpdate },
    Webhook(WebhookArgs),
}

/// A delivery to check, as the provider sent it (its body comes from
/// standard input).
struct WebhookArgs {
    method: String,
    uri: Option<String>,
    timestamp: Option<String>,
    signature: String,
    secret_env: Option<String>,
}

struct Args {
    provider: conversations::Provider,
    base_url: Option<String>,
    mock: bool,
    verbose: bool,
    command: Command,
}

fn usage(message: impl std::fmt::Display) -> Failure {
    Failure::Usage(format!("{message}\n{USAGE}"))
}

fn parse(args: Vec<String>) -> Result<Args, Failure> {
    let (mut provider, mut base_url, mut mock, mut verbose) = (None, None, false, false);
    let mut positional: Vec<String> = Vec::new();
    let mut options: Vec<(String, Option<String>)> = Vec::new();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| usage(format!("{name} needs a value")));
        match arg.as_str() {
            "--provider" => provider = Some(value("--provider")?),
            "--base-url" => base_url = Some(value("--base-url")?),
            "--mock" => mock = true,
            "--verbose" => verbose = true,
            "--unassign" => options.push((arg, None)),
            "--status" | "--inbox" | "--limit" | "--text" | "--html" | "--sender" | "--assignee" | "--assignee-kind"
            | "--method" | "--uri" | "--timestamp" | "--signature" | "--secret-env" => {
                let given = value(&arg)?;
                options.push((arg, Some(given)));
            }
            "--help" | "-h" => return Err(Failure::Usage(USAGE.to_owned())),
            flag if flag.starts_with("--") => return Err(usage(format!("unknown option {flag}"))),
            _ => positional.push(arg),
        }
    }
    if mock && base_url.is_some() {
        return Err(usage("--mock and --base-url exclude each other"));
    }
    let provider = provider.ok_or_else(|| usage("--provider is required"))?;
    let provider = provider.parse().map_err(usage)?;
    let command = command(positional, options)?;
    if matches!(command, Command::Webhook(_)) && (mock || base_url.is_some()) {
        return Err(usage("`webhook` calls no provider: it takes no --mock nor --base-url"));
    }
    Ok(Args { provider, base_url, mock, verbose, command })
}

/// The command and its arguments; an option the command does not take is
/// an error, not ignored.
fn command(positional: Vec<String>, options: Vec<(String, Option<String>)>) -> Result<Command, Failure> {
    let mut positional = positional.into_iter();
    let name = positional.next().ok_or_else(|| usage("a command is required"))?;
    let allowed: &[&str] = match name.as_str() {
        "threads" => &["--status", "--inbox", "--limit"],
        "thread" => &[],
        "messages" => &["--limit"],
        "reply" => &["--text", "--html", "--sender"],
        "update" => &["--status", "--assignee", "--assignee-kind", "--unassign"],
        "webhook" => &["--method", "--uri", "--timestamp", "--signature", "--secret-env"],
        other => return Err(usage(format!("unknown command `{other}`"))),
    };
    if let Some((option, _)) = options.iter().find(|(o, _)| !allowed.contains(&o.as_str())) {
        return Err(usage(format!("`{name}` takes no {option}")));
    }
    let option = |wanted: &str| options.iter().rev().find(|(o, _)| o == wanted).and_then(|(_, v)| v.clone());
    let status = option("--status")
        .map(|s| s.parse::<ThreadStatus>().map_err(usage))
        .transpose()?;
    let limit = option("--limit")
        .map(|n| n.parse::<usize>().map_err(|_| usage(format!("--limit takes a number, not `{n}`"))))
        .transpose()?;
    let mut id = |what: &str| positional.next().ok_or_else(|| usage(format!("`{name}` needs {what}")));
    let command = match name.as_str() {
        "threads" => Command::Threads { status, inbox: option("--inbox"), limit },
        "thread" => Command::Thread { id: id("a thread id")? },
        "messages" => Command::Messages { thread: id("a thread id")?, limit },
        "webhook" => Command::Webhook(WebhookArgs {
            method: option("--method").unwrap_or_else(|| "POST".to_owned()),
            uri: option("--uri"),
            timestamp: option("--timestamp"),
            signature: option("--signature").ok_or_else(|| usage("`webhook` needs --signature"))?,
            secret_env: option("--secret-env"),
        }),
        "reply" => {
            let thread = id("a thread id")?;
            let text = option("--text").ok_or_else(|| usage("`reply` needs --text"))?;
            let message = NewMessage { text, html: option("--html"), sender: option("--sender") };
            Command::Reply { thread, message }
        }
        _ => {
            let thread = id("a thread id")?;
            let unassign = options.iter().any(|(o, _)| o == "--unassign");
            let assignee = match (option("--assignee"), unassign) {
                (Some(_), true) => return Err(usage("--assignee and --unassign exclude each other")),
                (Some(id), false) => {
                    let kind = match option("--assignee-kind").as_deref() {
                        None | Some("agent") => AssigneeKind::Agent,
                        Some("bot") => AssigneeKind::Bot,
                        Some(other) => return Err(usage(format!("--assignee-kind is agent or bot, not `{other}`"))),
                    };
                    Some(AssigneeUpdate::Set { id, kind })
                }
                (None, true) => Some(AssigneeUpdate::Clear),
                (None, false) => None,
            };
            Command::Update { thread, update: ThreadUpdate { status, assignee } }
        }
    };
    if let Some(extra) = positional.next() {
        return Err(usage(format!("unexpected argument `{extra}`")));
    }
    Ok(command)
}

/// The credential in `variable`; a placeholder against the mock.
fn credential(variable: &str, mock: bool) -> Result<String, Failure> {
    match std::env::var(variable) {
        Ok(value) if !value.trim().is_empty() => Ok(value.trim().to_owned()),
        _ if mock => Ok("mock-credential".to_owned()),
        _ => Err(Failure::Usage(format!("set {variable} to the provider's credential, or pass --mock"))),
    }
}

/// Whether `variable` is set (to a token grant's user name, say).
fn set(variable: &str) -> bool {
    std::env::var(variable).is_ok_and(|v| !v.trim().is_empty())
}

fn client(provider: conversations::Provider, base_url: &str, mock: bool) -> Result<Box<dyn ConversationsClient>, Failure> {
    Ok(match_client!())
}

/// The provider's documented server.
fn documented_server(provider: conversations::Provider) -> Option<&'static str> {
    match_documented_server!()
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()).await {
        Ok(()) | Err(Failure::OutputClosed) => ExitCode::SUCCESS,
        Err(failure) => {
            let (code, message) = match failure {
                Failure::Usage(message) => (2, message),
                Failure::Unsupported(message) => (3, message),
                Failure::Refused(message) => (4, message),
                Failure::Failed(message) => (1, message),
                Failure::OutputClosed => return ExitCode::SUCCESS,
            };
            eprintln!("error: {message}");
            ExitCode::from(code)
        }
    }
}

/// Writes `value` as JSON, one line (`pretty`: indented), on standard
/// output; a reader that has gone (`| head`) ends the command, not a panic.
fn print(value: &impl serde::Serialize, pretty: bool) -> Result<(), Failure> {
    use std::io::Write as _;
    let text = if pretty { serde_json::to_string_pretty(value) } else { serde_json::to_string(value) };
    let text = text.map_err(|e| Failure::Failed(e.to_string()))?;
    match writeln!(std::io::stdout().lock(), "{text}") {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(Failure::OutputClosed),
        Err(e) => Err(Failure::Failed(format!("cannot write the output: {e}"))),
    }
}

async fn run(args: Vec<String>) -> Result<(), Failure> {
    use futures::StreamExt as _;
    let args = parse(args)?;
    if args.verbose {
        common::trace_to_stderr();
    }
    if let Command::Webhook(webhook) = args.command {
        return verify_webhook(args.provider, webhook);
    }
    let server = if args.mock {
        if args.verbose {
            for route in conversations::mock::routes(args.provider) {
                eprintln!("mock: {} {} → {}, {}", route.method, route.path, route.status, route.source);
            }
        }
        Some(conversations::mock::server(args.provider).await)
    } else {
        None
    };
    let base_url = match (&server, &args.base_url) {
        (Some(server), _) => server.base_url(),
        (None, Some(url)) => url.clone(),
        (None, None) => documented_server(args.provider)
            .ok_or_else(|| Failure::Usage(format!("{} documents no server; pass --base-url", args.provider)))?
            .to_owned(),
    };
    let client = client(args.provider, &base_url, args.mock)?;
    match args.command {
        Command::Threads { status, inbox, limit } => {
            let query = ThreadQuery { status, inbox, limit, ..ThreadQuery::default() };
            let mut threads = client.list_threads(query);
            while let Some(thread) = threads.next().await {
                print(&thread?, false)?;
            }
        }
        Command::Thread { id } => print(&client.get_thread(&id).await?, true)?,
        Command::Messages { thread, limit } => {
            let mut messages = client.list_messages(&thread).take(limit.unwrap_or(usize::MAX));
            while let Some(message) = messages.next().await {
                print(&message?, false)?;
            }
        }
        Command::Reply { thread, message } => {
            print(&client.send_message(&thread, message).await?, true)?;
        }
        Command::Update { thread, update } => {
            print(&client.update_thread(&thread, update).await?, true)?;
        }
        Command::Webhook(_) => unreachable!("`webhook` is answered before any client is built"),
    }
    Ok(())
}

/// `webhook`: the delivery on standard input, with the headers of the
/// provider's scheme, verified with its secret; its events, one JSON line
/// each.
fn verify_webhook(provider: conversations::Provider, args: WebhookArgs) -> Result<(), Failure> {
    use std::io::Read as _;
    use conversations::SignatureScheme;
    let unsupported = || Failure::Unsupported(format!("{provider} sends no webhooks (its spec declares none)"));
    let scheme = conversations::Webhooks::scheme(provider).ok_or_else(unsupported)?;
    let (signature_header, timestamp_header) = match *scheme {
        SignatureScheme::HmacSha256 { header, timestamp_header, .. } => {
            if args.uri.is_none() {
                return Err(usage(format!("`webhook` needs --uri: {provider} signs the URL it called")));
            }
            if let (Some(timestamp), None) = (timestamp_header, &args.timestamp) {
                return Err(usage(format!("`webhook` needs --timestamp: {provider} signs the {timestamp} header")));
            }
            (header, timestamp_header)
        }
        SignatureScheme::SharedToken { header, .. } => (header, None),
        _ => return Err(Failure::Unsupported(format!("{provider} signs its webhooks in a way this example does not know"))),
    };
    let variable = match &args.secret_env {
        Some(variable) => variable.as_str(),
        None => conversations::Webhooks::secret_variable(provider).ok_or_else(unsupported)?,
    };
    let secret = match std::env::var(variable) {
        Ok(secret) if !secret.is_empty() => conversations::SecretString::from(secret),
        _ => {
            return Err(Failure::Usage(format!(
                "set {variable} to the secret {provider} signs its webhooks with (or name another variable with --secret-env)"
            )));
        }
    };
    let mut headers = http::HeaderMap::new();
    let mut header = |name: &str, value: &str, option: &str| -> Result<(), Failure> {
        let name = http::HeaderName::from_bytes(name.as_bytes())
            .map_err(|e| Failure::Failed(format!("the scheme's header `{name}` is not a header name: {e}")))?;
        let value = http::HeaderValue::from_str(value)
            .map_err(|_| usage(format!("{option} is not a header value (visible ASCII only)")))?;
        headers.insert(name, value);
        Ok(())
    };
    header(signature_header, &args.signature, "--signature")?;
    if let (Some(name), Some(timestamp)) = (timestamp_header, &args.timestamp) {
        header(name, timestamp, "--timestamp")?;
    }
    let mut body = Vec::new();
    std::io::stdin()
        .read_to_end(&mut body)
        .map_err(|e| Failure::Failed(format!("cannot read the body from standard input: {e}")))?;
    let request = conversations::Request::new(&args.method, args.uri.unwrap_or_default(), headers, body);
    for event in conversations::Webhooks::new(provider, secret).verify_webhook(&request)? {
        print(&event, false)?;
    }
    Ok(())
}
