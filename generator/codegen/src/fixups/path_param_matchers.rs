//! progenitor's httpmock helpers match a path parameter by pasting its value
//! into a regular expression as it is (`format!("^/v1/thread/{}$",
//! value.to_string())`), so `thr.1` also matches `thrX1`, a `(` makes the
//! pattern invalid, and `a b` never matches the `a%20b` the client sends. The
//! value is percent-encoded as the client encodes it, then escaped.
//!
//! Ref: no upstream issue; the matcher comes from progenitor-impl
//! `httpmock.rs`, `Generator::httpmock_method` (the `Path` arm, via
//! `PathTemplate::as_wildcard_param`). progenitor#467 only narrowed the
//! wildcard of the other parameters.

use proc_macro2::{Group, TokenStream, TokenTree};
use quote::quote;
use syn::visit_mut::VisitMut;

use super::FixUp;

pub(crate) static FIXUP: FixUp = FixUp {
    name: "path_param_matchers",
    upstream: "progenitor-impl/src/httpmock.rs (Generator::httpmock_method, path parameters)",
};

/// Rewrites each `value.to_string()` inside a `format!` of `mock`; returns
/// how many it rewrote (one per path parameter of each operation).
pub(crate) fn apply(mock: &mut syn::File) -> usize {
    let mut fix = Fix(0);
    fix.visit_file_mut(mock);
    fix.0
}

struct Fix(usize);

impl VisitMut for Fix {
    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        if mac.path.is_ident("format") {
            mac.tokens = rewrite(std::mem::take(&mut mac.tokens), &mut self.0);
        }
    }
}

/// Replaces each `value.to_string()` in `tokens`, counting.
fn rewrite(tokens: TokenStream, count: &mut usize) -> TokenStream {
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
                let mut inner = Group::new(group.delimiter(), rewrite(group.stream(), count));
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
    fn escapes_and_encodes_the_value_in_format_only() {
        let mut file: syn::File = syn::parse_quote! {
            fn thread_id(value: &str) {
                let re = regex::Regex::new(&format!("^/v1/thread/{}$", value.to_string())).unwrap();
                let other = value.to_string();
            }
        };
        assert_eq!(apply(&mut file), 1);
        let text = file.to_token_stream().to_string();
        assert!(
            text.contains("format ! (\"^/v1/thread/{}$\" , regex :: escape (& progenitor_client :: encode_path (& value . to_string ())))"),
            "{text}"
        );
        assert!(text.contains("let other = value . to_string ()"), "{text}");
    }
}
