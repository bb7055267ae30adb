use super::{export_of, facts_of, resolve};
use crate::util::group_page_files;
use crate::util::{and_list, chain};
use crate::{Context, Diagnostic, Group, declare_rule, impl_rule};
use fedscope_js::lifetimes::{EventVia, send_of_call};
use fedscope_workspace::Place;
use std::collections::{BTreeMap, BTreeSet, HashSet};

declare_rule! {
    /// A CustomEvent or channel message type sent by one app that no app listens to, or listened to and never sent, or sent with a payload the listener does not read.
    ///
    /// ## What it does
    ///
    /// Collects, over the code each group's page runs, the CustomEvents
    /// dispatched on `window` or `document` (directly, or through a helper
    /// such as `emit(type, detail)`, in the same file or imported) with the
    /// keys of their `detail`, the types listened to there with the `detail`
    /// keys each handler reads, and the BroadcastChannel messages posted
    /// with a `type` field against the `type`s each channel's message
    /// handler compares. Type names written as constants are resolved, also
    /// when they are imported from another workspace file. It reports:
    ///
    /// - a type sent that no app of the group listens to (and, when a
    ///   listened type differs from it by a letter or a separator, names it:
    ///   one of the two is a typo);
    /// - a type listened to that no app of the group sends;
    /// - a payload key a listener reads that no sender of that type sends.
    ///
    /// Only names that look like an app's own (`cart:open`, `cartUpdated`,
    /// `shop.cart-open`; not `resize` or `storage`) are compared. When a
    /// type or payload cannot be known (an event built elsewhere, a computed
    /// name, a remote fedscope cannot find), nothing that depends on it is
    /// reported.
    ///
    /// ## Why is this bad?
    ///
    /// Events between micro-frontends are a contract written twice, in two
    /// repositories' worth of code, that no compiler checks. A renamed type
    /// (`cart:update` against `cart:updated`) or a renamed payload key fails
    /// silently: the dispatch finds no listener, the listener never runs or
    /// reads `undefined`, and the only symptom is a button that does
    /// nothing in production.
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
    /// ```js file=apps/shell/src/bootstrap.js
    /// export function buy(productId) {
    ///   window.dispatchEvent(new CustomEvent('cart:update', { detail: { productId } }));
    /// }
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
    ///   const [last, setLast] = useState(null);
    ///   useEffect(() => {
    ///     const onUpdate = (e) => setLast(e.detail.productId);
    ///     window.addEventListener('cart:updated', onUpdate);
    ///     return () => window.removeEventListener('cart:updated', onUpdate);
    ///   }, []);
    ///   return last;
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
    /// ```js file=apps/shell/src/bootstrap.js
    /// import { CART_UPDATED } from '../../../packages/events/index.js';
    /// export function buy(productId) {
    ///   window.dispatchEvent(new CustomEvent(CART_UPDATED, { detail: { productId } }));
    /// }
    /// ```
    ///
    /// ```js file=packages/events/index.js
    /// export const CART_UPDATED = 'cart:updated';
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
    /// import { CART_UPDATED } from '../../../packages/events/index.js';
    /// export default function CartBadge() {
    ///   const [last, setLast] = useState(null);
    ///   useEffect(() => {
    ///     const onUpdate = (e) => setLast(e.detail.productId);
    ///     window.addEventListener(CART_UPDATED, onUpdate);
    ///     return () => window.removeEventListener(CART_UPDATED, onUpdate);
    ///   }, []);
    ///   return last;
    /// }
    /// ```
    ///
    /// ## How to fix
    ///
    /// Define each event's type once, as an exported constant of a shared
    /// package that both the sender and the listener import (with the
    /// payload's shape next to it), and send the keys the listeners read.
    pub struct EventContractMismatch { name: "event-contract-mismatch", table: EventsAndLifetimes, severity: Warning }
}

impl_rule!(EventContractMismatch, check);

/// How an event travels, with its names resolved.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Via {
    Event,
    /// On a channel of that name, when known.
    Message(Option<String>),
}

