//! Source rules: checks on the Rust files of the workspace members (PRODUCT.md §4).
//!
//! Every file some source rule looks at is read, parsed (syn, full) and walked once, in parallel;
//! the facts it yields — expression paths that may reach a denied path, function signatures —
//! feed every source rule. Facts are cached under `target/gate/`, keyed by the file's content and
//! the policy's digest.

pub(crate) mod ambient;
mod cache;
pub(crate) mod cx_first;
pub mod facts;
pub(crate) mod parse;
pub(crate) mod substrate_paths;
mod tokens;
mod walk;

use std::collections::HashMap;

use camino::Utf8Path;
use rayon::prelude::*;
use sha2::{Digest as _, Sha256};

use crate::workspace::{SourceScope, Workspace, WorkspaceFile};
pub(crate) use facts::{Facts, FnFact, ParseProblem, PathUse};
use gate_core::glob::GlobSet;
use gate_core::policy::Policy;
use gate_core::text::SourceFile;

/// The cargo-gate version and a fingerprint of this build's analysis code: caches written by any
/// other build are not trusted.
#[must_use]
pub(crate) fn analysis_fingerprint() -> String {
    format!("{}+{}", env!("CARGO_PKG_VERSION"), env!("GATE_ANALYSIS_FINGERPRINT"))
}

/// A file and what the walk found in it.
#[derive(Clone, Debug)]
pub struct FileAnalysis {
    /// The file.
    pub file: WorkspaceFile,
    /// Its facts.
    pub facts: Facts,
}

/// Every analysed file, in path order.
#[derive(Clone, Debug, Default)]
pub struct SourceIndex {
    /// The files.
    pub files: Vec<FileAnalysis>,
    /// Files whose facts came from the cache.
    pub cache_hits: usize,
}

impl SourceIndex {
    /// Whether any analysed file of any member is in the scope of these `paths` (for
    /// `scope/empty`, which must not depend on `-p`).
    #[must_use]
    pub(crate) fn any_in_scope(&self, paths: Option<&GlobSet>) -> bool {
        self.files.iter().any(|f| in_scope(paths, &f.file))
    }

    /// The analysed files a rule with these `paths` looks at (see [`in_scope`]).
    pub(crate) fn in_scope<'a>(
        &'a self,
        paths: Option<&'a GlobSet>,
        packages: &'a [String],
    ) -> impl Iterator<Item = &'a FileAnalysis> + 'a {
        self.files
            .iter()
            .filter(move |f| in_scope(paths, &f.file) && (packages.is_empty() || packages.contains(&f.file.krate)))
    }
}

/// Whether a rule with these `paths` (none: every file) looks at `file`. Files under `tests/`,
/// `benches/` and `examples/` count only when a pattern names such a directory.
#[must_use]
pub(crate) fn in_scope(paths: Option<&GlobSet>, file: &WorkspaceFile) -> bool {
    if paths.is_some_and(|g| !g.matches(file.path.as_str())) {
        return false;
    }
    match file.scope {
        SourceScope::Main | SourceScope::Build => true,
        SourceScope::Test | SourceScope::Bench | SourceScope::Example => paths.is_some_and(names_test_dirs),
    }
}

fn names_test_dirs(paths: &GlobSet) -> bool {
    paths.globs().iter().any(|g| g.as_str().split('/').any(|seg| matches!(seg, "tests" | "benches" | "examples")))
}

/// Denied paths by their first segment, so a walk keeps only the paths that may matter.
#[derive(Clone, Debug, Default)]
pub struct DeniedPaths {
    by_root: HashMap<String, Vec<String>>,
}

impl DeniedPaths {
    /// The denied paths of every ambient category and substrate ban of `policy`.
    #[must_use]
    pub fn from_policy(policy: &Policy) -> Self {
        let mut by_root: HashMap<String, Vec<String>> = HashMap::new();
        let ambient = policy.ambient.iter().flat_map(|a| a.categories.values().flatten());
        let banned = policy.substrates.iter().flat_map(|s| s.banned.iter());
        for path in ambient.chain(banned) {
            let root = path.split("::").next().unwrap_or_default().to_owned();
            by_root.entry(root).or_default().push(path.clone());
        }
        Self { by_root }
    }

    /// Whether `resolved` reaches any denied path.
    #[must_use]
    pub(crate) fn matches(&self, resolved: &[String]) -> bool {
        let Some(root) = resolved.first() else { return false };
        let Some(denied) = self.by_root.get(root) else { return false };
        let joined = resolved.join("::");
        denied.iter().any(|d| crate::resolve::reaches(&joined, d))
    }
}

