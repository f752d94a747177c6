//! The unified client's operations beyond `get_thread` and `get_message`
//! (`list_threads`, `list_messages`, `send_message`, `update_thread`), from
//! the mapping's `operations:` plan: one method of `ConversationsClient`
//! each, or an `Unsupported` answer where the plan has none.
//!
//! Every request goes through `client_runtime::__private::send` with the client's
//! state, so the credential, the retry rules (a write is not repeated after a
//! 5xx unless the provider deduplicates it) and the tracing are those of the
//! generated client's own methods.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{Call, ProviderPlan, error_message};
use crate::client::plan::OperationPlan;
use crate::mapping::operations::{ListPlan, MessagesPlan, QueryInput, SchemePlan};
use crate::names::{self, ident};

mod writes;

use writes::write_method;

/// The four methods, in the trait's order.
pub(crate) fn methods(p: &ProviderPlan<'_>, client: &Ident) -> TokenStream {
    let ops = &p.mapping.operations;
    let list_threads = ops
        .list_threads
        .as_ref()
        .and_then(|list| list_threads(p, list, client))
        .unwrap_or_else(|| unsupported_list("list_threads", quote! { query }));
    let list_messages = match &ops.list_messages {
        Some(MessagesPlan::Embedded) => Some(embedded_messages()),
        Some(MessagesPlan::Listed(list)) => listed_messages(p, list, client),
        None => None,
    }
    .unwrap_or_else(|| unsupported_list("list_messages", quote! { thread_id }));
    let send_message = ops
        .send_message
        .as_ref()
        .and_then(|write| write_method(p, write, client, "send_message"))
        .unwrap_or_else(|| unsupported_write("send_message", quote! { message }));
    let update_thread = ops
        .update_thread
        .as_ref()
        .and_then(|write| write_method(p, write, client, "update_thread"))
        .unwrap_or_else(|| unsupported_write("update_thread", quote! { update }));
    quote! {
        fn list_threads<'a>(&'a self, query: crate::ThreadQuery) -> crate::Items<'a, Thread> {
            #list_threads
        }

        fn list_messages<'a>(&'a self, thread_id: &'a str) -> crate::Items<'a, Message> {
            #list_messages
        }

        fn send_message<'a>(&'a self, thread_id: &'a str, message: crate::NewMessage) -> crate::BoxFuture<'a, ::std::result::Result<crate::Sent, crate::Error>> {
            #send_message
        }

        fn update_thread<'a>(&'a self, thread_id: &'a str, update: crate::ThreadUpdate) -> crate::BoxFuture<'a, ::std::result::Result<Thread, crate::Error>> {
            #update_thread
        }
    }
}

