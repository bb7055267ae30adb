use super::singleton_version_error::is_singleton_mismatch;
use super::{app_of, steps_where, when};
use crate::util::{chain, shared_place};
use crate::{Context, Diagnostic, declare_rule, impl_rule};
use fedscope_scope::LoadResult;

declare_rule! {
    /// A singleton version mismatch the runtime will warn about.
    ///
    /// ## What it does
    ///
    /// Replays the group's share scope and finds the loads where an app gets
    /// a singleton whose version does not satisfy its required range, without
    /// `strictVersion`: the runtime hands over the singleton anyway and prints
    /// the warning given.
    ///
    /// ## Why is this bad?
    ///
    /// The app runs against a version it was not built or tested with: a
    /// renamed export, a changed hook, a different store API. The warning is
    /// easy to miss in a console full of others; the breakage is not.
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
    ///     shared: { react: { singleton: true, requiredVersion: '^17.0.2', import: false } },
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
    ///     shared: { react: { singleton: true, requiredVersion: '^18.2.0', import: false } },
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
    /// Align the app's range with the singleton the group ships: upgrade the
    /// app, or upgrade the provider.
    pub struct SingletonVersionUnsatisfied { name: "singleton-version-unsatisfied", table: ShareScopeOutcome, severity: Warning }
}

impl_rule!(SingletonVersionUnsatisfied, check);

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for group in &cx.groups {
        let found = steps_where(group, |s| {
            s.result != LoadResult::Error && s.warnings.iter().any(|w| is_singleton_mismatch(w))
        });
        for ((container, key), (step, orders)) in found {
            let Some(i) = app_of(cx, group, &container) else { continue };
            let app = cx.app(i);
            let warning = step.warnings.iter().find(|w| is_singleton_mismatch(w)).cloned().unwrap_or_default();
            let got = match (&step.provider, &step.version) {
                (Some(p), Some(v)) => format!("{v} from {p}"),
                _ => "the page's copy".into(),
            };
            let mut path = chain(cx, group, i);
            path.push(key.clone());
            out.push(
                Diagnostic::new(
                    &SingletonVersionUnsatisfied::META,
                    app,
                    &shared_place(app, &key),
                    format!("{} gets the singleton {key} {got}{}, which its required version does not accept: the runtime warns and uses it anyway", app.name, when(group, &orders)),
                )
                .runtime(warning)
                .path(path)
                .help(format!("align {}'s requiredVersion for {key} with the version the group ships", app.name)),
            );
        }
    }
}
