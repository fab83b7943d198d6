//! Reading waiver files into [`Waiver`]s, with the exact bytes their signatures cover.

use std::ops::Range;

use camino::{Utf8Path, Utf8PathBuf};
use gate_core::config::{read_source, toml_files_in, ConfigDoc, ConfigError, Spanned, TableReader};
use gate_core::glob::{Glob, GlobKind};
use gate_core::text::SourceFile;
use gate_core::time::Date;
use serde_json::{Map, Value};

/// The DSSE payload type of a waiver signature.
pub const WAIVER_PAYLOAD_TYPE: &str = "application/vnd.cargo-gate.waiver.v1+json";

/// One `[[signature]]`.
#[derive(Clone, Debug)]
pub struct SignatureEntry {
    /// Key id, as in the policy's `[[key]]`.
    pub key: String,
    /// Base64 signature.
    pub sig: String,
    /// Where the entry is.
    pub span: Range<usize>,
}

/// A waiver whose file is well-formed.
#[derive(Clone, Debug)]
pub struct Waiver {
    /// `id`.
    pub id: Spanned<String>,
    /// `rule`: a rule id, or a prefix ending in `/*`.
    pub rule: String,
    /// Where `rule` is written.
    pub rule_span: Range<usize>,
    /// `crate` scope.
    pub krate: Option<Glob>,
    /// `path` scope.
    pub path: Option<Glob>,
    /// `dependency` scope.
    pub dependency: Option<Glob>,
    /// `item` scope: one fn path glob, or a list of them (any may match).
    pub item: Option<ItemScope>,
    /// `rationale`.
    pub rationale: String,
    /// `risk`.
    pub risk: String,
    /// `owner`.
    pub owner: String,
    /// `created`.
    pub created: Spanned<Date>,
    /// `expires`.
    pub expires: Spanned<Date>,
    /// The signatures.
    pub signatures: Vec<SignatureEntry>,
    /// The file.
    pub file: SourceFile,
    /// The RFC 8785 canonical JSON of every field but the signatures: what is signed.
    pub body: String,
}

/// A waiver's `item`: a fn path glob (`item = "LegacyStore::*"`) or a list of them
/// (`item = ["a::open", "a::close"]`, what `init --baseline` writes).
#[derive(Clone, Debug)]
pub struct ItemScope {
    /// The globs.
    pub globs: Vec<Glob>,
    /// Whether it was written as a list (the signed body keeps the form).
    pub list: bool,
}

impl std::fmt::Display for ItemScope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let globs: Vec<&str> = self.globs.iter().map(Glob::as_str).collect();
        if self.list {
            write!(f, "[{}]", globs.join(","))
        } else {
            f.write_str(&globs.join(","))
        }
    }
}

impl Waiver {
    /// The scope as one line: `crate=… path=… dependency=… item=…` (a list of items as `[a,b]`).
    #[must_use]
    pub fn scope(&self) -> String {
        let globs = [("crate", &self.krate), ("path", &self.path), ("dependency", &self.dependency)];
        let mut parts: Vec<String> =
            globs.into_iter().filter_map(|(k, g)| g.as_ref().map(|g| format!("{k}={g}"))).collect();
        if let Some(item) = &self.item {
            parts.push(format!("item={item}"));
        }
        parts.join(" ")
    }
}

/// A waiver file as loaded.
#[derive(Debug)]
pub enum LoadedWaiver {
    /// Well-formed.
    Ok(Box<Waiver>),
    /// Unreadable or malformed: a `waiver/invalid` finding.
    Invalid {
        /// The file.
        file: Utf8PathBuf,
        /// Its id, if one could be read.
        id: Option<String>,
        /// What is wrong.
        error: ConfigError,
    },
}

/// Loads every `*.toml` in the waivers directory, in name order.
///
/// # Errors
/// The directory exists but cannot be listed.
pub fn load_all(root: &Utf8Path, dir: &Utf8Path) -> Result<Vec<LoadedWaiver>, ConfigError> {
    let files = toml_files_in(root, dir)?;
    Ok(files.iter().map(|name| load_one(root, name)).collect())
}

