//! One client crate, in memory: the plan of a small spec, the code of each
//! construct (security schemes, enums, nullable and array fields, the
//! fix-ups' output), and a fix-up whose pattern is gone failing codegen.

use std::time::Instant;

use super::*;
use crate::load::SpecFile;

/// A spec with one of each construct a client crate has.
const SPEC: &str = r##"
openapi: 3.0.3
info:
  title: Acme API
  version: "2"
  x-transcribed-from: [acme.txt]
servers:
  - url: https://api.acme.example
paths:
  /threads/{threadId}:
    get:
      operationId: get_thread
      parameters:
        - { name: threadId, in: path, required: true, schema: { type: integer } }
        - { name: tags, in: query, schema: { type: array, items: { type: string } } }
        - { name: view, in: query, required: true, schema: { type: string } }
      responses:
        "200":
          description: The thread.
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Thread" }
              example: { id: 7 }
        "404":
          description: No such thread.
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Error" }
components:
  securitySchemes:
    key: { type: apiKey, in: header, name: X-Acme-Key, description: The account's key. }
    session: { type: apiKey, in: cookie, name: session }
    oauth:
      type: oauth2
      flows:
        authorizationCode:
          authorizationUrl: https://acme.example/auth
          tokenUrl: https://acme.example/token
          scopes: { threads.write: write, threads.read: read }
  schemas:
    Thread:
      type: object
      required: [id]
      properties:
        id: { type: integer }
        status: { type: string, description: Where it is., enum: [open, closed, unknown] }
        channel: { type: string, x-extensible-enum: [web, 2fa] }
        note: { type: string, nullable: true }
        tags: { type: array, items: { type: string } }
        created_at: { type: string, format: date-time }
    Error:
      type: object
      properties:
        message: { type: string }
"##;

fn spec_file(text: &str) -> SpecFile {
    SpecFile {
        path: "specs/acme.yaml".into(),
        text: text.into(),
    }
}

/// The client crate of `text`, or every problem.
fn generated(text: &str) -> ClientCrate {
    generate(&ProviderInput::single(&spec_file(text))).unwrap_or_else(|d| panic!("{d:#?}"))
}

/// The item named `name` of the generated `lib.rs`, formatted on its own.
fn item(crate_: &ClientCrate, name: &str) -> String {
    let lib = &crate_.files[1].1;
    let file: syn::File = syn::parse_str(lib).expect("the generated lib.rs parses");
    let found: Vec<syn::Item> = file
        .items
        .into_iter()
        .filter(|item| match item {
            syn::Item::Mod(m) => m.ident == name,
            syn::Item::Impl(i) => {
                let ty = &i.self_ty;
                let tr = i.trait_.as_ref().map(|(p, _)| p);
                quote::quote!(#tr #ty).to_string().replace(' ', "") == name
            }
            _ => false,
        })
        .collect();
    assert!(!found.is_empty(), "no item `{name}`");
    let mut alone: syn::File = syn::parse_str("").expect("an empty file");
    alone.items = found;
    prettyplease::unparse(&alone)
}

#[test]
fn the_plan_of_a_spec() {
    let file = spec_file(SPEC);
    let spec = Spec::published(load::load(&file).expect("YAML")).expect("OpenAPI 3.0");
    let (provider, _) = Provider::of_spec(&file.path).expect("a provider");
    let plan = check::check(&spec, provider).unwrap_or_else(|d| panic!("{d:#?}"));
    insta::assert_debug_snapshot!(plan);
}

#[test]
fn security_schemes_become_constructors_and_setters() {
    insta::assert_snapshot!(item(&generated(SPEC), "Client"));
}

#[test]
fn string_enums_are_forward_compatible() {
    let crate_ = generated(SPEC);
    let types = item(&crate_, "types");
    // `unknown` is a listed value, so the catch-all is `UnknownValue`.
    assert!(
        types.contains("UnknownValue(::std::string::String),"),
        "{types}"
    );
    assert!(types.contains("Value2fa,"), "{types}");
    insta::assert_snapshot!(types);
}

#[test]
fn the_catch_all_variant_never_takes_a_listed_values_name() {
    let text = SPEC.replace(
        "enum: [open, closed, unknown]",
        "enum: [open, unknown, unknown_value]",
    );
    let types = item(&generated(&text), "types");
    assert!(
        types.contains("UnknownValue2(::std::string::String),"),
        "{types}"
    );
    assert!(
        types.contains("Self::UnknownValue => \"unknown_value\","),
        "{types}"
    );
}

#[test]
fn the_mock_helpers_match_paths_escaped_and_arrays_element_by_element() {
    let crate_ = generated(SPEC);
    let mock = flat(mock_text(&crate_));
    assert!(
        mock.contains(
            "letvalue=progenitor_client::encode_path(&value.to_string());\
             letre=regex::Regex::new(&format!(\"^/threads/{}$\",regex::escape(&value))).unwrap();"
        ),
        "{mock}"
    );
    assert!(
        mock.contains("query_pairs(\"tags\",&value).unwrap_or_else(|e|panic!(\"{e}\"));"),
        "{mock}"
    );
    let counts: Vec<(&str, usize)> = crate_
        .summary
        .fixups
        .iter()
        .map(|f| (f.name, f.applied))
        .collect();
    // Written so from the start: no fix-up of progenitor's helpers.
    assert_eq!(
        counts,
        [("lenient_timestamps", 1), ("client_constructors", 1)]
    );
}

/// The `mock` module as written: the end of `lib.rs`.
fn mock_text(crate_: &ClientCrate) -> &str {
    let lib = &crate_.files[1].1;
    let at = lib.find("pub mod mock {").expect("a mock module");
    &lib[at..]
}

/// Every place a parameter can be and every kind of response, as the mock
/// helpers take them.
const MOCK_SPEC: &str = r##"
openapi: 3.0.3
info: { title: Acme API, version: "2", x-transcribed-from: [acme.txt] }
servers: [{ url: https://api.acme.example }]
paths:
  /v1.0/files/{fileId}.json:
    parameters:
      - { name: fileId, in: path, required: true, schema: { type: integer } }
    put:
      operationId: putFile
      parameters:
        - { name: X-Trace, in: header, schema: { type: string } }
        - { name: X-Tenant, in: header, required: true, schema: { type: string } }
        - { name: ids, in: query, required: true, schema: { type: array, items: { type: integer } } }
      requestBody:
        content:
          application/octet-stream:
            schema: { type: string, format: binary }
      responses:
        "204": { description: Stored. }
        "4XX":
          description: Refused.
          content:
            text/plain:
              schema: { type: string }
  /notes:
    post:
      operationId: postNote
      requestBody:
        content:
          text/plain:
            schema: { type: string }
      responses:
        default:
          description: Anything.
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Note" }
    get:
      operationId: listNotes
      responses:
        "404": { description: None. }
        "302":
          description: Elsewhere.
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Note" }
components:
  schemas:
    Note:
      type: object
      properties:
        text: { type: string }
"##;

#[test]
fn the_mock_helpers_take_each_place_and_response_as_the_client_does() {
    let crate_ = generated(MOCK_SPEC);
    let mock = mock_text(&crate_);
    let flat = flat(mock);
    for expected in [
        // The path's constant text escaped; a path-item parameter included.
        "regex::Regex::new(\"^/v1\\\\.0/files/[^/]*\\\\.json$\")",
        "format!(\"^/v1\\\\.0/files/{}\\\\.json$\",regex::escape(&value))",
        "pubfnfile_id(self,value:i64)->Self",
        // Headers, required and optional; an array parameter per element.
        "pubfnx_tenant(self,value:&str)->Self{Self(self.0.header(\"X-Tenant\",value.to_string()))}",
        "pubfnx_trace<'a,T>(self,value:T)->SelfwhereT:Into<Option<&'astr>>,",
        "Self(self.0.header_missing(\"X-Trace\"))",
        "pubfnids(self,value:&::std::vec::Vec<i64>)->Self",
        "client_runtime::__private::query_pairs(\"ids\",&value)",
        "fold(self.0,|when,(k,v)|when.query_param(k,v))",
        // Bodies: octet stream and text as progenitor takes them.
        "pubfnbody(self,value:::serde_json::Value)->Self{Self(self.0.json_body(value))}",
        "pubfnbody(self,value:String)->Self{Self(self.0.body(value))}",
        // Responses: none, a class with a raw body, `default`, and the
        // success progenitor assumes when the spec lists none.
        "pubfnno_content(self)->Self{Self(self.0.status(204u16))}",
        "pubfnclient_error(self,status:u16,value:::serde_json::Value)->Self{assert_eq!(status/100u16,4u16);",
        "pubfndefault_response(self,status:u16,value:&types::Note)->Self",
        "pubfnnot_found(self)->Self{Self(self.0.status(404u16))}",
        // A status the client does not decode: any JSON value.
        "pubfnfound(self,value:::serde_json::Value)->Self",
        "pubfnsuccess(self,status:u16,value:::serde_json::Value)->Self{assert_eq!(status/100u16,2u16);",
        // The trait, in the document's order.
        "fnput_file<F>(&self,config_fn:F)",
    ] {
        assert!(flat.contains(expected), "`{expected}` is not in:\n{mock}");
    }
    let order: Vec<usize> = ["fnput_file<F>", "fnlist_notes<F>", "fnpost_note<F>"]
        .iter()
        .map(|m| flat.find(m).expect("each operation's method"))
        .collect();
    assert!(order[0] < order[1] && order[1] < order[2], "{order:?}");
}

#[test]
fn the_manifest_lists_the_crates_the_code_uses() {
    let crate_ = generated(SPEC);
    insta::assert_snapshot!(crate_.files[0].1);
}

#[test]
fn the_header_says_where_it_comes_from_and_the_docs_how_to_use_it() {
    let lib = &generated(SPEC).files[1].1;
    for line in [
        "// @generated by `cargo xtask codegen` from specs/acme.yaml. Do not edit by hand:",
        "// The spec is transcribed from the provider's documentation:\n//   acme.txt\n",
        "//! Typed client for the Acme API (API version 2).\n",
        "//! | [`get_thread`](Client::get_thread) | `GET /threads/{threadId}` |",
        "//! - [`Client::with_session_cookie`]: the `session` cookie (security scheme `session`)",
        "//! let client = acme_client::Client::with_api_key(\"https://api.acme.example\", secret);",
        "//! # Paging\n",
        "//! # Errors\n",
        "//! async fn explain<E: std::fmt::Debug>(error: acme_client::Error<E>) -> String {",
    ] {
        assert!(
            lib.contains(line),
            "missing `{line}` in\n{}",
            &lib[..lib.find("pub use").unwrap_or(0)]
        );
    }
    let docs: Vec<&str> = lib.lines().filter(|l| l.starts_with("//!")).collect();
    for internal in ["specs/", "acme.txt", "xtask", "regenerate"] {
        assert!(
            !docs.iter().any(|l| l.contains(internal)),
            "the crate docs mention `{internal}`"
        );
    }
}

/// progenitor's output as a fix-up would find it after an upgrade that
/// changed the shape it rewrites: `find` replaced by `replace` in `tokens`.
fn changed(
    tokens: &proc_macro2::TokenStream,
    find: &str,
    replace: &str,
) -> proc_macro2::TokenStream {
    let text = tokens.to_string();
    assert!(
        text.contains(find),
        "the pattern `{find}` is in progenitor's output"
    );
    text.replace(find, replace)
        .parse()
        .expect("still Rust tokens")
}

/// progenitor's output, for a test to change.
struct Output {
    client: proc_macro2::TokenStream,
}

/// Runs the pipeline on `SPEC` with progenitor's output changed by `change`.
fn with_changed_output(change: impl FnOnce(&mut Output)) -> Vec<String> {
    let file = spec_file(SPEC);
    let spec = Spec::published(load::load(&file).expect("YAML")).expect("OpenAPI 3.0");
    let (provider, _) = Provider::of_spec(&file.path).expect("a provider");
    let plan = check::check(&spec, provider).expect("a valid spec");
    let mut ledger = Ledger::default();
    let mut document = prepare::document(&spec, &plan, &mut ledger);
    let client = progenitor::client(&plan, &document).expect("progenitor runs");
    let mut generated = Output {
        client: client.tokens,
    };
    change(&mut generated);
    let client = progenitor::Generated {
        tokens: generated.client,
        type_names: client.type_names,
        by_value: client.by_value,
    };
    let mut plan = plan;
    let ours = OurTypes::make(&our_types::Planned::of(&plan));
    let finished = super::client(&spec, &mut plan, &mut document, client, ours, &mut ledger)
        .and_then(|client| finish(spec, plan, client, &document, ledger, Instant::now()));
    match finished {
        Ok(_) => Vec::new(),
        Err(found) => found.iter().map(ToString::to_string).collect(),
    }
}

/// A field twice in `types` is found on the `types` half's thread, which
/// stops before it sends what it read: the other half, waiting for that read,
/// stops too, and the collision comes back (a hang here would be a
/// deadlock of the two halves).
#[test]
fn a_collision_found_on_the_types_half_stops_both_halves() {
    let file = spec_file(SPEC);
    let spec = Spec::published(load::load(&file).expect("YAML")).expect("OpenAPI 3.0");
    let (provider, _) = Provider::of_spec(&file.path).expect("a provider");
    let plan = check::check(&spec, provider).expect("a valid spec");
    let mut ledger = Ledger::default();
    let document = prepare::document(&spec, &plan, &mut ledger);
    let client = progenitor::client(&plan, &document).expect("progenitor runs");
    let field = "pub created_at : :: std :: option :: Option < :: std :: string :: String >";
    let text = client.tokens.to_string();
    assert!(text.contains(field), "the field as progenitor writes it");
    let twice = text
        .replacen(field, &format!("{field} , {field}"), 1)
        .parse()
        .expect("Rust tokens");
    let decided = Decided::new(client.type_names, client.by_value);
    let ours = OurTypes::make(&our_types::Planned::of(&plan));
    match halves::client(&plan, twice, decided, &[], &ours).0 {
        Err(halves::Failure::Collisions(found)) => {
            let fields: Vec<&str> = found.iter().map(|c| c.field.as_str()).collect();
            assert_eq!(fields, ["created_at"], "{found:?}");
        }
        Err(_) => panic!("another failure than the collision"),
        Ok(_) => panic!("a field twice in `types` passed"),
    }
}

#[test]
fn a_fix_up_whose_pattern_is_absent_fails_codegen_naming_it() {
    assert_eq!(
        with_changed_output(|_| {}),
        Vec::<String>::new(),
        "unchanged output passes"
    );

    // Say typify found a date-time the rewrite did not remove.
    let found = with_changed_output(|g| {
        let text = g.client.to_string();
        let field = "pub created_at : :: std :: option :: Option < :: std :: string :: String >";
        assert!(text.contains(field), "the field as progenitor writes it");
        let dated = "pub created_at : :: std :: option :: Option < :: chrono :: DateTime < :: chrono :: offset :: Utc > >";
        g.client = text.replacen(field, dated, 1).parse().expect("Rust tokens");
    });
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].contains(
            "fix-up `lenient_timestamps` ran, and progenitor's output still holds 1 `chrono::DateTime`(s)"
        ),
        "{found:#?}"
    );

    // Say progenitor stopped generating constructors that take the state.
    let found =
        with_changed_output(|g| g.client = changed(&g.client, "pub fn new (", "pub fn create ("));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].contains("fix-up `client_constructors` never applied, where 1 were expected"),
        "{found:#?}"
    );
}

