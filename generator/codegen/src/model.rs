//! The normalized model (`specs/conversations.yaml`) → Rust types.
//!
//! The model is ours, not a provider's, so it is read with a small, strict
//! reader instead of progenitor: every field is required (a value a provider
//! does not have is `null` or `[]`, never absent), and only the shapes the
//! model needs are accepted. Serialized with serde, the types give exactly the
//! JSON of `shared/design/normalized-model.md`.

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

use crate::diagnostic::{Diagnostic, escape_token};
use crate::load::LoadedSpec;

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

#[derive(Clone, Debug)]
pub(crate) struct Field {
    /// The JSON name, which is also the Rust field name.
    pub(crate) name: String,
    pub(crate) ty: FieldType,
    pub(crate) description: Option<String>,
}

#[derive(Clone, Debug)]
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
#[derive(Clone, Debug)]
pub(crate) struct Model {
    pub(crate) types: Vec<ModelType>,
}

impl Model {
    pub(crate) fn fields(&self, name: &str) -> Option<&[Field]> {
        self.types.iter().find_map(|t| match t {
            ModelType::Struct {
                name: n, fields, ..
            } if n == name => Some(fields.as_slice()),
            _ => None,
        })
    }

    pub(crate) fn enum_values(&self, name: &str) -> Option<&[String]> {
        self.types.iter().find_map(|t| match t {
            ModelType::Enum {
                name: n, values, ..
            } if n == name => Some(values.as_slice()),
            _ => None,
        })
    }
}

/// The model types the generated conversions produce and the rest of the
/// workspace names: the spec must define them.
pub(crate) const ROOTS: [&str; 3] = ["Thread", "Message", "Provider"];

pub(crate) fn read(spec: &LoadedSpec<'_>) -> Result<Model, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut types = Vec::new();
    let schemas = spec
        .value
        .pointer("/components/schemas")
        .and_then(Value::as_object);
    for (name, schema) in schemas.into_iter().flatten() {
        let at = format!("/components/schemas/{}", escape_token(name));
        if name.to_upper_camel_case() != *name {
            problems.push(spec.error(
                &at,
                format!("model type `{name}` is not UpperCamelCase"),
                "name model types like Rust types, e.g. `Thread`",
            ));
            continue;
        }
        let description = text(schema, "description");
        if let Some(values) = schema.get("enum").and_then(Value::as_array) {
            let values: Vec<String> = values
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect();
            let bad = values.iter().find(|v| v.to_snake_case() != **v);
            if let Some(bad) = bad {
                problems.push(spec.error(
                    &format!("{at}/enum"),
                    format!("enum value `{bad}` is not snake_case"),
                    "model values are lower snake_case, e.g. `not_loaded`",
                ));
            }
            types.push(ModelType::Enum {
                name: name.clone(),
                description,
                values,
            });
            continue;
        }
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let mut fields = Vec::new();
        for (field, property) in schema
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let field_at = format!("{at}/properties/{}", escape_token(field));
            if !required.contains(&field.as_str()) {
                problems.push(spec.error(&field_at, format!("model field `{name}.{field}` is not in `required`"), "list every model field in `required`: a value a provider lacks is null, never absent (add `nullable: true`)"));
            }
            match field_type(property) {
                Ok(ty) => fields.push(Field { name: field.clone(), ty, description: text(property, "description") }),
                Err(why) => problems.push(spec.error(&field_at, format!("model field `{name}.{field}`: {why}"), "the model supports string (optionally `format: date-time`), integer, boolean, arrays, `$ref`s, `{}` (any JSON), `nullable`, and `allOf: [$ref]` with `nullable`")),
            }
        }
        types.push(ModelType::Struct {
            name: name.clone(),
            description,
            fields,
        });
    }
    for root in ROOTS {
        if !types.iter().any(|t| matches!(t, ModelType::Struct { name, .. } | ModelType::Enum { name, .. } if name == root)) {
            problems.push(spec.error("/components/schemas", format!("the model defines no `{root}`"), format!("define `{root}` under components/schemas: the generated conversions produce it")));
        }
    }
    if problems.is_empty() {
        Ok(Model { types })
    } else {
        Err(problems)
    }
}

fn text(node: &Value, key: &str) -> Option<String> {
    node.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn field_type(schema: &Value) -> Result<FieldType, String> {
    let nullable = schema.get("nullable") == Some(&Value::Bool(true));
    let base = if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        reference_type(reference)?
    } else if let Some(all_of) = schema.get("allOf").and_then(Value::as_array) {
        match all_of.as_slice() {
            [only] => field_type(only)?,
            _ => return Err("`allOf` must hold exactly one `$ref`".into()),
        }
    } else {
        match schema.get("type").and_then(Value::as_str) {
            Some("string") if schema.get("format").and_then(Value::as_str) == Some("date-time") => {
                FieldType::DateTime
            }
            Some("string") => FieldType::Text,
            Some("integer") => FieldType::Integer,
            Some("boolean") => FieldType::Bool,
            Some("array") => FieldType::List(Box::new(field_type(
                schema.get("items").ok_or("an array needs `items`")?,
            )?)),
            None if schema
                .as_object()
                .is_some_and(|m| m.keys().all(|k| k == "description")) =>
            {
                FieldType::Json
            }
            Some(other) => return Err(format!("type `{other}` is not supported here")),
            None => return Err("the schema has no type".into()),
        }
    };
    Ok(if nullable {
        FieldType::Nullable(Box::new(base))
    } else {
        base
    })
}

fn reference_type(reference: &str) -> Result<FieldType, String> {
    let name = reference
        .strip_prefix("#/components/schemas/")
        .ok_or_else(|| format!("`{reference}` is not a reference to `#/components/schemas/…`"))?;
    // Enum or struct is settled once every type is read: see `resolve`.
    Ok(FieldType::Struct(name.to_owned()))
}

