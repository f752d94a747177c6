//! Property tests of the client generator on random provider specs.
//!
//! [`document`] generates small OpenAPI 3.0.3 documents as JSON (which is
//! also YAML): up to six component schemas, at most three levels deep, built
//! from nested objects, `$ref` chains and reference cycles (a schema that
//! refers to itself through a property, A → B → A through properties, array
//! items, map values and `allOf`/`oneOf`/`anyOf` members), `allOf`/`oneOf`/
//! `anyOf` of references and inline objects, string enums (including values
//! that are hard to name in Rust), `nullable: true`, maps
//! (`additionalProperties`), arrays of unions, `required` lists and formats
//! (`date-time`, `uuid`, `date`, `int32`, `int64`, …); and one to four
//! `get`/`post`/`put` operations, usually with an `operationId`, with path
//! and query parameters, JSON request bodies and `200`/`201`/`default`/`4xx`
//! responses that refer to the component schemas.
//!
//! Every cycle of references the documents hold passes through a property,
//! an array's items or a map's values: in a schema's own position (the
//! component itself, an alias, a composition member reached without going
//! through a property) a `$ref` only points at a schema defined earlier. A
//! cycle of bare aliases or compositions (`A: {$ref: B}`, `B: {$ref: A}`)
//! describes no value at all, so it is not generated.
//!
//! Asserted:
//! - `codegen_never_panics_and_either_emits_parsable_rust_or_locates_every_problem`
//!   (2,000 cases, from a fixed seed unless `PROPTEST_RNG_SEED` gives one;
//!   about two minutes): `codegen::generate` neither panics (it is called inside
//!   `catch_unwind`) nor aborts the process nor hangs (each case runs in a
//!   child process of its own, killed after a timeout); when it succeeds,
//!   `generated/<name>/src/lib.rs` is not empty and parses as a Rust file
//!   (`syn::parse_file`), and `generated/<name>/Cargo.toml` is there; when
//!   it fails, every diagnostic names the spec file and has a location whose
//!   JSON pointer is empty or starts with `/`, a message and a help.
//! - `generated_crates_compile_in_batches`: 240 documents (CI; the full
//!   run, `GENERATED_SPECS_COMPILED=5000`, compiles 5,000) drawn from the
//!   same strategy with a fixed seed are generated, 120 to a child process,
//!   each crate as a module of one batch crate (its `crate::` paths made the
//!   module's); the batch crates pass one `cargo check --all-features` with
//!   the project's own target directory, so that no document gives code that
//!   does not compile. A batch whose generation panics, aborts or hangs
//!   fails this test too. `GENERATED_SPECS_FROM=K` runs only the batches
//!   from document `sK` on (the same documents, numbered alike), and
//!   `GENERATED_SPECS_KEEP=1` keeps the batch crates and their specs.
//!
//! The documents include the shapes the generator used to refuse or
//! miscompile on published specs: properties typify would make one field
//! (`id`/`ID`/`_id`, `links`/`_links`, `extra` beside `additionalProperties`,
//! within an object and across `allOf`), inline schemas titled or placed
//! where a component's name is (`Thread.status` beside `ThreadStatus`), and
//! references into another schema (`#/components/schemas/Thread/properties/id`).
//!
//! A failing document is printed as YAML, after proptest has shrunk it;
//! nothing is persisted to the tree.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::sample::{select, subsequence};
use proptest::strategy::{Union, ValueTree};
use proptest::test_runner::{RngAlgorithm, RngSeed, TestCaseError, TestError, TestRng, TestRunner};
use serde_json::{Map, Value, json};

/// Cases of the main property.
const CASES: u32 = 2_000;

/// The seed the main property draws its documents from, unless
/// `PROPTEST_RNG_SEED` gives another.
const SEED: u64 = 20_261_129;

/// At most this many component schemas per document.
const MAX_SCHEMAS: usize = 6;

/// Levels of nesting of a component schema (objects, arrays, maps,
/// compositions), the component itself included.
const MAX_DEPTH: u32 = 3;

/// How long one case of the property may take, in its child process,
/// before it is reported as a hang: a case takes about a tenth of a second
/// in a debug build. The child is killed then, so a case that runs away
/// with memory is stopped before it takes much.
const CASE_TIMEOUT: Duration = Duration::from_secs(10);

