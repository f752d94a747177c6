//! Operations, their parameters and responses.

use serde_json::Value;

use super::{PathTemplate, Schema, Spec, entries};
use crate::diagnostic::{child, pointer};

/// The HTTP methods a path item can hold operations for, in the order
/// OpenAPI lists them (and the order they are generated in).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    pub(crate) const ALL: [Method; 8] = [
        Method::Get,
        Method::Put,
        Method::Post,
        Method::Delete,
        Method::Options,
        Method::Head,
        Method::Patch,
        Method::Trace,
    ];

    /// The key in a path item: `get`.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
            Method::Options => "options",
            Method::Head => "head",
            Method::Patch => "patch",
            Method::Trace => "trace",
        }
    }

    /// As HTTP writes it: `GET`.
    pub(crate) fn as_http(self) -> String {
        self.key().to_uppercase()
    }
}

/// One operation: a method on a path.
pub(crate) struct Operation<'s> {
    /// The path as written, e.g. `/v1/thread/{threadId}`.
    pub(crate) path: &'s str,
    pub(crate) template: PathTemplate,
    pub(crate) method: Method,
    /// `/paths/~1v1~1thread~1{threadId}/get`.
    pub(crate) pointer: String,
    spec: &'s Spec<'s>,
    node: &'s Value,
}

/// Where a parameter goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ParameterLocation {
    Path,
    Query,
    Header,
    Cookie,
    /// Anything else, or nothing: the load stage's OpenAPI check refuses it
    /// before any query runs.
    Other,
}

/// A parameter of an operation, its `$ref` followed.
pub(crate) struct Parameter<'s> {
    /// The name, or `?` where the spec gives none.
    pub(crate) name: &'s str,
    pub(crate) location: ParameterLocation,
    pub(crate) required: bool,
    /// Where the parameter is listed (the `$ref`, when it is one).
    pub(crate) pointer: String,
    node: &'s Value,
}

/// A response of an operation, its `$ref` followed.
pub(crate) struct Response<'s> {
    /// `200`, `4XX` or `default`.
    pub(crate) status: &'s str,
    pub(crate) pointer: String,
    /// Where the response is written: `pointer`, or the component a `$ref`
    /// there names (`#/components/responses/accepted`), which is where its
    /// examples are found and checked.
    written_at: String,
    node: &'s Value,
}

impl<'s> Spec<'s> {
    /// Every operation, by path in document order, then by method in
    /// OpenAPI's order.
    pub(crate) fn operations(&'s self) -> Vec<Operation<'s>> {
        let mut operations = Vec::new();
        for (path, item) in entries(self.document.value.get("paths")) {
            for method in Method::ALL {
                if let Some(node) = item.get(method.key()) {
                    operations.push(Operation {
                        path,
                        template: PathTemplate::parse(path),
                        method,
                        pointer: pointer(["paths", path, method.key()]),
                        spec: self,
                        node,
                    });
                }
            }
        }
        operations
    }
}

impl<'s> Operation<'s> {
    /// `operationId`, where it is text.
    pub(crate) fn id(&self) -> Option<&'s str> {
        self.node.get("operationId").and_then(Value::as_str)
    }

    /// `GET /v1/thread/{threadId}`, for messages.
    pub(crate) fn shown(&self) -> String {
        format!("{} {}", self.method.as_http(), self.path)
    }

