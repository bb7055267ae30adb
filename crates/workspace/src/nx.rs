//! The `shared` Nx's `withModuleFederation` (and `NxModuleFederationPlugin`)
//! builds, @nx/module-federation 22–23 (`utils/module-federation-config.js`
//! `buildModuleFederationConfig`, `utils/share.js`, `utils/dependencies.js`,
//! `utils/secondary-entry-points.js`, `with-module-federation/{webpack,rspack,react}/utils.js`):
//!
//! 1. the project's dependencies in the Nx project graph
//!    (`getDependentPackagesForProject`): the npm packages and the workspace
//!    libraries its files import, and theirs, through every library;
//! 2. the config's `shared(name, {})` removes those it returns `false` for;
//! 3. the workspace libraries with a tsconfig `paths` entry are shared as
//!    `{ requiredVersion: <version>, singleton: true }` or `{ requiredVersion:
//!    false }` (`shareWorkspaceLibraries(…).getLibraries(project.root)`);
//! 4. each npm package is shared as `{ singleton: true, strictVersion: true,
//!    requiredVersion: <its spec in the root package.json> }`, with its
//!    secondary entry points (`sharePackages`); not at all, with a warning,
//!    when the root package.json lists no version for it or a `workspace:`,
//!    `file:` or `*` one (`getNpmPackageSharedConfig`);
//! 5. React projects (the graph links `react`, `react-dom`, `@types/react` or
//!    `@types/react-dom`) get `eager: true` on `react`, `react-dom`,
//!    `react-router-dom`, `react-router` (`applyDefaultEagerPackages`; the
//!    webpack and rspack framework configs have no `defaultPackagesToShare`
//!    nor `packagesToAvoid`: those are Angular's);
//! 6. the config's `shared(name, config)` runs on every entry: `false`
//!    removes it, another truthy value replaces it (`applySharedFunction`);
//! 7. `additionalShared` is added (`applyAdditionalShared`).
//!
//! fedscope does not build the project graph: the packages are those the
//! files the build reaches import (a shared module is provided and consumed
//! only when the build imports it, so a package only other files of the
//! project import is shared by Nx but never at runtime), and a package is
//! linked when the lockfile has it (Nx's npm nodes come from the lockfile).

use crate::disk::Disk;
use crate::lockfile::Lockfile;
use crate::model::{Place, UnknownField};
use crate::pkg;
use crate::sources::{ParseCache, SourceFacts};
use fedscope_js::{Entry, Kind, Loc, Lookup, Resolved, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// How many directories of one package the secondary entry points are looked for in.
const MAX_PACKAGE_DIRS: usize = 20_000;

/// Node's built-in modules (`module.isBuiltin` of the package name, Node 20).
const NODE_BUILTINS: [&str; 42] = [
    "assert",
    "async_hooks",
    "buffer",
    "child_process",
    "cluster",
    "console",
    "constants",
    "crypto",
    "dgram",
    "diagnostics_channel",
    "dns",
    "domain",
    "events",
    "fs",
    "http",
    "http2",
    "https",
    "inspector",
    "module",
    "net",
    "os",
    "path",
    "perf_hooks",
    "process",
    "punycode",
    "querystring",
    "readline",
    "repl",
    "stream",
    "string_decoder",
    "sys",
    "timers",
    "tls",
    "trace_events",
    "tty",
    "url",
    "util",
    "v8",
    "vm",
    "wasi",
    "worker_threads",
    "zlib",
];

/// `applyDefaultEagerPackages`'s packages.
const EAGER_REACT: [&str; 4] = ["react", "react-dom", "react-router-dom", "react-router"];
/// `isReactProject`'s packages.
const REACT_MARKERS: [&str; 4] = ["react", "react-dom", "@types/react", "@types/react-dom"];

/// An Nx project with a `project.json`.
pub struct Project {
    pub name: Option<String>,
    /// Its directory.
    pub root: PathBuf,
    /// `sourceRoot`, relative to the workspace root (`getProjectSourceRoot`:
    /// else `<root>/src` when it exists, else the root).
    pub source_root: String,
}

/// tsconfig `paths`: each key with its targets, in file order.
type PathList = Vec<(String, Vec<String>)>;
/// The tsconfig, its `paths`, and the directory they resolve from.
type TsPaths = (PathBuf, PathList, PathBuf);

/// What Nx reads of the workspace.
pub struct Workspace {
    pub root: PathBuf,
    nx_json: Option<Rc<Value>>,
    /// The root tsconfig (`tsconfig.base.json`, else `tsconfig.json`) and its
    /// `compilerOptions.paths` in file order, each path without a leading `./`
    /// (`readTsPathMappings`), with the directory TypeScript resolves them from.
    paths: Result<TsPaths, String>,
    pub projects: Vec<Project>,
}

/// The Nx workspace an app of `app_root` is in: the nearest directory with an `nx.json`.
pub fn workspace(disk: &Disk, app_root: &Path, project_jsons: &[PathBuf]) -> Option<Workspace> {
    let root = app_root.ancestors().take_while(|d| disk.inside(d)).find(|d| d.join("nx.json").is_file())?;
    let nx_json = disk.json(&root.join("nx.json")).ok();
    let paths = ts_paths(disk, root);
    let mut projects = Vec::new();
    for pj in project_jsons {
        let Some(dir) = pj.parent() else { continue };
        if !dir.starts_with(root) {
            continue;
        }
        let v = disk.json(pj).ok();
        let name = v.as_ref().and_then(|v| pkg::name(v).map(String::from));
        let rel = rel_to(root, dir);
        let source_root = match v.as_ref().map(|v| v.get("sourceRoot")) {
            Some(Lookup::Found(s)) if s.as_str().is_some() => s.as_str().unwrap_or_default().to_string(),
            _ if dir.join("src").exists() => join_fragments(&rel, "src"),
            _ => rel.clone(),
        };
        projects.push(Project { name, root: dir.to_path_buf(), source_root });
    }
    Some(Workspace { root: root.to_path_buf(), nx_json, paths, projects })
}

/// `path` relative to `base` with forward slashes (`.` for the same directory).
fn rel_to(base: &Path, path: &Path) -> String {
    let s = path.strip_prefix(base).unwrap_or(path).to_string_lossy().replace('\\', "/");
    if s.is_empty() { ".".into() } else { s }
}

/// `joinPathFragments(a, b)` (Node's `path.join`, forward slashes).
fn join_fragments(a: &str, b: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in a.split('/').chain(b.split('/')) {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    let mut out = parts.join("/");
    if out.is_empty() {
        out = ".".into();
    }
    if b.ends_with('/') && out != "." {
        out.push('/');
    }
    out
}

/// JSON with comments and trailing commas (a tsconfig) as plain JSON.
fn strip_jsonc(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => {
                let start = i;
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                i = (i + 1).min(b.len());
                out.push_str(&text[start..i]);
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                    i += 1;
                }
                i = (i + 2).min(b.len());
            }
            b',' => {
                let mut j = i + 1;
                // a comma before a closing bracket (after blanks and comments) is dropped
                loop {
                    while j < b.len() && b[j].is_ascii_whitespace() {
                        j += 1;
                    }
                    if b.get(j) == Some(&b'/') && b.get(j + 1) == Some(&b'/') {
                        while j < b.len() && b[j] != b'\n' {
                            j += 1;
                        }
                    } else if b.get(j) == Some(&b'/') && b.get(j + 1) == Some(&b'*') {
                        j += 2;
                        while j + 1 < b.len() && !(b[j] == b'*' && b[j + 1] == b'/') {
                            j += 1;
                        }
                        j = (j + 2).min(b.len());
                    } else {
                        break;
                    }
                }
                if !matches!(b.get(j), Some(b'}' | b']')) {
                    out.push(',');
                }
                i += 1;
            }
            _ => {
                let ch_len = text[i..].chars().next().map_or(1, char::len_utf8);
                out.push_str(&text[i..i + ch_len]);
                i += ch_len;
            }
        }
    }
    out
}

