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

/// A crate manifest: `dependencies` maps each name to its TOML value, e.g.
/// `{ workspace = true }` or `{ path = "../contactship" }`.
pub(crate) fn cargo_toml(
    header: &str,
    crate_name: &str,
    description: &str,
    dependencies: &BTreeMap<String, String>,
) -> String {
    let mut out = String::new();
    for line in header.lines() {
        out.push_str(&format!("# {line}\n"));
    }
    out.push_str(&format!(
        "\n[package]\nname = \"{crate_name}\"\ndescription = \"{}\"\nversion = \"0.1.0\"\n\
         edition.workspace = true\nrust-version.workspace = true\nlicense.workspace = true\n\
         publish.workspace = true\n\n[dependencies]\n",
        description.replace('\\', "\\\\").replace('"', "\\\"")
    ));
    for (name, value) in dependencies {
        out.push_str(&format!("{name} = {value}\n"));
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
