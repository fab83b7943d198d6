//! `cargo gate claims [FILE…] [--explain ID]`: scan the docs for claims, compile the registered
//! claims against the evidence, render, pick the exit code.

use camino::Utf8PathBuf;
use gate_core::time::Instant;
use pipelines::check::Verdict;
use pipelines::claims::{ClaimsOptions, ClaimsReport};

use crate::cli::{ClaimsArgs, CommonArgs, Format};
use crate::error::AppError;
use crate::exit::Outcome;
use crate::output::{emit, use_color};
use crate::render::{self, Style};

/// Runs `claims`.
///
/// # Errors
/// The workspace, policy, claims, manifest or a document cannot be used.
pub fn run(args: &ClaimsArgs) -> Result<Outcome, AppError> {
    let started = std::time::Instant::now();
    let common = &args.common;
    let (repo, policy) = pipelines::claims::open(&start(common)?)?;
    let now = common.now.unwrap_or_else(Instant::now);
    if let Some(id) = &args.explain {
        only_human_or_json(common, "claims --explain")?;
        let claim = pipelines::claims::explain(&repo, &policy, id, now)?;
        let text = match common.format {
            Format::Json => render::claims::explain_json(&claim),
            _ => render::claims::explain_human(&claim),
        };
        emit(common, &text)?;
        return Ok(if claim.backed { Outcome::Pass } else { Outcome::Fail });
    }
    let files = args.files.iter().map(absolute).collect::<Result<Vec<_>, _>>()?;
    let mut report = pipelines::claims::claims(&repo, &policy, &ClaimsOptions { files, now })?;
    report.elapsed_secs = started.elapsed().as_secs_f64();
    let style = Style { color: use_color(common), quiet: common.quiet, verbose: common.verbose };
    let text = match common.format {
        Format::Json => render::claims::json(&report),
        Format::Sarif => render::sarif::log(&report.findings, &report.root),
        Format::Github => render::claims::github(&report),
        _ => render::claims::human(&report, style),
    };
    emit(common, &text)?;
    if common.format == Format::Github {
        append_step_summary(&report);
    }
    Ok(match report.verdict {
        Verdict::Pass => Outcome::Pass,
        Verdict::Fail => Outcome::Fail,
    })
}

/// Where to look for the workspace: `--manifest-path`, else the current directory.
///
/// # Errors
/// The current directory is not a UTF-8 path.
pub(crate) fn start(common: &CommonArgs) -> Result<Utf8PathBuf, AppError> {
    match &common.manifest_path {
        Some(path) => Ok(path.clone()),
        None => current_dir(),
    }
}

fn current_dir() -> Result<Utf8PathBuf, AppError> {
    std::env::current_dir()
        .ok()
        .and_then(|p| Utf8PathBuf::from_path_buf(p).ok())
        .ok_or_else(|| AppError::Usage("the current directory is not a UTF-8 path".to_owned()))
}

/// A path typed on the command line, made absolute against the current directory.
fn absolute(path: &Utf8PathBuf) -> Result<Utf8PathBuf, AppError> {
    if path.is_absolute() {
        Ok(path.clone())
    } else {
        Ok(current_dir()?.join(path))
    }
}

/// Refuses `--format sarif|github` for `--explain`, which has no findings to annotate.
///
/// # Errors
/// The format is sarif or github.
fn only_human_or_json(common: &CommonArgs, command: &str) -> Result<(), AppError> {
    if matches!(common.format, Format::Human | Format::Json) {
        return Ok(());
    }
    Err(AppError::Usage(format!(
        "`cargo gate {command}` cannot produce --format {}: its formats are human, json",
        common.format.name()
    )))
}

fn append_step_summary(report: &ClaimsReport) {
    use std::io::Write as _;
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY") else {
        return;
    };
    let text = render::claims::step_summary(report);
    // The step summary is a courtesy: failing to write it must not change the verdict.
    if let Ok(mut file) = std::fs::OpenOptions::new().append(true).create(true).open(path) {
        let _ = file.write_all(text.as_bytes());
    }
}
