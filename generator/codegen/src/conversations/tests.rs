//! The `conversations` crate planned and emitted from the project's own
//! specs, in memory: the entry points and calls each provider gets, and the
//! parts of the files that come from the plan.

use super::*;
use crate::client;

/// The project's specs and mapping files, as `xtask` would read them.
fn inputs() -> Vec<SpecFile> {
    let file = |path: &str, text: &str| SpecFile {
        path: path.into(),
        text: text.into(),
    };
    vec![
        file(
            "specs/contactship.yaml",
            include_str!("../../../../specs/contactship.yaml"),
        ),
        file(
            "specs/conversations.yaml",
            include_str!("../../../../specs/conversations.yaml"),
        ),
        file(
            "specs/delightbridge.yaml",
            include_str!("../../../../specs/delightbridge.yaml"),
        ),
        file(
            "specs/gochat.yaml",
            include_str!("../../../../specs/gochat.yaml"),
        ),
        file(
            "specs/hubspot.yaml",
            include_str!("../../../../specs/hubspot.yaml"),
        ),
        file(
            "specs/mappings/contactship.yaml",
            include_str!("../../../../specs/mappings/contactship.yaml"),
        ),
        file(
            "specs/mappings/delightbridge.yaml",
            include_str!("../../../../specs/mappings/delightbridge.yaml"),
        ),
        file(
            "specs/mappings/gochat.yaml",
            include_str!("../../../../specs/mappings/gochat.yaml"),
        ),
        file(
            "specs/mappings/hubspot.yaml",
            include_str!("../../../../specs/mappings/hubspot.yaml"),
        ),
    ]
}

/// The project's provider clients, generated in memory.
fn clients(inputs: &[SpecFile]) -> Vec<ClientCrate> {
    inputs
        .iter()
        .filter(|f| names::Input::of(&f.path) == names::Input::ProviderSpec)
        .map(|f| {
            client::generate(&crate::inputs::ProviderInput::single(f))
                .unwrap_or_else(|d| panic!("{d:#?}"))
        })
        .collect()
}

/// Plans the crate from `inputs` with `clients`.
fn plan_of<'c>(
    inputs: &[SpecFile],
    clients: &'c [ClientCrate],
) -> Result<ConversationsPlan<'c>, Vec<Diagnostic>> {
    let mappings: Vec<&SpecFile> = inputs
        .iter()
        .filter(|f| f.path.contains("/mappings/"))
        .collect();
    let spec = Spec::new(load::load(&inputs[1]).expect("YAML")).expect("OpenAPI");
    let model = model::read(&spec).unwrap_or_else(|d| panic!("{d:#?}"));
    plan(&spec, model, &mappings, clients)
}

/// Runs `check` on the plan of the project's crate.
fn with_plan(check: impl FnOnce(&ConversationsPlan<'_>)) {
    let inputs = inputs();
    let clients = clients(&inputs);
    let plan = plan_of(&inputs, &clients).unwrap_or_else(|d| panic!("{d:#?}"));
    check(&plan);
}

fn provider<'p>(plan: &'p ConversationsPlan<'_>, name: &str) -> &'p ProviderPlan<'p> {
    plan.providers
        .iter()
        .find(|p| p.provider().as_str() == name)
        .expect("the provider")
}

#[test]
fn entry_points_and_calls_come_from_the_mapping_sections() {
    with_plan(|plan| {
        let names: Vec<&str> = plan
            .providers
            .iter()
            .map(|p| p.provider().as_str())
            .collect();
        assert_eq!(names, ["contactship", "delightbridge", "gochat", "hubspot"]);

        let contactship = provider(plan, "contactship");
        let message = contactship
            .message
            .as_ref()
            .expect("a standalone message section");
        assert_eq!(
            (message.schema.as_str(), message.operation.as_deref()),
            ("Message", Some("get_message"))
        );
        let call = message
            .call
            .as_ref()
            .expect("get_message takes an id alone");
        assert_eq!(call.path.to_string(), "/v1/messages/{messageId}");
        assert!(!call.integer_id);

        // DelightBridge's messages read `parent:`: none stands alone.
        assert!(provider(plan, "delightbridge").message.is_none());
        let call = provider(plan, "hubspot")
            .thread
            .as_ref()
            .and_then(|t| t.call.as_ref())
            .expect("a call");
        assert!(call.integer_id, "HubSpot thread ids are integers");
    });
}

