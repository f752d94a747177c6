//! The plan of one provider's mapping: what the checked mapping file says,
//! as plain data. Every source path is resolved to the Rust fields it reads,
//! every constant to its model type, every conversion chosen; emitting code
//! ([`super::emit`]) and rendering the matrix ([`super::matrix`]) read only
//! this.

use super::operations::OperationsPlan;
use super::syntax::Transform;

/// How a provider's payloads become the model's `Thread` and `Message`s.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct MappingPlan {
    pub(crate) thread: Option<ThreadPlan>,
    /// In the mapping file's order.
    pub(crate) messages: Vec<MessagePlan>,
    /// How an event of the provider's webhooks becomes a `ConversationEvent`.
    pub(crate) event: Option<EventPlan>,
    /// Provider fields no rule reads, as `Schema.field`.
    pub(crate) unused: Vec<String>,
    /// `operations:`, the unified client's operations beyond `get_thread`
    /// and `get_message`.
    pub(crate) operations: OperationsPlan,
}

/// The thread section.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ThreadPlan {
    /// Where the section is in the mapping file: `/thread`.
    pub(crate) at: String,
    /// The provider schema, e.g. `Thread`.
    pub(crate) schema: String,
    /// The operation that returns it, by operationId.
    pub(crate) operation: Option<String>,
    pub(crate) object: ObjectPlan,
}

impl ThreadPlan {
    /// The thread maps every message of a list it carries (`each:`), so
    /// the thread as fetched has them all.
    pub(crate) fn embeds_messages(&self) -> bool {
        fn object(plan: &ObjectPlan) -> bool {
            plan.fields.iter().any(|field| match &field.value {
                ValuePlan::Object { object: inner, .. } => object(inner),
                ValuePlan::Entries(entries) => entries.iter().any(
                    |entry| matches!(entry, EntryPlan::Messages { iterate, .. } if iterate.each),
                ),
                _ => false,
            })
        }
        object(&self.object)
    }

    /// The enum maps of the thread's fields, by dotted model field
    /// (`status`, `assignee.kind`): (provider value, model value) pairs.
    pub(crate) fn enum_maps(&self) -> Vec<(String, Vec<(String, String)>)> {
        fn object(plan: &ObjectPlan, found: &mut Vec<(String, Vec<(String, String)>)>) {
            for field in &plan.fields {
                match &field.value {
                    ValuePlan::Object { object: inner, .. } => object(inner, found),
                    ValuePlan::Scalar {
                        value: Scalar::Map { arms, .. },
                        ..
                    } => found.push((
                        field.dotted.clone(),
                        arms.iter()
                            .map(|(native, model)| (native.clone(), model.value.clone()))
                            .collect(),
                    )),
                    _ => {}
                }
            }
        }
        let mut found = Vec::new();
        object(&self.object, &mut found);
        found
    }
}

/// A message section.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct MessagePlan {
    /// Where the section is in the mapping file: `/messages/0`.
    pub(crate) at: String,
    pub(crate) schema: String,
    pub(crate) operation: Option<String>,
    /// The thread schema, where the mapping reads `parent:` fields: it then
    /// maps only messages embedded in a thread, and takes the thread.
    pub(crate) parent: Option<String>,
    pub(crate) object: ObjectPlan,
}

/// The event section.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct EventPlan {
    /// Where the section is in the mapping file: `/event`.
    pub(crate) at: String,
    /// The provider schema of one event, e.g. `WebhookEvent`.
    pub(crate) schema: String,
    /// The webhook (its name under `x-webhooks`) whose deliveries carry it.
    pub(crate) webhook: String,
    pub(crate) object: ObjectPlan,
}

impl MappingPlan {
    /// [`MappingPlan::unused`] as one line: `A.b, C.d`, or `none`; each in
    /// backticks with `code`.
    pub(crate) fn unused_list(&self, code: bool) -> String {
        if self.unused.is_empty() {
            return "none".to_owned();
        }
        let quote = if code { "`" } else { "" };
        let fields: Vec<String> = self
            .unused
            .iter()
            .map(|f| format!("{quote}{f}{quote}"))
            .collect();
        fields.join(", ")
    }

    /// The message sections usable on their own (no `parent:` rule).
    pub(crate) fn standalone_messages(&self) -> impl Iterator<Item = &MessagePlan> {
        self.messages.iter().filter(|m| m.parent.is_none())
    }
}

/// A model object: its type and one value per field, in the model's order.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ObjectPlan {
    pub(crate) type_name: String,
    pub(crate) fields: Vec<FieldPlan>,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct FieldPlan {
    /// Where its row is in the mapping file: `/thread/fields/channel/kind`.
    pub(crate) at: String,
    /// The model field, e.g. `kind`.
    pub(crate) name: String,
    /// Its place in the root type, e.g. `channel.kind`.
    pub(crate) dotted: String,
    pub(crate) value: ValuePlan,
}

