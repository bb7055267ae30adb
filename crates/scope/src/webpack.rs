//! webpack 5's built-in Module Federation runtime, replayed.
//!
//! Mirrors the code webpack generates: `ShareRuntimeModule` (`__webpack_require__.I`,
//! `register`), `ContainerEntryModule` (`init`), and `ConsumeSharedRuntimeModule`
//! (the consume handlers, `initialConsumes`, the `consumes` chunk handler with
//! `installedModules` / `startedInstallModules`), in the 5.92 form (no eager-only
//! view) and the 5.93+ form. Ranges are parsed at build time with the release
//! line's semver and checked at run time in their emitted form.

use crate::common::{Factory, Instances, LoadStep, Via, js_message, load_outcome};
use crate::jsmap::JsMap;
use crate::outcome::{Outcome, ScopeDump, ScopeEntry};
use crate::scenario::{Mode, RequiredVersion, Scenario, SharedConfig, Step};
use fedscope_semver::js::cmp_utf16;
use fedscope_semver::webpack::{self as semver, Line, Range};
use indexmap::IndexMap;
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

/// A share-scope entry: `{ get, from, eager, loaded }`.
struct Entry {
    /// The build whose `register` call created it (its factory's module).
    owner: usize,
    /// `uniqueName`; `None` is `undefined`.
    from: Option<String>,
    eager: bool,
    loaded: bool,
}

/// A share scope object: key → version → entry.
type ScopeObj = JsMap<JsMap<usize>>;

/// `__webpack_require__.m[id]` of a consume module.
#[derive(Clone)]
enum ModFactory {
    /// Not installed yet (an async-only consume before its chunk handler ran).
    Missing,
    /// The `initialConsumes` factory: runs the handler on every require.
    Initial,
    /// Installed by `onFactory`.
    Fixed(Factory),
    /// Installed by `onError`.
    Thrower(String),
}

struct Consume {
    /// `installedModules[id]` is present.
    installed: bool,
    /// `startedInstallModules[id]`.
    started: bool,
    factory: ModFactory,
}

/// One build's runtime (`__webpack_require__`).
struct Rt {
    started: bool,
    failed: bool,
    /// `__webpack_require__.S`
    s: JsMap<usize>,
    /// `initPromises[name]` settled.
    init_done: HashSet<String>,
    consumes: HashMap<String, Consume>,
}

/// What a consume handler returns: a factory, or a promise of one.
enum Ret {
    Factory(Factory),
    Promise(Factory),
}

/// The result of `Object.keys(...).reduce(..., 0)`: the initial `0` or a key.
#[derive(Clone, Debug, PartialEq)]
enum Pick {
    Zero,
    Key(String),
}

impl Pick {
    fn text(&self) -> &str {
        match self {
            Pick::Zero => "0",
            Pick::Key(k) => k,
        }
    }
}

struct Sim<'a> {
    s: &'a Scenario,
    line: Line,
    entries: Vec<Entry>,
    scopes: Vec<ScopeObj>,
    rts: Vec<Rt>,
    /// Per build, the keys some sync step consumes (those are initial consumes).
    sync_keys: Vec<HashSet<String>>,
    ranges: HashMap<(usize, String), Range>,
    step_warnings: Vec<String>,
    warnings: Vec<String>,
    instances: Instances,
}

pub(crate) fn run(s: &Scenario) -> Outcome {
    let mut sync_keys = vec![HashSet::new(); s.containers.len()];
    for step in &s.steps {
        if let Step::Load { container, key, mode: Mode::Sync } = step {
            sync_keys[*container].insert(key.clone());
        }
    }
    let mut ranges = HashMap::new();
    for (i, c) in s.containers.iter().enumerate() {
        for (key, cfg) in &c.shared {
            if let Some(RequiredVersion::Range(r)) = &cfg.required_version
                && let Ok(range) = semver::parse_range(r, s.webpack)
            {
                ranges.insert((i, key.clone()), range.to_runtime());
            }
        }
    }
    let mut sim = Sim {
        s,
        line: s.webpack,
        entries: Vec::new(),
        scopes: Vec::new(),
        rts: (0..s.containers.len())
            .map(|_| Rt {
                started: false,
                failed: false,
                s: JsMap::new(),
                init_done: HashSet::new(),
                consumes: HashMap::new(),
            })
            .collect(),
        sync_keys,
        ranges,
        step_warnings: Vec::new(),
        warnings: Vec::new(),
        instances: Instances::default(),
    };
    let mut steps = Vec::new();
    for (i, step) in s.steps.iter().enumerate() {
        match step {
            Step::Init { container, host: None } => sim.init_sharing(*container, "default"),
            Step::Init { container, host: Some(h) } => sim.init_remote(*container, *h),
            Step::Fail { container } => sim.rts[*container].failed = true,
            Step::Load { container, key, mode } => {
                sim.step_warnings.clear();
                let result = sim.load(*container, key, *mode);
                let warnings = std::mem::take(&mut sim.step_warnings);
                steps.push(load_outcome(
                    s,
                    &mut sim.instances,
                    LoadStep { step: i, container: *container, key, mode: *mode },
                    result,
                    warnings,
                ));
            }
        }
    }
    let warnings = sim.warnings.iter().map(|w| crate::outcome::collapse_ws(w)).collect();
    let (scope, scope_holders) = sim.dump();
    Outcome { steps, warnings, scope, scope_holders, instances: sim.instances.finish(s) }
}

