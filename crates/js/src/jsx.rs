//! JSX and runtime facts of one module, for the resilience and client-state
//! rules: the components it defines (and which are error boundaries), the
//! remote components it loads lazily, every JSX element with the elements
//! above it inside the same component (so "rendered inside an
//! `ErrorBoundary`" is known, and the rules can follow a component into the
//! files that render it), what the module exports, the Module Federation
//! runtime plugins it builds (`RetryPlugin` options, `errorLoadRemote`
//! hooks), and the client stores whose actions fetch server data and keep it.
//!
//! Names are resolved through the module's import bindings
//! ([`crate::state::Bindings`]); a name defined in another file is left for
//! the rules to follow through the app's resolved imports.

use crate::state::{At, Bindings, is_pascal, string_of};
use oxc_ast::ast::*;
use oxc_ast_visit::{Visit, walk};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

/// Where a JSX element (or a slot) sits.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Container {
    /// In a component's body (a PascalCase function, the callback of
    /// `memo`/`forwardRef`, a class component's methods; `default` for an
    /// anonymous default export).
    Component(String),
    /// In the arguments of a root render: `createRoot(el).render(…)`,
    /// `ReactDOM.render(…)`, `hydrateRoot(el, …)`.
    Render,
    /// In another named function (a helper, a hook) outside any component.
    Function(String),
    /// At module scope, outside any function and render call (route tables…).
    Module,
}

/// A [`Container`] borrowed from the walk's state.
enum ContainerRef<'s> {
    Component(&'s str),
    Render,
    Function(&'s str),
    Module,
}

impl ContainerRef<'_> {
    fn is(&self, c: &Container) -> bool {
        match (self, c) {
            (ContainerRef::Component(a), Container::Component(b))
            | (ContainerRef::Function(a), Container::Function(b)) => *a == b,
            (ContainerRef::Render, Container::Render) | (ContainerRef::Module, Container::Module) => true,
            _ => false,
        }
    }
}

/// A component the module defines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Component {
    pub name: String,
    pub line: u32,
    pub column: u32,
    pub class: bool,
    /// A class with `componentDidCatch` or `static getDerivedStateFromError`.
    pub error_boundary: bool,
}

/// `const X = lazy(() => import('remote/X'))` (or `React.lazy`, `loadRemote`
/// inside, `@loadable/component`, `next/dynamic`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lazy {
    /// The binding (`X`).
    pub name: String,
    /// The request it loads (`remote/X`).
    pub request: String,
    /// `import()` or `loadRemote`.
    pub via: &'static str,
    pub line: u32,
    pub column: u32,
}

/// An attribute of a JSX element: its name and, when the value is a plain
/// identifier (`store={store}`), that identifier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attr {
    pub name: String,
    pub ident: Option<String>,
}

/// A JSX element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Element {
    /// As written: `ErrorBoundary`, `Ctx.Provider`, `div`.
    pub name: String,
    pub line: u32,
    pub column: u32,
    pub container: Container,
    /// The elements above it in the same container, outermost first
    /// (fragments left out; for an element in an attribute value, the
    /// elements above the attribute's owner).
    pub ancestors: Vec<String>,
    /// The binding or helper function inside the component that holds this
    /// JSX (`const content = <X/>`, `const renderX = () => <X/>`): the tree is
    /// placed wherever the component puts that name (see [`Slot`]).
    pub held: Option<String>,
    pub attrs: Vec<Attr>,
}

/// A name placed in JSX (`{children}`, `{props.children}` → `children`,
/// `{content}`, `{renderX()}`), or returned by a component (`return content`).
/// Only `children` and the names that hold JSX of the module are kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slot {
    pub name: String,
    pub container: Container,
    pub ancestors: Vec<String>,
    pub held: Option<String>,
}

/// What a name the module exports is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportTarget {
    /// A local binding (`export const X`, `export { a as b }`, `export default X`).
    Local(String),
    /// Re-exported: (source, imported name; `*` for `export * from`).
    From(String, String),
    /// An expression that is not a binding.
    Other,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Export {
    /// The exported name (`default`, `*` for `export * from`).
    pub exported: String,
    pub target: ExportTarget,
    /// Wrapped in an error boundary: `export default withErrorBoundary(X, …)`.
    pub boundary: bool,
}

/// `const A = hoc(B, …)` / `hoc(…)(B)`: rendering `A` renders `B`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wrapper {
    pub name: String,
    pub inner: String,
    /// The wrapper is an error boundary (`withErrorBoundary`).
    pub boundary: bool,
}

/// A `RetryPlugin(…)` call of `@module-federation/retry-plugin`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Retry {
    pub line: u32,
    pub column: u32,
    /// Every option that matters here could be read (a literal, or a module-scope const).
    pub known: bool,
    /// ≥0.19: `domains` (remote entry rotation), as written; `None` when absent.
    pub domains: Option<Vec<String>>,
    /// ≥0.19: `manifestDomains` (manifest fetch rotation); `None` when absent.
    pub manifest_domains: Option<Vec<String>>,
    /// ≤0.18 shape: a `fetch` or `script` option.
    pub legacy: bool,
    /// ≤0.18: `fetch: { … }` (manifest retries).
    pub legacy_fetch: bool,
    /// ≤0.18: `fetch.fallback` (the URL to try next: another domain).
    pub legacy_fallback: bool,
}

/// A runtime plugin hook the module defines (`errorLoadRemote`, `loadEntryError`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hook {
    pub name: String,
    pub line: u32,
    pub column: u32,
}

/// A client store whose action fetches server data and keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerStore {
    /// `a Zustand store`, `a Redux slice`, `a MobX store`.
    pub kind: &'static str,
    /// Its binding, when it has one.
    pub name: Option<String>,
    /// The action (property, method or thunk) that fetches.
    pub action: String,
    /// What fetches: `fetch`, `axios.get`, `api.getProducts`.
    pub fetch: String,
    /// Where the fetched data is kept (the `set(…)` call, the assignment, the `fulfilled` case).
    pub line: u32,
    pub column: u32,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JsxFacts {
    pub components: Vec<Component>,
    pub lazies: Vec<Lazy>,
    /// The component elements (`<Cart/>`, `<Ctx.Provider>`); host elements (`<div>`) are left out.
    pub elements: Vec<Element>,
    pub slots: Vec<Slot>,
    pub exports: Vec<Export>,
    pub wrappers: Vec<Wrapper>,
    pub retries: Vec<Retry>,
    pub hooks: Vec<Hook>,
    /// Places that register runtime plugins (`registerPlugins`, `init({ plugins })`, `createInstance({ plugins })`).
    pub registrations: Vec<(u32, u32)>,
    pub server_stores: Vec<ServerStore>,
}

impl JsxFacts {
    /// The component of that name.
    pub fn component(&self, name: &str) -> Option<&Component> {
        self.components.iter().find(|c| c.name == name)
    }
}

