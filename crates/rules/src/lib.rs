//! The rule framework and the rules, one file per rule (`src/rules/<table>/`).
//!
//! A rule is a unit struct declared with [`declare_rule!`]: its doc comment
//! is its user documentation (`fedscope explain RULE`, `docs/rules/`), with
//! fixed headings and Invalid / Valid example workspaces that a test runs
//! (each Invalid example gives exactly one diagnostic of the rule, each Valid
//! one none). [`rules::RULES`] is the one registry.
//!
//! Rules read the stages before them and nothing else: the graph
//! (`fedscope-workspace`), the planner's replays (`fedscope-plan`), and the
//! configuration. [`check`] runs them, applies the configuration (severities,
//! ignores) and computes the production checklist.

pub mod checklist;
pub mod config;
pub mod docs;
pub mod rules;
mod util;

pub use checklist::{ChecklistEntry, Status};
pub use config::Config;

use fedscope_plan::GroupPlan;
use fedscope_workspace::Graph;
use std::collections::BTreeSet;

/// How bad a finding is. Ordered: `Info < Warning < Error`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "info" => Some(Severity::Info),
            "warning" | "warn" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// The tables of `rules.md`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Table {
    ShareConfiguration,
    ShareScopeOutcome,
    ClientState,
    ServerState,
    EventsAndLifetimes,
    Resilience,
    Workspace,
    /// About fedscope's own configuration.
    Configuration,
}

impl Table {
    pub fn title(self) -> &'static str {
        match self {
            Table::ShareConfiguration => "Share configuration",
            Table::ShareScopeOutcome => "Share-scope outcome",
            Table::ClientState => "Client state",
            Table::ServerState => "Server state",
            Table::EventsAndLifetimes => "Events and lifetimes",
            Table::Resilience => "Resilience",
            Table::Workspace => "Workspace",
            Table::Configuration => "Configuration",
        }
    }
}

/// A rule's metadata; `docs` is its doc comment.
#[derive(Debug)]
pub struct Meta {
    pub name: &'static str,
    pub table: Table,
    pub severity: Severity,
    pub docs: &'static str,
}

impl Meta {
    /// The first line of the docs.
    pub fn summary(&self) -> &'static str {
        self.docs.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("")
    }
}

/// Declares a rule: a unit struct whose doc comment is its documentation.
#[macro_export]
macro_rules! declare_rule {
    ($(#[doc = $doc:literal])* pub struct $ty:ident { name: $name:literal, table: $table:ident, severity: $sev:ident $(,)? }) => {
        $(#[doc = $doc])*
        pub struct $ty;
        impl $ty {
            pub const META: $crate::Meta = $crate::Meta {
                name: $name,
                table: $crate::Table::$table,
                severity: $crate::Severity::$sev,
                docs: concat!($($doc, "\n"),*),
            };
        }
    };
}

/// A rule.
pub trait Rule: Sync {
    fn meta(&self) -> &'static Meta;
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>);
}

/// A finding, as `fedscope check --format json` writes it (`../shared/spec/graph.md`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    /// Relative to the analysed directory, forward slashes.
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub app: String,
    /// The directories of the apps of that name the finding is about, where the rule knows them
    /// (not in the JSON): several apps may share a name, and a finding in a root lockfile lies
    /// under none of their directories. Empty: only the name is known.
    pub app_roots: Vec<String>,
    /// host → remote → module → shared key.
    pub path: Vec<String>,
    /// The exact text the runtime will print or throw, when the finding predicts one.
    pub runtime_message: Option<String>,
    pub help: Option<String>,
    /// Additions: more context, one line each.
    pub notes: Vec<String>,
}

/// The app a finding is about: the app itself, or only its name.
pub trait AppRef {
    fn name(&self) -> &str;
    fn root(&self) -> Option<&str>;
}

impl AppRef for fedscope_workspace::App {
    fn name(&self) -> &str {
        &self.name
    }
    fn root(&self) -> Option<&str> {
        Some(&self.root)
    }
}

impl AppRef for str {
    fn name(&self) -> &str {
        self
    }
    fn root(&self) -> Option<&str> {
        None
    }
}

impl Diagnostic {
    pub fn new(
        meta: &'static Meta,
        app: &(impl AppRef + ?Sized),
        place: &fedscope_workspace::Place,
        message: String,
    ) -> Diagnostic {
        Diagnostic {
            rule: meta.name,
            severity: meta.severity,
            message,
            file: place.file.clone(),
            line: place.line.max(1),
            column: 1,
            app: app.name().to_string(),
            app_roots: app.root().map(str::to_string).into_iter().collect(),
            path: Vec::new(),
            runtime_message: None,
            help: None,
            notes: Vec::new(),
        }
    }

