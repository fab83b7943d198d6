//! The walk over one parsed file: scopes follow the nesting, expression paths are resolved and
//! kept when they may reach a denied path, and selected function signatures are recorded.

use proc_macro2::{Span, TokenStream, TokenTree};
use syn::punctuated::Punctuated;
use syn::spanned::Spanned as _;
use syn::visit::{self, Visit};
use syn::{Attribute, Expr, FnArg, ImplItem, Item, ReturnType, Signature, Stmt, TraitItem, Type, Visibility};

use super::facts::{Facts, FirstParam, FnFact, FnKind, Interest, PathUse};
use super::tokens::path_at;
use crate::resolve::{flatten_use_tree, Declarations, Scopes, UseBinding};
use crate::source_pos::position;
use gate_core::text::SourceFile;

/// Walks a parsed file and returns its facts.
pub(super) fn walk_file(file: &SourceFile, scopes: Scopes, interest: &Interest<'_>, ast: &syn::File) -> Facts {
    let mut walker = Walker { file, scopes, items: Vec::new(), interest, facts: Facts::default() };
    walker.items = walker.scopes.module().to_vec();
    walker.scopes.declare_root(&declarations(ast.items.iter()));
    for item in &ast.items {
        walker.visit_item(item);
    }
    walker.facts
}

struct Walker<'a, 'i> {
    file: &'a SourceFile,
    scopes: Scopes,
    /// The item path being walked (module path + impl type + fn name).
    items: Vec<String>,
    interest: &'a Interest<'i>,
    facts: Facts,
}

/// The names a list of items declares.
fn declarations<'a>(items: impl Iterator<Item = &'a Item>) -> Declarations {
    let mut decls = Declarations::default();
    for item in items {
        if is_test_only(item_attrs(item)) {
            continue;
        }
        match item {
            Item::Use(u) => decls.uses.extend(flatten_use_tree(&u.tree, u.leading_colon.is_some())),
            Item::ExternCrate(e) => {
                let name = e.ident.to_string();
                let alias = e.rename.as_ref().map_or_else(|| name.clone(), |(_, a)| a.to_string());
                decls.extern_crates.push((alias, name));
            }
            // `type Ctx = asupersync::Cx;` names what it aliases, as a `use … as` would.
            Item::Type(alias) if alias.generics.params.is_empty() => match &*alias.ty {
                Type::Path(tp) if tp.qself.is_none() => decls.uses.push(UseBinding {
                    path: segments(&tp.path),
                    name: Some(alias.ident.to_string()),
                    absolute: tp.path.leading_colon.is_some(),
                }),
                _ => decls.items.push(alias.ident.to_string()),
            },
            other => decls.items.extend(item_name(other)),
        }
    }
    decls
}

fn item_name(item: &Item) -> Option<String> {
    let ident = match item {
        Item::Const(i) => &i.ident,
        Item::Enum(i) => &i.ident,
        Item::Fn(i) => &i.sig.ident,
        Item::Macro(i) => i.ident.as_ref()?,
        Item::Mod(i) => &i.ident,
        Item::Static(i) => &i.ident,
        Item::Struct(i) => &i.ident,
        Item::Trait(i) => &i.ident,
        Item::TraitAlias(i) => &i.ident,
        Item::Type(i) => &i.ident,
        Item::Union(i) => &i.ident,
        _ => return None,
    };
    Some(ident.to_string())
}

fn item_attrs(item: &Item) -> &[Attribute] {
    match item {
        Item::Const(i) => &i.attrs,
        Item::Enum(i) => &i.attrs,
        Item::ExternCrate(i) => &i.attrs,
        Item::Fn(i) => &i.attrs,
        Item::ForeignMod(i) => &i.attrs,
        Item::Impl(i) => &i.attrs,
        Item::Macro(i) => &i.attrs,
        Item::Mod(i) => &i.attrs,
        Item::Static(i) => &i.attrs,
        Item::Struct(i) => &i.attrs,
        Item::Trait(i) => &i.attrs,
        Item::TraitAlias(i) => &i.attrs,
        Item::Type(i) => &i.attrs,
        Item::Union(i) => &i.attrs,
        Item::Use(i) => &i.attrs,
        _ => &[],
    }
}

