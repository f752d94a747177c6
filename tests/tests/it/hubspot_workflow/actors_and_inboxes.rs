//! HubSpot's actors, channel accounts, channels and inboxes against the mock server.

use super::*;

// ---------------------------------------------------------------------------
// Actors

/// `POST /actors/batch/read`: the ids go in `inputs`; 200 and 207 decode into
/// their own variants, each actor into its subtype by its `type`.
#[tokio::test]
async fn batch_read_actors_posts_inputs_and_decodes_200_and_207() {
    let server = MockServer::start_async().await;
    let complete = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(path("/actors/batch/read"))
                .query_param("property", "email")
                .header("authorization", BEARER)
                .header("content-type", "application/json")
                .json_body(json!({ "inputs": ["A-7001", "S-hubspot"] }));
            then.status(200).json_body(json!({
                "status": "COMPLETE",
                "requestedAt": "2026-01-15T10:00:00Z",
                "startedAt": "2026-01-15T10:00:00.100Z",
                "completedAt": "2026-01-15T10:00:00.200Z",
                "links": { "self": "https://api.example.test/batch/1" },
                "results": [
                    { "type": "AGENT", "id": "A-7001", "name": "Test Agent",
                      "email": "agent@example.test", "avatar": "https://files.example.test/a.png" },
                    { "type": "SYSTEM", "id": "S-hubspot" }
                ]
            }));
        })
        .await;
    let partial = server
        .mock_async(|when, then| {
            when.method(POST)
                .path(path("/actors/batch/read"))
                .query_param_missing("property")
                .header("authorization", BEARER)
                .json_body(json!({ "inputs": ["B-42", "X-404"] }));
            then.status(207).json_body(json!({
                "status": "COMPLETE",
                "startedAt": "2026-01-15T10:01:00Z",
                "completedAt": "2026-01-15T10:01:01Z",
                "numErrors": 1,
                "errors": [{
                    "status": "error",
                    "category": "OBJECT_NOT_FOUND",
                    "message": "Actor X-404 not found",
                    "id": "err-1",
                    "context": { "ids": ["X-404"] },
                    "links": {},
                    "errors": [{ "message": "no such actor", "code": "NOT_FOUND", "in": "inputs" }],
                    "subCategory": {}
                }],
                "results": [{ "type": "BOT", "id": "B-42", "name": "Test Bot" }]
            }));
        })
        .await;
    let client = client(&server);

    let response = client
        .batch_read_actors()
        .property("email")
        .body(types::BatchInputString {
            inputs: vec![s("A-7001"), s("S-hubspot")],
        })
        .send()
        .await
        .expect("a 200");
    complete.assert_async().await;
    assert_eq!(response.status(), 200);
    let types::BatchReadActorsResponse::Status200(batch) = response.into_inner() else {
        panic!("a 200 decodes into its own variant");
    };
    assert_eq!(
        batch.status,
        types::BatchResponsePublicActorStatus::Complete
    );
    assert_eq!(batch.requested_at.as_deref(), Some("2026-01-15T10:00:00Z"));
    assert_eq!(batch.started_at, "2026-01-15T10:00:00.100Z");
    assert_eq!(batch.completed_at, "2026-01-15T10:00:00.200Z");
    assert_eq!(
        batch.links.get("self").map(String::as_str),
        Some("https://api.example.test/batch/1")
    );
    assert_eq!(
        batch.results,
        vec![
            types::PublicActor::AgentActor(types::AgentActor {
                type_: types::AgentActorType::Agent,
                id: s("A-7001"),
                name: some("Test Agent"),
                email: some("agent@example.test"),
                avatar: some("https://files.example.test/a.png"),
            }),
            types::PublicActor::SystemActor(types::SystemActor {
                type_: types::SystemActorType::System,
                id: s("S-hubspot"),
            }),
        ]
    );

    let response = client
        .batch_read_actors()
        .body(types::BatchInputString {
            inputs: vec![s("B-42"), s("X-404")],
        })
        .send()
        .await
        .expect("a 207 is a success");
    partial.assert_async().await;
    assert_eq!(response.status(), 207);
    let types::BatchReadActorsResponse::Status207(batch) = response.into_inner() else {
        panic!("a 207 decodes into its own variant");
    };
    assert_eq!(
        batch.status,
        types::BatchResponsePublicActorWithErrorsStatus::Complete
    );
    assert_eq!(batch.requested_at, None);
    assert_eq!(batch.started_at, "2026-01-15T10:01:00Z");
    assert_eq!(batch.completed_at, "2026-01-15T10:01:01Z");
    assert_eq!(batch.num_errors, Some(1));
    assert!(batch.links.is_empty());
    assert_eq!(
        batch.results,
        vec![types::PublicActor::BotActor(types::BotActor {
            type_: types::BotActorType::Bot,
            id: s("B-42"),
            name: some("Test Bot"),
            avatar: None,
        })]
    );
    assert_eq!(batch.errors.len(), 1);
    let error = &batch.errors[0];
    assert_eq!(error.status, "error");
    assert_eq!(error.category, "OBJECT_NOT_FOUND");
    assert_eq!(error.message, "Actor X-404 not found");
    assert_eq!(error.id.as_deref(), Some("err-1"));
    assert_eq!(error.context.get("ids"), Some(&vec![s("X-404")]));
    assert!(error.links.is_empty());
    assert!(error.sub_category.is_empty());
    assert_eq!(
        error.errors,
        vec![types::ErrorDetail {
            message: s("no such actor"),
            code: some("NOT_FOUND"),
            in_: some("inputs"),
            context: Default::default(),
            sub_category: None,
        }]
    );
}

