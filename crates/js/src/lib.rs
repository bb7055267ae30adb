//! Every use of oxc lives here: parsing, the partial evaluator that reads
//! bundler configs, and (later) the module graph and source facts. No other
//! crate depends on oxc; they see [`value::Value`]s.

/// Visitor methods that pass over TypeScript types: no code in a type runs (not even a
/// parameter default in a function type, which oxc accepts and TypeScript rejects), so the
/// fact collectors need not walk them (types are a large share of the nodes of a TS codebase).
macro_rules! skip_types {
    () => {
        fn visit_ts_type(&mut self, _: &oxc_ast::ast::TSType<'a>) {}
        fn visit_ts_interface_declaration(&mut self, _: &oxc_ast::ast::TSInterfaceDeclaration<'a>) {}
        fn visit_ts_type_alias_declaration(&mut self, _: &oxc_ast::ast::TSTypeAliasDeclaration<'a>) {}
    };
}

/// Visitor methods that gather a module's references (`facts::Refs`) at the nodes that hold
/// them, for a visitor whose `refs()` gives the gatherer when there is one: the state
/// collector's walk, and a walk of references alone. (Calls are the visitor's own: the state
/// collector does more there.)
macro_rules! refs_hooks {
    () => {
        fn visit_jsx_element(&mut self, it: &oxc_ast::ast::JSXElement<'a>) {
            if let Some(r) = self.refs() {
                r.jsx();
            }
            oxc_ast_visit::walk::walk_jsx_element(self, it);
        }

        fn visit_jsx_fragment(&mut self, it: &oxc_ast::ast::JSXFragment<'a>) {
            if let Some(r) = self.refs() {
                r.jsx();
            }
            oxc_ast_visit::walk::walk_jsx_fragment(self, it);
        }

        fn visit_import_expression(&mut self, it: &oxc_ast::ast::ImportExpression<'a>) {
            if let Some(r) = self.refs() {
                r.import_expression(it);
            }
            oxc_ast_visit::walk::walk_import_expression(self, it);
        }

        // (declarations of imports and re-exports hold nothing else a collector reads)
        fn visit_import_declaration(&mut self, it: &oxc_ast::ast::ImportDeclaration<'a>) {
            if let Some(r) = self.refs() {
                r.import_declaration(it);
            }
        }

        fn visit_export_from_declaration(&mut self, it: &oxc_ast::ast::ExportFromDeclaration<'a>) {
            if let Some(r) = self.refs() {
                r.export_from(it);
            }
        }

        fn visit_export_all_declaration(&mut self, it: &oxc_ast::ast::ExportAllDeclaration<'a>) {
            if let Some(r) = self.refs() {
                r.export_all(it);
            }
        }

        fn visit_ts_import_equals_declaration(&mut self, it: &oxc_ast::ast::TSImportEqualsDeclaration<'a>) {
            if let Some(r) = self.refs() {
                r.ts_import_equals(it);
            }
        }
    };
}

pub mod eval;
pub mod facts;
pub mod json;
pub mod jsx;
pub mod lifetimes;
pub mod query;
pub mod runner;
pub mod state;
pub mod value;

pub use eval::{Behaviour, Capture, Evaluator, Host, Note, Resolved, SyntaxError, with_evaluator};
pub use runner::{RunnerModule, to_runner};
pub use value::{Entry, FileId, Files, Kind, Loc, Lookup, Value};

/// Parses a source file with oxc and drops the tree: the floor of any
/// analysis that reads the file (the benchmarks compare against it).
/// Returns the number of top-level statements.
pub fn parse_only(path: &std::path::Path, text: &str) -> usize {
    let alloc = oxc_allocator::Allocator::default();
    let source_type = oxc_span::SourceType::from_path(path).unwrap_or_else(|_| oxc_span::SourceType::mjs());
    oxc_parser::Parser::new(&alloc, text, source_type).parse().program.body.len()
}
