//! A query parameter as the generated client sends it, for the `mock`
//! helpers to match a request exactly as the client makes it.

use progenitor_client::QueryParam;

/// The `name=value` pairs the generated client sends for the query
/// parameter `name` holding `value`: progenitor's `QueryParam`, encoded as
/// `reqwest::RequestBuilder::query` encodes it (`serde_urlencoded`). An
/// array gives one pair per element; `None` gives none.
///
/// # Errors
/// `value` cannot be sent as a query parameter (a nested object, say): the
/// client's request would fail the same way. The message says why.
pub fn query_pairs<T: serde::Serialize>(
    name: &str,
    value: &T,
) -> Result<Vec<(String, String)>, String> {
    let encoded = serde_urlencoded::to_string(QueryParam::new(name, value))
        .map_err(|e| format!("the query parameter `{name}` cannot be sent: {e}"))?;
    serde_urlencoded::from_str(&encoded)
        .map_err(|e| format!("the query parameter `{name}` does not read back: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_arrays_and_absent_values_give_the_clients_pairs() {
        let pair = |n: &str, v: &str| (n.to_owned(), v.to_owned());
        assert_eq!(query_pairs("limit", &10).unwrap(), [pair("limit", "10")]);
        assert_eq!(
            query_pairs("q", &"a b&c").unwrap(),
            [pair("q", "a b&c")],
            "decoded back to the value itself"
        );
        assert_eq!(
            query_pairs("id", &vec!["x", "y"]).unwrap(),
            [pair("id", "x"), pair("id", "y")]
        );
        assert_eq!(query_pairs("after", &None::<String>).unwrap(), []);
        let nested = serde_json::json!({ "a": { "b": 1 } });
        let refused = query_pairs("filter", &nested).unwrap_err();
        assert!(refused.contains("`filter` cannot be sent"), "{refused}");
    }
}
