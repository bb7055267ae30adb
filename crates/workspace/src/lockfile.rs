//! Lockfiles: which version of a package an importer really gets.
//! pnpm-lock.yaml (v5 to v9), package-lock.json / npm-shrinkwrap.json (v1 to
//! v3), yarn.lock (classic v1 and berry).

use crate::disk::{Disk, MAX_LOCKFILE};
use serde_json::Value as Json;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LockKind {
    Pnpm,
    Npm,
    YarnClassic,
    YarnBerry,
}

/// A parsed lockfile.
#[derive(Debug)]
pub struct Lockfile {
    pub path: PathBuf,
    pub kind: LockKind,
    text: std::rc::Rc<str>,
    /// pnpm: importer → package → version; npm: install path → version.
    table: HashMap<String, HashMap<String, String>>,
    /// yarn: descriptor (`react@^18.2.0`, `react@npm:^18.2.0`) → version.
    descriptors: HashMap<String, String>,
    /// Lines found for (package, version), so a big lockfile is searched once per pair.
    lines: std::cell::RefCell<HashMap<(String, String), u32>>,
    /// The line of each resolution's own entry: pnpm `importer\0dep`, npm
    /// install path, yarn descriptor (one scan of the text).
    places: HashMap<String, u32>,
    /// The dependency graph, for what an importer reaches (see [`Lockfile::reach`]).
    graph: DepGraph,
}

pub const NAMES: [&str; 4] = ["pnpm-lock.yaml", "package-lock.json", "npm-shrinkwrap.json", "yarn.lock"];

/// Why a lockfile cannot be read, and the line the parser names (when it does).
pub type LockError = (String, Option<u32>);

fn yaml(text: &str) -> Result<Json, LockError> {
    let mut budget = serde_saphyr::budget::Budget::default();
    budget.max_nodes = 50_000_000;
    budget.max_events = 200_000_000;
    budget.max_total_scalar_bytes = MAX_LOCKFILE as usize;
    let mut options = serde_saphyr::options::Options::default();
    options.budget = Some(budget);
    serde_saphyr::from_str_with_options::<Json>(text, options).map_err(|e| {
        let line = e.location().map(|l| l.line()).filter(|l| *l > 0).map(|l| l.min(u32::MAX as u64) as u32);
        (yaml_error(e.to_string()), line)
    })
}

/// `18.3.1(react@18.3.1)` → `18.3.1`; `link:` / `file:` → none.
fn pnpm_version(v: &str) -> Option<String> {
    let v = v.split('(').next().unwrap_or(v).trim();
    if v.starts_with("link:") || v.starts_with("file:") || v.is_empty() {
        return None;
    }
    // v5 marks peers with a suffix: 18.2.0_react-dom@18.2.0
    let v = v.split('_').next().unwrap_or(v);
    if is_semver(v) {
        return Some(v.to_string());
    }
    // aliases and paths: npm:react@18.2.0, /react/18.2.0; a tarball or git
    // dependency (`https://codeload.github.com/u/r/tar.gz/<sha>`,
    // `github.com/u/r/<sha>`) names no version here
    let last = v.rsplit(['/', '@']).next().unwrap_or(v);
    is_semver(last).then(|| last.to_string())
}

/// `1.2.3`, `1.2.3-rc.1`, `1.2.3+b`: a version, not a commit (`0a1b2c3`) or a URL.
fn is_semver(v: &str) -> bool {
    let mut parts = v.splitn(3, '.');
    let num = |p: Option<&str>| p.is_some_and(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()));
    if !num(parts.next()) || !num(parts.next()) {
        return false;
    }
    let Some(patch) = parts.next() else { return false };
    let digits = patch.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && (digits == patch.len() || matches!(patch.as_bytes()[digits], b'-' | b'+'))
}

/// The first line of a YAML error (the parser adds a snippet of the file).
fn yaml_error(e: String) -> String {
    let first = e.lines().next().unwrap_or("").trim();
    format!("not valid YAML: {}", first.strip_prefix("error: ").unwrap_or(first))
}

/// The key of a YAML mapping line (`  '@scope/pkg':` → `@scope/pkg`), with its indent.
fn yaml_key(line: &str) -> Option<(usize, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let t = line.trim();
    if t.is_empty() || t.starts_with('#') || t.starts_with('-') {
        return None;
    }
    let key = if let Some(rest) = t.strip_prefix('\'') {
        &rest[..rest.find('\'')?]
    } else if let Some(rest) = t.strip_prefix('"') {
        &rest[..rest.find('"')?]
    } else {
        let end = t.find(": ").unwrap_or_else(|| t.strip_suffix(':').map_or(t.len(), str::len));
        &t[..end]
    };
    Some((indent, key))
}

/// pnpm-lock.yaml: the line of each importer's dependency entry, keyed `importer\0dep`.
fn pnpm_places(text: &str) -> HashMap<String, u32> {
    const FIELDS: [&str; 3] = ["dependencies", "devDependencies", "optionalDependencies"];
    let mut out = HashMap::new();
    // (indent of importer keys, importer) while inside `importers:`, or the top level of a
    // single-project lockfile
    let mut importers = false;
    let mut importer: Option<String> = None;
    let mut field_indent: Option<usize> = None;
    for (n, line) in text.lines().enumerate() {
        let Some((indent, key)) = yaml_key(line) else { continue };
        if indent == 0 {
            importers = key == "importers";
            importer = None;
            field_indent = FIELDS.contains(&key).then_some(0);
            if field_indent.is_some() {
                importer = Some(".".into());
            }
            continue;
        }
        if importers && indent == 2 {
            importer = Some(key.to_string());
            field_indent = None;
        } else if importers && indent == 4 {
            field_indent = FIELDS.contains(&key).then_some(4);
        } else if let (Some(fi), Some(imp)) = (field_indent, &importer)
            && indent == fi + 2
        {
            out.entry(format!("{imp}\0{key}")).or_insert(n as u32 + 1);
        }
    }
    out
}

/// package-lock.json: the line of each `packages` entry (`"node_modules/react": {`).
fn npm_places(text: &str) -> HashMap<String, u32> {
    let mut out = HashMap::new();
    for (n, line) in text.lines().enumerate() {
        let t = line.trim();
        if let Some(rest) = t.strip_prefix('"')
            && let Some(key) = rest.strip_suffix("\": {")
            && (key.is_empty() || key.contains("node_modules/") || !key.contains(' '))
        {
            out.entry(key.to_string()).or_insert(n as u32 + 1);
        }
    }
    out
}

