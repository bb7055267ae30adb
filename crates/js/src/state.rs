//! State facts of one module: where it creates stores, query clients,
//! contexts, collections and channels, and in which scope (module scope: one
//! per module instance; a component or hook body: one per render or mount
//! unless a lazy initialiser keeps it), the factories it exports, the
//! module-scope calls it makes to imported functions (a factory elsewhere),
//! and the storage keys its persisted stores write.
//!
//! Callees are recognised through the module's import bindings
//! ([`Bindings`]), so `import { create as makeStore } from 'zustand'` and
//! `import * as RQ from '@tanstack/react-query'` are seen for what they are,
//! and a local function that happens to be called `create` is not.

use oxc_ast::ast::*;
use oxc_ast_visit::{Visit, walk};
use rustc_hash::FxHashMap as HashMap;

/// What a creation site creates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CreationKind {
    ZustandStore,
    ReduxStore,
    JotaiStore,
    MobxStore,
    ReactContext,
    QueryClient,
    Collection,
    BroadcastChannel,
}

impl CreationKind {
    /// The name in the graph's `instances[].kind`.
    pub fn as_str(self) -> &'static str {
        match self {
            CreationKind::ZustandStore => "zustand-store",
            CreationKind::ReduxStore => "redux-store",
            CreationKind::JotaiStore => "jotai-store",
            CreationKind::MobxStore => "mobx-store",
            CreationKind::ReactContext => "react-context",
            CreationKind::QueryClient => "query-client",
            CreationKind::Collection => "collection",
            CreationKind::BroadcastChannel => "broadcast-channel",
        }
    }

    /// A store (client state): a second copy splits the state.
    pub fn is_store(self) -> bool {
        matches!(
            self,
            CreationKind::ZustandStore
                | CreationKind::ReduxStore
                | CreationKind::JotaiStore
                | CreationKind::MobxStore
                | CreationKind::ReactContext
                | CreationKind::Collection
        )
    }

    /// What the call that creates it is, for messages (`create`, `new QueryClient`).
    pub fn describe(self) -> &'static str {
        match self {
            CreationKind::ZustandStore => "a Zustand store",
            CreationKind::ReduxStore => "a Redux store",
            CreationKind::JotaiStore => "a Jotai store",
            CreationKind::MobxStore => "a MobX observable",
            CreationKind::ReactContext => "a React context",
            CreationKind::QueryClient => "a QueryClient",
            CreationKind::Collection => "a TanStack DB collection",
            CreationKind::BroadcastChannel => "a BroadcastChannel",
        }
    }
}

/// The kind of the function a creation sits in.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// Top level (or a block at the top level): once per module instance.
    Module,
    /// A component (PascalCase, or the callback of `memo`/`forwardRef`): per render.
    Component(String),
    /// A hook (`use…`): per call, so per render of its caller.
    Hook(String),
    /// Any other function: whenever it is called.
    Function(String),
}

/// A place where state is created.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Creation {
    pub kind: CreationKind,
    /// The binding it is assigned to (`useCartStore`), if any.
    pub name: Option<String>,
    pub line: u32,
    pub column: u32,
    pub scope: Scope,
    /// Inside a lazy initialiser (`useState(() => …)`, `useRef(…)`,
    /// `useMemo(() => …)`): kept across renders.
    pub kept: bool,
    /// Directly inside `useMemo(() => …)`: kept across renders but created again per mount.
    pub memo: bool,
}

/// A top-level function that returns a new store or client (`createShopStore`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Factory {
    /// The name it is exported under (`default` for a default export), or its local name.
    pub exported: Vec<String>,
    pub local: String,
    pub kind: CreationKind,
}

/// A module-scope call of an imported function: `const store = createShopStore()`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ImportedCall {
    pub source: String,
    pub imported: String,
    /// The binding the result is assigned to.
    pub name: Option<String>,
    pub line: u32,
    pub column: u32,
}

/// A storage key a persisted store or persister writes.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PersistKey {
    pub key: String,
    pub line: u32,
    pub column: u32,
    /// `persist` (Zustand), `persister` (TanStack Query), …
    pub via: &'static str,
    /// The storage written: `localStorage` (the default of both), `sessionStorage`, or the
    /// text of another storage (`idbStorage`); the same key in two storages is two entries.
    pub storage: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StateFacts {
    pub creations: Vec<Creation>,
    pub factories: Vec<Factory>,
    pub imported_calls: Vec<ImportedCall>,
    pub persist_keys: Vec<PersistKey>,
    /// Local names bound by imports: local → (source, imported name; `default`, `*` or the name).
    pub bindings: Bindings,
}

