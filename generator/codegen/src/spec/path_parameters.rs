//! A published spec's path templates and path parameters made to agree, each
//! change noted:
//! - a `{name}` in the path that the operation does not declare becomes a
//!   required `string` path parameter (OpenAPI Generator reads it the same
//!   way): publishers often leave a path parameter undeclared;
//! - a parameter declared `in: path` that the path does not hold is left out:
//!   there is nowhere in the request to put it;
//! - a path parameter not marked `required: true` is read as required:
//!   OpenAPI requires it, and a path cannot do without it.
//!
//! A spec we transcribe ourselves (`info.x-transcribed-from`) is not read this
//! way: there, either is a transcription mistake, which `client::check`
//! reports at its place.

use serde_json::{Value, json};

use super::convert::Finding;
use super::{Method, PathTemplate};
use crate::diagnostic::{child, unescape_token};

/// Makes every operation's path parameters match its path template; returns
/// what it changed.
pub(crate) fn agree(document: &mut Value) -> Vec<Finding> {
    let mut findings = Vec::new();
    required(document, &mut findings);
    let parameters = document
        .pointer("/components/parameters")
        .cloned()
        .unwrap_or(Value::Null);
    let Some(Value::Object(paths)) = document.get_mut("paths") else {
        return findings;
    };
    for (path, item) in paths.iter_mut() {
        let Value::Object(item) = item else { continue };
        let template = PathTemplate::parse(path);
        let in_template = template.parameters();
        let item_at = child("/paths", path);
        // The path item's own list serves every operation under it.
        if let Some(Value::Array(shared)) = item.get_mut("parameters") {
            let at = format!("{item_at}/parameters");
            drop_strays(shared, &parameters, &in_template, &at, path, &mut findings);
        }
        let shared: Vec<String> = item
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|p| path_parameter(p, &parameters))
            .collect();
        for method in Method::ALL {
            let Some(Value::Object(operation)) = item.get_mut(method.key()) else {
                continue;
            };
            let at = format!("{item_at}/{}", method.key());
            let list = operation
                .entry("parameters")
                .or_insert_with(|| Value::Array(Vec::new()));
            let Value::Array(list) = list else { continue };
            let list_at = format!("{at}/parameters");
            drop_strays(
                list,
                &parameters,
                &in_template,
                &list_at,
                path,
                &mut findings,
            );
            let declared: Vec<String> = list
                .iter()
                .filter_map(|p| path_parameter(p, &parameters))
                .chain(shared.iter().cloned())
                .collect();
            for name in in_template
                .iter()
                .filter(|name| !declared.iter().any(|d| d == *name))
            {
                list.push(json!({
                    "name": name,
                    "in": "path",
                    "required": true,
                    "schema": { "type": "string" },
                }));
                findings.push(Finding {
                    pointer: at.clone(),
                    message: format!(
                        "the path `{path}` has `{{{name}}}`, which {} does not declare: it is \
                         generated as a required string path parameter `{name}`; declare it \
                         (`in: path`, `required: true`, a `schema`) to give it another type",
                        method.as_http()
                    ),
                });
            }
            if list.is_empty() {
                operation.remove("parameters");
            }
        }
    }
    findings
}