fn read_jsonc(disk: &Disk, path: &Path) -> Result<Value, String> {
    let text = disk.text(path).map_err(|e| format!("{} cannot be read ({e})", disk.rel(path)))?;
    fedscope_js::json::parse(&strip_jsonc(&text), 0)
        .map_err(|e| format!("{} is not valid JSON ({})", disk.rel(path), e.message))
}

/// An app's own tsconfig `paths` (its `tsconfig.json`, following relative
/// `extends`), for builds that resolve through them.
pub struct TsconfigPaths(TsPaths);

impl TsconfigPaths {
    /// The app's tsconfig paths, if it has any.
    pub fn read(disk: &Disk, app_root: &Path) -> Option<TsconfigPaths> {
        let p = ts_paths(disk, app_root).ok()?;
        (!p.1.is_empty()).then_some(TsconfigPaths(p))
    }

    pub fn alias(&self, host: &crate::host::WorkspaceHost, request: &str) -> Option<PathBuf> {
        ts_alias(&self.0, host, request)
    }
}

/// TypeScript's `paths` matching: an exact key, else the pattern with the
/// longest prefix; its targets in order.
fn ts_alias(paths: &TsPaths, host: &crate::host::WorkspaceHost, request: &str) -> Option<PathBuf> {
    let (_, list, base) = paths;
    let (targets, star) = match list.iter().find(|(k, _)| !k.contains('*') && k == request) {
        Some((_, t)) => (t, None),
        None => {
            let (_, t, rest) = list
                .iter()
                .filter_map(|(k, t)| {
                    let (pre, post) = k.split_once('*')?;
                    if post.contains('*') {
                        return None;
                    }
                    let rest = request.strip_prefix(pre)?.strip_suffix(post)?;
                    Some((pre.len(), t, rest))
                })
                .max_by_key(|(len, ..)| *len)?;
            (t, Some(rest))
        }
    };
    for t in targets {
        // a catch-all into installed packages (`"*": ["node_modules/*"]`) is package resolution
        if t.starts_with("node_modules/") || t.contains("/node_modules/") {
            continue;
        }
        let t = match star {
            Some(rest) => t.replacen('*', rest, 1),
            None => t.clone(),
        };
        let spec = if t.starts_with('/') { t } else { format!("./{t}") };
        if let Resolved::File(p) = fedscope_js::Host::resolve(host, &base.join("x"), &spec) {
            return Some(p);
        }
    }
    None
}

/// The root tsconfig's `paths` (following relative `extends`).
fn ts_paths(disk: &Disk, root: &Path) -> Result<TsPaths, String> {
    let file = ["tsconfig.base.json", "tsconfig.json"]
        .iter()
        .map(|n| root.join(n))
        .find(|p| p.is_file())
        .ok_or("the workspace has no tsconfig.base.json nor tsconfig.json, which Nx reads the workspace libraries' `paths` from (its build fails without)")?;
    let mut at = file.clone();
    let mut paths: Option<(PathList, PathBuf)> = None;
    let mut base_url: Option<PathBuf> = None;
    for _ in 0..8 {
        let v = read_jsonc(disk, &at)?;
        let dir = at.parent().unwrap_or(root).to_path_buf();
        if let Lookup::Found(opts) = v.get("compilerOptions") {
            if base_url.is_none()
                && let Lookup::Found(b) = opts.get("baseUrl")
                && let Some(b) = b.as_str()
            {
                base_url = Some(crate::disk::normalize(&dir.join(b)));
            }
            if paths.is_none()
                && let Lookup::Found(p) = opts.get("paths")
            {
                let mut out = Vec::new();
                for (k, targets) in p.props().0 {
                    let list = match &targets.kind {
                        Kind::Array(items) => items
                            .iter()
                            .filter_map(Value::as_str)
                            .map(|t| t.strip_prefix("./").unwrap_or(t).to_string())
                            .collect(),
                        _ => Vec::new(),
                    };
                    out.push((k.to_string(), list));
                }
                paths = Some((out, dir.clone()));
            }
        }
        if paths.is_some() && base_url.is_some() {
            break;
        }
        match v.get("extends") {
            Lookup::Found(e) if e.as_str().is_some_and(|e| e.starts_with('.')) => {
                let next = crate::disk::normalize(&dir.join(e.as_str().unwrap_or_default()));
                at = if next.extension().is_some() { next } else { next.with_extension("json") };
                if !disk.inside(&at) {
                    break;
                }
            }
            Lookup::Found(e) if e.as_str().is_some() && paths.is_none() => {
                return Err(format!(
                    "{} extends `{}`, a package fedscope does not read, for its `paths`",
                    disk.rel(&file),
                    e.as_str().unwrap_or_default()
                ));
            }
            _ => break,
        }
    }
    let (list, dir) = paths.unwrap_or_default();
    let base = base_url.unwrap_or(dir);
    Ok((file, list, base))
}

impl Workspace {
    /// The file a bare request resolves to through the root tsconfig's
    /// `paths` (TypeScript's matching: an exact key, else the pattern with the
    /// longest prefix; its targets in order), as the build's tsconfig-paths
    /// resolution does.
    pub fn alias(&self, host: &crate::host::WorkspaceHost, request: &str) -> Option<PathBuf> {
        ts_alias(self.paths.as_ref().ok()?, host, request)
    }

    /// The deepest project whose directory holds `file`.
    fn project_of(&self, file: &Path) -> Option<&Project> {
        self.projects.iter().filter(|p| file.starts_with(&p.root)).max_by_key(|p| p.root.components().count())
    }

    /// `jsPluginConfig(nx.json)`: whether Nx reads the sources' imports and the lockfile.
    fn analyses(&self, root_pj: &Value) -> (bool, bool) {
        let js = self.nx_json.as_ref().and_then(|n| match n.get("pluginsConfig") {
            Lookup::Found(p) => match p.get("@nx/js") {
                Lookup::Found(c) if c.truthy() == Some(true) => Some(c.clone()),
                _ => None,
            },
            _ => None,
        });
        let flag = |c: &Value, k: &str| match c.get(k) {
            Lookup::Found(v) => v.truthy().unwrap_or(true),
            _ => true,
        };
        match js {
            Some(c) => (flag(&c, "analyzeSourceFiles"), flag(&c, "analyzeLockfile")),
            None => {
                let has = |name: &str| {
                    ["dependencies", "devDependencies"]
                        .iter()
                        .any(|f| matches!(root_pj.get(f), Lookup::Found(d) if matches!(d.get(name), Lookup::Found(x) if x.truthy() == Some(true))))
                };
                let sources =
                    ["@nx/workspace", "@nx/js", "@nx/node", "@nx/next", "@nx/react", "@nx/angular", "@nx/web"]
                        .iter()
                        .any(|n| has(n));
                (sources, true)
            }
        }
    }

