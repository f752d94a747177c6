//! The check: what the plan says of the sample mapping, and each rule of the
//! check with the problem it reports.

use super::super::plan::{EntryPlan, Scalar, Shape, ValuePlan, Var};
use super::super::tests::{MAPPING, edited, planned, problems};

#[test]
fn the_plan_of_the_sample_mapping() {
    let plan = planned(MAPPING).unwrap_or_else(|p| panic!("{p:#?}"));
    insta::assert_debug_snapshot!(plan);
}

#[test]
fn item_variables_are_numbered_in_the_order_they_are_declared() {
    let plan = planned(MAPPING).unwrap_or_else(|p| panic!("{p:#?}"));
    let thread = plan.thread.expect("a thread");
    let entries = |name: &str| match &thread
        .object
        .fields
        .iter()
        .find(|f| f.name == name)
        .expect("a field")
        .value
    {
        ValuePlan::Entries(entries) => entries.clone(),
        other => panic!("{other:?}"),
    };
    let participants = entries("participants");
    assert!(matches!(&participants[0], EntryPlan::Items { iterate: Some(i), .. } if i.var == 1));
    assert!(matches!(
        &participants[1],
        EntryPlan::Items { iterate: None, .. }
    ));
    let messages = entries("messages");
    // The message section reads `parent:`, so the thread is passed along.
    assert!(matches!(
        &messages[0],
        EntryPlan::Messages { iterate, schema, thread: Some(Var::Src) } if iterate.var == 2 && schema == "Message"
    ));
    assert_eq!(plan.messages[0].parent.as_deref(), Some("Thread"));
}

#[test]
fn a_required_text_field_may_be_missing_only_where_that_can_be_an_error() {
    let plan = planned(MAPPING).unwrap_or_else(|p| panic!("{p:#?}"));
    let id = &plan.thread.expect("a thread").object.fields[1];
    assert_eq!(id.name, "id");
    assert!(matches!(
        &id.value,
        ValuePlan::Scalar { value: Scalar::Convert { .. }, shape: Shape::Required { schema, field } }
            if schema == "Thread" && field == "id"
    ));
}

#[test]
fn paths_must_exist_and_lead_through_objects() {
    assert_eq!(
        problems(&edited(
            "    id: id\n    subject",
            "    id: idd\n    subject"
        )),
        [":7:5: error: `Thread` in specs/acme.yaml has no field `idd`"]
    );
    assert_eq!(
        problems(&edited("name: owner.name\n", "name: owner.name.first\n")),
        [":20:7: error: `owner.name` is a string, so it has no field `first`"]
    );
    assert_eq!(
        problems(&edited(
            "- each: people\n        role: { const: customer }\n        name: name",
            "- each: tags\n        role: { const: customer }\n        name: name"
        )),
        [":25:9: error: the value read here is any JSON value, which has no fields to map"]
    );
    assert_eq!(
        problems(&edited("- each: people", "- each: title")),
        [":23:9: error: `each: title` needs a list of objects, and `title` is a string"]
    );
}

#[test]
fn a_copy_must_fit_and_the_help_names_the_transform_that_would() {
    let found = planned(&edited(
        "native: { from: extra, transform: to_string }",
        "native: count",
    ))
    .expect_err("a number into text");
    assert_eq!(found.len(), 1);
    assert!(found[0].starts_with("specs/mappings/acme.yaml:10:5: error: `count` is a number, which does not fit the model's text"));
    assert!(
        found[0].ends_with("help: write `{ from: count, … }` and add `transform: to_string`"),
        "{}",
        found[0]
    );
    assert_eq!(
        problems(&edited(
            "count: { from: count, transform: to_integer }",
            "count: { from: title, transform: to_integer }"
        )),
        [":12:27: error: `to_integer` cannot turn `title` (a string) into the model's integer"]
    );
    assert_eq!(
        problems(&edited(
            "native: { from: extra, transform: to_string }",
            "native: { from: title, transform: split_addresses }"
        )),
        [":10:28: error: `split_addresses` gives a list, and this model field is not a list"]
    );
}

#[test]
fn an_enum_map_covers_exactly_the_values_the_spec_lists() {
    assert_eq!(
        problems(&edited(
            "map: { open: open, done: closed }",
            "map: { open: open }"
        )),
        [
            ":9:28: error: `state` can be `done` (the spec lists it), and `map` does not say what it becomes"
        ]
    );
    assert_eq!(
        problems(&edited(
            "map: { open: open, done: closed }",
            "map: { open: open, done: closed, gone: closed }"
        )),
        [":9:61: error: `gone` is not a value of `state` in specs/acme.yaml"]
    );
    assert_eq!(
        problems(&edited("done: closed }", "done: finished }")),
        [":9:47: error: \"finished\" is not a value of the model's `Status`"]
    );
    assert_eq!(
        problems(&edited(", other: unknown }", " }")),
        [":9:5: error: `map` needs `other:`: `state` can hold a value the spec does not list"]
    );
}

