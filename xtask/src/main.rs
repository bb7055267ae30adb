//! Developer tasks: `cargo xtask <task>`.
//!
//! - `corpus DIR [--timeout SECONDS] [--report FILE]`: runs `fedscope graph` over a
//!   directory of real workspaces twice, statically and with `--eval-config`, and
//!   prints, per app, whether the static result equals the evaluated one (or
//!   marks each differing field unknown). Exit 1 when a static value is wrong.

use serde_json::Value as Json;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("corpus") => corpus(&args[1..]),
        _ => {
            eprintln!("usage: cargo xtask corpus DIR [--timeout SECONDS] [--report FILE]");
            ExitCode::from(2)
        }
    }
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

fn build_fedscope() -> Result<PathBuf, String> {
    let root = workspace_root();
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "--release", "-q", "-p", "fedscope"])
        .current_dir(&root)
        .status()
        .map_err(|e| format!("cargo build: {e}"))?;
    if !status.success() {
        return Err("cargo build --release -p fedscope failed".into());
    }
    let dir = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"));
    Ok(dir.join("release").join("fedscope"))
}

fn graph(exe: &Path, dir: &Path, extra: &[&str]) -> Result<(Json, f64), String> {
    let start = Instant::now();
    let out = Command::new(exe)
        .arg("graph")
        .arg(dir)
        .args(["--format", "json"])
        .args(extra)
        .output()
        .map_err(|e| format!("{}: {e}", exe.display()))?;
    let secs = start.elapsed().as_secs_f64();
    if !out.status.success() {
        return Err(format!(
            "fedscope graph {} exited with {}: {}",
            extra.join(" "),
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let v = serde_json::from_slice(&out.stdout).map_err(|e| format!("fedscope graph printed no JSON: {e}"))?;
    Ok((v, secs))
}

/// The fields compared, as `field path -> value`, with the paths `unknown` entries use.
fn facts(app: &Json) -> BTreeMap<String, Json> {
    let mut f = BTreeMap::new();
    for k in ["name", "bundler", "runtime", "uniqueName", "shareStrategy", "runtimePlugins", "asyncStartup", "port"] {
        f.insert(k.to_string(), app.get(k).cloned().unwrap_or(Json::Null));
    }
    for r in app.get("remotes").and_then(Json::as_array).into_iter().flatten() {
        let alias = r.get("alias").and_then(Json::as_str).unwrap_or("");
        f.insert(format!("remotes.{alias}.name"), r.get("name").cloned().unwrap_or(Json::Null));
        f.insert(format!("remotes.{alias}.entry"), r.get("entry").cloned().unwrap_or(Json::Null));
    }
    for e in app.get("exposes").and_then(Json::as_array).into_iter().flatten() {
        let name = e.get("name").and_then(Json::as_str).unwrap_or("");
        f.insert(format!("exposes.{name}"), e.get("request").cloned().unwrap_or(Json::Null));
    }
    for s in app.get("shared").and_then(Json::as_array).into_iter().flatten() {
        let key = s.get("key").and_then(Json::as_str).unwrap_or("");
        for k in
            ["version", "requiredVersion", "singleton", "strictVersion", "eager", "import", "shareScope", "shareKey"]
        {
            f.insert(format!("shared.{key}.{k}"), s.get(k).cloned().unwrap_or(Json::Null));
        }
    }
    f
}

/// Whether `unknown` (a field path of the static result) covers `field`.
fn covers(unknown: &str, field: &str) -> bool {
    let whole = ["options", "federation plugin"];
    whole.contains(&unknown)
        || field == unknown
        || field.strip_prefix(unknown).is_some_and(|rest| rest.starts_with('.'))
        // `remotes` / `exposes` / `shared` entries that may come from elsewhere cover every entry
        || (["remotes", "exposes", "shared"].contains(&unknown) && field.starts_with(unknown))
}

fn key_of(app: &Json) -> String {
    app.get("config").and_then(Json::as_str).unwrap_or("").to_string()
}

fn corpus(args: &[String]) -> ExitCode {
    let mut dir = None;
    let mut timeout = "20".to_string();
    let mut report: Option<PathBuf> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--timeout" => timeout = it.next().cloned().unwrap_or(timeout),
            "--report" => report = it.next().map(PathBuf::from),
            d if dir.is_none() => dir = Some(PathBuf::from(d)),
            other => {
                eprintln!("unexpected argument {other}");
                return ExitCode::from(2);
            }
        }
    }
    let Some(dir) = dir else {
        eprintln!("usage: cargo xtask corpus DIR [--timeout SECONDS] [--report FILE]");
        return ExitCode::from(2);
    };
    let exe = match build_fedscope() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    eprintln!("static pass over {} …", dir.display());
    let (st, st_secs) = match graph(&exe, &dir, &[]) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    eprintln!("evaluating every config in Node …");
    let (ev, ev_secs) = match graph(&exe, &dir, &["--eval-config", "--eval-timeout", &timeout]) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    // evaluation failures are problems naming the config
    let mut eval_failed: BTreeMap<String, String> = BTreeMap::new();
    for p in ev.get("problems").and_then(Json::as_array).into_iter().flatten() {
        let msg = p.get("message").and_then(Json::as_str).unwrap_or("");
        if let Some(m) = msg.strip_prefix("--eval-config: ") {
            let file = p.get("file").and_then(Json::as_str).unwrap_or("").to_string();
            eval_failed.entry(file).or_insert_with(|| m.to_string());
        }
    }
    let eval_apps: BTreeMap<String, &Json> =
        ev.get("apps").and_then(Json::as_array).into_iter().flatten().map(|a| (key_of(a), a)).collect();
    let mut lines = Vec::new();
    let (mut total, mut failed, mut exact, mut covered, mut partial, mut wrong) = (0, 0, 0, 0, 0, 0);
    let mut wrong_values = Vec::new();
    for app in st.get("apps").and_then(Json::as_array).into_iter().flatten() {
        total += 1;
        let key = key_of(app);
        let e = eval_apps.get(&key).copied();
        let evaluated = e.is_some_and(|e| e.get("source").and_then(Json::as_str) == Some("eval"));
        if !evaluated {
            failed += 1;
            let why = eval_failed.get(&key).cloned().or_else(|| {
                // the module-federation.config of Modern.js / Nx apps
                eval_failed
                    .iter()
                    .find(|(f, _)| f.starts_with(app.get("root").and_then(Json::as_str).unwrap_or("?")))
                    .map(|(_, w)| w.clone())
            });
            lines.push(format!("eval-failed  {key}: {}", why.unwrap_or_else(|| "not evaluated".into())));
            continue;
        }
        let Some(e) = e else { continue };
        let (a, b) = (facts(app), facts(e));
        let unknown_fields = |a: &'_ Json| -> Vec<String> {
            a.get("unknown")
                .and_then(Json::as_array)
                .into_iter()
                .flatten()
                .filter_map(|u| u.get("field").and_then(Json::as_str).map(String::from))
                .collect()
        };
        let unknowns = unknown_fields(app);
        let eval_unknowns = unknown_fields(e);
        let mut differing = Vec::new();
        let mut undecided = Vec::new();
        let mut bad = Vec::new();
        let fields: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
        for f in fields {
            let (x, y) = (a.get(f).unwrap_or(&Json::Null), b.get(f).unwrap_or(&Json::Null));
            if x == y {
                continue;
            }
            if unknowns.iter().any(|u| covers(u, f)) {
                differing.push(f.clone());
            } else if eval_unknowns.iter().any(|u| covers(u, f)) {
                // Node could not tell either (a package that is not installed): nothing to compare
                undecided.push(f.clone());
            } else {
                bad.push(format!("{f}: static {x} but evaluated {y}"));
            }
        }
        if !bad.is_empty() {
            wrong += 1;
            lines.push(format!("WRONG        {key}: {}", bad.join("; ")));
            wrong_values.extend(bad.into_iter().map(|b| format!("{key}: {b}")));
        } else if !differing.is_empty() {
            covered += 1;
            lines.push(format!("unknown      {key}: static marks {} unknown", differing.join(", ")));
        } else if !undecided.is_empty() {
            partial += 1;
            lines.push(format!(
                "partial      {key}: equal where eval knows; eval could not tell {}",
                undecided.join(", ")
            ));
        } else {
            exact += 1;
            lines.push(format!("match        {key}"));
        }
    }
    let evaluated = total - failed;
    let ok = exact + covered + partial;
    let pct = if evaluated == 0 { 100.0 } else { 100.0 * ok as f64 / evaluated as f64 };
    let mut text = lines.join("\n");
    text.push_str(&format!(
        "\n\napps: {total}; evaluated in Node: {evaluated} ({failed} could not be); of those, static equals eval: {exact}, differs only where static says unknown: {covered}, equal where eval could tell: {partial}, wrong: {wrong}\nmatch-or-unknown: {pct:.1}%\nstatic pass {st_secs:.2}s, eval pass {ev_secs:.2}s\n"
    ));
    println!("{text}");
    if let Some(r) = report
        && let Err(e) = std::fs::write(&r, &text)
    {
        eprintln!("cannot write {}: {e}", r.display());
    }
    if wrong > 0 {
        eprintln!("{} wrong static value(s):\n  {}", wrong_values.len(), wrong_values.join("\n  "));
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}
