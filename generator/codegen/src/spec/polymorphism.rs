//! The polymorphic base pattern, and reference cycles no Rust type can hold.
//!
//! The base pattern (HubSpot's actors and messages, many generated specs):
//!
//! ```yaml
//! PublicActor: { oneOf: [$ref AgentActor, $ref SystemActor, …] }
//! AgentActor:  { allOf: [$ref PublicActor, { properties: { type: { enum: [AGENT] }, … } }] }
//! ```
//!
//! Read literally, each subtype contains its base, which is one of the
//! subtypes: a value of infinite size (typify recurses until the stack
//! overflows: typify#415, progenitor#1252). What the author means is a tagged
//! union: the base is one of the subtypes, and each subtype has the base's
//! own fields plus its own.
//!
//! A cycle of `allOf`/`oneOf`/`anyOf` references that is not this pattern
//! means the same impossible thing, and is reported with its path.

use std::collections::BTreeMap;

use serde_json::Value;

use super::Spec;
use crate::diagnostic::child;

const COMPONENTS: &str = "#/components/schemas/";

/// A base whose `oneOf` (or `anyOf`) lists its subtypes, some of which refer
/// back to it from their `allOf`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct BasePattern {
    /// The base component: `PublicActor`.
    pub(crate) base: String,
    /// `/components/schemas/PublicActor`.
    pub(crate) pointer: String,
    /// `oneOf` or `anyOf`.
    pub(crate) keyword: &'static str,
    /// The subtypes, in the order the base lists them.
    pub(crate) subtypes: Vec<Subtype>,
    /// The base's `discriminator`: its property and explicit mapping
    /// (value → component).
    pub(crate) discriminator: Option<(String, Vec<(String, String)>)>,
    /// Not a component: an inline `oneOf` of components (a list's items,
    /// say), named as typify names it. It is moved into the components
    /// before typify reads the spec.
    pub(crate) inline: bool,
}

/// One subtype of a [`BasePattern`].
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Subtype {
    /// The component: `AgentActor`.
    pub(crate) name: String,
    /// The index in its `allOf` of the reference back to the base, if any.
    pub(crate) back_reference: Option<usize>,
    /// Each property that is a one-value string enum in the subtype's own
    /// part, with that value: `type` → `AGENT`.
    pub(crate) constants: BTreeMap<String, String>,
}

/// A chain of references through `allOf`/`oneOf`/`anyOf` that leads back to
/// where it started.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct CompositionCycle {
    /// The components, first to last (the last refers back to the first).
    pub(crate) components: Vec<String>,
    /// The pointer of each `$ref` along the cycle.
    pub(crate) references: Vec<String>,
    /// Only `oneOf`/`anyOf` steps, and some schema on the way has another
    /// member to choose: a finite value exists, and typify holds the
    /// recursion in a `Box`. With an `allOf` step every value would contain
    /// itself (and typify merges forever); with no other member, no value
    /// ends.
    pub(crate) holdable: bool,
}

