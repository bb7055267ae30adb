use super::{copies, copy_path, is_workspace_path, spread, through};
use crate::{Context, Diagnostic, declare_rule, impl_rule};
use std::collections::{BTreeSet, HashSet};

declare_rule! {
    /// A stateful library that the lockfiles of one group resolve to more than one version.
    ///
    /// ## What it does
    ///
    /// Reads, for every app of a group (a host and the remotes it loads), the
    /// version its lockfile resolves for each stateful library (React, its
    /// router, Redux, Zustand, TanStack Query, … and the packages added with
    /// `stateful` in `fedscope.toml`): the app's own dependency, and the
    /// copies its dependencies pull in. It reports every app that gets a
    /// version other than the host's (or, when the host has none, the one
    /// most of the group gets), at the lockfile line that resolves it.
    ///
    /// ## Why is this bad?
    ///
    /// Each app builds with the copy its lockfile installed. Sharing a library
    /// as a singleton hands every app one instance at runtime, but only if
    /// every build agrees on the version: otherwise the runtime warns that the
    /// singleton's version does not satisfy an app's requirement, throws when
    /// the requirement is strict, or, for an app that bundles the library
    /// privately, the page ends up with two copies: two React trees whose
    /// hooks and context do not see each other, two stores. The mismatch
    /// starts in the lockfiles long before anyone sees it in the browser.
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
    ///     shared: { react: { singleton: true } },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/cart/webpack.config.js
    /// const { ModuleFederationPlugin } = require('webpack').container;
    /// module.exports = {
    ///   plugins: [new ModuleFederationPlugin({
    ///     name: 'cart',
    ///     exposes: { './Cart': './src/Cart.js' },
    ///     shared: { react: { singleton: true } },
    ///   })],
    /// };
    /// ```
    ///
    /// ```yaml file=pnpm-lock.yaml
    /// lockfileVersion: '9.0'
    ///
    /// importers:
    ///
    ///   apps/cart:
    ///     dependencies:
    ///       react:
    ///         specifier: ^18.2.0
    ///         version: 18.2.0
    ///
    ///   apps/shell:
    ///     dependencies:
    ///       react:
    ///         specifier: ^18.3.1
    ///         version: 18.3.1
    ///
    /// packages:
    ///
    ///   react@18.2.0:
    ///     resolution: {integrity: sha512-/3IjMdb2L9QbBdWiW5e3P2/npwMBaU9mHCSCUzNln0ZCYbcfTsGbTJrU/kGemdH2IWmB2ioZ+zkxtmq6g09fGQ==}
    ///     engines: {node: '>=0.10.0'}
    ///
    ///   react@18.3.1:
    ///     resolution: {integrity: sha512-wS+hAgJShR0KhEvPJArfuPVN1+Hz1t0Y6n5jLrGQbkb4urgPE/0Rve+1kMB1v/oWgHgm4WIcV+i7F2pTVj+2iQ==}
    ///     engines: {node: '>=0.10.0'}
    ///
    /// snapshots:
    ///
    ///   react@18.2.0: {}
    ///
    ///   react@18.3.1: {}
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
    ///     shared: { react: { singleton: true } },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/cart/webpack.config.js
    /// const { ModuleFederationPlugin } = require('webpack').container;
    /// module.exports = {
    ///   plugins: [new ModuleFederationPlugin({
    ///     name: 'cart',
    ///     exposes: { './Cart': './src/Cart.js' },
    ///     shared: { react: { singleton: true } },
    ///   })],
    /// };
    /// ```
    ///
    /// ```yaml file=pnpm-lock.yaml
    /// lockfileVersion: '9.0'
    ///
    /// importers:
    ///
    ///   apps/cart:
    ///     dependencies:
    ///       react:
    ///         specifier: ^18.3.1
    ///         version: 18.3.1
    ///
    ///   apps/shell:
    ///     dependencies:
    ///       react:
    ///         specifier: ^18.3.1
    ///         version: 18.3.1
    ///
    /// packages:
    ///
    ///   react@18.3.1:
    ///     resolution: {integrity: sha512-wS+hAgJShR0KhEvPJArfuPVN1+Hz1t0Y6n5jLrGQbkb4urgPE/0Rve+1kMB1v/oWgHgm4WIcV+i7F2pTVj+2iQ==}
    ///     engines: {node: '>=0.10.0'}
    ///
    /// snapshots:
    ///
    ///   react@18.3.1: {}
    /// ```
    ///
    /// ## How to fix
    ///
    /// Give the library the same range in every app's package.json (a pnpm
    /// `catalog:` keeps them together) and reinstall, so that every lockfile
    /// of the group resolves one version; for a copy that another package
    /// pulls in, upgrade that package or pin the library with `overrides`
    /// (npm, pnpm) or `resolutions` (yarn).
    pub struct SingletonMultipleInstalled { name: "singleton-multiple-installed", table: Workspace, severity: Warning }
}

impl_rule!(SingletonMultipleInstalled, check);

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    // (app, package, version) once, whichever group shows it first
    let mut done: HashSet<(usize, String, String)> = HashSet::new();
    for group in &cx.groups {
        let mut packages: BTreeSet<&str> = BTreeSet::new();
        for &i in &group.apps {
            if let Some(l) = &cx.app(i).lock {
                packages.extend(
                    l.direct.iter().chain(&l.reached).map(|x| x.package.as_str()).filter(|p| cx.is_stateful(p)),
                );
            }
        }
        for package in packages {
            let Some(s) = spread(cx, group, &|app| copies(app, package, None)) else {
                continue;
            };
            let host = cx.app(group.host);
            for &(i, copy) in &s.off {
                if !done.insert((i, package.to_string(), copy.version.clone())) {
                    continue;
                }
                let app = cx.app(i);
                let path = copy_path(cx, group, i, package, copy);
                let lockfile = app.lock.as_ref().map_or("its lockfile", |l| l.lockfile.as_str());
                out.push(
                    Diagnostic::new(
                        &SingletonMultipleInstalled::META,
                        app,
                        &copy.place,
                        format!(
                            "{} installs {package} {}{} from {lockfile}, but {}",
                            app.name,
                            copy.version,
                            through(copy),
                            s.in_group(&host.name, &format!("resolves {package} to"))
                        ),
                    )
                    .path(path)
                    .help(match copy.via.last() {
                        None => format!(
                            "give {package} the same range in {}'s package.json as in the rest of the group ({}) and reinstall",
                            app.name, s.reference
                        ),
                        Some(w) if is_workspace_path(w) => format!(
                            "give {package} the same range in {w}/package.json as in the rest of the group ({}) and reinstall",
                            s.reference
                        ),
                        Some(dep) => format!(
                            "upgrade {dep} to a release that takes {package} {}, or pin {package} with overrides (npm, pnpm) or resolutions (yarn)",
                            s.reference
                        ),
                    }),
                );
            }
        }
    }
}
