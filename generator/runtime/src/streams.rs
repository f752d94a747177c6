//! Paginators: a list operation's pages read as one `futures::Stream` of
//! items, over the provider's own paging scheme.
//!
//! The generated `stream()` method of a list operation's builder calls
//! [`cursor`] or [`offset`] with two closures: one that sends a page request
//! and splits its body into the page's items and the paging value the body
//! carries (the next cursor, or the total count), and one that sets the
//! cursor or offset on a copy of the request. Pages are fetched lazily: the
//! next page is requested only when the stream is polled after the last item
//! of the page before, so `StreamExt::take(n)` never fetches a page it does
//! not need.
//!
//! A stream ends after a page with no items, a page without a next cursor (or
//! with the cursor it was requested with, which would loop), an offset at or
//! past the total, or the first error, which it yields as its last item.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;

use futures::Stream;

/// The items of a list operation, page after page, as a stream. Boxed, so
/// that it is `Unpin` (read it with `StreamExt::next`) and `Send`.
pub type Items<'a, T, E> = Pin<Box<dyn Stream<Item = Result<T, E>> + Send + 'a>>;

/// A number a provider counts items with (an offset or a total): a JSON
/// integer, or a JSON number where the docs type it so.
pub trait Count: Copy {
    /// The value as a count of items; a negative or fractional value is
    /// rounded towards zero and saturates.
    fn to_count(self) -> u64;
    /// The count as this type, saturating at its largest value.
    fn from_count(count: u64) -> Self;
}

macro_rules! integer_count {
    ($($t:ty),*) => {$(
        impl Count for $t {
            fn to_count(self) -> u64 {
                u64::try_from(self).unwrap_or(0)
            }
            fn from_count(count: u64) -> Self {
                <$t>::try_from(count).unwrap_or(<$t>::MAX)
            }
        }
    )*};
}
integer_count!(i32, i64, u32, u64, usize);

impl Count for f64 {
    fn to_count(self) -> u64 {
        // `as` saturates, and maps NaN to 0.
        self as u64
    }
    fn from_count(count: u64) -> Self {
        count as f64
    }
}

/// Items of a cursor-paged list: each page's body names the cursor of the
/// next page (HubSpot's `paging.next.after`, Meta's `paging.cursors.after`).
///
/// `first` is the request of the first page, as the caller built it.
/// `fetch` sends a request and returns the page's items and the next cursor
/// (`None` on the last page). `with_cursor` returns a copy of `first` that
/// asks for the page at a cursor.
pub fn cursor<'a, B, T, E, F, Fut, W>(first: B, fetch: F, with_cursor: W) -> Items<'a, T, E>
where
    B: Clone + Send + 'a,
    T: Send + 'a,
    E: Send + 'a,
    F: FnMut(B) -> Fut + Send + 'a,
    Fut: Future<Output = Result<(Vec<T>, Option<String>), E>> + Send + 'a,
    W: Fn(B, String) -> B + Send + 'a,
{
    let template = first.clone();
    let mut sent: Option<String> = None;
    paginate(first, fetch, move |cursor: Option<String>| {
        let cursor = cursor.filter(|c| !c.is_empty() && sent.as_ref() != Some(c))?;
        sent = Some(cursor.clone());
        Some(with_cursor(template.clone(), cursor))
    })
}

/// Items of an offset-paged list: each request names the index of its first
/// item, and the body may carry the total count of items (Go!Chat's
/// `total`, Contactship's `count`).
///
/// `first` is the request of the first page, asking for offset `start` (0
/// where the caller set none). `fetch` sends a request and returns the
/// page's items and the total, if the body has one. `with_offset` returns a
/// copy of `first` that asks for the page at an offset.
pub fn offset<'a, B, T, E, F, Fut, W>(
    first: B,
    start: u64,
    fetch: F,
    with_offset: W,
) -> Items<'a, T, E>
where
    B: Clone + Send + 'a,
    T: Send + 'a,
    E: Send + 'a,
    F: FnMut(B) -> Fut + Send + 'a,
    Fut: Future<Output = Result<(Vec<T>, Option<u64>), E>> + Send + 'a,
    W: Fn(B, u64) -> B + Send + 'a,
{
    let template = first.clone();
    let mut at = start;
    let mut fetch = fetch;
    // The page's length travels with its total, so that the next offset is
    // known when the page is split.
    let fetch = move |request: B| {
        let page = fetch(request);
        async move {
            let (items, total) = page.await?;
            let len = u64::try_from(items.len()).unwrap_or(u64::MAX);
            Ok((items, (len, total)))
        }
    };
    paginate(first, fetch, move |(len, total): (u64, Option<u64>)| {
        at = at.saturating_add(len);
        if total.is_some_and(|total| at >= total) {
            return None;
        }
        Some(with_offset(template.clone(), at))
    })
}

/// The stream both schemes share: fetch a page, yield its items one by one,
/// ask `next` for the request of the following page, stop on an empty page,
/// on `None` or after an error.
fn paginate<'a, B, T, E, P, F, Fut, N>(first: B, fetch: F, next: N) -> Items<'a, T, E>
where
    B: Send + 'a,
    T: Send + 'a,
    E: Send + 'a,
    P: Send + 'a,
    F: FnMut(B) -> Fut + Send + 'a,
    Fut: Future<Output = Result<(Vec<T>, P), E>> + Send + 'a,
    N: FnMut(P) -> Option<B> + Send + 'a,
{
    Box::pin(Pages {
        buffered: VecDeque::new(),
        request: Some(first),
        page: None,
        fetch,
        next,
    })
}

