//! `<!-- claim: id -->` references: read from HTML comments, and tied to the paragraph they are
//! written in. A comment on a line of its own is an HTML block in `CommonMark`, not part of any
//! paragraph: it belongs to the block directly above it (no blank line between), else to the one
//! directly below it.

use std::ops::Range;

use super::scan::Scanned;

/// One `<!-- claim: … -->` comment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    /// The ids it names, as written (none when the comment names nothing).
    pub ids: Vec<String>,
    /// The comment's source range.
    pub source: Range<usize>,
    /// The paragraph group it belongs to, if any.
    pub group: Option<usize>,
}

impl Reference {
    /// The same reference, tied to `group`.
    #[must_use]
    pub fn in_group(mut self, group: Option<usize>) -> Self {
        self.group = group;
        self
    }
}

/// The claim references among the HTML comments of `html`, which starts at `base` in the source.
pub fn comments_in(html: &str, base: usize) -> impl Iterator<Item = Reference> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || loop {
        let start = from + html.get(from..)?.find("<!--")?;
        let body_start = start + 4;
        let end = body_start + html.get(body_start..)?.find("-->")?;
        from = end + 3;
        let body = html.get(body_start..end)?.trim();
        if let Some(rest) = body.strip_prefix("claim:") {
            let ids = rest.split(|c: char| c == ',' || c.is_whitespace()).filter(|s| !s.is_empty()).map(str::to_owned);
            return Some(Reference { ids: ids.collect(), source: base + start..base + from, group: None });
        }
    })
}

/// Ties each comment that stands on its own to the adjacent block.
pub fn attach_standalone(scanned: &mut Scanned, source: &str) {
    let line_starts: Vec<usize> = std::iter::once(0).chain(source.match_indices('\n').map(|(i, _)| i + 1)).collect();
    let line = |offset: usize| line_starts.partition_point(|&s| s <= offset);
    let blocks = &scanned.blocks;
    for reference in scanned.refs.iter_mut().filter(|r| r.group.is_none()) {
        let first_line = line(reference.source.start);
        let last_line = line(reference.source.end.saturating_sub(1));
        let after = blocks.partition_point(|b| b.source.start < reference.source.start);
        let above = after.checked_sub(1).and_then(|i| blocks.get(i));
        let below = blocks.get(after);
        if let Some(block) = above.filter(|b| line(b.source.end.saturating_sub(1)) + 1 == first_line) {
            reference.group = Some(block.group);
        } else if let Some(block) = below.filter(|b| line(b.source.start) == last_line + 1) {
            reference.group = Some(block.group);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn claim_comments_are_read_and_others_ignored() {
        let html = "<!-- a note --> <!-- claim: fast-check --><!--claim:a, b c-->";
        let refs: Vec<Reference> = comments_in(html, 10).collect();
        assert_eq!(refs.len(), 2);
        assert_eq!(refs[0].ids, ["fast-check"]);
        assert_eq!(refs[0].source, 26..52);
        assert_eq!(refs[1].ids, ["a", "b", "c"]);
        assert!(comments_in("<!-- claim: unterminated", 0).next().is_none());
        assert_eq!(comments_in("<!-- claim: -->", 0).next().map(|r| r.ids.len()), Some(0));
    }
}
