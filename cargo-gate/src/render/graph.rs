//! `cargo gate graph`: the architecture drawn as Mermaid (the default: GitHub renders it), as DOT
//! (graphviz), or as JSON. Members are grouped by layer, lowest at the bottom; crates in no layer
//! and packages outside the workspace are drawn apart; a violating edge is drawn thick and red
//! (orange and dashed when waived), labelled with its rule.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use pipelines::graph::{ArchGraph, GraphEdge};
use serde_json::Value;

/// Node ids (`n0`, `n1`, …) by crate name, in drawing order.
fn node_ids(graph: &ArchGraph) -> BTreeMap<&str, String> {
    let names = graph
        .layers
        .iter()
        .flat_map(|l| l.crates.iter())
        .chain(&graph.unlayered)
        .chain(&graph.external)
        .map(String::as_str);
    let mut ids = BTreeMap::new();
    for name in names {
        let next = format!("n{}", ids.len());
        ids.entry(name).or_insert(next);
    }
    ids
}

/// The label of an edge: its rules (with the waiver, and the chain of a transitive one), or the
/// kind of a dependency that is not a normal one.
fn edge_label(edge: &GraphEdge) -> String {
    if edge.violations.is_empty() {
        return if edge.kinds.contains(&"normal") { String::new() } else { edge.kinds.join("+") };
    }
    let parts: Vec<String> = edge
        .violations
        .iter()
        .map(|v| {
            let mut label = v.rule.clone();
            if v.via.len() > 2 {
                let _ = write!(label, " via {}", v.via[1..v.via.len() - 1].join(", "));
            }
            if let Some(w) = &v.waived_by {
                let _ = write!(label, " (waived by {w})");
            }
            label
        })
        .collect();
    parts.join("; ")
}

/// Mermaid `flowchart` text.
#[must_use]
pub fn mermaid(graph: &ArchGraph) -> String {
    let ids = node_ids(graph);
    let node = |name: &str| format!("{}[\"{}\"]", ids[name], mermaid_text(name));
    // The subgraphs are the policy's layers, named as it names them, the lowest at the bottom.
    let mut out = String::from("flowchart TB\n");
    // Highest layer first: dependents sit above what they depend on.
    for (i, layer) in graph.layers.iter().enumerate().rev() {
        let _ = writeln!(out, "  subgraph layer{i}[\"{}\"]", mermaid_text(&layer.name));
        for c in &layer.crates {
            let _ = writeln!(out, "    {}", node(c));
        }
        out.push_str("  end\n");
    }
    for (id, title, names) in
        [("unlayered", "in no layer", &graph.unlayered), ("external", "outside the workspace", &graph.external)]
    {
        if !names.is_empty() {
            let _ = writeln!(out, "  subgraph {id}[\"{title}\"]");
            for c in names {
                let _ = writeln!(out, "    {}", node(c));
            }
            out.push_str("  end\n");
        }
    }
    let mut styles = Vec::new();
    let mut index = 0;
    for edge in &graph.edges {
        let (Some(from), Some(to)) = (ids.get(edge.from.as_str()), ids.get(edge.to.as_str())) else { continue };
        let label = edge_label(edge);
        let arrow = match (edge.violations.is_empty(), edge.kinds.as_slice()) {
            (false, _) => "==>",
            (true, ["dev" | "build"] | ["build", "dev"]) => "-.->",
            _ => "-->",
        };
        if label.is_empty() {
            let _ = writeln!(out, "  {from} {arrow} {to}");
        } else {
            let _ = writeln!(out, "  {from} {arrow}|\"{}\"| {to}", mermaid_text(&label));
        }
        if edge.fails() {
            styles.push(format!("  linkStyle {index} stroke:#d1242f,stroke-width:3px,color:#d1242f"));
        } else if !edge.violations.is_empty() {
            styles.push(format!("  linkStyle {index} stroke:#bc4c00,stroke-width:2px,stroke-dasharray:5 5"));
        }
        // `linkStyle` counts links in the order they are written.
        index += 1;
    }
    for style in styles {
        out.push_str(&style);
        out.push('\n');
    }
    for (id, style) in [("unlayered", "stroke-dasharray:5 5"), ("external", "stroke-dasharray:2 2")] {
        if out.contains(&format!("subgraph {id}[")) {
            let _ = writeln!(out, "  style {id} {style}");
        }
    }
    out
}

/// Text inside a Mermaid `"…"` label: quotes and markup characters as entities.
fn mermaid_text(text: &str) -> String {
    text.replace('&', "#amp;").replace('"', "#quot;").replace('<', "#lt;").replace('>', "#gt;")
}

