//! The analysis cache under `target/gate/` (PRODUCT.md §10, §11), in two levels, stored compactly
//! (postcard) and each file sealed with the per-user cache MAC:
//!
//! - per file (`source-ir/<member>.bin`, one file per member, read only when the member is
//!   walked): its stamp (size, times, inode), the hash of its content and of its member's
//!   dependency names, and what its walk kept. A file whose stamp is unchanged is not read
//!   again; one whose stamp moved but whose content hash is the same keeps its walk.
//! - per member: what its module walk depended on (its crate roots, dependency names, listed
//!   files, every file it parsed with its stamp, and every "is there a file here?" it asked) and
//!   what came of it (the files reached and their resolved facts). A member whose inputs are all
//!   unchanged is neither walked nor resolved again (`source-facts.bin`): an edit re-analyses,
//!   and rewrites the walks of, one member.
//!
//! The cache is valid for one policy digest and one cargo-gate version. Anything unreadable,
//! unsealed, foreign or from another policy is ignored and rebuilt, never trusted.

use std::collections::HashMap;
use std::sync::Mutex;

use rayon::prelude::*;

use camino::{Utf8Path, Utf8PathBuf};
use gate_core::fsio::Stamp;
use serde::{Deserialize, Serialize};

use super::FileAnalysis;

/// Bumped whenever the facts, the walk or this layout change meaning.
const FORMAT: u32 = 5;

/// The members' file under `target/gate/`.
const FACTS: &str = "source-facts.bin";

/// A cache larger than this is not read (and is rebuilt).
const CACHE_LIMIT: u64 = 1 << 30;

/// `source-facts.bin`: the members.
#[derive(Serialize, Deserialize)]
struct CacheFile {
    format: u32,
    tool: String,
    policy: String,
    members: HashMap<String, MemberEntry>,
}

/// `source-ir/<member>.bin`: the walks of a member's files.
#[derive(Serialize, Deserialize)]
struct IrFile {
    format: u32,
    tool: String,
    policy: String,
    files: HashMap<String, FileEntry>,
}

/// One file's cached walk.
#[derive(Serialize, Deserialize)]
pub(super) struct FileEntry {
    /// SHA-256 of the content and the member's dependency names.
    pub hash: String,
    /// The digest of the member's dependency names alone (a stamp match needs it unchanged).
    pub names: String,
    /// The file's stamp when it was read; `None` when it had changed too recently to trust.
    pub stamp: Option<Stamp>,
    /// What the walk kept, encoded.
    #[serde(with = "serde_bytes")]
    pub ir: Vec<u8>,
}

impl FileEntry {
    /// The entry of a walk (`ir`: what it kept, encoded).
    pub(super) fn new(hash: String, names: String, stamp: Option<Stamp>, ir: Vec<u8>) -> Self {
        Self { hash, names, stamp, ir }
    }
}

/// What a member's walk depended on, and what came of it.
#[derive(Clone, Serialize, Deserialize)]
pub(super) struct MemberEntry {
    /// Its crate roots, dependency names and listed files.
    pub shape: MemberShape,
    /// Every file its walk parsed, with its stamp.
    pub files: Vec<(Utf8PathBuf, Stamp)>,
    /// Every existence check its walk made, with the answer.
    pub probes: Vec<(Utf8PathBuf, bool)>,
    /// The files reached and their facts, encoded ([`MemberResult`]).
    #[serde(with = "serde_bytes")]
    pub result: Vec<u8>,
}

/// What decides a member's walk besides its files' content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct MemberShape {
    /// (crate name, root file, test target) of each crate root.
    pub roots: Vec<(String, Utf8PathBuf, bool)>,
    /// The digest of its dependency names.
    pub names: String,
    /// Its `.rs` files, as listed.
    pub listing: Vec<Utf8PathBuf>,
}

/// A member's results.
#[derive(Serialize, Deserialize)]
pub(super) struct MemberResult {
    /// Files its module trees reach.
    pub reached: Vec<Utf8PathBuf>,
    /// The analysed files, with their facts.
    pub analyses: Vec<FileAnalysis>,
}

impl MemberEntry {
    /// The member's results, if its shape is `shape` and none of its inputs changed (each
    /// file's stamp is noted as an input of the run).
    pub(super) fn unchanged(&self, shape: &MemberShape, ws_root: &Utf8Path) -> Option<MemberResult> {
        if &self.shape != shape {
            return None;
        }
        let probes_hold =
            self.probes.iter().all(|(p, there)| std::fs::symlink_metadata(ws_root.join(p)).is_ok() == *there);
        let files_hold = self.files.iter().all(|(p, stamp)| stamp.matches(ws_root.join(p).as_std_path()));
        if !(probes_hold && files_hold) {
            return None;
        }
        for (path, stamp) in &self.files {
            gate_core::fsio::inputs::saw_stamp(ws_root.join(path), *stamp);
        }
        postcard::from_bytes(&self.result).ok()
    }
}

