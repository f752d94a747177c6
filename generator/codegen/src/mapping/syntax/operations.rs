//! The `operations:` section of a mapping file, parsed into typed syntax.
//!
//! Problems of form are reported here (a node that is not a mapping, an
//! unknown key, text where text is due, a form no value takes); what an
//! operation, a parameter or a value means is checked against the provider
//! by `mapping::operations`. A node with a problem of form is left out
//! (`None`), so that the check does not report it twice.
//!
//! ```yaml
//! operations:
//!   list_threads: { operation: list_threads, query: { status: { param: s, map: { open: OPEN } } }, fixed: { p: "1" } }
//!   list_messages: { operation: list_messages }       # or `embedded: true`
//!   send_message:
//!     steps: [ { operation: send, variant: Egg, body: { text: { input: text } } } ]
//!     answer: message
//! ```

use serde_json::{Map, Value};

use super::{Located, Parser};
use crate::diagnostic::child;

/// The `operations:` section; each operation `None` where the section
/// leaves it out (or its form is wrong, reported).
#[derive(Debug, Default, PartialEq)]
pub(crate) struct OperationsSyntax {
    pub(crate) list_threads: Option<ListSyntax>,
    pub(crate) list_messages: Option<MessagesSyntax>,
    pub(crate) send_message: Option<WriteSyntax>,
    pub(crate) update_thread: Option<WriteSyntax>,
}

/// A list operation: `{ operation, query, fixed }`.
#[derive(Debug, PartialEq)]
pub(crate) struct ListSyntax {
    pub(crate) at: String,
    /// `operation:` as text; `None` when absent or not text.
    pub(crate) operation: Option<String>,
    /// `query:`, in the file's order.
    pub(crate) query: Vec<QueryFieldSyntax>,
    /// `fixed:`, in the file's order.
    pub(crate) fixed: Vec<FixedSyntax>,
}

/// `list_messages:`.
#[derive(Debug, PartialEq)]
pub(crate) enum MessagesSyntax {
    /// `embedded: true`, at the `embedded` key.
    Embedded {
        at: String,
    },
    Listed(ListSyntax),
}

/// A field of `query:`: `status: threadStatus` or `status: { param, map }`.
#[derive(Debug, PartialEq)]
pub(crate) struct QueryFieldSyntax {
    /// The field of the model's query.
    pub(crate) field: QueryInput,
    pub(crate) at: String,
    /// The provider's query parameter.
    pub(crate) param: String,
    /// `map:`, model value → the provider's value.
    pub(crate) map: Option<MapSyntax>,
}

/// A `fixed:` entry: query parameter → the text always sent.
#[derive(Debug, PartialEq)]
pub(crate) struct FixedSyntax {
    pub(crate) param: String,
    pub(crate) at: String,
    /// `None` where the value is not text (reported).
    pub(crate) text: Option<String>,
}

/// A reverse map, `{ model value: provider value }`; an entry whose value
/// is not text is reported and left out.
#[derive(Debug, PartialEq)]
pub(crate) struct MapSyntax {
    pub(crate) at: String,
    /// (model value, where, provider value).
    pub(crate) entries: Vec<(String, String, Option<String>)>,
}

/// A write: `{ steps, answer }`.
#[derive(Debug, PartialEq)]
pub(crate) struct WriteSyntax {
    pub(crate) at: String,
    /// At least one (an empty list is reported, and the write left out).
    pub(crate) steps: Vec<StepSyntax>,
    /// `answer:`; `None` when absent (the check reports it).
    pub(crate) answer: Option<Located<AnswerSyntax>>,
}

/// A step: `{ operation, variant, body }`.
#[derive(Debug, PartialEq)]
pub(crate) struct StepSyntax {
    pub(crate) at: String,
    pub(crate) operation: Option<String>,
    /// `variant:`: its text (`None` if not text) and how it was written.
    pub(crate) variant: Option<Leaf>,
    /// `body:`; `Some(None)` when it is there but not a mapping (reported).
    pub(crate) body: Option<Option<BodySyntax>>,
}

