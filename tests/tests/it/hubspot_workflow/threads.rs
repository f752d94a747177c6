//! HubSpot's thread operations against the mock server.

use super::*;

// ---------------------------------------------------------------------------
// Threads

/// `GET /threads`, twice as HubSpot's rules allow (`associatedContactId` and
/// `inboxId` exclude each other): a contact's open threads sorted by latest
/// message, descending, then an inbox filter with the other parameters.
#[tokio::test]
async fn list_threads_sends_each_filter_combination() {
    let server = MockServer::start_async().await;
    let by_contact = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(path("/threads"))
                .query_param("associatedContactId", "951")
                .query_param("threadStatus", "OPEN")
                .query_param("sort", "-latestMessageTimestamp")
                .query_param("latestMessageTimestampAfter", "2026-01-01T00:00:00Z")
                .query_param_missing("inboxId")
                .header("authorization", BEARER);
            then.status(200).json_body(json!({
                "results": [thread_json("8001", "OPEN")]
            }));
        })
        .await;
    let by_inbox = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(path("/threads"))
                .query_param("after", "ODAwMQ")
                .query_param("archived", "false")
                .query_param("association", "TICKET")
                .query_param("inboxId", "147959634")
                .query_param("inboxId", "147959635")
                .query_param_count("^inboxId$", ".*", 2)
                .query_param("limit", "2")
                .query_param("property", "hs_thread_subject")
                .query_param_missing("associatedContactId")
                .header("authorization", BEARER);
            then.status(200).json_body(json!({
                "results": [
                    thread_json("8002", "CLOSED"),
                    {
                        "id": "8003", "associatedContactId": "952",
                        "createdAt": "2026-01-14T09:00:00Z", "archived": false,
                        "originalChannelId": "1000", "originalChannelAccountId": "240977369",
                        "spam": true, "inboxId": "147959635", "status": "OPEN",
                        "threadAssociations": { "associatedTicketId": "T-6001" },
                        "latestMessageReceivedTimestamp": "2026-01-14T09:05:00Z"
                    }
                ],
                "paging": { "next": { "after": "ODAwMw" } }
            }));
        })
        .await;
    let client = client(&server);

    let page = client
        .list_threads()
        .associated_contact_id(951)
        .thread_status("OPEN")
        .sort(vec![s("-latestMessageTimestamp")])
        .latest_message_timestamp_after("2026-01-01T00:00:00Z")
        .send()
        .await
        .expect("a 200")
        .into_inner();
    by_contact.assert_async().await;
    assert_eq!(page.paging, None);
    assert_eq!(
        page.results,
        vec![thread("8001", types::PublicThreadStatus::Open)]
    );

    let page = client
        .list_threads()
        .after("ODAwMQ")
        .archived(false)
        .association(vec![types::ListThreadsAssociationItem::Ticket])
        .inbox_id(vec![147959634, 147959635])
        .limit(2)
        .property("hs_thread_subject")
        .send()
        .await
        .expect("a 200")
        .into_inner();
    by_inbox.assert_async().await;
    assert_eq!(
        page.paging.and_then(|p| p.next).map(|n| n.after).as_deref(),
        Some("ODAwMw")
    );
    assert_eq!(
        page.results,
        vec![
            thread("8002", types::PublicThreadStatus::Closed),
            types::PublicThread {
                id: s("8003"),
                associated_contact_id: s("952"),
                created_at: s("2026-01-14T09:00:00Z"),
                archived: false,
                original_channel_id: s("1000"),
                original_channel_account_id: s("240977369"),
                spam: true,
                inbox_id: s("147959635"),
                status: types::PublicThreadStatus::Open,
                assigned_to: None,
                latest_message_timestamp: None,
                latest_message_sent_timestamp: None,
                latest_message_received_timestamp: some("2026-01-14T09:05:00Z"),
                closed_at: None,
                thread_associations: Some(types::PublicThreadAssociations {
                    associated_ticket_id: some("T-6001"),
                }),
            },
        ]
    );
}

/// `GET /threads/{threadId}` with the docs' example (hubspot-get-thread.txt,
/// placeholders and all).
#[tokio::test]
async fn get_thread_decodes_the_docs_example() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(GET)
                .path(path("/threads/8001"))
                .query_param("archived", "false")
                .query_param("association", "TICKET")
                .query_param("property", "hs_thread_subject")
                .header("authorization", BEARER);
            then.status(200).json_body(json!({
                "associatedContactId": "<string>",
                "threadAssociations": {
                    "associatedTicketId": "<string>"
                },
                "assignedTo": "<string>",
                "createdAt": "2023-11-07T05:31:56Z",
                "archived": true,
                "originalChannelId": "<string>",
                "latestMessageTimestamp": "2023-11-07T05:31:56Z",
                "latestMessageSentTimestamp": "2023-11-07T05:31:56Z",
                "originalChannelAccountId": "<string>",
                "id": "<string>",
                "closedAt": "2023-11-07T05:31:56Z",
                "spam": true,
                "inboxId": "<string>",
                "status": "OPEN",
                "latestMessageReceivedTimestamp": "2023-11-07T05:31:56Z"
            }));
        })
        .await;

    let thread = client(&server)
        .get_thread()
        .thread_id(8001)
        .archived(false)
        .association(vec![types::GetThreadAssociationItem::Ticket])
        .property("hs_thread_subject")
        .send()
        .await
        .expect("a 200")
        .into_inner();

    mock.assert_async().await;
    let at = "2023-11-07T05:31:56Z";
    assert_eq!(
        thread,
        types::PublicThread {
            associated_contact_id: s("<string>"),
            thread_associations: Some(types::PublicThreadAssociations {
                associated_ticket_id: some("<string>"),
            }),
            assigned_to: some("<string>"),
            created_at: s(at),
            archived: true,
            original_channel_id: s("<string>"),
            latest_message_timestamp: some(at),
            latest_message_sent_timestamp: some(at),
            original_channel_account_id: s("<string>"),
            id: s("<string>"),
            closed_at: some(at),
            spam: true,
            inbox_id: s("<string>"),
            status: types::PublicThreadStatus::Open,
            latest_message_received_timestamp: some(at),
        }
    );
}