/// The JSX and runtime facts of a parsed module.
pub fn collect(program: &Program<'_>, at: At, bindings: &Bindings) -> JsxFacts {
    let mut consts: HashMap<&str, &Expression<'_>> = HashMap::default();
    for s in &program.body {
        let decl = match s {
            Statement::VariableDeclaration(d) => Some(&**d),
            Statement::ExportDeclaration(e) => match &e.declaration {
                Declaration::VariableDeclaration(d) => Some(&**d),
                _ => None,
            },
            _ => None,
        };
        for x in decl.into_iter().flat_map(|d| d.declarations.iter()) {
            if let (BindingPattern::BindingIdentifier(id), Some(init)) = (&x.id, &x.init) {
                consts.insert(id.name.as_str(), init);
            }
        }
    }
    let mut c = Collector {
        at,
        b: bindings,
        consts: &consts,
        facts: JsxFacts::default(),
        frames: Vec::new(),
        stack: Vec::new(),
        held: Vec::new(),
        renders: Vec::new(),
        pending: None,
        thunks: HashMap::default(),
        slices: Vec::new(),
        placed: Vec::new(),
        places: Vec::new(),
    };
    c.visit_program(program);
    c.exports(program);
    // a slot is read where JSX held in that name is placed, or for `children` (a component
    // that puts its children in a boundary): the other names placed in JSX are dropped
    let held: HashSet<&str> = (c.facts.elements.iter().filter_map(|e| e.held.as_deref()))
        .chain(c.places.iter().filter_map(|p| p.2.as_deref()))
        .collect();
    let slots = (c.placed.iter().filter(|(n, _)| *n == "children" || held.contains(n)))
        .map(|&(name, at)| {
            let (container, ancestors, held) = &c.places[at as usize];
            Slot {
                name: name.to_string(),
                container: container.clone(),
                ancestors: ancestors.clone(),
                held: held.clone(),
            }
        })
        .collect();
    c.facts.slots = slots;
    // RTK: a slice whose reducers keep what a fetching thunk returns
    let thunks = std::mem::take(&mut c.thunks);
    for (slice, refs) in std::mem::take(&mut c.slices) {
        if let Some((thunk, fetch, line, column)) =
            refs.iter().find_map(|(t, line, col)| thunks.get(t).map(|f| (t.clone(), f.clone(), *line, *col)))
        {
            c.facts.server_stores.push(ServerStore {
                kind: "a Redux slice",
                name: slice,
                action: thunk,
                fetch,
                line,
                column,
            });
        }
    }
    c.facts
}

/// A `thunk.fulfilled` reference in a slice's options: (thunk, line, column).
type Fulfilled = (String, u32, u32);

/// A name met during the walk: borrowed from the source (a computed key is owned).
type Name<'a> = std::borrow::Cow<'a, str>;

#[derive(Clone, Debug)]
enum Frame<'a> {
    Component(Name<'a>),
    Named(Name<'a>),
    Anon,
}

struct Collector<'l, 'b, 'p, 'a> {
    at: At<'l>,
    b: &'b Bindings,
    consts: &'b HashMap<&'p str, &'p Expression<'a>>,
    facts: JsxFacts,
    frames: Vec<Frame<'a>>,
    /// JSX elements open around the current node in the current component.
    stack: Vec<String>,
    /// (frames.len() when entered, name): bindings and helpers that hold JSX.
    held: Vec<(usize, Name<'a>)>,
    /// frames.len() at each open root render call.
    renders: Vec<usize>,
    /// The name the next function, class or call result is bound to.
    pending: Option<Name<'a>>,
    /// Thunks (`createAsyncThunk`) whose payload creator fetches: name → what fetches.
    thunks: HashMap<String, String>,
    /// Slices: (binding, the `X.fulfilled` references in its options with their places).
    slices: Vec<(Option<String>, Vec<Fulfilled>)>,
    /// Names placed in JSX, with their place in `places`; only those read are kept as slots.
    placed: Vec<(&'a str, u32)>,
    /// Where names were placed: (container, ancestors, held name).
    places: Vec<(Container, Vec<String>, Option<String>)>,
}

/// `Foo`, `Foo.Bar`, `div`.
pub fn element_name(n: &JSXElementName<'_>) -> String {
    fn member(m: &JSXMemberExpression<'_>) -> String {
        let obj = match &m.object {
            JSXMemberExpressionObject::IdentifierReference(i) => i.name.to_string(),
            JSXMemberExpressionObject::MemberExpression(x) => member(x),
            JSXMemberExpressionObject::ThisExpression(_) => "this".into(),
        };
        format!("{obj}.{}", m.property.name)
    }
    match n {
        JSXElementName::Identifier(i) => i.name.to_string(),
        JSXElementName::IdentifierReference(i) => i.name.to_string(),
        JSXElementName::NamespacedName(x) => format!("{}:{}", x.namespace.name, x.name.name),
        JSXElementName::MemberExpression(m) => member(m),
        JSXElementName::ThisExpression(_) => "this".into(),
    }
}

fn key_name<'a>(k: &PropertyKey<'a>) -> Option<Name<'a>> {
    k.static_name()
}

/// The names an expression placed in JSX refers to: identifiers,
/// `x.children` as `children`, the callee of `renderX()` / `this.renderX()`;
/// through conditionals, logical operators, arrays and expression-bodied arrows.
fn slot_names<'a>(e: &Expression<'a>, out: &mut Vec<&'a str>) {
    match e.without_parentheses() {
        Expression::Identifier(i) => out.push(i.name.as_str()),
        Expression::StaticMemberExpression(m) => out.push(m.property.name.as_str()),
        Expression::ConditionalExpression(c) => {
            slot_names(&c.consequent, out);
            slot_names(&c.alternate, out);
        }
        Expression::LogicalExpression(l) => {
            slot_names(&l.left, out);
            slot_names(&l.right, out);
        }
        Expression::ArrayExpression(a) => {
            for el in &a.elements {
                if let Some(x) = el.as_expression() {
                    slot_names(x, out);
                }
            }
        }
        Expression::CallExpression(c) => {
            match c.callee.without_parentheses() {
                Expression::Identifier(i) => out.push(i.name.as_str()),
                Expression::StaticMemberExpression(m) => {
                    // items.map(renderItem): the callback; this.renderX(): the method
                    if matches!(m.object.without_parentheses(), Expression::ThisExpression(_)) {
                        out.push(m.property.name.as_str());
                    }
                }
                _ => {}
            }
            for a in &c.arguments {
                if let Some(x) = a.as_expression() {
                    slot_names(x, out);
                }
            }
        }
        Expression::ArrowFunctionExpression(f) => {
            if let Some(e) = f.body.as_expression() {
                slot_names(e, out);
            }
        }
        _ => {}
    }
}

