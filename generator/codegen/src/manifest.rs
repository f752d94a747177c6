//! The `Cargo.toml` of a generated crate: its name, and exactly the crates
//! its code uses. They are found one way, for every crate: by reading the
//! first segment of every path in the emitted tokens (`::serde::Serialize`,
//! `regex::escape`, inside attributes and macro calls too) and keeping those
//! a table knows as crates. Versions live once, in the workspace's
//! `[workspace.dependencies]`; generated crates refer to them.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Spacing, TokenStream, TokenTree};

/// Crates generated code may use: the name code writes, and the package.
#[rustfmt::skip]
const KNOWN: [(&str, &str); 17] = [
    ("axum", "axum"), ("base64", "base64"), ("chrono", "chrono"),
    ("client_runtime", "client-runtime"), ("futures", "futures"), ("http", "http"),
    ("httpmock", "httpmock"), ("rand", "rand"),
    ("progenitor_client", "progenitor-client"), ("regex", "regex"), ("regress", "regress"),
    ("reqwest", "reqwest"), ("serde", "serde"), ("serde_json", "serde_json"), ("tokio", "tokio"),
    ("tracing_subscriber", "tracing-subscriber"), ("uuid", "uuid"),
];

/// Path roots that are not crates: the language's own, the tools of tool
/// attributes (`#[allow(clippy::…)]`) and the primitive types (`u64::MAX`,
/// `str::from_utf8`). Keywords (`impl ::serde::…`) are told apart by syn.
#[rustfmt::skip]
const NOT_CRATES: [&str; 21] = [
    "std", "core", "alloc", "clippy", "rustfmt", "bool", "char", "str", "f32", "f64",
    "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "usize",
];

/// The first segments of the paths in some code, and the modules it
/// declares, gathered piece by piece when the pieces of one crate are
/// generated apart (a client's `mock` module).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct PathRoots {
    roots: BTreeSet<String>,
    modules: BTreeSet<String>,
}

impl PathRoots {
    pub(crate) fn of(tokens: TokenStream) -> Self {
        let mut found = Self::default();
        path_roots(tokens.clone(), &mut found.roots);
        declared_modules(tokens, &mut found.modules);
        found
    }

    /// [`PathRoots::of`], read from a syntax tree rather than from its
    /// tokens printed again: the first segment of every path and of every
    /// `use` tree, the modules declared, and the tokens of macro calls and
    /// attribute lists (which syn leaves unparsed) read as `of` reads them.
    #[cfg(test)]
    pub(crate) fn of_file(file: &syn::File) -> Self {
        Self::of_file_with(file, &mut |_| {})
    }

    /// [`PathRoots::of_file`], showing `each_path` every path of the tree on
    /// the way: the one walk serves other readers of paths too.
    pub(crate) fn of_file_with(file: &syn::File, each_path: &mut dyn FnMut(&syn::Path)) -> Self {
        let mut reader = TreeReader {
            found: PathRoots::default(),
            each_path,
        };
        syn::visit::Visit::visit_file(&mut reader, file);
        reader.found
    }

    /// Both pieces, as one crate.
    pub(crate) fn and(mut self, other: &PathRoots) -> Self {
        self.roots.extend(other.roots.iter().cloned());
        self.modules.extend(other.modules.iter().cloned());
        self
    }

    /// The crates the code names that are neither [`KNOWN`] nor a module it
    /// declares (`mod types`): a generated crate that used one would not
    /// compile, since its `Cargo.toml` could not name it. typify, for one,
    /// writes `uuid::Uuid` for `format: uuid` and `regress::Regex` for a
    /// `pattern`.
    pub(crate) fn unknown_crates(&self) -> Vec<String> {
        self.roots
            .iter()
            .filter(|root| root.starts_with(|c: char| c.is_ascii_lowercase()))
            .filter(|root| !NOT_CRATES.contains(&root.as_str()) && !self.modules.contains(*root))
            .filter(|root| syn::parse_str::<syn::Ident>(root).is_ok())
            .filter(|root| !KNOWN.iter().any(|(code, _)| code == *root))
            .cloned()
            .collect()
    }
}

