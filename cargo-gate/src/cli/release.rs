//! Arguments of the release half: `release`, `verify`, `publish`.

use camino::Utf8PathBuf;
use clap::Args;

use super::CommonArgs;

/// `cargo gate release`.
#[derive(Debug, Args)]
pub struct ReleaseArgs {
    /// The release key: the secret half (PKCS#8 PEM) of the policy's `[release] key`.
    #[arg(long, value_name = "KEYFILE")]
    pub key: Option<Utf8PathBuf>,
    /// Where to write `<name>-<version>.intoto.jsonl` and `.sigstore.json` (default
    /// `target/gate/release`).
    #[arg(long, value_name = "DIR")]
    pub out: Option<Utf8PathBuf>,
    /// Evaluate everything and show what would be attested; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Accept uncommitted changes; the attestation records that it did.
    #[arg(long)]
    pub allow_dirty: bool,
    /// Release only these members (default: every publishable member).
    #[arg(short = 'p', long = "package", value_name = "CRATE")]
    pub packages: Vec<String>,
    /// Take the `.crate` files already in `target/package/` instead of running `cargo package`.
    #[arg(long)]
    pub no_package: bool,
    /// Common options.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// `cargo gate verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The attestation (`<name>-<version>.intoto.jsonl`).
    #[arg(value_name = "FILE")]
    pub file: Utf8PathBuf,
    /// A `.crate` file that must be a subject (repeatable).
    #[arg(long = "crate", value_name = "PATH")]
    pub crates: Vec<Utf8PathBuf>,
    /// Trust this public key (SPKI PEM or `ed25519:<base64>`) instead of the policy's
    /// `release-signer` keys.
    #[arg(long, value_name = "PUBKEY")]
    pub key: Option<Utf8PathBuf>,
    /// Do not require the policy bundle to match the current tree.
    #[arg(long)]
    pub any_policy: bool,
    /// Common options.
    #[command(flatten)]
    pub common: CommonArgs,
}

/// `cargo gate publish`.
#[derive(Debug, Args)]
pub struct PublishArgs {
    /// Publish only this member (default: every publishable member).
    #[arg(short = 'p', long = "package", value_name = "CRATE")]
    pub packages: Vec<String>,
    /// The release directory holding the attestations (default `target/gate/release`).
    #[arg(long, value_name = "DIR")]
    pub release_dir: Option<Utf8PathBuf>,
    /// Verify against this public key instead of the policy's `release-signer` keys.
    #[arg(long, value_name = "PUBKEY")]
    pub key: Option<Utf8PathBuf>,
    /// Pass `--allow-dirty` to `cargo package` when re-packaging.
    #[arg(long)]
    pub allow_dirty: bool,
    /// Common options.
    #[command(flatten)]
    pub common: CommonArgs,
    /// Arguments passed to `cargo publish` unchanged (after `--`).
    #[arg(last = true, value_name = "ARGS")]
    pub cargo_args: Vec<String>,
}
