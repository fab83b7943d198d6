//! Rendering reports: human (miette), json, sarif, github. Findings in, text out.

pub mod claims;
pub mod evidence;
pub mod github;
pub mod graph;
pub mod human;
pub mod json;
pub mod profile;
pub mod release;
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

/// `N errors, N warnings, N waived (N files, N crates)`, singular where N is 1 (PRODUCT.md §4).
#[must_use]
pub fn counts(s: &pipelines::check::Summary) -> String {
    let n = |count: usize, one: &str, many: &str| format!("{count} {}", if count == 1 { one } else { many });
    format!(
        "{}, {}, {} waived ({}, {})",
        n(s.errors, "error", "errors"),
        n(s.warnings, "warning", "warnings"),
        s.waived,
        n(s.files, "file", "files"),
        n(s.crates, "crate", "crates")
    )
}

/// Renders a `check` report in `format`. Machine-readable formats name files relative to the
/// repository root; the human one, relative to the workspace root.
#[must_use]
pub fn check(report: &CheckReport, format: Format, style: Style) -> String {
    match format {
        // `run` refuses mermaid and dot for `check` before it runs (they are `graph`'s).
        Format::Human | Format::Mermaid | Format::Dot => human::check(report, style),
        Format::Json => json::check(&repo_relative(report)),
        Format::Sarif => sarif::check(&repo_relative(report)),
        Format::Github => github::check(&repo_relative(report)),
    }
}

/// The report with every path relative to the repository root (the git top level), and the
/// repository root as the root snippets are read from.
#[must_use]
pub fn repo_relative(report: &CheckReport) -> CheckReport {
    let mut rel = report.clone();
    for f in &mut rel.findings {
        f.location.file = report.repo_path(&f.location.file).into();
    }
    for w in &mut rel.waivers {
        w.file = report.repo_path(&w.file).into();
    }
    rel.root.clone_from(&report.repo_root);
    rel
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_singular_where_n_is_one() {
        let mut s =
            pipelines::check::Summary { errors: 1, warnings: 1, waived: 1, files: 1, crates: 1, ..Default::default() };
        assert_eq!(counts(&s), "1 error, 1 warning, 1 waived (1 file, 1 crate)");
        (s.errors, s.warnings, s.files, s.crates) = (0, 2, 10, 6);
        assert_eq!(counts(&s), "0 errors, 2 warnings, 1 waived (10 files, 6 crates)");
    }
}
