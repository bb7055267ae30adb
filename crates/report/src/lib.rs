//! fedscope's renderers. Only renderers format; only the CLI writes.

pub mod check;
pub mod graph;
pub mod simulate;
pub mod style;
