//! What the generated client adds to a request: `get_thread` through the
//! client (hooks, credential, retry wrapper, tracing span) against a bare
//! `reqwest` GET plus `serde_json`, on the same loopback mock server and the
//! same `reqwest::Client`, alternating so that both see the same noise.

use std::time::{Duration, Instant};

use crate::stats::median;

pub struct Latency {
    pub client: Duration,
    pub bare: Duration,
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
        let url = format!("{}/v1/thread/thr-1", server.base_url());

        let (mut ours, mut bare) = (Vec::new(), Vec::new());
        // Warm the connection pool and both code paths first; alternate which
        // goes first, so that neither always follows the other.
        for round in 0..requests + 20 {
            let (ours_took, bare_took) = if round % 2 == 0 {
                (
                    through_client(&client).await?,
                    bare_request(&http, &url).await?,
                )
            } else {
                let bare_took = bare_request(&http, &url).await?;
                (through_client(&client).await?, bare_took)
            };
            if round >= 20 {
                ours.push(ours_took);
                bare.push(bare_took);
            }
        }
        Ok(Latency {
            client: median(&ours),
            bare: median(&bare),
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

async fn bare_request(http: &reqwest::Client, url: &str) -> Result<Duration, String> {
    let started = Instant::now();
    let response = http
        .get(url)
        .header("x-api-key", "benchmark-key")
        .send()
        .await
        .map_err(|e| e.to_string())?;
    let bytes = response.bytes().await.map_err(|e| e.to_string())?;
    let thread: contactship_client::types::Thread =
        serde_json::from_slice(&bytes).map_err(|e| e.to_string())?;
    std::hint::black_box(thread);
    Ok(started.elapsed())
}
