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

/// Runs `check` on the plan of the project's crate.
fn with_plan(check: impl FnOnce(&ConversationsPlan<'_>)) {
    let inputs = inputs();
    let clients: Vec<ClientCrate> = inputs
        .iter()
        .filter(|f| names::Input::of(&f.path) == names::Input::ProviderSpec)
        .map(|f| client::generate(f).unwrap_or_else(|d| panic!("{d:#?}")))
        .collect();
    let model_file = &inputs[1];
    let mappings: Vec<&SpecFile> = inputs
        .iter()
        .filter(|f| f.path.contains("/mappings/"))
        .collect();
    let spec = Spec::new(load::load(model_file).expect("YAML")).expect("OpenAPI");
    let model = model::read(&spec).unwrap_or_else(|d| panic!("{d:#?}"));
    let plan = plan(&spec, model, &mappings, &clients).unwrap_or_else(|d| panic!("{d:#?}"));
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
                "generated/conversations/examples/fetch.rs",
                "generated/conversations/examples/normalize.rs",
                "generated/conversations/src/lib.rs",
            ]
        );
        let cargo = &files[0].1;
        assert!(
            cargo.contains("hubspot-client = { path = \"../hubspot\" }\n"),
            "{cargo}"
        );
        assert!(
            cargo.contains("\n[dev-dependencies]\nhttpmock = { workspace = true }\n"),
            "{cargo}"
        );
        let lib = &files[5].1;
        assert!(lib.contains("#![doc = include_str!(\"../README.md\")]"));
        let unsupported = "Provider::Hubspot => {\n            Err(MappingError::Unsupported {\n                provider,\n                kind: \"message\",";
        assert_eq!(
            lib.matches(unsupported).count(),
            2,
            "HubSpot has no message mapping"
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