fn unsupported_error(operation: &str) -> TokenStream {
    quote! { crate::Error::Unsupported { provider: PROVIDER.as_str(), operation: #operation } }
}

fn unsupported_list(operation: &str, argument: TokenStream) -> TokenStream {
    let error = unsupported_error(operation);
    quote! {
        let _ = #argument;
        crate::refused(#error)
    }
}

fn unsupported_write(operation: &str, argument: TokenStream) -> TokenStream {
    let error = unsupported_error(operation);
    quote! {
        let _ = (thread_id, #argument);
        Box::pin(async move { Err(#error) })
    }
}

/// `crate::Error::Invalid` for `field` with a `format!`ted message.
fn invalid(operation: &str, field: &str, message: TokenStream) -> TokenStream {
    quote! {
        crate::Error::Invalid { provider: PROVIDER.as_str(), operation: #operation, field: #field, message: #message }
    }
}

/// The operation `id` of the provider's client. The mapping check made sure
/// it exists; a method whose operation is missing all the same is emitted as
/// unsupported rather than stopping the generator.
fn operation<'p>(p: &'p ProviderPlan<'_>, id: &str) -> Option<&'p OperationPlan> {
    p.client.operations.iter().find(|op| op.id == id)
}

/// `let <name>: &str = …;` the path id checked where the path takes an
/// integer (HubSpot), and the path of `op` with it.
fn path(op: &OperationPlan, unified: &str, id: &TokenStream) -> TokenStream {
    let template = op.path.format_string();
    match op.path_params.first() {
        None => quote! { #template.to_owned() },
        Some((_, false)) => {
            quote! { format!(#template, client_runtime::__private::encode_path(#id)) }
        }
        Some((_, true)) => {
            let message = invalid(
                unified,
                "thread_id",
                quote! { format!("`{}` is not a {} thread id: they are integers", #id, PROVIDER.as_str()) },
            );
            quote! {
                format!(#template, #id.trim().parse::<i64>().map_err(|_| #message)?)
            }
        }
    }
}

/// `client_runtime::__private::Call { … }` for `op`.
fn call(
    p: &ProviderPlan<'_>,
    op: &OperationPlan,
    path: TokenStream,
    query: TokenStream,
    body: TokenStream,
    client: &Ident,
) -> TokenStream {
    let id = &op.id;
    let method = format_ident!("{}", op.method.as_http());
    let error_message = error_message(p.error_fields.get(id), client);
    quote! {
        client_runtime::__private::Call {
            operation: #id,
            method: client_runtime::__private::Method::#method,
            path: #path,
            query: #query,
            body: #body,
            error_message: #error_message,
        }
    }
}

/// `client_runtime::__private::pages::List` for a list plan; `params` holds its query.
fn list_call(
    p: &ProviderPlan<'_>,
    list: &ListPlan,
    unified: &str,
    client: &Ident,
) -> Option<TokenStream> {
    let op = operation(p, &list.operation)?;
    let path = path(op, unified, &quote! { thread_id });
    let call = call(p, op, path, quote! { params }, quote! { None }, client);
    let items = &list.items;
    let scheme = match &list.scheme {
        SchemePlan::Cursor { param, next } => quote! {
            client_runtime::__private::pages::Scheme::Cursor { param: #param, next: &[#(#next),*] }
        },
        SchemePlan::Offset { param, total } => {
            let total = match total {
                Some(total) => quote! { Some(&[#(#total),*]) },
                None => quote! { None },
            };
            quote! { client_runtime::__private::pages::Scheme::Offset { param: #param, total: #total } }
        }
        SchemePlan::Single => quote! { client_runtime::__private::pages::Scheme::Single },
    };
    Some(quote! {
        client_runtime::__private::pages::List { call: #call, items: &[#(#items),*], scheme: #scheme }
    })
}

/// The statements that fill `params` from the query and `fixed:`.
fn query_params(p: &ProviderPlan<'_>, list: &ListPlan, unified: &str) -> TokenStream {
    let provider = p.provider().as_str();
    let pushes = list.query.iter().map(|q| {
        let param = &q.param;
        let field = q.input.name();
        let value = match q.input {
            QueryInput::Status => {
                let arms = q.map.iter().map(|(model, native)| quote! { #model => Ok(#native), });
                let known: Vec<&str> = q.map.iter().map(|(model, _)| model.as_str()).collect();
                let known = known.join(", ");
                let error = invalid(unified, "status", quote! {
                    format!("{} cannot list threads by the status `{other}`; it can by: {}", #provider, #known)
                });
                quote! {
                    query.status.map(|status| match status.as_str() {
                        #(#arms)*
                        other => Err(#error),
                    }.map(str::to_owned)).transpose()?
                }
            }
            QueryInput::Inbox => quote! { query.inbox.clone() },
            QueryInput::UpdatedAfter => quote! {
                query.updated_after.map(|at| at.to_rfc3339_opts(::chrono::SecondsFormat::Secs, true))
            },
            QueryInput::PageSize => quote! { query.page_size.map(|size| size.to_string()) },
        };
        let required = q.required.then(|| {
            let error = invalid(unified, field, quote! {
                format!("{} lists threads only with `{}` (its `{}`): set it", #provider, #field, #param)
            });
            quote! { else { return Err(#error); } }
        });
        quote! {
            if let Some(value) = #value { params.push((#param, value)); } #required
        }
    });
    let fixed = list.fixed.iter().map(|(param, value)| {
        quote! { params.push((#param, #value.to_owned())); }
    });
    quote! { #(#pushes)* #(#fixed)* }
}

fn list_threads(p: &ProviderPlan<'_>, list: &ListPlan, client: &Ident) -> Option<TokenStream> {
    let query_params = query_params(p, list, "list_threads");
    let list_call = list_call(p, list, "list_threads", client)?;
    let threads = listed_items(
        client,
        &list.schema,
        item_mapper(p, &list.schema, client, Item::Thread),
    );
    let applied = |input: QueryInput| list.query.iter().any(|q| q.input == input);
    let (status, updated_after) = (
        applied(QueryInput::Status),
        applied(QueryInput::UpdatedAfter),
    );
    Some(quote! {
        use #client::ClientInfo as _;
        let build = || -> ::std::result::Result<client_runtime::__private::pages::List, crate::Error> {
            let mut params: ::std::vec::Vec<(&'static str, ::std::string::String)> = ::std::vec::Vec::new();
            #query_params
            Ok(#list_call)
        };
        let list = match build() {
            Ok(list) => list,
            Err(error) => return crate::refused(error),
        };
        let threads = #threads;
        crate::filtered(Box::pin(threads), &query, crate::Applied { status: #status, updated_after: #updated_after })
    })
}

/// What a listed item is normalized into.
#[derive(Clone, Copy)]
enum Item {
    Thread,
    Message,
}

/// The stream of a list's items, each decoded as the provider's `schema`
/// with its raw payload ([`pages::items`](client_runtime::__private::pages::items):
/// one pass over each page), mapped by `map`.
fn listed_items(client: &Ident, schema: &str, (map, fallible): (TokenStream, bool)) -> TokenStream {
    let ty = ident(schema);
    let apply = if fallible {
        quote! { and_then }
    } else {
        quote! { map }
    };
    quote! {
        ::futures::StreamExt::map(
            client_runtime::__private::pages::items::<#client::types::#ty>(self.inner(), self.client(), self.baseurl(), list),
            move |item| item.#apply(#map),
        )
    }
}

/// A closure `|(src, raw)|` normalizing one listed item, decoded already,
/// and whether it can fail (returns a `Result<T, Error>`, not a `T`).
fn item_mapper(
    p: &ProviderPlan<'_>,
    schema: &str,
    client: &Ident,
    item: Item,
) -> (TokenStream, bool) {
    let ty = ident(schema);
    let mut fallible = true;
    let map = match item {
        Item::Thread => quote! {
            thread_from(src, raw).map_err(|e| crate::Error::Mapping { provider: PROVIDER.as_str(), source: Box::new(e) })
        },
        Item::Message
            if p.message
                .as_ref()
                .is_some_and(|m| m.union && m.schema == schema) =>
        {
            let function = names::message_fn(schema);
            quote! {
                #function(src, raw).map_err(|e| crate::Error::Mapping { provider: PROVIDER.as_str(), source: Box::new(e) })
            }
        }
        Item::Message => {
            let function = names::message_fn(schema);
            let parent = p
                .mapping
                .messages
                .iter()
                .any(|m| m.schema == schema && m.parent.is_some())
                .then(|| quote! { &parent, });
            fallible = false;
            quote! { #function(src, #parent raw) }
        }
    };
    let closure = quote! {
        |(src, raw): (#client::types::#ty, crate::Raw)| { #map }
    };
    (closure, fallible)
}

/// The messages the thread carries: one `get_thread`.
fn embedded_messages() -> TokenStream {
    quote! {
        let thread = crate::ConversationsClient::get_thread(self, thread_id);
        let messages = ::futures::StreamExt::flat_map(
            ::futures::stream::once(thread),
            |thread| -> crate::Items<'a, Message> {
                match thread {
                    Ok(thread) => Box::pin(::futures::stream::iter(thread.messages.items.into_iter().map(Ok))),
                    Err(error) => crate::refused(error),
                }
            },
        );
        Box::pin(messages)
    }
}

/// A thread's messages from a list operation; where their mapping reads
/// the thread (`parent:`), the thread is read first.
fn listed_messages(p: &ProviderPlan<'_>, list: &ListPlan, client: &Ident) -> Option<TokenStream> {
    let query_params = query_params(p, list, "list_messages");
    let list_call = list_call(p, list, "list_messages", client)?;
    let messages = listed_items(
        client,
        &list.schema,
        item_mapper(p, &list.schema, client, Item::Message),
    );
    let parent = p
        .mapping
        .messages
        .iter()
        .find(|m| m.schema == list.schema)
        .and_then(|m| m.parent.as_deref());
    let read_parent = match (parent, p.thread.as_ref().and_then(|t| t.call.as_ref())) {
        (Some(thread), Some(get)) => {
            let fetch = fetch_raw(p, get, client, quote! { thread_id })?;
            let ty = ident(thread);
            let operation = &get.operation;
            quote! {
                let raw = #fetch;
                let decode = |source| crate::Error::Decode {
                    provider: PROVIDER.as_str(),
                    operation: #operation,
                    body: raw.get().to_owned(),
                    source,
                };
                let parent: #client::types::#ty = raw.deserialize_as().map_err(decode)?;
            }
        }
        (Some(_), None) => return None,
        (None, _) => TokenStream::new(),
    };
    Some(quote! {
        use #client::ClientInfo as _;
        let pages = async move {
            #read_parent
            #[allow(unused_mut)]
            let mut params: ::std::vec::Vec<(&'static str, ::std::string::String)> = ::std::vec::Vec::new();
            #query_params
            let list = #list_call;
            let messages = #messages;
            Ok::<crate::Items<'a, Message>, crate::Error>(Box::pin(messages))
        };
        Box::pin(::futures::StreamExt::flat_map(
            ::futures::stream::once(pages),
            |pages| pages.unwrap_or_else(crate::refused),
        ))
    })
}

/// An expression: the thread `id` fetched with `get`, as its raw payload
/// (`?` on failure).
fn fetch_raw(
    p: &ProviderPlan<'_>,
    get: &Call,
    client: &Ident,
    id: TokenStream,
) -> Option<TokenStream> {
    let op = operation(p, &get.operation)?;
    let path = path(op, &get.operation, &id);
    let call = call(
        p,
        op,
        path,
        quote! { ::std::vec::Vec::new() },
        quote! { None },
        client,
    );
    let operation = &get.operation;
    Some(quote! {{
        let body = client_runtime::__private::send(self.inner(), self.client(), self.baseurl(), #call).await?;
        crate::Raw::from_slice(&body).map_err(|source| crate::Error::Decode {
            provider: PROVIDER.as_str(),
            operation: #operation,
            body: String::from_utf8_lossy(&body).into_owned(),
            source,
        })?
    }})
}