/// yarn.lock: the line of each entry's header, for every descriptor it lists.
fn yarn_places(text: &str) -> HashMap<String, u32> {
    let mut out = HashMap::new();
    for (n, line) in text.lines().enumerate() {
        if line.starts_with([' ', '#']) || line.is_empty() {
            continue;
        }
        if let Some(head) = line.strip_suffix(':') {
            for d in head.split(", ") {
                out.entry(d.trim().trim_matches('"').to_string()).or_insert(n as u32 + 1);
            }
        }
    }
    out
}

impl Lockfile {
    /// Reads and parses a lockfile; the error names the line when the parser does.
    pub fn read(disk: &Disk, path: &Path) -> Result<Lockfile, LockError> {
        let text = disk.text_limited(path, MAX_LOCKFILE).map_err(|e| (e, None))?;
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let mut lf = Lockfile {
            path: path.to_path_buf(),
            kind: LockKind::Npm,
            text: text.clone(),
            table: HashMap::new(),
            descriptors: HashMap::new(),
            lines: Default::default(),
            places: HashMap::new(),
            graph: DepGraph::default(),
        };
        match name {
            "pnpm-lock.yaml" => {
                lf.kind = LockKind::Pnpm;
                let doc = yaml(&text)?;
                lf.places = pnpm_places(&text);
                let mut read_deps = |importer: &str, v: &Json| {
                    let entry = lf.table.entry(importer.to_string()).or_default();
                    for field in ["dependencies", "devDependencies", "optionalDependencies"] {
                        if let Some(deps) = v.get(field).and_then(Json::as_object) {
                            for (dep, d) in deps {
                                let version = match d {
                                    Json::String(s) => pnpm_version(s),
                                    Json::Object(o) => o.get("version").and_then(Json::as_str).and_then(pnpm_version),
                                    _ => None,
                                };
                                if let Some(v) = version {
                                    entry.insert(dep.clone(), v);
                                }
                            }
                        }
                    }
                };
                match doc.get("importers").and_then(Json::as_object) {
                    Some(importers) => {
                        for (importer, v) in importers {
                            read_deps(importer, v);
                        }
                    }
                    None => read_deps(".", &doc),
                }
                if doc.get("lockfileVersion").is_none() {
                    return Err(("not a pnpm lockfile (no lockfileVersion)".into(), None));
                }
                lf.graph = DepGraph::pnpm(&doc, &text);
            }
            "package-lock.json" | "npm-shrinkwrap.json" => {
                lf.kind = LockKind::Npm;
                let doc: Json = serde_json::from_str(&text)
                    .map_err(|e| (format!("not valid JSON: {e}"), Some(e.line() as u32).filter(|l| *l > 0)))?;
                lf.places = npm_places(&text);
                let entry = lf.table.entry(String::new()).or_default();
                if let Some(pkgs) = doc.get("packages").and_then(Json::as_object) {
                    lf.graph = DepGraph::npm(pkgs, &lf.places);
                    for (p, v) in pkgs {
                        let version = v.get("version").and_then(Json::as_str);
                        let link = v.get("link").and_then(Json::as_bool) == Some(true);
                        if link {
                            if let Some(target) = v.get("resolved").and_then(Json::as_str)
                                && let Some(tv) = pkgs.get(target).and_then(|t| t.get("version")).and_then(Json::as_str)
                            {
                                entry.insert(p.clone(), tv.to_string());
                            }
                        } else if let Some(version) = version {
                            entry.insert(p.clone(), version.to_string());
                        }
                    }
                } else if let Some(deps) = doc.get("dependencies").and_then(Json::as_object) {
                    // v1: a nested tree of dependencies
                    fn walk(prefix: &str, deps: &serde_json::Map<String, Json>, out: &mut HashMap<String, String>) {
                        for (name, v) in deps {
                            let here = format!("{prefix}node_modules/{name}");
                            // v1 writes an alias as `npm:react@17.0.2` and a git or
                            // file dependency as its URL (no version)
                            let ver = v.get("version").and_then(Json::as_str).map(|s| match s.strip_prefix("npm:") {
                                Some(alias) => alias.rsplit('@').next().unwrap_or(""),
                                None => s,
                            });
                            if let Some(ver) = ver.filter(|s| is_semver(s)) {
                                out.insert(here.clone(), ver.to_string());
                            }
                            if let Some(inner) = v.get("dependencies").and_then(Json::as_object) {
                                walk(&format!("{here}/"), inner, out);
                            }
                        }
                    }
                    walk("", deps, entry);
                } else {
                    return Err(("not an npm lockfile (no packages or dependencies)".into(), None));
                }
            }
            "yarn.lock" => {
                if text.contains("__metadata:") {
                    lf.kind = LockKind::YarnBerry;
                    let doc = yaml(&text)?;
                    lf.places = yarn_places(&text);
                    let Some(map) = doc.as_object() else { return Err(("not a yarn lockfile".into(), None)) };
                    for (key, v) in map {
                        if key == "__metadata" {
                            continue;
                        }
                        if let Some(version) = v.get("version").and_then(Json::as_str) {
                            for d in key.split(", ") {
                                lf.descriptors.insert(d.trim().trim_matches('"').to_string(), version.to_string());
                            }
                        }
                    }
                    lf.graph = DepGraph::yarn_berry(map, &lf.places);
                } else {
                    lf.kind = LockKind::YarnClassic;
                    lf.places = yarn_places(&text);
                    let mut current: Vec<String> = Vec::new();
                    for (n, line) in text.lines().enumerate() {
                        if line.trim().is_empty() || line.starts_with('#') {
                            continue;
                        }
                        if !line.starts_with(' ') {
                            let Some(head) = line.strip_suffix(':') else {
                                return Err((
                                    format!("not a yarn lockfile: line {} is not an entry", n + 1),
                                    Some(n as u32 + 1),
                                ));
                            };
                            current = head.split(", ").map(|d| d.trim().trim_matches('"').to_string()).collect();
                        } else if let Some(rest) = line.strip_prefix("  version ") {
                            // an entry's own field (a dependency named `version` is indented deeper)
                            let version = rest.trim().trim_matches('"').to_string();
                            for d in &current {
                                lf.descriptors.insert(d.clone(), version.clone());
                            }
                        }
                    }
                    lf.graph = DepGraph::yarn_classic(&text, &lf.places);
                }
            }
            _ => return Err(("not a lockfile".into(), None)),
        }
        Ok(lf)
    }