/// Turns references to enums into `FieldType::Enum`, and reports references
/// to types the model does not define.
pub(crate) fn resolve(model: &mut Model, spec: &LoadedSpec<'_>) -> Result<(), Vec<Diagnostic>> {
    let enums: Vec<String> = model
        .types
        .iter()
        .filter_map(|t| match t {
            ModelType::Enum { name, .. } => Some(name.clone()),
            _ => None,
        })
        .collect();
    let structs: Vec<String> = model
        .types
        .iter()
        .filter_map(|t| match t {
            ModelType::Struct { name, .. } => Some(name.clone()),
            _ => None,
        })
        .collect();
    let mut problems = Vec::new();
    for t in &mut model.types {
        let ModelType::Struct { name, fields, .. } = t else {
            continue;
        };
        for field in fields {
            if let Err(missing) = resolve_type(&mut field.ty, &enums, &structs) {
                problems.push(spec.error(
                    &format!("/components/schemas/{name}/properties/{}", escape_token(&field.name)),
                    format!("model field `{name}.{}` refers to `{missing}`, which the model does not define", field.name),
                    "define it under components/schemas, or fix the name",
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

fn resolve_type(ty: &mut FieldType, enums: &[String], structs: &[String]) -> Result<(), String> {
    match ty {
        FieldType::Struct(name) if enums.contains(name) => {
            *ty = FieldType::Enum(name.clone());
            Ok(())
        }
        FieldType::Struct(name) if !structs.contains(name) => Err(name.clone()),
        FieldType::List(inner) | FieldType::Nullable(inner) => resolve_type(inner, enums, structs),
        _ => Ok(()),
    }
}

/// The Rust type of a field.
pub(crate) fn rust_type(ty: &FieldType) -> TokenStream {
    match ty {
        FieldType::Text => quote! { ::std::string::String },
        FieldType::Bool => quote! { bool },
        FieldType::Integer => quote! { i64 },
        FieldType::DateTime => quote! { ::chrono::DateTime<::chrono::Utc> },
        // The payload verbatim, as JSON text (`client_runtime::Raw`).
        FieldType::Json => quote! { Raw },
        FieldType::Enum(name) | FieldType::Struct(name) => {
            let name = format_ident!("{name}");
            quote! { #name }
        }
        FieldType::List(inner) => {
            let inner = rust_type(inner);
            quote! { ::std::vec::Vec<#inner> }
        }
        FieldType::Nullable(inner) => {
            let inner = rust_type(inner);
            quote! { ::std::option::Option<#inner> }
        }
    }
}

/// The Rust variant name of an enum value: `not_loaded` → `NotLoaded`.
pub(crate) fn variant(value: &str) -> proc_macro2::Ident {
    format_ident!("{}", value.to_upper_camel_case())
}

/// The model's types as Rust items.
pub(crate) fn items(model: &Model) -> TokenStream {
    let items = model.types.iter().map(|t| match t {
        ModelType::Struct { name, description, fields } => {
            let ident = format_ident!("{name}");
            let doc = description.clone().unwrap_or_else(|| format!("`{name}` of the normalized model."));
            let fields = fields.iter().map(|f| {
                let field = format_ident!("{}", f.name);
                let ty = rust_type(&f.ty);
                let doc = f.description.clone().map(|d| d.trim().to_owned()).unwrap_or_default();
                let doc = (!doc.is_empty()).then(|| quote! { #[doc = #doc] });
                quote! { #doc pub #field: #ty, }
            });
            quote! {
                #[doc = #doc]
                #[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                pub struct #ident { #(#fields)* }
            }
        }
        ModelType::Enum { name, description, values } => {
            let ident = format_ident!("{name}");
            let doc = description.clone().unwrap_or_else(|| format!("`{name}` of the normalized model."));
            let variants = values.iter().map(|v| {
                let variant = variant(v);
                let doc = format!("`{v}`");
                quote! { #[doc = #doc] #[serde(rename = #v)] #variant, }
            });
            let arms = values.iter().map(|v| {
                let variant = variant(v);
                quote! { Self::#variant => #v, }
            });
            let parse_arms = values.iter().map(|v| {
                let variant = variant(v);
                quote! { #v => Ok(Self::#variant), }
            });
            let all = values.iter().map(|v| variant(v));
            let listed = values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ");
            let err_doc = format!("The text is not one of {listed}.");
            quote! {
                #[doc = #doc]
                #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
                pub enum #ident { #(#variants)* }

                impl #ident {
                    /// Every value, in the model's order.
                    pub const ALL: &'static [Self] = &[#(Self::#all),*];

                    /// The value as it is written in JSON.
                    pub fn as_str(self) -> &'static str {
                        match self { #(#arms)* }
                    }
                }

                impl ::std::fmt::Display for #ident {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }

                impl ::std::str::FromStr for #ident {
                    type Err = UnknownValue;
                    #[doc = #err_doc]
                    fn from_str(text: &str) -> ::std::result::Result<Self, Self::Err> {
                        match text {
                            #(#parse_arms)*
                            _ => Err(UnknownValue { type_name: #name, value: text.to_owned() }),
                        }
                    }
                }
            }
        }
    });
    quote! {
        #(#items)*

        /// Text that is not a value of one of the model's enums, from `FromStr`.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct UnknownValue {
            /// The enum, e.g. `Provider`.
            pub type_name: &'static str,
            /// The text that was given.
            pub value: ::std::string::String,
        }

        impl ::std::fmt::Display for UnknownValue {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, "`{}` is not a {} value", self.value, self.type_name)
            }
        }

        impl ::std::error::Error for UnknownValue {}
    }
}