    /// The parameters of the path item, then the operation's own.
    pub(crate) fn parameters(&self) -> Vec<Parameter<'s>> {
        let path_item = child("/paths", self.path);
        let lists = [
            (
                format!("{path_item}/parameters"),
                self.spec.document.value.pointer(&path_item),
            ),
            (format!("{}/parameters", self.pointer), Some(self.node)),
        ];
        let mut parameters = Vec::new();
        for (at, holder) in lists {
            let listed = holder
                .and_then(|h| h.get("parameters"))
                .and_then(Value::as_array);
            for (i, listed) in listed.into_iter().flatten().enumerate() {
                let node = self.spec.resolve(listed);
                let text = |key: &str| node.get(key).and_then(Value::as_str);
                parameters.push(Parameter {
                    name: text("name").unwrap_or("?"),
                    location: match text("in") {
                        Some("path") => ParameterLocation::Path,
                        Some("query") => ParameterLocation::Query,
                        Some("header") => ParameterLocation::Header,
                        Some("cookie") => ParameterLocation::Cookie,
                        _ => ParameterLocation::Other,
                    },
                    required: node.get("required") == Some(&Value::Bool(true)),
                    pointer: format!("{at}/{i}"),
                    node,
                });
            }
        }
        parameters
    }

    /// The responses, in document order (`default` where it is written).
    pub(crate) fn responses(&self) -> Vec<Response<'s>> {
        let at = format!("{}/responses", self.pointer);
        entries(self.node.get("responses"))
            .map(|(status, node)| Response {
                status,
                pointer: child(&at, status),
                written_at: node
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|target| target.strip_prefix('#'))
                    .map_or_else(|| child(&at, status), str::to_owned),
                node: self.spec.resolve(node),
            })
            .collect()
    }

    /// The response for `status`, if the operation lists it.
    pub(crate) fn response(&self, status: &str) -> Option<Response<'s>> {
        self.responses().into_iter().find(|r| r.status == status)
    }

    /// A vendor extension of the operation (`x-pagination`), with its pointer.
    pub(crate) fn extension(&self, key: &str) -> Option<(String, &'s Value)> {
        self.node.get(key).map(|v| (child(&self.pointer, key), v))
    }

    /// The schema of the `application/json` request body, as written.
    pub(crate) fn request_schema(&self) -> Option<Schema<'s>> {
        let body = self.spec.resolve(self.node.get("requestBody")?);
        let node = body.pointer("/content/application~1json/schema")?;
        let at = child(
            &child(&child(&self.pointer, "requestBody"), "content"),
            "application/json",
        );
        Some(Schema::new(node, child(&at, "schema")))
    }

    /// The `security` this operation overrides the spec's with.
    pub(crate) fn security(&self) -> Option<(String, &'s Value)> {
        self.node
            .get("security")
            .map(|s| (format!("{}/security", self.pointer), s))
    }
}

impl<'s> Parameter<'s> {
    /// `content` instead of `schema`: progenitor cannot generate it.
    pub(crate) fn uses_content(&self) -> bool {
        self.node.get("content").is_some()
    }

    /// The parameter's schema (`schema:`), if any.
    pub(crate) fn schema(&self) -> Option<Schema<'s>> {
        self.node
            .get("schema")
            .map(|node| Schema::new(node, format!("{}/schema", self.pointer)))
    }
}

/// What progenitor makes of a response's body (its `method.rs`): the first
/// `application/json` media type is typed; any other content is raw bytes.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum BodyKind {
    /// JSON, with the schema as JSON text (two bodies are the same type when
    /// their texts are) and the schema's pointer.
    Json { schema: String, pointer: String },
    /// JSON without a `schema` (progenitor stops at a `todo!` on it).
    JsonWithoutSchema { pointer: String },
    /// Another content type: the body as bytes.
    Raw,
    /// No content.
    None,
}

impl BodyKind {
    /// Whether two bodies decode to the same Rust type.
    pub(crate) fn same_type(&self, other: &BodyKind) -> bool {
        match (self, other) {
            (Self::Json { schema: a, .. }, Self::Json { schema: b, .. }) => a == b,
            (Self::JsonWithoutSchema { .. }, Self::JsonWithoutSchema { .. }) => true,
            (a, b) => std::mem::discriminant(a) == std::mem::discriminant(b),
        }
    }
}

