//! Writing waivers: `waiver new` (a fresh unsigned file with the next free id) and `waiver sign`
//! (append or renew an approver's `[[signature]]`, every other byte kept as the author wrote it).

use camino::Utf8PathBuf;
use gate_core::config::{did_you_mean, ConfigDoc, ConfigError};
use gate_core::fsio::write_atomic;
use gate_core::policy::{check_rule_id, IdUse, Policy};
use gate_core::sign::dsse::pae;
use gate_core::sign::keys;
use gate_core::text::SourceFile;
use gate_core::time::Date;
use lints::rules::Registry;
use toml_edit::{value, ArrayOfTables, DocumentMut, Item, Table};

use super::parse::{body_for_signing, load_all, LoadedWaiver, WAIVER_PAYLOAD_TYPE};
use crate::load::Loaded;
use crate::Error;

/// The fields of a new waiver.
#[derive(Clone, Debug)]
pub struct NewWaiver {
    /// A rule id or a prefix ending in `/*`.
    pub rule: String,
    /// Crate glob.
    pub krate: Option<String>,
    /// Path glob.
    pub path: Option<String>,
    /// Dependency glob.
    pub dependency: Option<String>,
    /// Fn path globs (one is written as a string, several as a list).
    pub item: Vec<String>,
    /// Expiry.
    pub expires: Date,
    /// Why.
    pub rationale: String,
    /// What risk.
    pub risk: String,
    /// Who owns it.
    pub owner: String,
    /// An explicit id instead of the next free `W-NNNN`.
    pub id: Option<String>,
}

/// A waiver file that was written.
#[derive(Clone, Debug)]
pub struct Written {
    /// The waiver id.
    pub id: String,
    /// The file, workspace-relative.
    pub file: Utf8PathBuf,
}

/// Writes a new unsigned waiver created `today`. It is read back with the reader `check` uses,
/// so `new` never writes a waiver `check` would call invalid.
///
/// # Errors
/// A rule that names no rule, a crate that is no member, an id that is taken or not a plain
/// name, an expiry past `max_days`, or a file that cannot be written.
pub fn new_waiver(loaded: &Loaded, fields: &NewWaiver, today: Date) -> Result<Written, Error> {
    let (ws, policy) = (&loaded.ws, &loaded.policy);
    check_rule_id(&fields.rule, IdUse::Waiver, &Registry, policy)
        .map_err(|e| Error::Usage(format!("--rule {}: {}", e.message, e.help)))?;
    if let Some(krate) = &fields.krate {
        check_member_glob(loaded, krate)?;
    }
    check_scope_globs(fields)?;
    let lifetime = today.days_until(fields.expires);
    if lifetime > i64::from(policy.waivers.max_days) {
        return Err(Error::Usage(format!(
            "a waiver expiring on {} would live {lifetime} days; the policy allows at most {} (max_days)",
            fields.expires, policy.waivers.max_days
        )));
    }
    let existing = load_all(&ws.root, &ws.layout.waivers)?;
    let id = match &fields.id {
        Some(id) => checked_id(id)?,
        None => next_free_id(&existing),
    };
    let file = ws.layout.waivers.join(format!("{id}.toml"));
    if ws.root.join(&file).exists() || existing.iter().any(|w| loaded_id(w).as_deref() == Some(id.as_str())) {
        return Err(Error::Usage(format!("waiver `{id}` already exists: choose another --id")));
    }
    let text = waiver_text(&id, fields, today);
    // Read back with the reader `check` uses; the file does not exist yet, so the refusal names
    // the problem, not the file.
    let refuse = |e: ConfigError| Error::Usage(format!("the waiver would be invalid: {}", e.message));
    let doc = ConfigDoc::parse(SourceFile::new(file.clone(), text.clone())).map_err(refuse)?;
    body_for_signing(&doc).map_err(refuse)?;
    std::fs::create_dir_all(ws.root.join(&ws.layout.waivers))
        .map_err(|e| Error::Io(format!("cannot create {}: {e}", ws.layout.waivers)))?;
    write_atomic(&ws.root.join(&file), text.as_bytes())?;
    Ok(Written { id, file })
}

