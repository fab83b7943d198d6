//! The inputs of a run, recorded as it reads them, so that the next run can tell from `stat`
//! alone that none changed (a warm `check` then reuses the previous output, PRODUCT.md §10).
//!
//! While a recording is open, every file the gate reads through [`super::read_regular`] (so
//! through every reader of this module), every directory it lists and every path whose
//! absence it relied on is noted with its [`Stamp`]. A path that changed within
//! [`RACY_WINDOW`] of the recording's start, or that could not be stat'ed, makes the whole
//! recording untrusted: such a run leaves nothing to reuse. Caches are read with
//! [`super::read_unrecorded`]: they are not inputs, the run rewrites them.

use std::collections::BTreeMap;
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use super::stamp::{Stamp, RACY_WINDOW};

/// What a path was when the run relied on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Seen {
    /// Nothing there.
    Missing,
    /// A file (symlinks followed) with this stamp.
    File(Stamp),
    /// A directory with this stamp (adding or removing an entry changes it).
    Dir(Stamp),
    /// Something is there, whatever it is and whenever it changed (a `.git`, whose stamp moves
    /// with every git command).
    There,
}

impl Seen {
    /// What `path` is now, or `None` when it cannot be told.
    fn now(path: &str) -> Option<Self> {
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => Stamp::from_metadata(&meta).map(Self::Dir),
            Ok(meta) => Stamp::from_metadata(&meta).map(Self::File),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Some(Self::Missing),
            Err(_) => None,
        }
    }
}

/// The paths a finished recording relied on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inputs(Vec<(String, Seen)>);

impl Inputs {
    /// Whether every path is still what it was.
    #[must_use]
    pub fn unchanged(&self) -> bool {
        self.0.iter().all(|(path, seen)| match seen {
            Seen::There => std::fs::metadata(path).is_ok(),
            _ => Seen::now(path).as_ref() == Some(seen),
        })
    }

    /// How many paths.
    #[must_use]
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// No path at all.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

struct Recording {
    /// Paths changed at or after this instant (nanoseconds since the epoch) are racy.
    settled_before: i128,
    seen: BTreeMap<String, Seen>,
    trusted: bool,
}

static RECORDING: Mutex<Option<Recording>> = Mutex::new(None);

/// Opens a recording (replacing any open one).
pub fn record() {
    let window = i128::try_from(RACY_WINDOW.as_nanos()).unwrap_or(i128::MAX);
    let settled_before = crate::time::unix_nanos_now().saturating_sub(window);
    if let Ok(mut slot) = RECORDING.lock() {
        *slot = Some(Recording { settled_before, seen: BTreeMap::new(), trusted: true });
    }
}

/// Closes the recording: its inputs, or `None` when it is untrusted (or none was open).
#[must_use]
pub fn finish() -> Option<Inputs> {
    let recording = RECORDING.lock().ok()?.take()?;
    recording.trusted.then(|| Inputs(recording.seen.into_iter().collect()))
}

/// Notes that the run relied on `path` (a file, a directory, or its absence) as it is now.
pub fn saw(path: impl AsRef<std::path::Path>) {
    let Ok(mut slot) = RECORDING.lock() else { return };
    let Some(recording) = slot.as_mut() else { return };
    let path = path.as_ref().to_string_lossy().into_owned();
    if recording.seen.contains_key(&path) {
        return;
    }
    match Seen::now(&path) {
        Some(seen) => recording.note(path, seen),
        None => recording.trusted = false,
    }
}

/// Notes that the run relied on whether something is at `path`, and nothing more.
pub fn saw_presence(path: impl AsRef<std::path::Path>) {
    let Ok(mut slot) = RECORDING.lock() else { return };
    let Some(recording) = slot.as_mut() else { return };
    let path = path.as_ref();
    let seen = if std::fs::metadata(path).is_ok() { Seen::There } else { Seen::Missing };
    recording.seen.entry(path.to_string_lossy().into_owned()).or_insert(seen);
}

/// Notes that the run relied on a file it did not read because its stamp vouched for it.
pub fn saw_stamp(path: impl AsRef<std::path::Path>, stamp: Stamp) {
    let Ok(mut slot) = RECORDING.lock() else { return };
    if let Some(recording) = slot.as_mut() {
        recording.note(path.as_ref().to_string_lossy().into_owned(), Seen::File(stamp));
    }
}

/// Whether a recording is open (a reader only stats for it then).
pub(super) fn recording() -> bool {
    RECORDING.lock().is_ok_and(|slot| slot.is_some())
}

impl Recording {
    fn note(&mut self, path: String, seen: Seen) {
        if let Seen::File(stamp) | Seen::Dir(stamp) = seen {
            if stamp.newest_ns() >= self.settled_before {
                self.trusted = false;
            }
        }
        self.seen.insert(path, seen);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // One test: the recording is process-wide.
    #[test]
    fn a_recording_notes_files_directories_and_absences_and_distrusts_fresh_ones() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("a.toml");
        std::fs::write(&file, "x = 1").expect("write");
        record();
        saw(dir.path().join("missing.toml"));
        let inputs = finish().expect("a missing path is not racy");
        assert_eq!(inputs.len(), 1);
        assert!(inputs.unchanged());
        std::fs::write(dir.path().join("missing.toml"), "now here").expect("write");
        assert!(!inputs.unchanged(), "a path that appeared");

        record();
        saw(&file);
        assert_eq!(finish(), None, "a file written just now is racy");
        assert_eq!(finish(), None, "no recording open");

        // Presence alone: a `.git` whose content moves is still there.
        let git = dir.path().join(".git");
        std::fs::create_dir(&git).expect("mkdir");
        record();
        saw_presence(&git);
        let inputs = finish().expect("presence is never racy");
        std::fs::write(git.join("index"), "changed").expect("write");
        assert!(inputs.unchanged());
        std::fs::remove_dir_all(&git).expect("rm");
        assert!(!inputs.unchanged(), "gone");
    }
}
