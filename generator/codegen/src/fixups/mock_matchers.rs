//! Two fix-ups of progenitor's httpmock helpers (`Generator::httpmock`, in
//! progenitor-impl `httpmock.rs`), made in one walk over the `mock` module.
//!
//! [`PATH_PARAMS`]: a path parameter's matcher pastes the value into a
//! regular expression as it is (`format!("^/v1/thread/{}$",
//! value.to_string())`), so `thr.1` also matches `thrX1`, a `(` makes the
//! pattern invalid, and `a b` never matches the `a%20b` the client sends. The
//! value is percent-encoded as the client encodes it, then escaped. No issue
//! is filed upstream; progenitor#467 only narrowed the other parameters'
//! wildcard.
//!
//! [`ARRAY_QUERY`]: an array query parameter is matched with
//! `query_param(name, value.to_string())`, which does not compile (a `Vec`
//! has no `Display`). Each element is matched as its own `name=value` pair
//! instead, which is how the client sends it. progenitor#1260, open; its fix
//! (#1261) calls `apply_query_param_pairs` instead, and then this fix-up
//! stops applying.
//!
//! [`BODY_BY_VALUE`]: a body whose type typify makes `Copy` (a string enum)
//! is taken by value, `body(self, value: types::State)`, and then passed on
//! as it is to `json_body_obj`, which takes a reference: it does not
//! compile. progenitor-impl `httpmock.rs` (`OperationParameterKind::Body`);
//! not filed. The same holds for a response helper taking `Option<&T>`.
//! Which types are `Copy` is typify's choice, so the plan does not count
//! them: the expectation is the helpers whose signature takes `value` by
//! value and that call `json_body_obj`, one rewrite each.

use proc_macro2::{Group, TokenStream, TokenTree};
use quote::quote;
use syn::visit_mut::{self, VisitMut};

use super::FixUp;

pub(crate) static PATH_PARAMS: FixUp = FixUp {
    name: "path_param_matchers",
    upstream: "progenitor-impl/src/httpmock.rs (Generator::httpmock_method, path parameters)",
};

pub(crate) static ARRAY_QUERY: FixUp = FixUp {
    name: "array_query_matchers",
    upstream: "https://github.com/oxidecomputer/progenitor/issues/1260",
};

pub(crate) static BODY_BY_VALUE: FixUp = FixUp {
    name: "body_by_value_matchers",
    upstream: "progenitor-impl/src/httpmock.rs (OperationParameterKind::Body, a Copy body type)",
};

/// How often each fix-up applied.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Applied {
    /// `value.to_string()` in a `format!`: one per path parameter.
    pub(crate) path_params: usize,
    /// `query_param` in a helper taking a `Vec`: one per array parameter.
    pub(crate) array_query: usize,
    /// `json_body_obj(value)` with `value` taken by value.
    pub(crate) body_by_value: usize,
    /// Not a fix: the helpers that take `value` by value (a request body
    /// type typify made `Copy`, a response's `Option<&T>`) and pass it to
    /// `json_body_obj`, each of which needs one `body_by_value`.
    pub(crate) by_value_json_helpers: usize,
}

/// Rewrites the matchers of `mock`.
pub(crate) fn apply(mock: &mut syn::File) -> Applied {
    let mut fix = Fix::default();
    fix.visit_file_mut(mock);
    fix.applied
}

#[derive(Default)]
struct Fix {
    applied: Applied,
    /// Inside a helper whose parameter is a `Vec`.
    in_vec_helper: bool,
    /// Inside a helper that takes `value` by value, not by reference.
    value_by_value: bool,
}

