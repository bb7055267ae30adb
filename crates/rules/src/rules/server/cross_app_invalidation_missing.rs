use crate::util::{chain, group_page_files};
use crate::{Context, Diagnostic, declare_rule, impl_rule};
use fedscope_js::state::CreationKind;
use fedscope_workspace::Place;
use std::collections::{BTreeMap, BTreeSet};

declare_rule! {
    /// Isolated QueryClients whose query keys overlap across apps, and a mutation that invalidates only its own cache.
    ///
    /// ## What it does
    ///
    /// In a group whose page holds more than one QueryClient (apps that keep
    /// a cache of their own), finds a call that invalidates, refetches or
    /// removes a query key in one client (`cartClient.invalidateQueries({
    /// queryKey: keys.products })`) when another app of the group reads the
    /// same key, and the function making the call does not also tell the
    /// other apps (a `postMessage` on a BroadcastChannel, or a broadcast
    /// helper). Keys are compared by their text: the first segment of an
    /// array literal, or the key factory's name (`keys.products`).
    ///
    /// ## Why is this bad?
    ///
    /// Each client has its own cache. After the cart's checkout only the
    /// cart's cache is invalidated: the catalog keeps showing the old stock
    /// until its own cache goes stale, and other tabs never hear of it.
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
    ///     shared: {
    ///       react: { singleton: true, requiredVersion: '^18.3.1' },
    ///       '@tanstack/react-query': { singleton: true, requiredVersion: '^5.51.1' },
    ///     },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/shell/src/bootstrap.js
    /// import { QueryClient, useQuery } from '@tanstack/react-query';
    /// export const client = new QueryClient();
    /// export const useProducts = () => useQuery({ queryKey: ['products'], queryFn: () => fetch('/api/products') });
    /// import('cart/Checkout');
    /// ```
    ///
    /// ```js file=apps/cart/webpack.config.js
    /// const { ModuleFederationPlugin } = require('webpack').container;
    /// module.exports = {
    ///   plugins: [new ModuleFederationPlugin({
    ///     name: 'cart',
    ///     exposes: { './Checkout': './src/Checkout.js' },
    ///     shared: {
    ///       react: { singleton: true, requiredVersion: '^18.3.1' },
    ///       '@tanstack/react-query': { singleton: true, requiredVersion: '^5.51.1' },
    ///     },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/cart/src/Checkout.js
    /// import { QueryClient } from '@tanstack/react-query';
    /// export const cartClient = new QueryClient();
    /// export const checkout = async () => {
    ///   await fetch('/api/checkout', { method: 'POST' });
    ///   await cartClient.invalidateQueries({ queryKey: ['products'] });
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
    ///     remotes: { cart: 'cart@http://localhost:3001/remoteEntry.js' },
    ///     shared: {
    ///       react: { singleton: true, requiredVersion: '^18.3.1' },
    ///       '@tanstack/react-query': { singleton: true, requiredVersion: '^5.51.1' },
    ///     },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/shell/src/bootstrap.js
    /// import { QueryClient, useQuery } from '@tanstack/react-query';
    /// export const client = new QueryClient();
    /// export const useProducts = () => useQuery({ queryKey: ['products'], queryFn: () => fetch('/api/products') });
    /// import('cart/Checkout');
    /// ```
    ///
    /// ```js file=apps/cart/webpack.config.js
    /// const { ModuleFederationPlugin } = require('webpack').container;
    /// module.exports = {
    ///   plugins: [new ModuleFederationPlugin({
    ///     name: 'cart',
    ///     exposes: { './Checkout': './src/Checkout.js' },
    ///     shared: {
    ///       react: { singleton: true, requiredVersion: '^18.3.1' },
    ///       '@tanstack/react-query': { singleton: true, requiredVersion: '^5.51.1' },
    ///     },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/cart/src/Checkout.js
    /// import { QueryClient } from '@tanstack/react-query';
    /// export const cartClient = new QueryClient();
    /// const channel = new BroadcastChannel('query-invalidation');
    /// export const checkout = async () => {
    ///   await fetch('/api/checkout', { method: 'POST' });
    ///   channel.postMessage({ type: 'invalidate', queryKey: ['products'] });
    ///   await cartClient.invalidateQueries({ queryKey: ['products'] });
    /// };
    /// ```
    ///
    /// ### Valid: an isolated client whose keys no other app reads
    ///
    /// ```js file=apps/shell/webpack.config.js
    /// const { ModuleFederationPlugin } = require('webpack').container;
    /// module.exports = {
    ///   plugins: [new ModuleFederationPlugin({
    ///     name: 'shell',
    ///     remotes: { cart: 'cart@http://localhost:3001/remoteEntry.js' },
    ///     shared: {
    ///       react: { singleton: true, requiredVersion: '^18.3.1' },
    ///       '@tanstack/react-query': { singleton: true, requiredVersion: '^5.51.1' },
    ///     },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/shell/src/bootstrap.js
    /// import { QueryClient, useQuery } from '@tanstack/react-query';
    /// export const client = new QueryClient();
    /// export const useProducts = () => useQuery({ queryKey: ['products'], queryFn: () => fetch('/api/products') });
    /// import('cart/Checkout');
    /// ```
    ///
    /// ```js file=apps/cart/webpack.config.js
    /// const { ModuleFederationPlugin } = require('webpack').container;
    /// module.exports = {
    ///   plugins: [new ModuleFederationPlugin({
    ///     name: 'cart',
    ///     exposes: { './Checkout': './src/Checkout.js' },
    ///     shared: {
    ///       react: { singleton: true, requiredVersion: '^18.3.1' },
    ///       '@tanstack/react-query': { singleton: true, requiredVersion: '^5.51.1' },
    ///     },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/cart/src/Checkout.js
    /// import { QueryClient } from '@tanstack/react-query';
    /// // the cart's own cache, on purpose: only the cart reads 'checkout-session'
    /// export const cartClient = new QueryClient();
    /// export const restart = () => cartClient.invalidateQueries({ queryKey: ['checkout-session'] });
    /// ```
    ///
    /// ## How to fix
    ///
    /// Share one QueryClient (exposed by the host) where the caches are meant
    /// to be one; where a remote keeps its own on purpose, broadcast each
    /// invalidation (a BroadcastChannel message every app's client listens
    /// to) next to the local one.
    pub struct CrossAppInvalidationMissing { name: "cross-app-invalidation-missing", table: ServerState, severity: Warning }
}