/// Milliseconds spent shrinking a failure at most.
const MAX_SHRINK_MS: u32 = 10 * 60 * 1_000;

/// How long one document of a compiled batch may take to generate, at most,
/// before its batch is reported as a hang.
const SAMPLE_JOB_TIMEOUT: Duration = Duration::from_secs(60);

/// The tests, by name: a child process runs the test that spawned it.
const PROPERTY_TEST: &str =
    "codegen_never_panics_and_either_emits_parsable_rust_or_locates_every_problem";
const BATCH_TEST: &str = "generated_crates_compile_in_batches";

/// Where the provider spec is said to be; its stem names the crate.
const SPEC_PATH: &str = "specs/prop.yaml";

fn config(cases: u32) -> ProptestConfig {
    ProptestConfig {
        // The minimal failing input is printed; nothing is written to the tree.
        failure_persistence: None,
        ..ProptestConfig::with_cases(cases)
    }
}

mod strategy;

use strategy::*;

// ---------------------------------------------------------------------------
// The property

/// `codegen::generate` on one spec file: its result, or the panic's message.
fn generate(
    path: &str,
    document: &Value,
) -> Result<Result<codegen::Generation, codegen::Diagnostics>, String> {
    let specs = [codegen::SpecFile {
        path: path.to_owned(),
        text: spec_text(document),
    }];
    catch_unwind(AssertUnwindSafe(|| codegen::generate(&specs)))
        .map_err(|payload| panic_text(payload.as_ref()))
}

fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "a panic without a message".to_owned())
}

/// The crate directory a spec path generates into: `specs/prop.yaml` →
/// `generated/prop`.
fn crate_dir(spec_path: &str) -> String {
    let stem = spec_path
        .strip_prefix("specs/")
        .and_then(|p| p.strip_suffix(".yaml"))
        .expect("a spec path is specs/<name>.yaml");
    format!("generated/{stem}")
}

/// The property for one document; `Ok` holds whether it generated.
fn check_document(document: &Value) -> Result<bool, TestCaseError> {
    let result = generate(SPEC_PATH, document)
        .map_err(|message| TestCaseError::fail(format!("codegen::generate panicked: {message}")))?;
    match result {
        Ok(generation) => {
            let dir = crate_dir(SPEC_PATH);
            let lib = generation
                .files
                .get(&format!("{dir}/src/lib.rs"))
                .ok_or_else(|| {
                    TestCaseError::fail(format!(
                        "Ok, but no {dir}/src/lib.rs among {:?}",
                        generation.files.keys().collect::<Vec<_>>()
                    ))
                })?;
            prop_assert!(!lib.trim().is_empty(), "{dir}/src/lib.rs is empty");
            if let Err(error) = syn::parse_file(lib) {
                return Err(TestCaseError::fail(format!(
                    "{dir}/src/lib.rs does not parse: {error}"
                )));
            }
            prop_assert!(
                generation
                    .files
                    .get(&format!("{dir}/Cargo.toml"))
                    .is_some_and(|toml| !toml.trim().is_empty()),
                "Ok, but no {dir}/Cargo.toml"
            );
            Ok(true)
        }
        Err(diagnostics) => {
            prop_assert!(!diagnostics.0.is_empty(), "Err with no diagnostic at all");
            for diagnostic in &diagnostics.0 {
                let shown = format!("{diagnostic}\n(as data: {diagnostic:?})");
                prop_assert_eq!(
                    &diagnostic.file,
                    SPEC_PATH,
                    "a diagnostic names another file:\n{}",
                    shown
                );
                let Some(location) = &diagnostic.location else {
                    return Err(TestCaseError::fail(format!(
                        "a diagnostic without a location:\n{shown}"
                    )));
                };
                prop_assert!(
                    location.pointer.is_empty() || location.pointer.starts_with('/'),
                    "a diagnostic's pointer is not a JSON pointer:\n{}",
                    shown
                );
                prop_assert!(
                    !diagnostic.message.trim().is_empty(),
                    "a diagnostic without a message:\n{}",
                    shown
                );
                prop_assert!(
                    !diagnostic.help.trim().is_empty(),
                    "a diagnostic without a help:\n{}",
                    shown
                );
            }
            Ok(false)
        }
    }
}

