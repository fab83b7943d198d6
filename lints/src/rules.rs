//! The rule registry: a small trait and a plain list, no macros.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::workspace::Workspace;
use gate_core::finding::{Finding, Level};
use gate_core::policy::Policy;

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
    pub(crate) fn selected(&self, name: &str) -> bool {
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
    /// Every rule id of the family under `policy` (`forbid/<id>` for each `[[forbid]]`, …).
    fn ids(&self, _policy: &Policy) -> Vec<String> {
        vec![self.family().to_owned()]
    }
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

/// Rule families that are not checks of their own but still produce findings: family, members
/// (empty: the family is the id), summary.
const META_RULES: &[(&str, &[&str], &str)] = &[
    ("scope", &["empty"], "a rule selects nothing, so it checks nothing"),
    ("resolve", &["partial"], "cargo could not resolve the workspace; some rules ran on the manifests alone"),
    ("waiver", WAIVER_PROBLEMS, "a waiver is invalid, unsigned, expired, unused or otherwise not acceptable"),
    ("claims", &["unbacked", "unknown", "unsupported", "orphan"], "a claim in the docs is not backed by evidence"),
];

/// Every `waiver/<problem>` (PRODUCT.md §5).
pub const WAIVER_PROBLEMS: &[&str] = &[
    "expired",
    "not-yet-valid",
    "too-long",
    "unsigned",
    "insufficient-signatures",
    "bad-signature",
    "untrusted-key",
    "wrong-role",
    "key-expired",
    "invalid",
    "duplicate-id",
    "expiring",
    "unused",
];

/// The registry: the one source of rule ids for `[levels]`, `-A/-W/-D`, waivers, `explain` and
/// the docs.
pub struct Registry;

impl gate_core::policy::RuleIds for Registry {
    fn families(&self) -> Vec<&'static str> {
        RULES.iter().map(|r| r.family()).chain(META_RULES.iter().map(|(family, _, _)| *family)).collect()
    }

    fn ids(&self, policy: &Policy) -> Vec<String> {
        let meta = META_RULES.iter().flat_map(|(family, members, _)| {
            members.iter().map(move |m| if m.is_empty() { (*family).to_owned() } else { format!("{family}/{m}") })
        });
        RULES.iter().flat_map(|r| r.ids(policy)).chain(meta).collect()
    }
}

/// Every family with its one-line summary, in registry order (for `explain` with no argument).
#[must_use]
pub fn families() -> Vec<(&'static str, String)> {
    use gate_core::policy::RuleIds as _;
    Registry.families().into_iter().map(|f| (f, summary_for(f))).collect()
}

/// The registered rule whose family `rule_id` belongs to.
#[must_use]
pub(crate) fn rule_for(rule_id: &str) -> Option<&'static dyn Rule> {
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
        .find(|(id, _, _)| *id == family)
        .map_or_else(|| format!("cargo-gate rule `{rule_id}`"), |(_, _, s)| (*s).to_owned())
}
