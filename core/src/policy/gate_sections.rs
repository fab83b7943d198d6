//! `[levels]`, `[waivers]`, `[[key]]`, `[claims]`, `[release]`.

use std::ops::Range;

use super::fields::{choice_error, globs, once, origin, section, table, tables, Seen};
use super::model::{ClaimsPolicy, LevelSetting, Policy, ReleaseClaims, ReleasePolicy, Role, TrustedKey, WaiverPolicy};
use crate::config::{ConfigError, TableReader};
use crate::finding::Level;
use crate::glob::GlobKind;
use crate::text::SourceFile;

/// A rule id written in a `[levels]` key: checked against the registry once every file is read,
/// because `forbid/<id>` may name a rule another file defines.
pub(super) struct WrittenRuleId {
    pub file: SourceFile,
    pub span: Range<usize>,
    pub pattern: String,
}

/// Reads the gate sections of one file into `p`; every error goes to `errors`.
pub(super) fn read(
    root: &mut TableReader<'_>,
    p: &mut Policy,
    seen: &mut Seen,
    written: &mut Vec<WrittenRuleId>,
    errors: &mut Vec<ConfigError>,
) {
    if let Some(t) = table(root, "levels", errors) {
        section(errors, || read_levels(t, p, seen, written));
    }
    if let Some(mut t) = table(root, "waivers", errors) {
        section(errors, || {
            once(seen, "[waivers]", &t)?;
            p.waivers = read_waiver_policy(&mut t)?;
            t.finish()
        });
    }
    for mut t in tables(root, "key", errors) {
        let key = section(errors, || {
            let key = read_key(&mut t)?;
            t.finish()?;
            Ok(key)
        });
        p.keys.extend(key);
    }
    if let Some(mut t) = table(root, "claims", errors) {
        section(errors, || {
            once(seen, "[claims]", &t)?;
            p.claims = read_claims_policy(&mut t)?;
            t.finish()
        });
    }
    if let Some(mut t) = table(root, "release", errors) {
        section(errors, || {
            once(seen, "[release]", &t)?;
            p.release = Some(read_release(&mut t)?);
            t.finish()
        });
    }
}

fn read_levels(
    mut t: TableReader<'_>,
    p: &mut Policy,
    seen: &mut Seen,
    written: &mut Vec<WrittenRuleId>,
) -> Result<(), ConfigError> {
    for (key, value) in t.entries() {
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
        written.push(WrittenRuleId { file: t.file().clone(), span: key.span.clone(), pattern: key.value.clone() });
        p.levels.push(LevelSetting { pattern: key.value, level: level_value });
    }
    t.finish()
}

fn read_waiver_policy(t: &mut TableReader<'_>) -> Result<WaiverPolicy, ConfigError> {
    let d = WaiverPolicy::default();
    let waivers = WaiverPolicy {
        max_days: t.count("max_days", 3650)?.map_or(d.max_days, |s| s.value),
        warn_days: t.count("warn_days", 3650)?.map_or(d.warn_days, |s| s.value),
        signatures: t.count("signatures", 16)?.map_or(d.signatures, |s| s.value),
    };
    if waivers.signatures == 0 {
        return Err(
            t.error(t.span(), "`signatures` in [waivers] must be at least 1: unsigned waivers are never accepted")
        );
    }
    Ok(waivers)
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