/// A scalar as written: its text, if it is text, and how it reads in a
/// message.
#[derive(Debug, PartialEq)]
pub(crate) struct Leaf {
    pub(crate) at: String,
    pub(crate) text: Option<String>,
    pub(crate) shown: String,
}

/// `body:`, request property → value, in the file's order.
#[derive(Debug, PartialEq)]
pub(crate) struct BodySyntax {
    pub(crate) at: String,
    /// (property, where, its value; `None` where its form is wrong).
    pub(crate) fields: Vec<(String, String, Option<BodyValueSyntax>)>,
}

/// A body value.
#[derive(Debug, PartialEq)]
pub(crate) enum BodyValueSyntax {
    /// `{ const: <value> }`: JSON as written.
    Const { at: String, value: Value },
    /// `{ thread: <dotted field> }`.
    Thread { at: String, path: String },
    /// `{ latest_message: … }`.
    LatestMessage(LatestMessageSyntax),
    /// `{ input: <name or [names]>, map: … }`.
    Input {
        at: String,
        inputs: Vec<Leaf>,
        map: Option<MapSyntax>,
    },
}

/// `{ latest_message: { by, where, each, fields } }`.
#[derive(Debug, PartialEq)]
pub(crate) struct LatestMessageSyntax {
    pub(crate) at: String,
    pub(crate) by: String,
    pub(crate) each: String,
    /// `where:` (field, where, text).
    pub(crate) filter: Vec<(String, String, String)>,
    /// `fields:` (request property, where, element field, a list of it).
    pub(crate) fields: Vec<(String, String, String, bool)>,
}

/// `answer:`.
#[derive(Debug, PartialEq)]
pub(crate) enum AnswerSyntax {
    /// `thread`, `get_thread`, `message`, `none`, or any other text.
    Word(String),
    /// `{ id: <dotted field>, status: <dotted field> }`.
    Ids {
        id: Option<Located<String>>,
        status: Option<Located<String>>,
    },
    /// Neither text nor a mapping.
    Other,
}

const SEE: &str = "see specs/mappings/README.md, \"Operations\"";
const BODY_VALUE_HELP: &str = "write `{ input: <name> }`, `{ thread: <field> }`, `{ const: <value> }` or `{ latest_message: … }`";
const LATEST_HELP: &str = "write `latest_message: { by: <time field>, where: { <field>: <value> }, each: <list field>, fields: { <property>: <field>, … } }`";

impl Parser<'_, '_> {
    /// The `operations:` section, if the file has one.
    pub(super) fn operations(&mut self, node: Option<&Value>) -> OperationsSyntax {
        let Some(node) = node else {
            return OperationsSyntax::default();
        };
        let Some(section) = self.operations_node(
            node,
            "/operations",
            "`operations` is a mapping of the unified operations",
        ) else {
            return OperationsSyntax::default();
        };
        self.check_keys(
            section,
            "/operations",
            &[
                "list_threads",
                "list_messages",
                "send_message",
                "update_thread",
            ],
        );
        let at = |key: &str| child("/operations", key);
        OperationsSyntax {
            list_threads: section.get("list_threads").and_then(|n| {
                let at = at("list_threads");
                let map = self.operations_node(
                    n,
                    &at,
                    "`list_threads` is a mapping with `operation`, `query` and `fixed`",
                )?;
                self.check_keys(map, &at, &["operation", "query", "fixed"]);
                Some(self.list(map, &at, true))
            }),
            list_messages: section
                .get("list_messages")
                .and_then(|n| self.list_messages(n, &at("list_messages"))),
            send_message: section
                .get("send_message")
                .and_then(|n| self.write(n, &at("send_message"))),
            update_thread: section
                .get("update_thread")
                .and_then(|n| self.write(n, &at("update_thread"))),
        }
    }

