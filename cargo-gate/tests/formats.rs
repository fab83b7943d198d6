//! `--format` is honoured by every command: `human` and `json` everywhere, a format a command
//! cannot produce is exit 2 naming the ones it can (and nothing is done); each subcommand's
//! `--help` lists its own options before the common ones.
#![allow(clippy::unwrap_used, reason = "test code: a panic is a test failure")]

mod common;

use common::{repo_root, run_in};

fn demo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&repo_root().join("examples/demo"), dir.path());
    dir
}

/// Every subcommand, with the arguments it needs to run on the demo.
const COMMANDS: &[&[&str]] = &[
    &["check"],
    &["explain"],
    &["explain", "ambient"],
    &["graph"],
    &["key", "new", "--id", "fmt", "--out", "fmt-keys"],
    &["waiver", "list"],
    &["waiver", "audit"],
    &["waiver", "sign", "W-0001", "--key", "keys/demo-approver.key"],
    &[
        "waiver",
        "new",
        "--rule",
        "layer",
        "--crate",
        "engine",
        "--expires",
        "2027-01-15",
        "--rationale",
        "r",
        "--risk",
        "r",
        "--owner",
        "o",
    ],
];

#[test]
fn a_format_a_command_cannot_produce_is_refused_before_it_runs() {
    let ws = demo();
    for (command, format, formats) in [
        (&["explain"][..], "sarif", "human, json"),
        (&["key", "new", "--id", "k", "--out", "k"][..], "sarif", "human, json"),
        (&["waiver", "list"][..], "github", "human, json"),
        (&["init"][..], "sarif", "human, json"),
        (&["check"][..], "dot", "human, json, sarif, github"),
        (&["graph"][..], "github", "human, mermaid, dot, json"),
    ] {
        let mut args = vec!["gate"];
        args.extend_from_slice(command);
        args.extend_from_slice(&["--offline", "--format", format]);
        let run = run_in(ws.path(), &args);
        assert_eq!(run.code, 2, "{command:?} --format {format}: {}", run.snapshot());
        assert!(
            run.stderr.contains(&format!("cannot produce --format {format}: its formats are {formats}")),
            "{}",
            run.stderr
        );
        assert!(run.stdout.is_empty(), "never silently human text: {}", run.stdout);
    }
    assert!(!ws.path().join("k").exists(), "a refused `key new` writes no key");
}

#[test]
fn every_command_prints_one_json_document() {
    let ws = demo();
    for command in COMMANDS {
        let mut args = vec!["gate"];
        args.extend_from_slice(command);
        args.extend_from_slice(&["--offline", "--now", "2026-12-01T00:00:00Z", "--format", "json"]);
        let run = run_in(ws.path(), &args);
        assert!(run.code == 0 || run.code == 1, "{command:?}: {}", run.snapshot());
        let doc = run.json();
        assert_eq!(doc["schema"], 1, "{command:?}");
        assert_eq!(doc["tool"]["name"], "cargo-gate");
        let name = command.iter().take_while(|a| !a.starts_with('-') && **a != "W-0001" && **a != "ambient");
        assert_eq!(doc["command"], name.copied().collect::<Vec<_>>().join(" "), "{command:?}");
        assert!(doc["verdict"] == "pass" || doc["verdict"] == "fail", "{command:?}");
    }
    let bare = tempfile::tempdir().unwrap();
    common::write(
        &bare.path().join("Cargo.toml"),
        "[package]\nname = \"bare\"\nversion = \"0.1.0\"\nedition = \"2021\"\n",
    );
    common::write(&bare.path().join("src/lib.rs"), "");
    let run = run_in(bare.path(), &["gate", "init", "--format", "json", "--offline"]);
    assert_eq!(run.code, 0, "{}", run.snapshot());
    assert_eq!(run.json()["init"]["policy"], "policies/gate.toml");
}

/// The subcommands a `--help` text lists (`help` aside).
fn subcommands(help: &str) -> Vec<String> {
    let Some(list) = help.split("Commands:\n").nth(1) else { return Vec::new() };
    list.lines()
        .take_while(|l| l.starts_with("  "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_owned)
        .collect()
}

#[test]
fn each_help_lists_its_own_options_before_the_common_ones() {
    let ws = demo();
    let top = run_in(ws.path(), &["gate", "--help"]).stdout;
    let mut commands: Vec<Vec<String>> = Vec::new();
    for command in subcommands(&top) {
        let help = run_in(ws.path(), &["gate", &command, "--help"]).stdout;
        let nested = subcommands(&help);
        if nested.is_empty() {
            commands.push(vec![command]);
        } else {
            commands.extend(nested.into_iter().map(|sub| vec![command.clone(), sub]));
        }
    }
    assert!(commands.len() >= 15, "{commands:?}");
    for (command, own) in [("check", "--base"), ("init", "--baseline"), ("new", "--expires"), ("explain", "[RULE]")] {
        let help = commands.iter().find(|c| c.last().is_some_and(|l| l == command)).unwrap();
        let mut args = vec!["gate"];
        args.extend(help.iter().map(String::as_str));
        args.push("--help");
        let text = run_in(ws.path(), &args).stdout;
        assert!(text.find(own).unwrap() < text.find("Common options:").unwrap(), "{command}: {own}\n{text}");
    }
    for command in &commands {
        let mut args = vec!["gate"];
        args.extend(command.iter().map(String::as_str));
        args.push("--help");
        let run = run_in(ws.path(), &args);
        assert_eq!(run.code, 0, "{command:?}: {}", run.snapshot());
        let help = &run.stdout;
        let common = help.find("Common options:").unwrap_or_else(|| panic!("{command:?}: no common heading\n{help}"));
        let options = help.find("Options:").unwrap_or_else(|| panic!("{command:?}: no options\n{help}"));
        assert!(options < common, "{command:?}: its own options come first\n{help}");
        for flag in ["--manifest-path", "--format", "--output", "--now"] {
            assert!(help.find(flag).unwrap() > common, "{command:?}: {flag} is a common option\n{help}");
        }
        // Nothing but common options after the heading: every own option is listed before it.
        let own_after: Vec<&str> = help[common..]
            .lines()
            .filter(|l| l.starts_with("  -") || l.starts_with("      --"))
            .filter(|l| !COMMON.iter().any(|c| l.contains(c)))
            .collect();
        assert!(own_after.is_empty(), "{command:?}: own options among the common ones: {own_after:?}");
    }
}

/// The flags of `CommonArgs`.
const COMMON: [&str; 10] = [
    "--manifest-path",
    "--format",
    "--output",
    "--now",
    "--offline",
    "--locked",
    "--frozen",
    "--color",
    "--quiet",
    "--verbose",
];