impl<'b, 'p, 'a> Collector<'_, 'b, 'p, 'a> {
    fn pos(&self, offset: u32) -> (u32, u32) {
        (self.at)(offset)
    }

    fn component_index(&self) -> Option<usize> {
        self.frames.iter().rposition(|f| matches!(f, Frame::Component(_)))
    }

    fn container(&self) -> Container {
        match self.container_ref() {
            ContainerRef::Render => Container::Render,
            ContainerRef::Component(n) => Container::Component(n.to_string()),
            ContainerRef::Function(n) => Container::Function(n.to_string()),
            ContainerRef::Module => Container::Module,
        }
    }

    /// [`Self::container`], borrowed.
    fn container_ref(&self) -> ContainerRef<'_> {
        let comp = self.component_index();
        if let Some(&r) = self.renders.last()
            && comp.is_none_or(|c| c < r)
        {
            return ContainerRef::Render;
        }
        if let Some(c) = comp
            && let Frame::Component(n) = &self.frames[c]
        {
            return ContainerRef::Component(n);
        }
        match self.frames.iter().rev().find_map(|f| match f {
            Frame::Named(n) => Some(n),
            _ => None,
        }) {
            Some(n) => ContainerRef::Function(n),
            None => ContainerRef::Module,
        }
    }

    fn held_name(&self) -> Option<String> {
        self.held_ref().map(str::to_string)
    }

    /// [`Self::held_name`], borrowed.
    fn held_ref(&self) -> Option<&str> {
        let c = self.component_index()?;
        if self.renders.last().is_some_and(|&r| c < r) {
            return None;
        }
        self.held.iter().find(|(d, _)| *d > c).map(|(_, n)| &**n)
    }

    fn slot(&mut self, e: &Expression<'a>) {
        let mut names = Vec::new();
        slot_names(e, &mut names);
        if names.is_empty() {
            return;
        }
        // (names placed one after another mostly share their place: one copy of it)
        let here = |(container, stack, held): &(Container, Vec<String>, Option<String>)| {
            *stack == self.stack && held.as_deref() == self.held_ref() && self.container_ref().is(container)
        };
        let at = match self.places.last() {
            Some(last) if here(last) => self.places.len() - 1,
            _ => {
                self.places.push((self.container(), self.stack.clone(), self.held_name()));
                self.places.len() - 1
            }
        };
        self.placed.extend(names.into_iter().map(|n| (n, at as u32)));
    }

    /// Enters a function or class body with a frame; a component starts a new element stack.
    fn enter(&mut self, name: Option<Name<'a>>, start: u32, class: Option<bool>) -> (Option<Vec<String>>, bool) {
        let frame = match &name {
            Some(n) if is_pascal(n) || n == "default" => Frame::Component(n.clone()),
            Some(n) => Frame::Named(n.clone()),
            None => Frame::Anon,
        };
        let mut pushed_held = false;
        if let Frame::Named(n) = &frame {
            self.held.push((self.frames.len(), n.clone()));
            pushed_held = true;
        }
        let saved = if let Frame::Component(n) = &frame {
            let (line, column) = self.pos(start);
            if !self.facts.components.iter().any(|c| c.name == *n) {
                self.facts.components.push(Component {
                    name: n.to_string(),
                    line,
                    column,
                    class: class.is_some(),
                    error_boundary: class.unwrap_or(false),
                });
            }
            Some(std::mem::take(&mut self.stack))
        } else {
            None
        };
        self.frames.push(frame);
        (saved, pushed_held)
    }

    fn leave(&mut self, (saved, pushed_held): (Option<Vec<String>>, bool)) {
        self.frames.pop();
        if let Some(s) = saved {
            self.stack = s;
        }
        if pushed_held {
            self.held.pop();
        }
    }

    /// What a call's callee names through the imports (`("react", "lazy")`).
    fn callee<'s>(&self, e: &'s Expression<'_>) -> Option<(&'s str, &'s str)>
    where
        'b: 's,
    {
        self.b.callee(e)
    }

    fn is_lazy(&self, src: &str, name: &str) -> bool {
        matches!(
            (src, name),
            ("react", "lazy")
                | ("@loadable/component", "default")
                | ("next/dynamic", "default")
                | ("react-loadable", "default")
        )
    }

    fn lazy(&mut self, it: &CallExpression<'_>) {
        let Some(name) = self.pending.clone() else { return };
        struct Find(Option<(String, &'static str)>);
        impl<'x> Visit<'x> for Find {
            fn visit_import_expression(&mut self, it: &ImportExpression<'x>) {
                if self.0.is_none()
                    && let Some(s) = string_of(&it.source)
                {
                    self.0 = Some((s, "import()"));
                }
            }
            fn visit_call_expression(&mut self, it: &CallExpression<'x>) {
                let is_load = match it.callee.without_parentheses() {
                    Expression::Identifier(i) => i.name == "loadRemote",
                    Expression::StaticMemberExpression(m) => m.property.name == "loadRemote",
                    _ => false,
                };
                if is_load
                    && self.0.is_none()
                    && let Some(s) = it.arguments.first().and_then(Argument::as_expression).and_then(string_of)
                {
                    self.0 = Some((s, "loadRemote"));
                }
                walk::walk_call_expression(self, it);
            }
        }
        let mut f = Find(None);
        if let Some(a) = it.arguments.first() {
            f.visit_argument(a);
        }
        if let Some((request, via)) = f.0 {
            let (line, column) = self.pos(it.span.start);
            self.facts.lazies.push(Lazy { name: name.to_string(), request, via, line, column });
        }
    }

    /// A module-scope const's initialiser, through an identifier.
    fn resolve<'e>(&self, e: &'e Expression<'a>) -> Option<&'e Expression<'a>>
    where
        'p: 'e,
    {
        match e.without_parentheses() {
            Expression::Identifier(i) => self.consts.get(i.name.as_str()).copied(),
            other => Some(other),
        }
    }

    fn string_list(&self, e: &Expression<'a>) -> Option<Vec<String>> {
        let Expression::ArrayExpression(a) = self.resolve(e)?.without_parentheses() else { return None };
        a.elements.iter().map(|el| el.as_expression().and_then(|x| self.resolve(x)).and_then(string_of)).collect()
    }

    fn retry(&mut self, it: &CallExpression<'a>) {
        let (line, column) = self.pos(it.span.start);
        let mut r = Retry { line, column, known: true, ..Default::default() };
        match it.arguments.first() {
            None => {}
            Some(a) => match a.as_expression().and_then(|e| self.resolve(e)).map(|e| e.without_parentheses()) {
                Some(Expression::ObjectExpression(o)) => {
                    for p in &o.properties {
                        let ObjectPropertyKind::ObjectProperty(p) = p else {
                            r.known = false;
                            continue;
                        };
                        match key_name(&p.key).as_deref() {
                            Some("domains") => {
                                r.domains = self.string_list(&p.value);
                                r.known &= r.domains.is_some();
                            }
                            Some("manifestDomains") => {
                                r.manifest_domains = self.string_list(&p.value);
                                r.known &= r.manifest_domains.is_some();
                            }
                            Some("fetch") => {
                                r.legacy = true;
                                r.legacy_fetch = true;
                                match self.resolve(&p.value).map(|e| e.without_parentheses()) {
                                    Some(Expression::ObjectExpression(f)) => {
                                        r.legacy_fallback = f.properties.iter().any(|q| match q {
                                            ObjectPropertyKind::ObjectProperty(q) => {
                                                key_name(&q.key).is_some_and(|k| k == "fallback")
                                            }
                                            ObjectPropertyKind::SpreadProperty(_) => false,
                                        });
                                        if f.properties
                                            .iter()
                                            .any(|q| matches!(q, ObjectPropertyKind::SpreadProperty(_)))
                                        {
                                            r.known = false;
                                        }
                                    }
                                    _ => r.known = false,
                                }
                            }
                            Some("script") => r.legacy = true,
                            Some(_) => {}
                            None => r.known = false,
                        }
                    }
                }
                _ => r.known = false,
            },
        }
        self.facts.retries.push(r);
    }

    fn hook(&mut self, key: &PropertyKey<'_>, start: u32) {
        if let Some(k) = key_name(key)
            && matches!(&*k, "errorLoadRemote" | "loadEntryError")
        {
            let (line, column) = self.pos(start);
            self.facts.hooks.push(Hook { name: k.to_string(), line, column });
        }
    }

    /// The module's exports.
    fn exports(&mut self, program: &Program<'_>) {
        let b = self.b;
        let wrapped = |e: &Expression<'_>| -> Option<(String, bool)> {
            // hoc(X, …) or hoc(…)(X): (X, whether hoc is an error boundary)
            let Expression::CallExpression(c) = e.without_parentheses() else { return None };
            let Some(Expression::Identifier(x)) = c.arguments.first().and_then(Argument::as_expression) else {
                return None;
            };
            let hoc = match c.callee.without_parentheses() {
                Expression::CallExpression(inner) => b.callee(&inner.callee),
                other => b.callee(other),
            };
            let boundary = hoc.is_some_and(|(_, n)| n.contains("ErrorBoundary"));
            Some((x.name.to_string(), boundary))
        };
        for s in &program.body {
            match s {
                Statement::ExportDeclaration(e) => {
                    let names: Vec<String> = match &e.declaration {
                        Declaration::VariableDeclaration(d) => d
                            .declarations
                            .iter()
                            .flat_map(|x| x.id.get_binding_identifiers())
                            .map(|id| id.name.to_string())
                            .collect(),
                        Declaration::FunctionDeclaration(f) => f.id.iter().map(|id| id.name.to_string()).collect(),
                        Declaration::ClassDeclaration(c) => c.id.iter().map(|id| id.name.to_string()).collect(),
                        _ => Vec::new(),
                    };
                    for n in names {
                        self.facts.exports.push(Export {
                            exported: n.clone(),
                            target: ExportTarget::Local(n),
                            boundary: false,
                        });
                    }
                }
                Statement::ExportNamedDeclaration(e) => {
                    for sp in &e.specifiers {
                        self.facts.exports.push(Export {
                            exported: sp.exported.name().to_string(),
                            target: ExportTarget::Local(sp.local.name().to_string()),
                            boundary: false,
                        });
                    }
                }
                Statement::ExportFromDeclaration(e) => {
                    for sp in &e.specifiers {
                        self.facts.exports.push(Export {
                            exported: sp.exported.name().to_string(),
                            target: ExportTarget::From(e.source.value.to_string(), sp.local.name().to_string()),
                            boundary: false,
                        });
                    }
                }
                Statement::ExportAllDeclaration(e) => {
                    let exported = e.exported.as_ref().map_or_else(|| "*".to_string(), |x| x.name().to_string());
                    self.facts.exports.push(Export {
                        exported,
                        target: ExportTarget::From(e.source.value.to_string(), "*".into()),
                        boundary: false,
                    });
                }
                Statement::ExportDefaultDeclaration(e) => {
                    let (target, boundary) = match &e.declaration {
                        ExportDefaultDeclarationKind::FunctionDeclaration(f) => (
                            ExportTarget::Local(f.id.as_ref().map_or_else(|| "default".into(), |i| i.name.to_string())),
                            false,
                        ),
                        ExportDefaultDeclarationKind::ClassDeclaration(c) => (
                            ExportTarget::Local(c.id.as_ref().map_or_else(|| "default".into(), |i| i.name.to_string())),
                            false,
                        ),
                        ExportDefaultDeclarationKind::Identifier(i) => (ExportTarget::Local(i.name.to_string()), false),
                        ExportDefaultDeclarationKind::ArrowFunctionExpression(_)
                        | ExportDefaultDeclarationKind::FunctionExpression(_) => {
                            (ExportTarget::Local("default".into()), false)
                        }
                        other => match other.as_expression().and_then(wrapped) {
                            Some((x, boundary)) => (ExportTarget::Local(x), boundary),
                            None => (ExportTarget::Other, false),
                        },
                    };
                    self.facts.exports.push(Export { exported: "default".into(), target, boundary });
                }
                _ => {}
            }
        }
    }
}

