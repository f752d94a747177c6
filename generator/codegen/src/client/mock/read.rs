//! Reading the operations: from the prepared document (where each
//! parameter goes, its name as sent, whether it is required; the
//! responses' kinds) and from what progenitor decided for the client (each
//! builder's fields and `send` types).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::Value;

use super::{Body, Operation, Param, ParamType, Place, Response, Status};
use crate::client::decided::{Builder, Decided, inner, last_ident};
use crate::client::plan::OperationPlan;
use crate::client::responses;
use crate::upstream_names;

/// Reads operations from the prepared document and what was decided.
pub(super) struct Reader<'a> {
    pub(super) document: &'a Value,
    pub(super) decided: &'a Decided,
}

impl Reader<'_> {
    pub(super) fn operation<'p>(
        &self,
        op: &'p OperationPlan,
        builder: &'p Builder,
        item: &Value,
        operation: &Value,
    ) -> Result<Operation<'p>, String> {
        let declared = self.parameters(item, operation);
        let body = self.body_place(operation);
        let mut params = Vec::new();
        for (field, ty) in builder.fields() {
            let param = if let Some(place) = body.filter(|_| field == "body") {
                let ty = match place {
                    Place::OctetBody => ParamType::owned("::serde_json::Value"),
                    Place::TextBody => ParamType::owned("String"),
                    _ => self.param_type(&without_builder_module(ty)),
                };
                Param {
                    rust: field.clone(),
                    api: "body".to_owned(),
                    place,
                    optional: false,
                    ty,
                }
            } else {
                let (api, place, required) = declared.get(field.as_str()).cloned().ok_or_else(|| {
                    format!(
                        "the builder `{}` has the field `{field}`, which no parameter of {} {} is \
                         named as",
                        builder.name,
                        op.method.as_http(),
                        op.path
                    )
                })?;
                let optional = match place {
                    Place::Path => false,
                    // typify's `Option` (a nullable schema) is optional too:
                    // the builder holds `Option<T>` either way.
                    Place::Query => inner(ty, "Option").is_some(),
                    _ => !required,
                };
                let ty = if optional {
                    inner(ty, "Option").unwrap_or(ty)
                } else {
                    ty
                };
                Param {
                    rust: field.clone(),
                    api,
                    place,
                    optional,
                    ty: self.param_type(ty),
                }
            };
            params.push(param);
        }
        Ok(Operation {
            plan: op,
            builder: &builder.name,
            params,
            responses: self.responses(operation, builder),
        })
    }

    /// The parameters of the path item, then the operation's (which
    /// replace one of the same name), by progenitor's Rust name: each one's
    /// name as sent, place, and whether it is required.
    fn parameters(
        &self,
        item: &Value,
        operation: &Value,
    ) -> BTreeMap<String, (String, Place, bool)> {
        let mut found = BTreeMap::new();
        let listed = [item, operation]
            .into_iter()
            .filter_map(|holder| holder.get("parameters").and_then(Value::as_array))
            .flatten();
        for parameter in listed {
            let parameter = self.resolve(parameter);
            let (Some(name), Some(place)) = (
                parameter.get("name").and_then(Value::as_str),
                parameter.get("in").and_then(Value::as_str),
            ) else {
                continue;
            };
            let place = match place {
                "path" => Place::Path,
                "query" => Place::Query,
                "header" => Place::Header,
                _ => continue,
            };
            let required = parameter.get("required").and_then(Value::as_bool) == Some(true);
            found.insert(
                upstream_names::parameter_name(name),
                (name.to_owned(), place, required),
            );
        }
        found
    }

    /// How progenitor sends the request body, from its one content type.
    fn body_place(&self, operation: &Value) -> Option<Place> {
        let body = self.resolve(operation.get("requestBody")?);
        let (content_type, _) = body.get("content")?.as_object()?.iter().next()?;
        let essence = content_type.split(';').next().unwrap_or_default().trim();
        Some(match essence {
            "application/octet-stream" => Place::OctetBody,
            "text/plain" | "text/x-markdown" => Place::TextBody,
            _ => Place::Body,
        })
    }

    /// The responses as progenitor reads them: `default` first, then the
    /// statuses as written; a JSON body has the `send` type of its group
    /// (success, else error), any other content is raw. Without a success
    /// status, a `2XX` with a raw body stands for one, as in progenitor.
    fn responses(&self, operation: &Value, builder: &Builder) -> Vec<Response> {
        let Some(listed) = operation.get("responses").and_then(Value::as_object) else {
            return Vec::new();
        };
        let (success, error) = match &builder.send {
            Some((success, error)) => (Some(success), Some(error)),
            None => (None, None),
        };
        let ordered = listed
            .get_key_value("default")
            .into_iter()
            .chain(listed.iter().filter(|(status, _)| *status != "default"));
        let mut responses = Vec::new();
        let mut any_success = false;
        for (key, response) in ordered {
            let status = match key.as_str() {
                "default" => Status::Default,
                s if s.len() == 3 && s.ends_with("XX") => {
                    Status::Range(s[..1].parse().unwrap_or_default())
                }
                s => match s.parse() {
                    Ok(code) => Status::Code(code),
                    Err(_) => continue,
                },
            };
            // `default` counts as a success, as progenitor reads it.
            let is_success = matches!(status, Status::Default) || responses::is_success(key);
            let is_error = responses::is_error(key);
            any_success |= is_success;
            let content = self
                .resolve(response)
                .get("content")
                .and_then(Value::as_object);
            let json = content.into_iter().flatten().any(|(media, _)| {
                media == "application/json" || media.starts_with("application/json;")
            });
            // A JSON body has its group's `send` type; a status in neither
            // group (a `3XX`) the client does not decode: any JSON value.
            let group = if is_success {
                success
            } else if is_error {
                error
            } else {
                None
            };
            let body = if json {
                match group.filter(|ty| decodes(ty)) {
                    Some(ty) => Body::Json(self.param_type(ty)),
                    None => Body::Raw,
                }
            } else if matches!(status, Status::Code(101)) || content.is_none_or(|c| c.is_empty()) {
                Body::None
            } else {
                Body::Raw
            };
            responses.push(Response { status, body });
        }
        if !any_success {
            responses.push(Response {
                status: Status::Range(2),
                body: Body::Raw,
            });
        }
        responses
    }

    /// How a helper takes a value of `ty` (typify's `type_parameter_ident`):
    /// `String` as `&str`; numbers, `bool`, `()` and the enums typify made
    /// `Copy` by value; `Option<T>` as `Option` of how `T` is taken; the rest
    /// by reference.
    fn param_type(&self, ty: &syn::Type) -> ParamType {
        match ty {
            syn::Type::Path(path) if path.qself.is_none() => {
                let Some(last) = path.path.segments.last() else {
                    return ParamType::by_ref(rust_type(ty));
                };
                let name = last.ident.to_string();
                if name == "String" && last.arguments.is_empty() {
                    return ParamType::by_ref("str".to_owned());
                }
                if let Some(some) = inner(ty, "Option") {
                    let some = self.param_type(some);
                    return ParamType::owned(&format!("Option<{}>", some.written(None)));
                }
                let copied = BY_VALUE.contains(&name.as_str()) || name.starts_with("NonZero");
                let in_types = path.path.segments.len() >= 2
                    && path.path.segments[path.path.segments.len() - 2].ident == "types";
                if copied || (in_types && self.decided.is_by_value(&name)) {
                    ParamType::owned(&rust_type(ty))
                } else {
                    ParamType::by_ref(rust_type(ty))
                }
            }
            syn::Type::Tuple(tuple) if tuple.elems.is_empty() => ParamType::owned("()"),
            _ => ParamType::by_ref(rust_type(ty)),
        }
    }

    /// Follows a local `$ref` once; the node itself otherwise.
    fn resolve<'v>(&'v self, node: &'v Value) -> &'v Value {
        crate::spec::resolve(self.document, node)
    }
}

