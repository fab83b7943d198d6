//! `cargo gate init`: adopt the gate on a workspace (PRODUCT.md §4 "Adopting the gate").
//!
//! Writes `policies/gate.toml` where there is no policy (layers proposed from today's graph, every
//! other section commented out), with `--ci github` the pre-merge workflow at the repository root,
//! and with `--baseline` one waiver per (rule, crate, file) for today's findings. It never
//! overwrites: every file it would write is checked first, and if one exists nothing is written.

mod baseline;
mod layers;
mod policy_text;
mod workflow;

pub use baseline::{literal_glob, Baseline, BaselineOptions, BaselineWaiver, RATIONALE, RISK};
pub use layers::{propose, ProposedLayer};
pub use workflow::INSTALL_FROM;

use camino::{Utf8Path, Utf8PathBuf};
use gate_core::fsio::write_atomic;
use gate_core::policy::parse_policy_files;
use gate_core::text::SourceFile;
use gate_core::time::Date;
use lints::rules::Registry;
use serde::Serialize;

use crate::load::Loaded;
use crate::Error;

/// What the user asked of `init`.
#[derive(Clone, Debug, Default)]
pub struct InitOptions {
    /// `--ci github`: also write `.github/workflows/gate.yml`.
    pub ci_github: bool,
    /// `--baseline`: waive today's findings.
    pub baseline: Option<BaselineOptions>,
}

/// What `init` wrote.
#[derive(Clone, Debug, Serialize)]
pub struct InitReport {
    /// The policy file written, workspace-relative (none when the workspace already had one).
    pub policy: Option<Utf8PathBuf>,
    /// The proposed layers (empty when the policy was kept).
    pub layers: Vec<LayerReport>,
    /// The policy files kept as they were.
    pub kept_policy: Vec<Utf8PathBuf>,
    /// The workflow written, relative to the repository root.
    pub workflow: Option<Utf8PathBuf>,
    /// The baseline waivers written.
    pub baseline: Option<Baseline>,
}

/// A proposed layer, for the report.
#[derive(Clone, Debug, Serialize)]
pub struct LayerReport {
    /// Its name.
    pub name: String,
    /// Its crates.
    pub crates: Vec<String>,
}

/// A file to write: where (absolute), how it is named in messages, its text.
struct Planned {
    path: Utf8PathBuf,
    shown: Utf8PathBuf,
    text: String,
}

/// Runs `init` on a loaded workspace as of `today`.
///
/// # Errors
/// A file it would write exists (nothing is written), a baseline option is unusable, or a file
/// cannot be written.
pub fn init(loaded: Loaded, options: &InitOptions, today: Date) -> Result<InitReport, Error> {
    let Loaded { ws, policy } = loaded;
    let mut planned = Vec::new();
    let mut report =
        InitReport { policy: None, layers: Vec::new(), kept_policy: Vec::new(), workflow: None, baseline: None };
    let policy = if policy.files.is_empty() {
        let proposal = propose(&ws);
        let file = ws.layout.policies.join("gate.toml");
        let text = policy_text::render(&proposal);
        let parsed = parse_policy_files(vec![SourceFile::new(file.clone(), text.clone())], &Registry)?;
        planned.push(Planned { path: ws.root.join(&file), shown: file.clone(), text });
        report.policy = Some(file);
        report.layers = proposal.into_iter().map(|l| LayerReport { name: l.name, crates: l.crates }).collect();
        parsed
    } else if options.ci_github || options.baseline.is_some() {
        report.kept_policy.clone_from(&policy.files);
        policy
    } else {
        let file = policy.files.first().cloned().unwrap_or_default();
        return Err(refusal(&file, "the workspace already has a policy"));
    };
    if options.ci_github {
        let repo = gate_core::fsio::repo_root(&ws.root);
        let prefix = ws.root.strip_prefix(&repo).unwrap_or(Utf8Path::new(""));
        let shown = Utf8PathBuf::from(".github/workflows/gate.yml");
        let text = workflow::render(prefix.join("Cargo.toml").as_str());
        planned.push(Planned { path: repo.join(&shown), shown: shown.clone(), text });
        report.workflow = Some(shown);
    }
    let loaded = Loaded { ws, policy };
    if let Some(baseline) = &options.baseline {
        let plan = baseline::plan(&loaded, baseline, today)?;
        for w in &plan.waivers {
            planned.push(Planned { path: loaded.ws.root.join(&w.file), shown: w.file.clone(), text: w.text.clone() });
        }
        report.baseline = Some(plan);
    }
    if let Some(existing) = planned.iter().find(|p| p.path.symlink_metadata().is_ok()) {
        return Err(refusal(&existing.shown, "it exists"));
    }
    for file in &planned {
        if let Some(dir) = file.path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::Io(format!("cannot create {dir}: {e}")))?;
        }
        write_atomic(&file.path, file.text.as_bytes())?;
    }
    Ok(report)
}

fn refusal(file: &Utf8Path, why: &str) -> Error {
    Error::Usage(format!(
        "{file}: {why}, and `cargo gate init` never overwrites a file: nothing was written \
         (`init --baseline` waives today's findings under an existing policy; `init --ci github` adds the workflow)"
    ))
}
