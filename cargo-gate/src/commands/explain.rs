//! `cargo gate explain [RULE]`: a rule's documentation, the same text as `docs/rules/<id>.md`.

use std::fmt::Write as _;

use gate_core::policy::{check_rule_id, IdUse, Policy};
use lints::rules::{docs_for, families, id_pattern, Registry};

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
        Some(id) => {
            // Members such as `forbid/<id>` depend on a policy; the family is what has docs.
            let family = id.split('/').next().unwrap_or(id);
            check_rule_id(family, IdUse::Level, &Registry, &Policy::default()).map_err(|e| {
                AppError::Usage(format!("{}: {} (run `cargo gate explain` to list the rules)", e.message, e.help))
            })?;
            docs_for(id)
        }
        None => {
            let rows: Vec<(String, String)> = families().into_iter().map(|(f, s)| (id_pattern(f), s)).collect();
            let width = rows.iter().map(|(id, _)| id.len()).max().unwrap_or(0);
            let mut out =
                String::from("rule families (`cargo gate explain <rule>` prints one's docs, example and fix):\n\n");
            for (id, summary) in rows {
                let _ = writeln!(out, "  {id:<width$}  {summary}");
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
