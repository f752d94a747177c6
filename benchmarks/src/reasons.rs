//! Beside each MISS, this run's own figures: where the time or the memory
//! went, stage by stage where the code can tell, and what would close the
//! gap. Every number here comes from the run; only the remedies are fixed
//! text, one per stage.

use std::time::Duration;

use codegen::profile;

use crate::client::{Latency, Listing};
use crate::cold::Builds;
use crate::decode::Throughput;
use crate::generation::{self, Generated};
use crate::stats::show;

/// What would shrink a stage of ours that bare progenitor does not have, or
/// does for less.
fn remedy(stage: &str) -> &'static str {
    match stage {
        profile::MOCK => {
            "write less of the mock helpers' text (they are already written from our plan, \
             with no second progenitor pass)"
        }
        profile::PARSE => {
            "parse less: our additions are built as tokens and parsed, as are progenitor's; \
             building syn items directly would skip the round trip"
        }
        profile::EMIT => {
            "emit our additions (enums, unions, paginators, `impl Client`) as syn items rather \
             than as tokens parsed again, and fold the walks of the client's tree (crates used, \
             leftover date-times, field names, what progenitor decided) into one; dropping the \
             client's syntax tree is counted here too (bare drops its own, outside its stages)"
        }
        profile::SPEC => {
            "share one walk of the document between the checks and the prepared copy \
             progenitor reads"
        }
        profile::LOAD => {
            "read the text once: ours reads serde_json's value (the position index built beside \
             it, by jsonc-parser for JSON), then the typed document from that value; bare reads \
             the typed document straight from the text"
        }
        profile::FORMAT => {
            "format less: ours formats our enums, unions and paginators beside progenitor's code \
             (each half on its own thread)"
        }
        _ => "profile this stage",
    }
}