/// `GET /actors/{actorId}`: one actor, decoded into its subtype.
#[tokio::test]
async fn get_actor_decodes_the_actor_subtype() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(path("/actors/E-visitor@example.test"))
                .query_param("property", "email")
                .header("authorization", BEARER);
            then.status(200).json_body(json!({
                "type": "EMAIL",
                "id": "E-visitor@example.test",
                "email": "visitor@example.test"
            }));
        })
        .await;

    let actor = client(&server)
        .get_actor()
        .actor_id("E-visitor@example.test")
        .property("email")
        .send()
        .await
        .expect("a 200")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(
        actor,
        types::PublicActor::EmailActor(types::EmailActor {
            type_: types::EmailActorType::Email,
            id: s("E-visitor@example.test"),
            email: s("visitor@example.test"),
        })
    );
}

// ---------------------------------------------------------------------------
// Channel accounts, channels, inboxes

/// `GET /channel-accounts`: every filter, arrays as repeated parameters; a
/// page with a next cursor and the total.
#[tokio::test]
async fn list_channel_accounts_sends_every_filter_and_decodes_the_page() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(path("/channel-accounts"))
                .query_param("after", "MjQwOTc3MzY4")
                .query_param("archived", "false")
                .query_param("channelId", "1000")
                .query_param("channelId", "1002")
                .query_param_count("^channelId$", ".*", 2)
                .query_param("defaultPageLength", "20")
                .query_param("inboxId", "147959634")
                .query_param_count("^inboxId$", ".*", 1)
                .query_param("limit", "2")
                .query_param("sort", "id")
                .header("authorization", BEARER);
            then.status(200).json_body(json!({
                "total": 5,
                "results": [
                    {
                        "id": "240977368", "name": "Support e-mail", "channelId": "1002",
                        "inboxId": "147959634", "active": true, "archived": false,
                        "authorized": true, "createdAt": "2025-06-01T12:00:00Z",
                        "deliveryIdentifier": { "type": "HS_EMAIL_ADDRESS", "value": "support@example.test" }
                    },
                    {
                        "id": "240977369", "name": "Old chat", "channelId": "1000",
                        "inboxId": "147959634", "active": false, "archived": true,
                        "archivedAt": "2025-12-01T08:00:00Z", "authorized": false,
                        "createdAt": "2025-01-01T12:00:00Z"
                    }
                ],
                "paging": { "next": { "after": "MjQwOTc3MzY5", "link": "?after=MjQwOTc3MzY5" } }
            }));
        })
        .await;

    let page = client(&server)
        .list_channel_accounts()
        .after("MjQwOTc3MzY4")
        .archived(false)
        .channel_id(vec![1000, 1002])
        .default_page_length(20)
        .inbox_id(vec![147959634])
        .limit(2)
        .sort(vec![s("id")])
        .send()
        .await
        .expect("a 200")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(page.total, 5);
    assert_eq!(
        page.paging,
        Some(types::ForwardPaging {
            next: Some(types::NextPage {
                after: s("MjQwOTc3MzY5"),
                link: some("?after=MjQwOTc3MzY5"),
            }),
        })
    );
    assert_eq!(
        page.results,
        vec![
            types::PublicChannelAccount {
                id: s("240977368"),
                name: s("Support e-mail"),
                channel_id: s("1002"),
                inbox_id: s("147959634"),
                active: true,
                archived: false,
                archived_at: None,
                authorized: true,
                created_at: s("2025-06-01T12:00:00Z"),
                delivery_identifier: Some(email_identifier("support@example.test")),
            },
            types::PublicChannelAccount {
                id: s("240977369"),
                name: s("Old chat"),
                channel_id: s("1000"),
                inbox_id: s("147959634"),
                active: false,
                archived: true,
                archived_at: some("2025-12-01T08:00:00Z"),
                authorized: false,
                created_at: s("2025-01-01T12:00:00Z"),
                delivery_identifier: None,
            },
        ]
    );
}