    /// The same finding is about this app too, where it has the finding's app name (one finding
    /// for every app that builds a file, or once per lockfile).
    pub fn also_about(mut self, app: &fedscope_workspace::App) -> Diagnostic {
        self.about_too(app);
        self
    }

    /// [`Self::also_about`], on a finding already made.
    pub fn about_too(&mut self, app: &fedscope_workspace::App) {
        if app.name == self.app && !self.app_roots.is_empty() && !self.app_roots.contains(&app.root) {
            self.app_roots.push(app.root.clone());
        }
    }

    /// The same finding, as the JSON shows it (whichever apps of its name it is about).
    fn same_as(&self, o: &Diagnostic) -> bool {
        // (destructured: a field added to Diagnostic is a compile error here until it is compared)
        let Diagnostic {
            rule,
            severity,
            message,
            file,
            line,
            column,
            app,
            app_roots: _,
            path,
            runtime_message,
            help,
            notes,
        } = self;
        (*rule, *severity, message, file, *line, *column, app, path)
            == (o.rule, o.severity, &o.message, &o.file, o.line, o.column, &o.app, &o.path)
            && (runtime_message, help, notes) == (&o.runtime_message, &o.help, &o.notes)
    }

    pub fn path(mut self, path: Vec<String>) -> Diagnostic {
        self.path = path;
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn runtime(mut self, message: impl Into<String>) -> Diagnostic {
        self.runtime_message = Some(message.into());
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    pub fn column(mut self, column: u32) -> Diagnostic {
        self.column = column.max(1);
        self
    }

    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "rule": self.rule,
            "severity": self.severity.as_str(),
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "app": self.app,
            "path": self.path,
            "runtimeMessage": self.runtime_message,
            "help": self.help,
            "notes": self.notes,
        })
    }
}

/// A group: a host and every app it loads (indices into `graph.apps`).
pub struct Group<'a> {
    pub host: usize,
    pub apps: Vec<usize>,
    pub plan: &'a GroupPlan,
}

/// What rules read.
pub struct Context<'a> {
    pub graph: &'a Graph,
    pub groups: Vec<Group<'a>>,
    /// Package names whose second copy breaks state.
    pub stateful: BTreeSet<String>,
    /// Module-scope state objects and their copies per group (`fedscope_plan::instances`).
    pub instances: Vec<fedscope_plan::instances::Instance>,
    /// Each app's component tree over its page files, built once for the rules that read it.
    trees: Vec<std::sync::OnceLock<rules::resilience::Tree<'a>>>,
    /// Each app's page files ([`util::page_files`]), computed once.
    page_files: Vec<std::sync::OnceLock<Vec<(&'a str, bool)>>>,
}

impl<'a> Context<'a> {
    pub fn new(graph: &'a Graph, plans: &'a [GroupPlan], config: &Config) -> Context<'a> {
        let mut stateful: BTreeSet<String> = STATEFUL.iter().map(|s| s.to_string()).collect();
        stateful.extend(config.stateful.iter().cloned());
        let groups = plans.iter().map(|p| Group { host: p.host, apps: p.apps.clone(), plan: p }).collect();
        let instances = fedscope_plan::instances::instances(graph, plans);
        let trees = graph.apps.iter().map(|_| std::sync::OnceLock::new()).collect();
        let page_files = graph.apps.iter().map(|_| std::sync::OnceLock::new()).collect();
        Context { graph, groups, stateful, instances, trees, page_files }
    }

    /// The page files of app `i` ([`util::page_files`]).
    pub(crate) fn page_files(&self, i: usize) -> &[(&'a str, bool)] {
        self.page_files[i].get_or_init(|| util::compute_page_files(self, i))
    }

    /// The component tree of app `i` over its page files ([`util::page_files`]).
    pub(crate) fn tree(&self, i: usize) -> &rules::resilience::Tree<'a> {
        self.trees[i].get_or_init(|| {
            let files: Vec<&'a str> = self.page_files(i).iter().map(|(f, _)| *f).collect();
            rules::resilience::Tree::new(self.app(i), &files)
        })
    }

    pub fn app(&self, i: usize) -> &'a fedscope_workspace::App {
        &self.graph.apps[i]
    }

    /// Whether a package (the package part of a request) is a stateful library.
    pub fn is_stateful(&self, package: &str) -> bool {
        self.stateful.contains(package)
    }
}

