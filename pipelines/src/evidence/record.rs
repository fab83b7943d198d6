//! `evidence record`: notarise one file in the manifest — its digest, size, the time, the commit
//! and the dirty flag — editing the manifest in place (comments and layout kept) and writing it
//! atomically.

use camino::Utf8PathBuf;
use gate_core::time::Instant;
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value};

use super::{confine, git, hash_file, Entry, Manifest, RecordKind, Repo};
use crate::Error;

/// The header of a new manifest.
const HEADER: &str = "\
# Evidence recorded by `cargo gate evidence record`: each file's sha256, size, time, git commit and
# dirty flag. `cargo gate evidence verify` checks them; claims and releases trust only these entries.
";

/// What to record.
#[derive(Clone, Debug)]
pub struct RecordRequest<'a> {
    /// Workspace-relative path of the file.
    pub path: &'a str,
    /// Its kind.
    pub kind: RecordKind,
    /// The profile, for `results`.
    pub profile: Option<&'a str>,
    /// The time to record.
    pub now: Instant,
}

/// What `record` wrote.
#[derive(Clone, Debug)]
pub struct Recorded {
    /// The new entry.
    pub entry: Entry,
    /// The manifest, workspace-relative.
    pub manifest: Utf8PathBuf,
    /// Whether an entry for the path was replaced (rather than added).
    pub replaced: bool,
    /// Remarks about the content (a benchmark that is not JSON, …): recorded anyway, since
    /// judging evidence is the claims' job, but worth saying now.
    pub notes: Vec<String>,
}

/// Records `request.path` in the manifest.
///
/// # Errors
/// A bad kind/profile pair, a profile the workspace does not define, a path that escapes or
/// does not exist, an invalid manifest, or a manifest that cannot be written.
pub fn record(repo: &Repo, request: &RecordRequest<'_>) -> Result<Recorded, Error> {
    check_profile(request)?;
    if let Some(id) = request.profile {
        // Results are a profile's: one the workspace defines (a typo would record orphans).
        let profiles = crate::profiles::load_profiles(&repo.root, &repo.profiles)?;
        crate::profiles::find_profile(&profiles, id, &repo.profiles)?;
    }
    let given = request.path;
    let target = confine(repo, given).map_err(|e| Error::Usage(format!("cannot record `{given}`: {e}")))?;
    let manifest_rel = repo.manifest_path();
    if !target.exists {
        return Err(Error::Usage(format!(
            "cannot record `{}`: no such file (paths are relative to the workspace root {})",
            target.rel, repo.root
        )));
    }
    if target.rel == manifest_rel {
        return Err(Error::Usage(format!("cannot record `{}`: the manifest cannot record itself", target.rel)));
    }
    let digest = hash_file(&target.abs).map_err(|e| Error::Usage(format!("cannot record `{}`: {e}", target.rel)))?;
    // The manifest must be valid before it is edited, and must itself stay inside the repository.
    let manifest = Manifest::load(repo)?;
    let evidence_dir = confine(repo, repo.evidence.as_str())
        .map_err(|e| Error::Usage(format!("cannot write the manifest in `{}`: {e}", repo.evidence)))?;
    let state = git::state(&repo.root);
    let entry = Entry {
        path: target.rel.clone(),
        kind: request.kind,
        profile: request.profile.map(str::to_owned),
        sha256: digest.sha256,
        size: digest.size,
        recorded: request.now.to_rfc3339(),
        commit: state.as_ref().and_then(|s| s.commit.clone()),
        dirty: state.as_ref().map(|s| s.dirty),
        line: 0,
        recorded_at: request.now,
    };
    let text = if manifest.exists {
        gate_core::fsio::read_text_inside(&repo.root, &manifest_rel, gate_core::fsio::GATE_FILE_LIMIT)
            .map_err(|e| Error::Io(e.to_string()))?
    } else {
        HEADER.to_owned()
    };
    let (updated, replaced) = edit(&text, &entry).map_err(|m| Error::Usage(format!("{manifest_rel}: {m}")))?;
    std::fs::create_dir_all(&evidence_dir.abs)
        .map_err(|e| Error::Io(format!("cannot create {}: {e}", evidence_dir.rel)))?;
    gate_core::fsio::write_atomic(&repo.root.join(&manifest_rel), updated.as_bytes())?;
    let notes = content_notes(&target.abs, request.kind, &target.rel);
    // The entry's line, as a reader of the written manifest sees it.
    let line = Manifest::load(repo).ok().and_then(|m| m.entry(&entry.path).map(|e| e.line)).unwrap_or(0);
    Ok(Recorded { entry: Entry { line, ..entry }, manifest: manifest_rel, replaced, notes })
}

fn check_profile(request: &RecordRequest<'_>) -> Result<(), Error> {
    match (request.kind, request.profile) {
        (RecordKind::Results, None) => {
            Err(Error::Usage("`--kind results` needs `--profile ID`: results are a profile's results".to_owned()))
        }
        (kind, Some(_)) if kind != RecordKind::Results => {
            Err(Error::Usage(format!("`--profile` is only for `--kind results`, not `{}`", kind.name())))
        }
        _ => Ok(()),
    }
}