fn load_one(root: &Utf8Path, name: &Utf8Path) -> LoadedWaiver {
    let parsed = read_source(root, name).and_then(ConfigDoc::parse);
    let doc = match parsed {
        Ok(doc) => doc,
        // The file name stands in for an id nobody can read.
        Err(error) => {
            return LoadedWaiver::Invalid { file: name.to_owned(), id: name.file_stem().map(str::to_owned), error }
        }
    };
    let id = doc.table().get("id").and_then(|i| i.as_str()).map(str::to_owned);
    match read(&doc) {
        Ok(w) => LoadedWaiver::Ok(Box::new(w)),
        Err(error) => LoadedWaiver::Invalid { file: name.to_owned(), id, error },
    }
}

/// The canonical body of a parsed waiver document, for `waiver sign`.
///
/// # Errors
/// The waiver is malformed.
pub fn body_for_signing(doc: &ConfigDoc) -> Result<(String, Vec<SignatureEntry>), ConfigError> {
    read(doc).map(|w| (w.body, w.signatures))
}

fn read(doc: &ConfigDoc) -> Result<Waiver, ConfigError> {
    let mut t = doc.root();
    let mut body = Map::new();
    let mut text =
        |t: &mut TableReader<'_>, key: &'static str, required: bool| -> Result<Option<Spanned<String>>, ConfigError> {
            let value = if required { Some(t.required_string(key)?) } else { t.string(key)? };
            if let Some(v) = &value {
                body.insert(key.to_owned(), Value::String(v.value.clone()));
            }
            Ok(value)
        };
    let id = text(&mut t, "id", true)?.unwrap_or_else(|| Spanned::new(String::new(), 0..0));
    let rule = text(&mut t, "rule", true)?.map(|s| s.value).unwrap_or_default();
    let krate = text(&mut t, "crate", false)?;
    let path = text(&mut t, "path", false)?;
    let dependency = text(&mut t, "dependency", false)?;
    let item = if t.has("item") && !t.holds_string("item") {
        read_item_list(&mut t)?.map(|list| (list, true))
    } else {
        text(&mut t, "item", false)?.map(|one| (vec![one], false))
    };
    let rationale = text(&mut t, "rationale", true)?.map(|s| s.value).unwrap_or_default();
    let risk = text(&mut t, "risk", true)?.map(|s| s.value).unwrap_or_default();
    let owner = text(&mut t, "owner", true)?.map(|s| s.value).unwrap_or_default();
    let created = required_date(&mut t, "created")?;
    let expires = required_date(&mut t, "expires")?;
    if let Some((items, true)) = &item {
        body.insert("item".into(), Value::Array(items.iter().map(|i| Value::String(i.value.clone())).collect()));
    }
    body.insert("created".into(), Value::String(created.value.to_string()));
    body.insert("expires".into(), Value::String(expires.value.to_string()));
    let signatures = t
        .tables("signature")?
        .into_iter()
        .map(|mut s| {
            let entry = SignatureEntry {
                key: s.required_string("key")?.value,
                sig: s.required_string("sig")?.value,
                span: s.span(),
            };
            s.finish()?;
            Ok(entry)
        })
        .collect::<Result<Vec<_>, ConfigError>>()?;
    let span = t.span();
    t.finish()?;

    let rule_span = t_span(doc, "rule");
    if rule.split('/').next() == Some("waiver") {
        return Err(ConfigError::at(&doc.file, rule_span, "waiver problems cannot themselves be waived"));
    }
    if krate.is_none() && path.is_none() {
        return Err(ConfigError::at(&doc.file, span, "a waiver needs a scope: at least one of `crate` and `path`"));
    }
    if expires.value < created.value {
        return Err(ConfigError::at(&doc.file, expires.span.clone(), "`expires` is before `created`"));
    }
    let glob = |v: Option<Spanned<String>>, kind| -> Result<Option<Glob>, ConfigError> {
        v.map(|s| Glob::new(&s.value, kind).map_err(|e| ConfigError::at(&doc.file, s.span, e.to_string()))).transpose()
    };
    Ok(Waiver {
        id,
        rule,
        rule_span,
        krate: glob(krate, GlobKind::Name)?,
        path: glob(path, GlobKind::Path)?,
        dependency: glob(dependency, GlobKind::Name)?,
        item: item
            .map(|(items, list)| {
                let globs = items.into_iter().filter_map(|i| glob(Some(i), GlobKind::Name).transpose());
                globs.collect::<Result<Vec<Glob>, ConfigError>>().map(|globs| ItemScope { globs, list })
            })
            .transpose()?,
        rationale,
        risk,
        owner,
        created,
        expires,
        signatures,
        file: doc.file.clone(),
        body: gate_core::sign::jcs::canonicalize(&Value::Object(body)),
    })
}

