//! The planner: turns the federation graph into share-scope scenarios, one
//! per load order that can change the outcome, and replays each on the
//! engine.
//!
//! For each group (a host and every app it loads), a scenario says, in the
//! order the runtime performs them:
//!
//! 1. the host initialises sharing (its providers register);
//! 2. the host's entry consumes what it imports synchronously (`sync`): with
//!    no async boundary and no async startup this is where the eager
//!    consumption error happens;
//! 3. on webpack's runtime and on MF 2 `version-first`, every remote is
//!    initialised with the host's scope before anything async resolves
//!    (webpack's `initExternal`, MF 2's `initRemoteModule`), each remote's own
//!    remotes after it; the remote entries arrive in any order, so the orders
//!    are explored;
//! 4. the host's code behind the boundary consumes what it imports (`async`);
//! 5. each remote's exposed modules consume what they import (`async`), in
//!    the order the page loads them. On MF 2 `loaded-first` a remote is only
//!    initialised here, when its first module is loaded, so the order in
//!    which the page reaches the remotes is what is explored.
//!
//! Orders: every permutation of the host's direct remotes up to
//! [`MAX_PERMUTED`] remotes (120 orders), otherwise each rotation of the
//! declared order and of its reverse. Deterministic.
//!
//! What the planner cannot know is reported, never guessed: a group whose
//! apps run different runtimes is not replayed; a shared key whose provided
//! version fedscope could not determine is left out of the scenario (its
//! conclusions are uncertain), and so is an app whose sources could not be
//! read.

pub mod instances;

use fedscope_scope::{Container, Mode, Outcome, RequiredVersion, Runtime, Scenario, SharedConfig, Step, Strategy};
use fedscope_workspace::sources::Reach;
use fedscope_workspace::{App, Graph, Required, RuntimeKind, remote_target};
use indexmap::IndexMap;
use std::collections::{BTreeMap, BTreeSet};

/// Direct remotes whose every order is explored.
pub const MAX_PERMUTED: usize = 5;

/// One replay of a group in one load order.
#[derive(Clone, Debug)]
pub struct Run {
    /// The order remotes were initialised or reached in (app names).
    pub order: Vec<String>,
    pub scenario: Scenario,
    pub outcome: Outcome,
}

/// The plan of one group.
#[derive(Clone, Debug)]
pub struct GroupPlan {
    /// Index of the host in `graph.apps`.
    pub host: usize,
    /// Indices of the group's apps (host first, then in load order).
    pub apps: Vec<usize>,
    pub runtime: Option<Runtime>,
    /// Why the group was not replayed, when it was not.
    pub not_replayed: Option<String>,
    /// Share keys left out of the scenarios, with why (per app name).
    pub left_out: BTreeMap<String, Vec<(String, String)>>,
    pub runs: Vec<Run>,
}

impl GroupPlan {
    pub fn app_index(&self, name: &str, graph: &Graph) -> Option<usize> {
        self.apps.iter().copied().find(|&i| graph.apps[i].name == name)
    }
}

/// The apps a host loads, transitively, in declaration order (each once).
fn members(graph: &Graph, host: usize) -> Vec<usize> {
    let mut out = vec![host];
    let mut stack = vec![host];
    while let Some(i) = stack.pop() {
        for r in &graph.apps[i].remotes {
            if let Some(j) = remote_target(&graph.apps, i, r)
                && !out.contains(&j)
            {
                out.push(j);
                stack.push(j);
            }
        }
    }
    out
}

/// The direct remotes of `i` that are apps of the workspace, in declaration order.
fn direct(graph: &Graph, i: usize) -> Vec<usize> {
    let mut out = Vec::new();
    for r in &graph.apps[i].remotes {
        if let Some(j) = remote_target(&graph.apps, i, r)
            && j != i
            && !out.contains(&j)
        {
            out.push(j);
        }
    }
    out
}

fn runtime_of(app: &App) -> Option<Runtime> {
    match app.runtime {
        RuntimeKind::Mf2 => Some(Runtime::Mf2),
        RuntimeKind::Webpack => Some(Runtime::Webpack),
        RuntimeKind::Unknown => None,
    }
}

fn strategy_of(app: &App) -> Strategy {
    match app.share_strategy.as_deref() {
        Some("loaded-first") => Strategy::LoadedFirst,
        _ => Strategy::VersionFirst,
    }
}

