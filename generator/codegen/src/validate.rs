//! Step 2: checks a loaded spec for what progenitor and our own generation
//! need, so that each problem is reported at its place in the spec, with a
//! fix, instead of as a panic or a bare message deep inside progenitor.

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use crate::auth::{self, SecurityScheme};
use crate::diagnostic::{Diagnostic, escape_token, pointer};
use crate::load::LoadedSpec;

/// HTTP methods an OpenAPI path item can hold operations for.
pub(crate) const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Method names the generated `Client` defines itself; an operation with one
/// of these names would collide with them.
const CLIENT_METHODS: [&str; 8] = [
    "new",
    "new_with_client",
    "baseurl",
    "client",
    "inner",
    "api_version",
    "retry_policy",
    "set_retry_policy",
];

/// What validation learned that later steps use.
pub(crate) struct Validated {
    pub(crate) schemes: Vec<SecurityScheme>,
}

/// Runs every check and returns all problems found, not just the first.
pub(crate) fn validate(spec: &LoadedSpec<'_>) -> Result<Validated, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    check_refs(spec, &spec.value, String::new(), &mut problems);
    let schemes = auth::security_schemes(spec, &mut problems);
    check_security_requirements(spec, &mut problems);
    check_operations(spec, &schemes, &mut problems);
    if problems.is_empty() {
        Ok(Validated { schemes })
    } else {
        Err(problems)
    }
}

/// Every `$ref` must be local (`#/…`) and point at a node that exists.
fn check_refs(spec: &LoadedSpec<'_>, node: &Value, at: String, problems: &mut Vec<Diagnostic>) {
    match node {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                check_ref(spec, target, &format!("{at}/$ref"), problems);
            }
            for (key, child) in map {
                // Examples are data, not spec: a `$ref` key in them is a value.
                if key == "example" || (key == "value" && at.contains("/examples/")) {
                    continue;
                }
                check_refs(spec, child, format!("{at}/{}", escape_token(key)), problems);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                check_refs(spec, child, format!("{at}/{i}"), problems);
            }
        }
        _ => {}
    }
}

fn check_ref(spec: &LoadedSpec<'_>, target: &str, at: &str, problems: &mut Vec<Diagnostic>) {
    let Some(local) = target.strip_prefix('#') else {
        problems.push(spec.error(
            at,
            format!("`$ref: {target}` points outside this file"),
            "copy the referenced definition under `components` in this spec and refer to \
             it as `#/components/…`: each spec is generated on its own",
        ));
        return;
    };
    if spec.value.pointer(local).is_some() {
        return;
    }
    // Name what the section does define, so that a typo is easy to spot.
    let (section, _) = local.rsplit_once('/').unwrap_or(("", local));
    let defined = spec
        .value
        .pointer(section)
        .and_then(Value::as_object)
        .map(|m| m.keys().map(String::as_str).collect::<Vec<_>>().join(", "))
        .filter(|names| !names.is_empty());
    let help = match defined {
        Some(names) => format!("define it, or refer to one that exists in `#{section}`: {names}"),
        None => format!("define it: `#{section}` does not exist in this spec"),
    };
    problems.push(spec.error(
        at,
        format!("unresolved reference: `$ref: {target}` points to nothing"),
        help,
    ));
}

fn check_security_requirements(spec: &LoadedSpec<'_>, problems: &mut Vec<Diagnostic>) {
    let mut requirements: Vec<(String, &Value)> = Vec::new();
    if let Some(top) = spec.value.get("security") {
        requirements.push(("/security".into(), top));
    }
    for (path, method, op) in operations(&spec.value) {
        if let Some(security) = op.get("security") {
            requirements.push((pointer(["paths", path, method, "security"]), security));
        }
    }
    for (at, list) in requirements {
        for (i, requirement) in list.as_array().into_iter().flatten().enumerate() {
            for name in requirement.as_object().into_iter().flat_map(|m| m.keys()) {
                // A defined but unsupported scheme is reported where it is
                // defined; only a name that is defined nowhere is an error here.
                if spec
                    .value
                    .pointer(&pointer(["components", "securitySchemes", name]))
                    .is_none()
                {
                    problems.push(spec.error(
                        &format!("{at}/{i}/{}", escape_token(name)),
                        format!("security requirement `{name}` names no security scheme"),
                        "define it under `components/securitySchemes`, or fix the name",
                    ));
                }
            }
        }
    }
}

