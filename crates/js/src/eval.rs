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

use crate::value::{Entry, FileId, Files, Kind, Loc, Lookup, Value};
use oxc_allocator::Allocator;
use oxc_ast::ast::*;
use oxc_parser::Parser;
use oxc_span::{GetSpan, SourceType, Span};
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

struct Module {
    path: PathBuf,
    file: FileId,
    /// `module.exports` (CommonJS), as assigned.
    cjs: Option<Value>,
    /// `exports.x = …` / `module.exports.x = …` additions.
    cjs_props: Vec<Entry>,
    esm: bool,
    named: Vec<(String, Value)>,
    default: Option<Value>,
    done: bool,
}

/// What a function body's execution ended with.
enum Flow {
    Normal,
    Return(Value),
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
    modules: Vec<Module>,
    by_path: HashMap<PathBuf, usize>,
    scopes: Vec<Scope<'a>>,
    funcs: Vec<Func<'a>>,
    memo: HashMap<usize, Value>,
    in_progress: HashSet<usize>,
    budget: u64,
    depth: u32,
    context: Vec<String>,
    noted: HashSet<(Loc, &'static str)>,
}

/// Runs `f` with a fresh evaluator (the parsed sources live as long as it).
pub fn with_evaluator<R>(host: &dyn Host, f: impl FnOnce(&mut Evaluator<'_, '_>) -> R) -> R {
    let alloc = Allocator::default();
    let mut ev = Evaluator {
        alloc: &alloc,
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
            cjs: None,
            cjs_props: Vec::new(),
            esm: false,
            named: Vec::new(),
            default: None,
            done: false,
        });
        self.by_path.insert(path.to_path_buf(), m);
        let scope = self.new_scope(None, m);
        self.scan_federation_sites(program, file);
        self.hoist(&program.body, scope, true);
        for stmt in &program.body {
            if !self.tick() {
                break;
            }
            self.exec_module_stmt(stmt, scope);
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
        if module.esm && module.cjs.is_none() {
            let mut entries: Vec<Entry> = module
                .named
                .iter()
                .map(|(k, v)| Entry::Prop { key: k.clone(), key_loc: v.loc, value: v.clone() })
                .collect();
            if let Some(d) = &module.default {
                entries.push(Entry::Prop { key: "default".into(), key_loc: d.loc, value: d.clone() });
            }
            return Value::new(Kind::Object(entries), loc);
        }
        let mut base = module.cjs.clone().unwrap_or_else(|| Value::new(Kind::Object(Vec::new()), loc));
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

    fn export_named(&mut self, m: usize, name: String, v: Value) {
        if name == "default" {
            self.modules[m].default = Some(v);
        } else {
            self.modules[m].named.push((name, v));
        }
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

    fn exec_module_stmt(&mut self, stmt: &'a Statement<'a>, scope: usize) {
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
                    ExportDefaultDeclarationKind::TSInterfaceDeclaration(_) => return,
                    other => match other.as_expression() {
                        Some(e) => self.eval(e, scope),
                        None => return,
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
                    self.modules[m].named.push((name, v));
                }
            }
            Statement::ExportNamedDeclaration(e) => {
                self.modules[m].esm = true;
                for s in &e.specifiers {
                    let local = s.local.name().to_string();
                    let loc = self.loc(scope, s.span);
                    let v = self.lookup(&local, scope, loc);
                    self.export_named(m, s.exported.name().to_string(), v);
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
                    self.export_named(m, s.exported.name().to_string(), v);
                }
            }
            Statement::ImportDeclaration(_) | Statement::FunctionDeclaration(_) | Statement::VariableDeclaration(_) => {
            }
            Statement::TSExportAssignment(e) => {
                let v = self.eval(&e.expression, scope);
                self.modules[m].cjs = Some(v);
            }
            other => {
                let _ = self.exec(other, scope);
            }
        }
    }

