//! The normalized model (`specs/conversations.yaml`): read into plain data
//! ([`read`]), emitted as the `conversations` crate's types ([`emit`]).
//!
//! The model is ours, not a provider's, so it is read with a small, strict
//! reader instead of progenitor: every field is required (a value a provider
//! does not have is `null` or `[]`, never absent), and only the shapes the
//! model needs are accepted. Serialized with serde, the types give exactly the
//! JSON of `shared/design/normalized-model.md`.

pub(crate) mod emit;
mod read;

pub(crate) use read::read;

/// The type of a model field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum FieldType {
    Text,
    Bool,
    Integer,
    /// RFC 3339, UTC.
    DateTime,
    /// Any JSON value (`raw`).
    Json,
    /// One of the model's enums, by name.
    Enum(String),
    /// One of the model's object types, by name.
    Struct(String),
    List(Box<FieldType>),
    /// `null` allowed.
    Nullable(Box<FieldType>),
}

impl FieldType {
    /// Whether `null` is allowed, and the type without `Nullable`.
    pub(crate) fn split_nullable(&self) -> (bool, &FieldType) {
        match self {
            FieldType::Nullable(inner) => (true, inner),
            other => (false, other),
        }
    }

    /// A short name for messages: `text`, `enum `Direction``.
    pub(crate) fn describe(&self) -> String {
        match self {
            FieldType::Text => "text".into(),
            FieldType::Bool => "boolean".into(),
            FieldType::Integer => "integer".into(),
            FieldType::DateTime => "date-time".into(),
            FieldType::Json => "JSON value".into(),
            FieldType::Enum(name) => format!("enum `{name}`"),
            FieldType::Struct(name) => format!("object `{name}`"),
            FieldType::List(inner) => format!("list of {}", inner.describe()),
            FieldType::Nullable(inner) => inner.describe(),
        }
    }
}

/// A field of a model struct.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Field {
    /// The JSON name, which is also the Rust field name.
    pub(crate) name: String,
    pub(crate) ty: FieldType,
    pub(crate) description: Option<String>,
}

/// A type of the model.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum ModelType {
    Struct {
        name: String,
        description: Option<String>,
        fields: Vec<Field>,
    },
    Enum {
        name: String,
        description: Option<String>,
        values: Vec<String>,
    },
}

/// The model: its types in the order the spec lists them.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Model {
    pub(crate) types: Vec<ModelType>,
}

/// The model types the generated conversions produce and the rest of the
/// workspace names: the spec must define them.
pub(crate) const ROOTS: [&str; 4] = ["Thread", "Message", "ConversationEvent", "Provider"];

/// The model fields the generator fills in itself at the top of a `Thread`,
/// `Message` or `ConversationEvent`: the provider, and the payload verbatim.
pub(crate) const AUTOMATIC: [&str; 2] = ["provider", "raw"];

impl Model {
    /// The fields of the struct `name`.
    pub(crate) fn fields(&self, name: &str) -> Option<&[Field]> {
        self.types.iter().find_map(|t| match t {
            ModelType::Struct {
                name: n, fields, ..
            } if n == name => Some(fields.as_slice()),
            _ => None,
        })
    }

    /// The values of the enum `name`.
    pub(crate) fn enum_values(&self, name: &str) -> Option<&[String]> {
        self.types.iter().find_map(|t| match t {
            ModelType::Enum {
                name: n, values, ..
            } if n == name => Some(values.as_slice()),
            _ => None,
        })
    }

    /// The names of the structs, sorted.
    pub(crate) fn struct_names(&self) -> Vec<&str> {
        self.names(|t| matches!(t, ModelType::Struct { .. }))
    }

    /// The names of the enums, sorted.
    pub(crate) fn enum_names(&self) -> Vec<&str> {
        self.names(|t| matches!(t, ModelType::Enum { .. }))
    }

    fn names(&self, kind: impl Fn(&ModelType) -> bool) -> Vec<&str> {
        let mut names: Vec<&str> = self
            .types
            .iter()
            .filter(|t| kind(t))
            .map(|t| match t {
                ModelType::Struct { name, .. } | ModelType::Enum { name, .. } => name.as_str(),
            })
            .collect();
        names.sort_unstable();
        names
    }
}
