//! Errors that make a command's input unusable (exit 2), rendered as miette reports on stderr and,
//! with `--format json`, as the `error` of the command's JSON document.

use pipelines::Error;

/// Why a command could not use its input: the pipelines' error.
pub type AppError = Error;

/// The JSON document printed with `--format json`: verdict `fail`, and every error located.
#[must_use]
pub fn json(error: &AppError, command: &str) -> String {
    let mut doc = crate::render::json::envelope(command, "fail");
    let located: Vec<serde_json::Value> = match error {
        Error::Config(errors) => errors
            .iter()
            .map(|e| {
                serde_json::json!({
                    "message": e.message,
                    "file": e.file,
                    "line": e.position.map(|p| p.line),
                    "column": e.position.map(|p| p.column),
                })
            })
            .collect(),
        other => vec![serde_json::json!({"message": other.to_string(), "file": null, "line": null, "column": null})],
    };
    let mut first = located.first().cloned().unwrap_or(serde_json::Value::Null);
    first["exit_code"] = serde_json::json!(2);
    if located.len() > 1 {
        first["all"] = serde_json::Value::Array(located);
    }
    doc.insert("error".into(), first);
    crate::render::json::to_string(&serde_json::Value::Object(doc))
}

/// The report printed on stderr: one miette report per problem.
#[must_use]
pub fn render(error: &AppError, color: bool) -> String {
    let handler = crate::render::human::handler(color);
    let mut out = String::new();
    let rendered = match error {
        Error::Config(errors) => errors.iter().try_for_each(|e| handler.render_report(&mut out, e)),
        other => handler.render_report(&mut out, &miette::MietteDiagnostic::new(other.to_string())),
    };
    if rendered.is_err() || out.is_empty() {
        out = format!("error: {error}\n");
    }
    out
}
