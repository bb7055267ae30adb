//! What the package manager installs, for the rules of the Workspace table:
//! each app's dependencies as its lockfile resolves them (and what they
//! reach), and each lockfile with the package manager's settings beside it
//! (`.npmrc`, `pnpm-workspace.yaml`, the root package.json's
//! `packageManager`, `overrides` and `resolutions`). Additions to the graph,
//! not part of its JSON output.

use crate::disk::Disk;
use crate::lockfile::{LockKind, Lockfile};
use crate::model::Place;
use crate::pkg;
use fedscope_js::{Lookup, Value};
use std::path::Path;

/// A package version a lockfile resolves for an app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Locked {
    pub package: String,
    pub version: String,
    /// The lockfile line that says so: the app's own entry for a dependency
    /// of its package.json, else the package's entry.
    pub place: Place,
    /// The packages that pull it in, from the app's own dependency (empty for
    /// that dependency itself); workspace packages by path.
    pub via: Vec<String>,
}

/// What an app's lockfile resolves for it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AppLock {
    /// The lockfile (relative path), one of `Graph::lockfiles`.
    pub lockfile: String,
    /// The package.json whose dependencies these are.
    pub manifest: String,
    /// The dependencies of that package.json (`dependencies`,
    /// `devDependencies`, `optionalDependencies`), resolved.
    pub direct: Vec<Locked>,
    /// What they reach through the packages' dependencies (workspace packages
    /// followed) and ends up in the app's bundle: copies that a package the
    /// app's sources import pulls in (a workspace package's own dependency
    /// when the sources import it). Only packages the lockfile holds in more
    /// than one version.
    pub reached: Vec<Locked>,
    /// The `@module-federation/*` packages the app's own federation packages
    /// reach through federation packages only (when it depends on none, what
    /// `@rspack/core` / `@rsbuild/core` bring, as Rspack's built-in plugin uses).
    pub federation: Vec<Locked>,
}

/// A setting of the package manager, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting {
    pub key: String,
    pub value: String,
    pub place: Place,
}

/// A lockfile and the package manager's configuration beside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LockfileInfo {
    pub file: String,
    pub kind: LockKind,
    /// `lockfileVersion`, and where.
    pub version: Option<(String, Place)>,
    /// `pnpm-workspace.yaml` beside the lockfile.
    pub pnpm_workspace: Option<String>,
    /// From `.npmrc` then `pnpm-workspace.yaml` beside the lockfile (top-level keys).
    pub settings: Vec<Setting>,
    /// The root package.json beside the lockfile.
    pub manifest: Option<String>,
    /// Its `packageManager` (`pnpm@9.12.0`).
    pub package_manager: Option<(String, Place)>,
    /// The packages its `overrides`, `resolutions`, `pnpm.overrides` (and
    /// `pnpm-workspace.yaml`'s `overrides`) pin: (package, place).
    pub overrides: Vec<(String, Place)>,
}

impl LockfileInfo {
    /// The last setting of one of these names (`pnpm-workspace.yaml` is read
    /// after `.npmrc`, and wins).
    pub fn setting(&self, names: &[&str]) -> Option<&Setting> {
        self.settings.iter().rev().find(|s| names.contains(&s.key.as_str()))
    }
}

const FEDERATION_BUNDLERS: [&str; 2] = ["@rspack/core", "@rsbuild/core"];

fn is_federation(name: &str) -> bool {
    name.starts_with("@module-federation/")
}