/// [`paginate`]'s stream. Written out rather than as `stream::unfold`, whose
/// state and item move through a new future on every poll: a listed item
/// (a few hundred bytes) is moved once out of its page here, and nothing
/// else moves between pages.
struct Pages<B, T, Fut, F, N> {
    buffered: VecDeque<T>,
    /// The request of the next page; `None` once the list has ended.
    request: Option<B>,
    /// The page being fetched.
    page: Option<Pin<Box<Fut>>>,
    fetch: F,
    next: N,
}

// Only the page's future is pinned, and it is boxed: the rest may move.
impl<B, T, Fut, F, N> Unpin for Pages<B, T, Fut, F, N> {}

impl<B, T, E, P, Fut, F, N> Stream for Pages<B, T, Fut, F, N>
where
    F: FnMut(B) -> Fut,
    Fut: Future<Output = Result<(Vec<T>, P), E>>,
    N: FnMut(P) -> Option<B>,
{
    type Item = Result<T, E>;

    fn poll_next(
        self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        use std::task::Poll;
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffered.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            let page = match &mut this.page {
                Some(page) => page,
                None => {
                    let Some(request) = this.request.take() else {
                        return Poll::Ready(None);
                    };
                    this.page.insert(Box::pin((this.fetch)(request)))
                }
            };
            let fetched = std::task::ready!(page.as_mut().poll(cx));
            this.page = None;
            match fetched {
                Ok((items, paging)) => {
                    if items.is_empty() {
                        return Poll::Ready(None);
                    }
                    this.buffered.extend(items);
                    this.request = (this.next)(paging);
                }
                // The error is the stream's last item.
                Err(error) => return Poll::Ready(Some(Err(error))),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures::StreamExt as _;
    use std::sync::{Arc, Mutex};

    /// A request: the cursor or offset it asks for.
    #[derive(Clone, Debug, PartialEq)]
    struct Request(Option<String>);

    fn run<T>(stream: Items<'_, T, String>) -> Vec<Result<T, String>> {
        futures::executor::block_on(stream.collect())
    }

    #[test]
    fn cursor_pages_are_read_until_no_next_cursor() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        let stream = cursor(
            Request(None),
            move |r: Request| {
                log.lock().unwrap().push(r.0.clone());
                async move {
                    Ok::<_, String>(match r.0.as_deref() {
                        None => (vec![1, 2], Some("b".to_owned())),
                        Some("b") => (vec![3], Some("c".to_owned())),
                        _ => (vec![4], None),
                    })
                }
            },
            |_, c| Request(Some(c)),
        );
        let items: Vec<i32> = run(stream).into_iter().map(Result::unwrap).collect();
        assert_eq!(items, [1, 2, 3, 4]);
        assert_eq!(
            *seen.lock().unwrap(),
            [None, Some("b".to_owned()), Some("c".to_owned())]
        );
    }

    #[test]
    fn a_cursor_that_repeats_ends_the_stream() {
        let stream = cursor(
            Request(None),
            |_: Request| async { Ok::<_, String>((vec![1], Some("same".to_owned()))) },
            |_, c| Request(Some(c)),
        );
        assert_eq!(run(stream), [Ok(1), Ok(1)]);
    }

    #[test]
    fn offsets_advance_by_the_page_length_and_stop_at_the_total() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        // The caller's request asks for offset 5.
        let stream = offset(
            5u64,
            5,
            move |at: u64| {
                log.lock().unwrap().push(at);
                async move { Ok::<_, String>(((at..(at + 2).min(9)).collect::<Vec<_>>(), Some(9))) }
            },
            |_, at| at,
        );
        let items: Vec<u64> = run(stream).into_iter().map(Result::unwrap).collect();
        assert_eq!(items, [5, 6, 7, 8]);
        assert_eq!(*seen.lock().unwrap(), [5, 7]);
    }

    #[test]
    fn without_a_total_an_empty_page_ends_the_stream_and_take_fetches_no_further() {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        let pages = move |at: u64| {
            log.lock().unwrap().push(at);
            async move {
                let items: Vec<u64> = if at < 4 { vec![at, at + 1] } else { vec![] };
                Ok::<_, String>((items, None))
            }
        };
        let all = run(offset(0u64, 0, pages.clone(), |_, at| at));
        assert_eq!(all, [Ok(0), Ok(1), Ok(2), Ok(3)]);
        assert_eq!(*seen.lock().unwrap(), [0, 2, 4]);
        seen.lock().unwrap().clear();
        let two = futures::executor::block_on(
            offset(0u64, 0, pages, |_, at| at)
                .take(2)
                .collect::<Vec<_>>(),
        );
        assert_eq!(two, [Ok(0), Ok(1)]);
        assert_eq!(*seen.lock().unwrap(), [0], "no second page for two items");
    }

    #[test]
    fn an_error_is_the_last_item() {
        let stream = cursor(
            Request(None),
            |r: Request| async move {
                match r.0 {
                    None => Ok((vec![1], Some("next".to_owned()))),
                    Some(_) => Err("503".to_owned()),
                }
            },
            |_, c| Request(Some(c)),
        );
        assert_eq!(run(stream), [Ok(1), Err("503".to_owned())]);
    }

    #[test]
    fn counts_convert_with_saturation() {
        assert_eq!(Count::to_count(-3i64), 0);
        assert_eq!(Count::to_count(12.9f64), 12);
        assert_eq!(<i32 as Count>::from_count(u64::MAX), i32::MAX);
        assert_eq!(<f64 as Count>::from_count(7), 7.0);
    }
}
