//! The rules of scalar rows, checked against the source field's type and the
//! model field's: one function per rule kind.

use super::super::plan::{Branch, Check, Constant, Conversion, EnumValue, Scalar, SourcePath};
use super::super::syntax::{self, Literal, Located, PathRef, RuleKind, Transform};
use super::{Checker, Parent, Scope};
use crate::client::sources::SourceType;
use crate::model::FieldType;

impl Checker<'_, '_> {
    /// The value of `rule` for a model field of type `base`; `required`: the
    /// field cannot be null (a map then needs `other`, and always gives a
    /// value).
    pub(super) fn scalar(
        &mut self,
        base: &FieldType,
        rule: &syntax::Rule,
        scope: &Scope,
        required: bool,
    ) -> Option<Scalar> {
        match &rule.kind {
            RuleKind::Null => Some(Scalar::None),
            RuleKind::Copy(path) => self.copy(base, path, scope),
            RuleKind::Const(constant) => self.constant(base, constant).map(Scalar::Const),
            RuleKind::Rules {
                branches,
                otherwise,
            } => self.rules(base, branches, otherwise.as_ref(), scope, required),
            RuleKind::FirstOf(options) => {
                let options: Vec<Option<Scalar>> = options
                    .iter()
                    .map(|o| self.scalar(base, o, scope, false))
                    .collect();
                Some(Scalar::FirstOf(options.into_iter().collect::<Option<_>>()?))
            }
            RuleKind::Join(parts) => self.join(base, parts, &rule.at, scope),
            RuleKind::Parent(path) => self.parent(base, path, &rule.at, scope),
            RuleKind::Map { from, map, other } => {
                self.value_map(base, from, map, other.as_ref(), &rule.at, scope, required)
            }
            RuleKind::Equals { from, value } => self.equals(base, from, value, &rule.at, scope),
            RuleKind::Transform { from, transform } => self.transform(base, from, transform, scope),
            RuleKind::Invalid => None,
        }
    }

    /// `field`: copies a provider field into the model field, converting only
    /// where nothing can be lost (an enum to its text, for instance).
    fn copy(&mut self, base: &FieldType, path: &PathRef, scope: &Scope) -> Option<Scalar> {
        let (source, leaf) = self.check_path(path, scope)?;
        let conversion = match (base, leaf.required()) {
            (FieldType::Text, SourceType::Str) => Conversion::Clone,
            (FieldType::Text, SourceType::Enum(_)) => Conversion::EnumText,
            (FieldType::Bool, SourceType::Bool) | (FieldType::Integer, SourceType::Int) => {
                Conversion::Copied
            }
            (base, leaf) => {
                let hint = match (base, leaf) {
                    (
                        FieldType::Text,
                        SourceType::Int
                        | SourceType::Float
                        | SourceType::Json
                        | SourceType::Newtype(_),
                    ) => "add `transform: to_string`".to_owned(),
                    (FieldType::Integer, SourceType::Float) => {
                        "add `transform: to_integer`".to_owned()
                    }
                    (FieldType::DateTime, SourceType::Str) => {
                        "add `transform: timestamp`".to_owned()
                    }
                    (FieldType::Enum(e), _) => {
                        format!("map its values with `map:` onto `{e}` values")
                    }
                    _ => "point the rule at a field of a matching type".to_owned(),
                };
                self.problem(
                    &path.at,
                    format!(
                        "`{}` is {}, which does not fit the model's {}",
                        path.text,
                        leaf.describe(),
                        base.describe()
                    ),
                    format!("write `{{ from: {}, … }}` and {hint}", path.text),
                );
                return None;
            }
        };
        Some(Scalar::Convert {
            source,
            conversion,
            transform: None,
        })
    }

    /// `{ parent: f }`: a field of the thread a message is embedded in.
    fn parent(
        &mut self,
        base: &FieldType,
        path: &PathRef,
        at: &str,
        scope: &Scope,
    ) -> Option<Scalar> {
        let thread = match &scope.parent {
            Parent::Thread(thread) => thread.clone(),
            Parent::Unknown => return None,
            Parent::NotAMessage => {
                self.problem(
                    at,
                    "`parent:` reads the thread a message is embedded in; this is not a message",
                    "map the field from this schema instead",
                );
                return None;
            }
            Parent::NoThread => {
                self.problem(
                    "",
                    "`parent:` needs a `thread:` section naming the parent's schema",
                    "add the thread section",
                );
                return None;
            }
        };
        self.parent_used = true;
        let thread_scope = Scope {
            var: super::Var::Parent,
            schema: Ok(thread),
            parent: Parent::NotAMessage,
            fallible: scope.fallible,
        };
        self.copy(base, path, &thread_scope)
    }