/// What `lock` resolves for the app in `app_dir` (from its nearest package.json),
/// whose sources import `uses`.
pub(crate) fn app_lock(disk: &Disk, lock: &Lockfile, app_dir: &Path, uses: &[crate::sources::Use]) -> Option<AppLock> {
    let manifest = pkg::nearest(disk, app_dir)?;
    let importer = manifest.parent()?;
    if !importer.starts_with(lock.path.parent()?) {
        return None;
    }
    let pj = disk.json(&manifest).ok()?;
    let mut roots: Vec<(String, Option<String>)> = Vec::new();
    for field in ["dependencies", "devDependencies", "optionalDependencies"] {
        for name in pkg::dep_names(&pj, field) {
            if !roots.iter().any(|(n, _)| *n == name) {
                let spec = pkg::dep_spec(disk, &manifest, &pj, field, &name).map(|s| s.text);
                roots.push((name, spec));
            }
        }
    }
    let file = disk.rel(&lock.path);
    let locked = |r: crate::lockfile::Reached| Locked {
        package: r.package,
        version: r.version,
        place: Place { file: file.clone(), line: r.line },
        via: r.via,
    };
    let direct = roots
        .iter()
        .filter_map(|(name, spec)| {
            let (version, line) = lock.resolve(importer, name, spec.as_deref())?;
            Some(Locked { package: name.clone(), version, place: Place { file: file.clone(), line }, via: Vec::new() })
        })
        .collect();
    // a copy only build tools or unused dependencies pull in is installed, never
    // bundled; a package the lockfile holds once cannot differ within it
    let imported = |p: &str| uses.iter().any(|u| u.package == p);
    let reached = lock
        .reach(importer, &roots, &|_| true, &|name, through| {
            imported(through.unwrap_or(name)) && lock.holds_versions_of(name)
        })
        .into_iter()
        .filter(|r| !r.via.is_empty())
        .map(locked)
        .collect();
    // the app's own federation packages bring the runtime its build uses (Rspack's and
    // Rsbuild's own copy is not used then); else the bundler's built-in plugin's
    let mut fed_roots: Vec<(String, Option<String>)> =
        roots.iter().filter(|(n, _)| is_federation(n)).cloned().collect();
    let own = !fed_roots.is_empty();
    if !own {
        fed_roots = roots.iter().filter(|(n, _)| FEDERATION_BUNDLERS.contains(&n.as_str())).cloned().collect();
    }
    let follow = |n: &str| is_federation(n) || (!own && FEDERATION_BUNDLERS.contains(&n));
    let federation =
        lock.reach(importer, &fed_roots, &follow, &|n, _| is_federation(n)).into_iter().map(locked).collect();
    Some(AppLock { lockfile: file.clone(), manifest: disk.rel(&manifest), direct, reached, federation })
}

/// The lockfiles read, with the package manager's configuration beside each, sorted by file.
pub(crate) fn lockfile_infos<'l>(disk: &Disk, locks: impl Iterator<Item = &'l Lockfile>) -> Vec<LockfileInfo> {
    let mut out: Vec<LockfileInfo> = locks.map(|l| lockfile_info(disk, l)).collect();
    out.sort_by(|a, b| a.file.cmp(&b.file));
    out
}

fn lockfile_info(disk: &Disk, lock: &Lockfile) -> LockfileInfo {
    let file = disk.rel(&lock.path);
    let dir = lock.path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut settings = Vec::new();
    let mut overrides = Vec::new();
    let npmrc = dir.join(".npmrc");
    if let Some(text) = read(disk, &npmrc) {
        settings.extend(npmrc_settings(&disk.rel(&npmrc), &text));
    }
    let ws = dir.join("pnpm-workspace.yaml");
    let ws_text = read(disk, &ws);
    if let Some(text) = &ws_text {
        let (s, o) = workspace_yaml(&disk.rel(&ws), text);
        settings.extend(s);
        overrides.extend(o);
    }
    let manifest = dir.join("package.json");
    let mut package_manager = None;
    let pj = disk.is_file(&manifest).then(|| disk.json(&manifest).ok()).flatten();
    if let Some(pj) = &pj {
        let place = |v: &Value| Place { file: disk.rel(&manifest), line: disk.line_of(&manifest, v.loc.start) };
        if let Lookup::Found(v) = pj.get("packageManager")
            && let Some(s) = v.as_str()
        {
            package_manager = Some((s.to_string(), place(v)));
        }
        let mut fields: Vec<&Value> = Vec::new();
        for f in ["overrides", "resolutions"] {
            if let Lookup::Found(v) = pj.get(f) {
                fields.push(v);
            }
        }
        if let Lookup::Found(p) = pj.get("pnpm")
            && let Lookup::Found(v) = p.get("overrides")
        {
            fields.push(v);
        }
        fn walk(v: &Value, out: &mut Vec<(String, u32)>) {
            for (k, x) in v.props().0 {
                if k != "." {
                    out.push((k.to_string(), x.loc.start));
                }
                walk(x, out);
            }
        }
        for v in fields {
            let mut keys = Vec::new();
            walk(v, &mut keys);
            for (k, at) in keys {
                if let Some(p) = selector_package(&k) {
                    overrides.push((p, Place { file: disk.rel(&manifest), line: disk.line_of(&manifest, at) }));
                }
            }
        }
    }
    LockfileInfo {
        file: file.clone(),
        kind: lock.kind,
        version: lock.lockfile_version().map(|(v, line)| (v, Place { file, line })),
        pnpm_workspace: ws_text.map(|_| disk.rel(&ws)),
        settings,
        manifest: pj.map(|_| disk.rel(&manifest)),
        package_manager,
        overrides,
    }
}

