//! Matching results to catalogue cases (PRODUCT.md §6). A libtest `name` or a case report's
//! `case` is the case id. A JUnit testcase names a case by, in this order, its `case_id`
//! property, `classname::name`, or `name`: the first that is a catalogue id wins. A case reached
//! by `name` alone from two different `classname`s (two nextest binaries) is ambiguous: an error
//! naming both. A case report for another suite line is refused; a result the catalogue does not
//! know is a warning.

use std::collections::{BTreeMap, BTreeSet};

use camino::Utf8PathBuf;
use gate_core::config::ConfigError;

use super::model::{Classification, Profile};
use super::report::Warning;
use super::results::{Outcome, ResultFile, ResultName};
use crate::Error;

/// Most warnings a report lists; `summary.unknown_results` counts them all (a file of a million
/// unrelated tests must not make a report of a million warnings).
pub const MAX_WARNINGS: usize = 1000;

/// One result matched to a catalogue case.
#[derive(Clone, Debug)]
pub struct Matched {
    /// What happened.
    pub outcome: Outcome,
    /// The classification the result carries.
    pub classification: Option<Classification>,
    /// Evidence paths it carries.
    pub evidence: Vec<String>,
    /// The file it came from.
    pub file: Utf8PathBuf,
}

/// Results by catalogue case, and the warnings about the rest.
#[derive(Debug, Default)]
pub struct Resolved {
    /// Every result of each case that has one.
    pub by_case: BTreeMap<String, Vec<Matched>>,
    /// Results for cases the catalogue does not know: the first [`MAX_WARNINGS`] of them.
    pub warnings: Vec<Warning>,
    /// How many results name a case the catalogue does not know.
    pub unknown: usize,
    /// Results read, over every file.
    pub results: usize,
}

/// Where a result reached by `name` alone came from: for the ambiguity check.
struct ByName {
    classname: String,
    file: Utf8PathBuf,
    line: Option<usize>,
}

/// Matches every result of `files` to `profile`'s catalogue.
///
/// # Errors
/// A case report for another suite line, or a name matching cases in two binaries.
pub fn resolve(profile: &Profile, files: &[ResultFile]) -> Result<Resolved, Error> {
    let mut errors = Vec::new();
    for file in files {
        if let Some(suite) = file.suite.as_deref().filter(|s| *s != profile.suite) {
            errors.push(
                ConfigError::whole_file(
                    &file.name,
                    format!(
                        "results for suite line `{suite}`, but profile `{}` is for `{}`: refused",
                        profile.id, profile.suite
                    ),
                )
                .with_help("results of one suite line never stand for another: run the suite line the profile names"),
            );
        }
    }
    if !errors.is_empty() {
        return Err(Error::Config(errors));
    }
    let catalogue: BTreeSet<&str> = profile.cases.iter().map(|c| c.id.as_str()).collect();
    let mut resolved = Resolved::default();
    let mut by_name: BTreeMap<String, Vec<ByName>> = BTreeMap::new();
    for file in files {
        for result in &file.results {
            resolved.results += 1;
            let (case, via_name) = match &result.name {
                ResultName::Id(id) => (catalogue.contains(id.as_str()).then(|| id.clone()), false),
                ResultName::Junit { case_id, classname, name } => {
                    junit_case(&catalogue, case_id.as_deref(), classname, name)
                }
            };
            let Some(case) = case else {
                resolved.unknown += 1;
                if resolved.warnings.len() >= MAX_WARNINGS {
                    continue;
                }
                resolved.warnings.push(Warning {
                    file: file.name.clone(),
                    line: result.line,
                    result: display_name(&result.name),
                    message: format!("a result for a case the catalogue of `{}` does not know", profile.id),
                });
                continue;
            };
            if via_name {
                if let ResultName::Junit { classname, .. } = &result.name {
                    let origin = ByName { classname: classname.clone(), file: file.name.clone(), line: result.line };
                    by_name.entry(case.clone()).or_default().push(origin);
                }
            }
            let matched = Matched {
                outcome: result.outcome,
                classification: result.classification,
                evidence: result.evidence.clone(),
                file: file.name.clone(),
            };
            resolved.by_case.entry(case).or_default().push(matched);
        }
    }
    check_ambiguity(&by_name)?;
    resolved.warnings.sort();
    Ok(resolved)
}

/// `case_id` property, `classname::name`, `name`: the first catalogue id wins. The flag tells a
/// match by `name` alone.
fn junit_case(
    catalogue: &BTreeSet<&str>,
    case_id: Option<&str>,
    classname: &str,
    name: &str,
) -> (Option<String>, bool) {
    if let Some(id) = case_id.filter(|id| catalogue.contains(id)) {
        return (Some(id.to_owned()), false);
    }
    let qualified = format!("{classname}::{name}");
    if !classname.is_empty() && catalogue.contains(qualified.as_str()) {
        return (Some(qualified), false);
    }
    (catalogue.contains(name).then(|| name.to_owned()), true)
}

fn check_ambiguity(by_name: &BTreeMap<String, Vec<ByName>>) -> Result<(), Error> {
    let mut errors = Vec::new();
    for (case, origins) in by_name {
        let Some(first) = origins.first() else {
            continue;
        };
        let Some(other) = origins.iter().find(|o| o.classname != first.classname) else {
            continue;
        };
        let at = |o: &ByName| match o.line {
            Some(line) => format!("{}:{line}", o.file),
            None => o.file.to_string(),
        };
        let message = format!(
            "`{case}` matches results in two test binaries: `{}` ({}) and `{}` ({})",
            first.classname,
            at(first),
            other.classname,
            at(other)
        );
        let error = match other.line {
            Some(line) => ConfigError::at_line(&other.file, line, message),
            None => ConfigError::whole_file(&other.file, message),
        };
        errors.push(error.with_help(format!(
            "give each result a `case_id` property, or name the case `{}::{case}` in the catalogue",
            first.classname
        )));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Error::Config(errors))
    }
}

/// The name a result gives its case, for warnings.
fn display_name(name: &ResultName) -> String {
    match name {
        ResultName::Id(id) | ResultName::Junit { case_id: Some(id), .. } => id.clone(),
        ResultName::Junit { classname, name, .. } if !classname.is_empty() => format!("{classname}::{name}"),
        ResultName::Junit { name, .. } => name.clone(),
    }
}
