//! What one walk over a parsed file keeps: the file's modules (their names, imports and `mod`
//! declarations) and the paths and signatures the rules may care about, resolved as far as the
//! file alone allows.
//!
//! A file does not know where it sits in its crate until the module tree is walked, and a path
//! through the crate's own modules (`crate::prelude::Cmd`, a name from `use super::*;`) needs
//! the other files' imports. So the walk resolves what it can (locals, this file's imports,
//! external crates) and keeps the rest as [`Target::Internal`], anchored to the file's module;
//! [`crate::resolve::CrateTable`] finishes the job once every file of the crate is read. The
//! representation does not depend on the file's module path, so it is cached by content.

use serde::{Deserialize, Serialize};

use super::facts::{FnKind, ParseProblem};
use gate_core::text::Position;

/// Declared visibility.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Vis {
    /// `pub` exactly.
    Pub,
    /// `pub(crate)`, `pub(super)`, `pub(in …)`, `pub(self)`.
    Restricted,
    /// No visibility: private to the module (and its descendants).
    Private,
}

impl Vis {
    /// The visibility of a syn item.
    #[must_use]
    pub(crate) fn of(vis: &syn::Visibility) -> Self {
        match vis {
            syn::Visibility::Public(_) => Self::Pub,
            syn::Visibility::Restricted(_) => Self::Restricted,
            syn::Visibility::Inherited => Self::Private,
        }
    }
}

/// Where a path inside the crate starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Anchor {
    /// The crate root (`crate::`).
    Crate,
    /// The file's own module, this many levels up (`super::` from the file's root is 1).
    File(u32),
}

/// What a path (or an import) may mean.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Target {
    /// A path in another crate (`std::net::TcpStream`), final.
    Extern(Vec<String>),
    /// A path through this crate's modules, relative to the anchor, to be resolved with the
    /// crate's module table.
    Internal(Anchor, Vec<String>),
    /// A path whose first name only a glob import of one of this crate's modules (`use
    /// super::*;`) can explain: it means something only if that module has the name, visible
    /// from the importing module.
    Glob {
        /// The globbed module, relative to the anchor.
        module: (Anchor, Vec<String>),
        /// The importing module, below the file's module.
        importer: Vec<String>,
        /// The path, its first segment the name looked up.
        path: Vec<String>,
    },
}

impl Target {
    /// This target followed by `rest`.
    #[must_use]
    pub(crate) fn join(&self, rest: &[String]) -> Self {
        let extend = |p: &Vec<String>| p.iter().chain(rest).cloned().collect::<Vec<_>>();
        match self {
            Self::Extern(p) => Self::Extern(extend(p)),
            Self::Internal(anchor, p) => Self::Internal(*anchor, extend(p)),
            Self::Glob { module, importer, path } => {
                Self::Glob { module: module.clone(), importer: importer.clone(), path: extend(path) }
            }
        }
    }
}

/// A named item of a module.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemIr {
    /// Its name.
    pub name: String,
    /// Whether it is a module (paths may go on through it).
    pub module: bool,
    /// Its visibility.
    pub vis: Vis,
}

/// A name a `use` (or `extern crate`, or a type alias) binds in a module.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BindingIr {
    /// The name bound.
    pub name: String,
    /// Its visibility (`pub use` re-exports).
    pub vis: Vis,
    /// What it may mean.
    pub targets: Vec<Target>,
}

/// An out-of-line module declaration: `mod x;`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModDecl {
    /// The module's name (raw identifiers unescaped: `mod r#type;` is `type`).
    pub name: String,
    /// `#[path = "…"]` and `#[cfg_attr(…, path = "…")]` values, as written.
    pub paths: Vec<String>,
    /// Whether the default location counts too (no plain `#[path]`).
    pub default_location: bool,
    /// Declared test-only (`#[cfg(test)]`).
    pub test: bool,
}

