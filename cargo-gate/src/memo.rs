//! The warm path of `check` (PRODUCT.md §10: a check on every save must cost less than cargo's
//! own first step): when nothing the last run read has changed, its output is printed again.
//!
//! A run records every input it relies on (`gate_core::fsio::inputs`: policies, waivers, keys,
//! manifests, `Cargo.lock`, cargo's configuration, every source file and every directory it
//! listed, and the absence of what it looked for and did not find). The memo keeps that record
//! with the rendered output, under the same key as the run: this binary (its own stamp), the
//! command line, the working directory, the day rules are judged on, the colour choice and the
//! environment that steers cargo and the gate. The next run with the same key re-stats the
//! inputs — no file is read, `cargo metadata` is not run — and reuses the output only if every
//! stamp matches. A run that saw a file change during it (or within two seconds before it)
//! leaves no memo. The memo is sealed with the per-user cache MAC (§11); anything unsealed,
//! foreign or stale is ignored. `--base` (git history) and `--format github` (which also writes
//! the step summary) are never memoized.

use camino::{Utf8Path, Utf8PathBuf};
use gate_core::fsio::inputs::{self, Inputs};
use serde::{Deserialize, Serialize};

use crate::cli::{CheckArgs, Format};

/// The memo's file name under `<target>/gate/`.
const FILE: &str = "check-output.bin";

/// A memo larger than this is not read.
const LIMIT: u64 = 1 << 30;

/// Environment variables that change what a run reads or prints (beyond the command line).
const ENV_PREFIXES: &[&str] = &["CARGO", "RUSTUP", "RUSTC", "GATE"];
const ENV_NAMES: &[&str] = &["PATH", "HOME", "XDG_CACHE_HOME", "NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "TERM"];

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Key {
    tool: String,
    binary: gate_core::fsio::Stamp,
    cwd: String,
    args: Vec<String>,
    today: String,
    color: bool,
    env: Vec<(String, String)>,
}

/// The head of a memo: what decides whether its output (megabytes, decoded only then) applies.
#[derive(Deserialize)]
struct MemoHead {
    key: Key,
    inputs: Inputs,
}

/// A memo as it is written (the head, then the output): borrowed, so the output is not copied.
#[derive(Serialize)]
struct MemoRef<'a> {
    key: &'a Key,
    inputs: &'a Inputs,
    output: &'a Output,
}

/// What a run printed: the rendered report (for the human format, without its timing line),
/// the summary counts that line shows, and the verdict.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Output {
    pub text: String,
    pub counts: String,
    pub pass: bool,
}

/// The memo of one `check` command line.
pub struct CheckMemo {
    key: Key,
    start: Utf8PathBuf,
}

impl CheckMemo {
    /// The memo for this run, or `None` when such a run is never memoized.
    pub fn for_run(args: &CheckArgs, color: bool, today: gate_core::time::Date) -> Option<Self> {
        if args.base.is_some() || args.common.format == Format::Github {
            return None;
        }
        // The binary's stamp is in the key (a rebuilt cargo-gate never replays an older one's
        // output): a binary written in the last two seconds has none yet, and gets no memo.
        let cwd = Utf8PathBuf::from_path_buf(std::env::current_dir().ok()?).ok()?;
        let start = args.common.manifest_path.as_ref().map_or_else(|| cwd.clone(), |m| cwd.join(m));
        let key = Key {
            tool: format!("{} {}", env!("CARGO_PKG_NAME"), env!("CARGO_PKG_VERSION")),
            binary: gate_core::fsio::Stamp::of_path(&std::env::current_exe().ok()?)?,
            cwd: cwd.to_string(),
            args: std::env::args_os().map(|a| a.to_string_lossy().into_owned()).collect(),
            today: today.to_string(),
            color,
            env: std::env::vars()
                .filter(|(k, _)| ENV_PREFIXES.iter().any(|p| k.starts_with(p)) || ENV_NAMES.contains(&k.as_str()))
                .collect::<std::collections::BTreeMap<_, _>>()
                .into_iter()
                .collect(),
        };
        Some(Self { key, start })
    }

    /// The previous output, if a memo for this key exists and none of its inputs changed.
    pub fn lookup(&self) -> Option<Output> {
        let mac = gate_core::cache_key::CacheKey::load_or_create()?;
        self.candidates().into_iter().find_map(|path| {
            let sealed = gate_core::fsio::read_unrecorded(&path, LIMIT).ok()?;
            let payload = mac.open(&sealed)?;
            let (head, output) = postcard::take_from_bytes::<MemoHead>(payload).ok()?;
            if head.key != self.key || !head.inputs.unchanged() {
                return None;
            }
            postcard::from_bytes(output).ok()
        })
    }

    /// Keeps `output` for the next run, with the inputs this run recorded (none when they are
    /// untrusted). Failing to write only costs time next run.
    pub fn save(&self, target_dir: &Utf8Path, inputs: Option<&Inputs>, output: &Output) {
        let Some(inputs) = inputs else { return };
        let Some(mac) = gate_core::cache_key::CacheKey::load_or_create() else { return };
        let Some(sealed) = mac.seal_value(&MemoRef { key: &self.key, inputs, output }) else { return };
        let dir = target_dir.join("gate");
        if std::fs::create_dir_all(&dir).is_ok() {
            let _ = gate_core::fsio::write_atomic(&dir.join(FILE), &sealed);
        }
    }

    /// Where the memo may be: `$CARGO_TARGET_DIR/gate`, else `target/gate` of the start
    /// directory or of one of its ancestors (the workspace root is not known before cargo
    /// says it; a memo made elsewhere has another key).
    fn candidates(&self) -> Vec<Utf8PathBuf> {
        if let Ok(target) = std::env::var("CARGO_TARGET_DIR") {
            return vec![Utf8PathBuf::from(target).join("gate").join(FILE)];
        }
        let dir = if self.start.extension() == Some("toml") { self.start.parent() } else { Some(self.start.as_path()) };
        dir.into_iter().flat_map(Utf8Path::ancestors).map(|a| a.join("target/gate").join(FILE)).collect()
    }
}

/// Opens a recording of this run's inputs.
pub fn record() {
    inputs::record();
}
