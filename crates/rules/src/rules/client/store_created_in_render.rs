use crate::util::page_files;
use crate::{Context, Diagnostic, declare_rule, impl_rule};
use fedscope_js::state::{CreationKind, Scope};
use fedscope_workspace::Place;
use std::collections::BTreeSet;

declare_rule! {
    /// A store or QueryClient created in a component or hook body: a new one per render or per mount.
    ///
    /// ## What it does
    ///
    /// Finds `create`/`createStore` (Zustand), `configureStore` (Redux),
    /// Jotai `createStore`, `createCollection` and `new QueryClient` called
    /// directly in the body of a component (a PascalCase function, or the
    /// callback of `memo`/`forwardRef`) or of a hook (`use…`) in the apps'
    /// sources. A creation inside `useState(() => …)`, `useRef` or
    /// `useReducer` is kept across renders and is fine; one inside
    /// `useMemo(() => …)` in a component a remote exposes is reported,
    /// because it is one per mount of that component.
    ///
    /// ## Why is this bad?
    ///
    /// The body runs on every render: each render gets an empty store or an
    /// empty query cache, state is lost, queries refetch, subscribers are
    /// attached to stores nobody else sees. `useMemo` is a cache React may
    /// drop; in an exposed component every mount by a host makes a new client.
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
    ///     shared: { react: { singleton: true, requiredVersion: '^18.3.1' } },
    ///   })],
    /// };
    /// ```
    ///
    /// ```jsx file=apps/shell/src/bootstrap.js
    /// import React from 'react';
    /// import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
    /// export function App({ children }) {
    ///   const client = new QueryClient();
    ///   return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
    /// }
    /// ```
    ///
    /// ### Invalid: `useMemo` in a component a remote exposes
    ///
    /// ```js file=apps/shell/webpack.config.js
    /// const { ModuleFederationPlugin } = require('webpack').container;
    /// module.exports = {
    ///   plugins: [new ModuleFederationPlugin({
    ///     name: 'shell',
    ///     remotes: { recs: 'recs@http://localhost:3003/remoteEntry.js' },
    ///     shared: { react: { singleton: true, requiredVersion: '^18.3.1' } },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/shell/src/bootstrap.js
    /// import React from 'react';
    /// import('recs/Recs');
    /// ```
    ///
    /// ```js file=apps/recs/webpack.config.js
    /// const { ModuleFederationPlugin } = require('webpack').container;
    /// module.exports = {
    ///   plugins: [new ModuleFederationPlugin({
    ///     name: 'recs',
    ///     exposes: { './Recs': './src/Recs.js' },
    ///     shared: { react: { singleton: true, requiredVersion: '^18.3.1' } },
    ///   })],
    /// };
    /// ```
    ///
    /// ```jsx file=apps/recs/src/Recs.js
    /// import React, { useMemo } from 'react';
    /// import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
    /// export default function Recs({ children }) {
    ///   // one client per mount: the host mounts Recs again on every visit of the page
    ///   const client = useMemo(() => new QueryClient(), []);
    ///   return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
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
    ///     shared: { react: { singleton: true, requiredVersion: '^18.3.1' } },
    ///   })],
    /// };
    /// ```
    ///
    /// ```jsx file=apps/shell/src/bootstrap.js
    /// import React, { useState } from 'react';
    /// import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
    /// export function App({ children }) {
    ///   const [client] = useState(() => new QueryClient());
    ///   return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
    /// }
    /// ```
    ///
    /// ## How to fix
    ///
    /// Create it once: at module scope in a module that is loaded once (and
    /// exposed or shared so every app reaches the same copy), or per
    /// instance with `useState(() => create…())` or `useRef`.
    pub struct StoreCreatedInRender { name: "store-created-in-render", table: ClientState, severity: Error }
}

impl_rule!(StoreCreatedInRender, check);

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let mut seen = BTreeSet::new();
    for i in 0..cx.graph.apps.len() {
        let app = cx.app(i);
        // a remote's exposed component is mounted by hosts, again on each mount
        let remote = cx.groups.iter().any(|g| g.host != i && g.apps.contains(&i));
        for (file, exposed) in page_files(cx, i) {
            let Some(m) = app.sources.modules.get(file) else { continue };
            for c in &m.state.creations {
                if c.kind == CreationKind::BroadcastChannel {
                    continue;
                }
                let (what, owner) = match &c.scope {
                    Scope::Component(n) => ("component", n),
                    Scope::Hook(n) => ("hook", n),
                    _ => continue,
                };
                // kept across renders; `useMemo` only where a remote exposes it (one per mount)
                if c.kept && !(c.memo && exposed && remote) {
                    continue;
                }
                if !seen.insert((file.to_string(), c.line, c.column)) {
                    continue;
                }
                let per = if c.memo {
                    "per mount (useMemo keeps it only while the component stays mounted, and a host mounts the exposed component again)"
                } else {
                    "on every render"
                };
                out.push(
                    Diagnostic::new(
                        &StoreCreatedInRender::META,
                        app,
                        &Place { file: file.to_string(), line: c.line },
                        format!("{} is created in the body of the {what} {owner}: a new one {per}", c.kind.describe()),
                    )
                    .column(c.column)
                    .path(vec![app.name.clone(), file.to_string()])
                    .help(if c.kind == CreationKind::QueryClient {
                        "create the QueryClient once: at module scope in an exposed or shared module, or `const [client] = useState(() => new QueryClient())`"
                    } else {
                        "create the store once, at module scope, or per instance with `useState(() => createStore(…))`"
                    }),
                );
            }
        }
    }
}
