//! Seeded random scenarios for the differential tests and the benchmark.
//!
//! Aimed at the decisions the runtimes make: several providers of one key with
//! colliding versions (same-version tie-breaks), prereleases, partial and odd
//! versions, `"0"`, every range form, singleton / strictVersion / eager /
//! `import: false` mixes, init orders (hosts, nested hosts, a remote inited by
//! two hosts, failed remote entries), sync and async loads, and two builds
//! sharing one MF name.

use crate::scenario::{Container, Mode, RequiredVersion, Runtime, Scenario, SharedConfig, Step, Strategy};
use fedscope_semver::arbitrary::{self, Rng};
use fedscope_semver::webpack::{self, Line};
use indexmap::IndexMap;

const NAMES: &[&str] = &["host", "shell", "cart", "catalog", "checkout", "aaa", "zzz", "remote"];
const UNIQUE_NAMES: &[&str] = &["@shop/host", "cart-app", "zzz-build", "aaa-build", "shop", "Host"];
const KEYS: &[&str] = &["react", "react-dom", "zustand", "@tanstack/react-query", "lib"];
const COMMON_VERSIONS: &[&str] =
    &["18.2.0", "18.2.0", "18.3.1", "18.3.1", "17.0.2", "19.0.0", "18.0.0", "1.0.0", "1.5.0", "2.0.0", "0.2.3"];
const ODD_VERSIONS: &[&str] = &[
    "18.3.0-canary.1",
    "19.0.0-rc.1",
    "1.2.3-beta",
    "1.2.3-beta.1",
    "0",
    "1.2",
    "18",
    "v18.2.0",
    "=18.2.0",
    "18.2.0+b1",
    "01.2.3",
    "1.0.0-1",
    "1.0.0-alpha",
    "latest",
];

fn version(rng: &mut Rng) -> String {
    match rng.below(100) {
        0..=69 => rng.pick(COMMON_VERSIONS).to_string(),
        70..=91 => rng.pick(ODD_VERSIONS).to_string(),
        _ => {
            let v = arbitrary::version(rng);
            if v.is_empty() { "0".into() } else { v }
        }
    }
}

fn near_range(rng: &mut Rng) -> String {
    let v = rng.pick(COMMON_VERSIONS);
    let major = v.split('.').next().unwrap_or("1");
    let next: u32 = major.parse::<u32>().unwrap_or(1) + 1;
    match rng.below(16) {
        0 => format!("^{v}"),
        1 => format!("~{v}"),
        2 => format!(">={v}"),
        3 => format!(">{v}"),
        4 => format!("<{v}"),
        5 => format!("={v}"),
        6 => v.to_string(),
        7 => format!("^{major}"),
        8 => format!("{major}.x"),
        9 => format!(">={major} <{next}"),
        10 => format!("{v} - {next}.0.0"),
        11 => format!("^{major} || ^{next}"),
        12 => "*".into(),
        13 => format!("^{}", rng.pick(ODD_VERSIONS)),
        14 => format!("^{major}.0.0-0"),
        _ => format!("~{major}"),
    }
}

fn range(rng: &mut Rng, runtime: Runtime, line: Line) -> String {
    loop {
        let r = if rng.chance(75) { near_range(rng) } else { arbitrary::range(rng) };
        if runtime == Runtime::Mf2 || webpack::parse_range(&r, line).is_ok() {
            return r;
        }
    }
}

fn shared_config(rng: &mut Rng, runtime: Runtime, line: Line, palette: &[String]) -> SharedConfig {
    let import = rng.chance(85);
    let version = if import || rng.chance(20) {
        Some(if rng.chance(80) { palette[rng.below(palette.len())].clone() } else { version(rng) })
    } else {
        None
    };
    let required_version = match rng.below(100) {
        0..=24 => None,
        25..=34 => Some(RequiredVersion::False),
        _ => Some(RequiredVersion::Range(range(rng, runtime, line))),
    };
    let strict_version = match rng.below(100) {
        0..=54 => None,
        55..=79 => Some(true),
        _ => Some(false),
    };
    let (share_scope, share_scope_is_array) = match rng.below(100) {
        0..=89 => (vec!["default".to_string()], false),
        90..=96 => (vec!["other".to_string()], false),
        _ if runtime == Runtime::Mf2 => (vec!["default".to_string(), "other".to_string()], true),
        _ => (vec!["default".to_string()], false),
    };
    let strategy = (runtime == Runtime::Mf2 && rng.chance(5))
        .then(|| if rng.chance(50) { Strategy::LoadedFirst } else { Strategy::VersionFirst });
    SharedConfig {
        version,
        import,
        singleton: rng.chance(50),
        required_version,
        strict_version,
        eager: rng.chance(15),
        share_scope,
        share_scope_is_array,
        strategy,
    }
}

