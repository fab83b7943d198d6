//! `--format github`: GitHub Actions workflow commands, most severe first (GitHub shows at most
//! ten per kind per step), and the full list as a Markdown table for `GITHUB_STEP_SUMMARY`.

use std::fmt::Write as _;

use gate_core::finding::{Finding, Severity};

use pipelines::check::CheckReport;

/// The workflow commands for a `check` report, followed by the summary line.
#[must_use]
pub fn check(report: &CheckReport) -> String {
    let mut out = annotations(&report.findings);
    let _ = writeln!(out, "cargo-gate: {}", super::counts(&report.summary));
    out
}

/// One workflow command per finding, most severe first (`check`, `claims`).
#[must_use]
pub fn annotations(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in ordered(findings) {
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
    out
}

/// The full list as a Markdown table, for `$GITHUB_STEP_SUMMARY`; when graph rules fail, the
/// architecture as a Mermaid diagram (GitHub renders it) with the wrong arrows marked.
#[must_use]
pub fn step_summary(report: &CheckReport, graph: Option<&pipelines::graph::ArchGraph>) -> String {
    let mut out = format!(
        "### cargo-gate check: {}\n\n{}\n\n",
        if report.summary.errors > 0 { "failed" } else { "passed" },
        super::counts(&report.summary)
    );
    out.push_str(&findings_table(&report.findings));
    if let Some(graph) = graph.filter(|g| g.fails()) {
        let _ = write!(
            out,
            "\n#### The crate graph\n\nViolating edges are drawn thick and red, labelled with their rule.\n\n\
             ```mermaid\n{}```\n",
            super::graph::mermaid(graph)
        );
    }
    out
}

/// The findings as a Markdown table (empty when there are none), for `$GITHUB_STEP_SUMMARY`.
#[must_use]
pub fn findings_table(findings: &[Finding]) -> String {
    let mut out = String::new();
    if findings.is_empty() {
        return out;
    }
    out.push_str("| severity | rule | location | message | waiver |\n|---|---|---|---|---|\n");
    for f in ordered(findings) {
        // A waived finding is reported, not failing: it says so where the severity would be.
        let severity = if f.waived_by.is_some() { "waived" } else { f.severity.as_str() };
        let _ = writeln!(
            out,
            "| {} | `{}` | `{}:{}` | {} | {} |",
            severity,
            cell(&f.rule),
            cell(f.location.file.as_str()),
            f.location.start.line,
            cell(&f.message),
            cell(f.waived_by.as_deref().unwrap_or(""))
        );
    }
    out
}

/// Errors, then warnings, then waived findings; report order within each.
fn ordered(findings: &[Finding]) -> Vec<&Finding> {
    let mut findings: Vec<&Finding> = findings.iter().collect();
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

/// A Markdown table cell: `|` escaped (GitHub honours `\|` inside code spans too), line breaks
/// as `<br>` so the row stays one line.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace("\r\n", "<br>").replace(['\n', '\r'], "<br>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_cells_escape_pipes_and_line_breaks() {
        assert_eq!(cell("a|b\nc\r\nd"), "a\\|b<br>c<br>d");
    }

    #[test]
    fn escaping_follows_github_rules() {
        assert_eq!(data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }
}
