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
    cells
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
                    let conditions: Vec<String> = b
                        .checks
                        .iter()
                        .map(|check| match check {
                            Check::Present(source) => format!("`{}` present", source.text),
                            Check::Equals(source, value) => format!("`{}`={value}", source.text),
                        })
                        .collect();
                    format!("{} → {}", conditions.join(" and "), constant(&b.then))
                })
                .collect();
            parts.push(format!("else {}", constant(otherwise)));
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
