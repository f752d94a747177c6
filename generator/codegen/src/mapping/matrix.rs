//! The mapping matrix of the `conversations` crate's docs, rendered from the
//! plans: one row per model field, one column per provider, each cell the
//! rule in a few words.

use std::collections::BTreeMap;

use super::plan::{
    Check, Constant, EntryPlan, MappingPlan, ObjectPlan, Scalar, SourcePath, ValuePlan, Var,
};
use crate::model::{AUTOMATIC, FieldType, Model};

/// The cells of one provider's column: (root type, dotted field) → rule.
pub(crate) type Column = BTreeMap<(String, String), String>;

/// What `plan` maps each model field from.
pub(crate) fn column(plan: &MappingPlan) -> Column {
    let mut cells = Column::new();
    if let Some(thread) = &plan.thread {
        object("Thread", &thread.object, &mut cells);
    }
    for message in &plan.messages {
        object("Message", &message.object, &mut cells);
    }
    if let Some(event) = &plan.event {
        object("ConversationEvent", &event.object, &mut cells);
    }
    cells
}

/// The cell of `field` (dotted, in `root`): its rule, or, for a field of an
/// object the mapping leaves out (`assignee: null`), the object's.
pub(crate) fn cell<'c>(column: &'c Column, root: &str, field: &str) -> Option<&'c str> {
    let mut dotted = field;
    loop {
        if let Some(cell) = column.get(&(root.to_owned(), dotted.to_owned())) {
            return Some(cell);
        }
        dotted = &dotted[..dotted.rfind('.')?];
    }
}

/// The dotted model fields of `root` in model order, objects expanded:
/// `channel.kind`, `channel.native`, … (lists of objects are one row).
pub(crate) fn rows(model: &Model, root: &str) -> Vec<String> {
    let mut rows = Vec::new();
    walk(model, root, "", &mut rows);
    rows
}

fn walk(model: &Model, type_name: &str, prefix: &str, rows: &mut Vec<String>) {
    for field in model.fields(type_name).unwrap_or_default() {
        if prefix.is_empty() && AUTOMATIC.contains(&field.name.as_str()) {
            continue;
        }
        let dotted = if prefix.is_empty() {
            field.name.clone()
        } else {
            format!("{prefix}.{}", field.name)
        };
        match field.ty.split_nullable().1 {
            FieldType::Struct(name) => walk(model, name, &dotted, rows),
            _ => rows.push(dotted),
        }
    }
}

fn object(root: &str, planned: &ObjectPlan, cells: &mut Column) {
    for field in &planned.fields {
        let cell = match &field.value {
            ValuePlan::Provider | ValuePlan::Raw => continue,
            ValuePlan::Object { object: o, .. } => {
                object(root, o, cells);
                continue;
            }
            ValuePlan::Scalar { value, .. } => scalar(value),
            ValuePlan::NoObject | ValuePlan::EmptyList => "—".to_owned(),
            ValuePlan::Addresses(source) => format!("`{}` (split_addresses)", source.text),
            ValuePlan::Entries(entries) => entries.iter().map(entry).collect::<Vec<_>>().join("; "),
        };
        cells.insert((root.to_owned(), field.dotted.clone()), cell);
    }
}

/// A list entry in a few words.
fn entry(entry: &EntryPlan) -> String {
    let (iterate, when) = match entry {
        EntryPlan::Items { iterate, when, .. } => (iterate.as_ref(), when.as_ref()),
        EntryPlan::Messages { iterate, .. } => (Some(iterate), None),
    };
    if let Some(iterate) = iterate {
        return if iterate.each {
            format!("one per `{}` entry", iterate.source.text)
        } else {
            format!("`{}`, when present", iterate.source.text)
        };
    }
    match when {
        Some(when) if !when.checks.is_empty() => {
            let checks: Vec<String> = when.checks.iter().map(check).collect();
            format!("one when {}", checks.join(" and "))
        }
        Some(when) if when.listed => {
            let fields: Vec<String> = when.paths.iter().map(|p| format!("`{}`", p.text)).collect();
            format!("one when any of {} is present", fields.join(", "))
        }
        Some(when) => {
            let field = when.paths.first().map_or("", |p| p.text.as_str());
            format!("one when `{field}` is present")
        }
        None => "one".to_owned(),
    }
}

/// A condition in a few words.
fn check(check: &Check) -> String {
    match check {
        Check::Present(source) => format!("`{}` present", source.text),
        Check::Equals(source, value) => format!("`{}`={value}", source.text),
        Check::NotEquals(source, value) => format!("`{}`≠{value}", source.text),
        Check::StartsWith(source, prefix) => format!("`{}` starts with {prefix}", source.text),
    }
}

