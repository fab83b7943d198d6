//! `cargo gate init [--ci github] [--baseline [--key K] [--owner O] [--expires D]]`: adopt the
//! gate on a workspace; say what was written and what to do next.

use std::fmt::Write as _;

use gate_core::time::Date;
use pipelines::init::{BaselineOptions, InitOptions, InitReport};
use serde_json::json;

use crate::cli::{Ci, InitArgs};
use crate::error::AppError;
use crate::exit::Outcome;
use crate::output::emit;
use crate::render::json::message_or_json;

/// Runs `init`.
///
/// # Errors
/// A file it would write exists (nothing is written), an unusable baseline option, or a file
/// that cannot be written.
pub fn run(args: &InitArgs) -> Result<Outcome, AppError> {
    let expires = args
        .expires
        .as_deref()
        .map(|d| Date::parse(d).ok_or_else(|| AppError::Usage(format!("--expires `{d}` is not a date (YYYY-MM-DD)"))))
        .transpose()?;
    let options = InitOptions {
        ci_github: args.ci == Some(Ci::Github),
        baseline: args.baseline.then(|| BaselineOptions { key: args.key.clone(), owner: args.owner.clone(), expires }),
    };
    let loaded = super::load(&args.common)?;
    let report = pipelines::init::init(loaded, &options, super::today(&args.common))?;
    let fields = serde_json::to_value(&report).unwrap_or(serde_json::Value::Null);
    emit(&args.common, &message_or_json(args.common.format, "init", human(&report), json!({ "init": fields })))?;
    Ok(Outcome::Pass)
}

fn human(report: &InitReport) -> String {
    let mut out = String::new();
    if let Some(file) = &report.policy {
        let _ = writeln!(
            out,
            "wrote {file}: {} proposed from today's dependency graph (the workspace passes {}), every other \
             section commented out with an example",
            if report.layers.len() == 1 { "1 layer".to_owned() } else { format!("{} layers", report.layers.len()) },
            if report.layers.len() == 1 { "it" } else { "them" }
        );
        for layer in report.layers.iter().rev() {
            let _ = writeln!(out, "  {:<10} {}", layer.name, layer.crates.join(", "));
        }
    } else if !report.kept_policy.is_empty() {
        let files: Vec<&str> = report.kept_policy.iter().map(|f| f.as_str()).collect();
        let _ = writeln!(out, "kept the policy as it is ({})", files.join(", "));
    }
    if let Some(workflow) = &report.workflow {
        let _ = writeln!(
            out,
            "wrote {workflow} at the repository root: check --base on pull requests, SARIF to code scanning"
        );
    }
    if let Some(baseline) = &report.baseline {
        let findings: usize = baseline.waivers.iter().map(|w| w.findings).sum();
        let signed = baseline.waivers.first().and_then(|w| w.signed_by.as_deref());
        let _ = writeln!(
            out,
            "wrote {} waiver{} for today's {findings} unwaived finding{}, expiring on {}, {}",
            baseline.waivers.len(),
            if baseline.waivers.len() == 1 { "" } else { "s" },
            if findings == 1 { "" } else { "s" },
            baseline.expires,
            signed.map_or_else(|| "unsigned".to_owned(), |k| format!("signed as `{k}`"))
        );
        for w in &baseline.waivers {
            let _ = writeln!(
                out,
                "  {}  {}  ({} finding{})",
                w.file,
                w.rule,
                w.findings,
                if w.findings == 1 { "" } else { "s" }
            );
        }
        if baseline.not_waived > 0 {
            let _ = writeln!(
                out,
                "left {} finding{} about the policy or the waivers themselves (scope/*, waiver/*): fix those",
                baseline.not_waived,
                if baseline.not_waived == 1 { "" } else { "s" }
            );
        }
        if signed.is_none() && !baseline.waivers.is_empty() {
            out.push_str("an approver signs each: cargo gate waiver sign <ID> --key <keyfile>\n");
        }
    }
    out.push_str("next: cargo gate check\n");
    out
}