// ---------------------------------------------------------------------------
// Child processes

/// Set in a child process to the directory of its job (see [`run_job`]).
/// The child is this test binary, running the test that spawned it.
const JOB: &str = "GENERATED_SPECS_JOB";

/// In the child: reads `job.json` (`spec`, `document`) from `job` and writes
/// `job/result`: `generated`, `reported` (diagnostics), or `failed: ` and
/// why the property does not hold.
fn run_job(job: &Path) {
    let text = std::fs::read_to_string(job.join("job.json")).expect("read job.json");
    let job_json: Value = serde_json::from_str(&text).expect("job.json is JSON");
    let result = match check_document(&job_json["document"]) {
        Ok(true) => "generated".to_owned(),
        Ok(false) => "reported".to_owned(),
        Err(error) => format!("failed: {error}"),
    };
    std::fs::write(job.join("result"), result).expect("write the result");
}

/// Runs `job_json` in a child process (this test binary, running `test`
/// with [`JOB`] set to `job`), so that a generator that aborts (a stack
/// overflow), hangs or runs away with memory fails a test with the
/// document instead of taking the whole test binary down. Returns the
/// job's result, or what became of the child.
fn run_in_child(
    test: &str,
    job: &Path,
    job_json: &Value,
    timeout: Duration,
) -> Result<String, String> {
    std::fs::create_dir_all(job).expect("create a job directory");
    std::fs::write(job.join("job.json"), job_json.to_string()).expect("write job.json");
    let output = std::fs::File::create(job.join("output")).expect("create the output file");
    // The test's path in the binary: `generated_specs::<test>`, the module
    // path without the crate's name.
    let path = module_path!().split_once("::").map_or_else(
        || test.to_owned(),
        |(_, module)| format!("{module}::{test}"),
    );
    let mut child = Command::new(std::env::current_exe().expect("the test binary"))
        .args([
            "--exact",
            &path,
            "--include-ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(JOB, job)
        .stdout(output.try_clone().expect("clone a file handle"))
        .stderr(output)
        .spawn()
        .expect("the test binary runs");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for the child") {
            break Some(status);
        }
        if started.elapsed() > timeout {
            child.kill().expect("kill the child");
            child.wait().expect("wait for the killed child");
            break None;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let output = std::fs::read_to_string(job.join("output")).unwrap_or_default();
    match status {
        None => Err(format!(
            "codegen::generate did not return within {timeout:?} (killed)"
        )),
        Some(status) if !status.success() => Err(format!(
            "the child process running codegen::generate failed ({status}):\n{output}"
        )),
        Some(_) => Ok(std::fs::read_to_string(job.join("result")).expect("the child's result")),
    }
}

// ---------------------------------------------------------------------------
// The property, over many documents

#[test]
fn codegen_never_panics_and_either_emits_parsable_rust_or_locates_every_problem() {
    if let Some(job) = std::env::var_os(JOB) {
        return run_job(Path::new(&job));
    }
    // Proptest runs here; each case runs in a child process of its own
    // (`run_in_child`), so that one that aborts or hangs fails, and is
    // shrunk, like any other.
    let defaults = config(CASES);
    let mut runner = TestRunner::new(ProptestConfig {
        max_shrink_time: MAX_SHRINK_MS,
        // The same 2,000 documents on every run, so that CI fails only on a
        // change; `PROPTEST_RNG_SEED=<u64>` draws others.
        rng_seed: match defaults.rng_seed {
            RngSeed::Random => RngSeed::Fixed(SEED),
            chosen => chosen,
        },
        ..defaults
    });
    let jobs = tempfile::tempdir().expect("a temporary directory");
    let (generated, reported, run) = (Cell::new(0u32), Cell::new(0u32), Cell::new(0u32));
    let started = Instant::now();
    let result = runner.run(&document(), |document| {
        run.set(run.get() + 1);
        let job = jobs.path().join(run.get().to_string());
        let job_json = json!({ "spec": SPEC_PATH, "document": document });
        let outcome = run_in_child(PROPERTY_TEST, &job, &job_json, CASE_TIMEOUT);
        // Best effort: the directory goes with `jobs` anyway.
        let _ = std::fs::remove_dir_all(&job);
        match outcome.map_err(TestCaseError::fail)?.as_str() {
            "generated" => generated.set(generated.get() + 1),
            "reported" => reported.set(reported.get() + 1),
            failed => {
                let why = failed.strip_prefix("failed: ").unwrap_or(failed);
                return Err(TestCaseError::fail(why.to_owned()));
            }
        }
        Ok(())
    });
    let elapsed = started.elapsed();
    match result {
        Ok(()) => println!(
            "{CASES} documents passed in {elapsed:.1?}: {} generated a crate, {} were \
             reported as problems",
            generated.get(),
            reported.get()
        ),
        Err(TestError::Fail(reason, document)) => panic!(
            "after {elapsed:.1?} ({} runs, shrinking included), the minimal failing \
             document:\n{}\n\n{reason}",
            run.get(),
            shown(&document)
        ),
        Err(TestError::Abort(reason)) => panic!("proptest aborted after {elapsed:.1?}: {reason}"),
    }
}

// ---------------------------------------------------------------------------
// The sample that is compiled

/// The running cargo, or `cargo`.
fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// The workspace root and its target directory, as cargo sees them from the
/// current directory at run time (`CARGO_TARGET_DIR` included).
fn workspace_and_target_dir() -> (PathBuf, PathBuf) {
    let output = cargo()
        .args([
            "metadata",
            "--offline",
            "--no-deps",
            "--format-version",
            "1",
        ])
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo metadata failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: Value = serde_json::from_slice(&output.stdout).expect("cargo metadata's JSON");
    let path = |key: &str| {
        PathBuf::from(
            metadata[key]
                .as_str()
                .unwrap_or_else(|| panic!("cargo metadata has no `{key}`")),
        )
    };
    (path("workspace_root"), path("target_directory"))
}

/// The lines of the table `[name]` of a Cargo.toml, header excluded.
fn toml_table<'t>(manifest: &'t str, name: &str) -> Vec<&'t str> {
    let header = format!("[{name}]");
    let mut lines = manifest.lines().skip_while(|line| line.trim() != header);
    assert!(
        lines.next().is_some(),
        "the root Cargo.toml has no {header}"
    );
    lines.take_while(|line| !line.starts_with('[')).collect()
}

