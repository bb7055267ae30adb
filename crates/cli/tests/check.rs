//! `fedscope check`, `rules` and `explain` as users run them: each format,
//! each exit code, the configuration file.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

mod common;

use common::{fedscope, text};
use std::path::{Path, PathBuf};

/// A rule's documentation example, written out.
fn example(rule: &str, valid: bool, tag: &str) -> PathBuf {
    let meta = fedscope_rules::rules::find(rule).unwrap().meta();
    let ex = fedscope_rules::docs::examples(meta).into_iter().find(|e| e.valid == valid).unwrap();
    let dir = std::env::temp_dir().join(format!("fedscope-check-{}-{tag}", std::process::id()));
    fedscope_rules::docs::write_example(&ex, &dir).unwrap();
    dir
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn the_reference_shop_is_clean() {
    let out = fedscope(&["check", "examples/shop"]);
    assert_eq!(out.status.code(), Some(0), "{}{}", text(&out.stdout), text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("0 errors, 0 warnings"), "{stdout}");
    insta::assert_snapshot!("check_shop_human", stdout);
    let out = fedscope(&["check", "examples/shop", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["version"], 1);
    assert_eq!(json["diagnostics"], serde_json::json!([]));
    assert_eq!(json["summary"]["apps"], 4);
    insta::assert_json_snapshot!("check_shop_json", json);
}

#[test]
fn findings_exit_1_in_both_formats() {
    let dir = example("missing-async-boundary", false, "mab");
    let out = fedscope(&["check", s(&dir)]);
    assert_eq!(out.status.code(), Some(1));
    let human = text(&out.stdout);
    assert!(human.contains("error[missing-async-boundary]"), "{human}");
    assert!(human.contains("--> apps/shell/src/index.js:1:"), "{human}");
    assert!(human.contains("= runtime: Shared module is not available for eager consumption"), "{human}");
    assert!(!human.contains('\u{1b}'), "NO_COLOR");
    insta::assert_snapshot!("check_missing_async_boundary_human", human);
    let out = fedscope(&["check", s(&dir), "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    insta::assert_json_snapshot!("check_missing_async_boundary_json", json);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn the_threshold_decides_the_exit_status() {
    let dir = example("eager-shared", false, "eager");
    assert_eq!(fedscope(&["check", s(&dir)]).status.code(), Some(1), "a warning fails by default");
    assert_eq!(fedscope(&["check", s(&dir), "--fail-on", "error"]).status.code(), Some(0));
    std::fs::write(dir.join("fedscope.toml"), "fail-on = \"error\"\n").unwrap();
    assert_eq!(fedscope(&["check", s(&dir)]).status.code(), Some(0), "fail-on from fedscope.toml");
    assert_eq!(fedscope(&["check", s(&dir), "--fail-on", "warning"]).status.code(), Some(1), "the flag wins");
    std::fs::write(dir.join("fedscope.toml"), "[rules]\neager-shared = \"off\"\n").unwrap();
    let out = fedscope(&["check", s(&dir), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn bad_configuration_and_arguments_exit_2() {
    let dir = example("eager-shared", true, "badcfg");
    std::fs::write(dir.join("fedscope.toml"), "[rules]\nno-such-rule = \"off\"\n").unwrap();
    let out = fedscope(&["check", s(&dir)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("fedscope.toml:2: unknown rule \"no-such-rule\""), "{}", text(&out.stderr));
    assert!(out.stdout.is_empty(), "nothing half-written");
    let out = fedscope(&["check", s(&dir), "--config", "no/such/fedscope.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no/such/fedscope.toml: cannot read"), "{}", text(&out.stderr));
    let out = fedscope(&["check", "no/such/dir"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no/such/dir"), "{}", text(&out.stderr));
    assert_eq!(fedscope(&["check", s(&dir), "--fail-on", "loud"]).status.code(), Some(2));
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn rules_and_explain() {
    let out = fedscope(&["rules"]);
    assert_eq!(out.status.code(), Some(0));
    insta::assert_snapshot!("rules_human", text(&out.stdout));
    let out = fedscope(&["rules", "--format", "json"]);
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), fedscope_rules::rules::RULES.len());
    let out = fedscope(&["explain", "duplicate-instance"]);
    assert_eq!(out.status.code(), Some(0));
    let doc = text(&out.stdout);
    for heading in ["## What it does", "## Why is this bad?", "### Invalid", "### Valid", "## How to fix"] {
        assert!(doc.contains(heading), "{heading}");
    }
    let out = fedscope(&["explain", "duplicate"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("did you mean duplicate-instance"), "{}", text(&out.stderr));
}

#[test]
fn simulate_a_workspace_directory() {
    let out = fedscope(&["simulate", "examples/shop", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let group = &json["groups"][0];
    assert_eq!(group["host"], "host");
    assert_eq!(group["runtime"], "mf2");
    // three remotes reached in any order: 6 orders
    assert_eq!(group["runs"].as_array().unwrap().len(), 6);
}
