//! The checks behind `cargo gate`: the policy and workspace models, the rules, and the stage
//! that applies levels. The library never prints and never exits: it returns data.

pub mod config;
pub mod decide;
pub mod finding;
pub mod glob;
pub mod graph;
pub mod policy;
pub mod resolve;
pub mod rules;
pub mod source;
mod source_pos;
pub mod text;
pub mod time;
pub mod workspace;
