//! Building the source index: the crates' module trees are walked (every file parsed once, in
//! parallel, its walk cached by content), each crate's module table is built, and every file a
//! rule looks at gets its facts — paths resolved through the crate's modules, from each module
//! it is compiled as. Files under a rule's `paths` that no declaration reaches are kept aside as
//! unreachable.

use std::collections::{HashMap, HashSet};

use camino::{Utf8Path, Utf8PathBuf};
use sha2::{Digest as _, Sha256};

use super::facts::{Interest, ParseProblem};
use super::ir::FileIr;
use super::members::Split;
use super::tree::{CrateRoot, Parsed};
use super::{cache, in_scope, wanted_by_any_rule, CrateNames, DeniedPaths, FileAnalysis, SourceIndex};
use crate::resolve::Scopes;
use crate::workspace::{SourceScope, Workspace, WorkspaceFile};
use gate_core::policy::Policy;
use gate_core::text::{Position, SourceFile};

/// Reads, parses and walks every file compiled into a crate some source rule looks at, reusing
/// cached walks for files whose content and policy are unchanged.
///
/// # Errors
/// A member directory cannot be listed.
pub fn build_index(
    ws: &Workspace,
    policy: &Policy,
    policy_digest: &str,
) -> Result<SourceIndex, gate_core::config::ConfigError> {
    build_index_with(ws, policy, policy_digest, true)
}

/// [`build_index`], reading and writing the cache only when `use_cache` (`release` and `verify`
/// analyse every file afresh, PRODUCT.md §11).
///
/// # Errors
/// A member directory cannot be listed.
pub fn build_index_with(
    ws: &Workspace,
    policy: &Policy,
    policy_digest: &str,
    use_cache: bool,
) -> Result<SourceIndex, gate_core::config::ConfigError> {
    let listing = ws.source_files()?;
    let roots = crate_roots(ws, policy, &listing);
    let denied = DeniedPaths::from_policy(policy);
    let cache_dir = ws.target_dir.join("gate");
    let cached = if use_cache { cache::load(&cache_dir, policy_digest) } else { cache::Cached::default() };
    let names: Vec<CrateNames> = ws.members.iter().map(|m| CrateNames::of(m, &denied)).collect();
    let repo = gate_core::fsio::repo_root(&ws.root);
    let repo =
        std::fs::canonicalize(&repo).ok().and_then(|p| camino::Utf8PathBuf::from_path_buf(p).ok()).unwrap_or(repo);
    let reader = Reader { ws, policy, names: &names, denied: &denied, cached: &cached, repo: &repo };
    let split = Split::new(ws, &roots, &listing, &names, &cached);
    let dirty = split.dirty_roots.as_slice();
    // The parser and the walk recurse per nesting level: give the workers room.
    let build = || {
        let tree = super::tree::walk(&ws.root, dirty, &listing, &|member, path| reader.analyse(member, path));
        let files = super::member_facts::facts_of_files(ws, policy, dirty, &tree, &denied);
        (tree, files)
    };
    let (mut tree, mut files) = match rayon::ThreadPoolBuilder::new().stack_size(64 << 20).build() {
        Ok(pool) => pool.install(build),
        Err(_) => build(),
    };
    let mut cache_hits = tree.parsed.values().filter(|p| p.hit).count();
    if use_cache && !(split.all_clean() && cached.members.len() == split.clean.len()) {
        let members = split.entries(ws, &cached, &tree, &files);
        // The walks move into the cache, and their module trees go: neither is needed any more.
        let mut entries: HashMap<String, HashMap<String, cache::FileEntry>> = HashMap::new();
        for ((member, path), p) in &mut tree.parsed {
            p.ir = FileIr::default();
            if p.hash.is_empty() {
                continue;
            }
            let (Some(m), Some(n)) = (ws.members.get(*member), names.get(*member)) else { continue };
            let entry = cache::FileEntry::new(p.hash.clone(), n.digest.clone(), p.stamp, std::mem::take(&mut p.full));
            entries.entry(m.name.clone()).or_default().insert(path.to_string(), entry);
        }
        cache::save(&cache_dir, policy_digest, entries, members);
    }
    let mut reached: HashSet<(&str, Utf8PathBuf)> =
        tree.instances.iter().map(|i| (split.dirty_roots[i.root].krate.as_str(), i.file.clone())).collect();
    for (member, result) in split.clean {
        let krate = ws.members[member].name.as_str();
        cache_hits += result.reached.len();
        reached.extend(result.reached.into_iter().map(|f| (krate, f)));
        files.extend(result.analyses);
    }
    let member_index: HashMap<&str, usize> = ws.members.iter().enumerate().map(|(i, m)| (m.name.as_str(), i)).collect();
    files.sort_by(|a, b| {
        let index = |f: &FileAnalysis| member_index.get(f.file.krate.as_str()).copied();
        (&a.file.path, index(a)).cmp(&(&b.file.path, index(b)))
    });
    let relevant: HashSet<&str> = roots.iter().map(|r| r.krate.as_str()).collect();
    let unreachable = listing
        .into_iter()
        .filter(|f| relevant.contains(&f.krate.as_str()) && !reached.contains(&(f.krate.as_str(), f.path.clone())))
        .filter(|f| wanted_by_any_rule(policy, f))
        .collect();
    Ok(SourceIndex { files, cache_hits, unreachable })
}

/// Whether some rule's `paths` names `tests/`, `benches/` or `examples/`.
fn rules_name_test_dirs(policy: &Policy) -> bool {
    let names = |paths: Option<&gate_core::glob::GlobSet>| paths.is_some_and(super::names_test_dirs);
    policy.ambient.as_ref().is_some_and(|a| names(a.paths.as_ref()))
        || policy.cx_first.as_ref().is_some_and(|c| names(c.paths.as_ref()))
        || policy.substrates.iter().any(|s| names(Some(&s.paths)))
}

