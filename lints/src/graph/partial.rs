//! `resolve/partial` per package: when the workspace model comes from the manifests and
//! `Cargo.lock` (cargo could not resolve it), one warning for each package whose dependencies are
//! unknown — naming it, why, and the transitive rules that could not look through it — never one
//! per dependency edge. (The one warning that says cargo failed comes with the report.)

use std::collections::{BTreeMap, BTreeSet};

use super::{forbid, independent, layer, protect, substrate};
use crate::rules::{Context, NotEvaluated, Rule, RuleOutput};
use gate_core::finding::{Finding, Location, Severity};
use gate_core::policy::Policy;
use gate_core::text::Position;

/// The rules that walk the graph transitively.
const GRAPH_RULES: [&dyn Rule; 5] = [
    &layer::LayerRule,
    &forbid::ForbidRule,
    &independent::IndependentRule,
    &protect::ProtectRule,
    &substrate::SubstrateRule,
];

/// The `resolve/partial` rule.
pub(crate) struct PartialRule;

impl Rule for PartialRule {
    fn family(&self) -> &'static str {
        "resolve"
    }

    fn ids(&self, _policy: &Policy) -> Vec<String> {
        vec!["resolve/partial".to_owned()]
    }

    fn docs(&self) -> &'static str {
        include_str!("../docs/resolve.md")
    }

    fn enabled(&self, _policy: &Policy) -> bool {
        true
    }

    fn check(&self, cx: &Context<'_>) -> RuleOutput {
        let mut out = RuleOutput::default();
        let Some(partial) = &cx.ws.partial else { return out };
        let mut through: BTreeMap<usize, Vec<NotEvaluated>> = BTreeMap::new();
        for rule in GRAPH_RULES.iter().filter(|r| r.enabled(cx.policy)) {
            for n in rule.check(cx).not_evaluated {
                through.entry(n.node).or_default().push(n);
            }
        }
        let graph = &cx.ws.graph;
        for (node, package) in graph.nodes.iter().enumerate().filter(|(_, n)| !n.resolved) {
            let entries = through.remove(&node).unwrap_or_default();
            let Some((krate, location)) = where_declared(cx, node, &entries) else { continue };
            let rules: BTreeSet<&str> = entries.iter().map(|e| e.rule.as_str()).collect();
            let why = partial.why.get(&package.name).map_or("its dependencies are unknown", String::as_str);
            let consequence = match rules.len() {
                0 => "rules that follow its dependencies cannot see them".to_owned(),
                1 => format!("{} was not evaluated through it", quoted(&rules)),
                _ => format!("{} were not evaluated through it", quoted(&rules)),
            };
            let mut finding = Finding::new(
                "resolve/partial",
                location,
                format!("`{}` could not be resolved ({why}): {consequence}", package.name),
            )
            .in_crate(krate)
            .with_help("make `cargo metadata` succeed on this workspace, or bring `Cargo.lock` up to date, so transitive rules can run")
            .severity(Severity::Warning);
            finding.dependency = Some(package.name.clone());
            out.findings.push(finding);
        }
        out
    }
}

fn quoted(rules: &BTreeSet<&str>) -> String {
    rules.iter().map(|r| format!("`{r}`")).collect::<Vec<_>>().join(", ")
}

/// Where to report an unresolved package: the shortest chain a rule stopped on, else the first
/// selected member that declares it.
fn where_declared(cx: &Context<'_>, node: usize, entries: &[NotEvaluated]) -> Option<(String, Location)> {
    let graph = &cx.ws.graph;
    let member_of = |e: &NotEvaluated| e.path.first().map(|&m| graph.nodes[m].name.clone()).unwrap_or_default();
    if let Some(e) = entries.iter().min_by_key(|e| (e.path.len(), member_of(e), e.location.file.clone())) {
        return Some((member_of(e), e.location.clone()));
    }
    let name = &graph.nodes[node].name;
    cx.ws
        .members
        .iter()
        .filter(|m| cx.selected(&m.name))
        .find_map(|m| {
            let decl = m.manifest.declarations.iter().find(|d| &d.package == name)?;
            let (start, end) = m.manifest.doc.file.range(&decl.span);
            Some((m.name.clone(), Location { file: m.manifest.doc.file.name.clone(), start, end }))
        })
        .or_else(|| {
            let start = Position { line: 1, column: 1 };
            Some((String::new(), Location { file: "Cargo.lock".into(), start, end: start }))
        })
}
