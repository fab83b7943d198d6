//! `cargo gate key new`: write a key pair and print the `[[key]]` entry to paste.

use serde_json::json;

use crate::cli::{Format, KeyNewArgs};
use crate::error::AppError;
use crate::exit::Outcome;
use crate::output::emit;
use crate::render::json::{envelope, to_string};

/// Runs `key new`.
///
/// # Errors
/// A bad id or role, an existing key file, or a directory that cannot be written.
pub fn new(args: &KeyNewArgs) -> Result<Outcome, AppError> {
    let expires = args
        .expires
        .as_deref()
        .map(|d| {
            gate_core::time::Date::parse(d)
                .ok_or_else(|| AppError::Usage(format!("--expires `{d}` is not a date (YYYY-MM-DD)")))
        })
        .transpose()?;
    let key = pipelines::keys::new_key(&args.id, &args.out, &args.roles, expires)?;
    let text = match args.common.format {
        Format::Json => {
            let mut doc = envelope("key new", "pass");
            doc.insert(
                "key".into(),
                json!({"id": args.id, "public": key.public, "keyid": key.keyid, "roles": args.roles, "expires": args.expires,
                       "secret_file": key.secret_file, "public_pem": key.public_pem, "policy_entry": key.policy_entry}),
            );
            to_string(&serde_json::Value::Object(doc))
        }
        _ => format!(
            "wrote {} (secret: keep it out of version control), {}\n\nadd this to a file in policies/ (append it \
             to policies/gate.toml; a new file needs its own `[gate]` and `schema = 1` first):\n\n{}",
            key.secret_file, key.public_pem, key.policy_entry
        ),
    };
    emit(&args.common, &text)?;
    Ok(Outcome::Pass)
}
