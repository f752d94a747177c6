//! Schemas: a typed view of one schema node, and where every schema of a
//! spec sits with the type name typify gives it.

use serde_json::Value;

use super::{Method, Spec, entries, strings};
use crate::diagnostic::{child, pointer};
use crate::upstream_names;

/// One schema node and where it is.
#[derive(Clone)]
pub(crate) struct Schema<'s> {
    node: &'s Value,
    pub(crate) pointer: String,
}

/// What a schema says about a list of values.
pub(crate) enum EnumDeclaration<'s> {
    /// Neither `enum` nor `x-extensible-enum`.
    None,
    /// `enum`: the docs' complete list. `None` when it is not a list.
    Closed(Option<Vec<EnumItem<'s>>>),
    /// `x-extensible-enum`: an open vocabulary, the docs' examples.
    Open(Option<Vec<EnumItem<'s>>>),
    /// Both keys: a contradiction.
    Both,
}

/// One entry of an `enum` list.
pub(crate) enum EnumItem<'s> {
    Text(&'s str),
    /// `null`, in the list of a nullable enum.
    Null,
    /// Anything else, as JSON text: `3`, `true`.
    Other(String),
}

/// Where a schema sits, and the type name typify gives it there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SchemaSite {
    pub(crate) pointer: String,
    /// `ThreadStatus` for the `status` property of `Thread`.
    pub(crate) name: String,
    /// Not a component: typify generates it where it is used.
    pub(crate) inline: bool,
    /// The property holding it is `required` by its object.
    pub(crate) required: bool,
}

impl<'s> Schema<'s> {
    pub(crate) fn new(node: &'s Value, pointer: String) -> Self {
        Self { node, pointer }
    }

    fn text(&self, key: &str) -> Option<&'s str> {
        self.node.get(key).and_then(Value::as_str)
    }

    /// `$ref`, as written.
    pub(crate) fn reference(&self) -> Option<&'s str> {
        self.text("$ref")
    }

    /// `type`.
    pub(crate) fn ty(&self) -> Option<&'s str> {
        self.text("type")
    }

    /// `format`.
    pub(crate) fn format(&self) -> Option<&'s str> {
        self.text("format")
    }

    /// `nullable: true`.
    pub(crate) fn nullable(&self) -> bool {
        self.node.get("nullable") == Some(&Value::Bool(true))
    }

    /// `description`.
    pub(crate) fn description(&self) -> Option<&'s str> {
        self.text("description")
    }

    /// A schema of nothing but a description: any JSON value.
    pub(crate) fn is_description_only(&self) -> bool {
        self.node
            .as_object()
            .is_some_and(|m| m.keys().all(|k| k == "description"))
    }

    /// `enum` or `x-extensible-enum`.
    pub(crate) fn enum_declaration(&self) -> EnumDeclaration<'s> {
        let list = |node: &'s Value| {
            node.as_array().map(|items| {
                items
                    .iter()
                    .map(|item| match item {
                        Value::String(text) => EnumItem::Text(text),
                        Value::Null => EnumItem::Null,
                        other => EnumItem::Other(other.to_string()),
                    })
                    .collect()
            })
        };
        match (self.node.get("enum"), self.node.get("x-extensible-enum")) {
            (None, None) => EnumDeclaration::None,
            (Some(closed), None) => EnumDeclaration::Closed(list(closed)),
            (None, Some(open)) => EnumDeclaration::Open(list(open)),
            (Some(_), Some(_)) => EnumDeclaration::Both,
        }
    }

    /// `properties`, in document order.
    pub(crate) fn properties(&self) -> Vec<(&'s str, Schema<'s>)> {
        let at = format!("{}/properties", self.pointer);
        entries(self.node.get("properties"))
            .map(|(name, node)| (name, Schema::new(node, child(&at, name))))
            .collect()
    }

    /// `required`: the properties that must be present.
    pub(crate) fn required(&self) -> Vec<&'s str> {
        strings(self.node.get("required"))
    }

    /// `items`, of an array.
    pub(crate) fn items(&self) -> Option<Schema<'s>> {
        self.node
            .get("items")
            .map(|node| Schema::new(node, format!("{}/items", self.pointer)))
    }

    /// The members of `oneOf` (or, without it, `anyOf`), as written.
    pub(crate) fn alternatives(&self) -> Vec<Schema<'s>> {
        ["oneOf", "anyOf"]
            .into_iter()
            .find_map(|key| {
                let members = self.node.get(key)?.as_array()?;
                let at = format!("{}/{key}", self.pointer);
                Some(
                    members
                        .iter()
                        .enumerate()
                        .map(|(i, node)| Schema::new(node, format!("{at}/{i}")))
                        .collect(),
                )
            })
            .unwrap_or_default()
    }

    /// `allOf`, when it is a list.
    pub(crate) fn all_of(&self) -> Option<Vec<Schema<'s>>> {
        let at = format!("{}/allOf", self.pointer);
        self.node
            .get("allOf")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .enumerate()
                    .map(|(i, node)| Schema::new(node, format!("{at}/{i}")))
                    .collect()
            })
    }

    /// A string with `format: date-time`.
    pub(crate) fn is_date_time(&self) -> bool {
        self.ty() == Some("string") && self.format() == Some("date-time")
    }
}