    /// The version of `package` the importer in `importer_dir` gets, and the
    /// lockfile line that says so. `spec` is the importer's specifier (yarn
    /// resolves by descriptor).
    pub fn resolve(&self, importer_dir: &Path, package: &str, spec: Option<&str>) -> Option<(String, u32)> {
        let base = self.path.parent()?;
        let rel = importer_dir.strip_prefix(base).ok()?.to_string_lossy().replace('\\', "/");
        let place_key;
        let version = match self.kind {
            LockKind::Pnpm => {
                let importer = if rel.is_empty() { ".".to_string() } else { rel.clone() };
                place_key = format!("{importer}\0{package}");
                self.table.get(&importer)?.get(package)?.clone()
            }
            LockKind::Npm => {
                let t = self.table.get("")?;
                let mut dir = rel.clone();
                loop {
                    let key = if dir.is_empty() {
                        format!("node_modules/{package}")
                    } else {
                        format!("{dir}/node_modules/{package}")
                    };
                    if let Some(v) = t.get(&key) {
                        place_key = key;
                        break v.clone();
                    }
                    if dir.is_empty() {
                        return None;
                    }
                    dir = match dir.rfind('/') {
                        Some(i) => dir[..i].to_string(),
                        None => String::new(),
                    };
                }
            }
            LockKind::YarnClassic => {
                place_key = format!("{package}@{}", spec?);
                self.descriptors.get(&place_key)?.clone()
            }
            LockKind::YarnBerry => {
                let spec = spec?;
                let descriptor =
                    if spec.contains(':') { format!("{package}@{spec}") } else { format!("{package}@npm:{spec}") };
                let v = self.descriptors.get(&descriptor)?.clone();
                place_key = descriptor;
                v
            }
        };
        let line = match self.places.get(&place_key) {
            Some(l) => *l,
            None => self.line_of(package, &version),
        };
        Some((version, line))
    }

    /// The line of a resolution's own entry, when the importer's own line is
    /// not known: the package's entry in the lockfile, not another package's
    /// dependency line that mentions `package@version` (pnpm `react-dom:
    /// 18.3.1(react@18.3.1)`).
    fn line_of(&self, package: &str, version: &str) -> u32 {
        let key = (package.to_string(), version.to_string());
        if let Some(l) = self.lines.borrow().get(&key) {
            return *l;
        }
        let line = self.search_line(package, version);
        self.lines.borrow_mut().insert(key, line);
        line
    }

    /// pnpm: the `packages:`/`snapshots:` key `react@18.3.1:` (v9; `/react@18.3.1:`
    /// v6, `/react/18.3.1:` v5, peer suffixes `(…)`/`_…` allowed); npm: the
    /// `"node_modules/react": {` entry (v1: `"react": {` followed by its
    /// `"version"`); yarn: the header line that lists a `react@…` descriptor
    /// and whose `version` is this one. Else 1 (the file).
    fn search_line(&self, package: &str, version: &str) -> u32 {
        let lines: Vec<&str> = self.text.lines().collect();
        let unquote = |t: &str| t.trim().trim_matches(|c| c == '\'' || c == '"').to_string();
        let found = match self.kind {
            LockKind::Pnpm => lines.iter().position(|l| {
                let Some(key) = l.trim_end().strip_suffix(':') else { return false };
                // entries of `packages:` / `snapshots:` are indented by two
                if !l.starts_with("  ") || l.starts_with("   ") {
                    return false;
                }
                let key = unquote(key);
                let key = key.strip_prefix('/').unwrap_or(&key);
                [format!("{package}@{version}"), format!("{package}/{version}")].iter().any(|k| {
                    key == k.as_str() || key.strip_prefix(k.as_str()).is_some_and(|rest| rest.starts_with(['(', '_']))
                })
            }),
            LockKind::Npm => {
                let top = format!("\"node_modules/{package}\": {{");
                let nested = format!("/node_modules/{package}\": {{");
                let v1 = format!("\"{package}\": {{");
                let version_line = format!("\"version\": \"{version}\"");
                let next_is_version =
                    |i: usize| lines.get(i + 1).is_some_and(|n| n.trim().trim_end_matches(',') == version_line);
                let find = |p: &dyn Fn(&str) -> bool| {
                    lines.iter().enumerate().position(|(i, l)| p(l.trim()) && next_is_version(i))
                };
                find(&|t| t == top)
                    .or_else(|| find(&|t| t.ends_with(&nested)))
                    .or_else(|| find(&|t| t == v1))
                    .or_else(|| lines.iter().position(|l| l.trim() == top))
            }
            LockKind::YarnClassic | LockKind::YarnBerry => lines.iter().enumerate().position(|(i, l)| {
                if l.starts_with([' ', '#']) || l.is_empty() {
                    return false;
                }
                let Some(head) = l.strip_suffix(':') else { return false };
                let names_it = head.split(", ").any(|d| {
                    let d = d.trim().trim_matches('"');
                    d.strip_prefix(package).is_some_and(|rest| rest.starts_with('@'))
                });
                names_it
                    && lines[i + 1..].iter().take_while(|n| n.starts_with(' ')).any(|n| {
                        let t = n.trim();
                        (n.starts_with("  ") && !n.starts_with("   "))
                            && (t
                                .strip_prefix("version")
                                .is_some_and(|v| v.trim_start_matches(':').trim().trim_matches('"') == version))
                    })
            }),
        };
        found.map_or(1, |i| i as u32 + 1)
    }
}

/// The nearest lockfile at or above `dir`, inside the analysed directory.
pub fn find(disk: &Disk, dir: &Path) -> Option<PathBuf> {
    let mut d = Some(dir.to_path_buf());
    while let Some(x) = d {
        if !disk.inside(&x) {
            return None;
        }
        for name in NAMES {
            let p = x.join(name);
            // also a lockfile that cannot be read (a directory, a symlink loop), so that
            // reading it fails with a problem naming it instead of silently using none
            if p.is_file() || p.symlink_metadata().is_ok() {
                return Some(p);
            }
        }
        d = x.parent().map(Path::to_path_buf);
    }
    None
}

/// A package a lockfile's importer reaches: its version, the line of its
/// entry, and the chain of packages that pulls it in (from the importer's
/// own dependency, the package itself excluded; workspace packages by path).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reached {
    pub package: String,
    pub version: String,
    pub line: u32,
    pub via: Vec<String>,
    /// The first package of `via` that is not a workspace package: the one
    /// the importer's sources (or its workspace packages') import to bundle
    /// this copy; `None` when the importer depends on it itself.
    pub through: Option<String>,
}