/// One module of the file: its root (index 0) or an inline `mod x { … }`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModIr {
    /// The enclosing module of an inline module (`None` for the file's root).
    pub parent: Option<u32>,
    /// The inline module's name (empty for the root).
    pub name: String,
    /// `#[path = "dir"]` on an inline module: where its children live.
    pub path_attr: Option<String>,
    /// Declared test-only.
    pub test: bool,
    /// Named items.
    pub items: Vec<ItemIr>,
    /// Names bound by imports.
    pub bindings: Vec<BindingIr>,
    /// Glob imports (`use a::*;`) with their visibility.
    pub globs: Vec<(Vis, Target)>,
    /// Out-of-line modules declared here.
    pub mods: Vec<ModDecl>,
    /// `include!("…")` in item position: files whose items belong to this module.
    pub includes: Vec<String>,
    /// A macro here may declare modules the walk cannot follow.
    pub opaque: bool,
}

/// A path used in an expression, resolved as far as the file allows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawUse {
    /// What it may mean.
    pub targets: Vec<Target>,
    /// As written.
    pub written: String,
    /// Where.
    pub start: Position,
    /// Where it ends.
    pub end: Position,
    /// The enclosing item below the file's module (`Fleet::rollout`).
    pub item: String,
    /// The text of the line it starts on.
    pub line: String,
}

/// The first parameter after `self`, as far as the file resolves it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawParam {
    /// As written (`n: u32`).
    pub text: String,
    /// For `&T` / `&mut T` with `T` a path (not a generic parameter): what `T` may mean.
    pub targets: Vec<Target>,
}

/// A function `[cx_first]` selects.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawFn {
    /// Its path below the file's module (`Fleet::rollout`).
    pub item: String,
    /// The name.
    pub name: String,
    /// `pub` exactly (a trait method: its trait is `pub`).
    pub public: bool,
    /// `async fn`.
    pub is_async: bool,
    /// Last path segment of each attribute.
    pub attributes: Vec<String>,
    /// Where it is declared.
    pub kind: FnKind,
    /// The first parameter after `self`, if any.
    pub first_param: Option<RawParam>,
    /// Signature start.
    pub start: Position,
    /// Signature end.
    pub end: Position,
    /// The text of the line the signature starts on.
    pub line: String,
}

/// Everything kept from one file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileIr {
    /// Set when the file cannot be read or parsed.
    pub parse_error: Option<ParseProblem>,
    /// The file opens with `#![cfg(test)]`.
    pub test_file: bool,
    /// Its modules: the root first, then inline modules in source order.
    pub modules: Vec<ModIr>,
    /// Paths that may reach a denied path.
    pub uses: Vec<RawUse>,
    /// Selected functions.
    pub fns: Vec<RawFn>,
}

impl FileIr {
    /// A file that could not be analysed.
    #[must_use]
    pub(crate) fn failed(problem: ParseProblem) -> Self {
        Self { parse_error: Some(problem), ..Self::default() }
    }

    /// The module tree alone (what the walk follows: declarations, includes, attributes), without
    /// items, imports, uses and signatures.
    #[must_use]
    pub(crate) fn skeleton(mut self) -> Self {
        self.uses = Vec::new();
        self.fns = Vec::new();
        for module in &mut self.modules {
            module.items = Vec::new();
            module.bindings = Vec::new();
            module.globs = Vec::new();
        }
        self
    }

    /// The inline-module names from the file's root down to module `index`.
    #[must_use]
    pub(crate) fn chain(&self, index: usize) -> Vec<String> {
        let mut names = Vec::new();
        let mut at = Some(index);
        while let Some(i) = at {
            let Some(m) = self.modules.get(i) else { break };
            if m.parent.is_some() {
                names.push(m.name.clone());
            }
            at = m.parent.map(|p| p as usize).filter(|p| *p < i);
        }
        names.reverse();
        names
    }

    /// The modules from the root down to `index` (root first).
    #[must_use]
    pub(crate) fn lineage(&self, index: usize) -> Vec<&ModIr> {
        let mut out = Vec::new();
        let mut at = Some(index);
        while let Some(i) = at {
            let Some(m) = self.modules.get(i) else { break };
            out.push(m);
            at = m.parent.map(|p| p as usize).filter(|p| *p < i);
        }
        out.reverse();
        out
    }
}
