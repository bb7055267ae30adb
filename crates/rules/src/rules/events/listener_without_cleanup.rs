use super::{leak_diagnostic, page_leaks};
use crate::{Context, Diagnostic, declare_rule, impl_rule};
use fedscope_js::lifetimes::{Leak, ResourceKind, Why};

declare_rule! {
    /// An effect that adds a listener, subscription or interval and does not remove that same one on cleanup.
    ///
    /// ## What it does
    ///
    /// Reads every `useEffect`, `useLayoutEffect` and `useInsertionEffect`
    /// in the code the group's page runs (the host's entry, the remotes'
    /// exposed modules) and matches what the setup adds against what the
    /// cleanup it returns releases:
    ///
    /// - `target.addEventListener(type, handler)` needs
    ///   `target.removeEventListener(type, handler)` with the **same
    ///   function** and the same capture flag (a cleanup that removes an
    ///   inline arrow or another function removes nothing), or `{ signal }`
    ///   with the controller aborted in the cleanup; `{ once: true }` needs
    ///   nothing;
    /// - `x.subscribe(…)`, `store.persist.onHydrate(…)`,
    ///   `onFinishHydration(…)`, `broadcastQueryClient(…)` return an
    ///   unsubscribe: the effect must return it (`useEffect(() =>
    ///   store.subscribe(fn), [])`) or call it in the cleanup;
    /// - `setInterval` needs `clearInterval` with its id (`setTimeout` is
    ///   not reported);
    /// - `channel.onmessage = handler` on a channel the effect did not create
    ///   needs the handler cleared or the channel closed.
    ///
    /// A cleanup it cannot follow (one returned by another function) is not
    /// reported. Channels the effect creates are
    /// `broadcast-channel-not-closed`'s.
    ///
    /// ## Why is this bad?
    ///
    /// A remote's component mounts and unmounts as the host navigates, and
    /// React's StrictMode mounts every effect twice in development. Each
    /// mount then adds one more listener: one "Buy now" click adds the
    /// product twice, a handler calls `setState` on an unmounted component,
    /// and the closures keep the remote's old state alive.
    /// `removeEventListener` only removes the exact function object that
    /// was added.
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
    ///     exposes: { './CartDrawer': './src/CartDrawer.js' },
    ///     shared: { react: { singleton: true, requiredVersion: '^18.3.1' } },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/cart/src/CartDrawer.js
    /// import { useEffect, useState } from 'react';
    /// export default function CartDrawer() {
    ///   const [open, setOpen] = useState(true);
    ///   useEffect(() => {
    ///     const onKey = (e) => { if (e.key === 'Escape') setOpen(false); };
    ///     window.addEventListener('keydown', onKey);
    ///     // another function: removes nothing
    ///     return () => window.removeEventListener('keydown', (e) => onKey(e));
    ///   }, []);
    ///   return open ? 'cart' : null;
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
    ///     exposes: { './CartDrawer': './src/CartDrawer.js' },
    ///     shared: { react: { singleton: true, requiredVersion: '^18.3.1' } },
    ///   })],
    /// };
    /// ```
    ///
    /// ```js file=apps/cart/src/CartDrawer.js
    /// import { useEffect, useState } from 'react';
    /// import { cartStore } from './cartStore.js';
    /// export default function CartDrawer() {
    ///   const [open, setOpen] = useState(true);
    ///   const [count, setCount] = useState(0);
    ///   useEffect(() => {
    ///     const onKey = (e) => { if (e.key === 'Escape') setOpen(false); };
    ///     window.addEventListener('keydown', onKey);
    ///     return () => window.removeEventListener('keydown', onKey);
    ///   }, []);
    ///   // the unsubscribe is the cleanup
    ///   useEffect(() => cartStore.subscribe((s) => setCount(s.count)), []);
    ///   return open ? `cart (${count})` : null;
    /// }
    /// ```
    ///
    /// ```js file=apps/cart/src/cartStore.js
    /// const listeners = new Set();
    /// export const cartStore = {
    ///   subscribe(fn) { listeners.add(fn); return () => listeners.delete(fn); },
    /// };
    /// ```
    ///
    /// ## How to fix
    ///
    /// Keep the handler in a variable and return a cleanup that removes that
    /// same function with the same capture flag (or add the listener with
    /// `{ signal: controller.signal }` and return `() => controller.abort()`);
    /// return the unsubscribe function a `subscribe` gives; clear intervals
    /// with their id.
    pub struct ListenerWithoutCleanup { name: "listener-without-cleanup", table: EventsAndLifetimes, severity: Warning }
}

