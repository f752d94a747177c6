//! The four generated clients against a local mock server (loopback only).
//!
//! For every operation: the documented example response decodes to exactly the
//! value the docs show (every field), the request goes out with the right
//! method, path, query and credential, and each documented error status comes
//! back as an error carrying that status. Then forward compatibility (extra
//! fields, values an enum does not list, missing and null fields) and the
//! handling of the credential itself (never in `Debug`, never sent by a client
//! built without one).

use contactship_client as contactship;
use delightbridge_client as delightbridge;
use gochat_client as gochat;
use httpmock::prelude::*;
use hubspot_client as hubspot;
use serde_json::{Value, json};

/// Distinctive secrets, so that a leak is unmistakable in `Debug` output.
const CONTACTSHIP_API_KEY: &str = "cs-live-key-7Qz9-DO-NOT-LEAK";
const HUBSPOT_TOKEN: &str = "pat-na1-hubspot-4f1c-DO-NOT-LEAK";
const DELIGHTBRIDGE_SESSION: &str = "db-session-91aa-DO-NOT-LEAK";
const GOCHAT_TOKEN: &str = "algoreg-token-c0ffee-DO-NOT-LEAK";

fn some(value: &str) -> Option<String> {
    Some(value.to_owned())
}

fn object(value: Value) -> serde_json::Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("expected a JSON object, got {other}"),
    }
}

mod credentials;
mod with_contactship;
mod with_delightbridge;
mod with_gochat;
mod with_hubspot;
use with_hubspot::hubspot_thread_example;
use with_hubspot::hubspot_thread_example_json;
