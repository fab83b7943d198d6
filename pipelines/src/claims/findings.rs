//! The four findings of `claims` (PRODUCT.md §7), each pointing at the sentence it is about:
//! `claims/unbacked` (claim language, no claim), `claims/unknown` (a reference to no claim),
//! `claims/unsupported` (a claim whose evidence is not all satisfied) and `claims/orphan` (a
//! claim referenced nowhere; not reported when only some files are scanned).

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use gate_core::config::did_you_mean;
use gate_core::finding::{Finding, Location, Severity};

use super::docs::Doc;
use super::link::{At, Links};
use super::model::Claim;
use super::requirement::CompiledClaim;

/// Where a sentence is in its file.
pub fn sentence_location(doc: &Doc, index: usize) -> Location {
    span_location(doc, &doc.sentences[index].source)
}

fn span_location(doc: &Doc, span: &Range<usize>) -> Location {
    let (start, end) = doc.file.range(span);
    Location { file: doc.file.name.clone(), start, end }
}

/// Every finding, unsorted, at its default severity.
pub fn findings(
    docs: &[Doc],
    claims: &[Claim],
    links: &Links,
    compiled: &BTreeMap<String, CompiledClaim>,
    every_file: bool,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        for (s, sentence) in doc.sentences.iter().enumerate() {
            let at = (d, s);
            if sentence.triggers.is_empty() || links.tied.contains_key(&at) || links.referencing.contains(&at) {
                continue;
            }
            let words: Vec<String> = sentence.triggers.iter().map(|t| format!("`{t}`")).collect();
            out.push(
                Finding::new(
                    "claims/unbacked",
                    sentence_location(doc, s),
                    format!("claim language ({}) with no reference to a registered claim", words.join(", ")),
                )
                .with_help(
                    "register the claim in claims/ and add `<!-- claim: <id> -->` to this paragraph, write the \
                     claim's `text` verbatim, or rephrase without the claim words",
                ),
            );
        }
    }
    let ids: Vec<&str> = claims.iter().map(|c| c.id.as_str()).collect();
    for (d, span, id) in &links.unknown {
        let help = match did_you_mean(id, ids.iter().copied()) {
            Some(close) => format!("did you mean `{close}`?"),
            None if ids.is_empty() => "no claims are registered in claims/".to_owned(),
            None => format!("registered claims: {}", ids.join(", ")),
        };
        let message = if id.is_empty() {
            "`<!-- claim: -->` names no claim".to_owned()
        } else {
            format!("`<!-- claim: {id} -->` references no registered claim")
        };
        out.push(Finding::new("claims/unknown", span_location(&docs[*d], span), message).with_help(help));
    }
    for claim in claims {
        let Some(compiled) = compiled.get(&claim.id) else {
            continue;
        };
        if !compiled.backed {
            out.extend(unsupported(docs, claim, compiled, links));
        }
        if every_file && !links.mentions(&claim.id) {
            out.push(
                Finding::new(
                    "claims/orphan",
                    claim.location.clone(),
                    format!("claim `{}` is referenced nowhere in the scanned documents", claim.id),
                )
                .severity(Severity::Warning)
                .with_help(format!(
                    "add `<!-- claim: {} -->` beside the sentence that makes it, or remove {}",
                    claim.id, claim.file
                )),
            );
        }
    }
    out
}

fn unsupported(docs: &[Doc], claim: &Claim, compiled: &CompiledClaim, links: &Links) -> Vec<Finding> {
    let message = format!("claim `{}` is not backed by its evidence: {}", claim.id, compiled.unmet_summary());
    let help =
        format!("`cargo gate claims --explain {}` lists its requirements and the commands that produce them", claim.id);
    let anchors: BTreeSet<At> = links.anchors.get(&claim.id).cloned().unwrap_or_default();
    let mut locations: Vec<Location> = anchors.iter().map(|&(d, s)| sentence_location(&docs[d], s)).collect();
    for (d, span) in links.loose.get(&claim.id).into_iter().flatten() {
        locations.push(span_location(&docs[*d], span));
    }
    if locations.is_empty() {
        locations.push(claim.location.clone());
    }
    locations
        .into_iter()
        .map(|location| Finding::new("claims/unsupported", location, message.clone()).with_help(help.clone()))
        .collect()
}