    /// `{ from: f, transform: t }`.
    fn transform(
        &mut self,
        base: &FieldType,
        from: &PathRef,
        transform: &Located<Transform>,
        scope: &Scope,
    ) -> Option<Scalar> {
        let (source, leaf) = self.check_path(from, scope)?;
        let leaf = leaf.required().clone();
        let conversion = match (transform.value, base, &leaf) {
            (Transform::Timestamp, FieldType::DateTime, SourceType::Str) => Conversion::Timestamp,
            (Transform::EpochMillis, FieldType::DateTime, SourceType::Int) => {
                Conversion::EpochMillis
            }
            (
                Transform::ToString,
                FieldType::Text,
                SourceType::Int | SourceType::Float | SourceType::Bool,
            ) => Conversion::Display,
            (Transform::ToString, FieldType::Text, SourceType::Json) => Conversion::JsonText,
            (Transform::ToString, FieldType::Text, SourceType::Newtype(_)) => {
                Conversion::NewtypeJsonText
            }
            (Transform::ToString, FieldType::Text, SourceType::Str) => Conversion::Clone,
            (Transform::ToString, FieldType::Text, SourceType::Enum(_)) => Conversion::EnumText,
            (Transform::ToInteger, FieldType::Integer, SourceType::Float) => Conversion::Integer,
            (Transform::ToInteger, FieldType::Integer, SourceType::Int) => Conversion::Copied,
            (Transform::SplitAddresses, _, _) => {
                self.problem(
                    &transform.at,
                    "`split_addresses` gives a list, and this model field is not a list",
                    "use it on `to`, `cc` or `bcc`",
                );
                return None;
            }
            (name, base, leaf) => {
                self.problem(
                    &transform.at,
                    format!(
                        "`{}` cannot turn `{}` ({}) into the model's {}",
                        name.name(),
                        from.text,
                        leaf.describe(),
                        base.describe()
                    ),
                    "timestamp: string → date-time; to_string: number, boolean or JSON → text; to_integer: number → integer",
                );
                return None;
            }
        };
        Some(Scalar::Convert {
            source,
            conversion,
            transform: Some(transform.value),
        })
    }

    /// `{ from: f, equals: v }`: true when the field has that value.
    fn equals(
        &mut self,
        base: &FieldType,
        from: &PathRef,
        value: &Located<Literal>,
        at: &str,
        scope: &Scope,
    ) -> Option<Scalar> {
        let gives = "`equals` gives true or false, and this model field is not a boolean";
        self.fits(base, &FieldType::Bool, at, gives, "use `map:` for enums")?;
        let (source, leaf) = self.check_path(from, scope)?;
        let value = self.source_value(&leaf, value, &from.text)?;
        Some(Scalar::Equals { source, value })
    }

    /// A provider value compared with a source field: it must be text and,
    /// for an enum, one of the values the spec lists.
    /// The text of `starts_with`, where `path` is a text field.
    fn prefix(
        &mut self,
        leaf: &SourceType,
        prefix: &Located<Literal>,
        path: &str,
    ) -> Option<String> {
        if *leaf.required() != SourceType::Str {
            self.problem(
                &prefix.at,
                format!(
                    "`{path}` is {}; `starts_with` reads text fields",
                    leaf.describe()
                ),
                "test a string field, or compare the value with `<field>: <value>`",
            );
            return None;
        }
        let Some(text) = prefix.value.as_text() else {
            self.problem(
                &prefix.at,
                format!("`starts_with` takes text, not {}", prefix.value),
                "write the prefix as text",
            );
            return None;
        };
        Some(text.to_owned())
    }

