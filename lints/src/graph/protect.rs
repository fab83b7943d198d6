#![doc = include_str!("protect.md")]

use super::{empty_scope, touch, violations};
use crate::rules::{Context, Rule, RuleOutput};
use gate_core::policy::Policy;

/// The `protect/<id>` rules.
pub(crate) struct ProtectRule;

impl Rule for ProtectRule {
    fn family(&self) -> &'static str {
        "protect"
    }

    fn ids(&self, policy: &Policy) -> Vec<String> {
        policy.protects.iter().map(|r| format!("protect/{}", r.id)).collect()
    }

    fn docs(&self) -> &'static str {
        include_str!("protect.md")
    }

    fn enabled(&self, policy: &Policy) -> bool {
        !policy.protects.is_empty()
    }

    fn check(&self, cx: &Context<'_>) -> RuleOutput {
        let ws = cx.ws;
        let mut out = RuleOutput::default();
        for rule in &cx.policy.protects {
            let id = format!("protect/{}", rule.id);
            touch(&mut out, &id);
            if !ws.graph.nodes.iter().any(|n| rule.crates.matches(&n.name)) {
                out.findings.push(empty_scope(&id, &rule.origin, "`crates` matches no crate of the workspace graph"));
            }
            let outsiders = ws.members.iter().filter(|m| cx.selected(&m.name) && !rule.allow.matches(&m.name));
            for member in outsiders {
                let protected = |node: usize| rule.crates.matches(&ws.graph.nodes[node].name);
                for v in violations(ws, member, rule.kinds, !rule.direct_only, &id, &mut out, protected) {
                    let target = &ws.graph.nodes[v.target()].name;
                    let allowed: Vec<&str> = rule.allow.globs().iter().map(gate_core::glob::Glob::as_str).collect();
                    let message = format!("`{}` depends on protected crate `{target}`", member.name);
                    let help = rule.reason.clone().unwrap_or_else(|| {
                        if allowed.is_empty() {
                            format!("no crate may depend on `{target}`")
                        } else {
                            format!("only {} may depend on `{target}`", allowed.join(", "))
                        }
                    });
                    out.findings.push(v.finding(ws, id.clone(), &message).with_help(help));
                }
            }
        }
        out
    }
}
