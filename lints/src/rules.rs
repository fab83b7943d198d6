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
    /// Files the rule's `paths` select that no module declaration reaches (not compiled, so
    /// not examined); left out of the JSON when zero.
    #[serde(skip_serializing_if = "is_zero")]
    pub unreachable: usize,
}

#[expect(clippy::trivially_copy_pass_by_ref, reason = "serde's skip_serializing_if passes a reference")]
fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Examined {
    /// Adds another count.
    pub fn add(&mut self, other: &Examined) {
        self.crates += other.crates;
        self.edges += other.edges;
        self.files += other.files;
        self.functions += other.functions;
        self.unreachable += other.unreachable;
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
    /// Packages a transitive walk could not go through (manifest fallback), for `resolve/partial`.
    pub not_evaluated: Vec<NotEvaluated>,
}

/// A transitive rule that stopped at a package whose dependencies are unknown.
#[derive(Clone, Debug)]
pub struct NotEvaluated {
    /// The rule id.
    pub rule: String,
    /// The unresolved package's node.
    pub node: usize,
    /// The chain from the member to it (node indices).
    pub path: Vec<usize>,
    /// Where the chain's first edge is declared.
    pub location: gate_core::finding::Location,
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
    /// Documentation generated from the code (default lists), appended to [`Rule::docs`].
    fn appendix(&self) -> String {
        String::new()
    }
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
    &crate::graph::partial::PartialRule,
];

/// Rule families that are not checks of their own but still produce findings: family, members
/// (empty: the family is the id), documentation (the same sections as a rule's, and its fix).
const META_RULES: &[(&str, &[&str], &str)] = &[
    ("scope", &["empty"], include_str!("docs/scope.md")),
    ("waiver", WAIVER_PROBLEMS, include_str!("docs/waiver.md")),
    ("claims", &["unbacked", "unknown", "unsupported", "orphan"], include_str!("docs/claims.md")),
];

/// How to fix a finding of each rule family whose documentation lives beside the rule: appended
/// to it as `## How to fix` (the meta families' pages carry their own).
const FIXES: &[(&str, &str)] = &[
    ("layer", include_str!("docs/fix/layer.md")),
    ("forbid", include_str!("docs/fix/forbid.md")),
    ("independent", include_str!("docs/fix/independent.md")),
    ("protect", include_str!("docs/fix/protect.md")),
    ("substrate", include_str!("docs/fix/substrate.md")),
    ("cx-first", include_str!("docs/fix/cx-first.md")),
    ("ambient", include_str!("docs/fix/ambient.md")),
    ("parse", include_str!("docs/fix/parse.md")),
];

/// The sections every family's documentation has, in order (`explain`, `docs/rules/`).
pub const DOC_SECTIONS: [&str; 5] = ["## What it does", "## Why", "## Example", "## Configuration", "## How to fix"];

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

/// The Markdown documentation of a rule id's family: what it does, why, an example, its
/// configuration and how to fix a finding. The text of `explain` and of `docs/rules/<family>.md`.
#[must_use]
pub fn docs_for(rule_id: &str) -> String {
    let family = rule_id.split('/').next().unwrap_or(rule_id);
    if let Some(rule) = rule_for(rule_id) {
        let docs = format!("{}{}", rule.docs(), rule.appendix());
        return match FIXES.iter().find(|(f, _)| *f == family) {
            Some((_, fix)) if !docs.contains("## How to fix") => {
                format!("{}\n\n## How to fix\n{fix}", docs.trim_end())
            }
            _ => docs,
        };
    }
    match META_RULES.iter().find(|(id, _, _)| *id == family) {
        Some((_, _, docs)) => (*docs).to_owned(),
        None => format!("# `{rule_id}`\n\nno rule of cargo-gate has this id\n"),
    }
}

/// The id pattern a family's findings carry, from its documentation's title (`forbid/<id>`,
/// `waiver/<problem>`, `layer`).
#[must_use]
pub fn id_pattern(family: &str) -> String {
    let docs = docs_for(family);
    let title = docs.lines().next().unwrap_or("").trim_start_matches('#').trim();
    title.trim_matches('`').to_owned()
}

/// A one-line description of a rule id: the first sentence of what its family does, up to a
/// colon that starts the details (and, for a long sentence, its first clause).
#[must_use]
pub fn summary_for(rule_id: &str) -> String {
    let docs = docs_for(rule_id);
    let body = docs.split("## What it does").nth(1).unwrap_or(&docs).trim();
    let mut sentence = body.replace('\n', " ");
    for end in [". ", ": ", "; "] {
        if let Some(i) = sentence.find(end) {
            sentence.truncate(i);
        }
    }
    // A long first sentence gives its first clause: the list `explain` prints stays one line a rule.
    if sentence.len() > 100 {
        if let Some(i) = sentence.find(", ") {
            sentence.truncate(i);
        }
    }
    let sentence = sentence.trim().trim_end_matches('.').to_owned();
    // Lowercase, as every message of the gate: `Checks the direction …` → `checks the direction …`.
    let mut chars = sentence.chars();
    chars.next().map(|c| c.to_lowercase().collect::<String>() + chars.as_str()).unwrap_or_default()
}
