//! Claims (PRODUCT.md §7): every sentence of the docs that makes a claim must be tied to a
//! registered claim (`claims/*.toml`), and every registered claim must be backed by recorded,
//! intact, fresh evidence.
//!
//! The pipeline: read the claims → scan the documents (Markdown → blocks → sentences → claim
//! words and references) → tie sentences to claims → compile the claims into evaluated
//! requirements → findings, levels, fingerprints → a [`ClaimsReport`]. It never runs cargo.

mod compile;
mod docs;
mod findings;
mod judge;
mod judge_attestation;
mod judge_profile;
mod link;
mod model;
mod parse;
mod report;
mod requirement;
mod scan;
mod scan_lexicon;
mod scan_refs;
mod scan_sentences;
#[cfg(test)]
mod scan_tests;

use std::cell::OnceCell;
use std::collections::BTreeMap;

use camino::{Utf8Path, Utf8PathBuf};
use gate_core::config::{did_you_mean, ConfigError};
use gate_core::decide::{fingerprint, Levels};
use gate_core::policy::Policy;
use gate_core::time::Instant;
use lints::rules::Registry;

pub use compile::EVIDENCE_LIMIT;
pub use docs::{DEFAULT_SCAN, MAX_MARKDOWN};
pub use model::{Claim, EvidenceKind, EvidenceSpec, ProfileRequire};
pub use parse::{load_claims, parse_claim};
pub use report::{ClaimsReport, FlaggedSentence, SentenceStatus, Summary};
pub use requirement::{CompiledClaim, Evaluated, EvidenceFile, Status};
pub use scan::BlockKind;
pub use scan_lexicon::Lexicon;

use crate::check::Verdict;
use crate::evidence::{Manifest, Repo};
use crate::Error;
use docs::Doc;
use link::Links;

/// What the user asked of `claims`.
#[derive(Clone, Debug)]
pub struct ClaimsOptions {
    /// Scan only these files (absolute paths inside the workspace); the scan globs when empty.
    pub files: Vec<Utf8PathBuf>,
    /// The instant evidence age is measured at.
    pub now: Instant,
}

/// Opens the workspace around `start` and reads its policy, without running cargo.
///
/// # Errors
/// No workspace, or an invalid policy.
pub fn open(start: &Utf8Path) -> Result<(Repo, Policy), Error> {
    let repo = Repo::open(start)?;
    let policy = gate_core::policy::load_policy(&repo.root, &repo.policies, &Registry)?;
    Ok((repo, policy))
}

/// Scans the documents and compiles the claims.
///
/// # Errors
/// Invalid claims, lexicon, manifest or profiles; a document that cannot be scanned; a named
/// file outside the workspace.
pub fn claims(repo: &Repo, policy: &Policy, options: &ClaimsOptions) -> Result<ClaimsReport, Error> {
    let lexicon = lexicon(repo, policy)?;
    let claims = load_claims(repo, policy)?;
    let every_file = options.files.is_empty();
    let files = if every_file { docs::scan_targets(repo, policy)? } else { relative_files(repo, &options.files)? };
    let docs = read_docs(repo, &files, &lexicon)?;
    let links = link::link(&docs, &claims);
    let manifest = Manifest::load(repo)?;
    let cx = compile::Context { repo, manifest: &manifest, policy, now: options.now, profiles: OnceCell::default() };
    let mut compiled = BTreeMap::new();
    for claim in claims.iter().filter(|c| every_file || links.mentions(&c.id)) {
        compiled.insert(claim.id.clone(), compile::compile(&cx, claim)?);
    }
    let levels = Levels::new(policy.levels.clone(), Vec::new(), false);
    let mut findings = levels.apply(findings::findings(&docs, &claims, &links, &compiled, every_file));
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let texts: BTreeMap<&Utf8Path, &gate_core::text::SourceFile> =
        docs.iter().map(|d| (d.file.name.as_path(), &d.file)).collect();
    fingerprint(&mut findings, |f| {
        texts.get(f.location.file.as_path()).map(|file| file.line_text(f.location.start.line).to_owned())
    });
    let mut notes = Vec::new();
    if every_file && files.is_empty() {
        notes.push("no document matched `[claims] scan`: no sentence was checked".to_owned());
    }
    let mut report = ClaimsReport {
        verdict: Verdict::Pass,
        findings,
        sentences: flagged(&docs, &links, &compiled),
        claims: compiled.into_values().collect(),
        files,
        summary: Summary { sentences: docs.iter().map(|d| d.sentences.len()).sum(), ..Summary::default() },
        notes,
        root: repo.root.clone(),
        elapsed_secs: 0.0,
    };
    report.summary.flagged = docs.iter().flat_map(|d| &d.sentences).filter(|s| !s.triggers.is_empty()).count();
    report.finish();
    Ok(report)
}