impl<'a> Visit<'a> for Collector<'_, '_, '_, 'a> {
    skip_types!();

    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'a>) {
        let name = match &it.id {
            BindingPattern::BindingIdentifier(id) => Some(Name::Borrowed(id.name.as_str())),
            _ => None,
        };
        let saved = std::mem::replace(&mut self.pending, name.clone());
        if let Some(n) = &name {
            self.held.push((self.frames.len(), n.clone()));
        }
        walk::walk_variable_declarator(self, it);
        if name.is_some() {
            self.held.pop();
        }
        self.pending = saved;
    }

    fn visit_export_default_declaration(&mut self, it: &ExportDefaultDeclaration<'a>) {
        let saved = self.pending.replace("default".into());
        walk::walk_export_default_declaration(self, it);
        self.pending = saved;
    }

    fn visit_function(&mut self, it: &Function<'a>, flags: oxc_syntax::scope::ScopeFlags) {
        let name = it.id.as_ref().map(|i| Name::Borrowed(i.name.as_str())).or_else(|| self.pending.take());
        let saved_pending = self.pending.take();
        let state = self.enter(name, it.span.start, None);
        walk::walk_function(self, it, flags);
        self.leave(state);
        self.pending = saved_pending;
    }

    fn visit_arrow_function_expression(&mut self, it: &ArrowFunctionExpression<'a>) {
        let name = self.pending.take();
        let state = self.enter(name.clone(), it.span.start, None);
        walk::walk_arrow_function_expression(self, it);
        self.leave(state);
        self.pending = name;
    }

    fn visit_class(&mut self, it: &Class<'a>) {
        let name = it.id.as_ref().map(|i| Name::Borrowed(i.name.as_str())).or_else(|| self.pending.take());
        let saved_pending = self.pending.take();
        let boundary = it.body.body.iter().any(|e| match e {
            ClassElement::MethodDefinition(m) => key_name(&m.key)
                .is_some_and(|k| k == "componentDidCatch" || (k == "getDerivedStateFromError" && m.r#static)),
            ClassElement::PropertyDefinition(p) => key_name(&p.key)
                .is_some_and(|k| k == "componentDidCatch" || (k == "getDerivedStateFromError" && p.r#static)),
            _ => false,
        });
        // plugin classes: `class P { errorLoadRemote() {} }`
        for e in &it.body.body {
            match e {
                ClassElement::MethodDefinition(m) => self.hook(&m.key, m.span.start),
                ClassElement::PropertyDefinition(p) => self.hook(&p.key, p.span.start),
                _ => {}
            }
        }
        let name = name.or_else(|| it.heritage.is_some().then_some(Name::Borrowed("default")));
        mobx_store(self, it, name.as_deref());
        // a class component's methods belong to it; a method other than render holds its JSX
        let state = self.enter(name, it.span.start, Some(boundary));
        walk::walk_class(self, it);
        self.leave(state);
        self.pending = saved_pending;
    }

    fn visit_method_definition(&mut self, it: &MethodDefinition<'a>) {
        let key = key_name(&it.key).filter(|k| k != "render" && !is_pascal(k));
        let saved = std::mem::replace(&mut self.pending, key);
        walk::walk_method_definition(self, it);
        self.pending = saved;
    }

    fn visit_property_definition(&mut self, it: &PropertyDefinition<'a>) {
        let key = key_name(&it.key).filter(|k| !is_pascal(k));
        let saved = std::mem::replace(&mut self.pending, key);
        walk::walk_property_definition(self, it);
        self.pending = saved;
    }

    fn visit_object_property(&mut self, it: &ObjectProperty<'a>) {
        self.hook(&it.key, it.span.start);
        let saved = self.pending.take();
        walk::walk_object_property(self, it);
        self.pending = saved;
    }

    fn visit_return_statement(&mut self, it: &ReturnStatement<'a>) {
        if let Some(arg) = &it.argument
            && self.component_index().is_some()
        {
            self.slot(arg);
        }
        walk::walk_return_statement(self, it);
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        let callee = self.callee(&it.callee);
        let name = callee.map(|(_, n)| n).unwrap_or("");
        let src = callee.map(|(s, _)| s).unwrap_or("");
        if callee.as_ref().is_some_and(|(s, n)| self.is_lazy(s, n)) {
            self.lazy(it);
        }
        if name == "RetryPlugin" && (src.starts_with("@module-federation/retry-plugin") || src.is_empty()) {
            self.retry(it);
        }
        // `plugin.RetryPlugin(…)` of a default import
        if let Expression::StaticMemberExpression(m) = it.callee.without_parentheses()
            && m.property.name == "RetryPlugin"
            && !matches!(callee, Some((s, _)) if s.starts_with("@module-federation/retry-plugin"))
        {
            self.retry(it);
        }
        let registers = match name {
            "registerPlugins" | "registerGlobalPlugins" => true,
            "init" | "createInstance" => it.arguments.first().is_some_and(|a| match a {
                Argument::ObjectExpression(o) => o.properties.iter().any(|p| match p {
                    ObjectPropertyKind::ObjectProperty(p) => key_name(&p.key).is_some_and(|k| k == "plugins"),
                    _ => false,
                }),
                _ => false,
            }),
            _ => false,
        } || matches!(it.callee.without_parentheses(), Expression::StaticMemberExpression(m) if m.property.name == "registerPlugins");
        if registers {
            let p = self.pos(it.span.start);
            self.facts.registrations.push(p);
        }
        // const A = hoc(B, …) / hoc(…)(B)
        if let Some(a) = self.pending.clone().filter(|a| a != "default")
            && let Some(Expression::Identifier(inner)) = it.arguments.first().and_then(Argument::as_expression)
            && is_pascal(&inner.name)
        {
            let hoc = match it.callee.without_parentheses() {
                Expression::CallExpression(c) => self.callee(&c.callee),
                _ => callee,
            };
            let boundary = hoc.as_ref().is_some_and(|(_, n)| n.contains("ErrorBoundary"));
            self.facts.wrappers.push(Wrapper { name: a.to_string(), inner: inner.name.to_string(), boundary });
        }
        // Zustand stores whose actions fetch
        if is_zustand_create(self.b, it, callee) {
            zustand_store(self, it);
        }
        if matches!(src, "@reduxjs/toolkit")
            && name == "createAsyncThunk"
            && let Some(thunk) = self.pending.clone()
        {
            let empty = HashSet::default();
            let mut m = Mentions::new(self.b, &empty);
            for a in it.arguments.iter().skip(1).take(1) {
                m.visit_argument(a);
            }
            if let Some(f) = m.fetch {
                self.thunks.insert(thunk.to_string(), f);
            }
        }
        if matches!(src, "@reduxjs/toolkit") && name == "createSlice" {
            struct FulfilledRefs<'l>(Vec<Fulfilled>, At<'l>);
            impl<'x> Visit<'x> for FulfilledRefs<'_> {
                fn visit_static_member_expression(&mut self, it: &StaticMemberExpression<'x>) {
                    if it.property.name == "fulfilled"
                        && let Expression::Identifier(i) = it.object.without_parentheses()
                    {
                        let (l, c) = (self.1)(it.span.start);
                        self.0.push((i.name.to_string(), l, c));
                    }
                    walk::walk_static_member_expression(self, it);
                }
                fn visit_object_property(&mut self, it: &ObjectProperty<'x>) {
                    // `[thunk.fulfilled]: (state, action) => …`
                    if it.computed
                        && let PropertyKey::StaticMemberExpression(m) = &it.key
                        && m.property.name == "fulfilled"
                        && let Expression::Identifier(i) = m.object.without_parentheses()
                    {
                        let (l, c) = (self.1)(m.span.start);
                        self.0.push((i.name.to_string(), l, c));
                    }
                    walk::walk_object_property(self, it);
                }
            }
            let mut f = FulfilledRefs(Vec::new(), self.at);
            for a in &it.arguments {
                f.visit_argument(a);
            }
            if !f.0.is_empty() {
                self.slices.push((self.pending.as_deref().map(str::to_string), f.0));
            }
        }
        // a root render: createRoot(el).render(<App/>), ReactDOM.render(<App/>, el), hydrateRoot(el, <App/>)
        let render = match it.callee.without_parentheses() {
            Expression::StaticMemberExpression(m) => {
                matches!(m.property.name.as_str(), "render" | "hydrate" | "hydrateRoot")
                    && !matches!(m.object.without_parentheses(), Expression::ThisExpression(_))
            }
            Expression::Identifier(_) => {
                matches!(name, "render" | "hydrate" | "hydrateRoot") && src.starts_with("react-dom")
            }
            _ => false,
        };
        // memo(…) / forwardRef(…) / observer(…): the callback is the component the binding names
        let keeps_name = matches!(name, "memo" | "forwardRef" | "observer");
        self.visit_expression(&it.callee);
        let saved = if keeps_name { self.pending.clone() } else { self.pending.take() };
        if render {
            self.renders.push(self.frames.len());
        }
        for a in &it.arguments {
            self.visit_argument(a);
        }
        if render {
            self.renders.pop();
        }
        self.pending = saved;
    }

    fn visit_new_expression(&mut self, it: &NewExpression<'a>) {
        let saved = self.pending.take();
        walk::walk_new_expression(self, it);
        self.pending = saved;
    }

    fn visit_jsx_element(&mut self, it: &JSXElement<'a>) {
        // a host element (`<div>`, `<svg:rect>`) is no component, provider or boundary: it is
        // not recorded, nor kept among the ancestors (which only ever name components)
        let host =
            matches!(&it.opening_element.name, JSXElementName::Identifier(_) | JSXElementName::NamespacedName(_));
        let name = (!host).then(|| element_name(&it.opening_element.name));
        if let Some(name) = &name {
            let (line, column) = self.pos(it.opening_element.span.start);
            let attrs = it
                .opening_element
                .attributes
                .iter()
                .filter_map(|a| match a {
                    JSXAttributeItem::Attribute(a) => {
                        let n = match &a.name {
                            JSXAttributeName::Identifier(i) => i.name.to_string(),
                            JSXAttributeName::NamespacedName(x) => format!("{}:{}", x.namespace.name, x.name.name),
                        };
                        let ident = match &a.value {
                            Some(JSXAttributeValue::ExpressionContainer(c)) => match c.expression.as_expression() {
                                Some(Expression::Identifier(i)) => Some(i.name.to_string()),
                                _ => None,
                            },
                            _ => None,
                        };
                        Some(Attr { name: n, ident })
                    }
                    JSXAttributeItem::SpreadAttribute(_) => None,
                })
                .collect();
            let container = self.container();
            let held = self.held_name();
            self.facts.elements.push(Element {
                name: name.clone(),
                line,
                column,
                container,
                ancestors: self.stack.clone(),
                held,
                attrs,
            });
        }
        let saved = self.pending.take();
        for a in &it.opening_element.attributes {
            match a {
                JSXAttributeItem::Attribute(attr) => {
                    // what a `children` attribute holds renders inside the element
                    let inside = name
                        .as_ref()
                        .filter(|_| matches!(&attr.name, JSXAttributeName::Identifier(i) if i.name == "children"));
                    if let Some(n) = inside {
                        self.stack.push(n.clone());
                    }
                    if let Some(v) = &attr.value {
                        self.visit_jsx_attribute_value(v);
                    }
                    if inside.is_some() {
                        self.stack.pop();
                    }
                }
                JSXAttributeItem::SpreadAttribute(s) => self.visit_expression(&s.argument),
            }
        }
        let pushed = name.is_some();
        if let Some(name) = name {
            self.stack.push(name);
        }
        self.visit_jsx_children(&it.children);
        if pushed {
            self.stack.pop();
        }
        self.pending = saved;
    }

    fn visit_jsx_expression_container(&mut self, it: &JSXExpressionContainer<'a>) {
        if let Some(e) = it.expression.as_expression() {
            self.slot(e);
        }
        walk::walk_jsx_expression_container(self, it);
    }
}

/// Whether a call creates a Zustand store (`create(…)`, `create<T>()(…)`, `createStore`, `createWithEqualityFn`).
/// (`callee`: the call's callee as resolved already)
fn is_zustand_create(b: &Bindings, it: &CallExpression<'_>, callee: Option<(&str, &str)>) -> bool {
    let callee = callee.or_else(|| match it.callee.without_parentheses() {
        Expression::CallExpression(inner) if inner.arguments.is_empty() => b.callee(&inner.callee),
        _ => None,
    });
    matches!(callee, Some((s, n)) if matches!(s, "zustand" | "zustand/vanilla" | "zustand/traditional")
        && matches!(n, "create" | "createStore" | "createWithEqualityFn"))
}

/// HTTP client packages: a call through their import fetches.
const HTTP_PACKAGES: &[&str] =
    &["axios", "ky", "ofetch", "redaxios", "superagent", "node-fetch", "cross-fetch", "isomorphic-fetch", "wretch"];

/// Whether a name reads as an API client (`api`, `cartApi`, `apiClient`, `httpClient`, `productService`).
fn api_like(name: &str) -> bool {
    let l = name.to_ascii_lowercase();
    if l.contains("query") {
        return false;
    }
    l.starts_with("api")
        || l.ends_with("api")
        || l.starts_with("http")
        || l.ends_with("service")
        || l.ends_with("client")
}

/// What a call fetches from the server, if it does: `fetch`, `axios.get`, `api.getProducts`.
fn fetchlike(b: &Bindings, c: &CallExpression<'_>) -> Option<String> {
    fn root<'e>(e: &'e Expression<'_>) -> Option<&'e str> {
        match e.without_parentheses() {
            Expression::Identifier(i) => Some(i.name.as_str()),
            Expression::StaticMemberExpression(m) => root(&m.object),
            Expression::CallExpression(c) => root(&c.callee),
            _ => None,
        }
    }
    match c.callee.without_parentheses() {
        Expression::Identifier(i) => {
            let name = i.name.as_str();
            match b.get(name) {
                None if name == "fetch" => Some("fetch".into()),
                Some((src, _)) if HTTP_PACKAGES.contains(&src) => Some(name.to_string()),
                _ => None,
            }
        }
        Expression::StaticMemberExpression(m) => {
            let prop = m.property.name.as_str();
            if matches!(prop, "then" | "catch" | "finally") {
                return None;
            }
            let r = root(&m.object)?;
            if matches!(r, "window" | "globalThis" | "self") {
                return (prop == "fetch").then(|| "fetch".into());
            }
            if let Some((src, _)) = b.get(r)
                && HTTP_PACKAGES.contains(&src)
            {
                return Some(format!("{r}.{prop}"));
            }
            api_like(r).then(|| format!("{r}.{prop}"))
        }
        _ => None,
    }
}

/// Whether an expression fetches, or refers to a tainted name.
struct Mentions<'b> {
    b: &'b Bindings,
    tainted: &'b HashSet<String>,
    fetch: Option<String>,
    tainted_ref: bool,
}

