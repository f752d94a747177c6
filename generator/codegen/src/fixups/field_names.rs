//! Properties that typify would make one Rust field, kept apart: `_links`
//! beside `links`, `ID` beside `id`, `createdAt` beside `created_at`, a
//! property `extra` beside the map typify adds for `additionalProperties`,
//! whether they meet in one schema, through `allOf`, or in a subtype merged
//! with its base.
//!
//! typify names a field after its property in snake case, with nothing to
//! keep two properties apart; the struct then declares one field twice and
//! does not compile (`error[E0124]: field 'id' is already declared`).
//!
//! Three steps, each on what the one before produced:
//! 1. [`find`]: in progenitor's output, every struct (or struct variant) that
//!    declares a field twice, and the properties behind it. typify's own map
//!    keeps its field, else the property written as the field is named;
//!    every other is renamed.
//! 2. [`rename`]: each such property gets a stand-in name, `<property>-<n>`,
//!    in every schema of the document progenitor reads (its `required`
//!    entries and a `discriminator` naming it with it), and progenitor runs
//!    again: typify now gives it a field of its own, with
//!    `#[serde(rename = "<property>-<n>")]`.
//! 3. [`restore`]: the stand-in's `rename` becomes the property's own name
//!    again, and its field a readable name: the usual one where nothing else
//!    in that type has it, `_links` for a property written with a leading
//!    underscore, else the `<field>_<n>` typify gave the stand-in.
//!
//! Ref: typify-impl `structs.rs`, `struct_property` (`recase(prop_name,
//! Case::Snake)`, no check that the names stay distinct); none filed.

use std::collections::BTreeMap;

use proc_macro2::{Literal, TokenStream, TokenTree};
use serde_json::Value;
use syn::visit_mut::{self, VisitMut};

use super::FixUp;
use crate::client::{module_items, module_items_mut};
use crate::diagnostic::child;

pub(crate) static FIXUP: FixUp = FixUp {
    name: "field_names",
    upstream: "typify-impl/src/structs.rs (struct_property: fields named by recase, never made distinct)",
};

/// One field declared more than once in one type of progenitor's output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Collision {
    /// The type (`Thread`), or the enum and its variant (`Event::Created`).
    pub(crate) type_name: String,
    /// The field every one of them became: `links`.
    pub(crate) field: String,
    /// The property that keeps the field (`links`), or `None` for the map
    /// typify adds for `additionalProperties`.
    pub(crate) keeper: Option<String>,
    /// The properties renamed: `_links`.
    pub(crate) renamed: Vec<String>,
}

/// A property renamed in the document: its name, the stand-in progenitor
/// read, the field it kept colliding on, and where it was first renamed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Renamed {
    pub(crate) property: String,
    pub(crate) stand_in: String,
    pub(crate) field: String,
    pub(crate) pointer: Option<String>,
}

/// A field given back its readable name: in `type_name`, the property
/// `property` is the field `field`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Restored {
    pub(crate) type_name: String,
    pub(crate) property: String,
    pub(crate) field: String,
}

/// Every field declared twice in a type of `file`'s `types` module.
pub(crate) fn find(file: &syn::File) -> Vec<Collision> {
    let mut found = Vec::new();
    for item in module_items(file, "types").into_iter().flatten() {
        match item {
            syn::Item::Struct(s) => {
                if let syn::Fields::Named(fields) = &s.fields {
                    collisions(&s.ident.to_string(), fields, &mut found);
                }
            }
            syn::Item::Enum(e) => {
                for variant in &e.variants {
                    if let syn::Fields::Named(fields) = &variant.fields {
                        let name = format!("{}::{}", e.ident, variant.ident);
                        collisions(&name, fields, &mut found);
                    }
                }
            }
            _ => {}
        }
    }
    found
}

