//! The `resolve/partial` finding: cargo could not resolve the workspace, so rules ran on the
//! manifests alone (PRODUCT.md §4).

use gate_core::finding::{Finding, Location, Severity};
use gate_core::text::Position;
use lints::workspace::Partial;

/// The one `resolve/partial` warning, naming what cargo said and what was not followed.
pub(super) fn finding(partial: &Partial) -> Finding {
    let start = Position { line: 1, column: 1 };
    let unresolved = if partial.unresolved.is_empty() {
        String::new()
    } else {
        format!(
            "; dependencies of {} were not followed",
            partial.unresolved.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
        )
    };
    let lines: Vec<&str> =
        partial.cargo_error.lines().map(str::trim).filter(|l| !l.is_empty() && *l != "Caused by:").collect();
    let first = lines.first().map_or("", |l| l.trim_start_matches("error: "));
    // The innermost cause that names something (a path, a package) says most.
    let cause = lines.iter().skip(1).rev().find(|l| l.contains('`'));
    let cargo = match cause {
        Some(last) => format!("{first}: {last}"),
        _ => first.to_owned(),
    };
    Finding::new(
        "resolve/partial",
        Location { file: "Cargo.toml".into(), start, end: start },
        format!("cargo could not resolve the workspace ({cargo}): rules ran on the manifests alone{unresolved}"),
    )
    .with_help(format!("transitive rules through unresolved packages were not evaluated; `--strict` makes this an error\ncargo said:\n{}", partial.cargo_error))
    .severity(Severity::Warning)
}
