//! Conformance profiles (PRODUCT.md §6 and §6.1): the question a release pipeline asks before
//! publishing, "does this implementation conform to the profile it claims?". A profile is a case
//! catalogue with status classes, grouped into gates; results come in as JUnit XML, libtest JSON
//! or the adapter contract's case-result report; the answer is a [`ConformanceReport`] with a
//! verdict per gate, failures grouped by classification, and the digest of every input.
//!
//! `eval` evaluates result files; `plan` writes the execution plan an adapter runs; `run` writes
//! the plan, runs the adapter and evaluates its report. Claims and the release gate call
//! [`load_profiles`], [`find_profile`], [`read_result_file`] and [`evaluate`] directly.

mod adapter;
mod capabilities;
mod evaluate;
#[cfg(test)]
mod evaluate_tests;
mod input;
mod load;
#[cfg(test)]
mod load_tests;
mod model;
mod plan;
mod report;
mod resolve;
pub mod results;

use std::time::Duration;

use camino::Utf8PathBuf;
use gate_core::text::sha256_hex;
use gate_core::time::Instant;
use lints::workspace::Workspace;

pub use adapter::{check_report, run_adapter};
pub use capabilities::{read_capabilities, Capabilities};
pub use evaluate::evaluate;
pub use input::{GATE_FILE_LIMIT, RESULT_FILE_LIMIT};
pub use load::{find_profile, load_profiles, parse_profile};
pub use model::{Case, Classification, Gate, Profile, Status};
pub use plan::{build_plan, write_plan, Plan, PlannedCase, PLAN_FILE, REPORT_FILE};
pub use report::{
    CaseCounts, CaseOutcome, CaseState, CaseVerdict, ConformanceReport, FailingCase, GateReport, GateVerdict,
    InputDigest, Overall, Verdict, Warning,
};
pub use results::{parse_result_bytes, read_result_file, Outcome, ResultFile, ResultFormat};

use crate::Error;

/// `profile eval`: which profile, which results, which capabilities, and when.
#[derive(Clone, Debug)]
pub struct EvalOptions {
    /// The profile id.
    pub profile: String,
    /// Result files, as named on the command line.
    pub results: Vec<Utf8PathBuf>,
    /// The capabilities file, if any (none: nothing is claimed).
    pub capabilities: Option<Utf8PathBuf>,
    /// The report's timestamp.
    pub now: Instant,
}

/// Evaluates result files against a profile of the workspace.
///
/// # Errors
/// An invalid profile, an unknown profile id, an unreadable or malformed input, a case report
/// for another suite line, or an ambiguous result name.
pub fn eval(ws: &Workspace, options: &EvalOptions) -> Result<ConformanceReport, Error> {
    let profiles = load_profiles(&ws.root, &ws.layout.profiles)?;
    let profile = find_profile(&profiles, &options.profile, &ws.layout.profiles)?;
    let capabilities = match &options.capabilities {
        Some(path) => read_capabilities(path, path)?,
        None => Capabilities::default(),
    };
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in &options.results {
        match read_result_file(path, path) {
            Ok(file) => files.push(file),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(Error::Config(errors));
    }
    evaluate(profile, &files, &capabilities, options.now)
}

/// `profile plan` and the planning half of `profile run`.
#[derive(Clone, Debug)]
pub struct PlanOptions {
    /// The profile id.
    pub profile: String,
    /// The capabilities file.
    pub capabilities: Utf8PathBuf,
    /// The implementation; default: the capabilities file's `implementation`, else the name of
    /// the workspace directory.
    pub implementation: Option<String>,
    /// The output directory (absolute); default `<target>/gate/profiles/<profile id>`.
    pub output_dir: Option<Utf8PathBuf>,
}

/// A plan written to disk.
#[derive(Clone, Debug)]
pub struct WrittenPlan {
    /// The plan.
    pub plan: Plan,
    /// Where it was written.
    pub file: Utf8PathBuf,
    /// Its SHA-256.
    pub sha256: String,
    /// The capabilities it was made from.
    pub capabilities: Capabilities,
}

/// Writes the execution plan for an implementation.
///
/// # Errors
/// An invalid or unknown profile, an unreadable capabilities file, a bad implementation name,
/// or a plan that cannot be written.
pub fn plan(ws: &Workspace, options: &PlanOptions) -> Result<WrittenPlan, Error> {
    let profiles = load_profiles(&ws.root, &ws.layout.profiles)?;
    let profile = find_profile(&profiles, &options.profile, &ws.layout.profiles)?;
    plan_for(ws, profile, options)
}

fn plan_for(ws: &Workspace, profile: &Profile, options: &PlanOptions) -> Result<WrittenPlan, Error> {
    let capabilities = read_capabilities(&options.capabilities, &options.capabilities)?;
    let implementation = options
        .implementation
        .clone()
        .or_else(|| capabilities.implementation.clone())
        .or_else(|| ws.root.file_name().map(str::to_owned))
        .unwrap_or_else(|| "implementation".to_owned());
    if implementation.trim().is_empty() {
        return Err(Error::Usage("--implementation is empty".to_owned()));
    }
    let output_dir = options.output_dir.clone().unwrap_or_else(|| default_output_dir(ws, &profile.id));
    let plan = build_plan(profile, &capabilities, &implementation, &output_dir);
    let (file, bytes) = write_plan(&plan)?;
    Ok(WrittenPlan { plan, file, sha256: sha256_hex(&bytes), capabilities })
}

/// Where plans, adapter logs and case reports go unless `--out` says otherwise.
#[must_use]
pub fn default_output_dir(ws: &Workspace, profile: &str) -> Utf8PathBuf {
    ws.target_dir.join("gate").join("profiles").join(profile)
}

/// `profile run`: a plan, an adapter command and its timeout.
#[derive(Clone, Debug)]
pub struct RunOptions {
    /// What to plan.
    pub plan: PlanOptions,
    /// The adapter command; the plan's path is appended as its last argument.
    pub adapter: String,
    /// How long the adapter may run before it is killed.
    pub timeout: Duration,
    /// The report's timestamp.
    pub now: Instant,
}

/// Writes the plan, runs the adapter on it, checks its case-result report and evaluates it.
///
/// # Errors
/// As [`plan`] and [`run_adapter`], and as [`evaluate`].
pub fn run(ws: &Workspace, options: &RunOptions) -> Result<ConformanceReport, Error> {
    let profiles = load_profiles(&ws.root, &ws.layout.profiles)?;
    let profile = find_profile(&profiles, &options.plan.profile, &ws.layout.profiles)?;
    let written = plan_for(ws, profile, &options.plan)?;
    let report_file = run_adapter(&written.plan, &written.file, &options.adapter, options.timeout)?;
    let mut report = evaluate(profile, std::slice::from_ref(&report_file), &written.capabilities, options.now)?;
    "profile run".clone_into(&mut report.command);
    report.implementation = Some(written.plan.implementation.clone());
    let plan_input = InputDigest { role: "plan".to_owned(), path: written.file, format: None, sha256: written.sha256 };
    let at = report.inputs.iter().position(|i| i.role == "results").unwrap_or(report.inputs.len());
    report.inputs.insert(at, plan_input);
    Ok(report)
}