impl Spec<'_> {
    /// Every schema that typify turns into a type of its own, with the name
    /// it gets: the components, and the inline schemas of parameters, bodies,
    /// responses, properties, items, map values and `allOf`/`anyOf`/`oneOf`
    /// members, in document order.
    pub(crate) fn schema_sites(&self) -> &[SchemaSite] {
        self.sites.get_or_init(|| self.find_schema_sites())
    }

    fn find_schema_sites(&self) -> Vec<SchemaSite> {
        let mut sites = Vec::new();
        let document = &self.document.value;
        let components = document.get("components");
        for (name, schema) in entries(components.and_then(|c| c.get("schemas"))) {
            let at = pointer(["components", "schemas", name]);
            let type_name = upstream_names::Schema::component(name);
            sites.push(SchemaSite {
                pointer: at.clone(),
                name: type_name.clone(),
                inline: false,
                required: false,
            });
            nested(schema, &at, &type_name, &mut sites);
        }
        for section in ["parameters", "responses", "requestBodies"] {
            for (name, node) in entries(components.and_then(|c| c.get(section))) {
                let type_name = upstream_names::Schema::of_component(section, name);
                holder(
                    node,
                    &pointer(["components", section, name]),
                    &type_name,
                    &mut sites,
                );
            }
        }
        for (path, item) in entries(document.get("paths")) {
            let at = pointer(["paths", path, "parameters"]);
            for (i, parameter) in list(item.get("parameters")) {
                let name = parameter
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or("parameter");
                holder(
                    parameter,
                    &format!("{at}/{i}"),
                    &upstream_names::Schema::component(name),
                    &mut sites,
                );
            }
            for method in Method::ALL {
                let Some(op) = item.get(method.key()) else {
                    continue;
                };
                let at = pointer(["paths", path, method.key()]);
                let id = op
                    .get("operationId")
                    .and_then(Value::as_str)
                    .unwrap_or(method.key());
                for (i, parameter) in list(op.get("parameters")) {
                    let name = self
                        .resolve(parameter)
                        .get("name")
                        .and_then(Value::as_str)
                        .unwrap_or("parameter");
                    let type_name = upstream_names::Schema::of_operation(
                        id,
                        &upstream_names::Schema::component(name),
                    );
                    holder(
                        parameter,
                        &format!("{at}/parameters/{i}"),
                        &type_name,
                        &mut sites,
                    );
                }
                if let Some(body) = op.get("requestBody") {
                    let type_name = upstream_names::Schema::of_operation(id, "Body");
                    holder(body, &format!("{at}/requestBody"), &type_name, &mut sites);
                }
                for (status, response) in entries(op.get("responses")) {
                    let type_name = upstream_names::Schema::of_operation(id, "Response");
                    holder(
                        response,
                        &child(&format!("{at}/responses"), status),
                        &type_name,
                        &mut sites,
                    );
                }
            }
        }
        sites
    }
}

fn list(node: Option<&Value>) -> impl Iterator<Item = (usize, &Value)> {
    node.and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
}

/// A parameter, response or request body: its schema is under `schema` or
/// under `content/<media type>/schema`.
fn holder(node: &Value, at: &str, name: &str, sites: &mut Vec<SchemaSite>) {
    if node.get("schema").is_some() {
        inline(node, "schema", at, name, false, sites);
    }
    for (media, entry) in entries(node.get("content")) {
        inline(
            entry,
            "schema",
            &child(&format!("{at}/content"), media),
            name,
            false,
            sites,
        );
    }
}

/// An inline schema at `parent[key]`: a site, then the sites within it.
fn inline(
    parent: &Value,
    key: &str,
    at: &str,
    name: &str,
    required: bool,
    sites: &mut Vec<SchemaSite>,
) {
    let Some(schema) = parent.get(key) else {
        return;
    };
    if schema.get("$ref").is_some() {
        return;
    }
    let at = child(at, key);
    sites.push(SchemaSite {
        pointer: at.clone(),
        name: name.to_owned(),
        inline: true,
        required,
    });
    nested(schema, &at, name, sites);
}

