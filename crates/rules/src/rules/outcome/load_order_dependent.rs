use super::app_of;
use crate::util::{chain, shared_place};
use crate::{Context, Diagnostic, declare_rule, impl_rule};
use std::collections::BTreeMap;

declare_rule! {
    /// An outcome that changes with the order the remotes load in.
    ///
    /// ## What it does
    ///
    /// Replays the group's share scope in every order the remote entries can
    /// arrive or the page can reach the remotes in, and finds a consumer that
    /// gets a different provider, version or result depending on that order.
    ///
    /// ## Why is this bad?
    ///
    /// Which copy an app runs then depends on network timing and on the path
    /// a user takes through the page: it works in development and on a fast
    /// connection, and breaks for some users in production ("works on my
    /// machine"). The fix is to make the versions agree, so every order gives
    /// the same answer.
    ///
    /// ## Examples
    ///
    /// ### Invalid
    ///
    /// ```js file=apps/shell/rspack.config.js
    /// const { rspack } = require('@rspack/core');
    /// module.exports = {
    ///   plugins: [new rspack.container.ModuleFederationPlugin({
    ///     name: 'shell',
    ///     shareStrategy: 'loaded-first',
    ///     remotes: { cart: 'cart@http://localhost:3001/mf-manifest.json', catalog: 'catalog@http://localhost:3002/mf-manifest.json' },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/cart/rspack.config.js
    /// const { rspack } = require('@rspack/core');
    /// module.exports = {
    ///   plugins: [new rspack.container.ModuleFederationPlugin({
    ///     name: 'cart',
    ///     shareStrategy: 'loaded-first',
    ///     exposes: { './Cart': './src/Cart.js' },
    ///     shared: { lodash: { version: '4.17.21' } },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/cart/src/Cart.js
    /// import lodash from 'lodash';
    /// ```
    ///
    /// ```js file=apps/catalog/rspack.config.js
    /// const { rspack } = require('@rspack/core');
    /// module.exports = {
    ///   plugins: [new rspack.container.ModuleFederationPlugin({
    ///     name: 'catalog',
    ///     shareStrategy: 'loaded-first',
    ///     exposes: { './List': './src/List.js' },
    ///     shared: { lodash: { version: '4.17.20' } },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/catalog/src/List.js
    /// import lodash from 'lodash';
    /// ```
    ///
    /// ### Valid
    ///
    /// ```js file=apps/shell/rspack.config.js
    /// const { rspack } = require('@rspack/core');
    /// module.exports = {
    ///   plugins: [new rspack.container.ModuleFederationPlugin({
    ///     name: 'shell',
    ///     shareStrategy: 'loaded-first',
    ///     remotes: { cart: 'cart@http://localhost:3001/mf-manifest.json', catalog: 'catalog@http://localhost:3002/mf-manifest.json' },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/cart/rspack.config.js
    /// const { rspack } = require('@rspack/core');
    /// module.exports = {
    ///   plugins: [new rspack.container.ModuleFederationPlugin({
    ///     name: 'cart',
    ///     shareStrategy: 'loaded-first',
    ///     exposes: { './Cart': './src/Cart.js' },
    ///     shared: { lodash: {} },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/cart/src/Cart.js
    /// import lodash from 'lodash';
    /// ```
    ///
    /// ```js file=apps/catalog/rspack.config.js
    /// const { rspack } = require('@rspack/core');
    /// module.exports = {
    ///   plugins: [new rspack.container.ModuleFederationPlugin({
    ///     name: 'catalog',
    ///     shareStrategy: 'loaded-first',
    ///     exposes: { './List': './src/List.js' },
    ///     shared: { lodash: {} },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/catalog/src/List.js
    /// import lodash from 'lodash';
    /// ```
    ///
    /// ## How to fix
    ///
    /// Provide the same version of the library from every app of the group
    /// (one lockfile, one version), and make stateful libraries singletons.
    pub struct LoadOrderDependent { name: "load-order-dependent", table: ShareScopeOutcome, severity: Warning }
}

impl_rule!(LoadOrderDependent, check);

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for group in &cx.groups {
        if group.plan.runs.len() < 2 {
            continue;
        }
        // (consumer, key) → what it got → the orders
        let mut got: BTreeMap<(String, String), BTreeMap<String, Vec<String>>> = BTreeMap::new();
        for run in &group.plan.runs {
            for s in &run.outcome.steps {
                let what = match s.result {
                    fedscope_scope::LoadResult::Error => "an error".to_string(),
                    fedscope_scope::LoadResult::Fallback => "its own copy".to_string(),
                    // the same version from another provider is the same outcome for the app
                    fedscope_scope::LoadResult::Shared => s.version.clone().unwrap_or_else(|| "?".into()),
                };
                let orders = got.entry((s.container.clone(), s.shared.clone())).or_default().entry(what).or_default();
                let o = run.order.join(" → ");
                if !orders.contains(&o) {
                    orders.push(o);
                }
            }
        }
        for ((container, key), outcomes) in got {
            if outcomes.len() < 2 {
                continue;
            }
            let Some(i) = app_of(cx, group, &container) else { continue };
            let app = cx.app(i);
            let described: Vec<String> = outcomes
                .iter()
                .map(|(what, orders)| format!("{what} when the remotes load as {}", orders[0]))
                .collect();
            let mut path = chain(cx, group, i);
            path.push(key.clone());
            out.push(
                Diagnostic::new(
                    &LoadOrderDependent::META,
                    app,
                    &shared_place(app, &key),
                    format!(
                        "what {} gets for {key} depends on the order the remotes load in: {}",
                        app.name,
                        described.join("; ")
                    ),
                )
                .path(path)
                .help(format!(
                    "provide one version of {key} across the group (and make it a singleton if it holds state)"
                )),
            );
        }
    }
}
