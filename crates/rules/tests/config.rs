//! The configuration applied to findings: severities, rules turned off,
//! ignores (which must match something), the example workspace of
//! `eager-shared` as the subject.

#![allow(clippy::unwrap_used, clippy::expect_used)] // a test fails by panicking

use fedscope_rules::docs::{examples, write_example};
use fedscope_rules::{Config, Severity, config};

/// `check` with `cfg` on the Invalid example of `rule`.
fn report_on(rule: &str, cfg: &Config, tag: &str) -> fedscope_rules::Report {
    let meta = fedscope_rules::rules::find(rule).unwrap().meta();
    let invalid = examples(meta).into_iter().find(|e| !e.valid).unwrap();
    let dir = std::env::temp_dir().join(format!("fedscope-config-{}-{tag}", std::process::id()));
    write_example(&invalid, &dir).unwrap();
    let graph = fedscope_workspace::analyze(&dir, &fedscope_workspace::Options::default()).unwrap();
    let plans = fedscope_plan::plan(&graph);
    let r = fedscope_rules::check(&graph, &plans, cfg);
    let _ = std::fs::remove_dir_all(&dir);
    r
}

fn report(cfg: &Config, tag: &str) -> fedscope_rules::Report {
    report_on("eager-shared", cfg, tag)
}

fn rules(r: &fedscope_rules::Report) -> Vec<(&'static str, Severity)> {
    r.diagnostics.iter().map(|d| (d.rule, d.severity)).collect()
}

#[test]
fn default_severity_then_overrides() {
    let r = report(&Config::default(), "default");
    assert_eq!(rules(&r), vec![("eager-shared", Severity::Warning)]);

    let c = config::parse("[rules]\neager-shared = \"error\"\n", "fedscope.toml").unwrap();
    assert_eq!(rules(&report(&c, "error")), vec![("eager-shared", Severity::Error)]);

    let c = config::parse("[rules]\neager-shared = \"off\"\n", "fedscope.toml").unwrap();
    assert!(report(&c, "off").diagnostics.is_empty());
}

#[test]
fn an_ignore_silences_its_finding_and_an_unmatched_one_is_reported() {
    let c = config::parse(
        "[[ignore]]\nrule = \"eager-shared\"\napp = \"cart\"\nreason = \"cart renders before the scope is ready\"\n",
        "fedscope.toml",
    )
    .unwrap();
    assert!(report(&c, "ignored").diagnostics.is_empty());

    let c =
        config::parse("\n[[ignore]]\nrule = \"eager-shared\"\napp = \"shell\"\nreason = \"stale\"\n", "fedscope.toml")
            .unwrap();
    let r = report(&c, "unmatched");
    assert_eq!(rules(&r), vec![("eager-shared", Severity::Warning), ("unused-ignore", Severity::Warning)]);
    let unused = r.diagnostics.iter().find(|d| d.rule == "unused-ignore").unwrap();
    assert_eq!((unused.file.as_str(), unused.line), ("fedscope.toml", 2));
    assert!(unused.message.contains("app shell"), "{}", unused.message);
}

#[test]
fn the_checklist_names_the_rules_that_failed_it() {
    let r = report_on("missing-async-boundary", &Config::default(), "checklist");
    let item = r.checklist.iter().find(|c| c.app == "shell" && c.item == "async-boundary").unwrap();
    assert_eq!(item.status, fedscope_rules::Status::Fail);
    assert_eq!(item.rules, vec!["missing-async-boundary"]);
    let items: Vec<&str> = r.checklist.iter().filter(|c| c.app == "shell").map(|c| c.item).collect();
    assert_eq!(
        items,
        vec![
            "async-boundary",
            "singleton-config",
            "shared-state-packages",
            "host-exposes-state",
            "effect-cleanup",
            "cross-app-invalidation",
            "error-handling",
            "version-alignment"
        ]
    );
}

/// Copies a directory tree (a fixture) to `to`.
fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

#[test]
fn a_finding_in_a_root_lockfile_fails_only_its_own_app() {
    // two projects in one tree, each with a `shell` and a `catalog`: the first's lockfile gives its
    // catalog a second React (`singleton-multiple-installed`, at the root `pnpm-lock.yaml`, under
    // neither catalog's directory); the second has no lockfile. Only the first catalog fails.
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../workspace/tests/fixtures/lock-pnpm-v9-two-reacts");
    let dir = std::env::temp_dir().join(format!("fedscope-config-{}-two-projects", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy_tree(&fixture, &dir.join("one"));
    copy_tree(&fixture, &dir.join("two"));
    std::fs::remove_file(dir.join("two/pnpm-lock.yaml")).unwrap();
    let graph = fedscope_workspace::analyze(&dir, &fedscope_workspace::Options::default()).unwrap();
    let plans = fedscope_plan::plan(&graph);
    let r = fedscope_rules::check(&graph, &plans, &Config::default());
    let _ = std::fs::remove_dir_all(&dir);
    let found: Vec<(&str, &str)> = (r.diagnostics.iter())
        .filter(|d| d.rule == "singleton-multiple-installed")
        .map(|d| (d.app.as_str(), d.file.as_str()))
        .collect();
    assert!(!found.is_empty() && found.iter().all(|f| *f == ("catalog", "one/pnpm-lock.yaml")), "{found:?}");
    let roots: Vec<&str> = graph.apps.iter().filter(|a| a.name == "catalog").map(|a| a.root.as_str()).collect();
    assert_eq!(roots, vec!["one/apps/catalog", "two/apps/catalog"]);
    // the checklist lists apps by name, then directory: the first catalog is the first entry
    let alignment: Vec<fedscope_rules::Status> = (r.checklist.iter())
        .filter(|c| c.app == "catalog" && c.item == "version-alignment")
        .map(|c| c.status)
        .collect();
    assert_eq!(alignment, vec![fedscope_rules::Status::Fail, fedscope_rules::Status::Pass]);
}
