use crate::rules::resilience::{Def, Tree};
use crate::util::{chain, page_files};
use crate::{Context, Diagnostic, declare_rule, impl_rule};
use fedscope_js::jsx::Element;
use fedscope_workspace::Place;
use std::collections::BTreeSet;

declare_rule! {
    /// A remote's exposed component that wraps its own Redux `Provider` (or store context) inside the host's.
    ///
    /// ## What it does
    ///
    /// In the code a remote exposes, finds `<Provider store={…}>` of
    /// `react-redux` without a `context` prop, and `<Ctx.Provider
    /// value={store}>` of a context, where the store is the remote's own (a
    /// module-scope store it creates, or the result of a store factory it
    /// calls; a store handed in as a prop is the host's, provided again),
    /// when another app of the same group (the host that renders the remote)
    /// renders a Provider of the same context too: react-redux's default
    /// context, or the same context object (one module the page evaluates
    /// once, whether the host imports it by path or through the federation
    /// namespace, or a package both share as a singleton; a context the page
    /// holds twice is `store-split-instance`'s finding, and no nesting).
    ///
    /// ## Why is this bad?
    ///
    /// React context is resolved by the nearest Provider. Since react-redux
    /// 8.1.1 the default context lives on `globalThis` (one per React
    /// copy), so a remote's `<Provider store={remoteStore}>` rendered inside
    /// the host's replaces the host's store for everything below it: host
    /// components the remote renders as `children` or slots now read and
    /// dispatch to the remote's store, and selectors for the host's slices
    /// return `undefined`. The same holds for any store context both apps
    /// share.
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
    /// ```jsx file=apps/shell/src/bootstrap.js
    /// import React, { Suspense, lazy } from 'react';
    /// import { Provider } from 'react-redux';
    /// import { store } from './store';
    /// const Cart = lazy(() => import('cart/Cart'));
    /// export function App() {
    ///   return <Provider store={store}><Suspense fallback={null}><Cart /></Suspense></Provider>;
    /// }
    /// ```
    ///
    /// ```js file=apps/shell/src/store.js
    /// import { configureStore } from '@reduxjs/toolkit';
    /// export const store = configureStore({ reducer: {} });
    /// ```
    ///
    /// ```js file=apps/cart/webpack.config.js
    /// const { ModuleFederationPlugin } = require('webpack').container;
    /// module.exports = {
    ///   plugins: [new ModuleFederationPlugin({ name: 'cart', exposes: { './Cart': './src/Cart.js' } })],
    /// };
    /// ```
    ///
    /// ```jsx file=apps/cart/src/Cart.js
    /// import React from 'react';
    /// import { Provider } from 'react-redux';
    /// import { configureStore } from '@reduxjs/toolkit';
    /// const cartStore = configureStore({ reducer: {} });
    /// export default function Cart({ children }) {
    ///   return <Provider store={cartStore}>{children}</Provider>;
    /// }
    /// ```
    ///
    /// ### Invalid: the remote's context, provided by the host through the federation namespace
    ///
    /// The host imports the remote's own context module as `cart/context`:
    /// the same module, so the same context object.
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
    /// ```jsx file=apps/shell/src/bootstrap.js
    /// import React, { Suspense, lazy } from 'react';
    /// import { StoreContext } from 'cart/context';
    /// import { shellStore } from './store';
    /// const Cart = lazy(() => import('cart/Cart'));
    /// export function App() {
    ///   return (
    ///     <StoreContext.Provider value={shellStore}>
    ///       <Suspense fallback={null}><Cart /></Suspense>
    ///     </StoreContext.Provider>
    ///   );
    /// }
    /// ```
    ///
    /// ```js file=apps/shell/src/store.js
    /// import { createStore } from 'zustand/vanilla';
    /// export const shellStore = createStore(() => ({ user: null }));
    /// ```
    ///
    /// ```js file=apps/cart/webpack.config.js
    /// const { ModuleFederationPlugin } = require('webpack').container;
    /// module.exports = {
    ///   plugins: [new ModuleFederationPlugin({
    ///     name: 'cart',
    ///     exposes: { './Cart': './src/Cart.js', './context': './src/context.js' },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/cart/src/context.js
    /// import { createContext } from 'react';
    /// export const StoreContext = createContext(null);
    /// ```
    ///
    /// ```jsx file=apps/cart/src/Cart.js
    /// import React from 'react';
    /// import { createStore } from 'zustand/vanilla';
    /// import { StoreContext } from './context';
    /// const cartStore = createStore(() => ({ items: [] }));
    /// export default function Cart({ children }) {
    ///   return <StoreContext.Provider value={cartStore}>{children}</StoreContext.Provider>;
    /// }
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
    /// ```jsx file=apps/shell/src/bootstrap.js
    /// import React, { Suspense, lazy } from 'react';
    /// import { Provider } from 'react-redux';
    /// import { store } from './store';
    /// const Cart = lazy(() => import('cart/Cart'));
    /// export function App() {
    ///   return <Provider store={store}><Suspense fallback={null}><Cart store={store} /></Suspense></Provider>;
    /// }
    /// ```
    ///
    /// ```js file=apps/shell/src/store.js
    /// import { configureStore } from '@reduxjs/toolkit';
    /// export const store = configureStore({ reducer: {} });
    /// ```
    ///
    /// ```js file=apps/cart/webpack.config.js
    /// const { ModuleFederationPlugin } = require('webpack').container;
    /// module.exports = {
    ///   plugins: [new ModuleFederationPlugin({ name: 'cart', exposes: { './Cart': './src/Cart.js' } })],
    /// };
    /// ```
    ///
    /// ```jsx file=apps/cart/src/Cart.js
    /// import React from 'react';
    /// export default function Cart({ store }) {
    ///   return <button onClick={() => store.dispatch({ type: 'cart/open' })}>Cart</button>;
    /// }
    /// ```
    ///
    /// ## How to fix
    ///
    /// Let the host own the store and hand it to the remote as a prop
    /// (dependency injection), or give the remote's Provider a context of
    /// its own (`<Provider context={CartContext} store={cartStore}>` with
    /// hooks from `createSelectorHook(CartContext)`), so the host's context
    /// stays untouched below it.
    pub struct NestedStoreProvider { name: "nested-store-provider", table: ClientState, severity: Warning }
}