/// `item = [ … ]`: a non-empty list of fn path globs (signed as a JSON array).
fn read_item_list(t: &mut TableReader<'_>) -> Result<Option<Vec<Spanned<String>>>, ConfigError> {
    let Some(items) = t.strings("item")? else { return Ok(None) };
    if items.is_empty() {
        return Err(t.error(t.span(), "`item` is an empty list: name at least one fn path glob, or leave `item` out"));
    }
    Ok(Some(items))
}

fn required_date(t: &mut TableReader<'_>, key: &'static str) -> Result<Spanned<Date>, ConfigError> {
    match t.date(key)? {
        Some(d) => Ok(d),
        None => Err(t.error(t.span(), format!("the waiver is missing `{key}` (a date, YYYY-MM-DD)"))),
    }
}

fn t_span(doc: &ConfigDoc, key: &str) -> Range<usize> {
    doc.table().get(key).and_then(toml_edit::Item::span).unwrap_or(0..0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waiver_prefixes_and_mutations_never_panic() {
        let text =
            "# comment\nid = \"W-0001\"\nrule = \"ambient/*\"\ncrate = \"p*\"\npath = \"src/**\"\ndependency = \"x\"\n\
                    item = \"A::*\"\nrationale = \"r\"\nrisk = \"r\"\nowner = \"o\"\ncreated = 2026-11-01\n\
                    expires = 2026-12-01\n\n[[signature]]\nkey = \"alice\"\nsig = \"AAAA\"\n";
        let mut invalid = 0;
        for end in (0..text.len()).filter(|i| text.is_char_boundary(*i)) {
            let parsed = ConfigDoc::parse(SourceFile::new("waivers/W-0001.toml", &text[..end]));
            invalid += usize::from(parsed.and_then(|doc| read(&doc)).is_err());
        }
        assert!(invalid > 100, "{invalid}");
    }

    fn parsed(item: &str) -> Result<Waiver, ConfigError> {
        let text = format!(
            "id = \"W-1\"\nrule = \"ambient/*\"\npath = \"src/a.rs\"\n{item}\nrationale = \"r\"\nrisk = \"r\"\n\
             owner = \"o\"\ncreated = 2026-11-01\nexpires = 2026-12-01\n"
        );
        read(&ConfigDoc::parse(SourceFile::new("waivers/W-1.toml", text))?)
    }

    #[test]
    fn an_item_list_is_signed_as_a_json_array_and_one_item_as_a_string() {
        let list = parsed("item = [\"a::open\", \"B::*\"]").unwrap();
        assert!(list.body.contains(r#""item":["a::open","B::*"]"#), "{}", list.body);
        assert_eq!(list.item.map(|i| i.globs.len()), Some(2));
        let one = parsed("item = \"a::open\"").unwrap();
        assert!(one.body.contains(r#""item":"a::open""#), "{}", one.body);
        assert!(parsed("item = []").unwrap_err().message.contains("empty list"));
        assert!(parsed("item = [1]").is_err());
        assert!(parsed("item = [\"[\"]").is_err(), "every glob is validated");
    }
}

#[cfg(test)]
pub(crate) mod tests_support {
    use super::{ConfigDoc, LoadedWaiver};

    /// Parses a waiver document the way `load_all` does.
    pub fn read(doc: &ConfigDoc) -> LoadedWaiver {
        match super::read(doc) {
            Ok(w) => LoadedWaiver::Ok(Box::new(w)),
            Err(error) => LoadedWaiver::Invalid { file: doc.file.name.clone(), id: None, error },
        }
    }
}
