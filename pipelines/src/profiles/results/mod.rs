//! Result files in, raw results out. The format is told by content, never by file name: XML is
//! JUnit, a JSON document with `results` is a case-result report (§6.1), JSON lines with a `type`
//! are libtest events. Results name cases as their writer does; matching names to catalogue ids
//! is the evaluation's job (`resolve`).

pub mod case_report;
pub mod junit;
pub mod libtest;

use camino::{Utf8Path, Utf8PathBuf};
use gate_core::config::ConfigError;
use serde::{Deserialize, Serialize};

use super::input::{read_bounded, InputFile, RESULT_FILE_LIMIT};
use super::model::Classification;

/// What happened to one case, worst last (so the worst of duplicates is the `max`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// It passed.
    Pass,
    /// It was skipped (ignored).
    Skip,
    /// It failed.
    Fail,
    /// It could not run to a verdict (a crash, a harness error).
    Error,
}

impl Outcome {
    /// Its name in reports.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Skip => "skip",
            Outcome::Fail => "fail",
            Outcome::Error => "error",
        }
    }
}

/// The three result formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ResultFormat {
    /// JUnit XML.
    Junit,
    /// libtest JSON lines.
    LibtestJson,
    /// The adapter contract's case-result report.
    CaseReport,
}

impl ResultFormat {
    /// Its name in reports and messages.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            ResultFormat::Junit => "junit",
            ResultFormat::LibtestJson => "libtest-json",
            ResultFormat::CaseReport => "case-report",
        }
    }
}

/// How a result names its case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResultName {
    /// A JUnit testcase: its `case_id` property, `classname` and `name`.
    Junit {
        /// The `case_id` property, if any.
        case_id: Option<String>,
        /// `classname` (nextest: the binary id; other writers: a module); empty if absent.
        classname: String,
        /// `name` (nextest: the test path).
        name: String,
    },
    /// The case id itself (libtest `name`, a case report's `case`).
    Id(String),
}

/// One result as read, before it is matched to the catalogue.
#[derive(Clone, Debug)]
pub struct RawResult {
    /// How it names its case.
    pub name: ResultName,
    /// What happened.
    pub outcome: Outcome,
    /// The classification it carries (case reports only).
    pub classification: Option<Classification>,
    /// Evidence paths it carries (case reports only).
    pub evidence: Vec<String>,
    /// Its line in the file, where it has one.
    pub line: Option<usize>,
}

/// A result file read and parsed.
#[derive(Clone, Debug)]
pub struct ResultFile {
    /// The file as named on the command line.
    pub name: Utf8PathBuf,
    /// Lowercase hex SHA-256 of its bytes.
    pub sha256: String,
    /// Its format.
    pub format: ResultFormat,
    /// Its results in file order.
    pub results: Vec<RawResult>,
    /// The suite line it declares (case reports).
    pub suite: Option<String>,
    /// The implementation it declares (case reports).
    pub implementation: Option<String>,
}

/// Reads and parses a result file: a regular file of at most 16 MiB, refused by its metadata
/// before any read when larger.
///
/// # Errors
/// Unreadable, too large, not UTF-8, of no known format, or malformed: naming the file.
pub fn read_result_file(path: &Utf8Path, name: &Utf8Path) -> Result<ResultFile, ConfigError> {
    let input = read_bounded(path, name, RESULT_FILE_LIMIT)?;
    parse_result_file(&input)
}

/// Parses the bytes of a result file reported as `name` (what a fuzzer or a caller holding the
/// bytes uses; the digest is computed here).
///
/// # Errors
/// Not UTF-8, of no known format, or malformed: naming the file.
pub fn parse_result_bytes(name: &Utf8Path, bytes: Vec<u8>) -> Result<ResultFile, ConfigError> {
    let sha256 = gate_core::text::sha256_hex(&bytes);
    parse_result_file(&InputFile { name: name.to_owned(), bytes, sha256 })
}

/// Parses a result file already read.
///
/// # Errors
/// Not UTF-8, of no known format, or malformed: naming the file.
pub(crate) fn parse_result_file(input: &InputFile) -> Result<ResultFile, ConfigError> {
    let name = input.name.as_path();
    let text = input.text()?;
    let trimmed = text.trim_start();
    let mut file = ResultFile {
        name: name.to_owned(),
        sha256: input.sha256.clone(),
        format: ResultFormat::Junit,
        results: Vec::new(),
        suite: None,
        implementation: None,
    };
    if trimmed.starts_with('<') {
        file.results = junit::parse(name, text)?;
        return Ok(file);
    }
    if !trimmed.starts_with('{') {
        let what = if trimmed.is_empty() { "the file is empty" } else { "the content is neither XML nor JSON" };
        return Err(ConfigError::whole_file(name, format!("not a result file: {what}")).with_help(FORMATS_HELP));
    }
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(value) if case_report::looks_like(&value) => {
            let (report, results) = case_report::parse(name, text)?;
            file.format = ResultFormat::CaseReport;
            file.results = results;
            file.suite = Some(report.suite);
            file.implementation = Some(report.implementation);
            Ok(file)
        }
        Ok(value) if value.get("type").is_some() => libtest_file(file, name, text),
        Ok(_) => Err(ConfigError::whole_file(name, "not a result file: a JSON document with no `results`")
            .with_help(FORMATS_HELP)),
        Err(_) if trimmed.lines().next().is_some_and(libtest::is_event) => libtest_file(file, name, text),
        Err(e) => Err(case_report::json_error(name, &e, "malformed JSON")),
    }
}

fn libtest_file(mut file: ResultFile, name: &Utf8Path, text: &str) -> Result<ResultFile, ConfigError> {
    file.format = ResultFormat::LibtestJson;
    file.results = libtest::parse(name, text)?;
    Ok(file)
}

const FORMATS_HELP: &str =
    "result files are JUnit XML, libtest JSON lines (`cargo test -- -Z unstable-options --format json`) or a case-result report";

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(text: &str) -> Result<ResultFormat, String> {
        let input = InputFile { name: "r".into(), bytes: text.as_bytes().to_vec(), sha256: String::new() };
        parse_result_file(&input).map(|f| f.format).map_err(|e| e.message)
    }

    #[test]
    fn the_format_is_told_by_content() {
        assert_eq!(detect("\u{feff}<?xml version=\"1.0\"?><testsuites/>"), Ok(ResultFormat::Junit));
        assert_eq!(
            detect("{\"suite\": \"s\", \"implementation\": \"i\", \"results\": []}"),
            Ok(ResultFormat::CaseReport)
        );
        assert_eq!(detect("{ \"type\": \"suite\", \"event\": \"started\" }\n"), Ok(ResultFormat::LibtestJson));
        let two = "{ \"type\": \"suite\", \"event\": \"started\" }\n{ \"type\": \"test\", \"event\": \"ok\", \"name\": \"a\" }";
        assert_eq!(detect(two), Ok(ResultFormat::LibtestJson));
    }

    #[test]
    fn unknown_and_malformed_content_is_refused() {
        assert!(detect("").unwrap_err().contains("the file is empty"));
        assert!(detect("hello").unwrap_err().contains("neither XML nor JSON"));
        assert!(detect("{\"a\": 1}").unwrap_err().contains("no `results`"));
        assert!(detect("{\"suite\": \"s\", \"results\": [").unwrap_err().starts_with("malformed JSON"));
    }
}