impl_rule!(NestedStoreProvider, check);

/// Which context a Provider element provides: react-redux's default
/// context, or the context object `Ctx` of `<Ctx.Provider>`.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Provided {
    Redux,
    Context(Def),
}

fn provided(tree: &Tree, file: &str, e: &Element) -> Option<Provided> {
    let has = |n: &str| e.attrs.iter().any(|a| a.name == n);
    match tree.resolve(file, &e.name) {
        (Def::Package { source, name }, None) if source == "react-redux" && name == "Provider" => {
            (has("store") && !has("context")).then_some(Provided::Redux)
        }
        // (a context is its file and name, whatever wrapper the export it came through has)
        (Def::Local { file, name, .. }, Some(member)) if member == "Provider" => {
            has("value").then_some(Provided::Context(Def::Local { file, name, boundary: false }))
        }
        (def @ Def::Package { .. }, Some(member)) if member == "Provider" => {
            has("value").then_some(Provided::Context(def))
        }
        _ => None,
    }
}

/// A context app `i` imports through the federation namespace (`cart/context`) is
/// the remote's module: named by the file the remote exposes under that name, as the
/// remote's own code names it.
fn through_remote(cx: &Context, i: usize, p: Provided) -> Provided {
    let Provided::Context(Def::Package { source, name }) = &p else { return p };
    let app = cx.app(i);
    let remote = app.remotes.iter().find_map(|r| {
        let module = source.strip_prefix(r.alias.as_str())?.strip_prefix('/')?;
        Some((fedscope_workspace::remote_target(&cx.graph.apps, i, r)?, module))
    });
    let Some((j, module)) = remote else { return p };
    let exposed = cx.app(j).exposes.iter().find(|x| x.name.trim_start_matches("./") == module);
    let Some(file) = exposed.and_then(|x| x.file.as_deref()) else { return p };
    match cx.tree(j).resolve_export(file, name, 0) {
        Def::Local { file, name, .. } => Provided::Context(Def::Local { file, name, boundary: false }),
        _ => p,
    }
}

/// Whether the store a Provider provides (`store={…}` of react-redux,
/// `value={…}` of a context) is the remote's own: a module-scope store the
/// remote creates (here or in the module it imports it from), or the result
/// of a store factory called at module scope. A store handed in as a prop
/// (`store={props.store}`) is the host's, provided again: not reported.
fn own_store(tree: &Tree, file: &str, e: &Element, attr: &str) -> bool {
    let Some(v) = e.attrs.iter().find(|a| a.name == attr).and_then(|a| a.ident.as_deref()) else { return false };
    let (Def::Local { file: g, name, .. }, None) = tree.resolve(file, v) else { return false };
    tree.module(&g).is_some_and(|m| {
        m.state.creations.iter().any(|c| c.kind.is_store() && c.name.as_deref() == Some(name.as_str()))
            || m.state.imported_calls.iter().any(|c| c.name.as_deref() == Some(name.as_str()))
    })
}

