//! Static extraction: evaluate a config for the production build and find
//! the federation plugin it constructs, with the plugin's options.

use crate::disk::Disk;
use crate::host::{Plugin, WorkspaceHost, plugin_of};
use crate::model::{Bundler, FileProblem, Place};
use fedscope_js::{Capture, Entry, Evaluator, Files, Kind, Loc, Lookup, Value, with_evaluator};
use std::path::Path;

/// What evaluating one config found.
#[derive(Clone)]
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
    /// The package the chosen plugin comes from.
    pub module: Option<String>,
    /// Nx's `withModuleFederation(options, configOverride)`: the second argument,
    /// spread over the plugin options after `shared`.
    pub option_override: Option<Value>,
    /// `@module-federation/modern-js`: the file whose default export the plugin
    /// reads (`configPath`, else `module-federation.config.ts`), when it does.
    pub mf_file: Option<std::path::PathBuf>,
    /// What the `tools.rspack` / `tools.webpack` / `tools.bundlerChain` hooks
    /// (Rsbuild, Modern.js) do to `output.uniqueName`.
    pub hook_unique_name: HookSet,
}

/// What config hooks do to a bundler option.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum HookSet {
    /// No hook sets it.
    #[default]
    NotSet,
    Set(String, Place),
    /// A hook may set it, to a value fedscope cannot tell.
    Unknown(String, Place),
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
    // one evaluation per (config, bundler): splitting a package into builds reads them too
    let key = (config.to_path_buf(), bundler);
    if let Some(ex) = host.evaluated.borrow().get(&key) {
        return ex.clone();
    }
    let ex = with_evaluator(host, |ev| evaluate_in(disk, ev, config, bundler));
    host.evaluated.borrow_mut().insert(key, ex.clone());
    ex
}

/// Calls a function of the federation options of `config` (`shared` of
/// Nx's options: `key`) while its evaluation is alive: the config is
/// evaluated again as [`evaluate`] does (the same files in the same order,
/// so the places of the values agree with that evaluation's `files`), and `f`
/// gets a caller of the function (arguments → result), or why there is none.
/// `from_exports`: the options are the file's default export (a
/// `module-federation.config`), else the federation plugin's argument.
pub fn with_option_function<R>(
    disk: &Disk,
    host: &WorkspaceHost,
    config: &Path,
    bundler: Bundler,
    from_exports: bool,
    key: &str,
    f: impl FnOnce(Result<&mut dyn FnMut(Vec<Value>) -> Value, String>) -> R,
) -> R {
    with_evaluator(host, |ev| {
        let ex = evaluate_in(disk, ev, config, bundler);
        let options = if from_exports { ex.config.clone() } else { ex.options.clone() };
        let func = match options.as_ref().map(|o| o.get(key)) {
            Some(Lookup::Found(v)) => match v.kind {
                Kind::Function(idx) => Ok((idx, v.loc)),
                _ => Err(format!("`{key}` is {}", fedscope_js::eval::describe_unknown(v))),
            },
            _ => Err(format!("`{key}` is not found when the config is evaluated again")),
        };
        match func {
            Ok((idx, loc)) => {
                let first = ex.files;
                let mut call = |args: Vec<Value>| -> Value {
                    let label = format!("{key}(…) as Nx calls it");
                    let r = ev.in_context(label, |ev| ev.call_function(idx, args, loc));
                    // places of files this evaluation read after the first one: the function's
                    let same =
                        |i: fedscope_js::FileId| first.has(i) && ev.files.has(i) && first.path(i) == ev.files.path(i);
                    relocate(r, &same, loc)
                };
                f(Ok(&mut call))
            }
            Err(why) => f(Err(why)),
        }
    })
}

