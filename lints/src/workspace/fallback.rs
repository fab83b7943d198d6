//! The workspace model from the manifests alone, for workspaces `cargo metadata` cannot resolve.
//!
//! Members, their declared dependencies (renames, workspace inheritance, target tables) and their
//! targets are read directly. Path dependencies between members become edges; every other
//! dependency becomes a node whose own dependencies are unknown (`resolved = false`), so
//! transitive rules through it report "not evaluated" instead of passing.

use std::collections::BTreeMap;

use camino::{Utf8Path, Utf8PathBuf};

use super::graph::{EdgeKinds, Node, PackageGraph};
use super::layout::Layout;
use super::manifest::Manifest;
use super::metadata::checkout_root;
use super::{relative, Member, Partial, Target, Workspace, WorkspaceError};
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

    let mut graph = PackageGraph::default();
    let member_nodes: BTreeMap<Utf8PathBuf, usize> = manifests
        .iter()
        .map(|(dir, m)| {
            let version = m.version.clone().or_else(|| root_manifest.workspace_version.clone()).unwrap_or_default();
            let node = graph.add_node(Node {
                name: m.name.clone().unwrap_or_default(),
                version,
                is_member: true,
                resolved: true,
            });
            (dir.clone(), node)
        })
        .collect();
    let mut external: BTreeMap<String, usize> = BTreeMap::new();
    let mut missing_paths = Vec::new();
    for (dir, manifest) in &manifests {
        let from = member_nodes[dir];
        for decl in &manifest.declarations {
            let target_dir = decl.path.as_deref().map(|p| {
                let base = if decl.inherited { root.clone() } else { root.join(dir) };
                normalize(&base.join(p))
            });
            let member = target_dir.as_ref().and_then(|d| member_nodes.get(&relative(&root, d)));
            let to = match member {
                Some(&node) => node,
                None => {
                    if let Some(d) = target_dir.as_ref().filter(|d| !d.join("Cargo.toml").is_file()) {
                        missing_paths.push(format!("`{}` (path {} of {})", decl.package, d, manifest.name().as_str()));
                    }
                    *external.entry(decl.package.clone()).or_insert_with(|| {
                        graph.add_node(Node {
                            name: decl.package.clone(),
                            version: String::new(),
                            is_member: false,
                            resolved: false,
                        })
                    })
                }
            };
            graph.add_edge(from, to, EdgeKinds::NONE.with(decl.kind));
        }
    }
    graph.sort();

    let members = manifests
        .into_iter()
        .map(|(dir, manifest)| Member {
            name: manifest.name.clone().unwrap_or_default(),
            version: graph.nodes[member_nodes[&dir]].version.clone(),
            node: member_nodes[&dir],
            targets: targets(&root, &dir, &manifest),
            dir,
            manifest,
        })
        .collect();
    let mut summary = cargo_error;
    if !missing_paths.is_empty() {
        summary = format!("{summary}\nmissing path dependencies: {}", missing_paths.join(", "));
    }
    let partial = Partial { cargo_error: summary, unresolved: external.keys().cloned().collect() };
    let target_dir = root.join("target");
    Ok(Workspace { root, layout, members, graph, partial: Some(partial), target_dir })
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
    package_dirs(root, Utf8Path::new(""), &mut candidates, 0);
    for dir in candidates {
        if include.iter().any(|g| g.matches(dir.as_str())) && !exclude.iter().any(|g| g.matches(dir.as_str())) {
            dirs.push(dir);
        }
    }
    dirs.sort();
    dirs.dedup();
    Ok(dirs)
}

fn package_dirs(root: &Utf8Path, dir: &Utf8Path, out: &mut Vec<Utf8PathBuf>, depth: usize) {
    let Ok(entries) = root.join(dir).read_dir_utf8() else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if !is_dir || name.starts_with('.') || name == "target" || depth > 8 {
            continue;
        }
        let sub = dir.join(name);
        if root.join(&sub).join("Cargo.toml").is_file() {
            out.push(sub.clone());
        }
        package_dirs(root, &sub, out, depth + 1);
    }
}

fn targets(root: &Utf8Path, dir: &Utf8Path, manifest: &Manifest) -> Vec<Target> {
    let name = manifest.name.clone().unwrap_or_default();
    let mut targets = Vec::new();
    let mut add = |kind: &str, path: Utf8PathBuf| {
        if root.join(&path).is_file() && !targets.iter().any(|t: &Target| t.src_path == path) {
            let target_name =
                if kind == "lib" { name.replace('-', "_") } else { path.file_stem().unwrap_or_default().to_owned() };
            targets.push(Target { name: target_name, kind: kind.to_owned(), src_path: path });
        }
    };
    add("lib", dir.join("src/lib.rs"));
    add("bin", dir.join("src/main.rs"));
    add("custom-build", dir.join("build.rs"));
    for path in &manifest.target_paths {
        add("bin", normalize(&dir.join(path)));
    }
    if let Ok(entries) = root.join(dir).join("src/bin").read_dir_utf8() {
        let mut bins: Vec<Utf8PathBuf> = entries.flatten().map(|e| dir.join("src/bin").join(e.file_name())).collect();
        bins.sort();
        for bin in bins.into_iter().filter(|p| p.extension() == Some("rs")) {
            add("bin", bin);
        }
    }
    targets
}

/// Removes `.` and resolves `..` lexically (the path may not exist).
fn normalize(path: &Utf8Path) -> Utf8PathBuf {
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
