//! Evaluation exactly as PRODUCT.md §6 says. Per case: the worst of its results counts; a
//! `mandatory` case must pass (fail, error, skip and no result — `not-run` — all fail its
//! gates); an `optional` case must pass when all its capabilities are claimed and is
//! `not-applicable` otherwise; `experimental` and `deprecated` cases are reported and never
//! change a verdict. Per gate: `fail` if a counting case did not pass, `pass` if all passed,
//! `skipped` if none counts. Overall: `skipped` when no case ran, else `fail` when a required
//! gate failed, `partial` when another did, `pass` otherwise.

use std::collections::{BTreeMap, BTreeSet};

use gate_core::time::Instant;

use super::capabilities::Capabilities;
use super::model::{Case, Classification, Profile, Status};
use super::report::{
    CaseCounts, CaseOutcome, CaseState, CaseVerdict, ConformanceReport, FailingCase, GateReport, GateVerdict,
    InputDigest, Overall, ProfileRef, Summary, Tool, Verdict,
};
use super::resolve::{resolve, Matched};
use super::results::{Outcome, ResultFile};
use crate::Error;

/// Evaluates `results` against `profile` with the `capabilities` claimed, stamped `now`.
///
/// # Errors
/// A case report for another suite line, or a result name matching cases in two binaries.
pub fn evaluate(
    profile: &Profile,
    results: &[ResultFile],
    capabilities: &Capabilities,
    now: Instant,
) -> Result<ConformanceReport, Error> {
    let resolved = resolve(profile, results)?;
    let gates_by_case = profile.gates_by_case();
    let cases: Vec<CaseVerdict> = profile
        .cases
        .iter()
        .map(|case| {
            let gates = gates_by_case.get(case.id.as_str()).cloned().unwrap_or_default();
            judge_case(case, gates, resolved.by_case.get(&case.id), capabilities)
        })
        .collect();
    let gates: Vec<GateReport> = profile
        .gates
        .iter()
        .map(|gate| {
            let members: Vec<&CaseVerdict> = cases.iter().filter(|c| c.gates.contains(&gate.id)).collect();
            let failing = failing_cases(&members);
            let verdict = if !failing.is_empty() {
                GateVerdict::Fail
            } else if members.iter().any(|c| c.state == CaseState::Pass) {
                GateVerdict::Pass
            } else {
                GateVerdict::Skipped
            };
            GateReport {
                id: gate.id.clone(),
                title: gate.title.clone(),
                required: gate.required,
                verdict,
                cases: gate.cases.clone(),
                failures_by_classification: by_classification(&failing),
                failing,
                counts: counts(&members),
            }
        })
        .collect();
    let ran = resolved.by_case.values().flatten().any(|m| m.outcome != Outcome::Skip);
    let overall = overall(ran, &gates);
    let all_failing: Vec<FailingCase> = gates.iter().flat_map(|g| g.failing.iter().cloned()).collect();
    let summary = Summary {
        gates: gates.len(),
        gates_passed: gates.iter().filter(|g| g.verdict == GateVerdict::Pass).count(),
        gates_failed: gates.iter().filter(|g| g.verdict == GateVerdict::Fail).count(),
        gates_skipped: gates.iter().filter(|g| g.verdict == GateVerdict::Skipped).count(),
        cases: counts(&cases.iter().collect::<Vec<_>>()),
        results: resolved.results,
        unknown_results: resolved.unknown,
    };
    Ok(ConformanceReport {
        schema: 1,
        tool: Tool { name: "cargo-gate".to_owned(), version: env!("CARGO_PKG_VERSION").to_owned() },
        command: "profile eval".to_owned(),
        verdict: if matches!(overall, Overall::Pass | Overall::Partial) { Verdict::Pass } else { Verdict::Fail },
        generated_at: now.to_rfc3339(),
        profile: ProfileRef { id: profile.id.clone(), version: profile.version.clone(), file: profile.file.clone() },
        suite: profile.suite.clone(),
        implementation: implementation_of(results),
        capabilities: capabilities.claimed.iter().cloned().collect(),
        inputs: inputs(profile, results, capabilities),
        overall,
        gates,
        cases,
        failures_by_classification: by_classification(&all_failing),
        warnings: resolved.warnings,
        summary,
    })
}

