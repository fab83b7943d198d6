//! The bad-input corpus (PRODUCT.md §11): every input kind the gate reads — policy, waiver, claim,
//! profile, result file, evidence manifest, member manifest, Rust source, key file, Markdown
//! document, attestation — in every bad shape: syntax errors, wrong types, missing fields, huge
//! values, 10 MB files, deep nesting, invalid UTF-8, a BOM, CRLF, symlink loops and escapes,
//! FIFOs, empty files, directories where files belong. Each goes through the binary, which must
//! answer with the documented exit code, name the file, never panic (101) or abort (134), and
//! answer quickly.
#![allow(clippy::unwrap_used, reason = "test code: a panic is a test failure")]

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::{gate, write};

/// A workspace whose policy turns every reader on: source rules, claims, a release key.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        &root.join("Cargo.toml"),
        "[package]\nname = \"tiny\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[workspace]\n",
    );
    write(&root.join("src/lib.rs"), "mod m;\npub fn tiny() {}\n");
    write(&root.join("src/m.rs"), "pub fn m() {}\n");
    let policy = "[gate]\nschema = 1\n\n[ambient]\npaths = [\"src/**\"]\n\n[claims]\nscan = [\"README.md\"]\n\n\
                  [[key]]\nid = \"k\"\npublic = \"ed25519:sOTg6P9ApDG4Iwl/bdgRH4sausF2Uwk267r6t5/+m+w=\"\n\
                  roles = [\"waiver-approver\", \"release-signer\"]\n";
    write(&root.join("policies/gate.toml"), policy);
    write(&root.join("README.md"), "# tiny\n\nA tiny crate.\n");
    write(&root.join("profiles/p.toml"), "id = \"p\"\nversion = \"1\"\nsuite = \"s\"\n\n[[gate]]\nid = \"g\"\ncases = [\"c.*\"]\n\n[[case]]\nid = \"c.one\"\nstatus = \"mandatory\"\n");
    dir
}

/// Where a kind of input lives, and the command that reads it.
struct Kind {
    name: &'static str,
    file: &'static str,
    args: &'static [&'static str],
    /// The exit code for a file that cannot be used: 2, or 1 where the gate reports it as a
    /// finding (a broken waiver, an unparsable source, an attestation that does not verify).
    code: i32,
    valid: &'static str,
}

const KINDS: &[Kind] = &[
    Kind { name: "policy", file: "policies/gate.toml", args: &["check"], code: 2, valid: "[gate]\nschema = 1\n" },
    Kind { name: "waiver", file: "waivers/W-0001.toml", args: &["check"], code: 1, valid: "id = \"W-0001\"\n" },
    Kind { name: "claim", file: "claims/c.toml", args: &["claims"], code: 2, valid: "id = \"c\"\ntext = \"t\"\n" },
    Kind {
        name: "profile",
        file: "profiles/p.toml",
        args: &["profile", "eval", "--profile", "p", "--results", "r.json"],
        code: 2,
        valid: "id = \"p\"\n",
    },
    Kind {
        name: "results",
        file: "r.json",
        args: &["profile", "eval", "--profile", "p", "--results", "r.json"],
        code: 2,
        valid: "{\"type\": \"test\"}\n",
    },
    Kind {
        name: "manifest",
        file: "evidence/manifest.toml",
        args: &["evidence", "verify"],
        code: 2,
        valid: "[[evidence]]\npath = \"x\"\n",
    },
    Kind {
        name: "member-manifest",
        file: "Cargo.toml",
        args: &["check"],
        code: 2,
        valid: "[package]\nname = \"tiny\"\n",
    },
    Kind { name: "source", file: "src/m.rs", args: &["check"], code: 1, valid: "pub fn m() {}\n" },
    Kind {
        name: "keyfile",
        file: "k.key",
        args: &["waiver", "sign", "W-0001", "--key", "k.key"],
        code: 2,
        valid: "-----BEGIN PRIVATE KEY-----\n",
    },
    Kind { name: "markdown", file: "README.md", args: &["claims"], code: 2, valid: "# tiny\n" },
    Kind {
        name: "attestation",
        file: "a.intoto.jsonl",
        args: &["verify", "a.intoto.jsonl", "--any-policy"],
        code: 1,
        valid: "{}\n",
    },
];