impl Spec<'_> {
    /// Every component that follows the base pattern, in document order.
    pub(crate) fn base_patterns(&self) -> Vec<BasePattern> {
        let schemas = self.schemas_by_name();
        let mut found = Vec::new();
        for (name, schema) in &schemas {
            let Some((keyword, members)) = ["oneOf", "anyOf"]
                .into_iter()
                .find_map(|k| schema.get(k).and_then(Value::as_array).map(|m| (k, m)))
            else {
                continue;
            };
            let targets: Option<Vec<&str>> = members.iter().map(component_reference).collect();
            let Some(targets) = targets else { continue };
            let subtypes: Vec<Subtype> = targets
                .iter()
                .map(|target| subtype(target, name, schemas.get(target).copied()))
                .collect();
            if !subtypes.iter().any(|s| s.back_reference.is_some()) {
                continue;
            }
            found.push(BasePattern {
                base: (*name).to_owned(),
                pointer: child("/components/schemas", name),
                keyword,
                subtypes,
                discriminator: discriminator(schema),
                inline: false,
            });
        }
        found
    }

    /// Every inline `oneOf` whose members all refer to components: the
    /// subtypes of a union with no base (a list of attachment kinds, of
    /// message kinds), named as typify would name the inline type. Whether
    /// a property tells them apart is for the planner to find.
    pub(crate) fn inline_unions(&self) -> Vec<BasePattern> {
        let schemas = self.schemas_by_name();
        let mut found = Vec::new();
        for site in self.schema_sites().iter().filter(|s| s.inline) {
            let Some(node) = self.json().pointer(&site.pointer) else {
                continue;
            };
            let Some(members) = node.get("oneOf").and_then(Value::as_array) else {
                continue;
            };
            let targets: Option<Vec<&str>> = members.iter().map(component_reference).collect();
            let Some(targets) = targets.filter(|t| t.len() > 1) else {
                continue;
            };
            found.push(BasePattern {
                base: site.name.clone(),
                pointer: site.pointer.clone(),
                keyword: "oneOf",
                subtypes: targets
                    .iter()
                    .map(|target| subtype(target, "", schemas.get(target).copied()))
                    .collect(),
                discriminator: discriminator(node),
                inline: true,
            });
        }
        found
    }

    /// Cycles of `allOf`/`oneOf`/`anyOf` references between components,
    /// leaving out the references back to a base that `skip` lists
    /// (subtype, base), each cycle once.
    pub(crate) fn composition_cycles(&self, skip: &[(String, String)]) -> Vec<CompositionCycle> {
        let schemas = self.schemas_by_name();
        // name → [(target, pointer of the $ref)]
        let mut edges: BTreeMap<&str, Vec<Edge>> = BTreeMap::new();
        for (name, schema) in &schemas {
            let mut out = Vec::new();
            composed_references(schema, &child("/components/schemas", name), false, &mut out);
            out.retain(|(target, _, _)| !skip.iter().any(|(s, b)| s == name && b == target));
            edges.insert(name, out);
        }
        let mut cycles: Vec<CompositionCycle> = Vec::new();
        for start in schemas.keys() {
            let mut path = vec![(*start).to_owned()];
            let (mut references, mut merges) = (Vec::new(), Vec::new());
            walk_cycles(
                start,
                &edges,
                &schemas,
                &mut path,
                &mut references,
                &mut merges,
                &mut cycles,
            );
        }
        cycles
    }

    /// Inline `allOf`s of two or more members (inside a property, items or
    /// values of a component) that merge a schema holding that same
    /// `allOf`: its own component, or one that is it by composition. typify
    /// merges the members into a new type, which holds the `allOf` again,
    /// and recurses until the stack overflows. Each is (component, pointer
    /// of the `$ref`, target).
    pub(crate) fn self_merging_all_ofs(&self) -> Vec<(String, String, String)> {
        let schemas = self.schemas_by_name();
        let mut edges: BTreeMap<&str, Vec<Edge>> = BTreeMap::new();
        for (name, schema) in &schemas {
            let mut out = Vec::new();
            composed_references(schema, &child("/components/schemas", name), false, &mut out);
            edges.insert(name, out);
        }
        // The components each one is, by composition.
        let closure = |start: &str| -> Vec<String> {
            let mut seen = vec![start.to_owned()];
            let mut next = 0;
            while let Some(current) = seen.get(next).cloned() {
                next += 1;
                for (target, _, _) in edges.get(current.as_str()).into_iter().flatten() {
                    if !seen.contains(target) {
                        seen.push(target.clone());
                    }
                }
            }
            seen
        };
        let mut found = Vec::new();
        for (name, schema) in &schemas {
            let mut merges = Vec::new();
            let at = child("/components/schemas", name);
            inline_all_ofs(schema, &at, true, &mut merges);
            shared_properties(schema, &at, &schemas, &mut merges);
            for (target, at) in merges {
                if closure(&target).iter().any(|c| c == name) {
                    found.push(((*name).to_owned(), at, target));
                }
            }
        }
        found
    }

    fn schemas_by_name(&self) -> BTreeMap<&str, &Value> {
        self.json()
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(k, v)| (k.as_str(), v))
            .collect()
    }
}

/// Depth-first from the last component of `path`; a cycle is recorded once,
/// from its smallest component (so that each is found once).
fn walk_cycles(
    start: &str,
    edges: &BTreeMap<&str, Vec<Edge>>,
    schemas: &BTreeMap<&str, &Value>,
    path: &mut Vec<String>,
    references: &mut Vec<String>,
    merges: &mut Vec<bool>,
    cycles: &mut Vec<CompositionCycle>,
) {
    let Some(current) = path.last().cloned() else {
        return;
    };
    for (target, at, merged) in edges.get(current.as_str()).into_iter().flatten() {
        if target == start {
            let mut refs = references.clone();
            refs.push(at.clone());
            let through_all_of = *merged || merges.iter().any(|m| *m);
            let exit = path.iter().any(|name| {
                let schema = schemas.get(name.as_str());
                ["oneOf", "anyOf"].iter().any(|k| {
                    schema
                        .and_then(|s| s.get(*k))
                        .and_then(Value::as_array)
                        .is_some_and(|members| members.len() > 1)
                })
            });
            cycles.push(CompositionCycle {
                components: path.clone(),
                references: refs,
                holdable: !through_all_of && exit,
            });
        } else if target.as_str() > start && !path.contains(target) {
            path.push(target.clone());
            references.push(at.clone());
            merges.push(*merged);
            walk_cycles(start, edges, schemas, path, references, merges, cycles);
            path.pop();
            references.pop();
            merges.pop();
        }
    }
}

