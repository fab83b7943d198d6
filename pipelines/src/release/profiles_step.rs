//! Step 2 of the release gate: every profile of `[release] profiles`, evaluated from the `results`
//! recorded for it in the evidence manifest (each one intact), must be `pass`.

use gate_core::time::Instant;

use super::gaps::Gap;
use super::statement::InputFile;
use crate::evidence::{confine, Entry, Manifest, Repo};
use crate::profiles::{evaluate, read_result_file, Capabilities, ConformanceReport, Overall, Profile};

/// A profile as the release saw it.
#[derive(Clone, Debug)]
pub struct ProfileOutcome {
    /// The profile id.
    pub id: String,
    /// Its version.
    pub version: String,
    /// The overall verdict.
    pub overall: Overall,
    /// sha256 of the `ConformanceReport` JSON.
    pub digest: String,
    /// The recorded results it was evaluated from.
    pub inputs: Vec<InputFile>,
}

/// Evaluates `profile` from its recorded results: the outcome, or why it could not pass.
pub fn evaluate_recorded(
    repo: &Repo,
    manifest: &Manifest,
    profile: &Profile,
    now: Instant,
) -> Result<ProfileOutcome, Vec<Gap>> {
    let id = &profile.id;
    let record = format!("cargo gate evidence record <results file> --kind results --profile {id}");
    let entries = manifest.results_for(id);
    if entries.is_empty() {
        let what = format!("profile `{id}`: no results are recorded for it in {}", manifest.file);
        return Err(vec![Gap::new("profile", what, record)]);
    }
    let mut files = Vec::new();
    let mut gaps = Vec::new();
    for entry in &entries {
        match read_recorded(repo, entry) {
            Ok(file) => files.push(file),
            Err(why) => gaps.push(Gap::new("profile", format!("profile `{id}`: {why}"), record.clone())),
        }
    }
    if !gaps.is_empty() {
        return Err(gaps);
    }
    let report = evaluate(profile, &files, &Capabilities::default(), now).map_err(|e| {
        vec![Gap::new("profile", format!("profile `{id}`: the results cannot be evaluated: {e}"), record.clone())]
    })?;
    if report.overall != Overall::Pass {
        return Err(vec![Gap::new(
            "profile",
            failing(id, &report),
            format!("fix the failing cases, re-run the suite and {record}"),
        )]);
    }
    let inputs = entries.iter().map(|e| InputFile { path: e.path.to_string(), sha256: e.sha256.clone() }).collect();
    let json = serde_json::to_vec(&report).unwrap_or_default();
    Ok(ProfileOutcome {
        id: id.clone(),
        version: profile.version.clone(),
        overall: report.overall,
        digest: gate_core::text::sha256_hex(&json),
        inputs,
    })
}

/// The recorded file, read and checked against its digest.
fn read_recorded(repo: &Repo, entry: &Entry) -> Result<crate::profiles::ResultFile, String> {
    let path = &entry.path;
    let confined = confine(repo, path.as_str()).map_err(|e| format!("`{path}` is refused: {e}"))?;
    if !confined.exists {
        return Err(format!("the recorded results `{path}` are gone"));
    }
    let file = read_result_file(&confined.abs, path)
        .map_err(|e| format!("`{path}` is not a usable result file: {}", e.message))?;
    if file.sha256 != entry.sha256 {
        return Err(format!("`{path}` changed after it was recorded (tampered)"));
    }
    Ok(file)
}

fn failing(id: &str, report: &ConformanceReport) -> String {
    let gates: Vec<String> = report
        .gates
        .iter()
        .filter(|g| g.verdict.as_str() != "pass")
        .map(|g| format!("{} ({})", g.id, g.verdict.as_str()))
        .collect();
    format!("profile `{id}` is {}, not pass: {}", report.overall.as_str(), gates.join(", "))
}
