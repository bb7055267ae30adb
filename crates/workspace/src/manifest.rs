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
    let mut unknown = Vec::new();
    let shared = list(&v, "shared")
        .into_iter()
        .filter_map(|e| {
            let key = s(e, "name")?.to_string();
            let p = place(e);
            let (eager, strict, scope) = if stats {
                (b(e, "eager").unwrap_or(false), b(e, "strictVersion"), s(e, "shareScope").map(String::from))
            } else {
                unknown.push(UnknownField {
                    field: format!("shared.{key}.eager"),
                    file: p.file.clone(),
                    line: p.line,
                    why: "mf-manifest.json does not record eager, strictVersion or shareScope (mf-stats.json does)"
                        .into(),
                });
                (false, None, None)
            };
            unknown.push(UnknownField {
                field: format!("shared.{key}.requiredVersion"),
                file: p.file.clone(),
                line: p.line,
                why: "a manifest's requiredVersion is the plugin's default, not the range the runtime checks".into(),
            });
            let singleton = b(e, "singleton").unwrap_or(false);
            Some(Shared {
                key,
                version: s(e, "version").map(String::from),
                required_version: Required::Off,
                singleton,
                strict_version: strict.unwrap_or(!singleton),
                eager,
                import: true,
                share_scope: vec![scope.unwrap_or_else(|| "default".into())],
                version_origin: Origin::Manifest(rel.clone()),
                required_origin: Origin::None,
                place: p,
                share_key: None,
                package: None,
            })
        })
        .collect();
    let remotes = list(&v, "remotes")
        .into_iter()
        .map(|r| Remote {
            alias: s(r, "alias").or_else(|| s(r, "federationContainerName")).unwrap_or("").to_string(),
            name: s(r, "federationContainerName").map(String::from),
            entry: s(r, "entry").map(String::from),
            place: place(r),
        })
        .collect();
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
    })
}