/// `GET /channel-accounts/{channelAccountId}`: an int64 id in the path, a
/// string id in the body.
#[tokio::test]
async fn get_channel_account_sends_an_int64_id() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(path("/channel-accounts/9007199254740993"))
                .query_param("archived", "true")
                .header("authorization", BEARER);
            then.status(200).json_body(json!({
                "id": "9007199254740993", "name": "Archived WhatsApp", "channelId": "1007",
                "inboxId": "147959634", "active": false, "archived": true,
                "archivedAt": "2025-12-01T08:00:00Z", "authorized": true,
                "createdAt": "2025-01-01T12:00:00Z",
                "deliveryIdentifier": { "type": "HS_PHONE_NUMBER", "value": "+15550100" }
            }));
        })
        .await;

    let account = client(&server)
        .get_channel_account()
        .channel_account_id(9_007_199_254_740_993_i64)
        .archived(true)
        .send()
        .await
        .expect("a 200")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(
        account,
        types::PublicChannelAccount {
            id: s("9007199254740993"),
            name: s("Archived WhatsApp"),
            channel_id: s("1007"),
            inbox_id: s("147959634"),
            active: false,
            archived: true,
            archived_at: some("2025-12-01T08:00:00Z"),
            authorized: true,
            created_at: s("2025-01-01T12:00:00Z"),
            delivery_identifier: Some(types::PublicDeliveryIdentifier {
                type_: s("HS_PHONE_NUMBER"),
                value: s("+15550100"),
            }),
        }
    );
}

/// `GET /channels`: the last page has no `paging`.
#[tokio::test]
async fn list_channels_decodes_a_last_page_with_its_total() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(path("/channels"))
                .query_param("after", "MTAwMA")
                .query_param("defaultPageLength", "50")
                .query_param("limit", "50")
                .query_param("sort", "name")
                .query_param_count("^sort$", ".*", 1)
                .header("authorization", BEARER);
            then.status(200).json_body(json!({
                "total": 3,
                "results": [
                    { "id": "1002", "name": "Email" },
                    { "id": "1007", "name": "WhatsApp" }
                ]
            }));
        })
        .await;

    let page = client(&server)
        .list_channels()
        .after("MTAwMA")
        .default_page_length(50)
        .limit(50)
        .sort(vec![s("name")])
        .send()
        .await
        .expect("a 200")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(page.total, 3);
    assert_eq!(page.paging, None);
    assert_eq!(
        page.results,
        vec![
            types::PublicChannel {
                id: s("1002"),
                name: s("Email")
            },
            types::PublicChannel {
                id: s("1007"),
                name: s("WhatsApp")
            },
        ]
    );
}

