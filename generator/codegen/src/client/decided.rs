//! What progenitor and typify decided, read once: the one place every later
//! step asks "what did they name this".
//!
//! - The type names typify defines come from its own `TypeSpace` (through
//!   progenitor's `Generator`), before any fix-up.
//! - The fields of each struct (their Rust name, JSON name and type) and each
//!   operation's builder (its name, the body and error types `send` returns,
//!   its fields) are read from the client once its fix-ups and our types are
//!   in, since fix-ups rename fields and change types. typify's `TypeSpace`
//!   does not expose a property's JSON name (`serde(rename)`) nor progenitor's
//!   `Generator` its builders, so those are read from the code, here and
//!   nowhere else.
//!
//! Readers: the paginators ([`super::paging`]), the mapping sources
//! ([`super::sources`]), the response examples ([`super::decode_cases`]) and
//! the type-name clash check (`client::clashes`).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::client::module_items;
use crate::client::plan::StringEnum;
use crate::client::sources::{self, SourceType};

/// What progenitor and typify decided for one client crate.
#[derive(Debug, Default)]
pub(crate) struct Decided {
    /// The names of the types typify defines (structs, enums, newtypes), one
    /// per type: a name twice is two types of one name.
    pub(crate) type_names: Vec<String>,
    /// The structs of `types`.
    types: TypesRead,
    /// Each operation's builder, by the client method that returns it.
    builders: BTreeMap<String, Builder>,
    /// The types typify passes by value to a function (its
    /// `Type::parameter_ident` has no `&`): the enums whose variants are all
    /// plain names, which it makes `Copy`.
    by_value: BTreeSet<String>,
}

/// What typify decided in `types`: the fields of its structs. Held as text,
/// not syntax, so that it can be read on the thread that parsed `types` and
/// sent to the one that writes the paginators ([`super::halves`]).
#[derive(Debug, Default)]
pub(crate) struct TypesRead {
    /// The structs with named fields, by type name.
    structs: BTreeMap<String, Vec<Field>>,
}

/// A field of a generated struct.
#[derive(Clone, Debug)]
pub(crate) struct Field {
    /// Its Rust name as written (`type_`; `r#type` for a raw identifier).
    pub(crate) rust: String,
    /// The JSON property name: its `serde(rename)`, else the Rust name.
    pub(crate) json: String,
    /// Its type as tokens printed; [`Field::ty`] parses it.
    ty: String,
    /// Its type as the mappings see it.
    pub(crate) source: SourceType,
    /// `#[serde(flatten)]`: typify's map of the properties not listed.
    pub(crate) flattened: bool,
}

impl Field {
    /// The field's name, for code that names it.
    ///
    /// # Errors
    /// The name read does not parse back: a bug of this module.
    pub(crate) fn ident(&self) -> Result<syn::Ident, String> {
        syn::parse_str(&self.rust).map_err(|e| format!("the field name `{}`: {e}", self.rust))
    }

    /// The field's type.
    ///
    /// # Errors
    /// The type read does not parse back: a bug of this module.
    pub(crate) fn ty(&self) -> Result<syn::Type, String> {
        syn::parse_str(&self.ty).map_err(|e| format!("the field type `{}`: {e}", self.ty))
    }
}

/// The builder of one operation.
#[derive(Clone, Debug)]
pub(crate) struct Builder {
    /// Its type in `builder` (`ListThreads`).
    pub(crate) name: String,
    /// `T` and `E` of `send(self) -> Result<ResponseValue<T>, Error<E>>`,
    /// as written in `builder`.
    pub(crate) send: Option<(syn::Type, syn::Type)>,
    /// Its fields (one per parameter, in progenitor's order: the path's,
    /// the query's, the headers, the body) and the type inside each
    /// `Result<_, String>`.
    fields: Vec<(String, syn::Type)>,
}

impl Builder {
    /// The type of the field `name` (a parameter's Rust name).
    pub(crate) fn field(&self, name: &str) -> Option<&syn::Type> {
        self.fields.iter().find(|(n, _)| n == name).map(|(_, t)| t)
    }

    /// Its fields in order, each with its type.
    pub(crate) fn fields(&self) -> &[(String, syn::Type)] {
        &self.fields
    }
}

impl Decided {
    /// typify's type names and those it passes by value, from its type
    /// space; the rest is read by [`Decided::read_builders`] and
    /// [`Decided::add_types`].
    pub(crate) fn new(type_names: Vec<String>, by_value: BTreeSet<String>) -> Self {
        Decided {
            type_names,
            by_value,
            ..Decided::default()
        }
    }

    /// Whether typify passes its type `name` by value (see `by_value`).
    pub(crate) fn is_by_value(&self, name: &str) -> bool {
        self.by_value.contains(name)
    }

