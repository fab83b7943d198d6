#![doc = include_str!("substrate.md")]

use super::{empty_scope, touch, violations};
use crate::rules::{Context, Rule, RuleOutput};
use gate_core::policy::Policy;

/// The graph half of the `substrate/<id>` rules.
pub(crate) struct SubstrateRule;

impl Rule for SubstrateRule {
    fn family(&self) -> &'static str {
        "substrate"
    }

    fn ids(&self, policy: &Policy) -> Vec<String> {
        policy.substrates.iter().map(|r| format!("substrate/{}", r.id)).collect()
    }

    fn docs(&self) -> &'static str {
        include_str!("substrate.md")
    }

    fn enabled(&self, policy: &Policy) -> bool {
        !policy.substrates.is_empty()
    }

    fn check(&self, cx: &Context<'_>) -> RuleOutput {
        let ws = cx.ws;
        let mut out = RuleOutput::default();
        for rule in &cx.policy.substrates {
            let id = format!("substrate/{}", rule.id);
            touch(&mut out, &id);
            let applies = |name: &str| rule.applies_to.as_ref().is_none_or(|g| g.matches(name));
            let members: Vec<_> = ws.members.iter().filter(|m| applies(&m.name)).collect();
            if members.is_empty() {
                out.findings.push(empty_scope(&id, &rule.origin, "`applies_to` matches no workspace member"));
            }
            if !ws.graph.nodes.iter().any(|n| n.name == rule.required) {
                let what = format!("the required crate `{}` is nowhere in the dependency graph", rule.required);
                out.findings.push(empty_scope(&id, &rule.origin, &what));
            }
            for member in members.into_iter().filter(|m| cx.selected(&m.name)) {
                let alternative = |node: usize| rule.alternatives.matches(&ws.graph.nodes[node].name);
                for v in violations(ws, member, rule.kinds, rule.transitive, &id, &mut out, alternative) {
                    let target = &ws.graph.nodes[v.target()].name;
                    let message = format!(
                        "`{}` depends on `{target}`, an alternative to the required substrate `{}`",
                        member.name, rule.required
                    );
                    let reason = rule.reason.as_deref().map_or(String::new(), |r| format!("{r}: "));
                    let help = format!("{reason}use `{}` instead, or record a signed waiver for `{id}`", rule.required);
                    out.findings.push(v.finding(ws, id.clone(), &message).with_help(help));
                }
            }
            crate::source::substrate_paths::check(cx, rule, &mut out);
        }
        out
    }
}
