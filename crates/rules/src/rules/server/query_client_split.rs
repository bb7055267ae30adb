use crate::rules::outcome::duplicate_instance::{Copy as LibCopy, copies};
use crate::util::{chain, page_uses};
use crate::{Context, Diagnostic, declare_rule, impl_rule};
use fedscope_js::state::{CreationKind, Scope};
use fedscope_workspace::sources::Reach;

/// The text TanStack Query throws from `useQueryClient` without a provider.
pub const NO_CLIENT: &str = "No QueryClient set, use QueryClientProvider to set one";

const QUERY: &str = "@tanstack/react-query";

declare_rule! {
    /// More than one QueryClient where one is meant to be shared, or a remote that will hit "No QueryClient set".
    ///
    /// ## What it does
    ///
    /// Two findings. A QueryClient created at module scope that the page
    /// holds more than once (the module is bundled by two apps, or reached
    /// relatively by a host that also exposes it). And a remote whose
    /// exposed code uses TanStack Query but gets its own copy of
    /// `@tanstack/react-query` (not shared, or the share scope hands it
    /// another copy), while it creates no client of its own: its hooks look
    /// for the provider in a context object the host's `QueryClientProvider`
    /// never filled.
    ///
    /// ## Why is this bad?
    ///
    /// Two clients are two caches: the same query is fetched twice, an
    /// invalidation in one app leaves the other stale. A second copy of the
    /// library is a second `QueryClientContext`: `useQuery` in the remote
    /// throws "No QueryClient set, use QueryClientProvider to set one" and
    /// the remote does not render.
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
    ///     remotes: { recs: 'recs@http://localhost:3003/remoteEntry.js' },
    ///     shared: {
    ///       react: { singleton: true, requiredVersion: '^18.3.1' },
    ///       '@tanstack/react-query': { singleton: true, requiredVersion: '^5.51.1' },
    ///     },
    ///   })],
    /// };
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
    /// ```js file=apps/shell/src/bootstrap.js
    /// import React from 'react';
    /// import { QueryClient } from '@tanstack/react-query';
    /// // the page's one client, provided to everything the shell renders
    /// export const queryClient = new QueryClient();
    /// import('recs/Recs');
    /// ```
    ///
    /// ```js file=apps/recs/src/Recs.js
    /// import { useQuery } from '@tanstack/react-query';
    /// export default function Recs() {
    ///   const { data } = useQuery({ queryKey: ['recs'], queryFn: () => fetch('/api/recs').then((r) => r.json()) });
    ///   return data ? data.length : null;
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
    ///     remotes: { recs: 'recs@http://localhost:3003/remoteEntry.js' },
    ///     shared: {
    ///       react: { singleton: true, requiredVersion: '^18.3.1' },
    ///       '@tanstack/react-query': { singleton: true, requiredVersion: '^5.51.1' },
    ///     },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/recs/webpack.config.js
    /// const { ModuleFederationPlugin } = require('webpack').container;
    /// module.exports = {
    ///   plugins: [new ModuleFederationPlugin({
    ///     name: 'recs',
    ///     exposes: { './Recs': './src/Recs.js' },
    ///     shared: {
    ///       react: { singleton: true, requiredVersion: '^18.3.1' },
    ///       '@tanstack/react-query': { singleton: true, requiredVersion: '^5.51.1' },
    ///     },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/shell/src/bootstrap.js
    /// import React from 'react';
    /// import { QueryClient } from '@tanstack/react-query';
    /// // the page's one client, provided to everything the shell renders
    /// export const queryClient = new QueryClient();
    /// import('recs/Recs');
    /// ```
    ///
    /// ```js file=apps/recs/src/Recs.js
    /// import { useQuery } from '@tanstack/react-query';
    /// export default function Recs() {
    ///   const { data } = useQuery({ queryKey: ['recs'], queryFn: () => fetch('/api/recs').then((r) => r.json()) });
    ///   return data ? data.length : null;
    /// }
    /// ```
    ///
    /// ## How to fix
    ///
    /// Share `@tanstack/react-query` (and React) as singletons in every app,
    /// and create the one QueryClient in one module that every app reaches
    /// through the federation namespace (`host/QueryClient`). A remote that
    /// wants its own cache creates its own client and wraps its exposed
    /// component in its own `QueryClientProvider`.
    pub struct QueryClientSplit { name: "query-client-split", table: ServerState, severity: Error }
}

impl_rule!(QueryClientSplit, check);

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    super::super::client::split_diagnostics(
        cx,
        &QueryClientSplit::META,
        |i| i.creation.kind == CreationKind::QueryClient,
        out,
    );
    for group in &cx.groups {
        let (lib_copies, _) = copies(cx, group, QUERY);
        if lib_copies.len() < 2 {
            continue;
        }
        for &i in &group.apps {
            if i == group.host || !lib_copies.contains(&LibCopy::Private { app: i }) {
                continue;
            }
            let app = cx.app(i);
            let Some(first) = page_uses(group, i, app).into_iter().find(|u| u.package == QUERY) else { continue };
            // a remote with a client of its own (kept, or at module scope) wraps its own provider
            let own_client = app.sources.exposed_files.iter().filter_map(|f| app.sources.modules.get(f)).any(|m| {
                m.state
                    .creations
                    .iter()
                    .any(|c| c.kind == CreationKind::QueryClient && (c.scope == Scope::Module || c.kept))
            });
            if own_client || first.reach != Reach::Exposed {
                continue;
            }
            let mut path = chain(cx, group, i);
            path.push(first.place.file.clone());
            path.push(QUERY.to_string());
            out.push(
                Diagnostic::new(
                    &QueryClientSplit::META,
                    app,
                    &first.place,
                    format!(
                        "{} bundles its own copy of {QUERY} and creates no QueryClient: its hooks look for the client in a context {}'s QueryClientProvider never fills",
                        app.name,
                        cx.app(group.host).name
                    ),
                )
                .column(first.column)
                .path(path)
                .runtime(NO_CLIENT)
                .help(format!("share {QUERY} as a singleton in {} (as the other apps do)", app.name)),
            );
        }
    }
}