impl Via {
    fn compatible(&self, o: &Via) -> bool {
        match (self, o) {
            (Via::Event, Via::Event) => true,
            (Via::Message(a), Via::Message(b)) => a.is_none() || b.is_none() || a == b,
            _ => false,
        }
    }

    fn describe(&self, name: &str) -> String {
        match self {
            Via::Event => format!("the event '{name}'"),
            Via::Message(Some(c)) => format!("the message type '{name}' on the BroadcastChannel '{c}'"),
            Via::Message(None) => format!("the message type '{name}'"),
        }
    }

    fn payload(&self) -> &'static str {
        match self {
            Via::Event => "detail",
            Via::Message(_) => "data",
        }
    }
}

struct Sent<'a> {
    app: usize,
    file: &'a str,
    line: u32,
    column: u32,
    via: Via,
    name: String,
    keys: Option<Vec<String>>,
}

struct Heard<'a> {
    app: usize,
    file: &'a str,
    line: u32,
    column: u32,
    via: Via,
    /// `None`: takes every message of the channel, or a type that could not be resolved.
    name: Option<String>,
    /// The type could not be resolved.
    unknown: bool,
    reads: &'a [String],
    handler: u32,
}

#[derive(Default)]
struct Page<'a> {
    sent: Vec<Sent<'a>>,
    heard: Vec<Heard<'a>>,
    /// Sends / listens of a type that cannot be known.
    unknown_sends: Vec<Via>,
    unknown_listens: Vec<Via>,
}

impl Page<'_> {
    fn unknown_send(&self, via: &Via) -> bool {
        self.unknown_sends.iter().any(|v| v.compatible(via))
    }

    fn unknown_listen(&self, via: &Via) -> bool {
        self.unknown_listens.iter().any(|v| v.compatible(via))
    }
}

/// Whether a CustomEvent type looks like an app's own, not the DOM's or a
/// framework's: the DOM's are lower-case words (`resize`, `storage`).
fn app_event(t: &str) -> bool {
    const FOREIGN: [&str; 12] =
        ["DOM", "webkit", "moz", "MS", "ms", "vite:", "single-spa:", "astro:", "turbo:", "htmx:", "webpack", "next"];
    t.chars().any(|c| matches!(c, ':' | '-' | '.' | '_' | '/') || c.is_ascii_uppercase())
        && !FOREIGN.iter().any(|p| t.starts_with(p))
}

fn relevant(via: &Via, name: &str) -> bool {
    *via != Via::Event || app_event(name)
}

/// Edit distance, for names that differ by a letter.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != *cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

fn similar(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>();
    a != b && (norm(a) == norm(b) || (a.len().min(b.len()) >= 5 && distance(a, b) <= 2))
}

/// Whether an app of the group may run code fedscope does not see: a remote
/// it cannot find, or sources it could not walk.
fn incomplete(cx: &Context, g: &Group) -> bool {
    g.apps.iter().any(|&i| {
        let app = cx.app(i);
        app.remotes.iter().any(|r| fedscope_workspace::remote_target(&cx.graph.apps, i, r).is_none())
            || app.unknown.iter().any(|u| u.field == "sources" || u.field == "entry")
            || (i != g.host && app.sources.exposed_files.is_empty() && !app.exposes.is_empty())
    })
}

