//! progenitor's httpmock helpers match an array query parameter with
//! `query_param(name, value.to_string())`, which does not compile (a `Vec`
//! has no `Display`). Each element is matched as its own `name=value` pair
//! instead, which is how the client sends it.
//!
//! Ref: https://github.com/oxidecomputer/progenitor/issues/1260 (open; the
//! fix, progenitor#1261, is not merged). When it lands, the helpers call
//! `apply_query_param_pairs` instead and this fix-up stops applying.

use quote::quote;
use syn::visit_mut::VisitMut;

use super::FixUp;

pub(crate) static FIXUP: FixUp = FixUp {
    name: "array_query_matchers",
    upstream: "https://github.com/oxidecomputer/progenitor/issues/1260",
};

/// Rewrites the `query_param` calls of every helper whose parameter is a
/// `Vec`; returns how many it rewrote (one per array query parameter).
pub(crate) fn apply(mock: &mut syn::File) -> usize {
    let mut fix = Fix(0);
    fix.visit_file_mut(mock);
    fix.0
}

struct Fix(usize);

impl VisitMut for Fix {
    fn visit_impl_item_fn_mut(&mut self, function: &mut syn::ImplItemFn) {
        // The parameter's type is in the `where` clause: `T: Into<Option<&Vec<…>>>`.
        let bounds = &function.sig.generics.where_clause;
        if quote!(#bounds).to_string().contains("Vec") {
            self.visit_block_mut(&mut function.block);
        }
    }

    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        syn::visit_mut::visit_expr_mut(self, expr);
        let syn::Expr::MethodCall(call) = expr else {
            return;
        };
        if call.method != "query_param" || call.args.len() != 2 {
            return;
        }
        let (receiver, name) = (&call.receiver, &call.args[0]);
        *expr = syn::parse_quote! {
            value.iter().fold(#receiver, |when, item| when.query_param(#name, item.to_string()))
        };
        self.0 += 1;
    }
}

#[cfg(test)]
mod tests {
    use quote::ToTokens as _;

    use super::*;

    #[test]
    fn matches_each_element_of_a_vec_parameter_only() {
        let mut file: syn::File = syn::parse_quote! {
            impl When {
                pub fn tags<'a, T>(self, value: T) -> Self where T: Into<Option<&'a Vec<String>>> {
                    Self(self.0.query_param("tags", value.to_string()))
                }
                pub fn sort<'a, T>(self, value: T) -> Self where T: Into<Option<&'a str>> {
                    Self(self.0.query_param("sort", value.to_string()))
                }
            }
        };
        assert_eq!(apply(&mut file), 1);
        let text = file.to_token_stream().to_string();
        assert!(text.contains("value . iter () . fold (self . 0 , | when , item | when . query_param (\"tags\" , item . to_string ()))"), "{text}");
        assert!(
            text.contains("self . 0 . query_param (\"sort\" , value . to_string ())"),
            "{text}"
        );
    }
}
