//! The rules of scalar rows: which form a rule takes, by its keys.

use serde_json::{Map, Value};

use super::{
    Branch, Condition, Literal, Located, Parser, PathRef, RULE_KEYS, Rule, RuleKind, Transform,
};
use crate::diagnostic::child;

impl Parser<'_, '_> {
    /// The rule written at `at`.
    pub(super) fn rule(&mut self, node: &Value, at: &str) -> Rule {
        let kind = match node {
            Value::Null => RuleKind::Null,
            Value::String(path) => RuleKind::Copy(PathRef {
                text: path.clone(),
                at: at.to_owned(),
            }),
            Value::Object(map) => self.rule_mapping(map, at),
            _ => {
                self.problem(
                    at,
                    "a rule is a field name, `null`, or a mapping (`const:`, `from:`, `rules:` …)",
                    "see specs/mappings/README.md",
                );
                RuleKind::Invalid
            }
        };
        Rule {
            at: at.to_owned(),
            kind,
        }
    }

    /// A rule written as a mapping. Its form is the first of `const`, `rules`,
    /// `first_of`, `join`, `parent` and `from` it has; keys of other forms
    /// beside it are reported.
    fn rule_mapping(&mut self, map: &Map<String, Value>, at: &str) -> RuleKind {
        if let Some(key) = map.keys().find(|k| !RULE_KEYS.contains(&k.as_str())) {
            self.problem(
                &child(at, key),
                format!("unknown key `{key}` in a rule"),
                format!(
                    "a rule's keys are: {}; see specs/mappings/README.md",
                    RULE_KEYS.map(|k| format!("`{k}`")).join(", ")
                ),
            );
            return RuleKind::Invalid;
        }
        let located = |key: &str| {
            map.get(key).map(|value| Located {
                value: Literal::of(value),
                at: format!("{at}/{key}"),
            })
        };
        if map.get("first_of").is_some_and(|v| !v.is_array()) {
            self.problem(
                &format!("{at}/first_of"),
                "`first_of` takes a list of rules",
                "e.g. `first_of: [{ join: [first_name, last_name] }, company_name]`",
            );
            return RuleKind::Invalid;
        }
        if let Some(constant) = located("const") {
            self.check_keys(map, at, &["const"]);
            return RuleKind::Const(constant);
        }
        if map.contains_key("rules") {
            return self.rules(map, at);
        }
        if let Some(Value::Array(options)) = map.get("first_of") {
            self.check_keys(map, at, &["first_of"]);
            let options = options
                .iter()
                .enumerate()
                .map(|(i, option)| self.rule(option, &format!("{at}/first_of/{i}")))
                .collect();
            return RuleKind::FirstOf(options);
        }
        if let Some(Value::Array(parts)) = map.get("join") {
            self.check_keys(map, at, &["join"]);
            let mut paths = Vec::new();
            for (i, part) in parts.iter().enumerate() {
                let part_at = format!("{at}/join/{i}");
                match part.as_str() {
                    Some(text) => paths.push(PathRef {
                        text: text.to_owned(),
                        at: part_at,
                    }),
                    None => self.problem(
                        &part_at,
                        "`join` takes field names",
                        "e.g. `join: [first_name, last_name]`",
                    ),
                }
            }
            return RuleKind::Join(paths);
        }
        if let Some(parent) = map.get("parent") {
            self.check_keys(map, at, &["parent"]);
            let Some(path) = parent.as_str() else {
                self.problem(
                    at,
                    "`parent` takes a field of the thread",
                    "e.g. `thread_id: { parent: id }`",
                );
                return RuleKind::Invalid;
            };
            return RuleKind::Parent(PathRef {
                text: path.to_owned(),
                at: format!("{at}/parent"),
            });
        }
        let Some(from) = map.get("from").and_then(Value::as_str) else {
            self.problem(
                at,
                "a rule needs `from: <field>` (or is `const:`, `rules:`, `first_of:`, `join:`, `parent:`)",
                "see specs/mappings/README.md for the forms a rule takes",
            );
            return RuleKind::Invalid;
        };
        let from = PathRef {
            text: from.to_owned(),
            at: format!("{at}/from"),
        };
        if let Some(map_node) = map.get("map") {
            self.check_keys(map, at, &["from", "map", "other"]);
            let Some(entries) = map_node.as_object() else {
                self.problem(
                    &format!("{at}/map"),
                    "`map` is a mapping of provider value → model value",
                    "e.g. `map: { open: open, closed: closed }`",
                );
                return RuleKind::Invalid;
            };
            let entries = entries
                .iter()
                .map(|(from, to)| {
                    let value = Located {
                        value: Literal::of(to),
                        at: child(&format!("{at}/map"), from),
                    };
                    (from.clone(), value)
                })
                .collect();
            return RuleKind::Map {
                from,
                map: Located {
                    value: entries,
                    at: format!("{at}/map"),
                },
                other: located("other"),
            };
        }
        if let Some(value) = located("equals") {
            self.check_keys(map, at, &["from", "equals"]);
            return RuleKind::Equals { from, value };
        }
        if let Some(transform) = map.get("transform") {
            self.check_keys(map, at, &["from", "transform"]);
            let transform_at = format!("{at}/transform");
            let parsed = transform.as_str().ok_or_else(|| {
                format!(
                    "the transforms are: {}",
                    Transform::ALL.map(Transform::name).join(", ")
                )
            });
            return match parsed.and_then(str::parse::<Transform>) {
                Ok(value) => RuleKind::Transform {
                    from,
                    transform: Located {
                        value,
                        at: transform_at,
                    },
                },
                Err(accepted) => {
                    self.problem(
                        &transform_at,
                        format!("unknown transform {transform}"),
                        accepted,
                    );
                    RuleKind::Invalid
                }
            };
        }
        self.check_keys(map, at, &["from"]);
        RuleKind::Copy(from)
    }

