//! Waivers signed by an independent implementation (Python `cryptography`, hand-written DSSE PAE
//! and RFC 8785) get exactly the statuses the vectors expect (`../shared/interop/vectors/waivers`).
#![allow(clippy::unwrap_used, reason = "test code: a panic is a test failure")]

mod common;

use std::collections::BTreeMap;

use common::{copy_dir, repo_root, run_in, tiny_workspace};
use serde_json::Value;

#[test]
fn independent_waiver_vectors_get_the_expected_statuses() {
    let vectors = repo_root().parent().unwrap().join("shared/interop/vectors/waivers");
    assert!(vectors.is_dir(), "the interop vectors are missing: {} (clone the repo beside shared/)", vectors.display());
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(vectors.join("expected.json")).unwrap()).unwrap();
    let ws = tiny_workspace();
    copy_dir(&vectors.join("policies"), &ws.path().join("policies"));
    copy_dir(&vectors.join("waivers"), &ws.path().join("waivers"));
    let now = expected["now"].as_str().unwrap();
    let run = run_in(ws.path(), &["gate", "check", "--now", now, "--format", "json"]);
    let doc = run.json();
    let got: BTreeMap<String, Vec<String>> = doc["waivers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            let problems = w["problems"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_owned());
            // `unused` depends on a workspace's findings, which the vectors leave out.
            (w["file"].as_str().unwrap().to_owned(), problems.filter(|p| p != "unused").collect())
        })
        .collect();
    let want = expected["expected_problems"].as_object().unwrap();
    assert_eq!(got.len(), want.len(), "{got:#?}");
    for (file, problems) in want {
        let mut want: Vec<String> =
            problems.as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_owned()).collect();
        let mut have = got.get(file).cloned().unwrap_or_else(|| panic!("{file} was not reported"));
        // Allowed in addition by the vectors' README: insufficient-signatures where no valid one remains.
        if !want.contains(&"insufficient-signatures".to_owned()) {
            have.retain(|p| p != "insufficient-signatures");
        }
        want.sort();
        have.sort();
        assert_eq!(have, want, "{file}");
    }
}

/// Ed25519 signatures are deterministic: signing a vector waiver's fields again with the same
/// seed must give the independent signer's bytes exactly, or the signed content differs.
#[test]
fn signing_reproduces_the_independent_signatures() {
    let vectors = repo_root().parent().unwrap().join("shared/interop/vectors/waivers");
    for (file, signer) in [("W-0001.toml", "alice"), ("W-0011.toml", "carol"), ("W-0016.toml", "carol")] {
        let ws = tiny_workspace();
        copy_dir(&vectors.join("policies"), &ws.path().join("policies"));
        let original = std::fs::read_to_string(vectors.join("waivers").join(file)).unwrap();
        let (body, signature) = original.split_once("\n[[signature]]").unwrap();
        let expected = signature.lines().find_map(|l| l.strip_prefix("sig = ")).unwrap().trim_matches('"').to_owned();
        common::write(&ws.path().join("waivers").join(file), format!("{body}\n"));
        let id = body.lines().find_map(|l| l.strip_prefix("id = ")).unwrap().trim_matches('"').to_owned();
        let key = vectors.join("keys").join(format!("{signer}.seed.b64"));
        let run = run_in(ws.path(), &["gate", "waiver", "sign", &id, "--key", key.to_str().unwrap()]);
        assert_eq!(run.code, 0, "{}", run.snapshot());
        let signed = std::fs::read_to_string(ws.path().join("waivers").join(file)).unwrap();
        assert!(signed.contains(&format!("sig = \"{expected}\"")), "{file}: our signature differs\n{signed}");
    }
}
