//! `cargo gate waiver list` and `audit`: every waiver with its status and coverage; the audit
//! sorts the broadest scopes first and adds a reviewer's questions.

use std::fmt::Write as _;

use lints::policy::WaiverPolicy;
use lints::time::{Date, Instant};
use serde_json::{json, Value};

use crate::cli::{Format, WaiverListArgs};
use crate::commands::check::evaluate;
use crate::error::AppError;
use crate::exit::Outcome;
use crate::output::emit;
use crate::render::json::{envelope, to_string};
use crate::report::WaiverEntry;

/// Runs `waiver list` (or `audit`).
///
/// # Errors
/// The workspace or the policy cannot be used.
pub fn list(args: &WaiverListArgs, audit: bool) -> Result<Outcome, AppError> {
    let report = evaluate(&args.common, false, &[], &[])?;
    let policy = &report.waiver_policy;
    let today = args.common.now.unwrap_or_else(Instant::now).date();
    let mut entries: Vec<(&WaiverEntry, Vec<String>)> =
        report.waivers.iter().map(|w| (w, if audit { questions(w, policy, today) } else { Vec::new() })).collect();
    if audit {
        entries.sort_by_key(|(w, _)| (std::cmp::Reverse(breadth(w)), w.id.clone()));
    }
    let text = match args.common.format {
        Format::Json => {
            let command = if audit { "waiver audit" } else { "waiver list" };
            let verdict = if audit && entries.iter().any(|(w, _)| is_bad(w)) { "fail" } else { "pass" };
            let mut doc = envelope(command, verdict);
            let list: Vec<Value> = entries
                .iter()
                .map(|(w, q)| {
                    let mut v = serde_json::to_value(w).unwrap_or(Value::Null);
                    if audit {
                        v["questions"] = json!(q);
                        v["breadth"] = json!(breadth(w));
                    }
                    v
                })
                .collect();
            doc.insert("waivers".into(), Value::Array(list));
            to_string(&Value::Object(doc))
        }
        _ => table(&entries, audit),
    };
    emit(&args.common, &text)?;
    Ok(if audit && entries.iter().any(|(w, _)| is_bad(w)) { Outcome::Fail } else { Outcome::Pass })
}

fn is_bad(w: &WaiverEntry) -> bool {
    !matches!(w.status.as_str(), "valid" | "expiring" | "unused")
}

/// How broad a waiver's scope is: a prefix rule and every scope field left open widen it.
fn breadth(w: &WaiverEntry) -> u8 {
    let scope = w.scope.as_deref().unwrap_or("");
    let has = |k: &str| scope.split(' ').any(|part| part.starts_with(&format!("{k}=")));
    let crate_open =
        scope.split(' ').find_map(|p| p.strip_prefix("crate=")).is_none_or(|g| g.contains(['*', '?', '[']));
    u8::from(w.rule.as_deref().is_some_and(|r| r.ends_with("/*"))) * 2
        + u8::from(crate_open)
        + u8::from(!has("path"))
        + u8::from(!has("dependency"))
        + u8::from(!has("item"))
}

/// The questions a security reviewer should ask about a waiver.
fn questions(w: &WaiverEntry, policy: &WaiverPolicy, today: Date) -> Vec<String> {
    let mut q = Vec::new();
    if is_bad(w) {
        q.push(format!("not acceptable: {}", w.problems.join(", ")));
    }
    if breadth(w) >= 4 {
        q.push(format!(
            "broad scope ({}): can it name the crate, path, dependency or item it needs?",
            w.scope.as_deref().unwrap_or("none")
        ));
    }
    let max = i64::from(policy.max_days);
    if let Some(lifetime) = w.lifetime_days.filter(|l| *l * 5 >= max * 4) {
        q.push(format!("lives {lifetime} of the {max} days allowed: is that long needed?"));
    }
    if let (Some(key_expiry), Some(expires)) =
        (w.signer_key_expires.as_deref().and_then(Date::parse), w.expires.as_deref().and_then(Date::parse))
    {
        if key_expiry < expires || today.days_until(key_expiry) <= i64::from(policy.warn_days) {
            q.push(format!(
                "a signer's key expires on {key_expiry}, before the waiver does ({expires}): who signs it then?"
            ));
        }
    }
    if w.covers.is_empty() && w.status == "unused" {
        q.push("covers no finding: can it be deleted?".to_owned());
    }
    q
}

fn table(entries: &[(&WaiverEntry, Vec<String>)], audit: bool) -> String {
    let mut out = String::new();
    if entries.is_empty() {
        return "no waivers\n".to_owned();
    }
    let header = ["id", "rule", "scope", "owner", "signers", "created", "expires", "days left", "status", "covers"];
    let rows: Vec<[String; 10]> = entries
        .iter()
        .map(|(w, _)| {
            [
                w.id.clone(),
                w.rule.clone().unwrap_or_default(),
                w.scope.clone().unwrap_or_default(),
                w.owner.clone().unwrap_or_default(),
                w.signers.join(","),
                w.created.clone().unwrap_or_default(),
                w.expires.clone().unwrap_or_default(),
                w.days_left.map(|d| d.to_string()).unwrap_or_default(),
                w.status.clone(),
                w.covers.len().to_string(),
            ]
        })
        .collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|i| rows.iter().map(|r| r[i].chars().count()).chain([header[i].len()]).max().unwrap_or(0))
        .collect();
    let line = |cells: &[String]| -> String {
        cells.iter().zip(&widths).map(|(c, w)| format!("{c:<w$}")).collect::<Vec<_>>().join("  ").trim_end().to_owned()
    };
    let _ = writeln!(out, "{}", line(&header.map(str::to_owned)));
    for ((_, questions), row) in entries.iter().zip(&rows) {
        let _ = writeln!(out, "{}", line(row));
        if audit {
            for q in questions {
                let _ = writeln!(out, "    ? {q}");
            }
        }
    }
    out
}
