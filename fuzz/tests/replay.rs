//! The stable harness: every seed in `corpus/<target>/` and every crash kept in
//! `regressions/<target>/`, plus each seed's prefixes and byte flips, through every target. A
//! fuzz crash, once fixed, is kept as a regression input and replayed here forever.

use std::path::Path;

fn inputs(dir: &Path) -> Vec<Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_file()).collect();
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
        let seeds = inputs(&root.join("corpus").join(name));
        assert!(!seeds.is_empty(), "no seed corpus for `{name}`");
        for seed in &seeds {
            for input in variants(seed) {
                target(&input);
                ran += 1;
            }
        }
        for crash in inputs(&root.join("regressions").join(name)) {
            target(&crash);
            ran += 1;
        }
    }
    println!("{ran} inputs replayed");
}