    /// `rules: [{ if: …, then: … }], else: …`.
    fn rules(&mut self, map: &Map<String, Value>, at: &str) -> RuleKind {
        self.check_keys(map, at, &["rules", "else"]);
        let Some(list) = map.get("rules").and_then(Value::as_array) else {
            self.problem(
                &format!("{at}/rules"),
                "`rules` is a list of `{ if: …, then: … }`",
                "see specs/mappings/README.md",
            );
            return RuleKind::Invalid;
        };
        let mut branches = Vec::new();
        for (i, entry) in list.iter().enumerate() {
            let branch_at = format!("{at}/rules/{i}");
            if let Some(entry) = entry.as_object() {
                self.check_keys(entry, &branch_at, &["if", "then"]);
            }
            let condition = entry
                .get("if")
                .and_then(Value::as_object)
                .filter(|c| !c.is_empty());
            let Some(condition) = condition else {
                self.problem(
                    &branch_at,
                    "a rule needs `if: { <field>: <value> }` or `if: { present: <field> }`",
                    "e.g. `if: { source: whatsapp }`",
                );
                continue;
            };
            let Some(then) = entry.get("then") else {
                self.problem(
                    &branch_at,
                    "a rule needs `then:`",
                    "give the value the rule yields",
                );
                continue;
            };
            let conditions = self.conditions(condition, &format!("{branch_at}/if"));
            branches.push(Branch {
                at: branch_at.clone(),
                conditions,
                then: Located {
                    value: Literal::of(then),
                    at: format!("{branch_at}/then"),
                },
            });
        }
        let otherwise = map.get("else").map(|value| Located {
            value: Literal::of(value),
            at: format!("{at}/else"),
        });
        if otherwise.is_none() {
            self.problem(
                at,
                "`rules` need `else:`, the value when no rule holds",
                "add `else: <value>`",
            );
        }
        RuleKind::Rules {
            branches,
            otherwise,
        }
    }

    /// The conditions of an `if` (or of `when`) at `at`, all of which must
    /// hold: `present: f`, `f: v`, `f: { starts_with: p }`, `f: { not: v }`.
    pub(super) fn conditions(
        &mut self,
        condition: &Map<String, Value>,
        at: &str,
    ) -> Vec<Condition> {
        let mut conditions = Vec::new();
        for (key, value) in condition {
            let condition_at = child(at, key);
            let path = PathRef {
                text: key.clone(),
                at: condition_at.clone(),
            };
            if key == "present" {
                match value.as_str() {
                    Some(field) => conditions.push(Condition::Present(PathRef {
                        text: field.to_owned(),
                        at: condition_at,
                    })),
                    None => self.problem(
                        &condition_at,
                        "`present` takes a field name",
                        "e.g. `present: agent_id`",
                    ),
                }
                continue;
            }
            let Some(form) = value.as_object() else {
                conditions.push(Condition::Equals {
                    path,
                    value: Located {
                        value: Literal::of(value),
                        at: condition_at,
                    },
                });
                continue;
            };
            self.check_keys(form, &condition_at, &["starts_with", "not"]);
            let located = |key: &str| {
                form.get(key).map(|value| Located {
                    value: Literal::of(value),
                    at: child(&condition_at, key),
                })
            };
            match (located("starts_with"), located("not")) {
                (Some(prefix), None) => conditions.push(Condition::StartsWith { path, prefix }),
                (None, Some(value)) => conditions.push(Condition::NotEquals { path, value }),
                _ => self.problem(
                    &condition_at,
                    "a condition on a field is a value, `{ starts_with: <text> }` or `{ not: <value> }`",
                    "e.g. `createdBy: { starts_with: A- }`, or `propertyValue: { not: \"\" }`",
                ),
            }
        }
        conditions
    }
}
