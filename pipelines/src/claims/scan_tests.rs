//! Unit tests of the scanner as a whole: Markdown in, sentences with spans, claim words and
//! references out.

use gate_core::text::SourceFile;

use super::docs::{parse_doc, Doc};
use super::scan::BlockKind;
use super::scan_lexicon::Lexicon;

fn doc(text: &str) -> Doc {
    parse_doc(SourceFile::new("doc.md", text), &Lexicon::new(&[], &[]).unwrap()).unwrap()
}

/// Each sentence: its text, its claim words, its start line.
fn sentences(doc: &Doc) -> Vec<(String, Vec<String>, usize)> {
    doc.sentences.iter().map(|s| (doc.text(s), s.triggers.clone(), doc.file.position(s.source.start).line)).collect()
}

#[test]
fn lists_tables_and_headings_are_sentences_of_their_own() {
    let d = doc("# The fastest gate\n\nIntro text\n- never slow\n- second item\n  - nested best\n\n| a | b |\n|---|---|\n| 3x | plain |\n");
    let got = sentences(&d);
    let texts: Vec<&str> = got.iter().map(|(t, _, _)| t.as_str()).collect();
    assert_eq!(
        texts,
        ["The fastest gate", "Intro text", "never slow", "second item", "nested best", "a", "b", "3x", "plain"]
    );
    let kinds: Vec<BlockKind> = d.sentences.iter().map(|s| d.blocks[s.block].kind).collect();
    assert_eq!(kinds[0], BlockKind::Heading);
    assert_eq!(kinds[2], BlockKind::ListItem);
    assert_eq!(kinds[7], BlockKind::TableCell);
    assert_eq!(got[0].1, ["fastest"]);
    assert_eq!(got[4].1, ["best"]);
    assert_eq!(got[7].1, ["3x"]);
    assert_eq!(got[7].2, 10);
}

#[test]
fn code_html_comments_and_link_targets_are_not_text() {
    let text = "Run `fastest` now, see [the docs](https://best.example/fastest) or <https://secure.example>.\n\n\
                ```\nnever always 100%\n```\n\n<!-- the fastest, always -->\n\n    indented code is never text\n";
    let d = doc(text);
    let got = sentences(&d);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "Run fastest now, see the docs or https://secure.example.");
    assert!(got[0].1.is_empty(), "{got:?}");
}

#[test]
fn abbreviations_versions_and_decimals_keep_sentences_whole() {
    let d = doc("Tools, e.g. Rust vs. Go, are here. Version 1.2.3 costs 0.5 ms. Done.\n");
    let texts: Vec<String> = sentences(&d).into_iter().map(|(t, _, _)| t).collect();
    assert_eq!(texts, ["Tools, e.g. Rust vs. Go, are here.", "Version 1.2.3 costs 0.5 ms.", "Done."]);
}

#[test]
fn sentence_spans_point_into_the_source() {
    let text = "First line here.\nIt is **3x faster** than\nbefore. Last.\n";
    let d = doc(text);
    let second = &d.sentences[1];
    assert_eq!(&text[second.source.clone()], "It is **3x faster** than\nbefore.");
    assert_eq!(d.file.position(second.source.start), gate_core::text::Position { line: 2, column: 1 });
    assert_eq!(sentences(&d)[1].1, ["3x", "faster"]);
}

#[test]
fn references_belong_to_their_paragraph() {
    let text = "\
It is fast. <!-- claim: a -->

Standalone after.
<!-- claim: b -->

<!-- claim: c -->
Standalone before.

Loose paragraph.

<!-- claim: d -->

| x | y <!-- claim: e --> |
|---|---|
| 1 | 2 |
";
    let d = doc(text);
    let group_of = |sentence: &str| {
        let s = d.sentences.iter().find(|s| d.text(s) == sentence).unwrap();
        Some(d.blocks[s.block].group)
    };
    let refs: Vec<(String, Option<usize>)> = d.refs.iter().map(|r| (r.ids.join(","), r.group)).collect();
    assert_eq!(refs[0], ("a".to_owned(), group_of("It is fast.")));
    assert_eq!(refs[1], ("b".to_owned(), group_of("Standalone after.")));
    assert_eq!(refs[2], ("c".to_owned(), group_of("Standalone before.")));
    assert_eq!(refs[3], ("d".to_owned(), None));
    assert_eq!(refs[4], ("e".to_owned(), group_of("x")));
    assert_eq!(group_of("x"), group_of("y"));
    assert_ne!(group_of("x"), group_of("1"));
}

