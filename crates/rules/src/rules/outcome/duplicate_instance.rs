use crate::util::{chain, page_uses, shared_place};
use crate::{Context, Diagnostic, Group, declare_rule, impl_rule};
use std::collections::BTreeMap;

declare_rule! {
    /// More than one loaded copy of a stateful library on a page, in some load order.
    ///
    /// ## What it does
    ///
    /// Replays the group's share scope in every load order that matters and
    /// counts, for each stateful library, the copies the page ends up
    /// running: each module instance the share scope creates, plus each
    /// private copy an app bundles because it uses the library without
    /// sharing it.
    ///
    /// ## Why is this bad?
    ///
    /// Two copies of React mean two dispatchers: hooks in one app run against
    /// a React the renderer never set up ("Invalid hook call", "Cannot read
    /// properties of null (reading 'useEffect')"). Two copies of a store or
    /// query library mean two stores and two contexts: updates do not cross,
    /// providers are not found.
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
    ///   plugins: [new ModuleFederationPlugin({ name: 'cart', exposes: { './Cart': './src/Cart.js' } })],
    /// };
    /// ```
    ///
    /// ```js file=apps/cart/src/Cart.js
    /// import React from 'react';
    /// export default function Cart() { return null; }
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
    ///     exposes: { './Cart': './src/Cart.js' },
    ///     shared: { react: { singleton: true, requiredVersion: '^18.3.1' } },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/cart/src/Cart.js
    /// import React from 'react';
    /// export default function Cart() { return null; }
    /// ```
    ///
    /// ## How to fix
    ///
    /// Share the library in every app of the group that uses it, as a
    /// singleton with a required version, so the share scope hands everyone
    /// the same copy.
    pub struct DuplicateInstance { name: "duplicate-instance", table: ShareScopeOutcome, severity: Error }
}

impl_rule!(DuplicateInstance, check);

/// One copy of a library on the page.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Copy {
    /// Created through the share scope: provider, version, the apps that use it.
    Shared { provider: String, version: String, users: Vec<String> },
    /// Bundled by an app that uses the library without sharing it.
    Private { app: usize },
}

/// The copies of `package` on the group's page, in the load order with the most.
/// Also: in how many of the group's load orders the page has two copies or more.
pub fn copies(cx: &Context, group: &Group, package: &str) -> (Vec<Copy>, usize) {
    let mut private = Vec::new();
    for &i in &group.apps {
        if page_uses(group, i, cx.app(i)).iter().any(|u| u.package == package && crate::util::is_private_copy(u)) {
            private.push(Copy::Private { app: i });
        }
    }
    // the share-scope keys under which apps of the group provide the package's own entry
    // (`react`, or a shareKey such as `newReact`)
    let mut keys: Vec<String> = vec![package.to_string()];
    for &i in &group.apps {
        for s in &cx.app(i).shared {
            if s.key == package {
                let k = fedscope_plan::scope_key(s);
                if !keys.contains(&k) {
                    keys.push(k);
                }
            }
        }
    }
    let mut best: Vec<Copy> = Vec::new();
    let mut runs_with_copies = 0;
    for run in &group.plan.runs {
        let mut here: Vec<Copy> = keys
            .iter()
            .filter_map(|k| run.outcome.instances.get(k))
            .flatten()
            .map(|inst| Copy::Shared {
                provider: inst.provider.clone(),
                version: inst.version.clone(),
                users: inst.users.clone(),
            })
            .collect();
        here.extend(private.iter().cloned());
        if here.len() > 1 {
            runs_with_copies += 1;
        }
        if here.len() > best.len() {
            best = here;
        }
    }
    if best.is_empty() {
        best = private;
    }
    (best, runs_with_copies)
}

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for group in &cx.groups {
        // every stateful package some app of the group uses or shares
        let mut packages: BTreeMap<String, ()> = BTreeMap::new();
        for &i in &group.apps {
            for u in page_uses(group, i, cx.app(i)) {
                if cx.is_stateful(&u.package) {
                    packages.insert(u.package.clone(), ());
                }
            }
        }
        for package in packages.keys() {
            let (copies, runs_with_copies) = copies(cx, group, package);
            if copies.len() < 2 {
                continue;
            }
            let host = cx.app(group.host);
            let described: Vec<String> = copies
                .iter()
                .map(|c| match c {
                    Copy::Shared { provider, version, users } => {
                        format!("{provider}'s {version} (through the share scope, used by {})", users.join(", "))
                    }
                    Copy::Private { app } => format!("{}'s own bundled copy", cx.app(*app).name),
                })
                .collect();
            // where: the first private copy's import, else the second provider's shared entry
            let (app_i, place, column) = match copies.iter().find_map(|c| match c {
                Copy::Private { app } => Some(*app),
                _ => None,
            }) {
                Some(a) => {
                    let u = page_uses(group, a, cx.app(a))
                        .into_iter()
                        .find(|u| u.package == *package && crate::util::is_private_copy(u));
                    match u {
                        Some(u) => (a, u.place.clone(), u.column),
                        None => (a, shared_place(cx.app(a), package), 1),
                    }
                }
                None => {
                    let mut second = copies.iter().filter_map(|c| match c {
                        Copy::Shared { provider, .. } => {
                            group.apps.iter().copied().find(|&j| cx.app(j).name == *provider)
                        }
                        _ => None,
                    });
                    let a = second.next_back().unwrap_or(group.host);
                    (a, shared_place(cx.app(a), package), 1)
                }
            };
            let mut path = chain(cx, group, app_i);
            path.push(place.file.clone());
            path.push(package.clone());
            let total = group.plan.runs.len();
            let orders = if total > 1 && runs_with_copies < total {
                format!(" in {runs_with_copies} of {total} load orders")
            } else {
                String::new()
            };
            out.push(
                Diagnostic::new(
                    &DuplicateInstance::META,
                    cx.app(app_i),
                    &place,
                    format!(
                        "{package} runs {} copies on {}'s page{orders}: {}",
                        copies.len(),
                        host.name,
                        crate::util::and_list(&described)
                    ),
                )
                .column(column)
                .path(path)
                .help(format!(
                    "share {package} as a singleton (with a requiredVersion) in every app of the group that uses it"
                )),
            );
        }
    }
}
