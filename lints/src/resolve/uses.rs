//! Flattening `use` trees into bindings: `use std::{net::{self, TcpStream}, process::Command as Cmd};`
//! binds `net`, `TcpStream` and `Cmd`. Raw identifiers are unescaped (`r#fs` is `fs`).

use syn::ext::IdentExt as _;
use syn::UseTree;

use crate::source::ir::Vis;

/// One name a `use` declaration binds (or a glob).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct UseBinding {
    /// The path as written (with `self` at the end of a group folded into its parent).
    pub path: Vec<String>,
    /// The name bound; `None` for a glob (`use a::*;`).
    pub name: Option<String>,
    /// Written with a leading `::`.
    pub absolute: bool,
    /// The `use`'s visibility (`pub use` re-exports).
    pub vis: Vis,
}

/// The bindings of one `use` tree.
#[must_use]
pub(crate) fn flatten_use_tree(tree: &UseTree, absolute: bool, vis: Vis) -> Vec<UseBinding> {
    let mut out = Vec::new();
    walk(tree, &mut Vec::new(), absolute, vis, &mut out);
    out
}

/// An identifier as a name: raw identifiers unescaped.
#[must_use]
pub(crate) fn name_of(ident: &syn::Ident) -> String {
    ident.unraw().to_string()
}

fn walk(tree: &UseTree, prefix: &mut Vec<String>, absolute: bool, vis: Vis, out: &mut Vec<UseBinding>) {
    match tree {
        UseTree::Path(p) => {
            prefix.push(name_of(&p.ident));
            walk(&p.tree, prefix, absolute, vis, out);
            prefix.pop();
        }
        UseTree::Name(n) => {
            let name = name_of(&n.ident);
            if name == "self" {
                let last = prefix.last().cloned();
                out.push(UseBinding { path: prefix.clone(), name: last, absolute, vis });
            } else {
                let mut path = prefix.clone();
                path.push(name.clone());
                out.push(UseBinding { path, name: Some(name), absolute, vis });
            }
        }
        UseTree::Rename(r) => {
            let ident = name_of(&r.ident);
            let mut path = prefix.clone();
            if ident != "self" {
                path.push(ident);
            }
            out.push(UseBinding { path, name: Some(name_of(&r.rename)), absolute, vis });
        }
        UseTree::Glob(_) => out.push(UseBinding { path: prefix.clone(), name: None, absolute, vis }),
        UseTree::Group(g) => {
            for item in &g.items {
                walk(item, prefix, absolute, vis, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_self_renames_globs_and_raw_identifiers() {
        let item: syn::ItemUse =
            syn::parse_str("use std::{net::{self, TcpStream}, process::Command as Cmd, fs::*, r#fs::read};").unwrap();
        let got: Vec<(String, Option<String>)> = flatten_use_tree(&item.tree, false, Vis::Private)
            .into_iter()
            .map(|b| (b.path.join("::"), b.name))
            .collect();
        assert_eq!(
            got,
            [
                ("std::net".to_owned(), Some("net".to_owned())),
                ("std::net::TcpStream".to_owned(), Some("TcpStream".to_owned())),
                ("std::process::Command".to_owned(), Some("Cmd".to_owned())),
                ("std::fs".to_owned(), None),
                ("std::fs::read".to_owned(), Some("read".to_owned())),
            ]
        );
    }
}
