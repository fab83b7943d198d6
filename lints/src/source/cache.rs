//! The walk cache under `target/gate/`: per file, the content hash and what its walk kept,
//! valid for one policy digest and one cargo-gate version, and sealed with the per-user cache MAC
//! (PRODUCT.md §11). Anything unreadable, unsealed, foreign or from another policy is ignored and
//! rebuilt, never trusted.

use std::collections::HashMap;
use std::sync::Mutex;

use camino::Utf8Path;
use serde::{Deserialize, Serialize};

use super::ir::FileIr;

/// Bumped whenever the facts or the walk change meaning.
const FORMAT: u32 = 3;

/// A cache larger than this is not read (and is rebuilt).
const CACHE_LIMIT: u64 = 1 << 30;

#[derive(Serialize, Deserialize)]
struct CacheFile {
    format: u32,
    tool: String,
    policy: String,
    files: HashMap<String, Entry>,
}

#[derive(Serialize, Deserialize)]
struct Entry {
    hash: String,
    facts: FileIr,
}

/// Cached walks, by file path. Each is taken at most once (no copy of a walk is made).
#[derive(Default)]
pub(super) struct Cached {
    files: Mutex<HashMap<String, Entry>>,
    len: usize,
}

impl Cached {
    /// The cached walk of `path` if its content hash is still `hash`.
    pub(super) fn take(&self, path: &str, hash: &str) -> Option<FileIr> {
        let mut files = self.files.lock().ok()?;
        if files.get(path).is_some_and(|e| e.hash == hash) {
            files.remove(path).map(|e| e.facts)
        } else {
            None
        }
    }

    /// Number of cached files.
    pub(super) fn len(&self) -> usize {
        self.len
    }
}

/// Loads the cache if it is ours, for this policy; an empty one otherwise.
pub(super) fn load(path: &Utf8Path, policy_digest: &str) -> Cached {
    let Some(key) = gate_core::cache_key::CacheKey::load_or_create() else { return Cached::default() };
    let Ok(sealed) = gate_core::fsio::read_regular(path, CACHE_LIMIT) else { return Cached::default() };
    let Some(bytes) = key.open(&sealed) else { return Cached::default() };
    match serde_json::from_slice::<CacheFile>(bytes) {
        Ok(c) if c.format == FORMAT && c.tool == super::analysis_fingerprint() && c.policy == policy_digest => {
            Cached { len: c.files.len(), files: Mutex::new(c.files) }
        }
        _ => Cached::default(),
    }
}

/// Writes the cache atomically; failing to write it only costs time next run.
pub(super) fn save<'a>(
    path: &Utf8Path,
    policy_digest: &str,
    entries: impl Iterator<Item = (&'a str, &'a str, &'a FileIr)>,
) {
    let files = entries
        .filter(|(_, hash, _)| !hash.is_empty())
        .map(|(p, hash, facts)| (p.to_owned(), Entry { hash: hash.to_owned(), facts: facts.clone() }))
        .collect();
    let cache = CacheFile {
        format: FORMAT,
        tool: crate::source::analysis_fingerprint(),
        policy: policy_digest.to_owned(),
        files,
    };
    let Some(key) = gate_core::cache_key::CacheKey::load_or_create() else { return };
    let Ok(bytes) = serde_json::to_vec(&cache) else { return };
    let Some(dir) = path.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let _ = gate_core::fsio::write_atomic(path, &key.seal(bytes));
}
