use super::{copy_path, spread, through};
use crate::util::chain;
use crate::{Context, Diagnostic, declare_rule, impl_rule};
use fedscope_workspace::RuntimeKind;
use fedscope_workspace::pm::Locked;
use std::collections::HashSet;

declare_rule! {
    /// More than one Module Federation runtime version in a group, or a second runtime created by hand next to the bundler's.
    ///
    /// ## What it does
    ///
    /// For every app of a group whose build runs the Module Federation 2
    /// runtime (`@module-federation/enhanced`, Rspack, Rsbuild, Vite,
    /// Modern.js, Next.js), follows its lockfile from the app's own
    /// `@module-federation/*` dependencies (else from `@rspack/core` /
    /// `@rsbuild/core`, whose built-in plugin brings the runtime) to the
    /// version of `@module-federation/runtime` they install, and reports
    /// every app whose runtime version differs from the host's.
    ///
    /// It also reports an app whose build uses webpack's built-in
    /// `ModuleFederationPlugin` and whose sources import
    /// `@module-federation/runtime` (or `runtime-core`,
    /// `@module-federation/enhanced/runtime`): the instance such an app makes
    /// with `init()` or `createInstance()` is a second runtime next to
    /// webpack's. (Where the build itself runs the MF2 runtime, importing it
    /// is how an app reaches the bundler's instance; fedscope does not read
    /// which functions are imported, so it does not judge those.)
    ///
    /// ## Why is this bad?
    ///
    /// Every remote entry carries its own copy of the runtime, and the copies
    /// on a page coordinate through one global (`__FEDERATION__`) and one
    /// share scope. With different releases, what one release fixed or
    /// changed (how a shared module is registered and chosen, manifests,
    /// runtime plugin hooks) is in effect for some containers and not for
    /// others: a combination nobody tested, whose failures (a missed share,
    /// a second instance, an error) appear only with that pair of versions
    /// and only on the page. A runtime created
    /// by hand in a webpack-built app keeps its own share scope, separate from
    /// webpack's `__webpack_share_scopes__`: remotes loaded through it do not
    /// get the app's shared React, and the app's own consumes do not see what
    /// they provide.
    ///
    /// ## Examples
    ///
    /// ### Invalid: two runtime releases in one group
    ///
    /// ```js file=apps/shell/rspack.config.js
    /// const { ModuleFederationPlugin } = require('@module-federation/enhanced/rspack');
    /// module.exports = {
    ///   plugins: [new ModuleFederationPlugin({
    ///     name: 'shell',
    ///     remotes: { cart: 'cart@http://localhost:3001/mf-manifest.json' },
    ///     shared: { react: { singleton: true } },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/cart/rspack.config.js
    /// const { ModuleFederationPlugin } = require('@module-federation/enhanced/rspack');
    /// module.exports = {
    ///   plugins: [new ModuleFederationPlugin({
    ///     name: 'cart',
    ///     exposes: { './Cart': './src/Cart.js' },
    ///     shared: { react: { singleton: true } },
    ///   })],
    /// };
    /// ```
    ///
    /// ```json file=apps/shell/package.json
    /// { "name": "shell", "version": "1.0.0", "dependencies": { "react": "^18.3.1", "@module-federation/enhanced": "0.17.1" } }
    /// ```
    ///
    /// ```json file=apps/cart/package.json
    /// { "name": "cart", "version": "1.0.0", "dependencies": { "react": "^18.3.1", "@module-federation/enhanced": "0.7.3" } }
    /// ```
    ///
    /// ```yaml file=pnpm-lock.yaml
    /// lockfileVersion: '9.0'
    ///
    /// importers:
    ///
    ///   apps/cart:
    ///     dependencies:
    ///       '@module-federation/enhanced':
    ///         specifier: 0.7.3
    ///         version: 0.7.3
    ///
    ///   apps/shell:
    ///     dependencies:
    ///       '@module-federation/enhanced':
    ///         specifier: 0.17.1
    ///         version: 0.17.1
    ///
    /// packages:
    ///
    ///   '@module-federation/enhanced@0.17.1':
    ///     resolution: {integrity: sha512-aaaa}
    ///
    ///   '@module-federation/enhanced@0.7.3':
    ///     resolution: {integrity: sha512-bbbb}
    ///
    ///   '@module-federation/runtime@0.17.1':
    ///     resolution: {integrity: sha512-cccc}
    ///
    ///   '@module-federation/runtime@0.7.3':
    ///     resolution: {integrity: sha512-dddd}
    ///
    /// snapshots:
    ///
    ///   '@module-federation/enhanced@0.17.1':
    ///     dependencies:
    ///       '@module-federation/runtime': 0.17.1
    ///
    ///   '@module-federation/enhanced@0.7.3':
    ///     dependencies:
    ///       '@module-federation/runtime': 0.7.3
    ///
    ///   '@module-federation/runtime@0.17.1': {}
    ///
    ///   '@module-federation/runtime@0.7.3': {}
    /// ```
    ///
    /// ### Invalid: a runtime of its own in a webpack-built host
    ///
    /// ```js file=apps/shell/webpack.config.js
    /// const { ModuleFederationPlugin } = require('webpack').container;
    /// module.exports = {
    ///   plugins: [new ModuleFederationPlugin({ name: 'shell', shared: { react: { singleton: true } } })],
    /// };
    /// ```
    ///
    /// ```js file=apps/shell/src/bootstrap.js
    /// import React from 'react';
    /// import { init, loadRemote } from '@module-federation/runtime';
    ///
    /// init({ name: 'shell', remotes: [{ name: 'cart', entry: 'http://localhost:3001/mf-manifest.json' }] });
    /// export const Cart = React.lazy(() => loadRemote('cart/Cart'));
    /// ```
    ///
    /// ### Valid
    ///
    /// ```js file=apps/shell/rspack.config.js
    /// const { ModuleFederationPlugin } = require('@module-federation/enhanced/rspack');
    /// module.exports = {
    ///   plugins: [new ModuleFederationPlugin({
    ///     name: 'shell',
    ///     remotes: { cart: 'cart@http://localhost:3001/mf-manifest.json' },
    ///     shared: { react: { singleton: true } },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/cart/rspack.config.js
    /// const { ModuleFederationPlugin } = require('@module-federation/enhanced/rspack');
    /// module.exports = {
    ///   plugins: [new ModuleFederationPlugin({
    ///     name: 'cart',
    ///     exposes: { './Cart': './src/Cart.js' },
    ///     shared: { react: { singleton: true } },
    ///   })],
    /// };
    /// ```
    ///
    /// ```json file=apps/shell/package.json
    /// { "name": "shell", "version": "1.0.0", "dependencies": { "react": "^18.3.1", "@module-federation/enhanced": "0.17.1" } }
    /// ```
    ///
    /// ```json file=apps/cart/package.json
    /// { "name": "cart", "version": "1.0.0", "dependencies": { "react": "^18.3.1", "@module-federation/enhanced": "0.17.1" } }
    /// ```
    ///
    /// ```yaml file=pnpm-lock.yaml
    /// lockfileVersion: '9.0'
    ///
    /// importers:
    ///
    ///   apps/cart:
    ///     dependencies:
    ///       '@module-federation/enhanced':
    ///         specifier: 0.17.1
    ///         version: 0.17.1
    ///
    ///   apps/shell:
    ///     dependencies:
    ///       '@module-federation/enhanced':
    ///         specifier: 0.17.1
    ///         version: 0.17.1
    ///
    /// packages:
    ///
    ///   '@module-federation/enhanced@0.17.1':
    ///     resolution: {integrity: sha512-aaaa}
    ///
    ///   '@module-federation/runtime@0.17.1':
    ///     resolution: {integrity: sha512-cccc}
    ///
    /// snapshots:
    ///
    ///   '@module-federation/enhanced@0.17.1':
    ///     dependencies:
    ///       '@module-federation/runtime': 0.17.1
    ///
    ///   '@module-federation/runtime@0.17.1': {}
    /// ```
    ///
    /// ## How to fix
    ///
    /// Upgrade every app of the group to the same `@module-federation/*`
    /// release (one range in every package.json, or a pnpm `catalog:`) and
    /// reinstall. Instead of creating a runtime in a webpack-built app, build
    /// it with `@module-federation/enhanced`'s `ModuleFederationPlugin` and
    /// register remotes on the bundler's instance (`registerRemotes`,
    /// `loadRemote` from `@module-federation/enhanced/runtime`).
    pub struct FederationRuntimeMismatch { name: "federation-runtime-mismatch", table: Workspace, severity: Warning }
}

