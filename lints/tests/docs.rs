//! The rule pages in `docs/rules/` are generated from the rules' documentation (`cargo xtask
//! docs`), one per rule family — the meta families (`waiver`, `scope`, `resolve`, `claims`)
//! included; this test fails while a page is stale, missing, or names a family that is gone.
#![allow(clippy::unwrap_used, reason = "test code: a panic is a test failure")]

use std::path::Path;

use gate_core::policy::RuleIds as _;
use lints::rules::{docs_for, families, id_pattern, summary_for, Registry, DOC_SECTIONS, RULES};

#[test]
fn rule_pages_are_up_to_date() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/rules");
    let mut expected: Vec<String> = Vec::new();
    for family in Registry.families() {
        let name = format!("{family}.md");
        let page = std::fs::read_to_string(dir.join(&name)).unwrap_or_default();
        assert_eq!(page, docs_for(family), "docs/rules/{name} is stale: run `cargo xtask docs`");
        expected.push(name);
    }
    let mut present: Vec<String> =
        std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    present.sort();
    expected.sort();
    assert_eq!(present, expected, "docs/rules/ holds pages for rules that do not exist");
}

#[test]
fn every_family_documents_what_why_example_configuration_and_fix_in_order() {
    for family in Registry.families() {
        let docs = docs_for(family);
        assert!(docs.starts_with(&format!("# `{family}")), "{family}: the page starts with its id");
        let mut last = 0;
        for section in DOC_SECTIONS {
            let at = docs.find(section).unwrap_or_else(|| panic!("{family} lacks {section}"));
            assert!(at >= last, "{family}: {section} is out of order");
            last = at;
        }
    }
    let mut families: Vec<&str> = RULES.iter().map(|r| r.family()).collect();
    families.dedup();
    assert_eq!(families.len(), RULES.len(), "rule families are unique");
}

#[test]
fn every_family_has_a_one_line_lowercase_summary_and_an_id_pattern() {
    let listed: Vec<&str> = families().iter().map(|(f, _)| *f).collect();
    assert_eq!(listed, Registry.families(), "`explain` lists every family");
    for (family, summary) in families() {
        assert!(!summary.is_empty() && summary.len() < 140, "{family}: `{summary}`");
        assert!(!summary.contains('\n') && !summary.contains("##"), "{family}: `{summary}`");
        assert!(summary.starts_with(|c: char| !c.is_uppercase()), "{family}: `{summary}`");
        assert_eq!(summary, summary_for(family));
        assert!(id_pattern(family).starts_with(family), "{family}: {}", id_pattern(family));
    }
    assert_eq!(id_pattern("forbid"), "forbid/<id>");
    assert_eq!(id_pattern("waiver"), "waiver/<problem>");
    assert_eq!(id_pattern("layer"), "layer");
    assert_eq!(docs_for("waiver/expired"), docs_for("waiver"), "a member id shows its family's page");
}
