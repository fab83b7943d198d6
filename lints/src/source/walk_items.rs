//! The walk over items: inline modules (a frame and a module entry each), functions, `impl`s and
//! traits (their generic parameters and `Self` in scope, associated consts, default bodies,
//! macros in impl or trait position), and the signatures `[cx_first]` selects.

use syn::spanned::Spanned as _;
use syn::visit::Visit;
use syn::{Attribute, FnArg, ImplItem, ReturnType, Signature, TraitItem, Type};

use super::attrs::{is_test_only, module_paths};
use super::declare::{declarations, module_macros, segments, structure};
use super::facts::FnKind;
use super::ir::{ModIr, RawFn, RawParam, Vis};
use super::walk::Walker;
use crate::resolve::{name_of, PathKind};
use crate::source_pos::position;

impl Walker<'_, '_> {
    /// An inline `mod x { … }`: its own frame and module entry; its items are walked.
    pub(super) fn inline_module(&mut self, m: &syn::ItemMod) {
        let Some((_, items)) = &m.content else { return };
        let name = name_of(&m.ident);
        let decls = declarations(items.iter(), self.tests);
        let exports = self.scopes.enter_module(&name, &decls);
        let mut macros = module_macros(items);
        macros.extend(self.mod_macros.iter().cloned());
        let mut module = ModIr {
            parent: Some(self.module),
            name: name.clone(),
            path_attr: module_paths(&m.attrs).0.into_iter().next(),
            test: is_test_only(&m.attrs),
            items: decls.items,
            bindings: exports.bindings,
            globs: exports.globs,
            ..ModIr::default()
        };
        structure(&mut module, items, self.tests, &macros);
        let index = u32::try_from(self.ir.modules.len()).unwrap_or(u32::MAX);
        self.ir.modules.push(module);
        let outer = std::mem::replace(&mut self.module, index);
        let mark = self.scopes.locals_mark();
        self.scopes.push_barrier();
        self.with_item(name, |w| {
            for item in items {
                w.visit_item(item);
            }
        });
        self.scopes.restore_locals(mark);
        self.module = outer;
        self.scopes.leave();
    }

    /// A test-only inline module: not walked, but its module declarations are kept (marked
    /// test-only) so that the files they name are known to be test code.
    pub(super) fn test_module(&mut self, m: &syn::ItemMod) {
        let Some((_, items)) = &m.content else { return };
        let mut module = ModIr {
            parent: Some(self.module),
            name: name_of(&m.ident),
            path_attr: module_paths(&m.attrs).0.into_iter().next(),
            test: true,
            ..ModIr::default()
        };
        structure(&mut module, items, true, &[]);
        let index = u32::try_from(self.ir.modules.len()).unwrap_or(u32::MAX);
        self.ir.modules.push(module);
        let outer = std::mem::replace(&mut self.module, index);
        for item in items {
            if let syn::Item::Mod(inner) = item {
                self.test_module(inner);
            }
        }
        self.module = outer;
    }

    fn push_generics(&mut self, generics: &syn::Generics) {
        for param in &generics.params {
            match param {
                syn::GenericParam::Type(t) => self.scopes.push_generic(name_of(&t.ident)),
                syn::GenericParam::Const(c) => self.scopes.push_generic(name_of(&c.ident)),
                syn::GenericParam::Lifetime(_) => {}
            }
        }
    }

    fn bind_params(&mut self, sig: &Signature) {
        for arg in &sig.inputs {
            if let FnArg::Typed(pt) = arg {
                self.bind_pat(&pt.pat);
            }
        }
    }

    /// A function's parameters and body, with its generic parameters in scope.
    fn fn_body(
        &mut self,
        sig: &Signature,
        attrs: &[Attribute],
        public: bool,
        kind: Option<FnKind>,
        body: Option<&syn::Block>,
    ) {
        let mark = self.scopes.locals_mark();
        self.push_generics(&sig.generics);
        if let Some(kind) = kind {
            self.record_fn(sig, attrs, public, kind);
        }
        if let Some(body) = body {
            self.bind_params(sig);
            self.with_item(name_of(&sig.ident), |w| w.visit_block(body));
        }
        self.scopes.restore_locals(mark);
    }

    pub(super) fn item_fn(&mut self, f: &syn::ItemFn) {
        if !self.recording {
            return;
        }
        let mark = self.scopes.locals_mark();
        self.scopes.push_barrier();
        let public = Vis::of(&f.vis) == Vis::Pub;
        self.fn_body(&f.sig, &f.attrs, public, Some(FnKind::Free), Some(&f.block));
        self.scopes.restore_locals(mark);
    }

