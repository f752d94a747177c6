use super::*;
use crate::load::load;

fn file(path: &str, text: &str) -> SpecFile {
    SpecFile {
        path: path.into(),
        text: text.into(),
    }
}

/// The entry `specs/acme/openapi.yaml` bundled with `others`.
fn bundled(
    entry: &str,
    others: &[(&str, &str)],
) -> Result<(Value, Vec<String>, Vec<String>), Vec<String>> {
    let entry = file("specs/acme/openapi.yaml", entry);
    let others: Vec<SpecFile> = others.iter().map(|(p, t)| file(p, t)).collect();
    let refs: Vec<&SpecFile> = others.iter().collect();
    let document = load(&entry).map_err(|d| vec![d.to_string()])?;
    let (document, read) = bundle(document, &refs)
        .map_err(|found| found.iter().map(ToString::to_string).collect::<Vec<_>>())?;
    // Where a few nodes were written, as a diagnostic would say it.
    let places = [
        "/components/schemas/Error/properties/message",
        "/paths/~1threads/get/parameters/0/name",
    ]
    .iter()
    .map(|at| {
        let place = document.place(at);
        format!("{} {:?} {}", place.file, place.line_col, place.pointer)
    })
    .collect();
    Ok((document.value, read, places))
}

const ENTRY: &str = "openapi: 3.0.3
info: { title: Acme, version: \"1\" }
paths:
  /threads:
    $ref: paths/threads.yaml
components:
  schemas:
    Thread:
      type: object
      properties:
        error: { $ref: \"common.yml#/components/schemas/Error\" }
        node: { $ref: \"schemas/Node.yaml\" }
      x-sample: { $ref: sample.cs }
";

const THREADS: &str = "get:
  operationId: list_threads
  parameters:
    - $ref: ../common.yml#/components/parameters/Limit
  responses:
    \"200\":
      description: ok
      content:
        application/json:
          schema: { $ref: \"../openapi.yaml#/components/schemas/Thread\" }
          example: { $ref: not-a-reference.yml }
";

const COMMON: &str = "components:
  parameters:
    Limit:
      name: limit
      in: query
      schema: { type: integer }
  schemas:
    Error:
      type: object
      properties:
        message: { type: string }
";

const NODE: &str = "type: object
properties:
  children:
    type: array
    items: { $ref: \"#\" }
";

#[test]
fn a_spec_in_several_files_is_one_document_placed_in_its_files() {
    let (value, read, places) = bundled(
        ENTRY,
        &[
            ("specs/acme/paths/threads.yaml", THREADS),
            ("specs/acme/common.yml", COMMON),
            ("specs/acme/schemas/Node.yaml", NODE),
        ],
    )
    .unwrap_or_else(|e| panic!("{e:#?}"));
    let schemas = &value["components"]["schemas"];
    assert_eq!(
        schemas["Thread"]["properties"],
        json!({
            "error": { "$ref": "#/components/schemas/Error" },
            "node": { "$ref": "#/components/schemas/Node" }
        })
    );
    assert_eq!(
        schemas["Thread"]["x-sample"],
        json!({ "$ref": "sample.cs" }),
        "an extension"
    );
    assert_eq!(
        schemas["Error"]["properties"]["message"],
        json!({ "type": "string" })
    );
    // A whole file is a component named by its stem; its reference to
    // itself (`#`) points at that component.
    assert_eq!(
        schemas["Node"]["properties"]["children"]["items"],
        json!({ "$ref": "#/components/schemas/Node" })
    );
    let get = &value["paths"]["/threads"]["get"];
    assert_eq!(
        get["parameters"][0],
        json!({ "name": "limit", "in": "query", "schema": { "type": "integer" } })
    );
    let media = &get["responses"]["200"]["content"]["application/json"];
    assert_eq!(
        media["schema"],
        json!({ "$ref": "#/components/schemas/Thread" })
    );
    assert_eq!(
        media["example"],
        json!({ "$ref": "not-a-reference.yml" }),
        "data"
    );
    assert_eq!(
        read,
        [
            "specs/acme/paths/threads.yaml",
            "specs/acme/common.yml",
            "specs/acme/schemas/Node.yaml"
        ]
    );
    assert_eq!(
        places,
        [
            "specs/acme/common.yml Some((11, 9)) /components/schemas/Error/properties/message",
            "specs/acme/common.yml Some((4, 7)) /components/parameters/Limit/name",
        ]
    );
}

#[test]
fn a_missing_file_or_node_or_a_url_is_an_error_at_its_reference() {
    let problems = bundled(
        "openapi: 3.0.3\ninfo: { title: A, version: \"1\" }\npaths: {}\ncomponents:\n  schemas:\n    \
         A: { $ref: \"gone.yml#/X\" }\n    B: { $ref: \"https://example.com/b.yml\" }\n    \
         C: { $ref: \"here.yml#/Nope\" }\n",
        &[("specs/acme/here.yml", "Yes: { type: string }\n")],
    )
    .expect_err("three problems");
    let first_lines: Vec<&str> = problems.iter().filter_map(|p| p.lines().next()).collect();
    assert_eq!(
        first_lines,
        [
            "specs/acme/openapi.yaml:6:10: error: `$ref: gone.yml#/X` points to `specs/acme/gone.yml`, which is not there",
            "specs/acme/openapi.yaml:7:10: error: `$ref: https://example.com/b.yml` points to a URL: the generator reads no network",
            "specs/acme/openapi.yaml:8:10: error: `$ref: here.yml#/Nope` points to nothing in `specs/acme/here.yml`",
        ]
    );
}

#[test]
fn a_spec_in_one_file_is_left_as_it_is() {
    let (value, read, _) = bundled(
        "openapi: 3.0.3\ninfo: { title: A, version: \"1\" }\npaths: {}\ncomponents:\n  schemas:\n    \
         A: { $ref: \"#/components/schemas/B\" }\n    B: { type: string }\n",
        &[],
    )
    .unwrap_or_else(|e| panic!("{e:#?}"));
    assert!(read.is_empty());
    assert_eq!(
        value["components"]["schemas"]["A"],
        json!({ "$ref": "#/components/schemas/B" })
    );
}

#[test]
fn paths_resolve_against_the_file_that_holds_the_reference() {
    assert_eq!(
        relative("specs/acme/paths/a.yml", "../common.yml"),
        "specs/acme/common.yml"
    );
    assert_eq!(
        relative("specs/acme/openapi.yaml", "./x/y.yml"),
        "specs/acme/x/y.yml"
    );
    assert_eq!(percent_decode("/paths/~1a~1%7Bid%7D"), "/paths/~1a~1{id}");
}

#[test]
fn a_problem_inside_a_referenced_file_is_placed_in_that_file() {
    let problems = bundled(
        "openapi: 3.0.3\ninfo: { title: A, version: \"1\" }\npaths:\n  /a:\n    $ref: paths/a.yml\n\
         components:\n  schemas:\n    T: { $ref: \"schemas/t.yml\" }\n",
        &[
            (
                "specs/acme/paths/a.yml",
                "get:\n  responses:\n    \"200\":\n      description: ok\n      \
                 content:\n        application/json:\n          schema: { $ref: \"../gone.yml\" }\n",
            ),
            (
                "specs/acme/schemas/t.yml",
                "type: object\nproperties:\n  e: { $ref: \"../lost.yml\" }\n",
            ),
        ],
    )
    .expect_err("two missing files");
    let first_lines: Vec<&str> = problems.iter().filter_map(|p| p.lines().next()).collect();
    assert_eq!(
        first_lines,
        [
            "specs/acme/paths/a.yml:7:21: error: `$ref: ../gone.yml` points to `specs/acme/gone.yml`, which is not there",
            "specs/acme/schemas/t.yml:3:8: error: `$ref: ../lost.yml` points to `specs/acme/lost.yml`, which is not there",
        ]
    );
}
