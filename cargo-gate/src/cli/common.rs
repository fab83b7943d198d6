//! Options every command takes, and the output formats.

use camino::Utf8PathBuf;
use clap::{Args, ValueEnum};
use gate_core::time::Instant;

/// Options every command takes (listed after each command's own options).
#[derive(Debug, Args, Clone)]
#[command(next_help_heading = "Common options")]
#[expect(clippy::struct_excessive_bools, reason = "each is a command-line flag")]
pub struct CommonArgs {
    /// Path to the workspace's Cargo.toml.
    #[arg(long, value_name = "PATH", global = true)]
    pub manifest_path: Option<Utf8PathBuf>,
    /// Output format (each command names the ones it can produce; `mermaid` and `dot` are `graph`'s).
    #[arg(long, value_enum, default_value_t = Format::Human, global = true)]
    pub format: Format,
    /// Write the output to FILE (atomically) instead of stdout.
    #[arg(long, value_name = "FILE", global = true)]
    pub output: Option<Utf8PathBuf>,
    /// Evaluate time-dependent rules as of this instant (RFC 3339), for reproducible output.
    #[arg(long, value_name = "RFC3339", value_parser = parse_now, global = true)]
    pub now: Option<Instant>,
    /// Run cargo without network access.
    #[arg(long, global = true)]
    pub offline: bool,
    /// Require Cargo.lock to be up to date.
    #[arg(long, global = true)]
    pub locked: bool,
    /// Require Cargo.lock and cache to be up to date (offline).
    #[arg(long, global = true)]
    pub frozen: bool,
    /// Coloring.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN", global = true)]
    pub color: ColorChoice,
    /// Print less (only errors and the summary).
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more (e.g. crates in no layer).
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Diagnostics for people.
    Human,
    /// One JSON document.
    Json,
    /// SARIF 2.1.0 (GitHub code scanning).
    Sarif,
    /// GitHub Actions workflow commands.
    Github,
    /// A Mermaid flowchart (`graph`).
    Mermaid,
    /// A Graphviz DOT graph (`graph`).
    Dot,
}

impl Format {
    /// The name `--format` takes.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Human => "human",
            Self::Json => "json",
            Self::Sarif => "sarif",
            Self::Github => "github",
            Self::Mermaid => "mermaid",
            Self::Dot => "dot",
        }
    }
}

/// When to color.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When stdout is a terminal and `NO_COLOR` is unset.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

fn parse_now(text: &str) -> Result<Instant, String> {
    Instant::parse_rfc3339(text)
        .ok_or_else(|| format!("`{text}` is not an RFC 3339 timestamp like 2026-12-01T00:00:00Z"))
}
