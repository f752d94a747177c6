//! [`Raw`]: a provider's payload exactly as received, kept as JSON text.

use std::collections::HashMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;
use serde_json::value::RawValue;

/// A provider's payload exactly as it was received: every field it sent,
/// including fields the spec does not know, as JSON text, byte for byte.
///
/// It serializes as the JSON it holds. Keeping the text (rather than a
/// `serde_json::Value` tree) costs one copy of the bytes; read it with
/// [`Raw::value`] or [`Raw::deserialize_as`], or take the text with
/// [`Raw::get`].
///
/// ```
/// let raw = client_runtime::Raw::from_slice(br#"{"id": "t", "new": [1]}"#).expect("JSON");
/// assert_eq!(raw.get(), r#"{"id": "t", "new": [1]}"#);
/// assert_eq!(raw.value()["new"][0], 1);
/// assert_eq!(raw, serde_json::json!({ "id": "t", "new": [1] }));
/// ```
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Raw(Box<RawValue>);

impl Raw {
    /// The payload in `bytes`, checked to be one JSON value.
    ///
    /// # Errors
    /// serde_json's error, with line and column, when `bytes` is not JSON.
    pub fn from_slice(bytes: &[u8]) -> Result<Self, serde_json::Error> {
        serde_json::from_slice(bytes).map(Self)
    }

    /// `value` written as compact JSON.
    pub fn from_value(value: &Value) -> Self {
        // Writing a `Value` cannot fail: its map keys are strings.
        serde_json::value::to_raw_value(value).map_or_else(|_| Self::null(), Self)
    }

    /// JSON `null`: the payload of something the provider did not send.
    pub fn null() -> Self {
        Self(RawValue::NULL.to_owned())
    }

    /// The JSON text.
    pub fn get(&self) -> &str {
        self.0.get()
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
        if self.get().trim_start().starts_with('{') {
            Ok(())
        } else {
            crate::normalize::require_object(&self.value())
        }
    }

    /// The payload at `path` (member names), or `null` when there is none.
    pub fn member(&self, path: &[&str]) -> Raw {
        navigate(&self.0, path).map_or_else(Raw::null, |raw| Raw(raw.to_owned()))
    }

    /// The elements of the list at `path`, each as its own payload; empty
    /// when there is no list there. One pass over the text, however long
    /// the list: the raw payloads of a thread's embedded messages.
    pub fn members(&self, path: &[&str]) -> Vec<Raw> {
        navigate(&self.0, path)
            .and_then(|list| serde_json::from_str::<Vec<&RawValue>>(list.get()).ok())
            .map(|items| items.into_iter().map(|item| Raw(item.to_owned())).collect())
            .unwrap_or_default()
    }
}

/// The node at `path` below `root`, borrowed. `root` is already known to be
/// JSON, so only the objects on the way are read.
fn navigate<'a>(root: &'a RawValue, path: &[&str]) -> Option<&'a RawValue> {
    let mut node = root;
    for name in path {
        let members: HashMap<String, &'a RawValue> = serde_json::from_str(node.get()).ok()?;
        node = members.get(*name).copied()?;
    }
    Some(node)
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
    }

    #[test]
    fn not_json_is_an_error() {
        assert!(Raw::from_slice(b"{\"id\": ").is_err());
        assert!(Raw::from_slice(b"{} trailing").is_err());
    }
}
