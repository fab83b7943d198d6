//! The rules of PRODUCT.md §6, one test each, on in-memory profiles and results.

use camino::Utf8PathBuf;
use gate_core::text::SourceFile;
use gate_core::time::Instant;

use super::capabilities::Capabilities;
use super::evaluate;
use super::load::parse_profile;
use super::model::{Classification, Profile};
use super::report::{CaseOutcome, CaseState, ConformanceReport, GateVerdict, Overall, Verdict};
use super::results::{Outcome, RawResult, ResultFile, ResultFormat, ResultName};
use crate::Error;

const PROFILE: &str = r#"
id = "p"
version = "1.0.0"
suite = "line-1"

[[gate]]
id = "core"
cases = ["core.*"]

[[gate]]
id = "extra"
required = false
cases = ["extra.*"]

[[case]]
id = "core.a"
status = "mandatory"
layer = "L1"

[[case]]
id = "core.b"
status = "mandatory"
layer = "L2"

[[case]]
id = "core.opt"
status = "optional"
requires = ["cap.x"]
layer = "L3"

[[case]]
id = "core.exp"
status = "experimental"
layer = "L4"

[[case]]
id = "core.old"
status = "deprecated"

[[case]]
id = "extra.a"
status = "mandatory"
classification = "performance"
"#;

fn profile() -> Profile {
    parse_profile(SourceFile::new("profiles/p.toml", PROFILE), "0".repeat(64)).unwrap()
}

fn file(results: &[(&str, Outcome)]) -> ResultFile {
    ResultFile {
        name: Utf8PathBuf::from("results.json"),
        sha256: "1".repeat(64),
        format: ResultFormat::LibtestJson,
        results: results
            .iter()
            .map(|(id, outcome)| RawResult {
                name: ResultName::Id((*id).to_owned()),
                outcome: *outcome,
                classification: None,
                evidence: Vec::new(),
                line: None,
            })
            .collect(),
        suite: None,
        implementation: None,
    }
}

fn passing() -> Vec<(&'static str, Outcome)> {
    vec![("core.a", Outcome::Pass), ("core.b", Outcome::Pass), ("extra.a", Outcome::Pass)]
}

fn eval(files: &[ResultFile], claimed: &[&str]) -> ConformanceReport {
    let caps = Capabilities { claimed: claimed.iter().map(|c| (*c).to_owned()).collect(), ..Capabilities::default() };
    evaluate(&profile(), files, &caps, Instant(0)).unwrap()
}

fn gate<'a>(report: &'a ConformanceReport, id: &str) -> &'a super::report::GateReport {
    report.gates.iter().find(|g| g.id == id).unwrap()
}

fn case<'a>(report: &'a ConformanceReport, id: &str) -> &'a super::report::CaseVerdict {
    report.cases.iter().find(|c| c.case == id).unwrap()
}

#[test]
fn all_mandatory_passing_passes() {
    let report = eval(&[file(&passing())], &[]);
    assert_eq!((report.overall, report.verdict), (Overall::Pass, Verdict::Pass));
    assert_eq!(case(&report, "core.opt").state, CaseState::NotApplicable);
}

#[test]
fn a_mandatory_case_failing_erroring_skipped_or_missing_fails_its_gate() {
    for outcome in [Outcome::Fail, Outcome::Error, Outcome::Skip] {
        let report = eval(&[file(&[("core.a", Outcome::Pass), ("core.b", outcome), ("extra.a", Outcome::Pass)])], &[]);
        assert_eq!(gate(&report, "core").verdict, GateVerdict::Fail, "{outcome:?}");
        assert_eq!(report.overall, Overall::Fail);
        assert_eq!(gate(&report, "core").failing[0].outcome, CaseOutcome::from(Some(outcome)));
    }
    let report = eval(&[file(&[("core.a", Outcome::Pass), ("extra.a", Outcome::Pass)])], &[]);
    let failing = &gate(&report, "core").failing;
    assert_eq!(failing.len(), 1);
    assert_eq!((failing[0].case.as_str(), failing[0].outcome), ("core.b", CaseOutcome::NotRun));
    assert_eq!(report.summary.cases.not_run, 1);
}

#[test]
fn an_optional_case_counts_only_when_its_capabilities_are_claimed() {
    let mut results = passing();
    results.push(("core.opt", Outcome::Fail));
    let claimed = eval(&[file(&results)], &["cap.x"]);
    assert_eq!(case(&claimed, "core.opt").state, CaseState::Fail);
    assert_eq!(gate(&claimed, "core").verdict, GateVerdict::Fail);
    let not_claimed = eval(&[file(&results)], &["cap.y"]);
    assert_eq!(case(&not_claimed, "core.opt").state, CaseState::NotApplicable);
    assert_eq!(gate(&not_claimed, "core").verdict, GateVerdict::Pass);
}

#[test]
fn experimental_and_deprecated_failures_never_change_a_verdict() {
    let mut results = passing();
    results.extend([("core.exp", Outcome::Fail), ("core.old", Outcome::Error)]);
    let report = eval(&[file(&results)], &[]);
    assert_eq!(report.overall, Overall::Pass);
    assert_eq!(case(&report, "core.exp").state, CaseState::NotCounted);
    assert_eq!(case(&report, "core.exp").outcome, CaseOutcome::Fail);
    assert_eq!(case(&report, "core.old").outcome, CaseOutcome::Error);
}

#[test]
fn a_result_for_an_unknown_case_is_a_warning() {
    let mut results = passing();
    results.push(("core.unknown", Outcome::Fail));
    let report = eval(&[file(&results)], &[]);
    assert_eq!(report.overall, Overall::Pass);
    assert_eq!(report.warnings.len(), 1);
    assert_eq!(report.warnings[0].result, "core.unknown");
    assert_eq!(report.summary.unknown_results, 1);
}

