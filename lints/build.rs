//! Fingerprints the library's own source, so caches written by one build of the analysis are
//! never read by another (`source-facts.json`, `metadata.json` under `target/gate/`).

use std::hash::{Hash as _, Hasher as _};
use std::path::Path;

fn main() {
    let mut files = Vec::new();
    collect(Path::new("src"), &mut files);
    files.sort();
    // DefaultHasher::new() uses fixed keys: the same sources give the same fingerprint.
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for file in &files {
        file.hash(&mut hasher);
        std::fs::read(file).unwrap_or_default().hash(&mut hasher);
    }
    println!("cargo:rustc-env=GATE_ANALYSIS_FINGERPRINT={:016x}", hasher.finish());
    println!("cargo:rerun-if-changed=src");
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}