impl Sim<'_> {
    fn config(&self, c: usize, key: &str) -> &SharedConfig {
        &self.s.containers[c].shared[key]
    }

    fn unique_name(&self, c: usize) -> Option<String> {
        let u = &self.s.containers[c].unique_name;
        (!u.is_empty()).then(|| u.clone())
    }

    /// Loads the build's runtime: installs the `initialConsumes` factories.
    fn start(&mut self, c: usize) {
        if self.rts[c].started {
            return;
        }
        self.rts[c].started = true;
        let keys: Vec<String> = self.s.containers[c].shared.keys().cloned().collect();
        for key in keys {
            let factory = if self.sync_keys[c].contains(&key) { ModFactory::Initial } else { ModFactory::Missing };
            self.rts[c].consumes.insert(key, Consume { installed: false, started: false, factory });
        }
    }

    fn new_scope(&mut self) -> usize {
        self.scopes.push(JsMap::new());
        self.scopes.len() - 1
    }

    /// `__webpack_require__.I(name)`: registers this build's providers once.
    fn init_sharing(&mut self, c: usize, name: &str) {
        self.start(c);
        if self.rts[c].init_done.contains(name) {
            return;
        }
        if !self.rts[c].s.contains_key(name) {
            let id = self.new_scope();
            self.rts[c].s.insert(name.to_string(), id);
        }
        let scope = self.rts[c].s.get(name).copied().unwrap_or_default();
        // register() calls run in module-identifier order: `provide module (scope) key@version = request`.
        let mut providers: Vec<(String, String, bool)> = self.s.containers[c]
            .shared
            .iter()
            .filter(|(_, cfg)| cfg.provides() && cfg.share_scope[0] == name)
            .map(|(key, cfg)| (key.clone(), provided_version(cfg), cfg.eager))
            .collect();
        providers.sort_by(|a, b| cmp_utf16(&format!("{}@{}", a.0, a.1), &format!("{}@{}", b.0, b.1)));
        for (key, version, eager) in providers {
            self.register(scope, &key, &version, c, eager);
        }
        self.rts[c].init_done.insert(name.to_string());
    }

    fn register(&mut self, scope: usize, key: &str, version: &str, owner: usize, eager: bool) {
        let unique = self.unique_name(owner);
        let versions = &self.scopes[scope];
        let replace = match versions.get(key).and_then(|v| v.get(version)) {
            None => true,
            Some(&id) => {
                let active = &self.entries[id];
                !active.loaded
                    && if eager != active.eager {
                        eager
                    } else {
                        match (&unique, &active.from) {
                            (Some(a), Some(b)) => cmp_utf16(a, b) == Ordering::Greater,
                            _ => false,
                        }
                    }
            }
        };
        if replace {
            self.entries.push(Entry { owner, from: unique, eager, loaded: false });
            let id = self.entries.len() - 1;
            let obj = &mut self.scopes[scope];
            if !obj.contains_key(key) {
                obj.insert(key.to_string(), JsMap::new());
            }
            if let Some(v) = obj.get_mut(key) {
                v.insert(version.to_string(), id);
            }
        }
    }

    /// The host's `initExternal` for remote `r`: `r.init(S.default, initScope)`.
    fn init_remote(&mut self, r: usize, host: usize) {
        self.init_sharing(host, "default");
        if self.rts[r].failed {
            self.warnings.push(format!(
                "Initialization of sharing external failed: ScriptExternalLoadError: Loading script failed.\n(error: {})",
                self.s.containers[r].id
            ));
            return;
        }
        let Some(&share_scope) = self.rts[host].s.get("default") else { return };
        self.start(r);
        if let Some(&old) = self.rts[r].s.get("default")
            && old != share_scope
        {
            self.warnings.push(
                "Initialization of sharing external failed: Error: Container initialization failed as it has already been initialized with a different share scope"
                    .into(),
            );
            return;
        }
        self.rts[r].s.insert("default".into(), share_scope);
        self.init_sharing(r, "default");
    }

    fn load(&mut self, c: usize, key: &str, mode: Mode) -> Result<Factory, String> {
        self.start(c);
        if mode == Mode::Async {
            // __webpack_require__.e(chunk) → __webpack_require__.f.consumes
            let con = &self.rts[c].consumes[key];
            if !con.installed && !con.started {
                if let Some(con) = self.rts[c].consumes.get_mut(key) {
                    con.started = true;
                }
                let r = self.handler(c, key);
                if let Some(con) = self.rts[c].consumes.get_mut(key) {
                    match r {
                        Ok(Ret::Factory(f)) | Ok(Ret::Promise(f)) => {
                            con.installed = true;
                            con.factory = ModFactory::Fixed(f);
                        }
                        Err(e) => {
                            con.installed = false;
                            con.factory = ModFactory::Thrower(e);
                        }
                    }
                }
            }
        }
        // the step's module: __webpack_require__(consumeId)
        match self.rts[c].consumes[key].factory.clone() {
            ModFactory::Fixed(f) => Ok(f),
            ModFactory::Thrower(e) => Err(e),
            ModFactory::Missing => Err("__webpack_modules__[moduleId] is not a function".into()),
            ModFactory::Initial => {
                if let Some(con) = self.rts[c].consumes.get_mut(key) {
                    con.installed = true;
                }
                match self.handler(c, key)? {
                    Ret::Factory(f) => Ok(f),
                    Ret::Promise(_) => Err(format!("Shared module is not available for eager consumption: {key}")),
                }
            }
        }
    }

    fn range(&self, c: usize, key: &str) -> Option<&Range> {
        self.ranges.get(&(c, key.to_string()))
    }

    /// `moduleToHandlerMapping[id]()`: the consume function webpack dispatched to.
    fn handler(&mut self, c: usize, key: &str) -> Result<Ret, String> {
        let cfg = self.config(c, key).clone();
        let scope_name = cfg.share_scope[0].clone();
        // init(fn): __webpack_require__.I(scopeName) settles synchronously here
        self.init_sharing(c, &scope_name);
        let scope = self.rts[c].s.get(&scope_name).copied();
        let exists = scope.is_some_and(|sc| self.scopes[sc].contains_key(key));
        let range = self.range(c, key).cloned();
        let strict = cfg.effective_strict_version();
        let fallback = |eager: bool| -> Option<Ret> {
            cfg.import.then(|| {
                let f = Factory { owner: c, via: Via::Fallback };
                if eager { Ret::Factory(f) } else { Ret::Promise(f) }
            })
        };
        let not_exist = || format!("Shared module {key} doesn't exist in shared scope {scope_name}");
        if self.line == Line::V5_92 {
            return self.handler_5_92(
                c,
                key,
                &scope_name,
                scope,
                exists,
                range,
                cfg.singleton,
                strict,
                fallback(cfg.eager),
            );
        }
        let eager = cfg.eager;
        if !exists {
            return fallback(eager).ok_or_else(not_exist);
        }
        let scope = scope.unwrap_or_default();
        match range {
            None if !cfg.singleton => {
                let pick = self.find_latest(scope, key, eager)?;
                self.get_pick(scope, key, &pick, true)
            }
            None => {
                let pick = self.find_singleton_key(scope, key, eager)?;
                self.get_pick(scope, key, &pick, false)
            }
            Some(r) if !cfg.singleton => {
                let sat = self.find_satisfying(scope, key, &r, eager)?;
                if let Pick::Key(_) = sat {
                    return self.get_pick(scope, key, &sat, true);
                }
                if strict {
                    if let Some(f) = fallback(eager) {
                        return Ok(f);
                    }
                    return Err(self.invalid_version_msg(scope, &scope_name, key, &r, eager)?);
                }
                let msg = self.invalid_version_msg(scope, &scope_name, key, &r, eager)?;
                self.step_warnings.push(msg);
                let pick = self.find_latest(scope, key, eager)?;
                self.get_pick(scope, key, &pick, true)
            }
            Some(r) => {
                let pick = self.find_singleton_key(scope, key, eager)?;
                if !r.satisfy(pick.text()).map_err(|e| js_message(&e))? {
                    let msg = self.singleton_msg(scope, key, &pick, &r)?;
                    if strict {
                        return Err(msg);
                    }
                    self.step_warnings.push(msg);
                }
                self.get_pick(scope, key, &pick, false)
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn handler_5_92(
        &mut self,
        _c: usize,
        key: &str,
        scope_name: &str,
        scope: Option<usize>,
        exists: bool,
        range: Option<Range>,
        singleton: bool,
        strict: bool,
        fallback: Option<Ret>,
    ) -> Result<Ret, String> {
        let not_exist = || format!("Shared module {key} doesn't exist in shared scope {scope_name}");
        if !exists {
            // ensureExistence throws, the *Fallback variants use the fallback
            return fallback.ok_or_else(not_exist);
        }
        let scope = scope.unwrap_or_default();
        match range {
            None if !singleton => {
                let pick = self.find_latest(scope, key, false)?;
                self.get_pick(scope, key, &pick, true)
            }
            None => {
                let pick = self.find_singleton_key(scope, key, false)?;
                self.get_pick(scope, key, &pick, false)
            }
            Some(r) if !singleton => {
                let valid = self.find_satisfying(scope, key, &r, false)?;
                if let Pick::Key(_) = valid {
                    return self.get_pick(scope, key, &valid, true);
                }
                if strict {
                    // getValidVersion throws; loadStrictVersionCheckFallback uses the fallback
                    if let Some(f) = fallback {
                        return Ok(f);
                    }
                    return Err(self.invalid_version_msg_5_92(scope, scope_name, key, &r)?);
                }
                let msg = self.invalid_version_msg_5_92(scope, scope_name, key, &r)?;
                self.step_warnings.push(msg);
                let pick = self.find_latest(scope, key, false)?;
                self.get_pick(scope, key, &pick, true)
            }
            Some(r) => {
                let pick = self.find_singleton_key(scope, key, false)?;
                if !r.satisfy(pick.text()).map_err(|e| js_message(&e))? {
                    let msg = self.singleton_msg(scope, key, &pick, &r)?;
                    if strict {
                        return Err(msg);
                    }
                    self.step_warnings.push(msg);
                }
                self.get_pick(scope, key, &pick, false)
            }
        }
    }

    /// `scope[key]`, or its eager-only view, as `(version, entry)` in property order.
    fn view(&self, scope: usize, key: &str, eager: bool) -> Vec<(String, usize)> {
        match self.scopes[scope].get(key) {
            None => Vec::new(),
            Some(versions) => versions
                .entries()
                .into_iter()
                .filter(|(_, id)| !eager || self.entries[**id].eager)
                .map(|(v, id)| (v.to_string(), *id))
                .collect(),
        }
    }

    fn version_lt(a: &str, b: &str) -> Result<bool, String> {
        semver::version_lt(a, b).map_err(|e| js_message(&e))
    }

    /// `findLatestVersion` / 5.92 `findVersion`.
    fn find_latest(&self, scope: usize, key: &str, eager: bool) -> Result<Pick, String> {
        let mut acc = Pick::Zero;
        for (v, _) in self.view(scope, key, eager) {
            acc = match acc {
                Pick::Zero => Pick::Key(v),
                Pick::Key(a) => {
                    if Self::version_lt(&a, &v)? {
                        Pick::Key(v)
                    } else {
                        Pick::Key(a)
                    }
                }
            };
        }
        Ok(acc)
    }

    /// `findSatisfyingVersion` / 5.92 `findValidVersion`: the highest satisfying.
    fn find_satisfying(&self, scope: usize, key: &str, range: &Range, eager: bool) -> Result<Pick, String> {
        let mut acc = Pick::Zero;
        for (v, _) in self.view(scope, key, eager) {
            if !range.satisfy(&v).map_err(|e| js_message(&e))? {
                continue;
            }
            acc = match acc {
                Pick::Zero => Pick::Key(v),
                Pick::Key(a) => {
                    if Self::version_lt(&a, &v)? {
                        Pick::Key(v)
                    } else {
                        Pick::Key(a)
                    }
                }
            };
        }
        Ok(acc)
    }

    /// `findSingletonVersionKey`: a loaded version is never left for a higher one.
    fn find_singleton_key(&self, scope: usize, key: &str, eager: bool) -> Result<Pick, String> {
        let view = self.view(scope, key, eager);
        let mut acc = Pick::Zero;
        for (v, _) in &view {
            acc = match acc {
                Pick::Zero => Pick::Key(v.clone()),
                Pick::Key(a) => {
                    let a_loaded = view.iter().find(|(k, _)| *k == a).is_some_and(|(_, id)| self.entries[*id].loaded);
                    if !a_loaded && Self::version_lt(&a, v)? { Pick::Key(v.clone()) } else { Pick::Key(a) }
                }
            };
        }
        Ok(acc)
    }

    /// `get(x)`: `x.loaded = 1; return x.get()`. `by_value` is true when `x` is
    /// `key && versions[key]` (so a `0` pick is the number 0), false when it is
    /// `scope[key][version]` (so a `0` pick looks up the key `"0"`).
    fn get_pick(&mut self, scope: usize, key: &str, pick: &Pick, by_value: bool) -> Result<Ret, String> {
        let id = match pick {
            Pick::Key(v) => self.scopes[scope].get(key).and_then(|m| m.get(v)).copied(),
            Pick::Zero if by_value => return Err("Cannot create property 'loaded' on number '0'".into()),
            Pick::Zero => self.scopes[scope].get(key).and_then(|m| m.get("0")).copied(),
        };
        let Some(id) = id else {
            return Err("Cannot set properties of undefined (setting 'loaded')".into());
        };
        let entry = &mut self.entries[id];
        entry.loaded = true;
        let f = Factory { owner: entry.owner, via: Via::Shared };
        Ok(if entry.eager { Ret::Factory(f) } else { Ret::Promise(f) })
    }

    fn entry_from(&self, scope: usize, key: &str, version: &str) -> String {
        self.scopes[scope]
            .get(key)
            .and_then(|m| m.get(version))
            .map(|id| self.entries[*id].from.clone().unwrap_or_else(|| "undefined".into()))
            .unwrap_or_else(|| "undefined".into())
    }

    fn range_text(range: &Range) -> Result<String, String> {
        range.to_js_string().map_err(|e| js_message(&e))
    }

    fn singleton_msg(&self, scope: usize, key: &str, pick: &Pick, range: &Range) -> Result<String, String> {
        let from = match pick {
            Pick::Zero => "0".to_string(),
            Pick::Key(v) => self.entry_from(scope, key, v),
        };
        Ok(format!(
            "Unsatisfied version {} from {from} of shared singleton module {key} (required {})",
            pick.text(),
            Self::range_text(range)?
        ))
    }

    fn available(&self, scope: usize, key: &str) -> String {
        self.scopes[scope]
            .get(key)
            .map(|m| {
                m.keys().iter().map(|v| format!("{v} from {}", self.entry_from(scope, key, v))).collect::<Vec<_>>()
            })
            .unwrap_or_default()
            .join(", ")
    }

    fn invalid_version_msg(
        &self,
        scope: usize,
        scope_name: &str,
        key: &str,
        range: &Range,
        eager: bool,
    ) -> Result<String, String> {
        Ok(format!(
            "No satisfying version ({}){} of shared module {key} found in shared scope {scope_name}.\nAvailable versions: {}",
            Self::range_text(range)?,
            if eager { " for eager consumption" } else { "" },
            self.available(scope, key)
        ))
    }

    fn invalid_version_msg_5_92(
        &self,
        scope: usize,
        scope_name: &str,
        key: &str,
        range: &Range,
    ) -> Result<String, String> {
        Ok(format!(
            "No satisfying version ({}) of shared module {key} found in shared scope {scope_name}.\nAvailable versions: {}",
            Self::range_text(range)?,
            self.available(scope, key)
        ))
    }

    /// The scope objects the builds' `__webpack_require__.S` hold, in build order.
    fn dump(&self) -> (IndexMap<String, ScopeDump>, IndexMap<String, Vec<String>>) {
        let held = self
            .rts
            .iter()
            .enumerate()
            .filter(|(_, rt)| rt.started)
            .flat_map(|(c, rt)| rt.s.entries().into_iter().map(move |(n, id)| (c, n, *id)));
        crate::common::dump_scopes(
            self.s,
            held,
            |id| &self.scopes[id],
            |e| {
                let e = &self.entries[*e];
                ScopeEntry { from: e.from.clone(), eager: e.eager, loaded: e.loaded }
            },
        )
    }
}

/// `register(name, version || "0", …)`: an empty version registers as `"0"`.
fn provided_version(cfg: &SharedConfig) -> String {
    match cfg.version.as_deref() {
        None | Some("") => "0".into(),
        Some(v) => v.to_string(),
    }
}
