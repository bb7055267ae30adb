//! Static extraction: evaluate a config for the production build and find
//! the federation plugin it constructs, with the plugin's options.

use crate::disk::Disk;
use crate::host::{Plugin, WorkspaceHost, plugin_of};
use crate::model::{Bundler, FileProblem, Place};
use fedscope_js::{Capture, Entry, Files, Kind, Loc, Lookup, Value, with_evaluator};
use std::path::Path;

/// What evaluating one config found.
pub struct Extracted {
    pub plugin: Option<Plugin>,
    /// The federation options object.
    pub options: Option<Value>,
    /// The evaluated config itself (for `output.uniqueName`, `devServer.port`, …).
    pub config: Option<Value>,
    pub files: Files,
    pub notes: Vec<(Place, String)>,
    pub problems: Vec<FileProblem>,
    /// Federation plugins written in the sources that the evaluation did not reach.
    pub unreached: Vec<Place>,
    /// More than one plugin was constructed (client and server builds, two environments).
    pub other_captures: Vec<(Plugin, Place, Vec<String>)>,
}

fn obj(props: &[(&str, Value)]) -> Value {
    Value::new(
        Kind::Object(
            props.iter().map(|(k, v)| Entry::Prop { key: k.to_string(), key_loc: v.loc, value: v.clone() }).collect(),
        ),
        Loc::default(),
    )
}

fn bool_v(b: bool) -> Value {
    Value::new(Kind::Bool(b), Loc::default())
}

fn production(v: Value) -> Value {
    let mut v = v;
    v.mode_dependent = true;
    v
}

/// A stand-in for the config object a bundler hands to config hooks.
fn config_stub() -> Value {
    obj(&[
        ("plugins", Value::new(Kind::Array(Vec::new()), Loc::default())),
        ("resolve", obj(&[])),
        ("output", obj(&[])),
        ("module", obj(&[("rules", Value::new(Kind::Array(Vec::new()), Loc::default()))])),
    ])
}

pub fn evaluate(disk: &Disk, host: &WorkspaceHost, config: &Path, bundler: Bundler) -> Extracted {
    with_evaluator(host, |ev| {
        let exports = ev.eval_file(config);
        let mut cfg = match exports.get("default") {
            Lookup::Found(d)
                if !matches!(exports.kind, Kind::Object(_))
                    || exports.props().0.iter().any(|(k, _)| *k == "default") =>
            {
                d.clone()
            }
            _ => exports.clone(),
        };
        // a config written as a function is called as the bundler calls it for a production build
        if let Kind::Function(f) = cfg.kind {
            let name = ev.function_name(f).to_string();
            let args = match bundler {
                Bundler::Webpack | Bundler::Rspack | Bundler::Nx => {
                    vec![obj(&[]), obj(&[("mode", production(Value::str("production", Loc::default())))])]
                }
                Bundler::Next => {
                    vec![Value::str("phase-production-build", Loc::default()), obj(&[("defaultConfig", obj(&[]))])]
                }
                _ => vec![production(obj(&[
                    ("command", Value::str("build", Loc::default())),
                    ("mode", Value::str("production", Loc::default())),
                    ("env", Value::str("production", Loc::default())),
                ]))],
            };
            cfg = ev.in_context(format!("{name}(…) for a production build"), |ev| ev.call_function(f, args, cfg.loc));
        }
        // configs that are wrapped by a plugin of Next or Nx: the object inside
        if let Kind::Call { args, .. } = &cfg.kind
            && let Some(inner) = args.iter().find(|a| matches!(a.kind, Kind::Object(_)))
        {
            cfg = inner.clone();
        }
        let hooks: &[&[&str]] = match bundler {
            Bundler::Next => &[&["webpack"]],
            Bundler::Rsbuild | Bundler::Modernjs => {
                &[&["tools", "rspack"], &["tools", "webpack"], &["tools", "bundlerChain"]]
            }
            _ => &[&["configureWebpack"]],
        };
        for hook in hooks {
            let mut v = Some(&cfg);
            for k in *hook {
                v = match v.map(|x| x.get(k)) {
                    Some(Lookup::Found(x)) => Some(x),
                    _ => None,
                };
            }
            let fns: Vec<u32> = match v.map(|x| &x.kind) {
                Some(Kind::Function(f)) => vec![*f],
                Some(Kind::Array(items)) => {
                    items.iter().filter_map(|i| if let Kind::Function(f) = i.kind { Some(f) } else { None }).collect()
                }
                _ => Vec::new(),
            };
            for f in fns {
                let utils = obj(&[
                    ("isServer", production(bool_v(false))),
                    ("dev", production(bool_v(false))),
                    ("isProd", production(bool_v(true))),
                    ("env", production(Value::str("production", Loc::default()))),
                    (
                        "appendPlugins",
                        Value::new(
                            Kind::External { module: "#fedscope".into(), path: vec!["appendPlugins".into()] },
                            Loc::default(),
                        ),
                    ),
                    // the bundler namespaces the hooks receive
                    (
                        "rspack",
                        Value::new(Kind::External { module: "@rspack/core".into(), path: Vec::new() }, Loc::default()),
                    ),
                    (
                        "webpack",
                        Value::new(Kind::External { module: "webpack".into(), path: Vec::new() }, Loc::default()),
                    ),
                ]);
                let label = format!("{}(config, {{ isServer: false }})", hook.join("."));
                ev.in_context(label, |ev| ev.call_function(f, vec![config_stub(), utils], cfg.loc));
            }
        }
        let files = ev.files.clone();
        let mut problems: Vec<FileProblem> = ev
            .syntax_errors
            .iter()
            .map(|e| FileProblem {
                file: disk.rel(&e.path),
                line: Some(e.line),
                message: format!("syntax error: {}", e.message),
            })
            .collect();
        problems.sort();
        problems.dedup();
        let notes = ev.notes.iter().map(|n| (place_of_files(disk, &files, n.loc), n.message.clone())).collect();
        assemble(disk, files, cfg, &ev.captures, &ev.federation_sites, notes, problems)
    })
}

