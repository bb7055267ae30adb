//! Lifetimes and events of one module.
//!
//! **Effect cleanup.** Inside `useEffect` / `useLayoutEffect` /
//! `useInsertionEffect` setups, the resources the setup adds (listeners,
//! subscriptions, intervals, BroadcastChannels, `onmessage` handlers) and
//! whether the cleanup the setup returns releases that same one: a
//! `removeEventListener` with the same target, type, function and capture
//! flag; `.close()` on the same channel; a call of the stored unsubscribe (or
//! the subscribe call returned directly); `clearInterval` with the same id; an
//! `AbortController` whose signal the listener was added with, aborted. What
//! cannot be followed (a cleanup returned from a helper, a resource stored
//! where the cleanup cannot be matched) is not reported. Also the
//! BroadcastChannels a component or hook creates in its body (per render,
//! or per mount when a lazy initialiser keeps it) that no cleanup closes.
//!
//! **Events.** CustomEvents dispatched on `window`/`document` (directly, or
//! through a helper whose first parameters are the type and detail) with the
//! keys of their `detail`; the types listened to there, with the `detail`
//! keys the handler reads; BroadcastChannel messages posted with a `type`,
//! and the `type`s a channel's message handler compares, with the keys it
//! reads. Type names are resolved through the module's constants; an
//! imported constant is kept as (source, name) for the rules to resolve
//! through the module graph. Anything else is left out, never guessed.

use crate::state::{At, Bindings, string_of};
use oxc_ast::ast::*;
use oxc_ast_visit::{Visit, walk};
use oxc_span::GetSpan;
use oxc_syntax::scope::ScopeFlags;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::collections::BTreeSet;

/// What an effect adds that outlives it unless released.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ResourceKind {
    /// `target.addEventListener(type, handler)`.
    Listener,
    /// `x.subscribe(…)`, `onHydrate(…)`, `broadcastQueryClient(…)`: returns an unsubscribe.
    Subscription,
    /// `setInterval(…)`.
    Interval,
    /// `channel.onmessage = handler` on a channel the effect did not create.
    MessageHandler,
    /// `new BroadcastChannel(…)`.
    Channel,
}

/// Why a resource is not released.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Why {
    /// The effect returns no cleanup.
    NoCleanup,
    /// The cleanup does not release it.
    NotReleased,
    /// The cleanup removes another function (its text, or `an inline function`).
    OtherHandler(String),
    /// The handler is an inline function: no `removeEventListener` can match it.
    InlineHandler,
    /// The cleanup removes it with another capture flag.
    CaptureMismatch,
    /// The unsubscribe / id / channel the call returns is dropped.
    Discarded,
    /// A channel created in a component or hook body on every render (`kept`:
    /// per mount, in a lazy initialiser), closed by no effect's cleanup.
    InBody { kept: bool },
}

/// A resource an effect (or a component body) leaves behind.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Leak {
    pub kind: ResourceKind,
    /// The call: `addEventListener`, `subscribe`, `setInterval`, `onmessage`, `new BroadcastChannel`…
    pub via: String,
    /// What it is added on (`window`, `mql`, `store`, `channel`); empty for globals like `setInterval`.
    pub target: String,
    /// The event type (resolved string, else as written).
    pub event: Option<String>,
    /// The handler as written (`onOpen`), `an inline function`.
    pub handler: Option<String>,
    /// The component or hook the effect is in (empty when unnamed).
    pub owner: String,
    /// `useEffect`, `useLayoutEffect`…, empty for a channel created in a body.
    pub effect: String,
    pub why: Why,
    pub line: u32,
    pub column: u32,
}

/// An event type: a string, or an imported constant (resolved by the rules).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventName {
    Literal(String),
    /// `import { CART_OPEN } from '@shop/state/events'`: (source, exported name path, `EVENTS.OPEN`).
    Imported {
        source: String,
        name: String,
    },
}

/// How an event travels.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum EventVia {
    /// A DOM event dispatched or listened to on `window` / `document`.
    CustomEvent,
    /// A BroadcastChannel message with a `type` field, on a channel of that name (when known).
    Message { channel: Option<EventName> },
}

/// An event sent.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct EventSend {
    pub via: EventVia,
    pub name: EventName,
    /// The payload keys (`detail` / the message object), when they are all known.
    pub keys: Option<Vec<String>>,
    pub line: u32,
    pub column: u32,
}

/// A listener.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct EventListen {
    pub via: EventVia,
    /// `None`: a message handler that does not look at `type` (it takes every message).
    pub name: Option<EventName>,
    /// The payload keys the handler reads (`e.detail.x`, `const { x } = e.data`).
    pub reads: Vec<String>,
    /// Listens of one handler share this number (a handler switching on several types).
    pub handler: u32,
    pub line: u32,
    pub column: u32,
}

/// `export { A as B } from './x'` (`imported`/`exported` `*` for `export * from`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Reexport {
    pub source: String,
    pub imported: String,
    pub exported: String,
}

/// Where a helper's `detail` comes from.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum HelperDetail {
    Keys(Vec<String>),
    /// The parameter at this index.
    Param(usize),
    Unknown,
}

/// A function that dispatches a CustomEvent whose type is one of its parameters:
/// `const emit = (type, detail) => window.dispatchEvent(new CustomEvent(type, { detail }))`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SendHelper {
    pub local: String,
    /// The names it is exported under.
    pub exported: Vec<String>,
    pub type_param: usize,
    pub detail: HelperDetail,
}

/// An argument of a call of an imported function.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum HelperArg {
    Name(EventName),
    Keys(Vec<String>),
    Other,
}

/// A call of an imported function with a string-like argument (maybe a send helper elsewhere).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct HelperCall {
    pub source: String,
    pub imported: String,
    pub args: Vec<HelperArg>,
    pub line: u32,
    pub column: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LifetimeFacts {
    /// Resources effects (and component bodies) do not release.
    pub leaks: Vec<Leak>,
    pub sends: Vec<EventSend>,
    pub listens: Vec<EventListen>,
    /// Exported string constants: (exported name path, value), `CART_OPEN`, `EVENTS.OPEN`.
    pub constants: Vec<(String, String)>,
    pub reexports: Vec<Reexport>,
    pub helpers: Vec<SendHelper>,
    pub helper_calls: Vec<HelperCall>,
    /// Sends and listens whose type cannot be known here (`dispatchEvent(e)`
    /// of an event made elsewhere, `addEventListener(name, …)` with a
    /// computed name, `channel.postMessage(data)` without a literal `type`):
    /// what another app sends or listens to may be one of these.
    pub unresolved: Vec<Unresolved>,
}

/// A send or listen of an unknown type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Unresolved {
    pub via: EventVia,
    pub send: bool,
    pub line: u32,
    pub column: u32,
}

/// The lifetime and event facts of a parsed module.
pub fn collect(program: &Program<'_>, at: At, bindings: &Bindings) -> LifetimeFacts {
    // a channel is made by `new BroadcastChannel` (global, or imported by that name): the text
    // names it, unless an escape spells it (`Broadcast\u0043hannel`), or an import names it as a
    // string (`import { "Broadcast\x43hannel" as BC }`: the bindings hold the name unescaped)
    let makes_channels = program.source_text.contains("BroadcastChannel")
        || program.source_text.contains("\\u")
        || bindings.iter().any(|(_, _, imported)| imported == "BroadcastChannel");
    let mut file = File {
        src: program.source_text,
        bindings,
        consts: HashMap::default(),
        channels: HashMap::default(),
        makes_channels,
    };
    file.consts = consts(program, &file);
    if makes_channels {
        let mut pre = ChannelScan { file: &file, found: HashMap::default() };
        pre.visit_program(program);
        file.channels = pre.found;
    }
    let mut m = Main {
        file: &file,
        at,
        facts: LifetimeFacts::default(),
        frames: Vec::new(),
        param_names: Vec::new(),
        pending: None,
        events: HashMap::default(),
        listens: Vec::new(),
        declared: Vec::new(),
    };
    m.visit_program(program);
    let Main { mut facts, listens, declared, .. } = m;

    // local helper calls: `emit('cart:open', { id })`
    if !facts.helpers.is_empty() {
        let mut calls =
            HelperCalls { file: &file, at, helpers: &facts.helpers, sends: Vec::new(), unresolved: Vec::new() };
        calls.visit_program(program);
        let HelperCalls { sends, unresolved, .. } = calls;
        facts.sends.extend(sends);
        facts.unresolved.extend(unresolved);
    }

    // named handlers
    let needed: HashSet<String> = listens
        .iter()
        .filter_map(|l| match &l.handler {
            HandlerRef::Named(n) => Some(n.clone()),
            _ => None,
        })
        .collect();
    let named = if needed.is_empty() {
        HashMap::default()
    } else {
        let targets = declared.iter().filter(|(n, _)| needed.contains(*n)).map(|(_, at)| *at).collect();
        let mut s = NamedHandlers { file: &file, needed: &needed, out: HashMap::default(), targets };
        s.visit_program(program);
        s.out
    };
    for (n, l) in listens.into_iter().enumerate() {
        let summary = match &l.handler {
            HandlerRef::Inline(s) => Some(s),
            HandlerRef::Named(name) => named.get(name).and_then(Option::as_ref),
            HandlerRef::Unknown => None,
        };
        let handler = n as u32;
        match &l.via {
            EventVia::CustomEvent => {
                let Some(name) = l.name else { continue };
                let reads = summary.map(|s| s.reads[DETAIL].iter().cloned().collect()).unwrap_or_default();
                facts.listens.push(EventListen {
                    via: l.via.clone(),
                    name: Some(name),
                    reads,
                    handler,
                    line: l.line,
                    column: l.column,
                });
            }
            EventVia::Message { .. } => {
                let class = if l.native { DATA } else { PARAM };
                let (types, reads): (Vec<EventName>, Vec<String>) = match summary {
                    Some(s) => (s.types[class].clone(), s.reads[class].iter().cloned().collect()),
                    None => (Vec::new(), Vec::new()),
                };
                if types.is_empty() {
                    facts.listens.push(EventListen {
                        via: l.via.clone(),
                        name: None,
                        reads,
                        handler,
                        line: l.line,
                        column: l.column,
                    });
                } else {
                    for t in types {
                        facts.listens.push(EventListen {
                            via: l.via.clone(),
                            name: Some(t),
                            reads: reads.clone(),
                            handler,
                            line: l.line,
                            column: l.column,
                        });
                    }
                }
            }
        }
    }

    // exports: constants, helpers, re-exports
    let (exported, reexports) = exports(program, bindings);
    facts.reexports = reexports;
    let mut consts: Vec<(&String, &String)> = file.consts.iter().collect();
    consts.sort();
    for (local, name) in &exported {
        for (path, value) in &consts {
            if *path == local {
                facts.constants.push((name.clone(), (*value).clone()));
            } else if let Some(rest) = path.strip_prefix(local.as_str()).and_then(|r| r.strip_prefix('.')) {
                facts.constants.push((format!("{name}.{rest}"), (*value).clone()));
            }
        }
        for h in &mut facts.helpers {
            if &h.local == local && !h.exported.contains(name) {
                h.exported.push(name.clone());
            }
        }
    }
    facts
}

/// Calls of the module's own send helpers.
struct HelperCalls<'f, 's, 'l, 'h> {
    file: &'f File<'s>,
    at: At<'l>,
    helpers: &'h [SendHelper],
    sends: Vec<EventSend>,
    unresolved: Vec<Unresolved>,
}

impl<'a> Visit<'a> for HelperCalls<'_, '_, '_, '_> {
    skip_types!();

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        if !it.arguments.is_empty()
            && let Expression::Identifier(id) = it.callee.get_inner_expression()
            && !self.file.bindings.is_imported(&id.name)
        {
            let mut found = self.helpers.iter().filter(|h| h.local == id.name.as_str());
            if let (Some(h), None) = (found.next(), found.next()) {
                let args = self.file.args(&it.arguments);
                let (line, column) = (self.at)(it.span.start);
                match helper_send(h, &args, line, column) {
                    Some(send) => self.sends.push(send),
                    None => self.unresolved.push(Unresolved { via: EventVia::CustomEvent, send: true, line, column }),
                }
            }
        }
        walk::walk_call_expression(self, it);
    }
}

/// The send a helper call makes.
fn helper_send(h: &SendHelper, args: &[HelperArg], line: u32, column: u32) -> Option<EventSend> {
    let HelperArg::Name(name) = args.get(h.type_param)? else { return None };
    let keys = match &h.detail {
        HelperDetail::Keys(k) => Some(k.clone()),
        HelperDetail::Param(j) => match args.get(*j) {
            Some(HelperArg::Keys(k)) => Some(k.clone()),
            None => Some(Vec::new()),
            _ => None,
        },
        HelperDetail::Unknown => None,
    };
    Some(EventSend { via: EventVia::CustomEvent, name: name.clone(), keys, line, column })
}

