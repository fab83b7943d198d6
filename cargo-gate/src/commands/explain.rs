//! `cargo gate explain [RULE]`: a rule's documentation, the same text as `docs/rules/<id>.md`.

use std::fmt::Write as _;

use lints::rules::{docs_for, rule_for, summary_for, RULES};

use crate::cli::ExplainArgs;
use crate::error::AppError;
use crate::exit::Outcome;
use crate::output::emit;

/// Runs `explain`.
///
/// # Errors
/// An unknown rule id.
pub fn run(args: &ExplainArgs) -> Result<Outcome, AppError> {
    let mut text = match &args.rule {
        Some(id) if rule_for(id).is_some() || lints::policy::KNOWN_RULE_FAMILIES.contains(&family(id)) => docs_for(id),
        Some(id) => {
            return Err(AppError::Usage(format!("unknown rule `{id}` (run `cargo gate explain` to list the rules)")))
        }
        None => {
            let mut out = String::from("rules:\n");
            for rule in RULES {
                let _ = writeln!(out, "  {:<14} {}", rule.family(), summary_for(rule.family()));
            }
            out
        }
    };
    if args.common.format == crate::cli::Format::Json {
        let mut doc = crate::render::json::envelope("explain", "pass");
        doc.insert("rule".into(), serde_json::json!(args.rule));
        doc.insert("docs".into(), serde_json::json!(text));
        text = crate::render::json::to_string(&serde_json::Value::Object(doc));
    }
    emit(&args.common, &text)?;
    Ok(Outcome::Pass)
}

fn family(id: &str) -> &str {
    id.split('/').next().unwrap_or(id)
}
