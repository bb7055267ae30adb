//! The `fedscope` binary as users run it.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

mod common;

use common::{fedscope, root, text};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const EXAMPLE: &str = "examples/scenarios/react-upgrade.json";

#[test]
fn json_output_is_the_contract_outcome() {
    let out = fedscope(&["simulate", EXAMPLE, "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON on stdout");
    let scenario =
        fedscope_scope::Scenario::from_json(&std::fs::read_to_string(root().join(EXAMPLE)).unwrap()).unwrap();
    assert_eq!(printed, fedscope_scope::simulate(&scenario).to_json());
    assert_eq!(printed["version"], 1);
    assert_eq!(printed["instances"]["react"].as_array().unwrap().len(), 2, "the example shows two copies of React");
}

#[test]
fn human_output() {
    let out = fedscope(&["simulate", EXAMPLE]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(!stdout.contains('\u{1b}'), "NO_COLOR output has no escape codes");
    insta::assert_snapshot!("react_upgrade_human", stdout);
}

#[test]
fn colour_when_forced_and_never_with_no_color() {
    let forced = Command::new(env!("CARGO_BIN_EXE_fedscope"))
        .args(["simulate", EXAMPLE])
        .current_dir(root())
        .env_remove("NO_COLOR")
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(text(&forced.stdout).contains("\u{1b}["), "CLICOLOR_FORCE=1 colours the table");
    let both = Command::new(env!("CARGO_BIN_EXE_fedscope"))
        .args(["simulate", EXAMPLE])
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(!text(&both.stdout).contains('\u{1b}'), "NO_COLOR wins");
}

#[test]
fn reads_standard_input() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fedscope"))
        .args(["simulate", "-", "--format", "json"])
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&std::fs::read(root().join(EXAMPLE)).unwrap()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("\"instances\""));
}

fn bad(name: &str, content: &[u8]) -> (i32, String) {
    let dir = std::env::temp_dir().join(format!("fedscope-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(name);
    std::fs::write(&file, content).unwrap();
    let out = fedscope(&["simulate", file.to_str().unwrap()]);
    (out.status.code().unwrap_or(-1), text(&out.stderr))
}

#[test]
fn bad_input_is_a_clear_error_with_exit_2() {
    let valid = std::fs::read_to_string(root().join(EXAMPLE)).unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("truncated.json", valid.as_bytes()[..valid.len() / 2].to_vec(), "not valid JSON: EOF while parsing"),
        ("binary.json", vec![0xff, 0xfe, 0x00, 0x01, 0x9c], "not UTF-8 text"),
        ("array.json", b"[1, 2]".to_vec(), "expected an object, found an array"),
        (
            "unknown-container.json",
            valid.replace("\"container\": \"catalog\"", "\"container\": \"catalgo\"").into_bytes(),
            "steps[7].container: no container \"catalgo\"",
        ),
        (
            "unknown-op.json",
            valid.replacen("\"op\": \"init\"", "\"op\": \"start\"", 1).into_bytes(),
            "steps[0].op: expected one of \"init\", \"load\", \"fail\", found \"start\"",
        ),
        (
            "bad-field.json",
            valid.replacen("\"singleton\": true", "\"singleton\": \"yes\"", 1).into_bytes(),
            "containers[0].shared.react.singleton: expected true or false, found the string \"yes\"",
        ),
        (
            "typo.json",
            valid.replacen("\"singleton\": true", "\"singelton\": true", 1).into_bytes(),
            "containers[0].shared.react.singelton: unknown field",
        ),
        (
            "version.json",
            valid.replacen("\"version\": 1", "\"version\": 2", 1).into_bytes(),
            "version: unsupported scenario version 2",
        ),
        ("empty.json", Vec::new(), "not valid JSON"),
        (
            "deep.json",
            format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000)).into_bytes(),
            "not valid JSON: recursion limit exceeded",
        ),
    ];
    for (name, content, expected) in cases {
        let (code, stderr) = bad(name, &content);
        assert_eq!(code, 2, "{name}: exit code (stderr: {stderr})");
        assert!(stderr.contains(name), "{name}: the error names the file: {stderr}");
        assert!(stderr.contains(expected), "{name}: expected {expected:?} in {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: no panic: {stderr}");
    }
}

#[test]
fn missing_file_and_directory_and_usage_errors() {
    let out = fedscope(&["simulate", "no/such/scenario.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no/such/scenario.json: cannot read"), "{}", text(&out.stderr));
    // a directory is a workspace: its groups are planned and replayed
    let out = fedscope(&["simulate", "examples/shop"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("group host"), "{}", text(&out.stdout));
    let out = fedscope(&["simulate"]);
    assert_eq!(out.status.code(), Some(2), "clap usage errors exit 2");
    let out = fedscope(&["simulate", EXAMPLE, "--format", "yaml"]);
    assert_eq!(out.status.code(), Some(2));
    let out = fedscope(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("simulate"));
}

#[test]
fn every_shipped_scenario_simulates() {
    let dir = root().join("examples/scenarios");
    let mut files = Vec::new();
    collect(&dir, &mut files);
    assert!(files.len() > 50);
    for f in files {
        for format in ["json", "human"] {
            let out = fedscope(&["simulate", f.to_str().unwrap(), "--format", format]);
            assert_eq!(out.status.code(), Some(0), "{}: {}", f.display(), text(&out.stderr));
        }
    }
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(p);
        }
    }
}
