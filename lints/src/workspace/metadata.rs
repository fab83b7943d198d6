//! The workspace model from `cargo metadata --all-features` (every target, every platform).

use std::collections::BTreeMap;

use camino::{Utf8Path, Utf8PathBuf};
use cargo_metadata::{CargoOpt, DependencyKind, Metadata, MetadataCommand, PackageId};

use super::graph::{EdgeKind, EdgeKinds, Node, PackageGraph};
use super::layout::Layout;
use super::manifest::Manifest;
use super::{metadata_cache, relative, CargoOptions, Member, Target, Workspace};
use gate_core::config::ConfigError;

/// Why `cargo metadata` gave no model.
pub(super) enum Failure {
    /// Cargo rejected a manifest inside the workspace: the user must fix it (exit 2).
    Rejected(String),
    /// Cargo could not resolve the workspace (outside paths, missing toolchain): fall back.
    Unresolved(String),
    /// A manifest is not readable TOML.
    Manifest(ConfigError),
}

pub(super) fn load(manifest_path: &Utf8Path, cargo: &CargoOptions) -> Result<Workspace, Failure> {
    let checkout = checkout_root(manifest_path);
    // The given manifest must be TOML (exit 2 otherwise); the root one says what the members are.
    let given = Manifest::read(&checkout, &relative(&checkout, manifest_path)).map_err(Failure::Manifest)?;
    let root_manifest = if manifest_path == checkout.join("Cargo.toml") {
        given
    } else {
        Manifest::read(&checkout, Utf8Path::new("Cargo.toml")).map_err(Failure::Manifest)?
    };
    let flags = format!("{} {}", manifest_path, cargo.flags().join(" "));
    let members = super::fallback::member_dirs(&checkout, &root_manifest)
        .map_err(Failure::Manifest)?
        .into_iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>();
    let cached = if cargo.no_cache { None } else { metadata_cache::load(&checkout, &flags, &members) };
    let metadata = match cached {
        Some(metadata) => metadata,
        None => {
            let (metadata, raw) = run(manifest_path, cargo).map_err(|stderr| classify(&stderr))?;
            // What cargo read is what the cache is keyed on: the inputs of this run too.
            metadata_cache::input_files(&metadata).iter().for_each(gate_core::fsio::inputs::saw);
            if !cargo.no_cache {
                metadata_cache::save(&checkout, &flags, &members, &metadata, &raw);
            }
            metadata
        }
    };
    let root_manifest = if metadata.workspace_root == checkout { Some(root_manifest) } else { None };
    build(&metadata, root_manifest).map_err(Failure::Manifest)
}

fn run(manifest_path: &Utf8Path, cargo: &CargoOptions) -> Result<(Metadata, String), String> {
    let mut cmd = MetadataCommand::new();
    cmd.manifest_path(manifest_path).features(CargoOpt::AllFeatures).other_options(cargo.flags());
    // Under `cargo gate`, cargo tells us which cargo it is; never let rustup go and download one.
    if let Some(cargo_bin) = std::env::var_os("CARGO") {
        cmd.cargo_path(cargo_bin);
    }
    cmd.env("RUSTUP_AUTO_INSTALL", "0").env("RUST_BACKTRACE", "0").env("RUST_LIB_BACKTRACE", "0");
    let output = cmd.cargo_command().output().map_err(|e| format!("error: cannot run cargo: {e}"))?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    let raw = String::from_utf8(output.stdout).map_err(|e| format!("error: cargo metadata printed non-UTF-8: {e}"))?;
    let metadata =
        MetadataCommand::parse(&raw).map_err(|e| format!("error: cannot read cargo metadata's output: {e}"))?;
    Ok((metadata, raw))
}

/// The directory the user's checkout starts at: the nearest ancestor manifest with `[workspace]`.
pub(super) fn checkout_root(manifest_path: &Utf8Path) -> Utf8PathBuf {
    let dir = manifest_path.parent().unwrap_or(Utf8Path::new(".")).to_owned();
    dir.ancestors()
        .find(|d| {
            gate_core::fsio::inputs::saw(d.join("Cargo.toml"));
            std::fs::read_to_string(d.join("Cargo.toml")).is_ok_and(|text| {
                text.lines().any(|l| l.trim() == "[workspace]" || l.trim_start().starts_with("[workspace."))
            })
        })
        .map_or(dir.clone(), Utf8Path::to_owned)
}

