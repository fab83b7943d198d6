//! `--format sarif`: SARIF 2.1.0 as GitHub code scanning accepts it — stable `ruleId`s, rules with
//! help, repo-relative URIs, regions with snippets, `partialFingerprints`, and waived findings as
//! `suppressions`.

use std::collections::BTreeMap;

use camino::Utf8Path;
use gate_core::finding::{Finding, Severity};
use serde_json::{json, Value};

use pipelines::check::CheckReport;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The SARIF log of a `check` report.
#[must_use]
pub fn check(report: &CheckReport) -> String {
    log(&report.findings, &report.root)
}

/// The SARIF log of findings whose files are relative to `root` (`check`, `claims`).
#[must_use]
pub fn log(findings: &[Finding], root: &Utf8Path) -> String {
    let mut rule_ids: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
    rule_ids.sort_unstable();
    rule_ids.dedup();
    let index: BTreeMap<&str, usize> = rule_ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    let rules: Vec<Value> = rule_ids
        .iter()
        .map(|id| {
            // The level the rule reports at in this run (levels and --strict applied).
            let errors = findings.iter().any(|f| f.rule == *id && f.severity == Severity::Error);
            rule(id, if errors { "error" } else { "warning" })
        })
        .collect();
    let mut texts = BTreeMap::new();
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let text = texts.entry(f.location.file.to_string()).or_insert_with(|| {
                gate_core::fsio::read_text_inside(root, &f.location.file, gate_core::fsio::SOURCE_FILE_LIMIT).ok()
            });
            result(f, index[f.rule.as_str()], text.as_deref())
        })
        .collect();
    let log = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "cargo-gate",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/cargo-gate/cargo-gate",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    super::json::to_string(&log)
}

fn rule(id: &str, level: &str) -> Value {
    let docs = lints::rules::docs_for(id);
    let short = lints::rules::summary_for(id);
    json!({
        "id": id,
        "name": rule_name(id),
        "shortDescription": {"text": short},
        "fullDescription": {"text": short},
        "help": {"text": docs, "markdown": docs},
        "defaultConfiguration": {"level": level},
        "properties": {"tags": ["cargo-gate", id.split('/').next().unwrap_or(id)]},
    })
}

/// SARIF wants a rule `name` that is an identifier distinct from its `id` (SARIF1001):
/// `ambient/net` → `AmbientNet`, `forbid/no-c-sqlite` → `ForbidNoCSqlite`.
/// A one-word id (`layer`, `parse`) differs from its name only in case, which SARIF1001 still
/// flags: its name gets a `Rule` suffix (`LayerRule`).
fn rule_name(id: &str) -> String {
    let name: String = id
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        })
        .collect();
    if name.eq_ignore_ascii_case(id) {
        format!("{name}Rule")
    } else {
        name
    }
}

/// A repo-relative path as a URI reference (RFC 3986): every byte but the unreserved characters
/// and the `/` between segments percent-encoded (`my dir/ä.rs` → `my%20dir/%C3%A4.rs`).
fn uri(path: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

fn result(f: &Finding, rule_index: usize, text: Option<&str>) -> Value {
    let level = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let (start, mut end) = (f.location.start, f.location.end);
    if end <= start {
        end = gate_core::text::Position { line: start.line, column: start.column + 1 };
    }
    let mut region = json!({
        "startLine": start.line.max(1),
        "startColumn": start.column.max(1),
        "endLine": end.line.max(1),
        "endColumn": end.column.max(1),
    });
    if let Some(text) = text {
        let file = gate_core::text::SourceFile::new(f.location.file.clone(), text);
        region["snippet"] = json!({"text": file.line_text(start.line)});
    }
    let mut message = f.message.clone();
    if let Some(help) = &f.help {
        message = format!("{message}\nhelp: {help}");
    }
    let mut result = json!({
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": level,
        "message": {"text": message},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": uri(f.location.file.as_str()), "uriBaseId": "%SRCROOT%"},
            "region": region,
        }}],
        "partialFingerprints": {"cargoGate/v2": f.fingerprint},
    });
    if let Some(waiver) = &f.waived_by {
        result["suppressions"] = json!([{
            "kind": "external",
            "status": "accepted",
            "justification": format!("waived by {waiver}"),
        }]);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_differ_from_ids_beyond_case() {
        assert_eq!(rule_name("layer"), "LayerRule");
        assert_eq!(rule_name("ambient/net"), "AmbientNet");
        assert_eq!(rule_name("forbid/no-c-sqlite"), "ForbidNoCSqlite");
    }

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri("crates/a b/src/ä%.rs"), "crates/a%20b/src/%C3%A4%25.rs");
        assert_eq!(uri("crates/engine/Cargo.toml"), "crates/engine/Cargo.toml");
        assert_eq!(uri("a:b/c#d?e"), "a%3Ab/c%23d%3Fe");
    }
}
