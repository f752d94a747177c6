//! Stage 4 for a mapping: the plan as Rust, the body of the provider's module
//! of the `conversations` crate. It reports nothing: every problem was found
//! by the check. The code follows the plan node by node, one uniform shape
//! per kind, rather than the shortest Rust for each case.

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
    let thread = plan.thread.as_ref().map(|t| thread_fn(t, &client));
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

fn thread_fn(thread: &ThreadPlan, client: &Ident) -> TokenStream {
    let schema = ident(&thread.schema);
    let body = object(&thread.object);
    let doc = format!(
        "Normalizes a `{}` of the provider's spec into a [`Thread`](crate::Thread).\n\n# Errors\n\
         [`MappingError::Missing`](crate::MappingError::Missing) when a field the model requires (the thread's `id`) is absent.",
        thread.schema
    );
    quote! {
        #[doc = #doc]
        pub(crate) fn thread_from(src: &#client::types::#schema, raw: crate::Raw) -> ::std::result::Result<crate::Thread, crate::MappingError> {
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
    let body = object(&message.object);
    let doc = format!(
        "Normalizes a `{}` of the provider's spec into a [`Message`](crate::Message).",
        message.schema
    );
    quote! {
        #[doc = #doc]
        pub(crate) fn #name(src: &#client::types::#schema, #parent raw: crate::Raw) -> crate::Message {
            #body
        }
    }
}

fn event_fn(event: &EventPlan, client: &Ident) -> TokenStream {
    let schema = ident(&event.schema);
    let body = object(&event.object);
    let doc = format!(
        "Normalizes a `{}` of the provider's `{}` webhook into a [`ConversationEvent`](crate::ConversationEvent).\n\n# Errors\n\
         [`MappingError::Missing`](crate::MappingError::Missing) when a field the model requires is absent.",
        event.schema, event.webhook
    );
    quote! {
        #[doc = #doc]
        pub(crate) fn event_from(src: &#client::types::#schema, raw: crate::Raw) -> ::std::result::Result<crate::ConversationEvent, crate::MappingError> {
            Ok(#body)
        }
    }
}

/// `Type { field: value, … }`.
fn object(object: &ObjectPlan) -> TokenStream {
    let ty = ident(&object.type_name);
    let inits = object.fields.iter().map(|field| {
        let name = ident(&field.name);
        if field.value == ValuePlan::Raw {
            return quote! { #name };
        }
        let value = value(&field.value);
        quote! { #name: #value }
    });
    quote! { #ty { #(#inits),* } }
}

fn value(value: &ValuePlan) -> TokenStream {
    match value {
        ValuePlan::Provider => quote! { PROVIDER },
        ValuePlan::Raw => quote! { raw },
        ValuePlan::Scalar { value, shape } => {
            let e = scalar(value);
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
            let built = object(o);
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
            let pushes = entries.iter().map(entry);
            quote! {{
                let mut items = ::std::vec::Vec::new();
                #(#pushes)*
                items
            }}
        }
    }
}

/// One entry of a list: pushes zero, one or many items onto `items`.
fn entry(entry: &EntryPlan) -> TokenStream {
    match entry {
        EntryPlan::Messages {
            iterate,
            schema,
            thread,
        } => {
            let function = names::message_fn(schema);
            let var = item(iterate.var);
            let source = access(&iterate.source);
            let thread = thread.map(|v| {
                let v = var_ident(v);
                quote! { #v, }
            });
            let segments = iterate.source.json_segments();
            if iterate.each {
                // The raw payloads of the elements, in one pass over the text.
                quote! {
                    let mut raws = raw.members(&[#(#segments),*]).into_iter();
                    for #var in #source.into_iter().flatten() {
                        let raw = raws.next().unwrap_or_else(crate::Raw::null);
                        items.push(#function(#var, #thread raw));
                    }
                }
            } else {
                quote! {
                    if let Some(#var) = #source {
                        let raw = raw.member(&[#(#segments),*]);
                        items.push(#function(#var, #thread raw));
                    }
                }
            }
        }
        EntryPlan::Items {
            iterate,
            when,
            object: o,
        } => {
            let built = object(o);
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

fn scalar(value: &Scalar) -> TokenStream {
    match value {
        Scalar::None => quote! { None },
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
                    let e = scalar(option);
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
