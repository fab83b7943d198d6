//! The `[[layer]]`s `init` proposes: the workspace members in topological order of today's graph,
//! so the proposal passes as it is. A member's layer is one above the highest layer it depends on
//! (every edge kind counts, dev edges included, as the `layer` rule checks them by default);
//! members that depend on each other in a cycle share a layer, which the rule allows.

use std::collections::BTreeMap;

use lints::workspace::Workspace;

/// A proposed layer: its members by name, sorted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProposedLayer {
    /// The layer's name (`layer-0` is the lowest).
    pub name: String,
    /// Its crates.
    pub crates: Vec<String>,
}

/// The layers, lowest first.
#[must_use]
pub fn propose(ws: &Workspace) -> Vec<ProposedLayer> {
    let names: Vec<&str> = ws.members.iter().map(|m| m.name.as_str()).collect();
    let index: BTreeMap<usize, usize> = ws.members.iter().enumerate().map(|(i, m)| (m.node, i)).collect();
    let deps: Vec<Vec<usize>> = ws
        .members
        .iter()
        .map(|m| {
            let mut out: Vec<usize> = ws.graph.edges[m.node].iter().filter_map(|e| index.get(&e.to).copied()).collect();
            out.sort_unstable();
            out.dedup();
            out
        })
        .collect();
    let levels = levels(&deps);
    let top = levels.iter().copied().max().unwrap_or(0);
    (0..=top)
        .map(|level| {
            let mut crates: Vec<String> =
                (0..names.len()).filter(|&i| levels[i] == level).map(|i| names[i].to_owned()).collect();
            crates.sort();
            ProposedLayer { name: format!("layer-{level}"), crates }
        })
        .filter(|l| !l.crates.is_empty())
        .collect()
}

/// The level of each node of a graph given as dependency lists: 0 for nodes that depend on
/// nothing, else one more than the highest level among its dependencies outside its own cycle.
fn levels(deps: &[Vec<usize>]) -> Vec<usize> {
    let component = components(deps);
    let count = component.iter().copied().max().map_or(0, |c| c + 1);
    // Components come out of Tarjan's algorithm in reverse topological order: every component a
    // component depends on has a smaller number, so one pass in number order settles levels.
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (node, &c) in component.iter().enumerate() {
        members[c].push(node);
    }
    let mut level = vec![0; count];
    for c in 0..count {
        let below = members[c]
            .iter()
            .flat_map(|&n| deps[n].iter())
            .map(|&d| component[d])
            .filter(|&d| d != c)
            .map(|d| level[d] + 1)
            .max();
        level[c] = below.unwrap_or(0);
    }
    component.iter().map(|&c| level[c]).collect()
}

/// Strongly connected components (Tarjan, iterative: no recursion however long the chain),
/// numbered in reverse topological order.
fn components(deps: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = deps.len();
    let (mut index, mut low, mut component) = (vec![UNSEEN; n], vec![0; n], vec![UNSEEN; n]);
    let (mut on_stack, mut stack) = (vec![false; n], Vec::new());
    let (mut next_index, mut next_component) = (0, 0);
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        // Each frame: a node and how many of its dependencies were visited.
        let mut frames = vec![(root, 0)];
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut next)) = frames.last_mut() {
            if let Some(&dep) = deps[node].get(*next) {
                *next += 1;
                if index[dep] == UNSEEN {
                    index[dep] = next_index;
                    low[dep] = next_index;
                    next_index += 1;
                    stack.push(dep);
                    on_stack[dep] = true;
                    frames.push((dep, 0));
                } else if on_stack[dep] {
                    low[node] = low[node].min(index[dep]);
                }
                continue;
            }
            frames.pop();
            if let Some(&(parent, _)) = frames.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_follow_the_longest_dependency_chain() {
        // 0 ← 1 ← 2, and 3 depends on 0 and 2.
        let deps = vec![vec![], vec![0], vec![1], vec![0, 2]];
        assert_eq!(levels(&deps), [0, 1, 2, 3]);
    }

    #[test]
    fn a_cycle_shares_one_level() {
        // 1 and 2 depend on each other (a dev-dependency back edge), both on 0; 3 on 2.
        let deps = vec![vec![], vec![0, 2], vec![1], vec![2]];
        assert_eq!(levels(&deps), [0, 1, 1, 2]);
        assert_eq!(levels(&[vec![0]]), [0], "a self-edge is no level of its own");
    }

    #[test]
    fn a_long_chain_needs_no_deep_recursion() {
        let deps: Vec<Vec<usize>> = (0..100_000).map(|i| if i == 0 { vec![] } else { vec![i - 1] }).collect();
        assert_eq!(levels(&deps)[99_999], 99_999);
    }
}
