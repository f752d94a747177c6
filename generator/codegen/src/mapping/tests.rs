//! A small world for the mapping stages' tests: a model, the types of one
//! provider's client (`acme`), its operations, and helpers that run a mapping
//! snippet through the stages.

use crate::client::plan::{OperationPlan, StringEnum};
use crate::client::sources::Sources;
use crate::diagnostic::Problems;
use crate::load::{Document, SpecFile, load};
use crate::model::{self, Model};
use crate::spec::{Method, PathTemplate, Spec};

use super::Inputs;
use super::plan::MappingPlan;
use super::syntax::{self, MappingFile};

/// The model: a thread with one field of each kind, people, messages.
const MODEL: &str = r##"
openapi: 3.0.3
info: { title: Model, version: "1" }
paths: {}
components:
  schemas:
    Provider: { type: string, enum: [acme] }
    Status: { type: string, enum: [open, closed, unknown] }
    Role: { type: string, enum: [customer, agent, unknown] }
    Thread:
      type: object
      required: [provider, id, subject, status, native, archived, count, created_at, author, assignee, to, participants, messages, raw]
      properties:
        provider: { $ref: "#/components/schemas/Provider" }
        id: { type: string }
        subject: { type: string, nullable: true }
        status: { $ref: "#/components/schemas/Status" }
        native: { type: string, nullable: true }
        archived: { type: boolean, nullable: true }
        count: { type: integer, nullable: true }
        created_at: { type: string, format: date-time, nullable: true }
        author: { $ref: "#/components/schemas/Person" }
        assignee: { allOf: [{ $ref: "#/components/schemas/Person" }], nullable: true }
        to: { type: array, items: { type: string } }
        participants: { type: array, items: { $ref: "#/components/schemas/Person" } }
        messages: { type: array, items: { $ref: "#/components/schemas/Message" } }
        raw: { description: The payload. }
    Person:
      type: object
      required: [role, name]
      properties:
        role: { $ref: "#/components/schemas/Role" }
        name: { type: string, nullable: true }
    Message:
      type: object
      required: [provider, id, thread_id, raw]
      properties:
        provider: { $ref: "#/components/schemas/Provider" }
        id: { type: string, nullable: true }
        thread_id: { type: string, nullable: true }
        raw: { description: The payload. }
"##;

pub(super) fn model() -> Model {
    let file = SpecFile {
        path: "specs/conversations.yaml".into(),
        text: MODEL.into(),
    };
    let spec =
        Spec::new(load(&file).unwrap_or_else(|d| panic!("{d}"))).unwrap_or_else(|d| panic!("{d}"));
    model::read(&spec).unwrap_or_else(|d| panic!("{d:?}"))
}

/// The acme client's types, as progenitor would generate them.
pub(super) fn sources() -> Sources {
    let file: syn::File = syn::parse_quote! {
        pub mod types {
            pub struct Thread {
                pub id: Option<String>,
                pub title: Option<String>,
                pub state: Option<ThreadState>,
                pub count: Option<f64>,
                pub created: Option<String>,
                pub owner: Option<Owner>,
                pub emails: Option<String>,
                pub people: Vec<Owner>,
                pub messages: Vec<Message>,
                pub extra: Option<Extra>,
                pub tags: Vec<::serde_json::Value>,
            }
            pub struct Owner { pub name: String, pub kind: Option<String> }
            pub struct Message { pub id: Option<String>, pub body: Option<String> }
            pub struct Extra(pub ::serde_json::Value);
        }
    };
    let enums = [StringEnum {
        name: "ThreadState".into(),
        values: vec!["open".into(), "done".into()],
        open: false,
        description: None,
        pointer: String::new(),
        also: Vec::new(),
        inline: true,
    }];
    let mut decided = crate::client::decided::Decided::new(Vec::new());
    decided.read_client(&file);
    Sources::of(&decided, &enums)
}