/// Whether what a Provider provides is one object on the host's page:
/// react-redux's default context always is (one per React, on `globalThis`);
/// a context module the page evaluates once; a package shared as a singleton.
fn one_object(cx: &Context, host: usize, app: &fedscope_workspace::App, p: &Provided) -> bool {
    match p {
        Provided::Redux => true,
        Provided::Context(Def::Local { file, name, .. }) => !cx.instances.iter().any(|inst| {
            inst.host == host
                && &inst.file == file
                && inst.creation.name.as_deref() == Some(name.as_str())
                && inst.count() > 1
        }),
        Provided::Context(Def::Package { source, .. }) => {
            let package = fedscope_workspace::pkg::package_of_request(source).unwrap_or_else(|| source.clone());
            app.shared.iter().any(|s| s.key == package && s.singleton)
        }
        Provided::Context(Def::Unknown) => false,
    }
}

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let mut seen = BTreeSet::new();
    for group in &cx.groups {
        // what each app of the group provides on its page (listed when first asked: most
        // remotes provide no store of their own)
        let trees: std::cell::OnceCell<Vec<(usize, Vec<&str>, &Tree)>> = std::cell::OnceCell::new();
        let provides = |j: usize, p: &Provided| -> bool {
            let trees = trees.get_or_init(|| {
                (group.apps.iter())
                    .map(|&i| (i, page_files(cx, i).into_iter().map(|(f, _)| f).collect(), cx.tree(i)))
                    .collect()
            });
            trees.iter().filter(|(k, _, _)| *k == j).any(|(_, files, tree)| {
                files.iter().any(|f| {
                    tree.module(f).is_some_and(|m| {
                        (m.jsx.elements.iter())
                            .any(|e| provided(tree, f, e).map(|q| through_remote(cx, j, q)).as_ref() == Some(p))
                    })
                })
            })
        };
        for &i in &group.apps {
            if i == group.host {
                continue;
            }
            let tree = cx.tree(i);
            let app = cx.app(i);
            for (file, exposed) in page_files(cx, i) {
                if !exposed {
                    continue;
                }
                let Some(m) = app.sources.modules.get(file) else { continue };
                for e in &m.jsx.elements {
                    let Some(p) = provided(tree, file, e).map(|p| through_remote(cx, i, p)) else { continue };
                    let attr = if p == Provided::Redux { "store" } else { "value" };
                    if !own_store(tree, file, e, attr) {
                        continue;
                    }
                    // a context is nested only when it is one object on the page
                    if !one_object(cx, group.host, app, &p) {
                        continue;
                    }
                    let Some(&outer) = group.apps.iter().filter(|&&j| j != i).find(|&&j| provides(j, &p)) else {
                        continue;
                    };
                    if !seen.insert((file.to_string(), e.line, e.column)) {
                        continue;
                    }
                    let outer_name = &cx.app(outer).name;
                    let (what, help) = match &p {
                        Provided::Redux => (
                            format!(
                                "its own Redux <{} store={{…}}> without a `context`, while {outer_name} renders react-redux's Provider too: below it, everything {outer_name} passes in (children, slots) reads and dispatches to {}'s store instead of {outer_name}'s",
                                e.name, app.name
                            ),
                            format!(
                                "let {outer_name} own the store and pass it to the remote as a prop, or give {}'s Provider its own context (`context={{CartContext}}` with `createSelectorHook(CartContext)`)",
                                app.name
                            ),
                        ),
                        Provided::Context(_) => (
                            format!(
                                "its own store in <{}>, a context {outer_name} provides too: below it, everything {outer_name} passes in reads {}'s store",
                                e.name, app.name
                            ),
                            format!(
                                "let {outer_name} provide the store and pass it in, or use a context of {}'s own",
                                app.name
                            ),
                        ),
                    };
                    let mut path = chain(cx, group, i);
                    path.push(file.to_string());
                    out.push(
                        Diagnostic::new(
                            &NestedStoreProvider::META,
                            app,
                            &Place { file: file.to_string(), line: e.line },
                            format!("{} exposes a component that wraps {what}", app.name),
                        )
                        .column(e.column)
                        .path(path)
                        .help(help),
                    );
                }
            }
        }
    }
}