/// Import bindings of a module: local name → (source, imported name).
///
/// Kept compact, as every module holds one (three allocations, not three per name): the
/// names share one string, and a small open-addressing table indexes the entries (the
/// collectors look a name up for every call).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Bindings {
    text: String,
    /// (local, source, imported) as byte ranges of `text`, one per local name, by local name.
    entries: Vec<[(u32, u32); 3]>,
    /// 1 + the index in `entries`, at the slot of the name's hash (linearly probed), or 0:
    /// a power of two at least twice the entries.
    table: Vec<u32>,
}

impl std::fmt::Debug for Bindings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        struct Map<'b>(&'b Bindings);
        impl std::fmt::Debug for Map<'_> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_map().entries(self.0.iter().map(|(l, s, i)| (l, (s, i)))).finish()
            }
        }
        f.debug_tuple("Bindings").field(&Map(self)).finish()
    }
}

impl Bindings {
    pub fn of(program: &Program<'_>) -> Bindings {
        // (local, source, imported), in source order: a later binding of a name wins
        let mut found: Vec<(&str, &str, std::borrow::Cow<str>)> = Vec::new();
        for s in &program.body {
            match s {
                Statement::ImportDeclaration(i) if !i.import_kind.is_type() => {
                    for sp in i.specifiers.iter().flatten() {
                        let (local, imported) = match sp {
                            ImportDeclarationSpecifier::ImportSpecifier(x) => {
                                (x.local.name.as_str(), x.imported.name().as_str())
                            }
                            ImportDeclarationSpecifier::ImportDefaultSpecifier(x) => (x.local.name.as_str(), "default"),
                            ImportDeclarationSpecifier::ImportNamespaceSpecifier(x) => (x.local.name.as_str(), "*"),
                        };
                        found.push((local, i.source.value.as_str(), imported.into()));
                    }
                }
                // const { create } = require('zustand'); const Z = require('zustand')
                Statement::VariableDeclaration(d) => {
                    for decl in &d.declarations {
                        let Some(Expression::CallExpression(c)) = decl.init.as_ref().map(|e| e.without_parentheses())
                        else {
                            continue;
                        };
                        let is_require = matches!(c.callee.without_parentheses(), Expression::Identifier(id) if id.name == "require");
                        let Some(Argument::StringLiteral(src)) = c.arguments.first() else { continue };
                        if !is_require {
                            continue;
                        }
                        match &decl.id {
                            BindingPattern::BindingIdentifier(id) => {
                                found.push((id.name.as_str(), src.value.as_str(), "*".into()));
                            }
                            BindingPattern::ObjectPattern(o) => {
                                for p in &o.properties {
                                    if let (Some(key), BindingPattern::BindingIdentifier(id)) =
                                        (p.key.static_name(), &p.value)
                                    {
                                        found.push((id.name.as_str(), src.value.as_str(), key));
                                    }
                                }
                            }
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        Bindings::from_list(found)
    }

    /// Bindings from (local, source, imported) in source order; a later binding of a local name wins.
    fn from_list(mut found: Vec<(&str, &str, std::borrow::Cow<str>)>) -> Bindings {
        // stable: among equal names the later stays later, so keep the last of each run
        found.sort_by(|a, b| a.0.cmp(b.0));
        let mut last: Vec<(&str, &str, std::borrow::Cow<str>)> = Vec::with_capacity(found.len());
        for f in found {
            match last.last_mut() {
                Some(l) if l.0 == f.0 => *l = f,
                _ => last.push(f),
            }
        }
        let mut text = String::with_capacity(last.iter().map(|(l, s, i)| l.len() + s.len() + i.len()).sum());
        let mut put = |t: &str| {
            let start = text.len() as u32;
            text.push_str(t);
            (start, t.len() as u32)
        };
        let entries: Vec<_> = last.iter().map(|(l, s, i)| [put(l), put(s), put(i)]).collect();
        let mut table = vec![0u32; if entries.is_empty() { 0 } else { (entries.len() * 2).next_power_of_two() }];
        let mask = table.len().wrapping_sub(1);
        for (n, (l, _, _)) in last.iter().enumerate() {
            let mut slot = Bindings::hash(l) & mask;
            while table[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            table[slot] = n as u32 + 1;
        }
        Bindings { text, entries, table }
    }

    fn hash(name: &str) -> usize {
        use std::hash::{BuildHasher, Hasher};
        let mut h = rustc_hash::FxBuildHasher.build_hasher();
        h.write(name.as_bytes());
        h.finish() as usize
    }

    fn str(&self, (start, len): (u32, u32)) -> &str {
        self.text.get(start as usize..(start + len) as usize).unwrap_or("")
    }

    /// What a local name is bound to by an import: (source, imported name; `default`, `*` or the name).
    pub fn get(&self, local: &str) -> Option<(&str, &str)> {
        let mask = self.table.len().checked_sub(1)?;
        let bytes = self.text.as_bytes();
        let mut slot = Bindings::hash(local) & mask;
        loop {
            let e = self.entries.get((*self.table.get(slot)? as usize).checked_sub(1)?)?;
            let (start, n) = (e[0].0 as usize, e[0].1 as usize);
            if n == local.len() && bytes.get(start..start + n) == Some(local.as_bytes()) {
                return Some((self.str(e[1]), self.str(e[2])));
            }
            slot = (slot + 1) & mask;
        }
    }

    /// (local, source, imported) of every binding.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str, &str)> {
        self.entries.iter().map(|e| (self.str(e[0]), self.str(e[1]), self.str(e[2])))
    }

    /// What a callee names: (source, exported name), or `None` for a local
    /// or unknown function. A global (`BroadcastChannel`) is `("", name)`.
    pub fn callee<'s>(&'s self, e: &'s Expression<'_>) -> Option<(&'s str, &'s str)> {
        match e.without_parentheses() {
            Expression::Identifier(id) => match self.get(id.name.as_str()) {
                Some(found) => Some(found),
                None => Some(("", id.name.as_str())),
            },
            Expression::StaticMemberExpression(m) => {
                let Expression::Identifier(obj) = m.object.without_parentheses() else { return None };
                match self.get(obj.name.as_str()) {
                    Some((src, imported)) if imported == "*" || imported == "default" => {
                        Some((src, m.property.name.as_str()))
                    }
                    // window.BroadcastChannel, globalThis.BroadcastChannel
                    None if matches!(obj.name.as_str(), "window" | "globalThis" | "self") => {
                        Some(("", m.property.name.as_str()))
                    }
                    _ => None,
                }
            }
            // TS instantiation expressions: create<State>
            Expression::TSInstantiationExpression(t) => self.callee(&t.expression),
            _ => None,
        }
    }

    /// Whether a local name is bound by an import (so not a global).
    pub fn is_imported(&self, name: &str) -> bool {
        self.get(name).is_some()
    }
}

/// What a call creates, by its callee's import.
fn creation_of_call(source: &str, name: &str) -> Option<CreationKind> {
    let pkg = source;
    match name {
        "create" | "createStore" | "createWithEqualityFn"
            if matches!(pkg, "zustand" | "zustand/vanilla" | "zustand/traditional") =>
        {
            Some(CreationKind::ZustandStore)
        }
        "configureStore" if matches!(pkg, "@reduxjs/toolkit" | "@reduxjs/toolkit/query") => {
            Some(CreationKind::ReduxStore)
        }
        "createStore" | "legacy_createStore" if pkg == "redux" => Some(CreationKind::ReduxStore),
        "createStore" if matches!(pkg, "jotai" | "jotai/vanilla") => Some(CreationKind::JotaiStore),
        "observable" | "makeAutoObservable" if pkg == "mobx" => Some(CreationKind::MobxStore),
        "createContext" if matches!(pkg, "react" | "use-context-selector") => Some(CreationKind::ReactContext),
        "createCollection" if matches!(pkg, "@tanstack/react-db" | "@tanstack/db") => Some(CreationKind::Collection),
        _ => None,
    }
}

fn creation_of_new(source: &str, name: &str) -> Option<CreationKind> {
    match name {
        "QueryClient"
            if matches!(
                source,
                "@tanstack/react-query" | "@tanstack/query-core" | "react-query" | "@tanstack/vue-query"
            ) =>
        {
            Some(CreationKind::QueryClient)
        }
        "BroadcastChannel" if source.is_empty() || source == "broadcast-channel" => {
            Some(CreationKind::BroadcastChannel)
        }
        _ => None,
    }
}

/// A component's name: PascalCase.
pub(crate) fn is_pascal(name: &str) -> bool {
    name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
}

/// A hook's name: `use`, or `use` and a capital.
pub(crate) fn is_hook(name: &str) -> bool {
    name.strip_prefix("use").is_some_and(|r| r.chars().next().is_none_or(|c| c.is_ascii_uppercase()))
}

fn scope_for(name: Option<&str>) -> Scope {
    match name {
        Some(n) if is_pascal(n) => Scope::Component(n.to_string()),
        Some(n) if is_hook(n) => Scope::Hook(n.to_string()),
        Some(n) => Scope::Function(n.to_string()),
        None => Scope::Function(String::new()),
    }
}

/// Line and column of an offset.
pub type At<'l> = &'l dyn Fn(u32) -> (u32, u32);

/// The state facts of a parsed module.
pub fn collect(program: &Program<'_>, at: At) -> StateFacts {
    collect_with(program, at, None)
}

/// [`collect`], gathering the module's references (`refs`) in the same walk.
pub(crate) fn collect_with<'l>(
    program: &Program<'_>,
    at: At<'l>,
    refs: Option<&mut crate::facts::Refs<'l>>,
) -> StateFacts {
    let bindings = Bindings::of(program);
    let mut c = StateCollector {
        refs,
        at,
        source: program.source_text,
        bindings: &bindings,
        facts: StateFacts::default(),
        scopes: Vec::new(),
        pending_name: None,
        kept: 0,
        memo: 0,
        local_calls: Vec::new(),
    };
    c.visit_program(program);
    let local_calls = std::mem::take(&mut c.local_calls);
    let mut facts = c.facts;
    facts.factories = factories(program, &bindings);
    // `export const store = configureStore()` with `configureStore` a factory of this module
    for (callee, name, line, column) in local_calls {
        if let Some(f) = facts.factories.iter().find(|f| f.local == callee) {
            facts.creations.push(Creation {
                kind: f.kind,
                name,
                line,
                column,
                scope: Scope::Module,
                kept: false,
                memo: false,
            });
        }
    }
    facts.bindings = bindings;
    facts
}

/// An enclosing function during the walk: (a class body, its name, borrowed from the source);
/// made a [`Scope`] when a creation needs it.
type LiveScope<'a> = (bool, Option<&'a str>);

struct StateCollector<'l, 'b, 'a, 'r> {
    /// The module's references, when gathered in this walk.
    refs: Option<&'r mut crate::facts::Refs<'l>>,
    at: At<'l>,
    /// The module's text (for a storage that is not a Web Storage).
    source: &'b str,
    bindings: &'b Bindings,
    facts: StateFacts,
    /// Enclosing functions, innermost last.
    scopes: Vec<LiveScope<'a>>,
    /// The name the next function or creation is bound to (`const X = …`).
    pending_name: Option<&'a str>,
    /// Depth of lazy initialisers (`useState(() => …)`, `useRef(…)`, `useMemo(…)`).
    kept: u32,
    memo: u32,
    /// Module-scope calls of local functions: (callee, binding, line, column).
    local_calls: Vec<(String, Option<String>, u32, u32)>,
}

impl<'l> StateCollector<'l, '_, '_, '_> {
    /// The gatherer of the module's references, when this walk gathers them.
    fn refs(&mut self) -> Option<&mut crate::facts::Refs<'l>> {
        self.refs.as_deref_mut()
    }

