#![doc = include_str!("ambient.md")]

use crate::resolve::reaches;
use crate::rules::{Context, Rule, RuleOutput};
use crate::source::PathUse;
use gate_core::finding::{Finding, Location};
use gate_core::policy::{Ambient, Policy};

/// The `ambient/<category>` rules.
pub(crate) struct AmbientRule;

impl Rule for AmbientRule {
    fn family(&self) -> &'static str {
        "ambient"
    }

    fn ids(&self, policy: &Policy) -> Vec<String> {
        let builtin = gate_core::policy::BUILTIN_CATEGORIES.iter().map(|(name, _)| (*name).to_owned());
        let extra = policy.ambient.iter().flat_map(|a| a.categories.keys().cloned());
        let names: std::collections::BTreeSet<String> = builtin.chain(extra).collect();
        names.into_iter().map(|c| format!("ambient/{c}")).collect()
    }

    fn docs(&self) -> &'static str {
        include_str!("ambient.md")
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
                    .with_help("take the capability as a parameter (a `&Cx`, a handle) instead of reaching for it; or list the file in `[ambient] allow`");
                    out.findings.push(finding);
                }
            }
        }
        for category in ambient.categories.keys() {
            out.examined.entry(format!("ambient/{category}")).or_default().crates = crates.len();
        }
        if !index.any_in_scope(ambient.paths.as_ref()) {
            out.findings.push(crate::graph::empty_scope(
                "ambient",
                &ambient.origin,
                "`[ambient] paths` match no source file",
            ));
        }
        out
    }
}

/// For each category a use reaches: the category and the longest denied path it reaches.
fn matches<'a>(ambient: &'a Ambient, path_use: &PathUse) -> Vec<(&'a str, &'a str)> {
    ambient
        .categories
        .iter()
        .filter_map(|(category, denied)| {
            let best =
                denied.iter().filter(|d| path_use.candidates.iter().any(|c| reaches(c, d))).max_by_key(|d| d.len())?;
            Some((category.as_str(), best.as_str()))
        })
        .collect()
}
