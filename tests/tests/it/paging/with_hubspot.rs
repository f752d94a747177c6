//! HubSpot's five cursor-paged lists.

use super::*;

// ---------------------------------------------------------------------------
// HubSpot: five cursor-paged lists (`after` ← `paging.next.after`)
// ---------------------------------------------------------------------------

const HUBSPOT_PREFIX: &str = "/conversations/v3/conversations";

fn hubspot_client(server: &MockServer) -> hubspot::Client {
    hubspot::Client::with_bearer_token(&server.base_url(), HUBSPOT_TOKEN)
}

/// The cursors of the second and third page: opaque, as HubSpot's are.
const HUBSPOT_CURSOR_2: &str = "MjQwOTc3MzY5";
const HUBSPOT_CURSOR_3: &str = "MjQwOTc3Mzcx";

/// Three HubSpot pages of 2, 2 and 1 items (`item(1)` … `item(5)`), each
/// requested with `fixed` and `limit=2`; the second and third with the
/// cursor the page before named in `paging.next.after`; the last page has
/// no `paging`, as HubSpot's last pages do. `total` where the collection
/// type carries one. Returns the pages and the items served, in order.
fn hubspot_pages(
    fixed: &[(&str, &str)],
    item: impl Fn(usize) -> Value,
    with_total: bool,
) -> (Vec<Page>, Vec<Value>) {
    let served: Vec<Value> = (1..=5).map(item).collect();
    let query_with = |after: Option<&str>| {
        let mut pairs = fixed.to_vec();
        pairs.push(("limit", "2"));
        if let Some(after) = after {
            pairs.push(("after", after));
        }
        query(&pairs)
    };
    let body = |items: &[Value], next: Option<&str>| {
        let mut body = json!({ "results": items });
        if with_total {
            body["total"] = json!(5);
        }
        if let Some(next) = next {
            body["paging"] = json!({ "next": { "after": next, "link": format!("?after={next}") } });
        }
        body
    };
    let pages = vec![
        Page {
            query: query_with(None),
            body: body(&served[0..2], Some(HUBSPOT_CURSOR_2)),
        },
        Page {
            query: query_with(Some(HUBSPOT_CURSOR_2)),
            body: body(&served[2..4], Some(HUBSPOT_CURSOR_3)),
        },
        Page {
            query: query_with(Some(HUBSPOT_CURSOR_3)),
            body: body(&served[4..5], None),
        },
    ];
    (pages, served)
}

fn hubspot_channel_account_json(n: usize) -> Value {
    json!({
        "id": format!("2409773{n:02}"),
        "name": format!("Account {n}"),
        "channelId": "1002",
        "inboxId": "147959634",
        "active": n % 2 == 1,
        "archived": false,
        "authorized": true,
        "createdAt": format!("2025-06-{n:02}T12:00:00Z"),
        "deliveryIdentifier": { "type": "HS_EMAIL_ADDRESS", "value": format!("support{n}@example.test") }
    })
}

fn hubspot_channel_json(n: usize) -> Value {
    json!({ "id": format!("10{n:02}"), "name": format!("Channel {n}") })
}

fn hubspot_inbox_json(n: usize) -> Value {
    json!({
        "id": format!("1479596{n:02}"),
        "name": format!("Inbox {n}"),
        "type": "HELP_DESK",
        "archived": false,
        "createdAt": format!("2025-01-{n:02}T12:00:00Z"),
        "updatedAt": format!("2025-12-{n:02}T08:00:00Z")
    })
}

fn hubspot_thread_json(n: usize) -> Value {
    json!({
        "id": format!("80{n:02}"),
        "associatedContactId": format!("95{n}"),
        "createdAt": format!("2026-01-{n:02}T09:00:00Z"),
        "archived": false,
        "originalChannelId": "1000",
        "originalChannelAccountId": "240977368",
        "spam": false,
        "inboxId": "147959634",
        "status": if n.is_multiple_of(2) { "CLOSED" } else { "OPEN" },
        "assignedTo": "A-7001"
    })
}

fn hubspot_comment_json(n: usize) -> Value {
    json!({
        "type": "COMMENT",
        "id": format!("M-50{n:02}"),
        "conversationsThreadId": "8001",
        "createdAt": format!("2026-01-15T09:{n:02}:00Z"),
        "createdBy": "A-7001",
        "client": { "clientType": "HUBSPOT" },
        "senders": [{ "actorId": "A-7001" }],
        "recipients": [],
        "archived": false,
        "text": format!("Note {n}"),
        "richText": format!("<p>Note {n}</p>"),
        "attachments": []
    })
}

