//! Where generation runs: threads with a deep stack (typify and progenitor
//! recurse once per level of a schema), the client crates one per core, and
//! a panic turned into a diagnostic instead of an abort.

use crate::diagnostic::{self, Diagnostic, Diagnostics};
use crate::load::SpecFile;
use crate::profile;

/// Runs `run` (the generation of `specs`) on a thread with a deep stack; a
/// panic becomes a diagnostic.
pub(crate) fn on_generation_thread<R: Send>(
    specs: &[SpecFile],
    run: impl Fn() -> R + Sync,
    panicked: impl FnOnce(Diagnostics) -> R,
) -> R {
    std::thread::scope(|scope| {
        let worker = deep_thread().spawn_scoped(scope, &run);
        match worker {
            Ok(worker) => worker.join().unwrap_or_else(|payload| {
                let what = panic_message(payload.as_ref());
                panicked(Diagnostics(vec![Diagnostic {
                    severity: crate::diagnostic::Severity::Error,
                    file: specs.first().map(|s| s.path.clone()).unwrap_or_default(),
                    location: None,
                    message: format!("the generator panicked: {what}"),
                    help: diagnostic::BUG_HELP.into(),
                }]))
            }),
            // No thread to be had (a limit on threads or memory): run here.
            Err(_) => run(),
        }
    })
}

/// A thread for generation. typify and progenitor recurse once per level of
/// a schema: a deep but finite spec must not overflow the stack (2 MiB on a
/// spawned thread, 8 MiB on main). The memory is reserved, not committed.
fn deep_thread() -> std::thread::Builder {
    const GENERATION_STACK: usize = 1 << 30;
    std::thread::Builder::new()
        .name("codegen".into())
        .stack_size(GENERATION_STACK)
}

/// `f` on each of `items`, on as many threads as there are cores (each with
/// the deep stack, recording into this thread's profile); the results in the
/// order of `items`. A panic in `f` goes on here.
pub(crate) fn map_in_parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len());
    if workers <= 1 {
        return items.iter().map(f).collect();
    }
    // Each worker takes the next item until none is left, and keeps what it
    // made beside the item's index.
    let next = AtomicUsize::new(0);
    let work = || {
        let mut made = Vec::new();
        loop {
            let at = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(at) else {
                break made;
            };
            made.push((at, f(item)));
        }
    };
    let recording = profile::recording();
    let mut made = std::thread::scope(|scope| {
        let handles: Vec<_> = (1..workers)
            .filter_map(|_| {
                deep_thread()
                    .spawn_scoped(scope, || profile::on_thread(recording, work))
                    .ok()
            })
            .collect();
        // This thread works too, beside the others.
        let mut made = work();
        for handle in handles {
            made.extend(join_recorded(handle));
        }
        made
    });
    made.sort_by_key(|(at, _)| *at);
    made.into_iter().map(|(_, result)| result).collect()
}

/// Runs `there` on a thread of its own (the deep stack, recording into this
/// thread's profile) while `here` runs on this one; both results. Where no
/// thread can be had, `there` runs first, then `here`. A panic in `there`
/// goes on here.
pub(crate) fn beside<A: Send, B>(there: impl Fn() -> A + Sync, here: impl FnOnce() -> B) -> (A, B) {
    let recording = profile::recording();
    std::thread::scope(|scope| {
        let spawned = deep_thread().spawn_scoped(scope, || profile::on_thread(recording, &there));
        match spawned {
            Ok(handle) => {
                let made = here();
                (join_recorded(handle), made)
            }
            Err(_) => {
                let theirs = there();
                (theirs, here())
            }
        }
    })
}

/// Waits for a thread spawned with [`profile::on_thread`] (the wait counted
/// as [`profile::WAIT`]), adds the profile it recorded to this thread's, and
/// returns its result. Its panic goes on here.
fn join_recorded<T>(handle: std::thread::ScopedJoinHandle<'_, (T, Option<profile::Profile>)>) -> T {
    let (theirs, recorded) = profile::stage(profile::WAIT, || handle.join())
        .unwrap_or_else(|payload| std::panic::resume_unwind(payload));
    profile::absorb(recorded);
    theirs
}

/// The text of a panic's payload.
pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "a panic without a message".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beside_runs_both_and_brings_the_other_threads_profile_back() {
        let ((there, here), profile) = profile::collect(|| {
            beside(
                || {
                    profile::stage(profile::PARSE, || {
                        std::thread::sleep(std::time::Duration::from_millis(3));
                    });
                    std::thread::current().id()
                },
                || std::thread::current().id(),
            )
        });
        assert_ne!(there, here, "`there` ran on a thread of its own");
        assert!(
            profile.of(profile::PARSE) >= std::time::Duration::from_millis(3),
            "{profile:?}"
        );
    }

    #[test]
    fn a_panic_beside_goes_on_here() {
        let caught = std::panic::catch_unwind(|| beside(|| panic!("typify gave up"), || 1));
        let payload = caught.expect_err("the panic came back");
        assert_eq!(panic_message(payload.as_ref()), "typify gave up");
    }

    #[test]
    fn map_in_parallel_keeps_the_order_and_brings_the_profiles_back() {
        let items: Vec<u64> = (0..40).collect();
        let ((squares, threads), profile) = profile::collect(|| {
            let made = map_in_parallel(&items, |n| {
                profile::stage(profile::PARSE, || {
                    std::thread::sleep(std::time::Duration::from_millis(1))
                });
                (n * n, std::thread::current().id())
            });
            let threads: std::collections::BTreeSet<String> =
                made.iter().map(|(_, t)| format!("{t:?}")).collect();
            (
                made.into_iter().map(|(s, _)| s).collect::<Vec<u64>>(),
                threads,
            )
        });
        let expected: Vec<u64> = (0..40).map(|n| n * n).collect();
        assert_eq!(squares, expected);
        // Every item's stage is counted, on whichever thread it ran.
        assert!(
            profile.of(profile::PARSE) >= std::time::Duration::from_millis(40),
            "{profile:?}"
        );
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        assert!(threads.len() <= cores, "{threads:?}");
        assert!(map_in_parallel(&[] as &[u64], |n| *n).is_empty());
    }
}
