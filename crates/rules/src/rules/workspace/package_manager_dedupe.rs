use super::{copies, copy_path, spread, through};
use crate::util::{and_list, chain, grouped_apps};
use crate::{Context, Diagnostic, Group, declare_rule, impl_rule};
use fedscope_workspace::Place;
use fedscope_workspace::lockfile::LockKind;
use fedscope_workspace::pm::LockfileInfo;
use std::collections::{BTreeSet, HashMap};

declare_rule! {
    /// A package manager left to install more than one copy of the group's stateful libraries.
    ///
    /// ## What it does
    ///
    /// For a pnpm workspace (a `pnpm-workspace.yaml` beside the lockfile)
    /// whose apps belong to a group, reads `dedupe-peer-dependents` and
    /// `resolve-peers-from-workspace-root` from `.npmrc` and
    /// `pnpm-workspace.yaml` (`dedupePeerDependents`,
    /// `resolvePeersFromWorkspaceRoot`), and the pnpm version from the root
    /// package.json's `packageManager` (else the lockfile's version). Both
    /// settings default to `true` from pnpm 8 on (they were added, off, in
    /// pnpm 7.23 and 7.29), so it reports an explicit `false`, or a pnpm
    /// older than 8 where they are not set to `true`.
    ///
    /// For npm and yarn, it reports a stateful library that one lockfile
    /// installs in more than one version for the apps of a group while the
    /// root package.json pins nothing for it (`overrides` for npm,
    /// `resolutions` for yarn).
    ///
    /// ## Why is this bad?
    ///
    /// A library with peer dependencies (react-dom, react-redux, TanStack
    /// Query, every React binding) is installed once per set of peers it
    /// resolves. With `dedupe-peer-dependents` off, pnpm keeps a separate copy
    /// for every project whose peers differ even slightly; with
    /// `resolve-peers-from-workspace-root` off, a peer that a project does
    /// not install itself is not taken from the workspace root's
    /// dependencies but resolved for that project alone, possibly to another
    /// version. Each copy is a different module to the bundler: apps bundle
    /// different files of the same library, and the page can end up with two
    /// Reacts or two stores. npm and
    /// yarn nest a second copy under whichever package asks for another range
    /// until the root package.json overrides it.
    ///
    /// ## Examples
    ///
    /// ### Invalid: pnpm told not to dedupe
    ///
    /// ```ini file=.npmrc
    /// dedupe-peer-dependents=false
    /// ```
    ///
    /// ```yaml file=pnpm-workspace.yaml
    /// packages:
    ///   - apps/*
    /// ```
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
    /// ### Invalid: npm installs a second React and nothing overrides it
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
    /// ```json file=apps/cart/package.json
    /// { "name": "cart", "version": "1.0.0", "dependencies": { "react": "^18.3.1", "legacy-widget": "^2.0.0" } }
    /// ```
    ///
    /// ```js file=apps/cart/src/bootstrap.js
    /// import React from 'react';
    /// import { Widget } from 'legacy-widget';
    /// ```
    ///
    /// ```json file=package-lock.json
    /// {
    ///   "name": "example",
    ///   "lockfileVersion": 3,
    ///   "requires": true,
    ///   "packages": {
    ///     "": {
    ///       "name": "example",
    ///       "workspaces": [
    ///         "apps/*"
    ///       ]
    ///     },
    ///     "apps/cart": {
    ///       "name": "cart",
    ///       "version": "1.0.0",
    ///       "dependencies": {
    ///         "legacy-widget": "^2.0.0",
    ///         "react": "^18.3.1"
    ///       }
    ///     },
    ///     "apps/shell": {
    ///       "name": "shell",
    ///       "version": "1.0.0",
    ///       "dependencies": {
    ///         "react": "^18.3.1"
    ///       }
    ///     },
    ///     "node_modules/cart": {
    ///       "resolved": "apps/cart",
    ///       "link": true
    ///     },
    ///     "node_modules/legacy-widget": {
    ///       "version": "2.0.0",
    ///       "resolved": "https://registry.npmjs.org/legacy-widget/-/legacy-widget-2.0.0.tgz",
    ///       "dependencies": {
    ///         "react": "^17.0.0"
    ///       }
    ///     },
    ///     "node_modules/legacy-widget/node_modules/react": {
    ///       "version": "17.0.2",
    ///       "resolved": "https://registry.npmjs.org/react/-/react-17.0.2.tgz"
    ///     },
    ///     "node_modules/react": {
    ///       "version": "18.3.1",
    ///       "resolved": "https://registry.npmjs.org/react/-/react-18.3.1.tgz"
    ///     },
    ///     "node_modules/shell": {
    ///       "resolved": "apps/shell",
    ///       "link": true
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ### Valid: pnpm 9's defaults
    ///
    /// ```yaml file=pnpm-workspace.yaml
    /// packages:
    ///   - apps/*
    /// ```
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
    /// ### Valid: npm with the second React overridden
    ///
    /// ```json file=package.json
    /// { "name": "example", "private": true, "workspaces": ["apps/*"], "overrides": { "react": "18.3.1" } }
    /// ```
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
    /// ```json file=apps/cart/package.json
    /// { "name": "cart", "version": "1.0.0", "dependencies": { "react": "^18.3.1", "legacy-widget": "^2.0.0" } }
    /// ```
    ///
    /// ```js file=apps/cart/src/bootstrap.js
    /// import React from 'react';
    /// import { Widget } from 'legacy-widget';
    /// ```
    ///
    /// ```json file=package-lock.json
    /// {
    ///   "name": "example",
    ///   "lockfileVersion": 3,
    ///   "requires": true,
    ///   "packages": {
    ///     "": {
    ///       "name": "example",
    ///       "workspaces": [
    ///         "apps/*"
    ///       ]
    ///     },
    ///     "apps/cart": {
    ///       "name": "cart",
    ///       "version": "1.0.0",
    ///       "dependencies": {
    ///         "legacy-widget": "^2.0.0",
    ///         "react": "^18.3.1"
    ///       }
    ///     },
    ///     "apps/shell": {
    ///       "name": "shell",
    ///       "version": "1.0.0",
    ///       "dependencies": {
    ///         "react": "^18.3.1"
    ///       }
    ///     },
    ///     "node_modules/cart": {
    ///       "resolved": "apps/cart",
    ///       "link": true
    ///     },
    ///     "node_modules/legacy-widget": {
    ///       "version": "2.0.0",
    ///       "resolved": "https://registry.npmjs.org/legacy-widget/-/legacy-widget-2.0.0.tgz",
    ///       "dependencies": {
    ///         "react": "^17.0.0 || ^18.0.0"
    ///       }
    ///     },
    ///     "node_modules/react": {
    ///       "version": "18.3.1",
    ///       "resolved": "https://registry.npmjs.org/react/-/react-18.3.1.tgz"
    ///     },
    ///     "node_modules/shell": {
    ///       "resolved": "apps/shell",
    ///       "link": true
    ///     }
    ///   }
    /// }
    /// ```
    ///
    /// ## How to fix
    ///
    /// pnpm: remove the `false` (or set `dedupe-peer-dependents=true` and
    /// `resolve-peers-from-workspace-root=true` in `.npmrc`), or upgrade to
    /// pnpm 8 or later, where both are on; then reinstall. npm: add the
    /// library to the root package.json's `overrides` (`"react": "18.3.1"`);
    /// yarn: to its `resolutions`; then reinstall.
    pub struct PackageManagerDedupe { name: "package-manager-dedupe", table: Workspace, severity: Warning }
}

