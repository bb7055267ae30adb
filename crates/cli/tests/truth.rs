//! fedscope's predictions against what the browser recorded for the same
//! variant of `examples/` (`e2e/out/<variant>.truth.json`, written by
//! `e2e/run`; contract `../shared/spec/truth.md`).
//!
//! For every variant: the copies of each stateful library fedscope predicts
//! on the page equal the instances the browser counted by identity. For the
//! shop (built with Rspack, and with webpack in `examples/classic`): no
//! finding at all. For each broken twin: the rule it is named after
//! fires (when that rule is part of fedscope today), so do the rules it lists
//! as also firing, and every runtime message fedscope predicts is one the
//! console really showed.
//!
//! It needs the browser's output, so it is ignored by a plain `cargo test`;
//! `test.sh` runs it right after `e2e/run` with `--ignored`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

use serde_json::Value as Json;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A console text as the runtime produced it: without `Uncaught ` and the
/// error class, without the stack, white space collapsed.
fn normalize(text: &str) -> String {
    let no_stack: Vec<&str> = text.lines().take_while(|l| !l.trim_start().starts_with("at ")).collect();
    let mut t = no_stack.join("\n");
    for prefix in ["Uncaught ", "[ Federation Runtime ] "] {
        if let Some(r) = t.strip_prefix(prefix) {
            t = r.to_string();
        }
    }
    for class in ["Error: ", "TypeError: "] {
        if let Some(r) = t.strip_prefix(class) {
            t = r.to_string();
        }
    }
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The workspace of a variant: the shop itself, or a twin written out.
fn workspace(variant: &str) -> (PathBuf, Option<PathBuf>) {
    if variant == "shop" {
        return (root().join("examples/shop"), None);
    }
    if variant == "shop-classic" {
        // examples/classic builds the shop's sources, so it is read together with them
        return (root().join("examples"), None);
    }
    let dir = std::env::temp_dir().join(format!("fedscope-truth-{}-{variant}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = Command::new("node")
        .arg(root().join("examples/broken/materialize.js"))
        .arg(variant)
        .arg(&dir)
        .output()
        .expect("node runs examples/broken/materialize.js");
    assert!(out.status.success(), "materialize {variant}: {}", String::from_utf8_lossy(&out.stderr));
    (dir.clone(), Some(dir))
}

fn check_json(dir: &Path) -> Json {
    let out =
        Command::new(env!("CARGO_BIN_EXE_fedscope")).arg("check").arg(dir).args(["--format", "json"]).output().unwrap();
    assert!(out.status.code().is_some_and(|c| c <= 1), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
#[ignore = "needs e2e/out from e2e/run; test.sh runs it after the browser tests"]
fn predictions_match_the_browser_truth() {
    let out_dir = root().join("e2e/out");
    let mut truths: Vec<PathBuf> = std::fs::read_dir(&out_dir)
        .unwrap_or_else(|e| panic!("{}: {e} (run e2e/run first)", out_dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".truth.json"))
        .collect();
    truths.sort();
    let known: Vec<&str> = fedscope_rules::rules::RULES.iter().map(|r| r.meta().name).collect();
    let mut failures = Vec::new();
    let mut checked = 0;
    for path in truths {
        let truth: Json = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let variant = truth["variant"].as_str().unwrap().to_string();
        checked += 1;
        let (dir, cleanup) = workspace(&variant);

        // copies of each stateful library
        let graph = fedscope_workspace::analyze(&dir, &fedscope_workspace::Options::default()).unwrap();
        let plans = fedscope_plan::plan(&graph);
        let cx = fedscope_rules::Context::new(&graph, &plans, &fedscope_rules::Config::default());
        // the variant's group: the shop's host and its remotes (classic's, when reading examples/)
        let prefix = if variant == "shop-classic" { "classic/" } else { "" };
        let groups: Vec<&fedscope_rules::Group> =
            cx.groups.iter().filter(|g| graph.apps[g.host].root.starts_with(prefix)).collect();
        assert_eq!(groups.len(), 1, "{variant}: one group");
        let group = groups[0];
        let libraries = truth["libraries"].as_object().unwrap();
        for lib in cx.stateful.iter() {
            let (copies, _) = fedscope_rules::rules::outcome::duplicate_instance::copies(&cx, group, lib);
            let seen = libraries.get(lib.as_str()).and_then(|l| l["instances"].as_u64()).unwrap_or(0) as usize;
            if copies.len() != seen {
                failures.push(format!(
                    "{variant}: {lib}: fedscope predicts {} copies, the browser counted {seen}",
                    copies.len()
                ));
            }
        }

        // copies of each named state object: the probe's name → where the shop creates it
        const STATE: &[(&str, &str, &str)] = &[
            ("cart-store", "packages/state/src/stores/cart.js", "useCartStore"),
            ("query-client", "apps/host/src/queryClient.js", "queryClient"),
            ("cart-query-client", "apps/cart/src/queryClient.js", "cartQueryClient"),
            ("redux-store", "apps/host/src/reduxStore.js", "store"),
        ];
        let state = truth["state"].as_array().unwrap();
        for s in state {
            let name = s["name"].as_str().unwrap();
            let seen = s["instances"].as_u64().unwrap() as usize;
            let Some((_, file, binding)) = STATE.iter().find(|(n, _, _)| *n == name) else {
                failures.push(format!(
                    "{variant}: the browser counted state {name:?}, which this test does not map to a source"
                ));
                continue;
            };
            let predicted: usize = cx
                .instances
                .iter()
                .filter(|i| {
                    i.host == group.host && i.file.ends_with(file) && i.creation.name.as_deref() == Some(*binding)
                })
                .map(|i| i.count())
                .sum();
            if predicted != seen {
                failures.push(format!(
                    "{variant}: state {name}: fedscope predicts {predicted} copies of {binding} ({file}), the browser counted {seen}"
                ));
            }
        }

        // findings
        let report = check_json(&dir);
        let diagnostics = report["diagnostics"].as_array().unwrap();
        let fired: Vec<&str> = diagnostics.iter().map(|d| d["rule"].as_str().unwrap()).collect();
        if variant == "shop" || variant == "shop-classic" {
            // webpack's built-in runtime has no runtime plugins, so the classic build cannot
            // retry or fall back as the shop does: that finding is true, and the only one
            let fired: Vec<&str> = fired
                .iter()
                .copied()
                .filter(|r| !(variant == "shop-classic" && *r == "remote-load-unguarded"))
                .collect();
            if !fired.is_empty() {
                failures.push(format!("{variant}: expected no finding, got {fired:?}"));
            }
        } else {
            let mut expected: Vec<String> = vec![truth["rule"].as_str().unwrap_or(&variant).to_string()];
            let twin: Json = serde_json::from_str(
                &std::fs::read_to_string(root().join(format!("examples/broken/{variant}/twin.json"))).unwrap(),
            )
            .unwrap();
            for also in twin["alsoFires"].as_array().into_iter().flatten() {
                expected.push(also.as_str().unwrap().to_string());
            }
            for rule in expected.iter().filter(|r| known.contains(&r.as_str())) {
                if !fired.contains(&rule.as_str()) {
                    failures.push(format!("{variant}: {rule} does not fire (fired: {fired:?})"));
                }
            }
        }
        let console: Vec<String> = truth["errors"]
            .as_array()
            .into_iter()
            .chain(truth["warnings"].as_array())
            .flatten()
            .map(|t| normalize(t.as_str().unwrap()))
            .collect();
        for d in diagnostics {
            if let Some(m) = d["runtimeMessage"].as_str() {
                let m = normalize(m);
                if !console.contains(&m) {
                    failures.push(format!(
                        "{variant}: {} predicts the runtime message {m:?}, which the console did not show",
                        d["rule"]
                    ));
                }
            }
        }
        if let Some(c) = cleanup {
            let _ = std::fs::remove_dir_all(c);
        }
    }
    assert!(checked >= 11, "only {checked} variants in e2e/out");
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