impl<'b> Mentions<'b> {
    fn new(b: &'b Bindings, tainted: &'b HashSet<String>) -> Mentions<'b> {
        Mentions { b, tainted, fetch: None, tainted_ref: false }
    }
}

impl<'x> Visit<'x> for Mentions<'_> {
    fn visit_call_expression(&mut self, it: &CallExpression<'x>) {
        if self.fetch.is_none() {
            self.fetch = fetchlike(self.b, it);
        }
        walk::walk_call_expression(self, it);
    }

    fn visit_identifier_reference(&mut self, it: &IdentifierReference<'x>) {
        if self.tainted.contains(it.name.as_str()) {
            self.tainted_ref = true;
        }
    }
}

/// Follows fetched data through one action: what it is bound to, and whether
/// it is kept (a setter call or, for MobX, an assignment to `this.x`).
struct Taint<'b> {
    b: &'b Bindings,
    setters: Vec<String>,
    mobx: bool,
    tainted: HashSet<String>,
    fetch: Option<String>,
    /// Where the fetched data is kept.
    kept: Option<u32>,
}

impl Taint<'_> {
    fn mentions(&self, e: &Expression<'_>) -> (Option<String>, bool) {
        let mut m = Mentions::new(self.b, &self.tainted);
        m.visit_expression(e);
        (m.fetch, m.tainted_ref)
    }
}

