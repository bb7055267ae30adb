//! `cargo xtask bench-check [--dir DIR] [--runs N] [--keep] [--apps N] [--files N] [--seed N]`:
//! `fedscope check` against bare parsing of the same files with oxc, in the same run.
//!
//! Without `--dir` the workload is generated (`gen-workspace`, 50 apps and
//! 10,000 source files by default) into a temporary directory, removed after
//! unless `--keep`. With `--dir` any workspace is measured as it is.
//!
//! - bare parsing: read every .js/.jsx/.ts/.tsx file under DIR (no
//!   `node_modules`, no dot directories) and parse it with `oxc_parser` (the
//!   workspace's version, a fresh allocator per file, `.js` with JSX as fedscope
//!   parses it), on one thread and on every core (`std::thread::scope`, files
//!   handed out one at a time);
//! - `fedscope check DIR --format json`: the release binary as a subprocess,
//!   wall time, and CPU time (user + system) of the child from the kernel's
//!   accounting of waited-for children; CPU / wall says how many cores it kept busy.
//!
//! Each figure is the median of `--runs` runs (default 5) after one warm-up
//! run (the file cache). Nothing is asserted: it is a measurement, not a test.

use crate::generate;
use oxc_allocator::Allocator;
use oxc_parser::Parser;
use oxc_span::SourceType;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const USAGE: &str =
    "usage: cargo xtask bench-check [--dir DIR] [--runs N] [--keep] [--apps 50] [--files 10000] [--seed N]";

pub fn main(args: &[String]) -> ExitCode {
    let (gen_options, rest) = match generate::parse_options(args) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("{e}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mut dir: Option<PathBuf> = None;
    let mut runs = 5usize;
    let mut keep = false;
    let mut it = rest.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--dir" => dir = it.next().map(PathBuf::from),
            "--runs" => match it.next().and_then(|r| r.parse().ok()) {
                Some(r) if r > 0 => runs = r,
                _ => {
                    eprintln!("--runs takes a whole number above 0\n{USAGE}");
                    return ExitCode::from(2);
                }
            },
            "--keep" => keep = true,
            other => {
                eprintln!("unexpected argument {other}\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let (dir, generated) = match dir {
        Some(d) => (d, false),
        None => {
            let d = std::env::temp_dir().join(format!("fedscope-bench-{}-{}", gen_options.seed, std::process::id()));
            eprintln!(
                "generating {} apps, {} files (seed {}) into {} …",
                gen_options.apps,
                gen_options.files,
                gen_options.seed,
                d.display()
            );
            if let Err(e) = generate::write(&d, &gen_options) {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
            (d, true)
        }
    };
    let code = match run(&dir, runs) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    };
    if generated {
        if keep {
            eprintln!("kept {}", dir.display());
        } else {
            let _ = std::fs::remove_dir_all(&dir);
        }
    }
    code
}

fn run(dir: &Path, runs: usize) -> Result<(), String> {
    let exe = crate::build_fedscope()?;
    let mut files = Vec::new();
    collect(dir, &mut files);
    files.sort();
    if files.is_empty() {
        return Err(format!("no .js/.jsx/.ts/.tsx file under {}", dir.display()));
    }
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let ticks = clock_ticks();
    let load_before = load_average();

    // the check once, for what it found (and to warm the file cache)
    let first = Command::new(&exe)
        .arg("check")
        .arg(dir)
        .args(["--format", "json"])
        .output()
        .map_err(|e| format!("{}: {e}", exe.display()))?;
    if !matches!(first.status.code(), Some(0 | 1)) {
        return Err(format!(
            "fedscope check exited with {}:\n{}",
            first.status,
            String::from_utf8_lossy(&first.stderr)
        ));
    }
    let report: serde_json::Value =
        serde_json::from_slice(&first.stdout).map_err(|e| format!("fedscope check printed no JSON: {e}"))?;
    let summary = &report["summary"];
    let count = |k: &str| summary[k].as_u64().unwrap_or(0);

    let (bytes, bad) = parse_all(&files, 1);
    let own = |c: &CpuTimes| c.own;
    let children = |c: &CpuTimes| c.children;
    let p1 = measure(runs, ticks, own, || {
        parse_all(&files, 1);
    });
    let pn = measure(runs, ticks, own, || {
        parse_all(&files, threads);
    });
    let check = measure(runs, ticks, children, || {
        let out = Command::new(&exe).arg("check").arg(dir).args(["--format", "json"]).output();
        if let Ok(o) = out {
            std::hint::black_box(o.stdout.len());
        }
    });

    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!("bench-check on {}", dir.display());
    println!("fedscope: {}; {threads} cores; median of {runs} runs after a warm-up", exe.display());
    println!(
        "load average (1 min) before: {load_before}, after: {} (other work on the machine skews every figure)",
        load_average()
    );
    println!();
    println!("files: {} (.js/.jsx/.ts/.tsx), {:.1} MB, {} with syntax errors", files.len(), bytes as f64 / 1e6, bad);
    println!(
        "fedscope check: {} apps, {} errors, {} warnings, {} infos",
        count("apps"),
        count("errors"),
        count("warnings"),
        count("infos")
    );
    println!();
    println!("| what                          |  wall ms |   CPU ms | cores used |");
    println!("|-------------------------------|---------:|---------:|-----------:|");
    let row = |what: &str, m: &Measured| {
        println!(
            "| {what:<29} | {:>8.1} | {:>8.1} | {:>10.2} |",
            ms(m.wall),
            ms(m.cpu),
            m.cpu.as_secs_f64() / m.wall.as_secs_f64()
        );
    };
    row("parse with oxc, 1 thread", &p1);
    row(&format!("parse with oxc, {threads} threads"), &pn);
    row("fedscope check", &check);
    println!();
    let r_n = check.wall.as_secs_f64() / pn.wall.as_secs_f64();
    let r_1 = check.wall.as_secs_f64() / p1.wall.as_secs_f64();
    println!("check / parse ({threads} threads): {r_n:.2}   (target: at most 1.5)");
    println!("check / parse (1 thread):  {r_1:.2}");
    println!(
        "CPU time, check / parse (1 thread): {:.2}   (what the analysis costs on top of parsing, whatever the load)",
        check.cpu.as_secs_f64() / p1.cpu.as_secs_f64()
    );
    let cores = check.cpu.as_secs_f64() / check.wall.as_secs_f64();
    let parallel = pn.cpu.as_secs_f64() / pn.wall.as_secs_f64();
    if threads > 1 && cores < 1.5 {
        if parallel > 1.5 {
            println!(
                "check keeps {cores:.2} of {threads} cores busy (parsing kept {parallel:.2}): it runs on one thread"
            );
        } else {
            println!(
                "check keeps {cores:.2} of {threads} cores busy, and parsing on {threads} threads only {parallel:.2}: the machine is busy, measure again on a quiet one"
            );
        }
    }
    Ok(())
}

/// Every .js/.jsx/.ts/.tsx file under `dir`, less `node_modules` and dot directories.
fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        let Ok(ty) = e.file_type() else { continue };
        if ty.is_dir() {
            if name != "node_modules" && !name.starts_with('.') {
                collect(&e.path(), out);
            }
        } else if ty.is_file() && generate::is_source(&name) {
            out.push(e.path());
        }
    }
}

