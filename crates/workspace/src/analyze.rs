//! Discovery and assembly: find every federated app under a directory and
//! resolve its federation options with the bundlers' defaults.

use crate::disk::Disk;
use crate::eval::{self, EvalSettings, Evaluated, Job};
use crate::extract::{self, Extracted, place_of_files};
use crate::host::{Plugin, WorkspaceHost};
use crate::lockfile::{self, Lockfile};
use crate::manifest;
use crate::model::*;
use crate::normalize::{Field, Import, RawShared, Reader};
use crate::pkg::{self, Inferred};
use fedscope_js::{Kind, Lookup, Value};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Directories never walked.
const SKIP_DIRS: [&str; 9] =
    ["node_modules", ".git", ".next", ".nx", ".turbo", ".cache", "coverage", ".pnpm-store", ".yarn"];

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum ConfigKind {
    Rsbuild,
    Modern,
    Next,
    Vite,
    Rspack,
    Webpack,
    VueCli,
    NativeFederation,
}

fn config_kind(name: &str) -> Option<ConfigKind> {
    let stem_ok = |prefix: &str| {
        name.starts_with(prefix) && [".js", ".ts", ".mjs", ".cjs", ".mts", ".cts"].iter().any(|e| name.ends_with(e))
    };
    Some(if stem_ok("rsbuild.config.") {
        ConfigKind::Rsbuild
    } else if stem_ok("modern.config.") {
        ConfigKind::Modern
    } else if stem_ok("next.config.") {
        ConfigKind::Next
    } else if stem_ok("vite.config.") {
        ConfigKind::Vite
    } else if stem_ok("rspack.") {
        ConfigKind::Rspack
    } else if stem_ok("webpack.") {
        ConfigKind::Webpack
    } else if stem_ok("vue.config.") {
        ConfigKind::VueCli
    } else if stem_ok("federation.config.") {
        ConfigKind::NativeFederation
    } else {
        return None;
    })
}

fn bundler_of(kind: ConfigKind, has_project_json: bool) -> Bundler {
    match kind {
        ConfigKind::Rsbuild => Bundler::Rsbuild,
        ConfigKind::Modern => Bundler::Modernjs,
        ConfigKind::Next => Bundler::Next,
        ConfigKind::Vite => Bundler::Vite,
        ConfigKind::Rspack if has_project_json => Bundler::Nx,
        ConfigKind::Rspack => Bundler::Rspack,
        ConfigKind::Webpack if has_project_json => Bundler::Nx,
        ConfigKind::Webpack | ConfigKind::VueCli => Bundler::Webpack,
        ConfigKind::NativeFederation => Bundler::NativeFederation,
    }
}

/// Options of [`analyze`].
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// `--eval-config`: run each app's config in Node instead of reading it statically.
    pub eval: Option<EvalSettings>,
}

/// Results of `--eval-config` by config file.
type Evals = HashMap<PathBuf, Result<Evaluated, String>>;

struct Found {
    configs: Vec<PathBuf>,
    package_jsons: Vec<PathBuf>,
    problems: Vec<FileProblem>,
}

fn walk(disk: &Disk, root: &Path) -> Found {
    let mut found = Found { configs: Vec::new(), package_jsons: Vec::new(), problems: Vec::new() };
    let walker = ignore::WalkBuilder::new(root)
        .hidden(true)
        .follow_links(false)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(false)
        .require_git(false)
        .filter_entry(|e| {
            !e.file_type().is_some_and(|t| t.is_dir()) || !SKIP_DIRS.contains(&e.file_name().to_string_lossy().as_ref())
        })
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                found.problems.push(FileProblem {
                    file: ".".into(),
                    line: None,
                    message: format!("while walking: {e}"),
                });
                continue;
            }
        };
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if name == "package.json" {
            found.package_jsons.push(entry.path().to_path_buf());
        } else if config_kind(&name).is_some() {
            found.configs.push(entry.path().to_path_buf());
        }
    }
    let _ = disk;
    found.configs.sort();
    found.package_jsons.sort();
    found
}

