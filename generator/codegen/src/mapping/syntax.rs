//! Stage 2 for a mapping file: its YAML, parsed once into typed syntax.
//!
//! A row's form depends on the model field it maps (a scalar takes a rule, an
//! object field its own rows, a list of objects a list of entries), so the
//! parser walks the file and the model's shape together. Every rule kind is a
//! variant of [`RuleKind`], every transform a [`Transform`], and each node
//! keeps the JSON pointer it was written at. Problems of form (unknown keys,
//! a rule that is neither text, `null` nor a mapping, a missing `else`) are
//! reported here, all of them; what a path or value means is
//! [`super::check`]'s business.

use std::fmt;
use std::str::FromStr;

use serde_json::{Map, Value};

use crate::diagnostic::{Problems, child};
use crate::load::Document;
use crate::model::{AUTOMATIC, Field, FieldType, Model};
use operations::OperationsSyntax;

/// A mapping file.
#[derive(Debug, PartialEq)]
pub(crate) struct MappingFile {
    /// `thread:`, how the provider's thread becomes a `Thread`.
    pub(crate) thread: Option<Section>,
    /// `messages:`, one section per provider message schema.
    pub(crate) messages: Vec<Section>,
    /// `event:`, how one event of the provider's webhooks becomes a
    /// `ConversationEvent`.
    pub(crate) event: Option<Section>,
    /// `operations:`, the unified operations as the provider's requests.
    pub(crate) operations: OperationsSyntax,
}

/// A section: which provider schema feeds a model type, and its rows.
#[derive(Debug, PartialEq)]
pub(crate) struct Section {
    pub(crate) at: String,
    /// `schema:`, a component of the provider spec.
    pub(crate) schema: Option<Located<String>>,
    /// `operation:`, the operationId that returns it on its own.
    pub(crate) operation: Option<Located<String>>,
    /// `fields:`, one row per model field.
    pub(crate) object: Option<Object>,
}

/// A value and where it was written.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Located<T> {
    pub(crate) value: T,
    pub(crate) at: String,
}

/// The rows that build one model object.
#[derive(Debug, PartialEq)]
pub(crate) struct Object {
    /// The model type, e.g. `Channel`.
    pub(crate) type_name: String,
    pub(crate) at: String,
    /// The object's dotted place in its root type (`channel`), empty at the
    /// root; rows extend it (`channel.kind`).
    pub(crate) prefix: String,
    /// One per model field that has a row, in the model's order.
    pub(crate) rows: Vec<Row>,
}

/// One row: a model field and where its value comes from.
#[derive(Debug, PartialEq)]
pub(crate) struct Row {
    pub(crate) field: Field,
    /// `channel.kind`.
    pub(crate) dotted: String,
    pub(crate) at: String,
    pub(crate) value: RowValue,
}

/// What a row says, by the kind of model field.
#[derive(Debug, PartialEq)]
pub(crate) enum RowValue {
    /// `provider` at the root: filled in by the generator.
    Provider,
    /// `raw` at the root: the payload, filled in by the generator.
    Raw,
    /// A text, boolean, integer, date-time, enum or JSON field: a rule.
    Rule(Rule),
    /// An object field mapped field by field, optionally only `when` a
    /// source field is present.
    Object { when: Option<When>, object: Object },
    /// `null` for an optional object or a list: none, or empty.
    Null,
    /// A list of objects: its entries.
    Entries(Vec<Entry>),
    /// A list of addresses: `{ from: f, transform: split_addresses }`.
    Addresses(PathRef),
    /// Of the wrong form; reported.
    Invalid,
}

/// A rule for a scalar model field.
#[derive(Debug, PartialEq)]
pub(crate) struct Rule {
    pub(crate) at: String,
    pub(crate) kind: RuleKind,
}

