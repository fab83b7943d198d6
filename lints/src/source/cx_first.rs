#![doc = include_str!("cx_first.md")]

use crate::rules::{Context, Rule, RuleOutput};
use crate::source::FnFact;
use gate_core::finding::{Finding, Location};
use gate_core::policy::{CxFirst, CxSelect, Policy};

/// The `cx-first` rule.
pub(crate) struct CxFirstRule;

impl Rule for CxFirstRule {
    fn family(&self) -> &'static str {
        "cx-first"
    }

    fn docs(&self) -> &'static str {
        include_str!("cx_first.md")
    }

    fn enabled(&self, policy: &Policy) -> bool {
        policy.cx_first.is_some()
    }

    fn check(&self, cx: &Context<'_>) -> RuleOutput {
        let mut out = RuleOutput::default();
        let (Some(rule), Some(index)) = (&cx.policy.cx_first, cx.source) else { return out };
        let examined = out.examined.entry("cx-first".to_owned()).or_default();
        let mut crates = std::collections::BTreeSet::new();
        let mut findings = Vec::new();
        let mut unparsed = 0;
        for analysis in index.in_scope(rule.paths.as_ref(), cx.packages) {
            examined.files += 1;
            unparsed += usize::from(analysis.facts.parse_error.is_some());
            crates.insert(analysis.file.krate.clone());
            for f in &analysis.facts.fns {
                examined.functions += 1;
                if let Some(message) = violation(rule, f) {
                    let location = Location { file: analysis.file.path.clone(), start: f.start, end: f.end };
                    findings.push(
                        Finding::new("cx-first", location, message)
                            .in_crate(analysis.file.krate.clone())
                            .with_item(f.item.clone())
                            .with_snippet(f.line.clone())
                            .with_help(help(rule, &f.name)),
                    );
                }
            }
        }
        examined.crates = crates.len();
        let unreachable: Vec<&str> =
            index.unreachable_in_scope(rule.paths.as_ref(), cx.packages).map(|f| f.path.as_str()).collect();
        examined.unreachable = unreachable.len();
        let (files, functions) = (examined.files, examined.functions);
        out.findings = findings;
        out.notes.extend(crate::source::unreachable_note("[cx_first] paths", &unreachable));
        if !index.any_in_scope(rule.paths.as_ref()) {
            let unreachable = index.unreachable_in_scope(rule.paths.as_ref(), &[]).count();
            let what = crate::source::no_file_message("[cx_first] paths", unreachable);
            out.findings.push(crate::graph::empty_scope("cx-first", &rule.origin, &what));
        } else if files > unparsed && functions == 0 {
            // A file that does not parse is a `parse` error; it does not make the selection empty.
            out.findings.push(crate::graph::empty_scope("cx-first", &rule.origin, "the selection picks no function"));
        }
        out
    }
}

/// Whether `[cx_first]` selects a function (the walk keeps only these).
pub(crate) fn selects(rule: &CxFirst, name: &str, public: bool, is_async: bool, attributes: &[String]) -> bool {
    let by_attribute = rule.attribute.as_ref().is_some_and(|a| attributes.iter().any(|x| x == a));
    let by_select = match rule.select {
        CxSelect::PubAsync => public && is_async,
        CxSelect::Async => is_async,
        CxSelect::Pub => public,
    };
    by_attribute || by_select || rule.names.matches(name)
}

fn help(rule: &CxFirst, name: &str) -> String {
    let first = rule.context.first().map_or("Cx", String::as_str);
    let mut help = format!("take the capability context first: `fn {name}(cx: &{first}, …)`");
    if rule.context.len() > 1 {
        let accepted: Vec<String> = rule.context.iter().map(|c| format!("`{c}`")).collect();
        help = format!("{help} (accepted: {})", accepted.join(", "));
    }
    help
}

/// What is wrong with a selected function's first parameter, if anything.
fn violation(rule: &CxFirst, f: &FnFact) -> Option<String> {
    match &f.first_param {
        None => Some(format!("`{}` takes no capability context: it has no parameter after `self`", f.name)),
        Some(p) if p.reference_to.iter().any(|t| rule.context.contains(t)) => None,
        Some(p) => {
            Some(format!("`{}` must take a capability context first, but its first parameter is `{}`", f.name, p.text))
        }
    }
}
