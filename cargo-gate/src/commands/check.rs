//! `cargo gate check`: run the check pipeline, render its report, pick the exit code.

use pipelines::check::{CheckOptions, CheckReport, Verdict};
use pipelines::load::Loaded;

use crate::cli::{CheckArgs, Format};
use crate::error::AppError;
use crate::exit::Outcome;
use crate::memo::{CheckMemo, Output};
use crate::output::{emit, use_color};
use crate::render::{self, Style};

/// Runs `check`.
///
/// # Errors
/// The workspace, the policy, a flag or `--base` cannot be used.
pub fn run(args: &CheckArgs) -> Result<Outcome, AppError> {
    let started = std::time::Instant::now();
    let style = Style { color: use_color(&args.common), quiet: args.common.quiet, verbose: args.common.verbose };
    let memo = if no_memo() { None } else { CheckMemo::for_run(args, style.color, super::today(&args.common)) };
    let output = match memo.as_ref().and_then(CheckMemo::lookup) {
        Some(output) => output,
        None => {
            crate::memo::record();
            let (loaded, output) = fresh(args, style)?;
            let inputs = gate_core::fsio::inputs::finish();
            if let Some(memo) = memo {
                memo.save(&loaded.ws.target_dir, inputs.as_ref(), &output);
            }
            output
        }
    };
    let mut text = output.text;
    if args.common.format == Format::Human {
        // The summary line's T is the whole run, rendering included: it is timed last.
        text += &render::human::summary_line(&output.counts, started.elapsed().as_secs_f64());
    }
    emit(&args.common, &text)?;
    Ok(if output.pass { Outcome::Pass } else { Outcome::Fail })
}

/// `CARGO_GATE_NO_MEMO=1` runs every check afresh (the source and metadata caches still apply).
fn no_memo() -> bool {
    std::env::var_os("CARGO_GATE_NO_MEMO").is_some_and(|v| !v.is_empty() && v != "0")
}

/// Loads the workspace, runs the pipeline and renders its report.
fn fresh(args: &CheckArgs, style: Style) -> Result<(Loaded, Output), AppError> {
    let loaded = super::load(&args.common)?;
    let options = CheckOptions {
        packages: args.packages.clone(),
        level_flags: args.level_flags.clone(),
        strict: args.strict,
        base: args.base.clone(),
        ..CheckOptions::default()
    };
    let report = pipelines::check::check(&loaded, &options, super::today(&args.common))?;
    let text = match args.common.format {
        Format::Human => render::human::check_body(&report, style),
        format => render::check(&report, format, style),
    };
    if args.common.format == Format::Github {
        append_step_summary(&loaded, &report);
    }
    let counts = render::counts(&report.summary);
    Ok((loaded, Output { text, counts, pass: report.verdict == Verdict::Pass }))
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
