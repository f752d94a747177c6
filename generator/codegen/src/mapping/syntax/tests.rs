//! The typed syntax of mapping files: each form parses into its variant with
//! its pointer, and problems of form are reported where they are written.

use super::super::tests::{MAPPING, edited, parsed};
use super::{Condition, Literal, RowValue, RuleKind, Transform};

/// The rule of the thread row `field` in `text`.
fn thread_rule(text: &str, field: &str) -> RuleKind {
    let (file, problems) = parsed(text);
    assert_eq!(problems, Vec::<String>::new());
    let thread = file.thread.expect("a thread section");
    let object = thread.object.expect("fields");
    let row = object
        .rows
        .into_iter()
        .find(|r| r.field.name == field)
        .expect("the row");
    match row.value {
        RowValue::Rule(rule) => rule.kind,
        other => panic!("not a rule: {other:?}"),
    }
}

#[test]
fn each_rule_form_is_its_own_variant_with_its_pointer() {
    let RuleKind::Copy(path) = thread_rule(MAPPING, "id") else {
        panic!("copy")
    };
    assert_eq!(
        (path.text.as_str(), path.at.as_str()),
        ("id", "/thread/fields/id")
    );

    let RuleKind::Map { from, map, other } = thread_rule(MAPPING, "status") else {
        panic!("map")
    };
    assert_eq!(from.at, "/thread/fields/status/from");
    let entries: Vec<(&str, &Literal, &str)> = map
        .value
        .iter()
        .map(|(k, v)| (k.as_str(), &v.value, v.at.as_str()))
        .collect();
    assert_eq!(
        entries,
        [
            (
                "open",
                &Literal::Text("open".into()),
                "/thread/fields/status/map/open"
            ),
            (
                "done",
                &Literal::Text("closed".into()),
                "/thread/fields/status/map/done"
            ),
        ]
    );
    assert_eq!(
        other.map(|o| o.at),
        Some("/thread/fields/status/other".into())
    );

    let RuleKind::Transform { transform, .. } = thread_rule(MAPPING, "count") else {
        panic!("transform")
    };
    assert_eq!(transform.value, Transform::ToInteger);
    assert!(
        matches!(thread_rule(MAPPING, "archived"), RuleKind::Equals { value, .. } if value.value == Literal::Text("done".into()))
    );

    let RuleKind::FirstOf(options) = thread_rule(MAPPING, "subject") else {
        panic!("first_of")
    };
    assert!(
        matches!(&options[0].kind, RuleKind::Copy(p) if p.at == "/thread/fields/subject/first_of/0")
    );
    let RuleKind::Join(parts) = &options[1].kind else {
        panic!("join")
    };
    let parts: Vec<&str> = parts.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(parts, ["owner.name", "owner.kind"]);
}

#[test]
fn rules_keep_every_condition() {
    let (file, problems) = parsed(MAPPING);
    assert!(problems.is_empty(), "{problems:?}");
    let object = file.thread.and_then(|t| t.object).expect("fields");
    let author = object
        .rows
        .iter()
        .find(|r| r.field.name == "author")
        .expect("author");
    let RowValue::Object { when: None, object } = &author.value else {
        panic!("an object")
    };
    let RowValue::Rule(rule) = &object.rows[0].value else {
        panic!("a rule")
    };
    let RuleKind::Rules {
        branches,
        otherwise,
    } = &rule.kind
    else {
        panic!("rules")
    };
    assert_eq!(branches.len(), 1);
    assert!(matches!(
        &branches[0].conditions[..],
        [Condition::Equals { path, .. }, Condition::Present(owner)]
            if path.at == "/thread/fields/author/role/rules/0/if/state" && owner.text == "owner"
    ));
    assert_eq!(
        otherwise.as_ref().map(|o| &o.value),
        Some(&Literal::Text("customer".into()))
    );
}