/// A random scenario on `runtime`.
pub fn scenario(rng: &mut Rng, runtime: Runtime) -> Scenario {
    let line = match (runtime, rng.below(10)) {
        (Runtime::Mf2, _) => Line::V5_112,
        (_, 0..=3) => Line::V5_112,
        (_, 4..=6) => Line::V5_111,
        _ => Line::V5_92,
    };
    let share_strategy = if rng.chance(50) { Strategy::VersionFirst } else { Strategy::LoadedFirst };
    let n = 2 + rng.below(4);
    let mut names: Vec<&str> = Vec::new();
    while names.len() < n {
        let name = rng.pick(NAMES);
        if !names.contains(&name) {
            names.push(name);
        }
    }
    let key_count = 1 + rng.below(3);
    let mut keys: Vec<&str> = Vec::new();
    while keys.len() < key_count {
        let k = rng.pick(KEYS);
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    // a few versions per key, so that providers collide (same-version tie-breaks)
    let palettes: Vec<Vec<String>> =
        keys.iter().map(|_| (0..1 + rng.below(3)).map(|_| version(rng)).collect()).collect();
    let mut containers: Vec<Container> = names
        .iter()
        .map(|name| {
            let mut shared = IndexMap::new();
            for (k, palette) in keys.iter().zip(&palettes) {
                if rng.chance(75) {
                    shared.insert(k.to_string(), shared_config(rng, runtime, line, palette));
                }
            }
            if shared.is_empty() {
                let i = rng.below(keys.len());
                shared.insert(keys[i].to_string(), shared_config(rng, runtime, line, &palettes[i]));
            }
            let unique_name = match rng.below(100) {
                0..=69 => name.to_string(),
                70..=94 => rng.pick(UNIQUE_NAMES).to_string(),
                _ => String::new(),
            };
            Container { id: name.to_string(), name: name.to_string(), unique_name, shared }
        })
        .collect();
    // two builds with one MF name (edge case 26)
    if n > 2 && rng.chance(5) {
        let a = 1 + rng.below(n - 1);
        let b = rng.below(n);
        if a != b {
            containers[a].name = containers[b].name.clone();
        }
    }
    let steps = steps(rng, &containers);
    Scenario { description: None, runtime, webpack: line, share_strategy, containers, steps }
}

fn steps(rng: &mut Rng, containers: &[Container]) -> Vec<Step> {
    let n = containers.len();
    let mut inited = vec![false; n];
    let mut used = vec![false; n];
    let mut failed = vec![false; n];
    let mut steps = Vec::new();
    let load = |rng: &mut Rng, steps: &mut Vec<Step>, inited: &[bool], used: &mut [bool], failed: &[bool]| {
        let ready: Vec<usize> = (0..n).filter(|i| inited[*i] && !failed[*i]).collect();
        let c = if !ready.is_empty() && rng.chance(85) {
            rng.pick(&ready)
        } else {
            let alive: Vec<usize> = (0..n).filter(|i| !failed[*i]).collect();
            if alive.is_empty() {
                return;
            }
            rng.pick(&alive)
        };
        let keys: Vec<&String> = containers[c].shared.keys().collect();
        let key = rng.pick(&keys).clone();
        let mode = if rng.chance(75) { Mode::Async } else { Mode::Sync };
        steps.push(Step::Load { container: c, key, mode });
        used[c] = true;
    };
    // The usual page: the host initialises sharing, then each remote is
    // initialised with a scope of a host already on the page.
    if rng.chance(90) {
        steps.push(Step::Init { container: 0, host: None });
        inited[0] = true;
        used[0] = true;
    }
    let mut remotes: Vec<usize> = (1..n).collect();
    for i in (1..remotes.len()).rev() {
        remotes.swap(i, rng.below(i + 1));
    }
    for r in remotes {
        for _ in 0..rng.below(3) {
            if rng.chance(50) {
                load(rng, &mut steps, &inited, &mut used, &failed);
            }
        }
        let hosts: Vec<usize> = (0..n).filter(|h| *h != r && inited[*h] && !failed[*h]).collect();
        let host = if hosts.contains(&0) && rng.chance(70) {
            Some(0)
        } else if hosts.is_empty() {
            None
        } else {
            Some(rng.pick(&hosts))
        };
        let roll = rng.below(100);
        if roll < 8 && !used[r] {
            steps.push(Step::Fail { container: r });
            failed[r] = true;
            if let Some(h) = host {
                steps.push(Step::Init { container: r, host: Some(h) });
            }
        } else if roll < 90 {
            steps.push(Step::Init { container: r, host });
            inited[r] = true;
            used[r] = true;
            if let Some(h) = host {
                used[h] = true;
            }
        }
    }
    for _ in 0..2 + rng.below(5) {
        load(rng, &mut steps, &inited, &mut used, &failed);
        // now and then another host inits a remote again (a second scope, a cycle)
        if n > 1 && rng.chance(6) {
            let a = rng.below(n);
            let b = rng.below(n);
            if a != b && !failed[b] {
                steps.push(Step::Init { container: a, host: Some(b) });
                used[b] = true;
                if !failed[a] {
                    used[a] = true;
                    inited[a] = true;
                }
            }
        }
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_scenarios_are_valid_and_stable() {
        for runtime in [Runtime::Mf2, Runtime::Webpack] {
            let mut rng = Rng::new(7);
            for _ in 0..300 {
                let s = scenario(&mut rng, runtime);
                let json = s.to_json();
                let back = Scenario::from_value(&json).unwrap_or_else(|e| panic!("{e}\n{json}"));
                assert_eq!(back, s);
            }
        }
        let a = scenario(&mut Rng::new(42), Runtime::Mf2).to_json();
        let b = scenario(&mut Rng::new(42), Runtime::Mf2).to_json();
        assert_eq!(a, b);
    }
}
