//! `cargo xtask bench`: measures what a spec change costs a developer and what
//! a request costs a service, as ratios of things measured side by side in
//! one run (these machines are shared and noisy), and writes BENCHMARKS.md
//! with a PASS/MISS mark per target and, beside each MISS, the run's own
//! breakdown of where the time or memory went and what would close the gap.
//!
//! ```text
//! cargo run --release -p benchmarks -- --root <workspace> [--out BENCHMARKS.md] [--smoke] [--cold]
//! ```
//!
//! `--smoke` runs every measurement once on the smallest sizes, to check that
//! the command works (CI does); its figures mean nothing. `--cold` adds the
//! cold builds (minutes): `cargo xtask codegen` on a fresh clone against bare
//! progenitor + prettyplease, each in an empty target directory.

mod client;
mod cold;
mod decode;
mod generation;
mod reasons;
mod stats;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use stats::{median, ratio, show};

/// Sizes and repetitions of one run.
struct Plan {
    smoke: bool,
    cold: bool,
    generation_runs: usize,
    /// Synthetic specs: the first for the growth baseline, then the sizes
    /// whose peak memory is compared with bare progenitor's.
    synthetic_sizes: [usize; 3],
    synthetic_runs: usize,
    drift_runs: usize,
    thread_messages: usize,
    batch_messages: usize,
    decode_runs: usize,
    requests: usize,
    listed_threads: usize,
    page_size: usize,
    list_runs: usize,
}

impl Plan {
    fn full() -> Self {
        Self {
            smoke: false,
            cold: false,
            generation_runs: 20,
            synthetic_sizes: [100, 1_000, 5_000],
            synthetic_runs: 3,
            drift_runs: 9,
            thread_messages: 1_000,
            batch_messages: 10_000,
            decode_runs: 30,
            requests: 400,
            listed_threads: 10_000,
            page_size: 100,
            list_runs: 7,
        }
    }

    fn smoke() -> Self {
        Self {
            smoke: true,
            cold: false,
            generation_runs: 1,
            synthetic_sizes: [5, 10, 20],
            synthetic_runs: 1,
            drift_runs: 1,
            thread_messages: 10,
            batch_messages: 20,
            decode_runs: 1,
            requests: 5,
            listed_threads: 30,
            page_size: 10,
            list_runs: 1,
        }
    }
}

/// One line of the report.
struct Row {
    what: String,
    value: String,
    target: Option<Target>,
}

struct Target {
    text: &'static str,
    met: bool,
    /// For a miss: this run's breakdown and what would close the gap.
    reason: String,
}

impl Row {
    fn reported(what: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            what: what.into(),
            value: value.into(),
            target: None,
        }
    }

    fn target(
        what: impl Into<String>,
        value: impl Into<String>,
        text: &'static str,
        met: bool,
        reason: impl FnOnce() -> String,
    ) -> Self {
        Self {
            what: what.into(),
            value: value.into(),
            target: Some(Target {
                text,
                met,
                reason: if met { String::new() } else { reason() },
            }),
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--child") {
        return child(&args[1..]);
    }
    if args.first().map(String::as_str) == Some("--profile") {
        return profile(args.get(1).map(PathBuf::from));
    }
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &[String]) -> Result<(), String> {
    let mut root = None;
    let mut out = None;
    let mut plan = Plan::full();
    let mut cold = false;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--root" => root = args.next().map(PathBuf::from),
            "--out" => out = args.next().map(PathBuf::from),
            "--smoke" => plan = Plan::smoke(),
            "--cold" => cold = true,
            other => {
                return Err(format!(
                    "unknown argument {other}; usage: benchmarks --root <workspace> [--out FILE] [--smoke] [--cold]"
                ));
            }
        }
    }
    plan.cold = cold;
    let root = root.ok_or("--root <workspace> is required")?;
    let out = out.unwrap_or_else(|| root.join("BENCHMARKS.md"));

    let mut rows = Vec::new();
    let started = Instant::now();
    let committed = generation_rows(&root, &plan, &mut rows)?;
    rows.push(drift_row(&root, &plan, committed)?);
    rows.push(fresh_check_row(&root, &plan)?);
    decode_rows(&plan, &mut rows);
    client_rows(&root, &plan, &mut rows)?;
    rows.push(cold_row(&root, &plan)?);
    rows.push(compile_row(&root, &plan)?);

    let report = report(&plan, &rows, started.elapsed());
    print!("{report}");
    std::fs::write(&out, &report).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    eprintln!("wrote {}", out.display());
    Ok(())
}

