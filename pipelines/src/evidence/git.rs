//! The git facts evidence records (via git2, in process): the commit `HEAD` names, and whether
//! tracked files differ from it.

use camino::Utf8Path;
use git2::{Repository, StatusOptions};

/// What the repository says when evidence is recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GitState {
    /// The full hex id of `HEAD`'s commit; `None` before the first commit.
    pub commit: Option<String>,
    /// Whether a tracked file is modified, staged, deleted or renamed (untracked files do not
    /// count, as with `git describe --dirty`).
    pub dirty: bool,
}

fn open(root: &Utf8Path) -> Option<Repository> {
    let repo = Repository::discover(root.as_std_path()).ok()?;
    // A bare repository has no work tree: nothing in it bounds the workspace's files.
    repo.workdir()?;
    Some(repo)
}

/// The commit and dirty flag of the repository containing `root`; `None` outside a repository.
pub fn state(root: &Utf8Path) -> Option<GitState> {
    let repo = open(root)?;
    let commit = repo.head().ok().and_then(|head| head.peel_to_commit().ok()).map(|c| c.id().to_string());
    let mut options = StatusOptions::new();
    options.include_untracked(false).include_ignored(false).exclude_submodules(true);
    // A status that cannot be computed is reported as dirty: the record must not overstate.
    let dirty = repo.statuses(Some(&mut options)).map_or(true, |statuses| {
        statuses.iter().any(|entry| entry.status() != git2::Status::CURRENT && !entry.status().is_ignored())
    });
    Some(GitState { commit, dirty })
}
