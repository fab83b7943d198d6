//! The rule registry: a small trait and a plain list, no macros.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::finding::{Finding, Level};
use crate::policy::Policy;
use crate::workspace::Workspace;

/// What a rule sees.
pub struct Context<'a> {
    /// The workspace.
    pub ws: &'a Workspace,
    /// The policy.
    pub policy: &'a Policy,
    /// Members to check (`-p`); every member when empty.
    pub packages: &'a [String],
    /// The analysed source files, when a source rule is configured.
    pub source: Option<&'a crate::source::SourceIndex>,
}

impl Context<'_> {
    /// Whether the member named `name` is selected for checking.
    #[must_use]
    pub fn selected(&self, name: &str) -> bool {
        self.packages.is_empty() || self.packages.iter().any(|p| p == name)
    }
}

/// How much a rule looked at: a gate that checked nothing must not look like one that found
/// nothing (PRODUCT.md §4).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Examined {
    /// Crates whose dependencies or files were checked.
    pub crates: usize,
    /// Dependency edges followed.
    pub edges: usize,
    /// Source files parsed.
    pub files: usize,
    /// Functions examined.
    pub functions: usize,
}

impl Examined {
    /// Adds another count.
    pub fn add(&mut self, other: &Examined) {
        self.crates += other.crates;
        self.edges += other.edges;
        self.files += other.files;
        self.functions += other.functions;
    }
}

/// What a rule returns.
#[derive(Debug, Default)]
pub struct RuleOutput {
    /// Findings, with the rule's default severity.
    pub findings: Vec<Finding>,
    /// How much it examined, per rule id (`forbid/x`, …).
    pub examined: BTreeMap<String, Examined>,
    /// Informational notes shown with `-v` (e.g. members in no layer).
    pub notes: Vec<String>,
}

/// A family of checks (`forbid` covers every `forbid/<id>`).
pub trait Rule: Sync {
    /// The family name: the rule id, or its prefix before `/`.
    fn family(&self) -> &'static str;
    /// Level when neither `[levels]` nor a flag says otherwise.
    fn default_level(&self) -> Level {
        Level::Deny
    }
    /// Markdown documentation: what it does, why, an example, configuration.
    fn docs(&self) -> &'static str;
    /// Whether the policy configures this rule at all.
    fn enabled(&self, policy: &Policy) -> bool;
    /// Runs the rule.
    fn check(&self, cx: &Context<'_>) -> RuleOutput;
}

/// Every rule, in the order they run.
pub const RULES: &[&dyn Rule] = &[
    &crate::graph::layer::LayerRule,
    &crate::graph::forbid::ForbidRule,
    &crate::graph::independent::IndependentRule,
    &crate::graph::protect::ProtectRule,
    &crate::graph::substrate::SubstrateRule,
    &crate::source::cx_first::CxFirstRule,
    &crate::source::ambient::AmbientRule,
    &crate::source::parse::ParseRule,
];

/// Rule families that are not checks of their own but still produce findings.
const META_RULES: &[(&str, &str)] = &[
    ("scope/empty", "a rule selects nothing, so it checks nothing"),
    ("resolve/partial", "cargo could not resolve the workspace; some rules ran on the manifests alone"),
    ("waiver", "a waiver is invalid, unsigned, expired, unused or otherwise not acceptable"),
    ("claims", "a claim in the docs is not backed by evidence"),
];

/// The registered rule whose family `rule_id` belongs to.
#[must_use]
pub fn rule_for(rule_id: &str) -> Option<&'static dyn Rule> {
    let family = rule_id.split('/').next().unwrap_or(rule_id);
    RULES.iter().copied().find(|r| r.family() == family)
}

/// The Markdown documentation of a rule id.
#[must_use]
pub fn docs_for(rule_id: &str) -> String {
    match rule_for(rule_id) {
        Some(rule) => rule.docs().to_owned(),
        None => format!("# `{rule_id}`\n\n{}\n", summary_for(rule_id)),
    }
}

/// A one-line description of a rule id.
#[must_use]
pub fn summary_for(rule_id: &str) -> String {
    if let Some(rule) = rule_for(rule_id) {
        let docs = rule.docs();
        let body = docs.split("## What it does").nth(1).unwrap_or(docs);
        let first = body.trim().split(". ").next().unwrap_or("").replace('\n', " ");
        return first.trim_end_matches('.').to_owned();
    }
    let family = rule_id.split('/').next().unwrap_or(rule_id);
    META_RULES
        .iter()
        .find(|(id, _)| *id == rule_id || *id == family)
        .map_or_else(|| format!("cargo-gate rule `{rule_id}`"), |(_, s)| (*s).to_owned())
}
