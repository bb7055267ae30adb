//! The Module Federation 2 runtime (`@module-federation/runtime-core` 2.9 with
//! `@module-federation/webpack-bundler-runtime`), replayed.
//!
//! Objects keep their JavaScript identity: a share scope holds either a
//! provider's own option object (`options.shared`) or a copy made by
//! `setShared`, and `loaded`, `lib`, `loading` and `from` are written on
//! whichever object the runtime touches. Modelled as in the bundler path an
//! `@module-federation/enhanced` build takes: `init(initOptions)` (which reuses
//! an instance of the same MF name), `registerShared`, the bundler's
//! `__webpack_require__.I` and `initContainerEntry`, `consumes` (async
//! chunks) and `installInitialConsumes` (initial chunks), `loadShare`,
//! `loadShareSync`, `getRegisteredShare`, `getTargetSharedOptions`.

use crate::common::{Factory, Instances, LoadStep, Via, load_outcome};
use crate::jsmap::JsMap;
use crate::outcome::{Outcome, ScopeDump, ScopeEntry};
use crate::scenario::{Mode, RequiredVersion, Scenario, SharedConfig, Step, Strategy};
use fedscope_semver::js::cmp_utf16;
use fedscope_semver::mf2 as semver;
use indexmap::IndexMap;
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

const LOG: &str = "[ Federation Runtime ]";

/// `shareConfig.requiredVersion`.
#[derive(Clone, Debug, PartialEq)]
enum ReqV {
    Absent,
    False,
    Str(String),
}

#[derive(Clone, Debug, Default)]
struct ShareConfig {
    required_version: Option<ReqV>,
    singleton: Option<bool>,
    eager: Option<bool>,
    strict_version: Option<bool>,
}

/// `get` of a provider entry: its build's factory, sync when eager.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Getter {
    owner: usize,
    sync: bool,
}

/// A `Shared` object.
#[derive(Clone, Debug, Default)]
struct Shared {
    version: Option<String>,
    scope: Option<Vec<String>>,
    from: Option<String>,
    share_config: Option<ShareConfig>,
    strategy: Option<Strategy>,
    get: Option<Getter>,
    lib: Option<Factory>,
    loaded: Option<bool>,
    /// A settled `loading` promise and the factory it resolved to.
    loading: Option<Factory>,
}

impl Shared {
    fn is_loaded(&self) -> bool {
        self.loaded == Some(true) || self.lib.is_some()
    }
    fn is_loading_or_loaded(&self) -> bool {
        self.is_loaded() || self.loading.is_some()
    }
    fn version(&self) -> String {
        self.version.clone().unwrap_or_else(|| "undefined".into())
    }
}

type ScopeObj = JsMap<JsMap<usize>>;

/// A `ModuleFederation` instance.
struct Instance {
    name: String,
    share_strategy: Strategy,
    /// `options.shared`
    shared: JsMap<Vec<usize>>,
    /// `shareScopeMap` (also the bundler's `__webpack_require__.S`).
    ssm: JsMap<usize>,
}

/// What a consume module's factory yields when called.
#[derive(Clone, Copy, Debug)]
enum Fact {
    Module(Factory),
    /// enhanced's getter for `import: false`: `() => () => { throw new Error("Can not get 'key'") }`.
    CannotGet,
}

#[derive(Clone, Debug)]
enum ModFactory {
    Missing,
    Initial,
    Fixed(Fact),
    Thrower(String),
}

struct Consume {
    installed: bool,
    factory: ModFactory,
}

/// One build's bundler runtime (`__webpack_require__` with `.federation`).
struct Bundler {
    started: bool,
    failed: bool,
    instance: usize,
    /// bundler `initPromises[name]` settled
    init_done: HashSet<String>,
    consumes: HashMap<String, Consume>,
}

/// The `customShareInfo` the bundler passes for a consume module.
struct Custom {
    share_config: ShareConfig,
    scope: Vec<String>,
}

