//! `key new`: a fresh Ed25519 key pair on disk, and the `[[key]]` entry that trusts it.

use camino::{Utf8Path, Utf8PathBuf};
use gate_core::fsio::{write_atomic, write_secret};
use gate_core::policy::Role;
use gate_core::sign::keys;
use gate_core::time::Date;
use std::fmt::Write as _;

use crate::Error;

/// The files `key new` wrote and what to paste into the policy.
#[derive(Clone, Debug)]
pub struct NewKey {
    /// The secret key (PKCS#8 PEM, mode 0600).
    pub secret_file: Utf8PathBuf,
    /// The public key as SPKI PEM, for other verifiers.
    pub public_pem: Utf8PathBuf,
    /// `ed25519:<base64>`, as in `[[key]] public`.
    pub public: String,
    /// The securesystemslib key id.
    pub keyid: String,
    /// The `[[key]]` entry to paste into a policy file.
    pub policy_entry: String,
}

/// Writes `<id>.key`, `<id>.pub` and `<id>.pub.pem` into `out`; never overwrites a secret. The
/// `[[key]]` entry carries `expires` when given (signatures by an expired key are rejected).
///
/// # Errors
/// A bad id or role, an existing key file, or a directory that cannot be written.
pub fn new_key(id: &str, out: &Utf8Path, roles: &[String], expires: Option<Date>) -> Result<NewKey, Error> {
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')) {
        return Err(Error::Usage(format!("key id `{id}` must be letters, digits, `-`, `_` or `.`")));
    }
    for role in roles {
        if !Role::ALL.iter().any(|(_, name)| name == role) {
            let names: Vec<&str> = Role::ALL.iter().map(|(_, n)| *n).collect();
            return Err(Error::Usage(format!("unknown role `{role}` (roles: {})", names.join(", "))));
        }
    }
    std::fs::create_dir_all(out).map_err(|e| Error::Io(format!("cannot create {out}: {e}")))?;
    let secret_file = out.join(format!("{id}.key"));
    if secret_file.exists() {
        return Err(Error::Usage(format!("{secret_file} already exists: refusing to overwrite a secret key")));
    }
    let secret = keys::generate().map_err(Error::Io)?;
    let verifying = secret.verifying_key();
    write_secret(&secret_file, keys::pkcs8_pem(&secret).as_bytes())?;
    let public = keys::policy_public(&verifying);
    write_atomic(&out.join(format!("{id}.pub")), format!("{public}\n").as_bytes())?;
    let public_pem = out.join(format!("{id}.pub.pem"));
    write_atomic(&public_pem, keys::spki_pem(&verifying).as_bytes())?;
    let quoted: Vec<String> = roles.iter().map(|r| format!("\"{r}\"")).collect();
    let mut policy_entry = format!("[[key]]\nid = \"{id}\"\npublic = \"{public}\"\nroles = [{}]\n", quoted.join(", "));
    if let Some(expires) = expires {
        let _ = writeln!(policy_entry, "expires = {expires}");
    }
    Ok(NewKey { secret_file, public_pem, public, keyid: keys::keyid(&verifying), policy_entry })
}
