//! `--eval-config`: run a config in Node (opt-in only) with the federation
//! plugins replaced by stand-ins that record their options, and turn what
//! they recorded into the same values static extraction produces, so the
//! rest of the pipeline cannot tell the two apart except by `source`.
//!
//! Node runs with its permission model (no file writes, no workers), the
//! network and child processes blocked by the harness, `NODE_ENV=production`,
//! no `NODE_OPTIONS`, in the app's directory, and is killed at the time limit.

use crate::disk::Disk;
use crate::model::Bundler;
use fedscope_js::{Capture, Entry, Files, Kind, Loc, Value};
use serde_json::Value as Json;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const HARNESS: &str = include_str!("harness.cjs");
const RESULT_MARK: &str = "@@fedscope-eval-result@@";
/// The key the harness leaves where a value of a package that could not be
/// loaded was spread or listed (`{ ...shareAll() }`, `Object.keys(stub)`).
const UNKNOWN_KEY: &str = "$fedscope-unknown";
const LOST: &str = "entries of a package that could not be loaded in Node";

/// How to run configs in Node.
#[derive(Clone, Debug)]
pub struct EvalSettings {
    /// The `node` executable.
    pub node: PathBuf,
    /// The fedscope binary (the harness asks it to turn TS and ESM into plain functions).
    pub transformer: PathBuf,
    /// Per config.
    pub timeout: Duration,
    /// Node processes at once.
    pub jobs: usize,
    /// Called after each config with (done, total), from worker threads.
    pub progress: Option<fn(usize, usize)>,
}

impl EvalSettings {
    /// Finds Node (`FEDSCOPE_NODE`, else `node` on `PATH`) and checks it is 20 or later.
    pub fn detect(transformer: PathBuf, timeout: Duration) -> Result<EvalSettings, String> {
        let node = std::env::var_os("FEDSCOPE_NODE").map(PathBuf::from).unwrap_or_else(|| PathBuf::from("node"));
        let out = Command::new(&node).arg("--version").stdin(Stdio::null()).output().map_err(|e| {
            format!(
                "--eval-config runs configs in Node.js, and `{}` could not be started ({e}); install Node 20 or later, or set FEDSCOPE_NODE",
                node.display()
            )
        })?;
        let version = String::from_utf8_lossy(&out.stdout).trim().to_string();
        let major: u32 = version.trim_start_matches('v').split('.').next().and_then(|m| m.parse().ok()).unwrap_or(0);
        if major < 20 {
            return Err(format!("--eval-config needs Node.js 20 or later; `{}` is {version:?}", node.display()));
        }
        let jobs = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
        Ok(EvalSettings { node, transformer, timeout, jobs, progress: None })
    }

    fn major(&self) -> u32 {
        Command::new(&self.node)
            .arg("--version")
            .output()
            .ok()
            .and_then(|o| {
                String::from_utf8_lossy(&o.stdout).trim().trim_start_matches('v').split('.').next()?.parse().ok()
            })
            .unwrap_or(20)
    }
}

/// The harness, written once per version of it to the temporary directory.
fn harness_file() -> Result<PathBuf, String> {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in HARNESS.bytes() {
        h = (h ^ b as u64).wrapping_mul(0x100000001b3);
    }
    let path = std::env::temp_dir().join(format!("fedscope-eval-harness-{h:016x}.cjs"));
    if std::fs::read_to_string(&path).is_ok_and(|t| t == HARNESS) {
        return Ok(path);
    }
    let tmp = path.with_extension(format!("{}.tmp", std::process::id()));
    std::fs::write(&tmp, HARNESS).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, &path).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

/// A config to evaluate.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Job {
    pub config: PathBuf,
    pub bundler: Bundler,
    /// The directory the bundler runs in.
    pub cwd: PathBuf,
}

/// What the harness reported: the evaluated config and the plugins it constructed.
#[derive(Clone, Debug)]
pub struct Evaluated {
    pub config: Json,
    pub captures: Vec<Json>,
}