impl_rule!(FederationRuntimeMismatch, check);

const RUNTIME: &str = "@module-federation/runtime";

/// Imports that create or reach a runtime of Module Federation 2.
const RUNTIME_IMPORTS: [&str; 4] = [
    "@module-federation/runtime",
    "@module-federation/runtime-core",
    "@module-federation/enhanced/runtime",
    "@module-federation/runtime-tools",
];

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    versions(cx, out);
    by_hand(cx, out);
}

/// The runtime versions an app's federation packages install (MF2 builds only).
fn runtime_of(app: &fedscope_workspace::App) -> Vec<&Locked> {
    if app.runtime != RuntimeKind::Mf2 {
        return Vec::new();
    }
    app.lock.as_ref().map(|l| l.federation.iter().filter(|x| x.package == RUNTIME).collect()).unwrap_or_default()
}

fn versions(cx: &Context, out: &mut Vec<Diagnostic>) {
    let mut done: HashSet<(usize, String)> = HashSet::new();
    for group in &cx.groups {
        let Some(s) = spread(cx, group, &runtime_of) else { continue };
        let host = cx.app(group.host);
        for &(i, copy) in &s.off {
            if !done.insert((i, copy.version.clone())) {
                continue;
            }
            let app = cx.app(i);
            // the app's own federation dependency that brings it, in the app's lockfile entry
            let own = copy.via.first().and_then(|d| app.lock.as_ref()?.direct.iter().find(|x| &x.package == d));
            let place = own.map_or(&copy.place, |o| &o.place);
            let path = copy_path(cx, group, i, RUNTIME, copy);
            out.push(
                Diagnostic::new(
                    &FederationRuntimeMismatch::META,
                    app,
                    place,
                    format!(
                        "{} runs Module Federation runtime {}{}, but {}",
                        app.name,
                        copy.version,
                        through(copy),
                        s.in_group(&host.name, "runs")
                    ),
                )
                .path(path)
                .help(format!(
                    "upgrade {}'s {} to the release the group runs ({RUNTIME} {}) and reinstall",
                    app.name,
                    own.map_or(RUNTIME, |o| o.package.as_str()),
                    s.reference
                )),
            );
        }
    }
}