#[test]
fn the_providers_error_message_is_read_from_the_field_its_spec_documents() {
    with_plan(|plan| {
        let error = |name: &str| {
            let call = provider(plan, name)
                .thread
                .as_ref()
                .and_then(|t| t.call.as_ref())
                .expect("a call");
            call.error_message
                .as_ref()
                .map(|f| (f.schema.clone(), f.field.clone(), f.optional))
        };
        assert_eq!(
            error("delightbridge"),
            Some(("Error".into(), "error".into(), true))
        );
        assert_eq!(
            error("gochat"),
            None,
            "Go!Chat's spec documents no error body"
        );
    });
}

#[test]
fn the_fetch_example_lists_the_providers_in_the_models_order() {
    with_plan(|plan| {
        let fetch = prettyplease::unparse(&examples::fetch(plan).expect("the template fills"));
        assert!(
            fetch.contains("\"usage: fetch --provider <contactship|hubspot|delightbridge|gochat> [--base-url URL] [--verbose] [--mock] <id>\""),
            "{fetch}"
        );
        assert!(
            fetch.contains("//! `CONTACTSHIP_API_KEY`, `HUBSPOT_ACCESS_TOKEN`, `DELIGHTBRIDGE_SESSION` or `GOCHAT_TOKEN`."),
            "{fetch}"
        );
        assert!(
            fetch.contains("conversations::Provider::Hubspot => Some(\"https://api.hubapi.com\"),"),
            "{fetch}"
        );
    });
}

#[test]
fn the_files_and_their_dependencies() {
    with_plan(|plan| {
        let files = emit(plan).expect("the crate emits");
        let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "generated/conversations/Cargo.toml",
                "generated/conversations/README.md",
                "generated/conversations/examples/common/mod.rs",
                "generated/conversations/examples/cli.rs",
                "generated/conversations/examples/fetch.rs",
                "generated/conversations/examples/normalize.rs",
                "generated/conversations/examples/receiver.rs",
                "generated/conversations/src/lib.rs",
                "generated/conversations/src/model.rs",
                "generated/conversations/src/client.rs",
                "generated/conversations/src/providers/mod.rs",
                "generated/conversations/src/webhooks.rs",
                "generated/conversations/src/mock.rs",
                "generated/conversations/src/providers/contactship.rs",
                "generated/conversations/src/providers/delightbridge.rs",
                "generated/conversations/src/providers/gochat.rs",
                "generated/conversations/src/providers/hubspot.rs",
            ]
        );
        let cargo = &files[0].1;
        assert!(
            cargo.contains("hubspot-client = { path = \"../hubspot\" }\n"),
            "{cargo}"
        );
        // The mock is a feature; the examples take the crate with it.
        assert!(
            cargo.contains("httpmock = { workspace = true, optional = true }\n"),
            "{cargo}"
        );
        assert!(
            cargo.contains("\n[features]\nmock = [\"dep:httpmock\"]\n"),
            "{cargo}"
        );
        let dev = cargo
            .split("\n[dev-dependencies]\n")
            .nth(1)
            .unwrap_or_default();
        assert!(
            dev.contains("\nconversations = { path = \".\", features = [\"mock\"] }\n"),
            "{cargo}"
        );
        let file = |name: &str| {
            &files
                .iter()
                .find(|(path, _)| path.ends_with(name))
                .unwrap_or_else(|| panic!("{name}"))
                .1
        };
        let lib = file("src/lib.rs");
        assert!(lib.contains("#![doc = include_str!(\"../README.md\")]"));
        assert!(
            lib.contains("pub use providers::{contactship, delightbridge, gochat, hubspot};"),
            "{lib}"
        );
        // HubSpot's messages are decoded as the union of their kinds.
        let client = file("src/client.rs");
        assert!(
            client.contains(
                "Provider::Hubspot => crate::providers::hubspot::message_from_bytes(bytes),"
            ),
            "{client}"
        );
        let hubspot = file("src/providers/hubspot.rs");
        assert!(
            hubspot.contains("hubspot_client::types::PublicMessage::PublicComment(src) => {\n            Ok(message_from_public_comment(src, raw))"),
            "{hubspot}"
        );
    });
}