/// Runs every job, `settings.jobs` at a time; results in the order of `jobs`.
pub fn run_all(settings: &EvalSettings, jobs: &[Job]) -> Vec<Result<Evaluated, String>> {
    let harness = match harness_file() {
        Ok(h) => h,
        Err(e) => return jobs.iter().map(|_| Err(e.clone())).collect(),
    };
    let major = settings.major();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let done = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<std::sync::Mutex<Option<Result<Evaluated, String>>>> =
        jobs.iter().map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|s| {
        for _ in 0..settings.jobs.max(1).min(jobs.len().max(1)) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(job) = jobs.get(i) else { break };
                    let r = run_one(settings, &harness, major, job);
                    if let Ok(mut slot) = results[i].lock() {
                        *slot = Some(r);
                    }
                    let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                    if let Some(p) = settings.progress {
                        p(n, jobs.len());
                    }
                }
            });
        }
    });
    results
        .into_iter()
        .map(|m| m.into_inner().ok().flatten().unwrap_or_else(|| Err("the evaluation did not run".into())))
        .collect()
}

fn run_one(settings: &EvalSettings, harness: &Path, major: u32, job: &Job) -> Result<Evaluated, String> {
    let input = serde_json::json!({
        "config": job.config,
        "bundler": job.bundler.as_str(),
        "transformer": settings.transformer,
    });
    let permission = if major >= 23 { "--permission" } else { "--experimental-permission" };
    let mut child = Command::new(&settings.node)
        .arg(permission)
        .arg("--allow-fs-read=*")
        .arg("--allow-child-process")
        .arg("--no-warnings")
        .arg("--stack-trace-limit=100")
        .arg(harness)
        .arg(input.to_string())
        .current_dir(&job.cwd)
        .env("NODE_ENV", "production")
        .env_remove("NODE_OPTIONS")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", settings.node.display()))?;
    let mut stdout = child.stdout.take();
    let mut stderr = child.stderr.take();
    let out_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(o) = stdout.as_mut() {
            let _ = o.take(256 << 20).read_to_end(&mut buf);
        }
        buf
    });
    let err_reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(e) = stderr.as_mut() {
            let _ = e.take(1 << 20).read_to_end(&mut buf);
        }
        buf
    });
    let deadline = Instant::now() + settings.timeout;
    let timed_out = loop {
        match child.try_wait() {
            Ok(Some(_)) => break false,
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                break true;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(format!("waiting for node: {e}")),
        }
    };
    let out = out_reader.join().unwrap_or_default();
    let err = err_reader.join().unwrap_or_default();
    if timed_out {
        return Err(format!("evaluation took longer than {}s and was stopped", settings.timeout.as_secs_f64()));
    }
    let out = String::from_utf8_lossy(&out);
    let Some(line) = out.lines().rev().find_map(|l| l.strip_prefix(RESULT_MARK)) else {
        let err = String::from_utf8_lossy(&err);
        let last = err.lines().filter(|l| !l.trim().is_empty()).take(3).collect::<Vec<_>>().join(" / ");
        return Err(if last.is_empty() { "node exited without a result".into() } else { format!("node: {last}") });
    };
    let v: Json = serde_json::from_str(line).map_err(|e| format!("the harness's result is not JSON: {e}"))?;
    if v.get("ok").and_then(Json::as_bool) != Some(true) {
        let msg = v.get("error").and_then(Json::as_str).unwrap_or("failed");
        return Err(format!("the config threw: {msg}"));
    }
    Ok(Evaluated {
        config: v.get("config").cloned().unwrap_or(Json::Null),
        captures: v.get("captures").and_then(Json::as_array).cloned().unwrap_or_default(),
    })
}

/// `fedscope __transform FILE`, which the harness calls for each workspace
/// source file it loads: the file as a plain function body, as JSON.
pub fn transform_file(file: &Path) -> Result<String, String> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("{}: cannot read: {e}", file.display()))?;
    let m = crate::analyze::on_deep_stack("fedscope-transform", || fedscope_js::to_runner(file, &text))?;
    Ok(serde_json::json!({ "code": m.code, "esm": m.esm, "tla": m.tla, "lines": m.lines }).to_string())
}

