//! The finding model (PRODUCT.md §4): what every rule produces and every renderer consumes.

use camino::Utf8PathBuf;
use serde::Serialize;

use crate::text::Position;

/// How a rule's findings count: the user-facing levels of `[levels]` and `-A/-W/-D`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Not reported.
    Allow,
    /// Reported as a warning; fails only under `--strict`.
    Warn,
    /// Reported as an error; fails the gate.
    Deny,
}

/// The severity a reported finding carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Fails the gate (unless waived).
    Error,
    /// Reported; fails the gate only under `--strict`.
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
        }
    }
}

/// Where a finding points: a file and a span within it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Location {
    /// Path relative to the workspace root, `/`-separated.
    pub file: Utf8PathBuf,
    /// Start.
    pub start: Position,
    /// End (exclusive column).
    pub end: Position,
}

/// One problem a rule found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Rule id, e.g. `forbid/engine-internals`.
    pub rule: String,
    /// Severity after levels were applied.
    pub severity: Severity,
    /// The workspace member it concerns.
    pub krate: Option<String>,
    /// Where it points.
    pub location: Location,
    /// What is wrong: a lowercase sentence fragment.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// The fn path it applies to (source rules).
    pub item: Option<String>,
    /// The offending dependency (graph rules).
    pub dependency: Option<String>,
    /// The dependency chain, for transitive graph findings (`a → b → rusqlite`).
    pub chain: Vec<String>,
    /// The waiver that covers it, if any.
    pub waived_by: Option<String>,
    /// A hash stable across unrelated edits (set by the decide stage).
    pub fingerprint: String,
    /// The text of the line it starts on, when the rule had it at hand (source rules): the
    /// fingerprint then needs no read of the file.
    pub snippet: Option<String>,
}

impl Finding {
    /// A new finding with no waiver and no fingerprint yet; severity is set by the decide stage.
    #[must_use]
    pub fn new(rule: impl Into<String>, location: Location, message: impl Into<String>) -> Self {
        Self {
            rule: rule.into(),
            severity: Severity::Error,
            krate: None,
            location,
            message: message.into(),
            help: None,
            item: None,
            dependency: None,
            chain: Vec::new(),
            waived_by: None,
            fingerprint: String::new(),
            snippet: None,
        }
    }

    /// Sets the text of the line it starts on.
    #[must_use]
    pub fn with_snippet(mut self, line: impl Into<String>) -> Self {
        self.snippet = Some(line.into());
        self
    }

    /// Sets the crate.
    #[must_use]
    pub fn in_crate(mut self, krate: impl Into<String>) -> Self {
        self.krate = Some(krate.into());
        self
    }

    /// Sets the default severity (the decide stage may change it).
    #[must_use]
    pub fn severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    /// Sets the help text.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the item.
    #[must_use]
    pub fn with_item(mut self, item: impl Into<String>) -> Self {
        self.item = Some(item.into());
        self
    }

    /// Sets the offending dependency and chain.
    #[must_use]
    pub fn with_dependency(mut self, dependency: impl Into<String>, chain: Vec<String>) -> Self {
        self.dependency = Some(dependency.into());
        self.chain = chain;
        self
    }

    /// Sort key: file, line, column, rule (PRODUCT.md §9).
    #[must_use]
    pub fn sort_key(&self) -> (&Utf8PathBuf, usize, usize, &str, &str) {
        (&self.location.file, self.location.start.line, self.location.start.column, &self.rule, &self.message)
    }
}
