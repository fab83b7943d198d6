//! libtest JSON lines: `cargo test -- -Z unstable-options --format json` (on stable with
//! `RUSTC_BOOTSTRAP=1`). Each line is one event; a test's `name` is its case id; `ok` is pass,
//! `failed` fail, `ignored` skip. A test that started and never finished (its binary crashed) is
//! an error. Several binaries' streams may be concatenated; every non-blank line must be an event.

use std::collections::BTreeMap;

use camino::Utf8Path;
use gate_core::config::ConfigError;
use serde_json::Value;

use super::{Outcome, RawResult, ResultName};

/// Whether `line` looks like a libtest event (a JSON object with a `type` of `suite` or `test`).
#[must_use]
pub fn is_event(line: &str) -> bool {
    serde_json::from_str::<Value>(line)
        .ok()
        .and_then(|v| v.get("type").and_then(Value::as_str).map(|t| matches!(t, "suite" | "test" | "bench")))
        .unwrap_or(false)
}

/// Reads the test results of a libtest JSON stream.
///
/// # Errors
/// A non-blank line that is not a JSON object with a `type`, or a test event without a `name`.
pub fn parse(name: &Utf8Path, text: &str) -> Result<Vec<RawResult>, ConfigError> {
    let mut results = Vec::new();
    let mut running: BTreeMap<String, usize> = BTreeMap::new();
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let event: Value = serde_json::from_str(line).map_err(|e| {
            ConfigError::at_line(name, number, format!("not a libtest JSON event: {e}"))
                .with_help("give only the stdout of `cargo test -- -Z unstable-options --format json`")
        })?;
        let Some(kind) = event.get("type").and_then(Value::as_str) else {
            return Err(ConfigError::at_line(name, number, "not a libtest JSON event: no `type`"));
        };
        if kind != "test" {
            continue;
        }
        let Some(test_name) = event.get("name").and_then(Value::as_str).filter(|n| !n.is_empty()) else {
            return Err(ConfigError::at_line(name, number, "a libtest test event has no `name`"));
        };
        let outcome = match event.get("event").and_then(Value::as_str) {
            Some("started") => {
                running.insert(test_name.to_owned(), number);
                continue;
            }
            Some("ok") => Outcome::Pass,
            Some("failed") => Outcome::Fail,
            Some("ignored") => Outcome::Skip,
            // `timeout` warns that a test runs long; its result follows.
            _ => continue,
        };
        running.remove(test_name);
        results.push(result(test_name, outcome, number));
    }
    results.extend(running.into_iter().map(|(test, line)| result(&test, Outcome::Error, line)));
    Ok(results)
}

fn result(test: &str, outcome: Outcome, line: usize) -> RawResult {
    RawResult {
        name: ResultName::Id(test.to_owned()),
        outcome,
        classification: None,
        evidence: Vec::new(),
        line: Some(line),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_become_outcomes() {
        let text = r#"{ "type": "suite", "event": "started", "test_count": 4 }
{ "type": "test", "event": "started", "name": "a::ok" }
{ "type": "test", "name": "a::ok", "event": "ok" }
{ "type": "test", "name": "a::bad", "event": "failed", "stdout": "boom" }
{ "type": "test", "name": "a::later", "event": "ignored" }
{ "type": "test", "event": "started", "name": "a::crashed" }
{ "type": "test", "event": "timeout", "name": "a::crashed" }

{ "type": "suite", "event": "failed", "passed": 1, "failed": 1 }
"#;
        let results = parse(Utf8Path::new("t.json"), text).unwrap();
        let got: Vec<(String, Outcome)> = results
            .iter()
            .map(|r| match &r.name {
                ResultName::Id(id) => (id.clone(), r.outcome),
                ResultName::Junit { .. } => panic!(),
            })
            .collect();
        let want = [
            ("a::ok", Outcome::Pass),
            ("a::bad", Outcome::Fail),
            ("a::later", Outcome::Skip),
            ("a::crashed", Outcome::Error),
        ];
        assert_eq!(got, want.map(|(n, o)| (n.to_owned(), o)));
    }

    #[test]
    fn a_line_that_is_not_an_event_is_located() {
        let text = "{ \"type\": \"suite\", \"event\": \"started\" }\n   Compiling x v0.1.0\n";
        let err = parse(Utf8Path::new("t.json"), text).unwrap_err();
        assert_eq!(err.position.map(|p| p.line), Some(2));
        assert!(err.message.starts_with("not a libtest JSON event"), "{}", err.message);
    }
}
