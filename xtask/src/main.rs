//! Development tasks: `cargo xtask bench [--quick] [--runs N]`, `cargo xtask docs`.
#![allow(clippy::print_stdout, clippy::print_stderr, reason = "a developer tool reports to its user")]
#![allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "benchmark arithmetic on small positive numbers"
)]

mod bench;
mod generate;

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().map(PathBuf::from).unwrap_or_default();
    match args.first().map(String::as_str) {
        Some("bench") => bench_cmd(&repo, &args[1..]),
        Some("docs") => docs_cmd(&repo),
        _ => {
            eprintln!("usage: cargo xtask bench [--quick] [--runs N] [--sizes 50,500,2000] [--scratch DIR]");
            eprintln!("       cargo xtask docs     (regenerate docs/rules/ from the rules' doc comments)");
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
    let scratch = value("--scratch").map_or_else(|| std::env::temp_dir().join("cargo-gate-bench"), PathBuf::from);
    match bench::run(repo, &sizes, runs, &scratch) {
        Ok(report) => {
            let text = serde_json::to_string_pretty(&report).unwrap_or_default() + "\n";
            let out = repo.join("evidence/bench/check.json");
            if let Some(dir) = out.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            if let Err(e) = std::fs::write(&out, &text) {
                eprintln!("cannot write {}: {e}", out.display());
                return ExitCode::FAILURE;
            }
            print!("{text}");
            eprintln!("wrote {}", out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("bench failed: {e}");
            ExitCode::FAILURE
        }
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
    for rule in lints::rules::RULES {
        let name = format!("{}.md", rule.family());
        if let Err(e) = std::fs::write(dir.join(&name), lints::rules::docs_for(rule.family())) {
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
