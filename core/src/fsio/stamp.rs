//! File stamps: what `stat` says of a file — size, modification and change times, inode and
//! device — so that a warm run decides "unchanged" without reading it, as git's index and cargo's
//! fingerprints do.
//!
//! A stamp is only taken from a file that has been still for [`RACY_WINDOW`]: a file written in
//! the same clock tick as it was stamped could change again without its times moving (git's
//! "racily clean" entries). Such a file gets no stamp, and its content decides. The change time
//! (`ctime`) cannot be set from user space, so a file edited and then given its old `mtime` back
//! does not match its stamp.

use std::time::Duration;

use serde::{Deserialize, Serialize};

/// How long a file must have been untouched before its stamp is trusted.
pub const RACY_WINDOW: Duration = Duration::from_secs(2);

/// What `stat` says of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    len: u64,
    modified_ns: i128,
    changed_ns: i128,
    inode: u64,
    device: u64,
}

impl Stamp {
    /// The stamp of `meta` (from `std::fs::metadata`, which follows symlinks), or `None` for a
    /// file changed within [`RACY_WINDOW`] of now, or with times the platform does not give.
    #[must_use]
    pub fn of(meta: &std::fs::Metadata) -> Option<Self> {
        let stamp = Self::from_metadata(meta)?;
        let newest = stamp.newest_ns();
        let now = crate::time::unix_nanos_now();
        (now - newest >= i128::try_from(RACY_WINDOW.as_nanos()).ok()?).then_some(stamp)
    }

    /// The stamp of the file at `path`, following symlinks, or `None` (see [`Stamp::of`]).
    #[must_use]
    pub fn of_path(path: &std::path::Path) -> Option<Self> {
        std::fs::metadata(path).ok().filter(std::fs::Metadata::is_file).and_then(|m| Self::of(&m))
    }

    /// Whether the file at `path` still has this stamp.
    #[must_use]
    pub fn matches(&self, path: &std::path::Path) -> bool {
        std::fs::metadata(path).ok().filter(std::fs::Metadata::is_file).and_then(|m| Self::from_metadata(&m))
            == Some(*self)
    }

    /// The later of the modification and change times, in nanoseconds since the epoch.
    pub(super) fn newest_ns(&self) -> i128 {
        self.modified_ns.max(self.changed_ns)
    }

    #[cfg(unix)]
    #[expect(clippy::unnecessary_wraps, reason = "the version for other platforms can fail")]
    pub(super) fn from_metadata(meta: &std::fs::Metadata) -> Option<Self> {
        use std::os::unix::fs::MetadataExt as _;
        let ns = |secs: i64, nanos: i64| i128::from(secs) * 1_000_000_000 + i128::from(nanos);
        Some(Self {
            len: meta.len(),
            modified_ns: ns(meta.mtime(), meta.mtime_nsec()),
            changed_ns: ns(meta.ctime(), meta.ctime_nsec()),
            inode: meta.ino(),
            device: meta.dev(),
        })
    }

    #[cfg(not(unix))]
    pub(super) fn from_metadata(meta: &std::fs::Metadata) -> Option<Self> {
        let modified = meta.modified().ok()?.duration_since(std::time::SystemTime::UNIX_EPOCH).ok()?.as_nanos();
        let modified_ns = i128::try_from(modified).ok()?;
        Some(Self { len: meta.len(), modified_ns, changed_ns: modified_ns, inode: 0, device: 0 })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_just_written_has_no_stamp_and_an_old_one_does() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.rs");
        std::fs::write(&path, "fn a() {}").expect("write");
        assert_eq!(Stamp::of_path(&path), None, "racy: written just now");
        let meta = std::fs::metadata(&path).expect("stat");
        let mut stamp = Stamp::from_metadata(&meta).expect("stamp");
        assert!(stamp.matches(&path));
        stamp.len += 1;
        assert!(!stamp.matches(&path), "another size is another file");
    }

    #[test]
    fn an_edit_changes_the_stamp_even_when_mtime_is_restored() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.rs");
        std::fs::write(&path, "fn a() {}").expect("write");
        let before = Stamp::from_metadata(&std::fs::metadata(&path).expect("stat")).expect("stamp");
        std::thread::sleep(Duration::from_millis(20));
        std::fs::write(&path, "fn b() {}").expect("write");
        let file = std::fs::File::options().write(true).open(&path).expect("open");
        let old =
            std::time::SystemTime::UNIX_EPOCH + Duration::from_nanos(u64::try_from(before.modified_ns).expect("ns"));
        file.set_modified(old).expect("set mtime");
        assert!(!before.matches(&path), "ctime moved");
    }
}
