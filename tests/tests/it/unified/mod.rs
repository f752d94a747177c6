//! The unified client (`conversations::ConversationsClient`) doing the whole
//! workflow against local mock servers: list and page threads, list a
//! thread's messages, reply, update. For each provider and operation, the
//! requests it sends (method, path, query, body, credential: a request that
//! differs matches no mock and fails) and the normalized values it returns;
//! what a provider cannot do is refused before any request (a catch-all mock
//! counts zero hits); and a reply keeps the retry rules of issue 11.
//!
//! Payloads are the docs' examples where the specs carry one
//! ([`spec_example`]), otherwise built field by field from the spec's schema.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use client_runtime::{ErrorKind, RetryPolicy};
use conversations::{
    AssigneeKind, AssigneeUpdate, ConversationsClient, Direction, MessagesState, NewMessage,
    ParticipantRole, ThreadQuery, ThreadStatus, ThreadUpdate,
};
use futures::{StreamExt as _, TryStreamExt as _};
use httpmock::prelude::*;
use serde_json::{Value, json};

const CONTACTSHIP_KEY: &str = "cs-unified-key";
const HUBSPOT_TOKEN: &str = "pat-unified-token";
const DELIGHTBRIDGE_SESSION: &str = "db-unified-session";
const GOCHAT_TOKEN: &str = "gochat-unified-token";

/// The example of the JSON at `pointer` in `specs/<spec>.yaml`.
fn spec_example(spec: &str, pointer: &str) -> Value {
    let path = integration_tests::repo_root().join(format!("specs/{spec}.yaml"));
    let text = std::fs::read_to_string(&path).expect("the spec");
    let yaml: serde_yaml::Value = serde_yaml::from_str(&text).expect("YAML");
    let json: Value = serde_json::to_value(yaml).expect("JSON");
    json.pointer(pointer)
        .cloned()
        .unwrap_or_else(|| panic!("{spec}.yaml has no {pointer}"))
}

/// A mock of anything not matched by the test's own mocks: it must see no
/// request. Register it last: httpmock tries mocks in order.
async fn catch_all(server: &MockServer) -> httpmock::Mock<'_> {
    server
        .mock_async(|_, then| {
            then.status(599);
        })
        .await
}

/// No retry waits: a retry that should not happen would happen at once.
fn quick() -> RetryPolicy {
    RetryPolicy::default()
        .with_max_attempts(3)
        .with_initial_delay(Duration::from_millis(5))
        .with_max_delay(Duration::from_millis(20))
}

fn invalid_field(error: &client_runtime::Error) -> &'static str {
    match error {
        client_runtime::Error::Invalid { field, .. } => field,
        other => panic!("expected Error::Invalid, got {other:?}"),
    }
}

mod contactship;
mod delightbridge;
mod gochat;
mod hubspot;
