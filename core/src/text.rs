//! Text files the gate reads, with their workspace-relative names and line/column lookup.

use std::ops::Range;
use std::sync::Arc;

use camino::{Utf8Path, Utf8PathBuf};

/// A 1-based line and column (columns count characters, as editors and SARIF expect).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct Position {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

/// A file's text and the name it is reported under.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Path relative to the workspace root, with `/` separators (what users see in reports).
    pub name: Utf8PathBuf,
    /// The whole text.
    pub text: Arc<str>,
    line_starts: Arc<[usize]>,
}

impl SourceFile {
    /// Wraps `text` read from the file reported as `name`.
    #[must_use]
    pub fn new(name: impl Into<Utf8PathBuf>, text: impl Into<Arc<str>>) -> Self {
        let text: Arc<str> = text.into();
        let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Self { name: name.into(), text, line_starts }
    }

    /// The name the file is reported under.
    #[must_use]
    pub fn name(&self) -> &Utf8Path {
        &self.name
    }

    /// Line and column of a byte offset (clamped to the text).
    #[must_use]
    pub fn position(&self, offset: usize) -> Position {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = self.line_starts[line - 1];
        let column = self.text[start..offset].chars().count() + 1;
        Position { line, column }
    }

    /// Byte offset of a 1-based line and column (clamped to the text).
    #[must_use]
    pub fn offset(&self, pos: Position) -> usize {
        let Some(&start) = self.line_starts.get(pos.line.saturating_sub(1)) else {
            return self.text.len();
        };
        let line_text = self.line_text_from(start);
        start + line_text.char_indices().nth(pos.column.saturating_sub(1)).map_or(line_text.len(), |(i, _)| i)
    }

    /// The text of a 1-based line, without its line break.
    #[must_use]
    pub fn line_text(&self, line: usize) -> &str {
        self.line_starts.get(line.saturating_sub(1)).map_or("", |&start| self.line_text_from(start))
    }

    fn line_text_from(&self, start: usize) -> &str {
        let rest = &self.text[start..];
        let end = rest.find('\n').unwrap_or(rest.len());
        rest[..end].strip_suffix('\r').unwrap_or(&rest[..end])
    }

    /// Start and end positions of a byte range.
    #[must_use]
    pub fn range(&self, span: &Range<usize>) -> (Position, Position) {
        (self.position(span.start), self.position(span.end))
    }
}

/// Lowercase hex of `bytes` (digests, key ids).
#[must_use]
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

/// Lowercase hex SHA-256 of `bytes`.
#[must_use]
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    hex(&sha2::Sha256::digest(bytes))
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_one_based_and_count_characters() {
        let f = SourceFile::new("a.toml", "ab\ncé = 1\n");
        assert_eq!(f.position(0), Position { line: 1, column: 1 });
        assert_eq!(f.position(3), Position { line: 2, column: 1 });
        assert_eq!(f.position(6), Position { line: 2, column: 3 });
        assert_eq!(f.offset(Position { line: 2, column: 3 }), 6);
        assert_eq!(f.line_text(2), "cé = 1");
        assert_eq!(f.position(999), Position { line: 3, column: 1 });
    }
}
