//! Shared helpers for the binary tests: run `cargo-gate` in a pinned environment and capture
//! exit code, stdout and stderr together for snapshots.
#![allow(dead_code, clippy::unwrap_used, clippy::missing_panics_doc)]

pub mod git;
pub mod sarif;
pub mod waivers;

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// A checked-in fixture directory.
pub fn fixture_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// A copy of a fixture in a temporary directory (cargo may write `Cargo.lock` into it).
pub fn fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture_path(name), dir.path());
    dir
}

/// Copies a directory tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            if entry.file_name() != "target" {
                copy_dir(&entry.path(), &target);
            }
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The binary with a pinned environment: no color, no backtraces, no GitHub variables.
pub fn gate() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cargo-gate"));
    cmd.env("NO_COLOR", "1")
        .env("CARGO_TERM_COLOR", "never")
        .env("RUST_BACKTRACE", "0")
        .env_remove("GITHUB_STEP_SUMMARY")
        .env_remove("RUSTUP_TOOLCHAIN");
    cmd
}

/// What a run produced.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// `exit: N`, stdout and stderr in one text, with timings and the version filtered.
    pub fn snapshot(&self) -> String {
        let text = format!("exit: {}\n--- stdout\n{}--- stderr\n{}", self.code, self.stdout, self.stderr);
        filter(&text)
    }

    /// The stdout as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

/// Replaces what varies between runs and machines.
pub fn filter(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let line = match line.rfind(") in ") {
            Some(i) if line.starts_with("cargo-gate: ") && line.ends_with(" s") => {
                format!("{}) in [TIME] s", &line[..i])
            }
            _ => line.to_owned(),
        };
        out.push_str(&line.replace(env!("CARGO_PKG_VERSION"), "[VERSION]"));
        out.push('\n');
    }
    out
}

/// Runs the binary with `args` in `dir`.
pub fn run_in(dir: &Path, args: &[&str]) -> Run {
    let output = gate().current_dir(dir).args(args).output().unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).replace(&dir.display().to_string(), "[ROOT]"),
        stderr: String::from_utf8_lossy(&output.stderr).replace(&dir.display().to_string(), "[ROOT]"),
    }
}

/// Writes a file, creating its directory.
pub fn write(path: &Path, text: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// A one-package workspace with a library, in a temp dir.
pub fn tiny_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("Cargo.toml"),
        "[package]\nname = \"tiny\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[workspace]\n",
    );
    write(&dir.path().join("src/lib.rs"), "pub fn tiny() {}\n");
    dir
}

/// Every rule family that fires on the demo workspace.
pub const DEMO_RULES: [&str; 7] = ["layer", "forbid", "independent", "protect", "substrate", "cx-first", "ambient"];

/// `flag` (`-A`, `-W`, `-D`) before each rule, then `extra`.
pub fn levels<'a>(flag: &'a str, rules: &[&'a str], extra: &[&'a str]) -> Vec<&'a str> {
    rules.iter().flat_map(|r| [flag, *r]).chain(extra.iter().copied()).collect()
}
