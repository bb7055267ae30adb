//! Turns a workspace source file (JS or TS, ES module or CommonJS) into the
//! body of a plain function that `--eval-config`'s Node harness can run with
//! its own module loader, on any Node from 20 on, without a TypeScript
//! compiler or loader hooks:
//!
//! - TypeScript is stripped by oxc's transformer;
//! - `import`/`export` become calls of the harness's `__fs_import` and
//!   getters on `__fs_exports` (live bindings, no hoisting across files);
//! - `import(x)` becomes `__fs_dynamic(x)`, `import.meta` becomes `__fs_meta`.
//!
//! Lines are kept where the source was JavaScript; for TypeScript, `lines`
//! maps each generated line to the source line it came from, so the harness
//! can say where a federation plugin was constructed.

use oxc_allocator::Allocator;
use oxc_ast::ast::*;
use oxc_ast_visit::Visit;
use oxc_codegen::{Codegen, CodegenOptions};
use oxc_parser::Parser;
use oxc_semantic::SemanticBuilder;
use oxc_span::{GetSpan, SourceType, Span};
use oxc_syntax::scope::ScopeFlags;
use oxc_transformer::{TransformOptions, Transformer};
use std::path::Path;

/// A source file rewritten for the harness's loader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunnerModule {
    /// The function body.
    pub code: String,
    /// The file uses ES module syntax (its namespace is `__fs_exports`).
    pub esm: bool,
    /// The file awaits at the top level (its function must be async).
    pub tla: bool,
    /// For each line of `code` (0-based), the 1-based source line; empty when lines are kept.
    pub lines: Vec<u32>,
}

fn is_typescript(path: &Path) -> bool {
    matches!(path.extension().and_then(|e| e.to_str()), Some("ts" | "tsx" | "mts" | "cts"))
}

/// Rewrites `source` (the text of `path`) for the harness.
pub fn to_runner(path: &Path, source: &str) -> Result<RunnerModule, String> {
    let (js, lines) = if is_typescript(path) { strip_types(path, source)? } else { (source.to_string(), Vec::new()) };
    let alloc = Allocator::default();
    let jsx = matches!(path.extension().and_then(|e| e.to_str()), Some("jsx" | "tsx"));
    let source_type = SourceType::mjs().with_jsx(jsx);
    let mut ret = Parser::new(&alloc, &js, source_type).parse();
    if !ret.diagnostics.is_empty() {
        // CommonJS that is not a valid module (a top-level `return`, `with`, octal literals)
        let script = Parser::new(&alloc, &js, source_type.with_script(true)).parse();
        if script.diagnostics.is_empty() {
            ret = script;
        } else {
            return Err(first_error(path, &js, &ret.diagnostics));
        }
    }
    let mut r =
        Rewriter { src: &js, edits: Vec::new(), getters: Vec::new(), esm: false, fn_depth: 0, tla: false, n: 0 };
    for stmt in &ret.program.body {
        r.statement(stmt);
    }
    r.visit_program(&ret.program);
    let mut edits = r.edits;
    edits.sort_by_key(|e| (e.0.start, e.0.end));
    let mut out = String::with_capacity(js.len() + 256);
    // getters first, on the first line, so that line numbers stay
    if !r.getters.is_empty() {
        out.push_str("__fs_export(__fs_exports, {");
        for (name, expr) in &r.getters {
            out.push_str(&format!("{}: () => {expr}, ", json_string(name)));
        }
        out.push_str("}); ");
    }
    if r.esm {
        out.push_str("\"use strict\"; ");
    }
    let mut at = 0usize;
    for (span, text) in edits {
        let (s, e) = (span.start as usize, span.end as usize);
        if s < at {
            continue; // nested in an edit already made (an `import()` inside a rewritten export)
        }
        out.push_str(&js[at..s]);
        out.push_str(&text);
        // keep the lines the replaced text spanned
        out.extend(std::iter::repeat_n('\n', js[s..e].matches('\n').count()));
        at = e;
    }
    out.push_str(&js[at..]);
    Ok(RunnerModule { code: out, esm: r.esm, tla: r.tla, lines })
}

fn first_error(path: &Path, text: &str, errors: &[oxc_diagnostics::OxcDiagnostic]) -> String {
    let e = &errors[0];
    let line =
        e.labels.first().map(|l| text[..(l.offset() as usize).min(text.len())].matches('\n').count() + 1).unwrap_or(1);
    format!("{}:{line}: syntax error: {}", path.display(), e.message)
}

