//! Reading `claims/*.toml` with spans: wrong types, unknown keys, unknown evidence kinds and
//! JSON pointers that do not parse are errors naming the file and line (exit 2).

use camino::Utf8Path;
use gate_core::config::{did_you_mean, toml_files_in, ConfigDoc, ConfigError, Spanned, TableReader};
use gate_core::finding::Location;
use gate_core::glob::{Glob, GlobKind};
use gate_core::policy::{Policy, Role};
use gate_core::text::SourceFile;

use super::model::{Claim, EvidenceKind, EvidenceSpec, ProfileRequire, Requirement};
use crate::evidence::{normalize, read_text, Repo, MAX_GATE_FILE};
use crate::Error;

/// Every claim of the workspace, sorted by id, with every problem in every file reported at once.
///
/// # Errors
/// Each invalid claim file, duplicate id, or attestation key the policy does not have.
pub fn load_claims(repo: &Repo, policy: &Policy) -> Result<Vec<Claim>, Error> {
    let files = toml_files_in(&repo.root, &repo.claims)?;
    let mut claims: Vec<Claim> = Vec::new();
    let mut errors = Vec::new();
    for name in &files {
        match read_claim(repo, name) {
            Ok(claim) => {
                if let Some(first) = claims.iter().find(|c| c.id == claim.id) {
                    errors.push(ConfigError::at_line(
                        claim.file.clone(),
                        claim.line,
                        format!("claim id `{}` is already used by {}:{}", claim.id, first.file, first.line),
                    ));
                } else {
                    errors.extend(check_keys(&claim, policy));
                    claims.push(claim);
                }
            }
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(Error::Config(errors));
    }
    claims.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(claims)
}

fn read_claim(repo: &Repo, name: &Utf8Path) -> Result<Claim, ConfigError> {
    parse_claim(read_text(repo, name, MAX_GATE_FILE)?)
}

/// Parses one claim file already read (the policy's keys are checked by [`load_claims`]).
///
/// # Errors
/// The first problem in the file, located.
pub fn parse_claim(file: SourceFile) -> Result<Claim, ConfigError> {
    let name = file.name.clone();
    let name = name.as_path();
    let doc = ConfigDoc::parse(file)?;
    let mut root = doc.root();
    let id = root.required_string("id")?;
    if !is_claim_id(&id.value) {
        return Err(root.error(id.span, format!("claim id `{}` must be letters, digits, `-`, `_` or `.`", id.value)));
    }
    let line = doc.file.position(id.span.start).line;
    let text = root.required_string("text")?.value;
    let owner = root.string("owner")?.map(|s| s.value);
    let max_age_days = root.count("max_age_days", 36_500)?.map(|s| s.value);
    let mut evidence = Vec::new();
    for mut t in root.tables("evidence")? {
        let line = doc.file.position(t.span().start).line;
        let spec = read_evidence(&mut t)?;
        t.finish()?;
        evidence.push(Requirement { spec, line });
    }
    if evidence.is_empty() {
        return Err(root
            .error(id.span, format!("claim `{}` has no `[[evidence]]`: nothing could ever back it", id.value))
            .with_help("add an `[[evidence]]` table (kinds: file, junit, profile, benchmark, attestation)"));
    }
    root.finish()?;
    let (start, end) = doc.file.range(&id.span);
    let location = Location { file: name.to_owned(), start, end };
    Ok(Claim { id: id.value, text, owner, max_age_days, evidence, file: name.to_owned(), line, location })
}

/// Claim ids as `<!-- claim: id -->` can name them.
pub(super) fn is_claim_id(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

fn read_evidence(t: &mut TableReader<'_>) -> Result<EvidenceSpec, ConfigError> {
    let kind = t.required_string("kind")?;
    let Some(&(kind_value, _)) = EvidenceKind::ALL.iter().find(|(_, n)| *n == kind.value) else {
        let names = EvidenceKind::ALL.iter().map(|(_, n)| *n);
        let all: Vec<&str> = names.clone().collect();
        let help = did_you_mean(&kind.value, names)
            .map_or_else(|| format!("kinds: {}", all.join(", ")), |s| format!("did you mean `{s}`?"));
        return Err(t.error(kind.span, format!("unknown evidence kind `{}`", kind.value)).with_help(help));
    };
    Ok(match kind_value {
        EvidenceKind::File => EvidenceSpec::File { path: read_path(t)? },
        EvidenceKind::Junit => EvidenceSpec::Junit { path: read_path(t)?, tests: read_tests(t)? },
        EvidenceKind::Profile => read_profile(t)?,
        EvidenceKind::Benchmark => read_benchmark(t)?,
        EvidenceKind::Attestation => {
            EvidenceSpec::Attestation { path: read_path(t)?, key: t.string("key")?.map(|k| k.value) }
        }
    })
}

fn read_path(t: &mut TableReader<'_>) -> Result<camino::Utf8PathBuf, ConfigError> {
    let path = t.required_string("path")?;
    normalize(&path.value).map_err(|e| t.error(path.span, format!("`path` `{}` is refused: {e}", path.value)))
}

fn read_tests(t: &mut TableReader<'_>) -> Result<Vec<Glob>, ConfigError> {
    let Some(list) = t.strings("tests")? else {
        return Err(t
            .error(t.span(), "`junit` evidence is missing `tests` (globs over test names)")
            .with_help("for example `tests = [\"gate::perf::*\"]`"));
    };
    if list.is_empty() {
        return Err(t.error(t.span(), "`tests` must list at least one glob: an empty list selects no test"));
    }
    list.into_iter().map(|s| Glob::new(&s.value, GlobKind::Name).map_err(|e| t.error(s.span, e.to_string()))).collect()
}

fn read_profile(t: &mut TableReader<'_>) -> Result<EvidenceSpec, ConfigError> {
    let profile = t.required_string("profile")?.value;
    let require = match t.string("require")? {
        None => ProfileRequire::Pass,
        Some(r) if r.value == "pass" => ProfileRequire::Pass,
        Some(r) if r.value == "partial" => ProfileRequire::Partial,
        Some(r) => {
            return Err(t
                .error(r.span, format!("`require` must be \"pass\" or \"partial\", found `{}`", r.value))
                .with_help("`partial` accepts a profile whose required gates all pass"));
        }
    };
    Ok(EvidenceSpec::Profile { profile, require })
}

fn read_benchmark(t: &mut TableReader<'_>) -> Result<EvidenceSpec, ConfigError> {
    let path = read_path(t)?;
    let metric: Spanned<String> = t.string("metric")?.ok_or_else(|| {
        t.error(t.span(), "`benchmark` evidence is missing `metric` (a JSON pointer such as `/wall_ms/p50`)")
    })?;
    if let Err(reason) = check_pointer(&metric.value) {
        return Err(t.error(metric.span, format!("`metric` `{}` is not a JSON pointer: {reason}", metric.value)));
    }
    let min = t.number("min")?;
    let max = t.number("max")?;
    if let (Some(lo), Some(hi)) = (&min, &max) {
        if lo.value > hi.value {
            return Err(t.error(lo.span.clone(), format!("`min` {} is above `max` {}", lo.value, hi.value)));
        }
    }
    if min.is_none() && max.is_none() {
        return Err(t.error(
            t.span(),
            "`benchmark` evidence needs `min`, `max` or both: a metric with no bound proves nothing",
        ));
    }
    Ok(EvidenceSpec::Benchmark { path, metric: metric.value, min: min.map(|m| m.value), max: max.map(|m| m.value) })
}

/// RFC 6901: empty (the whole document) or `/`-prefixed tokens in which `~` is `~0` or `~1`.
pub(super) fn check_pointer(pointer: &str) -> Result<(), String> {
    if pointer.is_empty() {
        return Ok(());
    }
    if !pointer.starts_with('/') {
        return Err("it must be empty or start with `/`".to_owned());
    }
    let bytes = pointer.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'~' && !matches!(bytes.get(i + 1), Some(b'0' | b'1')) {
            return Err(format!("`~` at offset {i} must be followed by `0` or `1`"));
        }
    }
    Ok(())
}

/// An attestation's `key` must be a policy key that may sign evidence.
fn check_keys(claim: &Claim, policy: &Policy) -> Vec<ConfigError> {
    let mut errors = Vec::new();
    for req in &claim.evidence {
        let EvidenceSpec::Attestation { key: Some(key), .. } = &req.spec else {
            continue;
        };
        match policy.keys.iter().find(|k| &k.id == key) {
            None => {
                let ids = policy.keys.iter().map(|k| k.id.as_str());
                let help = did_you_mean(key, ids).map(|s| format!("did you mean `{s}`?"));
                errors.push(
                    ConfigError::at_line(
                        claim.file.clone(),
                        req.line,
                        format!("no policy `[[key]]` has the id `{key}`"),
                    )
                    .with_help_opt(help),
                );
            }
            Some(k) if !k.roles.iter().any(|r| matches!(r, Role::ReleaseSigner | Role::EvidenceRecorder)) => {
                errors.push(ConfigError::at_line(
                    claim.file.clone(),
                    req.line,
                    format!("key `{key}` may not sign evidence: it needs the role release-signer or evidence-recorder"),
                ));
            }
            Some(_) => {}
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_follow_rfc_6901() {
        for ok in ["", "/", "/wall_ms/p50", "/a~1b/~0c", "/sizes/2/check_warm_ms"] {
            assert_eq!(check_pointer(ok), Ok(()), "{ok}");
        }
        for bad in ["wall_ms", "/a~2", "/a~", "#/a"] {
            assert!(check_pointer(bad).is_err(), "{bad}");
        }
    }
}
