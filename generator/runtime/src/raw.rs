//! [`Raw`]: a provider's payload exactly as received, kept as JSON text.

use std::fmt;
use std::sync::{Arc, OnceLock};

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use serde_json::value::RawValue;

/// A provider's payload exactly as it was received: every field it sent,
/// including fields the spec does not know, as JSON text, byte for byte.
///
/// It serializes as the JSON it holds. The text is shared: the payloads
/// taken out of a larger one ([`Raw::members`], [`Raw::member`],
/// [`Raw::list`]: a thread's embedded messages, a page's items) are spans of
/// the same text, so keeping them costs no copy, and cloning a `Raw` copies
/// a pointer. A span keeps the whole text it came from alive. Read it with
/// [`Raw::value`] or [`Raw::deserialize_as`], or take the text with
/// [`Raw::get`].
///
/// ```
/// let raw = client_runtime::Raw::from_slice(br#"{"id": "t", "new": [1]}"#).expect("JSON");
/// assert_eq!(raw.get(), r#"{"id": "t", "new": [1]}"#);
/// assert_eq!(raw.value()["new"][0], 1);
/// assert_eq!(raw, serde_json::json!({ "id": "t", "new": [1] }));
/// ```
#[derive(Clone)]
pub struct Raw {
    text: Arc<str>,
    at: At,
}

/// Where a [`Raw`]'s value lies in its text.
#[derive(Clone)]
enum At {
    /// Always one JSON value between `start` and `end`.
    Span { start: usize, end: usize },
    /// The element `index` of a list, located on first read (`null` when the
    /// list has no such element).
    Item { list: Arc<Located>, index: usize },
}

/// The list at `path` below the value at `start..end` of a text, its
/// elements' spans found in one pass the first time one of them is read:
/// normalizing a thread or a page decodes the typed value in one pass and
/// does not read the text again unless a `raw` is read.
struct Located {
    start: usize,
    end: usize,
    path: &'static [&'static str],
    spans: OnceLock<Vec<(usize, usize)>>,
}

impl Located {
    fn spans(&self, text: &str) -> &[(usize, usize)] {
        self.spans.get_or_init(|| {
            let within = text.get(self.start..self.end).unwrap_or("null");
            find::<Vec<&RawValue>>(within, self.path)
                .map(|items| items.into_iter().map(|item| span(text, item)).collect())
                .unwrap_or_default()
        })
    }
}

/// The elements of a list inside a [`Raw`] (from [`Raw::list`]), each a
/// [`Raw`] sharing the text. Nothing is read until one of them is: then
/// every element is located in one pass over the list's text.
#[derive(Clone)]
pub struct RawList {
    text: Arc<str>,
    list: Arc<Located>,
}

impl RawList {
    /// The element at `index` (counted from 0), as its own payload; JSON
    /// `null` when the list has no such element (or there is no list).
    pub fn item(&self, index: usize) -> Raw {
        Raw {
            text: Arc::clone(&self.text),
            at: At::Item {
                list: Arc::clone(&self.list),
                index,
            },
        }
    }
}

impl fmt::Debug for RawList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawList")
            .field("path", &self.list.path)
            .finish_non_exhaustive()
    }
}

