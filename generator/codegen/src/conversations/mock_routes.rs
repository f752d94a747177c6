//! What the `conversations` crate's mock (`mock.rs`, the cli's `--mock`)
//! answers for one provider, planned from its spec with the rest of the
//! crate's plan: every
//! request the unified client makes, answered from the spec (the docs'
//! example, else a value of the response's schema: [`crate::spec::instance`]),
//! with each paged list over two pages of the provider's own scheme.

use serde_json::Value;

use super::{EntryPoint, ProviderPlan};
use crate::client::plan::OperationPlan;
use crate::mapping::operations::{ListPlan, MessagesPlan, SchemePlan, WritePlan};
use crate::spec::instance;

/// One answer of the mock server.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Route {
    /// `GET`, `POST`, …
    pub(crate) method: String,
    /// A regular expression of the path (`^/v1/thread/[^/]+$`).
    pub(crate) path: String,
    /// A query parameter the request must carry, with its value.
    pub(crate) query: Option<(String, String)>,
    /// A query parameter the request must not carry.
    pub(crate) without: Option<String>,
    pub(crate) status: u16,
    /// The JSON body as text; `None`: none.
    pub(crate) body: Option<String>,
    /// Where the body comes from, for `--verbose`.
    pub(crate) source: &'static str,
}

/// The routes of `p`, in the order the mock tries them (a request that
/// matches a list's second page must not be taken by its first: each page
/// says what it requires of the query).
pub(crate) fn routes(p: &ProviderPlan<'_>, spec: &Value) -> Vec<Route> {
    let mut routes = Vec::new();
    let operation = |id: &str| p.client.operations.iter().find(|op| op.id == id);
    if let Some(get) = p
        .thread
        .as_ref()
        .and_then(|t| t.operation.as_deref())
        .and_then(operation)
    {
        routes.extend(answer(spec, get));
    }
    let ops = &p.mapping.operations;
    if let Some(list) = &ops.list_threads {
        routes.extend(list_routes(p, spec, list, p.thread.as_ref()));
    }
    if let Some(MessagesPlan::Listed(list)) = &ops.list_messages {
        routes.extend(list_routes(p, spec, list, p.message.as_ref()));
    }
    for write in [&ops.send_message, &ops.update_thread]
        .into_iter()
        .flatten()
    {
        routes.extend(write_routes(p, spec, write));
    }
    routes
}

/// The operation's success answer, whatever the query.
fn answer(spec: &Value, op: &OperationPlan) -> Option<Route> {
    let success = op.success.as_ref()?;
    let (body, source) = body(spec, op);
    Some(Route {
        method: op.method.as_http(),
        path: op.path.regex(),
        query: None,
        without: None,
        status: success.status,
        body: body.map(|b| b.to_string()),
        source,
    })
}

/// The success body of `op`: the docs' example, or a value of its schema.
fn body(spec: &Value, op: &OperationPlan) -> (Option<Value>, &'static str) {
    let Some(success) = &op.success else {
        return (None, "no body");
    };
    if let Some(example) = success
        .example
        .as_deref()
        .and_then(|e| serde_json::from_str(e).ok())
    {
        return (Some(example), "the docs' example");
    }
    match success.schema.as_deref().and_then(|at| spec.pointer(at)) {
        Some(schema) => (
            Some(instance::of_schema(spec, schema)),
            "a value of the response's schema (the docs give no example)",
        ),
        None => (None, "no body"),
    }
}

/// The writes' steps, each answered with its success.
fn write_routes(p: &ProviderPlan<'_>, spec: &Value, write: &WritePlan) -> Vec<Route> {
    write
        .steps
        .iter()
        .filter_map(|step| {
            p.client
                .operations
                .iter()
                .find(|op| op.id == step.operation)
        })
        .filter_map(|op| answer(spec, op))
        .collect()
}

