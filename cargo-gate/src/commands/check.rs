//! `cargo gate check`: run the check pipeline, render its report, pick the exit code.

use pipelines::check::{CheckOptions, CheckReport, Verdict};

use crate::cli::{CheckArgs, Format};
use crate::error::AppError;
use crate::exit::Outcome;
use crate::output::{emit, use_color};
use crate::render::{self, Style};

/// Runs `check`.
///
/// # Errors
/// The workspace, the policy or a flag cannot be used.
pub fn run(args: &CheckArgs) -> Result<Outcome, AppError> {
    let started = std::time::Instant::now();
    let loaded = super::load(&args.common)?;
    let options =
        CheckOptions { packages: args.packages.clone(), level_flags: args.level_flags.clone(), strict: args.strict };
    let mut report = pipelines::check::check(&loaded, &options, super::today(&args.common))?;
    report.elapsed_secs = started.elapsed().as_secs_f64();

    let style = Style { color: use_color(&args.common), quiet: args.common.quiet, verbose: args.common.verbose };
    emit(&args.common, &render::check(&report, args.common.format, style))?;
    if args.common.format == Format::Github {
        append_step_summary(&report);
    }
    Ok(match report.verdict {
        Verdict::Pass => Outcome::Pass,
        Verdict::Fail => Outcome::Fail,
    })
}

fn append_step_summary(report: &CheckReport) {
    use std::io::Write as _;
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY") else {
        return;
    };
    let text = render::github::step_summary(report);
    // The step summary is a courtesy: failing to write it must not change the verdict.
    if let Ok(mut file) = std::fs::OpenOptions::new().append(true).create(true).open(path) {
        let _ = file.write_all(text.as_bytes());
    }
}