/// Every order of `items` (all permutations up to [`MAX_PERMUTED`], else
/// rotations of the order and of its reverse).
pub fn orders(items: &[usize]) -> Vec<Vec<usize>> {
    if items.len() <= 1 {
        return vec![items.to_vec()];
    }
    if items.len() <= MAX_PERMUTED {
        let mut out = Vec::new();
        let mut current = Vec::new();
        let mut used = vec![false; items.len()];
        fn rec(items: &[usize], used: &mut [bool], current: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
            if current.len() == items.len() {
                out.push(current.clone());
                return;
            }
            for i in 0..items.len() {
                if !used[i] {
                    used[i] = true;
                    current.push(items[i]);
                    rec(items, used, current, out);
                    current.pop();
                    used[i] = false;
                }
            }
        }
        rec(items, &mut used, &mut current, &mut out);
        return out;
    }
    let mut out = Vec::new();
    let rev: Vec<usize> = items.iter().rev().copied().collect();
    for base in [items.to_vec(), rev] {
        for k in 0..base.len() {
            let mut o = base[k..].to_vec();
            o.extend_from_slice(&base[..k]);
            if !out.contains(&o) {
                out.push(o);
            }
        }
    }
    out
}

/// The key a shared entry has in the share scope: its `shareKey`, else its key.
pub fn scope_key(s: &fedscope_workspace::Shared) -> String {
    s.share_key.clone().unwrap_or_else(|| s.key.clone())
}

/// The share-scope key an app consumes a config key through.
fn scope_key_of(app: &App, key: &str) -> String {
    app.shared.iter().find(|s| s.key == key).map(scope_key).unwrap_or_else(|| key.to_string())
}

/// The share-scope keys an app consumes, by how its code reaches them, in first-seen order.
fn consumed(app: &App, reaches: &[Reach]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for u in &app.sources.uses {
        if let Some(k) = &u.shared
            && reaches.contains(&u.reach)
        {
            let k = scope_key_of(app, k);
            if !out.contains(&k) {
                out.push(k);
            }
        }
    }
    out
}

/// Plans and replays every group of the graph.
pub fn plan(graph: &Graph) -> Vec<GroupPlan> {
    // the groups are independent: planned on every core
    par_map(&graph.groups, |g| plan_group(graph, g.host_index))
}

