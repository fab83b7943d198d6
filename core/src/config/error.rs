//! The error every gate file reader returns: where, what, and how to fix it.

use std::fmt;
use std::ops::Range;

use camino::Utf8PathBuf;
use miette::{Diagnostic, LabeledSpan, NamedSource, SourceCode};

use crate::text::{Position, SourceFile};

/// A problem with a file the user wrote, located to a line and column where possible.
#[derive(Debug)]
pub struct ConfigError {
    /// The file, relative to the workspace root.
    pub file: Utf8PathBuf,
    /// Where in the file, if the problem has a place.
    pub position: Option<Position>,
    /// What is wrong: a lowercase fragment without a trailing period.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// The span and the file text, for the snippet (boxed: errors travel in `Result`s).
    snippet: Option<Box<(Range<usize>, NamedSource<String>)>>,
}

impl ConfigError {
    /// A problem with the file as a whole (unreadable, not UTF-8, empty).
    pub fn whole_file(file: impl Into<Utf8PathBuf>, message: impl Into<String>) -> Self {
        Self { file: file.into(), position: None, message: message.into(), help: None, snippet: None }
    }

    /// A problem at a byte span of a file.
    pub fn at(file: &SourceFile, span: Range<usize>, message: impl Into<String>) -> Self {
        Self {
            file: file.name.clone(),
            position: Some(file.position(span.start)),
            message: message.into(),
            help: None,
            snippet: Some(Box::new((span, NamedSource::new(file.name.as_str(), file.text.to_string())))),
        }
    }

    /// A problem at a known line of a file whose text is not at hand.
    pub fn at_line(file: impl Into<Utf8PathBuf>, line: usize, message: impl Into<String>) -> Self {
        let position = Some(Position { line, column: 1 });
        Self { file: file.into(), position, message: message.into(), help: None, snippet: None }
    }

    /// Adds a help line.
    #[must_use]
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a help line if there is one.
    #[must_use]
    pub fn with_help_opt(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    /// `file:line:column` (or just the file).
    #[must_use]
    pub fn location(&self) -> String {
        match self.position {
            Some(p) => format!("{}:{}:{}", self.file, p.line, p.column),
            None => self.file.to_string(),
        }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location(), self.message)
    }
}

impl std::error::Error for ConfigError {}

impl Diagnostic for ConfigError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        None
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.snippet.as_ref().map(|s| &s.1 as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let span = self.snippet.as_ref()?.0.clone();
        let len = span.len().max(usize::from(span.is_empty()));
        Some(Box::new(std::iter::once(LabeledSpan::new(Some("here".to_owned()), span.start, len))))
    }
}

/// The closest candidate to a misspelt `word`, if one is close enough to be a likely typo.
#[must_use]
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    let candidates: Vec<&'a str> = candidates.into_iter().collect();
    let close = candidates
        .iter()
        .map(|c| (edit_distance(word, c), *c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, c)| (d, c))
        .map(|(_, c)| c);
    // A singular or a truncation (`policy` for `policies`) shares a long prefix.
    close.or_else(|| {
        candidates
            .iter()
            .map(|c| (common_prefix(word, c), *c))
            .filter(|&(n, c)| n >= 4 && n * 5 >= word.len().min(c.len()) * 4)
            .max_by_key(|&(n, c)| (n, std::cmp::Reverse(c)))
            .map(|(_, c)| c)
    })
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let next = (prev + usize::from(ca != cb)).min(row[j] + 1).min(row[j + 1] + 1);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_are_close_misspellings_only() {
        let keys = ["layer", "forbid", "substrate", "cx_first"];
        assert_eq!(did_you_mean("layr", keys), Some("layer"));
        assert_eq!(did_you_mean("substrat", keys), Some("substrate"));
        assert_eq!(did_you_mean("cx-first", keys), Some("cx_first"));
        assert_eq!(did_you_mean("completely", keys), None);
        assert_eq!(did_you_mean("policy", ["policies", "waivers"]), Some("policies"));
    }
}
