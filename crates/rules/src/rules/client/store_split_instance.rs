use crate::{Context, Diagnostic, declare_rule, impl_rule};

declare_rule! {
    /// A module-scope store that the page will hold more than once.
    ///
    /// ## What it does
    ///
    /// Finds every store created at module scope (Zustand `create`,
    /// `createStore`, `createWithEqualityFn` through any middleware; Redux
    /// and RTK `configureStore`/`createStore`, also through a factory called
    /// at module scope; Jotai `createStore`; MobX `observable`; React
    /// `createContext`; TanStack DB `createCollection`) and counts the copies
    /// the group's page holds: one per bundle runtime whose modules reach it
    /// (the host's entry bundle, each container the page loads, each
    /// share-scope instance of a shared package). It reports the import that
    /// bundles each extra copy: a relative path, an alias or a deep import in
    /// one app, where another reaches the store through the federation
    /// namespace or a shared package.
    ///
    /// ## Why is this bad?
    ///
    /// Each copy of the module runs its top level again and creates its own
    /// store. The apps holding different copies never see each other's
    /// updates: the remote "stays on the initial value", a cart badge never
    /// moves. It is also what happens when a host imports its own exposed
    /// store relatively: its entry bundle and its container are two
    /// runtimes with two module caches.
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
    ///     exposes: { './store': './src/store.js' },
    ///     shared: { react: { singleton: true, requiredVersion: '^18.3.1' } },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/cart/src/store.js
    /// import { create } from 'zustand';
    /// export const useCart = create((set) => ({ items: [], add: (i) => set((s) => ({ items: [...s.items, i] })) }));
    /// ```
    ///
    /// ```js file=apps/shell/src/bootstrap.js
    /// import React from 'react';
    /// // the store's source, by a relative path: bundled a second time
    /// import { useCart } from '../../cart/src/store';
    /// import('cart/store');
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
    ///     exposes: { './store': './src/store.js' },
    ///     shared: { react: { singleton: true, requiredVersion: '^18.3.1' } },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/cart/src/store.js
    /// import { create } from 'zustand';
    /// export const useCart = create((set) => ({ items: [], add: (i) => set((s) => ({ items: [...s.items, i] })) }));
    /// ```
    ///
    /// ```js file=apps/shell/src/bootstrap.js
    /// import React from 'react';
    /// // through the federation namespace: the cart's one copy
    /// import('cart/store');
    /// ```
    ///
    /// ## How to fix
    ///
    /// Create the store in one place and reach it the same way everywhere:
    /// expose it from the app that owns it and import it through the
    /// federation namespace (`cart/store`) in every app, the owner included;
    /// or put it in a package that every app shares as a singleton.
    pub struct StoreSplitInstance { name: "store-split-instance", table: ClientState, severity: Error }
}

impl_rule!(StoreSplitInstance, check);

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    super::split_diagnostics(cx, &StoreSplitInstance::META, |i| i.creation.kind.is_store(), out);
}
