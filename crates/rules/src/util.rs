//! Helpers the rules share.

use crate::{Context, Group};
use fedscope_scope::Runtime;
use fedscope_workspace::sources::{Reach, Use};
use fedscope_workspace::{App, Place, Shared};

/// The uses of an app that run on its group's page: everything its entry
/// reaches for the host, only what its exposed modules reach for a remote.
pub fn page_uses<'a>(group: &Group, i: usize, app: &'a App) -> Vec<&'a Use> {
    app.sources
        .uses
        .iter()
        .filter(|u| if i == group.host { u.reach != Reach::Exposed } else { u.reach == Reach::Exposed })
        .collect()
}

/// Whether a use bundles a private copy of its package: the package's own
/// entry (`react`, not `react/jsx-runtime`) imported without sharing it. A
/// deep module the app does not share is bundled, but its own import of the
/// package root goes through the share scope when the app shares the root;
/// whether a deep module holds state of its own is not decided here.
pub fn is_private_copy(u: &Use) -> bool {
    u.shared.is_none() && u.request == u.package
}

/// The package a share key provides (`react` for `react/jsx-runtime`, the
/// `package` of a prefix key).
pub fn package_of_key(s: &Shared) -> String {
    if let Some(p) = &s.package {
        return p.clone();
    }
    let key = s.share_key.as_deref().unwrap_or(&s.key);
    fedscope_workspace::pkg::package_of_request(key).unwrap_or_else(|| key.trim_end_matches('/').to_string())
}

/// The place of an app's shared entry, or of its config.
pub fn shared_place(app: &App, key: &str) -> Place {
    app.shared
        .iter()
        .find(|s| s.key == key)
        .or_else(|| app.shared.iter().find(|s| fedscope_plan::scope_key(s) == key))
        .map(|s| s.place.clone())
        .unwrap_or_else(|| Place { file: app.config.clone(), line: 1 })
}

/// `host → app`: the chain of apps from the group's host to `i` (by remotes).
pub fn chain(cx: &Context, group: &Group, i: usize) -> Vec<String> {
    let apps = &cx.graph.apps;
    // breadth first from the host
    let mut prev: Vec<Option<usize>> = vec![None; apps.len()];
    let mut seen = vec![false; apps.len()];
    let mut queue = std::collections::VecDeque::from([group.host]);
    seen[group.host] = true;
    while let Some(x) = queue.pop_front() {
        if x == i {
            break;
        }
        for r in &apps[x].remotes {
            if let Some(j) = fedscope_workspace::remote_target(apps, x, r)
                && !seen[j]
            {
                seen[j] = true;
                prev[j] = Some(x);
                queue.push_back(j);
            }
        }
    }
    let mut out = vec![apps[i].name.clone()];
    let mut at = i;
    while let Some(p) = prev[at] {
        out.push(apps[p].name.clone());
        at = p;
    }
    out.reverse();
    out
}

/// The runtime's dialect: does `version` satisfy `range`?
pub fn satisfies(runtime: Option<Runtime>, version: &str, range: &str) -> Option<bool> {
    match runtime {
        Some(Runtime::Webpack) => {
            let r = fedscope_semver::webpack::parse_range(range, fedscope_semver::webpack::Line::V5_112).ok()?;
            r.to_runtime().satisfy(version).ok()
        }
        Some(Runtime::Mf2) => Some(fedscope_semver::mf2::satisfy(version, range)),
        None => None,
    }
}

/// A list in prose: `a`, `a and b`, `a, b and c`.
pub fn and_list(items: &[String]) -> String {
    match items.len() {
        0 => String::new(),
        1 => items[0].clone(),
        n => format!("{} and {}", items[..n - 1].join(", "), items[n - 1]),
    }
}

/// Each app that is in some group, once, with the first group that holds it.
pub fn grouped_apps<'c, 'a>(cx: &'c Context<'a>) -> Vec<(usize, &'c Group<'a>)> {
    let mut out: Vec<(usize, &Group)> = Vec::new();
    for g in &cx.groups {
        for &i in &g.apps {
            if !out.iter().any(|(j, _)| *j == i) {
                out.push((i, g));
            }
        }
    }
    out
}

/// The workspace files of app `i` that run on some page: what its exposed
/// modules reach, and what its entries reach unless it is only ever loaded
/// as a remote (its entry then runs only when the remote is developed
/// alone). Each with whether it is exposed code.
pub fn page_files<'a>(cx: &Context<'a>, i: usize) -> Vec<(&'a str, bool)> {
    cx.page_files(i).to_vec()
}

/// [`page_files`], computed (once per app, by [`Context::page_files`]).
pub(crate) fn compute_page_files<'a>(cx: &Context<'a>, i: usize) -> Vec<(&'a str, bool)> {
    let app = cx.app(i);
    let remote_only = cx.groups.iter().any(|g| g.apps.contains(&i)) && !cx.groups.iter().any(|g| g.host == i);
    app.sources
        .files
        .iter()
        .filter_map(|(f, r)| {
            let exposed = app.sources.exposed_files.contains(f);
            let entry = *r != Reach::Exposed;
            (exposed || (entry && !remote_only)).then_some((f.as_str(), exposed))
        })
        .collect()
}

/// The major version of `package` an app provides or has installed (its
/// shared entry's version, else its lockfile's), if known.
pub fn installed_major(app: &App, package: &str) -> Option<u64> {
    let version = app.shared.iter().find(|s| s.key == package).and_then(|s| s.version.clone()).or_else(|| {
        let lock = app.lock.as_ref()?;
        lock.direct.iter().chain(lock.reached.iter()).find(|l| l.package == package).map(|l| l.version.clone())
    })?;
    version.trim_start_matches(|c: char| !c.is_ascii_digit()).split('.').next()?.parse().ok()
}

/// The page modules of every app whose `package` is at least major `min`:
/// (app index, file, facts, major), each file once per app.
pub fn page_modules_from_major<'a>(
    cx: &Context<'a>,
    package: &str,
    min: u64,
) -> Vec<(usize, &'a str, &'a fedscope_js::facts::ModuleFacts, u64)> {
    let mut out = Vec::new();
    for i in 0..cx.graph.apps.len() {
        let app = cx.app(i);
        let Some(major) = installed_major(app, package).filter(|m| *m >= min) else { continue };
        for (file, _) in page_files(cx, i) {
            if let Some(m) = app.sources.modules.get(file) {
                out.push((i, file, m.as_ref(), major));
            }
        }
    }
    out
}

/// The workspace files of app `i` that run on `group`'s page: what the
/// host's entries reach, or what a remote's exposed modules reach; plus the
/// files of workspace packages the app consumes through the share scope.
pub fn group_page_files<'a>(group: &Group, i: usize, app: &'a App) -> std::collections::BTreeSet<&'a str> {
    let s = &app.sources;
    let mut out: std::collections::BTreeSet<&str> = if i == group.host {
        s.files.iter().filter(|(_, r)| **r != Reach::Exposed).map(|(f, _)| f.as_str()).collect()
    } else {
        s.exposed_files.iter().map(String::as_str).collect()
    };
    for u in page_uses(group, i, app) {
        if let Some(files) = u.shared.as_ref().and_then(|k| s.shared_files.get(k)) {
            out.extend(files.iter().map(String::as_str));
        }
    }
    out
}
