//! `FEDSCOPE_TIMINGS=1`: the wall time of each phase of a run, on stderr (for
//! profiling; docs/benchmarks.md).

use std::sync::Mutex;
use std::time::Instant;

static LAST: Mutex<Option<Instant>> = Mutex::new(None);
static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();

fn enabled() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("FEDSCOPE_TIMINGS").is_some_and(|v| !v.is_empty() && v != "0"))
}

/// Ends the phase `label`: prints the time since the previous phase ended.
pub fn phase(label: &str) {
    if !enabled() {
        return;
    }
    let now = Instant::now();
    let mut last = LAST.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(prev) = *last {
        // the resident set so far, where the kernel says (Linux)
        let rss = std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| l[6..].trim().to_string()))
            .map(|kb| format!("  (peak resident {kb})"))
            .unwrap_or_default();
        eprintln!("fedscope: {label:<24} {:8.1} ms{rss}", (now - prev).as_secs_f64() * 1000.0);
    }
    *last = Some(now);
    START.get_or_init(|| now);
}

/// Times `f` as a part of the current phase (one rule), printed as it ends.
pub fn part<R>(label: &str, f: impl FnOnce() -> R) -> R {
    if !enabled() {
        return f();
    }
    let start = Instant::now();
    let r = f();
    eprintln!("fedscope:   {label:<30} {:8.1} ms", start.elapsed().as_secs_f64() * 1000.0);
    r
}

/// Notes an event inside a phase (a background thread's end): the time since the first phase.
pub fn mark(label: &str) {
    if !enabled() {
        return;
    }
    let since = START.get().map_or(0.0, |s| s.elapsed().as_secs_f64() * 1000.0);
    eprintln!("fedscope:   {label} at {since:.1} ms");
}
