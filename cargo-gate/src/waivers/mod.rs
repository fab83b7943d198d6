//! Waivers: signed, scoped, expiring exceptions to the policy (PRODUCT.md §5).
//!
//! Load every `waivers/*.toml` (a broken file is a `waiver/invalid` finding, not exit 2, so the
//! rest of the gate still reports), judge each against the trusted keys and the clock, let the
//! acceptable ones cover findings, and report every problem as a `waiver/<problem>` finding.

mod cover;
mod parse;
mod status;

pub use cover::apply;
pub use parse::{body_for_signing, load_all, LoadedWaiver, Waiver, WAIVER_PAYLOAD_TYPE};
pub use status::{judge, Judged};
