//! The writes of the `operations:` section (`send_message`,
//! `update_thread`): their steps, each step's body value by value, and what
//! the write answers. Part of [`super::check`]'s pass.

use std::collections::BTreeSet;

use serde_json::Value;

use super::check::{Checker, Write};
use crate::client::plan::{BodyProperty, OperationPlan};
use crate::client::sources::SourceType;
use crate::diagnostic::child;
use crate::mapping::operations::plan::{
    AnswerPlan, BodyFieldPlan, BodyValue, Input, LatestMessage, StepPlan, WritePlan,
};

/// What a write's values read, gathered over its steps.
#[derive(Default)]
pub(super) struct Reads {
    inputs: BTreeSet<Input>,
    thread: bool,
    messages: bool,
}

impl<'a> Checker<'a, '_> {
    pub(super) fn write(
        &mut self,
        node: &Value,
        at: &str,
        allowed: &[Input],
        kind: Write,
    ) -> Option<WritePlan> {
        let map = self.mapping(node, at, "a write is a mapping with `steps` and `answer`")?;
        self.keys(map, at, &["steps", "answer"]);
        let steps_at = child(at, "steps");
        let Some(steps) = map
            .get("steps")
            .and_then(Value::as_array)
            .filter(|s| !s.is_empty())
        else {
            self.problem(
                &steps_at,
                "a write needs `steps`: a list of the requests it makes, in order",
                "write `steps: [ { operation: <operationId>, body: { … } } ]`",
            );
            return None;
        };
        let mut plans = Vec::new();
        let mut reads = Reads::default();
        let mut last = None;
        for (i, step) in steps.iter().enumerate() {
            let here = child(&steps_at, &i.to_string());
            let (step, op) = self.step(step, &here, allowed, &mut reads)?;
            last = Some(op);
            plans.push(step);
        }
        let answer = self.answer(map.get("answer"), &child(at, "answer"), last?, kind)?;
        Some(WritePlan {
            steps: plans,
            answer,
            reads_thread: reads.thread,
            reads_messages: reads.messages,
            reads: reads.inputs.into_iter().collect(),
        })
    }

    fn step(
        &mut self,
        node: &Value,
        at: &str,
        allowed: &[Input],
        reads: &mut Reads,
    ) -> Option<(StepPlan, &'a OperationPlan)> {
        let map = self.mapping(
            node,
            at,
            "a step is a mapping with `operation`, `variant` and `body`",
        )?;
        self.keys(map, at, &["operation", "variant", "body"]);
        let op = self.operation(map, at)?;
        if op.path_params.len() > 1 {
            self.problem(
                &child(at, "operation"),
                format!(
                    "`{}` has {} path parameters; a step may have one, the thread id",
                    op.id,
                    op.path_params.len()
                ),
                "name an operation on one thread",
            );
            return None;
        }
        let (variant, properties) = self.variant(map.get("variant"), at, op)?;
        let body = match (map.get("body"), properties) {
            (None, None) => None,
            (None, Some(properties)) => {
                let required: Vec<&str> = properties
                    .iter()
                    .filter(|p| p.required)
                    .map(|p| p.name.as_str())
                    .collect();
                if !required.is_empty() {
                    self.problem(
                        at,
                        format!(
                            "`{}` requires the body properties {}, and the step gives no `body`",
                            op.id,
                            required.join(", ")
                        ),
                        "write `body:` with a value for each",
                    );
                    return None;
                }
                // The operation takes a JSON object: an empty one.
                Some(Vec::new())
            }
            (Some(_), None) => {
                self.problem(
                    &child(at, "body"),
                    format!("`{}` takes no JSON body with properties", op.id),
                    "drop `body`",
                );
                return None;
            }
            (Some(node), Some(properties)) => {
                Some(self.body(node, &child(at, "body"), &op.id, properties, allowed, reads)?)
            }
        };
        Some((
            StepPlan {
                operation: op.id.clone(),
                variant,
                body,
            },
            op,
        ))
    }

    /// The body's properties: the operation's, or those of the member of its
    /// `oneOf` that `variant:` names (required where it is one).
    fn variant<'o>(
        &mut self,
        node: Option<&Value>,
        at: &str,
        op: &'o OperationPlan,
    ) -> Option<(Option<String>, Option<&'o [BodyProperty]>)> {
        let names: Vec<&str> = op.body_variants.iter().map(|(n, _)| n.as_str()).collect();
        let Some(node) = node else {
            if !names.is_empty() {
                self.problem(
                    at,
                    format!(
                        "the request body of `{}` is one of {}: the step says which",
                        op.id,
                        names.join(", ")
                    ),
                    format!("add `variant: <one of {}>`", names.join(", ")),
                );
                return None;
            }
            return Some((None, op.body.as_deref()));
        };
        let here = child(at, "variant");
        let found = node
            .as_str()
            .and_then(|name| op.body_variants.iter().find(|(n, _)| n == name));
        match found {
            Some((name, properties)) => Some((Some(name.clone()), Some(properties))),
            None => {
                let help = if names.is_empty() {
                    "drop `variant`: the body is one schema".to_owned()
                } else {
                    format!("name one of {}", names.join(", "))
                };
                self.problem(
                    &here,
                    format!(
                        "`{node}` is not a member of the request body of `{}`",
                        op.id
                    ),
                    help,
                );
                None
            }
        }
    }

    fn body(
        &mut self,
        node: &Value,
        at: &str,
        operation: &str,
        properties: &[BodyProperty],
        allowed: &[Input],
        reads: &mut Reads,
    ) -> Option<Vec<BodyFieldPlan>> {
        let map = self.mapping(node, at, "`body` is a mapping: request property → value")?;
        let mut fields = Vec::new();
        let mut failed = false;
        for (name, value) in map {
            let here = child(at, name);
            let Some(property) = properties.iter().find(|p| &p.name == name) else {
                let known: Vec<&str> = properties.iter().map(|p| p.name.as_str()).collect();
                self.problem(
                    &here,
                    format!("the request body of `{operation}` has no property `{name}`"),
                    format!("its properties: {}", known.join(", ")),
                );
                failed = true;
                continue;
            };
            let Some(value) = self.body_value(value, &here, property, allowed, reads) else {
                failed = true;
                continue;
            };
            fields.push(BodyFieldPlan {
                name: name.clone(),
                value,
                required: property.required,
                nullable: property.nullable,
            });
        }
        for property in properties
            .iter()
            .filter(|p| p.required && !map.contains_key(&p.name))
        {
            self.problem(
                at,
                format!(
                    "the request body of `{operation}` requires `{}`, and the body gives it no value",
                    property.name
                ),
                format!("add `{}: <value>`", property.name),
            );
            failed = true;
        }
        (!failed).then_some(fields)
    }

    fn body_value(
        &mut self,
        node: &Value,
        at: &str,
        property: &BodyProperty,
        allowed: &[Input],
        reads: &mut Reads,
    ) -> Option<BodyValue> {
        let help = "write `{ input: <name> }`, `{ thread: <field> }`, `{ const: <value> }` or `{ latest_message: … }`";
        let Some(form) = node.as_object() else {
            self.problem(at, "a body value is a mapping", help);
            return None;
        };
        if let Some(value) = form.get("const") {
            self.keys(form, at, &["const"]);
            let fits = match value {
                Value::String(text) => property.values.is_empty() || property.values.contains(text),
                _ => property.values.is_empty(),
            };
            if !fits {
                self.problem(
                    &child(at, "const"),
                    format!("`{value}` is not a value of `{}`", property.name),
                    format!("its values: {}", property.values.join(", ")),
                );
                return None;
            }
            return Some(BodyValue::Const(value.clone()));
        }
        if let Some(path) = form.get("thread") {
            self.keys(form, at, &["thread"]);
            return self.thread_value(path, &child(at, "thread"), reads);
        }
        if let Some(latest) = form.get("latest_message") {
            self.keys(form, at, &["latest_message"]);
            return self.latest_message(latest, &child(at, "latest_message"), property, reads);
        }
        let Some(input) = form.get("input") else {
            self.problem(
                at,
                "a body value needs `input`, `thread`, `const` or `latest_message`",
                help,
            );
            return None;
        };
        self.keys(form, at, &["input", "map"]);
        let names: Vec<&Value> = match input {
            Value::Array(list) => list.iter().collect(),
            one => vec![one],
        };
        let mut inputs = Vec::new();
        for name in names {
            let found = allowed.iter().find(|i| Some(i.name()) == name.as_str());
            let Some(found) = found else {
                let known: Vec<&str> = allowed.iter().map(|i| i.name()).collect();
                self.problem(
                    &child(at, "input"),
                    format!("`{name}` is not an input of this operation"),
                    format!("its inputs: {}", known.join(", ")),
                );
                return None;
            };
            inputs.push(*found);
        }
        let Some(first) = inputs.first().copied() else {
            self.problem(&child(at, "input"), "`input` names no input", help);
            return None;
        };
        let map = match (first.model_enum(), form.get("map")) {
            (Some(model_enum), Some(map)) => {
                if inputs.len() > 1 {
                    self.problem(
                        &child(at, "input"),
                        "a mapped input is one input",
                        "name one input",
                    );
                    return None;
                }
                let forward = if first == Input::AssigneeKind {
                    "assignee.kind"
                } else {
                    "status"
                };
                self.reverse_map(
                    map,
                    &child(at, "map"),
                    model_enum,
                    &property.values,
                    &property.name,
                    forward,
                )
            }
            (Some(model_enum), None) => {
                self.problem(
                    at,
                    format!(
                        "`{}` is one of the model's `{model_enum}` values, written in the provider's words: it needs a `map`",
                        first.name()
                    ),
                    "write `map: { <model value>: <provider value>, … }`",
                );
                return None;
            }
            (None, Some(_)) => {
                self.problem(
                    &child(at, "map"),
                    format!("`{}` is text, sent as it is", first.name()),
                    "drop `map`",
                );
                return None;
            }
            (None, None) => Vec::new(),
        };
        reads.inputs.extend(inputs.iter().copied());
        Some(BodyValue::Input { inputs, map })
    }

    /// `{ thread: path }`: a field of the thread's schema, read first.
    fn thread_value(&mut self, path: &Value, at: &str, reads: &mut Reads) -> Option<BodyValue> {
        let Some(path) = path.as_str() else {
            self.problem(
                at,
                "`thread` names a field of the thread, dotted",
                "write `{ thread: channel_id }`",
            );
            return None;
        };
        let segments: Vec<String> = path.split('.').map(str::to_owned).collect();
        let thread = self.mapped.thread.unwrap_or_default();
        if self.field_at(thread, &segments).is_none() {
            self.problem(
                at,
                format!(
                    "the thread's schema `{}` has no field `{path}`",
                    self.mapped.thread.unwrap_or("?")
                ),
                "name a field of the thread section's schema",
            );
            return None;
        }
        if !self.mapped.thread_readable {
            self.problem(
                at,
                "`thread:` reads the thread first, and the thread section names no `operation` to fetch it with",
                "add `operation: <get thread operationId>` to the thread section",
            );
            return None;
        }
        reads.thread = true;
        Some(BodyValue::Thread(segments))
    }

    /// `{ latest_message: { by, where, each, fields } }` into a list
    /// property, over the messages `list_messages` lists.
    fn latest_message(
        &mut self,
        node: &Value,
        at: &str,
        property: &BodyProperty,
        reads: &mut Reads,
    ) -> Option<BodyValue> {
        let help = "write `latest_message: { by: <time field>, where: { <field>: <value> }, each: <list field>, fields: { <property>: <field>, … } }`";
        let form = self.mapping(node, at, "`latest_message` is a mapping")?;
        self.keys(form, at, &["by", "where", "each", "fields"]);
        let Some(list) = self.listed_messages.clone() else {
            self.problem(
                at,
                "`latest_message` reads the thread's messages, and the section has no `list_messages` operation",
                "add `list_messages: { operation: <operationId> }` to `operations`",
            );
            return None;
        };
        if property.ty.as_deref() != Some("array") {
            self.problem(
                at,
                format!(
                    "`latest_message` gives a list, and `{}` is not one",
                    property.name
                ),
                "use it for a list property",
            );
            return None;
        }
        // The schemas a listed message can have: the union's kinds, or one.
        let schemas: Vec<String> = list
            .union
            .clone()
            .unwrap_or_else(|| vec![list.schema.clone()]);
        let text = |key: &str| form.get(key).and_then(Value::as_str).map(str::to_owned);
        let (Some(by), Some(each)) = (text("by"), text("each")) else {
            self.problem(at, "`latest_message` needs `by` and `each`", help);
            return None;
        };
        for (key, field) in [("by", &by), ("each", &each)] {
            if !schemas.iter().any(|s| self.field_type(s, field).is_some()) {
                self.problem(
                    &child(at, key),
                    format!(
                        "no message schema listed ({}) has a field `{field}`",
                        schemas.join(", ")
                    ),
                    "name a field of the listed messages",
                );
                return None;
            }
        }
        let mut filter = Vec::new();
        for (field, value) in form
            .get("where")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let Some(value) = value.as_str() else {
                self.problem(
                    &child(&child(at, "where"), field),
                    "a `where` value is text",
                    help,
                );
                return None;
            };
            if !schemas.iter().any(|s| self.field_type(s, field).is_some()) {
                self.problem(
                    &child(&child(at, "where"), field),
                    format!(
                        "no message schema listed ({}) has a field `{field}`",
                        schemas.join(", ")
                    ),
                    "name a field of the listed messages",
                );
                return None;
            }
            filter.push((field.clone(), value.to_owned()));
        }
        // The element schema of `each`, for `fields`.
        let element = schemas
            .iter()
            .find_map(|s| match self.field_type(s, &each)? {
                SourceType::Vec(item) => match item.required() {
                    SourceType::Struct(name) => Some(name.clone()),
                    _ => None,
                },
                _ => None,
            });
        let Some(element) = element else {
            self.problem(
                &child(at, "each"),
                format!("`{each}` is not a list of objects"),
                "name a list field of the messages",
            );
            return None;
        };
        let mut fields = Vec::new();
        for (target, source) in form
            .get("fields")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let here = child(&child(at, "fields"), target);
            let (source, listed) = match source {
                Value::String(name) => (name.clone(), false),
                Value::Array(one) if one.len() == 1 && one[0].is_string() => {
                    (one[0].as_str().unwrap_or_default().to_owned(), true)
                }
                _ => {
                    self.problem(
                        &here,
                        "a field is the element's field name, or `[name]` for a list of it",
                        help,
                    );
                    return None;
                }
            };
            if self.field_type(&element, &source).is_none() {
                self.problem(
                    &here,
                    format!("`{element}` has no field `{source}`"),
                    "name a field of the list's elements",
                );
                return None;
            }
            fields.push((target.clone(), source, listed));
        }
        reads.messages = true;
        Some(BodyValue::LatestMessage(LatestMessage {
            by,
            filter,
            each,
            fields,
        }))
    }

    /// The type of `schema`'s field `json`, if it has one.
    fn field_type(&self, schema: &str, json: &str) -> Option<SourceType> {
        self.field_at(schema, &[json.to_owned()])
    }

    /// The type of `schema`'s dotted field `path` (each step but the last
    /// an object), if it has one.
    fn field_at(&self, schema: &str, path: &[String]) -> Option<SourceType> {
        let mut schema = schema.to_owned();
        let (last, steps) = path.split_last()?;
        for segment in steps {
            match self
                .field_at(&schema, std::slice::from_ref(segment))?
                .required()
            {
                SourceType::Struct(inner) => schema = inner.clone(),
                _ => return None,
            }
        }
        let fields = self.inputs.sources.structs.get(&schema)?;
        fields
            .iter()
            .find(|f| &f.json == last)
            .map(|f| f.ty.clone())
    }

    fn answer(
        &mut self,
        node: Option<&Value>,
        at: &str,
        last: &OperationPlan,
        kind: Write,
    ) -> Option<AnswerPlan> {
        let help = match kind {
            Write::Update => {
                "write `answer: thread` (the last response is the updated thread) or `answer: get_thread` (read it again)"
            }
            Write::Send => {
                "write `answer: message` (the last response is the message), `answer: { id: <field>, status: <field> }` (of the last response) or `answer: none` (it has no body)"
            }
        };
        let Some(node) = node else {
            self.problem(at, "a write says what it answers: `answer:`", help);
            return None;
        };
        match (kind, node) {
            (Write::Update, Value::String(text)) if text == "thread" => {
                if last.returns.as_deref() != self.mapped.thread {
                    self.problem(
                        at,
                        format!(
                            "`{}` does not return the thread's schema `{}`",
                            last.id,
                            self.mapped.thread.unwrap_or("?")
                        ),
                        "write `answer: get_thread` to read the thread again",
                    );
                    return None;
                }
                Some(AnswerPlan::Thread)
            }
            (Write::Update, Value::String(text)) if text == "get_thread" => {
                Some(AnswerPlan::ReadThread)
            }
            (Write::Send, Value::String(text)) if text == "none" => Some(AnswerPlan::Nothing),
            (Write::Send, Value::String(text)) if text == "message" => {
                let returned = last.success.as_ref().and_then(|s| s.component.clone());
                let union = self
                    .listed_messages
                    .as_ref()
                    .filter(|l| l.union.is_some())
                    .map(|l| l.schema.clone());
                let mapped = returned.as_deref().is_some_and(|r| {
                    union.as_deref() == Some(r)
                        || (self.mapped.messages.contains(&r)
                            && !self.mapped.parent_readers.contains(&r))
                });
                if !mapped {
                    self.problem(
                        at,
                        format!(
                            "`{}` returns {}, which no message section maps on its own",
                            last.id,
                            returned.map_or_else(|| "no schema".to_owned(), |r| format!("`{r}`"))
                        ),
                        "map the returned schema under `messages:`, or answer with its ids: `answer: { id: <field> }`",
                    );
                    return None;
                }
                Some(AnswerPlan::Message)
            }
            (Write::Send, Value::Object(form)) => {
                self.keys(form, at, &["id", "status"]);
                let mut path = |key: &str| -> Result<Option<Vec<String>>, ()> {
                    let Some(value) = form.get(key) else {
                        return Ok(None);
                    };
                    let here = child(at, key);
                    let Some(text) = value.as_str() else {
                        self.problem(
                            &here,
                            format!("`{key}` names a field of the response, dotted"),
                            help,
                        );
                        return Err(());
                    };
                    let segments: Vec<String> = text.split('.').map(str::to_owned).collect();
                    let leaf = last
                        .returns
                        .as_deref()
                        .and_then(|r| self.field_at(r, &segments));
                    let text = leaf.is_some_and(|t| {
                        matches!(t.required(), SourceType::Str | SourceType::Enum(_))
                    });
                    if !text {
                        self.problem(
                            &here,
                            format!("the response of `{}` has no text field `{text}`", last.id),
                            "name a text field of its 200 body",
                        );
                        return Err(());
                    }
                    Ok(Some(segments))
                };
                let id = path("id").ok()?;
                let status = path("status").ok()?;
                Some(AnswerPlan::Ids { id, status })
            }
            _ => {
                self.problem(at, "not an answer this write can give", help);
                None
            }
        }
    }
}