/// The walk of [`PathRoots::of_file_with`].
struct TreeReader<'h> {
    found: PathRoots,
    each_path: &'h mut dyn FnMut(&syn::Path),
}

impl TreeReader<'_> {
    fn root(&mut self, ident: &syn::Ident) {
        // The roots are few: a look before the copy saves one per path.
        if !self.found.roots.iter().any(|root| ident == root) {
            self.found.roots.insert(ident.to_string());
        }
    }

    fn tokens(&mut self, tokens: &TokenStream) {
        path_roots(tokens.clone(), &mut self.found.roots);
        declared_modules(tokens.clone(), &mut self.found.modules);
    }

    /// A path after a qualified self (`<T as serde::Serialize>::x`): its
    /// first `position` segments name the trait, a root only when written
    /// with `::`; the rest are later segments.
    fn qualified<'ast>(&mut self, qself: &'ast syn::QSelf, path: &'ast syn::Path) {
        use syn::visit::Visit as _;
        let starts_a_path =
            qself.position > 1 || (qself.position == 1 && path.leading_colon.is_some());
        if starts_a_path && let Some(first) = path.segments.first() {
            self.root(&first.ident);
        }
        (self.each_path)(path);
        self.visit_qself(qself);
        for segment in &path.segments {
            self.visit_path_segment(segment);
        }
    }

    /// The roots of a `use` tree at its top: `serde::Serialize`, each path of
    /// `{a::b, c::d}`.
    fn use_roots(&mut self, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(path) => self.root(&path.ident),
            syn::UseTree::Group(group) => {
                for tree in &group.items {
                    self.use_roots(tree);
                }
            }
            _ => {}
        }
    }
}

impl<'ast> syn::visit::Visit<'ast> for TreeReader<'_> {
    fn visit_path(&mut self, path: &'ast syn::Path) {
        if (path.leading_colon.is_some() || path.segments.len() > 1)
            && let Some(first) = path.segments.first()
        {
            self.root(&first.ident);
        }
        (self.each_path)(path);
        syn::visit::visit_path(self, path);
    }

    fn visit_type_path(&mut self, ty: &'ast syn::TypePath) {
        match &ty.qself {
            Some(qself) => self.qualified(qself, &ty.path),
            None => self.visit_path(&ty.path),
        }
    }

    fn visit_expr_path(&mut self, expr: &'ast syn::ExprPath) {
        for attr in &expr.attrs {
            self.visit_attribute(attr);
        }
        match &expr.qself {
            Some(qself) => self.qualified(qself, &expr.path),
            None => self.visit_path(&expr.path),
        }
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        self.use_roots(&item.tree);
        syn::visit::visit_item_use(self, item);
    }

    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        self.found.modules.insert(item.ident.to_string());
        syn::visit::visit_item_mod(self, item);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.tokens(&mac.tokens);
        syn::visit::visit_macro(self, mac);
    }

    fn visit_meta_list(&mut self, list: &'ast syn::MetaList) {
        self.tokens(&list.tokens);
        syn::visit::visit_meta_list(self, list);
    }
}

/// The names after `mod`, at any depth.
fn declared_modules(tokens: TokenStream, modules: &mut BTreeSet<String>) {
    let mut after_mod = false;
    for tree in tokens {
        let is_mod = matches!(&tree, TokenTree::Ident(i) if i == "mod");
        match tree {
            TokenTree::Group(group) => declared_modules(group.stream(), modules),
            TokenTree::Ident(ident) if after_mod => {
                modules.insert(ident.to_string());
            }
            _ => {}
        }
        after_mod = is_mod;
    }
}

/// How a generated `Cargo.toml` takes a known crate: from the workspace,
/// with the features the code needs (the examples'
/// `#[tokio::main(flavor = "current_thread")]`, the receiver's
/// `tokio::net::TcpListener` and `tokio::sync::mpsc`).
fn workspace_dependency(package: &str) -> String {
    match package {
        "tokio" => {
            "{ workspace = true, features = [\"macros\", \"net\", \"rt\", \"sync\"] }".to_owned()
        }
        _ => "{ workspace = true }".to_owned(),
    }
}