/// The forms of `specs/mappings/README.md`, one variant each.
#[derive(Debug, PartialEq)]
pub(crate) enum RuleKind {
    /// `null`: the provider does not have it.
    Null,
    /// `field`, or `{ from: field }`: copy it.
    Copy(PathRef),
    /// `{ const: v }`.
    Const(Located<Literal>),
    /// `{ from: f, map: { a: x }, other: y }`.
    Map {
        from: PathRef,
        map: Located<Vec<(String, Located<Literal>)>>,
        other: Option<Located<Literal>>,
    },
    /// `{ from: f, equals: v }`.
    Equals {
        from: PathRef,
        value: Located<Literal>,
    },
    /// `{ from: f, transform: t }`.
    Transform {
        from: PathRef,
        transform: Located<Transform>,
    },
    /// `{ rules: [ { if: c, then: v } ], else: v }`.
    Rules {
        branches: Vec<Branch>,
        otherwise: Option<Located<Literal>>,
    },
    /// `{ first_of: [rule, …] }`.
    FirstOf(Vec<Rule>),
    /// `{ join: [f, g] }`.
    Join(Vec<PathRef>),
    /// `{ parent: f }`: a field of the thread a message is embedded in.
    Parent(PathRef),
    /// Of the wrong form; reported.
    Invalid,
}

/// A dotted source path as written, e.g. `last_message.subject`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct PathRef {
    pub(crate) text: String,
    pub(crate) at: String,
}

impl PathRef {
    pub(crate) fn segments(&self) -> impl Iterator<Item = &str> {
        self.text.split('.')
    }
}

/// A constant of a mapping file.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Literal {
    Text(String),
    Bool(bool),
    Integer(i64),
    /// `null`.
    Null,
    /// Anything else, as JSON text: a fraction, a list, a mapping.
    Other(String),
}

impl Literal {
    fn of(value: &Value) -> Self {
        match value {
            Value::String(text) => Literal::Text(text.clone()),
            Value::Bool(b) => Literal::Bool(*b),
            Value::Number(n) if n.is_i64() => Literal::Integer(n.as_i64().unwrap_or_default()),
            Value::Null => Literal::Null,
            other => Literal::Other(other.to_string()),
        }
    }

    /// The text, where the literal is text.
    pub(crate) fn as_text(&self) -> Option<&str> {
        match self {
            Literal::Text(text) => Some(text),
            _ => None,
        }
    }
}

impl fmt::Display for Literal {
    /// As JSON: `"open"`, `true`, `3`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Literal::Text(text) => write!(f, "{}", Value::String(text.clone())),
            Literal::Bool(b) => write!(f, "{b}"),
            Literal::Integer(n) => write!(f, "{n}"),
            Literal::Null => f.write_str("null"),
            Literal::Other(json) => f.write_str(json),
        }
    }
}

/// One `{ if: …, then: … }` of `rules`.
#[derive(Debug, PartialEq)]
pub(crate) struct Branch {
    pub(crate) at: String,
    pub(crate) conditions: Vec<Condition>,
    pub(crate) then: Located<Literal>,
}

/// One condition of an `if`; all of them must hold.
#[derive(Debug, PartialEq)]
pub(crate) enum Condition {
    /// `present: f`.
    Present(PathRef),
    /// `f: v`: the field has the value `v`.
    Equals {
        path: PathRef,
        value: Located<Literal>,
    },
    /// `f: { starts_with: p }`: the text field begins with `p`.
    StartsWith {
        path: PathRef,
        prefix: Located<Literal>,
    },
    /// `f: { not: v }`: the field does not have the value `v` (an absent
    /// field has none).
    NotEquals {
        path: PathRef,
        value: Located<Literal>,
    },
}

/// The named transforms a rule may apply (`transform: <name>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Transform {
    /// RFC 3339 text → date-time.
    Timestamp,
    /// Number, boolean or JSON → text.
    ToString,
    /// Number → integer.
    ToInteger,
    /// `"a@x, b@y"` → a list of addresses.
    SplitAddresses,
    /// Milliseconds since the Unix epoch → date-time.
    EpochMillis,
}

