//! Stage 4 for a provider spec: what we add to progenitor's client, from the
//! plan. Fixed code comes from `templates/client_impl.rs`; the `quote!`s here
//! are the parts that vary, one function per construct.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use crate::client::plan::{
    ClientPlan, Placement, SecurityScheme, StringEnum, SuccessUnion, TaggedUnion, TokenGrant,
};
use crate::names;
use crate::names::ident;
use crate::templates::{CLIENT_IMPL, Fill};

/// `impl Client` (constructors, retry policy, a constructor and a setter per
/// security scheme) and `impl ClientHooks`: every request goes through
/// `client_runtime::__private::prepare`, which puts the credential on it, and
/// `execute`, which sends it with retries and a tracing span per attempt.
pub(crate) fn client_impl(plan: &ClientPlan) -> Result<Vec<syn::Item>, String> {
    let methods = plan.schemes.iter().map(credential_methods);
    // progenitor sends `api-version` on every request (a Dropshot convention,
    // progenitor#1120); this provider does not document it.
    let strip = plan
        .strip_api_version
        .then(|| quote! { request.headers_mut().remove("api-version"); });
    let provider = plan.provider.as_str();
    let servers = plan.docs.templated_servers.iter().map(server_function);
    let default_server = plan.docs.server.clone().unwrap_or_default();
    let rules = plan.operations.iter().filter_map(operation_rules);
    let fill = Fill::default()
        .slot("credential_methods", quote! { #(#methods)* })
        .slot("strip_api_version", quote! { #strip })
        .slot("server_functions", quote! { #(#servers)* })
        .value("PROVIDER", quote! { #provider })
        .value("DEFAULT_SERVER", quote! { #default_server })
        .value("OPERATION_RULES", quote! { &[#(#rules),*] });
    Ok(CLIENT_IMPL.fill(fill)?.items)
}

/// The runtime's rules for `op`, when it has any: an idempotency key, a
/// server of its own, no security.
fn operation_rules(op: &crate::client::plan::OperationPlan) -> Option<TokenStream> {
    if op.idempotency_key.is_none() && op.server.is_none() && !op.anonymous {
        return None;
    }
    let id = &op.id;
    let option = |value: &Option<String>| match value {
        Some(v) => quote! { ::std::option::Option::Some(#v) },
        None => quote! { ::std::option::Option::None },
    };
    let (key, server, anonymous) = (
        option(&op.idempotency_key),
        option(&op.server),
        op.anonymous,
    );
    Some(quote! {
        client_runtime::__private::OperationRules {
            id: #id,
            idempotency_key: #key,
            server: #server,
            anonymous: #anonymous,
        }
    })
}

/// `with_<credential>` and `set_<credential>` for one scheme.
fn credential_methods(scheme: &SecurityScheme) -> TokenStream {
    let [with, set] = scheme.method_names();
    let (with, set) = (ident(&with), ident(&set));
    let param = ident(&scheme.stem().text());
    let credential = match &scheme.placement {
        Placement::Header(header) => quote! {
            client_runtime::Credential::header(reqwest::header::HeaderName::from_static(#header), #param)
        },
        Placement::Cookie(cookie) => quote! { client_runtime::Credential::cookie(#cookie, #param) },
        Placement::Bearer { .. } => {
            let grant = scheme.token_grant.as_ref().map(password_grant_methods);
            let bearer = quote! { client_runtime::Credential::bearer(#param) };
            return setter_pair(scheme, &with, &set, &param, bearer, grant);
        }
        // Two secrets, so methods of their own.
        Placement::Basic => return basic_auth_methods(scheme),
    };
    setter_pair(scheme, &with, &set, &param, credential, None)
}

/// The constructor and setter of a one-secret credential, and `extra`.
fn setter_pair(
    scheme: &SecurityScheme,
    with: &proc_macro2::Ident,
    set: &proc_macro2::Ident,
    param: &proc_macro2::Ident,
    credential: TokenStream,
    extra: Option<TokenStream>,
) -> TokenStream {
    let doc = constructor_doc(
        scheme,
        &format!(
            "The credential is held as a secret: `Debug` shows `[REDACTED]`, and the \
             header that carries it is marked sensitive. To also bring your own \
             `reqwest::Client`, use [`Client::new_with_client`] and then [`Client::{set}`]."
        ),
    );
    let set_doc = format!(
        "Sets the credential of security scheme `{}`, sent on every request from now on; \
         it replaces any credential set before.",
        scheme.name
    );
    quote! {
        #[doc = #doc]
        pub fn #with(baseurl: &str, #param: impl ::std::convert::Into<::std::string::String>) -> Self {
            let mut client = Self::new(baseurl);
            client.#set(#param);
            client
        }

        #[doc = #set_doc]
        pub fn #set(&mut self, #param: impl ::std::convert::Into<::std::string::String>) {
            self.inner.set_credential(#credential);
        }

        #extra
    }
}

/// `password_grant`, `with_password_grant` and `set_password_grant`: bearer
/// tokens from the spec's token operation (`x-token-grant`).
fn password_grant_methods(grant: &TokenGrant) -> TokenStream {
    let (path, lifetime) = (&grant.path, grant.lifetime);
    let grant_doc = format!(
        "A password grant at this provider's token endpoint, `POST {{baseurl}}{path}` (the \
         spec's `x-token-grant`): `{{\"grant_type\": \"password\", \"username\", \"password\"}}` \
         as JSON, answered with `access_token`. A token is taken to live {lifetime} s, as the \
         docs say, and is replaced shortly before.\n\n\
         Give one grant to many clients ([`Client::set_password_grant`]) and they share \
         its token: one token request between them. Neither the password nor a token is \
         ever in `Debug` output or in traces."
    );
    quote! {
        #[doc = #grant_doc]
        pub fn password_grant(
            baseurl: &str,
            username: impl ::std::convert::Into<::std::string::String>,
            password: impl ::std::convert::Into<::std::string::String>,
        ) -> client_runtime::PasswordGrant {
            client_runtime::PasswordGrant::new(
                format!("{}{}", baseurl.trim_end_matches('/'), #path),
                username,
                password,
                ::std::time::Duration::from_secs(#lifetime),
            )
        }

        /// Creates a client that authenticates every request with a bearer
        /// token from [`Client::password_grant`]: asked for when first
        /// needed, cached, replaced before it expires and once after a
        /// `401` (the request is then sent once more with the new token).
        /// When the token endpoint refuses, the request fails with its
        /// answer (`Error::UnexpectedResponse`: status and body).
        pub fn with_password_grant(
            baseurl: &str,
            username: impl ::std::convert::Into<::std::string::String>,
            password: impl ::std::convert::Into<::std::string::String>,
        ) -> Self {
            let mut client = Self::new(baseurl);
            client.set_password_grant(Self::password_grant(baseurl, username, password));
            client
        }

        /// Authenticates every request from now on with tokens from
        /// `grant`, shared with every other client holding it.
        pub fn set_password_grant(&mut self, grant: client_runtime::PasswordGrant) {
            self.inner.set_credential(client_runtime::Credential::password_grant(grant));
        }
    }
}

/// `server_url_with_<variables>(…) -> String` for a server whose URL has
/// variables (`https://api.{instance}.algoreg.com`).
fn server_function(server: &crate::spec::Server) -> TokenStream {
    let names: Vec<String> = server
        .variables
        .iter()
        .map(|(name, _, _)| crate::upstream_names::field_name(name))
        .collect();
    let function = ident(&format!("server_url_with_{}", names.join("_and_")));
    let params = names.iter().map(|n| ident(n));
    let mut doc = format!("The server URL `{}`", server.url);
    if let Some(description) = &server.description {
        doc.push_str(&format!(" ({})", description.trim()));
    }
    doc.push_str(" with its variables filled in, for the `baseurl` of a constructor.\n");
    for (name, default, description) in &server.variables {
        doc.push_str(&format!("\n- `{name}` (spec default `{default}`)"));
        if let Some(description) = description {
            doc.push_str(&format!(": {}", description.trim()));
        }
    }
    let url = &server.url;
    let fills = server
        .variables
        .iter()
        .zip(&names)
        .map(|((name, _, _), param)| {
            let placeholder = format!("{{{name}}}");
            let param = ident(param);
            quote! { .replace(#placeholder, #param) }
        });
    quote! {
        #[doc = #doc]
        pub fn #function(#(#params: &str),*) -> ::std::string::String {
            #url.to_owned() #(#fills)*
        }
    }
}

/// The rustdoc of a scheme's constructor: what it sends and where, the
/// spec's description, then `how` the secret is kept.
fn constructor_doc(scheme: &SecurityScheme, how: &str) -> String {
    let mut doc = format!(
        "Creates a client that authenticates every request with {} (security scheme `{}`).",
        scheme.what(),
        scheme.name
    );
    if let Some(description) = &scheme.description {
        doc.push_str(&format!("\n\nFrom the spec: {}", description.trim()));
    }
    doc.push_str("\n\n");
    doc.push_str(how);
    doc
}

/// `with_basic_auth` and `set_basic_auth`: a username and a password.
fn basic_auth_methods(scheme: &SecurityScheme) -> TokenStream {
    let [with, set] = scheme.method_names();
    let (with, set) = (ident(&with), ident(&set));
    let doc = constructor_doc(
        scheme,
        "The username must not contain `:`. Both are held as a secret: `Debug` \
         shows `[REDACTED]`, and the header is marked sensitive.",
    );
    let set_doc = format!(
        "Sets the username and password of security scheme `{}`, sent on every request \
         from now on; they replace any credential set before.",
        scheme.name
    );
    quote! {
        #[doc = #doc]
        pub fn #with(
            baseurl: &str,
            username: impl ::std::convert::Into<::std::string::String>,
            password: impl ::std::convert::Into<::std::string::String>,
        ) -> Self {
            let mut client = Self::new(baseurl);
            client.#set(username, password);
            client
        }

        #[doc = #set_doc]
        pub fn #set(
            &mut self,
            username: impl ::std::convert::Into<::std::string::String>,
            password: impl ::std::convert::Into<::std::string::String>,
        ) {
            self.inner.set_credential(client_runtime::Credential::basic(username, password));
        }
    }
}

/// The enum of an operation's success bodies, a variant per status.
/// Deserializing it on its own (not through the client, which decodes by
/// status) tries the variants in order.
pub(crate) fn union_items(union: &SuccessUnion) -> Result<Vec<syn::Item>, String> {
    let name = ident(&union.name);
    let mut variants = Vec::new();
    for v in &union.variants {
        let tag = ident(&v.variant);
        let doc = match &v.body {
            Some(_) => format!("The body of a `{}` response.", v.status),
            None => format!("A `{}` response, which has no body.", v.status),
        };
        variants.push(match &v.body {
            Some(body) => {
                let body: syn::Type =
                    syn::parse_str(&crate::fixups::success_union::rooted(body))
                        .map_err(|e| format!("the body type `{body}` does not parse: {e}"))?;
                quote! { #[doc = #doc] #tag(#body) }
            }
            None => quote! { #[doc = #doc] #tag },
        });
    }
    let doc = format!(
        "What a success response of this operation holds: its statuses have different \
         bodies, so there is a variant per status ({}), chosen by the status the server sent.",
        union
            .variants
            .iter()
            .map(|v| format!("`{}`", v.status))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let file: syn::File = syn::parse2(quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(untagged)]
        pub enum #name {
            #(#variants,)*
        }
    })
    .map_err(|e| format!("the enum `{}` does not parse: {e}", union.name))?;
    Ok(file.items)
}

/// A polymorphic base: an enum with a variant per subtype. With a tag, it
/// reads the tag first and decodes the whole object as the subtype it names
/// (the subtype keeps the tag as its own field); a tag value this client does
/// not know, or a missing tag, is kept as `Unknown`, the payload as it came,
/// so that a subtype the provider adds later does not break decoding.
/// Without a tag, the variants are tried in order. A variant in `boxed`
/// (`(union, variant)`) holds its subtype in a `Box`: the subtype holds the
/// union by value (see [`crate::client::indirection`]).
pub(crate) fn tagged_union_items(
    union: &TaggedUnion,
    boxed: &BTreeSet<(String, String)>,
) -> Result<Vec<syn::Item>, String> {
    let name = ident(&union.name);
    let variant_names: Vec<String> = union.variants.iter().map(|v| v.name.clone()).collect();
    let fallback = names::fallback_variant(&variant_names);
    let variants = union.variants.iter().map(|v| {
        let tag = ident(&v.name);
        let doc = match (&union.tag, &v.value) {
            (Some(property), Some(value)) => format!("`{property}: {value}`."),
            _ => format!("A `{}`.", v.name),
        };
        if boxed.contains(&(union.name.clone(), v.name.clone())) {
            quote! { #[doc = #doc] #tag(::std::boxed::Box<crate::types::#tag>) }
        } else {
            quote! { #[doc = #doc] #tag(crate::types::#tag) }
        }
    });
    let mut doc = union
        .description
        .clone()
        .unwrap_or_else(|| format!("One of the subtypes of `{}`.", union.base));
    let Some(property) = &union.tag else {
        doc.push_str("\n\nNo property tells the subtypes apart: decoding tries each in order.");
        return parse_items(
            &union.name,
            quote! {
                #[doc = #doc]
                #[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(untagged)]
                pub enum #name { #(#variants,)* }
            },
        );
    };
    doc.push_str(&format!(
        "\n\nChosen by `{property}`; a value this client does not know is kept in          [`{}::{fallback}`], as it came.",
        union.name
    ));
    let union_name = &union.name;
    let arms = union.variants.iter().filter_map(|v| {
        let value = v.value.as_ref()?;
        let tag = ident(&v.name);
        Some(quote! {
            Some(#value) => ::serde_json::from_value(value)
                .map(Self::#tag)
                .map_err(|error| <D::Error as ::serde::de::Error>::custom(format!(
                    "{} with `{}: {}`: {}", #union_name, #property, #value, error
                ))),
        })
    });
    let unknown_doc = format!(
        "A `{property}` this client does not know (a subtype added after it was          generated), or none: the object as it came."
    );
    parse_items(
        &union.name,
        quote! {
            #[doc = #doc]
            #[derive(Clone, Debug, PartialEq, ::serde::Serialize)]
            #[serde(untagged)]
            pub enum #name {
                #(#variants,)*
                #[doc = #unknown_doc]
                #fallback(::serde_json::Value),
            }

            impl<'de> ::serde::Deserialize<'de> for #name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                    let tag = value.get(#property).and_then(::serde_json::Value::as_str).map(::std::borrow::ToOwned::to_owned);
                    match tag.as_deref() {
                        #(#arms)*
                        _ => Ok(Self::#fallback(value)),
                    }
                }
            }
        },
    )
}

fn parse_items(name: &str, tokens: TokenStream) -> Result<Vec<syn::Item>, String> {
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("the enum `{name}` does not parse: {e}"))?;
    Ok(file.items)
}

/// The Rust items of one string enum: the enum, its constants and accessors,
/// and its conversions.
pub(crate) fn enum_items(e: &StringEnum) -> Result<Vec<syn::Item>, String> {
    let idents = EnumIdents::of(e);
    let tokens = [
        enum_definition(e, &idents),
        enum_conversions(e, &idents),
        enum_text_traits(&idents),
    ];
    let file: syn::File = syn::parse2(quote! { #(#tokens)* })
        .map_err(|err| format!("the enum `{}` does not parse: {err}", e.name))?;
    Ok(file.items)
}

/// The identifiers of a string enum: the type, a variant per listed value,
/// and the catch-all.
struct EnumIdents {
    name: proc_macro2::Ident,
    variants: Vec<proc_macro2::Ident>,
    fallback: proc_macro2::Ident,
}

impl EnumIdents {
    fn of(e: &StringEnum) -> Self {
        let variant_names = names::variant_names(&e.values);
        Self {
            name: ident(&e.name),
            variants: variant_names.iter().map(|v| ident(v)).collect(),
            fallback: names::fallback_variant(&variant_names),
        }
    }
}

/// The enum, with `ALL`, `as_str` and `is_known`: the same API as the
/// normalized model's enums, plus the catch-all a provider's vocabulary
/// needs.
fn enum_definition(e: &StringEnum, idents: &EnumIdents) -> TokenStream {
    let (name, variants, fallback) = (&idents.name, &idents.variants, &idents.fallback);
    let values = &e.values;
    let listed = values
        .iter()
        .map(|v| format!("`{v}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut doc = e
        .description
        .as_ref()
        .map(|d| format!("{}\n\n", d.trim()))
        .unwrap_or_default();
    doc.push_str(&if e.open {
        format!(
            "An open vocabulary: the provider documents {listed} as examples, and other \
             values occur. A value not listed decodes as [`{name}::{fallback}`], kept verbatim."
        )
    } else {
        format!(
            "The provider documents exactly these values: {listed}. A value added since decodes \
             as [`{name}::{fallback}`], kept verbatim, instead of failing the response."
        )
    });
    let variant_docs = values.iter().map(|v| format!("`{v}`"));
    let fallback_doc = "A value the spec does not list, exactly as the provider sent it.";
    let is_known_doc =
        format!("Whether this is a value the spec lists (not [`Self::{fallback}`]).");
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #( #[doc = #variant_docs] #variants, )*
            #[doc = #fallback_doc]
            #fallback(::std::string::String),
        }

        impl #name {
            /// Every value the spec lists, in the spec's order (not
            /// the catch-all).
            pub const ALL: &'static [Self] = &[#(Self::#variants),*];

            /// The value as the provider writes it in JSON.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #values, )*
                    Self::#fallback(value) => value.as_str(),
                }
            }

            #[doc = #is_known_doc]
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::#fallback(_))
            }
        }
    }
}

/// `From<&str>`, `From<String>` and `FromStr`: any text is a value.
fn enum_conversions(e: &StringEnum, idents: &EnumIdents) -> TokenStream {
    let (name, variants, fallback) = (&idents.name, &idents.variants, &idents.fallback);
    let values = &e.values;
    quote! {
        impl ::std::convert::From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #values => Self::#variants, )*
                    other => Self::#fallback(other.to_owned()),
                }
            }
        }

        impl ::std::convert::From<::std::string::String> for #name {
            fn from(value: ::std::string::String) -> Self {
                match value.as_str() {
                    #( #values => Self::#variants, )*
                    _ => Self::#fallback(value),
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }
    }
}

/// `Display`, `Serialize` and `Deserialize`, through the value's text.
fn enum_text_traits(idents: &EnumIdents) -> TokenStream {
    let name = &idents.name;
    quote! {
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                ::std::string::String::deserialize(deserializer).map(Self::from)
            }
        }
    }
}
