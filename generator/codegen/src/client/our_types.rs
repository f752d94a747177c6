//! Our enums and success unions, made while progenitor runs. They depend on
//! the plan alone, so the core progenitor leaves idle parses, reads and
//! formats them; the `types` half ([`super::halves`]) then puts their text
//! in after typify's items. prettyplease formats a module item by item, so
//! that text is the one the whole module would format to.

use std::collections::HashMap;

use super::emit;
use super::plan::{ClientPlan, StringEnum, SuccessUnion};
use crate::fixups;
use crate::manifest::PathRoots;
use crate::profile;

/// What our types are made from: the plan's enums and success unions, as
/// they were when progenitor started.
#[derive(Clone)]
pub(crate) struct Planned {
    enums: Vec<StringEnum>,
    unions: Vec<SuccessUnion>,
}

impl Planned {
    /// A copy of what `plan` holds of our types (progenitor's run may rename
    /// an enum of the plan meanwhile).
    pub(crate) fn of(plan: &ClientPlan) -> Self {
        Self {
            enums: plan.enums.clone(),
            unions: plan
                .operations
                .iter()
                .filter_map(|op| op.responses.union.clone())
                .collect(),
        }
    }

    /// Whether `plan` still holds these types, under these names.
    fn is_of(&self, plan: &ClientPlan) -> bool {
        self.enums == plan.enums
            && self.unions.iter().eq(plan
                .operations
                .iter()
                .filter_map(|op| op.responses.union.as_ref()))
    }
}

/// Our types, formatted, and what later steps ask of them.
pub(crate) struct OurTypes {
    planned: Planned,
    /// The items formatted as the body of a top-level module (indented once).
    pub(crate) text: String,
    /// How many structs and enums the items are.
    pub(crate) count: usize,
    /// How many items each planned enum's name has among them.
    pub(crate) enums: HashMap<String, usize>,
    /// The crates the items name.
    pub(crate) roots: PathRoots,
    /// The `chrono::DateTime`s they hold (see [`fixups::lenient_timestamps`]).
    pub(crate) date_times: usize,
}

impl OurTypes {
    /// Makes the items of `planned` and formats them.
    ///
    /// # Errors
    /// An item that does not parse (a bug of ours): its message.
    pub(crate) fn make(planned: &Planned) -> Result<Self, String> {
        let mut items = Vec::new();
        for e in &planned.enums {
            items.extend(emit::enum_items(e)?);
        }
        for union in &planned.unions {
            items.extend(emit::union_items(union)?);
        }
        let mut enums: HashMap<String, usize> = HashMap::new();
        for e in &planned.enums {
            enums.insert(e.name.clone(), 0);
        }
        count_enums(&items, &mut enums);
        let read = super::halves::file_of(Vec::new(), items);
        let (roots, date_times) = fixups::lenient_timestamps::roots_and_leftovers(&read);
        let count = count_types(&read.items);
        let text = module_body(read.items)?;
        Ok(Self {
            planned: planned.clone(),
            text,
            count,
            enums,
            roots,
            date_times,
        })
    }

    /// `made` if it was made from what `plan` holds now, else made again
    /// (progenitor renamed a type of ours meanwhile).
    ///
    /// # Errors
    /// As [`OurTypes::make`].
    pub(crate) fn current(made: Result<Self, String>, plan: &ClientPlan) -> Result<Self, String> {
        match made {
            Ok(made) if made.planned.is_of(plan) => Ok(made),
            _ => Self::make(&Planned::of(plan)),
        }
    }
}

/// Adds to `counts` how many enums of each name in it `items` declare.
pub(crate) fn count_enums(items: &[syn::Item], counts: &mut HashMap<String, usize>) {
    for item in items {
        if let syn::Item::Enum(e) = item
            && let Some(count) = counts.get_mut(&e.ident.to_string())
        {
            *count += 1;
        }
    }
}

/// How many structs and enums `items` declare.
pub(crate) fn count_types(items: &[syn::Item]) -> usize {
    items
        .iter()
        .filter(|i| matches!(i, syn::Item::Struct(_) | syn::Item::Enum(_)))
        .count()
}