impl_rule!(ListenerWithoutCleanup, check);

/// Where the effect is: "`Drawer`'s useEffect", "a useEffect".
pub(crate) fn effect_of(l: &Leak) -> String {
    let effect = if l.effect.is_empty() { "effect" } else { l.effect.as_str() };
    if l.owner.is_empty() { format!("a {effect}") } else { format!("{}'s {effect}", l.owner) }
}

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    for (g, i, file, l) in page_leaks(cx, |l| l.kind != ResourceKind::Channel) {
        let effect = effect_of(l);
        let event = l.event.clone().unwrap_or_default();
        let handler = l.handler.clone().unwrap_or_default();
        let target = if l.target.is_empty() { "window".to_string() } else { l.target.clone() };
        let gone = match &l.why {
            Why::NoCleanup => "returns no cleanup".to_string(),
            _ => "its cleanup does not release it".to_string(),
        };
        let (message, help) = match l.kind {
            ResourceKind::Listener => {
                let message = match &l.why {
                    Why::OtherHandler(other) => format!(
                        "{effect} adds a {event} listener ({handler}) on {target}, but its cleanup removes {other}, another function: removeEventListener removes only the function that was added, so every mount leaves one more listener"
                    ),
                    Why::InlineHandler => format!(
                        "{effect} adds an inline function as a {event} listener on {target}: no removeEventListener can match it, so every mount leaves one more listener"
                    ),
                    Why::CaptureMismatch => format!(
                        "{effect} adds a {event} listener ({handler}) on {target} and its cleanup removes it with another capture flag, which removes nothing: every mount leaves one more listener"
                    ),
                    Why::NoCleanup => format!(
                        "{effect} adds a {event} listener ({handler}) on {target} and returns no cleanup: every mount leaves one more listener"
                    ),
                    _ => format!(
                        "{effect} adds a {event} listener ({handler}) on {target} and its cleanup does not remove it: every mount leaves one more listener"
                    ),
                };
                let h = if matches!(l.why, Why::InlineHandler) {
                    "the handler (kept in a variable)"
                } else {
                    handler.as_str()
                };
                (
                    message,
                    format!(
                        "return a cleanup that calls {target}.removeEventListener({event}, {h}) with the same function and capture flag, or add it with {{ signal: controller.signal }} and abort the controller in the cleanup"
                    ),
                )
            }
            ResourceKind::Subscription => {
                let call = if l.target.is_empty() {
                    format!("{}(…)", l.via)
                } else {
                    format!("{}.{}(…)", l.target, l.via)
                };
                let message = match &l.why {
                    Why::Discarded => format!(
                        "{effect} calls {call} and drops the unsubscribe function it returns: the subscription outlives the component, one more per mount"
                    ),
                    _ => format!(
                        "{effect} calls {call} and {gone}: the subscription outlives the component, one more per mount"
                    ),
                };
                (message, format!("return the unsubscribe (`useEffect(() => {call}, […])`) or call it in the cleanup"))
            }
            ResourceKind::Interval => {
                let message = match &l.why {
                    Why::Discarded => {
                        format!(
                            "{effect} starts setInterval and drops its id: the interval keeps running after unmount, one more per mount"
                        )
                    }
                    _ => format!(
                        "{effect} starts setInterval and {gone}: the interval keeps running after unmount, one more per mount"
                    ),
                };
                (message, "keep the id and return () => clearInterval(id)".to_string())
            }
            ResourceKind::MessageHandler => (
                format!(
                    "{effect} sets {target}.onmessage and {gone}: the channel keeps calling the unmounted component's handler"
                ),
                format!(
                    "clear it in the cleanup ({target}.onmessage = null), or add it with addEventListener('message', handler) and remove that same handler"
                ),
            ),
            ResourceKind::Channel => continue,
        };
        out.push(leak_diagnostic(cx, &ListenerWithoutCleanup::META, (g, i, file, l), message, help));
    }
}
