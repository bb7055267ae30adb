use crate::util::{chain, grouped_apps};
use crate::{Context, Diagnostic, declare_rule, impl_rule};
use fedscope_workspace::Origin;

declare_rule! {
    /// A provider whose version the bundler cannot determine, so the runtime registers it as `0`.
    ///
    /// ## What it does
    ///
    /// Finds a shared entry the app provides without a version the bundler
    /// can find: `version: false`, or a module (a relative path, a package
    /// with no `version` in its package.json) that has none.
    ///
    /// ## Why is this bad?
    ///
    /// The runtime registers such a provider as version `"0"`. It loses every
    /// highest-version choice, never satisfies a range on the Module
    /// Federation 2 runtime, and satisfies only `*` on webpack's: consumers
    /// with a required version never get it, and those without one get it or
    /// not depending on what else is registered.
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
    ///     shared: { lodash: { version: false } },
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
    /// ### Valid
    ///
    /// ```js file=apps/shell/webpack.config.js
    /// const { ModuleFederationPlugin } = require('webpack').container;
    /// module.exports = {
    ///   plugins: [new ModuleFederationPlugin({
    ///     name: 'shell',
    ///     remotes: { cart: 'cart@http://localhost:3001/remoteEntry.js' },
    ///     shared: { lodash: {} },
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
    /// ## How to fix
    ///
    /// Give the provider a version: remove `version: false`, give the shared
    /// package a `version` in its package.json, or set `version` explicitly
    /// for a shared relative module.
    pub struct SharedVersionUnknown { name: "shared-version-unknown", table: ShareConfiguration, severity: Warning }
}

impl_rule!(SharedVersionUnknown, check);

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for (i, group) in grouped_apps(cx) {
        let app = cx.app(i);
        for s in &app.shared {
            if !s.import || s.version.as_deref() != Some("0") || !matches!(s.version_origin, Origin::Default(_)) {
                continue;
            }
            let why = match &s.version_origin {
                Origin::Default(w) => *w,
                _ => "",
            };
            let mut path = chain(cx, group, i);
            path.push(s.key.clone());
            out.push(
                Diagnostic::new(
                    &SharedVersionUnknown::META,
                    app,
                    &s.place,
                    format!("{} provides {} with no version the bundler can determine ({why}): the runtime registers it as \"0\"", app.name, s.key),
                )
                .path(path)
                .help(format!("give {} a version in {} (remove `version: false`, or set it)", s.key, app.name)),
            );
        }
    }
}
