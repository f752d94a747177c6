//! The bad-spec corpus: every spec in `tests/bad-specs/` breaks one rule. Each
//! test drops one of them next to the real specs in a scratch workspace, runs
//! `cargo xtask codegen` there, and checks that it fails with exit code 1, that
//! the message names the file, the exact line and column (or JSON pointer),
//! what is wrong and what to do, that nothing panicked, and that `generated/`
//! is left byte for byte as it was.
//!
//! The line and column expected in each test were counted by hand in the
//! corresponding YAML file (comment lines included).

use std::fs;

use integration_tests::{Expected, assert_reported, repo_root, run_expecting_failure, tree};
use tempfile::TempDir;

/// The real crates generated from the real specs, in the order reported.
const CRATES: [&str; 5] = [
    "contactship-client",
    "delightbridge-client",
    "gochat-client",
    "hubspot-client",
    "conversations",
];

/// A scratch workspace (the real specs and generated/) plus, if given,
/// `tests/bad-specs/<case>.yaml` as `specs/<case>.yaml`.
fn scratch_workspace(case: Option<&str>) -> TempDir {
    let scratch = integration_tests::scratch_workspace();
    if let Some(case) = case {
        let bad = repo_root()
            .join("tests/bad-specs")
            .join(format!("{case}.yaml"));
        fs::copy(
            &bad,
            scratch.path().join("specs").join(format!("{case}.yaml")),
        )
        .expect("copy the bad spec");
    }
    scratch
}

/// Runs codegen (or `codegen --check`) on a scratch workspace holding the
/// real specs plus the bad spec `case`; see [`run_expecting_failure`].
/// Returns stderr.
fn run_bad_spec(case: &str, check: bool) -> String {
    let scratch = scratch_workspace(Some(case));
    run_expecting_failure(&scratch, &spec_path(case), check)
}

fn spec_path(case: &str) -> String {
    format!("specs/{case}.yaml")
}

/// Runs `case`, checks its one diagnostic and the closing summary line.
fn assert_one_problem(case: &str, expected: &Expected<'_>) {
    let stderr = run_bad_spec(case, false);
    assert_reported(&stderr, &spec_path(case), expected);
    assert!(
        stderr.ends_with("\n\n1 problem(s) found; generated/ was not changed.\n"),
        "stderr:\n{stderr}"
    );
}

#[test]
fn invalid_yaml() {
    assert_one_problem(
        "invalid-yaml",
        &Expected {
            // ` version: "1"`, indented by one space.
            location: ":6:2",
            at: None,
            message: "the file is not valid YAML: did not find expected key",
            help: "fix the YAML syntax at this position",
        },
    );
}

#[test]
fn self_referencing_all_of() {
    assert_one_problem(
        "self-referencing-allof",
        &Expected {
            location: ":19:11",
            at: Some("/components/schemas/Thing/allOf/0/$ref"),
            message: "schema `Thing` contains itself through `allOf`/`oneOf`/`anyOf` with no way out: \
                      Thing → Thing (#/components/schemas/Thing/allOf/0/$ref)",
            help: "make one step a property (an object holds it through a `Box`)",
        },
    );
}

#[test]
fn one_of_cycle() {
    assert_one_problem(
        "oneof-cycle",
        &Expected {
            location: ":22:11",
            at: Some("/components/schemas/Other/anyOf/0/$ref"),
            message: "schema `Other` contains itself through `allOf`/`oneOf`/`anyOf` with no way out: \
                      Other → Thing → Other",
            help: "list the subtypes in the base's `oneOf`",
        },
    );
}

#[test]
fn endless_all_of_merge() {
    assert_one_problem(
        "endless-allof-merge",
        &Expected {
            // `tags:` under `Thing`'s properties.
            location: ":28:9",
            at: Some("/components/schemas/Thing/properties/tags"),
            message: "typify cannot merge this schema: merging its `allOf` (or its union with \
                      its own fields) comes back to merging `#/components/schemas/Nested/items` \
                      again, without end",
            help: "refer to a recursive schema through a property instead of merging it",
        },
    );
}

#[test]
fn typify_panic() {
    assert_one_problem(
        "typify-panic",
        &Expected {
            // `Thing:` under `components/schemas`.
            location: ":17:5",
            at: Some("/components/schemas/Thing"),
            message: "progenitor cannot generate schema `Thing`: not yet implemented: unhandled not schema",
            help: "simplify this schema",
        },
    );
}

