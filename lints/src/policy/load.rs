//! Finding, reading and merging the policy files.

use std::collections::BTreeMap;

use camino::Utf8Path;

use super::model::{Origin, Policy};
use super::sections;
use crate::config::{read_source, toml_files_in, ConfigDoc, ConfigError, Spanned, TableReader};
use crate::text::SourceFile;

/// Rule families a level, waiver or `-A/-W/-D` flag may name.
pub const KNOWN_RULE_FAMILIES: &[&str] = &[
    "layer",
    "forbid",
    "independent",
    "protect",
    "substrate",
    "cx-first",
    "ambient",
    "waiver",
    "parse",
    "scope",
    "resolve",
    "claims",
];

/// The only policy schema this version understands.
const SCHEMA: i64 = 1;

/// Reads every `*.toml` file directly in `dir` (workspace-relative name `dir_name`), in name
/// order, and merges them. A missing directory is an empty policy.
///
/// # Errors
/// The first unreadable, invalid or conflicting file, located.
pub fn load_policy(root: &Utf8Path, dir_name: &Utf8Path) -> Result<Policy, ConfigError> {
    let files = toml_files_in(root, dir_name)?;
    let sources = files.iter().map(|name| read_source(root, name)).collect::<Result<Vec<_>, _>>()?;
    parse_policy_files(sources)
}

/// Parses and merges policy files given with their text.
///
/// # Errors
/// The first invalid or conflicting file, located.
pub fn parse_policy_files(sources: Vec<SourceFile>) -> Result<Policy, ConfigError> {
    use sha2::{Digest as _, Sha256};
    let mut merger = Merger::default();
    let mut digest = Sha256::new();
    for source in &sources {
        for part in [source.name.as_str().as_bytes(), source.text.as_bytes()] {
            digest.update(part);
            digest.update([0]);
        }
    }
    merger.policy.digest = crate::text::hex(&digest.finalize());
    for source in sources {
        merger.policy.files.push(source.name.clone());
        if source.text.trim().is_empty() {
            return Err(ConfigError::whole_file(&source.name, "the policy file is empty")
                .with_help("start it with `[gate]` and `schema = 1`, or delete it"));
        }
        let doc = ConfigDoc::parse(source)?;
        merger.add(&doc)?;
    }
    Ok(merger.policy)
}

/// Accumulates policy files, rejecting ids and sections defined twice.
#[derive(Default)]
struct Merger {
    policy: Policy,
    seen: BTreeMap<(&'static str, String), Origin>,
}

impl Merger {
    fn add(&mut self, doc: &ConfigDoc) -> Result<(), ConfigError> {
        let mut root = doc.root();
        check_schema(&mut root)?;
        let p = &mut self.policy;
        let before =
            (p.layers.len(), p.forbids.len(), p.independents.len(), p.protects.len(), p.substrates.len(), p.keys.len());
        sections::read_graph_sections(&mut root, p)?;
        sections::read_source_sections(&mut root, p, &mut self.seen)?;
        sections::read_gate_sections(&mut root, p, &mut self.seen)?;
        root.finish()?;
        self.check_unique_ids(doc, before)
    }

    /// Ids must be unique across every file: a later file cannot silently redefine a rule.
    fn check_unique_ids(
        &mut self,
        doc: &ConfigDoc,
        before: (usize, usize, usize, usize, usize, usize),
    ) -> Result<(), ConfigError> {
        let p = &self.policy;
        let new_ids: Vec<(&'static str, &str, &Origin)> = std::iter::empty()
            .chain(p.layers[before.0..].iter().map(|x| ("layer", x.name.as_str(), &x.origin)))
            .chain(p.forbids[before.1..].iter().map(|x| ("forbid", x.id.as_str(), &x.origin)))
            .chain(p.independents[before.2..].iter().map(|x| ("independent", x.id.as_str(), &x.origin)))
            .chain(p.protects[before.3..].iter().map(|x| ("protect", x.id.as_str(), &x.origin)))
            .chain(p.substrates[before.4..].iter().map(|x| ("substrate", x.id.as_str(), &x.origin)))
            .chain(p.keys[before.5..].iter().map(|x| ("key", x.id.as_str(), &x.origin)))
            .collect();
        for (kind, id, origin) in new_ids {
            if let Some(first) = self.seen.get(&(kind, id.to_owned())) {
                let offset = doc.file.offset(crate::text::Position { line: origin.line, column: 1 });
                let line_len = doc.file.line_text(origin.line).len();
                return Err(ConfigError::at(
                    &doc.file,
                    offset..offset + line_len,
                    format!("duplicate {kind} id `{id}`"),
                )
                .with_help(format!(
                    "`{id}` is already defined at {first}; ids must be unique across all policy files"
                )));
            }
            self.seen.insert((kind, id.to_owned()), origin.clone());
        }
        Ok(())
    }
}

fn check_schema(root: &mut TableReader<'_>) -> Result<(), ConfigError> {
    let file = root.file();
    let Some(mut gate) = root.table("gate")? else {
        return Err(ConfigError::at(file, 0..0, "the policy file has no `[gate]` table")
            .with_help("every policy file starts with `[gate]` and `schema = 1`"));
    };
    let schema: Option<Spanned<i64>> = gate.integer("schema")?;
    match schema {
        None => return Err(gate.error(gate.span(), "`[gate]` is missing `schema`").with_help("add `schema = 1`")),
        Some(s) if s.value != SCHEMA => {
            return Err(gate.error(s.span, format!("unknown policy schema {}", s.value)).with_help(format!(
                "this version of cargo-gate understands schema {SCHEMA}; upgrade cargo-gate or fix the number"
            )))
        }
        Some(_) => {}
    }
    gate.finish()
}
