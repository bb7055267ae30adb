//! A rule's documentation is its doc comment, in Markdown with fixed
//! headings: a one-line summary, `## What it does`, `## Why is this bad?`,
//! `## Examples` (each `### Invalid…` / `### Valid…` heading starts one
//! example workspace, made of the code blocks under it that carry
//! `file=PATH`), and `## How to fix`.

use crate::Meta;

/// The docs as Markdown (the doc comment's leading space removed).
pub fn markdown(meta: &Meta) -> String {
    let mut out = String::new();
    for line in meta.docs.lines() {
        out.push_str(line.strip_prefix(' ').unwrap_or(line));
        out.push('\n');
    }
    out.trim_end().to_string() + "\n"
}

/// One example workspace of a rule's docs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Example {
    pub valid: bool,
    /// The heading (`Invalid`, `Valid: with an async boundary`).
    pub title: String,
    /// (path, contents)
    pub files: Vec<(String, String)>,
}

/// The examples of a rule's docs, in order.
pub fn examples(meta: &Meta) -> Vec<Example> {
    let md = markdown(meta);
    let mut out: Vec<Example> = Vec::new();
    let mut lines = md.lines();
    while let Some(line) = lines.next() {
        if let Some(h) = line.strip_prefix("### ") {
            let valid = h.starts_with("Valid");
            if valid || h.starts_with("Invalid") {
                out.push(Example { valid, title: h.trim().to_string(), files: Vec::new() });
            }
            continue;
        }
        if line.starts_with("## ") {
            // a new section ends the examples
            if !line.starts_with("## Examples") && !out.is_empty() {
                break;
            }
            continue;
        }
        if let Some(info) = line.strip_prefix("```") {
            let file = info.split_whitespace().find_map(|w| w.strip_prefix("file=")).map(String::from);
            let mut body = String::new();
            for l in lines.by_ref() {
                if l.starts_with("```") {
                    break;
                }
                body.push_str(l);
                body.push('\n');
            }
            if let (Some(f), Some(ex)) = (file, out.last_mut()) {
                ex.files.push((f, body));
            }
        }
    }
    out
}

/// What the examples leave out: the example base, in prose.
pub fn base_note() -> String {
    let pkgs: Vec<String> = BASE_PACKAGES.iter().map(|(n, v)| format!("{n} {v}")).collect();
    format!(
        "The examples show only the files that matter; the rest of each workspace is the example base: a root `package.json`; installed {}; and for each app directory a `package.json` depending on each of those with `^version`, `src/index.js` (`import('./bootstrap')`) and `src/bootstrap.js` (`import React from 'react'`). A test runs every example.",
        pkgs.join(", ")
    )
}

/// The docs for a terminal: the Markdown with `file=` code fences shown as a file label.
pub fn render(meta: &Meta) -> String {
    let mut out = String::new();
    out.push_str(&format!("{} ({}, default severity {})\n\n", meta.name, meta.table.title(), meta.severity.as_str()));
    for line in markdown(meta).lines() {
        if let Some(info) = line.strip_prefix("```") {
            match info.split_whitespace().find_map(|w| w.strip_prefix("file=")) {
                Some(f) => out.push_str(&format!("```{}  // {f}\n", info.split_whitespace().next().unwrap_or(""))),
                None => {
                    out.push_str(line);
                    out.push('\n');
                }
            }
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    if !examples(meta).is_empty() {
        out.push_str(&format!("\n---\n{}\n", base_note()));
    }
    out
}

/// Installed packages of the example base: (name, version).
pub const BASE_PACKAGES: &[(&str, &str)] = &[
    ("react", "18.3.1"),
    ("react-dom", "18.3.1"),
    ("zustand", "4.5.2"),
    ("@tanstack/react-query", "5.51.1"),
    ("lodash", "4.17.21"),
];

const CONFIG_NAMES: &[&str] = &["webpack.config.js", "rspack.config.js", "rsbuild.config.ts", "vite.config.ts"];

/// The files of an example workspace: its own, plus the example base for
/// what it does not show (so the docs show only what matters):
///
/// - `package.json` at the root, and `node_modules/<pkg>/package.json` for
///   react 18.3.1, react-dom 18.3.1, zustand 4.5.2, @tanstack/react-query
///   5.51.1 and lodash 4.17.21;
/// - for each app (a directory with a bundler config): `package.json` named
///   after the directory, depending on each of those with `^version`;
///   `src/index.js` = `import('./bootstrap');` and `src/bootstrap.js` =
///   `import React from 'react';`.
pub fn materialize(example: &Example) -> Vec<(String, String)> {
    let mut files = example.files.clone();
    let has = |files: &[(String, String)], p: &str| files.iter().any(|(f, _)| f == p);
    let add = |files: &mut Vec<(String, String)>, p: String, text: String| {
        if !has(files, &p) {
            files.push((p, text));
        }
    };
    add(&mut files, "package.json".into(), "{ \"name\": \"example\", \"private\": true }\n".into());
    for (name, version) in BASE_PACKAGES {
        add(
            &mut files,
            format!("node_modules/{name}/package.json"),
            format!("{{ \"name\": \"{name}\", \"version\": \"{version}\", \"main\": \"index.js\" }}\n"),
        );
    }
    let apps: Vec<String> = example
        .files
        .iter()
        .filter(|(f, _)| CONFIG_NAMES.iter().any(|c| f.ends_with(c)))
        .map(|(f, _)| f.rsplit_once('/').map(|(d, _)| d.to_string()).unwrap_or_default())
        .collect();
    for dir in apps {
        let prefix = if dir.is_empty() { String::new() } else { format!("{dir}/") };
        let name = dir.rsplit('/').next().filter(|n| !n.is_empty()).unwrap_or("app");
        let deps: Vec<String> = BASE_PACKAGES.iter().map(|(n, v)| format!("\"{n}\": \"^{v}\"")).collect();
        add(
            &mut files,
            format!("{prefix}package.json"),
            format!(
                "{{ \"name\": \"{name}\", \"version\": \"1.0.0\", \"dependencies\": {{ {} }} }}\n",
                deps.join(", ")
            ),
        );
        add(&mut files, format!("{prefix}src/index.js"), "import('./bootstrap');\n".into());
        add(&mut files, format!("{prefix}src/bootstrap.js"), "import React from 'react';\n".into());
    }
    files
}

/// Writes an example workspace (see [`materialize`]) into `dir`, replacing what is there.
pub fn write_example(example: &Example, dir: &std::path::Path) -> std::io::Result<()> {
    let _ = std::fs::remove_dir_all(dir);
    for (path, text) in materialize(example) {
        let p = dir.join(path);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(p, text)?;
    }
    Ok(())
}