/// How an event of a send helper defined elsewhere is sent: the rules call this
/// with a [`HelperCall`] and the helper it resolves to.
pub fn send_of_call(helper: &SendHelper, call: &HelperCall) -> Option<EventSend> {
    helper_send(helper, &call.args, call.line, call.column)
}

// ---------------------------------------------------------------------------
// the module: source, bindings, constants, channels

#[derive(Clone, Debug, PartialEq, Eq)]
struct Chan {
    name: Option<EventName>,
    /// The browser's BroadcastChannel (handlers get a MessageEvent), not the
    /// `broadcast-channel` package (handlers get the data).
    native: bool,
}

struct File<'s> {
    src: &'s str,
    bindings: &'s Bindings,
    /// Top-level string constants: `X`, `X.A` (object literal members), `E.A` (enum members).
    consts: HashMap<String, String>,
    /// Bindings that hold a BroadcastChannel (`bc`, `ref.current`, `this.channel`).
    channels: HashMap<String, Chan>,
    /// The text names `BroadcastChannel`: without it, no expression makes a channel.
    makes_channels: bool,
}

impl File<'_> {
    /// A string the expression always evaluates to.
    fn eval_str(&self, e: &Expression<'_>) -> Option<String> {
        if let Some(s) = string_of(e) {
            return Some(s);
        }
        match e.get_inner_expression() {
            Expression::TemplateLiteral(t) => {
                let mut out = String::new();
                for (i, q) in t.quasis.iter().enumerate() {
                    out.push_str(q.value.cooked.as_ref()?.as_str());
                    if let Some(x) = t.expressions.get(i) {
                        out.push_str(&self.eval_str(x)?);
                    }
                }
                Some(out)
            }
            Expression::BinaryExpression(b) if b.operator == BinaryOperator::Addition => {
                Some(self.eval_str(&b.left)? + &self.eval_str(&b.right)?)
            }
            e => {
                let p = path_cow(e)?;
                // a local binding of that name would shadow it; imports are not constants here
                let root = p.split('.').next().unwrap_or("");
                if self.bindings.is_imported(root) {
                    return None;
                }
                self.consts.get(&*p).cloned()
            }
        }
    }

    /// An event type: a constant string, or an imported constant.
    fn name_of(&self, e: &Expression<'_>) -> Option<EventName> {
        if let Some(s) = self.eval_str(e) {
            return Some(EventName::Literal(s));
        }
        let p = path_cow(e)?;
        let (root, rest) = match p.split_once('.') {
            Some((r, rest)) => (r, Some(rest)),
            None => (&*p, None),
        };
        let (src, imported) = self.bindings.get(root)?;
        let name = match (imported, rest) {
            ("*", Some(rest)) => rest.to_string(),
            ("*" | "default", _) => return None,
            (i, Some(rest)) => format!("{i}.{rest}"),
            (i, None) => i.to_string(),
        };
        Some(EventName::Imported { source: src.to_string(), name })
    }

    /// A binding path, else the source text without blanks and optional chaining.
    fn text(&self, e: &Expression<'_>) -> String {
        if let Some(p) = path_of(e) {
            return p;
        }
        let s = e.span();
        let raw = self.src.get(s.start as usize..s.end as usize).unwrap_or("");
        raw.split_whitespace().collect::<String>().replace("?.", ".")
    }

    /// An event type for matching add and remove: the string, else the text.
    fn event_key(&self, e: &Expression<'_>) -> String {
        self.eval_str(e).unwrap_or_else(|| self.text(e))
    }

    /// `new BroadcastChannel(name)` (the global or the `broadcast-channel` package).
    fn channel_new(&self, e: &Expression<'_>) -> Option<Chan> {
        if !self.makes_channels {
            return None;
        }
        let Expression::NewExpression(n) = e.get_inner_expression() else { return None };
        let (src, name) = self.bindings.callee(&n.callee)?;
        if name != "BroadcastChannel" || !(src.is_empty() || src == "broadcast-channel") {
            return None;
        }
        let channel = n.arguments.first().and_then(Argument::as_expression).and_then(|a| self.name_of(a));
        Some(Chan { name: channel, native: src.is_empty() })
    }

    /// What an initialiser binds a channel to: the channel, and whether the
    /// binding holds it in `.current` (`useRef(new BroadcastChannel(…))`).
    fn channel_in(&self, e: &Expression<'_>) -> Option<(Chan, bool)> {
        // (only `channel_new` finds a channel, and only in a text that names one)
        if !self.makes_channels {
            return None;
        }
        if let Some(c) = self.channel_new(e) {
            return Some((c, false));
        }
        match e.get_inner_expression() {
            Expression::ConditionalExpression(c) => {
                self.channel_in(&c.consequent).or_else(|| self.channel_in(&c.alternate))
            }
            Expression::LogicalExpression(l) => self.channel_in(&l.right).or_else(|| self.channel_in(&l.left)),
            Expression::CallExpression(c) => {
                let (src, hook) = self.bindings.callee(&c.callee)?;
                if !is_react(src) {
                    return None;
                }
                let arg = c.arguments.first().and_then(Argument::as_expression)?;
                match hook {
                    "useRef" => self.channel_in(arg).map(|(c, _)| (c, true)),
                    "useMemo" | "useState" => self.channel_in(returned(arg)?),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// A call's arguments, as a send helper takes them.
    fn args(&self, args: &[Argument<'_>]) -> Vec<HelperArg> {
        args.iter()
            .map(|a| match a.as_expression() {
                Some(e) => match object_keys(e) {
                    Some(k) => HelperArg::Keys(k),
                    None => match self.name_of(e) {
                        Some(n) => HelperArg::Name(n),
                        None => HelperArg::Other,
                    },
                },
                None => HelperArg::Other,
            })
            .collect()
    }

    fn is_channel_new(&self, e: &Expression<'_>) -> bool {
        self.channel_new(e).is_some()
    }
}

/// The expression an arrow or function returns (expression body, or its only `return`).
fn returned<'x, 'a>(e: &'x Expression<'a>) -> Option<&'x Expression<'a>> {
    match e.get_inner_expression() {
        Expression::ArrowFunctionExpression(a) => match a.body.as_expression() {
            Some(x) => Some(x),
            None => last_return(&a.body.as_function_body()?.statements),
        },
        Expression::FunctionExpression(f) => last_return(&f.body.as_ref()?.statements),
        _ => None,
    }
}

fn last_return<'x, 'a>(stmts: &'x [Statement<'a>]) -> Option<&'x Expression<'a>> {
    stmts.iter().rev().find_map(|s| match s {
        Statement::ReturnStatement(r) => r.argument.as_ref(),
        _ => None,
    })
}

fn is_react(src: &str) -> bool {
    matches!(src, "react" | "" | "preact/hooks" | "preact/compat")
}

/// `a`, `a.b.c`, `this.x`, `ref.current` (optional chaining and TS wrappers ignored).
fn path_of(e: &Expression<'_>) -> Option<String> {
    path_cow(e).map(std::borrow::Cow::into_owned)
}

/// [`path_of`], borrowing a plain name (no copy for the commonest path).
fn path_cow<'x>(e: &'x Expression<'_>) -> Option<std::borrow::Cow<'x, str>> {
    use std::borrow::Cow;
    match e.get_inner_expression() {
        Expression::Identifier(id) => Some(Cow::Borrowed(id.name.as_str())),
        Expression::ThisExpression(_) => Some(Cow::Borrowed("this")),
        Expression::ChainExpression(c) => match &c.expression {
            ChainElement::TSNonNullExpression(t) => path_cow(&t.expression),
            el => member_path(el.as_member_expression()?).map(Cow::Owned),
        },
        e => member_path(e.as_member_expression()?).map(Cow::Owned),
    }
}

fn member_path(m: &MemberExpression<'_>) -> Option<String> {
    match m {
        MemberExpression::StaticMemberExpression(s) => Some(format!("{}.{}", path_cow(&s.object)?, s.property.name)),
        MemberExpression::ComputedMemberExpression(c) => {
            Some(format!("{}.{}", path_cow(&c.object)?, string_of(&c.expression)?))
        }
        MemberExpression::PrivateFieldExpression(_) => None,
    }
}

/// `window.document` → `document`, `globalThis`/`self` → `window`.
fn norm_target(t: String) -> String {
    for p in ["window.", "globalThis.", "self."] {
        if let Some(rest) = t.strip_prefix(p)
            && matches!(rest.split('.').next(), Some("document" | "window"))
        {
            return norm_target(rest.to_string());
        }
    }
    match t.as_str() {
        "globalThis" | "self" => "window".into(),
        _ => t,
    }
}

/// The page-wide targets CustomEvents travel on between apps.
fn is_global_target(t: &str) -> bool {
    matches!(t, "window" | "document" | "document.body" | "document.documentElement")
}

/// The keys of an object literal, when all are static.
fn object_keys(e: &Expression<'_>) -> Option<Vec<String>> {
    let Expression::ObjectExpression(o) = e.get_inner_expression() else { return None };
    let mut out = Vec::new();
    for p in &o.properties {
        match p {
            ObjectPropertyKind::ObjectProperty(p) => out.push(p.key.static_name()?.to_string()),
            ObjectPropertyKind::SpreadProperty(_) => return None,
        }
    }
    Some(out)
}

fn property<'x, 'a>(o: &'x ObjectExpression<'a>, key: &str) -> Option<&'x ObjectProperty<'a>> {
    o.properties.iter().find_map(|p| match p {
        ObjectPropertyKind::ObjectProperty(p) if p.key.static_name().is_some_and(|k| k == key) => Some(&**p),
        _ => None,
    })
}

fn has_spread(o: &ObjectExpression<'_>) -> bool {
    o.properties.iter().any(|p| matches!(p, ObjectPropertyKind::SpreadProperty(_)))
}

/// Top-level string constants, in order (a constant may use an earlier one).
fn consts(program: &Program<'_>, file: &File<'_>) -> HashMap<String, String> {
    let mut scratch = File {
        src: file.src,
        bindings: file.bindings,
        consts: HashMap::default(),
        channels: HashMap::default(),
        makes_channels: file.makes_channels,
    };
    fn add(f: &mut File<'_>, prefix: String, e: &Expression<'_>, depth: u32) {
        if let Some(s) = f.eval_str(e) {
            f.consts.insert(prefix, s);
            return;
        }
        let mut e = e.get_inner_expression();
        // Object.freeze({ … })
        if let Expression::CallExpression(c) = e
            && path_of(&c.callee).as_deref() == Some("Object.freeze")
            && let Some(a) = c.arguments.first().and_then(Argument::as_expression)
        {
            e = a.get_inner_expression();
        }
        if let Expression::ObjectExpression(o) = e
            && depth < 3
        {
            for p in &o.properties {
                if let ObjectPropertyKind::ObjectProperty(p) = p
                    && let Some(k) = p.key.static_name()
                {
                    add(f, format!("{prefix}.{k}"), &p.value, depth + 1);
                }
            }
        }
    }
    for s in &program.body {
        let decl = match s {
            Statement::ExportDeclaration(e) => Some(&e.declaration),
            s => s.as_declaration(),
        };
        match decl {
            Some(Declaration::VariableDeclaration(d)) if d.kind == VariableDeclarationKind::Const => {
                for x in &d.declarations {
                    if let (BindingPattern::BindingIdentifier(id), Some(init)) = (&x.id, &x.init) {
                        add(&mut scratch, id.name.to_string(), init, 0);
                    }
                }
            }
            Some(Declaration::TSEnumDeclaration(en)) => {
                for m in &en.body.members {
                    if let Some(init) = &m.initializer
                        && let Some(v) = scratch.eval_str(init)
                    {
                        scratch.consts.insert(format!("{}.{}", en.id.name, m.id.static_name()), v);
                    }
                }
            }
            _ => {}
        }
    }
    scratch.consts
}

/// Exported local names (local → exported), and re-exports.
fn exports(program: &Program<'_>, bindings: &Bindings) -> (Vec<(String, String)>, Vec<Reexport>) {
    let mut out = Vec::new();
    let mut re = Vec::new();
    let local = |l: String, e: String, out: &mut Vec<(String, String)>, re: &mut Vec<Reexport>| {
        // `import { A } from './x'; export { A }`
        if let Some((src, imported)) = bindings.get(&l) {
            if imported != "*" {
                re.push(Reexport { source: src.to_string(), imported: imported.to_string(), exported: e });
            }
        } else {
            out.push((l, e));
        }
    };
    for s in &program.body {
        match s {
            Statement::ExportDeclaration(e) => match &e.declaration {
                Declaration::VariableDeclaration(d) => {
                    for x in &d.declarations {
                        if let BindingPattern::BindingIdentifier(id) = &x.id {
                            local(id.name.to_string(), id.name.to_string(), &mut out, &mut re);
                        }
                    }
                }
                Declaration::FunctionDeclaration(f) => {
                    if let Some(id) = &f.id {
                        local(id.name.to_string(), id.name.to_string(), &mut out, &mut re);
                    }
                }
                Declaration::TSEnumDeclaration(en) => {
                    local(en.id.name.to_string(), en.id.name.to_string(), &mut out, &mut re);
                }
                _ => {}
            },
            Statement::ExportNamedDeclaration(e) if !e.export_kind.is_type() => {
                for sp in &e.specifiers {
                    local(sp.local.name().to_string(), sp.exported.name().to_string(), &mut out, &mut re);
                }
            }
            Statement::ExportDefaultDeclaration(e) => match &e.declaration {
                ExportDefaultDeclarationKind::FunctionDeclaration(f) => {
                    if let Some(id) = &f.id {
                        local(id.name.to_string(), "default".into(), &mut out, &mut re);
                    }
                }
                ExportDefaultDeclarationKind::Identifier(id) => {
                    local(id.name.to_string(), "default".into(), &mut out, &mut re);
                }
                _ => {}
            },
            Statement::ExportFromDeclaration(e) if !e.export_kind.is_type() => {
                for sp in &e.specifiers {
                    re.push(Reexport {
                        source: e.source.value.to_string(),
                        imported: sp.local.name().to_string(),
                        exported: sp.exported.name().to_string(),
                    });
                }
            }
            Statement::ExportAllDeclaration(e) if !e.export_kind.is_type() && e.exported.is_none() => {
                re.push(Reexport { source: e.source.value.to_string(), imported: "*".into(), exported: "*".into() });
            }
            _ => {}
        }
    }
    (out, re)
}

/// Every binding of a BroadcastChannel in the module.
struct ChannelScan<'f, 's> {
    file: &'f File<'s>,
    found: HashMap<String, Chan>,
}

impl ChannelScan<'_, '_> {
    fn add(&mut self, name: String, c: Chan) {
        match self.found.get(&name) {
            // the same name bound to channels of different names: which one is not known
            Some(old) if *old != c => {
                let native = old.native && c.native;
                self.found.insert(name, Chan { name: None, native });
            }
            Some(_) => {}
            None => {
                self.found.insert(name, c);
            }
        }
    }
}

impl<'a> Visit<'a> for ChannelScan<'_, '_> {
    skip_types!();

    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        if let Some(init) = &it.init
            && let Some((c, current)) = self.file.channel_in(init)
        {
            let name = match &it.id {
                BindingPattern::BindingIdentifier(id) => Some(id.name.to_string()),
                // const [bc] = useState(() => new BroadcastChannel(…))
                BindingPattern::ArrayPattern(a) => match a.elements.first() {
                    Some(Some(BindingPattern::BindingIdentifier(id))) => Some(id.name.to_string()),
                    _ => None,
                },
                _ => None,
            };
            if let Some(n) = name {
                self.add(if current { format!("{n}.current") } else { n }, c);
            }
        }
        walk::walk_variable_declarator(self, it);
    }

    fn visit_assignment_expression(&mut self, it: &AssignmentExpression<'a>) {
        if let Some(t) = target_path(&it.left)
            && let Some((c, current)) = self.file.channel_in(&it.right)
        {
            self.add(if current { format!("{t}.current") } else { t }, c);
        }
        walk::walk_assignment_expression(self, it);
    }
}

fn is_nullish(e: &Expression<'_>) -> bool {
    match e.get_inner_expression() {
        Expression::NullLiteral(_) => true,
        Expression::Identifier(id) => id.name == "undefined",
        _ => false,
    }
}

fn target_path(t: &AssignmentTarget<'_>) -> Option<String> {
    match t {
        AssignmentTarget::AssignmentTargetIdentifier(id) => Some(id.name.to_string()),
        t => member_path(t.as_member_expression()?),
    }
}

// ---------------------------------------------------------------------------
// handlers: what a listener reads

const DETAIL: usize = 0;
const DATA: usize = 1;
const PARAM: usize = 2;

/// What a handler reads of its event: per root (`e.detail`, `e.data`, `e` itself),
/// the keys it reads and the `type`s it compares.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Summary {
    reads: [BTreeSet<String>; 3],
    types: [Vec<EventName>; 3],
}

struct Summarizer<'f, 's> {
    file: &'f File<'s>,
    /// Paths that denote each root.
    roots: [HashSet<String>; 3],
    /// Locals that hold a root's `type`.
    type_locals: [HashSet<String>; 3],
    out: Summary,
}

fn summarize(
    file: &File<'_>,
    params: &FormalParameters<'_>,
    body: Option<&FunctionBody<'_>>,
    expr: Option<&Expression<'_>>,
) -> Summary {
    let mut s =
        Summarizer { file, roots: Default::default(), type_locals: Default::default(), out: Summary::default() };
    if let Some(p) = params.items.first() {
        s.bind(PARAM, &p.pattern);
    }
    if let Some(b) = body {
        s.visit_function_body(b);
    }
    if let Some(e) = expr {
        s.visit_expression(e);
    }
    s.out
}

impl Summarizer<'_, '_> {
    fn class_of(&self, path: &str) -> Option<usize> {
        if let Some(c) = (0..3).find(|&c| self.roots[c].contains(path)) {
            return Some(c);
        }
        let (obj, prop) = path.rsplit_once('.')?;
        if self.roots[PARAM].contains(obj) {
            return match prop {
                "detail" => Some(DETAIL),
                "data" => Some(DATA),
                _ => None,
            };
        }
        None
    }

    /// `pattern` binds (a part of) a root of class `c`.
    fn bind(&mut self, c: usize, pattern: &BindingPattern<'_>) {
        match pattern {
            BindingPattern::BindingIdentifier(id) => {
                self.roots[c].insert(id.name.to_string());
            }
            BindingPattern::ObjectPattern(o) => {
                for p in &o.properties {
                    let Some(k) = p.key.static_name() else { continue };
                    self.out.reads[c].insert(k.to_string());
                    let value = match &p.value {
                        BindingPattern::AssignmentPattern(a) => &a.left,
                        v => v,
                    };
                    if k == "type"
                        && let BindingPattern::BindingIdentifier(id) = value
                    {
                        self.type_locals[c].insert(id.name.to_string());
                    }
                    if c == PARAM {
                        match &*k {
                            "detail" => self.bind(DETAIL, value),
                            "data" => self.bind(DATA, value),
                            _ => {}
                        }
                    }
                }
            }
            BindingPattern::AssignmentPattern(a) => self.bind(c, &a.left),
            BindingPattern::ArrayPattern(_) => {}
        }
    }

    /// The class whose `type` this expression is.
    fn type_of(&self, e: &Expression<'_>) -> Option<usize> {
        let p = path_of(e)?;
        if let Some(c) = (0..3).find(|&c| self.type_locals[c].contains(&p)) {
            return Some(c);
        }
        let obj = p.strip_suffix(".type")?;
        self.class_of(obj)
    }

    fn compared(&mut self, c: usize, e: &Expression<'_>) {
        if let Some(n) = self.file.name_of(e)
            && !self.out.types[c].contains(&n)
        {
            self.out.types[c].push(n);
        }
    }
}

/// `e ?? {}`, `e || {}`: the `e`.
fn or_default<'x, 'a>(e: &'x Expression<'a>) -> &'x Expression<'a> {
    match e.get_inner_expression() {
        Expression::LogicalExpression(l)
            if matches!(l.right.get_inner_expression(), Expression::ObjectExpression(_)) =>
        {
            l.left.get_inner_expression()
        }
        e => e,
    }
}

impl<'a> Visit<'a> for Summarizer<'_, '_> {
    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        if let Some(init) = &it.init {
            let init = or_default(init);
            if let Some(p) = path_of(init) {
                if let Some(c) = self.class_of(&p) {
                    self.bind(c, &it.id);
                } else if let Some(obj) = p.strip_suffix(".type")
                    && let Some(c) = self.class_of(obj)
                    && let BindingPattern::BindingIdentifier(id) = &it.id
                {
                    self.type_locals[c].insert(id.name.to_string());
                }
            }
        }
        walk::walk_variable_declarator(self, it);
    }

    fn visit_static_member_expression(&mut self, it: &StaticMemberExpression<'a>) {
        if let Some(p) = path_of(&it.object)
            && let Some(c) = self.class_of(&p)
        {
            self.out.reads[c].insert(it.property.name.to_string());
        }
        walk::walk_static_member_expression(self, it);
    }

    fn visit_binary_expression(&mut self, it: &BinaryExpression<'a>) {
        if it.operator.is_equality() {
            if let Some(c) = self.type_of(&it.left) {
                self.compared(c, &it.right);
            } else if let Some(c) = self.type_of(&it.right) {
                self.compared(c, &it.left);
            }
        }
        walk::walk_binary_expression(self, it);
    }

    fn visit_switch_statement(&mut self, it: &SwitchStatement<'a>) {
        if let Some(c) = self.type_of(&it.discriminant) {
            for case in &it.cases {
                if let Some(t) = &case.test {
                    self.compared(c, t);
                }
            }
        }
        walk::walk_switch_statement(self, it);
    }
}