impl_rule!(PackageManagerDedupe, check);

/// The pnpm settings that keep one copy of peers: (.npmrc name, pnpm-workspace.yaml name).
const SETTINGS: [(&str, &str); 2] = [
    ("dedupe-peer-dependents", "dedupePeerDependents"),
    ("resolve-peers-from-workspace-root", "resolvePeersFromWorkspaceRoot"),
];

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let grouped = grouped_apps(cx);
    for info in &cx.graph.lockfiles {
        let users: Vec<(usize, &Group)> = grouped
            .iter()
            .copied()
            .filter(|(i, _)| cx.app(*i).lock.as_ref().is_some_and(|l| l.lockfile == info.file))
            .collect();
        if users.is_empty() {
            continue;
        }
        match info.kind {
            LockKind::Pnpm => pnpm(cx, info, &users, out),
            _ => npm_or_yarn(cx, info, out),
        }
    }
}

/// The pnpm major version and what says so.
fn pnpm_major(info: &LockfileInfo) -> Option<(u32, String, Place)> {
    if let Some((pm, place)) = &info.package_manager
        && let Some(v) = pm.strip_prefix("pnpm@")
        && let Some(major) = v.split('.').next().and_then(|m| m.parse().ok())
    {
        return Some((major, format!("packageManager {pm}"), place.clone()));
    }
    // lockfile v5 is written by pnpm 7 and older; v6 by pnpm 8 (or 7 with use-lockfile-v6), v9 by 9 and 10
    let (v, place) = info.version.as_ref()?;
    v.starts_with('5').then(|| (7, format!("lockfileVersion {v}, written by pnpm 7 or older"), place.clone()))
}