/// One entry of a lockfile's dependency graph.
#[derive(Debug, Default)]
struct DepNode {
    /// The package name; for a workspace package (a pnpm importer, an npm
    /// workspace entry) its path.
    name: String,
    version: String,
    /// pnpm importer path, npm install path (resolution is relative to it).
    key: String,
    workspace: bool,
    line: u32,
    /// (dependency, reference as the lockfile writes it); `deps[..prod]` are
    /// what the package manager installs for a consumer (a workspace
    /// package's devDependencies are not).
    deps: Vec<(String, String)>,
    prod: usize,
}

/// The dependency graph of a lockfile: pnpm snapshots (v9) or packages
/// (v5, v6) and importers; npm v2/v3 `packages`; yarn entries. npm v1 lockfiles
/// (a nested tree) give none.
#[derive(Debug, Default)]
struct DepGraph {
    nodes: Vec<DepNode>,
    /// pnpm: entry key and `importer:<path>`; npm: install path; yarn: each descriptor.
    keys: HashMap<String, usize>,
    /// The nodes of each package name.
    by_name: HashMap<String, Vec<usize>>,
    kind: Option<LockKind>,
    /// Each node's dependencies resolved, what a consumer installs first
    /// (with how many those are): made once, on the first [`Lockfile::reach`].
    adj: std::cell::OnceCell<Vec<(Vec<usize>, usize)>>,
}

/// The string values of `v[field]` (a dependency map).
fn dep_pairs(v: &Json, field: &str) -> Vec<(String, String)> {
    let Some(m) = v.get(field).and_then(Json::as_object) else { return Vec::new() };
    m.iter()
        .filter_map(|(k, x)| {
            let r = match x {
                Json::String(s) => s.clone(),
                Json::Object(o) => o.get("version").and_then(Json::as_str)?.to_string(),
                _ => return None,
            };
            Some((k.clone(), r))
        })
        .collect()
}

/// `a/b` + `../c` → `a/c` (relative, forward slashes; `.` for the root).
fn join_rel(base: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty() && *p != ".").collect();
    for p in rel.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            x => parts.push(x),
        }
    }
    if parts.is_empty() { ".".into() } else { parts.join("/") }
}

/// npm: the install path one level up (`a/node_modules/@s/b` → `a`, `apps/x` → `apps`).
fn npm_parent(p: &str) -> String {
    let segs: Vec<&str> = p.split('/').collect();
    let n = segs.len();
    let cut = if n >= 2 && segs[n - 2] == "node_modules" {
        n - 2
    } else if n >= 3 && segs[n - 3] == "node_modules" && segs[n - 2].starts_with('@') {
        n - 3
    } else {
        n - 1
    };
    segs[..cut].join("/")
}

/// The package name of a yarn descriptor (`@s/a@npm:^1` → `@s/a`).
fn descriptor_name(d: &str) -> &str {
    match d.get(1..).and_then(|rest| rest.find('@')) {
        Some(i) => &d[..i + 1],
        None => d,
    }
}

impl DepGraph {
    fn push(&mut self, node: DepNode) -> usize {
        let i = self.nodes.len();
        if !node.workspace {
            self.by_name.entry(node.name.clone()).or_default().push(i);
        }
        self.nodes.push(node);
        i
    }

    fn pnpm(doc: &Json, text: &str) -> DepGraph {
        let mut g = DepGraph { kind: Some(LockKind::Pnpm), ..Default::default() };
        let v5 = match doc.get("lockfileVersion") {
            Some(Json::Number(n)) => n.as_f64().is_some_and(|f| f < 6.0),
            Some(Json::String(s)) => s.starts_with('5'),
            _ => false,
        };
        // the line of each key of `packages:` and `snapshots:`
        let mut lines: HashMap<&str, (bool, u32)> = HashMap::new();
        let mut section = "";
        for (n, line) in text.lines().enumerate() {
            let Some((indent, key)) = yaml_key(line) else { continue };
            if indent == 0 {
                section = key;
            } else if indent == 2 && (section == "packages" || section == "snapshots") {
                lines.entry(key).or_insert((section == "packages", n as u32 + 1));
            }
        }
        for section in ["snapshots", "packages"] {
            let Some(map) = doc.get(section).and_then(Json::as_object) else { continue };
            for (key, v) in map {
                if g.keys.contains_key(key) {
                    continue;
                }
                let k = key.strip_prefix('/').unwrap_or(key);
                let (name, version) = if v5 {
                    let base = k.split('_').next().unwrap_or(k);
                    match base.rfind('/') {
                        Some(i) => (&base[..i], &base[i + 1..]),
                        None => continue,
                    }
                } else {
                    let base = k.split('(').next().unwrap_or(k);
                    match base.get(1..).and_then(|r| r.find('@')) {
                        Some(i) => (&base[..i + 1], &base[i + 2..]),
                        None => continue,
                    }
                };
                let own = if v5 { key.to_string() } else { format!("{name}@{version}") };
                let line = lines
                    .get(own.as_str())
                    .filter(|(p, _)| *p)
                    .or_else(|| lines.get(key.as_str()))
                    .map_or(1, |(_, l)| *l);
                let mut deps = dep_pairs(v, "dependencies");
                deps.extend(dep_pairs(v, "optionalDependencies"));
                let prod = deps.len();
                let i = g.push(DepNode {
                    name: name.to_string(),
                    version: version.to_string(),
                    key: key.clone(),
                    workspace: false,
                    line,
                    deps,
                    prod,
                });
                g.keys.insert(key.clone(), i);
            }
        }
        let mut importer = |path: &str, v: &Json| {
            let mut deps = dep_pairs(v, "dependencies");
            deps.extend(dep_pairs(v, "optionalDependencies"));
            let prod = deps.len();
            deps.extend(dep_pairs(v, "devDependencies"));
            let i = g.push(DepNode {
                name: path.to_string(),
                version: String::new(),
                key: path.to_string(),
                workspace: true,
                line: 1,
                deps,
                prod,
            });
            g.keys.insert(format!("importer:{path}"), i);
        };
        match doc.get("importers").and_then(Json::as_object) {
            Some(importers) => {
                for (path, v) in importers {
                    importer(path, v);
                }
            }
            None => importer(".", doc),
        }
        g
    }

