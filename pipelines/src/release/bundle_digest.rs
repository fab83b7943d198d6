//! The policy-bundle digest (PRODUCT.md §8): one sha256 over every file under `policies/`,
//! `waivers/`, `claims/` and `profiles/`, so an attestation names the exact rules it was judged by
//! and `verify` notices when they changed.
//!
//! Defined as the sha256 of the text made of one line per file, in path order:
//! `<sha256 of the file, hex>  <workspace-relative path>\n` (the `sha256sum` format).

use std::fmt::Write as _;

use camino::{Utf8Path, Utf8PathBuf};
use gate_core::fsio::{read_inside, repo_root, GATE_FILE_LIMIT};
use lints::workspace::Workspace;

use crate::Error;

/// The digest and the files it covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BundleDigest {
    /// sha256, lowercase hex.
    pub sha256: String,
    /// `(path, sha256)` of every file, in path order.
    pub files: Vec<(Utf8PathBuf, String)>,
}

/// The policy bundle of `ws`.
///
/// # Errors
/// A directory cannot be listed, or a file is unreadable, not regular, outside the repository or
/// too large.
pub fn bundle_digest(ws: &Workspace) -> Result<BundleDigest, Error> {
    let layout = &ws.layout;
    let mut paths = Vec::new();
    for dir in [&layout.policies, &layout.waivers, &layout.claims, &layout.profiles] {
        collect(&ws.root, dir, &mut paths)?;
    }
    // Byte order of the path strings, as `LC_ALL=C sort` gives (docs/release.md).
    paths.sort_by(|a, b| a.as_str().cmp(b.as_str()));
    paths.dedup();
    let boundary = repo_root(&ws.root);
    let mut listing = String::new();
    let mut files = Vec::new();
    for path in paths {
        let bytes = read_inside(&boundary, &ws.root.join(&path), GATE_FILE_LIMIT)
            .map_err(|e| Error::Io(format!("{path}: {}", e.reason())))?;
        let sha = gate_core::text::sha256_hex(&bytes);
        let _ = writeln!(listing, "{sha}  {path}");
        files.push((path, sha));
    }
    Ok(BundleDigest { sha256: gate_core::text::sha256_hex(listing.as_bytes()), files })
}

fn collect(root: &Utf8Path, dir: &Utf8Path, out: &mut Vec<Utf8PathBuf>) -> Result<(), Error> {
    let full = root.join(dir);
    if !full.is_dir() {
        return Ok(());
    }
    let entries = full.read_dir_utf8().map_err(|e| Error::Io(format!("cannot list {dir}: {e}")))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::Io(format!("cannot list {dir}: {e}")))?;
        let rel = dir.join(entry.file_name());
        let kind = entry.file_type().map_err(|e| Error::Io(format!("{rel}: {e}")))?;
        if kind.is_dir() {
            collect(root, &rel, out)?;
        } else {
            // Links and oddities are read (and refused) by `read_inside`, never skipped.
            out.push(rel);
        }
    }
    Ok(())
}
