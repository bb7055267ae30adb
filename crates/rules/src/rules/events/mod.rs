//! Events and lifetimes: effects that leave listeners, subscriptions,
//! intervals and channels behind, and the CustomEvent / BroadcastChannel
//! message contract between the apps of a group. The facts are
//! `fedscope_js::lifetimes`, per module.

pub mod broadcast_channel_not_closed;
pub mod event_contract_mismatch;
pub mod listener_without_cleanup;

use crate::util::group_page_files;
use crate::{Context, Group};
use fedscope_js::lifetimes::{EventName, Leak, LifetimeFacts};
use fedscope_workspace::App;
use fedscope_workspace::sources::SourceFacts;
use std::collections::HashSet;

/// The lifetime facts of a file of an app, when it was parsed.
pub(crate) fn facts_of<'a>(app: &'a App, file: &str) -> Option<&'a LifetimeFacts> {
    app.sources.modules.get(file).map(|m| &m.lifetimes)
}

/// Every leak on some group's page that `pred` selects, each place once:
/// (group, app, file, leak), in group order.
pub(crate) fn page_leaks<'c, 'a>(
    cx: &'c Context<'a>,
    pred: impl Fn(&Leak) -> bool,
) -> Vec<(&'c Group<'a>, usize, &'a str, &'a Leak)> {
    let mut seen: HashSet<(&str, u32, u32)> = HashSet::new();
    let mut out = Vec::new();
    for g in &cx.groups {
        for &i in &g.apps {
            let app = cx.app(i);
            for f in group_page_files(g, i, app) {
                let Some(facts) = facts_of(app, f) else { continue };
                for l in &facts.leaks {
                    if pred(l) && seen.insert((f, l.line, l.column)) {
                        out.push((g, i, f, l));
                    }
                }
            }
        }
    }
    out
}

/// A diagnostic at a leak, with the path from the group's host to its file.
pub(crate) fn leak_diagnostic(
    cx: &Context,
    meta: &'static crate::Meta,
    (g, i, file, l): (&Group, usize, &str, &Leak),
    message: String,
    help: String,
) -> crate::Diagnostic {
    let mut path = crate::util::chain(cx, g, i);
    path.push(file.to_string());
    crate::Diagnostic::new(
        meta,
        cx.app(i),
        &fedscope_workspace::Place { file: file.to_string(), line: l.line },
        message,
    )
    .column(l.column)
    .path(path)
    .help(help)
}

/// What an event name is: the string, or the imported constant's value found
/// through the app's module graph (re-exports followed a few hops).
pub(crate) fn resolve(sources: &SourceFacts, file: &str, name: &EventName) -> Option<String> {
    match name {
        EventName::Literal(s) => Some(s.clone()),
        EventName::Imported { source, name } => {
            let (target, name) =
                export_of(sources, file, source, name, &|f, n| f.constants.iter().any(|(k, _)| k == n))?;
            let facts = facts_of_sources(sources, target)?;
            facts.constants.iter().find(|(k, _)| *k == name).map(|(_, v)| v.clone())
        }
    }
}

fn facts_of_sources<'a>(sources: &'a SourceFacts, file: &str) -> Option<&'a LifetimeFacts> {
    sources.modules.get(file).map(|m| &m.lifetimes)
}

/// The file and name an import (`source`, `name` path like `EVENTS.OPEN`) of
/// `file` resolves to: where `found` holds, following `export … from`.
pub(crate) fn export_of<'a>(
    sources: &'a SourceFacts,
    file: &str,
    source: &str,
    name: &str,
    found: &dyn Fn(&LifetimeFacts, &str) -> bool,
) -> Option<(&'a str, String)> {
    let mut queue = vec![(file.to_string(), source.to_string(), name.to_string())];
    let mut hops = 0;
    while let Some((file, source, name)) = queue.pop() {
        hops += 1;
        if hops > 16 {
            return None;
        }
        let Some(target) = sources.links.get(&file).and_then(|l| l.get(&source)) else { continue };
        let Some(facts) = facts_of_sources(sources, target) else { continue };
        if found(facts, &name) {
            return Some((target.as_str(), name));
        }
        let (head, rest) = match name.split_once('.') {
            Some((h, r)) => (h, format!(".{r}")),
            None => (name.as_str(), String::new()),
        };
        for r in &facts.reexports {
            if r.exported == head && r.imported != "*" {
                queue.push((target.clone(), r.source.clone(), format!("{}{rest}", r.imported)));
            } else if r.exported == "*" {
                queue.push((target.clone(), r.source.clone(), name.clone()));
            }
        }
    }
    None
}
