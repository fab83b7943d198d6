//! The walk over one parsed file: scopes follow the nesting, expression paths are resolved and
//! kept when they may reach a denied path, and selected function signatures are recorded (the
//! items: `walk_items.rs`). Patterns compare values and reach nothing; locals, parameters and
//! generic parameters shadow whatever a glob import would bring in.

use proc_macro2::Span;
use syn::spanned::Spanned as _;
use syn::visit::{self, Visit};
use syn::{Attribute, Expr, Item, Pat, Stmt, Type};

use super::attrs::is_test_file;
use super::declare::{declarations, module_macros, segments, structure};
use super::facts::Interest;
use super::ir::{FileIr, ModIr, RawUse, Target};
use crate::resolve::{name_of, PathKind, Scopes};
use crate::source_pos::position;
use gate_core::text::SourceFile;

/// Walks a parsed file and returns what it keeps. `tests`: the file is under `tests/`,
/// `benches/` or `examples/`, where test-only code is examined like the rest.
pub(super) fn walk_file(
    file: &SourceFile,
    scopes: Scopes,
    interest: &Interest<'_>,
    ast: &syn::File,
    tests: bool,
) -> FileIr {
    let test_file = is_test_file(&ast.attrs);
    let mut walker = Walker {
        file,
        scopes,
        items: Vec::new(),
        interest,
        ir: FileIr { test_file, ..FileIr::default() },
        module: 0,
        tests,
        recording: interest.record && (tests || !test_file),
        mod_macros: module_macros(&ast.items),
    };
    let decls = declarations(ast.items.iter(), tests);
    let exports = walker.scopes.declare_root(&decls);
    let mut root = ModIr { items: decls.items, bindings: exports.bindings, globs: exports.globs, ..ModIr::default() };
    structure(&mut root, &ast.items, tests, &walker.mod_macros);
    walker.ir.modules.push(root);
    for item in &ast.items {
        walker.visit_item(item);
    }
    walker.ir
}

pub(super) struct Walker<'a, 'i> {
    pub(super) file: &'a SourceFile,
    pub(super) scopes: Scopes,
    /// The item path being walked below the file's module (inline modules, impl type, fn name).
    pub(super) items: Vec<String>,
    pub(super) interest: &'a Interest<'i>,
    pub(super) ir: FileIr,
    /// The module (index into `ir.modules`) being walked.
    pub(super) module: u32,
    /// Test-only code is examined too.
    pub(super) tests: bool,
    /// Uses and signatures are kept (the file is in some rule's scope, and not test-only).
    pub(super) recording: bool,
    /// Local `macro_rules!` that declare modules.
    pub(super) mod_macros: Vec<String>,
}

impl Walker<'_, '_> {
    /// Keeps a use if it may reach a denied path (or goes through the crate's own modules, to be
    /// settled with the module table); the span is computed only then.
    pub(super) fn record(
        &mut self,
        targets: Vec<Target>,
        written: impl FnOnce() -> String,
        span: impl FnOnce() -> Span,
    ) {
        if targets.is_empty() {
            return;
        }
        let keep = targets.iter().any(|t| match t {
            Target::Internal(..) | Target::Glob { .. } => true,
            Target::Extern(p) => self.interest.denied.matches(p),
        });
        if !keep {
            return;
        }
        let span = span();
        let start = position(span.start());
        self.ir.uses.push(RawUse {
            targets,
            written: written(),
            start,
            end: position(span.end()),
            item: self.items.join("::"),
            line: self.file.line_text(start.line).to_owned(),
        });
    }

    fn record_path(&mut self, path: &syn::Path, kind: PathKind) {
        if !self.recording {
            return;
        }
        // Most paths are one identifier (a local, a prelude name): only an import can make one
        // denied, so skip the rest without allocating.
        if kind == PathKind::Value
            && path.segments.len() == 1
            && path.leading_colon.is_none()
            && self.scopes.skip_single(&name_of(&path.segments[0].ident))
        {
            return;
        }
        let segs = segments(path);
        let targets = self.scopes.resolve(&segs, path.leading_colon.is_some(), kind);
        self.record(targets, || segs.join("::"), || path.span());
    }

