//! `cargo xtask bench --only syn`: what bounds a cold `check` — syn's own rate on this machine,
//! on the generated workspace of the first size (every `.rs` file, read into memory first, then
//! tokenized with proc-macro2 and parsed with `syn::parse_file` on one core; the lower of two
//! runs each), in lines per second per core.

use std::path::Path;
use std::time::Instant;

use serde_json::{json, Value};

use crate::generate;

/// Measures syn on the workspace of `crates` crates in `scratch` (generated if missing).
pub fn run(scratch: &Path, crates: usize) -> Result<Value, String> {
    let dir = scratch.join(format!("ws-{crates}x2000"));
    if !dir.join("Cargo.toml").exists() {
        generate::workspace(&dir, crates, 2000).map_err(|e| e.to_string())?;
    }
    let mut files = Vec::new();
    crate::bench::rust_files(&dir.join("crates"), &mut files);
    let texts: Vec<String> = files.iter().filter_map(|p| std::fs::read_to_string(p).ok()).collect();
    let lines: usize = texts.iter().map(|t| t.lines().count()).sum();
    let best = |f: &dyn Fn(&str) -> bool| -> Result<f64, String> {
        let mut secs = f64::MAX;
        for _ in 0..2 {
            let started = Instant::now();
            if !texts.iter().all(|t| f(t)) {
                return Err("a generated file does not parse".to_owned());
            }
            secs = secs.min(started.elapsed().as_secs_f64());
        }
        Ok(secs)
    };
    let tokenize = best(&|t| t.parse::<proc_macro2::TokenStream>().is_ok())?;
    let parse = best(&|t| syn::parse_file(t).is_ok())?;
    let lines_f = f64::from(u32::try_from(lines).unwrap_or(u32::MAX));
    let rate = |secs: f64| (lines_f / secs).round();
    let row = json!({
        "crates": crates,
        "files": texts.len(),
        "lines": lines,
        "tokenize_ms": (tokenize * 1000.0).round(),
        "parse_file_ms": (parse * 1000.0).round(),
        "tokenize_lines_per_sec_per_core": rate(tokenize),
        "parse_file_lines_per_sec_per_core": rate(parse),
    });
    eprintln!("{row}");
    Ok(row)
}
