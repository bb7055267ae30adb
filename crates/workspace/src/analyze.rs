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
use crate::nx;
use crate::pkg::{self, Inferred};
use fedscope_js::{Kind, Lookup, Value};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// Build output: its modules are not parsed ahead (a walk that reaches one parses it then).
const BUILD_DIRS: [&str; 5] = ["dist", "build", "out", "storybook-static", "public"];

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
    /// List every file read in [`Graph::files_read`] (for the benchmark; it costs a sort).
    pub files_read: bool,
}

/// Results of `--eval-config` by config file.
type Evals = HashMap<PathBuf, Result<Evaluated, String>>;

struct Found {
    configs: Vec<PathBuf>,
    package_jsons: Vec<PathBuf>,
    /// Nx projects (`project.json`).
    project_jsons: Vec<PathBuf>,
    /// JS/TS sources outside build output, parsed ahead on every core.
    sources: Vec<PathBuf>,
    problems: Vec<FileProblem>,
}

fn walk(disk: &Disk, root: &Path) -> Found {
    let mut found = Found {
        configs: Vec::new(),
        package_jsons: Vec::new(),
        project_jsons: Vec::new(),
        sources: Vec::new(),
        problems: Vec::new(),
    };
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
        let Some(file_type) = entry.file_type() else { continue };
        // a symlink to a file is followed (`apps/a/webpack.config.js -> ../../shared/…`); one
        // to a directory is not (no loops); one that cannot be followed (a loop, a missing
        // target) is kept, so that reading it reports a problem naming it
        let is_file = file_type.is_file()
            || (file_type.is_symlink() && !std::fs::metadata(entry.path()).is_ok_and(|m| m.is_dir()));
        if !is_file {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if name == "package.json" {
            found.package_jsons.push(entry.path().to_path_buf());
        } else if name == "project.json" {
            found.project_jsons.push(entry.path().to_path_buf());
        } else if config_kind(&name).is_some() {
            found.configs.push(entry.path().to_path_buf());
        } else if file_type.is_file()
            && crate::sources::is_source(entry.path())
            && !entry.path().components().any(|c| BUILD_DIRS.contains(&c.as_os_str().to_string_lossy().as_ref()))
        {
            found.sources.push(entry.path().to_path_buf());
        }
    }
    let _ = disk;
    found.configs.sort();
    found.package_jsons.sort();
    found.project_jsons.sort();
    found
}

/// The file a config path names: a symlink's target (as Node loads it), else the path.
fn real_config(config: &Path) -> PathBuf {
    let linked = config.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink());
    if linked && let Ok(real) = std::fs::canonicalize(config) {
        return real;
    }
    config.to_path_buf()
}

/// An app's root: the nearest directory with a package.json, or with an Nx
/// `project.json` (Nx apps of an integrated repo have no package.json).
fn app_root_of(disk: &Disk, dir: &Path) -> Option<PathBuf> {
    let mut d = Some(dir.to_path_buf());
    while let Some(x) = d {
        if !disk.inside(&x) {
            return None;
        }
        if x.join("package.json").is_file() || x.join("project.json").is_file() {
            return Some(x);
        }
        d = x.parent().map(Path::to_path_buf);
    }
    None
}

/// One build: its configs, the directory that is the app's root, and the
/// package it is run from (its package.json's directory, or an Nx project's).
struct Build {
    root: PathBuf,
    package_root: PathBuf,
    configs: Vec<PathBuf>,
}

/// The builds the configs of one package root are. Usually one (a
/// `webpack.config.js` with its `webpack.prod.js`: the configs of one build,
/// one app with `otherConfigs`); but a root whose federated configs sit in
/// different directories (`apps/host/webpack.config.js`,
/// `apps/cart/webpack.config.js` under one package.json), or in one directory
/// with different federation `name`s, holds one app per build, each rooted at
/// its config's directory. A config another federated config reads
/// (`merge(common, …)`) is part of that one's build.
fn split_builds(disk: &Disk, host: &WorkspaceHost, package_root: &Path, configs: &[PathBuf]) -> Vec<Build> {
    let whole = || {
        vec![Build {
            root: package_root.to_path_buf(),
            package_root: package_root.to_path_buf(),
            configs: configs.to_vec(),
        }]
    };
    if configs.len() < 2 {
        return whole();
    }
    let has_project_json = package_root.join("project.json").is_file();
    // the federated configs: their federation name (when read) and the files they read
    struct Fed {
        config: PathBuf,
        dir: PathBuf,
        name: Option<String>,
        reads: Vec<PathBuf>,
    }
    let mut feds: Vec<Fed> = Vec::new();
    for c in configs {
        let dir = c.parent().unwrap_or(package_root).to_path_buf();
        let Some(kind) = c.file_name().and_then(|n| config_kind(&n.to_string_lossy())) else { continue };
        let real = real_config(c);
        let Ok(text) = disk.text(&real) else { continue };
        if crate::FEDERATION_MARKERS.iter().any(|m| text.contains(m)) {
            let ex = extract::evaluate(disk, host, &real, bundler_of(kind, has_project_json));
            if ex.plugin.is_none() && ex.unreached.is_empty() {
                continue;
            }
            let name = ex.options.as_ref().and_then(|o| match o.get("name") {
                Lookup::Found(v) => v.as_str().map(String::from),
                _ => None,
            });
            let files = &ex.files;
            let reads = (0..).take_while(|i| files.has(*i)).map(|i| files.path(i).to_path_buf()).collect();
            feds.push(Fed { config: c.clone(), dir, name, reads });
        } else if has_mf_config(&dir, kind) {
            feds.push(Fed { config: c.clone(), dir, name: None, reads: Vec::new() });
        }
    }
    // a config another one reads is part of that one (of the one at the end of a chain of reads)
    let reader_of = |i: usize| -> Option<usize> {
        let real = real_config(&feds[i].config);
        feds.iter().position(|f| f.config != feds[i].config && f.reads.contains(&real))
    };
    let owner: Vec<Option<usize>> = (0..feds.len())
        .map(|i| {
            let mut at = reader_of(i)?;
            let mut seen = vec![i];
            while let Some(next) = reader_of(at) {
                if seen.contains(&next) {
                    // configs that read each other: each is a build of its own
                    return (next != i).then_some(at);
                }
                seen.push(at);
                at = next;
            }
            Some(at)
        })
        .collect();
    // the builds: by directory, then by known name (an unknown name joins the directory's first)
    let mut keys: Vec<(PathBuf, Option<String>)> = Vec::new();
    let mut build_of: Vec<Option<usize>> = vec![None; feds.len()];
    for (i, f) in feds.iter().enumerate() {
        if owner[i].is_some() {
            continue;
        }
        let found = keys.iter().position(|(d, n)| *d == f.dir && (n.is_none() || f.name.is_none() || *n == f.name));
        build_of[i] = Some(found.unwrap_or_else(|| {
            keys.push((f.dir.clone(), f.name.clone()));
            keys.len() - 1
        }));
        if let Some(k) = build_of[i]
            && keys[k].1.is_none()
        {
            keys[k].1 = f.name.clone();
        }
    }
    if keys.len() < 2 {
        return whole();
    }
    let mut builds: Vec<Build> = keys
        .iter()
        .map(|(dir, _)| Build { root: dir.clone(), package_root: package_root.to_path_buf(), configs: Vec::new() })
        .collect();
    let mut loose: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    for c in configs {
        let k = match feds.iter().position(|f| f.config == *c) {
            Some(i) => build_of[i].or_else(|| owner[i].and_then(|j| build_of[j])),
            // not federated (a common config, another tool's), or not readable: with its directory's build
            None => {
                let dir = c.parent().unwrap_or(package_root);
                keys.iter().position(|(d, _)| d == dir)
            }
        };
        match k {
            Some(k) => builds[k].configs.push(c.clone()),
            None => loose.entry(c.parent().unwrap_or(package_root).to_path_buf()).or_default().push(c.clone()),
        }
    }
    // configs in no build's directory: on their own (an unreadable one still reports its problem)
    for (dir, configs) in loose {
        builds.push(Build { root: dir, package_root: package_root.to_path_buf(), configs });
    }
    builds
}

/// Analyses every federated app under `dir`.
pub fn analyze(dir: &Path, options: &Options) -> Result<Graph, String> {
    let root = std::fs::canonicalize(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    if !root.is_dir() {
        return Err(format!("{}: not a directory", dir.display()));
    }
    on_deep_stack("fedscope-analysis", || analyze_root(&root, options))
}

/// Runs `work` on a thread with a deep stack. The parser, the collectors and the evaluator
/// recurse once per level of nesting, and a file of thousands of nested brackets would overflow
/// the main thread's stack; this one is reserved, not used: only a deeply nested file touches it.
pub(crate) fn on_deep_stack<T: Send>(name: &str, work: impl FnOnce() -> Result<T, String> + Send) -> Result<T, String> {
    std::thread::scope(|outer| {
        let thread = std::thread::Builder::new()
            .name(name.into())
            .stack_size(crate::disk::PARSE_STACK)
            .spawn_scoped(outer, work)
            .map_err(|e| format!("cannot start {name}: {e}"))?;
        thread.join().unwrap_or_else(|e| std::panic::resume_unwind(e))
    })
}

fn analyze_root(root: &Path, options: &Options) -> Result<Graph, String> {
    crate::timings::phase("start");
    let disk = Disk::new(root);
    let mut found = walk(&disk, root);
    crate::timings::phase("find files");
    // every source module is parsed once: on the other cores in the background, and where a
    // walk asks for one that is not parsed yet
    let sources = std::mem::take(&mut found.sources);
    let stop = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| {
        disk.parse_in_background(scope, &sources, &stop);
        let graph = analyze_found(root, &disk, found, options);
        crate::timings::mark("the walks end");
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        graph
    })
}

