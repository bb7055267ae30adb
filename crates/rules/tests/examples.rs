//! Every rule's documentation examples, run: each Invalid example workspace
//! gives exactly one diagnostic of its rule, each Valid one none. The
//! workspaces are the example's files plus the example base
//! (`fedscope_rules::docs::materialize`), written to a temporary directory
//! and run through the whole pipeline (discovery, planner, rules).

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

use fedscope_rules::docs::examples;
use fedscope_rules::rules::RULES;
use std::path::PathBuf;

fn run(example: &fedscope_rules::docs::Example, tag: &str) -> fedscope_rules::Report {
    // FEDSCOPE_KEEP_EXAMPLES=DIR keeps each example workspace under DIR/<rule>-<n> to look at
    let keep = std::env::var_os("FEDSCOPE_KEEP_EXAMPLES").map(PathBuf::from);
    let dir = match &keep {
        Some(k) => k.join(tag),
        None => std::env::temp_dir().join(format!("fedscope-example-{}-{tag}", std::process::id())),
    };
    fedscope_rules::docs::write_example(example, &dir).unwrap();
    let graph = fedscope_workspace::analyze(&dir, &fedscope_workspace::Options::default()).unwrap();
    let plans = fedscope_plan::plan(&graph);
    let report = fedscope_rules::check(&graph, &plans, &fedscope_rules::Config::default());
    if keep.is_none() {
        let _ = std::fs::remove_dir_all(&dir);
    }
    report
}

#[test]
fn every_example_gives_what_it_says() {
    let mut failures = Vec::new();
    for rule in RULES {
        let meta = rule.meta();
        if meta.name == "unused-ignore" {
            continue; // produced from the configuration; tested in tests/config.rs
        }
        let all = examples(meta);
        let invalid = all.iter().filter(|e| !e.valid).count();
        let valid = all.iter().filter(|e| e.valid).count();
        if invalid == 0 || valid == 0 {
            failures.push(format!("{}: needs an Invalid and a Valid example ({invalid} and {valid})", meta.name));
            continue;
        }
        for (n, ex) in all.iter().enumerate() {
            let report = run(ex, &format!("{}-{n}", meta.name));
            let mine: Vec<&fedscope_rules::Diagnostic> =
                report.diagnostics.iter().filter(|d| d.rule == meta.name).collect();
            let expected = if ex.valid { 0 } else { 1 };
            if mine.len() != expected {
                failures.push(format!(
                    "{} / {}: {} diagnostics of the rule, expected {expected}:\n    {}",
                    meta.name,
                    ex.title,
                    mine.len(),
                    mine.iter()
                        .map(|d| format!("{}:{} {}", d.file, d.line, d.message))
                        .collect::<Vec<_>>()
                        .join("\n    ")
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn every_rule_file_is_registered_and_documented() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/rules");
    let names: Vec<&str> = RULES.iter().map(|r| r.meta().name).collect();
    let mut files = Vec::new();
    for table in std::fs::read_dir(&root).unwrap() {
        let table = table.unwrap().path();
        if table.is_dir() {
            for f in std::fs::read_dir(&table).unwrap() {
                let f = f.unwrap().path();
                let stem = f.file_stem().unwrap().to_string_lossy().to_string();
                if stem != "mod" {
                    files.push(stem.replace('_', "-"));
                }
            }
        }
    }
    for f in &files {
        assert!(names.contains(&f.as_str()), "src/rules/**/{f}.rs is not in the registry (rules::RULES)");
    }
    for rule in RULES {
        let md = fedscope_rules::docs::markdown(rule.meta());
        for heading in ["## What it does", "## Why is this bad?", "## Examples", "## How to fix"] {
            assert!(md.contains(heading), "{}: its docs lack {heading:?}", rule.meta().name);
        }
        assert!(!rule.meta().summary().is_empty());
    }
    // names are unique and kebab-case
    let mut sorted = names.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), names.len());
    assert!(names.iter().all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '-')));
}

#[test]
fn the_rules_of_the_contract_exist() {
    for name in [
        "singleton-not-declared",
        "shared-asymmetric",
        "required-version-missing",
        "required-version-drift",
        "strict-version-conflict",
        "eager-shared",
        "shared-version-unknown",
        "remote-entry-conflict",
        "duplicate-instance",
        "singleton-version-unsatisfied",
        "singleton-version-error",
        "no-satisfying-version",
        "load-order-dependent",
        "missing-async-boundary",
    ] {
        assert!(fedscope_rules::rules::find(name).is_some(), "{name}");
    }
}
