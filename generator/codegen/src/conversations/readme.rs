//! `README.md` of the `conversations` crate, which is also its rustdoc: the
//! fixed introduction of `templates/conversations_readme.md`, then the
//! mapping matrix and the provider fields no mapping reads, from the plans.

use super::{ConversationsPlan, ProviderPlan};
use crate::mapping::matrix;
use crate::mapping::operations::{
    AnswerPlan, Input, ListPlan, MessagesPlan, SchemePlan, WritePlan,
};

const INTRODUCTION: &str = include_str!("../../templates/conversations_readme.md");

/// The README, under `header` as HTML comments.
pub(crate) fn readme(plan: &ConversationsPlan<'_>, header: &str) -> String {
    let mut out = String::new();
    for line in header.lines() {
        out.push_str(&format!("<!-- {line} -->\n"));
    }
    out.push('\n');
    out.push_str(INTRODUCTION);
    out.push_str("\n## Operations\n\n");
    out.push_str(&operations_table(plan));
    let columns: Vec<matrix::Column> = plan
        .providers
        .iter()
        .map(|p| matrix::column(&p.mapping))
        .collect();
    for root in ["Thread", "Message", "ConversationEvent"] {
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
        out.push_str(&format!("- {}: {list}\n", p.provider().as_str()));
    }
    out
}

/// A cell of the operations table: how a provider does an operation, or
/// `None` where it does not.
type Cell = fn(&ProviderPlan<'_>) -> Option<String>;

/// Which provider supports which operation of `ConversationsClient`, and
/// how: a Markdown table (the README at the workspace root shows it too).
pub(crate) fn operations_table(plan: &ConversationsPlan<'_>) -> String {
    let mut out = String::from("| operation |");
    for p in &plan.providers {
        out.push_str(&format!(" {} |", p.provider().as_str()));
    }
    out.push_str("\n|---|");
    out.push_str(&"---|".repeat(plan.providers.len()));
    out.push('\n');
    let rows: [(&str, Cell); 6] = [
        ("get_thread", |p| {
            let op = p.thread.as_ref()?.call.as_ref()?;
            Some(format!("`{}`", op.operation))
        }),
        ("get_message", |p| {
            let op = p.message.as_ref()?.call.as_ref()?;
            Some(format!("`{}`", op.operation))
        }),
        ("list_threads", |p| {
            let list = p.mapping.operations.list_threads.as_ref()?;
            Some(list_cell(list, true))
        }),
        ("list_messages", |p| {
            match p.mapping.operations.list_messages.as_ref()? {
                MessagesPlan::Embedded => Some("the thread's own (`get_thread`)".to_owned()),
                MessagesPlan::Listed(list) => {
                    let first = p
                        .mapping
                        .messages
                        .iter()
                        .any(|m| m.schema == list.schema && m.parent.is_some());
                    let mut cell = list_cell(list, false);
                    if first {
                        cell.push_str("; reads the thread first");
                    }
                    Some(cell)
                }
            }
        }),
        ("send_message", |p| {
            p.mapping
                .operations
                .send_message
                .as_ref()
                .map(|w| write_cell(w, &Input::SEND))
        }),
        ("update_thread", |p| {
            p.mapping
                .operations
                .update_thread
                .as_ref()
                .map(|w| write_cell(w, &Input::UPDATE))
        }),
    ];
    for (name, cell) in rows {
        out.push_str(&format!("| `{name}` |"));
        for p in &plan.providers {
            let text = cell(p).unwrap_or_else(|| "—".to_owned());
            out.push_str(&format!(" {} |", text.replace('|', "\\|")));
        }
        out.push('\n');
    }
    out.push_str(
        "\n`—`: not supported; the client answers `Error::Unsupported`. A query field the provider does \
         not take is applied to the normalized threads (\"here\"); a value it has no word for is refused \
         with `Error::Invalid` before any request.\n",
    );
    out
}

/// `` `op`, cursor; sent: status, inbox; here: updated_after ``; `threads`:
/// a thread list, whose query fields the provider may not take.
fn list_cell(list: &ListPlan, threads: bool) -> String {
    let scheme = match &list.scheme {
        SchemePlan::Cursor { .. } => "cursor",
        SchemePlan::Offset { .. } => "offset",
        SchemePlan::Single => "one page",
    };
    let mut cell = format!("`{}`, {scheme}", list.operation);
    let sent: Vec<String> = list
        .query
        .iter()
        .map(|q| {
            let required = if q.required { " (required)" } else { "" };
            format!("{}{required}", q.input.name())
        })
        .collect();
    if !sent.is_empty() {
        cell.push_str(&format!("; sent: {}", sent.join(", ")));
    }
    if threads {
        let here: Vec<&str> = ["status", "updated_after"]
            .into_iter()
            .filter(|name| !list.query.iter().any(|q| q.input.name() == *name))
            .collect();
        if !here.is_empty() {
            cell.push_str(&format!("; here: {}", here.join(", ")));
        }
    }
    cell
}

/// `` `put_draft` then `send_draft`; writes: text, html → ids ``.
fn write_cell(write: &WritePlan, inputs: &[Input]) -> String {
    let steps: Vec<String> = write
        .steps
        .iter()
        .map(|s| format!("`{}`", s.operation))
        .collect();
    let mut cell = steps.join(" then ");
    let mut read = Vec::new();
    if write.reads_thread {
        read.push("the thread");
    }
    if write.reads_messages {
        read.push("its messages");
    }
    if !read.is_empty() {
        cell = format!("reads {}, then {cell}", read.join(" and "));
    }
    let mut taken: Vec<&str> = inputs
        .iter()
        .filter(|i| write.reads.contains(i) && **i != Input::ThreadId)
        .map(|i| i.field())
        .collect();
    taken.dedup();
    cell.push_str(&format!(
        "; takes: {}",
        if taken.is_empty() {
            "nothing".to_owned()
        } else {
            taken.join(", ")
        }
    ));
    let answer = match write.answer {
        AnswerPlan::Thread => "the thread",
        AnswerPlan::ReadThread => "the thread, read again",
        AnswerPlan::Ids { .. } => "the provider's ids",
        AnswerPlan::Nothing => "nothing (no body)",
        AnswerPlan::Message => "the message",
    };
    cell.push_str(&format!(" → {answer}"));
    cell
}