#[test]
fn constants_and_compared_values_fit_their_fields() {
    assert_eq!(
        problems(&edited("name: { const: Acme }", "name: { const: 3 }")),
        [":16:15: error: 3 does not fit the model's text"]
    );
    assert_eq!(
        problems(&edited(
            "if: { state: open, present: owner }",
            "if: { state: shut, present: owner }"
        )),
        [":15:32: error: `shut` is not a value of `state` in specs/acme.yaml"]
    );
    assert_eq!(
        problems(&edited(
            "archived: { from: state, equals: done }",
            "archived: { from: title, equals: 3 }"
        )),
        [":11:30: error: 3 is compared with `title`, which holds text"]
    );
    assert_eq!(
        problems(&edited(
            "subject: { first_of",
            "status_text: null\n    subject: { first_of"
        )),
        [":8:5: error: `Thread` has no field `status_text`"]
    );
}

#[test]
fn a_required_field_needs_a_rule_that_always_gives_a_value() {
    assert_eq!(
        problems(
            &edited(
                "name: { const: Acme }",
                "name: { const: Acme }\n    x: null"
            )
            .replace("    x: null\n", "")
        ),
        Vec::<String>::new()
    );
    assert_eq!(
        problems(&edited(
            "role: { rules: [ { if: { state: open, present: owner }, then: agent } ], else: customer }",
            "role: { first_of: [{ const: agent }] }"
        )),
        [":15:7: error: this rule can leave `author.role` empty, and the model requires a value"]
    );
    // `else: null` only where the model allows null.
    assert_eq!(
        problems(&edited(
            "role: { rules: [ { if: { state: open, present: owner }, then: agent } ], else: customer }",
            "role: { rules: [ { if: { state: open }, then: agent } ], else: null }"
        )),
        [":15:64: error: `else: null` leaves the field empty, and the model requires a value"]
    );
    let plan = planned(&edited(
        "native: { from: extra, transform: to_string }",
        "native: { rules: [ { if: { state: { not: open } }, then: closed } ], else: null }",
    ))
    .unwrap_or_else(|p| panic!("{p:#?}"));
    let thread = plan.thread.expect("a thread");
    let native = thread.object.fields.iter().find(|f| f.name == "native");
    match native.map(|f| &f.value) {
        Some(ValuePlan::Scalar {
            value:
                Scalar::Rules {
                    otherwise: None,
                    branches,
                },
            shape: Shape::AsIs,
        }) => assert_eq!(branches.len(), 1),
        other => panic!("{other:#?}"),
    }
}

#[test]
fn sections_name_schemas_and_operations_the_spec_has() {
    assert_eq!(
        problems(&edited("schema: Thread", "schema: Threads")),
        [":4:3: error: `Threads` is not an object schema of specs/acme.yaml"]
    );
    assert_eq!(
        problems(&edited("operation: get_thread", "operation: get_threads")),
        [":5:3: error: specs/acme.yaml has no operation `get_threads`"]
    );
    assert_eq!(
        problems(&edited("operation: get_thread", "operation: get_message")),
        [":5:3: error: operation `get_message` returns `Message`, not `Thread`"]
    );
    assert_eq!(
        problems(&edited("operation: get_thread", "operation: close_thread")),
        [
            ":5:3: error: `conversations::ConversationsClient` calls `close_thread` with an id alone, and it is `POST /threads/{id}/close`"
        ]
    );
}

#[test]
fn parent_fields_are_for_messages_embedded_in_a_thread() {
    assert_eq!(
        problems(&edited(
            "    id: id\n    subject",
            "    id: { parent: id }\n    subject"
        )),
        [":7:5: error: `parent:` reads the thread a message is embedded in; this is not a message"]
    );
    assert_eq!(
        problems(&edited(
            "  - schema: Message\n",
            "  - schema: Message\n    operation: get_message\n"
        )),
        [
            ":33:5: error: a message mapping with `operation` is used on its own, so it cannot read `parent:` fields"
        ]
    );
}

#[test]
fn message_entries_need_a_message_section_for_their_schema() {
    assert_eq!(
        problems(&edited(
            "  - schema: Message\n    fields:\n      id: id\n      thread_id: { parent: id }\n",
            ""
        )),
        [":30:9: error: no message mapping reads `Message`"]
    );
    let twice =
        format!("{MAPPING}  - schema: Message\n    fields:\n      id: id\n      thread_id: null\n");
    assert_eq!(
        problems(&twice),
        [":36:5: error: a message mapping for `Message` is already written above"]
    );
}
