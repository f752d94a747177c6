//! Emit for the webhooks of the plan: a `webhooks` module in the client
//! crate, with each webhook's signature scheme (as data for
//! `client_runtime::webhooks`) and a function that verifies a delivery and
//! decodes its events.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::client::decided::Decided;
use crate::client::plan::ClientPlan;
use crate::client::webhooks::{Signature, Signed, TimeUnit, WebhookPlan};
use crate::names::ident;

/// `pub mod webhooks { … }`, or nothing when the spec declares none.
///
/// # Errors
/// The tokens do not parse: a bug of the generator, named.
pub(crate) fn items(plan: &ClientPlan, decided: &Decided) -> Result<Vec<syn::Item>, String> {
    if plan.webhooks.is_empty() {
        return Ok(Vec::new());
    }
    let one = plan.webhooks.len() == 1;
    let mut webhooks = Vec::new();
    for w in &plan.webhooks {
        // typify names the event's type after its component: asked, not assumed.
        let event = crate::upstream_names::Schema::component(&w.event);
        if !decided.type_names.contains(&event) {
            return Err(format!(
                "the webhook `{}` decodes `{event}`, which typify did not generate",
                w.name
            ));
        }
        webhooks.push(webhook(w, &event, one));
    }
    let doc = format!(
        "Webhooks: the requests the {} sends, each verified over the raw bytes as received \
         (signature, then timestamp) and then decoded into its events.\n\n\
         Give [`Request`](webhooks::Request) the method, the full URL the provider called, the \
         headers and the body bytes (or convert an `http::Request<Bytes>` and set its full URL \
         with [`Request::with_uri`](webhooks::Request::with_uri)); a \
         [`WebhookError`](webhooks::WebhookError)'s `kind()` (or `status()`) says what to \
         answer: 401 for a delivery that is not authentic or not fresh, 400 for one that is \
         malformed.",
        plan.docs.title
    );
    let module = quote! {
        #[doc = #doc]
        pub mod webhooks {
            pub use client_runtime::webhooks::{Request, SecretString, WebhookError, WebhookErrorKind};
            #(#webhooks)*
        }
    };
    let item =
        syn::parse2(module).map_err(|e| format!("the webhooks module does not parse: {e}"))?;
    Ok(vec![item])
}

/// The names of a webhook's scheme constant and `verify` function in the
/// client's `webhooks` module: `SIGNATURE` and `verify` when the spec has
/// `only` one webhook, `<NAME>_SIGNATURE` and `verify_<name>` otherwise.
pub(crate) fn names(webhook: &WebhookPlan, only: bool) -> (Ident, Ident) {
    let stem = crate::upstream_names::field_name(&webhook.name);
    if only {
        (ident("SIGNATURE"), ident("verify"))
    } else {
        (
            ident(&format!("{}_SIGNATURE", stem.to_ascii_uppercase())),
            ident(&format!("verify_{stem}")),
        )
    }
}

