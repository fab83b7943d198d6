//! `cargo gate waiver new | sign | list | audit`.

use std::fmt::Write as _;

use camino::Utf8PathBuf;
use lints::config::{ConfigDoc, ConfigError};
use lints::policy::{load_policy, Policy};
use lints::text::SourceFile;
use lints::time::{Date, Instant};
use lints::workspace::Workspace;
use serde_json::{json, Value};
use toml_edit::{value, ArrayOfTables, DocumentMut, Item, Table};

use crate::cli::{CommonArgs, Format, WaiverListArgs, WaiverNewArgs, WaiverSignArgs};
use crate::commands::check::evaluate;
use crate::error::AppError;
use crate::exit::Outcome;
use crate::keys;
use crate::output::{emit, write_atomic};
use crate::render::json::{envelope, message_or_json, to_string};
use crate::report::WaiverEntry;
use crate::waivers::{self, body_for_signing, LoadedWaiver, WAIVER_PAYLOAD_TYPE};

fn workspace(common: &CommonArgs) -> Result<(Workspace, Policy), AppError> {
    let ws = super::load_workspace(common)?;
    let policy = load_policy(&ws.root, &ws.layout.policies)?;
    Ok((ws, policy))
}

/// Runs `waiver new`.
///
/// # Errors
/// Bad field values, a waiver that would be invalid or too long, or a file that cannot be written.
pub fn new(args: &WaiverNewArgs) -> Result<Outcome, AppError> {
    let (ws, policy) = workspace(&args.common)?;
    let today = args.common.now.unwrap_or_else(Instant::now).date();
    let expires = Date::parse(&args.expires)
        .ok_or_else(|| AppError::Usage(format!("--expires `{}` is not a date (YYYY-MM-DD)", args.expires)))?;
    let lifetime = today.days_until(expires);
    if lifetime > i64::from(policy.waivers.max_days) {
        return Err(AppError::Usage(format!(
            "a waiver expiring on {expires} would live {lifetime} days; the policy allows at most {} (max_days)",
            policy.waivers.max_days
        )));
    }
    let existing = waivers::load_all(&ws.root, &ws.layout.waivers)?;
    let id = match &args.id {
        Some(id) => id.clone(),
        None => next_free_id(&existing),
    };
    let name = ws.layout.waivers.join(format!("{id}.toml"));
    if ws.root.join(&name).exists() || existing.iter().any(|w| loaded_id(w).as_deref() == Some(id.as_str())) {
        return Err(AppError::Usage(format!("waiver `{id}` already exists ({name})")));
    }
    let mut doc = DocumentMut::new();
    doc["id"] = value(&id);
    doc["rule"] = value(&args.rule);
    for (key, field) in
        [("crate", &args.krate), ("path", &args.path), ("dependency", &args.dependency), ("item", &args.item)]
    {
        if let Some(v) = field {
            doc[key] = value(v);
        }
    }
    doc["rationale"] = value(&args.rationale);
    doc["risk"] = value(&args.risk);
    doc["owner"] = value(&args.owner);
    doc["created"] = value(toml_date(today));
    doc["expires"] = value(toml_date(expires));
    let text = doc.to_string();
    // The same reader `check` uses must accept it, so `new` never writes an invalid waiver.
    let parsed =
        ConfigDoc::parse(SourceFile::new(name.clone(), text.clone())).and_then(|d| body_for_signing(&d).map(|_| ()));
    parsed.map_err(AppError::Config)?;
    std::fs::create_dir_all(ws.root.join(&ws.layout.waivers))
        .map_err(|e| AppError::Output(format!("cannot create {}: {e}", ws.layout.waivers)))?;
    write_atomic(&ws.root.join(&name), text.as_bytes())?;
    let out = match args.common.format {
        Format::Json => {
            let mut d = envelope("waiver new", "pass");
            d.insert("waiver".into(), json!({"id": id, "file": name}));
            to_string(&Value::Object(d))
        }
        _ => {
            format!("wrote {name} (unsigned)\nan approver signs it with: cargo gate waiver sign {id} --key <keyfile>\n")
        }
    };
    emit(&args.common, &out)?;
    Ok(Outcome::Pass)
}

fn toml_date(d: Date) -> toml_edit::Datetime {
    let date = toml_edit::Date {
        year: u16::try_from(d.year).unwrap_or_default(),
        month: u8::try_from(d.month).unwrap_or_default(),
        day: u8::try_from(d.day).unwrap_or_default(),
    };
    toml_edit::Datetime { date: Some(date), time: None, offset: None }
}

fn loaded_id(w: &LoadedWaiver) -> Option<String> {
    match w {
        LoadedWaiver::Ok(w) => Some(w.id.value.clone()),
        LoadedWaiver::Invalid { id, .. } => id.clone(),
    }
}

