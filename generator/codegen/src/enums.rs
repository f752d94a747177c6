//! Forward-compatible string enums.
//!
//! typify turns a string `enum` into a closed Rust enum whose deserializer
//! fails on any value the spec does not list, so one new value from a
//! provider would make a whole response undecodable. Following async-stripe
//! and smithy-rs, every string enum here becomes a `#[non_exhaustive]` Rust
//! enum with one variant per listed value plus `Unknown(String)`, which keeps
//! any other value verbatim.
//!
//! Two kinds of list are recognised:
//! - `enum: [...]`: a closed list, the values the docs give as complete;
//! - `x-extensible-enum: [...]` (Zalando's API guidelines) on a `type: string`
//!   schema: an open vocabulary, where the docs name examples ("e.g.") and
//!   other values are expected.
//!
//! How it plugs into progenitor: [`hoist`] moves every inline enum schema into
//! `components/schemas` under a name derived from where it was (`Thread` +
//! `status` → `ThreadStatus`, as typify would name it), then each enum
//! component is handed to typify as a replacement (`with_replacement`) by our
//! own type, emitted by [`enum_items`] into the `types` module.

use heck::ToUpperCamelCase;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::{Map, Value};

use crate::diagnostic::{Diagnostic, escape_token, pointer};
use crate::load::LoadedSpec;
use crate::validate::{METHODS, resolve};

/// A string enum found in a spec, after hoisting into `components/schemas`.
#[derive(Clone, Debug)]
pub(crate) struct StringEnum {
    /// The component (and Rust type) name, e.g. `ThreadStatus`.
    pub(crate) name: String,
    /// The values the spec lists, in spec order.
    pub(crate) values: Vec<String>,
    /// `true` for `x-extensible-enum` (values are examples), `false` for `enum`.
    pub(crate) open: bool,
    /// The schema's description, if any.
    pub(crate) description: Option<String>,
}

/// Where a schema sits, and the type name typify would give it.
struct Site {
    pointer: String,
    name: String,
    /// Inline schemas get hoisted; component schemas stay where they are.
    inline: bool,
    /// The property holding it is required (so `null` would not fit `Option`).
    required: bool,
}

/// Moves every inline string enum of `spec` into `components/schemas` and
/// returns the rewritten document with every enum found.
pub(crate) fn hoist(spec: &LoadedSpec<'_>) -> Result<(Value, Vec<StringEnum>), Vec<Diagnostic>> {
    let mut sites = Vec::new();
    collect_sites(&spec.value, &mut sites);

    let mut document = spec.value.clone();
    let mut enums: Vec<StringEnum> = Vec::new();
    let mut problems = Vec::new();
    for site in sites {
        let Some(schema) = spec.value.pointer(&site.pointer) else {
            continue;
        };
        let Some(found) = read_enum(spec, &site, schema, &mut problems) else {
            continue;
        };
        if site.inline {
            if schema.get("nullable") == Some(&Value::Bool(true)) && site.required {
                problems.push(spec.error(
                    &site.pointer,
                    "a required, nullable inline enum is not supported",
                    "make the property optional (a missing or null value then decodes as `None`), \
                     or drop `nullable`",
                ));
                continue;
            }
            let taken = spec
                .value
                .pointer(&pointer(["components", "schemas", &site.name]))
                .is_some()
                || enums.iter().any(|e| e.name == found.name);
            if taken {
                problems.push(spec.error(
                    &site.pointer,
                    format!("this inline enum would be named `{}`, a name another schema already has", site.name),
                    "move the enum into `components/schemas` under a name of your choice and `$ref` it",
                ));
                continue;
            }
            let schemas = document
                .as_object_mut()
                .map(|d| {
                    d.entry("components")
                        .or_insert_with(|| Value::Object(Map::new()))
                })
                .and_then(Value::as_object_mut)
                .map(|c| {
                    c.entry("schemas")
                        .or_insert_with(|| Value::Object(Map::new()))
                })
                .and_then(Value::as_object_mut);
            if let Some(schemas) = schemas {
                schemas.insert(site.name.clone(), schema.clone());
            }
            if let Some(slot) = document.pointer_mut(&site.pointer) {
                *slot = reference_to(&site.name, schema);
            }
        }
        enums.push(found);
    }
    if problems.is_empty() {
        Ok((document, enums))
    } else {
        Err(problems)
    }
}

/// What replaces a hoisted enum where it was: a reference to the new
/// component. OpenAPI 3.0 ignores siblings of a `$ref`, so the description
/// (the field's rustdoc) rides on a one-element `allOf`, which typify resolves
/// to the referenced type itself.
fn reference_to(name: &str, schema: &Value) -> Value {
    let reference = serde_json::json!({ "$ref": format!("#/components/schemas/{name}") });
    match schema.get("description") {
        Some(description) => {
            serde_json::json!({ "allOf": [reference], "description": description })
        }
        None => reference,
    }
}

