//! Source facts: what a JS/TS module imports, and how (statically, which puts
//! the imported module in the same chunk, or through `import()`, which starts
//! an async chunk). The workspace stage walks these from each app's entries
//! and exposed modules to learn which shared packages an app consumes, and
//! whether synchronously.

use oxc_allocator::Allocator;
use oxc_ast::ast::*;
use oxc_ast_visit::{Visit, walk};
use oxc_parser::Parser;
use oxc_span::{GetSpan, SourceType};
use std::path::Path;

/// How a module refers to another.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ImportKind {
    /// `import … from 'x'`, `import 'x'`, `export … from 'x'`: same chunk, evaluated first.
    Static,
    /// `require('x')`: same chunk, synchronous.
    Require,
    /// `import('x')`: an async chunk.
    Dynamic,
    /// `loadRemote('x')` of the Module Federation runtime: async.
    LoadRemote,
}

impl ImportKind {
    /// Whether the imported module is evaluated synchronously with the importer.
    pub fn is_sync(self) -> bool {
        matches!(self, ImportKind::Static | ImportKind::Require)
    }
}

/// One reference to another module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Import {
    pub specifier: String,
    pub kind: ImportKind,
    /// 1-based line and column of the specifier.
    pub line: u32,
    pub column: u32,
    /// Byte range of the specifier in the source.
    pub start: u32,
    pub end: u32,
}

/// What a module refers to, in source order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ModuleFacts {
    pub imports: Vec<Import>,
    /// `import(x)` / `require(x)` whose specifier is not a string: the
    /// module graph is incomplete there (line, column).
    pub computed: Vec<(u32, u32)>,
    /// The module contains JSX.
    pub has_jsx: bool,
    /// The module binds `React` at the top level (an import or a declaration):
    /// JSX compiled with the classic runtime needs it.
    pub binds_react: bool,
    /// Where it creates stores, clients, contexts, collections and channels.
    pub state: crate::state::StateFacts,
    /// Effect cleanups, CustomEvents and channel messages.
    pub lifetimes: crate::lifetimes::LifetimeFacts,
    /// Components, JSX elements, lazy remotes, runtime plugins, stores that keep server data.
    pub jsx: crate::jsx::JsxFacts,
    /// TanStack Query keys, filter calls and provider options.
    pub query: crate::query::QueryFacts,
}

impl ModuleFacts {
    /// Whether JSX here compiles with the automatic runtime, which inserts
    /// `import { jsx } from 'react/jsx-runtime'` before the module's own
    /// imports: the module has JSX and no `React` in scope for the classic one.
    pub fn automatic_jsx(&self) -> bool {
        self.has_jsx && !self.binds_react
    }
}

/// Why a module was not read: its first syntax error, or a nesting too deep to parse, with its place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FactsError {
    pub line: u32,
    pub column: u32,
    pub message: String,
    /// A syntax error (else the source is valid as far as fedscope knows, but not parsed).
    pub syntax: bool,
}

fn source_type(path: &Path) -> SourceType {
    let st = SourceType::from_path(path).unwrap_or_else(|_| SourceType::mjs());
    // `.js` files of React apps hold JSX
    if matches!(path.extension().and_then(|e| e.to_str()), Some("js" | "mjs" | "cjs")) { st.with_jsx(true) } else { st }
}

struct Lines(Vec<u32>);

impl Lines {
    fn new(text: &str) -> Lines {
        // (one vectorised scan: `match_indices` restarts a search per line)
        let mut v = Vec::with_capacity(text.len() / 32 + 1);
        v.push(0u32);
        v.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i as u32 + 1));
        Lines(v)
    }

    fn at(&self, offset: u32) -> (u32, u32) {
        let line = self.0.partition_point(|s| *s <= offset).max(1);
        (line as u32, offset - self.0[line - 1] + 1)
    }
}

/// The imports of one module.
pub fn module_facts(path: &Path, text: &str) -> Result<ModuleFacts, FactsError> {
    // one arena per thread, reset between modules: no fresh pages per file
    thread_local! {
        static ARENA: std::cell::RefCell<Allocator> = std::cell::RefCell::new(Allocator::default());
    }
    ARENA.with(|arena| match arena.try_borrow_mut() {
        Ok(mut alloc) => {
            alloc.reset();
            module_facts_in(&alloc, path, text)
        }
        // (re-entered on this thread: a fresh arena)
        Err(_) => module_facts_in(&Allocator::default(), path, text),
    })
}

/// Nesting deeper than this is not parsed: the parser and the collectors recurse once per
/// level, and the threads that parse have a stack for about 300,000 levels of brackets.
const MAX_NESTING: usize = 100_000;

