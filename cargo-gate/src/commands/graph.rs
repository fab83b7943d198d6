//! `cargo gate graph`: the architecture — members by layer, their edges, violating edges marked
//! with their rule — as Mermaid (default), DOT or JSON. Exit 1 when an unwaived graph-rule
//! violation is drawn, as `check` would fail on it.

use pipelines::check::CheckOptions;

use crate::cli::{Format, GraphArgs};
use crate::error::AppError;
use crate::exit::Outcome;
use crate::output::emit;
use crate::render;

/// Runs `graph`.
///
/// # Errors
/// The workspace or the policy cannot be used.
pub fn run(args: &GraphArgs) -> Result<Outcome, AppError> {
    let loaded = super::load(&args.common)?;
    let report = pipelines::check::check(&loaded, &CheckOptions::default(), super::today(&args.common))?;
    let graph = pipelines::graph::build(&loaded.ws, &loaded.policy, &report);
    let text = match args.common.format {
        Format::Dot => render::graph::dot(&graph),
        Format::Json => render::graph::json(&graph),
        // `run` refuses sarif and github for `graph` before it runs; human is Mermaid.
        Format::Human | Format::Mermaid | Format::Sarif | Format::Github => render::graph::mermaid(&graph),
    };
    emit(&args.common, &text)?;
    Ok(if graph.fails() { Outcome::Fail } else { Outcome::Pass })
}
