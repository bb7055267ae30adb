use crate::util::{chain, grouped_apps, satisfies};
use crate::{Context, Diagnostic, declare_rule, impl_rule};
use fedscope_workspace::{Origin, Required};

declare_rule! {
    /// A hard-coded `requiredVersion` that the app's own installed version contradicts.
    ///
    /// ## What it does
    ///
    /// Finds a `requiredVersion` written as a literal in the config (not taken
    /// from package.json) that the version the app itself provides does not
    /// satisfy, in the dialect of the runtime that will check it.
    ///
    /// ## Why is this bad?
    ///
    /// The range was right once; the package was upgraded and the config was
    /// not. The app now demands a version nobody provides, not even itself:
    /// the runtime warns on every load, or, with `strictVersion`, throws and
    /// the app does not render.
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
    ///     shared: { react: { singleton: true, requiredVersion: '^17.0.2' } },
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
    /// (react 18.3.1 is installed.)
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
    ///   plugins: [new ModuleFederationPlugin({ name: 'cart', exposes: { './Cart': './src/Cart.js' } })],
    /// };
    /// ```
    ///
    /// ## How to fix
    ///
    /// Take the range from the app's package.json
    /// (`require('./package.json').dependencies.react`) so it moves with upgrades.
    pub struct RequiredVersionDrift { name: "required-version-drift", table: ShareConfiguration, severity: Warning }
}

impl_rule!(RequiredVersionDrift, check);

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for (i, group) in grouped_apps(cx) {
        let app = cx.app(i);
        let runtime = group.plan.runtime;
        for s in &app.shared {
            let (Required::Range(range), Origin::Config(at), Some(version)) =
                (&s.required_version, &s.required_origin, &s.version)
            else {
                continue;
            };
            // written in the config itself, not read from a package.json
            if at.file.ends_with("package.json") || version == "0" {
                continue;
            }
            if satisfies(runtime, version, range) != Some(false) {
                continue;
            }
            let from = match &s.version_origin {
                Origin::Installed(f) => format!("installed version ({f})"),
                Origin::Lockfile(p) => format!("locked version ({}:{})", p.file, p.line),
                Origin::Manifest(f) => format!("built version ({f})"),
                _ => "version".into(),
            };
            let mut path = chain(cx, group, i);
            path.push(s.key.clone());
            out.push(
                Diagnostic::new(
                    &RequiredVersionDrift::META,
                    app,
                    at,
                    format!(
                        "{} hard-codes requiredVersion {range} for {}, but its own {} is {version}, which does not satisfy it",
                        app.name, s.key, from
                    ),
                )
                .path(path)
                .help(format!(
                    "take the range from {}'s package.json (require('./package.json').dependencies[{:?}])",
                    app.name, s.key
                )),
            );
        }
    }
}
