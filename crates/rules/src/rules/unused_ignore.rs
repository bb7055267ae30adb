use crate::config::{Config, Ignore};
use crate::{Context, Diagnostic, declare_rule, impl_rule};

declare_rule! {
    /// An `[[ignore]]` in `fedscope.toml` that matches no finding.
    ///
    /// ## What it does
    ///
    /// Reports each ignore of the configuration that silenced nothing in this run.
    ///
    /// ## Why is this bad?
    ///
    /// An ignore outlives the problem it was written for: once the finding is
    /// fixed (or moves to another file), the stale ignore would silently hide
    /// the next, different finding of that rule. Each ignore must carry its
    /// reason and keep matching, or go.
    ///
    /// ## Examples
    ///
    /// ```toml
    /// [[ignore]]
    /// rule = "eager-shared"
    /// app = "shell"
    /// reason = "the shell renders its splash synchronously"
    /// ```
    ///
    /// reported when `shell` has no `eager-shared` finding.
    ///
    /// ## How to fix
    ///
    /// Delete the ignore, or correct its `rule`, `app` or `file`.
    pub struct UnusedIgnore { name: "unused-ignore", table: Configuration, severity: Warning }
}

impl_rule!(UnusedIgnore, none);

/// Produced by the framework after the rules ran, not by `check`.
fn none(_: &Context, _: &mut Vec<Diagnostic>) {}

pub fn diagnostic(config: &Config, ig: &Ignore) -> Diagnostic {
    let file = config.file.clone().unwrap_or_else(|| crate::config::FILE_NAME.into());
    let mut scope = Vec::new();
    if let Some(a) = &ig.app {
        scope.push(format!("app {a}"));
    }
    if let Some(f) = &ig.file {
        scope.push(format!("file {f}"));
    }
    let scope = if scope.is_empty() { String::new() } else { format!(" ({})", scope.join(", ")) };
    Diagnostic::new(
        &UnusedIgnore::META,
        "",
        &fedscope_workspace::Place { file, line: ig.line },
        format!("this ignore of {}{scope} matches no finding", ig.rule),
    )
    .note(format!("its reason: {}", ig.reason))
    .help("delete it, or correct its rule, app or file")
}
