//! `fedscope graph --format human`.

use crate::style::{BOLD, DIM, ERROR, GOOD, HEADER, WARN, paint};
use fedscope_workspace::{Graph, Required};
use std::fmt::Write;

pub fn render(graph: &Graph) -> String {
    let mut out = String::new();
    if graph.apps.is_empty() {
        let _ = writeln!(out, "{}", paint(DIM, "no Module Federation app found"));
        return out;
    }
    for app in &graph.apps {
        let _ = writeln!(
            out,
            "{} {}",
            paint(HEADER, &app.name),
            paint(
                DIM,
                &format!("{} · {} · {} runtime · {}", app.root, app.bundler.as_str(), app.runtime.as_str(), app.config)
            )
        );
        for r in &app.remotes {
            let _ = writeln!(
                out,
                "  remote  {} {} {}",
                paint(BOLD, &r.alias),
                r.name.as_deref().filter(|n| *n != r.alias).map(|n| format!("({n})")).unwrap_or_default(),
                paint(DIM, r.entry.as_deref().unwrap_or("entry not known"))
            );
        }
        for e in &app.exposes {
            let _ = writeln!(
                out,
                "  expose  {} {}",
                paint(BOLD, &e.name),
                paint(DIM, e.file.as_deref().unwrap_or(&e.request))
            );
        }
        for s in &app.shared {
            let mut flags = Vec::new();
            if s.singleton {
                flags.push(paint(GOOD, "singleton"));
            }
            if s.strict_version && matches!(s.required_version, Required::Range(_)) {
                flags.push("strict".to_string());
            }
            if s.eager {
                flags.push(paint(WARN, "eager"));
            }
            if !s.import {
                flags.push("import: false".to_string());
            }
            let required = match &s.required_version {
                Required::Range(r) => r.clone(),
                Required::Off => "no check".into(),
            };
            let _ = writeln!(
                out,
                "  shared  {} {} {} {}",
                paint(BOLD, &s.key),
                s.version.as_deref().unwrap_or("version not known"),
                paint(DIM, &format!("requires {required}")),
                flags.join(" ")
            );
        }
        for u in &app.unknown {
            let _ = writeln!(out, "  {} {} ({}:{}): {}", paint(WARN, "unknown"), u.field, u.file, u.line, u.why);
        }
        out.push('\n');
    }
    if !graph.groups.is_empty() {
        let _ = writeln!(out, "{}", paint(HEADER, "groups"));
        for g in &graph.groups {
            let _ = writeln!(
                out,
                "  {} {}",
                paint(BOLD, &g.host),
                paint(
                    DIM,
                    &format!(
                        "loads {}",
                        g.apps.iter().filter(|a| **a != g.host).cloned().collect::<Vec<_>>().join(", ")
                    )
                )
            );
        }
    }
    if !graph.problems.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            paint(ERROR, &format!("{} files could not be read (see the warnings above)", graph.problems.len()))
        );
    }
    out
}

/// The `instances` section of `fedscope graph --format human`: each
/// module-scope state object and the copies each group's page holds.
pub fn render_instances(graph: &Graph, instances: &[fedscope_plan::instances::Instance]) -> String {
    let mut out = String::new();
    if instances.is_empty() {
        return out;
    }
    let _ = writeln!(out, "{}", paint(HEADER, "state instances per page"));
    for inst in instances {
        let name = inst.creation.name.as_deref().unwrap_or("(unnamed)");
        let count = inst.count();
        let badge = if count > 1 && fedscope_plan::instances::is_state(inst.creation.kind) {
            paint(ERROR, &format!("{count} copies"))
        } else {
            paint(GOOD, &format!("{count} {}", if count == 1 { "copy" } else { "copies" }))
        };
        let _ = writeln!(
            out,
            "  {} {} {} {}",
            paint(BOLD, name),
            paint(DIM, &format!("{} {}:{}", inst.creation.kind.as_str(), inst.file, inst.creation.line)),
            paint(DIM, &format!("on {}'s page:", graph.apps[inst.host].name)),
            badge
        );
        for c in &inst.copies {
            let how: Vec<String> =
                c.path.iter().skip(1).map(|e| format!("{} `{}`", e.kind.as_str(), e.request)).collect();
            let bundle = match &c.bundle {
                fedscope_plan::instances::Bundle::Entry => "entry bundle".to_string(),
                fedscope_plan::instances::Bundle::Container { entry } => format!("container ({entry})"),
                fedscope_plan::instances::Bundle::Shared { key, provider } => {
                    format!("share scope {key} from {provider}")
                }
            };
            let _ = writeln!(
                out,
                "    {} {}{}",
                graph.apps[c.app].name,
                paint(DIM, &bundle),
                if how.is_empty() { String::new() } else { paint(DIM, &format!(" via {}", how.join(" → "))) }
            );
        }
    }
    out
}