#[test]
fn the_reserved_method_names_come_from_the_template_and_progenitor() {
    let reserved = crate::templates::reserved_method_names().expect("the template parses");
    for name in [
        "new",
        "new_with_client",
        "retry_policy",
        "set_retry_policy",
        "baseurl",
        "client",
        "inner",
        "api_version",
    ] {
        assert!(reserved.iter().any(|r| r == name), "{name} is reserved");
    }
    let taken = SPEC.replace("operationId: get_thread", "operationId: set_api_key");
    let found = generate(&ProviderInput::single(&spec_file(&taken)))
        .err()
        .expect("a reserved name");
    assert!(
        found[0].to_string().contains(
            "error: `operationId: set_api_key` would generate `Client::set_api_key`, which is the method for security scheme `key`"
        ),
        "{found:#?}"
    );
}

/// A spec with the workflow extensions: a cursor-paged and an offset-paged
/// list, a write with an idempotency key, a password grant, a templated
/// server.
const WORKFLOW: &str = r##"
openapi: 3.0.3
info: { title: Acme API, version: "2", x-transcribed-from: [acme.txt] }
servers:
  - url: https://api.acme.example
  - url: https://api.{instance}.acme.example
    description: A dedicated instance.
    variables:
      instance: { default: INSTANCE, description: The instance's name. }
security: [{ bearer: [] }]
paths:
  /threads:
    get:
      operationId: list_threads
      x-pagination: { items: results, cursor: { param: after, next: paging.next.after } }
      parameters:
        - { name: after, in: query, schema: { type: string } }
        - { name: limit, in: query, schema: { type: integer, format: int32 } }
      responses:
        "200":
          description: A page.
          content:
            application/json:
              schema: { $ref: "#/components/schemas/ThreadPage" }
  /threads/{id}/messages:
    get:
      operationId: list_messages
      x-pagination: { items: messages, offset: { param: offset, total: total } }
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
        - { name: offset, in: query, schema: { type: integer } }
      responses:
        "200":
          description: A page.
          content:
            application/json:
              schema:
                type: object
                required: [messages]
                properties:
                  messages: { type: array, items: { type: string } }
                  total: { type: integer }
  /threads/{id}/send:
    post:
      operationId: send_thread
      x-idempotency-key: X-Idempotency-Key
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
        - { name: x-idempotency-key, in: header, schema: { type: string } }
      responses:
        "204": { description: Sent. }
  /token:
    post:
      operationId: create_token
      security: []
      responses:
        "200": { description: A token. }
components:
  securitySchemes:
    bearer:
      type: http
      scheme: bearer
      x-token-grant: { operation: create_token, lifetime: 3600 }
  schemas:
    ThreadPage:
      type: object
      required: [results]
      properties:
        results: { type: array, items: { $ref: "#/components/schemas/Thread" } }
        paging:
          type: object
          properties:
            next:
              type: object
              required: [after]
              properties:
                after: { type: string }
    Thread:
      type: object
      properties:
        id: { type: string }
"##;

/// `text` without whitespace, so that an assertion does not depend on how
/// prettyplease breaks lines.
fn flat(text: &str) -> String {
    text.split_whitespace().collect()
}

#[test]
fn paged_lists_get_a_stream_over_their_own_scheme() {
    let crate_ = generated(WORKFLOW);
    let builder = flat(&item(&crate_, "builder"));
    // Cursor: the next cursor read along `paging.next.after`, sent as `after`.
    assert!(
        builder.contains(&flat("pub fn stream(\n            self,\n        ) -> client_runtime::paging::Items<'a, types::Thread, Error<()>>")),
        "{builder}"
    );
    assert!(
        builder.contains(&flat(".and_then(|v| v.paging.as_ref())\n                        .and_then(|v| v.next.as_ref())\n                        .map(|v| &v.after)")),
        "{builder}"
    );
    assert!(
        builder.contains(&flat("request.after(cursor)")),
        "{builder}"
    );
    // Offset: starts from the builder's offset, stops at `total`.
    assert!(
        builder.contains(&flat("self.offset.as_ref().ok().and_then(|o| o.as_ref())")),
        "{builder}"
    );
    assert!(
        builder.contains(&flat(
            "<i64 as client_runtime::__private::Count>::from_count(at)"
        )),
        "{builder}"
    );
}

#[test]
fn idempotency_keys_grants_and_server_variables_reach_the_client() {
    let client = flat(&item(&generated(WORKFLOW), "Client"));
    assert!(
        client.contains(&flat(
            "client_runtime::__private::OperationRules { id: \"send_thread\", idempotency_key: \
             ::std::option::Option::Some(\"x-idempotency-key\",), server: \
             ::std::option::Option::None, anonymous: false, }"
        )),
        "{client}"
    );
    assert!(
        client.contains(&flat("pub fn with_password_grant(")),
        "{client}"
    );
    assert!(
        client.contains(&flat(
            "format!(\"{}{}\", baseurl.trim_end_matches('/'), \"/token\")"
        )),
        "{client}"
    );
    assert!(
        client.contains(&flat("::std::time::Duration::from_secs(3600u64)")),
        "{client}"
    );
    assert!(
        client.contains(&flat("pub fn server_url_with_instance(instance: &str) -> ::std::string::String {\n        \"https://api.{instance}.acme.example\".to_owned().replace(\"{instance}\", instance)")),
        "{client}"
    );
}

#[test]
fn a_wrong_workflow_extension_is_an_error_at_its_place() {
    let cases = [
        (
            WORKFLOW.replace("param: after, next", "param: cursor, next"),
            "`x-pagination` moves through pages with the query parameter `cursor`, which GET /threads does not declare",
        ),
        (
            WORKFLOW.replace("next: paging.next.after", "next: paging.after"),
            "has no property `after` on the way to `paging.after`",
        ),
        (
            WORKFLOW.replace("items: messages,", "items: total,"),
            "`total` is `integer` in the 200 body",
        ),
        (
            WORKFLOW.replace(
                "x-idempotency-key: X-Idempotency-Key",
                "x-idempotency-key: Idem",
            ),
            "`x-idempotency-key` names the header `Idem`, which POST /threads/{id}/send does not declare",
        ),
        (
            WORKFLOW.replace("operation: create_token,", "operation: get_token,"),
            "`x-token-grant` names the operation `get_token`, which the spec does not have",
        ),
    ];
    for (text, expected) in cases {
        let problems = match generate(&ProviderInput::single(&spec_file(&text))) {
            Ok(_) => panic!("generated, expected: {expected}"),
            Err(problems) => problems,
        };
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(shown.len(), 1, "{shown:#?}");
        assert!(shown[0].contains(expected), "{shown:#?}");
        assert!(shown[0].starts_with("specs/acme.yaml:"), "{shown:#?}");
    }
}
