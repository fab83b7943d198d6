//! The waiver commands through the binary: `key new`, `waiver new`, `waiver sign` (comments kept
//! byte for byte), `waiver list` and `waiver audit`.
#![allow(clippy::unwrap_used, reason = "test code: a panic is a test failure")]

mod common;

use common::waivers::{check, demo, edit, gate, key, new_waiver, problems, sign};

#[test]
fn signing_keeps_comments_and_layout_byte_for_byte() {
    let ws = demo();
    let dir = ws.path();
    let original = "# Why this exists: the legacy search index.\n\
                    id = \"W-0042\"   # stable id\n\
                    rule = \"substrate/persistence\"\n\
                    crate = \"product\"\n\n\
                    # owner and dates\n\
                    rationale = \"needs FTS5\"\nrisk = \"C code\"\nowner = \"storage-team\"\n\
                    created = 2026-11-20\nexpires = 2027-01-20\n";
    let file = dir.join("waivers/W-0042.toml");
    std::fs::write(&file, original).unwrap();
    let run = sign(dir, "W-0042", "alice");
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let signed = std::fs::read_to_string(&file).unwrap();
    assert!(signed.starts_with(original), "the original bytes must be kept:\n{signed}");
    assert!(signed[original.len()..].starts_with("\n[[signature]]\nkey = \"alice\"\nsig = \""), "{signed}");
    sign(dir, "W-0042", "carol");
    let twice = std::fs::read_to_string(&file).unwrap();
    assert!(twice.starts_with(&signed), "a second signature is appended after the first");
    let (_, doc) = check(dir, &[]);
    assert_eq!(problems(&doc, "W-0042"), Vec::<String>::new());
}

#[test]
fn waiver_new_refuses_what_would_be_invalid() {
    let ws = demo();
    let dir = ws.path();
    let base =
        ["waiver", "new", "--rule", "layer", "--crate", "engine", "--rationale", "r", "--risk", "r", "--owner", "o"];
    let mut too_long = base.to_vec();
    too_long.extend_from_slice(&["--expires", "2028-01-01"]);
    let run = gate(dir, &too_long);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("at most 90"), "{}", run.stderr);
    let mut bad_rule = vec![
        "waiver",
        "new",
        "--rule",
        "layers",
        "--crate",
        "engine",
        "--rationale",
        "r",
        "--risk",
        "r",
        "--owner",
        "o",
        "--expires",
        "2027-01-01",
    ];
    assert_eq!(gate(dir, &bad_rule).code, 2);
    bad_rule[3] = "waiver/*";
    assert_eq!(gate(dir, &bad_rule).code, 2, "waiver problems cannot be waived");
    assert!(!dir.join("waivers/W-0001.toml").exists());
    // A refusal names the flag, never the file that was not written.
    bad_rule[3] = "layer";
    for (flag, value) in [("--path", "["), ("--item", "a::[b"), ("--dependency", "x]")] {
        let mut args = bad_rule.clone();
        args.extend_from_slice(&[flag, value]);
        let run = gate(dir, &args);
        assert_eq!(run.code, 2, "{}", run.snapshot());
        assert!(run.stderr.contains(flag), "{}", run.stderr);
        assert!(!run.stderr.contains("W-0"), "names no unwritten file: {}", run.stderr);
    }
    let unscoped: Vec<&str> = bad_rule.iter().copied().filter(|a| *a != "--crate" && *a != "engine").collect();
    let run = gate(dir, &unscoped);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("give --crate, --path, or both") && !run.stderr.contains("W-0"), "{}", run.stderr);
    assert!(!dir.join("waivers/W-0001.toml").exists());
}

#[test]
fn waiver_new_writes_a_list_of_items() {
    let ws = demo();
    let dir = ws.path();
    new_waiver(
        dir,
        &["--path", "crates/product/src/control/rollout.rs", "--item", "probe_health", "--item", "Store::*"],
    );
    let text = std::fs::read_to_string(dir.join("waivers/W-0001.toml")).unwrap();
    assert!(text.contains("item = [\"probe_health\", \"Store::*\"]"), "{text}");
    // The list is signed as a JSON array: the signature verifies (it covers no finding: unused).
    assert_eq!(gate(dir, &["waiver", "sign", "W-0001", "--key", &key("alice")]).code, 0);
    let (_, doc) = check(dir, &[]);
    assert_eq!(problems(&doc, "W-0001"), ["unused"]);
}