/// `v` with every place `keep` rejects moved to `to`.
fn relocate(v: Value, keep: &dyn Fn(fedscope_js::FileId) -> bool, to: Loc) -> Value {
    let loc = if keep(v.loc.file) { v.loc } else { to };
    let kind = match v.kind {
        Kind::Object(entries) => Kind::Object(
            entries
                .into_iter()
                .map(|e| match e {
                    Entry::Prop { key, key_loc, value } => Entry::Prop {
                        key,
                        key_loc: if keep(key_loc.file) { key_loc } else { to },
                        value: relocate(value, keep, to),
                    },
                    Entry::Spread(x) => Entry::Spread(relocate(x, keep, to)),
                })
                .collect(),
        ),
        Kind::Array(items) => Kind::Array(items.into_iter().map(|i| relocate(i, keep, to)).collect()),
        other => other,
    };
    Value { kind, loc, mode_dependent: v.mode_dependent }
}

/// [`evaluate`] in an evaluator the caller holds.
fn evaluate_in(disk: &Disk, ev: &mut Evaluator<'_, '_>, config: &Path, bundler: Bundler) -> Extracted {
    let exports = ev.eval_file(config);
    let mut cfg = match exports.get("default") {
        Lookup::Found(d)
            if !matches!(exports.kind, Kind::Object(_)) || exports.props().0.iter().any(|(k, _)| *k == "default") =>
        {
            d.clone()
        }
        _ => exports.clone(),
    };
    // a config written as a function is called as the bundler calls it for a production build
    if let Kind::Function(f) = cfg.kind {
        let name = ev.function_name(f).to_string();
        let args = match bundler {
            Bundler::Webpack | Bundler::Rspack | Bundler::Nx => cli_args(disk, config, bundler),
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
    let mut hook_unique_name = HookSet::NotSet;
    for hook in hooks {
        let mut v = Some(&cfg);
        for k in *hook {
            v = match v.map(|x| x.get(k)) {
                Some(Lookup::Found(x)) => Some(x),
                _ => None,
            };
        }
        let items: Vec<Value> = match v.map(|x| &x.kind) {
            Some(Kind::Array(items)) => items.clone(),
            Some(_) => v.into_iter().cloned().collect(),
            None => Vec::new(),
        };
        let tools = matches!(bundler, Bundler::Rsbuild | Bundler::Modernjs);
        for item in items {
            let f = match item.kind {
                Kind::Function(f) => f,
                // `tools.rspack: { output: { uniqueName } }` is merged into the Rspack config
                Kind::Object(_) if tools && hook.last() != Some(&"bundlerChain") => {
                    match object_unique_name(disk, &ev.files, &item) {
                        HookSet::NotSet => {}
                        set => hook_unique_name = set,
                    }
                    continue;
                }
                _ => continue,
            };
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
                ("webpack", Value::new(Kind::External { module: "webpack".into(), path: Vec::new() }, Loc::default())),
            ]);
            let label = format!("{}(config, {{ isServer: false }})", hook.join("."));
            let returned = ev.in_context(label, |ev| ev.call_function(f, vec![config_stub(), utils], cfg.loc));
            if tools {
                match hook_function_unique_name(disk, &ev.files, &item, &returned, hook.last() == Some(&"bundlerChain"))
                {
                    HookSet::NotSet => {}
                    set => hook_unique_name = set,
                }
            }
        }
    }
    let (captures, mf_file) = modern_js_options(disk, ev, config);
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
    let notes = ev
        .notes
        .iter()
        .map(|n| (place_of_files(disk, &files, n.loc), dependency_note(&source_text(disk, &files, n.loc), &n.message)))
        .collect();
    let mut ex = assemble(disk, files, cfg, &captures, &ev.federation_sites, notes, problems);
    ex.mf_file = mf_file;
    ex.hook_unique_name = hook_unique_name;
    ex
}

/// The source text of `loc` (empty when not known).
pub fn source_text(disk: &Disk, files: &Files, loc: Loc) -> String {
    if !files.has(loc.file) {
        return String::new();
    }
    disk.text(files.path(loc.file))
        .ok()
        .and_then(|t| t.get(loc.start as usize..loc.end as usize).map(String::from))
        .unwrap_or_default()
}

/// The words of the build-mode stand-ins other than `isServer`.
const MODE_WORDS: [&str; 10] = ["mode", "NODE_ENV", "MODE", "dev", "Dev", "DEV", "prod", "Prod", "PROD", "env"];

