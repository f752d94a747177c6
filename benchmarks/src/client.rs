//! What the generated client adds to a request: `get_thread` through the
//! client (hooks, credential, retry wrapper, tracing span) against a bare
//! `reqwest` GET plus `serde_json`, on the same loopback mock server and the
//! same `reqwest::Client`, alternating so that both see the same noise.

use std::time::{Duration, Instant};

use crate::stats::median;

pub struct Latency {
    pub client: Duration,
    pub bare: Duration,
    /// The client with retries disabled ([`contactship_client::RetryPolicy::disabled`]):
    /// no copy of the request is kept, so `client` less this is the copy.
    pub no_retry: Duration,
}

const EXAMPLE: &str = r#"{"id":"thr-b2c3d4e5-f6a7-8901-bcde-f12345678901","channel_id":"chn_y0xspd9p1v7vla6wkwc2z01u","channel_type":"WABA","contact_id":"c1d2e3f4-a5b6-7890-cdef-123456789012","organization_id":"org-f1e2d3c4-b5a6-7890-1234-567890abcdef","status":"open","assignee":null,"assignee_type":null,"created_at":"2026-04-06T15:00:00Z","updated_at":"2026-04-06T15:05:00Z"}"#;

pub fn measure(requests: usize) -> Result<Latency, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let server = httpmock::MockServer::start_async().await;
        server
            .mock_async(|when, then| {
                when.method(httpmock::Method::GET).path("/v1/thread/thr-1");
                then.status(200)
                    .header("content-type", "application/json")
                    .body(EXAMPLE);
            })
            .await;
        let http = reqwest::Client::new();
        let mut client =
            contactship_client::Client::new_with_client(&server.base_url(), http.clone());
        client.set_api_key("benchmark-key");
        let mut no_retry = client.clone();
        no_retry.set_retry_policy(contactship_client::RetryPolicy::disabled());
        let url = format!("{}/v1/thread/thr-1", server.base_url());

        // Client, bare, client without retries.
        let mut took: [Vec<Duration>; 3] = Default::default();
        // Warm the connection pool and the code paths first; rotate which
        // goes first, so that none always follows another.
        for round in 0..requests + 20 {
            for turn in 0..3 {
                let which = (round + turn) % 3;
                let spent = match which {
                    0 => through_client(&client).await?,
                    1 => bare_request(&http, &url).await?,
                    _ => through_client(&no_retry).await?,
                };
                if round >= 20 {
                    took[which].push(spent);
                }
            }
        }
        Ok(Latency {
            client: median(&took[0]),
            bare: median(&took[1]),
            no_retry: median(&took[2]),
        })
    })
}

async fn through_client(client: &contactship_client::Client) -> Result<Duration, String> {
    let started = Instant::now();
    let thread = client
        .get_thread()
        .thread_id("thr-1")
        .send()
        .await
        .map_err(|e| e.to_string())?;
    std::hint::black_box(thread.into_inner());
    Ok(started.elapsed())
}

/// The request the generated client sends, written by hand: its headers
/// are the credential, `accept` and the `api-version` progenitor adds (the
/// spec's `info.version`), so that both sides put the same bytes on the wire.
async fn bare_request(http: &reqwest::Client, url: &str) -> Result<Duration, String> {
    use contactship_client::ClientInfo as _;
    let started = Instant::now();
    let response = http
        .get(url)
        .header("x-api-key", "benchmark-key")
        .header(reqwest::header::ACCEPT, "application/json")
        .header("api-version", contactship_client::Client::api_version())
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let bytes = response.bytes().await.map_err(|e| e.to_string())?;
    let thread: contactship_client::types::Thread =
        serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
    std::hint::black_box(thread);
    Ok(started.elapsed())
}

/// Listing many threads over pages, through the unified client and bare.
pub struct Listing {
    pub unified: Duration,
    pub bare: Duration,
    pub pages: usize,
    pub bytes: usize,
    /// Of `bare`: decoding the same pages into the typed client's page type.
    pub decode: Duration,
}

const HUBSPOT_THREADS: &str = "/conversations/v3/conversations/threads";

