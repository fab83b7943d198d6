//! `check --base REV`: keep only the findings a change introduced — those on lines added or
//! changed since the merge-base of HEAD and REV (PRODUCT.md §4) — so a team that adopts the gate
//! on a workspace with old violations sees what each pull request adds.
//!
//! What is always kept, whatever the lines: waiver problems (`waiver/*`, as the contract says),
//! and what says the gate could not check everything (`scope/*`, `resolve/*`). A `parse` finding
//! is kept when its file changed at all: an unparsable file hides every finding in it.

use std::collections::BTreeSet;

use camino::{Utf8Path, Utf8PathBuf};
use gate_core::finding::Finding;
use serde::Serialize;

use super::git::{self, BaseRepo, FileChange};
use crate::Error;

/// What `--base` did, for the report.
#[derive(Clone, Debug, Serialize)]
pub struct BaseReport {
    /// REV as given.
    pub rev: String,
    /// The commit compared with (the merge-base, or REV on a shallow clone without one).
    pub compared_with: String,
    /// Whether the clone was too shallow to find a merge-base, so REV itself was the base.
    pub shallow_fallback: bool,
    /// Findings on unchanged lines, not reported.
    pub not_reported: usize,
}

impl BaseReport {
    /// The note the report carries: what was compared and how much was left out.
    #[must_use]
    pub fn note(&self) -> String {
        let short = &self.compared_with[..self.compared_with.len().min(12)];
        let against = if self.shallow_fallback {
            format!("`{}` itself ({short}: the clone is too shallow for a merge-base)", self.rev)
        } else {
            format!("the merge-base with `{}` ({short})", self.rev)
        };
        let n = self.not_reported;
        format!("--base: compared with {against}; {n} finding{} on unchanged lines not reported", plural(n))
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The repository and base commit of `--base`, resolved before the rules run, so an unknown REV
/// fails fast.
pub(crate) struct Base {
    rev: String,
    repo: BaseRepo,
}

/// Resolves REV in the repository around the workspace.
///
/// # Errors
/// No repository, no commit for HEAD or REV, no common history.
pub(crate) fn open(ws_root: &Utf8Path, rev: &str) -> Result<Base, Error> {
    Ok(Base { rev: rev.to_owned(), repo: git::open(ws_root, rev)? })
}

impl Base {
    /// Drops the findings on unchanged lines; `ws_root` is where finding paths start.
    ///
    /// # Errors
    /// The base or the working tree cannot be read.
    pub(crate) fn filter(&self, findings: &mut Vec<Finding>, ws_root: &Utf8Path) -> Result<BaseReport, Error> {
        let prefix = ws_root.strip_prefix(&self.repo.root).map(Utf8Path::to_owned).unwrap_or_default();
        let in_repo = |f: &Finding| -> Utf8PathBuf { Utf8PathBuf::from(prefix.join(&f.location.file).as_str()) };
        let paths: BTreeSet<Utf8PathBuf> = findings.iter().filter(|f| !always_kept(f)).map(&in_repo).collect();
        let changes = self.repo.changes(&paths)?;
        let before = findings.len();
        findings.retain(|f| always_kept(f) || introduced(f, changes.get(&in_repo(f))));
        Ok(BaseReport {
            rev: self.rev.clone(),
            compared_with: self.repo.base.to_string(),
            shallow_fallback: self.repo.shallow_fallback,
            not_reported: before - findings.len(),
        })
    }
}

/// Findings about the gate itself, reported whatever changed.
fn always_kept(f: &Finding) -> bool {
    matches!(f.rule.split('/').next(), Some("waiver" | "scope" | "resolve"))
}

/// Whether the change touched the finding: a line of its span was added or changed (for
/// `parse`: any line of its file), or the file is new.
fn introduced(f: &Finding, change: Option<&FileChange>) -> bool {
    match change {
        None => false,
        Some(FileChange::New) => true,
        Some(FileChange::Lines(lines)) if f.rule == "parse" => !lines.is_empty(),
        Some(FileChange::Lines(lines)) => {
            let (start, end) = (f.location.start.line, f.location.end.line.max(f.location.start.line));
            lines.range(start..=end).next().is_some()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether findings of `rule` with these line spans would be kept.
    fn kept_lines(change: &FileChange, rule: &str, spans: &[(usize, usize)]) -> Vec<bool> {
        use gate_core::finding::Location;
        use gate_core::text::Position;
        spans
            .iter()
            .map(|&(start, end)| {
                let location = Location {
                    file: "src/lib.rs".into(),
                    start: Position { line: start, column: 1 },
                    end: Position { line: end, column: 1 },
                };
                let f = Finding::new(rule, location, "m");
                always_kept(&f) || introduced(&f, Some(change))
            })
            .collect()
    }

    #[test]
    fn a_finding_is_new_when_a_line_of_its_span_changed() {
        let change = FileChange::Lines(BTreeSet::from([5, 9]));
        assert_eq!(kept_lines(&change, "ambient/fs", &[(5, 5), (3, 4), (8, 10), (10, 12)]), [true, false, true, false]);
        assert_eq!(kept_lines(&FileChange::New, "layer", &[(1, 1)]), [true]);
        assert_eq!(kept_lines(&FileChange::Lines(BTreeSet::new()), "cx-first", &[(1, 1)]), [false]);
    }

    #[test]
    fn waiver_scope_and_resolve_findings_are_always_kept_and_parse_when_the_file_changed() {
        let unchanged = FileChange::Lines(BTreeSet::new());
        assert_eq!(kept_lines(&unchanged, "waiver/expired", &[(1, 1)]), [true]);
        assert_eq!(kept_lines(&unchanged, "scope/empty", &[(1, 1)]), [true]);
        assert_eq!(kept_lines(&unchanged, "resolve/partial", &[(1, 1)]), [true]);
        assert_eq!(kept_lines(&unchanged, "parse", &[(1, 1)]), [false]);
        assert_eq!(kept_lines(&FileChange::Lines(BTreeSet::from([40])), "parse", &[(1, 1)]), [true]);
    }
}