/// Reads the enum at `site`, if the schema there is a string enum.
fn read_enum(
    spec: &LoadedSpec<'_>,
    site: &Site,
    schema: &Value,
    problems: &mut Vec<Diagnostic>,
) -> Option<StringEnum> {
    let (list, open) = match (schema.get("enum"), schema.get("x-extensible-enum")) {
        (Some(list), None) => (list, false),
        (None, Some(list)) => (list, true),
        (Some(_), Some(_)) => {
            problems.push(spec.error(
                &site.pointer,
                "a schema has both `enum` and `x-extensible-enum`",
                "use `enum` for a closed list of values, `x-extensible-enum` for an open vocabulary, not both",
            ));
            return None;
        }
        (None, None) => return None,
    };
    let key = if open { "x-extensible-enum" } else { "enum" };
    let type_ok = matches!(
        schema.get("type").and_then(Value::as_str),
        Some("string") | None
    );
    let mut values = Vec::new();
    for item in list.as_array().into_iter().flatten() {
        match item {
            Value::String(v) => values.push(v.clone()),
            Value::Null => {} // `null` in a nullable enum: the field is an Option.
            _ if !type_ok => return None, // a non-string enum: left to typify
            other => {
                problems.push(spec.error(
                    &format!("{}/{key}", site.pointer),
                    format!("`{key}` holds {other}, which is not a string"),
                    "list string values only, or give the schema the type its values have",
                ));
                return None;
            }
        }
    }
    if !type_ok || !list.is_array() {
        if list.is_array() {
            return None;
        }
        problems.push(spec.error(
            &format!("{}/{key}", site.pointer),
            format!("`{key}` must be a list"),
            "write the values as a YAML list",
        ));
        return None;
    }
    if values.is_empty() {
        problems.push(spec.error(
            &format!("{}/{key}", site.pointer),
            format!("`{key}` lists no string value"),
            "list the values the docs give, or remove the list and keep `type: string`",
        ));
        return None;
    }
    let variants: Vec<String> = values.iter().map(|v| variant_name(v)).collect();
    for (i, variant) in variants.iter().enumerate() {
        if let Some(j) = variants[..i].iter().position(|v| v == variant) {
            problems.push(spec.error(
                &format!("{}/{key}/{i}", site.pointer),
                format!("values `{}` and `{}` both become the Rust variant `{variant}`", values[j], values[i]),
                "remove the duplicate, or put the type in `components/schemas` and use distinct values",
            ));
            return None;
        }
    }
    Some(StringEnum {
        name: site.name.clone(),
        values,
        open,
        description: schema
            .get("description")
            .and_then(Value::as_str)
            .map(str::to_owned),
    })
}

fn collect_sites(document: &Value, sites: &mut Vec<Site>) {
    let components = document.get("components");
    for (name, schema) in entries(components.and_then(|c| c.get("schemas"))) {
        let at = pointer(["components", "schemas", name]);
        sites.push(Site {
            pointer: at.clone(),
            name: name.to_upper_camel_case(),
            inline: false,
            required: false,
        });
        nested(schema, &at, &name.to_upper_camel_case(), sites);
    }
    for (section, suffix) in [
        ("parameters", ""),
        ("responses", "Response"),
        ("requestBodies", "Body"),
    ] {
        for (name, node) in entries(components.and_then(|c| c.get(section))) {
            let at = pointer(["components", section, name]);
            holder(
                node,
                &at,
                &format!("{}{suffix}", name.to_upper_camel_case()),
                sites,
            );
        }
    }
    for (path, item) in entries(document.get("paths")) {
        for (i, parameter) in item
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let name = parameter
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("parameter");
            holder(
                parameter,
                &format!("{}/{i}", pointer(["paths", path, "parameters"])),
                &name.to_upper_camel_case(),
                sites,
            );
        }
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let at = pointer(["paths", path, method]);
            let base = op
                .get("operationId")
                .and_then(Value::as_str)
                .unwrap_or(method)
                .to_upper_camel_case();
            for (i, parameter) in op
                .get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                let name = resolve(document, parameter)
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or("parameter");
                holder(
                    parameter,
                    &format!("{at}/parameters/{i}"),
                    &format!("{base}{}", name.to_upper_camel_case()),
                    sites,
                );
            }
            if let Some(body) = op.get("requestBody") {
                holder(
                    body,
                    &format!("{at}/requestBody"),
                    &format!("{base}Body"),
                    sites,
                );
            }
            for (status, response) in entries(op.get("responses")) {
                holder(
                    response,
                    &format!("{at}/responses/{}", escape_token(status)),
                    &format!("{base}Response"),
                    sites,
                );
            }
        }
    }
}

/// A parameter, response or request body: its schema is under `schema` or
/// under `content/<media type>/schema`.
fn holder(node: &Value, at: &str, name: &str, sites: &mut Vec<Site>) {
    if node.get("schema").is_some() {
        inline(node, "schema", at, name, false, sites);
    }
    for (media, entry) in entries(node.get("content")) {
        inline(
            entry,
            "schema",
            &format!("{at}/content/{}", escape_token(media)),
            name,
            false,
            sites,
        );
    }
}

