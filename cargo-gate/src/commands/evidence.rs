//! `cargo gate evidence record PATH --kind K [--profile ID]` and `cargo gate evidence verify`:
//! notarise a file in the evidence manifest, and check every notarised file.

use gate_core::time::Instant;
use pipelines::evidence::{RecordKind, RecordRequest, Repo};

use super::claims::start;
use crate::cli::{EvidenceRecordArgs, EvidenceVerifyArgs, Format};
use crate::error::AppError;
use crate::exit::Outcome;
use crate::output::emit;
use crate::render;

/// Runs `evidence record`.
///
/// # Errors
/// A bad kind or profile, a path that escapes or does not exist, an invalid manifest, or one
/// that cannot be written.
pub fn record(args: &EvidenceRecordArgs) -> Result<Outcome, AppError> {
    let common = &args.common;
    let kind = RecordKind::parse(&args.kind).ok_or_else(|| {
        let hint = gate_core::config::did_you_mean(&args.kind, RecordKind::ALL.iter().map(|(_, n)| *n))
            .map_or_else(|| format!("kinds: {}", RecordKind::names()), |s| format!("did you mean `{s}`?"));
        AppError::Usage(format!("unknown evidence kind `{}` ({hint})", args.kind))
    })?;
    let repo = Repo::open(&start(common)?)?;
    let request = RecordRequest {
        path: &args.path,
        kind,
        profile: args.profile.as_deref(),
        now: common.now.unwrap_or_else(Instant::now),
    };
    let recorded = pipelines::evidence::record(&repo, &request)?;
    let text = match common.format {
        Format::Json => render::evidence::recorded_json(&recorded),
        _ => render::evidence::recorded_human(&recorded),
    };
    emit(common, &text)?;
    Ok(Outcome::Pass)
}

/// Runs `evidence verify`.
///
/// # Errors
/// The workspace or the manifest cannot be used.
pub fn verify(args: &EvidenceVerifyArgs) -> Result<Outcome, AppError> {
    let common = &args.common;
    let repo = Repo::open(&start(common)?)?;
    let report = pipelines::evidence::verify(&repo)?;
    let text = match common.format {
        Format::Json => render::evidence::verify_json(&report),
        _ => render::evidence::verify_human(&report),
    };
    emit(common, &text)?;
    Ok(if report.passed() { Outcome::Pass } else { Outcome::Fail })
}
