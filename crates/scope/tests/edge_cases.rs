//! The 27 edge cases of `../shared/research/mf-semantics.md` §7 and the later
//! observations of §9, one scenario per runtime difference
//! (`examples/scenarios/edge-cases/`). Each runs on the
//! engine and on the real runtimes: the outcomes must agree (share scopes
//! included), and both must show what the research says the runtime does.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

mod oracle;

use fedscope_scope::{Scenario, disagreements, simulate};
use serde_json::Value;
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/scenarios/edge-cases")
}

/// What a load step (by its position among the load steps) must show.
enum Exp {
    /// result, provider, version
    Got(&'static str, &'static str, &'static str),
    /// the error text contains this
    Throws(&'static str),
    /// some warning of the step contains this
    Warns(&'static str),
    /// the step prints nothing
    Quiet,
}
use Exp::*;

/// A top-level (initialisation) warning contains this.
const INIT_WARNS: &[(&str, &str)] = &[
    ("22a-two-hosts-one-remote.webpack.json", "already been initialized with a different share scope"),
    ("25a-remote-entry-fails.webpack.json", "Initialization of sharing external failed: ScriptExternalLoadError"),
];

fn expectations() -> Vec<(&'static str, Vec<(usize, Exp)>)> {
    vec![
        ("01a-same-version-uniquename.webpack.json", vec![(0, Got("shared", "aaa", "18.2.0"))]),
        ("01b-same-version-name.mf2.json", vec![(0, Got("shared", "zzz", "18.2.0"))]),
        ("01c-same-version-loaded-first.mf2.json", vec![(0, Got("shared", "host", "18.2.0"))]),
        ("02a-same-version-eager.webpack.json", vec![(0, Got("shared", "aaa", "18.2.0"))]),
        ("02b-same-version-eager.mf2.json", vec![(0, Got("shared", "zzz", "18.2.0"))]),
        ("03a-loaded-entry-kept.webpack.json", vec![(1, Got("shared", "host", "18.2.0"))]),
        ("03b-loaded-entry-kept.mf2.json", vec![(1, Got("shared", "host", "18.2.0"))]),
        ("04-no-uniquename.webpack.json", vec![(0, Got("shared", "host", "18.2.0"))]),
        ("05a-singleton-highest.webpack.json", vec![(0, Got("shared", "cart", "18.3.1")), (0, Quiet)]),
        ("05b-singleton-highest.mf2.json", vec![(0, Got("shared", "cart", "18.3.1")), (0, Quiet)]),
        (
            "06a-singleton-skips-later-loaded.webpack.json",
            vec![(0, Got("shared", "r2", "1.5.0")), (1, Got("shared", "r1", "2.0.0"))],
        ),
        (
            "06b-singleton-skips-later-loaded.mf2.json",
            vec![(0, Got("shared", "r2", "1.5.0")), (1, Got("shared", "r1", "2.0.0"))],
        ),
        ("06c-loaded-first-picks-loaded.mf2.json", vec![(1, Got("shared", "r2", "1.5.0"))]),
        (
            "07a-singleton-keeps-first-loaded.webpack.json",
            vec![
                (1, Got("shared", "host", "1.0.0")),
                (1, Warns("Unsatisfied version 1.0.0 from host of shared singleton module lib (required ^2.0.0)")),
            ],
        ),
        (
            "07b-singleton-keeps-first-loaded.mf2.json",
            vec![
                (1, Got("shared", "host", "1.0.0")),
                (
                    1,
                    Warns(
                        "[ Federation Runtime ] Version 1.0.0 from host of shared singleton module lib does not satisfy the requirement of r1 which needs ^2.0.0)",
                    ),
                ),
            ],
        ),
        (
            "08a-singleton-mismatch-warns.webpack.json",
            vec![
                (1, Got("shared", "host", "18.2.0")),
                (1, Warns("Unsatisfied version 18.2.0 from host of shared singleton module react (required ^17.0.0)")),
            ],
        ),
        (
            "08b-singleton-mismatch-warns.mf2.json",
            vec![(1, Got("shared", "host", "18.2.0")), (1, Warns("which needs ^17.0.0)"))],
        ),
        (
            "09a-strict-singleton-throws.webpack.json",
            vec![(
                1,
                Throws("Unsatisfied version 18.2.0 from host of shared singleton module react (required ^17.0.0)"),
            )],
        ),
        (
            "09b-strict-singleton-throws.mf2.json",
            vec![(1, Throws("[ Federation Runtime ]: Version 18.2.0 from host of shared singleton module react"))],
        ),
        ("10a-highest-satisfying.webpack.json", vec![(0, Got("shared", "r1", "3.10.1"))]),
        ("10b-first-satisfying.mf2.json", vec![(0, Got("shared", "host", "3.10.0"))]),
        ("11a-non-singleton-falls-back.webpack.json", vec![(1, Got("fallback", "old", "15.9.0")), (1, Quiet)]),
        ("11b-non-singleton-falls-back.mf2.json", vec![(1, Got("fallback", "old", "15.9.0")), (1, Quiet)]),
        (
            "12a-non-strict-non-singleton.webpack.json",
            vec![
                (1, Got("shared", "host", "18.2.0")),
                (
                    1,
                    Warns(
                        "No satisfying version (^16.0.0) of shared module lib found in shared scope default. Available versions: 18.2.0 from host, 15.9.0 from old",
                    ),
                ),
            ],
        ),
        ("12b-non-strict-non-singleton.mf2.json", vec![(1, Got("fallback", "old", "15.9.0"))]),
        (
            "13a-import-false-unsatisfied.webpack.json",
            vec![(0, Got("shared", "host", "18.2.0")), (0, Warns("No satisfying version (^16.0.0)"))],
        ),
        ("13b-import-false-unsatisfied.mf2.json", vec![(0, Throws("Can not get 'lib'"))]),
        ("14a-key-absent.webpack.json", vec![(0, Throws("Shared module lib doesn't exist in shared scope default"))]),
        ("14b-key-absent.mf2.json", vec![(0, Throws("Can not get 'lib'"))]),
        (
            "15a-eager-consumer-eager-view.webpack.json",
            vec![(0, Got("shared", "early", "17.0.0")), (0, Warns("Unsatisfied version 17.0.0"))],
        ),
        ("15b-eager-consumer-all-entries.webpack-5.92.json", vec![(0, Got("shared", "host", "18.2.0"))]),
        (
            "15c-eager-consumer-no-eager-provider.webpack.json",
            vec![
                (0, Warns("Unsatisfied version 0 from 0 of shared singleton module react")),
                (0, Throws("Cannot set properties of undefined (setting 'loaded')")),
            ],
        ),
        ("15d-eager-consumer-async.mf2.json", vec![(0, Got("shared", "host", "18.2.0"))]),
        ("15e-sync-consumer-own-copy.mf2.json", vec![(0, Got("shared", "app", "17.0.0")), (0, Quiet)]),
        (
            "16a-missing-async-boundary.webpack.json",
            vec![(0, Throws("Shared module is not available for eager consumption: react"))],
        ),
        (
            "16b-missing-async-boundary.mf2.json",
            vec![
                (0, Throws("#RUNTIME-006")),
                (0, Warns("loadShareSync failed! The function should not be called unless you set \"eager:true\"")),
            ],
        ),
        ("17a-ranges-per-issuer.webpack.json", vec![(1, Got("shared", "host", "18.2.0")), (1, Quiet)]),
        ("17b-ranges-per-issuer.mf2.json", vec![(1, Got("shared", "host", "18.2.0")), (1, Quiet)]),
        ("18a-unknown-version.webpack.json", vec![(0, Got("shared", "r", "1.0.0"))]),
        (
            "18b-unknown-version.mf2.json",
            vec![
                (0, Got("shared", "host", "0")),
                (
                    0,
                    Warns(
                        "Version 0 from host of shared singleton module lib does not satisfy the requirement of host which needs *)",
                    ),
                ),
            ],
        ),
        ("19a-caret-zero.webpack-5.111.json", vec![(0, Got("fallback", "app", "0.4.0"))]),
        ("19b-caret-zero.webpack-5.112.json", vec![(0, Got("shared", "host", "0.5.0"))]),
        ("20a-prerelease-provider.webpack.json", vec![(0, Warns("Unsatisfied version 18.3.0-canary.1"))]),
        ("20b-prerelease-provider.mf2.json", vec![(0, Got("shared", "host", "18.3.0-canary.1")), (0, Quiet)]),
        ("21a-partial-version.webpack.json", vec![(0, Got("shared", "host", "1.2")), (0, Quiet)]),
        ("21b-partial-version.mf2.json", vec![(0, Warns("Version 1.2 from host"))]),
        ("22a-two-hosts-one-remote.webpack.json", vec![(0, Got("shared", "shell-a", "18.2.0"))]),
        ("22b-two-hosts-one-remote.mf2.json", vec![(0, Got("shared", "shell-b", "18.3.1"))]),
        (
            "23a-init-cycle.webpack.json",
            vec![(0, Got("shared", "cart", "18.3.1")), (1, Got("shared", "cart", "18.3.1"))],
        ),
        ("23b-init-cycle.mf2.json", vec![(0, Got("shared", "cart", "18.3.1")), (1, Got("shared", "cart", "18.3.1"))]),
        (
            "24a-from-after-load.webpack.json",
            vec![(1, Warns("Unsatisfied version 18.3.1 from cart of shared singleton module react"))],
        ),
        (
            "24b-from-after-load.mf2.json",
            vec![(
                1,
                Warns(
                    "Version 18.3.1 from host of shared singleton module react does not satisfy the requirement of undefined",
                ),
            )],
        ),
        ("25a-remote-entry-fails.webpack.json", vec![(0, Got("shared", "host", "18.2.0"))]),
        ("25b-remote-entry-fails.mf2.json", vec![(0, Got("shared", "host", "18.2.0"))]),
        ("26-same-name-two-builds.mf2.json", vec![(1, Got("shared", "cart-a", "1.0.0"))]),
        ("26-same-name-two-builds.webpack.json", vec![(1, Got("shared", "cart-b", "1.0.0"))]),
        (
            "9.2-eager-non-singleton-no-eager-provider.webpack.json",
            vec![(0, Throws("Cannot create property 'loaded' on number '0'"))],
        ),
        (
            "9.3-failed-sync-then-async.webpack.json",
            vec![
                (0, Throws("not available for eager consumption: react")),
                (1, Throws("not available for eager consumption: react")),
            ],
        ),
        ("9.3-failed-sync-then-async.mf2.json", vec![(0, Throws("#RUNTIME-006")), (1, Throws("#RUNTIME-006"))]),
        (
            "9.4-sync-load-rewrites-from.mf2.json",
            vec![
                (0, Got("shared", "cart", "18.3.1")),
                (1, Warns("Version 18.3.1 from host of shared singleton module react")),
            ],
        ),
        ("9.5-non-singleton-loaded-kept.mf2.json", vec![(1, Got("shared", "host", "1.0.0"))]),
        ("9.5-non-singleton-loaded-kept.webpack.json", vec![(1, Got("shared", "remote", "1.5.0"))]),
        (
            "27-no-own-entry-loaded-first.mf2.json",
            vec![
                (1, Got("shared", "r1", "2.0.0")),
                (1, Warns("does not satisfy the requirement of undefined which needs ^1.0.0)")),
            ],
        ),
    ]
}

fn check(file: &str, outcome: &Value, exps: &[(usize, Exp)], who: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let steps = outcome["steps"].as_array().cloned().unwrap_or_default();
    for (i, exp) in exps {
        let Some(step) = steps.get(*i) else {
            problems.push(format!("{file} ({who}): no load step {i}"));
            continue;
        };
        let text = |f: &str| step[f].as_str().unwrap_or("").to_string();
        let warnings: Vec<String> =
            step["warnings"].as_array().into_iter().flatten().filter_map(|w| w.as_str().map(String::from)).collect();
        let ok = match exp {
            Got(result, provider, version) => {
                text("result") == *result && text("provider") == *provider && text("version") == *version
            }
            Throws(s) => text("result") == "error" && text("error").contains(s),
            Warns(s) => warnings.iter().any(|w| w.contains(s)),
            Quiet => warnings.is_empty() && step.get("error").is_none(),
        };
        if !ok {
            problems.push(format!("{file} ({who}): load step {i} does not show what the research says:\n    {step}"));
        }
    }
    for (f, s) in INIT_WARNS {
        if *f == file
            && !outcome["warnings"].as_array().into_iter().flatten().any(|w| w.as_str().is_some_and(|w| w.contains(s)))
        {
            problems.push(format!("{file} ({who}): no initialisation warning containing {s:?}"));
        }
    }
    problems
}

#[test]
fn every_edge_case_behaves_as_researched_on_the_engine_and_the_real_runtime() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir())
        .expect("edge-case dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let exps = expectations();
    let names: Vec<String> =
        files.iter().map(|p| p.file_name().expect("name").to_string_lossy().into_owned()).collect();
    for (f, _) in &exps {
        assert!(names.iter().any(|n| n == f), "expectations name a missing scenario {f}");
    }
    let scenarios: Vec<Scenario> = files
        .iter()
        .map(|p| {
            Scenario::from_json(&std::fs::read_to_string(p).expect("read"))
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        })
        .collect();
    let real = oracle::run(&scenarios.iter().map(Scenario::to_json).collect::<Vec<_>>(), 2);
    let mut problems = Vec::new();
    let mut covered = std::collections::BTreeSet::new();
    for ((name, s), theirs) in names.iter().zip(&scenarios).zip(&real) {
        let ours = simulate(s).to_json();
        let mut d = disagreements(&ours, theirs);
        if ours["scope"] != theirs["scope"] {
            d.push(format!("scope: {} vs {}", ours["scope"], theirs["scope"]));
        }
        if !d.is_empty() {
            problems.push(format!("{name}: engine and real runtime disagree:\n    {}", d.join("\n    ")));
        }
        match exps.iter().find(|(f, _)| f == name) {
            Some((_, e)) => {
                problems.extend(check(name, &ours, e, "engine"));
                problems.extend(check(name, theirs, e, "real runtime"));
            }
            None => problems.push(format!("{name}: no expectations written for this scenario")),
        }
        if let Ok(n) = name[..2].parse::<u32>() {
            covered.insert(n);
        }
    }
    assert_eq!(covered, (1..=27).collect(), "every edge case 01-27 of §7 has a scenario");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