/// A note about a value or branch that depends on how the build is run, saying
/// on what: `isServer` (the client build is read) or the build mode
/// (production), from the source text it is about.
pub fn dependency_note(text: &str, message: &str) -> String {
    if !text.contains("isServer") {
        return message.to_string();
    }
    let rest = text.replace("isServer", "");
    let mode = MODE_WORDS.iter().any(|w| rest.contains(w));
    let what = if mode {
        "the build mode and on `isServer`: the production client build's (`isServer: false`)"
    } else {
        "`isServer`: the client build's (`isServer: false`)"
    };
    if message.starts_with("a branch here") {
        format!("a branch here depends on {what} was taken")
    } else {
        format!("this value depends on {what} is used")
    }
}

/// `output.uniqueName` of an object merged into the bundler config.
fn object_unique_name(disk: &Disk, files: &Files, item: &Value) -> HookSet {
    let place = |v: &Value| place_of_files(disk, files, v.loc);
    match item.get("output") {
        Lookup::Found(out) => match out.get("uniqueName") {
            Lookup::Found(v) => match v.as_str() {
                Some(s) => HookSet::Set(s.to_string(), place(v)),
                None if matches!(v.kind, Kind::Undefined) => HookSet::NotSet,
                None => HookSet::Unknown(
                    format!("`output.uniqueName` is {}", fedscope_js::eval::describe_unknown(v)),
                    place(v),
                ),
            },
            Lookup::Missing => HookSet::NotSet,
            Lookup::Unknown(u) => {
                HookSet::Unknown(format!("`output` may be set by {}", fedscope_js::eval::describe_unknown(u)), place(u))
            }
        },
        Lookup::Missing => HookSet::NotSet,
        Lookup::Unknown(u) => {
            HookSet::Unknown(format!("`output` may be set by {}", fedscope_js::eval::describe_unknown(u)), place(u))
        }
    }
}

/// What a config hook function does to `output.uniqueName`: what its returned
/// config says, else a single top-level statement `config.output.uniqueName =
/// '…'` (`chain.output.uniqueName('…')` in `tools.bundlerChain`), which the
/// evaluator does not apply to the argument; any other mention of `uniqueName`
/// in the hook is not known, and a hook that does not mention it leaves it.
fn hook_function_unique_name(disk: &Disk, files: &Files, hook: &Value, returned: &Value, chain: bool) -> HookSet {
    if !chain && matches!(returned.kind, Kind::Object(_)) {
        match object_unique_name(disk, files, returned) {
            HookSet::NotSet => {}
            set => return set,
        }
    }
    let place = place_of_files(disk, files, hook.loc);
    let text = source_text(disk, files, hook.loc);
    let function_text =
        text.contains("=>") || text.trim_start().starts_with("function") || text.trim_start().starts_with("async");
    if !function_text {
        // a hook named here and defined elsewhere: its body is not at hand
        let file_text = if files.has(hook.loc.file) {
            disk.text(files.path(hook.loc.file)).map(|t| t.to_string()).unwrap_or_default()
        } else {
            String::new()
        };
        return if file_text.contains("uniqueName") {
            HookSet::Unknown(
                "a config hook of this file mentions `uniqueName`, in a way fedscope does not evaluate".into(),
                place,
            )
        } else {
            HookSet::NotSet
        };
    }
    if !text.contains("uniqueName") {
        return HookSet::NotSet;
    }
    match top_level_unique_name(&text, chain) {
        Some((value, offset)) => {
            let loc = Loc { file: hook.loc.file, start: hook.loc.start + offset as u32, end: hook.loc.start + offset as u32 };
            HookSet::Set(value, place_of_files(disk, files, loc))
        }
        None => HookSet::Unknown(
            "the config hook sets `output.uniqueName` in a way fedscope does not evaluate (only a top-level `config.output.uniqueName = '…'` is read)".into(),
            place,
        ),
    }
}

