use super::singleton_version_error::is_singleton_mismatch;
use super::{app_of, steps_where, when};
use crate::util::{chain, shared_place};
use crate::{Context, Diagnostic, declare_rule, impl_rule};
use fedscope_scope::{LoadResult, Mode};

declare_rule! {
    /// A non-singleton consumer that falls back or throws because nothing in scope satisfies it.
    ///
    /// ## What it does
    ///
    /// Replays the group's share scope and finds loads of a non-singleton
    /// shared module where no registered version satisfies the app's range:
    /// the app silently uses its own bundled copy (a second instance), the
    /// runtime warns and hands over another version, or it throws (no local
    /// copy: `import: false`).
    ///
    /// ## Why is this bad?
    ///
    /// Sharing was meant to give the group one copy; instead this app runs
    /// its own (twice the bytes, and twice the state for anything stateful),
    /// or runs against a version outside its range, or does not load at all.
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
    ///     shared: { lodash: {} },
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
    ///     shared: { lodash: { requiredVersion: '^3.10.0', import: false } },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/cart/src/Cart.js
    /// import lodash from 'lodash';
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
    ///   plugins: [new ModuleFederationPlugin({
    ///     name: 'cart',
    ///     exposes: { './Cart': './src/Cart.js' },
    ///     shared: { lodash: { requiredVersion: '^4.17.0', import: false } },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/cart/src/Cart.js
    /// import lodash from 'lodash';
    /// ```
    ///
    /// ## How to fix
    ///
    /// Align the ranges: provide a version every consumer accepts, or widen
    /// the consumer's range to the version the group provides.
    pub struct NoSatisfyingVersion { name: "no-satisfying-version", table: ShareScopeOutcome, severity: Warning }
}

impl_rule!(NoSatisfyingVersion, check);

fn not_satisfied(text: &str) -> bool {
    text.contains("No satisfying version")
        || text.contains("Can not get")
        || text.contains("doesn't exist in shared scope")
}

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for group in &cx.groups {
        let found = steps_where(group, |s| {
            if s.mode == Mode::Sync {
                return false; // the eager-consumption errors are missing-async-boundary's
            }
            let err = s.error.as_deref().unwrap_or("");
            match s.result {
                LoadResult::Fallback => true,
                LoadResult::Error => not_satisfied(err) && !is_singleton_mismatch(err),
                LoadResult::Shared => s.warnings.iter().any(|w| not_satisfied(w)),
            }
        });
        for ((container, key), (step, orders)) in found {
            let Some(i) = app_of(cx, group, &container) else { continue };
            let app = cx.app(i);
            let range =
                app.shared.iter().find(|s| s.key == key || fedscope_plan::scope_key(s) == key).map(|s| {
                    match &s.required_version {
                        fedscope_workspace::Required::Range(r) => r.clone(),
                        fedscope_workspace::Required::Off => "any version".into(),
                    }
                });
            let range = range.unwrap_or_else(|| "its range".into());
            let (what, runtime) = match step.result {
                LoadResult::Fallback => (
                    format!(
                        "no version in the share scope satisfies {range}, so {} silently uses its own bundled copy",
                        app.name
                    ),
                    None,
                ),
                LoadResult::Error => (
                    format!(
                        "no version in the share scope satisfies {range} and {} has no copy of its own: loading it throws",
                        app.name
                    ),
                    step.error.clone(),
                ),
                LoadResult::Shared => (
                    format!(
                        "no version in the share scope satisfies {range}: the runtime warns and hands over {}",
                        step.version.as_deref().unwrap_or("another version")
                    ),
                    step.warnings.iter().find(|w| not_satisfied(w)).cloned(),
                ),
            };
            let mut path = chain(cx, group, i);
            path.push(key.clone());
            let mut d = Diagnostic::new(
                &NoSatisfyingVersion::META,
                app,
                &shared_place(app, &key),
                format!("{key} in {}{}: {what}", app.name, when(group, &orders)),
            )
            .path(path)
            .help(format!(
                "align the ranges for {key}: provide a version {} accepts, or widen its requiredVersion",
                app.name
            ));
            if let Some(r) = runtime {
                d = d.runtime(r);
            }
            out.push(d);
        }
    }
}
