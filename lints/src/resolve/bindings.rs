//! Binding a frame's declarations: local items, `extern crate`s and imports (which may refer to
//! each other, in any order), resolved in the frame; a module frame's imports are exported to
//! the crate's module table.

use super::{Anchor, Bound, PathKind, Scopes, Target, UseBinding};
use crate::source::ir::{BindingIr, ItemIr, Vis};

/// Local items and imports declared directly in a module or block.
#[derive(Clone, Debug, Default)]
pub(crate) struct Declarations {
    /// Named local items (`fn`, `struct`, `mod`, `macro_rules!`, …).
    pub items: Vec<ItemIr>,
    /// `use` bindings and type aliases.
    pub uses: Vec<UseBinding>,
    /// `extern crate x as y;` as (visibility, y, x).
    pub extern_crates: Vec<(Vis, String, String)>,
}

impl Declarations {
    /// Whether nothing is declared.
    #[must_use]
    pub(crate) fn is_empty(&self) -> bool {
        self.items.is_empty() && self.uses.is_empty() && self.extern_crates.is_empty()
    }
}

/// What a module frame exports to the crate's module table: its imports, resolved in the file.
#[derive(Clone, Debug, Default)]
pub(crate) struct Exports {
    /// Named imports.
    pub bindings: Vec<BindingIr>,
    /// Glob imports.
    pub globs: Vec<(Vis, Target)>,
}

impl Scopes {
    /// Binds a frame's declarations: local items first, then imports resolved in that frame
    /// (imports may refer to each other and to local items, in any order).
    pub(super) fn fill_top(&mut self, decls: &Declarations) -> Exports {
        let top = self.frames.len() - 1;
        let module = self.frames[top].module.clone();
        let mut exports = Exports::default();
        for item in &decls.items {
            let bound = if item.module {
                let path = module.iter().chain(std::iter::once(&item.name)).cloned().collect();
                Bound::Targets(vec![Target::Internal(Anchor::File(0), path)])
            } else {
                Bound::Item
            };
            self.frames[top].bindings.insert(item.name.clone(), bound);
        }
        for (vis, alias, krate) in &decls.extern_crates {
            let target = if krate == "self" {
                Target::Internal(Anchor::Crate, Vec::new())
            } else {
                Target::Extern(self.extern_path(std::slice::from_ref(krate)))
            };
            self.frames[top].bindings.insert(alias.clone(), Bound::Targets(vec![target.clone()]));
            exports.bindings.push(BindingIr { name: alias.clone(), vis: *vis, targets: vec![target] });
        }
        // Imports can chain (`use a::b; use b::c;`): resolve until nothing changes.
        let mut pending: Vec<&UseBinding> = decls.uses.iter().collect();
        // Globs first: a later import may start with a name only a glob brings in.
        pending.sort_by_key(|b| b.name.is_some());
        for _ in 0..8 {
            let mut unresolved = Vec::new();
            for binding in pending {
                let first = binding.path.first().map(String::as_str);
                let chained = first.is_some_and(|f| {
                    !self.frames[top].bindings.contains_key(f)
                        && decls.uses.iter().any(|u| !std::ptr::eq(u, binding) && u.name.as_deref() == Some(f))
                });
                if chained && !binding.absolute {
                    unresolved.push(binding);
                    continue;
                }
                self.bind(top, binding, &mut exports);
            }
            if unresolved.is_empty() {
                return exports;
            }
            pending = unresolved;
        }
        // A cycle (`use a::b as a;`): bind what is left as written.
        for binding in pending {
            self.bind(top, binding, &mut exports);
        }
        exports
    }

    fn bind(&mut self, top: usize, binding: &UseBinding, exports: &mut Exports) {
        let targets = self.resolve(&binding.path, binding.absolute, PathKind::Use);
        match &binding.name {
            Some(name) if name != "_" => {
                let bound = if targets.is_empty() { Bound::Item } else { Bound::Targets(targets.clone()) };
                self.frames[top].bindings.insert(name.clone(), bound);
                exports.bindings.push(BindingIr { name: name.clone(), vis: binding.vis, targets });
            }
            Some(_) => {}
            None => {
                exports.globs.extend(targets.iter().map(|t| (binding.vis, t.clone())));
                self.frames[top].globs.extend(targets);
            }
        }
    }
}
