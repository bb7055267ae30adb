//! Every use of oxc lives here: parsing, module resolution, the module graph and
//! the source facts the rules need. No other crate depends on oxc.
//!
//! Filled in by the workspace-reading and source-analysis issues.