/// A schema nested 5,000 levels deep, written at test time (185 KB).
#[test]
fn a_schema_nested_5000_deep() {
    let mut deep = "{ type: string }".to_owned();
    for _ in 0..5000 {
        deep = format!("{{ type: object, properties: {{ a: {deep} }} }}");
    }
    let spec = format!(
        "openapi: 3.0.3\ninfo: {{ title: Deep, version: \"1\" }}\npaths: {{}}\ncomponents:\n  schemas:\n    \
         Deep: {deep}\n"
    );
    let scratch = scratch_workspace(None);
    fs::write(scratch.path().join("specs/deep.yaml"), spec).expect("write the spec");
    let stderr = run_expecting_failure(&scratch, "specs/deep.yaml", false);
    assert_reported(
        &stderr,
        "specs/deep.yaml",
        &Expected {
            location: ":6:5",
            at: Some("/components/schemas/Deep"),
            message: "schema `Deep` nests deeper than 128 levels (line 6, column ",
            help: "move nested objects into `components/schemas`",
        },
    );
}

#[test]
fn swagger_2() {
    assert_one_problem(
        "swagger-2",
        &Expected {
            // The `swagger:` key.
            location: ":2:1",
            at: Some("/swagger"),
            message: "not an OpenAPI document: it has no top-level `openapi` field",
            help: "this is a Swagger 2.0 document: convert it to OpenAPI 3.0.3",
        },
    );
}

#[test]
fn not_openapi_shape() {
    assert_one_problem(
        "not-openapi-shape",
        &Expected {
            // The `-` that starts the list under `paths:`.
            location: ":8:3",
            at: None,
            message: "the document does not fit OpenAPI 3.0: paths: invalid type: sequence, expected struct Paths",
            help: "a required field may be missing or a value may have the wrong type",
        },
    );
}

#[test]
fn missing_info() {
    assert_one_problem(
        "missing-info",
        &Expected {
            // The top-level mapping starts at `openapi:`, after the comment.
            location: ":2:1",
            at: None,
            message: "the document does not fit OpenAPI 3.0: missing field `info`",
            help: "a required field may be missing",
        },
    );
}

#[test]
fn unresolved_ref() {
    assert_one_problem(
        "unresolved-ref",
        &Expected {
            location: ":23:17",
            at: Some(
                "/paths/~1v1~1thread~1{threadId}/get/responses/200/content/application~1json/schema/$ref",
            ),
            message: "unresolved reference: `$ref: #/components/schemas/Threadd` points to nothing",
            help: "refer to one that exists in `#/components/schemas`: Thread",
        },
    );
}

#[test]
fn external_ref() {
    assert_one_problem(
        "external-ref",
        &Expected {
            location: ":22:17",
            at: Some(
                "/paths/~1v1~1thread~1{threadId}/get/responses/200/content/application~1json/schema/$ref",
            ),
            message: "`$ref: other.yaml#/components/schemas/X` points to `specs/other.yaml`, which is not there",
            help: "copy `specs/other.yaml` beside the spec, as its publisher published it",
        },
    );
}

#[test]
fn duplicate_operation_id() {
    assert_one_problem(
        "duplicate-operation-id",
        &Expected {
            // The second `operationId: get_thread`, naming the first.
            location: ":26:7",
            at: Some("/paths/~1v1~1threads/get/operationId"),
            message: "duplicate `operationId: get_thread`: line 10:7 already uses it",
            help: "give each operation its own operationId",
        },
    );
}

#[test]
fn reserved_operation_id() {
    assert_one_problem(
        "reserved-operation-id",
        &Expected {
            location: ":10:7",
            at: Some("/paths/~1v1~1thread~1{threadId}/get/operationId"),
            message: "`operationId: new` would generate `Client::new`, which is the client's own constructor",
            help: "rename the operation",
        },
    );
}

#[test]
fn path_parameter_missing_from_the_template() {
    let case = "path-parameter-not-in-template";
    let stderr = run_bad_spec(case, false);
    assert_reported(
        &stderr,
        &spec_path(case),
        &Expected {
            // `name: threadId` of the parameter declared `in: path`.
            location: ":15:11",
            at: Some("/paths/~1v1~1thread/get/parameters/0/name"),
            message: "path parameter `threadId` does not appear in the path `/v1/thread`",
            help: "write `{threadId}` in the path where the value goes",
        },
    );
    assert_reported(
        &stderr,
        &spec_path(case),
        &Expected {
            // The `get:` of `/v1/messages/{messageId}`, which declares no
            // parameter `messageId`.
            location: ":27:5",
            at: Some("/paths/~1v1~1messages~1{messageId}/get"),
            message: "the path `/v1/messages/{messageId}` has `{messageId}`, but GET declares no path parameter `messageId`",
            help: "add a parameter with `name: messageId`, `in: path`, `required: true`",
        },
    );
    assert!(
        stderr.ends_with("\n\n2 problem(s) found; generated/ was not changed.\n"),
        "stderr:\n{stderr}"
    );
}

