//! `[cx_first]` and `[ambient]`: the source rules' sections.

use std::collections::BTreeMap;

use super::ambient_defaults::{BUILTIN_CATEGORIES, DEFAULT_PURE};
use super::fields::{
    choice_error, globs, is_rule_id, once, origin, rust_paths, section, table, validate_rust_path, Seen,
};
use super::model::{Ambient, CxFirst, CxSelect, Policy};
use crate::config::{ConfigError, TableReader};
use crate::glob::GlobKind;

/// Reads the source sections of one file into `p`; every error goes to `errors`.
pub(super) fn read(root: &mut TableReader<'_>, p: &mut Policy, seen: &mut Seen, errors: &mut Vec<ConfigError>) {
    if let Some(mut t) = table(root, "cx_first", errors) {
        p.cx_first = section(errors, || {
            once(seen, "[cx_first]", &t)?;
            let cx_first = read_cx_first(&mut t)?;
            t.finish()?;
            Ok(cx_first)
        })
        .or(p.cx_first.take());
    }
    if let Some(mut t) = table(root, "ambient", errors) {
        p.ambient = section(errors, || {
            once(seen, "[ambient]", &t)?;
            let ambient = read_ambient(&mut t)?;
            t.finish()?;
            Ok(ambient)
        })
        .or(p.ambient.take());
    }
}

fn read_cx_first(t: &mut TableReader<'_>) -> Result<CxFirst, ConfigError> {
    let context = rust_paths(t, "context")?.unwrap_or_default();
    if context.is_empty() {
        return Err(t.error(t.span(), "`[cx_first]` needs `context`: the accepted context types, as full paths"));
    }
    let paths = globs(t, "paths", GlobKind::Path)?;
    let select = match t.string("select")? {
        None => CxSelect::PubAsync,
        Some(s) => match s.value.as_str() {
            "pub-async" => CxSelect::PubAsync,
            "async" => CxSelect::Async,
            "pub" => CxSelect::Pub,
            other => return Err(choice_error(t, &s, other, "select", &["pub-async", "async", "pub"])),
        },
    };
    let names = globs(t, "names", GlobKind::Name)?.unwrap_or_default();
    let attribute = t.string("attribute")?.map(|s| s.value.trim_start_matches("#[").trim_end_matches(']').to_owned());
    Ok(CxFirst { context, paths, select, names, attribute, origin: origin(t) })
}

fn read_ambient(t: &mut TableReader<'_>) -> Result<Ambient, ConfigError> {
    let paths = globs(t, "paths", GlobKind::Path)?;
    let allow = globs(t, "allow", GlobKind::Path)?.unwrap_or_default();
    let mut categories = BTreeMap::new();
    for (name, defaults) in BUILTIN_CATEGORIES {
        let list = match rust_paths(t, name)? {
            Some(replaced) => replaced,
            None => defaults.iter().map(|s| (*s).to_owned()).collect(),
        };
        categories.insert((*name).to_owned(), list);
    }
    let pure = rust_paths(t, "pure")?.unwrap_or_else(|| DEFAULT_PURE.iter().map(|s| (*s).to_owned()).collect());
    if let Some(mut extra) = t.table("extra")? {
        for (key, value) in extra.entries() {
            if !is_rule_id(&key.value) {
                return Err(extra.error(
                    key.span,
                    format!("category name `{}` must be lowercase letters, digits and `-`", key.value),
                ));
            }
            let paths = value.strings()?;
            for path in &paths {
                validate_rust_path(&extra, path)?;
            }
            categories.entry(key.value).or_insert_with(Vec::new).extend(paths.into_iter().map(|s| s.value));
        }
        extra.finish()?;
    }
    Ok(Ambient { paths, allow, categories, pure, origin: origin(t) })
}
