//! Reading `profiles/*.toml` with spans (PRODUCT.md §6). A profile that cannot be evaluated as
//! written is refused, every problem located: an unknown status or classification, a gate glob
//! that matches no case, a duplicate case or gate id, a case in no gate, a missing `suite`.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use camino::Utf8Path;
use gate_core::config::{did_you_mean, toml_files_in, ConfigDoc, ConfigError, Spanned, TableReader};
use gate_core::glob::{Glob, GlobKind};
use gate_core::text::SourceFile;

use super::input::{read_in_workspace, GATE_FILE_LIMIT};
use super::model::{Case, Classification, Gate, Profile, Status};
use crate::Error;

/// Reads and validates every profile in `dir` (workspace-relative), sorted by id. Every problem
/// of every file is reported at once; two files with one id are an error.
///
/// # Errors
/// The directory cannot be listed, or a profile is invalid.
pub fn load_profiles(root: &Utf8Path, dir: &Utf8Path) -> Result<Vec<Profile>, Error> {
    let mut profiles: Vec<Profile> = Vec::new();
    let mut errors = Vec::new();
    for rel in toml_files_in(root, dir)? {
        let parsed = read_in_workspace(root, &rel, GATE_FILE_LIMIT).and_then(|input| {
            let text = input.text()?.to_owned();
            Ok((SourceFile::new(rel.clone(), text), input.sha256))
        });
        match parsed {
            Ok((file, sha256)) => match parse_profile(file, sha256) {
                Ok(profile) => profiles.push(profile),
                Err(mut e) => errors.append(&mut e),
            },
            Err(e) => errors.push(e),
        }
    }
    let mut seen: BTreeMap<String, &Profile> = BTreeMap::new();
    for profile in &profiles {
        if let Some(first) = seen.insert(profile.id.clone(), profile) {
            errors.push(ConfigError::whole_file(
                &profile.file,
                format!("duplicate profile id `{}` (also in {})", profile.id, first.file),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(Error::Config(errors));
    }
    profiles.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(profiles)
}

/// The profile with this id.
///
/// # Errors
/// No such profile: the message lists the known ones and a likely misspelling.
pub fn find_profile<'a>(profiles: &'a [Profile], id: &str, dir: &Utf8Path) -> Result<&'a Profile, Error> {
    if let Some(profile) = profiles.iter().find(|p| p.id == id) {
        return Ok(profile);
    }
    let ids: Vec<&str> = profiles.iter().map(|p| p.id.as_str()).collect();
    let hint = match did_you_mean(id, ids.iter().copied()) {
        Some(close) => format!(" (did you mean `{close}`?)"),
        None if ids.is_empty() => format!(" (there are no profiles in {dir}/)"),
        None => format!(" (profiles: {})", ids.join(", ")),
    };
    Err(Error::Usage(format!("no profile `{id}` in {dir}/{hint}")))
}

/// Parses and validates one profile file.
///
/// # Errors
/// Every problem found, located.
pub fn parse_profile(file: SourceFile, sha256: String) -> Result<Profile, Vec<ConfigError>> {
    let doc = ConfigDoc::parse(file).map_err(|e| vec![e])?;
    let file = &doc.file;
    let mut errors = Vec::new();
    let mut root = doc.root();
    let id = keep(&mut errors, root.required_string("id").and_then(|id| checked_name(&root, id, "profile id")));
    let version = keep(&mut errors, root.required_string("version"));
    let suite = keep(&mut errors, root.required_string("suite"));
    let title = keep(&mut errors, root.string("title")).flatten();
    let gate_tables = keep(&mut errors, root.tables("gate")).unwrap_or_default();
    let case_tables = keep(&mut errors, root.tables("case")).unwrap_or_default();
    keep(&mut errors, root.finish());

    let (case_count, gate_count) = (case_tables.len(), gate_tables.len());
    let cases = read_cases(case_tables, &mut errors);
    let gates = read_gates(gate_tables, &cases, &mut errors);
    if case_count == 0 {
        errors.push(ConfigError::at(file, 0..0, "the profile has no `[[case]]`: a case catalogue is required"));
    }
    if gate_count == 0 {
        errors.push(ConfigError::at(file, 0..0, "the profile has no `[[gate]]`: every case must be in a gate"));
    }
    // A gate that could not be read may be the one a case is in: judge membership only when
    // every gate was read.
    if gates.len() == gate_count && gate_count > 0 {
        let in_some_gate: BTreeSet<&str> = gates.iter().flat_map(|(g, _)| g.cases.iter().map(String::as_str)).collect();
        for (case, span) in &cases {
            if !in_some_gate.contains(case.id.as_str()) {
                errors.push(
                    ConfigError::at(file, span.clone(), format!("case `{}` is in no gate", case.id))
                        .with_help("add a glob matching it to some `[[gate]] cases`, or remove the case"),
                );
            }
        }
    }
    let (Some(id), Some(version), Some(suite)) = (id, version, suite) else {
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Profile {
        id: id.value,
        version: version.value,
        suite: suite.value,
        title: title.map(|t| t.value),
        file: file.name.clone(),
        sha256,
        gates: gates.into_iter().map(|(g, _)| g).collect(),
        cases: cases.into_iter().map(|(c, _)| c).collect(),
    })
}

fn keep<T>(errors: &mut Vec<ConfigError>, result: Result<T, ConfigError>) -> Option<T> {
    result.map_err(|e| errors.push(e)).ok()
}

/// An id made of letters, digits, `.`, `-`, `_` (profile and gate ids name files and reports).
fn checked_name(t: &TableReader<'_>, id: Spanned<String>, what: &str) -> Result<Spanned<String>, ConfigError> {
    if id.value.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')) {
        Ok(id)
    } else {
        Err(t.error(id.span, format!("{what} `{}` must be letters, digits, `.`, `-` or `_`", id.value)))
    }
}

