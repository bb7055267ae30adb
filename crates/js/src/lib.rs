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
