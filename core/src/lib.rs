//! The foundation of cargo-gate: config files read with spans, the validated policy, the finding
//! model with levels and fingerprints, globs, text, time, atomic file writing, and signing.
//! It knows nothing of syn, cargo or the command line.

pub mod cache_key;
pub mod config;
pub mod decide;
pub mod edge;
pub mod finding;
pub mod fsio;
pub mod glob;
pub mod policy;
pub mod sign;
pub mod text;
pub mod time;
