//! `cargo gate waiver list` and `audit`: every waiver with its status and coverage; the audit
//! sorts the broadest scopes first and adds a reviewer's questions.

use pipelines::check::CheckOptions;
use pipelines::waivers::Audited;

use crate::cli::{Format, WaiverListArgs};
use crate::error::AppError;
use crate::exit::Outcome;
use crate::output::emit;
use crate::render;

/// Runs `waiver list` (or `audit`).
///
/// # Errors
/// The workspace or the policy cannot be used.
pub fn list(args: &WaiverListArgs, audit: bool) -> Result<Outcome, AppError> {
    let loaded = super::super::load(&args.common)?;
    let today = super::super::today(&args.common);
    // Waiver files are named from the repository root, as in every machine-readable output.
    let report = render::repo_relative(&pipelines::check::check(&loaded, &CheckOptions::default(), today)?);
    let entries: Vec<Audited<'_>> = if audit {
        pipelines::waivers::audit(&report.waivers, &report.waiver_policy, today)
    } else {
        report.waivers.iter().map(|entry| Audited { entry, breadth: 0, questions: Vec::new() }).collect()
    };
    let failed = audit && entries.iter().any(|a| !a.entry.status.is_acceptable());
    let text = match args.common.format {
        Format::Json => render::waivers::json(&entries, audit, if failed { "fail" } else { "pass" }),
        _ => render::waivers::table(&entries, audit),
    };
    emit(&args.common, &text)?;
    Ok(if failed { Outcome::Fail } else { Outcome::Pass })
}