/// One bad shape of a file.
enum Shape {
    Bytes(Vec<u8>),
    LinkToDevice,
    Fifo,
    LinkLoop,
    LinkOutside,
    Directory,
}

fn shapes(kind: &Kind) -> Vec<(&'static str, Shape)> {
    let deep_toml = format!("x = {}1{}\n", "[".repeat(20_000), "]".repeat(20_000));
    let deep_json = format!("{}1{}", "[".repeat(20_000), "]".repeat(20_000));
    let deep_rust = format!("pub fn m() -> {}u8 {{ 0 }}\n", "&'static ".repeat(20_000));
    let deep_md = format!("{}deep\n", "> ".repeat(20_000));
    let deep = match kind.name {
        "results" | "attestation" => deep_json,
        "source" => deep_rust,
        "markdown" => deep_md,
        _ => deep_toml,
    };
    let ten_mb = "# padding\n".repeat(1 << 20).into_bytes();
    let source_only = kind.name == "source";
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(kind.valid.as_bytes());
    vec![
        ("syntax", Shape::Bytes(b"[[[ this = is not \" valid".to_vec())),
        ("wrong-type", Shape::Bytes(b"id = 7\nschema = \"one\"\nname = []\n".to_vec())),
        ("missing-fields", Shape::Bytes(kind.valid.as_bytes().to_vec())),
        ("huge-value", Shape::Bytes(format!("id = \"{}\"\n", "x".repeat(2 << 20)).into_bytes())),
        ("ten-mb", Shape::Bytes(ten_mb)),
        ("deep", Shape::Bytes(deep.into_bytes())),
        ("invalid-utf8", Shape::Bytes(b"id = \"\xff\xfe\"\n".to_vec())),
        ("bom", Shape::Bytes(bom)),
        ("crlf", Shape::Bytes(kind.valid.replace('\n', "\r\n").into_bytes())),
        ("empty", Shape::Bytes(Vec::new())),
        ("fifo", Shape::Fifo),
        ("link-to-device", Shape::LinkToDevice),
        ("link-loop", Shape::LinkLoop),
        ("link-outside", Shape::LinkOutside),
        ("directory", Shape::Directory),
    ]
    .into_iter()
    .chain(source_only.then(deep_sources).into_iter().flatten())
    .collect()
}

/// The other ways Rust nests without brackets, 20,000 (or 100,000) deep.
fn deep_sources() -> Vec<(&'static str, Shape)> {
    let src = |body: String| Shape::Bytes(format!("pub fn m() {{ let _ = {body}; }}\n").into_bytes());
    vec![
        ("deep-closures", src(format!("{}0", "|| ".repeat(20_000)))),
        ("deep-fn-pointers", Shape::Bytes(format!("pub type T = {}u8;\n", "fn() -> ".repeat(20_000)).into_bytes())),
        ("deep-negation", src(format!("{}1", "-".repeat(100_000)))),
        ("deep-references", src(format!("{}1", "&".repeat(100_000)))),
    ]
}

fn place(root: &Path, file: &str, shape: &Shape, outside: &Path) {
    let path = root.join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let _ = std::fs::remove_file(&path);
    match shape {
        Shape::Bytes(bytes) => std::fs::write(&path, bytes).unwrap(),
        Shape::LinkToDevice => std::os::unix::fs::symlink("/dev/zero", &path).unwrap(),
        Shape::Fifo => assert!(std::process::Command::new("mkfifo").arg(&path).status().unwrap().success()),
        Shape::LinkLoop => {
            let other = path.with_extension("loop");
            std::os::unix::fs::symlink(&other, &path).unwrap();
            std::os::unix::fs::symlink(&path, &other).unwrap();
        }
        Shape::LinkOutside => std::os::unix::fs::symlink(outside, &path).unwrap(),
        Shape::Directory => std::fs::create_dir_all(&path).unwrap(),
    }
}

