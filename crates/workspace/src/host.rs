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
        "@module-federation/modern-js" if last == Some("moduleFederationPlugin") => Plugin::ModernJs,
        m if (m.starts_with("@nx/") || m.starts_with("@nrwl/"))
            && matches!(
                last,
                Some("withModuleFederation" | "withModuleFederationForSSR" | "NxModuleFederationPlugin")
            ) =>
        {
            Plugin::NxWithModuleFederation
        }
        "@softarc/native-federation/build"
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
}

impl WorkspaceHost<'_> {
    fn probe_file(&self, base: &Path) -> Option<PathBuf> {
        if self.disk.is_file(base) {
            return Some(base.to_path_buf());
        }
        let s = base.to_string_lossy();
        // TypeScript sources imported as `./x.js`
        for (js, ts) in [(".js", ".ts"), (".mjs", ".mts"), (".cjs", ".cts"), (".jsx", ".tsx")] {
            if let Some(stem) = s.strip_suffix(js) {
                let p = PathBuf::from(format!("{stem}{ts}"));
                if self.disk.is_file(&p) {
                    return Some(p);
                }
            }
        }
        for ext in EXTENSIONS {
            let p = PathBuf::from(format!("{s}.{ext}"));
            if self.disk.is_file(&p) {
                return Some(p);
            }
        }
        if base.is_dir() {
            for ext in EXTENSIONS {
                let p = base.join(format!("index.{ext}"));
                if self.disk.is_file(&p) {
                    return Some(p);
                }
            }
        }
        None
    }

    /// The entry file of a workspace package for a subpath.
    fn package_entry(&self, dir: &Path, sub: &str) -> Option<PathBuf> {
        if !sub.is_empty() {
            return self.probe_file(&dir.join(sub));
        }
        if let Ok(pj) = self.disk.json(&dir.join("package.json")) {
            for field in ["main", "module"] {
                if let Lookup::Found(v) = pj.get(field)
                    && let Some(m) = v.as_str()
                    && let Some(p) = self.probe_file(&dir.join(m))
                {
                    return Some(p);
                }
            }
        }
        self.probe_file(&dir.join("src/index")).or_else(|| self.probe_file(&dir.join("index")))
    }
}

impl Host for WorkspaceHost<'_> {
    fn resolve(&self, from: &Path, specifier: &str) -> Resolved {
        if specifier.starts_with("./") || specifier.starts_with("../") || specifier == "." || specifier == ".." {
            let base = normalize(&from.parent().unwrap_or(Path::new("/")).join(specifier));
            if !self.disk.inside(&base) {
                return Resolved::Unresolved("it is outside the analysed directory".into());
            }
            return match self.probe_file(&base) {
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
            (m, "share") if m.starts_with("@softarc/native-federation") || m.starts_with("@angular-architects/") => {
                Behaviour::Identity { arg: 0, call_with: Vec::new() }
            }
            (m, "shareAll") if m.starts_with("@softarc/native-federation") || m.starts_with("@angular-architects/") => {
                Behaviour::Value(self.share_all(file, args, loc))
            }
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

impl WorkspaceHost<'_> {
    /// Native Federation's `shareAll(config, skip?)`: every `dependencies` entry
    /// of the nearest package.json, with `config` (`requiredVersion: 'auto'`
    /// resolved to the listed specifier).
    fn share_all(&self, file: &Path, args: &[Value], loc: Loc) -> Value {
        let config = args.first().cloned().unwrap_or_else(|| obj(&[], loc));
        let skip: Vec<String> = match args.get(1).map(|a| &a.kind) {
            Some(Kind::Array(items)) => items.iter().filter_map(|i| i.as_str().map(String::from)).collect(),
            _ => Vec::new(),
        };
        let Some(pj_path) = file.parent().and_then(|d| pkg::nearest(self.disk, d)) else {
            return Value::unknown("shareAll() reads a package.json, and none was found above the config", loc);
        };
        let Ok(pj) = self.disk.json(&pj_path) else {
            return Value::unknown(format!("shareAll() reads {}, which cannot be read", self.disk.rel(&pj_path)), loc);
        };
        let mut entries = Vec::new();
        let Lookup::Found(deps) = pj.get("dependencies") else {
            return obj(&[], loc);
        };
        for (name, spec) in deps.props().0 {
            if skip.iter().any(|s| s == name) {
                continue;
            }
            let mut value = config.clone();
            if let Kind::Object(es) = &mut value.kind
                && let Lookup::Found(rv) = config.get("requiredVersion")
                && rv.as_str() == Some("auto")
            {
                es.push(Entry::Prop { key: "requiredVersion".into(), key_loc: spec.loc, value: spec.clone() });
            }
            entries.push(Entry::Prop { key: name.to_string(), key_loc: loc, value });
        }
        Value::new(Kind::Object(entries), loc)
    }
}
