//! `README.md` of the `conversations` crate, which is also its rustdoc: the
//! fixed introduction of `templates/conversations_readme.md`, then the
//! mapping matrix and the provider fields no mapping reads, from the plans.

use super::ConversationsPlan;
use crate::mapping::matrix;

const INTRODUCTION: &str = include_str!("../../templates/conversations_readme.md");

/// The README, under `header` as HTML comments.
pub(crate) fn readme(plan: &ConversationsPlan<'_>, header: &str) -> String {
    let mut out = String::new();
    for line in header.lines() {
        out.push_str(&format!("<!-- {line} -->\n"));
    }
    out.push('\n');
    out.push_str(INTRODUCTION);
    let columns: Vec<matrix::Column> = plan
        .providers
        .iter()
        .map(|p| matrix::column(&p.mapping))
        .collect();
    for root in ["Thread", "Message"] {
        out.push_str(&format!("\n## Mapping matrix: {root}\n\n| field |"));
        for p in &plan.providers {
            out.push_str(&format!(" {} |", p.provider().as_str()));
        }
        out.push_str("\n|---|");
        out.push_str(&"---|".repeat(plan.providers.len()));
        out.push('\n');
        for field in matrix::rows(&plan.model, root) {
            out.push_str(&format!("| `{field}` |"));
            for column in &columns {
                let cell = matrix::cell(column, root, &field).unwrap_or("n/a");
                out.push_str(&format!(" {} |", cell.replace('|', "\\|")));
            }
            out.push('\n');
        }
    }
    out.push_str("\n`—`: the provider does not have it (null, or an empty list). `n/a`: no mapping of that kind for the provider.\n");
    out.push_str("\n## Provider fields no mapping reads\n\nThey are still in `raw`.\n\n");
    for p in &plan.providers {
        let list = p.mapping.unused_list(true);
        out.push_str(&format!(
            "- {} ({}): {list}\n",
            p.provider().as_str(),
            p.mapping_path
        ));
    }
    out
}