#[tokio::test]
async fn hubspot_list_channel_accounts_streams_three_cursor_pages_once_each_and_stops() {
    let server = MockServer::start_async().await;
    let (pages, served) = hubspot_pages(
        &[("inboxId", "147959634")],
        hubspot_channel_account_json,
        true,
    );
    let mocks = PagedMocks::start(
        &server,
        &format!("{HUBSPOT_PREFIX}/channel-accounts"),
        ("authorization", HUBSPOT_BEARER),
        pages,
    )
    .await;
    let client = hubspot_client(&server);

    let items = collect_ok(
        client
            .list_channel_accounts()
            .inbox_id(vec![147959634])
            .limit(2)
            .stream(),
        &mocks,
    )
    .await;

    assert_eq!(
        items.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(),
        [
            "240977301",
            "240977302",
            "240977303",
            "240977304",
            "240977305"
        ]
    );
    assert_as_served(&as_json!(items), &served);
    mocks.assert_hits(&[1, 1, 1]).await;
}

#[tokio::test]
async fn hubspot_list_channel_accounts_take_one_page_never_requests_the_second() {
    let server = MockServer::start_async().await;
    let (mut pages, served) = hubspot_pages(&[], hubspot_channel_account_json, true);
    pages.truncate(2);
    let mocks = PagedMocks::start(
        &server,
        &format!("{HUBSPOT_PREFIX}/channel-accounts"),
        ("authorization", HUBSPOT_BEARER),
        pages,
    )
    .await;
    let client = hubspot_client(&server);

    let items = collect_ok(
        client.list_channel_accounts().limit(2).stream().take(2),
        &mocks,
    )
    .await;

    assert_as_served(&as_json!(items), &served[0..2]);
    mocks.assert_hits(&[1, 0]).await;
}

#[tokio::test]
async fn hubspot_list_channels_streams_three_cursor_pages_once_each_and_stops() {
    let server = MockServer::start_async().await;
    let (pages, served) = hubspot_pages(&[("sort", "name")], hubspot_channel_json, true);
    let mocks = PagedMocks::start(
        &server,
        &format!("{HUBSPOT_PREFIX}/channels"),
        ("authorization", HUBSPOT_BEARER),
        pages,
    )
    .await;
    let client = hubspot_client(&server);

    let items = collect_ok(
        client
            .list_channels()
            .sort(vec!["name".to_owned()])
            .limit(2)
            .stream(),
        &mocks,
    )
    .await;

    assert_eq!(
        items
            .iter()
            .map(|c| (c.id.as_str(), c.name.as_str()))
            .collect::<Vec<_>>(),
        [
            ("1001", "Channel 1"),
            ("1002", "Channel 2"),
            ("1003", "Channel 3"),
            ("1004", "Channel 4"),
            ("1005", "Channel 5")
        ]
    );
    assert_as_served(&as_json!(items), &served);
    mocks.assert_hits(&[1, 1, 1]).await;
}

#[tokio::test]
async fn hubspot_list_channels_take_one_page_never_requests_the_second() {
    let server = MockServer::start_async().await;
    let (mut pages, served) = hubspot_pages(&[], hubspot_channel_json, true);
    pages.truncate(2);
    let mocks = PagedMocks::start(
        &server,
        &format!("{HUBSPOT_PREFIX}/channels"),
        ("authorization", HUBSPOT_BEARER),
        pages,
    )
    .await;
    let client = hubspot_client(&server);

    let items = collect_ok(client.list_channels().limit(2).stream().take(2), &mocks).await;

    assert_as_served(&as_json!(items), &served[0..2]);
    mocks.assert_hits(&[1, 0]).await;
}

#[tokio::test]
async fn hubspot_list_inboxes_streams_three_cursor_pages_once_each_and_stops() {
    let server = MockServer::start_async().await;
    let (pages, served) = hubspot_pages(&[("archived", "false")], hubspot_inbox_json, true);
    let mocks = PagedMocks::start(
        &server,
        &format!("{HUBSPOT_PREFIX}/inboxes"),
        ("authorization", HUBSPOT_BEARER),
        pages,
    )
    .await;
    let client = hubspot_client(&server);

    let items = collect_ok(
        client.list_inboxes().archived(false).limit(2).stream(),
        &mocks,
    )
    .await;

    assert_eq!(
        items.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(),
        [
            "147959601",
            "147959602",
            "147959603",
            "147959604",
            "147959605"
        ]
    );
    assert_as_served(&as_json!(items), &served);
    mocks.assert_hits(&[1, 1, 1]).await;
}

