use crate::rules::resilience::evaluated_files;
use crate::util::chain;
use crate::{Context, Diagnostic, declare_rule, impl_rule};
use fedscope_workspace::Place;
use std::collections::{BTreeMap, BTreeSet};

declare_rule! {
    /// Two stores or persisters of different apps writing the same storage key.
    ///
    /// ## What it does
    ///
    /// Collects the storage keys written by Zustand's `persist(…, { name })`
    /// and TanStack Query's `createSyncStoragePersister({ key })` /
    /// `createAsyncStoragePersister({ key })` in the code each app of a
    /// group runs, and reports a key written from two different modules by
    /// two different apps into the same storage (`localStorage`, the default
    /// of both; `sessionStorage` through `storage: createJSONStorage(() =>
    /// sessionStorage)` or `storage: window.sessionStorage`; another storage
    /// by its text). One module reached by several apps is one store (or,
    /// when it is bundled twice, a `store-split-instance` finding), so it is
    /// not counted twice; keys that are not string literals are not read.
    ///
    /// ## Why is this bad?
    ///
    /// The apps of a group run on one page, one origin: one `localStorage`
    /// (and one `sessionStorage` per tab). Two stores persisting under the
    /// same key overwrite each other's JSON, last writer wins, and each
    /// rehydrates the other's state, of another shape, on the next load.
    /// `persist` does not sync the two live either: it writes, and reads only
    /// on hydration.
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
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/shell/src/bootstrap.js
    /// import { create } from 'zustand';
    /// import { persist } from 'zustand/middleware';
    /// export const useSettings = create(persist(() => ({ theme: 'light' }), { name: 'settings' }));
    /// ```
    ///
    /// ```js file=apps/cart/webpack.config.js
    /// const { ModuleFederationPlugin } = require('webpack').container;
    /// module.exports = {
    ///   plugins: [new ModuleFederationPlugin({ name: 'cart', exposes: { './Cart': './src/Cart.js' } })],
    /// };
    /// ```
    ///
    /// ```js file=apps/cart/src/Cart.js
    /// import { create } from 'zustand';
    /// import { persist } from 'zustand/middleware';
    /// export const useCartSettings = create(persist(() => ({ currency: 'EUR' }), { name: 'settings' }));
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
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/shell/src/bootstrap.js
    /// import { create } from 'zustand';
    /// import { persist } from 'zustand/middleware';
    /// export const useSettings = create(persist(() => ({ theme: 'light' }), { name: 'shell:settings' }));
    /// ```
    ///
    /// ```js file=apps/cart/webpack.config.js
    /// const { ModuleFederationPlugin } = require('webpack').container;
    /// module.exports = {
    ///   plugins: [new ModuleFederationPlugin({ name: 'cart', exposes: { './Cart': './src/Cart.js' } })],
    /// };
    /// ```
    ///
    /// ```js file=apps/cart/src/Cart.js
    /// import { create } from 'zustand';
    /// import { persist } from 'zustand/middleware';
    /// export const useCartSettings = create(persist(() => ({ currency: 'EUR' }), { name: 'cart:settings' }));
    /// ```
    ///
    /// ### Valid: the same key in two storages
    ///
    /// ```js file=apps/shell/webpack.config.js
    /// const { ModuleFederationPlugin } = require('webpack').container;
    /// module.exports = {
    ///   plugins: [new ModuleFederationPlugin({
    ///     name: 'shell',
    ///     remotes: { cart: 'cart@http://localhost:3001/remoteEntry.js' },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/shell/src/bootstrap.js
    /// import { create } from 'zustand';
    /// import { persist } from 'zustand/middleware';
    /// export const useSettings = create(persist(() => ({ theme: 'light' }), { name: 'settings' }));
    /// ```
    ///
    /// ```js file=apps/cart/webpack.config.js
    /// const { ModuleFederationPlugin } = require('webpack').container;
    /// module.exports = {
    ///   plugins: [new ModuleFederationPlugin({ name: 'cart', exposes: { './Cart': './src/Cart.js' } })],
    /// };
    /// ```
    ///
    /// ```js file=apps/cart/src/Cart.js
    /// import { create } from 'zustand';
    /// import { persist, createJSONStorage } from 'zustand/middleware';
    /// export const useCartSettings = create(
    ///   persist(() => ({ currency: 'EUR' }), { name: 'settings', storage: createJSONStorage(() => sessionStorage) }),
    /// );
    /// ```
    ///
    /// ## How to fix
    ///
    /// Prefix every storage key with the app that owns it (`cart:settings`).
    /// If the two apps mean to share the state, make it one store: expose it
    /// from one app and import it through the federation namespace.
    pub struct PersistKeyCollision { name: "persist-key-collision", table: ClientState, severity: Warning }
}

impl_rule!(PersistKeyCollision, check);

/// A module writing a key: (app name, app, file, line, column, `persist` or `persister`).
type Writer<'a> = (&'a str, usize, &'a str, u32, u32, &'a str);

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let mut seen = BTreeSet::new();
    for group in &cx.groups {
        // (key, storage) → (app name, app, file, line, column, via)
        let mut writers: BTreeMap<(&str, &str), Vec<Writer>> = BTreeMap::new();
        for &i in &group.apps {
            let app = cx.app(i);
            for f in evaluated_files(cx, i) {
                let Some(m) = app.sources.modules.get(f) else { continue };
                for k in &m.state.persist_keys {
                    writers
                        .entry((k.key.as_str(), k.storage.as_str()))
                        .or_default()
                        .push((&app.name, i, f, k.line, k.column, k.via));
                }
            }
        }
        for ((key, storage), mut ws) in writers {
            ws.sort();
            ws.dedup();
            let first = ws[0];
            // a second module, in another app
            let Some(other) = ws.iter().find(|w| w.2 != first.2 && w.1 != first.1) else { continue };
            if !seen.insert((key.to_string(), other.2.to_string(), other.3)) {
                continue;
            }
            let what = |via: &str| if via == "persister" { "a query persister" } else { "a persisted store" };
            let others: Vec<String> = ws
                .iter()
                .filter(|w| w.2 != other.2)
                .map(|w| format!("{} ({}:{})", w.0, w.2, w.3))
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            let mut path = chain(cx, group, other.1);
            path.push(other.2.to_string());
            out.push(
                Diagnostic::new(
                    &PersistKeyCollision::META,
                    cx.app(other.1),
                    &Place { file: other.2.to_string(), line: other.3 },
                    format!(
                        "{} of {} writes the {storage} key '{key}', which {} also writes{}: on one page they overwrite each other, last writer wins",
                        what(other.5),
                        other.0,
                        crate::util::and_list(&others),
                        if first.5 == other.5 { String::new() } else { format!(" ({})", what(first.5)) }
                    ),
                )
                .column(other.4)
                .path(path)
                .help(format!("prefix the key with the app that owns it ('{}:{key}'), or make it one store exposed by one app", other.0)),
            );
        }
    }
}
