//! The `operations:` section, read and checked against the provider's
//! operations, its mapping's thread and message sections, and the model.
//!
//! What holds once it passes:
//! - every `operation` is an operationId of the provider spec; a list is a
//!   `GET` whose 200 body holds items of the mapped schema (through its
//!   `x-pagination`, or as the body itself); a write step has at most one
//!   path parameter, which is given the thread id;
//! - every query field names a query parameter of its operation, and every
//!   required parameter of it is given (by a field, or `fixed:`);
//! - every body property is a property of the request body, every required
//!   one has a value, and each value fits it: a reverse map covers model
//!   values onto values the property lists, a constant is one of them;
//! - `{ thread: path }` names a field of the thread's schema, and
//!   `answer:` fields exist in the last step's response.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::plan::{
    Input, ListPlan, MessagesPlan, OperationsPlan, QueryInput, QueryPlan, SchemePlan,
};
use crate::client::plan::{OperationPlan, PagingScheme};
use crate::client::sources::SourceType;
use crate::diagnostic::{Problems, child};
use crate::load::Document;
use crate::mapping::Inputs;
use crate::spec::Method;

/// The schemas the mapping's sections map, for the lists and answers.
pub(crate) struct Mapped<'a> {
    /// The thread section's schema.
    pub(crate) thread: Option<&'a str>,
    /// The message sections' schemas.
    pub(crate) messages: Vec<&'a str>,
    /// The thread section maps its messages from the thread itself.
    pub(crate) thread_embeds_messages: bool,
    /// The thread section names an operation that fetches it by id.
    pub(crate) thread_readable: bool,
    /// The message sections that read the thread (`parent:`).
    pub(crate) parent_readers: Vec<&'a str>,
    /// The thread section's enum maps, by dotted model field (`status`,
    /// `assignee.kind`): (provider value, model value) pairs. A reverse map
    /// must agree with them.
    pub(crate) thread_maps: Vec<(String, Vec<(String, String)>)>,
}