/// In a hook's source: the string assigned by its only mention of
/// `uniqueName`, when that is a statement of the function body itself
/// (not inside a condition or a nested block) of the form
/// `<first parameter>.output.uniqueName = '…'` (or `.uniqueName('…')` on a
/// chain), and its offset.
fn top_level_unique_name(text: &str, chain: bool) -> Option<(String, usize)> {
    if text.matches("uniqueName").count() != 1 {
        return None;
    }
    // the first parameter: `(config, …) =>`, `config =>`, `function (config)`
    let head = text.trim_start();
    let head = head.strip_prefix("async").map(str::trim_start).unwrap_or(head);
    let after_paren = match head.find('(') {
        Some(i) if head[..i].trim().is_empty() || head[..i].trim_start().starts_with("function") => &head[i + 1..],
        _ => head,
    };
    let param: String =
        after_paren.trim_start().chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '$').collect();
    if param.is_empty() {
        return None;
    }
    let at = text.find("uniqueName")?;
    // the statement: back to the previous `;`, `{` or `}`
    let before = &text[..at];
    let start = before.rfind([';', '{', '}'])?;
    let boundary = before.as_bytes()[start];
    // the body's own brace: the first `{` after `=>` or the parameter list, at depth 1
    let body = text.find("=>").map(|i| i + 2).unwrap_or(0);
    let body_open = text[body..].find('{').map(|i| body + i)?;
    let depth = text[body_open..start + 1].chars().fold(0i32, |d, c| match c {
        '{' | '(' | '[' => d + 1,
        '}' | ')' | ']' => d - 1,
        _ => d,
    });
    let depth_ok = match boundary {
        b'{' => start == body_open,
        _ => depth == 1,
    };
    if !depth_ok {
        return None;
    }
    let statement: String = text[start + 1..at].split_whitespace().collect();
    let target = statement.replace(['!', '?'], "");
    if target != format!("{param}.output.") {
        return None;
    }
    let rest = text[at + "uniqueName".len()..].trim_start();
    let rest = if chain {
        rest.strip_prefix('(')?
    } else {
        let r = rest.strip_prefix('=')?;
        if r.starts_with('=') {
            return None;
        }
        r
    };
    let rest = rest.trim_start();
    let quote = rest.chars().next().filter(|q| matches!(q, '\'' | '"' | '`'))?;
    let lit = &rest[1..];
    let end = lit.find(quote)?;
    let value = &lit[..end];
    if quote == '`' && value.contains("${") {
        return None;
    }
    let tail = lit[end + 1..].trim_start();
    let ok_tail = if chain { tail.starts_with(')') } else { tail.is_empty() || tail.starts_with([';', '\n', '}']) };
    ok_tail.then(|| (value.to_string(), at))
}

/// `@module-federation/modern-js`'s `moduleFederationPlugin({ config, configPath })`
/// (`cli/configPlugin.js › getMFConfig`, 0.19 and the `-v3` package): `config`
/// if it is set, else the default export of `configPath` (resolved from the
/// working directory, the app root), else of `<cwd>/module-federation.config.ts`
/// (`defaultPath`: only that name). The captures, with an inline `config` put
/// in place of the plugin's argument, and the file the plugin reads otherwise
/// (read by the caller, so that `--eval-config` can run it); without that file
/// the build fails and the options are not known.
fn modern_js_options(
    disk: &Disk,
    ev: &mut Evaluator<'_, '_>,
    config: &Path,
) -> (Vec<Capture>, Option<std::path::PathBuf>) {
    let mut captures = ev.captures.clone();
    let mut file = None;
    let dir = config.parent().unwrap_or(Path::new("/"));
    for c in &mut captures {
        if plugin_of(&c.module, &c.path) != Some(Plugin::ModernJs) {
            continue;
        }
        let (options, f) = modern_js_arg(disk, dir, c.args.first(), c.loc);
        if f.is_some() {
            file = f;
        }
        if c.args.is_empty() {
            c.args.push(options);
        } else {
            c.args[0] = options;
        }
    }
    (captures, file)
}

