//! `cargo xtask corpus`: every spec of a corpus of real published specs
//! (`corpus/specs/`), generated on its own and compiled, with what bare
//! progenitor makes of the same file printed beside it.
//!
//! Each spec is generated as `specs/<file name>`, the way a user drops it in.
//! The crates that generate are written into one scratch workspace under
//! `target/corpus/` and checked by one `cargo check` sharing the project's
//! target directory (so the dependencies are built once). Bare progenitor
//! runs in a child process (`cargo xtask corpus --bare FILE`): typify can
//! overflow its stack on some specs, and a stack overflow aborts the whole
//! process, which must not take the report with it.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::SpecFile;

/// What happened to one spec.
pub struct Outcome {
    /// The file name, e.g. `petstore.yaml`.
    pub file: String,
    /// Ours: the crate and its size, or the first diagnostics.
    pub ours: Result<Generated, Vec<String>>,
    /// Did the generated crate compile (`None`: not generated, or not checked).
    pub compiles: Option<bool>,
    /// Bare progenitor (`Generator::generate_tokens`) on the same file.
    pub bare: String,
    /// Did bare progenitor's code compile (`None`: not generated, or not
    /// checked).
    pub bare_compiles: Option<bool>,
    /// With `--decode`: how the spec's response examples decoded.
    pub decoded: Option<Decoded>,
}

/// How a spec's response examples decoded into the generated types.
#[derive(Debug, Default)]
pub struct Decoded {
    pub total: usize,
    pub ok: usize,
    /// Each example that did not decode: operation, status, example name,
    /// serde's error, and where the example breaks its own schema if it does.
    pub failures: Vec<(String, String, String, String, Option<String>)>,
}

/// A crate generated from a corpus spec.
pub struct Generated {
    pub crate_name: String,
    pub dir: String,
    pub operations: usize,
    pub types: usize,
    pub notes: Vec<String>,
    /// The response examples and the types they decode into.
    pub examples: Vec<codegen::ResponseExample>,
    files: BTreeMap<String, String>,
}

/// Runs the corpus in `dir` (its specs of at most `max_size` bytes, when
/// given); with `compile`, checks the crates.
///
/// # Errors
/// The directory cannot be read, or the scratch workspace cannot be written
/// or cargo cannot be started: the message says which.
pub fn run(
    root: &Path,
    dir: &Path,
    compile: bool,
    max_size: Option<u64>,
) -> Result<Vec<Outcome>, String> {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| format!("error: cannot read {}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir() || crate::is_spec_file(p))
        .filter(|p| max_size.is_none_or(|most| size_of(p) <= most))
        .collect();
    entries.sort();
    let mut outcomes = Vec::new();
    for path in &entries {
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // A folder is one spec in several files, as a provider's folder
        // under `specs/` is.
        let specs = if path.is_dir() {
            spec_folder(path, &format!("specs/{file}"))?
        } else {
            let text = fs::read_to_string(path)
                .map_err(|e| format!("error: cannot read {}: {e}", path.display()))?;
            vec![SpecFile {
                path: format!("specs/{file}"),
                text,
            }]
        };
        let ours = match codegen::generate(&specs) {
            Ok(generation) => {
                let summary = generation.crates.first();
                Ok(Generated {
                    crate_name: summary.map(|s| s.name.clone()).unwrap_or_default(),
                    dir: summary.map(|s| s.dir.clone()).unwrap_or_default(),
                    operations: summary.map_or(0, |s| s.operations),
                    types: summary.map_or(0, |s| s.types),
                    notes: summary
                        .map(|s| s.notes.iter().map(ToString::to_string).collect())
                        .unwrap_or_default(),
                    examples: summary
                        .map(|s| s.response_examples.clone())
                        .unwrap_or_default(),
                    files: generation.files,
                })
            }
            Err(diagnostics) => Err(diagnostics.0.iter().map(ToString::to_string).collect()),
        };
        let bare = if path.is_dir() {
            "not run (progenitor reads one file; this spec is in several)".to_owned()
        } else {
            let bare_lib = root
                .join("target/corpus-bare")
                .join(bare_crate(&file))
                .join("src/lib.rs");
            bare_outcome(path, &bare_lib)
        };
        outcomes.push(Outcome {
            bare,
            file,
            ours,
            compiles: None,
            bare_compiles: None,
            decoded: None,
        });
    }
    if compile {
        check_crates(root, &mut outcomes)?;
    }
    Ok(outcomes)
}

/// The bytes of a spec file, or of every file of a spec folder.
fn size_of(path: &Path) -> u64 {
    if path.is_dir() {
        fs::read_dir(path)
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .map(|e| size_of(&e.path()))
            .sum()
    } else {
        fs::metadata(path).map_or(0, |m| m.len())
    }
}

/// Every spec file under `dir`, with its path below `prefix`
/// (`specs/acme/paths/a.yml`), sorted.
fn spec_folder(dir: &Path, prefix: &str) -> Result<Vec<SpecFile>, String> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let entries = fs::read_dir(&current)
            .map_err(|e| format!("error: cannot read {}: {e}", current.display()))?;
        for path in entries.filter_map(Result::ok).map(|e| e.path()) {
            if path.is_dir() {
                pending.push(path);
            } else if crate::is_spec_file(&path) {
                let text = fs::read_to_string(&path)
                    .map_err(|e| format!("error: cannot read {}: {e}", path.display()))?;
                let below = path
                    .strip_prefix(dir)
                    .unwrap_or(&path)
                    .to_string_lossy()
                    .replace('\\', "/");
                found.push(SpecFile {
                    path: format!("{prefix}/{below}"),
                    text,
                });
            }
        }
    }
    found.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(found)
}