/// `W-NNNN` one past the highest number used by an id or a file name.
fn next_free_id(existing: &[LoadedWaiver]) -> String {
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

/// Runs `waiver list` (or `audit`).
///
/// # Errors
/// The workspace or the policy cannot be used.
pub fn list(args: &WaiverListArgs, audit: bool) -> Result<Outcome, AppError> {
    let report = evaluate(&args.common, false, &[], &[])?;
    let (_, policy) = workspace(&args.common)?;
    let today = args.common.now.unwrap_or_else(Instant::now).date();
    let mut entries: Vec<(&WaiverEntry, Vec<String>)> =
        report.waivers.iter().map(|w| (w, if audit { questions(w, &policy, today) } else { Vec::new() })).collect();
    if audit {
        entries.sort_by_key(|(w, _)| (std::cmp::Reverse(breadth(w)), w.id.clone()));
    }
    let text = match args.common.format {
        Format::Json => {
            let command = if audit { "waiver audit" } else { "waiver list" };
            let verdict = if audit && entries.iter().any(|(w, _)| is_bad(w)) { "fail" } else { "pass" };
            let mut doc = envelope(command, verdict);
            let list: Vec<Value> = entries
                .iter()
                .map(|(w, q)| {
                    let mut v = serde_json::to_value(w).unwrap_or(Value::Null);
                    if audit {
                        v["questions"] = json!(q);
                        v["breadth"] = json!(breadth(w));
                    }
                    v
                })
                .collect();
            doc.insert("waivers".into(), Value::Array(list));
            to_string(&Value::Object(doc))
        }
        _ => table(&entries, audit),
    };
    emit(&args.common, &text)?;
    Ok(if audit && entries.iter().any(|(w, _)| is_bad(w)) { Outcome::Fail } else { Outcome::Pass })
}

fn is_bad(w: &WaiverEntry) -> bool {
    !matches!(w.status.as_str(), "valid" | "expiring" | "unused")
}

/// How broad a waiver's scope is: a prefix rule and every scope field left open widen it.
fn breadth(w: &WaiverEntry) -> u8 {
    let scope = w.scope.as_deref().unwrap_or("");
    let has = |k: &str| scope.split(' ').any(|part| part.starts_with(&format!("{k}=")));
    let crate_open =
        scope.split(' ').find_map(|p| p.strip_prefix("crate=")).is_none_or(|g| g.contains(['*', '?', '[']));
    u8::from(w.rule.as_deref().is_some_and(|r| r.ends_with("/*"))) * 2
        + u8::from(crate_open)
        + u8::from(!has("path"))
        + u8::from(!has("dependency"))
        + u8::from(!has("item"))
}

/// The questions a security reviewer should ask about a waiver.
fn questions(w: &WaiverEntry, policy: &Policy, today: Date) -> Vec<String> {
    let mut q = Vec::new();
    if is_bad(w) {
        q.push(format!("not acceptable: {}", w.problems.join(", ")));
    }
    if breadth(w) >= 4 {
        q.push(format!(
            "broad scope ({}): can it name the crate, path, dependency or item it needs?",
            w.scope.as_deref().unwrap_or("none")
        ));
    }
    let max = i64::from(policy.waivers.max_days);
    if let Some(lifetime) = w.lifetime_days.filter(|l| *l * 5 >= max * 4) {
        q.push(format!("lives {lifetime} of the {max} days allowed: is that long needed?"));
    }
    if let (Some(key_expiry), Some(expires)) =
        (w.signer_key_expires.as_deref().and_then(Date::parse), w.expires.as_deref().and_then(Date::parse))
    {
        if key_expiry < expires || today.days_until(key_expiry) <= i64::from(policy.waivers.warn_days) {
            q.push(format!(
                "a signer's key expires on {key_expiry}, before the waiver does ({expires}): who signs it then?"
            ));
        }
    }
    if w.covers.is_empty() && w.status == "unused" {
        q.push("covers no finding: can it be deleted?".to_owned());
    }
    q
}

fn table(entries: &[(&WaiverEntry, Vec<String>)], audit: bool) -> String {
    let mut out = String::new();
    if entries.is_empty() {
        return "no waivers\n".to_owned();
    }
    let header = ["id", "rule", "scope", "owner", "signers", "created", "expires", "days left", "status", "covers"];
    let rows: Vec<[String; 10]> = entries
        .iter()
        .map(|(w, _)| {
            [
                w.id.clone(),
                w.rule.clone().unwrap_or_default(),
                w.scope.clone().unwrap_or_default(),
                w.owner.clone().unwrap_or_default(),
                w.signers.join(","),
                w.created.clone().unwrap_or_default(),
                w.expires.clone().unwrap_or_default(),
                w.days_left.map(|d| d.to_string()).unwrap_or_default(),
                w.status.clone(),
                w.covers.len().to_string(),
            ]
        })
        .collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|i| rows.iter().map(|r| r[i].chars().count()).chain([header[i].len()]).max().unwrap_or(0))
        .collect();
    let line = |cells: &[String]| -> String {
        cells.iter().zip(&widths).map(|(c, w)| format!("{c:<w$}")).collect::<Vec<_>>().join("  ").trim_end().to_owned()
    };
    let _ = writeln!(out, "{}", line(&header.map(str::to_owned)));
    for ((_, questions), row) in entries.iter().zip(&rows) {
        let _ = writeln!(out, "{}", line(row));
        if audit {
            for q in questions {
                let _ = writeln!(out, "    ? {q}");
            }
        }
    }
    out
}
