//! `evidence/manifest.toml`: one `[[evidence]]` table per recorded file, read with spans so a
//! broken entry is an error naming the file, line and key.

use camino::{Utf8Path, Utf8PathBuf};
use gate_core::config::{did_you_mean, ConfigDoc, ConfigError, Spanned, TableReader};
use gate_core::time::Instant;
use serde::Serialize;

use super::{confine, Repo, MAX_GATE_FILE};
use crate::Error;

/// What a recorded file is (`evidence record --kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RecordKind {
    /// Any file.
    File,
    /// A profile's results (JUnit, libtest JSON or a case report); needs a profile.
    Results,
    /// A benchmark report (JSON).
    Benchmark,
    /// A DSSE attestation.
    Attestation,
}

impl RecordKind {
    /// Every kind with its name.
    pub const ALL: [(Self, &'static str); 4] = [
        (Self::File, "file"),
        (Self::Results, "results"),
        (Self::Benchmark, "benchmark"),
        (Self::Attestation, "attestation"),
    ];

    /// The name, as written in the manifest and on the command line.
    #[must_use]
    pub fn name(self) -> &'static str {
        Self::ALL.iter().find(|(k, _)| *k == self).map_or("file", |(_, n)| n)
    }

    /// The kind with this name.
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.iter().find(|(_, n)| *n == name).map(|(k, _)| *k)
    }

    /// `file, results, benchmark, attestation`.
    #[must_use]
    pub fn names() -> String {
        Self::ALL.iter().map(|(_, n)| *n).collect::<Vec<_>>().join(", ")
    }
}

/// One recorded file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// Workspace-relative path.
    pub path: Utf8PathBuf,
    /// What it is.
    pub kind: RecordKind,
    /// The profile whose results these are (`results` only).
    pub profile: Option<String>,
    /// Lowercase hex SHA-256 of the content when recorded.
    pub sha256: String,
    /// Bytes.
    pub size: u64,
    /// When it was recorded (RFC 3339, UTC).
    pub recorded: String,
    /// `HEAD`'s commit when it was recorded (absent outside a git repository).
    pub commit: Option<String>,
    /// Whether tracked files differed from that commit.
    pub dirty: Option<bool>,
    /// The entry's line in the manifest.
    pub line: usize,
    /// `recorded`, parsed.
    #[serde(skip)]
    pub recorded_at: Instant,
}

/// The parsed manifest.
#[derive(Clone, Debug, Default)]
pub struct Manifest {
    /// Its workspace-relative path.
    pub file: Utf8PathBuf,
    /// Whether the file exists (a workspace with no evidence has none).
    pub exists: bool,
    /// Entries in file order.
    pub entries: Vec<Entry>,
}

impl Manifest {
    /// Reads `<evidence>/manifest.toml`; a missing manifest is an empty one.
    ///
    /// # Errors
    /// Every problem with the file (unreadable, not TOML, bad fields), located.
    pub fn load(repo: &Repo) -> Result<Self, Error> {
        let file = repo.manifest_path();
        // Anything at the path counts, a dangling or looping link included: it is then read, and
        // refused by name, instead of passing as "no evidence recorded".
        let exists = std::fs::symlink_metadata(repo.root.join(&file)).is_ok()
            || confine::confine(repo, file.as_str()).map_or(true, |c| c.exists);
        if !exists {
            return Ok(Self { file, exists, entries: Vec::new() });
        }
        let source = confine::read_text(repo, &file, MAX_GATE_FILE)?;
        let doc = ConfigDoc::parse(source)?;
        let entries = read_entries(&doc)?;
        Ok(Self { file, exists, entries })
    }

    /// The entry recorded for `path`.
    #[must_use]
    pub fn entry(&self, path: &Utf8Path) -> Option<&Entry> {
        self.entries.iter().find(|e| e.path == path)
    }