/// The summaries of the named functions listeners refer to (`None`: the name is bound more than once).
struct NamedHandlers<'f, 's, 'n> {
    file: &'f File<'s>,
    needed: &'n HashSet<String>,
    out: HashMap<String, Option<Summary>>,
    /// Where the declarations of the needed names start: the walk goes down only into
    /// statements and expressions that hold one.
    targets: Vec<u32>,
}

impl NamedHandlers<'_, '_, '_> {
    fn holds_target(&self, span: oxc_span::Span) -> bool {
        self.targets.iter().any(|t| span.start <= *t && *t < span.end)
    }
}

impl NamedHandlers<'_, '_, '_> {
    fn put(&mut self, name: String, s: Summary) {
        match self.out.get(&name) {
            Some(Some(old)) if *old != s => {
                self.out.insert(name, None);
            }
            Some(_) => {}
            None => {
                self.out.insert(name, Some(s));
            }
        }
    }
}

impl<'a> Visit<'a> for NamedHandlers<'_, '_, '_> {
    skip_types!();

    fn visit_statement(&mut self, it: &Statement<'a>) {
        // (a class's decorators may stand before the `export` its statement starts at)
        let class = match it {
            Statement::ClassDeclaration(_) => true,
            Statement::ExportDeclaration(e) => matches!(e.declaration, Declaration::ClassDeclaration(_)),
            Statement::ExportDefaultDeclaration(e) => {
                matches!(e.declaration, ExportDefaultDeclarationKind::ClassDeclaration(_))
            }
            _ => false,
        };
        if class || self.holds_target(it.span()) {
            walk::walk_statement(self, it);
        }
    }

    fn visit_expression(&mut self, it: &Expression<'a>) {
        if matches!(it, Expression::ClassExpression(_)) || self.holds_target(it.span()) {
            walk::walk_expression(self, it);
        }
    }

    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        if let (BindingPattern::BindingIdentifier(id), Some(init)) = (&it.id, &it.init)
            && self.needed.contains(id.name.as_str())
        {
            // const onMessage = useCallback((e) => …, [])
            let mut f = init.get_inner_expression();
            if let Expression::CallExpression(c) = f
                && let Some(a) = c.arguments.first().and_then(Argument::as_expression)
            {
                f = a.get_inner_expression();
            }
            match f {
                Expression::ArrowFunctionExpression(a) => {
                    let s = summarize(self.file, &a.params, a.body.as_function_body(), a.body.as_expression());
                    self.put(id.name.to_string(), s);
                }
                Expression::FunctionExpression(fx) => {
                    let s = summarize(self.file, &fx.params, fx.body.as_deref(), None);
                    self.put(id.name.to_string(), s);
                }
                _ => {
                    self.out.insert(id.name.to_string(), None);
                }
            }
        }
        walk::walk_variable_declarator(self, it);
    }

    fn visit_function(&mut self, it: &Function<'a>, flags: ScopeFlags) {
        if let Some(id) = &it.id
            && self.needed.contains(id.name.as_str())
        {
            let s = summarize(self.file, &it.params, it.body.as_deref(), None);
            self.put(id.name.to_string(), s);
        }
        walk::walk_function(self, it, flags);
    }
}

// ---------------------------------------------------------------------------
// the module walk: effects, channels in bodies, sends and listens

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Component,
    Hook,
    Other,
}

struct Candidate {
    name: String,
    kept: bool,
    line: u32,
    column: u32,
}

