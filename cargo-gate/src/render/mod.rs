//! Rendering reports: human (miette), json, sarif, github. Findings in, text out.

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;
pub mod waivers;

use crate::cli::Format;
use pipelines::check::CheckReport;

/// How the human renderer should look.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    /// ANSI colors.
    pub color: bool,
    /// Only errors and the summary.
    pub quiet: bool,
    /// Notes too.
    pub verbose: bool,
}

/// Renders a `check` report in `format`.
#[must_use]
pub fn check(report: &CheckReport, format: Format, style: Style) -> String {
    match format {
        Format::Human => human::check(report, style),
        Format::Json => json::check(report),
        Format::Sarif => sarif::check(report),
        Format::Github => github::check(report),
    }
}
