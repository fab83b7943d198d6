//! The stable harness: every seed — the repository's own inputs of that kind (examples, fixtures,
//! this repo's gate files, listed in `SEED_DIRS`) and the synthetic ones in `corpus/<target>/` —
//! and every crash kept in `regressions/<target>/`, plus each seed's prefixes and byte flips,
//! through every target. A fuzz crash, once fixed, is kept as a regression input and replayed here
//! forever. For `cargo fuzz run <target>`, pass the same directories as extra corpora.

use std::path::Path;

/// The repository's own inputs of each kind, as seeds: `(target, directory, file-name suffix)`,
/// directories relative to the repository root. Seeds are read where they live, never copied.
const SEED_DIRS: &[(&str, &str, &str)] = &[
    ("policy", "policies", ".toml"),
    ("policy", "examples/demo/policies", ".toml"),
    ("policy", "examples/release-demo/policies", ".toml"),
    ("waiver", "examples/demo/waivers", ".toml"),
    ("waiver", "examples/release-demo/waivers", ".toml"),
    ("claim", "claims", ".toml"),
    ("claim", "examples/release-demo/claims", ".toml"),
    ("claim", "cargo-gate/tests/fixtures/claims/claims", ".toml"),
    ("markdown", ".", ".md"),
    ("markdown", "examples/release-demo", ".md"),
    ("markdown", "cargo-gate/tests/fixtures/claims/docs", ".md"),
    ("profile", "examples/demo/profiles", ".toml"),
    ("profile", "examples/release-demo/profiles", ".toml"),
    ("junit", "examples/demo/profiles/results", ".xml"),
    ("junit", "cargo-gate/tests/fixtures/profiles/conformance-crate/results", ".xml"),
    ("libtest", "examples/demo/profiles/results", "libtest.json"),
    ("libtest", "cargo-gate/tests/fixtures/profiles/conformance-crate/results", "libtest.json"),
    ("case_report", "examples/demo/profiles/results", "case-report.json"),
    ("source", "cargo-gate/tests/fixtures/source/crates/ambient-cases/src", ".rs"),
    ("source", "cargo-gate/tests/fixtures/source/crates/cx-cases/src", ".rs"),
];

/// The files of `dir` whose names end with `suffix`, in name order.
fn inputs(dir: &Path, suffix: &str) -> Vec<Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.ends_with(suffix)))
        .collect();
    files.sort();
    files.iter().filter_map(|p| std::fs::read(p).ok()).collect()
}

fn variants(seed: &[u8]) -> Vec<Vec<u8>> {
    let mut out = vec![seed.to_vec()];
    // Sixteen prefixes and sixteen places flipped three ways: the fuzzer explores; this replays.
    let step = (seed.len() / 16).max(1);
    for end in (0..seed.len()).step_by(step) {
        out.push(seed[..end].to_vec());
    }
    for i in (0..seed.len()).step_by(step) {
        for byte in [b'"', b'{', 0xff] {
            let mut flipped = seed.to_vec();
            flipped[i] = byte;
            out.push(flipped);
        }
    }
    out
}

#[test]
fn every_corpus_and_regression_input_is_handled() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut ran = 0;
    for (name, target) in gate_fuzz::TARGETS {
        let repo = root.parent().unwrap();
        let mut seeds = inputs(&root.join("corpus").join(name), "");
        for (_, dir, suffix) in SEED_DIRS.iter().filter(|(target, _, _)| target == name) {
            seeds.extend(inputs(&repo.join(dir), suffix));
        }
        assert!(!seeds.is_empty(), "no seed corpus for `{name}`");
        for seed in &seeds {
            for input in variants(seed) {
                target(&input);
                ran += 1;
            }
        }
        for crash in inputs(&root.join("regressions").join(name), "") {
            target(&crash);
            ran += 1;
        }
    }
    println!("{ran} inputs replayed");
}