/// The options `moduleFederationPlugin(arg)` uses (undefined when they are the
/// default export of a file, which is returned too).
fn modern_js_arg(disk: &Disk, dir: &Path, arg: Option<&Value>, loc: Loc) -> (Value, Option<std::path::PathBuf>) {
    let arg = arg.cloned().unwrap_or_else(|| Value::new(Kind::Undefined, loc));
    let set = |v: &Value| !matches!(v.kind, Kind::Undefined | Kind::Null);
    match (arg.get("config"), arg.get("configPath")) {
        (Lookup::Found(v), _) if set(v) => (v.clone(), None),
        (Lookup::Unknown(u), _) | (_, Lookup::Unknown(u)) => (
            Value::unknown(
                format!("the plugin's options may be set by {}", fedscope_js::eval::describe_unknown(u)),
                u.loc,
            ),
            None,
        ),
        (_, Lookup::Found(p)) if set(p) => match p.as_str() {
            Some(s) => (Value::new(Kind::Undefined, loc), Some(crate::disk::normalize(&dir.join(s)))),
            None => {
                (Value::unknown(format!("`configPath` is {}", fedscope_js::eval::describe_unknown(p)), p.loc), None)
            }
        },
        _ => {
            let default = dir.join("module-federation.config.ts");
            if disk.is_file(&default) {
                return (Value::new(Kind::Undefined, loc), Some(default));
            }
            let others: Vec<String> = ["js", "mjs", "cjs", "mts"]
                .iter()
                .map(|e| format!("module-federation.config.{e}"))
                .filter(|n| disk.is_file(&dir.join(n)))
                .collect();
            let why = format!(
                "the default export of module-federation.config.ts, which @module-federation/modern-js reads from the app root when neither `config` nor `configPath` is given, and which does not exist (the build fails{})",
                if others.is_empty() {
                    String::new()
                } else {
                    format!("; the plugin does not read {}", others.join(" or "))
                }
            );
            (Value::unknown(why, loc), None)
        }
    }
}

/// The `(env, argv)` a config function gets from webpack-cli 5 / @rspack/cli 1
/// for the package.json script that builds with this config: `env` is
/// `{ WEBPACK_BUNDLE: true, WEBPACK_BUILD: true }` (`RSPACK_…` for rspack) plus
/// the `--env` flags, and `argv.mode` is the `--mode` flag, else undefined
/// (webpack-cli 5 `lib/webpack-cli.js › runWebpack`, `loadConfig`; @rspack/cli
/// `setBuiltinEnvArg`, `normalizeEnvToObject`).
/// Without such a script, a production build: `argv.mode` is `"production"`.
/// Both are marked as depending on the build, so branches on them are noted.
fn cli_args(disk: &Disk, config: &Path, bundler: Bundler) -> Vec<Value> {
    let loc = Loc::default();
    let prefix = if bundler == Bundler::Rspack { "RSPACK" } else { "WEBPACK" };
    let mut env = vec![
        Entry::Prop { key: format!("{prefix}_BUNDLE"), key_loc: loc, value: bool_v(true) },
        Entry::Prop { key: format!("{prefix}_BUILD"), key_loc: loc, value: bool_v(true) },
    ];
    let tool = if bundler == Bundler::Rspack { "rspack" } else { "webpack" };
    let mode = match build_script(disk, config, tool) {
        Some(words) => {
            let mut mode = Value::new(Kind::Undefined, loc);
            let mut i = 0;
            while i < words.len() {
                let w = words[i].as_str();
                let (flag, inline) = match w.split_once('=') {
                    Some((f, v)) if f.starts_with('-') => (f, Some(v.to_string())),
                    _ => (w, None),
                };
                let value = |i: &mut usize| {
                    inline.clone().or_else(|| {
                        *i += 1;
                        words.get(*i).cloned()
                    })
                };
                match flag {
                    "--mode" | "-m" => {
                        if let Some(m) = value(&mut i) {
                            mode = Value::str(m, loc);
                        }
                    }
                    "--env" => {
                        if let Some(e) = value(&mut i) {
                            let (k, v) = match e.split_once('=') {
                                Some((k, v)) => (k.to_string(), Value::str(v, loc)),
                                None => (e.clone(), bool_v(true)),
                            };
                            env.push(Entry::Prop { key: k, key_loc: loc, value: v });
                        }
                    }
                    _ => {
                        // webpack-cli 3: --env.production, --env.api=x
                        if let Some(k) = flag.strip_prefix("--env.") {
                            let v = match inline.clone() {
                                Some(v) => Value::str(v, loc),
                                None => bool_v(true),
                            };
                            env.push(Entry::Prop { key: k.to_string(), key_loc: loc, value: v });
                        }
                    }
                }
                i += 1;
            }
            mode
        }
        None => Value::str("production", loc),
    };
    let env = production(Value::new(Kind::Object(env), loc));
    vec![env.clone(), production(obj(&[("mode", production(mode)), ("env", env)]))]
}