/// The schemas nested in `schema`, named the way typify names them.
fn nested(schema: &Value, at: &str, name: &str, sites: &mut Vec<SchemaSite>) {
    let required = strings(schema.get("required"));
    if let Some(properties) = schema.get("properties") {
        for (property, _) in entries(Some(properties)) {
            let type_name = upstream_names::Schema::property(name, property);
            let is_required = required.contains(&property);
            inline(
                properties,
                property,
                &format!("{at}/properties"),
                &type_name,
                is_required,
                sites,
            );
        }
    }
    inline(
        schema,
        "items",
        at,
        &upstream_names::Schema::items(name),
        false,
        sites,
    );
    if schema
        .get("additionalProperties")
        .is_some_and(Value::is_object)
    {
        inline(
            schema,
            "additionalProperties",
            at,
            &upstream_names::Schema::values(name),
            false,
            sites,
        );
    }
    for combinator in ["allOf", "anyOf", "oneOf"] {
        for (i, member) in list(schema.get(combinator)) {
            if member.get("$ref").is_some() {
                continue;
            }
            let at = format!("{at}/{combinator}/{i}");
            let member_name = upstream_names::Schema::member(name, i);
            sites.push(SchemaSite {
                pointer: at.clone(),
                name: member_name.clone(),
                inline: true,
                required: false,
            });
            // typify merges an `allOf` into one type, whose fields are the
            // members' properties: their types are named after the parent.
            let owner = if combinator == "allOf" {
                name
            } else {
                member_name.as_str()
            };
            nested(member, &at, owner, sites);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::spec::tests::{MINIMAL, with_spec};

    const SPEC: &str = "\
paths:
  /t/{id}:
    get:
      operationId: get_thing
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
        - { name: sort, in: query, schema: { type: string, enum: [asc, desc] } }
      responses:
        \"200\":
          description: ok
          content:
            application/json:
              schema: { $ref: \"#/components/schemas/Thing\" }
components:
  schemas:
    Thing:
      type: object
      required: [state]
      properties:
        state: { type: string, enum: [open, null], nullable: true }
        tags: { type: array, items: { type: string, x-extensible-enum: [a] } }
        at: { type: string, format: date-time, description: When. }
";

    #[test]
    fn sites_are_named_as_typify_names_them() {
        with_spec(&format!("{MINIMAL}{SPEC}"), |spec| {
            let sites: Vec<(String, String, bool, bool)> = spec
                .schema_sites()
                .iter()
                .map(|s| (s.pointer.clone(), s.name.clone(), s.inline, s.required))
                .collect();
            let expected = [
                ("/components/schemas/Thing", "Thing", false, false),
                (
                    "/components/schemas/Thing/properties/state",
                    "ThingState",
                    true,
                    true,
                ),
                (
                    "/components/schemas/Thing/properties/tags",
                    "ThingTags",
                    true,
                    false,
                ),
                (
                    "/components/schemas/Thing/properties/tags/items",
                    "ThingTagsItem",
                    true,
                    false,
                ),
                (
                    "/components/schemas/Thing/properties/at",
                    "ThingAt",
                    true,
                    false,
                ),
                (
                    "/paths/~1t~1{id}/get/parameters/0/schema",
                    "GetThingId",
                    true,
                    false,
                ),
                (
                    "/paths/~1t~1{id}/get/parameters/1/schema",
                    "GetThingSort",
                    true,
                    false,
                ),
            ];
            let expected: Vec<(String, String, bool, bool)> = expected
                .into_iter()
                .map(|(p, n, i, r)| (p.to_owned(), n.to_owned(), i, r))
                .collect();
            assert_eq!(sites, expected);
        });
    }

    #[test]
    fn a_schema_view_reads_types_enums_and_descriptions() {
        with_spec(&format!("{MINIMAL}{SPEC}"), |spec| {
            let thing = spec.schema_at("/components/schemas/Thing").expect("Thing");
            assert_eq!(thing.required(), ["state"]);
            let properties = thing.properties();
            let (_, state) = &properties[0];
            assert!(state.nullable());
            let EnumDeclaration::Closed(Some(items)) = state.enum_declaration() else {
                panic!("a closed enum");
            };
            assert!(matches!(
                items.as_slice(),
                [EnumItem::Text("open"), EnumItem::Null]
            ));
            let (_, tags) = &properties[1];
            let item = tags.items().expect("items");
            assert!(matches!(
                item.enum_declaration(),
                EnumDeclaration::Open(Some(_))
            ));
            let (_, at) = &properties[2];
            assert!(at.is_date_time());
            assert_eq!(at.description(), Some("When."));
            assert!(matches!(thing.enum_declaration(), EnumDeclaration::None));
        });
    }
}
