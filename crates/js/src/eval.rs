//! A small partial evaluator for bundler configs.
//!
//! It evaluates what can be known without running anything: literals, object
//! and array literals with spreads, identifiers bound in the file or imported
//! from relative files (JSON included), member access, template literals,
//! operators on known values, conditionals, and the file's own functions
//! (called with known arguments). Packages are never evaluated: what comes
//! from them is [`Kind::External`], and a call of it is either interpreted by
//! the [`Host`] (known helpers) or kept symbolic. Calls of federation plugins
//! are captured with their evaluated arguments wherever they happen.
//!
//! What cannot be known becomes [`Kind::Unknown`] with a reason: never a guess.
//!
//! Changes of objects (`a.b.c = v`, `x += 1`, `delete o.k`, `list.push(v)` and
//! the other array methods that change the array, `Object.assign(target, …)`)
//! are followed: values are copies here, so the variable the change goes
//! through gets the new contents, and every other copy of the same object
//! (the same place in the sources: another variable, a property, a capture's
//! options) becomes unknown, as it may be that object. What fedscope does not
//! evaluate (loops, branches on unknown conditions, `switch`, a `catch`, the
//! rest of a function after a `return` it cannot decide, calls of functions it
//! does not know) makes unknown everything it may change, found from its
//! syntax (oxc's scopes tell its own variables from the ones around it).
//! Module-level declarations are evaluated in order, so a later change does
//! not show in an earlier value.

use crate::value::{Entry, FileId, Files, Kind, Loc, Lookup, Value};
use oxc_allocator::Allocator;
use oxc_ast::ast::*;
use oxc_ast_visit::Visit;
use oxc_parser::Parser;
use oxc_semantic::{Scoping, SemanticBuilder, SymbolId};
use oxc_span::{GetSpan, SourceType, Span};
use oxc_syntax::scope::ScopeFlags;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Where an import specifier leads.
#[derive(Clone, Debug, PartialEq)]
pub enum Resolved {
    /// A file of the workspace, to evaluate (or read as JSON).
    File(PathBuf),
    /// A package (or Node built-in): not evaluated.
    Package(String),
    /// Could not be resolved.
    Unresolved(String),
}

/// How the evaluator should treat a call of an external function.
#[derive(Clone, Debug)]
pub enum Behaviour {
    /// Keep the call symbolic ([`Kind::Call`] / [`Kind::Construct`]).
    Opaque,
    /// Returns its argument `n` (`defineConfig(cfg)`, `createModuleFederationConfig(cfg)`);
    /// when that argument is a function of the sources, it is called with `call_with`.
    Identity { arg: usize, call_with: Vec<Value> },
    /// Returns this value.
    Value(Value),
}

/// What the evaluator needs from its caller: the file system and knowledge of packages.
pub trait Host {
    fn resolve(&self, from: &Path, specifier: &str) -> Resolved;
    fn read(&self, path: &Path) -> Result<String, String>;
    /// A call (`construct`: a `new`) of `module`'s export `path` from `file`.
    fn external_call(&self, file: &Path, module: &str, path: &[String], construct: bool, args: &[Value]) -> Behaviour;
    /// Whether calls of this export are federation plugins to capture.
    fn captures(&self, module: &str, path: &[String]) -> bool;
    /// `process.env.NAME`, if known.
    fn env(&self, name: &str, loc: Loc) -> Option<Value>;
}

/// A federation plugin call reached while evaluating.
#[derive(Clone, Debug, PartialEq)]
pub struct Capture {
    pub module: String,
    pub path: Vec<String>,
    pub construct: bool,
    pub args: Vec<Value>,
    pub loc: Loc,
    /// The calls the evaluator was inside (`webpack(config, { isServer: false })`, …).
    pub context: Vec<String>,
}

/// Something worth telling about the evaluation.
#[derive(Clone, Debug, PartialEq)]
pub struct Note {
    pub loc: Loc,
    pub message: String,
}

/// A syntax error in a file the evaluator read.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    pub path: PathBuf,
    pub line: u32,
    pub column: u32,
    pub message: String,
}

const MAX_DEPTH: u32 = 48;
const BUDGET: u64 = 2_000_000;
const GLOBAL: &str = "#global";
/// The reason of a getter's or setter's value (an assignment calls the setter).
const GETTER_SETTER: &str = "a getter or setter";
/// Array methods that change the array.
const ARRAY_MUTATORS: &[&str] = &["push", "pop", "shift", "unshift", "splice", "sort", "reverse", "fill", "copyWithin"];
/// Methods (of arrays, strings, objects, maps, sets) that change neither their receiver nor their arguments.
const PURE_METHODS: &[&str] = &[
    "at",
    "charAt",
    "charCodeAt",
    "codePointAt",
    "concat",
    "endsWith",
    "entries",
    "every",
    "filter",
    "find",
    "findIndex",
    "findLast",
    "findLastIndex",
    "flat",
    "flatMap",
    "forEach",
    "get",
    "has",
    "hasOwnProperty",
    "includes",
    "indexOf",
    "isPrototypeOf",
    "join",
    "keys",
    "lastIndexOf",
    "localeCompare",
    "map",
    "match",
    "matchAll",
    "normalize",
    "padEnd",
    "padStart",
    "propertyIsEnumerable",
    "reduce",
    "reduceRight",
    "repeat",
    "replace",
    "replaceAll",
    "search",
    "slice",
    "some",
    "split",
    "startsWith",
    "substr",
    "substring",
    "test",
    "toFixed",
    "toJSON",
    "toLocaleString",
    "toLowerCase",
    "toSorted",
    "toReversed",
    "toSpliced",
    "toString",
    "toUpperCase",
    "trim",
    "trimEnd",
    "trimStart",
    "valueOf",
    "values",
    "with",
];
/// Methods that store their arguments in the receiver (change it, not them).
const STORING_METHODS: &[&str] = &["push", "unshift", "splice", "set", "add", "fill"];

#[derive(Clone)]
enum Binding<'a> {
    /// `const <pattern> = init` at module level, evaluated on first use.
    Lazy {
        decl: &'a VariableDeclarator<'a>,
        path: Vec<PathStep<'a>>,
        scope: usize,
    },
    Func(u32),
    Value(Value),
    Import {
        specifier: String,
        name: ImportName,
        loc: Loc,
        scope: usize,
    },
}

#[derive(Clone, Debug)]
enum ImportName {
    Default,
    Named(String),
    Namespace,
}

#[derive(Clone)]
enum PathStep<'a> {
    Key(String),
    Index(usize),
    /// `...rest` of an object pattern, without these keys.
    RestObject(Vec<String>),
    RestArray(usize),
    /// `= default` when the value there is undefined.
    Default(&'a Expression<'a>),
}

struct Scope<'a> {
    parent: Option<usize>,
    vars: HashMap<String, Binding<'a>>,
    module: usize,
}

enum FuncBody<'a> {
    Arrow(&'a ArrowFunctionExpression<'a>),
    Func(&'a Function<'a>),
}

struct Func<'a> {
    body: FuncBody<'a>,
    scope: usize,
    name: String,
}

/// A variable: the scope that holds it, and its name.
type VarRef = (usize, String);

struct Module<'a> {
    path: PathBuf,
    file: FileId,
    program: &'a Program<'a>,
    /// The whole file (the place of its exports object).
    loc: Loc,
    /// `module.exports` (CommonJS), as assigned.
    cjs: Option<Value>,
    /// `exports.x = …` / `module.exports.x = …` additions.
    cjs_props: Vec<Entry>,
    esm: bool,
    /// Named exports: the value when exported, and the variable (scope, name)
    /// it is a live binding of.
    named: Vec<(String, Value, Option<VarRef>)>,
    default: Option<Value>,
    done: bool,
    /// Set when the evaluation of the module stopped early (why): its exports are not known.
    aborted: Option<String>,
    /// Scopes and references (built when first needed).
    scoping: Option<Scoping>,
}

/// What a function body's execution ended with.
enum Flow {
    Normal,
    Return(Value),
    /// Execution stopped at a place fedscope cannot go past (a `return` under
    /// a condition that is not known, a `throw`, a loop with a `return`): the
    /// function's result is this unknown, and what follows was not evaluated.
    Bail(Value),
}