impl<'x> Visit<'x> for Taint<'_> {
    fn visit_variable_declarator(&mut self, it: &VariableDeclarator<'x>) {
        if let Some(init) = &it.init {
            let (fetch, tainted) = self.mentions(init);
            if fetch.is_some() || tainted {
                if self.fetch.is_none() {
                    self.fetch = fetch;
                }
                for id in it.id.get_binding_identifiers() {
                    self.tainted.insert(id.name.to_string());
                }
            }
        }
        walk::walk_variable_declarator(self, it);
    }

    fn visit_assignment_expression(&mut self, it: &AssignmentExpression<'x>) {
        let (fetch, tainted) = self.mentions(&it.right);
        if fetch.is_some() || tainted {
            if self.fetch.is_none() {
                self.fetch = fetch;
            }
            match &it.left {
                AssignmentTarget::AssignmentTargetIdentifier(i) => {
                    self.tainted.insert(i.name.to_string());
                }
                AssignmentTarget::StaticMemberExpression(m)
                    if self.mobx
                        && matches!(m.object.without_parentheses(), Expression::ThisExpression(_))
                        && self.kept.is_none()
                        && self.fetch.is_some() =>
                {
                    self.kept = Some(it.span.start);
                }
                _ => {}
            }
        }
        walk::walk_assignment_expression(self, it);
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'x>) {
        if self.fetch.is_none() {
            self.fetch = fetchlike(self.b, it);
        }
        if let Expression::StaticMemberExpression(m) = it.callee.without_parentheses()
            && m.property.name == "then"
        {
            let (fetch, tainted) = self.mentions(&m.object);
            if fetch.is_some() || tainted {
                if self.fetch.is_none() {
                    self.fetch = fetch;
                }
                let params = match it.arguments.first() {
                    Some(Argument::ArrowFunctionExpression(f)) => Some(&f.params),
                    Some(Argument::FunctionExpression(f)) => Some(&f.params),
                    _ => None,
                };
                for p in params.into_iter().flat_map(|p| p.items.iter()) {
                    for id in p.pattern.get_binding_identifiers() {
                        self.tainted.insert(id.name.to_string());
                    }
                }
            }
        }
        let setter = match it.callee.without_parentheses() {
            Expression::Identifier(i) => self.setters.iter().any(|s| s == i.name.as_str()),
            Expression::StaticMemberExpression(m) => m.property.name == "setState",
            _ => false,
        };
        if setter && self.kept.is_none() {
            for a in &it.arguments {
                if let Some(e) = a.as_expression() {
                    let (fetch, tainted) = self.mentions(e);
                    if fetch.is_some() || tainted {
                        if self.fetch.is_none() {
                            self.fetch = fetch;
                        }
                        self.kept = Some(it.span.start);
                    }
                }
            }
        }
        walk::walk_call_expression(self, it);
    }
}

/// A function's body.
enum Body<'e, 'a> {
    Block(&'e FunctionBody<'a>),
    Arrow(&'e ArrowFunctionBody<'a>),
}

