//! `--format json`: one document (PRODUCT.md §9), deterministic (no timings, sorted findings).

use std::collections::BTreeMap;

use gate_core::finding::Finding;
use serde_json::{json, Value};

use pipelines::check::CheckReport;

/// The JSON header every command shares.
#[must_use]
pub fn envelope(command: &str, verdict: &str) -> serde_json::Map<String, Value> {
    let mut doc = serde_json::Map::new();
    doc.insert("schema".into(), json!(1));
    doc.insert("tool".into(), json!({"name": "cargo-gate", "version": env!("CARGO_PKG_VERSION")}));
    doc.insert("command".into(), json!(command));
    doc.insert("verdict".into(), json!(verdict));
    doc
}

/// A human message, or — with `--format json` — the message in the common JSON envelope with
/// extra fields.
#[must_use]
pub fn message_or_json(format: crate::cli::Format, command: &str, human: String, fields: Value) -> String {
    if format != crate::cli::Format::Json {
        return human;
    }
    let mut doc = envelope(command, "pass");
    doc.insert("message".into(), json!(human.trim_end()));
    if let Value::Object(extra) = fields {
        doc.extend(extra);
    }
    to_string(&Value::Object(doc))
}

/// One finding as JSON.
#[must_use]
pub fn finding(f: &Finding) -> Value {
    json!({
        "rule": f.rule,
        "severity": f.severity.as_str(),
        "crate": f.krate,
        "file": f.location.file,
        "line": f.location.start.line,
        "column": f.location.start.column,
        "end_line": f.location.end.line,
        "end_column": f.location.end.column,
        "message": f.message,
        "help": f.help,
        "item": f.item,
        "dependency": f.dependency,
        "chain": f.chain,
        "waived_by": f.waived_by,
        "fingerprint": f.fingerprint,
    })
}

/// The `check` document.
#[must_use]
pub fn check(report: &CheckReport) -> String {
    let verdict = serde_json::to_value(report.verdict).unwrap_or(Value::Null);
    let mut doc: BTreeMap<String, Part<'_>> =
        envelope("check", verdict.as_str().unwrap_or("fail")).into_iter().map(|(k, v)| (k, Part::Value(v))).collect();
    doc.insert("findings".into(), Part::Findings(Findings(&report.findings)));
    doc.insert("waivers".into(), Part::Value(serde_json::to_value(&report.waivers).unwrap_or(Value::Null)));
    doc.insert("summary".into(), Part::Value(serde_json::to_value(&report.summary).unwrap_or(Value::Null)));
    doc.insert("notes".into(), Part::Value(json!(report.notes)));
    if let Some(base) = &report.base {
        doc.insert("base".into(), Part::Value(serde_json::to_value(base).unwrap_or(Value::Null)));
    }
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "null".to_owned());
    text.push('\n');
    text
}

/// A part of a document: a value, or the findings, which are serialized one at a time (a
/// report of tens of thousands of findings is never held as one JSON tree). Keys are sorted as
/// in [`serde_json::Map`], so the text is the same.
#[derive(serde::Serialize)]
#[serde(untagged)]
enum Part<'a> {
    Value(Value),
    Findings(Findings<'a>),
}

struct Findings<'a>(&'a [Finding]);

impl serde::Serialize for Findings<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(finding))
    }
}

/// Pretty JSON with a trailing newline.
#[must_use]
pub fn to_string(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".to_owned());
    text.push('\n');
    text
}