/// The operations of a spec as (path, method, operation), in document order.
pub(crate) fn operations(value: &Value) -> Vec<(&str, &str, &Value)> {
    let Some(paths) = value.get("paths").and_then(Value::as_object) else {
        return Vec::new();
    };
    paths
        .iter()
        .flat_map(|(path, item)| {
            METHODS
                .iter()
                .filter_map(move |m| item.get(*m).map(|op| (path.as_str(), *m, op)))
        })
        .collect()
}

fn check_operations(
    spec: &LoadedSpec<'_>,
    schemes: &[SecurityScheme],
    problems: &mut Vec<Diagnostic>,
) {
    if let Some(paths) = spec.value.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            if item.get("$ref").is_some() {
                problems.push(spec.error(
                    &pointer(["paths", path, "$ref"]),
                    format!("path item `{path}` is a `$ref`; progenitor cannot generate from referenced path items"),
                    "write the path item's operations inline under `paths`",
                ));
            }
        }
    }

    let reserved: HashMap<String, String> = CLIENT_METHODS
        .iter()
        .map(|m| {
            (
                m.to_string(),
                "the client's own constructor or accessor".to_owned(),
            )
        })
        .chain(schemes.iter().flat_map(|s| {
            s.method_names()
                .into_iter()
                .map(move |m| (m, format!("the method for security scheme `{}`", s.name)))
        }))
        .collect();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();

    for (path, method, op) in operations(&spec.value) {
        let at = pointer(["paths", path, method]);
        let shown = format!("{} {path}", method.to_uppercase());
        match op.get("operationId").and_then(Value::as_str) {
            None => problems.push(spec.error(
                &at,
                format!("operation {shown} has no `operationId`"),
                format!(
                    "add `operationId: {}` (or another snake_case name): it becomes the client's method name",
                    suggest_operation_id(method, path)
                ),
            )),
            Some(id) => {
                let id_at = format!("{at}/operationId");
                let method_name = heck::ToSnakeCase::to_snake_case(id);
                if !is_identifier(&method_name) {
                    problems.push(spec.error(
                        &id_at,
                        format!("`operationId: {id}` cannot be a Rust method name"),
                        "use letters, digits and underscores, starting with a letter, e.g. `get_thread`",
                    ));
                } else if let Some(owner) = reserved.get(&method_name) {
                    problems.push(spec.error(
                        &id_at,
                        format!("`operationId: {id}` would generate `Client::{method_name}`, which is {owner}"),
                        "rename the operation",
                    ));
                } else if let Some(first) = seen.get(&method_name) {
                    let where_first = spec
                        .positions
                        .find(first)
                        .map_or_else(|| format!("#{first}"), |(l, c)| format!("line {l}:{c}"));
                    problems.push(spec.error(
                        &id_at,
                        format!("duplicate `operationId: {id}`: {where_first} already uses it"),
                        "give each operation its own operationId; each becomes a method of the client",
                    ));
                } else {
                    seen.insert(method_name, id_at);
                }
            }
        }
        check_parameters(spec, path, method, op, problems);
        check_responses(spec, &at, &shown, op, problems);
    }
}

