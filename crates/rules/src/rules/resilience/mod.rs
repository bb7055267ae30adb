//! Resilience: what the page does when a remote cannot be loaded or throws.
//!
//! Also the component tree the JSX rules share ([`Tree`]): a name used in
//! JSX resolved through an app's imports to where it is defined, error
//! boundaries (classes, `react-error-boundary`, components that put their
//! children inside one), and the walk from a JSX element up through the
//! components that render it, across files, to a root render.

pub mod remote_load_unguarded;
pub mod remote_without_error_boundary;

use crate::Context;
use crate::util::page_files;
use fedscope_js::facts::ModuleFacts;
use fedscope_js::jsx::{Container, Element, ExportTarget};
use fedscope_workspace::App;
use std::collections::{BTreeSet, HashMap, HashSet};

/// Where a name used in a module is defined.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Def {
    /// A binding of a workspace file; `boundary`: reached through an export
    /// wrapped in an error boundary (`export default withErrorBoundary(X)`).
    Local {
        file: String,
        name: String,
        boundary: bool,
    },
    /// An export of an installed package or of a remote: (request, name).
    Package {
        source: String,
        name: String,
    },
    Unknown,
}

/// How deep re-exports and component chains are followed.
const MAX_DEPTH: usize = 12;

/// The boundary questions open in one walk up the tree: a question asked again while open
/// (a cycle of components) reads as "no", and the answers that read it are not final until
/// that question is: `low` is the lowest place in `stack` a cycle came back to.
struct Visiting {
    stack: Vec<(String, String)>,
    low: usize,
}

impl Default for Visiting {
    fn default() -> Visiting {
        Visiting { stack: Vec::new(), low: usize::MAX }
    }
}

/// Where a component is rendered: (file, element, whether through an
/// error-boundary wrapper).
type Usage<'a> = (&'a str, &'a Element, bool);

/// The JSX of one app's page files, indexed for walking up the component tree.
pub(crate) struct Tree<'a> {
    /// (defining file, component) → where it is rendered: (file, element,
    /// whether through an error-boundary wrapper).
    usages: HashMap<(String, String), Vec<Usage<'a>>>,
    boundaries: std::sync::Mutex<HashMap<(String, String), bool>>,
    /// The app's modules and links by file, hashed: resolutions look them up by the
    /// hundred per element, and the ordered maps compare long shared path prefixes.
    modules: rustc_hash::FxHashMap<&'a str, &'a ModuleFacts>,
    links: rustc_hash::FxHashMap<&'a str, &'a fedscope_workspace::sources::Links>,
}

fn is_component_name(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_uppercase()) || name.contains('.')
}