/// How fedscope parses a file: by its extension, `.js` with JSX.
fn source_type(path: &Path) -> SourceType {
    let st = SourceType::from_path(path).unwrap_or_else(|_| SourceType::mjs());
    if path.extension().is_some_and(|e| e == "js") { st.with_jsx(true) } else { st }
}

/// Reads and parses one file; (bytes, whether oxc reported an error).
fn parse_one(path: &Path) -> (usize, bool) {
    let Ok(text) = std::fs::read_to_string(path) else { return (0, true) };
    let alloc = Allocator::default();
    let ret = Parser::new(&alloc, &text, source_type(path)).parse();
    std::hint::black_box(ret.program.body.len());
    (text.len(), !ret.diagnostics.is_empty())
}

/// Parses every file on `threads` threads; (bytes, files with errors).
fn parse_all(files: &[PathBuf], threads: usize) -> (usize, usize) {
    if threads <= 1 {
        return files.iter().map(|f| parse_one(f)).fold((0, 0), |(b, n), (x, bad)| (b + x, n + usize::from(bad)));
    }
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let (mut bytes, mut bad) = (0, 0);
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(f) = files.get(i) else { break };
                        let (b, e) = parse_one(f);
                        bytes += b;
                        bad += usize::from(e);
                    }
                    (bytes, bad)
                })
            })
            .collect();
        workers.into_iter().filter_map(|w| w.join().ok()).fold((0, 0), |(b, n), (x, y)| (b + x, n + y))
    })
}

struct Measured {
    wall: Duration,
    cpu: Duration,
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Runs `f` once to warm up, then `runs` times; the medians of wall time and
/// of the CPU time `cpu` picks (this process's, or its waited-for children's).
fn measure(runs: usize, ticks: f64, cpu: fn(&CpuTimes) -> Duration, mut f: impl FnMut()) -> Measured {
    f();
    let (mut walls, mut cpus) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let c = cpu_times(ticks);
        let t = Instant::now();
        f();
        walls.push(t.elapsed());
        cpus.push(cpu(&cpu_times(ticks)).saturating_sub(cpu(&c)));
    }
    Measured { wall: median(walls), cpu: median(cpus) }
}

struct CpuTimes {
    /// user + system of this process.
    own: Duration,
    /// user + system of its waited-for children.
    children: Duration,
}

/// From `/proc/self/stat` (utime, stime, cutime, cstime); zero where there is none.
fn cpu_times(ticks: f64) -> CpuTimes {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // fields after the command name in parentheses, starting with the state (field 3)
    let after = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<f64> = after.split_whitespace().map(|x| x.parse().unwrap_or(0.0)).collect();
    let get = |field: usize| f.get(field - 3).copied().unwrap_or(0.0);
    let secs = |t: f64| Duration::from_secs_f64(t / ticks);
    CpuTimes { own: secs(get(14) + get(15)), children: secs(get(16) + get(17)) }
}

/// The 1-minute load average, as `/proc/loadavg` says.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(String::from))
        .unwrap_or_else(|| "?".into())
}

/// Clock ticks per second of `/proc` times.
fn clock_ticks() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
        .unwrap_or(100.0)
}