fn judge_case(case: &Case, gates: Vec<String>, matched: Option<&Vec<Matched>>, caps: &Capabilities) -> CaseVerdict {
    let results: &[Matched] = matched.map_or(&[], Vec::as_slice);
    // The worst result counts; among equals, the first read.
    let worst = results.iter().reduce(|worst, m| if m.outcome > worst.outcome { m } else { worst });
    let outcome = CaseOutcome::from(worst.map(|m| m.outcome));
    let classification = worst
        .and_then(|m| m.classification)
        .or_else(|| results.iter().find_map(|m| m.classification))
        .unwrap_or_else(|| case.default_classification());
    let counts = match case.status {
        Status::Mandatory => true,
        Status::Optional => caps.claims_all(&case.requires),
        Status::Experimental | Status::Deprecated => false,
    };
    let state = match (case.status, counts, outcome) {
        (Status::Experimental | Status::Deprecated, _, _) => CaseState::NotCounted,
        (_, false, _) => CaseState::NotApplicable,
        (_, true, CaseOutcome::Pass) => CaseState::Pass,
        (_, true, _) => CaseState::Fail,
    };
    let mut evidence: BTreeSet<String> = results.iter().flat_map(|m| m.evidence.iter().cloned()).collect();
    evidence.extend(results.iter().map(|m| m.file.to_string()));
    CaseVerdict {
        case: case.id.clone(),
        status: case.status,
        layer: case.layer.clone(),
        requires: case.requires.clone(),
        gates,
        outcome,
        state,
        classification,
        evidence: evidence.into_iter().collect(),
    }
}

fn failing_cases(members: &[&CaseVerdict]) -> Vec<FailingCase> {
    let mut failing: Vec<FailingCase> = members
        .iter()
        .filter(|c| c.state == CaseState::Fail)
        .map(|c| FailingCase {
            classification: c.classification,
            case: c.case.clone(),
            outcome: c.outcome,
            status: c.status,
            evidence: c.evidence.clone(),
        })
        .collect();
    failing.sort();
    failing
}

fn by_classification(failing: &[FailingCase]) -> BTreeMap<Classification, Vec<String>> {
    let mut groups: BTreeMap<Classification, BTreeSet<String>> = BTreeMap::new();
    for f in failing {
        groups.entry(f.classification).or_default().insert(f.case.clone());
    }
    groups.into_iter().map(|(k, v)| (k, v.into_iter().collect())).collect()
}

fn counts(cases: &[&CaseVerdict]) -> CaseCounts {
    let of = |state: CaseState| cases.iter().filter(|c| c.state == state).count();
    CaseCounts {
        cases: cases.len(),
        passed: of(CaseState::Pass),
        failed: of(CaseState::Fail),
        not_run: cases.iter().filter(|c| c.state == CaseState::Fail && c.outcome == CaseOutcome::NotRun).count(),
        not_applicable: of(CaseState::NotApplicable),
        not_counted: of(CaseState::NotCounted),
    }
}

fn overall(ran: bool, gates: &[GateReport]) -> Overall {
    if !ran {
        Overall::Skipped
    } else if gates.iter().any(|g| g.required && g.verdict == GateVerdict::Fail) {
        Overall::Fail
    } else if gates.iter().any(|g| g.verdict == GateVerdict::Fail) {
        Overall::Partial
    } else {
        Overall::Pass
    }
}

/// The implementation the case reports name, when they all name the same one.
fn implementation_of(results: &[ResultFile]) -> Option<String> {
    let names: BTreeSet<&str> = results.iter().filter_map(|r| r.implementation.as_deref()).collect();
    match names.len() {
        1 => names.into_iter().next().map(str::to_owned),
        _ => None,
    }
}

fn inputs(profile: &Profile, results: &[ResultFile], capabilities: &Capabilities) -> Vec<InputDigest> {
    let mut inputs = vec![InputDigest {
        role: "profile".to_owned(),
        path: profile.file.clone(),
        format: None,
        sha256: profile.sha256.clone(),
    }];
    if let Some((path, sha256)) = &capabilities.source {
        inputs.push(InputDigest {
            role: "capabilities".to_owned(),
            path: path.clone(),
            format: None,
            sha256: sha256.clone(),
        });
    }
    let mut files: Vec<InputDigest> = results
        .iter()
        .map(|r| InputDigest {
            role: "results".to_owned(),
            path: r.name.clone(),
            format: Some(r.format.as_str().to_owned()),
            sha256: r.sha256.clone(),
        })
        .collect();
    files.sort();
    files.dedup();
    inputs.extend(files);
    inputs
}