impl_rule!(CrossAppInvalidationMissing, check);

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let mut seen = BTreeSet::new();
    for group in &cx.groups {
        // isolated caches: more than one QueryClient on the page
        let clients: BTreeSet<(&str, u32)> = cx
            .instances
            .iter()
            .filter(|i| i.host == group.host && i.creation.kind == CreationKind::QueryClient)
            .map(|i| (i.file.as_str(), i.creation.line))
            .collect();
        if clients.len() < 2 {
            continue;
        }
        // which apps read which key (from their page files)
        let mut readers: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
        let mut files_of: Vec<(usize, std::collections::BTreeSet<&str>)> = Vec::new();
        for &i in &group.apps {
            let files = group_page_files(group, i, cx.app(i));
            for f in &files {
                if let Some(m) = cx.app(i).sources.modules.get(*f) {
                    for k in &m.query.keys {
                        readers.entry(k.key.as_str()).or_default().insert(i);
                    }
                }
            }
            files_of.push((i, files));
        }
        for (i, files) in files_of {
            let app = cx.app(i);
            for file in files {
                let Some(m) = app.sources.modules.get(file) else { continue };
                for f in &m.query.filters {
                    let Some(key) = &f.key else { continue };
                    if f.broadcast || f.method == "cancelQueries" {
                        continue;
                    }
                    let others: Vec<String> = readers
                        .get(key.as_str())
                        .into_iter()
                        .flatten()
                        .filter(|&&j| j != i)
                        .map(|&j| cx.app(j).name.clone())
                        .collect();
                    if others.is_empty() || !seen.insert((file.to_string(), f.line, f.column)) {
                        continue;
                    }
                    let mut path = chain(cx, group, i);
                    path.push(file.to_string());
                    out.push(
                        Diagnostic::new(
                            &CrossAppInvalidationMissing::META,
                            app,
                            &Place { file: file.to_string(), line: f.line },
                            format!(
                                "{} {} {key} only in {}, one of {} QueryClients on {}'s page, and tells no other app, while code that {} {} reads the same key: a cache other than {} keeps the old data",
                                app.name,
                                f.method.trim_end_matches("Queries").to_string() + "s",
                                f.receiver.as_deref().unwrap_or("its own client"),
                                clients.len(),
                                cx.app(group.host).name,
                                crate::util::and_list(&others),
                                if others.len() == 1 { "loads" } else { "load" },
                                f.receiver.as_deref().unwrap_or("its own client"),
                            ),
                        )
                        .column(f.column)
                        .path(path)
                        .help("broadcast the invalidation to the other apps (a BroadcastChannel message their clients act on) next to the local one, or share one QueryClient"),
                    );
                }
            }
        }
    }
}