    pub(super) fn item_impl(&mut self, imp: &syn::ItemImpl) {
        if !self.recording {
            return;
        }
        let mark = self.scopes.locals_mark();
        self.scopes.push_barrier();
        self.push_generics(&imp.generics);
        let (name, self_type) = match &*imp.self_ty {
            Type::Path(tp) if tp.qself.is_none() => {
                let name = tp.path.segments.last().map_or_else(|| "impl".to_owned(), |s| name_of(&s.ident));
                (name, self.scopes.resolve(&segments(&tp.path), tp.path.leading_colon.is_some(), PathKind::Type))
            }
            _ => ("impl".to_owned(), Vec::new()),
        };
        self.scopes.push_self_type(self_type);
        // A method of a trait impl has the trait's signature: the finding is on the trait.
        let kind = if imp.trait_.is_some() { None } else { Some(FnKind::Inherent) };
        self.with_item(name, |w| {
            for item in &imp.items {
                match item {
                    ImplItem::Fn(f) if w.tests || !is_test_only(&f.attrs) => {
                        let public = Vis::of(&f.vis) == Vis::Pub;
                        w.fn_body(&f.sig, &f.attrs, public, kind, Some(&f.block));
                    }
                    ImplItem::Const(c) if w.tests || !is_test_only(&c.attrs) => {
                        w.with_item(name_of(&c.ident), |w| w.visit_expr(&c.expr));
                    }
                    ImplItem::Macro(m) if w.tests || !is_test_only(&m.attrs) => w.visit_macro(&m.mac),
                    _ => {}
                }
            }
        });
        self.scopes.pop_self_type();
        self.scopes.restore_locals(mark);
    }

    pub(super) fn item_trait(&mut self, t: &syn::ItemTrait) {
        if !self.recording {
            return;
        }
        let mark = self.scopes.locals_mark();
        self.scopes.push_barrier();
        self.push_generics(&t.generics);
        self.scopes.push_self_type(Vec::new());
        // A trait method has the trait's visibility.
        let public = Vis::of(&t.vis) == Vis::Pub;
        self.with_item(name_of(&t.ident), |w| {
            for item in &t.items {
                match item {
                    TraitItem::Fn(f) if w.tests || !is_test_only(&f.attrs) => {
                        w.fn_body(&f.sig, &f.attrs, public, Some(FnKind::Trait), f.default.as_ref());
                    }
                    TraitItem::Const(c) if w.tests || !is_test_only(&c.attrs) => {
                        if let Some((_, expr)) = &c.default {
                            w.with_item(name_of(&c.ident), |w| w.visit_expr(expr));
                        }
                    }
                    TraitItem::Macro(m) if w.tests || !is_test_only(&m.attrs) => w.visit_macro(&m.mac),
                    _ => {}
                }
            }
        });
        self.scopes.pop_self_type();
        self.scopes.restore_locals(mark);
    }

    fn record_fn(&mut self, sig: &Signature, attrs: &[Attribute], public: bool, kind: FnKind) {
        let Some(rule) = self.interest.cx_first else { return };
        let name = name_of(&sig.ident);
        let attributes: Vec<String> =
            attrs.iter().filter_map(|a| a.path().segments.last().map(|s| name_of(&s.ident))).collect();
        if !super::cx_first::selects(rule, &name, public, sig.asyncness.is_some(), &attributes) {
            return;
        }
        let first_param = sig.inputs.iter().find_map(|arg| match arg {
            FnArg::Receiver(_) => None,
            FnArg::Typed(pt) => Some(pt),
        });
        let first_param = first_param.map(|pt| {
            let targets = match &*pt.ty {
                Type::Reference(r) => match &*r.elem {
                    Type::Path(tp) if tp.qself.is_none() => {
                        self.scopes.resolve(&segments(&tp.path), tp.path.leading_colon.is_some(), PathKind::Type)
                    }
                    _ => Vec::new(),
                },
                _ => Vec::new(),
            };
            RawParam { text: self.text_of(pt.span()), targets }
        });
        let end = match &sig.output {
            ReturnType::Type(_, ty) => ty.span().end(),
            ReturnType::Default => sig.paren_token.span.close().end(),
        };
        let start =
            sig.constness.map(|t| t.span).or(sig.asyncness.map(|t| t.span)).unwrap_or(sig.fn_token.span).start();
        let mut item = self.items.clone();
        item.push(name.clone());
        self.ir.fns.push(RawFn {
            item: item.join("::"),
            name,
            public,
            is_async: sig.asyncness.is_some(),
            attributes,
            kind,
            first_param,
            start: position(start),
            end: position(end),
            line: self.file.line_text(position(start).line).to_owned(),
        });
    }
}
