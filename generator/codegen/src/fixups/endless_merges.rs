//! Where typify's merge of an `allOf` would never end, or would not end in
//! reasonable time and memory.
//!
//! typify converts an `allOf` (and an object beside a `oneOf`/`anyOf`) by
//! merging its members into one schema (typify-impl's `merge.rs`). Two
//! `$ref`s to one schema merge as that schema; any other pair is resolved
//! and merged keyword by keyword: the `items` of both, each property both
//! have, and a union member by member (each member merged with everything
//! else, beside the negation of the other members). Nothing there
//! remembers what it has merged: a merge that reaches the same pair again
//! recurses until the stack overflows, and unions merged with unions grow
//! as the product of their sizes (gigabytes within seconds).
//!
//! This module replays that walk on the document, without building any
//! schema: a *state* is the multiset of schemas being merged (each kept at
//! most twice, which is all the walk can tell apart), and its successors
//! are the states typify would merge next. A state met again on its own
//! path is a merge without end; a walk longer than [`BUDGET`] steps is one
//! typify would not finish in time. It is a model, not typify itself: the
//! budget is set well above what the real specs of `corpus/` need (the
//! largest, Oxide's `nexus.json` and HubSpot's messages, take 14 steps).
//!
//! A merge also copies the merged schemas' fields into a new, unnamed type,
//! which typify then converts like any other: when a schema's fields hold
//! an `allOf` that merges, through other such `allOf`s, that schema again,
//! each conversion makes another type without end ([`Merges::inlining`]).
//!
//! One shape grows in typify however small: a union with a member that
//! accepts any value (`{}`, or only a description), merged with other
//! schemas. Such a union accepts any value, so where it is merged it can be
//! read as its schema's own fields alone: [`Merges::widened`] lists those
//! unions, and the walk goes on as if they were widened.

use std::collections::{BTreeMap, HashSet};

use serde_json::Value;

use super::FixUp;
use crate::diagnostic::child;

/// Steps of the replayed walk from one `allOf` before it is called too
/// large: a walk of 600 steps (three unions of three to five members,
/// merged) took typify more than 30 s and a gigabyte.
const BUDGET: usize = 200;

pub(crate) const FIXUP: FixUp = FixUp {
    name: "endless_merges",
    upstream: "typify-impl merge.rs (a merge remembers nothing: it recurses without end, and \
               unions merged with unions grow as the product of their members; none filed)",
};

/// An `allOf` (or an object beside a union) typify could not merge.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct EndlessMerge {
    /// The schema holding the `allOf`.
    pub(crate) at: String,
    pub(crate) why: Endless,
}

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Endless {
    /// The merge comes back to merging these schemas (pointers) again.
    Cycle(Vec<String>),
    /// The merge takes more than [`BUDGET`] steps.
    TooLarge,
}

/// What the replayed merges found in a document.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Merges {
    /// Unions (pointers of their schemas) with a member that accepts any
    /// value, which some `allOf` merges: read them as their own fields.
    pub(crate) widened: Vec<String>,
    /// Merges that do not end, those unions widened.
    pub(crate) endless: Vec<EndlessMerge>,
    /// Components that merge themselves into their own fields.
    pub(crate) inlining: Vec<InliningCycle>,
}

/// Components each of which merges the next into its fields, the last the
/// first.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct InliningCycle {
    pub(crate) components: Vec<String>,
    /// Where each component merges the next: the schema holding the `allOf`.
    pub(crate) references: Vec<String>,
}

/// Replays every merge of `document` (components and operations), in
/// document order. Examples are not schemas and are skipped.
pub(crate) fn merges(document: &Value) -> Merges {
    let mut roots = Vec::new();
    for top in ["components", "paths"] {
        if let Some(node) = document.get(top) {
            merge_roots(node, &format!("/{top}"), &mut roots);
        }
    }
    let mut found = Merges::default();
    // Component → the components its merges resolve, and where each is.
    let mut edges: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for at in roots {
        let mut walk = Walk {
            document,
            steps: 0,
            on_path: HashSet::new(),
            widened: &mut found.widened,
            resolved: Vec::new(),
        };
        let start = start(document, &at);
        let result = walk.explore(start);
        if let Some(component) = component_of(&at) {
            let targets = edges.entry(component).or_default();
            for target in walk.resolved {
                if !targets.iter().any(|(t, _)| *t == target) {
                    targets.push((target, at.clone()));
                }
            }
        }
        if let Err(why) = result {
            found.endless.push(EndlessMerge { at, why });
        }
    }
    found.inlining = inlining_cycles(&edges);
    found
}

