//! The scenario of `../shared/spec/scenario.md` (contract, version 1): who
//! provides and consumes what, and the steps the runtime performs.
//!
//! [`Scenario::from_json`] validates everything the engine relies on and names
//! the offending field in its error. Fields beyond the contract (all optional):
//! - `description` (top level): free text, ignored;
//! - `containers[].id`: how steps refer to the container, default `name`. Two
//!   builds may share one MF `name` (edge case 26), so ids tell them apart.

use fedscope_semver::webpack::{self, Line};
use indexmap::IndexMap;
use serde_json::{Map, Value, json};
use std::fmt;

/// Which share-scope runtime the scenario runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Runtime {
    /// The Module Federation 2.x runtime (`@module-federation/runtime-core`).
    Mf2,
    /// webpack 5's built-in `container.ModuleFederationPlugin` runtime.
    Webpack,
}

impl Runtime {
    pub fn as_str(self) -> &'static str {
        match self {
            Runtime::Mf2 => "mf2",
            Runtime::Webpack => "webpack",
        }
    }
}

/// MF2 share strategy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Strategy {
    VersionFirst,
    LoadedFirst,
}

impl Strategy {
    pub fn as_str(self) -> &'static str {
        match self {
            Strategy::VersionFirst => "version-first",
            Strategy::LoadedFirst => "loaded-first",
        }
    }
}

/// The `webpack` field's spelling of a release line.
pub fn line_str(line: Line) -> &'static str {
    match line {
        Line::V5_92 => "5.92",
        Line::V5_111 => "5.111",
        Line::V5_112 => "5.112",
    }
}

/// `requiredVersion`: a range string, or `false` for "no check".
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RequiredVersion {
    Range(String),
    False,
}

/// One shared entry of a container (`containers[].shared.<key>`).
#[derive(Clone, Debug, PartialEq)]
pub struct SharedConfig {
    /// Version this container provides; `None` only with `import: false`.
    pub version: Option<String>,
    pub import: bool,
    pub singleton: bool,
    pub required_version: Option<RequiredVersion>,
    pub strict_version: Option<bool>,
    pub eager: bool,
    /// Scope names; one for webpack, one or more for MF2.
    pub share_scope: Vec<String>,
    /// Whether `shareScope` was written as an array (MF2 only).
    pub share_scope_is_array: bool,
    /// MF2 per-entry strategy override.
    pub strategy: Option<Strategy>,
}

impl SharedConfig {
    /// The bundlers' default for `strictVersion`: `import !== false && !singleton`.
    pub fn effective_strict_version(&self) -> bool {
        self.strict_version.unwrap_or(self.import && !self.singleton)
    }

    /// Whether this container registers a provider for the key.
    pub fn provides(&self) -> bool {
        self.import
    }
}

/// A container (a build with its own runtime) taking part in the scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Container {
    /// How steps refer to it (default: `name`).
    pub id: String,
    /// Module Federation `name`.
    pub name: String,
    /// webpack `output.uniqueName`; empty means webpack's `undefined`.
    pub unique_name: String,
    pub shared: IndexMap<String, SharedConfig>,
}

/// Where a consume runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Mode {
    /// Behind an async boundary or in an async chunk.
    Async,
    /// In an initial chunk (an entry without `import('./bootstrap')`).
    Sync,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Async => "async",
            Mode::Sync => "sync",
        }
    }
}

/// One step the runtime performs. Containers are indices into `containers`.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// `host: None`: the container initialises sharing itself. Otherwise the
    /// container is initialised with the host's share scope.
    Init {
        container: usize,
        host: Option<usize>,
    },
    Load {
        container: usize,
        key: String,
        mode: Mode,
    },
    /// The container's remote entry fails to load.
    Fail {
        container: usize,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    pub description: Option<String>,
    pub runtime: Runtime,
    pub webpack: Line,
    pub share_strategy: Strategy,
    pub containers: Vec<Container>,
    pub steps: Vec<Step>,
}

