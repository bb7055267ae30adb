//! Every use of oxc lives here: parsing, the partial evaluator that reads
//! bundler configs, and (later) the module graph and source facts. No other
//! crate depends on oxc; they see [`value::Value`]s.

pub mod eval;
pub mod json;
pub mod runner;
pub mod value;

pub use eval::{Behaviour, Capture, Evaluator, Host, Note, Resolved, SyntaxError, with_evaluator};
pub use runner::{RunnerModule, to_runner};
pub use value::{Entry, FileId, Files, Kind, Loc, Lookup, Value};