impl<'s> Response<'s> {
    /// The response object, its `$ref` followed: for a rewrite that
    /// writes a changed copy in the operation's place.
    pub(crate) fn resolved(&self) -> &'s Value {
        self.node
    }

    /// What progenitor makes of the body.
    pub(crate) fn body_kind(&self) -> BodyKind {
        let Some(content) = self.node.get("content").and_then(Value::as_object) else {
            return BodyKind::None;
        };
        let json = content.iter().find(|(media, _)| {
            *media == "application/json" || media.starts_with("application/json;")
        });
        match json {
            Some((media, body)) => {
                let at = child(&child(&self.pointer, "content"), media);
                match body.get("schema") {
                    Some(schema) => BodyKind::Json {
                        schema: schema.to_string(),
                        pointer: child(&at, "schema"),
                    },
                    None => BodyKind::JsonWithoutSchema { pointer: at },
                }
            }
            None if content.is_empty() => BodyKind::None,
            None => BodyKind::Raw,
        }
    }

    /// 4XX, 5XX or `default`.
    pub(crate) fn is_error(&self) -> bool {
        self.status.starts_with('4') || self.status.starts_with('5') || self.status == "default"
    }

    /// The component an `application/json` body refers to:
    /// `$ref: '#/components/schemas/Thread'` → `Thread`.
    pub(crate) fn json_component(&self) -> Option<&'s str> {
        self.node
            .pointer("/content/application~1json/schema/$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/components/schemas/"))
    }

    /// The component of the items of an `application/json` body that is an
    /// array: `{ type: array, items: { $ref: '#/components/schemas/Thread' } }`
    /// → `Thread`.
    pub(crate) fn json_array_component(&self) -> Option<&'s str> {
        let schema = self.node.pointer("/content/application~1json/schema")?;
        if schema.get("type").and_then(Value::as_str) != Some("array") {
            return None;
        }
        schema
            .pointer("/items/$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/components/schemas/"))
    }

    /// The schema of the `application/json` body, its `$ref`s followed: a
    /// component's schema at the component's pointer.
    pub(crate) fn json_schema(&self, spec: &'s Spec<'s>) -> Option<Schema<'s>> {
        let at = child(&child(&self.pointer, "content"), "application/json");
        let node = self.node.pointer("/content/application~1json/schema")?;
        Some(spec.follow(Schema::new(node, child(&at, "schema"))))
    }

    /// Every example of the JSON body (the media type progenitor decodes:
    /// `application/json`, with parameters or not): `example` (named
    /// `None`), then each of `examples` (an Example Object's `$ref` into
    /// `components/examples` followed), with the pointer of its value.
    pub(crate) fn json_examples(
        &self,
        spec: &'s Spec<'s>,
    ) -> Vec<(Option<&'s str>, &'s Value, String)> {
        let Some(content) = self.node.get("content").and_then(Value::as_object) else {
            return Vec::new();
        };
        let Some((media_type, media)) = content.iter().find(|(media, _)| {
            *media == "application/json" || media.starts_with("application/json;")
        }) else {
            return Vec::new();
        };
        let at = child(&child(&self.written_at, "content"), media_type);
        let mut found = Vec::new();
        if let Some(example) = media.get("example") {
            found.push((None, example, child(&at, "example")));
        }
        for (name, example) in entries(media.get("examples")) {
            let (example, value_at) = match example.get("$ref").and_then(Value::as_str) {
                Some(target) => (
                    spec.resolve(example),
                    format!("{}/value", target.trim_start_matches('#')),
                ),
                None => (
                    example,
                    child(&child(&child(&at, "examples"), name), "value"),
                ),
            };
            if let Some(value) = example.get("value") {
                found.push((Some(name), value, value_at));
            }
        }
        found
    }

    /// The docs' example of the `application/json` body (`example`, or the
    /// first of `examples`), as compact JSON text.
    pub(crate) fn json_example(&self) -> Option<String> {
        let media = self.node.pointer("/content/application~1json")?;
        let example = media.get("example").or_else(|| {
            media
                .get("examples")?
                .as_object()?
                .values()
                .next()?
                .get("value")
        })?;
        Some(example.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::tests::{MINIMAL, with_spec};

    const PATHS: &str = "\
paths:
  /v1/thread/{threadId}:
    parameters:
      - $ref: \"#/components/parameters/ThreadId\"
    post:
      operationId: update_thread
      responses:
        \"204\":
          description: done
    get:
      operationId: get_thread
      parameters:
        - name: tags
          in: query
          required: true
          schema: { type: array, items: { type: string } }
      responses:
        \"200\":
          $ref: \"#/components/responses/Thread\"
        default:
          description: error
          content:
            application/problem+json:
              schema: { type: object }
components:
  parameters:
    ThreadId: { name: threadId, in: path, required: true, schema: { type: integer } }
  responses:
    Thread:
      description: a thread
      content:
        application/json:
          schema: { $ref: \"#/components/schemas/Thread\" }
          example: { id: 1 }
  schemas:
    Thread: { type: object }
";

    #[test]
    fn operations_come_by_path_then_in_openapis_method_order() {
        with_spec(&format!("{MINIMAL}{PATHS}"), |spec| {
            let operations = spec.operations();
            let shown: Vec<String> = operations.iter().map(Operation::shown).collect();
            assert_eq!(
                shown,
                ["GET /v1/thread/{threadId}", "POST /v1/thread/{threadId}"]
            );
            assert_eq!(operations[0].id(), Some("get_thread"));
            assert_eq!(operations[0].pointer, "/paths/~1v1~1thread~1{threadId}/get");
            assert_eq!(operations[0].template.parameters(), ["threadId"]);
        });
    }

    #[test]
    fn parameters_of_the_path_item_come_first_with_their_refs_followed() {
        with_spec(&format!("{MINIMAL}{PATHS}"), |spec| {
            let get = &spec.operations()[0];
            let parameters = get.parameters();
            let seen: Vec<(&str, ParameterLocation, bool, &str)> = parameters
                .iter()
                .map(|p| (p.name, p.location.clone(), p.required, p.pointer.as_str()))
                .collect();
            assert_eq!(
                seen,
                [
                    (
                        "threadId",
                        ParameterLocation::Path,
                        true,
                        "/paths/~1v1~1thread~1{threadId}/parameters/0"
                    ),
                    (
                        "tags",
                        ParameterLocation::Query,
                        true,
                        "/paths/~1v1~1thread~1{threadId}/get/parameters/0"
                    ),
                ]
            );
            assert_eq!(parameters[0].schema().and_then(|s| s.ty()), Some("integer"));
            assert!(!parameters[1].uses_content());
        });
    }

    #[test]
    fn responses_know_their_kind_body_component_and_example() {
        with_spec(&format!("{MINIMAL}{PATHS}"), |spec| {
            let get = &spec.operations()[0];
            let ok = get.response("200").expect("a 200");
            assert!(!ok.is_error());
            assert_eq!(ok.json_component(), Some("Thread"));
            assert_eq!(ok.json_example().as_deref(), Some("{\"id\":1}"));
            // Placed where it is written (the component), which is where
            // the example checks find it.
            let examples: Vec<String> = ok.json_examples(spec).into_iter().map(|e| e.2).collect();
            assert_eq!(
                examples,
                ["/components/responses/Thread/content/application~1json/example"]
            );
            let default = get.response("default").expect("a default");
            assert!(default.is_error());
            // `application/problem+json` is not JSON to progenitor.
            assert_eq!(default.body_kind(), BodyKind::Raw);
            assert_eq!(
                ok.body_kind(),
                BodyKind::Json {
                    schema: "{\"$ref\":\"#/components/schemas/Thread\"}".into(),
                    pointer: "/paths/~1v1~1thread~1{threadId}/get/responses/200/content/application~1json/schema".into()
                }
            );
            assert_eq!(default.json_component(), None);
            let none = spec.operations()[1].response("204").expect("a 204");
            assert_eq!(none.body_kind(), BodyKind::None);
        });
    }
}
