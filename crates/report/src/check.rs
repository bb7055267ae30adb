//! `fedscope check --format human`: diagnostics in the style of rustc and
//! oxlint (the rule, the message, the place with its source line, the path
//! from the host, the runtime's own message, a help line), then the
//! production checklist per app and a summary.

use crate::style::{BOLD, DIM, ERROR, GOOD, GUTTER, HEADER, INFO, WARN, paint};
use fedscope_rules::{Report, Severity, Status};
use std::fmt::Write;

/// The source line `line` (1-based) of a file relative to the analysed directory.
pub type SourceLine<'a> = &'a dyn Fn(&str, u32) -> Option<String>;

fn severity_style(s: Severity) -> crate::style::Style {
    match s {
        Severity::Error => ERROR,
        Severity::Warning => WARN,
        Severity::Info => INFO,
    }
}

pub fn render(report: &Report, source: SourceLine) -> String {
    let mut out = String::new();
    for d in &report.diagnostics {
        let sev = d.severity.as_str();
        let _ = writeln!(
            out,
            "{}{} {}",
            paint(severity_style(d.severity), &format!("{sev}[{}]", d.rule)),
            paint(BOLD, ":"),
            paint(BOLD, &d.message)
        );
        let line_no = d.line.to_string();
        let gutter = " ".repeat(line_no.len());
        let line_text = source(&d.file, d.line);
        // a place known only to its line points at the line's first token
        let col = match (&line_text, d.column) {
            (Some(t), c) if c <= 1 => t.chars().take_while(|c| c.is_whitespace()).count(),
            (_, c) => c.saturating_sub(1) as usize,
        };
        let _ = writeln!(out, "{gutter}{} {}:{}:{}", paint(GUTTER, "-->"), d.file, d.line, col + 1);
        if let Some(text) = line_text {
            let text = text.trim_end();
            let _ = writeln!(out, "{gutter} {}", paint(GUTTER, "|"));
            let _ = writeln!(out, "{} {} {text}", paint(GUTTER, &line_no), paint(GUTTER, "|"));
            let indent: String = text.chars().take(col).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
            let width = text
                .chars()
                .skip(col)
                .take_while(|c| !c.is_whitespace() && (d.column > 1 || !matches!(c, ':' | '=' | '(' | ',')))
                .count()
                .max(1);
            let _ = writeln!(
                out,
                "{gutter} {} {indent}{}",
                paint(GUTTER, "|"),
                paint(severity_style(d.severity), &"^".repeat(width))
            );
        }
        if !d.path.is_empty() {
            let _ = writeln!(out, "{gutter} {} {} {}", paint(GUTTER, "="), paint(BOLD, "path:"), d.path.join(" → "));
        }
        if let Some(m) = &d.runtime_message {
            let _ = writeln!(out, "{gutter} {} {} {m}", paint(GUTTER, "="), paint(BOLD, "runtime:"));
        }
        for n in &d.notes {
            let _ = writeln!(out, "{gutter} {} {} {n}", paint(GUTTER, "="), paint(BOLD, "note:"));
        }
        if let Some(h) = &d.help {
            let _ = writeln!(out, "{gutter} {} {} {h}", paint(GUTTER, "="), paint(BOLD, "help:"));
        }
        out.push('\n');
    }
    // the checklist, one line per app
    if !report.checklist.is_empty() {
        let _ = writeln!(out, "{}", paint(HEADER, "production checklist"));
        // (apps of one name are told apart by their directories)
        let mut apps: Vec<(&str, &str)> = report.checklist.iter().map(|c| (c.app.as_str(), c.root.as_str())).collect();
        apps.dedup();
        let label = |(app, root): (&str, &str)| {
            if apps.iter().filter(|(a, _)| *a == app).count() > 1 { format!("{app} ({root})") } else { app.to_string() }
        };
        let width = apps.iter().map(|a| label(*a).chars().count()).max().unwrap_or(0);
        for &(app, root) in &apps {
            let items: Vec<String> = report
                .checklist
                .iter()
                .filter(|c| c.app == app && c.root == root)
                .map(|c| match c.status {
                    Status::Pass => paint(GOOD, &format!("✓ {}", c.item)),
                    Status::Fail => paint(ERROR, &format!("✗ {} ({})", c.item, c.rules.join(", "))),
                    Status::Unknown => paint(DIM, &format!("? {}", c.item)),
                })
                .collect();
            let _ = writeln!(out, "  {:width$}  {}", label((app, root)), items.join("  "));
        }
        // why items are unknown, once per reason
        let mut reasons: Vec<String> = Vec::new();
        for c in &report.checklist {
            if let Some(w) = &c.why {
                let line = format!("{}: {w}", c.item);
                if !reasons.contains(&line) {
                    reasons.push(line);
                }
            }
        }
        for r in reasons {
            let _ = writeln!(out, "  {} {r}", paint(DIM, "?"));
        }
        out.push('\n');
    }
    let (e, w, i) = (report.count(Severity::Error), report.count(Severity::Warning), report.count(Severity::Info));
    let plural = |n: usize, one: &str| if n == 1 { format!("{n} {one}") } else { format!("{n} {one}s") };
    let summary = format!(
        "{}, {}, {} in {}",
        plural(e, "error"),
        plural(w, "warning"),
        plural(i, "note"),
        plural(report.apps, "app")
    );
    let style = if e > 0 {
        ERROR
    } else if w > 0 {
        WARN
    } else {
        GOOD
    };
    let _ = writeln!(out, "{}", paint(style, &summary));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use fedscope_rules::ChecklistEntry;

    fn entry(app: &str, root: &str, status: Status) -> ChecklistEntry {
        let rules = if status == Status::Fail { vec!["singleton-multiple-installed"] } else { Vec::new() };
        ChecklistEntry { app: app.into(), root: root.into(), item: "version-alignment", status, rules, why: None }
    }

    #[test]
    fn the_checklist_tells_apps_of_one_name_apart() {
        let report = Report {
            diagnostics: Vec::new(),
            checklist: vec![
                entry("cart", "one/cart", Status::Fail),
                entry("cart", "two/cart", Status::Pass),
                entry("shell", "one/shell", Status::Pass),
            ],
            apps: 3,
        };
        let out = render(&report, &|_, _| None);
        let lines: Vec<&str> = out.lines().filter(|l| l.contains("version-alignment")).collect();
        assert_eq!(lines.len(), 3, "{out}");
        assert!(lines[0].starts_with("  cart (one/cart)  ") && lines[0].contains("singleton-multiple-installed"));
        assert!(lines[1].starts_with("  cart (two/cart)  ") && !lines[1].contains("singleton-multiple-installed"));
        // a name no other app has is shown alone
        assert!(lines[2].starts_with("  shell            "), "{out}");
    }
}
