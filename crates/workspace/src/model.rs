//! The workspace graph of `../shared/spec/graph.md` (contract, version 1):
//! apps with their federation options resolved, groups, and what could not
//! be determined. Fields beyond the contract are optional additions.

use serde_json::{Map, Value as Json, json};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bundler {
    Webpack,
    Rspack,
    Rsbuild,
    Vite,
    Next,
    Modernjs,
    Nx,
    NativeFederation,
    Unknown,
}

impl Bundler {
    pub fn as_str(self) -> &'static str {
        match self {
            Bundler::Webpack => "webpack",
            Bundler::Rspack => "rspack",
            Bundler::Rsbuild => "rsbuild",
            Bundler::Vite => "vite",
            Bundler::Next => "next",
            Bundler::Modernjs => "modernjs",
            Bundler::Nx => "nx",
            Bundler::NativeFederation => "native-federation",
            Bundler::Unknown => "unknown",
        }
    }
}

/// Which share-scope runtime the app's page code runs (the scenario contract's
/// `runtime`); `Unknown` for runtimes fedscope does not model (Native
/// Federation's import maps, the originjs Vite plugin).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuntimeKind {
    Webpack,
    Mf2,
    Unknown,
}

impl RuntimeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RuntimeKind::Webpack => "webpack",
            RuntimeKind::Mf2 => "mf2",
            RuntimeKind::Unknown => "unknown",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Static,
    Manifest,
    Eval,
}

impl Source {
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Static => "static",
            Source::Manifest => "manifest",
            Source::Eval => "eval",
        }
    }
}

