//! `send_message` and `update_thread`: the write methods of the unified
//! client, from the mapping's write plans. A write refuses what the provider
//! cannot take before it sends anything, reads the thread where a body needs
//! it, sends its steps in order and answers from the last one.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::super::ProviderPlan;
use super::{call, fetch_raw, invalid, list_call, operation, path};
use crate::mapping::operations::{
    AnswerPlan, BodyFieldPlan, BodyValue, Input, LatestMessage, MessagesPlan, StepPlan, WritePlan,
};

/// `send_message` or `update_thread`: refuse what the provider cannot take,
/// read the thread where a body needs it, send the steps, answer.
pub(super) fn write_method(
    p: &ProviderPlan<'_>,
    write: &WritePlan,
    client: &Ident,
    unified: &str,
) -> Option<TokenStream> {
    let provider = p.provider().as_str();
    let inputs: &[Input] = if unified == "send_message" {
        &Input::SEND
    } else {
        &Input::UPDATE
    };
    let refusals = unread_refusals(write, inputs, unified, provider);
    let missing = missing_inputs(write, unified, provider);
    let read_thread = if write.reads_thread {
        let get = p.thread.as_ref().and_then(|t| t.call.as_ref())?;
        let fetch = fetch_raw(p, get, client, quote! { thread_id })?;
        Some(quote! { let thread = #fetch; })
    } else {
        None
    };
    let read_messages = if write.reads_messages {
        let Some(MessagesPlan::Listed(list)) = &p.mapping.operations.list_messages else {
            return None;
        };
        let list_call = list_call(p, list, unified, client)?;
        let fixed = list.fixed.iter().map(|(param, value)| {
            quote! { params.push((#param, #value.to_owned())); }
        });
        Some(quote! {
            // The thread's messages, every page, each as it came.
            let messages: ::std::vec::Vec<crate::Raw> = {
                #[allow(unused_mut)]
                let mut params: ::std::vec::Vec<(&'static str, ::std::string::String)> = ::std::vec::Vec::new();
                #(#fixed)*
                let list = #list_call;
                ::futures::TryStreamExt::try_collect(
                    client_runtime::__private::pages::raw_items(self.inner(), self.client(), self.baseurl(), list),
                )
                .await?
            };
        })
    } else {
        None
    };
    let last = write.steps.len().saturating_sub(1);
    let steps = write
        .steps
        .iter()
        .enumerate()
        .map(|(i, step)| send_step(p, step, client, unified, i == last))
        .collect::<Option<Vec<_>>>()?;
    let answer = answer(&write.answer);
    let unused = if unified == "send_message" {
        quote! { let _ = &message; }
    } else {
        quote! { let _ = &update; }
    };
    Some(quote! {
        Box::pin(async move {
            use #client::ClientInfo as _;
            #unused
            #refusals
            #missing
            #read_thread
            #read_messages
            #(#steps)*
            #answer
        })
    })
}

/// A caller's value no body reads is refused, never dropped.
fn unread_refusals(
    write: &WritePlan,
    inputs: &[Input],
    unified: &str,
    provider: &str,
) -> TokenStream {
    let unread = |input: Input| !write.reads.contains(&input);
    let mut refusals = Vec::new();
    let mut refuse = |field: &str, given: TokenStream| {
        let error = invalid(
            unified,
            field,
            quote! {
                format!("{} has no `{}` for {}: leave it out", #provider, #field, #unified)
            },
        );
        refusals.push(quote! { if #given { return Err(#error); } });
    };
    if inputs.contains(&Input::Html) && unread(Input::Html) {
        refuse("html", quote! { message.html.is_some() });
    }
    if inputs.contains(&Input::Sender) && unread(Input::Sender) {
        refuse("sender", quote! { message.sender.is_some() });
    }
    if inputs.contains(&Input::Status) && unread(Input::Status) {
        refuse("status", quote! { update.status.is_some() });
    }
    if inputs.contains(&Input::AssigneeId) && unread(Input::AssigneeId) {
        refuse("assignee", quote! { update.assignee.is_some() });
    }
    quote! { #(#refusals)* }
}

/// A required property fed only by inputs the caller may leave out (a
/// HubSpot reply's `sender`) is checked before any request, not when its
/// step comes.
fn missing_inputs(write: &WritePlan, unified: &str, provider: &str) -> TokenStream {
    let absent = |input: Input| match input {
        Input::Html => Some(quote! { message.html.is_none() }),
        Input::Sender => Some(quote! { message.sender.is_none() }),
        Input::Status => Some(quote! { update.status.is_none() }),
        Input::AssigneeId | Input::AssigneeKind => Some(quote! { update.assignee.is_none() }),
        Input::ThreadId | Input::Text | Input::TextHtml => None,
    };
    let checks = write
        .steps
        .iter()
        .flat_map(|step| step.body.iter().flatten())
        .filter(|field| field.required)
        .filter_map(|field| {
            let BodyValue::Input { inputs, .. } = &field.value else {
                return None;
            };
            let absent: Option<Vec<TokenStream>> = inputs.iter().map(|i| absent(*i)).collect();
            let absent = absent?;
            let from = inputs.first()?.field();
            let name = &field.name;
            let source = format!("`{from}`");
            let error = invalid(unified, from, quote! {
                format!("{} requires `{}` (from {}), and none was given", #provider, #name, #source)
            });
            Some(quote! { if #(#absent)&&* { return Err(#error); } })
        });
    quote! { #(#checks)* }
}

/// One request of a write; the last one's body's bytes are left in `body`.
fn send_step(
    p: &ProviderPlan<'_>,
    step: &StepPlan,
    client: &Ident,
    unified: &str,
    last: bool,
) -> Option<TokenStream> {
    let op = operation(p, &step.operation)?;
    let path = path(op, unified, &quote! { thread_id });
    let fields = step
        .body
        .iter()
        .flatten()
        .map(|field| body_field(p, field, unified));
    let json = match &step.body {
        Some(fields) if fields.is_empty() => {
            quote! { Some(::serde_json::Value::Object(::serde_json::Map::new())) }
        }
        Some(_) => quote! {{
            let mut json = ::serde_json::Map::new();
            #(#fields)*
            Some(::serde_json::Value::Object(json))
        }},
        None => quote! { None },
    };
    let call = call(p, op, path, quote! { ::std::vec::Vec::new() }, json, client);
    let send = quote! { client_runtime::__private::send(self.inner(), self.client(), self.baseurl(), #call).await? };
    Some(if last {
        quote! { let body = #send; }
    } else {
        quote! { #send; }
    })
}

/// `json.insert(name, value)` where the value is given; a required property
/// without one refuses the request.
fn body_field(p: &ProviderPlan<'_>, field: &BodyFieldPlan, unified: &str) -> TokenStream {
    let provider = p.provider().as_str();
    let name = &field.name;
    // The value; the caller's field it comes from (for `Error::Invalid`);
    // what it is, in words.
    let (value, from, source) = match &field.value {
        BodyValue::Const(value) => {
            let text = value.to_string();
            (
                // The text is the mapping's JSON, written by serde_json.
                quote! { Some(::serde_json::from_str::<::serde_json::Value>(#text).unwrap_or_default()) },
                "",
                "a constant".to_owned(),
            )
        }
        BodyValue::Thread(path) => (
            quote! { Some(thread.member(&[#(#path),*]).value()).filter(|v| !v.is_null()) },
            "thread_id",
            format!("the thread's `{}`", path.join(".")),
        ),
        BodyValue::LatestMessage(latest) => {
            let filter: Vec<String> = latest
                .filter
                .iter()
                .map(|(field, value)| format!("`{field}` {value}"))
                .collect();
            (
                latest_message(latest),
                "thread_id",
                format!(
                    "the `{}` of the thread's latest message with {}",
                    latest.each,
                    filter.join(" and ")
                ),
            )
        }
        BodyValue::Input { inputs, map } => {
            // Evaluated in order, outside closures: a value that cannot be
            // written returns `Error::Invalid` from the method.
            let mut values = inputs
                .iter()
                .map(|input| input_value(*input, map, field.nullable, unified, provider));
            let first = inputs.first().map(|i| i.field()).unwrap_or_default();
            let value = match (values.next(), inputs.len()) {
                (Some(only), 1) => only,
                (first_value, _) => quote! {{
                    let mut value: ::std::option::Option<::serde_json::Value> = #first_value;
                    #( if value.is_none() { value = #values; } )*
                    value
                }},
            };
            (value, first, format!("`{first}`"))
        }
    };
    let missing = field.required.then(|| {
        let error = invalid(
            unified,
            from,
            quote! {
                format!("{} requires `{}` (from {}), and none was given", #provider, #name, #source)
            },
        );
        quote! { else { return Err(#error); } }
    });
    quote! {
        if let Some(value) = #value { json.insert(#name.to_owned(), value); } #missing
    }
}

/// An expression `Option<serde_json::Value>`: the list built from the
/// thread's latest message of the kind `latest` says (the messages are in
/// `messages`, as listed), or `None` when there is none.
fn latest_message(latest: &LatestMessage) -> TokenStream {
    let by = &latest.by;
    let each = &latest.each;
    let checks: Vec<TokenStream> = latest
        .filter
        .iter()
        .map(|(field, value)| {
            quote! { message.member(&[#field]).value().as_str() == Some(#value) }
        })
        .collect();
    let filter = (!checks.is_empty()).then(|| quote! { .filter(|message| #(#checks)&&*) });
    let fields = latest.fields.iter().map(|(target, source, listed)| {
        let value = if *listed {
            quote! { ::serde_json::Value::Array(vec![value.clone()]) }
        } else {
            quote! { value.clone() }
        };
        quote! {
            if let Some(value) = element.get(#source).filter(|v| !v.is_null()) {
                object.insert(#target.to_owned(), #value);
            }
        }
    });
    quote! {{
        // The latest by its time; a tie, or no time, goes to the later listed.
        let latest = messages
            .iter()
            #filter
            .max_by_key(|message| {
                message.member(&[#by]).value().as_str().and_then(client_runtime::__private::normalize::timestamp)
            });
        latest
            .and_then(|message| match message.member(&[#each]).value() {
                ::serde_json::Value::Array(elements) => Some(elements),
                _ => None,
            })
            .filter(|elements| !elements.is_empty())
            .map(|elements| {
                ::serde_json::Value::Array(
                    elements
                        .iter()
                        .map(|element| {
                            let mut object = ::serde_json::Map::new();
                            #(#fields)*
                            ::serde_json::Value::Object(object)
                        })
                        .collect(),
                )
            })
    }}
}

/// An expression `Option<serde_json::Value>`: the input's value, if given
/// (`return`s `Error::Invalid` where it cannot be written).
fn input_value(
    input: Input,
    map: &[(String, String)],
    nullable: bool,
    unified: &str,
    provider: &str,
) -> TokenStream {
    let text = |value: TokenStream| quote! { Some(::serde_json::Value::String(#value)) };
    let mapped = |value: TokenStream, field: &str| {
        let arms = map
            .iter()
            .map(|(model, native)| quote! { #model => #native, });
        let known: Vec<&str> = map.iter().map(|(model, _)| model.as_str()).collect();
        let known = known.join(", ");
        let error = invalid(
            unified,
            field,
            quote! {
                format!("{} has no word for `{other}`; it takes: {}", #provider, #known)
            },
        );
        quote! {
            match #value.as_str() {
                #(#arms)*
                other => return Err(#error),
            }.to_owned()
        }
    };
    match input {
        Input::ThreadId => text(quote! { thread_id.to_owned() }),
        Input::Text => text(quote! { message.text.clone() }),
        Input::TextHtml => {
            text(quote! { client_runtime::__private::normalize::text_as_html(&message.text) })
        }
        Input::Html => quote! { message.html.clone().map(::serde_json::Value::String) },
        Input::Sender => quote! { message.sender.clone().map(::serde_json::Value::String) },
        Input::Status => {
            let value = mapped(quote! { status }, "status");
            quote! {
                match update.status {
                    Some(status) => Some(::serde_json::Value::String(#value)),
                    None => None,
                }
            }
        }
        Input::AssigneeId => {
            let clear = if nullable {
                quote! { Some(::serde_json::Value::Null) }
            } else {
                let error = invalid(
                    unified,
                    "assignee",
                    quote! {
                        format!("{} cannot clear the assignee", #provider)
                    },
                );
                quote! { return Err(#error) }
            };
            quote! {
                match &update.assignee {
                    Some(crate::AssigneeUpdate::Set { id, .. }) => Some(::serde_json::Value::String(id.clone())),
                    Some(crate::AssigneeUpdate::Clear) => #clear,
                    None => None,
                }
            }
        }
        Input::AssigneeKind => {
            let value = mapped(quote! { kind }, "assignee");
            quote! {
                match &update.assignee {
                    Some(crate::AssigneeUpdate::Set { kind, .. }) => Some(::serde_json::Value::String(#value)),
                    _ => None,
                }
            }
        }
    }
}

/// What the write returns, from the last response's `body`.
fn answer(answer: &AnswerPlan) -> TokenStream {
    let raw = quote! {
        let raw = if body.is_empty() {
            crate::Raw::null()
        } else {
            crate::Raw::from_slice(&body).unwrap_or_else(|_| crate::Raw::null())
        };
    };
    match answer {
        AnswerPlan::Thread => quote! {
            crate::thread_from_bytes(PROVIDER, &body).map_err(|e| crate::unified_error("update_thread", &body, e))
        },
        AnswerPlan::ReadThread => quote! {
            let _ = body;
            crate::ConversationsClient::get_thread(self, thread_id).await
        },
        AnswerPlan::Ids { id, status } => {
            let read = |path: &Option<Vec<String>>| match path {
                Some(path) => {
                    quote! { raw.member(&[#(#path),*]).deserialize_as::<::std::string::String>().ok() }
                }
                None => quote! { None },
            };
            let (id, status) = (read(id), read(status));
            quote! {
                #raw
                Ok(crate::Sent { message: None, id: #id, status: #status, raw })
            }
        }
        AnswerPlan::Message => quote! {
            let message = crate::message_from_bytes(PROVIDER, &body)
                .map_err(|e| crate::unified_error("send_message", &body, e))?;
            Ok(crate::Sent {
                id: message.id.clone(),
                status: message.delivery_native.clone(),
                raw: message.raw.clone(),
                message: Some(message),
            })
        },
        AnswerPlan::Nothing => quote! {
            #raw
            Ok(crate::Sent { message: None, id: None, status: None, raw })
        },
    }
}