/// Where the brackets of `text` first nest deeper than `max` (counted as written, strings and
/// comments included: an over-estimate), if they do.
fn too_deep(text: &str, max: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > max {
                    return Some(i);
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

fn module_facts_in(alloc: &Allocator, path: &Path, text: &str) -> Result<ModuleFacts, FactsError> {
    // (a text of no more bytes than that cannot nest deeper: only a longer one is scanned)
    if text.len() > MAX_NESTING
        && let Some(at) = too_deep(text, MAX_NESTING)
    {
        let (line, column) = Lines::new(text).at(at as u32);
        let message = format!("brackets nested more than {MAX_NESTING} levels deep: fedscope does not parse it");
        return Err(FactsError { line, column, message, syntax: false });
    }
    let st = source_type(path);
    let mut ret = Parser::new(alloc, text, st).parse();
    if !ret.diagnostics.is_empty() && !st.is_typescript() {
        let script = Parser::new(alloc, text, st.with_script(true)).parse();
        if script.diagnostics.is_empty() {
            ret = script;
        }
    }
    let lines = Lines::new(text);
    if let Some(d) = ret.diagnostics.first() {
        let at = d.labels.first().map(|l| l.offset()).unwrap_or(0);
        let (line, column) = lines.at(at);
        return Err(FactsError { line, column, message: d.message.to_string(), syntax: true });
    }
    let at = |o| lines.at(o);
    let mut refs = Refs::new(&at);
    let mut facts =
        ModuleFacts { state: crate::state::collect_with(&ret.program, &at, Some(&mut refs)), ..Default::default() };
    let Refs { imports, computed, has_jsx, .. } = refs;
    (facts.imports, facts.computed, facts.has_jsx) = (imports, computed, has_jsx);
    facts.binds_react = ret.program.body.iter().any(|s| match s {
        Statement::ImportDeclaration(i) => {
            i.specifiers.as_ref().is_some_and(|sp| sp.iter().any(|x| x.local().name == "React"))
        }
        Statement::VariableDeclaration(d) => {
            d.declarations.iter().any(|x| x.id.get_binding_identifiers().iter().any(|b| b.name == "React"))
        }
        _ => false,
    });
    facts.lifetimes = crate::lifetimes::collect(&ret.program, &at, &facts.state.bindings);
    facts.jsx = crate::jsx::collect(&ret.program, &at, &facts.state.bindings);
    facts.query = crate::query::collect(&ret.program, &at, &facts.state.bindings);
    Ok(facts)
}

/// What a module refers to (imports, computed requests, JSX), gathered during the state
/// collector's walk of the module: one walk for both.
pub(crate) struct Refs<'l> {
    at: crate::state::At<'l>,
    pub imports: Vec<Import>,
    pub computed: Vec<(u32, u32)>,
    pub has_jsx: bool,
}

impl<'l> Refs<'l> {
    pub fn new(at: crate::state::At<'l>) -> Refs<'l> {
        Refs { at, imports: Vec::new(), computed: Vec::new(), has_jsx: false }
    }

    fn push(&mut self, specifier: &str, kind: ImportKind, start: u32, end: u32) {
        let (line, column) = (self.at)(start);
        self.imports.push(Import { specifier: specifier.to_string(), kind, line, column, start, end });
    }

    fn literal(e: &Expression<'_>) -> Option<String> {
        match e {
            Expression::StringLiteral(s) => Some(s.value.to_string()),
            Expression::TemplateLiteral(t) if t.expressions.is_empty() => {
                t.quasis.first().and_then(|q| q.value.cooked.as_ref()).map(|c| c.to_string())
            }
            Expression::ParenthesizedExpression(p) => Self::literal(&p.expression),
            _ => None,
        }
    }

    fn computed(&mut self, at: u32) {
        let p = (self.at)(at);
        self.computed.push(p);
    }

    pub fn jsx(&mut self) {
        self.has_jsx = true;
    }

    pub fn import_declaration(&mut self, it: &ImportDeclaration<'_>) {
        if it.import_kind.is_type() {
            return;
        }
        // `import { type A, type B } from 'x'` imports nothing at runtime
        if let Some(specs) = &it.specifiers
            && !specs.is_empty()
            && specs
                .iter()
                .all(|s| matches!(s, ImportDeclarationSpecifier::ImportSpecifier(i) if i.import_kind.is_type()))
        {
            return;
        }
        self.push(&it.source.value, ImportKind::Static, it.source.span.start, it.source.span.end);
    }

    pub fn export_from(&mut self, it: &ExportFromDeclaration<'_>) {
        if !it.export_kind.is_type() {
            self.push(&it.source.value, ImportKind::Static, it.source.span.start, it.source.span.end);
        }
    }

    pub fn export_all(&mut self, it: &ExportAllDeclaration<'_>) {
        if !it.export_kind.is_type() {
            self.push(&it.source.value, ImportKind::Static, it.source.span.start, it.source.span.end);
        }
    }

    pub fn import_expression(&mut self, it: &ImportExpression<'_>) {
        match Self::literal(&it.source) {
            Some(s) => {
                let sp = it.source.span();
                self.push(&s, ImportKind::Dynamic, sp.start, sp.end);
            }
            None => self.computed(it.span.start),
        }
    }

    pub fn call(&mut self, it: &CallExpression<'_>) {
        let callee = match it.callee.without_parentheses() {
            Expression::Identifier(id) => Some(id.name.as_str()),
            _ => None,
        };
        if let Some(name @ ("require" | "loadRemote")) = callee
            && let Some(arg) = it.arguments.first().and_then(Argument::as_expression)
        {
            let kind = if name == "require" { ImportKind::Require } else { ImportKind::LoadRemote };
            match Self::literal(arg) {
                Some(s) => {
                    let sp = arg.span();
                    self.push(&s, kind, sp.start, sp.end);
                }
                None if name == "require" => self.computed(it.span.start),
                None => {}
            }
        }
    }

    pub fn ts_import_equals(&mut self, it: &TSImportEqualsDeclaration<'_>) {
        if let TSModuleReference::ExternalModuleReference(r) = &it.module_reference
            && !it.import_kind.is_type()
        {
            self.push(&r.expression.value, ImportKind::Require, r.expression.span.start, r.expression.span.end);
        }
    }

    /// A part of the module the state collector's walk skips (the parameters of a callback it
    /// enters by its body), walked for its references alone.
    pub fn walk_params(&mut self, params: &FormalParameters<'_>) {
        RefsOnly(self).visit_formal_parameters(params);
    }
}

/// A walk that gathers references and nothing else.
struct RefsOnly<'r, 'l>(&'r mut Refs<'l>);

impl<'l> RefsOnly<'_, 'l> {
    fn refs(&mut self) -> Option<&mut Refs<'l>> {
        Some(self.0)
    }
}

