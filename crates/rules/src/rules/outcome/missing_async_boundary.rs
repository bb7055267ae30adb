use crate::{Context, Diagnostic, declare_rule, impl_rule};
use fedscope_scope::LoadResult;

declare_rule! {
    /// An entry that consumes shared modules synchronously, before the share scope exists.
    ///
    /// ## What it does
    ///
    /// Follows each app's entry through its static imports (the code that
    /// runs in the initial chunk, before any `import()`), finds the first
    /// shared, non-eager module it reaches, and replays that consume on the
    /// app's runtime: with no async boundary and no async startup, the
    /// runtime refuses it with the error given.
    ///
    /// ## Why is this bad?
    ///
    /// The share scope is filled asynchronously (remote entries have to load
    /// before the runtime can pick a version). A shared module consumed
    /// synchronously from the entry cannot wait for that: webpack throws
    /// "Shared module is not available for eager consumption", the Module
    /// Federation 2 runtime throws RUNTIME-006. The app does not start: a
    /// blank page.
    ///
    /// ## Examples
    ///
    /// ### Invalid
    ///
    /// ```js file=apps/shell/webpack.config.js
    /// const { ModuleFederationPlugin } = require('webpack').container;
    /// module.exports = {
    ///   plugins: [new ModuleFederationPlugin({ name: 'shell', shared: { react: { singleton: true } } })],
    /// };
    /// ```
    ///
    /// ```js file=apps/shell/src/index.js
    /// import React from 'react';
    /// ```
    ///
    /// ### Valid
    ///
    /// ```js file=apps/shell/webpack.config.js
    /// const { ModuleFederationPlugin } = require('webpack').container;
    /// module.exports = {
    ///   plugins: [new ModuleFederationPlugin({ name: 'shell', shared: { react: { singleton: true } } })],
    /// };
    /// ```
    ///
    /// ```js file=apps/shell/src/index.js
    /// import('./bootstrap');
    /// ```
    ///
    /// ```js file=apps/shell/src/bootstrap.js
    /// import React from 'react';
    /// ```
    ///
    /// ## How to fix
    ///
    /// Make the entry an async boundary: move its code into `bootstrap.js`
    /// and leave only `import('./bootstrap')` in the entry. Or turn on the
    /// bundler's async startup (`experiments: { asyncStartup: true }` in the
    /// Module Federation 2 plugins). `eager: true` also silences it, at the
    /// cost of bundling the library into the initial chunk.
    pub struct MissingAsyncBoundary { name: "missing-async-boundary", table: ShareScopeOutcome, severity: Error }
}

impl_rule!(MissingAsyncBoundary, check);

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for (i, app) in cx.graph.apps.iter().enumerate() {
        let Some((first, outcome)) = fedscope_plan::first_sync_consume(cx.graph, i) else { continue };
        if outcome.result != LoadResult::Error {
            continue;
        }
        let key = first.shared.clone().unwrap_or_default();
        let mut path = vec![app.name.clone()];
        path.extend(app.sources.entries.iter().cloned());
        if !path.contains(&first.place.file) {
            path.push(first.place.file.clone());
        }
        path.push(key.clone());
        let implicit = first.request == "react/jsx-runtime" && first.column == 1 && first.place.line == 1;
        let what = if implicit {
            format!("the JSX in {} compiles to an import of react/jsx-runtime", first.place.file)
        } else {
            format!("{} imports {}", first.place.file, first.request)
        };
        let reached = if app.sources.entries.contains(&first.place.file) {
            String::new()
        } else {
            format!(", reached from {} through static imports only", app.sources.entries.join(", "))
        };
        // a remote's own entry runs only on its own page (the host loads its container, not its entry)
        let is_remote = cx.groups.iter().any(|g| g.host != i && g.apps.contains(&i));
        let is_host = cx.groups.iter().any(|g| g.host == i);
        let page = if is_remote && !is_host {
            " when the app runs on its own page (as a remote, only its exposed modules load)"
        } else {
            ""
        };
        let mut d = Diagnostic::new(
            &MissingAsyncBoundary::META,
            app,
            &first.place,
            format!(
                "{}'s entry consumes the shared module {key} synchronously ({what}{reached}): the runtime throws before the share scope is ready and the app does not start{page}",
                app.name
            ),
        )
        .column(first.column)
        .runtime(outcome.error.clone().unwrap_or_default())
        .path(path)
        .help("make the entry only `import('./bootstrap')` and move the app into bootstrap, or enable experiments.asyncStartup");
        if app.runtime == fedscope_workspace::RuntimeKind::Webpack {
            d = d.note(format!("webpack prints the consume module's id where this shows the share key {key}"));
        }
        out.push(d);
    }
}
