use super::{Def, is_remote_request};
use crate::util::page_files;
use crate::{Context, Diagnostic, declare_rule, impl_rule};
use fedscope_workspace::Place;
use std::collections::{BTreeMap, BTreeSet};

declare_rule! {
    /// A remote component rendered with no error boundary above it.
    ///
    /// ## What it does
    ///
    /// Finds JSX that renders a component of a remote: a lazily loaded one
    /// (`React.lazy(() => import('remote/X'))`, `lazy(() =>
    /// loadRemote('remote/X'))`, `@loadable/component`, `next/dynamic`) or
    /// one imported statically from a remote's namespace (`import X from
    /// 'remote/X'`), and follows the components that render it, across
    /// files, up to the root render (`createRoot(…).render(…)`,
    /// `ReactDOM.render`, `hydrateRoot`). It reports the element when some
    /// path to the root has no error boundary above it. An error boundary is
    /// a class component with `componentDidCatch` or `static
    /// getDerivedStateFromError`, `ErrorBoundary` of `react-error-boundary`
    /// (or another imported `…ErrorBoundary`, such as Sentry's), a
    /// `withErrorBoundary` wrapper, or a component that renders its
    /// `children` inside one of those; it may sit in any file above.
    ///
    /// A component nothing on the page renders as JSX (a route table, a
    /// component handed to a router by reference, an exposed component that
    /// a host renders) is not followed further: no finding. Nor is a
    /// package a remote exposes as a library (`'./react': 'react'`).
    ///
    /// ## Why is this bad?
    ///
    /// A remote is code from another deployment, fetched at runtime. When its
    /// manifest or entry cannot be loaded, `React.lazy` rejects and React
    /// throws the error during render; `Suspense` only handles the pending
    /// state. When a loaded remote throws while rendering, the same happens.
    /// Without an error boundary above it, React 18 and 19 unmount the whole
    /// root: one failing remote turns the whole page white. React keeps the
    /// rejection in the `lazy` object, so the component fails again on every
    /// render until the page reloads.
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
    /// ```jsx file=apps/shell/src/bootstrap.js
    /// import React, { Suspense, lazy } from 'react';
    /// import { createRoot } from 'react-dom/client';
    /// const Cart = lazy(() => import('cart/Cart'));
    /// function App() {
    ///   return (
    ///     <Suspense fallback={<p>Loading…</p>}>
    ///       <Cart />
    ///     </Suspense>
    ///   );
    /// }
    /// createRoot(document.getElementById('root')).render(<App />);
    /// ```
    ///
    /// ### Valid: the boundary sits in a parent file
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
    /// ```jsx file=apps/shell/src/CartPage.js
    /// import React, { Suspense, lazy } from 'react';
    /// const Cart = lazy(() => import('cart/Cart'));
    /// export default function CartPage() {
    ///   return (
    ///     <Suspense fallback={<p>Loading…</p>}>
    ///       <Cart />
    ///     </Suspense>
    ///   );
    /// }
    /// ```
    ///
    /// ```jsx file=apps/shell/src/RemoteBoundary.js
    /// import React, { Component } from 'react';
    /// export class RemoteBoundary extends Component {
    ///   state = { error: null };
    ///   static getDerivedStateFromError(error) {
    ///     return { error };
    ///   }
    ///   render() {
    ///     return this.state.error ? <p>This part of the page is unavailable.</p> : this.props.children;
    ///   }
    /// }
    /// ```
    ///
    /// ```jsx file=apps/shell/src/bootstrap.js
    /// import React from 'react';
    /// import { createRoot } from 'react-dom/client';
    /// import CartPage from './CartPage';
    /// import { RemoteBoundary } from './RemoteBoundary';
    /// createRoot(document.getElementById('root')).render(
    ///   <RemoteBoundary>
    ///     <CartPage />
    ///   </RemoteBoundary>,
    /// );
    /// ```
    ///
    /// ## How to fix
    ///
    /// Put an error boundary around each remote (or around the part of the
    /// page that depends on it), inside the `Suspense` or around it:
    /// `<ErrorBoundary fallback={<Unavailable />}><Suspense
    /// fallback={…}><Remote /></Suspense></ErrorBoundary>`. To let users
    /// retry, create a new `lazy` on reset (for example keyed by an attempt
    /// counter). Add retries and an `errorLoadRemote` fallback for load
    /// failures (see `remote-load-unguarded`).
    pub struct RemoteWithoutErrorBoundary { name: "remote-without-error-boundary", table: Resilience, severity: Error }
}

impl_rule!(RemoteWithoutErrorBoundary, check);