/// Cycles of components each of which, merging, takes the next one's
/// fields in (`edges`: component → the components its merges resolve, and
/// where each merge is): each once, from its first component by name.
fn inlining_cycles(edges: &BTreeMap<String, Vec<(String, String)>>) -> Vec<InliningCycle> {
    let mut cycles = Vec::new();
    let mut reported: HashSet<Vec<String>> = HashSet::new();
    for start in edges.keys() {
        // Breadth-first from `start`, each component once: how it was
        // reached (from, where the merge is).
        let mut reached: BTreeMap<&str, (&str, &str)> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([start.as_str()]);
        let mut back = None;
        while let Some(current) = queue.pop_front() {
            for (target, at) in edges.get(current).into_iter().flatten() {
                if target == start {
                    back = Some((current, at.as_str()));
                    break;
                }
                if !reached.contains_key(target.as_str()) {
                    reached.insert(target, (current, at));
                    queue.push_back(target);
                }
            }
            if back.is_some() {
                break;
            }
        }
        let Some((last, last_at)) = back else {
            continue;
        };
        let (mut components, mut references) = (vec![last.to_owned()], vec![last_at.to_owned()]);
        let mut current = last;
        while current != start {
            let Some((from, at)) = reached.get(current) else {
                break;
            };
            components.push((*from).to_owned());
            references.push((*at).to_owned());
            current = from;
        }
        components.reverse();
        references.reverse();
        // `components` starts at `start`; `references[i]` is where
        // `components[i]` merges the next.
        if components.len() > 1 && components.first() == components.last() {
            components.pop();
        }
        let mut key = components.clone();
        key.sort();
        if reported.insert(key) {
            cycles.push(InliningCycle {
                components,
                references,
            });
        }
    }
    cycles
}

/// The component a pointer is in: `/components/schemas/Thing/properties/x`
/// → `Thing`.
fn component_of(at: &str) -> Option<String> {
    let rest = at.strip_prefix("/components/schemas/")?;
    let name = rest.split('/').next()?;
    Some(crate::diagnostic::unescape_token(name))
}