fn stages(stages: &[(&'static str, Duration)]) -> String {
    stages
        .iter()
        .map(|(s, t)| format!("{s} {}", show(*t)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Generation on one spec, ours against bare.
pub fn generation(ours: &Generated, bare: &Generated) -> String {
    let bare_of = |stage: &str| {
        let counterpart = match stage {
            profile::LOAD => generation::BARE_LOAD,
            profile::PROGENITOR_CLIENT => generation::BARE_PROGENITOR,
            profile::PARSE => generation::BARE_PARSE,
            profile::FORMAT => generation::BARE_FORMAT,
            _ => "",
        };
        bare.stages
            .iter()
            .find(|(s, _)| *s == counterpart)
            .map_or(Duration::ZERO, |(_, t)| *t)
    };
    let mut beyond: Vec<(&str, Duration)> = ours
        .stages
        .iter()
        .filter(|(s, _)| *s != profile::PROGENITOR_CLIENT && *s != profile::WAIT)
        .map(|(s, t)| (*s, t.saturating_sub(bare_of(s))))
        .filter(|(_, t)| !t.is_zero())
        .collect();
    beyond.sort_by_key(|(_, t)| std::cmp::Reverse(*t));
    let closing: Vec<String> = beyond
        .iter()
        .take(3)
        .map(|(s, t)| format!("{} ({} over bare): {}", s, show(*t), remedy(s)))
        .collect();
    format!(
        "This run, per generation: ours {} wall, by stage (CPU time summed over its threads): \
         {}. Bare {} wall: {}. Ours writes {} KB (the client, its `mock` module, Cargo.toml), \
         bare {} KB. Ours does what bare does (progenitor, the parse, the format) and more. \
         It uses both cores where it can: the load's position index, the spec's checks, and \
         our enums and success unions (made and formatted while progenitor runs) go on the \
         second; after progenitor the client is split in two halves (progenitor's `types` \
         module parsed, read and formatted on the second thread, our types' text put in; the \
         builders and `impl Client` on the first), which is why the stages add up to more than \
         the wall. The first half is the longer: it prints `types` for the other thread and \
         parses, fixes up, reads, walks and formats the `builder` module, about half the \
         client. What would close it: moving part of the `builder` module to the second \
         thread (its fix-ups and reads are per builder), and the mock helpers and decode cases \
         after it, which run on one core after the join. Then, largest first: {}.",
        show(ours.wall),
        stages(&ours.stages),
        show(bare.wall),
        stages(&bare.stages),
        ours.output_bytes / 1000,
        bare.output_bytes / 1000,
        closing.join("; ")
    )
}

/// Peak memory of one generation, ours against bare.
pub fn memory(ours: u64, bare: u64, ours_bytes: usize, bare_bytes: usize) -> String {
    let output = if ours_bytes > 0 {
        format!(
            " The output alone is {} KB against {} KB.",
            ours_bytes / 1000,
            bare_bytes / 1000
        )
    } else {
        String::new()
    };
    format!(
        "This run: ours peaks at {} MiB, bare at {} MiB, {} MiB more.{output} Ours holds what \
         bare does (the document, typify's type space, the client's tokens and syntax tree) plus \
         the spec's position index, the plan, the prepared document, the `types` module as \
         text while the client is split across threads, and the mock helpers' text (written \
         from the plan: no second type space). What would close it: dropping the position \
         index once the plan is made, and the prepared document once progenitor has read it.",
        ours >> 20,
        bare >> 20,
        ours.saturating_sub(bare) >> 20
    )
}

/// The drift check against cargo's own no-op.
pub fn drift(check: Duration, help: Duration, committed: &Generated) -> String {
    format!(
        "This run: `--help` (cargo's freshness check, starting xtask) {}; the warm check {}, \
         {} more: with the record of the last verified generation, it reads every spec and \
         every file under generated/ and fingerprints them (SHA-256), and generates nothing \
         unless one changed. A check that must generate costs the generation, in process \
         (1a, release build) {} wall, by stage (CPU time per thread): {}. What would close it: \
         fewer bytes to fingerprint (the files' size and modification time first, as cargo \
         does, hashing only those that moved), and a release-built xtask.",
        show(help),
        show(check),
        show(check.saturating_sub(help)),
        show(committed.wall),
        stages(&committed.stages),
    )
}

/// Decoding against decoding and normalizing.
pub fn normalize(result: &Throughput) -> String {
    let extra = result.normalize.saturating_sub(result.decode);
    let mapping = extra.saturating_sub(result.keep_raw);
    format!(
        "This run: typed decode {}; normalizing {} more, of which keeping the payload's text \
         (`Raw`: one copy of the bytes; embedded messages' own are located only when read) {} \
         measured alone, and mapping the fields (moved out of the decoded value where read \
         once) {}. What would close it: decoding from the kept text itself, so that the copy \
         is the only text held, and a mapping that copies no field it reads twice.",
        show(result.decode),
        show(extra),
        show(result.keep_raw),
        show(mapping)
    )
}

/// One request through the client against bare.
pub fn get(latency: &Latency) -> String {
    format!(
        "This run: {} more per request than bare reqwest + serde_json sending the same headers \
         on the same `reqwest::Client`. Of it, the copy of the request kept for a retry (made \
         because the default policy allows one) is {}: the same client with \
         `RetryPolicy::disabled()`, which keeps no copy, took {}. The rest is the client's \
         request path: progenitor's builder (the URL formatted and parsed, its header map), the \
         credential header made for each request, the operation's rules looked up, and a \
         tracing span. What would close it: rebuilding the request from its call when a retry \
         happens instead of copying it before it is sent (a fix-up of progenitor's `send` \
         bodies, which move the body into the request), and a credential header made once.",
        show(latency.client.saturating_sub(latency.bare)),
        show(latency.client.saturating_sub(latency.no_retry)),
        show(latency.no_retry)
    )
}

/// Listing threads over pages, unified against bare.
pub fn list(listing: &Listing) -> String {
    format!(
        "This run, over {} pages ({} KB): the unified client {} against bare {}; bare's typed \
         decode of the pages alone takes {}. Each page is read in one pass (its typed items and \
         its cursor; the text kept once, each item's `raw` located only when read), and a \
         listed item is moved once out of its page by the paginator. What is left is the \
         mapping of each thread (its timestamps parsed, its participants built), each thread \
         moved through the mapping's stream and the boxed `Items`, and each page's request \
         path (as for `get_thread`). What would close it: mapping a page's items where the page \
         is read, so that a thread is moved once from its page to the caller.",
        listing.pages,
        listing.bytes / 1000,
        show(listing.unified),
        show(listing.bare),
        show(listing.decode)
    )
}

/// Cold builds.
pub fn cold(builds: &Builds) -> String {
    format!(
        "This run: ours compiled {} crates in {}, bare {} crates in {}. Ours adds the codegen \
         library, xtask (clap, similar, tempfile) and the YAML readers (serde_yaml, \
         yaml-rust2). What would close it: fewer dependencies in xtask (clap's derive, \
         tempfile), and one YAML reader.",
        builds.ours_crates,
        show(builds.ours),
        builds.bare_crates,
        show(builds.bare)
    )
}
