//! `cargo gate waiver sign`: append (or renew) an approver's `[[signature]]`.

use serde_json::json;

use crate::cli::WaiverSignArgs;
use crate::error::AppError;
use crate::exit::Outcome;
use crate::output::emit;
use crate::render::json::message_or_json;

/// Runs `waiver sign`.
///
/// # Errors
/// No such waiver, a malformed one, an unusable key, or a file that cannot be written.
pub fn sign(args: &WaiverSignArgs) -> Result<Outcome, AppError> {
    let loaded = super::super::load(&args.common)?;
    let signed = pipelines::waivers::sign_waiver(&loaded, &args.waiver, &args.key, args.key_id.as_deref())?;
    let (file, key_id) = (&signed.file, &signed.key_id);
    let human = match (signed.changed, signed.replaced) {
        (false, _) => format!("{file} is already signed by `{key_id}`: nothing to do\n"),
        (true, true) => format!("replaced the stale signature of {file} as `{key_id}`\n"),
        (true, false) => format!("signed {file} as `{key_id}`\n"),
    };
    let fields = json!({"waiver": args.waiver, "file": file, "key": key_id, "changed": signed.changed});
    emit(&args.common, &message_or_json(args.common.format, "waiver sign", human, fields))?;
    Ok(Outcome::Pass)
}
