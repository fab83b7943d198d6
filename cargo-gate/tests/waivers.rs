//! Waivers through the binary: every problem kind, coverage by each scope field, and what a
//! signature binds.
#![allow(clippy::unwrap_used, reason = "test code: a panic is a test failure")]

mod common;

use common::waivers::{check, demo, edit, gate, new_waiver, problems, sign, waived, MALLORY};
use common::{copy_dir, repo_root};
use serde_json::Value;

#[test]
fn a_signed_waiver_covers_its_finding() {
    let ws = demo();
    new_waiver(ws.path(), &["--dependency", "rusqlite"]);
    assert_eq!(sign(ws.path(), "W-0001", "alice").code, 0);
    let (run, doc) = check(ws.path(), &[]);
    assert_eq!(problems(&doc, "W-0001"), Vec::<String>::new());
    // The dependency in Cargo.toml and the use of it in the storage module.
    let both = ("substrate/persistence".to_owned(), "W-0001".to_owned());
    assert_eq!(waived(&doc), [both.clone(), both]);
    assert_eq!(doc["summary"]["waived"], 2);
    assert_eq!(run.code, 1, "the demo's other findings still fail");
    let covered = doc["waivers"][0]["covers"].as_array().unwrap();
    assert_eq!(covered.len(), 2);
    // SARIF shows it as a suppression; human output names the waiver.
    let sarif = gate(ws.path(), &["check", "--format", "sarif"]).json();
    let suppressed: Vec<_> =
        sarif["runs"][0]["results"].as_array().unwrap().iter().filter(|r| r.get("suppressions").is_some()).collect();
    assert_eq!(suppressed.len(), 2);
    assert!(gate(ws.path(), &["check"]).stdout.contains("waived by W-0001: `product` depends on `rusqlite`"));
}

#[test]
fn every_waiver_problem_kind() {
    let ws = demo();
    let dir = ws.path();
    // expired: signed, then the clock moves past `expires`.
    new_waiver(dir, &["--id", "W-EXPIRED", "--dependency", "rusqlite"]);
    sign(dir, "W-EXPIRED", "alice");
    let (_, doc) = check(dir, &["--now", "2027-02-01T00:00:00Z"]);
    assert!(problems(&doc, "W-EXPIRED").contains(&"expired".to_owned()));
    assert!(waived(&doc).is_empty(), "an expired waiver covers nothing");
    // expiring: within warn_days.
    let (_, doc) = check(dir, &["--now", "2027-01-10T00:00:00Z"]);
    assert_eq!(problems(&doc, "W-EXPIRED"), ["expiring"]);
    assert_eq!(waived(&doc).len(), 2, "an expiring waiver still covers");
    // not-yet-valid: created after now.
    let (_, doc) = check(dir, &["--now", "2026-11-01T00:00:00Z"]);
    assert!(problems(&doc, "W-EXPIRED").contains(&"not-yet-valid".to_owned()));
    std::fs::remove_file(dir.join("waivers/W-EXPIRED.toml")).unwrap();

    // too-long: edited past max_days (and so re-signed).
    let too_long = new_waiver(dir, &["--id", "W-LONG"]);
    edit(&too_long, "expires = 2027-01-20", "expires = 2027-06-20");
    sign(dir, "W-LONG", "alice");
    // unsigned
    new_waiver(dir, &["--id", "W-UNSIGNED", "--path", "crates/product/**"]);
    // untrusted key, wrong role, expired key
    new_waiver(dir, &["--id", "W-MALLORY"]);
    // `waiver sign` refuses a key the policy does not list: mallory signs while briefly trusted.
    assert_eq!(sign(dir, "W-MALLORY", "mallory").code, 2, "an unlisted key is refused");
    let trusted_briefly = dir.join("policies/mallory.toml");
    std::fs::write(
        &trusted_briefly,
        format!(
            "[gate]\nschema = 1\n\n[[key]]\nid = \"mallory\"\npublic = \"{MALLORY}\"\nroles = [\"waiver-approver\"]\n"
        ),
    )
    .unwrap();
    assert_eq!(sign(dir, "W-MALLORY", "mallory").code, 0);
    std::fs::remove_file(trusted_briefly).unwrap();
    new_waiver(dir, &["--id", "W-REL"]);
    sign(dir, "W-REL", "rel");
    new_waiver(dir, &["--id", "W-BOB"]);
    sign(dir, "W-BOB", "bob");
    // duplicate id
    let dup = new_waiver(dir, &["--id", "W-DUP"]);
    sign(dir, "W-DUP", "alice");
    std::fs::copy(&dup, dir.join("waivers/W-DUP-copy.toml")).unwrap();
    // invalid: a missing field, an unknown key, not TOML
    crate::common::write(&dir.join("waivers/W-MISSING.toml"), "id = \"W-MISSING\"\nrule = \"layer\"\ncrate = \"x\"\n");
    let typo = new_waiver(dir, &["--id", "W-TYPO"]);
    edit(&typo, "owner =", "ownr =");
    crate::common::write(&dir.join("waivers/W-BROKEN.toml"), "id = \"W-BROKEN\n");

    let (run, doc) = check(dir, &[]);
    assert_eq!(run.code, 1, "{}", run.snapshot());
    assert_eq!(problems(&doc, "W-LONG"), ["too-long"]);
    assert_eq!(problems(&doc, "W-UNSIGNED"), ["unsigned"]);
    assert_eq!(problems(&doc, "W-MALLORY"), ["untrusted-key"]);
    assert_eq!(problems(&doc, "W-REL"), ["wrong-role"]);
    assert_eq!(problems(&doc, "W-BOB"), ["key-expired"]);
    let dups: Vec<_> = doc["waivers"].as_array().unwrap().iter().filter(|w| w["id"] == "W-DUP").collect();
    assert_eq!(dups.len(), 2);
    assert!(dups.iter().all(|w| w["problems"].as_array().unwrap().contains(&Value::from("duplicate-id"))));
    for id in ["W-MISSING", "W-TYPO", "W-BROKEN"] {
        assert_eq!(problems(&doc, id), ["invalid"], "{id}");
    }
    let typo_finding = doc["findings"].as_array().unwrap().iter().find(|f| f["item"] == "W-TYPO").unwrap();
    assert!(typo_finding["message"].as_str().unwrap().contains("unknown key `ownr`"), "{typo_finding}");
    assert!(typo_finding["help"].as_str().unwrap().contains("did you mean `owner`?"));
    assert_eq!(typo_finding["line"], 6);
    // Broken waivers are findings (exit 1), never exit 2: the rest of the gate still reports.
    assert!(doc["findings"].as_array().unwrap().iter().any(|f| f["rule"] == "layer"));
    insta::assert_snapshot!(gate(dir, &["check", "-q"]).snapshot());
}