/// `GET /channels/{channelId}`: an int32 id in the path.
#[tokio::test]
async fn get_channel_sends_an_int32_id() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(path("/channels/1000"))
                .header("authorization", BEARER);
            then.status(200)
                .json_body(json!({ "id": "1000", "name": "Live chat" }));
        })
        .await;

    let channel = client(&server)
        .get_channel()
        .channel_id(1000)
        .send()
        .await
        .expect("a 200")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(
        channel,
        types::PublicChannel {
            id: s("1000"),
            name: s("Live chat")
        }
    );
}

/// `GET /inboxes`: every parameter; a page with a cursor and the total.
#[tokio::test]
async fn list_inboxes_sends_every_parameter_and_decodes_the_page() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(path("/inboxes"))
                .query_param("after", "MTQ3OTU5NjM0")
                .query_param("archived", "true")
                .query_param("defaultPageLength", "10")
                .query_param("limit", "1")
                .query_param("sort", "-createdAt")
                .header("authorization", BEARER);
            then.status(200).json_body(json!({
                "total": 2,
                "results": [{
                    "id": "147959635", "name": "Old support", "type": "HELP_DESK",
                    "archived": true, "archivedAt": "2025-12-01T08:00:00Z",
                    "createdAt": "2025-01-01T12:00:00Z", "updatedAt": "2025-12-01T08:00:00Z"
                }],
                "paging": { "next": { "after": "MTQ3OTU5NjM1" } }
            }));
        })
        .await;

    let page = client(&server)
        .list_inboxes()
        .after("MTQ3OTU5NjM0")
        .archived(true)
        .default_page_length(10)
        .limit(1)
        .sort(vec![s("-createdAt")])
        .send()
        .await
        .expect("a 200")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(page.total, 2);
    assert_eq!(
        page.paging.and_then(|p| p.next),
        Some(types::NextPage {
            after: s("MTQ3OTU5NjM1"),
            link: None
        })
    );
    assert_eq!(
        page.results,
        vec![types::PublicInbox {
            id: s("147959635"),
            name: s("Old support"),
            type_: s("HELP_DESK"),
            archived: true,
            archived_at: some("2025-12-01T08:00:00Z"),
            created_at: s("2025-01-01T12:00:00Z"),
            updated_at: s("2025-12-01T08:00:00Z"),
        }]
    );
}

/// `GET /inboxes/{inboxId}`: an int32 id in the path.
#[tokio::test]
async fn get_inbox_sends_an_int32_id_and_archived() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(path("/inboxes/147959634"))
                .query_param("archived", "false")
                .header("authorization", BEARER);
            then.status(200).json_body(json!({
                "id": "147959634", "name": "Support", "type": "INBOX",
                "archived": false,
                "createdAt": "2025-01-01T12:00:00Z", "updatedAt": "2026-01-10T08:00:00Z"
            }));
        })
        .await;

    let inbox = client(&server)
        .get_inbox()
        .inbox_id(147_959_634)
        .archived(false)
        .send()
        .await
        .expect("a 200")
        .into_inner();

    mock.assert_async().await;
    assert_eq!(
        inbox,
        types::PublicInbox {
            id: s("147959634"),
            name: s("Support"),
            type_: s("INBOX"),
            archived: false,
            archived_at: None,
            created_at: s("2025-01-01T12:00:00Z"),
            updated_at: s("2026-01-10T08:00:00Z"),
        }
    );
}
