//! The pre-merge GitHub Actions workflow `init --ci github` writes to `.github/workflows/gate.yml`
//! at the repository root: on a pull request, `check --base` annotates the lines it changed; on
//! a push, the whole workspace is checked; the SARIF log goes to code scanning either way.
//! cargo-gate is installed from its git repository with `--locked`: a source that exists.

/// Where cargo-gate is installed from: the `repository` of its manifest.
pub const INSTALL_FROM: &str = env!("CARGO_PKG_REPOSITORY");

/// The workflow for a workspace whose root manifest is `manifest` (repo-relative; `Cargo.toml`
/// when the workspace is the repository root).
#[must_use]
pub fn render(manifest: &str) -> String {
    let manifest_arg =
        if manifest == "Cargo.toml" { String::new() } else { format!(" --manifest-path {}", yaml_plain(manifest)) };
    TEMPLATE.replace("{INSTALL_FROM}", INSTALL_FROM).replace("{MANIFEST}", &manifest_arg)
}

/// A path as a YAML plain scalar inside a `run:` line, quoted for the shell when it needs to be.
fn yaml_plain(path: &str) -> String {
    if path.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'.' | b'-' | b'_')) {
        path.to_owned()
    } else {
        format!("'{}'", path.replace('\'', r"'\''"))
    }
}

const TEMPLATE: &str = r#"# Pre-merge gate, written by `cargo gate init --ci github`.
# On a pull request: `check --base` reports only what the pull request adds, as annotations on the
# lines it changed. On a push: the whole workspace. Both upload SARIF to code scanning.
name: gate
on:
  pull_request:
  push:
    branches: [main]           # your default branch

jobs:
  gate:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      security-events: write   # the SARIF upload
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0       # --base needs the merge-base of the pull request and its target
      - uses: dtolnay/rust-toolchain@stable
      - name: Install cargo-gate
        run: cargo install --locked --git {INSTALL_FROM} cargo-gate
      - name: cargo gate check --base (annotations on the changed lines)
        if: github.event_name == 'pull_request'
        run: cargo gate check{MANIFEST} --base "${{ github.event.pull_request.base.sha }}" --format github
      - name: cargo gate check (annotations)
        if: github.event_name != 'pull_request'
        run: cargo gate check{MANIFEST} --format github
      - name: cargo gate check (SARIF for code scanning)
        if: always()
        # Exit 1 (findings) still uploads; exit 2 (unusable input) fails the step.
        run: cargo gate check{MANIFEST} --format sarif --output gate.sarif || [ $? -eq 1 ]
      - uses: github/codeql-action/upload-sarif@v3
        if: always() && hashFiles('gate.sarif') != ''
        with:
          sarif_file: gate.sarif
          category: cargo-gate
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn installs_from_the_repository_and_checks_the_workspace_it_was_written_for() {
        let root = render("Cargo.toml");
        assert!(root.contains("cargo install --locked --git https://"), "{root}");
        assert!(root.contains("run: cargo gate check --base \"${{ github.event.pull_request.base.sha }}\""));
        let sub = render("rust/my ws/Cargo.toml");
        assert!(sub.contains("cargo gate check --manifest-path 'rust/my ws/Cargo.toml' --format github"), "{sub}");
        assert!(!sub.contains("{MANIFEST}") && !sub.contains("{INSTALL_FROM}"));
    }

    #[test]
    fn the_repository_template_is_what_init_writes() {
        let template = include_str!("../../../.github/workflows/gate.yml");
        assert_eq!(template, render("Cargo.toml"), ".github/workflows/gate.yml drifted from `init --ci github`");
    }
}
