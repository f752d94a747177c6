//! progenitor's client in two halves, one per core: its `types` module on a
//! thread of its own, everything else (`Client`, `impl Client`, the
//! builders) on this one. Each half is parsed, fixed up, given our
//! additions, read for what was decided and formatted where it is.
//!
//! syn's trees are not `Send`, so what crosses between the threads is text:
//! the `types` module goes out as progenitor's tokens printed (a few
//! milliseconds on a large spec), and comes back as formatted code, with
//! what was read of it ([`TypesRead`], sent as soon as it is read: the
//! paginators of the builders ask it) and the crates it names.
//!
//! prettyplease formats a file item by item, so the formatted halves joined
//! in the order of the items are the text the whole file formats to.

use std::sync::{Mutex, mpsc};

use proc_macro2::{Delimiter, TokenStream, TokenTree};

use super::decided::{Decided, TypesRead};
use super::our_types::{self, OurTypes};
use super::plan::{ClientPlan, SuccessUnion};
use super::{crate_docs, emit, indirection, module_items_mut, paging, webhooks_emit};
use crate::diagnostic::Diagnostic;
use crate::fixups::{self, Expect, Ledger, field_names};
use crate::manifest::PathRoots;
use crate::profile;

/// The client, generated: its code formatted, and what later steps ask of it.
pub(crate) struct Client {
    /// The formatted client (no header, no `mock` module).
    pub(crate) text: String,
    /// How many structs and enums `types` holds.
    pub(crate) types: usize,
    /// What progenitor and typify decided.
    pub(crate) decided: Decided,
    /// The crates the client names.
    pub(crate) roots: PathRoots,
    /// The `chrono::DateTime`s left in the client (see
    /// [`fixups::lenient_timestamps`]).
    pub(crate) date_times: usize,
    /// The properties renamed back to their fields (the fix-up
    /// [`field_names`]), when `renames` were given.
    pub(crate) restored: Vec<field_names::Restored>,
}

/// Why the client could not be generated.
pub(crate) enum Failure {
    /// Properties typify would make one field ([`field_names::find`]).
    Collisions(Vec<field_names::Collision>),
    /// progenitor's output lacks what the plan says is there: a bug (or a
    /// fix-up that applied other than expected, which the ledger names).
    Bug(String),
}

impl Failure {
    /// The failure as diagnostics, at the top of `spec` where it has no place.
    pub(crate) fn diagnostics(self, spec: &crate::spec::Spec<'_>) -> Vec<Diagnostic> {
        match self {
            Failure::Bug(message) => vec![spec.error("", message, crate::diagnostic::BUG_HELP)],
            Failure::Collisions(collisions) => collisions
                .iter()
                .map(|c| {
                    spec.error(
                        "",
                        format!(
                            "the type `{}` declares the field `{}` twice",
                            c.type_name, c.field
                        ),
                        crate::diagnostic::BUG_HELP,
                    )
                })
                .collect(),
        }
    }
}

/// The client from progenitor's `tokens`, in two halves (see the module's
/// docs), and the ledger of the fix-ups of its output run on the way (also
/// when it failed after them: check it before the failure, which a fix-up
/// that applied other than expected explains). `renames` are the properties
/// [`field_names::rename`] renamed in the document progenitor read: restored
/// in `types` before it is read.
///
/// # Errors
/// Properties that would be one field (only without `renames`; with them,
/// any left), or output that lacks what the plan names.
pub(crate) fn client(
    plan: &ClientPlan,
    tokens: TokenStream,
    decided: Decided,
    renames: &[field_names::Renamed],
    ours: &Result<OurTypes, String>,
) -> (Result<Client, Failure>, Ledger) {
    let Some((rest, types)) = split(tokens) else {
        let missing = Failure::Bug("progenitor's output has no `types` module".to_owned());
        return (Err(missing), Ledger::default());
    };
    let (read_to, read) = mpsc::channel();
    // The one sender, taken by the `types` half and dropped when it returns
    // (or unwinds): the other half's wait for the read ends either way.
    let read_to = Mutex::new(Some(read_to));
    let (types, rest) = crate::threads::beside(
        || {
            let read_to = read_to
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .take();
            types_half(plan, &types, renames, ours, read_to)
        },
        || rest_half(plan, rest, decided, &read),
    );
    let (rest, ledger) = rest;
    // The `types` half's failure explains the other's (which stopped when
    // no read of `types` came).
    let client = types.and_then(|types| {
        let rest = rest?;
        Ok(Client {
            text: rest.before + &types.text + &rest.after,
            types: types.count,
            decided: rest.decided,
            roots: rest.roots.and(&types.roots),
            date_times: rest.date_times + types.date_times,
            restored: types.restored,
        })
    });
    (client, ledger)
}