fn collisions(type_name: &str, fields: &syn::FieldsNamed, found: &mut Vec<Collision>) {
    let mut by_field: BTreeMap<String, Vec<Source>> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for field in &fields.named {
        let Some(ident) = &field.ident else { continue };
        let ident = ident.to_string();
        if !by_field.contains_key(&ident) {
            order.push(ident.clone());
        }
        by_field
            .entry(ident.clone())
            .or_default()
            .push(source(field).unwrap_or(Source::Property(ident)));
    }
    for field in order {
        let Some(sources) = by_field.remove(&field) else {
            continue;
        };
        if sources.len() < 2 {
            continue;
        }
        // typify's own map cannot be renamed: it keeps its name first.
        let keep = sources
            .iter()
            .position(|s| *s == Source::Flattened)
            .or_else(|| {
                sources
                    .iter()
                    .position(|s| *s == Source::Property(field.clone()))
            })
            .unwrap_or(0);
        let keeper = match &sources[keep] {
            Source::Property(name) => Some(name.clone()),
            Source::Flattened => None,
        };
        let renamed = sources
            .into_iter()
            .enumerate()
            .filter(|(i, _)| *i != keep)
            .filter_map(|(_, s)| match s {
                Source::Property(name) => Some(name),
                Source::Flattened => None,
            })
            .collect();
        found.push(Collision {
            type_name: type_name.to_owned(),
            field,
            keeper,
            renamed,
        });
    }
}

/// Where a field's value comes from in the JSON.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Source {
    /// The property of this name.
    Property(String),
    /// Every property no other field takes (`#[serde(flatten)]`).
    Flattened,
}

/// The field's `#[serde(rename = "…")]` or `#[serde(flatten)]`; `None` when
/// it has neither (the property is named as the field).
fn source(field: &syn::Field) -> Option<Source> {
    let mut found = None;
    for attr in field.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let name: syn::LitStr = meta.value()?.parse()?;
                found = Some(Source::Property(name.value()));
            } else if meta.path.is_ident("flatten") {
                found = Some(Source::Flattened);
            } else if meta.input.peek(syn::Token![=]) {
                // `default = "…"`, `skip_serializing_if = "…"`: skip the value.
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
    }
    found
}

/// Gives each property that `collisions` rename a stand-in name in
/// `document`: in every `properties`, `required` and `discriminator` of every
/// schema (not in examples, which are data). Returns the renames.
pub(crate) fn rename(document: &mut Value, collisions: &[Collision]) -> Vec<Renamed> {
    let mut renames: Vec<Renamed> = Vec::new();
    // Numbered by field, across every type: `ID` and `_id` beside `id` are
    // `ID-2` and `_id-3`, fields `id_2` and `id_3`, never one field again,
    // even in a type that holds both and no `id` at all.
    let mut next: BTreeMap<&str, usize> = BTreeMap::new();
    for collision in collisions {
        for property in &collision.renamed {
            if renames.iter().any(|r| r.property == *property) {
                continue;
            }
            let n = next.entry(collision.field.as_str()).or_insert(2);
            let number = *n;
            *n += 1;
            let n = number;
            renames.push(Renamed {
                property: property.clone(),
                stand_in: format!("{property}-{n}"),
                field: collision.field.clone(),
                pointer: None,
            });
        }
    }
    walk(document, String::new(), &mut renames);
    renames
}

fn walk(node: &mut Value, at: String, renames: &mut [Renamed]) {
    match node {
        Value::Object(map) => {
            if let Some(Value::Object(properties)) = map.get_mut("properties") {
                let stand_in = |key: &str| renames.iter().find(|r| r.property == key);
                if properties.keys().any(|k| stand_in(k).is_some()) {
                    let entries: Vec<(String, Value)> =
                        std::mem::take(properties).into_iter().collect();
                    for (key, value) in entries {
                        let key = match renames.iter_mut().find(|r| r.property == key) {
                            Some(renamed) => {
                                let pointer = child(&format!("{at}/properties"), &key);
                                renamed.pointer.get_or_insert(pointer);
                                renamed.stand_in.clone()
                            }
                            None => key,
                        };
                        properties.insert(key, value);
                    }
                }
            }
            if let Some(Value::Array(required)) = map.get_mut("required") {
                for name in required.iter_mut() {
                    if let Some(renamed) = renames
                        .iter()
                        .find(|r| Some(r.property.as_str()) == name.as_str())
                    {
                        *name = Value::String(renamed.stand_in.clone());
                    }
                }
            }
            if let Some(Value::String(tag)) = map
                .get_mut("discriminator")
                .and_then(|d| d.get_mut("propertyName"))
                && let Some(renamed) = renames.iter().find(|r| r.property == *tag)
            {
                *tag = renamed.stand_in.clone();
            }
            for (key, value) in map.iter_mut() {
                if matches!(key.as_str(), "example" | "examples" | "default" | "enum") {
                    continue;
                }
                walk(value, child(&at, key), renames);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                walk(item, format!("{at}/{i}"), renames);
            }
        }
        _ => {}
    }
}

