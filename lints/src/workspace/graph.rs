//! The package graph the graph rules walk: nodes are packages, edges are dependency edges with
//! their kinds. Built from `cargo metadata`'s resolve (or, in fallback, from the manifests).

use std::collections::VecDeque;

pub(crate) use gate_core::edge::{EdgeKind, EdgeKinds};

/// A package in the graph.
#[derive(Clone, Debug)]
pub struct Node {
    /// Package name.
    pub name: String,
    /// Package version.
    pub version: String,
    /// Whether it is a workspace member.
    pub is_member: bool,
    /// Whether its own dependencies are known (false for packages the fallback could not read).
    pub resolved: bool,
}

/// A dependency edge.
#[derive(Clone, Debug)]
pub struct Edge {
    /// Index of the dependency's node.
    pub to: usize,
    /// The kinds the dependency is declared with.
    pub kinds: EdgeKinds,
}

/// The dependency graph.
#[derive(Clone, Debug, Default)]
pub struct PackageGraph {
    /// Packages.
    pub nodes: Vec<Node>,
    /// Outgoing edges of each node, sorted by target name.
    pub edges: Vec<Vec<Edge>>,
}

/// The shortest chain found from a start node, and whether unresolved packages were skipped.
#[derive(Clone, Debug, Default)]
pub(crate) struct Reach {
    /// For every reachable node: the path of node indices from the start (start included).
    pub paths: Vec<Option<Vec<usize>>>,
    /// Unresolved packages on the way, whose dependencies could not be followed.
    pub unresolved: Vec<usize>,
}

impl PackageGraph {
    /// Adds a node and returns its index.
    pub(crate) fn add_node(&mut self, node: Node) -> usize {
        self.nodes.push(node);
        self.edges.push(Vec::new());
        self.nodes.len() - 1
    }

    /// Adds (or widens) the edge `from → to`.
    pub(crate) fn add_edge(&mut self, from: usize, to: usize, kinds: EdgeKinds) {
        match self.edges[from].iter_mut().find(|e| e.to == to) {
            Some(edge) => edge.kinds = edge.kinds.union(kinds),
            None => self.edges[from].push(Edge { to, kinds }),
        }
    }

    /// Sorts every edge list by target name, so walks are deterministic.
    pub(crate) fn sort(&mut self) {
        let names: Vec<String> = self.nodes.iter().map(|n| n.name.clone()).collect();
        for list in &mut self.edges {
            list.sort_by(|a, b| names[a.to].cmp(&names[b.to]).then(a.to.cmp(&b.to)));
        }
    }

    /// Breadth-first walk from `start`: the first edge must be of `first_kinds`, the following
    /// ones of `later_kinds` (dev edges of dependencies never reach a build). With `transitive`
    /// false only direct edges are followed.
    #[must_use]
    pub(crate) fn reach(
        &self,
        start: usize,
        first_kinds: EdgeKinds,
        later_kinds: EdgeKinds,
        transitive: bool,
    ) -> Reach {
        let mut reach = Reach { paths: vec![None; self.nodes.len()], unresolved: Vec::new() };
        reach.paths[start] = Some(vec![start]);
        let mut queue = VecDeque::from([start]);
        while let Some(node) = queue.pop_front() {
            let depth = reach.paths[node].as_ref().map_or(0, Vec::len);
            if depth > 1 && !transitive {
                continue;
            }
            if depth > 1 && !self.nodes[node].resolved {
                reach.unresolved.push(node);
                continue;
            }
            let kinds = if node == start { first_kinds } else { later_kinds };
            for edge in &self.edges[node] {
                if edge.kinds.intersect(kinds).is_empty() || reach.paths[edge.to].is_some() {
                    continue;
                }
                let mut path = reach.paths[node].clone().unwrap_or_default();
                path.push(edge.to);
                reach.paths[edge.to] = Some(path);
                queue.push_back(edge.to);
            }
        }
        reach
    }

    /// The names along a path of node indices.
    #[must_use]
    pub(crate) fn names(&self, path: &[usize]) -> Vec<String> {
        path.iter().map(|&i| self.nodes[i].name.clone()).collect()
    }

    /// The kinds of the direct edge `from → to` (empty if there is none).
    #[must_use]
    pub(crate) fn edge_kinds(&self, from: usize, to: usize) -> EdgeKinds {
        self.edges[from].iter().find(|e| e.to == to).map_or(EdgeKinds::NONE, |e| e.kinds)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(name: &str) -> Node {
        Node { name: name.into(), version: "0.1.0".into(), is_member: true, resolved: true }
    }

    #[test]
    fn shortest_chain_and_kind_filters() {
        let mut graph = PackageGraph::default();
        let [app, lib, sys, dev] = ["a", "b", "c", "d"].map(|n| graph.add_node(node(n)));
        let normal = EdgeKinds::NONE.with(EdgeKind::Normal);
        graph.add_edge(app, lib, normal);
        graph.add_edge(lib, sys, normal);
        graph.add_edge(app, dev, EdgeKinds::NONE.with(EdgeKind::Dev));
        graph.add_edge(dev, sys, normal);
        graph.sort();
        let reach = graph.reach(app, EdgeKinds::ALL, normal, true);
        assert_eq!(reach.paths[sys].as_deref(), Some(&[app, lib, sys][..]));
        let reach = graph.reach(app, normal, normal, false);
        assert!(reach.paths[sys].is_none());
        assert!(reach.paths[dev].is_none());
    }
}