    fn npm(pkgs: &serde_json::Map<String, Json>, places: &HashMap<String, u32>) -> DepGraph {
        let mut g = DepGraph { kind: Some(LockKind::Npm), ..Default::default() };
        for (path, v) in pkgs {
            let link = v.get("link").and_then(Json::as_bool) == Some(true);
            // the root, a workspace package, or a link to one: followed, not a package of its own
            let workspace = !path.contains("node_modules/") || link;
            let name = match path.rfind("node_modules/") {
                Some(i) if !path.ends_with('/') && !link && !workspace => path[i + "node_modules/".len()..].to_string(),
                _ => path.clone(),
            };
            let mut deps = Vec::new();
            if link {
                if let Some(target) = v.get("resolved").and_then(Json::as_str) {
                    deps.push(("\0".to_string(), target.to_string()));
                }
            } else {
                for f in ["dependencies", "optionalDependencies", "peerDependencies"] {
                    deps.extend(dep_pairs(v, f));
                }
            }
            let prod = deps.len();
            if workspace {
                deps.extend(dep_pairs(v, "devDependencies"));
            }
            let version = v.get("version").and_then(Json::as_str).unwrap_or("").to_string();
            let i = g.push(DepNode {
                name,
                version,
                key: path.clone(),
                workspace,
                line: places.get(path).copied().unwrap_or(1),
                deps,
                prod,
            });
            g.keys.insert(path.clone(), i);
        }
        g
    }

    fn yarn_entry(&mut self, descriptors: Vec<String>, version: String, deps: Vec<(String, String)>, line: u32) {
        let Some(first) = descriptors.first() else { return };
        let prod = deps.len();
        let i = self.push(DepNode {
            name: descriptor_name(first).to_string(),
            version,
            key: first.clone(),
            workspace: false,
            line,
            deps,
            prod,
        });
        for d in descriptors {
            self.keys.insert(d, i);
        }
    }

    fn yarn_berry(map: &serde_json::Map<String, Json>, places: &HashMap<String, u32>) -> DepGraph {
        let mut g = DepGraph { kind: Some(LockKind::YarnBerry), ..Default::default() };
        for (key, v) in map {
            if key == "__metadata" {
                continue;
            }
            let descriptors: Vec<String> = key.split(", ").map(|d| d.trim().trim_matches('"').to_string()).collect();
            let version = v.get("version").and_then(Json::as_str).unwrap_or("").to_string();
            let mut deps = dep_pairs(v, "dependencies");
            deps.extend(dep_pairs(v, "optionalDependencies"));
            let line = descriptors.first().and_then(|d| places.get(d)).copied().unwrap_or(1);
            g.yarn_entry(descriptors, version, deps, line);
        }
        g
    }

    fn yarn_classic(text: &str, places: &HashMap<String, u32>) -> DepGraph {
        let mut g = DepGraph { kind: Some(LockKind::YarnClassic), ..Default::default() };
        // the entry being read: descriptors, version, dependencies
        type Entry = (Vec<String>, String, Vec<(String, String)>);
        let mut current: Option<Entry> = None;
        let mut in_deps = false;
        let unq = |s: &str| s.trim().trim_matches('"').to_string();
        for line in text.lines() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            if !line.starts_with(' ') {
                if let Some((d, v, deps)) = current.take() {
                    let l = d.first().and_then(|x| places.get(x)).copied().unwrap_or(1);
                    g.yarn_entry(d, v, deps, l);
                }
                let head = line.strip_suffix(':').unwrap_or(line);
                current = Some((head.split(", ").map(unq).collect(), String::new(), Vec::new()));
                in_deps = false;
            } else if let Some((_, version, deps)) = current.as_mut() {
                if !line.starts_with("   ") {
                    let t = line.trim();
                    in_deps = t == "dependencies:" || t == "optionalDependencies:";
                    if let Some(rest) = t.strip_prefix("version ") {
                        *version = unq(rest);
                    }
                } else if in_deps {
                    let t = line.trim();
                    // `name "range"`, `"@s/name" "range"`
                    let (name, range) = if let Some(rest) = t.strip_prefix('"') {
                        match rest.split_once('"') {
                            Some((n, r)) => (n.to_string(), unq(r)),
                            None => continue,
                        }
                    } else {
                        match t.split_once(' ') {
                            Some((n, r)) => (n.to_string(), unq(r)),
                            None => continue,
                        }
                    };
                    deps.push((name, range));
                }
            }
        }
        if let Some((d, v, deps)) = current.take() {
            let l = d.first().and_then(|x| places.get(x)).copied().unwrap_or(1);
            g.yarn_entry(d, v, deps, l);
        }
        g
    }

    /// Every node's dependencies, resolved.
    fn adjacency(&self) -> Vec<(Vec<usize>, usize)> {
        self.nodes
            .iter()
            .map(|n| {
                let resolve = |deps: &[(String, String)]| -> Vec<usize> {
                    deps.iter().filter_map(|(d, r)| self.edge(n, d, r)).collect()
                };
                let mut to = resolve(&n.deps[..n.prod]);
                let prod = to.len();
                to.extend(resolve(&n.deps[n.prod..]));
                (to, prod)
            })
            .collect()
    }

    /// The node a dependency of `from` resolves to.
    fn edge(&self, from: &DepNode, dep: &str, r: &str) -> Option<usize> {
        match self.kind? {
            LockKind::Pnpm => {
                if let Some(rel) = r.strip_prefix("link:") {
                    return self.keys.get(&format!("importer:{}", join_rel(&from.key, rel))).copied();
                }
                if r.starts_with("file:") {
                    return None;
                }
                let keys = [format!("{dep}@{r}"), format!("/{dep}@{r}"), format!("/{dep}/{r}"), r.to_string()];
                keys.iter().find_map(|k| self.keys.get(k).copied())
            }
            LockKind::Npm => {
                if dep == "\0" {
                    return self.keys.get(r).copied();
                }
                self.npm_lookup(&from.key, dep)
            }
            LockKind::YarnClassic | LockKind::YarnBerry => self.yarn_lookup(dep, r),
        }
    }

    /// npm: Node's lookup of `dep` from the install path `from`.
    fn npm_lookup(&self, from: &str, dep: &str) -> Option<usize> {
        let mut base = from.to_string();
        loop {
            let key =
                if base.is_empty() { format!("node_modules/{dep}") } else { format!("{base}/node_modules/{dep}") };
            if let Some(&i) = self.keys.get(&key) {
                return Some(i);
            }
            if base.is_empty() {
                return None;
            }
            base = npm_parent(&base);
        }
    }

    fn yarn_lookup(&self, dep: &str, range: &str) -> Option<usize> {
        self.keys.get(&format!("{dep}@{range}")).or_else(|| self.keys.get(&format!("{dep}@npm:{range}"))).copied()
    }
}