/// The words after `tool` in the package.json script that builds with `config`:
/// the one that names the config file, else (for a default-named config) the
/// `build` script, else another build script that runs the tool.
fn build_script(disk: &Disk, config: &Path, tool: &str) -> Option<Vec<String>> {
    let pj = crate::pkg::nearest(disk, config.parent()?)?;
    let pkg = disk.json(&pj).ok()?;
    let scripts = crate::pkg::string_map(&pkg, "scripts");
    let file = config.file_name()?.to_string_lossy().to_string();
    let default_name = file.starts_with(&format!("{tool}.config."));
    // the command of each script that runs the tool to build (not serve or watch)
    let mut candidates: Vec<(i32, Vec<String>)> = Vec::new();
    for (name, script) in &scripts {
        for command in script.split(['&', ';', '|']) {
            let words: Vec<&str> = command.split_whitespace().collect();
            let Some(at) = words.iter().position(|w| *w == tool || w.ends_with(&format!("/{tool}"))) else {
                continue;
            };
            let rest: Vec<String> = words[at + 1..].iter().map(|w| w.to_string()).collect();
            let sub = rest.first().map(String::as_str).unwrap_or("");
            if matches!(sub, "serve" | "dev" | "watch" | "s" | "w")
                || rest.iter().any(|w| w == "--watch" || w == "-w" || w == "serve")
            {
                continue;
            }
            let names_config = rest.iter().any(|w| w.ends_with(&file));
            let names_other = rest.iter().any(|w| w == "--config" || w == "-c" || w.starts_with("--config="));
            let score = if names_config {
                0
            } else if names_other || !default_name {
                continue;
            } else if name == "build" {
                1
            } else if name.starts_with("build") && name.contains("prod") {
                2
            } else if name.starts_with("build") {
                3
            } else {
                4
            };
            candidates.push((score, rest));
        }
    }
    candidates.sort_by_key(|c| c.0);
    candidates.into_iter().next().map(|(_, words)| words)
}

/// What a run of the config in Node (`--eval-config`) found, in the same shape.
pub fn from_eval(disk: &Disk, config: &Path, ev: &crate::eval::Evaluated) -> Extracted {
    let mut files = Files::default();
    let fallback = match disk.text(config) {
        Ok(t) => Loc { file: files.add(config, &t), start: 0, end: 0 },
        Err(_) => Loc::default(),
    };
    let mut captures = crate::eval::captures(disk, &mut files, ev, fallback);
    // Modern.js: an inline `config` is the options (a file the plugin reads is run as its own job)
    let dir = config.parent().unwrap_or(Path::new("/"));
    for c in &mut captures {
        if plugin_of(&c.module, &c.path) == Some(Plugin::ModernJs) {
            let (options, _) = modern_js_arg(disk, dir, c.args.first(), c.loc);
            if c.args.is_empty() {
                c.args.push(options);
            } else {
                c.args[0] = options;
            }
        }
    }
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
    let (plugin, mut options) = match chosen {
        Some(c) => (plugin_of(&c.module, &c.path), c.args.first().cloned()),
        None => (None, None),
    };
    let mut option_override = None;
    if let Some(c) = chosen
        && plugin == Some(Plugin::NxWithModuleFederation)
    {
        // `new NxModuleFederationPlugin({ config, isServer }, configOverride)`
        if c.construct && c.path.last().is_some_and(|p| p == "NxModuleFederationPlugin") {
            options = options.map(|o| match o.get("config") {
                Lookup::Found(v) => v.clone(),
                Lookup::Missing => Value::new(Kind::Undefined, o.loc),
                Lookup::Unknown(u) => Value::unknown(
                    format!("the plugin's `config` may be set by {}", fedscope_js::eval::describe_unknown(u)),
                    u.loc,
                ),
            });
        }
        option_override = c.args.get(1).filter(|v| !matches!(v.kind, Kind::Undefined | Kind::Null)).cloned();
    }
    Extracted {
        plugin,
        options,
        config: Some(cfg),
        files,
        notes,
        problems,
        unreached,
        other_captures,
        module: chosen.map(|c| c.module.clone()),
        option_override,
        mf_file: None,
        hook_unique_name: HookSet::NotSet,
    }
}

