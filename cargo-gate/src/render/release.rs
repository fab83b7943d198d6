//! `release`, `verify` and `publish` for people (what holds, what is missing and the command that
//! fixes it) and as one JSON document each.

use std::fmt::Write as _;

use camino::Utf8Path;
use pipelines::release::{PublishReport, ReleaseReport, VerifyReport};
use serde_json::{json, Value};

use super::json::{envelope, to_string};
use crate::cli::Format;

fn verdict(passed: bool) -> &'static str {
    if passed {
        "pass"
    } else {
        "fail"
    }
}

/// The `release` report.
#[must_use]
pub fn release(report: &ReleaseReport, format: Format) -> String {
    if format == Format::Json {
        let mut doc = envelope("release", verdict(report.passed));
        let fields = json!({
            "dry_run": report.dry_run,
            "gaps": report.gaps,
            "commit": report.commit,
            "dirty": report.dirty,
            "policy_digest": report.policy_digest,
            "crates": report.crates,
            "written": report.written,
            "predicate": report.predicate,
        });
        if let Value::Object(fields) = fields {
            doc.extend(fields);
        }
        return to_string(&Value::Object(doc));
    }
    let mut out = String::new();
    for c in &report.crates {
        let _ = writeln!(out, "packaged {}-{}.crate  sha256 {}", c.name, c.version, c.sha256);
    }
    if report.gaps.is_empty() {
        let _ = writeln!(out, "every requirement holds (policy bundle {})", report.policy_digest);
        if report.dry_run {
            let _ = writeln!(out, "dry run: nothing written");
        }
        for file in &report.written {
            let _ = writeln!(out, "wrote {file}");
        }
        return out;
    }
    let _ = writeln!(out, "release blocked: {} requirement(s) missing or failing", report.gaps.len());
    for gap in &report.gaps {
        let _ = writeln!(out, "\n  ✗ [{}] {}\n    → {}", gap.step, gap.what, gap.remedy);
    }
    let _ = writeln!(out, "\nno attestation was written");
    out
}

/// The `verify` report.
#[must_use]
pub fn verify(file: &Utf8Path, report: &VerifyReport, format: Format) -> String {
    if format == Format::Json {
        let mut doc = envelope("verify", verdict(report.passed()));
        doc.insert("file".into(), json!(file));
        doc.insert("checks".into(), json!(report.checks));
        doc.insert("subjects".into(), json!(report.subjects));
        return to_string(&Value::Object(doc));
    }
    let mut out = String::new();
    for check in &report.checks {
        let mark = if check.ok { "✓" } else { "✗" };
        let _ = writeln!(out, "{mark} {:<14} {}", check.check, check.detail);
    }
    let _ = writeln!(out, "{file}: {}", if report.passed() { "verified" } else { "does not verify" });
    out
}

/// The `publish` report.
#[must_use]
pub fn publish(report: &PublishReport, format: Format) -> String {
    let published = report.refused.is_empty() && report.cargo_exit == Some(0);
    if format == Format::Json {
        let mut doc = envelope("publish", verdict(published));
        doc.insert("crates".into(), json!(report.crates));
        doc.insert("refused".into(), json!(report.refused));
        doc.insert("cargo_exit".into(), json!(report.cargo_exit));
        return to_string(&Value::Object(doc));
    }
    let mut out = String::new();
    for c in &report.crates {
        let state = if c.verified.passed() { "verified" } else { "not verified" };
        let _ = writeln!(out, "{}-{}.crate: {state} by {}", c.crate_.name, c.crate_.version, c.attestation);
    }
    for why in &report.refused {
        let _ = writeln!(out, "✗ {why}");
    }
    match report.cargo_exit {
        None => {
            let _ = writeln!(out, "cargo publish was not run");
        }
        Some(code) => {
            let _ = writeln!(out, "cargo publish exited {code}");
        }
    }
    out
}