/// The schemas typify merges on their own: an `allOf`, or a union beside
/// fields of the schema's own.
fn merge_roots(node: &Value, at: &str, out: &mut Vec<String>) {
    match node {
        Value::Object(map) => {
            let all_of = map.get("allOf").and_then(Value::as_array);
            let union = ["oneOf", "anyOf"].iter().any(|k| map.contains_key(*k));
            if all_of.is_some_and(|members| !members.is_empty()) || (union && has_body(node)) {
                out.push(at.to_owned());
            }
            for (key, value) in map {
                if key != "example" && key != "examples" {
                    merge_roots(value, &child(at, key), out);
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                merge_roots(item, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// What typify merges first: an `allOf` alone is merged member by member
/// from the first (so that two `$ref`s to one schema are that schema); a
/// schema with fields of its own merges its members into those.
fn start(document: &Value, at: &str) -> State {
    let node = document.pointer(at);
    let members = node.and_then(|n| n.get("allOf")).and_then(Value::as_array);
    match (node, members) {
        (Some(Value::Object(map)), Some(members))
            if map.keys().all(|k| k == "allOf" || is_word(k)) =>
        {
            (0..members.len())
                .map(|i| Member::fresh(format!("{at}/allOf/{i}")))
                .collect()
        }
        _ => vec![Member::fresh(at.to_owned())],
    }
}

/// How far a schema of a state has been taken apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Stage {
    /// As written.
    Fresh,
    /// Its `allOf` members are in the state beside it.
    Composed,
    /// One member of its union is in the state: only its own fields remain.
    Chosen,
}

/// One schema being merged: its pointer, and how far it is taken apart.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Member {
    at: String,
    stage: Stage,
}

impl Member {
    fn fresh(at: String) -> Self {
        Self {
            at,
            stage: Stage::Fresh,
        }
    }
}

/// The schemas merged together, sorted, each at most twice.
type State = Vec<Member>;

struct Walk<'d> {
    document: &'d Value,
    steps: usize,
    /// The states being explored, from the root down.
    on_path: HashSet<State>,
    widened: &'d mut Vec<String>,
    /// The components whose references the merge followed: their fields
    /// are copied into the merged type.
    resolved: Vec<String>,
}

impl<'d> Walk<'d> {
    fn node(&self, at: &str) -> Option<&'d Value> {
        self.document.pointer(at)
    }

    fn explore(&mut self, state: State) -> Result<(), Endless> {
        self.steps += 1;
        if self.steps > BUDGET {
            return Err(Endless::TooLarge);
        }
        let state = self.normalized(state);
        if self.on_path.contains(&state) {
            let mut through: Vec<String> = state.iter().map(|m| m.at.clone()).collect();
            through.dedup();
            return Err(Endless::Cycle(through));
        }
        self.on_path.insert(state.clone());
        let result = self.successors(&state);
        self.on_path.remove(&state);
        result
    }

    /// The states typify merges next, each explored in turn.
    fn successors(&mut self, state: &State) -> Result<(), Endless> {
        // A union is merged member by member: one state per member.
        let merging = state.len() > 1
            || state
                .first()
                .and_then(|m| self.node(&m.at))
                .is_some_and(has_body);
        let pending = state.iter().position(|m| {
            m.stage == Stage::Composed && self.node(&m.at).is_some_and(|n| !union(n).is_empty())
        });
        if let (true, Some(index)) = (merging, pending) {
            let at = state[index].at.clone();
            if self
                .node(&at)
                .is_some_and(|n| union(n).iter().any(accepts_anything))
            {
                if !self.widened.contains(&at) {
                    self.widened.push(at);
                }
                let mut next = state.clone();
                next[index].stage = Stage::Chosen;
                return self.explore(next);
            }
            let keyword = self.node(&at).map(union_keyword).unwrap_or("oneOf");
            let count = self.node(&at).map_or(0, |n| union(n).len());
            // The negations of the other members are merged too.
            self.steps += count.saturating_sub(1);
            for i in 0..count {
                let mut next = state.clone();
                next[index].stage = Stage::Chosen;
                next.push(Member::fresh(format!("{}/{i}", child(&at, keyword))));
                self.explore(next)?;
            }
            return Ok(());
        }
        if state.len() < 2 {
            return Ok(());
        }
        // Fields both sides have are merged in turn.
        let mut groups: BTreeMap<String, State> = BTreeMap::new();
        for member in state {
            let Some(Value::Object(map)) = self.node(&member.at) else {
                continue;
            };
            for key in ["items", "additionalProperties"] {
                if map.get(key).is_some_and(Value::is_object) {
                    groups
                        .entry(key.to_owned())
                        .or_default()
                        .push(Member::fresh(child(&member.at, key)));
                }
            }
            if let Some(Value::Object(properties)) = map.get("properties") {
                for name in properties.keys() {
                    let at = child(&child(&member.at, "properties"), name);
                    groups
                        .entry(format!("properties/{name}"))
                        .or_default()
                        .push(Member::fresh(at));
                }
            }
        }
        // A property one side has and another does not is merged with the
        // other's `additionalProperties` (typify-impl `filter_prop`).
        let maps: Vec<(&str, &serde_json::Map<String, Value>)> = state
            .iter()
            .filter_map(|m| Some((m.at.as_str(), self.node(&m.at)?.as_object()?)))
            .collect();
        for (at, map) in &maps {
            let Some(Value::Object(properties)) = map.get("properties") else {
                continue;
            };
            for (other_at, other) in &maps {
                let open = other
                    .get("additionalProperties")
                    .is_some_and(Value::is_object);
                let has = |name: &str| {
                    other
                        .get("properties")
                        .is_some_and(|p| p.get(name).is_some())
                };
                for name in properties.keys().filter(|n| open && !has(n)) {
                    let pair = vec![
                        Member::fresh(child(&child(at, "properties"), name)),
                        Member::fresh(child(other_at, "additionalProperties")),
                    ];
                    groups.insert(format!("{other_at} {name}"), pair);
                }
            }
        }
        for group in groups.into_values().filter(|g| g.len() > 1) {
            self.explore(group)?;
        }
        Ok(())
    }

    /// References followed (unless all are the same, which typify merges as
    /// that one schema), `allOf` members added beside their schema, sorted,
    /// each at most twice.
    fn normalized(&mut self, mut state: State) -> State {
        loop {
            let mut changed = false;
            let targets: Vec<Option<&str>> = state
                .iter()
                .map(|m| self.node(&m.at).and_then(local_reference))
                .collect();
            let same_reference = targets.iter().all(|t| t.is_some() && *t == targets[0]);
            if state.len() > 1 && !same_reference {
                let mut next = Vec::new();
                for (member, target) in state.iter().zip(&targets) {
                    match target {
                        // A dangling reference is reported elsewhere.
                        Some(target) if self.node(target).is_none() => changed = true,
                        Some(target) => {
                            if let Some(component) = component_of(target)
                                && !self.resolved.contains(&component)
                            {
                                self.resolved.push(component);
                            }
                            next.push(Member::fresh((*target).to_owned()));
                            changed = true;
                        }
                        None => next.push(member.clone()),
                    }
                }
                state = next;
            }
            let mut added = Vec::new();
            for member in state.iter_mut().filter(|m| m.stage == Stage::Fresh) {
                let node = self.node(&member.at);
                if node.and_then(local_reference).is_some() {
                    continue;
                }
                member.stage = Stage::Composed;
                changed = true;
                let members = node.and_then(|n| n.get("allOf")).and_then(Value::as_array);
                for i in 0..members.map_or(0, Vec::len) {
                    added.push(Member::fresh(format!("{}/allOf/{i}", member.at)));
                }
            }
            state.extend(added);
            state.sort();
            let mut capped: State = Vec::with_capacity(state.len());
            for member in state {
                let copies = capped.iter().rev().take_while(|m| **m == member).count();
                if copies < 2 {
                    capped.push(member);
                }
            }
            state = capped;
            if !changed {
                return state;
            }
        }
    }
}

/// `#/components/…` → `/components/…`.
fn local_reference(node: &Value) -> Option<&str> {
    node.get("$ref")?.as_str()?.strip_prefix('#')
}

fn union_keyword(node: &Value) -> &'static str {
    if node.get("oneOf").is_some() {
        "oneOf"
    } else {
        "anyOf"
    }
}

fn union(node: &Value) -> &[Value] {
    node.get(union_keyword(node))
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// A schema with no keyword that constrains a value: `{}`, or only words
/// about it (a description, an example, `nullable`).
fn accepts_anything(node: &Value) -> bool {
    node.as_object()
        .is_some_and(|map| map.keys().all(|k| is_word(k)))
}

/// A keyword that says something about a value without constraining it.
fn is_word(keyword: &str) -> bool {
    const WORDS: [&str; 9] = [
        "description",
        "title",
        "nullable",
        "example",
        "default",
        "readOnly",
        "writeOnly",
        "deprecated",
        "externalDocs",
    ];
    WORDS.contains(&keyword) || keyword.starts_with("x-")
}

/// Fields of the schema's own that a union's members are merged with.
fn has_body(node: &Value) -> bool {
    [
        "properties",
        "items",
        "additionalProperties",
        "type",
        "required",
    ]
    .iter()
    .any(|k| node.get(*k).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn replayed(yaml: &str) -> Merges {
        let document: Value = serde_yaml::from_str(yaml).expect("test YAML");
        merges(&document)
    }

    fn endless(yaml: &str) -> Vec<EndlessMerge> {
        let found = replayed(yaml);
        assert_eq!(found.widened, Vec::<String>::new());
        found.endless
    }

    const HEAD: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n\
                        components:\n  schemas:\n";

    #[test]
    fn an_allof_of_a_recursive_union_and_its_alias_never_ends() {
        let found = endless(&format!(
            "{HEAD}    Status: {{items: {{oneOf: [{{type: string}}, {{$ref: '#/components/schemas/Status'}}]}}}}\n\
             \x20   Contact: {{allOf: [{{$ref: '#/components/schemas/Status'}}]}}\n\
             \x20   Error:\n      properties:\n        id:\n          allOf:\n\
             \x20         - $ref: '#/components/schemas/Status'\n\
             \x20         - $ref: '#/components/schemas/Contact'\n"
        ));
        let at: Vec<&str> = found.iter().map(|f| f.at.as_str()).collect();
        assert_eq!(at, ["/components/schemas/Error/properties/id"]);
        assert!(
            matches!(&found[0].why, Endless::Cycle(through) if through.iter().any(|p| p.starts_with("/components/schemas/Status"))),
            "{found:?}"
        );
    }

    #[test]
    fn a_subtype_merging_a_recursive_base_twice_never_ends() {
        let found = endless(&format!(
            "{HEAD}    Message: {{allOf: [{{properties: {{id: {{anyOf: [{{$ref: '#/components/schemas/Message'}}]}}}}}}]}}\n\
             \x20   thread_item: {{allOf: [{{$ref: '#/components/schemas/Message'}}, {{$ref: '#/components/schemas/Message'}}]}}\n\
             \x20   Contact: {{allOf: [{{$ref: '#/components/schemas/thread_item'}}, {{}}]}}\n"
        ));
        let at: Vec<&str> = found.iter().map(|f| f.at.as_str()).collect();
        assert_eq!(at, ["/components/schemas/Contact"]);
    }

    #[test]
    fn unions_merged_with_unions_are_too_large() {
        let found = endless(&format!(
            "{HEAD}    T: {{anyOf: [{{type: array}}, {{type: string}}, {{type: integer}}, {{type: boolean}}, {{type: object}}]}}\n\
             \x20   A: {{anyOf: [{{type: number}}, {{$ref: '#/components/schemas/T'}}, {{type: object, properties: {{q: {{}}}}}}]}}\n\
             \x20   B: {{anyOf: [{{type: number}}, {{$ref: '#/components/schemas/A'}}, {{$ref: '#/components/schemas/T'}}]}}\n\
             \x20   L: {{allOf: [{{properties: {{a: {{}}}}}}, {{$ref: '#/components/schemas/A'}}, {{$ref: '#/components/schemas/T'}}, {{$ref: '#/components/schemas/B'}}]}}\n"
        ));
        assert_eq!(
            found,
            [EndlessMerge {
                at: "/components/schemas/L".to_owned(),
                why: Endless::TooLarge
            }]
        );
    }

    #[test]
    fn a_recursive_tree_extended_by_allof_merges_in_a_few_steps() {
        let found = endless(&format!(
            "{HEAD}    Node: {{properties: {{children: {{type: array, items: {{$ref: '#/components/schemas/Node'}}}}}}}}\n\
             \x20   Special: {{allOf: [{{$ref: '#/components/schemas/Node'}}, {{properties: {{children: {{type: array, items: {{$ref: '#/components/schemas/Node'}}}}, extra: {{type: string}}}}}}]}}\n\
             \x20   Twice: {{allOf: [{{$ref: '#/components/schemas/Node'}}, {{$ref: '#/components/schemas/Node'}}]}}\n"
        ));
        assert_eq!(found, []);
    }

    #[test]
    fn a_merged_union_with_a_member_accepting_anything_is_widened() {
        let found = replayed(&format!(
            "{HEAD}    T: {{anyOf: [{{description: any}}, {{type: string}}, {{type: integer}}]}}\n\
             \x20   A: {{anyOf: [{{nullable: true}}, {{$ref: '#/components/schemas/T'}}]}}\n\
             \x20   Free: {{anyOf: [{{}}, {{type: string}}]}}\n\
             \x20   L: {{allOf: [{{properties: {{a: {{}}}}}}, {{$ref: '#/components/schemas/A'}}, {{$ref: '#/components/schemas/T'}}]}}\n"
        ));
        assert_eq!(
            found,
            Merges {
                // `Free` is merged by nothing: typify reads it as it is.
                widened: vec![
                    "/components/schemas/A".to_owned(),
                    "/components/schemas/T".to_owned()
                ],
                endless: vec![],
                inlining: vec![],
            }
        );
    }

    #[test]
    fn components_merging_each_other_into_their_fields_are_a_cycle() {
        let found = replayed(&format!(
            "{HEAD}    Thread: {{properties: {{id: {{type: string}}}}}}\n\
             \x20   Status:\n      properties:\n        name:\n          allOf:\n\
             \x20         - {{properties: {{kind: {{type: boolean}}}}}}\n\
             \x20         - $ref: '#/components/schemas/ItemList'\n\
             \x20   ItemList:\n      properties:\n        items:\n          allOf:\n\
             \x20         - $ref: '#/components/schemas/Thread'\n\
             \x20         - $ref: '#/components/schemas/Status'\n\
             \x20   Plain: {{properties: {{next: {{$ref: '#/components/schemas/Plain'}}, tag: {{allOf: [{{$ref: '#/components/schemas/Thread'}}, {{}}]}}}}}}\n"
        ));
        assert_eq!(
            found.inlining,
            [InliningCycle {
                components: vec!["ItemList".to_owned(), "Status".to_owned()],
                references: vec![
                    "/components/schemas/ItemList/properties/items".to_owned(),
                    "/components/schemas/Status/properties/name".to_owned(),
                ],
            }]
        );
    }
}
