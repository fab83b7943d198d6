//! Typed fields shared by the policy sections: ids, globs, edge kinds, Rust paths, choices, and
//! the error sink that lets one run report every mistake.

use std::collections::BTreeMap;

use super::model::Origin;
use crate::config::{did_you_mean, ConfigError, Spanned, TableReader};
use crate::edge::{EdgeKind, EdgeKinds};
use crate::glob::{Glob, GlobKind, GlobSet};

/// Sections defined once across every policy file, and ids, with where they were first seen.
pub(super) type Seen = BTreeMap<(&'static str, String), Origin>;

/// Reads one section; its error is recorded and reading goes on, so that three mistakes give
/// three diagnostics in one run.
pub(super) fn section<T>(errors: &mut Vec<ConfigError>, read: impl FnOnce() -> Result<T, ConfigError>) -> Option<T> {
    read().map_err(|e| errors.push(e)).ok()
}

/// The tables of an array of tables (`[[layer]]`); a wrong type is recorded.
pub(super) fn tables<'a>(
    root: &mut TableReader<'a>,
    key: &'static str,
    errors: &mut Vec<ConfigError>,
) -> Vec<TableReader<'a>> {
    section(errors, || root.tables(key)).unwrap_or_default()
}

/// A table (`[waivers]`); a wrong type is recorded.
pub(super) fn table<'a>(
    root: &mut TableReader<'a>,
    key: &'static str,
    errors: &mut Vec<ConfigError>,
) -> Option<TableReader<'a>> {
    section(errors, || root.table(key)).flatten()
}

pub(super) fn origin(t: &TableReader<'_>) -> Origin {
    Origin { file: t.file().name.clone(), line: t.file().position(t.span().start).line }
}

pub(super) fn once(seen: &mut Seen, section: &'static str, t: &TableReader<'_>) -> Result<(), ConfigError> {
    match seen.insert((section, String::new()), origin(t)) {
        Some(first) => Err(t
            .error(t.span(), format!("`{section}` is defined twice"))
            .with_help(format!("it is already defined at {first}; keep one"))),
        None => Ok(()),
    }
}

/// A required id: lowercase letters, digits, `-`, `_` and `.`; it becomes part of a rule id.
pub(super) fn rule_id(t: &mut TableReader<'_>, key: &'static str) -> Result<Spanned<String>, ConfigError> {
    let id = t.required_string(key)?;
    if !is_rule_id(&id.value) {
        return Err(t
            .error(id.span, format!("`{key}` `{}` must be lowercase letters, digits, `-`, `_` or `.`", id.value))
            .with_help("ids become part of rule ids such as `forbid/<id>`, which are permanent and kebab-case"));
    }
    Ok(id)
}

pub(super) fn is_rule_id(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.'))
}

pub(super) fn globs(
    t: &mut TableReader<'_>,
    key: &'static str,
    kind: GlobKind,
) -> Result<Option<GlobSet>, ConfigError> {
    let Some(list) = t.strings(key)? else {
        return Ok(None);
    };
    let globs = list
        .into_iter()
        .map(|s| Glob::new(&s.value, kind).map_err(|e| t.error(s.span, e.to_string())))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Some(GlobSet::new(globs)))
}

pub(super) fn required_globs(
    t: &mut TableReader<'_>,
    key: &'static str,
    kind: GlobKind,
) -> Result<GlobSet, ConfigError> {
    match globs(t, key, kind)? {
        Some(set) if !set.is_empty() => Ok(set),
        Some(_) => Err(t.error(t.span(), format!("`{key}` must list at least one pattern"))),
        None => Err(t.error(t.span(), format!("missing `{key}` (an array of globs)"))),
    }
}

pub(super) fn kinds(t: &mut TableReader<'_>) -> Result<EdgeKinds, ConfigError> {
    let Some(list) = t.strings("kinds")? else {
        return Ok(EdgeKinds::ALL);
    };
    let mut kinds = EdgeKinds::NONE;
    for s in &list {
        let kind = match s.value.as_str() {
            "normal" => EdgeKind::Normal,
            "build" => EdgeKind::Build,
            "dev" => EdgeKind::Dev,
            other => return Err(choice_error(t, s, other, "kinds", &["normal", "build", "dev"])),
        };
        kinds = kinds.with(kind);
    }
    if kinds == EdgeKinds::NONE {
        return Err(t.error(t.span(), "`kinds` must name at least one of normal, build, dev"));
    }
    Ok(kinds)
}

pub(super) fn rust_paths(t: &mut TableReader<'_>, key: &'static str) -> Result<Option<Vec<String>>, ConfigError> {
    let Some(list) = t.strings(key)? else {
        return Ok(None);
    };
    for path in &list {
        validate_rust_path(t, path)?;
    }
    Ok(Some(list.into_iter().map(|s| s.value.trim_start_matches("::").to_owned()).collect()))
}

pub(super) fn validate_rust_path(t: &TableReader<'_>, path: &Spanned<String>) -> Result<(), ConfigError> {
    let body = path.value.trim_start_matches("::");
    let ok = !body.is_empty()
        && body.split("::").all(|seg| {
            let mut chars = seg.chars();
            chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
                && chars.all(|c| c.is_alphanumeric() || c == '_')
        });
    if ok {
        Ok(())
    } else {
        Err(t.error(path.span.clone(), format!("`{}` is not a Rust path like `std::net::TcpStream`", path.value)))
    }
}

pub(super) fn choice_error(
    t: &TableReader<'_>,
    at: &Spanned<String>,
    got: &str,
    key: &str,
    choices: &[&str],
) -> ConfigError {
    let help = match did_you_mean(got, choices.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("expected one of: {}", choices.join(", ")),
    };
    t.error(at.span.clone(), format!("`{got}` is not a valid value for `{key}`")).with_help(help)
}