/// Whether the policy has any source rule.
#[must_use]
pub fn wanted(policy: &Policy) -> bool {
    policy.ambient.is_some() || policy.cx_first.is_some() || policy.substrates.iter().any(|s| !s.paths.is_empty())
}

fn wanted_by_any_rule(policy: &Policy, file: &WorkspaceFile) -> bool {
    let ambient = policy.ambient.as_ref().is_some_and(|a| in_scope(a.paths.as_ref(), file));
    let cx = policy.cx_first.as_ref().is_some_and(|c| in_scope(c.paths.as_ref(), file));
    let substrate = policy.substrates.iter().any(|s| !s.paths.is_empty() && in_scope(Some(&s.paths), file));
    ambient || cx || substrate
}

/// Reads, parses and walks every file a source rule looks at (in parallel), reusing cached
/// facts for files whose content and policy are unchanged.
///
/// # Errors
/// A member directory cannot be listed.
pub fn build_index(
    ws: &Workspace,
    policy: &Policy,
    policy_digest: &str,
) -> Result<SourceIndex, gate_core::config::ConfigError> {
    let files: Vec<WorkspaceFile> = ws.source_files()?.into_iter().filter(|f| wanted_by_any_rule(policy, f)).collect();
    let denied = DeniedPaths::from_policy(policy);
    let cache_path = ws.target_dir.join("gate").join("source-facts.json");
    let cached = cache::load(&cache_path, policy_digest);
    let crates: HashMap<&str, CrateNames> =
        ws.members.iter().map(|m| (m.name.as_str(), CrateNames::of(m, &denied))).collect();
    let no_names = CrateNames::default();
    let work = || -> Vec<(FileAnalysis, String, bool)> {
        files
            .into_par_iter()
            .map(|file| {
                let names = crates.get(file.krate.as_str()).unwrap_or(&no_names);
                let (facts, hash, hit) = analyse(ws, policy, &file, names, &denied, &cached);
                (FileAnalysis { file, facts }, hash, hit)
            })
            .collect()
    };
    // The parser and the walk recurse per nesting level: give the workers room.
    let analysed = match rayon::ThreadPoolBuilder::new().stack_size(64 << 20).build() {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    };
    let cache_hits = analysed.iter().filter(|(_, _, hit)| *hit).count();
    if cache_hits < analysed.len() || cached.len() != analysed.len() {
        let entries = analysed.iter().map(|(a, hash, _)| (a.file.path.as_str(), hash.as_str(), &a.facts));
        cache::save(&cache_path, policy_digest, entries);
    }
    let files = without_test_modules(ws, analysed.into_iter().map(|(a, _, _)| a).collect());
    Ok(SourceIndex { files, cache_hits })
}

/// Drops the files of modules a parent declared test-only (`#[cfg(test)] mod tests;`), and of
/// everything below them.
fn without_test_modules(ws: &Workspace, files: Vec<FileAnalysis>) -> Vec<FileAnalysis> {
    let test_modules: Vec<(&str, &str)> = files
        .iter()
        .flat_map(|f| f.facts.test_modules.iter().map(move |m| (f.file.krate.as_str(), m.as_str())))
        .collect();
    if test_modules.is_empty() {
        return files;
    }
    let dirs: HashMap<&str, &Utf8Path> = ws.members.iter().map(|m| (m.name.as_str(), m.dir.as_path())).collect();
    let test_only: Vec<bool> = files
        .iter()
        .map(|f| {
            let dir = dirs.get(f.file.krate.as_str()).copied().unwrap_or(Utf8Path::new(""));
            let module = module_path(dir, &f.file).1.join("::");
            test_modules.iter().any(|(krate, m)| {
                *krate == f.file.krate
                    && (module == *m || module.strip_prefix(m).is_some_and(|rest| rest.starts_with("::")))
            })
        })
        .collect();
    files.into_iter().zip(test_only).filter(|(_, t)| !t).map(|(f, _)| f).collect()
}

