//! Command-line definitions (clap derive). Parsing only: no work happens here.

use camino::Utf8PathBuf;
use clap::{ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use gate_core::finding::Level;
use gate_core::policy::LevelSetting;
use gate_core::time::Instant;

/// Engineering policy and release gates for Rust workspaces.
#[derive(Debug, Parser)]
#[command(name = "cargo-gate", bin_name = "cargo gate", version, propagate_version = true)]
pub struct Cli {
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the workspace against its policy: dependency direction, substrates, waivers.
    Check(CheckArgs),
    /// Print the documentation of a rule.
    Explain(ExplainArgs),
    /// Manage signing keys.
    #[command(subcommand)]
    Key(KeyCommand),
    /// Create, sign, list and audit waivers.
    #[command(subcommand)]
    Waiver(WaiverCommand),
}

/// `cargo gate key …`.
#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Write a new ed25519 key pair and print its `[[key]]` entry for the policy.
    New(KeyNewArgs),
}

/// `cargo gate key new`.
#[derive(Debug, Args)]
pub struct KeyNewArgs {
    /// Common options.
    #[command(flatten)]
    pub common: CommonArgs,
    /// Key id, as it will appear in the policy and in signatures.
    #[arg(long)]
    pub id: String,
    /// Directory to write `<id>.key` (secret, mode 0600), `<id>.pub` and `<id>.pub.pem` into.
    #[arg(long, value_name = "DIR")]
    pub out: Utf8PathBuf,
    /// Roles for the printed `[[key]]` entry (waiver-approver, release-signer, evidence-recorder).
    #[arg(long = "role", value_name = "ROLE", default_values_t = ["waiver-approver".to_owned()])]
    pub roles: Vec<String>,
}

/// `cargo gate waiver …`.
#[derive(Debug, Subcommand)]
pub enum WaiverCommand {
    /// Write a new, unsigned waiver with the next free id.
    New(WaiverNewArgs),
    /// Sign a waiver: append a `[[signature]]`, keeping the file's comments and layout.
    Sign(WaiverSignArgs),
    /// List every waiver: scope, owner, signers, expiry, status, findings covered.
    List(WaiverListArgs),
    /// List waivers with a reviewer's questions, broadest scopes first (exit 1 if any is invalid).
    Audit(WaiverListArgs),
}

/// `cargo gate waiver new`.
#[derive(Debug, Args)]
pub struct WaiverNewArgs {
    /// Common options.
    #[command(flatten)]
    pub common: CommonArgs,
    /// The rule id or prefix (`ambient/*`) to waive.
    #[arg(long)]
    pub rule: String,
    /// Crate glob the waiver is scoped to.
    #[arg(long = "crate", value_name = "GLOB")]
    pub krate: Option<String>,
    /// Path glob the waiver is scoped to (source rules).
    #[arg(long, value_name = "GLOB")]
    pub path: Option<String>,
    /// The offending dependency (graph rules).
    #[arg(long, value_name = "GLOB")]
    pub dependency: Option<String>,
    /// Fn path glob (source rules).
    #[arg(long, value_name = "GLOB")]
    pub item: Option<String>,
    /// Expiry date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub expires: String,
    /// Why the exception is needed.
    #[arg(long)]
    pub rationale: String,
    /// What risk it carries.
    #[arg(long)]
    pub risk: String,
    /// Who owns it.
    #[arg(long)]
    pub owner: String,
    /// Use this id instead of the next free `W-NNNN`.
    #[arg(long)]
    pub id: Option<String>,
}

/// `cargo gate waiver sign`.
#[derive(Debug, Args)]
pub struct WaiverSignArgs {
    /// Common options.
    #[command(flatten)]
    pub common: CommonArgs,
    /// The waiver id (`W-0007`).
    pub waiver: String,
    /// The approver's secret key file (from `cargo gate key new`).
    #[arg(long, value_name = "KEYFILE")]
    pub key: Utf8PathBuf,
    /// Record the signature under this key id (default: the policy key with this public key).
    #[arg(long, value_name = "ID")]
    pub key_id: Option<String>,
}