#[test]
fn when_takes_conditions_and_a_condition_can_say_not() {
    let text = format!("{MAPPING}{}", super::super::tests::EVENT);
    let (file, problems) = parsed(&text);
    assert!(problems.is_empty(), "{problems:?}");
    let object = file
        .event
        .and_then(|e| e.object)
        .expect("the event's fields");
    let assignee = object
        .rows
        .iter()
        .find(|r| r.field.name == "assignee")
        .expect("assignee");
    let RowValue::Object {
        when: Some(when), ..
    } = &assignee.value
    else {
        panic!("an object with `when`")
    };
    assert!(when.paths.is_empty() && !when.listed);
    assert!(matches!(
        &when.conditions[..],
        [
            Condition::Equals { path: property, value: owner },
            Condition::NotEquals { path: value, value: empty },
        ] if property.text == "property"
            && owner.value == Literal::Text("owner".into())
            && value.at == "/event/fields/assignee/when/value"
            && empty.value == Literal::Text(String::new())
            && empty.at == "/event/fields/assignee/when/value/not"
    ));
    // `else: null` is read as the literal null, for the check to judge.
    let thread_id = object
        .rows
        .iter()
        .find(|r| r.field.name == "thread_id")
        .expect("thread_id");
    assert!(matches!(
        &thread_id.value,
        RowValue::Rule(rule) if matches!(
            &rule.kind,
            RuleKind::Rules { otherwise: Some(o), .. } if o.value == Literal::Null
        )
    ));
    // `when: {}` would never hold.
    let (_, problems) = parsed(&text.replace(
        "when: { property: owner, value: { not: \"\" } }",
        "when: {}",
    ));
    assert!(
        problems[0].contains("error: `when: {}` has no condition")
            && problems[0].contains("at: #/event/fields/assignee/when"),
        "{problems:#?}"
    );
    // A condition's mapping form is one of the two.
    let (_, problems) = parsed(&text.replace("{ not: \"\" }", "{ not: \"\", starts_with: a }"));
    assert!(
        problems[0].contains(
            "error: a condition on a field is a value, `{ starts_with: <text> }` or `{ not: <value> }`"
        ),
        "{problems:#?}"
    );
}

#[test]
fn lists_objects_and_messages_take_their_own_forms() {
    let (file, _) = parsed(MAPPING);
    let object = file.thread.and_then(|t| t.object).expect("fields");
    let value = |name: &str| {
        &object
            .rows
            .iter()
            .find(|r| r.field.name == name)
            .expect("a row")
            .value
    };
    assert!(matches!(value("to"), RowValue::Addresses(p) if p.text == "emails"));
    let RowValue::Entries(entries) = value("participants") else {
        panic!("entries")
    };
    assert!(
        entries[0]
            .iterate
            .as_ref()
            .is_some_and(|i| i.each && i.path.text == "people")
    );
    assert!(
        entries[1]
            .when
            .as_ref()
            .is_some_and(|w| w.listed && w.paths[0].text == "title")
    );
    let RowValue::Entries(messages) = value("messages") else {
        panic!("entries")
    };
    assert!(
        messages[0].object.is_none(),
        "a message entry has no rows of its own"
    );
    let RowValue::Object {
        when: Some(when), ..
    } = value("assignee")
    else {
        panic!("assignee")
    };
    assert!(!when.listed);
    assert!(matches!(value("provider"), RowValue::Provider));
    assert_eq!(file.messages.len(), 1);
}

