//! progenitor's `Client::new(baseurl, inner)` and `new_with_client(baseurl,
//! client, inner)` take the client state as an argument when an inner type is
//! set (`with_inner_type`); ours create it, so that a caller never builds
//! `client_runtime::ClientState` by hand. progenitor's `impl Client` that
//! holds them is dropped, and `templates/client_impl.rs` defines ours.
//!
//! Ref: no upstream issue; the block comes from progenitor-impl `lib.rs`,
//! `Generator::generate_tokens`, and `with_inner_type` has no option to leave
//! it out.

use super::FixUp;

pub(crate) static FIXUP: FixUp = FixUp {
    name: "client_constructors",
    upstream: "progenitor-impl/src/lib.rs (Generator::generate_tokens, the `impl Client` with `new`)",
};

/// Removes the inherent `impl Client` that defines `new`; returns how many
/// blocks it removed.
pub(crate) fn apply(file: &mut syn::File) -> usize {
    let before = file.items.len();
    file.items.retain(|item| {
        let syn::Item::Impl(block) = item else {
            return true;
        };
        let is_client = block.trait_.is_none()
            && matches!(&*block.self_ty, syn::Type::Path(p) if p.path.is_ident("Client"));
        let has_new = block
            .items
            .iter()
            .any(|i| matches!(i, syn::ImplItem::Fn(f) if f.sig.ident == "new"));
        !(is_client && has_new)
    });
    before - file.items.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_only_the_inherent_impl_with_new() {
        let mut file: syn::File = syn::parse_quote! {
            impl Client { pub fn new(baseurl: &str, inner: State) -> Self { todo!() } }
            impl Client { pub fn get_thread(&self) {} }
            impl ClientInfo<State> for Client { fn new() {} }
            impl Other { pub fn new() -> Self { todo!() } }
        };
        assert_eq!(apply(&mut file), 1);
        assert_eq!(file.items.len(), 3);
        assert_eq!(apply(&mut file), 0);
    }
}
