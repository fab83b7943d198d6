//! What a list of items declares: the names a module or block binds (items, imports, aliases),
//! and, for a module, its out-of-line `mod x;` declarations, the files it `include!`s, and
//! whether a macro may declare modules the walk cannot follow.

use proc_macro2::{TokenStream, TokenTree};
use syn::{Attribute, Item, Type};

use super::attrs::{is_test_only, module_paths};
use super::ir::{ItemIr, ModDecl, ModIr, Vis};
use crate::resolve::{flatten_use_tree, name_of, Declarations, UseBinding};

/// The names a list of items declares. Test-only items are left out unless `tests` (a file
/// under `tests/`, where everything is examined).
pub(super) fn declarations<'a>(items: impl Iterator<Item = &'a Item>, tests: bool) -> Declarations {
    let mut decls = Declarations::default();
    for item in items {
        if !tests && is_test_only(item_attrs(item)) {
            continue;
        }
        match item {
            Item::Use(u) => decls.uses.extend(flatten_use_tree(&u.tree, u.leading_colon.is_some(), Vis::of(&u.vis))),
            Item::ExternCrate(e) => {
                let name = name_of(&e.ident);
                let alias = e.rename.as_ref().map_or_else(|| name.clone(), |(_, a)| name_of(a));
                decls.extern_crates.push((Vis::of(&e.vis), alias, name));
            }
            // `type Ctx = asupersync::Cx;` names what it aliases, as a `use … as` would.
            Item::Type(alias) if alias.generics.params.is_empty() => match &*alias.ty {
                Type::Path(tp) if tp.qself.is_none() => decls.uses.push(UseBinding {
                    path: segments(&tp.path),
                    name: Some(name_of(&alias.ident)),
                    absolute: tp.path.leading_colon.is_some(),
                    vis: Vis::of(&alias.vis),
                }),
                _ => decls.items.push(ItemIr { name: name_of(&alias.ident), module: false, vis: Vis::of(&alias.vis) }),
            },
            other => decls.items.extend(item_ir(other)),
        }
    }
    decls
}

/// The segments of a path, raw identifiers unescaped.
pub(super) fn segments(path: &syn::Path) -> Vec<String> {
    path.segments.iter().map(|s| name_of(&s.ident)).collect()
}

fn item_ir(item: &Item) -> Option<ItemIr> {
    let (ident, vis) = match item {
        Item::Const(i) => (&i.ident, &i.vis),
        Item::Enum(i) => (&i.ident, &i.vis),
        Item::Fn(i) => (&i.sig.ident, &i.vis),
        Item::Macro(i) => (i.ident.as_ref()?, &syn::Visibility::Inherited),
        Item::Mod(i) => (&i.ident, &i.vis),
        Item::Static(i) => (&i.ident, &i.vis),
        Item::Struct(i) => (&i.ident, &i.vis),
        Item::Trait(i) => (&i.ident, &i.vis),
        Item::TraitAlias(i) => (&i.ident, &i.vis),
        Item::Type(i) => (&i.ident, &i.vis),
        Item::Union(i) => (&i.ident, &i.vis),
        _ => return None,
    };
    Some(ItemIr { name: name_of(ident), module: matches!(item, Item::Mod(_)), vis: Vis::of(vis) })
}

/// The attributes of an item.
pub(super) fn item_attrs(item: &Item) -> &[Attribute] {
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

/// Fills a module's structure from its items: out-of-line `mod` declarations (test-only ones
/// too, marked), item-position `include!("…")`s, and whether a macro may declare modules
/// (`cfg_if! { … mod unix; … }`, or a local `macro_rules!` that does). `tests`: test-only items
/// count as the rest do.
pub(super) fn structure(module: &mut ModIr, items: &[Item], tests: bool, mod_macros: &[String]) {
    for item in items {
        let test = is_test_only(item_attrs(item));
        match item {
            Item::Mod(m) if m.content.is_none() => {
                let (paths, default_location) = module_paths(&m.attrs);
                module.mods.push(ModDecl { name: name_of(&m.ident), paths, default_location, test });
            }
            Item::Macro(mac) if mac.ident.is_none() && (tests || !test) => {
                let name = mac.mac.path.segments.last().map(|s| name_of(&s.ident)).unwrap_or_default();
                if name == "include" {
                    if let Ok(lit) = syn::parse2::<syn::LitStr>(mac.mac.tokens.clone()) {
                        module.includes.push(lit.value());
                    }
                } else if declares_module(&mac.mac.tokens, 0) || mod_macros.contains(&name) {
                    module.opaque = true;
                }
            }
            _ => {}
        }
    }
}

/// The names of the `macro_rules!` among `items` whose bodies declare modules.
pub(super) fn module_macros(items: &[Item]) -> Vec<String> {
    items
        .iter()
        .filter_map(|item| match item {
            Item::Macro(mac) if mac.mac.path.is_ident("macro_rules") && declares_module(&mac.mac.tokens, 0) => {
                mac.ident.as_ref().map(name_of)
            }
            _ => None,
        })
        .collect()
}

/// Whether tokens hold `mod <name>` (or `mod $name`) anywhere: a module the macro declares.
fn declares_module(tokens: &TokenStream, depth: usize) -> bool {
    if depth > 64 {
        return false;
    }
    let trees: Vec<TokenTree> = tokens.clone().into_iter().collect();
    trees.iter().enumerate().any(|(i, tree)| match tree {
        TokenTree::Group(g) => declares_module(&g.stream(), depth + 1),
        TokenTree::Ident(ident) if ident == "mod" => {
            matches!(trees.get(i + 1), Some(TokenTree::Ident(_)))
                || matches!(trees.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '$')
        }
        _ => false,
    })
}