/// The `$ref`s a schema holds by composition: its `allOf`/`oneOf`/`anyOf`
/// members, and theirs when inline; not through properties, items or maps
/// (a `Box` or a `Vec` holds those).
/// Each is (target, pointer of the `$ref`, whether it is merged with
/// siblings: a member of an `allOf` of two or more).
fn composed_references(schema: &Value, at: &str, merged: bool, out: &mut Vec<Edge>) {
    if let Some(target) = component_reference(schema) {
        out.push((target.to_owned(), child(at, "$ref"), merged));
        return;
    }
    for keyword in ["allOf", "oneOf", "anyOf"] {
        let Some(members) = schema.get(keyword).and_then(Value::as_array) else {
            continue;
        };
        let merges = merged || (keyword == "allOf" && members.len() > 1);
        for (i, member) in members.iter().enumerate() {
            composed_references(member, &format!("{}/{i}", child(at, keyword)), merges, out);
        }
    }
}

/// The `$ref` members of multi-member `allOf`s below the component's own
/// composition (in properties, items, values): (target, pointer).
fn inline_all_ofs(node: &Value, at: &str, root: bool, out: &mut Vec<(String, String)>) {
    let Value::Object(map) = node else { return };
    for (key, value) in map {
        let here = child(at, key);
        match (key.as_str(), value) {
            ("allOf" | "oneOf" | "anyOf", Value::Array(members)) => {
                for (i, member) in members.iter().enumerate() {
                    let member_at = format!("{here}/{i}");
                    if key == "allOf"
                        && members.len() > 1
                        && !root
                        && let Some(target) = component_reference(member)
                    {
                        out.push((target.to_owned(), child(&member_at, "$ref")));
                    }
                    inline_all_ofs(member, &member_at, root, out);
                }
            }
            ("items" | "additionalProperties" | "not", _) => {
                inline_all_ofs(value, &here, false, out)
            }
            ("properties", Value::Object(properties)) => {
                for (property, schema) in properties {
                    inline_all_ofs(schema, &child(&here, property), false, out);
                }
            }
            _ => {}
        }
    }
}

/// Where two members of an `allOf` (anywhere in `node`) have a property of
/// the same name, typify merges the two property schemas as well, following
/// their references: those references, (target, pointer).
fn shared_properties(
    node: &Value,
    at: &str,
    schemas: &BTreeMap<&str, &Value>,
    out: &mut Vec<(String, String)>,
) {
    let Value::Object(map) = node else { return };
    if let Some(Value::Array(members)) = map.get("allOf")
        && members.len() > 1
    {
        // Each member's properties, a `$ref` member read through once.
        let mut by_name: BTreeMap<&str, Vec<(&Value, String)>> = BTreeMap::new();
        for (i, member) in members.iter().enumerate() {
            let member_at = format!("{}/{i}", child(at, "allOf"));
            let (resolved, resolved_at) = match component_reference(member) {
                Some(target) => match schemas.get(target) {
                    Some(schema) => (*schema, child("/components/schemas", target)),
                    None => continue,
                },
                None => (member, member_at),
            };
            if let Some(Value::Object(properties)) = resolved.get("properties") {
                for (property, schema) in properties {
                    let property_at = child(&child(&resolved_at, "properties"), property);
                    by_name
                        .entry(property.as_str())
                        .or_default()
                        .push((schema, property_at));
                }
            }
        }
        for written in by_name.values().filter(|w| w.len() > 1) {
            for (schema, property_at) in written {
                let mut refs = Vec::new();
                composed_references(schema, property_at, true, &mut refs);
                out.extend(
                    refs.into_iter()
                        .map(|(target, pointer, _)| (target, pointer)),
                );
            }
        }
    }
    for (key, value) in map {
        let here = child(at, key);
        match (key.as_str(), value) {
            ("allOf" | "oneOf" | "anyOf", Value::Array(members)) => {
                for (i, member) in members.iter().enumerate() {
                    shared_properties(member, &format!("{here}/{i}"), schemas, out);
                }
            }
            ("items" | "additionalProperties" | "not", _) => {
                shared_properties(value, &here, schemas, out);
            }
            ("properties", Value::Object(properties)) => {
                for (property, schema) in properties {
                    shared_properties(schema, &child(&here, property), schemas, out);
                }
            }
            _ => {}
        }
    }
}

/// A reference by composition: (target, pointer, merged with siblings).
type Edge = (String, String, bool);

/// `{$ref: '#/components/schemas/X'}` → `X`.
fn component_reference(node: &Value) -> Option<&str> {
    node.get("$ref")?.as_str()?.strip_prefix(COMPONENTS)
}

