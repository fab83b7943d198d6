//! `cargo gate profile eval | plan | run` (PRODUCT.md §6, §6.1): evaluate conformance results
//! against a profile, write an adapter's execution plan, or run the adapter and evaluate its
//! report. `--output` writes the `ConformanceReport` JSON; `--format json` prints it.

use camino::{Utf8Path, Utf8PathBuf};
use gate_core::time::Instant;
use pipelines::profiles::{ConformanceReport, EvalOptions, PlanOptions, RunOptions, Verdict};

use crate::cli::{CommonArgs, Format, ProfileEvalArgs, ProfilePlanArgs, ProfileRunArgs};
use crate::error::AppError;
use crate::exit::Outcome;
use crate::output::{emit, use_color};
use crate::render;

/// Runs `profile eval`.
///
/// # Errors
/// An invalid or unknown profile, or an unusable input. (`commands::run` refuses the formats a
/// profile command cannot print: only human and json.)
pub fn eval(args: &ProfileEvalArgs) -> Result<Outcome, AppError> {
    let loaded = super::load(&args.common)?;
    let options = EvalOptions {
        profile: args.profile.clone(),
        results: args.results.clone(),
        capabilities: args.capabilities.clone(),
        now: now(&args.common),
    };
    let report = pipelines::profiles::eval(&loaded.ws, &options)?;
    emit_report(&args.common, &report)
}

/// Runs `profile plan`.
///
/// # Errors
/// An invalid or unknown profile, an unusable capabilities file, or a plan that cannot be written.
pub fn plan(args: &ProfilePlanArgs) -> Result<Outcome, AppError> {
    let loaded = super::load(&args.common)?;
    let options = PlanOptions {
        profile: args.profile.clone(),
        capabilities: args.capabilities.clone(),
        implementation: Some(args.implementation.clone()),
        output_dir: args.out.as_deref().map(absolute).transpose()?,
    };
    let written = pipelines::profiles::plan(&loaded.ws, &options)?;
    let text = match args.common.format {
        Format::Json => render::profile::plan_json(&written),
        _ => render::profile::plan_human(&written),
    };
    emit(&args.common, &text)?;
    Ok(Outcome::Pass)
}

/// Runs `profile run`.
///
/// # Errors
/// As `plan`, and an adapter that fails, hangs, writes no report or a bad one.
pub fn run(args: &ProfileRunArgs) -> Result<Outcome, AppError> {
    let loaded = super::load(&args.common)?;
    let options = RunOptions {
        plan: PlanOptions {
            profile: args.profile.clone(),
            capabilities: args.capabilities.clone(),
            implementation: args.implementation.clone(),
            output_dir: args.out.as_deref().map(absolute).transpose()?,
        },
        adapter: args.adapter.clone(),
        timeout: args.timeout,
        now: now(&args.common),
    };
    let report = pipelines::profiles::run(&loaded.ws, &options)?;
    emit_report(&args.common, &report)
}

/// The report's timestamp: `--now`, else the clock (the one place a profile reads it).
fn now(common: &CommonArgs) -> Instant {
    common.now.unwrap_or_else(Instant::now)
}

/// `--output` gets the report JSON (atomically); stdout gets the table, or with `--format json`
/// and no `--output`, the report.
fn emit_report(common: &CommonArgs, report: &ConformanceReport) -> Result<Outcome, AppError> {
    let json = render::profile::json(report);
    if common.output.is_some() {
        emit(common, &json)?;
    }
    let stdout = CommonArgs { output: None, ..common.clone() };
    match common.format {
        Format::Json if common.output.is_none() => emit(&stdout, &json)?,
        Format::Json => {}
        _ => {
            let style = render::Style { color: use_color(&stdout), quiet: common.quiet, verbose: common.verbose };
            emit(&stdout, &render::profile::human(report, style))?;
        }
    }
    Ok(match report.verdict {
        Verdict::Pass => Outcome::Pass,
        Verdict::Fail => Outcome::Fail,
    })
}

fn absolute(path: &Utf8Path) -> Result<Utf8PathBuf, AppError> {
    if path.is_absolute() {
        return Ok(path.to_owned());
    }
    std::env::current_dir()
        .ok()
        .and_then(|dir| Utf8PathBuf::from_path_buf(dir).ok())
        .map(|dir| dir.join(path))
        .ok_or_else(|| AppError::Usage("the current directory is not a UTF-8 path".to_owned()))
}
