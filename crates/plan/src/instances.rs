//! Instance analysis: for every place a module creates state at module
//! scope (a store, a QueryClient, a context, a collection, a channel), how
//! many copies a group's page will hold, and through which edge each app
//! reaches it.
//!
//! A module is evaluated once per bundle runtime that contains it:
//! - the host's entry bundle (what its entries reach), which is the page;
//! - each loaded container (what an app's exposed modules reach), once per
//!   distinct remote entry the group loads it from;
//! - a shared workspace package's copy, once per instance the share scope
//!   creates for its key (the engine's outcome, in the load order with the most).
//!
//! A host that imports its own exposed store relatively holds it twice (its
//! entry bundle and its container); an alias or deep import to another
//! app's store bundles a second copy; a package shared as a singleton is one.

use crate::GroupPlan;
use fedscope_js::state::{Creation, CreationKind, Scope};
use fedscope_workspace::sources::{Edge, EdgeKind, Reach};
use fedscope_workspace::{App, Graph, remote_target};
use std::collections::{BTreeMap, BTreeSet};

/// Which bundle runtime holds a copy.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bundle {
    /// The host's entry bundle (the page).
    Entry,
    /// An app's container, loaded from this remote entry.
    Container { entry: String },
    /// The share scope's copy of a shared workspace package: key, provider.
    Shared { key: String, provider: String },
}

/// One runtime copy of a module-scope state object.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Copy {
    /// The app whose bundle holds it (index into `graph.apps`).
    pub app: usize,
    pub bundle: Bundle,
    /// How that app's sources reach the module, from a root (entry or
    /// exposed module) to the creating file: one edge per hop.
    pub path: Vec<Edge>,
}

/// A module-scope state object and its copies on one group's page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instance {
    /// Index of the group's host.
    pub host: usize,
    pub file: String,
    pub creation: Creation,
    pub copies: Vec<Copy>,
}

impl Instance {
    pub fn count(&self) -> usize {
        self.copies.len()
    }

