//! `fedscope.toml`: found upward from the analysed directory (stopping at the
//! repository root), or given with `--config`.
//!
//! ```toml
//! # the lowest severity that makes `check` exit 1: "error", "warning" (default) or "info"
//! fail-on = "warning"
//!
//! [rules]
//! eager-shared = "off"             # or "info", "warning", "error"
//!
//! [stateful]
//! packages = ["@acme/store"]       # more libraries whose second copy breaks state
//!
//! [[ignore]]
//! rule = "eager-shared"
//! app = "shell"                    # optional: only this app's findings
//! file = "apps/shell/webpack.config.js"   # optional: only findings in this file
//! reason = "the shell renders its splash synchronously"   # required
//! ```
//!
//! An ignore that matches no finding is itself reported (`unused-ignore`).

use crate::{Diagnostic, Severity};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "fedscope.toml";

/// One `[[ignore]]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ignore {
    pub rule: String,
    pub app: Option<String>,
    pub file: Option<String>,
    pub reason: String,
    /// Line of the `[[ignore]]` table in the config file.
    pub line: u32,
}

impl Ignore {
    pub fn matches(&self, d: &Diagnostic) -> bool {
        self.rule == d.rule
            && self.app.as_ref().is_none_or(|a| *a == d.app)
            && self.file.as_ref().is_none_or(|f| *f == d.file)
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    /// The file it was read from, relative to the analysed directory when inside it.
    pub file: Option<String>,
    /// `None`: off; `Some(s)`: severity `s`.
    pub rules: BTreeMap<String, Option<Severity>>,
    pub stateful: Vec<String>,
    pub ignores: Vec<Ignore>,
    pub fail_on: Option<Severity>,
}

impl Config {
    /// The configured severity of a rule: `None` not configured, `Some(None)` off.
    pub fn severity_of(&self, rule: &str) -> Option<Option<Severity>> {
        self.rules.get(rule).copied()
    }

    /// The threshold for exit status 1.
    pub fn fail_threshold(&self) -> Severity {
        self.fail_on.unwrap_or(Severity::Warning)
    }
}

/// The nearest `fedscope.toml` at or above `dir`, not above a repository root (`.git`).
pub fn find(dir: &Path) -> Option<PathBuf> {
    let dir = std::fs::canonicalize(dir).ok()?;
    for d in dir.ancestors() {
        let f = d.join(FILE_NAME);
        if f.is_file() {
            return Some(f);
        }
        if d.join(".git").exists() {
            return None;
        }
    }
    None
}

fn line_of(text: &str, offset: usize) -> u32 {
    text[..offset.min(text.len())].matches('\n').count() as u32 + 1
}

/// Reads and validates a configuration; the error names the file, the line and the key.
pub fn load(path: &Path, analysed: &Path) -> Result<Config, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let shown = match (std::fs::canonicalize(path), std::fs::canonicalize(analysed)) {
        (Ok(p), Ok(a)) => p.strip_prefix(&a).map(|r| r.to_string_lossy().replace('\\', "/")).ok(),
        _ => None,
    };
    let label = shown.clone().unwrap_or_else(|| path.display().to_string());
    let mut config = parse(&text, &label)?;
    config.file = Some(shown.unwrap_or_else(|| path.display().to_string()));
    Ok(config)
}