fn analyse(
    ws: &Workspace,
    policy: &Policy,
    file: &WorkspaceFile,
    names: &CrateNames,
    denied: &DeniedPaths,
    cached: &cache::Cached,
) -> (Facts, String, bool) {
    let unreadable = |message: String| Facts {
        parse_error: Some(ParseProblem { position: gate_core::text::Position { line: 1, column: 1 }, message }),
        ..Facts::default()
    };
    let bytes = match std::fs::read(ws.root.join(&file.path)) {
        Ok(b) => b,
        Err(e) => return (unreadable(format!("cannot read the file: {e}")), String::new(), false),
    };
    // Facts depend on the text and on how its names resolve: crate, module, renamed dependencies.
    let (crate_name, module) = module_path(&names.dir, file);
    let mut hasher = Sha256::new();
    hasher.update(&bytes);
    hasher.update(format!("\0{crate_name}\0{}\0{}", module.join("::"), names.digest).as_bytes());
    let hash = gate_core::text::hex(&hasher.finalize());
    if let Some(facts) = cached.get(file.path.as_str(), &hash) {
        return (facts, hash, true);
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            return (unreadable(format!("the file is not valid UTF-8 (invalid byte at offset {at})")), hash, false);
        }
    };
    if let Some(line) = too_deep(&text) {
        let position = gate_core::text::Position { line, column: 1 };
        let message = format!("brackets nest deeper than {MAX_NESTING} levels; the gate does not parse such files");
        return (Facts { parse_error: Some(ParseProblem { position, message }), ..Facts::default() }, hash, false);
    }
    let source = SourceFile::new(file.path.clone(), text);
    let scopes = crate::resolve::Scopes::new(&crate_name, module)
        .with_renamed_dependencies(names.renamed.clone())
        .with_known_crates(names.known.iter().cloned());
    let cx_first = policy.cx_first.as_ref().filter(|c| in_scope(c.paths.as_ref(), file));
    let facts = facts::collect(&source, scopes, &facts::Interest { denied, cx_first });
    (facts, hash, false)
}

/// Deeper nesting than this is refused rather than parsed: the parser recurses per level, and no
/// hand-written code comes near it.
const MAX_NESTING: usize = 256;

/// The line where bracket nesting first exceeds [`MAX_NESTING`], if it does.
fn too_deep(text: &str) -> Option<usize> {
    let mut depth: usize = 0;
    let mut line = 1;
    for byte in text.bytes() {
        match byte {
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(line);
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            b'\n' => line += 1,
            _ => {}
        }
    }
    None
}

/// What resolution needs to know about a member, computed once per member.
#[derive(Default)]
struct CrateNames {
    /// The member's directory.
    dir: camino::Utf8PathBuf,
    /// Renamed dependencies, as crate names: `db = { package = "rusqlite" }` → (`db`, `rusqlite`).
    renamed: HashMap<String, String>,
    /// Names that are crates: the member's dependencies and the roots of denied paths.
    known: Vec<String>,
    /// A digest of the above, for the cache key.
    digest: String,
}

impl CrateNames {
    fn of(member: &crate::workspace::Member, denied: &DeniedPaths) -> Self {
        let decls = &member.manifest.declarations;
        let renamed: HashMap<String, String> = decls
            .iter()
            .filter(|d| d.key != d.package)
            .map(|d| (d.key.replace('-', "_"), d.package.replace('-', "_")))
            .collect();
        let mut known: Vec<String> =
            decls.iter().map(|d| d.key.replace('-', "_")).chain(denied.by_root.keys().cloned()).collect();
        known.sort();
        known.dedup();
        let mut pairs: Vec<_> = renamed.iter().collect();
        pairs.sort();
        let digest = format!("{pairs:?}{known:?}");
        Self { dir: member.dir.clone(), renamed, known, digest }
    }
}

/// The crate's extern name and the file's module path (`src/control/mod.rs` → `product::control`).
fn module_path(dir: &Utf8Path, file: &WorkspaceFile) -> (String, Vec<String>) {
    let crate_name = file.krate.replace('-', "_");
    let rel = file.path.strip_prefix(dir).unwrap_or(&file.path);
    let mut module = vec![crate_name.clone()];
    let Ok(inner) = rel.strip_prefix("src") else { return (crate_name, module) };
    let parts: Vec<&str> = inner.iter().collect();
    let Some((file_name, dirs)) = parts.split_last() else { return (crate_name, module) };
    if dirs.first() == Some(&"bin") {
        return (crate_name, module); // `src/bin/x.rs` is the root of a binary crate
    }
    module.extend(dirs.iter().map(|d| (*d).to_owned()));
    let stem = file_name.trim_end_matches(".rs");
    if !matches!(stem, "lib" | "main" | "mod") {
        module.push(stem.to_owned());
    }
    (crate_name, module)
}
