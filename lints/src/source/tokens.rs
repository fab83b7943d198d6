//! Paths inside macro invocations: arguments that parse as expressions are walked as such
//! (`format!`), `matches!` keeps its pattern out, and anything else is scanned as token
//! sequences (`tokio::select!` arms, `vec![x; n]`).

use proc_macro2::{Span, TokenStream, TokenTree};
use syn::parse::ParseStream;
use syn::punctuated::Punctuated;
use syn::visit::Visit as _;
use syn::{Expr, Pat};

use super::walk::Walker;
use crate::resolve::PathKind;

impl Walker<'_, '_> {
    /// Paths inside a macro's tokens: parsed as expressions when they are some (`format!`
    /// arguments), otherwise scanned as token sequences (`tokio::select!` arms).
    pub(super) fn visit_macro_tokens(&mut self, name: &str, tokens: &TokenStream) {
        if matches!(name, "matches" | "assert_matches" | "debug_assert_matches") && self.visit_matches(tokens) {
            return;
        }
        let parser = Punctuated::<Expr, syn::Token![,]>::parse_terminated;
        if let Ok(exprs) = syn::parse::Parser::parse2(parser, tokens.clone()) {
            for expr in &exprs {
                self.visit_expr(expr);
            }
            return;
        }
        self.scan_tokens(tokens);
    }

    /// `matches!(expr, pattern if guard)`: the pattern reaches nothing.
    fn visit_matches(&mut self, tokens: &TokenStream) -> bool {
        let parser = |input: ParseStream<'_>| -> syn::Result<(Expr, Pat, Option<Expr>)> {
            let expr: Expr = input.parse()?;
            input.parse::<syn::Token![,]>()?;
            let pat = Pat::parse_multi_with_leading_vert(input)?;
            let guard = if input.peek(syn::Token![if]) {
                input.parse::<syn::Token![if]>()?;
                Some(input.parse()?)
            } else {
                None
            };
            input.parse::<Option<syn::Token![,]>>()?;
            Ok((expr, pat, guard))
        };
        let Ok((expr, pat, guard)) = syn::parse::Parser::parse2(parser, tokens.clone()) else { return false };
        self.visit_expr(&expr);
        let mark = self.scopes.locals_mark();
        self.bind_pat(&pat);
        if let Some(guard) = &guard {
            self.visit_expr(guard);
        }
        self.scopes.restore_locals(mark);
        true
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
                        let kind = if bang { PathKind::Macro } else { PathKind::Value };
                        let targets = self.scopes.resolve(&path, absolute, kind);
                        self.record(targets, || path.join("::"), || span);
                    }
                    i = next.max(i + 1);
                }
                TokenTree::Literal(_) => i += 1,
            }
        }
    }
}

/// A path (`a::b::c`, `::a::b`) starting at `trees[i]`: its segments (raw identifiers
/// unescaped), whether it is absolute, its span, and the index after it.
fn path_at(trees: &[TokenTree], mut i: usize) -> (Vec<String>, bool, Span, usize) {
    let is_colons = |j: usize| {
        matches!((trees.get(j), trees.get(j + 1)), (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b)))
            if a.as_char() == ':' && b.as_char() == ':' && a.spacing() == proc_macro2::Spacing::Joint)
    };
    let absolute = is_colons(i);
    if absolute {
        i += 2;
    }
    let mut segs = Vec::new();
    let mut span = None::<Span>;
    let mut end_span = None::<Span>;
    while let Some(TokenTree::Ident(ident)) = trees.get(i) {
        segs.push(crate::resolve::name_of(ident));
        span.get_or_insert(ident.span());
        end_span = Some(ident.span());
        i += 1;
        if is_colons(i) && matches!(trees.get(i + 2), Some(TokenTree::Ident(_))) {
            i += 2;
        } else {
            break;
        }
    }
    let span = match (span, end_span) {
        (Some(s), Some(e)) => s.join(e).unwrap_or(s),
        (Some(s), None) => s,
        _ => Span::call_site(),
    };
    (segs, absolute, span, i)
}
