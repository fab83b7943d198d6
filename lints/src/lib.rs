//! The analysis behind cargo-gate: the workspace (cargo metadata, manifest fallback, caches),
//! name resolution, the graph and source rules, and the rule registry. It never prints and never
//! exits: it returns findings.

pub mod graph;
pub mod resolve;
pub mod rules;
pub mod source;
mod source_pos;
pub mod workspace;
