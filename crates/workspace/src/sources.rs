//! Source facts of an app: from its entries and exposed modules, through the
//! workspace's own files, which packages it imports, where, and whether the
//! import runs synchronously with the entry (before any `import()`), which
//! is what decides an eager-consumption error.
//!
//! A request that matches a shared key is a consume through the share scope
//! and is not followed; a remote's namespace (`cart/CartStore`) is a
//! federation edge and is not followed; any other package is bundled by the
//! app (a private copy when it is not shared). Workspace files and workspace
//! packages are followed.

use crate::disk::Disk;
use crate::host::WorkspaceHost;
use crate::model::{Place, UnknownField};
use fedscope_js::facts::ImportKind;
use fedscope_js::{Host, Kind, Lookup, Resolved, Value};
use std::collections::{BTreeMap, VecDeque};
use std::path::{Path, PathBuf};

/// How far a walk goes in one app.
const MAX_FILES: usize = 20_000;

const SOURCE_EXTENSIONS: [&str; 8] = ["js", "jsx", "ts", "tsx", "mjs", "cjs", "mts", "cts"];

/// How a module is reached from the page's start.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reach {
    /// From an entry through static imports and requires only: evaluated in
    /// the initial chunk, before the share scope is initialised.
    EntrySync,
    /// From an entry through at least one `import()`.
    EntryAsync,
    /// Only from exposed modules (loaded by other apps through the container: async).
    Exposed,
}

impl Reach {
    /// How many reaches there are, and each one's place among them (`[T; Reach::COUNT]`).
    const COUNT: usize = 3;
    fn index(self) -> usize {
        match self {
            Reach::EntrySync => 0,
            Reach::EntryAsync => 1,
            Reach::Exposed => 2,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Reach::EntrySync => "entry-sync",
            Reach::EntryAsync => "entry-async",
            Reach::Exposed => "exposed",
        }
    }
}

/// A package the app imports.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Use {
    /// The request as written (`react-dom/client`).
    pub request: String,
    /// The package it names (`react-dom`).
    pub package: String,
    /// The share key it is consumed through, if any.
    pub shared: Option<String>,
    pub reach: Reach,
    /// Where (the first place with this reach).
    pub place: Place,
    pub column: u32,
}

/// An import of a remote's exposed module.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct RemoteUse {
    /// The remote alias (`cart`) and the request (`cart/CartStore`).
    pub alias: String,
    pub request: String,
    pub kind: &'static str,
    pub reach: Reach,
    pub place: Place,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct SourceFacts {
    /// The entry files the walk started from (relative paths).
    pub entries: Vec<String>,
    pub uses: Vec<Use>,
    pub remote_uses: Vec<RemoteUse>,
    /// Workspace files reached, with how.
    pub files: BTreeMap<String, Reach>,
    /// The shared keys the entries consume synchronously, in the order the
    /// initial chunk evaluates them (depth first through static imports, in
    /// source order): the first one is where an eager-consumption error throws.
    pub sync_order: Vec<Use>,
    pub unknown: Vec<UnknownField>,
    /// Workspace files reached from the exposed modules (the container's bundle).
    pub exposed_files: std::collections::BTreeSet<String>,
    /// How each workspace file in the app's bundles was first reached.
    pub edges: BTreeMap<String, Edge>,
    /// Per share key whose request resolves to a workspace file: the files
    /// that module reaches (they are in the share scope's copy, not in the
    /// app's bundle).
    pub shared_files: BTreeMap<String, std::collections::BTreeSet<String>>,
    /// Every resolved import between workspace files: importer → request → file.
    pub links: BTreeMap<String, Links>,
    /// The facts of every file the walks parsed (relative path).
    pub modules: BTreeMap<String, std::sync::Arc<fedscope_js::facts::ModuleFacts>>,
    /// The app's `runtimePlugins` modules in the workspace (relative paths):
    /// parsed for their facts (in `modules`), not walked as page code.
    pub runtime_plugins: Vec<String>,
}

