//! Diagnostics for people: one miette report per finding with its source line, then the summary.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};

use camino::Utf8Path;
use gate_core::finding::{Finding, Severity};
use gate_core::fsio::{read_text_inside, SOURCE_FILE_LIMIT};
use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode};

use super::Style;
use pipelines::check::CheckReport;

/// Width the reports wrap at: fixed, so output does not depend on the terminal.
const WIDTH: usize = 100;

/// The human rendering of a `check` report, ending with the summary line.
#[must_use]
pub fn check(report: &CheckReport, style: Style) -> String {
    let mut out = check_body(report, style);
    out.push_str(&summary_line(&super::counts(&report.summary), report.elapsed_secs));
    out
}

/// Everything but the summary line: the findings, and the notes (with `-v`, or when nothing
/// was found). `check` times its whole run, this rendering included, before the last line.
#[must_use]
pub fn check_body(report: &CheckReport, style: Style) -> String {
    let mut out = findings(&report.findings, &report.root, style);
    if style.verbose || report.findings.is_empty() {
        if !out.is_empty() {
            out.push('\n');
        }
        for note in &report.notes {
            let _ = writeln!(out, "note: {note}");
        }
    }
    if !out.is_empty() && !out.ends_with("\n\n") {
        out.push('\n');
    }
    out
}

/// `cargo-gate: N errors, N warnings, N waived (N files, N crates) in T s`: singular where N is
/// 1; the exact shape is part of the contract (CI greps it).
#[must_use]
pub fn summary_line(counts: &str, secs: f64) -> String {
    format!("cargo-gate: {counts} in {secs:.2} s\n")
}

/// One miette report per finding, with its source line read from `root` (`check`, `claims`).
#[must_use]
pub fn findings(findings: &[Finding], root: &Utf8Path, style: Style) -> String {
    let handler = handler(style.color);
    let waived_handler = waived_handler(style.color);
    let mut sources = SourceCache::new(root);
    let mut out = String::new();
    for finding in findings {
        if style.quiet && (finding.severity != Severity::Error || finding.waived_by.is_some()) {
            continue;
        }
        let mut diagnostic = FindingDiagnostic::new(finding, sources.get(finding));
        if style.color && finding.waived_by.is_some() {
            diagnostic.message = format!("\x1b[2m{}\x1b[0m", diagnostic.message);
        }
        let handler = if finding.waived_by.is_some() { &waived_handler } else { &handler };
        // A blank line before each report's header (its rule), so reports read apart.
        if !out.is_empty() {
            out.push('\n');
        }
        // Rendering into a String cannot fail; a formatting error would only lose this report.
        let _ = handler.render_report(&mut out, &diagnostic);
    }
    out
}

/// The handler used for every human report, so config errors and findings look alike.
#[must_use]
pub fn handler(color: bool) -> GraphicalReportHandler {
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    GraphicalReportHandler::new_themed(theme).with_width(WIDTH).with_links(false)
}

/// Waived findings are shown, dimmed: reported, not failing.
fn waived_handler(color: bool) -> GraphicalReportHandler {
    if !color {
        return handler(false);
    }
    let mut theme = GraphicalTheme::unicode();
    let dim = owo_colors::Style::new().dimmed();
    theme.styles.advice = dim;
    theme.styles.help = dim;
    theme.styles.link = dim;
    theme.styles.linum = dim;
    theme.styles.highlights = vec![dim];
    GraphicalReportHandler::new_themed(theme).with_width(WIDTH).with_links(false)
}

/// File texts for snippets, read once each.
struct SourceCache<'a> {
    root: &'a Utf8Path,
    texts: BTreeMap<String, Option<String>>,
}

impl<'a> SourceCache<'a> {
    fn new(root: &'a Utf8Path) -> Self {
        Self { root, texts: BTreeMap::new() }
    }

    fn get(&mut self, finding: &Finding) -> Option<String> {
        let file = finding.location.file.as_str();
        let read = || read_text_inside(self.root, Utf8Path::new(file), SOURCE_FILE_LIMIT).ok();
        self.texts.entry(file.to_owned()).or_insert_with(read).clone()
    }
}

/// A finding as a miette diagnostic.
#[derive(Debug)]
struct FindingDiagnostic {
    message: String,
    rule: String,
    severity: miette::Severity,
    help: Option<String>,
    source: Option<NamedSource<String>>,
    span: Option<(usize, usize)>,
}

impl FindingDiagnostic {
    fn new(f: &Finding, text: Option<String>) -> Self {
        let (severity, mut message) = match (&f.waived_by, f.severity) {
            (Some(w), _) => (miette::Severity::Advice, format!("waived by {w}: {}", f.message)),
            (None, Severity::Error) => (miette::Severity::Error, f.message.clone()),
            (None, Severity::Warning) => (miette::Severity::Warning, f.message.clone()),
        };
        if text.is_none() {
            // No snippet to carry the file's name (it cannot be read): the message names it.
            let at = f.location.start;
            message = format!("{}:{}:{}: {message}", f.location.file, at.line, at.column);
        }
        let span = text.as_deref().map(|t| {
            let file = gate_core::text::SourceFile::new(f.location.file.clone(), t);
            let start = file.offset(f.location.start);
            let end = file.offset(f.location.end).max(start);
            (start, (end - start).max(usize::from(start < t.len())))
        });
        let source = text.map(|t| NamedSource::new(f.location.file.as_str(), t));
        Self { message, rule: f.rule.clone(), severity, help: f.help.clone(), source, span }
    }
}

impl fmt::Display for FindingDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for FindingDiagnostic {}

impl Diagnostic for FindingDiagnostic {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.rule))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let (start, len) = self.span?;
        Some(Box::new(std::iter::once(LabeledSpan::new(None, start, len))))
    }
}
