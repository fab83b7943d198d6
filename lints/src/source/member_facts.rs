//! The facts of every reached file some rule looks at, resolved through its crate's module
//! table from every module it is compiled as. One member at a time (in parallel): a member's
//! walks are decoded, its tables built, its files resolved, and all of it dropped before the
//! next, so memory holds the encoded walks of the workspace and the tables of two members.

use std::collections::{BTreeMap, HashMap};

use camino::Utf8Path;
use rayon::prelude::*;

use super::facts::{Facts, FirstParam, FnFact, PathUse};
use super::ir::FileIr;
use super::tree::{CrateRoot, Instance, Tree};
use super::{wanted_by_any_rule, DeniedPaths, FileAnalysis};
use crate::resolve::CrateTable;
use crate::workspace::{SourceScope, Workspace, WorkspaceFile};
use gate_core::policy::Policy;

/// The facts of every reached file of the walked members (production code; under `tests/`,
/// `benches/`, `examples/`, any).
pub(super) fn facts_of_files(
    ws: &Workspace,
    policy: &Policy,
    roots: &[CrateRoot],
    tree: &Tree,
    denied: &DeniedPaths,
) -> Vec<FileAnalysis> {
    let mut by_member: BTreeMap<usize, Vec<&Instance>> = BTreeMap::new();
    for instance in &tree.instances {
        by_member.entry(roots[instance.root].member).or_default().push(instance);
    }
    by_member
        .into_par_iter()
        .flat_map_iter(|(member, instances)| facts_of_member(ws, policy, roots, tree, denied, member, &instances))
        .collect()
}

/// The facts of one member's reached files.
fn facts_of_member(
    ws: &Workspace,
    policy: &Policy,
    roots: &[CrateRoot],
    tree: &Tree,
    denied: &DeniedPaths,
    member: usize,
    instances: &[&Instance],
) -> Vec<FileAnalysis> {
    let Some(m) = ws.members.get(member) else { return Vec::new() };
    let mut walks: HashMap<&Utf8Path, FileIr> = HashMap::new();
    for instance in instances {
        if let Some(parsed) = tree.parsed.get(&(member, instance.file.clone())) {
            walks.entry(instance.file.as_path()).or_insert_with(|| parsed.decode());
        }
    }
    let mut tables: HashMap<usize, CrateTable> = HashMap::new();
    for instance in instances {
        if let Some(ir) = walks.get(instance.file.as_path()) {
            let table = tables.entry(instance.root).or_insert_with(|| CrateTable::new(&roots[instance.root].name));
            table.add_file(ir, &instance.module);
        }
    }
    let mut groups: BTreeMap<&Utf8Path, Vec<&Instance>> = BTreeMap::new();
    for instance in instances {
        groups.entry(instance.file.as_path()).or_default().push(instance);
    }
    let mut out = Vec::new();
    for (path, instances) in groups {
        let file = WorkspaceFile { path: path.to_owned(), krate: m.name.clone(), scope: SourceScope::of(&m.dir, path) };
        let chosen: Vec<&Instance> = if file.scope.is_test_dir() {
            instances
        } else {
            instances.into_iter().filter(|i| !i.test && !roots[i.root].test_target).collect()
        };
        if chosen.is_empty() || !wanted_by_any_rule(policy, &file) {
            continue;
        }
        let Some(ir) = walks.get(path) else { continue };
        let modules: Vec<(&CrateTable, &[String])> =
            chosen.iter().filter_map(|i| Some((tables.get(&i.root)?, i.module.as_slice()))).collect();
        out.push(FileAnalysis { facts: resolve_facts(ir, &modules, denied), file });
    }
    out
}

/// A file's facts: each kept path and signature resolved from every module the file is
/// compiled as (the first names the item).
fn resolve_facts(ir: &FileIr, modules: &[(&CrateTable, &[String])], denied: &DeniedPaths) -> Facts {
    let resolve = |targets: &[super::ir::Target]| -> Vec<Vec<String>> {
        let mut all: Vec<Vec<String>> =
            modules.iter().flat_map(|(table, module)| targets.iter().flat_map(|t| table.resolve(module, t))).collect();
        all.sort();
        all.dedup();
        all
    };
    let item_path = |item: &str| -> String {
        let module = modules.first().map(|(_, m)| m.join("::")).unwrap_or_default();
        if item.is_empty() {
            module
        } else {
            format!("{module}::{item}")
        }
    };
    let uses = ir
        .uses
        .iter()
        .filter_map(|raw| {
            let candidates = resolve(&raw.targets);
            candidates.iter().any(|c| denied.matches(c)).then(|| PathUse {
                candidates: candidates.iter().map(|c| c.join("::")).collect(),
                written: raw.written.clone(),
                start: raw.start,
                end: raw.end,
                item: item_path(&raw.item),
                line: raw.line.clone(),
            })
        })
        .collect();
    let fns = ir
        .fns
        .iter()
        .map(|raw| FnFact {
            item: item_path(&raw.item),
            name: raw.name.clone(),
            public: raw.public,
            is_async: raw.is_async,
            attributes: raw.attributes.clone(),
            kind: raw.kind,
            first_param: raw.first_param.as_ref().map(|p| FirstParam {
                text: p.text.clone(),
                reference_to: resolve(&p.targets).iter().map(|c| c.join("::")).collect(),
            }),
            start: raw.start,
            end: raw.end,
            line: raw.line.clone(),
        })
        .collect();
    Facts { uses, fns, parse_error: ir.parse_error.clone() }
}
