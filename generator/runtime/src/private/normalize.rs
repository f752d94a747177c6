//! The named transforms of the mapping files (`specs/mappings/*.yaml`), which
//! the generated `conversations` crate calls. Each is total: a value that does
//! not fit gives `None` (or an empty list), never an error or a panic, because
//! the provider's payload is always kept verbatim beside the normalized value.

use chrono::{DateTime, Datelike, Utc};
use serde::de::{Error as _, Unexpected};

/// `transform: timestamp`: an RFC 3339 date-time, converted to UTC.
///
/// Returns `None` for anything else (an empty string, a date without time, a
/// number), and for an instant that UTC puts outside the years 0000–9999,
/// which RFC 3339 cannot write (`0000-01-01T00:00:00+00:01`): the original
/// stays in the payload (`raw`).
pub fn timestamp(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
        .filter(|t| (0..=9999).contains(&t.year()))
}

/// An instant given in milliseconds since the Unix epoch (HubSpot's
/// webhook `occurredAt`); `None` outside the years 0000–9999, as for
/// [`timestamp`].
pub fn epoch_millis(millis: impl TryInto<i64>) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp_millis(millis.try_into().ok()?)
        .filter(|t| (0..=9999).contains(&t.year()))
}

/// Refuses a payload that is not a JSON object before it is decoded into a
/// provider's struct: serde's derive would otherwise read a JSON array of the
/// right length as the struct's fields in order.
///
/// # Errors
/// serde_json's "invalid type" error, naming what was given instead.
pub fn require_object(raw: &serde_json::Value) -> Result<(), serde_json::Error> {
    let unexpected = match raw {
        serde_json::Value::Object(_) => return Ok(()),
        serde_json::Value::Null => Unexpected::Unit,
        serde_json::Value::Bool(b) => Unexpected::Bool(*b),
        serde_json::Value::Number(_) => Unexpected::Other("a number"),
        serde_json::Value::String(s) => Unexpected::Str(s),
        serde_json::Value::Array(_) => Unexpected::Seq,
    };
    Err(serde_json::Error::invalid_type(
        unexpected,
        &"a JSON object",
    ))
}

/// `transform: split_addresses`: `"a@x.com, b@y.com"` → `["a@x.com",
/// "b@y.com"]`. Splits on commas and semicolons, trims, drops empty entries.
pub fn split_addresses(text: &str) -> Vec<String> {
    text.split([',', ';'])
        .map(str::trim)
        .filter(|address| !address.is_empty())
        .map(str::to_owned)
        .collect()
}

/// `transform: to_integer`: a JSON number given as floating point, such as a
/// count documented as `number`, when it is a whole number that fits an i64.
pub fn integer(number: f64) -> Option<i64> {
    // i64::MAX as f64 rounds up to 2^63, which does not fit: compare with <.
    let fits = number.fract() == 0.0 && number >= i64::MIN as f64 && number < i64::MAX as f64;
    fits.then_some(number as i64)
}

/// `transform: to_string` on an untyped JSON value: a string as itself, any
/// other value as its JSON text (`3` → `"3"`, `true` → `"true"`). `null` gives
/// `None`.
pub fn json_text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::Null => None,
        serde_json::Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    }
}

/// `join: [...]`: the given parts that are present and not blank, joined by
/// one space (`["Jane", None, "Smith"]` → `"Jane Smith"`); `None` when no part
/// is left.
pub fn join(parts: &[Option<&str>]) -> Option<String> {
    let kept: Vec<&str> = parts
        .iter()
        .flatten()
        .map(|part| part.trim())
        .filter(|part| !part.is_empty())
        .collect();
    (!kept.is_empty()).then(|| kept.join(" "))
}

