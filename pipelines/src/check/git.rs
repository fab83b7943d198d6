//! The one module of `check` that talks to git (libgit2 through `git2`): for `--base REV`, the
//! lines added or changed since the merge-base of HEAD and REV, with renames followed, so that a
//! file moved without change has no new line.
//!
//! The comparison is the merge-base's tree against the working tree (the index included), so
//! uncommitted edits count as changes, as they would in the pull request they become. On a
//! shallow clone where the merge-base lies beyond the fetched history, REV itself is the base:
//! in CI, REV is the target branch and HEAD a commit on top of it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use camino::{Utf8Path, Utf8PathBuf};
use git2::{Delta, DiffFindOptions, DiffOptions, Oid, Patch, Repository};

use crate::Error;

/// How a file differs from the base.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum FileChange {
    /// Not in the base tree (added, untracked, or ignored): every line is new.
    New,
    /// In the base (perhaps under another name): these 1-based lines were added or changed.
    Lines(BTreeSet<usize>),
}

/// The repository and the commit `--base` compares with.
pub(crate) struct BaseRepo {
    repo: Repository,
    /// The git top level (absolute, canonical).
    pub root: Utf8PathBuf,
    /// The commit compared with: the merge-base, or REV on a shallow clone without one.
    pub base: Oid,
    /// Whether the clone was too shallow to find a merge-base, so REV itself is the base.
    pub shallow_fallback: bool,
}

/// Opens the repository around `dir` and finds the commit to compare with.
///
/// # Errors
/// `dir` is in no git repository (or a bare one), HEAD has no commit, REV names no commit, or
/// HEAD and REV share no history.
pub(crate) fn open(dir: &Utf8Path, rev: &str) -> Result<BaseRepo, Error> {
    let repo = Repository::discover(dir.as_std_path())
        .map_err(|_| Error::Usage(format!("--base needs a git repository, and {dir} is not in one")))?;
    let root = repo
        .workdir()
        .and_then(|p| std::fs::canonicalize(p).ok())
        .and_then(|p| Utf8PathBuf::from_path_buf(p).ok())
        .ok_or_else(|| Error::Usage(format!("--base needs a checkout: the repository of {dir} has no work tree")))?;
    let head = repo
        .head()
        .and_then(|h| h.peel_to_commit())
        .map_err(|_| Error::Usage(format!("--base: HEAD of the repository at {root} has no commit yet")))?
        .id();
    let target = repo.revparse_single(rev).and_then(|o| o.peel_to_commit()).map(|c| c.id()).map_err(|_| {
        Error::Usage(format!(
            "--base `{rev}` names no commit in the repository at {root} (a shallow CI clone must fetch it first: \
             `git fetch --depth=1 origin {rev}`)"
        ))
    })?;
    let (base, shallow_fallback) = match repo.merge_base(head, target) {
        Ok(base) => (base, false),
        Err(_) if repo.is_shallow() => (target, true),
        Err(_) => {
            return Err(Error::Usage(format!("--base `{rev}`: HEAD and `{rev}` have no common history in {root}")))
        }
    };
    Ok(BaseRepo { repo, root, base, shallow_fallback })
}

impl BaseRepo {
    /// How each of `paths` (repo-relative, `/`-separated) differs from the base.
    ///
    /// # Errors
    /// The base tree or the working tree cannot be read.
    pub(crate) fn changes(&self, paths: &BTreeSet<Utf8PathBuf>) -> Result<BTreeMap<Utf8PathBuf, FileChange>, Error> {
        let fail = |e: git2::Error| Error::Io(format!("--base: cannot compare with {}: {}", self.base, e.message()));
        let tree = self.repo.find_commit(self.base).and_then(|c| c.tree()).map_err(fail)?;
        let mut options = DiffOptions::new();
        options.include_untracked(true).recurse_untracked_dirs(true).context_lines(0).show_untracked_content(true);
        let mut diff = self.repo.diff_tree_to_workdir_with_index(Some(&tree), Some(&mut options)).map_err(fail)?;
        let mut similar = DiffFindOptions::new();
        similar.renames(true).for_untracked(true);
        diff.find_similar(Some(&mut similar)).map_err(fail)?;

        let mut changed: BTreeMap<Utf8PathBuf, FileChange> = BTreeMap::new();
        for (index, delta) in diff.deltas().enumerate() {
            let Some(path) = delta.new_file().path().and_then(utf8) else { continue };
            if !paths.contains(&path) {
                continue;
            }
            let change = match delta.status() {
                Delta::Deleted | Delta::Unmodified => continue,
                Delta::Added | Delta::Untracked | Delta::Ignored | Delta::Typechange => FileChange::New,
                _ => match Patch::from_diff(&diff, index).map_err(fail)? {
                    Some(text_patch) => FileChange::Lines(added_lines(&text_patch).map_err(fail)?),
                    // No text patch (a binary file): count the whole file as changed.
                    None => FileChange::New,
                },
            };
            changed.insert(path, change);
        }
        for path in paths {
            if !changed.contains_key(path) && tree.get_path(path.as_std_path()).is_err() {
                // Not in the base and not in the diff (an ignored file): nothing vouches that it is old.
                changed.insert(path.clone(), FileChange::New);
            }
        }
        Ok(changed)
    }
}

/// The new-side line numbers of every added line in a patch.
fn added_lines(patch: &Patch<'_>) -> Result<BTreeSet<usize>, git2::Error> {
    let mut lines = BTreeSet::new();
    for hunk in 0..patch.num_hunks() {
        for line in 0..patch.num_lines_in_hunk(hunk)? {
            let line = patch.line_in_hunk(hunk, line)?;
            if line.origin() == '+' {
                if let Some(number) = line.new_lineno() {
                    lines.insert(number as usize);
                }
            }
        }
    }
    Ok(lines)
}

fn utf8(path: &Path) -> Option<Utf8PathBuf> {
    Utf8Path::from_path(path).map(|p| Utf8PathBuf::from(p.as_str().replace('\\', "/")))
}