    /// `node` as a mapping, or a problem saying `what` it should be.
    fn operations_node<'n>(
        &mut self,
        node: &'n Value,
        at: &str,
        what: &str,
    ) -> Option<&'n Map<String, Value>> {
        let map = node.as_object();
        if map.is_none() {
            self.problem(at, what.to_owned(), SEE);
        }
        map
    }

    fn list_messages(&mut self, node: &Value, at: &str) -> Option<MessagesSyntax> {
        let map = self.operations_node(
            node,
            at,
            "`list_messages` is a mapping with `operation` (and `query`, `fixed`), or `embedded: true`",
        )?;
        if let Some(embedded) = map.get("embedded") {
            self.check_keys(map, at, &["embedded"]);
            let at = child(at, "embedded");
            if embedded != &Value::Bool(true) {
                self.problem(
                    &at,
                    "`embedded` can only be `true`",
                    "write `embedded: true`, or name a list `operation`",
                );
                return None;
            }
            return Some(MessagesSyntax::Embedded { at });
        }
        // `list_messages(thread_id)` takes no query: only `fixed:` parameters.
        self.check_keys(map, at, &["operation", "fixed"]);
        Some(MessagesSyntax::Listed(self.list(map, at, false)))
    }

    fn list(&mut self, map: &Map<String, Value>, at: &str, with_query: bool) -> ListSyntax {
        ListSyntax {
            at: at.to_owned(),
            operation: map
                .get("operation")
                .and_then(Value::as_str)
                .map(str::to_owned),
            query: map
                .get("query")
                .filter(|_| with_query)
                .map(|n| self.query(n, &child(at, "query")))
                .unwrap_or_default(),
            fixed: map
                .get("fixed")
                .map(|n| self.fixed(n, &child(at, "fixed")))
                .unwrap_or_default(),
        }
    }

    fn query(&mut self, node: &Value, at: &str) -> Vec<QueryFieldSyntax> {
        let Some(fields) = self.operations_node(
            node,
            at,
            "`query` is a mapping: a field of the query → the operation's query parameter",
        ) else {
            return Vec::new();
        };
        let names: Vec<&str> = QueryInput::ALL.iter().map(|q| q.name()).collect();
        self.check_keys(fields, at, &names);
        let mut parsed = Vec::new();
        for (name, value) in fields {
            let Some(field) = QueryInput::ALL.into_iter().find(|q| q.name() == name) else {
                continue;
            };
            let here = child(at, name);
            let (param, map) = match value {
                Value::String(param) => (param.clone(), None),
                Value::Object(form) => {
                    self.check_keys(form, &here, &["param", "map"]);
                    let Some(param) = form.get("param").and_then(Value::as_str) else {
                        self.problem(
                            &here,
                            "a query field names its parameter: `{ param: <name> }`",
                            "write `param: <query parameter>`",
                        );
                        continue;
                    };
                    let map = form.get("map").map(|m| self.map(m, &child(&here, "map")));
                    (param.to_owned(), map)
                }
                _ => {
                    self.problem(
                        &here,
                        "a query field is the name of a query parameter, or `{ param: p, map: { … } }`",
                        SEE,
                    );
                    continue;
                }
            };
            parsed.push(QueryFieldSyntax {
                field,
                at: here,
                param,
                map,
            });
        }
        parsed
    }

    fn fixed(&mut self, node: &Value, at: &str) -> Vec<FixedSyntax> {
        let Some(fixed) = self.operations_node(
            node,
            at,
            "`fixed` is a mapping: query parameter → the text always sent",
        ) else {
            return Vec::new();
        };
        fixed
            .iter()
            .map(|(param, value)| {
                let here = child(at, param);
                let text = value.as_str().map(str::to_owned);
                if text.is_none() {
                    self.problem(
                        &here,
                        "a fixed query value is text",
                        format!("write it quoted: `{param}: \"{value}\"`"),
                    );
                }
                FixedSyntax {
                    param: param.to_owned(),
                    at: here,
                    text,
                }
            })
            .collect()
    }

    /// A reverse map, `{ model value: provider value }`. `None` entries are
    /// never made: a value that is not text is reported and left out.
    fn map(&mut self, node: &Value, at: &str) -> MapSyntax {
        let mut entries = Vec::new();
        match node.as_object() {
            Some(map) => {
                for (from, to) in map {
                    let here = child(at, from);
                    let to = to.as_str().map(str::to_owned);
                    if to.is_none() {
                        self.problem(
                            &here,
                            "the provider's value is text",
                            format!("write `{from}: <the provider's value>`"),
                        );
                    }
                    entries.push((from.clone(), here, to));
                }
            }
            None => self.problem(
                at,
                "`map` is a mapping: model value → the provider's value",
                "write `map: { open: OPEN, closed: CLOSED }`",
            ),
        }
        MapSyntax {
            at: at.to_owned(),
            entries,
        }
    }

    fn write(&mut self, node: &Value, at: &str) -> Option<WriteSyntax> {
        let map =
            self.operations_node(node, at, "a write is a mapping with `steps` and `answer`")?;
        self.check_keys(map, at, &["steps", "answer"]);
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
        let mut parsed = Vec::new();
        for (i, step) in steps.iter().enumerate() {
            let here = child(&steps_at, &i.to_string());
            parsed.push(self.step(step, &here)?);
        }
        let answer_at = child(at, "answer");
        let answer = map.get("answer").map(|node| Located {
            value: self.answer(node, &answer_at),
            at: answer_at.clone(),
        });
        Some(WriteSyntax {
            at: at.to_owned(),
            steps: parsed,
            answer,
        })
    }

    fn step(&mut self, node: &Value, at: &str) -> Option<StepSyntax> {
        let map = self.operations_node(
            node,
            at,
            "a step is a mapping with `operation`, `variant` and `body`",
        )?;
        self.check_keys(map, at, &["operation", "variant", "body"]);
        Some(StepSyntax {
            at: at.to_owned(),
            operation: map
                .get("operation")
                .and_then(Value::as_str)
                .map(str::to_owned),
            variant: map.get("variant").map(|v| leaf(v, &child(at, "variant"))),
            body: map.get("body").map(|b| self.body(b, &child(at, "body"))),
        })
    }

    fn body(&mut self, node: &Value, at: &str) -> Option<BodySyntax> {
        let map =
            self.operations_node(node, at, "`body` is a mapping: request property → value")?;
        let fields = map
            .iter()
            .map(|(name, value)| {
                let here = child(at, name);
                let value = self.body_value(value, &here);
                (name.clone(), here, value)
            })
            .collect();
        Some(BodySyntax {
            at: at.to_owned(),
            fields,
        })
    }

    fn body_value(&mut self, node: &Value, at: &str) -> Option<BodyValueSyntax> {
        let Some(form) = node.as_object() else {
            self.problem(at, "a body value is a mapping", BODY_VALUE_HELP);
            return None;
        };
        if let Some(value) = form.get("const") {
            self.check_keys(form, at, &["const"]);
            return Some(BodyValueSyntax::Const {
                at: child(at, "const"),
                value: value.clone(),
            });
        }
        if let Some(path) = form.get("thread") {
            self.check_keys(form, at, &["thread"]);
            let here = child(at, "thread");
            let Some(path) = path.as_str() else {
                self.problem(
                    &here,
                    "`thread` names a field of the thread, dotted",
                    "write `{ thread: channel_id }`",
                );
                return None;
            };
            return Some(BodyValueSyntax::Thread {
                at: here,
                path: path.to_owned(),
            });
        }
        if let Some(latest) = form.get("latest_message") {
            self.check_keys(form, at, &["latest_message"]);
            return self
                .latest_message(latest, &child(at, "latest_message"))
                .map(BodyValueSyntax::LatestMessage);
        }
        let Some(input) = form.get("input") else {
            self.problem(
                at,
                "a body value needs `input`, `thread`, `const` or `latest_message`",
                BODY_VALUE_HELP,
            );
            return None;
        };
        self.check_keys(form, at, &["input", "map"]);
        let input_at = child(at, "input");
        let inputs: Vec<Leaf> = match input {
            Value::Array(list) => list.iter().map(|name| leaf(name, &input_at)).collect(),
            one => vec![leaf(one, &input_at)],
        };
        if inputs.is_empty() {
            self.problem(&input_at, "`input` names no input", BODY_VALUE_HELP);
            return None;
        }
        Some(BodyValueSyntax::Input {
            at: at.to_owned(),
            inputs,
            map: form.get("map").map(|m| self.map(m, &child(at, "map"))),
        })
    }

    fn latest_message(&mut self, node: &Value, at: &str) -> Option<LatestMessageSyntax> {
        let form = self.operations_node(node, at, "`latest_message` is a mapping")?;
        self.check_keys(form, at, &["by", "where", "each", "fields"]);
        let text = |key: &str| form.get(key).and_then(Value::as_str).map(str::to_owned);
        let (Some(by), Some(each)) = (text("by"), text("each")) else {
            self.problem(at, "`latest_message` needs `by` and `each`", LATEST_HELP);
            return None;
        };
        let mut filter = Vec::new();
        let where_at = child(at, "where");
        for (field, value) in form
            .get("where")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let here = child(&where_at, field);
            let Some(value) = value.as_str() else {
                self.problem(&here, "a `where` value is text", LATEST_HELP);
                return None;
            };
            filter.push((field.clone(), here, value.to_owned()));
        }
        let mut fields = Vec::new();
        let fields_at = child(at, "fields");
        for (target, source) in form
            .get("fields")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let here = child(&fields_at, target);
            let (source, listed) = match source {
                Value::String(name) => (name.clone(), false),
                Value::Array(one) if one.len() == 1 && one[0].is_string() => {
                    (one[0].as_str().unwrap_or_default().to_owned(), true)
                }
                _ => {
                    self.problem(
                        &here,
                        "a field is the element's field name, or `[name]` for a list of it",
                        LATEST_HELP,
                    );
                    return None;
                }
            };
            fields.push((target.clone(), here, source, listed));
        }
        Some(LatestMessageSyntax {
            at: at.to_owned(),
            by,
            each,
            filter,
            fields,
        })
    }

    fn answer(&mut self, node: &Value, at: &str) -> AnswerSyntax {
        match node {
            Value::String(word) => AnswerSyntax::Word(word.clone()),
            Value::Object(form) => {
                self.check_keys(form, at, &["id", "status"]);
                let mut path = |key: &str| {
                    let value = form.get(key)?;
                    let here = child(at, key);
                    let Some(text) = value.as_str() else {
                        self.problem(
                            &here,
                            format!("`{key}` names a field of the response, dotted"),
                            "write `answer: { id: <field>, status: <field> }` (of the last response)",
                        );
                        return None;
                    };
                    Some(Located {
                        value: text.to_owned(),
                        at: here,
                    })
                };
                AnswerSyntax::Ids {
                    id: path("id"),
                    status: path("status"),
                }
            }
            _ => AnswerSyntax::Other,
        }
    }
}

/// A scalar leaf at `at`.
fn leaf(value: &Value, at: &str) -> Leaf {
    Leaf {
        at: at.to_owned(),
        text: value.as_str().map(str::to_owned),
        shown: value.to_string(),
    }
}

/// The fields of the model's `ThreadQuery` a list may send as the
/// provider's query parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum QueryInput {
    Status,
    Inbox,
    UpdatedAfter,
    PageSize,
}

impl QueryInput {
    pub(crate) const ALL: [QueryInput; 4] = [
        QueryInput::Status,
        QueryInput::Inbox,
        QueryInput::UpdatedAfter,
        QueryInput::PageSize,
    ];

    /// The field of `ThreadQuery`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            QueryInput::Status => "status",
            QueryInput::Inbox => "inbox",
            QueryInput::UpdatedAfter => "updated_after",
            QueryInput::PageSize => "page_size",
        }
    }
}