/// What a run of the config in Node (`--eval-config`) found, in the same shape.
pub fn from_eval(disk: &Disk, config: &Path, ev: &crate::eval::Evaluated) -> Extracted {
    let mut files = Files::default();
    let fallback = match disk.text(config) {
        Ok(t) => Loc { file: files.add(config, &t), start: 0, end: 0 },
        Err(_) => Loc::default(),
    };
    let captures = crate::eval::captures(disk, &mut files, ev, fallback);
    let cfg = crate::eval::to_value(&ev.config, fallback);
    assemble(disk, files, cfg, &captures, &[], Vec::new(), Vec::new())
}

/// Picks the page's plugin among the captures (not a server build's).
fn assemble(
    disk: &Disk,
    files: Files,
    cfg: Value,
    all: &[Capture],
    sites: &[Loc],
    notes: Vec<(Place, String)>,
    problems: Vec<FileProblem>,
) -> Extracted {
    let mut captures: Vec<&Capture> = Vec::new();
    for c in all {
        if !captures.iter().any(|x| x.loc == c.loc && x.args == c.args) {
            captures.push(c);
        }
    }
    let reached: Vec<Loc> = captures.iter().map(|c| c.loc).collect();
    let unreached = sites
        .iter()
        .filter(|s| !reached.iter().any(|r| r.file == s.file && r.start <= s.start && s.end <= r.end || r == *s))
        .map(|s| place_of_files(disk, &files, *s))
        .collect();
    let chosen = captures.iter().find(|c| !is_server_capture(c)).or(captures.first()).copied();
    let mut other_captures = Vec::new();
    for c in &captures {
        if Some(*c) != chosen
            && let Some(p) = plugin_of(&c.module, &c.path)
        {
            other_captures.push((p, place_of_files(disk, &files, c.loc), c.context.clone()));
        }
    }
    let (plugin, options) = match chosen {
        Some(c) => (plugin_of(&c.module, &c.path), c.args.first().cloned()),
        None => (None, None),
    };
    Extracted { plugin, options, config: Some(cfg), files, notes, problems, unreached, other_captures }
}

fn is_server_capture(c: &Capture) -> bool {
    if c.context.iter().any(|x| x.contains("isServer: true")) {
        return true;
    }
    // @module-federation/node's UniversalFederationPlugin({ isServer: true }, …)
    matches!(c.args.first().map(|a| a.get("isServer")), Some(Lookup::Found(v)) if v.as_bool() == Some(true))
}

pub fn place_of_files(disk: &Disk, files: &Files, loc: Loc) -> Place {
    if !files.has(loc.file) {
        return Place::default();
    }
    Place { file: disk.rel(files.path(loc.file)), line: files.line(loc) }
}