fn check_parameters(
    spec: &LoadedSpec<'_>,
    path: &str,
    method: &str,
    op: &Value,
    problems: &mut Vec<Diagnostic>,
) {
    let path_level = spec.value.pointer(&pointer(["paths", path, "parameters"]));
    let lists = [
        (pointer(["paths", path, "parameters"]), path_level),
        (
            pointer(["paths", path, method, "parameters"]),
            op.get("parameters"),
        ),
    ];
    let template: Vec<&str> = path
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect();
    let mut declared_in_path = Vec::new();
    for (at, list) in lists {
        for (i, parameter) in list
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let parameter = resolve(&spec.value, parameter);
            let name = parameter.get("name").and_then(Value::as_str).unwrap_or("?");
            let at = format!("{at}/{i}");
            match parameter.get("in").and_then(Value::as_str) {
                Some("cookie") => problems.push(spec.error(
                    &format!("{at}/in"),
                    format!("cookie parameter `{name}`: progenitor cannot generate cookie parameters"),
                    "if the cookie carries a credential, declare it as a security scheme \
                     (`type: apiKey`, `in: cookie`) instead; the client then sends it on every request",
                )),
                Some("path") if !template.contains(&name) => problems.push(spec.error(
                    &format!("{at}/name"),
                    format!("path parameter `{name}` does not appear in the path `{path}`"),
                    format!("write `{{{name}}}` in the path where the value goes, or declare the parameter `in: query`"),
                )),
                Some("path") => declared_in_path.push(name),
                _ => {}
            }
            if parameter.get("content").is_some() {
                problems.push(spec.error(
                    &format!("{at}/content"),
                    format!("parameter `{name}` uses `content`; progenitor supports parameters with a `schema` only"),
                    "describe the parameter with `schema:` instead of `content:`",
                ));
            }
        }
    }
    for name in template
        .iter()
        .filter(|name| !declared_in_path.contains(name))
    {
        problems.push(spec.error(
            &pointer(["paths", path, method]),
            format!(
                "the path `{path}` has `{{{name}}}`, but {} declares no path parameter `{name}`",
                method.to_uppercase()
            ),
            format!(
                "add a parameter with `name: {name}`, `in: path`, `required: true` and a `schema`"
            ),
        ));
    }
}

/// progenitor needs all success responses of an operation to share one body
/// schema, and all error responses to share one (it asserts this and panics).
fn check_responses(
    spec: &LoadedSpec<'_>,
    at: &str,
    shown: &str,
    op: &Value,
    problems: &mut Vec<Diagnostic>,
) {
    let Some(responses) = op.get("responses").and_then(Value::as_object) else {
        return;
    };
    for (kind, is_kind) in [
        (
            "success",
            (|s: &str| s.starts_with('2')) as fn(&str) -> bool,
        ),
        ("error", |s: &str| {
            s.starts_with('4') || s.starts_with('5') || s == "default"
        }),
    ] {
        let mut bodies: Vec<(&str, String)> = Vec::new();
        for (status, response) in responses.iter().filter(|(s, _)| is_kind(s)) {
            let response = resolve(&spec.value, response);
            let body = response
                .get("content")
                .and_then(Value::as_object)
                .and_then(|c| c.values().next())
                .and_then(|media| media.get("schema"))
                .map_or_else(|| "no body".to_owned(), Value::to_string);
            bodies.push((status, body));
        }
        if let Some((status, _)) = bodies.iter().find(|(_, body)| *body != bodies[0].1) {
            problems.push(spec.error(
                &format!("{at}/responses/{}", escape_token(status)),
                format!(
                    "the {kind} responses of {shown} have different bodies ({} and {status}); \
                     progenitor needs one body schema for all {kind} responses of an operation",
                    bodies[0].0
                ),
                format!("give every {kind} response the same schema (a shared component under `components/schemas`), or none"),
            ));
        }
    }
}

