//! `cargo gate release`, `verify` and `publish`: call the release pipelines, render, pick the exit
//! code (1 when anything is missing, fails or does not verify).

use pipelines::release::{PackageOptions, PublishRequest, ReleaseOptions, VerifyRequest};

use crate::cli::{CommonArgs, PublishArgs, ReleaseArgs, VerifyArgs};
use crate::error::AppError;
use crate::exit::Outcome;
use crate::output::emit;
use crate::render;

fn cargo_flags(common: &CommonArgs) -> Vec<String> {
    [(common.offline, "--offline"), (common.locked, "--locked"), (common.frozen, "--frozen")]
        .into_iter()
        .filter(|(on, _)| *on)
        .map(|(_, flag)| flag.to_owned())
        .collect()
}

fn outcome(passed: bool) -> Outcome {
    if passed {
        Outcome::Pass
    } else {
        Outcome::Fail
    }
}

/// Runs `release`.
///
/// # Errors
/// The workspace, the policy's `[release]`, the key or an output file cannot be used.
pub fn release(args: &ReleaseArgs) -> Result<Outcome, AppError> {
    let loaded = super::load_with(&args.common, true)?;
    let options = ReleaseOptions {
        out_dir: args.out.clone(),
        key: args.key.clone(),
        dry_run: args.dry_run,
        allow_dirty: args.allow_dirty,
        now: args.common.now.unwrap_or_else(gate_core::time::Instant::now),
        package: PackageOptions {
            packages: args.packages.clone(),
            existing: args.no_package,
            allow_dirty: true,
            cargo_flags: cargo_flags(&args.common),
        },
    };
    let report = pipelines::release::release(&loaded, &options)?;
    emit(&args.common, &render::release::release(&report, args.common.format))?;
    Ok(outcome(report.passed))
}

/// Runs `verify`.
///
/// # Errors
/// The attestation, a `.crate`, the key or the workspace cannot be read.
pub fn verify(args: &VerifyArgs) -> Result<Outcome, AppError> {
    // A consumer with a public key and no interest in the policy needs no workspace.
    let loaded = if args.key.is_some() && args.any_policy { None } else { Some(super::load_with(&args.common, true)?) };
    let request = VerifyRequest { crates: args.crates.clone(), key: args.key.clone(), any_policy: args.any_policy };
    let report = pipelines::release::verify(&args.file, loaded.as_ref(), &request, super::today(&args.common))?;
    emit(&args.common, &render::release::verify(&args.file, &report, args.common.format))?;
    Ok(outcome(report.passed()))
}

/// Runs `publish`.
///
/// # Errors
/// The workspace, packaging or the keys cannot be used.
pub fn publish(args: &PublishArgs) -> Result<Outcome, AppError> {
    let loaded = super::load_with(&args.common, true)?;
    let request = PublishRequest {
        packages: args.packages.clone(),
        release_dir: args.release_dir.clone(),
        key: args.key.clone(),
        package: PackageOptions {
            packages: args.packages.clone(),
            existing: false,
            allow_dirty: args.allow_dirty,
            cargo_flags: cargo_flags(&args.common),
        },
        cargo_args: args.cargo_args.clone(),
    };
    let report = pipelines::release::publish(&loaded, &request, super::today(&args.common))?;
    emit(&args.common, &render::release::publish(&report, args.common.format))?;
    Ok(outcome(report.refused.is_empty() && report.cargo_exit == Some(0)))
}
