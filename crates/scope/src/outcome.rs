//! The outcome of `../shared/spec/scenario.md` (contract, version 1), and the
//! agreement rule two outcomes are compared by.

use crate::scenario::Mode;
use fedscope_semver::js::is_js_space;
use indexmap::IndexMap;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// What a load step got.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LoadResult {
    /// A module from the share scope.
    Shared,
    /// The consumer's own local copy, not through the scope.
    Fallback,
    /// The runtime threw.
    Error,
}

impl LoadResult {
    pub fn as_str(self) -> &'static str {
        match self {
            LoadResult::Shared => "shared",
            LoadResult::Fallback => "fallback",
            LoadResult::Error => "error",
        }
    }
}

/// The outcome of one `load` step.
#[derive(Clone, Debug, PartialEq)]
pub struct LoadOutcome {
    /// Index of the step in the scenario's `steps`.
    pub step: usize,
    pub container: String,
    pub shared: String,
    pub mode: Mode,
    pub result: LoadResult,
    /// Which container's factory produced the module (the consumer itself for a fallback).
    pub provider: Option<String>,
    /// The version of the module received.
    pub version: Option<String>,
    /// What the runtime printed during this step (console.warn and console.error lines).
    pub warnings: Vec<String>,
    /// The thrown message, for `result: error`.
    pub error: Option<String>,
}

/// One entry of a share scope as the runtime holds it.
#[derive(Clone, Debug, PartialEq)]
pub struct ScopeEntry {
    /// `from`; `None` is JavaScript's `undefined`.
    pub from: Option<String>,
    pub eager: bool,
    pub loaded: bool,
}

/// A share scope object: key → version → entry, in the runtime's property order.
pub type ScopeDump = IndexMap<String, IndexMap<String, ScopeEntry>>;

/// One module instance that was actually created.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Instance {
    pub provider: String,
    pub version: String,
    /// Containers whose load steps received it, sorted.
    pub users: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub steps: Vec<LoadOutcome>,
    /// Messages printed outside load steps (remote initialisation).
    pub warnings: Vec<String>,
    /// Every scope object at the end, keyed by scope name (`name#2`, `name#3`
    /// for further distinct objects of the same name), in creation order.
    pub scope: IndexMap<String, ScopeDump>,
    /// Extension: per scope of `scope`, the containers that hold it.
    pub scope_holders: IndexMap<String, Vec<String>>,
    /// Per share key, every distinct instance, sorted by provider and version.
    pub instances: BTreeMap<String, Vec<Instance>>,
}

/// Collapses runs of white space to one space, as the contract compares texts.
pub fn collapse_ws(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_space = false;
    for c in text.chars() {
        if is_js_space(c) {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    out
}

impl Outcome {
    /// The contract JSON.
    pub fn to_json(&self) -> Value {
        let steps: Vec<Value> = self
            .steps
            .iter()
            .map(|s| {
                let mut m = Map::new();
                m.insert("op".into(), "load".into());
                m.insert("container".into(), s.container.clone().into());
                m.insert("shared".into(), s.shared.clone().into());
                m.insert("mode".into(), s.mode.as_str().into());
                m.insert("result".into(), s.result.as_str().into());
                if let Some(p) = &s.provider {
                    m.insert("provider".into(), p.clone().into());
                }
                if let Some(v) = &s.version {
                    m.insert("version".into(), v.clone().into());
                }
                if let Some(e) = &s.error {
                    m.insert("error".into(), e.clone().into());
                }
                m.insert("warnings".into(), s.warnings.clone().into());
                Value::Object(m)
            })
            .collect();
        let scope: Map<String, Value> = self
            .scope
            .iter()
            .map(|(name, keys)| {
                let keys: Map<String, Value> = keys
                    .iter()
                    .map(|(key, versions)| {
                        let versions: Map<String, Value> = versions
                            .iter()
                            .map(|(v, e)| (v.clone(), json!({ "from": e.from, "eager": e.eager, "loaded": e.loaded })))
                            .collect();
                        (key.clone(), Value::Object(versions))
                    })
                    .collect();
                (name.clone(), Value::Object(keys))
            })
            .collect();
        let instances: Map<String, Value> = self
            .instances
            .iter()
            .map(|(key, list)| {
                let list: Vec<Value> = list
                    .iter()
                    .map(|i| json!({ "provider": i.provider, "version": i.version, "users": i.users }))
                    .collect();
                (key.clone(), list.into())
            })
            .collect();
        json!({
            "version": 1,
            "steps": steps,
            "warnings": self.warnings,
            "scope": scope,
            "scopeHolders": self.scope_holders.iter().map(|(k, v)| (k.clone(), json!(v))).collect::<Map<String, Value>>(),
            "instances": instances,
        })
    }
}

/// Differences between two outcome JSON values under the contract's agreement
/// rule: per load step the same `result`, `provider`, `version`, `error` and
/// `warnings`; `instances` equal; `scope` is informative and not compared.
pub fn disagreements(ours: &Value, theirs: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let empty = Vec::new();
    let a = ours["steps"].as_array().unwrap_or(&empty);
    let b = theirs["steps"].as_array().unwrap_or(&empty);
    if a.len() != b.len() {
        out.push(format!("steps: {} load steps vs {}", a.len(), b.len()));
    }
    for (i, (x, y)) in a.iter().zip(b).enumerate() {
        for field in ["container", "shared", "result", "provider", "version", "error", "warnings"] {
            let (fx, fy) = (&x[field], &y[field]);
            let same = match field {
                "warnings" => fx.as_array().unwrap_or(&empty) == fy.as_array().unwrap_or(&empty),
                _ => fx == fy,
            };
            if !same {
                out.push(format!(
                    "steps[{i}] ({} {} {}).{field}: {fx} vs {fy}",
                    x["container"], x["mode"], x["shared"]
                ));
            }
        }
    }
    if ours["instances"] != theirs["instances"] {
        out.push(format!("instances: {} vs {}", ours["instances"], theirs["instances"]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_runs_of_space() {
        assert_eq!(collapse_ws("a\n  b\tc"), "a b c");
        assert_eq!(collapse_ws("No satisfying version.\nAvailable"), "No satisfying version. Available");
    }
}