struct Frame<'a> {
    name: Option<&'a str>,
    role: Role,
    /// Simple parameter names by position.
    params: std::ops::Range<usize>,
    /// Channels created in the body.
    candidates: Vec<Candidate>,
    /// Channel leaks of its effects that another effect's cleanup may release.
    deferred: Vec<Leak>,
    /// What the cleanups of the body's effects close (or hand to a function).
    closed: HashSet<String>,
    /// Some effect's cleanup could not be followed.
    opaque: bool,
}

enum HandlerRef {
    Inline(Summary),
    Named(String),
    Unknown,
}

struct PendingListen {
    via: EventVia,
    /// For CustomEvents: the type listened to.
    name: Option<EventName>,
    native: bool,
    handler: HandlerRef,
    line: u32,
    column: u32,
}

/// The type of a `new CustomEvent(type, …)`.
#[derive(Clone)]
enum Ty {
    Name(EventName),
    /// A parameter of the enclosing frame `frame` at `index`.
    Param {
        frame: usize,
        index: usize,
    },
}

#[derive(Clone)]
struct CustomEventInfo {
    ty: Ty,
    detail: HelperDetail,
}

struct Main<'f, 's, 'l, 'a> {
    file: &'f File<'s>,
    at: At<'l>,
    facts: LifetimeFacts,
    frames: Vec<Frame<'a>>,
    /// The name the next function is bound to (`const X = …`).
    pending: Option<&'a str>,
    /// `const ev = new CustomEvent(…)`, dispatched later.
    events: HashMap<&'a str, CustomEventInfo>,
    listens: Vec<PendingListen>,
    /// Where each `const x = …` and `function x() {}` starts (for [`NamedHandlers`]).
    declared: Vec<(&'a str, u32)>,
    /// The simple parameter names of the open frames, each frame's a range of it (no
    /// list per function).
    param_names: Vec<Option<&'a str>>,
}

fn role_of(name: Option<&str>) -> Role {
    match name {
        Some(n) if crate::state::is_pascal(n) => Role::Component,
        Some(n) if crate::state::is_hook(n) => Role::Hook,
        _ => Role::Other,
    }
}

fn param_names<'a>(params: &FormalParameters<'a>) -> impl Iterator<Item = Option<&'a str>> {
    params.items.iter().map(|p| match &p.pattern {
        BindingPattern::BindingIdentifier(id) => Some(id.name.as_str()),
        BindingPattern::AssignmentPattern(a) => match &a.left {
            BindingPattern::BindingIdentifier(id) => Some(id.name.as_str()),
            _ => None,
        },
        _ => None,
    })
}

const EFFECTS: [&str; 3] = ["useEffect", "useLayoutEffect", "useInsertionEffect"];

impl<'a> Main<'_, '_, '_, 'a> {
    fn pos(&self, offset: u32) -> (u32, u32) {
        (self.at)(offset)
    }

    fn push_frame(&mut self, name: Option<&'a str>, params: &FormalParameters<'a>) {
        let role = role_of(name);
        let start = self.param_names.len();
        self.param_names.extend(param_names(params));
        self.frames.push(Frame {
            name,
            role,
            params: start..self.param_names.len(),
            candidates: Vec::new(),
            deferred: Vec::new(),
            closed: HashSet::default(),
            opaque: false,
        });
    }

    fn pop_frame(&mut self) {
        let Some(f) = self.frames.pop() else { return };
        self.param_names.truncate(f.params.start);
        let closes = |name: &str| f.closed.iter().any(|x| x == name || x.starts_with(&format!("{name}.")));
        for l in &f.deferred {
            if !closes(&l.target) && !f.opaque {
                self.facts.leaks.push(l.clone());
            }
        }
        if f.opaque {
            return;
        }
        for c in f.candidates {
            if !closes(&c.name) {
                self.facts.leaks.push(Leak {
                    kind: ResourceKind::Channel,
                    via: "new BroadcastChannel".into(),
                    target: c.name.clone(),
                    event: None,
                    handler: None,
                    owner: f.name.unwrap_or_default().to_string(),
                    effect: String::new(),
                    why: Why::InBody { kept: c.kept },
                    line: c.line,
                    column: c.column,
                });
            }
        }
    }

    /// The component or hook we are in (else the nearest named function).
    fn owner(&self) -> String {
        self.frames
            .iter()
            .rev()
            .find(|f| f.role != Role::Other)
            .or_else(|| self.frames.iter().rev().find(|f| f.name.is_some()))
            .and_then(|f| f.name)
            .unwrap_or_default()
            .to_string()
    }

    /// The innermost frame that has a parameter of this name, and its index.
    fn param(&self, name: &str) -> Option<(usize, usize)> {
        self.frames.iter().enumerate().rev().find_map(|(fi, f)| {
            self.param_names[f.params.clone()].iter().position(|p| *p == Some(name)).map(|i| (fi, i))
        })
    }

    fn custom_event(&self, e: &Expression<'_>) -> Option<CustomEventInfo> {
        let Expression::NewExpression(n) = e.get_inner_expression() else { return None };
        let (src, class) = self.file.bindings.callee(&n.callee)?;
        // CustomEvent, Event, and the DOM's own (KeyboardEvent…), which carry no detail
        if !src.is_empty() || !class.ends_with("Event") {
            return None;
        }
        let t = n.arguments.first().and_then(Argument::as_expression)?;
        let ty = match t.get_inner_expression() {
            Expression::Identifier(id) if self.param(&id.name).is_some() => {
                let (frame, index) = self.param(&id.name)?;
                Ty::Param { frame, index }
            }
            _ => Ty::Name(self.file.name_of(t)?),
        };
        let detail = match n.arguments.get(1) {
            None => HelperDetail::Keys(Vec::new()),
            Some(a) => match a.as_expression().map(Expression::get_inner_expression) {
                Some(Expression::ObjectExpression(o)) if !has_spread(o) => match property(o, "detail") {
                    None => HelperDetail::Keys(Vec::new()),
                    Some(p) => match object_keys(&p.value) {
                        Some(k) => HelperDetail::Keys(k),
                        None => match (p.value.get_inner_expression(), &ty) {
                            (Expression::Identifier(id), Ty::Param { frame, .. }) => {
                                let names = &self.param_names[self.frames[*frame].params.clone()];
                                match names.iter().position(|x| *x == Some(id.name.as_str())) {
                                    Some(j) => HelperDetail::Param(j),
                                    None => HelperDetail::Unknown,
                                }
                            }
                            _ => HelperDetail::Unknown,
                        },
                    },
                },
                _ => HelperDetail::Unknown,
            },
        };
        Some(CustomEventInfo { ty, detail })
    }

    fn send(&mut self, info: CustomEventInfo, offset: u32) {
        match info.ty {
            Ty::Name(name) => {
                let (line, column) = self.pos(offset);
                let keys = match info.detail {
                    HelperDetail::Keys(k) => Some(k),
                    _ => None,
                };
                self.facts.sends.push(EventSend { via: EventVia::CustomEvent, name, keys, line, column });
            }
            Ty::Param { frame, index } => {
                let Some(local) = self.frames[frame].name.map(str::to_string) else { return };
                if !self.facts.helpers.iter().any(|h| h.local == local) {
                    self.facts.helpers.push(SendHelper {
                        local,
                        exported: Vec::new(),
                        type_param: index,
                        detail: info.detail,
                    });
                }
            }
        }
    }

    fn unresolved(&mut self, via: EventVia, send: bool, offset: u32) {
        let (line, column) = self.pos(offset);
        self.facts.unresolved.push(Unresolved { via, send, line, column });
    }

    fn handler_ref(&self, h: Option<&Expression<'_>>) -> HandlerRef {
        match h.map(Expression::get_inner_expression) {
            Some(Expression::ArrowFunctionExpression(a)) => {
                HandlerRef::Inline(summarize(self.file, &a.params, a.body.as_function_body(), a.body.as_expression()))
            }
            Some(Expression::FunctionExpression(f)) => {
                HandlerRef::Inline(summarize(self.file, &f.params, f.body.as_deref(), None))
            }
            Some(Expression::Identifier(id)) => HandlerRef::Named(id.name.to_string()),
            _ => HandlerRef::Unknown,
        }
    }

    fn listen_message(&mut self, chan: &Chan, h: Option<&Expression<'_>>, offset: u32) {
        let (line, column) = self.pos(offset);
        let handler = self.handler_ref(h);
        self.listens.push(PendingListen {
            via: EventVia::Message { channel: chan.name.clone() },
            name: None,
            native: chan.native,
            handler,
            line,
            column,
        });
    }

    fn on_call(&mut self, it: &CallExpression<'_>, callee: Option<(&str, &str)>) {
        // the methods that send or listen (the target's text only for those)
        let watched = |m: &str| matches!(m, "dispatchEvent" | "addEventListener" | "postMessage");
        let method = match it.callee.get_inner_expression() {
            Expression::Identifier(id) if watched(&id.name) && !self.file.bindings.is_imported(&id.name) => {
                Some(("window".to_string(), id.name.as_str()))
            }
            e => e.as_member_expression().and_then(|m| match m {
                MemberExpression::StaticMemberExpression(s) if watched(&s.property.name) => {
                    Some((norm_target(self.file.text(&s.object)), s.property.name.as_str()))
                }
                _ => None,
            }),
        };
        let arg = |i: usize| it.arguments.get(i).and_then(Argument::as_expression);
        if let Some((target, method)) = &method {
            match *method {
                "dispatchEvent" if is_global_target(target) => {
                    let info = match arg(0).map(Expression::get_inner_expression) {
                        Some(Expression::Identifier(id)) => self.events.get(id.name.as_str()).cloned(),
                        Some(e) => self.custom_event(e),
                        None => None,
                    };
                    match info {
                        Some(info) => self.send(info, it.span.start),
                        None => self.unresolved(EventVia::CustomEvent, true, it.span.start),
                    }
                }
                "addEventListener" => {
                    if let Some(chan) = self.file.channels.get(target).cloned() {
                        if arg(0).and_then(|t| self.file.eval_str(t)).as_deref() == Some("message") {
                            self.listen_message(&chan, arg(1), it.span.start);
                        }
                    } else if is_global_target(target) {
                        match arg(0).and_then(|t| self.file.name_of(t)) {
                            Some(name) => {
                                let (line, column) = self.pos(it.span.start);
                                let handler = self.handler_ref(arg(1));
                                self.listens.push(PendingListen {
                                    via: EventVia::CustomEvent,
                                    name: Some(name),
                                    native: true,
                                    handler,
                                    line,
                                    column,
                                });
                            }
                            None => self.unresolved(EventVia::CustomEvent, false, it.span.start),
                        }
                    } else if let Some(Expression::Identifier(id)) = arg(0).map(Expression::get_inner_expression)
                        && self.param(&id.name).is_some()
                    {
                        // a wrapper (`useEventListener(type, handler, target = window)`): its
                        // callers may listen to anything
                        self.unresolved(EventVia::CustomEvent, false, it.span.start);
                    }
                }
                "postMessage" => {
                    if let Some(chan) = self.file.channels.get(target).cloned() {
                        let via = EventVia::Message { channel: chan.name.clone() };
                        let typed = match arg(0).map(Expression::get_inner_expression) {
                            Some(Expression::ObjectExpression(o)) => {
                                property(o, "type").and_then(|t| self.file.name_of(&t.value))
                            }
                            _ => None,
                        };
                        match typed {
                            Some(name) => {
                                let (line, column) = self.pos(it.span.start);
                                let keys = arg(0).and_then(object_keys);
                                self.facts.sends.push(EventSend { via, name, keys, line, column });
                            }
                            None => self.unresolved(via, true, it.span.start),
                        }
                    }
                }
                _ => {}
            }
        }
        // calls that may go through an imported send helper (calls of local helpers: `HelperCalls`
        // once the walk knows the helpers; React exports none)
        if !it.arguments.is_empty() {
            // (the callee as resolved already, unless a TS wrapper hid it from that)
            let inner = it.callee.get_inner_expression();
            let resolved = if std::ptr::eq(inner, it.callee.without_parentheses()) {
                callee
            } else {
                self.file.bindings.callee(inner)
            };
            match inner {
                Expression::Identifier(_) if resolved.is_some_and(|(src, _)| src.is_empty()) => {}
                _ => {
                    if let Some((source, imported)) = resolved
                        && !source.is_empty()
                        && !is_react(source)
                    {
                        let args = self.file.args(&it.arguments);
                        // a type given as a constant, or held in a variable (a send
                        // helper called with it sends something unknown)
                        let variable =
                            it.arguments.iter().take(2).any(|a| a.as_expression().and_then(path_cow).is_some());
                        if variable || args.iter().any(|a| matches!(a, HelperArg::Name(_))) {
                            let (line, column) = self.pos(it.span.start);
                            self.facts.helper_calls.push(HelperCall {
                                source: source.to_string(),
                                imported: imported.to_string(),
                                args,
                                line,
                                column,
                            });
                        }
                    }
                }
            }
        }
        // effects
        if let Some((src, hook)) = callee
            && is_react(src)
            && EFFECTS.contains(&hook)
            && let Some(setup) = arg(0)
        {
            let owner = self.owner();
            let out = analyze_effect(self.file, setup, hook, &owner, self.at);
            match out {
                Some((leaks, closed)) => match self.frames.last_mut() {
                    Some(f) => {
                        f.closed.extend(closed);
                        for l in leaks {
                            // a channel kept in a ref or field: another effect of the
                            // component may close it
                            if l.kind == ResourceKind::Channel && l.target.contains('.') {
                                f.deferred.push(l);
                            } else {
                                self.facts.leaks.push(l);
                            }
                        }
                    }
                    None => self.facts.leaks.extend(leaks),
                },
                None => {
                    if let Some(f) = self.frames.last_mut() {
                        f.opaque = true;
                    }
                }
            }
        }
    }

    /// A channel created directly in a component or hook body.
    fn body_channel(&mut self, it: &VariableDeclarator<'_>) {
        let Some(f) = self.frames.last() else { return };
        if f.role == Role::Other {
            return;
        }
        let (Some(init), BindingPattern::BindingIdentifier(_) | BindingPattern::ArrayPattern(_)) = (&it.init, &it.id)
        else {
            return;
        };
        let name = match &it.id {
            BindingPattern::BindingIdentifier(id) => id.name.as_str(),
            BindingPattern::ArrayPattern(a) => match a.elements.first() {
                Some(Some(BindingPattern::BindingIdentifier(id))) => id.name.as_str(),
                _ => return,
            },
            _ => return,
        };
        let kept = if self.file.is_channel_new(init) {
            false
        } else if self.file.channel_in(init).is_some()
            && matches!(init.get_inner_expression(), Expression::CallExpression(_))
        {
            true
        } else {
            return;
        };
        let name = name.to_string();
        let (line, column) = self.pos(init.span().start);
        if let Some(f) = self.frames.last_mut() {
            f.candidates.push(Candidate { name, kept, line, column });
        }
    }
}

