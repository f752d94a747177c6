//! Stage 3 for a mapping file: its syntax, checked against the provider's
//! client (the types progenitor generated, the operations) and the model,
//! into a [`MappingPlan`].
//!
//! The rules, each checked where the plan needs it:
//! - a section's `schema` is an object schema of the provider spec, and its
//!   `operation` returns it and can be called with an id alone;
//! - every path exists in the provider's types, and its type fits the rule
//!   and the model field (`check_path`, and [`scalars`] per rule kind);
//! - an enum map covers every value the provider spec lists for its field,
//!   names no other, and maps onto values of the model's enum;
//! - constants and compared values fit their fields;
//! - `parent:` is read only by messages embedded in a thread;
//! - a message entry names a schema some message section maps.
//!
//! Every problem is reported, none stops the check; one problem never causes
//! another (a row whose path does not resolve is not also type-checked).

mod scalars;

use std::collections::{BTreeMap, BTreeSet};

use super::plan::{
    EntryPlan, EventPlan, FieldPlan, Iterate, MappingPlan, MessagePlan, ObjectPlan, Presence,
    Shape, SourcePath, Step, ThreadPlan, ValuePlan, Var, When,
};
use super::syntax::{self, Entry, MappingFile, Object, PathRef, Row, RowValue, Section};
use crate::client::plan::{OperationPlan, TaggedUnion};
use crate::client::sources::{SourceType, Sources};
use crate::client::webhooks::WebhookPlan;
use crate::diagnostic::Problems;
use crate::load::Document;
use crate::model::{FieldType, Model};
use crate::spec::Method;

/// What a mapping is checked against.
pub(crate) struct Inputs<'a> {
    pub(crate) model: &'a Model,
    /// The provider client's types.
    pub(crate) sources: &'a Sources,
    /// The provider spec's operations.
    pub(crate) operations: &'a [OperationPlan],
    /// The provider spec, for messages: `specs/gochat.yaml`.
    pub(crate) spec_path: &'a str,
    /// The provider's polymorphic bases, as enums of their subtypes.
    pub(crate) unions: &'a [TaggedUnion],
    /// The provider spec's webhooks (`x-webhooks`).
    pub(crate) webhooks: &'a [WebhookPlan],
}

/// Checks `syntax` (parsed from `file`) into a plan; problems go to
/// `problems`, and the plan is only good when there are none.
pub(crate) fn check(
    file: &Document<'_>,
    syntax: &MappingFile,
    inputs: &Inputs<'_>,
    problems: &mut Problems,
) -> MappingPlan {
    let mut checker = Checker {
        file,
        inputs,
        problems,
        used: BTreeSet::new(),
        variables: 0,
        parent_used: false,
        messages: BTreeMap::new(),
    };
    // The thread's schema, for `parent:` in messages: none without a thread
    // section, and unknown (already reported) when it names no schema.
    let parent = match &syntax.thread {
        None => Parent::NoThread,
        Some(section) => match &section.schema {
            Some(schema) if inputs.sources.structs.contains_key(&schema.value) => {
                Parent::Thread(schema.value.clone())
            }
            _ => Parent::Unknown,
        },
    };
    // Messages first: the thread's `messages.items` name their sections.
    let messages: Vec<MessagePlan> = syntax
        .messages
        .iter()
        .filter_map(|section| checker.message(section, &parent))
        .collect();
    let thread = syntax
        .thread
        .as_ref()
        .and_then(|section| checker.thread(section));
    let event = syntax
        .event
        .as_ref()
        .and_then(|section| checker.event(section));
    let mut roots: Vec<String> = thread.iter().map(|t| t.schema.clone()).collect();
    roots.extend(event.iter().map(|e| e.schema.clone()));
    roots.extend(
        messages
            .iter()
            .filter(|m| m.parent.is_none())
            .map(|m| m.schema.clone()),
    );
    roots.extend(checker.used.iter().map(|(schema, _)| schema.clone()));
    let unused = checker.unused_fields(roots);
    MappingPlan {
        thread,
        messages,
        event,
        unused,
        operations: Default::default(),
    }
}

