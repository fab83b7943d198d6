//! Conformance reports and plans for people (a gate table, then the failing cases of each gate
//! grouped by classification) and as JSON (the `ConformanceReport` itself).

use std::fmt::Write as _;

use owo_colors::OwoColorize as _;
use pipelines::profiles::{CaseState, ConformanceReport, GateReport, Overall, WrittenPlan};
use serde_json::{json, Value};

use super::json::{envelope, to_string};
use super::Style;

/// The report as JSON: the same document `--output` writes.
#[must_use]
pub fn json(report: &ConformanceReport) -> String {
    to_string(&serde_json::to_value(report).unwrap_or(Value::Null))
}

/// The gate table, the failing cases by classification, what did not count, and warnings.
#[must_use]
pub fn human(report: &ConformanceReport, style: Style) -> String {
    let mut out = String::new();
    if !style.quiet {
        let _ = writeln!(
            out,
            "profile {} {} (suite {}){}\n",
            report.profile.id,
            report.profile.version,
            report.suite,
            report.implementation.as_deref().map(|i| format!(", implementation {i}")).unwrap_or_default()
        );
        gate_table(&mut out, &report.gates, style);
        failing(&mut out, &report.gates);
        not_counted(&mut out, report, style);
        for w in &report.warnings {
            let at = w.line.map_or_else(|| w.file.to_string(), |l| format!("{}:{l}", w.file));
            let _ = writeln!(out, "warning: {at}: `{}`: {}", w.result, w.message);
        }
    }
    let s = &report.summary;
    let _ = writeln!(
        out,
        "cargo-gate: profile {} {} ({} gates: {} passed, {} failed, {} skipped; {} cases: {} passed, {} failed, {} not run, {} not applicable, {} not counted)",
        report.profile.id,
        paint(report.overall.as_str(), overall_color(report.overall), style.color),
        s.gates,
        s.gates_passed,
        s.gates_failed,
        s.gates_skipped,
        s.cases.cases,
        s.cases.passed,
        s.cases.failed,
        s.cases.not_run,
        s.cases.not_applicable,
        s.cases.not_counted,
    );
    out
}

fn gate_table(out: &mut String, gates: &[GateReport], style: Style) {
    let header = ["gate", "required", "verdict", "passed", "failing"];
    let rows: Vec<[String; 5]> = gates
        .iter()
        .map(|g| {
            [
                g.id.clone(),
                if g.required { "yes" } else { "no" }.to_owned(),
                g.verdict.as_str().to_owned(),
                format!("{}/{}", g.counts.passed, g.counts.passed + g.counts.failed),
                g.failing.len().to_string(),
            ]
        })
        .collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|i| rows.iter().map(|r| r[i].chars().count()).chain([header[i].len()]).max().unwrap_or(0))
        .collect();
    let line = |cells: &[String], color: Option<Color>| -> String {
        let text: Vec<String> = cells
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (c, w))| {
                let padded = format!("{c:<w$}");
                match color {
                    Some(color) if i == 2 => paint(&padded, color, style.color),
                    _ => padded,
                }
            })
            .collect();
        text.join("  ").trim_end().to_owned()
    };
    let _ = writeln!(out, "{}", line(&header.map(str::to_owned), None));
    for (gate, row) in gates.iter().zip(&rows) {
        let color = match gate.verdict.as_str() {
            "pass" => Color::Green,
            "fail" if gate.required => Color::Red,
            "fail" => Color::Yellow,
            _ => Color::Dim,
        };
        let _ = writeln!(out, "{}", line(row, Some(color)));
    }
}

fn failing(out: &mut String, gates: &[GateReport]) {
    for gate in gates.iter().filter(|g| !g.failing.is_empty()) {
        let required = if gate.required { "required" } else { "not required" };
        let _ = writeln!(out, "\n{} ({required}): {}", gate.id, gate.title);
        for (classification, ids) in &gate.failures_by_classification {
            let _ = writeln!(out, "  {}", classification.as_str());
            for f in gate.failing.iter().filter(|f| ids.contains(&f.case)) {
                let evidence =
                    if f.evidence.is_empty() { String::new() } else { format!("  [{}]", f.evidence.join(", ")) };
                let _ = writeln!(out, "    {}  {} ({}){evidence}", f.case, f.outcome.as_str(), f.status.as_str());
            }
        }
    }
}

fn not_counted(out: &mut String, report: &ConformanceReport, style: Style) {
    let shown: Vec<_> = report
        .cases
        .iter()
        .filter(|c| match c.state {
            CaseState::NotCounted => style.verbose || c.outcome.as_str() != "pass",
            CaseState::NotApplicable => style.verbose,
            CaseState::Pass | CaseState::Fail => false,
        })
        .collect();
    if shown.is_empty() {
        return;
    }
    let _ = writeln!(out, "\nnot counted");
    for c in shown {
        let why = match c.state {
            CaseState::NotApplicable => format!("not applicable: needs {}", c.requires.join(", ")),
            _ => c.status.as_str().to_owned(),
        };
        let _ = writeln!(out, "  {}  {} ({why})", c.case, c.outcome.as_str());
    }
    out.push('\n');
}

/// The `profile plan` message.
#[must_use]
pub fn plan_human(written: &WrittenPlan) -> String {
    let plan = &written.plan;
    format!(
        "wrote {}: {} cases of profile {} {} (suite {}) for {}\nthe adapter writes its case-result report to {}\n",
        written.file,
        plan.cases.len(),
        plan.profile.id,
        plan.profile.version,
        plan.suite,
        plan.implementation,
        plan.report
    )
}

/// The `profile plan` JSON document: the common header, the plan's path and the plan.
#[must_use]
pub fn plan_json(written: &WrittenPlan) -> String {
    let mut doc = envelope("profile plan", "pass");
    doc.insert("plan_file".into(), json!(written.file));
    doc.insert("plan".into(), serde_json::to_value(&written.plan).unwrap_or(Value::Null));
    to_string(&Value::Object(doc))
}

#[derive(Clone, Copy)]
enum Color {
    Green,
    Red,
    Yellow,
    Dim,
}

fn overall_color(overall: Overall) -> Color {
    match overall {
        Overall::Pass => Color::Green,
        Overall::Partial => Color::Yellow,
        Overall::Fail => Color::Red,
        Overall::Skipped => Color::Dim,
    }
}

fn paint(text: &str, color: Color, enabled: bool) -> String {
    if !enabled {
        return text.to_owned();
    }
    match color {
        Color::Green => text.green().to_string(),
        Color::Red => text.red().to_string(),
        Color::Yellow => text.yellow().to_string(),
        Color::Dim => text.dimmed().to_string(),
    }
}