/// Generation time and memory, ours beside bare progenitor's; returns the
/// in-process time of the committed specs, for the drift check's breakdown.
fn generation_rows(
    root: &Path,
    plan: &Plan,
    rows: &mut Vec<Row>,
) -> Result<generation::Generated, String> {
    let committed = generation::committed(root, plan.generation_runs)?;
    rows.push(Row::reported(
        format!(
            "(1a) generate every committed spec and mapping, in process (median of {})",
            plan.generation_runs
        ),
        show(committed.wall),
    ));

    // Vendored unmodified with its source and licence (benchmarks/specs/README.md),
    // so that the benchmark runs on a fresh clone with nothing beside it.
    let nexus_path = root.join("benchmarks/specs/nexus.json");
    let spec = std::fs::read_to_string(&nexus_path)
        .map_err(|e| format!("cannot read {}: {e}", nexus_path.display()))?;
    let name = "nexus.json (193 operations)";
    let (ours, bare) = generation::ours_and_bare("nexus", &spec, plan.generation_runs)?;
    let r = ratio(ours.wall, bare.wall);
    rows.push(Row::reported(
        format!(
            "(1b) our generator on {name}, every crate file (median of {})",
            plan.generation_runs
        ),
        show(ours.wall),
    ));
    rows.push(Row::reported(
        format!("(1c) bare progenitor + prettyplease on {name}"),
        show(bare.wall),
    ));
    rows.push(Row::target(
        "(1) generation: (1b)/(1c), same run, runs interleaved",
        format!("{r:.2}"),
        "≤ 1.00",
        r <= 1.0,
        || reasons::generation(&ours, &bare),
    ));

    // Memory and growth, each generation in a child process of its own so
    // that its peak is its own.
    let nexus = Input::Nexus(nexus_path.clone());
    let (mut per_op, mut bare_per_op) = (Vec::new(), Vec::new());
    let mut memory = vec![(
        name.to_owned(),
        in_child(Side::Ours, &nexus, 1)?,
        in_child(Side::Bare, &nexus, 1)?,
        ours.output_bytes,
        bare.output_bytes,
    )];
    for size in plan.synthetic_sizes {
        let input = Input::Synthetic(size);
        let ours = in_child(Side::Ours, &input, plan.synthetic_runs)?;
        let bare = in_child(Side::Bare, &input, plan.synthetic_runs)?;
        let each = ours.time / size as u32;
        per_op.push(each);
        bare_per_op.push(bare.time / size as u32);
        rows.push(Row::reported(
            format!("(1d) synthetic spec, {size} operations: ours (time, per operation, peak memory) vs bare"),
            format!(
                "{} total, {} / op, {} MiB peak vs {}, {} MiB peak",
                show(ours.time),
                show(each),
                ours.peak >> 20,
                show(bare.time),
                bare.peak >> 20
            ),
        ));
        if size != plan.synthetic_sizes[0] {
            memory.push((
                format!("synthetic spec, {size} operations"),
                ours,
                bare,
                0,
                0,
            ));
        }
    }
    let growth = ratio(per_op[2], per_op[0]);
    rows.push(Row::target(
        format!(
            "(1d) per-operation time, {} vs {} operations",
            plan.synthetic_sizes[2], plan.synthetic_sizes[0]
        ),
        format!("{growth:.2}×"),
        "≤ 1.50×",
        growth <= 1.5,
        || {
            format!(
                "per operation: {} at {} operations, {} at {}; bare progenitor in the same run: \
                 {} and {} ({:.2}×, the share of the growth that is progenitor's, syn's and \
                 prettyplease's). The rest is a pass of ours that is not linear in the number \
                 of operations: profile the largest synthetic spec (a per-item scan of a list \
                 of all items is the usual cause).",
                show(per_op[0]),
                plan.synthetic_sizes[0],
                show(per_op[2]),
                plan.synthetic_sizes[2],
                show(bare_per_op[0]),
                show(bare_per_op[2]),
                ratio(bare_per_op[2], bare_per_op[0])
            )
        },
    ));
    for (what, ours, bare, ours_bytes, bare_bytes) in memory {
        let r = ours.peak as f64 / bare.peak.max(1) as f64;
        rows.push(Row::target(
            format!("(4) peak memory on {what}: ours / bare progenitor, each in its own process"),
            format!("{} MiB / {} MiB: {r:.2}", ours.peak >> 20, bare.peak >> 20),
            "≤ 1.20",
            r <= 1.2,
            || reasons::memory(ours.peak, bare.peak, ours_bytes, bare_bytes),
        ));
    }
    Ok(committed)
}