/// How a module refers to a workspace file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EdgeKind {
    /// An entry or an exposed module of the app.
    Root,
    /// `./x`, `../x`, an absolute path.
    Relative,
    /// A build-time alias (`resolve.alias`, tsconfig `paths`).
    Alias,
    /// A workspace package, by its name (`@shop/state`).
    WorkspacePackage,
    /// A path inside a workspace package (`@shop/state/stores/cart`).
    DeepImport,
}

impl EdgeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EdgeKind::Root => "root",
            EdgeKind::Relative => "relative",
            EdgeKind::Alias => "alias",
            EdgeKind::WorkspacePackage => "workspace-package",
            EdgeKind::DeepImport => "deep-import",
        }
    }
}

/// The first way a file was reached: from which file, by which request.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Edge {
    pub kind: EdgeKind,
    /// The importing file (empty for a root).
    pub from: String,
    pub request: String,
    pub line: u32,
    pub column: u32,
}

/// Where a bare request leads through the build's path aliases, if anywhere.
pub type Aliases<'x> = &'x dyn Fn(&str) -> Option<PathBuf>;

/// A build-time alias: `key` (exactly, or as a prefix of `key/…` unless
/// `exact`) stands for `target`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alias {
    pub key: String,
    pub exact: bool,
    pub target: PathBuf,
}

/// Where a bare request leads through the build's aliases (webpack's
/// semantics: the first matching key, exact or as a path prefix).
pub fn apply_aliases(host: &WorkspaceHost, aliases: &[Alias], spec: &str) -> Option<PathBuf> {
    for a in aliases {
        let rest = if spec == a.key {
            ""
        } else if !a.exact && spec.starts_with(&a.key) && spec[a.key.len()..].starts_with('/') {
            &spec[a.key.len() + 1..]
        } else {
            continue;
        };
        let target = if rest.is_empty() { a.target.clone() } else { a.target.join(rest) };
        return match host.resolve(&target, &target.to_string_lossy()) {
            Resolved::File(p) => Some(p),
            _ => None,
        };
    }
    None
}

/// What the walk needs to know about the app.
pub struct AppShape<'x> {
    pub root: &'x Path,
    /// The config, to place unknowns.
    pub config: &'x Path,
    /// Entry files, already resolved (empty: none known).
    pub entries: Vec<PathBuf>,
    /// Exposed files.
    pub exposes: Vec<PathBuf>,
    /// Share keys (`react`, `lib/` prefixes).
    pub shared_keys: Vec<String>,
    /// Remote aliases.
    pub remotes: Vec<String>,
    /// Where a bare request resolves through the build's path aliases
    /// (tsconfig `paths` in an Nx build), tried before packages.
    pub aliases: Option<Aliases<'x>>,
    /// The `runtimePlugins` modules that are workspace files (see [`runtime_plugin_files`]).
    pub runtime_plugins: Vec<PathBuf>,
}

/// The workspace files of an app's `runtimePlugins` entries (relative paths
/// as the graph has them, or requests resolved from the config's directory);
/// a plugin of an installed package is not the workspace's.
pub fn runtime_plugin_files(disk: &Disk, host: &WorkspaceHost, config_dir: &Path, plugins: &[String]) -> Vec<PathBuf> {
    plugins
        .iter()
        .filter_map(|r| {
            let p = disk.root.join(r);
            if p.is_file() {
                return Some(p);
            }
            match host.resolve(&config_dir.join("x"), r) {
                Resolved::File(p) => Some(p),
                _ => None,
            }
        })
        .filter(|p| disk.inside(p) && !p.components().any(|c| c.as_os_str() == "node_modules"))
        .collect()
}

