//! The unified client's paginators: a list operation's pages, read over the
//! provider's scheme (from the spec's `x-pagination`), as a stream of the
//! listed items: typed, each with its raw payload ([`items`]), or raw only
//! ([`raw_items`]). Each item keeps its own text, byte for byte, for the
//! normalized value's `raw`; the generated code normalizes it.
//!
//! Each page is one `send` (the client's credential and retry policy); a
//! page that fails ends the stream with that error, after the items already
//! yielded. Pages are fetched lazily, as [`crate::paging::Items`] does.

use std::sync::Arc;

use serde::de::DeserializeOwned;

use super::page_read;
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

/// The items of `list`, page after page, each decoded as `T` and with its
/// raw payload.
///
/// A page is read in one pass over its text: its items decoded, its cursor
/// (or total) found, and the text kept once for the items' `raw`, which are
/// located in it only when first read ([`Raw::list`]). A page whose items do
/// not all decode is read again item by item, so that each bad item is its
/// own error and the good ones are still listed.
///
/// # Errors
/// Each item of the stream is an error where its page failed (as
/// [`raw_items`]), or [`Error::Decode`] with the item's own text where the
/// item is not a JSON object or does not fit `T`.
pub fn items<'a, T>(
    state: &'a ClientState,
    http: &'a reqwest::Client,
    baseurl: &'a str,
    list: List,
) -> Items<'a, (T, Raw), Error>
where
    T: DeserializeOwned + Send + 'a,
{
    let List {
        call,
        items,
        scheme,
    } = list;
    let other = match scheme {
        Scheme::Cursor { next, .. } => Some(next),
        Scheme::Offset { total, .. } => total,
        Scheme::Single => None,
    };
    let page = move |call: Call| async move {
        let operation = call.operation;
        let body = send(state, http, baseurl, call).await?;
        Ok::<_, Error>(typed_page::<T>(state, operation, body, items, other))
    };
    let pages: Items<'a, Result<(T, Raw), Error>, Error> = match scheme {
        Scheme::Cursor { param, .. } => paging::cursor(
            call,
            move |call| {
                let page = page(call);
                async move {
                    let (items, other) = page.await??;
                    Ok((items, other.as_ref().and_then(value_text)))
                }
            },
            move |call, cursor| call.with_query(param, cursor),
        ),
        Scheme::Offset { param, .. } => paging::offset(
            call,
            0,
            move |call| {
                let page = page(call);
                async move {
                    let (items, other) = page.await??;
                    Ok((items, other.and_then(|total| total.as_u64())))
                }
            },
            move |call, at| call.with_query(param, at.to_string()),
        ),
        Scheme::Single => paging::cursor(
            call,
            move |call| {
                let page = page(call);
                async move { Ok((page.await??.0, None)) }
            },
            |call, _| call,
        ),
    };
    Box::pin(futures::StreamExt::map(pages, |item| {
        item.and_then(|item| item)
    }))
}

/// One page's items (each decoded, or the error of its own text) and the
/// value at `other`.
type TypedPage<T> = (Vec<Result<(T, Raw), Error>>, Option<serde_json::Value>);

/// `body` read as [`items`] says: in one pass when every item decodes.
fn typed_page<T: DeserializeOwned>(
    state: &ClientState,
    operation: &'static str,
    body: Vec<u8>,
    items: &'static [&'static str],
    other: Option<&'static [&'static str]>,
) -> Result<TypedPage<T>, Error> {
    let decode = |body: &[u8], source| Error::Decode {
        provider: state.provider(),
        operation,
        body: String::from_utf8_lossy(body).into_owned(),
        source,
    };
    let text = match String::from_utf8(body) {
        Ok(text) => text,
        Err(e) => {
            let body = e.into_bytes();
            let source = Raw::from_slice(&body)
                .err()
                .unwrap_or_else(|| serde::de::Error::custom("the page is not UTF-8"));
            return Err(decode(&body, source));
        }
    };
    if let Ok(read) = page_read::read::<T>(&text, items, other) {
        let end = text.len();
        let raw = Raw::within(Arc::from(text), 0, end);
        let list = raw.list(items);
        let items = read
            .items
            .into_iter()
            .enumerate()
            .map(|(i, item)| Ok((item, list.item(i))))
            .collect();
        return Ok((items, read.other));
    }
    // Some item does not decode (or the page is not JSON): item by item.
    let raw = Raw::from_slice(text.as_bytes()).map_err(|source| decode(text.as_bytes(), source))?;
    let other = other.map(|path| raw.member(path).value());
    let items = raw
        .members(items)
        .into_iter()
        .map(|item| {
            let decoded = item
                .require_object()
                .and_then(|()| item.deserialize_as::<T>());
            match decoded {
                Ok(value) => Ok((value, item)),
                Err(source) => Err(decode(item.get().as_bytes(), source)),
            }
        })
        .collect();
    Ok((items, other))
}

/// A cursor as text: a JSON string's text, a number's digits; `None` for
/// anything else (no next page).
fn text(raw: &Raw) -> Option<String> {
    value_text(&raw.value())
}

fn value_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(text) => Some(text.clone()),
        serde_json::Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}