/// `threads` HubSpot threads (the docs' example, distinct ids) over pages of
/// `page_size`, linked by cursor as HubSpot links them; listed through
/// `ConversationsClient::list_threads` and by a bare reqwest + serde_json
/// loop that follows `paging.next.after`, alternating, on one loopback
/// mock server.
pub fn measure_list(
    root: &std::path::Path,
    threads: usize,
    page_size: usize,
    runs: usize,
) -> Result<Listing, String> {
    use futures::TryStreamExt as _;

    let example_path = root.join("tests/fixtures/normalize/hubspot-thread.json");
    let example: serde_json::Value = std::fs::read(&example_path)
        .map_err(|e| format!("cannot read {}: {e}", example_path.display()))
        .and_then(|b| serde_json::from_slice(&b).map_err(|e| e.to_string()))?;
    let pages = hubspot_pages(&example, threads, page_size);
    let bytes = pages.iter().map(|(_, body)| body.len()).sum();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let (unified, bare) = runtime.block_on(async {
        let server = httpmock::MockServer::start_async().await;
        for (cursor, body) in &pages {
            server
                .mock_async(|when, then| {
                    let when = when
                        .method(httpmock::Method::GET)
                        .path(HUBSPOT_THREADS)
                        .query_param("limit", page_size.to_string());
                    match cursor {
                        Some(cursor) => when.query_param("after", cursor),
                        None => when.query_param_missing("after"),
                    };
                    then.status(200)
                        .header("content-type", "application/json")
                        .body(body);
                })
                .await;
        }
        let http = reqwest::Client::new();
        let mut client = hubspot_client::Client::new_with_client(&server.base_url(), http.clone());
        client.set_bearer_token("benchmark");
        let url = format!("{}{HUBSPOT_THREADS}", server.base_url());
        let query = conversations::ThreadQuery {
            page_size: Some(page_size as u32),
            ..conversations::ThreadQuery::default()
        };

        let (mut ours, mut bare) = (Vec::new(), Vec::new());
        for round in 0..runs + 1 {
            let unified = async {
                let started = Instant::now();
                let listed: Vec<conversations::Thread> =
                    conversations::ConversationsClient::list_threads(&client, query.clone())
                        .try_collect()
                        .await
                        .map_err(|e| e.to_string())?;
                if listed.len() != threads {
                    return Err(format!("listed {} threads, not {threads}", listed.len()));
                }
                std::hint::black_box(listed);
                Ok::<_, String>(started.elapsed())
            };
            let (o, b) = if round % 2 == 0 {
                let o = unified.await?;
                (o, bare_list(&http, &url, page_size, threads).await?)
            } else {
                let b = bare_list(&http, &url, page_size, threads).await?;
                (unified.await?, b)
            };
            // The first round warms the pool and both paths.
            if round > 0 {
                ours.push(o);
                bare.push(b);
            }
        }
        Ok::<_, String>((median(&ours), median(&bare)))
    })?;

    let decode = median(&crate::stats::time_runs(runs, || {
        for (_, body) in &pages {
            let page: Option<hubspot_client::types::CollectionResponsePublicThreadForwardPaging> =
                serde_json::from_str(body).ok();
            std::hint::black_box(page);
        }
    }));
    Ok(Listing {
        unified,
        bare,
        pages: pages.len(),
        bytes,
        decode,
    })
}

/// (cursor that requests it, body) of each page.
fn hubspot_pages(
    example: &serde_json::Value,
    threads: usize,
    page_size: usize,
) -> Vec<(Option<String>, String)> {
    let count = threads.div_ceil(page_size);
    (0..count)
        .map(|page| {
            let results: Vec<serde_json::Value> = (page * page_size
                ..threads.min((page + 1) * page_size))
                .map(|i| {
                    let mut thread = example.clone();
                    thread["id"] = serde_json::json!((1_000_000 + i).to_string());
                    thread
                })
                .collect();
            let mut body = serde_json::json!({ "results": results });
            if page + 1 < count {
                body["paging"] =
                    serde_json::json!({ "next": { "after": format!("p{}", page + 1) } });
            }
            let cursor = (page > 0).then(|| format!("p{page}"));
            (cursor, body.to_string())
        })
        .collect()
}

async fn bare_list(
    http: &reqwest::Client,
    url: &str,
    page_size: usize,
    threads: usize,
) -> Result<Duration, String> {
    let started = Instant::now();
    let mut listed = Vec::new();
    let mut after: Option<String> = None;
    loop {
        // The headers the unified client sends: the credential and `accept`.
        let mut request = http
            .get(url)
            .bearer_auth("benchmark")
            .header(reqwest::header::ACCEPT, "application/json")
            .query(&[("limit", page_size.to_string())]);
        if let Some(after) = &after {
            request = request.query(&[("after", after)]);
        }
        let bytes = request
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .map_err(|e| e.to_string())?
            .bytes()
            .await
            .map_err(|e| e.to_string())?;
        let page: hubspot_client::types::CollectionResponsePublicThreadForwardPaging =
            serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
        listed.extend(page.results);
        match page.paging.and_then(|p| p.next) {
            Some(next) => after = Some(next.after),
            None => break,
        }
    }
    if listed.len() != threads {
        return Err(format!(
            "the bare loop listed {} threads, not {threads}",
            listed.len()
        ));
    }
    std::hint::black_box(listed);
    Ok(started.elapsed())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_link_by_cursor_and_hold_every_thread_once() {
        let example = serde_json::json!({ "id": "x", "status": "OPEN" });
        let pages = hubspot_pages(&example, 25, 10);
        let cursors: Vec<Option<&str>> = pages.iter().map(|(c, _)| c.as_deref()).collect();
        assert_eq!(cursors, [None, Some("p1"), Some("p2")]);
        let bodies: Vec<serde_json::Value> = pages
            .iter()
            .map(|(_, b)| serde_json::from_str(b).expect("JSON"))
            .collect();
        assert_eq!(bodies[0]["paging"]["next"]["after"], "p1");
        assert_eq!(bodies[1]["paging"]["next"]["after"], "p2");
        assert!(bodies[2].get("paging").is_none());
        let ids: Vec<&str> = bodies
            .iter()
            .flat_map(|b| b["results"].as_array().into_iter().flatten())
            .filter_map(|t| t["id"].as_str())
            .collect();
        assert_eq!(ids.len(), 25);
        assert_eq!((ids[0], ids[24]), ("1000000", "1000024"));
        assert_eq!(bodies[2]["results"][0]["status"], "OPEN");
    }
}