/// The function that initialises a Zustand store: the first function among
/// the arguments, through middleware calls (`persist(fn, opts)`, `combine(init, fn)`).
fn initializer<'e, 'a>(args: &'e [Argument<'a>]) -> Option<(&'e FormalParameters<'a>, Body<'e, 'a>)> {
    for a in args {
        match a {
            Argument::ArrowFunctionExpression(f) if !f.params.items.is_empty() => {
                return Some((&f.params, Body::Arrow(&f.body)));
            }
            Argument::FunctionExpression(f) if !f.params.items.is_empty() => {
                return f.body.as_ref().map(|b| (&*f.params, Body::Block(b)));
            }
            Argument::CallExpression(c) => {
                if let Some(x) = initializer(&c.arguments) {
                    return Some(x);
                }
            }
            _ => {}
        }
    }
    None
}

/// A Zustand store whose action fetches and `set`s the result.
fn zustand_store(c: &mut Collector<'_, '_, '_, '_>, it: &CallExpression<'_>) {
    let Some((params, body)) = initializer(&it.arguments) else { return };
    let Some(BindingPattern::BindingIdentifier(set)) = params.items.first().map(|p| &p.pattern) else { return };
    // each action (a function-valued property of the returned object) on its own
    struct Actions<'b> {
        b: &'b Bindings,
        set: String,
        found: Option<(String, String, u32)>,
    }
    impl<'x> Visit<'x> for Actions<'_> {
        fn visit_object_property(&mut self, it: &ObjectProperty<'x>) {
            if self.found.is_some() {
                return;
            }
            let is_fn = matches!(
                it.value.without_parentheses(),
                Expression::ArrowFunctionExpression(_) | Expression::FunctionExpression(_)
            );
            if is_fn {
                let mut t = Taint {
                    b: self.b,
                    setters: vec![self.set.clone()],
                    mobx: false,
                    tainted: HashSet::default(),
                    fetch: None,
                    kept: None,
                };
                t.visit_expression(&it.value);
                if let (Some(f), Some(at)) = (t.fetch, t.kept) {
                    self.found = Some((key_name(&it.key).unwrap_or_default().to_string(), f, at));
                }
                return;
            }
            walk::walk_object_property(self, it);
        }
    }
    let mut a = Actions { b: c.b, set: set.name.to_string(), found: None };
    match body {
        Body::Block(b) => a.visit_function_body(b),
        Body::Arrow(b) => a.visit_arrow_function_body(b),
    }
    if let Some((action, fetch, at)) = a.found {
        let (line, column) = c.pos(at);
        c.facts.server_stores.push(ServerStore {
            kind: "a Zustand store",
            name: c.pending.as_deref().map(str::to_string),
            action,
            fetch,
            line,
            column,
        });
    }
}

