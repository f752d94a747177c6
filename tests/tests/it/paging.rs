//! Paginators (issue 11, "Paging"): every list operation whose spec carries
//! `x-pagination` has a `stream()` on its builder. For each of them:
//!
//! - over three pages, the stream yields every item exactly once, in order,
//!   and stops: each page's mock (matching the page's query string exactly,
//!   so a wrong cursor or offset finds no answer) is hit exactly once, and a
//!   catch-all mock registered after them is never hit;
//! - `.take(n)` with `n` one page's length stops without requesting the
//!   second page.
//!
//! httpmock answers a request with the first mock (in the order they were
//! registered) that matches it, so the catch-all sees exactly the requests no
//! page mock matched.

use std::fmt::Debug;
use std::sync::{Arc, Mutex};

use contactship_client as contactship;
use futures::{Stream, StreamExt as _};
use gochat_client as gochat;
use httpmock::prelude::*;
use hubspot_client as hubspot;
use serde_json::{Value, json};

const CONTACTSHIP_KEY: &str = "cs-paging-key-41f0";
const WABA_CHANNEL_ID: &str = "chn_y0xspd9p1v7vla6wkwc2z01u";
const HUBSPOT_TOKEN: &str = "pat-na1-00000000-0000-4000-8000-PAGING";
const HUBSPOT_BEARER: &str = "Bearer pat-na1-00000000-0000-4000-8000-PAGING";
const GOCHAT_TOKEN: &str = "gct-paging-7c1d";
const GOCHAT_BEARER: &str = "Bearer gct-paging-7c1d";

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// A query string as a sorted list of pairs, for exact comparison.
fn query(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    pairs.sort();
    pairs
}

/// One page: the exact query string it is requested with, and its body.
struct Page {
    query: Vec<(String, String)>,
    body: Value,
}

/// The mocks of a paged list: one per page, and a catch-all for anything
/// else, which records what it was asked.
struct PagedMocks<'a> {
    pages: Vec<httpmock::Mock<'a>>,
    stray: httpmock::Mock<'a>,
    strays: Arc<Mutex<Vec<String>>>,
}

impl PagedMocks<'_> {
    /// `GET path` with `header` (the credential), one mock per page whose
    /// query string must be exactly the page's; registered before the
    /// catch-all, so they take precedence.
    async fn start<'a>(
        server: &'a MockServer,
        path: &str,
        header: (&str, &str),
        pages: Vec<Page>,
    ) -> PagedMocks<'a> {
        let mut mocks = Vec::new();
        for page in pages {
            let expected = page.query;
            let mock = server
                .mock_async(|when, then| {
                    when.method(GET)
                        .path(path)
                        .header(header.0, header.1)
                        .is_true(move |req: &HttpMockRequest| {
                            let mut got = req.query_params();
                            got.sort();
                            got == expected
                        });
                    then.status(200)
                        .header("content-type", "application/json")
                        .body(page.body.to_string());
                })
                .await;
            mocks.push(mock);
        }
        let strays: Arc<Mutex<Vec<String>>> = Arc::default();
        let log = Arc::clone(&strays);
        let stray = server
            .mock_async(|_when, then| {
                then.respond_with(move |req: &HttpMockRequest| {
                    log.lock().expect("strays lock").push(format!(
                        "{} {}",
                        req.method(),
                        req.uri_str()
                    ));
                    HttpMockResponse::builder()
                        .status(418)
                        .body("no page mock matches this request")
                        .build()
                });
            })
            .await;
        PagedMocks {
            pages: mocks,
            stray,
            strays,
        }
    }

    fn strays(&self) -> Vec<String> {
        self.strays.lock().expect("strays lock").clone()
    }

    /// Each page mock was hit exactly `expected[i]` times, and nothing else
    /// was requested.
    async fn assert_hits(&self, expected: &[usize]) {
        let mut hits = Vec::new();
        for mock in &self.pages {
            hits.push(mock.calls_async().await);
        }
        assert_eq!(
            hits,
            expected,
            "hits per page; requests no page matched: {:?}",
            self.strays()
        );
        assert_eq!(
            self.stray.calls_async().await,
            0,
            "requests no page matched: {:?}",
            self.strays()
        );
    }
}

