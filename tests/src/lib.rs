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

// The README's example of using a generated client is compiled as a doctest
// of this crate, so that it breaks the build when the generated API changes.
#[doc = include_str!("../../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
