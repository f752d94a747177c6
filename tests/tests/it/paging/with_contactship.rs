//! Contactship's paged lists: list_channels (offset) and waba_get_templates (Meta cursor).

use super::*;

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