fn read_cases(tables: Vec<TableReader<'_>>, errors: &mut Vec<ConfigError>) -> Vec<(Case, Range<usize>)> {
    let mut cases: Vec<(Case, Range<usize>)> = Vec::new();
    let mut first_lines: BTreeMap<String, usize> = BTreeMap::new();
    for table in tables {
        let file = table.file();
        let Some((case, span)) = read_case(table, errors) else {
            continue;
        };
        if let Some(first_line) = first_lines.get(&case.id) {
            let message = format!("duplicate case id `{}` (first at line {first_line})", case.id);
            errors.push(ConfigError::at(file, span, message));
            continue;
        }
        first_lines.insert(case.id.clone(), case.line);
        cases.push((case, span));
    }
    cases
}

fn read_case(mut t: TableReader<'_>, errors: &mut Vec<ConfigError>) -> Option<(Case, Range<usize>)> {
    let line = t.file().position(t.span().start).line;
    let id = keep(errors, t.required_string("id"));
    let id = id.and_then(|id| {
        let bad = id.value.chars().any(|c| c.is_whitespace() || c.is_control() || c == '/');
        let check = if bad {
            Err(t.error(
                id.span.clone(),
                format!("case id `{}` must have no spaces, control characters or `/`", id.value),
            ))
        } else {
            Ok(id)
        };
        keep(errors, check)
    });
    let status = keep(errors, t.required_string("status").and_then(|s| parse_status(&t, &s)));
    let layer = keep(errors, t.string("layer")).flatten();
    let requires = keep(errors, t.strings("requires").and_then(|r| non_empty(&t, r.unwrap_or_default(), "requires")));
    let classification = keep(errors, t.string("classification").and_then(|c| parse_classification(&t, c)));
    let _title = keep(errors, t.string("title"));
    keep(errors, t.finish());
    let id = id?;
    let case = Case {
        id: id.value,
        status: status?,
        layer: layer.map(|l| l.value),
        requires: requires?,
        classification: classification?,
        line,
    };
    Some((case, id.span))
}

fn parse_status(t: &TableReader<'_>, status: &Spanned<String>) -> Result<Status, ConfigError> {
    Status::parse(&status.value).ok_or_else(|| {
        let names = Status::ALL.map(|(_, n)| n);
        let help = match did_you_mean(&status.value, names) {
            Some(close) => format!("did you mean `{close}`?"),
            None => format!("statuses: {}", names.join(", ")),
        };
        t.error(status.span.clone(), format!("unknown status `{}`", status.value)).with_help(help)
    })
}

