//! `--format github`: GitHub Actions workflow commands, most severe first (GitHub shows at most
//! ten per kind per step), and the full list as a Markdown table for `GITHUB_STEP_SUMMARY`.

use std::fmt::Write as _;

use gate_core::finding::{Finding, Severity};

use pipelines::check::CheckReport;

/// The workflow commands for a `check` report, followed by the summary line.
#[must_use]
pub fn check(report: &CheckReport) -> String {
    let mut out = String::new();
    for f in ordered(report) {
        let kind = match (&f.waived_by, f.severity) {
            (Some(_), _) => "notice",
            (None, Severity::Error) => "error",
            (None, Severity::Warning) => "warning",
        };
        let message = match &f.waived_by {
            Some(w) => format!("waived by {w}: {}", f.message),
            None => f.message.clone(),
        };
        let message = match &f.help {
            Some(help) => format!("{message}\nhelp: {help}"),
            None => message,
        };
        let _ = writeln!(
            out,
            "::{kind} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            property(f.location.file.as_str()),
            f.location.start.line,
            f.location.start.column,
            f.location.end.line,
            f.location.end.column,
            property(&f.rule),
            data(&message)
        );
    }
    let s = &report.summary;
    let _ = writeln!(
        out,
        "cargo-gate: {} errors, {} warnings, {} waived ({} files, {} crates)",
        s.errors, s.warnings, s.waived, s.files, s.crates
    );
    out
}

/// The full list as a Markdown table, for `$GITHUB_STEP_SUMMARY`.
#[must_use]
pub fn step_summary(report: &CheckReport) -> String {
    let s = &report.summary;
    let mut out = format!(
        "### cargo-gate check: {}\n\n{} errors, {} warnings, {} waived ({} files, {} crates)\n\n",
        if report.summary.errors > 0 { "failed" } else { "passed" },
        s.errors,
        s.warnings,
        s.waived,
        s.files,
        s.crates
    );
    if report.findings.is_empty() {
        return out;
    }
    out.push_str("| severity | rule | location | message | waiver |\n|---|---|---|---|---|\n");
    for f in ordered(report) {
        let _ = writeln!(
            out,
            "| {} | `{}` | `{}:{}` | {} | {} |",
            f.severity.as_str(),
            f.rule,
            f.location.file,
            f.location.start.line,
            cell(&f.message),
            f.waived_by.as_deref().unwrap_or("")
        );
    }
    out
}

/// Errors, then warnings, then waived findings; report order within each.
fn ordered(report: &CheckReport) -> Vec<&Finding> {
    let mut findings: Vec<&Finding> = report.findings.iter().collect();
    findings.sort_by_key(|f| (f.waived_by.is_some(), f.severity));
    findings
}

/// Escapes a workflow-command message.
fn data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a workflow-command property value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', "<br>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_github_rules() {
        assert_eq!(data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