/// The evaluator. Use [`with_evaluator`] to get one.
pub struct Evaluator<'a, 'h> {
    alloc: &'a Allocator,
    host: &'h dyn Host,
    pub files: Files,
    pub captures: Vec<Capture>,
    pub notes: Vec<Note>,
    pub syntax_errors: Vec<SyntaxError>,
    /// Every syntactic call of something named like a federation plugin, for
    /// telling the ones the evaluation never reached.
    pub federation_sites: Vec<Loc>,
    modules: Vec<Module<'a>>,
    by_path: HashMap<PathBuf, usize>,
    scopes: Vec<Scope<'a>>,
    funcs: Vec<Func<'a>>,
    memo: HashMap<usize, Value>,
    in_progress: HashSet<usize>,
    budget: u64,
    depth: u32,
    context: Vec<String>,
    noted: HashSet<(Loc, &'static str)>,
    /// Unknown values (by place) that may be one of the objects these
    /// variables hold (`cond ? a : b` with `cond` not known, a variable a loop
    /// assigns): a change through such an unknown may change them.
    may_alias: HashMap<Loc, Vec<(String, usize)>>,
    /// `process.env.X = …` assignments.
    env_set: HashMap<String, Value>,
    /// Why `process.env` as a whole is no longer known (changed in a way fedscope does not follow).
    env_unknown: Option<(String, Loc)>,
    /// Functions of the sources that were given properties (`f.x = …`).
    func_props: HashSet<u32>,
    /// Objects (places) kept in values fedscope does not know (see [`Evaluator::escape`]).
    escaped: HashSet<Loc>,
    /// The call (place) being evaluated as a statement, its result unused.
    unused: Option<Loc>,
    /// How many times `may_alias` was added to.
    may_alias_adds: u64,
    /// Objects (places) given to `Object.freeze` and co: a change of them is ignored or throws.
    frozen: HashSet<Loc>,
}

/// Runs `f` with a fresh evaluator (the parsed sources live as long as it).
pub fn with_evaluator<R>(host: &dyn Host, f: impl FnOnce(&mut Evaluator<'_, '_>) -> R) -> R {
    // arenas are reused (reset) across evaluations on a thread: no fresh pages per config
    thread_local! {
        static ARENAS: std::cell::RefCell<Vec<Allocator>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    let mut alloc = ARENAS.with(|a| a.try_borrow_mut().ok().and_then(|mut a| a.pop())).unwrap_or_default();
    let r = evaluate_with(&alloc, host, f);
    alloc.reset();
    ARENAS.with(|a| {
        if let Ok(mut a) = a.try_borrow_mut() {
            a.push(alloc);
        }
    });
    r
}

fn evaluate_with<R>(alloc: &Allocator, host: &dyn Host, f: impl FnOnce(&mut Evaluator<'_, '_>) -> R) -> R {
    let mut ev = Evaluator {
        alloc,
        host,
        files: Files::default(),
        captures: Vec::new(),
        notes: Vec::new(),
        syntax_errors: Vec::new(),
        federation_sites: Vec::new(),
        modules: Vec::new(),
        by_path: HashMap::new(),
        scopes: Vec::new(),
        funcs: Vec::new(),
        memo: HashMap::new(),
        in_progress: HashSet::new(),
        budget: BUDGET,
        depth: 0,
        context: Vec::new(),
        noted: HashSet::new(),
        may_alias: HashMap::new(),
        env_set: HashMap::new(),
        env_unknown: None,
        func_props: HashSet::new(),
        escaped: HashSet::new(),
        unused: None,
        may_alias_adds: 0,
        frozen: HashSet::new(),
    };
    f(&mut ev)
}

/// Callee names that look like federation plugins (for [`Evaluator::federation_sites`]).
const FEDERATION_NAMES: &[&str] = &[
    "ModuleFederationPlugin",
    "NextFederationPlugin",
    "UniversalFederationPlugin",
    "NodeFederationPlugin",
    "pluginModuleFederation",
    "moduleFederationPlugin",
    "federation",
    "withNativeFederation",
    "withModuleFederation",
    "withModuleFederationForSSR",
    "NxModuleFederationPlugin",
];

fn span_loc(file: FileId, s: Span) -> Loc {
    Loc { file, start: s.start, end: s.end }
}

fn num(n: f64, loc: Loc) -> Value {
    Value::new(Kind::Num(n), loc)
}

fn undefined(loc: Loc) -> Value {
    Value::new(Kind::Undefined, loc)
}

fn global(path: &[&str], loc: Loc) -> Value {
    Value::new(Kind::External { module: GLOBAL.into(), path: path.iter().map(|s| s.to_string()).collect() }, loc)
}

fn with_mode(mut v: Value, mode: bool) -> Value {
    v.mode_dependent |= mode;
    v
}

/// A short text for an external (`require('webpack').container.X`).
fn external_name(module: &str, path: &[String]) -> String {
    if path.is_empty() { format!("the package `{module}`") } else { format!("`{}` from `{module}`", path.join(".")) }
}

impl<'a> Evaluator<'a, '_> {
    fn loc(&self, scope: usize, s: Span) -> Loc {
        span_loc(self.modules[self.scopes[scope].module].file, s)
    }

    fn module_path(&self, scope: usize) -> PathBuf {
        self.modules[self.scopes[scope].module].path.clone()
    }

    fn note(&mut self, loc: Loc, kind: &'static str, message: String) {
        if self.noted.insert((loc, kind)) {
            self.notes.push(Note { loc, message });
        }
    }

    fn tick(&mut self) -> bool {
        if self.budget == 0 {
            return false;
        }
        self.budget -= 1;
        true
    }

    // ---- modules ------------------------------------------------------------

    /// Evaluates a source file (or reads a JSON file) and returns its exports:
    /// for CommonJS `module.exports`, for ES modules an object of the named
    /// exports plus `default`.
    pub fn eval_file(&mut self, path: &Path) -> Value {
        if let Some(&m) = self.by_path.get(path) {
            return self.exports_of(m, Loc::default());
        }
        let text = match self.host.read(path) {
            Ok(t) => t,
            Err(e) => return Value::unknown(format!("cannot read {}: {e}", path.display()), Loc::default()),
        };
        let file = self.files.add(path, &text);
        if path.extension().is_some_and(|e| e == "json") {
            return match crate::json::parse(&text, file) {
                Ok(v) => v,
                Err(e) => {
                    let (line, column) = self.files.line_col(Loc { file, start: e.at, end: e.at });
                    self.syntax_errors.push(SyntaxError {
                        path: path.to_path_buf(),
                        line,
                        column,
                        message: e.message.clone(),
                    });
                    Value::unknown(
                        format!("{} is not valid JSON: {} (line {line})", path.display(), e.message),
                        Loc { file, start: 0, end: 0 },
                    )
                }
            };
        }
        let text: &'a str = self.alloc.alloc_str(&text);
        let source_type = SourceType::from_path(path).unwrap_or_else(|_| SourceType::mjs());
        let mut ret = Parser::new(self.alloc, text, source_type).parse();
        if !ret.diagnostics.is_empty() && !source_type.is_typescript() {
            // CommonJS that is not valid as a module (e.g. `with`): try as a script
            let script = Parser::new(self.alloc, text, source_type.with_script(true)).parse();
            if script.diagnostics.is_empty() {
                ret = script;
            }
        }
        for d in ret.diagnostics.iter() {
            let at = d.labels.first().map(|l| l.offset()).unwrap_or(0);
            let (line, column) = self.files.line_col(Loc { file, start: at, end: at });
            self.syntax_errors.push(SyntaxError {
                path: path.to_path_buf(),
                line,
                column,
                message: d.message.to_string(),
            });
        }
        let program: &'a Program<'a> = self.alloc.alloc(ret.program);
        let m = self.modules.len();
        self.modules.push(Module {
            path: path.to_path_buf(),
            file,
            program,
            loc: span_loc(file, program.span),
            cjs: None,
            cjs_props: Vec::new(),
            esm: false,
            named: Vec::new(),
            default: None,
            done: false,
            aborted: None,
            scoping: None,
        });
        self.by_path.insert(path.to_path_buf(), m);
        let scope = self.new_scope(None, m);
        self.scan_federation_sites(program, file);
        self.hoist(&program.body, scope, true);
        for (i, stmt) in program.body.iter().enumerate() {
            let stopped = if !self.tick() {
                Some(Value::unknown("evaluation budget exceeded", self.loc(scope, stmt.span())))
            } else {
                match self.exec_module_stmt(stmt, scope) {
                    Flow::Bail(v) => Some(v),
                    _ => None,
                }
            };
            if let Some(v) = stopped {
                // the rest of the module is not evaluated: what it may change is not known
                let why = describe_unknown(&v);
                let at = self.loc(scope, stmt.span());
                let reason = format!("code after line {}, which fedscope did not evaluate", self.line(at));
                self.taint_effects_stmts(&program.body[i..], scope, &reason, at);
                self.modules[m].aborted =
                    Some(format!("the exports of a module whose evaluation stopped at line {} ({why})", self.line(at)));
                break;
            }
        }
        // every top-level declaration is evaluated, so no plugin call goes unseen
        let names: Vec<String> = self.scopes[scope].vars.keys().cloned().collect();
        for name in names {
            let loc = self.loc(scope, program.span);
            let _ = self.lookup(&name, scope, loc);
        }
        self.modules[m].done = true;
        self.exports_of(m, self.loc(scope, program.span))
    }

    fn exports_of(&self, m: usize, loc: Loc) -> Value {
        let module = &self.modules[m];
        if let Some(why) = &module.aborted {
            return Value::unknown(why.clone(), loc);
        }
        if module.esm && module.cjs.is_none() {
            let mut entries: Vec<Entry> = module
                .named
                .iter()
                .map(|(k, v, live)| {
                    // an export is a live binding: its variable's value now
                    let v = match live.as_ref().and_then(|(s, n)| self.scopes[*s].vars.get(n)) {
                        Some(Binding::Value(now)) => now,
                        _ => v,
                    };
                    Entry::Prop { key: k.clone(), key_loc: v.loc, value: v.clone() }
                })
                .collect();
            if let Some(d) = &module.default {
                entries.push(Entry::Prop { key: "default".into(), key_loc: d.loc, value: d.clone() });
            }
            return Value::new(Kind::Object(entries), loc);
        }
        // the exports object is one object (its place is the file), however often it is read
        let mut base = module.cjs.clone().unwrap_or_else(|| Value::new(Kind::Object(Vec::new()), module.loc));
        if !module.cjs_props.is_empty()
            && let Kind::Object(entries) = &mut base.kind
        {
            entries.extend(module.cjs_props.iter().cloned());
        }
        if !module.done && module.cjs.is_none() && module.cjs_props.is_empty() {
            return Value::unknown("a circular import reads this module before it is evaluated", loc);
        }
        base
    }

    fn export_named(&mut self, m: usize, name: String, v: Value, live: Option<VarRef>) {
        if name == "default" {
            self.modules[m].default = Some(v);
        } else {
            self.modules[m].named.push((name, v, live));
        }
    }

    /// The scopes and references of a module's program (built on first use).
    fn scoping(&mut self, m: usize) -> &Scoping {
        let program = self.modules[m].program;
        self.modules[m].scoping.get_or_insert_with(|| SemanticBuilder::new().build(program).semantic.into_scoping())
    }

    fn line(&self, loc: Loc) -> u32 {
        if self.files.has(loc.file) { self.files.line(loc) } else { 0 }
    }

    fn new_scope(&mut self, parent: Option<usize>, module: usize) -> usize {
        self.scopes.push(Scope { parent, vars: HashMap::new(), module });
        self.scopes.len() - 1
    }

    fn scan_federation_sites(&mut self, program: &'a Program<'a>, file: FileId) {
        use oxc_ast_visit::Visit;
        struct V<'s> {
            sites: &'s mut Vec<Loc>,
            file: FileId,
        }
        impl<'b> Visit<'b> for V<'_> {
            fn visit_call_expression(&mut self, it: &CallExpression<'b>) {
                if callee_name(&it.callee).is_some_and(|n| FEDERATION_NAMES.contains(&n)) {
                    self.sites.push(span_loc(self.file, it.span));
                }
                oxc_ast_visit::walk::walk_call_expression(self, it);
            }
            fn visit_new_expression(&mut self, it: &NewExpression<'b>) {
                if callee_name(&it.callee).is_some_and(|n| FEDERATION_NAMES.contains(&n)) {
                    self.sites.push(span_loc(self.file, it.span));
                }
                oxc_ast_visit::walk::walk_new_expression(self, it);
            }
        }
        let mut v = V { sites: &mut self.federation_sites, file };
        v.visit_program(program);
    }

    // ---- declarations ---------------------------------------------------------

    fn hoist(&mut self, body: &'a [Statement<'a>], scope: usize, module_level: bool) {
        for stmt in body {
            match stmt {
                Statement::VariableDeclaration(d) if module_level => self.bind_lazy(d, scope),
                Statement::FunctionDeclaration(f) => self.bind_function(f, scope),
                Statement::ImportDeclaration(i) => self.bind_import(i, scope),
                Statement::ExportDeclaration(e) => match &e.declaration {
                    Declaration::VariableDeclaration(d) if module_level => self.bind_lazy(d, scope),
                    Declaration::FunctionDeclaration(f) => self.bind_function(f, scope),
                    _ => {}
                },
                Statement::ExportDefaultDeclaration(e) => {
                    if let ExportDefaultDeclarationKind::FunctionDeclaration(f) = &e.declaration {
                        self.bind_function(f, scope);
                    }
                }
                _ => {}
            }
        }
    }

    fn bind_function(&mut self, f: &'a Function<'a>, scope: usize) {
        if let Some(id) = &f.id {
            let idx = self.add_func(FuncBody::Func(f), scope, id.name.as_str());
            self.scopes[scope].vars.insert(id.name.to_string(), Binding::Func(idx));
        }
    }

    fn add_func(&mut self, body: FuncBody<'a>, scope: usize, name: &str) -> u32 {
        self.funcs.push(Func { body, scope, name: name.to_string() });
        (self.funcs.len() - 1) as u32
    }

    fn bind_import(&mut self, i: &'a ImportDeclaration<'a>, scope: usize) {
        let m = self.scopes[scope].module;
        self.modules[m].esm = true;
        let specifier = i.source.value.to_string();
        for s in i.specifiers.iter().flatten() {
            let (local, name) = match s {
                ImportDeclarationSpecifier::ImportSpecifier(s) => {
                    (s.local.name.to_string(), ImportName::Named(s.imported.name().to_string()))
                }
                ImportDeclarationSpecifier::ImportDefaultSpecifier(s) => {
                    (s.local.name.to_string(), ImportName::Default)
                }
                ImportDeclarationSpecifier::ImportNamespaceSpecifier(s) => {
                    (s.local.name.to_string(), ImportName::Namespace)
                }
            };
            let loc = self.loc(scope, i.span);
            self.scopes[scope].vars.insert(local, Binding::Import { specifier: specifier.clone(), name, loc, scope });
        }
    }

    fn bind_lazy(&mut self, d: &'a VariableDeclaration<'a>, scope: usize) {
        for decl in &d.declarations {
            let mut names = Vec::new();
            pattern_names(&decl.id, Vec::new(), &mut names);
            for (name, path) in names {
                self.scopes[scope].vars.insert(name, Binding::Lazy { decl, path, scope });
            }
        }
    }

    /// Binds `pattern` to `value` in `scope` (function parameters, local declarations).
    fn bind_pattern(&mut self, pattern: &'a BindingPattern<'a>, value: Value, scope: usize) {
        let mut names = Vec::new();
        pattern_names(pattern, Vec::new(), &mut names);
        for (name, path) in names {
            let v = self.follow(&value, &path, scope);
            self.scopes[scope].vars.insert(name, Binding::Value(v));
        }
    }

    /// Walks a destructuring path from a value.
    fn follow(&mut self, value: &Value, path: &[PathStep<'a>], scope: usize) -> Value {
        let mut v = value.clone();
        for step in path {
            v = match step {
                PathStep::Key(k) => self.member(&v, k, v.loc),
                PathStep::Index(i) => self.member(&v, &i.to_string(), v.loc),
                PathStep::RestObject(skip) => match &v.kind {
                    Kind::Object(_) => {
                        let (props, unknown) = v.props();
                        let mut entries: Vec<Entry> = props
                            .into_iter()
                            .filter(|(k, _)| !skip.iter().any(|s| s == k))
                            .map(|(k, val)| Entry::Prop { key: k.to_string(), key_loc: val.loc, value: val.clone() })
                            .collect();
                        if let Some(u) = unknown {
                            entries.insert(0, Entry::Spread(u.clone()));
                        }
                        Value::new(Kind::Object(entries), v.loc)
                    }
                    _ => Value::unknown("a rest pattern over a value that is not known", v.loc),
                },
                PathStep::RestArray(from) => match &v.kind {
                    Kind::Array(items) => Value::new(Kind::Array(items.iter().skip(*from).cloned().collect()), v.loc),
                    _ => Value::unknown("a rest pattern over a value that is not known", v.loc),
                },
                PathStep::Default(e) => {
                    if matches!(v.kind, Kind::Undefined) {
                        self.eval(e, scope)
                    } else {
                        v
                    }
                }
            };
        }
        v
    }

    fn lookup(&mut self, name: &str, scope: usize, loc: Loc) -> Value {
        let mut s = Some(scope);
        while let Some(i) = s {
            if let Some(b) = self.scopes[i].vars.get(name).cloned() {
                return self.binding_value(name, b, i, loc);
            }
            s = self.scopes[i].parent;
        }
        self.global_name(name, scope, loc)
    }

    fn binding_value(&mut self, name: &str, b: Binding<'a>, owner: usize, loc: Loc) -> Value {
        match b {
            Binding::Value(v) => v,
            Binding::Func(i) => Value::new(Kind::Function(i), loc),
            Binding::Lazy { decl, path, scope } => {
                let key = decl as *const VariableDeclarator as usize;
                let init = match self.memo.get(&key) {
                    Some(v) => v.clone(),
                    None => {
                        if !self.in_progress.insert(key) {
                            return Value::unknown(format!("`{name}` is used while it is being defined"), loc);
                        }
                        let v = match &decl.init {
                            Some(e) => self.eval(e, scope),
                            None => undefined(self.loc(scope, decl.span)),
                        };
                        self.in_progress.remove(&key);
                        self.memo.insert(key, v.clone());
                        v
                    }
                };
                let v = self.follow(&init, &path, scope);
                self.scopes[owner].vars.insert(name.to_string(), Binding::Value(v.clone()));
                v
            }
            Binding::Import { specifier, name: import, loc: iloc, scope } => {
                let from = self.module_path(scope);
                let v = match self.host.resolve(&from, &specifier) {
                    Resolved::Package(module) => {
                        let path = match &import {
                            ImportName::Named(n) => vec![n.clone()],
                            ImportName::Default => vec!["default".to_string()],
                            ImportName::Namespace => Vec::new(),
                        };
                        Value::new(Kind::External { module, path }, iloc)
                    }
                    Resolved::File(p) => {
                        let exports = self.eval_file(&p);
                        let esm = self.by_path.get(&p).is_some_and(|m| self.modules[*m].esm);
                        match &import {
                            ImportName::Namespace => exports,
                            ImportName::Named(n) => self.member(&exports, n, iloc),
                            // a CommonJS module's (or JSON file's) default is its exports
                            ImportName::Default if esm => self.member(&exports, "default", iloc),
                            ImportName::Default => exports,
                        }
                    }
                    Resolved::Unresolved(why) => Value::unknown(format!("cannot resolve `{specifier}`: {why}"), iloc),
                };
                self.scopes[owner].vars.insert(name.to_string(), Binding::Value(v.clone()));
                v
            }
        }
    }

    fn global_name(&mut self, name: &str, scope: usize, loc: Loc) -> Value {
        match name {
            "undefined" => undefined(loc),
            "NaN" => num(f64::NAN, loc),
            "Infinity" => num(f64::INFINITY, loc),
            "require" | "process" | "JSON" | "Object" | "Array" | "String" | "Number" | "Boolean" | "console"
            | "Promise" | "Math" | "URL" => global(&[name], loc),
            "module" => global(&["module"], loc),
            "exports" => {
                let m = self.scopes[scope].module;
                global(&["exports", &m.to_string()], loc)
            }
            "__dirname" => {
                let p = self.module_path(scope);
                Value::str(p.parent().map(|d| d.display().to_string()).unwrap_or_default(), loc)
            }
            "__filename" => Value::str(self.module_path(scope).display().to_string(), loc),
            _ => Value::unknown(format!("`{name}` is not defined in this file"), loc),
        }
    }

    // ---- statements -----------------------------------------------------------

    fn exec_module_stmt(&mut self, stmt: &'a Statement<'a>, scope: usize) -> Flow {
        let m = self.scopes[scope].module;
        match stmt {
            Statement::ExportDefaultDeclaration(e) => {
                self.modules[m].esm = true;
                let v = match &e.declaration {
                    ExportDefaultDeclarationKind::FunctionDeclaration(f) => {
                        let idx = self.add_func(FuncBody::Func(f), scope, "default");
                        Value::new(Kind::Function(idx), self.loc(scope, f.span))
                    }
                    ExportDefaultDeclarationKind::ClassDeclaration(c) => {
                        Value::unknown("a class is exported", self.loc(scope, c.span))
                    }
                    ExportDefaultDeclarationKind::TSInterfaceDeclaration(_) => return Flow::Normal,
                    other => match other.as_expression() {
                        Some(e) => self.eval(e, scope),
                        None => return Flow::Normal,
                    },
                };
                self.modules[m].default = Some(v);
            }
            Statement::ExportDeclaration(e) => {
                self.modules[m].esm = true;
                let mut names = Vec::new();
                match &e.declaration {
                    Declaration::VariableDeclaration(d) => {
                        for dec in &d.declarations {
                            pattern_names(&dec.id, Vec::new(), &mut names);
                        }
                    }
                    Declaration::FunctionDeclaration(f) => {
                        if let Some(id) = &f.id {
                            names.push((id.name.to_string(), Vec::new()));
                        }
                    }
                    _ => {}
                }
                for (name, _) in names {
                    let loc = self.loc(scope, e.span);
                    let v = self.lookup(&name, scope, loc);
                    self.modules[m].named.push((name.clone(), v, Some((scope, name))));
                }
            }
            Statement::ExportNamedDeclaration(e) => {
                self.modules[m].esm = true;
                for s in &e.specifiers {
                    let local = s.local.name().to_string();
                    let loc = self.loc(scope, s.span);
                    let v = self.lookup(&local, scope, loc);
                    self.export_named(m, s.exported.name().to_string(), v, Some((scope, local)));
                }
            }
            Statement::ExportFromDeclaration(e) => {
                self.modules[m].esm = true;
                let from = self.module_path(scope);
                let resolved = self.host.resolve(&from, &e.source.value);
                let exports = match &resolved {
                    Resolved::File(p) => Some(self.eval_file(p)),
                    _ => None,
                };
                for s in &e.specifiers {
                    let local = s.local.name().to_string();
                    let loc = self.loc(scope, s.span);
                    let v = match (&resolved, &exports) {
                        (_, Some(ex)) => self.member(ex, &local, loc),
                        (Resolved::Package(module), None) => {
                            Value::new(Kind::External { module: module.clone(), path: vec![local.clone()] }, loc)
                        }
                        (Resolved::Unresolved(w), None) => {
                            Value::unknown(format!("cannot resolve `{}`: {w}", e.source.value), loc)
                        }
                        _ => Value::unknown("an export fedscope does not evaluate", loc),
                    };
                    self.export_named(m, s.exported.name().to_string(), v, None);
                }
            }
            Statement::ImportDeclaration(_) | Statement::FunctionDeclaration(_) => {}
            Statement::VariableDeclaration(d) => {
                // declarations are evaluated in order (a later change must not show in an earlier value)
                for decl in &d.declarations {
                    let mut names = Vec::new();
                    pattern_names(&decl.id, Vec::new(), &mut names);
                    for (name, _) in names {
                        let loc = self.loc(scope, decl.span);
                        let _ = self.lookup(&name, scope, loc);
                    }
                }
            }
            Statement::TSExportAssignment(e) => {
                let v = self.eval(&e.expression, scope);
                self.modules[m].cjs = Some(v);
            }
            other => return self.exec(other, scope),
        }
        Flow::Normal
    }

    /// Executes statements of a function body (or a block).
    fn exec_block(&mut self, body: &'a [Statement<'a>], scope: usize) -> Flow {
        self.hoist(body, scope, false);
        for (i, stmt) in body.iter().enumerate() {
            let flow = if self.tick() {
                self.exec(stmt, scope)
            } else {
                Flow::Bail(Value::unknown("evaluation budget exceeded", self.loc(scope, stmt.span())))
            };
            match flow {
                Flow::Normal => {}
                Flow::Return(v) => return Flow::Return(v),
                Flow::Bail(v) => {
                    // what follows may run in JavaScript: what it changes is not known
                    let at = self.loc(scope, stmt.span());
                    let reason = format!("code after line {}, which fedscope did not evaluate", self.line(at));
                    self.taint_effects_stmts(&body[i + 1..], scope, &reason, at);
                    return Flow::Bail(v);
                }
            }
        }
        Flow::Normal
    }

    /// Skips a statement fedscope does not evaluate: whatever it may change becomes unknown.
    fn skip_stmt(&mut self, stmt: &'a Statement<'a>, scope: usize, what: &str) -> Flow {
        let loc = self.loc(scope, stmt.span());
        let line = self.line(loc);
        self.taint_effects_stmt(stmt, scope, &format!("{what} at line {line}, which fedscope does not evaluate"), loc);
        if contains_return(stmt) {
            return Flow::Bail(Value::unknown(
                format!("the result depends on {what} at line {line}, which fedscope does not evaluate"),
                loc,
            ));
        }
        Flow::Normal
    }

    fn exec(&mut self, stmt: &'a Statement<'a>, scope: usize) -> Flow {
        match stmt {
            Statement::ExpressionStatement(e) => {
                // a call whose result is not used is made for what it changes
                let mut call = e.expression.without_parentheses();
                while let Expression::AwaitExpression(a) = call {
                    call = a.argument.without_parentheses();
                }
                let unused = match call {
                    Expression::CallExpression(_) | Expression::ChainExpression(_) => {
                        Some(self.loc(scope, call.span()))
                    }
                    _ => None,
                };
                let outer = std::mem::replace(&mut self.unused, unused);
                let _ = self.eval(&e.expression, scope);
                self.unused = outer;
            }
            Statement::VariableDeclaration(d) => {
                for decl in &d.declarations {
                    let v = match &decl.init {
                        Some(e) => self.eval(e, scope),
                        None => undefined(self.loc(scope, decl.span)),
                    };
                    self.bind_pattern(&decl.id, v, scope);
                }
            }
            Statement::ReturnStatement(r) => {
                let v = match &r.argument {
                    Some(e) => self.eval(e, scope),
                    None => undefined(self.loc(scope, r.span)),
                };
                return Flow::Return(v);
            }
            Statement::BlockStatement(b) => {
                let m = self.scopes[scope].module;
                let inner = self.new_scope(Some(scope), m);
                return self.exec_block(&b.body, inner);
            }
            Statement::IfStatement(i) => {
                let test = self.eval(&i.test, scope);
                let loc = self.loc(scope, i.test.span());
                match test.truthy() {
                    Some(t) => {
                        if test.mode_dependent {
                            self.note(
                                loc,
                                "mode",
                                "a branch here depends on the build mode: the production build's was taken".into(),
                            );
                        }
                        if t {
                            return self.exec(&i.consequent, scope);
                        } else if let Some(alt) = &i.alternate {
                            return self.exec(alt, scope);
                        }
                    }
                    None => {
                        let why = test.unknown_reason().unwrap_or("a value that is not known").to_string();
                        self.note(loc, "branch", format!("this `if` depends on {why}: neither branch was evaluated"));
                        let reason = format!(
                            "a branch at line {}, which fedscope does not evaluate (it depends on {why})",
                            self.line(loc)
                        );
                        self.taint_effects_stmt(&i.consequent, scope, &reason, loc);
                        if let Some(alt) = &i.alternate {
                            self.taint_effects_stmt(alt, scope, &reason, loc);
                        }
                        // a return under an unknown condition makes the function's result unknown
                        let returns =
                            contains_return(&i.consequent) || i.alternate.as_ref().is_some_and(contains_return);
                        if returns {
                            return Flow::Bail(Value::unknown(
                                format!("the result depends on a condition fedscope cannot evaluate ({why})"),
                                loc,
                            ));
                        }
                    }
                }
            }
            Statement::TryStatement(t) => {
                let m = self.scopes[scope].module;
                let inner = self.new_scope(Some(scope), m);
                let flow = self.exec_block(&t.block.body, inner);
                if let Some(h) = &t.handler {
                    // runs if something throws, which fedscope does not model
                    let loc = self.loc(scope, h.span);
                    let reason =
                        format!("a `catch` block at line {}, which fedscope does not evaluate", self.line(loc));
                    self.taint_effects_catch(h, scope, &reason, loc);
                }
                if let Some(f) = &t.finalizer {
                    let inner = self.new_scope(Some(scope), m);
                    match self.exec_block(&f.body, inner) {
                        Flow::Normal => {}
                        other => return other,
                    }
                }
                return flow;
            }
            Statement::ForStatement(_)
            | Statement::ForInStatement(_)
            | Statement::ForOfStatement(_)
            | Statement::WhileStatement(_)
            | Statement::DoWhileStatement(_) => {
                let loc = self.loc(scope, stmt.span());
                self.note(loc, "loop", "a loop here is not evaluated; values it builds are not known".into());
                return self.skip_stmt(stmt, scope, "a loop");
            }
            Statement::LabeledStatement(l) => {
                let what = if matches!(
                    l.body,
                    Statement::ForStatement(_)
                        | Statement::ForInStatement(_)
                        | Statement::ForOfStatement(_)
                        | Statement::WhileStatement(_)
                        | Statement::DoWhileStatement(_)
                ) {
                    let loc = self.loc(scope, stmt.span());
                    self.note(loc, "loop", "a loop here is not evaluated; values it builds are not known".into());
                    "a loop"
                } else {
                    "a labeled statement"
                };
                return self.skip_stmt(stmt, scope, what);
            }
            Statement::SwitchStatement(_) => {
                let loc = self.loc(scope, stmt.span());
                self.note(loc, "switch", "a `switch` here is not evaluated; values it builds are not known".into());
                return self.skip_stmt(stmt, scope, "a `switch`");
            }
            Statement::WithStatement(_) => return self.skip_stmt(stmt, scope, "a `with` statement"),
            Statement::ThrowStatement(t) => {
                let loc = self.loc(scope, t.span);
                let _ = self.eval(&t.argument, scope);
                return Flow::Bail(Value::unknown(format!("an error thrown at line {}", self.line(loc)), loc));
            }
            _ => {}
        }
        Flow::Normal
    }

    // ---- expressions ----------------------------------------------------------

    /// Evaluates an expression.
    pub(crate) fn eval(&mut self, e: &'a Expression<'a>, scope: usize) -> Value {
        let loc = self.loc(scope, e.span());
        if !self.tick() {
            return Value::unknown("evaluation budget exceeded", loc);
        }
        match e {
            Expression::BooleanLiteral(b) => Value::new(Kind::Bool(b.value), loc),
            Expression::NullLiteral(_) => Value::new(Kind::Null, loc),
            Expression::NumericLiteral(n) => num(n.value, loc),
            Expression::StringLiteral(s) => Value::str(s.value.as_str(), loc),
            Expression::BigIntLiteral(_) | Expression::RegExpLiteral(_) => {
                Value::unknown("a BigInt or RegExp literal", loc)
            }
            Expression::TemplateLiteral(t) => self.template(t, scope, loc),
            Expression::Identifier(id) => self.lookup(id.name.as_str(), scope, loc),
            Expression::ParenthesizedExpression(p) => self.eval(&p.expression, scope),
            Expression::TSAsExpression(x) => self.eval(&x.expression, scope),
            Expression::TSSatisfiesExpression(x) => self.eval(&x.expression, scope),
            Expression::TSNonNullExpression(x) => self.eval(&x.expression, scope),
            Expression::TSTypeAssertion(x) => self.eval(&x.expression, scope),
            Expression::TSInstantiationExpression(x) => self.eval(&x.expression, scope),
            Expression::AwaitExpression(a) => self.eval(&a.argument, scope),
            Expression::ChainExpression(c) => match &c.expression {
                ChainElement::CallExpression(call) => self.call_expr(call, scope, loc),
                ChainElement::TSNonNullExpression(x) => self.eval(&x.expression, scope),
                other => match other.as_member_expression() {
                    Some(m) => self.member_expr(m, scope, loc, true),
                    None => Value::unknown("an optional chain fedscope does not evaluate", loc),
                },
            },
            Expression::SequenceExpression(s) => {
                let mut last = undefined(loc);
                for x in &s.expressions {
                    last = self.eval(x, scope);
                }
                last
            }
            Expression::ArrayExpression(a) => {
                let mut items = Vec::new();
                for el in &a.elements {
                    match el {
                        ArrayExpressionElement::SpreadElement(s) => {
                            let v = self.eval(&s.argument, scope);
                            match v.kind {
                                Kind::Array(inner) => items.extend(inner),
                                Kind::Undefined | Kind::Null => {}
                                _ => items.push(Value::unknown(
                                    format!("spreads {}", describe_unknown(&v)),
                                    self.loc(scope, s.span),
                                )),
                            }
                        }
                        ArrayExpressionElement::Elision(el) => items.push(undefined(self.loc(scope, el.span))),
                        other => match other.as_expression() {
                            Some(x) => items.push(self.eval(x, scope)),
                            None => items.push(Value::unknown("an array element fedscope does not evaluate", loc)),
                        },
                    }
                }
                Value::new(Kind::Array(items), loc)
            }
            Expression::ObjectExpression(o) => self.object(o, scope, loc),
            Expression::ArrowFunctionExpression(f) => {
                let idx = self.add_func(FuncBody::Arrow(f), scope, "(arrow function)");
                Value::new(Kind::Function(idx), loc)
            }
            Expression::FunctionExpression(f) => {
                let name = f.id.as_ref().map(|i| i.name.to_string()).unwrap_or_else(|| "(function)".into());
                let idx = self.add_func(FuncBody::Func(f), scope, &name);
                Value::new(Kind::Function(idx), loc)
            }
            Expression::ClassExpression(_) => Value::unknown("a class", loc),
            Expression::ConditionalExpression(c) => {
                let test = self.eval(&c.test, scope);
                match test.truthy() {
                    Some(t) => {
                        if test.mode_dependent {
                            self.note(
                                loc,
                                "mode",
                                "this value depends on the build mode: the production build's is used".into(),
                            );
                        }
                        let v = if t { self.eval(&c.consequent, scope) } else { self.eval(&c.alternate, scope) };
                        with_mode(v, test.mode_dependent)
                    }
                    None => {
                        // neither branch is evaluated: what they change is not known, and the
                        // value may be an object either of them reads
                        let why = test.unknown_reason().unwrap_or("a condition that is not known").to_string();
                        let reason = format!(
                            "an expression at line {}, which fedscope does not evaluate (it depends on {why})",
                            self.line(loc)
                        );
                        self.taint_effects_expr(&c.consequent, scope, &reason, loc, Some(loc));
                        self.taint_effects_expr(&c.alternate, scope, &reason, loc, Some(loc));
                        Value::unknown(format!("depends on {why}"), loc)
                    }
                }
            }
            Expression::LogicalExpression(l) => {
                let left = self.eval(&l.left, scope);
                let take_right = match l.operator {
                    LogicalOperator::Or => left.truthy().map(|t| !t),
                    LogicalOperator::And => left.truthy(),
                    LogicalOperator::Coalesce => match left.kind {
                        Kind::Undefined | Kind::Null => Some(true),
                        Kind::Unknown(_) | Kind::External { .. } | Kind::Call { .. } => None,
                        _ => Some(false),
                    },
                };
                match take_right {
                    Some(true) => {
                        let r = self.eval(&l.right, scope);
                        with_mode(r, left.mode_dependent)
                    }
                    Some(false) => left,
                    None => {
                        // the right side may or may not run, and the value may be what it gives
                        let reason = format!(
                            "an expression at line {}, which fedscope does not evaluate (it depends on {})",
                            self.line(loc),
                            describe_unknown(&left)
                        );
                        self.taint_effects_expr(&l.right, scope, &reason, loc, Some(left.loc));
                        left
                    }
                }
            }
            Expression::UnaryExpression(u) if u.operator == UnaryOperator::Delete => {
                self.delete(&u.argument, scope, loc)
            }
            Expression::UnaryExpression(u) => {
                let v = self.eval(&u.argument, scope);
                let mode = v.mode_dependent;
                let r = match u.operator {
                    UnaryOperator::LogicalNot => match v.truthy() {
                        Some(t) => Value::new(Kind::Bool(!t), loc),
                        None => v,
                    },
                    UnaryOperator::UnaryNegation => match v.kind {
                        Kind::Num(n) => num(-n, loc),
                        _ => Value::unknown("a negation of a value that is not a known number", loc),
                    },
                    UnaryOperator::UnaryPlus => match &v.kind {
                        Kind::Num(n) => num(*n, loc),
                        Kind::Str(s) => num(fedscope_semver::js::to_number(s), loc),
                        _ => Value::unknown("a conversion of a value that is not known", loc),
                    },
                    UnaryOperator::Typeof => match &v.kind {
                        Kind::Undefined => Value::str("undefined", loc),
                        Kind::Null | Kind::Object(_) | Kind::Array(_) => Value::str("object", loc),
                        Kind::Bool(_) => Value::str("boolean", loc),
                        Kind::Num(_) => Value::str("number", loc),
                        Kind::Str(_) => Value::str("string", loc),
                        Kind::Function(_) => Value::str("function", loc),
                        _ => Value::unknown("the type of a value that is not known", loc),
                    },
                    UnaryOperator::Void => undefined(loc),
                    _ => Value::unknown("an operator fedscope does not evaluate", loc),
                };
                with_mode(r, mode)
            }
            Expression::UpdateExpression(u) => self.update(u, scope, loc),
            Expression::BinaryExpression(b) => {
                let l = self.eval(&b.left, scope);
                let r = self.eval(&b.right, scope);
                let mode = l.mode_dependent || r.mode_dependent;
                with_mode(binary(b.operator, &l, &r, loc), mode)
            }
            Expression::AssignmentExpression(a) => self.assign(a, scope, loc),
            Expression::CallExpression(c) => self.call_expr(c, scope, loc),
            Expression::NewExpression(n) => {
                let callee = self.eval(&n.callee, scope);
                let args = self.args(&n.arguments, scope);
                self.apply(callee, None, args, true, loc)
            }
            Expression::ImportExpression(i) => {
                let spec = self.eval(&i.source, scope);
                match spec.as_str() {
                    Some(s) => {
                        let s = s.to_string();
                        self.require(&s, scope, loc)
                    }
                    None => Value::unknown("a dynamic import of a computed specifier", loc),
                }
            }
            Expression::ImportMeta(_) => global(&["import.meta", &self.scopes[scope].module.to_string()], loc),
            Expression::NewTarget(_) => Value::unknown("new.target", loc),
            Expression::ThisExpression(_) => Value::unknown("`this`", loc),
            other => match other.as_member_expression() {
                Some(m) => self.member_expr(m, scope, loc, false),
                None => {
                    let reason = format!("an expression at line {}, which fedscope does not evaluate", self.line(loc));
                    self.taint_effects_expr(other, scope, &reason, loc, None);
                    Value::unknown("an expression fedscope does not evaluate", loc)
                }
            },
        }
    }

    fn template(&mut self, t: &'a TemplateLiteral<'a>, scope: usize, loc: Loc) -> Value {
        let mut out = String::new();
        let mut mode = false;
        for (i, q) in t.quasis.iter().enumerate() {
            out.push_str(q.value.cooked.as_ref().map(|c| c.as_str()).unwrap_or(q.value.raw.as_str()));
            if let Some(e) = t.expressions.get(i) {
                let v = self.eval(e, scope);
                mode |= v.mode_dependent;
                match v.to_js_string() {
                    Some(s) => out.push_str(&s),
                    None => {
                        return with_mode(
                            Value::unknown(format!("a template with {}", describe_unknown(&v)), loc),
                            mode,
                        );
                    }
                }
            }
        }
        with_mode(Value::str(out, loc), mode)
    }

    fn object(&mut self, o: &'a ObjectExpression<'a>, scope: usize, loc: Loc) -> Value {
        let mut entries: Vec<Entry> = Vec::new();
        for p in &o.properties {
            match p {
                ObjectPropertyKind::SpreadProperty(s) => {
                    let v = self.eval(&s.argument, scope);
                    match v.kind {
                        Kind::Object(inner) => entries.extend(inner),
                        Kind::Undefined | Kind::Null | Kind::Bool(_) | Kind::Num(_) => {}
                        Kind::Array(items) => {
                            for (i, item) in items.into_iter().enumerate() {
                                entries.push(Entry::Prop { key: i.to_string(), key_loc: item.loc, value: item });
                            }
                        }
                        _ => entries.push(Entry::Spread(v)),
                    }
                }
                ObjectPropertyKind::ObjectProperty(prop) => {
                    let key_loc = self.loc(scope, prop.key.span());
                    let key = match self.prop_key(&prop.key, prop.computed, scope) {
                        Ok(k) => k,
                        Err(unknown) => {
                            entries.push(Entry::Spread(Value::unknown(
                                format!("a computed key: {}", unknown.unknown_reason().unwrap_or("not known")),
                                key_loc,
                            )));
                            continue;
                        }
                    };
                    let value = if prop.method || matches!(prop.kind, PropertyKind::Get | PropertyKind::Set) {
                        match &prop.value {
                            Expression::FunctionExpression(f) => {
                                let idx = self.add_func(FuncBody::Func(f), scope, &key);
                                Value::new(Kind::Function(idx), self.loc(scope, f.span))
                            }
                            other => self.eval(other, scope),
                        }
                    } else {
                        self.eval(&prop.value, scope)
                    };
                    if matches!(prop.kind, PropertyKind::Get | PropertyKind::Set) {
                        entries.push(Entry::Prop { key, key_loc, value: Value::unknown(GETTER_SETTER, key_loc) });
                    } else {
                        entries.push(Entry::Prop { key, key_loc, value });
                    }
                }
            }
        }
        Value::new(Kind::Object(entries), loc)
    }

    fn prop_key(&mut self, key: &'a PropertyKey<'a>, computed: bool, scope: usize) -> Result<String, Value> {
        if !computed && let Some(name) = key.static_name() {
            return Ok(name.to_string());
        }
        match key.as_expression() {
            Some(e) => {
                let v = self.eval(e, scope);
                v.to_js_string().ok_or(v)
            }
            None => Err(Value::unknown("a private key", Loc::default())),
        }
    }

    fn args(&mut self, args: &'a oxc_allocator::Vec<'a, Argument<'a>>, scope: usize) -> Vec<Value> {
        let mut out = Vec::new();
        for a in args {
            match a {
                Argument::SpreadElement(s) => {
                    let v = self.eval(&s.argument, scope);
                    match v.kind {
                        Kind::Array(items) => out.extend(items),
                        _ => out.push(Value::unknown("spread arguments that are not known", v.loc)),
                    }
                }
                other => match other.as_expression() {
                    Some(e) => out.push(self.eval(e, scope)),
                    None => out.push(Value::unknown("an argument fedscope does not evaluate", Loc::default())),
                },
            }
        }
        out
    }

    fn member_expr(&mut self, m: &'a MemberExpression<'a>, scope: usize, loc: Loc, optional: bool) -> Value {
        let object = self.eval(m.object(), scope);
        if optional && matches!(object.kind, Kind::Undefined | Kind::Null) {
            return undefined(loc);
        }
        let key = match m {
            MemberExpression::StaticMemberExpression(s) => s.property.name.to_string(),
            MemberExpression::ComputedMemberExpression(c) => {
                let k = self.eval(&c.expression, scope);
                match k.to_js_string() {
                    Some(s) => s,
                    None => return Value::unknown(format!("a computed property: {}", describe_unknown(&k)), loc),
                }
            }
            MemberExpression::PrivateFieldExpression(_) => return Value::unknown("a private field", loc),
        };
        self.member(&object, &key, loc)
    }

    /// `object[key]`
    fn member(&mut self, object: &Value, key: &str, loc: Loc) -> Value {
        let mode = object.mode_dependent;
        let v = match &object.kind {
            Kind::External { module, path } if module == GLOBAL => return self.global_member(path, key, loc, mode),
            Kind::External { module, path } => {
                let mut p = path.clone();
                p.push(key.to_string());
                Value::new(Kind::External { module: module.clone(), path: p }, loc)
            }
            Kind::Str(s) if key == "length" => num(s.encode_utf16().count() as f64, loc),
            Kind::Array(items) if key == "length" => num(items.len() as f64, loc),
            Kind::Unknown(_) => object.clone(),
            Kind::Function(f) if self.func_props.contains(f) => {
                Value::unknown(format!("`{key}` of a function that was given properties fedscope does not follow"), loc)
            }
            Kind::Call { callee, .. } | Kind::Construct { callee, .. } => {
                Value::unknown(format!("the result of {}", describe_callee(callee)), loc)
            }
            _ => match object.get(key) {
                Lookup::Found(v) => v.clone(),
                Lookup::Missing => undefined(loc),
                Lookup::Unknown(u) => Value::unknown(format!("`{key}` may come from {}", describe_unknown(u)), loc),
            },
        };
        with_mode(v, mode)
    }

    fn global_member(&mut self, path: &[String], key: &str, loc: Loc, mode: bool) -> Value {
        match (path.iter().map(String::as_str).collect::<Vec<_>>().as_slice(), key) {
            (["process", "env"], name) => {
                if let Some((why, _)) = &self.env_unknown {
                    return Value::unknown(format!("`process.env.{name}` after {why}"), loc);
                }
                if let Some(v) = self.env_set.get(name) {
                    return v.clone();
                }
                match self.host.env(name, loc) {
                    Some(v) => v,
                    None => Value::unknown(format!("`process.env.{name}`, which is not known statically"), loc),
                }
            }
            (["process"], "argv") => Value::unknown("`process.argv`", loc),
            (["module"], "exports") => {
                // reading module.exports: the current module's exports
                global(&["module", "exports"], loc)
            }
            (["import.meta", m], "url") => {
                let m: usize = m.parse().unwrap_or(0);
                Value::str(format!("file://{}", self.modules[m].path.display()), loc)
            }
            (["import.meta", m], "dirname") => {
                let m: usize = m.parse().unwrap_or(0);
                Value::str(self.modules[m].path.parent().map(|p| p.display().to_string()).unwrap_or_default(), loc)
            }
            (["import.meta", m], "filename") => {
                let m: usize = m.parse().unwrap_or(0);
                Value::str(self.modules[m].path.display().to_string(), loc)
            }
            (["import.meta", _], "env") => global(&["import.meta.env"], loc),
            (["import.meta.env"], name) => match self.host.env(name, loc) {
                Some(v) => v,
                None => Value::unknown(format!("`import.meta.env.{name}`, which is not known statically"), loc),
            },
            (p, k) => {
                let mut p: Vec<&str> = p.to_vec();
                p.push(k);
                with_mode(global(&p, loc), mode)
            }
        }
    }

    // ---- assignments and other changes ------------------------------------------

    /// The scope that holds variable `name`, seen from `scope`.
    fn owner(&self, name: &str, scope: usize) -> Option<usize> {
        let mut s = Some(scope);
        while let Some(i) = s {
            if self.scopes[i].vars.contains_key(name) {
                return Some(i);
            }
            s = self.scopes[i].parent;
        }
        None
    }

    /// Gives variable `name` a new value (an undeclared name is a global, whose reads stay unknown).
    fn rebind(&mut self, name: &str, scope: usize, value: Value) {
        if let Some(owner) = self.owner(name, scope) {
            if matches!(self.scopes[owner].vars.get(name), Some(Binding::Import { .. })) {
                return; // assigning an import throws
            }
            self.scopes[owner].vars.insert(name.to_string(), Binding::Value(value));
        }
    }

    /// The key of a member expression, or the unknown value it evaluated to.
    fn member_key(&mut self, m: &'a MemberExpression<'a>, scope: usize, loc: Loc) -> Result<String, Value> {
        match m {
            MemberExpression::StaticMemberExpression(s) => Ok(s.property.name.to_string()),
            MemberExpression::ComputedMemberExpression(c) => {
                let k = self.eval(&c.expression, scope);
                k.to_js_string().ok_or(k)
            }
            MemberExpression::PrivateFieldExpression(_) => Err(Value::unknown("a private field", loc)),
        }
    }

    /// Evaluates an expression that denotes an object to change (`a.b` in
    /// `a.b.c = v` or `a.b.push(v)`), keeping how it is reached from a variable.
    fn eval_target(&mut self, e: &'a Expression<'a>, scope: usize) -> Target {
        let loc = self.loc(scope, e.span());
        match e {
            Expression::Identifier(id) => {
                let value = self.lookup(id.name.as_str(), scope, loc);
                Target {
                    root: Some((id.name.to_string(), scope)),
                    path: Some(Vec::new()),
                    value,
                    base: None,
                    via: Vec::new(),
                }
            }
            Expression::ParenthesizedExpression(p) => self.eval_target(&p.expression, scope),
            Expression::TSAsExpression(x) => self.eval_target(&x.expression, scope),
            Expression::TSSatisfiesExpression(x) => self.eval_target(&x.expression, scope),
            Expression::TSNonNullExpression(x) => self.eval_target(&x.expression, scope),
            Expression::TSTypeAssertion(x) => self.eval_target(&x.expression, scope),
            other => match other.as_member_expression() {
                Some(m) if !matches!(m, MemberExpression::PrivateFieldExpression(_)) => {
                    self.member_target(m, scope, loc)
                }
                _ => Target::value(self.eval(other, scope)),
            },
        }
    }

    fn member_target(&mut self, m: &'a MemberExpression<'a>, scope: usize, loc: Loc) -> Target {
        let mut t = self.eval_target(m.object(), scope);
        let parent = std::mem::replace(&mut t.value, undefined(loc));
        if m.optional() && matches!(parent.kind, Kind::Undefined | Kind::Null) {
            return Target::value(undefined(loc));
        }
        match self.member_key(m, scope, loc) {
            Ok(k) => {
                match &parent.kind {
                    // inside an unknown spread: the object may be part of that unknown
                    Kind::Object(_) => {
                        if let Lookup::Unknown(u) = parent.get(&k) {
                            t.via.push(u.loc);
                        }
                    }
                    // inside what a call returned: it may be reachable from the call's arguments
                    Kind::Call { .. } | Kind::Construct { .. } if t.base.is_none() => t.base = Some(parent.clone()),
                    _ => {}
                }
                t.value = self.member(&parent, &k, loc);
                if let Some(p) = &mut t.path {
                    p.push(k);
                }
            }
            Err(key) => {
                if t.base.is_none()
                    && matches!(
                        parent.kind,
                        Kind::Object(_) | Kind::Array(_) | Kind::Call { .. } | Kind::Construct { .. }
                    )
                {
                    t.base = Some(parent.clone());
                }
                t.path = None;
                t.value = Value::unknown(format!("a computed property: {}", describe_unknown(&key)), loc);
            }
        }
        t
    }

    /// Changes the object `t` denotes (`change` gets its current contents).
    ///
    /// Reached from a variable through known keys, the variable gets the new
    /// contents. Values are copies here, so every other copy of the object
    /// (the same place in the sources: another variable, a property, a
    /// capture) may be the same object and becomes unknown. What cannot be
    /// followed makes everything it may reach unknown.
    fn mutate(&mut self, t: &Target, site: Loc, change: &mut dyn FnMut(&Value) -> Change) {
        let line = self.line(site);
        let alias = format!("a change at line {line} through another reference to the same object");
        // a frozen object: the change is ignored (or throws)
        let frozen = format!("a change at line {line} of an object given to `Object.freeze()`");
        let frozen_set = &self.frozen;
        let change = &mut |node: &Value| {
            if frozen_set.contains(&node.loc) { Change::Unknown(frozen.clone()) } else { change(node) }
        };
        if let (Some((name, scope)), Some(path)) = (&t.root, &t.path)
            && let Some(owner) = self.owner(name, *scope)
            && let Some(Binding::Value(root)) = self.scopes[owner].vars.get(name.as_str())
            && let Some(node) = node_at(root, path)
            && matches!(node.kind, Kind::Object(_) | Kind::Array(_))
            && node.loc == t.value.loc
        {
            let id = HashSet::from([node.loc]);
            match change(node) {
                Change::To(new) => {
                    // every other copy first (the variable is out meanwhile), then the variable,
                    // whose path is the object itself
                    let Some(Binding::Value(mut root)) = self.scopes[owner].vars.remove(name.as_str()) else { return };
                    if let Some(slot) = node_at_mut(&mut root, path) {
                        *slot = new;
                    }
                    self.taint_locs(&id, &alias);
                    taint_in(&mut root, &id, &alias, Some(path));
                    self.scopes[owner].vars.insert(name.clone(), Binding::Value(root));
                }
                Change::Unknown(why) => self.taint_locs(&id, &why),
            }
            return;
        }
        match &t.value.kind {
            Kind::Object(_) | Kind::Array(_) => {
                let why = match change(&t.value) {
                    Change::To(_) => alias,
                    Change::Unknown(why) => why,
                };
                self.taint_locs(&HashSet::from([t.value.loc]), &why);
            }
            Kind::Function(f) => {
                self.func_props.insert(*f);
            }
            // `exports.list.push(…)`: that export changed
            Kind::External { module, path } if module == GLOBAL => {
                let p: Vec<&str> = path.iter().map(String::as_str).collect();
                let m = match p.as_slice() {
                    ["exports", m, ..] => m.parse::<usize>().ok(),
                    ["module", "exports", ..] => t.root.as_ref().map(|(_, s)| self.scopes[*s].module),
                    _ => None,
                };
                let key = match p.as_slice() {
                    ["exports", _, x, ..] | ["module", "exports", x, ..] => Some(x.to_string()),
                    _ => None,
                };
                if let (Some(m), Some(key)) = (m, key) {
                    let unknown =
                        Value::unknown(format!("a change at line {line} that fedscope does not follow"), site);
                    self.add_export(m, Entry::Prop { key, key_loc: site, value: unknown });
                }
            }
            Kind::Unknown(_) => {
                let mut locs: HashSet<Loc> = t.via.iter().copied().collect();
                locs.insert(t.value.loc);
                locs.extend(self.escaped.iter().copied());
                self.expand_may_alias(&mut locs);
                self.taint_locs(&locs, &format!("a change at line {line} through a value fedscope does not know"));
            }
            _ => {}
        }
        if let Some(base) = &t.base {
            let base = base.clone();
            self.taint_deep(&base, &format!("a change at line {line} through a property fedscope does not know"));
        }
    }

    /// These values are kept where fedscope does not follow (in an unknown
    /// value): a change through an unknown value may change them.
    fn escape(&mut self, values: &[Value]) {
        let mut locs = HashSet::new();
        for v in values {
            collect_locs(v, &mut locs, false);
        }
        locs.retain(|l| *l != Loc::default());
        self.escaped.extend(locs);
    }

    /// Every object or array reachable from `v` (and every copy of it) may have changed.
    fn taint_deep(&mut self, v: &Value, reason: &str) -> HashSet<Loc> {
        let mut locs = HashSet::new();
        collect_locs(v, &mut locs, true);
        self.expand_may_alias(&mut locs);
        self.taint_locs(&locs, reason);
        locs
    }

    /// Adds what unknown values at these places may be (see `may_alias`).
    fn expand_may_alias(&mut self, locs: &mut HashSet<Loc>) {
        let mut queue: Vec<Loc> = locs.iter().copied().collect();
        let mut seen = HashSet::new();
        while let Some(l) = queue.pop() {
            if !seen.insert(l) {
                continue;
            }
            let Some(names) = self.may_alias.get(&l).cloned() else { continue };
            for (n, s) in names {
                if self.owner(&n, s).is_none() {
                    continue;
                }
                let v = self.lookup(&n, s, l);
                let mut more = HashSet::new();
                collect_locs(&v, &mut more, true);
                for x in more {
                    if locs.insert(x) {
                        queue.push(x);
                    }
                }
            }
        }
    }

    /// Makes every object or array at these places unknown, wherever a copy is kept.
    fn taint_locs(&mut self, locs: &HashSet<Loc>, reason: &str) {
        if locs.iter().all(|l| *l == Loc::default()) {
            return;
        }
        let f = |v: &mut Value| taint_in(v, locs, reason, None);
        for s in &mut self.scopes {
            for b in s.vars.values_mut() {
                if let Binding::Value(v) = b {
                    f(v);
                }
            }
        }
        self.memo.values_mut().for_each(f);
        for m in &mut self.modules {
            if let Some(v) = &mut m.cjs {
                f(v);
            }
            for e in &mut m.cjs_props {
                match e {
                    Entry::Prop { value, .. } => f(value),
                    Entry::Spread(v) => f(v),
                }
            }
            for (_, v, _) in &mut m.named {
                f(v);
            }
            if let Some(v) = &mut m.default {
                f(v);
            }
        }
        for c in &mut self.captures {
            c.args.iter_mut().for_each(f);
        }
        self.env_set.values_mut().for_each(f);
    }

    /// The arguments of a call fedscope does not evaluate: it may change
    /// them (not what they hold of other calls' results), and call the
    /// functions among them.
    fn taint_args(&mut self, args: &[Value], reason: &str, site: Loc) {
        self.taint_args_if(args, reason, site, true);
    }

    /// [`Self::taint_args`]; `objects`: whether the objects may change (else
    /// only the functions among them may be called).
    fn taint_args_if(&mut self, args: &[Value], reason: &str, site: Loc, objects: bool) {
        let mut locs = HashSet::new();
        let mut funcs = Vec::new();
        for a in args {
            collect_locs(a, &mut locs, false);
            collect_funcs(a, &mut funcs);
        }
        // a function given as an argument may be called with the other arguments' contents
        // (`_.map(list, fn)`): if it changes what it is given, they change. A function inside
        // an options object is a hook, taken to be given the bundler's own objects.
        let direct: Vec<u32> =
            args.iter().filter_map(|a| if let Kind::Function(f) = a.kind { Some(f) } else { None }).collect();
        let mut seen = HashSet::new();
        let mut objects = objects;
        for f in funcs {
            let how = self.taint_function_effects(f, reason, site, &mut seen);
            objects |= how != 0 && direct.contains(&f);
        }
        if objects {
            self.expand_may_alias(&mut locs);
            self.taint_locs(&locs, reason);
        }
    }

    fn assign(&mut self, a: &'a AssignmentExpression<'a>, scope: usize, loc: Loc) -> Value {
        let op = a.operator;
        if op == AssignmentOperator::Assign {
            // the target's object is evaluated before the right side, as in JavaScript
            return self.write_target(&a.left, scope, loc, false, &mut |ev, _| Some(ev.eval(&a.right, scope)));
        }
        self.write_target(&a.left, scope, loc, true, &mut |ev, current| ev.operate(op, current, &a.right, scope, loc))
    }

    /// `current op= right`: the value to store, or None when nothing is stored
    /// (`x ||= v` with `x` truthy).
    fn operate(
        &mut self,
        op: AssignmentOperator,
        current: Value,
        right: &'a Expression<'a>,
        scope: usize,
        loc: Loc,
    ) -> Option<Value> {
        match op.to_logical_operator() {
            Some(lop) => {
                let take = match lop {
                    LogicalOperator::Or => current.truthy().map(|t| !t),
                    LogicalOperator::And => current.truthy(),
                    LogicalOperator::Coalesce => match current.kind {
                        Kind::Undefined | Kind::Null => Some(true),
                        Kind::Unknown(_) | Kind::External { .. } | Kind::Call { .. } => None,
                        _ => Some(false),
                    },
                };
                match take {
                    Some(true) => {
                        let r = self.eval(right, scope);
                        Some(with_mode(r, current.mode_dependent))
                    }
                    Some(false) => None,
                    None => {
                        let line = self.line(loc);
                        let why = describe_unknown(&current);
                        let reason = format!(
                            "an expression at line {line}, which fedscope does not evaluate (it depends on {why})"
                        );
                        self.taint_effects_expr(right, scope, &reason, loc, Some(loc));
                        Some(Value::unknown(format!("an assignment at line {line} that depends on {why}"), loc))
                    }
                }
            }
            None => {
                let r = self.eval(right, scope);
                let mode = current.mode_dependent || r.mode_dependent;
                let v = match op.to_binary_operator() {
                    Some(b) => binary(b, &current, &r, loc),
                    None => Value::unknown("an operator fedscope does not evaluate", loc),
                };
                Some(with_mode(v, mode))
            }
        }
    }

    /// Stores into an assignment target what `compute(current)` gives (None:
    /// nothing is stored); returns the stored value (else the current one).
    /// `read`: whether `compute` needs the current value.
    fn write_target(
        &mut self,
        target: &'a AssignmentTarget<'a>,
        scope: usize,
        loc: Loc,
        read: bool,
        compute: &mut dyn FnMut(&mut Self, Value) -> Option<Value>,
    ) -> Value {
        match target {
            AssignmentTarget::ArrayAssignmentTarget(p) => {
                let v = compute(self, undefined(loc)).unwrap_or_else(|| undefined(loc));
                self.assign_array_pattern(p, v.clone(), scope, loc);
                v
            }
            AssignmentTarget::ObjectAssignmentTarget(p) => {
                let v = compute(self, undefined(loc)).unwrap_or_else(|| undefined(loc));
                self.assign_object_pattern(p, v.clone(), scope, loc);
                v
            }
            other => match other.as_simple_assignment_target() {
                Some(simple) => self.write_simple(simple, scope, loc, read, compute),
                None => {
                    let v = compute(self, undefined(loc)).unwrap_or_else(|| undefined(loc));
                    Value::unknown("an assignment fedscope does not evaluate", v.loc)
                }
            },
        }
    }

    fn write_simple(
        &mut self,
        target: &'a SimpleAssignmentTarget<'a>,
        scope: usize,
        loc: Loc,
        read: bool,
        compute: &mut dyn FnMut(&mut Self, Value) -> Option<Value>,
    ) -> Value {
        match target {
            SimpleAssignmentTarget::AssignmentTargetIdentifier(id) => {
                self.write_var(id.name.as_str(), scope, loc, read, compute)
            }
            SimpleAssignmentTarget::TSAsExpression(x) => self.write_expr(&x.expression, scope, loc, read, compute),
            SimpleAssignmentTarget::TSSatisfiesExpression(x) => {
                self.write_expr(&x.expression, scope, loc, read, compute)
            }
            SimpleAssignmentTarget::TSNonNullExpression(x) => self.write_expr(&x.expression, scope, loc, read, compute),
            SimpleAssignmentTarget::TSTypeAssertion(x) => self.write_expr(&x.expression, scope, loc, read, compute),
            other => match other.as_member_expression() {
                Some(m) => self.write_member(m, scope, loc, read, compute),
                None => {
                    let v = compute(self, undefined(loc)).unwrap_or_else(|| undefined(loc));
                    Value::unknown("an assignment fedscope does not evaluate", v.loc)
                }
            },
        }
    }

    /// A target written as an expression (`(x as any).y = v`).
    fn write_expr(
        &mut self,
        e: &'a Expression<'a>,
        scope: usize,
        loc: Loc,
        read: bool,
        compute: &mut dyn FnMut(&mut Self, Value) -> Option<Value>,
    ) -> Value {
        match e {
            Expression::Identifier(id) => self.write_var(id.name.as_str(), scope, loc, read, compute),
            Expression::ParenthesizedExpression(p) => self.write_expr(&p.expression, scope, loc, read, compute),
            Expression::TSAsExpression(x) => self.write_expr(&x.expression, scope, loc, read, compute),
            Expression::TSSatisfiesExpression(x) => self.write_expr(&x.expression, scope, loc, read, compute),
            Expression::TSNonNullExpression(x) => self.write_expr(&x.expression, scope, loc, read, compute),
            Expression::TSTypeAssertion(x) => self.write_expr(&x.expression, scope, loc, read, compute),
            other => match other.as_member_expression() {
                Some(m) => self.write_member(m, scope, loc, read, compute),
                None => {
                    let v = compute(self, undefined(loc)).unwrap_or_else(|| undefined(loc));
                    Value::unknown("an assignment fedscope does not evaluate", v.loc)
                }
            },
        }
    }

    fn write_var(
        &mut self,
        name: &str,
        scope: usize,
        loc: Loc,
        read: bool,
        compute: &mut dyn FnMut(&mut Self, Value) -> Option<Value>,
    ) -> Value {
        let current = if read { self.lookup(name, scope, loc) } else { undefined(loc) };
        match compute(self, current.clone()) {
            Some(v) => {
                self.rebind(name, scope, v.clone());
                v
            }
            None => current,
        }
    }

    fn write_member(
        &mut self,
        member: &'a MemberExpression<'a>,
        scope: usize,
        loc: Loc,
        read: bool,
        compute: &mut dyn FnMut(&mut Self, Value) -> Option<Value>,
    ) -> Value {
        let obj = self.eval_target(member.object(), scope);
        let key = self.member_key(member, scope, loc);
        let current = match (&key, read) {
            (Ok(k), true) => self.member(&obj.value, k, loc),
            (Err(k), true) => Value::unknown(format!("a computed property: {}", describe_unknown(k)), loc),
            (_, false) => undefined(loc),
        };
        let Some(value) = compute(self, current.clone()) else { return current };
        let line = self.line(loc);
        let into_unknown = obj.value.is_unknown();
        if let Kind::External { module, path } = &obj.value.kind
            && module == GLOBAL
        {
            let p: Vec<&str> = path.iter().map(String::as_str).collect();
            let m = self.scopes[scope].module;
            let key_loc = self.loc(scope, member.span());
            match (p.as_slice(), &key) {
                // module.exports = …
                (["module"], Ok(k)) if k == "exports" => {
                    self.modules[m].cjs = Some(value.clone());
                    self.modules[m].cjs_props.clear();
                }
                // module.exports.x = … / exports.x = …
                (["module", "exports"] | ["exports", _], _) => {
                    let entry = match &key {
                        Ok(k) => Entry::Prop { key: k.clone(), key_loc, value: value.clone() },
                        Err(_) => Entry::Spread(Value::unknown(
                            format!("an export set at line {line} with a name that is not known"),
                            key_loc,
                        )),
                    };
                    self.add_export(m, entry);
                }
                // module.exports.x.y = …: the export `x` changed
                (["module", "exports", x, ..] | ["exports", _, x, ..], _) => {
                    let entry = Entry::Prop {
                        key: x.to_string(),
                        key_loc,
                        value: Value::unknown(
                            format!("a change at line {line} that fedscope does not follow"),
                            key_loc,
                        ),
                    };
                    self.add_export(m, entry);
                }
                (["process", "env"], Ok(k)) => {
                    self.env_set.insert(k.clone(), value.clone());
                }
                (["process", "env"], Err(_)) => {
                    self.env_unknown =
                        Some((format!("a change of `process.env` at line {line} with a name that is not known"), loc));
                }
                _ => {}
            }
            return value;
        }
        self.mutate(&obj, loc, &mut |node| set_key(node, &key, &value, loc, line));
        if into_unknown {
            // kept in a value fedscope does not know: changes through it may reach it
            self.escape(std::slice::from_ref(&value));
        }
        value
    }

    /// Adds an entry to a CommonJS module's exports.
    fn add_export(&mut self, m: usize, entry: Entry) {
        match &mut self.modules[m].cjs {
            Some(Value { kind: Kind::Object(entries), .. }) => entries.push(entry),
            Some(other) => {
                if !other.is_unknown() {
                    *other = Value::unknown("exports changed in a way fedscope does not follow", other.loc);
                }
            }
            None => self.modules[m].cjs_props.push(entry),
        }
    }

    /// `[a, b.c = 1, ...rest] = value`
    fn assign_array_pattern(&mut self, p: &'a ArrayAssignmentTarget<'a>, value: Value, scope: usize, loc: Loc) {
        let items = match &value.kind {
            Kind::Array(items) => Some(items.clone()),
            _ => None,
        };
        let item = |i: usize| match &items {
            Some(items) => items.get(i).cloned().unwrap_or_else(|| undefined(loc)),
            None => Value::unknown(format!("destructuring of {}", describe_unknown(&value)), loc),
        };
        for (i, el) in p.elements.iter().enumerate() {
            if let Some(el) = el {
                self.assign_maybe_default(el, item(i), scope, loc);
            }
        }
        if let Some(rest) = &p.rest {
            let v = match &items {
                Some(items) => Value::new(Kind::Array(items.iter().skip(p.elements.len()).cloned().collect()), loc),
                None => Value::unknown(format!("destructuring of {}", describe_unknown(&value)), loc),
            };
            self.write_target(&rest.target, scope, loc, false, &mut |_, _| Some(v.clone()));
        }
    }

    /// `({ a, b: c.d, ...rest } = value)`
    fn assign_object_pattern(&mut self, p: &'a ObjectAssignmentTarget<'a>, value: Value, scope: usize, loc: Loc) {
        let mut seen: Vec<String> = Vec::new();
        let mut all_known = true;
        for prop in &p.properties {
            match prop {
                AssignmentTargetProperty::AssignmentTargetPropertyIdentifier(id) => {
                    let name = id.binding.name.to_string();
                    let mut v = self.member(&value, &name, loc);
                    if matches!(v.kind, Kind::Undefined)
                        && let Some(init) = &id.init
                    {
                        v = self.eval(init, scope);
                    }
                    seen.push(name.clone());
                    self.rebind(&name, scope, v);
                }
                AssignmentTargetProperty::AssignmentTargetPropertyProperty(pp) => {
                    let v = match self.prop_key(&pp.name, pp.computed, scope) {
                        Ok(k) => {
                            let v = self.member(&value, &k, loc);
                            seen.push(k);
                            v
                        }
                        Err(u) => {
                            all_known = false;
                            Value::unknown(format!("a computed key: {}", describe_unknown(&u)), loc)
                        }
                    };
                    self.assign_maybe_default(&pp.binding, v, scope, loc);
                }
            }
        }
        if let Some(rest) = &p.rest {
            let v = match &value.kind {
                Kind::Object(_) if all_known => {
                    let (props, unknown) = value.props();
                    let mut entries: Vec<Entry> = props
                        .into_iter()
                        .filter(|(k, _)| !seen.iter().any(|s| s == k))
                        .map(|(k, val)| Entry::Prop { key: k.to_string(), key_loc: val.loc, value: val.clone() })
                        .collect();
                    if let Some(u) = unknown {
                        entries.insert(0, Entry::Spread(u.clone()));
                    }
                    Value::new(Kind::Object(entries), loc)
                }
                _ => Value::unknown("a rest pattern over a value that is not known", loc),
            };
            self.write_target(&rest.target, scope, loc, false, &mut |_, _| Some(v.clone()));
        }
    }

    fn assign_maybe_default(&mut self, el: &'a AssignmentTargetMaybeDefault<'a>, v: Value, scope: usize, loc: Loc) {
        match el {
            AssignmentTargetMaybeDefault::AssignmentTargetWithDefault(d) => {
                let v = if matches!(v.kind, Kind::Undefined) { self.eval(&d.init, scope) } else { v };
                self.write_target(&d.binding, scope, loc, false, &mut |_, _| Some(v.clone()));
            }
            other => {
                if let Some(t) = other.as_assignment_target() {
                    self.write_target(t, scope, loc, false, &mut |_, _| Some(v.clone()));
                }
            }
        }
    }

    /// `x++`, `--o.n`
    fn update(&mut self, u: &'a UpdateExpression<'a>, scope: usize, loc: Loc) -> Value {
        let delta = if u.operator == UpdateOperator::Increment { 1.0 } else { -1.0 };
        let mut old = None;
        let new = self.write_simple(&u.argument, scope, loc, true, &mut |_, current| {
            let n = match &current.kind {
                Kind::Num(n) => Some(*n),
                Kind::Str(s) => Some(fedscope_semver::js::to_number(s)),
                Kind::Bool(b) => Some(if *b { 1.0 } else { 0.0 }),
                Kind::Null => Some(0.0),
                Kind::Undefined => Some(f64::NAN),
                _ => None,
            };
            let mode = current.mode_dependent;
            Some(match n {
                Some(n) => {
                    old = Some(with_mode(num(n, loc), mode));
                    with_mode(num(n + delta, loc), mode)
                }
                None => Value::unknown(format!("an update of {}", describe_unknown(&current)), loc),
            })
        });
        if u.prefix { new } else { old.unwrap_or(new) }
    }

    /// `delete o.x`
    fn delete(&mut self, arg: &'a Expression<'a>, scope: usize, loc: Loc) -> Value {
        let Some(member) = arg.without_parentheses().as_member_expression() else {
            let _ = self.eval(arg, scope);
            return Value::unknown("the result of `delete`", loc);
        };
        let obj = self.eval_target(member.object(), scope);
        let key = self.member_key(member, scope, loc);
        let line = self.line(loc);
        if let Kind::External { module, path } = &obj.value.kind
            && module == GLOBAL
        {
            let p: Vec<&str> = path.iter().map(String::as_str).collect();
            let m = self.scopes[scope].module;
            match (p.as_slice(), &key) {
                (["process", "env"], Ok(k)) => {
                    self.env_set.insert(k.clone(), undefined(loc));
                }
                (["process", "env"], Err(_)) => {
                    self.env_unknown =
                        Some((format!("a change of `process.env` at line {line} with a name that is not known"), loc));
                }
                (["module", "exports", ..] | ["exports", ..], _) => {
                    let entry = match &key {
                        Ok(k) => Entry::Prop {
                            key: k.clone(),
                            key_loc: loc,
                            value: Value::unknown(format!("a `delete` at line {line}"), loc),
                        },
                        Err(_) => Entry::Spread(Value::unknown(
                            format!("a `delete` at line {line} of an export whose name is not known"),
                            loc,
                        )),
                    };
                    self.add_export(m, entry);
                }
                _ => {}
            }
            return Value::new(Kind::Bool(true), loc);
        }
        self.mutate(&obj, loc, &mut |node| delete_key(node, &key, line));
        Value::new(Kind::Bool(true), loc)
    }

    fn call_expr(&mut self, c: &'a CallExpression<'a>, scope: usize, loc: Loc) -> Value {
        // method calls: evaluate the receiver once
        if let Some(member) = c.callee.without_parentheses().as_member_expression() {
            let target = self.eval_target(member.object(), scope);
            if c.optional && matches!(target.value.kind, Kind::Undefined | Kind::Null) {
                return undefined(loc);
            }
            let method = match member {
                MemberExpression::StaticMemberExpression(s) => Some(s.property.name.to_string()),
                MemberExpression::ComputedMemberExpression(cm) => self.eval(&cm.expression, scope).to_js_string(),
                _ => None,
            };
            let Some(method) = method else {
                let args = self.args(&c.arguments, scope);
                let line = self.line(loc);
                self.taint_args(&args, &format!("a call at line {line} of a computed method"), loc);
                self.mutate(&target, loc, &mut |_| {
                    Change::Unknown(format!("a call at line {line} of a computed method"))
                });
                return Value::unknown("a call of a computed method", loc);
            };
            // Object.assign(target, …) and co change their first argument
            if let Kind::External { module, path } = &target.value.kind
                && module == GLOBAL
                && path.len() == 1
                && path[0] == "Object"
                && matches!(method.as_str(), "assign" | "defineProperty" | "defineProperties" | "setPrototypeOf")
            {
                return self.object_mutator(&method, c, scope, loc);
            }
            let args = self.args(&c.arguments, scope);
            if let Some(v) = self.builtin_method(&target, &method, &args, loc) {
                return v;
            }
            let receiver = target.value.clone();
            // `exports.list.push(…)`: a method of an export (read as `exports.…`) may change it
            if let Kind::External { module, path } = &receiver.kind
                && module == GLOBAL
                && matches!(path.first().map(String::as_str), Some("exports" | "module"))
                && path.len() >= 3
                && !PURE_METHODS.contains(&method.as_str())
            {
                let line = self.line(loc);
                self.mutate(&target, loc, &mut |_| {
                    Change::Unknown(format!("a call at line {line} that may change it"))
                });
            }
            let callee = self.member(&receiver, &method, loc);
            if matches!(callee.kind, Kind::Function(_) | Kind::External { .. }) {
                return self.apply(callee, Some(&receiver), args, false, loc);
            }
            // a method fedscope does not know, of a value it does not know: it may change
            // the receiver, and (unless it only stores them) its arguments
            let line = self.line(loc);
            let reason = format!("`.{method}()` at line {line}, which fedscope does not evaluate");
            if !PURE_METHODS.contains(&method.as_str()) {
                self.mutate(&target, loc, &mut |_| Change::Unknown(reason.clone()));
                if STORING_METHODS.contains(&method.as_str()) {
                    // stored in a value fedscope does not know: changes through it may reach them
                    self.escape(&args);
                } else {
                    let objects = self.unused == Some(loc) || mutating_helper(&method);
                    self.taint_args_if(&args, &reason, loc, objects);
                    // its result (unknown) may be one of them
                    self.escape(&args);
                }
            }
            if callee.is_unknown() {
                return Value::unknown(format!("a call of {}", describe_unknown(&callee)), loc);
            }
            return self.apply(callee, Some(&receiver), args, false, loc);
        }
        let callee = self.eval(&c.callee, scope);
        let args = self.args(&c.arguments, scope);
        if let Kind::External { module, path } = &callee.kind
            && module == GLOBAL
            && path.len() == 1
            && path[0] == "require"
        {
            return match args.first().and_then(Value::as_str) {
                Some(spec) => {
                    let spec = spec.to_string();
                    self.require(&spec, scope, loc)
                }
                None => Value::unknown("a require of a computed specifier", loc),
            };
        }
        self.apply(callee, None, args, false, loc)
    }

    /// `Object.assign(target, …)`, `Object.defineProperty(target, …)`, …: they change `target`.
    fn object_mutator(&mut self, method: &str, c: &'a CallExpression<'a>, scope: usize, loc: Loc) -> Value {
        let first = c.arguments.first().and_then(|a| a.as_expression());
        let Some(first) = first else {
            let args = self.args(&c.arguments, scope);
            return self.global_call(&["Object".to_string(), method.to_string()], args, false, loc);
        };
        let target = self.eval_target(first, scope);
        let mut rest = Vec::new();
        for a in c.arguments.iter().skip(1) {
            match a {
                Argument::SpreadElement(s) => {
                    let v = self.eval(&s.argument, scope);
                    match v.kind {
                        Kind::Array(items) => rest.extend(items),
                        _ => rest.push(Value::unknown("spread arguments that are not known", v.loc)),
                    }
                }
                other => match other.as_expression() {
                    Some(e) => rest.push(self.eval(e, scope)),
                    None => rest.push(Value::unknown("an argument fedscope does not evaluate", loc)),
                },
            }
        }
        let line = self.line(loc);
        let not_followed = format!("`Object.{method}()` at line {line}, which fedscope does not follow here");
        // Object.assign(process.env, …)
        if let Kind::External { module, path } = &target.value.kind
            && module == GLOBAL
            && path.iter().map(String::as_str).eq(["process", "env"])
        {
            for src in &rest {
                let (props, unknown) = src.props();
                if unknown.is_some()
                    || !matches!(src.kind, Kind::Object(_) | Kind::Undefined | Kind::Null)
                    || method != "assign"
                {
                    self.env_unknown =
                        Some((format!("a change of `process.env` at line {line} that fedscope does not follow"), loc));
                }
                for (k, v) in props {
                    self.env_set.insert(k.to_string(), v.clone());
                }
            }
            return target.value;
        }
        let mut result = None;
        match method {
            "assign" => {
                self.mutate(&target, loc, &mut |node| match &node.kind {
                    Kind::Object(entries) => {
                        let mut entries = entries.clone();
                        for src in &rest {
                            match &src.kind {
                                Kind::Object(e) => entries.extend(e.iter().cloned()),
                                Kind::Undefined | Kind::Null | Kind::Bool(_) | Kind::Num(_) => {}
                                _ => entries.push(Entry::Spread(src.clone())),
                            }
                        }
                        let v = Value { kind: Kind::Object(entries), ..node.clone() };
                        result = Some(v.clone());
                        Change::To(v)
                    }
                    _ => Change::Unknown(not_followed.clone()),
                });
                if result.is_none() && !matches!(target.value.kind, Kind::Object(_) | Kind::Array(_)) {
                    // what is known of the result: the sources' keys, over an unknown target
                    let mut args = vec![target.value.clone()];
                    args.extend(rest);
                    return self.global_call(&["Object".to_string(), "assign".to_string()], args, false, loc);
                }
            }
            "defineProperty" => {
                let key = rest.first().and_then(Value::to_js_string);
                let desc = rest.get(1).cloned().unwrap_or_else(|| undefined(loc));
                // an enumerable data property is a property like any other
                let plain = matches!(desc.kind, Kind::Object(_))
                    && matches!(desc.get("enumerable"), Lookup::Found(e) if e.as_bool() == Some(true))
                    && matches!(desc.get("get"), Lookup::Missing)
                    && matches!(desc.get("set"), Lookup::Missing);
                let value = match desc.get("value") {
                    Lookup::Found(v) => Some(v.clone()),
                    Lookup::Missing => Some(undefined(loc)),
                    Lookup::Unknown(_) => None,
                };
                self.mutate(&target, loc, &mut |node| match (&key, &value) {
                    (Some(k), Some(v)) if plain && matches!(node.kind, Kind::Object(_)) => {
                        let c = set_key(node, &Ok(k.clone()), v, loc, line);
                        if let Change::To(v) = &c {
                            result = Some(v.clone());
                        }
                        c
                    }
                    _ => Change::Unknown(not_followed.clone()),
                });
            }
            _ => self.mutate(&target, loc, &mut |_| Change::Unknown(not_followed.clone())),
        }
        result.unwrap_or_else(|| Value::unknown(not_followed, loc))
    }

    fn require(&mut self, spec: &str, scope: usize, loc: Loc) -> Value {
        let from = self.module_path(scope);
        match self.host.resolve(&from, spec) {
            Resolved::File(p) => self.eval_file(&p),
            Resolved::Package(module) => Value::new(Kind::External { module, path: Vec::new() }, loc),
            Resolved::Unresolved(why) => Value::unknown(format!("cannot resolve `{spec}`: {why}"), loc),
        }
    }

    /// Calls `callee` with `args`.
    pub fn apply(
        &mut self,
        callee: Value,
        receiver: Option<&Value>,
        args: Vec<Value>,
        construct: bool,
        loc: Loc,
    ) -> Value {
        let line = self.line(loc);
        match &callee.kind {
            Kind::Function(i) => {
                let f = *i;
                if construct {
                    // the function body runs, fedscope does not evaluate it
                    let reason = format!("`new` at line {line}, which fedscope does not evaluate");
                    self.taint_args(&args, &reason, loc);
                    let _ = self.taint_function_effects(f, &reason, loc, &mut HashSet::new());
                    return Value::unknown("`new` of a function of the sources", loc);
                }
                let r = self.call_function(f, args, loc);
                // a method that uses `this` may change its object, which fedscope does not follow
                if let Some(recv) = receiver
                    && matches!(recv.kind, Kind::Object(_) | Kind::Array(_) | Kind::Unknown(_))
                    && self.uses_this(f)
                {
                    let recv = recv.clone();
                    self.taint_deep(
                        &recv,
                        &format!("a method called at line {line} that uses `this`, which fedscope does not follow"),
                    );
                }
                r
            }
            Kind::External { module, path } if module == GLOBAL => self.global_call(path, args, construct, loc),
            Kind::External { module, path } => {
                let (module, path) = (module.clone(), path.clone());
                let file = self.files.path(loc.file).to_path_buf();
                if let Some(v) = node_builtin(&module, &path, &args, construct, loc) {
                    return v;
                }
                if self.host.captures(&module, &path) {
                    self.captures.push(Capture {
                        module: module.clone(),
                        path: path.clone(),
                        construct,
                        args: args.clone(),
                        loc,
                        context: self.context.clone(),
                    });
                }
                match self.host.external_call(&file, &module, &path, construct, &args) {
                    Behaviour::Value(v) => v,
                    Behaviour::Identity { arg, call_with } => {
                        let v = args.get(arg).cloned().unwrap_or_else(|| undefined(loc));
                        if let Kind::Function(f) = v.kind {
                            self.context.push(format!("{}(…)", path.last().map(String::as_str).unwrap_or(&module)));
                            let r = self.call_function(f, call_with, loc);
                            self.context.pop();
                            r
                        } else {
                            v
                        }
                    }
                    Behaviour::Opaque => {
                        // a function of a package may change its arguments and call the functions
                        // among them (constructors, plugins, are taken to keep their options as given)
                        if !construct && !self.host.captures(&module, &path) {
                            let reason = format!(
                                "a call of {} at line {line}, which fedscope does not evaluate",
                                external_name(&module, &path)
                            );
                            // taken to change its object arguments when called for its effect
                            // (its result unused) or named like a helper that does (`merge`, `assign`, …)
                            let objects = self.unused == Some(loc) || external_mutates(&module, &path);
                            self.taint_args_if(&args, &reason, loc, objects);
                        }
                        let kind = if construct {
                            Kind::Construct { callee: Box::new(callee.clone()), args }
                        } else {
                            Kind::Call { callee: Box::new(callee.clone()), args }
                        };
                        Value::new(kind, loc)
                    }
                }
            }
            Kind::Unknown(_) | Kind::Call { .. } | Kind::Construct { .. } => {
                // a function fedscope does not know may change its arguments and call the functions among them
                let reason = format!("a call at line {line} of a function fedscope does not know");
                let objects = self.unused == Some(loc);
                self.taint_args_if(&args, &reason, loc, objects);
                // its result (unknown) may be one of them
                self.escape(&args);
                Value::unknown(format!("a call of {}", describe_unknown(&callee)), loc)
            }
            _ => Value::unknown("a call of a value that is not a function", loc),
        }
    }

    /// Calls a function of the sources with known arguments.
    pub fn call_function(&mut self, f: u32, args: Vec<Value>, loc: Loc) -> Value {
        if self.depth >= MAX_DEPTH {
            let reason = format!("a call at line {} nested too deeply to evaluate", self.line(loc));
            self.taint_args(&args, &reason, loc);
            let _ = self.taint_function_effects(f, &reason, loc, &mut HashSet::new());
            return Value::unknown("calls nested too deeply", loc);
        }
        let (body, parent) = match &self.funcs[f as usize] {
            Func { body: FuncBody::Arrow(a), scope, .. } => (FuncBody::Arrow(a), *scope),
            Func { body: FuncBody::Func(x), scope, .. } => (FuncBody::Func(x), *scope),
        };
        let m = self.scopes[parent].module;
        let scope = self.new_scope(Some(parent), m);
        let params = match &body {
            FuncBody::Arrow(a) => &a.params,
            FuncBody::Func(x) => &x.params,
        };
        for (i, p) in params.items.iter().enumerate() {
            let mut v = args.get(i).cloned().unwrap_or_else(|| undefined(loc));
            if matches!(v.kind, Kind::Undefined)
                && let Some(init) = &p.initializer
            {
                v = self.eval(init, scope);
            }
            self.bind_pattern(&p.pattern, v, scope);
        }
        if let Some(rest) = &params.rest {
            let rest_vals: Vec<Value> = args.iter().skip(params.items.len()).cloned().collect();
            self.bind_pattern(&rest.rest.argument, Value::new(Kind::Array(rest_vals), loc), scope);
        }
        // `arguments` (of a function, not an arrow): the values given, as copies of the caller's
        if matches!(body, FuncBody::Func(_)) && !self.scopes[scope].vars.contains_key("arguments") {
            self.scopes[scope]
                .vars
                .insert("arguments".into(), Binding::Value(Value::new(Kind::Array(args.clone()), loc)));
        }
        let funcs_before = self.funcs.len();
        let alias_before = self.may_alias_adds;
        self.depth += 1;
        let mut bailed = false;
        let result = match body {
            FuncBody::Arrow(a) => match &a.body {
                ArrowFunctionBody::FunctionBody(b) => match self.exec_block(&b.statements, scope) {
                    Flow::Return(v) => v,
                    Flow::Bail(v) => {
                        bailed = true;
                        v
                    }
                    Flow::Normal => undefined(loc),
                },
                other => match other.as_expression() {
                    Some(e) => self.eval(e, scope),
                    None => undefined(loc),
                },
            },
            FuncBody::Func(x) => match &x.body {
                Some(b) => match self.exec_block(&b.statements, scope) {
                    Flow::Return(v) => v,
                    Flow::Bail(v) => {
                        bailed = true;
                        v
                    }
                    Flow::Normal => undefined(loc),
                },
                None => undefined(loc),
            },
        };
        self.depth -= 1;
        if bailed {
            // the unknown result may be any object the function could reach: its
            // arguments, and what it reads around it
            self.escape(&args);
            self.escape(std::slice::from_ref(&result));
            let fx = self.function_fx(f);
            let names: Vec<(String, usize)> = fx.read.into_iter().map(|n| (n, parent)).collect();
            if result.loc != Loc::default() {
                self.may_alias.entry(result.loc).or_default().extend(names);
                self.may_alias_adds += 1;
            }
        }
        // the call's scopes are dead unless a function made in them (or a `may_alias` entry)
        // refers to them: their values no longer need to be kept (nor updated by changes)
        if self.may_alias_adds == alias_before && self.funcs[funcs_before..].iter().all(|x| x.scope < scope) {
            for s in &mut self.scopes[scope..] {
                if s.parent.is_some() {
                    s.vars.clear();
                }
            }
        }
        result
    }

    // ---- code that is not evaluated ---------------------------------------------

    /// What a statement fedscope does not evaluate may change becomes unknown.
    fn taint_effects_stmt(&mut self, stmt: &'a Statement<'a>, scope: usize, reason: &str, site: Loc) {
        self.taint_effects_stmts(std::slice::from_ref(stmt), scope, reason, site);
    }

    /// Same for statements in a row (what one declares is local to them all).
    fn taint_effects_stmts(&mut self, stmts: &'a [Statement<'a>], scope: usize, reason: &str, site: Loc) {
        let (Some(first), Some(last)) = (stmts.first(), stmts.last()) else { return };
        let m = self.scopes[scope].module;
        let fx = {
            let scoping = self.scoping(m);
            let mut c = Collector::new(scoping, Span::new(first.span().start, last.span().end));
            for s in stmts {
                c.visit_statement(s);
            }
            c.fx
        };
        let _ = self.apply_effects(fx, scope, reason, site, None, &mut HashSet::new());
    }

    /// Same for a `catch` clause (its parameter is local).
    fn taint_effects_catch(&mut self, h: &'a CatchClause<'a>, scope: usize, reason: &str, site: Loc) {
        let m = self.scopes[scope].module;
        let fx = {
            let scoping = self.scoping(m);
            let mut c = Collector::new(scoping, h.span);
            c.visit_catch_clause(h);
            c.fx
        };
        let _ = self.apply_effects(fx, scope, reason, site, None, &mut HashSet::new());
    }

    /// Same for an expression; `value_at`: the place of the unknown value it
    /// stands in for, which may be any object the expression reads.
    fn taint_effects_expr(
        &mut self,
        e: &'a Expression<'a>,
        scope: usize,
        reason: &str,
        site: Loc,
        value_at: Option<Loc>,
    ) {
        let m = self.scopes[scope].module;
        let fx = {
            let scoping = self.scoping(m);
            let mut c = Collector::new(scoping, e.span());
            c.visit_expression(e);
            c.fx
        };
        let _ = self.apply_effects(fx, scope, reason, site, value_at, &mut HashSet::new());
    }

    /// What a function's body may change when it runs where fedscope does not follow.
    /// Returns how it changes objects through its own variables
    /// ([`THROUGH_PARAM`]: what it is given may change).
    fn taint_function_effects(&mut self, f: u32, reason: &str, site: Loc, seen: &mut HashSet<u32>) -> u8 {
        if !seen.insert(f) {
            return 0;
        }
        let scope = self.funcs[f as usize].scope;
        let fx = self.function_fx(f);
        self.apply_effects(fx, scope, reason, site, None, seen)
    }

    /// The effects of a function's body (its variables declared outside it are
    /// read in the scope it was defined in).
    fn function_fx(&mut self, f: u32) -> Effects {
        let (body, scope) = match &self.funcs[f as usize] {
            Func { body: FuncBody::Arrow(a), scope, .. } => (FuncBody::Arrow(a), *scope),
            Func { body: FuncBody::Func(x), scope, .. } => (FuncBody::Func(x), *scope),
        };
        let m = self.scopes[scope].module;
        let scoping = self.scoping(m);
        let (span, params) = match &body {
            FuncBody::Arrow(a) => (a.span, &a.params),
            FuncBody::Func(x) => (x.span, &x.params),
        };
        let mut c = Collector::new(scoping, span);
        let mut ids = BindingIds(Vec::new());
        ids.visit_formal_parameters(params);
        c.params.extend(ids.0);
        match body {
            FuncBody::Arrow(a) => c.visit_arrow_function_expression(a),
            FuncBody::Func(x) => c.visit_function(x, ScopeFlags::Function),
        }
        c.fx
    }

    /// Whether a function (not an arrow) reads `this`.
    fn uses_this(&self, f: u32) -> bool {
        let Func { body: FuncBody::Func(x), .. } = &self.funcs[f as usize] else { return false };
        let mut v = UsesThis(false);
        if let Some(b) = &x.body {
            v.visit_function_body(b);
        }
        v.0
    }

    fn apply_effects(
        &mut self,
        fx: Effects,
        scope: usize,
        reason: &str,
        site: Loc,
        value_at: Option<Loc>,
        seen: &mut HashSet<u32>,
    ) -> u8 {
        let mut fx = fx;
        for names in [&mut fx.assigned, &mut fx.changed, &mut fx.read] {
            let mut seen_names = HashSet::new();
            names.retain(|n| seen_names.insert(n.clone()));
        }
        let mut seen_sets = HashSet::new();
        fx.sets.retain(|x| seen_sets.insert((x.root.clone(), x.path.clone(), x.key.clone(), x.whole)));
        let mut tainted: HashSet<Loc> = HashSet::new();
        for name in &fx.assigned {
            tainted.extend(self.taint_var(name, scope, reason, site, true));
        }
        for name in &fx.changed {
            tainted.extend(self.taint_var(name, scope, reason, site, false));
        }
        for set in &fx.sets {
            tainted.extend(self.taint_set(set, scope, reason, site));
        }
        let m = self.scopes[scope].module;
        if fx.exports_replaced {
            if !self.modules[m].cjs.as_ref().is_some_and(Value::is_unknown) {
                self.modules[m].cjs = Some(Value::unknown(reason, site));
            }
        } else if fx.exports {
            self.add_export(m, Entry::Spread(Value::unknown(reason, site)));
        }
        if fx.env && self.env_unknown.is_none() {
            self.env_unknown = Some((reason.to_string(), site));
        }
        let mut local_change = fx.local_change;
        for call in &fx.calls {
            tainted.extend(self.call_effects(call, scope, reason, site, seen, &mut local_change));
        }
        if local_change & THROUGH_LOCAL != 0 {
            // the code changes an object through a variable of its own, which may hold any
            // object it reads
            for name in &fx.read {
                tainted.extend(self.taint_var(name, scope, reason, site, false));
            }
        }
        // an unknown that stands for a variable's new value may be any object the code reads
        if !fx.read.is_empty() {
            let names: Vec<(String, usize)> = fx.read.iter().map(|n| (n.clone(), scope)).collect();
            tainted.insert(site);
            tainted.extend(value_at);
            for l in tainted {
                if l != Loc::default() {
                    self.may_alias.entry(l).or_default().extend(names.iter().cloned());
                }
            }
            self.may_alias_adds += 1;
        }
        local_change
    }

    /// Variable `name` (seen from `scope`) may be changed (`assigned`: given
    /// another value; else what it holds may change): it, and every object
    /// reachable from it (wherever a copy is kept), become unknown. Returns
    /// the places made unknown.
    fn taint_var(&mut self, name: &str, scope: usize, reason: &str, site: Loc, assigned: bool) -> HashSet<Loc> {
        let Some(owner) = self.owner(name, scope) else { return HashSet::new() };
        if matches!(self.scopes[owner].vars.get(name), Some(Binding::Import { .. })) && assigned {
            return HashSet::new();
        }
        let v = self.lookup(name, scope, site);
        if let Kind::Function(f) = v.kind
            && !assigned
        {
            self.func_props.insert(f);
        }
        let locs = self.taint_deep(&v, reason);
        if assigned {
            self.scopes[owner].vars.insert(name.to_string(), Binding::Value(Value::unknown(reason, site)));
        }
        locs
    }

    /// A property that code fedscope does not evaluate may set: it becomes
    /// unknown (as does every other copy of its object). Returns the places made unknown.
    fn taint_set(&mut self, set: &SetFx, scope: usize, reason: &str, site: Loc) -> HashSet<Loc> {
        if self.owner(&set.root, scope).is_none() {
            return HashSet::new();
        }
        let t = self.target_at(&set.root, scope, &set.path, site);
        let line = self.line(site);
        let unknown = Value::unknown(reason, site);
        match &set.key {
            _ if set.whole => self.mutate(&t, site, &mut |_| Change::Unknown(reason.to_string())),
            Some(k) => {
                let key = Ok(k.clone());
                self.mutate(&t, site, &mut |node| set_key(node, &key, &unknown, site, line));
            }
            // a key that is not known: any key may be set
            _ => self.mutate(&t, site, &mut |node| match &node.kind {
                Kind::Object(entries) => {
                    let mut entries = entries.clone();
                    entries.push(Entry::Spread(unknown.clone()));
                    Change::To(Value { kind: Kind::Object(entries), ..node.clone() })
                }
                _ => Change::Unknown(reason.to_string()),
            }),
        }
        let mut out = HashSet::from([site]);
        if matches!(t.value.kind, Kind::Object(_) | Kind::Array(_) | Kind::Unknown(_)) {
            out.insert(t.value.loc);
        }
        out
    }

    /// The [`Target`] at `path` from variable `name` (as [`Self::eval_target`] gives it).
    fn target_at(&mut self, name: &str, scope: usize, path: &[String], site: Loc) -> Target {
        let value = self.lookup(name, scope, site);
        let mut t = Target {
            root: Some((name.to_string(), scope)),
            path: Some(Vec::new()),
            value,
            base: None,
            via: Vec::new(),
        };
        for k in path {
            let parent = std::mem::replace(&mut t.value, undefined(site));
            match &parent.kind {
                Kind::Object(_) => {
                    if let Lookup::Unknown(u) = parent.get(k) {
                        t.via.push(u.loc);
                    }
                }
                Kind::Call { .. } | Kind::Construct { .. } if t.base.is_none() => t.base = Some(parent.clone()),
                _ => {}
            }
            t.value = self.member(&parent, k, site);
            if let Some(p) = &mut t.path {
                p.push(k.clone());
            }
        }
        t
    }

    /// What a call in code fedscope does not evaluate may change: its
    /// arguments and receiver, unless the callee is known not to, and what
    /// the function it calls changes.
    fn call_effects(
        &mut self,
        call: &CallFx,
        scope: usize,
        reason: &str,
        site: Loc,
        seen: &mut HashSet<u32>,
        local_change: &mut u8,
    ) -> HashSet<Loc> {
        // the callee, where it can be told without running anything
        let callee: Option<Value> = match &call.root {
            Some((name, global)) => {
                let mut v = if *global { self.global_name(name, scope, site) } else { self.lookup(name, scope, site) };
                match &call.keys {
                    Some(keys) => {
                        for k in keys {
                            v = self.member(&v, k, site);
                        }
                        match &call.method {
                            Some(m) => Some(self.member(&v, m, site)),
                            None => Some(v),
                        }
                    }
                    None => None,
                }
            }
            None => None,
        };
        let method = call.method.as_deref().unwrap_or("");
        let mut args_change = true;
        let mut escape_args = false;
        let mut receiver_change = call.method.is_some();
        match callee.as_ref().map(|c| &c.kind) {
            Some(Kind::Function(f)) => {
                let f = *f;
                let _ = self.taint_function_effects(f, reason, site, seen);
                receiver_change = receiver_change && self.uses_this(f);
            }
            Some(Kind::External { module, path }) if module == GLOBAL => {
                let p: Vec<&str> = path.iter().map(String::as_str).collect();
                receiver_change = false;
                args_change = false;
                if matches!(
                    p.as_slice(),
                    ["Object", "assign" | "defineProperty" | "defineProperties" | "setPrototypeOf"]
                ) {
                    // the first argument changes
                    let mut out = HashSet::new();
                    for n in call.args.first().into_iter().flatten() {
                        out.extend(self.taint_var(n, scope, reason, site, false));
                    }
                    return out;
                }
            }
            Some(Kind::External { module, path }) => {
                // as when evaluated (see `apply`)
                receiver_change = false;
                let m = module.strip_prefix("node:").unwrap_or(module);
                if call.construct
                    || matches!(m, "path" | "url")
                    || self.host.captures(module, path)
                    || !(call.unused || external_mutates(module, path))
                {
                    args_change = false;
                }
            }
            other => {
                // a callee that is not known (None: not even which one)
                let unknown = matches!(other, Some(Kind::Unknown(_) | Kind::Call { .. } | Kind::Construct { .. }));
                if call.method.is_some() {
                    if PURE_METHODS.contains(&method) {
                        receiver_change = false;
                        args_change = false;
                    } else if STORING_METHODS.contains(&method) || ARRAY_MUTATORS.contains(&method) {
                        args_change = false;
                        escape_args = true;
                    } else if unknown {
                        args_change = call.unused || mutating_helper(method);
                    }
                } else if unknown {
                    args_change = call.unused;
                }
            }
        }
        if receiver_change {
            *local_change |= call.local_receiver;
        }
        if args_change {
            *local_change |= call.local_args;
        }
        let mut out = HashSet::new();
        if receiver_change && let Some((name, false)) = &call.root {
            match &call.keys {
                // `a.list.push(…)`: that array changes, as a whole
                Some(keys) if STORING_METHODS.contains(&method) || ARRAY_MUTATORS.contains(&method) => {
                    let set = SetFx { root: name.clone(), path: keys.clone(), key: None, whole: true };
                    out.extend(self.taint_set(&set, scope, reason, site));
                }
                _ => out.extend(self.taint_var(name, scope, reason, site, false)),
            }
        }
        for names in &call.args {
            for n in names {
                if args_change {
                    out.extend(self.taint_var(n, scope, reason, site, false));
                    continue;
                }
                if self.owner(n, scope).is_none() {
                    continue;
                }
                let v = self.lookup(n, scope, site);
                if let Kind::Function(f) = v.kind {
                    // a callback may be called, and change what it is given: the other arguments
                    if self.taint_function_effects(f, reason, site, seen) != 0 {
                        for other in call.args.iter().flatten() {
                            out.extend(self.taint_var(other, scope, reason, site, false));
                        }
                    }
                } else if escape_args {
                    self.escape(std::slice::from_ref(&v));
                }
            }
        }
        out
    }

    /// The name of a function of the sources (for context labels).
    pub fn function_name(&self, f: u32) -> &str {
        &self.funcs[f as usize].name
    }

    /// Runs `f` with a context label on every capture it makes.
    pub fn in_context<R>(&mut self, label: String, f: impl FnOnce(&mut Self) -> R) -> R {
        self.context.push(label);
        let r = f(self);
        self.context.pop();
        r
    }

    fn global_call(&mut self, path: &[String], args: Vec<Value>, construct: bool, loc: Loc) -> Value {
        let p: Vec<&str> = path.iter().map(String::as_str).collect();
        let arg = |i: usize| args.get(i).cloned().unwrap_or_else(|| undefined(loc));
        match p.as_slice() {
            // a file of the workspace resolves to its absolute path; a package stays named
            ["require", "resolve"] => match arg(0).as_str() {
                Some(s) if self.files.has(loc.file) => match self.host.resolve(self.files.path(loc.file), s) {
                    Resolved::File(p) => Value::str(p.display().to_string(), loc),
                    Resolved::Package(_) => Value::str(s, loc),
                    Resolved::Unresolved(w) => Value::unknown(format!("require.resolve('{s}'): {w}"), loc),
                },
                Some(s) => Value::str(s, loc),
                None => Value::unknown("require.resolve of a computed specifier", loc),
            },
            ["Object", "assign"] => {
                let mut entries = Vec::new();
                for a in &args {
                    match &a.kind {
                        Kind::Object(e) => entries.extend(e.iter().cloned()),
                        Kind::Undefined | Kind::Null => {}
                        _ => entries.push(Entry::Spread(a.clone())),
                    }
                }
                // (called directly, `Object.assign(x, …)` updates `x`: see `object_mutator`)
                // the target is changed: its other copies may be the same object
                let target = arg(0);
                let line = self.line(loc);
                self.mutate(&Target::value(target.clone()), loc, &mut |_| {
                    Change::Unknown(format!("`Object.assign()` at line {line}"))
                });
                let place = if matches!(target.kind, Kind::Object(_)) { target.loc } else { loc };
                Value::new(Kind::Object(entries), place)
            }
            ["Object", "defineProperty" | "defineProperties" | "setPrototypeOf"] => {
                let line = self.line(loc);
                let which = p[1];
                self.mutate(&Target::value(arg(0)), loc, &mut |_| {
                    Change::Unknown(format!("`Object.{which}()` at line {line}"))
                });
                Value::unknown(format!("the result of `Object.{which}()`"), loc)
            }
            ["Object", which @ ("keys" | "values" | "entries")] => {
                let o = arg(0);
                let (props, unknown) = o.props();
                if let Some(u) = unknown {
                    return Value::unknown(format!("Object.{which} of an object with {}", describe_unknown(u)), loc);
                }
                if !matches!(o.kind, Kind::Object(_)) {
                    return Value::unknown(format!("Object.{which} of {}", describe_unknown(&o)), loc);
                }
                let items = props
                    .into_iter()
                    .map(|(k, v)| match *which {
                        "keys" => Value::str(k, v.loc),
                        "values" => v.clone(),
                        _ => Value::new(Kind::Array(vec![Value::str(k, v.loc), v.clone()]), v.loc),
                    })
                    .collect();
                Value::new(Kind::Array(items), loc)
            }
            ["Object", "fromEntries"] => match arg(0).kind {
                Kind::Array(items) => {
                    let mut entries = Vec::new();
                    for item in items {
                        match &item.kind {
                            Kind::Array(pair) if pair.len() >= 2 => match pair[0].to_js_string() {
                                Some(k) => {
                                    entries.push(Entry::Prop { key: k, key_loc: pair[0].loc, value: pair[1].clone() })
                                }
                                None => entries.push(Entry::Spread(Value::unknown(
                                    "an entry with a key that is not known",
                                    item.loc,
                                ))),
                            },
                            _ => entries.push(Entry::Spread(Value::unknown("an entry that is not known", item.loc))),
                        }
                    }
                    Value::new(Kind::Object(entries), loc)
                }
                _ => Value::unknown("Object.fromEntries of a value that is not known", loc),
            },
            ["JSON", "parse"] => match arg(0).as_str() {
                Some(s) => crate::json::parse(s, loc.file)
                    .map(|mut v| {
                        relocate(&mut v, loc);
                        v
                    })
                    .unwrap_or_else(|e| Value::unknown(format!("JSON.parse of invalid JSON: {}", e.message), loc)),
                None => Value::unknown("JSON.parse of a value that is not known", loc),
            },
            ["String"] => match arg(0).to_js_string() {
                Some(s) => Value::str(s, loc),
                None => Value::unknown("String() of a value that is not known", loc),
            },
            ["Boolean"] => match arg(0).truthy() {
                Some(b) => Value::new(Kind::Bool(b), loc),
                None => Value::unknown("Boolean() of a value that is not known", loc),
            },
            ["Number"] => match &arg(0).kind {
                Kind::Num(n) => num(*n, loc),
                Kind::Str(s) => num(fedscope_semver::js::to_number(s), loc),
                _ => Value::unknown("Number() of a value that is not known", loc),
            },
            ["URL"] if construct => {
                let (rel, base) = (arg(0), arg(1));
                match (rel.as_str(), base.as_str()) {
                    (Some(r), Some(b)) if b.starts_with("file://") => {
                        let base_dir =
                            Path::new(&b["file://".len()..]).parent().map(Path::to_path_buf).unwrap_or_default();
                        Value::str(format!("file://{}", base_dir.join(r).display()), loc)
                    }
                    (Some(r), _) if r.contains("://") => Value::str(r, loc),
                    _ => Value::unknown("a URL that is not known", loc),
                }
            }
            ["console", _] => undefined(loc),
            // the same object, which can no longer be changed (as fedscope follows it)
            ["Object", "freeze" | "seal" | "preventExtensions"] => {
                let v = arg(0);
                if matches!(v.kind, Kind::Object(_) | Kind::Array(_)) && v.loc != Loc::default() {
                    self.frozen.insert(v.loc);
                }
                v
            }
            // `Array.prototype.push.apply(list, …)`: it may change its arguments
            p if p.contains(&"prototype") => {
                let reason = format!("`{}` at line {}, which fedscope does not evaluate", p.join("."), self.line(loc));
                self.taint_args(&args, &reason, loc);
                Value::unknown(format!("a call of `{}`", p.join(".")), loc)
            }
            _ => Value::unknown(format!("a call of `{}`", p.join(".")), loc),
        }
    }

    /// Methods of known values: arrays, strings, objects.
    fn builtin_method(&mut self, t: &Target, method: &str, args: &[Value], loc: Loc) -> Option<Value> {
        let receiver = &t.value;
        let arg = |i: usize| args.get(i).cloned().unwrap_or_else(|| undefined(loc));
        let mode = receiver.mode_dependent;
        let v = match (&receiver.kind, method) {
            (Kind::Array(_), m) if ARRAY_MUTATORS.contains(&m) => {
                let line = self.line(loc);
                let mut result = None;
                self.mutate(t, loc, &mut |node| {
                    let Kind::Array(items) = &node.kind else {
                        return Change::Unknown(format!("`.{method}()` at line {line}"));
                    };
                    let (change, r) = array_change(node, items, method, args, loc, line);
                    result = Some(r);
                    change
                });
                result.unwrap_or_else(|| Value::unknown(format!("the result of `.{method}()`"), loc))
            }
            (Kind::Function(f), "call" | "apply") => {
                let f = *f;
                let this = arg(0);
                let call_args = match method {
                    "call" => Some(args.iter().skip(1).cloned().collect::<Vec<_>>()),
                    _ => match arg(1).kind {
                        Kind::Array(items) => Some(items),
                        Kind::Undefined | Kind::Null => Some(Vec::new()),
                        _ => None,
                    },
                };
                match call_args {
                    Some(a) => self.apply(receiver.clone(), Some(&this), a, false, loc),
                    None => {
                        let reason = format!("`.apply()` at line {}, which fedscope does not evaluate", self.line(loc));
                        self.taint_args(args, &reason, loc);
                        let _ = self.taint_function_effects(f, &reason, loc, &mut HashSet::new());
                        Value::unknown(".apply() with arguments that are not known", loc)
                    }
                }
            }
            (Kind::Function(f), "bind") => {
                // the bound function may be called anywhere later
                let reason = format!("a function bound at line {}, which fedscope does not follow", self.line(loc));
                let f = *f;
                self.taint_args(args, &reason, loc);
                let _ = self.taint_function_effects(f, &reason, loc, &mut HashSet::new());
                Value::unknown("a bound function", loc)
            }
            (Kind::Array(items), "map" | "filter" | "forEach" | "find" | "some" | "every" | "flatMap") => {
                let Kind::Function(f) = arg(0).kind else {
                    // a callback that is not known gets the items, and may change them
                    let reason =
                        format!("`.{method}()` at line {} with a callback fedscope does not know", self.line(loc));
                    self.taint_args(std::slice::from_ref(receiver), &reason, loc);
                    return Some(Value::unknown(format!(".{method}() with a callback that is not known"), loc));
                };
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let r = self.call_function(f, vec![item.clone(), num(i as f64, loc), receiver.clone()], loc);
                    match method {
                        "map" => out.push(r),
                        "flatMap" => match r.kind {
                            Kind::Array(inner) => out.extend(inner),
                            _ => out.push(r),
                        },
                        "filter" | "find" | "some" | "every" => match r.truthy() {
                            Some(true) if method == "find" => return Some(item.clone()),
                            Some(true) if method == "some" => return Some(Value::new(Kind::Bool(true), loc)),
                            Some(false) if method == "every" => return Some(Value::new(Kind::Bool(false), loc)),
                            Some(true) if method == "filter" => out.push(item.clone()),
                            Some(_) => {}
                            None => {
                                return Some(Value::unknown(
                                    format!(".{method}() with a condition that is not known"),
                                    loc,
                                ));
                            }
                        },
                        _ => {}
                    }
                }
                match method {
                    "find" => undefined(loc),
                    "some" => Value::new(Kind::Bool(false), loc),
                    "every" => Value::new(Kind::Bool(true), loc),
                    "forEach" => undefined(loc),
                    _ => Value::new(Kind::Array(out), loc),
                }
            }
            (Kind::Array(items), "reduce") => {
                let Kind::Function(f) = arg(0).kind else {
                    let reason =
                        format!("`.reduce()` at line {} with a callback fedscope does not know", self.line(loc));
                    let mut all = args.to_vec();
                    all.push(receiver.clone());
                    self.taint_args(&all, &reason, loc);
                    return Some(Value::unknown(".reduce() with a callback that is not known", loc));
                };
                let mut iter = items.iter().enumerate();
                let mut acc = match args.get(1) {
                    Some(init) => init.clone(),
                    None => match iter.next() {
                        Some((_, first)) => first.clone(),
                        None => return Some(Value::unknown(".reduce() of an empty array without a start value", loc)),
                    },
                };
                for (i, item) in iter {
                    acc = self.call_function(f, vec![acc, item.clone(), num(i as f64, loc), receiver.clone()], loc);
                }
                acc
            }
            (Kind::Array(items), "concat") => {
                let mut out = items.clone();
                for a in args {
                    match &a.kind {
                        Kind::Array(more) => out.extend(more.iter().cloned()),
                        _ => out.push(a.clone()),
                    }
                }
                Value::new(Kind::Array(out), loc)
            }
            (Kind::Array(items), "includes") => {
                let needle = arg(0);
                Value::new(Kind::Bool(items.iter().any(|i| same_primitive(i, &needle))), loc)
            }
            (Kind::Array(items), "indexOf") => {
                let needle = arg(0);
                num(items.iter().position(|i| same_primitive(i, &needle)).map_or(-1.0, |p| p as f64), loc)
            }
            (Kind::Array(items), "join") => {
                let sep = arg(0).as_str().unwrap_or(",").to_string();
                let parts: Option<Vec<String>> = items.iter().map(Value::to_js_string).collect();
                match parts {
                    Some(p) => Value::str(p.join(&sep), loc),
                    None => Value::unknown(".join() of values that are not known", loc),
                }
            }
            (Kind::Array(items), "slice") => {
                let n = items.len() as i64;
                let idx = |v: Value, d: i64| match v.kind {
                    Kind::Num(x) => {
                        let x = x as i64;
                        if x < 0 { (n + x).max(0) } else { x.min(n) }
                    }
                    _ => d,
                };
                let (a, b) = (idx(arg(0), 0), idx(arg(1), n));
                Value::new(Kind::Array(items[a as usize..(b.max(a)) as usize].to_vec()), loc)
            }
            (Kind::Str(s), _) => string_method(s, method, args, loc)?,
            (Kind::Object(_), "hasOwnProperty") => {
                let key = arg(0).to_js_string().unwrap_or_default();
                match receiver.get(&key) {
                    Lookup::Found(_) => Value::new(Kind::Bool(true), loc),
                    Lookup::Missing => Value::new(Kind::Bool(false), loc),
                    Lookup::Unknown(u) => Value::unknown(format!("`{key}` may come from {}", describe_unknown(u)), loc),
                }
            }
            _ => return None,
        };
        Some(with_mode(v, mode))
    }
}