/// Marks every path parameter written without `required: true` required.
fn required(document: &mut Value, findings: &mut Vec<Finding>) {
    let mut lists: Vec<String> = Vec::new();
    for (path, item) in document
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let at = child("/paths", path);
        lists.push(format!("{at}/parameters"));
        for method in Method::ALL {
            if item.get(method.key()).is_some() {
                lists.push(format!("{at}/{}/parameters", method.key()));
            }
        }
    }
    let components = document
        .pointer("/components/parameters")
        .and_then(Value::as_object)
        .map(|c| {
            c.keys()
                .map(|k| child("/components/parameters", k))
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    let mut nodes: Vec<String> = components;
    for list in lists {
        let count = document
            .pointer(&list)
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        nodes.extend((0..count).map(|i| format!("{list}/{i}")));
    }
    for at in nodes {
        let Some(Value::Object(parameter)) = document.pointer_mut(&at) else {
            continue;
        };
        let in_path = parameter.get("in").and_then(Value::as_str) == Some("path");
        if !in_path || parameter.get("required") == Some(&Value::Bool(true)) {
            continue;
        }
        let name = parameter
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_owned();
        parameter.insert("required".into(), Value::Bool(true));
        findings.push(Finding {
            pointer: at,
            message: format!(
                "path parameter `{name}` is not `required: true`: it is read as required, since \
                 OpenAPI requires it and the path cannot do without it"
            ),
        });
    }
}

/// Removes the parameters of `list` declared `in: path` whose name the path
/// does not hold, noting each at its place.
fn drop_strays(
    list: &mut Vec<Value>,
    parameters: &Value,
    in_template: &[&str],
    at: &str,
    path: &str,
    findings: &mut Vec<Finding>,
) {
    let mut index = 0;
    list.retain(|parameter| {
        let i = index;
        index += 1;
        let Some(name) = path_parameter(parameter, parameters) else {
            return true;
        };
        if in_template.contains(&name.as_str()) {
            return true;
        }
        findings.push(Finding {
            pointer: format!("{at}/{i}"),
            message: format!(
                "path parameter `{name}` is not in the path `{path}`: it is left out, since the \
                 request has nowhere to put it; write `{{{name}}}` in the path, or declare it \
                 `in: query`, to send it"
            ),
        });
        false
    });
}

/// The name of `parameter` (written inline, or a `$ref` into
/// `components/parameters`) when it is declared `in: path`.
fn path_parameter(parameter: &Value, components: &Value) -> Option<String> {
    let node = match parameter.get("$ref").and_then(Value::as_str) {
        Some(target) => {
            let name = target.strip_prefix("#/components/parameters/")?;
            components.get(unescape_token(name))?
        }
        None => parameter,
    };
    (node.get("in").and_then(Value::as_str) == Some("path"))
        .then(|| node.get("name").and_then(Value::as_str).map(str::to_owned))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_undeclared_template_parameter_becomes_a_required_string() {
        let mut document = json!({ "paths": {
            "/things/{thingId}/parts/{partId}": {
                "parameters": [{ "name": "thingId", "in": "path", "required": true, "schema": { "type": "integer" } }],
                "get": { "operationId": "get_part" },
                "delete": { "operationId": "delete_part", "parameters": [{ "$ref": "#/components/parameters/Part" }] }
            }
        }, "components": { "parameters": {
            "Part": { "name": "partId", "in": "path", "required": true, "schema": { "type": "string", "format": "uuid" } }
        }}});
        let findings = agree(&mut document);
        let item = &document["paths"]["/things/{thingId}/parts/{partId}"];
        assert_eq!(
            item["get"]["parameters"],
            json!([{ "name": "partId", "in": "path", "required": true, "schema": { "type": "string" } }])
        );
        // Declared through the reference: nothing added.
        assert_eq!(
            item["delete"]["parameters"],
            json!([{ "$ref": "#/components/parameters/Part" }])
        );
        let placed: Vec<(&str, &str)> = findings
            .iter()
            .map(|f| (f.pointer.as_str(), f.message.as_str()))
            .collect();
        assert_eq!(placed.len(), 1, "{placed:?}");
        assert_eq!(
            placed[0].0,
            "/paths/~1things~1{thingId}~1parts~1{partId}/get"
        );
        assert!(
            placed[0].1.starts_with(
                "the path `/things/{thingId}/parts/{partId}` has `{partId}`, which GET does not declare"
            ),
            "{}",
            placed[0].1
        );
    }

    #[test]
    fn a_path_parameter_the_path_does_not_hold_is_left_out() {
        let mut document = json!({ "paths": { "/things": {
            "parameters": [{ "name": "org", "in": "path", "required": true, "schema": { "type": "string" } }],
            "get": { "operationId": "list", "parameters": [
                { "name": "limit", "in": "query", "schema": { "type": "integer" } },
                { "name": "thingId", "in": "path", "required": true, "schema": { "type": "string" } }
            ]}
        }}});
        let findings = agree(&mut document);
        let item = &document["paths"]["/things"];
        assert!(item["parameters"].as_array().is_some_and(Vec::is_empty));
        assert_eq!(
            item["get"]["parameters"],
            json!([{ "name": "limit", "in": "query", "schema": { "type": "integer" } }])
        );
        let pointers: Vec<&str> = findings.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/paths/~1things/parameters/0",
                "/paths/~1things/get/parameters/1"
            ]
        );
        assert!(
            findings[0]
                .message
                .starts_with("path parameter `org` is not in the path `/things`")
        );
    }

    #[test]
    fn a_path_parameter_is_required() {
        let mut document = json!({ "paths": { "/a/{b}/{c}": { "get": { "parameters": [
            { "name": "b", "in": "path", "required": false, "schema": { "type": "string" } },
            { "$ref": "#/components/parameters/C" }
        ]}}}, "components": { "parameters": { "C": { "name": "c", "in": "path" } } } });
        let findings = agree(&mut document);
        assert_eq!(
            document.pointer("/paths/~1a~1{b}~1{c}/get/parameters/0/required"),
            Some(&json!(true))
        );
        assert_eq!(
            document.pointer("/components/parameters/C/required"),
            Some(&json!(true))
        );
        let pointers: Vec<&str> = findings.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(
            pointers,
            [
                "/components/parameters/C",
                "/paths/~1a~1{b}~1{c}/get/parameters/0"
            ]
        );
    }

    #[test]
    fn an_operation_that_agrees_is_left_as_it_is() {
        let before = json!({ "paths": { "/a/{b}": { "get": { "parameters": [
            { "name": "b", "in": "path", "required": true, "schema": { "type": "string" } }
        ]}}}});
        let mut document = before.clone();
        assert!(agree(&mut document).is_empty());
        assert_eq!(
            document["paths"]["/a/{b}"]["get"],
            before["paths"]["/a/{b}"]["get"]
        );
    }
}