/// A rule in a few words.
fn scalar(value: &Scalar) -> String {
    match value {
        Scalar::None => "—".into(),
        Scalar::Convert {
            source,
            transform: Some(t),
            ..
        } => format!("`{}` ({})", source.text, t.name()),
        Scalar::Convert { source, .. } => path(source),
        Scalar::Const(c) => format!("= `{}`", constant(c)),
        Scalar::Map {
            source,
            arms,
            other,
            ..
        } => {
            let pairs: Vec<String> = arms
                .iter()
                .map(|(from, to)| format!("{from}→{}", to.value))
                .collect();
            format!(
                "`{}`: {}, else {}",
                source.text,
                pairs.join(", "),
                other.value
            )
        }
        Scalar::Equals { source, value } => format!("`{}` == `{value}`", source.text),
        Scalar::Rules {
            branches,
            otherwise,
        } => {
            let mut parts: Vec<String> = branches
                .iter()
                .map(|b| {
                    let conditions: Vec<String> = b.checks.iter().map(check).collect();
                    format!("{} → {}", conditions.join(" and "), constant(&b.then))
                })
                .collect();
            parts.push(match otherwise {
                Some(otherwise) => format!("else {}", constant(otherwise)),
                None => "else —".to_owned(),
            });
            parts.join("; ")
        }
        Scalar::FirstOf(options) => options
            .iter()
            .map(scalar)
            .collect::<Vec<_>>()
            .join(", else "),
        Scalar::Join(sources) => {
            let parts: Vec<String> = sources.iter().map(|s| format!("`{}`", s.text)).collect();
            format!("{} joined", parts.join(" + "))
        }
    }
}

/// A copied field: `` `status` ``, or `` thread's `id` `` for `parent:`.
fn path(source: &SourcePath) -> String {
    match source.root {
        Var::Parent => format!("thread's `{}`", source.text),
        Var::Src | Var::Item(_) => format!("`{}`", source.text),
    }
}

fn constant(c: &Constant) -> String {
    match c {
        Constant::Text(text) => text.clone(),
        Constant::Bool(b) => b.to_string(),
        Constant::Integer(n) => n.to_string(),
        Constant::Enum(value) => value.value.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{MAPPING, edited, model, planned};
    use super::*;

    #[test]
    fn each_rule_in_a_few_words() {
        let column = column(&planned(MAPPING).unwrap_or_else(|p| panic!("{p:#?}")));
        let cell = |root: &str, field: &str| {
            column
                .get(&(root.to_owned(), field.to_owned()))
                .map(String::as_str)
        };
        assert_eq!(cell("Thread", "id"), Some("`id`"));
        assert_eq!(
            cell("Thread", "subject"),
            Some("`title`, else `owner.name` + `owner.kind` joined")
        );
        assert_eq!(
            cell("Thread", "status"),
            Some("`state`: open→open, done→closed, else unknown")
        );
        assert_eq!(cell("Thread", "native"), Some("`extra` (to_string)"));
        assert_eq!(cell("Thread", "archived"), Some("`state` == `done`"));
        assert_eq!(
            cell("Thread", "author.role"),
            Some("`state`=open and `owner` present → agent; else customer")
        );
        assert_eq!(cell("Thread", "author.name"), Some("= `Acme`"));
        assert_eq!(cell("Thread", "to"), Some("`emails` (split_addresses)"));
        assert_eq!(
            cell("Thread", "participants"),
            Some("one per `people` entry; one when any of `title` is present")
        );
        assert_eq!(cell("Thread", "messages"), Some("one per `messages` entry"));
        assert_eq!(cell("Message", "thread_id"), Some("thread's `id`"));
    }

    #[test]
    fn the_fields_of_an_object_left_out_read_as_not_had() {
        let text = edited(
            "    assignee:\n      when: owner\n      role: { const: agent }\n      name: owner.name\n",
            "    assignee: null\n",
        );
        let column = column(&planned(&text).unwrap_or_else(|p| panic!("{p:#?}")));
        assert_eq!(cell(&column, "Thread", "assignee.role"), Some("—"));
        assert_eq!(cell(&column, "Thread", "author.name"), Some("= `Acme`"));
        assert_eq!(
            cell(&column, "Message", "author.name"),
            None,
            "no row, no cell"
        );
    }

    #[test]
    fn rows_expand_objects_and_skip_what_the_generator_fills_in() {
        let rows = rows(&model(), "Thread");
        assert_eq!(
            rows,
            [
                "id",
                "subject",
                "status",
                "native",
                "archived",
                "count",
                "created_at",
                "author.role",
                "author.name",
                "assignee.role",
                "assignee.name",
                "to",
                "participants",
                "messages"
            ]
        );
    }
}
