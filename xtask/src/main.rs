//! `cargo xtask`: the workspace's own commands. Only argument parsing and
//! file I/O live here; the generator itself is the `codegen` library.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use codegen::{COMMAND, Generation, OUTPUT_DIR, SpecFile};

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
    let root = workspace_root();
    let result = match cli.command {
        Command::Codegen { check } => codegen(&root, check),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// xtask lives one level below the workspace root.
fn workspace_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}

/// The specs, sorted by path so that every run sees them in the same order.
fn read_specs(root: &Path) -> Result<Vec<SpecFile>, String> {
    let dir = root.join("specs");
    let entries =
        fs::read_dir(&dir).map_err(|e| format!("error: cannot read {}: {e}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_file() && path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = fs::read_to_string(&path)
                .map_err(|e| format!("error: cannot read {}: {e}", path.display()))?;
            Ok(SpecFile {
                path: relative(root, &path),
                text,
            })
        })
        .collect()
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Every file currently under generated/, by path relative to the root.
fn files_on_disk(root: &Path) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let mut files = BTreeMap::new();
    let mut pending = vec![root.join(OUTPUT_DIR)];
    while let Some(dir) = pending.pop() {
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(format!("error: cannot read {}: {e}", dir.display())),
        };
        for entry in entries {
            let path = entry
                .map_err(|e| format!("error: cannot read {}: {e}", dir.display()))?
                .path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let bytes = fs::read(&path)
                    .map_err(|e| format!("error: cannot read {}: {e}", path.display()))?;
                files.insert(relative(root, &path), bytes);
            }
        }
    }
    Ok(files)
}

/// What writing `generation` would change under generated/.
struct Plan {
    /// Files to write, new or with new contents.
    write: Vec<String>,
    /// Files on disk the specs no longer produce.
    remove: Vec<String>,
}

fn plan(generation: &Generation, on_disk: &BTreeMap<String, Vec<u8>>) -> Plan {
    Plan {
        write: generation
            .files
            .iter()
            .filter(|(path, contents)| {
                on_disk.get(*path).map(Vec::as_slice) != Some(contents.as_bytes())
            })
            .map(|(path, _)| path.clone())
            .collect(),
        remove: on_disk
            .keys()
            .filter(|path| !generation.files.contains_key(*path))
            .cloned()
            .collect(),
    }
}

fn codegen(root: &Path, check: bool) -> Result<ExitCode, String> {
    let specs = read_specs(root)?;
    let started = Instant::now();
    let generation = match codegen::generate(&specs) {
        Ok(generation) => generation,
        Err(diagnostics) => {
            let what = if check {
                "nothing was compared"
            } else {
                "generated/ was not changed"
            };
            return Err(format!(
                "{diagnostics}\n\n{} problem(s) found; {what}.",
                diagnostics.0.len()
            ));
        }
    };
    let on_disk = files_on_disk(root)?;
    let plan = plan(&generation, &on_disk);

    if check {
        return Ok(report_drift(&generation, &on_disk, &plan, started));
    }
    for path in &plan.write {
        write_atomically(&root.join(path), generation.files[path].as_bytes())?;
    }
    for path in &plan.remove {
        let full = root.join(path);
        fs::remove_file(&full)
            .map_err(|e| format!("error: cannot remove {}: {e}", full.display()))?;
        remove_empty_parents(root, &full);
    }
    print_report(&generation, &plan, "updated");
    for path in &plan.remove {
        println!("removed {path}");
    }
    println!("done in {} ms", started.elapsed().as_millis());
    Ok(ExitCode::SUCCESS)
}

fn report_drift(
    generation: &Generation,
    on_disk: &BTreeMap<String, Vec<u8>>,
    plan: &Plan,
    started: Instant,
) -> ExitCode {
    if plan.write.is_empty() && plan.remove.is_empty() {
        print_report(generation, plan, "");
        println!(
            "generated/ is up to date with the specs ({} ms)",
            started.elapsed().as_millis()
        );
        return ExitCode::SUCCESS;
    }
    let mut out = std::io::stdout().lock();
    for path in &plan.write {
        let old = on_disk
            .get(path)
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default();
        let diff = similar::TextDiff::from_lines(&old, &generation.files[path]);
        let _ = write!(
            out,
            "{}",
            diff.unified_diff()
                .context_radius(3)
                .header(&format!("a/{path}"), &format!("b/{path}"))
        );
    }
    for path in &plan.remove {
        let _ = writeln!(
            out,
            "--- a/{path}\n+++ /dev/null\n(the specs no longer produce this file)"
        );
    }
    let _ = writeln!(out);
    print_report(generation, plan, "");
    eprintln!(
        "error: generated/ has drifted from the specs ({} file(s) differ, {} no longer produced)\n\
         run `{COMMAND}` and commit the result",
        plan.write.len(),
        plan.remove.len()
    );
    ExitCode::FAILURE
}

/// One line per crate: name, operations, types, lines, status, time.
fn print_report(generation: &Generation, plan: &Plan, changed_word: &str) {
    for summary in &generation.crates {
        let prefix = format!("{}/", summary.dir);
        let changed = plan.write.iter().any(|p| p.starts_with(&prefix));
        let status = match (changed, changed_word) {
            (false, _) => "unchanged",
            (true, "") => "drifted",
            (true, word) => word,
        };
        println!(
            "{:<24} {:>3} operations {:>4} types {:>6} lines  {:<9} {:>5} ms",
            summary.name,
            summary.operations,
            summary.types,
            summary.lines,
            status,
            summary.elapsed.as_millis()
        );
    }
}

/// Writes through a temporary file in the same directory, then renames it
/// over the target, so that a reader never sees a half-written file.
fn write_atomically(path: &Path, contents: &[u8]) -> Result<(), String> {
    let dir = path
        .parent()
        .ok_or_else(|| format!("error: {} has no parent directory", path.display()))?;
    fs::create_dir_all(dir).map_err(|e| format!("error: cannot create {}: {e}", dir.display()))?;
    let mut temp = tempfile::NamedTempFile::new_in(dir)
        .map_err(|e| format!("error: cannot write in {}: {e}", dir.display()))?;
    temp.write_all(contents)
        .map_err(|e| format!("error: cannot write {}: {e}", path.display()))?;
    temp.persist(path)
        .map_err(|e| format!("error: cannot write {}: {}", path.display(), e.error))?;
    Ok(())
}

/// After removing a file, removes the directories it leaves empty, up to
/// generated/ itself.
fn remove_empty_parents(root: &Path, file: &Path) {
    let top = root.join(OUTPUT_DIR);
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == top || !d.starts_with(&top) || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}
