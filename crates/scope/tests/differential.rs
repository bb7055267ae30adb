//! The engine against the real runtimes on seeded random scenarios: at least
//! 2,000 per runtime, zero disagreements under the contract's agreement rule
//! (see `oracle/` for how the real runtimes are driven).
//!
//! `FEDSCOPE_DIFF_SCENARIOS=N` runs N per runtime instead (for a quick local run).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

mod oracle;

use fedscope_scope::generate;
use fedscope_scope::{Runtime, Scenario, disagreements, simulate};
use fedscope_semver::arbitrary::Rng;
use serde_json::Value;
use std::collections::BTreeMap;

fn count() -> Option<usize> {
    std::env::var("FEDSCOPE_DIFF_SCENARIOS").ok().and_then(|v| v.parse().ok())
}

fn check(runtime: Runtime, n: usize, seed: u64) {
    let n = count().unwrap_or(n);
    let mut rng = Rng::new(seed);
    let scenarios: Vec<Scenario> = (0..n).map(|_| generate::scenario(&mut rng, runtime)).collect();
    let json: Vec<Value> = scenarios.iter().map(Scenario::to_json).collect();
    let real = oracle::run(&json, 2);
    let mut failures = Vec::new();
    let mut stats: BTreeMap<String, usize> = BTreeMap::new();
    for (i, (s, theirs)) in scenarios.iter().zip(&real).enumerate() {
        if let Some(e) = theirs.get("oracleError") {
            failures.push(format!("scenario {i}: the oracle could not run it: {e}\n{}", json[i]));
            continue;
        }
        let ours = simulate(s).to_json();
        for step in theirs["steps"].as_array().into_iter().flatten() {
            *stats
                .entry(format!("{} {}", step["mode"].as_str().unwrap_or(""), step["result"].as_str().unwrap_or("")))
                .or_default() += 1;
            if step["warnings"].as_array().is_some_and(|w| !w.is_empty()) {
                *stats.entry("steps with warnings".into()).or_default() += 1;
            }
        }
        if theirs["instances"]
            .as_object()
            .is_some_and(|m| m.values().any(|l| l.as_array().is_some_and(|l| l.len() > 1)))
        {
            *stats.entry("scenarios with two copies of a key".into()).or_default() += 1;
        }
        if theirs["warnings"].as_array().is_some_and(|w| !w.is_empty()) {
            *stats.entry("scenarios with init warnings".into()).or_default() += 1;
        }
        let mut d = disagreements(&ours, theirs);
        // Stricter than the contract (which calls `scope` informative): the
        // engine claims the runtime's final share scopes exactly.
        if ours["scope"] != theirs["scope"] {
            d.push(format!("scope: {} vs {}", ours["scope"], theirs["scope"]));
        }
        if !d.is_empty() {
            failures.push(format!("scenario {i}:\n  {}\n  scenario: {}", d.join("\n  "), json[i]));
        }
    }
    eprintln!("{} {n} scenarios: {stats:?}; disagreements: {}", runtime.as_str(), failures.len());
    assert!(
        failures.is_empty(),
        "{} of {n} {} scenarios disagree with the real runtime; first ones:\n{}",
        failures.len(),
        runtime.as_str(),
        failures.iter().take(8).cloned().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn mf2_random_scenarios_agree_with_the_real_runtime() {
    check(Runtime::Mf2, 2_000, 0x00F2_2000);
}

#[test]
fn webpack_random_scenarios_agree_with_the_real_runtime() {
    check(Runtime::Webpack, 2_100, 0x00B5_2100);
}