#[test]
fn a_mapping_without_a_spec_or_a_model_value_is_refused() {
    let inputs = inputs();
    let clients: Vec<ClientCrate> = Vec::new();
    let spec = Spec::new(load::load(&inputs[1]).expect("YAML")).expect("OpenAPI");
    let model = model::read(&spec).expect("the model");
    let acme = SpecFile {
        path: "specs/mappings/acme.yaml".into(),
        text: "provider: acme\n".into(),
    };
    let found = plan(&spec, model, &[&acme], &clients)
        .err()
        .expect("no spec for acme");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0].message,
        "no provider spec `specs/acme.yaml` for this mapping"
    );
}

/// What the project's `operations:` sections plan, provider by provider.
#[test]
fn the_operations_sections_plan_each_providers_requests() {
    use crate::mapping::operations::{
        AnswerPlan, BodyValue, Input, MessagesPlan, QueryInput, SchemePlan,
    };
    with_plan(|plan| {
        let ops = |name: &str| &provider(plan, name).mapping.operations;

        let hubspot = ops("hubspot");
        let list = hubspot
            .list_threads
            .as_ref()
            .expect("HubSpot lists threads");
        assert_eq!(list.operation, "list_threads");
        assert_eq!(list.schema, "PublicThread");
        assert_eq!(list.items, ["results"]);
        assert_eq!(
            list.scheme,
            SchemePlan::Cursor {
                param: "after".into(),
                next: vec!["paging".into(), "next".into(), "after".into()]
            }
        );
        let params: Vec<(QueryInput, &str)> = list
            .query
            .iter()
            .map(|q| (q.input, q.param.as_str()))
            .collect();
        assert_eq!(
            params,
            [
                (QueryInput::Status, "threadStatus"),
                (QueryInput::Inbox, "inboxId"),
                (QueryInput::UpdatedAfter, "latestMessageTimestampAfter"),
                (QueryInput::PageSize, "limit"),
            ]
        );
        assert_eq!(
            list.query[0].map,
            [
                ("open".into(), "OPEN".into()),
                ("closed".into(), "CLOSED".into())
            ]
        );
        let Some(MessagesPlan::Listed(messages)) = &hubspot.list_messages else {
            panic!("HubSpot lists messages: {:?}", hubspot.list_messages);
        };
        // The list's inline `oneOf` of the message kinds is read as the base
        // `PublicMessage`, which has the same kinds by the same tag.
        assert_eq!(messages.schema, "PublicMessage");
        assert_eq!(
            messages.union.as_deref().map(<[String]>::len),
            Some(6),
            "{messages:?}"
        );
        let send = hubspot.send_message.as_ref().expect("HubSpot replies");
        assert_eq!(
            send.steps[0].variant.as_deref(),
            Some("PublicConversationsMessageEgg")
        );
        assert_eq!(send.answer, AnswerPlan::Message);
        assert!(send.reads_thread && send.reads_messages);
        let recipients = send.steps[0]
            .body
            .iter()
            .flatten()
            .find(|f| f.name == "recipients")
            .expect("recipients");
        let BodyValue::LatestMessage(latest) = &recipients.value else {
            panic!("{recipients:?}");
        };
        assert_eq!(
            (latest.by.as_str(), latest.each.as_str()),
            ("createdAt", "senders")
        );
        assert_eq!(latest.filter, [("direction".into(), "INCOMING".into())]);
        assert_eq!(
            latest.fields,
            [
                ("actorId".into(), "actorId".into(), false),
                ("name".into(), "name".into(), false),
                (
                    "deliveryIdentifiers".into(),
                    "deliveryIdentifier".into(),
                    true
                ),
            ]
        );

        let delightbridge = ops("delightbridge");
        let list = delightbridge.list_threads.as_ref().expect("a list");
        assert_eq!(
            (list.scheme.clone(), list.items.len()),
            (SchemePlan::Single, 0)
        );
        assert!(
            list.query
                .iter()
                .any(|q| q.input == QueryInput::Inbox && q.required)
        );
        assert_eq!(list.fixed, [("includeMessages".into(), "1".into())]);
        assert_eq!(delightbridge.list_messages, Some(MessagesPlan::Embedded));
        let send = delightbridge.send_message.as_ref().expect("a send");
        let steps: Vec<&str> = send.steps.iter().map(|s| s.operation.as_str()).collect();
        assert_eq!(steps, ["put_draft", "send_draft"]);
        let content = &send.steps[0].body.as_ref().expect("a body")[0];
        assert_eq!(
            content.value,
            BodyValue::Input {
                inputs: vec![Input::Html, Input::TextHtml],
                map: Vec::new()
            }
        );
        assert_eq!(send.steps[1].body, None, "send_draft takes no body");
        let update = delightbridge.update_thread.as_ref().expect("an update");
        assert_eq!(update.answer, AnswerPlan::ReadThread);

        let contactship = ops("contactship");
        let send = contactship.send_message.as_ref().expect("a send");
        assert!(
            send.reads_thread,
            "channel and contact come from the thread"
        );
        assert_eq!(send.reads, [Input::ThreadId, Input::Text]);
        let update = contactship.update_thread.as_ref().expect("an update");
        let assignee = &update.steps[0].body.as_ref().expect("a body")[1];
        assert_eq!(
            (assignee.name.as_str(), assignee.nullable),
            ("assignee", true)
        );
        assert!(contactship.list_threads.is_none() && contactship.list_messages.is_none());

        let gochat = ops("gochat");
        let Some(MessagesPlan::Listed(list)) = &gochat.list_messages else {
            panic!("Go!Chat lists messages: {:?}", gochat.list_messages);
        };
        assert_eq!(
            list.scheme,
            SchemePlan::Offset {
                param: "offset".into(),
                total: Some(vec!["total".into()])
            }
        );
        let update = gochat.update_thread.as_ref().expect("an update");
        assert_eq!(
            update.steps[0].body,
            Some(Vec::new()),
            "an empty JSON object"
        );
        assert!(update.reads.is_empty(), "no change can be written");
    });
}