fn read(disk: &Disk, path: &Path) -> Option<std::rc::Rc<str>> {
    if disk.is_file(path) { disk.text(path).ok() } else { None }
}

/// `key=value` lines of an `.npmrc` (`#` and `;` start comments).
fn npmrc_settings(file: &str, text: &str) -> Vec<Setting> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') || t.starts_with(';') {
            continue;
        }
        if let Some((k, v)) = t.split_once('=') {
            out.push(Setting {
                key: k.trim().to_string(),
                value: v.trim().trim_matches(|c| c == '"' || c == '\'').to_string(),
                place: Place { file: file.to_string(), line: n as u32 + 1 },
            });
        }
    }
    out
}

/// The top-level scalar settings of a `pnpm-workspace.yaml`, and the packages
/// its `overrides:` pin.
fn workspace_yaml(file: &str, text: &str) -> (Vec<Setting>, Vec<(String, Place)>) {
    let mut settings = Vec::new();
    let mut overrides = Vec::new();
    let mut section = String::new();
    let unquote = |s: &str| s.trim().trim_matches(|c| c == '"' || c == '\'').to_string();
    for (n, line) in text.lines().enumerate() {
        let place = Place { file: file.to_string(), line: n as u32 + 1 };
        let t = line.split(" #").next().unwrap_or(line).trim_end();
        if t.trim().is_empty() || t.trim_start().starts_with('#') {
            continue;
        }
        let indent = t.len() - t.trim_start().len();
        let Some((k, v)) = t.trim().split_once(':') else { continue };
        if indent == 0 {
            section = unquote(k);
            if !v.trim().is_empty() {
                settings.push(Setting { key: section.clone(), value: unquote(v), place });
            }
        } else if section == "overrides"
            && !t.trim_start().starts_with('-')
            && let Some(p) = selector_package(&unquote(k))
        {
            overrides.push((p, place));
        }
    }
    (settings, overrides)
}

/// The package an override or resolution selector pins: `react`,
/// `react@^18`, `**/react`, `lib>react`, `@s/lib/@s/x@1` → the last package.
fn selector_package(selector: &str) -> Option<String> {
    let last = selector.rsplit('>').next()?.trim();
    let segs: Vec<&str> = last.split('/').collect();
    let n = segs.len();
    let name = if n >= 2 && segs[n - 2].starts_with('@') {
        format!("{}/{}", segs[n - 2], segs[n - 1])
    } else {
        segs[n - 1].to_string()
    };
    // a version suffix after the name (`react@^18`, `@s/x@1`)
    let name = match name.get(1..).and_then(|r| r.find('@')) {
        Some(i) => name[..i + 1].to_string(),
        None => name,
    };
    (!name.is_empty() && name != "**" && name != "*").then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn override_selectors_name_their_package() {
        assert_eq!(selector_package("react").as_deref(), Some("react"));
        assert_eq!(selector_package("react@^18").as_deref(), Some("react"));
        assert_eq!(selector_package("**/react").as_deref(), Some("react"));
        assert_eq!(selector_package("lib>react-dom").as_deref(), Some("react-dom"));
        assert_eq!(selector_package("@scope/lib/@tanstack/react-query@5").as_deref(), Some("@tanstack/react-query"));
        assert_eq!(selector_package("**"), None);
    }

    #[test]
    fn settings_of_npmrc_and_workspace_yaml() {
        let s = npmrc_settings(".npmrc", "# one copy\ndedupe-peer-dependents = false\n;x\nsave-exact=true\n");
        assert_eq!(s.len(), 2);
        assert_eq!((s[0].key.as_str(), s[0].value.as_str(), s[0].place.line), ("dedupe-peer-dependents", "false", 2));
        let (s, o) = workspace_yaml(
            "pnpm-workspace.yaml",
            "packages:\n  - apps/*\nresolvePeersFromWorkspaceRoot: false # why\noverrides:\n  react: 18.3.1\n  'lib>zustand': ^4\n",
        );
        assert_eq!(s.len(), 1);
        assert_eq!(
            (s[0].key.as_str(), s[0].value.as_str(), s[0].place.line),
            ("resolvePeersFromWorkspaceRoot", "false", 3)
        );
        assert_eq!(o.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(), ["react", "zustand"]);
    }
}
