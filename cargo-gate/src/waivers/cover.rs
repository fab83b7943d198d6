//! Waivers meet findings: which finding an acceptable waiver covers, and the `waiver/*`
//! findings for every problem (including `unused`).

use lints::decide::pattern_matches;
use lints::finding::{Finding, Location, Severity};
use lints::text::Position;

use super::parse::{LoadedWaiver, Waiver};
use super::status::{Judged, Problem};

/// Marks the findings acceptable waivers cover (`waived_by`) and returns the `waiver/*`
/// findings: every problem, plus `unused` for an acceptable waiver that covered nothing (only
/// when `detect_unused`: with `-p`, unchecked crates would make every other waiver look unused).
pub fn apply(findings: &mut [Finding], judged: &[Judged<'_>], detect_unused: bool) -> Vec<Finding> {
    let mut used = vec![false; judged.len()];
    for finding in findings.iter_mut().filter(|f| !f.rule.starts_with("waiver/")) {
        let cover =
            judged.iter().enumerate().find(|(_, j)| j.acceptable() && j.waiver().is_some_and(|w| covers(w, finding)));
        if let Some((i, j)) = cover {
            used[i] = true;
            finding.waived_by = j.waiver().map(|w| w.id.value.clone());
        }
    }
    let mut out = Vec::new();
    for (judged, used) in judged.iter().zip(used) {
        for problem in &judged.problems {
            out.push(problem_finding(judged, problem));
        }
        if detect_unused && judged.acceptable() && !used {
            let w = judged.waiver();
            let id = w.map_or_else(String::new, |w| w.id.value.clone());
            let unused = Problem {
                kind: "unused",
                severity: Severity::Warning,
                message: format!("waiver `{id}` covers no finding"),
                help: Some("the exception is no longer needed: delete the waiver file".to_owned()),
                span: w.map(|w| w.id.span.clone()),
            };
            out.push(problem_finding(judged, &unused));
        }
    }
    out
}

/// Whether waiver `w` covers `finding`: the rule matches and every scope field given matches.
#[must_use]
pub fn covers(w: &Waiver, finding: &Finding) -> bool {
    let rule_matches = match w.rule.strip_suffix("/*") {
        Some(_) => pattern_matches(&w.rule, &finding.rule) && finding.rule != w.rule.trim_end_matches("/*"),
        None => w.rule == finding.rule,
    };
    rule_matches
        && w.krate.as_ref().is_none_or(|g| finding.krate.as_deref().is_some_and(|c| g.matches(c)))
        && w.path.as_ref().is_none_or(|g| g.matches(finding.location.file.as_str()))
        && w.dependency.as_ref().is_none_or(|g| finding.dependency.as_deref().is_some_and(|d| g.matches(d)))
        && w.item.as_ref().is_none_or(|g| finding.item.as_deref().is_some_and(|item| item_matches(g, item)))
}

/// An item glob matches the full fn path or any `::`-suffix of it, so `LegacyStore::*` covers
/// `product::storage::LegacyStore::open`.
fn item_matches(glob: &lints::glob::Glob, item: &str) -> bool {
    glob.matches(item) || item.match_indices("::").any(|(i, _)| glob.matches(&item[i + 2..]))
}

fn problem_finding(judged: &Judged<'_>, problem: &Problem) -> Finding {
    let (file, location) = match judged.loaded {
        LoadedWaiver::Ok(w) => {
            let span = problem.span.clone().unwrap_or_else(|| w.id.span.clone());
            let (start, end) = w.file.range(&span);
            (w.file.name.clone(), Location { file: w.file.name.clone(), start, end })
        }
        LoadedWaiver::Invalid { file, error, .. } => {
            let start = error.position.unwrap_or(Position { line: 1, column: 1 });
            (file.clone(), Location { file: file.clone(), start, end: start })
        }
    };
    let id = match judged.loaded {
        LoadedWaiver::Ok(w) => w.id.value.clone(),
        LoadedWaiver::Invalid { id, .. } => id.clone().unwrap_or_else(|| file.to_string()),
    };
    let mut finding = Finding::new(format!("waiver/{}", problem.kind), location, problem.message.clone())
        .with_item(id)
        .severity(problem.severity);
    finding.help.clone_from(&problem.help);
    finding
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::waivers::LoadedWaiver;
    use lints::config::ConfigDoc;
    use lints::text::SourceFile;

    fn waiver(scope: &str) -> Waiver {
        let text = format!(
            "id = \"W-1\"\nrule = \"ambient/*\"\n{scope}\nrationale = \"r\"\nrisk = \"r\"\nowner = \"o\"\ncreated = 2026-11-01\nexpires = 2026-12-01\n"
        );
        let doc = ConfigDoc::parse(SourceFile::new("waivers/W-1.toml", text)).unwrap();
        let loaded = super::super::parse::tests_support::read(&doc);
        match loaded {
            LoadedWaiver::Ok(w) => *w,
            LoadedWaiver::Invalid { error, .. } => panic!("{error}"),
        }
    }

    fn finding(rule: &str, file: &str, item: &str) -> Finding {
        let start = Position { line: 3, column: 5 };
        Finding::new(rule, Location { file: file.into(), start, end: start }, "m").in_crate("product").with_item(item)
    }

    #[test]
    fn item_globs_match_the_path_or_any_suffix() {
        let w = waiver("crate = \"product\"\nitem = \"LegacyStore::*\"");
        assert!(covers(
            &w,
            &finding("ambient/fs", "crates/product/src/storage.rs", "product::storage::LegacyStore::open")
        ));
        assert!(!covers(&w, &finding("ambient/fs", "crates/product/src/storage.rs", "product::storage::Store::open")));
        assert!(!covers(&w, &finding("layer", "crates/product/src/storage.rs", "product::storage::LegacyStore::open")));
    }

    #[test]
    fn path_globs_match_the_finding_file() {
        let w = waiver("path = \"crates/product/src/control/**\"");
        assert!(covers(&w, &finding("ambient/net", "crates/product/src/control/probe.rs", "product::control::probe")));
        assert!(!covers(&w, &finding("ambient/net", "crates/product/src/storage.rs", "product::storage::open")));
    }
}
