//! The work behind `cargo xtask codegen`, as a library so that tests can run
//! it against a scratch copy of the workspace and check what it printed,
//! its exit code and the files it left.

pub mod corpus;
mod record;

pub use record::Record;

use std::collections::BTreeMap;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use codegen::{COMMAND, Generation, OUTPUT_DIR, SpecFile};

/// What a run printed and how it ended.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The process exit code: 0 on success, 1 on a bad spec, an I/O error or
    /// (with `--check`) drift.
    pub exit_code: u8,
    /// The report (and, with `--check`, the diffs).
    pub stdout: String,
    /// Diagnostics and errors.
    pub stderr: String,
}

/// How `cargo xtask codegen` runs: its flags.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// `--check`: compare instead of writing; exit 1 when generated/ drifted.
    pub check: bool,
    /// `--verbose`: under each crate's line, the details (fix-ups applied,
    /// provider fields no mapping reads). They come from a generation, so
    /// `--verbose` generates even when nothing changed.
    pub verbose: bool,
    /// `--force`: generate even when the specs, the generator and
    /// generated/ are as when last verified ([`Record`]).
    pub force: bool,
}

impl Options {
    /// `cargo xtask codegen`.
    pub const WRITE: Self = Self {
        check: false,
        verbose: false,
        force: false,
    };
    /// `cargo xtask codegen --check`.
    pub const CHECK: Self = Self {
        check: true,
        verbose: false,
        force: false,
    };
}

/// Runs `cargo xtask codegen` with `options` on the workspace at `root`:
/// reads `specs/`, generates every crate in memory, and (without `--check`)
/// writes `generated/` atomically, removing files the specs no longer
/// produce.
///
/// When the specs, the generator and every file under generated/ are as the
/// last verified generation left them ([`Record`], kept in the target
/// directory), nothing is generated: the run prints that generation's report
/// and says so. `--force` and `--verbose` always generate.
///
/// The outcome's exit code is 0 on success; 1 when a spec or mapping has a
/// problem (the diagnostics on stderr, `generated/` untouched), on an I/O
/// error, or, with `--check`, when `generated/` has drifted (the diffs on
/// stdout).
pub fn codegen(root: &Path, options: Options) -> Outcome {
    let mut outcome = Outcome::default();
    if let Err(message) = run(root, options, &mut outcome) {
        outcome.stderr.push_str(&message);
        outcome.stderr.push('\n');
        outcome.exit_code = 1;
    }
    outcome
}

/// The workspace to work on: the nearest directory, from `start` upwards,
/// whose `Cargo.toml` declares `[workspace]` and that holds `specs/`.
///
/// Found at run time, never from the path xtask was compiled in: clones that
/// share one `CARGO_TARGET_DIR` (a global target directory, git worktrees, a
/// CI cache) share one xtask binary, and each must regenerate itself.
///
/// # Errors
/// When no such directory contains `start`: the message says where the search
/// began and what to do.
pub fn workspace_root(start: &Path) -> Result<PathBuf, String> {
    for dir in start.ancestors() {
        let manifest = dir.join("Cargo.toml");
        let Ok(text) = fs::read_to_string(&manifest) else {
            continue;
        };
        if declares_workspace(&text) && dir.join("specs").is_dir() {
            return Ok(dir.to_path_buf());
        }
    }
    Err(format!(
        "error: {} is not inside this project's workspace (no `Cargo.toml` with `[workspace]` \
         beside a `specs/` directory in it or above it)\n\
         run `cargo xtask` from the clone you want to regenerate",
        start.display()
    ))
}

/// Whether a manifest declares a workspace: a `[workspace]` table header on a
/// line of its own, as Cargo writes it (comments aside).
fn declares_workspace(manifest: &str) -> bool {
    manifest.lines().any(|line| {
        let line = line.split('#').next().unwrap_or_default().trim();
        line == "[workspace]"
    })
}

/// Every spec file under `specs/` (`.yaml`, `.yml`, `.json`, in folders too:
/// a provider's spec in several files), the model and the mapping files,
/// sorted by path so that every run sees them in the same order, each with
/// its path relative to `root`.
///
/// # Errors
/// `specs/` or a file in it cannot be read: the message names it and the
/// operating system's reason.
pub fn read_specs(root: &Path) -> Result<Vec<SpecFile>, String> {
    read_spec_tree(root).map(|tree| tree.files)
}

/// What is under `specs/`: the files read, and the paths of those that are
/// not specs (a `README` or `LICENSE` beside a spec is expected, and not
/// listed).
#[derive(Debug, Default)]
pub struct SpecTree {
    pub files: Vec<SpecFile>,
    pub unread: Vec<String>,
}

