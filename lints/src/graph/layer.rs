#![doc = include_str!("layer.md")]

use super::{empty_scope, touch, violations};
use crate::rules::{Context, Rule, RuleOutput};
use crate::workspace::{EdgeKind, EdgeKinds, Workspace};
use gate_core::config::ConfigError;
use gate_core::policy::Policy;

/// The `layer` rule.
pub(crate) struct LayerRule;

impl Rule for LayerRule {
    fn family(&self) -> &'static str {
        "layer"
    }

    fn docs(&self) -> &'static str {
        include_str!("layer.md")
    }

    fn enabled(&self, policy: &Policy) -> bool {
        !policy.layers.is_empty()
    }

    fn check(&self, cx: &Context<'_>) -> RuleOutput {
        let (ws, policy) = (cx.ws, cx.policy);
        let mut out = RuleOutput::default();
        touch(&mut out, "layer");
        let layer_of = |node: usize| layer_index(policy, &ws.graph.nodes[node].name);
        for layer in &policy.layers {
            if !ws.graph.nodes.iter().any(|n| layer.crates.matches(&n.name)) {
                out.findings.push(empty_scope(
                    "layer",
                    &layer.origin,
                    &format!("layer `{}` matches no crate", layer.name),
                ));
            }
        }
        let kinds = if policy.layers_dev { EdgeKinds::ALL } else { EdgeKinds::ALL.without(EdgeKind::Dev) };
        for member in ws.members.iter().filter(|m| cx.selected(&m.name)) {
            let Some(own) = layer_of(member.node) else {
                out.notes.push(format!("`{}` is in no layer: its dependencies are unconstrained", member.name));
                continue;
            };
            let higher = |node: usize| layer_of(node).is_some_and(|l| l > own);
            for v in violations(ws, member, kinds, false, "layer", &mut out, higher) {
                let target = &ws.graph.nodes[v.target()].name;
                let target_layer = layer_of(v.target()).map_or("", |l| policy.layers[l].name.as_str());
                let message = format!(
                    "`{}` (layer `{}`) depends on `{target}` of the higher layer `{target_layer}`",
                    member.name, policy.layers[own].name
                );
                let help = format!(
                    "a crate may depend on its own layer or lower ones; move the shared code down to `{}` or below",
                    policy.layers[own].name
                );
                out.findings.push(v.finding(ws, "layer".to_owned(), &message).with_help(help));
            }
        }
        out
    }
}

fn layer_index(policy: &Policy, name: &str) -> Option<usize> {
    policy.layers.iter().position(|l| l.crates.matches(name))
}

/// A crate matched by two layers makes the layering ambiguous: a policy error (exit 2).
#[must_use]
pub fn overlaps(ws: &Workspace, policy: &Policy) -> Vec<ConfigError> {
    let mut errors = Vec::new();
    for node in &ws.graph.nodes {
        let mut matching = policy.layers.iter().filter(|l| l.crates.matches(&node.name));
        if let (Some(first), Some(second)) = (matching.next(), matching.next()) {
            errors.push(
                ConfigError::at_line(
                    second.origin.file.clone(),
                    second.origin.line,
                    format!(
                        "crate `{}` is in two layers: `{}` ({}) and `{}`",
                        node.name, first.name, first.origin, second.name
                    ),
                )
                .with_help("make the layers' `crates` globs disjoint"),
            );
        }
    }
    errors
}