/// The package of bare progenitor's code for a corpus file:
/// `petstore.yaml` → `bare-petstore`.
fn bare_crate(file: &str) -> String {
    let stem = file.rsplit_once('.').map_or(file, |(stem, _)| stem);
    let name: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    format!("bare-{name}")
}

/// Runs bare progenitor on `path` in a child process, which writes the code
/// to `lib`, and says what happened.
fn bare_outcome(path: &Path, lib: &Path) -> String {
    let Ok(exe) = std::env::current_exe() else {
        return "not run (no path to xtask)".into();
    };
    if let Some(dir) = lib.parent() {
        let _ = fs::create_dir_all(dir);
    }
    let _ = fs::remove_file(lib);
    let run = Command::new(exe)
        .args(["corpus", "--bare"])
        .arg(path)
        .env("CORPUS_BARE_OUT", lib)
        .output();
    match run {
        Ok(output) if output.status.success() => {
            String::from_utf8_lossy(&output.stdout).trim().to_owned()
        }
        Ok(output) => {
            let said = String::from_utf8_lossy(&output.stdout).trim().to_owned();
            if said.is_empty() {
                format!("aborted ({})", output.status)
            } else {
                said
            }
        }
        Err(e) => format!("not run ({e})"),
    }
}

/// Bare progenitor on one file, in this process: one line on stdout.
/// Exit 0 when it generated, 1 when it refused or panicked (an abort kills
/// the process, which the parent reports).
pub fn bare(path: &Path) -> (String, bool) {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => return (format!("cannot read: {e}"), false),
    };
    let is_json = path.extension().is_some_and(|e| e == "json");
    let parsed: Result<openapiv3::OpenAPI, String> = if is_json {
        serde_json::from_str(&text).map_err(|e| e.to_string())
    } else {
        serde_yaml::from_str(&text).map_err(|e| e.to_string())
    };
    let spec = match parsed {
        Ok(spec) => spec,
        Err(e) => return (format!("refused: {}", first_line(&e)), false),
    };
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(|| {
        progenitor::Generator::default()
            .generate_tokens(&spec)
            .map(|tokens| {
                let text = tokens.to_string();
                // For a closer look at what bare progenitor made.
                if let Some(out) = std::env::var_os("CORPUS_BARE_OUT") {
                    let _ = fs::write(out, &text);
                }
                text.len()
            })
    });
    match result {
        Ok(Ok(bytes)) => (format!("generated ({} KB of tokens)", bytes / 1024), true),
        Ok(Err(e)) => (format!("refused: {}", first_line(&e.to_string())), false),
        Err(payload) => {
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            (format!("panicked: {}", first_line(&message)), false)
        }
    }
}

