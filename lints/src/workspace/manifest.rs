//! Reading `Cargo.toml` files directly: where each dependency is declared (for finding spans),
//! and, when `cargo metadata` cannot resolve the workspace, enough to build the member graph.

use std::collections::BTreeMap;
use std::ops::Range;

use camino::{Utf8Path, Utf8PathBuf};
use toml_edit::{Item, TableLike};

use super::graph::EdgeKind;
use gate_core::config::{read_source, ConfigDoc, ConfigError};

/// One dependency entry in a manifest.
#[derive(Clone, Debug)]
pub struct Declaration {
    /// The edge kind of the table it is in.
    pub kind: EdgeKind,
    /// The `cfg(...)` or triple of a `[target.X.*]` table.
    pub target: Option<String>,
    /// The key (the name the crate is imported as).
    pub key: String,
    /// The package it names (`package = "…"`, or the key).
    pub package: String,
    /// Byte span of the declaration line's key.
    pub span: Range<usize>,
    /// `x.workspace = true`.
    pub inherited: bool,
    /// `path = "…"`, resolved through the workspace table for inherited entries.
    pub path: Option<String>,
    /// `optional = true`.
    pub optional: bool,
}

/// `[workspace.dependencies]` entry: what an inheriting member gets.
#[derive(Clone, Debug, Default)]
pub struct WorkspaceDep {
    /// The package name.
    pub package: String,
    /// Path, relative to the workspace root.
    pub path: Option<String>,
}

/// A parsed manifest.
#[derive(Debug)]
pub struct Manifest {
    /// The file, with its text (for spans and snippets).
    pub doc: ConfigDoc,
    /// `[package] name`.
    pub name: Option<String>,
    /// `[package] version` (or the workspace's, when inherited).
    pub version: Option<String>,
    /// Every dependency declaration, in file order.
    pub declarations: Vec<Declaration>,
    /// `[workspace] members`.
    pub members: Vec<String>,
    /// `[workspace] exclude`.
    pub exclude: Vec<String>,
    /// `[workspace.dependencies]` by key.
    pub workspace_deps: BTreeMap<String, WorkspaceDep>,
    /// `[workspace.package] version`.
    pub workspace_version: Option<String>,
    /// Explicit targets (`[lib]`, `[[bin]]`, `[[test]]`, …): kind, name, path relative to the
    /// manifest's dir (either may be missing).
    pub target_paths: Vec<DeclaredTarget>,
}

/// A target table of a manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeclaredTarget {
    /// `lib`, `bin`, `test`, `bench` or `example`.
    pub kind: &'static str,
    /// `name = "…"`.
    pub name: Option<String>,
    /// `path = "…"`.
    pub path: Option<String>,
}

impl Manifest {
    /// Reads and parses the manifest at workspace-relative `name`.
    ///
    /// # Errors
    /// Unreadable, not UTF-8, or not TOML.
    pub(crate) fn read(root: &Utf8Path, name: &Utf8Path) -> Result<Self, ConfigError> {
        let doc = ConfigDoc::parse(read_source(root, name)?)?;
        Ok(Self::from_doc(doc))
    }

    fn from_doc(doc: ConfigDoc) -> Self {
        let table = doc_table(&doc);
        let package = table.get("package").and_then(Item::as_table_like);
        let name = package.and_then(|p| p.get("name")).and_then(Item::as_str).map(str::to_owned);
        let workspace = table.get("workspace").and_then(Item::as_table_like);
        let workspace_version = workspace
            .and_then(|w| w.get("package"))
            .and_then(Item::as_table_like)
            .and_then(|p| p.get("version"))
            .and_then(Item::as_str)
            .map(str::to_owned);
        let version = package.and_then(|p| p.get("version")).and_then(|v| match v.as_str() {
            Some(s) => Some(s.to_owned()),
            None => workspace_version.clone(),
        });
        let strings = |key: &str| -> Vec<String> {
            workspace
                .and_then(|w| w.get(key))
                .and_then(Item::as_array)
                .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
                .unwrap_or_default()
        };
        let (members, exclude) = (strings("members"), strings("exclude"));
        let workspace_deps = workspace
            .and_then(|w| w.get("dependencies"))
            .and_then(Item::as_table_like)
            .map(read_workspace_deps)
            .unwrap_or_default();
        let mut manifest = Self {
            name,
            version,
            declarations: Vec::new(),
            members,
            exclude,
            workspace_deps,
            workspace_version,
            target_paths: target_paths(table),
            doc,
        };
        manifest.declarations = declarations(doc_table(&manifest.doc), &manifest.doc.file.text);
        manifest
    }

