use super::{app_of, steps_where, when};
use crate::util::{chain, shared_place};
use crate::{Context, Diagnostic, declare_rule, impl_rule};
use fedscope_scope::LoadResult;

declare_rule! {
    /// A strict singleton mismatch the runtime will throw on.
    ///
    /// ## What it does
    ///
    /// Replays the group's share scope and finds the loads where an app asks
    /// for a `strictVersion` singleton whose one copy on the page does not
    /// satisfy the app's range: the runtime throws, with the message given.
    ///
    /// ## Why is this bad?
    ///
    /// The module that imports the library never runs: the remote's exposed
    /// component fails to load (an error boundary shows its fallback, or the
    /// page goes blank without one). It happens in production only, after a
    /// deploy of one app moved the singleton's version.
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
    ///     shared: { react: { singleton: true } },
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
    ///     shared: { react: { singleton: true, strictVersion: true, requiredVersion: '^17.0.2', import: false } },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/cart/src/Cart.js
    /// import React from 'react';
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
    ///     shared: { react: { singleton: true } },
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
    ///     shared: { react: { singleton: true, strictVersion: true, requiredVersion: '^18.2.0', import: false } },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/cart/src/Cart.js
    /// import React from 'react';
    /// ```
    ///
    /// ## How to fix
    ///
    /// Align the app's range with the singleton the group ships (take it from
    /// package.json and upgrade), or drop `strictVersion` to get a warning
    /// instead of an error.
    pub struct SingletonVersionError { name: "singleton-version-error", table: ShareScopeOutcome, severity: Error }
}

impl_rule!(SingletonVersionError, check);

/// Whether a runtime text is a singleton version mismatch (both runtimes' wording).
pub fn is_singleton_mismatch(text: &str) -> bool {
    text.contains("of shared singleton module")
}

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for group in &cx.groups {
        let found = steps_where(group, |s| {
            s.result == LoadResult::Error && s.error.as_deref().is_some_and(is_singleton_mismatch)
        });
        for ((container, key), (step, orders)) in found {
            let Some(i) = app_of(cx, group, &container) else { continue };
            let app = cx.app(i);
            let error = step.error.clone().unwrap_or_default();
            let mut path = chain(cx, group, i);
            path.push(key.clone());
            out.push(
                Diagnostic::new(
                    &SingletonVersionError::META,
                    app,
                    &shared_place(app, &key),
                    format!(
                        "loading {key} in {} throws{}: its strict required version is not satisfied by the page's singleton, so {}'s modules that import {key} fail to load",
                        app.name,
                        when(group, &orders),
                        app.name
                    ),
                )
                .runtime(error)
                .path(path)
                .help(format!("align {}'s requiredVersion for {key} with the version the group ships, or drop strictVersion", app.name)),
            );
        }
    }
}
