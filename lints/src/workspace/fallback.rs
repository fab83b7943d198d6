//! The workspace model from the manifests alone, for workspaces `cargo metadata` cannot resolve.
//!
//! Members, their declared dependencies (renames, workspace inheritance, target tables) and their
//! targets are read directly. Path dependencies between members become edges; the rest of the
//! graph comes from `Cargo.lock`, whose `dependencies` lists are the resolved edges of every
//! locked package (path dependencies outside the checkout included). A dependency the lock does
//! not account for becomes a node whose own dependencies are unknown (`resolved = false`), so
//! transitive rules through it report "not evaluated" instead of passing.

use std::collections::BTreeMap;

use camino::{Utf8Path, Utf8PathBuf};

use super::graph::{EdgeKind, EdgeKinds, Node, PackageGraph};
use super::layout::Layout;
use super::lockfile::Lock;
use super::manifest::Manifest;
use super::metadata::checkout_root;
use super::{relative, Member, Partial, Workspace, WorkspaceError};
use gate_core::config::ConfigError;
use gate_core::glob::{Glob, GlobKind};

pub(super) fn load(manifest_path: &Utf8Path, cargo_error: String) -> Result<Workspace, WorkspaceError> {
    let root = checkout_root(manifest_path);
    let root_manifest = Manifest::read(&root, Utf8Path::new("Cargo.toml"))?;
    let layout = Layout::from_root_manifest(&root_manifest)?;
    let member_dirs = member_dirs(&root, &root_manifest)?;

    let mut manifests = Vec::new();
    for dir in &member_dirs {
        let mut manifest = Manifest::read(&root, &dir.join("Cargo.toml"))?;
        if manifest.name.is_none() {
            return Err(ConfigError::at(&manifest.doc.file, 0..0, "the manifest has no `[package] name`").into());
        }
        manifest.inherit_from(&root_manifest.workspace_deps);
        manifests.push((dir.clone(), manifest));
    }
    manifests.sort_by(|a, b| a.1.name.cmp(&b.1.name));

    let lock = Lock::read(&root);
    let mut built = GraphBuilder::new(&root, &root_manifest, &manifests, lock.as_ref().map_err(String::as_str));
    built.declared_edges(&manifests);
    let GraphBuilder { mut graph, member_nodes, unresolved, missing_paths, .. } = built;
    graph.sort();

    let members = manifests
        .into_iter()
        .map(|(dir, manifest)| Member {
            name: manifest.name.clone().unwrap_or_default(),
            version: graph.nodes[member_nodes[&dir]].version.clone(),
            node: member_nodes[&dir],
            targets: super::targets::discover(&root, &dir, &manifest),
            dir,
            manifest,
            // Unknown without cargo; `release` refuses a workspace cargo cannot resolve.
            publishable: false,
        })
        .collect();
    let mut summary = cargo_error;
    if !missing_paths.is_empty() {
        summary = format!("{summary}\nmissing path dependencies: {}", missing_paths.join(", "));
    }
    let why: BTreeMap<String, String> = unresolved.into_iter().map(|(name, (_, why))| (name, why)).collect();
    let partial = Partial { cargo_error: summary, unresolved: why.keys().cloned().collect(), why };
    let target_dir = root.join("target");
    Ok(Workspace { root, layout, members, graph, partial: Some(partial), target_dir })
}

/// The package graph from the manifests and `Cargo.lock`.
struct GraphBuilder<'a> {
    root: &'a Utf8Path,
    lock: Result<&'a Lock, &'a str>,
    graph: PackageGraph,
    member_nodes: BTreeMap<Utf8PathBuf, usize>,
    /// The node of each locked package (a member's node for a member).
    locked: Vec<usize>,
    /// Each member's entry in the lock.
    member_entries: BTreeMap<usize, usize>,
    /// Packages nothing says the dependencies of: name → (node, why).
    unresolved: BTreeMap<String, (usize, String)>,
    missing_paths: Vec<String>,
}

