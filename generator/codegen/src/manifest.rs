//! The `Cargo.toml` of a generated crate: its name, and exactly the
//! dependencies its code uses. Versions live once, in the workspace's
//! `[workspace.dependencies]`; generated crates refer to them.

use std::collections::BTreeMap;

/// Crates generated code may use, as (name in Cargo.toml, path prefix in code).
/// A crate is listed as a dependency only when its path prefix occurs in the
/// code.
const KNOWN_DEPENDENCIES: [(&str, &str); 6] = [
    ("chrono", "chrono::"),
    ("client-runtime", "client_runtime::"),
    ("progenitor-client", "progenitor_client::"),
    ("reqwest", "reqwest::"),
    ("serde", "serde::"),
    ("serde_json", "serde_json::"),
];

/// The dependencies `code` uses, by their Cargo.toml names, sorted.
pub(crate) fn dependencies(code: &str) -> Vec<&'static str> {
    KNOWN_DEPENDENCIES
        .iter()
        .filter(|(_, prefix)| uses(code, prefix))
        .map(|(name, _)| *name)
        .collect()
}

/// Whether `prefix` occurs in `code` as a path start, not as the tail of a
/// longer identifier (`serde::` must not match inside `my_serde::`).
fn uses(code: &str, prefix: &str) -> bool {
    code.match_indices(prefix).any(|(at, _)| {
        !code[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

/// The dependencies `code` uses, each taken from the workspace.
pub(crate) fn workspace_dependencies(code: &str) -> BTreeMap<String, String> {
    dependencies(code)
        .into_iter()
        .map(|name| (name.to_owned(), "{ workspace = true }".to_owned()))
        .collect()
}

/// What a generated crate's `Cargo.toml` says besides its name.
#[derive(Default)]
pub(crate) struct Manifest {
    pub(crate) description: String,
    /// Each dependency's TOML value, e.g. `{ workspace = true }` or
    /// `{ path = "../contactship" }`.
    pub(crate) dependencies: BTreeMap<String, String>,
    /// Likewise, for `[dev-dependencies]` (examples and tests).
    pub(crate) dev_dependencies: BTreeMap<String, String>,
    /// Each feature and what it enables.
    pub(crate) features: BTreeMap<String, Vec<String>>,
}

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
    for (section, dependencies) in [
        ("dependencies", &manifest.dependencies),
        ("dev-dependencies", &manifest.dev_dependencies),
    ] {
        if dependencies.is_empty() {
            continue;
        }
        out.push_str(&format!("\n[{section}]\n"));
        for (name, value) in dependencies {
            out.push_str(&format!("{name} = {value}\n"));
        }
    }
    if !manifest.features.is_empty() {
        out.push_str("\n[features]\n");
        for (name, enables) in &manifest.features {
            let list: Vec<String> = enables.iter().map(|e| format!("\"{e}\"")).collect();
            out.push_str(&format!("{name} = [{}]\n", list.join(", ")));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_used_crates_only() {
        let code =
            "use ::serde::Deserialize; fn f() -> chrono::DateTime<chrono::Utc> { my_reqwest::x() }";
        assert_eq!(dependencies(code), vec!["chrono", "serde"]);
    }
}