#[test]
fn warnings_are_listed_up_to_a_bound_and_counted_in_full() {
    let names: Vec<String> = (0..1005).map(|i| format!("other.{i}")).collect();
    let unknown: Vec<(&str, Outcome)> = names.iter().map(|n| (n.as_str(), Outcome::Pass)).collect();
    let report = eval(&[file(&passing()), file(&unknown)], &[]);
    assert_eq!((report.warnings.len(), report.summary.unknown_results), (1000, 1005));
}

#[test]
fn a_required_gate_failing_fails_another_makes_it_partial() {
    let partial =
        eval(&[file(&[("core.a", Outcome::Pass), ("core.b", Outcome::Pass), ("extra.a", Outcome::Fail)])], &[]);
    assert_eq!((partial.overall, partial.verdict), (Overall::Partial, Verdict::Pass));
    let fail = eval(&[file(&[("core.a", Outcome::Fail), ("core.b", Outcome::Pass), ("extra.a", Outcome::Pass)])], &[]);
    assert_eq!((fail.overall, fail.verdict), (Overall::Fail, Verdict::Fail));
}

#[test]
fn no_case_ran_is_skipped() {
    for files in [vec![], vec![file(&[])], vec![file(&[("core.a", Outcome::Skip), ("nothing", Outcome::Pass)])]] {
        let report = eval(&files, &[]);
        assert_eq!((report.overall, report.verdict), (Overall::Skipped, Verdict::Fail));
    }
}

#[test]
fn the_worst_of_duplicate_results_counts() {
    let mut results = passing();
    results.extend([("core.a", Outcome::Error), ("core.a", Outcome::Pass)]);
    let report = eval(&[file(&results), file(&[("core.b", Outcome::Skip)])], &[]);
    assert_eq!(case(&report, "core.a").outcome, CaseOutcome::Error);
    assert_eq!(case(&report, "core.b").outcome, CaseOutcome::Skip);
}

#[test]
fn failures_are_classified_by_result_then_catalogue_then_layer() {
    let mut carried = file(&[("core.a", Outcome::Fail)]);
    carried.results[0].classification = Some(Classification::Integration);
    let others = file(&[("core.b", Outcome::Fail), ("extra.a", Outcome::Fail), ("core.old", Outcome::Fail)]);
    let report = eval(&[carried, others], &[]);
    assert_eq!(case(&report, "core.a").classification, Classification::Integration);
    assert_eq!(case(&report, "core.b").classification, Classification::Binding);
    assert_eq!(case(&report, "extra.a").classification, Classification::Performance);
    assert_eq!(case(&report, "core.old").classification, Classification::Unclassified);
    let groups: Vec<_> = gate(&report, "core").failures_by_classification.keys().copied().collect();
    assert_eq!(groups, [Classification::Binding, Classification::Integration]);
}

#[test]
fn a_case_report_for_another_suite_line_is_refused() {
    let mut report = file(&passing());
    report.format = ResultFormat::CaseReport;
    report.suite = Some("line-2".to_owned());
    let Err(Error::Config(errors)) = evaluate(&profile(), &[report], &Capabilities::default(), Instant(0)) else {
        panic!("accepted another suite line")
    };
    assert!(errors[0].message.contains("suite line `line-2`, but profile `p` is for `line-1`"), "{}", errors[0]);
}

fn junit(entries: &[(Option<&str>, &str, &str, Outcome)]) -> ResultFile {
    let mut f = file(&[]);
    f.format = ResultFormat::Junit;
    f.results = entries
        .iter()
        .enumerate()
        .map(|(i, (case_id, classname, name, outcome))| RawResult {
            name: ResultName::Junit {
                case_id: case_id.map(str::to_owned),
                classname: (*classname).to_owned(),
                name: (*name).to_owned(),
            },
            outcome: *outcome,
            classification: None,
            evidence: Vec::new(),
            line: Some(i + 2),
        })
        .collect();
    f
}

#[test]
fn junit_names_a_case_by_property_then_classname_then_name() {
    let results = junit(&[
        (Some("core.a"), "bin", "whatever", Outcome::Fail),
        (None, "core", "b", Outcome::Pass),
        (None, "bin", "extra.a", Outcome::Pass),
        (Some("not.a.case"), "", "core.a", Outcome::Pass),
    ]);
    let report = eval(&[results], &[]);
    assert_eq!(case(&report, "core.a").outcome, CaseOutcome::Fail);
    assert_eq!(case(&report, "core.b").outcome, CaseOutcome::NotRun, "`core::b` is not `core.b`");
    assert_eq!(case(&report, "extra.a").outcome, CaseOutcome::Pass);
    assert_eq!(report.warnings.len(), 1);
    assert_eq!(report.warnings[0].result, "core::b");
}

#[test]
fn a_name_matching_cases_in_two_binaries_is_an_error_naming_both() {
    let results = junit(&[(None, "crate", "core.a", Outcome::Pass), (None, "crate::it", "core.a", Outcome::Pass)]);
    let Err(Error::Config(errors)) = evaluate(&profile(), &[results], &Capabilities::default(), Instant(0)) else {
        panic!("an ambiguous name was accepted")
    };
    let message = &errors[0].message;
    assert!(message.contains("`core.a` matches results in two test binaries"), "{message}");
    assert!(
        message.contains("`crate` (results.json:2)") && message.contains("`crate::it` (results.json:3)"),
        "{message}"
    );
    let same_binary = junit(&[(None, "crate", "core.a", Outcome::Pass), (None, "crate", "core.a", Outcome::Fail)]);
    assert!(evaluate(&profile(), &[same_binary], &Capabilities::default(), Instant(0)).is_ok());
}