/// Each wrong `operations:` section, made by editing one real mapping, is
/// reported at its place with what is wrong.
#[test]
fn wrong_operations_sections_are_reported_at_their_place() {
    let inputs = inputs();
    let clients = clients(&inputs);
    let cases: [(&str, &str, &str, &str, &str); 14] = [
        (
            "hubspot",
            "        variant: PublicConversationsMessageEgg\n",
            "",
            "/operations/send_message/steps/0",
            "the request body of `send_message` is one of PublicConversationsMessageEgg, PublicCommentEgg: the step says which",
        ),
        (
            "hubspot",
            "              each: senders\n",
            "              each: recipient\n",
            "/operations/send_message/steps/0/body/recipients/latest_message/each",
            "no message schema listed (PublicConversationsMessage, PublicComment, PublicWelcomeMessage, PublicAssignmentMessage, PublicThreadStatusChange, PublicThreadInboxChange) has a field `recipient`",
        ),
        (
            "hubspot",
            "          senderActorId: { input: sender }\n",
            "",
            "/operations/send_message/steps/0/body",
            "the request body of `send_message` requires `senderActorId`, and the body gives it no value",
        ),
        (
            "contactship",
            "map: { open: open, closed: closed } }\n          assignee",
            "map: { open: open, closed: CLOSED } }\n          assignee",
            "/operations/update_thread/steps/0/body/status/map/closed",
            "`CLOSED` is not a value of `status`",
        ),
        (
            "delightbridge",
            "map: { open: inbox, pending: sent, closed: archived }",
            "map: { open: inbox, pending: archived, closed: archived }",
            "/operations/update_thread/steps/0/body/status/map/pending",
            "`pending: archived` is not the reverse of the thread mapping's `status`, which reads `archived` as `closed`",
        ),
        (
            "contactship",
            "- operation: waba_send_message",
            "- operation: waba_send",
            "/operations/send_message/steps/0/operation",
            "specs/contactship.yaml has no operation `waba_send`",
        ),
        (
            "hubspot",
            "map: { open: OPEN, closed: CLOSED } }\n      inbox",
            "map: { open: OPEN, closed: SHUT } }\n      inbox",
            "/operations/list_threads/query/status/map/closed",
            "`closed: SHUT` is not the reverse of the thread mapping's `status`, which maps no such value",
        ),
        (
            "delightbridge",
            "map: { open: inbox, pending: sent, closed: archived }",
            "map: { opened: inbox, pending: sent, closed: archived }",
            "/operations/update_thread/steps/0/body/status/map/opened",
            "`opened` is not a value of the model's `ThreadStatus`",
        ),
        (
            "contactship",
            "          content: { input: text }\n",
            "",
            "/operations/send_message/steps/0/body",
            "the request body of `waba_send_message` requires `content`, and the body gives it no value",
        ),
        (
            "contactship",
            "contact_id: { thread: contact_id }",
            "contact_id: { thread: contact }",
            "/operations/send_message/steps/0/body/contact_id/thread",
            "the thread's schema `Thread` has no field `contact`",
        ),
        (
            "delightbridge",
            "      inbox: serviceId\n",
            "",
            "/operations/list_threads",
            "`list_threads` requires the query parameter `serviceId`, and nothing gives it",
        ),
        (
            "hubspot",
            "    operation: list_threads\n",
            "    operation: list_inboxes\n",
            "/operations/list_threads/operation",
            "`list_inboxes` does not list `PublicThread`, the schema this list is normalized with",
        ),
        (
            "gochat",
            "          content: { input: text }",
            "          content: { input: sender, map: { a: b } }",
            "/operations/send_message/steps/0/body/content/map",
            "`sender` is text, sent as it is",
        ),
        (
            "hubspot",
            "  update_thread:\n",
            "  update_threads:\n",
            "/operations/update_threads",
            "unknown key `update_threads`",
        ),
    ];
    for (name, from, to, pointer, message) in cases {
        let path = format!("specs/mappings/{name}.yaml");
        let mut edited = inputs.clone();
        let file = edited
            .iter_mut()
            .find(|f| f.path == path)
            .expect("the mapping");
        assert!(file.text.contains(from), "{path} has `{from}`");
        file.text = file.text.replacen(from, to, 1);
        let found = plan_of(&edited, &clients)
            .err()
            .unwrap_or_else(|| panic!("`{to}` passed"));
        assert_eq!(found.len(), 1, "{found:#?}");
        let location = found[0].location.as_ref().expect("a location");
        assert_eq!(
            (
                found[0].file.as_str(),
                location.pointer.as_str(),
                found[0].message.as_str()
            ),
            (path.as_str(), pointer, message)
        );
        assert!(location.line_col.is_some(), "{found:#?}");
        assert!(!found[0].help.is_empty());
    }
}