impl Transform {
    pub(crate) const ALL: [Transform; 5] = [
        Transform::Timestamp,
        Transform::ToString,
        Transform::ToInteger,
        Transform::SplitAddresses,
        Transform::EpochMillis,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Transform::Timestamp => "timestamp",
            Transform::ToString => "to_string",
            Transform::ToInteger => "to_integer",
            Transform::SplitAddresses => "split_addresses",
            Transform::EpochMillis => "epoch_millis",
        }
    }
}

impl FromStr for Transform {
    /// Every accepted name, for the message.
    type Err = String;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|t| t.name() == name)
            .ok_or_else(|| {
                format!(
                    "the transforms are: {}",
                    Self::ALL.map(Transform::name).join(", ")
                )
            })
    }
}

/// One entry of a list of objects.
#[derive(Debug, PartialEq)]
pub(crate) struct Entry {
    pub(crate) at: String,
    /// `each: f` or `one: f`: where the items come from.
    pub(crate) iterate: Option<Iterate>,
    pub(crate) when: Option<When>,
    /// The item's rows; `None` for a message entry, which a `messages:`
    /// section maps.
    pub(crate) object: Option<Object>,
}

/// `each: f` (one item per element of a list) or `one: f` (an object field).
#[derive(Debug, PartialEq)]
pub(crate) struct Iterate {
    pub(crate) each: bool,
    pub(crate) path: PathRef,
}

/// `when: f` or `when: [f, g]`: present when any of the fields is; or
/// `when: { <conditions> }`: present when all of them hold, written as the
/// `if` of a rule.
#[derive(Debug, PartialEq)]
pub(crate) struct When {
    pub(crate) paths: Vec<PathRef>,
    /// Written as a list.
    pub(crate) listed: bool,
    /// The conditions of the mapping form (then `paths` is empty).
    pub(crate) conditions: Vec<Condition>,
}

/// Every key a rule can have, in the forms of `specs/mappings/README.md`.
const RULE_KEYS: [&str; 11] = [
    "from",
    "map",
    "other",
    "equals",
    "transform",
    "const",
    "rules",
    "else",
    "first_of",
    "join",
    "parent",
];

/// Parses the mapping file of `provider` against `model`.
pub(crate) fn parse(
    file: &Document<'_>,
    provider: &str,
    model: &Model,
    problems: &mut Problems,
) -> MappingFile {
    let mut parser = Parser {
        file,
        model,
        problems,
    };
    parser.file(provider)
}

struct Parser<'a, 'p> {
    file: &'a Document<'a>,
    model: &'a Model,
    problems: &'p mut Problems,
}

impl Parser<'_, '_> {
    fn problem(&mut self, at: &str, message: impl Into<String>, help: impl Into<String>) {
        self.problems.push(self.file.error(at, message, help));
    }

    /// Reports every key of `map` that is not in `allowed`.
    fn check_keys(&mut self, map: &Map<String, Value>, at: &str, allowed: &[&str]) {
        self.problems
            .extend(self.file.unknown_keys(map.keys(), at, allowed));
    }

