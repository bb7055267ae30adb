use crate::util::{chain, grouped_apps};
use crate::{Context, Diagnostic, declare_rule, impl_rule};
use fedscope_workspace::Required;

declare_rule! {
    /// A singleton with no required version (absent, or `false`).
    ///
    /// ## What it does
    ///
    /// Finds a `singleton: true` entry whose `requiredVersion` is `false`, or
    /// absent with nothing the bundler can infer it from (the package is not
    /// in the app's package.json).
    ///
    /// ## Why is this bad?
    ///
    /// A singleton hands every app the one copy the page loaded first or the
    /// highest one registered. Without a required version the runtime checks
    /// nothing: an app built against React 17 silently runs on React 19, and
    /// the mismatch shows up as a crash far from its cause instead of a clear
    /// warning naming the versions.
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
    ///     shared: { react: { singleton: true, requiredVersion: false } },
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
    /// ### Valid
    ///
    /// ```js file=apps/shell/webpack.config.js
    /// const { ModuleFederationPlugin } = require('webpack').container;
    /// const deps = require('./package.json').dependencies;
    /// module.exports = {
    ///   plugins: [new ModuleFederationPlugin({
    ///     name: 'shell',
    ///     remotes: { cart: 'cart@http://localhost:3001/remoteEntry.js' },
    ///     shared: { react: { singleton: true, requiredVersion: deps.react } },
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
    /// (cart's `react` gets `^18.3.1` from its package.json: webpack infers it.)
    ///
    /// ## How to fix
    ///
    /// Set `requiredVersion` from the app's package.json
    /// (`require('./package.json').dependencies.react`), or remove
    /// `requiredVersion: false` and list the package in the package.json so the
    /// bundler infers it.
    pub struct RequiredVersionMissing { name: "required-version-missing", table: ShareConfiguration, severity: Warning }
}

impl_rule!(RequiredVersionMissing, check);

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for (i, group) in grouped_apps(cx) {
        let app = cx.app(i);
        for s in &app.shared {
            // no range, or the `*` a bundler writes when it has none (Rspack, the Vite plugin)
            let defaulted_star = matches!((&s.required_version, &s.required_origin), (Required::Range(r), fedscope_workspace::Origin::Default(_)) if r == "*");
            if !s.singleton || (s.required_version != Required::Off && !defaulted_star) {
                continue;
            }
            // a value fedscope could not read is not a missing one
            let field = format!("shared.{}.requiredVersion", s.key);
            if app.unknown.iter().any(|u| u.field == field || u.field == format!("shared.{}", s.key)) {
                continue;
            }
            let why = match &s.required_origin {
                fedscope_workspace::Origin::Config(_) => "`requiredVersion: false` turns the check off".to_string(),
                fedscope_workspace::Origin::Default(w) if defaulted_star => format!("the bundler passes \"*\": {w}"),
                _ => format!("no package.json of {} lists {}, so the bundler infers none", app.name, s.key),
            };
            let mut path = chain(cx, group, i);
            path.push(s.key.clone());
            out.push(
                Diagnostic::new(
                    &RequiredVersionMissing::META,
                    app,
                    &s.place,
                    format!(
                        "{} is a singleton in {} with no required version ({why}): any version the page loads is accepted without a warning",
                        s.key, app.name
                    ),
                )
                .path(path)
                .help(format!(
                    "set requiredVersion for {} from {}'s package.json (require('./package.json').dependencies)",
                    s.key, app.name
                )),
            );
        }
    }
}