fn strip_types(path: &Path, source: &str) -> Result<(String, Vec<u32>), String> {
    let alloc = Allocator::default();
    let source_type = SourceType::from_path(path).unwrap_or_else(|_| SourceType::ts());
    let ret = Parser::new(&alloc, source, source_type).parse();
    if !ret.diagnostics.is_empty() {
        return Err(first_error(path, source, &ret.diagnostics));
    }
    let mut program = ret.program;
    let scoping = SemanticBuilder::new().build(&program).semantic.into_scoping();
    let options = TransformOptions::default();
    let t = Transformer::new(&alloc, path, &options).build_with_scoping(scoping, &mut program);
    if let Some(e) = t.diagnostics.first() {
        return Err(format!("{}: {}", path.display(), e.message));
    }
    let cg = Codegen::new()
        .with_options(CodegenOptions { source_map_path: Some(path.to_path_buf()), ..CodegenOptions::default() })
        .build(&program);
    let code = cg.code;
    let n_lines = code.matches('\n').count() + 1;
    let mut lines = vec![0u32; n_lines];
    if let Some(map) = cg.map {
        for t in map.get_tokens() {
            let (d, s) = (t.get_dst_line() as usize, t.get_src_line() + 1);
            if d < n_lines && lines[d] == 0 {
                lines[d] = s;
            }
        }
    }
    // lines without a token take the previous line's source line
    let mut last = 1;
    for l in &mut lines {
        if *l == 0 {
            *l = last;
        } else {
            last = *l;
        }
    }
    Ok((code, lines))
}

fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

struct Rewriter<'s> {
    src: &'s str,
    edits: Vec<(Span, String)>,
    /// Exported name and the expression that reads it.
    getters: Vec<(String, String)>,
    esm: bool,
    fn_depth: u32,
    tla: bool,
    n: u32,
}

fn export_name(n: &ModuleExportName) -> String {
    n.name().to_string()
}

impl Rewriter<'_> {
    fn tmp(&mut self) -> String {
        self.n += 1;
        format!("__fs_m{}", self.n)
    }

    fn import_call(source: &StringLiteral) -> String {
        format!("__fs_import({})", json_string(&source.value))
    }

    fn statement(&mut self, stmt: &Statement) {
        match stmt {
            Statement::ImportDeclaration(i) => {
                self.esm = true;
                let call = Self::import_call(&i.source);
                let Some(specifiers) = &i.specifiers else {
                    self.edits.push((i.span, format!("{call};")));
                    return;
                };
                if specifiers.is_empty() {
                    self.edits.push((i.span, format!("{call};")));
                    return;
                }
                let m = self.tmp();
                let mut text = format!("const {m} = {call};");
                for s in specifiers {
                    match s {
                        ImportDeclarationSpecifier::ImportSpecifier(s) => text.push_str(&format!(
                            " const {} = {m}[{}];",
                            s.local.name,
                            json_string(&s.imported.name())
                        )),
                        ImportDeclarationSpecifier::ImportDefaultSpecifier(s) => {
                            text.push_str(&format!(" const {} = {m}.default;", s.local.name))
                        }
                        ImportDeclarationSpecifier::ImportNamespaceSpecifier(s) => {
                            text.push_str(&format!(" const {} = {m};", s.local.name))
                        }
                    }
                }
                self.edits.push((i.span, text));
            }
            Statement::ExportDeclaration(e) => {
                self.esm = true;
                let decl_start = e.declaration.span().start;
                self.edits.push((Span::new(e.span.start, decl_start), String::new()));
                let mut names: Vec<String> = Vec::new();
                match &e.declaration {
                    Declaration::VariableDeclaration(d) => {
                        for dec in &d.declarations {
                            names.extend(dec.id.get_binding_identifiers().iter().map(|i| i.name.to_string()));
                        }
                    }
                    Declaration::FunctionDeclaration(f) => names.extend(f.id.as_ref().map(|i| i.name.to_string())),
                    Declaration::ClassDeclaration(c) => names.extend(c.id.as_ref().map(|i| i.name.to_string())),
                    _ => {}
                }
                for n in names {
                    self.getters.push((n.clone(), n));
                }
            }
            Statement::ExportNamedDeclaration(e) => {
                self.esm = true;
                for s in &e.specifiers {
                    self.getters.push((export_name(&s.exported), export_name(&s.local)));
                }
                self.edits.push((e.span, String::new()));
            }
            Statement::ExportFromDeclaration(e) => {
                self.esm = true;
                let m = self.tmp();
                for s in &e.specifiers {
                    let local = export_name(&s.local);
                    self.getters.push((export_name(&s.exported), format!("{m}[{}]", json_string(&local))));
                }
                self.edits.push((e.span, format!("const {m} = {};", Self::import_call(&e.source))));
            }
            Statement::ExportAllDeclaration(e) => {
                self.esm = true;
                match &e.exported {
                    Some(name) => {
                        let m = self.tmp();
                        self.getters.push((export_name(name), m.clone()));
                        self.edits.push((e.span, format!("const {m} = {};", Self::import_call(&e.source))));
                    }
                    None => self
                        .edits
                        .push((e.span, format!("__fs_exportAll(__fs_exports, {});", Self::import_call(&e.source)))),
                }
            }
            Statement::ExportDefaultDeclaration(e) => {
                self.esm = true;
                let decl_span = e.declaration.span();
                let prefix = Span::new(e.span.start, decl_span.start);
                match &e.declaration {
                    ExportDefaultDeclarationKind::FunctionDeclaration(f) if f.id.is_some() => {
                        self.edits.push((prefix, String::new()));
                        let n = f.id.as_ref().map(|i| i.name.to_string()).unwrap_or_default();
                        self.getters.push(("default".into(), n));
                    }
                    ExportDefaultDeclarationKind::ClassDeclaration(c) if c.id.is_some() => {
                        self.edits.push((prefix, String::new()));
                        let n = c.id.as_ref().map(|i| i.name.to_string()).unwrap_or_default();
                        self.getters.push(("default".into(), n));
                    }
                    _ => {
                        self.edits.push((prefix, "__fs_exports.default = (".into()));
                        self.edits.push((Span::new(decl_span.end, e.span.end), ");".into()));
                    }
                }
            }
            _ => {}
        }
    }
}

