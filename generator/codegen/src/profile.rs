//! Where a run's time goes, stage by stage: what `cargo xtask bench` prints
//! beside a generation target it misses.
//!
//! [`crate::generate_profiled`] returns a [`Profile`]. Inside the generator,
//! a stage is timed by wrapping it in `stage`. Times are *self* times: a
//! stage inside another (formatting inside the `conversations` crate) counts
//! for itself only, so the stages of a run add up to the run. Recording is
//! per thread and costs two clock reads per stage; nothing is kept unless a
//! profiled run is going on on the thread.

use std::cell::RefCell;
use std::time::{Duration, Instant};

/// The stages of a run: load, spec layer, progenitor, parse, format…
pub const LOAD: &str = "load: YAML, the position index";
pub const SPEC: &str = "spec layer: checks, plan, prepared document";
pub const PROGENITOR_CLIENT: &str = "progenitor + typify: the client";
/// The `mock` module whole, written as text (no progenitor pass, no parse).
pub const MOCK: &str = "the mock helpers: written from the plan and what progenitor decided";
pub const PARSE: &str = "syn: parsing token streams";
pub const FORMAT: &str = "prettyplease: formatting";
pub const EMIT: &str = "our emit: fix-ups, additions, mappings, manifests";
/// A thread waiting for another of the run's threads to finish: idle, not
/// work, but part of the wall time.
pub const WAIT: &str = "waiting for another thread";

/// Time per stage, summed over every thread that took part, in the order
/// the stages were first seen.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Profile {
    /// (stage, self time) pairs; the stage names are this module's constants.
    pub stages: Vec<(&'static str, Duration)>,
}

impl Profile {
    /// Adds `time` to `stage`.
    pub fn add(&mut self, stage: &'static str, time: Duration) {
        match self.stages.iter_mut().find(|(s, _)| *s == stage) {
            Some((_, total)) => *total += time,
            None => self.stages.push((stage, time)),
        }
    }

    /// Adds every stage of `other`.
    pub fn merge(&mut self, other: Profile) {
        for (stage, time) in other.stages {
            self.add(stage, time);
        }
    }

    /// The sum over stages.
    pub fn total(&self) -> Duration {
        self.stages.iter().map(|(_, t)| *t).sum()
    }

    /// The time of `stage`, zero when it did not run.
    pub fn of(&self, stage: &str) -> Duration {
        self.stages
            .iter()
            .find(|(s, _)| *s == stage)
            .map_or(Duration::ZERO, |(_, t)| *t)
    }
}

struct Open {
    name: &'static str,
    started: Instant,
    /// Time spent in stages nested inside this one.
    inner: Duration,
}

struct Recorder {
    profile: Profile,
    open: Vec<Open>,
}

thread_local! {
    static RECORDER: RefCell<Option<Recorder>> = const { RefCell::new(None) };
}

/// Runs `f` and returns what it did with the profile of the stages it ran
/// on this thread (and those [`on_thread`] brought back from others).
pub(crate) fn collect<T>(f: impl FnOnce() -> T) -> (T, Profile) {
    let outer = RECORDER.with(|r| {
        r.replace(Some(Recorder {
            profile: Profile::default(),
            open: Vec::new(),
        }))
    });
    let value = f();
    let recorded = RECORDER.with(|r| r.replace(outer));
    (value, recorded.map(|r| r.profile).unwrap_or_default())
}

/// Whether this thread is recording: a thread spawned by the run records
/// only when the spawning one does.
pub(crate) fn recording() -> bool {
    RECORDER.with(|r| r.borrow().is_some())
}

/// Runs `f` (on a thread of the run's own) recording when `recording` is
/// true, and returns its result with the profile to [`absorb`] on the
/// spawning thread.
pub(crate) fn on_thread<T>(recording: bool, f: impl FnOnce() -> T) -> (T, Option<Profile>) {
    if recording {
        let (value, profile) = collect(f);
        (value, Some(profile))
    } else {
        (f(), None)
    }
}

/// Adds a profile recorded on another thread to this thread's.
pub(crate) fn absorb(profile: Option<Profile>) {
    let Some(profile) = profile else { return };
    RECORDER.with(|r| {
        if let Some(recorder) = r.borrow_mut().as_mut() {
            recorder.profile.merge(profile);
        }
    });
}

/// Runs `f` as the stage `name`.
pub(crate) fn stage<T>(name: &'static str, f: impl FnOnce() -> T) -> T {
    let recording = RECORDER.with(|r| {
        let mut r = r.borrow_mut();
        let Some(recorder) = r.as_mut() else {
            return false;
        };
        recorder.open.push(Open {
            name,
            started: Instant::now(),
            inner: Duration::ZERO,
        });
        true
    });
    let value = f();
    if recording {
        RECORDER.with(|r| {
            let mut r = r.borrow_mut();
            let Some(recorder) = r.as_mut() else { return };
            let Some(open) = recorder.open.pop() else {
                return;
            };
            let elapsed = open.started.elapsed();
            recorder
                .profile
                .add(open.name, elapsed.saturating_sub(open.inner));
            if let Some(parent) = recorder.open.last_mut() {
                parent.inner += elapsed;
            }
        });
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spin(time: Duration) {
        let started = Instant::now();
        while started.elapsed() < time {}
    }

    #[test]
    fn nested_stages_count_their_own_time_only() {
        let ((), profile) = collect(|| {
            stage(EMIT, || {
                spin(Duration::from_millis(2));
                stage(FORMAT, || spin(Duration::from_millis(40)));
            });
            stage(FORMAT, || spin(Duration::from_millis(2)));
        });
        let names: Vec<&str> = profile.stages.iter().map(|(s, _)| *s).collect();
        assert_eq!(names, [FORMAT, EMIT], "{profile:?}");
        let format = profile.of(FORMAT);
        let emit = profile.of(EMIT);
        assert!(format >= Duration::from_millis(42), "{profile:?}");
        assert!(emit >= Duration::from_millis(2), "{profile:?}");
        // Had the nested 40 ms counted for EMIT too, it would be 42 ms or
        // more; a spin on a loaded machine can overrun its 2 ms by a few
        // (it ends once that much wall time has passed), never by 40.
        assert!(emit < Duration::from_millis(30), "{profile:?}");
    }

    #[test]
    fn nothing_is_recorded_outside_collect() {
        assert!(!recording());
        assert_eq!(stage(LOAD, || 7), 7);
        let ((), profile) = collect(|| ());
        assert_eq!(profile, Profile::default());
    }

    #[test]
    fn a_profile_from_another_thread_is_added() {
        let ((), profile) = collect(|| {
            let recording = recording();
            let ((), other) = std::thread::scope(|s| {
                s.spawn(|| {
                    on_thread(recording, || {
                        stage(PARSE, || spin(Duration::from_millis(3)))
                    })
                })
                .join()
                .expect("joins")
            });
            absorb(other);
        });
        assert!(profile.of(PARSE) >= Duration::from_millis(3), "{profile:?}");
    }
}
