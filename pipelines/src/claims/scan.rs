//! The Markdown scanner's first stage: a `CommonMark` parse (pulldown-cmark, with source offsets)
//! into text blocks — paragraphs, headings, list items, table cells — and the
//! `<!-- claim: id -->` references beside them.
//!
//! What is not text never reaches a block: code blocks, HTML, link targets, autolinks, image alt
//! text and front matter. Inline code stays in a block's text (an exact-text match reads it) but
//! is marked, so it is neither claim language nor a sentence boundary. The walk is iterative and
//! refuses nesting beyond [`MAX_DEPTH`], so no input overflows a stack or runs away.

use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::scan_refs::{comments_in, Reference};

/// Containers nested deeper than this are refused (no real document comes close).
pub const MAX_DEPTH: usize = 64;

/// What kind of text block a sentence comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockKind {
    /// A paragraph (also inside block quotes, footnotes and loose list items).
    Paragraph,
    /// A heading.
    Heading,
    /// The text of a tight list item.
    ListItem,
    /// A table cell.
    TableCell,
}

/// A run of block text and where it came from in the source.
#[derive(Clone, Debug)]
pub struct Piece {
    /// Byte range in the block's text.
    pub text: Range<usize>,
    /// Byte range in the source.
    pub source: Range<usize>,
    /// Whether the text is the source verbatim (so offsets inside map one to one).
    pub verbatim: bool,
}

/// One text block: its text, the parts that are not prose, and where each part came from.
#[derive(Clone, Debug)]
pub struct Block {
    /// Its kind.
    pub kind: BlockKind,
    /// The paragraph it belongs to, for references: its own, or its table row's.
    pub group: usize,
    /// The text, with inline markup removed.
    pub text: String,
    /// Ranges of `text` that are inline code or link targets: no claim language, no boundaries.
    pub code: Vec<Range<usize>>,
    /// Pieces of `text` in order.
    pub pieces: Vec<Piece>,
    /// Source range of the whole block.
    pub source: Range<usize>,
}

impl Block {
    /// The source offset of a text offset: exact inside verbatim text, else the edge of the
    /// piece it falls in (an entity such as `&amp;` has no finer mapping).
    #[must_use]
    pub fn source_offset(&self, offset: usize, at_end: bool) -> usize {
        let probe = if at_end { offset.saturating_sub(1) } else { offset };
        let index = self.pieces.partition_point(|p| p.text.end <= probe);
        let Some(piece) = self.pieces.get(index).or(self.pieces.last()) else {
            return self.source.start;
        };
        if piece.verbatim {
            piece.source.start + (offset.clamp(piece.text.start, piece.text.end) - piece.text.start)
        } else if at_end {
            piece.source.end
        } else {
            piece.source.start
        }
    }
}

/// A scanned document: its blocks and its references.
#[derive(Debug, Default)]
pub struct Scanned {
    /// Text blocks in document order.
    pub blocks: Vec<Block>,
    /// References, with the paragraph group they belong to (resolved after the walk).
    pub refs: Vec<Reference>,
}

/// Parses Markdown into blocks and references.
///
/// # Errors
/// Nesting beyond [`MAX_DEPTH`]: the line where it happens, and the message.
pub fn scan(source: &str) -> Result<Scanned, (usize, String)> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut walk = Walk::default();
    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if walk.stack.len() >= MAX_DEPTH {
                    let line = source[..range.start].matches('\n').count() + 1;
                    return Err((line, format!("Markdown nested more than {MAX_DEPTH} levels deep: refused")));
                }
                walk.start(&tag, range);
            }
            Event::End(tag) => walk.end(tag, range, source),
            Event::Text(text) => walk.text(&text, range, source),
            Event::Code(code) => walk.code(&code, range),
            Event::InlineHtml(html) if !walk.ignoring() => {
                let group = walk.current_group(range.clone());
                walk.refs.extend(comments_in(&html, range.start).map(|r| r.in_group(group)));
            }
            Event::SoftBreak | Event::HardBreak => walk.push(" ", range, false),
            // Block HTML is read whole at its end; the rest carries no prose.
            _ => {}
        }
    }
    walk.flush();
    let mut scanned = Scanned { blocks: walk.blocks, refs: walk.refs };
    super::scan_refs::attach_standalone(&mut scanned, source);
    Ok(scanned)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Frame {
    /// Anything whose text is prose (emphasis, links, quotes, lists…).
    Prose,
    /// A list item: bare text in it is the item's text.
    Item,
    /// A heading.
    Heading,
    /// A table cell.
    Cell,
    /// Code blocks, HTML blocks, front matter: nothing inside is prose.
    Ignored,
    /// Autolinks and images: their text is a target or an alt text.
    NotText,
}