impl<'a> Tree<'a> {
    /// The tree of an app over the given page files.
    pub fn new(app: &'a App, files: &[&'a str]) -> Tree<'a> {
        let mut t = Tree {
            usages: HashMap::new(),
            boundaries: Default::default(),
            modules: app.sources.modules.iter().map(|(f, m)| (f.as_str(), &**m)).collect(),
            links: app.sources.links.iter().map(|(f, l)| (f.as_str(), l)).collect(),
        };
        let mut usages: HashMap<(String, String), Vec<Usage<'a>>> = HashMap::new();
        for &f in files {
            let Some(m) = t.module(f) else { continue };
            for e in m.jsx.elements.iter().filter(|e| is_component_name(&e.name)) {
                let (Def::Local { file, name, boundary }, None) = t.resolve(f, &e.name) else { continue };
                // through wrappers: `const A = memo(B)` renders B, `withErrorBoundary(B)` inside a boundary
                let (mut file, mut name, mut guarded) = (file, name, boundary);
                for _ in 0..4 {
                    usages.entry((file.clone(), name.clone())).or_default().push((f, e, guarded));
                    let Some(w) = t.module(&file).and_then(|m| m.jsx.wrappers.iter().find(|w| w.name == name)) else {
                        break;
                    };
                    guarded |= w.boundary;
                    match t.resolve(&file, &w.inner) {
                        (Def::Local { file: g, name: n, boundary }, None) => {
                            guarded |= boundary;
                            file = g;
                            name = n;
                        }
                        _ => break,
                    }
                }
            }
        }
        t.usages = usages;
        t
    }

    pub fn module(&self, file: &str) -> Option<&'a ModuleFacts> {
        self.modules.get(file).copied()
    }

    fn link(&self, file: &str, request: &str) -> Option<&'a str> {
        self.links.get(file).and_then(|l| l.get(request)).map(String::as_str)
    }

    /// Where a name used in `file` (`Foo`, `Ns.Foo`, `Ctx.Provider`) is
    /// defined, with the member part left over (`Provider` of `Ctx.Provider`
    /// when `Ctx` is the definition).
    pub fn resolve(&self, file: &str, name: &str) -> (Def, Option<String>) {
        self.resolve_at(file, name, 0)
    }

    fn resolve_at(&self, file: &str, name: &str, depth: usize) -> (Def, Option<String>) {
        let (head, rest) = match name.split_once('.') {
            Some((h, r)) => (h, Some(r.to_string())),
            None => (name, None),
        };
        let Some(m) = self.module(file) else { return (Def::Unknown, rest) };
        let Some((source, imported)) = m.state.bindings.get(head) else {
            return (Def::Local { file: file.to_string(), name: head.to_string(), boundary: false }, rest);
        };
        // `import * as Ns` / a default import used as a namespace: the member is the export
        let (export, rest) = match (imported, rest) {
            ("*", Some(r)) => match r.split_once('.') {
                Some((e, more)) => (e.to_string(), Some(more.to_string())),
                None => (r, None),
            },
            ("*", None) => return (Def::Unknown, None),
            (_, rest) => (imported.to_string(), rest),
        };
        match self.link(file, source) {
            Some(target) => (self.resolve_export(target, &export, depth + 1), rest),
            None => match (export.as_str(), rest) {
                // `React.Suspense` of `import React from 'react'`
                ("default", Some(r)) => (Def::Package { source: source.to_string(), name: r }, None),
                (_, rest) => (Def::Package { source: source.to_string(), name: export }, rest),
            },
        }
    }

    /// What `file` exports as `exported`, followed through re-exports.
    pub fn resolve_export(&self, file: &str, exported: &str, depth: usize) -> Def {
        if depth > MAX_DEPTH {
            return Def::Unknown;
        }
        let Some(m) = self.module(file) else { return Def::Unknown };
        if let Some(e) = m.jsx.exports.iter().find(|e| e.exported == exported) {
            return match &e.target {
                ExportTarget::Local(l) if m.state.bindings.is_imported(l) => {
                    match self.resolve_at(file, l, depth + 1) {
                        (Def::Local { file, name, boundary }, None) => {
                            Def::Local { file, name, boundary: boundary || e.boundary }
                        }
                        (d, None) => d,
                        _ => Def::Unknown,
                    }
                }
                ExportTarget::Local(l) => Def::Local { file: file.to_string(), name: l.clone(), boundary: e.boundary },
                ExportTarget::From(src, imp) => match self.link(file, src) {
                    Some(t) if imp != "*" => self.resolve_export(t, imp, depth + 1),
                    Some(_) => Def::Unknown,
                    None => Def::Package { source: src.clone(), name: imp.clone() },
                },
                ExportTarget::Other => Def::Unknown,
            };
        }
        for e in &m.jsx.exports {
            if let (true, ExportTarget::From(src, imp)) = (e.exported == "*", &e.target)
                && imp == "*"
                && let Some(t) = self.link(file, src)
            {
                let d = self.resolve_export(t, exported, depth + 1);
                if d != Def::Unknown {
                    return d;
                }
            }
        }
        Def::Unknown
    }

    /// Whether the element `name` used in `file` is an error boundary: a
    /// class with `componentDidCatch`/`getDerivedStateFromError`,
    /// `ErrorBoundary` of `react-error-boundary` (or any imported
    /// `…ErrorBoundary`, Sentry's included), a `withErrorBoundary` wrapper, or
    /// a component that renders its children inside one of those.
    pub fn is_boundary(&self, file: &str, name: &str) -> bool {
        self.boundary_at(file, name, 0, &mut Visiting::default())
    }

    fn boundary_at(&self, file: &str, name: &str, depth: usize, visiting: &mut Visiting) -> bool {
        if !is_component_name(name) || depth > MAX_DEPTH {
            return false;
        }
        match self.resolve(file, name) {
            (Def::Package { source, name: n }, rest) => {
                let n = rest.as_deref().and_then(|r| r.rsplit('.').next()).unwrap_or(&n).to_string();
                (source == "react-error-boundary" && n == "ErrorBoundary") || n.contains("ErrorBoundary")
            }
            (Def::Local { file: g, name: n, boundary }, None) => {
                boundary || self.local_boundary(&g, &n, depth, visiting)
            }
            (Def::Local { .. }, Some(_)) => false,
            (Def::Unknown, _) => name.contains("ErrorBoundary"),
        }
    }

    fn local_boundary(&self, file: &str, name: &str, depth: usize, visiting: &mut Visiting) -> bool {
        let key = (file.to_string(), name.to_string());
        if let Some(b) = self.boundaries.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return *b;
        }
        // (the answers are shared by the rules, on several threads: only final ones are kept)
        if let Some(i) = visiting.stack.iter().position(|k| *k == key) {
            visiting.low = visiting.low.min(i);
            return false;
        }
        let me = visiting.stack.len();
        visiting.stack.push(key.clone());
        let outer_low = std::mem::replace(&mut visiting.low, usize::MAX);
        let b = match self.module(file) {
            None => name.contains("ErrorBoundary"),
            Some(m) => {
                if let Some(c) = m.jsx.component(name) {
                    c.error_boundary
                        || m.jsx.slots.iter().any(|s| {
                            s.name == "children"
                                && s.container == Container::Component(name.to_string())
                                && s.ancestors.iter().any(|a| self.boundary_at(file, a, depth + 1, visiting))
                        })
                } else if let Some(w) = m.jsx.wrappers.iter().find(|w| w.name == name) {
                    w.boundary || self.boundary_at(file, &w.inner, depth + 1, visiting)
                } else {
                    name.contains("ErrorBoundary")
                }
            }
        };
        visiting.stack.pop();
        // an answer that read "no" for a question still open below this one is not final yet
        if visiting.low >= me {
            self.boundaries.lock().unwrap_or_else(|e| e.into_inner()).insert(key, b);
            visiting.low = outer_low;
        } else {
            visiting.low = visiting.low.min(outer_low);
        }
        b
    }

    /// Whether JSX at this place can render with no error boundary above it
    /// all the way to a root render (`createRoot(…).render(…)`): if so, the
    /// elements that lead there, innermost first (`<Shell> apps/host/src/App.jsx:40`).
    /// A component nothing on the page renders as JSX (a route table, an
    /// exposed component a host renders) leads nowhere: no finding.
    pub fn unguarded(&self, file: &str, e: &Element) -> Option<Vec<String>> {
        let mut visited = HashSet::new();
        self.up(file, &e.container, e.ancestors.clone(), e.held.as_deref(), 0, &mut visited)
    }

    fn up(
        &self,
        file: &str,
        container: &Container,
        ancestors: Vec<String>,
        held: Option<&str>,
        depth: usize,
        visited: &mut HashSet<(String, String)>,
    ) -> Option<Vec<String>> {
        if depth > 4 * MAX_DEPTH || ancestors.iter().any(|a| self.is_boundary(file, a)) {
            return None;
        }
        if let Some(h) = held {
            // the tree is placed where the component puts that name
            let m = self.module(file)?;
            for s in m.jsx.slots.iter().filter(|s| s.name == h && &s.container == container) {
                let mut anc = s.ancestors.clone();
                anc.extend(ancestors.iter().cloned());
                if let Some(p) = self.up(file, &s.container, anc, s.held.as_deref(), depth + 1, visited) {
                    return Some(p);
                }
            }
            return None;
        }
        match container {
            Container::Render => Some(Vec::new()),
            Container::Component(c) => {
                if !visited.insert((file.to_string(), c.clone())) {
                    return None;
                }
                for (g, e, guarded) in self.usages.get(&(file.to_string(), c.clone()))? {
                    if *guarded {
                        continue;
                    }
                    if let Some(mut p) =
                        self.up(g, &e.container, e.ancestors.clone(), e.held.as_deref(), depth + 1, visited)
                    {
                        p.insert(0, format!("<{}> {g}:{}", e.name, e.line));
                        return Some(p);
                    }
                }
                None
            }
            Container::Function(_) | Container::Module => None,
        }
    }
}

/// The workspace files app `i` evaluates on some page: its page files
/// ([`page_files`]) and the modules of the shared workspace packages it
/// consumes (the share scope's copy).
pub(crate) fn evaluated_files<'a>(cx: &Context<'a>, i: usize) -> BTreeSet<&'a str> {
    page_files(cx, i)
        .into_iter()
        .map(|(f, _)| f)
        .chain(cx.app(i).sources.shared_files.values().flatten().map(String::as_str))
        .collect()
}

/// Whether a request names a module of one of the app's remotes (`cart/Cart`).
pub(crate) fn is_remote_request(app: &App, request: &str) -> bool {
    app.remotes.iter().any(|r| fedscope_workspace::sources::names_remote(request, &r.alias))
}