/// Fills `page` (emptied first: one page's lists serve every group, so they stop growing
/// after the largest) with what the group's apps send and listen to.
fn gather<'a>(cx: &Context<'a>, g: &Group, page: &mut Page<'a>) {
    page.sent.clear();
    page.heard.clear();
    page.unknown_sends.clear();
    page.unknown_listens.clear();
    let mut seen: rustc_hash::FxHashSet<&str> = Default::default();
    for &i in &g.apps {
        let app = cx.app(i);
        let sources = &app.sources;
        // an imported send helper is one of the app's modules: none, no helper call to follow
        let any_helper = sources.modules.values().any(|m| !m.lifetimes.helpers.is_empty());
        for f in group_page_files(g, i, app) {
            if !seen.insert(f) {
                continue;
            }
            let Some(facts) = facts_of(app, f) else { continue };
            let via_of = |v: &EventVia| match v {
                EventVia::CustomEvent => Via::Event,
                EventVia::Message { channel } => Via::Message(channel.as_ref().and_then(|c| resolve(sources, f, c))),
            };
            // (the helper calls' sends; the module's own are read in place)
            let mut sends: Vec<fedscope_js::lifetimes::EventSend> = Vec::new();
            // imported send helpers: `emit('cart:open', { id })`
            let helper_calls = if any_helper { facts.helper_calls.as_slice() } else { &[] };
            for c in helper_calls {
                let has = |lf: &fedscope_js::lifetimes::LifetimeFacts, n: &str| {
                    lf.helpers.iter().any(|h| h.exported.iter().any(|e| e == n))
                };
                let Some((target, name)) = export_of(sources, f, &c.source, &c.imported, &has) else { continue };
                let Some(h) =
                    facts_of(app, target).and_then(|lf| lf.helpers.iter().find(|h| h.exported.contains(&name)))
                else {
                    continue;
                };
                match send_of_call(h, c) {
                    Some(s) => sends.push(s),
                    None => page.unknown_sends.push(Via::Event),
                }
            }
            for s in facts.sends.iter().chain(&sends) {
                let via = via_of(&s.via);
                match resolve(sources, f, &s.name) {
                    Some(name) => page.sent.push(Sent {
                        app: i,
                        file: f,
                        line: s.line,
                        column: s.column,
                        via,
                        name,
                        keys: s.keys.clone(),
                    }),
                    None => page.unknown_sends.push(via),
                }
            }
            for u in &facts.unresolved {
                let via = via_of(&u.via);
                if u.send {
                    page.unknown_sends.push(via);
                } else {
                    page.unknown_listens.push(via);
                }
            }
            for l in &facts.listens {
                let via = via_of(&l.via);
                let (name, unknown) = match &l.name {
                    Some(n) => match resolve(sources, f, n) {
                        Some(s) => (Some(s), false),
                        None => {
                            page.unknown_listens.push(via.clone());
                            (None, true)
                        }
                    },
                    None => (None, false),
                };
                page.heard.push(Heard {
                    app: i,
                    file: f,
                    line: l.line,
                    column: l.column,
                    via,
                    name,
                    unknown,
                    reads: &l.reads,
                    handler: l.handler,
                });
            }
        }
    }
}

fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let mut reported: HashSet<(String, u32, u32)> = HashSet::new();
    let mut page = Page::default();
    for g in &cx.groups {
        if incomplete(cx, g) {
            continue;
        }
        gather(cx, g, &mut page);
        let page = &page;
        let host = &cx.app(g.host).name;
        let mut push = |app: usize, file: &str, line: u32, column: u32, message: String, help: String| {
            if !reported.insert((file.to_string(), line, column)) {
                return;
            }
            let mut path = chain(cx, g, app);
            path.push(file.to_string());
            out.push(
                Diagnostic::new(
                    &EventContractMismatch::META,
                    cx.app(app),
                    &Place { file: file.to_string(), line },
                    message,
                )
                .column(column)
                .path(path)
                .help(help),
            );
        };
        let sent_somewhere = |via: &Via, name: &str| page.sent.iter().any(|s| s.via.compatible(via) && s.name == name);

        // sent, and nobody listens
        let mut paired: HashSet<(&str, u32, u32)> = HashSet::new();
        let mut once: HashSet<(&str, Via, &str)> = HashSet::new();
        for s in &page.sent {
            if !relevant(&s.via, &s.name) || page.unknown_listen(&s.via) {
                continue;
            }
            let heard = page
                .heard
                .iter()
                .any(|h| h.via.compatible(&s.via) && (h.name.as_deref() == Some(s.name.as_str()) || h.name.is_none()));
            if heard || !once.insert((s.file, s.via.clone(), s.name.as_str())) {
                continue;
            }
            let what = s.via.describe(&s.name);
            let twin = page.heard.iter().find(|h| {
                h.via.compatible(&s.via)
                    && h.name.as_deref().is_some_and(|n| similar(n, &s.name) && !sent_somewhere(&h.via, n))
            });
            let message = match twin {
                Some(h) => {
                    paired.insert((h.file, h.line, h.column));
                    format!(
                        "{} sends {what} but no app of {host}'s group listens to it; {} listens to '{}' instead ({}:{}), which nothing sends: one of the two names is wrong",
                        cx.app(s.app).name,
                        cx.app(h.app).name,
                        h.name.as_deref().unwrap_or_default(),
                        h.file,
                        h.line
                    )
                }
                None => format!(
                    "{} sends {what} but no app of {host}'s group listens to it: it is lost",
                    cx.app(s.app).name
                ),
            };
            push(
                s.app,
                s.file,
                s.line,
                s.column,
                message,
                "define the type once, as a constant exported by a shared package that the sender and the listeners import, or remove the dead send".into(),
            );
        }

        // listened to, and nobody sends
        for h in &page.heard {
            let Some(name) = &h.name else { continue };
            if !relevant(&h.via, name) || paired.contains(&(h.file, h.line, h.column)) || page.unknown_send(&h.via) {
                continue;
            }
            if sent_somewhere(&h.via, name) {
                continue;
            }
            push(
                h.app,
                h.file,
                h.line,
                h.column,
                format!(
                    "{} listens to {} but no app of {host}'s group sends it: the handler never runs",
                    cx.app(h.app).name,
                    h.via.describe(name)
                ),
                "send it where it should happen, with the type from one shared constant, or remove the listener".into(),
            );
        }

        // payload keys the listeners read and nobody sends (with nothing sent, none to compare)
        let mut handlers: BTreeMap<(&str, u32), Vec<&Heard>> = BTreeMap::new();
        if !page.sent.is_empty() {
            for h in &page.heard {
                handlers.entry((h.file, h.handler)).or_default().push(h);
            }
        }
        for listens in handlers.values() {
            let first = listens[0];
            if listens.iter().any(|h| h.name.is_none() || h.unknown) || page.unknown_send(&first.via) {
                continue;
            }
            let names: BTreeSet<&str> = listens.iter().filter_map(|h| h.name.as_deref()).collect();
            if !names.iter().all(|n| relevant(&first.via, n)) {
                continue;
            }
            let senders: Vec<&Sent> =
                page.sent.iter().filter(|s| s.via.compatible(&first.via) && names.contains(s.name.as_str())).collect();
            if senders.is_empty() || senders.iter().any(|s| s.keys.is_none()) {
                continue;
            }
            let sent: BTreeSet<&str> =
                senders.iter().flat_map(|s| s.keys.iter().flatten()).map(String::as_str).collect();
            let missing: Vec<String> = first
                .reads
                .iter()
                .filter(|k| {
                    !sent.contains(k.as_str()) && !matches!(k.as_str(), "hasOwnProperty" | "toString" | "valueOf")
                })
                .map(|k| format!("{}.{k}", first.via.payload()))
                .collect();
            if missing.is_empty() {
                continue;
            }
            let types: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
            let keys: Vec<String> = sent.iter().map(|k| k.to_string()).collect();
            push(
                first.app,
                first.file,
                first.line,
                first.column,
                format!(
                    "{}'s listener of {} reads {}, which no sender sends (they send {}): it reads undefined",
                    cx.app(first.app).name,
                    and_list(&types),
                    and_list(&missing),
                    if keys.is_empty() { "nothing".to_string() } else { and_list(&keys) }
                ),
                "send the keys the listeners read (or read the ones the senders send), with the payload's shape defined once next to the type".into(),
            );
        }
    }
}