/// A place in a file of the workspace (relative path, 1-based line).
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Place {
    pub file: String,
    pub line: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Remote {
    /// The import prefix the app uses (`cart` in `import('cart/Store')`).
    pub alias: String,
    /// The remote container's MF name, when known.
    pub name: Option<String>,
    /// The remote entry (URL, or `name@url`'s URL), when known.
    pub entry: Option<String>,
    pub place: Place,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Expose {
    pub name: String,
    /// The exposed file, relative to the analysed directory, when it resolves.
    pub file: Option<String>,
    /// The request as written.
    pub request: String,
    pub place: Place,
}

/// `requiredVersion` after the bundler's defaults.
#[derive(Clone, Debug, PartialEq)]
pub enum Required {
    Range(String),
    /// Checks off: `false` in the config, or no range found.
    Off,
}

/// Where a resolved value came from (an addition to the contract).
#[derive(Clone, Debug, PartialEq)]
pub enum Origin {
    /// Written in the config.
    Config(Place),
    /// Inferred by the bundler from a package.json (webpack's search).
    PackageJson(Place),
    /// The installed package's package.json.
    Installed(String),
    /// The lockfile's resolution.
    Lockfile(Place),
    /// A built manifest.
    Manifest(String),
    /// A bundler or framework default.
    Default(&'static str),
    /// Not determined (see `unknown`).
    None,
}

impl Origin {
    fn to_json(&self) -> Json {
        match self {
            Origin::Config(p) => json!({ "from": "config", "file": p.file, "line": p.line }),
            Origin::PackageJson(p) => json!({ "from": "package.json", "file": p.file, "line": p.line }),
            Origin::Installed(f) => json!({ "from": "installed", "file": f }),
            Origin::Lockfile(p) => json!({ "from": "lockfile", "file": p.file, "line": p.line }),
            Origin::Manifest(f) => json!({ "from": "manifest", "file": f }),
            Origin::Default(why) => json!({ "from": "default", "why": why }),
            Origin::None => json!({ "from": "none" }),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Shared {
    pub key: String,
    /// The version this app provides; `None` with `import: false` or when unknown.
    pub version: Option<String>,
    pub required_version: Required,
    pub singleton: bool,
    pub strict_version: bool,
    pub eager: bool,
    /// `false`: consume only.
    pub import: bool,
    pub share_scope: Vec<String>,
    /// Additions: where the values came from.
    pub version_origin: Origin,
    pub required_origin: Origin,
    /// The config entry (or the framework rule) that declares the share.
    pub place: Place,
    /// `shareKey` when it differs from the key; the package a prefix key (`lib/`) shares.
    pub share_key: Option<String>,
    pub package: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct UnknownField {
    pub field: String,
    pub file: String,
    pub line: u32,
    pub why: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct App {
    pub name: String,
    pub root: String,
    pub config: String,
    pub source: Source,
    pub bundler: Bundler,
    pub runtime: RuntimeKind,
    pub remotes: Vec<Remote>,
    pub exposes: Vec<Expose>,
    pub shared: Vec<Shared>,
    pub unknown: Vec<UnknownField>,
    // additions
    pub package: Option<String>,
    pub unique_name: Option<String>,
    pub share_strategy: Option<String>,
    pub runtime_plugins: Vec<String>,
    pub async_startup: bool,
    pub port: Option<u16>,
    pub other_configs: Vec<String>,
    pub notes: Vec<(Place, String)>,
    /// What the app's sources import (entries, exposed modules).
    pub sources: crate::sources::SourceFacts,
    /// What its lockfile resolves for it (not output).
    pub lock: Option<crate::pm::AppLock>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// The app that loads the others (for a cycle, the first by name).
    pub host: String,
    pub apps: Vec<String>,
    /// The same as indices into `Graph::apps` (names can repeat across a
    /// repository of examples): the host, and every member.
    pub host_index: usize,
    pub indices: Vec<usize>,
}

/// A file that could not be read as what it should be; analysis went on.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct FileProblem {
    pub file: String,
    pub line: Option<u32>,
    pub message: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Graph {
    pub apps: Vec<App>,
    pub groups: Vec<Group>,
    pub problems: Vec<FileProblem>,
    /// Every file the analysis read (absolute paths, sorted; each was read
    /// once), when [`crate::Options::files_read`] asks for it: for the
    /// benchmark, which parses the same files bare. Not output.
    pub files_read: Vec<std::path::PathBuf>,
    /// The lockfiles read, with the package manager's settings (not output).
    pub lockfiles: Vec<crate::pm::LockfileInfo>,
}

fn place(p: &Place) -> Json {
    json!({ "file": p.file, "line": p.line })
}

impl Graph {
    /// The contract JSON (`fedscope graph --format json`).
    pub fn to_json(&self) -> Json {
        let apps: Vec<Json> = self.apps.iter().map(App::to_json).collect();
        let groups: Vec<Json> = self.groups.iter().map(|g| json!({ "host": g.host, "apps": g.apps })).collect();
        let problems: Vec<Json> =
            self.problems.iter().map(|p| json!({ "file": p.file, "line": p.line, "message": p.message })).collect();
        json!({ "version": 1, "apps": apps, "instances": [], "groups": groups, "problems": problems })
    }
}

impl App {
    pub fn to_json(&self) -> Json {
        let mut m = Map::new();
        m.insert("name".into(), self.name.clone().into());
        m.insert("root".into(), self.root.clone().into());
        m.insert("config".into(), self.config.clone().into());
        m.insert("source".into(), self.source.as_str().into());
        m.insert("bundler".into(), self.bundler.as_str().into());
        m.insert("runtime".into(), self.runtime.as_str().into());
        m.insert(
            "remotes".into(),
            self.remotes
                .iter()
                .map(|r| json!({ "alias": r.alias, "name": r.name, "entry": r.entry, "place": place(&r.place) }))
                .collect::<Vec<_>>()
                .into(),
        );
        m.insert(
            "exposes".into(),
            self.exposes
                .iter()
                .map(|e| json!({ "name": e.name, "file": e.file, "request": e.request, "place": place(&e.place) }))
                .collect::<Vec<_>>()
                .into(),
        );
        m.insert(
            "shared".into(),
            self.shared
                .iter()
                .map(|s| {
                    let mut o = Map::new();
                    o.insert("key".into(), s.key.clone().into());
                    o.insert("version".into(), s.version.clone().into());
                    o.insert(
                        "requiredVersion".into(),
                        match &s.required_version {
                            Required::Range(r) => r.clone().into(),
                            Required::Off => false.into(),
                        },
                    );
                    o.insert("singleton".into(), s.singleton.into());
                    o.insert("strictVersion".into(), s.strict_version.into());
                    o.insert("eager".into(), s.eager.into());
                    o.insert("import".into(), s.import.into());
                    if s.share_scope.len() == 1 {
                        o.insert("shareScope".into(), s.share_scope[0].clone().into());
                    } else {
                        o.insert("shareScope".into(), s.share_scope.clone().into());
                    }
                    if let Some(k) = &s.share_key {
                        o.insert("shareKey".into(), k.clone().into());
                    }
                    if let Some(p) = &s.package {
                        o.insert("package".into(), p.clone().into());
                    }
                    o.insert("versionFrom".into(), s.version_origin.to_json());
                    o.insert("requiredVersionFrom".into(), s.required_origin.to_json());
                    o.insert("place".into(), place(&s.place));
                    Json::Object(o)
                })
                .collect::<Vec<_>>()
                .into(),
        );
        m.insert(
            "unknown".into(),
            self.unknown
                .iter()
                .map(|u| json!({ "field": u.field, "file": u.file, "line": u.line, "why": u.why }))
                .collect::<Vec<_>>()
                .into(),
        );
        m.insert("package".into(), self.package.clone().into());
        m.insert("uniqueName".into(), self.unique_name.clone().into());
        m.insert("shareStrategy".into(), self.share_strategy.clone().into());
        m.insert("runtimePlugins".into(), self.runtime_plugins.clone().into());
        m.insert("asyncStartup".into(), self.async_startup.into());
        m.insert("port".into(), self.port.into());
        m.insert("otherConfigs".into(), self.other_configs.clone().into());
        m.insert("entries".into(), self.sources.entries.clone().into());
        m.insert(
            "notes".into(),
            self.notes
                .iter()
                .map(|(p, n)| json!({ "file": p.file, "line": p.line, "note": n }))
                .collect::<Vec<_>>()
                .into(),
        );
        Json::Object(m)
    }
}

/// The port of a URL (`http://localhost:3001/remoteEntry.js` → 3001).
pub fn url_port(url: &str) -> Option<u16> {
    let rest = url.split("://").nth(1)?;
    let host = rest.split('/').next()?;
    host.rsplit(':').next()?.parse().ok()
}

fn common_prefix_len(a: &str, b: &str) -> usize {
    a.split('/').zip(b.split('/')).take_while(|(x, y)| x == y).count()
}

/// The app of `apps` that `apps[from]`'s remote refers to: the app with the
/// remote's MF name (the nearest in the directory tree when several apps share
/// the name, as in a repository of examples), else the app served on the
/// remote URL's port. A remote with the app's own name (or port) is the app itself.
pub fn remote_target(apps: &[App], from: usize, remote: &Remote) -> Option<usize> {
    let here = &apps[from].root;
    let nearest = |candidates: Vec<usize>| -> Option<usize> {
        let best = candidates.iter().map(|&j| common_prefix_len(here, &apps[j].root)).max()?;
        let top: Vec<usize> =
            candidates.into_iter().filter(|&j| common_prefix_len(here, &apps[j].root) == best).collect();
        // two equally near apps of that name: not decidable
        if top.len() == 1 { Some(top[0]) } else { None }
    };
    if let Some(name) = &remote.name {
        // an app that loads its own container (`host: 'host@…'` in host) refers to itself,
        // not to another app of that name elsewhere in the tree
        if &apps[from].name == name {
            return Some(from);
        }
        let by_name: Vec<usize> = (0..apps.len()).filter(|&j| j != from && &apps[j].name == name).collect();
        if !by_name.is_empty() {
            let j = nearest(by_name)?;
            // an app of that name in another project of the tree (nothing in common with this
            // app's path or package, while this app has neighbours that do) is not this remote:
            // the project deploys its own, outside the analysed directory
            let apart = common_prefix_len(here, &apps[j].root) == 0
                && apps[j].package != apps[from].package
                && (0..apps.len()).any(|k| k != from && common_prefix_len(here, &apps[k].root) > 0);
            let port_agrees = remote.entry.as_deref().and_then(url_port).is_some_and(|p| apps[j].port == Some(p));
            return if apart && !port_agrees { None } else { Some(j) };
        }
    }
    let port = remote.entry.as_deref().and_then(url_port)?;
    if apps[from].port == Some(port) {
        return Some(from);
    }
    let by_port: Vec<usize> = (0..apps.len()).filter(|&j| j != from && apps[j].port == Some(port)).collect();
    nearest(by_port)
}
