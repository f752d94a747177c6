// Template: generated/conversations/examples/common/mod.rs, as it stands (no
// slots): what the examples share. Read by
// generator/codegen/src/conversations/examples.rs; compiled as part of the
// `conversations` crate's examples.

//! What the examples of this crate share.

use std::process::ExitCode;

/// Ends an example: the output on standard output and exit code 0, or the
/// error as one line on standard error and exit code 1.
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
