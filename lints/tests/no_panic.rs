//! Bad input never panics: every prefix of a rich policy, and of a manifest, and a set of byte
//! mutations, are read to a value or to a located error.
#![allow(clippy::unwrap_used, reason = "test code: a panic is a test failure")]

use gate_core::policy::parse_policy_files;
use gate_core::text::SourceFile;
use lints::rules::Registry;

const POLICY: &str = include_str!("../../examples/demo/policies/gate.toml");

fn mutations(text: &str) -> Vec<String> {
    let mut out: Vec<String> =
        (0..text.len()).filter(|i| text.is_char_boundary(*i)).map(|i| text[..i].to_owned()).collect();
    let bytes = text.as_bytes();
    for (i, _) in bytes.iter().enumerate().step_by(7) {
        for replacement in ["\"", "[", "]", "=", "\n", "{", "'", "\\", "#", "0"] {
            let mut b = bytes.to_vec();
            b.splice(i..=i, replacement.bytes());
            if let Ok(s) = String::from_utf8(b) {
                out.push(s);
            }
        }
    }
    out
}

#[test]
fn policy_prefixes_and_mutations_never_panic() {
    let mut errors = 0;
    for text in mutations(POLICY) {
        match parse_policy_files(vec![SourceFile::new("policies/gate.toml", text)], &Registry) {
            Ok(_) => {}
            Err(all) => {
                assert!(!all.is_empty());
                for e in &all {
                    assert!(e.to_string().starts_with("policies/gate.toml"), "{e}");
                }
                errors += 1;
            }
        }
    }
    assert!(errors > 1000, "most mutations are errors ({errors})");
}

#[test]
fn glob_patterns_never_panic() {
    for pattern in ["[", "]", "[!]", "[a-]", "**", "a/**/", "*?*?[a-z]**", "\u{e9}[\u{e9}-\u{ff}]", "[z-a]", "a[", "\\"]
    {
        for kind in [gate_core::glob::GlobKind::Name, gate_core::glob::GlobKind::Path] {
            if let Ok(glob) = gate_core::glob::Glob::new(pattern, kind) {
                let _ = glob.matches("some/path/\u{e9}.rs");
            }
        }
    }
}

const SOURCE: &str = include_str!("../../cargo-gate/tests/fixtures/source/crates/ambient-cases/src/imports.rs");

#[test]
fn source_prefixes_and_mutations_never_panic() {
    let policy = parse_policy_files(vec![SourceFile::new("p.toml", POLICY)], &Registry).unwrap();
    let denied = lints::source::DeniedPaths::from_policy(&policy);
    let interest = lints::source::facts::Interest { denied: &denied, cx_first: policy.cx_first.as_ref(), record: true };
    let mut parse_errors = 0;
    for text in mutations(SOURCE) {
        let scopes = lints::resolve::Scopes::new();
        let facts = lints::source::facts::collect(&SourceFile::new("m.rs", text), scopes, &interest, false);
        parse_errors += usize::from(facts.parse_error.is_some());
    }
    assert!(parse_errors > 100, "{parse_errors}");
}
