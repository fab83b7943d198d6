//! Claim language (PRODUCT.md §7): the built-in lexicon of comparatives and superlatives,
//! multipliers and percentages, absolutes and trust words, adjusted by `[claims] lexicon`.
//!
//! Matching is by whole word and by word form: each entry lists its forms (`guarantee`,
//! `guarantees`, `guaranteed`, `guaranteeing`), so `verified` is claim language and `verify` is
//! not. Multipliers (`3x`, `3×`, `1.5x`) and percentages (`99.9%`, `100%`) are patterns. Words in
//! a negating compound (`non-zero`) or an idiom (`best-effort`) are not claims. Inline code,
//! link targets and bare URLs never count.

use std::collections::BTreeMap;
use std::ops::Range;

/// The built-in entries: a headword and its forms.
const BUILT_IN: &[(&str, &[&str])] = &[
    // Comparatives and superlatives.
    ("faster", &["faster", "fastest"]),
    ("quicker", &["quicker", "quickest"]),
    ("slower", &["slower", "slowest"]),
    ("better", &["better", "best"]),
    ("smaller", &["smaller", "smallest"]),
    ("lighter", &["lighter", "lightest"]),
    ("leaner", &["leaner", "leanest"]),
    ("cheaper", &["cheaper", "cheapest"]),
    ("safer", &["safer", "safest"]),
    ("outperform", &["outperform", "outperforms", "outperformed", "outperforming"]),
    ("unmatched", &["unmatched", "unparalleled", "unrivaled", "unrivalled"]),
    ("blazing", &["blazing"]),
    // Absolutes.
    ("zero", &["zero"]),
    ("never", &["never"]),
    ("always", &["always"]),
    ("guarantee", &["guarantee", "guarantees", "guaranteed", "guaranteeing"]),
    ("impossible", &["impossible"]),
    ("unbreakable", &["unbreakable", "bulletproof", "foolproof", "infallible", "flawless"]),
    // Trust words.
    ("secure", &["secure", "securely"]),
    ("proven", &["proven", "provably"]),
    ("certified", &["certified"]),
    ("compliant", &["compliant"]),
    ("verified", &["verified"]),
];

/// The headwords of the two patterns, as `remove` names them.
const MULTIPLIER: &str = "Nx";
const PERCENTAGE: &str = "N%";

/// The claim-language triggers in force.
#[derive(Clone, Debug)]
pub struct Lexicon {
    words: BTreeMap<String, String>,
    phrases: Vec<Vec<String>>,
    multipliers: bool,
    percentages: bool,
}

impl Lexicon {
    /// The built-in lexicon with `extra` words or phrases added and `remove` entries removed
    /// (an entry is removed by its headword or any of its forms; `Nx` and `N%`, or any multiplier
    /// or percentage, remove the patterns).
    ///
    /// # Errors
    /// One (entry, message) per `remove` that names no entry, and per `extra` with no word in it.
    pub fn new(extra: &[String], remove: &[String]) -> Result<Self, Vec<(String, String)>> {
        let mut lexicon = Self { words: BTreeMap::new(), phrases: Vec::new(), multipliers: true, percentages: true };
        let mut errors = Vec::new();
        let mut removed: Vec<&str> = Vec::new();
        for word in remove {
            let lower = word.trim().to_lowercase();
            if lower == MULTIPLIER.to_lowercase() || is_multiplier(&lower) {
                lexicon.multipliers = false;
            } else if lower == PERCENTAGE.to_lowercase() || is_percentage(&lower) {
                lexicon.percentages = false;
            } else if let Some((head, _)) =
                BUILT_IN.iter().find(|(h, forms)| *h == lower || forms.contains(&lower.as_str()))
            {
                removed.push(head);
            } else {
                let known = BUILT_IN.iter().flat_map(|(_, forms)| forms.iter().copied());
                let hint = gate_core::config::did_you_mean(&lower, known).map(|s| format!(" (did you mean `{s}`?)"));
                let message = format!(
                    "`[claims] lexicon.remove` names `{word}`, which is not in the built-in lexicon{}",
                    hint.unwrap_or_default()
                );
                errors.push((word.clone(), message));
            }
        }
        for (head, forms) in BUILT_IN.iter().filter(|(h, _)| !removed.contains(h)) {
            lexicon.words.extend(forms.iter().map(|f| ((*f).to_owned(), (*head).to_owned())));
        }
        for phrase in extra {
            let tokens: Vec<String> = tokens(phrase).into_iter().map(|t| t.lower).collect();
            match tokens.as_slice() {
                [] => errors
                    .push((phrase.clone(), format!("`[claims] lexicon.extra` entry `{phrase}` has no word in it"))),
                [word] => {
                    lexicon.words.insert(word.clone(), word.clone());
                }
                _ => lexicon.phrases.push(tokens),
            }
        }
        if errors.is_empty() {
            Ok(lexicon)
        } else {
            Err(errors)
        }
    }

