//! `cargo gate waiver new | sign | list | audit`.

mod list;
mod sign;

pub use list::list;
pub use sign::sign;

use lints::config::ConfigDoc;
use lints::policy::Policy;
use lints::text::SourceFile;
use lints::time::{Date, Instant};
use lints::workspace::Workspace;
use serde_json::{json, Value};
use toml_edit::{value, DocumentMut};

use crate::cli::{CommonArgs, Format, WaiverNewArgs};
use crate::error::AppError;
use crate::exit::Outcome;
use crate::output::{emit, write_atomic};
use crate::render::json::{envelope, to_string};
use crate::waivers::{self, body_for_signing, LoadedWaiver};

/// The workspace and its policy.
pub(super) fn workspace(common: &CommonArgs) -> Result<(Workspace, Policy), AppError> {
    let ws = super::load_workspace(common)?;
    let policy = super::load_policy(&ws)?;
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

pub(super) fn loaded_id(w: &LoadedWaiver) -> Option<String> {
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
