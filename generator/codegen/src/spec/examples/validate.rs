//! One value against one schema, with OpenAPI 3.0.3's meaning of each
//! keyword:
//! - `$ref` (local) is followed, its siblings ignored; one that does not
//!   resolve accepts anything (the reference check reports it); a schema met
//!   again at the same value (a cycle) adds nothing and accepts;
//! - `type`: `integer` is a whole number (`3` and `3.0`, not `3.5`);
//! - `nullable`: `null` is valid only where `nullable: true`; a schema
//!   without `type` leaves `null` to its other keywords. A nullable schema's
//!   `enum` must list `null` for `null` to be valid (3.0.3: `nullable` adds
//!   `null` to `type`, not to `enum`); `allOf`, `anyOf` and `oneOf` of a
//!   nullable schema are not asked about `null` (the `nullable: true` +
//!   `allOf: [$ref]` idiom, which typify reads as an `Option`);
//! - `enum`, unless `x-extensible-enum` (an open vocabulary: any string);
//! - objects: `required`, `properties`, `additionalProperties` (`false`, or
//!   a schema for the properties not listed);
//! - arrays: `items`, `minItems`, `maxItems`;
//! - `allOf` (all), `anyOf` (at least one), `oneOf` (exactly one; with a
//!   `discriminator`, the schema its value names), `not`;
//! - strings: `format: date-time` and `format: date` (RFC 3339),
//!   `minLength`, `maxLength`; numbers: `minimum`, `maximum` and their
//!   `exclusive…` flags. `pattern` is not checked: the ECMAScript engine at
//!   hand (regress) backtracks without a bound.
//!
//! `readOnly` and `writeOnly` change nothing. The walk is bounded: at most
//! [`MAX_DEPTH`] schemas deep and [`MAX_STEPS`] schemas per example; beyond
//! either, the example is reported as not checked, never as valid.

use std::fmt;

use serde_json::Value;

use super::formats;
use crate::diagnostic::{child, unescape_token};

/// How many schemas deep one check goes (values nest 128 deep at most; the
/// rest is `$ref` and combinator chains).
pub(super) const MAX_DEPTH: usize = 256;

/// How many schemas one example is checked against, in all: `anyOf` and
/// `oneOf` try each member, and nested ones multiply.
pub(super) const MAX_STEPS: usize = 100_000;

/// At most this many values of an `enum` are named in a message.
const ENUM_SHOWN: usize = 12;

/// One way a value does not match.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Failure {
    /// JSON pointer inside the example.
    pub(super) at: String,
    /// What is wrong.
    pub(super) problem: String,
    /// Where the schema that refuses it is written.
    pub(super) schema: String,
    /// How that schema could be widened to accept the value, where one
    /// keyword decides it (see [`super::widen`]).
    pub(super) widen: Option<Widen>,
}

/// One widening that would make a schema accept what it refused.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Widen {
    /// `null` where the schema (no `enum`) is not `nullable: true`.
    Nullable,
    /// This property missing where the schema's `required` lists it.
    Optional(String),
}

/// Why a check stopped before its end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Stop {
    TooDeep,
    TooLarge,
}

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stop::TooDeep => write!(f, "its schema nests more than {MAX_DEPTH} levels deep"),
            Stop::TooLarge => write!(
                f,
                "checking it takes more than {MAX_STEPS} schema steps (nested `anyOf`/`oneOf`)"
            ),
        }
    }
}

/// Checks `value` against `schema` (written at `schema_at`) in `document`.
///
/// # Errors
/// The check went deeper or took longer than its bounds allow.
pub(super) fn validate(
    document: &Value,
    schema: &Value,
    schema_at: &str,
    value: &Value,
) -> Result<Vec<Failure>, Stop> {
    let mut check = Check {
        document,
        steps: 0,
        path: Vec::new(),
    };
    let mut failures = Vec::new();
    check.value(schema, schema_at, value, "", &mut failures)?;
    Ok(failures)
}

