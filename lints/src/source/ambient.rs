#![doc = include_str!("ambient.md")]

use std::fmt::Write as _;

use crate::resolve::reaches;
use crate::rules::{Context, Rule, RuleOutput};
use crate::source::PathUse;
use gate_core::finding::{Finding, Location};
use gate_core::policy::{Ambient, Policy, BUILTIN_CATEGORIES, DEFAULT_PURE};

/// The `ambient/<category>` rules.
pub(crate) struct AmbientRule;

impl Rule for AmbientRule {
    fn family(&self) -> &'static str {
        "ambient"
    }

    fn ids(&self, policy: &Policy) -> Vec<String> {
        let builtin = BUILTIN_CATEGORIES.iter().map(|(name, _)| (*name).to_owned());
        let extra = policy.ambient.iter().flat_map(|a| a.categories.keys().cloned());
        let names: std::collections::BTreeSet<String> = builtin.chain(extra).collect();
        names.into_iter().map(|c| format!("ambient/{c}")).collect()
    }

    fn docs(&self) -> &'static str {
        include_str!("ambient.md")
    }

    fn appendix(&self) -> String {
        default_lists()
    }

    fn enabled(&self, policy: &Policy) -> bool {
        policy.ambient.is_some()
    }

    fn check(&self, cx: &Context<'_>) -> RuleOutput {
        let mut out = RuleOutput::default();
        let (Some(ambient), Some(index)) = (&cx.policy.ambient, cx.source) else { return out };
        let mut crates = std::collections::BTreeSet::new();
        for analysis in index.in_scope(ambient.paths.as_ref(), cx.packages) {
            if ambient.allow.matches(analysis.file.path.as_str()) {
                continue;
            }
            crates.insert(analysis.file.krate.clone());
            for category in ambient.categories.keys() {
                out.examined.entry(format!("ambient/{category}")).or_default().files += 1;
            }
            for path_use in &analysis.facts.uses {
                for (category, denied) in matches(ambient, path_use) {
                    let location =
                        Location { file: analysis.file.path.clone(), start: path_use.start, end: path_use.end };
                    let finding = Finding::new(
                        format!("ambient/{category}"),
                        location,
                        format!("`{}` reaches ambient authority `{denied}` ({category})", path_use.written),
                    )
                    .in_crate(analysis.file.krate.clone())
                    .with_item(path_use.item.clone())
                    .with_snippet(path_use.line.clone())
                    .with_help("take the capability as a parameter (a `&Cx`, a handle) instead of reaching for it; or list the file in `[ambient] allow`");
                    out.findings.push(finding);
                }
            }
        }
        let unreachable: Vec<&str> =
            index.unreachable_in_scope(ambient.paths.as_ref(), cx.packages).map(|f| f.path.as_str()).collect();
        for category in ambient.categories.keys() {
            let examined = out.examined.entry(format!("ambient/{category}")).or_default();
            examined.crates = crates.len();
            examined.unreachable = unreachable.len();
        }
        if let Some(note) = crate::source::unreachable_note("[ambient] paths", &unreachable) {
            out.notes.push(note);
        }
        let selected: Vec<&str> = index
            .files
            .iter()
            .filter(|f| crate::source::in_scope(ambient.paths.as_ref(), &f.file))
            .map(|f| f.file.path.as_str())
            .collect();
        if selected.is_empty() {
            let what = crate::source::no_file_message(
                "[ambient] paths",
                index.unreachable_in_scope(ambient.paths.as_ref(), &[]).count(),
            );
            out.findings.push(crate::graph::empty_scope("ambient", &ambient.origin, &what));
        } else if selected.iter().all(|p| ambient.allow.matches(p)) {
            out.findings.push(crate::graph::empty_scope(
                "ambient",
                &ambient.origin,
                "`[ambient] allow` exempts every file `paths` selects",
            ));
        }
        out
    }
}

/// For each category a use reaches: the category and the longest denied path it reaches. A
/// candidate that a `pure` entry more specific than that denied path covers carries no
/// authority.
fn matches<'a>(ambient: &'a Ambient, path_use: &PathUse) -> Vec<(&'a str, &'a str)> {
    ambient
        .categories
        .iter()
        .filter_map(|(category, denied)| {
            let best = path_use
                .candidates
                .iter()
                .filter_map(|c| {
                    let d = denied.iter().filter(|d| reaches(c, d)).max_by_key(|d| d.len())?;
                    let pure = ambient.pure.iter().any(|p| p.len() > d.len() && reaches(c, p));
                    (!pure).then_some(d)
                })
                .max_by_key(|d| d.len())?;
            Some((category.as_str(), best.as_str()))
        })
        .collect()
}

/// The built-in lists, for the rule's documentation and `cargo gate explain ambient`.
fn default_lists() -> String {
    let mut out = String::from("\n## Default lists\n\n");
    for (category, paths) in BUILTIN_CATEGORIES {
        let _ = writeln!(out, "- `{category}`: {}", code_list(paths));
    }
    let _ = writeln!(out, "- `pure` (not ambient, though under a denied entry): {}", code_list(DEFAULT_PURE));
    out
}

fn code_list(paths: &[&str]) -> String {
    paths.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(", ")
}
