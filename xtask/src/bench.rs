//! `cargo xtask bench`: synthetic workspaces of 50, 500 and 2,000 crates; in one run, side by side,
//! `cargo metadata`, `cargo capsec audit` (the closest peer), and `cargo gate check` cold and
//! warm with peak memory; then `cargo gate claims` on a 2,000-sentence docs tree
//! (`bench_claims`). Figures are ratios against the peers measured in the same run, because
//! these machines are shared and noisy. Results go to stdout and the file `--out` names.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::{json, Value};

use crate::generate;

/// One measured run: wall seconds (timed here around the child: GNU time's 10 ms resolution is
/// too coarse for a warm run), and from GNU time CPU seconds (user + system) and peak resident
/// memory (KiB).
struct Sample {
    secs: f64,
    cpu_secs: f64,
    max_rss_kib: u64,
}

fn measure(dir: &Path, program: &str, args: &[&str]) -> Result<Sample, String> {
    let out = std::env::temp_dir().join(format!("gate-bench-time-{}.txt", std::process::id()));
    let started = std::time::Instant::now();
    let status = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%e %M %U %S")
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
    let secs = started.elapsed().as_secs_f64();
    let text = std::fs::read_to_string(&out).map_err(|e| format!("no timing for {program}: {e}"));
    let _ = std::fs::remove_file(&out);
    let text = text?;
    let last = text.lines().last().unwrap_or_default();
    let mut parts = last.split_whitespace();
    parts.next().and_then(|s| s.parse::<f64>().ok()).ok_or_else(|| format!("bad timing `{last}` (exit {status})"))?;
    let max_rss_kib = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    let cpu_secs = parts.filter_map(|s| s.parse::<f64>().ok()).sum();
    Ok(Sample { secs, cpu_secs, max_rss_kib })
}

/// The median of `runs` measurements, figure by figure.
fn median(
    dir: &Path,
    program: &str,
    args: &[&str],
    runs: usize,
    mut before_each: impl FnMut(),
) -> Result<Sample, String> {
    let mut samples = Vec::new();
    for _ in 0..runs {
        before_each();
        samples.push(measure(dir, program, args)?);
    }
    let middle = |mut values: Vec<f64>| {
        values.sort_by(f64::total_cmp);
        values[values.len() / 2]
    };
    let mut peaks: Vec<u64> = samples.iter().map(|s| s.max_rss_kib).collect();
    peaks.sort_unstable();
    Ok(Sample {
        secs: middle(samples.iter().map(|s| s.secs).collect()),
        cpu_secs: middle(samples.iter().map(|s| s.cpu_secs).collect()),
        max_rss_kib: peaks[peaks.len() / 2],
    })
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

/// Runs the benchmark for each `(crates, lines per crate)` size, then `claims` and `release`.
pub fn run(
    repo: &Path,
    sizes: &[(usize, usize)],
    runs: usize,
    scratch: &Path,
    gate: Option<PathBuf>,
) -> Result<Value, String> {
    ensure_capsec()?;
    let gate = match gate {
        Some(gate) => std::fs::canonicalize(&gate).map_err(|e| format!("{}: {e}", gate.display()))?,
        None => build_gate(repo)?,
    };
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
        let row = measure_size(&dir, &gate, crates, runs)?;
        eprintln!("{row}");
        rows.push(row);
    }
    let claims = crate::bench_claims::run(&gate, scratch, runs)?;
    let release = crate::bench_release::run(repo, &gate, scratch, runs)?;
    Ok(json!({
        "tool": "cargo-gate",
        "runs_per_figure": runs,
        "machine": machine(),
        "targets": {
            "cold_vs_capsec_max": 0.25,
            "cold_cpu_vs_capsec_max": 0.5,
            "warm_vs_metadata_max": 0.25,
            "edit_vs_metadata_max": 0.5,
            "peak_mib_max_at_4m_lines": 256,
            "claims_ms_max": 50,
            "release_ms_max": 1000,
        },
        "sizes": rows,
        "claims": claims,
        "release": release,
    }))
}

