//! Terminal styles. Renderers always emit ANSI; the CLI's writer (anstream)
//! strips it when the output is not a terminal or `NO_COLOR` is set.

use anstyle::AnsiColor;
pub use anstyle::Style;

pub const ERROR: Style = AnsiColor::Red.on_default().bold();
pub const WARN: Style = AnsiColor::Yellow.on_default().bold();
pub const INFO: Style = AnsiColor::Cyan.on_default().bold();
/// The gutter of snippets (`-->`, `|`, `=`).
pub const GUTTER: Style = AnsiColor::Blue.on_default().bold();
pub const GOOD: Style = AnsiColor::Green.on_default();
pub const DIM: Style = Style::new().dimmed();
pub const BOLD: Style = Style::new().bold();
pub const HEADER: Style = Style::new().bold().underline();

/// `text` wrapped in `style`.
pub fn paint(style: Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}
