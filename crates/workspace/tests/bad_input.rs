//! Bad input built at run time (too large to commit, or symlinks): the rest of
//! the workspace is still analysed, nothing panics or hangs, and a problem
//! names the file that could not be read. The committed cases are the
//! `tests/fixtures/bad-*` workspaces.

use fedscope_workspace::{Graph, Options, Required, analyze};
use std::path::{Path, PathBuf};

/// A fresh directory under the system temp dir, removed when dropped.
struct TempWorkspace(PathBuf);

impl TempWorkspace {
    fn new(name: &str) -> TempWorkspace {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let dir = std::env::temp_dir().join(format!("fedscope-bad-input-{name}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("create the temp workspace");
        TempWorkspace(dir)
    }

    fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let p = self.0.join(rel);
        std::fs::create_dir_all(p.parent().expect("a file in a directory")).expect("create its directory");
        std::fs::write(&p, content).expect("write the file");
        p
    }

    /// A webpack app sharing react as a singleton, with react `^18.3.0` in its package.json.
    fn app(&self, dir: &str, name: &str) {
        self.write(
            &format!("{dir}/package.json"),
            format!(r#"{{ "name": "{name}", "version": "1.0.0", "dependencies": {{ "react": "^18.3.0" }} }}"#),
        );
        self.write(&format!("{dir}/webpack.config.js"), config(name, ""));
    }
}

impl Drop for TempWorkspace {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

fn config(name: &str, filler: &str) -> String {
    format!(
        "const {{ ModuleFederationPlugin }} = require('webpack').container;\n{filler}\nmodule.exports = {{\n  plugins: [new ModuleFederationPlugin({{ name: '{name}', shared: {{ react: {{ singleton: true }} }} }})],\n}};\n"
    )
}

fn graph(dir: &Path) -> Graph {
    analyze(dir, &Options::default()).expect("the analysis runs")
}

fn has_problem(g: &Graph, file: &str) -> bool {
    g.problems.iter().any(|p| p.file == file)
}

fn assert_good_app(g: &Graph, name: &str) {
    let app = g.apps.iter().find(|a| a.name == name).unwrap_or_else(|| panic!("{name} is analysed"));
    let react = app.shared.iter().find(|s| s.key == "react").expect("react is shared");
    assert_eq!(react.required_version, Required::Range("^18.3.0".into()));
    assert!(react.singleton);
}

/// Just over `disk::MAX_TEXT` (8 MiB): a valid config and a valid package.json.
fn huge_filler() -> String {
    let line = "  'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',\n";
    format!("const pad = [\n{}];\n", line.repeat(9 * 1024 * 1024 / line.len() + 1))
}

#[test]
fn huge_files_do_not_stop_the_analysis() {
    let ws = TempWorkspace::new("huge");
    ws.app("apps/good", "good");
    ws.write("apps/huge/package.json", r#"{ "name": "huge", "dependencies": { "react": "^18.3.0" } }"#);
    ws.write("apps/huge/webpack.config.js", config("huge", &huge_filler()));
    // a package.json over the limit, of an app whose config is fine
    ws.write(
        "apps/bigpkg/package.json",
        format!(
            r#"{{ "name": "bigpkg", "description": "{}", "dependencies": {{ "react": "^18.3.0" }} }}"#,
            "x".repeat(9 << 20)
        ),
    );
    ws.write("apps/bigpkg/webpack.config.js", config("bigpkg", ""));
    let g = graph(&ws.0);
    assert_good_app(&g, "good");
    assert!(has_problem(&g, "apps/bigpkg/package.json"), "{:?}", g.problems);
    // its package.json is not read, so no range is inferred from it (none guessed)
    let bigpkg = g.apps.iter().find(|a| a.name == "bigpkg").expect("bigpkg is analysed");
    assert_eq!(bigpkg.shared[0].required_version, Required::Off);
    // nothing is made up for the config fedscope did not read
    if let Some(huge) = g.apps.iter().find(|a| a.name == "huge") {
        assert!(huge.shared.is_empty() && !huge.unknown.is_empty(), "{huge:?}");
    }
}

#[test]
fn a_huge_config_is_a_problem() {
    let ws = TempWorkspace::new("huge-config");
    ws.app("apps/good", "good");
    ws.write("apps/huge/package.json", r#"{ "name": "huge" }"#);
    ws.write("apps/huge/webpack.config.js", config("huge", &huge_filler()));
    let g = graph(&ws.0);
    assert_good_app(&g, "good");
    assert!(has_problem(&g, "apps/huge/webpack.config.js"), "{:?}", g.problems);
    // its bytes name the federation plugin: an app whose options are not known
    let huge = g.apps.iter().find(|a| a.name == "huge").expect("huge is listed");
    assert!(huge.shared.is_empty(), "{huge:?}");
    assert!(huge.unknown.iter().any(|u| u.field == "options" && u.file == "apps/huge/webpack.config.js"), "{huge:?}");
}

#[cfg(unix)]
#[test]
fn symlink_loops_do_not_stop_the_analysis() {
    use std::os::unix::fs::symlink;
    let ws = TempWorkspace::new("symlinks");
    ws.app("apps/good", "good");
    ws.app("apps/loopy", "loopy");
    let loopy = ws.0.join("apps/loopy");
    // directory loops: the walk must not follow them
    symlink(".", loopy.join("again")).unwrap();
    symlink("../..", loopy.join("up")).unwrap();
    // file loops, one of them named like a lockfile, one like an installed package
    symlink("b", loopy.join("a")).unwrap();
    symlink("a", loopy.join("b")).unwrap();
    symlink("pnpm-lock.yaml", loopy.join("pnpm-lock.yaml")).unwrap();
    std::fs::create_dir_all(loopy.join("node_modules")).unwrap();
    symlink("react", loopy.join("node_modules/react")).unwrap();
    // a package.json loop between an app and the root, which lists react: webpack's
    // description-file search stops there (ELOOP is not ENOENT), so no range
    ws.write("package.json", r#"{ "name": "root", "private": true, "dependencies": { "react": "^18.2.0" } }"#);
    ws.write("nested/web/package.json", r#"{ "name": "web", "version": "1.0.0" }"#);
    ws.write("nested/web/webpack.config.js", config("web", ""));
    symlink("package.json", ws.0.join("nested/package.json")).unwrap();
    // a config that is a symlink loop
    std::fs::create_dir_all(ws.0.join("apps/selfcfg")).unwrap();
    symlink("webpack.config.js", ws.0.join("apps/selfcfg/webpack.config.js")).unwrap();

    let g = graph(&ws.0);
    assert_good_app(&g, "good");
    assert_good_app(&g, "loopy");
    assert!(has_problem(&g, "apps/loopy/pnpm-lock.yaml"), "{:?}", g.problems);
    // a config and a package.json that are symlink loops are found and named
    assert!(has_problem(&g, "apps/selfcfg/webpack.config.js"), "{:?}", g.problems);
    assert!(has_problem(&g, "nested/package.json"), "{:?}", g.problems);
    // a loop has no bytes to name a federation plugin: not an app
    assert!(!g.apps.iter().any(|a| a.root == "apps/selfcfg"), "{:?}", g.apps);
    let web = g.apps.iter().find(|a| a.name == "web").expect("web is analysed");
    assert_eq!(web.shared[0].required_version, Required::Off, "not the root's ^18.2.0");
    // the looping installed package gives no version (nothing to read), and says so
    let react = g.apps.iter().find(|a| a.name == "loopy").unwrap().shared.iter().find(|s| s.key == "react").unwrap();
    assert_eq!(react.version, None);
}

#[test]
fn fifos_do_not_hang_the_analysis() {
    // a FIFO opened for reading waits for a writer: fedscope must neither wait nor stop
    let ws = TempWorkspace::new("fifos");
    ws.app("apps/good", "good");
    ws.app("apps/piped", "piped");
    ws.write("apps/piped/src/index.js", "import './pipe';\nimport './pipe.js';\n");
    let fifo = |rel: &str| {
        let ok = std::process::Command::new("mkfifo").arg(ws.0.join(rel)).status().is_ok_and(|s| s.success());
        assert!(ok, "mkfifo {rel}");
    };
    fifo("apps/piped/src/pipe.js");
    fifo("apps/piped/package-lock.json");
    ws.write("nested/web/package.json", r#"{ "name": "web", "version": "1.0.0" }"#);
    ws.write("nested/web/webpack.config.js", config("web", ""));
    fifo("nested/package.json");
    let dir = ws.0.clone();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || tx.send(graph(&dir)));
    let g = rx.recv_timeout(std::time::Duration::from_secs(60)).expect("the analysis ends without waiting on a FIFO");
    assert_good_app(&g, "good");
    assert!(g.apps.iter().any(|a| a.name == "piped"), "{:?}", g.apps);
    assert!(g.apps.iter().any(|a| a.name == "web"), "{:?}", g.apps);
}

#[test]
fn deeply_nested_sources_do_not_crash_the_analysis() {
    // the parser and the collectors recurse once per level: 5,000 nested brackets overflowed
    // an 8 MB stack (an abort, no diagnostic); the analysis now has a deep stack, and a file
    // nested deeper than it could take is named as a problem
    let ws = TempWorkspace::new("deep");
    ws.app("apps/deep", "deep");
    ws.write(
        "apps/deep/webpack.config.js",
        "const { ModuleFederationPlugin } = require('webpack').container;\nmodule.exports = {\n  entry: './src/index.js',\n  plugins: [new ModuleFederationPlugin({ name: 'deep', shared: { react: { singleton: true } } })],\n};\n",
    );
    ws.write("apps/deep/src/index.js", "import './arrays';\nimport './chain';\nimport './deepest';\n");
    let nested = |n: usize| format!("export const x = {}{};\n", "[".repeat(n), "]".repeat(n));
    ws.write("apps/deep/src/arrays.js", nested(20_000));
    ws.write("apps/deep/src/chain.js", format!("export const y = {};\n", vec!["1"; 50_000].join(" + ")));
    ws.write("apps/deep/src/deepest.js", nested(150_000));
    let g = graph(&ws.0);
    let app = g.apps.iter().find(|a| a.name == "deep").expect("deep is analysed");
    assert!(app.sources.modules.contains_key("apps/deep/src/arrays.js"), "{:?}", app.sources.files);
    assert!(app.sources.modules.contains_key("apps/deep/src/chain.js"));
    // (a source that cannot be read is an unknown of the app that reaches it, naming the file)
    let deepest = app.unknown.iter().find(|u| u.file == "apps/deep/src/deepest.js");
    assert!(
        deepest.is_some_and(|u| u.why.contains("nested more than") && !u.why.contains("syntax error")),
        "{:?}",
        app.unknown
    );
}

#[test]
fn deeply_nested_configs_do_not_crash_the_transform() {
    // `--eval-config` hands each config to `fedscope __transform`, which parsed it on the
    // calling thread: 20,000 nested brackets aborted it
    let ws = TempWorkspace::new("deep-transform");
    let n = 20_000;
    ws.write("webpack.config.js", format!("module.exports = {}{};\n", "[".repeat(n), "]".repeat(n)));
    let out = fedscope_workspace::eval::transform_file(&ws.0.join("webpack.config.js")).expect("transformed");
    assert!(out.contains("module.exports"), "{}", &out[..out.len().min(200)]);
}

/// A config whose `shared` object has `n` keys (4 MB at 40,000).
fn many_keys_workspace(n: usize) -> TempWorkspace {
    let ws = TempWorkspace::new(&format!("keys-{n}"));
    ws.write("apps/big/package.json", r#"{ "name": "big", "version": "1.0.0" }"#);
    let mut text = String::from(
        "const { ModuleFederationPlugin } = require('webpack').container;\nmodule.exports = { plugins: [new ModuleFederationPlugin({ name: 'big', shared: {\n",
    );
    for i in 0..n {
        text.push_str(&format!(
            "  'package-number-{i:05}-with-a-long-name-for-padding': {{ singleton: true, requiredVersion: '^1.{i}.0' }},\n"
        ));
    }
    text.push_str("} })] };\n");
    ws.write("apps/big/webpack.config.js", text);
    ws
}

#[test]
fn many_shared_keys_are_read_in_linear_time() {
    let time = |n: usize| {
        let ws = many_keys_workspace(n);
        let start = std::time::Instant::now();
        let g = graph(&ws.0);
        let elapsed = start.elapsed().as_secs_f64();
        let big = g.apps.iter().find(|a| a.name == "big").expect("big is analysed");
        assert_eq!(big.shared.len(), n);
        assert_eq!(big.shared[n - 1].required_version, Required::Range(format!("^1.{}.0", n - 1)));
        elapsed
    };
    let small = time(10_000);
    let large = time(40_000);
    // four times the keys: about four times the time (quadratic reading was sixteen)
    assert!(large < 10.0 * small.max(0.05), "10,000 keys: {small:.2}s, 40,000 keys: {large:.2}s");
}
