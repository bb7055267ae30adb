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
}

pub const NAMES: [&str; 4] = ["pnpm-lock.yaml", "package-lock.json", "npm-shrinkwrap.json", "yarn.lock"];

fn yaml(text: &str) -> Result<Json, String> {
    let mut budget = serde_saphyr::budget::Budget::default();
    budget.max_nodes = 50_000_000;
    budget.max_events = 200_000_000;
    budget.max_total_scalar_bytes = MAX_LOCKFILE as usize;
    let mut options = serde_saphyr::options::Options::default();
    options.budget = Some(budget);
    serde_saphyr::from_str_with_options::<Json>(text, options).map_err(|e| e.to_string())
}

/// `18.3.1(react@18.3.1)` → `18.3.1`; `link:` / `file:` → none.
fn pnpm_version(v: &str) -> Option<String> {
    let v = v.split('(').next().unwrap_or(v).trim();
    if v.starts_with("link:") || v.starts_with("file:") || v.is_empty() {
        return None;
    }
    // v5 marks peers with a suffix: 18.2.0_react-dom@18.2.0
    let v = v.split('_').next().unwrap_or(v);
    if v.as_bytes()[0].is_ascii_digit() {
        return Some(v.to_string());
    }
    // aliases and paths: npm:react@18.2.0, /react/18.2.0
    Some(v.rsplit(['/', '@']).next().unwrap_or(v).to_string())
}

impl Lockfile {
    pub fn read(disk: &Disk, path: &Path) -> Result<Lockfile, String> {
        let text = disk.text_limited(path, MAX_LOCKFILE)?;
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let mut lf = Lockfile {
            path: path.to_path_buf(),
            kind: LockKind::Npm,
            text: text.clone(),
            table: HashMap::new(),
            descriptors: HashMap::new(),
        };
        match name {
            "pnpm-lock.yaml" => {
                lf.kind = LockKind::Pnpm;
                let doc = yaml(&text).map_err(|e| format!("not valid YAML: {e}"))?;
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
                    return Err("not a pnpm lockfile (no lockfileVersion)".into());
                }
            }
            "package-lock.json" | "npm-shrinkwrap.json" => {
                lf.kind = LockKind::Npm;
                let doc: Json = serde_json::from_str(&text).map_err(|e| format!("not valid JSON: {e}"))?;
                let entry = lf.table.entry(String::new()).or_default();
                if let Some(pkgs) = doc.get("packages").and_then(Json::as_object) {
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
                            if let Some(ver) = v.get("version").and_then(Json::as_str) {
                                out.insert(here.clone(), ver.to_string());
                            }
                            if let Some(inner) = v.get("dependencies").and_then(Json::as_object) {
                                walk(&format!("{here}/"), inner, out);
                            }
                        }
                    }
                    walk("", deps, entry);
                } else {
                    return Err("not an npm lockfile (no packages or dependencies)".into());
                }
            }
            "yarn.lock" => {
                if text.contains("__metadata:") {
                    lf.kind = LockKind::YarnBerry;
                    let doc = yaml(&text).map_err(|e| format!("not valid YAML: {e}"))?;
                    let Some(map) = doc.as_object() else { return Err("not a yarn lockfile".into()) };
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
                } else {
                    lf.kind = LockKind::YarnClassic;
                    let mut current: Vec<String> = Vec::new();
                    for (n, line) in text.lines().enumerate() {
                        if line.trim().is_empty() || line.starts_with('#') {
                            continue;
                        }
                        if !line.starts_with(' ') {
                            let Some(head) = line.strip_suffix(':') else {
                                return Err(format!("not a yarn lockfile: line {} is not an entry", n + 1));
                            };
                            current = head.split(", ").map(|d| d.trim().trim_matches('"').to_string()).collect();
                        } else if let Some(rest) = line.trim_start().strip_prefix("version ") {
                            let version = rest.trim().trim_matches('"').to_string();
                            for d in &current {
                                lf.descriptors.insert(d.clone(), version.clone());
                            }
                        }
                    }
                }
            }
            _ => return Err("not a lockfile".into()),
        }
        Ok(lf)
    }

    /// The version of `package` the importer in `importer_dir` gets, and the
    /// lockfile line that says so. `spec` is the importer's specifier (yarn
    /// resolves by descriptor).
    pub fn resolve(&self, importer_dir: &Path, package: &str, spec: Option<&str>) -> Option<(String, u32)> {
        let base = self.path.parent()?;
        let rel = importer_dir.strip_prefix(base).ok()?.to_string_lossy().replace('\\', "/");
        let version = match self.kind {
            LockKind::Pnpm => {
                let importer = if rel.is_empty() { ".".to_string() } else { rel.clone() };
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
            LockKind::YarnClassic => self.descriptors.get(&format!("{package}@{}", spec?))?.clone(),
            LockKind::YarnBerry => {
                let spec = spec?;
                let descriptor =
                    if spec.contains(':') { format!("{package}@{spec}") } else { format!("{package}@npm:{spec}") };
                self.descriptors.get(&descriptor)?.clone()
            }
        };
        let line = self.line_of(package, &version);
        Some((version, line))
    }

    /// A best line for a resolution: where the package's version appears.
    fn line_of(&self, package: &str, version: &str) -> u32 {
        let needles =
            [format!("{package}@{version}"), format!("/{package}/{version}"), format!("node_modules/{package}\"")];
        for n in &needles {
            if let Some(i) = self.text.find(n.as_str()) {
                return self.text[..i].matches('\n').count() as u32 + 1;
            }
        }
        1
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
            if p.is_file() {
                return Some(p);
            }
        }
        d = x.parent().map(Path::to_path_buf);
    }
    None
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
        assert!(Lockfile::read(&disk, &bad).unwrap_err().contains("not valid YAML"));
        let _ = app;
        std::fs::remove_dir_all(&root).ok();
    }
}
