//! `cargo xtask bench`: synthetic workspaces of 50, 500 and 2,000 crates; in one run, side by side,
//! `cargo metadata`, `cargo capsec audit` (the closest peer), and `cargo gate check` cold and
//! warm with peak memory; then `cargo gate claims` on a 2,000-sentence docs tree
//! (`bench_claims`). Figures are ratios against the peers measured in the same run, because
//! these machines are shared and noisy. Results go to stdout and the file `--out` names.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::{json, Value};

use crate::generate;

/// One measured run: wall seconds and peak resident memory (KiB), from GNU time.
struct Sample {
    secs: f64,
    max_rss_kib: u64,
}

fn measure(dir: &Path, program: &str, args: &[&str]) -> Result<Sample, String> {
    let out = std::env::temp_dir().join(format!("gate-bench-time-{}.txt", std::process::id()));
    let status = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%e %M")
        .arg("-o")
        .arg(&out)
        .arg(program)
        .args(args)
        .current_dir(dir)
        .env_remove("CARGO")
        .env("CARGO_TERM_COLOR", "never")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("cannot run /usr/bin/time {program}: {e} (install Debian's `time`)"))?;
    let text = std::fs::read_to_string(&out).map_err(|e| format!("no timing for {program}: {e}"));
    let _ = std::fs::remove_file(&out);
    let text = text?;
    let last = text.lines().last().unwrap_or_default();
    let mut parts = last.split_whitespace();
    let secs =
        parts.next().and_then(|s| s.parse().ok()).ok_or_else(|| format!("bad timing `{last}` (exit {status})"))?;
    let max_rss_kib = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    Ok(Sample { secs, max_rss_kib })
}

/// The median of `runs` measurements.
fn median(dir: &Path, program: &str, args: &[&str], runs: usize, before_each: impl Fn()) -> Result<Sample, String> {
    let mut samples = Vec::new();
    for _ in 0..runs {
        before_each();
        samples.push(measure(dir, program, args)?);
    }
    samples.sort_by(|a, b| a.secs.total_cmp(&b.secs));
    Ok(samples.swap_remove(samples.len() / 2))
}

fn ensure_capsec() -> Result<(), String> {
    let installed =
        // `cargo capsec` has no `--version`; `--help` succeeds when it is installed.
        Command::new("cargo").args(["capsec", "--help"]).stdout(Stdio::null()).stderr(Stdio::null()).status();
    if installed.is_ok_and(|s| s.success()) {
        return Ok(());
    }
    eprintln!("installing cargo-capsec from crates.io (the peer this benchmark compares against)…");
    let status =
        Command::new("cargo").args(["install", "cargo-capsec", "--locked"]).status().map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err("cargo install cargo-capsec failed".to_owned())
    }
}

pub fn build_gate(repo: &Path) -> Result<PathBuf, String> {
    let status = Command::new("cargo")
        .args(["build", "--release", "--locked", "-p", "cargo-gate"])
        .current_dir(repo)
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("cargo build --release -p cargo-gate failed".to_owned());
    }
    Ok(repo.join("target/release/cargo-gate"))
}

/// Runs the benchmark for each `(crates, lines per crate)` size.
pub fn run(repo: &Path, sizes: &[(usize, usize)], runs: usize, scratch: &Path) -> Result<Value, String> {
    ensure_capsec()?;
    let gate = build_gate(repo)?;
    let gate = gate.to_str().ok_or("non-UTF-8 path")?.to_owned();
    let mut rows = Vec::new();
    for &(crates, lines) in sizes {
        let dir = scratch.join(format!("ws-{crates}x{lines}"));
        if !dir.join("Cargo.lock").exists() {
            let _ = std::fs::remove_dir_all(&dir);
            let g = generate::workspace(&dir, crates, lines).map_err(|e| e.to_string())?;
            eprintln!("generated {crates} crates, {} files, {} lines in {}", g.files, g.lines, dir.display());
            // Lock once so every tool below reads the same resolved workspace.
            let _ = Command::new("cargo").args(["generate-lockfile", "--offline"]).current_dir(&dir).status();
        }
        let (files, total_lines) = count_rust(&dir.join("crates"));
        eprintln!("measuring {crates} crates ({total_lines} lines)…");
        let metadata = median(&dir, "cargo", &["metadata", "--format-version", "1", "--offline"], runs, || ())?;
        let capsec = median(&dir, "cargo", &["capsec", "audit"], runs, || ())?;
        let cache = dir.join("target/gate");
        let check_args = ["gate", "check", "--offline", "--format", "json"];
        let cold = median(&dir, &gate, &check_args, runs, || {
            let _ = std::fs::remove_dir_all(&cache);
        })?;
        let warm = median(&dir, &gate, &check_args, runs, || ())?;
        let row = json!({
            "crates": crates + 1,
            "files": files,
            "lines": total_lines,
            "cargo_metadata_ms": ms(metadata.secs),
            "capsec_audit_ms": ms(capsec.secs),
            "check_cold_ms": ms(cold.secs),
            "check_warm_ms": ms(warm.secs),
            "check_cold_peak_mib": cold.max_rss_kib / 1024,
            "check_warm_peak_mib": warm.max_rss_kib / 1024,
            "capsec_peak_mib": capsec.max_rss_kib / 1024,
            "cold_vs_capsec": ratio(cold.secs, capsec.secs),
            "warm_vs_metadata": ratio(warm.secs, metadata.secs),
        });
        eprintln!("{row}");
        rows.push(row);
    }
    let claims = crate::bench_claims::run(&gate, scratch, runs)?;
    Ok(json!({
        "tool": "cargo-gate",
        "runs_per_figure": runs,
        "machine": machine(),
        "targets": {
            "cold_vs_capsec_max": 0.5,
            "warm_vs_metadata_max": 1.3,
            "peak_mib_max_at_4m_lines": 1024,
            "claims_ms_max": 50,
        },
        "sizes": rows,
        "claims": claims,
    }))
}

fn ms(secs: f64) -> u64 {
    (secs * 1000.0).round() as u64
}

fn ratio(a: f64, b: f64) -> f64 {
    if b <= 0.0 {
        0.0
    } else {
        (a / b * 100.0).round() / 100.0
    }
}

fn count_rust(dir: &Path) -> (usize, usize) {
    let mut stack = vec![dir.to_path_buf()];
    let (mut files, mut lines) = (0, 0);
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                files += 1;
                lines += std::fs::read_to_string(&p).map_or(0, |t| t.lines().count());
            }
        }
    }
    (files, lines)
}

fn machine() -> Value {
    let cores = std::thread::available_parallelism().map_or(0, std::num::NonZero::get);
    json!({"cores": cores})
}
