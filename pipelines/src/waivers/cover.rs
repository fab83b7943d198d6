//! Waivers meet findings: which finding an acceptable waiver covers, and the `waiver/*`
//! findings for every problem (including `unused`).

use gate_core::decide::pattern_matches;
use gate_core::finding::{Finding, Location};
use gate_core::text::Position;

use super::parse::{LoadedWaiver, Waiver};
use super::problem::{Problem, ProblemKind};
use super::status::Judged;

/// Marks the findings acceptable waivers cover (`waived_by`: of several, the one that expires
/// last) and returns the `waiver/*` findings: every problem, plus `unused` for an acceptable
/// waiver that covered nothing (only when `detect_unused`: with `-p`, unchecked crates would
/// make every other waiver look unused). `used[i]` says whether `judged[i]` covered a finding.
pub fn apply(findings: &mut [Finding], judged: &[Judged<'_>], detect_unused: bool) -> Applied {
    let mut used = vec![false; judged.len()];
    for finding in findings.iter_mut().filter(|f| !f.rule.starts_with("waiver/")) {
        let mut last: Option<&Waiver> = None;
        for (i, w) in
            judged.iter().enumerate().filter(|(_, j)| j.acceptable()).filter_map(|(i, j)| Some((i, j.waiver()?)))
        {
            if covers(w, finding) {
                used[i] = true;
                if last.is_none_or(|l| w.expires.value >= l.expires.value) {
                    last = Some(w);
                }
            }
        }
        if let Some(w) = last {
            finding.waived_by = Some(w.id.value.clone());
        }
    }
    let mut out = Vec::new();
    for (judged, used) in judged.iter().zip(&used) {
        for problem in &judged.problems {
            out.push(problem_finding(judged, problem));
        }
        if detect_unused
            && judged.acceptable()
            && !used
            && !judged.waiver().is_some_and(|w| hidden_by_parse_error(w, findings))
        {
            let w = judged.waiver();
            let id = w.map_or_else(String::new, |w| w.id.value.clone());
            let unused = Problem::warning(
                ProblemKind::Unused,
                format!("waiver `{id}` covers no finding"),
                "the exception is no longer needed: delete the waiver file",
                w.map(|w| w.id.span.clone()),
            );
            out.push(problem_finding(judged, &unused));
        }
    }
    Applied { findings: out, used }
}

/// Whether a file the waiver's scope selects failed to parse: what it covers there cannot be
/// seen, so it is not called unused (and its deletion not advised).
fn hidden_by_parse_error(w: &Waiver, findings: &[Finding]) -> bool {
    findings.iter().filter(|f| f.rule == "parse").any(|f| {
        w.path.as_ref().is_none_or(|g| g.matches(f.location.file.as_str()))
            && w.krate.as_ref().is_none_or(|g| f.krate.as_deref().is_some_and(|c| g.matches(c)))
    })
}

/// What covering findings produced.
#[derive(Debug)]
pub struct Applied {
    /// The `waiver/*` findings.
    pub findings: Vec<Finding>,
    /// Whether each judged waiver covered at least one finding.
    pub used: Vec<bool>,
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
        && w.item.as_ref().is_none_or(|scope| {
            finding.item.as_deref().is_some_and(|item| scope.globs.iter().any(|g| item_matches(g, item)))
        })
}

/// An item glob matches the full fn path or any `::`-suffix of it, so `LegacyStore::*` covers
/// `product::storage::LegacyStore::open`.
fn item_matches(glob: &gate_core::glob::Glob, item: &str) -> bool {
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
    let mut finding = Finding::new(format!("waiver/{}", problem.kind.as_str()), location, problem.message.clone())
        .with_item(id)
        .severity(problem.severity);
    finding.help.clone_from(&problem.help);
    finding
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::waivers::LoadedWaiver;
    use gate_core::config::ConfigDoc;
    use gate_core::text::SourceFile;

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
    fn an_item_list_covers_each_listed_fn_and_no_other() {
        let w = waiver("path = \"crates/product/src/control/rollout.rs\"\nitem = [\"product::control::rollout::probe\", \"Store::open\"]");
        let file = "crates/product/src/control/rollout.rs";
        assert!(covers(&w, &finding("ambient/net", file, "product::control::rollout::probe")));
        assert!(covers(&w, &finding("ambient/net", file, "product::control::rollout::Store::open")));
        assert!(!covers(&w, &finding("ambient/net", file, "product::control::rollout::other")));
        assert_eq!(
            w.scope(),
            "path=crates/product/src/control/rollout.rs item=[product::control::rollout::probe,Store::open]"
        );
    }

    #[test]
    fn path_globs_match_the_finding_file() {
        let w = waiver("path = \"crates/product/src/control/**\"");
        assert!(covers(&w, &finding("ambient/net", "crates/product/src/control/probe.rs", "product::control::probe")));
        assert!(!covers(&w, &finding("ambient/net", "crates/product/src/storage.rs", "product::storage::open")));
    }
}