/// Reads the whole stream; every item must be `Ok`.
async fn collect_ok<T, E: Debug>(
    stream: impl Stream<Item = Result<T, E>>,
    mocks: &PagedMocks<'_>,
) -> Vec<T> {
    let results: Vec<Result<T, E>> = stream.collect().await;
    results
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            r.unwrap_or_else(|e| {
                panic!(
                    "item {i} is an error: {e:?}; requests no page matched: {:?}",
                    mocks.strays()
                )
            })
        })
        .collect()
}

/// The items a stream yielded, each as the JSON its type serializes to.
macro_rules! as_json {
    ($items:expr) => {
        $items
            .iter()
            .map(|item| serde_json::to_value(item).expect("an item serializes"))
            .collect::<Vec<Value>>()
    };
}

/// The stream yielded the items the server sent, each once, in order: item
/// `i` has every field the server sent for item `i`, with the value sent.
fn assert_as_served(items: &[Value], served: &[Value]) {
    assert_eq!(
        items.len(),
        served.len(),
        "items yielded vs served: {items:#?}"
    );
    for (i, (item, sent)) in items.iter().zip(served).enumerate() {
        for (key, value) in sent.as_object().expect("a served item is an object") {
            assert_eq!(
                item.get(key),
                Some(value),
                "item {i}, field {key:?}: yielded {item}, served {sent}"
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Contactship: list_channels (offset, total `count`)
// ---------------------------------------------------------------------------

fn contactship_client(server: &MockServer) -> contactship::Client {
    contactship::Client::with_api_key(&server.base_url(), CONTACTSHIP_KEY)
}

fn channel_json(n: usize) -> Value {
    json!({
        "id": format!("chn_{n:02}"),
        "name": format!("Channel {n}"),
        "type": if n.is_multiple_of(2) { "WABA" } else { "INSTAGRAM" },
        "status": "active",
        "answer_method": "auto",
        "organization_id": "org-f1e2d3c4-b5a6-7890-1234-567890abcdef",
        "created_at": format!("2026-01-{n:02}T10:00:00Z")
    })
}

/// A page of channels `range`, with the total `count`.
fn channel_page(range: std::ops::Range<usize>, count: usize) -> Value {
    json!({
        "data": range.map(channel_json).collect::<Vec<_>>(),
        "count": count
    })
}

/// (id, name, type, created_at) of the channels the stream yielded.
fn channel_values(
    channels: &[contactship::types::Channel],
) -> Vec<(String, String, String, String)> {
    channels
        .iter()
        .map(|c| {
            (
                c.id.clone().expect("id"),
                c.name.clone().expect("name"),
                c.type_.as_ref().expect("type").as_str().to_owned(),
                c.created_at.clone().expect("created_at"),
            )
        })
        .collect()
}

fn expected_channels(range: std::ops::Range<usize>) -> Vec<(String, String, String, String)> {
    range
        .map(|n| {
            (
                format!("chn_{n:02}"),
                format!("Channel {n}"),
                (if n.is_multiple_of(2) {
                    "WABA"
                } else {
                    "INSTAGRAM"
                })
                .to_owned(),
                format!("2026-01-{n:02}T10:00:00Z"),
            )
        })
        .collect()
}

/// Pages of 2, 2 and 1 channels out of 5: the first request carries no
/// offset (the caller set none), the next ones 2 and 4; 2 + 2 + 1 reaches the
/// total, so no fourth page is asked for. The caller's other parameters
/// (`limit`, `status`) are on every page.
#[tokio::test]
async fn contactship_list_channels_streams_three_offset_pages_once_each_and_stops_at_count() {
    let server = MockServer::start_async().await;
    let mocks = PagedMocks::start(
        &server,
        "/v1/channels",
        ("x-api-key", CONTACTSHIP_KEY),
        vec![
            Page {
                query: query(&[("limit", "2"), ("status", "active")]),
                body: channel_page(1..3, 5),
            },
            Page {
                query: query(&[("limit", "2"), ("status", "active"), ("offset", "2")]),
                body: channel_page(3..5, 5),
            },
            Page {
                query: query(&[("limit", "2"), ("status", "active"), ("offset", "4")]),
                body: channel_page(5..6, 5),
            },
        ],
    )
    .await;
    let client = contactship_client(&server);

    let channels = collect_ok(
        client
            .list_channels()
            .limit(2)
            .status(contactship::types::ChannelStatus::Active)
            .stream(),
        &mocks,
    )
    .await;

    assert_eq!(channel_values(&channels), expected_channels(1..6));
    mocks.assert_hits(&[1, 1, 1]).await;
}

/// The caller's own offset is where the stream starts: 10, then 12, then 14
/// (of 15).
#[tokio::test]
async fn contactship_list_channels_streams_from_the_callers_offset() {
    let server = MockServer::start_async().await;
    let mocks = PagedMocks::start(
        &server,
        "/v1/channels",
        ("x-api-key", CONTACTSHIP_KEY),
        vec![
            Page {
                query: query(&[("limit", "2"), ("offset", "10")]),
                body: channel_page(11..13, 15),
            },
            Page {
                query: query(&[("limit", "2"), ("offset", "12")]),
                body: channel_page(13..15, 15),
            },
            Page {
                query: query(&[("limit", "2"), ("offset", "14")]),
                body: channel_page(15..16, 15),
            },
        ],
    )
    .await;
    let client = contactship_client(&server);

    let channels = collect_ok(client.list_channels().limit(2).offset(10).stream(), &mocks).await;

    assert_eq!(channel_values(&channels), expected_channels(11..16));
    mocks.assert_hits(&[1, 1, 1]).await;
}

/// `take(2)` with pages of 2: the first page only.
#[tokio::test]
async fn contactship_list_channels_take_one_page_never_requests_the_second() {
    let server = MockServer::start_async().await;
    let mocks = PagedMocks::start(
        &server,
        "/v1/channels",
        ("x-api-key", CONTACTSHIP_KEY),
        vec![
            Page {
                query: query(&[("limit", "2")]),
                body: channel_page(1..3, 5),
            },
            Page {
                query: query(&[("limit", "2"), ("offset", "2")]),
                body: channel_page(3..5, 5),
            },
        ],
    )
    .await;
    let client = contactship_client(&server);

    let channels = collect_ok(client.list_channels().limit(2).stream().take(2), &mocks).await;

    assert_eq!(channel_values(&channels), expected_channels(1..3));
    mocks.assert_hits(&[1, 0]).await;
}

/// `take(3)` with pages of 2: the second page is needed, a third is not
/// requested even though the total says there is one.
#[tokio::test]
async fn contactship_list_channels_take_three_requests_two_pages() {
    let server = MockServer::start_async().await;
    let mocks = PagedMocks::start(
        &server,
        "/v1/channels",
        ("x-api-key", CONTACTSHIP_KEY),
        vec![
            Page {
                query: query(&[("limit", "2")]),
                body: channel_page(1..3, 5),
            },
            Page {
                query: query(&[("limit", "2"), ("offset", "2")]),
                body: channel_page(3..5, 5),
            },
            Page {
                query: query(&[("limit", "2"), ("offset", "4")]),
                body: channel_page(5..6, 5),
            },
        ],
    )
    .await;
    let client = contactship_client(&server);

    let channels = collect_ok(client.list_channels().limit(2).stream().take(3), &mocks).await;

    assert_eq!(channel_values(&channels), expected_channels(1..4));
    mocks.assert_hits(&[1, 1, 0]).await;
}

// ---------------------------------------------------------------------------
// Contactship: waba_get_templates (Meta cursor `paging.cursors.after`)
// ---------------------------------------------------------------------------

fn template_json(n: usize) -> Value {
    json!({
        "id": format!("{n:010}"),
        "name": format!("template_{n}"),
        "language": "es",
        "status": "APPROVED",
        "category": if n.is_multiple_of(2) { "UTILITY" } else { "MARKETING" },
        "components": [{"type": "BODY", "text": format!("Hola {n}")}]
    })
}

/// A page of templates `range`; `after` is the next page's cursor (Meta's
/// `paging.cursors.after`), absent on the last page.
fn template_page(range: std::ops::Range<usize>, before: &str, after: Option<&str>) -> Value {
    let mut cursors = json!({ "before": before });
    if let Some(after) = after {
        cursors["after"] = json!(after);
    }
    json!({
        "success": true,
        "data": range.map(template_json).collect::<Vec<_>>(),
        "paging": { "cursors": cursors }
    })
}

/// (id, name, category, first component) of the templates the stream yielded.
fn template_values(
    templates: &[contactship::types::WabaTemplate],
) -> Vec<(String, String, String, Value)> {
    templates
        .iter()
        .map(|t| {
            (
                t.id.clone().expect("id"),
                t.name.clone().expect("name"),
                t.category.as_ref().expect("category").as_str().to_owned(),
                t.components[0].clone(),
            )
        })
        .collect()
}

fn expected_templates(range: std::ops::Range<usize>) -> Vec<(String, String, String, Value)> {
    range
        .map(|n| {
            (
                format!("{n:010}"),
                format!("template_{n}"),
                (if n.is_multiple_of(2) {
                    "UTILITY"
                } else {
                    "MARKETING"
                })
                .to_owned(),
                json!({"type": "BODY", "text": format!("Hola {n}")}),
            )
        })
        .collect()
}

/// Three pages of 2, 2 and 1 templates: the first request has no `after`, the
/// next ones carry the cursor of the page before (`MjQZD`, then `NDgZD`); the
/// third page has no `after`, so the stream ends there.
#[tokio::test]
async fn contactship_waba_get_templates_streams_three_cursor_pages_once_each_and_stops() {
    let server = MockServer::start_async().await;
    let mocks = PagedMocks::start(
        &server,
        "/v1/waba/templates",
        ("x-api-key", CONTACTSHIP_KEY),
        vec![
            Page {
                query: query(&[("channel_id", WABA_CHANNEL_ID), ("limit", "2")]),
                body: template_page(1..3, "MAZDZD", Some("MjQZD")),
            },
            Page {
                query: query(&[
                    ("channel_id", WABA_CHANNEL_ID),
                    ("limit", "2"),
                    ("after", "MjQZD"),
                ]),
                body: template_page(3..5, "MjMZD", Some("NDgZD")),
            },
            Page {
                query: query(&[
                    ("channel_id", WABA_CHANNEL_ID),
                    ("limit", "2"),
                    ("after", "NDgZD"),
                ]),
                body: template_page(5..6, "NDcZD", None),
            },
        ],
    )
    .await;
    let client = contactship_client(&server);

    let templates = collect_ok(
        client
            .waba_get_templates()
            .channel_id(WABA_CHANNEL_ID)
            .limit(2)
            .stream(),
        &mocks,
    )
    .await;

    assert_eq!(template_values(&templates), expected_templates(1..6));
    mocks.assert_hits(&[1, 1, 1]).await;
}

/// Meta's Graph API keeps `paging.cursors.after` on its last page (only
/// `paging.next` goes), and the Contactship docs do not say how the last page
/// is marked: the stream then asks once more, and the empty page that comes
/// back ends it, with no item twice.
#[tokio::test]
async fn contactship_waba_get_templates_ends_at_an_empty_page_when_the_last_page_keeps_a_cursor() {
    let server = MockServer::start_async().await;
    let mocks = PagedMocks::start(
        &server,
        "/v1/waba/templates",
        ("x-api-key", CONTACTSHIP_KEY),
        vec![
            Page {
                query: query(&[("channel_id", WABA_CHANNEL_ID), ("limit", "2")]),
                body: template_page(1..3, "MAZDZD", Some("MjQZD")),
            },
            Page {
                query: query(&[
                    ("channel_id", WABA_CHANNEL_ID),
                    ("limit", "2"),
                    ("after", "MjQZD"),
                ]),
                body: template_page(3..4, "MjMZD", Some("NDgZD")),
            },
            Page {
                query: query(&[
                    ("channel_id", WABA_CHANNEL_ID),
                    ("limit", "2"),
                    ("after", "NDgZD"),
                ]),
                body: json!({ "success": true, "data": [] }),
            },
        ],
    )
    .await;
    let client = contactship_client(&server);

    let templates = collect_ok(
        client
            .waba_get_templates()
            .channel_id(WABA_CHANNEL_ID)
            .limit(2)
            .stream(),
        &mocks,
    )
    .await;

    assert_eq!(template_values(&templates), expected_templates(1..4));
    mocks.assert_hits(&[1, 1, 1]).await;
}

/// `take(2)` with pages of 2: the cursor the first page names is never sent.
#[tokio::test]
async fn contactship_waba_get_templates_take_one_page_never_requests_the_second() {
    let server = MockServer::start_async().await;
    let mocks = PagedMocks::start(
        &server,
        "/v1/waba/templates",
        ("x-api-key", CONTACTSHIP_KEY),
        vec![
            Page {
                query: query(&[("channel_id", WABA_CHANNEL_ID), ("limit", "2")]),
                body: template_page(1..3, "MAZDZD", Some("MjQZD")),
            },
            Page {
                query: query(&[
                    ("channel_id", WABA_CHANNEL_ID),
                    ("limit", "2"),
                    ("after", "MjQZD"),
                ]),
                body: template_page(3..5, "MjMZD", None),
            },
        ],
    )
    .await;
    let client = contactship_client(&server);

    let templates = collect_ok(
        client
            .waba_get_templates()
            .channel_id(WABA_CHANNEL_ID)
            .limit(2)
            .stream()
            .take(2),
        &mocks,
    )
    .await;

    assert_eq!(template_values(&templates), expected_templates(1..3));
    mocks.assert_hits(&[1, 0]).await;
}

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

// ---------------------------------------------------------------------------
// Go!Chat: get_thread_messages (offset, total `total`)
// ---------------------------------------------------------------------------

const GOCHAT_THREAD_ID: &str = "thr_01JC8ZK3V9T4";

fn gochat_client(server: &MockServer) -> gochat::Client {
    gochat::Client::with_bearer_token(&server.base_url(), GOCHAT_TOKEN)
}

fn gochat_message_json(n: usize) -> Value {
    json!({
        "id": format!("msg_{n}"),
        "agent_id": 17 + n,
        "mailbox_id": "mbx_support",
        "from": "support@bank.example",
        "to": "anna.schmidt@example.org",
        "subject": format!("Your onboarding documents ({n})"),
        "content": format!("Message {n}: please upload the back of your ID."),
        "created_at": format!("2025-11-03T10:0{n}:17Z"),
        "priority": 1,
        "read_by_agents": [17, 23]
    })
}

/// Pages of 2, 2 and 1 messages out of `total` 5: no offset on the first
/// request, then 2 and 4.
fn gochat_pages() -> (Vec<Page>, Vec<Value>) {
    let served: Vec<Value> = (1..=5).map(gochat_message_json).collect();
    let body = |items: &[Value]| json!({ "messages": items, "total": 5 });
    let pages = vec![
        Page {
            query: query(&[("limit", "2")]),
            body: body(&served[0..2]),
        },
        Page {
            query: query(&[("limit", "2"), ("offset", "2")]),
            body: body(&served[2..4]),
        },
        Page {
            query: query(&[("limit", "2"), ("offset", "4")]),
            body: body(&served[4..5]),
        },
    ];
    (pages, served)
}

#[tokio::test]
async fn gochat_get_thread_messages_streams_three_offset_pages_once_each_and_stops_at_total() {
    let server = MockServer::start_async().await;
    let (pages, served) = gochat_pages();
    let mocks = PagedMocks::start(
        &server,
        &format!("/api/v1/thread/{GOCHAT_THREAD_ID}/messages"),
        ("authorization", GOCHAT_BEARER),
        pages,
    )
    .await;
    let client = gochat_client(&server);

    let items = collect_ok(
        client
            .get_thread_messages()
            .id(GOCHAT_THREAD_ID)
            .limit(2)
            .stream(),
        &mocks,
    )
    .await;

    assert_eq!(
        items
            .iter()
            .map(|m| (m.id.as_deref(), m.agent_id))
            .collect::<Vec<_>>(),
        [
            (Some("msg_1"), Some(18)),
            (Some("msg_2"), Some(19)),
            (Some("msg_3"), Some(20)),
            (Some("msg_4"), Some(21)),
            (Some("msg_5"), Some(22))
        ]
    );
    assert_as_served(&as_json!(items), &served);
    mocks.assert_hits(&[1, 1, 1]).await;
}

#[tokio::test]
async fn gochat_get_thread_messages_take_one_page_never_requests_the_second() {
    let server = MockServer::start_async().await;
    let (mut pages, served) = gochat_pages();
    pages.truncate(2);
    let mocks = PagedMocks::start(
        &server,
        &format!("/api/v1/thread/{GOCHAT_THREAD_ID}/messages"),
        ("authorization", GOCHAT_BEARER),
        pages,
    )
    .await;
    let client = gochat_client(&server);

    let items = collect_ok(
        client
            .get_thread_messages()
            .id(GOCHAT_THREAD_ID)
            .limit(2)
            .stream()
            .take(2),
        &mocks,
    )
    .await;

    assert_as_served(&as_json!(items), &served[0..2]);
    mocks.assert_hits(&[1, 0]).await;
}
