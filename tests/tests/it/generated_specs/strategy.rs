//! The documents' strategy: vocabulary, schemas, operations, documents.

use super::*;

// ---------------------------------------------------------------------------
// Vocabulary

/// Component schema names: the usual PascalCase, a snake_case one, and
/// `Error` and `Status`, names a client crate also wants for itself.
pub(super) const SCHEMA_NAMES: [&str; 12] = [
    "Thread",
    "Message",
    "Contact",
    "Page",
    "Error",
    "Attachment",
    "Status",
    "thread_item",
    "ItemList",
    // Names typify also gives inline schemas by their place
    // (`Thread.status`, `Thread.kind`, a `Message`'s array items).
    "ThreadStatus",
    "ThreadKind",
    "MessageItem",
];

/// Property names: plain ones, Rust keywords (`type`, `self`), groups that
/// make one Rust field (`created_at`/`createdAt`, `id`/`ID`/`_id`,
/// `links`/`_links`, and `extra`, the field typify adds for
/// `additionalProperties`), one starting with a digit and one with a hyphen.
pub(super) const PROPERTY_NAMES: [&str; 20] = [
    "id",
    "ID",
    "_id",
    "links",
    "_links",
    "extra",
    "name",
    "created_at",
    "createdAt",
    "status",
    "type",
    "items",
    "parent",
    "children",
    "value",
    "self",
    "kind",
    "data",
    "2fa",
    "x-rate",
];

/// String enum values, including ones that make the same Rust variant
/// (`in_progress`, `in-progress`), `Unknown`, one with a space, one starting
/// with a digit and the empty string.
pub(super) const ENUM_VALUES: [&str; 10] = [
    "open",
    "closed",
    "in_progress",
    "in-progress",
    "Pending",
    "DONE",
    "1st",
    "a b",
    "Unknown",
    "",
];

/// Path templates; their `{parameters}` are declared on each operation.
pub(super) const PATHS: [&str; 5] = [
    "/things",
    "/things/{thing_id}",
    "/things/{thing_id}/parts/{part_id}",
    "/search",
    "/v1/users/{userId}/messages",
];

pub(super) const METHODS: [&str; 3] = ["get", "post", "put"];

pub(super) const STATUSES: [&str; 6] = ["200", "201", "default", "400", "404", "422"];

/// The schema names of one document, in definition order.
pub(super) type Names = Arc<[String]>;

