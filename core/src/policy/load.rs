//! Finding, reading and merging the policy files.

use camino::Utf8Path;

use super::fields::Seen;
use super::gate_sections::{self, WrittenRuleId};
use super::keys::check_keys;
use super::model::{Origin, Policy};
use super::rule_ids::{check_rule_id, IdUse, RuleIds};
use super::{graph_sections, source_sections};
use crate::config::{read_source, toml_files_in, ConfigDoc, ConfigError, Spanned, TableReader};
use crate::text::SourceFile;

/// The only policy schema this version understands.
const SCHEMA: i64 = 1;

/// Reads every `*.toml` file directly in `dir` (workspace-relative name `dir_name`), in name
/// order, merges them and validates the result, rule ids against `ids`. A missing directory is an
/// empty policy.
///
/// # Errors
/// Every problem found in every file, located.
pub fn load_policy(root: &Utf8Path, dir_name: &Utf8Path, ids: &dyn RuleIds) -> Result<Policy, Vec<ConfigError>> {
    let files = toml_files_in(root, dir_name).map_err(|e| vec![e])?;
    let mut errors = Vec::new();
    let sources: Vec<SourceFile> =
        files.iter().filter_map(|name| read_source(root, name).map_err(|e| errors.push(e)).ok()).collect();
    match parse_policy_files(sources, ids) {
        Ok(policy) if errors.is_empty() => Ok(policy),
        Ok(_) => Err(errors),
        Err(more) => {
            errors.extend(more);
            Err(errors)
        }
    }
}

/// Parses, merges and validates policy files given with their text.
///
/// # Errors
/// Every problem found, located.
pub fn parse_policy_files(sources: Vec<SourceFile>, ids: &dyn RuleIds) -> Result<Policy, Vec<ConfigError>> {
    let mut merger = Merger::default();
    merger.policy.layers_dev = true;
    merger.policy.digest = digest(&sources);
    for source in sources {
        merger.policy.files.push(source.name.clone());
        if source.text.trim().is_empty() {
            merger.errors.push(
                ConfigError::whole_file(&source.name, "the policy file is empty")
                    .with_help("start it with `[gate]` and `schema = 1`, or delete it"),
            );
            continue;
        }
        match ConfigDoc::parse(source) {
            Ok(doc) => merger.add(&doc),
            Err(e) => merger.errors.push(e),
        }
    }
    merger.finish(ids)
}

/// SHA-256 (hex) over every file's name and text: what caches are keyed by.
fn digest(sources: &[SourceFile]) -> String {
    use sha2::{Digest as _, Sha256};
    let mut digest = Sha256::new();
    for source in sources {
        for part in [source.name.as_str().as_bytes(), source.text.as_bytes()] {
            digest.update(part);
            digest.update([0]);
        }
    }
    crate::text::hex(&digest.finalize())
}

/// Accumulates policy files, rejecting ids and sections defined twice, and every error.
#[derive(Default)]
struct Merger {
    policy: Policy,
    seen: Seen,
    written: Vec<WrittenRuleId>,
    errors: Vec<ConfigError>,
}

impl Merger {
    fn add(&mut self, doc: &ConfigDoc) {
        let mut root = doc.root();
        if let Err(e) = check_schema(&mut root) {
            // A file of another schema may mean anything: reading on would only add noise.
            self.errors.push(e);
            return;
        }
        let p = &mut self.policy;
        let before =
            (p.layers.len(), p.forbids.len(), p.independents.len(), p.protects.len(), p.substrates.len(), p.keys.len());
        graph_sections::read(&mut root, p, &mut self.errors);
        source_sections::read(&mut root, p, &mut self.seen, &mut self.errors);
        gate_sections::read(&mut root, p, &mut self.seen, &mut self.written, &mut self.errors);
        if let Err(e) = root.finish() {
            self.errors.push(e);
        }
        if let Err(e) = self.check_unique_ids(doc, before) {
            self.errors.push(e);
        }
    }

    /// Checks what needs every file: rule ids in `[levels]` and the keys.
    fn finish(mut self, ids: &dyn RuleIds) -> Result<Policy, Vec<ConfigError>> {
        for w in &self.written {
            if let Err(e) = check_rule_id(&w.pattern, IdUse::Level, ids, &self.policy) {
                self.errors.push(ConfigError::at(&w.file, w.span.clone(), e.message).with_help(e.help));
            }
        }
        self.errors.extend(check_keys(&self.policy));
        if self.errors.is_empty() {
            Ok(self.policy)
        } else {
            Err(self.errors)
        }
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