/// `#[cfg(test)]` (also inside `all(…)`, not under `not(…)`) and `#[test]` mark test-only code.
fn is_test_only(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| {
        let path = a.path();
        if path.is_ident("test") {
            return true;
        }
        match &a.meta {
            syn::Meta::List(list) if path.is_ident("cfg") => {
                syn::parse2::<syn::Meta>(list.tokens.clone()).is_ok_and(|predicate| requires_test(&predicate))
            }
            _ => false,
        }
    })
}

/// Whether a `cfg` predicate holds only in test builds: `test`, `all(…, test, …)`, or an
/// `any(…)` whose every branch requires it. `not(…)` and anything else may hold without tests,
/// so such code stays in scope (fail closed).
fn requires_test(predicate: &syn::Meta) -> bool {
    let nested = |list: &syn::MetaList| {
        list.parse_args_with(Punctuated::<syn::Meta, syn::Token![,]>::parse_terminated)
            .map(|p| p.into_iter().collect::<Vec<_>>())
    };
    match predicate {
        syn::Meta::Path(p) => p.is_ident("test"),
        syn::Meta::List(list) if list.path.is_ident("all") => {
            nested(list).is_ok_and(|items| items.iter().any(requires_test))
        }
        syn::Meta::List(list) if list.path.is_ident("any") => {
            nested(list).is_ok_and(|items| !items.is_empty() && items.iter().all(requires_test))
        }
        _ => false,
    }
}

fn segments(path: &syn::Path) -> Vec<String> {
    path.segments.iter().map(|s| s.ident.to_string()).collect()
}

impl Walker<'_, '_> {
    fn item_path(&self) -> String {
        self.items.join("::")
    }

    /// Keeps a use if one of its candidates reaches a denied path; the span is computed only
    /// then (for a syn node it costs a token-stream walk).
    fn record(&mut self, candidates: Vec<Vec<String>>, written: impl FnOnce() -> String, span: impl FnOnce() -> Span) {
        let interesting = candidates.iter().any(|c| self.interest.denied.matches(c));
        if !interesting {
            return;
        }
        let span = span();
        let candidates = candidates.into_iter().map(|c| c.join("::")).collect();
        self.facts.uses.push(PathUse {
            candidates,
            written: written(),
            start: position(span.start()),
            end: position(span.end()),
            item: self.item_path(),
        });
    }

    fn record_path(&mut self, path: &syn::Path) {
        // Most paths are one identifier (a local, a prelude name): only an import can make one
        // denied, so skip the rest without allocating.
        if path.segments.len() == 1 && path.leading_colon.is_none() && !self.scopes.may_import(&path.segments[0].ident)
        {
            return;
        }
        let segs = segments(path);
        let candidates = self.scopes.resolve_segments(&segs, path.leading_colon.is_some());
        self.record(candidates, || segs.join("::"), || path.span());
    }

    fn with_item<F: FnOnce(&mut Self)>(&mut self, name: String, f: F) {
        self.items.push(name);
        f(self);
        self.items.pop();
    }

