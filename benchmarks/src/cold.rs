//! Cold builds, side by side: `cargo xtask codegen` on a fresh clone of the
//! workspace against a crate that runs bare progenitor + prettyplease, each
//! from an empty target directory, with the same dependency versions (the
//! bare crate takes the workspace's `Cargo.lock`) and the same profile
//! settings for the generator's dependencies.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

pub struct Builds {
    pub ours: Duration,
    pub bare: Duration,
    /// Crates compiled by each build, from cargo's own count.
    pub ours_crates: usize,
    pub bare_crates: usize,
}

/// Builds both, one after the other, in a scratch directory under
/// `target/`. Needs the crates in cargo's local registry (a build of the
/// workspace has fetched them); nothing is downloaded (`--offline`).
pub fn measure(root: &Path) -> Result<Builds, String> {
    let scratch = root.join("target/bench-cold");
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;

    // Ours: a fresh clone of the committed tree, its own target directory.
    let clone = scratch.join("clone");
    run(Command::new("git")
        .args(["clone", "--quiet", "--no-hardlinks"])
        .arg(root)
        .arg(&clone))?;
    let started = Instant::now();
    // `cargo xtask codegen` without the alias's `--quiet`, so that cargo
    // says what it compiles.
    let ours_log = run(cargo(&clone, &clone.join("target")).args([
        "run",
        "--package",
        "xtask",
        "--",
        "codegen",
    ]))?;
    let ours = started.elapsed();

    // Bare: progenitor + prettyplease on the same spec, same lock, same profile.
    let bare_dir = scratch.join("bare");
    write_bare_crate(root, &bare_dir)?;
    let started = Instant::now();
    let bare_log = run(cargo(&bare_dir, &bare_dir.join("target"))
        .args(["run", "--offline", "--"])
        .arg(root.join("benchmarks/specs/nexus.json")))?;
    let bare = started.elapsed();
    let _ = std::fs::remove_dir_all(&scratch);
    Ok(Builds {
        ours,
        bare,
        ours_crates: compiled(&ours_log),
        bare_crates: compiled(&bare_log),
    })
}

fn cargo(dir: &Path, target: &Path) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_INCREMENTAL", "0")
        .env("CARGO_TERM_COLOR", "never")
        .env_remove("RUSTFLAGS");
    command
}

/// Runs `command`, returning its stderr (cargo's progress).
fn run(command: &mut Command) -> Result<String, String> {
    let output = command
        .output()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if output.status.success() {
        Ok(stderr)
    } else {
        Err(format!("{command:?} failed:\n{stderr}"))
    }
}

/// The number of `Compiling` lines cargo printed.
fn compiled(log: &str) -> usize {
    log.lines()
        .filter(|l| l.trim_start().starts_with("Compiling "))
        .count()
}

/// A crate that does what bare progenitor users do: read a spec, generate,
/// format. Its dependencies are the workspace's own (versions from its
/// lock), optimized as the workspace optimizes the generator's.
fn write_bare_crate(root: &Path, dir: &Path) -> Result<(), String> {
    let write = |path: PathBuf, text: &str| {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))
    };
    let workspace = std::fs::read_to_string(root.join("Cargo.toml"))
        .map_err(|e| format!("cannot read the workspace's Cargo.toml: {e}"))?;
    // The generator's dependencies are optimized in the dev profile: the
    // same section, copied, so that both builds do the same work per crate.
    let profile = workspace
        .find("[profile.dev.package]")
        .map(|at| &workspace[at..])
        .unwrap_or_default();
    let manifest = format!(
        "[package]\nname = \"bare-progenitor\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nprogenitor = {{ version = \"0.15.1\", default-features = false }}\n\
         openapiv3 = \"2.2\"\nserde_json = \"1\"\nsyn = \"3\"\nprettyplease = \"0.3\"\n\n\
         [workspace]\n\n{profile}"
    );
    write(dir.join("Cargo.toml"), &manifest)?;
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))
        .map_err(|e| format!("cannot copy Cargo.lock: {e}"))?;
    write(
        dir.join("src/main.rs"),
        r#"fn main() {
    let path = std::env::args().nth(1).expect("a spec path");
    let text = std::fs::read_to_string(path).expect("the spec");
    let spec: openapiv3::OpenAPI = serde_json::from_str(&text).expect("OpenAPI");
    let mut settings = progenitor::GenerationSettings::new();
    settings.with_interface(progenitor::InterfaceStyle::Builder);
    let tokens = progenitor::Generator::new(&settings).generate_tokens(&spec).expect("generates");
    let file: syn::File = syn::parse2(tokens).expect("parses");
    println!("{} bytes", prettyplease::unparse(&file).len());
}
"#,
    )
}
