//! The source half of `substrate/<id>`: modules under `paths` must go through the substrate,
//! so they may not reach the `banned` paths (resolved like `[ambient]`).

use crate::resolve::reaches;
use crate::rules::{Context, RuleOutput};
use gate_core::finding::{Finding, Location};
use gate_core::policy::Substrate;

/// Checks one `[[substrate]]`'s `paths` + `banned`, adding to `out`.
pub(crate) fn check(cx: &Context<'_>, rule: &Substrate, out: &mut RuleOutput) {
    let Some(index) = cx.source else { return };
    if rule.paths.is_empty() {
        return;
    }
    let id = format!("substrate/{}", rule.id);
    let mut files = 0;
    for analysis in index.in_scope(Some(&rule.paths), cx.packages) {
        files += 1;
        for path_use in &analysis.facts.uses {
            let banned = rule
                .banned
                .iter()
                .filter(|b| path_use.candidates.iter().any(|c| reaches(c, b)))
                .max_by_key(|b| b.len());
            let Some(banned) = banned else { continue };
            let location = Location { file: analysis.file.path.clone(), start: path_use.start, end: path_use.end };
            let root = banned.split("::").next().unwrap_or(banned);
            // A banned crate is the offending dependency (waivers can scope on it); std is not one.
            let dependency = (!matches!(root, "std" | "core" | "alloc")).then(|| root.to_owned());
            let mut finding = Finding::new(
                id.clone(),
                location,
                format!("`{}` reaches `{banned}`, which code under this substrate rule must not use", path_use.written),
            )
            .in_crate(analysis.file.krate.clone())
            .with_item(path_use.item.clone())
            .with_snippet(path_use.line.clone())
            .with_help(format!("go through `{}`, or record a signed waiver for `{id}`", rule.required));
            finding.dependency = dependency;
            out.findings.push(finding);
        }
    }
    let unreachable: Vec<&str> =
        index.unreachable_in_scope(Some(&rule.paths), cx.packages).map(|f| f.path.as_str()).collect();
    let examined = out.examined.entry(id.clone()).or_default();
    examined.files += files;
    examined.unreachable += unreachable.len();
    out.notes.extend(crate::source::unreachable_note(&format!("[[substrate]] {} paths", rule.id), &unreachable));
    if !index.any_in_scope(Some(&rule.paths)) {
        let what = crate::source::no_file_message("paths", index.unreachable_in_scope(Some(&rule.paths), &[]).count());
        out.findings.push(crate::graph::empty_scope(&id, &rule.origin, &what));
    }
}