fn first_line(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default();
    match line.char_indices().nth(100) {
        Some((at, _)) => format!("{}…", &line[..at]),
        None => line.to_owned(),
    }
}

/// Writes the generated crates into `target/corpus/` as one workspace and
/// checks them with one `cargo check --keep-going`; marks each outcome.
fn check_crates(root: &Path, outcomes: &mut [Outcome]) -> Result<(), String> {
    let scratch = root.join("target/corpus");
    if scratch.exists() {
        fs::remove_dir_all(&scratch)
            .map_err(|e| format!("error: cannot clear {}: {e}", scratch.display()))?;
    }
    let mut members = Vec::new();
    for outcome in outcomes.iter().filter(|o| o.bare.starts_with("generated")) {
        let name = bare_crate(&outcome.file);
        let lib = root
            .join("target/corpus-bare")
            .join(&name)
            .join("src/lib.rs");
        let Ok(code) = fs::read_to_string(&lib) else {
            continue;
        };
        let dir = scratch.join(&name);
        let write = |path: PathBuf, text: &str| {
            fs::create_dir_all(path.parent().unwrap_or(&dir))
                .and_then(|()| fs::write(&path, text))
                .map_err(|e| format!("error: cannot write {}: {e}", path.display()))
        };
        write(dir.join("src/lib.rs"), &code)?;
        write(dir.join("Cargo.toml"), &bare_manifest(&name))?;
        members.push(name);
    }
    for generated in outcomes.iter().filter_map(|o| o.ours.as_ref().ok()) {
        write_crate(&scratch, &generated.files)?;
        members.push(generated.dir.trim_start_matches("generated/").to_owned());
    }
    if members.is_empty() {
        return Ok(());
    }
    write_workspace(root, &scratch, &members)?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(&scratch)
        .env("CARGO_TARGET_DIR", root.join("target"))
        // `--all-features`: each client's `mock` module (its httpmock
        // helpers) is checked too.
        .args([
            "check",
            "--workspace",
            "--all-features",
            "--keep-going",
            "--message-format=json",
        ])
        .output()
        .map_err(|e| format!("error: cannot run cargo: {e}"))?;
    let failed = failed_packages(&String::from_utf8_lossy(&output.stdout));
    if !output.status.success() && failed.is_empty() {
        return Err(format!(
            "error: cargo check of the corpus failed before compiling it:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    for outcome in outcomes.iter_mut() {
        if let Ok(generated) = &outcome.ours {
            outcome.compiles = Some(!failed.iter().any(|p| p == &generated.crate_name));
        }
        if outcome.bare.starts_with("generated") {
            let name = bare_crate(&outcome.file);
            outcome.bare_compiles = Some(!failed.contains(&name));
        }
    }
    Ok(())
}

/// Decodes every response example of each crate that compiled into the type
/// its client decodes that response into: a test per crate in the scratch
/// workspace of [`run`] (which must have compiled them), run by one
/// `cargo test`. Marks each outcome.
///
/// # Errors
/// A test file cannot be written, or cargo cannot be started.
pub fn decode(root: &Path, outcomes: &mut [Outcome]) -> Result<(), String> {
    let scratch = root.join("target/corpus");
    let mut any = false;
    for outcome in outcomes.iter() {
        let Ok(generated) = &outcome.ours else {
            continue;
        };
        if outcome.compiles != Some(true) || generated.examples.is_empty() {
            continue;
        }
        let dir = scratch.join(generated.dir.trim_start_matches("generated/"));
        let lib = generated.crate_name.replace('-', "_");
        let test = decode_test(&generated.crate_name, &lib, &generated.examples);
        fs::create_dir_all(dir.join("tests"))
            .and_then(|()| fs::write(dir.join("tests/decode.rs"), test))
            .map_err(|e| format!("error: cannot write the decode test of {lib}: {e}"))?;
        // The test decodes with serde_json, which the client may not use.
        let manifest = dir.join("Cargo.toml");
        let text = fs::read_to_string(&manifest)
            .map_err(|e| format!("error: cannot read {}: {e}", manifest.display()))?;
        let with = "serde = { workspace = true }\nserde_json = { workspace = true }\n";
        let text = match text.find("[dev-dependencies]\n") {
            Some(at) => {
                let end = at + "[dev-dependencies]\n".len();
                format!("{}{with}{}", &text[..end], &text[end..])
            }
            None => format!("{text}\n[dev-dependencies]\n{with}"),
        };
        fs::write(&manifest, text)
            .map_err(|e| format!("error: cannot write {}: {e}", manifest.display()))?;
        any = true;
    }
    if !any {
        return Ok(());
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(&scratch)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .args([
            "test",
            "--workspace",
            "--test",
            "decode",
            "--no-fail-fast",
            "--",
            "--nocapture",
            "--test-threads=1",
        ])
        .output()
        .map_err(|e| format!("error: cannot run cargo: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    for outcome in outcomes.iter_mut() {
        let Ok(generated) = &outcome.ours else {
            continue;
        };
        if outcome.compiles != Some(true) || generated.examples.is_empty() {
            continue;
        }
        let mut decoded = Decoded::default();
        for line in stdout.lines() {
            // libtest writes `test decode ... ` before the test's first line.
            let Some(at) = line.find("DECODE\t") else {
                continue;
            };
            let fields: Vec<&str> = line[at..].split('\t').collect();
            let ["DECODE", krate, verdict, operation, status, name, rest @ ..] = fields.as_slice()
            else {
                continue;
            };
            if *krate != generated.crate_name {
                continue;
            }
            decoded.total += 1;
            if *verdict == "ok" {
                decoded.ok += 1;
                continue;
            }
            let problem = generated
                .examples
                .iter()
                .find(|e| e.operation == *operation && e.status == *status && e.name == *name)
                .and_then(|e| e.schema_problem.clone());
            let error = rest.first().copied().unwrap_or_default();
            // The example checks leave `pattern` out (see
            // spec/examples/validate.rs); the generated type checks it, with
            // the schema's own pattern.
            let problem = problem.or_else(|| {
                error.contains("doesn't match pattern").then(|| {
                    "a string does not match the `pattern` its schema gives (checked by the \
                     generated type)"
                        .to_owned()
                })
            });
            decoded.failures.push((
                (*operation).to_owned(),
                (*status).to_owned(),
                (*name).to_owned(),
                error.to_owned(),
                problem,
            ));
        }
        if decoded.total < generated.examples.len() {
            let missing = generated.examples.len() - decoded.total;
            decoded.total = generated.examples.len();
            decoded.failures.push((
                String::new(),
                String::new(),
                format!("{missing} example(s)"),
                "not run: the decode test did not build or run (see `cargo test --test decode` in target/corpus)".into(),
                None,
            ));
        }
        outcome.decoded = Some(decoded);
    }
    Ok(())
}

/// The decode test of one crate: a line on stdout per example.
fn decode_test(krate: &str, lib: &str, examples: &[codegen::ResponseExample]) -> String {
    let mut test = format!(
        "//! Written by `cargo xtask corpus --decode`: every response example of the spec,\n\
         //! decoded into the type the client decodes that response into.\n\n\
         fn case<T: serde::de::DeserializeOwned>(operation: &str, status: &str, name: &str, json: &str) {{\n    \
         match serde_json::from_str::<T>(json) {{\n        \
         Ok(_) => println!(\"DECODE\\t{krate}\\tok\\t{{operation}}\\t{{status}}\\t{{name}}\"),\n        \
         Err(e) => println!(\"DECODE\\t{krate}\\tfailed\\t{{operation}}\\t{{status}}\\t{{name}}\\t{{e}}\"),\n    \
         }}\n}}\n\n#[test]\nfn decode() {{\n"
    );
    for example in examples {
        let ty = example.rust_type.replace("crate::", &format!("{lib}::"));
        let hashes = "#".repeat(longest_run(&example.json, '#') + 1);
        let name = example.name.replace(['\t', '\n'], " ");
        test.push_str(&format!(
            "    case::<{ty}>({:?}, {:?}, {name:?}, r{hashes}\"{}\"{hashes});\n",
            example.operation, example.status, example.json
        ));
    }
    test.push_str("}\n");
    test
}

fn longest_run(text: &str, c: char) -> usize {
    let mut longest = 0;
    let mut run = 0;
    for ch in text.chars() {
        if ch == c {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    longest
}

/// The manifest of bare progenitor's code: the crates progenitor's README
/// asks for, and those typify may name. Its warnings are not ours to fix.
fn bare_manifest(name: &str) -> String {
    format!(
        "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
         [lints.rust]\nwarnings = \"allow\"\n\n[dependencies]\n\
         progenitor-client = {{ workspace = true }}\nreqwest = {{ workspace = true }}\n\
         serde = {{ workspace = true }}\nserde_json = {{ workspace = true }}\nchrono = {{ workspace = true }}\n\
         uuid = {{ workspace = true }}\nregress = {{ workspace = true }}\nfutures = {{ workspace = true }}\n"
    )
}

/// Writes the files of a generation (`generated/<dir>/…`) under `scratch`
/// (`<scratch>/<dir>/…`).
///
/// # Errors
/// A directory or file cannot be written: the message names it.
pub fn write_crate(scratch: &Path, files: &BTreeMap<String, String>) -> Result<(), String> {
    for (path, contents) in files {
        let Some(relative) = path.strip_prefix("generated/") else {
            continue;
        };
        let target = scratch.join(relative);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| format!("error: cannot create {}: {e}", parent.display()))?;
        }
        fs::write(&target, contents)
            .map_err(|e| format!("error: cannot write {}: {e}", target.display()))?;
    }
    Ok(())
}

/// Makes `scratch` a workspace of `members` (directories under it) that
/// takes its dependencies from the project's (its `[workspace.package]` and
/// `[workspace.dependencies]`, path dependencies made absolute),
/// with the project's `Cargo.lock`, so that a check shares the project's
/// built dependencies.
///
/// # Errors
/// The project's manifest cannot be read, or the files cannot be written.
pub fn write_workspace(root: &Path, scratch: &Path, members: &[String]) -> Result<(), String> {
    fs::write(
        scratch.join("Cargo.toml"),
        workspace_manifest(root, members)?,
    )
    .map_err(|e| format!("error: cannot write the scratch workspace: {e}"))?;
    let _ = fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock"));
    Ok(())
}

/// The packages cargo reported an error for, from `--message-format=json`.
fn failed_packages(messages: &str) -> Vec<String> {
    let mut failed = Vec::new();
    for line in messages.lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let is_error =
            message["reason"] == "compiler-message" && message["message"]["level"] == "error";
        if !is_error {
            continue;
        }
        // `path+file:///…/corpus/petstore#petstore-client@0.1.0`, or, when
        // the package is named like its directory,
        // `path+file:///…/corpus/bare-petstore#0.1.0`.
        let id = message["package_id"].as_str().unwrap_or_default();
        let name = match id.rsplit_once('#') {
            Some((_, tail)) if tail.contains('@') => tail.split('@').next().unwrap_or_default(),
            Some((path, _)) => path.rsplit('/').next().unwrap_or_default(),
            None => "",
        };
        if !name.is_empty() && !failed.iter().any(|f| f == name) {
            failed.push(name.to_owned());
        }
    }
    failed
}

/// The scratch workspace's manifest: the project's own `[workspace.package]`
/// and `[workspace.dependencies]`, path dependencies made absolute.
fn workspace_manifest(root: &Path, members: &[String]) -> Result<String, String> {
    let manifest = fs::read_to_string(root.join("Cargo.toml"))
        .map_err(|e| format!("error: cannot read the workspace's Cargo.toml: {e}"))?;
    let from = manifest
        .find("[workspace.package]")
        .ok_or("error: the workspace's Cargo.toml has no [workspace.package]")?;
    let shared = manifest[from..].replace("path = \"", &format!("path = \"{}/", root.display()));
    let members: Vec<String> = members.iter().map(|m| format!("\"{m}\"")).collect();
    Ok(format!(
        "# Written by `cargo xtask corpus`: the corpus's generated crates.\n\
         [workspace]\nresolver = \"3\"\nmembers = [{}]\n\n{shared}",
        members.join(", ")
    ))
}

/// The report: one block per spec.
pub fn report(outcomes: &[Outcome]) -> String {
    let mut out = String::new();
    for o in outcomes {
        match &o.ours {
            Ok(g) => {
                let compiled = match o.compiles {
                    Some(true) => "compiles",
                    Some(false) => "DOES NOT COMPILE",
                    None => "not checked",
                };
                out.push_str(&format!(
                    "{:<40} ours: {} ({} operations, {} types), {compiled}\n",
                    o.file, g.crate_name, g.operations, g.types
                ));
                for note in &g.notes {
                    out.push_str(&format!("    note: {note}\n"));
                }
            }
            Err(diagnostics) => {
                out.push_str(&format!(
                    "{:<40} ours: refused, {} problem(s)\n",
                    o.file,
                    diagnostics.len()
                ));
                for d in diagnostics.iter().take(3) {
                    for line in d.lines() {
                        out.push_str(&format!("    {line}\n"));
                    }
                }
            }
        }
        if let Some(decoded) = &o.decoded {
            out.push_str(&format!(
                "{:<40} decode: {} of {} response examples\n",
                "", decoded.ok, decoded.total
            ));
            for (operation, status, name, error, problem) in &decoded.failures {
                let fault = problem.as_ref().map_or_else(String::new, |p| {
                    format!(" (the example breaks its own schema: {p})")
                });
                out.push_str(&format!(
                    "    does not decode: {operation} {status} `{name}`: {error}{fault}\n"
                ));
            }
        }
        let bare_compiled = match o.bare_compiles {
            Some(true) => ", compiles",
            Some(false) => ", DOES NOT COMPILE",
            None => "",
        };
        out.push_str(&format!(
            "{:<40} bare progenitor: {}{bare_compiled}\n",
            "", o.bare
        ));
    }
    let generated = outcomes.iter().filter(|o| o.ours.is_ok()).count();
    let compiled = outcomes.iter().filter(|o| o.compiles == Some(true)).count();
    let bare = outcomes
        .iter()
        .filter(|o| o.bare.starts_with("generated"))
        .count();
    let bare_compiled = outcomes
        .iter()
        .filter(|o| o.bare_compiles == Some(true))
        .count();
    out.push_str(&format!(
        "\n{} spec(s): ours generated {generated}, compiled {compiled}; \
         bare progenitor generated {bare}, compiled {bare_compiled}\n",
        outcomes.len()
    ));
    let decoded: Vec<&Decoded> = outcomes.iter().filter_map(|o| o.decoded.as_ref()).collect();
    if !decoded.is_empty() {
        let ok: usize = decoded.iter().map(|d| d.ok).sum();
        let total: usize = decoded.iter().map(|d| d.total).sum();
        let spec_fault: usize = decoded
            .iter()
            .flat_map(|d| &d.failures)
            .filter(|f| f.4.is_some())
            .count();
        #[allow(clippy::cast_precision_loss)]
        let percent = if total == 0 {
            100.0
        } else {
            ok as f64 * 100.0 / total as f64
        };
        out.push_str(&format!(
            "decode: {ok} of {total} response examples ({percent:.1}%) decode into their generated \
             types; of the {} that do not, {spec_fault} break their own schema\n",
            total - ok
        ));
    }
    out
}
