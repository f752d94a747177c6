//! Timing and summary statistics: medians, because these machines are shared
//! and noisy, and ratios of things measured side by side in one run.

use std::time::{Duration, Instant};

/// Runs `f` `runs` times and returns each run's duration.
pub fn time_runs(runs: usize, mut f: impl FnMut()) -> Vec<Duration> {
    (0..runs)
        .map(|_| {
            let started = Instant::now();
            f();
            started.elapsed()
        })
        .collect()
}

/// Times each of `tasks` `runs` times, interleaved: every round runs each
/// task once, starting one later than the round before, so that a burst of
/// noise on this shared machine falls on all of them alike rather than on
/// whichever block of runs it met. The times of task `i` are at `[i]`.
pub fn time_interleaved(runs: usize, tasks: &mut [&mut dyn FnMut()]) -> Vec<Vec<Duration>> {
    let mut times = vec![Vec::with_capacity(runs); tasks.len()];
    for round in 0..runs {
        for turn in 0..tasks.len() {
            let which = (round + turn) % tasks.len();
            let started = Instant::now();
            (tasks[which])();
            times[which].push(started.elapsed());
        }
    }
    times
}

/// The median of `samples` (the mean of the middle two for an even count).
pub fn median(samples: &[Duration]) -> Duration {
    let mut sorted = samples.to_vec();
    sorted.sort();
    match sorted.len() {
        0 => Duration::ZERO,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2,
    }
}

/// `a / b` as a plain number.
pub fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64().max(f64::MIN_POSITIVE)
}

/// A duration for the table: `12.3 ms`, `1.24 s`, `85 µs`.
pub fn show(duration: Duration) -> String {
    let seconds = duration.as_secs_f64();
    if seconds >= 1.0 {
        format!("{seconds:.2} s")
    } else if seconds >= 1e-3 {
        format!("{:.1} ms", seconds * 1e3)
    } else {
        format!("{:.0} µs", seconds * 1e6)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        let ms = Duration::from_millis;
        assert_eq!(median(&[ms(5), ms(1), ms(3)]), ms(3));
        assert_eq!(
            median(&[ms(4), ms(1), ms(3), ms(2)]),
            Duration::from_micros(2500)
        );
        assert_eq!(median(&[]), Duration::ZERO);
    }

    #[test]
    fn show_picks_a_unit() {
        assert_eq!(show(Duration::from_millis(1240)), "1.24 s");
        assert_eq!(show(Duration::from_micros(12_345)), "12.3 ms");
        assert_eq!(show(Duration::from_micros(85)), "85 µs");
    }
}