/// Whether a function named so is taken to change its (first) argument: the
/// merge/assign family of lodash and co.
fn mutating_helper(name: &str) -> bool {
    let n: String = name.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
    matches!(
        n.as_str(),
        "merge"
            | "mergewith"
            | "assign"
            | "assignin"
            | "assignwith"
            | "assigninwith"
            | "extend"
            | "deepextend"
            | "deepassign"
            | "objectassign"
            | "defaults"
            | "defaultsdeep"
            | "set"
            | "setwith"
            | "update"
            | "updatewith"
            | "unset"
            | "mixin"
    )
}

/// [`mutating_helper`] for an export of a package (`lodash/merge`, `lodash.merge`, `_.merge`).
fn external_mutates(module: &str, path: &[String]) -> bool {
    let path: Vec<&String> = path.iter().filter(|p| *p != "default").collect();
    match path.last() {
        Some(name) => mutating_helper(name),
        None => {
            let last = module.rsplit('/').next().unwrap_or(module);
            mutating_helper(last) || last.rsplit('.').next().is_some_and(mutating_helper)
        }
    }
}

/// An object an assignment or a method call changes (see [`Evaluator::eval_target`]).
struct Target {
    /// The variable it is reached from, and the scope that reads it.
    root: Option<(String, usize)>,
    /// The keys from the variable (None when one is not known).
    path: Option<Vec<String>>,
    /// The object, as evaluated.
    value: Value,
    /// When it could not be told which object it is (a key that is not
    /// known, a property of a call's result): the value it is somewhere in.
    base: Option<Value>,
    /// Places of unknown values it may be part of (an unknown spread).
    via: Vec<Loc>,
}