    /// `cli.packageManager` of nx.json.
    fn package_manager(&self) -> Option<String> {
        let n = self.nx_json.as_ref()?;
        match n.get("cli") {
            Lookup::Found(c) => match c.get("packageManager") {
                Lookup::Found(p) => p.as_str().map(String::from),
                _ => None,
            },
            _ => None,
        }
    }

    /// The lockfile Nx reads its npm nodes from (`detectPackageManager`,
    /// `getLockFileName`): its path, or why Nx reads none.
    pub fn lockfile(&self) -> Result<PathBuf, String> {
        let r = &self.root;
        let pm = self.package_manager().unwrap_or_else(|| {
            if r.join("bun.lockb").exists() || r.join("bun.lock").exists() {
                "bun".into()
            } else if r.join("yarn.lock").exists() {
                "yarn".into()
            } else if r.join("pnpm-lock.yaml").exists() {
                "pnpm".into()
            } else {
                "npm".into()
            }
        });
        let file = match pm.as_str() {
            "yarn" => "yarn.lock",
            "pnpm" => "pnpm-lock.yaml",
            "npm" => "package-lock.json",
            "bun" => return Err("the package manager is bun, whose lockfile fedscope does not read".into()),
            other => return Err(format!("nx.json names the package manager `{other}`")),
        };
        let p = r.join(file);
        if p.is_file() {
            Ok(p)
        } else {
            Err(format!(
                "there is no {file} (the {pm} lockfile Nx reads) here: built from this tree, Nx's project graph has no npm package and shares none; after an install that writes it, it shares the packages listed there"
            ))
        }
    }
}

/// What Nx reads its npm nodes from.
pub enum Lock<'l> {
    Read(&'l Lockfile),
    /// Not known, and why.
    Unknown(String),
}

/// The inputs of [`shares`].
pub struct Input<'a> {
    pub disk: &'a Disk,
    pub ws: &'a Workspace,
    pub app_root: &'a Path,
    /// The walk of the app's sources with no share key, and its parsed files.
    pub walk: &'a SourceFacts,
    pub cache: &'a ParseCache,
    /// Where a request of a file resolves (as the walk resolved it).
    pub resolve: &'a dyn Fn(&Path, &str) -> Resolved,
    pub remotes: &'a [String],
    pub lock: Lock<'a>,
    /// Whether the walk started from the app's entries (else only its exposed modules).
    pub entries_known: bool,
    /// The config's `shared` (a function) and `additionalShared`, as read.
    pub shared_fn: Option<Value>,
    pub additional: Option<Value>,
    /// Where the options are, and their place.
    pub loc: Loc,
    pub place: Place,
    /// Project names (for `additionalShared` strings that name one).
    pub project_names: &'a HashMap<String, PathBuf>,
}

/// Nx's shared entries.
pub struct Shares {
    /// The `shared` object's entries (the config's function applied, then `additionalShared`).
    pub entries: Vec<Entry>,
    /// Keys whose entry is Nx's own (not replaced by the function) with the
    /// place its `requiredVersion` is read from.
    pub required_places: HashMap<String, Place>,
    /// Keys whose entry is Nx's own `{ requiredVersion: false }` of a workspace
    /// library without a version.
    pub unversioned: BTreeSet<String>,
    pub unknown: Vec<UnknownField>,
    pub notes: Vec<(Place, String)>,
}

/// A package's spec in the root package.json (`getDependencyVersionFromPackageJson`:
/// the first truthy one of `dependencies`, `devDependencies`).
enum Spec {
    None,
    /// `workspace:`, `file:`, `*`: Nx does not share it.
    WorkspaceProtocol(String),
    /// A `catalog:` reference, which Nx resolves through the package manager's catalog.
    Catalog(String),
    Version(String, Place),
    Unknown(String),
}

fn root_spec(disk: &Disk, pj_path: &Path, pj: &Value, name: &str) -> Spec {
    for field in ["dependencies", "devDependencies"] {
        let Lookup::Found(deps) = pj.get(field) else { continue };
        let Lookup::Found(v) = deps.get(name) else { continue };
        match &v.kind {
            Kind::Str(s) if s.is_empty() => continue,
            Kind::Str(s) => {
                let place = Place { file: disk.rel(pj_path), line: disk.line_of(pj_path, v.loc.start) };
                return if s == "*" || s.starts_with("workspace:") || s.starts_with("file:") {
                    Spec::WorkspaceProtocol(s.clone())
                } else if s.starts_with("catalog:") {
                    Spec::Catalog(s.clone())
                } else {
                    Spec::Version(s.clone(), place)
                };
            }
            _ if v.truthy() == Some(false) => continue,
            _ => return Spec::Unknown(format!("its `{field}` entry in the root package.json is not a string")),
        }
    }
    Spec::None
}

/// The result of a call of the config's `shared` function.
enum Called {
    /// `false`.
    False,
    /// Falsy: the entry stays.
    Keep,
    Replace(Value),
    Unknown(String),
}

fn called(v: Value) -> Called {
    match (&v.kind, v.truthy()) {
        (Kind::Bool(false), _) => Called::False,
        (_, Some(false)) => Called::Keep,
        (_, Some(true)) => Called::Replace(v),
        _ => Called::Unknown(fedscope_js::eval::describe_unknown(&v)),
    }
}

/// A shared entry being built.
struct Item {
    key: String,
    value: Value,
    /// Nx's own value (its requiredVersion's place), until the function replaces it.
    required_place: Option<Place>,
    /// Nx's own `{ requiredVersion: false }` of a library without a version.
    unversioned: bool,
}

fn object(props: Vec<(&str, Value)>, loc: Loc) -> Value {
    Value::new(
        Kind::Object(
            props.into_iter().map(|(k, v)| Entry::Prop { key: k.to_string(), key_loc: loc, value: v }).collect(),
        ),
        loc,
    )
}

fn boolean(b: bool, loc: Loc) -> Value {
    Value::new(Kind::Bool(b), loc)
}

/// `{ singleton: true, strictVersion: true, requiredVersion }` (`getNpmPackageSharedConfig`).
fn npm_config(spec: &str, loc: Loc) -> Value {
    object(
        vec![
            ("singleton", boolean(true, loc)),
            ("strictVersion", boolean(true, loc)),
            ("requiredVersion", Value::str(spec, loc)),
        ],
        loc,
    )
}

