//! The events of a verified webhook delivery, each kept as its own payload.

use crate::Raw;
use crate::webhooks::WebhookError;

/// The events in `body`: the elements of a JSON array when the webhook
/// delivers a `batch`, else the body itself, one JSON object. Each keeps its
/// text byte for byte (`raw`), sharing the body's.
///
/// # Errors
/// [`WebhookError::Body`] (400) when the body is not JSON, a batch is not an
/// array, or an event is not an object: the delivery is not what the
/// provider sends.
pub fn events(body: &[u8], batch: bool) -> Result<Vec<Raw>, WebhookError> {
    let whole = Raw::from_slice(body)?;
    let events = if batch {
        whole.elements()?
    } else {
        vec![whole]
    };
    for event in &events {
        event.require_object()?;
    }
    Ok(events)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_is_split_into_its_events_byte_for_byte() {
        let body = br#"[ {"eventId": 1, "x": [1, 2]},{"eventId":2} ]"#;
        let split = events(body, true).expect("a batch");
        let texts: Vec<&str> = split.iter().map(Raw::get).collect();
        assert_eq!(
            texts,
            [r#"{"eventId": 1, "x": [1, 2]}"#, r#"{"eventId":2}"#]
        );
        assert_eq!(events(b"[]", true).expect("an empty batch").len(), 0);
    }

    #[test]
    fn one_event_is_the_body_itself() {
        let one = events(br#" {"event_id": "e-1"} "#, false).expect("an object");
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].get(), r#"{"event_id": "e-1"}"#);
    }

    #[test]
    fn a_body_that_is_not_the_expected_form_is_malformed() {
        for (body, batch) in [
            (&b"not json"[..], true),
            (br#"{"eventId": 1}"#, true),
            (b"[1, 2]", true),
            (b"[1]", false),
            (b"", false),
        ] {
            let error = events(body, batch).expect_err("refused");
            assert!(error.is_malformed(), "{body:?}: {error}");
            assert_eq!(error.status().as_u16(), 400);
        }
    }
}
