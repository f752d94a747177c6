//! The writes of the `operations:` section (`send_message`,
//! `update_thread`): their steps, each step's body value by value, and what
//! the write answers. Part of [`super::check`]'s pass.

use std::collections::BTreeSet;

use super::check::{Checker, Write};
use crate::client::plan::{BodyProperty, OperationPlan};
use crate::client::sources::SourceType;
use crate::diagnostic::child;
use crate::mapping::operations::plan::{
    AnswerPlan, BodyFieldPlan, BodyValue, Input, LatestMessage, StepPlan, WritePlan,
};
use crate::mapping::syntax::Located;
use crate::mapping::syntax::operations::{
    AnswerSyntax, BodySyntax, BodyValueSyntax, LatestMessageSyntax, Leaf, StepSyntax, WriteSyntax,
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
        write: &WriteSyntax,
        allowed: &[Input],
        kind: Write,
    ) -> Option<WritePlan> {
        let mut plans = Vec::new();
        let mut reads = Reads::default();
        let mut last = None;
        for step in &write.steps {
            let (step, op) = self.step(step, allowed, &mut reads)?;
            last = Some(op);
            plans.push(step);
        }
        let answer = self.answer(
            write.answer.as_ref(),
            &child(&write.at, "answer"),
            last?,
            kind,
        )?;
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
        step: &StepSyntax,
        allowed: &[Input],
        reads: &mut Reads,
    ) -> Option<(StepPlan, &'a OperationPlan)> {
        let at = step.at.as_str();
        let op = self.operation(step.operation.as_deref(), at)?;
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
        let (variant, properties) = self.variant(step.variant.as_ref(), at, op)?;
        let body = match (&step.body, properties) {
            // Not a mapping: reported with the syntax.
            (Some(None), _) => return None,
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
            (Some(Some(body)), None) => {
                self.problem(
                    &body.at,
                    format!("`{}` takes no JSON body with properties", op.id),
                    "drop `body`",
                );
                return None;
            }
            (Some(Some(body)), Some(properties)) => {
                Some(self.body(body, &op.id, properties, allowed, reads)?)
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
        node: Option<&Leaf>,
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
        let found = node
            .text
            .as_deref()
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
                    &node.at,
                    format!(
                        "`{}` is not a member of the request body of `{}`",
                        node.shown, op.id
                    ),
                    help,
                );
                None
            }
        }
    }

    fn body(
        &mut self,
        body: &BodySyntax,
        operation: &str,
        properties: &[BodyProperty],
        allowed: &[Input],
        reads: &mut Reads,
    ) -> Option<Vec<BodyFieldPlan>> {
        let mut fields = Vec::new();
        let mut failed = false;
        for (name, here, value) in &body.fields {
            let Some(property) = properties.iter().find(|p| &p.name == name) else {
                let known: Vec<&str> = properties.iter().map(|p| p.name.as_str()).collect();
                self.problem(
                    here,
                    format!("the request body of `{operation}` has no property `{name}`"),
                    format!("its properties: {}", known.join(", ")),
                );
                failed = true;
                continue;
            };
            // `None`: its form is wrong, reported with the syntax.
            let Some(value) = value
                .as_ref()
                .and_then(|v| self.body_value(v, property, allowed, reads))
            else {
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
            .filter(|p| p.required && !body.fields.iter().any(|(name, ..)| *name == p.name))
        {
            self.problem(
                &body.at,
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
        value: &BodyValueSyntax,
        property: &BodyProperty,
        allowed: &[Input],
        reads: &mut Reads,
    ) -> Option<BodyValue> {
        let (at, inputs, map) = match value {
            BodyValueSyntax::Const { at, value } => {
                let fits = match value {
                    serde_json::Value::String(text) => {
                        property.values.is_empty() || property.values.contains(text)
                    }
                    _ => property.values.is_empty(),
                };
                if !fits {
                    self.problem(
                        at,
                        format!("`{value}` is not a value of `{}`", property.name),
                        format!("its values: {}", property.values.join(", ")),
                    );
                    return None;
                }
                return Some(BodyValue::Const(value.clone()));
            }
            BodyValueSyntax::Thread { at, path } => return self.thread_value(path, at, reads),
            BodyValueSyntax::LatestMessage(latest) => {
                return self.latest_message(latest, property, reads);
            }
            BodyValueSyntax::Input { at, inputs, map } => (at, inputs, map),
        };
        let mut found = Vec::new();
        for name in inputs {
            let Some(input) = allowed
                .iter()
                .find(|i| Some(i.name()) == name.text.as_deref())
            else {
                let known: Vec<&str> = allowed.iter().map(|i| i.name()).collect();
                self.problem(
                    &name.at,
                    format!("`{}` is not an input of this operation", name.shown),
                    format!("its inputs: {}", known.join(", ")),
                );
                return None;
            };
            found.push(*input);
        }
        let inputs = found;
        // The syntax has at least one input.
        let first = *inputs.first()?;
        let map = match (first.model_enum(), map) {
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
                self.reverse_map(map, model_enum, &property.values, &property.name, forward)
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
            (None, Some(map)) => {
                self.problem(
                    &map.at,
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
    fn thread_value(&mut self, path: &str, at: &str, reads: &mut Reads) -> Option<BodyValue> {
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
        latest: &LatestMessageSyntax,
        property: &BodyProperty,
        reads: &mut Reads,
    ) -> Option<BodyValue> {
        let at = latest.at.as_str();
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
        let (by, each) = (&latest.by, &latest.each);
        for (key, field) in [("by", by), ("each", each)] {
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
        for (field, here, value) in &latest.filter {
            if !schemas.iter().any(|s| self.field_type(s, field).is_some()) {
                self.problem(
                    here,
                    format!(
                        "no message schema listed ({}) has a field `{field}`",
                        schemas.join(", ")
                    ),
                    "name a field of the listed messages",
                );
                return None;
            }
            filter.push((field.clone(), value.clone()));
        }
        // The element schema of `each`, for `fields`.
        let element = schemas
            .iter()
            .find_map(|s| match self.field_type(s, each)? {
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
        for (target, here, source, listed) in &latest.fields {
            if self.field_type(&element, source).is_none() {
                self.problem(
                    here,
                    format!("`{element}` has no field `{source}`"),
                    "name a field of the list's elements",
                );
                return None;
            }
            fields.push((target.clone(), source.clone(), *listed));
        }
        reads.messages = true;
        Some(BodyValue::LatestMessage(LatestMessage {
            by: by.clone(),
            filter,
            each: each.clone(),
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
        node: Option<&Located<AnswerSyntax>>,
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
        let at = node.at.as_str();
        match (kind, &node.value) {
            (Write::Update, AnswerSyntax::Word(text)) if text == "thread" => {
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
            (Write::Update, AnswerSyntax::Word(text)) if text == "get_thread" => {
                Some(AnswerPlan::ReadThread)
            }
            (Write::Send, AnswerSyntax::Word(text)) if text == "none" => Some(AnswerPlan::Nothing),
            (Write::Send, AnswerSyntax::Word(text)) if text == "message" => {
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
            (Write::Send, AnswerSyntax::Ids { id, status }) => {
                let mut path =
                    |field: &Option<Located<String>>| -> Result<Option<Vec<String>>, ()> {
                        // Absent, or not text (reported with the syntax).
                        let Some(Located {
                            value: text,
                            at: here,
                        }) = field
                        else {
                            return Ok(None);
                        };
                        let segments: Vec<String> = text.split('.').map(str::to_owned).collect();
                        let leaf = last
                            .returns
                            .as_deref()
                            .and_then(|r| self.field_at(r, &segments));
                        let text_field = leaf.is_some_and(|t| {
                            matches!(t.required(), SourceType::Str | SourceType::Enum(_))
                        });
                        if !text_field {
                            self.problem(
                                here,
                                format!("the response of `{}` has no text field `{text}`", last.id),
                                "name a text field of its 200 body",
                            );
                            return Err(());
                        }
                        Ok(Some(segments))
                    };
                let id = path(id).ok()?;
                let status = path(status).ok()?;
                Some(AnswerPlan::Ids { id, status })
            }
            _ => {
                self.problem(at, "not an answer this write can give", help);
                None
            }
        }
    }
}
