//! `cargo gate key new`: an ed25519 key pair on disk and the `[[key]]` entry for the policy.

use lints::policy::Role;
use serde_json::json;

use crate::cli::{Format, KeyNewArgs};
use crate::error::AppError;
use crate::exit::Outcome;
use crate::keys;
use crate::output::{emit, write_atomic, write_secret};
use crate::render::json::{envelope, to_string};

/// Runs `key new`.
///
/// # Errors
/// A bad id or role, an existing key file, or a directory that cannot be written.
pub fn new(args: &KeyNewArgs) -> Result<Outcome, AppError> {
    let id = &args.id;
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')) {
        return Err(AppError::Usage(format!("key id `{id}` must be letters, digits, `-`, `_` or `.`")));
    }
    for role in &args.roles {
        if !Role::ALL.iter().any(|(_, name)| name == role) {
            let names: Vec<&str> = Role::ALL.iter().map(|(_, n)| *n).collect();
            return Err(AppError::Usage(format!("unknown role `{role}` (roles: {})", names.join(", "))));
        }
    }
    std::fs::create_dir_all(&args.out).map_err(|e| AppError::Output(format!("cannot create {}: {e}", args.out)))?;
    let secret_path = args.out.join(format!("{id}.key"));
    if secret_path.exists() {
        return Err(AppError::Usage(format!("{secret_path} already exists: refusing to overwrite a secret key")));
    }
    let secret = keys::generate().map_err(AppError::Output)?;
    let public = secret.verifying_key();
    write_secret(&secret_path, keys::pkcs8_pem(&secret).as_bytes())?;
    let public_line = keys::policy_public(&public);
    write_atomic(&args.out.join(format!("{id}.pub")), format!("{public_line}\n").as_bytes())?;
    let pem_path = args.out.join(format!("{id}.pub.pem"));
    write_atomic(&pem_path, keys::spki_pem(&public).as_bytes())?;

    let roles: Vec<String> = args.roles.iter().map(|r| format!("\"{r}\"")).collect();
    let entry = format!("[[key]]\nid = \"{id}\"\npublic = \"{public_line}\"\nroles = [{}]\n", roles.join(", "));
    let text = match args.common.format {
        Format::Json => {
            let mut doc = envelope("key new", "pass");
            doc.insert(
                "key".into(),
                json!({"id": id, "public": public_line, "keyid": keys::keyid(&public), "roles": args.roles,
                       "secret_file": secret_path, "public_pem": pem_path, "policy_entry": entry}),
            );
            to_string(&serde_json::Value::Object(doc))
        }
        _ => format!(
            "wrote {secret_path} (secret: keep it out of version control), {pem_path}\n\nadd this to a file in policies/:\n\n{entry}"
        ),
    };
    emit(&args.common, &text)?;
    Ok(Outcome::Pass)
}
