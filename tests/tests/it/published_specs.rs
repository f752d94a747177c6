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
    let polymorphic: Vec<String> = summary
        .notes
        .iter()
        .map(ToString::to_string)
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
    // The test's own dev-dependencies, beside those of the crate docs' examples.
    let ours = "tokio = { workspace = true, features = [\"macros\", \"rt-multi-thread\"] }\n\
        httpmock = { workspace = true }\nserde_json = { workspace = true }\n";
    toml = if toml.contains("[dev-dependencies]\n") {
        toml.replace(
            "[dev-dependencies]\n",
            &format!("[dev-dependencies]\n{ours}"),
        )
    } else {
        toml.replace(
            "[features]",
            &format!("[dev-dependencies]\n{ours}\n[features]"),
        )
    };
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
        "note: specs/acme_things.v1.json: the file name `acme_things.v1` is not a crate name: the provider is named `acme-things-v1`",
        "note: specs/acme_things.v1.json:2:42: GET /v1/things/{thingId} has no `operationId`: the method is named `get_v1_things_by_thing_id`",
        "note: specs/acme_things.v1.json:",
        "security scheme `oidc` (`openIdConnect`) is left out",
        "its error responses have different bodies, so `Error::ErrorResponse` holds the status and the raw body",
        "note: specs/acme_things.v1.json: no normalized mapping: `specs/mappings/acme-things-v1.yaml` does not exist",
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

/// The spec files of the case `name` of `corpus/cases/` (a file, or a
/// folder: a spec in several files), as `specs/…` paths.
fn case_files(name: &str) -> Vec<SpecFile> {
    let root = repo_root().join("corpus/cases");
    let path = root.join(name);
    let mut files = Vec::new();
    let mut pending = vec![path.clone()];
    while let Some(current) = pending.pop() {
        if current.is_dir() {
            let entries = fs::read_dir(&current).expect("read a case folder");
            pending.extend(entries.map(|e| e.expect("a folder entry").path()));
            continue;
        }
        let relative = current
            .strip_prefix(&root)
            .expect("under corpus/cases")
            .to_string_lossy()
            .replace('\\', "/");
        files.push(SpecFile {
            path: format!("specs/{relative}"),
            text: fs::read_to_string(&current).expect("read a case file"),
        });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// Generates the case `name`: its notes and its `lib.rs`.
fn generate_case(name: &str) -> (Vec<String>, String) {
    let generation = codegen::generate(&case_files(name)).unwrap_or_else(|d| panic!("{name}: {d}"));
    let summary = &generation.crates[0];
    let lib = generation
        .files
        .get(&format!("{}/src/lib.rs", summary.dir))
        .cloned()
        .unwrap_or_else(|| panic!("{name}: no lib.rs"));
    let notes = summary.notes.iter().map(ToString::to_string).collect();
    (notes, lib)
}

/// One case of `corpus/cases/`: the notes it must give and the code it must
/// generate (parts of its `lib.rs`).
struct Case {
    name: &'static str,
    notes: &'static [&'static str],
    lib: &'static [&'static str],
}