    fn source_value(
        &mut self,
        leaf: &SourceType,
        value: &Located<Literal>,
        path: &str,
    ) -> Option<String> {
        if !matches!(leaf.required(), SourceType::Str | SourceType::Enum(_)) {
            self.problem(
                &value.at,
                format!(
                    "`{path}` is {}; only text and enum fields can be compared with a value",
                    leaf.describe()
                ),
                "compare a string or enum field, or test `present: <field>`",
            );
            return None;
        }
        let Some(text) = value.value.as_text() else {
            self.problem(
                &value.at,
                format!(
                    "{} is compared with `{path}`, which holds text",
                    value.value
                ),
                "write the value as text",
            );
            return None;
        };
        if let SourceType::Enum(name) = leaf.required() {
            let listed = self
                .inputs
                .sources
                .enums
                .get(name)
                .cloned()
                .unwrap_or_default();
            if !listed.iter().any(|v| v == text) {
                self.problem(
                    &value.at,
                    format!(
                        "`{text}` is not a value of `{path}` in {}",
                        self.inputs.spec_path
                    ),
                    format!("the spec lists: {}", listed.join(", ")),
                );
                return None;
            }
        }
        Some(text.to_owned())
    }

    /// `{ from: f, map: { a: x }, other: y }`: provider values onto model
    /// enum values.
    #[allow(clippy::too_many_arguments)]
    fn value_map(
        &mut self,
        base: &FieldType,
        from: &PathRef,
        map: &Located<Vec<(String, Located<Literal>)>>,
        other: Option<&Located<Literal>>,
        at: &str,
        scope: &Scope,
        required: bool,
    ) -> Option<Scalar> {
        let FieldType::Enum(model_enum) = base else {
            self.problem(
                at,
                format!(
                    "`map` gives a value of a model enum, and this field is {}",
                    base.describe()
                ),
                "map onto an enum field, or copy the field",
            );
            return None;
        };
        let (source, leaf) = self.check_path(from, scope)?;
        let listed: Option<Vec<String>> = match leaf.required() {
            SourceType::Enum(name) => Some(
                self.inputs
                    .sources
                    .enums
                    .get(name)
                    .cloned()
                    .unwrap_or_default(),
            ),
            SourceType::Str => None,
            other => {
                self.problem(
                    &from.at,
                    format!(
                        "`map` reads text, and `{}` is {}",
                        from.text,
                        other.describe()
                    ),
                    "map a string or enum field",
                );
                return None;
            }
        };
        let path = &from.text;
        let mut arms = Vec::new();
        for (value, to) in &map.value {
            if let Some(listed) = &listed
                && !listed.contains(value)
            {
                self.problem(
                    &to.at,
                    format!(
                        "`{value}` is not a value of `{path}` in {}",
                        self.inputs.spec_path
                    ),
                    format!(
                        "the spec lists: {}; remove this entry or add the value to the spec",
                        listed.join(", ")
                    ),
                );
                continue;
            }
            if let Some(to) = self.model_value(model_enum, to) {
                arms.push((value.clone(), to));
            }
        }
        for value in listed
            .iter()
            .flatten()
            .filter(|v| !map.value.iter().any(|(k, _)| k == *v))
        {
            let values = self
                .inputs
                .model
                .enum_values(model_enum)
                .unwrap_or_default()
                .join(", ");
            self.problem(
                &map.at,
                format!("`{path}` can be `{value}` (the spec lists it), and `map` does not say what it becomes"),
                format!("add `{value}: <one of {values}>` to `map`"),
            );
        }
        let Some(other) = other else {
            self.problem(
                at,
                format!("`map` needs `other:`: `{path}` can hold a value the spec does not list"),
                format!("add `other: unknown` (or another `{model_enum}` value)"),
            );
            return None;
        };
        let other = self.model_value(model_enum, other)?;
        Some(Scalar::Map {
            source,
            arms,
            other,
            total: required,
        })
    }

    /// A value of the model's enum `model_enum`.
    fn model_value(&mut self, model_enum: &str, value: &Located<Literal>) -> Option<EnumValue> {
        let values = self
            .inputs
            .model
            .enum_values(model_enum)
            .unwrap_or_default();
        match value.value.as_text() {
            Some(text) if values.iter().any(|known| known == text) => Some(EnumValue {
                ty: model_enum.to_owned(),
                value: text.to_owned(),
            }),
            _ => {
                self.problem(
                    &value.at,
                    format!(
                        "{} is not a value of the model's `{model_enum}`",
                        value.value
                    ),
                    format!("use one of: {}", values.join(", ")),
                );
                None
            }
        }
    }

