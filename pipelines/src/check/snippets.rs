//! The source line a finding points at, for its fingerprint: each file read once, through the
//! gate's bounded, regular-file-only reader.

use std::cell::RefCell;
use std::collections::BTreeMap;

use camino::{Utf8Path, Utf8PathBuf};
use gate_core::finding::Finding;
use gate_core::fsio::{read_regular, SOURCE_FILE_LIMIT};
use gate_core::text::SourceFile;

/// File texts by workspace-relative path (`None`: unreadable).
pub(super) struct Snippets<'a> {
    root: &'a Utf8Path,
    files: RefCell<BTreeMap<Utf8PathBuf, Option<SourceFile>>>,
}

impl<'a> Snippets<'a> {
    pub(super) fn new(root: &'a Utf8Path) -> Self {
        Self { root, files: RefCell::new(BTreeMap::new()) }
    }

    /// The text of the line a finding starts on, if its file can be read.
    pub(super) fn line(&self, finding: &Finding) -> Option<String> {
        let file = &finding.location.file;
        let mut files = self.files.borrow_mut();
        let source = files.entry(file.clone()).or_insert_with(|| {
            let bytes = read_regular(&self.root.join(file), SOURCE_FILE_LIMIT).ok()?;
            Some(SourceFile::new(file.clone(), String::from_utf8_lossy(&bytes).into_owned()))
        });
        source.as_ref().map(|s| s.line_text(finding.location.start.line).to_owned())
    }
}