/// The loaded cache. A member's file walks are read when it is first walked, and each is taken
/// at most once.
#[derive(Default)]
pub(super) struct Cached {
    /// Where the cache lives (`None`: no cache is read).
    dir: Option<Utf8PathBuf>,
    policy: String,
    files: Mutex<HashMap<String, HashMap<String, FileEntry>>>,
    pub members: HashMap<String, MemberEntry>,
}

impl Cached {
    /// The cached walk (encoded) of `path` of `member` (at `full` on disk), its hash and stamp, if its
    /// stamp and its member's dependency names (`names`) are unchanged: the file is not read.
    pub(super) fn take_unchanged(
        &self,
        member: &str,
        path: &str,
        full: &Utf8Path,
        names: &str,
    ) -> Option<(Vec<u8>, String, Option<Stamp>)> {
        self.with_files(member, |files| {
            let entry = files.get(path)?;
            let unchanged = entry.names == names && entry.stamp.is_some_and(|s| s.matches(full.as_std_path()));
            if !unchanged {
                return None;
            }
            let entry = files.remove(path)?;
            Some((entry.ir, entry.hash, entry.stamp))
        })
    }

    /// The cached walk (encoded) of `path` of `member` if its content hash is still `hash`.
    pub(super) fn take(&self, member: &str, path: &str, hash: &str) -> Option<Vec<u8>> {
        self.with_files(member, |files| {
            if files.get(path).is_some_and(|e| e.hash == hash) {
                files.remove(path).map(|e| e.ir)
            } else {
                None
            }
        })
    }

    /// Runs `f` on the walks of `member`'s files, read on first use.
    fn with_files<T>(&self, member: &str, f: impl FnOnce(&mut HashMap<String, FileEntry>) -> Option<T>) -> Option<T> {
        let mut all = self.files.lock().ok()?;
        if !all.contains_key(member) {
            let dir = self.dir.as_ref()?;
            all.insert(member.to_owned(), load_ir(&ir_path(dir, member), &self.policy).unwrap_or_default());
        }
        f(all.get_mut(member)?)
    }
}

fn ir_path(dir: &Utf8Path, member: &str) -> Utf8PathBuf {
    // Package names are `[A-Za-z0-9_-]`; anything else could not name a file of this directory.
    let name: String = member.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect();
    dir.join("source-ir").join(format!("{name}.bin"))
}

fn load_ir(path: &Utf8Path, policy_digest: &str) -> Option<HashMap<String, FileEntry>> {
    let file: IrFile = open_sealed(path)?;
    (file.format == FORMAT && file.tool == super::analysis_fingerprint() && file.policy == policy_digest)
        .then_some(file.files)
}

/// Reads, authenticates and decodes a cache file; `None` for anything else.
fn open_sealed<T: serde::de::DeserializeOwned>(path: &Utf8Path) -> Option<T> {
    let key = gate_core::cache_key::CacheKey::load_or_create()?;
    key.open_value(&gate_core::fsio::read_unrecorded(path, CACHE_LIMIT).ok()?)
}

/// Encodes, seals and writes a cache file atomically; failing only costs time next run.
fn write_sealed(path: &Utf8Path, value: &impl Serialize) {
    let Some(sealed) = gate_core::cache_key::CacheKey::load_or_create().and_then(|k| k.seal_value(value)) else {
        return;
    };
    let Some(dir) = path.parent() else { return };
    if std::fs::create_dir_all(dir).is_ok() {
        let _ = gate_core::fsio::write_atomic(path, &sealed);
    }
}

/// Loads the cache in `dir` (`target/gate/`) if it is ours, for this policy; an empty one
/// otherwise.
pub(super) fn load(dir: &Utf8Path, policy_digest: &str) -> Cached {
    let members = open_sealed::<CacheFile>(&dir.join(FACTS))
        .filter(|c| c.format == FORMAT && c.tool == super::analysis_fingerprint() && c.policy == policy_digest)
        .map(|c| c.members)
        .unwrap_or_default();
    Cached { dir: Some(dir.to_owned()), policy: policy_digest.to_owned(), files: Mutex::default(), members }
}

/// Writes the members' entries and, for each member walked this run, the walks of its files.
pub(super) fn save(
    dir: &Utf8Path,
    policy_digest: &str,
    walked: HashMap<String, HashMap<String, FileEntry>>,
    members: HashMap<String, MemberEntry>,
) {
    let (tool, policy) = (super::analysis_fingerprint(), policy_digest.to_owned());
    walked.into_par_iter().for_each(|(member, files)| {
        let file = IrFile { format: FORMAT, tool: tool.clone(), policy: policy.clone(), files };
        write_sealed(&ir_path(dir, &member), &file);
    });
    write_sealed(&dir.join(FACTS), &CacheFile { format: FORMAT, tool, policy, members });
}
