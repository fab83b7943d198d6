//! The documents `claims` scans: the `[claims] scan` globs (default `README.md`, `docs/**/*.md`,
//! `CHANGELOG.md`) expanded over the workspace, or the files named on the command line; each read
//! bounded and confined, parsed into blocks and split into sentences with their claim words.

use std::ops::Range;

use camino::{Utf8Path, Utf8PathBuf};
use gate_core::config::ConfigError;
use gate_core::glob::{Glob, GlobKind, GlobSet};
use gate_core::policy::Policy;
use gate_core::text::SourceFile;

use super::scan::{scan, Block};
use super::scan_lexicon::Lexicon;
use super::scan_refs::Reference;
use super::scan_sentences::sentences;
use crate::evidence::{read_text, Repo};
use crate::Error;

/// What is scanned when the policy has no `[claims] scan`.
pub const DEFAULT_SCAN: [&str; 3] = ["README.md", "docs/**/*.md", "CHANGELOG.md"];

/// Markdown files larger than this are refused: docs are not data, and a pathological file this
/// size still parses in well under a second and 300 MiB.
pub const MAX_MARKDOWN: u64 = 4 << 20;

/// A line with more list markers or quote markers than this is refused before parsing.
const MAX_MARKERS_PER_LINE: usize = 64;

/// One sentence of a document.
#[derive(Clone, Debug)]
pub struct Sentence {
    /// Its block.
    pub block: usize,
    /// Its range in the block's text.
    pub range: Range<usize>,
    /// Its range in the source.
    pub source: Range<usize>,
    /// The claim words in it, as written.
    pub triggers: Vec<String>,
}

/// A scanned document.
#[derive(Debug)]
pub struct Doc {
    /// The file and its text.
    pub file: SourceFile,
    /// Its text blocks.
    pub blocks: Vec<Block>,
    /// Its claim references.
    pub refs: Vec<Reference>,
    /// Its sentences in order.
    pub sentences: Vec<Sentence>,
}

impl Doc {
    /// The sentence's text, whitespace collapsed.
    #[must_use]
    pub fn text(&self, sentence: &Sentence) -> String {
        collapse(&self.blocks[sentence.block].text[sentence.range.clone()])
    }
}

/// `a  b\n c` → `a b c`.
#[must_use]
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The workspace-relative Markdown files the policy's scan globs select, sorted.
///
/// # Errors
/// A directory cannot be listed.
pub fn scan_targets(repo: &Repo, policy: &Policy) -> Result<Vec<Utf8PathBuf>, Error> {
    let globs = match &policy.claims.scan {
        Some(set) => set.clone(),
        None => GlobSet::new(DEFAULT_SCAN.iter().filter_map(|p| Glob::new(p, GlobKind::Path).ok()).collect()),
    };
    let mut found = Vec::new();
    for glob in globs.globs() {
        let pattern = glob.as_str();
        if !pattern.contains(['*', '?', '[']) {
            // A plain path names one file: no walk (a walk from the root would list `target/`).
            if std::fs::symlink_metadata(repo.root.join(pattern)).is_ok() {
                found.push(Utf8PathBuf::from(pattern));
            }
            continue;
        }
        walk(&repo.root, &literal_prefix(pattern), &globs, &mut found)?;
    }
    found.sort();
    found.dedup();
    Ok(found)
}

/// The directory part of a glob before its first wildcard (`docs/**/*.md` → `docs`).
fn literal_prefix(pattern: &str) -> Utf8PathBuf {
    let mut base = Utf8PathBuf::new();
    let parts: Vec<&str> = pattern.split('/').collect();
    for part in &parts[..parts.len().saturating_sub(1)] {
        if part.contains(['*', '?', '[']) {
            break;
        }
        base.push(part);
    }
    base
}