/// In `file` (progenitor's output on the renamed document), gives every
/// stand-in back its property's name and its field a readable one; returns
/// what each field became, one entry per type holding a stand-in.
pub(crate) fn restore(file: &mut syn::File, renames: &[Renamed]) -> Vec<Restored> {
    let mut restored = Vec::new();
    let Some(types) = module_items_mut(file, "types") else {
        return restored;
    };
    // Each type's fields: the stand-ins among them, and the name each takes.
    let mut plans: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for item in types.iter_mut() {
        match item {
            syn::Item::Struct(s) => {
                if let syn::Fields::Named(fields) = &mut s.fields {
                    let name = s.ident.to_string();
                    let idents = give_back(&name, fields, renames, &mut restored);
                    if !idents.is_empty() {
                        plans.push((name, idents));
                    }
                }
            }
            syn::Item::Enum(e) => {
                let enum_name = e.ident.to_string();
                for variant in &mut e.variants {
                    if let syn::Fields::Named(fields) = &mut variant.fields {
                        let name = format!("{enum_name}::{}", variant.ident);
                        let idents = give_back(&name, fields, renames, &mut restored);
                        let mut rename = RenameIdents { idents: &idents };
                        rename.visit_fields_named_mut(fields);
                    }
                }
            }
            _ => {}
        }
    }
    // A struct's field is named again in its impls and in its builder.
    for (type_name, idents) in &plans {
        let mut rename = RenameIdents { idents };
        for_type(types, type_name, &mut |item| rename.visit_item_mut(item));
        if let Some(builder) = types.iter_mut().find_map(|item| match item {
            syn::Item::Mod(m) if m.ident == "builder" => m.content.as_mut().map(|(_, i)| i),
            _ => None,
        }) {
            for_type(builder, type_name, &mut |item| rename.visit_item_mut(item));
        }
    }
    restored
}

/// Gives the stand-in fields of one type their property's name back; returns
/// each stand-in field's ident and the ident it is to take.
fn give_back(
    type_name: &str,
    fields: &mut syn::FieldsNamed,
    renames: &[Renamed],
    restored: &mut Vec<Restored>,
) -> Vec<(String, String)> {
    let mut taken: Vec<String> = fields
        .named
        .iter()
        .filter_map(|f| f.ident.as_ref().map(ToString::to_string))
        .collect();
    let mut idents = Vec::new();
    for field in fields.named.iter_mut() {
        let Some(Source::Property(stand_in)) = source(field) else {
            continue;
        };
        let Some(renamed) = renames.iter().find(|r| r.stand_in == stand_in) else {
            continue;
        };
        let Some(ident) = field.ident.as_ref().map(ToString::to_string) else {
            continue;
        };
        let free = |name: &str| !taken.iter().any(|t| t == name);
        let underscored = format!("_{}", renamed.field);
        let readable = if free(&renamed.field) {
            renamed.field.clone()
        } else if renamed.property.starts_with('_') && free(&underscored) {
            underscored
        } else {
            ident.clone()
        };
        taken.push(readable.clone());
        // Where the field is named as typify would name the property, typify
        // writes no `rename`: neither do we.
        let natural = readable == renamed.property && readable == renamed.field;
        set_rename(field, &renamed.property, natural);
        restored.push(Restored {
            type_name: type_name.to_owned(),
            property: renamed.property.clone(),
            field: readable.clone(),
        });
        if readable != ident {
            idents.push((ident, readable));
        }
    }
    idents
}

