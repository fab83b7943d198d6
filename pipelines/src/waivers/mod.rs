//! Waivers: signed, scoped, expiring exceptions to the policy (PRODUCT.md §5).
//!
//! Load every `waivers/*.toml` (a broken file is a `waiver/invalid` finding, not exit 2, so the
//! rest of the gate still reports), judge each against the trusted keys and the clock, let the
//! acceptable ones cover findings, and report every problem as a `waiver/<problem>` finding.

mod audit;
mod author;
mod cover;
mod entry;
mod parse;
mod problem;
mod status;

pub use audit::{audit, Audited, UNOWNED};
pub(crate) use author::{approver, next_free_id, signed_text, waiver_text, Approver};
pub use author::{loaded_id, new_waiver, sign_waiver, NewWaiver, Signed, Written};
pub use cover::{apply, covers, Applied};
pub use entry::WaiverEntry;
pub use parse::{body_for_signing, load_all, ItemScope, LoadedWaiver, SignatureEntry, Waiver, WAIVER_PAYLOAD_TYPE};
pub use problem::{Problem, ProblemKind, Status};
pub use status::{judge, Judged};
