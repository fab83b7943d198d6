//! Arguments of the adoption commands: `cargo gate init` and `cargo gate graph`.

use camino::Utf8PathBuf;
use clap::{Args, ValueEnum};

use super::CommonArgs;

/// `cargo gate init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// Also write a CI workflow (`github`: `.github/workflows/gate.yml` at the repository root).
    #[arg(long, value_enum, value_name = "CI")]
    pub ci: Option<Ci>,
    /// Turn today's unwaived findings into waivers: one per rule, crate and file, scoped to the
    /// fns (or dependencies) that hold findings today.
    #[arg(long)]
    pub baseline: bool,
    /// With --baseline: sign each waiver with this secret key (a `waiver-approver` of the policy).
    #[arg(long, value_name = "KEYFILE", requires = "baseline")]
    pub key: Option<Utf8PathBuf>,
    /// With --baseline: who owns the waivers [default: unowned].
    #[arg(long, value_name = "NAME", requires = "baseline")]
    pub owner: Option<String>,
    /// With --baseline: when the waivers expire (YYYY-MM-DD) [default: today + `[waivers] max_days`].
    #[arg(long, value_name = "DATE", requires = "baseline")]
    pub expires: Option<String>,
    /// Common options.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// The CI systems `init --ci` writes a workflow for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Ci {
    /// GitHub Actions.
    Github,
}

/// `cargo gate graph`.
#[derive(Debug, Args)]
pub struct GraphArgs {
    /// Common options (`--format mermaid|dot|json`; `human` is Mermaid).
    #[command(flatten)]
    pub common: CommonArgs,
}
