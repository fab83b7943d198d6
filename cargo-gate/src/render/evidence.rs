//! Rendering `evidence record` and `evidence verify`, for people and as JSON.

use std::fmt::Write as _;

use pipelines::evidence::{EntryCheck, Recorded, VerifyReport};
use serde_json::{json, Value};

/// `recorded evidence/bench/check.json (benchmark, 1286 bytes, sha256 1a2b…) …`.
#[must_use]
pub fn recorded_human(recorded: &Recorded) -> String {
    let e = &recorded.entry;
    let profile = e.profile.as_ref().map(|p| format!(" of profile `{p}`")).unwrap_or_default();
    let git = match (&e.commit, e.dirty) {
        (Some(c), Some(true)) => format!(" at commit {} (uncommitted changes)", c.get(..12).unwrap_or(c)),
        (Some(c), _) => format!(" at commit {}", c.get(..12).unwrap_or(c)),
        (None, Some(_)) => " before the first commit".to_owned(),
        (None, None) => " outside a git repository".to_owned(),
    };
    let verb = if recorded.replaced { "re-recorded" } else { "recorded" };
    let mut out = format!(
        "{verb} {} ({}{profile}, {} bytes, sha256 {}) at {}{git} in {}\n",
        e.path,
        e.kind.name(),
        e.size,
        e.sha256.get(..16).unwrap_or(&e.sha256),
        e.recorded,
        recorded.manifest
    );
    for note in &recorded.notes {
        let _ = writeln!(out, "note: {note}");
    }
    out
}

/// The `evidence record` JSON document.
#[must_use]
pub fn recorded_json(recorded: &Recorded) -> String {
    let mut doc = super::json::envelope("evidence record", "pass");
    doc.insert("manifest".into(), json!(recorded.manifest));
    doc.insert("replaced".into(), json!(recorded.replaced));
    doc.insert("entry".into(), serde_json::to_value(&recorded.entry).unwrap_or(Value::Null));
    doc.insert("notes".into(), json!(recorded.notes));
    super::json::to_string(&Value::Object(doc))
}

/// One line per recorded file, problems explained, and a closing line.
#[must_use]
pub fn verify_human(report: &VerifyReport) -> String {
    let mut out = String::new();
    if report.entries.is_empty() {
        let _ = writeln!(out, "cargo-gate: no evidence recorded in {}: nothing to verify", report.manifest);
        return out;
    }
    for v in &report.entries {
        let e = &v.entry;
        let detail = match &v.check {
            EntryCheck::Ok => String::new(),
            EntryCheck::Modified { sha256, size } => format!(
                "  sha256 {} ({size} bytes) now, {} ({} bytes) recorded at {}",
                sha256.get(..16).unwrap_or(sha256),
                e.sha256.get(..16).unwrap_or(&e.sha256),
                e.size,
                e.recorded
            ),
            EntryCheck::Missing => format!("  the file is gone (recorded at {})", e.recorded),
            EntryCheck::Refused { reason } => format!("  {reason}"),
        };
        let _ = writeln!(out, "{:<9} {}{detail}", status(&v.check), e.path);
    }
    let bad = report.problems().len();
    if bad == 0 {
        let _ = writeln!(out, "cargo-gate: all {} recorded files match {}", report.entries.len(), report.manifest);
    } else {
        let _ = writeln!(
            out,
            "cargo-gate: {bad} of {} recorded files do not match {}",
            report.entries.len(),
            report.manifest
        );
    }
    out
}

fn status(check: &EntryCheck) -> &'static str {
    match check {
        EntryCheck::Ok => "ok",
        EntryCheck::Modified { .. } => "modified",
        EntryCheck::Missing => "missing",
        EntryCheck::Refused { .. } => "refused",
    }
}

/// The `evidence verify` JSON document.
#[must_use]
pub fn verify_json(report: &VerifyReport) -> String {
    let mut doc = super::json::envelope("evidence verify", if report.passed() { "pass" } else { "fail" });
    doc.insert("manifest".into(), json!(report.manifest));
    doc.insert("entries".into(), serde_json::to_value(&report.entries).unwrap_or(Value::Null));
    doc.insert("summary".into(), json!({"entries": report.entries.len(), "problems": report.problems().len()}));
    super::json::to_string(&Value::Object(doc))
}