#[derive(Default)]
struct Walk {
    stack: Vec<Frame>,
    blocks: Vec<Block>,
    refs: Vec<Reference>,
    current: Option<Block>,
    groups: usize,
    row_group: usize,
}

impl Walk {
    fn ignoring(&self) -> bool {
        self.stack.contains(&Frame::Ignored)
    }

    fn new_group(&mut self) -> usize {
        self.groups += 1;
        self.groups
    }

    fn current_group(&mut self, range: Range<usize>) -> Option<usize> {
        let in_text = self.stack.iter().any(|f| matches!(f, Frame::Item | Frame::Cell | Frame::Heading));
        if self.current.is_none() && !in_text {
            return None;
        }
        Some(self.block(range).group)
    }

    fn start(&mut self, tag: &Tag<'_>, range: Range<usize>) {
        let frame = match tag {
            Tag::Paragraph => {
                self.flush();
                let group = self.new_group();
                self.current = Some(new_block(BlockKind::Paragraph, group, range));
                Frame::Prose
            }
            Tag::Heading { .. } => {
                self.flush();
                let group = self.new_group();
                self.current = Some(new_block(BlockKind::Heading, group, range));
                Frame::Heading
            }
            Tag::TableCell => {
                self.flush();
                self.current = Some(new_block(BlockKind::TableCell, self.row_group, range));
                Frame::Cell
            }
            Tag::TableHead | Tag::TableRow => {
                self.flush();
                self.row_group = self.new_group();
                Frame::Prose
            }
            Tag::Item => {
                self.flush();
                Frame::Item
            }
            Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_) => {
                self.flush();
                Frame::Ignored
            }
            Tag::Link { link_type: LinkType::Autolink | LinkType::Email, .. } | Tag::Image { .. } => Frame::NotText,
            Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Superscript | Tag::Subscript => {
                Frame::Prose
            }
            _ => {
                self.flush();
                Frame::Prose
            }
        };
        self.stack.push(frame);
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>, source: &str) {
        self.stack.pop();
        match tag {
            TagEnd::HtmlBlock => {
                if !self.ignoring() {
                    let html = source.get(range.clone()).unwrap_or_default();
                    self.refs.extend(comments_in(html, range.start));
                }
            }
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::Superscript
            | TagEnd::Subscript => {}
            _ => self.flush(),
        }
    }

    fn text(&mut self, text: &str, range: Range<usize>, source: &str) {
        if self.ignoring() {
            return;
        }
        if self.stack.last() == Some(&Frame::NotText) {
            self.code(text, range);
            return;
        }
        let verbatim = source.get(range.clone()) == Some(text);
        self.push(text, range, verbatim);
    }

    fn code(&mut self, code: &str, range: Range<usize>) {
        if self.ignoring() {
            return;
        }
        let block = self.block(range.clone());
        let start = block.text.len();
        block.text.push_str(code);
        block.code.push(start..block.text.len());
        block.pieces.push(Piece { text: start..block.text.len(), source: range, verbatim: false });
    }

    fn push(&mut self, text: &str, range: Range<usize>, verbatim: bool) {
        if self.ignoring() {
            return;
        }
        let block = self.block(range.clone());
        let start = block.text.len();
        block.text.push_str(text);
        block.pieces.push(Piece { text: start..block.text.len(), source: range, verbatim });
    }

    /// The open block, opened on demand for text directly in a list item, cell or heading.
    fn block(&mut self, range: Range<usize>) -> &mut Block {
        if self.current.is_none() {
            let kind = match self.stack.iter().rev().find(|f| matches!(f, Frame::Item | Frame::Cell | Frame::Heading)) {
                Some(Frame::Cell) => BlockKind::TableCell,
                Some(Frame::Heading) => BlockKind::Heading,
                Some(Frame::Item) => BlockKind::ListItem,
                _ => BlockKind::Paragraph,
            };
            let group = if kind == BlockKind::TableCell { self.row_group } else { self.new_group() };
            self.current = Some(new_block(kind, group, range));
        }
        self.current.get_or_insert_with(|| new_block(BlockKind::Paragraph, 0, 0..0))
    }

    fn flush(&mut self) {
        if let Some(mut block) = self.current.take() {
            if let (Some(first), Some(last)) = (block.pieces.first(), block.pieces.last()) {
                block.source = first.source.start.min(block.source.start)..last.source.end.max(first.source.start);
                if block.text.chars().any(char::is_alphanumeric) {
                    self.blocks.push(block);
                }
            }
        }
    }
}

fn new_block(kind: BlockKind, group: usize, source: Range<usize>) -> Block {
    Block { kind, group, text: String::new(), code: Vec::new(), pieces: Vec::new(), source }
}