/// One webhook's scheme constant and its `verify` function (`verify` when
/// the spec has one webhook, `verify_<name>` otherwise).
fn webhook(webhook: &WebhookPlan, event: &str, only: bool) -> TokenStream {
    let (constant, function) = names(webhook, only);
    let scheme = scheme(&webhook.signature);
    let shown = if webhook.batch {
        format!("a batch of [`{event}`](super::types::{event})s")
    } else {
        format!("one [`{event}`](super::types::{event})")
    };
    let event = ident(event);
    let returned = if webhook.batch {
        quote! { ::std::vec::Vec<super::types::#event> }
    } else {
        quote! { super::types::#event }
    };
    let secret = match &webhook.signature {
        Signature::HmacSha256 { secret, .. } | Signature::SharedToken { secret, .. } => {
            secret.as_deref().unwrap_or("the shared secret")
        }
    };
    let constant_doc = format!(
        "How the `{}` webhook's deliveries are signed, from the spec's `x-webhook-signature`: {}.",
        webhook.name,
        describe(&webhook.signature)
    );
    let mut function_doc = webhook
        .description
        .as_deref()
        .map(|d| format!("{}\n\n", d.trim()))
        .unwrap_or_default();
    function_doc.push_str(&format!(
        "Verifies `request` against [`{constant}`] with `secret` ({secret}) at `now`, then \
         decodes its body as {shown}.\n\n\
         # Errors\n\
         [`WebhookError`]: a missing header, a signature or token that does not match, a \
         timestamp out of tolerance (`kind()` is `Unauthorized`: answer 401), a header or body \
         not of the expected form (`Malformed`: answer 400), an empty secret \
         (`Misconfigured`)."
    ));
    quote! {
        #[doc = #constant_doc]
        pub const #constant: client_runtime::webhooks::SignatureScheme = #scheme;

        #[doc = #function_doc]
        pub fn #function(
            request: &Request,
            secret: &SecretString,
            now: ::std::time::SystemTime,
        ) -> ::std::result::Result<#returned, WebhookError> {
            client_runtime::webhooks::verify(&#constant, request, secret, now)?;
            Ok(::serde_json::from_slice(request.body())?)
        }
    }
}

/// The scheme as a `client_runtime::webhooks::SignatureScheme` expression.
fn scheme(signature: &Signature) -> TokenStream {
    match signature {
        Signature::SharedToken { header, .. } => quote! {
            client_runtime::webhooks::SignatureScheme::SharedToken { header: #header }
        },
        Signature::HmacSha256 {
            header,
            timestamp,
            encoding,
            signed,
            uri_decode,
            ..
        } => {
            let encoding = ident(encoding.variant());
            let signed = signed.iter().map(|part| {
                let part = ident(part.variant());
                quote! { client_runtime::webhooks::Signed::#part }
            });
            let escapes = uri_decode
                .iter()
                .map(|(escape, c)| quote! { (#escape, #c) });
            // Without a timestamp header, the unit and tolerance are never read.
            let (timestamp_header, unit, tolerance) = match timestamp {
                Some(t) => {
                    let header = &t.header;
                    let unit = ident(t.unit.variant());
                    let seconds = t.tolerance;
                    (
                        quote! { ::std::option::Option::Some(#header) },
                        unit,
                        seconds,
                    )
                }
                None => (
                    quote! { ::std::option::Option::None },
                    ident(TimeUnit::Seconds.variant()),
                    0,
                ),
            };
            quote! {
                client_runtime::webhooks::SignatureScheme::HmacSha256 {
                    header: #header,
                    timestamp_header: #timestamp_header,
                    timestamp_unit: client_runtime::webhooks::TimestampUnit::#unit,
                    encoding: client_runtime::webhooks::Encoding::#encoding,
                    signed: &[#(#signed),*],
                    uri_decode: &[#(#escapes),*],
                    tolerance: ::std::time::Duration::from_secs(#tolerance),
                }
            }
        }
    }
}

/// The scheme in a sentence, for the docs.
fn describe(signature: &Signature) -> String {
    match signature {
        Signature::SharedToken { header, .. } => {
            format!("the `{header}` header holds the shared token itself")
        }
        Signature::HmacSha256 {
            header,
            timestamp,
            encoding,
            signed,
            uri_decode,
            ..
        } => {
            let parts: Vec<String> = signed
                .iter()
                .map(|p| match p {
                    Signed::Uri => "URI".to_owned(),
                    other => other.variant().to_ascii_lowercase(),
                })
                .collect();
            let mut text = format!(
                "`{header}` is the {} HMAC-SHA256 of {}, keyed with the secret",
                encoding.variant().to_ascii_lowercase(),
                parts.join(" + ")
            );
            if !uri_decode.is_empty() {
                let escapes: Vec<&str> = uri_decode.iter().map(|(e, _)| e.as_str()).collect();
                text.push_str(&format!(
                    " (the URI with {} decoded, or as received)",
                    escapes.join(" ")
                ));
            }
            if let Some(t) = timestamp {
                text.push_str(&format!(
                    "; `{}` is the time it was signed, in {} since the Unix epoch, refused when \
                     more than {} seconds old or ahead",
                    t.header,
                    t.unit.variant().to_ascii_lowercase(),
                    t.tolerance
                ));
            }
            text
        }
    }
}