#[test]
fn key_new_writes_an_expiry_into_the_entry() {
    let ws = demo();
    let dir = ws.path();
    let run = gate(dir, &["key", "new", "--id", "erin", "--out", "newkeys", "--expires", "2027-06-01"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let entry = run.stdout.split("`schema = 1` first):\n\n").nth(1).unwrap();
    assert!(entry.ends_with("roles = [\"waiver-approver\"]\nexpires = 2027-06-01\n"), "{entry}");
    std::fs::write(dir.join("policies/erin.toml"), format!("[gate]\nschema = 1\n\n{entry}")).unwrap();
    let (_, doc) = check(dir, &[]);
    assert!(doc["verdict"].is_string(), "the pasted entry is a valid policy: {doc}");
    let bad = gate(dir, &["key", "new", "--id", "frank", "--out", "newkeys", "--expires", "soon"]);
    assert_eq!(bad.code, 2);
    assert!(!dir.join("newkeys/frank.key").exists());
}

#[test]
fn key_new_writes_a_usable_key_pair() {
    let ws = demo();
    let dir = ws.path();
    let run = gate(dir, &["key", "new", "--id", "dana", "--out", "newkeys"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let entry = run.stdout.split("`schema = 1` first):\n\n").nth(1).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(dir.join("newkeys/dana.key")).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    assert!(std::fs::read_to_string(dir.join("newkeys/dana.pub.pem"))
        .unwrap()
        .starts_with("-----BEGIN PUBLIC KEY-----"));
    std::fs::write(dir.join("policies/dana.toml"), format!("[gate]\nschema = 1\n\n{entry}")).unwrap();
    new_waiver(dir, &["--dependency", "rusqlite"]);
    assert_eq!(gate(dir, &["waiver", "sign", "W-0001", "--key", "newkeys/dana.key"]).code, 0);
    let (_, doc) = check(dir, &[]);
    assert_eq!(problems(&doc, "W-0001"), Vec::<String>::new());
    assert_eq!(doc["waivers"][0]["signers"], serde_json::json!(["dana"]));
    let again = gate(dir, &["key", "new", "--id", "dana", "--out", "newkeys"]);
    assert_eq!(again.code, 2, "a secret key is never overwritten");
}

#[test]
fn list_and_audit() {
    let ws = demo();
    let dir = ws.path();
    new_waiver(
        dir,
        &[
            "--id",
            "W-NARROW",
            "--dependency",
            "rusqlite",
            "--path",
            "crates/product/Cargo.toml",
            "--now",
            "2026-11-20T00:00:00Z",
        ],
    );
    sign(dir, "W-NARROW", "alice");
    let mut broad =
        vec!["waiver", "new", "--id", "W-BROAD", "--rule", "layer", "--crate", "*", "--expires", "2027-02-10"];
    broad.extend_from_slice(&["--rationale", "r", "--risk", "r", "--owner", "o", "--now", "2026-11-20T00:00:00Z"]);
    assert_eq!(gate(dir, &broad).code, 0);
    let run = gate(dir, &["waiver", "list"]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!("waiver_list", run.snapshot());
    let audit = gate(dir, &["waiver", "audit"]);
    assert_eq!(audit.code, 1, "an unsigned waiver fails the audit");
    insta::assert_snapshot!("waiver_audit", audit.snapshot());
    let json = gate(dir, &["waiver", "audit", "--format", "json"]).json();
    let ids: Vec<_> = json["waivers"].as_array().unwrap().iter().map(|w| w["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["W-BROAD", "W-NARROW"], "broadest scope first");
    for key in
        ["id", "rule", "scope", "owner", "signers", "created", "expires", "days_left", "status", "covers", "questions"]
    {
        assert!(json["waivers"][0].get(key).is_some(), "{key}");
    }
}

#[test]
fn a_waiver_rule_that_names_no_rule_is_invalid_with_a_suggestion() {
    let ws = demo();
    let dir = ws.path();
    let file = new_waiver(dir, &["--id", "W-TYPO"]);
    edit(&file, "rule = \"substrate/persistence\"", "rule = \"substrate/persistance\"");
    let (_, doc) = check(dir, &[]);
    assert_eq!(problems(&doc, "W-TYPO"), ["invalid", "unsigned"]);
    let finding = doc["findings"].as_array().unwrap().iter().find(|f| f["rule"] == "waiver/invalid").unwrap();
    assert!(finding["message"].as_str().unwrap().contains("`substrate/persistance` names no rule"), "{finding}");
    assert_eq!(finding["help"], "did you mean `substrate/persistence`?");
    assert_eq!(finding["line"], 2, "the finding points at the `rule` line");
    // `waiver new` refuses it before writing anything.
    let run = gate(
        dir,
        &[
            "waiver",
            "new",
            "--rule",
            "ambeint/*",
            "--crate",
            "product",
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
    assert_eq!(run.code, 2, "{}", run.snapshot());
    assert!(run.stderr.contains("did you mean `ambient/*`?"), "{}", run.stderr);
    let run = gate(
        dir,
        &[
            "waiver",
            "new",
            "--rule",
            "layer",
            "--crate",
            "prodcut",
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
    assert_eq!(run.code, 2, "{}", run.snapshot());
    assert!(run.stderr.contains("did you mean `product`?"), "{}", run.stderr);
}
