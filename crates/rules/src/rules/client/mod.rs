//! Client state: where stores are created, and how many of each the page holds.

pub mod nested_store_provider;
pub mod persist_key_collision;
pub mod server_state_in_client_store;
pub mod store_created_in_render;
pub mod store_split_instance;

use crate::util::chain;
use crate::{Context, Diagnostic, Meta};
use fedscope_plan::instances::{Bundle, Copy, Instance};
use fedscope_workspace::Place;
use fedscope_workspace::sources::EdgeKind;

/// The copy the page is meant to hold: the share scope's, else the
/// container of the app whose exposed modules reach it, else the first.
fn reference(cx: &Context, inst: &Instance) -> usize {
    let exposed_by = |c: &Copy| {
        matches!(c.bundle, Bundle::Container { .. })
            && c.path.first().is_some_and(|e| {
                e.kind == EdgeKind::Root
                    && cx.app(c.app).exposes.iter().any(|x| x.file.as_deref() == Some(e.request.as_str()))
            })
            && c.path.iter().skip(1).all(|e| e.kind == EdgeKind::Relative || e.kind == EdgeKind::DeepImport)
    };
    // of the same app's containers, the one the host loads
    let host_entry = |c: &Copy| match &c.bundle {
        Bundle::Container { entry } => {
            cx.app(inst.host).remotes.iter().any(|r| r.entry.as_deref() == Some(entry.as_str()))
        }
        _ => false,
    };
    inst.copies
        .iter()
        .position(|c| matches!(c.bundle, Bundle::Shared { .. }))
        .or_else(|| inst.copies.iter().position(|c| exposed_by(c) && host_entry(c)))
        .or_else(|| inst.copies.iter().position(exposed_by))
        .unwrap_or(0)
}

/// Where a copy comes from: the edge that made the app bundle it (the last
/// alias, deep or workspace-package import on its path, else the import of
/// the creating module itself).
fn culprit(copy: &Copy) -> Option<&fedscope_workspace::sources::Edge> {
    copy.path
        .iter()
        .rev()
        .find(|e| matches!(e.kind, EdgeKind::Alias | EdgeKind::DeepImport | EdgeKind::WorkspacePackage))
        .or_else(|| copy.path.iter().rev().find(|e| e.kind != EdgeKind::Root))
        .or(copy.path.last())
}

/// How a copy is held, for messages.
pub(crate) fn describe_copy(cx: &Context, c: &Copy) -> String {
    let app = &cx.app(c.app).name;
    match &c.bundle {
        Bundle::Entry => format!("{app}'s entry bundle"),
        Bundle::Container { entry } => format!("{app}'s container ({entry})"),
        Bundle::Shared { key, provider } => format!("the share scope's {key} from {provider}"),
    }
}

/// A diagnostic for every copy of a module-scope object beyond the one the
/// page is meant to hold, at the import that bundles it.
pub(crate) fn split_diagnostics(
    cx: &Context,
    meta: &'static Meta,
    keep: impl Fn(&Instance) -> bool,
    out: &mut Vec<Diagnostic>,
) {
    let mut seen = std::collections::BTreeSet::new();
    for inst in cx.instances.iter().filter(|i| i.count() > 1 && keep(i)) {
        let Some(group) = cx.groups.iter().find(|g| g.host == inst.host) else { continue };
        let r = reference(cx, inst);
        let name = inst
            .creation
            .name
            .clone()
            .unwrap_or_else(|| format!("the {} at line {}", inst.creation.kind.as_str(), inst.creation.line));
        let held: Vec<String> = inst.copies.iter().map(|c| describe_copy(cx, c)).collect();
        for (k, copy) in inst.copies.iter().enumerate() {
            if k == r {
                continue;
            }
            let Some(edge) = culprit(copy) else { continue };
            let mut blamed = copy.app;
            let (mut file, mut line) = if edge.from.is_empty() {
                (inst.file.clone(), inst.creation.line)
            } else {
                (edge.from.clone(), edge.line)
            };
            // the same app's container from a second remote entry: the remote that names that entry
            if let (Bundle::Container { entry }, true) = (&copy.bundle, copy.app == inst.copies[r].app)
                && let Some(rm) = group
                    .apps
                    .iter()
                    .flat_map(|&g| cx.app(g).remotes.iter())
                    .find(|rm| rm.entry.as_deref() == Some(entry.as_str()))
            {
                file = rm.place.file.clone();
                line = rm.place.line;
                if let Some(&g) = group.apps.iter().find(|&&g| cx.app(g).remotes.iter().any(|x| std::ptr::eq(x, rm))) {
                    blamed = g;
                }
            }
            if !seen.insert((file.clone(), line, inst.file.clone(), inst.creation.line)) {
                continue;
            }
            let app = cx.app(blamed);
            let mut path = chain(cx, group, blamed);
            path.extend(copy.path.iter().filter(|e| !e.from.is_empty()).map(|e| e.from.clone()));
            path.push(inst.file.clone());
            path.dedup();
            let owner = &inst.copies[r];
            let help = match (&owner.bundle, owner.path.first()) {
                (Bundle::Container { .. }, Some(root)) => {
                    let owner_app = cx.app(owner.app);
                    let expose = owner_app.exposes.iter().find(|x| x.file.as_deref() == Some(root.request.as_str()));
                    let alias = app
                        .remotes
                        .iter()
                        .find(|rm| fedscope_workspace::remote_target(&cx.graph.apps, copy.app, rm) == Some(owner.app))
                        .map(|rm| rm.alias.clone())
                        .unwrap_or_else(|| owner_app.name.clone());
                    match expose {
                        Some(x) => format!(
                            "import it through the federation namespace, `{alias}/{}`, in {}; or share the package that creates it as a singleton",
                            x.name.trim_start_matches("./"),
                            app.name
                        ),
                        None => format!("import it from {} through the federation namespace in {}", owner_app.name, app.name),
                    }
                }
                _ => "create it in one place: expose it from one app and import it through the federation namespace everywhere, or share the package that creates it as a singleton".to_string(),
            };
            let (note, help) = match (&copy.bundle, &owner.bundle) {
                (Bundle::Container { entry }, Bundle::Container { entry: reference_entry }) if blamed != copy.app => (
                    format!(
                        "{} loads {}'s container a second time from {entry}: its modules, this one included, are evaluated again",
                        app.name,
                        cx.app(copy.app).name
                    ),
                    format!("load {} from {reference_entry} in {}, as the host does", cx.app(copy.app).name, app.name),
                ),
                _ => (
                    format!(
                        "{} reaches {} by {} `{}`",
                        app.name,
                        inst.file,
                        edge.kind.as_str().replace('-', " "),
                        edge.request
                    ),
                    help,
                ),
            };
            out.push(
                Diagnostic::new(
                    meta,
                    app,
                    &Place { file, line },
                    format!(
                        "{name} ({}) is created {} times on {}'s page: in {}",
                        inst.creation.kind.describe(),
                        inst.count(),
                        cx.app(group.host).name,
                        crate::util::and_list(&held)
                    ),
                )
                .column(edge.column)
                .path(path)
                .note(note)
                .help(help),
            );
        }
    }
}