impl Target {
    fn value(value: Value) -> Target {
        Target { root: None, path: None, value, base: None, via: Vec::new() }
    }
}

/// What a change does to an object's current contents.
enum Change {
    /// Its new contents (the same object).
    To(Value),
    /// Not modelled: the object becomes unknown, for this reason.
    Unknown(String),
}

/// The entry of an object that `key` reads (the last one, unless a spread follows it).
fn entry_index(entries: &[Entry], key: &str) -> Option<usize> {
    for (i, e) in entries.iter().enumerate().rev() {
        match e {
            Entry::Prop { key: k, .. } if k == key => return Some(i),
            Entry::Spread(_) => return None,
            _ => {}
        }
    }
    None
}

/// The value at `path` inside `v`, through known objects and arrays.
fn node_at<'v>(v: &'v Value, path: &[String]) -> Option<&'v Value> {
    let Some((first, rest)) = path.split_first() else { return Some(v) };
    let child = match &v.kind {
        Kind::Object(entries) => match &entries[entry_index(entries, first)?] {
            Entry::Prop { value, .. } => value,
            Entry::Spread(_) => return None,
        },
        Kind::Array(items) => items.get(first.parse::<usize>().ok()?)?,
        _ => return None,
    };
    node_at(child, rest)
}

/// [`node_at`], to change it.
fn node_at_mut<'v>(v: &'v mut Value, path: &[String]) -> Option<&'v mut Value> {
    let Some((first, rest)) = path.split_first() else { return Some(v) };
    let child = match &mut v.kind {
        Kind::Object(entries) => {
            let i = entry_index(entries, first)?;
            match &mut entries[i] {
                Entry::Prop { value, .. } => value,
                Entry::Spread(_) => return None,
            }
        }
        Kind::Array(items) => items.get_mut(first.parse::<usize>().ok()?)?,
        _ => return None,
    };
    node_at_mut(child, rest)
}