fn subtype(name: &str, base: &str, schema: Option<&Value>) -> Subtype {
    let all_of = schema
        .and_then(|s| s.get("allOf"))
        .and_then(Value::as_array);
    let back_reference = all_of.and_then(|members| {
        members
            .iter()
            .position(|m| component_reference(m) == Some(base))
    });
    let mut constants = BTreeMap::new();
    let own_parts = all_of
        .into_iter()
        .flatten()
        .chain(schema)
        .filter(|part| component_reference(part).is_none());
    for part in own_parts {
        let Some(properties) = part.get("properties").and_then(Value::as_object) else {
            continue;
        };
        for (property, definition) in properties {
            let one = definition
                .get("enum")
                .and_then(Value::as_array)
                .filter(|values| values.len() == 1)
                .and_then(|values| values[0].as_str());
            if let Some(value) = one {
                constants.insert(property.clone(), value.to_owned());
            }
        }
    }
    Subtype {
        name: name.to_owned(),
        back_reference,
        constants,
    }
}

fn discriminator(schema: &Value) -> Option<(String, Vec<(String, String)>)> {
    let discriminator = schema.get("discriminator")?;
    let property = discriminator.get("propertyName")?.as_str()?.to_owned();
    let mapping = discriminator
        .get("mapping")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(value, target)| {
            let target = target.as_str()?;
            let name = target.strip_prefix(COMPONENTS).unwrap_or(target);
            Some((value.clone(), name.to_owned()))
        })
        .collect();
    Some((property, mapping))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::tests::{MINIMAL, with_spec};

    const ACTORS: &str = "\
components:
  schemas:
    PublicActor:
      oneOf:
        - $ref: '#/components/schemas/AgentActor'
        - $ref: '#/components/schemas/SystemActor'
    AgentActor:
      allOf:
        - $ref: '#/components/schemas/PublicActor'
        - type: object
          required: [type, id]
          properties:
            type: { type: string, enum: [AGENT] }
            id: { type: string }
            name: { type: string }
    SystemActor:
      allOf:
        - $ref: '#/components/schemas/PublicActor'
        - type: object
          required: [type, id]
          properties:
            type: { type: string, enum: [SYSTEM] }
            id: { type: string }
    Loop:
      allOf:
        - $ref: '#/components/schemas/Loop'
        - { type: object }
    A:
      oneOf:
        - $ref: '#/components/schemas/B'
        - type: string
    B:
      anyOf:
        - type: integer
        - allOf:
            - $ref: '#/components/schemas/A'
    Tree:
      type: object
      properties:
        children: { type: array, items: { $ref: '#/components/schemas/Tree' } }
";

    #[test]
    fn the_base_pattern_is_found_with_each_subtypes_constants() {
        with_spec(&format!("{MINIMAL}paths: {{}}\n{ACTORS}"), |spec| {
            let patterns = spec.base_patterns();
            assert_eq!(patterns.len(), 1, "{patterns:#?}");
            let actors = &patterns[0];
            assert_eq!(actors.base, "PublicActor");
            assert_eq!(actors.keyword, "oneOf");
            assert_eq!(actors.discriminator, None);
            let names: Vec<&str> = actors.subtypes.iter().map(|s| s.name.as_str()).collect();
            assert_eq!(names, ["AgentActor", "SystemActor"]);
            assert_eq!(actors.subtypes[0].back_reference, Some(0));
            assert_eq!(
                actors.subtypes[1].constants,
                BTreeMap::from([("type".to_owned(), "SYSTEM".to_owned())])
            );
        });
    }

    #[test]
    fn composition_cycles_are_found_once_with_their_path() {
        with_spec(&format!("{MINIMAL}paths: {{}}\n{ACTORS}"), |spec| {
            let skip: Vec<(String, String)> = ["AgentActor", "SystemActor"]
                .iter()
                .map(|s| ((*s).to_owned(), "PublicActor".to_owned()))
                .collect();
            let cycles = spec.composition_cycles(&skip);
            let found: Vec<Vec<&str>> = cycles
                .iter()
                .map(|c| c.components.iter().map(String::as_str).collect())
                .collect();
            // Tree recurses through an array: a Vec holds it.
            assert_eq!(found, [vec!["A", "B"], vec!["Loop"]]);
            // A can be a string: the cycle ends, and typify boxes it.
            assert!(cycles[0].holdable);
            assert!(!cycles[1].holdable, "an allOf of itself");
            assert_eq!(
                cycles[0].references,
                [
                    "/components/schemas/A/oneOf/0/$ref",
                    "/components/schemas/B/anyOf/1/allOf/0/$ref"
                ]
            );
            // Without the skip, the actors are cycles too.
            assert_eq!(spec.composition_cycles(&[]).len(), 4);
        });
    }
}
