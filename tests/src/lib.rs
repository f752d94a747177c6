//! Integration tests across the workspace live in `tests/tests/`. This
//! library holds what several of them need: scratch copies of the workspace,
//! so that a test can run `cargo xtask codegen` on a changed spec without
//! touching the real tree.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The workspace root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A scratch workspace in a temporary directory holding a copy of the real
/// `specs/*.yaml`, `specs/mappings/*.yaml` and of the whole `generated/` tree: enough for
/// `xtask::codegen` to run on. Deleted when dropped.
pub fn scratch_workspace() -> tempfile::TempDir {
    let scratch = tempfile::tempdir().expect("a temporary directory");
    let root = repo_root();
    for dir in ["specs", "specs/mappings"] {
        fs::create_dir_all(scratch.path().join(dir)).expect("create a specs directory");
        for entry in fs::read_dir(root.join(dir)).expect("read a specs directory") {
            let path = entry.expect("a directory entry").path();
            if path.extension().is_some_and(|e| e == "yaml") {
                let name = path.file_name().expect("a file name");
                fs::copy(&path, scratch.path().join(dir).join(name)).expect("copy a spec");
            }
        }
    }
    for (path, bytes) in tree(&root.join("generated")) {
        let target = scratch.path().join("generated").join(path);
        fs::create_dir_all(target.parent().expect("a parent")).expect("create a directory");
        fs::write(target, bytes).expect("copy a generated file");
    }
    scratch
}

/// Every file below `dir`, by path relative to `dir`, with its bytes.
pub fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let Ok(entries) = fs::read_dir(&current) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let relative = path.strip_prefix(dir).expect("below dir").to_path_buf();
                files.insert(relative, fs::read(&path).expect("read a file"));
            }
        }
    }
    files
}

// The bad-input corpora (`tests/bad-specs/`, `tests/bad-mappings/`): run
// codegen on a scratch workspace that holds one broken input, and check the
// diagnostic it prints.

/// Every file under generated/ that differs between `before` and `after`.
pub fn changed_files(dir: &Path, before: &BTreeMap<PathBuf, Vec<u8>>) -> Vec<PathBuf> {
    let after = tree(dir);
    before
        .keys()
        .chain(after.keys())
        .filter(|path| before.get(*path) != after.get(*path))
        .cloned()
        .collect()
}

/// Runs codegen (or `codegen --check`) in `scratch`; checks that it failed
/// with exit code 1, printed nothing on stdout, did not panic, reported only
/// `file`, and did not change `generated/`. Returns stderr.
pub fn run_expecting_failure(scratch: &tempfile::TempDir, file: &str, check: bool) -> String {
    let generated = scratch.path().join("generated");
    let before = tree(&generated);
    assert!(
        before.contains_key(Path::new("conversations/src/lib.rs")),
        "the scratch generated/ holds the real crates"
    );

    let outcome = xtask::codegen(
        scratch.path(),
        xtask::Options {
            check,
            ..xtask::Options::WRITE
        },
    );

    let stderr = outcome.stderr;
    assert_eq!(outcome.exit_code, 1, "stderr:\n{stderr}");
    assert_eq!(outcome.stdout, "", "stderr:\n{stderr}");
    assert!(!stderr.contains("panicked"), "stderr:\n{stderr}");
    for line in stderr.lines().filter(|l| l.starts_with("specs/")) {
        assert!(
            line.starts_with(file),
            "only {file} is reported, not: {line}"
        );
    }
    assert_eq!(
        changed_files(&generated, &before),
        Vec::<PathBuf>::new(),
        "generated/ files added, removed or changed"
    );
    stderr
}

/// One diagnostic expected in stderr.
pub struct Expected<'a> {
    /// What follows the file name: `:line:col`, `#/pointer`, or nothing.
    pub location: &'a str,
    /// The JSON pointer on the `at:` line, when there is one.
    pub at: Option<&'a str>,
    /// The key part of the message: what is wrong.
    pub message: &'a str,
    /// The key part of the `help:` line: what to do.
    pub help: &'a str,
}

/// Checks that stderr holds `expected` as a diagnostic of `file`:
/// `<file><location>: error: <message>`, then its `at:` line (if any) and its
/// `help:` line.
pub fn assert_reported(stderr: &str, file: &str, expected: &Expected<'_>) {
    let header = format!("{file}{}: error: ", expected.location);
    let start = stderr
        .lines()
        .position(|line| line.starts_with(&header))
        .unwrap_or_else(|| panic!("no line starts with `{header}` in stderr:\n{stderr}"));
    let mut lines = stderr.lines().skip(start);
    let first = lines.next().expect("the header line");
    assert!(
        first.contains(expected.message),
        "`{first}` should say `{}`",
        expected.message
    );
    let details: Vec<&str> = lines.take_while(|l| l.starts_with("  ")).collect();
    let at = details.iter().find_map(|l| l.strip_prefix("  at: #"));
    assert_eq!(at, expected.at, "the `at:` line of `{first}`");
    let help = details
        .iter()
        .find_map(|l| l.strip_prefix("  help: "))
        .unwrap_or_else(|| panic!("no `help:` line after `{first}`"));
    assert!(
        help.contains(expected.help),
        "the help `{help}` should say `{}`",
        expected.help
    );
}

// The README's example of using a generated client is compiled as a doctest
// of this crate, so that it breaks the build when the generated API changes.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