impl VisitMut for Fix {
    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        if mac.path.is_ident("format") {
            let tokens = std::mem::take(&mut mac.tokens);
            mac.tokens = escape_values(tokens, &mut self.applied.path_params);
        }
    }

    fn visit_impl_item_fn_mut(&mut self, function: &mut syn::ImplItemFn) {
        // The parameter's type is in the `where` clause for an optional
        // parameter (`T: Into<Option<&Vec<…>>>`), in the signature for a
        // required one (`value: &Vec<…>`).
        let bounds = &function.sig.generics.where_clause;
        let inputs = &function.sig.inputs;
        // The identifier `Vec`, not the text: `types::ListVectorStoresOrder`
        // is no vector.
        self.in_vec_helper = names_vec(quote!(#bounds #inputs));
        self.value_by_value = inputs.iter().any(|input| {
            matches!(input, syn::FnArg::Typed(arg)
                if matches!(&*arg.pat, syn::Pat::Ident(p) if p.ident == "value")
                    && matches!(&*arg.ty, syn::Type::Path(_)))
        });
        let block = &function.block;
        if self.value_by_value && quote!(#block).to_string().contains("json_body_obj") {
            self.applied.by_value_json_helpers += 1;
        }
        visit_mut::visit_impl_item_fn_mut(self, function);
        self.in_vec_helper = false;
        self.value_by_value = false;
    }

    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        visit_mut::visit_expr_mut(self, expr);
        let syn::Expr::MethodCall(call) = expr else {
            return;
        };
        if self.value_by_value
            && call.method == "json_body_obj"
            && call.args.len() == 1
            && matches!(&call.args[0], syn::Expr::Path(p) if p.path.is_ident("value"))
        {
            call.args[0] = syn::parse_quote!(&value);
            self.applied.body_by_value += 1;
            return;
        }
        if !self.in_vec_helper {
            return;
        }
        if call.method != "query_param" || call.args.len() != 2 {
            return;
        }
        let (receiver, name) = (&call.receiver, &call.args[0]);
        *expr = syn::parse_quote! {
            value.iter().fold(#receiver, |when, item| when.query_param(#name, item.to_string()))
        };
        self.applied.array_query += 1;
    }
}

/// Whether `tokens` name the type `Vec` anywhere.
fn names_vec(tokens: TokenStream) -> bool {
    tokens.into_iter().any(|token| match token {
        TokenTree::Ident(ident) => ident == "Vec",
        TokenTree::Group(group) => names_vec(group.stream()),
        _ => false,
    })
}

/// Replaces each `value.to_string()` in `tokens`, counting.
fn escape_values(tokens: TokenStream, count: &mut usize) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < trees.len() {
        let is_call = matches!(
            &trees[i..],
            [TokenTree::Ident(v), TokenTree::Punct(dot), TokenTree::Ident(m), TokenTree::Group(args), ..]
                if v == "value" && dot.as_char() == '.' && m == "to_string" && args.stream().is_empty()
        );
        if is_call {
            out.extend(
                quote! { regex::escape(&progenitor_client::encode_path(&value.to_string())) },
            );
            *count += 1;
            i += 4;
            continue;
        }
        out.push(match &trees[i] {
            TokenTree::Group(group) => {
                let mut inner = Group::new(group.delimiter(), escape_values(group.stream(), count));
                inner.set_span(group.span());
                TokenTree::Group(inner)
            }
            other => other.clone(),
        });
        i += 1;
    }
    out.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use quote::ToTokens as _;

    use super::*;

    #[test]
    fn escapes_and_encodes_path_values_in_format_only() {
        let mut file: syn::File = syn::parse_quote! {
            fn thread_id(value: &str) {
                let re = regex::Regex::new(&format!("^/v1/thread/{}$", value.to_string())).unwrap();
                let other = value.to_string();
            }
        };
        assert_eq!(
            apply(&mut file),
            Applied {
                path_params: 1,
                array_query: 0,
                body_by_value: 0,
                by_value_json_helpers: 0
            }
        );
        let text = file.to_token_stream().to_string();
        assert!(
            text.contains("format ! (\"^/v1/thread/{}$\" , regex :: escape (& progenitor_client :: encode_path (& value . to_string ())))"),
            "{text}"
        );
        assert!(text.contains("let other = value . to_string ()"), "{text}");
    }

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
                // A type whose name holds `Vec` is no vector (OpenAI's
                // `ListVectorStoresOrder`).
                pub fn order<T>(self, value: T) -> Self where T: Into<Option<types::ListVectorStoresOrder>> {
                    Self(self.0.query_param("order", value.to_string()))
                }
            }
        };
        assert_eq!(
            apply(&mut file),
            Applied {
                path_params: 0,
                array_query: 1,
                body_by_value: 0,
                by_value_json_helpers: 0
            }
        );
        let text = file.to_token_stream().to_string();
        assert!(text.contains("value . iter () . fold (self . 0 , | when , item | when . query_param (\"tags\" , item . to_string ()))"), "{text}");
        assert!(
            text.contains("self . 0 . query_param (\"sort\" , value . to_string ())"),
            "{text}"
        );
    }

    #[test]
    fn borrows_a_body_taken_by_value_only() {
        let mut file: syn::File = syn::parse_quote! {
            impl When {
                pub fn body(self, value: types::State) -> Self {
                    Self(self.0.json_body_obj(value))
                }
            }
            impl Other {
                pub fn body(self, value: &types::Thread) -> Self {
                    Self(self.0.json_body_obj(value))
                }
            }
            impl Raw {
                pub fn body(self, value: ::serde_json::Value) -> Self {
                    Self(self.0.json_body(value))
                }
            }
        };
        let applied = apply(&mut file);
        assert_eq!(
            (applied.body_by_value, applied.by_value_json_helpers),
            (1, 1)
        );
        let text = file.to_token_stream().to_string();
        assert!(
            text.contains(
                "value : types :: State) -> Self { Self (self . 0 . json_body_obj (& value)) }"
            ),
            "{text}"
        );
        assert!(
            text.contains(
                "value : & types :: Thread) -> Self { Self (self . 0 . json_body_obj (value)) }"
            ),
            "{text}"
        );
    }
}
