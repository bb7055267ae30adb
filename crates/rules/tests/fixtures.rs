//! `fedscope check --format json` on every fixture workspace of
//! `crates/workspace/tests/fixtures/` and on `examples/shop`, as snapshots in
//! `tests/snapshots/` (accept changes with `INSTA_UPDATE=always cargo test`,
//! after reading them). The fixtures' READMEs say what each workspace is.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

use std::path::{Path, PathBuf};

fn check_json(dir: &Path) -> serde_json::Value {
    let graph = fedscope_workspace::analyze(dir, &fedscope_workspace::Options::default()).unwrap();
    let plans = fedscope_plan::plan(&graph);
    fedscope_rules::check(&graph, &plans, &fedscope_rules::Config::default()).to_json()
}

#[test]
fn check_on_every_fixture() {
    let base = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(base.join("../workspace/tests/fixtures"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.push(base.join("../../examples/shop"));
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let json = check_json(&dir);
        insta::with_settings!({ snapshot_path => "snapshots", prepend_module_to_snapshot => false }, {
            insta::assert_json_snapshot!(format!("check-{name}"), json);
        });
    }
}