/// progenitor's top-level tokens without its `types` module (the items
/// before it, those after it), and that module printed; `None` without one.
fn split(tokens: TokenStream) -> Option<((TokenStream, TokenStream), String)> {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let is_ident =
        |at: usize, name: &str| matches!(trees.get(at), Some(TokenTree::Ident(i)) if i == name);
    let is_group = |at: usize, delimiter: Delimiter| matches!(trees.get(at), Some(TokenTree::Group(g)) if g.delimiter() == delimiter);
    let module = (0..trees.len()).find(|&at| {
        is_ident(at, "mod") && is_ident(at + 1, "types") && is_group(at + 2, Delimiter::Brace)
    })?;
    // Back over its visibility (`pub`, `pub(crate)`) and its outer attributes.
    let mut start = module;
    if start >= 2 && is_ident(start - 2, "pub") && is_group(start - 1, Delimiter::Parenthesis) {
        start -= 2;
    } else if start >= 1 && is_ident(start - 1, "pub") {
        start -= 1;
    }
    while start >= 2
        && is_group(start - 1, Delimiter::Bracket)
        && matches!(&trees[start - 2], TokenTree::Punct(p) if p.as_char() == '#')
    {
        start -= 2;
    }
    let mut trees = trees.into_iter();
    let before: TokenStream = trees.by_ref().take(start).collect();
    let types: TokenStream = trees.by_ref().take(module + 3 - start).collect();
    let after: TokenStream = trees.collect();
    Some(((before, after), types.to_string()))
}

/// The `types` half, formatted.
struct TypesHalf {
    text: String,
    count: usize,
    roots: PathRoots,
    date_times: usize,
    restored: Vec<field_names::Restored>,
}

/// Parses `types` (progenitor's module, printed), restores the `renames`,
/// adds the tagged unions, sends what it read to `read_to`, and formats it,
/// with `ours` (our enums and success unions, formatted) put in after
/// typify's items and before the tagged unions.
fn types_half(
    plan: &ClientPlan,
    types: &str,
    renames: &[field_names::Renamed],
    ours: &Result<OurTypes, String>,
    read_to: Option<mpsc::Sender<TypesRead>>,
) -> Result<TypesHalf, Failure> {
    let module: syn::ItemMod = profile::stage(profile::PARSE, || syn::parse_str(types))
        .map_err(|e| Failure::Bug(format!("progenitor produced code that does not parse: {e}")))?;
    let mut file = file_of(Vec::new(), vec![syn::Item::Mod(module)]);
    let restored = if renames.is_empty() {
        Vec::new()
    } else {
        field_names::restore(&mut file, renames)
    };
    let collisions = field_names::find(&file);
    if !collisions.is_empty() {
        return Err(Failure::Collisions(collisions));
    }
    let ours = ours.as_ref().map_err(|e| Failure::Bug(e.clone()))?;
    let items = module_items_mut(&mut file, "types")
        .ok_or_else(|| Failure::Bug("progenitor's `types` is not a module".to_owned()))?;
    let tagged = tagged_unions(plan, items, ours).map_err(Failure::Bug)?;
    let count = our_types::count_types(items) + ours.count + our_types::count_types(&tagged);
    if let Some(read_to) = read_to {
        // The other half may have stopped (its own failure): nothing to send to.
        let _ = read_to.send(TypesRead::of(items, &plan.enums));
    }
    let tagged = file_of(Vec::new(), tagged);
    let (typify_roots, typify_date_times) = fixups::lenient_timestamps::roots_and_leftovers(&file);
    let (tagged_roots, tagged_date_times) =
        fixups::lenient_timestamps::roots_and_leftovers(&tagged);
    let roots = typify_roots.and(&tagged_roots).and(&ours.roots);
    let date_times = typify_date_times + tagged_date_times + ours.date_times;
    let text = profile::stage(profile::FORMAT, || prettyplease::unparse(&file));
    let body = ours.text.clone() + &our_types::module_body(tagged.items).map_err(Failure::Bug)?;
    let text = our_types::append_to_module(&text, &body)
        .ok_or_else(|| Failure::Bug("the `types` module does not end in `}`".to_owned()))?;
    Ok(TypesHalf {
        text,
        count,
        roots,
        date_times,
        restored,
    })
}

