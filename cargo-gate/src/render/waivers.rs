//! `waiver list` and `waiver audit` as a table (human) or a JSON document.

use std::fmt::Write as _;

use pipelines::waivers::Audited;
use serde_json::Value;

use super::json::{envelope, to_string};

/// The JSON document: every waiver, with `questions` and `breadth` for the audit.
#[must_use]
pub fn json(entries: &[Audited<'_>], audit: bool, verdict: &str) -> String {
    let command = if audit { "waiver audit" } else { "waiver list" };
    let mut doc = envelope(command, verdict);
    let list: Vec<Value> = entries
        .iter()
        .map(|a| if audit { serde_json::to_value(a) } else { serde_json::to_value(a.entry) }.unwrap_or(Value::Null))
        .collect();
    doc.insert("waivers".into(), Value::Array(list));
    to_string(&Value::Object(doc))
}

/// The table: one row a waiver, the audit's questions under each.
pub fn table(entries: &[Audited<'_>], audit: bool) -> String {
    let mut out = String::new();
    if entries.is_empty() {
        return "no waivers\n".to_owned();
    }
    let header = ["id", "rule", "scope", "owner", "signers", "created", "expires", "days left", "status", "covers"];
    let rows: Vec<[String; 10]> = entries
        .iter()
        .map(|a| {
            let w = a.entry;
            [
                w.id.clone(),
                w.rule.clone().unwrap_or_default(),
                w.scope.clone().unwrap_or_default(),
                w.owner.clone().unwrap_or_default(),
                w.signers.join(","),
                w.created.clone().unwrap_or_default(),
                w.expires.clone().unwrap_or_default(),
                w.days_left.map(|d| d.to_string()).unwrap_or_default(),
                w.status.as_str().to_owned(),
                w.covers.len().to_string(),
            ]
        })
        .collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|i| rows.iter().map(|r| r[i].chars().count()).chain([header[i].len()]).max().unwrap_or(0))
        .collect();
    let line = |cells: &[String]| -> String {
        cells.iter().zip(&widths).map(|(c, w)| format!("{c:<w$}")).collect::<Vec<_>>().join("  ").trim_end().to_owned()
    };
    let _ = writeln!(out, "{}", line(&header.map(str::to_owned)));
    for (a, row) in entries.iter().zip(&rows) {
        let _ = writeln!(out, "{}", line(row));
        if audit {
            for q in &a.questions {
                let _ = writeln!(out, "    ? {q}");
            }
        }
    }
    out
}