/// Why a scenario was rejected: the JSON path of the field and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    pub path: String,
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() { write!(f, "{}", self.message) } else { write!(f, "{}: {}", self.path, self.message) }
    }
}

impl std::error::Error for ScenarioError {}

fn err<T>(path: impl Into<String>, message: impl Into<String>) -> Result<T, ScenarioError> {
    Err(ScenarioError { path: path.into(), message: message.into() })
}

fn kind(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the string {s:?}"),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

fn object<'a>(v: &'a Value, path: &str, allowed: &[&str]) -> Result<&'a Map<String, Value>, ScenarioError> {
    let Value::Object(map) = v else {
        return err(path, format!("expected an object, found {}", kind(v)));
    };
    for key in map.keys() {
        if !allowed.contains(&key.as_str()) {
            let at = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
            return err(at, format!("unknown field (expected one of: {})", allowed.join(", ")));
        }
    }
    Ok(map)
}

fn string(v: &Value, path: &str) -> Result<String, ScenarioError> {
    match v {
        Value::String(s) => Ok(s.clone()),
        other => err(path, format!("expected a string, found {}", kind(other))),
    }
}

fn boolean(v: &Value, path: &str) -> Result<bool, ScenarioError> {
    match v {
        Value::Bool(b) => Ok(*b),
        other => err(path, format!("expected true or false, found {}", kind(other))),
    }
}

fn one_of<T: Copy>(v: &Value, path: &str, choices: &[(&str, T)]) -> Result<T, ScenarioError> {
    let names: Vec<String> = choices.iter().map(|(n, _)| format!("{n:?}")).collect();
    match v {
        Value::String(s) => match choices.iter().find(|(n, _)| n == s) {
            Some((_, t)) => Ok(*t),
            None => err(path, format!("expected one of {}, found {s:?}", names.join(", "))),
        },
        other => err(path, format!("expected one of {}, found {}", names.join(", "), kind(other))),
    }
}

fn strategy(v: &Value, path: &str) -> Result<Strategy, ScenarioError> {
    one_of(v, path, &[("version-first", Strategy::VersionFirst), ("loaded-first", Strategy::LoadedFirst)])
}

const SHARED_FIELDS: &[&str] =
    &["version", "import", "singleton", "requiredVersion", "strictVersion", "eager", "shareScope", "strategy"];

fn shared_config(v: &Value, path: &str, runtime: Runtime, line: Line) -> Result<SharedConfig, ScenarioError> {
    let map = object(v, path, SHARED_FIELDS)?;
    let field = |name: &str| map.get(name);
    let at = |name: &str| format!("{path}.{name}");
    let import = match field("import") {
        None => true,
        Some(v) => boolean(v, &at("import"))?,
    };
    let version = match field("version") {
        None if import => return err(at("version"), "required unless \"import\" is false"),
        None => None,
        Some(v) => Some(string(v, &at("version"))?),
    };
    let required_version = match field("requiredVersion") {
        None => None,
        Some(Value::Bool(false)) => Some(RequiredVersion::False),
        Some(Value::String(s)) => {
            if runtime == Runtime::Webpack
                && let Err(e) = webpack::parse_range(s, line)
            {
                return err(
                    at("requiredVersion"),
                    format!("webpack cannot parse this range, so the build would fail ({e})"),
                );
            }
            Some(RequiredVersion::Range(s.clone()))
        }
        Some(other) => {
            return err(at("requiredVersion"), format!("expected a range string or false, found {}", kind(other)));
        }
    };
    let (share_scope, share_scope_is_array) = match field("shareScope") {
        None => (vec!["default".to_string()], false),
        Some(Value::String(s)) => (vec![s.clone()], false),
        Some(Value::Array(items)) => {
            if runtime == Runtime::Webpack {
                return err(at("shareScope"), "an array of share scopes is an MF2 feature; webpack takes one name");
            }
            if items.is_empty() {
                return err(at("shareScope"), "expected at least one scope name");
            }
            let names = items
                .iter()
                .enumerate()
                .map(|(i, v)| string(v, &format!("{}[{i}]", at("shareScope"))))
                .collect::<Result<Vec<_>, _>>()?;
            (names, true)
        }
        Some(other) => {
            return err(at("shareScope"), format!("expected a scope name or an array of names, found {}", kind(other)));
        }
    };
    if share_scope.iter().any(|s| s.is_empty()) {
        return err(at("shareScope"), "scope names cannot be empty");
    }
    let strategy = match field("strategy") {
        None => None,
        Some(v) => {
            if runtime == Runtime::Webpack {
                return err(at("strategy"), "a per-entry share strategy is an MF2 feature");
            }
            Some(strategy(v, &at("strategy"))?)
        }
    };
    Ok(SharedConfig {
        version,
        import,
        singleton: match field("singleton") {
            None => false,
            Some(v) => boolean(v, &at("singleton"))?,
        },
        required_version,
        strict_version: field("strictVersion").map(|v| boolean(v, &at("strictVersion"))).transpose()?,
        eager: match field("eager") {
            None => false,
            Some(v) => boolean(v, &at("eager"))?,
        },
        share_scope,
        share_scope_is_array,
        strategy,
    })
}