/// The stateful libraries of `rules.md`: a second copy breaks state or context.
pub const STATEFUL: &[&str] = &[
    "react",
    "react-dom",
    "react-router",
    "react-router-dom",
    "react-redux",
    "redux",
    "@reduxjs/toolkit",
    "zustand",
    "jotai",
    "mobx",
    "mobx-react",
    "recoil",
    "@tanstack/react-query",
    "@tanstack/query-core",
    "@tanstack/react-db",
    "@tanstack/db",
    "@emotion/react",
    "styled-components",
    "i18next",
    "react-i18next",
    "vue",
    "pinia",
    "@angular/core",
];

/// The result of `check`.
#[derive(Clone, Debug, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    pub checklist: Vec<ChecklistEntry>,
    /// Apps analysed.
    pub apps: usize,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }

    /// `fedscope check --format json` (`../shared/spec/graph.md`).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "version": 1,
            "diagnostics": self.diagnostics.iter().map(Diagnostic::to_json).collect::<Vec<_>>(),
            "checklist": self.checklist.iter().map(ChecklistEntry::to_json).collect::<Vec<_>>(),
            "summary": {
                "errors": self.count(Severity::Error),
                "warnings": self.count(Severity::Warning),
                "infos": self.count(Severity::Info),
                "apps": self.apps,
            },
        })
    }
}

/// Runs every rule on the graph and its replays, applies the configuration
/// and computes the checklist. `config_file` is the configuration's path
/// relative to the analysed directory (for unmatched ignores).
/// The order of the findings: by place, then rule, app and text.
fn key(d: &Diagnostic) -> (&str, u32, u32, &str, &str, &str) {
    (d.file.as_str(), d.line, d.column, d.rule, d.app.as_str(), d.message.as_str())
}

pub fn check(graph: &Graph, plans: &[GroupPlan], config: &Config) -> Report {
    let cx = fedscope_workspace::timings::part("context (instances)", || Context::new(graph, plans, config));
    let enabled: Vec<&dyn Rule> = rules::RULES
        .iter()
        .copied()
        .filter(|r| config.severity_of(r.meta().name).is_none_or(|s| s.is_some()))
        .collect();
    // the rules are independent: they run on every core, each taking the next rule not taken
    // yet; their findings are kept in the registry's order
    let outputs = fedscope_plan::par_map(&enabled, |rule| {
        let mut out = Vec::new();
        fedscope_workspace::timings::part(rule.meta().name, || rule.check(&cx, &mut out));
        out
    });
    let found: Vec<Diagnostic> = outputs.into_iter().flatten().collect();
    // severities, then ignores
    let mut diagnostics = Vec::new();
    let mut used = vec![false; config.ignores.len()];
    for mut d in found {
        match config.severity_of(d.rule) {
            Some(None) => continue,
            Some(Some(s)) => d.severity = s,
            None => {}
        }
        if let Some(i) = config.ignores.iter().position(|ig| ig.matches(&d)) {
            used[i] = true;
            continue;
        }
        diagnostics.push(d);
    }
    for (ig, used) in config.ignores.iter().zip(used) {
        if !used && config.severity_of(rules::unused_ignore::UnusedIgnore::META.name) != Some(None) {
            diagnostics.push(rules::unused_ignore::diagnostic(config, ig));
        }
    }
    diagnostics.sort_by(|a, b| key(a).cmp(&key(b)));
    // one finding per place and text: the same one of two apps of one name is one finding
    // about both (their directories kept for the checklist)
    let mut kept: Vec<Diagnostic> = Vec::with_capacity(diagnostics.len());
    for d in diagnostics {
        let run = kept.iter().rposition(|k| key(k) != key(&d)).map_or(0, |i| i + 1);
        match kept[run..].iter_mut().find(|k| k.same_as(&d)) {
            Some(k) => {
                for r in d.app_roots {
                    if !k.app_roots.contains(&r) {
                        k.app_roots.push(r);
                    }
                }
            }
            None => kept.push(d),
        }
    }
    let diagnostics = kept;
    let checklist = fedscope_workspace::timings::part("checklist", || checklist::compute(&cx, &diagnostics));
    Report { diagnostics, checklist, apps: graph.apps.len() }
}
