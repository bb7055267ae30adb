use crate::util::{chain, package_of_key, page_uses};
use crate::{Context, Diagnostic, declare_rule, impl_rule};
use std::collections::BTreeSet;

declare_rule! {
    /// A stateful library shared by some apps of a group and bundled privately by another.
    ///
    /// ## What it does
    ///
    /// Finds an app whose code, in the part the group's page runs (the host's
    /// entry, a remote's exposed modules), imports a stateful library that
    /// other apps of the group share, while the app itself does not list it
    /// in `shared`.
    ///
    /// ## Why is this bad?
    ///
    /// A package an app does not share is bundled into that app's chunks and
    /// never goes through the share scope: the page runs the shared copy for
    /// the other apps and this app's private copy for it. With React that is
    /// "Invalid hook call" or a null dispatcher; with react-query, "No
    /// QueryClient set"; with a store library, two stores.
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
    ///     shared: { lodash: {} },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/cart/src/Cart.js
    /// import { useState } from 'react';
    /// export default function Cart() { return useState(0)[0]; }
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
    ///     shared: { react: { singleton: true } },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/cart/src/Cart.js
    /// import { useState } from 'react';
    /// export default function Cart() { return useState(0)[0]; }
    /// ```
    ///
    /// ## How to fix
    ///
    /// Share the library in this app too, with the same settings as the rest
    /// of the group (`singleton: true` and a requiredVersion). Share every
    /// entry point the app imports (`react-dom/client`, `react/jsx-runtime`)
    /// or a prefix key (`react/`).
    pub struct SharedAsymmetric { name: "shared-asymmetric", table: ShareConfiguration, severity: Error }
}

impl_rule!(SharedAsymmetric, check);

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let mut seen: BTreeSet<(usize, String)> = BTreeSet::new();
    for group in &cx.groups {
        for &i in &group.apps {
            let app = cx.app(i);
            for u in page_uses(group, i, app) {
                if !crate::util::is_private_copy(u)
                    || !cx.is_stateful(&u.package)
                    || seen.contains(&(i, u.package.clone()))
                {
                    continue;
                }
                let sharers: Vec<String> = group
                    .apps
                    .iter()
                    .filter(|&&j| j != i && cx.app(j).shared.iter().any(|s| package_of_key(s) == u.package))
                    .map(|&j| cx.app(j).name.clone())
                    .collect();
                if sharers.is_empty() {
                    continue;
                }
                seen.insert((i, u.package.clone()));
                let mut path = chain(cx, group, i);
                path.push(u.place.file.clone());
                path.push(u.request.clone());
                out.push(
                    Diagnostic::new(
                        &SharedAsymmetric::META,
                        app,
                        &u.place,
                        format!(
                            "{} imports {} but does not share it, while {} {} it: {} bundles a private copy of {}",
                            app.name,
                            u.request,
                            crate::util::and_list(&sharers),
                            if sharers.len() == 1 { "shares" } else { "share" },
                            app.name,
                            u.package
                        ),
                    )
                    .column(u.column)
                    .path(path)
                    .help(format!(
                        "add {} to {}'s shared config with the group's settings (singleton: true, a requiredVersion)",
                        u.request, app.name
                    )),
                );
            }
        }
    }
}
