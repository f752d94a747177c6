//! `cargo xtask`: the workspace's own commands. Only argument parsing lives
//! here; the work is in this crate's library, the generator in `codegen`.

use std::io::Write as _;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "cargo xtask",
    about = "Workspace commands for the provider client generator"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate generated/ from the specs in specs/.
    ///
    /// Reads every `specs/*.yaml`, generates one client crate per spec in
    /// memory, and only when every spec is valid writes generated/: each file
    /// atomically, removing files the specs no longer produce. A bad spec is
    /// reported with its file, line and column, and generated/ is left exactly
    /// as it was.
    ///
    /// With --check, writes nothing: exits 1 and prints a unified diff for
    /// every file that differs from what the specs produce (the CI drift check).
    Codegen {
        /// Compare instead of writing; exit 1 when generated/ has drifted.
        #[arg(long)]
        check: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Codegen { check } => xtask::codegen(&xtask::workspace_root(), check),
    };
    let _ = std::io::stdout().write_all(outcome.stdout.as_bytes());
    let _ = std::io::stderr().write_all(outcome.stderr.as_bytes());
    ExitCode::from(outcome.exit_code)
}
