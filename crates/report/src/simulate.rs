//! `fedscope simulate --format human`: the load steps as a table, what the
//! console would show, the instances per share key (two copies stand out) and
//! the final share scopes.

use crate::style::{BOLD, DIM, ERROR, GOOD, HEADER, WARN, paint};
use fedscope_scope::outcome::ScopeDump;
use fedscope_scope::{LoadResult, Outcome, Runtime, Scenario, Step};
use indexmap::IndexMap;
use std::fmt::Write;

fn pad(text: &str, width: usize) -> String {
    let n = text.chars().count();
    if n >= width { text.to_string() } else { format!("{text}{}", " ".repeat(width - n)) }
}

/// Renders one simulated scenario for a terminal.
pub fn render(scenario: &Scenario, outcome: &Outcome) -> String {
    let mut out = String::new();
    let runtime = match scenario.runtime {
        Runtime::Mf2 => format!("mf2 ({})", scenario.share_strategy.as_str()),
        Runtime::Webpack => format!("webpack {}", fedscope_scope::scenario::line_str(scenario.webpack)),
    };
    let _ = writeln!(
        out,
        "{} {}",
        paint(BOLD, "runtime"),
        paint(DIM, &format!("{runtime} · {} containers · {} steps", scenario.containers.len(), scenario.steps.len()))
    );
    if let Some(d) = &scenario.description {
        let _ = writeln!(out, "{}", paint(DIM, d));
    }
    out.push('\n');

    let id = |i: usize| scenario.containers[i].id.as_str();
    let describe = |step: &Step| match step {
        Step::Init { container, host: None } => format!("init {}", id(*container)),
        Step::Init { container, host: Some(h) } => format!("init {} with {}'s scope", id(*container), id(*h)),
        Step::Load { container, key, mode } => format!("load {key} in {} ({})", id(*container), mode.as_str()),
        Step::Fail { container } => format!("fail {} (its remote entry does not load)", id(*container)),
    };
    let width = scenario.steps.iter().map(|s| describe(s).chars().count()).max().unwrap_or(4).max(4);
    let num_width = scenario.steps.len().to_string().len();
    let provider_width =
        outcome.steps.iter().filter_map(|s| s.provider.as_ref()).map(|p| p.chars().count()).max().unwrap_or(8).max(8);
    let _ = writeln!(
        out,
        "{}",
        paint(
            HEADER,
            &format!(
                "{} {}  {}  {}  {}",
                pad("#", num_width),
                pad("step", width),
                pad("result", 8),
                pad("provider", provider_width),
                "version"
            )
        )
    );
    let mut loads = outcome.steps.iter().peekable();
    for (i, step) in scenario.steps.iter().enumerate() {
        let n = pad(&(i + 1).to_string(), num_width);
        let text = pad(&describe(step), width);
        match loads.peek() {
            Some(l) if l.step == i => {
                let l = loads.next().expect("peeked");
                let (style, word) = match l.result {
                    LoadResult::Shared => (GOOD, "shared"),
                    LoadResult::Fallback => (WARN, "fallback"),
                    LoadResult::Error => (ERROR, "error"),
                };
                let result = format!("{}{}", paint(style, word), " ".repeat(8 - word.len()));
                let provider = pad(l.provider.as_deref().unwrap_or(""), provider_width);
                let version = l.version.as_deref().unwrap_or("");
                let line = format!("{n} {text}  {result}  {provider}  {version}");
                let _ = writeln!(out, "{}", line.trim_end());
                let indent = " ".repeat(num_width + 3);
                for w in &l.warnings {
                    let _ = writeln!(out, "{indent}{} {w}", paint(WARN, "warning:"));
                }
                if let Some(e) = &l.error {
                    let _ = writeln!(out, "{indent}{} {e}", paint(ERROR, "error:"));
                }
            }
            _ => {
                let _ = writeln!(out, "{n} {}", paint(DIM, text.trim_end()));
            }
        }
    }

    if !outcome.warnings.is_empty() {
        let _ = writeln!(out, "\n{}", paint(HEADER, "console output while initialising remotes"));
        for w in &outcome.warnings {
            let _ = writeln!(out, "  {} {w}", paint(WARN, "warning:"));
        }
    }

    let _ = writeln!(out, "\n{}", paint(HEADER, "instances per share key"));
    if outcome.instances.is_empty() {
        let _ = writeln!(out, "  {}", paint(DIM, "no shared module was loaded"));
    }
    let key_width = outcome.instances.keys().map(|k| k.chars().count()).max().unwrap_or(0);
    for (key, list) in &outcome.instances {
        let count = if list.len() == 1 {
            paint(GOOD, "1 instance")
        } else {
            paint(ERROR, &format!("{} instances: the page runs {} copies", list.len(), list.len()))
        };
        let _ = writeln!(out, "  {}  {count}", pad(key, key_width));
        for inst in list {
            let _ = writeln!(
                out,
                "  {}    {} {} {} {}",
                " ".repeat(key_width),
                inst.provider,
                inst.version,
                paint(DIM, "used by"),
                inst.users.join(", ")
            );
        }
    }

    let _ = writeln!(out, "\n{}", paint(HEADER, "share scopes at the end"));
    render_scopes(&mut out, &outcome.scope, &outcome.scope_holders);
    out
}