/// Replaces every object or array of `v` at one of `locs` by an unknown
/// (keeping its place, so that it still stands for that object); not the
/// ones along `protect`, the path to an object that was just updated.
fn taint_in(v: &mut Value, locs: &HashSet<Loc>, reason: &str, protect: Option<&[String]>) {
    let container = matches!(v.kind, Kind::Object(_) | Kind::Array(_));
    if container && protect.is_none() && v.loc != Loc::default() && locs.contains(&v.loc) {
        *v = Value::unknown(reason, v.loc);
        return;
    }
    let next = protect.and_then(|p| p.split_first());
    match &mut v.kind {
        Kind::Object(entries) => {
            let through = next.and_then(|(k, _)| entry_index(entries, k));
            for (i, e) in entries.iter_mut().enumerate() {
                match e {
                    Entry::Prop { value, .. } => {
                        let p = if Some(i) == through { next.map(|(_, rest)| rest) } else { None };
                        taint_in(value, locs, reason, p);
                    }
                    Entry::Spread(x) => taint_in(x, locs, reason, None),
                }
            }
        }
        Kind::Array(items) => {
            let through = next.and_then(|(k, _)| k.parse::<usize>().ok());
            for (i, item) in items.iter_mut().enumerate() {
                let p = if Some(i) == through { next.map(|(_, rest)| rest) } else { None };
                taint_in(item, locs, reason, p);
            }
        }
        Kind::Construct { args, .. } | Kind::Call { args, .. } => {
            args.iter_mut().for_each(|a| taint_in(a, locs, reason, None));
        }
        _ => {}
    }
}