impl<'a> GraphBuilder<'a> {
    /// Members and every locked package as nodes; the lock's edges between locked packages.
    fn new(
        root: &'a Utf8Path,
        root_manifest: &Manifest,
        manifests: &[(Utf8PathBuf, Manifest)],
        lock: Result<&'a Lock, &'a str>,
    ) -> Self {
        let mut graph = PackageGraph::default();
        let mut member_nodes = BTreeMap::new();
        let mut member_entries = BTreeMap::new();
        let mut by_entry: BTreeMap<usize, usize> = BTreeMap::new();
        for (dir, m) in manifests {
            let name = m.name.clone().unwrap_or_default();
            let version = m.version.clone().or_else(|| root_manifest.workspace_version.clone()).unwrap_or_default();
            let entry = lock.ok().and_then(|l| l.member(&name, &version));
            let node = graph.add_node(Node { name, version, is_member: true, resolved: true });
            member_nodes.insert(dir.clone(), node);
            if let Some(entry) = entry {
                member_entries.insert(node, entry);
                by_entry.insert(entry, node);
            }
        }
        let packages = lock.map_or(&[][..], |l| l.packages.as_slice());
        let locked = packages
            .iter()
            .enumerate()
            .map(|(i, p)| match by_entry.get(&i) {
                Some(&node) => node,
                None => graph.add_node(Node {
                    name: p.name.clone(),
                    version: p.version.clone(),
                    is_member: false,
                    resolved: true,
                }),
            })
            .collect();
        let mut builder = Self {
            root,
            lock,
            graph,
            member_nodes,
            locked,
            member_entries,
            unresolved: BTreeMap::new(),
            missing_paths: Vec::new(),
        };
        builder.locked_edges(&by_entry);
        builder
    }

    /// The lock's edges of every locked package that is not a member (members' edges carry
    /// the kinds their manifests declare).
    fn locked_edges(&mut self, members: &BTreeMap<usize, usize>) {
        let Ok(lock) = self.lock else { return };
        for (i, package) in lock.packages.iter().enumerate() {
            if members.contains_key(&i) {
                continue;
            }
            for dependency in &package.dependencies {
                let to = match lock.find(dependency) {
                    Some(j) => self.locked[j],
                    None => {
                        let name = dependency.split(' ').next().unwrap_or(dependency);
                        self.unresolved_node(name, "`Cargo.lock` names it but has no entry for it".to_owned())
                    }
                };
                self.graph.add_edge(self.locked[i], to, EdgeKinds::NONE.with(EdgeKind::Normal));
            }
        }
    }

    fn unresolved_node(&mut self, name: &str, why: String) -> usize {
        let graph = &mut self.graph;
        self.unresolved
            .entry(name.to_owned())
            .or_insert_with(|| {
                let node = graph.add_node(Node {
                    name: name.to_owned(),
                    version: String::new(),
                    is_member: false,
                    resolved: false,
                });
                (node, why)
            })
            .0
    }

    /// Each member's declared dependencies: members by path, the rest through the lock.
    fn declared_edges(&mut self, manifests: &[(Utf8PathBuf, Manifest)]) {
        for (dir, manifest) in manifests {
            let from = self.member_nodes[dir];
            for decl in &manifest.declarations {
                let target_dir = decl.path.as_deref().map(|p| {
                    let base = if decl.inherited { self.root.to_owned() } else { self.root.join(dir) };
                    normalize(&base.join(p))
                });
                let member = target_dir.as_ref().and_then(|d| self.member_nodes.get(&relative(self.root, d)).copied());
                let missing = target_dir.filter(|d| !d.join("Cargo.toml").is_file());
                if let (None, Some(d)) = (member, &missing) {
                    self.missing_paths.push(format!("`{}` (path {} of {})", decl.package, d, manifest.name().as_str()));
                }
                let to = match member.or_else(|| self.locked_dependency(from, &decl.package)) {
                    Some(node) => node,
                    None => {
                        let mut why = match self.lock {
                            Ok(_) => "`Cargo.lock` does not list it".to_owned(),
                            Err(reason) => reason.to_owned(),
                        };
                        if let (Some(_), Some(written)) = (&missing, &decl.path) {
                            why = format!("its path `{written}` is not there and {why}");
                        }
                        self.unresolved_node(&decl.package, why)
                    }
                };
                self.graph.add_edge(from, to, EdgeKinds::NONE.with(decl.kind));
            }
        }
    }

