//! `cargo xtask`: the workspace's own commands. Only argument parsing lives
//! here; the work is in this crate's library, the generator in `codegen`.

use std::io::Write as _;
use std::path::{Path, PathBuf};
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
    ///
    /// Skips the work when the specs, the generator and every file under
    /// generated/ are as the last verified run left them (a record in the
    /// target directory; a fresh clone has none): --force generates anyway.
    ///
    /// The report is one line per crate; --verbose adds each crate's details
    /// below its line: the fix-ups applied to progenitor's output and how often,
    /// and the provider fields no mapping reads.
    Codegen {
        /// Compare instead of writing; exit 1 when generated/ has drifted.
        #[arg(long)]
        check: bool,
        /// Print each crate's details under its line (generates, as --force).
        #[arg(long, short)]
        verbose: bool,
        /// Generate even when the specs, the generator and generated/ are as
        /// when last verified (the record in the target directory).
        #[arg(long)]
        force: bool,
    },
    /// Measure the generator, the drift check, decoding and normalizing, and
    /// the client's overhead; print a table and write BENCHMARKS.md.
    ///
    /// Builds and runs the `benchmarks` crate in the release profile (a few
    /// minutes the first time). Every target is marked PASS or MISS; beside
    /// each MISS, the run's own breakdown (time per stage, memory, parts)
    /// and what would close it.
    ///
    /// With --smoke, runs every measurement once on the smallest sizes, in the
    /// dev profile, and writes target/BENCHMARKS.smoke.md instead: a check
    /// that the command works (CI runs it), not a measurement.
    Bench {
        /// Smallest sizes, single runs, dev profile.
        #[arg(long)]
        smoke: bool,
        /// Also measure the cold builds (minutes): `cargo xtask codegen` on a
        /// fresh clone against bare progenitor + prettyplease, each from an
        /// empty target directory.
        #[arg(long)]
        cold: bool,
    },
    /// Generate and compile every spec of the corpus of real published specs
    /// (corpus/specs/), with bare progenitor's outcome on each beside ours.
    ///
    /// Exits 1 when a crate we generate does not compile, or when bare
    /// progenitor generates a spec that we refuse. A spec we refuse is listed
    /// with its first diagnostics.
    Corpus {
        /// The directory of specs.
        #[arg(long, default_value = "corpus/specs")]
        dir: std::path::PathBuf,
        /// Generate only; do not compile.
        #[arg(long, conflicts_with = "decode")]
        no_compile: bool,
        /// Only the specs of at most this many kilobytes (a folder: all its
        /// files): a sample that fits a CI run.
        #[arg(long, value_name = "KB")]
        max_size: Option<u64>,
        /// Also decode every response example each spec carries into the
        /// type its client decodes that response into, and report how many
        /// decode (and which do not, and why).
        #[arg(long)]
        decode: bool,
        /// Internal: run bare progenitor on one file and print the outcome.
        #[arg(long, hide = true)]
        bare: Option<std::path::PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = match std::env::current_dir()
        .map_err(|e| format!("error: cannot read the current directory: {e}"))
        .and_then(|dir| xtask::workspace_root(&dir))
    {
        Ok(root) => root,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::FAILURE;
        }
    };
    let outcome = match cli.command {
        Command::Codegen {
            check,
            verbose,
            force,
        } => xtask::codegen(
            &root,
            xtask::Options {
                check,
                verbose,
                force,
            },
        ),
        Command::Bench { smoke, cold } => return bench(&root, smoke, cold),
        Command::Corpus {
            dir,
            no_compile,
            max_size,
            decode,
            bare,
        } => {
            let max_size = max_size.map(|kb| kb * 1000);
            return corpus(&root, &dir, !no_compile, decode, max_size, bare.as_deref());
        }
    };
    let _ = std::io::stdout().write_all(outcome.stdout.as_bytes());
    let _ = std::io::stderr().write_all(outcome.stderr.as_bytes());
    ExitCode::from(outcome.exit_code)
}

/// `cargo xtask corpus`; see the subcommand's help.
fn corpus(
    root: &Path,
    dir: &Path,
    compile: bool,
    decode: bool,
    max_size: Option<u64>,
    bare: Option<&Path>,
) -> ExitCode {
    if let Some(file) = bare {
        let (line, generated) = xtask::corpus::bare(file);
        println!("{line}");
        return if generated {
            ExitCode::SUCCESS
        } else {
            ExitCode::FAILURE
        };
    }
    let mut outcomes = match xtask::corpus::run(root, &root.join(dir), compile, max_size) {
        Ok(outcomes) => outcomes,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::FAILURE;
        }
    };
    if decode && let Err(message) = xtask::corpus::decode(root, &mut outcomes) {
        eprintln!("{message}");
        return ExitCode::FAILURE;
    }
    print!("{}", xtask::corpus::report(&outcomes));
    // Worse: a crate of ours that does not compile, or a spec bare
    // progenitor makes compiling code of and we do not.
    let worse = outcomes.iter().filter(|o| {
        o.compiles == Some(false) || (o.bare_compiles == Some(true) && o.compiles != Some(true))
    });
    let worse: Vec<&str> = worse.map(|o| o.file.as_str()).collect();
    if worse.is_empty() {
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "error: {} spec(s) where we do worse than we must: {}",
            worse.len(),
            worse.join(", ")
        );
        ExitCode::FAILURE
    }
}

/// Builds the benchmarks binary and runs it. It is its own crate, so that
/// xtask never depends on the generated crates (a broken one must not stop
/// `cargo xtask codegen`).
fn bench(root: &Path, smoke: bool, cold: bool) -> ExitCode {
    let executable = match build_benchmarks(root, !smoke) {
        Ok(executable) => executable,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let mut command = std::process::Command::new(executable);
    command.current_dir(root).arg("--root").arg(root);
    if cold {
        command.arg("--cold");
    }
    if smoke {
        command
            .args(["--smoke", "--out"])
            .arg(root.join("target/BENCHMARKS.smoke.md"));
    }
    match command.status() {
        Ok(status) if status.success() => ExitCode::SUCCESS,
        Ok(_) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: cannot run the benchmarks: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo build --workspace --bin benchmarks --examples` (`--release` unless
/// a smoke run), and the built executable's path, read from cargo's JSON
/// messages.
///
/// Features are then resolved as `cargo test --workspace` resolves them: for
/// the whole workspace, and with dev-dependencies, which an example may use.
/// What the tests built is not built again, as it would be by `cargo run -p
/// benchmarks` (features resolved for that package alone: the clients
/// without `mock`, serde without `alloc`, ...).
fn build_benchmarks(root: &Path, release: bool) -> Result<PathBuf, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut command = std::process::Command::new(cargo);
    command.current_dir(root).args([
        "build",
        "--quiet",
        "--workspace",
        "--bin",
        "benchmarks",
        "--examples",
        // Compiler errors still go to stderr, rendered.
        "--message-format=json-render-diagnostics",
    ]);
    if release {
        command.arg("--release");
    }
    let output = command
        .stderr(std::process::Stdio::inherit())
        .output()
        .map_err(|e| format!("error: cannot run cargo: {e}"))?;
    if !output.status.success() {
        return Err("error: the benchmarks did not build (cargo's errors are above)".into());
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .find(|message| {
            message["reason"] == "compiler-artifact" && message["target"]["name"] == "benchmarks"
        })
        .and_then(|message| message["executable"].as_str().map(PathBuf::from))
        .ok_or_else(|| "error: cargo built no `benchmarks` executable".to_owned())
}