/// The places of the objects and arrays reachable from `v` (and of the
/// unknown values in it, which may stand for objects); `calls`: also inside
/// the arguments of calls.
fn collect_locs(v: &Value, out: &mut HashSet<Loc>, calls: bool) {
    match &v.kind {
        Kind::Object(entries) => {
            out.insert(v.loc);
            for e in entries {
                match e {
                    Entry::Prop { value, .. } => collect_locs(value, out, calls),
                    Entry::Spread(x) => collect_locs(x, out, calls),
                }
            }
        }
        Kind::Array(items) => {
            out.insert(v.loc);
            items.iter().for_each(|i| collect_locs(i, out, calls));
        }
        Kind::Unknown(_) => {
            out.insert(v.loc);
        }
        Kind::Construct { args, .. } | Kind::Call { args, .. } if calls => {
            args.iter().for_each(|a| collect_locs(a, out, calls));
        }
        _ => {}
    }
}

/// The functions of the sources in `v` (not inside calls' arguments).
fn collect_funcs(v: &Value, out: &mut Vec<u32>) {
    match &v.kind {
        Kind::Function(f) => out.push(*f),
        Kind::Object(entries) => {
            for e in entries {
                match e {
                    Entry::Prop { value, .. } => collect_funcs(value, out),
                    Entry::Spread(x) => collect_funcs(x, out),
                }
            }
        }
        Kind::Array(items) => items.iter().for_each(|i| collect_funcs(i, out)),
        _ => {}
    }
}

/// `node[key] = value`
fn set_key(node: &Value, key: &Result<String, Value>, value: &Value, site: Loc, line: u32) -> Change {
    let mut out = node.clone();
    match (&mut out.kind, key) {
        (Kind::Object(entries), Ok(k)) => {
            if let Some(i) = entry_index(entries, k)
                && let Entry::Prop { value: old, .. } = &entries[i]
                && old.unknown_reason() == Some(GETTER_SETTER)
            {
                return Change::Unknown(format!("a setter called at line {line}, which fedscope does not evaluate"));
            }
            entries.push(Entry::Prop { key: k.clone(), key_loc: site, value: value.clone() });
        }
        (Kind::Object(entries), Err(_)) => {
            // any key may now have this value
            entries.push(Entry::Spread(Value::unknown(
                format!("a property set at line {line} with a key that is not known"),
                site,
            )));
        }
        (Kind::Array(items), Ok(k)) => match k.parse::<usize>() {
            Ok(i) if i < items.len() && i.to_string() == *k => items[i] = value.clone(),
            Ok(i) if i == items.len() && i.to_string() == *k => items.push(value.clone()),
            _ if k == "length" => match value.kind {
                Kind::Num(n) if n >= 0.0 && n.fract() == 0.0 && (n as usize) <= items.len() => {
                    items.truncate(n as usize)
                }
                _ => {
                    return Change::Unknown(format!(
                        "a change of its length at line {line} that fedscope does not follow"
                    ));
                }
            },
            _ => return Change::Unknown(format!("a change at line {line} that fedscope does not follow")),
        },
        _ => return Change::Unknown(format!("a change at line {line} that fedscope does not follow")),
    }
    Change::To(out)
}

/// `delete node[key]`
fn delete_key(node: &Value, key: &Result<String, Value>, line: u32) -> Change {
    match (&node.kind, key) {
        (Kind::Object(entries), Ok(k)) => {
            // without the key; a spread that may have had it makes it unknown
            let kept: Vec<Entry> =
                entries.iter().filter(|e| !matches!(e, Entry::Prop { key, .. } if key == k)).cloned().collect();
            Change::To(Value { kind: Kind::Object(kept), ..node.clone() })
        }
        _ => Change::Unknown(format!("a `delete` at line {line} that fedscope does not follow")),
    }
}

/// An array method that changes the array: its new contents (or that it
/// is not modelled) and its result.
fn array_change(node: &Value, items: &[Value], method: &str, args: &[Value], loc: Loc, line: u32) -> (Change, Value) {
    let arg = |i: usize| args.get(i).cloned().unwrap_or_else(|| undefined(loc));
    let same = |items: Vec<Value>| Value { kind: Kind::Array(items), ..node.clone() };
    let not_followed = || {
        (
            Change::Unknown(format!("`.{method}()` at line {line}, which fedscope does not evaluate")),
            Value::unknown(
                format!("the result of `.{method}()` at line {line}, which fedscope does not evaluate"),
                loc,
            ),
        )
    };
    // ToIntegerOrInfinity of a known number, else None
    let int = |v: &Value| match v.kind {
        Kind::Num(n) if n.is_nan() => Some(0.0),
        Kind::Num(n) => Some(n.trunc()),
        Kind::Undefined => None,
        _ => None,
    };
    let len = items.len() as f64;
    let relative = |n: f64| (if n < 0.0 { (len + n).max(0.0) } else { n.min(len) }) as usize;
    match method {
        "push" => {
            let mut out = items.to_vec();
            out.extend(args.iter().cloned());
            let n = out.len();
            (Change::To(same(out)), num(n as f64, loc))
        }
        "unshift" => {
            let mut out = args.to_vec();
            out.extend(items.iter().cloned());
            let n = out.len();
            (Change::To(same(out)), num(n as f64, loc))
        }
        "pop" => {
            let mut out = items.to_vec();
            let last = out.pop().unwrap_or_else(|| undefined(loc));
            (Change::To(same(out)), last)
        }
        "shift" => {
            let mut out = items.to_vec();
            let first = if out.is_empty() { undefined(loc) } else { out.remove(0) };
            (Change::To(same(out)), first)
        }
        "reverse" => {
            let mut out = items.to_vec();
            out.reverse();
            let v = same(out);
            (Change::To(v.clone()), v)
        }
        "splice" => {
            if args.is_empty() {
                return (Change::To(same(items.to_vec())), Value::new(Kind::Array(Vec::new()), loc));
            }
            let Some(start) = int(&args[0]).or(matches!(args[0].kind, Kind::Undefined).then_some(0.0)) else {
                return not_followed();
            };
            let start = relative(start);
            let count = match args.get(1) {
                None => items.len() - start,
                Some(c) => match int(c).or(matches!(c.kind, Kind::Undefined).then_some(0.0)) {
                    Some(c) => (c.max(0.0) as usize).min(items.len() - start),
                    None => return not_followed(),
                },
            };
            let mut out = items.to_vec();
            let removed: Vec<Value> = out.splice(start..start + count, args.iter().skip(2).cloned()).collect();
            (Change::To(same(out)), Value::new(Kind::Array(removed), loc))
        }
        "fill" => {
            let start = match args.get(1) {
                None => Some(0.0),
                Some(v) if matches!(v.kind, Kind::Undefined) => Some(0.0),
                Some(v) => int(v),
            };
            let end = match args.get(2) {
                None => Some(len),
                Some(v) if matches!(v.kind, Kind::Undefined) => Some(len),
                Some(v) => int(v),
            };
            let (Some(start), Some(end)) = (start, end) else { return not_followed() };
            let (start, end) = (relative(start), relative(end));
            let mut out = items.to_vec();
            for item in out.iter_mut().take(end).skip(start) {
                *item = arg(0);
            }
            let v = same(out);
            (Change::To(v.clone()), v)
        }
        "sort" if matches!(arg(0).kind, Kind::Undefined) => {
            // the default order: by UTF-16 code units of the strings, `undefined` last; stable
            let mut keyed = Vec::new();
            let mut undefineds = Vec::new();
            for item in items {
                match &item.kind {
                    Kind::Undefined => undefineds.push(item.clone()),
                    Kind::Str(_) | Kind::Num(_) | Kind::Bool(_) | Kind::Null => match item.to_js_string() {
                        Some(s) => keyed.push((s.encode_utf16().collect::<Vec<u16>>(), item.clone())),
                        None => return not_followed(),
                    },
                    _ => return not_followed(),
                }
            }
            keyed.sort_by(|a, b| a.0.cmp(&b.0));
            let mut out: Vec<Value> = keyed.into_iter().map(|(_, v)| v).collect();
            out.extend(undefineds);
            let v = same(out);
            (Change::To(v.clone()), v)
        }
        _ => not_followed(),
    }
}

/// In [`Effects::local_change`]: a change through a variable of the code.
const THROUGH_LOCAL: u8 = 1;
/// A change through a parameter of the function analysed (what it is given).
const THROUGH_PARAM: u8 = 2;

/// What code fedscope does not evaluate may change (the variables are those
/// declared outside it).
#[derive(Default)]
struct Effects {
    /// Variables it may assign.
    assigned: Vec<String>,
    /// Variables whose objects it may change (anything reachable from them).
    changed: Vec<String>,
    /// Properties it may set or delete, and arrays it may change, where the
    /// keys to them are known.
    sets: Vec<SetFx>,
    /// Every variable it reads.
    read: Vec<String>,
    calls: Vec<CallFx>,
    /// `module.exports.x = …` / `exports.x = …`
    exports: bool,
    /// `module.exports = …`
    exports_replaced: bool,
    /// `process.env.X = …`
    env: bool,
    /// It changes an object through one of its own variables (or a computed
    /// object), which may hold any object it reads from outside
    /// ([`THROUGH_LOCAL`]), or through a parameter of the function analysed
    /// ([`THROUGH_PARAM`]).
    local_change: u8,
}

/// A property that code fedscope does not evaluate may set (or delete).
struct SetFx {
    /// The variable (declared outside the code).
    root: String,
    /// The keys from it to the object.
    path: Vec<String>,
    /// The key set (None: not known).
    key: Option<String>,
    /// The object as a whole changes instead (`a.b.push(…)`).
    whole: bool,
}

/// A call in code fedscope does not evaluate.
struct CallFx {
    /// The variable the callee starts from (and whether it is a global).
    root: Option<(String, bool)>,
    /// Keys from it to the callee (or to the receiver of a method); None when not all are static.
    keys: Option<Vec<String>>,
    method: Option<String>,
    construct: bool,
    /// The variables each argument mentions.
    args: Vec<Vec<String>>,
    /// Its result is not used (a statement).
    unused: bool,
    /// An argument mentions a variable of the code (which may hold an object
    /// from outside): [`THROUGH_LOCAL`] / [`THROUGH_PARAM`] bits.
    local_args: u8,
    /// The receiver is such a variable, or a computed object.
    local_receiver: u8,
}

enum Ref {
    /// Declared inside the code.
    Local(Option<SymbolId>),
    /// Declared outside it.
    Outer(String),
    /// Not declared (a global).
    Global(String),
}

/// Collects the [`Effects`] of a piece of code.
struct Collector<'s> {
    scoping: &'s Scoping,
    span: Span,
    fx: Effects,
    /// Calls that are statements (their result unused).
    unused: HashSet<Span>,
    /// Its `const` variables that hold a literal it makes (not an object from outside).
    fresh: HashSet<SymbolId>,
    /// The parameters of the function analysed.
    params: HashSet<SymbolId>,
}

impl<'s> Collector<'s> {
    fn new(scoping: &'s Scoping, span: Span) -> Self {
        Collector {
            scoping,
            span,
            fx: Effects::default(),
            unused: HashSet::new(),
            fresh: HashSet::new(),
            params: HashSet::new(),
        }
    }

    fn classify(&self, id: &IdentifierReference<'_>) -> Ref {
        let name = id.name.to_string();
        let symbol = id.reference_id.get().and_then(|r| self.scoping.get_reference(r).symbol_id());
        match (id.reference_id.get(), symbol) {
            (Some(_), None) => Ref::Global(name),
            (None, _) => Ref::Outer(name),
            (Some(_), Some(sym)) => {
                let at = self.scoping.symbol_span(sym);
                if self.span.start <= at.start && at.end <= self.span.end {
                    Ref::Local(Some(sym))
                } else {
                    Ref::Outer(name)
                }
            }
        }
    }

    /// Whether a change through this variable of the code may change an
    /// object from outside it ([`THROUGH_LOCAL`], [`THROUGH_PARAM`]; 0: no).
    fn local_may_alias(&self, r: &Ref) -> u8 {
        match r {
            Ref::Local(Some(sym)) if self.params.contains(sym) => THROUGH_PARAM,
            Ref::Local(Some(sym)) if self.fresh.contains(sym) => 0,
            Ref::Local(_) => THROUGH_LOCAL,
            _ => 0,
        }
    }

    /// A variable (or what it holds) is written.
    fn write(&mut self, id: &IdentifierReference<'_>, assigned: bool) {
        let r = self.classify(id);
        if !assigned {
            // a variable of the code may hold an object from outside it
            self.fx.local_change |= self.local_may_alias(&r);
        }
        match r {
            Ref::Local(_) => {}
            Ref::Outer(n) if assigned => self.fx.assigned.push(n),
            Ref::Outer(n) => self.fx.changed.push(n),
            Ref::Global(n) => match n.as_str() {
                "module" | "exports" if !assigned => self.fx.exports = true,
                "process" => self.fx.env = true,
                _ => {}
            },
        }
    }

    fn target(&mut self, t: &AssignmentTarget<'_>) {
        match t {
            AssignmentTarget::AssignmentTargetIdentifier(id) => self.write(id, true),
            AssignmentTarget::ArrayAssignmentTarget(_) | AssignmentTarget::ObjectAssignmentTarget(_) => {
                // every variable in the pattern (over-approximated: defaults' reads too);
                // member targets inside it are found by the walk (`visit_simple_assignment_target`)
                if let Some(p) = t.as_assignment_target_pattern() {
                    let mut ids = Idents { of: self, names: Vec::new(), local: 0 };
                    ids.visit_assignment_target_pattern(p);
                    let names = ids.names;
                    self.fx.assigned.extend(names);
                }
            }
            other => {
                if let Some(simple) = other.as_simple_assignment_target() {
                    self.simple_target(simple);
                }
            }
        }
    }