    fn scope(&self) -> Scope {
        match self.scopes.last() {
            None => Scope::Module,
            // a class component's body runs per instance
            Some((true, name)) => Scope::Function(name.unwrap_or_default().to_string()),
            Some((false, name)) => scope_for(*name),
        }
    }

    fn name(&self) -> Option<String> {
        self.pending_name.map(str::to_string)
    }

    fn record(&mut self, kind: CreationKind, start: u32) {
        let (line, column) = (self.at)(start);
        self.facts.creations.push(Creation {
            kind,
            name: self.name(),
            line,
            column,
            scope: self.scope(),
            kept: self.kept > 0,
            memo: self.memo > 0,
        });
    }

    fn persist_options(&mut self, via: &'static str, opts: Option<&Argument<'_>>, key_field: &str) {
        let Some(Argument::ObjectExpression(o)) = opts else { return };
        let field = |name: &str| {
            o.properties.iter().find_map(|p| match p {
                ObjectPropertyKind::ObjectProperty(p) if p.key.static_name().is_some_and(|k| k == name) => {
                    Some(&p.value)
                }
                _ => None,
            })
        };
        // `storage: createJSONStorage(() => sessionStorage)`, `storage: window.sessionStorage`,
        // Zustand 3's `getStorage: () => sessionStorage`
        let storage = match field("storage").or_else(|| field("getStorage")) {
            None => "localStorage".to_string(),
            Some(e) => web_storage(e).map(str::to_string).unwrap_or_else(|| {
                let s = e.span();
                let text = self.source.get(s.start as usize..s.end as usize).unwrap_or("");
                text.split_whitespace().collect()
            }),
        };
        if let Some(v) = field(key_field)
            && let Some(key) = string_of(v)
        {
            let (line, column) = (self.at)(v.span().start);
            self.facts.persist_keys.push(PersistKey { key, line, column, via, storage });
        }
    }
}

