//! Errors that make a command's input unusable (exit 2), rendered as miette reports.

use std::fmt;

use lints::config::ConfigError;
use lints::workspace::WorkspaceError;

/// Why a command could not use its input.
#[derive(Debug)]
pub enum AppError {
    /// A gate file (policy, manifest, …) is invalid, located.
    Config(ConfigError),
    /// The workspace cannot be loaded.
    Workspace(WorkspaceError),
    /// A flag value is wrong.
    Usage(String),
    /// Output could not be written.
    Output(String),
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Config(e) => e.fmt(f),
            Self::Workspace(e) => e.fmt(f),
            Self::Usage(m) | Self::Output(m) => f.write_str(m),
        }
    }
}

impl From<ConfigError> for AppError {
    fn from(e: ConfigError) -> Self {
        Self::Config(e)
    }
}

impl From<WorkspaceError> for AppError {
    fn from(e: WorkspaceError) -> Self {
        match e {
            WorkspaceError::Manifest(c) => Self::Config(c),
            other => Self::Workspace(other),
        }
    }
}

impl AppError {
    /// The JSON document printed with `--format json`: verdict `fail`, and the error located.
    #[must_use]
    pub fn json(&self, command: &str) -> String {
        let mut doc = crate::render::json::envelope(command, "fail");
        let (file, line, column) = match self {
            Self::Config(e) => (Some(e.file.to_string()), e.position.map(|p| p.line), e.position.map(|p| p.column)),
            _ => (None, None, None),
        };
        let message = match self {
            Self::Config(e) => e.message.clone(),
            other => other.to_string(),
        };
        doc.insert(
            "error".into(),
            serde_json::json!({"message": message, "file": file, "line": line, "column": column, "exit_code": 2}),
        );
        crate::render::json::to_string(&serde_json::Value::Object(doc))
    }

    /// The report printed on stderr.
    #[must_use]
    pub fn render(&self, color: bool) -> String {
        let mut out = String::new();
        let handler = crate::render::human::handler(color);
        let rendered = match self {
            Self::Config(e) => handler.render_report(&mut out, e),
            other => {
                let plain = miette::MietteDiagnostic::new(other.to_string());
                handler.render_report(&mut out, &plain)
            }
        };
        if rendered.is_err() || out.is_empty() {
            out = format!("error: {self}\n");
        }
        out
    }
}