/// The items of the plan's tagged unions (`types` holds typify's items,
/// which decide the variants to box), after each planned enum is checked to
/// be declared once, by typify or by us.
fn tagged_unions(
    plan: &ClientPlan,
    types: &[syn::Item],
    ours: &OurTypes,
) -> Result<Vec<syn::Item>, String> {
    let mut enums = ours.enums.clone();
    our_types::count_enums(types, &mut enums);
    for e in &plan.enums {
        let found = enums.get(&e.name).copied().unwrap_or(0);
        if found != 1 {
            return Err(format!(
                "the enum `{}` is in `types` {found} times, not once",
                e.name
            ));
        }
    }
    let boxed = indirection::boxed_variants(types, &plan.tagged_unions);
    let mut items = Vec::new();
    for union in &plan.tagged_unions {
        items.extend(emit::tagged_union_items(union, &boxed)?);
    }
    Ok(items)
}

/// The half without `types`, formatted: the text before where `types` goes
/// and the text after it.
struct RestHalf {
    before: String,
    after: String,
    decided: Decided,
    roots: PathRoots,
    date_times: usize,
}

/// Parses the items before and after `types`, fixes them up (recorded in the
/// ledger returned), reads the builders, adds the paginators (once what was
/// read of `types` comes from `read`), `impl Client`, the webhooks and the
/// crate docs, and formats.
fn rest_half(
    plan: &ClientPlan,
    (before, after): (TokenStream, TokenStream),
    decided: Decided,
    read: &mpsc::Receiver<TypesRead>,
) -> (Result<RestHalf, Failure>, Ledger) {
    let parsed = profile::stage(profile::PARSE, || {
        Ok::<_, syn::Error>((
            syn::parse2::<syn::File>(before)?,
            syn::parse2::<syn::File>(after)?,
        ))
    });
    let (before, after) = match parsed {
        Ok(parsed) => parsed,
        Err(e) => {
            let bug = format!("progenitor produced code that does not parse: {e}");
            return (Err(Failure::Bug(bug)), Ledger::default());
        }
    };
    // One file for the fix-ups and additions, which look across the items,
    // with an empty item where `types` goes back.
    let items = before
        .items
        .into_iter()
        .chain([types_goes_here()])
        .chain(after.items)
        .collect();
    let mut client = file_of(before.attrs, items);
    let mut ledger = Ledger::default();
    fix_up(plan, &mut client, &mut ledger);
    let rest = finish_rest(plan, client, decided, read);
    (rest, ledger)
}

/// [`rest_half`] after the fix-ups.
fn finish_rest(
    plan: &ClientPlan,
    mut client: syn::File,
    mut decided: Decided,
    read: &mpsc::Receiver<TypesRead>,
) -> Result<RestHalf, Failure> {
    decided.read_builders(&client);
    let types = profile::stage(profile::WAIT, || read.recv())
        .map_err(|_| Failure::Bug("the `types` half ended without its read".to_owned()))?;
    decided.add_types(types);
    add_to_client(plan, &decided, &mut client).map_err(Failure::Bug)?;
    let (roots, date_times) = fixups::lenient_timestamps::roots_and_leftovers(&client);
    let at = client
        .items
        .iter()
        .position(|item| *item == types_goes_here())
        .ok_or_else(|| Failure::Bug("the place of `types` was lost".to_owned()))?;
    let after = client.items.split_off(at + 1);
    client.items.truncate(at);
    let before = file_of(std::mem::take(&mut client.attrs), client.items);
    let after = file_of(Vec::new(), after);
    let (before, after) = profile::stage(profile::FORMAT, || {
        (
            prettyplease::unparse(&before),
            prettyplease::unparse(&after),
        )
    });
    Ok(RestHalf {
        before,
        after,
        decided,
        roots,
        date_times,
    })
}

