//! The case-result report of the adapter execution contract (PRODUCT.md §6.1, seed 001 §9.1):
//! `{"suite", "implementation", "results": [{"case", "outcome", "classification"?, "evidence"?,
//! "message"?}]}`. Read strictly: an unknown field, a wrong type or an outcome outside
//! pass/fail/skip/error is malformed (exit 2), located by line and column.

use camino::Utf8Path;
use gate_core::config::ConfigError;
use gate_core::text::Position;
use serde::Deserialize;

use super::{Outcome, RawResult, ResultName};
use crate::profiles::model::Classification;

/// A case-result report as written by an adapter.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseReport {
    /// The suite line the results are for.
    pub suite: String,
    /// The implementation that produced them.
    pub implementation: String,
    /// One entry a case run.
    pub results: Vec<CaseReportEntry>,
}

/// One case's result.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseReportEntry {
    /// The case id.
    pub case: String,
    /// What happened.
    pub outcome: Outcome,
    /// The failure's classification, as the adapter tells it.
    #[serde(default)]
    pub classification: Option<Classification>,
    /// Paths of evidence (logs, captures) for this case.
    #[serde(default)]
    pub evidence: Vec<String>,
    /// A note for people.
    #[serde(default)]
    pub message: Option<String>,
}

/// Whether `value` has the shape of a case report (an object with `results`).
#[must_use]
pub fn looks_like(value: &serde_json::Value) -> bool {
    value.get("results").is_some()
}

/// Reads a case report.
///
/// # Errors
/// Malformed JSON, or JSON that is not a case report: located.
pub fn parse(name: &Utf8Path, text: &str) -> Result<(CaseReport, Vec<RawResult>), ConfigError> {
    let report: CaseReport =
        serde_json::from_str(text).map_err(|e| json_error(name, &e, "invalid case-result report"))?;
    if report.suite.trim().is_empty() {
        return Err(ConfigError::whole_file(name, "invalid case-result report: `suite` is empty"));
    }
    if let Some(empty) = report.results.iter().position(|r| r.case.trim().is_empty()) {
        return Err(ConfigError::whole_file(
            name,
            format!("invalid case-result report: result {} has an empty `case`", empty + 1),
        ));
    }
    let results = report
        .results
        .iter()
        .map(|r| RawResult {
            name: ResultName::Id(r.case.clone()),
            outcome: r.outcome,
            classification: r.classification,
            evidence: r.evidence.clone(),
            line: None,
        })
        .collect();
    Ok((report, results))
}

/// A `serde_json` error as a located config error (`what: message`, at its line and column).
pub fn json_error(name: &Utf8Path, error: &serde_json::Error, what: &str) -> ConfigError {
    let message = error.to_string();
    let message = message.split(" at line ").next().unwrap_or(&message).to_owned();
    let mut located = ConfigError::at_line(name, error.line().max(1), format!("{what}: {message}"));
    located.position = Some(Position { line: error.line().max(1), column: error.column().max(1) });
    located
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_reads_with_defaults() {
        let text = r#"{"suite": "s", "implementation": "i", "results": [
            {"case": "a", "outcome": "pass"},
            {"case": "b", "outcome": "fail", "classification": "binding", "evidence": ["logs/b.txt"]}]}"#;
        let (report, results) = parse(Utf8Path::new("r.json"), text).unwrap();
        assert_eq!((report.suite.as_str(), report.implementation.as_str()), ("s", "i"));
        assert_eq!(results[1].classification, Some(Classification::Binding));
        assert_eq!(results[1].evidence, ["logs/b.txt"]);
    }

    #[test]
    fn malformed_reports_are_located() {
        let err = parse(Utf8Path::new("r.json"), "{\"suite\": \"s\",\n \"results\": [").unwrap_err();
        assert!(err.message.starts_with("invalid case-result report: EOF"), "{}", err.message);
        let text =
            "{\"suite\": \"s\", \"implementation\": \"i\",\n\"results\": [{\"case\": \"a\", \"outcome\": \"passed\"}]}";
        let err = parse(Utf8Path::new("r.json"), text).unwrap_err();
        assert!(err.message.contains("unknown variant `passed`"), "{}", err.message);
        assert_eq!(err.position.map(|p| p.line), Some(2));
        let text = r#"{"suite": "s", "implementation": "i", "results": [], "extra": 1}"#;
        assert!(parse(Utf8Path::new("r.json"), text).unwrap_err().message.contains("unknown field `extra`"));
    }
}
