//! The `release` benchmark (PRODUCT.md §10): the shipped release demo, copied into a fresh git
//! repository, released once (which runs `cargo package`), then timed with `--no-package` — every
//! step but cargo's packaging: the fresh check, the profiles, the claims, the tree, the signed
//! attestations written to disk. Timed in process like `claims` (median after a warm-up).

use std::path::Path;
use std::process::Command;

use serde_json::{json, Value};

use crate::bench_claims::{median_ms, round1, time};

/// The contract's target for the median.
const TARGET_MS: f64 = 1000.0;

/// Copies `examples/release-demo`, commits it, and measures `release --no-package`.
pub fn run(repo: &Path, gate: &str, scratch: &Path, runs: usize) -> Result<Value, String> {
    let dir = scratch.join("release-demo");
    let _ = std::fs::remove_dir_all(&dir);
    copy_tree(&repo.join("examples/release-demo"), &dir).map_err(|e| format!("cannot copy the release demo: {e}"))?;
    for args in [
        &["init", "-q"][..],
        &["add", "-A"],
        &["-c", "user.name=bench", "-c", "user.email=bench@localhost", "commit", "-qm", "demo"],
    ] {
        let ok = Command::new("git").args(args).current_dir(&dir).status().is_ok_and(|s| s.success());
        if !ok {
            return Err(format!("git {} failed in {}", args.join(" "), dir.display()));
        }
    }
    let key = "keys/release-demo-signer.key";
    let out = "--out=target/bench-release";
    time(&dir, gate, &["gate", "release", "--offline", "--key", key, out])?;
    let release = median_ms(&dir, gate, &["gate", "release", "--offline", "--no-package", "--key", key, out], runs)?;
    let row = json!({ "release_no_package_ms": round1(release), "release_ms_max": TARGET_MS });
    eprintln!("{row}");
    Ok(row)
}

/// Copies a directory tree, leaving out `target/`.
fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let (source, dest) = (entry.path(), to.join(entry.file_name()));
        if entry.file_type()?.is_dir() {
            if entry.file_name() != "target" {
                copy_tree(&source, &dest)?;
            }
        } else {
            std::fs::copy(&source, &dest)?;
        }
    }
    Ok(())
}