/// What `parent:` reads, in a message section.
#[derive(Clone, Debug)]
enum Parent {
    /// Not in a message section.
    NotAMessage,
    /// The file has no thread section.
    NoThread,
    /// The thread section names no known schema (reported there).
    Unknown,
    Thread(String),
}

/// Where the rules of an object read from.
#[derive(Clone, Debug)]
struct Scope {
    var: Var,
    /// The schema of `var`, or, for an element with no fields of its own,
    /// what it is (`any JSON value`).
    schema: Result<String, String>,
    parent: Parent,
    /// The function being generated returns a `Result` (the thread's), so a
    /// missing required value can be an error.
    fallible: bool,
}

struct Checker<'a, 'p> {
    file: &'a Document<'a>,
    inputs: &'a Inputs<'a>,
    problems: &'p mut Problems,
    /// (schema, JSON field) pairs some rule reads.
    used: BTreeSet<(String, String)>,
    /// Item variables handed out, in the order the emitter declares them.
    variables: usize,
    /// Set when a rule of the current section reads `parent:`.
    parent_used: bool,
    /// The message sections checked so far: schema → reads `parent:`.
    messages: BTreeMap<String, bool>,
}

impl Checker<'_, '_> {
    fn problem(&mut self, at: &str, message: impl Into<String>, help: impl Into<String>) {
        self.problems.push(self.file.error(at, message, help));
    }

    fn message(&mut self, section: &Section, parent: &Parent) -> Option<MessagePlan> {
        let (schema, operation) = self.section(section)?;
        if self.messages.contains_key(&schema) {
            let at = section
                .schema
                .as_ref()
                .map_or(section.at.as_str(), |s| s.at.as_str());
            self.problem(
                at,
                format!("a message mapping for `{schema}` is already written above"),
                "keep one section per provider schema",
            );
            return None;
        }
        self.parent_used = false;
        let scope = Scope {
            var: Var::Src,
            schema: Ok(schema.clone()),
            parent: parent.clone(),
            fallible: false,
        };
        let object = self.object(section.object.as_ref()?, &scope);
        let reads_parent = self.parent_used;
        if reads_parent && let Some(operation) = &section.operation {
            self.problem(
                &operation.at,
                "a message mapping with `operation` is used on its own, so it cannot read `parent:` fields",
                "drop `operation` (the mapping then applies only to messages embedded in a thread), or replace the `parent:` rules",
            );
        }
        self.messages.insert(schema.clone(), reads_parent);
        Some(MessagePlan {
            at: section.at.clone(),
            schema,
            operation,
            parent: match (reads_parent, parent) {
                (true, Parent::Thread(thread)) => Some(thread.clone()),
                _ => None,
            },
            object,
        })
    }

    fn thread(&mut self, section: &Section) -> Option<ThreadPlan> {
        let (schema, operation) = self.section(section)?;
        let scope = Scope {
            var: Var::Src,
            schema: Ok(schema.clone()),
            parent: Parent::NotAMessage,
            fallible: true,
        };
        let object = self.object(section.object.as_ref()?, &scope);
        Some(ThreadPlan {
            at: section.at.clone(),
            schema,
            operation,
            object,
        })
    }

    /// The event section: its schema must be what one of the spec's
    /// webhooks delivers. A required value it lacks is a `MappingError`,
    /// which makes the event `unknown` (its `raw` kept), never a failed
    /// batch.
    fn event(&mut self, section: &Section) -> Option<EventPlan> {
        if let Some(operation) = &section.operation {
            self.problem(
                &operation.at,
                "an event comes in a webhook delivery, not from an operation",
                "remove `operation`",
            );
        }
        let schema = section.schema.as_ref()?;
        let webhooks = self.inputs.webhooks;
        let Some(webhook) = webhooks.iter().find(|w| w.event == schema.value) else {
            let (message, help) = if webhooks.is_empty() {
                (
                    format!("{} declares no webhooks, so it has no events to map", self.inputs.spec_path),
                    "declare the provider's events under `x-webhooks` in its spec (see the README's \"Adding a provider\"), or remove `event:`".to_owned(),
                )
            } else {
                let delivered: Vec<String> = webhooks
                    .iter()
                    .map(|w| format!("`{}` ({})", w.event, w.name))
                    .collect();
                (
                    format!(
                        "no webhook of {} delivers `{}`",
                        self.inputs.spec_path, schema.value
                    ),
                    format!(
                        "name the schema a webhook delivers: {}",
                        delivered.join(", ")
                    ),
                )
            };
            self.problem(&schema.at, message, help);
            return None;
        };
        let scope = Scope {
            var: Var::Src,
            schema: Ok(schema.value.clone()),
            parent: Parent::NotAMessage,
            fallible: true,
        };
        let object = self.object(section.object.as_ref()?, &scope);
        Some(EventPlan {
            at: section.at.clone(),
            schema: schema.value.clone(),
            webhook: webhook.name.clone(),
            object,
        })
    }