impl<'a> Visit<'a> for RefsOnly<'_, '_> {
    skip_types!();
    refs_hooks!();

    fn visit_call_expression(&mut self, it: &CallExpression<'a>) {
        self.0.call(it);
        walk::walk_call_expression(self, it);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(name: &str, src: &str) -> Vec<(String, ImportKind, u32)> {
        module_facts(Path::new(name), src).unwrap().imports.into_iter().map(|i| (i.specifier, i.kind, i.line)).collect()
    }

    #[test]
    fn kinds_and_lines() {
        let src = "import React from 'react';\nimport type { X } from './types';\nexport { a } from './a';\nexport * from './b';\nconst C = React.lazy(() => import('cart/Cart'));\nconst d = require(`lodash`);\nloadRemote('recs/Widget');\nimport { type T } from './only-types';\n";
        assert_eq!(
            facts("x.tsx", src),
            vec![
                ("react".into(), ImportKind::Static, 1),
                ("./a".into(), ImportKind::Static, 3),
                ("./b".into(), ImportKind::Static, 4),
                ("cart/Cart".into(), ImportKind::Dynamic, 5),
                ("lodash".into(), ImportKind::Require, 6),
                ("recs/Widget".into(), ImportKind::LoadRemote, 7),
            ]
        );
    }

    #[test]
    fn jsx_in_js_and_computed_requests() {
        let m = module_facts(Path::new("App.js"), "const el = <div/>;\nimport(name);\nrequire(x + 'y');\n").unwrap();
        assert!(m.imports.is_empty());
        assert_eq!(m.computed, vec![(2, 1), (3, 1)]);
        assert!(m.automatic_jsx());
        let classic =
            module_facts(Path::new("App.jsx"), "import React from 'react';\nexport const A = () => <b/>;\n").unwrap();
        assert!(classic.has_jsx && !classic.automatic_jsx());
    }

    #[test]
    fn nesting_too_deep_is_an_error_not_a_crash() {
        let n = MAX_NESTING + 1;
        let deep = format!("export const x = {}{};\n", "[".repeat(n), "]".repeat(n));
        let e = module_facts(Path::new("deep.js"), &deep).unwrap_err();
        assert!(e.message.contains("nested more than") && !e.syntax, "{e:?}");
        // named at the bracket one level too deep: `export const x = ` is 17 bytes
        assert_eq!((e.line, e.column), (1, 17 + n as u32));
        // a file as long, but shallow, is read
        let long = format!("export const x = [{}];\n", "[],".repeat(n));
        assert!(module_facts(Path::new("long.js"), &long).is_ok());
        // brackets are counted as they nest, closers included
        assert_eq!(too_deep("((()))", 2), Some(2));
        assert_eq!(too_deep("()()()", 1), None);
    }

    #[test]
    fn syntax_error_has_a_place() {
        let e = module_facts(Path::new("bad.js"), "import x from 'y';\nconst = ;\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.syntax);
    }
}