/// Nx's shared entries for the app (see the module's documentation), with
/// `call` the config's `shared` function when it has one.
pub fn shares(input: &Input, call: Option<&mut dyn FnMut(Vec<Value>) -> Value>) -> Shares {
    let mut out = Shares {
        entries: Vec::new(),
        required_places: HashMap::new(),
        unversioned: BTreeSet::new(),
        unknown: Vec::new(),
        notes: Vec::new(),
    };
    let disk = input.disk;
    let loc = input.loc;
    let place = input.place.clone();
    let unknown = |field: &str, why: String, out: &mut Shares| {
        out.unknown.push(UnknownField { field: field.into(), file: place.file.clone(), line: place.line, why })
    };
    let pj_path = input.ws.root.join("package.json");
    let root_pj = match disk.json(&pj_path) {
        Ok(v) => v,
        Err((e, _)) => {
            unknown(
                "shared",
                format!(
                    "Nx reads the shared packages' versions from the root package.json, which cannot be read ({e}); its build fails"
                ),
                &mut out,
            );
            return out;
        }
    };
    let (analyse_sources, analyse_lockfile) = input.ws.analyses(&root_pj);
    if !analyse_sources {
        unknown(
            "shared",
            "Nx's project graph does not read the sources' imports in this workspace (nx.json `pluginsConfig['@nx/js'].analyzeSourceFiles`, or no @nx/js, @nx/react, @nx/web … in the root package.json), so it links only what package.json files and `implicitDependencies` declare, which fedscope does not model".into(),
            &mut out,
        );
        return out;
    }
    let app_project = input.ws.project_of(input.app_root).map(|p| p.root.clone());
    // the reached files: their projects and what they import
    let mut libs: BTreeMap<PathBuf, &Project> = BTreeMap::new();
    let mut outside: Vec<String> = Vec::new();
    // npm package → where it is first imported
    let mut imported: BTreeMap<String, Place> = BTreeMap::new();
    // requests only the bundler inserts (`react/jsx-runtime`) → where
    let mut injected: BTreeMap<String, Place> = BTreeMap::new();
    for rel in input.walk.files.keys() {
        let file = disk.root.join(rel);
        match input.ws.project_of(&file) {
            Some(p) if Some(&p.root) == app_project.as_ref() => {}
            Some(p) => {
                libs.insert(p.root.clone(), p);
            }
            None => {
                outside.push(rel.clone());
                continue;
            }
        }
        let Some(imports) = input.cache.imports(&file) else { continue };
        for (imp, inserted) in imports {
            if imp.kind == fedscope_js::facts::ImportKind::LoadRemote {
                continue;
            }
            let spec = imp.specifier.as_str();
            if spec.starts_with('.') || spec.starts_with('/') || spec.starts_with("node:") {
                continue;
            }
            if input.remotes.iter().any(|a| crate::sources::names_remote(spec, a)) {
                continue;
            }
            let Some(package) = pkg::package_of_request(spec) else { continue };
            // `isBuiltinModuleImport`: no project
            if NODE_BUILTINS.contains(&package.as_str()) || crate::sources::is_builtin(&package) {
                continue;
            }
            // a workspace file (a tsconfig alias, a workspace package): a project, reached
            if !matches!((input.resolve)(&file, spec), Resolved::Package(_)) {
                continue;
            }
            let at = Place { file: rel.clone(), line: imp.line };
            if inserted {
                injected.entry(spec.to_string()).or_insert(at);
            } else {
                imported.entry(package).or_insert(at);
            }
        }
    }
    if !outside.is_empty() {
        unknown(
            "shared",
            format!(
                "the build reaches files in no Nx project here ({}{}): Nx links their imports to no project unless a project it infers (not from a project.json) holds them, so what it shares for them is not known",
                outside.iter().take(3).cloned().collect::<Vec<_>>().join(", "),
                if outside.len() > 3 { ", …" } else { "" }
            ),
            &mut out,
        );
    }
    if !input.entries_known {
        unknown(
            "shared",
            "Nx shares every npm package and workspace library the project's files import; fedscope reads the files the build reaches, and the app's entry is not known, so what only the entry's modules import is not listed".into(),
            &mut out,
        );
    }
    if input.walk.unknown.iter().any(|u| u.field == "sources") {
        unknown(
            "shared",
            "Nx shares every npm package the project's files import, and some files the build reaches are not read completely (see the `sources` entries): what they import is not known".into(),
            &mut out,
        );
    }
    let mut call = call;
    // keys the config's `shared` function removes
    let mut removed: Vec<String> = Vec::new();
    // 2. `mfConfig.shared(name, {}) !== false` filters the libraries, then the npm packages
    let mut filter = |name: &str| -> Result<bool, String> {
        let Some(f) = call.as_deref_mut() else { return Ok(true) };
        match called(f(vec![Value::str(name, loc), object(Vec::new(), loc)])) {
            Called::False => Ok(false),
            Called::Unknown(why) => Err(why),
            _ => Ok(true),
        }
    };
    // the workspace libraries
    let mut items: Vec<Item> = Vec::new();
    let mut unknown_keys: Vec<(String, String)> = Vec::new();
    let lib_list: Vec<&Project> = libs.values().copied().collect();
    if !lib_list.is_empty() {
        match &input.ws.paths {
            Err(why) => unknown("shared", format!("the workspace libraries {}: {why}", names(&lib_list)), &mut out),
            Ok((_, paths, _)) => {
                // `getLibraryImportPath`: the first `paths` key with a path in the library's source root
                let mut keyed: Vec<(&Project, String)> = Vec::new();
                for lib in &lib_list {
                    let key = paths
                        .iter()
                        .find(|(_, ps)| ps.iter().any(|p| p.starts_with(&lib.source_root)))
                        .map(|(k, _)| k.clone())
                        .or_else(|| lib.name.clone());
                    match key {
                        Some(k) => keyed.push((lib, k)),
                        None => unknown(
                            "shared",
                            format!(
                                "the workspace library in {} has no `paths` entry and no project name fedscope reads",
                                disk.rel(&lib.root)
                            ),
                            &mut out,
                        ),
                    }
                }
                let mut kept: Vec<(&Project, String)> = Vec::new();
                for (lib, key) in keyed {
                    match filter(&key) {
                        Ok(true) => kept.push((lib, key)),
                        Ok(false) => removed.push(key),
                        Err(why) => {
                            let why = format!("`shared('{key}', {{}})` returns {why}");
                            unknown_keys.push((key, why))
                        }
                    }
                }
                items.extend(libraries(input, &kept, paths, &mut out));
            }
        }
    }
    // 4. the npm packages
    let lock = match (&input.lock, analyse_lockfile) {
        (_, false) => Err(
            "nx.json turns off reading the lockfile (`pluginsConfig['@nx/js'].analyzeLockfile: false`), so Nx's project graph has no npm package"
                .to_string(),
        ),
        (Lock::Read(l), true) => Ok(*l),
        (Lock::Unknown(why), true) => Err(why.clone()),
    };
    let mut react_linked = false;
    let mut not_linked: Vec<String> = Vec::new();
    for (name, at) in &imported {
        let spec = root_spec(disk, &pj_path, &root_pj, name);
        let linked = match (&lock, &spec) {
            (Ok(l), Spec::Version(v, _)) => l.resolve(&input.ws.root, name, Some(v)).is_some(),
            (Ok(l), _) => l.resolve(&input.ws.root, name, None).is_some(),
            (Err(_), _) => false,
        };
        if linked && REACT_MARKERS.contains(&name.as_str()) {
            react_linked = true;
        }
        match filter(name) {
            Ok(true) => {}
            Ok(false) => {
                removed.push(name.clone());
                continue;
            }
            Err(why) => {
                unknown_keys.push((name.clone(), format!("`shared('{name}', {{}})` returns {why}")));
                continue;
            }
        }
        match spec {
            Spec::None => out.notes.push((
                at.clone(),
                format!(
                    "Nx does not share `{name}`: the root package.json lists no version for it{}; this app bundles its own copy",
                    if linked {
                        format!(" (the lockfile has it, so Nx's project graph links it and Nx warns `Could not find a version for \"{name}\" in the root \"package.json\" when collecting shared packages for the Module Federation setup. The package will not be shared.`)")
                    } else {
                        format!(" (Nx warns `Could not find a version for \"{name}\" in the root \"package.json\" …` when its project graph links it)")
                    }
                ),
            )),
            Spec::WorkspaceProtocol(v) => out.notes.push((
                at.clone(),
                format!(
                    "Nx does not share `{name}`: its version in the root package.json is `{v}` (Nx warns `Package \"{name}\" has a workspace protocol version \"{v}\" which cannot be used for Module Federation. … The package will not be shared.`); this app bundles its own copy"
                ),
            )),
            Spec::Catalog(v) => unknown_keys.push((
                name.clone(),
                format!("the root package.json names `{v}`, a catalog entry Nx resolves through the package manager's catalog, which fedscope does not read"),
            )),
            Spec::Unknown(why) => unknown_keys.push((name.clone(), why)),
            Spec::Version(v, vplace) => {
                if lock.is_err() {
                    not_linked.push(name.clone());
                    continue;
                }
                if !linked {
                    unknown_keys.push((
                        name.clone(),
                        format!(
                            "Nx shares `{name}` when its project graph has the package, which it reads from the lockfile, and the lockfile does not list `{name}` for the workspace root"
                        ),
                    ));
                    continue;
                }
                items.push(Item {
                    key: name.clone(),
                    value: npm_config(&v, loc),
                    required_place: Some(vplace.clone()),
                    unversioned: false,
                });
                match secondary_entry_points(disk, &input.ws.root, name) {
                    Ok(list) => {
                        for s in list {
                            items.push(Item {
                                key: s,
                                value: npm_config(&v, loc),
                                required_place: Some(vplace.clone()),
                                unversioned: false,
                            });
                        }
                    }
                    Err(why) => out.entries.push(Entry::Spread(Value::unknown(
                        format!("Nx also shares the secondary entry points of `{name}` it finds in the installed package: {why}"),
                        loc,
                    ))),
                }
            }
        }
    }
    if let Err(why) = &lock
        && !not_linked.is_empty()
    {
        unknown(
            "shared",
            format!(
                "Nx shares {} as {{ singleton: true, strictVersion: true, requiredVersion: <root package.json range> }} when its project graph links them, and {why}",
                quoted(&not_linked)
            ),
            &mut out,
        );
    }
    // requests the bundler inserts: shared when Nx shares their package, which the
    // files the build reaches do not import
    for (request, at) in &injected {
        let Some(package) = pkg::package_of_request(request) else { continue };
        if imported.contains_key(&package) {
            continue;
        }
        if matches!(root_spec(disk, &pj_path, &root_pj, &package), Spec::None | Spec::WorkspaceProtocol(_)) {
            continue;
        }
        let relevant = match secondary_entry_points(disk, &input.ws.root, &package) {
            Ok(list) => list.iter().any(|s| s == request),
            Err(_) => true,
        };
        if relevant {
            out.unknown.push(UnknownField {
                field: format!("shared.{request}"),
                file: at.file.clone(),
                line: at.line,
                why: format!(
                    "`{request}` is imported by the automatic JSX runtime, not by the sources; Nx shares it (a secondary entry point of `{package}`) when its project graph links `{package}` to the project, i.e. some file of the project or of its libraries imports `{package}`, and no file the build reaches does"
                ),
            });
        }
    }
    // 5. React projects: eager react, react-dom, react-router-dom, react-router
    for item in &mut items {
        if !EAGER_REACT.contains(&item.key.as_str()) {
            continue;
        }
        let eager = if react_linked {
            boolean(true, loc)
        } else {
            Value::unknown(
                "Nx makes it eager in a React project (one its project graph links to react, react-dom, @types/react or @types/react-dom), and the files the build reaches import none of them",
                loc,
            )
        };
        if let Kind::Object(entries) = &mut item.value.kind {
            entries.push(Entry::Prop { key: "eager".into(), key_loc: loc, value: eager });
        }
    }
    // 6. `shared(name, config)` on every entry
    if let Some(f) = call {
        let mut kept = Vec::new();
        for mut item in items {
            match called(f(vec![Value::str(&item.key, loc), item.value.clone()])) {
                Called::False => {
                    removed.push(item.key);
                    continue;
                }
                Called::Keep => {}
                Called::Replace(v) => {
                    if v != item.value {
                        item.required_place = None;
                        item.unversioned = false;
                    }
                    item.value = v;
                }
                Called::Unknown(why) => {
                    item.value = Value::unknown(format!("`shared('{}', …)` returns {why}", item.key), loc);
                    item.required_place = None;
                    item.unversioned = false;
                }
            }
            kept.push(item);
        }
        items = kept;
    } else if let Some(v) = &input.shared_fn {
        // a function fedscope cannot call here
        let why = match &v.kind {
            Kind::Unknown(w) => w.clone(),
            _ => fedscope_js::eval::describe_unknown(v),
        };
        unknown(
            "shared",
            format!(
                "Nx passes every shared entry through the config's `shared` function, which fedscope cannot call here ({why})"
            ),
            &mut out,
        );
        items.clear();
        out.entries.clear();
    }
    for (key, why) in unknown_keys {
        out.entries.push(Entry::Prop { key, key_loc: loc, value: Value::unknown(why, loc) });
    }
    if !removed.is_empty() {
        out.notes.push((
            place.clone(),
            format!("the config's `shared` function returns `false` for {}: Nx does not share them", quoted(&removed)),
        ));
    }
    for item in items {
        if let Some(p) = item.required_place {
            out.required_places.insert(item.key.clone(), p);
        }
        if item.unversioned {
            out.unversioned.insert(item.key.clone());
        }
        out.entries.push(Entry::Prop { key: item.key, key_loc: loc, value: item.value });
    }
    // 7. additionalShared
    if let Some(extra) = &input.additional {
        additional_shared(input, extra, &lock, &pj_path, &root_pj, &mut out);
    }
    out.notes.push((
        place,
        "Nx shares what its project graph links to the project; fedscope lists the npm packages and workspace libraries the files the build reaches import. Nx's graph also links packages that only other files of the project import (tests, stories, unused modules): Nx shares those too, but a build provides and consumes a shared module only when it imports it, so they never take part at runtime and are not listed".into(),
    ));
    out
}

