//! One provider's module of the `conversations` crate: the mapping functions
//! (from the mapping plan), the public ways in (`thread_from_json`,
//! `thread_from_bytes`, `TryFrom`; the same for messages), and the unified
//! client for the provider's generated client.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::{Call, EntryPoint, ProviderPlan, error_message, operations};
use crate::mapping::emit::module_body;
use crate::model::Model;
use crate::names::{self, ident};

/// `pub mod <provider> { … }`.
pub(crate) fn module(p: &ProviderPlan<'_>, model: &Model) -> TokenStream {
    let provider = p.provider();
    let module = provider.module_ident();
    let client = provider.crate_ident();
    let unused = p.mapping.unused_list(true);
    let doc = format!(
        "{}: its payloads normalized into the model, and its client as a \
         [`ConversationsClient`](crate::ConversationsClient).\n\nProvider fields no mapping \
         reads (they stay in `raw`): {unused}.",
        provider.as_str(),
    );
    let body = module_body(&p.mapping, provider, model);
    let thread = p
        .thread
        .as_ref()
        .map(|entry| decoders(p, entry, &client, Kind::Thread));
    let message = p
        .message
        .as_ref()
        .map(|entry| decoders(p, entry, &client, Kind::Message));
    let union = p
        .message
        .as_ref()
        .filter(|entry| entry.union)
        .map(|entry| union_function(p, entry, &client));
    let unified = unified_client(p, &client);
    let webhook = verify_webhook(p, &client);
    quote! {
        #[doc = #doc]
        // The code follows the mapping file rule by rule, one uniform shape
        // per rule form, rather than the shortest Rust for each case.
        #[allow(clippy::if_same_then_else, clippy::option_as_ref_deref)]
        pub mod #module {
            #body
            #union
            #thread
            #message
            #webhook
            #unified
        }
    }
}