impl Raw {
    /// The payload in `bytes`, checked to be one JSON value.
    ///
    /// # Errors
    /// serde_json's error, with line and column, when `bytes` is not JSON.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, serde_json::Error> {
        let text = utf8(bytes)?;
        let value: &RawValue = serde_json::from_str(text)?;
        let (start, end) = span(text, value);
        Ok(Self {
            text: Arc::from(text),
            at: At::Span { start, end },
        })
    }

    /// The JSON object in `bytes` decoded as `T`, and kept as its text: in
    /// one pass, what normalizing a payload from its bytes does. The typed
    /// decode reads every byte (serde_json checks the members `T` does not
    /// know, and that nothing follows the value), so the text needs no pass
    /// of its own; keeping it costs one copy.
    ///
    /// # Errors
    /// serde_json's error, with line and column, when `bytes` is not JSON,
    /// is not an object (serde's derive would read an array of the right
    /// length as a struct's fields in order), or does not fit `T`.
    pub fn decode_object<T: de::DeserializeOwned>(
        bytes: &[u8],
    ) -> Result<(T, Self), serde_json::Error> {
        let text = utf8(bytes)?;
        let trimmed = text.trim_matches(JSON_SPACE);
        if !trimmed.starts_with('{') {
            return Err(Self::from_slice(bytes)?
                .require_object()
                .err()
                .unwrap_or_else(|| de::Error::custom("expected a JSON object")));
        }
        let value: T = serde_json::from_str(text)?;
        let start = text.len() - text.trim_start_matches(JSON_SPACE).len();
        Ok((
            value,
            Self::within(Arc::from(text), start, start + trimmed.len()),
        ))
    }

    /// The value at `start..end` of `text` (the caller knows it is one JSON
    /// value there).
    pub(crate) fn within(text: Arc<str>, start: usize, end: usize) -> Self {
        Self {
            text,
            at: At::Span { start, end },
        }
    }

    /// `value` written as compact JSON.
    pub fn from_value(value: &Value) -> Self {
        Self::whole(value.to_string())
    }

    /// JSON `null`: the payload of something the provider did not send.
    pub fn null() -> Self {
        Self::whole("null".to_owned())
    }

    /// `text`, known to be one JSON value with no space around it.
    fn whole(text: String) -> Self {
        let end = text.len();
        Self::within(Arc::from(text), 0, end)
    }

    /// The span `value` of this payload's text, sharing it.
    fn span_of(&self, value: &RawValue) -> Self {
        let (start, end) = span(&self.text, value);
        Self::within(Arc::clone(&self.text), start, end)
    }

    /// The JSON text.
    pub fn get(&self) -> &str {
        let (start, end) = match &self.at {
            At::Span { start, end } => (*start, *end),
            At::Item { list, index } => match list.spans(&self.text).get(*index) {
                Some(&span) => span,
                None => return "null",
            },
        };
        self.text.get(start..end).unwrap_or("null")
    }

    /// The payload as a `serde_json::Value` (parsed on each call).
    pub fn value(&self) -> Value {
        serde_json::from_str(self.get()).unwrap_or(Value::Null)
    }

    /// The payload decoded as `T`.
    ///
    /// # Errors
    /// serde_json's error when the payload does not fit `T`.
    pub fn deserialize_as<'a, T: Deserialize<'a>>(&'a self) -> Result<T, serde_json::Error> {
        serde_json::from_str(self.get())
    }

    /// Refuses a payload that is not a JSON object, before it is decoded into
    /// a provider's struct: serde's derive would otherwise read a JSON array
    /// of the right length as the struct's fields in order.
    ///
    /// # Errors
    /// serde_json's "invalid type" error, naming what was given instead.
    pub fn require_object(&self) -> Result<(), serde_json::Error> {
        if self.get().starts_with('{') {
            Ok(())
        } else {
            crate::__private::normalize::require_object(&self.value())
        }
    }

    /// The payload at `path` (member names), or `null` when there is none.
    /// One pass over the text, which it shares.
    pub fn member(&self, path: &[&str]) -> Raw {
        find::<&RawValue>(self.get(), path).map_or_else(Raw::null, |raw| self.span_of(raw))
    }

    /// The elements of this payload, a JSON array, each as its own payload
    /// sharing the text: the events of a webhook batch.
    ///
    /// # Errors
    /// serde_json's "invalid type" error when the payload is not an array.
    pub fn elements(&self) -> Result<Vec<Raw>, serde_json::Error> {
        let items: Vec<&RawValue> = serde_json::from_str(self.get())?;
        Ok(items.into_iter().map(|item| self.span_of(item)).collect())
    }

    /// The elements of the list at `path`, each located only when one of
    /// them is first read (then all of them, in one pass): the raw payloads
    /// of a thread's embedded messages, or of a page's items, which a
    /// caller that only reads the typed values never pays for. The element
    /// `i` of the list is [`RawList::item`]`(i)`.
    pub fn list(&self, path: &'static [&'static str]) -> RawList {
        let (start, end) = span_str(&self.text, self.get());
        RawList {
            text: Arc::clone(&self.text),
            list: Arc::new(Located {
                start,
                end,
                path,
                spans: OnceLock::new(),
            }),
        }
    }

    /// The elements of the list at `path`, each as its own payload; empty
    /// when there is no list there. One pass over the text, however long
    /// the list, and no copy: the raw payloads of a thread's embedded
    /// messages, of a page's items.
    pub fn members(&self, path: &[&str]) -> Vec<Raw> {
        find::<Vec<&RawValue>>(self.get(), path)
            .map(|items| items.into_iter().map(|item| self.span_of(item)).collect())
            .unwrap_or_default()
    }
}