fn names(libs: &[&Project]) -> String {
    libs.iter()
        .map(|l| format!("`{}`", l.name.clone().unwrap_or_else(|| l.root.display().to_string())))
        .collect::<Vec<_>>()
        .join(", ")
}

fn quoted(list: &[String]) -> String {
    list.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

/// `shareWorkspaceLibraries(libs).getLibraries(project.root)`: in the order of
/// the `paths` keys, deepest first (`b.split('/').length - a.split('/').length`,
/// a stable sort), each library with a key; then those without one when the
/// counts differ. The version is the app's package.json's (`workspace:`,
/// `file:`, `*` replaced by the library's own version), else the library's own
/// package.json's; note that Nx keeps the last library package.json it read
/// as the "app's" for the next library.
fn libraries(
    input: &Input,
    kept: &[(&Project, String)],
    paths: &[(String, Vec<String>)],
    out: &mut Shares,
) -> Vec<Item> {
    let disk = input.disk;
    let loc = input.loc;
    let mut sorted: Vec<&(String, Vec<String>)> = paths.iter().collect();
    sorted.sort_by_key(|(k, _)| std::cmp::Reverse(k.split('/').count()));
    let own_version = |lib: &Project| -> Option<(String, Place)> {
        let p = lib.root.join("package.json");
        let v = disk.json(&p).ok()?;
        match v.get("version") {
            Lookup::Found(x) => x
                .as_str()
                .filter(|s| !s.is_empty())
                .map(|s| (s.to_string(), Place { file: disk.rel(&p), line: disk.line_of(&p, x.loc.start) })),
            _ => None,
        }
    };
    let protocol = |s: &str| s == "*" || s.starts_with("workspace:") || s.starts_with("file:");
    // the package.json Nx reads a library's version from first (the app's, then the last library's)
    let app_pj = input.app_root.join("package.json");
    let mut current: Option<PathBuf> = app_pj.is_file().then_some(app_pj);
    let spec_in = |pj: &Path, name: &str| -> Option<(String, Place)> {
        let v = disk.json(pj).ok()?;
        ["dependencies", "devDependencies"].iter().find_map(|f| {
            let s = pkg::dep_spec(disk, pj, &v, f, name)?;
            (!s.text.is_empty()).then_some((s.text, s.place))
        })
    };
    let mut items = Vec::new();
    let value_of = |version: Option<(String, Place)>| -> (Value, Option<Place>) {
        match version {
            Some((v, p)) => (
                object(
                    vec![
                        ("requiredVersion", Value::str(v, loc)),
                        ("singleton", boolean(true, loc)),
                        ("eager", Value::new(Kind::Undefined, loc)),
                    ],
                    loc,
                ),
                Some(p),
            ),
            None => (
                object(
                    vec![("requiredVersion", boolean(false, loc)), ("eager", Value::new(Kind::Undefined, loc))],
                    loc,
                ),
                None,
            ),
        }
    };
    for (key, _) in &sorted {
        let Some((lib, _)) = kept.iter().find(|(_, k)| k == key) else { continue };
        if lib.root.join("ng-package.json").exists() {
            out.entries.push(Entry::Spread(Value::unknown(
                format!("Nx also shares the secondary entry points of the Angular library `{key}` (ng-package.json), which fedscope does not read"),
                loc,
            )));
        }
        let mut version = current.as_ref().and_then(|pj| spec_in(pj, key));
        if let Some((v, _)) = &version
            && protocol(v)
        {
            version = own_version(lib);
        }
        if version.is_none() {
            let own = lib.root.join("package.json");
            if own.is_file() {
                current = Some(own);
                version = own_version(lib);
            }
        }
        let unversioned = version.is_none();
        let (value, required_place) = value_of(version);
        items.push(Item { key: key.clone(), value, required_place, unversioned });
    }
    if sorted.len() != kept.len() {
        for (lib, key) in kept {
            if paths.iter().any(|(k, _)| k == key) {
                continue;
            }
            let mut version = current.as_ref().and_then(|pj| spec_in(pj, key));
            if let Some((v, _)) = &version
                && protocol(v)
            {
                version = own_version(lib);
            }
            let unversioned = version.is_none();
            let (value, required_place) = value_of(version);
            items.push(Item { key: key.clone(), value, required_place, unversioned });
        }
    }
    items
}

/// `applyAdditionalShared`: a `[name, config]` pair and a `{ libraryName,
/// sharedConfig }` object as written; a name: a project's `{ requiredVersion:
/// false }`, else an npm node's root package.json config (nothing without a
/// version), else nothing (`addStringDependencyToSharedConfig` computes a
/// config for a package the graph does not have and drops it).
fn additional_shared(
    input: &Input,
    extra: &Value,
    lock: &Result<&Lockfile, String>,
    pj_path: &Path,
    root_pj: &Value,
    out: &mut Shares,
) {
    let disk = input.disk;
    let Kind::Array(items) = &extra.kind else {
        out.entries.push(Entry::Spread(Value::unknown(
            format!("additionalShared: {}", fedscope_js::eval::describe_unknown(extra)),
            extra.loc,
        )));
        return;
    };
    for item in items {
        match &item.kind {
            Kind::Str(dep) => {
                out.required_places.remove(dep);
                out.unversioned.remove(dep);
                let value = if input.project_names.contains_key(dep) {
                    Some(object(vec![("requiredVersion", boolean(false, item.loc))], item.loc))
                } else {
                    match root_spec(disk, pj_path, root_pj, dep) {
                        Spec::None | Spec::WorkspaceProtocol(_) => {
                            out.notes.push((
                                input.place.clone(),
                                format!("Nx does not share `{dep}` of additionalShared: the root package.json lists no version for it that Nx uses"),
                            ));
                            None
                        }
                        Spec::Catalog(v) => Some(Value::unknown(
                            format!(
                                "the root package.json names `{v}`, a catalog entry Nx resolves through the package manager's catalog, which fedscope does not read"
                            ),
                            item.loc,
                        )),
                        Spec::Unknown(why) => Some(Value::unknown(why, item.loc)),
                        Spec::Version(v, p) => match lock {
                            Ok(l) if l.resolve(&input.ws.root, dep, Some(&v)).is_some() => {
                                out.required_places.insert(dep.clone(), p);
                                Some(npm_config(&v, item.loc))
                            }
                            Ok(_) => Some(Value::unknown(
                                format!(
                                    "Nx shares `{dep}` of additionalShared when its project graph has the package, which it reads from the lockfile, and the lockfile does not list `{dep}` for the workspace root"
                                ),
                                item.loc,
                            )),
                            Err(why) => Some(Value::unknown(
                                format!(
                                    "Nx shares `{dep}` of additionalShared when its project graph has the package, and {why}"
                                ),
                                item.loc,
                            )),
                        },
                    }
                };
                if let Some(value) = value {
                    out.entries.push(Entry::Prop { key: dep.clone(), key_loc: item.loc, value });
                }
            }
            Kind::Array(pair) if pair.len() == 2 && pair[0].as_str().is_some() => {
                let key = pair[0].as_str().unwrap_or_default().to_string();
                out.required_places.remove(&key);
                out.unversioned.remove(&key);
                out.entries.push(Entry::Prop { key, key_loc: item.loc, value: pair[1].clone() })
            }
            Kind::Object(_) => match (item.get("libraryName"), item.get("sharedConfig")) {
                (Lookup::Found(n), Lookup::Found(c)) if n.as_str().is_some() => {
                    let key = n.as_str().unwrap_or_default().to_string();
                    out.required_places.remove(&key);
                    out.unversioned.remove(&key);
                    out.entries.push(Entry::Prop { key, key_loc: item.loc, value: c.clone() })
                }
                _ => out
                    .entries
                    .push(Entry::Spread(Value::unknown("an additionalShared item that is not known", item.loc))),
            },
            _ => out.entries.push(Entry::Spread(Value::unknown(
                format!("an additionalShared item: {}", fedscope_js::eval::describe_unknown(item)),
                item.loc,
            ))),
        }
    }
}

/// `collectPackageSecondaryEntryPoints(pkg)`: the installed package's
/// (resolved from the workspace root) `exports` keys whose `default` (or
/// `default.default`) target is a string, then every directory under it (not
/// `node_modules`, not through links) that either has a package.json named
/// `<pkg>/<dir>` which Node resolves, or is an `exports` key itself.
pub fn secondary_entry_points(disk: &Disk, ws_root: &Path, package: &str) -> Result<Vec<String>, String> {
    let dir = pkg::installed_dir(disk, ws_root, package)
        .ok_or_else(|| format!("`{package}` is not installed, so they are not known"))?;
    let pj_path = dir.join("package.json");
    let pj = disk.json(&pj_path).map_err(|(e, _)| format!("{} cannot be read ({e})", disk.rel(&pj_path)))?;
    let mut out: Vec<String> = vec![package.to_string()];
    let exports = match pj.get("exports") {
        Lookup::Found(e) if e.truthy() == Some(true) => Some(e.clone()),
        Lookup::Found(e) if e.truthy().is_none() => {
            return Err(format!("the `exports` of {} is not known", disk.rel(&pj_path)));
        }
        _ => None,
    };
    if let Some(ex) = &exports {
        let entries: Vec<(String, Value)> = match &ex.kind {
            Kind::Object(_) => ex.props().0.into_iter().map(|(k, v)| (k.to_string(), v.clone())).collect(),
            Kind::Array(items) => items.iter().enumerate().map(|(i, v)| (i.to_string(), v.clone())).collect(),
            _ => Vec::new(),
        };
        for (key, target) in entries {
            let default = match target.get("default") {
                Lookup::Found(d) if matches!(d.kind, Kind::Object(_)) => match d.get("default") {
                    Lookup::Found(x) => Some(x.clone()),
                    _ => None,
                },
                Lookup::Found(d) if matches!(target.kind, Kind::Object(_)) => Some(d.clone()),
                _ => None,
            };
            let Some(default) = default else { continue };
            match &default.kind {
                // `defaultExportOptions?.search(/\.(js|mjs|cjs)$/)`: truthy unless it matches at 0
                Kind::Str(s) if [".js", ".mjs", ".cjs"].contains(&s.as_str()) => continue,
                Kind::Str(_) => {}
                Kind::Undefined | Kind::Null => continue,
                _ => {
                    return Err(format!(
                        "the `exports` of {} has a `default` target that is not a string under `{key}`, on which Nx's build throws",
                        disk.rel(&pj_path)
                    ));
                }
            }
            let mut name = join_fragments(package, &key);
            if name.ends_with(".json") {
                name = match name.rfind('/') {
                    Some(i) => name[..i].to_string(),
                    None => ".".into(),
                };
            }
            if name == "." || out.contains(&name) {
                continue;
            }
            out.push(name);
        }
    }
    // the directories under the package
    let mut visited = 0usize;
    let mut stack = vec![dir.clone()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else { continue };
        let mut subdirs: Vec<PathBuf> = rd
            .filter_map(Result::ok)
            .filter(|e| e.file_name() != "node_modules")
            .map(|e| e.path())
            .filter(|p| p.symlink_metadata().is_ok_and(|m| m.is_dir()))
            .collect();
        subdirs.sort();
        for s in subdirs.iter().rev() {
            stack.push(s.clone());
        }
        for s in subdirs {
            visited += 1;
            if visited > MAX_PACKAGE_DIRS {
                return Err(format!(
                    "Nx looks for them in every directory of {}, more than fedscope walks",
                    disk.rel(&dir)
                ));
            }
            let rel = rel_to(&dir, &s);
            let name = join_fragments(package, &rel);
            let nested = s.join("package.json");
            if nested.exists() {
                if node_resolves(disk, &dir, &pj, &rel)?
                    && let Ok(v) = disk.json(&nested)
                    && pkg::name(&v) == Some(name.as_str())
                {
                    out.push(name);
                }
            } else if let Some(ex) = &exports
                && matches!(ex.kind, Kind::Object(_))
                && matches!(ex.get(&format!("./{rel}")), Lookup::Found(v) if v.truthy() == Some(true))
            {
                out.push(name);
            }
        }
    }
    out.remove(0);
    let mut seen = BTreeSet::new();
    out.retain(|n| seen.insert(n.clone()));
    Ok(out)
}

/// Whether Node's `require.resolve('<package>/<sub>')` finds a file (the
/// `exports` map with the `node`, `require`, `default` conditions; else the
/// file, then the directory's `main` or `index`).
fn node_resolves(disk: &Disk, dir: &Path, pj: &Value, sub: &str) -> Result<bool, String> {
    let file = |p: &Path| disk.is_file(p);
    let as_file = |p: &Path| {
        let s = p.to_string_lossy().to_string();
        file(p) || ["js", "json", "node"].iter().any(|e| file(Path::new(&format!("{s}.{e}"))))
    };
    let as_index = |p: &Path| ["index.js", "index.json", "index.node"].iter().any(|i| file(&p.join(i)));
    match pj.get("exports") {
        Lookup::Found(e) if !matches!(e.kind, Kind::Null | Kind::Undefined) => {
            let key = format!("./{sub}");
            let subpaths = match &e.kind {
                Kind::Object(entries) => {
                    entries.iter().any(|x| matches!(x, Entry::Prop { key, .. } if key.starts_with('.')))
                }
                _ => false,
            };
            if !subpaths {
                return Ok(false);
            }
            let (target, star) = match e.get(&key) {
                Lookup::Found(t) if !key.contains('*') => (t.clone(), None),
                _ => {
                    let best = e
                        .props()
                        .0
                        .into_iter()
                        .filter_map(|(k, t)| {
                            let (pre, post) = k.split_once('*')?;
                            let rest = key.strip_prefix(pre)?.strip_suffix(post)?;
                            (key.len() >= k.len()).then(|| (pre.len(), k.len(), t.clone(), rest.to_string()))
                        })
                        .max_by_key(|(p, l, ..)| (*p, *l));
                    match best {
                        Some((_, _, t, rest)) => (t, Some(rest)),
                        None => return Ok(false),
                    }
                }
            };
            fn pick(v: &Value) -> Result<Option<String>, String> {
                match &v.kind {
                    Kind::Str(s) => Ok(Some(s.clone())),
                    Kind::Array(items) => {
                        for i in items {
                            if let Some(t) = pick(i)? {
                                return Ok(Some(t));
                            }
                        }
                        Ok(None)
                    }
                    Kind::Object(_) => {
                        for (c, x) in v.props().0 {
                            if c == "module-sync" {
                                return Err(
                                    "its `exports` uses the `module-sync` condition, which depends on the Node version"
                                        .into(),
                                );
                            }
                            if ["node", "require", "default"].contains(&c)
                                && let Some(t) = pick(x)?
                            {
                                return Ok(Some(t));
                            }
                        }
                        Ok(None)
                    }
                    _ => Ok(None),
                }
            }
            let Some(t) = pick(&target)? else { return Ok(false) };
            let t = match star {
                Some(rest) => t.replace('*', &rest),
                None => t,
            };
            if !t.starts_with("./") {
                return Ok(false);
            }
            Ok(file(&crate::disk::normalize(&dir.join(&t))))
        }
        _ => {
            let base = dir.join(sub);
            if as_file(&base) {
                return Ok(true);
            }
            let main = disk.json(&base.join("package.json")).ok().and_then(|v| match v.get("main") {
                Lookup::Found(m) => m.as_str().filter(|s| !s.is_empty()).map(String::from),
                _ => None,
            });
            if let Some(m) = main {
                let m = crate::disk::normalize(&base.join(m));
                if as_file(&m) || as_index(&m) {
                    return Ok(true);
                }
            }
            Ok(as_index(&base))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_join_as_node() {
        assert_eq!(join_fragments("react", "./jsx-runtime"), "react/jsx-runtime");
        assert_eq!(join_fragments("react", "."), "react");
        assert_eq!(join_fragments("@s/p", "./package.json"), "@s/p/package.json");
        assert_eq!(join_fragments("p", "import"), "p/import");
        assert_eq!(join_fragments("p", "./*"), "p/*");
        assert_eq!(join_fragments("p", "./sub/"), "p/sub/");
        assert_eq!(join_fragments("libs/a", "src"), "libs/a/src");
    }

    fn write(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// `collectPackageSecondaryEntryPoints` as @nx/module-federation 23.2.1 runs it.
    #[test]
    fn secondary_entry_points_as_nx_collects_them() {
        let root = std::env::temp_dir().join(format!("fedscope-nx-secondaries-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        // react 18.3.1: string targets are not collected (no `default`), an object's `default` is
        write(
            &root,
            "node_modules/react-dom/package.json",
            r#"{ "name": "react-dom", "version": "18.3.1", "exports": { ".": "./index.js", "./client": "./client.js",
                 "./server": { "browser": "./server.browser.js", "default": "./server.node.js" },
                 "./package.json": "./package.json" } }"#,
        );
        // `default.default`, a `.json` key (its directory), conditions as keys (`p/import`),
        // and a directory exported by the map
        write(
            &root,
            "node_modules/p/package.json",
            r#"{ "name": "p", "version": "1.0.0", "exports": {
                 ".": { "import": "./i.mjs", "default": { "types": "./i.d.ts", "default": "./i.js" } },
                 "./vanilla": { "default": { "default": "./vanilla.js" } },
                 "./locales/en.json": { "default": "./locales/en.json" },
                 "import": { "default": "./x.js" },
                 "./dir": { "require": "./dir/index.js" } } }"#,
        );
        write(&root, "node_modules/p/dir/index.js", "");
        // no `exports`: a nested package.json named `<pkg>/<dir>` that Node resolves (`main`), not
        // one without a name, not one whose main is missing, not in node_modules
        write(&root, "node_modules/q/package.json", r#"{ "name": "q", "version": "2.0.0" }"#);
        write(&root, "node_modules/q/hooks/package.json", r#"{ "name": "q/hooks", "main": "./dist/hooks.js" }"#);
        write(&root, "node_modules/q/hooks/dist/hooks.js", "");
        write(&root, "node_modules/q/compat/package.json", r#"{ "main": "./index.js" }"#);
        write(&root, "node_modules/q/compat/index.js", "");
        write(&root, "node_modules/q/gone/package.json", r#"{ "name": "q/gone", "main": "./missing.js" }"#);
        write(&root, "node_modules/q/node_modules/r/package.json", r#"{ "name": "q/node_modules/r" }"#);
        // `exports` and a nested package.json: only when the map exports the subpath
        write(
            &root,
            "node_modules/s/package.json",
            r#"{ "name": "s", "version": "3.0.0", "exports": { ".": "./index.js", "./a": { "node": "./a/index.js" } } }"#,
        );
        write(&root, "node_modules/s/a/package.json", r#"{ "name": "s/a" }"#);
        write(&root, "node_modules/s/a/index.js", "");
        write(&root, "node_modules/s/b/package.json", r#"{ "name": "s/b", "main": "index.js" }"#);
        write(&root, "node_modules/s/b/index.js", "");
        let disk = Disk::new(&root);
        let list = |p: &str| secondary_entry_points(&disk, &root, p).unwrap();
        assert_eq!(list("react-dom"), vec!["react-dom/server"]);
        assert_eq!(list("p"), vec!["p/vanilla", "p/locales", "p/import", "p/dir"]);
        assert_eq!(list("q"), vec!["q/hooks"]);
        assert_eq!(list("s"), vec!["s/a"]);
        assert!(secondary_entry_points(&disk, &root, "absent").unwrap_err().contains("not installed"));
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn tsconfig_paths_resolve_as_typescript() {
        let root = std::env::temp_dir().join(format!("fedscope-nx-paths-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        write(&root, "nx.json", "{}");
        write(
            &root,
            "tsconfig.base.json",
            r#"{ // comments and trailing commas, as tsconfig allows
                "compilerOptions": { "baseUrl": ".", "paths": {
                  "@acme/ui": ["libs/ui/src/index.ts"],
                  "@acme/*": ["libs/*/src/index.ts"],
                  "@acme/x/*": ["libs/x/src/*"],
                  "*": ["node_modules/*"],
                }, },
            }"#,
        );
        write(&root, "libs/ui/src/index.ts", "");
        write(&root, "libs/data/src/index.ts", "");
        write(&root, "libs/x/src/deep/mod.ts", "");
        write(&root, "libs/ui/project.json", r#"{ "name": "ui" }"#);
        write(&root, "apps/a/project.json", r#"{ "name": "a", "sourceRoot": "apps/a/src" }"#);
        let disk = Disk::new(&root);
        let host = crate::host::WorkspaceHost {
            disk: &disk,
            packages: HashMap::new(),
            evaluated: Default::default(),
            resolved: Default::default(),
        };
        let pjs = vec![root.join("libs/ui/project.json"), root.join("apps/a/project.json")];
        let ws = workspace(&disk, &root.join("apps/a"), &pjs).unwrap();
        let rel = |r: &str| ws.alias(&host, r).map(|p| disk.rel(&p));
        assert_eq!(rel("@acme/ui").as_deref(), Some("libs/ui/src/index.ts"));
        assert_eq!(rel("@acme/data").as_deref(), Some("libs/data/src/index.ts"));
        // the longest prefix wins
        assert_eq!(rel("@acme/x/deep/mod").as_deref(), Some("libs/x/src/deep/mod.ts"));
        // no such file, a catch-all into node_modules: not an alias
        assert_eq!(rel("@acme/none"), None);
        assert_eq!(rel("react"), None);
        // `sourceRoot`, else `<root>/src` when it exists
        let src: Vec<&str> = ws.projects.iter().map(|p| p.source_root.as_str()).collect();
        assert_eq!(src, vec!["libs/ui/src", "apps/a/src"]);
        let _ = std::fs::remove_dir_all(&root);
    }

    /// `detectPackageManager` and `getLockFileName`: the lockfile Nx reads its npm nodes from.
    #[test]
    fn the_lockfile_nx_reads() {
        let root = std::env::temp_dir().join(format!("fedscope-nx-lock-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let ws = |nx_json: &str, files: &[&str]| {
            let _ = std::fs::remove_dir_all(&root);
            write(&root, "nx.json", nx_json);
            write(&root, "tsconfig.base.json", "{}");
            for f in files {
                write(&root, f, "");
            }
            let disk = Disk::new(&root);
            workspace(&disk, &root, &[]).unwrap().lockfile().map(|p| rel_to(&root, &p))
        };
        assert_eq!(ws("{}", &["package-lock.json"]).as_deref(), Ok("package-lock.json"));
        // yarn before pnpm before npm
        assert_eq!(ws("{}", &["package-lock.json", "yarn.lock"]).as_deref(), Ok("yarn.lock"));
        assert_eq!(ws("{}", &["package-lock.json", "pnpm-lock.yaml"]).as_deref(), Ok("pnpm-lock.yaml"));
        // nx.json's package manager wins: its lockfile or none
        let pnpm = r#"{ "cli": { "packageManager": "pnpm" } }"#;
        assert!(ws(pnpm, &["package-lock.json"]).unwrap_err().contains("no pnpm-lock.yaml"));
        assert!(ws("{}", &[]).unwrap_err().contains("no package-lock.json"));
        assert!(ws("{}", &["bun.lock", "yarn.lock"]).unwrap_err().contains("bun"));
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn tsconfig_comments_and_trailing_commas() {
        let t = "{\n  // c\n  \"a\": [1, 2,], /* x */ \"b\": \"//not\",\n}";
        let v = fedscope_js::json::parse(&strip_jsonc(t), 0).unwrap();
        assert!(matches!(v.get("b"), Lookup::Found(x) if x.as_str() == Some("//not")));
        assert!(matches!(v.get("a"), Lookup::Found(Value { kind: Kind::Array(items), .. }) if items.len() == 2));
    }
}
