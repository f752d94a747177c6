//! Go!Chat's get_thread_messages (offset).

use super::*;

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
