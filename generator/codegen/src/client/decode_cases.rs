//! The spec's response examples, each with the Rust type the client decodes
//! that response into: what `cargo xtask corpus --decode` feeds to serde.
//!
//! The type is what progenitor decided (each builder's `send` returns
//! `Result<ResponseValue<T>, Error<E>>`, read through [`Decided`]; a success
//! union decodes each status into its variant's body), so that the check
//! decodes exactly what a caller receives.

use std::collections::BTreeMap;

use crate::ResponseExample;
use crate::client::decided::Decided;
use crate::client::plan::ClientPlan;
use crate::spec::{ExampleFinding, Spec};

/// Every JSON response example of `spec` whose body the client decodes into
/// a type (not raw bytes), in operation order.
pub(crate) fn collect(
    spec: &Spec<'_>,
    plan: &ClientPlan,
    decided: &Decided,
) -> Vec<ResponseExample> {
    let problems: BTreeMap<String, String> = spec
        .example_findings()
        .into_iter()
        .filter_map(|finding| match finding {
            ExampleFinding::Invalid(invalid) => Some((
                invalid.example.clone(),
                format!(
                    "{}{} (schema #{})",
                    if invalid.inner.is_empty() {
                        String::new()
                    } else {
                        format!("at `{}`: ", invalid.inner)
                    },
                    invalid.problem,
                    invalid.schema
                ),
            )),
            ExampleFinding::Unchecked { .. } => None,
        })
        .collect();
    let mut cases = Vec::new();
    let operations = spec.operations();
    for planned in &plan.operations {
        let Some(op) = operations.iter().find(|op| op.pointer == planned.pointer) else {
            continue;
        };
        let Some((ok, error)) = decided
            .builder(&planned.method_name)
            .and_then(|b| b.send.as_ref())
            .map(|(ok, error)| (rooted_type(ok), rooted_type(error)))
        else {
            continue;
        };
        for response in op.responses() {
            let union_body = planned.responses.union.as_ref().and_then(|union| {
                union
                    .variants
                    .iter()
                    .find(|v| v.status == response.status)
                    .and_then(|v| v.body.as_deref().map(rooted))
            });
            let rust_type = if response.is_error() {
                (!planned.responses.raw_errors).then(|| error.clone())
            } else if planned.responses.union.is_some() {
                union_body
            } else {
                (!planned.responses.raw_success).then(|| ok.clone())
            };
            let Some(rust_type) = rust_type.filter(|t| decodable(t)) else {
                continue;
            };
            let text_schema = response
                .json_schema(spec)
                .is_some_and(|schema| schema.ty() == Some("string"));
            for (name, value, at) in response.json_examples(spec) {
                cases.push(ResponseExample {
                    operation: planned.method_name.clone(),
                    status: response.status.to_owned(),
                    name: name.unwrap_or("example").to_owned(),
                    json: json_text(value, text_schema),
                    rust_type: rust_type.clone(),
                    schema_problem: problems.get(&at).cloned(),
                });
            }
        }
    }
    cases
}

/// The example as the body it shows. ReadMe's specs (Doppler's) write a
/// JSON body's example as its text (`value: "{\n  \"workplace\": …}"`):
/// for a body that is not itself a string, a string that is a JSON object or
/// array is that body.
fn json_text(value: &serde_json::Value, text_schema: bool) -> String {
    if let serde_json::Value::String(text) = value
        && !text_schema
        && text.trim_start().starts_with(['{', '['])
        && serde_json::from_str::<serde_json::Value>(text).is_ok()
    {
        return text.clone();
    }
    value.to_string()
}

/// A type serde decodes JSON into (not bytes, not nothing).
fn decodable(rust_type: &str) -> bool {
    !(rust_type == "()" || rust_type.ends_with("ByteStream") || rust_type.is_empty())
}

/// A type's text, its paths into `types` from `crate::` (`types::Thread` →
/// `crate::types::Thread`).
fn rooted_type(ty: &syn::Type) -> String {
    rooted(&quote::quote!(#ty).to_string().replace(' ', ""))
}

/// A type's text with every path into the client's `types` written from
/// `crate::` (`types::Thread`, `crate::types::Thread` → the latter).
fn rooted(text: &str) -> String {
    let plain = text.replace("crate::types::", "types::");
    let mut out = String::new();
    let mut rest = plain.as_str();
    while let Some(at) = rest.find("types::") {
        let before = &rest[..at];
        out.push_str(before);
        // `std::…::types::` would be another crate's module: keep it.
        if before.ends_with("::") {
            out.push_str("types::");
        } else {
            out.push_str("crate::types::");
        }
        rest = &rest[at + "types::".len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_example_written_as_json_text_is_that_json_unless_the_body_is_text() {
        let text = serde_json::json!("{\n  \"id\": 1\n}");
        assert_eq!(super::json_text(&text, false), "{\n  \"id\": 1\n}");
        assert_eq!(super::json_text(&text, true), "\"{\\n  \\\"id\\\": 1\\n}\"");
        let plain = serde_json::json!("hello");
        assert_eq!(super::json_text(&plain, false), "\"hello\"");
    }

    #[test]
    fn types_are_written_from_the_crate_root() {
        assert_eq!(super::rooted("types::Thread"), "crate::types::Thread");
        assert_eq!(
            super::rooted("::std::vec::Vec<crate::types::Thread>"),
            "::std::vec::Vec<crate::types::Thread>"
        );
        assert_eq!(super::rooted("::serde_json::Value"), "::serde_json::Value");
    }
}