    /// Reads the structs of `client`'s `types` module (see
    /// [`TypesRead::of`]) and its builders: both halves in one file.
    #[cfg(test)]
    pub(crate) fn read_client(&mut self, client: &syn::File, enums: &[StringEnum]) {
        let types = module_items(client, "types").map_or(&[][..], Vec::as_slice);
        self.add_types(TypesRead::of(types, enums));
        self.read_builders(client);
    }

    /// Takes in what was read of `types`, on whichever thread read it.
    pub(crate) fn add_types(&mut self, types: TypesRead) {
        self.types = types;
    }

    /// Reads the builders of `client`: each method of `impl Client`, the
    /// builder it returns, that builder's fields and `send`.
    pub(crate) fn read_builders(&mut self, client: &syn::File) {
        let builders = BuilderItems::of(module_items(client, "builder").map_or(&[], Vec::as_slice));
        for (method, name) in client_methods(client) {
            let builder = Builder {
                send: builders
                    .impls
                    .get(&name)
                    .and_then(|impls| send_types(impls)),
                fields: builders
                    .structs
                    .get(&name)
                    .map(|s| builder_fields(s))
                    .unwrap_or_default(),
                name,
            };
            self.builders.insert(method, builder);
        }
    }

    /// The field of struct `type_name` whose JSON name is `json`.
    pub(crate) fn field(&self, type_name: &str, json: &str) -> Option<&Field> {
        self.types
            .structs
            .get(type_name)?
            .iter()
            .find(|f| f.json == json)
    }

    /// The structs with named fields, by name.
    pub(crate) fn structs(&self) -> impl Iterator<Item = (&String, &Vec<Field>)> {
        self.types.structs.iter()
    }

    /// The builder `Client::<method>` returns.
    pub(crate) fn builder(&self, method: &str) -> Option<&Builder> {
        self.builders.get(method)
    }
}

impl TypesRead {
    /// Reads the items of `types`: each struct's fields, each type
    /// classified for the mappings (`enums` are ours, by name; the tuple
    /// structs are typify's newtypes).
    pub(crate) fn of(types: &[syn::Item], enums: &[StringEnum]) -> Self {
        let structs = || {
            types.iter().filter_map(|item| match item {
                syn::Item::Struct(s) => Some(s),
                _ => None,
            })
        };
        let newtypes: BTreeSet<String> = structs()
            .filter(|s| matches!(s.fields, syn::Fields::Unnamed(_)))
            .map(|s| s.ident.to_string())
            .collect();
        let enums: BTreeSet<&str> = enums.iter().map(|e| e.name.as_str()).collect();
        let mut read = BTreeMap::new();
        for s in structs() {
            if let syn::Fields::Named(named) = &s.fields {
                let fields = named
                    .named
                    .iter()
                    .filter_map(|f| field(f, &enums, &newtypes))
                    .collect();
                read.insert(s.ident.to_string(), fields);
            }
        }
        TypesRead { structs: read }
    }
}

fn field(f: &syn::Field, enums: &BTreeSet<&str>, newtypes: &BTreeSet<String>) -> Option<Field> {
    let ident = f.ident.as_ref()?;
    let rust = ident.to_string();
    let (rename, flattened) = serde_attributes(&f.attrs);
    let ty = &f.ty;
    Some(Field {
        json: rename.unwrap_or_else(|| rust.clone()),
        rust,
        ty: quote::quote!(#ty).to_string(),
        source: sources::classify(ty, enums, newtypes),
        flattened,
    })
}

/// The `rename` and whether `flatten` of a field's `#[serde(...)]`.
fn serde_attributes(attrs: &[syn::Attribute]) -> (Option<String>, bool) {
    let mut rename = None;
    let mut flatten = false;
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        let _ = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let value: syn::LitStr = meta.value()?.parse()?;
                rename = Some(value.value());
            } else if meta.path.is_ident("flatten") {
                flatten = true;
            } else if meta.input.peek(syn::Token![=]) {
                let _: syn::Expr = meta.value()?.parse()?;
            }
            Ok(())
        });
    }
    (rename, flatten)
}

/// Each method of `impl Client` and the builder type it returns
/// (`list_threads` → `ListThreads`).
fn client_methods(client: &syn::File) -> Vec<(String, String)> {
    let mut methods = Vec::new();
    for item in &client.items {
        let syn::Item::Impl(block) = item else {
            continue;
        };
        for member in &block.items {
            if let syn::ImplItem::Fn(f) = member
                && let syn::ReturnType::Type(_, ty) = &f.sig.output
                && let Some(name) = last_ident(ty)
            {
                methods.push((f.sig.ident.to_string(), name));
            }
        }
    }
    methods
}

/// The structs and impl blocks of progenitor's `builder` module by type
/// name, read once: looked up once per client method (thousands in a large
/// spec), a scan each would be quadratic.
struct BuilderItems<'f> {
    structs: HashMap<String, &'f syn::ItemStruct>,
    impls: HashMap<String, Vec<&'f syn::ItemImpl>>,
}