/// What cargo says when the workspace is fine but cannot be resolved here: a path dependency
/// outside the checkout, a pinned toolchain that is not installed, a registry out of reach.
const UNRESOLVABLE: &[&str] = &[
    "failed to load manifest for dependency",
    "failed to read `",
    "failed to get `",
    "failed to load source for dependency",
    "no matching package named",
    "failed to select a version",
    "failed to download",
    "unable to update",
    "is not installed",
    "toolchain '",
    "could not resolve host",
    "network",
];

/// Anything cargo rejects that is not a known resolution failure is the user's to fix (exit 2):
/// failing closed, a manifest cargo cannot read never degrades into a partial check.
fn classify(stderr: &str) -> Failure {
    let message = cargo_message(stderr);
    let lower = stderr.to_lowercase();
    if UNRESOLVABLE.iter().any(|marker| lower.contains(marker)) {
        Failure::Unresolved(message)
    } else {
        Failure::Rejected(message)
    }
}

/// Cargo's error without the noise: the `error:` line and its causes.
pub(super) fn cargo_message(stderr: &str) -> String {
    let lines: Vec<&str> = stderr
        .lines()
        .map(str::trim_end)
        .skip_while(|l| !l.trim_start().starts_with("error"))
        .filter(|l| !l.trim().is_empty())
        .collect();
    if lines.is_empty() {
        stderr.trim().to_owned()
    } else {
        lines.join("\n")
    }
}

fn build(metadata: &Metadata, root_manifest: Option<Manifest>) -> Result<Workspace, ConfigError> {
    let root = metadata.workspace_root.clone();
    let mut root_manifest = match root_manifest {
        Some(m) => m,
        None => Manifest::read(&root, Utf8Path::new("Cargo.toml"))?,
    };
    let layout = Layout::from_root_manifest(&root_manifest)?;
    let workspace_deps = std::mem::take(&mut root_manifest.workspace_deps);

    let mut packages: Vec<&cargo_metadata::Package> = metadata.packages.iter().collect();
    packages.sort_by(|a, b| (&a.name, &a.version, &a.id).cmp(&(&b.name, &b.version, &b.id)));
    let mut graph = PackageGraph::default();
    let mut index: BTreeMap<&PackageId, usize> = BTreeMap::new();
    for package in &packages {
        let is_member = metadata.workspace_members.contains(&package.id);
        let node = graph.add_node(Node {
            name: package.name.to_string(),
            version: package.version.to_string(),
            is_member,
            resolved: true,
        });
        index.insert(&package.id, node);
    }
    for node in metadata.resolve.iter().flat_map(|r| &r.nodes) {
        let Some(&from) = index.get(&node.id) else {
            continue;
        };
        for dep in &node.deps {
            let Some(&to) = index.get(&dep.pkg) else {
                continue;
            };
            let kinds = dep.dep_kinds.iter().fold(EdgeKinds::NONE, |k, info| match info.kind {
                DependencyKind::Development => k.with(EdgeKind::Dev),
                DependencyKind::Build => k.with(EdgeKind::Build),
                _ => k.with(EdgeKind::Normal),
            });
            graph.add_edge(from, to, if kinds.is_empty() { EdgeKinds::NONE.with(EdgeKind::Normal) } else { kinds });
        }
    }
    graph.sort();

    let mut members = Vec::new();
    for package in packages.iter().filter(|p| metadata.workspace_members.contains(&p.id)) {
        let manifest_name = relative(&root, &package.manifest_path);
        let mut manifest = Manifest::read(&root, &manifest_name)?;
        manifest.inherit_from(&workspace_deps);
        let dir = manifest_name.parent().map(Utf8Path::to_owned).unwrap_or_default();
        let mut targets: Vec<Target> = package
            .targets
            .iter()
            .map(|t| Target {
                name: t.name.clone(),
                kind: t.kind.first().map_or_else(|| "lib".to_owned(), ToString::to_string),
                src_path: relative(&root, &t.src_path),
            })
            .collect();
        targets.sort_by(|a, b| (&a.kind, &a.name).cmp(&(&b.kind, &b.name)));
        members.push(Member {
            name: package.name.to_string(),
            version: package.version.to_string(),
            node: index[&package.id],
            dir,
            targets,
            manifest,
            publishable: package.publish.as_ref().is_none_or(|registries| !registries.is_empty()),
        });
    }
    members.sort_by(|a, b| a.name.cmp(&b.name));
    let target_dir = metadata.target_directory.clone();
    Ok(Workspace { root, layout, members, graph, partial: None, target_dir })
}
