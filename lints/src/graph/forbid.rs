#![doc = include_str!("forbid.md")]

use super::{empty_scope, touch, violations};
use crate::rules::{Context, Rule, RuleOutput};
use gate_core::policy::Policy;

/// The `forbid/<id>` rules.
pub(crate) struct ForbidRule;

impl Rule for ForbidRule {
    fn family(&self) -> &'static str {
        "forbid"
    }

    fn ids(&self, policy: &Policy) -> Vec<String> {
        policy.forbids.iter().map(|r| format!("forbid/{}", r.id)).collect()
    }

    fn docs(&self) -> &'static str {
        include_str!("forbid.md")
    }

    fn enabled(&self, policy: &Policy) -> bool {
        !policy.forbids.is_empty()
    }

    fn check(&self, cx: &Context<'_>) -> RuleOutput {
        let ws = cx.ws;
        let mut out = RuleOutput::default();
        for rule in &cx.policy.forbids {
            let id = format!("forbid/{}", rule.id);
            touch(&mut out, &id);
            let from: Vec<_> = ws.members.iter().filter(|m| rule.from.matches(&m.name)).collect();
            if from.is_empty() {
                out.findings.push(empty_scope(&id, &rule.origin, "`from` matches no workspace member"));
            }
            for member in from.into_iter().filter(|m| cx.selected(&m.name)) {
                let to = |node: usize| rule.to.matches(&ws.graph.nodes[node].name);
                for v in violations(ws, member, rule.kinds, rule.transitive, &id, &mut out, to) {
                    let target = &ws.graph.nodes[v.target()].name;
                    let message = format!("`{}` depends on `{target}`, which `{id}` forbids", member.name);
                    let help = rule.reason.clone().unwrap_or_else(|| format!("remove the dependency on `{target}`"));
                    out.findings.push(v.finding(ws, id.clone(), &message).with_help(help));
                }
            }
        }
        out
    }
}