#[test]
fn insufficient_signatures_when_the_policy_wants_two() {
    let ws = demo();
    let dir = ws.path();
    edit(&dir.join("policies/gate.toml"), "signatures = 1", "signatures = 2");
    new_waiver(dir, &["--dependency", "rusqlite"]);
    sign(dir, "W-0001", "alice");
    let (_, doc) = check(dir, &[]);
    assert_eq!(problems(&doc, "W-0001"), ["insufficient-signatures"]);
    // The same key twice is still one approver.
    assert!(sign(dir, "W-0001", "alice").stdout.contains("already signed by `alice`: nothing to do"));
    sign(dir, "W-0001", "carol");
    let (_, doc) = check(dir, &[]);
    assert_eq!(problems(&doc, "W-0001"), Vec::<String>::new());
    assert_eq!(doc["waivers"][0]["signers"], serde_json::json!(["alice", "carol"]));
}

#[test]
fn editing_any_field_voids_the_signature_but_a_comment_does_not() {
    let edits = [
        ("id = \"W-0001\"", "id = \"W-0002\""),
        ("rule = \"substrate/persistence\"", "rule = \"substrate/*\""),
        ("crate = \"product\"", "crate = \"product*\""),
        ("path = \"crates/product/Cargo.toml\"", "path = \"crates/**\""),
        ("dependency = \"rusqlite\"", "dependency = \"*\""),
        ("item = \"LegacyStore::*\"", "item = \"*\""),
        ("rationale = \"needs FTS5\"", "rationale = \"needs FTS5 \""),
        ("risk = \"C code outside the substrate\"", "risk = \"none\""),
        ("owner = \"storage-team\"", "owner = \"someone-else\""),
        ("created = 2026-11-20", "created = 2026-11-19"),
        ("expires = 2027-01-20", "expires = 2027-01-21"),
    ];
    for (from, to) in edits {
        let ws = demo();
        let dir = ws.path();
        let file = new_waiver(
            dir,
            &[
                "--path",
                "crates/product/Cargo.toml",
                "--dependency",
                "rusqlite",
                "--item",
                "LegacyStore::*",
                "--now",
                "2026-11-20T00:00:00Z",
            ],
        );
        sign(dir, "W-0001", "alice");
        edit(&file, from, to);
        let (_, doc) = check(dir, &[]);
        let id = if from.starts_with("id") { "W-0002" } else { "W-0001" };
        assert_eq!(problems(&doc, id), ["bad-signature"], "after editing {from}");
    }
    let ws = demo();
    let dir = ws.path();
    let file = new_waiver(dir, &["--dependency", "rusqlite"]);
    sign(dir, "W-0001", "alice");
    edit(&file, "rule =", "# reviewed by the security team\nrule =");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{text}# trailing comment\n")).unwrap();
    let (_, doc) = check(dir, &[]);
    assert_eq!(problems(&doc, "W-0001"), Vec::<String>::new(), "a comment is not signed content");
}