fn check_member_glob(loaded: &Loaded, krate: &str) -> Result<(), Error> {
    let glob = gate_core::glob::Glob::new(krate, gate_core::glob::GlobKind::Name)
        .map_err(|e| Error::Usage(format!("--crate `{krate}`: {e}")))?;
    let names: Vec<&str> = loaded.ws.members.iter().map(|m| m.name.as_str()).collect();
    if names.iter().any(|n| glob.matches(n)) {
        return Ok(());
    }
    let hint = did_you_mean(krate, names.iter().copied())
        .map_or_else(|| format!("members: {}", names.join(", ")), |s| format!("did you mean `{s}`?"));
    Err(Error::Usage(format!("--crate `{krate}` matches no member of the workspace: {hint}")))
}

/// Every scope glob is checked before anything is composed, so a refusal names the flag.
fn check_scope_globs(fields: &NewWaiver) -> Result<(), Error> {
    use gate_core::glob::{Glob, GlobKind};
    if fields.krate.is_none() && fields.path.is_none() {
        return Err(Error::Usage("a waiver needs a scope: give --crate, --path, or both".to_owned()));
    }
    let single = [("--path", &fields.path, GlobKind::Path), ("--dependency", &fields.dependency, GlobKind::Name)];
    let items = fields.item.iter().map(|i| ("--item", i, GlobKind::Name));
    for (flag, pattern, kind) in single.iter().filter_map(|(f, p, k)| p.as_ref().map(|p| (*f, p, *k))).chain(items) {
        Glob::new(pattern, kind).map_err(|e| Error::Usage(format!("{flag}: {e}")))?;
    }
    Ok(())
}

/// An explicit id becomes a file name: only a plain name, never a path.
fn checked_id(id: &str) -> Result<String, Error> {
    let plain = !id.is_empty()
        && !id.starts_with('.')
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    if plain {
        Ok(id.to_owned())
    } else {
        Err(Error::Usage(format!("--id `{id}` must be letters, digits, `-`, `_` or `.` (it names the file)")))
    }
}

/// The TOML of a new waiver: one `item` is a string, several are a list.
pub(crate) fn waiver_text(id: &str, fields: &NewWaiver, today: Date) -> String {
    let mut doc = DocumentMut::new();
    doc["id"] = value(id);
    doc["rule"] = value(&fields.rule);
    for (key, field) in [("crate", &fields.krate), ("path", &fields.path), ("dependency", &fields.dependency)] {
        if let Some(v) = field {
            doc[key] = value(v);
        }
    }
    match fields.item.as_slice() {
        [] => {}
        [one] => doc["item"] = value(one),
        many => doc["item"] = value(many.iter().collect::<toml_edit::Array>()),
    }
    doc["rationale"] = value(&fields.rationale);
    doc["risk"] = value(&fields.risk);
    doc["owner"] = value(&fields.owner);
    doc["created"] = value(toml_date(today));
    doc["expires"] = value(toml_date(fields.expires));
    doc.to_string()
}

fn toml_date(d: Date) -> toml_edit::Datetime {
    let date = toml_edit::Date {
        year: u16::try_from(d.year).unwrap_or_default(),
        month: u8::try_from(d.month).unwrap_or_default(),
        day: u8::try_from(d.day).unwrap_or_default(),
    };
    toml_edit::Datetime { date: Some(date), time: None, offset: None }
}

/// The id of a loaded waiver, if one could be read.
#[must_use]
pub fn loaded_id(w: &LoadedWaiver) -> Option<String> {
    match w {
        LoadedWaiver::Ok(w) => Some(w.id.value.clone()),
        LoadedWaiver::Invalid { id, .. } => id.clone(),
    }
}

