use crate::util::page_modules_from_major;
use crate::{Context, Diagnostic, declare_rule, impl_rule};
use fedscope_workspace::Place;
use std::collections::BTreeSet;

declare_rule! {
    /// `contextSharing` given to a QueryClientProvider with TanStack Query v5, which removed it.
    ///
    /// ## What it does
    ///
    /// Finds a `contextSharing` prop on `QueryClientProvider` in an app whose
    /// `@tanstack/react-query` (the version it shares, else the one its
    /// lockfile installs) is 5 or later.
    ///
    /// ## Why is this bad?
    ///
    /// In v4, `contextSharing` stored the context on `window` so that
    /// separately bundled copies of the library found the same client. v5
    /// removed it and ignores the prop silently: a remote with its own copy
    /// of the library no longer finds the host's client and throws "No
    /// QueryClient set". Teams that relied on it lose the sharing at the
    /// upgrade without a warning.
    ///
    /// ## Examples
    ///
    /// ### Invalid
    ///
    /// ```js file=apps/shell/webpack.config.js
    /// const { ModuleFederationPlugin } = require('webpack').container;
    /// module.exports = {
    ///   plugins: [new ModuleFederationPlugin({
    ///     name: 'shell',
    ///     shared: {
    ///       react: { singleton: true, requiredVersion: '^18.3.1' },
    ///       '@tanstack/react-query': { singleton: true, requiredVersion: '^5.51.1' },
    ///     },
    ///   })],
    /// };
    /// ```
    ///
    /// ```jsx file=apps/shell/src/bootstrap.js
    /// import React from 'react';
    /// import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
    /// const client = new QueryClient();
    /// export const App = ({ children }) => (
    ///   <QueryClientProvider client={client} contextSharing={true}>{children}</QueryClientProvider>
    /// );
    /// ```
    ///
    /// ### Valid
    ///
    /// ```js file=apps/shell/webpack.config.js
    /// const { ModuleFederationPlugin } = require('webpack').container;
    /// module.exports = {
    ///   plugins: [new ModuleFederationPlugin({
    ///     name: 'shell',
    ///     shared: {
    ///       react: { singleton: true, requiredVersion: '^18.3.1' },
    ///       '@tanstack/react-query': { singleton: true, requiredVersion: '^5.51.1' },
    ///     },
    ///   })],
    /// };
    /// ```
    ///
    /// ```jsx file=apps/shell/src/bootstrap.js
    /// import React from 'react';
    /// import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
    /// const client = new QueryClient();
    /// export const App = ({ children }) => (
    ///   <QueryClientProvider client={client}>{children}</QueryClientProvider>
    /// );
    /// ```
    ///
    /// ## How to fix
    ///
    /// Remove the prop, and share `@tanstack/react-query` (and React) as
    /// singletons in every app so that there is one context to begin with.
    pub struct QueryContextSharingRemoved { name: "query-context-sharing-removed", table: ServerState, severity: Warning }
}

impl_rule!(QueryContextSharingRemoved, check);

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let mut seen = BTreeSet::new();
    for (i, file, m, major) in page_modules_from_major(cx, "@tanstack/react-query", 5) {
        let app = cx.app(i);
        for &(line, column) in &m.query.context_sharing {
            if !seen.insert((file, line, column)) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    &QueryContextSharingRemoved::META,
                    app,
                    &Place { file: file.to_string(), line },
                    format!("contextSharing was removed in TanStack Query v5 ({} has v{major}): the prop is ignored, and copies of the library no longer share a client", app.name),
                )
                .column(column)
                .path(vec![app.name.clone(), file.to_string()])
                .help("remove contextSharing and share @tanstack/react-query as a singleton in every app"),
            );
        }
    }
}
