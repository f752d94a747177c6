//! Where examples are found, and what is said of each that does not match.

use super::*;
use crate::spec::tests::{MINIMAL, with_spec};

/// The findings on `text` (after [`MINIMAL`]), shown as
/// `line:col pointer-of-the-failing-node: message [schema]`.
fn findings(text: &str) -> Vec<String> {
    with_spec(&format!("{MINIMAL}{text}"), |spec| {
        spec.example_findings()
            .into_iter()
            .map(|finding| match finding {
                ExampleFinding::Invalid(invalid) => {
                    let (line, col) = spec.position(&invalid.pointer()).unwrap_or_default();
                    format!(
                        "{line}:{col} {} {:?}{}: {} [{}] +{}",
                        invalid.example,
                        invalid.name,
                        invalid.inner,
                        invalid.problem,
                        invalid.schema,
                        invalid.more
                    )
                }
                ExampleFinding::Unchecked { name, pointer, why } => {
                    format!("unchecked {pointer} {name:?}: {why}")
                }
            })
            .collect()
    })
}

#[test]
fn examples_are_found_on_schemas_parameters_media_types_and_headers() {
    let text = r##"paths:
  /a:
    parameters:
      - { name: shared, in: query, schema: { type: integer }, example: x }
    post:
      parameters:
        - name: q
          in: query
          content:
            application/json:
              schema: { type: integer }
              example: y
          example: z
      requestBody:
        content:
          application/json:
            schema: { type: object, required: [a] }
            example: {}
          application/xml:
            schema: { type: object }
            example: "<a/>"
      responses:
        "200":
          description: ok
          headers:
            X-Rate: { schema: { type: integer }, example: many }
          content:
            text/plain:
              schema: { type: string }
              example: 1
components:
  headers:
    X-Left: { schema: { type: integer, example: none } }
  schemas:
    A:
      type: object
      properties:
        b:
          type: array
          items: { type: boolean, example: 1 }
        c:
          allOf:
            - { type: string, example: 2 }
"##;
    assert_eq!(
        findings(text),
        [
            "44:35 /components/schemas/A/properties/b/items/example None: 1 is a number, not a \
             boolean [/components/schemas/A/properties/b/items] +0",
            "47:31 /components/schemas/A/properties/c/allOf/0/example None: 2 is a number, not a \
             string [/components/schemas/A/properties/c/allOf/0] +0",
            "37:40 /components/headers/X-Left/schema/example None: \"none\" is a string, not an \
             integer [/components/headers/X-Left/schema] +0",
            "8:63 /paths/~1a/parameters/0/example None: \"x\" is a string, not an integer \
             [/paths/~1a/parameters/0/schema] +0",
            "17:11 /paths/~1a/post/parameters/0/example None: \"z\" is a string, not an integer \
             [/paths/~1a/post/parameters/0/content/application~1json/schema] +0",
            "16:15 /paths/~1a/post/parameters/0/content/application~1json/example None: \"y\" is \
             a string, not an integer [/paths/~1a/post/parameters/0/content/application~1json/schema] +0",
            "22:13 /paths/~1a/post/requestBody/content/application~1json/example None: the \
             required property `a` is missing [/paths/~1a/post/requestBody/content/application~1json/schema] +0",
            "30:50 /paths/~1a/post/responses/200/headers/X-Rate/example None: \"many\" is a \
             string, not an integer [/paths/~1a/post/responses/200/headers/X-Rate/schema] +0",
            "34:15 /paths/~1a/post/responses/200/content/text~1plain/example None: 1 is a number, \
             not a string [/paths/~1a/post/responses/200/content/text~1plain/schema] +0",
        ]
    );
}

#[test]
fn a_referenced_example_is_checked_against_each_schema_that_uses_it() {
    let text = r##"paths:
  /a:
    get:
      responses:
        "200":
          $ref: "#/components/responses/Thread"
        "404":
          description: none
          content:
            application/json:
              schema: { type: object, properties: { error: { type: string } } }
              examples:
                gone: { $ref: "#/components/examples/Thread" }
components:
  examples:
    Thread:
      value:
        status: 3
  responses:
    Thread:
      description: ok
      content:
        application/json:
          schema:
            type: object
            properties: { status: { type: string } }
          examples:
            thread: { $ref: "#/components/examples/Thread" }
            remote: { externalValue: "https://example.com/thread.json" }
"##;
    assert_eq!(
        findings(text),
        [
            // The response is checked where it is defined, not where it is used.
            "22:9 /components/examples/Thread/value Some(\"thread\")/status: 3 is a number, not \
             a string [/components/responses/Thread/content/application~1json/schema/properties/status] +0",
        ]
    );
}

#[test]
fn the_first_problem_is_the_first_written_and_the_rest_are_counted() {
    let text = r##"paths: {}
components:
  schemas:
    Thread:
      type: object
      required: [id]
      properties:
        status: { type: string, enum: [inbox, sent, archived], nullable: true }
        at: { type: string, format: date-time }
        id: { type: string }
      example:
        at: yesterday
        status: null
"##;
    assert_eq!(
        findings(text),
        [
            // The object (missing `id`) is written before its fields.
            "15:7 /components/schemas/Thread/example None: the required property `id` is missing \
             [/components/schemas/Thread] +2",
        ]
    );
    assert_eq!(
        findings(&text.replace("at: yesterday", "id: t1\n        at: yesterday")),
        [
            "17:9 /components/schemas/Thread/example None/at: \"yesterday\" is not an RFC 3339 \
             date-time (`format: date-time`), such as 2026-03-01T10:30:00Z \
             [/components/schemas/Thread/properties/at] +1",
        ]
    );
}

#[test]
fn a_property_named_example_is_a_property() {
    let text = r##"paths: {}
components:
  schemas:
    A:
      type: object
      properties:
        example: { type: string }
        $ref: { type: string }
      example: { example: "fine", $ref: "also fine" }
"##;
    assert_eq!(findings(text), Vec::<String>::new());
}

#[test]
fn an_example_beyond_the_bounds_is_said_to_be_unchecked() {
    let mut text = String::from(
        "paths: {}\ncomponents:\n  schemas:\n    S0:\n      allOf: [{ $ref: \"#/components/schemas/S1\" }]\n      example: 1\n",
    );
    for i in 1..300 {
        text.push_str(&format!(
            "    S{i}:\n      allOf: [{{ $ref: \"#/components/schemas/S{}\" }}]\n",
            i + 1
        ));
    }
    assert_eq!(
        findings(&text),
        [format!(
            "unchecked /components/schemas/S0/example None: its schema nests more than {} levels deep",
            validate::MAX_DEPTH
        )]
    );
}
