//! Real git repositories for the tests, made with git2: commit, branch, `git mv`, and a shallow
//! clone's graft.

use std::path::Path;

use git2::{IndexAddOption, Oid, Repository, RepositoryInitOptions, Signature};

/// `git init -b main` in `dir`.
pub fn init(dir: &Path) -> Repository {
    let mut options = RepositoryInitOptions::new();
    options.initial_head("main");
    Repository::init_opts(dir, &options).unwrap()
}

/// `git add -A && git commit -m message` on the current branch.
pub fn commit_all(repo: &Repository, message: &str) -> Oid {
    let mut index = repo.index().unwrap();
    index.add_all(["*"], IndexAddOption::DEFAULT, None).unwrap();
    index.update_all(["*"], None).unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let signature = Signature::new("gate test", "test@example.invalid", &git2::Time::new(1_790_000_000, 0)).unwrap();
    let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
    let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
    repo.commit(Some("HEAD"), &signature, &signature, message, &tree, &parents).unwrap()
}

/// `git switch -c name`.
pub fn branch(repo: &Repository, name: &str) {
    let head = repo.head().unwrap().peel_to_commit().unwrap();
    repo.branch(name, &head, false).unwrap();
    repo.set_head(&format!("refs/heads/{name}")).unwrap();
}

/// `git mv from to` (paths relative to the work tree), staged.
pub fn mv(repo: &Repository, from: &str, to: &str) {
    let root = repo.workdir().unwrap();
    std::fs::create_dir_all(root.join(to).parent().unwrap()).unwrap();
    std::fs::rename(root.join(from), root.join(to)).unwrap();
    let mut index = repo.index().unwrap();
    index.remove_path(Path::new(from)).unwrap();
    index.add_path(Path::new(to)).unwrap();
    index.write().unwrap();
}

/// Makes the repository look like a shallow clone whose history stops at `commit`.
pub fn make_shallow_at(repo: &Repository, commit: Oid) {
    std::fs::write(repo.path().join("shallow"), format!("{commit}\n")).unwrap();
}
