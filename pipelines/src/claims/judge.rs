//! What the content of a recorded file proves, for `file`, `junit` and `benchmark` evidence.
//! Each judge returns the reason it is satisfied, or why it is failing; evidence that proves
//! nothing (an empty file, a report with no test cases, `{}`) is failing.

use camino::Utf8Path;
use gate_core::glob::Glob;
use serde_json::Value;

use crate::profiles::results::{junit, Outcome, ResultName};

/// A recorded file must not be empty.
pub(super) fn file(path: &Utf8Path, size: u64) -> Result<String, String> {
    if size == 0 {
        Err(format!("`{path}` is empty: it proves nothing"))
    } else {
        Ok(format!("`{path}` is recorded ({size} bytes)"))
    }
}

/// Every test matching `tests` passed, and at least one matched.
pub(super) fn junit(path: &Utf8Path, bytes: &[u8], tests: &[Glob]) -> Result<String, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| format!("`{path}` is not UTF-8 text, so not a JUnit report"))?;
    if text.trim().is_empty() {
        return Err(format!("`{path}` is empty: it proves nothing"));
    }
    let results =
        junit::parse(path, text).map_err(|e| format!("`{path}` is not a usable JUnit report: {}", e.message))?;
    if results.is_empty() {
        return Err(format!("`{path}` has no test cases: it proves nothing"));
    }
    let mut matched = 0;
    let mut unmet: Vec<String> = Vec::new();
    for result in &results {
        let ResultName::Junit { classname, name, .. } = &result.name else {
            continue;
        };
        let qualified = format!("{classname}::{name}");
        let hit = tests.iter().any(|g| g.matches(name) || (!classname.is_empty() && g.matches(&qualified)));
        if !hit {
            continue;
        }
        matched += 1;
        if result.outcome != Outcome::Pass {
            unmet.push(format!("{name} ({})", result.outcome.as_str()));
        }
    }
    let globs: Vec<&str> = tests.iter().map(Glob::as_str).collect();
    if matched == 0 {
        return Err(format!("no test in `{path}` matches {} ({} test cases)", globs.join(", "), results.len()));
    }
    if !unmet.is_empty() {
        unmet.sort();
        unmet.dedup();
        let shown: Vec<&str> = unmet.iter().take(5).map(String::as_str).collect();
        let more = if unmet.len() > 5 { format!(" and {} more", unmet.len() - 5) } else { String::new() };
        return Err(format!("{} of {matched} matching tests did not pass: {}{more}", unmet.len(), shown.join(", ")));
    }
    Ok(format!("{matched} matching tests passed in `{path}`"))
}

/// The number at `metric` is within `min`/`max`.
pub(super) fn benchmark(
    path: &Utf8Path,
    bytes: &[u8],
    metric: &str,
    min: Option<f64>,
    max: Option<f64>,
) -> Result<String, String> {
    let doc: Value = serde_json::from_slice(bytes).map_err(|e| format!("`{path}` is not JSON: {e}"))?;
    let empty = match &doc {
        Value::Null => true,
        Value::Object(map) => map.is_empty(),
        Value::Array(items) => items.is_empty(),
        _ => false,
    };
    if empty {
        return Err(format!("`{path}` is an empty JSON document ({doc}): it proves nothing"));
    }
    let Some(value) = doc.pointer(metric) else {
        return Err(format!("`{path}` has no value at `{metric}`"));
    };
    let Some(number) = value.as_f64() else {
        return Err(format!("`{metric}` in `{path}` is {}, not a number", describe(value)));
    };
    if let Some(lo) = min.filter(|lo| number < *lo) {
        return Err(format!("`{metric}` = {number} in `{path}` is below the minimum {lo}"));
    }
    if let Some(hi) = max.filter(|hi| number > *hi) {
        return Err(format!("`{metric}` = {number} in `{path}` is above the maximum {hi}"));
    }
    let bounds = match (min, max) {
        (Some(lo), Some(hi)) => format!("within {lo}..={hi}"),
        (Some(lo), None) => format!("at least {lo}"),
        (None, Some(hi)) => format!("at most {hi}"),
        (None, None) => String::new(),
    };
    Ok(format!("`{metric}` = {number} in `{path}`, {bounds}"))
}

fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::String(s) => format!("the string {s:?}"),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
        Value::Number(n) => format!("the number {n}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gate_core::glob::GlobKind;

    fn glob(p: &str) -> Vec<Glob> {
        vec![Glob::new(p, GlobKind::Name).unwrap()]
    }

    #[test]
    fn benchmarks_need_a_number_within_bounds() {
        let p = Utf8Path::new("b.json");
        let doc = br#"{"wall_ms": {"p50": 590}, "name": "x"}"#;
        assert!(benchmark(p, doc, "/wall_ms/p50", None, Some(2000.0)).is_ok());
        assert!(benchmark(p, doc, "/wall_ms/p50", Some(600.0), None).unwrap_err().contains("below the minimum 600"));
        assert!(benchmark(p, doc, "/wall_ms/p90", None, Some(1.0)).unwrap_err().contains("no value at"));
        assert!(benchmark(p, doc, "/name", None, Some(1.0)).unwrap_err().contains("the string \"x\", not a number"));
        assert!(benchmark(p, b"{}", "", None, Some(1.0)).unwrap_err().contains("proves nothing"));
        assert!(benchmark(p, b"not json", "/a", None, Some(1.0)).unwrap_err().starts_with("`b.json` is not JSON"));
        let deep = "[".repeat(100_000);
        assert!(benchmark(p, deep.as_bytes(), "/a", None, Some(1.0)).unwrap_err().contains("not JSON"));
    }

    #[test]
    fn junit_needs_a_matching_passing_test() {
        let p = Utf8Path::new("j.xml");
        let report = br#"<testsuites><testsuite name="s">
            <testcase classname="gate" name="perf::fast"/>
            <testcase classname="gate" name="perf::slow"><skipped/></testcase>
            <testcase classname="gate" name="other"><failure message="x"/></testcase>
        </testsuite></testsuites>"#;
        assert!(junit(p, report, &glob("perf::fast")).is_ok());
        assert!(junit(p, report, &glob("gate::perf::*")).unwrap_err().contains("perf::slow (skip)"));
        assert!(junit(p, report, &glob("nothing*")).unwrap_err().contains("no test"));
        let empty = b"<testsuites></testsuites>";
        assert!(junit(p, empty, &glob("*")).unwrap_err().contains("no test cases"));
        let dtd = b"<!DOCTYPE x [<!ENTITY a 'b'>]><testsuites>&a;</testsuites>";
        assert!(junit(p, dtd, &glob("*")).unwrap_err().contains("not a usable JUnit report"));
    }
}
