//! `parse`: a source file in a rule's scope that cannot be read or parsed is an error, never a
//! silent skip — a file the gate cannot read is a file it cannot vouch for.

use crate::rules::{Context, Rule, RuleOutput};
use gate_core::finding::{Finding, Location};
use gate_core::policy::Policy;

/// The `parse` rule.
pub(crate) struct ParseRule;

const DOCS: &str = "# `parse`

## What it does
Reports every Rust file in the scope of a source rule that cannot be read, is not UTF-8, or does
not parse, at the position the parser gives.

## Why
A file the gate cannot read is a file it cannot vouch for: skipping it would let anything through.

## Example
A syntax error in `crates/product/src/control/rollout.rs` makes `check` fail with a `parse`
finding at the line of the error.

## Configuration
None: it runs whenever a source rule (`[cx_first]`, `[ambient]`, `[[substrate]] paths`) does.
";

impl Rule for ParseRule {
    fn family(&self) -> &'static str {
        "parse"
    }

    fn docs(&self) -> &'static str {
        DOCS
    }

    fn enabled(&self, policy: &Policy) -> bool {
        crate::source::wanted(policy)
    }

    fn check(&self, cx: &Context<'_>) -> RuleOutput {
        let mut out = RuleOutput::default();
        let Some(index) = cx.source else { return out };
        for analysis in index.files.iter().filter(|f| cx.selected(&f.file.krate)) {
            out.examined.entry("parse".to_owned()).or_default().files += 1;
            let Some(problem) = &analysis.facts.parse_error else { continue };
            let location =
                Location { file: analysis.file.path.clone(), start: problem.position, end: problem.position };
            // syn's message for a lexing failure says little; say what it usually is.
            let message = problem.message.replace(
                "cannot parse string into token stream",
                "the tokens do not lex (an unclosed delimiter or string, or an invalid character)",
            );
            let help = if message.contains("UTF-8") {
                "the gate cannot vouch for a file it cannot read; save it as UTF-8"
            } else {
                "the gate cannot vouch for a file it cannot read; fix the syntax error"
            };
            out.findings.push(
                Finding::new("parse", location, format!("cannot parse this file: {message}"))
                    .in_crate(analysis.file.krate.clone())
                    .with_help(help),
            );
        }
        out
    }
}