impl Scenario {
    /// Reads and validates a scenario from JSON text.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        let value: Value = serde_json::from_str(text)
            .map_err(|e| ScenarioError { path: String::new(), message: format!("not valid JSON: {e}") })?;
        Scenario::from_value(&value)
    }

    /// Validates a parsed JSON value.
    pub fn from_value(value: &Value) -> Result<Scenario, ScenarioError> {
        let top = object(
            value,
            "",
            &["version", "description", "runtime", "webpack", "shareStrategy", "containers", "steps"],
        )?;
        match top.get("version") {
            Some(Value::Number(n)) if n.as_u64() == Some(1) => {}
            Some(other) => {
                return err("version", format!("unsupported scenario version {other} (this fedscope reads version 1)"));
            }
            None => return err("version", "required (1)"),
        }
        let description = top.get("description").map(|v| string(v, "description")).transpose()?;
        let runtime = match top.get("runtime") {
            None => return err("runtime", "required: \"mf2\" or \"webpack\""),
            Some(v) => one_of(v, "runtime", &[("mf2", Runtime::Mf2), ("webpack", Runtime::Webpack)])?,
        };
        let line = match top.get("webpack") {
            None => Line::V5_112,
            Some(v) => {
                one_of(v, "webpack", &[("5.92", Line::V5_92), ("5.111", Line::V5_111), ("5.112", Line::V5_112)])?
            }
        };
        let share_strategy = match top.get("shareStrategy") {
            None => Strategy::VersionFirst,
            Some(v) => strategy(v, "shareStrategy")?,
        };
        let containers_value = top.get("containers").ok_or_else(|| ScenarioError {
            path: "containers".into(),
            message: "required: an array of containers".into(),
        })?;
        let Value::Array(container_values) = containers_value else {
            return err("containers", format!("expected an array, found {}", kind(containers_value)));
        };
        if container_values.is_empty() {
            return err("containers", "expected at least one container");
        }
        let mut containers = Vec::new();
        for (i, cv) in container_values.iter().enumerate() {
            let path = format!("containers[{i}]");
            let map = object(cv, &path, &["name", "id", "uniqueName", "shared"])?;
            let name = match map.get("name") {
                None => return err(format!("{path}.name"), "required"),
                Some(v) => string(v, &format!("{path}.name"))?,
            };
            if name.is_empty() {
                return err(format!("{path}.name"), "cannot be empty");
            }
            let id = match map.get("id") {
                None => name.clone(),
                Some(v) => string(v, &format!("{path}.id"))?,
            };
            if id.is_empty() {
                return err(format!("{path}.id"), "cannot be empty");
            }
            if let Some(j) = containers.iter().position(|c: &Container| c.id == id) {
                return err(
                    format!("{path}.id"),
                    format!("{id:?} is already used by containers[{j}]; give the second build a distinct \"id\""),
                );
            }
            let unique_name = match map.get("uniqueName") {
                None => name.clone(),
                Some(v) => string(v, &format!("{path}.uniqueName"))?,
            };
            let mut shared = IndexMap::new();
            match map.get("shared") {
                None => {}
                Some(Value::Object(entries)) => {
                    for (key, sv) in entries {
                        if key.is_empty() {
                            return err(format!("{path}.shared"), "a share key cannot be empty");
                        }
                        let cfg = shared_config(sv, &format!("{path}.shared.{key}"), runtime, line)?;
                        shared.insert(key.clone(), cfg);
                    }
                }
                Some(other) => {
                    return err(format!("{path}.shared"), format!("expected an object, found {}", kind(other)));
                }
            }
            containers.push(Container { id, name, unique_name, shared });
        }
        let steps = parse_steps(top.get("steps"), &containers)?;
        Ok(Scenario { description, runtime, webpack: line, share_strategy, containers, steps })
    }

    /// The scenario in its contract JSON form (what the oracle reads).
    pub fn to_json(&self) -> Value {
        let containers: Vec<Value> = self
            .containers
            .iter()
            .map(|c| {
                let mut m = Map::new();
                m.insert("name".into(), c.name.clone().into());
                if c.id != c.name {
                    m.insert("id".into(), c.id.clone().into());
                }
                m.insert("uniqueName".into(), c.unique_name.clone().into());
                let shared: Map<String, Value> = c.shared.iter().map(|(k, s)| (k.clone(), shared_json(s))).collect();
                m.insert("shared".into(), shared.into());
                Value::Object(m)
            })
            .collect();
        let id = |i: usize| self.containers[i].id.clone();
        let steps: Vec<Value> = self
            .steps
            .iter()
            .map(|s| match s {
                Step::Init { container, host: None } => json!({ "op": "init", "container": id(*container) }),
                Step::Init { container, host: Some(h) } => {
                    json!({ "op": "init", "container": id(*container), "host": id(*h) })
                }
                Step::Load { container, key, mode } => {
                    json!({ "op": "load", "container": id(*container), "shared": key, "mode": mode.as_str() })
                }
                Step::Fail { container } => json!({ "op": "fail", "container": id(*container) }),
            })
            .collect();
        let mut top = Map::new();
        top.insert("version".into(), 1.into());
        if let Some(d) = &self.description {
            top.insert("description".into(), d.clone().into());
        }
        top.insert("runtime".into(), self.runtime.as_str().into());
        top.insert("webpack".into(), line_str(self.webpack).into());
        top.insert("shareStrategy".into(), self.share_strategy.as_str().into());
        top.insert("containers".into(), containers.into());
        top.insert("steps".into(), steps.into());
        Value::Object(top)
    }

    /// Index of the container with this id.
    pub fn container_index(&self, id: &str) -> Option<usize> {
        self.containers.iter().position(|c| c.id == id)
    }
}

