//! Tying sentences to claims: a sentence is tied to a claim when its paragraph carries
//! `<!-- claim: id -->` or when it is the claim's `text` verbatim (whitespace, inline markup and a
//! final `.`/`!` aside; a `text` of several sentences matches the same run of sentences).

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use super::docs::{collapse, Doc};
use super::model::Claim;
use super::scan::scan;
use super::scan_sentences::sentences;

/// Where a sentence is: document and sentence index.
pub type At = (usize, usize);

/// Every tie between the documents and the registered claims.
#[derive(Debug, Default)]
pub struct Links {
    /// Claim ids each sentence is tied to, verbatim or by its paragraph's references.
    pub tied: BTreeMap<At, BTreeSet<String>>,
    /// Sentences whose paragraph carries references (known or not).
    pub referencing: BTreeSet<At>,
    /// For each claim, the sentences that make it (where its findings point).
    pub anchors: BTreeMap<String, BTreeSet<At>>,
    /// For each claim, references that tie to no sentence: (document, comment source range).
    pub loose: BTreeMap<String, Vec<(usize, Range<usize>)>>,
    /// References to no registered claim: (document, comment source range, id as written).
    pub unknown: Vec<(usize, Range<usize>, String)>,
}

impl Links {
    /// Whether anything in the documents refers to `id`.
    #[must_use]
    pub fn mentions(&self, id: &str) -> bool {
        self.anchors.get(id).is_some_and(|a| !a.is_empty()) || self.loose.contains_key(id)
    }
}

/// A claim's `text` as it would read in a document, split into sentences.
fn claim_sentences(text: &str) -> Vec<String> {
    let Ok(scanned) = scan(text) else {
        return vec![normalize(text)];
    };
    let mut out = Vec::new();
    for block in &scanned.blocks {
        out.extend(sentences(&block.text, &block.code).into_iter().map(|r| normalize(&block.text[r])));
    }
    if out.is_empty() {
        out.push(normalize(text));
    }
    out
}

/// Whitespace collapsed and a final `.` or `!` dropped.
fn normalize(text: &str) -> String {
    collapse(text).trim_end_matches(['.', '!']).trim_end().to_owned()
}

/// Finds every tie.
#[must_use]
pub fn link(docs: &[Doc], claims: &[Claim]) -> Links {
    let known: BTreeSet<&str> = claims.iter().map(|c| c.id.as_str()).collect();
    let texts: Vec<(&str, Vec<String>)> = claims.iter().map(|c| (c.id.as_str(), claim_sentences(&c.text))).collect();
    let mut links = Links::default();
    for (d, doc) in docs.iter().enumerate() {
        exact_matches(d, doc, &texts, &mut links);
        references(d, doc, &known, &mut links);
    }
    links
}

fn exact_matches(d: usize, doc: &Doc, texts: &[(&str, Vec<String>)], links: &mut Links) {
    let normalized: Vec<String> = doc.sentences.iter().map(|s| normalize(&doc.text(s))).collect();
    for (id, parts) in texts {
        let n = parts.len();
        for start in 0..doc.sentences.len().saturating_sub(n - 1) {
            let window = start..start + n;
            let same_block = doc.sentences[window.clone()].iter().all(|s| s.block == doc.sentences[start].block);
            if same_block && normalized[window.clone()] == parts[..] {
                for s in window {
                    links.tied.entry((d, s)).or_default().insert((*id).to_owned());
                    links.anchors.entry((*id).to_owned()).or_default().insert((d, s));
                }
            }
        }
    }
}

fn references(d: usize, doc: &Doc, known: &BTreeSet<&str>, links: &mut Links) {
    // Sentences by paragraph group.
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (s, sentence) in doc.sentences.iter().enumerate() {
        groups.entry(doc.blocks[sentence.block].group).or_default().push(s);
    }
    for reference in &doc.refs {
        let members = reference.group.and_then(|g| groups.get(&g)).map_or(&[][..], Vec::as_slice);
        for &s in members {
            links.referencing.insert((d, s));
        }
        let ids: Vec<String> = if reference.ids.is_empty() { vec![String::new()] } else { reference.ids.clone() };
        for id in ids {
            if !known.contains(id.as_str()) {
                links.unknown.push((d, reference.source.clone(), id));
                continue;
            }
            for &s in members {
                links.tied.entry((d, s)).or_default().insert(id.clone());
            }
            let anchors = anchors_of(doc, members, reference.source.start);
            if anchors.is_empty() {
                links.loose.entry(id.clone()).or_default().push((d, reference.source.clone()));
            }
            links.anchors.entry(id).or_default().extend(anchors.into_iter().map(|s| (d, s)));
        }
    }
}

/// The sentences a reference's findings point at: those of its paragraph with claim language,
/// else the sentence the comment follows (or the paragraph's first).
fn anchors_of(doc: &Doc, members: &[usize], comment: usize) -> Vec<usize> {
    let claiming: Vec<usize> = members.iter().copied().filter(|&s| !doc.sentences[s].triggers.is_empty()).collect();
    if !claiming.is_empty() {
        return claiming;
    }
    let before = members.iter().copied().rev().find(|&s| doc.sentences[s].source.start <= comment);
    before.or_else(|| members.first().copied()).into_iter().collect()
}
