//! How an operation's responses become Rust, decided from the spec before
//! progenitor sees it.
//!
//! progenitor reads one body type for all success statuses of an operation
//! and one for all error statuses (it asserts so, and panics otherwise), and
//! reads `default` as both. Real specs break that in four ways, each planned
//! here and applied by [`crate::fixups::responses`]:
//! - `default` beside explicit success statuses, with another body (HubSpot's
//!   `Error`): the `default` stands for everything else, so it is read as the
//!   error statuses `4XX` and `5XX`;
//! - error bodies that differ (400 and 404, JSON and `problem+json`): read
//!   raw, so that the caller still gets the status and the bytes;
//! - success bodies that differ (200 and 207, 200 and 204): one enum with a
//!   variant per status, decoded by the status the server sent
//!   ([`crate::fixups::success_union`]); if one of them is not JSON, all are
//!   read raw;
//! - a JSON body without a `schema`: any JSON value.

use heck::ToUpperCamelCase;

use crate::client::plan::{OperationPlan, ResponsePlan, SuccessUnion, UnionVariant};
use crate::spec::{BodyKind, Operation, Spec};
use crate::upstream_names;

/// Whether progenitor counts the status (`200`, `2XX`, `101`) as a success:
/// its body is `send`'s `Ok` type. `default` is neither this nor an error.
pub(crate) fn is_success(status: &str) -> bool {
    status == "101" || status.starts_with('2')
}

/// Whether progenitor counts the status (`404`, `5XX`) as an error: its
/// body is `send`'s `Error` type.
pub(crate) fn is_error(status: &str) -> bool {
    status.starts_with('4') || status.starts_with('5')
}

/// The plan of `op`'s responses; `notes` gets one line per change.
pub(crate) fn plan(
    spec: &Spec<'_>,
    op: &Operation<'_>,
    id: &str,
    notes: &mut Vec<crate::Diagnostic>,
) -> ResponsePlan {
    let responses = op.responses();
    let kinds: Vec<(&str, BodyKind)> = responses
        .iter()
        .map(|r| (r.status, r.body_kind()))
        .collect();
    let mut plan = ResponsePlan {
        schemaless_json: kinds
            .iter()
            .filter(|(_, k)| matches!(k, BodyKind::JsonWithoutSchema { .. }))
            .map(|(status, _)| (*status).to_owned())
            .collect(),
        ..ResponsePlan::default()
    };
    let explicit_success: Vec<&BodyKind> = kinds
        .iter()
        .filter(|(s, _)| is_success(s))
        .map(|(_, k)| k)
        .collect();
    let default = kinds.iter().find(|(s, _)| *s == "default").map(|(_, k)| k);
    // progenitor reads `default` as both a success and an error: beside
    // explicit success statuses it can only agree with both groups by
    // chance, so it is read as the error statuses. Noted once for all
    // operations, by `default_note`.
    if default.is_some() && !explicit_success.is_empty() {
        plan.default_as_errors = true;
    }
    let errors: Vec<&BodyKind> = kinds
        .iter()
        .filter(|(s, _)| {
            is_error(s)
                || (*s == "default" && (plan.default_as_errors || explicit_success.is_empty()))
        })
        .map(|(_, k)| k)
        .collect();
    if differ(&errors) {
        plan.raw_errors = true;
        notes.push(spec.note(
            &format!("{}/responses", op.pointer),
            &format!(
                "{}: its error responses have different bodies, so `Error::ErrorResponse` holds \
                 the status and the raw body; give them one schema to have it typed",
                op.shown()
            ),
        ));
    }
    let successes: Vec<(&str, &BodyKind)> = kinds
        .iter()
        .filter(|(s, _)| is_success(s) || (*s == "default" && !plan.default_as_errors))
        .map(|(s, k)| (*s, k))
        .collect();
    let success_kinds: Vec<&BodyKind> = successes.iter().map(|(_, k)| *k).collect();
    if !differ(&success_kinds) {
        return plan;
    }
    if success_kinds.iter().any(|k| matches!(k, BodyKind::Raw)) {
        plan.raw_success = true;
        notes.push(spec.note(
            &format!("{}/responses", op.pointer),
            &format!(
                "{}: its success responses mix JSON and other content, so all are read as raw bytes",
                op.shown()
            ),
        ));
        return plan;
    }
    let name = union_name(spec, id);
    let variants = successes
        .iter()
        .map(|(status, kind)| UnionVariant {
            status: (*status).to_owned(),
            variant: variant_name(status),
            body: match kind {
                BodyKind::Json { schema, .. } => Some(body_type(schema, &name, status)),
                BodyKind::JsonWithoutSchema { .. } => Some("::serde_json::Value".to_owned()),
                BodyKind::Raw | BodyKind::None => None,
            },
            inline: match kind {
                BodyKind::Json { schema, .. } if component_of(schema).is_none() => {
                    Some(format!("{name}{}", variant_name(status)))
                }
                _ => None,
            },
        })
        .collect::<Vec<_>>();
    let shown: Vec<&str> = variants.iter().map(|v| v.status.as_str()).collect();
    notes.push(spec.note(
        &format!("{}/responses", op.pointer),
        &format!(
            "{}: its success responses ({}) have different bodies: it returns `types::{name}`, \
             one variant per status, decoded by the status the server sent",
            op.shown(),
            shown.join(", ")
        ),
    ));
    plan.union = Some(SuccessUnion { name, variants });
    plan
}