fn shared_json(s: &SharedConfig) -> Value {
    let mut m = Map::new();
    if let Some(v) = &s.version {
        m.insert("version".into(), v.clone().into());
    }
    m.insert("import".into(), s.import.into());
    m.insert("singleton".into(), s.singleton.into());
    match &s.required_version {
        None => {}
        Some(RequiredVersion::False) => {
            m.insert("requiredVersion".into(), false.into());
        }
        Some(RequiredVersion::Range(r)) => {
            m.insert("requiredVersion".into(), r.clone().into());
        }
    }
    if let Some(sv) = s.strict_version {
        m.insert("strictVersion".into(), sv.into());
    }
    m.insert("eager".into(), s.eager.into());
    if s.share_scope_is_array {
        m.insert("shareScope".into(), s.share_scope.clone().into());
    } else {
        m.insert("shareScope".into(), s.share_scope[0].clone().into());
    }
    if let Some(st) = s.strategy {
        m.insert("strategy".into(), st.as_str().into());
    }
    Value::Object(m)
}

fn container_ref(v: Option<&Value>, path: &str, containers: &[Container]) -> Result<usize, ScenarioError> {
    let Some(v) = v else {
        return err(path, "required: the id of a container");
    };
    let id = string(v, path)?;
    match containers.iter().position(|c| c.id == id) {
        Some(i) => Ok(i),
        None => {
            let ids: Vec<String> = containers.iter().map(|c| format!("{:?}", c.id)).collect();
            err(path, format!("no container {id:?} (containers: {})", ids.join(", ")))
        }
    }
}