/// A case for each class of failure seen on published specs.
const CASES: &[Case] = &[
    Case {
        name: "field-names.yaml",
        notes: &[
            "in `Thing`, typify would give two properties one Rust field: `ID` is the field `id_2` (beside `id`), `_id` is the field `_id` (beside `id`), `_links` is the field `_links` (beside `links`)",
            "in `Bag`, typify would give two properties one Rust field: `extra` is the field `extra_2` (beside typify's map of the other properties, `extra`)",
            "in `Stamp`, typify would give two properties one Rust field: `createdAt` is the field `created_at_2` (beside `created_at`), `_USERNAMES` is the field `_usernames` (beside `usernames`)",
        ],
        lib: &[
            "#[serde(rename = \"ID\", skip_serializing_if = \"::std::option::Option::is_none\")]\n        pub id_2: ::std::option::Option<i64>,",
            "#[serde(rename = \"_id\")]\n        pub _id: ::std::string::String,",
            "rename = \"_links\",",
            "pub _links: ::std::option::Option<ThingLinks2>,",
            "pub extra_2: ::std::option::Option<::std::string::String>,",
        ],
    },
    Case {
        name: "type-names.yaml",
        notes: &[
            "component `ThingKind` is generated as `ThingKind2`",
            "component `ThingStatus` is generated as `ThingStatus2`",
            "this inline enum would be named `ThingState`, a name another schema has: it is named `ThingState2`",
        ],
        lib: &[
            "pub struct ThingKind {",
            "pub struct ThingKind2(pub i64);",
            "pub struct Value(pub ::std::option::Option<ValueInner>);",
            "pub enum ValueInner {",
        ],
    },
    Case {
        name: "deep-references.yaml",
        notes: &[
            "`$ref: #/components/schemas/Feed/properties/events/items` points inside another definition, which typify cannot follow: the schema there becomes the component `Feed_events_item` (the type `FeedEventsItem`)",
            "`$ref: #/paths/~1events~1{eventId}/get/parameters/0` points inside another definition, which progenitor cannot follow: it is copied where it is referred to",
        ],
        lib: &["pub struct FeedEventsItem {", "pub struct GetFeed200Meta {"],
    },
    Case {
        name: "undeclared-path-parameters.yaml",
        notes: &[
            "has `{org}`, which GET does not declare: it is generated as a required string path parameter `org`",
            "path parameter `threadId` is not `required: true`: it is read as required",
            "path parameter `threadId` is not in the path `/threads`: it is left out",
            "cookie parameter `session` is left out",
        ],
        lib: &["pub fn org<V>(mut self, value: V) -> Self"],
    },
    Case {
        name: "unconvertible.yaml",
        notes: &[
            "typify cannot convert schema `Filter` (not yet implemented: unhandled not schema): it is generated as any JSON value",
            "progenitor cannot generate GET /things (unexpected or unhandled format in the OpenAPI document unsupported style of query parameter PipeDelimited): the operation is left out of the client",
        ],
        lib: &["pub struct Filter(pub ::serde_json::Value);"],
    },
    Case {
        name: "openapi-3-1-loosened.yaml",
        notes: &[
            "`if` (JSON Schema, OpenAPI 3.1) has no OpenAPI 3.0 form: it is dropped",
            "`then` (JSON Schema, OpenAPI 3.1) has no OpenAPI 3.0 form: it is dropped",
            "`$dynamicRef: #item` (JSON Schema, OpenAPI 3.1) names no one schema: this value is read as any JSON value",
        ],
        lib: &[],
    },
    Case {
        name: "publisher-extensions.yaml",
        notes: &[
            "`operationId: ListThings` is also an earlier operation's: GET /v2/things is named `list_things_2`",
            "GET /v1/things: `x-pagination` needs `items`",
        ],
        lib: &["pub fn list_things_2(&self)"],
    },
    Case {
        name: "recursive-union.yaml",
        notes: &["polymorphic base `Parent`: an enum of its subtypes (Thread)"],
        lib: &["Thread(::std::boxed::Box<crate::types::Thread>),"],
    },
    Case {
        name: "several-files",
        notes: &[
            "specs/several-files/openapi.yaml: a spec in 4 files, read as one: `specs/several-files/paths/threads.yaml`, `specs/several-files/schemas/thread.yaml`, `specs/several-files/common.yaml`",
            "specs/several-files/notes.yaml: not read",
        ],
        lib: &[
            "pub struct Thread {",
            "pub struct Error {",
            "pub struct Page {",
            "pub replies: ::std::vec::Vec<Thread>,",
        ],
    },
];

/// Each class of failure seen on published specs (corpus/cases/, one file
/// or folder each) generates, with a note for what was decided; `cargo
/// xtask corpus --dir corpus/cases` (CI) compiles them.
#[test]
fn each_class_of_published_spec_generates_with_its_note() {
    for case in CASES {
        let (notes, lib) = generate_case(case.name);
        let notes = notes.join("\n");
        for part in case.notes {
            assert!(
                notes.contains(part),
                "{}: the notes lack {part:?}:\n{notes}",
                case.name
            );
        }
        for part in case.lib {
            assert!(
                lib.contains(part),
                "{}: lib.rs lacks {part:?}:\n{lib}",
                case.name
            );
        }
    }
}

/// A `$ref` to a file that is not beside the spec stays a refusal, placed in
/// the file that holds the `$ref`, naming the file it looked for.
#[test]
fn a_reference_to_a_missing_file_is_placed_in_the_file_that_holds_it() {
    let mut files = case_files("several-files");
    for file in &mut files {
        if file.path.ends_with("schemas/thread.yaml") {
            file.text = file.text.replace("../common.yaml#", "../gone.yaml#");
        }
    }
    let problems = codegen::generate(&files)
        .expect_err("a missing file")
        .to_string();
    assert!(
        problems.starts_with(
            "specs/several-files/schemas/thread.yaml:9:17: error: `$ref: ../gone.yaml#/components/schemas/Error` points to `specs/several-files/gone.yaml`, which is not there"
        ),
        "{problems}"
    );
}
