//! `cargo gate check`: run the check pipeline, render its report, pick the exit code.

use pipelines::check::{CheckOptions, CheckReport, Verdict};
use pipelines::load::Loaded;

use crate::cli::{CheckArgs, Format};
use crate::error::AppError;
use crate::exit::Outcome;
use crate::output::{emit, use_color};
use crate::render::{self, Style};

/// Runs `check`.
///
/// # Errors
/// The workspace, the policy, a flag or `--base` cannot be used.
pub fn run(args: &CheckArgs) -> Result<Outcome, AppError> {
    let started = std::time::Instant::now();
    let loaded = super::load(&args.common)?;
    let options = CheckOptions {
        packages: args.packages.clone(),
        level_flags: args.level_flags.clone(),
        strict: args.strict,
        base: args.base.clone(),
        ..CheckOptions::default()
    };
    let mut report = pipelines::check::check(&loaded, &options, super::today(&args.common))?;
    report.elapsed_secs = started.elapsed().as_secs_f64();

    let style = Style { color: use_color(&args.common), quiet: args.common.quiet, verbose: args.common.verbose };
    let text = match args.common.format {
        // The summary line's T is the whole run, rendering included: it is timed last.
        Format::Human => {
            let body = render::human::check_body(&report, style);
            body + &render::human::summary_line(&report, started.elapsed().as_secs_f64())
        }
        format => render::check(&report, format, style),
    };
    emit(&args.common, &text)?;
    if args.common.format == Format::Github {
        append_step_summary(&loaded, &report);
    }
    Ok(match report.verdict {
        Verdict::Pass => Outcome::Pass,
        Verdict::Fail => Outcome::Fail,
    })
}

fn append_step_summary(loaded: &Loaded, report: &CheckReport) {
    use std::io::Write as _;
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY") else {
        return;
    };
    // When graph rules fail, the summary embeds the diagram: a reviewer sees the wrong arrow.
    let graph = pipelines::graph::build(&loaded.ws, &loaded.policy, report);
    let text = render::github::step_summary(&render::repo_relative(report), Some(&graph));
    // The step summary is a courtesy: failing to write it must not change the verdict.
    if let Ok(mut file) = std::fs::OpenOptions::new().append(true).create(true).open(path) {
        let _ = file.write_all(text.as_bytes());
    }
}
