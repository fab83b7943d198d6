//! What attributes say to the source rules: test-only code (`#[cfg(test)]`, `#[test]`,
//! `#[tokio::test]`, …), and where a module's file is (`#[path]`, `#[cfg_attr(…, path = …)]`).

use syn::punctuated::Punctuated;
use syn::{Attribute, Meta};

/// Whether items with these attributes exist only in test builds: `#[cfg(test)]` (also inside
/// `all(…)`, not under `not(…)` or in an `any(…)` with a non-test branch), or a test attribute
/// — any attribute path whose last segment ends in `test` (`#[test]`, `#[tokio::test]`,
/// `#[rstest]`, `#[wasm_bindgen_test]`) — or `#[bench]`.
#[must_use]
pub(crate) fn is_test_only(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| {
        let path = a.path();
        if path.is_ident("cfg") {
            return match &a.meta {
                Meta::List(list) => syn::parse2::<Meta>(list.tokens.clone()).is_ok_and(|p| requires_test(&p)),
                _ => false,
            };
        }
        // An attribute with arguments that configure something else (`#[cfg_attr(test, …)]`,
        // `#[doc(test(…))]`) is not a test marker.
        if matches!(a.meta, Meta::NameValue(_)) || path.is_ident("cfg_attr") || path.is_ident("doc") {
            return false;
        }
        path.segments.last().is_some_and(|s| {
            let name = super::super::resolve::name_of(&s.ident);
            name.ends_with("test") || name == "bench"
        })
    })
}

/// Whether a file opens with `#![cfg(test)]`.
#[must_use]
pub(crate) fn is_test_file(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| {
        matches!(a.style, syn::AttrStyle::Inner(_)) && a.path().is_ident("cfg") && is_test_only(std::slice::from_ref(a))
    })
}

/// Whether a `cfg` predicate holds only in test builds: `test`, `all(…, test, …)`, or an
/// `any(…)` whose every branch requires it. `not(…)` and anything else may hold without tests,
/// so such code stays in scope (fail closed).
fn requires_test(predicate: &Meta) -> bool {
    let nested = |list: &syn::MetaList| {
        list.parse_args_with(Punctuated::<Meta, syn::Token![,]>::parse_terminated)
            .map(|p| p.into_iter().collect::<Vec<_>>())
    };
    match predicate {
        Meta::Path(p) => p.is_ident("test"),
        Meta::List(list) if list.path.is_ident("all") => {
            nested(list).is_ok_and(|items| items.iter().any(requires_test))
        }
        Meta::List(list) if list.path.is_ident("any") => {
            nested(list).is_ok_and(|items| !items.is_empty() && items.iter().all(requires_test))
        }
        _ => false,
    }
}

/// Where a module declaration says its file is: every `#[path = "…"]` and every
/// `#[cfg_attr(…, path = "…")]` value, and whether the default location counts too (it does
/// unless a plain `#[path]` is given: a `cfg_attr` path may not apply).
#[must_use]
pub(crate) fn module_paths(attrs: &[Attribute]) -> (Vec<String>, bool) {
    let mut paths = Vec::new();
    let mut default_location = true;
    for attr in attrs {
        if attr.path().is_ident("path") {
            if let Some(p) = string_value(&attr.meta) {
                paths.push(p);
                default_location = false;
            }
        } else if attr.path().is_ident("cfg_attr") {
            if let Meta::List(list) = &attr.meta {
                collect_cfg_attr_paths(list, &mut paths, 0);
            }
        }
    }
    (paths, default_location)
}

/// `cfg_attr(predicate, attr, attr, …)`: the `path = "…"` among the attrs, nested `cfg_attr`s
/// included.
fn collect_cfg_attr_paths(list: &syn::MetaList, out: &mut Vec<String>, depth: usize) {
    let Ok(items) = list.parse_args_with(Punctuated::<Meta, syn::Token![,]>::parse_terminated) else { return };
    for meta in items.iter().skip(1) {
        if meta.path().is_ident("path") {
            out.extend(string_value(meta));
        } else if meta.path().is_ident("cfg_attr") && depth < 8 {
            if let Meta::List(inner) = meta {
                collect_cfg_attr_paths(inner, out, depth + 1);
            }
        }
    }
}

fn string_value(meta: &Meta) -> Option<String> {
    let Meta::NameValue(nv) = meta else { return None };
    match &nv.value {
        syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => Some(s.value()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn attrs(src: &str) -> Vec<Attribute> {
        let item: syn::ItemFn = syn::parse_str(&format!("{src} fn f() {{}}")).unwrap();
        item.attrs
    }

    #[test]
    fn test_markers() {
        for test in [
            "#[test]",
            "#[tokio::test]",
            "#[tokio::test(flavor = \"multi_thread\")]",
            "#[rstest]",
            "#[cfg(test)]",
            "#[cfg(all(unix, test))]",
            "#[bench]",
        ] {
            assert!(is_test_only(&attrs(test)), "{test}");
        }
        for not_test in [
            "#[cfg(not(test))]",
            "#[cfg(any(test, feature = \"x\"))]",
            "#[inline]",
            "#[cfg_attr(test, allow(x))]",
            "#[contest_free]",
        ] {
            assert!(!is_test_only(&attrs(not_test)), "{not_test}");
        }
    }

    #[test]
    fn path_attributes() {
        let item: syn::ItemMod =
            syn::parse_str("#[cfg_attr(unix, path = \"unix.rs\")] #[cfg_attr(windows, path = \"win.rs\")] mod sys;")
                .unwrap();
        assert_eq!(module_paths(&item.attrs), (vec!["unix.rs".to_owned(), "win.rs".to_owned()], true));
        let item: syn::ItemMod = syn::parse_str("#[path = \"x/y.rs\"] mod z;").unwrap();
        assert_eq!(module_paths(&item.attrs), (vec!["x/y.rs".to_owned()], false));
    }
}