    fn record_fn(&mut self, sig: &Signature, attrs: &[Attribute], public: bool, kind: FnKind) {
        let Some(rule) = self.interest.cx_first else { return };
        let name = sig.ident.to_string();
        let attributes: Vec<String> =
            attrs.iter().filter_map(|a| a.path().segments.last().map(|s| s.ident.to_string())).collect();
        if !super::cx_first::selects(rule, &name, public, sig.asyncness.is_some(), &attributes) {
            return;
        }
        let first_param = sig.inputs.iter().find_map(|arg| match arg {
            FnArg::Receiver(_) => None,
            FnArg::Typed(pt) => Some(pt),
        });
        let first_param = first_param.map(|pt| {
            let reference_to = match &*pt.ty {
                Type::Reference(r) => match &*r.elem {
                    Type::Path(tp) if tp.qself.is_none() => self
                        .scopes
                        .resolve_segments(&segments(&tp.path), tp.path.leading_colon.is_some())
                        .into_iter()
                        .map(|c| c.join("::"))
                        .collect(),
                    _ => Vec::new(),
                },
                _ => Vec::new(),
            };
            FirstParam { text: self.text_of(pt.span()), reference_to }
        });
        let end = match &sig.output {
            ReturnType::Type(_, ty) => ty.span().end(),
            ReturnType::Default => sig.paren_token.span.close().end(),
        };
        let start =
            sig.constness.map(|t| t.span).or(sig.asyncness.map(|t| t.span)).unwrap_or(sig.fn_token.span).start();
        let mut item = self.item_path();
        item.push_str("::");
        item.push_str(&sig.ident.to_string());
        self.facts.fns.push(FnFact {
            item,
            name,
            public,
            is_async: sig.asyncness.is_some(),
            attributes,
            kind,
            first_param,
            start: position(start),
            end: position(end),
        });
    }

