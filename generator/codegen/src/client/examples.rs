//! Every example against its schema (the spec layer's
//! [`Spec::example_findings`]). In our specs, transcribed from the docs
//! (`info.x-transcribed-from`), an example that does not match is an error,
//! one per example, where the failing value is written: either the example
//! is not the docs' bytes, or the schema says something the docs do not.
//! A published spec, copied as it is, is generated anyway: each invalid
//! example is a note. An example too deep or too large to check is a note in
//! both.

use crate::diagnostic::Problems;
use crate::spec::{ExampleFinding, InvalidExample, Spec};

/// Reports each example that does not match its schema: to `problems` when
/// `spec` is ours, to `notes` when it is published.
pub(super) fn check(spec: &Spec<'_>, problems: &mut Problems, notes: &mut Vec<crate::Diagnostic>) {
    let ours = !spec.transcribed_from().is_empty();
    for finding in spec.example_findings() {
        match finding {
            ExampleFinding::Invalid(invalid) if ours => problems.push(spec.error(
                &invalid.pointer(),
                message(&invalid),
                format!(
                    "fix the example to the docs' bytes, or the schema (#{}) where the docs \
                     support it",
                    invalid.schema
                ),
            )),
            ExampleFinding::Invalid(invalid) => notes.push(spec.note(
                &invalid.pointer(),
                &format!(
                    "{} (schema #{}); the spec is published, not transcribed \
                     (no `info.x-transcribed-from`), so it is generated as it is",
                    message(&invalid),
                    invalid.schema
                ),
            )),
            ExampleFinding::Unchecked { name, pointer, why } => notes.push(spec.note(
                &pointer,
                &format!(
                    "{} is not checked against its schema: {why}",
                    subject(name.as_deref())
                ),
            )),
        }
    }
}

/// `example `placeholder` does not match its schema: at `/status`, …`.
fn message(invalid: &InvalidExample) -> String {
    let subject = subject(invalid.name.as_deref());
    let at = if invalid.inner.is_empty() {
        String::new()
    } else {
        format!(" at `{}`", invalid.inner)
    };
    let more = match invalid.more {
        0 => String::new(),
        1 => " (and 1 more problem in this example)".to_owned(),
        n => format!(" (and {n} more problems in this example)"),
    };
    format!(
        "{subject} does not match its schema{at}: {}{more}",
        invalid.problem
    )
}

/// `example `placeholder`` for one of `examples`, `the example` for `example`.
fn subject(name: Option<&str>) -> String {
    name.map_or_else(
        || "the example".to_owned(),
        |name| format!("example `{name}`"),
    )
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Problems;
    use crate::load::{SpecFile, load};
    use crate::spec::Spec;

    /// The errors and the notes of the example check on `text`, read as a
    /// provider's spec is.
    fn checked(text: &str) -> (Vec<String>, Vec<String>) {
        let file = SpecFile {
            path: "specs/t.yaml".into(),
            text: text.into(),
        };
        let spec = Spec::published(load(&file).expect("YAML")).expect("OpenAPI");
        let mut problems = Problems::default();
        let mut notes = Vec::new();
        super::check(&spec, &mut problems, &mut notes);
        let errors = problems
            .finish(())
            .err()
            .unwrap_or_default()
            .iter()
            .map(ToString::to_string)
            .collect();
        (errors, notes.iter().map(ToString::to_string).collect())
    }

    const INFO: &str = "openapi: 3.0.3\ninfo:\n  title: T\n  version: \"1\"\n";

    /// A thread whose status is an enum, and a response with two examples:
    /// one valid, one with a placeholder status.
    const PATHS: &str = r##"paths:
  /threads/{id}:
    get:
      operationId: get_thread
      parameters:
        - name: id
          in: path
          required: true
          schema: { type: string }
          example: 7
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Thread"
              examples:
                good:
                  value: { status: inbox }
                placeholder:
                  value:
                    status: <string>
                    messages: [{ at: yesterday }]
components:
  schemas:
    Thread:
      type: object
      properties:
        status: { type: string, enum: [inbox, sent, archived] }
        messages:
          type: array
          items:
            type: object
            properties:
              at: { type: string, format: date-time, example: "2026-03-01T10:30:00Z" }
"##;

    #[test]
    fn in_a_transcribed_spec_each_invalid_example_is_an_error_where_it_fails() {
        let text = format!("{INFO}  x-transcribed-from: [docs.txt]\n{PATHS}");
        let (errors, notes) = checked(&text);
        assert_eq!(
            errors,
            [
                "specs/t.yaml:15:11: error: the example does not match its schema: 7 is a number, \
                 not a string\n  at: #/paths/~1threads~1{id}/get/parameters/0/example\n  help: fix \
                 the example to the docs' bytes, or the schema \
                 (#/paths/~1threads~1{id}/get/parameters/0/schema) where the docs support it",
                "specs/t.yaml:28:21: error: example `placeholder` does not match its schema at \
                 `/status`: \"<string>\" is not one of inbox, sent, archived (and 1 more problem \
                 in this example)\n  at: #/paths/~1threads~1{id}/get/responses/200/content/\
                 application~1json/examples/placeholder/value/status\n  help: fix the example to \
                 the docs' bytes, or the schema (#/components/schemas/Thread/properties/status) \
                 where the docs support it",
            ]
        );
        assert!(notes.is_empty(), "{notes:?}");
    }

    #[test]
    fn in_a_published_spec_an_invalid_example_is_a_note() {
        let (errors, notes) = checked(&format!("{INFO}{PATHS}"));
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(notes.len(), 2, "{notes:?}");
        assert_eq!(
            notes[1],
            "specs/t.yaml:27:21: example `placeholder` does not match its schema at `/status`: \
             \"<string>\" is not one of inbox, sent, archived (and 1 more problem in this \
             example) (schema #/components/schemas/Thread/properties/status); the spec is \
             published, not transcribed (no `info.x-transcribed-from`), so it is generated as it is"
        );
    }

    #[test]
    fn a_spec_whose_examples_match_has_nothing_to_say() {
        let text = format!(
            "{INFO}  x-transcribed-from: [docs.txt]\n{}",
            PATHS
                .replace("example: 7", "example: \"7\"")
                .replace("status: <string>", "status: sent")
                .replace("at: yesterday", "at: \"2026-03-01T10:30:00Z\"")
        );
        assert_eq!(checked(&text), (Vec::new(), Vec::new()));
    }
}
