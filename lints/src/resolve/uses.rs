//! Flattening `use` trees into bindings: `use std::{net::{self, TcpStream}, process::Command as Cmd};`
//! binds `net`, `TcpStream` and `Cmd`.

use syn::UseTree;

/// One name a `use` declaration binds (or a glob).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct UseBinding {
    /// The path as written (with `self` at the end of a group folded into its parent).
    pub path: Vec<String>,
    /// The name bound; `None` for a glob (`use a::*;`).
    pub name: Option<String>,
    /// Written with a leading `::`.
    pub absolute: bool,
}

/// The bindings of one `use` tree.
#[must_use]
pub(crate) fn flatten_use_tree(tree: &UseTree, absolute: bool) -> Vec<UseBinding> {
    let mut out = Vec::new();
    walk(tree, &mut Vec::new(), absolute, &mut out);
    out
}

fn walk(tree: &UseTree, prefix: &mut Vec<String>, absolute: bool, out: &mut Vec<UseBinding>) {
    match tree {
        UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            walk(&p.tree, prefix, absolute, out);
            prefix.pop();
        }
        UseTree::Name(n) => {
            let name = n.ident.to_string();
            if name == "self" {
                let last = prefix.last().cloned();
                out.push(UseBinding { path: prefix.clone(), name: last, absolute });
            } else {
                let mut path = prefix.clone();
                path.push(name.clone());
                out.push(UseBinding { path, name: Some(name), absolute });
            }
        }
        UseTree::Rename(r) => {
            let ident = r.ident.to_string();
            let mut path = prefix.clone();
            if ident != "self" {
                path.push(ident);
            }
            out.push(UseBinding { path, name: Some(r.rename.to_string()), absolute });
        }
        UseTree::Glob(_) => out.push(UseBinding { path: prefix.clone(), name: None, absolute }),
        UseTree::Group(g) => {
            for item in &g.items {
                walk(item, prefix, absolute, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_self_renames_and_globs() {
        let item: syn::ItemUse =
            syn::parse_str("use std::{net::{self, TcpStream}, process::Command as Cmd, fs::*};").unwrap();
        let got: Vec<(String, Option<String>)> =
            flatten_use_tree(&item.tree, false).into_iter().map(|b| (b.path.join("::"), b.name)).collect();
        assert_eq!(
            got,
            [
                ("std::net".to_owned(), Some("net".to_owned())),
                ("std::net::TcpStream".to_owned(), Some("TcpStream".to_owned())),
                ("std::process::Command".to_owned(), Some("Cmd".to_owned())),
                ("std::fs".to_owned(), None),
            ]
        );
    }
}