/// Parses the text of a configuration (`label` names it in errors).
pub fn parse(text: &str, label: &str) -> Result<Config, String> {
    let at = |span: std::ops::Range<usize>| format!("{label}:{}", line_of(text, span.start));
    let doc = toml::de::DeTable::parse(text)
        .map_err(|e| match e.span() {
            Some(s) => format!("{label}:{}: {}", line_of(text, s.start), e.message()),
            None => format!("{label}: {}", e.message()),
        })?
        .into_inner();
    let mut config = Config::default();
    let names: Vec<&str> = crate::rules::RULES.iter().map(|r| r.meta().name).collect();
    for (key, value) in doc.iter() {
        let span = key.span();
        match key.get_ref().as_ref() {
            "fail-on" => {
                let s = value
                    .get_ref()
                    .as_str()
                    .ok_or_else(|| format!("{}: fail-on must be a string", at(value.span())))?;
                config.fail_on = Some(Severity::parse(s).ok_or_else(|| {
                    format!("{}: fail-on must be \"error\", \"warning\" or \"info\", not {s:?}", at(value.span()))
                })?);
            }
            "rules" => {
                let t = value
                    .get_ref()
                    .as_table()
                    .ok_or_else(|| format!("{}: [rules] must be a table", at(span.clone())))?;
                for (rule, level) in t.iter() {
                    let rule_name = rule.get_ref().to_string();
                    if !names.contains(&rule_name.as_str()) {
                        return Err(format!(
                            "{}: unknown rule {rule_name:?} (`fedscope rules` lists them)",
                            at(rule.span())
                        ));
                    }
                    let s = level
                        .get_ref()
                        .as_str()
                        .ok_or_else(|| format!("{}: the level of {rule_name} must be a string", at(level.span())))?;
                    let sev = match s {
                        "off" | "allow" => None,
                        other => Some(Severity::parse(other).ok_or_else(|| {
                            format!(
                                "{}: the level of {rule_name} must be \"off\", \"info\", \"warning\" or \"error\", not {other:?}",
                                at(level.span())
                            )
                        })?),
                    };
                    config.rules.insert(rule_name, sev);
                }
            }
            "stateful" => {
                let t = value
                    .get_ref()
                    .as_table()
                    .ok_or_else(|| format!("{}: [stateful] must be a table", at(span.clone())))?;
                for (k, v) in t.iter() {
                    if k.get_ref().as_ref() != "packages" {
                        return Err(format!(
                            "{}: unknown key stateful.{} (expected packages)",
                            at(k.span()),
                            k.get_ref()
                        ));
                    }
                    let arr = v.get_ref().as_array().ok_or_else(|| {
                        format!("{}: stateful.packages must be an array of package names", at(v.span()))
                    })?;
                    for item in arr.iter() {
                        let s = item
                            .get_ref()
                            .as_str()
                            .ok_or_else(|| format!("{}: stateful.packages must hold strings", at(item.span())))?;
                        config.stateful.push(s.to_string());
                    }
                }
            }
            "ignore" => {
                let arr = value
                    .get_ref()
                    .as_array()
                    .ok_or_else(|| format!("{}: ignore must be written [[ignore]]", at(span.clone())))?;
                for item in arr.iter() {
                    let line = line_of(text, item.span().start);
                    let t = item
                        .get_ref()
                        .as_table()
                        .ok_or_else(|| format!("{label}:{line}: an [[ignore]] must be a table"))?;
                    let mut ig = Ignore { rule: String::new(), app: None, file: None, reason: String::new(), line };
                    for (k, v) in t.iter() {
                        let s = v
                            .get_ref()
                            .as_str()
                            .ok_or_else(|| format!("{}: ignore.{} must be a string", at(v.span()), k.get_ref()))?
                            .to_string();
                        match k.get_ref().as_ref() {
                            "rule" => ig.rule = s,
                            "app" => ig.app = Some(s),
                            "file" => ig.file = Some(s),
                            "reason" => ig.reason = s,
                            other => {
                                return Err(format!(
                                    "{}: unknown key ignore.{other} (expected rule, app, file, reason)",
                                    at(k.span())
                                ));
                            }
                        }
                    }
                    if ig.rule.is_empty() {
                        return Err(format!("{label}:{line}: an [[ignore]] needs a rule"));
                    }
                    if !names.contains(&ig.rule.as_str()) {
                        return Err(format!("{label}:{line}: unknown rule {:?} in [[ignore]]", ig.rule));
                    }
                    if ig.reason.trim().is_empty() {
                        return Err(format!("{label}:{line}: an [[ignore]] must say why (reason = \"…\")"));
                    }
                    config.ignores.push(ig);
                }
            }
            other => {
                return Err(format!(
                    "{}: unknown key {other:?} (expected fail-on, [rules], [stateful], [[ignore]])",
                    at(span)
                ));
            }
        }
    }
    Ok(config)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_section() {
        let c = parse(
            "fail-on = \"error\"\n[rules]\neager-shared = \"off\"\nduplicate-instance = \"warning\"\n[stateful]\npackages = [\"@acme/store\"]\n\n[[ignore]]\nrule = \"singleton-not-declared\"\napp = \"shell\"\nreason = \"legacy\"\n",
            "fedscope.toml",
        )
        .unwrap();
        assert_eq!(c.fail_on, Some(Severity::Error));
        assert_eq!(c.severity_of("eager-shared"), Some(None));
        assert_eq!(c.severity_of("duplicate-instance"), Some(Some(Severity::Warning)));
        assert_eq!(c.stateful, vec!["@acme/store"]);
        assert_eq!(c.ignores.len(), 1);
        assert_eq!(c.ignores[0].line, 8);
    }

    #[test]
    fn errors_name_the_line() {
        for (text, needle) in [
            ("[rules]\nno-such-rule = \"off\"\n", "fedscope.toml:2: unknown rule"),
            ("[rules]\neager-shared = \"loud\"\n", "fedscope.toml:2:"),
            ("[[ignore]]\nrule = \"eager-shared\"\n", "fedscope.toml:1: an [[ignore]] must say why"),
            ("fail-on = 3\n", "fedscope.toml:1: fail-on"),
            ("colour = true\n", "fedscope.toml:1: unknown key"),
            ("[rules\n", "fedscope.toml:1:"),
        ] {
            let e = parse(text, "fedscope.toml").unwrap_err();
            assert!(e.contains(needle), "{text:?}: {e}");
        }
    }
}