pub(super) fn reference_to(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

// ---------------------------------------------------------------------------
// Schemas

/// Scalars, with and without a format.
pub(super) fn primitive() -> BoxedStrategy<Value> {
    select(vec![
        json!({ "type": "string" }),
        json!({ "type": "string", "format": "date-time" }),
        json!({ "type": "string", "format": "uuid" }),
        json!({ "type": "string", "format": "date" }),
        json!({ "type": "string", "format": "email" }),
        json!({ "type": "integer" }),
        json!({ "type": "integer", "format": "int32" }),
        json!({ "type": "integer", "format": "int64" }),
        json!({ "type": "integer", "format": "int64", "minimum": 0 }),
        json!({ "type": "number" }),
        json!({ "type": "number", "format": "double" }),
        json!({ "type": "boolean" }),
    ])
    .boxed()
}

/// `type: string` with one to four distinct `enum` values.
pub(super) fn string_enum() -> BoxedStrategy<Value> {
    subsequence(ENUM_VALUES.to_vec(), 1..=4)
        .prop_shuffle()
        .prop_map(|values| json!({ "type": "string", "enum": values }))
        .boxed()
}

/// A `$ref` to one of the first `targets` schemas (`targets` > 0).
pub(super) fn reference(names: &Names, targets: usize) -> BoxedStrategy<Value> {
    select(names[..targets].to_vec())
        .prop_map(|name| reference_to(&name))
        .boxed()
}

/// Sometimes makes `schema` nullable: `nullable: true` on an inline schema;
/// on a `$ref`, usually through `allOf: [$ref]` (the OpenAPI 3.0 way),
/// sometimes as a sibling of the `$ref` (as many real specs write it).
pub(super) fn maybe_nullable(schema: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    (schema, 0..10u8)
        .prop_map(|(mut schema, dice)| {
            let is_ref = schema.get("$ref").is_some();
            match dice {
                0 | 1 if !is_ref => {
                    schema["nullable"] = json!(true);
                    schema
                }
                0 if is_ref => json!({ "allOf": [schema], "nullable": true }),
                1 if is_ref => {
                    schema["nullable"] = json!(true);
                    schema
                }
                _ => schema,
            }
        })
        .boxed()
}

/// A schema `depth` levels deep at most. In this position a `$ref` may point
/// at the first `refs` schemas only; below a property, an array or a map, at
/// any.
pub(super) fn schema(names: &Names, refs: usize, depth: u32) -> BoxedStrategy<Value> {
    let mut options: Vec<(u32, BoxedStrategy<Value>)> = vec![(3, primitive()), (1, string_enum())];
    if refs > 0 {
        options.push((4, reference(names, refs)));
    }
    if depth > 1 {
        let inner = depth - 1;
        options.push((2, object(names, inner)));
        options.push((1, array(names, inner)));
        options.push((1, map(names, inner)));
        options.push((1, composition(names, refs, inner)));
    }
    maybe_nullable(Union::new_weighted(options).boxed())
}

/// A component schema: mostly an object, else any other shape, an alias of
/// an earlier schema included. `index` is its place among the schemas.
pub(super) fn component(names: &Names, index: usize) -> BoxedStrategy<Value> {
    let inner = MAX_DEPTH - 1;
    let mut options: Vec<(u32, BoxedStrategy<Value>)> = vec![
        (6, object(names, inner)),
        (3, composition(names, index, inner)),
        (1, array(names, inner)),
        (1, map(names, inner)),
        (2, string_enum()),
        (1, primitive()),
    ];
    if index > 0 {
        options.push((1, reference(names, index)));
    }
    maybe_nullable(Union::new_weighted(options).boxed())
}

/// An object with one to four properties (their schemas `depth` deep at
/// most), some of them required; sometimes without `type: object`, or with
/// a description.
pub(super) fn object(names: &Names, depth: u32) -> BoxedStrategy<Value> {
    let property = (
        select(PROPERTY_NAMES.to_vec()),
        schema(names, names.len(), depth),
        any::<bool>(),
    );
    // A title that names a component, or a place (`Thread status`): typify
    // names the inline schema after it.
    let mut titles: Vec<String> = names.to_vec();
    titles.push("Thread status".to_owned());
    titles.push("Item".to_owned());
    (
        prop::collection::vec(property, 1..=4),
        prop::bool::weighted(0.8),
        prop::bool::weighted(0.2),
        prop::option::weighted(0.15, select(titles)),
    )
        .prop_map(|(members, typed, described, title)| {
            let mut properties = Map::new();
            let mut required = Vec::new();
            for (name, schema, is_required) in members {
                if properties.contains_key(name) {
                    continue;
                }
                properties.insert(name.to_owned(), schema);
                if is_required {
                    required.push(name);
                }
            }
            let mut object = Map::new();
            if let Some(title) = title {
                object.insert("title".into(), json!(title));
            }
            if typed {
                object.insert("type".into(), json!("object"));
            }
            if described {
                object.insert(
                    "description".into(),
                    json!("An object. Its `id` is */ opaque; see <https://example.com>."),
                );
            }
            object.insert("properties".into(), Value::Object(properties));
            if !required.is_empty() {
                object.insert("required".into(), json!(required));
            }
            Value::Object(object)
        })
        .boxed()
}

/// An array of any schema, often of a union of references.
pub(super) fn array(names: &Names, depth: u32) -> BoxedStrategy<Value> {
    let all = names.len();
    let items = prop_oneof![
        2 => schema(names, all, depth),
        1 => union_of_references(names),
    ];
    items
        .prop_map(|items| json!({ "type": "array", "items": items }))
        .boxed()
}

/// `oneOf` or `anyOf` of one to three references (to any schema: this sits
/// below an array), sometimes with a scalar.
pub(super) fn union_of_references(names: &Names) -> BoxedStrategy<Value> {
    let member = prop_oneof![3 => reference(names, names.len()), 1 => primitive()];
    (
        select(vec!["oneOf", "anyOf"]),
        prop::collection::vec(member, 1..=3),
    )
        .prop_map(|(keyword, members)| json!({ keyword: members }))
        .boxed()
}

/// A map: `additionalProperties` of a schema, `true` or `{}`; sometimes with
/// declared properties as well.
pub(super) fn map(names: &Names, depth: u32) -> BoxedStrategy<Value> {
    let values = prop_oneof![
        4 => schema(names, names.len(), depth),
        1 => Just(json!(true)),
        1 => Just(json!({})),
    ];
    (
        values,
        prop::option::weighted(0.2, (select(PROPERTY_NAMES.to_vec()), primitive())),
    )
        .prop_map(|(values, declared)| {
            let mut map = json!({ "type": "object", "additionalProperties": values });
            if let Some((name, schema)) = declared {
                map["properties"] = json!({ name: schema });
            }
            map
        })
        .boxed()
}

/// `allOf`, `oneOf` or `anyOf` of one to three members: references (to the
/// first `refs` schemas: a member is in its composition's position) and
/// inline objects; `oneOf`/`anyOf` also of scalars and enums.
pub(super) fn composition(names: &Names, refs: usize, depth: u32) -> BoxedStrategy<Value> {
    let mut all_of: Vec<(u32, BoxedStrategy<Value>)> = vec![(2, object(names, depth))];
    let mut one_of: Vec<(u32, BoxedStrategy<Value>)> = vec![
        (2, object(names, depth)),
        (1, primitive()),
        (1, string_enum()),
    ];
    if refs > 0 {
        all_of.push((3, reference(names, refs)));
        one_of.push((3, reference(names, refs)));
    }
    let all_of = prop::collection::vec(Union::new_weighted(all_of), 1..=3)
        .prop_map(|members| json!({ "allOf": members }));
    let one_of = (
        select(vec!["oneOf", "anyOf"]),
        prop::collection::vec(Union::new_weighted(one_of), 1..=3),
    )
        .prop_map(|(keyword, members)| json!({ keyword: members }));
    prop_oneof![all_of, one_of].boxed()
}

// ---------------------------------------------------------------------------
// Operations

/// How an operation's `operationId` is written; numbered by the operation's
/// place, so that only [`OperationId::Shared`] can repeat.
#[derive(Clone, Debug)]
pub(super) enum OperationId {
    Missing,
    Snake,
    Camel,
    Kebab,
    /// The same id in every operation that has it.
    Shared,
}

impl OperationId {
    fn strategy() -> impl Strategy<Value = Self> {
        prop_oneof![
            1 => Just(Self::Missing),
            3 => Just(Self::Snake),
            3 => Just(Self::Camel),
            2 => Just(Self::Kebab),
            1 => Just(Self::Shared),
        ]
    }

    fn text(&self, index: usize) -> Option<String> {
        match self {
            Self::Missing => None,
            Self::Snake => Some(format!("do_thing_{index}")),
            Self::Camel => Some(format!("getThing{index}")),
            Self::Kebab => Some(format!("update-thing-{index}")),
            Self::Shared => Some("get_thing".to_owned()),
        }
    }
}

/// One operation, before it is numbered and placed in `paths`.
#[derive(Clone, Debug)]
pub(super) struct Operation {
    method: &'static str,
    path: &'static str,
    id: OperationId,
    /// The schema of each path parameter, in the template's order.
    path_schemas: Vec<Value>,
    query: Vec<Value>,
    body: Option<Value>,
    responses: Map<String, Value>,
}

pub(super) fn path_parameter_schema() -> BoxedStrategy<Value> {
    select(vec![
        json!({ "type": "string" }),
        json!({ "type": "integer", "format": "int64" }),
        json!({ "type": "string", "format": "uuid" }),
    ])
    .boxed()
}

/// Zero to two query parameters, each sometimes required.
pub(super) fn query_parameters() -> BoxedStrategy<Vec<Value>> {
    let candidates = vec![
        (
            "limit",
            json!({ "type": "integer", "format": "int32", "minimum": 1 }),
        ),
        ("cursor", json!({ "type": "string" })),
        (
            "tags",
            json!({ "type": "array", "items": { "type": "string" } }),
        ),
        ("since", json!({ "type": "string", "format": "date-time" })),
        (
            "order",
            json!({ "type": "string", "enum": ["asc", "desc"] }),
        ),
    ];
    (
        subsequence(candidates, 0..=2),
        prop::collection::vec(any::<bool>(), 2),
    )
        .prop_map(|(chosen, required)| {
            chosen
                .into_iter()
                .zip(required)
                .map(|((name, schema), required)| {
                    json!({ "name": name, "in": "query", "required": required, "schema": schema })
                })
                .collect()
        })
        .boxed()
}

/// A JSON body's schema: a reference, an array of references, or an inline
/// object.
pub(super) fn body_schema(names: &Names) -> BoxedStrategy<Value> {
    let all = names.len();
    prop_oneof![
        4 => reference(names, all),
        2 => reference(names, all).prop_map(|r| json!({ "type": "array", "items": r })),
        1 => object(names, 1),
    ]
    .boxed()
}

pub(super) fn json_content(schema: Value) -> Value {
    json!({ "application/json": { "schema": schema } })
}

/// One to four responses. The 2xx share one body and the others another,
/// except now and then a `201` with a body of its own; `default` usually
/// has the error body.
pub(super) fn responses(names: &Names) -> BoxedStrategy<Map<String, Value>> {
    (
        subsequence(STATUSES.to_vec(), 1..=4),
        prop::option::weighted(0.8, body_schema(names)),
        prop::option::weighted(0.7, body_schema(names)),
        prop::option::weighted(0.1, body_schema(names)),
        prop::bool::weighted(0.8),
    )
        .prop_map(|(statuses, success, error, odd_201, default_is_error)| {
            let mut responses = Map::new();
            for status in statuses {
                let body = match status {
                    "200" => success.clone(),
                    "201" => odd_201.clone().or_else(|| success.clone()),
                    "default" if !default_is_error => success.clone(),
                    _ => error.clone(),
                };
                let mut response = json!({ "description": format!("Status {status}.") });
                if let Some(schema) = body {
                    response["content"] = json_content(schema);
                }
                responses.insert(status.to_owned(), response);
            }
            responses
        })
        .boxed()
}

pub(super) fn operation(names: &Names) -> BoxedStrategy<Operation> {
    (
        select(METHODS.to_vec()),
        select(PATHS.to_vec()),
        OperationId::strategy(),
        prop::collection::vec(path_parameter_schema(), 2),
        query_parameters(),
        prop::option::weighted(0.7, (body_schema(names), any::<bool>())),
        responses(names),
    )
        .prop_map(|(method, path, id, path_schemas, query, body, responses)| {
            Operation {
                method,
                path,
                id,
                path_schemas,
                query,
                // Only `post` and `put` send a body.
                body: body.filter(|_| method != "get").map(|(schema, required)| {
                    json!({ "required": required, "content": json_content(schema) })
                }),
                responses,
            }
        })
        .boxed()
}

/// The `{parameters}` of a path template, in order.
pub(super) fn template_parameters(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

/// The operations under `paths`; a later operation on the same path and
/// method replaces an earlier one.
pub(super) fn paths(operations: Vec<Operation>) -> Value {
    let mut paths = Map::new();
    for (index, op) in operations.into_iter().enumerate() {
        let mut parameters: Vec<Value> = template_parameters(op.path)
            .into_iter()
            .zip(op.path_schemas)
            .map(|(name, schema)| {
                json!({ "name": name, "in": "path", "required": true, "schema": schema })
            })
            .collect();
        parameters.extend(op.query);
        let mut operation = Map::new();
        if let Some(id) = op.id.text(index) {
            operation.insert("operationId".into(), json!(id));
        }
        if !parameters.is_empty() {
            operation.insert("parameters".into(), Value::Array(parameters));
        }
        if let Some(body) = op.body {
            operation.insert("requestBody".into(), body);
        }
        operation.insert("responses".into(), Value::Object(op.responses));
        let item = paths.entry(op.path.to_owned()).or_insert_with(|| json!({}));
        item[op.method] = Value::Object(operation);
    }
    Value::Object(paths)
}

// ---------------------------------------------------------------------------
// Documents

/// A small OpenAPI 3.0.3 document: one to six component schemas and one to
/// four operations that use them.
pub(super) fn document() -> BoxedStrategy<Value> {
    (1..=MAX_SCHEMAS)
        .prop_flat_map(|count| subsequence(SCHEMA_NAMES.to_vec(), count).prop_shuffle())
        .prop_flat_map(|chosen| {
            let names: Names = chosen.iter().map(|n| (*n).to_owned()).collect();
            let schemas: Vec<BoxedStrategy<Value>> =
                (0..names.len()).map(|i| component(&names, i)).collect();
            (
                Just(names.clone()),
                schemas,
                prop::collection::vec(operation(&names), 1..=4),
                any::<bool>(),
                prop::collection::vec(any::<u8>(), 8),
            )
        })
        .prop_map(|(names, schemas, operations, has_server, dice)| {
            let schemas: Map<String, Value> = names.iter().cloned().zip(schemas).collect();
            let mut document = json!({
                "openapi": "3.0.3",
                "info": { "title": "Property API", "version": "1.0.0" },
                "paths": paths(operations),
                "components": { "schemas": schemas },
            });
            if has_server {
                document["servers"] = json!([{ "url": "https://api.example.com/v1" }]);
            }
            deepen_references(&mut document, &dice);
            document
        })
        .boxed()
}

/// Points some references (one in four, by `dice`) inside their target
/// instead (`#/components/schemas/Thread/properties/id`,
/// `…/Page/items`, `…/allOf/0`), where the target has such a place: a
/// valid JSON pointer that typify cannot follow as written.
pub(super) fn deepen_references(document: &mut Value, dice: &[u8]) {
    let mut sites = Vec::new();
    collect_reference_sites(document, String::new(), &mut sites);
    for (i, (site, target)) in sites.into_iter().enumerate() {
        let roll = dice[i % dice.len()].wrapping_add(u8::try_from(i % 256).unwrap_or(0));
        if roll % 4 != 0 {
            continue;
        }
        let Some(name) = target.strip_prefix("#/components/schemas/") else {
            continue;
        };
        let Some(schema) = document.pointer(&format!("/components/schemas/{name}")) else {
            continue;
        };
        let inside = if let Some(Value::Object(properties)) = schema.get("properties") {
            let keys: Vec<&String> = properties.keys().collect();
            keys.get(usize::from(roll) % keys.len().max(1))
                .map(|key| format!("/properties/{}", key.replace('~', "~0").replace('/', "~1")))
        } else if schema.get("items").is_some() {
            Some("/items".to_owned())
        } else if schema.pointer("/allOf/0").is_some() {
            Some("/allOf/0".to_owned())
        } else {
            None
        };
        if let (Some(inside), Some(Value::Object(holder))) = (inside, document.pointer_mut(&site)) {
            holder.insert("$ref".into(), json!(format!("{target}{inside}")));
        }
    }
}

pub(super) fn collect_reference_sites(node: &Value, at: String, found: &mut Vec<(String, String)>) {
    match node {
        Value::Object(map) => {
            if let Some(Value::String(target)) = map.get("$ref") {
                found.push((at.clone(), target.clone()));
            }
            for (key, value) in map {
                let key = key.replace('~', "~0").replace('/', "~1");
                collect_reference_sites(value, format!("{at}/{key}"), found);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                collect_reference_sites(item, format!("{at}/{i}"), found);
            }
        }
        _ => {}
    }
}

/// The document as the spec file's text (JSON is YAML).
pub(super) fn spec_text(document: &Value) -> String {
    serde_json::to_string_pretty(document).expect("a JSON value serializes")
}

/// The document as YAML, for failure messages.
pub(super) fn shown(document: &Value) -> String {
    serde_yaml::to_string(document).unwrap_or_else(|_| spec_text(document))
}