impl AppShape<'_> {
    /// Where a request of `file` leads: a path alias, else as the host resolves it.
    pub fn resolve(&self, host: &WorkspaceHost, file: &Path, spec: &str) -> Resolved {
        self.resolve_edge(host, file, spec).0
    }

    /// Where a request leads, and by which kind of edge.
    pub fn resolve_edge(&self, host: &WorkspaceHost, file: &Path, spec: &str) -> (Resolved, EdgeKind) {
        if spec.starts_with('.') || spec.starts_with('/') {
            return (host.resolve(file, spec), EdgeKind::Relative);
        }
        if let Some(alias) = self.aliases
            && let Some(p) = alias(spec)
        {
            return (Resolved::File(p), EdgeKind::Alias);
        }
        let kind = match crate::pkg::package_of_request(spec) {
            Some(p) if p != spec => EdgeKind::DeepImport,
            _ => EdgeKind::WorkspacePackage,
        };
        (host.resolve(file, spec), kind)
    }
}

impl Edge {
    fn of(kind: EdgeKind, from: &str, imp: &fedscope_js::facts::Import) -> Edge {
        Edge { kind, from: from.to_string(), request: imp.specifier.clone(), line: imp.line, column: imp.column }
    }
}

/// The share key a request is consumed through: an exact key, or the
/// longest prefix key (`lodash/` for `lodash/get`).
pub fn share_key_for(request: &str, keys: &[String]) -> Option<String> {
    if keys.iter().any(|k| k == request) {
        return Some(request.to_string());
    }
    keys.iter().filter(|k| k.ends_with('/') && request.starts_with(k.as_str())).max_by_key(|k| k.len()).cloned()
}

pub(crate) fn is_source(p: &Path) -> bool {
    p.extension().and_then(|e| e.to_str()).is_some_and(|e| SOURCE_EXTENSIONS.contains(&e))
}

/// A module's resolved imports: request → workspace file (relative), by request. A module
/// has a handful, so a sorted list: an ordered map's node is ten times their size.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Links(Vec<(String, String)>);

impl Links {
    /// The file a request of the module resolves to.
    pub fn get(&self, request: &str) -> Option<&String> {
        self.0.binary_search_by(|(r, _)| r.as_str().cmp(request)).ok().map(|i| &self.0[i].1)
    }

    /// The files, by request.
    pub fn values(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(_, f)| f)
    }

    /// Sets where `request` resolves to.
    pub fn insert(&mut self, request: &str, file: String) {
        match self.0.binary_search_by(|(r, _)| r.as_str().cmp(request)) {
            Ok(i) => self.0[i].1 = file,
            Err(i) => self.0.insert(i, (request.to_string(), file)),
        }
    }
}

/// Records that `request` of `from` resolves to `file` (the importer's name copied once).
fn link(links: &mut BTreeMap<String, Links>, from: &str, request: &str, file: String) {
    match links.get_mut(from) {
        Some(l) => l.insert(request, file),
        None => links.entry(from.to_string()).or_default().insert(request, file),
    }
}

/// Parsed modules of one walk (each file parsed once).
/// (keyed by a path's bytes: hashing a `Path` walks its components)
type Parsed = rustc_hash::FxHashMap<std::ffi::OsString, Option<std::sync::Arc<fedscope_js::facts::ModuleFacts>>>;

/// The modules parsed by walks of one app, so that a second walk (with the
/// share keys a first one decided) parses nothing again.
#[derive(Default)]
pub struct ParseCache(Parsed);

impl ParseCache {
    /// The imports of a file a walk parsed (with the one the automatic JSX
    /// runtime inserts, marked `true`).
    pub fn imports(&self, file: &Path) -> Option<Vec<(fedscope_js::facts::Import, bool)>> {
        let m = self.0.get(file.as_os_str())?.as_ref()?;
        Some(
            imports_of(m)
                .map(|i| {
                    let injected = is_injected(i);
                    (i.clone(), injected)
                })
                .collect(),
        )
    }
}

