// Template: generated/conversations/examples/normalize.rs, as it stands (no
// slots). Read by generator/codegen/src/conversations/examples.rs. It names the
// `conversations` crate, so it is compiled as that crate's example (and
// parsed by `templates::tests`), not on its own.

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

mod common;

use std::io::Read as _;
use std::process::ExitCode;

const USAGE: &str = "usage: normalize <provider> <thread|message> [FILE]";

fn main() -> ExitCode {
    common::finish(run(std::env::args().skip(1).collect()))
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