use oxc_span::GetSpan;

/// The Web Storage an expression names or returns: `localStorage`, `window.sessionStorage`,
/// `() => sessionStorage`, `createJSONStorage(() => localStorage)`.
fn web_storage<'x>(e: &'x Expression<'_>) -> Option<&'x str> {
    match e.get_inner_expression() {
        Expression::Identifier(id) if matches!(id.name.as_str(), "localStorage" | "sessionStorage") => {
            Some(id.name.as_str())
        }
        Expression::StaticMemberExpression(m)
            if matches!(m.property.name.as_str(), "localStorage" | "sessionStorage")
                && matches!(m.object.get_inner_expression(), Expression::Identifier(o) if matches!(o.name.as_str(), "window" | "globalThis" | "self")) =>
        {
            Some(m.property.name.as_str())
        }
        Expression::ArrowFunctionExpression(a) => match (a.body.as_expression(), a.body.as_function_body()) {
            (Some(x), _) => web_storage(x),
            (None, Some(body)) => match body.statements.as_slice() {
                [Statement::ReturnStatement(r)] => r.argument.as_ref().and_then(web_storage),
                _ => None,
            },
            _ => None,
        },
        Expression::CallExpression(c) if c.arguments.len() == 1 => {
            c.arguments.first().and_then(Argument::as_expression).and_then(web_storage)
        }
        _ => None,
    }
}