fn parse_steps(v: Option<&Value>, containers: &[Container]) -> Result<Vec<Step>, ScenarioError> {
    let Some(v) = v else {
        return err("steps", "required: an array of steps");
    };
    let Value::Array(items) = v else {
        return err("steps", format!("expected an array, found {}", kind(v)));
    };
    // When each container's entry was first used (loaded) or failed.
    let mut used: Vec<Option<usize>> = vec![None; containers.len()];
    let mut failed: Vec<Option<usize>> = vec![None; containers.len()];
    let mut steps = Vec::new();
    for (i, sv) in items.iter().enumerate() {
        let path = format!("steps[{i}]");
        let Value::Object(map) = sv else {
            return err(path, format!("expected an object, found {}", kind(sv)));
        };
        let op = match map.get("op") {
            None => return err(format!("{path}.op"), "required: \"init\", \"load\" or \"fail\""),
            Some(v) => one_of(v, &format!("{path}.op"), &[("init", 0), ("load", 1), ("fail", 2)])?,
        };
        let step = match op {
            0 => {
                object(sv, &path, &["op", "container", "host"])?;
                let container = container_ref(map.get("container"), &format!("{path}.container"), containers)?;
                let host = match map.get("host") {
                    None => None,
                    Some(h) => Some(container_ref(Some(h), &format!("{path}.host"), containers)?),
                };
                if host == Some(container) {
                    return err(format!("{path}.host"), "a container cannot be its own host");
                }
                if let Some(h) = host
                    && let Some(f) = failed[h]
                {
                    return err(
                        format!("{path}.host"),
                        format!("{:?} failed to load at steps[{f}], so it cannot initialise remotes", containers[h].id),
                    );
                }
                if failed[container].is_none() {
                    used[container].get_or_insert(i);
                }
                if let Some(h) = host {
                    used[h].get_or_insert(i);
                }
                Step::Init { container, host }
            }
            1 => {
                object(sv, &path, &["op", "container", "shared", "mode"])?;
                let container = container_ref(map.get("container"), &format!("{path}.container"), containers)?;
                let key = match map.get("shared") {
                    None => return err(format!("{path}.shared"), "required: the share key to consume"),
                    Some(v) => string(v, &format!("{path}.shared"))?,
                };
                if !containers[container].shared.contains_key(&key) {
                    return err(
                        format!("{path}.shared"),
                        format!(
                            "{:?} has no shared entry {key:?}; a build only consumes keys of its own shared config",
                            containers[container].id
                        ),
                    );
                }
                let mode = match map.get("mode") {
                    None => return err(format!("{path}.mode"), "required: \"async\" or \"sync\""),
                    Some(v) => one_of(v, &format!("{path}.mode"), &[("async", Mode::Async), ("sync", Mode::Sync)])?,
                };
                if let Some(f) = failed[container] {
                    return err(
                        format!("{path}.container"),
                        format!("{:?} failed to load at steps[{f}], so it cannot consume", containers[container].id),
                    );
                }
                used[container].get_or_insert(i);
                Step::Load { container, key, mode }
            }
            _ => {
                object(sv, &path, &["op", "container"])?;
                let container = container_ref(map.get("container"), &format!("{path}.container"), containers)?;
                if let Some(u) = used[container] {
                    return err(
                        format!("{path}.container"),
                        format!(
                            "{:?} is already loaded (steps[{u}]); only an entry not yet loaded can fail",
                            containers[container].id
                        ),
                    );
                }
                failed[container].get_or_insert(i);
                Step::Fail { container }
            }
        };
        steps.push(step);
    }
    Ok(steps)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(v: Value) -> Result<Scenario, String> {
        Scenario::from_value(&v).map_err(|e| e.to_string())
    }

    fn base() -> Value {
        json!({
            "version": 1, "runtime": "mf2",
            "containers": [
                { "name": "host", "shared": { "react": { "version": "18.2.0", "singleton": true, "requiredVersion": "^18.0.0" } } },
                { "name": "cart", "shared": { "react": { "import": false, "singleton": true } } }
            ],
            "steps": [
                { "op": "init", "container": "host" },
                { "op": "init", "container": "cart", "host": "host" },
                { "op": "load", "container": "cart", "shared": "react", "mode": "async" }
            ]
        })
    }

    #[test]
    fn reads_the_contract_example_and_round_trips() {
        let s = parse(base()).unwrap();
        assert_eq!(s.containers.len(), 2);
        assert_eq!(s.containers[1].shared["react"].version, None);
        assert!(!s.containers[1].shared["react"].effective_strict_version());
        assert!(s.containers[0].shared["react"].singleton);
        let again = Scenario::from_value(&s.to_json()).unwrap();
        assert_eq!(again, s);
    }

    #[test]
    fn names_the_bad_field() {
        let mut v = base();
        v["containers"][0]["shared"]["react"]["singelton"] = json!(true);
        assert_eq!(
            parse(v).unwrap_err(),
            "containers[0].shared.react.singelton: unknown field (expected one of: version, import, singleton, requiredVersion, strictVersion, eager, shareScope, strategy)"
        );
        let mut v = base();
        v["containers"][0]["shared"]["react"]["requiredVersion"] = json!(3);
        assert_eq!(
            parse(v).unwrap_err(),
            "containers[0].shared.react.requiredVersion: expected a range string or false, found the number 3"
        );
        let mut v = base();
        v["steps"][2]["container"] = json!("nope");
        assert_eq!(parse(v).unwrap_err(), "steps[2].container: no container \"nope\" (containers: \"host\", \"cart\")");
        let mut v = base();
        v["steps"][2]["op"] = json!("unload");
        assert_eq!(
            parse(v).unwrap_err(),
            "steps[2].op: expected one of \"init\", \"load\", \"fail\", found \"unload\""
        );
        let mut v = base();
        v["containers"][0]["shared"]["react"].as_object_mut().unwrap().remove("version");
        assert_eq!(parse(v).unwrap_err(), "containers[0].shared.react.version: required unless \"import\" is false");
        assert_eq!(Scenario::from_json("{ \"version\": 1,").unwrap_err().path, "");
    }

    #[test]
    fn rejects_impossible_steps() {
        let mut v = base();
        v["steps"] = json!([{ "op": "init", "container": "cart" }, { "op": "fail", "container": "cart" }]);
        assert!(parse(v).unwrap_err().contains("already loaded"));
        let mut v = base();
        v["steps"] = json!([{ "op": "fail", "container": "cart" }, { "op": "load", "container": "cart", "shared": "react", "mode": "sync" }]);
        assert!(parse(v).unwrap_err().contains("failed to load at steps[0]"));
        let mut v = base();
        v["runtime"] = json!("webpack");
        v["containers"][0]["shared"]["react"]["requiredVersion"] = json!("1.2.3-");
        assert!(parse(v).unwrap_err().contains("webpack cannot parse this range"));
    }
}