    /// Resolves inherited declarations (`x.workspace = true`) against the root's
    /// `[workspace.dependencies]`: their package name and path come from there.
    pub(crate) fn inherit_from(&mut self, workspace_deps: &BTreeMap<String, WorkspaceDep>) {
        for decl in self.declarations.iter_mut().filter(|d| d.inherited) {
            if let Some(dep) = workspace_deps.get(&decl.key) {
                decl.package.clone_from(&dep.package);
                decl.path.clone_from(&dep.path);
            }
        }
    }

    /// Workspace-relative path of the manifest.
    #[must_use]
    pub(crate) fn name(&self) -> &Utf8PathBuf {
        &self.doc.file.name
    }
}

fn doc_table(doc: &ConfigDoc) -> &dyn TableLike {
    doc.table()
}

fn read_workspace_deps(table: &dyn TableLike) -> BTreeMap<String, WorkspaceDep> {
    table
        .iter()
        .map(|(key, item)| {
            let detail = item.as_table_like();
            let package = detail.and_then(|d| d.get("package")).and_then(Item::as_str).unwrap_or(key).to_owned();
            let path = detail.and_then(|d| d.get("path")).and_then(Item::as_str).map(str::to_owned);
            (key.to_owned(), WorkspaceDep { package, path })
        })
        .collect()
}

fn declarations(root: &dyn TableLike, text: &str) -> Vec<Declaration> {
    let mut out = Vec::new();
    for kind in [EdgeKind::Normal, EdgeKind::Build, EdgeKind::Dev] {
        for table_name in table_names(kind) {
            if let Some(t) = root.get(table_name).and_then(Item::as_table_like) {
                read_dep_table(t, kind, None, text, &mut out);
            }
        }
    }
    if let Some(targets) = root.get("target").and_then(Item::as_table_like) {
        for (cfg, item) in targets.iter() {
            let Some(target) = item.as_table_like() else {
                continue;
            };
            for kind in [EdgeKind::Normal, EdgeKind::Build, EdgeKind::Dev] {
                for table_name in table_names(kind) {
                    if let Some(t) = target.get(table_name).and_then(Item::as_table_like) {
                        read_dep_table(t, kind, Some(cfg), text, &mut out);
                    }
                }
            }
        }
    }
    out.sort_by_key(|d| d.span.start);
    out
}

/// The table names cargo accepts for a kind (the underscore spellings are legacy).
fn table_names(kind: EdgeKind) -> &'static [&'static str] {
    match kind {
        EdgeKind::Normal => &["dependencies"],
        EdgeKind::Build => &["build-dependencies", "build_dependencies"],
        EdgeKind::Dev => &["dev-dependencies", "dev_dependencies"],
    }
}

fn read_dep_table(table: &dyn TableLike, kind: EdgeKind, target: Option<&str>, text: &str, out: &mut Vec<Declaration>) {
    for (key, _) in table.iter() {
        let Some((k, item)) = table.get_key_value(key) else {
            continue;
        };
        let detail = item.as_table_like();
        let get_str = |name: &str| detail.and_then(|d| d.get(name)).and_then(Item::as_str).map(str::to_owned);
        let get_bool = |name: &str| detail.and_then(|d| d.get(name)).and_then(Item::as_bool).unwrap_or(false);
        let span = declaration_span(k.span().or_else(|| item.span()).unwrap_or(0..0), text);
        out.push(Declaration {
            kind,
            target: target.map(str::to_owned),
            key: key.to_owned(),
            package: get_str("package").unwrap_or_else(|| key.to_owned()),
            span,
            inherited: get_bool("workspace"),
            path: get_str("path"),
            optional: get_bool("optional"),
        });
    }
}

/// From the key to the end of its line (without a trailing comment): the whole declaration,
/// `db = { package = "rusqlite", … }`, when it fits on one line.
fn declaration_span(key: Range<usize>, text: &str) -> Range<usize> {
    let start = key.start.min(text.len());
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = &text[start..line_end];
    let code = line.find(" #").map_or(line, |i| &line[..i]).trim_end();
    start..(start + code.len()).max(key.end)
}

fn target_paths(root: &dyn TableLike) -> Vec<DeclaredTarget> {
    let read = |kind: &'static str, t: &dyn TableLike| DeclaredTarget {
        kind,
        name: t.get("name").and_then(Item::as_str).map(str::to_owned),
        path: t.get("path").and_then(Item::as_str).map(str::to_owned),
    };
    let mut targets = Vec::new();
    if let Some(lib) = root.get("lib").and_then(Item::as_table_like) {
        targets.push(read("lib", lib));
    }
    for kind in ["bin", "test", "bench", "example"] {
        if let Some(array) = root.get(kind).and_then(Item::as_array_of_tables) {
            targets.extend(array.iter().map(|t| read(kind, t)));
        }
    }
    targets
}