impl Lockfile {
    /// What the importer in `importer_dir` reaches from its own dependencies
    /// `roots` (name, the importer's specifier) through the packages'
    /// dependencies (workspace packages followed), expanding only packages
    /// for which `follow(name)` (workspace packages: `follow("")`), and
    /// returning the packages for which `keep(name, through)`: each version
    /// once, with the shortest chain. Empty for an npm v1 lockfile.
    pub fn reach(
        &self,
        importer_dir: &Path,
        roots: &[(String, Option<String>)],
        follow: &dyn Fn(&str) -> bool,
        keep: &dyn Fn(&str, Option<&str>) -> bool,
    ) -> Vec<Reached> {
        let g = &self.graph;
        let Some(base) = self.path.parent() else { return Vec::new() };
        let Ok(rel) = importer_dir.strip_prefix(base) else { return Vec::new() };
        let rel = rel.to_string_lossy().replace('\\', "/");
        // each node's parent in the walk (`ROOT` for the importer's own dependencies)
        const UNSEEN: usize = usize::MAX;
        const ROOT: usize = usize::MAX - 1;
        let mut parent: Vec<usize> = vec![UNSEEN; g.nodes.len()];
        // (the visiting order: each node after those nearer the importer)
        let mut found: Vec<usize> = Vec::new();
        let mut queue = std::collections::VecDeque::new();
        let importer = if rel.is_empty() { ".".to_string() } else { rel.clone() };
        for (name, spec) in roots {
            let to = match g.kind {
                Some(LockKind::Pnpm) => g.keys.get(&format!("importer:{importer}")).and_then(|&i| {
                    let n = &g.nodes[i];
                    n.deps.iter().find(|(d, _)| d == name).and_then(|(d, r)| g.edge(n, d, r))
                }),
                Some(LockKind::Npm) => g.npm_lookup(&rel, name),
                Some(LockKind::YarnClassic | LockKind::YarnBerry) => {
                    spec.as_deref().and_then(|s| g.yarn_lookup(name, s))
                }
                None => None,
            };
            if let Some(i) = to
                && parent[i] == UNSEEN
            {
                parent[i] = ROOT;
                queue.push_back(i);
            }
        }
        let adj = g.adj.get_or_init(|| g.adjacency());
        while let Some(i) = queue.pop_front() {
            found.push(i);
            let n = &g.nodes[i];
            if !follow(if n.workspace { "" } else { &n.name }) {
                continue;
            }
            let (to, prod) = &adj[i];
            for &j in &to[..*prod] {
                if parent[j] == UNSEEN {
                    parent[j] = i;
                    queue.push_back(j);
                }
            }
        }
        let mut out: Vec<Reached> = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let up = |p: usize| (p != ROOT).then_some(p);
        let chain = |i: usize| std::iter::successors(up(parent[i]), |&p| up(parent[p])).map(|p| &g.nodes[p]);
        for i in found {
            let n = &g.nodes[i];
            if n.workspace {
                continue;
            }
            // the package nearest the importer that is not a workspace package
            let through = chain(i).filter(|p| !p.workspace).last().map(|p| p.name.as_str());
            if !keep(&n.name, through) || !seen.insert((n.name.as_str(), n.version.as_str())) {
                continue;
            }
            // (an npm link is named by the workspace package it links to)
            let mut via: Vec<String> = chain(i)
                .filter(|p| !(p.workspace && p.name.contains("node_modules/")))
                .map(|p| p.name.clone())
                .collect();
            via.reverse();
            out.push(Reached {
                package: n.name.clone(),
                version: n.version.clone(),
                line: n.line,
                via,
                through: through.map(str::to_string),
            });
        }
        out.sort_by(|a, b| (&a.package, &a.version).cmp(&(&b.package, &b.version)));
        out
    }

    /// Whether the lockfile holds `package` in more than one version.
    pub fn holds_versions_of(&self, package: &str) -> bool {
        let nodes = self.graph.by_name.get(package).map_or(&[][..], Vec::as_slice);
        nodes.iter().any(|&i| self.graph.nodes[i].version != self.graph.nodes[nodes[0]].version)
    }

