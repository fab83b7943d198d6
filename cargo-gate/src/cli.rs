//! Command-line definitions (clap derive). Parsing only: no work happens here.

use camino::Utf8PathBuf;
use clap::{ArgMatches, Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use gate_core::finding::Level;
use gate_core::policy::LevelSetting;

mod adopt;
mod common;
mod profile;
mod release;

pub use adopt::{Ci, GraphArgs, InitArgs};
pub use common::{ColorChoice, CommonArgs, Format};
pub use profile::{ProfileCommand, ProfileEvalArgs, ProfilePlanArgs, ProfileRunArgs};
pub use release::{PublishArgs, ReleaseArgs, VerifyArgs};

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
    /// Print the documentation of a rule, or list every rule family.
    Explain(ExplainArgs),
    /// Adopt the gate: propose a policy from today's graph, a CI workflow, a baseline of waivers.
    Init(InitArgs),
    /// Draw the workspace's architecture: members by layer, violating edges marked.
    Graph(GraphArgs),
    /// Manage signing keys.
    #[command(subcommand)]
    Key(KeyCommand),
    /// Create, sign, list and audit waivers.
    #[command(subcommand)]
    Waiver(WaiverCommand),
    /// Check that every claim in the docs is backed by recorded, intact, fresh evidence.
    Claims(ClaimsArgs),
    /// Record evidence in the manifest, and verify the recorded files.
    #[command(subcommand)]
    Evidence(EvidenceCommand),
    /// Evaluate conformance results against a profile; plan and run an implementation's adapter.
    #[command(subcommand)]
    Profile(ProfileCommand),
    /// Check, evaluate, compile and package; when everything holds, write signed attestations.
    Release(ReleaseArgs),
    /// Verify an attestation: signatures, role, subjects, verdict and policy bundle.
    Verify(VerifyArgs),
    /// Run `cargo publish` only for `.crate` files a valid attestation covers.
    Publish(PublishArgs),
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
    /// Key id, as it will appear in the policy and in signatures.
    #[arg(long)]
    pub id: String,
    /// Directory to write `<id>.key` (secret, mode 0600), `<id>.pub` and `<id>.pub.pem` into.
    #[arg(long, value_name = "DIR")]
    pub out: Utf8PathBuf,
    /// Roles for the printed `[[key]]` entry (waiver-approver, release-signer, evidence-recorder).
    #[arg(long = "role", value_name = "ROLE", default_values_t = ["waiver-approver".to_owned()])]
    pub roles: Vec<String>,
    /// Expiry of the key (YYYY-MM-DD), written into the `[[key]]` entry: signatures by an expired
    /// key are rejected.
    #[arg(long, value_name = "DATE")]
    pub expires: Option<String>,
    /// Common options.
    #[command(flatten)]
    pub common: CommonArgs,
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
    /// Fn path glob (source rules); repeat it for a list of fns.
    #[arg(long, value_name = "GLOB")]
    pub item: Vec<String>,
    /// Expiry date (YYYY-MM-DD), at most `[waivers] max_days` (default 90) after today.
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
    /// Common options.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// `cargo gate waiver sign`.
#[derive(Debug, Args)]
pub struct WaiverSignArgs {
    /// The waiver id (`W-0007`).
    pub waiver: String,
    /// The approver's secret key file (from `cargo gate key new`).
    #[arg(long, value_name = "KEYFILE")]
    pub key: Utf8PathBuf,
    /// Record the signature under this key id (default: the policy key with this public key).
    #[arg(long, value_name = "ID")]
    pub key_id: Option<String>,
    /// Common options.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// `cargo gate waiver list` and `audit`.
#[derive(Debug, Args)]
pub struct WaiverListArgs {
    /// Common options.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// `cargo gate claims`.
#[derive(Debug, Args)]
pub struct ClaimsArgs {
    /// Scan only these Markdown files (and compile the claims they reference; `orphan` is not
    /// reported); default: the `[claims] scan` files.
    #[arg(value_name = "FILE")]
    pub files: Vec<Utf8PathBuf>,
    /// Print a claim's requirements and, for each unmet one, the command that would produce it.
    #[arg(long, value_name = "ID", conflicts_with = "files")]
    pub explain: Option<String>,
    /// Common options.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// `cargo gate evidence …`.
#[derive(Debug, Subcommand)]
pub enum EvidenceCommand {
    /// Record a file in evidence/manifest.toml: sha256, size, time, git commit and dirty flag.
    Record(EvidenceRecordArgs),
    /// Check every recorded file against its digest (exit 1 listing every mismatch).
    Verify(EvidenceVerifyArgs),
}

/// `cargo gate evidence record`.
#[derive(Debug, Args)]
pub struct EvidenceRecordArgs {
    /// The file, relative to the workspace root (never absolute, never through `..`).
    #[arg(value_name = "PATH")]
    pub path: String,
    /// What it is: file, results (needs --profile), benchmark, attestation.
    #[arg(long, value_name = "KIND")]
    pub kind: String,
    /// The profile whose results these are (with `--kind results`).
    #[arg(long, value_name = "ID")]
    pub profile: Option<String>,
    /// Common options.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// `cargo gate evidence verify`.
#[derive(Debug, Args)]
pub struct EvidenceVerifyArgs {
    /// Common options.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// `cargo gate check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
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
    /// Report only findings on lines added or changed since the merge-base of HEAD and REV (a
    /// branch, tag or commit); waiver problems are always reported.
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,
    /// The -A/-W/-D flags in command-line order (filled after parsing).
    #[arg(skip)]
    pub level_flags: Vec<LevelSetting>,
    /// Common options.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// `cargo gate explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// A rule id (`layer`, `forbid/engine-internals`, …); lists the rules when omitted.
    pub rule: Option<String>,
    /// Common options.
    #[command(flatten)]
    pub common: CommonArgs,
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

    #[test]
    fn profile_results_take_several_files_and_timeouts_are_positive() {
        let cli = parse(args("cargo-gate gate profile eval --profile p --results a.xml b.json --results c.json"));
        let Ok(Cli { command: Command::Profile(ProfileCommand::Eval(eval)) }) = cli else { panic!("parse failed") };
        assert_eq!(eval.results, ["a.xml", "b.json", "c.json"]);
        let run = "cargo-gate profile run --profile p --capabilities c.json --adapter x --timeout";
        let Ok(Cli { command: Command::Profile(ProfileCommand::Run(ok)) }) = parse(args(&format!("{run} 1.5"))) else {
            panic!("parse failed")
        };
        assert_eq!(ok.timeout, std::time::Duration::from_millis(1500));
        assert!(parse(args(&format!("{run} 0"))).is_err());
        assert!(parse(args(&format!("{run} soon"))).is_err());
    }
}