/// `items` formatted as the body of a top-level module: each line indented
/// once, as prettyplease writes a module's items; empty without items.
///
/// # Errors
/// prettyplease wrote the module otherwise than `mod types {`, its items,
/// `}` (a bug of ours, or a prettyplease of another layout).
pub(crate) fn module_body(items: Vec<syn::Item>) -> Result<String, String> {
    if items.is_empty() {
        return Ok(String::new());
    }
    let module = syn::Item::Mod(syn::ItemMod {
        attrs: Vec::new(),
        vis: syn::Visibility::Inherited,
        unsafety: None,
        mod_token: Default::default(),
        ident: syn::Ident::new("types", proc_macro2::Span::call_site()),
        content: Some((Default::default(), items)),
        semi: None,
    });
    let text = profile::stage(profile::FORMAT, || {
        prettyplease::unparse(&super::halves::file_of(Vec::new(), vec![module]))
    });
    text.strip_prefix("mod types {\n")
        .and_then(|body| body.strip_suffix("}\n"))
        .map(str::to_owned)
        .ok_or_else(|| "prettyplease wrote a module of our types in another layout".to_owned())
}

/// `body` (formatted as by [`module_body`]) put in at the end of `module`, a
/// formatted module; `None` when `module` does not end as prettyplease ends
/// a module.
pub(crate) fn append_to_module(module: &str, body: &str) -> Option<String> {
    let head = module.strip_suffix("}\n")?;
    if body.is_empty() {
        return Some(module.to_owned());
    }
    // A module without items is written `mod m {}`; with them, the brace
    // ends its line.
    let newline = if head.ends_with('{') { "\n" } else { "" };
    Some(format!("{head}{newline}{body}}}\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(code: &str) -> Vec<syn::Item> {
        syn::parse_str::<syn::File>(code).expect("items").items
    }

    #[test]
    fn a_module_with_a_body_put_in_formats_as_one_with_the_items() {
        let typify = "pub enum A { X } pub struct B { pub a: A }";
        let ours =
            "#[derive(Clone)] pub enum C { Y(String) } impl C { pub fn f(&self) -> u8 { 1 } }";
        let whole = prettyplease::unparse(
            &syn::parse_str(&format!("#[allow(x)] pub mod types {{ {typify} {ours} }}"))
                .expect("a file"),
        );
        let alone = prettyplease::unparse(
            &syn::parse_str(&format!("#[allow(x)] pub mod types {{ {typify} }}")).expect("a file"),
        );
        let put_in = append_to_module(&alone, &module_body(items(ours)).expect("a body"));
        assert_eq!(put_in.as_deref(), Some(whole.as_str()));
        // Into a module without items.
        let empty = prettyplease::unparse(&syn::parse_str("pub mod types {}").expect("a file"));
        let whole = prettyplease::unparse(
            &syn::parse_str(&format!("pub mod types {{ {ours} }}")).expect("a file"),
        );
        assert_eq!(
            append_to_module(&empty, &module_body(items(ours)).expect("a body")).as_deref(),
            Some(whole.as_str())
        );
        // Nothing to put in.
        assert_eq!(module_body(Vec::new()).as_deref(), Ok(""));
        assert_eq!(
            append_to_module(&alone, "").as_deref(),
            Some(alone.as_str())
        );
        assert_eq!(append_to_module("pub struct A;\n// x", "x"), None);
    }

    #[test]
    fn enums_are_counted_by_planned_name() {
        let mut counts = HashMap::from([("A".to_owned(), 0), ("Z".to_owned(), 0)]);
        count_enums(
            &items("pub enum A { X } pub enum A { Y } pub enum B { Z } pub struct Z;"),
            &mut counts,
        );
        assert_eq!(
            counts,
            HashMap::from([("A".to_owned(), 2), ("Z".to_owned(), 0)])
        );
        assert_eq!(
            count_types(&items("pub enum A { X } pub struct Z; impl Z {}")),
            2
        );
    }
}
