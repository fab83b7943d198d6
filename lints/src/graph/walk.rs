//! What the graph rules share: walking from a member, and turning a path into a finding that
//! points at the dependency's declaration in the member's `Cargo.toml`.

use crate::rules::{Examined, NotEvaluated, RuleOutput};
use crate::workspace::{EdgeKind, EdgeKinds, Member, Workspace};
use gate_core::finding::{Finding, Location, Severity};
use gate_core::policy::Origin;
use gate_core::text::Position;

/// A path from a member to a package a rule does not allow it to reach.
pub(crate) struct Violation<'a> {
    /// The member the path starts at.
    pub member: &'a Member,
    /// Node indices from the member to the offending package.
    pub path: Vec<usize>,
    /// The kind of the first edge.
    pub kind: EdgeKind,
    /// Where the first edge is declared.
    pub location: Location,
}

impl Violation<'_> {
    /// The offending package.
    pub(crate) fn target(&self) -> usize {
        self.path[self.path.len() - 1]
    }

    /// `a → b → c`.
    pub(crate) fn chain(&self, ws: &Workspace) -> String {
        ws.graph.names(&self.path).join(" → ")
    }

    /// A finding for this violation: crate, dependency, chain, location filled in.
    pub(crate) fn finding(&self, ws: &Workspace, rule: String, message: &str) -> Finding {
        let target = ws.graph.nodes[self.target()].name.clone();
        let kind = match self.kind {
            EdgeKind::Normal => "normal dependency",
            EdgeKind::Build => "build-dependency",
            EdgeKind::Dev => "dev-dependency",
        };
        let mut message = format!("{message} ({kind})");
        if self.path.len() > 2 {
            message = format!("{message}, through {}", self.chain(ws));
        }
        Finding::new(rule, self.location.clone(), message)
            .in_crate(self.member.name.clone())
            .with_dependency(target, ws.graph.names(&self.path))
    }
}

/// Every package `member` reaches that `offending` accepts, by the shortest path, one per
/// package. `kinds` filters every edge; beyond the first, dev edges never count (a dependency's
/// dev-dependencies are not built for its dependents). Unresolved packages on the way (manifest
/// fallback) are recorded in `out`: not evaluated, never passed (`resolve/partial` says so).
pub(crate) fn violations<'a>(
    ws: &'a Workspace,
    member: &'a Member,
    kinds: EdgeKinds,
    transitive: bool,
    rule: &str,
    out: &mut RuleOutput,
    offending: impl Fn(usize) -> bool,
) -> Vec<Violation<'a>> {
    let reach = ws.graph.reach(member.node, kinds, kinds.without(EdgeKind::Dev), transitive);
    let examined = out.examined.entry(rule.to_owned()).or_default();
    examined.crates += 1;
    examined.edges += reach.paths.iter().flatten().count().saturating_sub(1);
    let mut found = Vec::new();
    for (node, path) in reach.paths.iter().enumerate() {
        let Some(path) = path else { continue };
        if node == member.node || !offending(node) {
            continue;
        }
        let (kind, location) = declaration(ws, member, path[1], kinds);
        found.push(Violation { member, path: path.clone(), kind, location });
    }
    if transitive {
        // Said once per package, not once per edge: see `resolve/partial`.
        for &node in &reach.unresolved {
            let path = reach.paths[node].clone().unwrap_or_default();
            let (_, location) = declaration(ws, member, path.get(1).copied().unwrap_or(node), kinds);
            out.not_evaluated.push(NotEvaluated { rule: rule.to_owned(), node, path, location });
        }
    }
    found.sort_by(|a, b| ws.graph.nodes[a.target()].name.cmp(&ws.graph.nodes[b.target()].name));
    found
}

/// Where `member` declares its dependency on `node`, preferring a declaration of a kind in
/// `kinds`; the manifest's first line when it cannot be found (e.g. a feature-only edge).
fn declaration(ws: &Workspace, member: &Member, node: usize, kinds: EdgeKinds) -> (EdgeKind, Location) {
    let manifest = &member.manifest;
    let name = &ws.graph.nodes[node].name;
    let edge_kinds = ws.graph.edge_kinds(member.node, node).intersect(kinds);
    let decl = manifest
        .declarations
        .iter()
        .filter(|d| &d.package == name)
        .find(|d| edge_kinds.contains(d.kind))
        .or_else(|| manifest.declarations.iter().find(|d| &d.package == name));
    let file = manifest.doc.file.name.clone();
    match decl {
        Some(d) => {
            let (start, end) = manifest.doc.file.range(&d.span);
            (d.kind, Location { file, start, end })
        }
        None => {
            let kind = edge_kinds.iter().next().unwrap_or(EdgeKind::Normal);
            let start = Position { line: 1, column: 1 };
            (kind, Location { file, start, end: start })
        }
    }
}

/// A `scope/empty` warning: the rule defined at `origin` selects nothing.
pub(crate) fn empty_scope(rule: &str, origin: &Origin, what: &str) -> Finding {
    let start = Position { line: origin.line, column: 1 };
    Finding::new(
        "scope/empty",
        Location { file: origin.file.clone(), start, end: start },
        format!("`{rule}` checks nothing: {what}"),
    )
    .with_help("fix the patterns, or remove the rule: a gate that checked nothing must not look like one that passed")
    .with_item(rule.to_owned())
    .severity(Severity::Warning)
}

/// Records that a rule ran on nothing, so the summary still lists it.
pub(crate) fn touch<'a>(out: &'a mut RuleOutput, rule: &str) -> &'a mut Examined {
    out.examined.entry(rule.to_owned()).or_default()
}