/// Adds or updates the entry for `entry.path`; returns the new text and whether it replaced one.
fn edit(text: &str, entry: &Entry) -> Result<(String, bool), String> {
    let mut doc: DocumentMut = text.parse().map_err(|e| format!("invalid TOML: {e}"))?;
    // Comments in a file with no table yet are the document's trailing text, which is printed
    // after the tables: they become the first table's header instead, so they stay on top.
    let header = doc.trailing().as_str().unwrap_or_default().to_owned();
    let item = doc.entry("evidence").or_insert_with(|| Item::ArrayOfTables(ArrayOfTables::new()));
    let Some(tables) = item.as_array_of_tables_mut() else {
        return Err("`evidence` must be written as `[[evidence]]` tables to be edited".to_owned());
    };
    let existing = tables.iter_mut().find(|t| {
        t.get("path").and_then(Item::as_str).and_then(|p| confine::normalize(p).ok()).as_ref() == Some(&entry.path)
    });
    let replaced = existing.is_some();
    match existing {
        Some(table) => fill(table, entry),
        None => {
            let mut table = Table::new();
            set(&mut table, "path", entry.path.as_str());
            fill(&mut table, entry);
            let first = tables.is_empty();
            if first && !header.trim().is_empty() {
                table.decor_mut().set_prefix(format!("{}\n\n", header.trim_end()));
            }
            tables.push(table);
            if first {
                doc.set_trailing("");
            }
        }
    }
    Ok((doc.to_string(), replaced))
}

fn fill(table: &mut Table, entry: &Entry) {
    set(table, "kind", entry.kind.name());
    match &entry.profile {
        Some(p) => set(table, "profile", p.as_str()),
        None => drop(table.remove("profile")),
    }
    set(table, "sha256", entry.sha256.as_str());
    set(table, "size", i64::try_from(entry.size).unwrap_or(i64::MAX));
    set(table, "recorded", entry.recorded.as_str());
    match &entry.commit {
        Some(c) => set(table, "commit", c.as_str()),
        None => drop(table.remove("commit")),
    }
    match entry.dirty {
        Some(d) => set(table, "dirty", d),
        None => drop(table.remove("dirty")),
    }
}

/// Sets `key`, keeping the key where it is and the old value's comments.
fn set(table: &mut Table, key: &str, value: impl Into<Value>) {
    let mut value: Value = value.into();
    match table.get_mut(key) {
        Some(item) => {
            if let Some(old) = item.as_value() {
                *value.decor_mut() = old.decor().clone();
            }
            *item = Item::Value(value);
        }
        None => {
            table.insert(key, Item::Value(value));
        }
    }
}

fn content_notes(abs: &camino::Utf8Path, kind: RecordKind, rel: &camino::Utf8Path) -> Vec<String> {
    const LIMIT: u64 = 64 << 20;
    let json_kinds = [RecordKind::Benchmark, RecordKind::Attestation];
    if !json_kinds.contains(&kind) {
        return Vec::new();
    }
    let Ok(bytes) = super::read_bounded(abs, LIMIT) else {
        return Vec::new();
    };
    let is_json = serde_json::from_slice::<serde_json::Value>(&bytes).is_ok()
        || (kind == RecordKind::Attestation
            && !bytes.is_empty()
            && bytes.split(|b| *b == b'\n').all(|l| {
                l.iter().all(u8::is_ascii_whitespace) || serde_json::from_slice::<serde_json::Value>(l).is_ok()
            }));
    if is_json {
        Vec::new()
    } else {
        vec![format!("`{rel}` is not JSON: a {} requirement on it will fail", kind.name())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, sha: char) -> Entry {
        Entry {
            path: path.into(),
            kind: RecordKind::Benchmark,
            profile: None,
            sha256: sha.to_string().repeat(64),
            size: 3,
            recorded: "2026-01-02T03:04:05Z".into(),
            commit: None,
            dirty: None,
            line: 0,
            recorded_at: Instant(0),
        }
    }

    #[test]
    fn edits_keep_comments_and_order() {
        let text = "# top comment\n\n# about the bench\n[[evidence]]\npath = \"a.json\" # the bench\nkind = \"file\"\nsha256 = \"x\"\nsize = 1\nrecorded = \"2020-01-01T00:00:00Z\"\ncommit = \"c\"\n";
        let (out, replaced) = edit(text, &entry("a.json", 'a')).unwrap();
        assert!(replaced);
        assert!(out.starts_with("# top comment\n\n# about the bench\n[[evidence]]\npath = \"a.json\" # the bench\n"));
        assert!(out.contains("kind = \"benchmark\"\n"));
        assert!(!out.contains("commit"));
        let (out, replaced) = edit(&out, &entry("b.json", 'b')).unwrap();
        assert!(!replaced);
        let (fresh, _) = edit(HEADER, &entry("c.json", 'c')).unwrap();
        assert!(fresh.starts_with(&format!("{HEADER}\n[[evidence]]\npath = \"c.json\"\n")), "{fresh}");
        assert!(out.contains("[[evidence]]\npath = \"b.json\"\nkind = \"benchmark\"\nsha256 = \"bbbb"), "{out}");
    }
}