    pub(super) fn with_item<F: FnOnce(&mut Self)>(&mut self, name: String, f: F) {
        self.items.push(name);
        f(self);
        self.items.pop();
    }

    /// The source text a span covers, whitespace folded.
    pub(super) fn text_of(&self, span: Span) -> String {
        let (start, end) = (self.file.offset(position(span.start())), self.file.offset(position(span.end())));
        self.file.text.get(start..end).unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// Binds the names a pattern introduces as locals; guard expressions in it are walked.
    pub(super) fn bind_pat(&mut self, pat: &Pat) {
        match pat {
            Pat::Ident(p) => {
                self.scopes.push_local(name_of(&p.ident));
                if let Some((_, sub)) = &p.subpat {
                    self.bind_pat(sub);
                }
            }
            Pat::Or(p) => p.cases.iter().for_each(|c| self.bind_pat(c)),
            Pat::Paren(p) => self.bind_pat(&p.pat),
            Pat::Reference(p) => self.bind_pat(&p.pat),
            Pat::Slice(p) => p.elems.iter().for_each(|e| self.bind_pat(e)),
            Pat::Tuple(p) => p.elems.iter().for_each(|e| self.bind_pat(e)),
            Pat::TupleStruct(p) => p.elems.iter().for_each(|e| self.bind_pat(e)),
            Pat::Struct(p) => p.fields.iter().for_each(|f| self.bind_pat(&f.pat)),
            Pat::Type(p) => self.bind_pat(&p.pat),
            Pat::Guard(g) => {
                self.bind_pat(&g.pat);
                self.visit_expr(&g.guard);
            }
            _ => {}
        }
    }

    /// An `if`/`while` condition: `let` chains bind their patterns for the body.
    fn visit_condition(&mut self, cond: &Expr) {
        match cond {
            Expr::Let(l) => {
                self.visit_expr(&l.expr);
                self.bind_pat(&l.pat);
            }
            Expr::Binary(b) if matches!(b.op, syn::BinOp::And(_)) => {
                self.visit_condition(&b.left);
                self.visit_condition(&b.right);
            }
            other => self.visit_expr(other),
        }
    }
}

impl<'ast> Visit<'ast> for Walker<'_, '_> {
    fn visit_item(&mut self, item: &'ast Item) {
        if !self.tests && super::attrs::is_test_only(super::declare::item_attrs(item)) {
            // Test-only: nothing in it is examined, but its modules' files are test-only too.
            if let Item::Mod(m) = item {
                self.test_module(m);
            }
            return;
        }
        visit::visit_item(self, item);
    }

    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        self.inline_module(m);
    }

    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        self.item_fn(f);
    }

    fn visit_item_impl(&mut self, imp: &'ast syn::ItemImpl) {
        self.item_impl(imp);
    }

    fn visit_item_trait(&mut self, t: &'ast syn::ItemTrait) {
        self.item_trait(t);
    }

    fn visit_item_const(&mut self, c: &'ast syn::ItemConst) {
        self.with_item(name_of(&c.ident), |w| w.visit_expr(&c.expr));
    }

    fn visit_item_static(&mut self, s: &'ast syn::ItemStatic) {
        self.with_item(name_of(&s.ident), |w| w.visit_expr(&s.expr));
    }

    fn visit_item_use(&mut self, _: &'ast syn::ItemUse) {
        // An import is not a use: only expressions reach authority.
    }

    fn visit_block(&mut self, block: &'ast syn::Block) {
        let items = block.stmts.iter().filter_map(|s| match s {
            Stmt::Item(i) => Some(i),
            _ => None,
        });
        let decls = declarations(items, self.tests);
        // Most blocks declare nothing: they need no frame of their own.
        let framed = !decls.is_empty();
        if framed {
            self.scopes.enter_block(&decls);
        }
        let mark = self.scopes.locals_mark();
        for stmt in &block.stmts {
            self.visit_stmt(stmt);
        }
        self.scopes.restore_locals(mark);
        if framed {
            self.scopes.leave();
        }
    }

    fn visit_local(&mut self, local: &'ast syn::Local) {
        if let Some(init) = &local.init {
            self.visit_expr(&init.expr);
            if let Some((_, diverge)) = &init.diverge {
                self.visit_expr(diverge);
            }
        }
        self.bind_pat(&local.pat);
    }

    fn visit_expr_closure(&mut self, c: &'ast syn::ExprClosure) {
        let mark = self.scopes.locals_mark();
        c.inputs.iter().for_each(|p| self.bind_pat(p));
        self.visit_expr(&c.body);
        self.scopes.restore_locals(mark);
    }

    fn visit_arm(&mut self, arm: &'ast syn::Arm) {
        let mark = self.scopes.locals_mark();
        self.bind_pat(&arm.pat);
        self.visit_expr(&arm.body);
        self.scopes.restore_locals(mark);
    }

    fn visit_expr_if(&mut self, e: &'ast syn::ExprIf) {
        let mark = self.scopes.locals_mark();
        self.visit_condition(&e.cond);
        self.visit_block(&e.then_branch);
        self.scopes.restore_locals(mark);
        if let Some((_, other)) = &e.else_branch {
            self.visit_expr(other);
        }
    }

    fn visit_expr_while(&mut self, e: &'ast syn::ExprWhile) {
        let mark = self.scopes.locals_mark();
        self.visit_condition(&e.cond);
        self.visit_block(&e.body);
        self.scopes.restore_locals(mark);
    }

    fn visit_expr_for_loop(&mut self, e: &'ast syn::ExprForLoop) {
        self.visit_expr(&e.expr);
        let mark = self.scopes.locals_mark();
        self.bind_pat(&e.pat);
        self.visit_block(&e.body);
        self.scopes.restore_locals(mark);
    }

    fn visit_expr_let(&mut self, e: &'ast syn::ExprLet) {
        self.visit_expr(&e.expr);
        self.bind_pat(&e.pat);
    }

    fn visit_pat(&mut self, _: &'ast Pat) {
        // A pattern compares a value (`Err(TryLockError::WouldBlock) =>`): it reaches nothing.
    }

    fn visit_expr_path(&mut self, e: &'ast syn::ExprPath) {
        match &e.qself {
            None => self.record_path(&e.path, PathKind::Value),
            // `<std::time::SystemTime>::now()`, `<SystemTime as Trait>::now()`: the type is what
            // is reached, followed by the associated item.
            Some(q) => {
                let Type::Path(tp) = &*q.ty else { return };
                if !self.recording {
                    return;
                }
                let mut segs = segments(&tp.path);
                segs.extend(e.path.segments.iter().skip(q.position).map(|s| name_of(&s.ident)));
                let targets = self.scopes.resolve(&segs, tp.path.leading_colon.is_some(), PathKind::Type);
                self.record(targets, || segs.join("::"), || e.span());
            }
        }
    }

    fn visit_expr_struct(&mut self, e: &'ast syn::ExprStruct) {
        self.record_path(&e.path, PathKind::Type);
        for field in &e.fields {
            self.visit_expr(&field.expr);
        }
        if let Some(rest) = &e.rest {
            self.visit_expr(rest);
        }
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        if !self.recording {
            return;
        }
        let segs = segments(&mac.path);
        let targets = self.scopes.resolve(&segs, mac.path.leading_colon.is_some(), PathKind::Macro);
        self.record(targets, || format!("{}!", segs.join("::")), || mac.path.span());
        let name = segs.last().cloned().unwrap_or_default();
        self.visit_macro_tokens(&name, &mac.tokens);
    }

    fn visit_attribute(&mut self, _: &'ast Attribute) {}

    fn visit_type(&mut self, _: &'ast Type) {
        // Types name capabilities; receiving one is the pattern the rules push code toward.
    }
}
