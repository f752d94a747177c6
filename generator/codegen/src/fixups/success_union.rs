//! An operation whose success statuses have different bodies (HubSpot's batch
//! read: 200 and 207; 200 and 204) returns one enum, a variant per status
//! ([`crate::client::plan::SuccessUnion`], emitted into `types`). progenitor
//! is told that every success status has that enum as its body
//! ([`super::responses`]); here each arm of the `send` method's `match` on
//! the status decodes the body that status really carries, and wraps it in
//! its variant. The status decides the variant, never the body's shape.
//!
//! Ref: progenitor-impl `method.rs`, `extract_responses` ("TODO to deal with
//! multiple response types, we'll need to create an enum type with variants
//! for each of the response types").

use quote::{format_ident, quote};
use syn::visit_mut::{self, VisitMut};

use super::FixUp;
use crate::client::plan::SuccessUnion;

pub(crate) static FIXUP: FixUp = FixUp {
    name: "success_union",
    upstream: "progenitor-impl/src/method.rs (extract_responses: one response type per operation)",
};

/// Rewrites the success arms of the `send` methods returning one of
/// `unions`; returns how many arms it rewrote (one per variant).
pub(crate) fn apply(client: &mut syn::File, unions: &[&SuccessUnion]) -> usize {
    let mut fix = Fix {
        unions,
        current: None,
        applied: 0,
    };
    fix.visit_file_mut(client);
    fix.applied
}

struct Fix<'u> {
    unions: &'u [&'u SuccessUnion],
    /// The union the `send` being walked returns.
    current: Option<&'u SuccessUnion>,
    applied: usize,
}

impl VisitMut for Fix<'_> {
    fn visit_impl_item_fn_mut(&mut self, function: &mut syn::ImplItemFn) {
        if function.sig.ident != "send" {
            return;
        }
        let output = &function.sig.output;
        let returns = quote!(#output).to_string();
        self.current = self
            .unions
            .iter()
            .copied()
            .find(|u| returns.contains(&format!("types :: {} >", u.name)));
        if self.current.is_some() {
            visit_mut::visit_impl_item_fn_mut(self, function);
        }
        self.current = None;
    }

    fn visit_expr_match_mut(&mut self, node: &mut syn::ExprMatch) {
        visit_mut::visit_expr_match_mut(self, node);
        let Some(union) = self.current else { return };
        // `match response.status().as_u16() { … }`
        let syn::Expr::MethodCall(call) = &*node.expr else {
            return;
        };
        if call.method != "as_u16" {
            return;
        }
        let syn::Expr::MethodCall(status) = &*call.receiver else {
            return;
        };
        let response = status.receiver.clone();
        for arm in &mut node.arms {
            let Some(variant) = variant_of(&arm.pat, union) else {
                continue;
            };
            let name = format_ident!("{}", union.name);
            let tag = format_ident!("{}", variant.variant);
            *arm.body = match &variant.body {
                Some(body) => {
                    let body: syn::Type = match syn::parse_str(&rooted(body)) {
                        Ok(body) => body,
                        Err(_) => continue,
                    };
                    syn::parse_quote! {{
                        match progenitor_client::ResponseValue::<#body>::from_response(#response).await {
                            Ok(value) => value.map(crate::types::#name::#tag),
                            Err(error) => Err(error),
                        }
                    }}
                }
                None => syn::parse_quote! {{
                    progenitor_client::ResponseValue::empty(#response).map(|()| crate::types::#name::#tag)
                }},
            };
            self.applied += 1;
        }
    }
}

/// `types::Thread` → `crate::types::Thread`; other paths stay.
pub(crate) fn rooted(body: &str) -> String {
    match body.strip_prefix("types::") {
        Some(rest) => format!("crate::types::{rest}"),
        None => body.to_owned(),
    }
}

/// The variant an arm's pattern stands for: `200u16` is status `200`; the
/// range `200..=299` is `2XX` (or `default`, read as success).
fn variant_of<'u>(
    pattern: &syn::Pat,
    union: &'u SuccessUnion,
) -> Option<&'u crate::client::plan::UnionVariant> {
    match pattern {
        syn::Pat::Lit(syn::PatLit {
            lit: syn::Lit::Int(code),
            ..
        }) => {
            let code = code.base10_digits();
            union.variants.iter().find(|v| v.status == code)
        }
        syn::Pat::Range(_) => union
            .variants
            .iter()
            .find(|v| v.status.eq_ignore_ascii_case("2XX") || v.status == "default"),
        _ => None,
    }
}