    /// The apps whose bundles hold a copy, sorted, each once.
    pub fn apps<'g>(&self, graph: &'g Graph) -> Vec<&'g str> {
        let set: BTreeSet<&str> = self.copies.iter().map(|c| graph.apps[c.app].name.as_str()).collect();
        set.into_iter().collect()
    }

    pub fn to_json(&self, graph: &Graph) -> serde_json::Value {
        serde_json::json!({
            "file": self.file,
            "line": self.creation.line,
            "kind": self.creation.kind.as_str(),
            "name": self.creation.name,
            "count": self.count(),
            "in": self.apps(graph),
            "group": graph.apps[self.host].name,
            "copies": self.copies.iter().map(|c| serde_json::json!({
                "app": graph.apps[c.app].name,
                "bundle": match &c.bundle {
                    Bundle::Entry => "entry".to_string(),
                    Bundle::Container { .. } => "container".to_string(),
                    Bundle::Shared { key, .. } => format!("shared:{key}"),
                },
                "entry": match &c.bundle { Bundle::Container { entry } => Some(entry.clone()), _ => None },
                "provider": match &c.bundle { Bundle::Shared { provider, .. } => Some(provider.clone()), _ => None },
                "via": c.path.iter().map(|e| serde_json::json!({
                    "kind": e.kind.as_str(), "from": e.from, "request": e.request, "line": e.line,
                })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        })
    }
}

/// A module-scope creation, or one made by calling an imported factory at module scope.
fn module_creations(app: &App, file: &str) -> Vec<Creation> {
    let Some(m) = app.sources.modules.get(file) else { return Vec::new() };
    let mut out: Vec<Creation> = m.state.creations.iter().filter(|c| c.scope == Scope::Module).cloned().collect();
    // `const store = createShopStore()` with `createShopStore` a factory of another workspace file
    for call in &m.state.imported_calls {
        let target = app.sources.links.get(file).and_then(|l| l.get(&call.source));
        let Some(target) = target else { continue };
        let Some(tm) = app.sources.modules.get(target) else { continue };
        if let Some(f) = tm.state.factories.iter().find(|f| f.exported.contains(&call.imported)) {
            out.push(Creation {
                kind: f.kind,
                name: call.name.clone(),
                line: call.line,
                column: call.column,
                scope: Scope::Module,
                kept: false,
                memo: false,
            });
        }
    }
    out
}

/// The chain of edges by which `app` reaches `file`, root first.
pub fn path_to(app: &App, file: &str) -> Vec<Edge> {
    let mut out = Vec::new();
    let mut at = file.to_string();
    let mut seen = BTreeSet::new();
    while let Some(e) = app.sources.edges.get(&at) {
        if !seen.insert(at.clone()) {
            break;
        }
        out.push(e.clone());
        if e.kind == EdgeKind::Root || e.from.is_empty() {
            break;
        }
        at = e.from.clone();
    }
    out.reverse();
    out
}

/// The remote entries the group loads app `j`'s container from (empty: not
/// loaded), each with the exposed modules the page requests from it (`None`:
/// not known, so all of them).
fn container_entries(graph: &Graph, plan: &GroupPlan, j: usize) -> BTreeMap<String, Option<BTreeSet<String>>> {
    let apps = &graph.apps;
    // aliases that resolve to j somewhere in the group
    let aliases: BTreeSet<&str> = plan
        .apps
        .iter()
        .flat_map(|&i| apps[i].remotes.iter().filter(move |r| remote_target(apps, i, r) == Some(j)))
        .map(|r| r.alias.as_str())
        .collect();
    let mut entries: BTreeMap<String, Option<BTreeSet<String>>> = BTreeMap::new();
    for &i in &plan.apps {
        for r in &apps[i].remotes {
            // j itself, or the same alias pointing elsewhere (an old deployment of the same app)
            let target = remote_target(apps, i, r);
            if target != Some(j) && !(target.is_none() && aliases.contains(r.alias.as_str())) {
                continue;
            }
            let entry = r.entry.clone().unwrap_or_else(|| format!("{}@?", r.alias));
            // what the page imports from it: the host's entry code, a remote's exposed code
            let on_page = |u: &&fedscope_workspace::sources::RemoteUse| {
                u.alias == r.alias && ((i == plan.host) == (u.reach != Reach::Exposed))
            };
            let requested: BTreeSet<String> = apps[i]
                .sources
                .remote_uses
                .iter()
                .filter(on_page)
                .filter_map(|u| u.request.strip_prefix(&format!("{}/", r.alias)).map(|m| format!("./{m}")))
                .collect();
            let slot = entries.entry(entry).or_insert_with(|| Some(BTreeSet::new()));
            if let Some(set) = slot {
                set.extend(requested);
            }
        }
    }
    // an entry the page imports nothing from is still initialised, but evaluates no module
    entries.retain(|_, req| req.as_ref().is_none_or(|s| !s.is_empty()));
    entries
}

/// The workspace files a container evaluates when the page requests these
/// exposed modules (`None`: all of them), following the app's resolved imports.
fn exposed_reach(app: &App, requested: Option<&BTreeSet<String>>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut stack: Vec<String> = app
        .exposes
        .iter()
        .filter(|x| requested.is_none_or(|r| r.contains(&x.name)))
        .filter_map(|x| x.file.clone())
        .collect();
    while let Some(f) = stack.pop() {
        if !app.sources.exposed_files.contains(&f) || !out.insert(f.clone()) {
            continue;
        }
        if let Some(links) = app.sources.links.get(&f) {
            stack.extend(links.values().cloned());
        }
    }
    out
}

/// Every module-scope state object of every group, with its copies.
pub fn instances(graph: &Graph, plans: &[GroupPlan]) -> Vec<Instance> {
    // (the groups are independent: on every core)
    crate::par_map(plans, |plan| group_instances(graph, plan)).into_iter().flatten().collect()
}

/// The module-scope state objects of one group, with their copies.
fn group_instances(graph: &Graph, plan: &GroupPlan) -> Vec<Instance> {
    let mut out = Vec::new();
    // file → (creations, copies)
    let mut found: BTreeMap<(String, u32, u32), (Creation, Vec<Copy>)> = BTreeMap::new();
    let mut add = |app: &App, i: usize, file: &str, bundle: Bundle| {
        for c in module_creations(app, file) {
            let e = found.entry((file.to_string(), c.line, c.column)).or_insert((c, Vec::new()));
            let copy = Copy { app: i, bundle: bundle.clone(), path: path_to(app, file) };
            if !e.1.iter().any(|x| x.app == copy.app && x.bundle == copy.bundle) {
                e.1.push(copy);
            }
        }
    };
    for &i in &plan.apps {
        let app = &graph.apps[i];
        if i == plan.host {
            for (f, r) in &app.sources.files {
                if *r != Reach::Exposed {
                    add(app, i, f, Bundle::Entry);
                }
            }
        }
        for (entry, requested) in container_entries(graph, plan, i) {
            for f in exposed_reach(app, requested.as_ref()) {
                add(app, i, &f, Bundle::Container { entry: entry.clone() });
            }
        }
    }
    // shared workspace packages: one copy per instance the share scope creates
    let mut shared_done: BTreeSet<(String, String)> = BTreeSet::new();
    for &i in &plan.apps {
        let app = &graph.apps[i];
        for (key, files) in &app.sources.shared_files {
            let scope_key =
                app.shared.iter().find(|s| &s.key == key).map(crate::scope_key).unwrap_or_else(|| key.clone());
            let providers: BTreeSet<String> = plan
                .runs
                .iter()
                .max_by_key(|r| r.outcome.instances.get(&scope_key).map_or(0, Vec::len))
                .and_then(|r| r.outcome.instances.get(&scope_key))
                .map(|list| list.iter().map(|x| x.provider.clone()).collect())
                .unwrap_or_default();
            for f in files {
                for provider in &providers {
                    if !shared_done.insert((f.clone(), provider.clone())) {
                        continue;
                    }
                    // the copy lives in the provider's bundle
                    let owner = plan
                        .apps
                        .iter()
                        .copied()
                        .find(|&k| crate::container_id(graph, &plan.apps, k) == *provider)
                        .unwrap_or(i);
                    let source_app = if graph.apps[owner].sources.modules.contains_key(f) { owner } else { i };
                    add(
                        &graph.apps[source_app],
                        owner,
                        f,
                        Bundle::Shared { key: key.clone(), provider: provider.clone() },
                    );
                }
            }
        }
    }
    for ((file, _, _), (creation, mut copies)) in found {
        copies.sort();
        out.push(Instance { host: plan.host, file, creation, copies });
    }
    out
}

/// Whether a creation kind is one fedscope counts as shared state (all but
/// channels: a BroadcastChannel per app is how apps talk, not a split).
pub fn is_state(kind: CreationKind) -> bool {
    kind != CreationKind::BroadcastChannel
}
