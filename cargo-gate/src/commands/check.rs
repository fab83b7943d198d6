//! `cargo gate check`: load → run the rules → apply levels and waivers → report.

use lints::decide::{fingerprint, Levels};
use lints::finding::{Finding, Location, Severity};
use lints::policy::{LevelSetting, Policy, KNOWN_RULE_FAMILIES};
use lints::rules::{Context, RULES};
use lints::text::Position;
use lints::workspace::Workspace;

use crate::cli::{CheckArgs, CommonArgs, Format};
use crate::error::AppError;
use crate::exit::Outcome;
use crate::output::{emit, use_color};
use crate::render::{self, Style};
use crate::report::{CheckReport, Summary, Verdict, WaiverEntry};
use crate::waivers;
use lints::time::Instant;

/// Runs `check`.
///
/// # Errors
/// The workspace, the policy or a flag cannot be used.
pub fn run(args: &CheckArgs) -> Result<Outcome, AppError> {
    let started = std::time::Instant::now();
    let mut report = evaluate(&args.common, args.strict, &args.packages, &args.level_flags)?;
    report.elapsed_secs = started.elapsed().as_secs_f64();

    let style = Style { color: use_color(&args.common), quiet: args.common.quiet, verbose: args.common.verbose };
    emit(&args.common, &render::check(&report, args.common.format, style))?;
    if args.common.format == Format::Github {
        append_step_summary(&report);
    }
    Ok(match report.verdict {
        Verdict::Pass => Outcome::Pass,
        Verdict::Fail => Outcome::Fail,
    })
}

/// The whole gate: load, run the rules, apply levels and waivers. Shared with `waiver list`.
///
/// # Errors
/// The workspace, the policy or a flag cannot be used.
pub fn evaluate(
    common: &CommonArgs,
    strict: bool,
    packages: &[String],
    level_flags: &[LevelSetting],
) -> Result<CheckReport, AppError> {
    let ws = super::load_workspace(common)?;
    let policy = super::load_policy(&ws)?;
    lints::graph::layer::validate(&ws, &policy)?;
    validate_level_flags(level_flags)?;
    validate_packages(&ws, packages)?;

    let (findings, mut summary, notes) = run_rules(&ws, &policy, packages)?;
    let levels = Levels::new(policy.levels.clone(), level_flags.to_vec(), strict);
    let mut findings = levels.apply(findings);

    let loaded = waivers::load_all(&ws.root, &ws.layout.waivers)?;
    let today = common.now.unwrap_or_else(Instant::now).date();
    let judged = waivers::judge(&loaded, &policy, today);
    let waiver_findings = waivers::apply(&mut findings, &judged, packages.is_empty());
    findings.extend(levels.apply(waiver_findings));
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    fingerprint(&mut findings);
    let entries = judged.iter().map(|j| WaiverEntry::new(j, &findings, &policy)).collect();

    summary.crates = ws.members.iter().filter(|m| packages.is_empty() || packages.contains(&m.name)).count();
    summary.files += summary.crates;
    let mut report = CheckReport::new(findings, entries, summary, notes, ws.root.clone());
    report.waiver_policy = policy.waivers.clone();
    Ok(report)
}

/// Runs every rule the policy configures; adds `resolve/partial` when the graph is partial.
fn run_rules(
    ws: &Workspace,
    policy: &Policy,
    packages: &[String],
) -> Result<(Vec<Finding>, Summary, Vec<String>), AppError> {
    let index = if lints::source::wanted(policy) {
        Some(lints::source::build_index(ws, policy, &policy.digest)?)
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
        findings.push(partial_finding(partial));
    }
    if policy.files.is_empty() {
        notes.push(format!("no policy files in {}/: no rules ran", ws.layout.policies));
    } else if policy.has_no_rules() {
        notes.push("the policy defines no rules: nothing was checked".to_owned());
    }
    Ok((findings, summary, notes))
}

fn partial_finding(partial: &lints::workspace::Partial) -> Finding {
    let start = Position { line: 1, column: 1 };
    let unresolved = if partial.unresolved.is_empty() {
        String::new()
    } else {
        format!(
            "; dependencies of {} were not followed",
            partial.unresolved.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
        )
    };
    let lines: Vec<&str> =
        partial.cargo_error.lines().map(str::trim).filter(|l| !l.is_empty() && *l != "Caused by:").collect();
    let first = lines.first().map_or("", |l| l.trim_start_matches("error: "));
    // The innermost cause that names something (a path, a package) says most.
    let cause = lines.iter().skip(1).rev().find(|l| l.contains('`'));
    let cargo = match cause {
        Some(last) => format!("{first}: {last}"),
        _ => first.to_owned(),
    };
    Finding::new(
        "resolve/partial",
        Location { file: "Cargo.toml".into(), start, end: start },
        format!("cargo could not resolve the workspace ({cargo}): rules ran on the manifests alone{unresolved}"),
    )
    .with_help(format!("transitive rules through unresolved packages were not evaluated; `--strict` makes this an error\ncargo said:\n{}", partial.cargo_error))
    .severity(Severity::Warning)
}

fn validate_level_flags(flags: &[LevelSetting]) -> Result<(), AppError> {
    for flag in flags {
        let family = flag.pattern.split('/').next().unwrap_or_default();
        if flag.pattern != "*" && !KNOWN_RULE_FAMILIES.contains(&family) {
            let hint = lints::config::did_you_mean(family, KNOWN_RULE_FAMILIES.iter().copied()).map_or_else(
                || format!("rule families: {}", KNOWN_RULE_FAMILIES.join(", ")),
                |s| format!("did you mean `{s}`?"),
            );
            return Err(AppError::Usage(format!("unknown rule `{}` in -A/-W/-D: {hint}", flag.pattern)));
        }
    }
    Ok(())
}

fn validate_packages(ws: &Workspace, packages: &[String]) -> Result<(), AppError> {
    for p in packages {
        if ws.member(p).is_none() {
            let names: Vec<&str> = ws.members.iter().map(|m| m.name.as_str()).collect();
            let hint = lints::config::did_you_mean(p, names.iter().copied())
                .map_or_else(|| format!("members: {}", names.join(", ")), |s| format!("did you mean `{s}`?"));
            return Err(AppError::Usage(format!("package `{p}` is not a member of the workspace: {hint}")));
        }
    }
    Ok(())
}

fn append_step_summary(report: &CheckReport) {
    use std::io::Write as _;
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY") else {
        return;
    };
    let text = render::github::step_summary(report);
    // The step summary is a courtesy: failing to write it must not change the verdict.
    if let Ok(mut file) = std::fs::OpenOptions::new().append(true).create(true).open(path) {
        let _ = file.write_all(text.as_bytes());
    }
}