/// Analyses every federated app under `dir`.
pub fn analyze(dir: &Path, options: &Options) -> Result<Graph, String> {
    let root = std::fs::canonicalize(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    if !root.is_dir() {
        return Err(format!("{}: not a directory", dir.display()));
    }
    let disk = Disk::new(&root);
    let found = walk(&disk, &root);
    let mut problems = found.problems;
    // workspace packages by name (so configs can import them, and versions resolve)
    let mut packages: HashMap<String, PathBuf> = HashMap::new();
    for pj in &found.package_jsons {
        match disk.json(pj) {
            Ok(v) => {
                if let Some(n) = pkg::name(&v) {
                    packages.entry(n.to_string()).or_insert_with(|| pj.parent().unwrap_or(&root).to_path_buf());
                }
            }
            Err((e, line)) => problems.push(FileProblem { file: disk.rel(pj), line, message: e }),
        }
    }
    let host = WorkspaceHost { disk: &disk, packages: packages.clone() };
    let mut lockfiles: HashMap<PathBuf, Option<Lockfile>> = HashMap::new();

    // group configs by app root (the nearest package.json's directory)
    let mut by_root: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    for c in &found.configs {
        let dir = c.parent().unwrap_or(&root);
        let app_root = pkg::nearest(&disk, dir)
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .unwrap_or_else(|| dir.to_path_buf());
        by_root.entry(app_root).or_default().push(c.clone());
    }
    let mut apps = Vec::new();
    let mut jobs = Vec::new();
    let mut app_problems = Vec::new();
    for (app_root, configs) in &by_root {
        if let Some((app, j)) = analyze_app(&disk, &host, app_root, configs, &mut lockfiles, &mut app_problems, None) {
            apps.push(app);
            jobs.extend(j);
        }
    }
    if let Some(settings) = &options.eval {
        // run the configs the static pass chose in Node, then assemble again with their results
        let results = eval::run_all(settings, &jobs);
        let evals: Evals = jobs.iter().map(|j| j.config.clone()).zip(results).collect();
        apps.clear();
        app_problems.clear();
        for (app_root, configs) in &by_root {
            if let Some((app, _)) =
                analyze_app(&disk, &host, app_root, configs, &mut lockfiles, &mut app_problems, Some(&evals))
            {
                apps.push(app);
            }
        }
    }
    problems.extend(app_problems);
    // built apps without a config of their own
    for pj in &found.package_jsons {
        let dir = pj.parent().unwrap_or(&root);
        if apps.iter().any(|a: &App| a.root == disk.rel(dir)) {
            continue;
        }
        if let Some(app) = manifest::app_from_build(&disk, dir, &mut problems) {
            apps.push(app);
        }
    }
    for (file, lf) in &lockfiles {
        if lf.is_none() && !problems.iter().any(|p| p.file == disk.rel(file)) {
            problems.push(FileProblem { file: disk.rel(file), line: None, message: "could not be read".into() });
        }
    }
    apps.sort_by(|a, b| a.name.cmp(&b.name).then(a.root.cmp(&b.root)));
    for app in &mut apps {
        app.shared.sort_by(|a, b| a.key.cmp(&b.key));
        app.remotes.sort_by(|a, b| a.alias.cmp(&b.alias));
        app.exposes.sort_by(|a, b| a.name.cmp(&b.name));
        app.unknown.sort();
        app.unknown.dedup();
    }
    let groups = groups(&apps);
    problems.sort();
    problems.dedup();
    Ok(Graph { apps, groups, problems })
}

/// Picks the config the package's scripts run, else by kind (server builds last).
fn order_configs(disk: &Disk, app_root: &Path, configs: &[PathBuf]) -> Vec<PathBuf> {
    let scripts: Vec<String> = disk
        .json(&app_root.join("package.json"))
        .ok()
        .map(|v| pkg::string_map(&v, "scripts").into_iter().map(|(_, s)| s).collect())
        .unwrap_or_default();
    let mut scored: Vec<(i32, PathBuf)> = configs
        .iter()
        .map(|c| {
            let name = c.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
            let rel = c.strip_prefix(app_root).map(|p| p.to_string_lossy().to_string()).unwrap_or_default();
            let kind = config_kind(&name);
            let mut score = match kind {
                Some(ConfigKind::Rsbuild | ConfigKind::Modern | ConfigKind::Next | ConfigKind::Vite) => 50,
                Some(ConfigKind::NativeFederation) => 45,
                Some(ConfigKind::Rspack | ConfigKind::Webpack) => 40,
                Some(ConfigKind::VueCli) => 40,
                None => 0,
            };
            let named_in_scripts = scripts.iter().any(|s| s.contains(&rel) || s.contains(&name));
            if named_in_scripts {
                score += 30;
            }
            // a bare `rspack` / `webpack` script uses the default config of that tool
            if name.contains(".config.") {
                let tool = name.split('.').next().unwrap_or("");
                if scripts.iter().any(|s| s.split_whitespace().any(|w| w == tool || w.ends_with(&format!("/{tool}")))) {
                    score += 20;
                }
            }
            if name.contains("server") || name.contains("ssr") || name.contains("node") {
                score -= 25;
            }
            if name.contains("dev") || name.contains("test") || name.contains("storybook") {
                score -= 10;
            }
            if name.contains(".config.") {
                score += 5;
            }
            (score, c.clone())
        })
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    scored.into_iter().map(|(_, c)| c).collect()
}

fn analyze_app(
    disk: &Disk,
    host: &WorkspaceHost,
    app_root: &Path,
    configs: &[PathBuf],
    lockfiles: &mut HashMap<PathBuf, Option<Lockfile>>,
    problems: &mut Vec<FileProblem>,
    evals: Option<&Evals>,
) -> Option<(App, Vec<Job>)> {
    let has_project_json = app_root.join("project.json").is_file();
    let ordered = order_configs(disk, app_root, configs);
    let mut chosen: Option<(PathBuf, Bundler, Extracted)> = None;
    let mut others = Vec::new();
    for c in &ordered {
        let name = c.file_name()?.to_string_lossy().to_string();
        let kind = config_kind(&name)?;
        let bundler = bundler_of(kind, has_project_json);
        if chosen.is_some() {
            // only count other configs that also build this app's container
            let text = disk.text(c).unwrap_or_default();
            if crate::FEDERATION_MARKERS.iter().any(|m| text.contains(m)) {
                others.push(disk.rel(c));
            }
            continue;
        }
        let ex = extract::evaluate(disk, host, c, bundler);
        problems.extend(ex.problems.iter().cloned());
        let federated = ex.plugin.is_some() || !ex.unreached.is_empty() || has_mf_config(app_root, kind);
        if federated {
            chosen = Some((c.clone(), bundler, ex));
        }
    }
    let (config, bundler, ex) = chosen?;
    let mut jobs = vec![Job { config: config.clone(), bundler, cwd: app_root.to_path_buf() }];
    let mut source = Source::Static;
    let ex = match with_eval(disk, evals, &config, ex, problems) {
        (ex, true) => {
            source = Source::Eval;
            ex
        }
        (ex, false) => ex,
    };
    let mut ex = ex;
    let mut bundler = bundler;
    let mut options = ex.options.clone();
    let mut notes = ex.notes.clone();
    let mut unknown = Vec::new();
    let mut plugin = ex.plugin;
    // Modern.js (and Rsbuild without inline options) read module-federation.config.*
    if (matches!(plugin, Some(Plugin::ModernJs))
        || (matches!(plugin, Some(Plugin::Rsbuild))
            && options.as_ref().is_none_or(|o| !matches!(o.kind, Kind::Object(_))))
        || (plugin.is_none() && has_mf_config(app_root, config_kind(&config.file_name()?.to_string_lossy())?)))
        && let Some(mf) = find_mf_config(app_root)
    {
        let mfx = extract::evaluate(disk, host, &mf, bundler);
        problems.extend(mfx.problems.iter().cloned());
        jobs.push(Job { config: mf.clone(), bundler, cwd: app_root.to_path_buf() });
        let mfx = match with_eval(disk, evals, &mf, mfx, problems) {
            (x, true) => {
                source = Source::Eval;
                x
            }
            (x, false) => x,
        };
        let exports = match mfx.config.clone() {
            Some(v) => v,
            None => Value::unknown("no export", fedscope_js::Loc::default()),
        };
        options = Some(exports);
        notes.extend(mfx.notes.iter().cloned());
        if plugin.is_none() {
            plugin = Some(if has_project_json { Plugin::NxWithModuleFederation } else { Plugin::ModernJs });
        }
        ex = Extracted { files: mfx.files.clone(), ..ex };
        if has_project_json {
            bundler = Bundler::Nx;
        }
    }
    let files = ex.files.clone();
    let runtime = match plugin {
        Some(Plugin::WebpackContainer | Plugin::RspackV1) => RuntimeKind::Webpack,
        Some(Plugin::NativeFederation | Plugin::OriginjsVite) => RuntimeKind::Unknown,
        Some(_) => RuntimeKind::Mf2,
        None => RuntimeKind::Unknown,
    };
    if matches!(plugin, Some(Plugin::NativeFederation)) {
        unknown.push(UnknownField {
            field: "runtime".into(),
            file: disk.rel(&config),
            line: 1,
            why: "Native Federation loads shared packages through import maps, a runtime fedscope does not model"
                .into(),
        });
    }
    if matches!(plugin, Some(Plugin::OriginjsVite)) {
        unknown.push(UnknownField {
            field: "runtime".into(),
            file: disk.rel(&config),
            line: 1,
            why: "@originjs/vite-plugin-federation has its own runtime, which fedscope does not model".into(),
        });
    }
    if matches!(plugin, Some(Plugin::WebpackContainer)) && bundler == Bundler::Rspack {
        bundler = Bundler::Rspack;
    }
    let bundler = match plugin {
        Some(Plugin::Rspack | Plugin::RspackV1) if bundler == Bundler::Webpack => Bundler::Rspack,
        _ => bundler,
    };
    for p in &ex.unreached {
        unknown.push(UnknownField {
            field: "federation plugin".into(),
            file: p.file.clone(),
            line: p.line,
            why: "a federation plugin here was not reached when evaluating the config for a production client build"
                .into(),
        });
    }
    for (p, place, context) in &ex.other_captures {
        notes.push((
            place.clone(),
            format!(
                "another federation plugin ({p:?}) is constructed here{}",
                if context.is_empty() { String::new() } else { format!(" in {}", context.join(" > ")) }
            ),
        ));
    }
    let pj_path = app_root.join("package.json");
    let pj = disk.json(&pj_path).ok();
    let package = pj.as_ref().and_then(|v| pkg::name(v).map(String::from));
    let mut reader = Reader { disk, files: &files, unknown: Vec::new() };
    let opts = options.clone().unwrap_or_else(|| Value::new(Kind::Object(Vec::new()), fedscope_js::Loc::default()));
    if let Some(o) = &options
        && let Kind::Unknown(why) = &o.kind
    {
        let p = place_of_files(disk, &files, o.loc);
        unknown.push(UnknownField { field: "options".into(), file: p.file, line: p.line, why: why.clone() });
    }
    let name = match reader.get(&opts, "name", "name") {
        Field::Set(v) => v.as_str().map(String::from),
        _ => None,
    }
    .or_else(|| package.clone())
    .unwrap_or_else(|| app_root.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default());
    let plugin_scope: Field<Vec<String>> = match reader.get(&opts, "shareScope", "shareScope") {
        Field::Set(v) => match &v.kind {
            Kind::Str(s) => Field::Set(vec![s.clone()]),
            Kind::Array(items) => Field::Set(items.iter().filter_map(|i| i.as_str().map(String::from)).collect()),
            _ => Field::Absent,
        },
        Field::Absent => Field::Absent,
        Field::Unknown(w) => Field::Unknown(w),
    };
    let opts = if matches!(plugin, Some(Plugin::NextMf)) { with_next_defaults(disk, app_root, opts) } else { opts };
    let raw_shared = reader.shared(&opts, &plugin_scope);
    let remotes = reader.remotes(&opts);
    let config_dir = config.parent().unwrap_or(app_root).to_path_buf();
    let resolve_expose = |base: &Path, request: &str| -> Option<String> {
        match fedscope_js::Host::resolve(host, &base.join("x"), request) {
            fedscope_js::Resolved::File(p) => Some(disk.rel(&p)),
            _ => None,
        }
    };
    let exposes = reader.exposes(&opts, &config_dir, &resolve_expose);
    let share_strategy = match reader.get(&opts, "shareStrategy", "shareStrategy") {
        Field::Set(v) => v.as_str().map(String::from),
        _ => None,
    };
    let mut runtime_plugins = Vec::new();
    if let Field::Set(v) = reader.get(&opts, "runtimePlugins", "runtimePlugins") {
        match &v.kind {
            Kind::Array(items) => {
                for i in items {
                    let request = match &i.kind {
                        Kind::Str(s) => Some(s.as_str()),
                        Kind::Array(pair) => pair.first().and_then(Value::as_str),
                        _ => None,
                    };
                    match request {
                        Some(r) => runtime_plugins.push(runtime_plugin(disk, host, &config_dir, r)),
                        None => reader.unknown(
                            "runtimePlugins",
                            i,
                            i.unknown_reason().map_or_else(|| "a plugin that is not a request".into(), String::from),
                        ),
                    }
                }
            }
            _ => reader.unknown("runtimePlugins", v, "expected an array".into()),
        }
    }
    let async_startup = matches!(opts.get("experiments"), Lookup::Found(e) if matches!(e.get("asyncStartup"), Lookup::Found(v) if v.as_bool() == Some(true)));
    unknown.extend(reader.unknown);

    // the version each app provides, and the range the runtime checks
    let lock_path = lockfile::find(disk, app_root);
    let lock = lock_path.as_ref().and_then(|p| {
        lockfiles
            .entry(p.clone())
            .or_insert_with(|| match Lockfile::read(disk, p) {
                Ok(l) => Some(l),
                Err(e) => {
                    problems.push(FileProblem { file: disk.rel(p), line: None, message: e });
                    None
                }
            })
            .as_ref()
    });
    let mut shared = Vec::new();
    for raw in raw_shared {
        shared.push(resolve_shared(disk, host, app_root, raw, lock, plugin, &mut unknown));
    }
    let config_value = |path: &[&str]| -> Field<Value> {
        let Some(cfg) = ex.config.as_ref() else { return Field::Absent };
        let mut v = cfg;
        for k in path {
            if let Kind::Unknown(why) = &v.kind {
                return Field::Unknown(why.clone());
            }
            v = match v.get(k) {
                Lookup::Found(x) => x,
                Lookup::Missing => return Field::Absent,
                Lookup::Unknown(u) => return Field::Unknown(u.unknown_reason().unwrap_or("not known").to_string()),
            };
        }
        match &v.kind {
            Kind::Unknown(why) => Field::Unknown(why.clone()),
            _ => Field::Set(v.clone()),
        }
    };
    let config_place = |v: Option<&Value>| match v {
        Some(v) if files.has(v.loc.file) => place_of_files(disk, &files, v.loc),
        _ => Place { file: disk.rel(&config), line: 1 },
    };
    let unique_name = match config_value(&["output", "uniqueName"]) {
        Field::Set(v) => v.as_str().map(String::from),
        Field::Absent => None,
        Field::Unknown(why) => {
            let p = config_place(ex.config.as_ref());
            unknown.push(UnknownField { field: "uniqueName".into(), file: p.file, line: p.line, why });
            None
        }
    };
    let unique_name = match plugin {
        Some(Plugin::WebpackContainer | Plugin::Enhanced | Plugin::Rspack | Plugin::RspackV1 | Plugin::Node) => {
            unique_name.or_else(|| package.clone())
        }
        _ => unique_name,
    };
    // the port the app is served on, to match remote URLs to apps: the dev
    // server's, else the one the package's scripts pass
    let mut port = None;
    let mut port_known = true;
    for path in [["devServer", "port"], ["server", "port"]] {
        match config_value(&path) {
            Field::Set(v) => {
                port = match &v.kind {
                    Kind::Num(n) if (1.0..65536.0).contains(n) => Some(*n as u16),
                    Kind::Str(s) => s.parse().ok(),
                    _ => None,
                };
                break;
            }
            Field::Absent => {}
            Field::Unknown(why) => {
                let p = config_place(ex.config.as_ref());
                unknown.push(UnknownField { field: "port".into(), file: p.file, line: p.line, why });
                port_known = false;
                break;
            }
        }
    }
    if port.is_none() && port_known {
        port = pj.as_ref().and_then(|v| script_port(v));
    }
    let notes = notes.into_iter().filter(|(p, _)| !p.file.is_empty()).collect();
    Some((
        App {
            name,
            root: disk.rel(app_root),
            config: disk.rel(&config),
            source,
            bundler,
            runtime,
            remotes,
            exposes,
            shared,
            unknown,
            package,
            unique_name,
            share_strategy,
            runtime_plugins,
            async_startup,
            port,
            other_configs: others,
            notes,
        },
        jobs,
    ))
}

/// The `--eval-config` result for `config` in place of the static one, when
/// there is one and it found what the static pass found (else a problem says why not).
fn with_eval(
    disk: &Disk,
    evals: Option<&Evals>,
    config: &Path,
    statically: Extracted,
    problems: &mut Vec<FileProblem>,
) -> (Extracted, bool) {
    let Some(result) = evals.and_then(|e| e.get(config)) else {
        return (statically, false);
    };
    let fail = |message: String| FileProblem { file: disk.rel(config), line: None, message };
    match result {
        Ok(ev) => {
            let evaluated = extract::from_eval(disk, config, ev);
            if evaluated.plugin.is_none() && statically.plugin.is_some() {
                problems.push(fail(
                    "--eval-config: running the config in Node constructed no federation plugin; the static result is used"
                        .into(),
                ));
                return (statically, false);
            }
            (evaluated, true)
        }
        Err(e) => {
            problems.push(fail(format!("--eval-config: {e}; the static result is used")));
            (statically, false)
        }
    }
}

/// `@module-federation/nextjs-mf` (8.8) shares these in the browser build
/// unless the config overrides a key: `{ ...DEFAULT_SHARE_SCOPE_BROWSER, ...shared }`
/// (`src/internal.ts`; `import` left to the key).
fn with_next_defaults(disk: &Disk, app_root: &Path, opts: Value) -> Value {
    use fedscope_js::{Entry, Loc};
    let loc = opts.loc;
    let b = |v: bool| Value::new(Kind::Bool(v), loc);
    let cfg = |singleton: bool, required_false: bool| {
        let mut e = vec![Entry::Prop { key: "singleton".into(), key_loc: loc, value: b(singleton) }];
        if required_false {
            e.push(Entry::Prop { key: "requiredVersion".into(), key_loc: loc, value: b(false) });
        }
        Value::new(Kind::Object(e), loc)
    };
    let mut defaults: Vec<Entry> = Vec::new();
    for key in ["next/dynamic", "next/head", "next/link", "next/image", "next/script"] {
        defaults.push(Entry::Prop { key: key.into(), key_loc: loc, value: cfg(true, false) });
    }
    for key in
        ["next/router", "react", "react/", "react-dom/", "react-dom", "react/jsx-dev-runtime", "react/jsx-runtime"]
    {
        defaults.push(Entry::Prop { key: key.into(), key_loc: loc, value: cfg(true, true) });
    }
    for key in ["styled-jsx", "styled-jsx/style", "styled-jsx/css"] {
        let mut e = vec![Entry::Prop { key: "singleton".into(), key_loc: loc, value: b(true) }];
        // nextjs-mf requires styled-jsx's installed version and ^ it
        let value = match pkg::installed_version(disk, app_root, "styled-jsx") {
            Some((v, _)) => {
                e.push(Entry::Prop { key: "version".into(), key_loc: loc, value: Value::str(v.clone(), loc) });
                Value::str(format!("^{v}"), loc)
            }
            None => Value::unknown(
                "nextjs-mf requires `^` the installed styled-jsx version, and styled-jsx is not installed",
                loc,
            ),
        };
        e.push(Entry::Prop { key: "requiredVersion".into(), key_loc: loc, value });
        if key == "styled-jsx/style" {
            e.push(Entry::Prop { key: "import".into(), key_loc: loc, value: b(false) });
        }
        defaults.push(Entry::Prop { key: key.into(), key_loc: loc, value: Value::new(Kind::Object(e), loc) });
    }
    let mut entries: Vec<Entry> = match &opts.kind {
        Kind::Object(e) => e.clone(),
        _ => return opts,
    };
    let user = match opts.get("shared") {
        Lookup::Found(v) => Some(v.clone()),
        _ => None,
    };
    let mut shared = defaults;
    match user.as_ref().map(|u| &u.kind) {
        Some(Kind::Object(e)) => shared.extend(e.iter().cloned()),
        Some(Kind::Array(items)) => {
            for i in items {
                if let Some(k) = i.as_str() {
                    shared.push(Entry::Prop { key: k.into(), key_loc: i.loc, value: Value::str(k, i.loc) });
                }
            }
        }
        Some(_) => {
            shared.push(Entry::Spread(user.clone().unwrap_or_else(|| Value::new(Kind::Undefined, Loc::default()))))
        }
        None => {}
    }
    entries.push(Entry::Prop { key: "shared".into(), key_loc: loc, value: Value::new(Kind::Object(shared), loc) });
    Value { kind: Kind::Object(entries), ..opts }
}

fn has_mf_config(app_root: &Path, kind: ConfigKind) -> bool {
    matches!(kind, ConfigKind::Modern | ConfigKind::Rsbuild | ConfigKind::Webpack | ConfigKind::Rspack)
        && find_mf_config(app_root).is_some()
}

fn find_mf_config(app_root: &Path) -> Option<PathBuf> {
    ["ts", "js", "mjs", "cjs", "mts"]
        .iter()
        .map(|e| app_root.join(format!("module-federation.config.{e}")))
        .find(|p| p.is_file())
}

/// A runtime plugin's request as the graph shows it: a workspace file
/// relative to the analysed directory, else the package it names.
fn runtime_plugin(disk: &Disk, host: &WorkspaceHost, config_dir: &Path, request: &str) -> String {
    let path = Path::new(request);
    if path.is_absolute() {
        let parts: Vec<&str> = request.split('/').collect();
        if let Some(i) = parts.iter().rposition(|p| *p == "node_modules") {
            let rest = &parts[i + 1..];
            let n = if rest.first().is_some_and(|p| p.starts_with('@')) { 2 } else { 1 };
            return rest.iter().take(n).copied().collect::<Vec<_>>().join("/");
        }
        return disk.rel(path);
    }
    if request.starts_with('.') {
        return match fedscope_js::Host::resolve(host, &config_dir.join("x"), request) {
            fedscope_js::Resolved::File(p) => disk.rel(&p),
            _ => disk.rel(&crate::disk::normalize(&config_dir.join(request))),
        };
    }
    request.to_string()
}

fn script_port(pkg: &Value) -> Option<u16> {
    for (_, script) in pkg::string_map(pkg, "scripts") {
        let words: Vec<&str> = script.split_whitespace().collect();
        for (i, w) in words.iter().enumerate() {
            if let Some(p) = w.strip_prefix("--port=") {
                return p.parse().ok();
            }
            if (*w == "--port" || *w == "-p")
                && i + 1 < words.len()
                && let Ok(p) = words[i + 1].parse()
            {
                return Some(p);
            }
        }
    }
    None
}

/// Applies the bundler's defaults to one shared entry.
fn resolve_shared(
    disk: &Disk,
    host: &WorkspaceHost,
    app_root: &Path,
    raw: RawShared,
    lock: Option<&Lockfile>,
    plugin: Option<Plugin>,
    unknown: &mut Vec<UnknownField>,
) -> Shared {
    let import = match &raw.import {
        Field::Set(i) => i.clone(),
        _ => Import::Key,
    };
    let prefix = raw.key.ends_with('/');
    let request = match &import {
        Import::Request(r) => r.clone(),
        _ => raw.key.clone(),
    };
    let package = match &raw.package_name {
        Field::Set(p) => Some(p.clone()),
        _ => pkg::package_of_request(&request),
    };
    let singleton = matches!(raw.singleton, Field::Set(true));
    let eager = matches!(raw.eager, Field::Set(true));
    let imports = !matches!(import, Import::False);
    let share_scope = match &raw.share_scope {
        Field::Set(s) if !s.is_empty() => s.clone(),
        _ => vec!["default".to_string()],
    };
    let mut add_unknown = |field: &str, place: &Place, why: String| {
        unknown.push(UnknownField {
            field: format!("shared.{}.{field}", raw.key),
            file: place.file.clone(),
            line: place.line,
            why,
        });
    };
    // the version this app provides
    let (version, version_origin) = if !imports {
        (None, Origin::None)
    } else {
        match &raw.version {
            Field::Set(Some(v)) => (Some(v.clone()), Origin::Config(raw.version_place.clone())),
            Field::Set(None) => (None, Origin::Config(raw.version_place.clone())),
            Field::Unknown(_) => (None, Origin::None),
            Field::Absent => {
                // the installed package (or a relative import's own package.json)
                let relative = request.starts_with('.') || request.starts_with('/');
                if relative {
                    let target = fedscope_js::Host::resolve(host, &app_root.join("x"), &request);
                    match target {
                        fedscope_js::Resolved::File(p) => match p.parent().and_then(|d| pkg::nearest(disk, d)) {
                            Some(pj) => match disk.json(&pj).ok().and_then(|v| pkg::version(&v).map(String::from)) {
                                Some(v) => (Some(v), Origin::PackageJson(Place { file: disk.rel(&pj), line: 1 })),
                                None => {
                                    add_unknown(
                                        "version",
                                        &raw.place,
                                        format!("{} has no version, so the runtime registers \"0\"", disk.rel(&pj)),
                                    );
                                    (None, Origin::None)
                                }
                            },
                            None => (None, Origin::None),
                        },
                        _ => {
                            add_unknown("version", &raw.place, format!("the import `{request}` does not resolve"));
                            (None, Origin::None)
                        }
                    }
                } else if let Some(pkgname) = &package {
                    if let Some((v, file)) = pkg::installed_version(disk, app_root, pkgname) {
                        (Some(v), Origin::Installed(file))
                    } else if let Some(dir) = host.packages.get(pkgname) {
                        let pj = dir.join("package.json");
                        match disk.json(&pj).ok().and_then(|v| pkg::version(&v).map(String::from)) {
                            Some(v) => (Some(v), Origin::PackageJson(Place { file: disk.rel(&pj), line: 1 })),
                            None => {
                                add_unknown(
                                    "version",
                                    &raw.place,
                                    format!(
                                        "the workspace package {} has no version, so the runtime registers \"0\"",
                                        disk.rel(&pj)
                                    ),
                                );
                                (None, Origin::None)
                            }
                        }
                    } else {
                        let spec = app_spec(disk, app_root, pkgname);
                        match lock.and_then(|l| l.resolve(app_root, pkgname, spec.as_deref()).map(|r| (r, l))) {
                            Some(((v, line), l)) => {
                                (Some(v), Origin::Lockfile(Place { file: disk.rel(&l.path), line }))
                            }
                            None => {
                                add_unknown(
                                    "version",
                                    &raw.place,
                                    format!(
                                        "`{pkgname}` is not installed{}: the version it provides is known at build time only",
                                        if lock.is_some() {
                                            " and the lockfile does not resolve it for this app"
                                        } else {
                                            " and there is no lockfile"
                                        }
                                    ),
                                );
                                (None, Origin::None)
                            }
                        }
                    }
                } else {
                    (None, Origin::None)
                }
            }
        }
    };
    // the range the runtime checks
    let (required_version, required_origin) = match &raw.required_version {
        Field::Set(Some(r)) => (Required::Range(r.clone()), Origin::Config(raw.required_place.clone())),
        Field::Set(None) => (Required::Off, Origin::Config(raw.required_place.clone())),
        Field::Unknown(_) => (Required::Off, Origin::None),
        Field::Absent => match plugin {
            Some(Plugin::NativeFederation) => {
                (Required::Off, Origin::Default("Native Federation without requiredVersion"))
            }
            _ => match &package {
                None => (Required::Off, Origin::Default("a relative or absolute request has no required version")),
                Some(pkgname) => match pkg::infer_required_version(disk, app_root, pkgname) {
                    Inferred::Range(r, place) => (Required::Range(r), Origin::PackageJson(place)),
                    Inferred::SelfReference(place) => (Required::Off, Origin::PackageJson(place)),
                    Inferred::NotVersionLike(spec, place) => {
                        add_unknown(
                            "requiredVersion",
                            &place,
                            format!(
                                "the bundler finds `{spec}` for `{pkgname}`, which is not a version range, so no version is checked"
                            ),
                        );
                        (Required::Off, Origin::PackageJson(place))
                    }
                    Inferred::NotFound => {
                        (Required::Off, Origin::Default("no package.json lists the package, so no version is checked"))
                    }
                },
            },
        },
    };
    let strict_version = match &raw.strict_version {
        Field::Set(b) => *b,
        _ => imports && !singleton,
    };
    Shared {
        key: raw.key.clone(),
        version,
        required_version,
        singleton,
        strict_version,
        eager,
        import: imports,
        share_scope,
        version_origin,
        required_origin,
        place: raw.place.clone(),
        share_key: match &raw.share_key {
            Field::Set(k) if *k != raw.key => Some(k.clone()),
            _ => None,
        },
        package: if prefix { Some(raw.key.trim_end_matches('/').to_string()) } else { None },
    }
}

/// The app's specifier for a dependency (yarn resolves by descriptor).
fn app_spec(disk: &Disk, app_root: &Path, package: &str) -> Option<String> {
    let pj_path = app_root.join("package.json");
    let pj = disk.json(&pj_path).ok()?;
    pkg::DEP_FIELDS.iter().find_map(|f| pkg::dep_spec(disk, &pj_path, &pj, f, package).map(|s| s.text))
}

/// Groups: each app that no other app loads, with everything reachable
/// through its remotes (matched by MF name, else by the entry URL's port).
fn groups(apps: &[App]) -> Vec<Group> {
    let n = apps.len();
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, a) in apps.iter().enumerate() {
        for r in &a.remotes {
            let by_name = r.name.as_ref().and_then(|name| apps.iter().position(|b| &b.name == name));
            let by_port = || {
                let port = r.entry.as_deref().and_then(url_port)?;
                apps.iter().position(|b| b.port == Some(port))
            };
            if let Some(j) = by_name.or_else(by_port)
                && j != i
                && !edges[i].contains(&j)
            {
                edges[i].push(j);
            }
        }
    }
    let reach = |start: usize| {
        let mut seen = vec![false; n];
        let mut stack = vec![start];
        while let Some(x) = stack.pop() {
            if !seen[x] {
                seen[x] = true;
                stack.extend(edges[x].iter().copied());
            }
        }
        seen
    };
    let reaches: Vec<Vec<bool>> = (0..n).map(reach).collect();
    // i is in a source component when everything that reaches i is also reached from i
    let is_root = |i: usize| (0..n).all(|j| !reaches[j][i] || reaches[i][j]);
    let mut groups: Vec<Group> = Vec::new();
    let mut done = vec![false; n];
    for i in 0..n {
        if done[i] || edges[i].is_empty() || !is_root(i) {
            continue;
        }
        // the source component: the apps that reach each other with i
        let component: Vec<usize> = (0..n).filter(|j| reaches[i][*j] && reaches[*j][i]).collect();
        for j in &component {
            done[*j] = true;
        }
        // the page's host: the member that loads the most remotes
        let host = component
            .iter()
            .copied()
            .max_by(|a, b| edges[*a].len().cmp(&edges[*b].len()).then(apps[*b].name.cmp(&apps[*a].name)))
            .unwrap_or(i);
        let mut members: Vec<String> = (0..n).filter(|j| reaches[i][*j]).map(|j| apps[j].name.clone()).collect();
        members.sort();
        groups.push(Group { host: apps[host].name.clone(), apps: members });
    }
    groups.sort_by(|a, b| a.host.cmp(&b.host));
    groups
}

fn url_port(url: &str) -> Option<u16> {
    let rest = url.split("://").nth(1)?;
    let host = rest.split('/').next()?;
    host.rsplit(':').next()?.parse().ok()
}