impl<'a> Visit<'a> for Main<'_, '_, '_, 'a> {
    skip_types!();

    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        let name = match &it.id {
            BindingPattern::BindingIdentifier(id) => Some(id.name.as_str()),
            _ => None,
        };
        if let (Some(n), Some(init)) = (name, &it.init) {
            self.declared.push((n, it.span.start));
            if let Some(info) = self.custom_event(init) {
                self.events.insert(n, info);
            }
        }
        self.body_channel(it);
        let saved = std::mem::replace(&mut self.pending, name);
        walk::walk_variable_declarator(self, it);
        self.pending = saved;
    }

    fn visit_assignment_expression(&mut self, it: &AssignmentExpression<'a>) {
        // channel.onmessage = (e) => …
        if let Some(m) = it.left.as_member_expression()
            && let MemberExpression::StaticMemberExpression(s) = m
            && s.property.name == "onmessage"
            && let Some(chan) = self.file.channels.get(&self.file.text(&s.object)).cloned()
            && !is_nullish(&it.right)
        {
            self.listen_message(&chan, Some(&it.right), it.span.start);
        }
        walk::walk_assignment_expression(self, it);
    }

    fn visit_function(&mut self, it: &Function<'a>, flags: ScopeFlags) {
        if let Some(id) = &it.id {
            self.declared.push((id.name.as_str(), it.span.start));
        }
        let name = it.id.as_ref().map(|i| i.name.as_str()).or(self.pending);
        self.push_frame(name, &it.params);
        let saved = self.pending.take();
        walk::walk_function(self, it, flags);
        self.pending = saved;
        self.pop_frame();
    }

    fn visit_arrow_function_expression(&mut self, it: &ArrowFunctionExpression<'a>) {
        let name = self.pending;
        self.push_frame(name, &it.params);
        let saved = self.pending.take();
        walk::walk_arrow_function_expression(self, it);
        self.pending = saved;
        self.pop_frame();
    }

    fn visit_class(&mut self, it: &Class<'a>) {
        let saved = self.pending.take();
        walk::walk_class(self, it);
        self.pending = saved;
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        let callee = self.file.bindings.callee(&it.callee);
        self.on_call(it, callee);
        // memo(function X() {}) / forwardRef((props, ref) => …) keep the binding's name
        let wraps = matches!(callee, Some((src, n)) if is_react(src) && matches!(n, "memo" | "forwardRef"));
        self.visit_expression(&it.callee);
        let saved = if wraps { self.pending } else { self.pending.take() };
        for a in &it.arguments {
            self.visit_argument(a);
        }
        self.pending = saved;
    }

    fn visit_new_expression(&mut self, it: &NewExpression<'a>) {
        let saved = self.pending.take();
        walk::walk_new_expression(self, it);
        self.pending = saved;
    }
}

// ---------------------------------------------------------------------------
// one effect

/// How a resource's handle (unsubscribe, interval id, channel) is kept.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Bind {
    Kept(String),
    Discarded,
    Returned,
    Unknown,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Handler {
    Named(String),
    Inline,
}

#[derive(Clone, Debug)]
struct Resource {
    kind: ResourceKind,
    via: String,
    target: String,
    event: Option<(String, String)>,
    handler: Option<Handler>,
    capture: Option<bool>,
    /// `{ signal }`: the controller's path when it is known, `Some(None)` for a signal from elsewhere.
    signal: Option<Option<String>>,
    bind: Bind,
    start: u32,
}

impl Resource {
    /// A subscription or interval: released through the handle the call returns.
    fn handle(&self) -> bool {
        matches!(self.kind, ResourceKind::Subscription | ResourceKind::Interval)
    }
}

/// The setup's own statements (not its nested functions): resources and locals.
struct SetupScan<'f, 's> {
    file: &'f File<'s>,
    bind: HashMap<(u32, u32), Bind>,
    resources: Vec<Resource>,
    /// `const x = <path>`: x → path.
    aliases: HashMap<String, String>,
    /// Locals bound to a new object (`new X()`, `document.createElement()`): dies with the run.
    fresh: HashSet<String>,
    controllers: HashSet<String>,
    declared: HashSet<String>,
    /// Locals bound to a call's result (`const s$ = interval(1000)`).
    made: HashSet<String>,
}

/// TanStack Query's accessors of a client's caches, which live as long as the client.
fn is_cache_getter(name: &str) -> bool {
    matches!(name, "getQueryCache" | "getMutationCache")
}

/// The span a handle's binding is keyed by: the call inside parentheses, `await`, `?.`.
fn key(e: &Expression<'_>) -> (u32, u32) {
    let e = e.get_inner_expression();
    let e = match e {
        Expression::AwaitExpression(a) => a.argument.get_inner_expression(),
        e => e,
    };
    match e {
        Expression::ChainExpression(c) => match &c.expression {
            ChainElement::CallExpression(call) => (call.span.start, call.span.end),
            _ => (c.span.start, c.span.end),
        },
        e => (e.span().start, e.span().end),
    }
}

/// Listener options: (capture, once, signal path); `None` when they cannot be read.
#[allow(clippy::type_complexity)]
fn listener_options(file: &File<'_>, e: Option<&Expression<'_>>) -> Option<(Option<bool>, bool, Option<String>)> {
    let Some(e) = e else { return Some((Some(false), false, None)) };
    match e.get_inner_expression() {
        Expression::BooleanLiteral(b) => Some((Some(b.value), false, None)),
        Expression::ObjectExpression(o) => {
            if has_spread(o) {
                return None;
            }
            let capture = match property(o, "capture").map(|p| p.value.get_inner_expression()) {
                None => Some(false),
                Some(Expression::BooleanLiteral(b)) => Some(b.value),
                Some(_) => None,
            };
            let once = match property(o, "once").map(|p| p.value.get_inner_expression()) {
                None => false,
                Some(Expression::BooleanLiteral(b)) => b.value,
                // `once: flag`: cannot tell
                Some(_) => return None,
            };
            let signal = property(o, "signal").map(|p| file.text(&p.value));
            Some((capture, once, signal))
        }
        _ => None,
    }
}

impl SetupScan<'_, '_> {
    fn resolve(&self, mut p: String) -> String {
        for _ in 0..4 {
            let (root, rest) = match p.split_once('.') {
                Some((r, rest)) => (r.to_string(), format!(".{rest}")),
                None => (p.clone(), String::new()),
            };
            match self.aliases.get(&root) {
                Some(a) => p = format!("{a}{rest}"),
                None => break,
            }
        }
        norm_target(p)
    }

    /// Whether a method call's object is a binding that outlives the setup:
    /// a path (`store`, `useCart.persist`) not rooted in a local the setup
    /// bound to a call's or constructor's result.
    fn long_lived(&self, callee: &Expression<'_>) -> bool {
        let Some(MemberExpression::StaticMemberExpression(m)) = callee.get_inner_expression().as_member_expression()
        else {
            return false;
        };
        self.long_lived_object(&m.object)
    }

    fn long_lived_object(&self, e: &Expression<'_>) -> bool {
        // queryClient.getQueryCache(): the client's own cache
        if let Expression::CallExpression(c) = e.get_inner_expression()
            && let Some(MemberExpression::StaticMemberExpression(m)) =
                c.callee.get_inner_expression().as_member_expression()
            && is_cache_getter(&m.property.name)
        {
            return self.long_lived_object(&m.object);
        }
        let Some(p) = path_of(e) else { return false };
        let root = p.split('.').next().unwrap_or("");
        !self.fresh.contains(root) && !self.made.contains(root)
    }

    fn push(&mut self, r: Resource) {
        self.resources.push(r);
    }

    fn resource_call(&mut self, it: &CallExpression<'_>) {
        let f = self.file;
        let bind = self.bind.get(&(it.span.start, it.span.end)).cloned().unwrap_or(Bind::Unknown);
        let arg = |i: usize| it.arguments.get(i).and_then(Argument::as_expression);
        let (target, method) = match it.callee.get_inner_expression() {
            Expression::Identifier(id) => {
                // imported functions: broadcastQueryClient, persistQueryClientSubscribe
                let name = f.bindings.callee(&it.callee).map(|(_, n)| n).unwrap_or(id.name.as_str()).to_string();
                if f.bindings.is_imported(&id.name) {
                    if matches!(name.as_str(), "broadcastQueryClient" | "persistQueryClientSubscribe") {
                        self.push(Resource {
                            kind: ResourceKind::Subscription,
                            via: name,
                            target: String::new(),
                            event: None,
                            handler: None,
                            capture: None,
                            signal: None,
                            bind,
                            start: it.span.start,
                        });
                    }
                    return;
                }
                ("window".to_string(), name)
            }
            e => match e.as_member_expression() {
                Some(MemberExpression::StaticMemberExpression(s)) => {
                    (self.resolve(f.text(&s.object)), s.property.name.to_string())
                }
                _ => return,
            },
        };
        match method.as_str() {
            "addEventListener" => {
                let Some(t) = arg(0) else { return };
                let Some((capture, once, signal)) = listener_options(f, arg(2)) else { return };
                if once {
                    return;
                }
                let handler = match arg(1).map(Expression::get_inner_expression) {
                    Some(h @ (Expression::Identifier(_) | Expression::StaticMemberExpression(_))) => {
                        Handler::Named(f.text(h))
                    }
                    Some(_) => Handler::Inline,
                    None => return,
                };
                let signal = signal.map(|s| {
                    let s = self.resolve(s);
                    s.strip_suffix(".signal").filter(|c| self.controllers.contains(*c)).map(str::to_string)
                });
                self.push(Resource {
                    kind: ResourceKind::Listener,
                    via: method,
                    target,
                    event: Some((f.event_key(t), f.eval_str(t).map(|s| format!("'{s}'")).unwrap_or_else(|| f.text(t)))),
                    handler: Some(handler),
                    capture,
                    signal,
                    bind,
                    start: it.span.start,
                });
            }
            // a subscription of a long-lived object (`store`, `useCart.persist`); a fresh
            // observable (`of(1).pipe(…).subscribe()`, `const s$ = interval(…)`) may
            // complete by itself, or die with the effect
            "subscribe" | "onHydrate" | "onFinishHydration" if self.long_lived(&it.callee) => self.push(Resource {
                kind: ResourceKind::Subscription,
                via: method,
                target,
                event: None,
                handler: None,
                capture: None,
                signal: None,
                bind,
                start: it.span.start,
            }),
            "setInterval" if target == "window" => self.push(Resource {
                kind: ResourceKind::Interval,
                via: method,
                target: String::new(),
                event: None,
                handler: None,
                capture: None,
                signal: None,
                bind,
                start: it.span.start,
            }),
            _ => {}
        }
    }
}

