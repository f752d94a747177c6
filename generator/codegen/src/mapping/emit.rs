//! Stage 4 for a mapping: the plan as Rust, the body of the provider's module
//! of the `conversations` crate. It reports nothing: every problem was found
//! by the check. The code follows the plan node by node, one uniform shape
//! per kind, rather than the shortest Rust for each case.
//!
//! Each function takes the decoded value by value and moves out the fields
//! it reads once (see [`Moves`]): normalizing copies no text it need not.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::plan::{
    Branch, Check, Constant, Conversion, EntryPlan, EnumValue, EventPlan, Iterate, MappingPlan,
    MessagePlan, ObjectPlan, Presence, Scalar, Shape, SourcePath, ThreadPlan, ValuePlan, Var, When,
};
use crate::model::Model;
use crate::names::{self, Provider, ident};

/// The module body: imports, the provider constant, the thread function and
/// one function per message section.
pub(crate) fn module_body(plan: &MappingPlan, provider: &Provider, model: &Model) -> TokenStream {
    let client = provider.crate_ident();
    let structs = model.struct_names().into_iter().map(ident);
    let enums = model.enum_names().into_iter().map(ident);
    let variant = provider.model_variant();
    let thread = plan
        .thread
        .as_ref()
        .map(|t| thread_fn(t, &plan.messages, &client));
    let messages = plan.messages.iter().map(|m| message_fn(m, &client));
    let event = plan.event.as_ref().map(|e| event_fn(e, &client));
    quote! {
        #[allow(unused_imports)]
        use crate::{#(#structs),*};
        #[allow(unused_imports)]
        use crate::{#(#enums),*};
        #[allow(unused_imports)]
        use client_runtime::__private::normalize;

        const PROVIDER: Provider = Provider::#variant;

        #thread
        #(#messages)*
        #event
    }
}

fn thread_fn(thread: &ThreadPlan, messages: &[MessagePlan], client: &Ident) -> TokenStream {
    let schema = ident(&thread.schema);
    // What the message sections read of the thread, while it is mapped.
    let parent_reads: Vec<&SourcePath> = messages
        .iter()
        .filter(|m| m.parent.is_some())
        .flat_map(|m| m.object.source_paths())
        .filter(|p| p.root == Var::Parent)
        .collect();
    let moves = Moves::of(&thread.object, &parent_reads);
    let body = object(&thread.object, &moves);
    let src = moves.src();
    let doc = format!(
        "Normalizes a `{}` of the provider's spec into a [`Thread`](crate::Thread).\n\n# Errors\n\
         [`MappingError::Missing`](crate::MappingError::Missing) when a field the model requires (the thread's `id`) is absent.",
        thread.schema
    );
    quote! {
        #[doc = #doc]
        pub(crate) fn thread_from(#src: #client::types::#schema, raw: crate::Raw) -> ::std::result::Result<crate::Thread, crate::MappingError> {
            Ok(#body)
        }
    }
}

fn message_fn(message: &MessagePlan, client: &Ident) -> TokenStream {
    let schema = ident(&message.schema);
    let name = names::message_fn(&message.schema);
    let parent = message.parent.as_deref().map(|thread| {
        let thread = ident(thread);
        quote! { parent: &#client::types::#thread, }
    });
    let moves = Moves::of(&message.object, &[]);
    let body = object(&message.object, &moves);
    let src = moves.src();
    let doc = format!(
        "Normalizes a `{}` of the provider's spec into a [`Message`](crate::Message).",
        message.schema
    );
    quote! {
        #[doc = #doc]
        pub(crate) fn #name(#src: #client::types::#schema, #parent raw: crate::Raw) -> crate::Message {
            #body
        }
    }
}

fn event_fn(event: &EventPlan, client: &Ident) -> TokenStream {
    let schema = ident(&event.schema);
    let moves = Moves::of(&event.object, &[]);
    let body = object(&event.object, &moves);
    let src = moves.src();
    let doc = format!(
        "Normalizes a `{}` of the provider's `{}` webhook into a [`ConversationEvent`](crate::ConversationEvent).\n\n# Errors\n\
         [`MappingError::Missing`](crate::MappingError::Missing) when a field the model requires is absent.",
        event.schema, event.webhook
    );
    quote! {
        #[doc = #doc]
        pub(crate) fn event_from(#src: #client::types::#schema, raw: crate::Raw) -> ::std::result::Result<crate::ConversationEvent, crate::MappingError> {
            Ok(#body)
        }
    }
}

/// `Type { field: value, … }`.
fn object(object: &ObjectPlan, moves: &Moves<'_>) -> TokenStream {
    let ty = ident(&object.type_name);
    let inits = object.fields.iter().map(|field| {
        let name = ident(&field.name);
        if field.value == ValuePlan::Raw {
            return quote! { #name };
        }
        let value = value(&field.value, moves);
        quote! { #name: #value }
    });
    quote! { #ty { #(#inits),* } }
}

fn value(value: &ValuePlan, moves: &Moves<'_>) -> TokenStream {
    match value {
        ValuePlan::Provider => quote! { PROVIDER },
        ValuePlan::Raw => quote! { raw },
        ValuePlan::Scalar { value, shape } => {
            let e = scalar(value, moves);
            match shape {
                Shape::AsIs => e,
                Shape::Some => quote! { Some(#e) },
                Shape::Required { schema, field } => quote! {
                    #e.ok_or(crate::MappingError::Missing { provider: PROVIDER, schema: #schema, field: #field })?
                },
            }
        }
        ValuePlan::Object {
            object: o,
            presence,
        } => {
            let built = object(o, moves);
            match presence {
                Presence::Required => built,
                Presence::Optional => quote! { Some(#built) },
                Presence::When(when) => {
                    let present = condition(when);
                    quote! { if #present { Some(#built) } else { None } }
                }
            }
        }
        ValuePlan::NoObject => quote! { None },
        ValuePlan::EmptyList => quote! { ::std::vec::Vec::new() },
        ValuePlan::Addresses(source) => {
            let source = access(source);
            quote! { #source.map(|v| normalize::split_addresses(v)).unwrap_or_default() }
        }
        ValuePlan::Entries(entries) => {
            let pushes = entries.iter().map(|e| entry(e, moves));
            quote! {{
                let mut items = ::std::vec::Vec::new();
                #(#pushes)*
                items
            }}
        }
    }
}

/// One entry of a list: pushes zero, one or many items onto `items`.
fn entry(entry: &EntryPlan, moves: &Moves<'_>) -> TokenStream {
    match entry {
        EntryPlan::Messages {
            iterate,
            schema,
            thread,
        } => {
            let function = names::message_fn(schema);
            let var = item(iterate.var);
            // The elements moved out of the list, or copies where the
            // function reads the list again.
            let (source, element) = if moves.moves(&iterate.source) {
                (take(&iterate.source), quote! { #var })
            } else {
                (access(&iterate.source), quote! { #var.clone() })
            };
            let thread = thread.map(|v| match v {
                Var::Src => quote! { &src, },
                _ => {
                    let v = var_ident(v);
                    quote! { #v, }
                }
            });
            let segments = iterate.source.json_segments();
            if iterate.each {
                // The raw payloads of the elements, located in the text only
                // when one of them is read.
                quote! {
                    let raws = raw.list(&[#(#segments),*]);
                    for (index, #var) in #source.into_iter().flatten().enumerate() {
                        items.push(#function(#element, #thread raws.item(index)));
                    }
                }
            } else {
                quote! {
                    if let Some(#var) = #source {
                        let raw = raw.member(&[#(#segments),*]);
                        items.push(#function(#element, #thread raw));
                    }
                }
            }
        }
        EntryPlan::Items {
            iterate,
            when,
            object: o,
        } => {
            let built = object(o, moves);
            let push = match when {
                Some(when) => {
                    let present = condition(when);
                    quote! { if #present { items.push(#built); } }
                }
                None => quote! { items.push(#built); },
            };
            let Some(Iterate {
                each,
                source,
                var,
                bound,
            }) = iterate
            else {
                return push;
            };
            // An entry that reads nothing from the element still makes one
            // item per element; its variable is then unused.
            let binding = if *bound {
                item(*var)
            } else {
                format_ident!("_")
            };
            let source = access(source);
            if *each {
                quote! { for #binding in #source.into_iter().flatten() { #push } }
            } else {
                quote! { if let Some(#binding) = #source { #push } }
            }
        }
    }
}

/// `when: f` or `when: [a, b]`: true when any of the fields is present;
/// `when: { … }`: when all of its checks hold.
fn condition(when: &When) -> TokenStream {
    if !when.checks.is_empty() {
        let checks = when.checks.iter().map(check);
        return quote! { #(#checks)&&* };
    }
    let checks: Vec<TokenStream> = when
        .paths
        .iter()
        .map(|path| {
            // A path of required fields only is always present.
            if path.can_be_absent() {
                let path = access(path);
                quote! { #path.is_some() }
            } else {
                quote! { true }
            }
        })
        .collect();
    match checks.as_slice() {
        [] => quote! { false },
        [one] => one.clone(),
        many => quote! { #(#many)||* },
    }
}

fn scalar(value: &Scalar, moves: &Moves<'_>) -> TokenStream {
    match value {
        Scalar::None => quote! { None },
        // Text read once is moved out, not copied.
        Scalar::Convert {
            source,
            conversion: Conversion::Clone,
            ..
        } if moves.moves(source) => take(source),
        Scalar::Convert {
            source, conversion, ..
        } => convert(&access(source), *conversion),
        Scalar::Const(c) => constant(c),
        Scalar::Map {
            source,
            arms,
            other,
            total,
        } => {
            let source = access(source);
            let other = enum_value(other);
            let arms = arms.iter().map(|(from, to)| {
                let to = enum_value(to);
                quote! { Some(#from) => Some(#to), }
            });
            let matched = quote! {
                match #source.map(|v| v.as_str()) {
                    #(#arms)*
                    Some(_) => Some(#other),
                    None => None,
                }
            };
            if *total {
                quote! { (#matched).unwrap_or(#other) }
            } else {
                matched
            }
        }
        Scalar::Equals { source, value } => {
            let source = access(source);
            quote! { #source.map(|v| v.as_str() == #value) }
        }
        Scalar::Rules {
            branches,
            otherwise,
        } => {
            // With `else: null`, every branch gives `Some`.
            let wrap = otherwise.is_none();
            let branches = branches.iter().map(|b| branch(b, wrap));
            let otherwise = match otherwise {
                Some(otherwise) => constant(otherwise),
                None => quote! { None },
            };
            quote! { #(#branches else)* { #otherwise } }
        }
        Scalar::FirstOf(options) => {
            let options: Vec<TokenStream> = options
                .iter()
                .map(|option| {
                    let e = scalar(option, moves);
                    if option.always() {
                        quote! { Some(#e) }
                    } else {
                        e
                    }
                })
                .collect();
            let first = options.first().cloned().unwrap_or_else(|| quote! { None });
            let rest = options.iter().skip(1);
            quote! { #first #(.or_else(|| #rest))* }
        }
        Scalar::Join(sources) => {
            let parts = sources.iter().map(|s| {
                let s = access(s);
                quote! { #s.map(|v| v.as_str()) }
            });
            quote! { normalize::join(&[#(#parts),*]) }
        }
    }
}

fn branch(branch: &Branch, wrap: bool) -> TokenStream {
    let checks = branch.checks.iter().map(check);
    let then = constant(&branch.then);
    let then = if wrap {
        quote! { Some(#then) }
    } else {
        then
    };
    quote! { if #(#checks)&&* { #then } }
}

/// One condition of an `if` or a `when`, as a `bool` expression.
fn check(check: &Check) -> TokenStream {
    match check {
        Check::Present(source) => {
            let source = access(source);
            quote! { #source.is_some() }
        }
        Check::Equals(source, value) => {
            let source = access(source);
            quote! { #source.map(|v| v.as_str()) == Some(#value) }
        }
        Check::NotEquals(source, value) => {
            let source = access(source);
            quote! { #source.map(|v| v.as_str()) != Some(#value) }
        }
        Check::StartsWith(source, prefix) => {
            let source = access(source);
            quote! { #source.is_some_and(|v| v.starts_with(#prefix)) }
        }
    }
}

fn convert(source: &TokenStream, conversion: Conversion) -> TokenStream {
    match conversion {
        Conversion::Clone => quote! { #source.cloned() },
        Conversion::EnumText => quote! { #source.map(|v| v.as_str().to_owned()) },
        Conversion::Copied => quote! { #source.copied() },
        Conversion::Timestamp => quote! { #source.and_then(|v| normalize::timestamp(v)) },
        Conversion::Display => quote! { #source.map(|v| v.to_string()) },
        Conversion::JsonText => quote! { #source.and_then(normalize::json_text) },
        Conversion::NewtypeJsonText => quote! { #source.and_then(|v| normalize::json_text(&v.0)) },
        Conversion::Integer => quote! { #source.and_then(|v| normalize::integer(*v)) },
        Conversion::EpochMillis => quote! { #source.and_then(|v| normalize::epoch_millis(*v)) },
    }
}

fn constant(constant: &Constant) -> TokenStream {
    match constant {
        Constant::Text(text) => quote! { #text.to_owned() },
        Constant::Bool(b) => quote! { #b },
        Constant::Integer(n) => quote! { #n },
        Constant::Enum(value) => enum_value(value),
    }
}

/// `ThreadStatus::NotLoaded`.
fn enum_value(value: &EnumValue) -> TokenStream {
    let ty = ident(&value.ty);
    let variant = names::variant(&value.value);
    quote! { #ty::#variant }
}

/// A source path as an expression of type `Option<&T>`.
fn access(path: &SourcePath) -> TokenStream {
    let var = var_ident(path.root);
    let mut tokens: Option<TokenStream> = None;
    for step in &path.steps {
        let field = ident(&step.field);
        tokens = Some(match (tokens, step.optional) {
            (None, true) => quote! { #var.#field.as_ref() },
            (None, false) => quote! { Some(&#var.#field) },
            (Some(prev), true) => quote! { #prev.and_then(|v| v.#field.as_ref()) },
            (Some(prev), false) => quote! { #prev.map(|v| &v.#field) },
        });
        if step.first {
            tokens = tokens.map(|prev| quote! { #prev.and_then(|v| v.first()) });
        }
    }
    tokens.unwrap_or_else(|| quote! { Some(&#var) })
}

/// A source path of `src` as an expression of type `Option<T>` that moves
/// the value out, leaving an empty one (`None`, or the type's default: the
/// paths [`Moves`] allows end in an `Option`, a `String` or a list).
fn take(path: &SourcePath) -> TokenStream {
    let var = var_ident(path.root);
    let Some((last, before)) = path.steps.split_last() else {
        return quote! { Some(#var) };
    };
    let mut place: Option<TokenStream> = None;
    for step in before {
        let field = ident(&step.field);
        place = Some(match (place, step.optional) {
            (None, true) => quote! { #var.#field.as_mut() },
            (None, false) => quote! { Some(&mut #var.#field) },
            (Some(prev), true) => quote! { #prev.and_then(|v| v.#field.as_mut()) },
            (Some(prev), false) => quote! { #prev.map(|v| &mut v.#field) },
        });
        if step.first {
            place = place.map(|prev| quote! { #prev.and_then(|v| v.first_mut()) });
        }
    }
    let field = ident(&last.field);
    match (place, last.optional) {
        (None, true) => quote! { #var.#field.take() },
        (None, false) => quote! { Some(::std::mem::take(&mut #var.#field)) },
        (Some(prev), true) => quote! { #prev.and_then(|v| v.#field.take()) },
        (Some(prev), false) => quote! { #prev.map(|v| ::std::mem::take(&mut v.#field)) },
    }
}

/// The source paths a function moves out of its `src` instead of copying:
/// a text copied into the model, or a list of embedded messages, that the
/// function reads nowhere else. "Nowhere else": no other read of the
/// function, nor of the message sections it calls with the thread
/// (`parent:`), is of the same field, a field inside it or one it is
/// inside, so no read can come after the move; and no read inside a loop
/// over another list, which runs once per element. A path through a list's
/// first element may not end there (an element has no empty value to
/// leave), nor may a single embedded message that is required.
struct Moves<'p> {
    moved: Vec<&'p SourcePath>,
}

impl<'p> Moves<'p> {
    /// For the function mapping `object`; `parent_reads`: what the message
    /// sections it calls read of it.
    fn of(object: &'p ObjectPlan, parent_reads: &[&SourcePath]) -> Self {
        let reads = object.source_paths();
        let mut sites = Vec::new();
        take_sites(object, &mut sites);
        let moved = sites
            .into_iter()
            .filter(|path| {
                path.root == Var::Src
                    && path.steps.last().is_some_and(|last| !last.first)
                    && reads.iter().filter(|other| other.overlaps(path)).count() == 1
                    && !parent_reads.iter().any(|read| {
                        SourcePath {
                            root: Var::Src,
                            ..(*read).clone()
                        }
                        .overlaps(path)
                    })
            })
            .collect();
        Self { moved }
    }

    /// Whether the read at `path` (this very node of the plan) moves.
    fn moves(&self, path: &SourcePath) -> bool {
        self.moved.iter().any(|moved| std::ptr::eq(*moved, path))
    }

    /// The function's `src` parameter: `mut` when something moves out of it.
    fn src(&self) -> TokenStream {
        if self.moved.is_empty() {
            quote! { src }
        } else {
            quote! { mut src }
        }
    }
}

/// The reads that could move: texts copied as they are, and lists (or an
/// optional single one) of embedded messages.
fn take_sites<'p>(object: &'p ObjectPlan, sites: &mut Vec<&'p SourcePath>) {
    fn scalar_sites<'p>(value: &'p Scalar, sites: &mut Vec<&'p SourcePath>) {
        match value {
            Scalar::Convert {
                source,
                conversion: Conversion::Clone,
                ..
            } => sites.push(source),
            Scalar::FirstOf(options) => options.iter().for_each(|o| scalar_sites(o, sites)),
            _ => {}
        }
    }
    for field in &object.fields {
        match &field.value {
            ValuePlan::Scalar { value, .. } => scalar_sites(value, sites),
            ValuePlan::Object { object, .. } => take_sites(object, sites),
            ValuePlan::Entries(entries) => {
                for entry in entries {
                    match entry {
                        // A row inside a loop runs once per element: it
                        // cannot move what it reads.
                        EntryPlan::Items {
                            iterate: Some(Iterate { each: true, .. }),
                            ..
                        } => {}
                        EntryPlan::Items { object, .. } => take_sites(object, sites),
                        EntryPlan::Messages { iterate, .. } => {
                            let optional = iterate.source.steps.last().is_some_and(|s| s.optional);
                            if iterate.each || optional {
                                sites.push(&iterate.source);
                            }
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

fn var_ident(var: Var) -> Ident {
    match var {
        Var::Src => format_ident!("src"),
        Var::Parent => format_ident!("parent"),
        Var::Item(n) => item(n),
    }
}

fn item(n: usize) -> Ident {
    format_ident!("item{n}")
}

#[cfg(test)]
mod tests {
    use super::super::tests::{MAPPING, edited, model, planned};
    use super::*;

    /// The module body of `text`, formatted.
    fn emitted(text: &str) -> String {
        let plan = planned(text).unwrap_or_else(|p| panic!("{p:#?}"));
        let (provider, _) = Provider::of_spec("specs/acme.yaml").expect("a provider");
        let file: syn::File =
            syn::parse2(module_body(&plan, &provider, &model())).expect("valid Rust");
        prettyplease::unparse(&file)
    }

    #[test]
    fn the_sample_mapping_as_rust() {
        insta::assert_snapshot!(emitted(MAPPING));
    }

    /// The source paths moved by the thread function and by the message
    /// section's, as written in the mapping.
    fn moved(text: &str) -> (Vec<String>, Vec<String>) {
        let plan = planned(text).unwrap_or_else(|p| panic!("{p:#?}"));
        let thread = plan.thread.as_ref().expect("a thread section");
        let parent_reads: Vec<&SourcePath> = plan
            .messages
            .iter()
            .flat_map(|m| m.object.source_paths())
            .filter(|p| p.root == Var::Parent)
            .collect();
        let texts = |moves: Moves<'_>| moves.moved.iter().map(|p| p.text.clone()).collect();
        (
            texts(Moves::of(&thread.object, &parent_reads)),
            texts(Moves::of(&plan.messages[0].object, &[])),
        )
    }

    #[test]
    fn a_field_read_once_moves_and_one_read_again_is_copied() {
        // `title` is read by `subject` and by a `when`, `owner.name` twice,
        // `id` by the message section (`parent: id`): copied. The messages
        // list and the message's own `id` are read once: moved.
        assert_eq!(
            moved(MAPPING),
            (vec!["messages".to_owned()], vec!["id".to_owned()])
        );
        let code = emitted(MAPPING);
        assert!(
            code.contains("Some(::std::mem::take(&mut src.messages))"),
            "{code}"
        );
        assert!(code.contains("id: src.id.take(),"), "{code}");
        assert!(code.contains("parent.id.as_ref().cloned()"), "{code}");
        // Without the `parent:` read, the thread's id moves too; without the
        // `when`, so does `title`.
        let (thread, _) = moved(&edited("thread_id: { parent: id }", "thread_id: null"));
        assert_eq!(thread, ["id", "messages"]);
        let (thread, _) = moved(&edited(
            "      - when: [title]
",
            "      - when: [state]
",
        ));
        assert_eq!(thread, ["title", "messages"]);
    }

    #[test]
    fn an_entry_that_reads_nothing_of_its_element_binds_no_variable() {
        let code = emitted(&edited("        name: name\n", "        name: null\n"));
        assert!(
            code.contains("for _ in Some(&src.people).into_iter().flatten() {"),
            "{code}"
        );
        let code = emitted(MAPPING);
        assert!(
            code.contains("for item1 in Some(&src.people).into_iter().flatten() {"),
            "{code}"
        );
    }

    #[test]
    fn an_event_section_as_rust() {
        let text = format!("{MAPPING}{}", super::super::tests::EVENT);
        let plan = super::super::tests::planned_with(&text, &super::super::tests::webhooks())
            .unwrap_or_else(|p| panic!("{p:#?}"));
        let (provider, _) = Provider::of_spec("specs/acme.yaml").expect("a provider");
        let file: syn::File =
            syn::parse2(module_body(&plan, &provider, &model())).expect("valid Rust");
        let code = prettyplease::unparse(&file);
        let event = &code[code.find("pub(crate) fn event_from").expect("event_from")..];
        insta::assert_snapshot!(event);
    }

    #[test]
    fn imports_name_the_models_types() {
        let code = emitted(MAPPING);
        assert!(
            code.contains("use crate::{ConversationEvent, Message, Person, Thread};"),
            "{code}"
        );
        assert!(
            code.contains("use crate::{Kind, Provider, Role, Status};"),
            "{code}"
        );
        assert!(
            code.contains("const PROVIDER: Provider = Provider::Acme;"),
            "{code}"
        );
    }
}
