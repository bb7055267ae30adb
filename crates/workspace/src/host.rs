//! What the config evaluator needs to know about the workspace and about
//! packages: how imports resolve, which calls are federation plugins, and
//! the helpers whose result can be computed without running them.

use crate::disk::{Disk, normalize};
use crate::pkg;
use fedscope_js::{Behaviour, Entry, Host, Kind, Loc, Lookup, Resolved, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

const EXTENSIONS: [&str; 9] = ["ts", "tsx", "mts", "cts", "js", "jsx", "mjs", "cjs", "json"];

/// Which plugin a capture is, by its package and export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Plugin {
    /// webpack's built-in `container.ModuleFederationPlugin` (classic runtime).
    WebpackContainer,
    /// `@module-federation/enhanced` for webpack.
    Enhanced,
    /// Rspack's built-in container plugin, or enhanced's rspack build (MF2 runtime).
    Rspack,
    /// Rspack's `ModuleFederationPluginV1` (webpack's runtime).
    RspackV1,
    /// `@module-federation/node` (SSR builds).
    Node,
    NextMf,
    Rsbuild,
    Vite,
    /// `@originjs/vite-plugin-federation` (its own runtime).
    OriginjsVite,
    ModernJs,
    NxWithModuleFederation,
    NativeFederation,
    /// `@angular-architects/module-federation`'s `withModuleFederationPlugin`.
    AngularArchitects,
}

/// Strips a leading `default` (an ES default import of a CommonJS module).
fn strip_default(path: &[String]) -> &[String] {
    match path.first() {
        Some(p) if p == "default" => &path[1..],
        _ => path,
    }
}

pub fn plugin_of(module: &str, path: &[String]) -> Option<Plugin> {
    let p: Vec<&str> = strip_default(path).iter().map(String::as_str).collect();
    let last = p.last().copied();
    Some(match module {
        "webpack" if p == ["container", "ModuleFederationPlugin"] => Plugin::WebpackContainer,
        "webpack/lib/container/ModuleFederationPlugin" if p.is_empty() => Plugin::WebpackContainer,
        "@module-federation/enhanced" | "@module-federation/enhanced/webpack"
            if last == Some("ModuleFederationPlugin") =>
        {
            Plugin::Enhanced
        }
        "@module-federation/enhanced/rspack" if last == Some("ModuleFederationPlugin") => Plugin::Rspack,
        "@rspack/core"
            if p == ["container", "ModuleFederationPlugin"]
                || p == ["rspack", "container", "ModuleFederationPlugin"] =>
        {
            Plugin::Rspack
        }
        "@rspack/core"
            if p == ["container", "ModuleFederationPluginV1"]
                || p == ["rspack", "container", "ModuleFederationPluginV1"] =>
        {
            Plugin::RspackV1
        }
        "@module-federation/node" if matches!(last, Some("UniversalFederationPlugin" | "NodeFederationPlugin")) => {
            Plugin::Node
        }
        "@module-federation/nextjs-mf" if p.is_empty() || last == Some("NextFederationPlugin") => Plugin::NextMf,
        "@module-federation/rsbuild-plugin" if last == Some("pluginModuleFederation") => Plugin::Rsbuild,
        "@module-federation/vite" if p.is_empty() || last == Some("federation") => Plugin::Vite,
        "@originjs/vite-plugin-federation" if p.is_empty() || last == Some("federation") => Plugin::OriginjsVite,
        "@module-federation/modern-js" | "@module-federation/modern-js-v3"
            if last == Some("moduleFederationPlugin") =>
        {
            Plugin::ModernJs
        }
        // `module.exports = withModuleFederation` (Nx's CommonJS default export,
        // kept "for older generated code": `require('@nx/react/module-federation')`)
        "@nx/react/module-federation" | "@nrwl/react/module-federation" if p.is_empty() => {
            Plugin::NxWithModuleFederation
        }
        m if (m.starts_with("@nx/") || m.starts_with("@nrwl/"))
            && matches!(
                last,
                Some("withModuleFederation" | "withModuleFederationForSSR" | "NxModuleFederationPlugin")
            ) =>
        {
            Plugin::NxWithModuleFederation
        }
        // `/build` up to 3.x; 4.x has no `/build` export, only `/config`
        "@softarc/native-federation/build"
        | "@softarc/native-federation/config"
        | "@angular-architects/native-federation/config"
        | "@angular-architects/native-federation"
            if last == Some("withNativeFederation") =>
        {
            Plugin::NativeFederation
        }
        "@angular-architects/module-federation/webpack" | "@angular-architects/module-federation"
            if last == Some("withModuleFederationPlugin") =>
        {
            Plugin::AngularArchitects
        }
        _ => return None,
    })
}

pub struct WorkspaceHost<'d> {
    pub disk: &'d Disk,
    /// Workspace package name → its directory.
    pub packages: HashMap<String, PathBuf>,
    /// Configs already evaluated, by (path, bundler).
    pub(crate) evaluated: std::cell::RefCell<HashMap<(PathBuf, crate::model::Bundler), crate::extract::Extracted>>,
    /// Resolutions already made, by (importing directory, request): the files of a directory
    /// import the same requests, which resolve the same.
    /// (keyed by the directory's bytes: hashing a `Path` walks its components)
    pub(crate) resolved:
        std::cell::RefCell<rustc_hash::FxHashMap<std::ffi::OsString, rustc_hash::FxHashMap<String, Resolved>>>,
}

