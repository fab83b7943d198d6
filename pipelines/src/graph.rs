//! `cargo gate graph`: the architecture as data — members grouped by layer, their dependency
//! edges, and the edges that violate a graph rule, marked with the rule (PRODUCT.md §4 "Seeing
//! the architecture"). The renderers draw it as Mermaid, DOT or JSON.

use std::collections::{BTreeMap, BTreeSet};

use gate_core::finding::Finding;
use gate_core::policy::Policy;
use lints::workspace::Workspace;
use serde::Serialize;

use crate::check::CheckReport;

/// The drawing's content.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ArchGraph {
    /// Members by layer, lowest layer first (a layer that matches no member is left out).
    pub layers: Vec<GraphLayer>,
    /// Members in no layer, drawn apart.
    pub unlayered: Vec<String>,
    /// Packages outside the workspace that a violation reaches (`rusqlite`), drawn apart.
    pub external: Vec<String>,
    /// Edges, sorted by (from, to).
    pub edges: Vec<GraphEdge>,
}

/// A layer and its members.
#[derive(Clone, Debug, Serialize)]
pub struct GraphLayer {
    /// The layer's name.
    pub name: String,
    /// Its members, sorted.
    pub crates: Vec<String>,
}

/// A dependency edge between members, or a violation's edge to what it reaches.
#[derive(Clone, Debug, Serialize)]
pub struct GraphEdge {
    /// The dependent.
    pub from: String,
    /// The dependency.
    pub to: String,
    /// How the dependency is declared (`normal`, `build`, `dev`); empty for an edge that stands
    /// for a transitive violation.
    pub kinds: Vec<&'static str>,
    /// The graph-rule findings on this edge.
    pub violations: Vec<EdgeViolation>,
}

/// A graph-rule finding on an edge.
#[derive(Clone, Debug, Serialize)]
pub struct EdgeViolation {
    /// The rule id (`layer`, `forbid/<id>`, …).
    pub rule: String,
    /// The waiver that covers it, if any.
    pub waived_by: Option<String>,
    /// The chain, for a transitive violation (`a → b → c`).
    pub via: Vec<String>,
}

impl GraphEdge {
    /// Whether an unwaived finding is on this edge.
    #[must_use]
    pub fn fails(&self) -> bool {
        self.violations.iter().any(|v| v.waived_by.is_none())
    }
}

impl ArchGraph {
    /// Whether any edge carries an unwaived violation.
    #[must_use]
    pub fn fails(&self) -> bool {
        self.edges.iter().any(GraphEdge::fails)
    }
}

/// The rule families that judge the crate graph.
const GRAPH_FAMILIES: [&str; 5] = ["layer", "forbid", "independent", "protect", "substrate"];

/// Whether a finding is a graph rule's: it points at a dependency declaration in a manifest.
#[must_use]
pub fn is_graph_finding(f: &Finding) -> bool {
    GRAPH_FAMILIES.contains(&f.rule.split('/').next().unwrap_or(""))
        && f.item.is_none()
        && f.dependency.is_some()
        && f.location.file.file_name() == Some("Cargo.toml")
}

/// The graph of `ws` under `policy`, with the violations of a `check` report.
#[must_use]
pub fn build(ws: &Workspace, policy: &Policy, report: &CheckReport) -> ArchGraph {
    let layer_of = |name: &str| policy.layers.iter().position(|l| l.crates.matches(name));
    let mut by_layer: Vec<Vec<String>> = vec![Vec::new(); policy.layers.len()];
    let mut unlayered = Vec::new();
    for m in &ws.members {
        match layer_of(&m.name) {
            Some(l) => by_layer[l].push(m.name.clone()),
            None => unlayered.push(m.name.clone()),
        }
    }
    let members: BTreeSet<&str> = ws.members.iter().map(|m| m.name.as_str()).collect();
    let mut edges: BTreeMap<(String, String), GraphEdge> = BTreeMap::new();
    for m in &ws.members {
        for e in &ws.graph.edges[m.node] {
            let to = &ws.graph.nodes[e.to].name;
            if e.to != m.node && members.contains(to.as_str()) {
                let kinds = e.kinds.iter().map(gate_core::edge::EdgeKind::as_str).collect();
                let edge = GraphEdge { from: m.name.clone(), to: to.clone(), kinds, violations: Vec::new() };
                edges.insert((m.name.clone(), to.clone()), edge);
            }
        }
    }
    let mut external = BTreeSet::new();
    for f in report.findings.iter().filter(|f| is_graph_finding(f)) {
        let (Some(from), Some(to)) = (f.krate.clone(), f.dependency.clone()) else { continue };
        if !members.contains(to.as_str()) {
            external.insert(to.clone());
        }
        let edge = edges.entry((from.clone(), to.clone())).or_insert_with(|| GraphEdge {
            from: from.clone(),
            to: to.clone(),
            kinds: direct_kinds(ws, &from, &to),
            violations: Vec::new(),
        });
        let via = if f.chain.len() > 2 { f.chain.clone() } else { Vec::new() };
        edge.violations.push(EdgeViolation { rule: f.rule.clone(), waived_by: f.waived_by.clone(), via });
    }
    let layers = policy
        .layers
        .iter()
        .zip(by_layer)
        .filter(|(_, crates)| !crates.is_empty())
        .map(|(l, crates)| GraphLayer { name: l.name.clone(), crates })
        .collect();
    ArchGraph { layers, unlayered, external: external.into_iter().collect(), edges: edges.into_values().collect() }
}

/// The kinds of the direct edge `from → to`, if there is one.
fn direct_kinds(ws: &Workspace, from: &str, to: &str) -> Vec<&'static str> {
    let Some(member) = ws.member(from) else { return Vec::new() };
    ws.graph.edges[member.node]
        .iter()
        .find(|e| ws.graph.nodes[e.to].name == to)
        .map(|e| e.kinds.iter().map(gate_core::edge::EdgeKind::as_str).collect())
        .unwrap_or_default()
}