/// One workspace: the peers, then the gate cold, warm, and after one file is edited.
fn measure_size(dir: &Path, gate: &str, crates: usize, runs: usize) -> Result<Value, String> {
    let (files, total_lines) = count_rust(&dir.join("crates"));
    eprintln!("measuring {crates} crates ({total_lines} lines)…");
    let metadata = median(dir, "cargo", &["metadata", "--format-version", "1", "--offline"], runs, || ())?;
    let capsec = median(dir, "cargo", &["capsec", "audit"], runs, || ())?;
    let cache = dir.join("target/gate");
    let check_args = ["gate", "check", "--offline", "--format", "json"];
    let cold = median(dir, gate, &check_args, runs, || {
        let _ = std::fs::remove_dir_all(&cache);
    })?;
    let warm = median(dir, gate, &check_args, runs, || ())?;
    // An edit as on a save: one module gains a function (new content each run).
    let edited = dir.join("crates").join(generate::crate_name(crates / 2, crates)).join("src/m1.rs");
    let mut edits = 0;
    let edit = median(dir, gate, &check_args, runs, || {
        edits += 1;
        let mut text = std::fs::read_to_string(&edited).unwrap_or_default();
        let _ = write!(text, "\npub fn edited_{edits}() -> u32 {{\n    {edits}\n}}\n");
        let _ = std::fs::write(&edited, text);
    })?;
    Ok(json!({
        "crates": crates + 1,
        "files": files,
        "lines": total_lines,
        "capsec_findings": capsec_findings(dir),
        "gate_findings": gate_findings(dir, gate),
        "cargo_metadata_ms": ms(metadata.secs),
        "capsec_audit_ms": ms(capsec.secs),
        "capsec_audit_cpu_ms": ms(capsec.cpu_secs),
        "check_cold_ms": ms(cold.secs),
        "check_cold_cpu_ms": ms(cold.cpu_secs),
        "check_warm_ms": ms(warm.secs),
        "check_edit_ms": ms(edit.secs),
        "check_cold_peak_mib": cold.max_rss_kib / 1024,
        "check_warm_peak_mib": warm.max_rss_kib / 1024,
        "capsec_peak_mib": capsec.max_rss_kib / 1024,
        "cold_vs_capsec": ratio(cold.secs, capsec.secs),
        "cold_cpu_vs_capsec": ratio(cold.cpu_secs, capsec.cpu_secs),
        "warm_vs_metadata": ratio(warm.secs, metadata.secs),
        "edit_vs_metadata": ratio(edit.secs, metadata.secs),
    }))
}

/// How many findings `cargo capsec audit` reports (its JSON lists them per crate): the synthetic
/// code must give the peer its usual work.
fn capsec_findings(dir: &Path) -> usize {
    let out = Command::new("cargo").args(["capsec", "audit", "--format", "json"]).current_dir(dir).output();
    let Ok(value) = out.map(|o| serde_json::from_slice::<Value>(&o.stdout).unwrap_or(Value::Null)) else { return 0 };
    let crates = value.get("crates").and_then(Value::as_array).map_or(&[][..], Vec::as_slice);
    crates.iter().filter_map(|c| c.get("findings").and_then(Value::as_array)).map(Vec::len).sum()
}

/// How many findings `cargo gate check` reports.
fn gate_findings(dir: &Path, gate: &str) -> usize {
    let out = Command::new(gate).args(["gate", "check", "--offline", "--format", "json"]).current_dir(dir).output();
    out.ok()
        .and_then(|o| serde_json::from_slice::<Value>(&o.stdout).ok())
        .and_then(|v| v.get("findings").and_then(Value::as_array).map(Vec::len))
        .unwrap_or(0)
}

fn ms(secs: f64) -> f64 {
    (secs * 10_000.0).round() / 10.0
}

fn ratio(a: f64, b: f64) -> f64 {
    if b <= 0.0 {
        0.0
    } else {
        (a / b * 100.0).round() / 100.0
    }
}

fn count_rust(dir: &Path) -> (usize, usize) {
    let mut files = Vec::new();
    rust_files(dir, &mut files);
    let lines = files.iter().map(|p| std::fs::read_to_string(p).map_or(0, |t| t.lines().count())).sum();
    (files.len(), lines)
}

/// Every `.rs` file below `dir`, in path order.
pub fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

fn machine() -> Value {
    let cores = std::thread::available_parallelism().map_or(0, std::num::NonZero::get);
    json!({"cores": cores})
}
