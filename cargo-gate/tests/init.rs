//! `cargo gate init`: a proposed policy that passes, never an overwrite, the CI workflow, and a
//! baseline of waivers after which `check` passes and the next violation fails.
#![allow(clippy::unwrap_used, reason = "test code: a panic is a test failure")]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{repo_root, run_in, Run};

const NOW: &str = "2026-12-01T00:00:00Z";

/// A copy of the demo; without its policy and the waivers signed under it when `bare`.
fn demo(bare: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&repo_root().join("examples/demo"), dir.path());
    if bare {
        std::fs::remove_dir_all(dir.path().join("policies")).unwrap();
        std::fs::remove_dir_all(dir.path().join("waivers")).unwrap();
    }
    dir
}

fn gate(dir: &Path, args: &[&str]) -> Run {
    let mut all = vec!["gate"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--offline", "--now", NOW]);
    run_in(dir, &all)
}

/// Every file under `dir` (but `target/`) with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let path = e.path();
            if path.is_dir() {
                if e.file_name() != "target" {
                    stack.push(path);
                }
            } else {
                out.insert(path.strip_prefix(dir).unwrap().to_path_buf(), std::fs::read(&path).unwrap());
            }
        }
    }
    out
}

fn unwaived(run: &Run) -> Vec<(String, String, String)> {
    let doc = run.json();
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["waived_by"].is_null())
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or_default().to_owned();
            (s("rule"), s("file"), s("item"))
        })
        .collect()
}