    /// A section's schema (an object schema of the provider) and operation
    /// (one that returns it, callable with an id alone).
    fn section(&mut self, section: &Section) -> Option<(String, Option<String>)> {
        let schema = section.schema.as_ref()?;
        let sources = self.inputs.sources;
        if !sources.structs.contains_key(&schema.value) {
            let known: Vec<&str> = sources.structs.keys().map(String::as_str).collect();
            self.problem(
                &schema.at,
                format!(
                    "`{}` is not an object schema of {}",
                    schema.value, self.inputs.spec_path
                ),
                format!("use one of: {}", known.join(", ")),
            );
            return None;
        }
        if let Some(operation) = &section.operation {
            self.check_operation(&operation.value, &operation.at, &schema.value);
        }
        Some((
            schema.value.clone(),
            section.operation.as_ref().map(|o| o.value.clone()),
        ))
    }

    /// The operation must return `schema`, and `ConversationsClient` calls
    /// it with an id alone.
    fn check_operation(&mut self, id: &str, at: &str, schema: &str) {
        let Some(op) = self.inputs.operations.iter().find(|op| op.id == id) else {
            let mut known: Vec<&str> = self
                .inputs
                .operations
                .iter()
                .map(|op| op.id.as_str())
                .collect();
            known.sort_unstable();
            self.problem(
                at,
                format!("{} has no operation `{id}`", self.inputs.spec_path),
                format!("use one of its operationIds: {}", known.join(", ")),
            );
            return;
        };
        if op.returns.as_deref() != Some(schema) {
            let returns = op
                .returns
                .as_deref()
                .map_or_else(|| "no schema".to_owned(), |r| format!("`{r}`"));
            self.problem(
                at,
                format!("operation `{id}` returns {returns}, not `{schema}`"),
                "name the operation whose 200 response is this schema",
            );
        } else if op.method != Method::Get
            || op.path_params.len() != 1
            || !op.required_query.is_empty()
        {
            let query = if op.required_query.is_empty() {
                String::new()
            } else {
                format!(
                    " with required query parameters {}",
                    op.required_query.join(", ")
                )
            };
            self.problem(
                at,
                format!(
                    "`conversations::ConversationsClient` calls `{id}` with an id alone, and it is `{} {}`{query}",
                    op.method.as_http(),
                    op.path
                ),
                "name a GET operation with exactly one path parameter (the id) and no required query parameter, or drop `operation`",
            );
        }
    }

    fn object(&mut self, object: &Object, scope: &Scope) -> ObjectPlan {
        let fields = object
            .rows
            .iter()
            .filter_map(|row| {
                let value = self.row(row, scope)?;
                Some(FieldPlan {
                    at: row.at.clone(),
                    name: row.field.name.clone(),
                    dotted: row.dotted.clone(),
                    value,
                })
            })
            .collect();
        ObjectPlan {
            type_name: object.type_name.clone(),
            fields,
        }
    }