fn parse_classification(
    t: &TableReader<'_>,
    value: Option<Spanned<String>>,
) -> Result<Option<Classification>, ConfigError> {
    let Some(value) = value else {
        return Ok(None);
    };
    Classification::parse(&value.value).map(Some).ok_or_else(|| {
        let names = Classification::ALL.map(|(_, n)| n);
        t.error(value.span.clone(), format!("unknown classification `{}`", value.value))
            .with_help(format!("classifications: {}", names.join(", ")))
    })
}

fn non_empty(t: &TableReader<'_>, values: Vec<Spanned<String>>, key: &str) -> Result<Vec<String>, ConfigError> {
    match values.iter().find(|v| v.value.trim().is_empty()) {
        Some(empty) => Err(t.error(empty.span.clone(), format!("`{key}` must not hold an empty string"))),
        None => Ok(values.into_iter().map(|v| v.value).collect()),
    }
}

fn read_gates(
    tables: Vec<TableReader<'_>>,
    cases: &[(Case, Range<usize>)],
    errors: &mut Vec<ConfigError>,
) -> Vec<(Gate, Range<usize>)> {
    let mut gates: Vec<(Gate, Range<usize>)> = Vec::new();
    for mut t in tables {
        let file = t.file();
        let id = keep(errors, t.required_string("id").and_then(|id| checked_name(&t, id, "gate id")));
        let title = keep(errors, t.string("title")).flatten();
        let required = keep(errors, t.bool("required")).flatten().unwrap_or(true);
        let patterns = keep(errors, t.strings("cases")).flatten();
        let missing = patterns.is_none() || patterns.as_ref().is_some_and(Vec::is_empty);
        if missing {
            errors.push(t.error(t.span(), "a `[[gate]]` needs `cases`: globs over case ids"));
        }
        keep(errors, t.finish());
        let (Some(id), Some(patterns)) = (id, patterns) else {
            continue;
        };
        if let Some((_, first)) = gates.iter().find(|(g, _)| g.id == id.value) {
            let first_line = file.position(first.start).line;
            let message = format!("duplicate gate id `{}` (first at line {first_line})", id.value);
            errors.push(ConfigError::at(file, id.span.clone(), message));
            continue;
        }
        // Indices into the catalogue: the members come out in catalogue order, once each.
        let matched: BTreeSet<usize> =
            patterns.iter().flat_map(|pattern| gate_glob_matches(file, pattern, cases, errors)).collect();
        let members = matched.into_iter().map(|i| cases[i].0.id.clone()).collect();
        let gate = Gate {
            title: title.map_or_else(|| id.value.clone(), |t| t.value),
            id: id.value,
            required,
            patterns: patterns.into_iter().map(|p| p.value).collect(),
            cases: members,
        };
        gates.push((gate, id.span));
    }
    gates
}

/// The indices of the catalogue cases one glob of a gate matches; none is an error at the glob.
fn gate_glob_matches(
    file: &SourceFile,
    pattern: &Spanned<String>,
    cases: &[(Case, Range<usize>)],
    errors: &mut Vec<ConfigError>,
) -> Vec<usize> {
    if pattern.value.contains('/') {
        let message = format!("invalid case glob `{}`: `/` is not allowed", pattern.value);
        errors.push(ConfigError::at(file, pattern.span.clone(), message));
        return Vec::new();
    }
    let glob = match Glob::new(&pattern.value, GlobKind::Name) {
        Ok(glob) => glob,
        Err(e) => {
            errors.push(ConfigError::at(file, pattern.span.clone(), e.to_string()));
            return Vec::new();
        }
    };
    let matched: Vec<usize> = (0..cases.len()).filter(|&i| glob.matches(&cases[i].0.id)).collect();
    if matched.is_empty() && !cases.is_empty() {
        let help = match did_you_mean(&pattern.value, cases.iter().map(|(c, _)| c.id.as_str())) {
            Some(close) => format!("did you mean `{close}`?"),
            None => "a gate glob must match at least one `[[case]] id`".to_owned(),
        };
        errors.push(
            ConfigError::at(file, pattern.span.clone(), format!("gate glob `{}` matches no case", pattern.value))
                .with_help(help),
        );
    }
    matched
}
