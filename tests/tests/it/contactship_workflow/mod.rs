//! Contactship's conversation workflow (issue 11), one operation per test,
//! against a local mock server.
//!
//! Each mock matches the whole request the client must send (method, path,
//! query, JSON body, `x-api-key`): a request that differs in any of them gets
//! httpmock's 404 instead of the answer. Each test then checks the decoded
//! answer field by field.
//!
//! Values come from the docs (shared/provider-docs/contactship-*.txt) where
//! they give one; a comment marks the values the docs do not give.

use contactship_client::types;
use contactship_client::{Client, Error, RetryPolicy};
use httpmock::prelude::*;
use serde_json::json;

const API_KEY: &str = "cs-workflow-key-5d1e";

const THREAD_ID: &str = "thr-b2c3d4e5-f6a7-8901-bcde-f12345678901";
const MESSAGE_ID: &str = "msg-a1b2c3d4-e5f6-7890-abcd-ef1234567890";
const CONTACT_ID: &str = "c1d2e3f4-a5b6-7890-cdef-123456789012";
const ORGANIZATION_ID: &str = "org-f1e2d3c4-b5a6-7890-1234-567890abcdef";
const WABA_CHANNEL_ID: &str = "chn_y0xspd9p1v7vla6wkwc2z01u";

fn client(server: &MockServer) -> Client {
    Client::with_api_key(&server.base_url(), API_KEY)
}

mod channels_and_contacts;
mod errors;
mod threads_and_messages;
mod waba;
