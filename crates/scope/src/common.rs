//! What both runtime models share: modules handed to consumers, module
//! instances counted by identity, and building the outcome of a load step.

use crate::jsmap::JsMap;
use crate::outcome::{Instance, LoadOutcome, LoadResult, ScopeDump, ScopeEntry, collapse_ws};
use crate::scenario::{Mode, Scenario};
use fedscope_semver::webpack::JsError;
use indexmap::IndexMap;
use std::collections::{BTreeMap, BTreeSet};

/// How a consumer reached a module: through the share scope, or its own fallback.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Via {
    Shared,
    Fallback,
}

/// A module factory: calling it evaluates (once) the shared module of `owner`
/// for the consumed key. Provider and fallback of one build are the same module.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Factory {
    pub owner: usize,
    pub via: Via,
}

/// The message of a JavaScript error (`TypeError: x` → `x`).
pub(crate) fn js_message(e: &JsError) -> String {
    let text = &e.0;
    for name in ["TypeError: ", "Error: ", "RangeError: "] {
        if let Some(rest) = text.strip_prefix(name) {
            return rest.to_string();
        }
    }
    text.clone()
}

/// Module instances created during a run, by identity (owner build, key).
#[derive(Default)]
pub(crate) struct Instances {
    by_key: BTreeMap<String, IndexMap<usize, BTreeSet<String>>>,
}

impl Instances {
    /// A consumer evaluated `factory`: the owner's module exists from now on.
    pub fn deliver(&mut self, key: &str, factory: Factory, consumer: &str) {
        self.by_key.entry(key.to_string()).or_default().entry(factory.owner).or_default().insert(consumer.to_string());
    }

    pub fn finish(self, s: &Scenario) -> BTreeMap<String, Vec<Instance>> {
        self.by_key
            .into_iter()
            .map(|(key, owners)| {
                let mut list: Vec<Instance> = owners
                    .into_iter()
                    .map(|(owner, users)| Instance {
                        provider: s.containers[owner].id.clone(),
                        version: s.containers[owner]
                            .shared
                            .get(&key)
                            .and_then(|c| c.version.clone())
                            .unwrap_or_default(),
                        users: users.into_iter().collect(),
                    })
                    .collect();
                list.sort();
                (key, list)
            })
            .collect()
    }
}

/// Which load step an outcome is for.
pub(crate) struct LoadStep<'a> {
    pub step: usize,
    pub container: usize,
    pub key: &'a str,
    pub mode: Mode,
}

/// Builds a load step's outcome; delivers the module to the consumer.
pub(crate) fn load_outcome(
    s: &Scenario,
    instances: &mut Instances,
    at: LoadStep,
    result: Result<Factory, String>,
    warnings: Vec<String>,
) -> LoadOutcome {
    let LoadStep { step, container, key, mode } = at;
    let consumer = &s.containers[container].id;
    let warnings = warnings.iter().map(|w| collapse_ws(w)).collect();
    match result {
        Ok(f) => {
            instances.deliver(key, f, consumer);
            LoadOutcome {
                step,
                container: consumer.clone(),
                shared: key.to_string(),
                mode,
                result: match f.via {
                    Via::Shared => LoadResult::Shared,
                    Via::Fallback => LoadResult::Fallback,
                },
                provider: Some(s.containers[f.owner].id.clone()),
                version: s.containers[f.owner].shared.get(key).and_then(|c| c.version.clone()),
                warnings,
                error: None,
            }
        }
        Err(e) => LoadOutcome {
            step,
            container: consumer.clone(),
            shared: key.to_string(),
            mode,
            result: LoadResult::Error,
            provider: None,
            version: None,
            warnings,
            error: Some(collapse_ws(&e)),
        },
    }
}

/// Dumps every distinct scope object held (`(name, object id)` in holding
/// order): the first object of a name is labelled with the name, further ones
/// `name#2`, `name#3`.
pub(crate) fn dump_scopes<'a, E: 'a>(
    s: &Scenario,
    held: impl Iterator<Item = (usize, &'a str, usize)>,
    scope: impl Fn(usize) -> &'a JsMap<JsMap<E>>,
    entry: impl Fn(&E) -> ScopeEntry,
) -> (IndexMap<String, ScopeDump>, IndexMap<String, Vec<String>>) {
    let mut out = IndexMap::new();
    let mut holders: IndexMap<String, Vec<String>> = IndexMap::new();
    let mut labels = std::collections::HashMap::new();
    let mut names: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (container, name, id) in held {
        let holder = s.containers[container].id.clone();
        if let Some(label) = labels.get(&id) {
            let list: &mut Vec<String> = holders.entry(String::clone(label)).or_default();
            if !list.contains(&holder) {
                list.push(holder);
            }
            continue;
        }
        let n = names.entry(name).or_default();
        *n += 1;
        let label = if *n == 1 { name.to_string() } else { format!("{name}#{n}") };
        labels.insert(id, label.clone());
        holders.insert(label.clone(), vec![holder]);
        let mut keys = ScopeDump::new();
        for (key, versions) in scope(id).entries() {
            let vs = versions.entries().into_iter().map(|(v, e)| (v.to_string(), entry(e))).collect();
            keys.insert(key.to_string(), vs);
        }
        out.insert(label, keys);
    }
    (out, holders)
}
