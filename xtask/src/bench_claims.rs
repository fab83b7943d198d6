//! The `claims` benchmark (PRODUCT.md §10): a generated 2,000-sentence docs tree with registered,
//! recorded claims; `cargo gate claims` timed on it (median of the runs, after one warm-up)
//! beside `cargo metadata` on the same tree, in the same run. Timed in process with
//! `std::time::Instant` around the child: GNU time's 10 ms resolution is too coarse here.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use serde_json::{json, Value};

use crate::generate_docs;

/// The sentence count the contract names.
const SENTENCES: usize = 2_000;
/// The contract's target for the median.
const TARGET_MS: f64 = 50.0;

pub fn time(dir: &Path, program: &str, args: &[&str]) -> Result<f64, String> {
    let started = Instant::now();
    let status = Command::new(program)
        .args(args)
        .current_dir(dir)
        .env_remove("CARGO")
        .env("CARGO_TERM_COLOR", "never")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    let secs = started.elapsed().as_secs_f64();
    // `claims` exits 1 when a claim is unbacked: still a measurement, but this tree must pass.
    if !status.success() {
        return Err(format!("{program} {} failed in {} ({status})", args.join(" "), dir.display()));
    }
    Ok(secs * 1000.0)
}

pub fn median_ms(dir: &Path, program: &str, args: &[&str], runs: usize) -> Result<f64, String> {
    time(dir, program, args)?;
    let mut samples = (0..runs.max(3)).map(|_| time(dir, program, args)).collect::<Result<Vec<f64>, _>>()?;
    samples.sort_by(f64::total_cmp);
    Ok(samples[samples.len() / 2])
}

/// Generates the tree (once), records its evidence, and measures.
pub fn run(gate: &str, scratch: &Path, runs: usize) -> Result<Value, String> {
    let dir = scratch.join("claims-docs");
    let _ = std::fs::remove_dir_all(&dir);
    let tree = generate_docs::docs_tree(&dir, SENTENCES).map_err(|e| format!("cannot write the docs tree: {e}"))?;
    for (path, kind) in &tree.evidence {
        let now = "--now=2026-01-01T00:00:00Z";
        time(&dir, gate, &["gate", "evidence", "record", path, "--kind", kind, now])?;
    }
    let output = Command::new(gate)
        .args(["gate", "claims", "--format", "json", "--now", "2026-06-01T00:00:00Z"])
        .current_dir(&dir)
        .output()
        .map_err(|e| format!("cannot run {gate}: {e}"))?;
    let doc: Value = serde_json::from_slice(&output.stdout).map_err(|e| format!("claims printed no JSON: {e}"))?;
    if doc["verdict"] != "pass" {
        return Err(format!("the generated tree should pass `claims`: {}", doc["findings"]));
    }
    let sentences = doc["summary"]["sentences"].as_u64().unwrap_or(0);
    eprintln!("generated {sentences} sentences in {} files with {} claims", tree.files, tree.claims);
    let metadata = median_ms(&dir, "cargo", &["metadata", "--format-version", "1", "--offline"], runs)?;
    let claims = median_ms(&dir, gate, &["gate", "claims", "--now", "2026-06-01T00:00:00Z"], runs)?;
    let row = json!({
        "sentences": sentences,
        "files": tree.files,
        "claims": tree.claims,
        "claims_ms": round1(claims),
        "cargo_metadata_ms": round1(metadata),
        "claims_vs_metadata": (claims / metadata * 100.0).round() / 100.0,
        "claims_ms_max": TARGET_MS,
    });
    eprintln!("{row}");
    if claims > TARGET_MS {
        eprintln!("warning: claims took {claims:.1} ms, over the {TARGET_MS} ms target");
    }
    Ok(row)
}

pub fn round1(ms: f64) -> f64 {
    (ms * 10.0).round() / 10.0
}