impl WorkspaceHost<'_> {
    fn resolve_uncached(&self, from: &Path, specifier: &str) -> Resolved {
        if specifier.starts_with("./") || specifier.starts_with("../") || specifier == "." || specifier == ".." {
            let base = crate::disk::join_normal(from.parent().unwrap_or(Path::new("/")), specifier);
            if !self.disk.inside(&base) {
                return Resolved::Unresolved("it is outside the analysed directory".into());
            }
            return match self.probe(&base, specifier.ends_with('/')) {
                Some(p) => Resolved::File(p),
                None => Resolved::Unresolved("no such file".into()),
            };
        }
        if specifier.starts_with('/') {
            return match self.probe_file(Path::new(specifier)) {
                Some(p) if self.disk.inside(&p) => Resolved::File(p),
                _ => Resolved::Unresolved("an absolute path outside the analysed directory".into()),
            };
        }
        if let Some(name) = pkg::package_of_request(specifier)
            && let Some(dir) = self.packages.get(&name)
        {
            let sub = specifier[name.len()..].trim_start_matches('/');
            if let Some(p) = self.package_entry(dir, sub) {
                return Resolved::File(p);
            }
        }
        Resolved::Package(specifier.to_string())
    }

    /// The file a path names, as a bundler probes it (see [`Self::probe`]). A path written
    /// otherwise than `dir/name` is made normal first, so that one file is one key of the
    /// caches whatever path led to it; one that ends in `/`, `/.` or `/..` asks for a directory.
    fn probe_file(&self, base: &Path) -> Option<PathBuf> {
        if crate::disk::is_normal(base) {
            return self.probe(base, false);
        }
        let last = base.as_os_str().as_encoded_bytes().rsplit(|b| *b == b'/').next();
        self.probe(&normalize(base), matches!(last, Some(b"" | b"." | b"..")))
    }

    /// The file a normal path names: the file itself, the TypeScript source of a `.js` name,
    /// the name with each extension, else the directory's index; only the index when the
    /// request asks for a `directory` (`./store/`: never `store.ts`, as webpack and Node resolve it).
    fn probe(&self, base: &Path, directory: bool) -> Option<PathBuf> {
        if directory {
            return self.probe_index(base);
        }
        // the candidates are names in one directory: looked up in its listing, with a path
        // built only for the one found
        let (Some(dir), Some(name)) = (base.parent(), base.file_name()) else { return None };
        // (a directory inside the analysed one holds only files inside it)
        let listing = if self.disk.inside(dir) { self.disk.listing(dir) } else { None };
        let file = |n: &str| listing.as_ref().is_some_and(|l| l.get(std::ffi::OsStr::new(n)) == Some(&false));
        let s = name.to_string_lossy();
        if file(&s) {
            return Some(base.to_path_buf());
        }
        // TypeScript sources imported as `./x.js`
        for (js, ts) in [(".js", ".ts"), (".mjs", ".mts"), (".cjs", ".cts"), (".jsx", ".tsx")] {
            if let Some(stem) = s.strip_suffix(js) {
                let n = format!("{stem}{ts}");
                if file(&n) {
                    return Some(dir.join(n));
                }
            }
        }
        let mut n = String::with_capacity(s.len() + 5);
        for ext in EXTENSIONS {
            n.clear();
            n.push_str(&s);
            n.push('.');
            n.push_str(ext);
            if file(&n) {
                return Some(dir.join(&n));
            }
        }
        self.probe_index(base)
    }

    /// A directory's `index` module.
    fn probe_index(&self, base: &Path) -> Option<PathBuf> {
        if !self.disk.is_dir(base) {
            return None;
        }
        EXTENSIONS.iter().map(|ext| base.join(format!("index.{ext}"))).find(|p| self.disk.is_file(p))
    }

    /// The entry file of a workspace package for a subpath.
    fn package_entry(&self, dir: &Path, sub: &str) -> Option<PathBuf> {
        let pj = self.disk.json(&dir.join("package.json")).ok();
        // the `exports` map wins over main/module and over plain subpaths, as in bundlers
        if let Some(pj) = &pj
            && let Lookup::Found(exports) = pj.get("exports")
        {
            let key = if sub.is_empty() { ".".to_string() } else { format!("./{sub}") };
            return exports_target(exports, &key).and_then(|t| self.probe_file(&normalize(&dir.join(t))));
        }
        if !sub.is_empty() {
            return self.probe_file(&dir.join(sub));
        }
        if let Some(pj) = pj {
            for field in ["main", "module"] {
                if let Lookup::Found(v) = pj.get(field)
                    && let Some(m) = v.as_str()
                    && let Some(p) = self.probe_file(&normalize(&dir.join(m)))
                {
                    return Some(p);
                }
            }
        }
        self.probe_file(&dir.join("src/index")).or_else(|| self.probe_file(&dir.join("index")))
    }
}

/// Conditions a browser build resolves with, in priority order.
const CONDITIONS: [&str; 5] = ["browser", "import", "module", "default", "require"];

/// The target of `key` (`.` or `./sub`) in a package.json `exports` value.
fn exports_target(exports: &Value, key: &str) -> Option<String> {
    fn pick(v: &Value) -> Option<String> {
        match &v.kind {
            Kind::Str(s) => Some(s.clone()),
            Kind::Array(items) => items.iter().find_map(pick),
            Kind::Object(_) => CONDITIONS.iter().find_map(|c| match v.get(c) {
                Lookup::Found(x) => pick(x),
                _ => None,
            }),
            _ => None,
        }
    }
    match &exports.kind {
        Kind::Str(_) | Kind::Array(_) if key == "." => pick(exports),
        Kind::Object(entries) => {
            let subpaths = entries.iter().any(|e| matches!(e, Entry::Prop { key, .. } if key.starts_with('.')));
            if !subpaths {
                // a conditions object for "."
                return if key == "." { pick(exports) } else { None };
            }
            if let Lookup::Found(v) = exports.get(key) {
                return pick(v);
            }
            // subpath patterns: "./*": "./src/*.js"
            for e in entries {
                if let Entry::Prop { key: pattern, value, .. } = e
                    && let Some((pre, post)) = pattern.split_once('*')
                    && let Some(rest) = key.strip_prefix(pre).and_then(|r| r.strip_suffix(post))
                {
                    return pick(value).map(|t| t.replace('*', rest));
                }
            }
            None
        }
        _ => None,
    }
}