/// A string literal or a template without expressions.
pub fn string_of(e: &Expression<'_>) -> Option<String> {
    match e.without_parentheses() {
        Expression::StringLiteral(s) => Some(s.value.to_string()),
        Expression::TemplateLiteral(t) if t.expressions.is_empty() => {
            t.quasis.first().and_then(|q| q.value.cooked.as_ref()).map(|c| c.to_string())
        }
        _ => None,
    }
}

impl<'a> Visit<'a> for StateCollector<'_, '_, 'a, '_> {
    skip_types!();

    // the module's references (see `facts::Refs`): this walk reaches every node their own walk
    // did, but for the parameters of a kept callback, walked apart below
    refs_hooks!();

    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        let name = match &it.id {
            BindingPattern::BindingIdentifier(id) => Some(id.name.as_str()),
            _ => None,
        };
        let saved = std::mem::replace(&mut self.pending_name, name);
        walk::walk_variable_declarator(self, it);
        self.pending_name = saved;
    }

    fn visit_function(&mut self, it: &Function<'a>, flags: oxc_syntax::scope::ScopeFlags) {
        let name = it.id.as_ref().map(|i| i.name.as_str()).or(self.pending_name);
        self.scopes.push((false, name));
        let saved = self.pending_name.take();
        let kept = std::mem::replace(&mut self.kept, 0);
        let memo = std::mem::replace(&mut self.memo, 0);
        walk::walk_function(self, it, flags);
        self.kept = kept;
        self.memo = memo;
        self.pending_name = saved;
        self.scopes.pop();
    }

    fn visit_arrow_function_expression(&mut self, it: &ArrowFunctionExpression<'a>) {
        self.scopes.push((false, self.pending_name));
        let saved = self.pending_name.take();
        let kept = std::mem::replace(&mut self.kept, 0);
        let memo = std::mem::replace(&mut self.memo, 0);
        walk::walk_arrow_function_expression(self, it);
        self.kept = kept;
        self.memo = memo;
        self.pending_name = saved;
        self.scopes.pop();
    }

    fn visit_class(&mut self, it: &Class<'a>) {
        let name = it.id.as_ref().map(|i| i.name.as_str()).or(self.pending_name);
        // a class component's body runs per instance
        self.scopes.push((true, name));
        let saved = self.pending_name.take();
        walk::walk_class(self, it);
        self.pending_name = saved;
        self.scopes.pop();
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        if let Some(r) = self.refs() {
            r.call(it);
        }
        let callee = self.bindings.callee(&it.callee);
        if let Some((src, name)) = &callee {
            if let Some(kind) = creation_of_call(src, name) {
                self.record(kind, it.span.start);
            }
            // zustand `persist(fn, { name })`, TanStack persisters `{ key }`
            if *name == "persist" && src.starts_with("zustand") {
                self.persist_options("persist", it.arguments.get(1), "name");
            }
            if matches!(*name, "createSyncStoragePersister" | "createAsyncStoragePersister")
                && src.starts_with("@tanstack/")
            {
                self.persist_options("persister", it.arguments.first(), "key");
            }
            // module scope: a call of a function of this module, which may be a factory
            if self.scopes.is_empty() && src.is_empty() {
                let (line, column) = (self.at)(it.span.start);
                self.local_calls.push((name.to_string(), self.name(), line, column));
            }
            // module scope: a call of an imported function, which may be a factory
            if self.scopes.is_empty()
                && !src.is_empty()
                && (src.starts_with('.') || src.starts_with('/') || src.starts_with('@') || !src.contains(':'))
                && creation_of_call(src, name).is_none()
            {
                let (line, column) = (self.at)(it.span.start);
                self.facts.imported_calls.push(ImportedCall {
                    source: src.to_string(),
                    imported: name.to_string(),
                    name: self.name(),
                    line,
                    column,
                });
            }
        }
        let hook = match &callee {
            Some((src, n)) if *src == "react" || src.is_empty() => n,
            _ => "",
        };
        // memo(function X() {}) / forwardRef((props, ref) => …): a component
        let wraps_component = matches!(hook, "memo" | "forwardRef");
        let keeps = matches!(hook, "useState" | "useRef" | "useMemo" | "useReducer");
        if keeps {
            self.visit_expression(&it.callee);
            self.kept += 1;
            if hook == "useMemo" {
                self.memo += 1;
            }
            // the initialiser's callback is not a scope of its own: what it
            // creates is kept by the hook that calls it
            for a in &it.arguments {
                match a {
                    Argument::ArrowFunctionExpression(f) => {
                        if let Some(r) = self.refs() {
                            r.walk_params(&f.params);
                        }
                        self.visit_arrow_function_body(&f.body);
                    }
                    Argument::FunctionExpression(f) => {
                        if let Some(r) = self.refs() {
                            r.walk_params(&f.params);
                        }
                        if let Some(body) = &f.body {
                            self.visit_function_body(body);
                        }
                    }
                    _ => self.visit_argument(a),
                }
            }
            if hook == "useMemo" {
                self.memo -= 1;
            }
            self.kept -= 1;
            return;
        }
        // the callee keeps the binding's name (curried `create<T>()(…)`); so
        // does the callback of memo(function X() {}) / forwardRef((props, ref) => …),
        // a component; any other callback is not what the binding names
        self.visit_expression(&it.callee);
        let saved = if wraps_component { self.pending_name } else { self.pending_name.take() };
        for a in &it.arguments {
            self.visit_argument(a);
        }
        self.pending_name = saved;
    }

    fn visit_new_expression(&mut self, it: &NewExpression<'a>) {
        if let Some((src, name)) = self.bindings.callee(&it.callee)
            && let Some(kind) = creation_of_new(src, name)
        {
            self.record(kind, it.span.start);
        }
        let saved = self.pending_name.take();
        walk::walk_new_expression(self, it);
        self.pending_name = saved;
    }
}

