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
#[derive(Clone, Debug, Default)]
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
                // `&'a ::std::…`: a lifetime, then a path.
                let lifetime =
                    i >= 1 && matches!(&trees[i - 1], TokenTree::Punct(p) if p.as_char() == '\'');
                if !later_segment && !lifetime {
                    roots.insert(ident.to_string());
                }
            }
            _ => {}
        }
    }
}

/// Keywords a path can follow: `impl ::serde::Serialize`, `&mut ::x::Y`,
/// `dyn ::std::error::Error`, `as ::core::…`.
const PATH_KEYWORDS: [&str; 16] = [
    "as", "break", "const", "dyn", "else", "for", "if", "impl", "in", "let", "match", "mut", "pub",
    "return", "static", "where",
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