/// Compiles one claim, for `claims --explain ID`.
///
/// # Errors
/// No claim has the id, or the claims, manifest or profiles are invalid.
pub fn explain(repo: &Repo, policy: &Policy, id: &str, now: Instant) -> Result<CompiledClaim, Error> {
    let claims = load_claims(repo, policy)?;
    let Some(claim) = claims.iter().find(|c| c.id == id) else {
        let ids = claims.iter().map(|c| c.id.as_str());
        let hint = match did_you_mean(id, ids.clone()) {
            Some(close) => format!("did you mean `{close}`?"),
            None if claims.is_empty() => format!("there are no claims in {}/", repo.claims),
            None => format!("claims: {}", ids.collect::<Vec<_>>().join(", ")),
        };
        return Err(Error::Usage(format!("no claim `{id}` in {}/ ({hint})", repo.claims)));
    };
    let manifest = Manifest::load(repo)?;
    let cx = compile::Context { repo, manifest: &manifest, policy, now, profiles: OnceCell::default() };
    compile::compile(&cx, claim)
}

/// Every sentence of a Markdown text with its claim words under the built-in lexicon: the
/// scanner alone, for fuzzing and for tools.
///
/// # Errors
/// Nesting too deep to scan, located.
pub fn sentences_of(name: &str, text: &str) -> Result<Vec<(String, Vec<String>)>, ConfigError> {
    let lexicon =
        Lexicon::new(&[], &[]).map_err(|_| ConfigError::whole_file(name, "the built-in lexicon is invalid"))?;
    let doc = docs::parse_doc(gate_core::text::SourceFile::new(name, text), &lexicon)?;
    Ok(doc.sentences.iter().map(|s| (doc.text(s), s.triggers.clone())).collect())
}

/// The lexicon of the policy; a `remove` naming no entry is an error located in the policy.
fn lexicon(repo: &Repo, policy: &Policy) -> Result<Lexicon, Error> {
    let claims = &policy.claims;
    Lexicon::new(&claims.lexicon_extra, &claims.lexicon_remove).map_err(|problems| {
        let errors =
            problems.into_iter().map(|(word, message)| locate_in_policy(repo, policy, &word, message)).collect();
        Error::Config(errors)
    })
}

/// An error about `word` of `[claims] lexicon`, at the policy line that writes it.
fn locate_in_policy(repo: &Repo, policy: &Policy, word: &str, message: String) -> ConfigError {
    let quoted = format!("\"{word}\"");
    for file in &policy.files {
        let Ok(text) = gate_core::fsio::read_text_inside(&repo.root, file, gate_core::fsio::GATE_FILE_LIMIT) else {
            continue;
        };
        let in_claims = text.contains("lexicon");
        if let Some(line) = text.lines().position(|l| in_claims && l.contains(&quoted)) {
            return ConfigError::at_line(file.clone(), line + 1, message);
        }
    }
    ConfigError::whole_file(policy.files.first().cloned().unwrap_or_else(|| repo.policies.clone()), message)
}

/// Named files as workspace-relative paths.
fn relative_files(repo: &Repo, files: &[Utf8PathBuf]) -> Result<Vec<Utf8PathBuf>, Error> {
    let mut out = Vec::new();
    for file in files {
        let resolved = std::fs::canonicalize(file)
            .ok()
            .and_then(|p| Utf8PathBuf::from_path_buf(p).ok())
            .ok_or_else(|| Error::Usage(format!("cannot scan {file}: no such file")))?;
        let rel = resolved
            .strip_prefix(&repo.root)
            .map_err(|_| Error::Usage(format!("cannot scan {file}: it is outside the workspace {}", repo.root)))?;
        out.push(rel.to_owned());
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn read_docs(repo: &Repo, files: &[Utf8PathBuf], lexicon: &Lexicon) -> Result<Vec<Doc>, Error> {
    let mut docs = Vec::new();
    let mut errors = Vec::new();
    for file in files {
        match docs::read_doc(repo, file, lexicon) {
            Ok(doc) => docs.push(doc),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(docs)
    } else {
        Err(Error::Config(errors))
    }
}

/// Every sentence with claim language or tied to a claim, in file order.
fn flagged(docs: &[Doc], links: &Links, compiled: &BTreeMap<String, CompiledClaim>) -> Vec<FlaggedSentence> {
    let mut out = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        for (s, sentence) in doc.sentences.iter().enumerate() {
            let tied: Vec<String> = links.tied.get(&(d, s)).map(|t| t.iter().cloned().collect()).unwrap_or_default();
            let anchored = links.anchors.values().any(|a| a.contains(&(d, s)));
            if sentence.triggers.is_empty() && !anchored {
                continue;
            }
            let status = if !tied.is_empty() {
                let backed = tied.iter().all(|id| compiled.get(id).is_some_and(|c| c.backed));
                if backed {
                    SentenceStatus::Backed
                } else {
                    SentenceStatus::Unsupported
                }
            } else if links.referencing.contains(&(d, s)) {
                SentenceStatus::Unknown
            } else {
                SentenceStatus::Unbacked
            };
            let location = findings::sentence_location(doc, s);
            out.push(FlaggedSentence {
                file: location.file,
                line: location.start.line,
                column: location.start.column,
                end_line: location.end.line,
                end_column: location.end.column,
                block: doc.blocks[sentence.block].kind,
                text: doc.text(sentence),
                triggers: sentence.triggers.clone(),
                claims: tied,
                status,
            });
        }
    }
    out
}
