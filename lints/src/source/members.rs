//! The analysis is incremental by member: a member whose walk inputs are all unchanged (see
//! [`super::cache`]) takes its reached files and facts from the cache; only the others are walked
//! and resolved. Name resolution never leaves a crate (paths into dependencies are kept as
//! written), so one member's results depend on its own files alone.

use std::collections::{BTreeMap, HashMap};

use camino::Utf8PathBuf;

use super::cache::{Cached, MemberEntry, MemberResult, MemberShape};
use super::tree::{CrateRoot, Tree};
use super::{CrateNames, FileAnalysis};
use crate::workspace::{Workspace, WorkspaceFile};

/// The members to analyse afresh, and the results of the others.
pub(super) struct Split {
    /// The crate roots of the members to walk.
    pub dirty_roots: Vec<CrateRoot>,
    /// Results taken from the cache, by member index.
    pub clean: BTreeMap<usize, MemberResult>,
    /// The shape of every member with a crate root, by member index.
    shapes: BTreeMap<usize, MemberShape>,
}

impl Split {
    /// Sorts the members of `roots` into clean and dirty.
    pub(super) fn new(
        ws: &Workspace,
        roots: &[CrateRoot],
        listing: &[WorkspaceFile],
        names: &[CrateNames],
        cached: &Cached,
    ) -> Self {
        let mut listed: HashMap<&str, Vec<Utf8PathBuf>> = HashMap::new();
        for file in listing {
            listed.entry(file.krate.as_str()).or_default().push(file.path.clone());
        }
        let mut shapes: BTreeMap<usize, MemberShape> = BTreeMap::new();
        for root in roots {
            let shape = shapes.entry(root.member).or_insert_with(|| MemberShape {
                roots: Vec::new(),
                names: names.get(root.member).map(|n| n.digest.clone()).unwrap_or_default(),
                listing: listed.get(root.krate.as_str()).cloned().unwrap_or_default(),
            });
            shape.roots.push((root.name.clone(), root.file.clone(), root.test_target));
        }
        let mut clean = BTreeMap::new();
        for (&member, shape) in &shapes {
            let Some(name) = ws.members.get(member).map(|m| m.name.as_str()) else { continue };
            if let Some(result) = cached.members.get(name).and_then(|e| e.unchanged(shape, &ws.root)) {
                clean.insert(member, result);
            }
        }
        let dirty_roots = roots.iter().filter(|r| !clean.contains_key(&r.member)).cloned().collect();
        Self { dirty_roots, clean, shapes }
    }

    /// Whether every member was clean.
    pub(super) fn all_clean(&self) -> bool {
        self.dirty_roots.is_empty()
    }

    /// The members' entries to write: clean members' as they are, and for the members just
    /// walked (`tree`, `analyses`) new ones, when their files all have a stamp.
    pub(super) fn entries(
        &self,
        ws: &Workspace,
        cached: &Cached,
        tree: &Tree,
        analyses: &[FileAnalysis],
    ) -> HashMap<String, MemberEntry> {
        let name = |member: usize| ws.members.get(member).map(|m| m.name.clone());
        let mut members = HashMap::new();
        for member in self.clean.keys() {
            if let Some(entry) = name(*member).and_then(|n| Some((cached.members.get(&n)?.clone(), n))) {
                members.insert(entry.1, entry.0);
            }
        }
        for (&member, shape) in &self.shapes {
            if self.clean.contains_key(&member) {
                continue;
            }
            let Some(name) = name(member) else { continue };
            if let Some(entry) = self.walked_entry(member, &name, shape, tree, analyses) {
                members.insert(name, entry);
            }
        }
        members
    }

    /// The entry of a member just walked, unless one of its files had no stamp.
    fn walked_entry(
        &self,
        member: usize,
        name: &str,
        shape: &MemberShape,
        tree: &Tree,
        analyses: &[FileAnalysis],
    ) -> Option<MemberEntry> {
        let files = tree
            .parsed
            .iter()
            .filter(|((m, _), _)| *m == member)
            .map(|((_, path), parsed)| parsed.stamp.map(|s| (path.clone(), s)))
            .collect::<Option<Vec<_>>>()?;
        let ours = |root: usize| self.dirty_roots.get(root).is_some_and(|r| r.member == member);
        let mut probes: Vec<(Utf8PathBuf, bool)> =
            tree.probes.iter().filter(|(root, _, _)| ours(*root)).map(|(_, p, there)| (p.clone(), *there)).collect();
        probes.sort();
        probes.dedup();
        let mut reached: Vec<Utf8PathBuf> =
            tree.instances.iter().filter(|i| ours(i.root)).map(|i| i.file.clone()).collect();
        reached.sort();
        reached.dedup();
        let analyses = analyses.iter().filter(|a| a.file.krate == name).cloned().collect();
        let result = postcard::to_allocvec(&MemberResult { reached, analyses }).ok()?;
        Some(MemberEntry { shape: shape.clone(), files, probes, result })
    }
}