fn by_hand(cx: &Context, out: &mut Vec<Diagnostic>) {
    for (i, app) in cx.graph.apps.iter().enumerate() {
        if app.runtime != RuntimeKind::Webpack {
            continue;
        }
        let Some(u) = app
            .sources
            .uses
            .iter()
            .filter(|u| RUNTIME_IMPORTS.contains(&u.request.as_str()))
            .min_by(|a, b| (&a.place, a.column).cmp(&(&b.place, b.column)))
        else {
            continue;
        };
        let mut path = match cx.groups.iter().find(|g| g.apps.contains(&i)) {
            Some(g) => chain(cx, g, i),
            None => vec![app.name.clone()],
        };
        path.push(u.request.clone());
        out.push(
            Diagnostic::new(
                &FederationRuntimeMismatch::META,
                app,
                &u.place,
                format!(
                    "{} imports {} next to webpack's built-in federation runtime: a runtime instance it creates (init, createInstance) is a second one, with a share scope of its own",
                    app.name, u.request
                ),
            )
            .column(u.column)
            .path(path)
            .help(format!(
                "build {} with @module-federation/enhanced's ModuleFederationPlugin and use the bundler's instance (registerRemotes, loadRemote from @module-federation/enhanced/runtime) instead of a second runtime",
                app.name
            )),
        );
    }
}
