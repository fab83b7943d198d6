//! Development tasks: `cargo xtask bench [--quick] [--runs N] [--only claims|syn]`, `cargo xtask docs`
//! (built with `--release`: the bench reuses the release build of the gate's crates).
#![allow(clippy::print_stdout, clippy::print_stderr, reason = "a developer tool reports to its user")]
#![allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "benchmark arithmetic on small positive numbers"
)]

mod bench;
mod bench_claims;
mod bench_release;
mod bench_syn;
mod generate;
mod generate_docs;

use std::path::PathBuf;
use std::process::ExitCode;

/// As in cargo-gate: `--only syn` measures the parser with the allocator the gate runs it with.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().map(PathBuf::from).unwrap_or_default();
    match args.first().map(String::as_str) {
        Some("bench") => bench_cmd(&repo, &args[1..]),
        Some("docs") => docs_cmd(&repo),
        _ => {
            eprintln!(
                "usage: cargo xtask bench [--out FILE] [--quick] [--runs N] [--sizes 50,500,2000] [--scratch DIR] \
                 [--only claims|syn] [--gate BIN]"
            );
            eprintln!("       (figures to stdout, and to FILE when given; the generated workspaces, in a temporary");
            eprintln!("       directory unless --scratch names one to keep, are removed at the end)");
            eprintln!("       cargo xtask docs     (regenerate docs/rules/ from the rules' documentation)");
            ExitCode::from(2)
        }
    }
}

fn bench_cmd(repo: &std::path::Path, args: &[String]) -> ExitCode {
    let value = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).cloned();
    let runs = value("--runs").and_then(|r| r.parse().ok()).unwrap_or(3);
    let sizes: Vec<(usize, usize)> = if args.iter().any(|a| a == "--quick") {
        vec![(50, 2000)]
    } else {
        value("--sizes")
            .unwrap_or_else(|| "50,500,2000".to_owned())
            .split(',')
            .filter_map(|s| s.trim().parse().ok())
            .map(|n| (n, 2000))
            .collect()
    };
    // A scratch directory the user names is kept (its workspaces are reused by the next run);
    // the default one holds ~200 MB of generated sources and is removed at the end, failed or not.
    let kept_scratch = value("--scratch").map(PathBuf::from);
    let scratch = kept_scratch
        .clone()
        .unwrap_or_else(|| std::env::temp_dir().join(format!("cargo-gate-bench-{}", std::process::id())));
    // Figures are written only where the user says: the tracked evidence file is never
    // rewritten unasked (`--out evidence/bench/check.json` records a new run as evidence).
    let out = value("--out").map(|p| std::env::current_dir().map_or_else(|_| PathBuf::from(&p), |d| d.join(&p)));
    let result = if value("--only").as_deref() == Some("claims") {
        claims_only(repo, out.as_deref(), runs, &scratch)
    } else if value("--only").as_deref() == Some("syn") {
        let crates = sizes.first().map_or(500, |&(crates, _)| crates);
        bench_syn::run(&scratch, crates).map(|syn| merge_into(out.as_deref(), "syn", syn))
    } else {
        // `--gate BIN` measures another build (the "before" of a change) instead of this tree's.
        bench::run(repo, &sizes, runs, &scratch, value("--gate").map(PathBuf::from))
    };
    if kept_scratch.is_none() {
        let _ = std::fs::remove_dir_all(&scratch);
    }
    match result.and_then(|report| write_report(repo, out.as_deref(), &report)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench failed: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `--only claims`: the claims figures alone, merged into the figures already in `--out`.
fn claims_only(
    repo: &std::path::Path,
    out: Option<&std::path::Path>,
    runs: usize,
    scratch: &std::path::Path,
) -> Result<serde_json::Value, String> {
    let gate = bench::build_gate(repo)?;
    let gate = gate.to_str().ok_or("non-UTF-8 path")?.to_owned();
    let claims = bench_claims::run(&gate, scratch, runs)?;
    let mut report = merge_into(out, "claims", claims);
    report["targets"]["claims_ms_max"] = serde_json::json!(50);
    Ok(report)
}

/// The figures already in `out` (none when it is absent or unreadable) with `key` set to `value`.
fn merge_into(out: Option<&std::path::Path>, key: &str, value: serde_json::Value) -> serde_json::Value {
    let mut report: serde_json::Value = out
        .and_then(|out| std::fs::read(out).ok())
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_else(|| serde_json::json!({}));
    report[key] = value;
    report
}

/// Prints the figures and, with `--out`, writes them there. A file under the repository's
/// `evidence/` is recorded in the evidence manifest (the README's performance claims are backed
/// by `evidence/bench/check.json`, so a new run written there is the new evidence).
fn write_report(
    repo: &std::path::Path,
    out: Option<&std::path::Path>,
    report: &serde_json::Value,
) -> Result<(), String> {
    let text = serde_json::to_string_pretty(report).unwrap_or_default() + "\n";
    print!("{text}");
    let Some(out) = out else {
        eprintln!("figures printed only: `--out FILE` writes them");
        return Ok(());
    };
    if let Some(dir) = out.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    std::fs::write(out, &text).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    eprintln!("wrote {}", out.display());
    let repo_abs = std::fs::canonicalize(repo).unwrap_or_else(|_| repo.to_path_buf());
    let out_abs =
        out.parent().and_then(|d| std::fs::canonicalize(d).ok()).map(|d| d.join(out.file_name().unwrap_or_default()));
    let Some(evidence) =
        out_abs.as_deref().and_then(|o| o.strip_prefix(&repo_abs).ok()).filter(|r| r.starts_with("evidence"))
    else {
        return Ok(());
    };
    let evidence = evidence.to_string_lossy().replace('\\', "/");
    let gate = repo.join("target/release/cargo-gate");
    let status = std::process::Command::new(&gate)
        .args(["gate", "evidence", "record", &evidence, "--kind", "benchmark"])
        .current_dir(repo)
        .status()
        .map_err(|e| format!("cannot run {}: {e}", gate.display()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("cargo gate evidence record {evidence} failed"))
    }
}

/// Writes `docs/rules/<rule>.md` from each rule's documentation, removing pages of gone rules.
fn docs_cmd(repo: &std::path::Path) -> ExitCode {
    let dir = repo.join("docs/rules");
    if let Err(e) = std::fs::create_dir_all(&dir) {
        eprintln!("cannot create {}: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    let mut written = Vec::new();
    // Every family: the rules and the meta families (waiver, scope, resolve, claims).
    for (family, _) in lints::rules::families() {
        let name = format!("{family}.md");
        if let Err(e) = std::fs::write(dir.join(&name), lints::rules::docs_for(family)) {
            eprintln!("cannot write {name}: {e}");
            return ExitCode::FAILURE;
        }
        written.push(name);
    }
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !written.contains(&name) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    eprintln!("wrote {} rule pages to {}", written.len(), dir.display());
    ExitCode::SUCCESS
}