fn parse(
    disk: &Disk,
    file: &Path,
    cache: &mut Parsed,
    unknown: &mut Vec<UnknownField>,
) -> Option<std::sync::Arc<fedscope_js::facts::ModuleFacts>> {
    if let Some(m) = cache.get(file.as_os_str()) {
        return m.clone();
    }
    // parsed once for the whole run; what it could not read is reported by each app's walk
    let m = match disk.module(file) {
        Err(crate::disk::SourceError::Read(_)) => None,
        Err(crate::disk::SourceError::Syntax { line, message, .. }) => {
            unknown.push(UnknownField {
                field: "sources".into(),
                file: disk.rel(file),
                line,
                why: format!("{message}; the imports of this file are not known"),
            });
            None
        }
        Ok(m) => {
            for (line, _) in &m.computed {
                unknown.push(UnknownField {
                    field: "sources".into(),
                    file: disk.rel(file),
                    line: *line,
                    why: "an import or require of a computed request: what it loads is not known".into(),
                });
            }
            Some(m)
        }
    };
    cache.insert(file.as_os_str().to_owned(), m.clone());
    m
}

/// Walks an app's sources, with the modules already parsed by another walk of
/// it (the syntax errors and computed requests of a file are reported by the
/// walk that parses it).
pub fn walk_with(disk: &Disk, host: &WorkspaceHost, app: &AppShape, cache: &mut ParseCache) -> SourceFacts {
    let mut facts = SourceFacts { entries: app.entries.iter().map(|e| disk.rel(e)).collect(), ..Default::default() };
    let cache = &mut cache.0;
    // how each file is reached from the entries, and whether from the exposed modules
    let mut entry_reach: rustc_hash::FxHashMap<std::ffi::OsString, Reach> = Default::default();
    let mut exposed: rustc_hash::FxHashSet<PathBuf> = Default::default();
    let mut queue: VecDeque<(PathBuf, Reach, Edge)> = VecDeque::new();
    // the best reach each file is queued with: a file queued again with no better reach would
    // be passed over when it comes out
    let mut queued: rustc_hash::FxHashMap<std::ffi::OsString, (Option<Reach>, bool)> = Default::default();
    let root =
        |p: &PathBuf| Edge { kind: EdgeKind::Root, from: String::new(), request: disk.rel(p), line: 1, column: 1 };
    for e in &app.entries {
        queue.push_back((e.clone(), Reach::EntrySync, root(e)));
    }
    for e in &app.exposes {
        queue.push_back((e.clone(), Reach::Exposed, root(e)));
    }
    let mut edges: BTreeMap<String, Edge> = BTreeMap::new();
    let mut shared_roots: Vec<(String, PathBuf, Edge)> = Vec::new();
    // request → the first use at each reach
    let mut uses: BTreeMap<String, [Option<Use>; Reach::COUNT]> = BTreeMap::new();
    let mut remote_uses: BTreeMap<(String, Reach), RemoteUse> = BTreeMap::new();
    let mut truncated = false;
    // (the modules are parsed where they are asked for, or already by the background threads
    // of `Disk::parse_in_background`)
    while let Some((file, r, edge)) = queue.pop_front() {
        let new = match r {
            Reach::Exposed => !exposed.contains(&file),
            _ => entry_reach.get(file.as_os_str()).is_none_or(|old| r < *old),
        };
        if !new {
            continue;
        }
        if cache.len() >= MAX_FILES && !cache.contains_key(file.as_os_str()) {
            truncated = true;
            continue;
        }
        match r {
            Reach::Exposed => {
                exposed.insert(file.clone());
            }
            _ => {
                entry_reach.insert(file.as_os_str().to_owned(), r);
            }
        }
        let file_rel = disk.rel(&file);
        edges.entry(file_rel.clone()).or_insert(edge);
        if !is_source(&file) {
            continue;
        }
        let Some(m) = parse(disk, &file, cache, &mut facts.unknown) else { continue };
        // the module's links, taken out of the map at its first and put back after its imports
        // (one search of the map per module, not per import)
        let mut here: Option<Links> = None;
        for imp in imports_of(&m) {
            let next = match r {
                Reach::Exposed => Reach::Exposed,
                _ if imp.kind.is_sync() => r,
                _ => Reach::EntryAsync,
            };
            let place = || Place { file: file_rel.clone(), line: imp.line };
            let spec = imp.specifier.as_str();
            // a remote's namespace: `cart/CartStore`, `cart`
            let alias = app.remotes.iter().find(|a| names_remote(spec, a));
            if let Some(alias) = alias {
                let kind = match imp.kind {
                    ImportKind::Static => "import",
                    ImportKind::Require => "require",
                    ImportKind::Dynamic => "import()",
                    ImportKind::LoadRemote => "loadRemote",
                };
                remote_uses.entry((spec.to_string(), next)).or_insert_with(|| RemoteUse {
                    alias: alias.clone(),
                    request: spec.to_string(),
                    kind,
                    reach: next,
                    place: place(),
                });
                continue;
            }
            if imp.kind == ImportKind::LoadRemote {
                continue;
            }
            let bare = !(spec.starts_with('.') || spec.starts_with('/'));
            let shared = if bare { share_key_for(spec, &app.shared_keys) } else { None };
            let (target, kind) = app.resolve_edge(host, &file, spec);
            // a shared workspace package: its modules are the share scope's copy
            if let Some(key) = &shared
                && !is_injected(imp)
                && let Resolved::File(p) = &target
            {
                shared_roots.push((key.clone(), p.clone(), Edge::of(kind, &file_rel, imp)));
            }
            let resolved = if shared.is_some() { None } else { Some(target) };
            if bare && (shared.is_some() || matches!(resolved, Some(Resolved::Package(_)))) {
                // (the first use of a request at a reach is kept: a later one costs nothing)
                if uses.get(spec).is_some_and(|u| u[next.index()].is_some()) {
                    continue;
                }
                let package = crate::pkg::package_of_request(spec).unwrap_or_else(|| spec.to_string());
                if spec.starts_with("node:") || is_builtin(&package) {
                    continue;
                }
                let at = match uses.get_mut(spec) {
                    Some(at) => at,
                    None => uses.entry(spec.to_string()).or_default(),
                };
                at[next.index()] = Some(Use {
                    request: spec.to_string(),
                    package,
                    shared,
                    reach: next,
                    place: place(),
                    column: imp.column,
                });
                continue;
            }
            if let Some(Resolved::File(p)) = resolved {
                (here.get_or_insert_with(|| facts.links.remove(file_rel.as_str()).unwrap_or_default()))
                    .insert(spec, disk.rel(&p));
                // (the path copied only for a file not queued before)
                let q = match queued.get_mut(p.as_os_str()) {
                    Some(q) => q,
                    None => queued.entry(p.as_os_str().to_owned()).or_default(),
                };
                let better = match next {
                    Reach::Exposed => !std::mem::replace(&mut q.1, true),
                    _ => q.0.is_none_or(|old| next < old),
                };
                if better {
                    if next != Reach::Exposed {
                        q.0 = Some(next);
                    }
                    queue.push_back((p, next, Edge::of(kind, &file_rel, imp)));
                }
            }
        }
        if let Some(l) = here {
            facts.links.insert(file_rel, l);
        }
    }
    facts.shared_files =
        shared_walks(disk, host, app, cache, &mut facts.unknown, shared_roots, &mut edges, &mut facts.links);
    facts.edges = edges;
    if truncated {
        facts.unknown.push(UnknownField {
            field: "sources".into(),
            file: disk.rel(app.config),
            line: 1,
            why: format!("the app reaches more than {MAX_FILES} files; the rest were not read"),
        });
    }
    // per request: the earliest reach from the entries, and the exposed one
    facts.uses = (uses.into_values()).flat_map(|[sync, later, exposed]| [sync.or(later), exposed]).flatten().collect();
    facts.uses.sort();
    facts.remote_uses = remote_uses.into_values().collect();
    facts.exposed_files = exposed.iter().map(|p| disk.rel(p)).collect();
    let mut files: BTreeMap<String, Reach> = exposed.iter().map(|p| (disk.rel(p), Reach::Exposed)).collect();
    for (p, r) in entry_reach {
        files.insert(disk.rel(Path::new(&p)), r);
    }
    facts.files = files;
    facts.sync_order = sync_order(disk, host, app, cache);
    // the runtime plugins: read for their facts (retry, errorLoadRemote), not walked
    for p in &app.runtime_plugins {
        if is_source(p) && parse(disk, p, cache, &mut facts.unknown).is_some() {
            facts.runtime_plugins.push(disk.rel(p));
        }
    }
    for f in facts.files.keys().chain(facts.shared_files.values().flatten()).chain(&facts.runtime_plugins) {
        if let Some(Some(m)) = cache.get(disk.root.join(f).as_os_str()) {
            facts.modules.insert(f.clone(), m.clone());
        }
    }
    facts
}