impl<'f> BuilderItems<'f> {
    fn of(items: &'f [syn::Item]) -> Self {
        let mut found = Self {
            structs: HashMap::new(),
            impls: HashMap::new(),
        };
        for item in items {
            match item {
                syn::Item::Struct(s) => {
                    found.structs.entry(s.ident.to_string()).or_insert(s);
                }
                syn::Item::Impl(imp) => {
                    if let Some(name) = last_ident(&imp.self_ty) {
                        found.impls.entry(name).or_default().push(imp);
                    }
                }
                _ => {}
            }
        }
        found
    }
}

/// `T` and `E` of the builder's `send(self) -> Result<ResponseValue<T>, Error<E>>`,
/// from the builder's impl blocks.
fn send_types(impls: &[&syn::ItemImpl]) -> Option<(syn::Type, syn::Type)> {
    impls.iter().find_map(|imp| {
        imp.items.iter().find_map(|i| {
            let syn::ImplItem::Fn(f) = i else { return None };
            let syn::ReturnType::Type(_, ty) = &f.sig.output else {
                return None;
            };
            if f.sig.ident != "send" {
                return None;
            }
            let [ok, err] = generic_args(ty)?;
            let page = generic_args(&ok).map(|[t]| t)?;
            let error = generic_args(&err).map(|[e]| e)?;
            Some((page, error))
        })
    })
}

/// The fields of the builder struct, each with the `T` of its
/// `Result<T, String>`.
fn builder_fields(builder: &syn::ItemStruct) -> Vec<(String, syn::Type)> {
    builder
        .fields
        .iter()
        .filter_map(|f| {
            let [ok, _] = generic_args(&f.ty)?;
            Some((f.ident.as_ref()?.to_string(), ok))
        })
        .collect()
}

/// The `N` generic type arguments of a path type's last segment.
fn generic_args<const N: usize>(ty: &syn::Type) -> Option<[syn::Type; N]> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let syn::PathArguments::AngleBracketed(args) = &path.path.segments.last()?.arguments else {
        return None;
    };
    let types: Vec<syn::Type> = args
        .args
        .iter()
        .filter_map(|a| match a {
            syn::GenericArgument::Type(t) => Some(t.clone()),
            _ => None,
        })
        .collect();
    types.try_into().ok()
}

/// `T` of `wrapper<T>` (`Option`, `Vec`), whatever the path before it.
pub(crate) fn inner<'t>(ty: &'t syn::Type, wrapper: &str) -> Option<&'t syn::Type> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    if last.ident != wrapper {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    args.args.iter().find_map(|a| match a {
        syn::GenericArgument::Type(t) => Some(t),
        _ => None,
    })
}

/// The last segment's name of a path type (`Thread` of `crate::types::Thread`).
pub(crate) fn last_ident(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decided(file: syn::File) -> Decided {
        let mut decided = Decided::new(vec!["Thread".into()], BTreeSet::new());
        decided.read_client(&file, &[]);
        decided
    }

    #[test]
    fn fields_builders_and_sends_are_read_once() {
        let decided = decided(syn::parse_quote! {
            pub mod types {
                pub struct Page {
                    #[serde(rename = "nextCursor", default)]
                    pub next_cursor: Option<String>,
                    pub results: Vec<Thread>,
                    #[serde(flatten)]
                    pub extra: ::serde_json::Map<String, ::serde_json::Value>,
                }
                pub struct Id(pub String);
            }
            impl Client {
                pub fn list_threads(&self) -> builder::ListThreads<'_> { todo!() }
            }
            pub mod builder {
                pub struct ListThreads<'a> {
                    client: &'a super::Client,
                    after: Result<Option<String>, String>,
                }
                impl<'a> ListThreads<'a> {
                    pub async fn send(self) -> Result<ResponseValue<types::Page>, Error<types::Oops>> {
                        todo!()
                    }
                }
            }
        });
        let next = decided.field("Page", "nextCursor").expect("renamed field");
        assert_eq!(next.rust, "next_cursor");
        assert!(!next.flattened);
        assert!(decided.field("Page", "next_cursor").is_none());
        assert!(decided.field("Page", "extra").expect("kept").flattened);
        // A newtype has no named fields: not among the structs.
        let structs: Vec<&String> = decided.structs().map(|(name, _)| name).collect();
        assert_eq!(structs, ["Page"]);
        let builder = decided.builder("list_threads").expect("a builder");
        assert_eq!(builder.name, "ListThreads");
        let after = builder.field("after").expect("a field");
        assert_eq!(quote::quote!(#after).to_string(), "Option < String >");
        assert!(builder.field("client").is_none());
        let (page, error) = builder.send.as_ref().expect("send types");
        assert_eq!(quote::quote!(#page).to_string(), "types :: Page");
        assert_eq!(quote::quote!(#error).to_string(), "types :: Oops");
    }
}