/// What an expression creates: `create(…)`, `create<T>()(…)`, `new QueryClient()`.
fn creation_expr(e: &Expression<'_>, b: &Bindings) -> Option<CreationKind> {
    match e.without_parentheses() {
        Expression::CallExpression(c) => {
            let (src, name) = b.callee(&c.callee).or_else(|| match c.callee.without_parentheses() {
                Expression::CallExpression(inner) => b.callee(&inner.callee),
                _ => None,
            })?;
            creation_of_call(src, name)
        }
        Expression::NewExpression(n) => {
            let (src, name) = b.callee(&n.callee)?;
            creation_of_new(src, name)
        }
        _ => None,
    }
}

/// Top-level functions that return a new store or client: `function make() { return configureStore(…) }`,
/// `const make = () => create(…)`, with the names they are exported under.
fn factories(program: &Program<'_>, bindings: &Bindings) -> Vec<Factory> {
    fn returned_creation(body: &FunctionBody<'_>, _expression: bool, b: &Bindings) -> Option<CreationKind> {
        // `const store = createStore(…); …; return store;` too
        let local = |name: &str| {
            body.statements.iter().find_map(|s| match s {
                Statement::VariableDeclaration(d) => d.declarations.iter().find_map(|x| match (&x.id, &x.init) {
                    (BindingPattern::BindingIdentifier(id), Some(init)) if id.name == name => creation_expr(init, b),
                    _ => None,
                }),
                _ => None,
            })
        };
        body.statements.iter().find_map(|s| match s {
            Statement::ReturnStatement(r) => r.argument.as_ref().and_then(|e| match e.without_parentheses() {
                Expression::Identifier(id) => local(&id.name),
                e => creation_expr(e, b),
            }),
            _ => None,
        })
    }
    let mut out: Vec<Factory> = Vec::new();
    let mut exported: HashMap<String, Vec<String>> = HashMap::default();
    let add = |local: &str, kind: CreationKind, export: Option<&str>, out: &mut Vec<Factory>| {
        out.push(Factory {
            exported: export.into_iter().map(str::to_string).collect(),
            local: local.to_string(),
            kind,
        });
    };
    for s in &program.body {
        let (decl, export): (Option<&Declaration<'_>>, Option<bool>) = match s {
            Statement::ExportNamedDeclaration(e) => {
                for sp in &e.specifiers {
                    exported.entry(sp.local.name().to_string()).or_default().push(sp.exported.name().to_string());
                }
                (None, None)
            }
            Statement::ExportDeclaration(e) => (Some(&e.declaration), Some(false)),
            Statement::ExportDefaultDeclaration(e) => {
                match &e.declaration {
                    ExportDefaultDeclarationKind::FunctionDeclaration(f) => {
                        if let Some(body) = &f.body
                            && let Some(kind) = returned_creation(body, false, bindings)
                        {
                            let local = f.id.as_ref().map(|i| i.name.to_string()).unwrap_or_default();
                            add(&local, kind, Some("default"), &mut out);
                        }
                    }
                    ExportDefaultDeclarationKind::Identifier(id) => {
                        exported.entry(id.name.to_string()).or_default().push("default".into());
                    }
                    _ => {}
                }
                (None, None)
            }
            _ => (s.as_declaration(), None),
        };
        let named_export = export.is_some();
        match decl {
            Some(Declaration::FunctionDeclaration(f)) => {
                if let (Some(id), Some(body)) = (&f.id, &f.body)
                    && let Some(kind) = returned_creation(body, false, bindings)
                {
                    add(&id.name, kind, named_export.then_some(id.name.as_str()), &mut out);
                }
            }
            Some(Declaration::VariableDeclaration(d)) => {
                for x in &d.declarations {
                    let (BindingPattern::BindingIdentifier(id), Some(init)) = (&x.id, &x.init) else { continue };
                    let kind = match init.without_parentheses() {
                        Expression::ArrowFunctionExpression(a) => match a.body.as_function_body() {
                            Some(b) => returned_creation(b, false, bindings),
                            None => a.body.as_expression().and_then(|e| creation_expr(e, bindings)),
                        },
                        Expression::FunctionExpression(f) => {
                            f.body.as_ref().and_then(|b| returned_creation(b, false, bindings))
                        }
                        _ => None,
                    };
                    if let Some(kind) = kind {
                        add(&id.name, kind, named_export.then_some(id.name.as_str()), &mut out);
                    }
                }
            }
            _ => {}
        }
    }
    for f in &mut out {
        if let Some(names) = exported.get(&f.local) {
            f.exported.extend(names.iter().cloned());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxc_allocator::Allocator;
    use oxc_parser::Parser;
    use oxc_span::SourceType;

    fn facts(src: &str) -> StateFacts {
        let alloc = Allocator::default();
        let ret = Parser::new(&alloc, src, SourceType::tsx()).parse();
        assert!(ret.diagnostics.is_empty(), "{:?}", ret.diagnostics);
        let lines: Vec<usize> = src.match_indices('\n').map(|(i, _)| i).collect();
        let at = |o: u32| {
            let line = lines.partition_point(|&n| n < o as usize);
            (line as u32 + 1, 1)
        };
        collect(&ret.program, &at)
    }

    fn summary(f: &StateFacts) -> Vec<(CreationKind, Option<String>, Scope, bool)> {
        f.creations.iter().map(|c| (c.kind, c.name.clone(), c.scope.clone(), c.kept)).collect()
    }

    #[test]
    fn module_scope_creations_through_any_import_shape() {
        let f = facts(
            "import { create as make } from 'zustand';\nimport { persist, devtools } from 'zustand/middleware';\nimport * as RQ from '@tanstack/react-query';\nimport React from 'react';\nimport { configureStore } from '@reduxjs/toolkit';\nexport const useCart = make<S>()(devtools(persist((set) => ({ n: 0 }), { name: 'shop:cart' })));\nexport const qc = new RQ.QueryClient();\nexport const Ctx = React.createContext(null);\nconst channel = new BroadcastChannel('x');\nexport const store = configureStore({ reducer: {} });\nfunction create() {}\nconst local = create();\n",
        );
        assert_eq!(
            summary(&f),
            vec![
                (CreationKind::ZustandStore, Some("useCart".into()), Scope::Module, false),
                (CreationKind::QueryClient, Some("qc".into()), Scope::Module, false),
                (CreationKind::ReactContext, Some("Ctx".into()), Scope::Module, false),
                (CreationKind::BroadcastChannel, Some("channel".into()), Scope::Module, false),
                (CreationKind::ReduxStore, Some("store".into()), Scope::Module, false),
            ]
        );
        assert_eq!(f.persist_keys.iter().map(|k| k.key.as_str()).collect::<Vec<_>>(), vec!["shop:cart"]);
        assert_eq!(f.persist_keys[0].storage, "localStorage");
    }

    #[test]
    fn persist_storages() {
        let f = facts(
            "import { create } from 'zustand';\nimport { persist, createJSONStorage } from 'zustand/middleware';\nimport { createSyncStoragePersister } from '@tanstack/query-sync-storage-persister';\nexport const a = create(persist(() => ({}), { name: 'k', storage: createJSONStorage(() => sessionStorage) }));\nexport const b = create(persist(() => ({}), { name: 'k', getStorage: () => window.localStorage }));\nexport const c = create(persist(() => ({}), { name: 'k', storage: createJSONStorage(() => idb) }));\nexport const p = createSyncStoragePersister({ storage: window.sessionStorage, key: 'q' });\n",
        );
        let got: Vec<(&str, &str)> = f.persist_keys.iter().map(|k| (k.key.as_str(), k.storage.as_str())).collect();
        assert_eq!(
            got,
            vec![
                ("k", "sessionStorage"),
                ("k", "localStorage"),
                ("k", "createJSONStorage(()=>idb)"),
                ("q", "sessionStorage")
            ]
        );
    }

    #[test]
    fn render_scopes_and_lazy_initialisers() {
        let f = facts(
            "import { QueryClient } from '@tanstack/react-query';\nimport { useState, useMemo, memo } from 'react';\nimport { createStore } from 'zustand/vanilla';\nexport function App() { const qc = new QueryClient(); return null; }\nexport const Widget = () => { const [qc] = useState(() => new QueryClient()); return null; };\nexport const W2 = memo(function Inner() { const s = useMemo(() => createStore(() => ({})), []); return null; });\nfunction useThing() { return createStore(() => ({})); }\nexport const Boxed = memo((p) => { const q = new QueryClient(); return null; });\n",
        );
        assert_eq!(
            summary(&f),
            vec![
                (CreationKind::QueryClient, Some("qc".into()), Scope::Component("App".into()), false),
                (CreationKind::QueryClient, None, Scope::Component("Widget".into()), true),
                (CreationKind::ZustandStore, Some("s".into()), Scope::Component("Inner".into()), true),
                (CreationKind::ZustandStore, None, Scope::Hook("useThing".into()), false),
                (CreationKind::QueryClient, Some("q".into()), Scope::Component("Boxed".into()), false),
            ]
        );
        assert!(f.creations[2].memo);
    }

    #[test]
    fn factories_and_imported_calls() {
        let f = facts(
            "import { configureStore } from '@reduxjs/toolkit';\nimport { createShopStore } from './store';\nexport function makeStore() { return configureStore({ reducer: {} }); }\nexport default function viaLocal() { const s = configureStore({ reducer: {} }); return s; }\nconst make2 = () => configureStore({ reducer: {} });\nexport { make2 as makeOther };\nexport const store = createShopStore();\nexport const own = makeStore();\n",
        );
        assert_eq!(f.factories.len(), 3);
        assert_eq!(f.factories[0].exported, vec!["makeStore".to_string()]);
        assert_eq!(f.factories[1].exported, vec!["default".to_string()]);
        assert_eq!(f.factories[2].exported, vec!["makeOther".to_string()]);
        assert_eq!(f.imported_calls.len(), 1);
        assert_eq!(f.imported_calls[0].source, "./store");
        assert_eq!(f.imported_calls[0].name.as_deref(), Some("store"));
        assert_eq!(f.creations.len(), 3 + 1, "three inside the factories, one by calling makeStore");
        assert_eq!(f.creations[3].name.as_deref(), Some("own"));
        assert_eq!(f.creations[3].scope, Scope::Module);
    }
}