/// Graphviz DOT text.
#[must_use]
pub fn dot(graph: &ArchGraph) -> String {
    let mut out = String::from(
        "digraph workspace {\n  rankdir=TB;\n  newrank=true;\n  graph [fontname=\"Helvetica\"];\n  \
         node [shape=box, fontname=\"Helvetica\"];\n  \
         edge [fontname=\"Helvetica\", fontsize=10];\n",
    );
    for (i, layer) in graph.layers.iter().enumerate().rev() {
        let _ = writeln!(out, "  subgraph cluster_layer{i} {{\n    label={};", dot_string(&layer.name));
        for c in &layer.crates {
            let _ = writeln!(out, "    {};", dot_string(c));
        }
        out.push_str("  }\n");
    }
    for (id, title, style, names) in [
        ("unlayered", "in no layer", "dashed", &graph.unlayered),
        ("external", "outside the workspace", "dotted", &graph.external),
    ] {
        if !names.is_empty() {
            let _ = writeln!(out, "  subgraph cluster_{id} {{\n    label={};\n    style={style};", dot_string(title));
            for c in names {
                let _ = writeln!(out, "    {};", dot_string(c));
            }
            out.push_str("  }\n");
        }
    }
    for edge in &graph.edges {
        let mut attributes = Vec::new();
        let label = edge_label(edge);
        if !label.is_empty() {
            attributes.push(format!("label={}", dot_string(&label)));
        }
        if edge.fails() {
            attributes.push("color=\"#d1242f\", fontcolor=\"#d1242f\", penwidth=3".to_owned());
        } else if !edge.violations.is_empty() {
            attributes.push("color=\"#bc4c00\", style=dashed, penwidth=2".to_owned());
        } else if !edge.kinds.contains(&"normal") {
            attributes.push("style=dashed".to_owned());
        }
        let attributes = if attributes.is_empty() { String::new() } else { format!(" [{}]", attributes.join(", ")) };
        let _ = writeln!(out, "  {} -> {}{attributes};", dot_string(&edge.from), dot_string(&edge.to));
    }
    out.push_str("}\n");
    out
}

/// A DOT double-quoted string.
fn dot_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n"))
}

/// The JSON document: the common envelope and the graph.
#[must_use]
pub fn json(graph: &ArchGraph) -> String {
    let mut doc = super::json::envelope("graph", if graph.fails() { "fail" } else { "pass" });
    doc.insert("graph".into(), serde_json::to_value(graph).unwrap_or(Value::Null));
    super::json::to_string(&Value::Object(doc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipelines::graph::{EdgeViolation, GraphLayer};

    fn graph() -> ArchGraph {
        let edge = |from: &str, to: &str, kinds: &[&'static str], violations: Vec<EdgeViolation>| GraphEdge {
            from: from.into(),
            to: to.into(),
            kinds: kinds.to_vec(),
            violations,
        };
        let violation = |rule: &str, waived: Option<&str>, via: &[&str]| EdgeViolation {
            rule: rule.into(),
            waived_by: waived.map(Into::into),
            via: via.iter().map(|s| (*s).to_owned()).collect(),
        };
        ArchGraph {
            layers: vec![
                GraphLayer { name: "engine".into(), crates: vec!["engine".into()] },
                GraphLayer { name: "product".into(), crates: vec!["product".into()] },
            ],
            unlayered: vec!["plugin".into()],
            external: vec!["libsqlite3-sys".into()],
            edges: vec![
                edge("engine", "product", &["dev"], vec![violation("layer", None, &[])]),
                edge("product", "engine", &["normal"], vec![]),
                edge(
                    "product",
                    "libsqlite3-sys",
                    &[],
                    vec![violation("forbid/c", Some("W-1"), &["product", "rusqlite", "libsqlite3-sys"])],
                ),
            ],
        }
    }

    #[test]
    fn mermaid_marks_violations_and_groups_by_layer() {
        let text = mermaid(&graph());
        assert!(text.starts_with("flowchart TB\n  subgraph layer1[\"product\"]"), "{text}");
        assert!(text.contains("n0 ==>|\"layer\"| n1"), "{text}");
        assert!(text.contains("linkStyle 0 stroke:#d1242f"), "{text}");
        assert!(text.contains("|\"forbid/c via rusqlite (waived by W-1)\"|"), "{text}");
        assert!(text.contains("subgraph unlayered[\"in no layer\"]") && text.contains("subgraph external["));
    }

    #[test]
    fn dot_marks_violations_and_clusters_by_layer() {
        let text = dot(&graph());
        assert!(text.contains("subgraph cluster_layer0 {\n    label=\"engine\";"), "{text}");
        assert!(text.contains("\"engine\" -> \"product\" [label=\"layer\", color=\"#d1242f\""), "{text}");
        assert!(text.contains("\"product\" -> \"engine\";"), "{text}");
        assert!(text.ends_with("}\n"));
    }
}