    /// A row's value; `None` where it does not check (reported).
    fn row(&mut self, row: &Row, scope: &Scope) -> Option<ValuePlan> {
        let (nullable, base) = row.field.ty.split_nullable();
        Some(match &row.value {
            RowValue::Provider => ValuePlan::Provider,
            RowValue::Raw => ValuePlan::Raw,
            RowValue::Rule(rule) => return self.scalar_row(row, rule, scope),
            RowValue::Object { when, object } => {
                let when = when.as_ref().map(|w| self.when(w, scope));
                let presence = match (when, nullable) {
                    (Some(when), true) => Presence::When(when),
                    (None, true) => Presence::Optional,
                    // `when` on a required object is reported by the syntax.
                    (_, false) => Presence::Required,
                };
                ValuePlan::Object {
                    object: self.object(object, scope),
                    presence,
                }
            }
            RowValue::Null if matches!(base, FieldType::List(_)) => ValuePlan::EmptyList,
            RowValue::Null => ValuePlan::NoObject,
            RowValue::Entries(entries) => {
                let entries = entries
                    .iter()
                    .map(|e| self.entry(e, scope))
                    .collect::<Vec<_>>();
                ValuePlan::Entries(entries.into_iter().collect::<Option<_>>()?)
            }
            RowValue::Addresses(path) => {
                let (source, leaf) = self.check_path(path, scope)?;
                if leaf.required() != &SourceType::Str {
                    self.problem(
                        &path.at,
                        format!(
                            "`split_addresses` reads a string, and `{}` is {}",
                            path.text,
                            leaf.describe()
                        ),
                        "point `from` at a string field",
                    );
                    return None;
                }
                ValuePlan::Addresses(source)
            }
            RowValue::Invalid => return None,
        })
    }

    /// A scalar row: its rule, and how the rule's value fits the field.
    fn scalar_row(&mut self, row: &Row, rule: &syntax::Rule, scope: &Scope) -> Option<ValuePlan> {
        let (nullable, base) = row.field.ty.split_nullable();
        let value = self.scalar(base, rule, scope, !nullable)?;
        let shape = match (value.always(), nullable) {
            (true, true) => Shape::Some,
            (true, false) | (false, true) => Shape::AsIs,
            (false, false) if *base == FieldType::Text && scope.fallible => Shape::Required {
                schema: scope.schema.clone().unwrap_or_default(),
                field: row.dotted.clone(),
            },
            (false, false) => {
                self.problem(
                    &row.at,
                    format!(
                        "this rule can leave `{}` empty, and the model requires a value",
                        row.dotted
                    ),
                    "use a `map:` with `other:`, a `const:`, or `rules:` with `else:`",
                );
                return None;
            }
        };
        Some(ValuePlan::Scalar { value, shape })
    }

    /// One entry of a list of objects.
    fn entry(&mut self, entry: &Entry, scope: &Scope) -> Option<EntryPlan> {
        let (iterate, inner) = match &entry.iterate {
            None => (None, scope.clone()),
            Some(it) => {
                let (source, leaf) = self.check_path(&it.path, scope)?;
                let element = match (leaf.required(), it.each) {
                    (SourceType::Vec(inner), true) => inner.required().clone(),
                    (SourceType::Struct(s), false) => SourceType::Struct(s.clone()),
                    (other, each) => {
                        let (key, want) = if each {
                            ("each", "a list of objects")
                        } else {
                            ("one", "an object")
                        };
                        self.problem(
                            &it.path.at,
                            format!(
                                "`{key}: {path}` needs {want}, and `{path}` is {}",
                                other.describe(),
                                path = it.path.text
                            ),
                            "point it at a field of that kind",
                        );
                        return None;
                    }
                };
                self.variables += 1;
                let var = self.variables;
                let inner = Scope {
                    var: Var::Item(var),
                    schema: match &element {
                        SourceType::Struct(schema) => Ok(schema.clone()),
                        other => Err(other.describe()),
                    },
                    ..scope.clone()
                };
                let iterate = Iterate {
                    each: it.each,
                    source,
                    var,
                    bound: false,
                };
                (Some(iterate), inner)
            }
        };
        let Some(object) = &entry.object else {
            // A message entry: the message section of the element's schema.
            let iterate = iterate?;
            let schema = inner.schema.unwrap_or_else(|free| format!("({free})"));
            let Some(reads_parent) = self.messages.get(&schema).copied() else {
                self.problem(
                    &entry.at,
                    format!("no message mapping reads `{schema}`"),
                    format!("add an entry with `schema: {schema}` under `messages:`"),
                );
                return None;
            };
            return Some(EntryPlan::Messages {
                iterate,
                schema,
                thread: reads_parent.then_some(scope.var),
            });
        };
        let when = entry.when.as_ref().map(|w| self.when(w, &inner));
        let object = self.object(object, &inner);
        let iterate = iterate.map(|it| Iterate {
            bound: object.reads(Var::Item(it.var))
                || when.as_ref().is_some_and(|w| w.reads(Var::Item(it.var))),
            ..it
        });
        Some(EntryPlan::Items {
            iterate,
            when,
            object,
        })
    }

