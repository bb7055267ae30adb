//! Built output: `mf-manifest.json` and `mf-stats.json` (MF2 builds).
//!
//! What each lacks, per the research: `eager`, `strictVersion` and
//! `shareScope` are only in the stats file, and the `requiredVersion` of
//! both is the plugin's (`options.requiredVersion || "^" + version`), not
//! the range the runtime checks, so it is not used.

use crate::disk::Disk;
use crate::model::*;
use fedscope_js::{Kind, Lookup, Value};
use std::path::Path;

const OUTPUT_DIRS: [&str; 4] = ["dist", "build", "output", "public"];

fn s<'v>(v: &'v Value, k: &str) -> Option<&'v str> {
    match v.get(k) {
        Lookup::Found(x) => x.as_str(),
        _ => None,
    }
}

fn b(v: &Value, k: &str) -> Option<bool> {
    match v.get(k) {
        Lookup::Found(x) => x.as_bool(),
        _ => None,
    }
}

fn list<'v>(v: &'v Value, k: &str) -> Vec<&'v Value> {
    match v.get(k) {
        Lookup::Found(Value { kind: Kind::Array(items), .. }) => items.iter().collect(),
        _ => Vec::new(),
    }
}

/// An app described only by its build output (no config fedscope found).
pub fn app_from_build(disk: &Disk, dir: &Path, problems: &mut Vec<FileProblem>) -> Option<App> {
    let file = OUTPUT_DIRS
        .iter()
        .flat_map(|d| [dir.join(d).join("mf-stats.json"), dir.join(d).join("mf-manifest.json")])
        .find(|p| p.is_file())?;
    let rel = disk.rel(&file);
    let v = match disk.json(&file) {
        Ok(v) => v,
        Err((e, line)) => {
            problems.push(FileProblem { file: rel, line, message: e });
            return None;
        }
    };
    let stats = file.file_name().is_some_and(|n| n == "mf-stats.json");
    let name = s(&v, "name").or_else(|| s(&v, "id"))?.to_string();
    let place = |x: &Value| Place { file: rel.clone(), line: disk.line_of(&file, x.loc.start) };
    let fname = if stats { "mf-stats.json" } else { "mf-manifest.json" };
    let mut unknown = Vec::new();
    let shared = list(&v, "shared")
        .into_iter()
        .filter_map(|e| {
            let key = s(e, "name")?.to_string();
            let p = place(e);
            let mut unknown_field = |field: &str, why: String| {
                unknown.push(UnknownField {
                    field: format!("shared.{key}.{field}"),
                    file: p.file.clone(),
                    line: p.line,
                    why,
                });
            };
            // @module-federation/enhanced's stats spread the user's shared options over
            // `{ singleton: true, requiredVersion, shareScope: "default" }` and always add
            // `eager` (managers `SharedManager.normalizeOptions`); Rspack's built-in
            // manifest writes only id, name, version, requiredVersion, singleton.
            let spread = stats && matches!(e.get("eager"), Lookup::Found(_));
            let import = match e.get("import") {
                Lookup::Found(x) if x.as_bool() == Some(false) => Some(false),
                Lookup::Found(_) => Some(true),
                _ if spread => Some(true),
                _ => None,
            };
            if import.is_none() {
                unknown_field(
                    "import",
                    format!("{fname} does not record `import: false`: a consume-only entry is listed too, with the installed version"),
                );
            }
            let version = match s(e, "version") {
                _ if import == Some(false) => None,
                Some(v) if !v.is_empty() && v != "UNKNOWN" => Some(v.to_string()),
                _ => {
                    unknown_field("version", format!("{fname} names no version for it"));
                    None
                }
            };
            // both generators write `singleton: true` when the config does not set it
            // (enhanced: `transformSharedConfig` defaults; the runtime's default is false)
            let singleton = match b(e, "singleton") {
                Some(false) => Some(false),
                _ => None,
            };
            if singleton.is_none() {
                unknown_field(
                    "singleton",
                    format!("{fname} writes `singleton: true` also when the config leaves it unset, and then the runtime's is false"),
                );
            }
            let eager = if spread { b(e, "eager") } else { None };
            if eager.is_none() {
                unknown_field("eager", format!("{fname} does not record eager"));
            }
            let scope: Option<Vec<String>> = match e.get("shareScope") {
                Lookup::Found(x) => match &x.kind {
                    Kind::Str(v) => Some(vec![v.clone()]),
                    Kind::Array(items) => items.iter().map(|i| i.as_str().map(String::from)).collect(),
                    _ => None,
                },
                _ => None,
            };
            if scope.is_none() {
                unknown_field("shareScope", format!("{fname} does not record shareScope"));
            }
            // webpack's and enhanced's default: `import !== false && !singleton`
            let strict = match (b(e, "strictVersion"), import, singleton) {
                (Some(x), _, _) => Some(x),
                (None, Some(false), _) => Some(false),
                (None, Some(true), Some(false)) => Some(true),
                _ => None,
            };
            if strict.is_none() {
                unknown_field("strictVersion", format!("{fname} does not record strictVersion"));
            }
            unknown_field(
                "requiredVersion",
                "a manifest's requiredVersion is the plugin's default, not the range the runtime checks".into(),
            );
            Some(Shared {
                key,
                version_origin: if version.is_some() { Origin::Manifest(rel.clone()) } else { Origin::None },
                version,
                required_version: Required::Off,
                singleton: singleton.unwrap_or(true),
                strict_version: strict.unwrap_or(false),
                eager: eager.unwrap_or(false),
                import: import.unwrap_or(true),
                share_scope: scope.unwrap_or_else(|| vec!["default".into()]),
                required_origin: Origin::None,
                place: p,
                share_key: None,
                package: None,
            })
        })
        .collect();
    // one entry per remote module used; a remote declared by version (`cart@1.2.3`) has
    // `version` in the stats and that version as `entry` in the manifest
    let mut remotes: Vec<Remote> = Vec::new();
    for r in list(&v, "remotes") {
        let alias = s(r, "alias").or_else(|| s(r, "federationContainerName")).unwrap_or("").to_string();
        let name = s(r, "federationContainerName").map(String::from);
        let by_version = s(r, "version").or_else(|| {
            s(r, "entry").filter(|e| {
                !e.contains('/') && !e.contains('.')
                    || e.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '^' | '~'))
            })
        });
        let entry = if by_version.is_some() { None } else { s(r, "entry").map(String::from) };
        if remotes.iter().any(|x| x.alias == alias && x.name == name && x.entry == entry) {
            continue;
        }
        let place = place(r);
        if let Some(ver) = by_version {
            unknown.push(UnknownField {
                field: format!("remotes.{alias}.entry"),
                file: place.file.clone(),
                line: place.line,
                why: format!("the remote is declared by version `{ver}`, which a runtime plugin resolves to an entry"),
            });
        }
        remotes.push(Remote { alias, name, entry, place });
    }
    let exposes = list(&v, "exposes")
        .into_iter()
        .map(|e| Expose {
            name: s(e, "path").unwrap_or("").to_string(),
            file: s(e, "file").map(|f| disk.rel(&dir.join(f))),
            request: s(e, "file").unwrap_or("").to_string(),
            place: place(e),
        })
        .collect();
    Some(App {
        name,
        root: disk.rel(dir),
        config: rel,
        source: Source::Manifest,
        bundler: Bundler::Unknown,
        runtime: RuntimeKind::Mf2,
        remotes,
        exposes,
        shared,
        unknown,
        package: None,
        unique_name: None,
        share_strategy: None,
        runtime_plugins: Vec::new(),
        async_startup: false,
        port: None,
        other_configs: Vec::new(),
        notes: Vec::new(),
        sources: Default::default(),
        lock: None,
    })
}