#[test]
fn problems_of_form_are_reported_where_they_are_written() {
    let cases = [
        (
            edited("id: id\n    subject", "id: [id]\n    subject"),
            ":7:5: error: a rule is a field name, `null`, or a mapping",
        ),
        (
            edited(
                "{ from: state, equals: done }",
                "{ from: state, equal: done }",
            ),
            ":11:30: error: unknown key `equal` in a rule",
        ),
        (
            edited("transform: to_integer", "transform: to_int"),
            ":12:27: error: unknown transform \"to_int\"",
        ),
        (
            edited(", else: customer }", " }"),
            ":15:7: error: `rules` need `else:`, the value when no rule holds",
        ),
        (
            edited("if: { state: open, present: owner }", "if: {}"),
            ":15:26: error: a rule needs `if: { <field>: <value> }`",
        ),
        (
            edited("    native:", "    nativ:"),
            ":10:5: error: `Thread` has no field `nativ`",
        ),
        (
            edited("      - when: [title]", "      - when: 3"),
            ":26:9: error: `when` takes a field, a list of fields (any present), or conditions (all hold)",
        ),
        (
            edited("  - schema: Message\n", "  - schem: Message\n"),
            ":32:5: error: unknown key `schem`",
        ),
        (
            edited(
                "to: { from: emails, transform: split_addresses }",
                "to: emails",
            ),
            ":21:5: error: `to` is a list of addresses",
        ),
        (
            edited(
                "    author:\n      role: { rules: [ { if: { state: open, present: owner }, then: agent } ], else: customer }\n      name: { const: Acme }\n",
                "    author: null\n",
            ),
            ":14:5: error: `author` is an object of the model (`Person`): map its fields one by one",
        ),
    ];
    for (text, expected) in cases {
        let (_, problems) = parsed(&text);
        let first = problems
            .first()
            .map(|p| p.lines().next().unwrap_or_default().to_owned());
        let first = first.unwrap_or_default();
        assert!(
            first.starts_with(&format!("specs/mappings/acme.yaml{expected}")),
            "expected `{expected}`, got {problems:#?}"
        );
    }
}

#[test]
fn a_missing_row_is_reported_with_what_to_write() {
    let (_, problems) = parsed(&edited(
        "    native: { from: extra, transform: to_string }\n",
        "",
    ));
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(
        problems[0].contains("error: model field `Thread.native` is not mapped"),
        "{}",
        problems[0]
    );
    assert!(
        problems[0].ends_with("help: add `native: null` if the provider does not have it"),
        "{}",
        problems[0]
    );
}

#[test]
fn transforms_parse_by_name_and_list_the_names_otherwise() {
    assert_eq!(
        "split_addresses".parse::<Transform>(),
        Ok(Transform::SplitAddresses)
    );
    assert_eq!(
        "stamp".parse::<Transform>(),
        Err(
            "the transforms are: timestamp, to_string, to_integer, split_addresses, epoch_millis"
                .to_owned()
        )
    );
    assert_eq!(Literal::Text("a\"b".into()).to_string(), "\"a\\\"b\"");
    assert_eq!(Literal::Integer(3).to_string(), "3");
}

/// `MAPPING` with `operations` as its `operations:` section.
fn with_operations(operations: &str) -> String {
    format!("{MAPPING}operations:\n{operations}")
}