impl Host for WorkspaceHost<'_> {
    fn resolve(&self, from: &Path, specifier: &str) -> Resolved {
        let dir = from.parent().unwrap_or(Path::new("/"));
        if let Some(r) = self.resolved.borrow().get(dir.as_os_str()).and_then(|m| m.get(specifier)) {
            return r.clone();
        }
        let r = self.resolve_uncached(from, specifier);
        self.resolved
            .borrow_mut()
            .entry(dir.as_os_str().to_owned())
            .or_default()
            .insert(specifier.to_string(), r.clone());
        r
    }

    fn read(&self, path: &Path) -> Result<String, String> {
        self.disk.text(path).map(|t| t.to_string())
    }

    fn captures(&self, module: &str, path: &[String]) -> bool {
        plugin_of(module, path).is_some()
    }

    fn env(&self, name: &str, loc: Loc) -> Option<Value> {
        match name {
            "NODE_ENV" | "MODE" => {
                let mut v = Value::str("production", loc);
                v.mode_dependent = true;
                Some(v)
            }
            "PROD" => {
                let mut v = Value::new(Kind::Bool(true), loc);
                v.mode_dependent = true;
                Some(v)
            }
            "DEV" => {
                let mut v = Value::new(Kind::Bool(false), loc);
                v.mode_dependent = true;
                Some(v)
            }
            _ => None,
        }
    }

    fn external_call(&self, file: &Path, module: &str, path: &[String], construct: bool, args: &[Value]) -> Behaviour {
        if construct {
            return Behaviour::Opaque;
        }
        let p: Vec<&str> = strip_default(path).iter().map(String::as_str).collect();
        let last = p.last().copied().unwrap_or("");
        let build_env = |loc: Loc| {
            let mut v = obj(
                &[
                    ("command", Value::str("build", loc)),
                    ("mode", Value::str("production", loc)),
                    ("env", Value::str("production", loc)),
                    ("isSsrBuild", Value::new(Kind::Bool(false), loc)),
                    ("isPreview", Value::new(Kind::Bool(false), loc)),
                ],
                loc,
            );
            v.mode_dependent = true;
            v
        };
        let loc = args.first().map(|a| a.loc).unwrap_or_default();
        match (module, last) {
            (
                "vite"
                | "vitest/config"
                | "@rsbuild/core"
                | "@modern-js/app-tools"
                | "@rspack/cli"
                | "@rspack/core"
                | "@module-federation/modern-js/config",
                "defineConfig",
            ) => Behaviour::Identity { arg: 0, call_with: vec![build_env(loc)] },
            (m, "createModuleFederationConfig") if m.starts_with("@module-federation/") => {
                Behaviour::Identity { arg: 0, call_with: Vec::new() }
            }
            (m, "share") if nf_module(m) => Behaviour::Value(self.native_share(file, m, args, loc, false)),
            (m, "shareAll") if nf_module(m) => Behaviour::Value(self.native_share(file, m, args, loc, true)),
            ("webpack-merge", "merge" | "mergeWithCustomize" | "") if !args.is_empty() => {
                let mut acc = args[0].clone();
                for a in &args[1..] {
                    acc = merge_values(&acc, a);
                }
                Behaviour::Value(acc)
            }
            _ => Behaviour::Opaque,
        }
    }
}

fn obj(props: &[(&str, Value)], loc: Loc) -> Value {
    Value::new(
        Kind::Object(
            props.iter().map(|(k, v)| Entry::Prop { key: k.to_string(), key_loc: loc, value: v.clone() }).collect(),
        ),
        loc,
    )
}

/// webpack-merge: objects merged key by key, arrays concatenated, else the later wins.
pub fn merge_values(a: &Value, b: &Value) -> Value {
    match (&a.kind, &b.kind) {
        (Kind::Object(_), Kind::Object(eb)) => {
            let (pa, ua) = a.props();
            let mut entries: Vec<Entry> = Vec::new();
            if let Some(u) = ua {
                entries.push(Entry::Spread(u.clone()));
            }
            let (pb, _) = b.props();
            for (k, v) in &pa {
                let merged = match pb.iter().find(|(kb, _)| kb == k) {
                    Some((_, vb)) => merge_values(v, vb),
                    None => (*v).clone(),
                };
                entries.push(Entry::Prop { key: k.to_string(), key_loc: merged.loc, value: merged });
            }
            for e in eb {
                match e {
                    Entry::Prop { key, .. } if pa.iter().any(|(k, _)| k == key) => {}
                    other => entries.push(other.clone()),
                }
            }
            Value::new(Kind::Object(entries), b.loc)
        }
        (Kind::Array(x), Kind::Array(y)) => {
            let mut items = x.clone();
            items.extend(y.iter().cloned());
            Value::new(Kind::Array(items), b.loc)
        }
        (_, Kind::Undefined) => a.clone(),
        _ => b.clone(),
    }
}

/// Modules whose `share`/`shareAll` are Native Federation's (the core, or the
/// Angular adapter's re-exports and wrappers).
fn nf_module(m: &str) -> bool {
    m.starts_with("@softarc/native-federation") || m.starts_with("@angular-architects/native-federation")
}

/// A release line of `@softarc/native-federation`: `share`, `shareAll` and the
/// default skip list differ between them. Read from the npm packages 2.0.28,
/// 3.5.5 and 4.7.0 (`src/lib/config/share-utils.js` and
/// `src/lib/core/default-skip-list.js`; 4.x `dist/lib/config/*.js`), and
/// `@angular-architects/native-federation` 21.2.5 (re-exports the core's) and
/// 22.0.6 / 22.1.3 (`src/config/share-utils.js`, `angular-skip-list.js`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NfLine {
    /// `shareAll(config, skip = DEFAULT_SKIP_LIST, projectPath)`.
    V2,
    /// `shareAll(config, { skipList, projectPath, overrides })`.
    V3,
    /// 3.x plus `filter`; exported from `/config` (no `/build`).
    V4,
}

