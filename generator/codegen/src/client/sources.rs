//! What a generated client crate offers as mapping sources: the fields of its
//! types, with their JSON names and Rust types. They are what typify decided,
//! asked of [`Decided`], so that the mapping code names exactly what typify
//! generated (`type` → `type_`, optional → `Option`, …) without repeating
//! typify's naming rules here.

use std::collections::{BTreeMap, BTreeSet};

use crate::client::decided::Decided;
use crate::client::plan::StringEnum;

/// The Rust type of a source field, as far as mappings care.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum SourceType {
    Option(Box<SourceType>),
    Vec(Box<SourceType>),
    Str,
    Int,
    Float,
    Bool,
    /// `serde_json::Value` or `serde_json::Map`.
    Json,
    /// One of our forward-compatible string enums (has `as_str()`).
    Enum(String),
    /// A newtype around `serde_json::Value` (a type the docs never define).
    Newtype(String),
    /// A struct of the same crate.
    Struct(String),
    /// Anything else (left out of mappings).
    Other(String),
}

impl SourceType {
    /// The type without `Option`.
    pub(crate) fn required(&self) -> &SourceType {
        match self {
            SourceType::Option(inner) => inner.required(),
            other => other,
        }
    }

    /// A short name for messages: `string`, `integer`, `Message`, `list of …`.
    pub(crate) fn describe(&self) -> String {
        match self {
            SourceType::Option(inner) => inner.describe(),
            SourceType::Vec(inner) => format!("a list of {}", inner.describe()),
            SourceType::Str => "a string".into(),
            SourceType::Int => "an integer".into(),
            SourceType::Float => "a number".into(),
            SourceType::Bool => "a boolean".into(),
            SourceType::Json => "any JSON value".into(),
            SourceType::Enum(name) => format!("the enum `{name}`"),
            SourceType::Newtype(name) => format!("`{name}` (any JSON value)"),
            SourceType::Struct(name) => format!("the object `{name}`"),
            SourceType::Other(name) => format!("`{name}`"),
        }
    }
}

/// A field of a generated struct.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SourceField {
    /// The JSON property name.
    pub(crate) json: String,
    /// The Rust field name typify gave it, e.g. `type_`.
    pub(crate) ident: String,
    pub(crate) ty: SourceType,
}

/// The types of one generated client crate.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Sources {
    pub(crate) structs: BTreeMap<String, Vec<SourceField>>,
    /// Our string enums, with the values the spec lists.
    pub(crate) enums: BTreeMap<String, Vec<String>>,
}

impl Sources {
    /// The structs typify generated, as [`Decided`] read them (each field's
    /// type classified there), and our string enums (`enums`) with their
    /// values.
    pub(crate) fn of(decided: &Decided, enums: &[StringEnum]) -> Self {
        let enum_names: BTreeMap<String, Vec<String>> = enums
            .iter()
            .map(|e| (e.name.clone(), e.values.clone()))
            .collect();
        let structs = decided
            .structs()
            .map(|(name, fields)| {
                let fields = fields
                    .iter()
                    .filter(|f| !f.flattened)
                    .map(|f| SourceField {
                        json: f.json.clone(),
                        ident: f.rust.clone(),
                        ty: f.source.clone(),
                    })
                    .collect();
                (name.clone(), fields)
            })
            .collect();
        Sources {
            structs,
            enums: enum_names,
        }
    }

    /// The field of `schema` whose JSON name is `json`.
    pub(crate) fn field(&self, schema: &str, json: &str) -> Option<&SourceField> {
        self.structs.get(schema)?.iter().find(|f| f.json == json)
    }
}

/// A field's type as the mappings see it: `enums` are ours, `newtypes` the
/// tuple structs of `types`, both by name.
pub(crate) fn classify(
    ty: &syn::Type,
    enums: &BTreeSet<&str>,
    newtypes: &BTreeSet<String>,
) -> SourceType {
    let syn::Type::Path(path) = ty else {
        return SourceType::Other(quote::quote!(#ty).to_string());
    };
    let Some(last) = path.path.segments.last() else {
        return SourceType::Other(String::new());
    };
    let name = last.ident.to_string();
    let argument = match &last.arguments {
        syn::PathArguments::AngleBracketed(args) => args.args.iter().find_map(|a| match a {
            syn::GenericArgument::Type(t) => Some(t),
            _ => None,
        }),
        _ => None,
    };
    match (name.as_str(), argument) {
        ("Option", Some(inner)) => SourceType::Option(Box::new(classify(inner, enums, newtypes))),
        ("Vec", Some(inner)) => SourceType::Vec(Box::new(classify(inner, enums, newtypes))),
        ("String", _) => SourceType::Str,
        ("i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "NonZeroU64", _) => {
            SourceType::Int
        }
        ("f32" | "f64", _) => SourceType::Float,
        ("bool", _) => SourceType::Bool,
        ("Value" | "Map", _) => SourceType::Json,
        (name, _) if enums.contains(name) => SourceType::Enum(name.to_owned()),
        (name, _) if newtypes.contains(name) => SourceType::Newtype(name.to_owned()),
        (name, None) => SourceType::Struct(name.to_owned()),
        (name, Some(_)) => SourceType::Other(name.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_keep_their_json_names_rust_names_and_types() {
        let file: syn::File = syn::parse_quote! {
            pub mod types {
                pub struct Thread {
                    #[serde(rename = "threadId", skip_serializing_if = "Option::is_none")]
                    pub thread_id: ::std::option::Option<::std::string::String>,
                    pub status: Option<ThreadStatus>,
                    pub count: Option<f64>,
                    pub tags: Vec<Tag>,
                    pub extra: Extra,
                    #[serde(flatten)]
                    pub rest: ::serde_json::Map<String, ::serde_json::Value>,
                }
                pub struct Tag { pub name: String }
                pub struct Extra(pub ::serde_json::Value);
            }
        };
        let enums = [StringEnum {
            name: "ThreadStatus".into(),
            values: vec!["open".into()],
            open: false,
            description: None,
            pointer: String::new(),
            also: Vec::new(),
            inline: true,
        }];
        let mut decided = Decided::new(Vec::new(), Default::default());
        decided.read_client(&file, &enums);
        let sources = Sources::of(&decided, &enums);
        let thread: Vec<(&str, &str, SourceType)> = sources.structs["Thread"]
            .iter()
            .map(|f| (f.json.as_str(), f.ident.as_str(), f.ty.clone()))
            .collect();
        let option = |t| SourceType::Option(Box::new(t));
        assert_eq!(
            thread,
            [
                ("threadId", "thread_id", option(SourceType::Str)),
                (
                    "status",
                    "status",
                    option(SourceType::Enum("ThreadStatus".into()))
                ),
                ("count", "count", option(SourceType::Float)),
                (
                    "tags",
                    "tags",
                    SourceType::Vec(Box::new(SourceType::Struct("Tag".into())))
                ),
                ("extra", "extra", SourceType::Newtype("Extra".into())),
            ]
        );
        assert_eq!(sources.enums["ThreadStatus"], ["open"]);
        assert_eq!(
            sources.field("Tag", "name").map(|f| f.ty.describe()),
            Some("a string".to_owned())
        );
        assert_eq!(option(SourceType::Int).required(), &SourceType::Int);
    }
}