/// Points the field's `#[serde(rename = …)]` at `property`, or drops it when
/// the field is named as the property.
fn set_rename(field: &mut syn::Field, property: &str, drop: bool) {
    for attr in field
        .attrs
        .iter_mut()
        .filter(|a| a.path().is_ident("serde"))
    {
        let syn::Meta::List(list) = &mut attr.meta else {
            continue;
        };
        let mut parts: Vec<TokenStream> = Vec::new();
        let mut current = TokenStream::new();
        for token in list.tokens.clone() {
            if matches!(&token, TokenTree::Punct(p) if p.as_char() == ',') {
                parts.push(std::mem::take(&mut current));
            } else {
                current.extend([token]);
            }
        }
        if !current.is_empty() {
            parts.push(current);
        }
        let parts: Vec<TokenStream> = parts
            .into_iter()
            .filter_map(|part| {
                let is_rename = matches!(
                    part.clone().into_iter().next(),
                    Some(TokenTree::Ident(i)) if i == "rename"
                );
                match (is_rename, drop) {
                    (false, _) => Some(part),
                    (true, true) => None,
                    (true, false) => {
                        let name = Literal::string(property);
                        Some(quote::quote!(rename = #name))
                    }
                }
            })
            .collect();
        list.tokens = quote::quote!(#(#parts),*);
    }
    field.attrs.retain(|a| match &a.meta {
        syn::Meta::List(list) => !(a.path().is_ident("serde") && list.tokens.is_empty()),
        _ => true,
    });
}

/// Calls `f` on the items of `items` about the type `name`: its definition
/// and its impls (`impl X for Thread`, `impl TryFrom<Thread> for super::Thread`).
fn for_type(items: &mut [syn::Item], name: &str, f: &mut impl FnMut(&mut syn::Item)) {
    for item in items.iter_mut() {
        let subject = match &*item {
            syn::Item::Struct(s) => Some(s.ident.to_string()),
            syn::Item::Impl(i) => match &*i.self_ty {
                syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
                _ => None,
            },
            _ => None,
        };
        if subject.as_deref() == Some(name) {
            f(item);
        }
    }
}

/// Renames identifiers, and the field names in the builder's messages
/// (`"error converting supplied value for links_2: {e}"`).
struct RenameIdents<'a> {
    idents: &'a [(String, String)],
}

impl VisitMut for RenameIdents<'_> {
    fn visit_ident_mut(&mut self, ident: &mut proc_macro2::Ident) {
        self.rename(ident);
    }

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        mac.tokens = self.tokens(std::mem::take(&mut mac.tokens));
        visit_mut::visit_macro_mut(self, mac);
    }
}

impl RenameIdents<'_> {
    fn rename(&self, ident: &mut proc_macro2::Ident) {
        if let Some((_, to)) = self.idents.iter().find(|(from, _)| ident == from) {
            *ident = proc_macro2::Ident::new(to, ident.span());
        }
    }

    fn tokens(&self, tokens: TokenStream) -> TokenStream {
        tokens
            .into_iter()
            .map(|token| match token {
                TokenTree::Group(group) => {
                    let mut renamed =
                        proc_macro2::Group::new(group.delimiter(), self.tokens(group.stream()));
                    renamed.set_span(group.span());
                    TokenTree::Group(renamed)
                }
                TokenTree::Ident(mut ident) => {
                    self.rename(&mut ident);
                    TokenTree::Ident(ident)
                }
                TokenTree::Literal(literal) => {
                    let text =
                        syn::parse2::<syn::LitStr>(TokenTree::Literal(literal.clone()).into())
                            .map(|s| s.value());
                    match text {
                        Ok(text) => {
                            let mut changed = text.clone();
                            for (from, to) in self.idents {
                                changed = changed.replace(
                                    &format!("supplied value for {from}:"),
                                    &format!("supplied value for {to}:"),
                                );
                            }
                            if changed == text {
                                TokenTree::Literal(literal)
                            } else {
                                TokenTree::Literal(Literal::string(&changed))
                            }
                        }
                        Err(_) => TokenTree::Literal(literal),
                    }
                }
                other => other,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
