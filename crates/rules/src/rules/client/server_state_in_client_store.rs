use crate::rules::resilience::evaluated_files;
use crate::{Context, Diagnostic, declare_rule, impl_rule};
use fedscope_workspace::Place;
use std::collections::BTreeSet;

declare_rule! {
    /// A client store whose actions fetch server data and keep it: it belongs in the query cache.
    ///
    /// ## What it does
    ///
    /// Finds, in the code the apps run, a client store with an action that
    /// calls the server and keeps the answer in the store:
    ///
    /// - a Zustand store (`create`, `createStore`, `createWithEqualityFn`)
    ///   whose action passes what `fetch`, an HTTP client (`axios`, `ky`, …)
    ///   or an API client (`api.…`, `…Api.…`, `…Service.…`, `…Client.…`)
    ///   returned to `set(…)` / `setState(…)`;
    /// - a Redux Toolkit slice whose reducers handle the `fulfilled` action
    ///   of a `createAsyncThunk` (defined in the same module) that fetches;
    /// - a MobX store (`makeAutoObservable(this)` / `makeObservable`) whose
    ///   method assigns fetched data to `this`.
    ///
    /// A fetch whose answer is not kept (a POST followed by a local `set`)
    /// is not reported.
    ///
    /// ## Why is this bad?
    ///
    /// Server data kept in a client store is a second cache with none of a
    /// query cache's machinery: no deduplication (each app, each mount
    /// fetches again), no staleness or refetch, no invalidation after a
    /// mutation, and, across micro-frontends, one copy per app that nothing
    /// keeps in sync. The field guide's rule: never store server data in
    /// client state libraries; TanStack Query handles caching, refetching
    /// and invalidation, and duplicating it in a store creates
    /// synchronisation bugs. Nothing fails outright, so this is a warning.
    ///
    /// ## Examples
    ///
    /// ### Invalid
    ///
    /// ```js file=apps/shell/webpack.config.js
    /// const { ModuleFederationPlugin } = require('webpack').container;
    /// module.exports = {
    ///   plugins: [new ModuleFederationPlugin({ name: 'shell', shared: { zustand: { singleton: true } } })],
    /// };
    /// ```
    ///
    /// ```js file=apps/shell/src/bootstrap.js
    /// import { create } from 'zustand';
    /// export const useProducts = create((set) => ({
    ///   products: [],
    ///   load: async () => {
    ///     const res = await fetch('/api/products');
    ///     set({ products: await res.json() });
    ///   },
    /// }));
    /// ```
    ///
    /// ### Valid
    ///
    /// ```js file=apps/shell/webpack.config.js
    /// const { ModuleFederationPlugin } = require('webpack').container;
    /// module.exports = {
    ///   plugins: [new ModuleFederationPlugin({ name: 'shell', shared: { zustand: { singleton: true } } })],
    /// };
    /// ```
    ///
    /// ```js file=apps/shell/src/bootstrap.js
    /// import { create } from 'zustand';
    /// import { useQuery } from '@tanstack/react-query';
    /// export const useProducts = () =>
    ///   useQuery({ queryKey: ['products'], queryFn: () => fetch('/api/products').then((r) => r.json()) });
    /// export const useFilters = create((set) => ({ category: 'all', setCategory: (category) => set({ category }) }));
    /// ```
    ///
    /// ## How to fix
    ///
    /// Fetch with a query (`useQuery({ queryKey, queryFn })`) and keep only
    /// client state (selections, UI flags, drafts) in the store. Across
    /// apps, share one QueryClient or invalidate across them (see
    /// `cross-app-invalidation-missing`).
    pub struct ServerStateInClientStore { name: "server-state-in-client-store", table: ClientState, severity: Warning }
}

impl_rule!(ServerStateInClientStore, check);

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let mut seen = BTreeSet::new();
    for i in 0..cx.graph.apps.len() {
        let app = cx.app(i);
        for f in evaluated_files(cx, i) {
            let Some(m) = app.sources.modules.get(f) else { continue };
            for s in &m.jsx.server_stores {
                if !seen.insert((f.to_string(), s.line, s.column)) {
                    continue;
                }
                let name = s.name.as_deref().map(|n| format!(" {n}")).unwrap_or_default();
                let (action, kept) = match s.kind {
                    "a Redux slice" => {
                        (format!("the thunk {}", s.action), "its `fulfilled` case keeps the result in the slice")
                    }
                    "a MobX store" => (format!("the action {}", s.action), "assigns the result to the store"),
                    _ => (format!("the action {}", s.action), "`set`s the result into the store"),
                };
                out.push(
                    Diagnostic::new(
                        &ServerStateInClientStore::META,
                        app,
                        &Place { file: f.to_string(), line: s.line },
                        format!(
                            "{}{name} keeps server data: {action} fetches with `{}` and {kept}, a second cache with no deduplication, staleness or invalidation, one copy per app",
                            s.kind, s.fetch
                        ),
                    )
                    .column(s.column)
                    .path(vec![app.name.clone(), f.to_string()])
                    .help("fetch it with a query (`useQuery({ queryKey, queryFn })`) and keep only client state (selections, UI flags) in the store"),
                );
            }
        }
    }
}