impl<'a> Visit<'a> for SetupScan<'_, '_> {
    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        for id in it.id.get_binding_identifiers() {
            self.declared.insert(id.name.to_string());
        }
        if let Some(init) = &it.init {
            match &it.id {
                BindingPattern::BindingIdentifier(id) => {
                    let name = id.name.to_string();
                    self.bind.insert(key(init), Bind::Kept(name.clone()));
                    match init.get_inner_expression() {
                        Expression::NewExpression(n) => {
                            if matches!(self.file.bindings.callee(&n.callee), Some((s, c)) if s.is_empty() && c == "AbortController")
                            {
                                self.controllers.insert(name);
                            } else if !self.file.is_channel_new(init) {
                                self.fresh.insert(name);
                            }
                        }
                        Expression::CallExpression(c)
                            if path_of(&c.callee).as_deref() == Some("document.createElement") =>
                        {
                            self.fresh.insert(name);
                        }
                        Expression::CallExpression(c)
                            if !matches!(c.callee.get_inner_expression().as_member_expression(),
                                Some(MemberExpression::StaticMemberExpression(m)) if is_cache_getter(&m.property.name)) =>
                        {
                            self.made.insert(name);
                        }
                        e => {
                            if let Some(p) = path_of(e) {
                                self.aliases.insert(name, p);
                            }
                        }
                    }
                }
                // const { signal } = controller
                BindingPattern::ObjectPattern(o) => {
                    if let Some(p) = path_of(init) {
                        for prop in &o.properties {
                            if let (Some(k), BindingPattern::BindingIdentifier(v)) =
                                (prop.key.static_name(), &prop.value)
                            {
                                self.aliases.insert(v.name.to_string(), format!("{p}.{k}"));
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        walk::walk_variable_declarator(self, it);
    }

    fn visit_assignment_expression(&mut self, it: &AssignmentExpression<'a>) {
        if let Some(t) = target_path(&it.left) {
            self.bind.insert(key(&it.right), Bind::Kept(t.clone()));
            // x.onmessage = h on a channel
            if let Some((obj, "onmessage")) = t.rsplit_once('.')
                && !is_nullish(&it.right)
            {
                let handler = match it.right.get_inner_expression() {
                    h @ (Expression::Identifier(_) | Expression::StaticMemberExpression(_)) => {
                        Handler::Named(self.file.text(h))
                    }
                    _ => Handler::Inline,
                };
                self.push(Resource {
                    kind: ResourceKind::MessageHandler,
                    via: "onmessage".into(),
                    target: self.resolve(obj.to_string()),
                    event: None,
                    handler: Some(handler),
                    capture: None,
                    signal: None,
                    bind: Bind::Unknown,
                    start: it.span.start,
                });
            }
        }
        walk::walk_assignment_expression(self, it);
    }

    fn visit_expression_statement(&mut self, it: &ExpressionStatement<'a>) {
        let mut e = it.expression.get_inner_expression();
        // cond && call(), a ? call() : other()
        loop {
            match e {
                Expression::LogicalExpression(l) => e = l.right.get_inner_expression(),
                Expression::UnaryExpression(u) if u.operator == UnaryOperator::Void => {
                    e = u.argument.get_inner_expression()
                }
                _ => break,
            }
        }
        if let Expression::ConditionalExpression(c) = e {
            self.bind.insert(key(&c.consequent), Bind::Discarded);
            self.bind.insert(key(&c.alternate), Bind::Discarded);
        } else {
            self.bind.insert(key(e), Bind::Discarded);
        }
        walk::walk_expression_statement(self, it);
    }

    fn visit_return_statement(&mut self, it: &ReturnStatement<'a>) {
        if let Some(a) = &it.argument {
            self.bind.insert(key(a), Bind::Returned);
        }
        walk::walk_return_statement(self, it);
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        self.resource_call(it);
        walk::walk_call_expression(self, it);
    }

    fn visit_new_expression(&mut self, it: &NewExpression<'a>) {
        let e_key = (it.span.start, it.span.end);
        if let Some((src, name)) = self.file.bindings.callee(&it.callee)
            && name == "BroadcastChannel"
            && (src.is_empty() || src == "broadcast-channel")
        {
            let bind = self.bind.get(&e_key).cloned().unwrap_or(Bind::Unknown);
            self.push(Resource {
                kind: ResourceKind::Channel,
                via: "new BroadcastChannel".into(),
                target: String::new(),
                event: None,
                handler: None,
                capture: None,
                signal: None,
                bind,
                start: it.span.start,
            });
        }
        walk::walk_new_expression(self, it);
    }

    // nested functions run later, or never: not the setup's own resources
    fn visit_function(&mut self, _it: &Function<'a>, _flags: ScopeFlags) {}
    fn visit_arrow_function_expression(&mut self, _it: &ArrowFunctionExpression<'a>) {}
    fn visit_class(&mut self, _it: &Class<'a>) {}
}

/// A `removeEventListener` of a cleanup.
#[derive(Clone, Debug)]
struct Removal {
    target: String,
    /// The type: the string, else the text.
    key: String,
    resolved: bool,
    handler: Handler,
    capture: Option<bool>,
    /// Inside a function of the cleanup (`entries.forEach(([t, h]) => …)`).
    nested: bool,
}

impl Removal {
    /// Removes whatever it is handed: in a nested function, or with a type
    /// held in a variable other than the one the listener was added with.
    fn generic(&self, added: &str) -> bool {
        self.nested || (!self.resolved && self.key != added)
    }
}

/// What a cleanup does.
struct CleanupScan<'f, 's> {
    file: &'f File<'s>,
    removals: Vec<Removal>,
    /// Depth of functions nested in the cleanup (a loop over a registry of listeners).
    depth: u32,
    closed: HashSet<String>,
    /// Every identifier and member path it mentions.
    mentioned: HashSet<String>,
    /// Paths handed to a function (which may release them).
    passed: HashSet<String>,
    /// (object, method) of every method call.
    methods: HashSet<(String, String)>,
    aborted: bool,
    /// `x.onmessage = null`.
    nulled: HashSet<String>,
    aliases: HashMap<String, String>,
    /// What the setup's resources ask of the cleanup (the sets no resource asks about stay empty):
    /// what it mentions (kept handles), its method calls (discarded handles), what it closes or
    /// hands on (channels).
    wants_mentions: bool,
    wants_methods: bool,
    wants_closed: bool,
}

impl<'a> Visit<'a> for CleanupScan<'_, '_> {
    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        if let (BindingPattern::BindingIdentifier(id), Some(init)) = (&it.id, &it.init)
            && let Some(p) = path_of(init)
        {
            self.aliases.insert(id.name.to_string(), p);
        }
        walk::walk_variable_declarator(self, it);
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        let f = self.file;
        let arg = |i: usize| it.arguments.get(i).and_then(Argument::as_expression);
        let method = match it.callee.get_inner_expression() {
            Expression::Identifier(id) => Some(("window".to_string(), id.name.to_string())),
            e => match e.as_member_expression() {
                Some(MemberExpression::StaticMemberExpression(s)) => {
                    Some((f.text(&s.object), s.property.name.to_string()))
                }
                _ => None,
            },
        };
        if let Some((obj, m)) = method {
            match m.as_str() {
                "removeEventListener" => {
                    if let (Some(t), Some(h)) = (arg(0), arg(1)) {
                        let handler = match h.get_inner_expression() {
                            h @ (Expression::Identifier(_) | Expression::StaticMemberExpression(_)) => {
                                Handler::Named(f.text(h))
                            }
                            _ => Handler::Inline,
                        };
                        let capture = listener_options(f, arg(2)).and_then(|o| o.0);
                        self.removals.push(Removal {
                            target: obj.clone(),
                            key: f.event_key(t),
                            resolved: f.eval_str(t).is_some(),
                            handler,
                            capture,
                            nested: self.depth > 0,
                        });
                    }
                }
                "close" if self.wants_closed => {
                    self.closed.insert(obj.clone());
                }
                "abort" => self.aborted = true,
                _ => {}
            }
            if self.wants_methods {
                self.methods.insert((obj, m));
            }
        }
        if self.wants_closed {
            for a in &it.arguments {
                if let Some(p) = a.as_expression().and_then(path_of) {
                    self.passed.insert(p);
                }
            }
        }
        walk::walk_call_expression(self, it);
    }

    fn visit_assignment_expression(&mut self, it: &AssignmentExpression<'a>) {
        if let Some(t) = target_path(&it.left)
            && let Some(obj) = t.strip_suffix(".onmessage")
            && is_nullish(&it.right)
        {
            self.nulled.insert(obj.to_string());
        }
        walk::walk_assignment_expression(self, it);
    }

    fn visit_identifier_reference(&mut self, it: &IdentifierReference<'a>) {
        if self.wants_mentions {
            self.mentioned.insert(it.name.to_string());
        }
    }

    fn visit_function(&mut self, it: &Function<'a>, flags: ScopeFlags) {
        self.depth += 1;
        walk::walk_function(self, it, flags);
        self.depth -= 1;
    }

    fn visit_arrow_function_expression(&mut self, it: &ArrowFunctionExpression<'a>) {
        self.depth += 1;
        walk::walk_arrow_function_expression(self, it);
        self.depth -= 1;
    }

    fn visit_static_member_expression(&mut self, it: &StaticMemberExpression<'a>) {
        if self.wants_mentions
            && let Some(p) = path_of(&it.object)
        {
            self.mentioned.insert(format!("{p}.{}", it.property.name));
        }
        walk::walk_static_member_expression(self, it);
    }
}

/// A function the setup declares (`const cleanup = () => …`).
#[derive(Clone, Copy)]
enum Fun<'x, 'a> {
    Arrow(&'x ArrowFunctionExpression<'a>),
    Func(&'x Function<'a>),
}

fn collect_returns<'x, 'a>(stmts: &'x [Statement<'a>], out: &mut Vec<&'x ReturnStatement<'a>>) {
    for s in stmts {
        match s {
            Statement::ReturnStatement(r) => out.push(r),
            Statement::BlockStatement(b) => collect_returns(&b.body, out),
            Statement::IfStatement(i) => {
                collect_returns(std::slice::from_ref(&i.consequent), out);
                if let Some(a) = &i.alternate {
                    collect_returns(std::slice::from_ref(a), out);
                }
            }
            Statement::TryStatement(t) => {
                collect_returns(&t.block.body, out);
                if let Some(h) = &t.handler {
                    collect_returns(&h.body.body, out);
                }
                if let Some(f) = &t.finalizer {
                    collect_returns(&f.body, out);
                }
            }
            Statement::SwitchStatement(sw) => {
                for c in &sw.cases {
                    collect_returns(&c.consequent, out);
                }
            }
            Statement::LabeledStatement(l) => collect_returns(std::slice::from_ref(&l.body), out),
            Statement::ForStatement(f) => collect_returns(std::slice::from_ref(&f.body), out),
            Statement::ForInStatement(f) => collect_returns(std::slice::from_ref(&f.body), out),
            Statement::ForOfStatement(f) => collect_returns(std::slice::from_ref(&f.body), out),
            Statement::WhileStatement(w) => collect_returns(std::slice::from_ref(&w.body), out),
            Statement::DoWhileStatement(w) => collect_returns(std::slice::from_ref(&w.body), out),
            _ => {}
        }
    }
}

/// The leaks of one effect, and what its cleanup closes; `None` when the
/// cleanup cannot be followed.
fn analyze_effect(
    file: &File<'_>,
    setup: &Expression<'_>,
    effect: &str,
    owner: &str,
    at: At,
) -> Option<(Vec<Leak>, HashSet<String>)> {
    let (body, expr): (Option<&FunctionBody<'_>>, Option<&Expression<'_>>) = match setup.get_inner_expression() {
        Expression::ArrowFunctionExpression(a) => (a.body.as_function_body(), a.body.as_expression()),
        Expression::FunctionExpression(f) => (f.body.as_deref(), None),
        _ => return None,
    };
    let mut scan = SetupScan {
        file,
        bind: HashMap::default(),
        resources: Vec::new(),
        aliases: HashMap::default(),
        fresh: HashSet::default(),
        controllers: HashSet::default(),
        declared: HashSet::default(),
        made: HashSet::default(),
    };
    // the setup's returns
    let mut returns: Vec<&Expression<'_>> = Vec::new();
    let mut locals: HashMap<String, Fun<'_, '_>> = HashMap::default();
    if let Some(b) = body {
        let mut rs = Vec::new();
        collect_returns(&b.statements, &mut rs);
        returns.extend(rs.iter().filter_map(|r| r.argument.as_ref()));
        for s in &b.statements {
            match s {
                Statement::FunctionDeclaration(f) => {
                    if let Some(id) = &f.id {
                        locals.insert(id.name.to_string(), Fun::Func(f));
                    }
                }
                Statement::VariableDeclaration(d) => {
                    for x in &d.declarations {
                        if let (BindingPattern::BindingIdentifier(id), Some(init)) = (&x.id, &x.init) {
                            match init.get_inner_expression() {
                                Expression::ArrowFunctionExpression(a) => {
                                    locals.insert(id.name.to_string(), Fun::Arrow(a));
                                }
                                Expression::FunctionExpression(f) => {
                                    locals.insert(id.name.to_string(), Fun::Func(f));
                                }
                                _ => {}
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        scan.visit_function_body(b);
    }
    if let Some(e) = expr {
        returns.push(e);
        scan.bind.insert(key(e), Bind::Returned);
        scan.visit_expression(e);
    }
    // without resources, and without channels whose closing a component's other code
    // waits for (`closed`), only whether the cleanup can be followed is asked
    let nothing_to_release = scan.resources.is_empty() && !file.makes_channels;
    // the cleanups
    let mut cleanup = CleanupScan {
        file,
        removals: Vec::new(),
        depth: 0,
        closed: HashSet::default(),
        mentioned: HashSet::default(),
        passed: HashSet::default(),
        methods: HashSet::default(),
        aborted: false,
        nulled: HashSet::default(),
        aliases: HashMap::default(),
        wants_mentions: scan.resources.iter().any(|r| r.handle() && matches!(r.bind, Bind::Kept(_))),
        wants_methods: scan.resources.iter().any(|r| r.handle() && r.bind == Bind::Discarded),
        wants_closed: file.makes_channels
            || scan.resources.iter().any(|r| matches!(r.kind, ResourceKind::Channel | ResourceKind::MessageHandler)),
    };
    let mut has_cleanup = false;
    let mut returned_names: Vec<String> = Vec::new();
    for r in &returns {
        match r.get_inner_expression() {
            Expression::ArrowFunctionExpression(a) => {
                has_cleanup = true;
                if !nothing_to_release {
                    cleanup.visit_arrow_function_body(&a.body);
                }
            }
            Expression::FunctionExpression(f) => {
                has_cleanup = true;
                if let Some(b) = &f.body
                    && !nothing_to_release
                {
                    cleanup.visit_function_body(b);
                }
            }
            Expression::NullLiteral(_) => {}
            Expression::Identifier(id) if id.name == "undefined" => {}
            Expression::Identifier(id) => {
                has_cleanup = true;
                match locals.get(id.name.as_str()) {
                    Some(_) if nothing_to_release => {}
                    Some(Fun::Arrow(a)) => cleanup.visit_arrow_function_body(&a.body),
                    Some(Fun::Func(f)) => {
                        if let Some(b) = &f.body {
                            cleanup.visit_function_body(b);
                        }
                    }
                    None => returned_names.push(id.name.to_string()),
                }
            }
            e => {
                // a returned resource (`return store.subscribe(fn)`) is its own cleanup;
                // `() => window.addEventListener(…)` returns nothing; a call of
                // anything else may return a cleanup
                let k = key(e);
                let returned = scan.resources.iter().find(|r| r.start == k.0);
                match returned.map(|r| r.kind) {
                    Some(ResourceKind::Subscription) => has_cleanup = true,
                    Some(ResourceKind::Listener) if expr.is_some() => {}
                    _ => return None,
                }
            }
        }
    }
    // a returned name that is no handle of this setup: a cleanup made elsewhere
    for n in &returned_names {
        if !scan.resources.iter().any(|r| r.bind == Bind::Kept(n.clone())) {
            return None;
        }
    }
    let resolve = |p: &str| -> String {
        let mut p = p.to_string();
        for _ in 0..4 {
            let (root, rest) = match p.split_once('.') {
                Some((r, rest)) => (r.to_string(), format!(".{rest}")),
                None => (p.clone(), String::new()),
            };
            match cleanup.aliases.get(&root).or_else(|| scan.aliases.get(&root)) {
                Some(a) => p = format!("{a}{rest}"),
                None => break,
            }
        }
        norm_target(p)
    };
    if nothing_to_release {
        return Some((Vec::new(), HashSet::default()));
    }
    // what the cleanup does, through its aliases (the sets no resource asks about are empty)
    let closed: HashSet<String> = cleanup.closed.iter().chain(cleanup.passed.iter()).map(|c| resolve(c)).collect();
    let mentioned: HashSet<String> = cleanup.mentioned.iter().map(|c| resolve(c)).collect();
    let nulled: HashSet<String> = cleanup.nulled.iter().map(|c| resolve(c)).collect();
    let methods: HashSet<(String, String)> = cleanup.methods.iter().map(|(o, m)| (resolve(o), m.clone())).collect();
    let removals: Vec<Removal> =
        cleanup.removals.iter().map(|r| Removal { target: resolve(&r.target), ..r.clone() }).collect();
    // channels this setup creates, and whether they are closed
    let own_channels: HashMap<String, bool> = scan
        .resources
        .iter()
        .filter(|r| r.kind == ResourceKind::Channel)
        .filter_map(|r| match &r.bind {
            Bind::Kept(n) => Some((n.clone(), closed.contains(n) || returned_names.contains(n))),
            _ => None,
        })
        .collect();
    let no = if has_cleanup { Why::NotReleased } else { Why::NoCleanup };
    let mut leaks = Vec::new();
    for r in &scan.resources {
        let why = match r.kind {
            ResourceKind::Listener => {
                if scan.fresh.contains(&r.target) {
                    continue;
                }
                // closing the channel removes its listeners; an open one is the channel's finding
                if own_channels.contains_key(&r.target) {
                    continue;
                }
                if let Some(sig) = &r.signal {
                    if cleanup.aborted {
                        continue;
                    }
                    match sig {
                        Some(_) => {}
                        // a signal from elsewhere: its owner aborts it
                        None => continue,
                    }
                }
                let (event_key, _) = r.event.clone().unwrap_or_default();
                let same_target = |t: &str| t == r.target || (!is_global_target(t) && !is_global_target(&r.target));
                if removals.iter().any(|x| same_target(&x.target) && x.generic(&event_key)) {
                    continue;
                }
                let here: Vec<&Removal> =
                    removals.iter().filter(|x| same_target(&x.target) && x.key == event_key).collect();
                let compatible = |a: Option<bool>, b: Option<bool>| a.is_none() || b.is_none() || a == b;
                match &r.handler {
                    Some(Handler::Named(h)) => {
                        let same_fn: Vec<_> =
                            here.iter().filter(|x| matches!(&x.handler, Handler::Named(n) if n == h)).collect();
                        if same_fn.iter().any(|x| compatible(x.capture, r.capture)) {
                            continue;
                        }
                        if !same_fn.is_empty() {
                            Why::CaptureMismatch
                        } else if let Some(Removal { handler: other, .. }) = here.first() {
                            Why::OtherHandler(match other {
                                Handler::Named(n) => n.clone(),
                                Handler::Inline => "an inline function".into(),
                            })
                        } else {
                            no.clone()
                        }
                    }
                    _ => Why::InlineHandler,
                }
            }
            ResourceKind::Subscription | ResourceKind::Interval => match &r.bind {
                Bind::Returned | Bind::Unknown => continue,
                Bind::Kept(n) => {
                    if mentioned.contains(&resolve(n)) || returned_names.contains(n) {
                        continue;
                    }
                    // a handle kept outside the setup (`unsubRef.current`, a module variable)
                    // may be released elsewhere
                    let local = scan.declared.contains(n);
                    if !local {
                        continue;
                    }
                    no.clone()
                }
                Bind::Discarded => {
                    // store.subscribe(fn) … store.unsubscribe(fn)
                    let released = !r.target.is_empty()
                        && methods.iter().any(|(o, m)| {
                            *o == r.target
                                && matches!(
                                    m.as_str(),
                                    "unsubscribe"
                                        | "unsubscribeAll"
                                        | "off"
                                        | "removeListener"
                                        | "removeSubscriber"
                                        | "dispose"
                                        | "destroy"
                                        | "close"
                                        | "disconnect"
                                        | "unlisten"
                                        | "clear"
                                )
                        });
                    if released {
                        continue;
                    }
                    Why::Discarded
                }
            },
            ResourceKind::MessageHandler => {
                if own_channels.contains_key(&r.target) || !file.channels.contains_key(&r.target) {
                    continue;
                }
                if closed.contains(&r.target) || nulled.contains(&r.target) {
                    continue;
                }
                no.clone()
            }
            ResourceKind::Channel => match &r.bind {
                Bind::Kept(n) => {
                    // `channel = channel ?? new BroadcastChannel(…)` into a variable of an outer scope: one per page
                    if !n.contains('.') && !scan.declared.contains(n) {
                        continue;
                    }
                    if own_channels.get(n).copied().unwrap_or(false) {
                        continue;
                    }
                    no.clone()
                }
                Bind::Discarded => Why::Discarded,
                Bind::Returned | Bind::Unknown => continue,
            },
        };
        let (line, column) = at(r.start);
        let target = match (&r.kind, &r.bind) {
            (ResourceKind::Channel, Bind::Kept(n)) => n.clone(),
            _ => r.target.clone(),
        };
        leaks.push(Leak {
            kind: r.kind,
            via: r.via.clone(),
            target,
            event: r.event.as_ref().map(|(_, shown)| shown.clone()),
            handler: r.handler.as_ref().map(|h| match h {
                Handler::Named(n) => n.clone(),
                Handler::Inline => "an inline function".into(),
            }),
            owner: owner.to_string(),
            effect: effect.to_string(),
            why,
            line,
            column,
        });
    }
    Some((leaks, closed))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Through the module's facts, as the source walk gets them.
    fn facts(src: &str) -> LifetimeFacts {
        crate::facts::module_facts(std::path::Path::new("module.tsx"), src).unwrap().lifetimes
    }

    fn leaks(src: &str) -> Vec<(ResourceKind, Why, u32)> {
        facts(src).leaks.into_iter().map(|l| (l.kind, l.why, l.line)).collect()
    }

    const HEAD: &str = "import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';\n";

    /// The shortcuts of the walk (named handlers searched only where they are declared, text
    /// filters) miss nothing: a handler inside a decorator before `export`, a channel class
    /// spelled with an escape.
    #[test]
    fn shortcuts_miss_nothing() {
        let src = format!(
            "{HEAD}@dec(function onMsg(e) {{ return e.detail.x; }}) export class A {{}}\nexport function C() {{\n  useEffect(() => {{\n    window.addEventListener('x', onMsg);\n    return () => window.removeEventListener('x', onMsg);\n  }}, []);\n  return null;\n}}\nconst bc = new Broadcast\\u0043hannel('shop');\nbc.postMessage({{ type: 'cart:add', id: 1 }});\n"
        );
        let f = facts(&src);
        assert_eq!(f.listens.len(), 1);
        assert_eq!(f.listens[0].reads, vec!["x".to_string()]);
        assert_eq!(f.sends.len(), 1);
        assert_eq!(f.sends[0].via, EventVia::Message { channel: Some(EventName::Literal("shop".into())) });

        // a channel class imported under a name written as a string with an escape: the effect
        // that closes the channel kept in a ref is read, and nothing leaks
        let src = format!(
            "{HEAD}import {{ \"Broadcast\\x43hannel\" as BC }} from 'broadcast-channel';\nexport function C() {{\n  const ref = useRef(null);\n  useEffect(() => {{ ref.current = new BC('x'); }}, []);\n  useEffect(() => () => ref.current.close(), []);\n  return null;\n}}\n"
        );
        assert!(src.contains(r#""Broadcast\x43hannel""#), "{src}");
        assert_eq!(leaks(&src), vec![]);
        // (without the close, the channel is a leak: the class is known)
        let open = src.replace("ref.current.close()", "ref.current");
        assert_eq!(leaks(&open).len(), 1, "{open}");
    }

    #[test]
    fn listener_without_any_cleanup() {
        let src = format!(
            "{HEAD}export function Drawer() {{\n  useEffect(() => {{\n    const onOpen = () => {{}};\n    window.addEventListener('cart:open', onOpen);\n  }}, []);\n  return null;\n}}\n"
        );
        let f = facts(&src);
        assert_eq!(f.leaks.len(), 1);
        let l = &f.leaks[0];
        assert_eq!((l.kind, l.why.clone(), l.line), (ResourceKind::Listener, Why::NoCleanup, 5));
        assert_eq!(l.target, "window");
        assert_eq!(l.event.as_deref(), Some("'cart:open'"));
        assert_eq!(l.handler.as_deref(), Some("onOpen"));
        assert_eq!(l.owner, "Drawer");
        assert_eq!(l.effect, "useEffect");
    }

    #[test]
    fn cleanup_that_removes_another_function_is_a_leak() {
        let src = format!(
            "{HEAD}function Drawer() {{\n  useEffect(() => {{\n    const onOpen = () => {{}};\n    window.addEventListener('cart:open', onOpen);\n    return () => window.removeEventListener('cart:open', () => onOpen());\n  }}, []);\n}}\nfunction Other() {{\n  useEffect(() => {{\n    window.addEventListener('resize', a);\n    return () => window.removeEventListener('resize', b);\n  }});\n}}\n"
        );
        assert_eq!(
            leaks(&src),
            vec![
                (ResourceKind::Listener, Why::OtherHandler("an inline function".into()), 5),
                (ResourceKind::Listener, Why::OtherHandler("b".into()), 11),
            ]
        );
    }

    #[test]
    fn released_listeners() {
        let src = format!(
            "{HEAD}const CART_OPEN = 'cart:open';\nfunction A() {{\n  useEffect(() => {{\n    const onOpen = () => {{}};\n    window.addEventListener(CART_OPEN, onOpen);\n    return () => window.removeEventListener('cart:open', onOpen);\n  }}, []);\n  useEffect(() => {{\n    window.addEventListener('x', () => {{}}, {{ once: true }});\n  }}, []);\n  useEffect(() => {{\n    const ac = new AbortController();\n    document.addEventListener('keydown', (e) => {{}}, {{ signal: ac.signal }});\n    return () => ac.abort();\n  }}, []);\n  const ref = useRef(null);\n  useLayoutEffect(() => {{\n    const node = ref.current;\n    node.addEventListener('click', onClick, true);\n    function cleanup() {{ ref.current.removeEventListener('click', onClick, {{ capture: true }}); }}\n    return cleanup;\n  }});\n}}\n"
        );
        assert_eq!(leaks(&src), vec![]);
    }

    #[test]
    fn generic_cleanups_and_wrapper_hooks() {
        let src = format!(
            "{HEAD}function A() {{\n  useEffect(() => {{\n    const entries = [['a', onA], ['b', onB]];\n    window.addEventListener('a', onA);\n    window.addEventListener('b', onB);\n    return () => entries.forEach(([t, h]) => window.removeEventListener(t, h));\n  }}, []);\n}}\nexport function useEventListener(type, handler, target = window) {{\n  useEffect(() => {{\n    if (!target) return;\n    target.addEventListener(type, handler);\n    return () => target.removeEventListener(type, handler);\n  }}, [type, handler, target]);\n}}\n"
        );
        let f = facts(&src);
        assert!(f.leaks.is_empty(), "{:?}", f.leaks);
        assert_eq!(f.unresolved.len(), 1);
        assert!(!f.unresolved[0].send);
    }

    #[test]
    fn capture_flag_and_inline_handler() {
        let src = format!(
            "{HEAD}function A() {{\n  useEffect(() => {{\n    window.addEventListener('scroll', h, true);\n    return () => window.removeEventListener('scroll', h);\n  }});\n  useEffect(() => {{\n    window.addEventListener('scroll', () => go());\n    return () => {{}};\n  }});\n  useEffect(() => {{\n    const ac = new AbortController();\n    window.addEventListener('x', h, {{ signal: ac.signal }});\n  }});\n}}\n"
        );
        assert_eq!(
            leaks(&src),
            vec![
                (ResourceKind::Listener, Why::CaptureMismatch, 4),
                (ResourceKind::Listener, Why::InlineHandler, 8),
                (ResourceKind::Listener, Why::NoCleanup, 13),
            ]
        );
    }

    #[test]
    fn subscriptions_and_intervals() {
        let src = format!(
            "{HEAD}import {{ broadcastQueryClient }} from '@tanstack/query-broadcast-client-experimental';\nfunction useA(store, qc) {{\n  useEffect(() => store.subscribe(fn), []);\n  useEffect(() => {{ return store.subscribe(fn); }}, []);\n  useEffect(() => {{ const u = store.subscribe(fn); return () => u(); }}, []);\n  useEffect(() => {{ const u = store.persist.onFinishHydration(fn); return u; }}, []);\n  useEffect(() => broadcastQueryClient({{ queryClient: qc }}), [qc]);\n  useEffect(() => {{ const id = setInterval(tick, 1000); return () => clearInterval(id); }}, []);\n  useEffect(() => {{ setTimeout(tick, 10); }}, []);\n}}\nfunction useB(store, qc) {{\n  useEffect(() => {{ store.subscribe(fn); }}, []);\n  useEffect(() => {{ const u = store.subscribe(fn); return () => {{}}; }}, []);\n  useEffect(() => {{ broadcastQueryClient({{ queryClient: qc }}); }}, [qc]);\n  useEffect(() => {{ const id = setInterval(tick, 1000); }}, []);\n  useEffect(() => {{ setInterval(tick, 1000); }}, []);\n}}\nfunction useC() {{\n  useEffect(() => {{ of('emit').pipe(tap(log)).subscribe(); }}, []);\n  useEffect(() => {{ const s$ = interval(10); s$.subscribe(log); }}, []);\n  useEffect(() => {{ qc.getQueryCache().subscribe(log); }}, []);\n}}\n"
        );
        assert_eq!(
            leaks(&src),
            vec![
                (ResourceKind::Subscription, Why::Discarded, 13),
                (ResourceKind::Subscription, Why::NotReleased, 14),
                (ResourceKind::Subscription, Why::Discarded, 15),
                (ResourceKind::Interval, Why::NoCleanup, 16),
                (ResourceKind::Interval, Why::Discarded, 17),
                (ResourceKind::Subscription, Why::Discarded, 22),
            ]
        );
    }

    #[test]
    fn cleanup_made_elsewhere_is_not_followed() {
        let src = format!(
            "{HEAD}function A() {{\n  useEffect(() => {{ window.addEventListener('x', h); return makeCleanup(); }}, []);\n  useEffect(() => {{ const off = listen(); window.addEventListener('x', h); return off; }}, []);\n  useEffect(setup, []);\n}}\n"
        );
        assert_eq!(leaks(&src), vec![]);
    }

    #[test]
    fn channels() {
        let src = format!(
            "{HEAD}const shared = new BroadcastChannel('shop');\nfunction useSync() {{\n  useEffect(() => {{\n    const bc = new BroadcastChannel('cart');\n    bc.onmessage = (e) => {{}};\n  }}, []);\n  useEffect(() => {{\n    const bc = new BroadcastChannel('cart');\n    bc.addEventListener('message', h);\n    return () => {{ bc.removeEventListener('message', h); bc.close(); }};\n  }}, []);\n  useEffect(() => {{\n    shared.onmessage = (e) => {{}};\n  }}, []);\n  useEffect(() => {{\n    shared.onmessage = h;\n    return () => {{ shared.onmessage = null; }};\n  }}, []);\n}}\nfunction Panel() {{\n  const a = new BroadcastChannel('p');\n  const b = useMemo(() => new BroadcastChannel('p'), []);\n  const c = useRef(new BroadcastChannel('p'));\n  useEffect(() => () => c.current.close(), []);\n  return null;\n}}\nfunction useRefChannel() {{\n  const ref = useRef(null);\n  useEffect(() => {{ ref.current = new BroadcastChannel('r'); }}, []);\n  useEffect(() => () => ref.current?.close(), []);\n}}\n"
        );
        assert_eq!(
            leaks(&src),
            vec![
                (ResourceKind::Channel, Why::NoCleanup, 5),
                (ResourceKind::MessageHandler, Why::NoCleanup, 14),
                (ResourceKind::Channel, Why::InBody { kept: false }, 22),
                (ResourceKind::Channel, Why::InBody { kept: true }, 23),
            ]
        );
    }

    #[test]
    fn sends_and_listens_with_constants_and_helpers() {
        let src = "import { useEffect } from 'react';\nimport { CART_OPEN, EVENTS } from '@shop/state/events';\nimport { emitShared } from './bus';\nexport const CART_UPDATED = 'cart:updated';\nexport const NAMES = { CLOSE: 'cart:close' };\nexport const openCart = (productId) => window.dispatchEvent(new CustomEvent(CART_UPDATED, { detail: { productId, qty: 1 } }));\nfunction emit(type, detail) { window.dispatchEvent(new CustomEvent(type, { detail })); }\nexport { emit as send };\nemit(NAMES.CLOSE, { reason: 'x' });\nemitShared('cart:shared', { id: 1 });\nfunction Drawer() {\n  useEffect(() => {\n    const onOpen = (event) => { if (event.detail?.productId) add(event.detail.productId); const { qty } = event.detail; };\n    window.addEventListener(CART_OPEN, onOpen);\n    document.addEventListener(EVENTS.CLOSE, ({ detail: { reason } }) => {});\n    return () => { window.removeEventListener(CART_OPEN, onOpen); };\n  }, []);\n}\n";
        let f = facts(src);
        let sends: Vec<(EventName, Option<Vec<String>>)> =
            f.sends.iter().map(|s| (s.name.clone(), s.keys.clone())).collect();
        assert_eq!(
            sends,
            vec![
                (EventName::Literal("cart:updated".into()), Some(vec!["productId".into(), "qty".into()])),
                (EventName::Literal("cart:close".into()), Some(vec!["reason".into()])),
            ]
        );
        assert_eq!(f.helpers.len(), 1);
        assert_eq!(f.helpers[0].exported, vec!["send".to_string()]);
        assert_eq!(f.helpers[0].detail, HelperDetail::Param(1));
        assert!(f.helper_calls.iter().any(|c| c.imported == "emitShared"
            && c.args[0] == HelperArg::Name(EventName::Literal("cart:shared".into()))
            && c.args[1] == HelperArg::Keys(vec!["id".into()])));
        let listens: Vec<(Option<EventName>, Vec<String>)> =
            f.listens.iter().map(|l| (l.name.clone(), l.reads.clone())).collect();
        assert_eq!(
            listens,
            vec![
                (
                    Some(EventName::Imported { source: "@shop/state/events".into(), name: "CART_OPEN".into() }),
                    vec!["productId".into(), "qty".into()]
                ),
                (
                    Some(EventName::Imported { source: "@shop/state/events".into(), name: "EVENTS.CLOSE".into() }),
                    vec!["reason".into()]
                ),
            ]
        );
        // the inline `document` listener is never removed
        assert_eq!(f.leaks.iter().map(|l| l.why.clone()).collect::<Vec<_>>(), vec![Why::InlineHandler]);
        assert!(f.constants.contains(&("CART_UPDATED".into(), "cart:updated".into())));
        assert!(f.constants.contains(&("NAMES.CLOSE".into(), "cart:close".into())));
    }

    #[test]
    fn channel_messages() {
        // the shop's sync module: a module-scope sender, a subscriber closed on unmount
        let src = "import { useEffect } from 'react';\nexport const QUERY_SYNC_CHANNEL = 'shop:query-sync';\nconst outbox = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(QUERY_SYNC_CHANNEL);\nexport function invalidateEverywhere(queryClient, queryKey) {\n  outbox?.postMessage({ type: 'INVALIDATE', queryKey, source: 1 });\n}\nexport function useSub(queryClient) {\n  useEffect(() => {\n    const channel = new BroadcastChannel(QUERY_SYNC_CHANNEL);\n    const onMessage = (event) => {\n      const { type, queryKey, source } = event.data ?? {};\n      if (type === 'INVALIDATE') queryClient.invalidateQueries({ queryKey });\n    };\n    channel.addEventListener('message', onMessage);\n    return () => {\n      channel.removeEventListener('message', onMessage);\n      channel.close();\n    };\n  }, [queryClient]);\n}\nconst other = new BroadcastChannel('x');\nother.onmessage = (e) => { switch (e.data.kind) { default: use(e.data.value); } };\n";
        let f = facts(src);
        assert!(f.leaks.is_empty(), "{:?}", f.leaks);
        let chan = Some(EventName::Literal("shop:query-sync".into()));
        assert_eq!(f.sends.len(), 1);
        assert_eq!(f.sends[0].via, EventVia::Message { channel: chan.clone() });
        assert_eq!(f.sends[0].name, EventName::Literal("INVALIDATE".into()));
        assert_eq!(f.sends[0].keys, Some(vec!["type".into(), "queryKey".into(), "source".into()]));
        assert_eq!(f.listens.len(), 2);
        assert_eq!(f.listens[0].via, EventVia::Message { channel: chan });
        assert_eq!(f.listens[0].name, Some(EventName::Literal("INVALIDATE".into())));
        assert_eq!(f.listens[0].reads, vec!["queryKey".to_string(), "source".into(), "type".into()]);
        // a handler that does not compare `type` takes every message
        assert_eq!(f.listens[1].name, None);
        assert!(f.listens[1].reads.contains(&"value".to_string()));
    }
}
