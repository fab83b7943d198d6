//! Arguments of `cargo gate profile eval | plan | run`.

use camino::Utf8PathBuf;
use clap::{Args, Subcommand};

use super::CommonArgs;

/// `cargo gate profile …`.
#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// Evaluate result files (JUnit XML, libtest JSON, case reports) against a profile.
    Eval(ProfileEvalArgs),
    /// Write the execution plan an implementation's adapter runs.
    Plan(ProfilePlanArgs),
    /// Write the plan, run the adapter on it, and evaluate the case-result report it writes.
    Run(ProfileRunArgs),
}

/// `cargo gate profile eval`.
#[derive(Debug, Args)]
pub struct ProfileEvalArgs {
    /// The profile id (its `id` in `profiles/*.toml`).
    #[arg(long, value_name = "ID")]
    pub profile: String,
    /// Result files: JUnit XML, libtest JSON lines or case-result reports (format told by content).
    #[arg(long, value_name = "FILE", num_args = 1.., action = clap::ArgAction::Append)]
    pub results: Vec<Utf8PathBuf>,
    /// The capabilities the implementation claims: JSON `{"capabilities": [...]}`.
    #[arg(long, value_name = "FILE")]
    pub capabilities: Option<Utf8PathBuf>,
    /// Common options.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// `cargo gate profile plan`.
#[derive(Debug, Args)]
pub struct ProfilePlanArgs {
    /// The profile id.
    #[arg(long, value_name = "ID")]
    pub profile: String,
    /// The capabilities the implementation claims: JSON `{"capabilities": [...]}`.
    #[arg(long, value_name = "FILE")]
    pub capabilities: Utf8PathBuf,
    /// The implementation under test.
    #[arg(long, value_name = "NAME")]
    pub implementation: String,
    /// Directory for the plan, the adapter's report and evidence (default: target/gate/profiles/<ID>).
    #[arg(long, value_name = "DIR")]
    pub out: Option<Utf8PathBuf>,
    /// Common options.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// `cargo gate profile run`.
#[derive(Debug, Args)]
pub struct ProfileRunArgs {
    /// The profile id.
    #[arg(long, value_name = "ID")]
    pub profile: String,
    /// The capabilities the implementation claims: JSON `{"capabilities": [...]}`.
    #[arg(long, value_name = "FILE")]
    pub capabilities: Utf8PathBuf,
    /// The adapter command; the plan's path is appended as its last argument.
    #[arg(long, value_name = "CMD")]
    pub adapter: String,
    /// Seconds the adapter may run before it is killed.
    #[arg(long, value_name = "SECS", default_value = "600", value_parser = parse_timeout)]
    pub timeout: std::time::Duration,
    /// The implementation under test (default: the capabilities file's `implementation`, else the
    /// workspace directory's name).
    #[arg(long, value_name = "NAME")]
    pub implementation: Option<String>,
    /// Directory for the plan, the adapter's report, logs and evidence (default: target/gate/profiles/<ID>).
    #[arg(long, value_name = "DIR")]
    pub out: Option<Utf8PathBuf>,
    /// Common options.
    #[command(flatten)]
    pub common: CommonArgs,
}

fn parse_timeout(text: &str) -> Result<std::time::Duration, String> {
    text.parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s > 0.0 && *s <= 31_536_000.0)
        .map(std::time::Duration::from_secs_f64)
        .ok_or_else(|| format!("`{text}` is not a number of seconds above 0"))
}