/// What JSON allows around a value.
const JSON_SPACE: [char; 4] = [' ', '\t', '\n', '\r'];

/// `bytes` as text; serde_json's own error (with its place) when it is not
/// UTF-8.
fn utf8(bytes: &[u8]) -> Result<&str, serde_json::Error> {
    std::str::from_utf8(bytes).map_err(|_| {
        serde_json::from_slice::<IgnoredAny>(bytes)
            .err()
            .unwrap_or_else(|| de::Error::custom("the payload is not UTF-8"))
    })
}

/// Where `value`, borrowed from `text`, lies in it.
fn span(text: &str, value: &RawValue) -> (usize, usize) {
    span_str(text, value.get())
}

/// Where `part`, a slice of `text` (or a constant), lies in it.
fn span_str(text: &str, part: &str) -> (usize, usize) {
    let start = (part.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
    if start <= text.len() && part.len() <= text.len() - start {
        (start, start + part.len())
    } else {
        (0, 0)
    }
}

/// The node at `path` in `text` (already known to be JSON), read as `T`:
/// one pass that skips every member off the path.
fn find<'de, T: Deserialize<'de>>(text: &'de str, path: &[&str]) -> Option<T> {
    let mut reader = serde_json::Deserializer::from_str(text);
    Find {
        path,
        leaf: std::marker::PhantomData,
    }
    .deserialize(&mut reader)
    .ok()
    .flatten()
}

struct Find<'p, T> {
    path: &'p [&'p str],
    leaf: std::marker::PhantomData<T>,
}

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for Find<'_, T> {
    type Value = Option<T>;

    fn deserialize<D: Deserializer<'de>>(self, reader: D) -> Result<Option<T>, D::Error> {
        match self.path.split_first() {
            // At the end of the path: the node itself, or nothing when it is
            // not a `T` (a list expected, an object found).
            None => Ok(T::deserialize(reader).ok()),
            Some((name, rest)) => reader.deserialize_any(FindIn {
                name,
                rest,
                leaf: self.leaf,
            }),
        }
    }
}

/// Looks for the member `name` of an object, then for `rest` below it.
struct FindIn<'p, T> {
    name: &'p str,
    rest: &'p [&'p str],
    leaf: std::marker::PhantomData<T>,
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for FindIn<'_, T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object with a member `{}`", self.name)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Option<T>, A::Error> {
        let mut found = None;
        while let Some(is_it) = map.next_key_seed(KeyIs(self.name))? {
            if is_it && found.is_none() {
                found = map.next_value_seed(Find {
                    path: self.rest,
                    leaf: self.leaf,
                })?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(found)
    }

    // Anything but an object has no members.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Option<T>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(None)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }
}

/// A member name, compared with the one looked for without copying it.
struct KeyIs<'p>(&'p str);

impl<'de> DeserializeSeed<'de> for KeyIs<'_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, reader: D) -> Result<bool, D::Error> {
        reader.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeyIs<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<bool, E> {
        Ok(name == self.0)
    }
}

impl Serialize for Raw {
    /// The JSON it holds, as it is.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let value: &RawValue =
            serde_json::from_str(self.get()).map_err(serde::ser::Error::custom)?;
        value.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(reader: D) -> Result<Self, D::Error> {
        let value = Box::<RawValue>::deserialize(reader)?;
        Ok(Self::whole(value.get().to_owned()))
    }
}

impl fmt::Debug for Raw {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Raw").field(&self.get()).finish()
    }
}

impl PartialEq for Raw {
    /// The same text.
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

impl PartialEq<Value> for Raw {
    /// The same JSON value, whatever the formatting.
    fn eq(&self, other: &Value) -> bool {
        self.value() == *other
    }
}

impl fmt::Display for Raw {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.get())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keeps_the_text_byte_for_byte() {
        let text = br#"{ "b": 1.50, "a": "x\u00e9" }"#;
        let raw = Raw::from_slice(text).expect("JSON");
        assert_eq!(raw.get().as_bytes(), text);
        assert_eq!(
            serde_json::to_string(&raw).expect("serializes"),
            r#"{ "b": 1.50, "a": "x\u00e9" }"#
        );
    }