    fn file(&mut self, provider: &str) -> MappingFile {
        let value = &self.file.value;
        let root = value.as_object().cloned().unwrap_or_else(|| {
            self.problem(
                "",
                "a mapping file is a YAML mapping with `provider`, `thread` and `messages`",
                "start from one of the existing files in specs/mappings/",
            );
            Map::new()
        });
        self.check_keys(
            &root,
            "",
            &["provider", "thread", "messages", "event", "operations"],
        );
        match root.get("provider") {
            Some(Value::String(name)) if name == provider => {}
            Some(Value::String(name)) => self.problem(
                "/provider",
                format!(
                    "`provider: {name}` does not match the file name, which names `{provider}`"
                ),
                format!("set `provider: {provider}`, or rename the file"),
            ),
            Some(_) => self.problem(
                "/provider",
                "`provider` must be the provider's name, as text",
                format!("write `provider: {provider}`"),
            ),
            None => self.problem(
                "",
                "the mapping names no `provider`",
                format!("add `provider: {provider}` at the top"),
            ),
        }
        let messages = match root.get("messages") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(sections)) => sections
                .iter()
                .enumerate()
                .filter_map(|(i, s)| self.section(s, &format!("/messages/{i}"), "Message"))
                .collect(),
            Some(_) => {
                self.problem(
                    "/messages",
                    "`messages` is a list of sections, one per provider schema",
                    "write each section as a list entry: `- schema: …` with its `fields:`",
                );
                Vec::new()
            }
        };
        let thread = root
            .get("thread")
            .and_then(|s| self.section(s, "/thread", "Thread"));
        let event = root
            .get("event")
            .and_then(|s| self.section(s, "/event", "ConversationEvent"));
        let operations = self.operations(root.get("operations"));
        MappingFile {
            thread,
            messages,
            event,
            operations,
        }
    }

    fn section(&mut self, node: &Value, at: &str, type_name: &str) -> Option<Section> {
        let Some(map) = node.as_object() else {
            self.problem(
                at,
                "a section is a mapping with `schema`, `operation` and `fields`",
                "see specs/mappings/README.md",
            );
            return None;
        };
        self.check_keys(map, at, &["schema", "operation", "fields"]);
        let text = |key: &str| {
            map.get(key).and_then(Value::as_str).map(|value| Located {
                value: value.to_owned(),
                at: child(at, key),
            })
        };
        let (schema, operation) = (text("schema"), text("operation"));
        if schema.is_none() {
            self.problem(
                at,
                "the section names no `schema`",
                "add `schema: <a component of the provider spec>`",
            );
        }
        let object = match map.get("fields").and_then(Value::as_object) {
            Some(fields) => Some(self.object(type_name, fields, &format!("{at}/fields"), "")),
            None if schema.is_none() => None,
            None => {
                self.problem(
                    at,
                    "the section has no `fields`",
                    "add `fields:` with one entry per model field",
                );
                None
            }
        };
        Some(Section {
            at: at.to_owned(),
            schema,
            operation,
            object,
        })
    }

    /// The rows of the model object `type_name` from `entries` (at `at`).
    fn object(
        &mut self,
        type_name: &str,
        entries: &Map<String, Value>,
        at: &str,
        prefix: &str,
    ) -> Object {
        let fields = self
            .model
            .fields(type_name)
            .map(<[_]>::to_vec)
            .unwrap_or_default();
        let automatic: &[&str] = if prefix.is_empty() { &AUTOMATIC } else { &[] };
        for key in entries.keys() {
            let key_at = child(at, key);
            if ["when", "each", "one"].contains(&key.as_str()) {
                self.problem(
                    &key_at,
                    format!("`{key}` has no effect here"),
                    "`when` goes on an optional object (such as `assignee`) or a list entry; \
                     `each` and `one` go on list entries only",
                );
            } else if automatic.contains(&key.as_str()) {
                self.problem(
                    &key_at,
                    format!("`{key}` is filled in by the generator and cannot be mapped"),
                    format!("remove `{key}`: `provider` is the mapping's provider and `raw` the payload itself"),
                );
            } else if !fields.iter().any(|f| &f.name == key) {
                let known: Vec<String> = fields.iter().map(|f| format!("`{}`", f.name)).collect();
                self.problem(
                    &key_at,
                    format!("`{type_name}` has no field `{key}`"),
                    format!("the fields of `{type_name}` are: {}", known.join(", ")),
                );
            }
        }
        let mut rows = Vec::new();
        for field in fields {
            let dotted = if prefix.is_empty() {
                field.name.clone()
            } else {
                format!("{prefix}.{}", field.name)
            };
            let row_at = child(at, &field.name);
            let value = if automatic.contains(&field.name.as_str()) {
                if field.name == "provider" {
                    RowValue::Provider
                } else {
                    RowValue::Raw
                }
            } else if let Some(node) = entries.get(&field.name) {
                self.row(&field.ty, node, &row_at, &dotted)
            } else {
                let hint = match &field.ty {
                    FieldType::Nullable(_) | FieldType::List(_) => {
                        format!(
                            "add `{}: null` if the provider does not have it",
                            field.name
                        )
                    }
                    _ => format!("add `{}:` with a source field or a `const:`", field.name),
                };
                self.problem(
                    at,
                    format!("model field `{type_name}.{}` is not mapped", field.name),
                    hint,
                );
                continue;
            };
            rows.push(Row {
                field,
                dotted,
                at: row_at,
                value,
            });
        }
        Object {
            type_name: type_name.to_owned(),
            at: at.to_owned(),
            prefix: prefix.to_owned(),
            rows,
        }
    }

    /// A row of a field of type `ty`.
    fn row(&mut self, ty: &FieldType, node: &Value, at: &str, dotted: &str) -> RowValue {
        let (nullable, base) = ty.split_nullable();
        match base {
            FieldType::Struct(name) => self.object_row(name, nullable, node, at, dotted),
            FieldType::List(inner) => self.list_row(inner, node, at, dotted),
            _ if node.is_null() && !nullable => {
                self.problem(
                    at,
                    format!("`{dotted}` is required by the model: it cannot be `null`"),
                    "map it from a field of the provider, or give a `const:`",
                );
                RowValue::Invalid
            }
            _ => RowValue::Rule(self.rule(node, at)),
        }
    }

    fn object_row(
        &mut self,
        name: &str,
        nullable: bool,
        node: &Value,
        at: &str,
        dotted: &str,
    ) -> RowValue {
        match node {
            Value::Null if nullable => RowValue::Null,
            Value::Object(entries) => {
                let when = entries
                    .get("when")
                    .map(|w| self.when(w, &format!("{at}/when")));
                if when.is_some() && !nullable {
                    self.problem(
                        &format!("{at}/when"),
                        format!(
                            "`{dotted}` is required by the model, so it cannot depend on `when`"
                        ),
                        "remove `when`",
                    );
                }
                let mut fields = entries.clone();
                fields.remove("when");
                let object = self.object(name, &fields, at, dotted);
                RowValue::Object { when, object }
            }
            _ => {
                let null = if nullable { " (or `null`)" } else { "" };
                self.problem(
                    at,
                    format!("`{dotted}` is an object of the model (`{name}`): map its fields one by one{null}"),
                    format!("write `{dotted}:` followed by one indented line per field of `{name}`"),
                );
                RowValue::Invalid
            }
        }
    }

    fn list_row(&mut self, item: &FieldType, node: &Value, at: &str, dotted: &str) -> RowValue {
        if node.is_null() {
            return RowValue::Null;
        }
        match item {
            FieldType::Text => self.addresses(node, at, dotted),
            FieldType::Struct(name) => {
                let Some(entries) = node.as_array() else {
                    self.problem(
                        at,
                        format!("`{dotted}` is a list of `{name}`: give a list of entries (or `null`)"),
                        "write each entry as `- ` followed by its fields, optionally with `each: <list field>` or `when: <field>`",
                    );
                    return RowValue::Invalid;
                };
                let entries = entries
                    .iter()
                    .enumerate()
                    .filter_map(|(i, entry)| self.entry(name, entry, &format!("{at}/{i}"), dotted))
                    .collect();
                RowValue::Entries(entries)
            }
            other => {
                self.problem(
                    at,
                    format!("lists of {other:?} are not supported in the model"),
                    "check specs/conversations.yaml",
                );
                RowValue::Invalid
            }
        }
    }

    /// A list of addresses: only `{ from: f, transform: split_addresses }`.
    fn addresses(&mut self, node: &Value, at: &str, dotted: &str) -> RowValue {
        let from = node.get("from").and_then(Value::as_str);
        let transform = node.get("transform").and_then(Value::as_str);
        match (from, transform, node.as_object()) {
            (Some(path), Some("split_addresses"), Some(map)) => {
                self.check_keys(map, at, &["from", "transform"]);
                RowValue::Addresses(PathRef {
                    text: path.to_owned(),
                    at: format!("{at}/from"),
                })
            }
            _ => {
                self.problem(
                    at,
                    format!("`{dotted}` is a list of addresses: map it with `{{ from: <field>, transform: split_addresses }}`, or `null`"),
                    "see specs/mappings/README.md",
                );
                RowValue::Invalid
            }
        }
    }

    /// One entry of a list of `name`s.
    fn entry(&mut self, name: &str, node: &Value, at: &str, dotted: &str) -> Option<Entry> {
        let Some(entries) = node.as_object() else {
            self.problem(
                at,
                "a list entry is a mapping",
                "write the entry's fields under `- `",
            );
            return None;
        };
        let path = |key: &str| {
            entries
                .get(key)
                .and_then(Value::as_str)
                .map(|text| PathRef {
                    text: text.to_owned(),
                    at: format!("{at}/{key}"),
                })
        };
        let (each, one) = (path("each"), path("one"));
        if each.is_some() && one.is_some() {
            self.problem(
                at,
                "an entry has both `each` and `one`",
                "use `each` for a list field, `one` for a single object field",
            );
        }
        let iterate = match (each, one) {
            (Some(path), _) => Some(Iterate { each: true, path }),
            (None, Some(path)) => Some(Iterate { each: false, path }),
            (None, None) => None,
        };
        // A message: the message mapping of the element's schema does the work.
        if name == "Message" {
            if let Some(key) = entries
                .keys()
                .find(|k| !["each", "one"].contains(&k.as_str()))
            {
                self.problem(
                    &child(at, key),
                    "a message entry only says where the messages are: `each:` or `one:`",
                    "map the message's fields in the `messages:` section of this file, under the element's schema",
                );
            }
            if iterate.is_none() {
                self.problem(
                    at,
                    "a message entry needs `each: <list field>` or `one: <object field>`",
                    "e.g. `- each: messages`",
                );
                return None;
            }
            return Some(Entry {
                at: at.to_owned(),
                iterate,
                when: None,
                object: None,
            });
        }
        let when = entries
            .get("when")
            .map(|w| self.when(w, &format!("{at}/when")));
        let mut fields = entries.clone();
        for key in ["each", "one", "when"] {
            fields.remove(key);
        }
        let object = Some(self.object(name, &fields, at, dotted));
        Some(Entry {
            at: at.to_owned(),
            iterate,
            when,
            object,
        })
    }

    /// `when: field`, `when: [a, b]` or `when: { <conditions> }`.
    fn when(&mut self, node: &Value, at: &str) -> When {
        if let Value::Object(conditions) = node {
            if conditions.is_empty() {
                self.problem(
                    at,
                    "`when: {}` has no condition, so the object would never be there",
                    "give the conditions that must hold, e.g. `when: { propertyName: assignedTo }`, or map it `null`",
                );
            }
            let conditions = self.conditions(conditions, at);
            return When {
                paths: Vec::new(),
                listed: false,
                conditions,
            };
        }
        let paths = match node {
            Value::String(text) => vec![PathRef {
                text: text.clone(),
                at: at.to_owned(),
            }],
            Value::Array(list) => list
                .iter()
                .enumerate()
                .filter_map(|(i, p)| {
                    p.as_str().map(|text| PathRef {
                        text: text.to_owned(),
                        at: format!("{at}/{i}"),
                    })
                })
                .collect(),
            _ => {
                self.problem(
                    at,
                    "`when` takes a field, a list of fields (any present), or conditions (all hold)",
                    "e.g. `when: contact_id`, or `when: { propertyName: assignedTo }`",
                );
                Vec::new()
            }
        };
        When {
            paths,
            listed: node.is_array(),
            conditions: Vec::new(),
        }
    }
}

pub(crate) mod operations;
mod rules;
#[cfg(test)]
mod tests;