    /// The claim words in `text` as written, in order, each once; `skip` ranges are not prose.
    #[must_use]
    pub fn triggers(&self, text: &str, skip: &[Range<usize>]) -> Vec<String> {
        let urls = url_ranges(text);
        let overlaps = |r: &Range<usize>| skip.iter().chain(&urls).any(|s| s.start < r.end && r.start < s.end);
        let all = tokens(text);
        let words: Vec<&Token> = all.iter().filter(|t| !overlaps(&t.range)).collect();
        let mut found: Vec<Range<usize>> = Vec::new();
        for (i, token) in words.iter().enumerate() {
            let previous = i.checked_sub(1).map(|p| words[p]);
            let next = words.get(i + 1);
            if token.after_hyphen && previous.is_some_and(|p| p.lower == "non") {
                continue;
            }
            if token.lower == "best" && next.is_some_and(|n| n.after_hyphen && n.lower == "effort") {
                continue;
            }
            let hit = self.words.contains_key(&token.lower)
                || (self.multipliers && is_multiplier(&token.lower))
                || (self.percentages && is_percentage(&token.lower));
            if hit {
                found.push(token.range.clone());
            }
            for phrase in &self.phrases {
                let window = words.get(i..i + phrase.len());
                if window.is_some_and(|w| w.iter().zip(phrase).all(|(t, p)| t.lower == *p)) {
                    found.push(token.range.start..words[i + phrase.len() - 1].range.end);
                }
            }
        }
        let mut out: Vec<String> = Vec::new();
        for range in found {
            let word = text[range].to_owned();
            if !out.contains(&word) {
                out.push(word);
            }
        }
        out
    }
}

#[derive(Debug)]
struct Token {
    lower: String,
    range: Range<usize>,
    /// Joined to the previous word by a hyphen (`non-zero`, `best-effort`).
    after_hyphen: bool,
}

fn tokens(text: &str) -> Vec<Token> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let is_word = |c: char| c.is_alphanumeric() || matches!(c, '×' | '%' | '\'' | '’');
    let digit_at = |i: usize| chars.get(i).is_some_and(|(_, c)| c.is_ascii_digit());
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !is_word(chars[i].1) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len()
            && (is_word(chars[i].1)
                || (matches!(chars[i].1, '.' | ',') && i > start && digit_at(i - 1) && digit_at(i + 1)))
        {
            i += 1;
        }
        let begin = chars[start].0;
        let end = chars.get(i).map_or(text.len(), |(o, _)| *o);
        let word = text[begin..end].trim_matches(['\'', '’']);
        if word.is_empty() {
            continue;
        }
        let after_hyphen = start >= 2 && chars[start - 1].1 == '-' && chars[start - 2].1.is_alphanumeric();
        let offset = text[begin..end].find(word).unwrap_or(0);
        out.push(Token {
            lower: word.to_lowercase(),
            range: begin + offset..begin + offset + word.len(),
            after_hyphen,
        });
    }
    out
}

/// `3x`, `3×`, `1.5x`, `10×`.
fn is_multiplier(word: &str) -> bool {
    word.strip_suffix(['x', '×']).is_some_and(is_number)
}

/// `99.9%`, `100%`.
fn is_percentage(word: &str) -> bool {
    word.strip_suffix('%').is_some_and(is_number)
}

fn is_number(text: &str) -> bool {
    let digits = text.replace(',', "");
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let fraction = parts.next();
    !whole.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// Bare URLs (`scheme://…` up to whitespace): a target, not prose.
fn url_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for (at, _) in text.match_indices("://") {
        let start = text[..at]
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
            .last()
            .map_or(at, |(i, _)| i);
        let end = text[at..].find(char::is_whitespace).map_or(text.len(), |e| at + e);
        out.push(start..end);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon() -> Lexicon {
        Lexicon::new(&[], &[]).unwrap()
    }

    #[test]
    fn word_forms_and_patterns() {
        let l = lexicon();
        assert_eq!(l.triggers("It is guaranteed and formally verified.", &[]), ["guaranteed", "verified"]);
        assert!(l.triggers("We verify and guard the tree.", &[]).is_empty());
        assert_eq!(l.triggers("3x faster, 3× smaller, 10× cheaper, 99.9% uptime", &[]).len(), 7);
        assert_eq!(l.triggers("Up 1.5x and 100%.", &[]), ["1.5x", "100%"]);
        assert!(l.triggers("a 3x3 grid, 0x1F, x86, version 1.2.3", &[]).is_empty());
    }

    #[test]
    fn negations_idioms_code_and_urls_are_not_claims() {
        let l = lexicon();
        assert!(l.triggers("a non-zero exit, best-effort delivery", &[]).is_empty());
        assert_eq!(l.triggers("the best effort", &[]), ["best"]);
        let text = "see https://fastest.example/best and run fastest";
        assert_eq!(l.triggers(text, &[]), ["fastest"]);
        assert!(l.triggers(text, std::slice::from_ref(&(43..50))).is_empty());
    }

    #[test]
    fn extra_and_remove() {
        let l = Lexicon::new(
            &["blazing fast".into(), "Lightning".into()],
            &["never".into(), "guaranteed".into(), "N%".into()],
        )
        .unwrap();
        assert!(l.triggers("It never fails, guarantees 100% uptime.", &[]).is_empty());
        assert_eq!(l.triggers("Blazing  fast and lightning quick", &[]), ["Blazing", "Blazing  fast", "lightning"]);
        let errors = Lexicon::new(&["--".into()], &["fastset".into()]).unwrap_err();
        assert_eq!(errors.len(), 2);
        assert!(errors[0].1.contains("did you mean `faster`"), "{errors:?}");
    }
}