/// A list over two pages of its scheme (a one-page list: one page of two
/// items). Each page holds one item (the second with its `id` changed, so
/// that the two are told apart).
///
/// `get` is how one of the listed is fetched: its ids must be what that
/// operation's path parameter takes.
fn list_routes(
    p: &ProviderPlan<'_>,
    spec: &Value,
    list: &ListPlan,
    get: Option<&EntryPoint>,
) -> Vec<Route> {
    let Some(op) = p
        .client
        .operations
        .iter()
        .find(|op| op.id == list.operation)
    else {
        return Vec::new();
    };
    let Some(success) = &op.success else {
        return Vec::new();
    };
    let (Some(page), source) = body(spec, op) else {
        return Vec::new();
    };
    let Some(first) = item_of(&page, &list.items) else {
        return Vec::new();
    };
    // The ids a list gives are used again as the path parameter of `get`:
    // they must be what that parameter accepts.
    let integer_ids = get
        .and_then(|t| t.operation.as_deref())
        .and_then(|id| p.client.operations.iter().find(|op| op.id == id))
        .and_then(|get| get.path_params.last())
        .is_some_and(|(_, integer)| *integer);
    let (first, second) = if integer_ids {
        (numbered(&first, 1), numbered(&first, 2))
    } else {
        (first.clone(), renamed(&first))
    };
    let route = |page: Value, query: Option<(String, String)>, without: Option<String>| Route {
        method: op.method.as_http(),
        path: op.path.regex(),
        query,
        without,
        status: success.status,
        body: Some(page.to_string()),
        source,
    };
    match &list.scheme {
        SchemePlan::Single => vec![route(
            with_items(&page, &list.items, vec![first, second]),
            None,
            None,
        )],
        SchemePlan::Cursor { param, next } => {
            let mut one = with_items(&page, &list.items, vec![first]);
            set(&mut one, next, Value::String("page-2".into()));
            let mut two = with_items(&page, &list.items, vec![second]);
            set(&mut two, next, Value::Null);
            // The second page first: the first page's route would take it.
            vec![
                route(two, Some((param.clone(), "page-2".into())), None),
                route(one, None, Some(param.clone())),
            ]
        }
        SchemePlan::Offset { param, total } => {
            let mut one = with_items(&page, &list.items, vec![first]);
            let mut two = with_items(&page, &list.items, vec![second]);
            if let Some(total) = total {
                set(&mut one, total, Value::from(2));
                set(&mut two, total, Value::from(2));
            }
            vec![
                route(two, Some((param.clone(), "1".into())), None),
                route(one, None, Some(param.clone())),
            ]
        }
    }
}

/// The first item of the page's list at `items` (the body itself when
/// empty).
fn item_of(page: &Value, items: &[String]) -> Option<Value> {
    let mut node = page;
    for name in items {
        node = node.get(name)?;
    }
    node.as_array()?.first().cloned()
}

/// `page` with the list at `items` replaced.
fn with_items(page: &Value, items: &[String], list: Vec<Value>) -> Value {
    let mut page = page.clone();
    set(&mut page, items, Value::Array(list));
    page
}

/// Sets the member at `path` (creating objects on the way); the root when
/// `path` is empty.
fn set(root: &mut Value, path: &[String], value: Value) {
    let mut node = root;
    for name in path {
        if !node.is_object() {
            *node = Value::Object(serde_json::Map::new());
        }
        let Value::Object(members) = node else {
            return;
        };
        node = members.entry(name.clone()).or_insert(Value::Null);
    }
    *node = value;
}

/// The item with the whole number `n` as its `id` (as text where the id is
/// text: HubSpot's thread ids are integers written as strings).
fn numbered(item: &Value, n: u64) -> Value {
    let mut item = item.clone();
    match item.get_mut("id") {
        Some(id @ Value::String(_)) => *id = Value::String(n.to_string()),
        Some(id @ Value::Number(_)) => *id = Value::from(n),
        _ => {}
    }
    item
}

/// The item with `-2` added to its text `id`, if it has one.
fn renamed(item: &Value) -> Value {
    let mut item = item.clone();
    if let Some(Value::String(id)) = item.get_mut("id") {
        id.push_str("-2");
    }
    item
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn members_are_set_along_a_path_and_ids_told_apart() {
        let mut page = json!({ "results": [{ "id": "a" }], "paging": null });
        set(
            &mut page,
            &["paging".into(), "next".into(), "after".into()],
            json!("page-2"),
        );
        assert_eq!(page["paging"], json!({ "next": { "after": "page-2" } }));
        let item = item_of(&page, &["results".into()]).expect("an item");
        assert_eq!(renamed(&item), json!({ "id": "a-2" }));
        assert_eq!(numbered(&item, 2), json!({ "id": "2" }));
        assert_eq!(numbered(&json!({ "id": 7 }), 1), json!({ "id": 1 }));
        let mut list = json!([{ "id": "x" }]);
        set(&mut list, &[], json!([1, 2]));
        assert_eq!(list, json!([1, 2]));
    }
}
