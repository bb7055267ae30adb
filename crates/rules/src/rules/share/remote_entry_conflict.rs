use crate::util::chain;
use crate::{Context, Diagnostic, declare_rule, impl_rule};
use std::collections::BTreeMap;

declare_rule! {
    /// One remote resolving to different containers in different apps of a group.
    ///
    /// ## What it does
    ///
    /// Finds a remote (by the name the apps import it as) that two apps of
    /// the same group point at different entries: another URL or another
    /// container name.
    ///
    /// ## Why is this bad?
    ///
    /// Each entry is a separate container with its own module instances. The
    /// page loads both, and every module the remote exposes, its stores
    /// included, exists twice: what one app writes, the other never sees.
    /// Typically one app still points at an old deployment.
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
    ///     remotes: {
    ///       cart: 'cart@http://localhost:3001/remoteEntry.js',
    ///       catalog: 'catalog@http://localhost:3002/remoteEntry.js',
    ///     },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/catalog/webpack.config.js
    /// const { ModuleFederationPlugin } = require('webpack').container;
    /// module.exports = {
    ///   plugins: [new ModuleFederationPlugin({
    ///     name: 'catalog',
    ///     exposes: { './List': './src/List.js' },
    ///     remotes: { cart: 'cart_v1@http://localhost:3011/remoteEntry.js' },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/cart/webpack.config.js
    /// const { ModuleFederationPlugin } = require('webpack').container;
    /// module.exports = {
    ///   plugins: [new ModuleFederationPlugin({ name: 'cart', exposes: { './Cart': './src/Cart.js' } })],
    /// };
    /// ```
    ///
    /// ### Valid
    ///
    /// ```js file=apps/shell/webpack.config.js
    /// const { ModuleFederationPlugin } = require('webpack').container;
    /// module.exports = {
    ///   plugins: [new ModuleFederationPlugin({
    ///     name: 'shell',
    ///     remotes: {
    ///       cart: 'cart@http://localhost:3001/remoteEntry.js',
    ///       catalog: 'catalog@http://localhost:3002/remoteEntry.js',
    ///     },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/catalog/webpack.config.js
    /// const { ModuleFederationPlugin } = require('webpack').container;
    /// module.exports = {
    ///   plugins: [new ModuleFederationPlugin({
    ///     name: 'catalog',
    ///     exposes: { './List': './src/List.js' },
    ///     remotes: { cart: 'cart@http://localhost:3001/remoteEntry.js' },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/cart/webpack.config.js
    /// const { ModuleFederationPlugin } = require('webpack').container;
    /// module.exports = {
    ///   plugins: [new ModuleFederationPlugin({ name: 'cart', exposes: { './Cart': './src/Cart.js' } })],
    /// };
    /// ```
    ///
    /// ## How to fix
    ///
    /// Point every app of the group at the same entry for the remote: keep
    /// remote URLs in one shared module or resolve them at runtime from one
    /// manifest.
    pub struct RemoteEntryConflict { name: "remote-entry-conflict", table: ShareConfiguration, severity: Error }
}

impl_rule!(RemoteEntryConflict, check);

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for group in &cx.groups {
        // alias → (entry, container name) → the apps that use it
        let mut by_alias: BTreeMap<&str, BTreeMap<(String, String), Vec<usize>>> = BTreeMap::new();
        for &i in &group.apps {
            for r in &cx.app(i).remotes {
                let Some(entry) = &r.entry else { continue };
                let name = r.name.clone().unwrap_or_else(|| r.alias.clone());
                by_alias.entry(r.alias.as_str()).or_default().entry((entry.clone(), name)).or_default().push(i);
            }
        }
        for (alias, targets) in by_alias {
            if targets.len() < 2 {
                continue;
            }
            // the host's choice (else the most common one) is the reference
            let reference = targets
                .iter()
                .find(|(_, apps)| apps.contains(&group.host))
                .or_else(|| targets.iter().max_by_key(|(_, apps)| apps.len()))
                .map(|(t, _)| t.clone());
            let Some(reference) = reference else { continue };
            let ref_apps: Vec<String> = targets[&reference].iter().map(|&j| cx.app(j).name.clone()).collect();
            for (target, apps) in &targets {
                if *target == reference {
                    continue;
                }
                for &i in apps {
                    let app = cx.app(i);
                    let Some(r) = app.remotes.iter().find(|r| r.alias == alias) else { continue };
                    let mut path = chain(cx, group, i);
                    path.push(alias.to_string());
                    out.push(
                        Diagnostic::new(
                            &RemoteEntryConflict::META,
                            app,
                            &r.place,
                            format!(
                                "{} loads the remote {alias} from {} (container {}), but {} {} it from {} (container {}): the page runs two {alias} containers, each with its own modules and state",
                                app.name,
                                target.0,
                                target.1,
                                crate::util::and_list(&ref_apps),
                                if ref_apps.len() == 1 { "loads" } else { "load" },
                                reference.0,
                                reference.1
                            ),
                        )
                        .path(path)
                        .help(format!("point {}'s {alias} remote at {}", app.name, reference.0)),
                    );
                }
            }
        }
    }
}
