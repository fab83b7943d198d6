//! Rendering `claims`: diagnostics and a claim list for people, one JSON document (shape in
//! `docs/schemas/claims.schema.json`), GitHub annotations, and `--explain`'s requirement list.

use std::fmt::Write as _;

use pipelines::claims::{ClaimsReport, CompiledClaim, Status};
use serde_json::{json, Value};

use super::Style;

/// Diagnostics, the claims that are not backed (all with `-v`), notes, and the summary line.
#[must_use]
pub fn human(report: &ClaimsReport, style: Style) -> String {
    let mut out = super::human::findings(&report.findings, &report.root, style);
    let shown: Vec<&CompiledClaim> = report.claims.iter().filter(|c| style.verbose || !c.backed).collect();
    if !style.quiet && !shown.is_empty() {
        let backed = report.claims.iter().filter(|c| c.backed).count();
        let _ = writeln!(out, "claims ({backed} of {} backed):", report.claims.len());
        for claim in shown {
            let (status, detail) =
                if claim.backed { ("backed", claim.text.clone()) } else { ("unsupported", claim.unmet_summary()) };
            let _ = writeln!(out, "  {status:<12} {:<24} {detail}", claim.id);
        }
    }
    if style.verbose || report.findings.is_empty() {
        for note in &report.notes {
            let _ = writeln!(out, "note: {note}");
        }
    }
    let _ = writeln!(out, "{} in {:.2} s", summary_line(report), report.elapsed_secs);
    out
}

/// `cargo-gate: N errors, N warnings (N claims, N backed, N flagged sentences, N files)`.
fn summary_line(report: &ClaimsReport) -> String {
    let s = &report.summary;
    format!(
        "cargo-gate: {} errors, {} warnings ({} claims, {} backed, {} flagged sentences, {} files)",
        s.errors, s.warnings, s.claims, s.backed, s.flagged, s.files
    )
}

/// The JSON document.
#[must_use]
pub fn json(report: &ClaimsReport) -> String {
    let verdict = serde_json::to_value(report.verdict).unwrap_or(Value::Null);
    let mut doc = super::json::envelope("claims", verdict.as_str().unwrap_or("fail"));
    doc.insert("claims".into(), serde_json::to_value(&report.claims).unwrap_or(Value::Null));
    doc.insert("sentences".into(), serde_json::to_value(&report.sentences).unwrap_or(Value::Null));
    doc.insert("findings".into(), Value::Array(report.findings.iter().map(super::json::finding).collect()));
    doc.insert("files".into(), json!(report.files));
    doc.insert("summary".into(), serde_json::to_value(&report.summary).unwrap_or(Value::Null));
    doc.insert("notes".into(), json!(report.notes));
    super::json::to_string(&Value::Object(doc))
}

/// Workflow commands for each finding, then the summary line.
#[must_use]
pub fn github(report: &ClaimsReport) -> String {
    let mut out = super::github::annotations(&report.findings);
    out.push_str(&summary_line(report));
    out.push('\n');
    out
}

/// The Markdown for `$GITHUB_STEP_SUMMARY`.
#[must_use]
pub fn step_summary(report: &ClaimsReport) -> String {
    let passed = if report.summary.errors > 0 { "failed" } else { "passed" };
    let mut out = format!("### cargo-gate claims: {passed}\n\n{}\n\n", summary_line(report));
    out.push_str(&super::github::findings_table(&report.findings));
    out
}

/// `--explain ID` for people: the claim, each requirement with its status and reason, and for
/// each unmet one the command that would produce its evidence.
#[must_use]
pub fn explain_human(claim: &CompiledClaim) -> String {
    let mut out = format!("claim `{}` ({}:{})\n  \"{}\"\n", claim.id, claim.file, claim.line, claim.text);
    let mut facts = Vec::new();
    if let Some(owner) = &claim.owner {
        facts.push(format!("owner: {owner}"));
    }
    if let Some(days) = claim.max_age_days {
        facts.push(format!("evidence older than {days} days is stale"));
    }
    if !facts.is_empty() {
        let _ = writeln!(out, "  {}", facts.join("; "));
    }
    out.push('\n');
    for r in &claim.requirements {
        let target = r.path.as_ref().map_or_else(|| r.profile.clone().unwrap_or_default(), ToString::to_string);
        let _ = writeln!(out, "  {:<10} {} {target}: {}", r.status.as_str(), r.kind.name(), r.condition);
        let _ = writeln!(out, "  {:<10} {}", "", r.reason);
        if let Some(command) = &r.command {
            let _ = writeln!(out, "  {:<10} to produce it: {command}", "");
        }
    }
    let satisfied = claim.requirements.iter().filter(|r| r.status == Status::Satisfied).count();
    let verdict = if claim.backed { "backed" } else { "not backed" };
    let _ = writeln!(out, "\n{verdict}: {satisfied} of {} requirements satisfied", claim.requirements.len());
    out
}

/// `--explain ID --format json`.
#[must_use]
pub fn explain_json(claim: &CompiledClaim) -> String {
    let mut doc = super::json::envelope("claims", if claim.backed { "pass" } else { "fail" });
    doc.insert("claim".into(), serde_json::to_value(claim).unwrap_or(Value::Null));
    super::json::to_string(&Value::Object(doc))
}
