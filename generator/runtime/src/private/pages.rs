//! The unified client's paginators: a list operation's pages, read over the
//! provider's scheme (from the spec's `x-pagination`), as a stream of the
//! listed items' raw payloads. Each item keeps its own text, byte for byte,
//! for the normalized value's `raw`; the generated code normalizes it.
//!
//! Each page is one `send` (the client's credential and retry policy); a
//! page that fails ends the stream with that error, after the items already
//! yielded. Pages are fetched lazily, as [`crate::paging::Items`] does.

use super::{Call, send};
use crate::streams::{self as paging, Items};
use crate::{ClientState, Error, Raw};

/// How the pages of a list follow each other.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    /// The query parameter `param` carries the cursor the body holds at
    /// `next` (member names); no cursor there: the last page.
    Cursor {
        /// The cursor's query parameter, e.g. `after`.
        param: &'static str,
        /// Where the body holds the next cursor, e.g. `paging.next.after`.
        next: &'static [&'static str],
    },
    /// The query parameter `param` is the index of the first item; the body
    /// may hold the total at `total`.
    Offset {
        /// The offset's query parameter, e.g. `offset`.
        param: &'static str,
        /// Where the body holds the total count of items, if it does.
        total: Option<&'static [&'static str]>,
    },
    /// One request answers the whole list.
    Single,
}

/// A list operation as the unified client calls it.
#[derive(Clone, Debug)]
pub struct List {
    /// The first page's request.
    pub call: Call,
    /// Where the page's body holds its items (member names); empty when the
    /// body is the list itself.
    pub items: &'static [&'static str],
    /// How the next page is asked for.
    pub scheme: Scheme,
}

/// The items of `list`, page after page, each as its raw payload.
///
/// # Errors
/// Each item of the stream is an error where its page failed: as `send`,
/// or [`Error::Decode`] (with the body) when a page is not JSON.
pub fn raw_items<'a>(
    state: &'a ClientState,
    http: &'a reqwest::Client,
    baseurl: &'a str,
    list: List,
) -> Items<'a, Raw, Error> {
    let List {
        call,
        items,
        scheme,
    } = list;
    let page = move |call: Call| async move {
        let operation = call.operation;
        let body = send(state, http, baseurl, call).await?;
        let raw = Raw::from_slice(&body).map_err(|source| Error::Decode {
            provider: state.provider(),
            operation,
            body: String::from_utf8_lossy(&body).into_owned(),
            source,
        })?;
        Ok::<_, Error>((raw.members(items), raw))
    };
    match scheme {
        Scheme::Cursor { param, next } => paging::cursor(
            call,
            move |call| {
                let page = page(call);
                async move {
                    let (items, raw) = page.await?;
                    Ok((items, text(&raw.member(next))))
                }
            },
            move |call, cursor| call.with_query(param, cursor),
        ),
        Scheme::Offset { param, total } => paging::offset(
            call,
            0,
            move |call| {
                let page = page(call);
                async move {
                    let (items, raw) = page.await?;
                    let total = total.and_then(|path| raw.member(path).value().as_u64());
                    Ok((items, total))
                }
            },
            move |call, at| call.with_query(param, at.to_string()),
        ),
        Scheme::Single => paging::cursor(
            call,
            move |call| {
                let page = page(call);
                async move { Ok((page.await?.0, None)) }
            },
            |call, _| call,
        ),
    }
}

/// A cursor as text: a JSON string's text, a number's digits; `None` for
/// anything else (no next page).
fn text(raw: &Raw) -> Option<String> {
    match raw.value() {
        serde_json::Value::String(text) => Some(text),
        serde_json::Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}
