//! Runs scenarios on the real runtimes through `oracle/scenario.cjs`.

use serde_json::Value;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

pub fn oracle_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../oracle")
}

/// Outcomes of the real runtimes, one per scenario, in order.
pub fn run(scenarios: &[Value], jobs: usize) -> Vec<Value> {
    let dir = oracle_dir();
    assert!(
        dir.join("node_modules/webpack").is_dir() && dir.join("node_modules/@module-federation/runtime").is_dir(),
        "the oracle's packages are not installed: run `npm ci --prefix oracle` (the README's test command does)"
    );
    let mut child = Command::new("node")
        .args(["scenario.cjs", "--batch", "--jobs", &jobs.to_string()])
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("node must be on PATH for the differential tests");
    let input: String = scenarios.iter().map(|s| format!("{s}\n")).collect();
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()).expect("write scenarios"));
    let out = child.wait_with_output().expect("oracle output");
    writer.join().expect("writer thread");
    assert!(out.status.success(), "scenario oracle failed");
    let results: Vec<Value> = String::from_utf8(out.stdout)
        .expect("utf8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("oracle JSON"))
        .collect();
    assert_eq!(results.len(), scenarios.len(), "the oracle answered a different number of scenarios");
    results
}