/// A value the harness serialised, as the evaluator's [`Value`]; what could
/// not cross from Node (functions, stand-ins of missing packages, class
/// instances) becomes unknown with the reason.
pub fn to_value(v: &Json, loc: Loc) -> Value {
    let kind = match v {
        Json::Null => Kind::Null,
        Json::Bool(b) => Kind::Bool(*b),
        Json::Number(n) => Kind::Num(n.as_f64().unwrap_or(f64::NAN)),
        Json::String(s) if s == UNKNOWN_KEY => Kind::Unknown(LOST.into()),
        Json::String(s) => Kind::Str(s.clone()),
        Json::Array(items) => Kind::Array(items.iter().map(|i| to_value(i, loc)).collect()),
        Json::Object(map) => match map.get("$fs").and_then(Json::as_str) {
            Some("undefined") => Kind::Undefined,
            Some(marker) => {
                let text = |k: &str| map.get(k).and_then(Json::as_str).unwrap_or("").to_string();
                Kind::Unknown(match marker {
                    "stub" => {
                        format!("`{}` ({})", text("label").trim_end_matches(&format!(".{UNKNOWN_KEY}")), text("reason"))
                    }
                    "function" => format!(
                        "a function{}",
                        if text("name").is_empty() { String::new() } else { format!(" ({})", text("name")) }
                    ),
                    "instance" => format!(
                        "an instance of {}",
                        if text("name").is_empty() { "a class".into() } else { text("name") }
                    ),
                    "promise" => "a promise".into(),
                    "cycle" => "refers to itself".into(),
                    "truncated" => "too large to read".into(),
                    "regexp" => format!("a regular expression {}", text("text")),
                    other => format!("a {other} ({})", text("text")),
                })
            }
            None => Kind::Object(
                map.iter()
                    .map(|(k, x)| match k.as_str() {
                        // entries spread from a stand-in: whatever they were is not known
                        UNKNOWN_KEY => Entry::Spread(match to_value(x, loc) {
                            u @ Value { kind: Kind::Unknown(_), .. } => u,
                            _ => Value::new(Kind::Unknown(LOST.into()), loc),
                        }),
                        _ => Entry::Prop { key: k.clone(), key_loc: loc, value: to_value(x, loc) },
                    })
                    .collect(),
            ),
        },
    };
    Value::new(kind, loc)
}

/// The harness's captures as the evaluator's, with places in `files`.
pub fn captures(disk: &Disk, files: &mut Files, ev: &Evaluated, fallback: Loc) -> Vec<Capture> {
    ev.captures
        .iter()
        .map(|c| {
            let s = |k: &str| c.get(k).and_then(Json::as_str).unwrap_or("").to_string();
            let file = PathBuf::from(s("file"));
            let loc = match disk.text(&file) {
                Ok(text) => {
                    let id = files.add(&file, &text);
                    let line = c.get("line").and_then(Json::as_u64).unwrap_or(1) as u32;
                    let at = files.line_start(id, line);
                    Loc { file: id, start: at, end: at }
                }
                Err(_) => fallback,
            };
            Capture {
                module: s("module"),
                path: c
                    .get("path")
                    .and_then(Json::as_array)
                    .map(|p| p.iter().filter_map(|x| x.as_str().map(String::from)).collect())
                    .unwrap_or_default(),
                construct: c.get("construct").and_then(Json::as_bool).unwrap_or(false),
                args: c
                    .get("args")
                    .and_then(Json::as_array)
                    .map(|a| a.iter().map(|x| to_value(x, loc)).collect())
                    .unwrap_or_default(),
                loc,
                context: c
                    .get("context")
                    .and_then(Json::as_array)
                    .map(|p| p.iter().filter_map(|x| x.as_str().map(String::from)).collect())
                    .unwrap_or_default(),
            }
        })
        .collect()
}