/// A MobX store class (`makeAutoObservable(this)` / `makeObservable(this, …)`
/// in its constructor) whose method fetches and assigns the result to `this`.
fn mobx_store(c: &mut Collector<'_, '_, '_, '_>, it: &Class<'_>, class: Option<&str>) {
    let observable = it.body.body.iter().any(|e| match e {
        ClassElement::MethodDefinition(m) if m.kind == MethodDefinitionKind::Constructor => {
            m.value.body.as_ref().is_some_and(|b| {
                b.statements.iter().any(|s| match s {
                    Statement::ExpressionStatement(x) => match x.expression.without_parentheses() {
                        Expression::CallExpression(call) => c.b.callee(&call.callee).is_some_and(|(src, n)| {
                            src == "mobx" && matches!(n, "makeAutoObservable" | "makeObservable")
                        }),
                        _ => false,
                    },
                    _ => false,
                })
            })
        }
        _ => false,
    });
    if !observable {
        return;
    }
    for e in &it.body.body {
        let (key, value): (Option<String>, Option<&Expression<'_>>) = match e {
            ClassElement::MethodDefinition(m) if m.kind == MethodDefinitionKind::Method => {
                let mut t = Taint {
                    b: c.b,
                    setters: Vec::new(),
                    mobx: true,
                    tainted: HashSet::default(),
                    fetch: None,
                    kept: None,
                };
                if let Some(body) = &m.value.body {
                    t.visit_function_body(body);
                }
                if let (Some(f), Some(at)) = (t.fetch, t.kept) {
                    let (line, column) = c.pos(at);
                    c.facts.server_stores.push(ServerStore {
                        kind: "a MobX store",
                        name: class.map(str::to_string),
                        action: key_name(&m.key).unwrap_or_default().to_string(),
                        fetch: f,
                        line,
                        column,
                    });
                    return;
                }
                (None, None)
            }
            ClassElement::PropertyDefinition(p) => (key_name(&p.key).map(|k| k.to_string()), p.value.as_ref()),
            _ => (None, None),
        };
        if let (Some(key), Some(value)) = (key, value) {
            let mut t =
                Taint { b: c.b, setters: Vec::new(), mobx: true, tainted: HashSet::default(), fetch: None, kept: None };
            t.visit_expression(value);
            if let (Some(f), Some(at)) = (t.fetch, t.kept) {
                let (line, column) = c.pos(at);
                let name = class.map(str::to_string);
                c.facts.server_stores.push(ServerStore {
                    kind: "a MobX store",
                    name,
                    action: key,
                    fetch: f,
                    line,
                    column,
                });
                return;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The facts of a TSX module, through the module facts that hold them.
    fn facts(src: &str) -> JsxFacts {
        crate::facts::module_facts(std::path::Path::new("t.tsx"), src).unwrap_or_else(|e| panic!("{e:?}")).jsx
    }

    fn element<'f>(f: &'f JsxFacts, name: &str) -> &'f Element {
        f.elements.iter().find(|e| e.name == name).unwrap_or_else(|| panic!("no <{name}>"))
    }

    #[test]
    fn lazy_remotes_and_their_ancestors() {
        let f = facts(
            "import React, { lazy, Suspense } from 'react';\nimport { loadRemote } from '@module-federation/enhanced/runtime';\nexport const Cart = React.lazy(() => import('cart/Cart'));\nconst Recs = lazy(() => loadRemote('recs/Widget').then((m) => ({ default: m.Widget })));\nconst Local = lazy(() => import('./Local'));\nexport function Page() {\n  return (\n    <main>\n      <Suspense fallback={<Spinner />}>\n        <Cart />\n      </Suspense>\n      {[1].map((i) => <Recs key={i} />)}\n    </main>\n  );\n}\n",
        );
        let lazies: Vec<(&str, &str, &str)> =
            f.lazies.iter().map(|l| (l.name.as_str(), l.request.as_str(), l.via)).collect();
        assert_eq!(
            lazies,
            vec![
                ("Cart", "cart/Cart", "import()"),
                ("Recs", "recs/Widget", "loadRemote"),
                ("Local", "./Local", "import()")
            ]
        );
        let cart = element(&f, "Cart");
        assert_eq!(cart.container, Container::Component("Page".into()));
        // (host elements such as `<main>` are not ancestors: only components can guard)
        assert_eq!(cart.ancestors, vec!["Suspense".to_string()]);
        assert_eq!(cart.line, 10);
        assert!(element(&f, "Recs").ancestors.is_empty());
        // the fallback is not inside the Suspense it belongs to
        assert!(element(&f, "Spinner").ancestors.is_empty());
        assert_eq!(
            f.exports[0],
            Export { exported: "Cart".into(), target: ExportTarget::Local("Cart".into()), boundary: false }
        );
    }

    #[test]
    fn error_boundaries_classes_and_library() {
        let f = facts(
            "import { Component } from 'react';\nimport { ErrorBoundary, withErrorBoundary } from 'react-error-boundary';\nexport class Boundary extends Component {\n  static getDerivedStateFromError() { return { failed: true }; }\n  render() { return this.state.failed ? <p>down</p> : this.props.children; }\n}\nclass Logger extends Component { componentDidCatch(e) {} render() { return <div><Frame>{this.props.children}</Frame></div>; } }\nclass Plain extends Component { render() { return <b />; } }\nexport function Shell({ children }) {\n  return <ErrorBoundary fallback={<p />}>{children}</ErrorBoundary>;\n}\nconst Safe = withErrorBoundary(Widget, { fallback: null });\nexport default withErrorBoundary(App, {});\n",
        );
        let summary: Vec<(&str, bool, bool)> =
            f.components.iter().map(|c| (c.name.as_str(), c.class, c.error_boundary)).collect();
        assert_eq!(
            summary,
            vec![("Boundary", true, true), ("Logger", true, true), ("Plain", true, false), ("Shell", false, false)]
        );
        // Shell puts its children inside an ErrorBoundary: a boundary wrapper
        let slot = f.slots.iter().find(|s| s.name == "children" && s.container == Container::Component("Shell".into()));
        assert_eq!(slot.map(|s| s.ancestors.clone()), Some(vec!["ErrorBoundary".to_string()]));
        assert_eq!(f.wrappers, vec![Wrapper { name: "Safe".into(), inner: "Widget".into(), boundary: true }]);
        let default = f.exports.iter().find(|e| e.exported == "default").unwrap();
        assert_eq!(default.target, ExportTarget::Local("App".into()));
        assert!(default.boundary);
        // `<Frame>` in Logger's render belongs to Logger; host elements are not recorded
        assert_eq!(element(&f, "Frame").container, Container::Component("Logger".into()));
        assert!(f.elements.iter().all(|e| e.name != "div" && e.name != "p"));
    }

    /// The trap: the boundary sits in a parent file. This module renders the
    /// remote with no boundary above it *in this file*; the facts must say
    /// which component renders it and what that component exports, so the
    /// rule can follow `Page` into the file that renders it inside a boundary.
    #[test]
    fn boundary_in_a_parent_file_is_left_to_the_parent() {
        let page = facts(
            "import { lazy, Suspense } from 'react';\nconst Remote = lazy(() => import('remote/Widget'));\nexport default function Page() {\n  return <Suspense fallback={null}><Remote /></Suspense>;\n}\n",
        );
        let remote = element(&page, "Remote");
        assert_eq!(remote.ancestors, vec!["Suspense".to_string()]);
        assert_eq!(remote.container, Container::Component("Page".into()));
        assert_eq!(page.exports[0].target, ExportTarget::Local("Page".into()));
        let parent = facts(
            "import { createRoot } from 'react-dom/client';\nimport { ErrorBoundary } from 'react-error-boundary';\nimport Page from './Page';\nfunction App() {\n  return <ErrorBoundary fallback={<p />}><Page /></ErrorBoundary>;\n}\ncreateRoot(document.getElementById('root')).render(<App />);\n",
        );
        let p = element(&parent, "Page");
        assert_eq!(p.container, Container::Component("App".into()));
        assert_eq!(p.ancestors, vec!["ErrorBoundary".to_string()]);
        assert_eq!(element(&parent, "App").container, Container::Render);
    }

    #[test]
    fn held_jsx_and_slots() {
        let f = facts(
            "export function Page({ ok }) {\n  const content = <Remote />;\n  const renderOther = () => <Other />;\n  return <Boundary>{ok && content}{renderOther()}</Boundary>;\n}\nexport const mount = (el) => ReactDOM.render(<Page />, el);\nconst routes = [{ path: '/', element: <Page /> }];\n",
        );
        assert_eq!(element(&f, "Remote").held.as_deref(), Some("content"));
        assert_eq!(element(&f, "Other").held.as_deref(), Some("renderOther"));
        let slots: Vec<(&str, Vec<String>)> = f
            .slots
            .iter()
            .filter(|s| s.container == Container::Component("Page".into()))
            .map(|s| (s.name.as_str(), s.ancestors.clone()))
            .collect();
        assert!(slots.contains(&("content", vec!["Boundary".to_string()])));
        assert!(slots.contains(&("renderOther", vec!["Boundary".to_string()])));
        let pages: Vec<&Container> = f.elements.iter().filter(|e| e.name == "Page").map(|e| &e.container).collect();
        assert_eq!(pages, vec![&Container::Render, &Container::Module]);
    }

    #[test]
    fn runtime_plugins() {
        let f = facts(
            "import { RetryPlugin } from '@module-federation/retry-plugin';\nconst MANIFESTS = ['https://a.example', 'https://b.example'];\nexport const flat = RetryPlugin({ retryTimes: 3, manifestDomains: MANIFESTS, domains: ['https://a.example'] });\nexport const legacy = RetryPlugin({ fetch: { retryTimes: 1, fallback: (u) => u } });\nexport const unknown = RetryPlugin(opts);\nexport default function fallback() {\n  return { name: 'fallback', errorLoadRemote({ id }) { return undefined; } };\n}\ninit({ name: 'host', remotes: [], plugins: [flat] });\n",
        );
        assert_eq!(f.retries.len(), 3);
        assert_eq!(
            f.retries[0].manifest_domains,
            Some(vec!["https://a.example".to_string(), "https://b.example".to_string()])
        );
        assert_eq!(f.retries[0].domains, Some(vec!["https://a.example".to_string()]));
        assert!(f.retries[0].known && !f.retries[0].legacy);
        assert!(f.retries[1].legacy && f.retries[1].legacy_fetch && f.retries[1].legacy_fallback);
        assert!(!f.retries[2].known);
        assert_eq!(f.hooks.iter().map(|h| h.name.as_str()).collect::<Vec<_>>(), vec!["errorLoadRemote"]);
        assert_eq!(f.registrations.len(), 1);
    }

    #[test]
    fn stores_that_keep_server_data() {
        let f = facts(
            "import { create } from 'zustand';\nimport axios from 'axios';\nimport { createAsyncThunk, createSlice } from '@reduxjs/toolkit';\nimport { makeAutoObservable, runInAction } from 'mobx';\nexport const useProducts = create((set) => ({\n  items: [],\n  add: (x) => set((s) => ({ items: [...s.items, x] })),\n  load: async () => {\n    const res = await fetch('/api/products');\n    const data = await res.json();\n    set({ items: data });\n  },\n}));\nexport const useUser = create((set) => ({ user: null, load: () => axios.get('/me').then((r) => set({ user: r.data })) }));\nexport const useUi = create((set) => ({ open: false, toggle: async () => { await fetch('/log', { method: 'POST' }); set((s) => ({ open: !s.open })); } }));\nexport const fetchOrders = createAsyncThunk('orders/fetch', async () => (await fetch('/api/orders')).json());\nexport const orders = createSlice({ name: 'orders', initialState: [], reducers: {}, extraReducers: (b) => { b.addCase(fetchOrders.fulfilled, (s, a) => a.payload); } });\nclass Catalog {\n  items = [];\n  constructor() { makeAutoObservable(this); }\n  async load() { const r = await api.products(); runInAction(() => { this.items = r; }); }\n}\n",
        );
        let found: Vec<(&str, Option<&str>, &str, &str, u32)> = f
            .server_stores
            .iter()
            .map(|s| (s.kind, s.name.as_deref(), s.action.as_str(), s.fetch.as_str(), s.line))
            .collect();
        assert_eq!(
            found,
            vec![
                ("a Zustand store", Some("useProducts"), "load", "fetch", 11),
                ("a Zustand store", Some("useUser"), "load", "axios.get", 14),
                ("a MobX store", Some("Catalog"), "load", "api.products", 21),
                ("a Redux slice", Some("orders"), "fetchOrders", "fetch", 17),
            ]
        );
    }
}