/// The item that holds the place of `types` in the other half: empty, so
/// that no fix-up or reader sees anything in it.
fn types_goes_here() -> syn::Item {
    syn::Item::Verbatim(TokenStream::new())
}

/// The fix-ups of progenitor's output, each expected as often as the plan
/// has the construct it works around.
fn fix_up(plan: &ClientPlan, client: &mut syn::File, ledger: &mut Ledger) {
    use fixups::{client_constructors, success_union};
    let unions: Vec<&SuccessUnion> = plan
        .operations
        .iter()
        .filter_map(|op| op.responses.union.as_ref())
        .collect();
    let arms = unions.iter().map(|u| u.variants.len()).sum();
    let rewritten = success_union::apply(client, &unions);
    ledger.record(&success_union::FIXUP, Expect::Exactly(arms), rewritten);
    let constructors = client_constructors::apply(client);
    ledger.record(
        &client_constructors::FIXUP,
        Expect::Exactly(1),
        constructors,
    );
}

/// The paginators (which ask `decided`), `impl Client` and the hooks, the
/// webhooks, and the crate docs.
fn add_to_client(
    plan: &ClientPlan,
    decided: &Decided,
    client: &mut syn::File,
) -> Result<(), String> {
    let streams = paging::add_stream_methods(&plan.operations, decided, client)?;
    let paged = plan
        .operations
        .iter()
        .filter(|op| op.paging.is_some())
        .count();
    if streams != paged {
        return Err(format!(
            "{streams} stream methods emitted for {paged} paged operations"
        ));
    }
    client.items.extend(emit::client_impl(plan)?);
    client.items.extend(webhooks_emit::items(plan, decided)?);
    client.attrs.splice(0..0, crate_docs::attributes(plan));
    Ok(())
}

pub(super) fn file_of(attrs: Vec<syn::Attribute>, items: Vec<syn::Item>) -> syn::File {
    syn::File {
        shebang: None,
        frontmatter: None,
        attrs,
        items,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn format(tokens: TokenStream) -> String {
        prettyplease::unparse(&syn::parse2(tokens).expect("a file"))
    }

    #[test]
    fn types_is_split_out_with_its_attributes_and_the_halves_format_as_the_whole() {
        let whole: TokenStream = quote::quote! {
            #[allow(unused_imports)]
            use progenitor_client::{encode_path, ClientHooks};
            #[doc = "Types used as operation parameters and responses."]
            #[allow(clippy::all)]
            pub mod types {
                pub struct Thread { pub id: String }
            }
            pub struct Client { baseurl: String }
            pub mod builder { pub struct ListThreads; }
        };
        let ((before, after), types) = split(whole.clone()).expect("a `types` module");
        assert_eq!(
            before.to_string(),
            "# [allow (unused_imports)] use progenitor_client :: { encode_path , ClientHooks } ;"
        );
        assert!(
            types.starts_with("# [doc = \"Types used as operation parameters and responses.\"] # [allow (clippy :: all)] pub mod types {"),
            "{types}"
        );
        assert_eq!(
            after.to_string(),
            "pub struct Client { baseurl : String } pub mod builder { pub struct ListThreads ; }"
        );
        let types: TokenStream = types.parse().expect("tokens");
        assert_eq!(
            format(before) + &format(types) + &format(after),
            format(whole)
        );
    }

    #[test]
    fn output_without_a_types_module_is_not_split() {
        assert!(split(quote::quote! { pub struct Client; mod types; }).is_none());
        assert!(split(quote::quote! { pub mod builder {} }).is_none());
    }
}