/// `items.iter().map(f).collect()`, on every core: each thread takes the next item not
/// taken yet; the results keep the items' order. A panic in `f` is raised again here.
pub fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(items.len()).max(1);
    let run = || {
        let mut done: Vec<(usize, R)> = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(item) = items.get(i) else { break };
            done.push((i, f(item)));
        }
        done
    };
    let mut done: Vec<(usize, R)> = if threads == 1 {
        run()
    } else {
        // (the calling thread works too: its allocator has the memory earlier stages freed,
        // where a new thread starts on fresh pages)
        std::thread::scope(|scope| {
            // (as deep a stack as the calling thread's usual 8 MB; a thread that cannot start
            // leaves its share to the others)
            let spawn = || std::thread::Builder::new().stack_size(8 << 20).spawn_scoped(scope, run).ok();
            let handles: Vec<_> = (1..threads).filter_map(|_| spawn()).collect();
            let mut done = run();
            for h in handles {
                done.extend(h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
            }
            done
        })
    };
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// Plans and replays the group a host loads.
pub fn plan_group(graph: &Graph, host: usize) -> GroupPlan {
    let apps = members(graph, host);
    let mut plan = GroupPlan {
        host,
        apps: apps.clone(),
        runtime: None,
        not_replayed: None,
        left_out: BTreeMap::new(),
        runs: Vec::new(),
    };
    let runtimes: BTreeSet<&str> = apps.iter().map(|&i| graph.apps[i].runtime.as_str()).collect();
    let Some(runtime) = runtime_of(&graph.apps[host]) else {
        plan.not_replayed = Some(format!(
            "{} runs a runtime fedscope does not model ({})",
            graph.apps[host].name,
            graph.apps[host].bundler.as_str()
        ));
        return plan;
    };
    if runtimes.len() > 1 {
        plan.not_replayed = Some(format!(
            "its apps run different share-scope runtimes ({}): each container consumes with its own runtime's rules, which one scenario cannot replay",
            runtimes.into_iter().collect::<Vec<_>>().join(", ")
        ));
        return plan;
    }
    plan.runtime = Some(runtime);
    // containers, and what is left out
    let mut containers = Vec::new();
    for &i in &apps {
        let (c, left) = container_for(graph, i, runtime, container_id(graph, &apps, i));
        if !left.is_empty() {
            plan.left_out.insert(graph.apps[i].name.clone(), left);
        }
        containers.push(c);
    }
    let index_of = |app: usize| apps.iter().position(|&a| a == app).unwrap_or(0);
    let host_app = &graph.apps[host];
    let host_strategy = strategy_of(host_app);
    let preload = runtime == Runtime::Webpack || host_strategy == Strategy::VersionFirst;
    let firsts = direct(graph, host);
    for order in orders(&firsts) {
        let mut steps = Vec::new();
        let mut inited = vec![false; apps.len()];
        let load = |steps: &mut Vec<Step>, app: usize, keys: &[String], mode: Mode, containers: &[Container]| {
            let c = index_of(app);
            for k in keys {
                if containers[c].shared.contains_key(k) {
                    steps.push(Step::Load { container: c, key: k.clone(), mode });
                }
            }
        };
        steps.push(Step::Init { container: 0, host: None });
        inited[0] = true;
        let async_start = host_app.async_startup;
        if !async_start {
            // in the order the initial chunk evaluates them
            let sync: Vec<String> = host_app
                .sources
                .sync_order
                .iter()
                .filter_map(|u| u.shared.as_deref().map(|k| scope_key_of(host_app, k)))
                .collect();
            load(&mut steps, host, &sync, Mode::Sync, &containers);
        }
        // remote inits: each remote, then its own remotes, depth first
        fn init_tree(
            graph: &Graph,
            apps: &[usize],
            from: usize,
            of: usize,
            steps: &mut Vec<Step>,
            inited: &mut [bool],
        ) {
            let pos = |a: usize| apps.iter().position(|&x| x == a).unwrap_or(0);
            if inited[pos(of)] {
                return;
            }
            inited[pos(of)] = true;
            steps.push(Step::Init { container: pos(of), host: Some(pos(from)) });
            for next in direct(graph, of) {
                init_tree(graph, apps, of, next, steps, inited);
            }
        }
        if preload {
            for &r in &order {
                init_tree(graph, &apps, host, r, &mut steps, &mut inited);
            }
        }
        let host_async: Vec<Reach> =
            if async_start { vec![Reach::EntrySync, Reach::EntryAsync] } else { vec![Reach::EntryAsync] };
        load(&mut steps, host, &consumed(host_app, &host_async), Mode::Async, &containers);
        // the page reaches each remote's modules, in order (each remote's own remotes after it)
        let mut visit = Vec::new();
        for &r in &order {
            let mut stack = vec![r];
            while let Some(x) = stack.pop() {
                if !visit.contains(&x) && x != host {
                    visit.push(x);
                    let mut next = direct(graph, x);
                    next.reverse();
                    stack.extend(next);
                }
            }
        }
        for &r in &visit {
            if !inited[index_of(r)] {
                // lazily, on first use: initialised with the scope of the app that loads it
                let parent = apps
                    .iter()
                    .copied()
                    .find(|&p| direct(graph, p).contains(&r) && inited[index_of(p)])
                    .unwrap_or(host);
                init_tree(graph, &apps, parent, r, &mut steps, &mut inited);
            }
            load(&mut steps, r, &consumed(&graph.apps[r], &[Reach::Exposed]), Mode::Async, &containers);
        }
        // the host's own exposed modules, consumed when a remote imports them
        let host_exposed: Vec<String> = consumed(host_app, &[Reach::Exposed]);
        load(&mut steps, host, &host_exposed, Mode::Async, &containers);
        let scenario = Scenario {
            description: None,
            runtime,
            webpack: fedscope_semver::webpack::Line::V5_112,
            share_strategy: host_strategy,
            containers: containers.clone(),
            steps,
        };
        let mut scenario = scenario;
        let mut outcome = fedscope_scope::simulate(&scenario);
        // a synchronous consume that throws stops the entry: nothing after it runs
        if let Some(failed) = outcome
            .steps
            .iter()
            .find(|s| s.mode == Mode::Sync && s.result == fedscope_scope::LoadResult::Error)
            .map(|s| s.step)
        {
            scenario.steps.truncate(failed + 1);
            outcome = fedscope_scope::simulate(&scenario);
        }
        plan.runs.push(Run { order: order.iter().map(|&i| graph.apps[i].name.clone()).collect(), scenario, outcome });
    }
    plan
}

/// The scenario container of an app on `runtime`, and the shared keys left
/// out because the version the app provides is not known (with why).
pub fn container_for(graph: &Graph, i: usize, runtime: Runtime, id: String) -> (Container, Vec<(String, String)>) {
    let app = &graph.apps[i];
    let mut shared = IndexMap::new();
    let mut left = Vec::new();
    for s in &app.shared {
        let version = match (&s.version, s.import) {
            (Some(v), _) => Some(v.clone()),
            (None, false) => None,
            (None, true) => {
                let why = app
                    .unknown
                    .iter()
                    .find(|u| u.field == format!("shared.{}.version", s.key))
                    .map(|u| u.why.clone())
                    .unwrap_or_else(|| "the version it provides is not known".into());
                left.push((s.key.clone(), why));
                continue;
            }
        };
        // the runtime knows the entry by its share key (`shareKey`, else the key)
        shared.insert(
            scope_key(s),
            SharedConfig {
                version,
                import: s.import,
                singleton: s.singleton,
                required_version: Some(match &s.required_version {
                    Required::Range(r) => RequiredVersion::Range(r.clone()),
                    Required::Off => RequiredVersion::False,
                }),
                strict_version: Some(s.strict_version),
                eager: s.eager,
                share_scope: s.share_scope.clone(),
                share_scope_is_array: s.share_scope.len() > 1,
                strategy: (runtime == Runtime::Mf2).then(|| strategy_of(app)),
            },
        );
    }
    let unique_name = app.unique_name.clone().or_else(|| app.package.clone()).unwrap_or_default();
    (Container { id, name: app.name.clone(), unique_name, shared }, left)
}

/// What an app's entry gets for its first synchronous consume when it runs
/// on its own page (no remote initialised yet): the outcome of `init app;
/// load KEY sync`, or `None` when the app's runtime is not modelled, the key
/// is not in the scenario (version unknown) or nothing is consumed synchronously.
pub fn first_sync_consume(
    graph: &Graph,
    i: usize,
) -> Option<(fedscope_workspace::sources::Use, fedscope_scope::LoadOutcome)> {
    let app = &graph.apps[i];
    let runtime = runtime_of(app)?;
    if app.async_startup {
        return None;
    }
    let first = app.sources.sync_order.first()?.clone();
    let key = scope_key_of(app, first.shared.as_deref()?);
    let (container, _) = container_for(graph, i, runtime, app.name.clone());
    if !container.shared.contains_key(&key) {
        return None;
    }
    let scenario = Scenario {
        description: None,
        runtime,
        webpack: fedscope_semver::webpack::Line::V5_112,
        share_strategy: strategy_of(app),
        containers: vec![container],
        steps: vec![Step::Init { container: 0, host: None }, Step::Load { container: 0, key, mode: Mode::Sync }],
    };
    let outcome = fedscope_scope::simulate(&scenario);
    outcome.steps.into_iter().next().map(|o| (first, o))
}

/// A container id unique in the group (MF names can repeat: edge case 26).
pub(crate) fn container_id(graph: &Graph, apps: &[usize], i: usize) -> String {
    let name = &graph.apps[i].name;
    let same: Vec<usize> = apps.iter().copied().filter(|&a| &graph.apps[a].name == name).collect();
    match same.iter().position(|&a| a == i) {
        Some(0) | None => name.clone(),
        Some(n) => format!("{name}#{}", n + 1),
    }
}

/// What a run decided, independent of the order its steps ran in: per
/// consumer and key, the result, provider, version, error and warnings, and
/// the instances. Two runs with the same signature are the same outcome.
pub fn signature(outcome: &Outcome) -> (BTreeSet<String>, String) {
    let steps = outcome
        .steps
        .iter()
        .map(|s| {
            format!(
                "{}|{}|{}|{}|{}|{}|{}",
                s.container,
                s.shared,
                s.result.as_str(),
                s.provider.as_deref().unwrap_or(""),
                s.version.as_deref().unwrap_or(""),
                s.error.as_deref().unwrap_or(""),
                s.warnings.join("\n")
            )
        })
        .collect();
    let instances = outcome.to_json()["instances"].to_string();
    (steps, instances)
}
