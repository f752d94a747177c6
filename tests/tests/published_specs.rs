//! Specs as providers publish them: shapes the generator used to refuse or
//! crash on, generated, compiled and run.
//!
//! - `hubspot-shapes.yaml` (our own spec with the shapes of HubSpot's
//!   official Conversations spec: the actor and message unions on the
//!   polymorphic base pattern, a batch read answering 200 or 207, `default`
//!   as the only error) is generated into a scratch workspace beside
//!   `tests/fixtures/published/hubspot_shapes_actors.rs`, which runs the
//!   client against httpmock there; the build must be warning-free.
//! - Specs that break no rule but used to be refused (a missing
//!   `operationId`, differing error bodies, HTTP Basic and OpenID Connect, a
//!   JSON file with a publisher's name) now generate, with a note for each
//!   decision, through the real `cargo xtask codegen` code path.

use std::fs;
use std::path::Path;
use std::process::Command;

use codegen::SpecFile;
use integration_tests::repo_root;

fn fixture(name: &str) -> String {
    fs::read_to_string(repo_root().join("tests/fixtures/published").join(name))
        .unwrap_or_else(|e| panic!("read the fixture {name}: {e}"))
}

#[test]
fn hubspot_shapes_generate_compile_warning_free_and_decode_each_subtype() {
    let spec = SpecFile {
        path: "specs/hubspot-shapes.yaml".into(),
        text: fixture("hubspot-shapes.yaml"),
    };
    let generation = codegen::generate(&[spec]).unwrap_or_else(|d| panic!("{d}"));
    let summary = &generation.crates[0];
    assert_eq!(summary.name, "hubspot-shapes-client");
    assert_eq!(summary.operations, 3);
    let polymorphic: Vec<&String> = summary
        .notes
        .iter()
        .filter(|n| n.contains("polymorphic base"))
        .collect();
    assert_eq!(polymorphic.len(), 2, "{:#?}", summary.notes);
    assert!(
        polymorphic[0].contains("`PublicActor`") && polymorphic[0].contains("tagged by `type`")
    );
    assert!(polymorphic[1].contains("`PublicMessage`"));

    let root = repo_root();
    let scratch = tempfile::tempdir().expect("a scratch directory");
    xtask::corpus::write_crate(scratch.path(), &generation.files).expect("write the crate");
    xtask::corpus::write_workspace(&root, scratch.path(), &["hubspot-shapes".to_owned()])
        .expect("write the workspace");
    let crate_dir = scratch.path().join("hubspot-shapes");
    fs::create_dir_all(crate_dir.join("tests")).expect("a tests directory");
    fs::write(
        crate_dir.join("tests/actors.rs"),
        fixture("hubspot_shapes_actors.rs"),
    )
    .expect("write the test");
    let manifest = crate_dir.join("Cargo.toml");
    let mut toml = fs::read_to_string(&manifest).expect("read the crate's manifest");
    toml = toml.replace(
        "[features]",
        "[dev-dependencies]\n\
        tokio = { workspace = true, features = [\"macros\", \"rt-multi-thread\"] }\n\
        httpmock = { workspace = true }\nserde_json = { workspace = true }\n\n[features]",
    );
    fs::write(&manifest, toml).expect("write the manifest");

    let output = cargo(
        scratch.path(),
        &["test", "--features", "mock", "--", "--test-threads=2"],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "cargo test failed:\n{stderr}\n{stdout}"
    );
    assert!(stdout.contains("test result: ok. 5 passed"), "{stdout}");
    // The scratch workspace carries the project's profile, whose
    // per-package settings name generator crates it does not build: cargo
    // says so, and that is not about the generated code.
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("warning") && !l.starts_with("warning: profile package spec"))
        .collect();
    assert!(
        warnings.is_empty(),
        "the generated crate builds with warnings:\n{stderr}"
    );
}

/// Runs cargo in `dir`, sharing the project's target directory so that the
/// dependencies are built once.
fn cargo(dir: &Path, args: &[&str]) -> std::process::Output {
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| repo_root().join("target"), Into::into);
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .args(args)
        .output()
        .expect("run cargo")
}

#[test]
fn specs_as_published_generate_with_a_note_for_each_decision() {
    let scratch = integration_tests::scratch_workspace();
    let spec = "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"Acme\", \"version\": \"1\"},
      \"paths\": {\"/v1/things/{thingId}\": {\"get\": {
        \"parameters\": [{\"name\": \"thingId\", \"in\": \"path\", \"required\": true, \"schema\": {\"type\": \"string\"}}],
        \"responses\": {
          \"200\": {\"description\": \"ok\", \"content\": {\"application/json\": {\"schema\": {\"type\": \"object\"}}}},
          \"400\": {\"description\": \"bad\", \"content\": {\"application/problem+json\": {\"schema\": {\"type\": \"object\"}}}},
          \"404\": {\"description\": \"none\", \"content\": {\"application/json\": {\"schema\": {\"type\": \"string\"}}}}}}}},
      \"components\": {\"securitySchemes\": {
        \"basic\": {\"type\": \"http\", \"scheme\": \"basic\"},
        \"oidc\": {\"type\": \"openIdConnect\", \"openIdConnectUrl\": \"https://acme.example/.well-known\"}}}}";
    fs::write(scratch.path().join("specs/acme_things.v1.json"), spec).expect("write the spec");
    let outcome = xtask::codegen(scratch.path(), xtask::Options::WRITE);
    assert_eq!(outcome.exit_code, 0, "{}{}", outcome.stdout, outcome.stderr);
    let report = &outcome.stdout;
    for expected in [
        "acme-things-v1-client",
        "note: the file name `acme_things.v1` is not a crate name: the provider is named `acme-things-v1`",
        "note: specs/acme_things.v1.json:2:42: GET /v1/things/{thingId} has no `operationId`: the method is named `get_v1_things_by_thing_id`",
        "note: specs/acme_things.v1.json:",
        "security scheme `oidc` (`openIdConnect`) is left out",
        "its error responses have different bodies, so `Error::ErrorResponse` holds the status and the raw body",
        "note: no normalized mapping: `specs/mappings/acme-things-v1.yaml` does not exist",
    ] {
        assert!(
            report.contains(expected),
            "missing {expected:?} in:\n{report}"
        );
    }
    let lib = fs::read_to_string(scratch.path().join("generated/acme-things-v1/src/lib.rs"))
        .expect("the crate was written");
    assert!(
        lib.contains("pub fn with_basic_auth("),
        "HTTP Basic is a constructor"
    );
    assert!(lib.contains("pub fn get_v1_things_by_thing_id("));
}
