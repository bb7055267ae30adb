//! The production checklist of `rules.md`, per app: each item passes when the
//! rules behind it do not fire for the app, fails with the rules that fired,
//! and is unknown when fedscope could not decide (the facts it needs are
//! missing, or the rules behind it are not part of this release).

use crate::{Context, Diagnostic};
use fedscope_workspace::Bundler;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Pass,
    Fail,
    Unknown,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Unknown => "unknown",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChecklistEntry {
    pub app: String,
    /// The app's directory (not in the JSON): it tells apart apps of one name.
    pub root: String,
    pub item: &'static str,
    pub status: Status,
    /// The rules that failed it.
    pub rules: Vec<&'static str>,
    /// Why it is unknown.
    pub why: Option<String>,
}

impl ChecklistEntry {
    pub fn to_json(&self) -> serde_json::Value {
        let mut v = serde_json::json!({ "app": self.app, "item": self.item, "status": self.status.as_str() });
        if !self.rules.is_empty() {
            v["rules"] = serde_json::json!(self.rules);
        }
        if let Some(w) = &self.why {
            v["why"] = serde_json::json!(w);
        }
        v
    }
}

/// The items, with the rules behind each (`rules.md`).
pub const ITEMS: &[(&str, &[&str])] = &[
    ("async-boundary", &["missing-async-boundary"]),
    ("singleton-config", &["singleton-not-declared", "shared-asymmetric", "required-version-missing"]),
    ("shared-state-packages", &["store-split-instance"]),
    ("host-exposes-state", &["store-split-instance"]),
    ("effect-cleanup", &["listener-without-cleanup", "broadcast-channel-not-closed"]),
    ("cross-app-invalidation", &["cross-app-invalidation-missing"]),
    ("error-handling", &["remote-without-error-boundary", "remote-load-unguarded"]),
    ("version-alignment", &["singleton-multiple-installed", "package-manager-dedupe"]),
];

pub fn compute(cx: &Context, diagnostics: &[Diagnostic]) -> Vec<ChecklistEntry> {
    let known: Vec<&str> = crate::rules::RULES.iter().map(|r| r.meta().name).collect();
    let mut out = Vec::new();
    let mut apps: Vec<&fedscope_workspace::App> = cx.graph.apps.iter().collect();
    apps.sort_by(|a, b| a.name.cmp(&b.name).then(a.root.cmp(&b.root)));
    // a finding names its app, and its directory where the rule knew the app; else, where several
    // apps have that name (many `app2`s in one tree), it is the one whose directory holds the
    // finding's file (else, not knowing which, each of them)
    let belongs = |d: &Diagnostic, app: &fedscope_workspace::App| {
        if d.app != app.name {
            return false;
        }
        if !d.app_roots.is_empty() {
            return d.app_roots.contains(&app.root);
        }
        let same: Vec<&fedscope_workspace::App> = cx.graph.apps.iter().filter(|a| a.name == app.name).collect();
        let under = |a: &fedscope_workspace::App| a.root == "." || d.file.starts_with(&format!("{}/", a.root));
        same.len() == 1 || under(app) || !same.iter().any(|a| under(a))
    };
    for app in apps {
        for (item, rules) in ITEMS {
            let mut fired: Vec<&'static str> =
                diagnostics.iter().filter(|d| rules.contains(&d.rule) && belongs(d, app)).map(|d| d.rule).collect();
            fired.sort();
            fired.dedup();
            let missing: Vec<&str> = rules.iter().copied().filter(|r| !known.contains(r)).collect();
            let entry = if !fired.is_empty() {
                ChecklistEntry {
                    app: app.name.clone(),
                    root: app.root.clone(),
                    item,
                    status: Status::Fail,
                    rules: fired,
                    why: None,
                }
            } else if !missing.is_empty() {
                ChecklistEntry {
                    app: app.name.clone(),
                    root: app.root.clone(),
                    item,
                    status: Status::Unknown,
                    rules: Vec::new(),
                    why: Some(format!(
                        "not checked: {} {} not in this release",
                        missing.join(", "),
                        if missing.len() == 1 { "is" } else { "are" }
                    )),
                }
            } else if let Some(why) = undecidable(cx, app, item) {
                ChecklistEntry {
                    app: app.name.clone(),
                    root: app.root.clone(),
                    item,
                    status: Status::Unknown,
                    rules: Vec::new(),
                    why: Some(why),
                }
            } else {
                ChecklistEntry {
                    app: app.name.clone(),
                    root: app.root.clone(),
                    item,
                    status: Status::Pass,
                    rules: Vec::new(),
                    why: None,
                }
            };
            out.push(entry);
        }
    }
    out
}

/// Why an item cannot be decided for this app, when it cannot.
fn undecidable(cx: &Context, app: &fedscope_workspace::App, item: &str) -> Option<String> {
    let source_unknown = app.unknown.iter().find(|u| u.field == "sources" || u.field == "entry");
    match item {
        "async-boundary" => {
            if app.async_startup {
                return None;
            }
            if app.sources.entries.is_empty() {
                return Some(match app.bundler {
                    Bundler::Next | Bundler::Modernjs => {
                        format!("{} generates the app's entry; fedscope does not read it", app.bundler.as_str())
                    }
                    _ => "the app's entry file was not found".into(),
                });
            }
            source_unknown.map(|u| format!("{}:{}: {}", u.file, u.line, u.why))
        }
        "singleton-config" => {
            let in_group = cx.groups.iter().any(|g| g.apps.iter().any(|&i| std::ptr::eq(cx.app(i), app)));
            if !in_group {
                return Some("the app is in no group (it loads no remote and no app loads it)".into());
            }
            app.unknown
                .iter()
                .find(|u| u.field == "shared" || u.field == "options" || u.field == "federation plugin")
                .map(|u| format!("{}:{}: {}", u.file, u.line, u.why))
        }
        _ => None,
    }
}