/// The workspace files each shared workspace package reaches (through its
/// own relative and workspace imports, not through other shared keys or remotes).
#[allow(clippy::too_many_arguments)]
fn shared_walks(
    disk: &Disk,
    host: &WorkspaceHost,
    app: &AppShape,
    cache: &mut Parsed,
    unknown: &mut Vec<UnknownField>,
    roots: Vec<(String, PathBuf, Edge)>,
    edges: &mut BTreeMap<String, Edge>,
    links: &mut BTreeMap<String, Links>,
) -> BTreeMap<String, std::collections::BTreeSet<String>> {
    let mut out: BTreeMap<String, std::collections::BTreeSet<String>> = BTreeMap::new();
    for (key, start, edge) in roots {
        let mut queue = VecDeque::from([(start, edge)]);
        while let Some((file, edge)) = queue.pop_front() {
            let rel_file = disk.rel(&file);
            let set = out.entry(key.clone()).or_default();
            if !set.insert(rel_file.clone()) || set.len() > MAX_FILES {
                continue;
            }
            edges.entry(rel_file.clone()).or_insert(edge);
            if !is_source(&file) {
                continue;
            }
            let Some(m) = parse(disk, &file, cache, unknown) else { continue };
            for imp in m.imports.iter().filter(|i| i.kind.is_sync() || i.kind == ImportKind::Dynamic) {
                let spec = imp.specifier.as_str();
                let bare = !(spec.starts_with('.') || spec.starts_with('/'));
                if app.remotes.iter().any(|a| names_remote(spec, a))
                    || (bare && share_key_for(spec, &app.shared_keys).is_some())
                {
                    continue;
                }
                if let (Resolved::File(p), kind) = app.resolve_edge(host, &file, spec) {
                    let edge = Edge::of(kind, &rel_file, imp);
                    link(links, &edge.from, spec, disk.rel(&p));
                    queue.push_back((p, edge));
                }
            }
        }
    }
    out
}