/// The crates a piece of code uses, as Cargo.toml entries (package → value).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Uses(BTreeMap<String, String>);

impl Uses {
    /// The known crates whose names start a path in `tokens`; `local` adds
    /// crates of this workspace: (name in code, package, Cargo.toml value).
    pub(crate) fn of(tokens: TokenStream, local: &[(String, String, String)]) -> Self {
        Self::from_roots(&PathRoots::of(tokens), local)
    }

    /// As [`Uses::of`], from the paths already read.
    pub(crate) fn from_roots(roots: &PathRoots, local: &[(String, String, String)]) -> Self {
        let roots = &roots.roots;
        let known = KNOWN
            .iter()
            .map(|(code, package)| (*code, *package, workspace_dependency(package)))
            .chain(
                local
                    .iter()
                    .map(|(c, p, v)| (c.as_str(), p.as_str(), v.clone())),
            );
        Self(
            known
                .filter(|(code, _, _)| roots.contains(*code))
                .map(|(_, package, value)| (package.to_owned(), value))
                .collect(),
        )
    }

    /// The crates of `self` that `other` does not use.
    pub(crate) fn without(&self, other: &Uses) -> Uses {
        Uses(
            self.0
                .iter()
                .filter(|(package, _)| !other.0.contains_key(*package))
                .map(|(p, v)| (p.clone(), v.clone()))
                .collect(),
        )
    }

    /// The package names.
    #[cfg(test)]
    pub(crate) fn packages(&self) -> Vec<&str> {
        self.0.keys().map(String::as_str).collect()
    }
}

