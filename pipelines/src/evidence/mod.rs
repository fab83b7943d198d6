//! Evidence (PRODUCT.md §7): the artifacts that back claims and releases, notarised in the
//! manifest `evidence/manifest.toml` with their sha256, size, time, git commit and dirty flag.
//!
//! `record` adds or updates one entry (atomically, keeping the manifest's comments and layout);
//! `verify` checks every entry against the file on disk and reports every problem in one run.
//! Every path is workspace-relative and must stay inside the repository: `..`, absolute paths
//! and symlinks that lead outside are refused.

mod confine;
mod git;
mod hash;
mod manifest;
mod record;
mod repo;
mod verify;

pub use confine::{confine, normalize, read_text, Confined, Escape, MAX_GATE_FILE};
pub use git::{state as git_state, GitState};
pub use hash::{hash_file, read_bounded, FileDigest};
pub use manifest::{Entry, Manifest, RecordKind};
pub use record::{record, RecordRequest, Recorded};
pub use repo::Repo;
pub use verify::{check_entry, verify, EntryCheck, Verified, VerifyReport};
