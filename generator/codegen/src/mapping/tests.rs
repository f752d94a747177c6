//! A small world for the mapping stages' tests: a model, the types of one
//! provider's client (`acme`), its operations, and helpers that run a mapping
//! snippet through the stages.

use crate::client::plan::{OperationPlan, StringEnum};
use crate::client::sources::Sources;
use crate::client::webhooks::{Signature, WebhookPlan};
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
    Kind: { type: string, enum: [created, changed, unknown] }
    ConversationEvent:
      type: object
      required: [provider, id, kind, at, thread_id, assignee, raw]
      properties:
        provider: { $ref: "#/components/schemas/Provider" }
        id: { type: string, nullable: true }
        kind: { $ref: "#/components/schemas/Kind" }
        at: { type: string, format: date-time, nullable: true }
        thread_id: { type: string, nullable: true }
        assignee: { allOf: [{ $ref: "#/components/schemas/Person" }], nullable: true }
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
            pub struct Event {
                pub event_id: i64,
                pub kind: Option<String>,
                pub at: Option<i64>,
                pub thread: Option<String>,
                pub property: Option<String>,
                pub value: Option<String>,
            }
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
    let mut decided = crate::client::decided::Decided::new(Vec::new(), Default::default());
    decided.read_client(&file, &enums);
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
    planned_with(text, &[])
}

/// The acme spec's one webhook, `hooks`, delivering batches of `Event`.
pub(super) fn webhooks() -> Vec<WebhookPlan> {
    vec![WebhookPlan {
        name: "hooks".into(),
        pointer: "/x-webhooks/hooks/post".into(),
        description: None,
        event: "Event".into(),
        batch: true,
        signature: Signature::SharedToken {
            header: "Authorization".into(),
            secret: None,
        },
    }]
}

/// [`planned`] with the provider spec declaring `webhooks`.
pub(super) fn planned_with(
    text: &str,
    webhooks: &[WebhookPlan],
) -> Result<MappingPlan, Vec<String>> {
    let (model, sources, operations) = (model(), sources(), operations());
    let inputs = Inputs {
        model: &model,
        sources: &sources,
        operations: &operations,
        spec_path: "specs/acme.yaml",
        unions: &[],
        webhooks,
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

/// An event section with every new form: `epoch_millis`, `rules` with
/// `else: null`, and `when` with conditions (`not` among them).
pub(super) const EVENT: &str = r#"
event:
  schema: Event
  fields:
    id: { from: event_id, transform: to_string }
    kind:
      rules:
        - if: { kind: made }
          then: created
        - if: { kind: edited, present: property }
          then: changed
      else: unknown
    at: { from: at, transform: epoch_millis }
    thread_id:
      rules:
        - if: { property: owner }
          then: the-owner
      else: null
    assignee:
      when: { property: owner, value: { not: "" } }
      role: { const: agent }
      name: value
"#;

#[test]
fn an_event_section_plans_against_the_webhook_that_delivers_its_schema() {
    let text = format!("{MAPPING}{EVENT}");
    let plan = planned_with(&text, &webhooks()).unwrap_or_else(|p| panic!("{p:#?}"));
    let event = plan.event.expect("an event plan");
    assert_eq!(
        (
            event.schema.as_str(),
            event.webhook.as_str(),
            event.at.as_str()
        ),
        ("Event", "hooks", "/event")
    );
    let fields: Vec<&str> = event
        .object
        .fields
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(
        fields,
        [
            "provider",
            "id",
            "kind",
            "at",
            "thread_id",
            "assignee",
            "raw"
        ]
    );
    // The event's schema is a root: its fields no rule reads are listed.
    assert!(
        plan.unused.contains(&"Event.thread".to_owned()),
        "{:?}",
        plan.unused
    );
}

#[test]
fn an_event_section_needs_a_webhook_that_delivers_its_schema() {
    let text = format!("{MAPPING}{EVENT}");
    // At `schema: Event`, the third line of EVENT.
    let line = MAPPING.lines().count() + 3;
    assert_eq!(
        problems(&text),
        [format!(
            ":{line}:3: error: specs/acme.yaml declares no webhooks, so it has no events to map"
        )]
    );
    let mut other = webhooks();
    other[0].event = "Message".into();
    let found = planned_with(&text, &other).expect_err("the wrong schema");
    assert!(
        found[0].contains("error: no webhook of specs/acme.yaml delivers `Event`")
            && found[0].contains("help: name the schema a webhook delivers: `Message` (hooks)"),
        "{found:#?}"
    );
    let operation = text.replace(
        "  schema: Event\n",
        "  schema: Event\n  operation: get_thread\n",
    );
    let found = planned_with(&operation, &webhooks()).expect_err("an operation");
    assert!(
        found[0].contains("error: an event comes in a webhook delivery, not from an operation"),
        "{found:#?}"
    );
}