#[test]
fn the_operations_section_parses_into_its_forms_with_their_pointers() {
    use super::operations::{AnswerSyntax, BodyValueSyntax, MessagesSyntax, QueryInput};
    let (file, problems) = parsed(&with_operations(
        "  list_threads:
    operation: list_threads
    query: { status: { param: state, map: { open: OPEN } }, inbox: box }
    fixed: { sort: \"asc\" }
  list_messages: { embedded: true }
  send_message:
    steps:
      - operation: send
        variant: Egg
        body:
          kind: { const: MESSAGE }
          channel: { thread: channel.id }
          text: { input: [text, html] }
          to:
            latest_message: { by: created, where: { direction: IN }, each: senders, fields: { id: actor, ids: [actor] } }
    answer: { id: data.id }
",
    ));
    assert_eq!(problems, Vec::<String>::new());
    let operations = file.operations;
    let list = operations.list_threads.expect("list_threads");
    assert_eq!(list.operation.as_deref(), Some("list_threads"));
    let query: Vec<(QueryInput, &str, &str)> = list
        .query
        .iter()
        .map(|q| (q.field, q.param.as_str(), q.at.as_str()))
        .collect();
    assert_eq!(
        query,
        [
            (
                QueryInput::Status,
                "state",
                "/operations/list_threads/query/status"
            ),
            (
                QueryInput::Inbox,
                "box",
                "/operations/list_threads/query/inbox"
            ),
        ]
    );
    let map = list.query[0].map.as_ref().expect("a map");
    assert_eq!(
        map.entries,
        [(
            "open".to_owned(),
            "/operations/list_threads/query/status/map/open".to_owned(),
            Some("OPEN".to_owned())
        )]
    );
    assert_eq!(list.fixed[0].text.as_deref(), Some("asc"));
    assert_eq!(
        operations.list_messages,
        Some(MessagesSyntax::Embedded {
            at: "/operations/list_messages/embedded".into()
        })
    );
    let send = operations.send_message.expect("send_message");
    let step = &send.steps[0];
    assert_eq!(step.operation.as_deref(), Some("send"));
    assert_eq!(
        step.variant.as_ref().and_then(|v| v.text.as_deref()),
        Some("Egg")
    );
    let body = step.body.as_ref().and_then(Option::as_ref).expect("a body");
    let forms: Vec<&str> = body
        .fields
        .iter()
        .map(|(_, _, value)| match value {
            Some(BodyValueSyntax::Const { .. }) => "const",
            Some(BodyValueSyntax::Thread { .. }) => "thread",
            Some(BodyValueSyntax::Input { .. }) => "input",
            Some(BodyValueSyntax::LatestMessage(_)) => "latest_message",
            None => "wrong",
        })
        .collect();
    assert_eq!(forms, ["const", "thread", "input", "latest_message"]);
    let Some(BodyValueSyntax::Input { inputs, .. }) = &body.fields[2].2 else {
        panic!("an input")
    };
    let names: Vec<Option<&str>> = inputs.iter().map(|i| i.text.as_deref()).collect();
    assert_eq!(names, [Some("text"), Some("html")]);
    let Some(BodyValueSyntax::LatestMessage(latest)) = &body.fields[3].2 else {
        panic!("latest_message")
    };
    assert_eq!(
        (latest.by.as_str(), latest.each.as_str()),
        ("created", "senders")
    );
    assert_eq!(
        latest.fields,
        [
            (
                "id".into(),
                "/operations/send_message/steps/0/body/to/latest_message/fields/id".into(),
                "actor".into(),
                false
            ),
            (
                "ids".into(),
                "/operations/send_message/steps/0/body/to/latest_message/fields/ids".into(),
                "actor".into(),
                true
            ),
        ]
    );
    let answer = send.answer.expect("an answer");
    let AnswerSyntax::Ids { id, status } = answer.value else {
        panic!("ids")
    };
    assert_eq!(
        id.map(|i| (i.value, i.at)),
        Some((
            "data.id".into(),
            "/operations/send_message/answer/id".into()
        ))
    );
    assert_eq!(status, None);
}

#[test]
fn problems_of_form_in_operations_are_reported_at_their_place() {
    for (section, pointer, message) in [
        (
            "  list_threads: [list_threads]\n",
            "/operations/list_threads",
            "`list_threads` is a mapping",
        ),
        (
            "  list_thread: {}\n",
            "/operations/list_thread",
            "unknown key `list_thread`",
        ),
        (
            "  list_threads: { operation: l, query: { topic: t } }\n",
            "/operations/list_threads/query/topic",
            "unknown key `topic`",
        ),
        (
            "  list_threads: { operation: l, fixed: { limit: 10 } }\n",
            "/operations/list_threads/fixed/limit",
            "a fixed query value is text",
        ),
        (
            "  list_messages: { embedded: false }\n",
            "/operations/list_messages/embedded",
            "`embedded` can only be `true`",
        ),
        (
            "  update_thread: { steps: [], answer: thread }\n",
            "/operations/update_thread/steps",
            "a write needs `steps`",
        ),
        (
            "  update_thread: { steps: [ { operation: u, body: { status: open } } ], answer: thread }\n",
            "/operations/update_thread/steps/0/body/status",
            "a body value is a mapping",
        ),
        (
            "  update_thread: { steps: [ { operation: u, body: { status: { input: status, map: { open: 1 } } } } ], answer: thread }\n",
            "/operations/update_thread/steps/0/body/status/map/open",
            "the provider's value is text",
        ),
        (
            "  send_message: { steps: [ { operation: s } ], answer: { id: [a] } }\n",
            "/operations/send_message/answer/id",
            "`id` names a field of the response",
        ),
    ] {
        let (_, problems) = parsed(&with_operations(section));
        assert_eq!(problems.len(), 1, "{section}: {problems:#?}");
        assert!(
            problems[0]
                .lines()
                .any(|l| l.trim() == format!("at: #{pointer}"))
                && problems[0].contains(message),
            "{section}: {}",
            problems[0]
        );
    }
}
