use super::listener_without_cleanup::effect_of;
use super::{leak_diagnostic, page_leaks};
use crate::{Context, Diagnostic, declare_rule, impl_rule};
use fedscope_js::lifetimes::{ResourceKind, Why};

declare_rule! {
    /// A BroadcastChannel created per mount (or per render) and never closed.
    ///
    /// ## What it does
    ///
    /// Finds `new BroadcastChannel(…)` (the browser's, or the
    /// `broadcast-channel` package's) in the code the group's page runs:
    ///
    /// - inside an effect's setup, when the cleanup the effect returns does
    ///   not call `.close()` on that channel (or the channel is not kept in a
    ///   variable at all);
    /// - in a component or hook body (a new channel on every render), or in
    ///   a lazy initialiser (`useMemo`, `useRef`, `useState`: one per mount),
    ///   when no effect of that component closes it.
    ///
    /// A channel created once at module scope, or assigned to a variable of
    /// an outer scope (one per page), is not reported.
    ///
    /// ## Why is this bad?
    ///
    /// An open channel with a message handler is never garbage collected:
    /// it keeps receiving every message that any app in this tab or another
    /// tab posts under that name, and keeps calling the handlers of
    /// components that are gone. Each mount of a remote adds one more
    /// channel, so one message runs the handler once per past mount (and
    /// twice per mount under StrictMode).
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
    ///   plugins: [new ModuleFederationPlugin({
    ///     name: 'cart',
    ///     exposes: { './CartBadge': './src/CartBadge.js' },
    ///     shared: { react: { singleton: true, requiredVersion: '^18.3.1' } },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/cart/src/CartBadge.js
    /// import { useEffect, useState } from 'react';
    /// export default function CartBadge() {
    ///   const [count, setCount] = useState(0);
    ///   useEffect(() => {
    ///     const channel = new BroadcastChannel('cart');
    ///     channel.onmessage = (e) => setCount(e.data.count);
    ///   }, []);
    ///   return `cart (${count})`;
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
    ///     exposes: { './CartBadge': './src/CartBadge.js' },
    ///     shared: { react: { singleton: true, requiredVersion: '^18.3.1' } },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/cart/src/CartBadge.js
    /// import { useEffect, useState } from 'react';
    /// export default function CartBadge() {
    ///   const [count, setCount] = useState(0);
    ///   useEffect(() => {
    ///     const channel = new BroadcastChannel('cart');
    ///     channel.onmessage = (e) => setCount(e.data.count);
    ///     return () => channel.close();
    ///   }, []);
    ///   return `cart (${count})`;
    /// }
    /// ```
    ///
    /// ## How to fix
    ///
    /// Create the channel inside an effect and return `() => channel.close()`
    /// (closing also drops its listeners), or create one channel at module
    /// scope for the app's lifetime.
    pub struct BroadcastChannelNotClosed { name: "broadcast-channel-not-closed", table: EventsAndLifetimes, severity: Warning }
}

impl_rule!(BroadcastChannelNotClosed, check);

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for (g, i, file, l) in page_leaks(cx, |l| l.kind == ResourceKind::Channel) {
        let name = if l.target.is_empty() { String::new() } else { format!(" ({})", l.target) };
        let owner = if l.owner.is_empty() { "a component".to_string() } else { l.owner.clone() };
        let message = match &l.why {
            Why::InBody { kept: false } => format!(
                "{owner} creates a BroadcastChannel{name} in its body, a new one on every render, and no effect cleanup closes it: each stays open and keeps receiving messages"
            ),
            Why::InBody { kept: true } => format!(
                "{owner} creates a BroadcastChannel{name} once per mount and no effect cleanup closes it: each mount leaves one open, receiving messages"
            ),
            Why::Discarded => format!(
                "{} creates a BroadcastChannel and keeps no reference to it, so it can never be closed: each mount leaves one open",
                effect_of(l)
            ),
            Why::NoCleanup => format!(
                "{} creates a BroadcastChannel{name} on every mount and returns no cleanup: each mount leaves one open, receiving messages",
                effect_of(l)
            ),
            _ => format!(
                "{} creates a BroadcastChannel{name} on every mount and its cleanup does not close it: each mount leaves one open, receiving messages",
                effect_of(l)
            ),
        };
        let close = if l.target.is_empty() { "channel".to_string() } else { l.target.clone() };
        let help = format!(
            "create it in an effect and return () => {close}.close(), or create one channel at module scope for the app's lifetime"
        );
        out.push(leak_diagnostic(cx, &BroadcastChannelNotClosed::META, (g, i, file, l), message, help));
    }
}