/// `line` with a relative `path = "…"` made absolute under `root`.
fn absolute_path_dependency(line: &str, root: &Path) -> String {
    const KEY: &str = "path = \"";
    let Some(start) = line.find(KEY).map(|i| i + KEY.len()) else {
        return line.to_owned();
    };
    let end = start + line[start..].find('"').expect("a closing quote");
    let relative = &line[start..end];
    if Path::new(relative).is_absolute() {
        return line.to_owned();
    }
    let absolute = root.join(relative);
    let absolute = absolute.to_str().expect("a UTF-8 path");
    // A TOML basic string: escape what it needs.
    let escaped = absolute.replace('\\', "\\\\").replace('"', "\\\"");
    format!("{}{escaped}{}", &line[..start], &line[end..])
}

/// The root manifest of a workspace of `members`, with the real workspace's
/// `[workspace.package]` and `[workspace.dependencies]` (path dependencies
/// made absolute).
fn workspace_manifest(root: &Path, members: &[String]) -> String {
    let real = std::fs::read_to_string(root.join("Cargo.toml")).expect("read the root Cargo.toml");
    let package = toml_table(&real, "workspace.package").join("\n");
    let dependencies: Vec<String> = toml_table(&real, "workspace.dependencies")
        .into_iter()
        .map(|line| absolute_path_dependency(line, root))
        .collect();
    let members: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    format!(
        "[workspace]\nresolver = \"3\"\nmembers = [{}]\n\n[workspace.package]\n{package}\n\n\
         [workspace.dependencies]\n{}\n",
        members.join(", "),
        dependencies.join("\n")
    )
}

