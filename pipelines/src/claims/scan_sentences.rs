//! Sentence splitting: Unicode sentence boundaries (UAX #29, which already keeps versions such as
//! `1.2.3`, decimals and `e.g.` before a lowercase word together), then rejoined after common
//! abbreviations and initials (`e.g. Rust`, `vs. Go`, `Dr. Smith`, `J. Doe`), which UAX #29 splits
//! when a capital follows. Inline code counts as a word: a `.` inside it ends nothing.

use std::ops::Range;

use unicode_segmentation::UnicodeSegmentation as _;

/// Abbreviations after which a capitalised word does not start a sentence (lowercase, with dots).
const ABBREVIATIONS: &[&str] = &[
    "al.", "approx.", "ca.", "cf.", "dr.", "e.g.", "eg.", "esp.", "fig.", "i.e.", "ie.", "incl.", "jr.", "mr.", "mrs.",
    "nr.", "pp.", "prof.", "resp.", "sr.", "st.", "vol.", "vs.", "viz.",
];

/// The sentences of `text` as trimmed byte ranges; `code` ranges are single words.
#[must_use]
pub fn sentences(text: &str, code: &[Range<usize>]) -> Vec<Range<usize>> {
    let masked = mask(text, code);
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut pending: Option<Range<usize>> = None;
    for (start, segment) in masked.split_sentence_bound_indices() {
        let range = match pending.take() {
            Some(open) => open.start..start + segment.len(),
            None => start..start + segment.len(),
        };
        if continues(&masked[range.clone()]) {
            pending = Some(range);
        } else {
            out.push(range);
        }
    }
    out.extend(pending);
    out.into_iter().filter_map(|r| trim(&masked, r)).collect()
}

/// `text` with every code range replaced by `x`s of the same byte length.
pub fn mask(text: &str, code: &[Range<usize>]) -> String {
    if code.is_empty() {
        return text.to_owned();
    }
    let mut masked = String::with_capacity(text.len());
    let mut at = 0;
    for range in code {
        if range.start < at || range.end > text.len() {
            continue;
        }
        masked.push_str(&text[at..range.start]);
        masked.extend(std::iter::repeat_n('x', range.len()));
        at = range.end;
    }
    masked.push_str(&text[at..]);
    masked
}

/// Whether a segment ends in an abbreviation or an initial, so the next segment continues it.
fn continues(segment: &str) -> bool {
    let trimmed = segment.trim_end();
    if !trimmed.ends_with('.') {
        return false;
    }
    let last = trimmed.rsplit(char::is_whitespace).next().unwrap_or(trimmed);
    let last = last.trim_start_matches(['(', '[', '"', '\'', '“', '‘']);
    let lower = last.to_lowercase();
    if ABBREVIATIONS.contains(&lower.as_str()) {
        return true;
    }
    // An initial: one capital letter and a dot (`J. Doe`, `U.S. Army`).
    let mut chars = last.chars();
    let initial = matches!((chars.next(), chars.next(), chars.next()), (Some(c), Some('.'), None) if c.is_uppercase());
    initial || is_dotted_initials(last)
}

/// `U.S.`, `U.K.`: capitals each followed by a dot.
fn is_dotted_initials(word: &str) -> bool {
    let chars: Vec<char> = word.chars().collect();
    chars.len() >= 4 && chars.chunks(2).all(|pair| matches!(pair, [c, '.'] if c.is_uppercase()))
}

fn trim(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let slice = &text[range.clone()];
    let start = range.start + (slice.len() - slice.trim_start().len());
    let end = range.start + slice.trim_end().len();
    (start < end && text[start..end].chars().any(char::is_alphanumeric)).then_some(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text, &[]).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn abbreviations_versions_and_decimals_do_not_split() {
        assert_eq!(
            split("It is fast, e.g. Rust vs. Go. Version 1.2.3 passes 99.9% of cases. Ask Dr. Smith."),
            ["It is fast, e.g. Rust vs. Go.", "Version 1.2.3 passes 99.9% of cases.", "Ask Dr. Smith."]
        );
        assert_eq!(
            split("Made in the U.S. Army labs. J. Doe agrees!"),
            ["Made in the U.S. Army labs.", "J. Doe agrees!"]
        );
        assert_eq!(split("It costs 3.50 dollars i.e. Little. Next?"), ["It costs 3.50 dollars i.e. Little.", "Next?"]);
    }

    #[test]
    fn code_is_one_word() {
        let text = "Run x. Then y.";
        assert_eq!(sentences(text, std::slice::from_ref(&(4..5))), [0..6, 7..14]);
        // Block text holds inline code without its backticks: `a. B` here.
        let text = "Run a. B now. Done.";
        assert_eq!(sentences(text, std::slice::from_ref(&(4..8))), [0..13, 14..19]);
    }

    #[test]
    fn whitespace_and_punctuation_only_are_not_sentences() {
        assert!(split("  ...  ").is_empty());
        assert_eq!(split("One.\n\nTwo."), ["One.", "Two."]);
    }
}