impl NfLine {
    fn label(self) -> &'static str {
        match self {
            NfLine::V2 => "2.x",
            NfLine::V3 => "3.x",
            NfLine::V4 => "4.x",
        }
    }
}

/// `skipList`: the line's default, or the names given.
#[derive(Clone, Debug, PartialEq)]
enum SkipList {
    Default,
    Names(Vec<String>),
}

/// `pkg.startsWith('@angular/') && !!pkg.match(/\/testing(\/|$)/)`
fn angular_testing(k: &str) -> bool {
    k.starts_with("@angular/") && (k.contains("/testing/") || k.ends_with("/testing"))
}

/// `/\/schematics(\/|$)/`
fn schematics(k: &str) -> bool {
    k.contains("/schematics/") || k.ends_with("/schematics")
}

/// Whether the line's `DEFAULT_SKIP_LIST` (with the Angular adapter's
/// `NG_SKIP_LIST` on 4.x) skips `k`. Strings match whole keys only
/// (`skipList.strings.has(entry)`), so `'tslib/'` never matches `tslib`.
fn default_skipped(line: NfLine, angular: bool, k: &str) -> bool {
    const V2_V3: [&str; 14] = [
        "@softarc/native-federation-runtime",
        "@softarc/native-federation",
        "@softarc/native-federation-core",
        "@softarc/native-federation-node",
        "@softarc/native-federation-esbuild",
        "@angular-architects/native-federation",
        "@angular-architects/native-federation-runtime",
        "es-module-shims",
        "zone.js",
        "tslib/",
        "@angular/localize",
        "@angular/localize/init",
        "@angular/localize/tools",
        "express",
    ];
    const V4: [&str; 9] = [
        "@softarc/native-federation",
        "@softarc/native-federation-core",
        "@softarc/native-federation-node",
        "@softarc/native-federation-esbuild",
        "@softarc/native-federation-runtime",
        "@softarc/native-federation-orchestrator",
        "vanilla-native-federation",
        "es-module-shims",
        "tslib/",
    ];
    const NG: [&str; 10] = [
        "@angular-architects/native-federation",
        "@angular-architects/native-federation/config",
        "@angular-architects/native-federation/internal",
        "zone.js",
        "@angular/localize",
        "@angular/localize/init",
        "@angular/localize/tools",
        "@angular/router/upgrade",
        "@angular/common/upgrade",
        "tslib/",
    ];
    let types = k.starts_with("@types/");
    match line {
        NfLine::V2 => {
            V2_V3.contains(&k)
                || k.starts_with("@angular/common/locales")
                || k.starts_with("rxjs/internal")
                || schematics(k)
                || k.starts_with("@nx/angular")
                || angular_testing(k)
                || types
        }
        NfLine::V3 => {
            V2_V3.contains(&k) || schematics(k) || k.starts_with("@nx/angular") || angular_testing(k) || types
        }
        NfLine::V4 => {
            V4.contains(&k)
                || types
                || (angular && (NG.contains(&k) || k.starts_with("@nx/angular") || angular_testing(k)))
        }
    }
}

fn skipped(line: NfLine, angular: bool, list: &SkipList, k: &str) -> bool {
    match list {
        SkipList::Default => default_skipped(line, angular, k),
        SkipList::Names(names) => names.iter().any(|n| n == k),
    }
}

