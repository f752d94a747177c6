//! Two clones of the workspace that share one `CARGO_TARGET_DIR` (a global
//! target directory, git worktrees, a CI cache) share one xtask binary.
//! `cargo xtask codegen` must regenerate the clone it is run in, and only
//! that one: xtask finds the workspace from the current directory at run
//! time, not from the path it was compiled in.
//!
//! This runs the real command, so it builds xtask in the clones: into the
//! `CARGO_TARGET_DIR` the tests run with, when one is set (as CI does; its
//! dependencies are built there already, so only the workspace's own crates
//! are compiled), else cold into a temporary target directory (about a
//! minute and a half on 2 cores). The second clone then finds that build
//! fresh and reuses the binary, which is exactly the situation in which a
//! compile-time path would write into the wrong clone.

use std::fs;
use std::path::Path;
use std::process::Command;

use integration_tests::{repo_root, tree};

/// What `cargo` needs to load the workspace and build xtask: every member
/// and the lock file, without `target/` or `.git/`.
const WORKSPACE: [&str; 10] = [
    "Cargo.toml",
    "Cargo.lock",
    ".cargo",
    "xtask",
    "generator",
    "specs",
    "generated",
    "tests",
    "benchmarks",
    "README.md",
];

fn copy_workspace(to: &Path) {
    let root = repo_root();
    for entry in WORKSPACE {
        let from = root.join(entry);
        if from.is_file() {
            fs::copy(&from, to.join(entry)).expect("copy a workspace file");
            continue;
        }
        for (path, bytes) in tree(&from) {
            if path.starts_with("target") {
                continue;
            }
            let target = to.join(entry).join(path);
            fs::create_dir_all(target.parent().expect("a parent")).expect("create a directory");
            fs::write(target, bytes).expect("copy a workspace file");
        }
    }
}

/// Adds a field named `field` to Contactship's `Thread` in the clone.
fn add_field(clone: &Path, field: &str) {
    let spec = clone.join("specs/contactship.yaml");
    let text = fs::read_to_string(&spec).expect("read the spec");
    // Thread's own `contact_id` (the request bodies of the WhatsApp sends
    // have one too).
    let anchor = "        contact_id:\n          type: string\n          description: UUID of the contact in this thread.\n";
    assert_eq!(
        text.matches(anchor).count(),
        1,
        "the anchor this test edits at"
    );
    let added = format!("        {field}:\n          type: string\n");
    fs::write(&spec, text.replacen(anchor, &format!("{added}{anchor}"), 1))
        .expect("write the spec");
}

/// `cargo xtask codegen`, run from `dir` (a directory inside a clone), with
/// the shared target directory.
fn codegen_in(dir: &Path, target_dir: &Path, own_target: bool) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut command = Command::new(cargo);
    command
        .args(["--offline", "xtask", "codegen"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir);
    if own_target {
        // Only this test reads the build: no debug info keeps it short.
        command.env("CARGO_PROFILE_DEV_DEBUG", "0");
    }
    let output = command.output().expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo xtask codegen in {} failed:\n{}\n{}",
        dir.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn contactship_lib(clone: &Path) -> String {
    fs::read_to_string(clone.join("generated/contactship/src/lib.rs")).expect("read lib.rs")
}

#[test]
fn two_clones_sharing_a_target_dir_each_regenerate_only_themselves() {
    let temp = tempfile::tempdir().expect("a temporary directory");
    let (a, b) = (temp.path().join("a"), temp.path().join("b"));
    let outer = std::env::var_os("CARGO_TARGET_DIR").map(std::path::PathBuf::from);
    let own_target = outer.is_none();
    let target_dir = outer.unwrap_or_else(|| temp.path().join("shared-target"));
    for clone in [&a, &b] {
        fs::create_dir_all(clone).expect("create a clone directory");
        copy_workspace(clone);
    }
    add_field(&a, "alpha_label");
    add_field(&b, "beta_label");
    let untouched_b = tree(&b.join("generated"));

    // From a member directory of clone a, not its root.
    codegen_in(&a.join("generated/conversations"), &target_dir, own_target);
    assert!(contactship_lib(&a).contains("pub alpha_label:"));
    assert!(!contactship_lib(&a).contains("beta_label"));
    assert!(
        tree(&b.join("generated")) == untouched_b,
        "running in clone a changed clone b"
    );

    let regenerated_a = tree(&a.join("generated"));
    codegen_in(&b, &target_dir, own_target);
    assert!(contactship_lib(&b).contains("pub beta_label:"));
    assert!(!contactship_lib(&b).contains("alpha_label"));
    assert!(
        tree(&a.join("generated")) == regenerated_a,
        "running in clone b changed clone a"
    );
}