/// The scalar types typify passes by value.
const BY_VALUE: [&str; 15] = [
    "bool", "f32", "f64", "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64",
    "u128", "usize",
];

/// Whether `send` decodes a body into `ty` (not `()`, nor the raw
/// `ByteStream`).
fn decodes(ty: &syn::Type) -> bool {
    match ty {
        syn::Type::Tuple(t) => !t.elems.is_empty(),
        _ => last_ident(ty).is_none_or(|s| s != "ByteStream"),
    }
}

/// A body builder's field holds `types::builder::X`; the body is `types::X`.
fn without_builder_module(ty: &syn::Type) -> syn::Type {
    let mut ty = ty.clone();
    if let syn::Type::Path(path) = &mut ty {
        let segments = &path.path.segments;
        let at = segments
            .iter()
            .zip(segments.iter().skip(1))
            .position(|(a, b)| a.ident == "types" && b.ident == "builder");
        if let Some(at) = at {
            path.path.segments = segments
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != at + 1)
                .map(|(_, s)| s.clone())
                .collect();
        }
    }
    ty
}

/// A type as Rust text: `::std::vec::Vec<types::Thread>`.
fn rust_type(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(path) if path.qself.is_none() => {
            let mut text = String::new();
            if path.path.leading_colon.is_some() {
                text.push_str("::");
            }
            for (i, segment) in path.path.segments.iter().enumerate() {
                if i > 0 {
                    text.push_str("::");
                }
                text.push_str(&segment.ident.to_string());
                if let syn::PathArguments::AngleBracketed(args) = &segment.arguments {
                    let args: Vec<String> = args
                        .args
                        .iter()
                        .map(|arg| match arg {
                            syn::GenericArgument::Type(t) => rust_type(t),
                            other => tokens_text(other),
                        })
                        .collect();
                    let _ = write!(text, "<{}>", args.join(", "));
                }
            }
            text
        }
        syn::Type::Reference(r) => {
            let lifetime = r
                .lifetime
                .as_ref()
                .map(|l| format!("{l} "))
                .unwrap_or_default();
            let mutable = if r.mutability.is_some() { "mut " } else { "" };
            format!("&{lifetime}{mutable}{}", rust_type(&r.elem))
        }
        syn::Type::Tuple(t) => {
            let elems: Vec<String> = t.elems.iter().map(rust_type).collect();
            match elems.len() {
                1 => format!("({},)", elems[0]),
                _ => format!("({})", elems.join(", ")),
            }
        }
        syn::Type::Slice(s) => format!("[{}]", rust_type(&s.elem)),
        other => tokens_text(other),
    }
}

/// Tokens printed as they come, for what [`rust_type`] does not shape.
fn tokens_text(tokens: &impl quote::ToTokens) -> String {
    tokens.to_token_stream().to_string()
}
