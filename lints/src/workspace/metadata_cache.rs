//! A cache of `cargo metadata`'s output under `target/gate/`, so that a warm `check` does not pay
//! for cargo's resolution again when nothing it depends on changed.
//!
//! The output is reused only when every input cargo read is byte-identical: the manifests of all
//! local packages (members and path dependencies), `Cargo.lock`, `.cargo/config*` and
//! `rust-toolchain*` files from the workspace up, the set of member directories the `members`
//! globs expand to (a new crate under `crates/*` changes no manifest), the flags, and the
//! environment variables that steer cargo. Anything unreadable or different means a fresh run.

use camino::{Utf8Path, Utf8PathBuf};
use cargo_metadata::Metadata;
use serde::{Deserialize, Serialize};

/// Bumped when the key's meaning changes.
const FORMAT: u32 = 1;

/// Variables that change what `cargo metadata` prints.
const ENV: &[&str] = &["CARGO_TARGET_DIR", "CARGO_HOME", "RUSTUP_TOOLCHAIN", "CARGO_BUILD_TARGET", "CARGO_NET_OFFLINE"];

#[derive(Serialize, Deserialize, PartialEq, Eq)]
struct Key {
    format: u32,
    tool: String,
    flags: String,
    env: Vec<(String, Option<String>)>,
    members: Vec<String>,
    files: Vec<(String, String)>,
}

#[derive(Serialize, Deserialize)]
struct CacheFile {
    key: Key,
    metadata: String,
}

/// Where the cache of the workspace at `checkout` lives.
pub(super) fn path(checkout: &Utf8Path) -> Utf8PathBuf {
    let target = std::env::var("CARGO_TARGET_DIR").map_or_else(|_| checkout.join("target"), Utf8PathBuf::from);
    target.join("gate").join("metadata.json")
}

/// The cached metadata, if every input is unchanged.
pub(super) fn load(checkout: &Utf8Path, flags: &str, members: &[String]) -> Option<Metadata> {
    let mac = gate_core::cache_key::CacheKey::load_or_create()?;
    let sealed = gate_core::fsio::read_unrecorded(&path(checkout), 1 << 30).ok()?;
    let cache: CacheFile = serde_json::from_slice(mac.open(&sealed)?).ok()?;
    let files: Vec<Utf8PathBuf> = cache.key.files.iter().map(|(p, _)| Utf8PathBuf::from(p)).collect();
    let current = key(flags, members, &files)?;
    if current != cache.key {
        return None;
    }
    cargo_metadata::MetadataCommand::parse(&cache.metadata).ok()
}

/// Saves `raw` (cargo's stdout) with the key of the inputs it was made from. Failing to save only
/// costs time next run.
pub(super) fn save(checkout: &Utf8Path, flags: &str, members: &[String], metadata: &Metadata, raw: &str) {
    let files = input_files(metadata);
    if !metadata.workspace_root.join("Cargo.lock").is_file() {
        return; // without a lock file, cargo may resolve differently next time
    }
    let Some(key) = key(flags, members, &files) else { return };
    let Ok(bytes) = serde_json::to_vec(&CacheFile { key, metadata: raw.to_owned() }) else { return };
    let target = path(checkout);
    let Some(dir) = target.parent() else { return };
    let Some(mac) = gate_core::cache_key::CacheKey::load_or_create() else { return };
    if std::fs::create_dir_all(dir).is_ok() {
        let _ = gate_core::fsio::write_atomic(&target, &mac.seal(bytes));
    }
}

/// The files cargo read to make `metadata` (present or not): the manifests of all local
/// packages, `Cargo.lock`, and the `.cargo/config*` and `rust-toolchain*` files from the
/// workspace up.
pub(super) fn input_files(metadata: &Metadata) -> Vec<Utf8PathBuf> {
    let mut files: Vec<Utf8PathBuf> =
        metadata.packages.iter().filter(|p| p.source.is_none()).map(|p| p.manifest_path.clone()).collect();
    let root = &metadata.workspace_root;
    files.push(root.join("Cargo.toml"));
    files.push(root.join("Cargo.lock"));
    for dir in root.ancestors() {
        for name in [".cargo/config.toml", ".cargo/config", "rust-toolchain.toml", "rust-toolchain"] {
            files.push(dir.join(name));
        }
    }
    files.sort();
    files.dedup();
    files
}

/// The key of the current state: hashes of `files` (a missing file hashes as missing).
fn key(flags: &str, members: &[String], files: &[Utf8PathBuf]) -> Option<Key> {
    let files = files
        .iter()
        .map(|p| {
            gate_core::fsio::inputs::saw(p);
            let hash = match std::fs::read(p) {
                Ok(bytes) => gate_core::text::sha256_hex(&bytes),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => "missing".to_owned(),
                Err(_) => return None,
            };
            Some((p.to_string(), hash))
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Key {
        format: FORMAT,
        tool: crate::source::analysis_fingerprint(),
        flags: flags.to_owned(),
        env: ENV.iter().map(|v| ((*v).to_owned(), std::env::var(v).ok())).collect(),
        members: members.to_vec(),
        files,
    })
}
