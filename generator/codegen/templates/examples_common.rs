// Template: generated/conversations/examples/common/mod.rs, as it stands (no
// slots): what the examples share. Read by
// generator/codegen/src/conversations/examples.rs; compiled as part of the
// `conversations` crate's examples.

//! What the examples of this crate share.

use std::process::ExitCode;

/// Ends an example: the output on standard output and exit code 0, or the
/// error as one line on standard error and exit code 1.
#[allow(dead_code)] // `cli` has exit codes of its own.
pub fn finish(outcome: Result<String, String>) -> ExitCode {
    match outcome {
        Ok(output) => {
            println!("{output}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `--verbose`: the clients' tracing (a span per HTTP attempt) on standard
/// error; not the mock server's own.
#[allow(dead_code)] // Not every example has `--verbose`.
pub fn trace_to_stderr() {
    use tracing_subscriber::layer::SubscriberExt as _;
    use tracing_subscriber::util::SubscriberInitExt as _;
    let ours = tracing_subscriber::filter::Targets::new().with_target(
        "client_runtime",
        tracing_subscriber::filter::LevelFilter::DEBUG,
    );
    let output = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    tracing_subscriber::registry()
        .with(output)
        .with(ours)
        .init();
}
