use crate::util::{chain, grouped_apps};
use crate::{Context, Diagnostic, declare_rule, impl_rule};
use fedscope_workspace::sources::Reach;

declare_rule! {
    /// `eager: true` on a shared library in a remote, or in a host that does not need it.
    ///
    /// ## What it does
    ///
    /// Finds `eager: true` on a shared entry of a remote (an app another app
    /// of the group loads), or of a host whose entry does not consume the
    /// library synchronously (it has an async boundary, or async startup).
    ///
    /// ## Why is this bad?
    ///
    /// An eager shared module is compiled into the app's initial chunk (for a
    /// remote: into its `remoteEntry.js`) and its provider is registered as
    /// eager. Every page that loads the app downloads and parses that copy
    /// even when another copy ends up being used, and on webpack's runtime an
    /// eager provider wins every tie, so the remote's copy can displace the
    /// host's. `eager` exists for a host that must render before the share
    /// scope is ready; with an async boundary nothing needs it.
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
    ///     shared: { react: { singleton: true, eager: true } },
    ///   })],
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
    /// ## How to fix
    ///
    /// Remove `eager: true` and give the app an async boundary: an entry that
    /// is only `import('./bootstrap')`.
    pub struct EagerShared { name: "eager-shared", table: ShareConfiguration, severity: Warning }
}

impl_rule!(EagerShared, check);

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for (i, group) in grouped_apps(cx) {
        let app = cx.app(i);
        let is_host = i == group.host;
        for s in &app.shared {
            if !s.eager {
                continue;
            }
            let why = if !is_host {
                format!(
                    "{} is a remote: its eager copy of {} is compiled into its remoteEntry.js and downloaded by every page that loads it, whichever copy is used",
                    app.name, s.key
                )
            } else {
                let sync_use =
                    app.sources.uses.iter().any(|u| u.shared.as_deref() == Some(&s.key) && u.reach == Reach::EntrySync);
                if sync_use && !app.async_startup {
                    continue;
                }
                if app.sources.entries.is_empty() {
                    continue; // whether the entry needs it is not known
                }
                format!(
                    "{}'s entry does not consume {} synchronously ({}), so making it eager only moves the copy into the initial chunk",
                    app.name,
                    s.key,
                    if app.async_startup { "async startup is on" } else { "it has an async boundary" }
                )
            };
            let mut path = chain(cx, group, i);
            path.push(s.key.clone());
            out.push(
                Diagnostic::new(
                    &EagerShared::META,
                    app,
                    &s.place,
                    format!("{} is shared eagerly by {}: {why}", s.key, app.name),
                )
                .path(path)
                .note("the whole module graph of the eager package moves into the app's initial chunk")
                .help(if app.bundler == fedscope_workspace::Bundler::Nx {
                    format!(
                        "Nx makes React packages eager by default: return {{ ...config, eager: false }} for {} from the `shared` function of {}'s module-federation config (keep the async boundary)",
                        s.key, app.name
                    )
                } else {
                    format!("remove `eager: true` from {} in {}'s shared config (keep the async boundary)", s.key, app.name)
                }),
            );
        }
    }
}