/// [`read_specs`], with the files it does not read.
///
/// # Errors
/// As [`read_specs`].
pub fn read_spec_tree(root: &Path) -> Result<SpecTree, String> {
    let mut paths = Vec::new();
    let mut unread = Vec::new();
    let mut pending = vec![root.join("specs")];
    while let Some(dir) = pending.pop() {
        let entries =
            fs::read_dir(&dir).map_err(|e| format!("error: cannot read {}: {e}", dir.display()))?;
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if is_spec_file(&path) {
                paths.push(path);
            } else if !is_documentation(&path) {
                unread.push(relative(root, &path));
            }
        }
    }
    paths.sort();
    unread.sort();
    let files = paths
        .into_iter()
        .map(|path| {
            let text = fs::read_to_string(&path)
                .map_err(|e| format!("error: cannot read {}: {e}", path.display()))?;
            Ok(SpecFile {
                path: relative(root, &path),
                text,
            })
        })
        .collect::<Result<_, String>>()?;
    Ok(SpecTree { files, unread })
}

/// A README or a licence beside a spec, as publishers ship them.
fn is_documentation(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_uppercase())
        .unwrap_or_default();
    name.starts_with("README") || name.starts_with("LICENSE") || name.starts_with("LICENCE")
}

/// Specs come as providers publish them: YAML (`.yaml`, `.yml`) or JSON.
pub(crate) fn is_spec_file(path: &Path) -> bool {
    path.extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| matches!(ext, "yaml" | "yml" | "json"))
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Every file currently under generated/, by path relative to the root, with
/// its bytes; none when generated/ does not exist yet.
///
/// # Errors
/// A directory or file under generated/ cannot be read: the message names it.
pub fn files_on_disk(root: &Path) -> Result<BTreeMap<String, Vec<u8>>, String> {
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

fn run(root: &Path, options: Options, out: &mut Outcome) -> Result<(), String> {
    let Options {
        check,
        verbose,
        force,
    } = options;
    let SpecTree {
        files: specs,
        unread,
    } = read_spec_tree(root)?;
    let started = Instant::now();
    let generator = record::generator_identity();
    let on_disk = files_on_disk(root)?;
    let verified = (!force && !verbose)
        .then(|| Record::read(root))
        .flatten()
        .filter(|last| last.matches(&generator, &specs, &on_disk));
    if let Some(last) = verified {
        out.stdout.push_str(&last.report);
        let verdict = if check {
            "generated/ is up to date with the specs"
        } else {
            "generated/ was already up to date with the specs"
        };
        out.stdout.push_str(&format!(
            "{verdict} ({} ms; nothing generated: the specs, the generator and generated/ are as \
             when last verified; `--force` generates everything)\n",
            started.elapsed().as_millis()
        ));
        return Ok(());
    }
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
    let plan = plan(&generation, &on_disk);
    let mut notes = String::new();
    for path in &unread {
        notes.push_str(&format!(
            "note: {path} is not read: a spec is a `.yaml`, `.yml` or `.json` file\n"
        ));
    }
    for note in &generation.notes {
        notes.push_str(&format!("note: {note}\n"));
    }
    out.stdout.push_str(&notes);
    // The report a clean `--check` prints, kept with the record of a
    // verified generation for the runs that skip it.
    let clean_report = || {
        let mut clean = Outcome {
            stdout: notes.clone(),
            ..Outcome::default()
        };
        let unchanged = Plan {
            write: Vec::new(),
            remove: Vec::new(),
        };
        print_report(&generation, &unchanged, "", false, &mut clean);
        clean.stdout
    };

    if check {
        report_drift(&generation, &on_disk, &plan, started, verbose, out);
        if out.exit_code == 0 {
            let files = on_disk.iter().map(|(p, b)| (p, b.as_slice()));
            Record::new(generator, &specs, files, clean_report()).write(root)?;
        }
        return Ok(());
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
    print_report(&generation, &plan, "updated", verbose, out);
    for path in &plan.remove {
        out.stdout.push_str(&format!("removed {path}\n"));
    }
    let files = generation.files.iter().map(|(p, t)| (p, t.as_bytes()));
    Record::new(generator, &specs, files, clean_report()).write(root)?;
    out.stdout
        .push_str(&format!("done in {} ms\n", started.elapsed().as_millis()));
    Ok(())
}

fn report_drift(
    generation: &Generation,
    on_disk: &BTreeMap<String, Vec<u8>>,
    plan: &Plan,
    started: Instant,
    verbose: bool,
    out: &mut Outcome,
) {
    if plan.write.is_empty() && plan.remove.is_empty() {
        print_report(generation, plan, "", verbose, out);
        out.stdout.push_str(&format!(
            "generated/ is up to date with the specs ({} ms)\n",
            started.elapsed().as_millis()
        ));
        return;
    }
    for path in &plan.write {
        let old = on_disk
            .get(path)
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default();
        let diff = similar::TextDiff::from_lines(&old, &generation.files[path]);
        let unified = diff
            .unified_diff()
            .context_radius(3)
            .header(&format!("a/{path}"), &format!("b/{path}"))
            .to_string();
        out.stdout.push_str(&unified);
    }
    for path in &plan.remove {
        out.stdout.push_str(&format!(
            "--- a/{path}\n+++ /dev/null\n(the specs no longer produce this file)\n"
        ));
    }
    out.stdout.push('\n');
    print_report(generation, plan, "", verbose, out);
    out.stderr.push_str(&format!(
        "error: generated/ has drifted from the specs ({} file(s) differ, {} no longer produced)\n\
         run `{COMMAND}` and commit the result\n",
        plan.write.len(),
        plan.remove.len()
    ));
    out.exit_code = 1;
}

/// One line per crate: name, directory, files, operations, types, lines,
/// status, time; with `verbose`, the crate's details on indented lines below
/// it: how often each fix-up applied, and the generator's notes.
fn print_report(
    generation: &Generation,
    plan: &Plan,
    changed_word: &str,
    verbose: bool,
    out: &mut Outcome,
) {
    for summary in &generation.crates {
        let prefix = format!("{}/", summary.dir);
        let changed = plan
            .write
            .iter()
            .chain(&plan.remove)
            .any(|p| p.starts_with(&prefix));
        let status = match (changed, changed_word) {
            (false, _) => "unchanged",
            (true, "") => "drifted",
            (true, word) => word,
        };
        out.stdout.push_str(&format!(
            "{:<22} {:<24} {:>2} files {:>4} operations {:>4} types {:>6} lines  {:<9} {:>5} ms\n",
            summary.name,
            summary.dir,
            summary.files,
            summary.operations,
            summary.types,
            summary.lines,
            status,
            summary.elapsed.as_millis()
        ));
        for note in &summary.notes {
            out.stdout.push_str(&format!("    note: {note}\n"));
        }
        if !verbose {
            continue;
        }
        if !summary.fixups.is_empty() {
            let counts: Vec<String> = summary
                .fixups
                .iter()
                .map(|f| format!("{} ×{}", f.name, f.applied))
                .collect();
            out.stdout
                .push_str(&format!("    fix-ups applied: {}\n", counts.join(", ")));
        }
        for detail in &summary.details {
            out.stdout.push_str(&format!("    {detail}\n"));
        }
    }
}

/// Writes through a temporary file in the same directory, then renames it
/// over the target, so that a reader never sees a half-written file.
pub(crate) fn write_atomically(path: &Path, contents: &[u8]) -> Result<(), String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workspace_header_counts_only_on_a_line_of_its_own() {
        assert!(declares_workspace("[workspace]\nmembers = []\n"));
        assert!(declares_workspace("  [workspace]   # the root\n"));
        assert!(!declares_workspace("[package]\nname = \"x\"\n"));
        assert!(!declares_workspace("# [workspace]\n[package]\n"));
        assert!(!declares_workspace("[workspace.dependencies]\n"));
    }

    #[test]
    fn the_root_is_found_from_any_directory_below_it() {
        let temp = tempfile::tempdir().expect("a temporary directory");
        let root = temp.path().join("clone");
        let member = root.join("generated/conversations/src");
        fs::create_dir_all(&member).expect("create directories");
        fs::create_dir_all(root.join("specs")).expect("create specs/");
        fs::write(root.join("Cargo.toml"), "[workspace]\nmembers = []\n").expect("write");
        fs::write(
            root.join("generated/conversations/Cargo.toml"),
            "[package]\nname = \"conversations\"\n",
        )
        .expect("write");
        assert_eq!(workspace_root(&member), Ok(root.clone()));
        assert_eq!(workspace_root(&root), Ok(root));
    }

    #[test]
    fn outside_a_workspace_the_error_says_where_and_what_to_do() {
        let temp = tempfile::tempdir().expect("a temporary directory");
        let error = workspace_root(temp.path()).expect_err("no workspace here");
        assert!(
            error.starts_with(&format!("error: {} is not inside", temp.path().display())),
            "{error}"
        );
        assert!(error.ends_with("run `cargo xtask` from the clone you want to regenerate"));
    }
}
