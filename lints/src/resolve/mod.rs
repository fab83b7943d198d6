//! Name resolution for source rules: turns the paths written in a file into full paths, the way
//! rustc would for the cases that matter (PRODUCT.md §4).
//!
//! Resolution happens in two steps. While a file is walked, a [`Scopes`] stack mirrors its
//! nesting: one frame per module (the file's root, an inline `mod { … }`) and one per block, plus
//! the local variables, generic parameters and `Self` in scope. A path's first segment is looked
//! up from the innermost frame out to the nearest module (Rust modules do not see their parent's
//! names); what the file alone settles (a local, an import of another crate, a local item) is
//! final, and what goes through the crate's own modules (`crate::`, `super::`, a glob of a
//! sibling module) is kept as an anchored [`Target::Internal`]. Once every file of the crate is
//! read, [`CrateTable`] follows those through the modules' items and imports — globs included —
//! to their final paths.

mod bindings;
mod crate_table;
mod prelude;
mod std_items;
mod uses;

#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};

pub(crate) use bindings::{Declarations, Exports};
pub(crate) use crate_table::CrateTable;
pub(crate) use prelude::is_prelude_name;
pub(crate) use std_items::glob_may_have;
pub(crate) use uses::{flatten_use_tree, name_of, UseBinding};

use crate::source::ir::{Anchor, Target};
use prelude::STD_MACROS;

/// What a frame is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FrameKind {
    /// A module: the file's root or an inline `mod`.
    Module,
    /// A block: names declared in it are visible inside only.
    Block,
}

/// What a name is bound to in a frame.
#[derive(Clone, Debug)]
enum Bound {
    /// A local item that is not a module: nothing a path through it can reach is ambient.
    Item,
    /// An import, an `extern crate` or a local module.
    Targets(Vec<Target>),
}

#[derive(Clone, Debug)]
struct Frame {
    kind: FrameKind,
    /// The inline-module path of the frame below the file's module.
    module: Vec<String>,
    bindings: HashMap<String, Bound>,
    /// Glob-imported prefixes.
    globs: Vec<Target>,
}

/// A name in the value or type namespace introduced inside a function.
#[derive(Clone, Debug)]
enum Local {
    /// A nested `fn` sees none of the names outside it.
    Barrier,
    /// A local variable or parameter: shadows one-segment value paths.
    Value(String),
    /// A generic parameter: shadows every path that starts with it.
    Generic(String),
}

/// The namespace a path is looked up in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PathKind {
    /// An expression (a one-segment path may be a local variable).
    Value,
    /// A type or a struct literal.
    Type,
    /// A macro invoked as `path!`.
    Macro,
    /// The path of a `use` declaration.
    Use,
}

/// The names in scope at a point of a file.
#[derive(Clone, Debug)]
pub struct Scopes {
    frames: Vec<Frame>,
    /// Renamed dependencies: the name code uses (`db`) → the package's crate name (`rusqlite`).
    renamed: HashMap<String, String>,
    /// Names known to be crates (std, the member's dependencies, the roots of denied paths): a
    /// glob import cannot be what they mean.
    known_crates: HashSet<String>,
    locals: Vec<Local>,
    /// What `Self` means in each enclosing `impl` (empty: unknown, as in a trait).
    self_types: Vec<Vec<Target>>,
}

impl Default for Scopes {
    fn default() -> Self {
        Self::new()
    }
}

impl Scopes {
    /// Scopes for a file: one module frame, the file's root.
    #[must_use]
    pub fn new() -> Self {
        let root = Frame { kind: FrameKind::Module, module: Vec::new(), bindings: HashMap::new(), globs: Vec::new() };
        let known_crates = ["std", "core", "alloc", "proc_macro"].into_iter().map(str::to_owned).collect();
        Self { frames: vec![root], renamed: HashMap::new(), known_crates, locals: Vec::new(), self_types: Vec::new() }
    }

    /// Declares more names that are crates (dependencies, roots of denied paths).
    #[must_use]
    pub fn with_known_crates(mut self, crates: impl IntoIterator<Item = String>) -> Self {
        self.known_crates.extend(crates);
        self
    }

    /// Declares the crate's renamed dependencies (`db = { package = "rusqlite" }` → `db` → `rusqlite`).
    #[must_use]
    pub fn with_renamed_dependencies(mut self, renamed: HashMap<String, String>) -> Self {
        self.renamed = renamed;
        self
    }

    /// A path that names an extern crate, with a renamed dependency replaced by its package.
    fn extern_path(&self, segments: &[String]) -> Vec<String> {
        match segments.split_first() {
            Some((first, rest)) => match self.renamed.get(first) {
                Some(package) => std::iter::once(package.clone()).chain(rest.iter().cloned()).collect(),
                None => segments.to_vec(),
            },
            None => Vec::new(),
        }
    }

    /// The inline-module path at this point, below the file's module.
    #[must_use]
    pub(crate) fn module(&self) -> &[String] {
        self.frames.last().map_or(&[][..], |f| &f.module)
    }

    /// Declares the file root's names (call once, before walking the file).
    pub(crate) fn declare_root(&mut self, decls: &Declarations) -> Exports {
        self.fill_top(decls)
    }

    /// Enters an inline module `name` with its declarations.
    pub(crate) fn enter_module(&mut self, name: &str, decls: &Declarations) -> Exports {
        let mut module = self.module().to_vec();
        module.push(name.to_owned());
        self.frames.push(Frame { kind: FrameKind::Module, module, bindings: HashMap::new(), globs: Vec::new() });
        self.fill_top(decls)
    }

    /// Enters a block with its declarations.
    pub(crate) fn enter_block(&mut self, decls: &Declarations) {
        let module = self.module().to_vec();
        self.frames.push(Frame { kind: FrameKind::Block, module, bindings: HashMap::new(), globs: Vec::new() });
        self.fill_top(decls);
    }