    /// The source text a span covers, whitespace folded.
    fn text_of(&self, span: Span) -> String {
        let (start, end) = (self.file.offset(position(span.start())), self.file.offset(position(span.end())));
        self.file.text.get(start..end).unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// Paths inside a macro's tokens: parsed as expressions when they are some (`format!`
    /// arguments), otherwise scanned as token sequences (`tokio::select!` arms).
    fn visit_macro_tokens(&mut self, tokens: &TokenStream) {
        let parser = Punctuated::<Expr, syn::Token![,]>::parse_terminated;
        if let Ok(exprs) = syn::parse::Parser::parse2(parser, tokens.clone()) {
            for expr in &exprs {
                self.visit_expr(expr);
            }
            return;
        }
        self.scan_tokens(tokens);
    }

    fn scan_tokens(&mut self, tokens: &TokenStream) {
        let trees: Vec<TokenTree> = tokens.clone().into_iter().collect();
        let mut i = 0;
        while i < trees.len() {
            match &trees[i] {
                TokenTree::Group(g) => {
                    self.scan_tokens(&g.stream());
                    i += 1;
                }
                TokenTree::Ident(_) | TokenTree::Punct(_) => {
                    let (path, absolute, span, next) = path_at(&trees, i);
                    if path.is_empty() {
                        i += 1;
                        continue;
                    }
                    let called = matches!(trees.get(next), Some(TokenTree::Group(g)) if g.delimiter() == proc_macro2::Delimiter::Parenthesis);
                    let bang = matches!(trees.get(next), Some(TokenTree::Punct(p)) if p.as_char() == '!');
                    if path.len() > 1 || called || bang {
                        let candidates = if bang {
                            self.scopes.resolve_macro(&path, absolute)
                        } else {
                            self.scopes.resolve_segments(&path, absolute)
                        };
                        self.record(candidates, || path.join("::"), || span);
                    }
                    i = next.max(i + 1);
                }
                TokenTree::Literal(_) => i += 1,
            }
        }
    }
}

impl<'ast> Visit<'ast> for Walker<'_, '_> {
    fn visit_item(&mut self, item: &'ast Item) {
        if is_test_only(item_attrs(item)) {
            // `#[cfg(test)] mod tests;`: the module's own file is test-only too.
            if let Item::Mod(m) = item {
                if m.content.is_none() {
                    let mut module = self.scopes.module().to_vec();
                    module.push(m.ident.to_string());
                    self.facts.test_modules.push(module.join("::"));
                }
            }
            return;
        }
        visit::visit_item(self, item);
    }

    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        let Some((_, items)) = &m.content else { return };
        let name = m.ident.to_string();
        self.scopes.enter_module(&name, &declarations(items.iter()));
        self.with_item(name, |w| {
            for item in items {
                w.visit_item(item);
            }
        });
        self.scopes.leave();
    }

    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        let public = !matches!(f.vis, Visibility::Inherited);
        self.record_fn(&f.sig, &f.attrs, public, FnKind::Free);
        self.with_item(f.sig.ident.to_string(), |w| w.visit_block(&f.block));
    }

    fn visit_item_impl(&mut self, imp: &'ast syn::ItemImpl) {
        let name = match &*imp.self_ty {
            Type::Path(tp) => tp.path.segments.last().map_or_else(|| "impl".to_owned(), |s| s.ident.to_string()),
            _ => "impl".to_owned(),
        };
        let in_trait_impl = imp.trait_.is_some();
        self.with_item(name, |w| {
            for item in &imp.items {
                let ImplItem::Fn(f) = item else {
                    if let ImplItem::Const(c) = item {
                        w.visit_expr(&c.expr);
                    }
                    continue;
                };
                if is_test_only(&f.attrs) {
                    continue;
                }
                let public = in_trait_impl || !matches!(f.vis, Visibility::Inherited);
                let kind = if in_trait_impl { FnKind::TraitImpl } else { FnKind::Inherent };
                w.record_fn(&f.sig, &f.attrs, public, kind);
                w.with_item(f.sig.ident.to_string(), |w| w.visit_block(&f.block));
            }
        });
    }

    fn visit_item_trait(&mut self, t: &'ast syn::ItemTrait) {
        let public = !matches!(t.vis, Visibility::Inherited);
        self.with_item(t.ident.to_string(), |w| {
            for item in &t.items {
                let TraitItem::Fn(f) = item else { continue };
                if is_test_only(&f.attrs) {
                    continue;
                }
                w.record_fn(&f.sig, &f.attrs, public, FnKind::Trait);
                if let Some(block) = &f.default {
                    w.with_item(f.sig.ident.to_string(), |w| w.visit_block(block));
                }
            }
        });
    }

    fn visit_item_const(&mut self, c: &'ast syn::ItemConst) {
        self.with_item(c.ident.to_string(), |w| w.visit_expr(&c.expr));
    }

    fn visit_item_static(&mut self, s: &'ast syn::ItemStatic) {
        self.with_item(s.ident.to_string(), |w| w.visit_expr(&s.expr));
    }

    fn visit_item_use(&mut self, _: &'ast syn::ItemUse) {
        // An import is not a use: only expressions reach authority.
    }

    fn visit_block(&mut self, block: &'ast syn::Block) {
        let items = block.stmts.iter().filter_map(|s| match s {
            Stmt::Item(i) => Some(i),
            _ => None,
        });
        let decls = declarations(items);
        // Most blocks declare nothing: they need no frame of their own.
        let framed = !decls.is_empty();
        if framed {
            self.scopes.enter_block(&decls);
        }
        for stmt in &block.stmts {
            self.visit_stmt(stmt);
        }
        if framed {
            self.scopes.leave();
        }
    }

    fn visit_expr_path(&mut self, e: &'ast syn::ExprPath) {
        match &e.qself {
            None => self.record_path(&e.path),
            // `<std::time::SystemTime>::now()`, `<SystemTime as Trait>::now()`: the type is what
            // is reached, followed by the associated item.
            Some(q) => {
                let Type::Path(tp) = &*q.ty else { return };
                let mut segs = segments(&tp.path);
                segs.extend(e.path.segments.iter().skip(q.position).map(|s| s.ident.to_string()));
                let candidates = self.scopes.resolve_segments(&segs, tp.path.leading_colon.is_some());
                self.record(candidates, || segs.join("::"), || e.span());
            }
        }
    }

    fn visit_expr_struct(&mut self, e: &'ast syn::ExprStruct) {
        self.record_path(&e.path);
        for field in &e.fields {
            self.visit_expr(&field.expr);
        }
        if let Some(rest) = &e.rest {
            self.visit_expr(rest);
        }
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        let segs = segments(&mac.path);
        let candidates = self.scopes.resolve_macro(&segs, mac.path.leading_colon.is_some());
        self.record(candidates, || format!("{}!", segs.join("::")), || mac.path.span());
        self.visit_macro_tokens(&mac.tokens);
    }

    fn visit_attribute(&mut self, _: &'ast Attribute) {}

    fn visit_type(&mut self, _: &'ast Type) {
        // Types name capabilities; receiving one is the pattern the rules push code toward.
    }
}