struct Check<'d> {
    document: &'d Value,
    steps: usize,
    /// The (schema, value) pairs being checked, outermost first, by address:
    /// a pair met again is a cycle.
    path: Vec<(usize, usize)>,
}

impl Check<'_> {
    /// `value` (at `at` inside the example) against `schema` (written at
    /// `schema_at`); problems go to `out`.
    fn value(
        &mut self,
        schema: &Value,
        schema_at: &str,
        value: &Value,
        at: &str,
        out: &mut Vec<Failure>,
    ) -> Result<(), Stop> {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return Err(Stop::TooLarge);
        }
        if self.path.len() >= MAX_DEPTH {
            return Err(Stop::TooDeep);
        }
        let pair = (
            std::ptr::from_ref(schema) as usize,
            std::ptr::from_ref(value) as usize,
        );
        if self.path.contains(&pair) {
            return Ok(());
        }
        self.path.push(pair);
        let result = self.keywords(schema, schema_at, value, at, out);
        self.path.pop();
        result
    }

    fn keywords(
        &mut self,
        schema: &Value,
        schema_at: &str,
        value: &Value,
        at: &str,
        out: &mut Vec<Failure>,
    ) -> Result<(), Stop> {
        let Some(keywords) = schema.as_object() else {
            return Ok(());
        };
        let fail = |problem: String| Failure {
            at: at.to_owned(),
            problem,
            schema: schema_at.to_owned(),
            widen: None,
        };
        if let Some(reference) = keywords.get("$ref") {
            let target = reference.as_str().and_then(|r| r.strip_prefix('#'));
            if let Some((target, node)) = target.and_then(|t| Some((t, self.document.pointer(t)?)))
            {
                return self.value(node, target, value, at, out);
            }
            return Ok(());
        }
        let ty = keywords.get("type").and_then(Value::as_str);
        let nullable = keywords.get("nullable") == Some(&Value::Bool(true));
        let open = keywords.contains_key("x-extensible-enum");
        let listed = keywords
            .get("enum")
            .and_then(Value::as_array)
            .filter(|_| !open);
        if value.is_null() && nullable {
            if let Some(listed) = listed
                && !listed.iter().any(Value::is_null)
            {
                out.push(fail(format!(
                    "null is not one of {}: under OpenAPI 3.0.3 `nullable: true` does not add \
                     null to an `enum`, which must list it",
                    shown_list(listed)
                )));
            }
            return Ok(());
        }
        if let Some(ty) = ty {
            if value.is_null() {
                out.push(Failure {
                    widen: listed.is_none().then_some(Widen::Nullable),
                    ..fail("null is not allowed: the schema is not `nullable: true`".to_owned())
                });
                return Ok(());
            }
            if let Some(problem) = type_mismatch(ty, value) {
                out.push(fail(problem));
                return Ok(());
            }
        }
        if let Some(listed) = listed
            && !listed.iter().any(|item| same(item, value))
        {
            out.push(fail(format!(
                "{} is not one of {}",
                shown(value),
                shown_list(listed)
            )));
        }
        match value {
            Value::String(text) => string(keywords, text, &fail, out),
            Value::Number(_) => number(keywords, value, &fail, out),
            Value::Array(items) => self.array(keywords, schema_at, items, at, &fail, out)?,
            Value::Object(_) => self.object(keywords, schema_at, value, at, &fail, out)?,
            _ => {}
        }
        self.combinators(keywords, schema_at, value, at, &fail, out)
    }

    fn array(
        &mut self,
        keywords: &serde_json::Map<String, Value>,
        schema_at: &str,
        items: &[Value],
        at: &str,
        fail: &dyn Fn(String) -> Failure,
        out: &mut Vec<Failure>,
    ) -> Result<(), Stop> {
        let count = items.len();
        if let Some(min) = keywords.get("minItems").and_then(Value::as_u64)
            && (count as u64) < min
        {
            out.push(fail(format!(
                "the array has {count} item(s), fewer than `minItems: {min}`"
            )));
        }
        if let Some(max) = keywords.get("maxItems").and_then(Value::as_u64)
            && (count as u64) > max
        {
            out.push(fail(format!(
                "the array has {count} item(s), more than `maxItems: {max}`"
            )));
        }
        if let Some(schema) = keywords.get("items") {
            let items_at = child(schema_at, "items");
            for (i, item) in items.iter().enumerate() {
                self.value(schema, &items_at, item, &format!("{at}/{i}"), out)?;
            }
        }
        Ok(())
    }

    fn object(
        &mut self,
        keywords: &serde_json::Map<String, Value>,
        schema_at: &str,
        value: &Value,
        at: &str,
        fail: &dyn Fn(String) -> Failure,
        out: &mut Vec<Failure>,
    ) -> Result<(), Stop> {
        let Some(fields) = value.as_object() else {
            return Ok(());
        };
        let required = keywords.get("required").and_then(Value::as_array);
        for name in required.into_iter().flatten().filter_map(Value::as_str) {
            if !fields.contains_key(name) {
                out.push(Failure {
                    widen: Some(Widen::Optional(name.to_owned())),
                    ..fail(format!("the required property `{name}` is missing"))
                });
            }
        }
        let properties = keywords.get("properties").and_then(Value::as_object);
        let properties_at = child(schema_at, "properties");
        let additional = keywords.get("additionalProperties");
        for (name, field) in fields {
            let field_at = child(at, name);
            if let Some(schema) = properties.and_then(|p| p.get(name)) {
                self.value(schema, &child(&properties_at, name), field, &field_at, out)?;
                continue;
            }
            match additional {
                Some(Value::Bool(false)) => out.push(Failure {
                    at: field_at,
                    problem: format!(
                        "`{name}` is not a property of the schema, which has \
                         `additionalProperties: false`"
                    ),
                    schema: schema_at.to_owned(),
                    widen: None,
                }),
                Some(schema @ Value::Object(_)) => {
                    let schema_at = child(schema_at, "additionalProperties");
                    self.value(schema, &schema_at, field, &field_at, out)?;
                }
                _ => {}
            }
        }
        Ok(())
    }

    fn combinators(
        &mut self,
        keywords: &serde_json::Map<String, Value>,
        schema_at: &str,
        value: &Value,
        at: &str,
        fail: &dyn Fn(String) -> Failure,
        out: &mut Vec<Failure>,
    ) -> Result<(), Stop> {
        let members = |key: &str| keywords.get(key).and_then(Value::as_array);
        for (i, member) in members("allOf").into_iter().flatten().enumerate() {
            self.value(member, &format!("{schema_at}/allOf/{i}"), value, at, out)?;
        }
        for key in ["anyOf", "oneOf"] {
            let Some(members) = members(key) else {
                continue;
            };
            if let Some(discriminator) = keywords.get("discriminator")
                && value.is_object()
            {
                self.discriminated(discriminator, schema_at, value, at, fail, out)?;
                continue;
            }
            let mut trials = Vec::new();
            for (i, member) in members.iter().enumerate() {
                let mut found = Vec::new();
                self.value(
                    member,
                    &format!("{schema_at}/{key}/{i}"),
                    value,
                    at,
                    &mut found,
                )?;
                trials.push((label(member, key, i), found));
            }
            let matching: Vec<&str> = trials
                .iter()
                .filter(|(_, found)| found.is_empty())
                .map(|(label, _)| label.as_str())
                .collect();
            if key == "oneOf" && matching.len() > 1 {
                out.push(fail(format!(
                    "{} matches {} of the `oneOf` schemas ({}), and must match exactly one",
                    shown(value),
                    matching.len(),
                    matching.join(", ")
                )));
            } else if matching.is_empty() {
                out.push(closest(key, trials, fail));
            }
        }
        if let Some(schema) = keywords.get("not") {
            let mut found = Vec::new();
            self.value(schema, &child(schema_at, "not"), value, at, &mut found)?;
            if found.is_empty() {
                out.push(fail(format!(
                    "{} matches the schema under `not`",
                    shown(value)
                )));
            }
        }
        Ok(())
    }

    /// `oneOf`/`anyOf` with a `discriminator`: the value's discriminating
    /// property names the one schema it must match (through `mapping`, or
    /// as a component's name).
    fn discriminated(
        &mut self,
        discriminator: &Value,
        schema_at: &str,
        value: &Value,
        at: &str,
        fail: &dyn Fn(String) -> Failure,
        out: &mut Vec<Failure>,
    ) -> Result<(), Stop> {
        let Some(property) = discriminator.get("propertyName").and_then(Value::as_str) else {
            return Ok(());
        };
        let Some(tag) = value.get(property).and_then(Value::as_str) else {
            out.push(fail(format!(
                "the discriminating property `{property}` is missing, or is not a string"
            )));
            return Ok(());
        };
        let mapped = discriminator
            .get("mapping")
            .and_then(|m| m.get(tag))
            .and_then(Value::as_str);
        let target = match mapped {
            Some(reference) if reference.starts_with('#') => reference[1..].to_owned(),
            Some(name) => child("/components/schemas", name),
            None => child("/components/schemas", tag),
        };
        match self.document.pointer(&target) {
            Some(schema) => self.value(schema, &target, value, at, out),
            None => {
                out.push(Failure {
                    at: child(at, property),
                    problem: format!(
                        "{} names no schema: the discriminator's `mapping` does not list it, \
                         and there is no `#/components/schemas/{tag}`",
                        shown(&Value::String(tag.to_owned()))
                    ),
                    schema: child(schema_at, "discriminator"),
                    widen: None,
                });
                Ok(())
            }
        }
    }
}