/// The crates to walk: every target of every member with a file some rule looks at; test,
/// bench and example targets only when a rule's `paths` names them.
fn crate_roots(ws: &Workspace, policy: &Policy, listing: &[WorkspaceFile]) -> Vec<CrateRoot> {
    let tests = rules_name_test_dirs(policy);
    let wanted: HashSet<&str> =
        listing.iter().filter(|f| wanted_by_any_rule(policy, f)).map(|f| f.krate.as_str()).collect();
    let mut roots = Vec::new();
    for (index, member) in ws.members.iter().enumerate() {
        if !wanted.contains(member.name.as_str()) {
            continue;
        }
        for target in &member.targets {
            let test_target = matches!(target.kind.as_str(), "test" | "bench" | "example");
            if test_target && !tests {
                continue;
            }
            let name = if target.kind == "custom-build" {
                "build_script_build".to_owned()
            } else {
                target.name.replace('-', "_")
            };
            if roots.iter().any(|r: &CrateRoot| r.member == index && r.file == target.src_path && r.name == name) {
                continue;
            }
            let file = target.src_path.clone();
            roots.push(CrateRoot { member: index, krate: member.name.clone(), name, file, test_target });
        }
    }
    roots
}

/// What reading one file needs.
struct Reader<'a> {
    ws: &'a Workspace,
    policy: &'a Policy,
    names: &'a [CrateNames],
    denied: &'a DeniedPaths,
    cached: &'a cache::Cached,
    repo: &'a Utf8Path,
}

impl Reader<'_> {
    fn analyse(&self, member: usize, path: &Utf8Path) -> Parsed {
        let failed = |message: String| {
            let ir = FileIr::failed(ParseProblem { position: Position { line: 1, column: 1 }, message });
            Parsed::new(ir, String::new(), None)
        };
        let (Some(m), Some(names)) = (self.ws.members.get(member), self.names.get(member)) else {
            return failed("the file belongs to no member".to_owned());
        };
        let full = self.ws.root.join(path);
        // The same file (inode, size, times) as when it was read and found inside the repository:
        // neither read, resolved nor hashed again.
        let unchanged = self.cached.take_unchanged(&m.name, path.as_str(), &full, &names.digest);
        if let Some(parsed) = unchanged.and_then(|(walk, hash, stamp)| Parsed::from_encoded(walk, hash, stamp)) {
            if let Some(stamp) = parsed.stamp {
                gate_core::fsio::inputs::saw_stamp(&full, stamp);
            }
            return parsed;
        }
        let stamp = gate_core::fsio::Stamp::of_path(full.as_std_path());
        let bytes = match read_source(self.repo, &full) {
            Ok(b) => b,
            Err(e) => {
                let reason = e.reason();
                let reason =
                    if reason.starts_with("cannot read") { reason } else { format!("cannot read the file: {reason}") };
                return failed(reason);
            }
        };
        let mut hasher = Sha256::new();
        hasher.update(&bytes);
        hasher.update(format!("\0{}", names.digest).as_bytes());
        let hash = gate_core::text::hex(&hasher.finalize());
        if let Some(parsed) = self
            .cached
            .take(&m.name, path.as_str(), &hash)
            .and_then(|walk| Parsed::from_encoded(walk, hash.clone(), stamp))
        {
            return parsed;
        }
        let problem = |position: Position, message: String| FileIr::failed(ParseProblem { position, message });
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                let message = format!("the file is not valid UTF-8 (invalid byte at offset {at})");
                return Parsed::new(problem(Position { line: 1, column: 1 }, message), hash, stamp);
            }
        };
        if let Some(line) = super::too_deep(&text) {
            let message =
                format!("the code nests deeper than {} levels; the gate does not parse such files", super::MAX_NESTING);
            return Parsed::new(problem(Position { line, column: 1 }, message), hash, stamp);
        }
        let file = WorkspaceFile { path: path.to_owned(), krate: m.name.clone(), scope: SourceScope::of(&m.dir, path) };
        let interest = Interest {
            denied: self.denied,
            cx_first: self.policy.cx_first.as_ref().filter(|c| in_scope(c.paths.as_ref(), &file)),
            record: wanted_by_any_rule(self.policy, &file),
        };
        let scopes = Scopes::new()
            .with_renamed_dependencies(names.renamed.clone())
            .with_known_crates(names.known.iter().cloned());
        let ir =
            super::facts::collect(&SourceFile::new(path.to_owned(), text), scopes, &interest, file.scope.is_test_dir());
        Parsed::new(ir, hash, stamp)
    }
}

/// Reads a source file that must resolve (through symlinks too) inside `repo`, already
/// canonical: a regular file of at most 8 MiB, as `gate_core::fsio::read_inside` reads it.
fn read_source(repo: &Utf8Path, path: &Utf8Path) -> Result<Vec<u8>, gate_core::fsio::ReadError> {
    use gate_core::fsio::ReadError;
    let resolved = std::fs::canonicalize(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => ReadError::Missing { path: path.to_owned() },
        _ => ReadError::Io { path: path.to_owned(), source },
    })?;
    let target = camino::Utf8PathBuf::from_path_buf(resolved)
        .unwrap_or_else(|p| camino::Utf8PathBuf::from(p.to_string_lossy().as_ref()));
    if !target.starts_with(repo) {
        return Err(ReadError::Outside { path: path.to_owned(), target });
    }
    gate_core::fsio::read_regular(path, gate_core::fsio::SOURCE_FILE_LIMIT)
}