/// Follows a local `$ref` once; returns the node itself otherwise.
pub(crate) fn resolve<'a>(document: &'a Value, node: &'a Value) -> &'a Value {
    node.get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
        .and_then(|p| document.pointer(p))
        .unwrap_or(node)
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `GET /v1/thread/{threadId}` → `get_v1_thread_by_thread_id`.
fn suggest_operation_id(method: &str, path: &str) -> String {
    let mut name = method.to_owned();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        name.push('_');
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => {
                name.push_str("by_");
                name.push_str(&heck::ToSnakeCase::to_snake_case(param));
            }
            None => name.push_str(&heck::ToSnakeCase::to_snake_case(segment)),
        }
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_an_operation_id_from_method_and_path() {
        assert_eq!(
            suggest_operation_id("get", "/v1/thread/{threadId}"),
            "get_v1_thread_by_thread_id"
        );
    }

    #[test]
    fn identifiers() {
        assert!(is_identifier("get_thread"));
        assert!(!is_identifier("1thread"));
        assert!(!is_identifier(""));
        assert!(!is_identifier("get-thread"));
    }
}

/// What the rest of the generator needs to know of an operation.
#[derive(Clone, Debug)]
pub(crate) struct Operation {
    /// `GET`, `POST`, … in upper case.
    pub(crate) method: String,
    /// The path template, e.g. `/v1/thread/{threadId}`.
    pub(crate) path: String,
    /// The path parameters, in template order: name and whether the schema
    /// is an integer.
    pub(crate) path_params: Vec<(String, bool)>,
    /// The required query parameters.
    pub(crate) required_query: Vec<String>,
    /// The component the 200 response returns, if it is a `$ref`.
    pub(crate) returns: Option<String>,
    /// The component the error responses return, if they share one.
    pub(crate) error_schema: Option<String>,
    /// The docs' example of the 200 response (`example`, or the first of
    /// `examples`), if the spec has one.
    pub(crate) example: Option<Value>,
}

/// The operations of a validated spec, by operationId.
pub(crate) fn operation_facts(document: &Value) -> BTreeMap<String, Operation> {
    let component = |node: Option<&Value>| {
        node.and_then(|n| n.pointer("/content/application~1json/schema/$ref"))
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/components/schemas/"))
            .map(str::to_owned)
    };
    operations(document)
        .into_iter()
        .filter_map(|(path, method, op)| {
            let id = op.get("operationId")?.as_str()?.to_owned();
            let parameters: Vec<&Value> = [
                document.pointer(&pointer(["paths", path, "parameters"])),
                op.get("parameters"),
            ]
            .into_iter()
            .flatten()
            .filter_map(Value::as_array)
            .flatten()
            .map(|p| resolve(document, p))
            .collect();
            let is = |p: &Value, place: &str| p.get("in").and_then(Value::as_str) == Some(place);
            let name = |p: &Value| {
                p.get("name")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned()
            };
            let path_params = path
                .split('{')
                .skip(1)
                .filter_map(|rest| rest.split_once('}').map(|(n, _)| n))
                .map(|n| {
                    let integer = parameters.iter().any(|p| {
                        is(p, "path")
                            && name(p) == n
                            && p.pointer("/schema/type").and_then(Value::as_str) == Some("integer")
                    });
                    (n.to_owned(), integer)
                })
                .collect();
            let required_query = parameters
                .iter()
                .filter(|p| is(p, "query") && p.get("required") == Some(&Value::Bool(true)))
                .map(|p| name(p))
                .collect();
            let responses = op.get("responses").and_then(Value::as_object);
            let error_schema = responses
                .into_iter()
                .flatten()
                .find_map(|(status, response)| {
                    let is_error =
                        status.starts_with('4') || status.starts_with('5') || status == "default";
                    if is_error {
                        component(Some(resolve(document, response)))
                    } else {
                        None
                    }
                });
            Some((
                id,
                Operation {
                    method: method.to_uppercase(),
                    path: path.to_owned(),
                    path_params,
                    required_query,
                    returns: component(op.pointer("/responses/200")),
                    error_schema,
                    example: op
                        .pointer("/responses/200/content/application~1json")
                        .and_then(|media| {
                            media.get("example").cloned().or_else(|| {
                                media
                                    .get("examples")?
                                    .as_object()?
                                    .values()
                                    .next()?
                                    .get("value")
                                    .cloned()
                            })
                        }),
                },
            ))
        })
        .collect()
}