/// `cargo check` of the crates `members` of `workspace`, with the real
/// workspace's dependency versions and target directory; its stderr if it
/// fails.
fn cargo_check(workspace: &Path, members: &[String]) -> Result<(), String> {
    let (root, target_dir) = workspace_and_target_dir();
    std::fs::write(
        workspace.join("Cargo.toml"),
        workspace_manifest(&root, members),
    )
    .expect("write the workspace manifest");
    // The same versions as the real workspace, and the shared target
    // directory's builds of them are reused. Not offline: a crate typify
    // names (uuid, regress) may be in no member of the real workspace, so
    // neither in its lock file nor, on a fresh machine, in cargo's cache.
    std::fs::copy(root.join("Cargo.lock"), workspace.join("Cargo.lock")).expect("copy Cargo.lock");
    let output = cargo()
        .args([
            "check",
            "--quiet",
            "--workspace",
            // The `mock` module too.
            "--all-features",
        ])
        .current_dir(workspace)
        .env("CARGO_TARGET_DIR", &target_dir)
        .output()
        .expect("cargo runs");
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

/// How many documents `generated_crates_compile_in_batches` compiles: CI's
/// count, unless `GENERATED_SPECS_COMPILED` gives another (the full run:
/// `GENERATED_SPECS_COMPILED=5000`).
const COMPILED: usize = 240;

/// Documents per crate in one `cargo check`: each generated crate is a
/// module of a batch crate.
const BATCH: usize = 120;

/// The seed the compiled documents are drawn from.
const COMPILED_SEED: u64 = 20_261_205;

/// In the child: generates each document of a batch job in turn and writes
/// the batch crate: each generated client a module `sN` of one `lib.rs`
/// (its `crate::` paths made `crate::sN::`), with every dependency any of
/// them has. Writes `generated K of N` as the result.
fn run_batch_job(job: &Path, job_json: &Value) {
    let dir = PathBuf::from(job_json["write_to"].as_str().expect("a crate directory"));
    let first = job_json["first"].as_u64().expect("the first index");
    let documents = job_json["documents"].as_array().expect("documents");
    let mut lib = String::from("#![allow(warnings, clippy::all)]\n");
    let mut dependencies = std::collections::BTreeSet::new();
    let mut generated = 0;
    let mut refused: Vec<String> = Vec::new();
    for (i, document) in documents.iter().enumerate() {
        let name = format!("s{}", first + i as u64);
        let spec = format!("specs/{name}.yaml");
        // Written first: a child killed while generating it (out of
        // memory) leaves the document it was on as the last one written.
        std::fs::write(dir.join(format!("{name}.yaml")), shown(document)).expect("write the spec");
        let generation = match generate(&spec, document) {
            Ok(Ok(generation)) => generation,
            Ok(Err(diagnostics)) => {
                // What refused it, for the report: the first message; the
                // document beside the batch, with every diagnostic.
                if let Some(first) = diagnostics.0.first() {
                    refused.push(first.message.clone());
                }
                let comment: String = diagnostics
                    .to_string()
                    .lines()
                    .map(|l| format!("# {l}\n"))
                    .collect();
                std::fs::write(
                    dir.join(format!("refused-{name}.yaml")),
                    format!("{comment}{}", shown(document)),
                )
                .expect("write the refused spec");
                continue;
            }
            Err(panic) => {
                refused.push(format!("panicked: {panic}"));
                continue;
            }
        };
        let dir_of = crate_dir(&spec);
        let (Some(code), Some(manifest)) = (
            generation.files.get(&format!("{dir_of}/src/lib.rs")),
            generation.files.get(&format!("{dir_of}/Cargo.toml")),
        ) else {
            continue;
        };
        generated += 1;
        let code = code.replace("crate::", &format!("crate::{name}::"));
        lib.push_str(&format!("pub mod {name} {{\n{code}\n}}\n"));
        let mut in_dependencies = false;
        for line in manifest.lines() {
            if line.starts_with('[') {
                in_dependencies = line == "[dependencies]";
            } else if in_dependencies && let Some((dep, _)) = line.split_once(" = ") {
                dependencies.insert(dep.trim().to_owned());
            }
        }
    }
    std::fs::create_dir_all(dir.join("src")).expect("create src/");
    std::fs::write(dir.join("src/lib.rs"), lib).expect("write lib.rs");
    let dependencies: Vec<String> = dependencies
        .iter()
        .map(|dep| format!("{dep} = {{ workspace = true }}"))
        .collect();
    let package = dir
        .file_name()
        .and_then(|n| n.to_str())
        .expect("a crate name");
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[package]\nname = \"{package}\"\nversion = \"0.1.0\"\nedition.workspace = true\n\
             publish = false\n\n[dependencies]\n{}\n\n[features]\nmock = []\n",
            dependencies.join("\n")
        ),
    )
    .expect("write the manifest");
    std::fs::write(
        job.join("result"),
        format!(
            "generated {generated} of {}; refused:\n{}",
            documents.len(),
            refused.join("\n")
        ),
    )
    .expect("write the result");
}