/// The cli's mock answers every request of the unified operations, each
/// paged list over two pages of its own scheme.
#[test]
fn the_mock_answers_every_operation_with_lists_over_two_pages() {
    with_plan(|plan| {
        let routes = |name: &str| provider(plan, name).mock.clone();
        let hubspot = routes("hubspot");
        // Method, the query a page requires, the parameter it must lack.
        type Page<'r> = (&'r str, Option<(&'r str, &'r str)>, Option<&'r str>);
        let threads: Vec<Page<'_>> = hubspot
            .iter()
            .filter(|r| r.path == "^/conversations/v3/conversations/threads$")
            .map(|r| {
                (
                    r.method.as_str(),
                    r.query.as_ref().map(|(n, v)| (n.as_str(), v.as_str())),
                    r.without.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            threads,
            [
                ("GET", Some(("after", "page-2")), None),
                ("GET", None, Some("after"))
            ]
        );
        let second: serde_json::Value =
            serde_json::from_str(hubspot[1].body.as_deref().expect("a body")).expect("JSON");
        assert_eq!(second["paging"]["next"]["after"], serde_json::Value::Null);
        assert_eq!(second["results"].as_array().map(Vec::len), Some(1));

        let gochat = routes("gochat");
        let create = gochat
            .iter()
            .find(|r| r.method == "POST" && r.path == "^/api/v1/message$")
            .expect("the reply's route");
        assert_eq!((create.status, create.body.as_deref()), (204, None));
        let pages: Vec<&str> = gochat
            .iter()
            .filter(|r| r.path.ends_with("/messages$"))
            .filter_map(|r| r.body.as_deref())
            .collect();
        assert_eq!(pages.len(), 2);
        assert!(pages.iter().all(|p| p.contains("\"total\":2")), "{pages:?}");

        // DelightBridge lists in one page: two threads in it.
        let delightbridge = routes("delightbridge");
        let list = delightbridge
            .iter()
            .find(|r| r.path == "^/api/threads$")
            .expect("the list's route");
        let threads: serde_json::Value =
            serde_json::from_str(list.body.as_deref().expect("a body")).expect("JSON");
        assert_eq!(threads.as_array().map(Vec::len), Some(2));
    });
}

/// The workspace README shows the operations table as generated.
#[test]
fn the_readme_shows_the_operations_table_as_generated() {
    with_plan(|plan| {
        let table = readme::operations_table(plan);
        let table = table
            .split("\n\n")
            .next()
            .expect("the table, then its note");
        let readme = include_str!("../../../../README.md");
        assert!(
            readme.contains(table),
            "README.md's operations table differs from the mappings'; replace it with:\n{table}"
        );
    });
}
