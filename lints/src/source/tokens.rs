//! Paths inside macro tokens that are not expressions (`tokio::select!` arms, `vec![x; n]`).

use proc_macro2::{Span, TokenTree};

/// A path (`a::b::c`, `::a::b`) starting at `trees[i]`: its segments (raw identifiers
/// unescaped), whether it is absolute, its span, and the index after it.
pub(super) fn path_at(trees: &[TokenTree], mut i: usize) -> (Vec<String>, bool, Span, usize) {
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