#[test]
fn cookie_parameter() {
    assert_one_problem(
        "cookie-parameter",
        &Expected {
            // `in: cookie`
            location: ":19:11",
            at: Some("/paths/~1v1~1thread~1{threadId}/get/parameters/1/in"),
            message: "cookie parameter `session`: progenitor cannot generate cookie parameters",
            help: "declare it as a security scheme (`type: apiKey`, `in: cookie`)",
        },
    );
}

#[test]
fn webhook_signature_without_body() {
    assert_one_problem(
        "webhook-signature-without-body",
        &Expected {
            // `signed:`
            location: ":18:9",
            at: Some("/x-webhooks/events/post/x-webhook-signature/signed"),
            message: "`signed` leaves the body out: a delivery's contents would not be checked",
            help: "add `body`",
        },
    );
}

#[test]
fn enum_and_extensible_enum() {
    assert_one_problem(
        "enum-and-extensible-enum",
        &Expected {
            // The property `status:` whose schema has both lists.
            location: ":31:9",
            at: Some("/components/schemas/Thread/properties/status"),
            message: "a schema has both `enum` and `x-extensible-enum`",
            help: "use `enum` for a closed list of values, `x-extensible-enum` for an open vocabulary",
        },
    );
}

/// A transcribed spec's example that does not match its schema: one
/// diagnostic for the example, at its first problem (the second is counted).
#[test]
fn invalid_example() {
    assert_one_problem(
        "invalid-example",
        &Expected {
            // `status: <string>` in the `placeholder` example.
            location: ":26:21",
            at: Some(
                "/paths/~1v1~1threads~1{threadId}/get/responses/200/content/application~1json/examples/placeholder/value/status",
            ),
            message: "example `placeholder` does not match its schema at `/status`: \"<string>\" \
                      is not one of inbox, sent, archived (and 1 more problem in this example)",
            help: "fix the example to the docs' bytes, or the schema \
                   (#/components/schemas/Thread/properties/status) where the docs support it",
        },
    );
}

/// progenitor returns an error; the generator must find which operation (the
/// second of two) by generating each one alone.
#[test]
fn progenitor_failure() {
    assert_one_problem(
        "progenitor-failure",
        &Expected {
            // `get:` of `/v1/threads`, the second operation.
            location: ":27:5",
            at: Some("/paths/~1v1~1threads/get"),
            message: "progenitor cannot generate this: unexpected or unhandled format in the OpenAPI document unsupported style of query parameter PipeDelimited",
            help: "add a check for it to generator/codegen/src/client/check.rs",
        },
    );
}

/// progenitor panics; the generator must catch the panic and find which
/// operation (the second of two) caused it.
#[test]
fn progenitor_panic() {
    assert_one_problem(
        "progenitor-panic",
        &Expected {
            // `get:` of `/v1/threads/{threadId}`, the second operation.
            location: ":24:5",
            at: Some("/paths/~1v1~1threads~1{threadId}/get"),
            message: "progenitor cannot generate this: assertion failed: parameter_data.required",
            help: "add a check for it to generator/codegen/src/client/check.rs",
        },
    );
}

#[test]
fn check_mode_with_a_bad_spec_compares_nothing_and_changes_nothing() {
    let stderr = run_bad_spec("unresolved-ref", true);
    assert_reported(
        &stderr,
        &spec_path("unresolved-ref"),
        &Expected {
            location: ":23:17",
            at: Some(
                "/paths/~1v1~1thread~1{threadId}/get/responses/200/content/application~1json/schema/$ref",
            ),
            message: "unresolved reference: `$ref: #/components/schemas/Threadd` points to nothing",
            help: "refer to one that exists in `#/components/schemas`: Thread",
        },
    );
    assert!(
        stderr.ends_with("\n\n1 problem(s) found; nothing was compared.\n"),
        "stderr:\n{stderr}"
    );
}

#[test]
fn the_real_specs_alone_succeed_and_change_nothing() {
    let scratch = scratch_workspace(None);
    let generated = scratch.path().join("generated");
    let before = tree(&generated);

    let outcome = xtask::codegen(scratch.path(), xtask::Options::WRITE);

    assert_eq!(outcome.exit_code, 0, "stderr:\n{}", outcome.stderr);
    assert_eq!(outcome.stderr, "");
    // One line per crate and the closing line; notes under a crate are indented.
    let lines: Vec<&str> = outcome
        .stdout
        .lines()
        .filter(|l| !l.starts_with(' '))
        .collect();
    assert_eq!(lines.len(), CRATES.len() + 1, "stdout:\n{}", outcome.stdout);
    for (line, name) in lines.iter().zip(CRATES) {
        let words: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(words.first(), Some(&name), "stdout:\n{}", outcome.stdout);
        assert!(words.contains(&"unchanged"), "`{line}` says unchanged");
    }
    assert!(lines[CRATES.len()].starts_with("done in "));
    assert!(tree(&generated) == before, "generated/ changed");
}