#[test]
fn init_proposes_layers_that_pass_and_never_overwrites() {
    let ws = demo(true);
    let run = gate(ws.path(), &["init"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let policy = std::fs::read_to_string(ws.path().join("policies/gate.toml")).unwrap();
    assert!(policy.contains("[[layer]]\nname = \"layer-0\""), "{policy}");
    assert!(policy.contains("# [[forbid]]") && policy.contains("# [cx_first]") && policy.contains("# [[key]]"));
    // Members in topological order: the engine's dev-dependency on the product puts them in one layer.
    let check = gate(ws.path(), &["check", "--format", "json"]);
    assert_eq!(check.code, 0, "{}", check.snapshot());
    assert!(
        check.json()["summary"]["rules"]["layer"]["crates"].as_u64().unwrap() >= 6,
        "the layers checked every member"
    );

    let before = files(ws.path());
    let again = gate(ws.path(), &["init"]);
    assert_eq!(again.code, 2, "{}", again.snapshot());
    assert!(again.stderr.contains("policies/gate.toml"), "names the file: {}", again.stderr);
    assert_eq!(files(ws.path()), before, "a refused init writes nothing");
}

#[test]
fn init_writes_nothing_when_any_file_it_would_write_exists() {
    let ws = demo(true);
    common::write(&ws.path().join(".github/workflows/gate.yml"), "# mine\n");
    let before = files(ws.path());
    let run = gate(ws.path(), &["init", "--ci", "github"]);
    assert_eq!(run.code, 2, "{}", run.snapshot());
    assert!(run.stderr.contains(".github/workflows/gate.yml"), "{}", run.stderr);
    assert_eq!(files(ws.path()), before, "not even the policy, which did not exist");

    std::fs::remove_dir_all(ws.path().join(".github")).unwrap();
    let run = gate(ws.path(), &["init", "--ci", "github"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    let workflow = std::fs::read_to_string(ws.path().join(".github/workflows/gate.yml")).unwrap();
    let install = format!("cargo install --locked --git {} cargo-gate", env!("CARGO_PKG_REPOSITORY"));
    assert!(workflow.contains(&install), "installs from a source that exists: {workflow}");
    assert!(workflow.contains("check --base \"${{ github.event.pull_request.base.sha }}\" --format github"));
    assert!(workflow.contains("github/codeql-action/upload-sarif"));
    // With a policy already there, `--ci` adds the workflow only once.
    let again = gate(ws.path(), &["init", "--ci", "github"]);
    assert_eq!(again.code, 2, "{}", again.snapshot());
}

#[test]
fn a_signed_baseline_passes_and_the_next_violation_fails() {
    let ws = demo(false);
    let dir = ws.path();
    // Two fns of one file hold `ambient/env` findings: their waiver lists both.
    let rollout = dir.join("crates/product/src/control/rollout.rs");
    let mut text = std::fs::read_to_string(&rollout).unwrap();
    text.push_str("\npub fn region() -> String {\n    std::env::var(\"REGION\").unwrap_or_default()\n}\n");
    std::fs::write(&rollout, &text).unwrap();
    let before = gate(dir, &["check", "--format", "json"]);
    assert_eq!(before.code, 1);
    let today = unwaived(&before);
    assert_eq!(today.len(), 8, "{today:?}");

    let key = repo_root().join("examples/demo/keys/demo-approver.key");
    let run = gate(dir, &["init", "--baseline", "--key", key.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert!(run.stdout.contains("kept the policy as it is"), "{}", run.stdout);
    let env = std::fs::read_dir(dir.join("waivers"))
        .unwrap()
        .flatten()
        .map(|e| std::fs::read_to_string(e.path()).unwrap())
        .find(|t| t.contains("rule = \"ambient/env\""))
        .unwrap();
    assert!(
        env.contains("item = [\"product::control::rollout::probe_health\", \"product::control::rollout::region\"]"),
        "{env}"
    );
    assert!(env.contains("path = \"crates/product/src/control/rollout.rs\""), "{env}");
    assert!(env.contains("rationale = \"present when the gate was adopted\"") && env.contains("owner = \"unowned\""));
    assert!(env.contains("created = 2026-12-01") && env.contains("expires = 2027-03-01"), "created + max_days: {env}");
    assert!(env.contains("[[signature]]\nkey = \"demo-approver\""), "{env}");

    let after = gate(dir, &["check", "--format", "json"]);
    assert_eq!(after.code, 0, "{}", after.snapshot());
    assert_eq!(after.json()["summary"]["waived"], 10);

    // A new violation in another fn of a baselined file is not covered.
    text.push_str("\npub fn nap() {\n    std::thread::sleep(std::time::Duration::from_secs(1));\n}\n");
    std::fs::write(&rollout, &text).unwrap();
    let next = gate(dir, &["check", "--format", "json"]);
    assert_eq!(next.code, 1, "{}", next.snapshot());
    assert_eq!(
        unwaived(&next),
        [(
            "ambient/time".to_owned(),
            "crates/product/src/control/rollout.rs".to_owned(),
            "product::control::rollout::nap".to_owned()
        )]
    );
}

#[test]
fn an_unsigned_baseline_needs_signing_and_the_audit_asks_who_owns_it() {
    let ws = demo(false);
    let run = gate(ws.path(), &["init", "--baseline", "--expires", "2027-01-15"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert!(run.stdout.contains("unsigned"), "{}", run.stdout);
    let check = gate(ws.path(), &["check", "--format", "json"]);
    assert_eq!(check.code, 1);
    // Unsigned waivers cover nothing yet: each says it needs signing.
    let rules: Vec<String> = unwaived(&check).into_iter().map(|(r, _, _)| r).collect();
    assert_eq!(rules.iter().filter(|r| *r == "waiver/unsigned").count(), 7, "{rules:?}");
    assert_eq!(rules.len(), 14, "{rules:?}");
    let audit = gate(ws.path(), &["waiver", "audit"]);
    assert!(audit.stdout.contains("owned by nobody (`unowned`"), "{}", audit.stdout);
    let owned = demo(false);
    let run = gate(owned.path(), &["init", "--baseline", "--owner", "platform-team"]);
    assert_eq!(run.code, 0);
    let list = gate(owned.path(), &["waiver", "list", "--format", "json"]);
    let owners: Vec<String> =
        list.json()["waivers"].as_array().unwrap().iter().map(|w| w["owner"].as_str().unwrap().to_owned()).collect();
    assert!(owners.iter().filter(|o| *o == "platform-team").count() >= 7, "{owners:?}");
}

#[test]
fn baseline_refusals_write_nothing() {
    let ws = demo(false);
    let before = files(ws.path());
    let too_long = gate(ws.path(), &["init", "--baseline", "--expires", "2028-01-01"]);
    assert_eq!(too_long.code, 2, "{}", too_long.snapshot());
    assert!(too_long.stderr.contains("max_days"), "{}", too_long.stderr);
    let stranger = ws.path().join("stranger");
    let key = gate(ws.path(), &["key", "new", "--id", "stranger", "--out", stranger.to_str().unwrap()]);
    assert_eq!(key.code, 0);
    let before_key = files(ws.path());
    let untrusted = gate(ws.path(), &["init", "--baseline", "--key", stranger.join("stranger.key").to_str().unwrap()]);
    assert_eq!(untrusted.code, 2, "{}", untrusted.snapshot());
    assert!(untrusted.stderr.contains("not the secret half of any [[key]]"), "{}", untrusted.stderr);
    assert_eq!(files(ws.path()), before_key);
    assert!(before.keys().all(|k| before_key.contains_key(k)));
    let no_baseline = run_in(ws.path(), &["gate", "init", "--owner", "x"]);
    assert_eq!(no_baseline.code, 2, "--owner needs --baseline");
}