fn walk(root: &Utf8Path, base: &Utf8Path, globs: &GlobSet, found: &mut Vec<Utf8PathBuf>) -> Result<(), Error> {
    let mut stack = vec![base.to_owned()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(root.join(&dir)) else {
            continue;
        };
        for entry in entries {
            let entry = entry.map_err(|e| Error::Io(format!("cannot list {dir}: {e}")))?;
            let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
                continue;
            };
            let rel = dir.join(&name);
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() && globs.matches(rel.as_str()) {
                // A directory where a scanned document should be: read (and refused) by name.
                found.push(rel);
            } else if kind.is_dir() {
                // Hidden directories and cargo's output (any directory cargo tagged with
                // `CACHEDIR.TAG`, such as `target/`) are never documentation.
                let cargo_output =
                    (dir.as_str().is_empty() && name == "target") || root.join(&rel).join("CACHEDIR.TAG").exists();
                if !name.starts_with('.') && !cargo_output {
                    stack.push(rel);
                }
            } else if globs.matches(rel.as_str()) {
                found.push(rel);
            }
        }
    }
    Ok(())
}

/// Reads, parses and splits one document.
///
/// # Errors
/// Unreadable, refused (outside the repository, not a regular file, over [`MAX_MARKDOWN`], not
/// UTF-8), or nested too deeply: naming the file.
pub fn read_doc(repo: &Repo, rel: &Utf8Path, lexicon: &Lexicon) -> Result<Doc, ConfigError> {
    parse_doc(read_text(repo, rel, MAX_MARKDOWN)?, lexicon)
}

/// Parses and splits a document already read.
///
/// # Errors
/// Nested too deeply, naming the file and line.
pub fn parse_doc(file: SourceFile, lexicon: &Lexicon) -> Result<Doc, ConfigError> {
    check_markers(&file)?;
    let scanned = scan(&file.text).map_err(|(line, e)| ConfigError::at_line(file.name.clone(), line, e))?;
    let mut doc = Doc { file, blocks: scanned.blocks, refs: scanned.refs, sentences: Vec::new() };
    for (index, block) in doc.blocks.iter().enumerate() {
        for range in sentences(&block.text, &block.code) {
            let skip: Vec<Range<usize>> = block
                .code
                .iter()
                .filter(|c| c.start < range.end && range.start < c.end)
                .map(|c| c.start.saturating_sub(range.start)..c.end.min(range.end) - range.start)
                .collect();
            let triggers = lexicon.triggers(&block.text[range.clone()], &skip);
            let source = block.source_offset(range.start, false)..block.source_offset(range.end, true);
            doc.sentences.push(Sentence { block: index, range, source, triggers });
        }
    }
    Ok(doc)
}

/// Refuses lines that open more than [`MAX_MARKERS_PER_LINE`] lists or quotes: the parser would
/// build that many containers before the scanner sees the first one.
fn check_markers(file: &SourceFile) -> Result<(), ConfigError> {
    for (i, line) in file.text.lines().enumerate() {
        let mut rest = line.trim_start();
        let mut markers = 0;
        while markers <= MAX_MARKERS_PER_LINE {
            let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
            let bullet = rest.strip_prefix(['-', '*', '+']).filter(|r| r.starts_with([' ', '\t']));
            let ordered = (1..=9).contains(&digits).then(|| rest[digits..].strip_prefix(['.', ')'])).flatten();
            let Some(after) = rest.strip_prefix('>').or(bullet).or(ordered) else {
                break;
            };
            markers += 1;
            rest = after.trim_start();
        }
        if markers > MAX_MARKERS_PER_LINE {
            return Err(ConfigError::at_line(
                file.name.clone(),
                i + 1,
                format!("more than {MAX_MARKERS_PER_LINE} nested lists or block quotes on one line: refused"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glob_prefixes() {
        assert_eq!(literal_prefix("docs/**/*.md"), "docs");
        assert_eq!(literal_prefix("README.md"), "");
        assert_eq!(literal_prefix("a/b/c*.md"), "a/b");
        assert_eq!(literal_prefix("**/*.md"), "");
    }

    #[test]
    fn runaway_markers_are_refused_by_line() {
        let ok = SourceFile::new("a.md", "- a\n  - b\n> > quote\n1. x\n");
        assert!(check_markers(&ok).is_ok());
        let deep = SourceFile::new("d.md", format!("intro\n{}x\n", "> ".repeat(100)));
        let err = check_markers(&deep).unwrap_err();
        assert_eq!(err.position.map(|p| p.line), Some(2));
        let lists = SourceFile::new("l.md", format!("{}x\n", "1. ".repeat(70)));
        assert!(check_markers(&lists).is_err());
    }
}