fn is_server_capture(c: &Capture) -> bool {
    if c.context.iter().any(|x| x.contains("isServer: true")) {
        return true;
    }
    // @module-federation/node's UniversalFederationPlugin({ isServer: true }, …),
    // Nx's NxModuleFederationPlugin({ config, isServer: true })
    matches!(c.args.first().map(|a| a.get("isServer")), Some(Lookup::Found(v)) if v.as_bool() == Some(true))
}

pub fn place_of_files(disk: &Disk, files: &Files, loc: Loc) -> Place {
    if !files.has(loc.file) {
        return Place::default();
    }
    Place { file: disk.rel(files.path(loc.file)), line: files.line(loc) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_name_set_by_a_hook() {
        let set = |t: &str| top_level_unique_name(t, false).map(|(v, _)| v);
        assert_eq!(
            set("(config, { appendPlugins }) => {\n  config.output!.uniqueName = 'main_app';\n  appendPlugins([]);\n}")
                .as_deref(),
            Some("main_app")
        );
        assert_eq!(set("function (cfg) { cfg.output.uniqueName = \"x\"; }").as_deref(), Some("x"));
        assert_eq!(set("async (c) => { foo(); c.output.uniqueName = `y`\n}").as_deref(), Some("y"));
        // under a condition, in a nested block, from a variable, another object: not read
        assert_eq!(set("(config) => { if (prod) config.output.uniqueName = 'a'; }"), None);
        assert_eq!(set("(config) => { if (prod) { config.output.uniqueName = 'a'; } }"), None);
        assert_eq!(set("(config) => { prod && (config.output.uniqueName = 'a'); }"), None);
        assert_eq!(set("(config) => { config.output.uniqueName = name; }"), None);
        assert_eq!(set("(config) => { other.output.uniqueName = 'a'; }"), None);
        assert_eq!(set("(config) => { config.output.uniqueName = `a${b}`; }"), None);
        assert_eq!(set("(config) => { config.output.uniqueName = 'a' + b; }"), None);
        assert_eq!(set("(config) => { config.output.uniqueName = 'a'; config.output.uniqueName = 'b'; }"), None);
        // a chain in tools.bundlerChain
        assert_eq!(
            top_level_unique_name("(chain) => { chain.output.uniqueName('c'); }", true).map(|(v, _)| v).as_deref(),
            Some("c")
        );
    }

    #[test]
    fn notes_say_what_a_value_depends_on() {
        let branch = "a branch here depends on the build mode: the production build's was taken";
        assert_eq!(dependency_note("argv.mode === 'production'", branch), branch);
        assert_eq!(
            dependency_note("!isServer", branch),
            "a branch here depends on `isServer`: the client build's (`isServer: false`) was taken"
        );
        assert_eq!(
            dependency_note(
                "options.isServer || dev",
                "this value depends on the build mode: the production build's is used"
            ),
            "this value depends on the build mode and on `isServer`: the production client build's (`isServer: false`) is used"
        );
    }
}