/// `cargo gate waiver list` and `audit`.
#[derive(Debug, Args)]
pub struct WaiverListArgs {
    /// Common options.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// Options every command takes.
#[derive(Debug, Args, Clone)]
#[expect(clippy::struct_excessive_bools, reason = "each is a command-line flag")]
pub struct CommonArgs {
    /// Path to the workspace's Cargo.toml.
    #[arg(long, value_name = "PATH", global = true)]
    pub manifest_path: Option<Utf8PathBuf>,
    /// Output format.
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

/// `cargo gate check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Common options.
    #[command(flatten)]
    pub common: CommonArgs,
    /// Warnings fail the gate.
    #[arg(long)]
    pub strict: bool,
    /// Check only these members.
    #[arg(short, long = "package", value_name = "SPEC")]
    pub packages: Vec<String>,
    /// Allow a rule or prefix (`ambient/*`).
    #[arg(short = 'A', long = "allow", value_name = "RULE")]
    pub allow: Vec<String>,
    /// Warn on a rule or prefix.
    #[arg(short = 'W', long = "warn", value_name = "RULE")]
    pub warn: Vec<String>,
    /// Deny a rule or prefix.
    #[arg(short = 'D', long = "deny", value_name = "RULE")]
    pub deny: Vec<String>,
    /// The -A/-W/-D flags in command-line order (filled after parsing).
    #[arg(skip)]
    pub level_flags: Vec<LevelSetting>,
}

/// `cargo gate explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Common options.
    #[command(flatten)]
    pub common: CommonArgs,
    /// A rule id (`layer`, `forbid/engine-internals`, …); lists the rules when omitted.
    pub rule: Option<String>,
}

fn parse_now(text: &str) -> Result<Instant, String> {
    Instant::parse_rfc3339(text)
        .ok_or_else(|| format!("`{text}` is not an RFC 3339 timestamp like 2026-12-01T00:00:00Z"))
}

/// Parses the arguments. Accepts both `cargo-gate gate check …` (how cargo runs a subcommand)
/// and `cargo-gate check …`.
///
/// # Errors
/// Clap's error (usage, `--help`, `--version`), to be printed and mapped to an exit code.
pub fn parse(mut args: Vec<std::ffi::OsString>) -> Result<Cli, clap::Error> {
    if args.get(1).is_some_and(|a| a == "gate") {
        args.remove(1);
    }
    let matches = Cli::command().try_get_matches_from(args)?;
    let mut cli = Cli::from_arg_matches(&matches)?;
    if let (Command::Check(check), Some(("check", sub))) = (&mut cli.command, matches.subcommand()) {
        check.level_flags = ordered_level_flags(sub);
    }
    Ok(cli)
}

/// `-A x -D y -W z` in the order given: clap keeps one list per flag, the order is in the indices.
fn ordered_level_flags(matches: &ArgMatches) -> Vec<LevelSetting> {
    let mut flags = Vec::new();
    for (id, level) in [("allow", Level::Allow), ("warn", Level::Warn), ("deny", Level::Deny)] {
        let (Some(values), Some(indices)) = (matches.get_many::<String>(id), matches.indices_of(id)) else {
            continue;
        };
        flags.extend(values.zip(indices).map(|(v, i)| (i, LevelSetting { pattern: v.clone(), level })));
    }
    flags.sort_by_key(|(i, _)| *i);
    flags.into_iter().map(|(_, s)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<std::ffi::OsString> {
        s.split_whitespace().map(Into::into).collect()
    }

    #[test]
    fn cargo_style_and_direct_invocation() {
        assert!(matches!(parse(args("cargo-gate gate check")).map(|c| c.command), Ok(Command::Check(_))));
        assert!(
            matches!(parse(args("cargo-gate check --strict")).map(|c| c.command), Ok(Command::Check(c)) if c.strict)
        );
    }

    #[test]
    fn level_flags_keep_their_order() {
        let Ok(Cli { command: Command::Check(check) }) =
            parse(args("cargo-gate check -D ambient/* -A ambient/time -W layer"))
        else {
            panic!("parse failed")
        };
        let order: Vec<_> = check.level_flags.iter().map(|s| (s.pattern.as_str(), s.level)).collect();
        assert_eq!(order, [("ambient/*", Level::Deny), ("ambient/time", Level::Allow), ("layer", Level::Warn)]);
    }

    #[test]
    fn bad_now_is_a_usage_error() {
        assert!(parse(args("cargo-gate check --now yesterday")).is_err());
    }
}