fn pnpm(cx: &Context, info: &LockfileInfo, users: &[(usize, &Group)], out: &mut Vec<Diagnostic>) {
    if info.pnpm_workspace.is_none() {
        return;
    }
    let stateful: BTreeSet<&str> = users
        .iter()
        .filter_map(|(i, _)| cx.app(*i).lock.as_ref())
        .flat_map(|l| l.direct.iter().chain(&l.reached))
        .map(|l| l.package.as_str())
        .filter(|p| cx.is_stateful(p))
        .collect();
    if stateful.is_empty() {
        return;
    }
    let major = pnpm_major(info);
    let on_by_default = major.as_ref().is_none_or(|(m, _, _)| *m >= 8);
    let mut off: Vec<String> = Vec::new();
    let mut place: Option<Place> = None;
    for (npmrc, yaml) in SETTINGS {
        match info.setting(&[npmrc, yaml]) {
            Some(s) if s.value == "false" => {
                off.push(format!("{}={} ({}:{})", s.key, s.value, s.place.file, s.place.line));
                place.get_or_insert(s.place.clone());
            }
            Some(_) => {}
            None if !on_by_default => off.push(format!("{npmrc} (not set, off by default before pnpm 8)")),
            None => {}
        }
    }
    if off.is_empty() {
        return;
    }
    let place = place
        .or_else(|| major.as_ref().map(|(_, _, p)| p.clone()))
        .unwrap_or_else(|| Place { file: info.file.clone(), line: 1 });
    let (i, group) = users.iter().copied().find(|(i, g)| *i == g.host).unwrap_or(users[0]);
    let app = cx.app(i);
    let mut path = chain(cx, group, i);
    path.extend(stateful.iter().next().map(|p| p.to_string()));
    let version = match &major {
        Some((_, why, _)) if !on_by_default => format!(" ({why})"),
        _ => String::new(),
    };
    let stateful: Vec<String> = stateful.iter().map(|p| p.to_string()).collect();
    let mut d = Diagnostic::new(
            &PackageManagerDedupe::META,
            app,
            &place,
            format!(
                "pnpm may install more than one copy of the group's peer-dependent libraries in the workspace of {}{version}: {}",
                info.file,
                and_list(&off)
            ),
        )
        .path(path)
        .help(if on_by_default {
            "remove the false settings (pnpm 8 and later turn both on) and reinstall".to_string()
        } else {
            "upgrade pnpm to 8 or later (both settings on by default), or set dedupe-peer-dependents=true and resolve-peers-from-workspace-root=true in .npmrc, and reinstall".to_string()
        })
        .note(format!("stateful libraries the group installs through it: {}", and_list(&stateful)));
    // (a setting of the whole workspace: about every app that installs through it)
    for (k, _) in users {
        d.about_too(cx.app(*k));
    }
    out.push(d);
}

fn npm_or_yarn(cx: &Context, info: &LockfileInfo, out: &mut Vec<Diagnostic>) {
    let field = if info.kind == LockKind::Npm { "overrides" } else { "resolutions" };
    let manifest = info.manifest.clone().unwrap_or_else(|| "package.json".into());
    // (package, lockfile) once, whichever group shows it first: the finding, in `out`, is about
    // the app of that name of every later group too
    let mut done: HashMap<&str, usize> = HashMap::new();
    for group in &cx.groups {
        let mut packages: BTreeSet<&str> = BTreeSet::new();
        for &i in &group.apps {
            if let Some(l) = cx.app(i).lock.as_ref().filter(|l| l.lockfile == info.file) {
                packages.extend(
                    l.direct.iter().chain(&l.reached).map(|x| x.package.as_str()).filter(|p| cx.is_stateful(p)),
                );
            }
        }
        for package in packages {
            if info.overrides.iter().any(|(p, _)| p == package) {
                continue;
            }
            let Some(s) = spread(cx, group, &|app| copies(app, package, Some(&info.file))) else {
                continue;
            };
            let Some(&(i, copy)) = s.off.first() else { continue };
            if let Some(&k) = done.get(package) {
                out[k].about_too(cx.app(i));
                continue;
            }
            done.insert(package, out.len());
            let app = cx.app(i);
            let path = copy_path(cx, group, i, package, copy);
            out.push(
                Diagnostic::new(
                    &PackageManagerDedupe::META,
                    app,
                    &copy.place,
                    format!(
                        "{} installs {package} {} for {}{} next to {} for the rest of the group of {}, and {manifest} has no {field} entry that pins {package}",
                        info.file,
                        copy.version,
                        app.name,
                        through(copy),
                        s.reference,
                        cx.app(group.host).name,
                    ),
                )
                .note(format!("{package} in the group: {}", s.describe()))
                .path(path)
                .help(format!(
                    "add \"{field}\": {{ \"{package}\": \"{}\" }} to {manifest} and reinstall, so that one copy is installed",
                    s.reference
                )),
            );
        }
    }
}