/// Collects the first segment of every path in `tokens`: an identifier
/// followed by `::` that is not itself a later segment (after `name::` or
/// `Type<…>::`). A `::` after a keyword (`impl ::serde::…`, `mut ::x::…`)
/// or after `->` starts a path.
fn path_roots(tokens: TokenStream, roots: &mut BTreeSet<String>) {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let is_separator = |at: usize| {
        matches!(
            (trees.get(at), trees.get(at + 1)),
            (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
                if a.as_char() == ':' && a.spacing() == Spacing::Joint && b.as_char() == ':'
        )
    };
    // What stands before a `::` at `at` makes it a separator inside a path.
    let ends_segment = |at: usize| match &trees[at] {
        TokenTree::Ident(name) => !PATH_KEYWORDS.iter().any(|keyword| name == keyword),
        TokenTree::Punct(p) if p.as_char() == '>' => {
            // `->` is an arrow, not the end of `Type<…>`.
            !(at > 0
                && matches!(&trees[at - 1], TokenTree::Punct(d) if d.as_char() == '-' && d.spacing() == Spacing::Joint))
        }
        _ => false,
    };
    for (i, tree) in trees.iter().enumerate() {
        match tree {
            TokenTree::Group(group) => path_roots(group.stream(), roots),
            TokenTree::Ident(ident) if is_separator(i + 1) => {
                let later_segment = i >= 3 && is_separator(i - 2) && ends_segment(i - 3);
                // `&'a ::std::…`: a lifetime, then a path; `x.method::<T>()`:
                // a method, not a path.
                let after_punct = |c: char| {
                    i >= 1 && matches!(&trees[i - 1], TokenTree::Punct(p) if p.as_char() == c)
                };
                if !later_segment && !after_punct('\'') && !after_punct('.') {
                    roots.insert(ident.to_string());
                }
            }
            _ => {}
        }
    }
}

/// Keywords a path can follow: `impl ::serde::Serialize`, `&mut ::x::Y`,
/// `dyn ::std::error::Error`, `as ::core::…`, `use ::serde::…`.
const PATH_KEYWORDS: [&str; 17] = [
    "as", "break", "const", "dyn", "else", "for", "if", "impl", "in", "let", "match", "mut", "pub",
    "return", "static", "use", "where",
];

/// What a generated crate's `Cargo.toml` says besides its name.
#[derive(Default)]
pub(crate) struct Manifest {
    pub(crate) description: String,
    pub(crate) dependencies: Uses,
    /// Dependencies only a feature needs: feature → its crates, each then
    /// `optional = true` and enabled by the feature.
    pub(crate) features: BTreeMap<String, Uses>,
    /// What the examples and tests need beyond the dependencies.
    pub(crate) dev_dependencies: Uses,
}

/// The `Cargo.toml` text, with `header` as its first comment lines.
pub(crate) fn cargo_toml(header: &str, crate_name: &str, manifest: &Manifest) -> String {
    let mut out = String::new();
    for line in header.lines() {
        out.push_str(&format!("# {line}\n"));
    }
    out.push_str(&format!(
        "\n[package]\nname = \"{crate_name}\"\ndescription = \"{}\"\nversion = \"0.1.0\"\n\
         edition.workspace = true\nrust-version.workspace = true\nlicense.workspace = true\n\
         publish.workspace = true\n",
        manifest
            .description
            .replace('\\', "\\\\")
            .replace('"', "\\\"")
    ));
    let mut dependencies = manifest.dependencies.0.clone();
    for uses in manifest.features.values() {
        for (package, value) in &uses.0 {
            let optional = value.replace(" }", ", optional = true }");
            dependencies.insert(package.clone(), optional);
        }
    }
    for (section, entries) in [
        ("dependencies", &dependencies),
        ("dev-dependencies", &manifest.dev_dependencies.0),
    ] {
        if entries.is_empty() {
            continue;
        }
        out.push_str(&format!("\n[{section}]\n"));
        for (name, value) in entries {
            out.push_str(&format!("{name} = {value}\n"));
        }
    }
    if !manifest.features.is_empty() {
        out.push_str("\n[features]\n");
        for (name, uses) in &manifest.features {
            let list: Vec<String> = uses.0.keys().map(|p| format!("\"dep:{p}\"")).collect();
            out.push_str(&format!("{name} = [{}]\n", list.join(", ")));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    #[test]
    fn finds_the_crates_that_start_paths_anywhere() {
        let tokens = quote! {
            #[derive(::serde::Serialize)]
            struct A { at: chrono::DateTime<chrono::Utc>, inner: crate::types::regex::Thing }
            fn f() { let _ = format!("{}", regex::escape("x")); my_reqwest::x(); Vec::<u8>::serde_json(); }
            #[tokio::main]
            async fn main() { acme_client::Client::new(""); }
        };
        let local = [(
            "acme_client".into(),
            "acme-client".into(),
            "{ path = \"../acme\" }".into(),
        )];
        let uses = Uses::of(tokens, &local);
        assert_eq!(
            uses.packages(),
            ["acme-client", "chrono", "regex", "serde", "tokio"]
        );
        assert_eq!(
            uses.0["tokio"],
            "{ workspace = true, features = [\"macros\", \"net\", \"rt\", \"sync\"] }"
        );
        let less = uses.without(&Uses::of(quote! { chrono::Utc; ::tokio::spawn }, &[]));
        assert_eq!(less.packages(), ["acme-client", "regex", "serde"]);
    }

    #[test]
    fn a_crate_the_table_does_not_know_is_named() {
        let tokens = quote! {
            pub mod types { pub struct A { id: uuid::Uuid, n: u64 } }
            mod builder { fn f() -> types::A { let x = u64::MAX; acme::thing(); std::mem::take(x) } }
            fn g<'a>(x: &'a ::std::string::String) -> Vec<u8> { regress::Regex::new(""); Foo::bar() }
        };
        assert_eq!(PathRoots::of(tokens).unknown_crates(), ["acme"]);
    }

    #[test]
    fn a_path_after_a_keyword_or_an_arrow_starts_there() {
        let tokens = quote! {
            impl ::serde::Serialize for A {}
            fn f(x: &mut ::serde_json::Value) -> ::chrono::Utc { let y: Box<dyn ::regex::Replacer>; todo!() }
            fn g() -> Vec<u8>::reqwest {}
        };
        let uses = Uses::of(tokens, &[]);
        assert_eq!(uses.packages(), ["chrono", "regex", "serde", "serde_json"]);
    }

    /// Every `.rs` file below `dir`.
    fn rust_files(dir: &std::path::Path, found: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("a readable folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                rust_files(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }

    /// The roots that could name a crate: lower case, not a keyword
    /// (the token reading also records `impl`, `as`… before a `::`).
    fn crate_like(roots: &PathRoots) -> Vec<&str> {
        roots
            .roots
            .iter()
            .map(String::as_str)
            .filter(|r| r.starts_with(|c: char| c.is_ascii_lowercase()))
            .filter(|r| syn::parse_str::<syn::Ident>(r).is_ok())
            .collect()
    }

    #[test]
    fn the_syntax_tree_gives_the_roots_and_modules_its_tokens_give() {
        let tokens = quote! {
            pub mod types { pub struct A { id: uuid::Uuid, n: u64 } }
            use ::futures::{stream::Stream, Sink};
            #[derive(::serde::Serialize, Debug)]
            struct A { at: chrono::DateTime<chrono::Utc>, inner: crate::types::regex::Thing }
            fn f(x: &mut ::serde_json::Value) -> Vec<u8>::reqwest {
                let _ = format!("{}", base64::encode("x"));
                <T as rand::Rng>::gen(); <T as Rng>::gen(); <T>::later(); <Vec<u8> as ::tokio::X>::y();
                match x { axum::A { .. } => {}, http::B(..) => {} }
                todo!()
            }
            pub(in crate::types) fn h() {}
        };
        let file: syn::File = syn::parse2(tokens).expect("the case parses");
        let read = PathRoots::of_file(&file);
        assert_eq!(
            crate_like(&read),
            [
                "axum",
                "base64",
                "chrono",
                "futures",
                "http",
                "rand",
                "serde",
                "serde_json",
                "tokio",
                "uuid"
            ]
        );
        assert_eq!(read.modules, BTreeSet::from(["types".to_owned()]));
        // Real code: every file of every committed generated crate, read
        // from its tree and from its tokens.
        let generated = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../generated");
        let mut files = Vec::new();
        rust_files(&generated, &mut files);
        assert!(files.len() >= 5, "{files:?}");
        let mut crates = BTreeSet::new();
        for path in files {
            let text = std::fs::read_to_string(&path).expect("a readable file");
            let file = syn::parse_file(&text).expect("generated code parses");
            let (tree, tokens) = (PathRoots::of_file(&file), PathRoots::of(quote! { #file }));
            assert_eq!(crate_like(&tree), crate_like(&tokens), "{}", path.display());
            assert_eq!(tree.modules, tokens.modules, "{}", path.display());
            crates.extend(Uses::from_roots(&tree, &[]).0.into_keys());
        }
        for used in [
            "chrono",
            "client-runtime",
            "httpmock",
            "reqwest",
            "serde",
            "serde_json",
        ] {
            assert!(crates.contains(used), "{used} in {crates:?}");
        }
    }

    #[test]
    fn a_features_crates_are_optional_and_enabled_by_it() {
        let manifest = Manifest {
            description: "A \"quoted\" crate.".into(),
            dependencies: Uses::of(quote! { serde::X }, &[]),
            features: BTreeMap::from([(
                "mock".to_owned(),
                Uses::of(quote! { httpmock::Y; regex::Z }, &[]),
            )]),
            dev_dependencies: Uses::default(),
        };
        assert_eq!(
            cargo_toml("@generated", "x-client", &manifest),
            "# @generated\n\n[package]\nname = \"x-client\"\ndescription = \"A \\\"quoted\\\" crate.\"\n\
             version = \"0.1.0\"\nedition.workspace = true\nrust-version.workspace = true\n\
             license.workspace = true\npublish.workspace = true\n\n[dependencies]\n\
             httpmock = { workspace = true, optional = true }\nregex = { workspace = true, optional = true }\n\
             serde = { workspace = true }\n\n[features]\nmock = [\"dep:httpmock\", \"dep:regex\"]\n"
        );
    }
}