    fn simple_target(&mut self, t: &SimpleAssignmentTarget<'_>) {
        match t {
            SimpleAssignmentTarget::AssignmentTargetIdentifier(id) => self.write(id, true),
            SimpleAssignmentTarget::TSAsExpression(x) => self.expr_target(&x.expression),
            SimpleAssignmentTarget::TSSatisfiesExpression(x) => self.expr_target(&x.expression),
            SimpleAssignmentTarget::TSNonNullExpression(x) => self.expr_target(&x.expression),
            SimpleAssignmentTarget::TSTypeAssertion(x) => self.expr_target(&x.expression),
            other => {
                if let Some(m) = other.as_member_expression() {
                    self.member_target(m);
                }
            }
        }
    }

    fn expr_target(&mut self, e: &Expression<'_>) {
        match e.without_parentheses() {
            Expression::Identifier(id) => self.write(id, true),
            other => {
                if let Some(m) = other.as_member_expression() {
                    self.member_target(m);
                }
            }
        }
    }

    fn member_target(&mut self, m: &MemberExpression<'_>) {
        // `module.exports = …` replaces the exports
        if let MemberExpression::StaticMemberExpression(s) = m
            && s.property.name == "exports"
            && let Expression::Identifier(id) = s.object.without_parentheses()
            && id.name == "module"
            && matches!(self.classify(id), Ref::Global(_))
        {
            self.fx.exports_replaced = true;
            return;
        }
        // `a.b.c = …`: the key `c` of `a.b` (when the keys to it are known)
        let key = m.static_property_name().map(str::to_string);
        let mut path = Vec::new();
        let mut known = true;
        let mut e = m.object();
        let root = loop {
            match e {
                Expression::Identifier(id) => break Some(id),
                Expression::ParenthesizedExpression(p) => e = &p.expression,
                Expression::TSAsExpression(x) => e = &x.expression,
                Expression::TSSatisfiesExpression(x) => e = &x.expression,
                Expression::TSNonNullExpression(x) => e = &x.expression,
                Expression::TSTypeAssertion(x) => e = &x.expression,
                other => match other.as_member_expression() {
                    Some(mm) => {
                        match mm.static_property_name() {
                            Some(k) => path.push(k.to_string()),
                            None => known = false,
                        }
                        e = mm.object();
                    }
                    None => break None,
                },
            }
        };
        path.reverse();
        match root {
            Some(id) => match self.classify(id) {
                Ref::Outer(root) if known => self.fx.sets.push(SetFx { root, path, key, whole: false }),
                _ => self.write(id, false),
            },
            // an object the code computes (`f().x = …`, `this.x = …`): it may be any
            None => self.fx.local_change |= THROUGH_LOCAL,
        }
    }

    /// The variables declared outside the code that an expression mentions,
    /// and whether it mentions one of the code's that may hold an outside object.
    fn mentioned(&self, e: &Expression<'_>) -> (Vec<String>, u8) {
        let mut ids = Idents { of: self, names: Vec::new(), local: 0 };
        ids.visit_expression(e);
        (ids.names, ids.local)
    }

    fn call(&mut self, span: Span, callee: &Expression<'_>, arguments: &[Argument<'_>], construct: bool) {
        let mut args = Vec::new();
        let mut local_args = 0;
        for a in arguments {
            let (names, local) = match a {
                Argument::SpreadElement(s) => self.mentioned(&s.argument),
                other => other.as_expression().map(|e| self.mentioned(e)).unwrap_or_default(),
            };
            local_args |= local;
            args.push(names);
        }
        let (start, method) = match callee.without_parentheses() {
            Expression::ChainExpression(_) => (None, None),
            other => match other.as_member_expression() {
                Some(m) => (Some(m.object()), m.static_property_name().map(str::to_string)),
                None => (Some(other), None),
            },
        };
        let mut root = None;
        let mut keys = Some(Vec::new());
        // a method of something the code computes
        let mut local_receiver = if method.is_some() { THROUGH_LOCAL } else { 0 };
        if let Some(start) = start {
            let mut chain = Vec::new();
            let mut e = start.without_parentheses();
            loop {
                match e {
                    Expression::Identifier(id) => {
                        let r = self.classify(id);
                        local_receiver = if method.is_some() { self.local_may_alias(&r) } else { 0 };
                        root = match r {
                            Ref::Local(_) => None,
                            Ref::Outer(n) => Some((n, false)),
                            Ref::Global(n) => Some((n, true)),
                        };
                        break;
                    }
                    other => match other.as_member_expression() {
                        Some(m) => {
                            match m.static_property_name() {
                                Some(k) => chain.push(k.to_string()),
                                None => keys = None,
                            }
                            e = m.object().without_parentheses();
                        }
                        None => break,
                    },
                }
            }
            chain.reverse();
            if let Some(k) = &mut keys {
                *k = chain;
            }
        }
        if method.is_some() && start.is_some() && root.is_none() {
            // a method of something the code computes: what it is is not known
            keys = None;
        }
        let unused = self.unused.contains(&span);
        self.fx.calls.push(CallFx { root, keys, method, construct, args, unused, local_args, local_receiver });
    }
}

impl<'c> Visit<'c> for Collector<'_> {
    fn visit_identifier_reference(&mut self, it: &IdentifierReference<'c>) {
        if let Ref::Outer(n) = self.classify(it) {
            self.fx.read.push(n);
        }
    }

    fn visit_variable_declaration(&mut self, it: &VariableDeclaration<'c>) {
        if it.kind == VariableDeclarationKind::Const {
            for d in &it.declarations {
                if let BindingPattern::BindingIdentifier(id) = &d.id
                    && let Some(sym) = id.symbol_id.get()
                    && matches!(
                        d.init.as_ref().map(|e| e.without_parentheses()),
                        Some(Expression::ObjectExpression(_) | Expression::ArrayExpression(_))
                    )
                {
                    self.fresh.insert(sym);
                }
            }
        }
        oxc_ast_visit::walk::walk_variable_declaration(self, it);
    }

    fn visit_assignment_expression(&mut self, it: &AssignmentExpression<'c>) {
        self.target(&it.left);
        oxc_ast_visit::walk::walk_assignment_expression(self, it);
    }

    fn visit_update_expression(&mut self, it: &UpdateExpression<'c>) {
        self.simple_target(&it.argument);
        oxc_ast_visit::walk::walk_update_expression(self, it);
    }

    fn visit_unary_expression(&mut self, it: &UnaryExpression<'c>) {
        if it.operator == UnaryOperator::Delete
            && let Some(m) = it.argument.without_parentheses().as_member_expression()
        {
            self.member_target(m);
        }
        oxc_ast_visit::walk::walk_unary_expression(self, it);
    }

    fn visit_for_statement_left(&mut self, it: &ForStatementLeft<'c>) {
        if let Some(t) = it.as_assignment_target() {
            self.target(t);
        }
        oxc_ast_visit::walk::walk_for_statement_left(self, it);
    }

    fn visit_simple_assignment_target(&mut self, it: &SimpleAssignmentTarget<'c>) {
        // member targets nested in destructuring patterns
        if let Some(m) = it.as_member_expression() {
            self.member_target(m);
        }
        oxc_ast_visit::walk::walk_simple_assignment_target(self, it);
    }

    fn visit_expression_statement(&mut self, it: &ExpressionStatement<'c>) {
        let mut e = it.expression.without_parentheses();
        while let Expression::AwaitExpression(a) = e {
            e = a.argument.without_parentheses();
        }
        match e {
            Expression::CallExpression(c) => {
                self.unused.insert(c.span);
            }
            Expression::ChainExpression(c) => {
                if let ChainElement::CallExpression(call) = &c.expression {
                    self.unused.insert(call.span);
                }
            }
            _ => {}
        }
        oxc_ast_visit::walk::walk_expression_statement(self, it);
    }

    fn visit_call_expression(&mut self, it: &CallExpression<'c>) {
        self.call(it.span, &it.callee, &it.arguments, false);
        oxc_ast_visit::walk::walk_call_expression(self, it);
    }

    fn visit_new_expression(&mut self, it: &NewExpression<'c>) {
        self.call(it.span, &it.callee, &it.arguments, true);
        oxc_ast_visit::walk::walk_new_expression(self, it);
    }

    fn visit_tagged_template_expression(&mut self, it: &TaggedTemplateExpression<'c>) {
        let mut args = Vec::new();
        let mut local_args = 0;
        for e in &it.quasi.expressions {
            let (names, local) = self.mentioned(e);
            local_args |= local;
            args.push(names);
        }
        self.fx.calls.push(CallFx {
            root: None,
            keys: None,
            method: None,
            construct: false,
            args,
            unused: false,
            local_args,
            local_receiver: 0,
        });
        oxc_ast_visit::walk::walk_tagged_template_expression(self, it);
    }
}

/// The variables declared outside a piece of code that a part of it mentions
/// (and whether it mentions one of the code's that may hold an outside object).
struct Idents<'c, 's> {
    of: &'c Collector<'s>,
    names: Vec<String>,
    local: u8,
}

impl<'b> Visit<'b> for Idents<'_, '_> {
    fn visit_identifier_reference(&mut self, it: &IdentifierReference<'b>) {
        let r = self.of.classify(it);
        self.local |= self.of.local_may_alias(&r);
        if let Ref::Outer(n) = r {
            self.names.push(n);
        }
    }
}

/// The symbols a pattern binds.
struct BindingIds(Vec<SymbolId>);

impl<'b> Visit<'b> for BindingIds {
    fn visit_binding_identifier(&mut self, it: &BindingIdentifier<'b>) {
        self.0.extend(it.symbol_id.get());
    }
}

/// Finds `this` in a function body (not in nested functions, which have their own).
struct UsesThis(bool);