    /// Leaves the innermost module or block.
    pub(crate) fn leave(&mut self) {
        if self.frames.len() > 1 {
            self.frames.pop();
        }
    }

    /// The current depth of the locals stack, to restore with [`Scopes::restore_locals`].
    #[must_use]
    pub(crate) fn locals_mark(&self) -> usize {
        self.locals.len()
    }

    /// Forgets the locals introduced since `mark`.
    pub(crate) fn restore_locals(&mut self, mark: usize) {
        self.locals.truncate(mark);
    }

    /// A nested `fn` starts here: the names outside it are not visible inside.
    pub(crate) fn push_barrier(&mut self) {
        self.locals.push(Local::Barrier);
    }

    /// A local variable or parameter.
    pub(crate) fn push_local(&mut self, name: String) {
        self.locals.push(Local::Value(name));
    }

    /// A generic parameter.
    pub(crate) fn push_generic(&mut self, name: String) {
        self.locals.push(Local::Generic(name));
    }

    /// Enters an `impl` (what `Self` means) or a trait (`None`: unknown).
    pub(crate) fn push_self_type(&mut self, targets: Vec<Target>) {
        self.self_types.push(targets);
    }

    /// Leaves the innermost `impl` or trait.
    pub(crate) fn pop_self_type(&mut self) {
        self.self_types.pop();
    }

    fn is_local(&self, name: &str, value: bool) -> bool {
        for local in self.locals.iter().rev() {
            match local {
                Local::Barrier => return false,
                Local::Value(n) if value && n == name => return true,
                Local::Generic(n) if n == name => return true,
                _ => {}
            }
        }
        false
    }

    /// Whether a one-segment value path `name` is certainly not worth resolving: a local, or a
    /// name no import can explain here (a prelude name, a function of this module).
    #[must_use]
    pub(crate) fn skip_single(&self, name: &str) -> bool {
        if self.is_local(name, true) || name == "self" {
            return true;
        }
        for frame in self.frames.iter().rev() {
            if !frame.globs.is_empty() || frame.bindings.contains_key(name) {
                return false;
            }
            if frame.kind == FrameKind::Module {
                break;
            }
        }
        true
    }

    /// `super` `ups` times from the current module, then `rest`.
    fn relative(&self, ups: usize, rest: &[String]) -> Target {
        let module = self.module();
        if ups <= module.len() {
            let path = module[..module.len() - ups].iter().chain(rest).cloned().collect();
            Target::Internal(Anchor::File(0), path)
        } else {
            let up = u32::try_from(ups - module.len()).unwrap_or(u32::MAX);
            Target::Internal(Anchor::File(up), rest.to_vec())
        }
    }

    /// What `segments` may mean here. Empty: a local (variable, generic parameter, item) that
    /// reaches nothing outside the crate. Several: a name only glob imports can explain gives
    /// one candidate per glob, and the name as written.
    #[must_use]
    pub(crate) fn resolve(&self, segments: &[String], absolute: bool, kind: PathKind) -> Vec<Target> {
        let Some(first) = segments.first() else { return Vec::new() };
        if absolute {
            return vec![Target::Extern(self.extern_path(segments))];
        }
        let rest = &segments[1..];
        match first.as_str() {
            "crate" | "$crate" => return vec![Target::Internal(Anchor::Crate, rest.to_vec())],
            "self" if rest.is_empty() && kind == PathKind::Value => return Vec::new(),
            "self" => return vec![self.relative(0, rest)],
            "super" => {
                let ups = segments.iter().take_while(|s| *s == "super").count();
                return vec![self.relative(ups, &segments[ups..])];
            }
            "Self" => {
                return self.self_types.last().map(|t| t.iter().map(|x| x.join(rest)).collect()).unwrap_or_default()
            }
            _ => {}
        }
        if kind != PathKind::Use && self.is_local(first, rest.is_empty() && kind == PathKind::Value) {
            return Vec::new();
        }
        let mut globs: Vec<&Target> = Vec::new();
        for frame in self.frames.iter().rev() {
            if let Some(bound) = frame.bindings.get(first) {
                return match bound {
                    Bound::Item => Vec::new(),
                    Bound::Targets(targets) => targets.iter().map(|t| t.join(rest)).collect(),
                };
            }
            globs.extend(&frame.globs);
            if frame.kind == FrameKind::Module {
                break;
            }
        }
        if self.known_crates.contains(first) || self.renamed.contains_key(first) {
            return vec![Target::Extern(self.extern_path(segments))];
        }
        if kind == PathKind::Macro && rest.is_empty() && STD_MACROS.contains(&first.as_str()) {
            return vec![Target::Extern(vec!["std".to_owned(), first.clone()])];
        }
        let mut candidates: Vec<Target> = globs
            .iter()
            .filter_map(|g| match g {
                Target::Extern(module) => glob_may_have(module, first).then(|| g.join(segments)),
                Target::Internal(anchor, module) => (!is_prelude_name(first)).then(|| Target::Glob {
                    module: (*anchor, module.clone()),
                    importer: self.module().to_vec(),
                    path: segments.to_vec(),
                }),
                Target::Glob { .. } => None,
            })
            .collect();
        // Written as is: an extern crate (`std::…`, a renamed dependency) or a prelude name.
        candidates.push(Target::Extern(self.extern_path(segments)));
        candidates
    }
}

/// Whether a resolved path reaches `denied`: it is that path or lies below it.
#[must_use]
pub(crate) fn reaches(resolved: &str, denied: &str) -> bool {
    resolved == denied || resolved.strip_prefix(denied).is_some_and(|rest| rest.starts_with("::"))
}