#[test]
fn coverage_by_each_scope_field() {
    // (scope flags, expected to cover the substrate finding of `product` on rusqlite)
    let cases: [(&[&str], bool); 8] = [
        (&["--dependency", "rusqlite"], true),
        (&["--dependency", "sqlx"], false),
        (&["--path", "crates/product/Cargo.toml"], true),
        (&["--path", "crates/engine/**"], false),
        (&["--dependency", "rusql*"], true),
        (&["--item", "LegacyStore::*"], false), // graph findings have no item
        (&["--rule", "substrate/*"], true),
        (&["--rule", "independent/*"], false),
    ];
    for (flags, covers) in cases {
        let ws = demo();
        let dir = ws.path();
        let mut args =
            vec!["waiver", "new", "--expires", "2027-01-20", "--rationale", "r", "--risk", "r", "--owner", "o"];
        if !flags.contains(&"--rule") {
            args.extend_from_slice(&["--rule", "substrate/persistence"]);
        }
        if !flags.contains(&"--path") {
            args.extend_from_slice(&["--crate", "product"]);
        }
        args.extend_from_slice(flags);
        assert_eq!(gate(dir, &args).code, 0);
        sign(dir, "W-0001", "alice");
        let (_, doc) = check(dir, &[]);
        let got = waived(&doc).iter().any(|(rule, _)| rule == "substrate/persistence");
        assert_eq!(got, covers, "{flags:?}");
        assert_eq!(problems(&doc, "W-0001").contains(&"unused".to_owned()), !covers, "{flags:?}");
    }
    // A crate glob that does not match.
    let ws = demo();
    let dir = ws.path();
    gate(
        dir,
        &[
            "waiver",
            "new",
            "--rule",
            "substrate/persistence",
            "--crate",
            "engine*",
            "--expires",
            "2027-01-20",
            "--rationale",
            "r",
            "--risk",
            "r",
            "--owner",
            "o",
        ],
    );
    sign(dir, "W-0001", "alice");
    let (_, doc) = check(dir, &[]);
    assert!(waived(&doc).is_empty());
}

#[test]
fn unused_is_a_warning_and_an_error_under_strict() {
    let ws = demo();
    let dir = ws.path();
    edit(&dir.join("policies/gate.toml"), "\"waiver/unused\" = \"deny\"\n", "");
    new_waiver(dir, &["--dependency", "sqlx"]);
    sign(dir, "W-0001", "alice");
    let allow_all = common::levels("-A", &common::DEMO_RULES, &[]);
    let (_, doc) = check(dir, &allow_all);
    assert_eq!(doc["verdict"], "pass");
    let unused: Vec<_> = doc["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == "waiver/unused").collect();
    assert_eq!(unused.len(), 1);
    assert_eq!(unused[0]["severity"], "warning");
    let (run, doc) = check(dir, &common::levels("-A", &common::DEMO_RULES, &["--strict"]));
    assert_eq!(run.code, 1);
    assert_eq!(doc["verdict"], "fail");
}

#[test]
fn coverage_of_source_findings_by_item_and_path() {
    // (rule, scope flags, rules of the findings it must cover in the demo's control plane)
    let cases: [(&str, &[&str], &[&str]); 4] = [
        ("cx-first", &["--crate", "product", "--item", "rollout::publish_*"], &["cx-first"]),
        ("cx-first", &["--crate", "product", "--item", "rollout::rollout_*"], &[]),
        ("ambient/*", &["--path", "crates/product/src/control/**"], &["ambient/env", "ambient/net"]),
        (
            "ambient/*",
            &["--path", "crates/product/src/control/**", "--item", "probe_health"],
            &["ambient/env", "ambient/net"],
        ),
    ];
    for (rule, flags, covered) in cases {
        let ws = demo();
        let dir = ws.path();
        let mut args = vec!["waiver", "new", "--id", "W-0002", "--rule", rule, "--expires", "2027-01-20"];
        args.extend_from_slice(&["--rationale", "r", "--risk", "r", "--owner", "o"]);
        args.extend_from_slice(flags);
        assert_eq!(gate(dir, &args).code, 0);
        sign(dir, "W-0002", "alice");
        let (_, doc) = check(dir, &[]);
        let mut got: Vec<String> = waived(&doc).into_iter().map(|(rule, _)| rule).collect();
        got.sort();
        assert_eq!(got, covered, "{rule} {flags:?}");
    }
}

/// A waiver never adds a finding and never removes one: it only marks findings as waived.
#[test]
fn waivers_only_mark_findings() {
    let with = tempfile::tempdir().unwrap();
    copy_dir(&repo_root().join("examples/demo"), with.path());
    let without = demo();
    let key = |doc: &Value| -> Vec<(String, String, u64)> {
        let mut v: Vec<_> = doc["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| !f["rule"].as_str().unwrap().starts_with("waiver/"))
            .map(|f| {
                (
                    f["rule"].as_str().unwrap().to_owned(),
                    f["file"].as_str().unwrap().to_owned(),
                    f["line"].as_u64().unwrap(),
                )
            })
            .collect();
        v.sort();
        v
    };
    let (_, waived_doc) = check(with.path(), &[]);
    let (_, plain_doc) = check(without.path(), &[]);
    assert_eq!(key(&waived_doc), key(&plain_doc));
    assert_eq!(waived(&waived_doc).len(), 2);
    assert!(waived(&plain_doc).is_empty());
}
