#![doc = include_str!("independent.md")]

use super::{empty_scope, touch, violations};
use crate::rules::{Context, Rule, RuleOutput};
use gate_core::policy::Policy;

/// The `independent/<id>` rules.
pub(crate) struct IndependentRule;

impl Rule for IndependentRule {
    fn family(&self) -> &'static str {
        "independent"
    }

    fn ids(&self, policy: &Policy) -> Vec<String> {
        policy.independents.iter().map(|r| format!("independent/{}", r.id)).collect()
    }

    fn docs(&self) -> &'static str {
        include_str!("independent.md")
    }

    fn enabled(&self, policy: &Policy) -> bool {
        !policy.independents.is_empty()
    }

    fn check(&self, cx: &Context<'_>) -> RuleOutput {
        let ws = cx.ws;
        let mut out = RuleOutput::default();
        for rule in &cx.policy.independents {
            let id = format!("independent/{}", rule.id);
            touch(&mut out, &id);
            let group: Vec<_> = ws.members.iter().filter(|m| rule.crates.matches(&m.name)).collect();
            if group.len() < 2 {
                out.findings.push(empty_scope(&id, &rule.origin, "the group has fewer than two workspace members"));
            }
            for member in group.into_iter().filter(|m| cx.selected(&m.name)) {
                let other = |node: usize| rule.crates.matches(&ws.graph.nodes[node].name);
                for v in violations(ws, member, rule.kinds, rule.transitive, &id, &mut out, other) {
                    let target = &ws.graph.nodes[v.target()].name;
                    let message =
                        format!("`{}` depends on `{target}`, but `{id}` keeps its members independent", member.name);
                    let help = rule
                        .reason
                        .clone()
                        .unwrap_or_else(|| "move what both need into a crate outside the group".to_owned());
                    out.findings.push(v.finding(ws, id.clone(), &message).with_help(help));
                }
            }
        }
        out
    }
}
