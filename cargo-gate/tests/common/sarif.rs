//! Structural validation of SARIF 2.1.0 as GitHub code scanning reads it: the parts of the OASIS
//! schema (sarif-schema-2.1.0.json) that our logs use, plus GitHub's own requirements
//! (repo-relative URIs, at least one location per result, `partialFingerprints`).

use serde_json::Value;

fn obj<'a>(v: &'a Value, what: &str) -> &'a serde_json::Map<String, Value> {
    v.as_object().unwrap_or_else(|| panic!("{what} must be an object: {v}"))
}

fn arr<'a>(v: &'a Value, what: &str) -> &'a Vec<Value> {
    v.as_array().unwrap_or_else(|| panic!("{what} must be an array: {v}"))
}

fn string<'a>(v: &'a Value, what: &str) -> &'a str {
    v.as_str().unwrap_or_else(|| panic!("{what} must be a string: {v}"))
}

fn positive(v: &Value, what: &str) -> u64 {
    let n = v.as_u64().unwrap_or_else(|| panic!("{what} must be an integer: {v}"));
    assert!(n >= 1, "{what} must be >= 1");
    n
}

fn message(v: &Value, what: &str) {
    let m = obj(v, what);
    assert!(
        m.get("text").is_some_and(Value::is_string) || m.get("id").is_some_and(Value::is_string),
        "{what} needs text or id"
    );
}

/// Panics with the reason when `log` is not a valid SARIF 2.1.0 log for code scanning.
pub fn validate(log: &Value) {
    let top = obj(log, "log");
    assert_eq!(top.get("version").and_then(Value::as_str), Some("2.1.0"), "version");
    assert!(string(&log["$schema"], "$schema").contains("sarif"));
    for key in top.keys() {
        assert!(
            ["$schema", "version", "runs", "inlineExternalProperties", "properties"].contains(&key.as_str()),
            "unexpected log key {key}"
        );
    }
    let runs = arr(&log["runs"], "runs");
    assert!(!runs.is_empty());
    for run in runs {
        let driver = &run["tool"]["driver"];
        string(&driver["name"], "tool.driver.name");
        let rules = driver.get("rules").map_or(&[][..], |r| arr(r, "rules").as_slice());
        let mut ids = std::collections::BTreeSet::new();
        for rule in rules {
            let id = string(&rule["id"], "rule.id");
            assert!(ids.insert(id.to_owned()), "duplicate rule id {id}");
            for key in ["shortDescription", "fullDescription", "help"] {
                if let Some(m) = rule.get(key) {
                    message(m, key);
                }
            }
            if let Some(level) = rule.pointer("/defaultConfiguration/level") {
                assert!(["none", "note", "warning", "error"].contains(&string(level, "level")));
            }
        }
        if let Some(kind) = run.get("columnKind") {
            assert!(["utf16CodeUnits", "unicodeCodePoints"].contains(&string(kind, "columnKind")));
        }
        for result in arr(&run["results"], "results") {
            message(&result["message"], "result.message");
            let rule_id = string(&result["ruleId"], "ruleId");
            if let Some(index) = result.get("ruleIndex") {
                let i = usize::try_from(index.as_u64().unwrap()).unwrap();
                assert_eq!(rules[i]["id"], rule_id, "ruleIndex points at another rule");
            }
            if let Some(level) = result.get("level") {
                assert!(["none", "note", "warning", "error"].contains(&string(level, "level")));
            }
            let locations = arr(&result["locations"], "locations");
            assert!(!locations.is_empty(), "GitHub needs at least one location");
            for loc in locations {
                let phys = &loc["physicalLocation"];
                let uri = string(&phys["artifactLocation"]["uri"], "uri");
                assert!(
                    !uri.starts_with('/') && !uri.contains("://") && !uri.contains('\\'),
                    "uri must be repo-relative: {uri}"
                );
                let region = obj(&phys["region"], "region");
                let start_line = positive(&region["startLine"], "startLine");
                let start_col = region.get("startColumn").map_or(1, |v| positive(v, "startColumn"));
                let end_line = region.get("endLine").map_or(start_line, |v| positive(v, "endLine"));
                let end_col = region.get("endColumn").map_or(u64::MAX, |v| positive(v, "endColumn"));
                assert!(
                    end_line >= start_line && (end_line > start_line || end_col >= start_col),
                    "region ends before it starts"
                );
                if let Some(snippet) = region.get("snippet") {
                    string(&obj(snippet, "snippet")["text"], "snippet.text");
                }
            }
            let fingerprints = obj(&result["partialFingerprints"], "partialFingerprints");
            assert!(!fingerprints.is_empty());
            assert!(fingerprints.values().all(Value::is_string));
            if let Some(suppressions) = result.get("suppressions") {
                for s in arr(suppressions, "suppressions") {
                    assert!(["inSource", "external"].contains(&string(&s["kind"], "suppression.kind")));
                    if let Some(status) = s.get("status") {
                        assert!(["accepted", "underReview", "rejected"].contains(&string(status, "status")));
                    }
                }
            }
        }
    }
}