struct Sim<'a> {
    s: &'a Scenario,
    objs: Vec<Shared>,
    scopes: Vec<ScopeObj>,
    instances: Vec<Instance>,
    bundlers: Vec<Bundler>,
    /// (host, remote) pairs whose init already ran (the host's `Module.inited`).
    inited: HashSet<(usize, usize)>,
    sync_keys: Vec<HashSet<String>>,
    step_warnings: Vec<String>,
    counted: Instances,
}

pub(crate) fn run(s: &Scenario) -> Outcome {
    let mut sync_keys = vec![HashSet::new(); s.containers.len()];
    for step in &s.steps {
        if let Step::Load { container, key, mode: Mode::Sync } = step {
            sync_keys[*container].insert(key.clone());
        }
    }
    let mut sim = Sim {
        s,
        objs: Vec::new(),
        scopes: Vec::new(),
        instances: Vec::new(),
        bundlers: (0..s.containers.len())
            .map(|_| Bundler {
                started: false,
                failed: false,
                instance: 0,
                init_done: HashSet::new(),
                consumes: HashMap::new(),
            })
            .collect(),
        inited: HashSet::new(),
        sync_keys,
        step_warnings: Vec::new(),
        counted: Instances::default(),
    };
    let mut steps = Vec::new();
    for (i, step) in s.steps.iter().enumerate() {
        match step {
            Step::Init { container, host: None } => sim.bundler_init(*container, "default"),
            Step::Init { container, host: Some(h) } => sim.init_remote(*container, *h),
            Step::Fail { container } => sim.bundlers[*container].failed = true,
            Step::Load { container, key, mode } => {
                sim.step_warnings.clear();
                let result = sim.load(*container, key, *mode);
                let warnings = std::mem::take(&mut sim.step_warnings);
                steps.push(load_outcome(
                    s,
                    &mut sim.counted,
                    LoadStep { step: i, container: *container, key, mode: *mode },
                    result,
                    warnings,
                ));
            }
        }
    }
    let (scope, scope_holders) = sim.dump();
    Outcome { steps, warnings: Vec::new(), scope, scope_holders, instances: sim.counted.finish(s) }
}

/// A provider's version: `register(name, version || "0")`.
fn provided_version(cfg: &SharedConfig) -> String {
    match cfg.version.as_deref() {
        None | Some("") => "0".into(),
        Some(v) => v.to_string(),
    }
}

fn js_gt(a: &Option<String>, b: &Option<String>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => cmp_utf16(a, b) == Ordering::Greater,
        _ => false,
    }
}

/// The result of `Object.keys(map).reduce(…, 0)`.
#[derive(Clone, Debug, PartialEq)]
enum Pick {
    Zero,
    Key(String),
}