#[tokio::test]
async fn hubspot_list_inboxes_take_one_page_never_requests_the_second() {
    let server = MockServer::start_async().await;
    let (mut pages, served) = hubspot_pages(&[], hubspot_inbox_json, true);
    pages.truncate(2);
    let mocks = PagedMocks::start(
        &server,
        &format!("{HUBSPOT_PREFIX}/inboxes"),
        ("authorization", HUBSPOT_BEARER),
        pages,
    )
    .await;
    let client = hubspot_client(&server);

    let items = collect_ok(client.list_inboxes().limit(2).stream().take(2), &mocks).await;

    assert_as_served(&as_json!(items), &served[0..2]);
    mocks.assert_hits(&[1, 0]).await;
}

#[tokio::test]
async fn hubspot_list_threads_streams_three_cursor_pages_once_each_and_stops() {
    let server = MockServer::start_async().await;
    let (pages, served) = hubspot_pages(
        &[("inboxId", "147959634"), ("threadStatus", "OPEN")],
        hubspot_thread_json,
        false,
    );
    let mocks = PagedMocks::start(
        &server,
        &format!("{HUBSPOT_PREFIX}/threads"),
        ("authorization", HUBSPOT_BEARER),
        pages,
    )
    .await;
    let client = hubspot_client(&server);

    let items = collect_ok(
        client
            .list_threads()
            .inbox_id(vec![147959634])
            .thread_status("OPEN")
            .limit(2)
            .stream(),
        &mocks,
    )
    .await;

    assert_eq!(
        items.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
        ["8001", "8002", "8003", "8004", "8005"]
    );
    assert_as_served(&as_json!(items), &served);
    mocks.assert_hits(&[1, 1, 1]).await;
}

#[tokio::test]
async fn hubspot_list_threads_take_one_page_never_requests_the_second() {
    let server = MockServer::start_async().await;
    let (mut pages, served) = hubspot_pages(&[], hubspot_thread_json, false);
    pages.truncate(2);
    let mocks = PagedMocks::start(
        &server,
        &format!("{HUBSPOT_PREFIX}/threads"),
        ("authorization", HUBSPOT_BEARER),
        pages,
    )
    .await;
    let client = hubspot_client(&server);

    let items = collect_ok(client.list_threads().limit(2).stream().take(2), &mocks).await;

    assert_as_served(&as_json!(items), &served[0..2]);
    mocks.assert_hits(&[1, 0]).await;
}

#[tokio::test]
async fn hubspot_list_messages_streams_three_cursor_pages_once_each_and_stops() {
    let server = MockServer::start_async().await;
    let (pages, served) = hubspot_pages(&[("sort", "createdAt")], hubspot_comment_json, false);
    let mocks = PagedMocks::start(
        &server,
        &format!("{HUBSPOT_PREFIX}/threads/8001/messages"),
        ("authorization", HUBSPOT_BEARER),
        pages,
    )
    .await;
    let client = hubspot_client(&server);

    let items = collect_ok(
        client
            .list_messages()
            .thread_id(8001)
            .sort(vec!["createdAt".to_owned()])
            .limit(2)
            .stream(),
        &mocks,
    )
    .await;

    use hubspot::types::CollectionResponsePublicMessageForwardPagingResultsItem as Item;
    let comments: Vec<(&str, &str)> = items
        .iter()
        .map(|m| match m {
            Item::PublicComment(c) => (c.id.as_str(), c.text.as_str()),
            other => panic!("expected a comment, got {other:?}"),
        })
        .collect();
    assert_eq!(
        comments,
        [
            ("M-5001", "Note 1"),
            ("M-5002", "Note 2"),
            ("M-5003", "Note 3"),
            ("M-5004", "Note 4"),
            ("M-5005", "Note 5")
        ]
    );
    assert_as_served(&as_json!(items), &served);
    mocks.assert_hits(&[1, 1, 1]).await;
}

#[tokio::test]
async fn hubspot_list_messages_take_one_page_never_requests_the_second() {
    let server = MockServer::start_async().await;
    let (mut pages, served) = hubspot_pages(&[], hubspot_comment_json, false);
    pages.truncate(2);
    let mocks = PagedMocks::start(
        &server,
        &format!("{HUBSPOT_PREFIX}/threads/8001/messages"),
        ("authorization", HUBSPOT_BEARER),
        pages,
    )
    .await;
    let client = hubspot_client(&server);

    let items = collect_ok(
        client
            .list_messages()
            .thread_id(8001)
            .limit(2)
            .stream()
            .take(2),
        &mocks,
    )
    .await;

    assert_as_served(&as_json!(items), &served[0..2]);
    mocks.assert_hits(&[1, 0]).await;
}
