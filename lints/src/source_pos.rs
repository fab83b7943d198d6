//! Converting proc-macro2 line/column (0-based columns) to report positions (1-based).

use gate_core::text::Position;

/// The 1-based position of a proc-macro2 location.
#[must_use]
pub(crate) fn position(lc: proc_macro2::LineColumn) -> Position {
    Position { line: lc.line.max(1), column: lc.column + 1 }
}