/// `W-NNNN` one past the highest number used by an id or a file name.
pub(crate) fn next_free_id(existing: &[LoadedWaiver]) -> String {
    let number = |s: &str| s.strip_prefix("W-").and_then(|n| n.trim_end_matches(".toml").parse::<u32>().ok());
    let highest = existing
        .iter()
        .flat_map(|w| {
            let file = match w {
                LoadedWaiver::Ok(w) => w.file.name.file_name().map(str::to_owned),
                LoadedWaiver::Invalid { file, .. } => file.file_name().map(str::to_owned),
            };
            [loaded_id(w).and_then(|id| number(&id)), file.and_then(|f| number(&f))]
        })
        .flatten()
        .max()
        .unwrap_or(0);
    format!("W-{:04}", highest + 1)
}

/// What `waiver sign` did.
#[derive(Clone, Debug)]
pub struct Signed {
    /// The waiver file.
    pub file: Utf8PathBuf,
    /// The policy key id it was signed as.
    pub key_id: String,
    /// `false` when a valid signature of this key was already there.
    pub changed: bool,
    /// Whether an earlier, no longer valid signature of this key was replaced.
    pub replaced: bool,
}

/// Signs waiver `id` with the secret key in `keyfile`, as the policy key whose public key it is
/// (`key_id`, when given, must be that key: a signature that would not verify is never written).
///
/// # Errors
/// No such waiver or a malformed one, an unusable key, a key the policy does not list, or a file
/// that cannot be written.
pub fn sign_waiver(
    loaded: &Loaded,
    id: &str,
    keyfile: &camino::Utf8Path,
    key_id: Option<&str>,
) -> Result<Signed, Error> {
    let ws = &loaded.ws;
    let file = waiver_file(loaded, id)?;
    let approver = approver(&loaded.policy, keyfile, key_id)?;
    let text = gate_core::fsio::read_text_inside(&ws.root, &file, gate_core::fsio::GATE_FILE_LIMIT)
        .map_err(|e| Error::Io(e.to_string()))?;
    let parsed = ConfigDoc::parse(SourceFile::new(file.clone(), text.clone()))?;
    let (body, signatures) = body_for_signing(&parsed)?;
    let message = pae(WAIVER_PAYLOAD_TYPE, body.as_bytes());
    let key_id = approver.key_id.clone();
    let previous = signatures.iter().find(|s| s.key == key_id);
    if previous.is_some_and(|s| keys::verify_b64(&approver.public, &message, &s.sig).is_ok()) {
        return Ok(Signed { file, key_id, changed: false, replaced: false });
    }
    let sig = (approver.sign)(&message);
    let edited = add_signature(&text, &key_id, &sig).map_err(|m| ConfigError::whole_file(file.clone(), m))?;
    write_atomic(&ws.root.join(&file), edited.as_bytes())?;
    Ok(Signed { file, key_id, changed: true, replaced: previous.is_some() })
}

/// Signs a message with a secret key: base64 of the Ed25519 signature.
pub(crate) type SignFn = Box<dyn Fn(&[u8]) -> String>;

/// A secret key and the policy key id it signs as.
pub(crate) struct Approver {
    /// Signs a message with the secret key.
    pub sign: SignFn,
    /// The public key.
    pub public: [u8; 32],
    /// The `[[key]]` id whose public key it is.
    pub key_id: String,
    /// The roles the policy gives that key.
    pub roles: Vec<gate_core::policy::Role>,
}

