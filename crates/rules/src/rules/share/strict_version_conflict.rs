use crate::util::{chain, satisfies};
use crate::{Context, Diagnostic, declare_rule, impl_rule};
use fedscope_workspace::Required;
use std::collections::BTreeSet;

declare_rule! {
    /// A strict singleton whose range cannot hold for the version the group will use.
    ///
    /// ## What it does
    ///
    /// For each singleton that some app of a group marks `strictVersion: true`,
    /// takes the versions the share scope will really hand out (from the
    /// replay of every load order) and finds the strict apps whose range does
    /// not accept them.
    ///
    /// ## Why is this bad?
    ///
    /// A singleton is one copy for the whole page; a strict range that the
    /// chosen copy does not satisfy makes the runtime throw instead of loading
    /// the module, so that app's code never runs. The ranges of the group
    /// contradict each other: one of them has to change.
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
    ///     shared: { react: { singleton: true, strictVersion: true, requiredVersion: '~18.2.0', import: false } },
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
    /// Align the ranges of the group on the version you ship (upgrade the
    /// app, or widen its range), or drop `strictVersion` if a warning is enough.
    pub struct StrictVersionConflict { name: "strict-version-conflict", table: ShareConfiguration, severity: Error }
}

impl_rule!(StrictVersionConflict, check);

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let mut seen = BTreeSet::new();
    for group in &cx.groups {
        if group.plan.runs.is_empty() {
            continue;
        }
        for &i in &group.apps {
            let app = cx.app(i);
            for s in &app.shared {
                let Required::Range(range) = &s.required_version else { continue };
                if !s.singleton || !s.strict_version || !seen.insert((i, s.key.clone())) {
                    continue;
                }
                // the versions of the key the page really runs, in any order
                let mut chosen: BTreeSet<(String, String)> = BTreeSet::new();
                for run in &group.plan.runs {
                    for inst in run.outcome.instances.get(&fedscope_plan::scope_key(s)).into_iter().flatten() {
                        chosen.insert((inst.version.clone(), inst.provider.clone()));
                    }
                }
                let bad: Vec<String> = chosen
                    .iter()
                    .filter(|(v, _)| satisfies(group.plan.runtime, v, range) == Some(false))
                    .map(|(v, p)| format!("{v} from {p}"))
                    .collect();
                if bad.is_empty() {
                    continue;
                }
                let mut path = chain(cx, group, i);
                path.push(s.key.clone());
                out.push(
                    Diagnostic::new(
                        &StrictVersionConflict::META,
                        app,
                        &s.place,
                        format!(
                            "{} requires {} {range} strictly, but the group's singleton is {}: the ranges of the group cannot all hold",
                            app.name,
                            s.key,
                            crate::util::and_list(&bad)
                        ),
                    )
                    .path(path)
                    .help(format!(
                        "align {}'s range for {} with the version the group ships, or drop strictVersion",
                        app.name, s.key
                    )),
                );
            }
        }
    }
}
