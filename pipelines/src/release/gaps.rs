//! What stands between the tree and a release: every missing or failing requirement, each with
//! the command that would produce it, collected over all steps so one run lists them all.

use gate_core::finding::{Finding, Severity};
use serde::Serialize;

use crate::check::CheckReport;
use crate::claims::ClaimsReport;

/// One missing or failing requirement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Gap {
    /// The step of PRODUCT.md §8: `check`, `profile`, `claims`, `package`, `tree`.
    pub step: &'static str,
    /// What is missing or failing.
    pub what: String,
    /// The command that would fix or produce it.
    pub remedy: String,
}

impl Gap {
    /// A gap of `step`.
    pub(crate) fn new(step: &'static str, what: impl Into<String>, remedy: impl Into<String>) -> Self {
        Self { step, what: what.into(), remedy: remedy.into() }
    }
}

/// Every unwaived error of `check`, with what to run about it.
#[must_use]
pub fn check_gaps(report: &CheckReport) -> Vec<Gap> {
    report
        .findings
        .iter()
        .filter(|f| f.waived_by.is_none() && f.severity == Severity::Error)
        .map(|f| Gap::new("check", located(f), check_remedy(f)))
        .collect()
}

fn located(f: &Finding) -> String {
    format!("{} at {}:{}: {}", f.rule, f.location.file, f.location.start.line, f.message)
}

fn check_remedy(f: &Finding) -> String {
    let id = f.item.as_deref().unwrap_or("<id>");
    match f.rule.as_str() {
        "waiver/unsigned" | "waiver/insufficient-signatures" | "waiver/bad-signature" | "waiver/untrusted-key"
        | "waiver/wrong-role" | "waiver/key-expired" => {
            format!("cargo gate waiver sign {id} --key <approver keyfile>")
        }
        "waiver/expired" | "waiver/too-long" | "waiver/not-yet-valid" => format!(
            "fix the finding {id} covers, or renew it: edit `expires` in {} and `cargo gate waiver sign {id} --key <approver keyfile>`",
            f.location.file
        ),
        rule if rule.starts_with("waiver/") => format!("fix {} (see `cargo gate explain {rule}`)", f.location.file),
        rule => {
            let krate = f.krate.as_deref().unwrap_or("<crate>");
            format!(
                "fix it, or record an exception: cargo gate waiver new --rule {rule} --crate {krate} --path {} …",
                f.location.file
            )
        }
    }
}

/// Every error of the claims scan, and every unmet requirement of the claims in scope.
#[must_use]
pub fn claims_gaps(report: &ClaimsReport, in_scope: &dyn Fn(&str) -> bool) -> Vec<Gap> {
    let findings =
        report.findings.iter().filter(|f| f.severity == Severity::Error && f.rule != "claims/unsupported").map(|f| {
            Gap::new(
                "claims",
                located(f),
                "reference a registered claim (`<!-- claim: id -->`), register one in claims/, or rephrase",
            )
        });
    let requirements = report.claims.iter().filter(|c| in_scope(&c.id)).flat_map(|claim| {
        claim.unmet().into_iter().map(move |r| {
            let target = r.path.as_ref().map_or_else(|| r.profile.clone().unwrap_or_default(), ToString::to_string);
            let what =
                format!("claim `{}`: {} {target} is {} ({})", claim.id, r.kind.name(), r.status.as_str(), r.reason);
            let remedy = r.command.clone().unwrap_or_else(|| format!("cargo gate claims --explain {}", claim.id));
            Gap::new("claims", what, remedy)
        })
    });
    findings.chain(requirements).collect()
}