/// The problem of an `anyOf`/`oneOf` that no member matches: the closest
/// member's first problem (the one that fails deepest inside the value),
/// saying so.
fn closest(
    key: &str,
    trials: Vec<(String, Vec<Failure>)>,
    fail: &dyn Fn(String) -> Failure,
) -> Failure {
    let labels: Vec<&str> = trials.iter().map(|(label, _)| label.as_str()).collect();
    let labels = labels.join(", ");
    let best = trials
        .iter()
        .filter_map(|(label, found)| Some((label, found.first()?, found.len())))
        .max_by_key(|(_, first, count)| (first.at.matches('/').count(), std::cmp::Reverse(*count)));
    match best {
        Some((label, first, _)) => Failure {
            at: first.at.clone(),
            problem: format!(
                "{} (it matches none of the `{key}` schemas: {labels}; `{label}` comes closest)",
                first.problem
            ),
            schema: first.schema.clone(),
            widen: None,
        },
        None => fail(format!("it matches none of the `{key}` schemas: {labels}")),
    }
}

/// A member of `anyOf`/`oneOf` as messages name it: the component it refers
/// to, or its place.
fn label(member: &Value, key: &str, i: usize) -> String {
    member
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.rsplit('/').next())
        .map_or_else(|| format!("{key}/{i}"), unescape_token)
}

