//! `cargo gate waiver sign`: append (or renew) an approver's `[[signature]]`, editing the file
//! with `toml_edit` so that every other byte stays as the author wrote it.

use camino::Utf8PathBuf;
use lints::config::{ConfigDoc, ConfigError};
use lints::text::SourceFile;
use serde_json::json;
use toml_edit::{value, ArrayOfTables, DocumentMut, Item, Table};

use super::{loaded_id, workspace};
use crate::cli::WaiverSignArgs;
use crate::error::AppError;
use crate::exit::Outcome;
use crate::keys;
use crate::output::{emit, write_atomic};
use crate::render::json::message_or_json;
use crate::waivers::{self, body_for_signing, LoadedWaiver, WAIVER_PAYLOAD_TYPE};

/// Runs `waiver sign`.
///
/// # Errors
/// No such waiver, a malformed one, an unusable key, or a file that cannot be written.
pub fn sign(args: &WaiverSignArgs) -> Result<Outcome, AppError> {
    let (ws, policy) = workspace(&args.common)?;
    let existing = waivers::load_all(&ws.root, &ws.layout.waivers)?;
    let matches: Vec<&LoadedWaiver> =
        existing.iter().filter(|w| loaded_id(w).as_deref() == Some(args.waiver.as_str())).collect();
    let file: Utf8PathBuf = match matches.as_slice() {
        [LoadedWaiver::Ok(w)] => w.file.name.clone(),
        [LoadedWaiver::Invalid { error, .. }] => {
            return Err(AppError::Usage(format!("cannot sign `{}`: it is not a valid waiver: {error}", args.waiver)))
        }
        [] => return Err(AppError::Usage(format!("no waiver with id `{}` in {}/", args.waiver, ws.layout.waivers))),
        _ => return Err(AppError::Usage(format!("more than one waiver has id `{}`: fix that first", args.waiver))),
    };
    let secret = keys::load_secret(&args.key).map_err(|e| AppError::Usage(e.to_string()))?;
    let public = secret.verifying_key();
    let key_id = match &args.key_id {
        Some(id) => id.clone(),
        None => policy.keys.iter().find(|k| k.public == *public.as_bytes()).map(|k| k.id.clone()).ok_or_else(|| {
            AppError::Usage(format!(
                "{} is not the secret half of any [[key]] in the policy; add its public key ({}) or pass --key-id",
                args.key,
                keys::policy_public(&public)
            ))
        })?,
    };

    let text = std::fs::read_to_string(ws.root.join(&file))
        .map_err(|e| AppError::Output(format!("cannot read {file}: {e}")))?;
    let parsed = ConfigDoc::parse(SourceFile::new(file.clone(), text.clone()))?;
    let (body, signatures) = body_for_signing(&parsed)?;
    let message = crate::dsse::pae(WAIVER_PAYLOAD_TYPE, body.as_bytes());
    let previous = signatures.iter().find(|s| s.key == key_id);
    if previous.is_some_and(|s| keys::verify_b64(public.as_bytes(), &message, &s.sig).is_ok()) {
        let human = format!("{file} is already signed by `{key_id}`: nothing to do\n");
        let fields = json!({"waiver": args.waiver, "file": file, "key": key_id, "changed": false});
        emit(&args.common, &message_or_json(args.common.format, "waiver sign", human, fields))?;
        return Ok(Outcome::Pass);
    }
    let sig = keys::sign_b64(&secret, &message);
    let edited =
        add_signature(&text, &key_id, &sig).map_err(|m| AppError::Config(ConfigError::whole_file(file.clone(), m)))?;
    write_atomic(&ws.root.join(&file), edited.as_bytes())?;
    let verb = if previous.is_some() { "replaced the stale signature of" } else { "signed" };
    let fields = json!({"waiver": args.waiver, "file": file, "key": key_id, "changed": true});
    emit(
        &args.common,
        &message_or_json(args.common.format, "waiver sign", format!("{verb} {file} as `{key_id}`\n"), fields),
    )?;
    Ok(Outcome::Pass)
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
