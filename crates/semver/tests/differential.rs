//! Each dialect against its own real implementation, on random (version, range)
//! pairs: webpack's semver module and the runtime code it emits into bundles
//! (three release lines), the MF2 runtime's `satisfy`/`versionLt`, and npm's
//! `semver`. Zero disagreements allowed.
//!
//! Needs Node and the oracle's packages (`npm ci --prefix oracle`, which the
//! README's test command runs).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

use fedscope_semver::arbitrary::{self, Rng};
use fedscope_semver::{mf2, npm, webpack};
use serde_json::{Value, json};
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

const CASES: usize = 12_000;
const SEED: u64 = 0x5EED_0001;

fn oracle_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../oracle")
}

fn run_oracle(cases: &[Value]) -> Vec<Value> {
    let dir = oracle_dir();
    assert!(
        dir.join("node_modules/webpack").is_dir(),
        "the oracle's packages are not installed: run `npm ci --prefix oracle` (the README's test command does)"
    );
    let mut child = Command::new("node")
        .arg("semver.cjs")
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("node must be on PATH for the differential tests");
    let input: String = cases.iter().map(|c| format!("{c}\n")).collect();
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()).expect("write cases"));
    let out = child.wait_with_output().expect("oracle output");
    writer.join().expect("writer thread");
    assert!(out.status.success(), "semver oracle failed");
    let results: Vec<Value> = String::from_utf8(out.stdout)
        .expect("utf8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("oracle JSON"))
        .collect();
    assert_eq!(results.len(), cases.len(), "oracle answered a different number of cases");
    results
}

fn js<T: Into<Value>>(r: Result<T, webpack::JsError>) -> Value {
    match r {
        Ok(v) => v.into(),
        Err(e) => json!({ "throws": e.0 }),
    }
}

fn ours(v: &str, r: &str, w: &str) -> Value {
    let mut wp = serde_json::Map::new();
    for (name, line) in
        [("5.92", webpack::Line::V5_92), ("5.111", webpack::Line::V5_111), ("5.112", webpack::Line::V5_112)]
    {
        let mut o = serde_json::Map::new();
        match webpack::parse_range(r, line) {
            Err(e) => {
                o.insert("hole".into(), json!({ "throws": e.0 }));
            }
            Ok(range) => {
                o.insert("hole".into(), range.stringify_holey().into());
                o.insert("str".into(), js(range.to_js_string()));
                o.insert("sat".into(), js(range.satisfy(v)));
                let rt = range.to_runtime();
                o.insert("rtStr".into(), js(rt.to_js_string()));
                o.insert("rtSat".into(), js(rt.satisfy(v)));
            }
        }
        o.insert("lt".into(), js(webpack::version_lt(v, w)));
        o.insert("rtLt".into(), js(webpack::version_lt(v, w)));
        wp.insert(name.into(), o.into());
    }
    json!({
        "wp": wp,
        "mf2": { "sat": mf2::satisfy(v, r), "lt": mf2::version_lt(v, w) },
        "npm": { "sat": npm::satisfies(v, r) },
    })
}

/// Field paths where two JSON values differ.
fn diff(path: &str, a: &Value, b: &Value, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for k in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                diff(&format!("{path}.{k}"), x.get(k).unwrap_or(&Value::Null), y.get(k).unwrap_or(&Value::Null), out);
            }
        }
        _ if a != b => out.push(format!("{path}: ours {a} real {b}")),
        _ => {}
    }
}

#[test]
fn dialects_agree_with_their_real_implementations() {
    let mut rng = Rng::new(SEED);
    let cases: Vec<Value> = (0..CASES)
        .map(|_| {
            let r = arbitrary::range(&mut rng);
            let v = arbitrary::version_near(&mut rng, &r);
            let w = if rng.chance(50) { arbitrary::version_near(&mut rng, &v) } else { arbitrary::version(&mut rng) };
            json!({ "v": v, "r": r, "w": w })
        })
        .collect();
    let real = run_oracle(&cases);
    let mut failures = Vec::new();
    let mut per_dialect = std::collections::BTreeMap::<String, usize>::new();
    for (case, real) in cases.iter().zip(&real) {
        let (v, r, w) = (case["v"].as_str().unwrap(), case["r"].as_str().unwrap(), case["w"].as_str().unwrap());
        let mut d = Vec::new();
        diff("", &ours(v, r, w), real, &mut d);
        for line in &d {
            let dialect = line.split('.').nth(1).unwrap_or("?").to_string();
            *per_dialect.entry(dialect).or_default() += 1;
        }
        if !d.is_empty() {
            failures.push(format!("v={v:?} r={r:?} w={w:?}\n    {}", d.join("\n    ")));
        }
    }
    let count = |f: &dyn Fn(&Value) -> bool| real.iter().filter(|r| f(r)).count();
    eprintln!(
        "{CASES} cases: satisfied npm {} / mf2 {} / webpack 5.112 {}; webpack 5.112 vs npm differ {}, mf2 vs npm differ {}, \
         5.111 vs 5.112 differ {}, webpack throws {}; disagreements with the real code by dialect: {per_dialect:?}",
        count(&|r| r["npm"]["sat"] == true),
        count(&|r| r["mf2"]["sat"] == true),
        count(&|r| r["wp"]["5.112"]["rtSat"] == true),
        count(&|r| r["wp"]["5.112"]["rtSat"] != r["npm"]["sat"]),
        count(&|r| r["mf2"]["sat"] != r["npm"]["sat"]),
        count(&|r| r["wp"]["5.111"]["rtSat"] != r["wp"]["5.112"]["rtSat"]),
        count(&|r| r["wp"]["5.112"]["rtSat"].get("throws").is_some()),
    );
    assert!(
        failures.is_empty(),
        "{} of {CASES} cases disagree; first ones:\n{}",
        failures.len(),
        failures.iter().take(25).cloned().collect::<Vec<_>>().join("\n")
    );
}
