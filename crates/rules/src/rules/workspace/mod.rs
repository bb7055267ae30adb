//! Workspace: what the package manager installs for each app of a group
//! (its lockfile, read through the graph's `App::lock` and
//! `Graph::lockfiles`), and the federation runtime the apps bring.

pub mod federation_runtime_mismatch;
pub mod package_manager_dedupe;
pub mod singleton_multiple_installed;

use crate::{Context, Group};
use fedscope_workspace::App;
use fedscope_workspace::pm::Locked;
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// `a` before `b` as versions (npm's order; unparsable ones as text).
pub(crate) fn version_order(a: &str, b: &str) -> Ordering {
    use fedscope_semver::npm::Version;
    match (Version::parse(a), Version::parse(b)) {
        (Ok(x), Ok(y)) => x.compare(&y),
        _ => a.cmp(b),
    }
}

/// How a package's versions spread over a group's apps.
pub(crate) struct Spread<'a> {
    /// The version the others are measured against: the host's, else the
    /// one most apps get (the highest of those).
    pub reference: String,
    /// Each version, with the apps that get it.
    pub by_version: Vec<(String, Vec<String>)>,
    /// Each (app, copy) of a version other than the reference.
    pub off: Vec<(usize, &'a Locked)>,
}

impl Spread<'_> {
    /// `the group of shell resolves react to 2 versions: 18.2.0 (cart), 18.3.1 (shell)`.
    pub fn in_group(&self, host: &str, verb: &str) -> String {
        format!("the group of {host} {verb} {} versions: {}", self.by_version.len(), self.describe())
    }

    /// `18.2.0 (cart), 18.3.1 (shell, catalog)`.
    pub fn describe(&self) -> String {
        self.by_version.iter().map(|(v, apps)| format!("{v} ({})", apps.join(", "))).collect::<Vec<_>>().join(", ")
    }
}

/// The versions of a package the apps of `group` get (`get`, each app's own
/// first), when there is more than one.
pub(crate) fn spread<'a>(
    cx: &Context<'a>,
    group: &Group,
    get: &dyn Fn(&'a App) -> Vec<&'a Locked>,
) -> Option<Spread<'a>> {
    let mut by_version: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    let mut copies: Vec<(usize, &'a Locked)> = Vec::new();
    for &i in &group.apps {
        for l in get(cx.app(i)) {
            let apps = by_version.entry(l.version.as_str()).or_default();
            if !apps.contains(&i) {
                apps.push(i);
                copies.push((i, l));
            }
        }
    }
    if by_version.len() < 2 {
        return None;
    }
    let reference = match get(cx.app(group.host)).first() {
        Some(l) => l.version.clone(),
        None => by_version
            .iter()
            .max_by(|a, b| a.1.len().cmp(&b.1.len()).then(version_order(a.0, b.0)))
            .map(|(v, _)| v.to_string())?,
    };
    let mut versions: Vec<(&str, Vec<usize>)> = by_version.into_iter().collect();
    versions.sort_by(|a, b| version_order(a.0, b.0));
    Some(Spread {
        by_version: versions
            .into_iter()
            .map(|(v, apps)| (v.to_string(), apps.iter().map(|&i| cx.app(i).name.clone()).collect()))
            .collect(),
        off: copies.into_iter().filter(|(_, l)| l.version != reference).collect(),
        reference,
    })
}

/// ` (through a → b)` when a copy comes in through other packages.
pub(crate) fn through(l: &Locked) -> String {
    if l.via.is_empty() { String::new() } else { format!(" (through {})", l.via.join(" → ")) }
}

/// Whether an element of a `via` chain is a workspace package's path
/// (`packages/state`) rather than a package name.
pub(crate) fn is_workspace_path(s: &str) -> bool {
    s == "." || (s.contains('/') && !s.starts_with('@'))
}

/// The copies of `package` that an app's lockfile (`lockfile`, when given)
/// resolves for it and that end up in its bundle as far as fedscope can tell:
/// its own dependency when its sources import it (or are not known), and what
/// the packages they import pull in (`AppLock::reached`).
pub(crate) fn copies<'a>(app: &'a App, package: &str, lockfile: Option<&str>) -> Vec<&'a Locked> {
    let Some(lock) = app.lock.as_ref().filter(|l| lockfile.is_none_or(|f| l.lockfile == f)) else {
        return Vec::new();
    };
    let imported = app.sources.entries.is_empty() || app.sources.uses.iter().any(|u| u.package == package);
    let own = lock.direct.iter().filter(|l| imported && l.package == package);
    own.chain(lock.reached.iter().filter(|l| l.package == package)).collect()
}

/// `host → … → app → (the packages that pull it in) → package@version`.
pub(crate) fn copy_path(cx: &Context, group: &Group, i: usize, package: &str, copy: &Locked) -> Vec<String> {
    let mut path = crate::util::chain(cx, group, i);
    path.extend(copy.via.iter().cloned());
    path.push(format!("{package}@{}", copy.version));
    path
}