/// An inline schema at `parent[key]`.
fn inline(parent: &Value, key: &str, at: &str, name: &str, required: bool, sites: &mut Vec<Site>) {
    let Some(schema) = parent.get(key) else {
        return;
    };
    if schema.get("$ref").is_some() {
        return;
    }
    let at = format!("{at}/{}", escape_token(key));
    sites.push(Site {
        pointer: at.clone(),
        name: name.to_owned(),
        inline: true,
        required,
    });
    nested(schema, &at, name, sites);
}

/// The schemas nested in `schema`, named the way typify names them.
fn nested(schema: &Value, at: &str, name: &str, sites: &mut Vec<Site>) {
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let properties = schema.get("properties");
    for (property, _) in entries(properties) {
        if let Some(properties) = properties {
            let child = format!("{name}{}", property.to_upper_camel_case());
            inline(
                properties,
                property,
                &format!("{at}/properties"),
                &child,
                required.contains(&property.as_str()),
                sites,
            );
        }
    }
    inline(schema, "items", at, &format!("{name}Item"), false, sites);
    if schema
        .get("additionalProperties")
        .is_some_and(Value::is_object)
    {
        inline(
            schema,
            "additionalProperties",
            at,
            &format!("{name}Value"),
            false,
            sites,
        );
    }
    for combinator in ["allOf", "anyOf", "oneOf"] {
        for (i, _) in schema
            .get(combinator)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            if let Some(list) = schema.get(combinator) {
                inline(
                    list,
                    &i.to_string(),
                    &format!("{at}/{combinator}"),
                    &format!("{name}Variant{i}"),
                    false,
                    sites,
                );
            }
        }
    }
}

fn entries(node: Option<&Value>) -> impl Iterator<Item = (&String, &Value)> {
    node.and_then(Value::as_object).into_iter().flatten()
}

/// `ai_agent` → `AiAgent`, `WABA` → `Waba`, `2fa` → `Value2fa`.
fn variant_name(value: &str) -> String {
    let name = value.to_upper_camel_case();
    match name.chars().next() {
        None => "Empty".to_owned(),
        Some(c) if c.is_ascii_digit() => format!("Value{name}"),
        Some(_) => name,
    }
}

/// The Rust items for the enums of one spec, to be placed in the `types`
/// module of the generated crate.
pub(crate) fn enum_items(enums: &[StringEnum]) -> Vec<TokenStream> {
    enums.iter().map(enum_item).collect()
}

fn enum_item(e: &StringEnum) -> TokenStream {
    let name = format_ident!("{}", e.name);
    let variants: Vec<_> = e
        .values
        .iter()
        .map(|v| format_ident!("{}", variant_name(v)))
        .collect();
    let values = &e.values;
    let fallback = if variants.iter().any(|v| v == "Unknown") {
        format_ident!("UnknownValue")
    } else {
        format_ident!("Unknown")
    };
    let listed = e
        .values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut doc = e
        .description
        .clone()
        .map(|d| format!("{}\n\n", d.trim()))
        .unwrap_or_default();
    if e.open {
        doc.push_str(&format!(
            "An open vocabulary: the provider documents {listed} as examples, and other \
             values occur. A value not listed decodes as [`{name}::{fallback}`], kept verbatim."
        ));
    } else {
        doc.push_str(&format!(
            "The provider documents exactly these values: {listed}. A value added since decodes \
             as [`{name}::{fallback}`], kept verbatim, instead of failing the response."
        ));
    }
    let variant_docs = values.iter().map(|v| format!("`{v}`"));
    let fallback_doc = "A value the spec does not list, exactly as the provider sent it.";
    let is_known_doc =
        format!("Whether this is a value the spec lists (not [`Self::{fallback}`]).");

    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #( #[doc = #variant_docs] #variants, )*
            #[doc = #fallback_doc]
            #fallback(::std::string::String),
        }

        impl #name {
            /// Every value the spec lists, in the spec's order.
            pub const KNOWN: &'static [&'static str] = &[#(#values),*];

            /// The value as the provider writes it in JSON.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #values, )*
                    Self::#fallback(value) => value.as_str(),
                }
            }

            #[doc = #is_known_doc]
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::#fallback(_))
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #values => Self::#variants, )*
                    other => Self::#fallback(other.to_owned()),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    #( #values => Self::#variants, )*
                    _ => Self::#fallback(value),
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                ::std::string::String::deserialize(deserializer).map(Self::from)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variant_names() {
        assert_eq!(variant_name("ai_agent"), "AiAgent");
        assert_eq!(variant_name("WABA"), "Waba");
        assert_eq!(variant_name("OPEN"), "Open");
        assert_eq!(variant_name("2fa"), "Value2fa");
        assert_eq!(variant_name(""), "Empty");
    }
}