/// Where a model field's value comes from.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum ValuePlan {
    /// The mapping's provider.
    Provider,
    /// The payload verbatim.
    Raw,
    /// A scalar, and how it fits the field.
    Scalar { value: Scalar, shape: Shape },
    /// An object of the model.
    Object {
        object: ObjectPlan,
        presence: Presence,
    },
    /// An optional object the provider does not have.
    NoObject,
    /// A list the provider does not have: empty.
    EmptyList,
    /// A list of addresses, split from one text.
    Addresses(SourcePath),
    /// A list of objects, from its entries in order.
    Entries(Vec<EntryPlan>),
}

/// How a scalar value fits its field.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Shape {
    /// The value's type is the field's.
    AsIs,
    /// Always a value, into a nullable field.
    Some,
    /// Maybe a value, into a field that requires one: missing is
    /// `MappingError::Missing` naming the provider schema and the field.
    Required { schema: String, field: String },
}

/// Whether an object field is present.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Presence {
    /// The model requires it.
    Required,
    /// Optional, always present.
    Optional,
    /// Optional, present when any of these source fields is.
    When(When),
}

/// `when: f` or `when: [f, g]` (any present), or `when: { … }` (all
/// `checks` hold; `paths` is then empty).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct When {
    pub(crate) paths: Vec<SourcePath>,
    /// Written as a list.
    pub(crate) listed: bool,
    pub(crate) checks: Vec<Check>,
}

/// A scalar value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Scalar {
    /// The provider does not have it.
    None,
    /// A source field, converted (and named by its transform, if any).
    Convert {
        source: SourcePath,
        conversion: Conversion,
        transform: Option<Transform>,
    },
    Const(Constant),
    /// Provider values onto model values; `total`: any other value (or none)
    /// is `other`, so there is always a value.
    Map {
        source: SourcePath,
        arms: Vec<(String, EnumValue)>,
        other: EnumValue,
        total: bool,
    },
    /// True when the source field has this text.
    Equals {
        source: SourcePath,
        value: String,
    },
    /// The first branch whose checks all hold, else `otherwise` (`None`:
    /// `else: null`, for a nullable field).
    Rules {
        branches: Vec<Branch>,
        otherwise: Option<Constant>,
    },
    /// The first option with a value.
    FirstOf(Vec<Scalar>),
    /// The present, non-blank texts joined by a space.
    Join(Vec<SourcePath>),
}

impl Scalar {
    /// Whether the value is always there (not an `Option`).
    pub(crate) fn always(&self) -> bool {
        match self {
            Scalar::Const(_) => true,
            Scalar::Rules { otherwise, .. } => otherwise.is_some(),
            Scalar::Map { total, .. } => *total,
            _ => false,
        }
    }
}

/// How a source value becomes the model's.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Conversion {
    /// Text as it is.
    Clone,
    /// An enum's text.
    EnumText,
    /// A boolean or an integer as it is.
    Copied,
    /// RFC 3339 text, parsed.
    Timestamp,
    /// A number or boolean as text.
    Display,
    /// Any JSON value as text.
    JsonText,
    /// A newtype around a JSON value, as text.
    NewtypeJsonText,
    /// A number, when whole.
    Integer,
    /// Milliseconds since the Unix epoch, as a date-time.
    EpochMillis,
}

/// A constant of the model's type.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Constant {
    Text(String),
    Bool(bool),
    Integer(i64),
    Enum(EnumValue),
}

/// A value of a model enum.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct EnumValue {
    /// The enum, e.g. `ThreadStatus`.
    pub(crate) ty: String,
    /// The value as JSON writes it, e.g. `not_loaded`.
    pub(crate) value: String,
}

/// One `if … then …` of `rules`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Branch {
    pub(crate) checks: Vec<Check>,
    pub(crate) then: Constant,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Check {
    /// The field is present.
    Present(SourcePath),
    /// The field has this text.
    Equals(SourcePath, String),
    /// The text field begins with this text.
    StartsWith(SourcePath, String),
    /// The field does not have this text (or is absent).
    NotEquals(SourcePath, String),
}

impl Check {
    /// The field it reads.
    pub(crate) fn source(&self) -> &SourcePath {
        match self {
            Check::Present(source)
            | Check::Equals(source, _)
            | Check::StartsWith(source, _)
            | Check::NotEquals(source, _) => source,
        }
    }
}

/// One entry of a list of model objects.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum EntryPlan {
    /// Items built from rows: one, or one per element of `iterate`.
    Items {
        iterate: Option<Iterate>,
        when: Option<When>,
        object: ObjectPlan,
    },
    /// Messages, each mapped by the message section of `schema`.
    Messages {
        iterate: Iterate,
        schema: String,
        /// The thread to pass, where that section reads `parent:` fields.
        thread: Option<Var>,
    },
}

