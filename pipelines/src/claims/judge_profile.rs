//! `profile` evidence: the profile engine evaluates the profile from the `results` recorded for
//! it in the manifest (every one intact), as the release gate does; the overall verdict must be
//! `pass` (or `partial` with `require = "partial"`). No capabilities are recorded, so optional
//! cases count as not claimed.

use gate_core::config::ConfigError;

use super::compile::{evidence_file, stale, tampered_reason, Context, Judged};
use super::model::{Claim, ProfileRequire};
use super::requirement::Status;
use crate::evidence::confine;
use crate::profiles::{evaluate, find_profile, load_profiles, read_result_file, Capabilities, GateVerdict, Overall};
use crate::Error;

/// Judges a `profile` requirement written at `line` of the claim's file.
///
/// # Errors
/// The workspace's profiles are invalid, or none has the id.
pub(super) fn judge(
    cx: &Context<'_>,
    claim: &Claim,
    line: usize,
    id: &str,
    require: ProfileRequire,
) -> Result<Judged, Error> {
    let profiles = match cx.profiles.get() {
        Some(loaded) => loaded,
        None => {
            let loaded = load_profiles(&cx.repo.root, &cx.repo.profiles)?;
            cx.profiles.get_or_init(|| loaded)
        }
    };
    let profile = find_profile(profiles, id, &cx.repo.profiles)
        .map_err(|e| Error::Config(vec![ConfigError::at_line(claim.file.clone(), line, e.to_string())]))?;
    let entries = cx.manifest.results_for(id);
    if entries.is_empty() {
        let reason = format!("no results are recorded for profile `{id}` in {}", cx.manifest.file);
        return Ok(Judged::new(Status::Missing, reason));
    }
    let evidence = entries.iter().map(|e| evidence_file(e)).collect::<Vec<_>>();
    let with = |status, reason: String| Judged { status, reason, evidence: evidence.clone() };
    let mut files = Vec::new();
    for entry in &entries {
        let path = &entry.path;
        let confined = match confine(cx.repo, path.as_str()) {
            Ok(c) => c,
            Err(e) => return Ok(with(Status::Failing, format!("`{path}` is refused: {e}"))),
        };
        if !confined.exists {
            let reason = format!("results `{path}` recorded for profile `{id}` are gone");
            return Ok(with(Status::Missing, reason));
        }
        match read_result_file(&confined.abs, path) {
            Ok(file) if file.sha256 != entry.sha256 => {
                return Ok(with(Status::Tampered, tampered_reason(path, &file.sha256, entry)));
            }
            Ok(file) => files.push(file),
            Err(e) => return Ok(with(Status::Failing, format!("`{path}` is not a usable result file: {}", e.message))),
        }
    }
    let report = match evaluate(profile, &files, &Capabilities::default(), cx.now) {
        Ok(report) => report,
        Err(e) => return Ok(with(Status::Failing, format!("profile `{id}` cannot be evaluated: {e}"))),
    };
    let failed: Vec<&str> =
        report.gates.iter().filter(|g| g.verdict == GateVerdict::Fail).map(|g| g.id.as_str()).collect();
    let overall = report.overall;
    let accepted = overall == Overall::Pass || (overall == Overall::Partial && require == ProfileRequire::Partial);
    if !accepted {
        let detail = match overall {
            Overall::Skipped => "no case ran: it proves nothing".to_owned(),
            _ if failed.is_empty() => String::new(),
            _ => format!("failing gates: {}", failed.join(", ")),
        };
        let reason = format!("profile `{id}` evaluates to `{}`; {detail}", overall.as_str());
        return Ok(with(Status::Failing, reason.trim_end_matches("; ").to_owned()));
    }
    if let Some(reason) = entries.iter().find_map(|e| stale(claim, e, cx.now)) {
        return Ok(with(Status::Stale, reason));
    }
    let reason = format!(
        "profile `{id}` {} evaluates to `{}` from {} result file(s)",
        profile.version,
        overall.as_str(),
        files.len()
    );
    Ok(with(Status::Satisfied, reason))
}