/// Whether a remote module is an installed package the remote exposes as a
/// library (`'./react-router-dom': 'react-router-dom'`), not a component of its own.
fn library_module(cx: &Context, i: usize, request: &str) -> bool {
    let app = cx.app(i);
    let Some(r) = app.remotes.iter().find(|r| request.starts_with(&format!("{}/", r.alias))) else { return false };
    let Some(j) = fedscope_workspace::remote_target(&cx.graph.apps, i, r) else { return false };
    let module = &request[r.alias.len() + 1..];
    cx.app(j).exposes.iter().any(|x| {
        x.name.trim_start_matches("./") == module && !x.request.starts_with('.') && !x.request.starts_with('/')
    })
}

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let mut seen = BTreeSet::new();
    // one finding per remote component and file: (file, element) → (diagnostic, more places)
    let mut found: BTreeMap<(String, String), (Diagnostic, Vec<u32>)> = BTreeMap::new();
    for i in 0..cx.graph.apps.len() {
        let app = cx.app(i);
        let files: Vec<&str> = page_files(cx, i).into_iter().map(|(f, _)| f).collect();
        if files.is_empty() {
            continue;
        }
        let tree = cx.tree(i);
        for &file in &files {
            let Some(m) = app.sources.modules.get(file) else { continue };
            for e in &m.jsx.elements {
                if !e.name.starts_with(|c: char| c.is_ascii_uppercase()) {
                    continue;
                }
                // a lazy remote (here or in the file that defines it), or a static import of a remote module
                let remote = match tree.resolve(file, &e.name) {
                    (Def::Local { file: g, name, .. }, None) => tree
                        .module(&g)
                        .and_then(|gm| gm.jsx.lazies.iter().find(|l| l.name == name))
                        .filter(|l| l.via == "loadRemote" || is_remote_request(app, &l.request))
                        .map(|l| {
                            (
                                l.request.clone(),
                                format!(
                                    "loaded with `{}`",
                                    if l.via == "loadRemote" { "loadRemote" } else { "lazy(() => import())" }
                                ),
                                true,
                            )
                        }),
                    (Def::Package { source, .. }, None) if is_remote_request(app, &source) => {
                        Some((source, "imported statically".to_string(), false))
                    }
                    _ => None,
                };
                let Some((request, how, lazy)) = remote else { continue };
                if library_module(cx, i, &request) {
                    continue;
                }
                let Some(path) = tree.unguarded(file, e) else { continue };
                if !seen.insert((file.to_string(), e.line, e.column)) {
                    continue;
                }
                if let Some((_, more)) = found.get_mut(&(file.to_string(), e.name.clone())) {
                    more.push(e.line);
                    continue;
                }
                let what = if lazy {
                    "if the remote cannot be loaded, or throws while rendering"
                } else {
                    "if it throws while rendering"
                };
                let mut d = Diagnostic::new(
                    &RemoteWithoutErrorBoundary::META,
                    app,
                    &Place { file: file.to_string(), line: e.line },
                    format!(
                        "<{}> (the remote module {request}, {how}) is rendered with no error boundary above it: {what}, React unmounts the whole root and the page goes blank",
                        e.name
                    ),
                )
                .column(e.column);
                let mut dpath = vec![app.name.clone(), file.to_string()];
                if path.is_empty() {
                    d = d.note(format!("{file} renders it in the root render itself"));
                } else {
                    d = d.note(format!("rendered through {} (the root render)", path.join(" → ")));
                    for p in &path {
                        if let Some(f) = p.split_whitespace().nth(1).and_then(|x| x.rsplit_once(':')).map(|(f, _)| f)
                            && dpath.last().map(String::as_str) != Some(f)
                        {
                            dpath.push(f.to_string());
                        }
                    }
                }
                dpath.push(request.clone());
                let d = d.path(dpath).help(format!(
                    "wrap <{}> in an error boundary (`<ErrorBoundary fallback={{…}}>` of react-error-boundary, or a class with `getDerivedStateFromError`), here or in a component above it",
                    e.name
                ));
                found.insert((file.to_string(), e.name.clone()), (d, Vec::new()));
            }
        }
    }
    for ((_, name), (mut d, more)) in found {
        if !more.is_empty() {
            let lines: Vec<String> = more.iter().map(u32::to_string).collect();
            d = d.note(format!(
                "<{name}> is rendered unguarded in this file on line{} {} too",
                if more.len() == 1 { "" } else { "s" },
                crate::util::and_list(&lines)
            ));
        }
        out.push(d);
    }
}