/// `input: text_html` in a write: a plain text as HTML, for a provider that
/// takes only an HTML body. `&`, `<`, `>`, `"` and `'` are escaped and each
/// line break becomes `<br>`, so the text reads as it was written and no
/// markup in it is interpreted.
pub fn text_as_html(text: &str) -> String {
    let mut html = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' => html.push_str("&quot;"),
            '\'' => html.push_str("&#39;"),
            '\r' => {
                chars.next_if_eq(&'\n');
                html.push_str("<br>");
            }
            '\n' => html.push_str("<br>"),
            other => html.push(other),
        }
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_as_html_escapes_markup_and_keeps_line_breaks() {
        assert_eq!(
            text_as_html("a < b & \"c\" 'd'\r\nnext\nlast"),
            "a &lt; b &amp; &quot;c&quot; &#39;d&#39;<br>next<br>last"
        );
        assert_eq!(text_as_html(""), "");
    }

    #[test]
    fn epoch_millis_are_utc_instants_within_rfc_3339() {
        // HubSpot's official signature example's timestamp.
        let instant = epoch_millis(1_693_657_560_000_i64).expect("in range");
        assert_eq!(instant.to_rfc3339(), "2023-09-02T12:26:00+00:00");
        assert_eq!(
            epoch_millis(0).map(|t| t.to_rfc3339()),
            Some("1970-01-01T00:00:00+00:00".to_owned())
        );
        assert_eq!(epoch_millis(i64::MAX), None);
        assert_eq!(epoch_millis(-62_167_219_200_001_i64), None, "year -1");
        assert_eq!(epoch_millis(u64::MAX), None, "beyond i64");
    }

    #[test]
    fn timestamps_parse_to_utc_or_give_none() {
        let parsed = timestamp("2026-04-06T17:00:00+02:00").expect("RFC 3339");
        assert_eq!(parsed.to_rfc3339(), "2026-04-06T15:00:00+00:00");
        assert_eq!(
            timestamp("2026-03-01T10:30:00.000Z").map(|t| t.timestamp_millis()),
            Some(1_772_361_000_000)
        );
        assert_eq!(timestamp("yesterday"), None);
        assert_eq!(timestamp("2026-04-06"), None);
        assert_eq!(
            timestamp("0000-01-01T00:00:00+00:01"),
            None,
            "year -1 in UTC"
        );
        assert_eq!(
            timestamp("9999-12-31T23:59:59-01:00"),
            None,
            "year 10000 in UTC"
        );
        assert!(timestamp("0000-01-01T00:00:00Z").is_some());
        assert_eq!(timestamp(""), None);
    }

    #[test]
    fn addresses_split_on_commas_and_semicolons() {
        assert_eq!(
            split_addresses("a@x.com, b@y.com;c@z.com ,"),
            ["a@x.com", "b@y.com", "c@z.com"]
        );
        assert!(split_addresses(" , ").is_empty());
    }

    #[test]
    fn integers_only_from_whole_numbers_in_range() {
        assert_eq!(integer(2.0), Some(2));
        assert_eq!(integer(-7.0), Some(-7));
        assert_eq!(integer(2.5), None);
        assert_eq!(integer(f64::NAN), None);
        assert_eq!(integer(f64::INFINITY), None);
        assert_eq!(integer(9.3e18), None);
    }

    #[test]
    fn json_text_of_each_kind() {
        assert_eq!(json_text(&serde_json::json!(3)), Some("3".to_owned()));
        assert_eq!(
            json_text(&serde_json::json!("open")),
            Some("open".to_owned())
        );
        assert_eq!(json_text(&serde_json::json!(true)), Some("true".to_owned()));
        assert_eq!(
            json_text(&serde_json::json!({"a": 1})),
            Some(r#"{"a":1}"#.to_owned())
        );
        assert_eq!(json_text(&serde_json::Value::Null), None);
    }

    #[test]
    fn only_objects_pass_require_object() {
        assert!(require_object(&serde_json::json!({})).is_ok());
        let error = require_object(&serde_json::json!([1])).expect_err("an array");
        assert_eq!(
            error.to_string(),
            "invalid type: sequence, expected a JSON object"
        );
        let error = require_object(&serde_json::json!("x")).expect_err("a string");
        assert_eq!(
            error.to_string(),
            "invalid type: string \"x\", expected a JSON object"
        );
    }

    #[test]
    fn join_keeps_present_parts() {
        assert_eq!(
            join(&[Some("Jane"), None, Some(" Smith ")]),
            Some("Jane Smith".to_owned())
        );
        assert_eq!(join(&[Some(""), None]), None);
    }
}