pub(super) fn operations() -> Vec<OperationPlan> {
    let operation = |id: &str, method, path: &str, returns: &str| OperationPlan {
        pointer: format!("/paths/{}/{id}", path.replace('/', "~1")),
        id: id.into(),
        method_name: id.into(),
        method,
        path: PathTemplate::parse(path),
        path_params: PathTemplate::parse(path)
            .parameters()
            .into_iter()
            .map(|p| (p.to_owned(), false))
            .collect(),
        required_query: Vec::new(),
        array_query_params: 0,
        query: Vec::new(),
        body: None,
        body_variants: Vec::new(),
        returns: Some(returns.into()),
        returns_array_of: None,
        error_schema: None,
        example: None,
        success: None,
        responses: Default::default(),
        paging: None,
        idempotency_key: None,
        server: None,
        anonymous: false,
    };
    vec![
        operation("get_thread", Method::Get, "/threads/{id}", "Thread"),
        operation(
            "close_thread",
            Method::Post,
            "/threads/{id}/close",
            "Thread",
        ),
        operation("get_message", Method::Get, "/messages/{id}", "Message"),
    ]
}

/// A mapping that uses every kind of row and rule once.
pub(super) const MAPPING: &str = r#"
provider: acme
thread:
  schema: Thread
  operation: get_thread
  fields:
    id: id
    subject: { first_of: [title, { join: [owner.name, owner.kind] }] }
    status: { from: state, map: { open: open, done: closed }, other: unknown }
    native: { from: extra, transform: to_string }
    archived: { from: state, equals: done }
    count: { from: count, transform: to_integer }
    created_at: { from: created, transform: timestamp }
    author:
      role: { rules: [ { if: { state: open, present: owner }, then: agent } ], else: customer }
      name: { const: Acme }
    assignee:
      when: owner
      role: { const: agent }
      name: owner.name
    to: { from: emails, transform: split_addresses }
    participants:
      - each: people
        role: { const: customer }
        name: name
      - when: [title]
        role: { const: unknown }
        name: null
    messages:
      - each: messages
messages:
  - schema: Message
    fields:
      id: id
      thread_id: { parent: id }
"#;

/// Parses `text` as the mapping `specs/mappings/acme.yaml`.
pub(super) fn parsed(text: &str) -> (MappingFile, Vec<String>) {
    with_document(text, |document| {
        let mut problems = Problems::default();
        let syntax = syntax::parse(document, "acme", &model(), &mut problems);
        let found = problems.finish(()).err().unwrap_or_default();
        (syntax, found.iter().map(ToString::to_string).collect())
    })
}

/// Runs `text` through syntax and check: the plan, or every problem.
pub(super) fn planned(text: &str) -> Result<MappingPlan, Vec<String>> {
    let (model, sources, operations) = (model(), sources(), operations());
    let inputs = Inputs {
        model: &model,
        sources: &sources,
        operations: &operations,
        spec_path: "specs/acme.yaml",
        unions: &[],
    };
    with_document(text, |document| {
        super::plan(document, "acme", &inputs)
            .map_err(|d| d.iter().map(ToString::to_string).collect())
    })
}

/// The first line of each problem of `text`, without the file name.
pub(super) fn problems(text: &str) -> Vec<String> {
    match planned(text) {
        Ok(_) => Vec::new(),
        Err(found) => found
            .iter()
            .map(|p| {
                p.lines()
                    .next()
                    .unwrap_or_default()
                    .trim_start_matches("specs/mappings/acme.yaml")
                    .to_owned()
            })
            .collect(),
    }
}

/// [`MAPPING`] with `from` replaced by `to`, once.
pub(super) fn edited(from: &str, to: &str) -> String {
    assert_eq!(
        MAPPING.matches(from).count(),
        1,
        "`{from}` occurs once in MAPPING"
    );
    MAPPING.replacen(from, to, 1)
}

fn with_document<T>(text: &str, f: impl FnOnce(&Document<'_>) -> T) -> T {
    let file = SpecFile {
        path: "specs/mappings/acme.yaml".into(),
        text: text.into(),
    };
    let document = load(&file).unwrap_or_else(|d| panic!("{d}"));
    f(&document)
}

#[test]
fn the_sample_mapping_plans_without_a_problem() {
    let plan = planned(MAPPING).unwrap_or_else(|p| panic!("{p:#?}"));
    assert_eq!(
        plan.thread.as_ref().map(|t| t.schema.as_str()),
        Some("Thread")
    );
    assert_eq!(plan.messages.len(), 1);
    assert_eq!(plan.unused, ["Message.body", "Thread.tags"]);
}