/// [`analyze`] once the files are found.
fn analyze_found(root: &Path, disk: &Disk, found: Found, options: &Options) -> Result<Graph, String> {
    let mut problems = found.problems;
    // workspace packages by name (so configs can import them, and versions resolve)
    let mut packages: HashMap<String, PathBuf> = HashMap::new();
    for pj in &found.package_jsons {
        match disk.json(pj) {
            Ok(v) => {
                if let Some(n) = pkg::name(&v) {
                    packages.entry(n.to_string()).or_insert_with(|| pj.parent().unwrap_or(root).to_path_buf());
                }
            }
            Err((e, line)) => problems.push(FileProblem { file: disk.rel(pj), line, message: e }),
        }
    }
    let host =
        WorkspaceHost { disk, packages: packages.clone(), evaluated: Default::default(), resolved: Default::default() };
    let mut lockfiles: HashMap<PathBuf, Option<Lockfile>> = HashMap::new();

    // Nx projects by name (remotes are named by project)
    let mut nx: HashMap<String, PathBuf> = HashMap::new();
    for pj in &found.project_jsons {
        if let Ok(v) = disk.json(pj)
            && let Some(n) = pkg::name(&v)
        {
            nx.entry(n.to_string()).or_insert_with(|| pj.clone());
        }
    }
    // a config other apps' configs link to, in a directory that is no package (`shared/`), is
    // their common source, not an app: builds run from packages (where webpack finds
    // `webpack.config.js`)
    let link_targets: Vec<PathBuf> = found
        .configs
        .iter()
        .filter(|c| c.symlink_metadata().is_ok_and(|m| m.file_type().is_symlink()))
        .filter_map(|c| std::fs::canonicalize(c).ok())
        .collect();
    let template = |c: &Path| {
        let dir = c.parent().unwrap_or(root);
        link_targets.iter().any(|t| t == c)
            && !dir.join("package.json").is_file()
            && !dir.join("project.json").is_file()
    };
    // group configs by app root (the nearest package.json's or project.json's directory)
    let mut by_root: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    for c in found.configs.iter().filter(|c| !template(c)) {
        let dir = c.parent().unwrap_or(root);
        // a Native Federation config sits in its project's root, and the
        // projects of an Angular workspace share the root package.json
        let native =
            c.file_name().and_then(|n| config_kind(&n.to_string_lossy())) == Some(ConfigKind::NativeFederation);
        let app_root = if native { Some(dir.to_path_buf()) } else { app_root_of(disk, dir) };
        let app_root = app_root.unwrap_or_else(|| dir.to_path_buf());
        by_root.entry(app_root).or_default().push(c.clone());
    }
    // the builds each root holds (one, or several configs of different builds)
    let builds: Vec<Build> =
        by_root.iter().flat_map(|(app_root, configs)| split_builds(disk, &host, app_root, configs)).collect();

    let mut apps = Vec::new();
    let mut jobs = Vec::new();
    let mut app_problems = Vec::new();
    for build in &builds {
        if let Some((app, j)) =
            analyze_app(disk, &host, &nx, &found.project_jsons, build, &mut lockfiles, &mut app_problems, None)
        {
            apps.push(app);
            jobs.extend(j);
        }
    }
    crate::timings::phase("apps (and parsing)");
    if let Some(settings) = &options.eval {
        // run the configs the static pass chose in Node, then assemble again with their results
        let results = eval::run_all(settings, &jobs);
        let evals: Evals = jobs.iter().map(|j| j.config.clone()).zip(results).collect();
        apps.clear();
        app_problems.clear();
        for build in &builds {
            if let Some((app, _)) = analyze_app(
                disk,
                &host,
                &nx,
                &found.project_jsons,
                build,
                &mut lockfiles,
                &mut app_problems,
                Some(&evals),
            ) {
                apps.push(app);
            }
        }
    }
    problems.extend(app_problems);
    // built apps without a config of their own (not a package whose configs are apps)
    let app_roots: std::collections::HashSet<String> = apps.iter().map(|a: &App| a.root.clone()).collect();
    let split_packages: std::collections::HashSet<&Path> =
        builds.iter().filter(|b| b.package_root != b.root).map(|b| b.package_root.as_path()).collect();
    for pj in &found.package_jsons {
        let dir = pj.parent().unwrap_or(root);
        if app_roots.contains(&disk.rel(dir)) || split_packages.contains(dir) {
            continue;
        }
        if let Some(app) = manifest::app_from_build(disk, dir, &mut problems) {
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
    let lockfiles = crate::pm::lockfile_infos(disk, lockfiles.values().flatten());
    let files_read = if options.files_read { disk.files_read() } else { Vec::new() };
    crate::timings::phase("built apps, groups");
    Ok(Graph { apps, groups, problems, files_read, lockfiles })
}

/// Picks the config the package's scripts run, else by kind (server builds last).
fn order_configs(disk: &Disk, app_root: &Path, configs: &[PathBuf]) -> Vec<PathBuf> {
    let named: Vec<(String, String)> = disk
        .json(&app_root.join("package.json"))
        .ok()
        .map(|v| pkg::string_map(&v, "scripts").into_iter().collect())
        .unwrap_or_default();
    let scripts: Vec<String> = named.iter().map(|(_, s)| s.clone()).collect();
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
            // a config below the package is named by its path (a bare file name is one in the
            // working directory)
            let at_top = c.parent() == Some(app_root);
            let named_in_scripts = scripts.iter().any(|s| s.contains(&rel) || (at_top && s.contains(&name)));
            if named_in_scripts {
                score += 30;
                // the package's own `build` script is the production build (`rspack:build` an alternative)
                if named.iter().any(|(k, s)| k == "build" && (s.contains(&rel) || (at_top && s.contains(&name)))) {
                    score += 15;
                }
            }
            // a bare `rspack` / `webpack` script uses the default config of that tool
            if name.contains(".config.") && at_top {
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

#[allow(clippy::too_many_arguments)]
fn analyze_app(
    disk: &Disk,
    host: &WorkspaceHost,
    nx: &HashMap<String, PathBuf>,
    project_jsons: &[PathBuf],
    build: &Build,
    lockfiles: &mut HashMap<PathBuf, Option<Lockfile>>,
    problems: &mut Vec<FileProblem>,
    evals: Option<&Evals>,
) -> Option<(App, Vec<Job>)> {
    let app_root = build.root.as_path();
    // the package the build is run from (its package.json, scripts, working directory)
    let package_root = build.package_root.as_path();
    let split = app_root != package_root;
    let has_project_json = package_root.join("project.json").is_file();
    let ordered = order_configs(disk, package_root, &build.configs);
    let mut chosen: Option<(PathBuf, Bundler, Extracted)> = None;
    // the chosen config is federated but none of its options is known: where, and why
    let mut broken: Option<(Place, String)> = None;
    // a federated config that cannot be read, taken only when no readable one is federated
    let mut unreadable: Option<(PathBuf, Bundler, Place, String)> = None;
    let mut others = Vec::new();
    for c in &ordered {
        let name = c.file_name()?.to_string_lossy().to_string();
        let kind = config_kind(&name)?;
        let bundler = bundler_of(kind, has_project_json);
        // a symlinked config is run from where it links to (Node resolves it, so its
        // `__dirname` and relative requires are the target's)
        let source_file = real_config(c);
        if let Err(e) = disk.text(&source_file) {
            problems.push(FileProblem {
                file: disk.rel(c),
                line: None,
                message: format!("the config cannot be read: {e}"),
            });
            // its bytes naming a federation plugin make it an app whose options are not known
            if disk.bytes_contain_any(&source_file, &crate::FEDERATION_MARKERS) {
                if chosen.is_some() {
                    others.push(disk.rel(c));
                } else if unreadable.is_none() {
                    let why = format!("the config cannot be read ({e}), so none of its federation options is known");
                    unreadable = Some((c.clone(), bundler, Place { file: disk.rel(c), line: 1 }, why));
                }
            }
            continue;
        }
        if let Some((_, _, chosen_ex)) = &chosen {
            // a file the chosen config reads (`merge(common, …)`) is part of it, not another build
            let files = &chosen_ex.files;
            if (0..).take_while(|i| files.has(*i)).any(|i| files.path(i) == source_file.as_path()) {
                continue;
            }
            // only count other configs that also build this app's container
            let text = disk.text(&source_file).unwrap_or_default();
            if crate::FEDERATION_MARKERS.iter().any(|m| text.contains(m)) {
                others.push(disk.rel(c));
            }
            continue;
        }
        let ex = extract::evaluate(disk, host, &source_file, bundler);
        problems.extend(ex.problems.iter().cloned());
        // a config that does not parse but names a federation plugin is an app whose options are not known
        let syntax_error = ex
            .problems
            .iter()
            .find(|p| p.file == disk.rel(&source_file) && p.message.starts_with("syntax error"))
            .filter(|_| {
                ex.plugin.is_none()
                    && disk.text(&source_file).is_ok_and(|t| crate::FEDERATION_MARKERS.iter().any(|m| t.contains(m)))
            })
            .map(|p| {
                (
                    Place { file: p.file.clone(), line: p.line.unwrap_or(1) },
                    format!("the config does not parse ({}), so none of its federation options is known", p.message),
                )
            });
        let federated =
            ex.plugin.is_some() || !ex.unreached.is_empty() || has_mf_config(app_root, kind) || syntax_error.is_some();
        if federated {
            broken = syntax_error;
            chosen = Some((c.clone(), bundler, ex));
            if let Some((u, ..)) = unreadable.take() {
                others.push(disk.rel(&u));
            }
        }
    }
    if chosen.is_none()
        && let Some((c, bundler, place, why)) = unreadable
    {
        // nothing of it is read: no options, no config values
        let mut ex = extract::evaluate(disk, host, &real_config(&c), bundler);
        ex.options = None;
        ex.config = None;
        broken = Some((place, why));
        chosen = Some((c, bundler, ex));
    }
    let (config, bundler, ex) = chosen?;
    // the bundler the configs are evaluated as (to evaluate one again)
    let eval_bundler = bundler;
    let mut jobs = vec![Job { config: config.clone(), bundler, cwd: package_root.to_path_buf() }];
    let mut source = Source::Static;
    // what only the static pass works out (an `--eval-config` run records the plugin's arguments only)
    let static_mf_file = ex.mf_file.clone();
    let hook_unique_name = ex.hook_unique_name.clone();
    let static_config = ex.config.clone();
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
    // the file the options are read from, and whether they are its default export
    // (a `module-federation.config`) rather than the plugin's argument
    let mut options_from = (real_config(&config), false);
    let mut notes = ex.notes.clone();
    let mut unknown = Vec::new();
    let mut plugin = ex.plugin;
    // Modern.js reads the file `extract::modern_js_options` names (not with an
    // inline `config`); Rsbuild without inline options reads module-federation.config.*
    let mf_file = if matches!(plugin, Some(Plugin::ModernJs)) {
        static_mf_file.clone()
    } else if (matches!(plugin, Some(Plugin::Rsbuild))
        && options.as_ref().is_none_or(|o| !matches!(o.kind, Kind::Object(_))))
        || (plugin.is_none() && has_mf_config(app_root, config_kind(&config.file_name()?.to_string_lossy())?))
    {
        find_mf_config(app_root)
    } else {
        None
    };
    if let Some(mf) = mf_file {
        let mfx = extract::evaluate(disk, host, &mf, bundler);
        problems.extend(mfx.problems.iter().cloned());
        jobs.push(Job { config: mf.clone(), bundler, cwd: package_root.to_path_buf() });
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
        options_from = (mf.clone(), true);
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
    if let Some((p, why)) = &broken {
        unknown.push(UnknownField { field: "options".into(), file: p.file.clone(), line: p.line, why: why.clone() });
    }
    let runtime = match plugin {
        Some(Plugin::WebpackContainer | Plugin::RspackV1) => RuntimeKind::Webpack,
        Some(Plugin::NativeFederation | Plugin::OriginjsVite) => RuntimeKind::Unknown,
        Some(Plugin::NxWithModuleFederation) => match nx_runtime(disk, app_root, &config) {
            Ok(r) => r,
            Err(why) => {
                unknown.push(UnknownField { field: "runtime".into(), file: disk.rel(&config), line: 1, why });
                RuntimeKind::Unknown
            }
        },
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
    let pj_path = package_root.join("package.json");
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
    let name_read = matches!(opts.get("name"), Lookup::Found(v) if v.as_str().is_some());
    let name = match reader.get(&opts, "name", "name") {
        Field::Set(v) => v.as_str().map(String::from),
        _ => None,
    }
    // (the package's name names one app only: the builds a package holds are named by directory)
    .or_else(|| package.clone().filter(|_| !split))
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
    let nx_app = matches!(plugin, Some(Plugin::NxWithModuleFederation));
    let mut nx_name_override = None;
    let mut nx_pending = None;
    let mut opts = if nx_app {
        let opts_place = place_of_files(disk, &files, opts.loc);
        let (mut o, pending) = with_nx_defaults(disk, nx, app_root, &config, opts, &opts_place, &mut unknown);
        nx_pending = pending;
        // `withModuleFederation(options, configOverride)`: `{ name, filename, exposes,
        // remotes, shared, remoteType, ...configOverride, runtimePlugins: configOverride?.runtimePlugins }`
        // (@nx/module-federation 23 `with-module-federation/{webpack,rspack}`)
        if let Some(ov) = &ex.option_override {
            if matches!(ov.get("shared"), Lookup::Found(_)) {
                // the project graph's shares are replaced
                unknown.retain(|u| !(u.field == "shared" && u.why.starts_with("Nx shares every npm package")));
                nx_pending = None;
            }
            if let Lookup::Found(n) = ov.get("name") {
                nx_name_override = Some(n.as_str().map(String::from));
            }
            if let Kind::Object(entries) = &mut o.kind {
                match &ov.kind {
                    Kind::Object(oe) => entries.extend(oe.iter().cloned()),
                    _ => entries.push(fedscope_js::Entry::Spread(ov.clone())),
                }
            }
        }
        o
    } else {
        opts
    };
    if matches!(plugin, Some(Plugin::NativeFederation)) && matches!(opts.get("shared"), Lookup::Missing) {
        let p = place_of_files(disk, &files, opts.loc);
        unknown.push(UnknownField {
            field: "shared".into(),
            file: p.file,
            line: p.line,
            why: "without `shared`, withNativeFederation shares every `dependencies` entry of package.json as { singleton: true, strictVersion: true, requiredVersion: 'auto' } except its default skip list, which differs between Native Federation versions".into(),
        });
    }
    // Nx names the container `normalizeProjectName(options.name)` and sets `output.uniqueName = options.name`
    let (name, nx_unique_name) = if nx_app {
        let container = match nx_name_override {
            Some(Some(n)) => n,
            Some(None) => {
                let p = place_of_files(disk, &files, opts.loc);
                unknown.push(UnknownField {
                    field: "name".into(),
                    file: p.file,
                    line: p.line,
                    why: "the config override's `name` is not known".into(),
                });
                nx_project_name(&name)
            }
            None => nx_project_name(&name),
        };
        (container, Some(name))
    } else {
        (name, None)
    };
    // (Nx's are built once the sources are read, below)
    let mut raw_shared = if nx_pending.is_some() { Vec::new() } else { reader.shared(&opts, &plugin_scope) };
    // Native Federation 4.x builds only the shared packages the project's code
    // imports (`features.ignoreUnusedDeps`, default true: `normalize-options.js ›
    // removeUnusedDeps`, traced from the entry points)
    // (3.x has the feature, off by default)
    if matches!(plugin, Some(Plugin::NativeFederation)) {
        let setting = match opts.get("features") {
            Lookup::Found(f) => match f.get("ignoreUnusedDeps") {
                Lookup::Found(v) if !matches!(v.kind, Kind::Undefined) => v.truthy(),
                _ => None,
            },
            _ => None,
        };
        let v4 = host.native_federation_4(&config, ex.module.as_deref().unwrap_or(""));
        let prunes = match setting {
            Some(on) => on,
            None => v4 != Some(false),
        };
        if prunes {
            let p = options_place(disk, &files, opts.loc, &config);
            unknown.push(UnknownField {
                field: "shared".into(),
                file: p.file,
                line: p.line,
                why: format!(
                    "Native Federation 4.x{} keeps only the shared entries the project's code imports (`features.ignoreUnusedDeps`, default true), and fedscope does not trace its imports: an entry listed here may be left out of the build",
                    if setting == Some(true) { " and 3.x with `features.ignoreUnusedDeps: true`" } else if v4.is_none() { " (which may be the installed version)" } else { "" }
                ),
            });
        }
    }
    // Native Federation drops shared keys listed in `skip` (withNativeFederation's normalizeShared)
    if matches!(plugin, Some(Plugin::NativeFederation))
        && let Lookup::Found(skip) = opts.get("skip")
    {
        match &skip.kind {
            Kind::Array(items) => {
                let names: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
                raw_shared.retain(|r| !names.contains(&r.key.as_str()));
                if names.len() < items.len() {
                    reader.unknown(
                        "skip",
                        skip,
                        "a skip entry that is not a package name (a RegExp or a function) may drop shared keys".into(),
                    );
                }
            }
            _ => reader.unknown("skip", skip, format!("skip: {}", fedscope_js::eval::describe_unknown(skip))),
        }
    }
    let remotes = reader.remotes(&opts);
    let config_dir = config.parent().unwrap_or(app_root).to_path_buf();
    // webpack and Rspack resolve exposes, entries and shared modules from the build's
    // `context` (the directory the bundler runs in unless the config moves it)
    let build_context: Option<PathBuf> = match (bundler, ex.config.as_ref().map(|c| c.get("context"))) {
        (Bundler::Webpack | Bundler::Rspack | Bundler::Nx, Some(Lookup::Found(v))) => {
            v.as_str().map(|c| crate::disk::normalize(&app_root.join(c))).filter(|d| disk.inside(d) && d.is_dir())
        }
        _ => None,
    };
    // Native Federation bundles exposes from the Angular workspace root (`angular.json`)
    let expose_dir = match plugin {
        Some(Plugin::NativeFederation) => {
            config_dir.ancestors().take_while(|d| disk.inside(d)).find(|d| d.join("angular.json").is_file())
        }
        _ => None,
    }
    .map_or_else(|| build_context.clone().unwrap_or_else(|| config_dir.clone()), Path::to_path_buf);
    let resolve_expose = |base: &Path, request: &str| -> Option<String> {
        match fedscope_js::Host::resolve(host, &base.join("x"), request) {
            fedscope_js::Resolved::File(p) => Some(disk.rel(&p)),
            _ => None,
        }
    };
    let exposes = reader.exposes(&opts, &expose_dir, &resolve_expose);
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
    // @module-federation/modern-js's `patchMFConfig` always appends its
    // `shared-strategy` runtime plugin, whose `beforeInit` sets
    // `strategy = 'loaded-first'` on every shared entry of the app
    // (`cli/mfRuntimePlugins/shared-strategy.js`; 0.19 and the -v3 package)
    if matches!(plugin, Some(Plugin::ModernJs)) {
        let package = match ex.module.as_deref() {
            Some("@module-federation/modern-js-v3") => "@module-federation/modern-js-v3",
            _ => "@module-federation/modern-js",
        };
        let request = format!("{package}/shared-strategy");
        if !runtime_plugins.contains(&request) {
            runtime_plugins.push(request);
        }
        let p = options_place(disk, &files, opts.loc, &config);
        reader.unknown.push(UnknownField {
            field: "shareStrategy".into(),
            file: p.file,
            line: p.line,
            why: format!(
                "{package}'s shared-strategy runtime plugin registers every shared entry of this app with `strategy: 'loaded-first'` (first registration wins, loaded versions are preferred), while the container's shareStrategy stays {} (which decides whether remotes are initialised before the first load); the graph has no per-entry strategy",
                share_strategy.as_deref().map_or("`version-first`, the default".to_string(), |s| format!("`{s}`"))
            ),
        });
    }
    let mut async_startup = matches!(opts.get("experiments"), Lookup::Found(e) if matches!(e.get("asyncStartup"), Lookup::Found(v) if v.as_bool() == Some(true)));
    // @module-federation/vite 1.x starts every app asynchronously: a shared import is
    // replaced by its `__loadShare__` virtual module, which waits for the share scope with
    // a top-level await (1.x: `const exportModule = await res.then(factory => factory())`,
    // `res = initPromise.then(_ => loadShare(...))`; `virtualShared_preBuild`), and the
    // host's entry is imported only after `initHost()` (the `hostInit` bootstrap,
    // `(async () => { … await initHost() … })().then(() => import(entry))` in 1.23); so
    // no module runs before the share scope is initialised and nothing is consumed eagerly.
    // (0.x is a different plugin, a Native Federation builder.)
    // (added to the notes after the build-mode notes, which look for notes near a value)
    let mut startup_note = None;
    if matches!(plugin, Some(Plugin::Vite)) {
        let p = options_place(disk, &files, opts.loc, &config);
        match installed_semver(disk, app_root, "@module-federation/vite") {
            Some(v) if v < (1, 0, 0) => unknown.push(UnknownField {
                field: "asyncStartup".into(),
                file: p.file,
                line: p.line,
                why: format!(
                    "@module-federation/vite {}.{}.{} is installed: 0.x is a different plugin (a Native Federation builder), whose startup fedscope does not model",
                    v.0, v.1, v.2
                ),
            }),
            _ => {
                async_startup = true;
                startup_note = Some((
                    p,
                    "asyncStartup: @module-federation/vite 1.x loads every shared import through a virtual module that awaits the share scope (top-level await) and imports the entry after the host's init, so the app starts asynchronously and nothing is consumed eagerly".into(),
                ));
            }
        }
    }
    unknown.extend(reader.unknown);

    // the version each app provides, and the range the runtime checks: read from
    // the build's `context` (see `build_context`)
    let app_root_for_versions = build_context.as_deref().unwrap_or(app_root);
    let lock_path = lockfile::find(disk, app_root_for_versions);
    // an Nx build: its workspace (tsconfig `paths`, projects, the lockfile Nx reads)
    let nx_ws = if nx_app || bundler == Bundler::Nx { nx::workspace(disk, app_root, project_jsons) } else { None };
    let nx_lock_path = nx_ws.as_ref().filter(|_| nx_pending.is_some()).map(|w| w.lockfile());
    for p in lock_path.iter().chain(nx_lock_path.iter().filter_map(|r| r.as_ref().ok())) {
        lockfiles.entry(p.clone()).or_insert_with(|| match Lockfile::read(disk, p) {
            Ok(l) => Some(l),
            Err((e, line)) => {
                problems.push(FileProblem { file: disk.rel(p), line, message: e });
                None
            }
        });
    }
    let lockfiles: &HashMap<PathBuf, Option<Lockfile>> = lockfiles;
    let lock = lock_path.as_ref().and_then(|p| lockfiles.get(p)?.as_ref());
    let lock = match (lock, &lock_path) {
        (Some(l), _) => LockState::Read(l),
        (None, Some(p)) => LockState::Unreadable(disk.rel(p)),
        (None, None) => LockState::None,
    };
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
    // the app's sources: entries and exposed modules, and what they import
    let (entries, entry_unknown) =
        entry_files(disk, host, app_root, bundler, &config_value, static_config.as_ref(), nx_ws.as_ref());
    // build-time aliases: the config's `resolve.alias` (Rsbuild: `source.alias` too), then tsconfig `paths` of Nx
    // (an Nx build's aliases are its tsconfig `paths`, applied below; `source.alias` is Rsbuild's)
    let build_aliases = if nx_ws.is_some() {
        Vec::new()
    } else {
        config_aliases(
            &config_value,
            app_root,
            &config_place,
            matches!(bundler, Bundler::Rsbuild | Bundler::Modernjs),
            &mut unknown,
        )
    };
    let nx_alias = nx_ws.as_ref().map(|w| move |spec: &str| w.alias(host, spec));
    // the app's own tsconfig `paths`, where the build resolves through them: Rsbuild, Modern.js
    // and Next do by default; webpack, Rspack and Vite with a tsconfig-paths plugin or option
    let ts_paths = if nx_ws.is_none()
        && (matches!(bundler, Bundler::Rsbuild | Bundler::Modernjs | Bundler::Next)
            || disk.text(&config).is_ok_and(|t| TS_PATHS_MARKERS.iter().any(|m| t.contains(m))))
    {
        nx::TsconfigPaths::read(disk, app_root)
    } else {
        None
    };
    let alias_fn = |spec: &str| -> Option<PathBuf> {
        crate::sources::apply_aliases(host, &build_aliases, spec)
            .or_else(|| ts_paths.as_ref().and_then(|t| t.alias(host, spec)))
            .or_else(|| nx_alias.as_ref().and_then(|f| f(spec)))
    };
    let aliases: Option<crate::sources::Aliases> =
        (nx_alias.is_some() || ts_paths.is_some() || !build_aliases.is_empty())
            .then_some(&alias_fn as crate::sources::Aliases);
    let expose_files: Vec<PathBuf> =
        exposes.iter().filter_map(|e| e.file.as_ref()).map(|f| disk.root.join(f)).collect();
    let remote_aliases: Vec<String> = remotes.iter().map(|r| r.alias.clone()).collect();
    let mut parsed = crate::sources::ParseCache::default();
    // Nx's `shared`: from a first walk of the sources (no share key), see `nx::shares`
    let mut first_walk = None;
    let mut nx_required: HashMap<String, Place> = HashMap::new();
    let mut nx_unversioned = std::collections::BTreeSet::new();
    if nx_pending.is_some() && nx_ws.is_none() {
        let p = options_place(disk, &files, opts.loc, &config);
        unknown.push(UnknownField {
            field: "shared".into(),
            file: p.file,
            line: p.line,
            why: "Nx shares what its project graph links to the project, which it builds from the workspace whose root has the nx.json, and there is none at or above the app in the analysed directory".into(),
        });
    }
    if let (Some(pending), Some(ws)) = (nx_pending.take(), nx_ws.as_ref()) {
        let shape = crate::sources::AppShape {
            root: app_root,
            config: &config,
            entries: entries.clone(),
            exposes: expose_files.clone(),
            shared_keys: Vec::new(),
            remotes: remote_aliases.clone(),
            aliases,
            runtime_plugins: Vec::new(),
        };
        let walk = crate::sources::walk_with(disk, host, &shape, &mut parsed);
        let resolve = |f: &Path, spec: &str| shape.resolve(host, f, spec);
        let nx_lock = match &nx_lock_path {
            Some(Ok(p)) => match lockfiles.get(p) {
                Some(Some(l)) => nx::Lock::Read(l),
                _ => nx::Lock::Unknown(format!("the lockfile {} cannot be read (see `problems`)", disk.rel(p))),
            },
            Some(Err(why)) => nx::Lock::Unknown(why.clone()),
            None => nx::Lock::Unknown("no lockfile".into()),
        };
        let input = nx::Input {
            disk,
            ws,
            app_root,
            walk: &walk,
            cache: &parsed,
            resolve: &resolve,
            remotes: &remote_aliases,
            lock: nx_lock,
            entries_known: !entries.is_empty() && entry_unknown.is_empty(),
            shared_fn: pending.shared_fn.clone(),
            additional: pending.additional.clone(),
            loc: opts.loc,
            place: {
                let p = place_of_files(disk, &files, opts.loc);
                if p.file.is_empty() { Place { file: disk.rel(&config), line: 1 } } else { p }
            },
            project_names: nx,
        };
        let callable = matches!(pending.shared_fn.as_ref().map(|f| &f.kind), Some(Kind::Function(_)));
        let shares = if callable && source == Source::Static {
            extract::with_option_function(disk, host, &options_from.0, eval_bundler, options_from.1, "shared", |call| {
                match call {
                    Ok(c) => nx::shares(&input, Some(c)),
                    Err(why) => {
                        nx::shares(&nx::Input { shared_fn: Some(Value::unknown(why, opts.loc)), ..input }, None)
                    }
                }
            })
        } else {
            nx::shares(&input, None)
        };
        if let Kind::Object(es) = &mut opts.kind
            && let Some(fedscope_js::Entry::Prop { value, .. }) = es.get_mut(pending.placeholder)
        {
            *value = Value::new(Kind::Object(shares.entries), opts.loc);
        }
        let mut nx_reader = Reader { disk, files: &files, unknown: Vec::new() };
        raw_shared = nx_reader.shared(&opts, &plugin_scope);
        unknown.extend(nx_reader.unknown);
        for raw in &mut raw_shared {
            if let Some(p) = shares.required_places.get(&raw.key) {
                raw.required_place = p.clone();
            }
        }
        nx_required = shares.required_places;
        nx_unversioned = shares.unversioned;
        unknown.extend(shares.unknown);
        notes.extend(shares.notes);
        first_walk = Some(walk);
    }
    let family = build_family(disk, app_root, &config, plugin, bundler, ex.module.as_deref(), static_config.as_ref());
    let mut shared = Vec::new();
    for raw in raw_shared {
        let mut s =
            resolve_shared(disk, host, app_root_for_versions, raw, &lock, plugin, &family, aliases, &mut unknown);
        // Nx's own entries: the range is the root package.json's (a library's own version)
        if let (Some(p), Origin::Config(q)) = (nx_required.get(&s.key), &s.required_origin)
            && p == q
            && p.file.ends_with("package.json")
        {
            s.required_origin = Origin::PackageJson(p.clone());
        }
        if nx_unversioned.contains(&s.key)
            && s.required_version == Required::Off
            && matches!(s.required_origin, Origin::Config(_))
        {
            s.required_origin = Origin::Default(NX_LIBRARY_FALSE);
        }
        shared.push(s);
    }
    // Rsbuild and Modern.js have no `output.uniqueName` option of their own: it is
    // the Rspack/webpack config's, which the `tools.*` hooks may set
    let tools_hooks = matches!(bundler, Bundler::Rsbuild | Bundler::Modernjs);
    let unique_name = if tools_hooks {
        match &hook_unique_name {
            extract::HookSet::NotSet => None,
            extract::HookSet::Set(n, _) => Some(n.clone()),
            extract::HookSet::Unknown(why, p) => {
                unknown.push(UnknownField {
                    field: "uniqueName".into(),
                    file: p.file.clone(),
                    line: p.line,
                    why: why.clone(),
                });
                None
            }
        }
    } else {
        match config_value(&["output", "uniqueName"]) {
            Field::Set(v) => v.as_str().map(String::from),
            Field::Absent => None,
            // Nx's withModuleFederation sets it whatever the config says
            Field::Unknown(_) if nx_app => None,
            Field::Unknown(why) => {
                let p = config_place(ex.config.as_ref());
                unknown.push(UnknownField { field: "uniqueName".into(), file: p.file, line: p.line, why });
                None
            }
        }
    };
    let hook_unknown = matches!(hook_unique_name, extract::HookSet::Unknown(..)) && tools_hooks;
    // `output.uniqueName` may be set to a value fedscope does not know (listed above)
    let unique_unknown = unknown.iter().any(|u| u.field == "uniqueName");
    let unique_name = match plugin {
        _ if hook_unknown => None,
        // @module-federation/rsbuild-plugin (`if (!bundlerConfig.output?.uniqueName)
        // bundlerConfig.output.uniqueName = moduleFederationOptions.name`, after the
        // tools hooks) and @module-federation/modern-js (`patchBundlerConfig`:
        // `if (!chain.output.get("uniqueName")) chain.output.uniqueName(mfConfig.name)`)
        Some(Plugin::Rsbuild | Plugin::ModernJs) => match unique_name {
            Some(u) => Some(u),
            None if name_read => Some(name.clone()),
            None => {
                let p = config_place(None);
                unknown.push(UnknownField {
                    field: "uniqueName".into(),
                    file: p.file,
                    line: p.line,
                    why: "the federation plugin sets `output.uniqueName` to the MF `name`, which is not known".into(),
                });
                None
            }
        },
        // webpack's and Rspack's default (`config/defaults.js`): the `name` in
        // `<context>/package.json` (that file only: none there gives ""), the context
        // being the config's, else the working directory (the package the build runs from)
        Some(Plugin::WebpackContainer | Plugin::Enhanced | Plugin::Rspack | Plugin::RspackV1 | Plugin::Node) => {
            match (unique_name, config_value(&["context"])) {
                (Some(u), _) => Some(u),
                (None, _) if unique_unknown => None,
                (None, Field::Absent) => package.clone(),
                (None, Field::Set(v)) => match v.as_str() {
                    Some(c) => {
                        let pj = crate::disk::normalize(&package_root.join(c)).join("package.json");
                        match disk.json(&pj) {
                            Ok(v) => pkg::name(&v).map(String::from).filter(|n| !n.is_empty()),
                            Err(_) if !pj.exists() && disk.inside(&pj) => None,
                            Err((e, _)) => {
                                let p = config_place(Some(&v));
                                let why = if disk.inside(&pj) {
                                    format!(
                                        "the bundler names the build after {}, which cannot be read ({e})",
                                        disk.rel(&pj)
                                    )
                                } else {
                                    "the bundler names the build after the package.json in `context`, which is outside the analysed directory".into()
                                };
                                unknown.push(UnknownField {
                                    field: "uniqueName".into(),
                                    file: p.file,
                                    line: p.line,
                                    why,
                                });
                                None
                            }
                        }
                    }
                    None => {
                        let p = config_place(Some(&v));
                        unknown.push(UnknownField {
                            field: "uniqueName".into(),
                            file: p.file,
                            line: p.line,
                            why: "the bundler names the build after the package.json in `context`, which is not a path"
                                .into(),
                        });
                        None
                    }
                },
                (None, Field::Unknown(why)) => {
                    let p = config_place(ex.config.as_ref());
                    unknown.push(UnknownField {
                        field: "uniqueName".into(),
                        file: p.file,
                        line: p.line,
                        why: format!("the bundler names the build after the package.json in `context`: {why}"),
                    });
                    None
                }
            }
        }
        // nextjs-mf: `compiler.options.output.uniqueName = this._options.name`
        Some(Plugin::NextMf) => Some(name.clone()),
        Some(Plugin::NxWithModuleFederation) => nx_unique_name,
        _ => unique_name,
    };
    // the port the app is served on, to match remote URLs to apps: the dev
    // server's, else the one the package's scripts pass
    // an Nx app is served on its project's `serve` target port
    let mut port = if nx_app { nx_serve(disk, &app_root.join("project.json")).and_then(|s| s.port) } else { None };
    let mut port_known = true;
    for path in [["devServer", "port"], ["server", "port"]] {
        if port.is_some() {
            break;
        }
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
    // values of the options that the build mode decides (`eager: !isProd`): say so
    let mut mode_places = Vec::new();
    mode_dependent_places(&opts, &mut |v: &Value| {
        mode_places.push((place_of_files(disk, &files, v.loc), extract::source_text(disk, &files, v.loc)))
    });
    for (p, text) in mode_places {
        // a conditional's own note sits on its test, a line or two above the value
        if !p.file.is_empty()
            && !notes.iter().any(|(q, _)| q.file == p.file && q.line <= p.line && q.line + 2 >= p.line)
        {
            let note =
                extract::dependency_note(&text, "this value depends on the build mode: the production build's is used");
            notes.push((p, note));
        }
    }
    // code the evaluator skipped (a loop, an `if` on an unknown condition) may
    // add to the options: what it builds is not known, so it is not silently dropped
    for (p, n) in &notes {
        if !p.file.is_empty()
            && (n.contains("loop here is not evaluated") || n.contains("neither branch was evaluated"))
        {
            unknown.push(UnknownField {
                field: "options".into(),
                file: p.file.clone(),
                line: p.line,
                why: format!("{n}; the federation options may lack what it adds"),
            });
        }
    }
    notes.extend(startup_note);
    let notes = notes.into_iter().filter(|(p, _)| !p.file.is_empty()).collect();
    unknown.extend(entry_unknown);
    let shape = crate::sources::AppShape {
        root: app_root,
        config: &config,
        entries,
        exposes: expose_files,
        shared_keys: shared.iter().map(|s| s.key.clone()).collect(),
        remotes: remote_aliases,
        aliases,
        runtime_plugins: crate::sources::runtime_plugin_files(disk, host, &config_dir, &runtime_plugins),
    };
    let mut sources = crate::sources::walk_with(disk, host, &shape, &mut parsed);
    // (the first walk parsed the files, and reported what it could not read of them)
    if let Some(first) = first_walk {
        sources.unknown.extend(first.unknown);
        sources.unknown.sort();
        sources.unknown.dedup();
    }
    unknown.extend(sources.unknown.iter().cloned());
    let app_lock = match &lock {
        LockState::Read(l) => crate::pm::app_lock(disk, l, app_root_for_versions, &sources.uses),
        _ => None,
    };
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
            sources,
            lock: app_lock,
        },
        jobs,
    ))
}

/// The files an app's build starts from: the config's `entry` (webpack,
/// Rspack, Nx), Rsbuild's `source.entry`, Vite's `index.html` scripts, else the
/// bundler's default; with what could not be determined.
fn entry_files(
    disk: &Disk,
    host: &WorkspaceHost,
    app_root: &Path,
    bundler: Bundler,
    config_value: &dyn Fn(&[&str]) -> Field<Value>,
    static_config: Option<&Value>,
    nx_ws: Option<&nx::Workspace>,
) -> (Vec<PathBuf>, Vec<UnknownField>) {
    let mut unknown = Vec::new();
    // Nx's `composePlugins(withNx(), withReact(), withModuleFederation(…))`: withNx's
    // `applyBaseConfig` sets the entries from the build target's options
    if bundler == Bundler::Nx
        && let Some(cfg) = static_config
        && nx_composed(cfg)
    {
        let ws_root = nx_ws.map_or_else(|| disk.root.clone(), |w| w.root.clone());
        return match nx_target_entries(disk, host, app_root, &ws_root) {
            Ok(e) => (e, unknown),
            Err(why) => {
                unknown.push(UnknownField { field: "entry".into(), file: disk.rel(app_root), line: 1, why });
                (Vec::new(), unknown)
            }
        };
    }
    let resolve = |base: &Path, request: &str| -> Option<PathBuf> {
        let request = if request.starts_with('.') || request.starts_with('/') {
            request.to_string()
        } else {
            format!("./{request}")
        };
        match fedscope_js::Host::resolve(host, &base.join("x"), &request) {
            fedscope_js::Resolved::File(p) => Some(p),
            _ => None,
        }
    };
    let context = match config_value(&["context"]) {
        Field::Set(v) => {
            v.as_str().map(|c| crate::disk::normalize(&app_root.join(c))).unwrap_or_else(|| app_root.to_path_buf())
        }
        _ => app_root.to_path_buf(),
    };
    let from_value = |field: &[&str], base: &Path, unknown: &mut Vec<UnknownField>| -> Option<Vec<PathBuf>> {
        match config_value(field) {
            Field::Set(v) => match crate::sources::entry_requests(&v) {
                Ok(reqs) => Some(reqs.iter().filter_map(|r| resolve(base, r)).collect()),
                Err(why) => {
                    unknown.push(UnknownField { field: "entry".into(), file: disk.rel(app_root), line: 1, why });
                    Some(Vec::new())
                }
            },
            Field::Unknown(why) => {
                unknown.push(UnknownField { field: "entry".into(), file: disk.rel(app_root), line: 1, why });
                Some(Vec::new())
            }
            Field::Absent => None,
        }
    };
    let entries = match bundler {
        Bundler::Webpack | Bundler::Rspack | Bundler::Nx => from_value(&["entry"], &context, &mut unknown)
            .or_else(|| {
                // Nx: the project's build target names its main file
                let nx_main = disk.json(&app_root.join("project.json")).ok().and_then(|pj| match pj.get("targets") {
                    Lookup::Found(t) => match t.get("build") {
                        Lookup::Found(b) => match b.get("options") {
                            Lookup::Found(o) => match o.get("main") {
                                Lookup::Found(m) => m.as_str().map(String::from),
                                _ => None,
                            },
                            _ => None,
                        },
                        _ => None,
                    },
                    _ => None,
                });
                let ws_root = disk.root.clone();
                nx_main.and_then(|m| resolve(&ws_root, &m).or_else(|| resolve(app_root, &m))).map(|p| vec![p])
            })
            .unwrap_or_else(|| resolve(&context, "./src/index").into_iter().collect()),
        Bundler::Rsbuild => from_value(&["source", "entry"], app_root, &mut unknown)
            .unwrap_or_else(|| resolve(app_root, "./src/index").into_iter().collect()),
        Bundler::Vite => {
            let html = app_root.join("index.html");
            match disk.text(&html) {
                Ok(text) => html_module_scripts(&text)
                    .iter()
                    .filter_map(|s| resolve(app_root, s.trim_start_matches('/')))
                    .collect(),
                Err(_) => Vec::new(),
            }
        }
        // Next.js, Modern.js and Native Federation generate their entries
        _ => Vec::new(),
    };
    (entries, unknown)
}

/// A config that is `composePlugins(…)` of `@nx/webpack` / `@nx/rspack` over
/// Nx's own plugins only (`withNx`, `withWeb`, `withReact` without entry
/// options, `withModuleFederation`): its entries are the build target's.
fn nx_composed(cfg: &Value) -> bool {
    let Kind::Call { callee, args } = &cfg.kind else { return false };
    let Kind::External { module, path } = &callee.kind else { return false };
    let compose = matches!(module.as_str(), "@nx/webpack" | "@nx/rspack" | "@nrwl/webpack")
        && path.last().map(String::as_str) == Some("composePlugins");
    // options that move the entries (`applyBaseConfig` spreads withNx's over the target's)
    let no_entry_options = |v: &Value| match &v.kind {
        Kind::Undefined => true,
        Kind::Object(_) => {
            let (props, unknown) = v.props();
            unknown.is_none()
                && !props.iter().any(|(k, _)| matches!(*k, "main" | "additionalEntryPoints" | "polyfills"))
        }
        _ => false,
    };
    compose
        && args.iter().all(|a| match &a.kind {
            Kind::Call { callee, args } => match &callee.kind {
                Kind::External { module, path } => {
                    let nx = module.starts_with("@nx/") || module.starts_with("@nrwl/");
                    let last = path.last().map(String::as_str).unwrap_or("");
                    nx && (crate::host::plugin_of(module, path) == Some(Plugin::NxWithModuleFederation)
                        || (matches!(last, "withNx" | "withWeb" | "withReact") && args.iter().all(no_entry_options)))
                }
                _ => false,
            },
            _ => false,
        })
}

/// The entries Nx's `applyBaseConfig` gives the build: the build target's
/// `main`, `additionalEntryPoints` and `polyfills`, from the workspace root
/// (`path.resolve(options.root, options.main)`).
fn nx_target_entries(
    disk: &Disk,
    host: &WorkspaceHost,
    app_root: &Path,
    ws_root: &Path,
) -> Result<Vec<PathBuf>, String> {
    let pj_path = app_root.join("project.json");
    let pj = disk.json(&pj_path).map_err(|(e, _)| format!("{} cannot be read ({e})", disk.rel(&pj_path)))?;
    let build = match pj.get("targets") {
        Lookup::Found(t) => match t.get("build") {
            Lookup::Found(b) => Some(b.clone()),
            _ => None,
        },
        _ => None,
    };
    let Some(build) = build else {
        return Err(format!(
            "withNx takes the entry from the project's build target, and {} has none (a target an Nx plugin infers is not read)",
            disk.rel(&pj_path)
        ));
    };
    match build.get("executor") {
        Lookup::Found(e)
            if matches!(e.as_str(), Some("@nx/webpack:webpack" | "@nx/rspack:rspack" | "@nrwl/webpack:webpack")) => {}
        Lookup::Found(e) if e.as_str().is_some() => {
            return Err(format!(
                "the build target's executor is `{}`, whose options fedscope does not read",
                e.as_str().unwrap_or_default()
            ));
        }
        _ => return Err("the build target names no executor fedscope reads".into()),
    }
    const ENTRY_OPTIONS: [&str; 3] = ["main", "additionalEntryPoints", "polyfills"];
    if let Lookup::Found(confs) = build.get("configurations") {
        for (name, c) in confs.props().0 {
            if ENTRY_OPTIONS.iter().any(|k| matches!(c.get(k), Lookup::Found(_))) {
                return Err(format!("the build target's `{name}` configuration changes the entries"));
            }
        }
    }
    let options = match build.get("options") {
        Lookup::Found(o) => o.clone(),
        _ => Value::new(Kind::Object(Vec::new()), fedscope_js::Loc::default()),
    };
    let resolve = |request: &str| -> Result<PathBuf, String> {
        let spec = if request.starts_with('/') { request.to_string() } else { format!("./{request}") };
        match fedscope_js::Host::resolve(host, &ws_root.join("x"), &spec) {
            fedscope_js::Resolved::File(p) => Ok(p),
            _ => Err(format!("the build target's entry `{request}` does not resolve")),
        }
    };
    let mut out = Vec::new();
    match options.get("main") {
        Lookup::Found(m) if m.as_str().is_some() => out.push(resolve(m.as_str().unwrap_or_default())?),
        _ => return Err("the build target's options name no `main`".into()),
    }
    if let Lookup::Found(extra) = options.get("additionalEntryPoints") {
        let Kind::Array(items) = &extra.kind else { return Err("`additionalEntryPoints` is not a list".into()) };
        for i in items {
            match i.get("entryPath") {
                Lookup::Found(p) if p.as_str().is_some() => out.push(resolve(p.as_str().unwrap_or_default())?),
                _ => return Err("an `additionalEntryPoints` item has no `entryPath`".into()),
            }
        }
    }
    if let Lookup::Found(p) = options.get("polyfills") {
        match p.as_str() {
            Some(p) => out.push(resolve(p)?),
            None => return Err("`polyfills` is not a path".into()),
        }
    }
    Ok(out)
}

/// `src` of every `<script type="module" src="…">` in an HTML page.
fn html_module_scripts(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for tag in html.split("<script").skip(1) {
        let head = tag.split('>').next().unwrap_or("");
        if !head.contains("module") {
            continue;
        }
        if let Some(i) = head.find("src=") {
            let rest = &head[i + 4..];
            let quote = rest.chars().next().unwrap_or('"');
            if (quote == '"' || quote == '\'')
                && let Some(src) = rest[1..].split(quote).next()
            {
                out.push(src.to_string());
            }
        }
    }
    out
}

/// Where the federation options are, else the config's first line.
fn options_place(disk: &Disk, files: &fedscope_js::Files, loc: fedscope_js::Loc, config: &Path) -> Place {
    let p = place_of_files(disk, files, loc);
    if p.file.is_empty() { Place { file: disk.rel(config), line: 1 } } else { p }
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
        // `styled-jsx/style` has `import: false` in DEFAULT_SHARE_SCOPE, but the
        // browser scope sets `import: undefined` on every entry
        e.push(Entry::Prop { key: "requiredVersion".into(), key_loc: loc, value });
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
    // `extraOptions: { skipSharingNextInternals: true }` drops the defaults
    let skip = matches!(opts.get("extraOptions"), Lookup::Found(x)
        if matches!(x.get("skipSharingNextInternals"), Lookup::Found(v) if v.as_bool() == Some(true)));
    let mut shared = if skip { Vec::new() } else { defaults };
    match user.as_ref().map(|u| &u.kind) {
        Some(Kind::Object(e)) => shared.extend(e.iter().cloned()),
        // `{ ...defaults, ...['lodash'] }` keys the items by index: `{ 0: 'lodash' }`
        Some(Kind::Array(items)) => {
            for (n, i) in items.iter().enumerate() {
                shared.push(Entry::Prop { key: n.to_string(), key_loc: i.loc, value: i.clone() });
            }
        }
        Some(_) => {
            shared.push(Entry::Spread(user.clone().unwrap_or_else(|| Value::new(Kind::Undefined, Loc::default()))))
        }
        None => {}
    }
    entries.push(Entry::Prop { key: "shared".into(), key_loc: loc, value: Value::new(Kind::Object(shared), loc) });
    // `getNormalFederationPluginOptions`: `shareStrategy ?? 'loaded-first'` from
    // 8.5 (8.4.11 has none), and `experiments: { asyncStartup: true }` from 8.8.20
    // (8.8.18 has `federationRuntime: 'hoisted'`)
    let version = installed_semver(disk, app_root, "@module-federation/nextjs-mf");
    if matches!(opts.get("shareStrategy"), Lookup::Missing) {
        match version {
            Some(v) if v >= (8, 5, 0) => entries.push(Entry::Prop {
                key: "shareStrategy".into(),
                key_loc: loc,
                value: Value::str("loaded-first", loc),
            }),
            Some(_) => {}
            None => entries.push(Entry::Prop {
                key: "shareStrategy".into(),
                key_loc: loc,
                value: Value::unknown(
                    "@module-federation/nextjs-mf 8.5 and later default it to loaded-first, older versions leave the runtime's version-first; the installed version is not known",
                    loc,
                ),
            }),
        }
    }
    if version.is_some_and(|v| v >= (8, 8, 20)) {
        let on = Entry::Prop { key: "asyncStartup".into(), key_loc: loc, value: b(true) };
        entries.push(Entry::Prop {
            key: "experiments".into(),
            key_loc: loc,
            value: Value::new(Kind::Object(vec![on]), loc),
        });
    }
    Value { kind: Kind::Object(entries), ..opts }
}

/// The runtime Nx's withModuleFederation builds for: `@nx/module-federation`
/// (Nx 20 and later) and `@nx/react`/`@nx/webpack` from 19.5 use
/// `@module-federation/enhanced`; before 19.5 they used
/// `webpack/lib/container/ModuleFederationPlugin`.
fn nx_runtime(disk: &Disk, app_root: &Path, config: &Path) -> Result<RuntimeKind, String> {
    if installed_semver(disk, app_root, "@nx/module-federation").is_some() {
        return Ok(RuntimeKind::Mf2);
    }
    let rspack = config.file_name().is_some_and(|n| n.to_string_lossy().starts_with("rspack."));
    let version = ["@nx/react", "@nx/webpack"].iter().find_map(|p| installed_semver(disk, app_root, p));
    match version {
        _ if rspack => Err("the runtime of Nx's rspack withModuleFederation before @nx/module-federation is not modelled".into()),
        Some(v) if v >= (19, 5, 0) => Ok(RuntimeKind::Mf2),
        Some(_) => Ok(RuntimeKind::Webpack),
        None => Err("Nx's withModuleFederation uses webpack's own plugin before Nx 19.5 and @module-federation/enhanced after, and no installed @nx/module-federation, @nx/react or @nx/webpack says which".into()),
    }
}

/// Nx's `normalizeProjectName` (@nx/module-federation 22–23): a name valid as a JS variable.
fn nx_project_name(name: &str) -> String {
    name.chars()
        .enumerate()
        .map(|(i, c)| {
            let ok = c.is_ascii_alphabetic() || c == '_' || c == '$' || (i > 0 && c.is_ascii_digit());
            if ok { c } else { '_' }
        })
        .collect()
}

/// An Nx project's `serve` target options.
struct NxServe {
    host: Option<String>,
    port: Option<u16>,
    ssl: bool,
}

fn nx_serve(disk: &Disk, project_json: &Path) -> Option<NxServe> {
    let pj = disk.json(project_json).ok()?;
    let Lookup::Found(targets) = pj.get("targets") else { return None };
    let Lookup::Found(serve) = targets.get("serve") else { return None };
    let options = match serve.get("options") {
        Lookup::Found(o) => o.clone(),
        _ => Value::new(Kind::Object(Vec::new()), serve.loc),
    };
    let found = |k: &str| match options.get(k) {
        Lookup::Found(v) => Some(v.clone()),
        _ => None,
    };
    let host = found("host").and_then(|h| h.as_str().map(String::from));
    let port = found("port").and_then(|p| match &p.kind {
        Kind::Num(n) if (1.0..65536.0).contains(n) => Some(*n as u16),
        _ => None,
    });
    let ssl = found("ssl").and_then(|v| v.as_bool()) == Some(true);
    Some(NxServe { host, port, ssl })
}

/// Nx's `processRemoteLocation(location, 'js')`: a location without a `.js`,
/// `.mjs` or `.json` file gets `/remoteEntry.js`.
fn nx_remote_location(location: &str) -> String {
    let (base, tail) = match location.find(['?', '#']) {
        Some(i) if location.contains("://") => (&location[..i], &location[i..]),
        _ => (location, ""),
    };
    let path_start = base.find("://").map(|i| base[i + 3..].find('/').map_or(base.len(), |j| i + 3 + j)).unwrap_or(0);
    let file = base[path_start..].rsplit('/').next().unwrap_or("");
    if [".js", ".mjs", ".json"].iter().any(|e| file.ends_with(e) && file.len() > e.len()) {
        return location.to_string();
    }
    if base.contains("://") {
        let path = &base[path_start..];
        let path = if path.is_empty() { "/" } else { path };
        let sep = if path.ends_with('/') { "" } else { "/" };
        return format!("{}{path}{sep}remoteEntry.js{tail}", &base[..path_start]);
    }
    format!("{}/remoteEntry.js", location.strip_suffix('/').unwrap_or(location))
}

/// What Nx's `withModuleFederation` (@nx/module-federation 22–23,
/// `utils/module-federation-config.js`, `utils/share.js`, `utils/remotes.js`)
/// passes to the ModuleFederationPlugin, from the module-federation config:
/// `remotes` mapped to `name@url` (a project's URL from its `serve` target);
/// `shared` is built from the project's dependencies, which need the app's
/// sources: an empty object here, and what [`crate::nx::shares`] needs to
/// build it (none when the installed Nx is not one fedscope models: then
/// `shared` is `unknown`).
fn with_nx_defaults(
    disk: &Disk,
    nx: &HashMap<String, PathBuf>,
    app_root: &Path,
    config: &Path,
    opts: Value,
    opts_place: &Place,
    unknown: &mut Vec<UnknownField>,
) -> (Value, Option<NxPending>) {
    use fedscope_js::Entry;
    let loc = opts.loc;
    let Kind::Object(mut entries) = opts.kind.clone() else { return (opts, None) };
    let version = installed_semver(disk, app_root, "@nx/module-federation");
    let angular = disk.text(config).is_ok_and(|t| t.contains("@nx/angular") || t.contains("module-federation/angular"));
    let modelled = version.is_some_and(|v| v >= (22, 0, 0)) && !angular;
    let not_modelled = if angular {
        "Nx's Angular withModuleFederation maps remotes and shares differently; fedscope models the React/webpack/rspack one"
            .to_string()
    } else {
        "fedscope models Nx's withModuleFederation of @nx/module-federation 22–23, and the installed version is not one of them"
            .to_string()
    };
    // remotes: ['shop', ['cart', 'http://localhost:4202']]
    if let Lookup::Found(r) = opts.get("remotes")
        && let Kind::Array(items) = &r.kind
    {
        let mut mapped = Vec::new();
        for item in items {
            let (alias, value) = match &item.kind {
                Kind::Str(p) => {
                    let value = if !modelled {
                        Value::unknown(not_modelled.clone(), item.loc)
                    } else {
                        match nx.get(p).and_then(|pj| nx_serve(disk, pj)) {
                            Some(serve) => {
                                let scheme = if serve.ssl { "https" } else { "http" };
                                let host = serve.host.unwrap_or_else(|| format!("{scheme}://localhost"));
                                let host = host.strip_suffix('/').unwrap_or(&host).to_string();
                                let port = serve.port.unwrap_or(4201);
                                Value::str(format!("{}@{host}:{port}/remoteEntry.js", nx_project_name(p)), item.loc)
                            }
                            None => Value::unknown(
                                format!(
                                    "Nx reads the URL of `{p}` from that project's `serve` target, and no project.json here names `{p}` with one"
                                ),
                                item.loc,
                            ),
                        }
                    };
                    (p.clone(), value)
                }
                Kind::Array(pair) if pair.len() == 2 && pair[0].as_str().is_some() => {
                    let p = pair[0].as_str().unwrap_or_default().to_string();
                    let value = match pair[1].as_str() {
                        _ if !modelled => Value::unknown(not_modelled.clone(), item.loc),
                        Some(l) if l.starts_with("promise new Promise") => Value::str(l, pair[1].loc),
                        Some(l) => {
                            Value::str(format!("{}@{}", nx_project_name(&p), nx_remote_location(l)), pair[1].loc)
                        }
                        None => pair[1].clone(),
                    };
                    (p, value)
                }
                _ => continue,
            };
            mapped.push(Entry::Prop { key: alias, key_loc: item.loc, value });
        }
        entries.push(Entry::Prop {
            key: "remotes".into(),
            key_loc: r.loc,
            value: Value::new(Kind::Object(mapped), r.loc),
        });
    }
    // shared: the project graph's packages, then `shared` (a function over
    // them), then `additionalShared`: built by `nx::shares` once the app's
    // sources are read; in place of it until then, none
    let shared_fn = match opts.get("shared") {
        Lookup::Found(v) if !matches!(v.kind, Kind::Undefined) => Some(v.clone()),
        _ => None,
    };
    let additional = match opts.get("additionalShared") {
        Lookup::Found(v) if !matches!(v.kind, Kind::Undefined) => Some(v.clone()),
        _ => None,
    };
    if !modelled {
        unknown.push(UnknownField {
            field: "shared".into(),
            file: opts_place.file.clone(),
            line: opts_place.line,
            why: format!(
                "Nx shares every npm package the Nx project graph links to this project as {{ singleton: true, strictVersion: true, requiredVersion: <root package.json range> }} (React projects: react, react-dom, react-router, react-router-dom also eager), and its workspace libraries as {{ singleton: true, requiredVersion: <version> }} or {{ requiredVersion: false }}{}, then adds `additionalShared`; {not_modelled}",
                if shared_fn.is_some() { ", each passed through the config's `shared` function" } else { "" }
            ),
        });
    }
    let placeholder = entries.len();
    entries.push(Entry::Prop { key: "shared".into(), key_loc: loc, value: Value::new(Kind::Object(Vec::new()), loc) });
    let pending = modelled.then_some(NxPending { shared_fn, additional, placeholder });
    (Value { kind: Kind::Object(entries), ..opts }, pending)
}

/// The parts of Nx's `shared` that are built from the app's sources (see [`crate::nx`]).
struct NxPending {
    /// The config's `shared` function, and `additionalShared`.
    shared_fn: Option<Value>,
    additional: Option<Value>,
    /// The index of the options' `shared` entry that stands for it.
    placeholder: usize,
}

/// Calls `f` with each outermost value under `v` that depends on the build mode.
fn mode_dependent_places(v: &Value, f: &mut dyn FnMut(&Value)) {
    if v.mode_dependent {
        f(v);
        return;
    }
    match &v.kind {
        Kind::Object(entries) => {
            for e in entries {
                match e {
                    fedscope_js::Entry::Prop { value, .. } => mode_dependent_places(value, f),
                    fedscope_js::Entry::Spread(x) => mode_dependent_places(x, f),
                }
            }
        }
        Kind::Array(items) => items.iter().for_each(|i| mode_dependent_places(i, f)),
        _ => {}
    }
}

/// The installed version of a package as (major, minor, patch).
fn installed_semver(disk: &Disk, app_root: &Path, package: &str) -> Option<(u64, u64, u64)> {
    let (v, _) = pkg::installed_version(disk, app_root, package)?;
    let mut it = v.split(['.', '-', '+']).map(|p| p.parse::<u64>().ok());
    Some((it.next()??, it.next()??, it.next()??))
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

/// The lockfile an app's versions are looked up in.
enum LockState<'l> {
    /// There is none at or above the app.
    None,
    /// There is one (this path) but it cannot be read: a problem says why.
    Unreadable(String),
    Read(&'l Lockfile),
}

/// Applies the bundler's defaults to one shared entry.
#[allow(clippy::too_many_arguments)]
fn resolve_shared(
    disk: &Disk,
    host: &WorkspaceHost,
    app_root: &Path,
    raw: RawShared,
    lock: &LockState,
    plugin: Option<Plugin>,
    family: &Family,
    aliases: Option<crate::sources::Aliases>,
    unknown: &mut Vec<UnknownField>,
) -> Shared {
    let vite = matches!(plugin, Some(Plugin::Vite));
    let native = matches!(plugin, Some(Plugin::NativeFederation));
    // webpack, enhanced and Rspack register a provider without a version as "0"
    // (`register(name, version || "0", …)`)
    let registers_zero = !vite && !native && !matches!(plugin, Some(Plugin::OriginjsVite));
    let mut raw = raw;
    if vite && raw.from_string {
        // @module-federation/vite normalizes a string item as `{}`: the string is
        // neither a range nor an import (`normalizeShareItem`)
        raw.import = Field::Absent;
        raw.required_version = Field::Absent;
    }
    let import = match &raw.import {
        Field::Set(i) => i.clone(),
        _ => Import::Key,
    };
    let prefix = raw.key.ends_with('/');
    let request = match &import {
        Import::Request(r) => r.clone(),
        _ => raw.key.clone(),
    };
    // the package whose version this app provides: the request's (ProvideSharedPlugin
    // resolves the request; `packageName` is a consume-side option)
    let provided_package = pkg::package_of_request(&request);
    // the package whose range the runtime checks: `packageName`, else the one named by
    // the request the app's code makes, i.e. the key, not `import`
    // (ConsumeSharedPlugin.createConsumeSharedModule: `/^(?:@[^\\/]+[\\/])?[^\\/]+/.exec(request)`;
    // rspack_plugin_mf `get_required_version` alike); @module-federation/vite reads its
    // `import` when that is a bare specifier (`resolveSharedVersion`: `source`)
    let package = match &raw.package_name {
        Field::Set(p) => Some(p.clone()),
        _ if vite => provided_package.clone().or_else(|| pkg::package_of_request(&raw.key)),
        _ => pkg::package_of_request(&raw.key),
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
    // the package.json that owns the provided file, when it has no version
    let mut unversioned_owner: Option<PathBuf> = None;
    // the version this app provides
    let (version, version_origin) = if !imports {
        (None, Origin::None)
    } else {
        match &raw.version {
            Field::Set(Some(v)) if v.is_empty() && registers_zero => (Some("0".into()), Origin::Default(ZERO_EMPTY)),
            Field::Set(Some(v)) => (Some(v.clone()), Origin::Config(raw.version_place.clone())),
            Field::Set(None) if registers_zero => (Some("0".into()), Origin::Default(ZERO_FALSE)),
            Field::Set(None) => (None, Origin::Config(raw.version_place.clone())),
            Field::Unknown(_) => (None, Origin::None),
            Field::Absent => {
                // the installed package (or a relative import's own package.json, or that of
                // the file a path alias maps the request to: a tsconfig `paths` entry in Nx)
                let relative = request.starts_with('.') || request.starts_with('/');
                let aliased = if relative { None } else { aliases.and_then(|a| a(&request)) };
                if relative || aliased.is_some() {
                    let target = match aliased {
                        Some(p) => fedscope_js::Resolved::File(p),
                        None => fedscope_js::Host::resolve(host, &app_root.join("x"), &request),
                    };
                    match target {
                        fedscope_js::Resolved::File(p) => match p.parent().and_then(|d| pkg::nearest(disk, d)) {
                            Some(pj) => match disk.json(&pj) {
                                Ok(v) => match pkg::version(&v) {
                                    Some(v) => (
                                        Some(v.to_string()),
                                        Origin::PackageJson(Place { file: disk.rel(&pj), line: 1 }),
                                    ),
                                    None if registers_zero => {
                                        unversioned_owner = Some(pj.clone());
                                        (Some("0".into()), Origin::Default(ZERO_NO_VERSION))
                                    }
                                    None => {
                                        add_unknown("version", &raw.place, format!("{} has no version", disk.rel(&pj)));
                                        (None, Origin::None)
                                    }
                                },
                                Err((e, _)) => {
                                    add_unknown(
                                        "version",
                                        &raw.place,
                                        format!(
                                            "the version is read from {}, which cannot be read ({e})",
                                            disk.rel(&pj)
                                        ),
                                    );
                                    (None, Origin::None)
                                }
                            },
                            None if registers_zero => (Some("0".into()), Origin::Default(ZERO_NO_PACKAGE_JSON)),
                            None => (None, Origin::None),
                        },
                        _ => {
                            add_unknown("version", &raw.place, format!("the import `{request}` does not resolve"));
                            (None, Origin::None)
                        }
                    }
                } else if let Some(pkgname) = &provided_package {
                    // the subpath a deep import (`preact/hooks`) asks the package for
                    let sub = request.strip_prefix(pkgname.as_str()).unwrap_or("").trim_start_matches('/');
                    // webpack and Rspack register the `version` of the package.json nearest to the
                    // file the request resolves to (ProvideSharedPlugin: `resourceResolveData.
                    // descriptionFileData`), which for a deep import may be a nested package.json;
                    // a prefix key's entry stands for many requests, read at the package itself
                    let by_file = registers_zero && !prefix;
                    let owner = |dir: &Path| -> Result<(Option<String>, PathBuf), String> {
                        if by_file {
                            match pkg::owner_of_subpath(disk, dir, sub) {
                                pkg::Owner::Found(pj, v) => Ok((v, pj)),
                                pkg::Owner::Unknown(why) => Err(why),
                            }
                        } else {
                            let pj = dir.join("package.json");
                            match disk.json(&pj) {
                                Ok(v) if matches!(v.kind, Kind::Object(_)) => match v.get("version") {
                                    Lookup::Found(x) if x.as_str().is_some() => Ok((x.as_str().map(String::from), pj)),
                                    Lookup::Missing => Ok((None, pj)),
                                    _ => Err(format!("the `version` of {} is not a string", disk.rel(&pj))),
                                },
                                Ok(_) => Err(format!("{} is not an object", disk.rel(&pj))),
                                Err((e, _)) => Err(format!("{} cannot be read ({e})", disk.rel(&pj))),
                            }
                        }
                    };
                    let installed = pkg::installed_dir(disk, app_root, pkgname);
                    let workspace = host.packages.get(pkgname);
                    match (installed, workspace) {
                        (Some(dir), _) => match owner(&dir) {
                            Ok((Some(v), pj)) if !v.is_empty() => (Some(v), Origin::Installed(disk.rel(&pj))),
                            Ok((_, pj)) if registers_zero => {
                                unversioned_owner = Some(pj);
                                (Some("0".into()), Origin::Default(ZERO_NO_VERSION))
                            }
                            Ok((_, pj)) => {
                                add_unknown("version", &raw.place, format!("{} has no version", disk.rel(&pj)));
                                (None, Origin::None)
                            }
                            Err(why) => {
                                add_unknown("version", &raw.place, why);
                                (None, Origin::None)
                            }
                        },
                        (None, Some(dir)) => match owner(dir) {
                            Ok((Some(v), pj)) if !v.is_empty() => {
                                (Some(v), Origin::PackageJson(Place { file: disk.rel(&pj), line: 1 }))
                            }
                            Ok((_, pj)) if registers_zero => {
                                unversioned_owner = Some(pj);
                                (Some("0".into()), Origin::Default(ZERO_NO_VERSION))
                            }
                            Ok((_, pj)) => {
                                add_unknown(
                                    "version",
                                    &raw.place,
                                    format!("the version of the workspace package {} is not known", disk.rel(&pj)),
                                );
                                (None, Origin::None)
                            }
                            Err(why) => {
                                add_unknown("version", &raw.place, why);
                                (None, Origin::None)
                            }
                        },
                        (None, None) => {
                            let spec = app_spec(disk, app_root, pkgname);
                            let not_installed = format!("`{pkgname}` is not installed");
                            match lock {
                                LockState::Read(l) => match l.resolve(app_root, pkgname, spec.as_deref()) {
                                    // the lockfile knows the package, not the files in it
                                    Some((v, line))
                                        if by_file && !sub.is_empty() && !pkg::flat_subpath(pkgname, sub) =>
                                    {
                                        add_unknown(
                                            "version",
                                            &raw.place,
                                            format!(
                                                "{not_installed}: the bundler registers the version of the package.json nearest to the file `{request}` resolves to, which may be a nested one, and {}:{line} gives only `{pkgname}`'s own ({v})",
                                                disk.rel(&l.path)
                                            ),
                                        );
                                        (None, Origin::None)
                                    }
                                    Some((v, line)) => {
                                        (Some(v), Origin::Lockfile(Place { file: disk.rel(&l.path), line }))
                                    }
                                    None => {
                                        add_unknown(
                                            "version",
                                            &raw.place,
                                            format!(
                                                "{not_installed} and the lockfile does not resolve it for this app: the version it provides is known at build time only"
                                            ),
                                        );
                                        (None, Origin::None)
                                    }
                                },
                                LockState::Unreadable(file) => {
                                    add_unknown(
                                        "version",
                                        &raw.place,
                                        format!(
                                            "{not_installed} and the lockfile {file} cannot be read (see `problems`): the version it provides is known at build time only"
                                        ),
                                    );
                                    (None, Origin::None)
                                }
                                LockState::None => {
                                    add_unknown(
                                        "version",
                                        &raw.place,
                                        format!(
                                            "{not_installed} and there is no lockfile: the version it provides is known at build time only"
                                        ),
                                    );
                                    (None, Origin::None)
                                }
                            }
                        }
                    }
                } else {
                    (None, Origin::None)
                }
            }
        }
    };
    // a provider without a version: webpack registers "0"; Rspack registers none
    // (rspack_plugin_mf `provide_shared_module` warns `No version in description file`
    // and leaves it out: checked with @rspack/core 2.3.4); enhanced's webpack plugin first
    // takes what the package.json one directory up declares for the request
    // (ProvideSharedPlugin.provideSharedModule, 2.9.3)
    let defaulted = matches!(version_origin, Origin::Default(w) if w == ZERO_NO_VERSION || w == ZERO_NO_PACKAGE_JSON);
    let (version, version_origin) = match family {
        _ if !defaulted => (version, version_origin),
        Family::Rspack => {
            add_unknown(
                "version",
                &raw.place,
                "the package.json that owns the shared file has no version (or there is none): Rspack then registers no provider for it (it warns `No version specified and unable to automatically determine one`), so the app provides nothing here".into(),
            );
            (None, Origin::None)
        }
        Family::Unknown(why) => {
            add_unknown(
                "version",
                &raw.place,
                format!(
                    "the package.json that owns the shared file has no version: webpack registers \"0\" and Rspack no provider at all; {why}"
                ),
            );
            (None, Origin::None)
        }
        Family::Webpack => {
            let enhanced = !matches!(plugin, Some(Plugin::WebpackContainer | Plugin::AngularArchitects));
            let parent = unversioned_owner
                .as_ref()
                .and_then(|pj| pj.parent()?.parent().map(|d| d.join("package.json")))
                .filter(|p| disk.inside(p));
            match parent.and_then(|p| pkg::declared(disk, &p, &request).map(|d| (p, d))) {
                Some((p, declared)) if enhanced => {
                    add_unknown(
                        "version",
                        &raw.place,
                        format!(
                            "the package.json that owns the shared file has no version, and @module-federation/enhanced then registers what {} declares for `{request}` (`{declared}`, normalised), a range rather than a version",
                            disk.rel(&p)
                        ),
                    );
                    (None, Origin::None)
                }
                _ => (version, version_origin),
            }
        }
    };
    // the range the runtime checks
    let (required_version, required_origin) = match &raw.required_version {
        // Native Federation's `share({ x: { requiredVersion: 'auto' } })`: the
        // range the package.json next to the project lists in `dependencies`
        // (`lookupVersion`; the build fails when it lists none)
        Field::Set(Some(r)) if native && r == "auto" => {
            let pj_path = pkg::nearest(disk, app_root);
            let spec = pj_path.as_ref().zip(package.as_deref()).and_then(|(p, name)| {
                let v = disk.json(p).ok()?;
                pkg::dep_spec(disk, p, &v, "dependencies", name)
            });
            match spec {
                Some(spec) => (Required::Range(spec.text.clone()), Origin::PackageJson(spec.place)),
                None => {
                    unknown.push(UnknownField {
                        field: format!("shared.{}.requiredVersion", raw.key),
                        file: raw.required_place.file.clone(),
                        line: raw.required_place.line,
                        why: "requiredVersion 'auto' needs the package in the `dependencies` of package.json; Native Federation's build fails without it".into(),
                    });
                    (Required::Off, Origin::None)
                }
            }
        }
        Field::Set(Some(r)) => (Required::Range(r.clone()), Origin::Config(raw.required_place.clone())),
        // Rspack emits `requiredVersion: false` as "*" (`ConsumeVersion::False` prints `*`)
        Field::Set(None) if !vite && !native => match family {
            Family::Webpack => (Required::Off, Origin::Config(raw.required_place.clone())),
            Family::Rspack => (Required::Range("*".into()), Origin::Default(RSPACK_FALSE)),
            Family::Unknown(why) => {
                add_unknown(
                    "requiredVersion",
                    &raw.required_place,
                    format!("webpack turns `requiredVersion: false` off and Rspack emits it as \"*\"; {why}"),
                );
                (Required::Off, Origin::None)
            }
        },
        Field::Set(None) => (Required::Off, Origin::Config(raw.required_place.clone())),
        Field::Unknown(_) => (Required::Off, Origin::None),
        Field::Absent if vite => {
            vite_required_version(disk, app_root, &raw, package.as_deref(), imports, version.as_deref(), unknown)
        }
        Field::Absent => match plugin {
            Some(Plugin::NativeFederation) => {
                unknown.push(UnknownField {
                    field: format!("shared.{}.requiredVersion", raw.key),
                    file: raw.place.file.clone(),
                    line: raw.place.line,
                    why: "Native Federation writes `requiredVersion: 'auto'` verbatim into remoteEntry.json for an entry without one (withNativeFederation's normalizeShared: `requiredVersion ?? 'auto'`), and fedscope does not model how its runtime reads that".into(),
                });
                (Required::Off, Origin::None)
            }
            _ => {
                let webpack = || webpack_required_version(disk, app_root, package.as_deref());
                let rspack = || rspack_required_version(disk, app_root, package.as_deref());
                let (required, origin, note) = match family {
                    Family::Webpack => webpack(),
                    Family::Rspack => rspack(),
                    Family::Unknown(why) => {
                        let (w, r) = (webpack(), rspack());
                        if w.0 == r.0 {
                            w
                        } else {
                            let show = |x: &Required| match x {
                                Required::Range(r) => format!("`{r}`"),
                                Required::Off => "no range".to_string(),
                            };
                            (
                                Required::Off,
                                Origin::None,
                                Some((
                                    raw.place.clone(),
                                    format!("webpack infers {} and Rspack {}; {why}", show(&w.0), show(&r.0)),
                                )),
                            )
                        }
                    }
                };
                if let Some((place, why)) = note {
                    add_unknown("requiredVersion", &place, why);
                }
                (required, origin)
            }
        },
    };
    let strict_version = match &raw.strict_version {
        Field::Set(b) => *b,
        // @module-federation/vite: `strictVersion: !!shareItem.strictVersion`;
        // Native Federation: `strictVersion: sharedConfig.strictVersion ?? false`
        _ if vite || native => false,
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

const ZERO_FALSE: &str =
    "`version: false`: the runtime registers the provider as \"0\" (ProvideSharedModule: `version || \"0\"`)";
const ZERO_EMPTY: &str =
    "`version: ''`: the runtime registers the provider as \"0\" (ProvideSharedModule: `version || \"0\"`)";
const ZERO_NO_VERSION: &str =
    "the package.json that owns the shared file has no version: the bundler warns and the runtime registers \"0\"";
const ZERO_NO_PACKAGE_JSON: &str =
    "no package.json owns the shared file: the bundler warns and the runtime registers \"0\"";
const NX_LIBRARY_FALSE: &str = "Nx shares a workspace library that has no version (in the app's package.json or its own) as `requiredVersion: false` (@nx/module-federation `shareWorkspaceLibraries`)";
const RSPACK_FALSE: &str = "`requiredVersion: false` in the config: Rspack emits it as \"*\" (consume_shared_plugin.rs `ConsumeVersion::False` prints `*`)";
const UNREADABLE_DESCRIPTION: &str = "a package.json on the way up from the app cannot be read (see `problems`): webpack's description-file search stops there (`Unable to read description file`), so no version is checked";
const NOT_AN_OBJECT_DESCRIPTION: &str = "a package.json on the way up from the app is not a JSON object: webpack's description-file search stops there (`Description file … is not an object`), so no version is checked";
const RSPACK_STAR: &str = "Rspack finds no range (no package.json lists the package, or the one found is the package itself, or the request is relative) and emits \"*\"";

/// Which bundler's consume-side inference and output a build uses.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Family {
    Webpack,
    Rspack,
    /// Not determined, and why.
    Unknown(String),
}

/// Whether the app builds with webpack or Rspack (their `requiredVersion`
/// inference and their output of `requiredVersion: false` differ).
fn build_family(
    disk: &Disk,
    app_root: &Path,
    config: &Path,
    plugin: Option<Plugin>,
    bundler: Bundler,
    module: Option<&str>,
    cfg: Option<&Value>,
) -> Family {
    let rspack_config = config.file_name().is_some_and(|n| n.to_string_lossy().starts_with("rspack."));
    match plugin {
        Some(Plugin::Rspack | Plugin::RspackV1) => Family::Rspack,
        // @module-federation/rsbuild-plugin adds `@module-federation/enhanced/rspack`'s plugin
        Some(Plugin::Rsbuild) => Family::Rspack,
        Some(Plugin::ModernJs) if module == Some("@module-federation/modern-js-v3") => Family::Rspack,
        Some(Plugin::ModernJs) => modern_js_family(disk, app_root, cfg),
        Some(Plugin::NxWithModuleFederation) if rspack_config => Family::Rspack,
        Some(Plugin::WebpackContainer | Plugin::Enhanced | Plugin::Node)
            if bundler == Bundler::Rspack || rspack_config =>
        {
            Family::Unknown("a webpack federation plugin in an Rspack config is not modelled".into())
        }
        _ => Family::Webpack,
    }
}

/// Modern.js builds with Rspack when `appTools({ bundler: 'rspack' })` (or
/// `'experimental-rspack'`), else with webpack, in @modern-js/app-tools 2.x
/// (`appTools(options = { bundler: "webpack" })`); 3.x always with Rspack.
fn modern_js_family(disk: &Disk, app_root: &Path, cfg: Option<&Value>) -> Family {
    let major = installed_semver(disk, app_root, "@modern-js/app-tools").map(|v| v.0);
    if major.is_some_and(|m| m >= 3) {
        return Family::Rspack;
    }
    let app_tools = cfg.and_then(|c| match c.get("plugins") {
        Lookup::Found(Value { kind: Kind::Array(items), .. }) => items.iter().find_map(|i| match &i.kind {
            Kind::Call { callee, args } => match &callee.kind {
                Kind::External { module, path }
                    if module == "@modern-js/app-tools" && path.last().is_some_and(|p| p == "appTools") =>
                {
                    Some(args.first().cloned())
                }
                _ => None,
            },
            _ => None,
        }),
        _ => None,
    });
    let Some(arg) = app_tools else {
        return Family::Unknown(
            "Modern.js builds with the bundler `appTools({ bundler })` names, and no appTools() call was found in the config's plugins".into(),
        );
    };
    let bundler = match arg.as_ref().map(|a| (&a.kind, a.get("bundler"))) {
        None | Some((Kind::Undefined, _)) => None,
        Some((_, Lookup::Found(b))) if b.as_str().is_some() => b.as_str().map(String::from),
        Some((_, Lookup::Missing)) => None,
        Some(_) => return Family::Unknown("the `bundler` of appTools() is not known".into()),
    };
    match (bundler.as_deref(), major) {
        (Some("rspack" | "experimental-rspack"), _) => Family::Rspack,
        (_, Some(_)) => Family::Webpack,
        (_, None) => Family::Unknown(
            "Modern.js 2 builds with webpack unless appTools({ bundler: 'rspack' }), Modern.js 3 always with Rspack, and the installed @modern-js/app-tools version is not known".into(),
        ),
    }
}

/// webpack's (and enhanced's) inferred `requiredVersion` for a request's
/// package, with what to list in `unknown`.
fn webpack_required_version(
    disk: &Disk,
    app_root: &Path,
    package: Option<&str>,
) -> (Required, Origin, Option<(Place, String)>) {
    let Some(pkgname) = package else {
        return (Required::Off, Origin::Default("a relative or absolute request has no required version"), None);
    };
    match pkg::infer_required_version(disk, app_root, pkgname) {
        Inferred::Range(r, place) => (Required::Range(r), Origin::PackageJson(place), None),
        Inferred::SelfReference(place) => (Required::Off, Origin::PackageJson(place), None),
        Inferred::NotVersionLike(spec, place) => (
            Required::Off,
            Origin::PackageJson(place.clone()),
            Some((
                place,
                format!(
                    "the bundler finds `{spec}` for `{pkgname}`, which is not a version range, so no version is checked"
                ),
            )),
        ),
        Inferred::Unreadable(_, why) if why == pkg::NOT_AN_OBJECT => {
            (Required::Off, Origin::Default(NOT_AN_OBJECT_DESCRIPTION), None)
        }
        Inferred::Unreadable(..) => (Required::Off, Origin::Default(UNREADABLE_DESCRIPTION), None),
        Inferred::NotFound => {
            (Required::Off, Origin::Default("no package.json lists the package, so no version is checked"), None)
        }
    }
}

/// Rspack's inferred `requiredVersion` (`pkg::infer_required_version_rspack`):
/// the specifier as written, else `"*"`.
fn rspack_required_version(
    disk: &Disk,
    app_root: &Path,
    package: Option<&str>,
) -> (Required, Origin, Option<(Place, String)>) {
    let Some(pkgname) = package else {
        return (Required::Range("*".into()), Origin::Default(RSPACK_STAR), None);
    };
    match pkg::infer_required_version_rspack(disk, app_root, pkgname) {
        Inferred::Range(r, place) | Inferred::NotVersionLike(r, place) => {
            (Required::Range(r), Origin::PackageJson(place), None)
        }
        Inferred::SelfReference(_) | Inferred::NotFound | Inferred::Unreadable(..) => {
            (Required::Range("*".into()), Origin::Default(RSPACK_STAR), None)
        }
    }
}

/// `@module-federation/vite`'s `requiredVersion` when the config sets none
/// (`lib/index.js`, `resolveSharedVersion` in 1.23, `normalizeShareItem` before):
/// `"*"` for `import: false` or a configured `version`; from 1.23.0 the range the
/// app's own package.json lists (dependencies, devDependencies,
/// peerDependencies, optionalDependencies) when it is a usable semver range;
/// else `^` the provided version, else `"*"`.
fn vite_required_version(
    disk: &Disk,
    app_root: &Path,
    raw: &RawShared,
    package: Option<&str>,
    imports: bool,
    version: Option<&str>,
    unknown: &mut Vec<UnknownField>,
) -> (Required, Origin) {
    let field = format!("shared.{}.requiredVersion", raw.key);
    let set_version = matches!(raw.version, Field::Set(_));
    let pj_path = app_root.join("package.json");
    // package.json is read only when the config sets no `version`
    let listed = package.filter(|_| !set_version).and_then(|p| {
        let pj = disk.json(&pj_path).ok()?;
        ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"]
            .iter()
            .find_map(|f| pkg::dep_spec(disk, &pj_path, &pj, f, p))
    });
    let usable = listed.as_ref().filter(|s| vite_usable_range(&s.text));
    // the plugin version decides whether package.json is read (1.23.0 and later)
    let reads_package_json = installed_semver(disk, app_root, "@module-federation/vite").map(|v| v >= (1, 23, 0));
    match (usable, reads_package_json) {
        (Some(spec), Some(true)) => {
            return (Required::Range(spec.text.clone()), Origin::PackageJson(spec.place.clone()));
        }
        (Some(spec), None) => {
            unknown.push(UnknownField {
                field,
                file: raw.place.file.clone(),
                line: raw.place.line,
                why: format!(
                    "@module-federation/vite 1.23 and later use the range `{}` from {}, older versions `^` the installed version; the installed plugin version is not known",
                    spec.text, spec.place.file
                ),
            });
            return (Required::Off, Origin::None);
        }
        _ => {}
    }
    if !imports || set_version {
        return (
            Required::Range("*".into()),
            Origin::Default("@module-federation/vite: import: false or a set version"),
        );
    }
    match version {
        Some(v) => {
            (Required::Range(format!("^{v}")), Origin::Default("@module-federation/vite: ^ the provided version"))
        }
        None => {
            unknown.push(UnknownField {
                field,
                file: raw.place.file.clone(),
                line: raw.place.line,
                why: "@module-federation/vite requires `^` the installed version, which is not known".into(),
            });
            (Required::Off, Origin::None)
        }
    }
}

/// `@module-federation/vite`'s `isUsableRequiredVersion`: not empty, not a
/// protocol (`workspace:*`, `npm:`), and every comparator matches
/// `/^(?:[<>=~^]*v?(?:\d+|[xX*])(?:\.(?:\d+|[xX*]))*(?:[-+][\w.-]+)?|[<>=~^]+|[xX*]|-)$/`.
fn vite_usable_range(range: &str) -> bool {
    let t = range.trim();
    if t.is_empty() {
        return false;
    }
    // /^[a-z][a-z\d+.-]*:/i
    let mut chars = t.chars();
    if chars.next().is_some_and(|c| c.is_ascii_alphabetic()) {
        let rest: String = chars.take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-')).collect();
        if t[1 + rest.len()..].starts_with(':') {
            return false;
        }
    }
    let comparator = |c: &str| -> bool {
        if c == "-" || c.chars().all(|x| matches!(x, '<' | '>' | '=' | '~' | '^')) {
            return true;
        }
        let c = c.trim_start_matches(['<', '>', '=', '~', '^']);
        let c = c.strip_prefix('v').unwrap_or(c);
        let (core, suffix) = match c.find(['-', '+']) {
            Some(i) => (&c[..i], Some(&c[i + 1..])),
            None => (c, None),
        };
        let part_ok =
            |p: &str| !p.is_empty() && (p.bytes().all(|b| b.is_ascii_digit()) || matches!(p, "x" | "X" | "*"));
        core.split('.').all(part_ok)
            && suffix.is_none_or(|s| {
                !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-'))
            })
    };
    t.split("||").all(|alt| {
        let cs: Vec<&str> = alt.split_whitespace().collect();
        !cs.is_empty() && cs.iter().all(|c| comparator(c))
    })
}

/// The app's specifier for a dependency (yarn resolves by descriptor): from
/// the fields the package manager installs (`peerDependencies` are not
/// installed for the app itself, so a peer range names no lockfile entry);
/// none when the fields list different specifiers.
fn app_spec(disk: &Disk, app_root: &Path, package: &str) -> Option<String> {
    let pj_path = app_root.join("package.json");
    let pj = disk.json(&pj_path).ok()?;
    let mut specs = ["dependencies", "devDependencies", "optionalDependencies"]
        .iter()
        .filter_map(|f| pkg::dep_spec(disk, &pj_path, &pj, f, package).map(|s| s.text));
    let first = specs.next()?;
    specs.all(|s| s == first).then_some(first)
}

/// Groups: each app that no other app loads, with everything reachable
/// through its remotes (matched by MF name, else by the entry URL's port).
fn groups(apps: &[App]) -> Vec<Group> {
    let n = apps.len();
    let mut edges: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (i, a) in apps.iter().enumerate() {
        for r in &a.remotes {
            if let Some(j) = crate::model::remote_target(apps, i, r)
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
        // the page's host: the member that loads the most remotes (of the workspace, then
        // declared at all, other than itself)
        let declared = |x: usize| apps[x].remotes.iter().filter(|r| r.name.as_deref() != Some(&apps[x].name)).count();
        let host = component
            .iter()
            .copied()
            .max_by(|a, b| {
                edges[*a]
                    .len()
                    .cmp(&edges[*b].len())
                    .then(declared(*a).cmp(&declared(*b)))
                    .then(apps[*b].name.cmp(&apps[*a].name))
            })
            .unwrap_or(i);
        let mut indices: Vec<usize> = (0..n).filter(|j| reaches[i][*j]).collect();
        indices.sort_by(|a, b| apps[*a].name.cmp(&apps[*b].name).then(apps[*a].root.cmp(&apps[*b].root)));
        let members: Vec<String> = indices.iter().map(|&j| apps[j].name.clone()).collect();
        groups.push(Group { host: apps[host].name.clone(), apps: members, host_index: host, indices });
    }
    groups.sort_by(|a, b| a.host.cmp(&b.host).then(apps[a.host_index].root.cmp(&apps[b.host_index].root)));
    groups
}

/// What in a config shows the build resolves through tsconfig `paths`
/// (webpack's `TsconfigPathsPlugin`, Rspack's `resolve.tsConfig`, Vite's `vite-tsconfig-paths`).
const TS_PATHS_MARKERS: [&str; 4] = ["TsconfigPathsPlugin", "tsConfig", "tsconfigPaths", "vite-tsconfig-paths"];

/// The build's module aliases (`resolve.alias` of webpack, Rspack, Vite,
/// Rsbuild; Rsbuild's `source.alias`) in object form: (key, exact only, target path).
/// An alias whose target is not known is reported, and not applied.
fn config_aliases(
    config_value: &dyn Fn(&[&str]) -> Field<Value>,
    app_root: &Path,
    config_place: &dyn Fn(Option<&Value>) -> Place,
    rsbuild: bool,
    unknown: &mut Vec<UnknownField>,
) -> Vec<crate::sources::Alias> {
    let mut out = Vec::new();
    let paths: &[&[&str]] =
        if rsbuild { &[&["resolve", "alias"], &["source", "alias"]] } else { &[&["resolve", "alias"]] };
    for &path in paths {
        let v = match config_value(path) {
            Field::Set(v) => v,
            Field::Absent => continue,
            Field::Unknown(why) => {
                let p = config_place(None);
                unknown.push(UnknownField {
                    field: path.join("."),
                    file: p.file,
                    line: p.line,
                    why: format!("{why}; imports through these aliases are not followed"),
                });
                continue;
            }
        };
        if !matches!(v.kind, Kind::Object(_)) {
            // the array form ({ find, replacement }) of Vite, a function of Rsbuild
            let p = config_place(Some(&v));
            unknown.push(UnknownField {
                field: path.join("."),
                file: p.file,
                line: p.line,
                why: "aliases in a form other than an object are not read; imports through them are not followed"
                    .into(),
            });
            continue;
        }
        let (props, spread) = v.props();
        if let Some(u) = spread {
            let p = config_place(Some(u));
            unknown.push(UnknownField {
                field: path.join("."),
                file: p.file,
                line: p.line,
                why: "a spread that is not known adds aliases; imports through them are not followed".into(),
            });
        }
        for (key, target) in props {
            let target = match &target.kind {
                Kind::Str(t) => Some(t.clone()),
                Kind::Array(items) => items.first().and_then(|i| i.as_str()).map(str::to_string),
                _ => None,
            };
            let Some(target) = target else { continue };
            let (key, exact) = match key.strip_suffix('$') {
                Some(k) => (k.to_string(), true),
                None => (key.to_string(), false),
            };
            let target = if Path::new(&target).is_absolute() {
                PathBuf::from(target)
            } else if target.starts_with('.') {
                crate::disk::normalize(&app_root.join(target))
            } else {
                // an alias to a package name: resolved as a package request
                continue;
            };
            out.push(crate::sources::Alias { key, exact, target });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vite_usable_ranges() {
        for ok in ["^18.2.0", "~1.2", ">=1.0.0 <2.0.0", "1.x || 2.x", "*", "18.3.1", "^1.0.0-beta.1", "1.2.3 - 2.0.0"] {
            assert!(vite_usable_range(ok), "{ok}");
        }
        for bad in ["", "workspace:*", "npm:react@^18", "latest", "catalog:", "file:../x", "1.0.0-beta+build"] {
            assert!(!vite_usable_range(bad), "{bad}");
        }
    }

    #[test]
    fn nx_remote_locations() {
        assert_eq!(nx_remote_location("http://localhost:4202/"), "http://localhost:4202/remoteEntry.js");
        assert_eq!(nx_remote_location("http://localhost:4202"), "http://localhost:4202/remoteEntry.js");
        assert_eq!(nx_remote_location("https://cdn.x/cart/mf-manifest.json"), "https://cdn.x/cart/mf-manifest.json");
        assert_eq!(nx_remote_location("https://cdn.x/cart?v=2"), "https://cdn.x/cart/remoteEntry.js?v=2");
        assert_eq!(nx_remote_location("/cart/"), "/cart/remoteEntry.js");
        assert_eq!(nx_project_name("my-remote"), "my_remote");
        assert_eq!(nx_project_name("1app"), "_app");
    }
}
