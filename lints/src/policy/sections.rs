//! Reading each policy section into the typed model.

use std::collections::BTreeMap;

use super::ambient_defaults::BUILTIN_CATEGORIES;
use super::load::KNOWN_RULE_FAMILIES;
use super::model::{
    Ambient, ClaimsPolicy, CxFirst, CxSelect, Forbid, Independent, Layer, LevelSetting, Origin, Policy, Protect,
    ReleaseClaims, ReleasePolicy, Role, Substrate, TrustedKey, WaiverPolicy,
};
use crate::config::{did_you_mean, ConfigError, Spanned, TableReader};
use crate::finding::Level;
use crate::glob::{Glob, GlobKind, GlobSet};
use crate::workspace::{EdgeKind, EdgeKinds};

type Seen = BTreeMap<(&'static str, String), Origin>;

/// `[[layer]]`, `[layers]`, `[[forbid]]`, `[[independent]]`, `[[protect]]`, `[[substrate]]`.
pub(super) fn read_graph_sections(root: &mut TableReader<'_>, p: &mut Policy) -> Result<(), ConfigError> {
    p.layers_dev = true;
    for mut t in root.tables("layer")? {
        let name = rule_id(&mut t, "name")?;
        let crates = required_globs(&mut t, "crates", GlobKind::Name)?;
        p.layers.push(Layer { name: name.value, crates, origin: origin(&t) });
        t.finish()?;
    }
    if let Some(mut t) = root.table("layers")? {
        p.layers_dev = t.bool("dev")?.unwrap_or(true);
        t.finish()?;
    }
    for mut t in root.tables("forbid")? {
        let forbid = Forbid {
            id: rule_id(&mut t, "id")?.value,
            from: required_globs(&mut t, "from", GlobKind::Name)?,
            to: required_globs(&mut t, "to", GlobKind::Name)?,
            transitive: t.bool("transitive")?.unwrap_or(false),
            kinds: kinds(&mut t)?,
            reason: t.string("reason")?.map(|s| s.value),
            origin: origin(&t),
        };
        t.finish()?;
        p.forbids.push(forbid);
    }
    for mut t in root.tables("independent")? {
        let independent = Independent {
            id: rule_id(&mut t, "id")?.value,
            crates: required_globs(&mut t, "crates", GlobKind::Name)?,
            transitive: t.bool("transitive")?.unwrap_or(false),
            kinds: kinds(&mut t)?,
            reason: t.string("reason")?.map(|s| s.value),
            origin: origin(&t),
        };
        t.finish()?;
        p.independents.push(independent);
    }
    for mut t in root.tables("protect")? {
        let protect = Protect {
            id: rule_id(&mut t, "id")?.value,
            crates: required_globs(&mut t, "crates", GlobKind::Name)?,
            allow: globs(&mut t, "allow", GlobKind::Name)?.unwrap_or_default(),
            direct_only: t.bool("direct_only")?.unwrap_or(true),
            kinds: kinds(&mut t)?,
            reason: t.string("reason")?.map(|s| s.value),
            origin: origin(&t),
        };
        t.finish()?;
        p.protects.push(protect);
    }
    for mut t in root.tables("substrate")? {
        let substrate = read_substrate(&mut t)?;
        t.finish()?;
        p.substrates.push(substrate);
    }
    Ok(())
}

fn read_substrate(t: &mut TableReader<'_>) -> Result<Substrate, ConfigError> {
    let id = rule_id(t, "id")?.value;
    let required = t.required_string("required")?;
    let alternatives = required_globs(t, "alternatives", GlobKind::Name)?;
    if alternatives.matches(&required.value) {
        return Err(
            t.error(required.span, format!("`required` crate `{}` is also listed in `alternatives`", required.value))
        );
    }
    let applies_to = globs(t, "applies_to", GlobKind::Name)?;
    let transitive = t.bool("transitive")?.unwrap_or(false);
    let kinds = kinds(t)?;
    let reason = t.string("reason")?.map(|s| s.value);
    let paths = globs(t, "paths", GlobKind::Path)?.unwrap_or_default();
    let banned = rust_paths(t, "banned")?.unwrap_or_default();
    if paths.is_empty() != banned.is_empty() {
        return Err(t.error(t.span(), "`paths` and `banned` go together: name the modules and what they may not reach"));
    }
    Ok(Substrate {
        id,
        required: required.value,
        alternatives,
        applies_to,
        transitive,
        kinds,
        reason,
        paths,
        banned,
        origin: origin(t),
    })
}

/// `[cx_first]`, `[ambient]`.
pub(super) fn read_source_sections(
    root: &mut TableReader<'_>,
    p: &mut Policy,
    seen: &mut Seen,
) -> Result<(), ConfigError> {
    if let Some(mut t) = root.table("cx_first")? {
        once(seen, "[cx_first]", &t)?;
        let context = rust_paths(&mut t, "context")?.unwrap_or_default();
        if context.is_empty() {
            return Err(t.error(t.span(), "`[cx_first]` needs `context`: the accepted context types, as full paths"));
        }
        let paths = globs(&mut t, "paths", GlobKind::Path)?;
        let select = match t.string("select")? {
            None => CxSelect::PubAsync,
            Some(s) => match s.value.as_str() {
                "pub-async" => CxSelect::PubAsync,
                "async" => CxSelect::Async,
                "pub" => CxSelect::Pub,
                other => return Err(choice_error(&t, &s, other, "select", &["pub-async", "async", "pub"])),
            },
        };
        let names = globs(&mut t, "names", GlobKind::Name)?.unwrap_or_default();
        let attribute =
            t.string("attribute")?.map(|s| s.value.trim_start_matches("#[").trim_end_matches(']').to_owned());
        p.cx_first = Some(CxFirst { context, paths, select, names, attribute, origin: origin(&t) });
        t.finish()?;
    }
    if let Some(mut t) = root.table("ambient")? {
        once(seen, "[ambient]", &t)?;
        p.ambient = Some(read_ambient(&mut t)?);
        t.finish()?;
    }
    Ok(())
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
    Ok(Ambient { paths, allow, categories, origin: origin(t) })
}

/// `[levels]`, `[waivers]`, `[[key]]`, `[claims]`, `[release]`.
pub(super) fn read_gate_sections(
    root: &mut TableReader<'_>,
    p: &mut Policy,
    seen: &mut Seen,
) -> Result<(), ConfigError> {
    if let Some(mut t) = root.table("levels")? {
        for (key, value) in t.entries() {
            validate_rule_pattern(&t, &key)?;
            let level = value.string()?;
            let level_value = match level.value.as_str() {
                "deny" => Level::Deny,
                "warn" => Level::Warn,
                "allow" => Level::Allow,
                other => return Err(choice_error(&t, &level, other, &key.value, &["deny", "warn", "allow"])),
            };
            if let Some(prev) = seen.insert(("level", key.value.clone()), origin(&t)) {
                return Err(t.error(key.span, format!("level for `{}` is already set at {prev}", key.value)));
            }
            p.levels.push(LevelSetting { pattern: key.value, level: level_value });
        }
        t.finish()?;
    }
    if let Some(mut t) = root.table("waivers")? {
        once(seen, "[waivers]", &t)?;
        let d = WaiverPolicy::default();
        p.waivers = WaiverPolicy {
            max_days: t.count("max_days", 3650)?.map_or(d.max_days, |s| s.value),
            warn_days: t.count("warn_days", 3650)?.map_or(d.warn_days, |s| s.value),
            signatures: t.count("signatures", 16)?.map_or(d.signatures, |s| s.value),
        };
        if p.waivers.signatures == 0 {
            return Err(
                t.error(t.span(), "`signatures` in [waivers] must be at least 1: unsigned waivers are never accepted")
            );
        }
        t.finish()?;
    }
    for mut t in root.tables("key")? {
        let key = read_key(&mut t)?;
        t.finish()?;
        p.keys.push(key);
    }
    if let Some(mut t) = root.table("claims")? {
        once(seen, "[claims]", &t)?;
        p.claims = read_claims_policy(&mut t)?;
        t.finish()?;
    }
    if let Some(mut t) = root.table("release")? {
        once(seen, "[release]", &t)?;
        p.release = Some(read_release(&mut t)?);
        t.finish()?;
    }
    Ok(())
}

fn read_key(t: &mut TableReader<'_>) -> Result<TrustedKey, ConfigError> {
    use base64::Engine as _;
    let id = t.required_string("id")?.value;
    let public = t.required_string("public")?;
    let Some(encoded) = public.value.strip_prefix("ed25519:") else {
        return Err(t.error(public.span, "`public` must be `ed25519:<base64 of the 32-byte public key>`"));
    };
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .map_err(|e| t.error(public.span.clone(), format!("`public` is not valid base64: {e}")))?;
    let public: [u8; 32] = bytes.try_into().map_err(|b: Vec<u8>| {
        t.error(public.span.clone(), format!("an ed25519 public key is 32 bytes, this one is {}", b.len()))
    })?;
    let mut roles = Vec::new();
    for role in t.strings("roles")?.unwrap_or_default() {
        match Role::ALL.iter().find(|(_, name)| *name == role.value) {
            Some((r, _)) => roles.push(*r),
            None => {
                let names: Vec<&str> = Role::ALL.iter().map(|(_, n)| *n).collect();
                return Err(choice_error(t, &role, &role.value, "roles", &names));
            }
        }
    }
    if roles.is_empty() {
        return Err(t
            .error(t.span(), format!("key `{id}` has no `roles`: it could sign nothing"))
            .with_help("add `roles = [\"waiver-approver\"]` (or release-signer, evidence-recorder)"));
    }
    let expires = t.date("expires")?.map(|d| d.value);
    Ok(TrustedKey { id, public, roles, expires, origin: origin(t) })
}

fn read_claims_policy(t: &mut TableReader<'_>) -> Result<ClaimsPolicy, ConfigError> {
    let scan = globs(t, "scan", GlobKind::Path)?;
    let (mut extra, mut remove) = (Vec::new(), Vec::new());
    if let Some(mut lexicon) = t.table("lexicon")? {
        extra = lexicon.strings("extra")?.unwrap_or_default().into_iter().map(|s| s.value).collect();
        remove = lexicon.strings("remove")?.unwrap_or_default().into_iter().map(|s| s.value).collect();
        lexicon.finish()?;
    }
    Ok(ClaimsPolicy { scan, lexicon_extra: extra, lexicon_remove: remove })
}

fn read_release(t: &mut TableReader<'_>) -> Result<ReleasePolicy, ConfigError> {
    let profiles = t.strings("profiles")?.unwrap_or_default().into_iter().map(|s| s.value).collect();
    let claims = if t.holds_string("claims") {
        let s = t.required_string("claims")?;
        if s.value != "all" {
            return Err(t.error(s.span, "`claims` in [release] must be \"all\" or a list of claim ids"));
        }
        ReleaseClaims::All
    } else {
        ReleaseClaims::Ids(t.strings("claims")?.unwrap_or_default().into_iter().map(|s| s.value).collect())
    };
    let key = t.string("key")?.map(|s| s.value);
    Ok(ReleasePolicy { profiles, claims, key })
}

// --- helpers ----------------------------------------------------------------------------------

fn origin(t: &TableReader<'_>) -> Origin {
    Origin { file: t.file().name.clone(), line: t.file().position(t.span().start).line }
}

fn once(seen: &mut Seen, section: &'static str, t: &TableReader<'_>) -> Result<(), ConfigError> {
    match seen.insert((section, String::new()), origin(t)) {
        Some(first) => Err(t
            .error(t.span(), format!("`{section}` is defined twice"))
            .with_help(format!("it is already defined at {first}; keep one"))),
        None => Ok(()),
    }
}

/// A required id: lowercase letters, digits, `-`, `_` and `.`; it becomes part of a rule id.
fn rule_id(t: &mut TableReader<'_>, key: &'static str) -> Result<Spanned<String>, ConfigError> {
    let id = t.required_string(key)?;
    if !is_rule_id(&id.value) {
        return Err(t
            .error(id.span, format!("`{key}` `{}` must be lowercase letters, digits, `-`, `_` or `.`", id.value))
            .with_help("ids become part of rule ids such as `forbid/<id>`, which are permanent and kebab-case"));
    }
    Ok(id)
}

fn is_rule_id(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'_' | b'.'))
}

