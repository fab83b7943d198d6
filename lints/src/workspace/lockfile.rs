//! `Cargo.lock`, for the fallback model: its `dependencies` lists are the resolved edges of every
//! locked package, path dependencies outside the checkout included. A dependency is written
//! `name`, or `name version` (and `name version (source)`) when several versions are locked.

use camino::Utf8Path;
use toml_edit::{DocumentMut, Item};

/// One `[[package]]` of the lock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Locked {
    /// Package name.
    pub name: String,
    /// Version.
    pub version: String,
    /// `source`, absent for workspace members and path dependencies.
    pub source: Option<String>,
    /// Its dependencies as written.
    pub dependencies: Vec<String>,
}

/// The packages of a lock file.
#[derive(Clone, Debug, Default)]
pub(super) struct Lock {
    /// In file order.
    pub packages: Vec<Locked>,
}

impl Lock {
    /// Reads `Cargo.lock` at the workspace root: `Err` says why there is none to use.
    pub(super) fn read(root: &Utf8Path) -> Result<Self, String> {
        let path = root.join("Cargo.lock");
        if std::fs::symlink_metadata(&path).is_err() {
            return Err("the workspace has no `Cargo.lock`".to_owned());
        }
        let boundary = gate_core::fsio::repo_root(root);
        let bytes = gate_core::fsio::read_inside(&boundary, &path, gate_core::fsio::SOURCE_FILE_LIMIT)
            .map_err(|e| format!("`Cargo.lock` {}", e.reason()))?;
        let text = String::from_utf8(bytes).map_err(|_| "`Cargo.lock` is not UTF-8".to_owned())?;
        Self::parse(&text).ok_or_else(|| "`Cargo.lock` is not a lock file cargo wrote".to_owned())
    }

    /// Parses a lock file's text.
    pub(super) fn parse(text: &str) -> Option<Self> {
        let doc: DocumentMut = text.parse().ok()?;
        let packages = doc.get("package").and_then(Item::as_array_of_tables)?;
        let packages = packages
            .iter()
            .filter_map(|t| {
                let get = |key: &str| t.get(key).and_then(Item::as_str).map(str::to_owned);
                let dependencies = t
                    .get("dependencies")
                    .and_then(Item::as_array)
                    .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
                    .unwrap_or_default();
                Some(Locked { name: get("name")?, version: get("version")?, source: get("source"), dependencies })
            })
            .collect();
        Some(Self { packages })
    }

    /// The package a `dependencies` entry names: `name`, `name version`, or
    /// `name version (source)`.
    #[must_use]
    pub(super) fn find(&self, entry: &str) -> Option<usize> {
        let mut parts = entry.splitn(3, ' ');
        let name = parts.next()?;
        let version = parts.next();
        let source = parts.next().map(|s| s.trim_start_matches('(').trim_end_matches(')'));
        let mut matching = self.packages.iter().enumerate().filter(|(_, p)| {
            p.name == name
                && version.is_none_or(|v| p.version == v)
                && source.is_none_or(|s| p.source.as_deref() == Some(s))
        });
        let first = matching.next()?.0;
        // A bare name must be unambiguous, as cargo writes it only then.
        matching.next().is_none().then_some(first)
    }

    /// The lock entry of a workspace member (no source), by name and, when known, version.
    #[must_use]
    pub(super) fn member(&self, name: &str, version: &str) -> Option<usize> {
        let mut candidates =
            self.packages.iter().enumerate().filter(|(_, p)| p.name == name && p.source.is_none()).map(|(i, _)| i);
        let first = candidates.next()?;
        let rest: Vec<usize> = candidates.collect();
        if rest.is_empty() {
            return Some(first);
        }
        std::iter::once(first).chain(rest).find(|&i| self.packages[i].version == version)
    }

    /// Among `package`'s dependencies, the one named `name` (the package name, not the key a
    /// manifest imports it as).
    #[must_use]
    pub(super) fn dependency_named(&self, package: usize, name: &str) -> Option<usize> {
        self.packages
            .get(package)?
            .dependencies
            .iter()
            .filter_map(|d| self.find(d))
            .find(|&i| self.packages[i].name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"
version = 4

[[package]]
name = "app"
version = "0.1.0"
dependencies = ["rusqlite 0.32.1", "shared"]

[[package]]
name = "shared"
version = "0.1.0"
dependencies = ["rusqlite 0.31.0"]

[[package]]
name = "rusqlite"
version = "0.31.0"
source = "registry+https://github.com/rust-lang/crates.io-index"

[[package]]
name = "rusqlite"
version = "0.32.1"
source = "registry+https://github.com/rust-lang/crates.io-index"
"#;

    #[test]
    fn versions_disambiguate_dependencies() {
        let lock = Lock::parse(LOCK).unwrap();
        let app = lock.member("app", "0.1.0").unwrap();
        let rusqlite = lock.dependency_named(app, "rusqlite").unwrap();
        assert_eq!(lock.packages[rusqlite].version, "0.32.1");
        let shared = lock.dependency_named(app, "shared").unwrap();
        let old = lock.dependency_named(shared, "rusqlite").unwrap();
        assert_eq!(lock.packages[old].version, "0.31.0");
        assert_eq!(lock.find("rusqlite"), None, "a bare name of two locked versions is ambiguous");
        assert!(Lock::parse("not = [toml").is_none());
    }
}