    /// The `lockfileVersion` as written, and its line.
    pub fn lockfile_version(&self) -> Option<(String, u32)> {
        self.text.lines().take(50).enumerate().find_map(|(n, l)| {
            let t = l.trim();
            let rest = t.strip_prefix("lockfileVersion:").or_else(|| t.strip_prefix("\"lockfileVersion\":"))?;
            let v = rest.trim().trim_end_matches(',').trim_matches(|c| c == '\'' || c == '"');
            Some((v.to_string(), n as u32 + 1))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        std::fs::create_dir_all(dir).unwrap();
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn reads_each_format() {
        let root = std::env::temp_dir().join(format!("fedscope-lock-{}", std::process::id()));
        let disk = Disk::new(&root);
        let app = root.join("apps/cart");
        let v9 = write(
            &root.join("pnpm9"),
            "pnpm-lock.yaml",
            "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      react:\n        specifier: ^18.2.0\n        version: 18.3.1\n  apps/cart:\n    dependencies:\n      react:\n        specifier: ^18.2.0\n        version: 18.2.0(react-dom@18.2.0)\n",
        );
        let lf = Lockfile::read(&disk, &v9).unwrap();
        assert_eq!(lf.resolve(&root.join("pnpm9/apps/cart"), "react", None).unwrap().0, "18.2.0");
        assert_eq!(lf.resolve(&root.join("pnpm9"), "react", None).unwrap().0, "18.3.1");
        let v6 = write(
            &root.join("pnpm6"),
            "pnpm-lock.yaml",
            "lockfileVersion: '6.0'\ndependencies:\n  react:\n    specifier: ^18.0.0\n    version: 18.2.0\n",
        );
        assert_eq!(
            Lockfile::read(&disk, &v6).unwrap().resolve(&root.join("pnpm6"), "react", None).unwrap().0,
            "18.2.0"
        );
        let npm = write(
            &root.join("npm"),
            "package-lock.json",
            r#"{"lockfileVersion":3,"packages":{"":{},"node_modules/react":{"version":"18.3.1"},"apps/cart/node_modules/react":{"version":"18.2.0"}}}"#,
        );
        let lf = Lockfile::read(&disk, &npm).unwrap();
        assert_eq!(lf.resolve(&root.join("npm/apps/cart"), "react", None).unwrap().0, "18.2.0");
        assert_eq!(lf.resolve(&root.join("npm/apps/shell"), "react", None).unwrap().0, "18.3.1");
        let y1 = write(
            &root.join("y1"),
            "yarn.lock",
            "# yarn lockfile v1\n\n\"react@^18.0.0\", react@^18.2.0:\n  version \"18.3.1\"\n  resolved \"x\"\n",
        );
        assert_eq!(
            Lockfile::read(&disk, &y1).unwrap().resolve(&root.join("y1"), "react", Some("^18.2.0")).unwrap().0,
            "18.3.1"
        );
        let berry = write(
            &root.join("berry"),
            "yarn.lock",
            "__metadata:\n  version: 8\n\n\"react@npm:^18.2.0\":\n  version: 18.3.1\n  resolution: \"react@npm:18.3.1\"\n",
        );
        assert_eq!(
            Lockfile::read(&disk, &berry).unwrap().resolve(&root.join("berry"), "react", Some("^18.2.0")).unwrap().0,
            "18.3.1"
        );
        let bad = write(&root.join("bad"), "pnpm-lock.yaml", "lockfileVersion: '9.0'\nimporters: [\n");
        let (e, line) = Lockfile::read(&disk, &bad).unwrap_err();
        assert!(e.contains("not valid YAML") && line == Some(2), "{e} {line:?}");
        let _ = app;
        std::fs::remove_dir_all(&root).ok();
    }

    #[test]
    fn odd_entries_give_no_version_rather_than_a_wrong_one() {
        // a git or tarball dependency in pnpm names a commit, not a version
        assert_eq!(pnpm_version("https://codeload.github.com/acme/lib/tar.gz/0a1b2c3"), None);
        assert_eq!(pnpm_version("github.com/acme/lib/0a1b2c3"), None);
        assert_eq!(pnpm_version("react@17.0.2"), Some("17.0.2".into()));
        assert_eq!(pnpm_version("/@types/react/18.0.0"), Some("18.0.0".into()));
        assert_eq!(pnpm_version("18.3.1_react@18.3.1"), Some("18.3.1".into()));
        let root = std::env::temp_dir().join(format!("fedscope-lock-odd-{}", std::process::id()));
        let disk = Disk::new(&root);
        // yarn 1: a dependency named `version` is not the entry's version
        let y1 = write(
            &root.join("y1"),
            "yarn.lock",
            "# yarn lockfile v1\n\n\nfoo@^1.0.0:\n  version \"1.2.0\"\n  dependencies:\n    version \"^2.0.0\"\n",
        );
        let lf = Lockfile::read(&disk, &y1).unwrap();
        assert_eq!(lf.resolve(&root.join("y1"), "foo", Some("^1.0.0")).unwrap(), ("1.2.0".to_string(), 4));
        // npm v1: an alias is `npm:react@17.0.2`, a git dependency its URL
        let v1 = write(
            &root.join("npm1"),
            "package-lock.json",
            r#"{"lockfileVersion":1,"dependencies":{"react17":{"version":"npm:react@17.0.2"},"lib":{"version":"git+https://github.com/acme/lib.git#0a1b2c3"}}}"#,
        );
        let lf = Lockfile::read(&disk, &v1).unwrap();
        assert_eq!(lf.resolve(&root.join("npm1"), "react17", None).unwrap().0, "17.0.2");
        assert_eq!(lf.resolve(&root.join("npm1"), "lib", None), None);
        // the line is the importer's own entry, not the first mention of the version
        let v9 = write(
            &root.join("pnpm9"),
            "pnpm-lock.yaml",
            "lockfileVersion: '9.0'\nimporters:\n  apps/a:\n    dependencies:\n      react-dom:\n        specifier: ^18.3.0\n        version: 18.3.1(react@18.3.1)\n      react:\n        specifier: ^18.3.0\n        version: 18.3.1\n",
        );
        let lf = Lockfile::read(&disk, &v9).unwrap();
        assert_eq!(lf.resolve(&root.join("pnpm9/apps/a"), "react", None).unwrap(), ("18.3.1".to_string(), 8));
        // a YAML error is one line, without the parser's snippet of the file
        let bad = write(&root.join("bad2"), "pnpm-lock.yaml", "lockfileVersion: '9.0'\nimporters:\n  .:\n   x: [\n");
        let (e, line) = Lockfile::read(&disk, &bad).unwrap_err();
        assert!(e.starts_with("not valid YAML: line ") && !e.contains('\n') && line.is_some(), "{e}");
        std::fs::remove_dir_all(&root).ok();
    }

    #[test]
    fn search_line_finds_the_package_entry() {
        let root = std::env::temp_dir().join(format!("fedscope-lock-lines-{}", std::process::id()));
        let disk = Disk::new(&root);
        // pnpm: `react@18.3.1` is first mentioned in react-dom's peer suffix
        let p = write(
            &root.join("p"),
            "pnpm-lock.yaml",
            "lockfileVersion: '9.0'\nimporters:\n  .:\n    dependencies:\n      react-dom:\n        specifier: ^18\n        version: 18.3.1(react@18.3.1)\npackages:\n  react-dom@18.3.1:\n    resolution: {integrity: x}\n  react@18.3.1:\n    resolution: {integrity: y}\nsnapshots:\n  react-dom@18.3.1(react@18.3.1):\n    dependencies:\n      react: 18.3.1\n  react@18.3.1: {}\n",
        );
        let lf = Lockfile::read(&disk, &p).unwrap();
        assert_eq!(lf.search_line("react", "18.3.1"), 11);
        assert_eq!(lf.search_line("react-dom", "18.3.1"), 9);
        // pnpm v5: `/react/18.2.0:`, after `/react-dom/18.2.0_react@18.2.0:`
        let p5 = write(
            &root.join("p5"),
            "pnpm-lock.yaml",
            "lockfileVersion: 5.4\npackages:\n  /react-dom/18.2.0_react@18.2.0:\n    dependencies:\n      react: 18.2.0\n  /react/18.2.0:\n    resolution: {integrity: x}\n",
        );
        let lf = Lockfile::read(&disk, &p5).unwrap();
        assert_eq!(lf.search_line("react", "18.2.0"), 6);
        // npm: the package's own entry, not a dependency line naming it
        let n = write(
            &root.join("n"),
            "package-lock.json",
            "{\n  \"lockfileVersion\": 3,\n  \"packages\": {\n    \"node_modules/react-dom\": {\n      \"version\": \"18.3.1\",\n      \"peerDependencies\": {\n        \"react\": \"^18.3.1\"\n      }\n    },\n    \"node_modules/react\": {\n      \"version\": \"18.3.1\"\n    }\n  }\n}\n",
        );
        let lf = Lockfile::read(&disk, &n).unwrap();
        assert_eq!(lf.search_line("react", "18.3.1"), 10);
        // yarn: the header whose entry has the version
        let y = write(
            &root.join("y"),
            "yarn.lock",
            "# yarn lockfile v1\n\n\"react-dom@^18.2.0\":\n  version \"18.2.0\"\n  dependencies:\n    react \"^18.2.0\"\n\nreact@^17.0.0:\n  version \"17.0.2\"\n\nreact@^18.2.0:\n  version \"18.2.0\"\n",
        );
        let lf = Lockfile::read(&disk, &y).unwrap();
        assert_eq!(lf.search_line("react", "18.2.0"), 11);
        std::fs::remove_dir_all(&root).ok();
    }

    #[test]
    fn reach_follows_dependencies_and_workspace_links() {
        let root = std::env::temp_dir().join(format!("fedscope-lock-reach-{}", std::process::id()));
        let disk = Disk::new(&root);
        let all = |_: &str| true;
        let roots = |names: &[(&str, &str)]| -> Vec<(String, Option<String>)> {
            names.iter().map(|(n, s)| (n.to_string(), Some(s.to_string()))).collect()
        };
        let found = |r: Vec<Reached>| -> Vec<String> {
            r.iter().map(|x| format!("{}@{} {} [{}]", x.package, x.version, x.line, x.via.join(" > "))).collect()
        };
        // pnpm v9: a workspace link, then a package's dependencies (peers resolved in the snapshot)
        let v9 = write(
            &root.join("p9"),
            "pnpm-lock.yaml",
            "lockfileVersion: '9.0'\nimporters:\n  apps/a:\n    dependencies:\n      ui:\n        specifier: workspace:*\n        version: link:../../packages/ui\n  packages/ui:\n    dependencies:\n      widget:\n        specifier: ^1.0.0\n        version: 1.0.0(react@17.0.2)\n    devDependencies:\n      jest:\n        specifier: ^29\n        version: 29.0.0\npackages:\n  react@17.0.2:\n    resolution: {integrity: x}\n  widget@1.0.0:\n    resolution: {integrity: y}\nsnapshots:\n  react@17.0.2: {}\n  widget@1.0.0(react@17.0.2):\n    dependencies:\n      react: 17.0.2\n",
        );
        let lf = Lockfile::read(&disk, &v9).unwrap();
        assert_eq!(
            found(lf.reach(&root.join("p9/apps/a"), &roots(&[("ui", "workspace:*")]), &all, &|_, _| true)),
            ["react@17.0.2 18 [packages/ui > widget]", "widget@1.0.0 20 [packages/ui]"]
        );
        // nothing is expanded past what `follow` refuses
        assert_eq!(
            found(lf.reach(&root.join("p9/apps/a"), &roots(&[("ui", "")]), &|n| n.is_empty(), &|_, _| true)).len(),
            1
        );
        // pnpm v5: `/name/version_peers` keys
        let v5 = write(
            &root.join("p5"),
            "pnpm-lock.yaml",
            "lockfileVersion: 5.4\nimporters:\n  .:\n    specifiers:\n      react-dom: ^18\n    dependencies:\n      react-dom: 18.2.0_react@18.2.0\npackages:\n  /react-dom/18.2.0_react@18.2.0:\n    dependencies:\n      react: 18.2.0\n  /react/18.2.0:\n    dev: false\n",
        );
        let lf = Lockfile::read(&disk, &v5).unwrap();
        assert_eq!(
            found(lf.reach(&root.join("p5"), &roots(&[("react-dom", "^18")]), &all, &|_, _| true)),
            ["react@18.2.0 12 [react-dom]", "react-dom@18.2.0 9 []"]
        );
        // npm: Node's lookup, nested copies first, through a workspace link
        let npm = write(
            &root.join("npm"),
            "package-lock.json",
            "{\n  \"lockfileVersion\": 3,\n  \"packages\": {\n    \"apps/a\": {\n      \"dependencies\": { \"ui\": \"*\" }\n    },\n    \"node_modules/ui\": {\n      \"resolved\": \"packages/ui\",\n      \"link\": true\n    },\n    \"packages/ui\": {\n      \"dependencies\": { \"widget\": \"^1\" }\n    },\n    \"node_modules/widget\": {\n      \"version\": \"1.0.0\",\n      \"dependencies\": { \"react\": \"^17\" }\n    },\n    \"node_modules/widget/node_modules/react\": {\n      \"version\": \"17.0.2\"\n    },\n    \"node_modules/react\": {\n      \"version\": \"18.3.1\"\n    }\n  }\n}\n",
        );
        let lf = Lockfile::read(&disk, &npm).unwrap();
        assert_eq!(
            found(lf.reach(&root.join("npm/apps/a"), &roots(&[("ui", "*"), ("react", "^18")]), &all, &|_, _| true)),
            ["react@17.0.2 18 [packages/ui > widget]", "react@18.3.1 21 []", "widget@1.0.0 14 [packages/ui]"]
        );
        assert!(lf.holds_versions_of("react") && !lf.holds_versions_of("widget"));
        // the package that pulls a copy in, past the workspace packages
        let r = lf.reach(&root.join("npm/apps/a"), &roots(&[("ui", "*")]), &all, &|p, _| p == "react");
        assert_eq!(r[0].through.as_deref(), Some("widget"));
        // yarn classic: descriptors, quoted scoped names
        let y1 = write(
            &root.join("y1"),
            "yarn.lock",
            "# yarn lockfile v1\n\n\nwidget@^1.0.0:\n  version \"1.0.0\"\n  dependencies:\n    \"@acme/core\" \"^2.0.0\"\n    react \"^17.0.0\"\n\n\"@acme/core@^2.0.0\":\n  version \"2.1.0\"\n\nreact@^17.0.0:\n  version \"17.0.2\"\n",
        );
        let lf = Lockfile::read(&disk, &y1).unwrap();
        assert_eq!(
            found(lf.reach(&root.join("y1"), &roots(&[("widget", "^1.0.0")]), &all, &|_, _| true)),
            ["@acme/core@2.1.0 10 [widget]", "react@17.0.2 13 [widget]", "widget@1.0.0 4 []"]
        );
        // yarn berry: `npm:` descriptors
        let berry = write(
            &root.join("berry"),
            "yarn.lock",
            "__metadata:\n  version: 8\n\n\"widget@npm:^1.0.0\":\n  version: 1.0.0\n  dependencies:\n    react: \"npm:^17.0.0\"\n\n\"react@npm:^17.0.0\":\n  version: 17.0.2\n",
        );
        let lf = Lockfile::read(&disk, &berry).unwrap();
        assert_eq!(
            found(lf.reach(&root.join("berry"), &roots(&[("widget", "^1.0.0")]), &all, &|_, _| true)),
            ["react@17.0.2 9 [widget]", "widget@1.0.0 4 []"]
        );
        assert_eq!(lf.lockfile_version(), None);
        std::fs::remove_dir_all(&root).ok();
    }
}
