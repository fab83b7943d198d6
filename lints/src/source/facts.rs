//! What the source rules need from a file: the expression paths that may reach a denied path
//! (resolved to full paths), and the selected function signatures with their first parameter.
//! One walk over the parsed file gives its [`FileIr`]; the crate's module table turns that into
//! these facts.

use serde::{Deserialize, Serialize};

use super::ir::FileIr;
use crate::resolve::Scopes;
use crate::source_pos::position;
use gate_core::text::{Position, SourceFile};

/// A path used in an expression, resolved.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathUse {
    /// The full paths it may mean (one, or one per glob import that could explain it).
    pub candidates: Vec<String>,
    /// As written.
    pub written: String,
    /// Where.
    pub start: Position,
    /// Where it ends.
    pub end: Position,
    /// The enclosing item (fn path).
    pub item: String,
    /// The text of the line it starts on (for the finding's fingerprint: no file is read again).
    pub line: String,
}

/// Where a function is declared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FnKind {
    /// A free function.
    Free,
    /// A method in an inherent `impl`.
    Inherent,
    /// A method declared in a trait (methods of trait impls are never selected: their
    /// signature is the trait's).
    Trait,
}

/// The first parameter after `self`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FirstParam {
    /// As written (`n: u32`).
    pub text: String,
    /// For `&T` / `&mut T` with `T` a path: the full paths `T` may mean.
    pub reference_to: Vec<String>,
}

/// A function signature.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FnFact {
    /// Full path (`product::control::Fleet::rollout`).
    pub item: String,
    /// The name.
    pub name: String,
    /// `pub` exactly, or a method of a `pub` trait.
    pub public: bool,
    /// `async fn`.
    pub is_async: bool,
    /// Last path segment of each attribute (`high_impact` for `#[x::high_impact]`).
    pub attributes: Vec<String>,
    /// Where it is declared.
    pub kind: FnKind,
    /// The first parameter after `self`, if any.
    pub first_param: Option<FirstParam>,
    /// Signature start.
    pub start: Position,
    /// Signature end.
    pub end: Position,
    /// The text of the line the signature starts on.
    pub line: String,
}

/// Why a file could not be analysed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParseProblem {
    /// Where.
    pub position: Position,
    /// What the parser said.
    pub message: String,
}

/// Everything the source rules need from one file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    /// Paths that may reach a denied path.
    pub uses: Vec<PathUse>,
    /// Signatures of the functions `[cx_first]` selects.
    pub fns: Vec<FnFact>,
    /// Set when the file does not parse.
    pub parse_error: Option<ParseProblem>,
}

/// What to collect.
pub struct Interest<'a> {
    /// The denied paths: other paths are not worth keeping.
    pub denied: &'a super::DeniedPaths,
    /// The `[cx_first]` selection, when the file is in its scope: only selected functions are kept.
    pub cx_first: Option<&'a gate_core::policy::CxFirst>,
    /// Whether uses and signatures are kept at all (the file is in some rule's scope); the
    /// module structure always is.
    pub record: bool,
}

/// Parses `file` and walks it. `tests`: the file is under `tests/`, `benches/` or
/// `examples/`, where test-only code is examined too.
#[must_use]
pub fn collect(file: &SourceFile, scopes: Scopes, interest: &Interest<'_>, tests: bool) -> FileIr {
    let parsed = syn::parse_file(&file.text);
    let facts = match parsed {
        Err(e) => {
            let start = e.span().start();
            FileIr::failed(ParseProblem { position: position(start), message: e.to_string() })
        }
        Ok(ast) => super::walk::walk_file(file, scopes, interest, &ast, tests),
    };
    // Spans of this file are no longer needed; free the thread's source map.
    proc_macro2::extra::invalidate_current_thread_spans();
    facts
}