/// Reads KEYFILE and finds the policy key it is the secret half of (`key_id`, when given, must be
/// that key: a signature that would not verify is never written).
///
/// # Errors
/// An unusable key file, or a key the policy does not list.
pub(crate) fn approver(policy: &Policy, keyfile: &camino::Utf8Path, key_id: Option<&str>) -> Result<Approver, Error> {
    let secret = keys::load_secret(keyfile).map_err(|e| Error::Usage(e.to_string()))?;
    let public = secret.verifying_key();
    let own = policy.keys.iter().find(|k| k.public == *public.as_bytes());
    let key_id = match (key_id, own) {
        (Some(asked), Some(own)) if asked != own.id => {
            return Err(Error::Usage(format!(
                "{keyfile} is the secret half of `{}`, not of `{asked}`: its signature would not verify as `{asked}`",
                own.id
            )))
        }
        (_, Some(own)) => own.id.clone(),
        (_, None) => {
            return Err(Error::Usage(format!(
                "{keyfile} is not the secret half of any [[key]] in the policy; add its public key ({}) first",
                keys::policy_public(&public)
            )))
        }
    };
    let roles = own.map(|k| k.roles.clone()).unwrap_or_default();
    let public = *public.as_bytes();
    Ok(Approver { sign: Box::new(move |message| keys::sign_b64(&secret, message)), public, key_id, roles })
}

/// `text` (a waiver file named `file`) with the approver's `[[signature]]` appended.
///
/// # Errors
/// The waiver is malformed.
pub(crate) fn signed_text(text: &str, file: &camino::Utf8Path, approver: &Approver) -> Result<String, Error> {
    let parsed = ConfigDoc::parse(SourceFile::new(file.to_owned(), text.to_owned()))?;
    let (body, _) = body_for_signing(&parsed)?;
    let sig = (approver.sign)(&pae(WAIVER_PAYLOAD_TYPE, body.as_bytes()));
    Ok(add_signature(text, &approver.key_id, &sig).map_err(|m| ConfigError::whole_file(file.to_owned(), m))?)
}

/// The file of the one well-formed waiver with this id.
fn waiver_file(loaded: &Loaded, id: &str) -> Result<Utf8PathBuf, Error> {
    let ws = &loaded.ws;
    let existing = load_all(&ws.root, &ws.layout.waivers)?;
    let matches: Vec<&LoadedWaiver> = existing.iter().filter(|w| loaded_id(w).as_deref() == Some(id)).collect();
    match matches.as_slice() {
        [LoadedWaiver::Ok(w)] => Ok(w.file.name.clone()),
        [LoadedWaiver::Invalid { error, .. }] => {
            Err(Error::Usage(format!("cannot sign `{id}`: it is not a valid waiver: {error}")))
        }
        [] => Err(Error::Usage(format!("no waiver with id `{id}` in {}/", ws.layout.waivers))),
        _ => Err(Error::Usage(format!("more than one waiver has id `{id}`: fix that first"))),
    }
}

/// Adds (or replaces) the `[[signature]]` of `key_id`, leaving every other byte as it was.
fn add_signature(text: &str, key_id: &str, sig: &str) -> Result<String, String> {
    let mut doc: DocumentMut = text.parse().map_err(|e: toml_edit::TomlError| e.to_string())?;
    let entry = doc.entry("signature").or_insert_with(|| Item::ArrayOfTables(ArrayOfTables::new()));
    let Some(array) = entry.as_array_of_tables_mut() else {
        return Err("`signature` must be an array of tables (`[[signature]]`)".to_owned());
    };
    let position = array.iter().position(|t| t.get("key").and_then(Item::as_str) == Some(key_id));
    if let Some(existing) = position.and_then(|i| array.get_mut(i)) {
        existing["sig"] = value(sig);
    } else {
        let mut table = Table::new();
        table["key"] = value(key_id);
        table["sig"] = value(sig);
        table.decor_mut().set_prefix("\n");
        array.push(table);
    }
    let mut out = doc.to_string();
    if !text.ends_with('\n') && out.starts_with(text) {
        // toml_edit adds the separating newline itself; nothing else changes.
        out = format!("{text}{}", &out[text.len()..]);
    }
    Ok(out)
}