fn globs(t: &mut TableReader<'_>, key: &'static str, kind: GlobKind) -> Result<Option<GlobSet>, ConfigError> {
    let Some(list) = t.strings(key)? else {
        return Ok(None);
    };
    let globs = list
        .into_iter()
        .map(|s| Glob::new(&s.value, kind).map_err(|e| t.error(s.span, e.to_string())))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Some(GlobSet::new(globs)))
}

fn required_globs(t: &mut TableReader<'_>, key: &'static str, kind: GlobKind) -> Result<GlobSet, ConfigError> {
    match globs(t, key, kind)? {
        Some(set) if !set.is_empty() => Ok(set),
        Some(_) => Err(t.error(t.span(), format!("`{key}` must list at least one pattern"))),
        None => Err(t.error(t.span(), format!("missing `{key}` (an array of globs)"))),
    }
}

fn kinds(t: &mut TableReader<'_>) -> Result<EdgeKinds, ConfigError> {
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

fn rust_paths(t: &mut TableReader<'_>, key: &'static str) -> Result<Option<Vec<String>>, ConfigError> {
    let Some(list) = t.strings(key)? else {
        return Ok(None);
    };
    for path in &list {
        validate_rust_path(t, path)?;
    }
    Ok(Some(list.into_iter().map(|s| s.value.trim_start_matches("::").to_owned()).collect()))
}

fn validate_rust_path(t: &TableReader<'_>, path: &Spanned<String>) -> Result<(), ConfigError> {
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

fn validate_rule_pattern(t: &TableReader<'_>, key: &Spanned<String>) -> Result<(), ConfigError> {
    let family = key.value.split('/').next().unwrap_or_default();
    if KNOWN_RULE_FAMILIES.contains(&family) {
        return Ok(());
    }
    let help = match did_you_mean(family, KNOWN_RULE_FAMILIES.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("rule families: {}", KNOWN_RULE_FAMILIES.join(", ")),
    };
    Err(t.error(key.span.clone(), format!("unknown rule `{}`", key.value)).with_help(help))
}

fn choice_error(t: &TableReader<'_>, at: &Spanned<String>, got: &str, key: &str, choices: &[&str]) -> ConfigError {
    let help = match did_you_mean(got, choices.iter().copied()) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("expected one of: {}", choices.join(", ")),
    };
    t.error(at.span.clone(), format!("`{got}` is not a valid value for `{key}`")).with_help(help)
}