/// Checks the `operations:` section of `file` into its plan; problems go to
/// `problems`.
pub(crate) fn check(
    file: &Document<'_>,
    inputs: &Inputs<'_>,
    mapped: &Mapped<'_>,
    problems: &mut Problems,
) -> OperationsPlan {
    let Some(node) = file.value.get("operations") else {
        return OperationsPlan::default();
    };
    let mut checker = Checker {
        file,
        inputs,
        mapped,
        problems,
        listed_messages: None,
    };
    let Some(section) = checker.mapping(
        node,
        "/operations",
        "`operations` is a mapping of the unified operations",
    ) else {
        return OperationsPlan::default();
    };
    checker.keys(
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
    let list_threads = section
        .get("list_threads")
        .and_then(|n| checker.list_threads(n, &at("list_threads")));
    // Before the writes: a reply may read the thread's messages.
    let list_messages = section
        .get("list_messages")
        .and_then(|n| checker.list_messages(n, &at("list_messages")));
    if let Some(MessagesPlan::Listed(list)) = &list_messages {
        checker.listed_messages = Some(list.clone());
    }
    OperationsPlan {
        list_threads,
        list_messages,
        send_message: section
            .get("send_message")
            .and_then(|n| checker.write(n, &at("send_message"), &Input::SEND, Write::Send)),
        update_thread: section
            .get("update_thread")
            .and_then(|n| checker.write(n, &at("update_thread"), &Input::UPDATE, Write::Update)),
    }
}

#[derive(Clone, Copy, PartialEq)]
pub(super) enum Write {
    Send,
    Update,
}

pub(super) struct Checker<'a, 'p> {
    file: &'a Document<'a>,
    pub(super) inputs: &'a Inputs<'a>,
    pub(super) mapped: &'a Mapped<'a>,
    problems: &'p mut Problems,
    /// The section's `list_messages`, once checked: a write may read the
    /// thread's messages through it.
    pub(super) listed_messages: Option<ListPlan>,
}

impl<'a> Checker<'a, '_> {
    pub(super) fn problem(
        &mut self,
        at: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.problems.push(self.file.error(at, message, help));
    }

    pub(super) fn mapping<'n>(
        &mut self,
        node: &'n Value,
        at: &str,
        what: &str,
    ) -> Option<&'n Map<String, Value>> {
        let map = node.as_object();
        if map.is_none() {
            self.problem(
                at,
                what.to_owned(),
                "see specs/mappings/README.md, \"Operations\"",
            );
        }
        map
    }

    pub(super) fn keys(&mut self, map: &Map<String, Value>, at: &str, allowed: &[&str]) {
        for key in map.keys().filter(|k| !allowed.contains(&k.as_str())) {
            let listed: Vec<String> = allowed.iter().map(|k| format!("`{k}`")).collect();
            self.problem(
                &child(at, key),
                format!("unknown key `{key}`"),
                format!("allowed here: {}", listed.join(", ")),
            );
        }
    }

    /// The operation `operation:` names, at `at`.
    pub(super) fn operation(
        &mut self,
        map: &Map<String, Value>,
        at: &str,
    ) -> Option<&'a OperationPlan> {
        let at = child(at, "operation");
        let Some(id) = map.get("operation").and_then(Value::as_str) else {
            self.problem(
                &at,
                "`operation` must name an operationId of the provider spec",
                "write `operation: <operationId>`",
            );
            return None;
        };
        let found = self.inputs.operations.iter().find(|op| op.id == id);
        if found.is_none() {
            let mut known: Vec<&str> = self
                .inputs
                .operations
                .iter()
                .map(|op| op.id.as_str())
                .collect();
            known.sort_unstable();
            self.problem(
                &at,
                format!("{} has no operation `{id}`", self.inputs.spec_path),
                format!("use one of its operationIds: {}", known.join(", ")),
            );
        }
        found
    }

    fn list_threads(&mut self, node: &Value, at: &str) -> Option<ListPlan> {
        let map = self.mapping(
            node,
            at,
            "`list_threads` is a mapping with `operation`, `query` and `fixed`",
        )?;
        self.keys(map, at, &["operation", "query", "fixed"]);
        let Some(schema) = self.mapped.thread else {
            self.problem(
                at,
                "`list_threads` lists threads, and the mapping has no `thread:` section",
                "write the thread section first",
            );
            return None;
        };
        self.list(map, at, schema, None, &QueryInput::ALL)
    }

    fn list_messages(&mut self, node: &Value, at: &str) -> Option<MessagesPlan> {
        let map = self.mapping(node, at, "`list_messages` is a mapping with `operation` (and `query`, `fixed`), or `embedded: true`")?;
        if map.contains_key("embedded") {
            self.keys(map, at, &["embedded"]);
            if map.get("embedded") != Some(&Value::Bool(true)) {
                self.problem(
                    &child(at, "embedded"),
                    "`embedded` can only be `true`",
                    "write `embedded: true`, or name a list `operation`",
                );
                return None;
            }
            if !self.mapped.thread_embeds_messages {
                self.problem(
                    &child(at, "embedded"),
                    "`embedded: true` reads the messages the thread carries, and the thread section maps none",
                    "map `messages.items` of the thread (`each: <list>`), or name a list `operation`",
                );
                return None;
            }
            return Some(MessagesPlan::Embedded);
        }
        self.keys(map, at, &["operation", "fixed"]);
        let op = self.operation(map, at)?;
        let listed = self.items_schema(op).map(|(_, s)| s);
        let union = match listed.as_deref().map(|s| self.union_of_messages(s, at)) {
            // A union with a subtype unmapped: reported.
            Some(Some(None)) => return None,
            Some(Some(Some(found))) => Some(found),
            _ => None,
        };
        let schema: Option<&str> = match (&listed, &union) {
            (Some(_), Some((name, _))) => Some(name.as_str()),
            (Some(listed), None) => self.mapped.messages.iter().find(|m| **m == listed).copied(),
            (None, _) => None,
        };
        let Some(schema) = schema else {
            self.problem(
                &child(at, "operation"),
                format!("`{}` does not list a schema some message section maps", op.id),
                "name the operation that lists the thread's messages, and map their schema under `messages:`",
            );
            return None;
        };
        if op.path_params.len() != 1 {
            self.problem(
                &child(at, "operation"),
                format!(
                    "`{}` has {} path parameters; the thread id must be its only one",
                    op.id,
                    op.path_params.len()
                ),
                "name the operation that lists one thread's messages",
            );
            return None;
        }
        if self.mapped.parent_readers.contains(&schema) && !self.mapped.thread_readable {
            self.problem(
                &child(at, "operation"),
                format!("the mapping of `{schema}` reads the thread (`parent:`), and the thread section names no `operation` to fetch it with"),
                "add `operation: <get thread operationId>` to the thread section",
            );
            return None;
        }
        // `list_messages(thread_id)` takes no query: only `fixed:` parameters.
        let mut list = self.list(map, at, schema, listed.as_deref(), &[])?;
        list.union = union.map(|(_, variants)| variants);
        Some(MessagesPlan::Listed(list))
    }

    /// Where a list operation's 200 body holds its items, and their schema:
    /// the `x-pagination` items, or the body itself when it is an array.
    fn items_schema(&self, op: &OperationPlan) -> Option<(Vec<String>, String)> {
        let Some(paging) = &op.paging else {
            return op
                .returns_array_of
                .clone()
                .map(|schema| (Vec::new(), schema));
        };
        let fields = self.inputs.sources.structs.get(op.returns.as_deref()?)?;
        let field = fields.iter().find(|f| f.json == paging.items)?;
        match field.ty.required() {
            SourceType::Vec(item) => match item.required() {
                SourceType::Struct(name) => Some((vec![paging.items.clone()], name.clone())),
                _ => None,
            },
            _ => None,
        }
    }

    fn list(
        &mut self,
        map: &Map<String, Value>,
        at: &str,
        schema: &str,
        listed_as: Option<&str>,
        allowed: &[QueryInput],
    ) -> Option<ListPlan> {
        let op = self.operation(map, at)?;
        if op.method != Method::Get {
            self.problem(
                &child(at, "operation"),
                format!(
                    "`{}` is a {}; a list is read with GET",
                    op.id,
                    op.method.as_http()
                ),
                "name the provider's list operation",
            );
            return None;
        }
        let (items, listed) = self.items_schema(op).unwrap_or_default();
        if listed != schema && Some(listed.as_str()) != listed_as {
            self.problem(
                &child(at, "operation"),
                format!("`{}` does not list `{schema}`, the schema this list is normalized with", op.id),
                "name the operation whose 200 body lists that schema (with `x-pagination` naming its items, or as the body itself)",
            );
            return None;
        }
        let scheme = match &op.paging {
            Some(paging) => match &paging.scheme {
                PagingScheme::Cursor { param, next } => SchemePlan::Cursor {
                    param: param.clone(),
                    next: next.clone(),
                },
                PagingScheme::Offset { param, total } => SchemePlan::Offset {
                    param: param.clone(),
                    total: total.clone(),
                },
            },
            None => SchemePlan::Single,
        };
        let query = self.query(map, at, op, allowed);
        let fixed = self.fixed(map, at, op);
        let given: BTreeSet<&str> = query
            .iter()
            .map(|q| q.param.as_str())
            .chain(fixed.iter().map(|(p, _)| p.as_str()))
            .collect();
        for param in op
            .query
            .iter()
            .filter(|p| p.required && !given.contains(p.name.as_str()))
        {
            self.problem(
                at,
                format!(
                    "`{}` requires the query parameter `{}`, and nothing gives it",
                    op.id, param.name
                ),
                format!(
                    "give it from the query (`query: {{ inbox: {} }}`) or write it under `fixed:`",
                    param.name
                ),
            );
        }
        Some(ListPlan {
            operation: op.id.clone(),
            schema: schema.to_owned(),
            items,
            scheme,
            query,
            fixed,
            union: None,
        })
    }

    /// Where `schema` is a polymorphic base, `Some`: its subtypes when all
    /// are mapped by message sections (none reading the thread), `None` once
    /// a subtype without a section is reported.
    fn union_of_messages(
        &mut self,
        schema: &str,
        at: &str,
    ) -> Option<Option<(String, Vec<String>)>> {
        let listed = self.inputs.unions.iter().find(|u| u.name == schema)?;
        // An inline list of the subtypes of a base: decoded as the base (the
        // same variants by the same tag), whose name says what it is.
        let union = self
            .inputs
            .unions
            .iter()
            .find(|u| !u.inline && u.tag == listed.tag && u.variants == listed.variants)
            .unwrap_or(listed);
        let variants: Vec<String> = union.variants.iter().map(|v| v.name.clone()).collect();
        let unmapped: Vec<&str> = variants
            .iter()
            .map(String::as_str)
            .filter(|v| !self.mapped.messages.contains(v) || self.mapped.parent_readers.contains(v))
            .collect();
        if !unmapped.is_empty() {
            self.problem(
                &child(at, "operation"),
                format!(
                    "the messages listed are `{schema}`, one of {}, and {} no message section of its own",
                    variants.join(", "),
                    unmapped.join(", ") + if unmapped.len() == 1 { " has" } else { " have" }
                ),
                "map each subtype under `messages:` (`- schema: <subtype>`), without `parent:` rules",
            );
            return Some(None);
        }
        Some(Some((union.name.clone(), variants)))
    }

    fn query(
        &mut self,
        map: &Map<String, Value>,
        at: &str,
        op: &OperationPlan,
        allowed: &[QueryInput],
    ) -> Vec<QueryPlan> {
        let at = child(at, "query");
        let Some(node) = map.get("query") else {
            return Vec::new();
        };
        let Some(fields) = self.mapping(
            node,
            &at,
            "`query` is a mapping: a field of the query → the operation's query parameter",
        ) else {
            return Vec::new();
        };
        let names: Vec<&str> = allowed.iter().map(|q| q.name()).collect();
        self.keys(fields, &at, &names);
        let mut plans = Vec::new();
        for input in allowed {
            let Some(value) = fields.get(input.name()) else {
                continue;
            };
            let here = child(&at, input.name());
            let (param, map) = match value {
                Value::String(param) => (param.clone(), None),
                Value::Object(form) => {
                    self.keys(form, &here, &["param", "map"]);
                    let Some(param) = form.get("param").and_then(Value::as_str) else {
                        self.problem(
                            &here,
                            "a query field names its parameter: `{ param: <name> }`",
                            "write `param: <query parameter>`",
                        );
                        continue;
                    };
                    (param.to_owned(), form.get("map"))
                }
                _ => {
                    self.problem(&here, "a query field is the name of a query parameter, or `{ param: p, map: { … } }`", "see specs/mappings/README.md, \"Operations\"");
                    continue;
                }
            };
            let Some(declared) = op.query.iter().find(|q| q.name == param) else {
                let known: Vec<&str> = op.query.iter().map(|q| q.name.as_str()).collect();
                self.problem(
                    &here,
                    format!("`{}` has no query parameter `{param}`", op.id),
                    format!("its query parameters: {}", known.join(", ")),
                );
                continue;
            };
            let map = match (input, map) {
                (QueryInput::Status, Some(map)) => self.reverse_map(
                    map,
                    &child(&here, "map"),
                    "ThreadStatus",
                    &declared.values,
                    &param,
                    "status",
                ),
                (QueryInput::Status, None) => {
                    self.problem(
                        &here,
                        "a status is written in the provider's words: the field needs a `map`",
                        "write `{ param: p, map: { open: <provider value>, … } }`",
                    );
                    continue;
                }
                (_, Some(_)) => {
                    self.problem(
                        &child(&here, "map"),
                        format!(
                            "only `status` has values to map; `{}` is sent as it is",
                            input.name()
                        ),
                        "drop `map`",
                    );
                    continue;
                }
                (_, None) => Vec::new(),
            };
            plans.push(QueryPlan {
                input: *input,
                param,
                map,
                required: declared.required,
            });
        }
        plans
    }

    fn fixed(
        &mut self,
        map: &Map<String, Value>,
        at: &str,
        op: &OperationPlan,
    ) -> Vec<(String, String)> {
        let at = child(at, "fixed");
        let Some(node) = map.get("fixed") else {
            return Vec::new();
        };
        let Some(fixed) = self.mapping(
            node,
            &at,
            "`fixed` is a mapping: query parameter → the text always sent",
        ) else {
            return Vec::new();
        };
        let mut plans = Vec::new();
        for (param, value) in fixed {
            let here = child(&at, param);
            let Some(declared) = op.query.iter().find(|q| &q.name == param) else {
                self.problem(
                    &here,
                    format!("`{}` has no query parameter `{param}`", op.id),
                    "name one of its query parameters",
                );
                continue;
            };
            let Some(text) = value.as_str() else {
                self.problem(
                    &here,
                    "a fixed query value is text",
                    format!("write it quoted: `{param}: \"{value}\"`"),
                );
                continue;
            };
            if !declared.values.is_empty() && !declared.values.iter().any(|v| v == text) {
                self.problem(
                    &here,
                    format!("`{text}` is not a value of `{param}`"),
                    format!("its values: {}", declared.values.join(", ")),
                );
                continue;
            }
            plans.push((param.clone(), text.to_owned()));
        }
        plans
    }

    /// `{ model value: provider value }`: keys are values of the model's
    /// `model_enum`, values are among `values` (when the provider lists any),
    /// and each pair is the reverse of a pair of the thread mapping's map of
    /// `forward` (the model field, e.g. `status`), where it has one: a value
    /// written back must read as the same value.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn reverse_map(
        &mut self,
        node: &Value,
        at: &str,
        model_enum: &str,
        values: &[String],
        target: &str,
        forward: &str,
    ) -> Vec<(String, String)> {
        let forward_pairs = self
            .mapped
            .thread_maps
            .iter()
            .find(|(field, _)| field == forward)
            .map(|(_, pairs)| pairs.clone());
        let Some(map) = node.as_object() else {
            self.problem(
                at,
                "`map` is a mapping: model value → the provider's value",
                "write `map: { open: OPEN, closed: CLOSED }`",
            );
            return Vec::new();
        };
        let model_values = self
            .inputs
            .model
            .enum_values(model_enum)
            .unwrap_or_default()
            .to_vec();
        let mut pairs = Vec::new();
        for (from, to) in map {
            let here = child(at, from);
            if !model_values.iter().any(|v| v == from) {
                self.problem(
                    &here,
                    format!("`{from}` is not a value of the model's `{model_enum}`"),
                    format!("its values: {}", model_values.join(", ")),
                );
                continue;
            }
            let Some(to) = to.as_str() else {
                self.problem(
                    &here,
                    "the provider's value is text",
                    format!("write `{from}: <one of the values of {target}>`"),
                );
                continue;
            };
            if !values.is_empty() && !values.iter().any(|v| v == to) {
                self.problem(
                    &here,
                    format!("`{to}` is not a value of `{target}`"),
                    format!("its values: {}", values.join(", ")),
                );
                continue;
            }
            if let Some(forward_pairs) = &forward_pairs
                && !forward_pairs
                    .iter()
                    .any(|(native, model)| native == to && model == from)
            {
                self.not_the_reverse(&here, from, to, forward, forward_pairs);
                continue;
            }
            pairs.push((from.clone(), to.to_owned()));
        }
        pairs
    }

    fn not_the_reverse(
        &mut self,
        at: &str,
        from: &str,
        to: &str,
        forward: &str,
        forward_pairs: &[(String, String)],
    ) {
        let read = forward_pairs
            .iter()
            .find(|(native, _)| native == to)
            .map_or_else(
                || "maps no such value".to_owned(),
                |(_, model)| format!("reads `{to}` as `{model}`"),
            );
        let reverse: Vec<String> = forward_pairs
            .iter()
            .filter(|(_, model)| model == from)
            .map(|(native, _)| format!("`{native}`"))
            .collect();
        let help = if reverse.is_empty() {
            format!(
                "the thread mapping reads no provider value as `{from}`: drop `{from}`, it cannot be written back"
            )
        } else {
            format!(
                "write `{from}: {}`, as the thread mapping reads it",
                reverse.join(" or ")
            )
        };
        self.problem(
            at,
            format!(
                "`{from}: {to}` is not the reverse of the thread mapping's `{forward}`, which {read}"
            ),
            help,
        );
    }
}
