//! The module table of one crate: for every module (a file, an inline `mod`), its items, its
//! imports and its globs, as the walks of its files found them. Paths through the crate's own
//! modules are followed here, as rustc follows them: `crate::prelude::Cmd` through the prelude's
//! `pub use`, a name brought in by `use super::*;` or `use crate::prelude::*;` through the target
//! module's items *and imports* (private ones too when the target is an ancestor).

use std::collections::HashMap;

use super::glob_may_have;
use crate::source::ir::{Anchor, FileIr, Target, Vis};

/// Following imports and globs deeper than this gives up (a cycle, or absurd nesting).
const MAX_DEPTH: u32 = 24;

/// A target with its anchor applied: a full path, outside the crate or inside it.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Absolute {
    Extern(Vec<String>),
    Internal(Vec<String>),
    /// `path` through a glob of `module` imported into `importer`.
    Glob {
        module: Vec<String>,
        importer: Vec<String>,
        path: Vec<String>,
    },
}

#[derive(Debug, Default)]
struct ModuleNames {
    /// Item name → (is a module, visibility).
    items: HashMap<String, (bool, Vis)>,
    /// Imported name → (visibility, what it may mean).
    bindings: HashMap<String, (Vis, Vec<Absolute>)>,
    globs: Vec<(Vis, Absolute)>,
}

/// Every module of one crate (a lib, a bin, …), by full path (the crate's name first).
#[derive(Debug)]
pub(crate) struct CrateTable {
    root: String,
    modules: HashMap<Vec<String>, ModuleNames>,
}

impl CrateTable {
    /// An empty table for the crate named `root`.
    #[must_use]
    pub(crate) fn new(root: &str) -> Self {
        Self { root: root.to_owned(), modules: HashMap::new() }
    }

    /// Adds the modules of a file compiled as the module `module` (its root; inline modules
    /// below it).
    pub(crate) fn add_file(&mut self, ir: &FileIr, module: &[String]) {
        for (index, m) in ir.modules.iter().enumerate() {
            let path: Vec<String> = module.iter().cloned().chain(ir.chain(index)).collect();
            let mut entry = std::mem::take(self.modules.entry(path.clone()).or_default());
            for item in &m.items {
                entry.items.insert(item.name.clone(), (item.module, item.vis));
            }
            for binding in &m.bindings {
                let targets = binding.targets.iter().map(|t| self.anchor(module, t)).collect();
                entry.bindings.insert(binding.name.clone(), (binding.vis, targets));
            }
            entry.globs.extend(m.globs.iter().map(|(vis, t)| (*vis, self.anchor(module, t))));
            self.modules.insert(path, entry);
        }
    }

    /// Applies a target's anchor for a file whose module is `module`.
    fn anchor(&self, module: &[String], target: &Target) -> Absolute {
        match target {
            Target::Extern(p) => Absolute::Extern(p.clone()),
            Target::Internal(anchor, p) => Absolute::Internal(self.anchored(module, *anchor, p)),
            Target::Glob { module: (anchor, m), importer, path } => Absolute::Glob {
                module: self.anchored(module, *anchor, m),
                importer: self.anchored(module, Anchor::File(0), importer),
                path: path.clone(),
            },
        }
    }

    fn anchored(&self, module: &[String], anchor: Anchor, path: &[String]) -> Vec<String> {
        let base = match anchor {
            Anchor::Crate => std::slice::from_ref(&self.root),
            Anchor::File(_) if module.is_empty() => std::slice::from_ref(&self.root),
            Anchor::File(up) => {
                let up = usize::try_from(up).unwrap_or(usize::MAX);
                &module[..module.len().saturating_sub(up).max(1)]
            }
        };
        base.iter().chain(path).cloned().collect()
    }

    /// The full paths a target of a file compiled as `module` may mean: the path as written
    /// (anchored), and what it resolves to through the crate's imports.
    #[must_use]
    pub(crate) fn resolve(&self, module: &[String], target: &Target) -> Vec<Vec<String>> {
        let mut out = Vec::new();
        match self.anchor(module, target) {
            Absolute::Internal(p) => out.push(p.clone()),
            Absolute::Extern(_) | Absolute::Glob { .. } => {}
        }
        self.follow_target(&self.anchor(module, target), &[], 0, &mut out);
        out.sort();
        out.dedup();
        out
    }

    /// Follows an internal path through modules, imports and globs, adding what it reaches.
    fn follow(&self, path: &[String], depth: u32, out: &mut Vec<Vec<String>>) {
        if depth > MAX_DEPTH {
            return;
        }
        let mut end = 1;
        while end < path.len() {
            let Some(names) = self.modules.get(&path[..end]) else { return };
            let name = &path[end];
            let rest = &path[end + 1..];
            if let Some((is_module, _)) = names.items.get(name) {
                if *is_module && self.modules.contains_key(&path[..=end]) {
                    end += 1;
                    continue;
                }
                return; // a local item: the path ends here
            }
            if let Some((_, targets)) = names.bindings.get(name) {
                for target in targets {
                    self.follow_target(target, rest, depth, out);
                }
                return;
            }
            let importer = &path[..end];
            for (_, glob) in &names.globs {
                match glob {
                    Absolute::Extern(p) if glob_may_have(p, name) => {
                        out.push(p.iter().chain(&path[end..]).cloned().collect());
                    }
                    Absolute::Internal(p) => self.through_glob(p, importer, &path[end..], depth, out),
                    _ => {}
                }
            }
            return;
        }
    }

    fn follow_target(&self, target: &Absolute, rest: &[String], depth: u32, out: &mut Vec<Vec<String>>) {
        match target {
            Absolute::Extern(p) => out.push(p.iter().chain(rest).cloned().collect()),
            Absolute::Internal(p) => {
                let next: Vec<String> = p.iter().chain(rest).cloned().collect();
                out.push(next.clone());
                self.follow(&next, depth + 1, out);
            }
            Absolute::Glob { module, importer, path } => {
                let path: Vec<String> = path.iter().chain(rest).cloned().collect();
                self.through_glob(module, importer, &path, depth, out);
            }
        }
    }

    /// `path` looked up through a glob of `module` imported into `importer`: only if the
    /// module has its first name, visible from there.
    fn through_glob(
        &self,
        module: &[String],
        importer: &[String],
        path: &[String],
        depth: u32,
        out: &mut Vec<Vec<String>>,
    ) {
        let Some(name) = path.first() else { return };
        if self.has_name(module, name, importer, depth + 1) {
            let next: Vec<String> = module.iter().chain(path).cloned().collect();
            out.push(next.clone());
            self.follow(&next, depth + 1, out);
        }
    }

    /// Whether `module` has `name` visible from `importer`: its items and imports (private ones
    /// only when `module` is `importer` or one of its ancestors), and what its globs bring in.
    fn has_name(&self, module: &[String], name: &str, importer: &[String], depth: u32) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        let Some(names) = self.modules.get(module) else { return false };
        let visible = |vis: Vis| vis != Vis::Private || importer.starts_with(module);
        if names.items.get(name).is_some_and(|(_, v)| visible(*v))
            || names.bindings.get(name).is_some_and(|(v, _)| visible(*v))
        {
            return true;
        }
        names.globs.iter().any(|(vis, glob)| {
            visible(*vis)
                && match glob {
                    Absolute::Extern(p) => glob_may_have(p, name),
                    Absolute::Internal(p) => self.has_name(p, name, importer, depth + 1),
                    Absolute::Glob { .. } => false,
                }
        })
    }
}
