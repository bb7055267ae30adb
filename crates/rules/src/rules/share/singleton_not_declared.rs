use crate::util::{chain, grouped_apps, package_of_key};
use crate::{Context, Diagnostic, declare_rule, impl_rule};

declare_rule! {
    /// A stateful library shared without `singleton: true`.
    ///
    /// ## What it does
    ///
    /// Finds a shared entry of a stateful library (React, a router, Redux,
    /// Zustand, TanStack Query, …) that some app of a group declares without
    /// `singleton: true`.
    ///
    /// ## Why is this bad?
    ///
    /// Without `singleton`, the share scope may hand each app a different
    /// version: the highest one that satisfies the app's range, or the app's
    /// own copy when none does. For a stateful library a second copy means a
    /// second store, a second React dispatcher, a second context object:
    /// hooks throw ("Invalid hook call"), providers are not found ("No
    /// QueryClient set"), state updates in one app never reach another.
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
    ///     remotes: { cart: 'cart@http://localhost:3001/remoteEntry.js' },
    ///     shared: { react: { singleton: true, requiredVersion: '^18.3.1' } },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/cart/webpack.config.js
    /// const { ModuleFederationPlugin } = require('webpack').container;
    /// module.exports = {
    ///   plugins: [new ModuleFederationPlugin({
    ///     name: 'cart',
    ///     exposes: { './Cart': './src/Cart.js' },
    ///     shared: { react: { requiredVersion: '^18.3.1' } },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/cart/src/Cart.js
    /// import React from 'react';
    /// export default function Cart() { return null; }
    /// ```
    ///
    /// ### Valid
    ///
    /// ```js file=apps/shell/webpack.config.js
    /// const { ModuleFederationPlugin } = require('webpack').container;
    /// module.exports = {
    ///   plugins: [new ModuleFederationPlugin({
    ///     name: 'shell',
    ///     remotes: { cart: 'cart@http://localhost:3001/remoteEntry.js' },
    ///     shared: { react: { singleton: true, requiredVersion: '^18.3.1' } },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/cart/webpack.config.js
    /// const { ModuleFederationPlugin } = require('webpack').container;
    /// module.exports = {
    ///   plugins: [new ModuleFederationPlugin({
    ///     name: 'cart',
    ///     exposes: { './Cart': './src/Cart.js' },
    ///     shared: { react: { singleton: true, requiredVersion: '^18.3.1' } },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/cart/src/Cart.js
    /// import React from 'react';
    /// export default function Cart() { return null; }
    /// ```
    ///
    /// ## How to fix
    ///
    /// Add `singleton: true` to the entry in every app of the group, with a
    /// `requiredVersion` (taken from the app's package.json) so a mismatch is
    /// reported instead of silently accepted.
    pub struct SingletonNotDeclared { name: "singleton-not-declared", table: ShareConfiguration, severity: Warning }
}

impl_rule!(SingletonNotDeclared, check);

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for (i, group) in grouped_apps(cx) {
        let app = cx.app(i);
        for s in &app.shared {
            let package = package_of_key(s);
            if s.singleton || !cx.is_stateful(&package) {
                continue;
            }
            let others: Vec<String> = group
                .apps
                .iter()
                .filter(|&&j| j != i)
                .filter(|&&j| cx.app(j).shared.iter().any(|o| o.key == s.key && o.singleton))
                .map(|&j| cx.app(j).name.clone())
                .collect();
            let context = if others.is_empty() {
                String::new()
            } else {
                format!(
                    " (while {} {} it a singleton)",
                    crate::util::and_list(&others),
                    if others.len() == 1 { "declares" } else { "declare" }
                )
            };
            let mut path = chain(cx, group, i);
            path.push(s.key.clone());
            out.push(
                Diagnostic::new(
                    &SingletonNotDeclared::META,
                    app,
                    &s.place,
                    format!(
                        "{} shares the stateful library {} without `singleton: true`{context}: the page can run more than one copy",
                        app.name, s.key
                    ),
                )
                .path(path)
                .help(format!("add `singleton: true` (and a requiredVersion) to {} in {}'s shared config", s.key, app.name)),
            );
        }
    }
}