/// `each: f` (one item per element of a list) or `one: f` (the object `f`,
/// when present), bound to the item variable `var`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Iterate {
    pub(crate) each: bool,
    pub(crate) source: SourcePath,
    pub(crate) var: usize,
    /// Some row or condition of the entry reads the element: bind `var`
    /// (otherwise an item is still made per element, and `_` binds it).
    pub(crate) bound: bool,
}

/// A source field as a chain of Rust field accesses from a variable.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SourcePath {
    /// The dotted JSON path as written, e.g. `last_message.subject`.
    pub(crate) text: String,
    pub(crate) root: Var,
    pub(crate) steps: Vec<Step>,
}

impl ObjectPlan {
    /// Whether some row reads from `var`, nested objects and entries
    /// included.
    pub(crate) fn reads(&self, var: Var) -> bool {
        self.source_paths().iter().any(|p| p.root == var)
    }

    /// Every source path its rows read, nested objects and entries
    /// included, once per read.
    pub(crate) fn source_paths(&self) -> Vec<&SourcePath> {
        let mut paths = Vec::new();
        collect_paths(self, &mut paths);
        paths
    }
}

impl When {
    /// Whether a field of the condition is read from `var`.
    pub(crate) fn reads(&self, var: Var) -> bool {
        self.sources().any(|p| p.root == var)
    }

    /// Every field the condition reads.
    pub(crate) fn sources(&self) -> impl Iterator<Item = &SourcePath> {
        self.paths
            .iter()
            .chain(self.checks.iter().map(Check::source))
    }
}

/// Every source path an object's rows read, nested objects and entries
/// included.
fn collect_paths<'p>(object: &'p ObjectPlan, paths: &mut Vec<&'p SourcePath>) {
    for field in &object.fields {
        match &field.value {
            ValuePlan::Scalar { value, .. } => scalar_paths(value, paths),
            ValuePlan::Object { object, presence } => {
                if let Presence::When(when) = presence {
                    paths.extend(when.sources());
                }
                collect_paths(object, paths);
            }
            ValuePlan::Addresses(source) => paths.push(source),
            ValuePlan::Entries(entries) => {
                for entry in entries {
                    match entry {
                        EntryPlan::Items {
                            iterate,
                            when,
                            object,
                        } => {
                            paths.extend(iterate.iter().map(|i| &i.source));
                            paths.extend(when.iter().flat_map(When::sources));
                            collect_paths(object, paths);
                        }
                        EntryPlan::Messages { iterate, .. } => paths.push(&iterate.source),
                    }
                }
            }
            ValuePlan::Provider | ValuePlan::Raw | ValuePlan::NoObject | ValuePlan::EmptyList => {}
        }
    }
}

fn scalar_paths<'p>(value: &'p Scalar, paths: &mut Vec<&'p SourcePath>) {
    match value {
        Scalar::Convert { source, .. }
        | Scalar::Map { source, .. }
        | Scalar::Equals { source, .. } => {
            paths.push(source);
        }
        Scalar::Rules { branches, .. } => {
            paths.extend(branches.iter().flat_map(|b| &b.checks).map(Check::source));
        }
        Scalar::FirstOf(options) => options.iter().for_each(|o| scalar_paths(o, paths)),
        Scalar::Join(sources) => paths.extend(sources.iter()),
        Scalar::None | Scalar::Const(_) => {}
    }
}

impl SourcePath {
    /// The JSON names along the path, e.g. `["last_message", "subject"]`:
    /// where its value sits in the payload's text.
    pub(crate) fn json_segments(&self) -> impl Iterator<Item = &str> {
        self.text.split('.')
    }

    /// Whether `other` reads the same value, a part of it or a value it is
    /// part of: the same variable, and one path's fields begin the other's.
    pub(crate) fn overlaps(&self, other: &SourcePath) -> bool {
        self.root == other.root
            && self
                .steps
                .iter()
                .zip(&other.steps)
                .all(|(a, b)| a.field == b.field)
    }

    /// Whether some field on the way is optional: then the path can be
    /// absent.
    pub(crate) fn can_be_absent(&self) -> bool {
        self.steps.iter().any(|s| s.optional)
    }
}

/// What a source path starts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Var {
    /// The value being mapped (`src`).
    Src,
    /// The thread a message is embedded in (`parent`).
    Parent,
    /// The element of an `each` or `one` (`item<N>`).
    Item(usize),
}

/// One field access.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Step {
    /// The Rust field, as typify named it.
    pub(crate) field: String,
    /// The field is an `Option`.
    pub(crate) optional: bool,
    /// `field[0]`: the list's first element, if it has one.
    pub(crate) first: bool,
}