    /// `{ const: v }`, or a `then`/`else` of `rules`: a constant of the
    /// field's type.
    fn constant(&mut self, base: &FieldType, constant: &Located<Literal>) -> Option<Constant> {
        match (base, &constant.value) {
            (FieldType::Enum(e), _) => self.model_value(e, constant).map(Constant::Enum),
            (FieldType::Text, Literal::Text(s)) => Some(Constant::Text(s.clone())),
            (FieldType::Bool, Literal::Bool(b)) => Some(Constant::Bool(*b)),
            (FieldType::Integer, Literal::Integer(n)) => Some(Constant::Integer(*n)),
            (base, value) => {
                self.problem(
                    &constant.at,
                    format!("{value} does not fit the model's {}", base.describe()),
                    "give a constant of the field's type",
                );
                None
            }
        }
    }

    /// `rules: [{ if: …, then: … }], else: …`. A branch whose `then` does not
    /// fit is not checked further.
    fn rules(
        &mut self,
        base: &FieldType,
        branches: &[syntax::Branch],
        otherwise: Option<&Located<Literal>>,
        scope: &Scope,
        required: bool,
    ) -> Option<Scalar> {
        let mut planned = Vec::new();
        for branch in branches {
            let Some(then) = self.constant(base, &branch.then) else {
                continue;
            };
            let checks = self.checks(&branch.conditions, scope);
            planned.push(Branch { checks, then });
        }
        // A missing `else` is reported by the syntax.
        let otherwise = otherwise?;
        let otherwise = match &otherwise.value {
            Literal::Null if required => {
                self.problem(
                    &otherwise.at,
                    "`else: null` leaves the field empty, and the model requires a value",
                    "give `else:` a value of the field's type",
                );
                return None;
            }
            Literal::Null => None,
            _ => Some(self.constant(base, otherwise)?),
        };
        Some(Scalar::Rules {
            branches: planned,
            otherwise,
        })
    }

    /// The conditions of an `if` or a `when`, each checked against its
    /// field; one that does not check is reported and left out.
    pub(super) fn checks(&mut self, conditions: &[syntax::Condition], scope: &Scope) -> Vec<Check> {
        let mut checks = Vec::new();
        for condition in conditions {
            match condition {
                syntax::Condition::Present(path) => {
                    if let Some((source, _)) = self.check_path(path, scope) {
                        checks.push(Check::Present(source));
                    }
                }
                syntax::Condition::Equals { path, value } => {
                    if let Some((source, leaf)) = self.check_path(path, scope)
                        && let Some(value) = self.source_value(&leaf, value, &path.text)
                    {
                        checks.push(Check::Equals(source, value));
                    }
                }
                syntax::Condition::NotEquals { path, value } => {
                    if let Some((source, leaf)) = self.check_path(path, scope)
                        && let Some(value) = self.source_value(&leaf, value, &path.text)
                    {
                        checks.push(Check::NotEquals(source, value));
                    }
                }
                syntax::Condition::StartsWith { path, prefix } => {
                    if let Some((source, leaf)) = self.check_path(path, scope)
                        && let Some(prefix) = self.prefix(&leaf, prefix, &path.text)
                    {
                        checks.push(Check::StartsWith(source, prefix));
                    }
                }
            }
        }
        checks
    }

    /// `Some` when a rule that gives a `given` fits the model field `base`;
    /// reports `message` otherwise.
    fn fits(
        &mut self,
        base: &FieldType,
        given: &FieldType,
        at: &str,
        message: &str,
        help: &str,
    ) -> Option<()> {
        if base == given {
            return Some(());
        }
        self.problem(at, message, help);
        None
    }

    /// `{ join: [f, g] }`: text fields joined.
    fn join(
        &mut self,
        base: &FieldType,
        parts: &[PathRef],
        at: &str,
        scope: &Scope,
    ) -> Option<Scalar> {
        let gives = "`join` gives text, and this model field is not text";
        self.fits(base, &FieldType::Text, at, gives, "use `join` for names")?;
        let mut sources: Vec<SourcePath> = Vec::new();
        let mut ok = true;
        for part in parts {
            let Some((source, leaf)) = self.check_path(part, scope) else {
                ok = false;
                continue;
            };
            if !matches!(leaf.required(), SourceType::Str | SourceType::Enum(_)) {
                self.problem(
                    &part.at,
                    format!(
                        "`join` reads text, and `{}` is {}",
                        part.text,
                        leaf.describe()
                    ),
                    "join string fields only",
                );
                ok = false;
                continue;
            }
            sources.push(source);
        }
        ok.then_some(Scalar::Join(sources))
    }
}
