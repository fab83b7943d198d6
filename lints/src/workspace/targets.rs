//! A member's targets from its manifest and its directory, as cargo discovers them, for the
//! fallback model: the library (`[lib] name` and `path` honoured), `src/main.rs` and
//! `src/bin/*`, `build.rs`, and the test, bench and example targets (`tests/*.rs`,
//! `tests/*/main.rs`, …) with the `[[test]]`, `[[bench]]`, `[[example]]` and `[[bin]]` tables.

use camino::{Utf8Path, Utf8PathBuf};

use super::fallback::normalize;
use super::manifest::Manifest;
use super::Target;

/// The targets of the member in `dir` (workspace-relative).
pub(super) fn discover(root: &Utf8Path, dir: &Utf8Path, manifest: &Manifest) -> Vec<Target> {
    let package = manifest.name.clone().unwrap_or_default();
    let mut targets: Vec<Target> = Vec::new();
    let mut add = |kind: &str, name: Option<&str>, path: Utf8PathBuf| {
        if root.join(&path).is_file() && !targets.iter().any(|t| t.src_path == path && t.kind == kind) {
            let name = name.map_or_else(|| default_name(kind, &package, &path), str::to_owned);
            targets.push(Target { name, kind: kind.to_owned(), src_path: path });
        }
    };
    for declared in &manifest.target_paths {
        let path = match (&declared.path, declared.kind) {
            (Some(p), _) => normalize(&dir.join(p)),
            (None, "lib") => dir.join("src/lib.rs"),
            (None, "bin") => dir.join("src/main.rs"),
            (None, kind) => {
                dir.join(conventional_dir(kind)).join(format!("{}.rs", declared.name.as_deref().unwrap_or("")))
            }
        };
        add(declared.kind, declared.name.as_deref(), path);
    }
    add("lib", None, dir.join("src/lib.rs"));
    add("bin", None, dir.join("src/main.rs"));
    add("custom-build", None, dir.join("build.rs"));
    for (kind, sub) in [("bin", "src/bin"), ("test", "tests"), ("bench", "benches"), ("example", "examples")] {
        for path in auto_discovered(root, &dir.join(sub)) {
            add(kind, None, path);
        }
    }
    targets
}

fn conventional_dir(kind: &str) -> &'static str {
    match kind {
        "test" => "tests",
        "bench" => "benches",
        _ => "examples",
    }
}

/// `dir/*.rs` and `dir/*/main.rs`, sorted.
fn auto_discovered(root: &Utf8Path, dir: &Utf8Path) -> Vec<Utf8PathBuf> {
    gate_core::fsio::inputs::saw(root.join(dir));
    let Ok(entries) = root.join(dir).read_dir_utf8() else { return Vec::new() };
    let mut found: Vec<Utf8PathBuf> = entries
        .flatten()
        .filter_map(|e| {
            let path = dir.join(e.file_name());
            if path.extension() == Some("rs") {
                Some(path)
            } else {
                let main = path.join("main.rs");
                root.join(&main).is_file().then_some(main)
            }
        })
        .collect();
    found.sort();
    found
}

/// The target's name when the manifest does not give one: the package's for the library (and
/// `src/main.rs`), the file's (or its directory's, for `x/main.rs`) otherwise.
fn default_name(kind: &str, package: &str, path: &Utf8Path) -> String {
    let stem = path.file_stem().unwrap_or_default();
    match kind {
        "lib" => package.replace('-', "_"),
        "custom-build" => "build-script-build".to_owned(),
        _ if stem == "main" => match path.parent().and_then(Utf8Path::file_name) {
            Some(parent) if parent != "src" => parent.to_owned(),
            _ => package.to_owned(),
        },
        _ => stem.to_owned(),
    }
}