    /// Executes statements of a function body (or a block).
    fn exec_block(&mut self, body: &'a [Statement<'a>], scope: usize) -> Flow {
        self.hoist(body, scope, false);
        for stmt in body {
            if !self.tick() {
                return Flow::Return(Value::unknown("evaluation budget exceeded", Loc::default()));
            }
            if let Flow::Return(v) = self.exec(stmt, scope) {
                return Flow::Return(v);
            }
        }
        Flow::Normal
    }

    fn exec(&mut self, stmt: &'a Statement<'a>, scope: usize) -> Flow {
        match stmt {
            Statement::ExpressionStatement(e) => {
                let _ = self.eval(&e.expression, scope);
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
                        // a return under an unknown condition makes the function's result unknown
                        let returns =
                            contains_return(&i.consequent) || i.alternate.as_ref().is_some_and(contains_return);
                        if returns {
                            return Flow::Return(Value::unknown(
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
                return self.exec_block(&t.block.body, inner);
            }
            Statement::ForStatement(_)
            | Statement::ForInStatement(_)
            | Statement::ForOfStatement(_)
            | Statement::WhileStatement(_)
            | Statement::DoWhileStatement(_) => {
                let loc = self.loc(scope, stmt.span());
                self.note(loc, "loop", "a loop here is not evaluated; values it builds are not known".into());
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
                    None => Value::unknown(
                        format!("depends on {}", test.unknown_reason().unwrap_or("a condition that is not known")),
                        loc,
                    ),
                }
            }
            Expression::LogicalExpression(l) => {
                let left = self.eval(&l.left, scope);
                match l.operator {
                    LogicalOperator::Or => match left.truthy() {
                        Some(true) => left,
                        Some(false) => {
                            let r = self.eval(&l.right, scope);
                            with_mode(r, left.mode_dependent)
                        }
                        None => left,
                    },
                    LogicalOperator::And => match left.truthy() {
                        Some(false) => left,
                        Some(true) => {
                            let r = self.eval(&l.right, scope);
                            with_mode(r, left.mode_dependent)
                        }
                        None => left,
                    },
                    LogicalOperator::Coalesce => match left.kind {
                        Kind::Undefined | Kind::Null => {
                            let r = self.eval(&l.right, scope);
                            with_mode(r, left.mode_dependent)
                        }
                        Kind::Unknown(_) => left,
                        _ => left,
                    },
                }
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
                None => Value::unknown("an expression fedscope does not evaluate", loc),
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
                        entries.push(Entry::Prop {
                            key,
                            key_loc,
                            value: Value::unknown("a getter or setter", key_loc),
                        });
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
            (["process", "env"], name) => match self.host.env(name, loc) {
                Some(v) => v,
                None => Value::unknown(format!("`process.env.{name}`, which is not known statically"), loc),
            },
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

    fn assign(&mut self, a: &'a AssignmentExpression<'a>, scope: usize, loc: Loc) -> Value {
        let value = self.eval(&a.right, scope);
        if a.operator != AssignmentOperator::Assign {
            return value;
        }
        let m = self.scopes[scope].module;
        match &a.left {
            AssignmentTarget::AssignmentTargetIdentifier(id) => {
                // assignment to a variable in scope: rebind it where it lives
                let mut s = Some(scope);
                while let Some(i) = s {
                    if self.scopes[i].vars.contains_key(id.name.as_str()) {
                        self.scopes[i].vars.insert(id.name.to_string(), Binding::Value(value.clone()));
                        return value;
                    }
                    s = self.scopes[i].parent;
                }
            }
            other => {
                if let Some(member) = other.as_member_expression() {
                    let target = self.eval(member.object(), scope);
                    let prop = match member {
                        MemberExpression::StaticMemberExpression(s) => Some(s.property.name.to_string()),
                        MemberExpression::ComputedMemberExpression(c) => self.eval(&c.expression, scope).to_js_string(),
                        _ => None,
                    };
                    let Some(prop) = prop else { return value };
                    match &target.kind {
                        // module.exports = …
                        Kind::External { module, path }
                            if module == GLOBAL && path == &["module"] && prop == "exports" =>
                        {
                            self.modules[m].cjs = Some(value.clone());
                            self.modules[m].cjs_props.clear();
                        }
                        // module.exports.x = … / exports.x = …
                        Kind::External { module, path }
                            if module == GLOBAL
                                && (path == &["module", "exports"] || path.first().is_some_and(|p| p == "exports")) =>
                        {
                            let key_loc = self.loc(scope, member.span());
                            let entry = Entry::Prop { key: prop, key_loc, value: value.clone() };
                            match &mut self.modules[m].cjs {
                                Some(Value { kind: Kind::Object(entries), .. }) => entries.push(entry),
                                _ => self.modules[m].cjs_props.push(entry),
                            }
                        }
                        _ => {
                            // obj.prop = value on a variable: update the variable's value
                            if let Expression::Identifier(id) = member.object() {
                                self.set_prop(id.name.as_str(), prop, value.clone(), scope, loc);
                            }
                        }
                    }
                }
            }
        }
        value
    }

    fn set_prop(&mut self, name: &str, prop: String, value: Value, scope: usize, loc: Loc) {
        let current = self.lookup(name, scope, loc);
        if let Kind::Object(mut entries) = current.kind {
            entries.push(Entry::Prop { key: prop, key_loc: loc, value });
            let updated = Value { kind: Kind::Object(entries), ..current };
            let mut s = Some(scope);
            while let Some(i) = s {
                if self.scopes[i].vars.contains_key(name) {
                    self.scopes[i].vars.insert(name.to_string(), Binding::Value(updated));
                    return;
                }
                s = self.scopes[i].parent;
            }
        }
    }

    fn call_expr(&mut self, c: &'a CallExpression<'a>, scope: usize, loc: Loc) -> Value {
        // method calls: evaluate the receiver once
        if let Some(member) = c.callee.without_parentheses().as_member_expression() {
            let receiver = self.eval(member.object(), scope);
            if c.optional && matches!(receiver.kind, Kind::Undefined | Kind::Null) {
                return undefined(loc);
            }
            let method = match member {
                MemberExpression::StaticMemberExpression(s) => Some(s.property.name.to_string()),
                MemberExpression::ComputedMemberExpression(cm) => self.eval(&cm.expression, scope).to_js_string(),
                _ => None,
            };
            let Some(method) = method else {
                return Value::unknown("a call of a computed method", loc);
            };
            let args = self.args(&c.arguments, scope);
            if let Some(v) = self.builtin_method(&receiver, &method, &args, member, scope, loc) {
                return v;
            }
            let callee = self.member(&receiver, &method, loc);
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
        let _ = receiver;
        match &callee.kind {
            Kind::Function(i) => {
                if construct {
                    return Value::unknown("`new` of a function of the sources", loc);
                }
                self.call_function(*i, args, loc)
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
                        let kind = if construct {
                            Kind::Construct { callee: Box::new(callee.clone()), args }
                        } else {
                            Kind::Call { callee: Box::new(callee.clone()), args }
                        };
                        Value::new(kind, loc)
                    }
                }
            }
            Kind::Unknown(_) => Value::unknown(format!("a call of {}", describe_unknown(&callee)), loc),
            _ => Value::unknown("a call of a value that is not a function", loc),
        }
    }

    /// Calls a function of the sources with known arguments.
    pub fn call_function(&mut self, f: u32, args: Vec<Value>, loc: Loc) -> Value {
        if self.depth >= MAX_DEPTH {
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
        self.depth += 1;
        let result = match body {
            FuncBody::Arrow(a) => match &a.body {
                ArrowFunctionBody::FunctionBody(b) => match self.exec_block(&b.statements, scope) {
                    Flow::Return(v) => v,
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
                    Flow::Normal => undefined(loc),
                },
                None => undefined(loc),
            },
        };
        self.depth -= 1;
        result
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
                Value::new(Kind::Object(entries), loc)
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
            _ => Value::unknown(format!("a call of `{}`", p.join(".")), loc),
        }
    }

    /// Methods of known values: arrays, strings, objects.
    fn builtin_method(
        &mut self,
        receiver: &Value,
        method: &str,
        args: &[Value],
        member: &'a MemberExpression<'a>,
        scope: usize,
        loc: Loc,
    ) -> Option<Value> {
        let arg = |i: usize| args.get(i).cloned().unwrap_or_else(|| undefined(loc));
        let mode = receiver.mode_dependent;
        let v = match (&receiver.kind, method) {
            (Kind::Array(items), "push") => {
                // arr.push(x) on a variable: update it
                if let Expression::Identifier(id) = member.object() {
                    let mut items = items.clone();
                    items.extend(args.iter().cloned());
                    let updated = Value { kind: Kind::Array(items), ..receiver.clone() };
                    let mut s = Some(scope);
                    while let Some(i) = s {
                        if self.scopes[i].vars.contains_key(id.name.as_str()) {
                            self.scopes[i].vars.insert(id.name.to_string(), Binding::Value(updated));
                            break;
                        }
                        s = self.scopes[i].parent;
                    }
                }
                num((items.len() + args.len()) as f64, loc)
            }
            (Kind::Array(items), "map" | "filter" | "forEach" | "find" | "some" | "every" | "flatMap") => {
                let Kind::Function(f) = arg(0).kind else {
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

fn contains_return(stmt: &Statement<'_>) -> bool {
    match stmt {
        Statement::ReturnStatement(_) => true,
        Statement::BlockStatement(b) => b.body.iter().any(contains_return),
        Statement::IfStatement(i) => {
            contains_return(&i.consequent) || i.alternate.as_ref().is_some_and(contains_return)
        }
        _ => false,
    }
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