#[derive(Clone, Copy)]
enum Side {
    Ours,
    Bare,
}

enum Input {
    Nexus(PathBuf),
    Synthetic(usize),
}

/// What a child process measured: median time, peak resident bytes.
#[derive(Clone, Copy)]
struct Measured {
    time: Duration,
    peak: u64,
}

/// One generator on one input in a child process, so that its peak memory
/// is its own.
fn in_child(side: Side, input: &Input, runs: usize) -> Result<Measured, String> {
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    let side = match side {
        Side::Ours => "ours",
        Side::Bare => "bare",
    };
    let (kind, arg) = match input {
        Input::Nexus(path) => ("nexus", path.display().to_string()),
        Input::Synthetic(size) => ("synthetic", size.to_string()),
    };
    let output = Command::new(me)
        .args(["--child", side, kind, &arg, &runs.to_string()])
        .output()
        .map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err(format!(
            "the {side} run on {kind} {arg} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let mut fields = text.split_whitespace().map(|f| f.parse::<u64>());
    match (fields.next(), fields.next()) {
        (Some(Ok(nanos)), Some(Ok(peak))) => Ok(Measured {
            time: Duration::from_nanos(nanos),
            peak,
        }),
        _ => Err(format!("unexpected output of the {side} run: {text}")),
    }
}

/// `--child <ours|bare> <nexus PATH|synthetic OPERATIONS> <runs>`: prints
/// the median time in nanoseconds and the peak resident memory in bytes.
fn child(args: &[String]) -> ExitCode {
    let usage = "usage: benchmarks --child <ours|bare> <nexus PATH|synthetic OPERATIONS> <runs>";
    let (Some(side), Some(kind), Some(arg), Some(Ok(runs))) = (
        args.first(),
        args.get(1),
        args.get(2),
        args.get(3).map(|r| r.parse::<usize>()),
    ) else {
        eprintln!("{usage}");
        return ExitCode::FAILURE;
    };
    let text = match (kind.as_str(), arg.parse::<usize>()) {
        ("nexus", _) => match std::fs::read_to_string(arg) {
            Ok(text) => text,
            Err(e) => {
                eprintln!("cannot read {arg}: {e}");
                return ExitCode::FAILURE;
            }
        },
        ("synthetic", Ok(size)) => generation::synthetic(size),
        _ => {
            eprintln!("{usage}");
            return ExitCode::FAILURE;
        }
    };
    let time = match side.as_str() {
        "ours" => generation::ours(kind, &text, runs).map(|g| g.wall),
        "bare" => generation::bare_progenitor(&text, runs).map(|g| g.wall),
        _ => Err(usage.to_owned()),
    };
    match time {
        Ok(time) => {
            println!(
                "{} {}",
                time.as_nanos(),
                generation::peak_memory().unwrap_or(0)
            );
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

/// `--profile [ROOT]`: where the generation of the committed specs spends its
/// time, stage by stage (20 runs), without the rest of the benchmarks.
fn profile(root: Option<PathBuf>) -> ExitCode {
    let root = root.unwrap_or_else(|| PathBuf::from("."));
    match generation::committed(&root, 20) {
        Ok(g) => {
            println!("{} wall (median of 20)", show(g.wall));
            for (stage, time) in g.stages {
                println!("{:>10}  {stage}", show(time));
            }
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `cargo xtask codegen --check` against `cargo xtask --help`, whole
/// processes, alternating, warm.
fn drift_row(root: &Path, plan: &Plan, committed: generation::Generated) -> Result<Row, String> {
    let xtask = |args: &[&str]| xtask_process(root, args);
    // Warm: the build is done, the files are in the page cache, and the
    // first check leaves the record of a verified generation.
    xtask(&["codegen", "--check"])?;
    xtask(&["--help"])?;
    let (mut check, mut help) = (Vec::new(), Vec::new());
    for round in 0..plan.drift_runs {
        if round % 2 == 0 {
            check.push(xtask(&["codegen", "--check"])?);
            help.push(xtask(&["--help"])?);
        } else {
            help.push(xtask(&["--help"])?);
            check.push(xtask(&["codegen", "--check"])?);
        }
    }
    let (check, help) = (median(&check), median(&help));
    let r = ratio(check, help);
    Ok(Row::target(
        format!(
            "(6) `cargo xtask codegen --check` vs `cargo xtask --help`, warm, whole processes (median of {})",
            plan.drift_runs
        ),
        format!("{} vs {}: {r:.2}", show(check), show(help)),
        "≤ 1.50",
        r <= 1.5,
        || reasons::drift(check, help, &committed),
    ))
}

/// `cargo xtask codegen --check --force`: the check a fresh clone (or CI)
/// runs, with no record of a verified generation, whole processes; beside
/// it, ours against bare progenitor + prettyplease generating the same
/// provider specs (those bare can), in process.
fn fresh_check_row(root: &Path, plan: &Plan) -> Result<Row, String> {
    let mut runs = Vec::new();
    for _ in 0..plan.drift_runs.max(1) {
        runs.push(xtask_process(root, &["codegen", "--check", "--force"])?);
    }
    let whole = median(&runs);
    let same = generation::bare_committed(root, plan.generation_runs)?;
    let refused = if same.refused.is_empty() {
        String::new()
    } else {
        format!(
            "; bare progenitor cannot generate {} (left out of both)",
            same.refused.join(", ")
        )
    };
    Ok(Row::reported(
        format!(
            "(6b) `cargo xtask codegen --check --force` (a fresh clone's check: no record), whole processes (median of {}); in process, ours vs bare progenitor + prettyplease on the provider specs bare generates (median of {})",
            plan.drift_runs, plan.generation_runs
        ),
        format!(
            "{} whole; in process {} vs {}: {:.2}{refused}",
            show(whole),
            show(same.ours),
            show(same.bare),
            ratio(same.ours, same.bare)
        ),
    ))
}

/// `cargo xtask <args>` in `root`, as a whole process: its wall time.
fn xtask_process(root: &Path, args: &[&str]) -> Result<Duration, String> {
    let started = Instant::now();
    let output = Command::new("cargo")
        .arg("xtask")
        .args(args)
        .current_dir(root)
        .output()
        .map_err(|e| format!("cannot run cargo xtask {}: {e}", args.join(" ")))?;
    if !output.status.success() {
        return Err(format!(
            "cargo xtask {} failed:\n{}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(started.elapsed())
}

fn decode_rows(plan: &Plan, rows: &mut Vec<Row>) {
    let thread = decode::delightbridge_thread(plan.thread_messages);
    let batch = decode::contactship_messages(plan.batch_messages);
    for (name, result) in [
        (
            format!("DelightBridge thread, {} messages", plan.thread_messages),
            decode::measure_thread(&thread, plan.decode_runs),
        ),
        (
            format!("{} Contactship messages", plan.batch_messages),
            decode::measure_messages(&batch, plan.decode_runs),
        ),
    ] {
        let extra = ratio(result.normalize, result.decode) - 1.0;
        rows.push(Row::target(
            format!(
                "(2) {name} ({} KB): decode / decode + normalize",
                result.bytes / 1000
            ),
            format!(
                "{:.0} MB/s / {:.0} MB/s; normalizing adds {:.0}%",
                decode::mb_per_s(result.bytes, result.decode),
                decode::mb_per_s(result.bytes, result.normalize),
                extra * 100.0
            ),
            "normalizing adds ≤ 15%",
            extra <= 0.15,
            || reasons::normalize(&result),
        ));
        if !result.read_raws.is_zero() {
            rows.push(Row::reported(
                format!("(2) {name}: then reading every embedded message's `raw` (located on first read, in one pass)"),
                show(result.read_raws),
            ));
        }
    }
}

fn client_rows(root: &Path, plan: &Plan, rows: &mut Vec<Row>) -> Result<(), String> {
    let latency = client::measure(plan.requests)?;
    let r = ratio(latency.client, latency.bare);
    rows.push(Row::target(
        format!(
            "(7) `get_thread` through the generated client vs bare reqwest + serde_json sending the same headers, loopback (median of {})",
            plan.requests
        ),
        format!("{} vs {}: {r:.2}", show(latency.client), show(latency.bare)),
        "≤ 1.05",
        r <= 1.05,
        || reasons::get(&latency),
    ));
    let listing = client::measure_list(root, plan.listed_threads, plan.page_size, plan.list_runs)?;
    let r = ratio(listing.unified, listing.bare);
    rows.push(Row::target(
        format!(
            "(7) list {} HubSpot threads over pages of {} through `ConversationsClient::list_threads` vs a bare reqwest + serde_json loop over the same pages with the same headers, loopback (median of {})",
            plan.listed_threads, plan.page_size, plan.list_runs
        ),
        format!("{} vs {}: {r:.2}", show(listing.unified), show(listing.bare)),
        "≤ 1.10",
        r <= 1.10,
        || reasons::list(&listing),
    ));
    Ok(())
}

fn cold_row(root: &Path, plan: &Plan) -> Result<Row, String> {
    let what = "(5) cold build: `cargo xtask codegen` on a fresh clone vs bare progenitor + prettyplease, each from an empty target directory";
    if !plan.cold {
        return Ok(Row::reported(
            what,
            "not measured: run `cargo xtask bench --cold` (minutes)",
        ));
    }
    let builds = cold::measure(root)?;
    let r = ratio(builds.ours, builds.bare);
    Ok(Row::target(
        what,
        format!("{} vs {}: {r:.2}", show(builds.ours), show(builds.bare)),
        "≤ 1.10",
        r <= 1.10,
        || reasons::cold(&builds),
    ))
}

fn compile_row(root: &Path, plan: &Plan) -> Result<Row, String> {
    let what = "(8) clean build of contactship-client against its built dependencies (dev profile)";
    if plan.smoke {
        return Ok(Row::reported(what, "not measured in --smoke"));
    }
    let cargo = |args: &[&str]| {
        Command::new("cargo")
            .args(args)
            .current_dir(root)
            .output()
            .map_err(|e| format!("cannot run cargo {}: {e}", args.join(" ")))
    };
    cargo(&["build", "-q", "-p", "contactship-client"])?;
    cargo(&["clean", "-q", "-p", "contactship-client"])?;
    let started = Instant::now();
    let built = cargo(&["build", "-q", "-p", "contactship-client"])?;
    let time = started.elapsed();
    if !built.status.success() {
        return Err(format!(
            "building contactship-client failed:\n{}",
            String::from_utf8_lossy(&built.stderr)
        ));
    }
    Ok(Row::reported(what, show(time)))
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .find(|l| l.starts_with("MemTotal"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|k| k.parse::<u64>().ok())
        })
        .map_or_else(
            || "unknown".into(),
            |kib| format!("{:.1} GiB", kib as f64 / (1 << 20) as f64),
        );
    let rustc = Command::new("rustc")
        .arg("-V")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_else(|_| "rustc: unknown".into());
    let profile = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    format!(
        "{cpu}, {cores} cores, {memory} memory; {rustc}; benchmarks built in the {profile} profile"
    )
}

fn report(plan: &Plan, rows: &[Row], took: Duration) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Benchmarks\n");
    let _ = writeln!(
        out,
        "Written by `cargo xtask bench`{}. Medians of repeated runs; ratios of things measured side by side in one run, on a shared, noisy machine.\n",
        if plan.smoke {
            " --smoke (smallest sizes, single runs: the figures mean nothing)"
        } else {
            ""
        }
    );
    let _ = writeln!(
        out,
        "Machine: {}. The whole run took {}.\n",
        machine(),
        show(took)
    );
    let _ = writeln!(out, "| measure | value | target | |");
    let _ = writeln!(out, "|---|---|---|---|");
    for row in rows {
        let (target, mark) = match &row.target {
            Some(t) => (t.text, if t.met { "PASS" } else { "MISS" }),
            None => ("reported", ""),
        };
        let _ = writeln!(out, "| {} | {} | {target} | {mark} |", row.what, row.value);
    }
    let misses: Vec<&Row> = rows
        .iter()
        .filter(|r| r.target.as_ref().is_some_and(|t| !t.met))
        .collect();
    if !misses.is_empty() {
        let _ = writeln!(out, "\n## Why each MISS\n");
        for row in misses {
            if let Some(target) = &row.target {
                let _ = writeln!(
                    out,
                    "- {} ({}, target {}): {}",
                    row.what, row.value, target.text, target.reason
                );
            }
        }
    }
    out
}