impl Sim<'_> {
    fn cfg(&self, c: usize, key: &str) -> &SharedConfig {
        &self.s.containers[c].shared[key]
    }

    fn new_scope(&mut self) -> usize {
        self.scopes.push(JsMap::new());
        self.scopes.len() - 1
    }

    fn new_obj(&mut self, o: Shared) -> usize {
        self.objs.push(o);
        self.objs.len() - 1
    }

    /// `this.shareScopeMap[sc] ||= {}`
    fn ensure_scope(&mut self, inst: usize, sc: &str) -> usize {
        if let Some(&id) = self.instances[inst].ssm.get(sc) {
            return id;
        }
        let id = self.new_scope();
        self.instances[inst].ssm.insert(sc.to_string(), id);
        id
    }

    /// `formatShare` for an entry the bundler emitted into `initOptions.shared`.
    fn format_share(&self, c: usize, cfg: &SharedConfig) -> Shared {
        let version = provided_version(cfg);
        Shared {
            version: Some(version.clone()),
            scope: Some(cfg.share_scope.clone()),
            from: Some(self.s.containers[c].name.clone()),
            share_config: Some(ShareConfig {
                required_version: Some(match &cfg.required_version {
                    None => ReqV::Str(format!("^{version}")),
                    Some(RequiredVersion::False) => ReqV::False,
                    Some(RequiredVersion::Range(r)) => ReqV::Str(r.clone()),
                }),
                singleton: Some(cfg.singleton),
                eager: Some(cfg.eager),
                strict_version: Some(cfg.strict_version.unwrap_or(false)),
            }),
            strategy: Some(cfg.strategy.unwrap_or(self.s.share_strategy)),
            get: Some(Getter { owner: c, sync: cfg.eager }),
            lib: None,
            loaded: None,
            loading: None,
        }
    }

    /// The build's runtime starts: `init(initOptions)`, `attachShareScopeMap`,
    /// `installInitialConsumes`.
    fn start(&mut self, c: usize) {
        if self.bundlers[c].started {
            return;
        }
        self.bundlers[c].started = true;
        let name = self.s.containers[c].name.clone();
        let inst = match self.instances.iter().position(|i| i.name == name) {
            Some(i) => i,
            None => {
                self.instances.push(Instance {
                    name: name.clone(),
                    share_strategy: self.s.share_strategy,
                    shared: JsMap::new(),
                    ssm: JsMap::new(),
                });
                self.instances.len() - 1
            }
        };
        self.bundlers[c].instance = inst;
        self.instances[inst].share_strategy = self.s.share_strategy;
        // formatOptions → formatShareConfigs + registerShared
        let mut new_infos: Vec<(String, usize)> = Vec::new();
        let entries: Vec<(String, SharedConfig)> = self.s.containers[c]
            .shared
            .iter()
            .filter(|(_, cfg)| cfg.provides())
            .map(|(k, cfg)| (k.clone(), cfg.clone()))
            .collect();
        for (pkg, cfg) in &entries {
            let o = self.format_share(c, cfg);
            let id = self.new_obj(o);
            new_infos.push((pkg.clone(), id));
        }
        for (pkg, id) in &new_infos {
            let version = self.objs[*id].version.clone();
            let objs = &self.objs;
            match self.instances[inst].shared.get_mut(pkg) {
                None => self.instances[inst].shared.insert(pkg.clone(), vec![*id]),
                Some(list) => {
                    if !list.iter().any(|x| objs[*x].version == version) {
                        list.push(*id);
                    }
                }
            }
        }
        for (pkg, id) in &new_infos {
            let scopes = self.objs[*id].scope.clone().unwrap_or_default();
            for sc in scopes {
                let registered = self.instances[inst].ssm.get(&sc).is_some_and(|s| self.scopes[*s].contains_key(pkg));
                if !registered {
                    let snapshot = self.objs[*id].clone();
                    self.set_shared(inst, pkg, &snapshot, Some(name.clone()), None, None, false, snapshot.get);
                }
            }
        }
        let keys: Vec<String> = self.s.containers[c].shared.keys().cloned().collect();
        for key in keys {
            let factory = if self.sync_keys[c].contains(&key) { ModFactory::Initial } else { ModFactory::Missing };
            self.bundlers[c].consumes.insert(key, Consume { installed: false, factory });
        }
    }

    /// `SharedHandler.setShared`.
    #[allow(clippy::too_many_arguments)]
    fn set_shared(
        &mut self,
        inst: usize,
        pkg: &str,
        shared: &Shared,
        from: Option<String>,
        lib: Option<Factory>,
        loading: Option<Factory>,
        loaded: bool,
        get: Option<Getter>,
    ) {
        let version = shared.version();
        let scopes = shared.scope.clone().unwrap_or_else(|| vec!["default".into()]);
        for sc in scopes {
            let scope = self.ensure_scope(inst, &sc);
            if !self.scopes[scope].contains_key(pkg) {
                self.scopes[scope].insert(pkg.to_string(), JsMap::new());
            }
            let existing = self.scopes[scope].get(pkg).and_then(|m| m.get(&version)).copied();
            let id = match existing {
                Some(id) => id,
                None => {
                    let mut copy = shared.clone();
                    copy.scope = Some(vec![sc.clone()]);
                    copy.lib = lib;
                    let id = self.new_obj(copy);
                    if let Some(m) = self.scopes[scope].get_mut(pkg) {
                        m.insert(version.clone(), id);
                    }
                    id
                }
            };
            let o = &mut self.objs[id];
            if loaded && o.loaded != Some(true) {
                o.loaded = Some(true);
            }
            if loading.is_some() && o.loading.is_none() {
                o.loading = loading;
            }
            if get.is_some() && o.get.is_none() {
                o.get = get;
            }
            if lib.is_some() && o.lib.is_none() {
                o.lib = lib;
            }
            if let Some(f) = &from
                && o.from.as_ref() != Some(f)
            {
                o.from = Some(f.clone());
            }
        }
    }

    /// `SharedHandler.initializeSharing(scopeName)`: registers every own entry of the scope.
    fn initialize_sharing(&mut self, inst: usize, scope_name: &str) {
        let scope = self.ensure_scope(inst, scope_name);
        let host_name = Some(self.instances[inst].name.clone());
        let pkgs: Vec<(String, Vec<usize>)> =
            self.instances[inst].shared.entries().into_iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
        for (pkg, list) in pkgs {
            for o in list {
                if !self.objs[o].scope.as_ref().is_some_and(|s| s.iter().any(|x| x == scope_name)) {
                    continue;
                }
                let version = self.objs[o].version();
                let existing = self.scopes[scope].get(&pkg).and_then(|m| m.get(&version)).copied();
                let replace = match existing {
                    None => true,
                    Some(a) => {
                        let active = &self.objs[a];
                        let active_eager = active.share_config.as_ref().and_then(|c| c.eager).unwrap_or(false);
                        // The incoming entry's eagerness is its top-level `eager`, which
                        // bundler-emitted entries never have: so `!eager` is true.
                        active.strategy != Some(Strategy::LoadedFirst)
                            && active.loaded != Some(true)
                            && if active_eager { false } else { js_gt(&host_name, &active.from) }
                    }
                };
                if !self.scopes[scope].contains_key(&pkg) {
                    self.scopes[scope].insert(pkg.clone(), JsMap::new());
                }
                if replace && let Some(m) = self.scopes[scope].get_mut(&pkg) {
                    m.insert(version, o);
                }
            }
        }
    }

    /// The bundler's `__webpack_require__.I(name)`.
    fn bundler_init(&mut self, c: usize, name: &str) {
        self.start(c);
        if self.bundlers[c].init_done.contains(name) {
            return;
        }
        let inst = self.bundlers[c].instance;
        self.initialize_sharing(inst, name);
        self.bundlers[c].init_done.insert(name.to_string());
    }

    /// The host's `Module.init` for remote `r`: `r.init(shareScope, initScope, remoteEntryInitOptions)`.
    fn init_remote(&mut self, r: usize, host: usize) {
        self.bundler_init(host, "default");
        if self.bundlers[r].failed || !self.inited.insert((host, r)) {
            return;
        }
        let h_inst = self.bundlers[host].instance;
        let share_scope = self.ensure_scope(h_inst, "default");
        self.start(r);
        let r_inst = self.bundlers[r].instance;
        self.instances[r_inst].ssm.insert("default".into(), share_scope);
        self.bundler_init(r, "default");
    }

    fn custom(&self, c: usize, key: &str) -> Custom {
        let cfg = self.cfg(c, key);
        Custom {
            share_config: ShareConfig {
                required_version: Some(match &cfg.required_version {
                    None | Some(RequiredVersion::False) => ReqV::False,
                    Some(RequiredVersion::Range(r)) => ReqV::Str(r.clone()),
                }),
                singleton: Some(cfg.singleton),
                eager: Some(cfg.eager),
                strict_version: Some(cfg.effective_strict_version()),
            },
            scope: cfg.share_scope.clone(),
        }
    }

    /// `findVersion(map, cb)`.
    fn find_version(&self, map: &JsMap<usize>, cb: impl Fn(&Sim, &str, &str) -> bool) -> Pick {
        let mut prev = Pick::Zero;
        for cur in map.keys() {
            prev = match prev {
                Pick::Zero => Pick::Key(cur.to_string()),
                Pick::Key(p) if p.is_empty() => Pick::Key(cur.to_string()),
                Pick::Key(p) => {
                    if cb(self, &p, cur) || p == "0" {
                        Pick::Key(cur.to_string())
                    } else {
                        Pick::Key(p)
                    }
                }
            };
        }
        prev
    }

    /// `getTargetSharedOptions`: the own entry merged with the consume's `customShareInfo`.
    fn target_shared_options(&self, inst: usize, pkg: &str, custom: &Custom) -> Shared {
        let mut merged = match self.instances[inst].shared.get(pkg) {
            None => Shared::default(),
            Some(list) => {
                let mut map: JsMap<usize> = JsMap::new();
                for o in list {
                    map.insert(self.objs[*o].version(), *o);
                }
                let pick = self.find_version(&map, |sim, prev, cur| {
                    let p = map.get(prev).map(|o| &sim.objs[*o]);
                    !p.is_some_and(Shared::is_loaded) && semver::version_lt(prev, cur)
                });
                match pick {
                    Pick::Key(v) => map.get(&v).map(|o| self.objs[*o].clone()).unwrap_or_default(),
                    Pick::Zero => Shared::default(),
                }
            }
        };
        let mut sc = merged.share_config.clone().unwrap_or_default();
        let c = &custom.share_config;
        if c.required_version.is_some() {
            sc.required_version = c.required_version.clone();
        }
        if c.singleton.is_some() {
            sc.singleton = c.singleton;
        }
        if c.eager.is_some() {
            sc.eager = c.eager;
        }
        if c.strict_version.is_some() {
            sc.strict_version = c.strict_version;
        }
        merged.share_config = Some(sc);
        merged.scope = Some(custom.scope.clone());
        merged
    }

    /// `getRegisteredShare`: `Ok(None)` when nothing fits; `Err` when a strict singleton throws.
    fn registered_share(&mut self, inst: usize, pkg: &str, info: &Shared) -> Result<Option<usize>, String> {
        let Some(cfg) = info.share_config.clone() else {
            return Ok(None);
        };
        let scopes = info.scope.clone().unwrap_or_else(|| vec!["default".into()]);
        for sc in scopes {
            let Some(&scope) = self.instances[inst].ssm.get(&sc) else { continue };
            let Some(versions) = self.scopes[scope].get(pkg).cloned() else { continue };
            let pick = if info.strategy == Some(Strategy::LoadedFirst) {
                self.find_version(&versions, |sim, prev, cur| {
                    let p = &sim.objs[versions.get(prev).copied().unwrap_or_default()];
                    let c = &sim.objs[versions.get(cur).copied().unwrap_or_default()];
                    if c.is_loading_or_loaded() {
                        if p.is_loading_or_loaded() { semver::version_lt(prev, cur) } else { true }
                    } else if p.is_loading_or_loaded() {
                        false
                    } else {
                        semver::version_lt(prev, cur)
                    }
                })
            } else {
                self.find_version(&versions, |sim, prev, cur| {
                    let p = &sim.objs[versions.get(prev).copied().unwrap_or_default()];
                    !p.is_loaded() && semver::version_lt(prev, cur)
                })
            };
            let (version, shared) = match &pick {
                Pick::Zero => ("0".to_string(), versions.get("0").copied()),
                Pick::Key(v) => (v.clone(), versions.get(v).copied()),
            };
            let required = cfg.required_version.clone().unwrap_or(ReqV::Absent);
            if cfg.singleton == Some(true) {
                if let ReqV::Str(range) = &required
                    && !(pick != Pick::Zero && semver::satisfy(&version, range))
                {
                    let from = match (&pick, shared) {
                        (Pick::Zero, _) => "0".to_string(),
                        (_, Some(o)) => self.objs[o].from.clone().unwrap_or_else(|| "undefined".into()),
                        (_, None) => "undefined".into(),
                    };
                    let msg = format!(
                        "Version {version} from {from} of shared singleton module {pkg} does not satisfy the requirement of {} which needs {range})",
                        info.from.clone().unwrap_or_else(|| "undefined".into())
                    );
                    if cfg.strict_version == Some(true) {
                        return Err(format!("{LOG}: {msg}"));
                    }
                    self.step_warnings.push(format!("{LOG} {msg}"));
                }
                return Ok(shared);
            }
            match &required {
                ReqV::False => return Ok(shared),
                ReqV::Str(r) if r == "*" => return Ok(shared),
                ReqV::Str(r) => {
                    if pick != Pick::Zero && semver::satisfy(&version, r) {
                        return Ok(shared);
                    }
                    for (k, o) in versions.entries() {
                        if semver::satisfy(k, r) {
                            return Ok(Some(*o));
                        }
                    }
                }
                ReqV::Absent => return Err("Cannot read properties of undefined (reading 'split')".into()),
            }
            return Ok(None);
        }
        Ok(None)
    }

    /// Calls a provider's `get()`: the factory, and whether it came back synchronously.
    fn call_get(g: Getter) -> (Factory, bool) {
        (Factory { owner: g.owner, via: Via::Shared }, g.sync)
    }

    /// `loadShare` in the bundler path: `Ok(None)` is `false` (use the local getter).
    fn load_share(&mut self, c: usize, key: &str) -> Result<Option<Factory>, String> {
        let inst = self.bundlers[c].instance;
        let custom = self.custom(c, key);
        let info = self.target_shared_options(inst, key, &custom);
        for sc in info.scope.clone().unwrap_or_default() {
            self.initialize_sharing(inst, &sc);
        }
        let Some(r) = self.registered_share(inst, key, &info)? else {
            return Ok(None);
        };
        if let Some(lib) = self.objs[r].lib {
            return Ok(Some(lib));
        }
        if let Some(f) = self.objs[r].loading
            && self.objs[r].loaded != Some(true)
        {
            let o = &mut self.objs[r];
            o.loaded = Some(true);
            if o.lib.is_none() {
                o.lib = Some(f);
            }
            return Ok(Some(f));
        }
        let Some(g) = self.objs[r].get else {
            return Err("targetShared.get is not a function".into());
        };
        let (f, _) = Self::call_get(g);
        let snapshot = self.objs[r].clone();
        let name = self.instances[inst].name.clone();
        self.set_shared(inst, key, &snapshot, Some(name), None, Some(f), false, None);
        let o = &mut self.objs[r];
        o.loaded = Some(true);
        o.lib = Some(f);
        Ok(Some(f))
    }

    /// `loadShareSync` as `installInitialConsumes` calls it (no `from`).
    fn load_share_sync(&mut self, c: usize, key: &str) -> Result<Factory, String> {
        let inst = self.bundlers[c].instance;
        let name = self.instances[inst].name.clone();
        let custom = self.custom(c, key);
        let info = self.target_shared_options(inst, key, &custom);
        for sc in info.scope.clone().unwrap_or_default() {
            self.initialize_sharing(inst, &sc);
        }
        if let Some(r) = self.registered_share(inst, key, &info)? {
            if let Some(lib) = self.objs[r].lib {
                if self.objs[r].loaded != Some(true) {
                    self.objs[r].loaded = Some(true);
                }
                return Ok(lib);
            }
            if let Some(g) = self.objs[r].get {
                let (f, sync) = Self::call_get(g);
                if sync {
                    let snapshot = self.objs[r].clone();
                    self.set_shared(inst, key, &snapshot, Some(name.clone()), Some(f), None, true, None);
                    return Ok(f);
                }
                // a Promise: the load has started, but loadShareSync ignores it
            }
        }
        if let Some(lib) = info.lib {
            return Ok(lib);
        }
        if let Some(g) = info.get {
            let (f, sync) = Self::call_get(g);
            if sync {
                let mut own = info.clone();
                own.lib = Some(f);
                self.set_shared(inst, key, &own, Some(name), Some(f), None, true, None);
                return Ok(f);
            }
        }
        Err(runtime_006(&name, key))
    }

    fn load(&mut self, c: usize, key: &str, mode: Mode) -> Result<Factory, String> {
        self.start(c);
        if mode == Mode::Async && !self.bundlers[c].consumes[key].installed {
            // __webpack_require__.f.consumes → bundlerRuntime.consumes
            let r = self.load_share(c, key);
            let import = self.cfg(c, key).import;
            let con = self.bundlers[c].consumes.get_mut(key).expect("consume exists");
            match r {
                Ok(Some(f)) => {
                    con.installed = true;
                    con.factory = ModFactory::Fixed(Fact::Module(f));
                }
                Ok(None) => {
                    con.installed = true;
                    con.factory = ModFactory::Fixed(if import {
                        Fact::Module(Factory { owner: c, via: Via::Fallback })
                    } else {
                        Fact::CannotGet
                    });
                }
                Err(e) => {
                    con.installed = false;
                    con.factory = ModFactory::Thrower(e);
                }
            }
        }
        match self.bundlers[c].consumes[key].factory.clone() {
            ModFactory::Fixed(Fact::Module(f)) => Ok(f),
            ModFactory::Fixed(Fact::CannotGet) => Err(format!("Can not get '{key}'")),
            ModFactory::Thrower(e) => Err(e),
            ModFactory::Missing => Err("__webpack_modules__[moduleId] is not a function".into()),
            ModFactory::Initial => {
                if let Some(con) = self.bundlers[c].consumes.get_mut(key) {
                    con.installed = true;
                }
                match self.load_share_sync(c, key) {
                    Ok(f) => Ok(f),
                    Err(e) => {
                        self.step_warnings.push(
                            "loadShareSync failed! The function should not be called unless you set \"eager:true\". If you do not set it, and encounter this issue, you can check whether an async boundary is implemented."
                                .into(),
                        );
                        self.step_warnings.push("The original error message is as follows: ".into());
                        Err(e)
                    }
                }
            }
        }
    }

    /// The scope objects the builds' instances hold, in build order.
    fn dump(&self) -> (IndexMap<String, ScopeDump>, IndexMap<String, Vec<String>>) {
        let held =
            self.bundlers.iter().enumerate().filter(|(_, b)| b.started).flat_map(|(c, b)| {
                self.instances[b.instance].ssm.entries().into_iter().map(move |(n, id)| (c, n, *id))
            });
        crate::common::dump_scopes(
            self.s,
            held,
            |id| &self.scopes[id],
            |o| {
                let o = &self.objs[*o];
                ScopeEntry {
                    from: o.from.clone(),
                    eager: o.share_config.as_ref().and_then(|c| c.eager).unwrap_or(false),
                    loaded: o.loaded == Some(true),
                }
            },
        )
    }
}

fn runtime_006(host: &str, pkg: &str) -> String {
    let args = serde_json::json!({ "hostName": host, "sharedPkgName": pkg });
    format!(
        "{LOG}: Invalid loadShareSync function call from runtime #RUNTIME-006\nargs: {args}\nView the docs to see how to solve: https://module-federation.io/guide/troubleshooting/runtime#runtime-006"
    )
}
