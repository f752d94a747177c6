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

mod with_contactship;
mod with_gochat;
mod with_hubspot;