fn render_scopes(out: &mut String, scopes: &IndexMap<String, ScopeDump>, holders: &IndexMap<String, Vec<String>>) {
    if scopes.is_empty() {
        let _ = writeln!(out, "  {}", paint(DIM, "no share scope was created"));
    }
    for (name, keys) in scopes {
        let held = holders.get(name).map(|h| h.join(", ")).unwrap_or_default();
        let _ = writeln!(out, "  {} {}", paint(BOLD, name), paint(DIM, &format!("(held by {held})")));
        let key_width = keys.keys().map(|k| k.chars().count()).max().unwrap_or(0);
        let version_width = keys.values().flat_map(|v| v.keys()).map(|v| v.chars().count()).max().unwrap_or(0);
        for (key, versions) in keys {
            for (i, (version, e)) in versions.iter().enumerate() {
                let k = if i == 0 { pad(key, key_width) } else { " ".repeat(key_width) };
                let mut flags = Vec::new();
                if e.loaded {
                    flags.push(paint(GOOD, "loaded"));
                }
                if e.eager {
                    flags.push(paint(WARN, "eager"));
                }
                let from = e.from.as_deref().unwrap_or("undefined");
                let _ = writeln!(
                    out,
                    "    {k}  {}  {} {from}{}{}",
                    pad(version, version_width),
                    paint(DIM, "from"),
                    if flags.is_empty() { "" } else { "  " },
                    flags.join(" ")
                );
            }
        }
    }
}

/// `fedscope simulate DIR`: per group, each distinct outcome of the planned
/// load orders (orders that give the same outcome are listed together).
pub fn render_plans(graph: &fedscope_workspace::Graph, plans: &[fedscope_plan::GroupPlan]) -> String {
    let mut out = String::new();
    if plans.is_empty() {
        let _ = writeln!(out, "{}", paint(DIM, "no group of apps that load each other was found"));
    }
    for p in plans {
        let names: Vec<&str> = p.apps.iter().map(|&i| graph.apps[i].name.as_str()).collect();
        let _ = writeln!(
            out,
            "{} {}",
            paint(HEADER, &format!("group {}", graph.apps[p.host].name)),
            paint(DIM, &names.join(", "))
        );
        if let Some(why) = &p.not_replayed {
            let _ = writeln!(out, "  {} {why}\n", paint(WARN, "not replayed:"));
            continue;
        }
        for (app, keys) in &p.left_out {
            for (k, why) in keys {
                let _ = writeln!(out, "  {} {k} of {app}: {why}", paint(WARN, "left out:"));
            }
        }
        // distinct outcomes, in order of first appearance
        let mut classes: Vec<(_, Vec<usize>)> = Vec::new();
        for (i, r) in p.runs.iter().enumerate() {
            let key = fedscope_plan::signature(&r.outcome);
            match classes.iter_mut().find(|(k, _)| *k == key) {
                Some((_, runs)) => runs.push(i),
                None => classes.push((key, vec![i])),
            }
        }
        if classes.len() > 1 {
            let _ = writeln!(
                out,
                "  {} {} load orders give {} different outcomes",
                paint(WARN, "load-order dependent:"),
                p.runs.len(),
                classes.len()
            );
        }
        for (_, runs) in &classes {
            let first = &p.runs[runs[0]];
            let orders: Vec<String> = runs.iter().take(4).map(|&i| p.runs[i].order.join(" → ")).collect();
            let more = if runs.len() > 4 { format!(" and {} more", runs.len() - 4) } else { String::new() };
            let _ = writeln!(out, "\n  {} {}{more}", paint(BOLD, "remotes in the order"), orders.join("; "));
            for line in render(&first.scenario, &first.outcome).lines() {
                let _ = writeln!(out, "  {line}");
            }
        }
        out.push('\n');
    }
    out
}
