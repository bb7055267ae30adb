use crate::util::page_modules_from_major;
use crate::{Context, Diagnostic, declare_rule, impl_rule};
use fedscope_workspace::Place;
use std::collections::BTreeSet;

declare_rule! {
    /// `invalidateQueries([...])` (or another filter method) called with an array in TanStack Query v5: it matches every query.
    ///
    /// ## What it does
    ///
    /// Finds `invalidateQueries`, `removeQueries`, `refetchQueries`,
    /// `resetQueries` and `cancelQueries` called on a client with an array
    /// literal as the first argument, in an app whose
    /// `@tanstack/react-query` is 5 or later.
    ///
    /// ## Why is this bad?
    ///
    /// v5 takes a filters object (`{ queryKey: [...] }`). An array is read
    /// as a filters object without a `queryKey`, which matches every query:
    /// `invalidateQueries(['cart'])` refetches the whole cache of the app,
    /// every app that shares the client included, and `removeQueries(['x'])`
    /// empties it.
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
    /// ```js file=apps/shell/src/bootstrap.js
    /// import { QueryClient } from '@tanstack/react-query';
    /// export const client = new QueryClient();
    /// export const onCheckout = () => client.invalidateQueries(['cart']);
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
    /// ```js file=apps/shell/src/bootstrap.js
    /// import { QueryClient } from '@tanstack/react-query';
    /// export const client = new QueryClient();
    /// export const onCheckout = () => client.invalidateQueries({ queryKey: ['cart'] });
    /// ```
    ///
    /// ## How to fix
    ///
    /// Pass a filters object: `invalidateQueries({ queryKey: ['cart'] })`.
    pub struct InvalidateQueriesLegacySignature { name: "invalidate-queries-legacy-signature", table: ServerState, severity: Error }
}

impl_rule!(InvalidateQueriesLegacySignature, check);

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let mut seen = BTreeSet::new();
    for (i, file, m, major) in page_modules_from_major(cx, "@tanstack/react-query", 5) {
        let app = cx.app(i);
        for f in m.query.filters.iter().filter(|f| f.array_argument) {
            if !seen.insert((file, f.line, f.column)) {
                continue;
            }
            let key = f.key.clone().unwrap_or_else(|| "…".into());
            out.push(
                Diagnostic::new(
                    &InvalidateQueriesLegacySignature::META,
                    app,
                    &Place { file: file.to_string(), line: f.line },
                    format!(
                        "{}([…]) with an array: TanStack Query v{major} reads it as filters without a queryKey, which match every query",
                        f.method
                    ),
                )
                .column(f.column)
                .path(vec![app.name.clone(), file.to_string()])
                .help(format!("pass a filters object: {}({{ queryKey: ['{key}', …] }})", f.method)),
            );
        }
    }
}