#[test]
fn entities_and_escapes_keep_spans_inside_their_piece() {
    let text = "A &amp; B is \\*best\\*.\n";
    let d = doc(text);
    let s = &d.sentences[0];
    assert_eq!(d.text(s), "A & B is *best*.");
    assert_eq!(s.source, 0..text.len() - 1);
}

#[test]
fn deep_nesting_is_refused_by_line_without_overflow() {
    let lexicon = Lexicon::new(&[], &[]).unwrap();
    let quotes = format!("ok\n\n{}deep\n", "> ".repeat(200));
    let err = parse_doc(SourceFile::new("q.md", quotes), &lexicon).unwrap_err();
    assert_eq!(err.position.map(|p| p.line), Some(3));
    let mut nested = String::new();
    for depth in 0..100 {
        nested.push_str(&"  ".repeat(depth));
        nested.push_str("- item\n");
    }
    let err = parse_doc(SourceFile::new("l.md", nested), &lexicon).unwrap_err();
    assert!(err.message.contains("nested more than"), "{}", err.message);
}

#[test]
fn the_docs_fixture_splits_as_written() {
    let d = doc(include_str!("../../../cargo-gate/tests/fixtures/claims/docs/guide.md"));
    let texts: Vec<String> = sentences(&d).into_iter().map(|(t, _, _)| t).collect();
    assert_eq!(
        texts,
        [
            "The fastest guide",
            "Tools such as cargo, e.g. Rust vs. Go toolchains, are compared here.",
            "Version 1.2.3 of the format is current; the median is 0.59 s on a 2-core machine.",
            "Dr. Smith reviewed the figures.",
            "The guide has four parts.",
            "Each part is short.",
            "Lists",
            "The cache is secure by default.",
            "A plain item with nothing to claim.",
            "Nested items follow.",
            "The parser never panics.",
            "Another plain nested item.",
            "Tables",
            "tool",
            "speed",
            "cargo gate",
            "10× faster",
            "the other one",
            "the baseline",
            "Not text",
            "Run cargo gate claims --fastest to check the docs; the flag is made up.",
            "Links such as the benchmark name their target elsewhere.",
            "Autolinks such as https://best.example/always are targets too.",
            "An unknown reference sits here.",
            "The blazing fast path is not registered.",
            "Plain prose",
            "The gate reads the policy first.",
            "It then reads the claims.",
            "It scans each document in turn.",
            "Sentences end at a full stop.",
            "Questions end at a question mark, don't they?",
            "Exclamations end too!",
            "A list item is a sentence of its own.",
            "A table cell is one as well.",
            "A heading is one too.",
            "Inline code such as x.y does not end a sentence.",
            "The numbers 3.14 and 2.71 stay whole.",
            "The version 0.13.6 stays whole as well.",
            "Abbreviations like i.e. this one do not split.",
            "The guide ends here.",
        ]
    );
}

#[test]
fn no_prefix_or_mutation_of_the_fixture_panics_and_spans_stay_in_bounds() {
    let text = include_str!("../../../cargo-gate/tests/fixtures/claims/docs/guide.md");
    let lexicon = Lexicon::new(&[], &[]).unwrap();
    let check = |t: &str| {
        if let Ok(d) = parse_doc(SourceFile::new("m.md", t), &lexicon) {
            for s in &d.sentences {
                assert!(s.source.start <= s.source.end && s.source.end <= t.len(), "{:?} in {t:?}", s.source);
                assert!(t.is_char_boundary(s.source.start) && t.is_char_boundary(s.source.end));
            }
        }
    };
    for end in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
        check(&text[..end]);
    }
    let specials = ["`", "<!--", "-->", "|", "\n\n", "> ", "- ", "&amp;", "**", "[", "](", "\\", "×", "é"];
    for (i, special) in specials.iter().cycle().take(400).enumerate() {
        let at = (i * 37) % text.len();
        let at = (0..=at).rev().find(|&a| text.is_char_boundary(a)).unwrap_or(0);
        check(&format!("{}{special}{}", &text[..at], &text[at..]));
    }
    assert_eq!(super::sentences_of("x.md", "It is 3x faster. Plain.").unwrap().len(), 2);
}