/// What a shape of a kind must give: documented code, or (for the harmless shapes) any verdict.
fn expected(kind: &Kind, shape: &str) -> Option<i32> {
    // A BOM, CRLF or a field-less but well-formed file may be usable; an empty Rust file is
    // still a module; any text is Markdown; an empty evidence manifest records nothing.
    let free = matches!(shape, "bom" | "crlf" | "missing-fields")
        || matches!(
            (kind.name, shape),
            ("source" | "manifest", "empty") | ("markdown", "empty" | "syntax" | "wrong-type" | "huge-value")
        );
    if free {
        return None;
    }
    match (kind.name, shape) {
        // A large attestation is read and fails to verify, line by line.
        ("attestation", "ten-mb") => Some(1),
        // An attestation that cannot be read at all is unusable input.
        ("attestation", "fifo" | "link-loop" | "directory" | "link-to-device") => Some(2),
        // A waiver or a source that is not usable is a finding (`waiver/invalid`, `parse`): exit 1.
        _ => Some(kind.code),
    }
}

/// Runs the binary, killing it after 30 s (a hang fails the case instead of the whole run).
fn run_bounded(root: &Path, args: &[&str]) -> (i32, String) {
    let out_file = root.join(".gate-output");
    let file = std::fs::File::create(&out_file).unwrap();
    let mut child = gate().current_dir(root).args(args).stdout(file.try_clone().unwrap()).stderr(file).spawn().unwrap();
    let started = Instant::now();
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code().unwrap_or(-1);
        }
        if started.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            let _ = child.wait();
            break -2;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    (code, std::fs::read_to_string(&out_file).unwrap_or_default())
}

#[cfg(unix)]
#[test]
fn every_bad_input_of_every_kind_is_refused_by_name_quickly_and_without_a_crash() {
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.toml");
    std::fs::write(&secret, "[gate]\nschema = 1\n").unwrap();
    let mut failures = Vec::new();
    let mut ran = 0;
    for kind in KINDS {
        for (shape_name, shape) in shapes(kind) {
            let ws = workspace();
            let root = ws.path();
            if kind.name == "keyfile" || kind.name == "waiver" {
                write(&root.join("waivers/W-0001.toml"), "id = \"W-0001\"\nrule = \"ambient/net\"\ncrate = \"tiny\"\nrationale = \"r\"\nrisk = \"r\"\nowner = \"o\"\ncreated = 2026-11-01\nexpires = 2026-12-01\n");
            }
            if kind.name == "profile" {
                write(&root.join("r.json"), "{\"type\": \"test\", \"event\": \"ok\", \"name\": \"c.one\"}\n");
            }
            place(root, kind.file, &shape, &secret);
            let started = Instant::now();
            let mut args = vec!["gate"];
            args.extend_from_slice(kind.args);
            args.extend_from_slice(&["--offline", "--now", "2026-11-15T00:00:00Z"]);
            let (code, text) = run_bounded(root, &args);
            let elapsed = started.elapsed();
            let case = format!("{}/{shape_name}", kind.name);
            ran += 1;
            if code == -2 {
                failures.push(format!("{case}: hung (killed after 30 s)"));
            } else if ![0, 1, 2].contains(&code) {
                failures.push(format!("{case}: exit {code} (a crash)\n{text}"));
            } else if elapsed > Duration::from_secs(20) {
                failures.push(format!("{case}: took {elapsed:?}"));
            } else if let Some(want) = expected(kind, shape_name) {
                let name = Path::new(kind.file).file_name().unwrap().to_str().unwrap();
                if code != want {
                    failures.push(format!("{case}: exit {code}, expected {want}\n{text}"));
                } else if !text.contains(name) {
                    failures.push(format!("{case}: the output does not name {name}\n{text}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} of {ran} cases failed:\n\n{}", failures.len(), failures.join("\n\n"));
}
