//! Source rules: checks on the Rust files compiled into the workspace members (PRODUCT.md §4).
//!
//! The module tree of every crate a rule looks at is walked from its target roots; every file
//! on it is read, parsed (syn, full) and walked once, in parallel. What a walk keeps (the
//! file's modules and imports, the paths that may reach a denied path, selected signatures) is
//! cached under `target/gate/`, keyed by the file's content and the policy's digest; the
//! crate's module table then resolves the paths that go through the crate's own modules, and
//! the resulting facts feed every source rule.

pub(crate) mod ambient;
mod attrs;
mod cache;
pub(crate) mod cx_first;
mod declare;
pub mod facts;
mod index;
pub mod ir;
mod member_facts;
mod members;
pub(crate) mod parse;
pub(crate) mod substrate_paths;
mod tokens;
mod tree;
mod walk;
mod walk_items;

use std::collections::HashMap;

use crate::workspace::{SourceScope, WorkspaceFile};
pub(crate) use facts::{Facts, FnFact, PathUse};
use gate_core::glob::GlobSet;
use gate_core::policy::Policy;
pub use index::{build_index, build_index_with};

/// The cargo-gate version and a fingerprint of this build's analysis code: caches written by any
/// other build are not trusted.
#[must_use]
pub(crate) fn analysis_fingerprint() -> String {
    format!("{}+{}", env!("CARGO_PKG_VERSION"), env!("GATE_ANALYSIS_FINGERPRINT"))
}

/// A file and what the walk found in it.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
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
    /// Files whose walk came from the cache.
    pub cache_hits: usize,
    /// Files some rule's `paths` select that no module declaration reaches: not compiled, so
    /// not examined.
    pub unreachable: Vec<WorkspaceFile>,
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

    /// The unreachable files in the scope of these `paths`, of the selected packages.
    pub(crate) fn unreachable_in_scope<'a>(
        &'a self,
        paths: Option<&'a GlobSet>,
        packages: &'a [String],
    ) -> impl Iterator<Item = &'a WorkspaceFile> + 'a {
        self.unreachable
            .iter()
            .filter(move |f| in_scope(paths, f) && (packages.is_empty() || packages.contains(&f.krate)))
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

pub(crate) fn names_test_dirs(paths: &GlobSet) -> bool {
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

/// A note listing the files under `what` (a rule's `paths`) that no module declaration reaches.
#[must_use]
pub(crate) fn unreachable_note(what: &str, files: &[&str]) -> Option<String> {
    const SHOWN: usize = 5;
    let first: Vec<&str> = files.iter().take(SHOWN).copied().collect();
    if first.is_empty() {
        return None;
    }
    let more = files.len().saturating_sub(SHOWN);
    let more = if more > 0 { format!(" and {more} more") } else { String::new() };
    let (noun, them) = if files.len() == 1 { ("file", "it") } else { ("files", "them") };
    Some(format!(
        "{} {noun} under `{what}` not compiled (no `mod` declaration reaches {them}), so not examined: {}{more}",
        files.len(),
        first.join(", ")
    ))
}

/// The `scope/empty` message for `paths` that select no compiled file.
#[must_use]
pub(crate) fn no_file_message(what: &str, unreachable: usize) -> String {
    match unreachable {
        0 => format!("`{what}` match no source file"),
        1 => format!("`{what}` match no compiled source file (1 file there is reached by no `mod` declaration)"),
        n => format!("`{what}` match no compiled source file ({n} files there are reached by no `mod` declaration)"),
    }
}

/// Whether the policy has any source rule.
#[must_use]
pub fn wanted(policy: &Policy) -> bool {
    policy.ambient.is_some() || policy.cx_first.is_some() || policy.substrates.iter().any(|s| !s.paths.is_empty())
}

pub(crate) fn wanted_by_any_rule(policy: &Policy, file: &WorkspaceFile) -> bool {
    let ambient = policy.ambient.as_ref().is_some_and(|a| in_scope(a.paths.as_ref(), file));
    let cx = policy.cx_first.as_ref().is_some_and(|c| in_scope(c.paths.as_ref(), file));
    let substrate = policy.substrates.iter().any(|s| !s.paths.is_empty() && in_scope(Some(&s.paths), file));
    ambient || cx || substrate
}

/// Deeper nesting than this is refused rather than parsed: the parser recurses per level, and no
/// hand-written code comes near it.
pub(crate) const MAX_NESTING: usize = 256;

/// A longer run of tokens that each nest without a bracket (`& & &`, `- - -`, `|| ||`,
/// `fn() -> fn() ->`, `&'static &'static`) is refused too: the parser recurses on each of them.
pub(crate) const MAX_PREFIX_RUN: usize = 1024;

/// Keywords that, like prefix operators, make the parser recurse without a bracket.
const NESTING_WORDS: &[&str] = &[
    "fn", "mut", "static", "dyn", "impl", "move", "return", "const", "async", "unsafe", "extern", "ref", "box", "await",
];

/// The line where nesting first exceeds [`MAX_NESTING`] brackets or [`MAX_PREFIX_RUN`]
/// bracket-less levels, if it does. A byte scan, linear and without recursion, run before any
/// parse (the parse threads also have large stacks, but no stack is large enough for 8 MiB of
/// `-`).
pub fn too_deep(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let (mut depth, mut run, mut line, mut i) = (0usize, 0usize, 1usize, 0usize);
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphanumeric() || b == b'_' {
            let start = i;
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            let word = &text[start..i];
            let lifetime = start > 0 && bytes[start - 1] == b'\'';
            if NESTING_WORDS.contains(&word) || lifetime {
                run += 1;
            } else {
                run = 0;
            }
        } else {
            match b {
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => depth = depth.saturating_sub(1),
                b'&' | b'*' | b'-' | b'!' | b'|' | b'\'' | b'<' | b'>' => run += 1,
                b'\n' => line += 1,
                b' ' | b'\t' | b'\r' => {}
                _ => run = 0,
            }
            i += 1;
        }
        if depth > MAX_NESTING || run > MAX_PREFIX_RUN {
            return Some(line);
        }
    }
    None
}

/// What resolution needs to know about a member, computed once per member.
#[derive(Default)]
pub(crate) struct CrateNames {
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
        Self { renamed, known, digest }
    }
}
