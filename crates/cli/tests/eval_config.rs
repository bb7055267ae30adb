//! `fedscope graph --eval-config`: the opt-in run of a workspace's configs in
//! Node. Needs Node 20 or later on PATH (the test command's requirement).
//! Each test writes its workspace into a fresh temporary directory.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

use serde_json::Value as Json;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Tmp(PathBuf);

impl Tmp {
    fn new(name: &str) -> Tmp {
        let dir = std::env::temp_dir().join(format!("fedscope-eval-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Tmp(dir)
    }

    fn write(&self, rel: &str, text: &str) -> &Tmp {
        let p = self.0.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
        self
    }
}

impl Drop for Tmp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn graph(dir: &Path, extra: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_fedscope"));
    c.arg("graph").arg(dir).args(["--format", "json"]).args(extra).env("NO_COLOR", "1");
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("run fedscope")
}

fn json(out: &Output) -> Json {
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

const PACKAGE: &str = r#"{ "name": "shell", "version": "1.0.0", "dependencies": { "react": "^18.3.1" } }"#;

/// A config whose `shared` list is read from a file at run time: static
/// extraction cannot know it, Node can.
fn workspace_read_at_runtime(t: &Tmp) {
    t.write("package.json", PACKAGE)
        .write("node_modules/react/package.json", r#"{ "name": "react", "version": "18.3.1" }"#)
        .write("shared.txt", "react\n")
        .write(
            "webpack.config.js",
            r#"const fs = require('fs');
const path = require('path');
const { ModuleFederationPlugin } = require('webpack').container;
const keys = fs.readFileSync(path.join(__dirname, 'shared.txt'), 'utf8').trim().split('\n');
const shared = {};
for (const k of keys) shared[k] = { singleton: true };
module.exports = {
  output: { uniqueName: 'shell' },
  plugins: [new ModuleFederationPlugin({ name: 'shell', remotes: { cart: 'cart@http://localhost:3001/remoteEntry.js' }, shared })],
};
"#,
        );
}

#[test]
fn eval_reads_what_static_extraction_marks_unknown() {
    let t = Tmp::new("runtime");
    workspace_read_at_runtime(&t);
    let statically = json(&graph(&t.0, &[], &[]));
    let app = &statically["apps"][0];
    assert_eq!(app["source"], "static");
    assert!(
        app["unknown"].as_array().unwrap().iter().any(|u| {
            let f = u["field"].as_str().unwrap();
            f.starts_with("shared") || f == "options"
        }),
        "static extraction cannot run the loop over readFileSync's result: {app}"
    );

    let evaluated = json(&graph(&t.0, &["--eval-config"], &[]));
    let app = &evaluated["apps"][0];
    assert_eq!(app["source"], "eval", "{evaluated}");
    assert_eq!(app["name"], "shell");
    assert_eq!(app["remotes"][0]["entry"], "http://localhost:3001/remoteEntry.js");
    let react = &app["shared"][0];
    assert_eq!(react["key"], "react");
    assert_eq!(react["singleton"], true);
    assert_eq!(react["version"], "18.3.1");
    assert_eq!(react["requiredVersion"], "^18.3.1", "inferred from package.json as webpack does");
    assert!(
        !app["unknown"].as_array().unwrap().iter().any(|u| u["field"].as_str().unwrap().starts_with("shared")),
        "{app}"
    );
}

#[test]
fn without_the_flag_no_config_runs() {
    let t = Tmp::new("norun");
    let marker = t.0.join("ran.txt");
    t.write("package.json", PACKAGE).write(
        "webpack.config.js",
        &format!(
            "require('fs').writeFileSync({:?}, 'ran');\nconst {{ ModuleFederationPlugin }} = require('webpack').container;\nmodule.exports = {{ plugins: [new ModuleFederationPlugin({{ name: 'shell' }})] }};\n",
            marker.display().to_string()
        ),
    );
    let out = json(&graph(&t.0, &[], &[]));
    assert_eq!(out["apps"][0]["name"], "shell");
    assert!(!marker.exists(), "the static pass never executes the config");

    // with the flag it runs, but writing files is not allowed
    let out = json(&graph(&t.0, &["--eval-config"], &[]));
    assert!(!marker.exists(), "file writes are blocked while a config is evaluated");
    let problems = out["problems"].to_string();
    assert!(problems.contains("--eval-config") && problems.contains("webpack.config.js"), "{problems}");
    assert_eq!(out["apps"][0]["source"], "static", "the static result stands in");
}

#[test]
fn network_and_child_processes_are_blocked() {
    let t = Tmp::new("offline");
    t.write("package.json", PACKAGE).write(
        "webpack.config.js",
        r#"const http = require('http');
http.get('http://127.0.0.1:9/', () => {});
const { ModuleFederationPlugin } = require('webpack').container;
module.exports = { plugins: [new ModuleFederationPlugin({ name: 'shell' })] };
"#,
    );
    t.write("apps/b/package.json", r#"{ "name": "b" }"#).write(
        "apps/b/webpack.config.js",
        r#"require('child_process').execSync('true');
const { ModuleFederationPlugin } = require('webpack').container;
module.exports = { plugins: [new ModuleFederationPlugin({ name: 'b' })] };
"#,
    );
    let out = json(&graph(&t.0, &["--eval-config"], &[]));
    let problems = out["problems"].to_string();
    assert!(problems.contains("http.get is blocked"), "{problems}");
    assert!(problems.contains("child_process.execSync is blocked"), "{problems}");
    assert_eq!(out["apps"].as_array().unwrap().len(), 2, "both apps are still in the graph");
}

#[test]
fn a_config_that_never_finishes_is_stopped_at_the_time_limit() {
    let t = Tmp::new("timeout");
    t.write("package.json", PACKAGE).write(
        "webpack.config.js",
        "while (true) {}\nconst { ModuleFederationPlugin } = require('webpack').container;\nmodule.exports = { plugins: [new ModuleFederationPlugin({ name: 'shell' })] };\n",
    );
    let start = std::time::Instant::now();
    let out = json(&graph(&t.0, &["--eval-config", "--eval-timeout", "1"], &[]));
    assert!(start.elapsed().as_secs() < 20, "stopped near the limit");
    let problems = out["problems"].to_string();
    assert!(problems.contains("longer than 1s"), "{problems}");
    assert_eq!(out["apps"][0]["name"], "shell", "the static result is used");
}

#[test]
fn missing_node_is_a_clear_error() {
    let t = Tmp::new("nonode");
    workspace_read_at_runtime(&t);
    let out = graph(&t.0, &["--eval-config"], &[("FEDSCOPE_NODE", "/nonexistent/node")]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("/nonexistent/node") && err.contains("Node"), "{err}");
    assert!(out.stdout.is_empty(), "nothing half-written on stdout");
}

#[test]
fn eval_timeout_needs_the_flag_and_a_positive_number() {
    let t = Tmp::new("badtimeout");
    workspace_read_at_runtime(&t);
    assert_eq!(graph(&t.0, &["--eval-timeout", "3"], &[]).status.code(), Some(2));
    assert_eq!(graph(&t.0, &["--eval-config", "--eval-timeout", "0"], &[]).status.code(), Some(2));
    assert_eq!(graph(&t.0, &["--eval-config", "--eval-timeout", "soon"], &[]).status.code(), Some(2));
}