/// `verify_webhook`: a delivery of the webhook whose events the mapping's
/// `event:` section reads, verified by the client's scheme and normalized
/// event by event; nothing without an `event:` section.
fn verify_webhook(p: &ProviderPlan<'_>, client: &Ident) -> Option<TokenStream> {
    let event = p.mapping.event.as_ref()?;
    let webhooks = &p.client.webhooks;
    let webhook = webhooks.iter().find(|w| w.name == event.webhook)?;
    let (signature, _) = crate::client::webhooks_emit::names(webhook, webhooks.len() == 1);
    let schema = ident(&event.schema);
    let batch = webhook.batch;
    let doc = format!(
        "Verifies a delivery of the `{}` webhook with `secret` at `now` (the client's \
         [`webhooks::{signature}`]({client}::webhooks::{signature})), then normalizes each of its \
         events with the `event:` mapping, the fields that do not apply to its kind cleared. An \
         event that does not decode as `{}` is \
         [`EventKind::Unknown`](crate::EventKind::Unknown) with its `raw`: one event never \
         fails the batch.\n\n# Errors\n[`Error::Webhook`](crate::Error::Webhook) when the \
         delivery is not authentic or not fresh (401), or its body is not {} (400).",
        webhook.name,
        event.schema,
        if batch {
            "a JSON array of objects"
        } else {
            "a JSON object"
        },
    );
    Some(quote! {
        #[doc = #doc]
        pub(crate) fn verify_webhook(
            request: &crate::Request,
            secret: &crate::SecretString,
            now: ::std::time::SystemTime,
        ) -> ::std::result::Result<::std::vec::Vec<crate::ConversationEvent>, crate::Error> {
            let refused = |source| crate::Error::Webhook { provider: PROVIDER.as_str(), source };
            client_runtime::webhooks::verify(&#client::webhooks::#signature, request, secret, now)
                .map_err(refused)?;
            let events = client_runtime::__private::events(request.body(), #batch).map_err(refused)?;
            Ok(events
                .into_iter()
                .map(|raw| match raw.deserialize_as::<#client::types::#schema>() {
                    Ok(src) => event_from(src, raw.clone())
                        .map(crate::ConversationEvent::only_what_applies)
                        .unwrap_or_else(|_| crate::ConversationEvent::unread(PROVIDER, raw)),
                    Err(_) => crate::ConversationEvent::unread(PROVIDER, raw),
                })
                .collect())
        }
    })
}

/// `message_from_<union>`: a message of any subtype of the union, by the
/// subtype's own section; a subtype the client does not know has none.
fn union_function(p: &ProviderPlan<'_>, entry: &EntryPoint, client: &Ident) -> TokenStream {
    let schema = ident(&entry.schema);
    let function = names::message_fn(&entry.schema);
    let variants: Vec<String> = match &p.mapping.operations.list_messages {
        Some(crate::mapping::operations::MessagesPlan::Listed(list)) => {
            list.union.clone().unwrap_or_default()
        }
        _ => Vec::new(),
    };
    let arms = variants.iter().map(|variant| {
        let name = ident(variant);
        let mapped = names::message_fn(variant);
        quote! { #client::types::#schema::#name(src) => Ok(#mapped(src, raw)), }
    });
    let doc = format!(
        "Normalizes a `{}` of any subtype ({}) with that subtype's mapping.\n\n# Errors\n[`MappingError::Unsupported`](crate::MappingError::Unsupported) for a subtype this client does not know (kept in `raw` of nothing: read the payload itself).",
        entry.schema,
        variants.join(", ")
    );
    quote! {
        #[doc = #doc]
        pub(crate) fn #function(src: #client::types::#schema, raw: crate::Raw) -> ::std::result::Result<crate::Message, crate::MappingError> {
            match src {
                #(#arms)*
                _ => Err(crate::MappingError::Unsupported { provider: PROVIDER, kind: "message" }),
            }
        }
    }
}

/// The first paragraph of a decoding function's docs.
fn decodes(p: &ProviderPlan<'_>, entry: &EntryPoint, client: &Ident) -> String {
    let returned = entry
        .operation
        .as_ref()
        .map(|op| format!(" (as returned by `{op}`)"))
        .unwrap_or_default();
    format!(
        "Normalizes a {} `{schema}` payload{returned}: decodes it into [`{client}::types::{schema}`], maps it, and keeps it verbatim in `raw`.",
        p.provider().as_str(),
        schema = entry.schema
    )
}

/// What a payload is normalized into.
#[derive(Clone, Copy)]
enum Kind {
    Thread,
    Message,
}

/// `thread_from_json` and `thread_from_bytes` (or the same for messages),
/// and the conversion from the client's decoded type.
fn decoders(p: &ProviderPlan<'_>, entry: &EntryPoint, client: &Ident, kind: Kind) -> TokenStream {
    let schema = ident(&entry.schema);
    let schema_name = &entry.schema;
    let (model, from_json, from_bytes, missing) = match kind {
        Kind::Thread => (
            "Thread",
            "thread_from_json",
            "thread_from_bytes",
            ", [`MappingError::Missing`](crate::MappingError::Missing) when it has no id",
        ),
        Kind::Message => ("Message", "message_from_json", "message_from_bytes", ""),
    };
    let doc = format!(
        "{}\n\n# Errors\n[`MappingError::Decode`](crate::MappingError::Decode) when it does not decode{missing}.",
        decodes(p, entry, client)
    );
    let mut bytes_doc = vec![
        format!(
            " Normalizes a {} from its bytes, as received from the",
            model.to_lowercase()
        ),
        " provider: the payload is kept as this text, byte for byte.".to_owned(),
        String::new(),
        " # Errors".to_owned(),
        format!(" As [`{from_json}`]."),
    ];
    if let Kind::Thread = kind {
        let last = bytes_doc.len() - 1;
        bytes_doc[last] = format!(" As [`{from_json}`]; bytes that are not JSON are a");
        bytes_doc
            .push(" [`MappingError::Decode`](crate::MappingError::Decode) with the".to_owned());
        bytes_doc.push(" line and column.".to_owned());
    }
    let map = |raw: TokenStream| match kind {
        Kind::Thread => quote! { thread_from(src, #raw) },
        Kind::Message if entry.union => {
            let function = names::message_fn(&entry.schema);
            quote! { #function(src, #raw) }
        }
        Kind::Message => {
            let function = names::message_fn(&entry.schema);
            quote! { Ok(#function(src, #raw)) }
        }
    };
    let (map_value, map_text) = (
        map(quote! { crate::Raw::from_value(&raw) }),
        map(quote! { raw }),
    );
    let (model, from_json, from_bytes) = (ident(model), ident(from_json), ident(from_bytes));
    let conversion = conversion(p, entry, client, kind);
    quote! {
        #[doc = #doc]
        pub fn #from_json(raw: ::serde_json::Value) -> ::std::result::Result<#model, crate::MappingError> {
            let decode = |source| crate::MappingError::Decode { provider: PROVIDER, schema: #schema_name, source };
            normalize::require_object(&raw).map_err(decode)?;
            let src = <#client::types::#schema as ::serde::Deserialize>::deserialize(&raw).map_err(decode)?;
            #map_value
        }

        #(#[doc = #bytes_doc])*
        pub fn #from_bytes(bytes: &[u8]) -> ::std::result::Result<#model, crate::MappingError> {
            let decode = |source| crate::MappingError::Decode { provider: PROVIDER, schema: #schema_name, source };
            // One pass: the typed decode reads every byte, the text is kept as it is.
            let (src, raw) = crate::Raw::decode_object::<#client::types::#schema>(bytes).map_err(decode)?;
            #map_text
        }

        #conversion
    }
}

/// `TryFrom<client type> for Thread`, or `From<client type> for Message`:
/// `raw` is then the value re-encoded.
fn conversion(p: &ProviderPlan<'_>, entry: &EntryPoint, client: &Ident, kind: Kind) -> TokenStream {
    let schema = ident(&entry.schema);
    let name = p.provider().as_str();
    let module = p.provider().module_ident();
    let raw = quote! {
        let raw = crate::Raw::from_value(&::serde_json::to_value(&src).unwrap_or(::serde_json::Value::Null));
    };
    match kind {
        Kind::Thread => {
            let doc = format!(
                "Normalizes a decoded {name} thread. `raw` is the value re-encoded: fields that were `null` or that the spec \
                 does not know are not in it; use [`{name}::thread_from_json`](crate::{module}::thread_from_json) to keep the payload exactly."
            );
            quote! {
                impl ::std::convert::TryFrom<#client::types::#schema> for Thread {
                    type Error = crate::MappingError;
                    #[doc = #doc]
                    fn try_from(src: #client::types::#schema) -> ::std::result::Result<Self, Self::Error> {
                        #raw
                        thread_from(src, raw)
                    }
                }
            }
        }
        Kind::Message if entry.union => {
            let function = names::message_fn(&entry.schema);
            let doc = format!(
                "Normalizes a decoded {name} message of any kind. `raw` is the value re-encoded; use [`{name}::message_from_json`](crate::{module}::message_from_json) to keep the payload exactly."
            );
            quote! {
                impl ::std::convert::TryFrom<#client::types::#schema> for Message {
                    type Error = crate::MappingError;
                    #[doc = #doc]
                    fn try_from(src: #client::types::#schema) -> ::std::result::Result<Self, Self::Error> {
                        #raw
                        #function(src, raw)
                    }
                }
            }
        }
        Kind::Message => {
            let function = names::message_fn(&entry.schema);
            let doc = format!(
                "Normalizes a decoded {name} message. `raw` is the value re-encoded; use [`{name}::message_from_json`](crate::{module}::message_from_json) to keep the payload exactly."
            );
            quote! {
                impl ::std::convert::From<#client::types::#schema> for Message {
                    #[doc = #doc]
                    fn from(src: #client::types::#schema) -> Self {
                        #raw
                        #function(src, raw)
                    }
                }
            }
        }
    }
}

/// `impl ConversationsClient for <client>::Client`.
fn unified_client(p: &ProviderPlan<'_>, client: &Ident) -> TokenStream {
    fn call_of(entry: &Option<EntryPoint>) -> Option<&Call> {
        entry.as_ref().and_then(|e| e.call.as_ref())
    }
    let unsupported = |operation: &str| {
        quote! {
            let _ = id;
            Box::pin(async move { Err(crate::Error::Unsupported { provider: PROVIDER.as_str(), operation: #operation }) })
        }
    };
    let get_thread = call_of(&p.thread).map_or_else(
        || unsupported("get_thread"),
        |c| fetch(p, c, "thread", quote! { crate::thread_from_bytes }, client),
    );
    let get_message = call_of(&p.message).map_or_else(
        || unsupported("get_message"),
        |c| {
            fetch(
                p,
                c,
                "message",
                quote! { crate::message_from_bytes },
                client,
            )
        },
    );
    let operations = operations::methods(p, client);
    quote! {
        impl crate::ConversationsClient for #client::Client {
            fn provider(&self) -> Provider {
                PROVIDER
            }

            fn get_thread<'a>(&'a self, id: &'a str) -> crate::BoxFuture<'a, ::std::result::Result<Thread, crate::Error>> {
                #get_thread
            }

            fn get_message<'a>(&'a self, id: &'a str) -> crate::BoxFuture<'a, ::std::result::Result<Message, crate::Error>> {
                #get_message
            }

            #operations
        }
    }
}

/// The body of one method of the unified client: call the operation with
/// the id, then normalize the payload with `normalize`.
fn fetch(
    p: &ProviderPlan<'_>,
    call: &Call,
    kind: &str,
    normalize: TokenStream,
    client: &Ident,
) -> TokenStream {
    let operation = &call.operation;
    let template = call.path.format_string();
    let id = call.integer_id.then(|| {
        let message = format!("{} {kind} ids are integers", p.provider().as_str());
        quote! {
            let number: i64 = id.trim().parse().map_err(|_| crate::Error::InvalidRequest {
                provider: PROVIDER.as_str(),
                operation: #operation,
                message: format!("`{id}` is not an id: {}", #message),
            })?;
            let text = number.to_string();
            let id = text.as_str();
        }
    });
    let error_message = error_message(call.error_message.as_ref(), client);
    quote! {
        Box::pin(async move {
            use #client::ClientInfo as _;
            #id
            let path = format!(#template, client_runtime::__private::encode_path(id));
            let body = client_runtime::__private::fetch(self.inner(), self.client(), self.baseurl(), #operation, &path, #error_message).await?;
            #normalize(PROVIDER, &body).map_err(|e| crate::unified_error(#operation, &body, e))
        })
    }
}