    /// The `results` recorded for a profile, in file order.
    #[must_use]
    pub fn results_for(&self, profile: &str) -> Vec<&Entry> {
        self.entries.iter().filter(|e| e.kind == RecordKind::Results && e.profile.as_deref() == Some(profile)).collect()
    }
}

fn read_entries(doc: &ConfigDoc) -> Result<Vec<Entry>, Error> {
    let mut root = doc.root();
    let mut errors = Vec::new();
    let mut entries: Vec<Entry> = Vec::new();
    let tables = root.tables("evidence")?;
    for mut t in tables {
        let (file, span) = (t.file(), t.span());
        match read_entry(&mut t).and_then(|entry| t.finish().map(|()| entry)) {
            Ok(entry) => {
                if let Some(first) = entries.iter().find(|e| e.path == entry.path) {
                    let message = format!("`{}` is recorded twice (first at line {})", entry.path, first.line);
                    errors.push(ConfigError::at(file, span, message));
                } else {
                    entries.push(entry);
                }
            }
            Err(e) => errors.push(e),
        }
    }
    if let Err(e) = root.finish() {
        errors.push(e);
    }
    if errors.is_empty() {
        Ok(entries)
    } else {
        Err(Error::Config(errors))
    }
}

fn read_entry(t: &mut TableReader<'_>) -> Result<Entry, ConfigError> {
    let line = t.file().position(t.span().start).line;
    let path = t.required_string("path")?;
    let rel = confine::normalize(&path.value).map_err(|e| t.error(path.span.clone(), format!("`path`: {e}")))?;
    let kind = read_kind(t)?;
    let profile = t.string("profile")?;
    match (&profile, kind) {
        (None, RecordKind::Results) => {
            return Err(t.error(t.span(), "`results` evidence needs the `profile` it belongs to"));
        }
        (Some(p), k) if k != RecordKind::Results => {
            return Err(
                t.error(p.span.clone(), format!("`profile` is only for `results` evidence, not `{}`", k.name()))
            );
        }
        _ => {}
    }
    let sha256 = t.required_string("sha256")?;
    if !is_hex(&sha256.value, &[64]) {
        return Err(t.error(
            sha256.span,
            format!("`sha256` must be 64 lowercase hex digits (a SHA-256 digest), found `{}`", sha256.value),
        ));
    }
    let size = t.integer("size")?.ok_or_else(|| t.error(t.span(), "the entry is missing `size` (bytes)"))?;
    let size = u64::try_from(size.value).map_err(|_| t.error(size.span, "`size` must not be negative"))?;
    let recorded = t.required_string("recorded")?;
    let recorded_at = Instant::parse_rfc3339(&recorded.value).ok_or_else(|| {
        t.error(recorded.span.clone(), format!("`recorded` must be an RFC 3339 time, found `{}`", recorded.value))
    })?;
    let commit = t.string("commit")?;
    if let Some(c) = &commit {
        if !is_hex(&c.value, &[40, 64]) {
            return Err(t.error(c.span.clone(), format!("`commit` must be a full hex commit id, found `{}`", c.value)));
        }
    }
    let dirty = t.bool("dirty")?;
    Ok(Entry {
        path: rel,
        kind,
        profile: profile.map(|p| p.value),
        sha256: sha256.value,
        size,
        recorded: recorded_at.to_rfc3339(),
        commit: commit.map(|c| c.value),
        dirty,
        line,
        recorded_at,
    })
}

fn read_kind(t: &mut TableReader<'_>) -> Result<RecordKind, ConfigError> {
    let kind: Spanned<String> = t.required_string("kind")?;
    RecordKind::parse(&kind.value).ok_or_else(|| {
        let names = RecordKind::ALL.iter().map(|(_, n)| *n);
        let help = did_you_mean(&kind.value, names)
            .map_or_else(|| format!("kinds: {}", RecordKind::names()), |s| format!("did you mean `{s}`?"));
        t.error(kind.span, format!("unknown evidence kind `{}`", kind.value)).with_help(help)
    })
}

fn is_hex(text: &str, lengths: &[usize]) -> bool {
    lengths.contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}