/// What is wrong when `value` is not of `ty`, if it is not.
fn type_mismatch(ty: &str, value: &Value) -> Option<String> {
    let fits = match ty {
        "string" => value.is_string(),
        "number" => value.is_number(),
        "integer" => is_whole(value),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        // Not an OpenAPI 3.0 type: the spec's own checks are about it.
        _ => true,
    };
    if fits {
        return None;
    }
    if ty == "integer" && value.is_number() {
        return Some(format!("{value} is not a whole number (`type: integer`)"));
    }
    let expected = match ty {
        "integer" | "array" | "object" => format!("an {ty}"),
        _ => format!("a {ty}"),
    };
    Some(format!(
        "{} is {}, not {expected}",
        shown(value),
        kind(value)
    ))
}

/// A whole number: `3`, `-3`, `3.0`.
fn is_whole(value: &Value) -> bool {
    match value {
        Value::Number(n) if n.is_i64() || n.is_u64() => true,
        Value::Number(n) => n
            .as_f64()
            .is_some_and(|f| f.is_finite() && f.fract() == 0.0),
        _ => false,
    }
}

/// `enum` equality: numbers by value (`1` is `1.0`), the rest as JSON.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => x.as_f64() == y.as_f64(),
        },
        _ => a == b,
    }
}