    fn when(&mut self, when: &syntax::When, scope: &Scope) -> When {
        let paths = when
            .paths
            .iter()
            .filter_map(|path| self.check_path(path, scope).map(|(source, _)| source))
            .collect();
        When {
            paths,
            listed: when.listed,
            checks: self.checks(&when.conditions, scope),
        }
    }

    /// Resolves a dotted source path in `scope`: the Rust fields it reads and
    /// the type it ends at. Records the fields it reads.
    fn check_path(&mut self, path: &PathRef, scope: &Scope) -> Option<(SourcePath, SourceType)> {
        let sources = self.inputs.sources;
        let mut schema = scope.schema.clone();
        let mut leaf = SourceType::Struct(String::new());
        let mut steps = Vec::new();
        for (i, segment) in path.segments().enumerate() {
            if i > 0 {
                match leaf.required() {
                    SourceType::Struct(s) => schema = Ok(s.clone()),
                    other => {
                        let walked = path.segments().take(i).collect::<Vec<_>>().join(".");
                        self.problem(
                            &path.at,
                            format!(
                                "`{walked}` is {}, so it has no field `{segment}`",
                                other.describe()
                            ),
                            "only objects have fields",
                        );
                        return None;
                    }
                }
            }
            let schema = match &schema {
                Ok(schema) => schema.clone(),
                Err(what) => {
                    self.problem(
                        &path.at,
                        format!("the value read here is {what}, which has no fields to map"),
                        "map these fields to `null`; the values stay in `raw`",
                    );
                    return None;
                }
            };
            // `list[0]`: the first element of a list field.
            let (name, first) = match segment.strip_suffix("[0]") {
                Some(name) => (name, true),
                None => (segment, false),
            };
            let Some(field) = sources.field(&schema, name) else {
                let known: Vec<&str> = sources
                    .structs
                    .get(&schema)
                    .into_iter()
                    .flatten()
                    .map(|f| f.json.as_str())
                    .collect();
                self.problem(
                    &path.at,
                    format!(
                        "`{schema}` in {} has no field `{name}`",
                        self.inputs.spec_path
                    ),
                    format!("its fields are: {}", known.join(", ")),
                );
                return None;
            };
            self.used.insert((schema, name.to_owned()));
            steps.push(Step {
                field: field.ident.clone(),
                optional: matches!(field.ty, SourceType::Option(_)),
                first,
            });
            leaf = field.ty.clone();
            if first {
                let SourceType::Vec(element) = leaf.required().clone() else {
                    self.problem(
                        &path.at,
                        format!(
                            "`{name}` is {}, so it has no element `[0]`",
                            leaf.describe()
                        ),
                        "`[0]` reads the first element of a list field",
                    );
                    return None;
                };
                leaf = SourceType::Option(element);
            }
        }
        let source = SourcePath {
            text: path.text.clone(),
            root: scope.var,
            steps,
        };
        Some((source, leaf))
    }

    /// The fields of every schema reachable from `roots` that no rule reads,
    /// as `Schema.field`, by schema name.
    fn unused_fields(&self, roots: Vec<String>) -> Vec<String> {
        let structs = &self.inputs.sources.structs;
        let mut seen = BTreeSet::new();
        let mut pending = roots;
        while let Some(schema) = pending.pop() {
            if !seen.insert(schema.clone()) {
                continue;
            }
            for field in structs.get(&schema).into_iter().flatten() {
                let mut ty = &field.ty;
                while let SourceType::Option(inner) | SourceType::Vec(inner) = ty {
                    ty = inner;
                }
                if let SourceType::Struct(s) = ty {
                    pending.push(s.clone());
                }
            }
        }
        let mut unused = Vec::new();
        for schema in &seen {
            for field in structs.get(schema).into_iter().flatten() {
                if !self.used.contains(&(schema.clone(), field.json.clone())) {
                    unused.push(format!("{schema}.{}", field.json));
                }
            }
        }
        unused
    }
}

#[cfg(test)]
mod tests;