impl<'a> Visit<'a> for Rewriter<'_> {
    fn visit_import_meta(&mut self, it: &ImportMeta) {
        self.edits.push((it.span, "__fs_meta".into()));
    }

    fn visit_import_expression(&mut self, it: &ImportExpression<'a>) {
        // `import` is the first six characters of the expression
        let kw = Span::new(it.span.start, it.span.start + 6);
        if self.src.get(kw.start as usize..kw.end as usize) == Some("import") {
            self.edits.push((kw, "__fs_dynamic".into()));
        }
        oxc_ast_visit::walk::walk_import_expression(self, it);
    }

    fn visit_await_expression(&mut self, it: &AwaitExpression<'a>) {
        if self.fn_depth == 0 {
            self.tla = true;
        }
        oxc_ast_visit::walk::walk_await_expression(self, it);
    }

    fn visit_for_of_statement(&mut self, it: &ForOfStatement<'a>) {
        if it.r#await && self.fn_depth == 0 {
            self.tla = true;
        }
        oxc_ast_visit::walk::walk_for_of_statement(self, it);
    }

    fn visit_function(&mut self, it: &Function<'a>, flags: ScopeFlags) {
        self.fn_depth += 1;
        oxc_ast_visit::walk::walk_function(self, it, flags);
        self.fn_depth -= 1;
    }

    fn visit_arrow_function_expression(&mut self, it: &ArrowFunctionExpression<'a>) {
        self.fn_depth += 1;
        oxc_ast_visit::walk::walk_arrow_function_expression(self, it);
        self.fn_depth -= 1;
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn rewrites_module_syntax_keeping_lines() {
        let src = "import a, { b as c } from './x';\nimport * as ns from 'pkg';\nexport const d = 1, { e } = f;\nexport { c as g };\nexport default { a };\nconst h = await import('y');\nconsole.log(import.meta.url);\n";
        let m = to_runner(Path::new("/w/a.mjs"), src).unwrap();
        assert!(m.esm && m.tla);
        assert_eq!(m.code.matches('\n').count(), src.matches('\n').count());
        assert!(m.code.starts_with("__fs_export(__fs_exports, {\"d\": () => d, \"e\": () => e, \"g\": () => c, }); "));
        assert!(
            m.code
                .contains("const __fs_m1 = __fs_import(\"./x\"); const a = __fs_m1.default; const c = __fs_m1[\"b\"];")
        );
        assert!(m.code.contains("const ns = __fs_m2;"));
        assert!(m.code.contains("\nconst d = 1, { e } = f;"));
        assert!(m.code.contains("__fs_exports.default = ({ a });"));
        assert!(m.code.contains("await __fs_dynamic('y')"));
        assert!(m.code.contains("console.log(__fs_meta.url)"));
    }

    #[test]
    fn commonjs_stays_as_is() {
        let src = "const x = require('x');\nmodule.exports = () => ({ x });\n";
        let m = to_runner(Path::new("/w/webpack.config.js"), src).unwrap();
        assert!(!m.esm && !m.tla);
        assert_eq!(m.code, src);
    }

    #[test]
    fn strips_typescript_and_maps_lines() {
        let src = "import type { T } from 'types';\nimport { p } from './p';\n\ninterface X { a: string }\nconst cfg: X = {\n  a: p as string,\n};\nexport default cfg satisfies X;\n";
        let m = to_runner(Path::new("/w/module-federation.config.ts"), src).unwrap();
        assert!(m.esm && !m.tla);
        assert!(!m.code.contains("types"), "{}", m.code);
        assert!(!m.code.contains("interface"), "{}", m.code);
        assert!(m.code.contains("__fs_import(\"./p\")"), "{}", m.code);
        let line = m.code.lines().position(|l| l.contains("const cfg")).unwrap();
        assert_eq!(m.lines[line], 5, "{}", m.code);
    }

    #[test]
    fn syntax_errors_name_the_file_and_line() {
        let e = to_runner(Path::new("/w/bad.ts"), "const a = 1;\nconst = ;\n").unwrap_err();
        assert!(e.starts_with("/w/bad.ts:2: syntax error"), "{e}");
    }
}