fn string(
    keywords: &serde_json::Map<String, Value>,
    text: &str,
    fail: &dyn Fn(String) -> Failure,
    out: &mut Vec<Failure>,
) {
    let shown_text = shown(&Value::String(text.to_owned()));
    match keywords.get("format").and_then(Value::as_str) {
        Some("date-time") if !formats::is_date_time(text) => out.push(fail(format!(
            "{shown_text} is not an RFC 3339 date-time (`format: date-time`), such as \
             2026-03-01T10:30:00Z"
        ))),
        Some("date") if !formats::is_date(text) => out.push(fail(format!(
            "{shown_text} is not an RFC 3339 full-date (`format: date`), such as 2026-03-01"
        ))),
        _ => {}
    }
    let length = text.chars().count() as u64;
    if let Some(min) = keywords.get("minLength").and_then(Value::as_u64)
        && length < min
    {
        out.push(fail(format!(
            "{shown_text} is {length} character(s) long, shorter than `minLength: {min}`"
        )));
    }
    if let Some(max) = keywords.get("maxLength").and_then(Value::as_u64)
        && length > max
    {
        out.push(fail(format!(
            "{shown_text} is {length} character(s) long, longer than `maxLength: {max}`"
        )));
    }
}

fn number(
    keywords: &serde_json::Map<String, Value>,
    value: &Value,
    fail: &dyn Fn(String) -> Failure,
    out: &mut Vec<Failure>,
) {
    let Some(n) = value.as_f64() else {
        return;
    };
    let flag = |key: &str| keywords.get(key) == Some(&Value::Bool(true));
    if let Some(min) = keywords.get("minimum").and_then(Value::as_f64) {
        if flag("exclusiveMinimum") && n <= min {
            out.push(fail(format!(
                "{value} is not greater than `minimum: {min}` (`exclusiveMinimum: true`)"
            )));
        } else if n < min {
            out.push(fail(format!("{value} is less than `minimum: {min}`")));
        }
    }
    if let Some(max) = keywords.get("maximum").and_then(Value::as_f64) {
        if flag("exclusiveMaximum") && n >= max {
            out.push(fail(format!(
                "{value} is not less than `maximum: {max}` (`exclusiveMaximum: true`)"
            )));
        } else if n > max {
            out.push(fail(format!("{value} is greater than `maximum: {max}`")));
        }
    }
}

/// What kind of JSON value it is, for messages: "a string".
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A value as messages show it: scalars as JSON (long ones cut short),
/// arrays and objects by kind.
fn shown(value: &Value) -> String {
    const LONGEST: usize = 60;
    match value {
        Value::Array(_) | Value::Object(_) => kind(value).to_owned(),
        _ => {
            let text = value.to_string();
            if text.chars().count() <= LONGEST {
                text
            } else {
                let cut: String = text.chars().take(LONGEST).collect();
                format!("{cut}…")
            }
        }
    }
}

/// An `enum`'s values as messages list them: `inbox, sent, archived`.
fn shown_list(listed: &[Value]) -> String {
    let mut names: Vec<String> = listed
        .iter()
        .take(ENUM_SHOWN)
        .map(|item| match item {
            Value::String(text) => text.clone(),
            other => shown(other),
        })
        .collect();
    if listed.len() > ENUM_SHOWN {
        names.push(format!("… ({} values in all)", listed.len()));
    }
    names.join(", ")
}

#[cfg(test)]
mod tests;
