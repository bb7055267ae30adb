//! The rule framework and the rules, one file per rule.
//!
//! Filled in by the `fedscope check` issue.