    #[test]
    fn members_and_member() {
        let raw = Raw::from_value(
            &json!({ "messages": [{ "id": "a" }, { "id": "b" }], "last": { "id": "c" } }),
        );
        let items = raw.members(&["messages"]);
        assert_eq!(items.len(), 2);
        assert_eq!(items[1], json!({ "id": "b" }));
        assert_eq!(raw.member(&["last"]), json!({ "id": "c" }));
        assert_eq!(raw.member(&["nope"]).get(), "null");
        assert!(raw.members(&["last"]).is_empty());
        assert!(raw.members(&["messages", "0"]).is_empty());
    }

    #[test]
    fn members_share_the_text_and_keep_their_own_bytes() {
        let text =
            br#" { "skip": {"messages": [9]}, "a": { "messages" : [ {"id":"x"} ,  [1, 2] ] } } "#;
        let raw = Raw::from_slice(text).expect("JSON");
        assert!(raw.get().starts_with('{') && raw.get().ends_with('}'));
        let items = raw.members(&["a", "messages"]);
        let texts: Vec<&str> = items.iter().map(Raw::get).collect();
        assert_eq!(texts, [r#"{"id":"x"}"#, "[1, 2]"]);
        assert!(Arc::ptr_eq(&items[0].text, &raw.text), "a span, not a copy");
        assert_eq!(
            raw.member(&["a", "messages"]).get(),
            r#"[ {"id":"x"} ,  [1, 2] ]"#
        );
        assert_eq!(raw.member(&["skip", "nope"]).get(), "null");
        assert_eq!(
            serde_json::to_string(&items[0]).expect("serializes"),
            r#"{"id":"x"}"#
        );
        let back: Raw = serde_json::from_str(r#" [1, {"b": 2}] "#).expect("JSON");
        assert_eq!(back.get(), r#"[1, {"b": 2}]"#);
    }

    #[test]
    fn list_items_are_located_once_on_first_read_and_share_the_text() {
        let text = br#" { "skip": {"messages": [9]}, "messages" : [ {"id":"x"} ,  [1, 2] ] } "#;
        let raw = Raw::from_slice(text).expect("JSON");
        let list = raw.list(&["messages"]);
        let (first, second, third) = (list.item(0), list.item(1), list.item(2));
        assert!(list.list.spans.get().is_none(), "nothing read yet");
        assert_eq!(second.get(), "[1, 2]");
        assert!(list.list.spans.get().is_some(), "located by the first read");
        assert_eq!(first.get(), r#"{"id":"x"}"#);
        assert_eq!(third.get(), "null", "no such element");
        assert!(Arc::ptr_eq(&first.text, &raw.text), "a span, not a copy");
        assert_eq!(first, json!({ "id": "x" }));
        assert_eq!(first.member(&["id"]).get(), r#""x""#);
        assert_eq!(raw.list(&["skip"]).item(0).get(), "null");
        assert_eq!(third.list(&["a"]).item(0).get(), "null");
        assert_eq!(
            serde_json::to_string(&first).expect("serializes"),
            r#"{"id":"x"}"#
        );
    }

    #[test]
    fn decode_object_keeps_the_text_of_what_it_decodes() {
        #[derive(Deserialize)]
        struct Thread {
            id: String,
        }
        let text = b"\n  {\"id\": \"t\", \"unknown\": [1, {\"x\": null}]}\r\n";
        let (thread, raw) = Raw::decode_object::<Thread>(text).expect("decodes");
        assert_eq!(thread.id, "t");
        assert_eq!(raw.get(), r#"{"id": "t", "unknown": [1, {"x": null}]}"#);
        let not_object = Raw::decode_object::<Thread>(b" [\"t\"]")
            .err()
            .expect("refused");
        assert!(
            not_object.to_string().contains("invalid type"),
            "{not_object}"
        );
        let broken = Raw::decode_object::<Thread>(b"{\"id\": \"t\", \"x\": [1,]}")
            .err()
            .expect("refused");
        assert_eq!((broken.line(), broken.column()), (1, 21), "{broken}");
        assert!(Raw::decode_object::<Thread>(b"{\"id\": \"t\"} {}").is_err());
        assert!(Raw::decode_object::<Thread>(b"{\"id\": \"\xff\"}").is_err());
    }

    #[test]
    fn not_json_is_an_error() {
        assert!(Raw::from_slice(b"{\"id\": ").is_err());
        assert!(Raw::from_slice(b"{} trailing").is_err());
    }
}
