//! One page of a list read in one pass over its text: the items at one path,
//! each decoded into its typed value (each required to be a JSON object),
//! and the JSON value at another path (the next cursor, or the total).
//! Every other member is skipped; a member that comes twice counts the
//! first time, as [`crate::Raw::member`] does.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// What one pass found in a page.
pub(crate) struct Read<T> {
    /// The items, in order; empty when the page has no list at the path (or
    /// `null` there).
    pub(crate) items: Vec<T>,
    /// The value at the other path, if the page has one.
    pub(crate) other: Option<Value>,
}

/// Reads `text` (a page's body) in one pass.
///
/// # Errors
/// serde_json's error, with line and column, when `text` is not JSON, an
/// item is not an object or does not fit `T`, or the list is not a list.
pub(crate) fn read<T: DeserializeOwned>(
    text: &str,
    items: &[&str],
    other: Option<&[&str]>,
) -> Result<Read<T>, serde_json::Error> {
    let mut reader = serde_json::Deserializer::from_str(text);
    let (items, other) = Walk::<T> {
        items: Some(items),
        other,
        item: PhantomData,
    }
    .deserialize(&mut reader)?;
    reader.end()?;
    Ok(Read {
        items: items.unwrap_or_default(),
        other,
    })
}

/// The two paths still to follow below the current node.
struct Walk<'p, T> {
    items: Option<&'p [&'p str]>,
    other: Option<&'p [&'p str]>,
    item: PhantomData<T>,
}

type Found<T> = (Option<Vec<T>>, Option<Value>);

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for Walk<'_, T> {
    type Value = Found<T>;

    fn deserialize<D: Deserializer<'de>>(self, reader: D) -> Result<Found<T>, D::Error> {
        match (self.items, self.other) {
            // The list itself.
            (Some([]), _) => {
                let items = Option::<Vec<Object<T>>>::deserialize(reader)?;
                Ok((items.map(|i| i.into_iter().map(|o| o.0).collect()), None))
            }
            (_, Some([])) => Ok((None, Some(Value::deserialize(reader)?))),
            (None, None) => {
                IgnoredAny::deserialize(reader)?;
                Ok((None, None))
            }
            _ => reader.deserialize_any(self),
        }
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for Walk<'_, T> {
    type Value = Found<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Found<T>, A::Error> {
        let (mut items, mut other) = (None, None);
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let key = key.0.as_ref();
            let (next_items, next_other) = (
                below(self.items, key, items.is_some()),
                below(self.other, key, other.is_some()),
            );
            let (found_items, found_other) = map.next_value_seed(Walk::<T> {
                items: next_items,
                other: next_other,
                item: PhantomData,
            })?;
            items = items.or(found_items);
            other = other.or(found_other);
        }
        Ok((items, other))
    }

    // Anything but an object has no members: nothing on either path.
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Found<T>, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok((None, None))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Found<T>, E> {
        Ok((None, None))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Found<T>, E> {
        Ok((None, None))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Found<T>, E> {
        Ok((None, None))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Found<T>, E> {
        Ok((None, None))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Found<T>, E> {
        Ok((None, None))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Found<T>, E> {
        Ok((None, None))
    }
}

/// The rest of `path` below the member `key`, unless it is not on the path
/// or was `done` (found already).
fn below<'p>(path: Option<&'p [&'p str]>, key: &str, done: bool) -> Option<&'p [&'p str]> {
    match path {
        Some([first, rest @ ..]) if !done && *first == key => Some(rest),
        _ => None,
    }
}

/// A member name: borrowed from the text unless it has escapes.
struct Key<'de>(std::borrow::Cow<'de, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(reader: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a member name")
            }
            fn visit_borrowed_str<E: de::Error>(self, name: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(name.into()))
            }
            fn visit_str<E: de::Error>(self, name: &str) -> Result<Key<'de>, E> {
                Ok(Key(name.to_owned().into()))
            }
        }
        reader.deserialize_str(KeyVisitor)
    }
}

/// A `T` that must be written as a JSON object: serde's derive would read
/// an array of the right length as a struct's fields in order.
pub(crate) struct Object<T>(pub(crate) T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(reader: D) -> Result<Self, D::Error> {
        struct ObjectVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
            type Value = Object<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Object<T>, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Object)
            }
        }
        reader.deserialize_map(ObjectVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, Deserialize, PartialEq)]
    struct Item {
        id: String,
    }

    #[test]
    fn items_and_cursor_in_one_pass() {
        let text = r#"{"results": [{"id": "a", "x": [1]}, {"id": "b"}], "skip": {"results": 1},
            "paging": {"next": {"after": "c2", "link": "?after=c2"}}, "results": [{"id": "z"}]}"#;
        let page =
            read::<Item>(text, &["results"], Some(&["paging", "next", "after"])).expect("reads");
        let ids: Vec<&str> = page.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["a", "b"], "the first `results` counts");
        assert_eq!(page.other, Some(json!("c2")));
    }

    #[test]
    fn paths_sharing_a_prefix_the_list_itself_and_nothing_there() {
        let text = r#"{"data": {"total": 7, "items": [{"id": "a"}]}}"#;
        let page = read::<Item>(text, &["data", "items"], Some(&["data", "total"])).expect("reads");
        assert_eq!(page.items, [Item { id: "a".into() }]);
        assert_eq!(page.other, Some(json!(7)));
        let page = read::<Item>(r#" [{"id": "a"}, {"id": "b"}] "#, &[], None).expect("reads");
        assert_eq!(page.items.len(), 2);
        let page = read::<Item>(
            r#"{"results": null, "next": 3}"#,
            &["results"],
            Some(&["nope"]),
        )
        .expect("reads");
        assert!(page.items.is_empty() && page.other.is_none());
    }

    #[test]
    fn an_item_that_is_not_an_object_or_a_broken_page_is_an_error() {
        let array = read::<Item>(r#"{"results": [["a"]]}"#, &["results"], None)
            .err()
            .expect("refused");
        assert!(
            array.to_string().contains("expected a JSON object"),
            "{array}"
        );
        let broken = read::<Item>("{\"results\": [{\"id\": 1}]}", &["results"], None)
            .err()
            .expect("refused");
        assert_eq!((broken.line(), broken.column()), (1, 21), "{broken}");
        assert!(read::<Item>(r#"{"results": []} {}"#, &["results"], None).is_err());
    }
}
