//! Scenarios per second of the engine against the Node oracle (the real
//! runtimes) on the same seeded scenarios, reported as a ratio. Both sides run
//! on one thread. The webpack oracle has to build every container first, so
//! its ratio is given against the oracle's whole run and against its run
//! without the builds.
//!
//!     cargo bench -p fedscope-scope
//!
//! `FEDSCOPE_BENCH_SCENARIOS=N` changes the number of scenarios per runtime.

use fedscope_scope::{Runtime, Scenario, generate, simulate};
use fedscope_semver::arbitrary::Rng;
use serde_json::Value;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Instant;

struct OracleTimes {
    total_s: f64,
    build_s: f64,
    run_s: f64,
}

fn oracle(scenarios: &[Value]) -> OracleTimes {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../oracle");
    let start = Instant::now();
    let mut child = Command::new("node")
        .args(["scenario.cjs", "--batch", "--jobs", "1", "--timings"])
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node and `npm ci --prefix oracle` are needed for this benchmark");
    let input: String = scenarios.iter().map(|s| format!("{s}\n")).collect();
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()).expect("write"));
    let out = child.wait_with_output().expect("oracle");
    writer.join().expect("writer");
    let total_s = start.elapsed().as_secs_f64();
    assert!(out.status.success(), "oracle failed");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let t: Value = stderr
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .find(|v| v.get("timings").is_some())
        .expect("oracle timings");
    OracleTimes {
        total_s,
        build_s: t["timings"]["buildMs"].as_f64().unwrap_or(0.0) / 1000.0,
        run_s: t["timings"]["runMs"].as_f64().unwrap_or(0.0) / 1000.0,
    }
}

fn engine_rate(scenarios: &[Scenario]) -> f64 {
    // best of several rounds of at least half a second each
    let mut best = 0f64;
    for _ in 0..5 {
        let start = Instant::now();
        let mut done = 0usize;
        while start.elapsed().as_secs_f64() < 0.5 {
            for s in scenarios {
                std::hint::black_box(simulate(std::hint::black_box(s)));
            }
            done += scenarios.len();
        }
        best = best.max(done as f64 / start.elapsed().as_secs_f64());
    }
    best
}

fn main() {
    let n: usize = std::env::var("FEDSCOPE_BENCH_SCENARIOS").ok().and_then(|v| v.parse().ok()).unwrap_or(400);
    println!("engine vs oracle, {n} seeded scenarios per runtime, one thread each\n");
    println!(
        "{:<8} {:>14} {:>14} {:>10} {:>14} {:>10}",
        "runtime", "engine sc/s", "oracle sc/s", "ratio", "oracle run sc/s", "ratio"
    );
    for (runtime, seed) in [(Runtime::Mf2, 1u64), (Runtime::Webpack, 2u64)] {
        let mut rng = Rng::new(seed);
        let scenarios: Vec<Scenario> = (0..n).map(|_| generate::scenario(&mut rng, runtime)).collect();
        let json: Vec<Value> = scenarios.iter().map(Scenario::to_json).collect();
        let engine = engine_rate(&scenarios);
        let t = oracle(&json);
        let whole = n as f64 / t.total_s;
        let run_only = n as f64 / t.run_s.max(1e-9);
        println!(
            "{:<8} {:>14.0} {:>14.1} {:>9.0}x {:>14.1} {:>9.0}x   (oracle: {:.1}s builds, {:.1}s runs, {:.1}s total)",
            runtime.as_str(),
            engine,
            whole,
            engine / whole,
            run_only,
            engine / run_only,
            t.build_s,
            t.run_s,
            t.total_s
        );
    }
}