    /// The locked package a member depends on by this name: from the member's own entry (exact,
    /// whatever versions are locked), else the one package of that name.
    fn locked_dependency(&self, member: usize, package: &str) -> Option<usize> {
        let lock = self.lock.ok()?;
        let entry = match self.member_entries.get(&member) {
            Some(&entry) => lock.dependency_named(entry, package)?,
            None => lock.find(package)?,
        };
        Some(self.locked[entry])
    }
}

/// Member directories, workspace-relative: the root package, plus every directory with a
/// `Cargo.toml` matched by `[workspace] members` and not by `exclude`.
pub(super) fn member_dirs(root: &Utf8Path, manifest: &Manifest) -> Result<Vec<Utf8PathBuf>, ConfigError> {
    let mut dirs = Vec::new();
    if manifest.name.is_some() {
        dirs.push(Utf8PathBuf::new());
    }
    let globs = |patterns: &[String]| -> Result<Vec<Glob>, ConfigError> {
        patterns
            .iter()
            .map(|p| {
                Glob::new(p.trim_end_matches('/').trim_start_matches("./"), GlobKind::Path)
                    .map_err(|e| ConfigError::whole_file("Cargo.toml", format!("workspace member pattern: {e}")))
            })
            .collect()
    };
    let (include, exclude) = (globs(&manifest.members)?, globs(&manifest.exclude)?);
    if include.is_empty() {
        return Ok(dirs);
    }
    let mut candidates = Vec::new();
    // Only where a pattern can match: below its literal leading segments, as deep as it reaches.
    for pattern in &include {
        let (prefix, depth) = search_root(pattern.as_str());
        if depth == Some(0) {
            gate_core::fsio::inputs::saw(root.join(&prefix).join("Cargo.toml"));
            if root.join(&prefix).join("Cargo.toml").is_file() {
                candidates.push(prefix);
            }
        } else {
            package_dirs(root, &prefix, &mut candidates, 0, depth.unwrap_or(MAX_MEMBER_DEPTH));
        }
    }
    candidates.sort();
    candidates.dedup();
    for dir in candidates {
        if include.iter().any(|g| g.matches(dir.as_str())) && !exclude.iter().any(|g| g.matches(dir.as_str())) {
            dirs.push(dir);
        }
    }
    dirs.sort();
    dirs.dedup();
    Ok(dirs)
}

/// How deep below its literal prefix a `**` member pattern is followed.
const MAX_MEMBER_DEPTH: usize = 9;

/// Where a member pattern's matches can be: the directory its literal leading segments name,
/// and how many segments below it they are (`None` with `**`: any depth).
fn search_root(pattern: &str) -> (Utf8PathBuf, Option<usize>) {
    let segments: Vec<&str> = pattern.split('/').filter(|s| !s.is_empty()).collect();
    let literal = segments.iter().take_while(|s| !s.contains(['*', '?', '[', '{'])).count();
    let rest = &segments[literal..];
    let depth = if rest.iter().any(|s| s.contains("**")) { None } else { Some(rest.len()) };
    (segments[..literal].join("/").into(), depth)
}

/// Directories with a `Cargo.toml` below `dir`, at most `limit` levels down.
fn package_dirs(root: &Utf8Path, dir: &Utf8Path, out: &mut Vec<Utf8PathBuf>, depth: usize, limit: usize) {
    gate_core::fsio::inputs::saw(root.join(dir));
    let Ok(entries) = root.join(dir).read_dir_utf8() else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if !is_dir || name.starts_with('.') || name == "target" || depth >= limit {
            continue;
        }
        let sub = dir.join(name);
        let manifest = root.join(&sub).join("Cargo.toml");
        gate_core::fsio::inputs::saw(&manifest);
        if manifest.is_file() {
            out.push(sub.clone());
        }
        if depth + 1 < limit {
            package_dirs(root, &sub, out, depth + 1, limit);
        }
    }
}

/// Removes `.` and resolves `..` lexically (the path may not exist).
pub(super) fn normalize(path: &Utf8Path) -> Utf8PathBuf {
    let mut out = Utf8PathBuf::new();
    for part in path.components() {
        match part {
            camino::Utf8Component::CurDir => {}
            camino::Utf8Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_str()),
        }
    }
    out
}
