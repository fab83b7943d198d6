//! The rule pages in `docs/rules/` are generated from the rules' doc comments (`cargo xtask
//! docs`); this test fails while a page is stale, missing, or names a rule that is gone.
#![allow(clippy::unwrap_used, reason = "test code: a panic is a test failure")]

use std::path::Path;

use lints::rules::{docs_for, RULES};

#[test]
fn rule_pages_are_up_to_date() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/rules");
    let mut expected: Vec<String> = Vec::new();
    for rule in RULES {
        let name = format!("{}.md", rule.family());
        let page = std::fs::read_to_string(dir.join(&name)).unwrap_or_default();
        assert_eq!(page, docs_for(rule.family()), "docs/rules/{name} is stale: run `cargo xtask docs`");
        expected.push(name);
    }
    let mut present: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    present.sort();
    expected.sort();
    assert_eq!(present, expected, "docs/rules/ holds pages for rules that do not exist");
}

#[test]
fn every_rule_documents_what_why_example_and_configuration() {
    for rule in RULES {
        let docs = rule.docs();
        for section in ["## What it does", "## Why", "## Example", "## Configuration"] {
            assert!(docs.contains(section), "{} lacks {section}", rule.family());
        }
    }
    let mut families: Vec<&str> = RULES.iter().map(|r| r.family()).collect();
    families.dedup();
    assert_eq!(families.len(), RULES.len(), "rule families are unique");
}