#[test]
fn generated_crates_compile_in_batches() {
    if let Some(job) = std::env::var_os(JOB) {
        let job = Path::new(&job);
        let text = std::fs::read_to_string(job.join("job.json")).expect("read job.json");
        let job_json: Value = serde_json::from_str(&text).expect("job.json is JSON");
        return run_batch_job(job, &job_json);
    }
    let count = std::env::var("GENERATED_SPECS_COMPILED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(COMPILED);
    let strategy = document();
    let mut runner = TestRunner::new_with_rng(
        config(1),
        TestRng::from_seed(RngAlgorithm::ChaCha, &{
            let mut seed = [0u8; 32];
            seed[..8].copy_from_slice(&COMPILED_SEED.to_le_bytes());
            seed
        }),
    );
    let workspace = tempfile::tempdir().expect("a temporary directory");
    let jobs = tempfile::tempdir().expect("a temporary directory");
    let (mut members, mut failures, mut generated) = (Vec::new(), Vec::new(), 0usize);
    let started = Instant::now();
    // `GENERATED_SPECS_FROM=K`: only the batches from document K on (the
    // documents before it are still drawn, so each keeps its number).
    let from: usize = std::env::var("GENERATED_SPECS_FROM")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    for first in (0..count).step_by(BATCH) {
        let size = BATCH.min(count - first);
        let documents: Vec<Value> = (0..size)
            .map(|_| {
                strategy
                    .new_tree(&mut runner)
                    .expect("a document")
                    .current()
            })
            .collect();
        if first + size <= from {
            continue;
        }
        let member = format!("batch{first}");
        let dir = workspace.path().join(&member);
        std::fs::create_dir_all(&dir).expect("create the batch directory");
        let job_json = json!({
            "first": first,
            "documents": documents,
            "write_to": dir.to_str().expect("a UTF-8 path"),
        });
        let job = jobs.path().join(&member);
        let timeout = SAMPLE_JOB_TIMEOUT * u32::try_from(size).unwrap_or(u32::MAX);
        match run_in_child(BATCH_TEST, &job, &job_json, timeout) {
            Ok(result) => {
                println!("{member}: {result}");
                generated += result
                    .strip_prefix("generated ")
                    .and_then(|r| r.split(' ').next())
                    .and_then(|n| n.parse::<usize>().ok())
                    .unwrap_or(0);
                members.push(member);
            }
            Err(error) => failures.push(format!(
                "{member} (documents s{first}..s{}): {error}",
                first + size
            )),
        }
    }
    assert!(
        generated > 0,
        "none of the {count} documents generated a crate"
    );
    let check_started = Instant::now();
    let checked = cargo_check(workspace.path(), &members);
    // Kept for inspection (failed, or asked for): refused documents are
    // `batchK/refused-sN.yaml`, with their diagnostics.
    let kept = (checked.is_err() || std::env::var_os("GENERATED_SPECS_KEEP").is_some())
        .then(|| workspace.keep());
    if let Some(kept) = &kept {
        println!("workspace kept in {}", kept.display());
    }
    match checked {
        Ok(()) => println!(
            "{generated} of {count} documents generated a crate; all compile (cargo check of {} \
             batch crate(s) in {:.1?}; {:.1?} in all)",
            members.len(),
            check_started.elapsed(),
            started.elapsed()
        ),
        Err(stderr) => failures.push(format!(
            "cargo check of the generated crates failed (each module `sN` of a batch is \
             generated from `batchK/sN.yaml`):\n{stderr}"
        )),
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