/// A skip list written in the config: its names, or why it is not known.
fn skip_names(v: &Value, what: &str) -> Result<SkipList, String> {
    match &v.kind {
        Kind::Array(items) => items
            .iter()
            .map(|i| {
                i.as_str().map(String::from).ok_or_else(|| {
                    format!("{what} has an entry that is not a package name ({}), which fedscope does not run", {
                        match &i.kind {
                            Kind::Unknown(_) => fedscope_js::eval::describe_unknown(i),
                            _ => "a RegExp or a function".to_string(),
                        }
                    })
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(SkipList::Names),
        Kind::Unknown(_) => Err(format!("{what} is {}", fedscope_js::eval::describe_unknown(v))),
        _ => Err(format!("{what} is not an array")),
    }
}

/// `matchesWildcard` (4.x `utils/path-patterns.js`): one `*`, prefix and suffix.
fn matches_wildcard(value: &str, pattern: &str) -> bool {
    match pattern.split_once('*') {
        None => value == pattern,
        Some((pre, post)) => value.starts_with(pre) && (post.is_empty() || value.ends_with(post)),
    }
}

/// `includeSecondaries` of one shared entry.
enum Secondaries {
    None,
    /// `skip` (replaces the default exclusions) and `resolveGlob`.
    Some {
        skip: Option<Vec<String>>,
        resolve_glob: bool,
    },
    Unknown(String),
}

fn includes_secondaries(o: &Value) -> Secondaries {
    match o.get("includeSecondaries") {
        Lookup::Missing => Secondaries::Some { skip: None, resolve_glob: false },
        Lookup::Found(v) => match &v.kind {
            Kind::Undefined => Secondaries::Some { skip: None, resolve_glob: false },
            Kind::Object(_) => {
                let skip = match v.get("skip") {
                    Lookup::Found(s) => match &s.kind {
                        Kind::Str(x) => Some(vec![x.clone()]),
                        Kind::Array(items) => match items.iter().map(|i| i.as_str().map(String::from)).collect() {
                            Some(names) => Some(names),
                            None => return Secondaries::Unknown("`includeSecondaries.skip` is not known".into()),
                        },
                        Kind::Undefined => None,
                        _ => return Secondaries::Unknown("`includeSecondaries.skip` is not known".into()),
                    },
                    Lookup::Missing => None,
                    Lookup::Unknown(_) => return Secondaries::Unknown("`includeSecondaries.skip` is not known".into()),
                };
                let resolve_glob = matches!(v.get("resolveGlob"), Lookup::Found(g) if g.truthy() == Some(true));
                Secondaries::Some { skip, resolve_glob }
            }
            _ => match v.truthy() {
                Some(true) => Secondaries::Some { skip: None, resolve_glob: false },
                Some(false) => Secondaries::None,
                None => {
                    Secondaries::Unknown(format!("`includeSecondaries` is {}", fedscope_js::eval::describe_unknown(v)))
                }
            },
        },
        Lookup::Unknown(_) => {
            Secondaries::Unknown("`includeSecondaries` may be set by a value that is not known".into())
        }
    }
}

/// `getDefaultEntry(exports, key)`.
fn default_entry(line: NfLine, e: &Value) -> Option<String> {
    if let Some(s) = e.as_str() {
        return Some(s.to_string());
    }
    let pick = |cond: &str, inner: &[&str]| -> Option<String> {
        let Lookup::Found(v) = e.get(cond) else { return None };
        match &v.kind {
            Kind::Str(s) if !s.is_empty() => Some(s.clone()),
            Kind::Object(_) => inner.iter().find_map(|k| match v.get(k) {
                Lookup::Found(x) => x.as_str().filter(|s| !s.is_empty()).map(String::from),
                _ => None,
            }),
            _ => None,
        }
    };
    match line {
        NfLine::V2 => pick("default", &["default"]).or_else(|| pick("import", &["import"])),
        _ => pick("default", &["default"])
            .or_else(|| pick("import", &["import", "default"]))
            .or_else(|| pick("require", &["require", "default"])),
    }
}

fn is_js(f: &str) -> bool {
    f.ends_with(".js") || f.ends_with(".mjs") || f.ends_with(".cjs")
}

/// Most directories `findSecondaries` walks in one package before fedscope gives up.
const MAX_SECONDARY_DIRS: usize = 5000;

impl WorkspaceHost<'_> {
    /// The lines the call may run: the installed core's (for the adapter, the
    /// core it depends on), else what the import path allows.
    fn nf_lines(&self, file: &Path, module: &str) -> (Vec<NfLine>, bool) {
        let dir = file.parent().unwrap_or(Path::new("/"));
        let angular = module.starts_with("@angular-architects/");
        let line_of = |v: &str| match v.split('.').next().and_then(|m| m.parse::<u64>().ok()) {
            Some(0..=2) => Some(NfLine::V2),
            Some(3) => Some(NfLine::V3),
            Some(_) => Some(NfLine::V4),
            None => None,
        };
        let core_from = if angular {
            pkg::installed_dir(self.disk, dir, "@angular-architects/native-federation")
        } else {
            Some(dir.to_path_buf())
        };
        let core = core_from
            .and_then(|d| pkg::installed_version(self.disk, &d, "@softarc/native-federation"))
            .and_then(|(v, _)| line_of(&v));
        let lines = match core {
            Some(l) => vec![l],
            None if angular => {
                match pkg::installed_version(self.disk, dir, "@angular-architects/native-federation")
                    .and_then(|(v, _)| v.split('.').next().and_then(|m| m.parse::<u64>().ok()))
                {
                    Some(22..) => vec![NfLine::V4],
                    Some(20 | 21) => vec![NfLine::V3],
                    _ => vec![NfLine::V2, NfLine::V3, NfLine::V4],
                }
            }
            None if module.ends_with("/config") => vec![NfLine::V4],
            None if module.ends_with("/build") => vec![NfLine::V2, NfLine::V3],
            None => vec![NfLine::V2, NfLine::V3, NfLine::V4],
        };
        (lines, angular)
    }

    /// Whether the Native Federation config `file` (importing from `module`)
    /// builds with core 4.x: `Some(true)` only 4.x, `Some(false)` not, `None`
    /// not known.
    pub(crate) fn native_federation_4(&self, file: &Path, module: &str) -> Option<bool> {
        let (lines, _) = self.nf_lines(file, module);
        if lines == [NfLine::V4] {
            Some(true)
        } else if !lines.contains(&NfLine::V4) {
            Some(false)
        } else {
            None
        }
    }

    /// Native Federation's `share(objects, projectPath?, skipList?)` and
    /// `shareAll(config, …)`, for every line the call may run: a key on which
    /// the lines disagree is not known.
    fn native_share(&self, file: &Path, module: &str, args: &[Value], loc: Loc, all: bool) -> Value {
        let (lines, angular) = self.nf_lines(file, module);
        let results: Vec<(NfLine, Result<Vec<Entry>, String>)> = lines
            .iter()
            .map(|&line| {
                let r = if all {
                    self.nf_share_all(line, angular, file, args, loc)
                } else {
                    self.nf_share(line, angular, file, args)
                };
                (line, r)
            })
            .collect();
        let call = if all { "shareAll()" } else { "share()" };
        if let Some((_, Err(why))) = results.iter().find(|(_, r)| r.is_err()) {
            return Value::unknown(format!("{call}: {why}"), loc);
        }
        let results: Vec<(NfLine, Vec<Entry>)> = results.into_iter().map(|(l, r)| (l, r.unwrap_or_default())).collect();
        if results.len() == 1 {
            return Value::new(Kind::Object(results.into_iter().next().map(|r| r.1).unwrap_or_default()), loc);
        }
        // several candidate lines: keep what they agree on
        let key_of = |e: &Entry| match e {
            Entry::Prop { key, .. } => Some(key.clone()),
            Entry::Spread(_) => None,
        };
        let mut out: Vec<Entry> = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        for (_, entries) in &results {
            for e in entries {
                let Some(k) = key_of(e) else {
                    if !out.contains(e) {
                        out.push(e.clone());
                    }
                    continue;
                };
                if seen.contains(&k) {
                    continue;
                }
                seen.push(k.clone());
                let found: Vec<Option<&Value>> = results
                    .iter()
                    .map(|(_, es)| {
                        es.iter().rev().find_map(|x| match x {
                            Entry::Prop { key, value, .. } if *key == k => Some(value),
                            _ => None,
                        })
                    })
                    .collect();
                let first = found[0];
                if found.iter().all(|f| *f == first) {
                    out.push(e.clone());
                } else {
                    let with: Vec<&str> =
                        results.iter().zip(&found).filter(|(_, f)| f.is_some()).map(|((l, _), _)| l.label()).collect();
                    let without: Vec<&str> =
                        results.iter().zip(&found).filter(|(_, f)| f.is_none()).map(|((l, _), _)| l.label()).collect();
                    let why = if without.is_empty() {
                        format!(
                            "{call} configures `{k}` differently in Native Federation {}, and the installed version is not known",
                            with.join(", ")
                        )
                    } else {
                        format!(
                            "{call} shares `{k}` in Native Federation {} and not in {} (their default skip lists differ), and the installed version is not known",
                            with.join(", "),
                            without.join(", ")
                        )
                    };
                    let key_loc = match e {
                        Entry::Prop { key_loc, .. } => *key_loc,
                        Entry::Spread(v) => v.loc,
                    };
                    out.push(Entry::Prop { key: k, key_loc, value: Value::unknown(why, key_loc) });
                }
            }
        }
        Value::new(Kind::Object(out), loc)
    }

    /// `shareAll`: every `dependencies` entry of the project's package.json not
    /// skipped (nor filtered, nor overridden), as `{ ...config, requiredVersion }`
    /// where a missing, falsy or `'auto'` requiredVersion is the listed range
    /// (passed on as `'auto'`, which the graph resolves against that package.json
    /// line), then `share()` of those and of `overrides`.
    fn nf_share_all(
        &self,
        line: NfLine,
        angular: bool,
        file: &Path,
        args: &[Value],
        loc: Loc,
    ) -> Result<Vec<Entry>, String> {
        let empty = obj(&[], loc);
        let config = match args.first() {
            None => &empty,
            Some(v) if matches!(v.kind, Kind::Undefined) => &empty,
            Some(v @ Value { kind: Kind::Object(_), .. }) => v,
            Some(v) => return Err(format!("its config is {}", fedscope_js::eval::describe_unknown(v))),
        };
        let second = args.get(1).filter(|v| !matches!(v.kind, Kind::Undefined));
        let mut skip = SkipList::Default;
        let mut overrides: Option<&Value> = None;
        let mut filter: Option<Vec<String>> = None;
        match (line, second) {
            (_, None) => {}
            (NfLine::V2, Some(v)) => skip = skip_names(v, "its skip list")?,
            // 3.x and later read `opts.skipList`; an array has none, so the default applies
            (_, Some(Value { kind: Kind::Array(_), .. })) => {}
            (_, Some(opts @ Value { kind: Kind::Object(_), .. })) => {
                match opts.get("skipList") {
                    Lookup::Found(v) if !matches!(v.kind, Kind::Undefined) => skip = skip_names(v, "`skipList`")?,
                    Lookup::Unknown(_) => return Err("`skipList` may be set by a value that is not known".into()),
                    _ => {}
                }
                match opts.get("overrides") {
                    Lookup::Found(v @ Value { kind: Kind::Object(_), .. }) => overrides = Some(v),
                    Lookup::Found(Value { kind: Kind::Undefined, .. }) | Lookup::Missing => {}
                    _ => return Err("`overrides` is not known".into()),
                }
                if line == NfLine::V4 {
                    match opts.get("filter") {
                        Lookup::Found(v) if !matches!(v.kind, Kind::Undefined) => match skip_names(v, "`filter`")? {
                            SkipList::Names(n) => filter = Some(n),
                            SkipList::Default => {}
                        },
                        Lookup::Unknown(_) => return Err("`filter` may be set by a value that is not known".into()),
                        _ => {}
                    }
                }
                if let Lookup::Found(p) | Lookup::Unknown(p) = opts.get("projectPath")
                    && !matches!(p.kind, Kind::Undefined)
                {
                    return Err("`projectPath` names the package.json to read, which fedscope does not follow".into());
                }
            }
            (_, Some(v)) => return Err(format!("its options are {}", fedscope_js::eval::describe_unknown(v))),
        }
        let Some(pj_path) = file.parent().and_then(|d| pkg::nearest(self.disk, d)) else {
            return Err("it reads a package.json, and none was found above the config".into());
        };
        let Ok(pj) = self.disk.json(&pj_path) else {
            return Err(format!("it reads {}, which cannot be read", self.disk.rel(&pj_path)));
        };
        let mut items: Vec<(String, Value, Loc)> = Vec::new();
        if let Lookup::Found(deps) = pj.get("dependencies") {
            for (name, _) in deps.props().0 {
                if skipped(line, angular, &skip, name)
                    || filter.as_ref().is_some_and(|f| !f.iter().any(|p| matches_wildcard(name, p)))
                    || overrides.is_some_and(|o| o.props().0.iter().any(|(k, _)| name.starts_with(k)))
                {
                    continue;
                }
                let mut value = config.clone();
                let auto = Value::str("auto", config.loc);
                let required = match config.get("requiredVersion") {
                    Lookup::Missing => Some(auto),
                    Lookup::Found(r) => match &r.kind {
                        Kind::Str(s) if s == "auto" => Some(auto),
                        Kind::Object(_) if line == NfLine::V4 => Some(Value::unknown(
                            "requiredVersion { range, version } (applyAutoRequiredOptions) is not modelled",
                            r.loc,
                        )),
                        _ if r.truthy() == Some(false) => Some(auto),
                        _ => None,
                    },
                    Lookup::Unknown(_) => None,
                };
                if let (Some(rv), Kind::Object(es)) = (required, &mut value.kind) {
                    es.push(Entry::Prop { key: "requiredVersion".into(), key_loc: rv.loc, value: rv });
                }
                items.push((name.to_string(), value, loc));
            }
        }
        let mut out = self.nf_share_objects(line, angular, &pj_path, items, &skip)?;
        if let Some(o) = overrides {
            let items = o.props().0.into_iter().map(|(k, v)| (k.to_string(), v.clone(), o.key_loc(k).unwrap_or(o.loc)));
            out.extend(self.nf_share_objects(line, angular, &pj_path, items.collect(), &skip)?);
        }
        Ok(out)
    }

    /// `share(objects, projectPath = '', skipList = DEFAULT_SKIP_LIST)`.
    fn nf_share(&self, line: NfLine, angular: bool, file: &Path, args: &[Value]) -> Result<Vec<Entry>, String> {
        let Some(objects) = args.first() else { return Ok(Vec::new()) };
        if !matches!(objects.kind, Kind::Object(_)) {
            return Err(format!("its argument is {}", fedscope_js::eval::describe_unknown(objects)));
        }
        if let Some(p) = args.get(1)
            && p.as_str().is_none_or(|s| !s.is_empty())
            && !matches!(p.kind, Kind::Undefined)
        {
            return Err("`projectPath` names the package.json to read, which fedscope does not follow".into());
        }
        let skip = match args.get(2) {
            Some(v) if !matches!(v.kind, Kind::Undefined) => skip_names(v, "its skip list")?,
            _ => SkipList::Default,
        };
        let Some(pj_path) = file.parent().and_then(|d| pkg::nearest(self.disk, d)) else {
            return Err("it reads a package.json, and none was found above the config".into());
        };
        let (props, unknown) = objects.props();
        let items =
            props.into_iter().map(|(k, v)| (k.to_string(), v.clone(), objects.key_loc(k).unwrap_or(objects.loc)));
        let mut out = self.nf_share_objects(line, angular, &pj_path, items.collect(), &skip)?;
        if let Some(u) = unknown {
            out.insert(0, Entry::Spread(u.clone()));
        }
        Ok(out)
    }

    /// `shareCore`: each entry as configured (4.x drops a `requiredVersion` that
    /// is not a string), followed by its secondary entry points unless
    /// `includeSecondaries: false`.
    fn nf_share_objects(
        &self,
        line: NfLine,
        angular: bool,
        pj_path: &Path,
        items: Vec<(String, Value, Loc)>,
        skip: &SkipList,
    ) -> Result<Vec<Entry>, String> {
        let pj_dir = pj_path.parent().unwrap_or(Path::new("/"));
        let mut out = Vec::new();
        for (key, value, key_loc) in items {
            let mut o = value;
            if line == NfLine::V4
                && let Kind::Object(es) = &mut o.kind
            {
                es.retain(|e| match e {
                    Entry::Prop { key, value, .. } if key == "requiredVersion" => {
                        matches!(value.kind, Kind::Str(_) | Kind::Object(_) | Kind::Unknown(_))
                    }
                    _ => true,
                });
            }
            let secondaries =
                if matches!(o.kind, Kind::Object(_)) { includes_secondaries(&o) } else { Secondaries::None };
            let loc = o.loc;
            out.push(Entry::Prop { key: key.clone(), key_loc, value: o.clone() });
            match secondaries {
                Secondaries::None => {}
                Secondaries::Unknown(why) => {
                    out.push(Entry::Spread(Value::unknown(format!("secondary entry points of `{key}`: {why}"), loc)))
                }
                Secondaries::Some { skip: exclude, resolve_glob } => {
                    match self.nf_secondaries(line, angular, pj_dir, &key, exclude, resolve_glob, skip) {
                        Ok(names) => {
                            for n in names {
                                out.push(Entry::Prop { key: n, key_loc, value: o.clone() });
                            }
                        }
                        Err(why) => out.push(Entry::Spread(Value::unknown(why, loc))),
                    }
                }
            }
        }
        Ok(out)
    }

    /// `getSecondaries`: the subpaths of the installed package's `exports`
    /// (JavaScript files; wildcard subpaths only with `resolveGlob`, by
    /// globbing), else every directory under it with a package.json; minus
    /// the exclusions and the skip list.
    #[allow(clippy::too_many_arguments)]
    fn nf_secondaries(
        &self,
        line: NfLine,
        angular: bool,
        pj_dir: &Path,
        key: &str,
        exclude: Option<Vec<String>>,
        resolve_glob: bool,
        skip: &SkipList,
    ) -> Result<Vec<String>, String> {
        let package = pkg::package_of_request(key).unwrap_or_else(|| key.to_string());
        let Some(lib) = pkg::installed_dir(self.disk, pj_dir, &package) else {
            return Err(format!(
                "Native Federation also shares the secondary entry points of `{key}` it finds in the installed package, and `{package}` is not installed"
            ));
        };
        let exclude = exclude.unwrap_or_else(|| match line {
            NfLine::V4 => Vec::new(),
            _ => vec!["@angular/router/upgrade".into(), "@angular/common/upgrade".into()],
        });
        let excluded = |name: &str| {
            exclude
                .iter()
                .any(|e| e == name || (line != NfLine::V2 && e.strip_suffix('*').is_some_and(|p| name.starts_with(p))))
        };
        let skipped_here = |name: &str| match line {
            // 2.x checks secondaries against its default list whatever the argument
            NfLine::V2 => default_skipped(NfLine::V2, false, name),
            _ => skipped(line, angular, skip, name),
        };
        let join = |sub: &str| {
            let mut parts: Vec<&str> = key.split('/').collect();
            for s in sub.split('/') {
                match s {
                    "" | "." => {}
                    ".." => {
                        parts.pop();
                    }
                    s => parts.push(s),
                }
            }
            parts.join("/")
        };
        let lib_pj = lib.join("package.json");
        let pj = self.disk.json(&lib_pj).map_err(|(e, _)| {
            format!("the secondary entry points of `{key}`: {} cannot be read ({e})", self.disk.rel(&lib_pj))
        })?;
        match pj.get("exports") {
            Lookup::Found(exports) if exports.truthy() != Some(false) => {
                let Kind::Object(_) = exports.kind else {
                    return match exports.truthy() {
                        Some(true) => Ok(Vec::new()),
                        _ => Err(format!("the `exports` of {} is not known", self.disk.rel(&lib_pj))),
                    };
                };
                let mut out = Vec::new();
                for (sub, target) in exports.props().0 {
                    let conditions = |c: &str| matches!(target.get(c), Lookup::Found(x) if x.truthy() == Some(true));
                    if sub == "."
                        || sub == "./package.json"
                        || !sub.starts_with("./")
                        || !(target.as_str().is_some() || conditions("default") || conditions("import"))
                    {
                        continue;
                    }
                    let name = join(sub);
                    if excluded(&name) || skipped_here(&name) {
                        continue;
                    }
                    let Some(entry) = default_entry(line, target) else { continue };
                    let wildcard = sub.contains('*');
                    if !is_js(&entry) && (line != NfLine::V4 || !wildcard) {
                        continue;
                    }
                    if wildcard {
                        if line == NfLine::V2 || resolve_glob {
                            return Err(format!(
                                "the secondary entry points of `{key}` include the wildcard export `{sub}` of {}, which Native Federation expands by globbing the package's files; fedscope does not",
                                self.disk.rel(&lib_pj)
                            ));
                        }
                        continue;
                    }
                    out.push(name);
                }
                Ok(out)
            }
            Lookup::Unknown(_) => Err(format!("the `exports` of {} is not known", self.disk.rel(&lib_pj))),
            // no `exports`: every directory under the package with a package.json
            _ => {
                let mut out = Vec::new();
                let mut visited = 0usize;
                let mut stack = vec![lib.clone()];
                while let Some(dir) = stack.pop() {
                    let Ok(rd) = std::fs::read_dir(&dir) else { continue };
                    let mut subdirs: Vec<PathBuf> = rd
                        .filter_map(Result::ok)
                        .map(|e| e.path())
                        .filter(|p| !p.ends_with("node_modules") && p.symlink_metadata().is_ok_and(|m| m.is_dir()))
                        .collect();
                    subdirs.sort();
                    for s in subdirs.into_iter().rev() {
                        visited += 1;
                        if visited > MAX_SECONDARY_DIRS {
                            return Err(format!(
                                "the secondary entry points of `{key}` are the directories with a package.json under {}, more than fedscope walks",
                                self.disk.rel(&lib)
                            ));
                        }
                        if s.join("package.json").is_file() {
                            let rel = s
                                .strip_prefix(&lib)
                                .map(|r| r.to_string_lossy().replace('\\', "/"))
                                .unwrap_or_default();
                            let name = format!("{package}/{rel}");
                            if excluded(&name) || skipped_here(&name) {
                                continue;
                            }
                            out.push(name);
                        }
                        stack.push(s);
                    }
                }
                out.sort();
                Ok(out)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_relative_request_joins_as_normalize_makes_it() {
        for dir in ["/", "/a", "/a/b/c", "/a/./b", "/a/b/"] {
            for req in [".", "..", "./x", "../x", "../../../../x", "./x/", "./x/../y", ".//x/./y", "../x/.."] {
                let want = normalize(&Path::new(dir).join(req));
                assert_eq!(crate::disk::join_normal(Path::new(dir), req), want, "{dir} + {req}");
            }
        }
    }

    #[test]
    fn probing_finds_what_a_bundler_finds() {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let dir = std::env::temp_dir().join(format!("fedscope-probe-{}-{nanos}", std::process::id()));
        for (f, text) in [("src/store.ts", ""), ("src/store/index.ts", ""), ("src/a.tsx", ""), ("src/b.ts", "")] {
            let p = dir.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let root = normalize(&std::fs::canonicalize(&dir).unwrap());
        let disk = Disk::new(&root);
        let host = WorkspaceHost {
            disk: &disk,
            packages: HashMap::new(),
            evaluated: Default::default(),
            resolved: Default::default(),
        };
        let from = root.join("src/index.js");
        let file = |spec: &str| match host.resolve(&from, spec) {
            Resolved::File(p) => p.strip_prefix(&root).unwrap().to_string_lossy().to_string(),
            other => format!("{other:?}"),
        };
        // a file before a directory's index; `.js` written for a TypeScript source; `.jsx` for `.tsx`
        assert_eq!(file("./store"), "src/store.ts");
        assert_eq!(file("./store/"), "src/store/index.ts");
        assert_eq!(file("../src/./store"), "src/store.ts");
        assert_eq!(file("./store/../b"), "src/b.ts");
        assert_eq!(file("./b.js"), "src/b.ts");
        assert_eq!(file("./a.jsx"), "src/a.tsx");
        assert_eq!(file("./a"), "src/a.tsx");
        // an absolute request (as aliases resolve): a trailing `/` asks for the directory's
        // index, and `.` parts make no second path to the same file
        let abs = |rel: &str| format!("{}/{rel}", root.display());
        assert_eq!(file(&abs("src/store/")), "src/store/index.ts");
        assert_eq!(file(&abs("src/store/.")), "src/store/index.ts");
        assert_eq!(file(&abs("src/./a")), "src/a.tsx");
        assert!(file("./missing").starts_with("Unresolved"), "{}", file("./missing"));
        std::fs::remove_dir_all(&dir).ok();
    }
}
