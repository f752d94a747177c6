//! What a response costs a service after the bytes arrive: decoding into the
//! generated types, against decoding and normalizing (payload kept verbatim
//! in `raw`), on the same bytes.

use std::time::Duration;

use conversations::Provider;
use serde_json::{Value, json};

use crate::stats::{median, time_interleaved, time_runs};

/// One payload set, measured both ways.
pub struct Throughput {
    pub bytes: usize,
    pub decode: Duration,
    pub normalize: Duration,
    /// Of `normalize`: keeping the payload as text, measured alone: the
    /// one-pass decode that keeps it (`Raw::decode_object`) less the plain
    /// decode.
    pub keep_raw: Duration,
    /// Not in `normalize`: reading every embedded message's `raw` of the
    /// normalized value once, which locates them all in one pass over the
    /// text (zero where the payload embeds none).
    pub read_raws: Duration,
}

/// A DelightBridge thread with `messages` messages of about 450 bytes each
/// (the docs' example, repeated with distinct ids and bodies).
pub fn delightbridge_thread(messages: usize) -> Vec<u8> {
    let items: Vec<Value> = (0..messages)
        .map(|i| {
            let inbound = i % 2 == 0;
            json!({
                "id": format!("msg_{i:05}"),
                "fromEmail": if inbound { "jane.smith@example.com" } else { "support@example.com" },
                "fromName": if inbound { "Jane Smith" } else { "Support Team" },
                "toEmail": if inbound { "support@example.com" } else { "jane.smith@example.com" },
                "body": format!("<p>Message {i} about order #5678.</p><p>Thank you for reaching out. We are looking into this and will get back to you with an update as soon as we hear from the warehouse team, usually within one business day.</p><p>Kind regards,<br>Support Team</p>"),
                "direction": if inbound { "inbound" } else { "outbound" },
                "timestamp": format!("2026-03-01T{:02}:{:02}:00.000Z", (i / 60) % 24, i % 60),
                "attachments": []
            })
        })
        .collect();
    let thread = json!({
        "id": "thread_abc123", "serviceId": "service_123", "subject": "Question about order #5678",
        "customerEmail": "jane.smith@example.com", "customerName": "Jane Smith", "categoryId": "cat_support",
        "status": "inbox", "detectedLanguage": "en", "isRead": false, "lastMessageAt": "2026-03-01T10:30:00.000Z",
        "draft": "", "draftSubject": "Re: Question about order #5678", "draftAttachments": [], "translation": "",
        "lastMessagePreview": "I have a question about my recent order...", "messageCount": messages,
        "messages": items
    });
    thread.to_string().into_bytes()
}

/// `count` Contactship messages, each its own payload (the docs' example
/// with distinct ids and contents).
pub fn contactship_messages(count: usize) -> Vec<Vec<u8>> {
    (0..count)
        .map(|i| {
            let source = ["webapp", "ai_agent", "whatsapp"][i % 3];
            let status = ["sent", "delivered", "read"][i % 3];
            json!({
                "id": format!("msg-{i:08}"), "thread_id": "thr-b2c3d4e5-f6a7-8901-bcde-f12345678901",
                "role": if i % 3 == 0 { "assistant" } else { "human" }, "type": "text",
                "content": format!("Hello! This is message {i}. How can I help you today?"),
                "media": null, "from": "+12025551234",
                "source": source, "status": status,
                "sender_id": null, "created_at": "2026-04-06T15:00:00Z"
            })
            .to_string()
            .into_bytes()
        })
        .collect()
}

pub fn measure_thread(bytes: &[u8], runs: usize) -> Throughput {
    let times = time_interleaved(
        runs,
        &mut [
            &mut || {
                let thread: delightbridge_client::types::Thread =
                    serde_json::from_slice(bytes).expect("decodes");
                std::hint::black_box(thread);
            },
            &mut || {
                let thread = conversations::thread_from_bytes(Provider::Delightbridge, bytes)
                    .expect("normalizes");
                std::hint::black_box(thread);
            },
            &mut || {
                let decoded =
                    conversations::Raw::decode_object::<delightbridge_client::types::Thread>(bytes)
                        .expect("decodes");
                std::hint::black_box(decoded);
            },
        ],
    );
    let [decode, normalize, kept] = [0, 1, 2].map(|i| median(&times[i]));
    // Each run reads the raws of a thread normalized afresh: the first read
    // locates them all.
    let threads: Vec<conversations::Thread> = (0..runs)
        .map(|_| {
            conversations::thread_from_bytes(Provider::Delightbridge, bytes).expect("normalizes")
        })
        .collect();
    let mut fresh = threads.iter();
    let read_raws = median(&time_runs(runs, || {
        if let Some(thread) = fresh.next() {
            let read: usize = thread
                .messages
                .items
                .iter()
                .map(|m| m.raw.get().len())
                .sum();
            std::hint::black_box(read);
        }
    }));
    Throughput {
        bytes: bytes.len(),
        decode,
        normalize,
        keep_raw: kept.saturating_sub(decode),
        read_raws,
    }
}

pub fn measure_messages(payloads: &[Vec<u8>], runs: usize) -> Throughput {
    let times = time_interleaved(
        runs,
        &mut [
            &mut || {
                for bytes in payloads {
                    let message: contactship_client::types::Message =
                        serde_json::from_slice(bytes).expect("decodes");
                    std::hint::black_box(message);
                }
            },
            &mut || {
                for bytes in payloads {
                    let message = conversations::message_from_bytes(Provider::Contactship, bytes)
                        .expect("normalizes");
                    std::hint::black_box(message);
                }
            },
            &mut || {
                for bytes in payloads {
                    let decoded = conversations::Raw::decode_object::<
                        contactship_client::types::Message,
                    >(bytes)
                    .expect("decodes");
                    std::hint::black_box(decoded);
                }
            },
        ],
    );
    let [decode, normalize, kept] = [0, 1, 2].map(|i| median(&times[i]));
    let keep_raw = kept.saturating_sub(decode);
    Throughput {
        bytes: payloads.iter().map(Vec::len).sum(),
        decode,
        normalize,
        keep_raw,
        read_raws: Duration::ZERO,
    }
}

/// Megabytes (10^6 bytes) per second.
pub fn mb_per_s(bytes: usize, time: Duration) -> f64 {
    bytes as f64 / 1e6 / time.as_secs_f64().max(f64::MIN_POSITIVE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_have_the_documented_sizes_and_normalize() {
        let thread = delightbridge_thread(1000);
        assert!(
            (400_000..700_000).contains(&thread.len()),
            "{} bytes",
            thread.len()
        );
        let normalized =
            conversations::thread_from_bytes(Provider::Delightbridge, &thread).expect("normalizes");
        assert_eq!(normalized.messages.items.len(), 1000);
        let last = &normalized.messages.items[999];
        assert_eq!(last.raw.value()["id"], last.id.as_deref().expect("an id"));
        let messages = contactship_messages(3);
        let message = conversations::message_from_bytes(Provider::Contactship, &messages[1])
            .expect("normalizes");
        assert_eq!(message.id.as_deref(), Some("msg-00000001"));
    }
}
