//! Fixture workspaces: each directory under `tests/fixtures/` is a small
//! workspace in one config form or style; its `fedscope graph --format json`
//! is a snapshot in `tests/snapshots/` (review changes with `cargo insta
//! review`, or accept them with `INSTA_UPDATE=always cargo test`).
//!
//! A fixture's `README.md` says what it shows and why the snapshot's values
//! are what the bundler and runtime really do.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

use std::path::{Path, PathBuf};

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut all: Vec<PathBuf> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    all.sort();
    all
}

#[test]
fn every_fixture_matches_its_snapshot() {
    let all = fixtures();
    assert!(!all.is_empty());
    for dir in all {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let graph = fedscope_workspace::analyze(&dir, &fedscope_workspace::Options::default()).unwrap();
        let json = serde_json::to_string_pretty(&graph.to_json()).unwrap();
        insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false, description => format!("tests/fixtures/{name}/README.md") }, {
            insta::assert_snapshot!(name, json);
        });
    }
}

#[test]
fn output_is_byte_for_byte_stable() {
    for dir in fixtures() {
        let a = fedscope_workspace::analyze(&dir, &fedscope_workspace::Options::default()).unwrap().to_json();
        let b = fedscope_workspace::analyze(&dir, &fedscope_workspace::Options::default()).unwrap().to_json();
        assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap(), "{}", dir.display());
    }
}
