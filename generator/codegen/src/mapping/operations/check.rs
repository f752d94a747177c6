//! The `operations:` section's syntax, checked against the provider's
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

use super::plan::{
    Input, ListPlan, MessagesPlan, OperationsPlan, QueryInput, QueryPlan, SchemePlan,
};
use crate::client::plan::{OperationPlan, PagingScheme};
use crate::client::sources::SourceType;
use crate::diagnostic::{Problems, child};
use crate::load::Document;
use crate::mapping::Inputs;
use crate::mapping::syntax::operations::{
    FixedSyntax, ListSyntax, MapSyntax, MessagesSyntax, OperationsSyntax, QueryFieldSyntax,
};
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

/// Checks the `operations:` section (`syntax`, parsed from `file`) into its
/// plan; problems go to `problems`.
pub(crate) fn check(
    file: &Document<'_>,
    syntax: &OperationsSyntax,
    inputs: &Inputs<'_>,
    mapped: &Mapped<'_>,
    problems: &mut Problems,
) -> OperationsPlan {
    let mut checker = Checker {
        file,
        inputs,
        mapped,
        problems,
        listed_messages: None,
    };
    let list_threads = syntax
        .list_threads
        .as_ref()
        .and_then(|list| checker.list_threads(list));
    // Before the writes: a reply may read the thread's messages.
    let list_messages = syntax
        .list_messages
        .as_ref()
        .and_then(|list| checker.list_messages(list));
    if let Some(MessagesPlan::Listed(list)) = &list_messages {
        checker.listed_messages = Some(list.clone());
    }
    OperationsPlan {
        list_threads,
        list_messages,
        send_message: syntax
            .send_message
            .as_ref()
            .and_then(|w| checker.write(w, &Input::SEND, Write::Send)),
        update_thread: syntax
            .update_thread
            .as_ref()
            .and_then(|w| checker.write(w, &Input::UPDATE, Write::Update)),
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

    /// The operation `operation:` names, in the node at `at`.
    pub(super) fn operation(&mut self, id: Option<&str>, at: &str) -> Option<&'a OperationPlan> {
        let at = child(at, "operation");
        let Some(id) = id else {
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

    fn list_threads(&mut self, list: &ListSyntax) -> Option<ListPlan> {
        let Some(schema) = self.mapped.thread else {
            self.problem(
                &list.at,
                "`list_threads` lists threads, and the mapping has no `thread:` section",
                "write the thread section first",
            );
            return None;
        };
        self.list(list, schema, None, &QueryInput::ALL)
    }

    fn list_messages(&mut self, syntax: &MessagesSyntax) -> Option<MessagesPlan> {
        let list = match syntax {
            MessagesSyntax::Embedded { at } => {
                if !self.mapped.thread_embeds_messages {
                    self.problem(
                        at,
                        "`embedded: true` reads the messages the thread carries, and the thread section maps none",
                        "map `messages.items` of the thread (`each: <list>`), or name a list `operation`",
                    );
                    return None;
                }
                return Some(MessagesPlan::Embedded);
            }
            MessagesSyntax::Listed(list) => list,
        };
        let at = list.at.as_str();
        let op = self.operation(list.operation.as_deref(), at)?;
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
        let mut list = self.list(list, schema, listed.as_deref(), &[])?;
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
        list: &ListSyntax,
        schema: &str,
        listed_as: Option<&str>,
        allowed: &[QueryInput],
    ) -> Option<ListPlan> {
        let at = list.at.as_str();
        let op = self.operation(list.operation.as_deref(), at)?;
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
        let query = self.query(&list.query, op, allowed);
        let fixed = self.fixed(&list.fixed, op);
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
        fields: &[QueryFieldSyntax],
        op: &OperationPlan,
        allowed: &[QueryInput],
    ) -> Vec<QueryPlan> {
        let mut plans = Vec::new();
        for input in allowed {
            let Some(field) = fields.iter().find(|f| f.field == *input) else {
                continue;
            };
            let (here, param) = (&field.at, &field.param);
            let Some(declared) = op.query.iter().find(|q| &q.name == param) else {
                let known: Vec<&str> = op.query.iter().map(|q| q.name.as_str()).collect();
                self.problem(
                    here,
                    format!("`{}` has no query parameter `{param}`", op.id),
                    format!("its query parameters: {}", known.join(", ")),
                );
                continue;
            };
            let map = match (input, &field.map) {
                (QueryInput::Status, Some(map)) => {
                    self.reverse_map(map, "ThreadStatus", &declared.values, param, "status")
                }
                (QueryInput::Status, None) => {
                    self.problem(
                        here,
                        "a status is written in the provider's words: the field needs a `map`",
                        "write `{ param: p, map: { open: <provider value>, … } }`",
                    );
                    continue;
                }
                (_, Some(map)) => {
                    self.problem(
                        &map.at,
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
                param: param.clone(),
                map,
                required: declared.required,
            });
        }
        plans
    }

    fn fixed(&mut self, fixed: &[FixedSyntax], op: &OperationPlan) -> Vec<(String, String)> {
        let mut plans = Vec::new();
        for FixedSyntax { param, at, text } in fixed {
            let Some(declared) = op.query.iter().find(|q| &q.name == param) else {
                self.problem(
                    at,
                    format!("`{}` has no query parameter `{param}`", op.id),
                    "name one of its query parameters",
                );
                continue;
            };
            // Not text: reported with the syntax.
            let Some(text) = text else { continue };
            if !declared.values.is_empty() && !declared.values.iter().any(|v| v == text) {
                self.problem(
                    at,
                    format!("`{text}` is not a value of `{param}`"),
                    format!("its values: {}", declared.values.join(", ")),
                );
                continue;
            }
            plans.push((param.clone(), text.clone()));
        }
        plans
    }

    /// `{ model value: provider value }`: keys are values of the model's
    /// `model_enum`, values are among `values` (when the provider lists any),
    /// and each pair is the reverse of a pair of the thread mapping's map of
    /// `forward` (the model field, e.g. `status`), where it has one: a value
    /// written back must read as the same value.
    pub(super) fn reverse_map(
        &mut self,
        map: &MapSyntax,
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
        let model_values = self
            .inputs
            .model
            .enum_values(model_enum)
            .unwrap_or_default()
            .to_vec();
        let mut pairs = Vec::new();
        for (from, here, to) in &map.entries {
            if !model_values.iter().any(|v| v == from) {
                self.problem(
                    here,
                    format!("`{from}` is not a value of the model's `{model_enum}`"),
                    format!("its values: {}", model_values.join(", ")),
                );
                continue;
            }
            // Not text: reported with the syntax.
            let Some(to) = to else { continue };
            if !values.is_empty() && !values.iter().any(|v| v == to) {
                self.problem(
                    here,
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
                self.not_the_reverse(here, from, to, forward, forward_pairs);
                continue;
            }
            pairs.push((from.clone(), to.clone()));
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