/// The import the automatic JSX runtime inserts (see [`imports_of`]).
fn is_injected(imp: &fedscope_js::facts::Import) -> bool {
    imp.start == 0 && imp.end == 0 && imp.line == 1 && imp.column == 1 && imp.kind == ImportKind::Static
}

/// A module's imports, with the one the automatic JSX runtime inserts first.
fn imports_of(m: &fedscope_js::facts::ModuleFacts) -> impl Iterator<Item = &fedscope_js::facts::Import> {
    static JSX_RUNTIME: std::sync::LazyLock<fedscope_js::facts::Import> =
        std::sync::LazyLock::new(|| fedscope_js::facts::Import {
            specifier: "react/jsx-runtime".into(),
            kind: ImportKind::Static,
            line: 1,
            column: 1,
            start: 0,
            end: 0,
        });
    m.automatic_jsx().then(|| &*JSX_RUNTIME).into_iter().chain(&m.imports)
}

/// Whether a request names a module of the remote `alias` (`cart`, `cart/Button`).
pub fn names_remote(request: &str, alias: &str) -> bool {
    request.strip_prefix(alias).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// The entries' synchronous consumes in evaluation order (see [`SourceFacts::sync_order`]).
fn sync_order(disk: &Disk, host: &WorkspaceHost, app: &AppShape, cache: &mut Parsed) -> Vec<Use> {
    fn visit(
        disk: &Disk,
        host: &WorkspaceHost,
        app: &AppShape,
        file: &Path,
        seen: &mut rustc_hash::FxHashSet<PathBuf>,
        cache: &mut Parsed,
        out: &mut Vec<Use>,
    ) {
        if !seen.insert(file.to_path_buf()) || !is_source(file) || seen.len() > MAX_FILES {
            return;
        }
        let Some(m) = parse(disk, file, cache, &mut Vec::new()) else { return };
        for imp in imports_of(&m) {
            if !imp.kind.is_sync() {
                continue;
            }
            let spec = imp.specifier.as_str();
            if app.remotes.iter().any(|a| names_remote(spec, a)) {
                continue;
            }
            let bare = !(spec.starts_with('.') || spec.starts_with('/'));
            if bare && let Some(key) = share_key_for(spec, &app.shared_keys) {
                if !out.iter().any(|u| u.shared.as_deref() == Some(key.as_str())) {
                    out.push(Use {
                        request: spec.to_string(),
                        package: crate::pkg::package_of_request(spec).unwrap_or_else(|| spec.to_string()),
                        shared: Some(key),
                        reach: Reach::EntrySync,
                        place: Place { file: disk.rel(file), line: imp.line },
                        column: imp.column,
                    });
                }
                continue;
            }
            if let Resolved::File(p) = app.resolve(host, file, spec) {
                visit(disk, host, app, &p, seen, cache, out);
            }
        }
    }
    let mut seen = rustc_hash::FxHashSet::default();
    let mut out = Vec::new();
    for e in &app.entries {
        visit(disk, host, app, e, &mut seen, cache, &mut out);
    }
    out
}

pub(crate) fn is_builtin(package: &str) -> bool {
    const BUILTINS: [&str; 20] = [
        "fs",
        "path",
        "url",
        "util",
        "os",
        "http",
        "https",
        "crypto",
        "stream",
        "events",
        "buffer",
        "child_process",
        "zlib",
        "net",
        "tls",
        "assert",
        "querystring",
        "module",
        "process",
        "worker_threads",
    ];
    BUILTINS.contains(&package)
}

/// The entry requests of a config's `entry` value (webpack/Rspack shapes:
/// a string, an array, an object of those or of `{ import }`).
pub fn entry_requests(entry: &Value) -> Result<Vec<String>, String> {
    fn collect(v: &Value, out: &mut Vec<String>) -> Result<(), String> {
        match &v.kind {
            Kind::Str(s) => {
                out.push(s.clone());
                Ok(())
            }
            Kind::Array(items) => items.iter().try_for_each(|i| collect(i, out)),
            Kind::Object(_) => match v.get("import") {
                Lookup::Found(i) => collect(i, out),
                _ => {
                    let (props, unknown) = v.props();
                    if let Some(u) = unknown {
                        return Err(format!("an entry that is not known ({})", fedscope_js::eval::describe_unknown(u)));
                    }
                    props.into_iter().try_for_each(|(_, x)| collect(x, out))
                }
            },
            Kind::Unknown(why) => Err(why.clone()),
            Kind::Function(_) => Err("entry is a function (evaluated by the bundler at build time)".into()),
            _ => Err("an entry of an unexpected kind".into()),
        }
    }
    let mut out = Vec::new();
    collect(entry, &mut out)?;
    Ok(out)
}