impl<'c> Visit<'c> for UsesThis {
    fn visit_this_expression(&mut self, _: &ThisExpression) {
        self.0 = true;
    }
    fn visit_function(&mut self, _: &Function<'c>, _: ScopeFlags) {}
    fn visit_class(&mut self, _: &Class<'c>) {}
}

fn relocate(v: &mut Value, loc: Loc) {
    v.loc = loc;
    match &mut v.kind {
        Kind::Array(items) => items.iter_mut().for_each(|i| relocate(i, loc)),
        Kind::Object(entries) => {
            for e in entries {
                match e {
                    Entry::Prop { key_loc, value, .. } => {
                        *key_loc = loc;
                        relocate(value, loc);
                    }
                    Entry::Spread(s) => relocate(s, loc),
                }
            }
        }
        _ => {}
    }
}

fn string_method(s: &str, method: &str, args: &[Value], loc: Loc) -> Option<Value> {
    let a = |i: usize| args.get(i).and_then(Value::as_str);
    Some(match method {
        "startsWith" => Value::new(Kind::Bool(a(0).is_some_and(|p| s.starts_with(p))), loc),
        "endsWith" => Value::new(Kind::Bool(a(0).is_some_and(|p| s.ends_with(p))), loc),
        "includes" => Value::new(Kind::Bool(a(0).is_some_and(|p| s.contains(p))), loc),
        "toLowerCase" => Value::str(s.to_lowercase(), loc),
        "toUpperCase" => Value::str(s.to_uppercase(), loc),
        "trim" => Value::str(fedscope_semver::js::trim(s), loc),
        "split" => match a(0) {
            Some(sep) => Value::new(Kind::Array(s.split(sep).map(|p| Value::str(p, loc)).collect()), loc),
            None => return None,
        },
        "replace" | "replaceAll" => match (a(0), a(1)) {
            (Some(from), Some(to)) if method == "replace" => Value::str(s.replacen(from, to, 1), loc),
            (Some(from), Some(to)) => Value::str(s.replace(from, to), loc),
            _ => return None,
        },
        "concat" => {
            let parts: Option<Vec<String>> = args.iter().map(Value::to_js_string).collect();
            Value::str(format!("{s}{}", parts?.concat()), loc)
        }
        _ => return None,
    })
}

fn same_primitive(a: &Value, b: &Value) -> bool {
    match (&a.kind, &b.kind) {
        (Kind::Str(x), Kind::Str(y)) => x == y,
        (Kind::Num(x), Kind::Num(y)) => x == y,
        (Kind::Bool(x), Kind::Bool(y)) => x == y,
        (Kind::Null, Kind::Null) | (Kind::Undefined, Kind::Undefined) => true,
        _ => false,
    }
}

/// Calls of Node built-ins configs use: `path`, `url`.
fn node_builtin(module: &str, path: &[String], args: &[Value], construct: bool, loc: Loc) -> Option<Value> {
    if construct {
        return None;
    }
    let m = module.strip_prefix("node:").unwrap_or(module);
    let strs: Option<Vec<&str>> = args.iter().map(Value::as_str).collect();
    let name = match (m, path) {
        ("path", [f]) | ("path", [_, f]) => f.as_str(),
        ("url", [f]) => f.as_str(),
        _ => return None,
    };
    let Some(strs) = strs else {
        return Some(Value::unknown(format!("`{m}.{name}()` of values that are not known"), loc));
    };
    let v = match (m, name) {
        ("path", "resolve") => {
            let mut p = PathBuf::new();
            for s in &strs {
                p.push(s);
            }
            Value::str(normalize(&p).display().to_string(), loc)
        }
        ("path", "join") => {
            let mut p = PathBuf::new();
            for s in &strs {
                p.push(s.trim_start_matches('/'));
            }
            let joined = if strs.first().is_some_and(|s| s.starts_with('/')) { Path::new("/").join(p) } else { p };
            Value::str(normalize(&joined).display().to_string(), loc)
        }
        ("path", "dirname") => {
            Value::str(Path::new(strs.first()?).parent().map(|p| p.display().to_string()).unwrap_or_default(), loc)
        }
        ("path", "basename") => Value::str(Path::new(strs.first()?).file_name()?.to_string_lossy(), loc),
        ("url", "fileURLToPath") => Value::str(strs.first()?.strip_prefix("file://").unwrap_or(strs.first()?), loc),
        _ => return None,
    };
    Some(v)
}

fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

fn binary(op: BinaryOperator, l: &Value, r: &Value, loc: Loc) -> Value {
    use BinaryOperator as B;
    let eq = |strict: bool| -> Option<bool> {
        Some(match (&l.kind, &r.kind) {
            (Kind::Str(a), Kind::Str(b)) => a == b,
            (Kind::Num(a), Kind::Num(b)) => a == b,
            (Kind::Bool(a), Kind::Bool(b)) => a == b,
            (Kind::Undefined | Kind::Null, Kind::Undefined | Kind::Null) => {
                !strict || std::mem::discriminant(&l.kind) == std::mem::discriminant(&r.kind)
            }
            (
                Kind::Undefined | Kind::Null,
                Kind::Str(_) | Kind::Num(_) | Kind::Bool(_) | Kind::Object(_) | Kind::Array(_),
            )
            | (
                Kind::Str(_) | Kind::Num(_) | Kind::Bool(_) | Kind::Object(_) | Kind::Array(_),
                Kind::Undefined | Kind::Null,
            ) => false,
            (Kind::Str(_), Kind::Num(_) | Kind::Bool(_)) | (Kind::Num(_) | Kind::Bool(_), Kind::Str(_)) if strict => {
                false
            }
            _ => return None,
        })
    };
    let unknown = || {
        let u = if l.is_unknown() { l } else { r };
        Value::unknown(format!("an operation on {}", describe_unknown(u)), loc)
    };
    let b = |x: Option<bool>| x.map_or_else(unknown, |v| Value::new(Kind::Bool(v), loc));
    match op {
        B::StrictEquality => b(eq(true)),
        B::StrictInequality => b(eq(true).map(|v| !v)),
        B::Equality => b(eq(false)),
        B::Inequality => b(eq(false).map(|v| !v)),
        B::Addition => match (&l.kind, &r.kind) {
            (Kind::Num(a), Kind::Num(b)) => num(a + b, loc),
            (Kind::Str(_), _) | (_, Kind::Str(_)) => match (l.to_js_string(), r.to_js_string()) {
                (Some(a), Some(b)) => Value::str(a + &b, loc),
                _ => unknown(),
            },
            _ => unknown(),
        },
        B::Subtraction | B::Multiplication | B::Division | B::Remainder => match (&l.kind, &r.kind) {
            (Kind::Num(a), Kind::Num(b)) => num(
                match op {
                    B::Subtraction => a - b,
                    B::Multiplication => a * b,
                    B::Division => a / b,
                    _ => a % b,
                },
                loc,
            ),
            _ => unknown(),
        },
        B::LessThan | B::GreaterThan | B::LessEqualThan | B::GreaterEqualThan => match (&l.kind, &r.kind) {
            (Kind::Num(a), Kind::Num(b)) => Value::new(
                Kind::Bool(match op {
                    B::LessThan => a < b,
                    B::GreaterThan => a > b,
                    B::LessEqualThan => a <= b,
                    _ => a >= b,
                }),
                loc,
            ),
            _ => unknown(),
        },
        B::In => match (&l.to_js_string(), &r.kind) {
            (Some(k), Kind::Object(_)) => match r.get(k) {
                Lookup::Found(_) => Value::new(Kind::Bool(true), loc),
                Lookup::Missing => Value::new(Kind::Bool(false), loc),
                Lookup::Unknown(_) => unknown(),
            },
            _ => unknown(),
        },
        _ => unknown(),
    }
}

/// How an unknown-ish value reads in a reason ("a value that is not known: …").
pub fn describe_unknown(v: &Value) -> String {
    match &v.kind {
        Kind::Unknown(r) => r.clone(),
        Kind::External { module, path } if module == GLOBAL => format!("`{}`", path.join(".")),
        Kind::External { module, path } => external_name(module, path),
        Kind::Call { callee, .. } | Kind::Construct { callee, .. } => {
            format!("the result of {}", describe_callee(callee))
        }
        _ => "a value that is not known".into(),
    }
}

fn describe_callee(callee: &Value) -> String {
    match &callee.kind {
        Kind::External { module, path } if !path.is_empty() => {
            format!("`{}()` from `{module}`, which fedscope does not evaluate", path.join("."))
        }
        Kind::External { module, .. } => format!("a call of `{module}`, which fedscope does not evaluate"),
        _ => "a call fedscope does not evaluate".into(),
    }
}

/// The identifier a callee ends with (`new webpack.container.ModuleFederationPlugin` → the last name).
fn callee_name<'b>(e: &'b Expression<'_>) -> Option<&'b str> {
    match e.without_parentheses() {
        Expression::Identifier(id) => Some(id.name.as_str()),
        other => other.as_member_expression().and_then(|m| m.static_property_name()),
    }
}

/// Whether a statement may `return` from the function it is in.
fn contains_return(stmt: &Statement<'_>) -> bool {
    struct R(bool);
    impl<'b> Visit<'b> for R {
        fn visit_return_statement(&mut self, _: &ReturnStatement<'b>) {
            self.0 = true;
        }
        fn visit_function(&mut self, _: &Function<'b>, _: ScopeFlags) {}
        fn visit_arrow_function_expression(&mut self, _: &ArrowFunctionExpression<'b>) {}
        fn visit_class(&mut self, _: &Class<'b>) {}
    }
    let mut r = R(false);
    r.visit_statement(stmt);
    r.0
}

/// The names a binding pattern binds, each with its path from the bound value.
fn pattern_names<'a>(p: &'a BindingPattern<'a>, path: Vec<PathStep<'a>>, out: &mut Vec<(String, Vec<PathStep<'a>>)>) {
    match p {
        BindingPattern::BindingIdentifier(id) => out.push((id.name.to_string(), path)),
        BindingPattern::ObjectPattern(o) => {
            let mut seen = Vec::new();
            for prop in &o.properties {
                let key = match prop.key.static_name() {
                    Some(k) if !prop.computed => k.to_string(),
                    _ => continue,
                };
                seen.push(key.clone());
                let mut p2 = path.clone();
                p2.push(PathStep::Key(key));
                pattern_names(&prop.value, p2, out);
            }
            if let Some(rest) = &o.rest {
                let mut p2 = path.clone();
                p2.push(PathStep::RestObject(seen));
                pattern_names(&rest.argument, p2, out);
            }
        }
        BindingPattern::ArrayPattern(a) => {
            for (i, el) in a.elements.iter().enumerate() {
                if let Some(el) = el {
                    let mut p2 = path.clone();
                    p2.push(PathStep::Index(i));
                    pattern_names(el, p2, out);
                }
            }
            if let Some(rest) = &a.rest {
                let mut p2 = path.clone();
                p2.push(PathStep::RestArray(a.elements.len()));
                pattern_names(&rest.argument, p2, out);
            }
        }
        BindingPattern::AssignmentPattern(a) => {
            let mut p2 = path.clone();
            p2.push(PathStep::Default(&a.right));
            pattern_names(&a.left, p2, out);
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// Files in memory; relative specifiers resolve among them, others are packages.
    struct MemHost {
        files: HashMap<PathBuf, String>,
    }

    impl Host for MemHost {
        fn resolve(&self, from: &Path, specifier: &str) -> Resolved {
            if !specifier.starts_with('.') {
                return Resolved::Package(specifier.to_string());
            }
            let base = normalize(&from.parent().unwrap().join(specifier));
            for cand in [base.clone(), base.with_extension("js"), base.with_extension("mjs")] {
                if self.files.contains_key(&cand) {
                    return Resolved::File(cand);
                }
            }
            Resolved::Unresolved("no such file".into())
        }
        fn read(&self, path: &Path) -> Result<String, String> {
            self.files.get(path).cloned().ok_or_else(|| "no such file".to_string())
        }
        fn external_call(&self, _: &Path, _: &str, _: &[String], _: bool, _: &[Value]) -> Behaviour {
            Behaviour::Opaque
        }
        fn captures(&self, module: &str, path: &[String]) -> bool {
            module == "webpack" && path == ["container", "ModuleFederationPlugin"]
        }
        fn env(&self, name: &str, loc: Loc) -> Option<Value> {
            (name == "NODE_ENV").then(|| Value::str("production", loc))
        }
    }

    struct Run {
        exports: Value,
        captures: Vec<Capture>,
        notes: Vec<Note>,
    }

    /// Evaluates `/w/<first file>` of `files`.
    fn run_files(files: &[(&str, &str)]) -> Run {
        let host =
            MemHost { files: files.iter().map(|(p, t)| (PathBuf::from(format!("/w/{p}")), t.to_string())).collect() };
        with_evaluator(&host, |ev| {
            let exports = ev.eval_file(Path::new(&format!("/w/{}", files[0].0)));
            Run { exports, captures: ev.captures.clone(), notes: ev.notes.clone() }
        })
    }

    fn run(src: &str) -> Run {
        run_files(&[("webpack.config.js", src)])
    }

    /// A compact rendering: `?` for an unknown, `...?` for an unknown spread.
    fn show(v: &Value) -> String {
        match &v.kind {
            Kind::Undefined => "undefined".into(),
            Kind::Null => "null".into(),
            Kind::Bool(b) => b.to_string(),
            Kind::Num(n) => fedscope_semver::js::number_to_string(*n),
            Kind::Str(s) => format!("'{s}'"),
            Kind::Array(items) => format!("[{}]", items.iter().map(show).collect::<Vec<_>>().join(", ")),
            Kind::Object(entries) => {
                // keys in order, with their last value; `...?` may set any key before it
                let mut parts: Vec<String> = Vec::new();
                for (i, e) in entries.iter().enumerate() {
                    match e {
                        Entry::Prop { key, .. } => {
                            let earlier =
                                entries[..i].iter().any(|x| matches!(x, Entry::Prop { key: k, .. } if k == key));
                            if !earlier {
                                let (props, _) = v.props();
                                let last =
                                    props.iter().find(|(k, _)| k == key).map(|(_, v)| show(v)).unwrap_or_default();
                                parts.push(format!("{key}: {last}"));
                            }
                        }
                        Entry::Spread(x) => parts.push(format!("...{}", show(x))),
                    }
                }
                format!("{{{}}}", parts.join(", "))
            }
            Kind::Function(_) => "fn".into(),
            Kind::External { module, path } => format!("{module}:{}", path.join(".")),
            Kind::Construct { callee, args } => {
                format!("new {}({})", show(callee), args.iter().map(show).collect::<Vec<_>>().join(", "))
            }
            Kind::Call { callee, args } => {
                format!("{}({})", show(callee), args.iter().map(show).collect::<Vec<_>>().join(", "))
            }
            Kind::Unknown(_) => "?".into(),
        }
    }

    fn exports(src: &str) -> String {
        show(&run(src).exports)
    }

    /// The reasons of the unknowns in the exports (there must be one).
    fn why(src: &str) -> String {
        fn collect(v: &Value, out: &mut Vec<String>) {
            match &v.kind {
                Kind::Unknown(r) => out.push(r.clone()),
                Kind::Array(items) => items.iter().for_each(|i| collect(i, out)),
                Kind::Object(entries) => {
                    for e in entries {
                        match e {
                            Entry::Prop { value, .. } => collect(value, out),
                            Entry::Spread(x) => collect(x, out),
                        }
                    }
                }
                _ => {}
            }
        }
        let r = run(src);
        let mut out = Vec::new();
        collect(&r.exports, &mut out);
        assert!(!out.is_empty(), "expected an unknown, got {}", show(&r.exports));
        out.join("; ")
    }

    // ---- loops and other code that is not evaluated ----------------------------

    #[test]
    fn a_loop_makes_what_it_changes_unknown() {
        let src = "const keys = ['react'];\nconst shared = {};\nfor (const k of keys) shared[k] = { singleton: true };\nmodule.exports = shared;";
        // the same object, with any key possibly set
        assert_eq!(exports(src), "{...?}");
        let w = why(src);
        assert!(w.contains("a loop at line 3"), "{w}");
        for head in ["while (keys.length)", "for (const k in keys)", "for (let i = 0; i < 2; i++)"] {
            let src = format!(
                "const keys = ['a'];\nconst shared = {{ y: 1 }};\n{head} {{ shared.x = 1; }}\nmodule.exports = shared;"
            );
            assert_eq!(exports(&src), "{y: 1, x: ?}", "{head}");
        }
        assert_eq!(
            exports("const shared = {};\ndo { shared.x = 1 } while (false);\nmodule.exports = shared;"),
            "{x: ?}"
        );
        // a loop that assigns a variable, or changes it through keys that are not all known
        let src = "let n = 0;\nconst a = { b: { c: 1 }, d: 2 };\nfor (const k of ['b']) { n = n + 1; a[k].c = 2; }\nmodule.exports = { n, a };";
        assert_eq!(exports(src), "{n: ?, a: ?}");
        // the note stays
        assert!(run(src).notes.iter().any(|n| n.message.contains("loop")));
    }

    #[test]
    fn a_loop_leaves_what_it_does_not_change() {
        // reads, and variables of the same name declared inside the loop, are not changes
        let src = "const deps = { react: '^18' };\nconst shared = { a: 1 };\nconst out = {};\nfor (const k of Object.keys(deps)) { const shared = {}; shared[k] = deps[k]; }\nmodule.exports = { deps, shared, out };";
        assert_eq!(exports(src), "{deps: {react: '^18'}, shared: {a: 1}, out: {}}");
    }

    #[test]
    fn a_loop_changes_every_copy_of_an_object() {
        let src = "const shared = {};\nconst mf = { name: 'host', shared };\nfor (const k of ['a']) shared[k] = 1;\nmodule.exports = mf;";
        assert_eq!(exports(src), "{name: 'host', shared: ?}");
        // through a variable the loop assigns: what it read may be changed later through it
        let src = "const configs = [{ plugins: [] }];\nlet target;\nfor (const c of configs) target = c;\ntarget.plugins.push(1);\nmodule.exports = configs;";
        assert_eq!(exports(src), "?");
    }

    #[test]
    fn a_loop_changing_objects_through_its_own_variables() {
        // `rule` is each of the rules: changing it changes them
        let src = "const config = { module: { rules: [{ test: 'a' }] } };\nfor (const rule of config.module.rules) { rule.exclude = 'x'; }\nmodule.exports = config;";
        assert_eq!(exports(src), "?");
        let src = "const deps = { a: '1' };\nconst shared = {};\nfor (const k of Object.keys(deps)) { const entry = {}; entry.requiredVersion = deps[k]; shared[k] = entry; }\nmodule.exports = { deps, shared };";
        assert_eq!(exports(src), "{deps: {a: '1'}, shared: {...?}}");
        let src = "const { mutate } = require('pkg');\nconst configs = [{}];\nfor (const c of configs) { mutate(c); }\nmodule.exports = configs;";
        assert_eq!(exports(src), "?");
        // a callback that changes what it is given, given to a package function
        let src = "const _ = require('lodash');\nconst configs = [{}];\nconst r = _.map(configs, (c) => { c.x = 1; return c; });\nmodule.exports = configs;";
        assert_eq!(exports(src), "?");
    }

    #[test]
    fn a_loop_calling_a_function_that_changes_a_variable() {
        let src = "const shared = {};\nfunction add(k) { shared[k] = { singleton: true }; }\nfor (const k of ['a']) add(k);\nmodule.exports = shared;";
        assert_eq!(exports(src), "{...?}");
        // through a method of an object
        let src = "const shared = {};\nconst h = { add(k) { shared[k] = 1; } };\nfor (const k of ['a']) h.add(k);\nmodule.exports = shared;";
        assert_eq!(exports(src), "{...?}");
    }

    #[test]
    fn a_loop_that_returns_makes_the_result_unknown() {
        let src = "const xs = ['a', 'b'];\nfunction find() { for (const x of xs) { if (x === 'b') return x; } return null; }\nmodule.exports = find();";
        assert!(why(src).contains("a loop at line 2"));
    }

    #[test]
    fn an_unknown_branch_makes_what_it_changes_unknown() {
        let src =
            "const shared = { react: {} };\nif (process.env.FOO) { shared.lodash = {}; }\nmodule.exports = shared;";
        assert_eq!(exports(src), "{react: {}, lodash: ?}");
        assert!(why(src).contains("a branch at line 2"));
        let src = "const remotes = [];\nprocess.env.FOO && remotes.push('a');\nmodule.exports = remotes;";
        assert_eq!(exports(src), "?");
        let src = "const s = {};\nconst t = process.env.FOO ? (s.x = 1) : 0;\nmodule.exports = s;";
        assert_eq!(exports(src), "{x: ?}");
        // known branches are evaluated
        let src = "const shared = {};\nif (process.env.NODE_ENV === 'production') { shared.a = 1; } else { shared.b = 2; }\nmodule.exports = shared;";
        assert_eq!(exports(src), "{a: 1}");
    }

    #[test]
    fn an_unknown_value_may_be_an_object_it_was_chosen_from() {
        let src = "const a = {};\nconst t = process.env.FOO ? a : {};\nt.y = 1;\nmodule.exports = a;";
        assert_eq!(exports(src), "?");
        let src = "const a = {};\nconst t = process.env.FOO || a;\nt.y = 1;\nmodule.exports = a;";
        assert_eq!(exports(src), "?");
    }

    #[test]
    fn switch_labels_and_the_rest_after_a_bail() {
        let src =
            "const s = {};\nswitch (process.env.NODE_ENV) { case 'production': s.a = 1; break; }\nmodule.exports = s;";
        assert_eq!(exports(src), "{a: ?}");
        let src = "const s = {};\nfunction f(x) { if (process.env.FOO) return 1; s.a = 1; return 2; }\nf();\nmodule.exports = s;";
        assert_eq!(exports(src), "{a: ?}");
        let src = "const s = {};\nouter: { s.a = 1; }\nmodule.exports = s;";
        assert_eq!(exports(src), "{a: ?}");
    }

    #[test]
    fn try_runs_finally_and_a_catch_may_run() {
        assert_eq!(
            exports("const s = {};\ntry { s.a = 1; } finally { s.b = 2; }\nmodule.exports = s;"),
            "{a: 1, b: 2}"
        );
        assert_eq!(
            exports("const s = {};\ntry { s.a = 1; } catch (e) { s.b = 2; }\nmodule.exports = s;"),
            "{a: 1, b: ?}"
        );
    }

    #[test]
    fn a_throw_stops_the_module() {
        let src = "const s = {};\nmodule.exports = s;\nif (true) throw new Error('no');\ns.a = 1;";
        assert!(why(src).contains("stopped at line 3"), "{}", why(src));
    }

    // ---- assignments --------------------------------------------------------------

    #[test]
    fn nested_assignments_update_the_variable() {
        let src = "const opts = { name: 'app', shared: {} };\nopts.shared.react = { singleton: true };\nopts.shared['react-dom'] = { singleton: true };\nmodule.exports = opts;";
        assert_eq!(exports(src), "{name: 'app', shared: {react: {singleton: true}, react-dom: {singleton: true}}}");
        let src =
            "const config = { output: { path: 'dist' } };\nconfig.output.uniqueName = 'x';\nmodule.exports = config;";
        assert_eq!(exports(src), "{output: {path: 'dist', uniqueName: 'x'}}");
        let src = "const a = { b: { c: 1 } };\nconst b = 'b', c = 'c';\na[b][c] = 2;\nmodule.exports = a;";
        assert_eq!(exports(src), "{b: {c: 2}}");
        let src = "const a = { list: [{ x: 1 }] };\na.list[0].x = 2;\nmodule.exports = a;";
        assert_eq!(exports(src), "{list: [{x: 2}]}");
    }

    #[test]
    fn assignments_that_cannot_be_followed_make_values_unknown() {
        // a key that is not known: any key may have the value
        let src = "const a = { x: 1 };\na[process.env.K] = 2;\nmodule.exports = a;";
        assert_eq!(exports(src), "{x: 1, ...?}");
        let src = "const a = { b: { c: 1 } };\na[process.env.K].c = 2;\nmodule.exports = a;";
        assert_eq!(exports(src), "?");
        // arrays with keys that are not indexes
        let src = "const arr = [1];\narr.x = 1;\nmodule.exports = arr;";
        assert_eq!(exports(src), "?");
        // through a spread that is not known: the value stays unknown, the rest is left
        let src = "const o = { ...require('x').base, a: 1 };\no.remotes.y = 1;\nmodule.exports = o;";
        assert_eq!(exports(src), "{...x:base, a: 1}");
    }

    #[test]
    fn compound_and_logical_assignments() {
        let src = "let n = 1;\nn += 2;\nn++;\n++n;\nn--;\nlet s = 'a';\ns += 'b';\nconst o = { c: 1, d: null, e: 0 };\no.c *= 10;\no.d ??= 'x';\no.e ||= 'y';\no.c &&= o.c + 1;\nlet u;\nu ??= 'z';\nmodule.exports = { n, s, o, u, post: n++, after: n };";
        assert_eq!(exports(src), "{n: 4, s: 'ab', o: {c: 11, d: 'x', e: 'y'}, u: 'z', post: 4, after: 5}");
        // an unknown value: unknown
        let src = "let n = process.env.N;\nn += 1;\nconst o = { x: process.env.X };\no.x ||= 'y';\nmodule.exports = { n, o };";
        assert_eq!(exports(src), "{n: ?, o: {x: ?}}");
    }

    #[test]
    fn destructuring_assignments() {
        let src = "let a, b, rest;\n[a, b] = [1, 2];\n({ c: a, ...rest } = { c: 3, d: 4 });\nconst o = {};\n[o.x = 5] = [];\nmodule.exports = { a, b, rest, o };";
        assert_eq!(exports(src), "{a: 3, b: 2, rest: {d: 4}, o: {x: 5}}");
    }

    #[test]
    fn delete_removes_a_key() {
        let src = "const o = { a: 1, b: 2 };\ndelete o.a;\nmodule.exports = o;";
        assert_eq!(exports(src), "{b: 2}");
    }

    #[test]
    fn a_change_through_another_reference() {
        let src = "const a = {};\nconst b = a;\nb.x = 1;\nmodule.exports = { a, b };";
        let r = run(src);
        assert_eq!(show(&r.exports), "{a: ?, b: {x: 1}}");
        let Lookup::Found(a) = r.exports.get("a") else { panic!() };
        assert!(a.unknown_reason().unwrap().contains("line 3"), "{:?}", a.unknown_reason());
        // an object kept in another one
        let src = "const shared = {};\nconst mf = { shared };\nshared.react = {};\nmodule.exports = { mf, shared };";
        assert_eq!(exports(src), "{mf: {shared: ?}, shared: {react: {}}}");
        // and a change through the copy made unknown changes the original
        let src = "const shared = {};\nconst mf = { shared };\nshared.react = {};\nmf.shared.vue = {};\nmodule.exports = shared;";
        assert_eq!(exports(src), "?");
    }

    #[test]
    fn a_later_change_is_not_seen_by_earlier_values() {
        // module-level declarations are evaluated in order
        let src = "let x = 1;\nconst y = x;\nx = 2;\nconst s = { a: 1 };\nconst copy = { ...s };\ns.b = 2;\nmodule.exports = { y, copy, x, s };";
        assert_eq!(exports(src), "{y: 1, copy: {a: 1}, x: 2, s: {a: 1, b: 2}}");
    }

    #[test]
    fn a_capture_sees_later_changes_of_its_options() {
        let src = "const { ModuleFederationPlugin } = require('webpack').container;\nconst opts = { name: 'host', remotes: {} };\nconst plugin = new ModuleFederationPlugin(opts);\nopts.remotes.app = 'app@http://x/remoteEntry.js';\nmodule.exports = { plugins: [plugin] };";
        let r = run(src);
        assert_eq!(r.captures.len(), 1);
        assert_eq!(show(&r.captures[0].args[0]), "{name: 'host', remotes: ?}");
        // changes before the construction are in it
        let src = "const { ModuleFederationPlugin } = require('webpack').container;\nconst opts = { name: 'host', remotes: {} };\nopts.remotes.app = 'app@x';\nmodule.exports = { plugins: [new ModuleFederationPlugin(opts)] };";
        assert_eq!(show(&run(src).captures[0].args[0]), "{name: 'host', remotes: {app: 'app@x'}}");
    }

    #[test]
    fn set_on_a_function_makes_its_properties_unknown() {
        let src = "function f() {}\nf.x = 1;\nmodule.exports = f.x;";
        assert_eq!(exports(src), "?");
    }

    #[test]
    fn process_env_assignments() {
        let src = "process.env.NODE_ENV = 'development';\nprocess.env.FOO = 'bar';\nmodule.exports = [process.env.NODE_ENV, process.env.FOO];";
        assert_eq!(exports(src), "['development', 'bar']");
        let src = "Object.assign(process.env, { FOO: 'x' });\ndelete process.env.NODE_ENV;\nmodule.exports = [process.env.FOO, process.env.NODE_ENV];";
        assert_eq!(exports(src), "['x', undefined]");
        let src = "for (const k of ['A']) process.env[k] = '1';\nmodule.exports = process.env.NODE_ENV;";
        assert_eq!(exports(src), "?");
    }

    // ---- methods that change their object ------------------------------------------

    #[test]
    fn array_methods_on_nested_arrays() {
        let src = "const { ModuleFederationPlugin } = require('webpack').container;\nconst config = { plugins: [] };\nconfig.plugins.push(new ModuleFederationPlugin({ name: 'a' }));\nmodule.exports = config;";
        let r = run(src);
        assert_eq!(show(&r.exports), "{plugins: [new webpack:container.ModuleFederationPlugin({name: 'a'})]}");
        assert_eq!(r.captures.len(), 1);
        let src = "const o = { remotes: ['a'] };\no.remotes.push('b', 'c');\no.remotes.unshift('z');\nconst popped = o.remotes.pop();\nconst shifted = o.remotes.shift();\nmodule.exports = { o, popped, shifted };";
        assert_eq!(exports(src), "{o: {remotes: ['a', 'b']}, popped: 'c', shifted: 'z'}");
        let src = "const a = [5, 1, 10, 2];\nconst r = a.splice(1, 2, 'x');\nconst s = ['b', 'a', 'c'];\ns.sort();\nconst n = [10, 9, 1];\nn.sort();\nconst v = [1, 2, 3];\nv.reverse();\nconst f = [0, 0, 0];\nf.fill(7, 1);\nmodule.exports = { a, r, s, n, v, f };";
        assert_eq!(
            exports(src),
            "{a: [5, 'x', 2], r: [1, 10], s: ['a', 'b', 'c'], n: [1, 10, 9], v: [3, 2, 1], f: [0, 7, 7]}"
        );
        // not modelled: unknown
        let src = "const a = [3, 1];\na.sort((x, y) => x - y);\nconst b = [1, 2];\nb.copyWithin(0, 1);\nmodule.exports = { a, b };";
        assert_eq!(exports(src), "{a: ?, b: ?}");
        // the result of `reverse` is the array itself
        let src = "const a = [1, 2];\nconst b = a.reverse();\nb.push(0);\nmodule.exports = a;";
        assert_eq!(exports(src), "?");
    }

    #[test]
    fn object_assign_changes_its_target() {
        let src = "const t = { a: 1 };\nconst r = Object.assign(t, { b: 2 });\nconst opts = { shared: {} };\nObject.assign(opts.shared, { react: {} });\nmodule.exports = { t, r, opts };";
        assert_eq!(exports(src), "{t: {a: 1, b: 2}, r: {a: 1, b: 2}, opts: {shared: {react: {}}}}");
        // a copy of the target, made before, is not the same object
        let src =
            "const t = { a: 1 };\nconst c = Object.assign({}, t);\nObject.assign(t, { b: 2 });\nmodule.exports = c;";
        assert_eq!(exports(src), "{a: 1}");
    }

    #[test]
    fn object_define_property() {
        let src = "const o = {};\nObject.defineProperty(o, 'x', { value: 1, enumerable: true });\nconst p = {};\nObject.defineProperty(p, 'y', { value: 1 });\nmodule.exports = { o, p };";
        assert_eq!(exports(src), "{o: {x: 1}, p: ?}");
    }

    #[test]
    fn other_ways_to_change_an_object() {
        // through `arguments`
        let src = "function f() { arguments[0].x = 1; }\nconst o = {};\nf(o);\nmodule.exports = o;";
        assert_eq!(exports(src), "?");
        // a frozen object is not changed (the change is ignored, or throws)
        let src = "const o = Object.freeze({ a: 1 });\nconst p = Object.freeze({ b: 1 });\no.a = 2;\nmodule.exports = { o, p };";
        assert_eq!(exports(src), "{o: ?, p: {b: 1}}");
        // through a built-in prototype's method
        let src = "const list = [1];\nArray.prototype.push.apply(list, [2]);\nmodule.exports = list;";
        assert_eq!(exports(src), "?");
        // an export changed through `exports.x`
        let src = "exports.list = [1];\nexports.list.push(2);\nexports.other = [3];";
        assert_eq!(exports(src), "{list: ?, other: [3]}");
    }

    #[test]
    fn maps_and_sets_are_unknown() {
        let src =
            "const shared = { a: 1 };\nconst m = new Map();\nm.set('s', shared);\nmodule.exports = { m, shared };";
        assert_eq!(exports(src), "{m: ?, shared: {a: 1}}");
        // stored in what is not known, an object may be changed through it
        let src = "const shared = { a: 1 };\nconst m = new Map();\nm.set('s', shared);\nm.get('s').b = 2;\nmodule.exports = shared;";
        assert_eq!(exports(src), "?");
    }

    #[test]
    fn a_package_function_may_change_its_arguments() {
        let src = "const merge = require('lodash/merge');\nconst base = { a: 1 };\nconst other = { b: 2 };\nmerge(base, { c: 3 });\nmodule.exports = { base, other };";
        assert_eq!(exports(src), "{base: ?, other: {b: 2}}");
        // and call the functions it gets
        let src = "const _ = require('lodash');\nconst shared = {};\n_.forEach(['a'], (k) => { shared[k] = 1; });\nmodule.exports = shared;";
        assert_eq!(exports(src), "{...?}");
        // the result of a function fedscope does not know may be its argument
        let src = "const f = require('./missing');\nconst shared = { a: 1 };\nconst x = f(shared);\nx.b = 2;\nmodule.exports = shared;";
        assert_eq!(exports(src), "?");
        // a function called for its result is taken to leave its arguments (a plugin factory),
        // unless named like a helper that changes them; called for its effect, it changes them
        let src = "const { typesPlugin } = require('types-plugin');\nconst { set } = require('lodash');\nconst mf = { name: 'a' };\nconst other = { b: 1 };\nconst plugins = [typesPlugin({ mf }), set(other, 'c', 2)];\nmodule.exports = { mf, other };";
        assert_eq!(exports(src), "{mf: {name: 'a'}, other: ?}");
        let src =
            "const { mutate } = require('pkg');\nconst shared = { a: 1 };\nmutate(shared);\nmodule.exports = shared;";
        assert_eq!(exports(src), "?");
        // a hook in an options object gets the bundler's objects: its changes to them are not ours
        let src = "const { withNx } = require('nx');\nconst deps = { a: '1' };\nconst cfg = { webpack(config) { config.plugins.push({ v: deps.a }); return config; } };\nmodule.exports = { r: withNx(cfg), deps, cfg };";
        assert_eq!(exports(src), "{r: nx:withNx({webpack: fn}), deps: {a: '1'}, cfg: {webpack: fn}}");
        // a plugin's constructor keeps its options as they are
        let src = "const Html = require('html-webpack-plugin');\nconst opts = { title: 'x' };\nnew Html(opts);\nmodule.exports = opts;";
        assert_eq!(exports(src), "{title: 'x'}");
    }

    #[test]
    fn functions_of_the_sources_that_change_things() {
        // a closed-over variable is updated
        let src = "const shared = {};\nfunction add(k) { shared[k] = { singleton: true }; }\nadd('react');\n['a', 'b'].forEach((n) => { shared[n] = 1; });\nmodule.exports = shared;";
        assert_eq!(exports(src), "{react: {singleton: true}, a: 1, b: 1}");
        // an argument is the caller's object: changed through another reference
        let src = "function add(s) { s.react = 1; return s; }\nconst shared = {};\nconst r = add(shared);\nmodule.exports = { shared, r };";
        assert_eq!(exports(src), "{shared: ?, r: {react: 1}}");
        let src = "function add(s) { s.x = 1; }\nconst o = {};\nadd.call(null, o);\nmodule.exports = o;";
        assert_eq!(exports(src), "?");
        // a method using `this`
        let src = "const cfg = { remotes: {}, add(n) { this.remotes[n] = n; } };\ncfg.add('a');\nmodule.exports = cfg;";
        assert_eq!(exports(src), "?");
        // a reduce building an object stays known
        let src = "const names = ['a', 'b'];\nmodule.exports = names.reduce((acc, n) => { acc[n] = { singleton: true }; return acc; }, {});";
        assert_eq!(exports(src), "{a: {singleton: true}, b: {singleton: true}}");
    }

    #[test]
    fn live_exports_and_imported_objects() {
        let r = run_files(&[
            ("webpack.config.mjs", "import { shared } from './shared.mjs';\nexport default { shared };"),
            ("shared.mjs", "export const shared = {};\nshared.react = { singleton: true };"),
        ]);
        assert_eq!(show(&r.exports), "{default: {shared: {react: {singleton: true}}}}");
        // a change by the importer makes the exporter's copies unknown
        let r = run_files(&[
            (
                "webpack.config.js",
                "const s = require('./shared.js');\ns.shared.vue = {};\nmodule.exports = require('./shared.js');",
            ),
            ("shared.js", "exports.shared = { react: {} };"),
        ]);
        assert_eq!(show(&r.exports), "{shared: ?}");
    }
}
