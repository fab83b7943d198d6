//! `cargo gate waiver new | sign | list | audit`.

mod list;
mod sign;

pub use list::list;
pub use sign::sign;

use gate_core::time::Date;
use pipelines::waivers::{new_waiver, NewWaiver};
use serde_json::json;

use crate::cli::WaiverNewArgs;
use crate::error::AppError;
use crate::exit::Outcome;
use crate::output::emit;
use crate::render::json::message_or_json;

/// Runs `waiver new`.
///
/// # Errors
/// Bad field values, a waiver that would be invalid or too long, or a file that cannot be written.
pub fn new(args: &WaiverNewArgs) -> Result<Outcome, AppError> {
    let loaded = super::load(&args.common)?;
    let expires = Date::parse(&args.expires)
        .ok_or_else(|| AppError::Usage(format!("--expires `{}` is not a date (YYYY-MM-DD)", args.expires)))?;
    let fields = NewWaiver {
        rule: args.rule.clone(),
        krate: args.krate.clone(),
        path: args.path.clone(),
        dependency: args.dependency.clone(),
        item: args.item.clone(),
        expires,
        rationale: args.rationale.clone(),
        risk: args.risk.clone(),
        owner: args.owner.clone(),
        id: args.id.clone(),
    };
    let written = new_waiver(&loaded, &fields, super::today(&args.common))?;
    let human = format!(
        "wrote {} (unsigned)\nan approver signs it with: cargo gate waiver sign {} --key <keyfile>\n",
        written.file, written.id
    );
    let fields = json!({"waiver": {"id": written.id, "file": written.file}});
    emit(&args.common, &message_or_json(args.common.format, "waiver new", human, fields))?;
    Ok(Outcome::Pass)
}
