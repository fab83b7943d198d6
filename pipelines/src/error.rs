//! Why a pipeline could not use its input (the CLI's exit 2).

use gate_core::config::ConfigError;
use gate_core::fsio::WriteError;
use lints::workspace::WorkspaceError;

/// Why a pipeline could not use its input.
#[derive(Debug)]
pub enum Error {
    /// Gate files (policy, waiver, manifest, …) are invalid: every problem found, located.
    Config(Vec<ConfigError>),
    /// The workspace cannot be loaded.
    Workspace(WorkspaceError),
    /// A flag value is wrong.
    Usage(String),
    /// A file could not be written.
    Write(WriteError),
    /// A file or directory could not be read or created.
    Io(String),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Config(errors) => {
                let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
                f.write_str(&messages.join("\n"))
            }
            Self::Workspace(e) => e.fmt(f),
            Self::Usage(m) | Self::Io(m) => f.write_str(m),
            Self::Write(e) => e.fmt(f),
        }
    }
}

impl From<ConfigError> for Error {
    fn from(e: ConfigError) -> Self {
        Self::Config(vec![e])
    }
}

impl From<Vec<ConfigError>> for Error {
    fn from(errors: Vec<ConfigError>) -> Self {
        Self::Config(errors)
    }
}

impl From<WriteError> for Error {
    fn from(e: WriteError) -> Self {
        Self::Write(e)
    }
}

impl From<WorkspaceError> for Error {
    fn from(e: WorkspaceError) -> Self {
        match e {
            WorkspaceError::Manifest(c) => Self::Config(vec![c]),
            other => Self::Workspace(other),
        }
    }
}
