//! `check`: run the rules → apply levels → judge waivers and let them cover findings → report.

mod base;
mod git;
mod partial;
mod report;
mod snippets;

pub use base::BaseReport;
pub use report::{CheckReport, Summary, Verdict};

use gate_core::decide::{fingerprint, Levels};
use gate_core::finding::Finding;
use gate_core::policy::{check_rule_id, IdUse, LevelSetting, Policy};
use gate_core::time::Date;
use lints::rules::{Context, Registry, RULES};
use lints::workspace::Workspace;

use crate::load::Loaded;
use crate::waivers::{self, WaiverEntry};
use crate::Error;

/// What the user asked of `check`.
#[derive(Clone, Debug, Default)]
pub struct CheckOptions {
    /// Members to check (`-p`); every member when empty.
    pub packages: Vec<String>,
    /// `-A/-W/-D` in command-line order.
    pub level_flags: Vec<LevelSetting>,
    /// `--strict`: warnings fail.
    pub strict: bool,
    /// `--base REV`: report only findings on lines added or changed since the merge-base with REV.
    pub base: Option<String>,
    /// Analyse every file afresh, reading and writing no cache (`release` and `verify`, §11).
    pub no_cache: bool,
}

/// The whole gate on a loaded workspace, judged as of `today`.
///
/// # Errors
/// A flag names no rule or no member, `--base` names no commit (or the workspace is in no git
/// repository), or the source index cannot be built.
pub fn check(loaded: &Loaded, options: &CheckOptions, today: Date) -> Result<CheckReport, Error> {
    let (ws, policy) = (&loaded.ws, &loaded.policy);
    validate_level_flags(&options.level_flags, policy)?;
    validate_packages(ws, &options.packages)?;
    let base = options.base.as_deref().map(|rev| base::open(&ws.root, rev)).transpose()?;

    let (findings, mut summary, mut notes) = run_rules(ws, policy, &options.packages, options.no_cache)?;
    let levels = Levels::new(policy.levels.clone(), options.level_flags.clone(), options.strict);
    let mut findings = levels.apply(findings);

    let loaded_waivers = waivers::load_all(&ws.root, &ws.layout.waivers)?;
    let judged = waivers::judge(&loaded_waivers, policy, today);
    let detect_unused = options.packages.is_empty();
    let applied = waivers::apply(&mut findings, &judged, detect_unused);
    findings.extend(levels.apply(applied.findings));
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let lines = snippets::Snippets::new(&ws.root);
    fingerprint(&mut findings, |f| f.snippet.clone().or_else(|| lines.line(f)));
    let entries: Vec<WaiverEntry> = judged
        .iter()
        .zip(&applied.used)
        .map(|(j, used)| WaiverEntry::new(j, detect_unused && !used, &findings, policy))
        .collect();

    // Waivers were judged on every finding (so none looks unused); `--base` only hides old ones.
    let base = match base {
        Some(base) => {
            let report = base.filter(&mut findings, &ws.root)?;
            notes.push(report.note());
            Some(report)
        }
        None => None,
    };

    let packages = &options.packages;
    summary.crates = ws.members.iter().filter(|m| packages.is_empty() || packages.contains(&m.name)).count();
    summary.files += summary.crates;
    let mut report = CheckReport::new(findings, entries, summary, notes, ws.root.clone());
    report.waiver_policy = policy.waivers.clone();
    report.base = base;
    Ok(report)
}

/// Runs every rule the policy configures; adds `resolve/partial` when the graph is partial.
fn run_rules(
    ws: &Workspace,
    policy: &Policy,
    packages: &[String],
    no_cache: bool,
) -> Result<(Vec<Finding>, Summary, Vec<String>), Error> {
    let index = if lints::source::wanted(policy) {
        Some(lints::source::build_index_with(ws, policy, &policy.digest, !no_cache)?)
    } else {
        None
    };
    let cx = Context { ws, policy, packages, source: index.as_ref() };
    let mut findings = Vec::new();
    let mut summary = Summary::default();
    let mut notes = Vec::new();
    for rule in RULES.iter().filter(|r| r.enabled(policy)) {
        let out = rule.check(&cx);
        findings.extend(out.findings);
        for (id, examined) in out.examined {
            summary.rules.entry(id).or_default().add(&examined);
        }
        notes.extend(out.notes);
    }
    summary.files = index.as_ref().map_or(0, |i| i.files.len());
    if let Some(partial) = &ws.partial {
        findings.push(partial::finding(partial));
    }
    if policy.files.is_empty() {
        notes.push(format!(
            "no policy files in {}/: no rules ran (`cargo gate init` proposes a policy that passes today)",
            ws.layout.policies
        ));
    } else if policy.has_no_rules() {
        notes.push("the policy defines no rules: nothing was checked".to_owned());
    }
    Ok((findings, summary, notes))
}

/// `-A/-W/-D` must name rules: a misspelt flag would silently change nothing.
fn validate_level_flags(flags: &[LevelSetting], policy: &Policy) -> Result<(), Error> {
    for flag in flags {
        if let Err(e) = check_rule_id(&flag.pattern, IdUse::Level, &Registry, policy) {
            return Err(Error::Usage(format!("unknown rule in -A/-W/-D: {e}")));
        }
    }
    Ok(())
}

fn validate_packages(ws: &Workspace, packages: &[String]) -> Result<(), Error> {
    for p in packages {
        if ws.member(p).is_none() {
            let names: Vec<&str> = ws.members.iter().map(|m| m.name.as_str()).collect();
            let hint = gate_core::config::did_you_mean(p, names.iter().copied())
                .map_or_else(|| format!("members: {}", names.join(", ")), |s| format!("did you mean `{s}`?"));
            return Err(Error::Usage(format!("package `{p}` is not a member of the workspace: {hint}")));
        }
    }
    Ok(())
}