/// One note for every operation whose `default` is read as the error
/// statuses (HubSpot's spec does this for all 16), placed at the first.
pub(crate) fn default_note(
    spec: &Spec<'_>,
    operations: &[OperationPlan],
) -> Option<crate::Diagnostic> {
    let moved: Vec<&OperationPlan> = operations
        .iter()
        .filter(|op| op.responses.default_as_errors)
        .collect();
    let first = moved.first()?;
    let more = match moved.len() {
        1 => String::new(),
        n => format!(" (and {} more operations)", n - 1),
    };
    Some(spec.note(
        &format!("{}/responses/default", first.pointer),
        &format!(
            "{} {}{more}: `default` beside explicit success statuses is read as the error \
             statuses (`4XX`, `5XX`)",
            first.method.as_http(),
            first.path
        ),
    ))
}

/// Whether the bodies are of more than one type.
fn differ(kinds: &[&BodyKind]) -> bool {
    kinds.iter().any(|k| !kinds[0].same_type(k))
}

/// `batch_read` → `BatchReadResponse`, or `BatchReadResponseByStatus` when
/// the spec has a component of that name.
fn union_name(spec: &Spec<'_>, id: &str) -> String {
    let base = format!(
        "{}Response",
        upstream_names::method_name(id).to_upper_camel_case()
    );
    let taken = spec
        .keys_at("/components/schemas")
        .iter()
        .any(|k| upstream_names::Schema::component(k) == base);
    if taken {
        format!("{base}ByStatus")
    } else {
        base
    }
}

/// `200` → `Status200`, `2XX` → `Status2xx`, `default` → `Default`.
fn variant_name(status: &str) -> String {
    if status == "default" {
        "Default".to_owned()
    } else {
        format!("Status{}", status.to_ascii_lowercase())
    }
}

/// The component a body schema refers to, if it is a bare `$ref`.
fn component_of(schema: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(schema).ok()?;
    let object = value.as_object()?;
    if object.len() != 1 {
        return None;
    }
    object
        .get("$ref")?
        .as_str()?
        .strip_prefix("#/components/schemas/")
        .map(str::to_owned)
}

/// The Rust type of a body: its component's, or the one it is hoisted as.
fn body_type(schema: &str, union: &str, status: &str) -> String {
    match component_of(schema) {
        Some(component) => format!("types::{}", upstream_names::Schema::component(&component)),
        None => format!("types::{union}{}", variant_name(status)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::tests::{MINIMAL, with_spec};

    /// The plan of the first operation of `responses` (YAML under
    /// `responses:`), with the notes.
    fn plan_of(responses: &str) -> (ResponsePlan, Vec<String>) {
        let text = format!(
            "{MINIMAL}paths:\n  /a:\n    get:\n      operationId: get_a\n      responses:\n{responses}\
             components:\n  schemas:\n    A: {{ type: object }}\n    B: {{ type: string }}\n"
        );
        with_spec(&text, |spec| {
            let mut notes = Vec::new();
            let op = &spec.operations()[0];
            let plan = plan(spec, op, "get_a", &mut notes);
            (plan, notes.iter().map(ToString::to_string).collect())
        })
    }

    const A: &str = "content: { application/json: { schema: { $ref: '#/components/schemas/A' } } }";
    const B: &str = "content: { application/json: { schema: { $ref: '#/components/schemas/B' } } }";

    #[test]
    fn one_body_per_group_changes_nothing() {
        let (plan, notes) = plan_of(&format!(
            "        \"200\": {{ description: ok, {A} }}\n        \"201\": {{ description: ok, {A} }}\n        \
             \"404\": {{ description: no, {B} }}\n"
        ));
        assert_eq!(plan, ResponsePlan::default());
        assert!(notes.is_empty());
    }

    #[test]
    fn success_bodies_by_status_become_an_enum_and_no_content_a_unit_variant() {
        let (plan, notes) = plan_of(&format!(
            "        \"200\": {{ description: ok, {A} }}\n        \"204\": {{ description: none }}\n        \
             default: {{ description: error, {B} }}\n"
        ));
        assert!(
            plan.default_as_errors,
            "default differs from the success bodies"
        );
        let union = plan.union.expect("a union");
        assert_eq!(union.name, "GetAResponse");
        let variants: Vec<(&str, &str, Option<&str>)> = union
            .variants
            .iter()
            .map(|v| (v.status.as_str(), v.variant.as_str(), v.body.as_deref()))
            .collect();
        assert_eq!(
            variants,
            [
                ("200", "Status200", Some("types::A")),
                ("204", "Status204", None)
            ]
        );
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert!(notes[0].contains("its success responses (200, 204) have different bodies"));
    }

    #[test]
    fn differing_error_bodies_and_mixed_success_content_are_read_raw() {
        let (plan, _) = plan_of(&format!(
            "        \"200\": {{ description: ok, {A} }}\n        \
             \"202\": {{ description: ok, content: {{ text/csv: {{ schema: {{ type: string }} }} }} }}\n        \
             \"400\": {{ description: no, {A} }}\n        \"404\": {{ description: no, {B} }}\n"
        ));
        assert!(plan.raw_errors);
        assert!(plan.raw_success);
        assert_eq!(plan.union, None);
    }
}
