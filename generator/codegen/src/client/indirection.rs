//! Which variants of our tagged unions must hold their subtype in a `Box`.
//!
//! typify boxes the references that close a cycle of types held by value,
//! but a tagged union is ours: typify sees it only as a replacement type, so
//! a cycle through it (`Contact.parent: Option<ContactParent>`,
//! `ContactParent::ThreadItem(ThreadItem)`, `ThreadItem.status: Contact`)
//! reaches rustc unbroken (`error[E0072]: recursive type has infinite
//! size`). Boxing every variant whose subtype holds its union by value
//! breaks each such cycle: any cycle without a union in it is typify's,
//! already broken.

use std::collections::{BTreeMap, BTreeSet};

use crate::client::plan::TaggedUnion;

/// The `(union, variant)` pairs whose subtype holds, by value and through
/// any number of types, the union itself. `types` is the generated `types`
/// module without the unions; the unions' variants are read from the plan.
pub(crate) fn boxed_variants(
    types: &[syn::Item],
    unions: &[TaggedUnion],
) -> BTreeSet<(String, String)> {
    let mut held: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for item in types {
        match item {
            syn::Item::Struct(s) => {
                let entry = held.entry(s.ident.to_string()).or_default();
                for field in &s.fields {
                    by_value(&field.ty, entry);
                }
            }
            syn::Item::Enum(e) => {
                let entry = held.entry(e.ident.to_string()).or_default();
                for field in e.variants.iter().flat_map(|v| v.fields.iter()) {
                    by_value(&field.ty, entry);
                }
            }
            _ => {}
        }
    }
    for union in unions {
        let entry = held.entry(union.name.clone()).or_default();
        entry.extend(union.variants.iter().map(|v| v.name.clone()));
    }
    let mut boxed = BTreeSet::new();
    for union in unions {
        for variant in &union.variants {
            if reaches(&held, &variant.name, &union.name) {
                boxed.insert((union.name.clone(), variant.name.clone()));
            }
        }
    }
    boxed
}

/// Adds to `out` the last path segment of every type `ty` holds by value:
/// itself, and what an `Option`, a tuple or an array holds. A `Vec`, a map
/// or a `Box` is an indirection and holds nothing by value.
fn by_value(ty: &syn::Type, out: &mut BTreeSet<String>) {
    match ty {
        syn::Type::Path(path) => {
            let Some(last) = path.path.segments.last() else {
                return;
            };
            if last.ident == "Option" {
                if let syn::PathArguments::AngleBracketed(args) = &last.arguments {
                    for arg in &args.args {
                        if let syn::GenericArgument::Type(inner) = arg {
                            by_value(inner, out);
                        }
                    }
                }
            } else {
                out.insert(last.ident.to_string());
            }
        }
        syn::Type::Tuple(tuple) => tuple.elems.iter().for_each(|t| by_value(t, out)),
        syn::Type::Array(array) => by_value(&array.elem, out),
        syn::Type::Paren(inner) => by_value(&inner.elem, out),
        syn::Type::Group(inner) => by_value(&inner.elem, out),
        _ => {}
    }
}

/// Whether `from` holds `to` by value, directly or through other types.
fn reaches(held: &BTreeMap<String, BTreeSet<String>>, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from];
    while let Some(name) = stack.pop() {
        if !seen.insert(name) {
            continue;
        }
        for next in held.get(name).into_iter().flatten() {
            if next == to {
                return true;
            }
            stack.push(next);
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::plan::TaggedVariant;

    fn union(name: &str, variants: &[&str]) -> TaggedUnion {
        TaggedUnion {
            base: name.to_owned(),
            pointer: format!("/components/schemas/{name}"),
            inline: false,
            name: name.to_owned(),
            tag: None,
            variants: variants
                .iter()
                .map(|v| TaggedVariant {
                    name: (*v).to_owned(),
                    value: None,
                })
                .collect(),
            back_references: Vec::new(),
            description: None,
        }
    }

    fn items(code: &str) -> Vec<syn::Item> {
        syn::parse_file(code).expect("test code parses").items
    }

    #[test]
    fn a_variant_whose_subtype_holds_the_union_through_an_option_is_boxed() {
        // s4921 of the generated-specs run, reduced.
        let types = items(
            "pub struct Contact { pub parent: ::std::option::Option<crate::types::ContactParent> }
             pub enum ThreadItem { Variant0 { status: Contact }, Variant1 { other: Message } }
             pub struct Message(pub Status);
             pub enum Status { Open }",
        );
        let unions = [
            union("ContactParent", &["ThreadItem"]),
            union("Other", &["Message"]),
        ];
        let boxed = boxed_variants(&types, &unions);
        assert_eq!(
            boxed.into_iter().collect::<Vec<_>>(),
            vec![("ContactParent".to_owned(), "ThreadItem".to_owned())]
        );
    }

    #[test]
    fn a_cycle_broken_by_a_vec_a_map_or_a_box_boxes_nothing() {
        let types = items(
            "pub struct A { pub list: Vec<U>, pub map: ::std::collections::HashMap<String, U> }
             pub struct B { pub boxed: ::std::boxed::Box<U> }",
        );
        let unions = [union("U", &["A", "B"])];
        assert!(boxed_variants(&types, &unions).is_empty());
    }

    #[test]
    fn a_cycle_through_two_unions_boxes_the_variants_on_it() {
        let types = items("pub struct A { pub v: (V, u8) } pub struct B { pub u: [U; 2] }");
        let unions = [union("U", &["A"]), union("V", &["B"])];
        let boxed: Vec<_> = boxed_variants(&types, &unions).into_iter().collect();
        assert_eq!(
            boxed,
            vec![
                ("U".to_owned(), "A".to_owned()),
                ("V".to_owned(), "B".to_owned())
            ]
        );
    }
}