/// `DELETE /threads/{threadId}` archives the thread: 204, no body.
#[tokio::test]
async fn archive_thread_sends_delete_and_gets_204() {
    let server = MockServer::start_async().await;
    let mock = server
        .mock_async(|when, then| {
            when.method(DELETE)
                .path(path("/threads/8001"))
                .header("authorization", BEARER);
            then.status(204);
        })
        .await;

    let response = client(&server)
        .archive_thread()
        .thread_id(8001)
        .send()
        .await
        .expect("a 204");

    mock.assert_async().await;
    assert_eq!(response.status(), 204);
    let () = response.into_inner();
}

/// `PATCH /threads/{threadId}`: close a thread; restore an archived one
/// (`archived=true` in the query, `archived: false` in the body); and the
/// `default` error, HubSpot's `Error` body, decoded.
#[tokio::test]
async fn update_thread_sends_only_the_given_fields_and_decodes_the_error_body() {
    let server = MockServer::start_async().await;
    let close = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path(path("/threads/8001"))
                .query_param_missing("archived")
                .header("authorization", BEARER)
                .header("content-type", "application/json")
                .json_body(json!({ "status": "CLOSED" }));
            then.status(200).json_body({
                let mut body = thread_json("8001", "CLOSED");
                body["closedAt"] = json!("2026-01-15T10:00:00Z");
                body
            });
        })
        .await;
    let restore = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path(path("/threads/8002"))
                .query_param("archived", "true")
                .header("authorization", BEARER)
                .json_body(json!({ "archived": false }));
            then.status(200).json_body(thread_json("8002", "OPEN"));
        })
        .await;
    let refused = server
        .mock_async(|when, then| {
            when.method(PATCH)
                .path(path("/threads/8003"))
                .query_param("archived", "true")
                .header("authorization", BEARER)
                .json_body(json!({ "status": "OPEN" }));
            then.status(400)
                .header("content-type", "application/json")
                .json_body(json!({
                    "status": "error",
                    "category": "VALIDATION_ERROR",
                    "subCategory": "THREAD_ARCHIVED",
                    "message": "Test: the status of an archived thread cannot change",
                    "correlationId": "3f1c2b7e-8d4a-4e6b-9a0c-1d2e3f4a5b6c",
                    "context": { "threadId": ["8003"] },
                    "links": { "docs": "https://docs.example.test/threads" },
                    "errors": [{
                        "message": "archived",
                        "in": "status",
                        "code": "INVALID_STATE",
                        "subCategory": "THREAD_ARCHIVED",
                        "context": { "archived": ["true"] }
                    }]
                }));
        })
        .await;
    let client = client(&server);

    let closed = client
        .update_thread()
        .thread_id(8001)
        .body(types::PublicThreadUpdateRequest {
            status: Some(types::PublicThreadUpdateRequestStatus::Closed),
            archived: None,
        })
        .send()
        .await
        .expect("a 200")
        .into_inner();
    close.assert_async().await;
    assert_eq!(
        closed,
        types::PublicThread {
            closed_at: some("2026-01-15T10:00:00Z"),
            ..thread("8001", types::PublicThreadStatus::Closed)
        }
    );

    let restored = client
        .update_thread()
        .thread_id(8002)
        .archived(true)
        .body(types::PublicThreadUpdateRequest {
            archived: Some(false),
            status: None,
        })
        .send()
        .await
        .expect("a 200")
        .into_inner();
    restore.assert_async().await;
    assert_eq!(restored, thread("8002", types::PublicThreadStatus::Open));

    let error = client
        .update_thread()
        .thread_id(8003)
        .archived(true)
        .body(types::PublicThreadUpdateRequest {
            status: Some(types::PublicThreadUpdateRequestStatus::Open),
            archived: None,
        })
        .send()
        .await
        .expect_err("a 400");
    refused.assert_async().await;
    assert_eq!(error.status(), Some(reqwest::StatusCode::BAD_REQUEST));
    let Error::ErrorResponse(response) = error else {
        panic!("the documented error body decodes, not {error:?}");
    };
    let body = response.into_inner();
    assert_eq!(body.category, "VALIDATION_ERROR");
    assert_eq!(body.sub_category.as_deref(), Some("THREAD_ARCHIVED"));
    assert_eq!(
        body.message,
        "Test: the status of an archived thread cannot change"
    );
    assert_eq!(
        body.correlation_id.to_string(),
        "3f1c2b7e-8d4a-4e6b-9a0c-1d2e3f4a5b6c"
    );
    assert_eq!(body.context.get("threadId"), Some(&vec![s("8003")]));
    assert_eq!(
        body.links.get("docs").map(String::as_str),
        Some("https://docs.example.test/threads")
    );
    assert_eq!(
        body.errors,
        vec![types::ErrorDetail {
            message: s("archived"),
            in_: some("status"),
            code: some("INVALID_STATE"),
            sub_category: some("THREAD_ARCHIVED"),
            context: [(s("archived"), vec![s("true")])].into_iter().collect(),
        }]
    );
}
